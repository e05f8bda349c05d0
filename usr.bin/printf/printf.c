/*
 * printf(1): format and print the arguments, reusing the format until
 * they are used up.  Conversions: d i o u x X c s b e E f F g G and %%;
 * flags, field width and precision (also `*').  The same source is the
 * shell's built-in (-DSHELL, entry printfcmd), so it never calls exit().
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SHELL
#define main	printfcmd
int	printfcmd(int, char **);
#endif

static char	**gargv;
static int	rval;
static int	stopnow;	/* \c seen */

static void
warnmsg(const char *fmt, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "printf: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

/* Print s interpreting backslash escapes; for %b, \c stops everything. */
static void
escape(const char *s, int isb)
{
	int c, n;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			putchar(*s);
			continue;
		}
		s++;
		switch (*s) {
		case '\0':
			putchar('\\');
			return;
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'f': putchar('\f'); break;
		case 'n': putchar('\n'); break;
		case 'r': putchar('\r'); break;
		case 't': putchar('\t'); break;
		case 'v': putchar('\v'); break;
		case '\\': putchar('\\'); break;
		case '\'': putchar('\''); break;
		case '"': putchar('"'); break;
		case 'c':
			if (isb) {
				stopnow = 1;
				return;
			}
			putchar('\\');
			putchar('c');
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			c = 0;
			n = 0;
			if (isb && *s == '0') {
				s++;
				/* %b: \0ooo */
			}
			while (n < 3 && *s >= '0' && *s <= '7') {
				c = c * 8 + (*s++ - '0');
				n++;
			}
			s--;
			putchar(c);
			break;
		default:
			putchar('\\');
			putchar(*s);
		}
	}
}

static const char *
getstr(void)
{
	return (*gargv != NULL ? *gargv++ : "");
}

static intmax_t
getnum(void)
{
	const char *s;
	char *end;
	intmax_t v;

	if (*gargv == NULL)
		return (0);
	s = *gargv++;
	if (*s == '\'' || *s == '"')
		return ((unsigned char)s[1]);
	errno = 0;
	v = strtoimax(s, &end, 0);
	if (end == s || *end != '\0') {
		warnmsg("%s: expected numeric value", s);
		rval = 1;
	} else if (errno == ERANGE) {
		warnmsg("%s: Result too large", s);
		rval = 1;
	}
	return (v);
}

static double
getdbl(void)
{
	const char *s;
	char *end;
	double v;

	if (*gargv == NULL)
		return (0);
	s = *gargv++;
	if (*s == '\'' || *s == '"')
		return ((unsigned char)s[1]);
	v = strtod(s, &end);
	if (end == s || *end != '\0') {
		warnmsg("%s: expected numeric value", s);
		rval = 1;
	}
	return (v);
}

/* Print one pass over the format; returns -1 on a bad format. */
static int
doformat(const char *fmt)
{
	char spec[64], *sp;
	const char *p;
	int width, prec, havew, havep;

	for (p = fmt; *p != '\0' && !stopnow; p++) {
		if (*p == '\\') {
			/* One escape at a time. */
			char tmp[8];
			int k = 0;

			tmp[k++] = *p++;
			if (*p == '\0') {
				putchar('\\');
				break;
			}
			tmp[k++] = *p;
			if (*p >= '0' && *p <= '7') {
				while (k < 4 && p[1] >= '0' && p[1] <= '7')
					tmp[k++] = *++p;
			}
			tmp[k] = '\0';
			escape(tmp, 0);
			continue;
		}
		if (*p != '%') {
			putchar(*p);
			continue;
		}
		p++;
		if (*p == '%') {
			putchar('%');
			continue;
		}
		sp = spec;
		*sp++ = '%';
		while (*p != '\0' && strchr("-+ #0", *p) != NULL &&
		    sp < spec + 10)
			*sp++ = *p++;
		havew = havep = 0;
		width = prec = 0;
		if (*p == '*') {
			width = (int)getnum();
			havew = 1;
			p++;
		} else
			while (isdigit((unsigned char)*p) && sp < spec + 30)
				*sp++ = *p++;
		if (*p == '.') {
			*sp++ = *p++;
			if (*p == '*') {
				prec = (int)getnum();
				havep = 1;
				p++;
			} else
				while (isdigit((unsigned char)*p) &&
				    sp < spec + 50)
					*sp++ = *p++;
		}
		/* Length modifiers are accepted and ignored. */
		while (*p != '\0' && strchr("hlLqjzt", *p) != NULL)
			p++;
		if (*p == '\0') {
			warnmsg("%s: missing format character", fmt);
			return (-1);
		}
		switch (*p) {
		case 'd': case 'i':
			*sp++ = 'j';
			*sp++ = *p;
			*sp = '\0';
			{
				intmax_t v = getnum();

				if (havew && havep)
					printf(spec, width, prec, v);
				else if (havew)
					printf(spec, width, v);
				else if (havep)
					printf(spec, prec, v);
				else
					printf(spec, v);
			}
			break;
		case 'o': case 'u': case 'x': case 'X':
			*sp++ = 'j';
			*sp++ = *p;
			*sp = '\0';
			{
				uintmax_t v = (uintmax_t)getnum();

				if (havew && havep)
					printf(spec, width, prec, v);
				else if (havew)
					printf(spec, width, v);
				else if (havep)
					printf(spec, prec, v);
				else
					printf(spec, v);
			}
			break;
		case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
			*sp++ = *p;
			*sp = '\0';
			{
				double v = getdbl();

				if (havew && havep)
					printf(spec, width, prec, v);
				else if (havew)
					printf(spec, width, v);
				else if (havep)
					printf(spec, prec, v);
				else
					printf(spec, v);
			}
			break;
		case 'c':
			*sp++ = 'c';
			*sp = '\0';
			{
				int c = (unsigned char)getstr()[0];

				if (havew)
					printf(spec, width, c);
				else
					printf(spec, c);
			}
			break;
		case 's':
			*sp++ = 's';
			*sp = '\0';
			{
				const char *s = getstr();

				if (havew && havep)
					printf(spec, width, prec, s);
				else if (havew)
					printf(spec, width, s);
				else if (havep)
					printf(spec, prec, s);
				else
					printf(spec, s);
			}
			break;
		case 'b':
			escape(getstr(), 1);
			break;
		default:
			{
				char bad[2] = { *p, '\0' };

				warnmsg("illegal format character %s", bad);
			}
			return (-1);
		}
	}
	return (0);
}

int
main(int argc, char **argv)
{
	const char *fmt;
	char **start;

	rval = 0;
	stopnow = 0;
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		/* As FreeBSD's getopt(argc, argv, ""): no options at all. */
		fflush(stdout);
		fprintf(stderr, "printf: illegal option -- %c\n", argv[1][1]);
		argc = 1;
	}
	if (argc < 2) {
		fflush(stdout);
		fprintf(stderr, "usage: printf format [arguments ...]\n");
		return (1);
	}
	fmt = argv[1];
	gargv = argv + 2;
	for (;;) {
		start = gargv;
		if (doformat(fmt) < 0) {
			fflush(stdout);
			return (1);
		}
		if (stopnow || *gargv == NULL || gargv == start)
			break;
	}
	fflush(stdout);
	return (rval);
}
