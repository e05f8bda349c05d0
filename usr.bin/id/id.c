/*
 * id(1): print user and group ids.  -u, -g, -G select one part; -n
 * prints names instead of numbers; -r the real rather than effective id.
 */
#include <sys/types.h>
#include <err.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* lib/libc (gen/pwd.c); newlib's <grp.h> does not declare it. */
int	getgrouplist(const char *, gid_t, gid_t *, int *);

static const char *
uname_of(uid_t u)
{
	struct passwd *pw = getpwuid(u);

	return (pw != NULL ? pw->pw_name : NULL);
}

static const char *
gname_of(gid_t g)
{
	struct group *gr = getgrgid(g);

	return (gr != NULL ? gr->gr_name : NULL);
}

int
main(int argc, char **argv)
{
	int ch, uflag = 0, gflag = 0, Gflag = 0, nflag = 0, rflag = 0, i, j, ng;
	gid_t groups[64];
	uid_t uid, euid;
	gid_t gid, egid;
	const char *s;
	struct passwd *pw;

	while ((ch = getopt(argc, argv, "Ggnru")) != -1) {
		switch (ch) {
		case 'G': Gflag = 1; break;
		case 'g': gflag = 1; break;
		case 'n': nflag = 1; break;
		case 'r': rflag = 1; break;
		case 'u': uflag = 1; break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (uflag + gflag + Gflag > 1 || argc > 1)
		goto usage;
	uid = getuid();
	euid = geteuid();
	gid = getgid();
	egid = getegid();
	if (argc == 1) {
		if ((pw = getpwnam(argv[0])) == NULL)
			errx(1, "%s: no such user", argv[0]);
		uid = euid = pw->pw_uid;
		gid = egid = pw->pw_gid;
	}
	if (uflag || gflag) {
		unsigned int v = uflag ? (rflag ? uid : euid) :
		    (rflag ? gid : egid);

		s = nflag ? (uflag ? uname_of(v) : gname_of(v)) : NULL;
		if (s != NULL)
			printf("%s\n", s);
		else
			printf("%u\n", v);
		return (0);
	}
	if (argc == 1) {
		ng = 64;
		getgrouplist(argv[0], gid, groups, &ng);
	} else {
		/*
		 * getgroups gives the supplementary groups only: show the
		 * effective gid first, as getgrouplist does for a user.
		 */
		groups[0] = egid;
		ng = getgroups(63, groups + 1);
		if (ng < 0)
			ng = 0;
		for (i = 1, j = 1; i <= ng; i++)
			if (groups[i] != egid)
				groups[j++] = groups[i];
		ng = j;
	}
	if (Gflag) {
		for (i = 0; i < ng; i++) {
			s = nflag ? gname_of(groups[i]) : NULL;
			if (s != NULL)
				printf("%s%s", i ? " " : "", s);
			else
				printf("%s%u", i ? " " : "", (unsigned)groups[i]);
		}
		printf("\n");
		return (0);
	}
	printf("uid=%u", (unsigned)uid);
	if ((s = uname_of(uid)) != NULL)
		printf("(%s)", s);
	printf(" gid=%u", (unsigned)gid);
	if ((s = gname_of(gid)) != NULL)
		printf("(%s)", s);
	if (euid != uid) {
		printf(" euid=%u", (unsigned)euid);
		if ((s = uname_of(euid)) != NULL)
			printf("(%s)", s);
	}
	if (egid != gid) {
		printf(" egid=%u", (unsigned)egid);
		if ((s = gname_of(egid)) != NULL)
			printf("(%s)", s);
	}
	if (ng > 0) {
		printf(" groups=");
		for (i = 0; i < ng; i++) {
			printf("%s%u", i ? "," : "", (unsigned)groups[i]);
			if ((s = gname_of(groups[i])) != NULL)
				printf("(%s)", s);
		}
	}
	printf("\n");
	return (0);
usage:
	fprintf(stderr, "usage: id [user]\n       id -G [-n] [user]\n"
	    "       id -g [-nr] [user]\n       id -u [-nr] [user]\n");
	exit(1);
}
