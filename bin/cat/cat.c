/*
 * cat(1): concatenate files to standard output.  -n numbers lines, -b
 * numbers non-blank lines, -s squeezes blank lines, -v/-e/-t show
 * non-printing characters; "-" is standard input.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bflag, eflag, nflag, sflag, tflag, vflag;
static int rval;

static void
cook(FILE *fp)
{
	static long line = 0;
	static int prev = '\n', gobble = 0;
	int ch;

	while ((ch = getc(fp)) != EOF) {
		if (prev == '\n') {
			if (sflag && ch == '\n') {
				if (gobble)
					continue;
				gobble = 1;
			} else
				gobble = 0;
			if (nflag && (!bflag || ch != '\n'))
				printf("%6ld\t", ++line);
		}
		prev = ch;
		if (ch == '\n') {
			if (eflag)
				putchar('$');
		} else if (ch == '\t') {
			if (tflag) {
				fputs("^I", stdout);
				continue;
			}
		} else if (vflag) {
			if (ch & 0x80) {
				fputs("M-", stdout);
				ch &= 0x7f;
			}
			if (ch < ' ' || ch == 0x7f) {
				putchar('^');
				putchar(ch == 0x7f ? '?' : ch | 0x40);
				continue;
			}
		}
		putchar(ch);
	}
}

static void
raw(int fd, const char *name)
{
	char buf[8192];
	ssize_t n, w, off;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += w) {
			w = write(STDOUT_FILENO, buf + off, n - off);
			if (w < 0)
				err(1, "stdout");
		}
	}
	if (n < 0) {
		warn("%s", name);
		rval = 1;
	}
}

int
main(int argc, char **argv)
{
	int ch, fd, cooked;
	FILE *fp;
	const char *name;

	while ((ch = getopt(argc, argv, "benstuv")) != -1) {
		switch (ch) {
		case 'b': bflag = nflag = 1; break;
		case 'e': eflag = vflag = 1; break;
		case 'n': nflag = 1; break;
		case 's': sflag = 1; break;
		case 't': tflag = vflag = 1; break;
		case 'u': break;
		case 'v': vflag = 1; break;
		default:
			fprintf(stderr, "usage: cat [-benstuv] [file ...]\n");
			exit(1);
		}
	}
	argv += optind;
	cooked = bflag || eflag || nflag || sflag || tflag || vflag;
	do {
		name = *argv != NULL ? *argv : "-";
		if (strcmp(name, "-") == 0) {
			fd = STDIN_FILENO;
			name = "stdin";
		} else if ((fd = open(name, O_RDONLY)) < 0) {
			warn("%s", name);
			rval = 1;
			continue;
		}
		if (cooked) {
			fflush(stdout);
			if ((fp = fdopen(fd, "r")) == NULL) {
				warn("%s", name);
				rval = 1;
				continue;
			}
			cook(fp);
			if (fd == STDIN_FILENO)
				clearerr(fp);
			else
				fclose(fp);
			fflush(stdout);
		} else {
			raw(fd, name);
			if (fd != STDIN_FILENO)
				close(fd);
		}
	} while (*argv != NULL && *++argv != NULL);
	if (fflush(stdout) != 0)
		err(1, "stdout");
	return (rval);
}
