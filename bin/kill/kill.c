/*
 * kill(1): send a signal to processes.
 *	kill [-s signal | -SIGNAL | -signum] pid ...
 *	kill -l [exit_status]
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = { "", "HUP", "INT", "QUIT", "ILL", "TRAP",
	"ABRT", "EMT", "FPE", "KILL", "BUS", "SEGV", "SYS", "PIPE", "ALRM",
	"TERM", "URG", "STOP", "TSTP", "CONT", "CHLD", "TTIN", "TTOU", "IO",
	"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "INFO", "USR1", "USR2" };
#define NNAMES	((int)(sizeof(names) / sizeof(names[0])))

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n",
	    "usage: kill [-s signal_name] pid ...",
	    "       kill -l [exit_status]");
	exit(2);
}

/*
 * The names in two lines, as FreeBSD's kill -l and its "valid signals:"
 * complaint print them.
 */
static void
printsignals(FILE *fp)
{
	int i;

	for (i = 1; i < NNAMES; i++)
		fprintf(fp, "%s%c", names[i],
		    i == NNAMES / 2 || i == NNAMES - 1 ? '\n' : ' ');
}

static void
nosig(const char *name)
{
	warnx("unknown signal %s; valid signals:", name);
	printsignals(stderr);
	exit(2);
}

static int
signame_to_num(const char *s)
{
	char *end;
	long v;
	int i;

	if (isdigit((unsigned char)*s)) {
		v = strtol(s, &end, 10);
		if (*end != '\0' || v < 0 || v >= NSIG)
			return (-1);
		return ((int)v);
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 1; i < NNAMES; i++)
		if (strcasecmp(s, names[i]) == 0)
			return (i);
	return (-1);
}

int
main(int argc, char **argv)
{
	int sig = SIGTERM, i, rval = 0;
	long pid, n;
	char *end;

	if (argc < 2)
		usage();
	argv++;
	argc--;
	if (strcmp(argv[0], "-l") == 0) {
		if (argc == 1) {
			printsignals(stdout);
			return (0);
		}
		if (argc > 2)
			usage();
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0')
			errx(2, "illegal signal number: %s", argv[1]);
		if (n >= 128)
			n -= 128;
		if (n <= 0 || n >= NNAMES)
			nosig(argv[1]);
		printf("%s\n", names[n]);
		return (0);
	}
	if (strcmp(argv[0], "-s") == 0) {
		if (argc < 2)
			usage();
		if ((sig = signame_to_num(argv[1])) < 0)
			nosig(argv[1]);
		argv += 2;
		argc -= 2;
	} else if (argv[0][0] == '-' && argv[0][1] != '\0' &&
	    strcmp(argv[0], "--") != 0) {
		if ((sig = signame_to_num(argv[0] + 1)) < 0)
			nosig(argv[0] + 1);
		argv++;
		argc--;
	}
	if (argc > 0 && strcmp(argv[0], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc == 0)
		usage();
	for (i = 0; i < argc; i++) {
		pid = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end != '\0') {
			warnx("illegal process id: %s", argv[i]);
			rval = 2;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			warn("%s", argv[i]);
			rval = 1;
		}
	}
	return (rval);
}
