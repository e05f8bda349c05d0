/*
 * vfs_shim.c: a small in-memory file system for host tests of kernel
 * code that names things: Unix-domain sockets (bind/connect) and the
 * boot image unpacker (vfs_initrd.c).  It provides namei, NDINIT/NDFREE,
 * namei_lookup, vref/vrele, vattr_null, vn_rdwr and the vnode operations
 * those callers use (mknod, mkdir, create, symlink, link, setattr,
 * access), with the errors a real file system gives: ENOENT for a
 * missing parent, ENOTDIR when a parent is not a directory, EEXIST,
 * ENAMETOOLONG (a component over NAME_MAX, a path over MAXPATHLEN),
 * EACCES from the mode bits.
 *
 * Every name is a whole absolute path in one table (no directory
 * objects): "/a/b" exists only if "/a" is a directory.  Symbolic links
 * are stored, never followed.  File contents are not kept, only their
 * size; vn_rdwr reads every byte it is given so that AddressSanitizer
 * checks the caller's buffer.  vnodes and names are counted, so a test
 * or fuzz target can check that nothing leaked (shim_vfs_reset).
 *
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/ucred.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/namei.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <machine/atomic.h>

#include "vfs_shim.h"

MALLOC_DEFINE(M_SHIMVFS, "shimvfs", "host shim file system");

#define SHIM_NNAMES	256

struct shim_inode {
	struct vnode	vn;		/* first: v_data points back here */
	mode_t		mode;
	uid_t		uid;
	gid_t		gid;
	off_t		size;
	int		nlink;		/* names */
};

struct shim_name {
	char		*path;		/* "/a/b", kmalloc'd; NULL: free */
	struct vnode	*vp;		/* the name's reference */
};

static struct shim_name shim_names[SHIM_NNAMES];
static struct vop_ops shim_vops;
static struct vnode shim_rootvp = { .v_refcnt = 1, .v_type = VDIR,
    .v_op = &shim_vops, .v_flag = VROOT };
long shim_vnodes_live;
uint64_t shim_vfs_bytes;		/* a sum of every byte written */

static struct ucred *
shim_curcred(void)
{
	struct thread *td = curthread;

	return ((td != NULL && td->td_proc != NULL) ? td->td_proc->p_ucred :
	    NULL);
}

void
vref(struct vnode *vp)
{
	atomic_add_int(&vp->v_refcnt, 1);
}

void
vrele(struct vnode *vp)
{
	int old = atomic_fetchadd_int(&vp->v_refcnt, -1);

	if (old <= 0)
		panic("vrele: vnode %p has no references", vp);
	if (old == 1) {
		if (vp == &shim_rootvp)
			panic("vrele: the root lost its last reference");
		kfree(vp->v_data, M_SHIMVFS);
		shim_vnodes_live--;
	}
}

void
vattr_null(struct vattr *vap)
{
	memset(vap, 0xff, sizeof(*vap));	/* VNOVAL everywhere */
	vap->va_type = VNON;
	vap->va_vaflags = 0;
}

static struct shim_name *
shim_lookup(const char *path, size_t len)
{
	int i;

	for (i = 0; i < SHIM_NNAMES; i++)
		if (shim_names[i].path != NULL &&
		    strlen(shim_names[i].path) == len &&
		    memcmp(shim_names[i].path, path, len) == 0)
			return (&shim_names[i]);
	return (NULL);
}

/* Enter a name for vp (taking a reference): 0, EEXIST or ENOSPC. */
static int
shim_enter(const char *path, size_t len, struct vnode *vp)
{
	struct shim_name *n = NULL;
	int i;

	if (shim_lookup(path, len) != NULL)
		return (EEXIST);
	for (i = 0; i < SHIM_NNAMES && n == NULL; i++)
		if (shim_names[i].path == NULL)
			n = &shim_names[i];
	if (n == NULL)
		return (ENOSPC);
	n->path = kmalloc(len + 1, M_SHIMVFS, M_WAITOK);
	memcpy(n->path, path, len);
	n->path[len] = '\0';
	n->vp = vp;
	vref(vp);
	((struct shim_inode *)vp->v_data)->nlink++;
	return (0);
}

static void
shim_unname(struct shim_name *n)
{
	struct vnode *vp = n->vp;

	kfree(n->path, M_SHIMVFS);
	n->path = NULL;
	n->vp = NULL;
	((struct shim_inode *)vp->v_data)->nlink--;
	vrele(vp);
}

/*
 * The vnode operations get the last component in cnp; the whole path
 * (which is what the table holds) is the name pointer's string, since
 * namei points cn_nameptr into its NUL-terminated copy of the path and
 * keeps the full path in ni_pnbuf.  shim_cnpath recovers it.
 */
static const char *
shim_cnpath(struct componentname *cnp, size_t *lenp)
{
	const char *end = cnp->cn_nameptr + cnp->cn_namelen;
	const char *start = cnp->cn_nameptr;

	while (start[-1] != '\0')	/* ni_pnbuf has a NUL before it */
		start--;
	*lenp = (size_t)(end - start);
	return (start);
}

static int
shim_vop_makenode(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap, enum vtype type)
{
	struct shim_inode *ip;
	const char *path;
	size_t len;
	int error;

	path = shim_cnpath(cnp, &len);
	ip = kmalloc(sizeof(*ip), M_SHIMVFS, M_WAITOK | M_ZERO);
	shim_vnodes_live++;
	ip->vn.v_type = type;
	ip->vn.v_op = &shim_vops;
	ip->vn.v_data = ip;
	ip->vn.v_refcnt = 1;		/* the caller's */
	ip->mode = (vap->va_mode == (mode_t)VNOVAL) ? 0 :
	    (vap->va_mode & ALLPERMS);
	ip->uid = (cnp->cn_cred != NULL) ? cnp->cn_cred->cr_uid : 0;
	ip->gid = (cnp->cn_cred != NULL) ? cnp->cn_cred->cr_gid : 0;
	error = shim_enter(path, len, &ip->vn);
	if (error != 0) {
		vrele(&ip->vn);
		return (error);
	}
	*vpp = &ip->vn;
	return (0);
}

static int
shim_vop_mknod(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap)
{
	if (vap->va_type != VSOCK && vap->va_type != VFIFO &&
	    vap->va_type != VCHR && vap->va_type != VBLK)
		return (EINVAL);
	return (shim_vop_makenode(dvp, vpp, cnp, vap, vap->va_type));
}

static int
shim_vop_mkdir(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap)
{
	return (shim_vop_makenode(dvp, vpp, cnp, vap, VDIR));
}

static int
shim_vop_create(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap)
{
	return (shim_vop_makenode(dvp, vpp, cnp, vap, VREG));
}

static int
shim_vop_symlink(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap, const char *target)
{
	size_t tlen = strlen(target);
	int error;

	if (tlen >= MAXPATHLEN)
		return (ENAMETOOLONG);
	error = shim_vop_makenode(dvp, vpp, cnp, vap, VLNK);
	if (error == 0)
		((struct shim_inode *)(*vpp)->v_data)->size = (off_t)tlen;
	return (error);
}

static int
shim_vop_link(struct vnode *tdvp, struct vnode *vp,
    struct componentname *cnp)
{
	const char *path;
	size_t len;

	if (vp->v_type == VDIR)
		return (EPERM);
	path = shim_cnpath(cnp, &len);
	return (shim_enter(path, len, vp));
}

static int
shim_vop_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	struct shim_inode *ip = vp->v_data;

	if (vp == &shim_rootvp)
		return (0);
	if (vap->va_mode != (mode_t)VNOVAL)
		ip->mode = vap->va_mode & ALLPERMS;
	if (vap->va_uid != (uid_t)VNOVAL)
		ip->uid = vap->va_uid;
	if (vap->va_gid != (gid_t)VNOVAL)
		ip->gid = vap->va_gid;
	return (0);
}

static int
shim_vop_access(struct vnode *vp, int mode, struct ucred *cred)
{
	struct shim_inode *ip = vp->v_data;
	int want = mode & (VREAD | VWRITE | VEXEC);

	if (cred == NULL || cred->cr_uid == 0 || vp == &shim_rootvp)
		return (0);
	if (cred->cr_uid == ip->uid)
		return ((ip->mode & want) == want ? 0 : EACCES);
	return ((((int)ip->mode << 6) & want) == want ? 0 : EACCES);
}

static struct vop_ops shim_vops = {
	.vop_mknod = shim_vop_mknod,
	.vop_mkdir = shim_vop_mkdir,
	.vop_create = shim_vop_create,
	.vop_symlink = shim_vop_symlink,
	.vop_link = shim_vop_link,
	.vop_setattr = shim_vop_setattr,
	.vop_access = shim_vop_access,
};

int
vn_rdwr(enum uio_rw rw, struct vnode *vp, void *base, size_t len,
    off_t offset, enum uio_seg seg, int ioflag, struct ucred *cred,
    size_t *aresid)
{
	struct shim_inode *ip = vp->v_data;
	const unsigned char *p = base;
	size_t i;

	if (vp->v_type != VREG)
		return (EINVAL);
	if (rw != UIO_WRITE)
		return (EOPNOTSUPP);	/* contents are not kept */
	if (offset < 0 || (off_t)len < 0 || offset + (off_t)len < offset)
		return (EFBIG);
	for (i = 0; i < len; i++)
		shim_vfs_bytes += p[i];
	if (offset + (off_t)len > ip->size)
		ip->size = offset + (off_t)len;
	if (aresid != NULL)
		*aresid = 0;
	return (0);
}

void
NDINIT(struct nameidata *ndp, int op, int flags, enum uio_seg seg,
    const char *path, int dirfd)
{
	memset(ndp, 0, sizeof(*ndp));
	ndp->ni_dirp = path;
	ndp->ni_segflg = seg;
	ndp->ni_dirfd = dirfd;
	ndp->ni_nameiop = op;
	ndp->ni_flags = flags;
	ndp->ni_cred = shim_curcred();
}

static int
namei_fail(struct nameidata *ndp, int error)
{
	kfree(ndp->ni_pnbuf - 1, M_SHIMVFS);
	ndp->ni_pnbuf = NULL;
	return (error);
}

/*
 * Normalise the path into ni_pnbuf as "/a/b" (slashes squeezed, "."
 * dropped; ".." is refused with EINVAL, the shim has no parent links),
 * check every prefix is a directory, and find the last component.
 */
int
namei(struct nameidata *ndp)
{
	struct shim_name *n;
	char *raw, *out;
	const char *p, *c;
	size_t len, l, i;
	int error;

	/* One NUL before the buffer marks its start for shim_cnpath. */
	raw = kmalloc(2 * MAXPATHLEN + 1, M_SHIMVFS, M_WAITOK | M_ZERO);
	ndp->ni_pnbuf = raw + 1;
	out = raw + 1 + MAXPATHLEN;
	if (ndp->ni_segflg == UIO_USERSPACE)
		error = copyinstr(ndp->ni_dirp, out, MAXPATHLEN, NULL);
	else
		error = (strlcpy(out, ndp->ni_dirp, MAXPATHLEN) >=
		    MAXPATHLEN) ? ENAMETOOLONG : 0;
	if (error != 0)
		return (namei_fail(ndp, error));
	if (out[0] == '\0')
		return (namei_fail(ndp, ENOENT));
	len = 0;
	for (p = out; *p != '\0';) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		c = p;
		while (*p != '\0' && *p != '/')
			p++;
		l = (size_t)(p - c);
		if (l == 1 && c[0] == '.')
			continue;
		if (l == 2 && c[0] == '.' && c[1] == '.')
			return (namei_fail(ndp, EINVAL));
		if (l > NAME_MAX)
			return (namei_fail(ndp, ENAMETOOLONG));
		/* The prefix so far must be a directory. */
		if (len > 0) {
			n = shim_lookup(ndp->ni_pnbuf, len);
			if (n == NULL)
				return (namei_fail(ndp, ENOENT));
			if (n->vp->v_type != VDIR)
				return (namei_fail(ndp, ENOTDIR));
		}
		ndp->ni_pnbuf[len++] = '/';
		memcpy(ndp->ni_pnbuf + len, c, l);
		len += l;
		ndp->ni_pnbuf[len] = '\0';
	}
	if (len == 0) {
		/* "/" itself */
		if (ndp->ni_nameiop != LOOKUP)
			return (namei_fail(ndp, EEXIST));
		vref(&shim_rootvp);
		ndp->ni_vp = &shim_rootvp;
		return (0);
	}
	n = shim_lookup(ndp->ni_pnbuf, len);
	if (n == NULL && ndp->ni_nameiop != CREATE)
		return (namei_fail(ndp, ENOENT));
	if (n != NULL) {
		vref(n->vp);
		ndp->ni_vp = n->vp;
	}
	if (ndp->ni_flags & WANTPARENT) {
		vref(&shim_rootvp);
		ndp->ni_dvp = &shim_rootvp;
	}
	for (i = len; ndp->ni_pnbuf[i - 1] != '/'; i--)
		;
	ndp->ni_cnd.cn_nameptr = ndp->ni_pnbuf + i;
	ndp->ni_cnd.cn_namelen = len - i;
	ndp->ni_cnd.cn_nameiop = ndp->ni_nameiop;
	ndp->ni_cnd.cn_flags = ISLASTCN;
	ndp->ni_cnd.cn_cred = ndp->ni_cred;
	return (0);
}

void
NDFREE(struct nameidata *ndp)
{
	if (ndp->ni_vp != NULL)
		vrele(ndp->ni_vp);
	if (ndp->ni_dvp != NULL)
		vrele(ndp->ni_dvp);
	ndp->ni_vp = ndp->ni_dvp = NULL;
	if (ndp->ni_pnbuf != NULL)
		kfree(ndp->ni_pnbuf - 1, M_SHIMVFS);
	ndp->ni_pnbuf = NULL;
}

int
namei_lookup(const char *kpath, int follow, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, follow, UIO_SYSSPACE, kpath, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	*vpp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);
	return (0);
}

/* ---- for tests ---------------------------------------------------------- */

struct vnode *
shim_vfs_root(void)
{
	return (&shim_rootvp);
}

static struct shim_name *
shim_byname(const char *name)
{
	char buf[MAXPATHLEN];

	if (name[0] == '/')
		return (shim_lookup(name, strlen(name)));
	ksnprintf(buf, sizeof(buf), "/%s", name);
	return (shim_lookup(buf, strlen(buf)));
}

/* unlink(2): the node goes when its last reference does. */
int
shim_vfs_remove(const char *name)
{
	struct shim_name *n = shim_byname(name);

	if (n == NULL)
		return (ENOENT);
	shim_unname(n);
	return (0);
}

/* chmod(2). */
int
shim_vfs_chmod(const char *name, int mode)
{
	struct shim_name *n = shim_byname(name);

	if (n == NULL)
		return (ENOENT);
	((struct shim_inode *)n->vp->v_data)->mode = (mode_t)mode & ALLPERMS;
	return (0);
}

/* The type (enum vtype) and mode of a name, or -1. */
int
shim_vfs_stat(const char *name, int *modep, long long *sizep)
{
	struct shim_name *n = shim_byname(name);
	struct shim_inode *ip;

	if (n == NULL)
		return (-1);
	ip = n->vp->v_data;
	if (modep != NULL)
		*modep = (int)ip->mode;
	if (sizep != NULL)
		*sizep = (long long)ip->size;
	return ((int)n->vp->v_type);
}

int
shim_vfs_nnames(void)
{
	int i, c = 0;

	for (i = 0; i < SHIM_NNAMES; i++)
		c += (shim_names[i].path != NULL);
	return (c);
}

/* Remove every name; nodes still referenced live on until vrele. */
void
shim_vfs_reset(void)
{
	int i;

	for (i = 0; i < SHIM_NNAMES; i++)
		if (shim_names[i].path != NULL)
			shim_unname(&shim_names[i]);
}
