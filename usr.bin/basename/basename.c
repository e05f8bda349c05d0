/*
 * basename(1): the last component of a path, less a suffix if given;
 * -a treats every argument as a path, -s suffix implies -a.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
strip(char *p, const char *suffix)
{
	char *b = basename(p);
	size_t bl, sl;

	if (b == NULL)
		b = p;
	if (suffix != NULL) {
		bl = strlen(b);
		sl = strlen(suffix);
		if (sl < bl && strcmp(b + bl - sl, suffix) == 0)
			b[bl - sl] = '\0';
	}
	printf("%s\n", b);
}

int
main(int argc, char **argv)
{
	const char *suffix = NULL;
	int ch, aflag = 0;

	while ((ch = getopt(argc, argv, "as:")) != -1) {
		switch (ch) {
		case 'a': aflag = 1; break;
		case 's': suffix = optarg; aflag = 1; break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		goto usage;
	if (!aflag) {
		if (argc > 2)
			goto usage;
		strip(argv[0], argc == 2 ? argv[1] : NULL);
		return (0);
	}
	for (; *argv != NULL; argv++)
		strip(*argv, suffix);
	return (0);
usage:
	fprintf(stderr, "usage: basename string [suffix]\n"
	    "       basename [-a] [-s suffix] string [...]\n");
	exit(1);
}
