/*
 * glob(3) and globfree(3): the path names matching a shell pattern.
 *
 * The pattern is walked one path component at a time: a component with
 * no magic characters (* ? [) is appended as it is (backslash escapes
 * removed unless GLOB_NOESCAPE); one with magic is matched with fnmatch
 * (FNM_PERIOD, so a leading dot must be matched explicitly) against each
 * entry of the directory built so far, and the walk goes on below each
 * match.  A path is a result only if it exists (lstat), so "a/b" with no
 * magic still needs a/b to be there.  Each call's results are sorted by
 * strcmp (the C locale's order) unless GLOB_NOSORT and appended after
 * gl_offs NULL slots (GLOB_DOOFFS) and after the earlier results
 * (GLOB_APPEND).
 *
 * FreeBSD's flags: GLOB_ERR and errfunc for unreadable directories
 * (GLOB_ABORTED), GLOB_MARK, GLOB_NOCHECK, GLOB_NOMAGIC, GLOB_NOESCAPE,
 * GLOB_BRACE ({a,b} alternatives, expanded before matching), GLOB_TILDE
 * (~ and ~user from the password file), GLOB_ALTDIRFUNC and GLOB_LIMIT
 * (at most gl_matchc results, 65536 when zero: GLOB_NOSPACE beyond).
 * No match gives GLOB_NOMATCH, unless GLOB_NOCHECK (or GLOB_NOMAGIC for
 * a pattern without magic) puts the pattern itself in the list.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	GLOB_LIMIT_DEFAULT	65536

struct glob_ctx {
	glob_t	*pglob;
	int	flags;
	int	(*errfunc)(const char *, int);
	char	**found;		/* this call's results */
	size_t	nfound, capfound;
	size_t	limit;			/* 0: none */
	int	error;			/* 0, GLOB_NOSPACE or GLOB_ABORTED */
};

static void
*g_opendir(struct glob_ctx *g, const char *path)
{
	if (g->flags & GLOB_ALTDIRFUNC)
		return (g->pglob->gl_opendir(path));
	return (opendir(path));
}

static struct dirent *
g_readdir(struct glob_ctx *g, void *dirp)
{
	if (g->flags & GLOB_ALTDIRFUNC)
		return (g->pglob->gl_readdir(dirp));
	return (readdir(dirp));
}

static void
g_closedir(struct glob_ctx *g, void *dirp)
{
	if (g->flags & GLOB_ALTDIRFUNC)
		g->pglob->gl_closedir(dirp);
	else
		closedir(dirp);
}

static int
g_stat(struct glob_ctx *g, const char *path, struct stat *sb, int follow)
{
	if (g->flags & GLOB_ALTDIRFUNC)
		return (follow ? g->pglob->gl_stat(path, sb) :
		    g->pglob->gl_lstat(path, sb));
	return (follow ? stat(path, sb) : lstat(path, sb));
}

/* Does s[0..len) hold an unescaped * ? or [ ? */
static int
has_magic(const char *s, size_t len, int flags)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && !(flags & GLOB_NOESCAPE) && i + 1 < len)
			i++;
		else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return (1);
	}
	return (0);
}

static int
add_found(struct glob_ctx *g, const char *path)
{
	char **n;

	if (g->limit != 0 && g->pglob->gl_pathc + g->nfound >= g->limit) {
		errno = 0;
		g->error = GLOB_NOSPACE;
		return (-1);
	}
	if (g->nfound == g->capfound) {
		g->capfound = g->capfound != 0 ? g->capfound * 2 : 16;
		n = realloc(g->found, g->capfound * sizeof(*n));
		if (n == NULL) {
			g->error = GLOB_NOSPACE;
			return (-1);
		}
		g->found = n;
	}
	if ((g->found[g->nfound] = strdup(path)) == NULL) {
		g->error = GLOB_NOSPACE;
		return (-1);
	}
	g->nfound++;
	return (0);
}

/* A directory could not be read: ask errfunc and GLOB_ERR whether to stop. */
static void
dir_error(struct glob_ctx *g, const char *path)
{
	int err = errno;

	if (err == ENOENT || err == ENOTDIR)
		return;
	if ((g->errfunc != NULL && g->errfunc(path, err) != 0) ||
	    (g->flags & GLOB_ERR))
		g->error = GLOB_ABORTED;
}

/*
 * path[0..plen) is the part matched so far (ending in '/' unless empty);
 * pat the rest of the pattern.  Adds every existing path that matches.
 */
static void
glob_dir(struct glob_ctx *g, char *path, size_t plen, const char *pat)
{
	const char *end, *next, *s;
	struct dirent *de;
	struct stat sb;
	size_t n, nlen, i;
	char *cpat;
	void *dirp;

	for (;;) {
		if (g->error != 0)
			return;
		if (*pat == '\0') {
			path[plen] = '\0';
			if (g_stat(g, path, &sb, 0) == -1)
				return;
			if ((g->flags & GLOB_MARK) && path[plen - 1] != '/' &&
			    g_stat(g, path, &sb, 1) == 0 && S_ISDIR(sb.st_mode)) {
				if (plen + 1 >= PATH_MAX)
					return;
				path[plen++] = '/';
				path[plen] = '\0';
			}
			add_found(g, path);
			return;
		}
		end = strchr(pat, '/');
		if (end == NULL)
			end = pat + strlen(pat);
		for (next = end; *next == '/'; next++)
			;
		n = end - pat;
		if (has_magic(pat, n, g->flags))
			break;
		/* A literal component: unescape it, keep the slashes. */
		for (s = pat; s < next; s++) {
			if (*s == '\\' && !(g->flags & GLOB_NOESCAPE) &&
			    s + 1 < end)
				s++;
			if (plen + 1 >= PATH_MAX)
				return;
			path[plen++] = *s;
		}
		pat = next;
	}

	/* A component with magic: match it against the directory. */
	if ((cpat = malloc(n + 1)) == NULL) {
		g->error = GLOB_NOSPACE;
		return;
	}
	memcpy(cpat, pat, n);
	cpat[n] = '\0';
	path[plen] = '\0';
	if ((dirp = g_opendir(g, plen == 0 ? "." : path)) == NULL) {
		dir_error(g, plen == 0 ? "." : path);
		free(cpat);
		return;
	}
	while (g->error == 0 && (de = g_readdir(g, dirp)) != NULL) {
		if (fnmatch(cpat, de->d_name, FNM_PERIOD |
		    ((g->flags & GLOB_NOESCAPE) ? FNM_NOESCAPE : 0)) != 0)
			continue;
		nlen = strlen(de->d_name);
		if (plen + nlen + (next - end) >= PATH_MAX)
			continue;
		memcpy(path + plen, de->d_name, nlen);
		for (i = 0; i < (size_t)(next - end); i++)
			path[plen + nlen + i] = '/';
		glob_dir(g, path, plen + nlen + i, next);
		path[plen] = '\0';
	}
	g_closedir(g, dirp);
	free(cpat);
}

/* ~ or ~user at the front of pat, replaced by the home directory. */
static const char *
expand_tilde(const char *pat, char *buf, size_t size)
{
	const char *home, *slash;
	struct passwd *pw;
	char user[64];			/* FreeBSD: MAXLOGNAME 33 */
	size_t ulen;

	slash = strchr(pat, '/');
	ulen = (slash != NULL ? (size_t)(slash - pat) : strlen(pat)) - 1;
	if (ulen == 0) {
		if ((home = getenv("HOME")) == NULL) {
			if ((pw = getpwuid(getuid())) == NULL)
				return (pat);
			home = pw->pw_dir;
		}
	} else {
		if (ulen >= sizeof(user))
			return (pat);
		memcpy(user, pat + 1, ulen);
		user[ulen] = '\0';
		if ((pw = getpwnam(user)) == NULL)
			return (pat);
		home = pw->pw_dir;
	}
	if (strlen(home) + strlen(pat + 1 + ulen) >= size)
		return (pat);
	strcpy(buf, home);
	strcat(buf, pat + 1 + ulen);
	return (buf);
}

static void glob_pattern(struct glob_ctx *, const char *);

/*
 * GLOB_BRACE: the first {a,b,...} (with a matching brace and not "{}")
 * is replaced by each alternative in turn and the result globbed again.
 * Returns 0 when there was no brace to expand.
 */
static int
expand_brace(struct glob_ctx *g, const char *pat)
{
	const char *lb, *rb, *p, *alt;
	char buf[PATH_MAX];
	size_t pre;
	int depth;

	for (lb = pat; *lb != '\0'; lb++) {
		if (*lb == '\\' && !(g->flags & GLOB_NOESCAPE) && lb[1] != '\0')
			lb++;
		else if (*lb == '{' && lb[1] != '}')
			break;
	}
	if (*lb == '\0')
		return (0);
	for (depth = 0, rb = lb + 1; *rb != '\0'; rb++) {
		if (*rb == '{')
			depth++;
		else if (*rb == '}' && depth-- == 0)
			break;
	}
	if (*rb == '\0')
		return (0);
	pre = lb - pat;
	depth = 0;
	for (alt = p = lb + 1; p <= rb && g->error == 0; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && p != rb)
			depth--;
		else if ((*p == ',' && depth == 0) || p == rb) {
			if (pre + (p - alt) + strlen(rb + 1) < sizeof(buf)) {
				memcpy(buf, pat, pre);
				memcpy(buf + pre, alt, p - alt);
				strcpy(buf + pre + (p - alt), rb + 1);
				glob_pattern(g, buf);
			}
			alt = p + 1;
		}
	}
	return (1);
}

static void
glob_pattern(struct glob_ctx *g, const char *pat)
{
	char path[PATH_MAX], tbuf[PATH_MAX];

	if ((g->flags & GLOB_BRACE) && expand_brace(g, pat))
		return;
	if ((g->flags & GLOB_TILDE) && pat[0] == '~')
		pat = expand_tilde(pat, tbuf, sizeof(tbuf));
	glob_dir(g, path, 0, pat);
}

static int
cmp_paths(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
glob(const char * __restrict pattern, int flags,
    int (*errfunc)(const char *, int), glob_t * __restrict pglob)
{
	struct glob_ctx g;
	size_t i, old, total;
	char **pathv;

	if (!(flags & GLOB_APPEND)) {
		pglob->gl_pathc = 0;
		pglob->gl_pathv = NULL;
		if (!(flags & GLOB_DOOFFS))
			pglob->gl_offs = 0;
	}
	memset(&g, 0, sizeof(g));
	g.pglob = pglob;
	g.flags = flags;
	g.errfunc = errfunc;
	if (flags & GLOB_LIMIT)
		g.limit = pglob->gl_matchc != 0 ? pglob->gl_matchc :
		    GLOB_LIMIT_DEFAULT;
	pglob->gl_flags = flags & ~GLOB_MAGCHAR;
	pglob->gl_errfunc = errfunc;
	pglob->gl_matchc = 0;
	if (has_magic(pattern, strlen(pattern), flags))
		pglob->gl_flags |= GLOB_MAGCHAR;

	if (strlen(pattern) >= PATH_MAX)
		errno = ENAMETOOLONG;
	else
		glob_pattern(&g, pattern);

	if (g.nfound == 0 && g.error == 0) {
		if ((flags & GLOB_NOCHECK) || ((flags & GLOB_NOMAGIC) &&
		    !(pglob->gl_flags & GLOB_MAGCHAR)))
			add_found(&g, pattern);
		else
			return (GLOB_NOMATCH);
	}
	if (!(flags & GLOB_NOSORT))
		qsort(g.found, g.nfound, sizeof(*g.found), cmp_paths);

	/* gl_offs NULLs, the earlier results, these, a NULL. */
	old = pglob->gl_pathc;
	total = pglob->gl_offs + old + g.nfound + 1;
	pathv = realloc(pglob->gl_pathv, total * sizeof(*pathv));
	if (pathv == NULL) {
		for (i = 0; i < g.nfound; i++)
			free(g.found[i]);
		free(g.found);
		return (GLOB_NOSPACE);
	}
	if (pglob->gl_pathv == NULL)
		for (i = 0; i < pglob->gl_offs; i++)
			pathv[i] = NULL;
	for (i = 0; i < g.nfound; i++)
		pathv[pglob->gl_offs + old + i] = g.found[i];
	pathv[total - 1] = NULL;
	pglob->gl_pathv = pathv;
	pglob->gl_pathc = old + g.nfound;
	pglob->gl_matchc = g.nfound;
	free(g.found);
	return (g.error);
}

void
globfree(glob_t *pglob)
{
	size_t i;

	if (pglob->gl_pathv != NULL) {
		for (i = 0; i < pglob->gl_pathc; i++)
			free(pglob->gl_pathv[pglob->gl_offs + i]);
		free(pglob->gl_pathv);
		pglob->gl_pathv = NULL;
	}
	pglob->gl_pathc = 0;
}
