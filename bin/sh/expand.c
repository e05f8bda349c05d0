/*
 * Word expansion, in POSIX's order: tilde, parameters, command
 * substitution and arithmetic (one left-to-right pass over the word's
 * source text), then field splitting on IFS, pathname expansion, and
 * quote removal.  Each character produced carries flags saying whether it
 * was quoted (never split or globbed) or came from an unquoted expansion
 * (split on IFS); "$@" leaves field breaks between the parameters.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define F_Q	0x01		/* quoted */
#define F_X	0x02		/* from an unquoted expansion */
#define F_BRK	0x04		/* field break ("$@") */

struct xbuf {
	char		*s;
	unsigned char	*f;
	size_t		n, cap;
	int		hasquote;	/* the word had quotes */
	int		atempty;	/* "$@" with no parameters */
};

static void
xb_add(struct xbuf *xb, int c, int flags)
{
	if (xb->n + 2 > xb->cap) {
		xb->cap = xb->cap ? xb->cap * 2 : 64;
		xb->s = xrealloc(xb->s, xb->cap);
		xb->f = xrealloc(xb->f, xb->cap);
	}
	xb->s[xb->n] = (char)c;
	xb->f[xb->n] = (unsigned char)flags;
	xb->n++;
	xb->s[xb->n] = '\0';
}

static void
xb_adds(struct xbuf *xb, const char *s, int flags)
{
	for (; *s != '\0'; s++)
		xb_add(xb, (unsigned char)*s, flags);
}

static void
xb_free(struct xbuf *xb)
{
	free(xb->s);
	free(xb->f);
	memset(xb, 0, sizeof(*xb));
}

void
sl_add(struct strlist *sl, char *s)
{
	if (sl->n + 2 > sl->cap) {
		sl->cap = sl->cap ? sl->cap * 2 : 16;
		sl->v = xrealloc(sl->v, sl->cap * sizeof(char *));
	}
	sl->v[sl->n++] = s;
	sl->v[sl->n] = NULL;
}

void
sl_free(struct strlist *sl)
{
	int i;

	for (i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
	memset(sl, 0, sizeof(*sl));
}

static const char *expand_part(const char *, struct xbuf *, int quoted,
    const char *stop);

/* Find the end of a ${...}, $(...) or quoted region starting at s. */
static const char *
skip_balanced(const char *s, char open, char close)
{
	int depth = 1, ncase = 0;
	const char *w;

	for (; *s != '\0'; s++) {
		/* In $( ), a case pattern's `)' is not the closing one. */
		if (open == '(' && isalpha_((unsigned char)*s) &&
		    (s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' ||
		    s[-1] == ';' || s[-1] == '(' || s[-1] == '&' ||
		    s[-1] == '|')) {
			for (w = s; isalnum_((unsigned char)*w); w++)
				;
			if (w - s == 4 && strncmp(s, "case", 4) == 0)
				ncase++;
			else if (w - s == 4 && strncmp(s, "esac", 4) == 0 &&
			    ncase > 0)
				ncase--;
			s = w - 1;
			continue;
		}
		if (*s == ')' && ncase > 0)
			continue;
		/* A $( ) nests, in a "..." too: its quotes are its own. */
		if ((open == '(' || open == '"') && *s == '$' && s[1] == '(') {
			s = skip_balanced(s + 2, '(', ')');
			if (*s == '\0')
				return (s);
			continue;
		}
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '\'' && open != '\'' && open != '"') {
			/* (In "...", a ' is an ordinary character.) */
			const char *e = strchr(s + 1, '\'');

			if (e == NULL)
				return (s + strlen(s));
			s = e;
		} else if (*s == '"' && close != '"') {
			s = skip_balanced(s + 1, '"', '"');
			if (*s == '\0')
				return (s);
		} else if (*s == close && --depth == 0)
			return (s);
		else if (*s == open && open != close)
			depth++;
	}
	return (s);
}

static void
special_param(int c, struct xbuf *xb, int quoted, int flags)
{
	char num[32];
	char *opts;

	switch (c) {
	case '?':
		snprintf(num, sizeof(num), "%d", exitstatus);
		break;
	case '$':
		snprintf(num, sizeof(num), "%d", (int)rootpid);
		break;
	case '!':
		if (lastbgpid == 0)
			return;
		snprintf(num, sizeof(num), "%d", (int)lastbgpid);
		break;
	case '#':
		snprintf(num, sizeof(num), "%d", posc);
		break;
	case '-':
		opts = optstring();
		xb_adds(xb, opts, flags);
		free(opts);
		return;
	case '0':
		xb_adds(xb, arg0, flags);
		return;
	default:
		return;
	}
	xb_adds(xb, num, flags);
}

/* The value of a parameter by name, NULL if unset; *freeit if allocated. */
static char *
param_value(const char *name, int *freeit)
{
	char num[32];
	int n;

	*freeit = 0;
	if (name[0] >= '0' && name[0] <= '9') {
		n = atoi(name);
		if (n == 0)
			return (arg0);
		return (n <= posc ? posv[n - 1] : NULL);
	}
	if (name[1] == '\0' && strchr("?$!#-@*", name[0]) != NULL) {
		struct xbuf xb = { 0 };
		char *r;

		if (name[0] == '@' || name[0] == '*') {
			int i;

			if (posc == 0)
				return (NULL);
			for (i = 0; i < posc; i++) {
				if (i > 0)
					xb_add(&xb, ' ', 0);
				xb_adds(&xb, posv[i], 0);
			}
		} else if (name[0] == '!' && lastbgpid == 0)
			return (NULL);
		else
			special_param(name[0], &xb, 0, 0);
		r = xb.s != NULL ? xb.s : xstrdup("");
		free(xb.f);
		*freeit = 1;
		(void)num;
		return (r);
	}
	return (getvar(name));
}

/* Remove the shortest/longest prefix or suffix matching pat. */
static char *
trim(const char *val, const char *pat, int op, int longest)
{
	size_t len = strlen(val), i;
	char *tmp;

	tmp = xmalloc(len + 1);
	if (op == '#') {
		for (i = longest ? len + 1 : 0; longest ? i-- > 0 : i <= len;
		    longest ? 0 : i++) {
			memcpy(tmp, val, i);
			tmp[i] = '\0';
			if (sh_fnmatch(pat, tmp) == 0) {
				free(tmp);
				return (xstrdup(val + i));
			}
		}
	} else {
		for (i = longest ? 0 : len + 1; longest ? i <= len : i-- > 0;
		    longest ? i++ : 0) {
			if (sh_fnmatch(pat, val + i) == 0) {
				free(tmp);
				return (xstrndup(val, i));
			}
		}
	}
	free(tmp);
	return (xstrdup(val));
}

/* Add a value produced by an expansion. */
static void
add_value(struct xbuf *xb, const char *v, int quoted)
{
	xb_adds(xb, v, quoted ? F_Q : F_X);
}

static void
add_positional(struct xbuf *xb, int c, int quoted)
{
	const char *ifs;
	int i;
	char sep;

	if (c == '@' && quoted) {
		if (posc == 0)
			xb->atempty = 1;
		for (i = 0; i < posc; i++) {
			if (i > 0)
				xb_add(xb, 0, F_BRK);
			xb_adds(xb, posv[i], F_Q);
		}
		return;
	}
	if (quoted) {			/* "$*" */
		ifs = getvar("IFS");
		sep = ifs == NULL ? ' ' : ifs[0];
		for (i = 0; i < posc; i++) {
			if (i > 0 && sep != '\0')
				xb_add(xb, sep, F_Q);
			xb_adds(xb, posv[i], F_Q);
		}
		return;
	}
	for (i = 0; i < posc; i++) {
		if (i > 0)
			xb_add(xb, 0, F_BRK);
		xb_adds(xb, posv[i], F_X);
	}
}

/* Expand ${...}; s points after "${", end at the closing brace. */
static void
brace_param(const char *s, const char *end, struct xbuf *xb, int quoted)
{
	char name[256], *val, *w;
	const char *p = s, *word;
	int len = 0, freeit, colon = 0, op = 0, err, set, isnull;
	size_t n;

	if (*p == '#' && p + 1 < end) {
		len = 1;
		p++;
	}
	if (p < end && strchr("@*#?-$!", *p) != NULL && (p + 1 == end ||
	    strchr(":-=?+%#}", p[1]) != NULL) &&
	    !(len == 0 && *p == '#' && p + 1 < end && p[1] != '}' &&
	    strchr(":-=?+%#", p[1]) == NULL)) {
		name[0] = *p++;
		name[1] = '\0';
	} else {
		n = 0;
		if (p < end && *p >= '0' && *p <= '9') {
			while (p < end && *p >= '0' && *p <= '9' &&
			    n < sizeof(name) - 1)
				name[n++] = *p++;
		} else {
			while (p < end && (isalnum_((unsigned char)*p)) &&
			    n < sizeof(name) - 1)
				name[n++] = *p++;
		}
		name[n] = '\0';
		if (n == 0)
			sh_error("${%.*s}: bad substitution", (int)(end - s), s);
	}
	if (len) {
		char num[32];

		if (p != end)
			sh_error("${%.*s}: bad substitution", (int)(end - s), s);
		if (name[0] == '@' || name[0] == '*')
			snprintf(num, sizeof(num), "%d", posc);
		else {
			val = param_value(name, &freeit);
			if (val == NULL && uflag)
				sh_error("%s: parameter not set", name);
			snprintf(num, sizeof(num), "%zu",
			    val != NULL ? strlen(val) : 0);
			if (freeit)
				free(val);
		}
		add_value(xb, num, quoted);
		return;
	}
	if (p < end && *p == ':') {
		colon = 1;
		p++;
	}
	if (p < end)
		op = *p++;
	if (op != 0 && strchr("-=?+%#", op) == NULL)
		sh_error("${%.*s}: bad substitution", (int)(end - s), s);
	if (colon && (op == '%' || op == '#' || op == 0))
		sh_error("${%.*s}: bad substitution", (int)(end - s), s);
	int longest = 0;
	if ((op == '%' || op == '#') && p < end && *p == op) {
		longest = 1;
		p++;
	}
	word = p;
	val = param_value(name, &freeit);
	set = val != NULL;
	isnull = !set || (colon && *val == '\0');
	if ((name[0] == '@' || name[0] == '*') && name[1] == '\0') {
		set = posc > 0;
		isnull = !set;
	}
	switch (op) {
	case 0:
		if (!set && uflag)
			sh_error("%s: parameter not set", name);
		if ((name[0] == '@' || name[0] == '*') && name[1] == '\0')
			add_positional(xb, name[0], quoted);
		else if (val != NULL)
			add_value(xb, val, quoted);
		break;
	case '-':
	case '+':
		if ((op == '-') == isnull) {
			w = xstrndup(word, end - word);
			expand_part(w, xb, quoted, NULL);
			free(w);
		} else if (op == '-') {
			if ((name[0] == '@' || name[0] == '*') &&
			    name[1] == '\0')
				add_positional(xb, name[0], quoted);
			else
				add_value(xb, val, quoted);
		}
		break;
	case '=':
	case '?':
		if (isnull) {
			w = xstrndup(word, end - word);
			if (freeit)
				free(val);
			freeit = 1;
			val = expand_string(w, &err);
			free(w);
			if (op == '?') {
				sh_error("%s: %s", name, *val != '\0' ? val :
				    "parameter null or not set");
			}
			if (!is_name(name, strlen(name)))
				sh_error("%s: cannot assign", name);
			setvar(name, val, 0);
		}
		add_value(xb, val, quoted);
		break;
	case '%':
	case '#': {
		char *pat, *r;

		if (!set && uflag)
			sh_error("%s: parameter not set", name);
		w = xstrndup(word, end - word);
		pat = expand_pattern(w, &err);
		free(w);
		r = trim(val != NULL ? val : "", pat, op, longest);
		add_value(xb, r, quoted);
		free(r);
		free(pat);
		break;
	}
	}
	if (freeit)
		free(val);
}

static const char *
dollar(const char *s, struct xbuf *xb, int quoted)
{
	const char *e;
	char name[256], *cmd, *out, *v;
	size_t n;
	long r;
	int err;

	/* s points at the '$' */
	s++;
	if (*s == '{') {
		e = skip_balanced(s + 1, '{', '}');
		brace_param(s + 1, e, xb, quoted);
		return (*e != '\0' ? e + 1 : e);
	}
	if (s[0] == '(' && s[1] == '(') {
		/* Arithmetic: find the matching "))". */
		e = skip_balanced(s + 2, '(', ')');	/* inner close */
		if (*e != ')' || e[1] != ')')
			goto cmdsubst;
		cmd = xstrndup(s + 2, e - (s + 2));
		out = expand_string(cmd, &err);
		free(cmd);
		if (arith(out, &r) != 0) {
			free(out);
			sh_error("arithmetic expression: syntax error");
		}
		free(out);
		snprintf(name, sizeof(name), "%ld", r);
		add_value(xb, name, quoted);
		return (e + 2);
	}
cmdsubst:
	if (*s == '(') {
		e = skip_balanced(s + 1, '(', ')');
		cmd = xstrndup(s + 1, e - (s + 1));
		out = command_output(cmd, &err);
		free(cmd);
		add_value(xb, out, quoted);
		free(out);
		return (*e != '\0' ? e + 1 : e);
	}
	if (*s == '@' || *s == '*') {
		add_positional(xb, *s, quoted);
		return (s + 1);
	}
	if (*s != '\0' && strchr("?$!#-0", *s) != NULL) {
		if (*s == '!' && lastbgpid == 0 && uflag)
			sh_error("$!: parameter not set");
		special_param(*s, xb, quoted, quoted ? F_Q : F_X);
		return (s + 1);
	}
	if (*s >= '1' && *s <= '9') {
		n = *s - '0';
		if ((int)n <= posc)
			add_value(xb, posv[n - 1], quoted);
		else if (uflag)
			sh_error("$%c: parameter not set", *s);
		return (s + 1);
	}
	if (isalpha_((unsigned char)*s)) {
		n = 0;
		while (isalnum_((unsigned char)*s) && n < sizeof(name) - 1)
			name[n++] = *s++;
		name[n] = '\0';
		v = getvar(name);
		if (v != NULL)
			add_value(xb, v, quoted);
		else if (uflag)
			sh_error("%s: parameter not set", name);
		return (s);
	}
	xb_add(xb, '$', quoted ? F_Q : 0);
	return (s);
}

/* `...`: undo the backslash escaping of \$ \` \\ first. */
static const char *
backquote(const char *s, struct xbuf *xb, int quoted)
{
	struct xbuf cmd = { 0 };
	char *out;
	int err;

	for (s++; *s != '\0' && *s != '`'; s++) {
		if (*s == '\\' && (s[1] == '$' || s[1] == '`' ||
		    s[1] == '\\' || (quoted && s[1] == '"')))
			s++;
		xb_add(&cmd, (unsigned char)*s, 0);
	}
	out = command_output(cmd.s != NULL ? cmd.s : "", &err);
	xb_free(&cmd);
	add_value(xb, out, quoted);
	free(out);
	return (*s == '`' ? s + 1 : s);
}

/* Inside "...": heredoc mode has no closing quote. */
static const char *
dquote(const char *s, struct xbuf *xb, int heredoc)
{
	xb->hasquote = 1;
	while (*s != '\0') {
		if (*s == '"' && !heredoc)
			return (s + 1);
		if (*s == '\\' && (s[1] == '$' || s[1] == '`' || s[1] == '\\' ||
		    (s[1] == '"' && !heredoc) || s[1] == '\n')) {
			if (s[1] != '\n')
				xb_add(xb, (unsigned char)s[1], F_Q);
			s += 2;
		} else if (*s == '$')
			s = dollar(s, xb, 1);
		else if (*s == '`')
			s = backquote(s, xb, 1);
		else
			xb_add(xb, (unsigned char)*s++, F_Q);
	}
	return (s);
}

static const char *
tilde(const char *s, struct xbuf *xb)
{
	const char *e = s + 1;
	char user[256], *home = NULL;
	struct passwd *pw;
	size_t n;

	while (*e != '\0' && *e != '/' && *e != ':')
		e++;
	n = e - (s + 1);
	if (n == 0)
		home = getvar("HOME");
	else if (n < sizeof(user)) {
		memcpy(user, s + 1, n);
		user[n] = '\0';
		if (strpbrk(user, "'\"\\$`") == NULL &&
		    (pw = getpwnam(user)) != NULL)
			home = pw->pw_dir;
	}
	if (home == NULL) {
		xb_add(xb, '~', 0);
		return (s + 1);
	}
	xb_adds(xb, home, F_Q);
	return (e);
}

/*
 * Expand text into xb.  quoted: the whole text is inside double quotes
 * (the word of ${x:-word} in "..."); stop: not used.
 */
static const char *
expand_part(const char *s, struct xbuf *xb, int quoted, const char *stop)
{
	const char *start = s;

	if (quoted)
		return (dquote(s, xb, 1));
	while (*s != '\0') {
		switch (*s) {
		case '\'': {
			const char *e = strchr(s + 1, '\'');

			xb->hasquote = 1;
			if (e == NULL)
				e = s + strlen(s);
			for (s++; s < e; s++)
				xb_add(xb, (unsigned char)*s, F_Q);
			if (*s == '\'')
				s++;
			break;
		}
		case '"':
			s = dquote(s + 1, xb, 0);
			break;
		case '\\':
			if (s[1] != '\0') {
				xb_add(xb, (unsigned char)s[1], F_Q);
				s += 2;
			} else
				xb_add(xb, (unsigned char)*s++, 0);
			xb->hasquote = 1;
			break;
		case '$':
			s = dollar(s, xb, 0);
			break;
		case '`':
			s = backquote(s, xb, 0);
			break;
		case '~':
			if (s == start)
				s = tilde(s, xb);
			else
				xb_add(xb, (unsigned char)*s++, 0);
			break;
		default:
			xb_add(xb, (unsigned char)*s++, 0);
		}
	}
	(void)stop;
	return (s);
}

/* ---- field splitting and pathname expansion ---------------------- */

static int
globchar(int c)
{
	return (c == '*' || c == '?' || c == '[');
}

static int
cmpstr(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Match pattern components under dir; append matches to out. */
static void
glob_dir(const char *dir, const char *pat, struct strlist *out)
{
	char *slash, comp[NAME_MAX + 1], path[PATH_MAX];
	const char *rest;
	struct dirent *d;
	DIR *dp;
	size_t n;
	int magic = 0;
	const char *q;

	slash = strchr(pat, '/');
	n = slash != NULL ? (size_t)(slash - pat) : strlen(pat);
	if (n > NAME_MAX)
		return;
	memcpy(comp, pat, n);
	comp[n] = '\0';
	rest = slash != NULL ? slash + 1 : NULL;
	for (q = comp; *q != '\0'; q++) {
		if (*q == '\\' && q[1] != '\0')
			q++;
		else if (globchar(*q))
			magic = 1;
	}
	if (!magic) {
		/* A literal component: unescape and go on. */
		char lit[NAME_MAX + 1], *l = lit;
		struct stat st;

		for (q = comp; *q != '\0'; q++) {
			if (*q == '\\' && q[1] != '\0')
				q++;
			*l++ = *q;
		}
		*l = '\0';
		snprintf(path, sizeof(path), "%s%s%s", dir,
		    *dir != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
		    lit);
		if (rest == NULL) {
			if (lstat(path, &st) == 0)
				sl_add(out, xstrdup(path));
		} else if (*rest == '\0') {
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (strlen(path) + 2 <= sizeof(path))
				strcat(path, "/");
				sl_add(out, xstrdup(path));
			}
		} else
			glob_dir(path, rest, out);
		return;
	}
	if ((dp = opendir(*dir != '\0' ? dir : ".")) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.' && comp[0] != '.')
			continue;
		if (sh_fnmatch(comp, d->d_name) != 0)
			continue;
		snprintf(path, sizeof(path), "%s%s%s", dir,
		    *dir != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
		    d->d_name);
		if (rest == NULL)
			sl_add(out, xstrdup(path));
		else {
			struct stat st;

			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (*rest == '\0') {
					if (strlen(path) + 2 <= sizeof(path))
				strcat(path, "/");
					sl_add(out, xstrdup(path));
				} else
					glob_dir(path, rest, out);
			}
		}
	}
	closedir(dp);
}

/* One field: glob it if it has unquoted magic, else add it literally. */
static void
add_field(struct xbuf *xb, size_t from, size_t to, struct strlist *out)
{
	struct strlist m = { 0 };
	char *pat, *lit, *p, *l;
	size_t i;
	int magic = 0;

	pat = xmalloc(2 * (to - from) + 1);
	lit = xmalloc(to - from + 1);
	p = pat;
	l = lit;
	for (i = from; i < to; i++) {
		if (xb->f[i] & F_BRK)
			continue;
		if ((xb->f[i] & F_Q) && (globchar(xb->s[i]) ||
		    xb->s[i] == '\\'))
			*p++ = '\\';
		else if (!(xb->f[i] & F_Q) && globchar(xb->s[i]))
			magic = 1;
		*p++ = xb->s[i];
		*l++ = xb->s[i];
	}
	*p = '\0';
	*l = '\0';
	if (magic && !fflag) {
		if (pat[0] == '/')
			glob_dir("/", pat + 1, &m);
		else
			glob_dir("", pat, &m);
		if (m.n > 0) {
			qsort(m.v, m.n, sizeof(char *), cmpstr);
			for (i = 0; i < (size_t)m.n; i++)
				sl_add(out, m.v[i]);
			free(m.v);
			free(pat);
			free(lit);
			return;
		}
	}
	free(pat);
	sl_add(out, lit);
}

static void
split_fields(struct xbuf *xb, struct strlist *out)
{
	const char *ifs;
	size_t i, start;
	int infield = 0, nfields = 0, c, isws;

	ifs = getvar("IFS");
	if (ifs == NULL)
		ifs = " \t\n";
	start = 0;
	for (i = 0; i < xb->n; i++) {
		c = (unsigned char)xb->s[i];
		if (xb->f[i] & F_BRK) {
			add_field(xb, start, i, out);
			nfields++;
			infield = 0;
			start = i + 1;
			continue;
		}
		if ((xb->f[i] & F_X) && c != '\0' && strchr(ifs, c) != NULL) {
			isws = (c == ' ' || c == '\t' || c == '\n');
			if (infield || !isws) {
				add_field(xb, start, i, out);
				nfields++;
			}
			infield = 0;
			start = i + 1;
			if (isws) {
				/* Whitespace around a non-white delimiter
				 * is part of it. */
				while (i + 1 < xb->n && (xb->f[i + 1] & F_X) &&
				    strchr(ifs, xb->s[i + 1]) != NULL &&
				    (xb->s[i + 1] == ' ' ||
				    xb->s[i + 1] == '\t' ||
				    xb->s[i + 1] == '\n'))
					i++, start++;
				if (i + 1 < xb->n && (xb->f[i + 1] & F_X) &&
				    xb->s[i + 1] != '\0' &&
				    strchr(ifs, xb->s[i + 1]) != NULL) {
					i++;
					start++;
					while (i + 1 < xb->n &&
					    (xb->f[i + 1] & F_X) &&
					    (xb->s[i + 1] == ' ' ||
					    xb->s[i + 1] == '\t' ||
					    xb->s[i + 1] == '\n') &&
					    strchr(ifs, xb->s[i + 1]) != NULL)
						i++, start++;
				}
			}
			continue;
		}
		infield = 1;
	}
	if (infield || (nfields == 0 && xb->hasquote && !xb->atempty) ||
	    (xb->n > 0 && (xb->f[xb->n - 1] & F_BRK)))
		add_field(xb, start, xb->n, out);
}

int
expand_words(struct word *w, struct strlist *out)
{
	struct xbuf xb;

	for (; w != NULL; w = w->next) {
		memset(&xb, 0, sizeof(xb));
		expand_part(w->text, &xb, 0, NULL);
		if (xb.n == 0) {
			if (xb.hasquote && !xb.atempty)
				sl_add(out, xstrdup(""));
		} else
			split_fields(&xb, out);
		xb_free(&xb);
	}
	return (0);
}

/* Expansion without field splitting or globbing (assignments, redirs). */
char *
expand_string(const char *s, int *errp)
{
	struct xbuf xb = { 0 };
	char *r;
	size_t i;

	*errp = 0;
	expand_part(s, &xb, 0, NULL);
	r = xmalloc(xb.n + 1);
	for (i = 0; i < xb.n; i++)
		r[i] = (xb.f[i] & F_BRK) ? ' ' : xb.s[i];
	r[xb.n] = '\0';
	xb_free(&xb);
	return (r);
}

/* A pattern for case or ${x%pat}: quoted magic characters escaped. */
char *
expand_pattern(const char *s, int *errp)
{
	struct xbuf xb = { 0 };
	char *r, *p;
	size_t i;

	*errp = 0;
	expand_part(s, &xb, 0, NULL);
	r = xmalloc(2 * xb.n + 1);
	p = r;
	for (i = 0; i < xb.n; i++) {
		if (xb.f[i] & F_BRK) {
			*p++ = ' ';
			continue;
		}
		if ((xb.f[i] & F_Q) && (globchar(xb.s[i]) || xb.s[i] == '\\' ||
		    xb.s[i] == ']'))
			*p++ = '\\';
		*p++ = xb.s[i];
	}
	*p = '\0';
	xb_free(&xb);
	return (r);
}

char *
expand_heredoc(const char *s, int *errp)
{
	struct xbuf xb = { 0 };
	char *r;

	*errp = 0;
	dquote(s, &xb, 1);
	r = xstrndup(xb.s != NULL ? xb.s : "", xb.n);
	xb_free(&xb);
	return (r);
}
