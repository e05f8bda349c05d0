/*
 * sysctl(8): read and set kernel state through sysctl(3) and the kernel's
 * meta nodes ({0,1} name, {0,2} next, {0,3} name2oid, {0,4} oidfmt,
 * {0,5} description), with FreeBSD's flags:
 *
 *	sysctl [-bdeNnoqx] name[=value] ...
 *	sysctl [-bdeNnoqx] -a
 *
 * A node prints every leaf under it.  Opaque values print only with -o or
 * -x (hex dump) unless asked for by name.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int	aflag, bflag, dflag, eflag, Nflag, nflag, oflag, qflag, xflag;
static int	nerrors;
static int	nonl;		/* print_value: no newline (name: old -> new) */

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n",
	    "usage: sysctl [-bdeNnoqx] name[=value] ...",
	    "       sysctl [-bdeNnoqx] -a");
	exit(1);
}

/* The dotted name of an oid (meta node {0,1}). */
static int
oid_name(const int *oid, size_t len, char *buf, size_t size)
{
	int q[CTL_MAXNAME + 2];

	q[0] = CTL_UNSPEC;
	q[1] = CTL_SYSCTL_NAME;
	memcpy(q + 2, oid, len * sizeof(int));
	size--;
	if (sysctl(q, len + 2, buf, &size, NULL, 0) < 0)
		return (-1);
	buf[size] = '\0';
	return (0);
}

/* Kind (CTLTYPE_* | CTLFLAG_*) and format string (meta node {0,4}). */
static int
oid_fmt(const int *oid, size_t len, u_int *kind, char *fmt, size_t fmtsize)
{
	int q[CTL_MAXNAME + 2];
	char buf[BUFSIZ];
	size_t size;

	q[0] = CTL_UNSPEC;
	q[1] = CTL_SYSCTL_OIDFMT;
	memcpy(q + 2, oid, len * sizeof(int));
	size = sizeof(buf) - 1;
	if (sysctl(q, len + 2, buf, &size, NULL, 0) < 0)
		return (-1);
	buf[size] = '\0';
	if (size < sizeof(u_int))
		return (-1);
	memcpy(kind, buf, sizeof(u_int));
	if (fmt != NULL)
		strlcpy(fmt, buf + sizeof(u_int), fmtsize);
	return (0);
}

static int
oid_descr(const int *oid, size_t len, char *buf, size_t size)
{
	int q[CTL_MAXNAME + 2];

	q[0] = CTL_UNSPEC;
	q[1] = CTL_SYSCTL_OIDDESCR;
	memcpy(q + 2, oid, len * sizeof(int));
	size--;
	if (sysctl(q, len + 2, buf, &size, NULL, 0) < 0)
		return (-1);
	buf[size] = '\0';
	return (0);
}

/* The leaf after oid in depth-first order (meta node {0,2}); its length. */
static int
oid_next(const int *oid, size_t len, int *next, size_t *nextlen)
{
	int q[CTL_MAXNAME + 2];
	size_t size;

	q[0] = CTL_UNSPEC;
	q[1] = CTL_SYSCTL_NEXT;
	memcpy(q + 2, oid, len * sizeof(int));
	size = CTL_MAXNAME * sizeof(int);
	if (sysctl(q, len + 2, next, &size, NULL, 0) < 0)
		return (-1);
	*nextlen = size / sizeof(int);
	return (0);
}

static void
hexdump(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

/* Print one value; returns 1 if something was printed. */
static int
print_value(const char *name, u_int kind, const char *fmt,
    const unsigned char *val, size_t len, int byname)
{
	const char *sep = eflag ? "=" : ": ";
	int type = kind & CTLTYPE;
	size_t i, step;

	if (type == CTLTYPE_OPAQUE && !oflag && !xflag && !byname && !bflag)
		return (0);
	if (Nflag) {
		printf("%s\n", name);
		return (1);
	}
	if (!nflag)
		printf("%s%s", name, sep);
	if (dflag) {
		printf("\n");
		return (1);
	}
	if (bflag) {
		fwrite(val, 1, len, stdout);
		return (1);
	}
	switch (type) {
	case CTLTYPE_STRING:
		printf("%.*s", (int)strnlen((const char *)val, len), val);
		break;
	case CTLTYPE_INT:
	case CTLTYPE_UINT:
	case CTLTYPE_S32:
	case CTLTYPE_U32:
	case CTLTYPE_LONG:
	case CTLTYPE_ULONG:
	case CTLTYPE_S64:
	case CTLTYPE_U64:
	case CTLTYPE_U8:
	case CTLTYPE_U16:
	case CTLTYPE_S8:
	case CTLTYPE_S16:
		switch (type) {
		case CTLTYPE_LONG: case CTLTYPE_ULONG:
		case CTLTYPE_S64: case CTLTYPE_U64:
			step = 8;
			break;
		case CTLTYPE_U8: case CTLTYPE_S8:
			step = 1;
			break;
		case CTLTYPE_U16: case CTLTYPE_S16:
			step = 2;
			break;
		default:
			step = 4;
		}
		for (i = 0; i + step <= len; i += step) {
			int64_t sv = 0;
			uint64_t uv = 0;

			switch (step) {
			case 1: { uint8_t v; memcpy(&v, val + i, 1);
				uv = v; sv = (int8_t)v; break; }
			case 2: { uint16_t v; memcpy(&v, val + i, 2);
				uv = v; sv = (int16_t)v; break; }
			case 4: { uint32_t v; memcpy(&v, val + i, 4);
				uv = v; sv = (int32_t)v; break; }
			default: { uint64_t v; memcpy(&v, val + i, 8);
				uv = v; sv = (int64_t)v; break; }
			}
			if (i > 0)
				printf(" ");
			if (xflag)	/* FreeBSD: zero-padded to the width */
				printf("%#0*" PRIx64, (int)(2 + step * 2), uv);
			else if (type == CTLTYPE_UINT || type == CTLTYPE_U32 ||
			    type == CTLTYPE_ULONG || type == CTLTYPE_U64 ||
			    type == CTLTYPE_U8 || type == CTLTYPE_U16)
				printf("%" PRIu64, uv);
			else
				printf("%" PRId64, sv);
		}
		break;
	default:
		printf("Format:%s Length:%zu Dump:0x", fmt, len);
		hexdump(val, len < 16 || xflag ? len : 16);
		if (len > 16 && !xflag)
			printf("...");
		break;
	}
	if (!nonl)
		printf("\n");
	return (1);
}

/* Show one leaf. */
static int
show_leaf(const int *oid, size_t len, int byname)
{
	char name[BUFSIZ], fmt[64], descr[BUFSIZ];
	unsigned char *val;
	size_t vlen;
	u_int kind;

	if (oid_name(oid, len, name, sizeof(name)) < 0)
		return (-1);
	if (oid_fmt(oid, len, &kind, fmt, sizeof(fmt)) < 0)
		return (-1);
	if ((kind & CTLTYPE) == CTLTYPE_NODE)
		return (0);
	if (dflag) {
		if (oid_descr(oid, len, descr, sizeof(descr)) < 0)
			descr[0] = '\0';
		if (!nflag)
			printf("%s%s", name, eflag ? "=" : ": ");
		printf("%s\n", descr);
		return (0);
	}
	if (Nflag) {
		printf("%s\n", name);
		return (0);
	}
	vlen = 0;
	if (sysctl(oid, len, NULL, &vlen, NULL, 0) < 0)
		return (-1);
	vlen += vlen / 8 + 64;		/* room for growth between calls */
	if ((val = malloc(vlen + 1)) == NULL)
		err(1, "malloc");
	if (sysctl(oid, len, val, &vlen, NULL, 0) < 0) {
		free(val);
		return (-1);
	}
	val[vlen] = '\0';
	print_value(name, kind, fmt, val, vlen, byname);
	free(val);
	return (0);
}

/* Show every leaf under oid[0..len) (everything when len is 0). */
static void
show_tree(const int *oid, size_t len)
{
	int cur[CTL_MAXNAME], next[CTL_MAXNAME];
	size_t curlen, nextlen;

	memcpy(cur, oid, len * sizeof(int));
	curlen = len;
	for (;;) {
		if (oid_next(cur, curlen, next, &nextlen) < 0)
			break;
		if (nextlen < len || memcmp(next, oid, len * sizeof(int)) != 0)
			break;
		if (show_leaf(next, nextlen, 0) < 0 && errno != ENOENT &&
		    !qflag)
			warn("%d", next[0]);
		memcpy(cur, next, nextlen * sizeof(int));
		curlen = nextlen;
	}
}

/*
 * The current value of a leaf as a plain read shows it, without the
 * newline; returns 1 if anything was printed.
 */
static int
show_now(const char *name, const int *oid, size_t len)
{
	unsigned char cur[BUFSIZ];
	size_t clen = sizeof(cur) - 1;
	char fmt[64];
	u_int kind;
	int r;

	if (Nflag) {
		printf("%s", name);
		return (1);
	}
	if (sysctl(oid, len, cur, &clen, NULL, 0) < 0 ||
	    oid_fmt(oid, len, &kind, fmt, sizeof(fmt)) < 0)
		return (0);
	cur[clen] = '\0';
	nonl = 1;
	r = print_value(name, kind, fmt, cur, clen, 1);
	nonl = 0;
	return (r);
}

/* Parse and set value for a leaf of kind `kind'. */
static int
set_value(const char *name, const int *oid, size_t len, u_int kind,
    const char *value)
{
	unsigned char buf[8];
	const void *newp;
	size_t newlen;
	char *end;
	int type = kind & CTLTYPE;
	int printed, saven;
	const char *tname;
	long long sv;
	unsigned long long uv;

	errno = 0;
	switch (type) {
	case CTLTYPE_STRING:
		newp = value;
		newlen = strlen(value) + 1;
		break;
	case CTLTYPE_INT: case CTLTYPE_S32:
		sv = strtoll(value, &end, 0);
		if (*value == '\0' || *end != '\0' || errno != 0 ||
		    sv < INT32_MIN || sv > INT32_MAX)
			goto bad;
		{ int32_t v = (int32_t)sv; memcpy(buf, &v, 4); }
		newp = buf;
		newlen = 4;
		break;
	case CTLTYPE_UINT: case CTLTYPE_U32:
		uv = strtoull(value, &end, 0);
		if (*value == '\0' || *value == '-' || *end != '\0' ||
		    errno != 0 || uv > UINT32_MAX)
			goto bad;
		{ uint32_t v = (uint32_t)uv; memcpy(buf, &v, 4); }
		newp = buf;
		newlen = 4;
		break;
	case CTLTYPE_LONG: case CTLTYPE_S64:
		sv = strtoll(value, &end, 0);
		if (*value == '\0' || *end != '\0' || errno != 0)
			goto bad;
		{ int64_t v = sv; memcpy(buf, &v, 8); }
		newp = buf;
		newlen = 8;
		break;
	case CTLTYPE_ULONG: case CTLTYPE_U64:
		uv = strtoull(value, &end, 0);
		if (*value == '\0' || *value == '-' || *end != '\0' ||
		    errno != 0)
			goto bad;
		{ uint64_t v = uv; memcpy(buf, &v, 8); }
		newp = buf;
		newlen = 8;
		break;
	default:
		warnx("oid '%s' is of a type that cannot be set", name);
		return (-1);
	}
	/*
	 * As FreeBSD: "name: old -> new" (the old value as a plain read
	 * prints it, so -n gives "old -> new", -e "name=old -> new", -N
	 * the name on each side).  -q does not hide it: it only silences
	 * unknown oids.
	 */
	printed = show_now(name, oid, len);
	if (sysctl(oid, len, NULL, NULL, newp, newlen) < 0) {
		if (printed && !bflag)
			printf("\n");
		fflush(stdout);
		warn("%s", name);
		return (-1);
	}
	if (!bflag)
		printf(" -> ");
	saven = nflag;
	nflag = 1;
	if (show_now(name, oid, len) && !bflag)
		printf("\n");
	nflag = saven;
	return (0);
bad:
	/* FreeBSD names the type and the value only. */
	switch (type) {
	case CTLTYPE_UINT: case CTLTYPE_U32: tname = "unsigned integer"; break;
	case CTLTYPE_LONG: tname = "long integer"; break;
	case CTLTYPE_ULONG: tname = "unsigned long"; break;
	case CTLTYPE_S64: tname = "int64_t"; break;
	case CTLTYPE_U64: tname = "uint64_t"; break;
	default: tname = "integer"; break;
	}
	warnx("invalid %s '%s'", tname, value);
	return (-1);
}

static int
parse(const char *arg)
{
	char name[BUFSIZ], *value;
	int oid[CTL_MAXNAME];
	size_t len;
	u_int kind;

	if (strlcpy(name, arg, sizeof(name)) >= sizeof(name)) {
		warnx("oid too long: '%s'", arg);
		return (-1);
	}
	value = strchr(name, '=');
	if (value != NULL)
		*value++ = '\0';
	len = CTL_MAXNAME;
	if (sysctlnametomib(name, oid, &len) < 0) {
		if (!qflag)
			warnx("unknown oid '%s'", name);
		return (-1);
	}
	if (oid_fmt(oid, len, &kind, NULL, 0) < 0) {
		if (!qflag)
			warn("%s", name);
		return (-1);
	}
	/* As FreeBSD, -d with name=value only describes the oid. */
	if (value != NULL && !dflag) {
		if ((kind & CTLTYPE) == CTLTYPE_NODE) {
			warnx("oid '%s' isn't a leaf node", name);
			return (-1);
		}
		if (!(kind & CTLFLAG_WR)) {
			warnx("oid '%s' is read only", name);
			return (-1);
		}
		return (set_value(name, oid, len, kind, value));
	}
	if ((kind & CTLTYPE) == CTLTYPE_NODE) {
		show_tree(oid, len);
		return (0);
	}
	if (show_leaf(oid, len, 1) < 0) {
		if (!qflag)
			warn("%s", name);
		return (-1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	int ch, i;

	while ((ch = getopt(argc, argv, "AabdeNnoqXx")) != -1) {
		switch (ch) {
		case 'A':
			aflag = oflag = 1;
			break;
		case 'a':
			aflag = 1;
			break;
		case 'b':
			bflag = 1;
			break;
		case 'd':
			dflag = 1;
			break;
		case 'e':
			eflag = 1;
			break;
		case 'N':
			Nflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		case 'o':
			oflag = 1;
			break;
		case 'q':
			qflag = 1;
			break;
		case 'X':
			aflag = xflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (Nflag && nflag)
		usage();
	if (aflag && argc == 0) {
		show_tree(NULL, 0);
		return (0);
	}
	if (argc == 0)
		usage();
	for (i = 0; i < argc; i++)
		if (parse(argv[i]) < 0)
			nerrors++;
	return (nerrors != 0);
}
