/*
 * The file-system system calls: open, the *at family, stat, access,
 * chmod/chown, link/unlink/rename, mkdir/rmdir, symlink/readlink,
 * getdents, truncate, fsync, umask, chdir/fchdir/chroot, __getcwd,
 * utimes, mknod/mkfifo, lseek, statfs and pathconf.  Each copies and
 * checks its arguments, resolves names with namei() and calls the VOP_*
 * operations; the kern_* helpers also serve callers inside the kernel.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/unistd.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/uio.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DECLARE(M_TEMP);

static struct ucred *
cur_cred(void)
{
	struct thread *td = curthread;

	return (td->td_proc != NULL ? td->td_proc->p_ucred : NULL);
}

/* The vnode behind descriptor fd, referenced. */
static int
getvnode(int fd, struct vnode **vpp, struct file **fpp)
{
	struct file *fp;
	int error;

	error = holdfp(curthread, fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (EINVAL);
	}
	vref(fp->f_vnode);
	*vpp = fp->f_vnode;
	if (fpp != NULL)
		*fpp = fp;
	else
		fdrop(fp);
	return (0);
}

/* ---- open ----------------------------------------------------------------- */

int
kern_openat(int dirfd, const char *path, enum uio_seg seg, int flags,
    int mode, int *fdp)
{
	struct thread *td = curthread;
	struct filedesc *fdt = td->td_proc->p_fd;
	struct vnode *vp;
	struct file *fp;
	int error, fd, fmode;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return (EINVAL);
	if ((flags & O_EXEC) && (flags & O_ACCMODE) != O_RDONLY)
		return (EINVAL);
	fmode = FFLAGS(flags);
	error = falloc(td, &fp, &fd);
	if (error != 0)
		return (error);
	error = vn_open(path, seg, dirfd, fmode, mode, &vp);
	if (error != 0) {
		/* Take the half-made file back out of the table. */
		spin_lock(&fdt->fd_spin);
		if (fdt->fd_files[fd].fp == fp) {
			fdt->fd_files[fd].fp = NULL;
			if (fd < fdt->fd_freefile)
				fdt->fd_freefile = fd;
			spin_unlock(&fdt->fd_spin);
			fd_genbump();
			fdrop(fp);
		} else {
			spin_unlock(&fdt->fd_spin);
		}
		fdrop(fp);
		return (error);
	}
	finit(fp, fmode & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW |
	    O_DIRECTORY | O_CLOEXEC | O_NOCTTY | O_TTY_INIT), DTYPE_VNODE,
	    vp, &vnops);
	if (flags & O_CLOEXEC) {
		spin_lock(&fdt->fd_spin);
		if (fdt->fd_files[fd].fp == fp)
			fdt->fd_files[fd].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdt->fd_spin);
	}
	fdrop(fp);
	*fdp = fd;
	return (0);
}

int
sys_open(struct sysmsg *sysmsg, const struct open_args *uap)
{
	int fd = -1, error;

	error = kern_openat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->flags,
	    uap->mode, &fd);
	sysmsg->sysmsg_result = fd;
	return (error);
}

int
sys_openat(struct sysmsg *sysmsg, const struct openat_args *uap)
{
	int fd = -1, error;

	error = kern_openat(uap->fd, uap->path, UIO_USERSPACE, uap->flag,
	    uap->mode, &fd);
	sysmsg->sysmsg_result = fd;
	return (error);
}

/* ---- stat, access ---------------------------------------------------------- */

int
kern_statat(int dirfd, const char *path, enum uio_seg seg, int flag,
    struct stat *sb)
{
	struct nameidata nd;
	int error;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return (EINVAL);
	NDINIT(&nd, LOOKUP, ((flag & AT_SYMLINK_NOFOLLOW) ? NOFOLLOW :
	    FOLLOW) | ((flag & AT_EMPTY_PATH) ? EMPTYPATH : 0), seg, path,
	    dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	error = vn_stat(nd.ni_vp, sb);
	NDFREE(&nd);
	return (error);
}

static int
stat_common(int dirfd, const char *path, int flag, struct stat *ub)
{
	struct stat sb;
	int error;

	error = kern_statat(dirfd, path, UIO_USERSPACE, flag, &sb);
	if (error == 0)
		error = copyout(&sb, ub, sizeof(sb));
	return (error);
}

int
sys_stat(struct sysmsg *sysmsg, const struct stat_args *uap)
{
	return (stat_common(AT_FDCWD, uap->path, 0, uap->ub));
}

int
sys_lstat(struct sysmsg *sysmsg, const struct lstat_args *uap)
{
	return (stat_common(AT_FDCWD, uap->path, AT_SYMLINK_NOFOLLOW,
	    uap->ub));
}

int
sys_fstatat(struct sysmsg *sysmsg, const struct fstatat_args *uap)
{
	return (stat_common(uap->fd, uap->path, uap->flag, uap->buf));
}

int
kern_accessat(int dirfd, const char *path, enum uio_seg seg, int amode,
    int flag)
{
	struct nameidata nd;
	struct ucred *cred = cur_cred(), *tmp = NULL;
	int error, mode = 0;

	if (amode & ~(R_OK | W_OK | X_OK))
		return (EINVAL);
	if (flag & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return (EINVAL);
	/* access(2) checks with the real ids unless AT_EACCESS. */
	if (!(flag & AT_EACCESS) && cred != NULL &&
	    (cred->cr_uid != cred->cr_ruid || cred->cr_gid != cred->cr_rgid)) {
		tmp = crdup(cred);
		tmp->cr_uid = cred->cr_ruid;
		tmp->cr_groups[0] = cred->cr_rgid;
		cred = tmp;
	}
	NDINIT(&nd, LOOKUP, (flag & AT_SYMLINK_NOFOLLOW) ? NOFOLLOW : FOLLOW,
	    seg, path, dirfd);
	nd.ni_cred = cred;
	error = namei(&nd);
	if (error == 0) {
		if (amode & R_OK)
			mode |= VREAD;
		if (amode & W_OK)
			mode |= VWRITE;
		if (amode & X_OK)
			mode |= VEXEC;
		if ((mode & VWRITE) && vfs_rdonly(nd.ni_vp) &&
		    (nd.ni_vp->v_type == VREG || nd.ni_vp->v_type == VDIR ||
		    nd.ni_vp->v_type == VLNK))
			error = EROFS;
		else if (mode != 0)
			error = VOP_ACCESS(nd.ni_vp, mode, cred);
		NDFREE(&nd);
	}
	if (tmp != NULL)
		crfree(tmp);
	return (error);
}

int
sys_access(struct sysmsg *sysmsg, const struct access_args *uap)
{
	return (kern_accessat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->amode,
	    0));
}

int
sys_faccessat(struct sysmsg *sysmsg, const struct faccessat_args *uap)
{
	return (kern_accessat(uap->fd, uap->path, UIO_USERSPACE, uap->amode,
	    uap->flag));
}

/* ---- Attributes ---------------------------------------------------------------- */

static int
setattr_path(int dirfd, const char *path, bool follow, struct vattr *va)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, follow ? FOLLOW : NOFOLLOW, UIO_USERSPACE, path,
	    dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	error = vfs_rdonly(nd.ni_vp) ? EROFS :
	    VOP_SETATTR(nd.ni_vp, va, cur_cred());
	NDFREE(&nd);
	return (error);
}

static int
setattr_fd(int fd, struct vattr *va)
{
	struct vnode *vp;
	int error;

	error = getvnode(fd, &vp, NULL);
	if (error != 0)
		return (error);
	error = vfs_rdonly(vp) ? EROFS : VOP_SETATTR(vp, va, cur_cred());
	vrele(vp);
	return (error);
}

static void
vattr_mode(struct vattr *va, mode_t mode)
{
	vattr_null(va);
	va->va_mode = mode & ALLPERMS;
}

static void
vattr_owner(struct vattr *va, uid_t uid, gid_t gid)
{
	vattr_null(va);
	va->va_uid = uid;		/* (uid_t)-1 == VNOVAL: unchanged */
	va->va_gid = gid;
}

int
sys_chmod(struct sysmsg *sysmsg, const struct chmod_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (setattr_path(AT_FDCWD, uap->path, true, &va));
}

int
sys_lchmod(struct sysmsg *sysmsg, const struct lchmod_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (setattr_path(AT_FDCWD, uap->path, false, &va));
}

int
sys_fchmod(struct sysmsg *sysmsg, const struct fchmod_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (setattr_fd(uap->fd, &va));
}

int
sys_fchmodat(struct sysmsg *sysmsg, const struct fchmodat_args *uap)
{
	struct vattr va;

	if (uap->flag & ~AT_SYMLINK_NOFOLLOW)
		return (EINVAL);
	vattr_mode(&va, uap->mode);
	return (setattr_path(uap->fd, uap->path,
	    !(uap->flag & AT_SYMLINK_NOFOLLOW), &va));
}

int
sys_chown(struct sysmsg *sysmsg, const struct chown_args *uap)
{
	struct vattr va;

	vattr_owner(&va, uap->uid, uap->gid);
	return (setattr_path(AT_FDCWD, uap->path, true, &va));
}

int
sys_lchown(struct sysmsg *sysmsg, const struct lchown_args *uap)
{
	struct vattr va;

	vattr_owner(&va, uap->uid, uap->gid);
	return (setattr_path(AT_FDCWD, uap->path, false, &va));
}

int
sys_fchown(struct sysmsg *sysmsg, const struct fchown_args *uap)
{
	struct vattr va;

	vattr_owner(&va, uap->uid, uap->gid);
	return (setattr_fd(uap->fd, &va));
}

int
sys_fchownat(struct sysmsg *sysmsg, const struct fchownat_args *uap)
{
	struct vattr va;

	if (uap->flag & ~AT_SYMLINK_NOFOLLOW)
		return (EINVAL);
	vattr_owner(&va, uap->uid, uap->gid);
	return (setattr_path(uap->fd, uap->path,
	    !(uap->flag & AT_SYMLINK_NOFOLLOW), &va));
}

/* times[2] (atime, mtime) from user timespecs; NULL means now. */
static int
vattr_times(struct vattr *va, const struct timespec *uts)
{
	struct timespec ts[2], now;
	int error, i;

	vattr_null(va);
	nanotime(&now);
	if (uts == NULL) {
		ts[0] = ts[1] = now;
		va->va_vaflags |= VA_UTIMES_NULL;
	} else {
		error = copyin(uts, ts, sizeof(ts));
		if (error != 0)
			return (error);
		for (i = 0; i < 2; i++) {
			if (ts[i].tv_nsec == UTIME_NOW)
				ts[i] = now;
			else if (ts[i].tv_nsec != UTIME_OMIT &&
			    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000))
				return (EINVAL);
		}
		if (ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW)
			va->va_vaflags |= VA_UTIMES_NULL;
	}
	if (ts[0].tv_nsec != UTIME_OMIT) {
		va->va_atime_sec = ts[0].tv_sec;
		va->va_atime_nsec = ts[0].tv_nsec;
	}
	if (ts[1].tv_nsec != UTIME_OMIT) {
		va->va_mtime_sec = ts[1].tv_sec;
		va->va_mtime_nsec = ts[1].tv_nsec;
	}
	return (0);
}

/* timeval[2] to the timespec form, in kernel memory. */
static int
vattr_timevals(struct vattr *va, const struct timeval *utv)
{
	struct timeval tv[2];
	int error;

	if (utv == NULL)
		return (vattr_times(va, NULL));
	error = copyin(utv, tv, sizeof(tv));
	if (error != 0)
		return (error);
	if (tv[0].tv_usec < 0 || tv[0].tv_usec >= 1000000 ||
	    tv[1].tv_usec < 0 || tv[1].tv_usec >= 1000000)
		return (EINVAL);
	vattr_null(va);
	va->va_atime_sec = tv[0].tv_sec;
	va->va_atime_nsec = tv[0].tv_usec * 1000;
	va->va_mtime_sec = tv[1].tv_sec;
	va->va_mtime_nsec = tv[1].tv_usec * 1000;
	return (0);
}

int
sys_utimes(struct sysmsg *sysmsg, const struct utimes_args *uap)
{
	struct vattr va;
	int error;

	error = vattr_timevals(&va, uap->tptr);
	if (error != 0)
		return (error);
	return (setattr_path(AT_FDCWD, uap->path, true, &va));
}

int
sys_futimes(struct sysmsg *sysmsg, const struct futimes_args *uap)
{
	struct vattr va;
	int error;

	error = vattr_timevals(&va, uap->tptr);
	if (error != 0)
		return (error);
	return (setattr_fd(uap->fd, &va));
}

int
sys_utimensat(struct sysmsg *sysmsg, const struct utimensat_args *uap)
{
	struct vattr va;
	int error;

	if (uap->flag & ~AT_SYMLINK_NOFOLLOW)
		return (EINVAL);
	error = vattr_times(&va, uap->times);
	if (error != 0)
		return (error);
	return (setattr_path(uap->fd, uap->path,
	    !(uap->flag & AT_SYMLINK_NOFOLLOW), &va));
}

int
sys_futimens(struct sysmsg *sysmsg, const struct futimens_args *uap)
{
	struct vattr va;
	int error;

	error = vattr_times(&va, uap->times);
	if (error != 0)
		return (error);
	return (setattr_fd(uap->fd, &va));
}

int
kern_truncate(struct vnode *vp, off_t length)
{
	struct vattr va;

	if (length < 0)
		return (EINVAL);
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (vfs_rdonly(vp))
		return (EROFS);
	if (vn_rlimit_trunc(length) != 0)
		return (EFBIG);
	vattr_null(&va);
	va.va_size = length;
	return (VOP_SETATTR(vp, &va, cur_cred()));
}

int
sys_truncate(struct sysmsg *sysmsg, const struct truncate_args *uap)
{
	struct nameidata nd;
	int error;

	if (uap->length < 0)
		return (EINVAL);
	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp->v_type == VDIR)
		error = EISDIR;
	else
		error = VOP_ACCESS(nd.ni_vp, VWRITE, cur_cred());
	if (error == 0)
		error = kern_truncate(nd.ni_vp, uap->length);
	NDFREE(&nd);
	return (error);
}

int
sys_ftruncate(struct sysmsg *sysmsg, const struct ftruncate_args *uap)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if (uap->length < 0)
		return (EINVAL);
	error = getvnode(uap->fd, &vp, &fp);
	if (error != 0)
		return (error);
	if ((fp->f_flag & FWRITE) == 0)
		error = EINVAL;
	else
		error = kern_truncate(vp, uap->length);
	vrele(vp);
	fdrop(fp);
	return (error);
}

static int
fsync_common(int fd)
{
	struct vnode *vp;
	struct file *fp;
	int error;

	error = holdfp(curthread, fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (EINVAL);
	}
	vp = fp->f_vnode;
	error = VOP_FSYNC(vp);
	fdrop(fp);
	return (error);
}

int
sys_fsync(struct sysmsg *sysmsg, const struct fsync_args *uap)
{
	return (fsync_common(uap->fd));
}

int
sys_fdatasync(struct sysmsg *sysmsg, const struct fdatasync_args *uap)
{
	return (fsync_common(uap->fd));
}

int
sys_sync(struct sysmsg *sysmsg, const struct sync_args *uap)
{
	return (0);			/* tmpfs and devfs have no backing */
}

/* ---- Names ------------------------------------------------------------------- */

static mode_t
cur_cmask(void)
{
	struct filedesc *fdp = fd_curfiledesc();

	return (fdp != NULL ? fdp->fd_cmask : 022);
}

int
kern_mknodat(int dirfd, const char *path, enum uio_seg seg, mode_t mode,
    dev_t dev)
{
	struct nameidata nd;
	struct vattr va;
	int error;

	vattr_null(&va);
	switch (mode & S_IFMT) {
	case S_IFIFO:
		va.va_type = VFIFO;
		break;
	case S_IFCHR:
	case S_IFBLK:
		va.va_type = (mode & S_IFMT) == S_IFCHR ? VCHR : VBLK;
		va.va_rdev = dev;
		error = caps_priv_check_self(SYSCAP_NOVFS_MKNOD);
		if (error != 0)
			return (EPERM);
		break;
	case S_IFREG:
	case 0:
		va.va_type = VREG;
		break;
	case S_IFSOCK:
		va.va_type = VSOCK;
		break;
	case S_IFDIR:
		return (EPERM);
	default:
		return (EINVAL);
	}
	va.va_mode = mode & ~cur_cmask() & ALLPERMS;
	NDINIT(&nd, CREATE, WANTPARENT, seg, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (nd.ni_cnd.cn_flags & TRAILINGSLASH)
		error = ENOENT;
	else
		error = VOP_MKNOD(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
	NDFREE(&nd);
	return (error);
}

int
sys_mknod(struct sysmsg *sysmsg, const struct mknod_args *uap)
{
	return (kern_mknodat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->mode,
	    uap->dev));
}

int
sys_mknodat(struct sysmsg *sysmsg, const struct mknodat_args *uap)
{
	return (kern_mknodat(uap->fd, uap->path, UIO_USERSPACE, uap->mode,
	    uap->dev));
}

int
sys_mkfifo(struct sysmsg *sysmsg, const struct mkfifo_args *uap)
{
	return (kern_mknodat(AT_FDCWD, uap->path, UIO_USERSPACE,
	    S_IFIFO | (uap->mode & ALLPERMS), 0));
}

int
sys_mkfifoat(struct sysmsg *sysmsg, const struct mkfifoat_args *uap)
{
	return (kern_mknodat(uap->fd, uap->path, UIO_USERSPACE,
	    S_IFIFO | (uap->mode & ALLPERMS), 0));
}

int
kern_mkdirat(int dirfd, const char *path, enum uio_seg seg, mode_t mode)
{
	struct nameidata nd;
	struct vattr va;
	int error;

	NDINIT(&nd, CREATE, WANTPARENT, seg, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp != NULL) {
		NDFREE(&nd);
		return (EEXIST);
	}
	vattr_null(&va);
	va.va_type = VDIR;
	va.va_mode = mode & ~cur_cmask() & ALLPERMS;
	error = VOP_MKDIR(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
	NDFREE(&nd);
	return (error);
}

int
sys_mkdir(struct sysmsg *sysmsg, const struct mkdir_args *uap)
{
	return (kern_mkdirat(AT_FDCWD, uap->path, UIO_USERSPACE, uap->mode));
}

int
sys_mkdirat(struct sysmsg *sysmsg, const struct mkdirat_args *uap)
{
	return (kern_mkdirat(uap->fd, uap->path, UIO_USERSPACE, uap->mode));
}

/* Is the last component "." or ".."? */
static bool
cn_isdot(struct componentname *cnp)
{
	return ((cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.'));
}

int
kern_rmdirat(int dirfd, const char *path, enum uio_seg seg)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, DELETE, WANTPARENT, seg, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp->v_type != VDIR)
		error = ENOTDIR;
	else if (cn_isdot(&nd.ni_cnd))
		error = nd.ni_cnd.cn_namelen == 1 ? EINVAL : ENOTEMPTY;
	else if ((nd.ni_vp->v_flag & VROOT) || nd.ni_vp->v_mountedhere)
		error = EBUSY;
	else if (nd.ni_dvp->v_mount != nd.ni_vp->v_mount)
		error = EBUSY;
	else
		error = VOP_RMDIR(nd.ni_dvp, nd.ni_vp, &nd.ni_cnd);
	NDFREE(&nd);
	return (error);
}

int
sys_rmdir(struct sysmsg *sysmsg, const struct rmdir_args *uap)
{
	return (kern_rmdirat(AT_FDCWD, uap->path, UIO_USERSPACE));
}

int
kern_unlinkat(int dirfd, const char *path, enum uio_seg seg, int flag)
{
	struct nameidata nd;
	int error;

	if (flag & ~AT_REMOVEDIR)
		return (EINVAL);
	if (flag & AT_REMOVEDIR)
		return (kern_rmdirat(dirfd, path, seg));
	NDINIT(&nd, DELETE, WANTPARENT, seg, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp->v_type == VDIR)
		error = EPERM;		/* POSIX: unlink of a directory */
	else if (nd.ni_vp->v_flag & VROOT)
		error = EBUSY;
	else
		error = VOP_REMOVE(nd.ni_dvp, nd.ni_vp, &nd.ni_cnd);
	NDFREE(&nd);
	return (error);
}

int
sys_unlink(struct sysmsg *sysmsg, const struct unlink_args *uap)
{
	return (kern_unlinkat(AT_FDCWD, uap->path, UIO_USERSPACE, 0));
}

int
sys_unlinkat(struct sysmsg *sysmsg, const struct unlinkat_args *uap)
{
	return (kern_unlinkat(uap->fd, uap->path, UIO_USERSPACE, uap->flag));
}

int
kern_linkat(int fd1, const char *path1, int fd2, const char *path2,
    enum uio_seg seg, int flag)
{
	struct nameidata nd;
	struct vnode *vp;
	int error;

	if (flag & ~AT_SYMLINK_FOLLOW)
		return (EINVAL);
	NDINIT(&nd, LOOKUP, (flag & AT_SYMLINK_FOLLOW) ? FOLLOW : NOFOLLOW,
	    seg, path1, fd1);
	error = namei(&nd);
	if (error != 0)
		return (error);
	vp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);
	if (vp->v_type == VDIR) {
		vrele(vp);
		return (EPERM);
	}
	NDINIT(&nd, CREATE, WANTPARENT, seg, path2, fd2);
	error = namei(&nd);
	if (error != 0) {
		vrele(vp);
		return (error);
	}
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (nd.ni_dvp->v_mount != vp->v_mount)
		error = EXDEV;
	else
		error = VOP_LINK(nd.ni_dvp, vp, &nd.ni_cnd);
	NDFREE(&nd);
	vrele(vp);
	return (error);
}

int
sys_link(struct sysmsg *sysmsg, const struct link_args *uap)
{
	return (kern_linkat(AT_FDCWD, uap->path, AT_FDCWD, uap->link,
	    UIO_USERSPACE, AT_SYMLINK_FOLLOW));
}

int
sys_linkat(struct sysmsg *sysmsg, const struct linkat_args *uap)
{
	return (kern_linkat(uap->fd1, uap->path1, uap->fd2, uap->path2,
	    UIO_USERSPACE, uap->flag));
}

int
kern_symlinkat(const char *target, enum uio_seg seg, int dirfd,
    const char *path)
{
	struct nameidata nd;
	struct vattr va;
	char *buf;
	size_t len;
	int error;

	buf = kmalloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	if (seg == UIO_SYSSPACE)
		error = strlcpy(buf, target, MAXPATHLEN) >= MAXPATHLEN ?
		    ENAMETOOLONG : 0;
	else
		error = copyinstr(target, buf, MAXPATHLEN, &len);
	if (error != 0)
		goto out;
	if (buf[0] == '\0') {
		error = ENOENT;
		goto out;
	}
	NDINIT(&nd, CREATE, WANTPARENT, seg, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		goto out;
	if (nd.ni_vp != NULL) {
		error = EEXIST;
	} else {
		vattr_null(&va);
		va.va_type = VLNK;
		va.va_mode = ACCESSPERMS & ~cur_cmask();
		error = VOP_SYMLINK(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va,
		    buf);
	}
	NDFREE(&nd);
out:
	kfree(buf, M_TEMP);
	return (error);
}

int
sys_symlink(struct sysmsg *sysmsg, const struct symlink_args *uap)
{
	return (kern_symlinkat(uap->path, UIO_USERSPACE, AT_FDCWD,
	    uap->link));
}

int
sys_symlinkat(struct sysmsg *sysmsg, const struct symlinkat_args *uap)
{
	return (kern_symlinkat(uap->path1, UIO_USERSPACE, uap->fd,
	    uap->path2));
}

static int
kern_readlinkat(int dirfd, const char *path, char *buf, size_t count,
    ssize_t *res)
{
	struct nameidata nd;
	struct iovec aiov;
	struct uio auio;
	int error;

	if (count > (size_t)INT64_MAX)
		return (EINVAL);
	NDINIT(&nd, LOOKUP, NOFOLLOW, UIO_USERSPACE, path, dirfd);
	error = namei(&nd);
	if (error != 0)
		return (error);
	if (nd.ni_vp->v_type != VLNK) {
		NDFREE(&nd);
		return (EINVAL);
	}
	aiov.iov_base = buf;
	aiov.iov_len = count;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = 0;
	auio.uio_rw = UIO_READ;
	auio.uio_segflg = UIO_USERSPACE;
	auio.uio_td = curthread;
	auio.uio_resid = count;
	error = VOP_READLINK(nd.ni_vp, &auio, cur_cred());
	NDFREE(&nd);
	*res = count - auio.uio_resid;
	return (error);
}

int
sys_readlink(struct sysmsg *sysmsg, const struct readlink_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_readlinkat(AT_FDCWD, uap->path, uap->buf, uap->count,
	    &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_readlinkat(struct sysmsg *sysmsg, const struct readlinkat_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_readlinkat(uap->fd, uap->path, uap->buf, uap->bufsize,
	    &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
kern_renameat(int fromfd, const char *from, int tofd, const char *to,
    enum uio_seg seg)
{
	struct nameidata fnd, tnd;
	int error;

	NDINIT(&fnd, DELETE, WANTPARENT, seg, from, fromfd);
	error = namei(&fnd);
	if (error != 0)
		return (error);
	NDINIT(&tnd, RENAME, WANTPARENT, seg, to, tofd);
	error = namei(&tnd);
	if (error != 0) {
		NDFREE(&fnd);
		return (error);
	}
	if (cn_isdot(&fnd.ni_cnd) || cn_isdot(&tnd.ni_cnd))
		error = EINVAL;
	else if ((fnd.ni_vp->v_flag & VROOT) ||
	    (tnd.ni_vp != NULL && (tnd.ni_vp->v_flag & VROOT)))
		error = EBUSY;
	else if (fnd.ni_vp->v_mount != tnd.ni_dvp->v_mount ||
	    fnd.ni_dvp->v_mount != tnd.ni_dvp->v_mount)
		error = EXDEV;
	else if ((tnd.ni_cnd.cn_flags & TRAILINGSLASH) &&
	    fnd.ni_vp->v_type != VDIR)
		error = ENOTDIR;
	else
		error = VOP_RENAME(fnd.ni_dvp, fnd.ni_vp, &fnd.ni_cnd,
		    tnd.ni_dvp, tnd.ni_vp, &tnd.ni_cnd);
	NDFREE(&tnd);
	NDFREE(&fnd);
	return (error);
}

int
sys_rename(struct sysmsg *sysmsg, const struct rename_args *uap)
{
	return (kern_renameat(AT_FDCWD, uap->from, AT_FDCWD, uap->to,
	    UIO_USERSPACE));
}

int
sys_renameat(struct sysmsg *sysmsg, const struct renameat_args *uap)
{
	return (kern_renameat(uap->oldfd, uap->old, uap->newfd, uap->new,
	    UIO_USERSPACE));
}

/* ---- Directories --------------------------------------------------------------- */

static int
kern_getdirentries(int fd, char *buf, size_t count, off_t *basep,
    ssize_t *res)
{
	struct file *fp;
	struct vnode *vp;
	struct iovec aiov;
	struct uio auio;
	int error, eof;

	if (count > (size_t)INT32_MAX)
		count = INT32_MAX;
	error = holdfp(curthread, fd, FREAD, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (EBADF);
	}
	vp = fp->f_vnode;
	if (vp->v_type != VDIR) {
		fdrop(fp);
		return (ENOTDIR);
	}
	aiov.iov_base = buf;
	aiov.iov_len = count;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_rw = UIO_READ;
	auio.uio_segflg = UIO_USERSPACE;
	auio.uio_td = curthread;
	auio.uio_resid = count;
	spin_lock(&fp->f_spin);
	auio.uio_offset = fp->f_offset;
	spin_unlock(&fp->f_spin);
	if (basep != NULL)
		*basep = auio.uio_offset;
	error = VOP_READDIR(vp, &auio, fp->f_cred, &eof);
	spin_lock(&fp->f_spin);
	fp->f_offset = auio.uio_offset;
	spin_unlock(&fp->f_spin);
	*res = count - auio.uio_resid;
	/* A buffer too small for even one entry. */
	if (error == 0 && *res == 0 && !eof)
		error = EINVAL;
	fdrop(fp);
	return (error);
}

int
sys_getdents(struct sysmsg *sysmsg, const struct getdents_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_getdirentries(uap->fd, uap->buf, uap->count, NULL, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_getdirentries(struct sysmsg *sysmsg, const struct getdirentries_args *uap)
{
	ssize_t res = 0;
	off_t base = 0;
	int error;

	error = kern_getdirentries(uap->fd, uap->buf, uap->count, &base, &res);
	if (error == 0 && uap->basep != NULL)
		error = copyout(&base, uap->basep, sizeof(base));
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_umask(struct sysmsg *sysmsg, const struct umask_args *uap)
{
	struct proc *p = curproc;
	struct filedesc *fdp = p->p_fd;

	spin_lock(&fdp->fd_spin);
	sysmsg->sysmsg_result = fdp->fd_cmask;
	fdp->fd_cmask = uap->newmask & ALLPERMS;
	spin_unlock(&fdp->fd_spin);
	p->p_umask = uap->newmask & ALLPERMS;
	return (0);
}

/* Make vp (referenced, consumed) the current or root directory. */
static int
set_dir(struct vnode *vp, bool root)
{
	struct filedesc *fdp = curproc->p_fd;
	struct vnode *ovp;
	int error;

	if (vp->v_type != VDIR) {
		vrele(vp);
		return (ENOTDIR);
	}
	error = VOP_ACCESS(vp, VEXEC, cur_cred());
	if (error != 0) {
		vrele(vp);
		return (error);
	}
	spin_lock(&fdp->fd_spin);
	if (root) {
		ovp = fdp->fd_rdir;
		fdp->fd_rdir = vp;
	} else {
		ovp = fdp->fd_cdir;
		fdp->fd_cdir = vp;
	}
	spin_unlock(&fdp->fd_spin);
	if (ovp != NULL)
		vrele(ovp);
	return (0);
}

int
sys_chdir(struct sysmsg *sysmsg, const struct chdir_args *uap)
{
	struct vnode *vp;
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	vp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);
	return (set_dir(vp, false));
}

int
sys_fchdir(struct sysmsg *sysmsg, const struct fchdir_args *uap)
{
	struct vnode *vp;
	int error;

	error = getvnode(uap->fd, &vp, NULL);
	if (error != 0)
		return (error == EINVAL ? ENOTDIR : error);
	return (set_dir(vp, false));
}

int
sys_chroot(struct sysmsg *sysmsg, const struct chroot_args *uap)
{
	struct vnode *vp;
	struct nameidata nd;
	int error;

	error = caps_priv_check_self(SYSCAP_NOVFS_CHROOT);
	if (error != 0)
		return (EPERM);
	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	vp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);
	return (set_dir(vp, true));
}

/*
 * Find the name of dvp's entry for the file with number ino (the child
 * we came up from).  Scans dvp with VOP_READDIR into a kernel buffer.
 */
static int
getcwd_name(struct vnode *dvp, ino_t ino, char *name, size_t size)
{
	struct iovec aiov;
	struct uio auio;
	struct dirent *dp;
	char *buf;
	size_t n, pos;
	off_t off = 0;
	int error, eof = 0;
	const size_t bsize = 4096;

	buf = kmalloc(bsize, M_TEMP, M_WAITOK);
	for (;;) {
		aiov.iov_base = buf;
		aiov.iov_len = bsize;
		auio.uio_iov = &aiov;
		auio.uio_iovcnt = 1;
		auio.uio_rw = UIO_READ;
		auio.uio_segflg = UIO_SYSSPACE;
		auio.uio_td = curthread;
		auio.uio_resid = bsize;
		auio.uio_offset = off;
		error = VOP_READDIR(dvp, &auio, NULL, &eof);
		if (error != 0)
			break;
		n = bsize - auio.uio_resid;
		for (pos = 0; pos + offsetof(struct dirent, d_name) < n;
		    pos += dp->d_reclen) {
			dp = (struct dirent *)(buf + pos);
			if (dp->d_reclen == 0)
				break;
			if (dp->d_fileno != ino ||
			    (dp->d_namlen == 1 && dp->d_name[0] == '.') ||
			    (dp->d_namlen == 2 && dp->d_name[0] == '.' &&
			    dp->d_name[1] == '.'))
				continue;
			if (dp->d_namlen + 1 > size) {
				error = ENAMETOOLONG;
				goto out;
			}
			memcpy(name, dp->d_name, dp->d_namlen);
			name[dp->d_namlen] = '\0';
			goto out;
		}
		if (eof || n == 0) {
			error = ENOENT;
			break;
		}
		off = auio.uio_offset;
	}
out:
	kfree(buf, M_TEMP);
	return (error);
}

/* The path of the current directory, built from the end of buf. */
int
kern_getcwd(char *buf, size_t buflen, size_t *lenp)
{
	struct filedesc *fdp = curproc->p_fd;
	struct vnode *vp, *dvp, *rdir, *tvp;
	struct componentname cn;
	struct vattr va;
	char *name;
	size_t pos = buflen, l;
	int error = 0, depth = 0;

	if (buflen < 2)
		return (ERANGE);
	name = kmalloc(NAME_MAX + 1, M_TEMP, M_WAITOK);
	spin_lock(&fdp->fd_spin);
	vp = fdp->fd_cdir != NULL ? fdp->fd_cdir : rootvnode;
	rdir = fdp->fd_rdir != NULL ? fdp->fd_rdir : rootvnode;
	vref(vp);
	vref(rdir);
	spin_unlock(&fdp->fd_spin);
	buf[--pos] = '\0';
	while (vp != rdir) {
		if (++depth > MAXPATHLEN / 2) {
			error = ENOENT;
			break;
		}
		/* Out of a mounted file system onto what it covers. */
		while ((vp->v_flag & VROOT) && vp != rdir &&
		    vp->v_mount != NULL && vp->v_mount->mnt_vnodecovered) {
			tvp = vp->v_mount->mnt_vnodecovered;
			vref(tvp);
			vrele(vp);
			vp = tvp;
		}
		if (vp == rdir)
			break;
		error = VOP_GETATTR(vp, &va);
		if (error != 0)
			break;
		memset(&cn, 0, sizeof(cn));
		cn.cn_nameptr = "..";
		cn.cn_namelen = 2;
		cn.cn_flags = ISDOTDOT | ISLASTCN;
		cn.cn_nameiop = LOOKUP;
		error = VOP_LOOKUP(vp, &dvp, &cn);
		if (error != 0)
			break;
		if (dvp == vp) {
			vrele(dvp);
			error = ENOENT;	/* a root that is not ours */
			break;
		}
		error = getcwd_name(dvp, va.va_fileid, name, NAME_MAX + 1);
		if (error != 0) {
			vrele(dvp);
			break;
		}
		l = strlen(name);
		if (l + 1 > pos) {
			vrele(dvp);
			error = ERANGE;
			break;
		}
		pos -= l;
		memcpy(buf + pos, name, l);
		buf[--pos] = '/';
		vrele(vp);
		vp = dvp;
	}
	vrele(vp);
	vrele(rdir);
	kfree(name, M_TEMP);
	if (error != 0)
		return (error);
	if (pos == buflen - 1)
		buf[--pos] = '/';	/* the root itself */
	l = buflen - pos;
	memmove(buf, buf + pos, l);
	*lenp = l;			/* including the NUL */
	return (0);
}

int
sys___getcwd(struct sysmsg *sysmsg, const struct __getcwd_args *uap)
{
	char *buf;
	size_t len, buflen = uap->buflen;
	int error;

	if (buflen < 2)
		return (EINVAL);
	if (buflen > MAXPATHLEN)
		buflen = MAXPATHLEN;
	buf = kmalloc(buflen, M_TEMP, M_WAITOK);
	error = kern_getcwd(buf, buflen, &len);
	if (error == 0)
		error = copyout(buf, uap->buf, len);
	kfree(buf, M_TEMP);
	return (error);
}

/* ---- lseek, statfs, pathconf ---------------------------------------------------- */

int
sys_lseek(struct sysmsg *sysmsg, const struct lseek_args *uap)
{
	struct file *fp;
	struct vnode *vp;
	struct vattr va;
	off_t off, base;
	int error;

	error = holdfp(curthread, uap->fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE || fp->f_vnode->v_type == VFIFO) {
		fdrop(fp);
		return (ESPIPE);
	}
	vp = fp->f_vnode;
	switch (uap->whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		spin_lock(&fp->f_spin);
		base = fp->f_offset;
		spin_unlock(&fp->f_spin);
		break;
	case SEEK_END:
		error = VOP_GETATTR(vp, &va);
		base = va.va_size;
		break;
	default:
		error = EINVAL;
		break;
	}
	if (error == 0) {
		if ((uap->offset > 0 && base > INT64_MAX - uap->offset) ||
		    (uap->offset < 0 && base < INT64_MIN - uap->offset))
			error = EOVERFLOW;
		else if ((off = base + uap->offset) < 0 && vp->v_type != VCHR)
			error = EINVAL;
		else {
			spin_lock(&fp->f_spin);
			fp->f_offset = off;
			spin_unlock(&fp->f_spin);
			sysmsg->sysmsg_offset = off;
		}
	}
	fdrop(fp);
	return (error);
}

static void
statfs_fill(struct mount *mp, struct statfs *sb)
{
	memset(sb, 0, sizeof(*sb));
	mp->mnt_op->vfs_statfs(mp, sb);
	sb->f_version = STATFS_VERSION;
	sb->f_type = mp->mnt_vfc->vfc_typenum;
	sb->f_flags = mp->mnt_flag;
	sb->f_owner = mp->mnt_owner;
	sb->f_fsid.val[0] = mp->mnt_fsid;
	sb->f_fsid.val[1] = mp->mnt_vfc->vfc_typenum;
	strlcpy(sb->f_fstypename, mp->mnt_vfc->vfc_name,
	    sizeof(sb->f_fstypename));
	strlcpy(sb->f_mntonname, mp->mnt_onname, sizeof(sb->f_mntonname));
	strlcpy(sb->f_mntfromname, mp->mnt_fromname,
	    sizeof(sb->f_mntfromname));
}

static int
statfs_vp(struct vnode *vp, struct statfs *usb)
{
	struct statfs *sb;
	struct mount *mp;
	int error;

	sb = kmalloc(sizeof(*sb), M_TEMP, M_WAITOK);
	if (vp->v_mount != NULL) {
		/* vp's reference keeps its mount. */
		statfs_fill(vp->v_mount, sb);
	} else if (vp->v_type == VCHR) {
		/*
		 * A devfs device belongs to no mount: answer for the devfs
		 * mount, as FreeBSD does, while mount_lock keeps it.
		 */
		vfs_mount_lock();
		TAILQ_FOREACH(mp, &mountlist, mnt_list)
			if (strcmp(mp->mnt_vfc->vfc_name, "devfs") == 0)
				break;
		if (mp != NULL)
			statfs_fill(mp, sb);
		vfs_mount_unlock();
		if (mp == NULL) {
			kfree(sb, M_TEMP);
			return (EINVAL);
		}
	} else {
		kfree(sb, M_TEMP);
		return (EINVAL);
	}
	error = copyout(sb, usb, sizeof(*sb));
	kfree(sb, M_TEMP);
	return (error);
}

int
sys_statfs(struct sysmsg *sysmsg, const struct statfs_args *uap)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	error = statfs_vp(nd.ni_vp, uap->buf);
	NDFREE(&nd);
	return (error);
}

int
sys_fstatfs(struct sysmsg *sysmsg, const struct fstatfs_args *uap)
{
	struct vnode *vp;
	int error;

	error = getvnode(uap->fd, &vp, NULL);
	if (error != 0)
		return (error);
	error = statfs_vp(vp, uap->buf);
	vrele(vp);
	return (error);
}

/*
 * getfsstat: a struct statfs for each mounted file system, in mount
 * order, as many as fit in bufsize (the count without a buffer).  The
 * records are made under mount_lock, so no mount goes away meanwhile,
 * and copied out after.  mode (MNT_WAIT/MNT_NOWAIT) makes no difference:
 * the statistics are always current.
 */
int
sys_getfsstat(struct sysmsg *sysmsg, const struct getfsstat_args *uap)
{
	struct mount *mp;
	struct statfs *sb;
	long maxcount;
	int n, i, error;

	if (uap->bufsize < 0)
		return (EINVAL);
	maxcount = uap->bufsize / sizeof(struct statfs);
	vfs_mount_lock();
	vfs_reap_detached();
	n = 0;
	spin_lock(&mountlist_spin);
	TAILQ_FOREACH(mp, &mountlist, mnt_list)
		n++;
	spin_unlock(&mountlist_spin);
	if (uap->buf == NULL || maxcount == 0) {
		vfs_mount_unlock();
		sysmsg->sysmsg_result = uap->buf == NULL ? n : 0;
		return (0);
	}
	if (n > maxcount)
		n = maxcount;
	/* mount_lock: the list cannot change while we sleep in kmalloc. */
	sb = kmalloc(n * sizeof(*sb), M_TEMP, M_WAITOK);
	i = 0;
	TAILQ_FOREACH(mp, &mountlist, mnt_list) {
		if (i == n)
			break;
		statfs_fill(mp, &sb[i++]);
	}
	vfs_mount_unlock();
	error = copyout(sb, uap->buf, i * sizeof(*sb));
	kfree(sb, M_TEMP);
	if (error == 0)
		sysmsg->sysmsg_result = i;
	return (error);
}

static int
pathconf_value(struct vnode *vp, int name, long *res)
{
	switch (name) {
	case _PC_LINK_MAX:
		*res = 32000;
		return (0);
	case _PC_NAME_MAX:
		*res = NAME_MAX;
		return (0);
	case _PC_PATH_MAX:
		*res = MAXPATHLEN;
		return (0);
	case _PC_PIPE_BUF:
		*res = PIPE_BUF;
		return (0);
	case _PC_CHOWN_RESTRICTED:
	case _PC_NO_TRUNC:
		*res = 1;
		return (0);
	case _PC_MAX_CANON:
	case _PC_MAX_INPUT:
		*res = 255;
		return (0);
	case _PC_VDISABLE:
		*res = 0xff;
		return (0);
	default:
		return (EINVAL);
	}
}

int
sys_pathconf(struct sysmsg *sysmsg, const struct pathconf_args *uap)
{
	struct nameidata nd;
	long res = 0;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	error = pathconf_value(nd.ni_vp, uap->name, &res);
	NDFREE(&nd);
	sysmsg->sysmsg_lresult = res;
	return (error);
}

int
sys_fpathconf(struct sysmsg *sysmsg, const struct fpathconf_args *uap)
{
	struct file *fp;
	long res = 0;
	int error;

	error = holdfp(curthread, uap->fd, 0, &fp);
	if (error != 0)
		return (error);
	error = pathconf_value(fp->f_vnode, uap->name, &res);
	fdrop(fp);
	sysmsg->sysmsg_lresult = res;
	return (error);
}
