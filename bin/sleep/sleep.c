/*
 * sleep(1): suspend for a number of seconds (a fraction is allowed).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void
usage(void)
{
	fprintf(stderr, "usage: sleep seconds\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct timespec ts;
	char *end;
	double d;

	if (argc == 3 && argv[1][0] == '-' && argv[1][1] == '-' &&
	    argv[1][2] == '\0') {
		argv++;
		argc--;
	}
	if (argc != 2)
		usage();
	d = strtod(argv[1], &end);
	if (end == argv[1] || *end != '\0' || d < 0 ||
	    !isdigit((unsigned char)argv[1][0] == '.' ? argv[1][1] :
	    argv[1][0]))
		usage();
	ts.tv_sec = (time_t)d;
	ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR)
			return (1);
	}
	return (0);
}
