/*
 * Vnodes: the kernel's handle on a file in some file system.  A vnode is
 * reference counted (vref/vrele, atomic, safe on SMP); its operations
 * vector (struct vop_ops) is the file system's.  Namespace operations
 * take and return referenced vnodes; each file system does its own
 * locking inside its operations (tmpfs: one sleep lock per mount), so
 * callers never hold a vnode lock across calls.
 *
 * Called by namei (vfs_lookup.c), the file-descriptor layer (vfs_vnops.c
 * implements struct fileops for vnodes), the system calls of
 * vfs_syscalls.c, exec (vn_rdwr) and the IPC layer (unix-domain sockets
 * bind names through v_socket, FIFOs through v_fifo).
 */
#ifndef _SYS_VNODE_H_
#define _SYS_VNODE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/uio.h>
#include <sys/event.h>

struct mount;
struct ucred;
struct file;
struct proc;
struct thread;
struct componentname;
struct vnode;
struct knote;
struct cdev;
struct socket;
struct fifoinfo;

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD };

/* File attributes, as VOP_GETATTR fills and VOP_SETATTR applies them.
   VNOVAL in a field means "not given / leave it". */
struct vattr {
	enum vtype	va_type;
	mode_t		va_mode;	/* permission bits only */
	nlink_t		va_nlink;
	uid_t		va_uid;
	gid_t		va_gid;
	dev_t		va_fsid;
	ino_t		va_fileid;
	off_t		va_size;
	blksize_t	va_blocksize;
	int64_t		va_atime_sec, va_atime_nsec;
	int64_t		va_mtime_sec, va_mtime_nsec;
	int64_t		va_ctime_sec, va_ctime_nsec;
	int64_t		va_birthtime_sec, va_birthtime_nsec;
	uint32_t	va_flags;
	dev_t		va_rdev;	/* device number of VCHR/VBLK */
	blkcnt_t	va_bytes;	/* storage used */
	int		va_vaflags;	/* VA_* */
};
#define VNOVAL		(-1)
#define VA_UTIMES_NULL	0x01		/* utimes(NULL): set to now */

void	vattr_null(struct vattr *vap);

/*
 * The operations vector.  Arguments are plain (no args structs): dvp is
 * a directory, vp the object, cnp the last component's name.  Every
 * operation returns 0 or an errno.  Creating operations return a
 * referenced vnode in *vpp.
 */
struct vop_ops {
	int	(*vop_lookup)(struct vnode *dvp, struct vnode **vpp,
		    struct componentname *cnp);
	int	(*vop_create)(struct vnode *dvp, struct vnode **vpp,
		    struct componentname *cnp, struct vattr *vap);
	int	(*vop_mknod)(struct vnode *dvp, struct vnode **vpp,
		    struct componentname *cnp, struct vattr *vap);
	int	(*vop_mkdir)(struct vnode *dvp, struct vnode **vpp,
		    struct componentname *cnp, struct vattr *vap);
	int	(*vop_symlink)(struct vnode *dvp, struct vnode **vpp,
		    struct componentname *cnp, struct vattr *vap,
		    const char *target);
	int	(*vop_open)(struct vnode *vp, int fflag, struct ucred *cred,
		    struct file *fp);
	int	(*vop_close)(struct vnode *vp, int fflag, struct file *fp);
	int	(*vop_access)(struct vnode *vp, int mode, struct ucred *cred);
	int	(*vop_getattr)(struct vnode *vp, struct vattr *vap);
	int	(*vop_setattr)(struct vnode *vp, struct vattr *vap,
		    struct ucred *cred);
	int	(*vop_read)(struct vnode *vp, struct uio *uio, int ioflag,
		    struct ucred *cred);
	int	(*vop_write)(struct vnode *vp, struct uio *uio, int ioflag,
		    struct ucred *cred);
	int	(*vop_ioctl)(struct vnode *vp, u_long cmd, caddr_t data,
		    int fflag, struct ucred *cred);
	int	(*vop_poll)(struct vnode *vp, int events, struct ucred *cred);
	int	(*vop_kqfilter)(struct vnode *vp, struct knote *kn);
	int	(*vop_fsync)(struct vnode *vp);
	int	(*vop_remove)(struct vnode *dvp, struct vnode *vp,
		    struct componentname *cnp);
	int	(*vop_link)(struct vnode *tdvp, struct vnode *vp,
		    struct componentname *cnp);
	int	(*vop_rename)(struct vnode *fdvp, struct vnode *fvp,
		    struct componentname *fcnp, struct vnode *tdvp,
		    struct vnode *tvp, struct componentname *tcnp);
	int	(*vop_rmdir)(struct vnode *dvp, struct vnode *vp,
		    struct componentname *cnp);
	int	(*vop_readdir)(struct vnode *vp, struct uio *uio,
		    struct ucred *cred, int *eofflag);
	int	(*vop_readlink)(struct vnode *vp, struct uio *uio,
		    struct ucred *cred);
	int	(*vop_inactive)(struct vnode *vp);	/* last ref gone */
	int	(*vop_reclaim)(struct vnode *vp);	/* free v_data */
};

/*
 * One vnode.  v_refcnt is atomic.  v_type, v_op, v_mount and v_data are
 * immutable while the vnode is referenced.  v_mountedhere is written
 * under the mount list lock (vfs_mount.c).  v_socket and v_fifo belong
 * to the socket and FIFO code.
 */
struct vm_object;

struct vnode {
	volatile int	v_refcnt;	/* references; 0 -> inactive */
	enum vtype	v_type;
	struct vop_ops	*v_op;		/* the file system's operations */
	struct mount	*v_mount;	/* file system we live in */
	void		*v_data;	/* file system's node */
	struct mount	*v_mountedhere;	/* a mount covers this directory */
	struct cdev	*v_rdev;	/* devfs: the device of a VCHR */
	struct socket	*v_socket;	/* unix-domain socket bound here */
	struct fifoinfo	*v_fifo;	/* FIFO state while open */
	struct klist	v_klist;	/* knotes on this vnode (EVFILT_*) */
	int		v_flag;		/* VROOT ...; immutable after init */
	int		v_writecount;	/* open for writing (atomic) */
	volatile off_t	v_filesize;	/* VREG: size, kept current by the
					   file system for kqueue filters,
					   which may not sleep */
	struct vm_object *v_object;	/* VREG: the VM object holding the
					   file's pages, set by the file
					   system for the vnode's life (tmpfs)
					   or NULL: what mmap maps */
};
#define VROOT		0x0001		/* root of its file system */

/* VOP_ACCESS modes (also the S_IRUSR... shifted bits). */
#define VREAD		0000400
#define VWRITE		0000200
#define VEXEC		0000100
#define VADMIN		0010000		/* owner or privileged */
#define VAPPEND		0040000

/* ioflag for VOP_READ/VOP_WRITE */
#define IO_UNIT		0x0001		/* all or nothing */
#define IO_APPEND	0x0002		/* at end of file */
#define IO_NDELAY	0x0004		/* FNONBLOCK */
#define IO_SYNC		0x0008

#define VOP_LOOKUP(dvp, vpp, cnp)	((dvp)->v_op->vop_lookup(dvp, vpp, cnp))
#define VOP_CREATE(dvp, vpp, cnp, vap)	((dvp)->v_op->vop_create(dvp, vpp, cnp, vap))
#define VOP_MKNOD(dvp, vpp, cnp, vap)	((dvp)->v_op->vop_mknod(dvp, vpp, cnp, vap))
#define VOP_MKDIR(dvp, vpp, cnp, vap)	((dvp)->v_op->vop_mkdir(dvp, vpp, cnp, vap))
#define VOP_SYMLINK(dvp, vpp, cnp, vap, t) \
	((dvp)->v_op->vop_symlink(dvp, vpp, cnp, vap, t))
#define VOP_OPEN(vp, f, c, fp)		((vp)->v_op->vop_open(vp, f, c, fp))
#define VOP_CLOSE(vp, f, fp)		((vp)->v_op->vop_close(vp, f, fp))
#define VOP_ACCESS(vp, m, c)		((vp)->v_op->vop_access(vp, m, c))
#define VOP_GETATTR(vp, vap)		((vp)->v_op->vop_getattr(vp, vap))
#define VOP_SETATTR(vp, vap, c)		((vp)->v_op->vop_setattr(vp, vap, c))
#define VOP_READ(vp, uio, f, c)		((vp)->v_op->vop_read(vp, uio, f, c))
#define VOP_WRITE(vp, uio, f, c)	((vp)->v_op->vop_write(vp, uio, f, c))
#define VOP_IOCTL(vp, cmd, d, f, c)	((vp)->v_op->vop_ioctl(vp, cmd, d, f, c))
#define VOP_POLL(vp, ev, c)		((vp)->v_op->vop_poll(vp, ev, c))
#define VOP_KQFILTER(vp, kn)		((vp)->v_op->vop_kqfilter(vp, kn))
#define VOP_FSYNC(vp)			((vp)->v_op->vop_fsync(vp))
#define VOP_REMOVE(dvp, vp, cnp)	((dvp)->v_op->vop_remove(dvp, vp, cnp))
#define VOP_LINK(tdvp, vp, cnp)		((tdvp)->v_op->vop_link(tdvp, vp, cnp))
#define VOP_RENAME(fdvp, fvp, fcnp, tdvp, tvp, tcnp) \
	((fdvp)->v_op->vop_rename(fdvp, fvp, fcnp, tdvp, tvp, tcnp))
#define VOP_RMDIR(dvp, vp, cnp)		((dvp)->v_op->vop_rmdir(dvp, vp, cnp))
#define VOP_READDIR(vp, uio, c, eof)	((vp)->v_op->vop_readdir(vp, uio, c, eof))
#define VOP_READLINK(vp, uio, c)	((vp)->v_op->vop_readlink(vp, uio, c))

#ifdef _KERNEL
#include <sys/spinlock.h>

/*
 * A sleepable, recursive lock for file system internals (tmpfs holds one
 * per mount across whole operations, including uiomove, which may fault
 * and sleep).
 */
struct vlock {
	struct spinlock	vl_spin;
	struct thread	*vl_owner;	/* NULL: free */
	int		vl_count;	/* recursion depth */
	int		vl_waiters;
};
void	vlock_init(struct vlock *vl, const char *name);
void	vlock_acquire(struct vlock *vl);
void	vlock_release(struct vlock *vl);

extern struct vnode *rootvnode;		/* "/" once vfs_mountroot ran */

/* vfs_subr.c */
struct vnode *vnode_alloc(struct mount *mp, enum vtype type,
	    struct vop_ops *ops, void *data);	/* refcnt 1; NULL: ENOMEM */
void	vnode_free(struct vnode *vp);	/* unreferenced; fs teardown */
void	vref(struct vnode *vp);
void	vrele(struct vnode *vp);	/* may call inactive + reclaim */
int	vaccess(enum vtype type, mode_t file_mode, uid_t uid, gid_t gid,
	    int acc_mode, struct ucred *cred);	/* the Unix permission rule */
int	vop_eopnotsupp();		/* fillers for vop_ops */
int	vop_einval();
int	vop_enotdir();
int	vop_zero();
int	vop_poll_true(struct vnode *vp, int events, struct ucred *cred);
int	vop_kqfilter_true(struct vnode *vp, struct knote *kn);
void	vn_knote(struct vnode *vp, long hint);	/* wake kqueue/poll */

/* vfs_vnops.c */
int	vn_open(const char *path, enum uio_seg seg, int dirfd, int fmode,
	    int cmode, struct vnode **vpp);	/* path lookup + checks */
int	vn_close(struct vnode *vp, int fflag, struct file *fp);
int	vn_rdwr(enum uio_rw rw, struct vnode *vp, void *base, size_t len,
	    off_t offset, enum uio_seg seg, int ioflag, struct ucred *cred,
	    size_t *aresid);		/* one contiguous transfer */
int	vn_stat(struct vnode *vp, void *sb);	/* struct stat *, kernel */
int	vn_rlimit_fsize(const struct uio *uio, ssize_t *cut);
int	vn_rlimit_trunc(off_t size);
void	vn_poll_wakeup(struct vnode *vp);
#endif /* _KERNEL */

#endif /* !_SYS_VNODE_H_ */
