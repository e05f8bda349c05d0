/*
 * glob/globfree over a directory tree made here: sorted results, dot
 * files only for an explicit dot, several levels of magic, literal
 * components that must exist, GLOB_NOMATCH, GLOB_NOCHECK, GLOB_MARK,
 * GLOB_APPEND, GLOB_DOOFFS, GLOB_NOSORT (same set), GLOB_BRACE,
 * GLOB_NOESCAPE and escapes, gl_matchc, GLOB_MAGCHAR, GLOB_ERR/errfunc
 * on a directory a user cannot read, and GLOB_LIMIT.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define	D	"/tmp/t_glob"

static char joined[1024];

/* The results from index off on, space-separated. */
static const char *
join(const glob_t *g, size_t off)
{
	size_t i;

	joined[0] = '\0';
	for (i = 0; i < g->gl_pathc; i++) {
		if (i > 0)
			strlcat(joined, " ", sizeof(joined));
		strlcat(joined, g->gl_pathv[off + i] != NULL ?
		    g->gl_pathv[off + i] : "(null)", sizeof(joined));
	}
	return (joined);
}

static void
mkfile(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0)
		close(fd);
}

static int errcalls;
static char errpath[256];
static int errval;

static int
record_err(const char *path, int err)
{
	errcalls++;
	strlcpy(errpath, path, sizeof(errpath));
	errval = err;
	return (0);
}

int
main(void)
{
	glob_t g;
	pid_t pid;
	int r, st;

	system("rm -rf " D);
	mkdir(D, 0755);
	mkdir(D "/d1", 0755);
	mkdir(D "/d2", 0755);
	mkdir(D "/d1/sub", 0755);
	mkfile(D "/b.c");
	mkfile(D "/a.c");
	mkfile(D "/c.h");
	mkfile(D "/.hidden.c");
	mkfile(D "/d1/x.c");
	mkfile(D "/d2/y.c");
	mkfile(D "/st*r");
	chdir(D);

	memset(&g, 0, sizeof(g));
	r = glob(D "/*.c", 0, NULL, &g);
	is_int(r, 0, "glob *.c: 0");
	is_int(g.gl_pathc, 2, "glob *.c: 2 paths (no dot file)");
	is_str(join(&g, 0), D "/a.c " D "/b.c", "glob *.c: sorted");
	is_int(g.gl_matchc, 2, "gl_matchc 2");
	ok(g.gl_flags & GLOB_MAGCHAR, "GLOB_MAGCHAR set");
	ok(g.gl_pathv[2] == NULL, "gl_pathv NULL-terminated");
	globfree(&g);
	ok(g.gl_pathv == NULL && g.gl_pathc == 0, "globfree clears");

	r = glob(".*.c", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", ".hidden.c", "explicit dot matches");
	globfree(&g);

	r = glob("*.[ch]", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "a.c b.c c.h", "relative *.[ch]");
	globfree(&g);

	r = glob("d?/*.c", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "d1/x.c d2/y.c", "two levels d?/*.c");
	globfree(&g);

	r = glob("*/sub", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "d1/sub", "magic then literal");
	globfree(&g);

	r = glob("d1/x.c", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "d1/x.c", "literal path that exists");
	ok(!(g.gl_flags & GLOB_MAGCHAR), "no GLOB_MAGCHAR for a literal");
	globfree(&g);
	is_int(glob("d1/none.c", 0, NULL, &g), GLOB_NOMATCH,
	    "literal path that does not exist: GLOB_NOMATCH");

	/* GLOB_NOMATCH and GLOB_NOCHECK. */
	is_int(glob("*.zz", 0, NULL, &g), GLOB_NOMATCH, "GLOB_NOMATCH");
	is_int(g.gl_pathc, 0, "GLOB_NOMATCH: gl_pathc 0");
	r = glob("*.zz", GLOB_NOCHECK, NULL, &g);
	is_int(r, 0, "GLOB_NOCHECK: 0");
	is_str(join(&g, 0), "*.zz", "GLOB_NOCHECK: the pattern itself");
	globfree(&g);
	r = glob("plain", GLOB_NOMAGIC, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "plain", "GLOB_NOMAGIC, no magic");
	globfree(&g);
	is_int(glob("pl*n", GLOB_NOMAGIC, NULL, &g), GLOB_NOMATCH,
	    "GLOB_NOMAGIC with magic: GLOB_NOMATCH");

	/* GLOB_MARK and a trailing slash. */
	r = glob("*", GLOB_MARK, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "a.c b.c c.h d1/ d2/ st*r",
	    "GLOB_MARK: directories get /");
	globfree(&g);
	r = glob("*/", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "d1/ d2/", "trailing /: dirs only");
	globfree(&g);

	/* GLOB_APPEND: the second call's results sorted after the first's. */
	r = glob("*.h", 0, NULL, &g);
	r |= glob("*.c", GLOB_APPEND, NULL, &g);
	is_int(r, 0, "GLOB_APPEND: 0");
	is_int(g.gl_pathc, 3, "GLOB_APPEND: 3 paths");
	is_str(join(&g, 0), "c.h a.c b.c", "GLOB_APPEND: order");
	is_int(g.gl_matchc, 2, "GLOB_APPEND: gl_matchc is this call's");
	is_int(glob("*.zz", GLOB_APPEND, NULL, &g), GLOB_NOMATCH,
	    "GLOB_APPEND no match: GLOB_NOMATCH");
	is_int(g.gl_pathc, 3, "GLOB_APPEND no match: list kept");
	globfree(&g);

	/* GLOB_DOOFFS: gl_offs NULL slots first. */
	g.gl_offs = 2;
	r = glob("*.c", GLOB_DOOFFS, NULL, &g);
	ok(r == 0 && g.gl_pathv[0] == NULL && g.gl_pathv[1] == NULL,
	    "GLOB_DOOFFS: two NULL slots");
	is_str(join(&g, 2), "a.c b.c", "GLOB_DOOFFS: results after them");
	globfree(&g);
	g.gl_offs = 0;

	/* GLOB_NOSORT: the same set. */
	r = glob("*.c", GLOB_NOSORT, NULL, &g);
	ok(r == 0 && g.gl_pathc == 2 &&
	    ((strcmp(g.gl_pathv[0], "a.c") == 0 &&
	    strcmp(g.gl_pathv[1], "b.c") == 0) ||
	    (strcmp(g.gl_pathv[0], "b.c") == 0 &&
	    strcmp(g.gl_pathv[1], "a.c") == 0)), "GLOB_NOSORT: same set");
	globfree(&g);

	/* GLOB_BRACE. */
	r = glob("{c,a}.*", GLOB_BRACE, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "a.c c.h",
	    "GLOB_BRACE: alternatives, sorted together");
	globfree(&g);
	is_int(glob("{c,a}.*", 0, NULL, &g), GLOB_NOMATCH,
	    "braces without GLOB_BRACE are literal");

	/* Escapes. */
	r = glob("st\\*r", 0, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "st*r", "escaped * is literal");
	globfree(&g);
	is_int(glob("\\*.c", 0, NULL, &g), GLOB_NOMATCH,
	    "\\*.c matches only a file named *.c");
	r = glob("st*r", GLOB_NOESCAPE, NULL, &g);
	is_str(r == 0 ? join(&g, 0) : "", "st*r", "GLOB_NOESCAPE");
	globfree(&g);

	/* GLOB_LIMIT: at most gl_matchc paths. */
	g.gl_matchc = 1;
	is_int(glob("*.c", GLOB_LIMIT, NULL, &g), GLOB_NOSPACE,
	    "GLOB_LIMIT 1 with 2 matches: GLOB_NOSPACE");
	globfree(&g);

	/* An unreadable directory (as a user): errfunc, then GLOB_ERR. */
	chmod(D "/d1", 0);
	if ((pid = fork()) == 0) {
		if (setuid(1001) == -1)
			_exit(9);
		r = glob("d1/*", 0, record_err, &g);
		if (r != GLOB_NOMATCH || errcalls != 1)
			_exit(1);
		if (strcmp(errpath, "d1/") != 0 || errval != EACCES)
			_exit(2);
		if (glob("d1/*", GLOB_ERR, NULL, &g) != GLOB_ABORTED)
			_exit(3);
		_exit(0);
	}
	st = -1;
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st), "unreadable directory: child ran");
	is_int(WEXITSTATUS(st), 0, "errfunc(\"d1/\", EACCES) called once, "
	    "GLOB_NOMATCH; with GLOB_ERR GLOB_ABORTED");
	chmod(D "/d1", 0755);
	is_int(glob("nodir/*", GLOB_ERR, NULL, &g), GLOB_NOMATCH,
	    "GLOB_ERR: a missing directory is no match, not an error");

	chdir("/");
	system("rm -rf " D);
	return (done());
}
