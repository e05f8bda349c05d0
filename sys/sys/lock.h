/*
 * lockmgr locks: sleepable reader/writer locks (the BSD lockmgr
 * interface), for long holds that may block, such as across I/O.  A
 * spinlock protects the lock's own fields; waiters sleep on the lock.
 * Exclusive holders may recurse when the lock was made with
 * LK_CANRECURSE.  Writers are preferred: new shared requests wait while
 * a writer waits, so writers cannot starve.
 */
#ifndef _SYS_LOCK_H_
#define _SYS_LOCK_H_

#include <sys/types.h>
#include <sys/spinlock.h>

struct thread;

struct lock {
	struct spinlock	lk_spin;	/* protects the fields below */
	int		lk_flags;	/* LK_CANRECURSE ... (init) */
	int		lk_sharecount;	/* shared holders */
	int		lk_exclusivecount; /* exclusive recursion depth */
	struct thread	*lk_lockholder;	/* exclusive holder */
	int		lk_waiters;	/* sleeping requests */
	int		lk_exclwait;	/* of which exclusive */
	int		lk_timo;	/* tsleep timeout, 0 none */
	const char	*lk_wmesg;
};

/* lockmgr requests */
#define LK_SHARED	0x0001
#define LK_EXCLUSIVE	0x0002
#define LK_UPGRADE	0x0003		/* shared -> exclusive */
#define LK_DOWNGRADE	0x0004		/* exclusive -> shared */
#define LK_RELEASE	0x0005
#define LK_TYPE_MASK	0x000f
#define LK_NOWAIT	0x0010		/* EBUSY instead of sleeping */
#define LK_PCATCH	0x0020		/* signals interrupt the wait */
#define LK_CANRECURSE	0x0040		/* lockinit flag */
#define LK_TIMELOCK	0x0080		/* use lk_timo */

/* lockstatus results */
#define LK_EXCLOTHER	0x0100		/* exclusive, another thread */

void	lockinit(struct lock *lk, const char *wmesg, int timo, int flags);
void	lockuninit(struct lock *lk);
int	lockmgr(struct lock *lk, int flags);	/* 0, EBUSY, EINTR ... */
int	lockstatus(struct lock *lk, struct thread *td);
					/* LK_EXCLUSIVE (td holds it),
					   LK_EXCLOTHER, LK_SHARED or 0 */
#define lockmgr_release(lk)	lockmgr((lk), LK_RELEASE)

#endif /* !_SYS_LOCK_H_ */
