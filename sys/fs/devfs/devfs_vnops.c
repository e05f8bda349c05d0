/*
 * devfs: one flat directory of devices (struct cdev, made by drivers
 * with make_dev) and the vnode operations that pass open/read/write/
 * ioctl/poll/kqfilter through to each driver's cdevsw.  There is one
 * device list for the whole system; every devfs mount shows it.
 * devfs_lock (a vlock) protects the list and the devices' attributes;
 * driver entry points run without it, since they may sleep for a long
 * time (a tty read).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/event.h>
#include <sys/poll.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_DEVFS, "devfs", "devfs devices");

static struct vlock devfs_lock;
static bool devfs_inited;
static TAILQ_HEAD(, cdev) devfs_devs = TAILQ_HEAD_INITIALIZER(devfs_devs);
static uint64_t devfs_nextino = 3;
static struct vnode *devfs_rootvp;	/* the directory; shared by mounts */
static struct timespec devfs_dirtime;

extern struct vop_ops devfs_vnodeops;

static void
devfs_init_once(void)
{
	if (devfs_inited)
		return;
	vlock_init(&devfs_lock, "devfs");
	devfs_rootvp = vnode_alloc(NULL, VDIR, &devfs_vnodeops, NULL);
	devfs_rootvp->v_flag |= VROOT;
	nanotime(&devfs_dirtime);
	devfs_inited = true;
}

struct cdev *
make_dev(struct cdevsw *devsw, int unit, uid_t uid, gid_t gid, int perms,
    const char *fmt, ...)
{
	struct cdev *dev;
	va_list ap;

	devfs_init_once();
	dev = kmalloc(sizeof(*dev), M_DEVFS, M_WAITOK | M_ZERO);
	va_start(ap, fmt);
	kvsnprintf(dev->si_name, sizeof(dev->si_name), fmt, ap);
	va_end(ap);
	dev->si_devsw = devsw;
	dev->si_unit = unit;
	dev->si_uid = uid;
	dev->si_gid = gid;
	dev->si_mode = perms & ALLPERMS;
	nanotime(&dev->si_ctime);
	dev->si_atime = dev->si_mtime = dev->si_ctime;
	dev->si_vnode = vnode_alloc(NULL, VCHR, &devfs_vnodeops, dev);
	dev->si_vnode->v_rdev = dev;
	vlock_acquire(&devfs_lock);
	dev->si_ino = devfs_nextino++;
	/* major: a hash of the driver; minor: the unit. */
	dev->si_rdev = ((dev_t)(dev->si_ino & 0xfff) << 32) | (unsigned)unit;
	TAILQ_INSERT_TAIL(&devfs_devs, dev, si_list);
	nanotime(&devfs_dirtime);
	vlock_release(&devfs_lock);
	return (dev);
}

/*
 * Remove the name.  Open files keep the vnode (and so the struct cdev)
 * until they close; the driver must fail their calls itself.
 */
void
destroy_dev(struct cdev *dev)
{
	vlock_acquire(&devfs_lock);
	TAILQ_REMOVE(&devfs_devs, dev, si_list);
	nanotime(&devfs_dirtime);
	vlock_release(&devfs_lock);
	vrele(dev->si_vnode);
}

static struct cdev *
devfs_find(const char *name, size_t len)
{
	struct cdev *dev;

	TAILQ_FOREACH(dev, &devfs_devs, si_list) {
		if (strncmp(dev->si_name, name, len) == 0 &&
		    dev->si_name[len] == '\0')
			return (dev);
	}
	return (NULL);
}

int
devfs_lookup_name(const char *name, struct vnode **vpp)
{
	struct cdev *dev;

	devfs_init_once();
	vlock_acquire(&devfs_lock);
	dev = devfs_find(name, strlen(name));
	if (dev != NULL)
		vref(dev->si_vnode);
	vlock_release(&devfs_lock);
	if (dev == NULL)
		return (ENXIO);
	*vpp = dev->si_vnode;
	return (0);
}

#define VTODEV(vp)	((struct cdev *)(vp)->v_data)

static int
devfs_lookup(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp)
{
	struct cdev *dev;

	if (dvp != devfs_rootvp)
		return (ENOTDIR);
	if (cnp->cn_flags & ISDOTDOT) {
		vref(dvp);
		*vpp = dvp;
		return (0);
	}
	vlock_acquire(&devfs_lock);
	dev = devfs_find(cnp->cn_nameptr, cnp->cn_namelen);
	if (dev != NULL)
		vref(dev->si_vnode);
	vlock_release(&devfs_lock);
	if (dev == NULL)
		return (ENOENT);
	*vpp = dev->si_vnode;
	return (0);
}

static int
devfs_open(struct vnode *vp, int fflag, struct ucred *cred, struct file *fp)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (0);
	dev = VTODEV(vp);
	if (dev->si_devsw->d_open == NULL)
		return (0);
	return (dev->si_devsw->d_open(dev, fflag, cred));
}

static int
devfs_close(struct vnode *vp, int fflag, struct file *fp)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (0);
	dev = VTODEV(vp);
	if (dev->si_devsw->d_close == NULL)
		return (0);
	return (dev->si_devsw->d_close(dev, fflag));
}

static int
devfs_access(struct vnode *vp, int mode, struct ucred *cred)
{
	struct cdev *dev;
	int error;

	if (vp->v_type == VDIR)
		return (vaccess(VDIR, 0555, 0, 0, mode, cred));
	dev = VTODEV(vp);
	vlock_acquire(&devfs_lock);
	error = vaccess(VCHR, dev->si_mode, dev->si_uid, dev->si_gid, mode,
	    cred);
	vlock_release(&devfs_lock);
	return (error);
}

static int
devfs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct cdev *dev;

	vap->va_type = vp->v_type;
	vap->va_fsid = devfs_rootvp->v_mount != NULL ?
	    devfs_rootvp->v_mount->mnt_fsid : 0;
	vap->va_blocksize = PAGE_SIZE;
	vap->va_bytes = 0;
	vap->va_size = 0;
	vap->va_flags = 0;
	if (vp->v_type == VDIR) {
		vap->va_mode = 0555;
		vap->va_nlink = 2;
		vap->va_uid = 0;
		vap->va_gid = 0;
		vap->va_fileid = 2;
		vap->va_rdev = (dev_t)VNOVAL;
		vlock_acquire(&devfs_lock);
		vap->va_atime_sec = vap->va_mtime_sec = vap->va_ctime_sec =
		    vap->va_birthtime_sec = devfs_dirtime.tv_sec;
		vap->va_atime_nsec = vap->va_mtime_nsec = vap->va_ctime_nsec =
		    vap->va_birthtime_nsec = devfs_dirtime.tv_nsec;
		vlock_release(&devfs_lock);
		return (0);
	}
	dev = VTODEV(vp);
	vlock_acquire(&devfs_lock);
	vap->va_mode = dev->si_mode;
	vap->va_nlink = 1;
	vap->va_uid = dev->si_uid;
	vap->va_gid = dev->si_gid;
	vap->va_fileid = dev->si_ino;
	vap->va_rdev = dev->si_rdev;
	vap->va_atime_sec = dev->si_atime.tv_sec;
	vap->va_atime_nsec = dev->si_atime.tv_nsec;
	vap->va_mtime_sec = dev->si_mtime.tv_sec;
	vap->va_mtime_nsec = dev->si_mtime.tv_nsec;
	vap->va_ctime_sec = dev->si_ctime.tv_sec;
	vap->va_ctime_nsec = dev->si_ctime.tv_nsec;
	vap->va_birthtime_sec = dev->si_ctime.tv_sec;
	vap->va_birthtime_nsec = dev->si_ctime.tv_nsec;
	vlock_release(&devfs_lock);
	return (0);
}

static int
devfs_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	struct cdev *dev;
	int error = 0;

	if (vp->v_type == VDIR)
		return (EPERM);
	dev = VTODEV(vp);
	if (vap->va_size != (off_t)VNOVAL)
		return (0);		/* O_TRUNC on a device: ignored */
	vlock_acquire(&devfs_lock);
	if (vap->va_uid != (uid_t)VNOVAL || vap->va_gid != (gid_t)VNOVAL) {
		if (cred != NULL && caps_priv_check(cred,
		    SYSCAP_NOVFS_CHOWN) != 0) {
			error = EPERM;
			goto out;
		}
		if (vap->va_uid != (uid_t)VNOVAL)
			dev->si_uid = vap->va_uid;
		if (vap->va_gid != (gid_t)VNOVAL)
			dev->si_gid = vap->va_gid;
		nanotime(&dev->si_ctime);
	}
	if (vap->va_mode != (mode_t)VNOVAL) {
		if (cred != NULL && cred->cr_uid != dev->si_uid &&
		    caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) != 0) {
			error = EPERM;
			goto out;
		}
		dev->si_mode = vap->va_mode & ALLPERMS;
		nanotime(&dev->si_ctime);
	}
	if (vap->va_atime_sec != (int64_t)VNOVAL ||
	    vap->va_mtime_sec != (int64_t)VNOVAL) {
		if (cred != NULL && cred->cr_uid != dev->si_uid &&
		    caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) != 0) {
			error = EPERM;
			goto out;
		}
		if (vap->va_atime_sec != (int64_t)VNOVAL) {
			dev->si_atime.tv_sec = vap->va_atime_sec;
			dev->si_atime.tv_nsec = vap->va_atime_nsec;
		}
		if (vap->va_mtime_sec != (int64_t)VNOVAL) {
			dev->si_mtime.tv_sec = vap->va_mtime_sec;
			dev->si_mtime.tv_nsec = vap->va_mtime_nsec;
		}
	}
out:
	vlock_release(&devfs_lock);
	return (error);
}

static int
devfs_read(struct vnode *vp, struct uio *uio, int ioflag, struct ucred *cred)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (EISDIR);
	dev = VTODEV(vp);
	if (dev->si_devsw->d_read == NULL)
		return (ENODEV);
	return (dev->si_devsw->d_read(dev, uio, ioflag));
}

static int
devfs_write(struct vnode *vp, struct uio *uio, int ioflag, struct ucred *cred)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (EISDIR);
	dev = VTODEV(vp);
	if (dev->si_devsw->d_write == NULL)
		return (ENODEV);
	return (dev->si_devsw->d_write(dev, uio, ioflag));
}

static int
devfs_ioctl(struct vnode *vp, u_long cmd, caddr_t data, int fflag,
    struct ucred *cred)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (ENOTTY);
	dev = VTODEV(vp);
	if (dev->si_devsw->d_ioctl == NULL)
		return (ENOTTY);
	return (dev->si_devsw->d_ioctl(dev, cmd, data, fflag, cred));
}

static int
devfs_poll(struct vnode *vp, int events, struct ucred *cred)
{
	struct cdev *dev;

	if (vp->v_type == VDIR)
		return (vop_poll_true(vp, events, cred));
	dev = VTODEV(vp);
	if (dev->si_devsw->d_poll == NULL)
		return (events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
	return (dev->si_devsw->d_poll(dev, events));
}

static int
devfs_kqfilter(struct vnode *vp, struct knote *kn)
{
	struct cdev *dev;

	if (vp->v_type == VDIR || kn->kn_filter == EVFILT_VNODE)
		return (vop_kqfilter_true(vp, kn));
	dev = VTODEV(vp);
	if (dev->si_devsw->d_kqfilter == NULL)
		return (vop_kqfilter_true(vp, kn));
	return (dev->si_devsw->d_kqfilter(dev, kn));
}

static int
devfs_readdir(struct vnode *vp, struct uio *uio, struct ucred *cred,
    int *eofflag)
{
	struct dirent d;
	struct cdev *dev;
	off_t idx = 0, want = uio->uio_offset;
	size_t len, reclen;
	int error = 0;

	if (vp->v_type != VDIR)
		return (ENOTDIR);
	if (want < 0)
		return (EINVAL);
	if (eofflag != NULL)
		*eofflag = 0;
	vlock_acquire(&devfs_lock);
	dev = TAILQ_FIRST(&devfs_devs);
	for (;;) {
		const char *name;
		uint64_t ino;
		uint8_t type;

		if (idx == 0) {
			name = ".", ino = 2, type = DT_DIR;
		} else if (idx == 1) {
			name = "..", ino = 2, type = DT_DIR;
		} else {
			if (dev == NULL) {
				if (eofflag != NULL)
					*eofflag = 1;
				break;
			}
			name = dev->si_name, ino = dev->si_ino, type = DT_CHR;
			dev = TAILQ_NEXT(dev, si_list);
		}
		if (idx++ < want)
			continue;
		len = strlen(name);
		reclen = _GENERIC_DIRLEN(len);
		if ((size_t)uio->uio_resid < reclen)
			break;
		memset(&d, 0, reclen);
		d.d_fileno = ino;
		d.d_off = idx;
		d.d_reclen = reclen;
		d.d_type = type;
		d.d_namlen = len;
		memcpy(d.d_name, name, len);
		error = uiomove(&d, reclen, uio);
		uio->uio_offset = idx;
		if (error != 0)
			break;
	}
	vlock_release(&devfs_lock);
	return (error);
}

/* Device vnodes live as long as their device; the root forever. */
static int
devfs_inactive(struct vnode *vp)
{
	return (0);
}

struct vop_ops devfs_vnodeops = {
	.vop_lookup = devfs_lookup,
	.vop_create = (void *)vop_eopnotsupp,
	.vop_mknod = (void *)vop_eopnotsupp,
	.vop_mkdir = (void *)vop_eopnotsupp,
	.vop_symlink = (void *)vop_eopnotsupp,
	.vop_open = devfs_open,
	.vop_close = devfs_close,
	.vop_access = devfs_access,
	.vop_getattr = devfs_getattr,
	.vop_setattr = devfs_setattr,
	.vop_read = devfs_read,
	.vop_write = devfs_write,
	.vop_ioctl = devfs_ioctl,
	.vop_poll = devfs_poll,
	.vop_kqfilter = devfs_kqfilter,
	.vop_fsync = (void *)vop_zero,
	.vop_remove = (void *)vop_eopnotsupp,
	.vop_link = (void *)vop_eopnotsupp,
	.vop_rename = (void *)vop_eopnotsupp,
	.vop_rmdir = (void *)vop_eopnotsupp,
	.vop_readdir = devfs_readdir,
	.vop_readlink = (void *)vop_einval,
	.vop_inactive = devfs_inactive,
	.vop_reclaim = NULL,
};

/* ---- vfsops -------------------------------------------------------------- */

static int
devfs_mount(struct mount *mp, const char *path, const void *data)
{
	devfs_init_once();
	/* One mount: ".." from its root must lead to what it covers. */
	if (devfs_rootvp->v_mount != NULL)
		return (EBUSY);
	devfs_rootvp->v_mount = mp;
	/* The root is referenced (forever): count it as the mount's. */
	__atomic_fetch_add(&mp->mnt_nactive, 1, __ATOMIC_ACQ_REL);
	mp->mnt_data = devfs_rootvp;
	return (0);
}

/*
 * Device vnodes belong to their devices, not to the mount (v_mount
 * NULL), so open devices do not keep devfs mounted and go on working;
 * only the shared root is handed back for the next devfs mount.
 */
static int
devfs_unmount(struct mount *mp, int flags)
{
	devfs_rootvp->v_mount = NULL;
	__atomic_fetch_sub(&mp->mnt_nactive, 1, __ATOMIC_ACQ_REL);
	return (0);
}

static void
devfs_free(struct mount *mp)
{
	mp->mnt_data = NULL;
}

static int
devfs_root(struct mount *mp, struct vnode **vpp)
{
	vref(devfs_rootvp);
	*vpp = devfs_rootvp;
	return (0);
}

static int
devfs_statfs(struct mount *mp, struct statfs *sbp)
{
	sbp->f_bsize = PAGE_SIZE;
	sbp->f_iosize = PAGE_SIZE;
	sbp->f_namemax = 63;
	return (0);
}

struct vfsops devfs_vfsops = {
	.vfs_mount = devfs_mount,
	.vfs_unmount = devfs_unmount,
	.vfs_free = devfs_free,
	.vfs_root = devfs_root,
	.vfs_statfs = devfs_statfs,
};
