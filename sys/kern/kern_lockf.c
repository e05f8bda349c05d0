/*
 * Advisory file locks: flock(2) and POSIX byte-range locks (fcntl
 * F_GETLK/F_SETLK/F_SETLKW).  Every lock is a range [start, end] on a
 * vnode with an owner: the open file (struct file) for flock, the
 * process for POSIX locks, as FreeBSD.  Two locks conflict when their
 * owners differ, their ranges overlap and one of them is a write lock;
 * flock and POSIX locks see each other.  A process's POSIX locks on a
 * file go when it closes any descriptor of that file (POSIX), and an
 * open file's flock lock when its last reference goes.
 *
 * One global list under lf_spin holds every lock (a hobby kernel's lock
 * counts are small); waiters sleep on the list and every release wakes
 * them all to look again.  An owner's locks on a file never overlap
 * and, as FreeBSD keeps them, never touch when they are of the same
 * type: a new lock replaces whatever of the owner's it covers (an
 * upgrade or downgrade of a sub-range splits the old lock around it),
 * then absorbs the owner's same-type locks that overlap or abut it.
 * F_GETLK names the conflicting lock that starts first.  F_SETLKW detects deadlock (EDEADLK): each
 * waiter records the owner it waits for, and before sleeping a process
 * follows that chain from the blocking owner; reaching itself would
 * close a cycle.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/vnode.h>
#include <sys/unistd.h>
#include <sys/lockf.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

#define OFF_MAX		INT64_MAX

MALLOC_DEFINE(M_LOCKF, "lockf", "advisory file locks");

#define LF_FLOCK	0x01		/* owner is a struct file */
#define LF_POSIX	0x02		/* owner is a struct proc */

struct lockf {
	LIST_ENTRY(lockf) lf_link;
	struct vnode	*lf_vp;
	void		*lf_owner;
	int		lf_flags;	/* LF_FLOCK or LF_POSIX */
	short		lf_type;	/* F_RDLCK or F_WRLCK */
	pid_t		lf_pid;		/* POSIX: the owner's pid */
	off_t		lf_start, lf_end;	/* inclusive */
};

/* A sleeping F_SETLKW/flock: who waits for whom (deadlock search). */
struct lfwait {
	LIST_ENTRY(lfwait) lw_link;
	void		*lw_owner;
	void		*lw_blocker;
};

static struct spinlock lf_spin = SPINLOCK_INITIALIZER("lockf");
static LIST_HEAD(, lockf) lf_list = LIST_HEAD_INITIALIZER(lf_list);
static LIST_HEAD(, lfwait) lf_waiters = LIST_HEAD_INITIALIZER(lf_waiters);

static bool
lf_overlap(const struct lockf *lf, struct vnode *vp, off_t start, off_t end)
{
	return (lf->lf_vp == vp && lf->lf_start <= end && start <= lf->lf_end);
}

/*
 * The lock of another owner that conflicts with the request; of several,
 * the one that starts lowest (the list is in no order).
 */
static struct lockf *
lf_conflict(struct vnode *vp, void *owner, short type, off_t start,
    off_t end)
{
	struct lockf *lf, *first = NULL;

	LIST_FOREACH(lf, &lf_list, lf_link) {
		if (lf->lf_owner == owner || !lf_overlap(lf, vp, start, end))
			continue;
		if ((type == F_WRLCK || lf->lf_type == F_WRLCK) &&
		    (first == NULL || lf->lf_start < first->lf_start))
			first = lf;
	}
	return (first);
}

/*
 * nl is on the list and none of its owner's locks overlap it: absorb
 * the owner's locks of the same type that abut it (lf_spin held).
 * Before that, only overlapping locks of the other type were cut away
 * by lf_clear, so the same-type neighbours are at most one on each side.
 */
static void
lf_merge(struct lockf *nl)
{
	struct lockf *lf, *next;

	LIST_FOREACH_SAFE(lf, &lf_list, lf_link, next) {
		if (lf == nl || lf->lf_vp != nl->lf_vp ||
		    lf->lf_owner != nl->lf_owner ||
		    lf->lf_type != nl->lf_type)
			continue;
		/* Abutting: one ends just before the other starts. */
		if (lf->lf_end != OFF_MAX && lf->lf_end + 1 == nl->lf_start)
			nl->lf_start = lf->lf_start;
		else if (nl->lf_end != OFF_MAX &&
		    nl->lf_end + 1 == lf->lf_start)
			nl->lf_end = lf->lf_end;
		else
			continue;
		LIST_REMOVE(lf, lf_link);
		kfree(lf, M_LOCKF);
	}
}

/* Would owner waiting for blocker close a cycle of waiters? */
static bool
lf_deadlock(void *owner, void *blocker)
{
	struct lfwait *lw;
	int hops;

	for (hops = 0; hops < 64 && blocker != NULL; hops++) {
		if (blocker == owner)
			return (true);
		LIST_FOREACH(lw, &lf_waiters, lw_link) {
			if (lw->lw_owner == blocker)
				break;
		}
		blocker = lw != NULL ? lw->lw_blocker : NULL;
	}
	return (false);
}

/*
 * Take away owner's hold on [start, end] of vp (lf_spin held).  A lock
 * that straddles the range is split, using *spare (then NULL).
 */
static void
lf_clear(struct vnode *vp, void *owner, off_t start, off_t end,
    struct lockf **spare)
{
	struct lockf *lf, *next, *nl;

	LIST_FOREACH_SAFE(lf, &lf_list, lf_link, next) {
		if (lf->lf_owner != owner || !lf_overlap(lf, vp, start, end))
			continue;
		if (lf->lf_start >= start && lf->lf_end <= end) {
			LIST_REMOVE(lf, lf_link);
			kfree(lf, M_LOCKF);
		} else if (lf->lf_start < start && lf->lf_end > end) {
			nl = *spare;
			*spare = NULL;
			*nl = *lf;
			nl->lf_start = end + 1;
			lf->lf_end = start - 1;
			LIST_INSERT_HEAD(&lf_list, nl, lf_link);
		} else if (lf->lf_start < start) {
			lf->lf_end = start - 1;
		} else {
			lf->lf_start = end + 1;
		}
	}
}

/*
 * Set (type F_RDLCK/F_WRLCK) or clear (F_UNLCK) owner's lock on
 * [start, end] of vp.  wait: sleep while another owner's lock is in
 * the way (EDEADLK if that would never end), else EAGAIN.
 */
static int
lf_set(struct vnode *vp, void *owner, int flags, pid_t pid, short type,
    off_t start, off_t end, bool wait)
{
	struct lockf *nl, *spare, *blk;
	struct lfwait lw;
	int error = 0;

	nl = kmalloc(sizeof(*nl), M_LOCKF, M_WAITOK | M_ZERO);
	spare = kmalloc(sizeof(*spare), M_LOCKF, M_WAITOK | M_ZERO);
	spin_lock(&lf_spin);
	if (type != F_UNLCK) {
		while ((blk = lf_conflict(vp, owner, type, start, end)) !=
		    NULL) {
			if (!wait) {
				error = EAGAIN;
				break;
			}
			if ((flags & LF_POSIX) && (blk->lf_flags & LF_POSIX) &&
			    lf_deadlock(owner, blk->lf_owner)) {
				error = EDEADLK;
				break;
			}
			lw.lw_owner = owner;
			lw.lw_blocker = blk->lf_owner;
			LIST_INSERT_HEAD(&lf_waiters, &lw, lw_link);
			error = ssleep(&lf_list, &lf_spin, PCATCH, "lockf", 0);
			LIST_REMOVE(&lw, lw_link);
			if (error != 0) {
				error = error == ERESTART ? EINTR : error;
				break;
			}
		}
	}
	if (error == 0) {
		lf_clear(vp, owner, start, end, &spare);
		if (type != F_UNLCK) {
			nl->lf_vp = vp;
			nl->lf_owner = owner;
			nl->lf_flags = flags;
			nl->lf_type = type;
			nl->lf_pid = pid;
			nl->lf_start = start;
			nl->lf_end = end;
			LIST_INSERT_HEAD(&lf_list, nl, lf_link);
			lf_merge(nl);
			nl = NULL;
		}
	}
	spin_unlock(&lf_spin);
	/* Anything given up or downgraded may let a waiter in. */
	wakeup(&lf_list);
	if (nl != NULL)
		kfree(nl, M_LOCKF);
	if (spare != NULL)
		kfree(spare, M_LOCKF);
	return (error);
}

/* Drop every lock owner holds on vp (or on any vnode if vp is NULL). */
static void
lf_release(struct vnode *vp, void *owner)
{
	struct lockf *lf, *next;
	bool any = false;

	spin_lock(&lf_spin);
	LIST_FOREACH_SAFE(lf, &lf_list, lf_link, next) {
		if (lf->lf_owner == owner && (vp == NULL || lf->lf_vp == vp)) {
			LIST_REMOVE(lf, lf_link);
			kfree(lf, M_LOCKF);
			any = true;
		}
	}
	spin_unlock(&lf_spin);
	if (any)
		wakeup(&lf_list);
}

/* p closes a descriptor for fp: POSIX locks of p on the file go. */
void
lf_closefd(struct proc *p, struct file *fp)
{
	if (p != NULL && fp->f_type == DTYPE_VNODE && fp->f_vnode != NULL)
		lf_release(fp->f_vnode, p);
}

/* fp's last reference is gone: its flock lock goes. */
void
lf_closefile(struct file *fp)
{
	if (fp->f_type == DTYPE_VNODE && fp->f_vnode != NULL)
		lf_release(fp->f_vnode, fp);
}

int
sys_flock(struct sysmsg *sysmsg, const struct flock_args *uap)
{
	struct file *fp;
	short type;
	int error;

	error = holdfp(curthread, uap->fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE || fp->f_vnode == NULL) {
		fdrop(fp);
		return (EOPNOTSUPP);
	}
	switch (uap->how & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		type = F_UNLCK;
		break;
	default:
		fdrop(fp);
		return (EINVAL);
	}
	/* A conversion is not atomic (as FreeBSD): the old lock goes first. */
	if (type != F_UNLCK)
		lf_release(fp->f_vnode, fp);
	error = lf_set(fp->f_vnode, fp, LF_FLOCK, -1, type, 0, OFF_MAX,
	    (uap->how & LOCK_NB) == 0);
	fdrop(fp);
	return (error == EAGAIN ? EWOULDBLOCK : error);
}

/* fcntl F_GETLK/F_SETLK/F_SETLKW on fp; fl is in and out. */
int
lf_fcntl(struct proc *p, struct file *fp, int cmd, struct flock *fl)
{
	struct vnode *vp = fp->f_vnode;
	struct lockf *lf;
	off_t start, end;

	if (fp->f_type != DTYPE_VNODE || vp == NULL)
		return (EBADF);
	switch (fl->l_whence) {
	case SEEK_SET:
		start = fl->l_start;
		break;
	case SEEK_CUR:
		spin_lock(&fp->f_spin);
		start = fp->f_offset;
		spin_unlock(&fp->f_spin);
		if (fl->l_start > 0 && start > OFF_MAX - fl->l_start)
			return (EOVERFLOW);
		start += fl->l_start;
		break;
	case SEEK_END:
		start = vp->v_filesize;
		if (fl->l_start > 0 && start > OFF_MAX - fl->l_start)
			return (EOVERFLOW);
		start += fl->l_start;
		break;
	default:
		return (EINVAL);
	}
	if (fl->l_len < 0) {
		/* The l_len bytes before start. */
		if (fl->l_len == INT64_MIN || start + fl->l_len < 0)
			return (EINVAL);
		end = start - 1;
		start += fl->l_len;
	} else if (fl->l_len == 0) {
		end = OFF_MAX;
	} else {
		if (start > OFF_MAX - (fl->l_len - 1))
			return (EOVERFLOW);
		end = start + fl->l_len - 1;
	}
	if (start < 0)
		return (EINVAL);
	if (cmd == F_GETLK) {
		if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK &&
		    fl->l_type != F_UNLCK)
			return (EINVAL);
		if (fl->l_type == F_UNLCK)
			return (EINVAL);
		spin_lock(&lf_spin);
		lf = lf_conflict(vp, p, fl->l_type, start, end);
		if (lf == NULL) {
			fl->l_type = F_UNLCK;
		} else {
			fl->l_type = lf->lf_type;
			fl->l_whence = SEEK_SET;
			fl->l_start = lf->lf_start;
			fl->l_len = lf->lf_end == OFF_MAX ? 0 :
			    lf->lf_end - lf->lf_start + 1;
			fl->l_pid = lf->lf_pid;
			fl->l_sysid = 0;
		}
		spin_unlock(&lf_spin);
		return (0);
	}
	switch (fl->l_type) {
	case F_RDLCK:
		if ((fp->f_flag & FREAD) == 0)
			return (EBADF);
		break;
	case F_WRLCK:
		if ((fp->f_flag & FWRITE) == 0)
			return (EBADF);
		break;
	case F_UNLCK:
		break;
	default:
		return (EINVAL);
	}
	return (lf_set(vp, p, LF_POSIX, p->p_pid, fl->l_type, start, end,
	    cmd == F_SETLKW));
}
