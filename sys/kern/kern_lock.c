/*
 * lockmgr locks (see <sys/lock.h>).  All state changes happen under the
 * lock's spinlock; a request that cannot be granted sleeps on the lock
 * with ssleep() using that spinlock as the interlock, so a release that
 * wakes waiters can never be missed.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/lock.h>

void
lockinit(struct lock *lk, const char *wmesg, int timo, int flags)
{
	memset(lk, 0, sizeof(*lk));
	spin_init(&lk->lk_spin, "lockmgr");
	lk->lk_wmesg = wmesg;
	lk->lk_timo = timo;
	lk->lk_flags = flags & LK_CANRECURSE;
}

void
lockuninit(struct lock *lk)
{
	KASSERT(lk->lk_sharecount == 0 && lk->lk_exclusivecount == 0,
	    ("lockuninit: %s still held", lk->lk_wmesg));
}

/* Sleep for the lock; lk_spin held on entry and on return. */
static int
lock_wait(struct lock *lk, int flags, bool excl)
{
	int error;

	if ((flags & LK_NOWAIT) != 0)
		return (EBUSY);
	lk->lk_waiters++;
	if (excl)
		lk->lk_exclwait++;
	error = ssleep(lk, &lk->lk_spin, (flags & LK_PCATCH) ? PCATCH : 0,
	    lk->lk_wmesg, (flags & LK_TIMELOCK) ? lk->lk_timo : 0);
	lk->lk_waiters--;
	if (excl)
		lk->lk_exclwait--;
	return (error);
}

static void
lock_wakeup(struct lock *lk)
{
	if (lk->lk_waiters > 0)
		wakeup(lk);
}

int
lockmgr(struct lock *lk, int flags)
{
	struct thread *td = curthread;
	int error = 0;

	spin_lock(&lk->lk_spin);
	switch (flags & LK_TYPE_MASK) {
	case LK_SHARED:
		if (lk->lk_lockholder == td) {
			/* Our own exclusive lock counts as shared too. */
			lk->lk_exclusivecount++;
			break;
		}
		while (lk->lk_exclusivecount > 0 || lk->lk_exclwait > 0) {
			error = lock_wait(lk, flags, false);
			if (error != 0)
				goto out;
		}
		lk->lk_sharecount++;
		break;
	case LK_EXCLUSIVE:
		if (lk->lk_lockholder == td) {
			if ((lk->lk_flags & LK_CANRECURSE) == 0)
				panic("lockmgr: %s: recursive exclusive lock",
				    lk->lk_wmesg);
			lk->lk_exclusivecount++;
			break;
		}
		while (lk->lk_exclusivecount > 0 || lk->lk_sharecount > 0) {
			error = lock_wait(lk, flags, true);
			if (error != 0)
				goto out;
		}
		lk->lk_lockholder = td;
		lk->lk_exclusivecount = 1;
		break;
	case LK_UPGRADE:
		KASSERT(lk->lk_sharecount > 0, ("lockmgr: upgrade unshared"));
		lk->lk_sharecount--;
		while (lk->lk_exclusivecount > 0 || lk->lk_sharecount > 0) {
			error = lock_wait(lk, flags, true);
			if (error != 0) {
				/* The shared hold is gone either way. */
				lock_wakeup(lk);
				goto out;
			}
		}
		lk->lk_lockholder = td;
		lk->lk_exclusivecount = 1;
		break;
	case LK_DOWNGRADE:
		KASSERT(lk->lk_lockholder == td && lk->lk_exclusivecount == 1,
		    ("lockmgr: downgrade of a lock not held once"));
		lk->lk_lockholder = NULL;
		lk->lk_exclusivecount = 0;
		lk->lk_sharecount++;
		lock_wakeup(lk);
		break;
	case LK_RELEASE:
		if (lk->lk_exclusivecount > 0 && lk->lk_lockholder == td) {
			if (--lk->lk_exclusivecount == 0) {
				lk->lk_lockholder = NULL;
				lock_wakeup(lk);
			}
		} else if (lk->lk_sharecount > 0) {
			if (--lk->lk_sharecount == 0)
				lock_wakeup(lk);
		} else
			panic("lockmgr: %s released but not held",
			    lk->lk_wmesg);
		break;
	default:
		error = EINVAL;
	}
out:
	spin_unlock(&lk->lk_spin);
	return (error);
}

int
lockstatus(struct lock *lk, struct thread *td)
{
	int st = 0;

	spin_lock(&lk->lk_spin);
	if (lk->lk_exclusivecount > 0)
		st = lk->lk_lockholder == td ? LK_EXCLUSIVE : LK_EXCLOTHER;
	else if (lk->lk_sharecount > 0)
		st = LK_SHARED;
	spin_unlock(&lk->lk_spin);
	return (st);
}
