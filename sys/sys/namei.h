/*
 * Path name lookup (vfs_lookup.c).  namei() walks a path one component
 * at a time through VOP_LOOKUP, crossing mount points, following
 * symbolic links (ELOOP after MAXSYMLINKS), and returns referenced
 * vnodes: the object (ni_vp, NULL when a CREATE/RENAME target does not
 * exist) and, with WANTPARENT, its directory (ni_dvp) and the last
 * component's name (ni_cnd) for the creating and removing calls.
 */
#ifndef _SYS_NAMEI_H_
#define _SYS_NAMEI_H_

#include <sys/types.h>
#include <sys/uio.h>

struct vnode;
struct ucred;

#define MAXSYMLINKS	32
#define NAME_MAX	255

/* The last (or current) component, as the file system sees it. */
struct componentname {
	const char	*cn_nameptr;	/* not NUL-terminated */
	size_t		cn_namelen;
	int		cn_nameiop;	/* LOOKUP, CREATE, DELETE, RENAME */
	int		cn_flags;	/* ISLASTCN ... */
	struct ucred	*cn_cred;
};

struct nameidata {
	/* In */
	const char	*ni_dirp;	/* the path */
	enum uio_seg	ni_segflg;	/* where ni_dirp lives */
	int		ni_dirfd;	/* AT_FDCWD or a directory fd */
	int		ni_nameiop;	/* LOOKUP ... */
	int		ni_flags;	/* FOLLOW | WANTPARENT ... */
	struct ucred	*ni_cred;
	/* Out */
	struct vnode	*ni_vp;		/* the object, referenced */
	struct vnode	*ni_dvp;	/* its directory, with WANTPARENT */
	struct componentname ni_cnd;	/* last component (in ni_pnbuf) */
	/* Private */
	char		*ni_pnbuf;	/* MAXPATHLEN kernel copy */
	int		ni_loopcnt;
};

/* ni_nameiop */
#define LOOKUP		0
#define CREATE		1
#define DELETE		2
#define RENAME		3

/* ni_flags */
#define FOLLOW		0x0001		/* follow a final symlink */
#define NOFOLLOW	0x0000
#define WANTPARENT	0x0002		/* return ni_dvp too */
#define EMPTYPATH	0x0004		/* "" names ni_dirfd itself */
#define BENEATH		0x0008		/* reserved */

/* cn_flags */
#define ISLASTCN	0x0001
#define ISDOTDOT	0x0002
#define TRAILINGSLASH	0x0004		/* "name/" */

void	NDINIT(struct nameidata *ndp, int op, int flags, enum uio_seg seg,
	    const char *path, int dirfd);
int	namei(struct nameidata *ndp);
void	NDFREE(struct nameidata *ndp);	/* drop ni_vp, ni_dvp, buffer */
/* Look up a kernel path from the current process's root and cwd. */
int	namei_lookup(const char *kpath, int follow, struct vnode **vpp);

#endif /* !_SYS_NAMEI_H_ */
