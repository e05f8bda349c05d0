/*
 * Vnodes as open files: vn_open (the checks of open(2) after namei),
 * vn_close, vn_rdwr (one transfer for the kernel, used by exec to read
 * programs), vn_stat, and `vnops', the struct fileops of every
 * DTYPE_VNODE file, which turns read/write/ioctl/poll/stat/close on a
 * descriptor into VOP_* calls on its vnode, keeping the file offset.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>

static int	vn_read(struct file *fp, struct uio *uio, struct ucred *cred,
		    int flags);
static int	vn_write(struct file *fp, struct uio *uio, struct ucred *cred,
		    int flags);
static int	vn_ioctl(struct file *fp, u_long cmd, caddr_t data,
		    struct ucred *cred);
static int	vn_poll(struct file *fp, int events, struct ucred *cred);
static int	vn_kqfilter(struct file *fp, struct knote *kn);
static int	vn_statfile(struct file *fp, struct stat *sb,
		    struct ucred *cred);
static int	vn_closefile(struct file *fp);

struct fileops vnops = {
	.fo_read = vn_read,
	.fo_write = vn_write,
	.fo_ioctl = vn_ioctl,
	.fo_poll = vn_poll,
	.fo_kqfilter = vn_kqfilter,
	.fo_stat = vn_statfile,
	.fo_close = vn_closefile,
};

static struct ucred *
cur_cred(void)
{
	struct thread *td = curthread;

	return (td != NULL && td->td_proc != NULL ? td->td_proc->p_ucred :
	    NULL);
}

static mode_t
cur_cmask(void)
{
	struct filedesc *fdp = fd_curfiledesc();

	return (fdp != NULL ? fdp->fd_cmask : 022);
}

/*
 * Open path with the f_flag-style fmode (FREAD/FWRITE/O_*) and, with
 * O_CREAT, permission bits cmode (before the umask).  On success *vpp
 * is referenced and VOP_OPEN has been called.
 */
int
vn_open(const char *path, enum uio_seg seg, int dirfd, int fmode, int cmode,
    struct vnode **vpp)
{
	struct nameidata nd;
	struct ucred *cred = cur_cred();
	struct vattr va;
	struct vnode *vp;
	bool created = false;
	int error, mode;

	if ((fmode & (FREAD | FWRITE)) == 0 && (fmode & O_EXEC) == 0)
		return (EINVAL);
	if (fmode & O_CREAT) {
		NDINIT(&nd, CREATE, WANTPARENT |
		    ((fmode & (O_EXCL | O_NOFOLLOW)) ? 0 : FOLLOW), seg, path,
		    dirfd);
		error = namei(&nd);
		if (error != 0)
			return (error);
		if (nd.ni_vp == NULL) {
			if (nd.ni_cnd.cn_flags & TRAILINGSLASH) {
				NDFREE(&nd);
				return (EISDIR);
			}
			vattr_null(&va);
			va.va_type = VREG;
			va.va_mode = cmode & ~cur_cmask() & ALLPERMS;
			error = VOP_CREATE(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd,
			    &va);
			if (error != 0) {
				NDFREE(&nd);
				return (error);
			}
			created = true;
			fmode &= ~O_TRUNC;
		} else if (fmode & O_EXCL) {
			NDFREE(&nd);
			return (EEXIST);
		}
	} else {
		NDINIT(&nd, LOOKUP, (fmode & O_NOFOLLOW) ? NOFOLLOW : FOLLOW,
		    seg, path, dirfd);
		error = namei(&nd);
		if (error != 0)
			return (error);
	}
	vp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);

	if (vp->v_type == VLNK) {
		error = ELOOP;		/* O_NOFOLLOW on a link */
		goto bad;
	}
	if (vp->v_type == VSOCK) {
		error = EOPNOTSUPP;
		goto bad;
	}
	if ((fmode & O_DIRECTORY) && vp->v_type != VDIR) {
		error = ENOTDIR;
		goto bad;
	}
	if (!created) {
		mode = 0;
		if (fmode & FREAD)
			mode |= VREAD;
		if (fmode & (FWRITE | O_TRUNC)) {
			if (vp->v_type == VDIR) {
				error = EISDIR;
				goto bad;
			}
			/* Devices, FIFOs: writing them writes no file. */
			if (vp->v_type == VREG && vfs_rdonly(vp)) {
				error = EROFS;
				goto bad;
			}
			mode |= VWRITE;
		}
		if (fmode & O_EXEC)
			mode |= VEXEC;
		if (mode != 0) {
			error = VOP_ACCESS(vp, mode, cred);
			if (error != 0)
				goto bad;
		}
	}
	error = VOP_OPEN(vp, fmode, cred, NULL);
	if (error != 0)
		goto bad;
	if ((fmode & O_TRUNC) && vp->v_type == VREG) {
		vattr_null(&va);
		va.va_size = 0;
		error = VOP_SETATTR(vp, &va, cred);
		if (error != 0) {
			VOP_CLOSE(vp, fmode, NULL);
			goto bad;
		}
	}
	if (fmode & FWRITE)
		__atomic_fetch_add(&vp->v_writecount, 1, __ATOMIC_RELAXED);
	*vpp = vp;
	return (0);
bad:
	vrele(vp);
	return (error);
}

int
vn_close(struct vnode *vp, int fflag, struct file *fp)
{
	int error;

	if (fflag & FWRITE)
		__atomic_fetch_sub(&vp->v_writecount, 1, __ATOMIC_RELAXED);
	error = VOP_CLOSE(vp, fflag, fp);
	vrele(vp);
	return (error);
}

int
vn_rdwr(enum uio_rw rw, struct vnode *vp, void *base, size_t len,
    off_t offset, enum uio_seg seg, int ioflag, struct ucred *cred,
    size_t *aresid)
{
	struct uio auio;
	struct iovec aiov;
	int error;

	if (len > (size_t)INT64_MAX || offset < 0)
		return (EINVAL);
	aiov.iov_base = base;
	aiov.iov_len = len;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = offset;
	auio.uio_resid = len;
	auio.uio_segflg = seg;
	auio.uio_rw = rw;
	auio.uio_td = curthread;
	if (rw == UIO_READ)
		error = VOP_READ(vp, &auio, ioflag, cred);
	else
		error = VOP_WRITE(vp, &auio, ioflag, cred);
	if (aresid != NULL)
		*aresid = auio.uio_resid;
	else if (error == 0 && auio.uio_resid != 0)
		error = EIO;		/* a short transfer nobody expects */
	return (error);
}

static mode_t
vtype_to_ifmt(enum vtype type)
{
	switch (type) {
	case VREG:	return (S_IFREG);
	case VDIR:	return (S_IFDIR);
	case VBLK:	return (S_IFBLK);
	case VCHR:	return (S_IFCHR);
	case VLNK:	return (S_IFLNK);
	case VSOCK:	return (S_IFSOCK);
	case VFIFO:	return (S_IFIFO);
	default:	return (0);
	}
}

int
vn_stat(struct vnode *vp, void *arg)
{
	struct stat *sb = arg;
	struct vattr va;
	int error;

	vattr_null(&va);
	error = VOP_GETATTR(vp, &va);
	if (error != 0)
		return (error);
	memset(sb, 0, sizeof(*sb));
	sb->st_dev = va.va_fsid;
	sb->st_ino = va.va_fileid;
	sb->st_mode = vtype_to_ifmt(vp->v_type) | (va.va_mode & ALLPERMS);
	sb->st_nlink = va.va_nlink;
	sb->st_uid = va.va_uid;
	sb->st_gid = va.va_gid;
	sb->st_rdev = va.va_rdev == (dev_t)VNOVAL ? 0 : va.va_rdev;
	sb->st_size = va.va_size;
	sb->st_atim.tv_sec = va.va_atime_sec;
	sb->st_atim.tv_nsec = va.va_atime_nsec;
	sb->st_mtim.tv_sec = va.va_mtime_sec;
	sb->st_mtim.tv_nsec = va.va_mtime_nsec;
	sb->st_ctim.tv_sec = va.va_ctime_sec;
	sb->st_ctim.tv_nsec = va.va_ctime_nsec;
	sb->st_birthtim.tv_sec = va.va_birthtime_sec;
	sb->st_birthtim.tv_nsec = va.va_birthtime_nsec;
	sb->st_blksize = va.va_blocksize > 0 ? va.va_blocksize : PAGE_SIZE;
	sb->st_blocks = (va.va_bytes + 511) / 512;
	sb->st_flags = 0;
	return (0);
}

/*
 * RLIMIT_FSIZE, as POSIX and FreeBSD have it, for a write to a regular
 * file at its final offset (after O_APPEND): a write that would end past
 * the soft limit is cut to end at it (*cut: the bytes taken off
 * uio_resid, for the file system to add back afterwards, so the caller
 * sees a short write); one that cannot write a single byte fails with
 * EFBIG, and then the caller sends SIGXFSZ once its locks are dropped.
 * Kernel threads have no limit.
 */
int
vn_rlimit_fsize(const struct uio *uio, ssize_t *cut)
{
	struct proc *p = curproc;
	rlim_t lim;

	*cut = 0;
	if (p == NULL || p->p_limit == NULL)
		return (0);
	lim = p->p_limit->pl_rlimit[RLIMIT_FSIZE].rlim_cur;
	if (lim == RLIM_INFINITY || uio->uio_offset < 0 ||
	    uio->uio_resid <= 0 ||
	    (uint64_t)uio->uio_offset + (uint64_t)uio->uio_resid <=
	    (uint64_t)lim)
		return (0);
	if ((uint64_t)uio->uio_offset >= (uint64_t)lim)
		return (EFBIG);
	*cut = uio->uio_offset + uio->uio_resid - lim;
	return (0);
}

/* truncate/ftruncate to size: EFBIG and SIGXFSZ past RLIMIT_FSIZE. */
int
vn_rlimit_trunc(off_t size)
{
	struct proc *p = curproc;
	rlim_t lim;

	if (p == NULL || p->p_limit == NULL)
		return (0);
	lim = p->p_limit->pl_rlimit[RLIMIT_FSIZE].rlim_cur;
	if (lim == RLIM_INFINITY || size <= lim)
		return (0);
	ksignal(p, SIGXFSZ);
	return (EFBIG);
}

/* ---- fileops ---------------------------------------------------------------- */

static int
vn_io(struct file *fp, struct uio *uio, struct ucred *cred, int flags,
    bool write)
{
	struct vnode *vp = fp->f_vnode;
	int ioflag = 0, error;

	if (fp->f_flag & FNONBLOCK)
		ioflag |= IO_NDELAY;
	if (write && (fp->f_flag & FAPPEND) && vp->v_type == VREG)
		ioflag |= IO_APPEND;
	if ((flags & FOF_OFFSET) == 0) {
		spin_lock(&fp->f_spin);
		uio->uio_offset = fp->f_offset;
		spin_unlock(&fp->f_spin);
	}
	if (write)
		error = VOP_WRITE(vp, uio, ioflag, cred);
	else
		error = VOP_READ(vp, uio, ioflag, cred);
	if ((flags & FOF_OFFSET) == 0) {
		spin_lock(&fp->f_spin);
		fp->f_offset = uio->uio_offset;
		spin_unlock(&fp->f_spin);
	}
	return (error);
}

static int
vn_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	if (fp->f_vnode->v_type == VDIR)
		return (EISDIR);
	return (vn_io(fp, uio, cred, flags, false));
}

static int
vn_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (vn_io(fp, uio, cred, flags, true));
}

static int
vn_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct vnode *vp = fp->f_vnode;
	struct vattr va;
	int error;

	switch (vp->v_type) {
	case VREG:
	case VDIR:
		switch (cmd) {
		case FIONREAD:
			error = VOP_GETATTR(vp, &va);
			if (error != 0)
				return (error);
			*(int *)data = (int)MIN(MAX(va.va_size - fp->f_offset,
			    0), INT32_MAX);
			return (0);
		case FIONBIO:
		case FIOASYNC:
			return (0);
		default:
			return (ENOTTY);
		}
	case VCHR:
	case VFIFO:
		return (VOP_IOCTL(vp, cmd, data, fp->f_flag, cred));
	default:
		return (ENOTTY);
	}
}

static int
vn_poll(struct file *fp, int events, struct ucred *cred)
{
	return (VOP_POLL(fp->f_vnode, events, cred));
}

static int
vn_kqfilter(struct file *fp, struct knote *kn)
{
	return (VOP_KQFILTER(fp->f_vnode, kn));
}

static int
vn_statfile(struct file *fp, struct stat *sb, struct ucred *cred)
{
	return (vn_stat(fp->f_vnode, sb));
}

static int
vn_closefile(struct file *fp)
{
	return (vn_close(fp->f_vnode, fp->f_flag, fp));
}
