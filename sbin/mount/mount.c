/*
 * mount(8): with no arguments, list the mounted file systems as FreeBSD
 * does (`tmpfs on /tmp (tmpfs, local)'); otherwise mount one:
 *	mount [-r] [-o option[,option...]] -t type special node
 * Options: ro/rdonly, rw, noexec, exec, nosuid, suid, sync, async.
 * special names the source; tmpfs and devfs have none, so it is only
 * checked to be there (FreeBSD's tmpfs takes anything, e.g. "tmpfs").
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* In FreeBSD's order, so a line reads the same there and here. */
static const struct {
	uint64_t	flag;
	const char	*name;
} optnames[] = {
	{ MNT_LOCAL,		"local" },
	{ MNT_NOEXEC,		"noexec" },
	{ MNT_NOSUID,		"nosuid" },
	{ MNT_RDONLY,		"read-only" },
	{ MNT_SYNCHRONOUS,	"synchronous" },
};

/* -o words: which flag, and whether the word sets or clears it. */
static const struct {
	const char	*word;
	int		flag;
	int		set;
} optwords[] = {
	{ "ro",		MNT_RDONLY,	1 },
	{ "rdonly",	MNT_RDONLY,	1 },
	{ "rw",		MNT_RDONLY,	0 },
	{ "noexec",	MNT_NOEXEC,	1 },
	{ "exec",	MNT_NOEXEC,	0 },
	{ "nosuid",	MNT_NOSUID,	1 },
	{ "suid",	MNT_NOSUID,	0 },
	{ "sync",	MNT_SYNCHRONOUS, 1 },
	{ "async",	MNT_SYNCHRONOUS, 0 },
};

static void
usage(void)
{
	fprintf(stderr, "usage: mount [-r] [-o options] -t type special "
	    "node\n       mount\n");
	exit(1);
}

static void
prmount(const struct statfs *sf)
{
	size_t i;

	printf("%s on %s (%s", sf->f_mntfromname, sf->f_mntonname,
	    sf->f_fstypename);
	for (i = 0; i < sizeof(optnames) / sizeof(optnames[0]); i++)
		if (sf->f_flags & optnames[i].flag)
			printf(", %s", optnames[i].name);
	if (sf->f_owner != 0)
		printf(", mounted by uid %u", (unsigned)sf->f_owner);
	printf(")\n");
}

static int
list(void)
{
	struct statfs *sf;
	int n, i;

	for (;;) {
		if ((n = getfsstat(NULL, 0, MNT_NOWAIT)) < 0)
			err(1, "getfsstat");
		if ((sf = calloc(n + 4, sizeof(*sf))) == NULL)
			err(1, NULL);
		i = getfsstat(sf, (long)(n + 4) * sizeof(*sf), MNT_NOWAIT);
		if (i < 0)
			err(1, "getfsstat");
		if (i < n + 4)
			break;
		free(sf);		/* it grew: ask again */
	}
	for (n = 0; n < i; n++)
		prmount(&sf[n]);
	free(sf);
	return (0);
}

static void
parseopts(char *s, int *flags)
{
	char *w;
	size_t i;

	while ((w = strsep(&s, ",")) != NULL) {
		if (*w == '\0')
			continue;
		for (i = 0; i < sizeof(optwords) / sizeof(optwords[0]); i++)
			if (strcmp(w, optwords[i].word) == 0)
				break;
		if (i == sizeof(optwords) / sizeof(optwords[0]))
			errx(1, "%s: unknown option", w);
		if (optwords[i].set)
			*flags |= optwords[i].flag;
		else
			*flags &= ~optwords[i].flag;
	}
}

int
main(int argc, char **argv)
{
	char node[PATH_MAX];
	const char *type = NULL;
	int ch, flags = 0;

	while ((ch = getopt(argc, argv, "o:rt:")) != -1) {
		switch (ch) {
		case 'o':
			parseopts(optarg, &flags);
			break;
		case 'r':
			flags |= MNT_RDONLY;
			break;
		case 't':
			type = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && type == NULL && flags == 0)
		return (list());
	if (argc != 2 || type == NULL)
		usage();
	/* The kernel records the name as given: make it absolute. */
	if (realpath(argv[1], node) == NULL)
		err(1, "%s", argv[1]);
	if (mount(type, node, flags, NULL) != 0)
		err(1, "%s", node);
	return (0);
}
