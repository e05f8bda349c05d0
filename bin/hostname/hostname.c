/*
 * hostname(1): print or (as root) set the host name (kern.hostname);
 * -s prints the name up to the first dot.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char name[256], *p;
	int ch, sflag = 0;

	while ((ch = getopt(argc, argv, "s")) != -1) {
		switch (ch) {
		case 's': sflag = 1; break;
		default:
			fprintf(stderr, "usage: hostname [-s] [name-of-host]\n");
			exit(1);
		}
	}
	argv += optind;
	argc -= optind;
	if (argc > 1) {
		fprintf(stderr, "usage: hostname [-s] [name-of-host]\n");
		exit(1);
	}
	if (argc == 1) {
		if (sethostname(argv[0], strlen(argv[0])) < 0)
			err(1, "sethostname");
		return (0);
	}
	if (gethostname(name, sizeof(name)) < 0)
		err(1, "gethostname");
	name[sizeof(name) - 1] = '\0';
	if (sflag && (p = strchr(name, '.')) != NULL)
		*p = '\0';
	printf("%s\n", name);
	return (0);
}
