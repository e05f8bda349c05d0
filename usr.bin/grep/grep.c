/*
 * grep(1): print lines matching a pattern.  -E extended REs, -F fixed
 * strings, -i ignore case, -v invert, -c count, -l names of files with a
 * match, -n line numbers, -h/-H no/always file names, -q quiet, -s no
 * messages about files, -x whole lines, -w words, -e pattern (several
 * allowed).  Exit 0 if a line was selected, 1 if none, 2 on error.
 */
#include <sys/types.h>
#include <ctype.h>
#include <err.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int Eflag, Fflag, iflag, vflag, cflag, lflag, nflag, hflag, Hflag,
    qflag, sflag, xflag, wflag;
static char	**pats;
static int	npats;
static regex_t	*res;

static void
usage(void)
{
	fprintf(stderr, "usage: grep [-cEFHhilnqsvwx] [-e pattern] "
	    "[pattern] [file ...]\n");
	exit(2);
}

static void
addpat(const char *p)
{
	const char *nl;

	/* A pattern with newlines is several patterns. */
	for (;;) {
		nl = strchr(p, '\n');
		pats = realloc(pats, (npats + 1) * sizeof(*pats));
		if (pats == NULL)
			err(2, NULL);
		pats[npats++] = nl != NULL ? strndup(p, nl - p) : strdup(p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static int
isword(int c)
{
	return (isalnum((unsigned char)c) || c == '_');
}

static int
fixed_match(const char *line, const char *pat)
{
	size_t pl = strlen(pat), ll = strlen(line), i;

	if (xflag)
		return (iflag ? strcasecmp(line, pat) == 0 :
		    strcmp(line, pat) == 0);
	for (i = 0; i + pl <= ll; i++) {
		if ((iflag ? strncasecmp(line + i, pat, pl) :
		    strncmp(line + i, pat, pl)) != 0)
			continue;
		if (wflag && ((i > 0 && isword(line[i - 1])) ||
		    isword(line[i + pl])))
			continue;
		return (1);
	}
	return (0);
}

static int
line_matches(const char *line)
{
	regmatch_t m;
	int i;
	const char *s;

	for (i = 0; i < npats; i++) {
		if (Fflag) {
			if (fixed_match(line, pats[i]))
				return (1);
			continue;
		}
		s = line;
		while (regexec(&res[i], s, 1, &m, s == line ? 0 :
		    REG_NOTBOL) == 0) {
			if (xflag && (m.rm_so != 0 || s[m.rm_eo] != '\0' ||
			    s != line)) {
				break;
			}
			if (wflag && ((s + m.rm_so > line &&
			    isword(s[m.rm_so - 1])) || isword(s[m.rm_eo]))) {
				if (s[m.rm_so] == '\0')
					break;
				s += m.rm_so + 1;
				continue;
			}
			return (1);
		}
	}
	return (0);
}

static int
grepfile(FILE *fp, const char *name, int showname)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long lineno = 0, count = 0;

	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (line_matches(line) == vflag)
			continue;
		count++;
		if (qflag) {
			free(line);
			return (1);
		}
		if (lflag) {
			printf("%s\n", name);
			break;
		}
		if (cflag)
			continue;
		if (showname)
			printf("%s:", name);
		if (nflag)
			printf("%lld:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (cflag) {
		if (showname)
			printf("%s:", name);
		printf("%lld\n", count);
	}
	return (count > 0);
}

int
main(int argc, char **argv)
{
	int ch, i, matched = 0, error = 0, showname, r;
	char ebuf[128];
	FILE *fp;

	if (strcmp(getprogname(), "egrep") == 0)
		Eflag = 1;
	else if (strcmp(getprogname(), "fgrep") == 0)
		Fflag = 1;
	while ((ch = getopt(argc, argv, "cEe:FHhilnqsvwx")) != -1) {
		switch (ch) {
		case 'c': cflag = 1; break;
		case 'E': Eflag = 1; break;
		case 'e': addpat(optarg); break;
		case 'F': Fflag = 1; break;
		case 'H': Hflag = 1; hflag = 0; break;
		case 'h': hflag = 1; Hflag = 0; break;
		case 'i': iflag = 1; break;
		case 'l': lflag = 1; break;
		case 'n': nflag = 1; break;
		case 'q': qflag = 1; break;
		case 's': sflag = 1; break;
		case 'v': vflag = 1; break;
		case 'w': wflag = 1; break;
		case 'x': xflag = 1; break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (npats == 0) {
		if (argc == 0)
			usage();
		addpat(argv[0]);
		argc--;
		argv++;
	}
	if (!Fflag) {
		res = calloc(npats, sizeof(*res));
		if (res == NULL)
			err(2, NULL);
		for (i = 0; i < npats; i++) {
			r = regcomp(&res[i], pats[i], (Eflag ? REG_EXTENDED :
			    0) | (iflag ? REG_ICASE : 0) |
			    (wflag || xflag ? 0 : REG_NOSUB));
			if (r != 0) {
				regerror(r, &res[i], ebuf, sizeof(ebuf));
				errx(2, "%s", ebuf);
			}
		}
	}
	showname = Hflag || (argc > 1 && !hflag);
	if (argc == 0)
		matched = grepfile(stdin, "(standard input)", showname);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			fp = stdin;
		else if ((fp = fopen(argv[i], "r")) == NULL) {
			if (!sflag)
				warn("%s", argv[i]);
			error = 1;
			continue;
		}
		matched |= grepfile(fp, argv[i], showname);
		if (fp != stdin)
			fclose(fp);
		if (matched && qflag)
			break;
	}
	fflush(stdout);
	if (matched && qflag)
		return (0);
	return (error ? 2 : matched ? 0 : 1);
}
