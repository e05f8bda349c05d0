/*
 * umount(8): unmount the file systems mounted on each node given
 *	umount [-f] node ...
 * -f forces it (MNT_FORCE): files still open in it stay usable, but it
 * leaves the tree at once.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: umount [-f] node ...\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char node[PATH_MAX];
	int ch, flags = 0, rv = 0;

	while ((ch = getopt(argc, argv, "f")) != -1) {
		switch (ch) {
		case 'f':
			flags |= MNT_FORCE;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	for (; argc > 0; argc--, argv++) {
		if (realpath(*argv, node) == NULL) {
			warn("%s", *argv);
			rv = 1;
			continue;
		}
		if (unmount(node, flags) != 0) {
			warn("%s", node);
			rv = 1;
		}
	}
	return (rv);
}
