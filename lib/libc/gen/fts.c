/*
 * fts(3): walk file hierarchies, FreeBSD's interface (fts_open, fts_read,
 * fts_children, fts_set, fts_close) with its visit order and fts_info
 * values: a directory is returned before its children (FTS_D) and again
 * after them (FTS_DP); an unreadable one once more as FTS_DNR instead;
 * FTS_DC for a directory that is its own ancestor; FTS_SL/FTS_SLNONE for
 * links in a physical walk; FTS_NS when stat fails; FTS_DOT for . and ..
 * with FTS_SEEDOT.  Children come in directory order, or sorted by the
 * comparison function given to fts_open.
 *
 * Unlike FreeBSD's, this fts never changes the working directory: every
 * entry carries its whole path, fts_accpath is fts_path, and FTS_NOCHDIR
 * is always in effect.  That costs a path copy per entry and a full path
 * lookup per stat, and saves the fragile chdir("..") bookkeeping.
 * Entries are freed once the walk moves past them, so memory follows the
 * depth and the widest directory, not the tree.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fts.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	ISSET(sp, opt)	((sp)->fts_options & (opt))

/* One entry: the FTSENT, its stat buffer and its path, in one block. */
static FTSENT *
fts_alloc(FTS *sp, const char *dir, size_t dirlen, const char *name)
{
	FTSENT *p;
	size_t namelen, len;
	char *path;

	namelen = strlen(name);
	len = dirlen + (dirlen != 0) + namelen;
	p = calloc(1, sizeof(*p) + sizeof(struct stat) + len + 1);
	if (p == NULL)
		return (NULL);
	p->fts_statp = (struct stat *)(p + 1);
	path = (char *)(p->fts_statp + 1);
	if (dirlen != 0) {
		memcpy(path, dir, dirlen);
		path[dirlen] = '/';
	}
	memcpy(path + len - namelen, name, namelen + 1);
	p->fts_path = p->fts_accpath = path;
	p->fts_pathlen = len;
	/* A root's name is the whole argument, as on FreeBSD. */
	p->fts_name = dirlen != 0 ? path + len - namelen : path;
	p->fts_namelen = dirlen != 0 ? namelen : len;
	p->fts_instr = FTS_NOINSTR;
	p->fts_symfd = -1;
	p->fts_fts = sp;
	return (p);
}

/* The fts_info of p from (l)stat; follow means stat through links. */
static int
fts_stat(FTS *sp, FTSENT *p, int follow)
{
	struct stat *sb = p->fts_statp;
	FTSENT *t;

	p->fts_errno = 0;
	if (ISSET(sp, FTS_LOGICAL) || follow) {
		if (stat(p->fts_accpath, sb) == -1) {
			if (errno == ENOENT && lstat(p->fts_accpath, sb) == 0) {
				errno = 0;
				return (FTS_SLNONE);
			}
			p->fts_errno = errno;
			memset(sb, 0, sizeof(*sb));
			return (FTS_NS);
		}
	} else if (lstat(p->fts_accpath, sb) == -1) {
		p->fts_errno = errno;
		memset(sb, 0, sizeof(*sb));
		return (FTS_NS);
	}
	p->fts_dev = sb->st_dev;
	p->fts_ino = sb->st_ino;
	p->fts_nlink = sb->st_nlink;
	if (S_ISDIR(sb->st_mode)) {
		if (p->fts_level > FTS_ROOTLEVEL && p->fts_name[0] == '.' &&
		    (p->fts_name[1] == '\0' ||
		    (p->fts_name[1] == '.' && p->fts_name[2] == '\0')))
			return (FTS_DOT);
		for (t = p->fts_parent; t != NULL &&
		    t->fts_level >= FTS_ROOTLEVEL; t = t->fts_parent)
			if (t->fts_ino == p->fts_ino &&
			    t->fts_dev == p->fts_dev) {
				p->fts_cycle = t;
				return (FTS_DC);
			}
		return (FTS_D);
	}
	if (S_ISLNK(sb->st_mode))
		return (FTS_SL);
	if (S_ISREG(sb->st_mode))
		return (FTS_F);
	return (FTS_DEFAULT);
}

static void
fts_lfree(FTSENT *p)
{
	FTSENT *next;

	for (; p != NULL; p = next) {
		next = p->fts_link;
		free(p);
	}
}

/* Link the n entries of array in order, sorted first if asked. */
static FTSENT *
fts_sort(FTS *sp, FTSENT **array, size_t n)
{
	size_t i;

	if (sp->fts_compar != NULL && n > 1)
		qsort(array, n, sizeof(*array), (int (*)(const void *,
		    const void *))sp->fts_compar);
	for (i = 0; i + 1 < n; i++)
		array[i]->fts_link = array[i + 1];
	if (n != 0)
		array[n - 1]->fts_link = NULL;
	return (n != 0 ? array[0] : NULL);
}

/*
 * The children of directory cur, as a linked list (NULL: none or an
 * error).  nameonly (fts_children's FTS_NAMEONLY) skips the stats.
 * When reading for fts_read, an empty directory becomes FTS_DP and an
 * unreadable one FTS_DNR.
 */
static FTSENT *
fts_build(FTS *sp, FTSENT *cur, int nameonly, int forread)
{
	struct dirent *dp;
	FTSENT *p, **array, **na;
	size_t n, cap;
	DIR *dirp;

	if ((dirp = opendir(cur->fts_accpath)) == NULL) {
		cur->fts_errno = errno;
		if (forread)
			cur->fts_info = FTS_DNR;
		return (NULL);
	}
	array = NULL;
	n = cap = 0;
	while ((dp = readdir(dirp)) != NULL) {
		if (!ISSET(sp, FTS_SEEDOT) && dp->d_name[0] == '.' &&
		    (dp->d_name[1] == '\0' ||
		    (dp->d_name[1] == '.' && dp->d_name[2] == '\0')))
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 32;
			if ((na = realloc(array, cap * sizeof(*na))) == NULL)
				goto nomem;
			array = na;
		}
		p = fts_alloc(sp, cur->fts_path, cur->fts_pathlen,
		    dp->d_name);
		if (p == NULL)
			goto nomem;
		p->fts_level = cur->fts_level + 1;
		p->fts_parent = cur;
		if (nameonly || (ISSET(sp, FTS_NOSTAT) &&
		    dp->d_type != DT_DIR && dp->d_type != DT_UNKNOWN))
			p->fts_info = FTS_NSOK;
		else
			p->fts_info = fts_stat(sp, p, 0);
		array[n++] = p;
	}
	closedir(dirp);
	p = fts_sort(sp, array, n);
	free(array);
	if (p == NULL && forread)
		cur->fts_info = FTS_DP;
	return (p);
nomem:
	closedir(dirp);
	while (n > 0)
		free(array[--n]);
	free(array);
	cur->fts_errno = ENOMEM;
	sp->fts_options |= FTS_STOP;
	errno = ENOMEM;
	return (NULL);
}

FTS *
fts_open(char * const *argv, int options,
    int (*compar)(const FTSENT * const *, const FTSENT * const *))
{
	FTSENT *parent, *p, **array, **na;
	size_t n, cap;
	FTS *sp;

	if ((options & ~FTS_OPTIONMASK) != 0 ||
	    !(options & (FTS_LOGICAL | FTS_PHYSICAL))) {
		errno = EINVAL;
		return (NULL);
	}
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return (NULL);
	sp->fts_compar = compar;
	sp->fts_options = options | FTS_NOCHDIR;
	sp->fts_rfd = -1;

	/* The roots hang under a parent at FTS_ROOTPARENTLEVEL. */
	if ((parent = fts_alloc(sp, NULL, 0, "")) == NULL)
		goto bad;
	parent->fts_level = FTS_ROOTPARENTLEVEL;
	array = NULL;
	n = cap = 0;
	for (; *argv != NULL; argv++) {
		if (**argv == '\0') {
			errno = ENOENT;
			goto badroots;
		}
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			if ((na = realloc(array, cap * sizeof(*na))) == NULL)
				goto badroots;
			array = na;
		}
		if ((p = fts_alloc(sp, NULL, 0, *argv)) == NULL)
			goto badroots;
		p->fts_level = FTS_ROOTLEVEL;
		p->fts_parent = parent;
		p->fts_info = fts_stat(sp, p, ISSET(sp, FTS_COMFOLLOW));
		array[n++] = p;
	}
	p = fts_sort(sp, array, n);
	free(array);

	/* fts_read starts from an FTS_INIT node whose link is the roots. */
	if ((sp->fts_cur = fts_alloc(sp, NULL, 0, "")) == NULL) {
		fts_lfree(p);
		free(parent);
		goto bad;
	}
	sp->fts_cur->fts_level = FTS_ROOTLEVEL;
	sp->fts_cur->fts_parent = parent;
	sp->fts_cur->fts_link = p;
	sp->fts_cur->fts_info = FTS_INIT;
	return (sp);
badroots:
	while (n > 0)
		free(array[--n]);
	free(array);
	free(parent);
bad:
	free(sp);
	return (NULL);
}

FTSENT *
fts_read(FTS *sp)
{
	FTSENT *p, *q;
	int instr;

	if ((p = sp->fts_cur) == NULL || ISSET(sp, FTS_STOP))
		return (NULL);
	instr = p->fts_instr;
	p->fts_instr = FTS_NOINSTR;

	if (instr == FTS_AGAIN) {
		p->fts_info = fts_stat(sp, p, 0);
		return (p);
	}
	if (instr == FTS_FOLLOW &&
	    (p->fts_info == FTS_SL || p->fts_info == FTS_SLNONE)) {
		p->fts_info = fts_stat(sp, p, 1);
		if (p->fts_info == FTS_D)
			p->fts_flags |= FTS_SYMFOLLOW;
		return (p);
	}

	if (p->fts_info == FTS_D) {
		/* Skipped, or across a mount point: the postorder visit now. */
		if (instr == FTS_SKIP ||
		    (ISSET(sp, FTS_XDEV) && p->fts_dev != sp->fts_dev)) {
			fts_lfree(sp->fts_child);
			sp->fts_child = NULL;
			p->fts_info = FTS_DP;
			return (p);
		}
		/* fts_children's names-only list must be read again. */
		if (sp->fts_child != NULL && ISSET(sp, FTS_NAMEONLY)) {
			fts_lfree(sp->fts_child);
			sp->fts_child = NULL;
		}
		sp->fts_options &= ~FTS_NAMEONLY;
		if (sp->fts_child == NULL &&
		    (sp->fts_child = fts_build(sp, p, 0, 1)) == NULL)
			return (ISSET(sp, FTS_STOP) ? NULL : p);
		q = sp->fts_child;
		sp->fts_child = NULL;
		goto found;
	}

	/* On to the next sibling, or up to the parent. */
	for (;;) {
		q = p->fts_link;
		if (q == NULL)
			break;
		free(p);
		p = q;
		if (q->fts_instr == FTS_SKIP)
			continue;
		if (q->fts_instr == FTS_FOLLOW) {
			q->fts_instr = FTS_NOINSTR;
			q->fts_info = fts_stat(sp, q, 1);
			if (q->fts_info == FTS_D)
				q->fts_flags |= FTS_SYMFOLLOW;
		}
		goto found;
	}
	q = p->fts_parent;
	free(p);
	if (q->fts_level == FTS_ROOTPARENTLEVEL) {
		free(q);
		sp->fts_cur = NULL;
		errno = 0;
		return (NULL);
	}
	q->fts_info = q->fts_errno != 0 && q->fts_info != FTS_D ? FTS_ERR :
	    FTS_DP;
	sp->fts_cur = q;
	return (q);

found:
	sp->fts_cur = q;
	if (q->fts_level == FTS_ROOTLEVEL)
		sp->fts_dev = q->fts_dev;
	return (q);
}

FTSENT *
fts_children(FTS *sp, int instr)
{
	FTSENT *p;

	if (instr != 0 && instr != FTS_NAMEONLY) {
		errno = EINVAL;
		return (NULL);
	}
	if ((p = sp->fts_cur) == NULL)
		return (NULL);
	errno = 0;
	if (ISSET(sp, FTS_STOP))
		return (NULL);
	if (p->fts_info == FTS_INIT)
		return (p->fts_link);
	if (p->fts_info != FTS_D)
		return (NULL);
	fts_lfree(sp->fts_child);
	if (instr == FTS_NAMEONLY)
		sp->fts_options |= FTS_NAMEONLY;
	else
		sp->fts_options &= ~FTS_NAMEONLY;
	sp->fts_child = fts_build(sp, p, instr == FTS_NAMEONLY, 0);
	return (sp->fts_child);
}

int
fts_set(FTS *sp, FTSENT *p, int instr)
{
	(void)sp;
	if (instr != 0 && instr != FTS_AGAIN && instr != FTS_FOLLOW &&
	    instr != FTS_NOINSTR && instr != FTS_SKIP) {
		errno = EINVAL;
		return (-1);
	}
	p->fts_instr = instr;
	return (0);
}

void
(fts_set_clientptr)(FTS *sp, void *clientptr)
{
	sp->fts_clientptr = clientptr;
}

int
fts_close(FTS *sp)
{
	FTSENT *p, *next;

	/* From the current entry: its later siblings, then up a level. */
	if ((p = sp->fts_cur) != NULL) {
		while (p->fts_level >= FTS_ROOTLEVEL) {
			next = p->fts_link != NULL ? p->fts_link :
			    p->fts_parent;
			free(p);
			p = next;
		}
		free(p);
	}
	fts_lfree(sp->fts_child);
	free(sp);
	return (0);
}

void *
(fts_get_clientptr)(FTS *sp)
{
	return (sp->fts_clientptr);
}

FTS *
(fts_get_stream)(FTSENT *p)
{
	return (p->fts_fts);
}
