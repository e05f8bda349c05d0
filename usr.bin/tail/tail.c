/*
 * tail(1): the last lines (-n count, default 10; +count from line count)
 * or bytes (-c) of files or standard input; -f keeps reading a file as
 * it grows; -r shows the lines last first (all of them unless -n/-c);
 * several files get "==> name <==" headers (-q: none).
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: tail [-f | -r] [-q] [-c # | -n #] [file ...]\n");
	exit(1);
}

/* Read all of fd into memory. */
static char *
slurp(int fd, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		if (len + 8192 > cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				err(1, NULL);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0)
			return (NULL);
		if (n == 0)
			break;
		len += n;
	}
	*lenp = len;
	return (buf);
}

static long long count = 10;
static int bytes, fromstart, rflag, nset;

/* Write lines [b, e) of buf last first (a missing final newline added). */
static void
reverse(const char *buf, size_t b, size_t e)
{
	size_t i = e, j;

	while (i > b) {
		j = i;
		if (buf[j - 1] == '\n')
			j--;
		while (j > b && buf[j - 1] != '\n')
			j--;
		fwrite(buf + j, 1, i - j, stdout);
		if (buf[i - 1] != '\n')
			putchar('\n');
		i = j;
	}
}

/* The part of one file or standard input that tail shows. */
static int
show(int fd, const char *name)
{
	char *buf;
	size_t len, off, i;

	if ((buf = slurp(fd, &len)) == NULL) {
		warn("%s", name);
		return (1);
	}
	off = 0;
	if (rflag && !nset)
		off = 0;	/* -r alone: all of the input */
	else if (bytes) {
		if (fromstart)
			off = count > 0 ? (size_t)count - 1 : 0;
		else
			off = (size_t)count < len ? len - (size_t)count : 0;
		if (off > len)
			off = len;
	} else if (fromstart) {
		long long line = 1;

		for (i = 0; i < len && line < count; i++)
			if (buf[i] == '\n')
				line++;
		off = i;
	} else if (count == 0)
		off = len;
	else {
		long long seen = 0;

		i = len;
		if (i > 0 && buf[i - 1] == '\n')
			i--;
		while (i > 0) {
			if (buf[i - 1] == '\n' && ++seen == count)
				break;
			i--;
		}
		off = i;
	}
	if (rflag)
		reverse(buf, off, len);
	else
		fwrite(buf + off, 1, len - off, stdout);
	fflush(stdout);
	free(buf);
	return (0);
}

int
main(int argc, char **argv)
{
	int ch, fflag = 0, qflag = 0, fd = -1, first = 1, rval = 0, k;
	const char *arg = NULL;
	char *end, cbuf[4096];
	ssize_t n;

	if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') &&
	    argv[1][1] >= '0' && argv[1][1] <= '9') {
		fromstart = argv[1][0] == '+';
		count = strtoll(argv[1] + 1, &end, 10);
		if (*end != '\0')
			usage();
		nset = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((ch = getopt(argc, argv, "c:fn:qr")) != -1) {
		switch (ch) {
		case 'c':
			bytes = 1;
			/* FALLTHROUGH */
		case 'n':
			arg = optarg;
			fromstart = *arg == '+';
			if (*arg == '+' || *arg == '-')
				arg++;
			count = strtoll(arg, &end, 10);
			if (*arg == '\0' || *end != '\0' || count < 0)
				errx(1, "illegal offset -- %s", optarg);
			nset = 1;
			break;
		case 'f':
			fflag = 1;
			break;
		case 'q':
			qflag = 1;
			break;
		case 'r':
			rflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (fflag && rflag)
		usage();
	if (argc == 0)
		return (show(STDIN_FILENO, "stdin"));
	/*
	 * As FreeBSD: several files each get a "==> name <==" header (a
	 * blank line before all but the first); a file that cannot be
	 * opened is reported and the rest are still shown.
	 */
	for (k = 0; k < argc; k++) {
		if (fd >= 0)
			close(fd);
		if ((fd = open(argv[k], O_RDONLY)) < 0) {
			warn("%s", argv[k]);
			rval = 1;
			continue;
		}
		if (argc > 1 && !qflag) {
			printf("%s==> %s <==\n", first ? "" : "\n", argv[k]);
			first = 0;
		}
		rval |= show(fd, argv[k]);
	}
	/* -f follows the last file named. */
	if (fflag && fd >= 0 && k == argc) {
		for (;;) {
			n = read(fd, cbuf, sizeof(cbuf));
			if (n > 0)
				write(STDOUT_FILENO, cbuf, n);
			else
				sleep(1);
		}
	}
	return (rval);
}
