/*
 * head(1): the first lines (-n count, default 10) or bytes (-c count) of
 * each file, with ==> name <== headers when there are several.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: head [-n lines | -c bytes] [file ...]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	long long n = 10, bytes = -1, k;
	const char *errstr;
	int ch, c, rval = 0, first = 1, nfiles;
	FILE *fp;

	/* Old style: head -5 */
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' &&
	    argv[1][1] <= '9') {
		n = strtonum(argv[1] + 1, 1, 1LL << 62, &errstr);
		if (errstr != NULL)
			errx(1, "illegal line count -- %s", argv[1] + 1);
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((ch = getopt(argc, argv, "c:n:")) != -1) {
		switch (ch) {
		case 'c':
			bytes = strtonum(optarg, 1, 1LL << 62, &errstr);
			if (errstr != NULL)
				errx(1, "illegal byte count -- %s", optarg);
			break;
		case 'n':
			n = strtonum(optarg, 1, 1LL << 62, &errstr);
			if (errstr != NULL)
				errx(1, "illegal line count -- %s", optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	nfiles = argc;
	do {
		if (argc == 0)
			fp = stdin;
		else if ((fp = fopen(*argv, "r")) == NULL) {
			warn("%s", *argv);
			rval = 1;
			continue;
		}
		if (nfiles > 1) {
			printf("%s==> %s <==\n", first ? "" : "\n", *argv);
			first = 0;
		}
		if (bytes >= 0) {
			for (k = 0; k < bytes && (c = getc(fp)) != EOF; k++)
				putchar(c);
		} else {
			for (k = 0; k < n && (c = getc(fp)) != EOF;) {
				putchar(c);
				if (c == '\n')
					k++;
			}
		}
		if (fp != stdin)
			fclose(fp);
	} while (argc > 0 && *++argv != NULL);
	fflush(stdout);
	return (rval);
}
