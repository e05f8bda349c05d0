/*
 * Mounts: the list of mounted file systems, the file system types the
 * kernel knows (tmpfs, devfs), mounting one on a directory, and
 * vfs_mountroot(), which mi_startup calls once: it makes a tmpfs the
 * root, fills it from the boot image (cpio newc, vfs_initrd.c) and
 * mounts devfs on /dev.  The mount(2)/unmount(2) system calls are not
 * provided yet (ENOSYS through the generated table).
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
#include <machine/vmparam.h>

MALLOC_DEFINE(M_MOUNT, "mount", "mount structures");

struct mntlist mountlist = TAILQ_HEAD_INITIALIZER(mountlist);
struct spinlock mountlist_spin = SPINLOCK_INITIALIZER("mountlist");
static int mount_nextfsid = 1;

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
	mp->mnt_refcnt = 1;
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
		spin_unlock(&mountlist_spin);
		mp->mnt_op->vfs_unmount(mp, MNT_FORCE);
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

	error = vfs_mount_at("tmpfs", NULL, "/", "tmpfs", MNT_ROOTFS, NULL,
	    &mp);
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
