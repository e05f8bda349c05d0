/*
 * sort(1): sort lines.  -r reverse, -n numeric, -f fold case, -u unique,
 * -b ignore leading blanks, -t char field separator, -k field[,field]
 * key (whole fields; one key), -o output file, -c check.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rflag, nflag, fflag, uflag, bflag, cflag;
static int sep = -1, kstart = 0, kend = 0;

struct line {
	char	*s;
	char	*key;
	size_t	keylen;
};

static void
mkkey(struct line *l)
{
	const char *p = l->s, *start, *end;
	int f;

	if (kstart == 0) {
		start = p;
		end = p + strlen(p);
	} else {
		/* Fields: with -t, separated by sep; else by blank runs. */
		start = p;
		for (f = 1; f < kstart && *start != '\0'; f++) {
			if (sep >= 0) {
				while (*start != '\0' && *start != sep)
					start++;
				if (*start == sep)
					start++;
			} else {
				while (isblank((unsigned char)*start))
					start++;
				while (*start != '\0' &&
				    !isblank((unsigned char)*start))
					start++;
			}
		}
		if (kend == 0)
			end = p + strlen(p);
		else {
			end = start;
			for (f = kstart; f <= kend && *end != '\0'; f++) {
				if (sep >= 0) {
					if (f > kstart && *end == sep)
						end++;
					while (*end != '\0' && *end != sep)
						end++;
				} else {
					while (isblank((unsigned char)*end))
						end++;
					while (*end != '\0' &&
					    !isblank((unsigned char)*end))
						end++;
				}
			}
		}
	}
	if (bflag || nflag)
		while (start < end && isblank((unsigned char)*start))
			start++;
	l->key = (char *)start;
	l->keylen = end - start;
}

static int
cmpline(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int r;
	size_t n;

	if (nflag) {
		double dx = strtod(x->key, NULL), dy = strtod(y->key, NULL);

		r = dx < dy ? -1 : dx > dy;
	} else {
		n = x->keylen < y->keylen ? x->keylen : y->keylen;
		r = fflag ? strncasecmp(x->key, y->key, n) :
		    memcmp(x->key, y->key, n);
		if (r == 0)
			r = x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
	}
	return (rflag ? -r : r);
}

static int
cmpfull(const void *a, const void *b)
{
	int r = cmpline(a, b);

	if (r == 0 && !uflag)
		r = strcmp(((const struct line *)a)->s,
		    ((const struct line *)b)->s);
	return (r);
}

static void
usage(void)
{
	fprintf(stderr, "usage: sort [-bcfnru] [-k field1[,field2]] "
	    "[-o output] [-t char] [file ...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct line *v = NULL;
	size_t n = 0, cap = 0, i, len;
	char *line = NULL, *out = NULL, *end;
	ssize_t got;
	FILE *fp, *ofp;
	int ch, rval = 0;

	while ((ch = getopt(argc, argv, "bcfk:no:rt:u")) != -1) {
		switch (ch) {
		case 'b': bflag = 1; break;
		case 'c': cflag = 1; break;
		case 'f': fflag = 1; break;
		case 'k':
			kstart = (int)strtol(optarg, &end, 10);
			if (kstart < 1)
				errx(2, "invalid key: %s", optarg);
			while (*end != '\0' && *end != ',')
				end++;	/* .char and modifiers ignored */
			if (*end == ',')
				kend = (int)strtol(end + 1, NULL, 10);
			break;
		case 'n': nflag = 1; break;
		case 'o': out = optarg; break;
		case 'r': rflag = 1; break;
		case 't':
			if (strlen(optarg) != 1)
				errx(2, "invalid field separator: %s", optarg);
			sep = (unsigned char)optarg[0];
			break;
		case 'u': uflag = 1; break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	i = 0;
	do {
		if (argc == 0 || strcmp(argv[i], "-") == 0)
			fp = stdin;
		else if ((fp = fopen(argv[i], "r")) == NULL)
			err(2, "%s", argv[i]);
		while ((got = getline(&line, &len, fp)) > 0) {
			if (line[got - 1] == '\n')
				line[got - 1] = '\0';
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				v = realloc(v, cap * sizeof(*v));
				if (v == NULL)
					err(2, NULL);
			}
			if ((v[n].s = strdup(line)) == NULL)
				err(2, NULL);
			mkkey(&v[n]);
			n++;
		}
		if (fp != stdin)
			fclose(fp);
	} while (argc > 0 && ++i < (size_t)argc);
	if (cflag) {
		for (i = 1; i < n; i++) {
			if (cmpfull(&v[i - 1], &v[i]) > 0 ||
			    (uflag && cmpline(&v[i - 1], &v[i]) == 0)) {
				fprintf(stderr, "sort: %s:%zu: disorder: %s\n",
				    argc > 0 ? argv[0] : "-", i + 1, v[i].s);
				return (1);
			}
		}
		return (0);
	}
	qsort(v, n, sizeof(*v), cmpfull);
	ofp = stdout;
	if (out != NULL && (ofp = fopen(out, "w")) == NULL)
		err(2, "%s", out);
	for (i = 0; i < n; i++) {
		if (uflag && i > 0 && cmpline(&v[i - 1], &v[i]) == 0)
			continue;
		fprintf(ofp, "%s\n", v[i].s);
	}
	if (fflush(ofp) != 0)
		err(2, "%s", out != NULL ? out : "stdout");
	return (rval);
}
