/*
 * Barriers: __count threads meet, the last to arrive releases them all.
 * A round ends by bumping the sequence word the others sleep on, so a
 * thread that comes back for the next round at once cannot be mistaken
 * for one still waiting in this one: a waiter sleeps only while the
 * word holds the value it read on arrival.  Process-shared barriers need
 * nothing more (the kernel keys a word in shared memory by its object).
 */
#include <errno.h>

#include "thr_private.h"

int
pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return (0);
}

int
pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	(void)a;
	return (0);
}

int
pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	return (_thr_set_pshared(&a->__pshared, pshared));
}

int
pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return (0);
}

int
pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
    unsigned int count)
{
	(void)a;
	if (count == 0)
		return (EINVAL);
	b->__lock = 0;
	b->__seq = 0;
	b->__count = count;
	b->__waiting = 0;
	return (0);
}

int
pthread_barrier_destroy(pthread_barrier_t *b)
{
	int busy;

	_thr_lock(&b->__lock);
	busy = b->__waiting != 0;
	_thr_unlock(&b->__lock);
	return (busy ? EBUSY : 0);
}

/* PTHREAD_BARRIER_SERIAL_THREAD in the last to arrive, 0 in the others. */
int
pthread_barrier_wait(pthread_barrier_t *b)
{
	int seq;

	_thr_lock(&b->__lock);
	if (++b->__waiting == b->__count) {
		b->__waiting = 0;
		__atomic_fetch_add(&b->__seq, 1, __ATOMIC_RELEASE);
		_thr_unlock(&b->__lock);
		_thr_umtx_wakeup(&b->__seq, 0);
		return (PTHREAD_BARRIER_SERIAL_THREAD);
	}
	seq = b->__seq;
	_thr_unlock(&b->__lock);
	/* A signal handler may interrupt the sleep; the wait goes on. */
	while (__atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE) == seq)
		_thr_umtx_sleep(&b->__seq, seq, 0);
	return (0);
}
