/*
 * Mounts: the list of mounted file systems, the file system types the
 * kernel knows (tmpfs, devfs), mounting one on a directory, and
 * vfs_mountroot(), which mi_startup calls once: it makes a tmpfs the
 * root, fills it from the boot image (cpio newc, vfs_initrd.c) and
 * mounts devfs on /dev.  mount(2) and unmount(2) put a new file system
 * on a directory and take one away.
 *
 * Unmounting first unhooks the mount from the directory it covers (under
 * mountlist_spin, which namei's crossing also takes, so no new walk gets
 * in), then counts what is still inside: the mount's referenced vnodes
 * (mnt_nactive) and the references on its root.  Busy without MNT_FORCE
 * puts the hook back (EBUSY).  Otherwise the mount leaves the list and
 * is "detached": files still open in it keep working, nothing new can
 * reach it, and it is freed (vfs_free) by the first mount, unmount or
 * getfsstat that finds its count at zero.  mount_lock serialises those
 * three, so a freed mount is never in anyone's hands.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/bootinfo.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/caps.h>
#include <sys/ucred.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_MOUNT, "mount", "mount structures");

struct mntlist mountlist = TAILQ_HEAD_INITIALIZER(mountlist);
struct spinlock mountlist_spin = SPINLOCK_INITIALIZER("mountlist");
static int mount_nextfsid = 1;
/* Detached mounts waiting for their last vnode (mnt_list; mount_lock). */
static struct mntlist mount_detached = TAILQ_HEAD_INITIALIZER(mount_detached);
struct vlock mount_lock;
static bool mount_lock_inited;

static struct vfsconf vfsconfs[] = {
	{ "tmpfs", &tmpfs_vfsops, 1 },
	{ "devfs", &devfs_vfsops, 2 },
};

struct vfsconf *
vfs_byname(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(vfsconfs); i++) {
		if (strcmp(vfsconfs[i].vfc_name, name) == 0)
			return (&vfsconfs[i]);
	}
	return (NULL);
}

int
vfs_root(struct mount *mp, struct vnode **vpp)
{
	return (mp->mnt_op->vfs_root(mp, vpp));
}

void
vfs_mount_lock(void)
{
	if (!mount_lock_inited) {
		/* First used by vfs_mountroot, before any other thread. */
		vlock_init(&mount_lock, "mount");
		mount_lock_inited = true;
	}
	vlock_acquire(&mount_lock);
}

void
vfs_mount_unlock(void)
{
	vlock_release(&mount_lock);
}

bool
vfs_rdonly(struct vnode *vp)
{
	return (vp != NULL && vp->v_mount != NULL &&
	    (vp->v_mount->mnt_flag & MNT_RDONLY) != 0);
}

/*
 * Step from a directory onto the root of what is mounted on it (and on
 * that, and so on).  The look at v_mountedhere and the reference on the
 * root are one step under mountlist_spin, so an unmount that has
 * unhooked the mount sees every walk that got in.  vfs_root only takes
 * a reference (never sleeps).
 */
int
vfs_cross_down(struct vnode **vpp)
{
	struct vnode *vp = *vpp, *root;
	struct mount *mp;
	int error = 0;

	for (;;) {
		spin_lock(&mountlist_spin);
		mp = vp->v_mountedhere;
		if (mp == NULL) {
			spin_unlock(&mountlist_spin);
			break;
		}
		error = vfs_root(mp, &root);
		spin_unlock(&mountlist_spin);
		if (error != 0)
			break;
		vrele(vp);
		vp = root;
	}
	*vpp = vp;
	return (error);
}

/* Free detached mounts nothing references any more (mount_lock held). */
static void
vfs_reap(void)
{
	struct mount *mp, *next;

	TAILQ_FOREACH_SAFE(mp, &mount_detached, mnt_list, next) {
		if (__atomic_load_n(&mp->mnt_nactive, __ATOMIC_ACQUIRE) != 0)
			continue;
		TAILQ_REMOVE(&mount_detached, mp, mnt_list);
		mp->mnt_op->vfs_free(mp);
		if (mp->mnt_vnodecovered != NULL)
			vrele(mp->mnt_vnodecovered);
		kfree(mp, M_MOUNT);
	}
}

void
vfs_reap_detached(void)
{
	vfs_mount_lock();
	vfs_reap();
	vfs_mount_unlock();
}

/*
 * Take mp off the directory it covers (mount_lock held, the caller holds
 * no vnode of mp).  EBUSY for the root file system, and for one in use
 * unless flags has MNT_FORCE.
 */
int
vfs_unmount(struct mount *mp, int flags)
{
	struct vnode *covered, *root;
	bool busy;
	int error;

	if ((mp->mnt_kflag & MNTK_DETACHED) != 0)
		return (EINVAL);
	covered = mp->mnt_vnodecovered;
	if (covered == NULL || (mp->mnt_flag & MNT_ROOTFS) != 0)
		return (EBUSY);
	spin_lock(&mountlist_spin);
	if (covered->v_mountedhere != mp) {
		spin_unlock(&mountlist_spin);
		return (EINVAL);
	}
	covered->v_mountedhere = NULL;	/* no new walks get in */
	spin_unlock(&mountlist_spin);

	/*
	 * What is inside: the root's own references are the file system's
	 * and ours (2); one referenced vnode is the root.  Anything more is
	 * a descriptor, a working directory, a running program, a mount
	 * on a directory inside, or a walk in progress.
	 */
	error = vfs_root(mp, &root);
	if (error != 0)
		busy = true;
	else {
		busy = __atomic_load_n(&root->v_refcnt, __ATOMIC_ACQUIRE) >
		    2 || __atomic_load_n(&mp->mnt_nactive,
		    __ATOMIC_ACQUIRE) > 1;
		vrele(root);
	}
	if (busy && (flags & MNT_FORCE) == 0) {
		spin_lock(&mountlist_spin);
		covered->v_mountedhere = mp;
		spin_unlock(&mountlist_spin);
		return (EBUSY);
	}
	spin_lock(&mountlist_spin);
	TAILQ_REMOVE(&mountlist, mp, mnt_list);
	mp->mnt_kflag |= MNTK_DETACHED;
	spin_unlock(&mountlist_spin);
	TAILQ_INSERT_TAIL(&mount_detached, mp, mnt_list);
	mp->mnt_op->vfs_unmount(mp, flags);
	vfs_reap();
	return (0);
}

/*
 * Mount a file system of type fstype on the directory `covered' (held by
 * the caller; NULL for the root).  The new mount holds its own reference
 * on covered.
 */
int
vfs_mount_at(const char *fstype, struct vnode *covered, const char *onname,
    const char *from, uint64_t flags, const void *data, struct mount **mpp)
{
	struct vfsconf *vfc;
	struct mount *mp;
	int error;

	vfc = vfs_byname(fstype);
	if (vfc == NULL)
		return (ENODEV);
	if (covered != NULL) {
		if (covered->v_type != VDIR)
			return (ENOTDIR);
		if (covered->v_mountedhere != NULL)
			return (EBUSY);
	}
	mp = kmalloc(sizeof(*mp), M_MOUNT, M_WAITOK | M_ZERO);
	mp->mnt_op = vfc->vfc_vfsops;
	mp->mnt_vfc = vfc;
	mp->mnt_flag = flags;
	mp->mnt_fsid = __atomic_fetch_add(&mount_nextfsid, 1,
	    __ATOMIC_RELAXED);
	strlcpy(mp->mnt_onname, onname, sizeof(mp->mnt_onname));
	strlcpy(mp->mnt_fromname, from, sizeof(mp->mnt_fromname));
	error = mp->mnt_op->vfs_mount(mp, onname, data);
	if (error != 0) {
		kfree(mp, M_MOUNT);
		return (error);
	}
	spin_lock(&mountlist_spin);
	if (covered != NULL && covered->v_mountedhere != NULL) {
		/* Lost a race (the kernel's own callers do not hold
		   mount_lock): throw the new file system away. */
		spin_unlock(&mountlist_spin);
		mp->mnt_op->vfs_unmount(mp, MNT_FORCE);
		mp->mnt_op->vfs_free(mp);
		kfree(mp, M_MOUNT);
		return (EBUSY);
	}
	if (covered != NULL) {
		vref(covered);
		mp->mnt_vnodecovered = covered;
		covered->v_mountedhere = mp;
	}
	TAILQ_INSERT_TAIL(&mountlist, mp, mnt_list);
	spin_unlock(&mountlist_spin);
	if (mpp != NULL)
		*mpp = mp;
	return (0);
}

int
vfs_mountroot(void)
{
	struct mount *mp;
	struct vnode *vp, *devvp;
	struct filedesc *fdp;
	struct nameidata nd;
	struct vattr va;
	const void *image;
	size_t len;
	int error;

	error = vfs_mount_at("tmpfs", NULL, "/", "tmpfs",
	    MNT_ROOTFS | MNT_LOCAL, NULL, &mp);
	if (error != 0) {
		kprintf("vfs_mountroot: cannot make the root tmpfs: %d\n",
		    error);
		return (error);
	}
	error = vfs_root(mp, &vp);
	if (error != 0)
		return (error);
	rootvnode = vp;			/* keeps the reference */

	/* The boot process may already have a table: point it at "/". */
	fdp = fd_curfiledesc();
	if (fdp != NULL) {
		spin_lock(&fdp->fd_spin);
		if (fdp->fd_cdir == NULL) {
			vref(rootvnode);
			fdp->fd_cdir = rootvnode;
		}
		if (fdp->fd_rdir == NULL) {
			vref(rootvnode);
			fdp->fd_rdir = rootvnode;
		}
		spin_unlock(&fdp->fd_spin);
	}

	if (bootinfo.bi_initrd_end > bootinfo.bi_initrd_start) {
		image = (const void *)PHYS_TO_DMAP(bootinfo.bi_initrd_start);
		len = bootinfo.bi_initrd_end - bootinfo.bi_initrd_start;
		error = vfs_initrd_unpack(rootvnode, image, len);
		if (error != 0)
			kprintf("vfs_mountroot: root image: error %d; "
			    "the root holds what was unpacked\n", error);
	} else {
		kprintf("vfs_mountroot: no root image; empty root\n");
	}

	/* /dev: create the directory if the image had none, mount devfs. */
	NDINIT(&nd, CREATE, WANTPARENT, UIO_SYSSPACE, "/dev", AT_FDCWD);
	error = namei(&nd);
	if (error == 0 && nd.ni_vp == NULL) {
		vattr_null(&va);
		va.va_type = VDIR;
		va.va_mode = 0755;
		error = VOP_MKDIR(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
	}
	if (error == 0) {
		devvp = nd.ni_vp;
		error = vfs_mount_at("devfs", devvp, "/dev", "devfs", 0, NULL,
		    NULL);
	}
	if (error == 0 || nd.ni_pnbuf != NULL)
		NDFREE(&nd);
	if (error != 0)
		kprintf("vfs_mountroot: cannot mount devfs on /dev: %d\n",
		    error);
	return (0);
}

/* ---- System calls ------------------------------------------------------- */

/*
 * mount(type, dir, flags, data): a new file system of the named type on
 * the directory dir.  data is the file system's argument block; neither
 * tmpfs nor devfs takes one, so it is ignored.  The name the mount shows
 * (f_mntonname) is dir as given; mount(8) passes an absolute path.
 */
int
sys_mount(struct sysmsg *sysmsg, const struct mount_args *uap)
{
	struct ucred *cred = curthread->td_proc->p_ucred;
	struct nameidata nd;
	struct vnode *vp;
	struct mount *mp;
	char fstype[MFSNAMELEN], *onname;
	size_t len;
	int error;

	error = caps_priv_check(cred, SYSCAP_NOMOUNT);
	if (error != 0)
		return (error);
	if ((uap->flags & ~(int)MNT_UPDATEMASK) != 0)
		return (EINVAL);
	error = copyinstr(uap->type, fstype, sizeof(fstype), &len);
	if (error == ENAMETOOLONG)
		return (ENODEV);	/* longer than any type's name */
	if (error != 0)
		return (error);
	onname = kmalloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	error = copyinstr(uap->path, onname, MAXPATHLEN, &len);
	if (error == 0 && len > MNAMELEN)
		error = ENAMETOOLONG;	/* would not fit f_mntonname */
	if (error != 0)
		goto out;
	NDINIT(&nd, LOOKUP, FOLLOW, UIO_SYSSPACE, onname, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		goto out;
	vp = nd.ni_vp;
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if (vp == rootvnode)
		error = EBUSY;		/* walks start at "/", never cross it */
	else if (vp->v_mount != NULL &&
	    (vp->v_mount->mnt_kflag & MNTK_DETACHED) != 0)
		error = ENOENT;		/* inside an unmounted file system */
	else if (vfs_byname(fstype) == NULL)
		error = ENODEV;
	else
		error = VOP_ACCESS(vp, VEXEC, cred);
	if (error == 0) {
		vfs_mount_lock();
		vfs_reap();
		error = vfs_mount_at(fstype, vp, onname, fstype, uap->flags,
		    NULL, &mp);
		if (error == 0)
			mp->mnt_owner = cred->cr_uid;
		vfs_mount_unlock();
	}
	NDFREE(&nd);
out:
	kfree(onname, M_TEMP);
	return (error);
}

/*
 * unmount(dir, flags): dir must be the root of a mounted file system
 * (EINVAL otherwise); the root file system and a file system in use
 * (EBUSY unless MNT_FORCE) stay.
 */
int
sys_unmount(struct sysmsg *sysmsg, const struct unmount_args *uap)
{
	struct ucred *cred = curthread->td_proc->p_ucred;
	struct nameidata nd;
	struct vnode *vp;
	struct mount *mp;
	int error;

	error = caps_priv_check(cred, SYSCAP_NOMOUNT);
	if (error != 0)
		return (error);
	if ((uap->flags & ~(int)MNT_FORCE) != 0)
		return (EINVAL);
	NDINIT(&nd, LOOKUP, FOLLOW, UIO_USERSPACE, uap->path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	vp = nd.ni_vp;
	mp = vp->v_mount;
	vfs_mount_lock();
	if ((vp->v_flag & VROOT) == 0 || mp == NULL) {
		NDFREE(&nd);
		error = EINVAL;
	} else {
		/* mount_lock keeps mp; our reference must not count. */
		NDFREE(&nd);
		error = vfs_unmount(mp, uap->flags);
	}
	vfs_mount_unlock();
	return (error);
}
