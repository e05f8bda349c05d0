/* dirname(1): the directory part of each path. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char *p;

	if (getopt(argc, argv, "") != -1 || optind >= argc) {
		fprintf(stderr, "usage: dirname string [...]\n");
		exit(1);
	}
	for (argv += optind; *argv != NULL; argv++) {
		if ((p = dirname(*argv)) == NULL)
			p = ".";
		printf("%s\n", p);
	}
	return (0);
}
