/*
 * sort(1): sort lines.  -r reverse, -n numeric, -f fold case, -u unique,
 * -b ignore leading blanks, -t char field separator, -k keys
 * (field[.char][bfnr][,field[.char][bfnr]], several allowed, the first
 * deciding first), -o output file, -c check.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rflag, nflag, fflag, uflag, bflag, cflag;
static int sep = -1;

/*
 * One -k key: fields and characters (1-based; ec 0 is the field's end,
 * ef 0 the line's end) and its own modifiers.  A key with no modifiers
 * takes the global -b -f -n -r, as POSIX says.
 */
struct key {
	int	sf, sc, ef, ec;
	int	bs, be, f, n, r;
};
static struct key *keys;
static int	nkeys;

struct line {
	char	*s;
};

/* The start of field f (1-based); blanks before it belong to it. */
static const char *
field(const char *p, int f)
{
	for (; f > 1 && *p != '\0'; f--) {
		if (sep >= 0) {
			while (*p != '\0' && *p != sep)
				p++;
			if (*p == sep)
				p++;
		} else {
			while (isblank((unsigned char)*p))
				p++;
			while (*p != '\0' && !isblank((unsigned char)*p))
				p++;
		}
	}
	return (p);
}

static const char *
skipblank(const char *p)
{
	while (isblank((unsigned char)*p))
		p++;
	return (p);
}

/* The end of field f: its separator (not taken) or the line's end. */
static const char *
fieldend(const char *p)
{
	if (sep >= 0) {
		while (*p != '\0' && *p != sep)
			p++;
	} else {
		p = skipblank(p);
		while (*p != '\0' && !isblank((unsigned char)*p))
			p++;
	}
	return (p);
}

static void
keyspan(const char *s, const struct key *k, const char **kp, size_t *kl)
{
	const char *b, *e, *eol = s + strlen(s);
	int i;

	b = field(s, k->sf);
	if (k->bs)
		b = skipblank(b);
	for (i = 1; i < k->sc && b < eol; i++)
		b++;
	if (k->ef == 0)
		e = eol;
	else {
		e = field(s, k->ef);
		if (k->ec == 0)
			e = fieldend(e);
		else {
			if (k->be)
				e = skipblank(e);
			for (i = 0; i < k->ec && e < eol; i++)
				e++;
		}
	}
	if (e < b)
		e = b;
	*kp = b;
	*kl = e - b;
}

static int
cmpkey(const char *x, const char *y, const struct key *k)
{
	const char *kx, *ky;
	size_t lx, ly, n;
	int r;

	keyspan(x, k, &kx, &lx);
	keyspan(y, k, &ky, &ly);
	if (k->n) {
		char bx[64], by[64];
		double dx, dy;

		snprintf(bx, sizeof(bx), "%.*s", (int)(lx < 63 ? lx : 63), kx);
		snprintf(by, sizeof(by), "%.*s", (int)(ly < 63 ? ly : 63), ky);
		dx = strtod(bx, NULL);
		dy = strtod(by, NULL);
		r = dx < dy ? -1 : dx > dy;
	} else {
		n = lx < ly ? lx : ly;
		r = k->f ? strncasecmp(kx, ky, n) : memcmp(kx, ky, n);
		if (r == 0)
			r = lx < ly ? -1 : lx > ly;
	}
	return (k->r ? -r : r);
}

/* The keys in order (the whole line when there are none). */
static int
cmpline(const void *a, const void *b)
{
	const char *x = ((const struct line *)a)->s;
	const char *y = ((const struct line *)b)->s;
	struct key whole;
	int i, r;

	if (nkeys == 0) {
		memset(&whole, 0, sizeof(whole));
		whole.sf = 1;
		whole.bs = bflag || nflag;
		whole.f = fflag;
		whole.n = nflag;
		whole.r = rflag;
		return (cmpkey(x, y, &whole));
	}
	for (i = 0; i < nkeys; i++)
		if ((r = cmpkey(x, y, &keys[i])) != 0)
			return (r);
	return (0);
}

/* Equal keys: the whole lines byte by byte (reversed by -r), unless -u. */
static int
cmpfull(const void *a, const void *b)
{
	int r = cmpline(a, b);

	if (r == 0 && !uflag) {
		r = strcmp(((const struct line *)a)->s,
		    ((const struct line *)b)->s);
		if (rflag)
			r = -r;
	}
	return (r);
}

/* Parse -k field[.char][mods][,field[.char][mods]]; -1 if bad. */
static int
addkey(const char *arg)
{
	struct key k;
	const char *p = arg;
	char *end;
	int mods = 0, part;

	memset(&k, 0, sizeof(k));
	for (part = 0; part < 2; part++) {
		long f, c = 0;

		if (!isdigit((unsigned char)*p))
			return (-1);
		f = strtol(p, &end, 10);
		p = end;
		if (*p == '.') {
			if (!isdigit((unsigned char)p[1]))
				return (-1);
			c = strtol(p + 1, &end, 10);
			p = end;
		}
		if (part == 0) {
			if (f < 1 || (*p == '.') || c < 0)
				return (-1);
			k.sf = (int)f;
			k.sc = c == 0 ? 1 : (int)c;
			if (c == 0 && *(p - 1) == '0' && p[-2] == '.')
				return (-1);
		} else {
			if (f < 1)
				return (-1);
			k.ef = (int)f;
			k.ec = (int)c;
		}
		for (; *p != '\0' && *p != ','; p++) {
			switch (*p) {
			case 'b': if (part == 0) k.bs = 1; else k.be = 1;
				break;
			case 'f': k.f = 1; break;
			case 'n': k.n = 1; break;
			case 'r': k.r = 1; break;
			default: return (-1);
			}
			mods = 1;
		}
		if (*p != ',')
			break;
		p++;
	}
	if (*p != '\0')
		return (-1);
	if (!mods) {
		/* Filled from the global flags once all are read. */
		k.bs = k.be = -1;
	}
	keys = realloc(keys, (nkeys + 1) * sizeof(*keys));
	if (keys == NULL)
		err(2, NULL);
	keys[nkeys++] = k;
	return (0);
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
	char *line = NULL, *out = NULL;
	ssize_t got;
	FILE *fp, *ofp;
	int ch, rval = 0;

	while ((ch = getopt(argc, argv, "bcfk:no:rt:u")) != -1) {
		switch (ch) {
		case 'b': bflag = 1; break;
		case 'c': cflag = 1; break;
		case 'f': fflag = 1; break;
		case 'k':
			if (addkey(optarg) < 0)
				errx(2, "invalid key: %s", optarg);
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
	for (i = 0; i < (size_t)nkeys; i++) {
		if (keys[i].bs != -1)
			continue;
		keys[i].bs = keys[i].be = bflag;
		keys[i].f = fflag;
		keys[i].n = nflag;
		keys[i].r = rflag;
		if (nflag)
			keys[i].bs = 1;
	}
	/* As FreeBSD: every file is checked before anything is read. */
	for (i = 0; i < (size_t)argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], R_OK) < 0)
			err(2, "%s", argv[i]);
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
