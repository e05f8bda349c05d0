/*
 * Callouts: run a function after a number of ticks.  Each CPU keeps its
 * own list, sorted by expiry, under its own spinlock; a callout runs on
 * the CPU that armed it, in that CPU's softclock thread (so it may take
 * tokens, but must not sleep for long).
 */
#ifndef _SYS_CALLOUT_H_
#define _SYS_CALLOUT_H_

#include <sys/types.h>
#include <sys/queue.h>

struct globaldata;

struct callout {
	TAILQ_ENTRY(callout) c_link;	/* per-CPU list; under its spin */
	uint64_t	c_time;		/* gd_ticks at which it runs */
	void		(*c_func)(void *);
	void		*c_arg;
	int		c_cpu;		/* list it is on */
	int		c_flags;	/* CALLOUT_* */
};

#define CALLOUT_PENDING	0x0001		/* on a list */
#define CALLOUT_ACTIVE	0x0002		/* armed, not stopped (callers may
					   clear it themselves) */

void	callout_init(struct callout *c);
void	callout_init_mp(struct callout *c);
void	callout_reset(struct callout *c, int ticks, void (*fn)(void *),
	    void *arg);
int	callout_stop(struct callout *c);	/* 1 if it was pending */
#define callout_drain(c)	callout_stop(c)
#define callout_pending(c)	(((c)->c_flags & CALLOUT_PENDING) != 0)
#define callout_active(c)	(((c)->c_flags & CALLOUT_ACTIVE) != 0)
#define callout_deactivate(c)	((c)->c_flags &= ~CALLOUT_ACTIVE)

void	callout_init_cpu(struct globaldata *gd);
void	callout_hardclock(struct globaldata *gd);	/* from hardclock */

#endif /* !_SYS_CALLOUT_H_ */
