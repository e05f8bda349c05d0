/*
 * The ulimit built-in: the process's resource limits through
 * getrlimit(2)/setrlimit(2).  It must be built in, since a limit set in
 * a child would be lost with it; the shell's own limits are inherited by
 * every command it runs afterwards.
 *
 *	ulimit [-HS] [-a | -cdflmnstuv [value | unlimited]]
 *
 * Without -H or -S a new value sets both limits and the soft one is
 * printed.  Sizes are in the units FreeBSD's sh uses: 512-byte blocks
 * for file and core sizes (POSIX's unit for -f), kilobytes for memory.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

static const struct limit {
	const char	*name;		/* as -a prints it */
	const char	*units;
	int		res;		/* RLIMIT_* */
	rlim_t		factor;		/* bytes (or units) per unit shown */
	char		opt;
} limits[] = {
	{ "cpu time",		"seconds",	RLIMIT_CPU,	1,	't' },
	{ "file size",		"512-blocks",	RLIMIT_FSIZE,	512,	'f' },
	{ "data seg size",	"kbytes",	RLIMIT_DATA,	1024,	'd' },
	{ "stack size",		"kbytes",	RLIMIT_STACK,	1024,	's' },
	{ "core file size",	"512-blocks",	RLIMIT_CORE,	512,	'c' },
	{ "max memory size",	"kbytes",	RLIMIT_RSS,	1024,	'm' },
	{ "locked memory",	"kbytes",	RLIMIT_MEMLOCK,	1024,	'l' },
	{ "max user processes",	NULL,		RLIMIT_NPROC,	1,	'u' },
	{ "open files",		NULL,		RLIMIT_NOFILE,	1,	'n' },
	{ "virtual mem size",	"kbytes",	RLIMIT_AS,	1024,	'v' },
	{ NULL,			NULL,		0,		0,	0 }
};

static void
printlimit(rlim_t v, rlim_t factor)
{
	if (v == RLIM_INFINITY)
		printf("unlimited\n");
	else
		printf("%jd\n", (intmax_t)(v / factor));
}

/* A value in the limit's units: a decimal number or `unlimited'. */
static int
parselimit(const char *s, rlim_t factor, rlim_t *vp)
{
	uintmax_t v = 0;
	const char *p;

	if (strcmp(s, "unlimited") == 0) {
		*vp = RLIM_INFINITY;
		return (0);
	}
	if (*s == '\0')
		return (-1);
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return (-1);
		v = v * 10 + (uintmax_t)(*p - '0');
		if (v > (uintmax_t)RLIM_INFINITY / (uintmax_t)factor)
			return (-1);
	}
	*vp = (rlim_t)(v * (uintmax_t)factor);
	return (0);
}

int
b_ulimit(int argc, char **argv)
{
	const struct limit *l, *which = NULL;
	struct rlimit rl;
	rlim_t v;
	int i, j, hard = 0, soft = 0, all = 0;
	char ubuf[32];

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (j = 1; argv[i][j] != '\0'; j++) {
			switch (argv[i][j]) {
			case 'H':
				hard = 1;
				break;
			case 'S':
				soft = 1;
				break;
			case 'a':
				all = 1;
				break;
			default:
				for (l = limits; l->name != NULL; l++)
					if (l->opt == argv[i][j])
						break;
				if (l->name == NULL) {
					sh_warn("ulimit: Illegal option -%c",
					    argv[i][j]);
					sh_warn("usage: ulimit [-HSa] "
					    "[-cdflmnstuv] [limit]");
					return (2);
				}
				which = l;
			}
		}
	}
	if (all) {
		if (i < argc) {
			sh_warn("ulimit: too many arguments");
			return (2);
		}
		for (l = limits; l->name != NULL; l++) {
			if (getrlimit(l->res, &rl) < 0)
				continue;
			if (l->units != NULL)
				snprintf(ubuf, sizeof(ubuf), "(%s, -%c)",
				    l->units, l->opt);
			else
				snprintf(ubuf, sizeof(ubuf), "(-%c)", l->opt);
			printf("%-20s%18s  ", l->name, ubuf);
			printlimit(hard ? rl.rlim_max : rl.rlim_cur,
			    l->factor);
		}
		return (0);
	}
	if (which == NULL)
		which = &limits[1];		/* -f, as POSIX says */
	if (i + 1 < argc) {
		sh_warn("ulimit: too many arguments");
		return (2);
	}
	if (getrlimit(which->res, &rl) < 0) {
		sh_warn("ulimit: %s", strerror(errno));
		return (1);
	}
	if (i == argc) {
		printlimit(hard ? rl.rlim_max : rl.rlim_cur, which->factor);
		return (0);
	}
	if (parselimit(argv[i], which->factor, &v) < 0) {
		sh_warn("ulimit: bad limit: %s", argv[i]);
		return (1);
	}
	if (!hard && !soft)
		hard = soft = 1;
	if (hard)
		rl.rlim_max = v;
	if (soft)
		rl.rlim_cur = v;
	if (setrlimit(which->res, &rl) < 0) {
		sh_warn("ulimit: %s", strerror(errno));
		return (1);
	}
	return (0);
}
