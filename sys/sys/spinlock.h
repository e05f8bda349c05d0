/*
 * Spinlocks.  A spinlock protects a short stretch of code that never
 * blocks.  Taking one disables interrupts on this CPU (the first lock a
 * CPU takes saves the interrupt state, the last one released restores it)
 * so that a hardclock or device interrupt on the same CPU can never spin
 * on a lock its own CPU holds.  Unlock order need not mirror lock order.
 * Owner of the state: the lock word itself (atomic); sl_owner is for
 * diagnostics only.
 */
#ifndef _SYS_SPINLOCK_H_
#define _SYS_SPINLOCK_H_

#include <sys/types.h>

struct spinlock {
	volatile int	sl_lock;	/* 0 free, 1 held */
	int		sl_owner;	/* cpuid + 1 of the holder, 0 if free */
	const char	*sl_name;	/* for panic messages */
};

#define SPINLOCK_INITIALIZER(name)	{ 0, 0, (name) }

void	spin_init(struct spinlock *sl, const char *name);
void	spin_lock(struct spinlock *sl);
bool	spin_trylock(struct spinlock *sl);
void	spin_unlock(struct spinlock *sl);
bool	spin_held(struct spinlock *sl);	/* held by this CPU */
int	spin_depth(void);		/* spinlocks this CPU holds */

#endif /* !_SYS_SPINLOCK_H_ */
