/*
 * tail(1): the last lines (-n count, default 10; +count from line count)
 * or bytes (-c) of a file or standard input; -f keeps reading a file as
 * it grows.
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
	fprintf(stderr, "usage: tail [-f] [-c # | -n #] [file]\n");
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

int
main(int argc, char **argv)
{
	long long count = 10;
	int ch, bytes = 0, fromstart = 0, fflag = 0, fd;
	const char *arg = NULL, *name = "stdin";
	char *buf, *end, cbuf[4096];
	size_t len, off, i;
	ssize_t n;

	if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') &&
	    argv[1][1] >= '0' && argv[1][1] <= '9') {
		fromstart = argv[1][0] == '+';
		count = strtoll(argv[1] + 1, &end, 10);
		if (*end != '\0')
			usage();
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((ch = getopt(argc, argv, "c:fn:r")) != -1) {
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
			break;
		case 'f':
			fflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	fd = STDIN_FILENO;
	if (argc == 1) {
		name = argv[0];
		if ((fd = open(name, O_RDONLY)) < 0)
			err(1, "%s", name);
	}
	if ((buf = slurp(fd, &len)) == NULL)
		err(1, "%s", name);
	off = 0;
	if (bytes) {
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
	fwrite(buf + off, 1, len - off, stdout);
	fflush(stdout);
	free(buf);
	if (fflag && fd != STDIN_FILENO) {
		for (;;) {
			n = read(fd, cbuf, sizeof(cbuf));
			if (n > 0)
				write(STDOUT_FILENO, cbuf, n);
			else
				sleep(1);
		}
	}
	return (0);
}
