/*
 * Systimers: functions called from the clock interrupt of one CPU, once
 * (systimer_init_oneshot) or at a fixed rate (systimer_init_periodic).
 * They run in interrupt context with interrupts off, on the CPU that
 * armed them: they must not block, take tokens or sleep, only set flags,
 * take spinlocks and schedule threads.  For work that may block use a
 * callout (<sys/callout.h>), which runs in the softclock thread.
 *
 * Petrel drives them from hardclock, so the granularity is one tick
 * (1/HZ s, 10 ms): a one-shot runs at the first tick at or after its
 * time, a periodic timer runs at most once a tick (a rate above HZ acts
 * as HZ) and, when ticks arrive late, once per late tick rather than
 * in a burst.  Times are kept in uptime nanoseconds, so the average
 * rate follows the real clock even when an emulator delivers ticks
 * unevenly.
 */
#ifndef _SYS_SYSTIMER_H_
#define _SYS_SYSTIMER_H_

#include <sys/types.h>
#include <sys/queue.h>

struct systimer;
typedef void (*systimer_func_t)(struct systimer *info, int in_ipi,
    void *frame);

struct systimer {
	TAILQ_ENTRY(systimer) st_link;	/* its CPU's list; under its spin */
	systimer_func_t	st_func;
	void		*st_data;
	uint64_t	st_time;	/* uptime ns when due */
	uint64_t	st_period;	/* ns; 0 for a one-shot */
	int		st_cpu;		/* CPU that runs it */
	int		st_flags;	/* SYSTF_* */
	uint64_t	st_count;	/* times it has run */
};
typedef struct systimer *systimer_t;

#define SYSTF_QUEUED	0x0001		/* on its CPU's list */
#define SYSTF_DELETED	0x0002		/* systimer_del: do not requeue */

/* Run func(info, 0, NULL) freq times a second on this CPU, from now on. */
void	systimer_init_periodic(systimer_t info, systimer_func_t func,
	    void *data, int freq);
void	systimer_init_periodic_nq(systimer_t info, systimer_func_t func,
	    void *data, int freq);		/* same: there is no queueing */
/* Run func once, us microseconds from now, on this CPU. */
void	systimer_init_oneshot(systimer_t info, systimer_func_t func,
	    void *data, int us);
/*
 * Stop it: when this returns the function is not running and will not
 * run again (unless re-armed).  May be called from any CPU, and from the
 * timer's own function.
 */
void	systimer_del(systimer_t info);
void	systimer_intr(struct globaldata *gd);	/* from hardclock */

#endif /* !_SYS_SYSTIMER_H_ */
