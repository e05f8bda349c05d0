/*
 * tmpfs vnode operations.  Each takes the mount's tm_lock for its whole
 * run, so the directory trees, sizes and contents of one tmpfs change
 * one operation at a time.  Regular files keep their contents in the
 * pages of a VM object (tmpfs.h; bounded by TMPFS_MAXFILESIZE), which
 * mmap maps;
 * directories keep their entries in a list in creation order, whose
 * cookies are the readdir offsets.  Device nodes here are only names
 * (stat shows st_rdev); the devices themselves live in devfs on /dev.
 * FIFOs opened through tmpfs are served by fifofs.
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
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>
#include <fs/fifofs/fifo.h>
#include <vm/vm_object.h>

#define TMP_LOCK(vp)	vlock_acquire(&VP_TO_TMPFS_NODE(vp)->tn_tmp->tm_lock)
#define TMP_UNLOCK(vp)	vlock_release(&VP_TO_TMPFS_NODE(vp)->tn_tmp->tm_lock)

static int
tmpfs_lookup(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node;
	struct tmpfs_dirent *de;
	int error = 0;

	TMP_LOCK(dvp);
	if (dnode->tn_type != VDIR) {
		error = ENOTDIR;
	} else if (dnode->tn_links == 0) {
		error = ENOENT;		/* removed while we walked */
	} else if (cnp->cn_flags & ISDOTDOT) {
		node = dnode->tn_dir.tn_parent;
		vref(node->tn_vnode);
		*vpp = node->tn_vnode;
	} else {
		de = tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen);
		if (de == NULL) {
			error = ENOENT;
		} else {
			vref(de->td_node->tn_vnode);
			*vpp = de->td_node->tn_vnode;
		}
	}
	TMP_UNLOCK(dvp);
	return (error);
}

/* Common to create, mknod, mkdir and symlink. */
static int
tmpfs_makenode(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap, const char *target)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node;
	struct ucred *cred = cnp->cn_cred;
	int error;

	if (cnp->cn_namelen > NAME_MAX_TMPFS)
		return (ENAMETOOLONG);
	TMP_LOCK(dvp);
	if (dnode->tn_links == 0) {
		error = ENOENT;
		goto out;
	}
	if (tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen)) {
		error = EEXIST;
		goto out;
	}
	if (vap->va_type == VDIR && dnode->tn_links >= 32000) {
		error = EMLINK;
		goto out;
	}
	error = tmpfs_alloc_node(dnode->tn_tmp, vap->va_type,
	    cred != NULL ? cred->cr_uid : 0,
	    dnode->tn_gid,		/* BSD: the directory's group */
	    vap->va_mode, dnode, target,
	    vap->va_rdev == (dev_t)VNOVAL ? 0 : vap->va_rdev, &node);
	if (error != 0)
		goto out;
	error = tmpfs_dir_attach(dnode, node, cnp->cn_nameptr,
	    cnp->cn_namelen);
	if (error != 0) {
		/* Never linked: the last vrele frees it. */
		TMP_UNLOCK(dvp);
		vrele(node->tn_vnode);
		return (error);
	}
	*vpp = node->tn_vnode;
out:
	TMP_UNLOCK(dvp);
	if (error == 0)
		vn_knote(dvp, NOTE_WRITE | (vap->va_type == VDIR ?
		    NOTE_LINK : 0));
	return (error);
}

static int
tmpfs_create(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap)
{
	if (vap->va_type == VDIR || vap->va_type == VLNK)
		return (EINVAL);
	return (tmpfs_makenode(dvp, vpp, cnp, vap, NULL));
}

static int
tmpfs_mkdir(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap)
{
	vap->va_type = VDIR;
	return (tmpfs_makenode(dvp, vpp, cnp, vap, NULL));
}

static int
tmpfs_symlink(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap, const char *target)
{
	vap->va_type = VLNK;
	return (tmpfs_makenode(dvp, vpp, cnp, vap, target));
}

static int
tmpfs_open(struct vnode *vp, int fflag, struct ucred *cred, struct file *fp)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	switch (vp->v_type) {
	case VFIFO:
		return (fifo_open(vp, fflag, cred));
	case VCHR:
	case VBLK:
		/* Devices are opened through devfs (/dev). */
		return (ENXIO);
	default:
		break;
	}
	(void)node;
	return (0);
}

static int
tmpfs_close(struct vnode *vp, int fflag, struct file *fp)
{
	if (vp->v_type == VFIFO)
		return (fifo_close(vp, fflag));
	return (0);
}

static int
tmpfs_access(struct vnode *vp, int mode, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error;

	TMP_LOCK(vp);
	error = vaccess(vp->v_type, node->tn_mode, node->tn_uid, node->tn_gid,
	    mode, cred);
	TMP_UNLOCK(vp);
	return (error);
}

static int
tmpfs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	TMP_LOCK(vp);
	vap->va_type = vp->v_type;
	vap->va_mode = node->tn_mode;
	vap->va_nlink = node->tn_links;
	vap->va_uid = node->tn_uid;
	vap->va_gid = node->tn_gid;
	vap->va_fsid = vp->v_mount != NULL ? vp->v_mount->mnt_fsid : 0;
	vap->va_fileid = node->tn_id;
	vap->va_size = node->tn_size;
	vap->va_blocksize = PAGE_SIZE;
	vap->va_atime_sec = node->tn_atime.tv_sec;
	vap->va_atime_nsec = node->tn_atime.tv_nsec;
	vap->va_mtime_sec = node->tn_mtime.tv_sec;
	vap->va_mtime_nsec = node->tn_mtime.tv_nsec;
	vap->va_ctime_sec = node->tn_ctime.tv_sec;
	vap->va_ctime_nsec = node->tn_ctime.tv_nsec;
	vap->va_birthtime_sec = node->tn_birthtime.tv_sec;
	vap->va_birthtime_nsec = node->tn_birthtime.tv_nsec;
	vap->va_flags = 0;
	vap->va_rdev = (vp->v_type == VCHR || vp->v_type == VBLK) ?
	    node->tn_rdev : (dev_t)VNOVAL;
	vap->va_bytes = vp->v_type == VREG ?
	    ptoa(node->tn_reg.tn_aobj->resident) : node->tn_size;
	TMP_UNLOCK(vp);
	return (0);
}

/*
 * Resize a regular file (tm_lock held); new bytes read as zeros.  The
 * object gets or loses the pages (vm_object_file_setsize); shrinking
 * also takes the pages past the end away from every mapping.
 */
static int
tmpfs_reg_resize(struct tmpfs_node *node, off_t size)
{
	struct tmpfs_mount *tmp = node->tn_tmp;
	vm_object_t obj = node->tn_reg.tn_aobj;
	uint64_t opages, npages;
	int error;

	if (size < 0)
		return (EINVAL);
	if (size > TMPFS_MAXFILESIZE)
		return (EFBIG);
	opages = obj->resident;
	npages = atop(round_page(size));
	if (npages > opages &&
	    tmp->tm_bytes + ptoa(npages - opages) > tmp->tm_maxbytes)
		return (ENOSPC);
	error = vm_object_file_setsize(obj, size);
	if (error != 0)
		return (ENOSPC);
	tmp->tm_bytes = tmp->tm_bytes + ptoa(obj->resident) - ptoa(opages);
	node->tn_size = size;
	node->tn_vnode->v_filesize = size;
	return (0);
}

/*
 * Copy between the file's pages and uio: [uio_offset, uio_offset + len)
 * must be inside the file.  tm_lock held, so no page goes away while
 * uiomove sleeps on a fault.
 */
static int
tmpfs_reg_uiomove(struct tmpfs_node *node, size_t len, struct uio *uio)
{
	vm_object_t obj = node->tn_reg.tn_aobj;
	size_t off, n;
	char *kva;
	int error = 0;

	while (len > 0 && error == 0) {
		off = (size_t)(uio->uio_offset & PAGE_MASK);
		n = MIN(len, PAGE_SIZE - off);
		kva = vm_object_file_kva(obj, atop(uio->uio_offset));
		if (kva == NULL)
			return (EIO);	/* cannot be: every page is there */
		error = uiomove(kva + off, n, uio);
		len -= n;
	}
	return (error);
}

static bool
tmpfs_owner_or_priv(struct tmpfs_node *node, struct ucred *cred, int cap)
{
	if (cred == NULL || cred->cr_uid == node->tn_uid)
		return (true);
	return (caps_priv_check(cred, cap) == 0);
}

static int
tmpfs_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error = 0;
	long hint = 0;

	TMP_LOCK(vp);
	if (vap->va_size != (off_t)VNOVAL) {
		if (vp->v_type == VDIR) {
			error = EISDIR;
			goto out;
		}
		if (vp->v_type != VREG) {
			error = EINVAL;
			goto out;
		}
		error = tmpfs_reg_resize(node, vap->va_size);
		if (error != 0)
			goto out;
		tmpfs_itimes(node, TMPFS_MODIFIED);
		hint |= NOTE_WRITE | NOTE_EXTEND;
	}
	if (vap->va_uid != (uid_t)VNOVAL || vap->va_gid != (gid_t)VNOVAL) {
		uid_t uid = vap->va_uid != (uid_t)VNOVAL ? vap->va_uid :
		    node->tn_uid;
		gid_t gid = vap->va_gid != (gid_t)VNOVAL ? vap->va_gid :
		    node->tn_gid;

		/*
		 * Changing the owner needs privilege; the owner may change
		 * the group to one of their own groups.
		 */
		if (cred != NULL && (uid != node->tn_uid ||
		    cred->cr_uid != node->tn_uid ||
		    (gid != node->tn_gid && !groupmember(gid, cred))) &&
		    caps_priv_check(cred, SYSCAP_NOVFS_CHOWN) != 0) {
			error = EPERM;
			goto out;
		}
		node->tn_uid = uid;
		node->tn_gid = gid;
		/* A changed owner loses set-id bits (unless privileged). */
		if (cred != NULL &&
		    caps_priv_check(cred, SYSCAP_NOVFS_RETAINSUGID) != 0)
			node->tn_mode &= ~(S_ISUID | S_ISGID);
		tmpfs_itimes(node, TMPFS_CHANGED);
		hint |= NOTE_ATTRIB;
	}
	if (vap->va_mode != (mode_t)VNOVAL) {
		if (!tmpfs_owner_or_priv(node, cred, SYSCAP_NOVFS_CHMOD)) {
			error = EPERM;
			goto out;
		}
		node->tn_mode = vap->va_mode & ALLPERMS;
		tmpfs_itimes(node, TMPFS_CHANGED);
		hint |= NOTE_ATTRIB;
	}
	if (vap->va_atime_sec != (int64_t)VNOVAL ||
	    vap->va_mtime_sec != (int64_t)VNOVAL) {
		/* utimes(NULL) needs write access, explicit times owner. */
		if (!tmpfs_owner_or_priv(node, cred, SYSCAP_NOVFS_CHMOD)) {
			if ((vap->va_vaflags & VA_UTIMES_NULL) == 0 ||
			    vaccess(vp->v_type, node->tn_mode, node->tn_uid,
			    node->tn_gid, VWRITE, cred) != 0) {
				error = (vap->va_vaflags & VA_UTIMES_NULL) ?
				    EACCES : EPERM;
				goto out;
			}
		}
		if (vap->va_atime_sec != (int64_t)VNOVAL) {
			node->tn_atime.tv_sec = vap->va_atime_sec;
			node->tn_atime.tv_nsec = vap->va_atime_nsec;
		}
		if (vap->va_mtime_sec != (int64_t)VNOVAL) {
			node->tn_mtime.tv_sec = vap->va_mtime_sec;
			node->tn_mtime.tv_nsec = vap->va_mtime_nsec;
		}
		tmpfs_itimes(node, TMPFS_CHANGED);
		hint |= NOTE_ATTRIB;
	}
out:
	TMP_UNLOCK(vp);
	if (hint != 0)
		vn_knote(vp, hint);
	return (error);
}

static int
tmpfs_read(struct vnode *vp, struct uio *uio, int ioflag, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	size_t len;
	int error = 0;

	if (vp->v_type == VFIFO)
		return (fifo_read(vp, uio, ioflag));
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (uio->uio_offset < 0)
		return (EINVAL);
	TMP_LOCK(vp);
	if (uio->uio_offset < node->tn_size) {
		len = MIN((off_t)uio->uio_resid,
		    node->tn_size - uio->uio_offset);
		error = tmpfs_reg_uiomove(node, len, uio);
	}
	tmpfs_itimes(node, TMPFS_ACCESSED);
	TMP_UNLOCK(vp);
	return (error);
}

static int
tmpfs_write(struct vnode *vp, struct uio *uio, int ioflag, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	off_t end, osize;
	ssize_t cut;
	int error;

	if (vp->v_type == VFIFO)
		return (fifo_write(vp, uio, ioflag));
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (uio->uio_resid == 0)
		return (0);
	TMP_LOCK(vp);
	osize = node->tn_size;
	if (ioflag & IO_APPEND)
		uio->uio_offset = node->tn_size;
	if (uio->uio_offset < 0 ||
	    uio->uio_resid > TMPFS_MAXFILESIZE ||
	    uio->uio_offset > TMPFS_MAXFILESIZE - uio->uio_resid) {
		TMP_UNLOCK(vp);
		return (uio->uio_offset < 0 ? EINVAL : EFBIG);
	}
	if (vn_rlimit_fsize(uio, &cut) != 0) {
		TMP_UNLOCK(vp);
		ksignal(curproc, SIGXFSZ);
		return (EFBIG);
	}
	uio->uio_resid -= cut;
	end = uio->uio_offset + uio->uio_resid;
	if (end > node->tn_size) {
		error = tmpfs_reg_resize(node, end);
		if (error != 0) {
			uio->uio_resid += cut;
			TMP_UNLOCK(vp);
			return (error);
		}
	}
	error = tmpfs_reg_uiomove(node, uio->uio_resid, uio);
	uio->uio_resid += cut;
	if (error != 0 && node->tn_size > osize &&
	    uio->uio_offset < node->tn_size) {
		/* A fault part way: keep only what was written. */
		tmpfs_reg_resize(node, MAX(uio->uio_offset, osize));
	}
	tmpfs_itimes(node, TMPFS_MODIFIED);
	/* Writing clears set-id bits unless a privileged user writes. */
	if (cred != NULL && (node->tn_mode & (S_ISUID | S_ISGID)) != 0 &&
	    caps_priv_check(cred, SYSCAP_NOVFS_RETAINSUGID) != 0)
		node->tn_mode &= ~(S_ISUID | S_ISGID);
	TMP_UNLOCK(vp);
	vn_knote(vp, NOTE_WRITE | (node->tn_size > osize ? NOTE_EXTEND : 0));
	return (error);
}

static int
tmpfs_ioctl(struct vnode *vp, u_long cmd, caddr_t data, int fflag,
    struct ucred *cred)
{
	if (vp->v_type == VFIFO)
		return (fifo_ioctl(vp, cmd, data, fflag));
	return (ENOTTY);
}

static int
tmpfs_poll(struct vnode *vp, int events, struct ucred *cred)
{
	if (vp->v_type == VFIFO)
		return (fifo_poll(vp, events));
	return (vop_poll_true(vp, events, cred));
}

static int
tmpfs_kqfilter(struct vnode *vp, struct knote *kn)
{
	if (vp->v_type == VFIFO && kn->kn_filter != EVFILT_VNODE)
		return (fifo_kqfilter(vp, kn));
	return (vop_kqfilter_true(vp, kn));
}

static int
tmpfs_fsync(struct vnode *vp)
{
	return (0);			/* memory is as durable as it gets */
}

static int
tmpfs_remove(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp);
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_dirent *de;
	struct ucred *cred = cnp->cn_cred;
	int error = 0;

	if (vp->v_type == VDIR)
		return (EPERM);		/* unlink(2) of a directory */
	TMP_LOCK(dvp);
	de = tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen);
	if (de == NULL || de->td_node != node) {
		error = ENOENT;
		goto out;
	}
	/* Sticky directory: only the owner of file or directory, or root. */
	if ((dnode->tn_mode & S_ISVTX) && cred != NULL &&
	    cred->cr_uid != node->tn_uid && cred->cr_uid != dnode->tn_uid &&
	    caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) != 0) {
		error = EPERM;
		goto out;
	}
	tmpfs_dir_detach(dnode, de);
out:
	TMP_UNLOCK(dvp);
	if (error == 0) {
		vn_knote(vp, node->tn_links == 0 ? NOTE_DELETE : NOTE_LINK);
		vn_knote(dvp, NOTE_WRITE);
	}
	return (error);
}

static int
tmpfs_link(struct vnode *tdvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(tdvp);
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error;

	if (vp->v_type == VDIR)
		return (EPERM);
	if (tdvp->v_mount != vp->v_mount)
		return (EXDEV);
	TMP_LOCK(tdvp);
	if (node->tn_links == 0) {
		error = ENOENT;
	} else if (node->tn_links >= 32000) {
		error = EMLINK;
	} else if (dnode->tn_links == 0) {
		error = ENOENT;
	} else if (tmpfs_dir_lookup(dnode, cnp->cn_nameptr,
	    cnp->cn_namelen) != NULL) {
		error = EEXIST;
	} else {
		error = tmpfs_dir_attach(dnode, node, cnp->cn_nameptr,
		    cnp->cn_namelen);
	}
	TMP_UNLOCK(tdvp);
	if (error == 0) {
		vn_knote(vp, NOTE_LINK);
		vn_knote(tdvp, NOTE_WRITE);
	}
	return (error);
}

static int
tmpfs_rmdir(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp);
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_dirent *de;
	struct ucred *cred = cnp->cn_cred;
	int error = 0;

	if (vp->v_type != VDIR)
		return (ENOTDIR);
	if (vp->v_flag & VROOT)
		return (EBUSY);
	TMP_LOCK(dvp);
	de = tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen);
	if (de == NULL || de->td_node != node) {
		error = ENOENT;
	} else if (!TAILQ_EMPTY(&node->tn_dir.tn_dirhead)) {
		error = ENOTEMPTY;
	} else if (vp->v_mountedhere != NULL) {
		error = EBUSY;
	} else if ((dnode->tn_mode & S_ISVTX) && cred != NULL &&
	    cred->cr_uid != node->tn_uid && cred->cr_uid != dnode->tn_uid &&
	    caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) != 0) {
		error = EPERM;
	} else {
		tmpfs_dir_detach(dnode, de);
	}
	TMP_UNLOCK(dvp);
	if (error == 0) {
		vn_knote(vp, NOTE_DELETE);
		vn_knote(dvp, NOTE_WRITE | NOTE_LINK);
	}
	return (error);
}

/* Is anc an ancestor of (or equal to) node?  tm_lock held. */
static bool
tmpfs_is_ancestor(struct tmpfs_node *anc, struct tmpfs_node *node)
{
	for (;;) {
		if (node == anc)
			return (true);
		if (node->tn_dir.tn_parent == node)
			return (false);		/* the root */
		node = node->tn_dir.tn_parent;
	}
}

static int
tmpfs_rename(struct vnode *fdvp, struct vnode *fvp,
    struct componentname *fcnp, struct vnode *tdvp, struct vnode *tvp,
    struct componentname *tcnp)
{
	struct tmpfs_node *fdnode = VP_TO_TMPFS_NODE(fdvp);
	struct tmpfs_node *tdnode = VP_TO_TMPFS_NODE(tdvp);
	struct tmpfs_node *fnode = VP_TO_TMPFS_NODE(fvp);
	struct tmpfs_node *tnode = tvp != NULL ? VP_TO_TMPFS_NODE(tvp) : NULL;
	struct tmpfs_dirent *fde, *tde;
	struct ucred *cred = fcnp->cn_cred;
	int error = 0;

	if (fdvp->v_mount != tdvp->v_mount ||
	    (tvp != NULL && tvp->v_mount != fvp->v_mount) ||
	    fvp->v_mount != fdvp->v_mount)
		return (EXDEV);
	if (tcnp->cn_namelen > NAME_MAX_TMPFS)
		return (ENAMETOOLONG);
	TMP_LOCK(fdvp);
	fde = tmpfs_dir_lookup(fdnode, fcnp->cn_nameptr, fcnp->cn_namelen);
	if (fde == NULL || fde->td_node != fnode) {
		error = ENOENT;
		goto out;
	}
	tde = tmpfs_dir_lookup(tdnode, tcnp->cn_nameptr, tcnp->cn_namelen);
	if ((tde != NULL ? tde->td_node : NULL) != tnode) {
		error = ENOENT;		/* the target changed under us */
		goto out;
	}
	if (fnode == tnode)
		goto out;		/* links to one file: nothing to do */
	if (tdnode->tn_links == 0) {
		error = ENOENT;
		goto out;
	}
	if (cred != NULL &&
	    (((fdnode->tn_mode & S_ISVTX) && cred->cr_uid != fnode->tn_uid &&
	    cred->cr_uid != fdnode->tn_uid) ||
	    (tnode != NULL && (tdnode->tn_mode & S_ISVTX) &&
	    cred->cr_uid != tnode->tn_uid &&
	    cred->cr_uid != tdnode->tn_uid)) &&
	    caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) != 0) {
		error = EPERM;
		goto out;
	}
	if (fnode->tn_type == VDIR) {
		if (tnode != NULL && tnode->tn_type != VDIR) {
			error = ENOTDIR;
			goto out;
		}
		if (tnode != NULL &&
		    !TAILQ_EMPTY(&tnode->tn_dir.tn_dirhead)) {
			error = ENOTEMPTY;
			goto out;
		}
		/* Not into itself or below itself. */
		if (tmpfs_is_ancestor(fnode, tdnode)) {
			error = EINVAL;
			goto out;
		}
		if (fdnode != tdnode) {
			/* Moving a directory rewrites its "..". */
			error = VOP_ACCESS(fvp, VWRITE, cred);
			if (error != 0)
				goto out;
		}
	} else if (tnode != NULL && tnode->tn_type == VDIR) {
		error = EISDIR;
		goto out;
	}
	if (tnode != NULL && tvp->v_mountedhere != NULL) {
		error = EBUSY;
		goto out;
	}
	/* Enter the new name first so that failure leaves the old one. */
	if (tde != NULL)
		tmpfs_dir_detach(tdnode, tde);
	error = tmpfs_dir_attach(tdnode, fnode, tcnp->cn_nameptr,
	    tcnp->cn_namelen);
	if (error != 0)
		goto out;
	/* attach counted a new link (and ".." if a dir); undo for the move. */
	fde = tmpfs_dir_lookup(fdnode, fcnp->cn_nameptr, fcnp->cn_namelen);
	tmpfs_dir_detach(fdnode, fde);
	if (fnode->tn_type == VDIR)
		fnode->tn_dir.tn_parent = tdnode;
out:
	TMP_UNLOCK(fdvp);
	if (error == 0) {
		vn_knote(fvp, NOTE_RENAME);
		vn_knote(fdvp, NOTE_WRITE);
		if (tdvp != fdvp)
			vn_knote(tdvp, NOTE_WRITE);
		if (tvp != NULL)
			vn_knote(tvp, NOTE_DELETE);
	}
	return (error);
}

static uint8_t
tmpfs_dtype(enum vtype type)
{
	switch (type) {
	case VREG:	return (DT_REG);
	case VDIR:	return (DT_DIR);
	case VLNK:	return (DT_LNK);
	case VCHR:	return (DT_CHR);
	case VBLK:	return (DT_BLK);
	case VFIFO:	return (DT_FIFO);
	case VSOCK:	return (DT_SOCK);
	default:	return (DT_UNKNOWN);
	}
}

/* Emit one record; returns false when it does not fit. */
static bool
tmpfs_emit(struct uio *uio, ino_t ino, const char *name, size_t len,
    uint8_t type, uint64_t next, int *errorp)
{
	struct dirent d;
	size_t reclen = _GENERIC_DIRLEN(len);

	if ((size_t)uio->uio_resid < reclen)
		return (false);
	memset(&d, 0, reclen);
	d.d_fileno = ino;
	d.d_off = next;
	d.d_reclen = reclen;
	d.d_type = type;
	d.d_namlen = len;
	memcpy(d.d_name, name, len);
	*errorp = uiomove(&d, reclen, uio);
	/* uiomove advanced uio_offset by bytes; offsets are cookies. */
	uio->uio_offset = next;
	return (*errorp == 0);
}

static int
tmpfs_readdir(struct vnode *vp, struct uio *uio, struct ucred *cred,
    int *eofflag)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_dirent *de;
	off_t start = uio->uio_offset;
	int error = 0;

	if (vp->v_type != VDIR)
		return (ENOTDIR);
	if (start < 0)
		return (EINVAL);
	TMP_LOCK(vp);
	if (eofflag != NULL)
		*eofflag = 0;
	if (start == 0) {
		if (!tmpfs_emit(uio, node->tn_id, ".", 1, DT_DIR, 1, &error))
			goto out;
		start = 1;
	}
	if (start == 1) {
		if (!tmpfs_emit(uio, node->tn_dir.tn_parent->tn_id, "..", 2,
		    DT_DIR, 2, &error))
			goto out;
		start = 2;
	}
	TAILQ_FOREACH(de, &node->tn_dir.tn_dirhead, td_entries) {
		if (de->td_cookie < (uint64_t)start)
			continue;
		if (!tmpfs_emit(uio, de->td_node->tn_id, de->td_name,
		    de->td_namelen, tmpfs_dtype(de->td_node->tn_type),
		    de->td_cookie + 1, &error))
			goto out;
	}
	uio->uio_offset = node->tn_dir.tn_nextcookie;
	if (eofflag != NULL)
		*eofflag = 1;
out:
	tmpfs_itimes(node, TMPFS_ACCESSED);
	TMP_UNLOCK(vp);
	return (error);
}

static int
tmpfs_readlink(struct vnode *vp, struct uio *uio, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error;

	if (vp->v_type != VLNK)
		return (EINVAL);
	TMP_LOCK(vp);
	error = uiomove(node->tn_link, MIN((size_t)node->tn_size,
	    (size_t)uio->uio_resid), uio);
	TMP_UNLOCK(vp);
	return (error);
}

/* Last reference gone: keep a linked node, free an unlinked one. */
static int
tmpfs_inactive(struct vnode *vp)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int gone;

	TMP_LOCK(vp);
	gone = node->tn_links == 0;
	TMP_UNLOCK(vp);
	return (gone);
}

static int
tmpfs_reclaim(struct vnode *vp)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_mount *tmp = node->tn_tmp;

	vlock_acquire(&tmp->tm_lock);
	tmpfs_free_node(tmp, node);
	vlock_release(&tmp->tm_lock);
	vp->v_data = NULL;
	return (0);
}

static int
tmpfs_mknod(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap)
{
	if (vap->va_type != VCHR && vap->va_type != VBLK &&
	    vap->va_type != VFIFO && vap->va_type != VSOCK &&
	    vap->va_type != VREG)
		return (EINVAL);
	return (tmpfs_makenode(dvp, vpp, cnp, vap, NULL));
}

struct vop_ops tmpfs_vnodeops = {
	.vop_lookup = tmpfs_lookup,
	.vop_create = tmpfs_create,
	.vop_mknod = tmpfs_mknod,
	.vop_mkdir = tmpfs_mkdir,
	.vop_symlink = tmpfs_symlink,
	.vop_open = tmpfs_open,
	.vop_close = tmpfs_close,
	.vop_access = tmpfs_access,
	.vop_getattr = tmpfs_getattr,
	.vop_setattr = tmpfs_setattr,
	.vop_read = tmpfs_read,
	.vop_write = tmpfs_write,
	.vop_ioctl = tmpfs_ioctl,
	.vop_poll = tmpfs_poll,
	.vop_kqfilter = tmpfs_kqfilter,
	.vop_fsync = tmpfs_fsync,
	.vop_remove = tmpfs_remove,
	.vop_link = tmpfs_link,
	.vop_rename = tmpfs_rename,
	.vop_rmdir = tmpfs_rmdir,
	.vop_readdir = tmpfs_readdir,
	.vop_readlink = tmpfs_readlink,
	.vop_inactive = tmpfs_inactive,
	.vop_reclaim = tmpfs_reclaim,
};
