/*
 * grep(1): print lines matching a pattern.  -E extended REs, -F fixed
 * strings, -i ignore case, -v invert, -c count, -l names of files with a
 * match, -n line numbers, -h/-H no/always file names, -q quiet, -s no
 * messages about files, -x whole lines, -w words, -e pattern (several
 * allowed), -o only the matching parts, -L names of files without a
 * match, -r/-R searches directories (".": with no file), -A/-B/-C num
 * lines of context with "--" between groups, as FreeBSD and GNU grep.
 * Installed also as egrep (-E) and fgrep (-F).
 * Exit 0 if a line was selected, 1 if none, 2 on error.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <err.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int Eflag, Fflag, iflag, vflag, cflag, lflag, nflag, hflag, Hflag,
    qflag, sflag, xflag, wflag, Lflag, oflag, rflag;
static int Aflag, Bflag;		/* lines of context after, before */
static char	**pats;
static int	npats;
static regex_t	*res;

static void
usage(void)
{
	fprintf(stderr, "usage: grep [-cEFHhiLlnoqRrsvwx] [-A num] [-B num] "
	    "[-C num] [-e pattern]\n\t    [pattern] [file ...]\n");
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

/*
 * The earliest match in line at or after s (the longest of those that
 * start there), for -o; 0 if none.
 */
static int
first_match(const char *line, const char *s, const char **mso,
    const char **meo)
{
	regmatch_t m;
	const char *bs = NULL, *be = NULL, *p, *q;
	size_t pl;
	int i;

	for (i = 0; i < npats; i++) {
		if (Fflag) {
			pl = strlen(pats[i]);
			for (p = s; *p != '\0'; p++) {
				if ((iflag ? strncasecmp(p, pats[i], pl) :
				    strncmp(p, pats[i], pl)) != 0)
					continue;
				if (wflag && ((p > line && isword(p[-1])) ||
				    isword(p[pl])))
					continue;
				if (xflag && (p != line || p[pl] != '\0'))
					continue;
				break;
			}
			if (*p == '\0' || pl == 0)
				continue;
			q = p + pl;
		} else {
			p = s;
			for (;;) {
				if (regexec(&res[i], p, 1, &m, p == line ? 0 :
				    REG_NOTBOL) != 0) {
					p = NULL;
					break;
				}
				q = p + m.rm_eo;
				p += m.rm_so;
				if (wflag && ((p > line && isword(p[-1])) ||
				    isword(*q))) {
					if (*p == '\0') {
						p = NULL;
						break;
					}
					p++;
					continue;
				}
				if (xflag && (p != line || *q != '\0'))
					p = NULL;
				break;
			}
			if (p == NULL)
				continue;
		}
		if (bs == NULL || p < bs || (p == bs && q > be)) {
			bs = p;
			be = q;
		}
	}
	if (bs == NULL)
		return (0);
	*mso = bs;
	*meo = be;
	return (1);
}

/* Context state across files: the "--" between groups. */
static long long	lastout;	/* last line printed in this file */
static int		anyout;		/* a line was printed, any file */

static void
putline(const char *name, int showname, long long lineno, const char *line,
    int sep)
{
	const char *mso, *meo, *s;

	if ((Aflag || Bflag) && anyout && (lastout == 0 ||
	    lineno > lastout + 1))
		printf("--\n");
	anyout = 1;
	lastout = lineno;
	if (oflag && sep == ':') {
		/* -o: each matching part on its own line. */
		for (s = line; *s != '\0' || s == line;) {
			if (!first_match(line, s, &mso, &meo))
				break;
			if (meo == mso) {
				if (*mso == '\0')
					break;
				s = mso + 1;
				continue;
			}
			if (showname)
				printf("%s:", name);
			if (nflag)
				printf("%lld:", lineno);
			printf("%.*s\n", (int)(meo - mso), mso);
			s = meo;
		}
		return;
	}
	if (showname)
		printf("%s%c", name, sep);
	if (nflag)
		printf("%lld%c", lineno, sep);
	printf("%s\n", line);
}

static int
grepfile(FILE *fp, const char *name, int showname)
{
	char *line = NULL, **before = NULL;
	size_t cap = 0;
	ssize_t n;
	long long lineno = 0, count = 0, after = 0, nb = 0, k;
	int listing = qflag || lflag || Lflag || cflag;

	if (Bflag > 0 && !listing &&
	    (before = calloc(Bflag, sizeof(*before))) == NULL)
		err(2, NULL);
	lastout = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (line_matches(line) == vflag) {
			if (listing)
				continue;
			if (after > 0) {
				after--;
				putline(name, showname, lineno, line, '-');
			} else if (Bflag > 0) {
				/* Keep the last Bflag lines, oldest first. */
				if (nb == Bflag) {
					free(before[0]);
					memmove(before, before + 1,
					    (Bflag - 1) * sizeof(*before));
					nb--;
				}
				if ((before[nb++] = strdup(line)) == NULL)
					err(2, NULL);
			}
			continue;
		}
		count++;
		if (qflag) {
			free(line);
			return (1);
		}
		if (lflag) {
			printf("%s\n", name);
			break;
		}
		if (Lflag)
			break;
		if (cflag)
			continue;
		for (k = 0; k < nb; k++) {
			putline(name, showname, lineno - nb + k, before[k],
			    '-');
			free(before[k]);
		}
		nb = 0;
		putline(name, showname, lineno, line, ':');
		after = Aflag;
	}
	for (k = 0; k < nb; k++)
		free(before[k]);
	free(before);
	free(line);
	if (cflag) {
		if (showname)
			printf("%s:", name);
		printf("%lld\n", count);
	}
	if (Lflag && count == 0)
		printf("%s\n", name);
	return (count > 0);
}

static int	error;

/* One operand: a file, "-", or with -r a directory searched through. */
static int
grepath(const char *path, int showname)
{
	struct stat st;
	struct dirent *d;
	DIR *dp;
	FILE *fp;
	char *sub;
	int matched = 0;

	if (strcmp(path, "-") == 0)
		return (grepfile(stdin, "(standard input)", showname));
	if (rflag && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((dp = opendir(path)) == NULL) {
			if (!sflag)
				warn("%s", path);
			error = 1;
			return (0);
		}
		while ((d = readdir(dp)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			if (asprintf(&sub, "%s%s%s", path,
			    path[strlen(path) - 1] == '/' ? "" : "/",
			    d->d_name) < 0)
				err(2, NULL);
			matched |= grepath(sub, !hflag);
			free(sub);
			if (matched && qflag)
				break;
		}
		closedir(dp);
		return (matched);
	}
	if ((fp = fopen(path, "r")) == NULL) {
		if (!sflag)
			warn("%s", path);
		error = 1;
		return (0);
	}
	matched = grepfile(fp, path, showname);
	fclose(fp);
	return (matched);
}

int
main(int argc, char **argv)
{
	int ch, i, matched = 0, showname, r;
	char ebuf[128], *end;
	long v;

	if (strcmp(getprogname(), "egrep") == 0)
		Eflag = 1;
	else if (strcmp(getprogname(), "fgrep") == 0)
		Fflag = 1;
	while ((ch = getopt(argc, argv, "A:B:C:cEe:FHhiLlnoqRrsvwx")) != -1) {
		switch (ch) {
		case 'A': case 'B': case 'C':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > INT_MAX)
				errx(2, "context argument must be non-negative");
			if (ch != 'B')
				Aflag = (int)v;
			if (ch != 'A')
				Bflag = (int)v;
			break;
		case 'L': Lflag = 1; lflag = 0; break;
		case 'o': oflag = 1; break;
		case 'R': case 'r': rflag = 1; break;
		case 'c': cflag = 1; break;
		case 'E': Eflag = 1; break;
		case 'e': addpat(optarg); break;
		case 'F': Fflag = 1; break;
		case 'H': Hflag = 1; hflag = 0; break;
		case 'h': hflag = 1; Hflag = 0; break;
		case 'i': iflag = 1; break;
		case 'l': lflag = 1; Lflag = 0; break;
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
			    (wflag || xflag || oflag ? 0 : REG_NOSUB));
			if (r != 0) {
				regerror(r, &res[i], ebuf, sizeof(ebuf));
				errx(2, "%s", ebuf);
			}
		}
	}
	showname = Hflag || (argc > 1 && !hflag);
	if (argc == 0 && rflag) {
		/* As FreeBSD and GNU grep: -r with no file searches ".". */
		matched = grepath(".", !hflag);
	} else if (argc == 0)
		matched = grepfile(stdin, "(standard input)", showname);
	for (i = 0; i < argc; i++) {
		matched |= grepath(argv[i], showname);
		if (matched && qflag)
			break;
	}
	fflush(stdout);
	if (matched && qflag)
		return (0);
	return (error ? 2 : matched ? 0 : 1);
}
