/*
 * env(1): run a program in a modified environment, or print the
 * environment.  -i starts empty, -u name unsets, name=value sets.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	char **ep, *eq;
	int ch;

	while ((ch = getopt(argc, argv, "iu:")) != -1) {
		switch (ch) {
		case 'i':
			environ = empty;
			break;
		case 'u':
			if (unsetenv(optarg) < 0)
				err(1, "unsetenv %s", optarg);
			break;
		default:
			fprintf(stderr, "usage: env [-i] [-u name] "
			    "[name=value ...] [utility [argument ...]]\n");
			exit(1);
		}
	}
	argv += optind;
	if (*argv != NULL && strcmp(*argv, "-") == 0) {
		environ = empty;
		argv++;
	}
	for (; *argv != NULL && (eq = strchr(*argv, '=')) != NULL; argv++) {
		*eq = '\0';
		if (setenv(*argv, eq + 1, 1) < 0)
			err(1, "setenv %s", *argv);
		*eq = '=';
	}
	if (*argv != NULL) {
		execvp(*argv, argv);
		err(errno == ENOENT ? 127 : 126, "%s", *argv);
	}
	for (ep = environ; *ep != NULL; ep++)
		printf("%s\n", *ep);
	return (0);
}
