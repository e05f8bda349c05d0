/*
 * nftw(3) and ftw(3) over fts (gen/fts.c), as FreeBSD builds them.  The
 * entries of each directory are visited in name order (strcmp), so a
 * walk is reproducible; POSIX leaves the order open.  nfds (the number of
 * descriptors the walk may hold) must be at least 1 but is otherwise
 * unused: fts holds one descriptor at a time.  fn's non-zero return stops
 * the walk and is returned; a directory cycle or an fts error is -1 with
 * errno (ELOOP for a cycle; ENOENT and the like, as POSIX says, when path
 * itself cannot be found, where FreeBSD's would call fn with FTW_NS).  FTW_CHDIR changes to each entry's directory
 * before fn is called (fn then uses path + base, as with glibc; path
 * itself stays relative to the start) and back to the starting directory
 * at the end.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>

static int
ftw_byname(const FTSENT * const *a, const FTSENT * const *b)
{
	return (strcmp((*a)->fts_name, (*b)->fts_name));
}

/* chdir to the directory holding p (for FTW_CHDIR). */
static int
ftw_chdir(const FTSENT *p)
{
	char dir[p->fts_pathlen + 2];
	size_t base;

	base = p->fts_pathlen - p->fts_namelen;
	if (p->fts_level == FTS_ROOTLEVEL || base == 0)
		return (0);
	memcpy(dir, p->fts_path, base);
	dir[base] = '\0';
	return (chdir(dir));
}

int
nftw(const char *path, int (*fn)(const char *, const struct stat *, int,
    struct FTW *), int nfds, int ftwflags)
{
	char * const paths[2] = { (char *)path, NULL };
	struct FTW ftw;
	struct stat sb;
	FTSENT *cur;
	FTS *ftsp;
	int error, fnflag, ftsflags, postorder, sverrno, cwd;

	if (nfds < 1 || (ftwflags & ~(FTW_PHYS | FTW_MOUNT | FTW_DEPTH |
	    FTW_CHDIR)) != 0) {
		errno = EINVAL;
		return (-1);
	}
	ftsflags = FTS_COMFOLLOW | FTS_NOCHDIR;
	ftsflags |= (ftwflags & FTW_PHYS) ? FTS_PHYSICAL : FTS_LOGICAL;
	if (ftwflags & FTW_MOUNT)
		ftsflags |= FTS_XDEV;
	postorder = (ftwflags & FTW_DEPTH) != 0;
	/* POSIX: a path that does not exist is an error, not FTW_NS. */
	if (lstat(path, &sb) == -1)
		return (-1);
	cwd = -1;
	if ((ftwflags & FTW_CHDIR) &&
	    (cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	if ((ftsp = fts_open(paths, ftsflags, ftw_byname)) == NULL) {
		if (cwd != -1)
			close(cwd);
		return (-1);
	}
	error = 0;
	while ((cur = fts_read(ftsp)) != NULL) {
		switch (cur->fts_info) {
		case FTS_D:
			if (postorder)
				continue;
			fnflag = FTW_D;
			break;
		case FTS_DNR:
			fnflag = FTW_DNR;
			break;
		case FTS_DP:
			if (!postorder)
				continue;
			fnflag = FTW_DP;
			break;
		case FTS_F:
		case FTS_DEFAULT:
			fnflag = FTW_F;
			break;
		case FTS_NS:
		case FTS_NSOK:
			fnflag = FTW_NS;
			break;
		case FTS_SL:
			fnflag = FTW_SL;
			break;
		case FTS_SLNONE:
			fnflag = FTW_SLN;
			break;
		case FTS_DC:
			errno = ELOOP;
			error = -1;
			goto done;
		case FTS_DOT:
			continue;
		default:
			errno = cur->fts_errno;
			error = -1;
			goto done;
		}
		ftw.base = cur->fts_pathlen - cur->fts_namelen;
		if (cur->fts_level == FTS_ROOTLEVEL) {
			/* A root's fts_name is the whole path: base is
			   where its last component starts. */
			const char *s = strrchr(cur->fts_path, '/');

			ftw.base = s != NULL && s[1] != '\0' ?
			    s + 1 - cur->fts_path : 0;
		}
		ftw.level = cur->fts_level;
		if ((ftwflags & FTW_CHDIR) && cwd != -1) {
			if (fchdir(cwd) == -1 || ftw_chdir(cur) == -1) {
				error = -1;
				goto done;
			}
		}
		error = fn(cur->fts_path, cur->fts_statp, fnflag, &ftw);
		if (error != 0)
			break;
	}
done:
	sverrno = errno;
	(void)fts_close(ftsp);
	if (cwd != -1) {
		(void)fchdir(cwd);
		close(cwd);
	}
	errno = sverrno;
	return (error);
}

/* ftw(3): the older interface, a logical walk in preorder. */
int
ftw(const char *path, int (*fn)(const char *, const struct stat *, int),
    int nfds)
{
	char * const paths[2] = { (char *)path, NULL };
	struct stat sb;
	FTSENT *cur;
	FTS *ftsp;
	int error, fnflag, sverrno;

	if (nfds < 1) {
		errno = EINVAL;
		return (-1);
	}
	if (lstat(path, &sb) == -1)
		return (-1);
	if ((ftsp = fts_open(paths, FTS_LOGICAL | FTS_COMFOLLOW |
	    FTS_NOCHDIR, ftw_byname)) == NULL)
		return (-1);
	error = 0;
	while ((cur = fts_read(ftsp)) != NULL) {
		switch (cur->fts_info) {
		case FTS_D:
			fnflag = FTW_D;
			break;
		case FTS_DNR:
			fnflag = FTW_DNR;
			break;
		case FTS_F:
		case FTS_DEFAULT:
			fnflag = FTW_F;
			break;
		case FTS_NS:
		case FTS_NSOK:
		case FTS_SLNONE:
			fnflag = FTW_NS;
			break;
		case FTS_SL:
			fnflag = FTW_SL;
			break;
		case FTS_DC:
			errno = ELOOP;
			error = -1;
			goto done;
		case FTS_DP:
		case FTS_DOT:
			continue;
		default:
			errno = cur->fts_errno;
			error = -1;
			goto done;
		}
		if ((error = fn(cur->fts_path, cur->fts_statp, fnflag)) != 0)
			break;
	}
done:
	sverrno = errno;
	(void)fts_close(ftsp);
	errno = sverrno;
	return (error);
}
