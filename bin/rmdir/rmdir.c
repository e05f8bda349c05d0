/*
 * rmdir(1): remove empty directories; -p also removes each parent.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int ch, pflag = 0, rval = 0;
	char *p;

	while ((ch = getopt(argc, argv, "pv")) != -1) {
		switch (ch) {
		case 'p': pflag = 1; break;
		case 'v': break;
		default:
			fprintf(stderr, "usage: rmdir [-p] directory ...\n");
			exit(1);
		}
	}
	argv += optind;
	if (*argv == NULL) {
		fprintf(stderr, "usage: rmdir [-p] directory ...\n");
		exit(1);
	}
	for (; *argv != NULL; argv++) {
		/* Trailing slashes are not part of the name. */
		for (p = *argv + strlen(*argv) - 1; p > *argv && *p == '/'; p--)
			*p = '\0';
		if (rmdir(*argv) < 0) {
			warn("%s", *argv);
			rval = 1;
			continue;
		}
		while (pflag && (p = strrchr(*argv, '/')) != NULL) {
			while (p > *argv && *p == '/')
				*p-- = '\0';
			if (p == *argv && **argv == '/')
				break;
			if (rmdir(*argv) < 0) {
				warn("%s", *argv);
				rval = 1;
				break;
			}
		}
	}
	return (rval);
}
