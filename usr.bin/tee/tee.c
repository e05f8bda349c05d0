/*
 * tee(1): copy standard input to standard output and to files; -a
 * appends, -i ignores SIGINT.
 */
#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int ch, aflag = 0, rval = 0, *fds, nfds = 0, i;
	char buf[8192];
	ssize_t n, w, off;

	while ((ch = getopt(argc, argv, "ai")) != -1) {
		switch (ch) {
		case 'a': aflag = 1; break;
		case 'i': signal(SIGINT, SIG_IGN); break;
		default:
			fprintf(stderr, "usage: tee [-ai] [file ...]\n");
			exit(1);
		}
	}
	argv += optind;
	argc -= optind;
	if ((fds = malloc((argc + 1) * sizeof(int))) == NULL)
		err(1, NULL);
	fds[nfds++] = STDOUT_FILENO;
	for (i = 0; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | O_CREAT |
		    (aflag ? O_APPEND : O_TRUNC), 0666);

		if (fd < 0) {
			warn("%s", argv[i]);
			rval = 1;
		} else
			fds[nfds++] = fd;
	}
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0) {
		for (i = 0; i < nfds; i++) {
			for (off = 0; off < n; off += w) {
				if ((w = write(fds[i], buf + off,
				    n - off)) < 0) {
					warn("write");
					rval = 1;
					break;
				}
			}
		}
	}
	if (n < 0)
		err(1, "read");
	return (rval);
}
