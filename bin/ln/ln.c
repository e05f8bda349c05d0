/*
 * ln(1): make links.  -s symbolic, -f replace an existing target, -v
 * verbose.  `ln source ... directory' links into the directory.
 */
#include <sys/stat.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fflag, sflag, vflag;

static int
linkit(const char *src, const char *dst, int isdir)
{
	char path[PATH_MAX];
	const char *b;
	struct stat st;

	if (isdir) {
		b = strrchr(src, '/');
		b = b != NULL ? b + 1 : src;
		snprintf(path, sizeof(path), "%s/%s", dst, b);
		dst = path;
	}
	if (!sflag && stat(src, &st) < 0) {
		warn("%s", src);
		return (1);
	}
	if (fflag && lstat(dst, &st) == 0 && unlink(dst) < 0) {
		warn("%s", dst);
		return (1);
	}
	if ((sflag ? symlink(src, dst) : link(src, dst)) < 0) {
		warn("%s", dst);
		return (1);
	}
	if (vflag)
		printf("%s %c> %s\n", dst, sflag ? '-' : '=', src);
	return (0);
}

int
main(int argc, char **argv)
{
	struct stat st;
	int ch, rval = 0, i;

	while ((ch = getopt(argc, argv, "fhnsv")) != -1) {
		switch (ch) {
		case 'f': fflag = 1; break;
		case 'h':
		case 'n': break;
		case 's': sflag = 1; break;
		case 'v': vflag = 1; break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 1)
		return (linkit(argv[0], ".", 1));
	if (argc == 2 && !(stat(argv[1], &st) == 0 && S_ISDIR(st.st_mode)))
		return (linkit(argv[0], argv[1], 0));
	if (argc < 2)
		goto usage;
	if (stat(argv[argc - 1], &st) < 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		err(1, "%s", argv[argc - 1]);
	}
	for (i = 0; i < argc - 1; i++)
		rval |= linkit(argv[i], argv[argc - 1], 1);
	return (rval);
usage:
	fprintf(stderr, "%s\n%s\n", "usage: ln [-fsv] source [target]",
	    "       ln [-fsv] source ... directory");
	exit(1);
}
