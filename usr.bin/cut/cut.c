/*
 * cut(1): select parts of each line.  -b list and -c list pick bytes
 * (characters are bytes: the locale is "C"), -f list picks fields split
 * at the -d delimiter (a tab by default) or, with -w, at runs of blanks;
 * -s drops lines with no delimiter, which -f otherwise passes whole.  A
 * list is numbers and ranges separated by commas or blanks: "1,3-5,7-"
 * ("-3" is 1-3, "7-" is 7 to the end).  Usage and list errors and exit
 * status are FreeBSD's: a bad list is "cut: [-bcf] list: illegal list
 * value" and exit 1, an unreadable file is reported and skipped (exit 1
 * at the end).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char	*positions;	/* positions[i]: position i is selected */
static size_t	 maxval;	/* highest explicit position */
static size_t	 autostop;	/* "N-": N and everything after (0: none) */
static int	 dchar = '\t';	/* field delimiter */
static int	 sflag, wflag;

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n",
	    "usage: cut -b list [-n] [file ...]",
	    "       cut -c list [file ...]",
	    "       cut -f list [-s] [-w | -d delim] [file ...]");
	exit(1);
}

static void
needpos(size_t n)
{
	char *p;

	if (n <= maxval)
		return;
	if ((p = realloc(positions, n + 1)) == NULL)
		err(1, NULL);
	memset(p + maxval + 1, 0, n - maxval);
	positions = p;
	maxval = n;
}

/* Parse a list into positions[]; exits with FreeBSD's messages. */
static void
get_list(char *list)
{
	size_t start, stop, i;
	char *p, *end;
	int autostart;

	while ((p = strsep(&list, ", \t")) != NULL) {
		autostart = 0;
		start = stop = 0;
		if (*p == '-') {
			p++;
			autostart = 1;
			start = 1;
		}
		if (isdigit((unsigned char)*p)) {
			errno = 0;
			stop = strtoul(p, &end, 10);
			if (errno != 0 || stop > INT_MAX)
				errx(1, "[-bcf] list: illegal list value");
			if (!autostart)
				start = stop;
			p = end;
		}
		if (!autostart && *p == '-') {
			p++;
			if (isdigit((unsigned char)*p)) {
				errno = 0;
				stop = strtoul(p, &end, 10);
				if (errno != 0 || stop > INT_MAX)
					errx(1, "[-bcf] list: illegal list value");
				p = end;
			} else if (start != 0) {
				/* "N-": from N to the end of the line. */
				if (autostop == 0 || autostop > start)
					autostop = start;
				stop = start;
			}
		}
		if (*p != '\0')
			errx(1, "[-bcf] list: illegal list value");
		if (start == 0 || stop == 0)
			errx(1, "[-bcf] list: values may not include zero");
		if (stop < start)
			errx(1, "[-bcf] list: invalid byte or character range");
		needpos(stop);
		for (i = start; i <= stop; i++)
			positions[i] = 1;
	}
}

static int
selected(size_t pos)
{
	return ((pos <= maxval && positions[pos]) ||
	    (autostop != 0 && pos >= autostop));
}

/*
 * -b, -c: the selected bytes of each line.  A last line without a
 * newline gets one only if it reached the highest listed position, as
 * in BSD (whose loop returns at EOF while still inside the list).
 */
static void
cut_bytes(FILE *fp)
{
	size_t pos;
	int ch;

	pos = 1;
	while ((ch = getc(fp)) != EOF) {
		if (ch == '\n') {
			putchar('\n');
			pos = 1;
			continue;
		}
		if (selected(pos))
			putchar(ch);
		pos++;
	}
	if (pos != 1 && pos - 1 >= maxval)
		putchar('\n');
}

static int
is_delim(int ch)
{
	if (wflag)
		return (ch == ' ' || ch == '\t');
	return (ch == dchar);
}

/* -f: the selected fields of each line, joined by the delimiter. */
static void
cut_fields(FILE *fp)
{
	char *line, *p, *q;
	size_t cap, len, field;
	ssize_t n;
	int output, more;

	line = NULL;
	cap = 0;
	while ((n = getline(&line, &cap, fp)) != -1) {
		len = (size_t)n;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		for (p = line; *p != '\0' && !is_delim((unsigned char)*p); p++)
			;
		if (*p == '\0') {
			/* No delimiter: the whole line, or nothing under -s. */
			if (!sflag)
				printf("%s\n", line);
			continue;
		}
		output = 0;
		p = line;
		for (field = 1;; field++) {
			for (q = p; *q != '\0' && !is_delim((unsigned char)*q);
			    q++)
				;
			more = *q != '\0';
			if (selected(field)) {
				if (output++)
					putchar(dchar);
				fwrite(p, 1, (size_t)(q - p), stdout);
			}
			if (!more)
				break;
			p = q + 1;
			if (wflag)
				while (is_delim((unsigned char)*p))
					p++;
		}
		putchar('\n');
	}
	free(line);
}

int
main(int argc, char *argv[])
{
	void (*fn)(FILE *);
	FILE *fp;
	int ch, rval, bflag, cflag, dflag, fflag, nflag;

	bflag = cflag = dflag = fflag = nflag = 0;
	while ((ch = getopt(argc, argv, "b:c:d:f:nsw")) != -1) {
		switch (ch) {
		case 'b':
			get_list(optarg);
			bflag = 1;
			break;
		case 'c':
			get_list(optarg);
			cflag = 1;
			break;
		case 'd':
			dchar = (unsigned char)*optarg;
			dflag = 1;
			break;
		case 'f':
			get_list(optarg);
			fflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		case 's':
			sflag = 1;
			break;
		case 'w':
			wflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (fflag) {
		if (bflag || cflag || nflag || (wflag && dflag))
			usage();
	} else if (!(bflag || cflag) || dflag || sflag || wflag)
		usage();
	else if (!bflag && nflag)
		usage();
	fn = fflag ? cut_fields : cut_bytes;

	rval = 0;
	if (argc == 0) {
		fn(stdin);
	} else {
		for (; *argv != NULL; argv++) {
			if (strcmp(*argv, "-") == 0) {
				fn(stdin);
				continue;
			}
			if ((fp = fopen(*argv, "r")) == NULL) {
				warn("%s", *argv);
				rval = 1;
				continue;
			}
			fn(fp);
			fclose(fp);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	return (rval);
}
