/*
 * Condition variables on umtx: the futex word is a sequence number that
 * every signal and broadcast bumps.  A waiter notes it before dropping
 * the mutex and sleeps only while it is unchanged, so a signal between
 * the unlock and the sleep is never lost (umtx_sleep returns EBUSY).
 * Wake-ups may be spurious, as POSIX allows; callers loop on their
 * predicate.  Timed waits compute the remaining time on the condition's
 * clock before every sleep and return ETIMEDOUT only once that clock has
 * reached the deadline, never early.
 *
 * Both waits are cancellation points (thr_cancel.c): a request found on
 * entry acts with the mutex still held; one that ends the sleep acts
 * after the mutex has been taken back, so the cleanup handlers run with
 * it held, as POSIX asks.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>

#include "thr_private.h"

int
pthread_condattr_init(pthread_condattr_t *a)
{
	a->__clock = CLOCK_REALTIME;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return (0);
}

int
pthread_condattr_destroy(pthread_condattr_t *a)
{
	(void)a;
	return (0);
}

int
pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return (EINVAL);
	a->__clock = clock;
	return (0);
}

int
pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = a->__clock;
	return (0);
}

/* Shared needs nothing more: see pthread_mutexattr_setpshared. */
int
pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	return (_thr_set_pshared(&a->__pshared, pshared));
}

int
pthread_condattr_getpshared(const pthread_condattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return (0);
}

int
pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	c->__seq = 0;
	c->__clock = a != NULL ? a->__clock : CLOCK_REALTIME;
	return (0);
}

int
pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return (0);
}

int
pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->__seq, 1, __ATOMIC_SEQ_CST);
	_thr_umtx_wakeup(&c->__seq, 1);
	return (0);
}

int
pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->__seq, 1, __ATOMIC_SEQ_CST);
	_thr_umtx_wakeup(&c->__seq, 0);
	return (0);
}

/* Microseconds from now to abstime on clock, rounded up; <= 0: passed. */
static long long
thr_remaining(clockid_t clock, const struct timespec *abstime)
{
	struct timespec now;
	long long ns;
	int e = errno;

	clock_gettime(clock, &now);
	errno = e;
	ns = (long long)(abstime->tv_sec - now.tv_sec) * 1000000000LL +
	    (abstime->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return (0);
	return ((ns + 999) / 1000);
}

static int
thr_cond_wait(pthread_cond_t *c, pthread_mutex_t *m,
    const struct timespec *abstime)
{
	long long us;
	int seq, r, ret = 0, mtype, owner, count;

	struct __pthread *self = _thr_self();
	int canceled = 0;

	if (abstime != NULL && (abstime->tv_nsec < 0 ||
	    abstime->tv_nsec >= 1000000000L))
		return (EINVAL);
	_thr_testcancel(self);
	seq = __atomic_load_n(&c->__seq, __ATOMIC_SEQ_CST);

	/* Drop the mutex entirely, even a recursive one, and restore it. */
	mtype = m->__type;
	owner = m->__owner;
	count = m->__count;
	if (mtype != PTHREAD_MUTEX_NORMAL) {
		if (owner != self->tid)
			return (EPERM);
		m->__owner = 0;
		m->__count = 0;
	}
	_thr_unlock(&m->__lock);

	for (;;) {
		if (abstime != NULL) {
			us = thr_remaining(c->__clock, abstime);
			if (us <= 0) {
				ret = ETIMEDOUT;
				break;
			}
			if (us > INT_MAX)
				us = INT_MAX;
		} else
			us = 0;		/* forever */
		r = _thr_umtx_sleep_cp(&c->__seq, seq, (int)us);
		if (r == ECANCELED) {
			canceled = 1;
			break;
		}
		if (r != ETIMEDOUT)
			break;		/* woken, changed, or a signal */
	}

	/*
	 * Take the mutex back as "contended" (2): other waiters woken by a
	 * broadcast may be asleep on it, and our unlock must wake them.
	 */
	while (__atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE) != 0)
		_thr_umtx_sleep(&m->__lock, 2, 0);
	if (mtype != PTHREAD_MUTEX_NORMAL) {
		m->__owner = owner;
		m->__count = count;
	}
	if (canceled)
		_thr_testcancel(self);	/* acts: the mutex is ours again */
	return (ret);
}

int
pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return (thr_cond_wait(c, m, NULL));
}

int
pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
    const struct timespec *abstime)
{
	return (thr_cond_wait(c, m, abstime));
}
