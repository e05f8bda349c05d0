/*
 * POSIX timers over the kernel's ktimer_* system calls (FreeBSD's
 * names; sys/kern/kern_ktimer.c): a timer_t is the kernel's timer id.
 * SIGEV_SIGNAL and SIGEV_NONE are the kernel's; SIGEV_THREAD would need
 * a notification thread here and is EINVAL (docs/lib/libc.md).
 * TIMER_ABSTIME is translated: newlib's value is not the kernel's.
 */
#include <sys/types.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <time.h>

#define KTIMER_ABSTIME	0x1	/* sys/sys/time.h's TIMER_ABSTIME */

int	ktimer_create(clockid_t, struct sigevent *, int *);
int	ktimer_delete(int);
int	ktimer_settime(int, int, const struct itimerspec *,
	    struct itimerspec *);
int	ktimer_gettime(int, struct itimerspec *);
int	ktimer_getoverrun(int);

/* A timer_t too big to be an id must not alias a small one. */
static int
tid(timer_t t)
{
	return (t > (timer_t)INT_MAX ? -1 : (int)t);
}

int
timer_create(clockid_t clock_id, struct sigevent *__restrict evp,
    timer_t *__restrict timerid)
{
	int id;

	if (ktimer_create(clock_id, evp, &id) == -1)
		return (-1);
	*timerid = (timer_t)id;
	return (0);
}

int
timer_delete(timer_t timerid)
{
	return (ktimer_delete(tid(timerid)));
}

int
timer_settime(timer_t timerid, int flags,
    const struct itimerspec *__restrict value,
    struct itimerspec *__restrict ovalue)
{
	/* newlib's TIMER_ABSTIME is 4; the kernel's is FreeBSD's 1. */
	if ((flags & ~TIMER_ABSTIME) != 0) {
		errno = EINVAL;
		return (-1);
	}
	return (ktimer_settime(tid(timerid),
	    (flags & TIMER_ABSTIME) != 0 ? KTIMER_ABSTIME : 0, value, ovalue));
}

int
timer_gettime(timer_t timerid, struct itimerspec *value)
{
	return (ktimer_gettime(tid(timerid), value));
}

int
timer_getoverrun(timer_t timerid)
{
	return (ktimer_getoverrun(tid(timerid)));
}
