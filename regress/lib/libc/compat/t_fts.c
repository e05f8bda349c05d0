/*
 * fts, nftw and ftw over a tree made here, with exact visit order:
 * fts_open with a name comparison (preorder FTS_D, files FTS_F, symlinks
 * FTS_SL in a physical walk, FTS_SLNONE for a dangling link with
 * FTS_LOGICAL, postorder FTS_DP, levels, names, paths); fts_set
 * FTS_SKIP; fts_children; fts_close in the middle; the EINVAL/ENOENT
 * errors.  nftw preorder and FTW_DEPTH (base and level), FTW_SL vs a
 * followed link, stopping on fn's non-zero return; ftw.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define	D	"/tmp/t_fts"

static char trace[2048];

static void
add(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (trace[0] != '\0')
		strlcat(trace, " ", sizeof(trace));
	strlcat(trace, buf, sizeof(trace));
}

static int
byname(const FTSENT * const *a, const FTSENT * const *b)
{
	return (strcmp((*a)->fts_name, (*b)->fts_name));
}

static const char *
info(int i)
{
	static const char *names[] = { "?", "D", "DC", "DEFAULT", "DNR", "DOT",
	    "DP", "ERR", "F", "INIT", "NS", "NSOK", "SL", "SLNONE", "W" };

	return (i >= 0 && i <= 14 ? names[i] : "?");
}

static void
mkfile(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0)
		close(fd);
}

static int stop_after;

static int
nftw_fn(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	static const char *fl[] = { "F", "D", "DNR", "DP", "NS", "SL", "SLN" };

	add("%s:%s:%d:%d", path + sizeof(D) - 1, fl[flag], f->base -
	    (int)sizeof(D) + 1, f->level);
	return (stop_after != 0 && --stop_after == 0 ? 77 : 0);
}

static int
ftw_fn(const char *path, const struct stat *sb, int flag)
{
	add("%s:%d", path + sizeof(D) - 1, flag);
	return (0);
}

int
main(void)
{
	char *roots[] = { D, NULL }, *bad[] = { "", NULL };
	FTSENT *p, *c;
	FTS *fts;
	int n;

	system("rm -rf " D);
	mkdir(D, 0755);
	mkdir(D "/b", 0755);
	mkdir(D "/b/c", 0755);
	mkdir(D "/e", 0755);
	mkfile(D "/a");
	mkfile(D "/b/c/f");
	mkfile(D "/b/d");
	symlink("a", D "/l");
	symlink("nowhere", D "/z");

	/* A physical walk in name order. */
	trace[0] = '\0';
	fts = fts_open(roots, FTS_PHYSICAL, byname);
	ok(fts != NULL, "fts_open");
	while ((p = fts_read(fts)) != NULL)
		add("%s:%s:%ld", p->fts_path + sizeof(D) - 1, info(p->fts_info),
		    p->fts_level);
	is_int(errno, 0, "fts_read ends with errno 0");
	fts_close(fts);
	is_str(trace, ":D:0 /a:F:1 /b:D:1 /b/c:D:2 /b/c/f:F:3 /b/c:DP:2 "
	    "/b/d:F:2 /b:DP:1 /e:D:1 /e:DP:1 /l:SL:1 /z:SL:1 :DP:0",
	    "fts physical: exact order, info and levels");

	/* Logical: the link to a is a file, the dangling one SLNONE. */
	trace[0] = '\0';
	fts = fts_open(roots, FTS_LOGICAL, byname);
	while ((p = fts_read(fts)) != NULL)
		if (p->fts_level == 1)
			add("%s:%s", p->fts_name, info(p->fts_info));
	fts_close(fts);
	is_str(trace, "a:F b:D b:DP e:D e:DP l:F z:SLNONE",
	    "fts logical: links followed, dangling SLNONE");

	/* FTS_SKIP on b; fts_children of e and of the root. */
	trace[0] = '\0';
	fts = fts_open(roots, FTS_PHYSICAL, byname);
	while ((p = fts_read(fts)) != NULL) {
		if (p->fts_level == 0 && p->fts_info == FTS_D) {
			n = 0;
			for (c = fts_children(fts, 0); c != NULL; c = c->fts_link)
				n++;
			add("children=%d", n);
		}
		if (p->fts_info == FTS_D && strcmp(p->fts_name, "b") == 0)
			fts_set(fts, p, FTS_SKIP);
		add("%s:%s", p->fts_name[0] == '/' ? "root" : p->fts_name,
		    info(p->fts_info));
	}
	fts_close(fts);
	is_str(trace, "children=5 root:D a:F b:D b:DP e:D e:DP l:SL z:SL "
	    "root:DP", "FTS_SKIP skips b's subtree; fts_children counts 5");

	/* Stopping in the middle and closing frees without a walk to the end. */
	fts = fts_open(roots, FTS_PHYSICAL, byname);
	for (n = 0; n < 4 && (p = fts_read(fts)) != NULL; n++)
		;
	is_str(p != NULL ? p->fts_name : NULL, "c", "4th entry is c");
	is_int(fts_close(fts), 0, "fts_close in the middle");

	errno = 0;
	ok(fts_open(roots, 0, NULL) == NULL && errno == EINVAL,
	    "fts_open without LOGICAL/PHYSICAL: EINVAL");
	errno = 0;
	ok(fts_open(roots, FTS_PHYSICAL | 0x10000, NULL) == NULL &&
	    errno == EINVAL, "fts_open unknown option: EINVAL");
	errno = 0;
	ok(fts_open(bad, FTS_PHYSICAL, NULL) == NULL && errno == ENOENT,
	    "fts_open of \"\": ENOENT");
	fts = fts_open(roots, FTS_PHYSICAL, NULL);
	p = fts_read(fts);
	errno = 0;
	ok(fts_set(fts, p, 99) == -1 && errno == EINVAL, "fts_set 99: EINVAL");
	fts_close(fts);

	/* nftw, preorder and FTW_DEPTH; path:flag:base:level. */
	trace[0] = '\0';
	is_int(nftw(D, nftw_fn, 4, FTW_PHYS), 0, "nftw: 0");
	is_str(trace, ":D:-5:0 /a:F:1:1 /b:D:1:1 /b/c:D:3:2 /b/c/f:F:5:3 "
	    "/b/d:F:3:2 /e:D:1:1 /l:SL:1:1 /z:SL:1:1",
	    "nftw FTW_PHYS: preorder, exact");
	trace[0] = '\0';
	nftw(D "/b", nftw_fn, 1, FTW_PHYS | FTW_DEPTH);
	is_str(trace, "/b/c/f:F:5:2 /b/c:DP:3:1 /b/d:F:3:1 /b:DP:1:0",
	    "nftw FTW_DEPTH: postorder, exact");
	trace[0] = '\0';
	nftw(D, nftw_fn, 1, 0);
	ok(strstr(trace, "/l:F:1:1") != NULL && strstr(trace, "/z:SLN:1:1"),
	    "nftw logical: link followed, dangling FTW_SLN");
	trace[0] = '\0';
	stop_after = 3;
	is_int(nftw(D, nftw_fn, 1, FTW_PHYS), 77, "nftw: fn's 77 returned");
	is_str(trace, ":D:-5:0 /a:F:1:1 /b:D:1:1", "nftw stopped after 3");
	stop_after = 0;
	errno = 0;
	ok(nftw(D, nftw_fn, 0, 0) == -1 && errno == EINVAL,
	    "nftw nfds 0: EINVAL");
	errno = 0;
	ok(nftw(D "/none", nftw_fn, 1, 0) == -1 && errno == ENOENT,
	    "nftw of a missing path: -1 ENOENT");

	trace[0] = '\0';
	is_int(ftw(D "/b", ftw_fn, 2), 0, "ftw: 0");
	is_str(trace, "/b:1 /b/c:1 /b/c/f:0 /b/d:0", "ftw: preorder, exact");

	system("rm -rf " D);
	return (done());
}
