/*
 * Vnode life cycle and the helpers every file system shares: allocation,
 * reference counting (vref/vrele, atomic; the last vrele calls the file
 * system's inactive and, if it asks, reclaim), the Unix permission rule
 * (vaccess), the sleepable vlock, attribute initialisation, and the
 * vop_* filler functions for operations a file system does not have.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/spinlock.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/mount.h>
#include <sys/vnode.h>
#include <sys/sysctl.h>
#include <sys/file.h>

MALLOC_DEFINE(M_VNODE, "vnode", "vnodes");

struct vnode *rootvnode;
static int numvnodes;			/* allocated now (atomic) */
SYSCTL_INT(_kern, OID_AUTO, numvnodes, CTLFLAG_RD, &numvnodes, 0,
    "Number of vnodes allocated");

/* ---- vlock ----------------------------------------------------------------- */

void
vlock_init(struct vlock *vl, const char *name)
{
	spin_init(&vl->vl_spin, name);
	vl->vl_owner = NULL;
	vl->vl_count = 0;
	vl->vl_waiters = 0;
}

void
vlock_acquire(struct vlock *vl)
{
	struct thread *td = curthread;

	spin_lock(&vl->vl_spin);
	while (vl->vl_owner != NULL && vl->vl_owner != td) {
		vl->vl_waiters++;
		ssleep(vl, &vl->vl_spin, 0, "vlock", 0);
		vl->vl_waiters--;
	}
	vl->vl_owner = td;
	vl->vl_count++;
	spin_unlock(&vl->vl_spin);
}

void
vlock_release(struct vlock *vl)
{
	bool wake = false;

	spin_lock(&vl->vl_spin);
	KASSERT(vl->vl_owner == curthread, ("vlock_release: not owner"));
	if (--vl->vl_count == 0) {
		vl->vl_owner = NULL;
		wake = vl->vl_waiters > 0;
	}
	spin_unlock(&vl->vl_spin);
	if (wake)
		wakeup_one(vl);
}

/* ---- vnodes ---------------------------------------------------------------- */

struct vnode *
vnode_alloc(struct mount *mp, enum vtype type, struct vop_ops *ops,
    void *data)
{
	struct vnode *vp;

	vp = kmalloc(sizeof(*vp), M_VNODE, M_WAITOK | M_ZERO);
	vp->v_refcnt = 1;
	vp->v_type = type;
	vp->v_op = ops;
	vp->v_mount = mp;
	vp->v_data = data;
	LIST_INIT(&vp->v_klist);
	__atomic_fetch_add(&numvnodes, 1, __ATOMIC_RELAXED);
	if (mp != NULL)
		__atomic_fetch_add(&mp->mnt_nactive, 1, __ATOMIC_ACQ_REL);
	return (vp);
}

/*
 * Free a vnode no one references, without asking its file system (the
 * file system itself tearing down a mount it no longer has).
 */
void
vnode_free(struct vnode *vp)
{
	KASSERT(vp->v_refcnt <= 1, ("vnode_free: referenced"));
	__atomic_fetch_sub(&numvnodes, 1, __ATOMIC_RELAXED);
	kfree(vp, M_VNODE);
}

/*
 * Each mount counts its referenced vnodes (mnt_nactive): a vnode going
 * from 0 references to 1 adds one, its last vrele takes one away.
 * unmount(2) reads the count to tell whether the file system is busy,
 * and a detached mount is freed once it reaches 0.
 */
void
vref(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	if (__atomic_fetch_add(&vp->v_refcnt, 1, __ATOMIC_ACQ_REL) == 0 &&
	    mp != NULL)
		__atomic_fetch_add(&mp->mnt_nactive, 1, __ATOMIC_ACQ_REL);
}

/*
 * Drop a reference.  On the last one the file system decides: its
 * vop_inactive returns 0 to keep the vnode (tmpfs keeps a linked file's
 * vnode with its node) or 1 to have it reclaimed and freed now.
 */
void
vrele(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	if (__atomic_fetch_sub(&vp->v_refcnt, 1, __ATOMIC_ACQ_REL) != 1)
		return;
	if (vp->v_op->vop_inactive != NULL && vp->v_op->vop_inactive(vp) > 0) {
		if (vp->v_op->vop_reclaim != NULL)
			vp->v_op->vop_reclaim(vp);
		__atomic_fetch_sub(&numvnodes, 1, __ATOMIC_RELAXED);
		kfree(vp, M_VNODE);
	}
	/* Last: once the count is 0 a detached mount may be freed. */
	if (mp != NULL)
		__atomic_fetch_sub(&mp->mnt_nactive, 1, __ATOMIC_ACQ_REL);
}

void
vattr_null(struct vattr *vap)
{
	memset(vap, 0xff, sizeof(*vap));	/* every field VNOVAL */
	vap->va_type = VNON;
	vap->va_vaflags = 0;
}

/*
 * The Unix rule: the owner's bits if the caller owns the file, else the
 * group's if in the group, else the others'.  Privilege (root) passes
 * everything except executing a file no one may execute.
 */
int
vaccess(enum vtype type, mode_t file_mode, uid_t uid, gid_t gid,
    int acc_mode, struct ucred *cred)
{
	mode_t mask = 0;

	if (cred == NULL)
		return (0);		/* the kernel itself */
	if (acc_mode & VADMIN) {
		if (cred->cr_uid == uid)
			return (0);
		return (caps_priv_check(cred, SYSCAP_NOVFS_CHMOD) ? EPERM : 0);
	}
	if (cred->cr_uid == uid) {
		if (acc_mode & VEXEC)
			mask |= S_IXUSR;
		if (acc_mode & VREAD)
			mask |= S_IRUSR;
		if (acc_mode & (VWRITE | VAPPEND))
			mask |= S_IWUSR;
		if ((file_mode & mask) == mask)
			return (0);
	} else if (groupmember(gid, cred)) {
		if (acc_mode & VEXEC)
			mask |= S_IXGRP;
		if (acc_mode & VREAD)
			mask |= S_IRGRP;
		if (acc_mode & (VWRITE | VAPPEND))
			mask |= S_IWGRP;
		if ((file_mode & mask) == mask)
			return (0);
	} else {
		if (acc_mode & VEXEC)
			mask |= S_IXOTH;
		if (acc_mode & VREAD)
			mask |= S_IROTH;
		if (acc_mode & (VWRITE | VAPPEND))
			mask |= S_IWOTH;
		if ((file_mode & mask) == mask)
			return (0);
	}
	/* Root may execute only what someone may execute, and any dir. */
	if ((acc_mode & VEXEC) && type != VDIR &&
	    (file_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
		return (EACCES);
	if (caps_priv_check(cred, SYSCAP_RESTRICTEDROOT) == 0)
		return (0);
	return (EACCES);
}

/* ---- Fillers ---------------------------------------------------------------- */

int
vop_eopnotsupp()
{
	return (EOPNOTSUPP);
}

int
vop_einval()
{
	return (EINVAL);
}

int
vop_enotdir()
{
	return (ENOTDIR);
}

int
vop_zero()
{
	return (0);
}

/* Regular files and directories are always ready. */
int
vop_poll_true(struct vnode *vp, int events, struct ucred *cred)
{
	return (events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
}

static int
filt_vnattach(struct knote *kn)
{
	return (0);
}

static void
filt_vndetach(struct knote *kn)
{
	struct vnode *vp = kn->kn_hook;

	knote_remove(&vp->v_klist, kn);
}

/* Regular file: readable when the offset is before the end. */
static int
filt_vnread(struct knote *kn, long hint)
{
	struct vnode *vp = kn->kn_hook;
	struct file *fp = kn->kn_fp;

	if (hint == NOTE_DELETE) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	if (vp->v_type != VREG)
		return (1);
	kn->kn_data = vp->v_filesize - (fp != NULL ? fp->f_offset : 0);
	return (kn->kn_data != 0);
}

static int
filt_vnwrite(struct knote *kn, long hint)
{
	kn->kn_data = 0;
	return (1);
}

static int
filt_vnvnode(struct knote *kn, long hint)
{
	if (hint > 0 && (kn->kn_sfflags & hint) != 0)
		kn->kn_fflags |= hint;
	if (hint == NOTE_DELETE)
		kn->kn_flags |= EV_EOF;
	return (kn->kn_fflags != 0);
}

static const struct filterops vnread_filtops = {
	1, filt_vnattach, filt_vndetach, filt_vnread
};
static const struct filterops vnwrite_filtops = {
	1, filt_vnattach, filt_vndetach, filt_vnwrite
};
static const struct filterops vnvnode_filtops = {
	1, filt_vnattach, filt_vndetach, filt_vnvnode
};

/* kqueue on a file or directory: READ, WRITE and VNODE. */
int
vop_kqfilter_true(struct vnode *vp, struct knote *kn)
{
	switch (kn->kn_filter) {
	case EVFILT_READ:
		kn->kn_fop = &vnread_filtops;
		break;
	case EVFILT_WRITE:
		kn->kn_fop = &vnwrite_filtops;
		break;
	case EVFILT_VNODE:
		kn->kn_fop = &vnvnode_filtops;
		break;
	default:
		return (EOPNOTSUPP);
	}
	kn->kn_hook = vp;
	knote_insert(&vp->v_klist, kn);
	return (0);
}

/* A vnode changed: NOTE_* hint for EVFILT_VNODE, readiness for poll. */
void
vn_knote(struct vnode *vp, long hint)
{
	KNOTE(&vp->v_klist, hint);
}
