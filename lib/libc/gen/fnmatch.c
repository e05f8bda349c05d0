/*
 * fnmatch(3): shell pattern matching (* ? [...] with ! or ^ negation and
 * ranges, backslash escapes) with FNM_NOESCAPE, FNM_PATHNAME, FNM_PERIOD,
 * FNM_LEADING_DIR and FNM_CASEFOLD.  Recursive on '*'; patterns are
 * short, and a run of stars collapses first.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

static int
fold(int c, int flags)
{
	return ((flags & FNM_CASEFOLD) ? tolower((unsigned char)c) : c);
}

/*
 * Match one bracket expression at *pp against c; advance *pp past it.
 * Returns 1 (match), 0 (no match) or -1 (not a bracket expression: treat
 * '[' literally).
 */
static int
bracket(const char **pp, int c, int flags)
{
	const char *p = *pp + 1;
	int neg = 0, ok = 0, lo, hi;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	if (*p == ']') {
		ok |= (c == ']');
		p++;
	}
	while (*p != ']') {
		if (*p == '\0')
			return (-1);
		lo = *p++;
		if (lo == '\\' && !(flags & FNM_NOESCAPE) && *p != '\0')
			lo = *p++;
		if (*p == '-' && p[1] != ']' && p[1] != '\0') {
			p++;
			hi = *p++;
			if (hi == '\\' && !(flags & FNM_NOESCAPE) && *p != '\0')
				hi = *p++;
			if (fold(lo, flags) <= c && c <= fold(hi, flags))
				ok = 1;
		} else if (fold(lo, flags) == c)
			ok = 1;
	}
	*pp = p + 1;
	return (ok != neg);
}

static int
match(const char *p, const char *s, const char *start, int flags)
{
	int c, r;
	const char *save;

	for (;;) {
		c = *p++;
		switch (c) {
		case '\0':
			if ((flags & FNM_LEADING_DIR) && *s == '/')
				return (0);
			return (*s == '\0' ? 0 : FNM_NOMATCH);
		case '?':
			if (*s == '\0')
				return (FNM_NOMATCH);
			if (*s == '/' && (flags & FNM_PATHNAME))
				return (FNM_NOMATCH);
			if (*s == '.' && (flags & FNM_PERIOD) && (s == start ||
			    ((flags & FNM_PATHNAME) && s[-1] == '/')))
				return (FNM_NOMATCH);
			s++;
			break;
		case '*':
			while (*p == '*')
				p++;
			if (*s == '.' && (flags & FNM_PERIOD) && (s == start ||
			    ((flags & FNM_PATHNAME) && s[-1] == '/')))
				return (FNM_NOMATCH);
			if (*p == '\0') {
				if (flags & FNM_PATHNAME)
					return ((flags & FNM_LEADING_DIR) ||
					    strchr(s, '/') == NULL ? 0 :
					    FNM_NOMATCH);
				return (0);
			}
			for (; *s != '\0'; s++) {
				if (match(p, s, start, flags) == 0)
					return (0);
				if (*s == '/' && (flags & FNM_PATHNAME))
					return (FNM_NOMATCH);
			}
			return (match(p, s, start, flags));
		case '[':
			if (*s == '\0')
				return (FNM_NOMATCH);
			if (*s == '/' && (flags & FNM_PATHNAME))
				return (FNM_NOMATCH);
			save = p - 1;
			r = bracket(&save, fold(*s, flags), flags);
			if (r < 0) {
				if (*s != '[')
					return (FNM_NOMATCH);
			} else {
				if (r == 0)
					return (FNM_NOMATCH);
				p = save;
			}
			s++;
			break;
		case '\\':
			if (!(flags & FNM_NOESCAPE)) {
				c = *p++;
				if (c == '\0') {
					c = '\\';
					p--;
				}
			}
			/* FALLTHROUGH */
		default:
			if (fold(c, flags) != fold(*s, flags))
				return (FNM_NOMATCH);
			s++;
			break;
		}
	}
}

int
fnmatch(const char *pattern, const char *string, int flags)
{
	return (match(pattern, string, string, flags));
}
