/*
 * wc(1): count lines, words and bytes (-l -w -c; -m characters, the
 * same as bytes here).  With several files a total line follows.
 */
#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int lflag, wflag, cflag;
static unsigned long long tl, tw, tc;

static void
show(unsigned long long l, unsigned long long w, unsigned long long c,
    const char *name)
{
	if (lflag)
		printf(" %7llu", l);
	if (wflag)
		printf(" %7llu", w);
	if (cflag)
		printf(" %7llu", c);
	if (name != NULL)
		printf(" %s", name);
	putchar('\n');
}

static int
count(int fd, const char *name)
{
	unsigned char buf[8192];
	unsigned long long l = 0, w = 0, c = 0;
	ssize_t n, i;
	int inword = 0;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c += n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				l++;
			if (isspace(buf[i]))
				inword = 0;
			else if (!inword) {
				inword = 1;
				w++;
			}
		}
	}
	if (n < 0) {
		warn("%s", name != NULL ? name : "stdin");
		return (1);
	}
	tl += l;
	tw += w;
	tc += c;
	show(l, w, c, name);
	return (0);
}

int
main(int argc, char **argv)
{
	int ch, fd, rval = 0, nfiles = 0;

	while ((ch = getopt(argc, argv, "clmw")) != -1) {
		switch (ch) {
		case 'l': lflag = 1; break;
		case 'w': wflag = 1; break;
		case 'c':
		case 'm': cflag = 1; break;
		default:
			fprintf(stderr, "usage: wc [-clmw] [file ...]\n");
			exit(1);
		}
	}
	argv += optind;
	if (!lflag && !wflag && !cflag)
		lflag = wflag = cflag = 1;
	if (*argv == NULL)
		return (count(STDIN_FILENO, NULL));
	for (; *argv != NULL; argv++) {
		if ((fd = open(*argv, O_RDONLY)) < 0) {
			warn("%s", *argv);
			rval = 1;
			continue;
		}
		rval |= count(fd, *argv);
		close(fd);
		nfiles++;
	}
	if (nfiles > 1)
		show(tl, tw, tc, "total");
	return (rval);
}
