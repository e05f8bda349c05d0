/*
 * POSIX per-process timers (kern_ktimer.c): the limit, struct
 * itimerspec as the ktimer_* system calls take it (newlib's layout, two
 * struct timespec), and the hooks exec, exit and reaping call.
 */
#ifndef _SYS_KTIMER_H_
#define _SYS_KTIMER_H_

#include <sys/time.h>

#define TIMER_MAX	32	/* timers a process may have (FreeBSD's) */

struct itimerspec {
	struct timespec	it_interval;
	struct timespec	it_value;
};

#ifdef _KERNEL
struct proc;
void	ktimer_exit(struct proc *p);	/* exec, exit: delete them all */
void	ktimer_free(struct proc *p);	/* reaping: the table */
#endif

#endif /* !_SYS_KTIMER_H_ */
