/*
 * Mutexes on umtx: the lock word is Drepper's three-state futex
 * ("Futexes are tricky", mutex 2): 0 free, 1 held, 2 held and someone
 * may sleep, so an uncontended lock and unlock make no system call.
 * Error-checking and recursive mutexes add an owner (the holder's tid)
 * and a depth around the same word.
 */
#include <errno.h>
#include <stdbool.h>

#include "thr_private.h"

int
_thr_umtx_sleep(volatile int *p, int v, int us)
{
	int e = errno, r;

	r = umtx_sleep(p, v, us) < 0 ? errno : 0;
	errno = e;
	return (r);
}

void
_thr_umtx_wakeup(volatile int *p, int n)
{
	int e = errno;

	umtx_wakeup(p, n);
	errno = e;
}

void
_thr_lock(volatile int *l)
{
	int c = 0;

	if (__atomic_compare_exchange_n(l, &c, 1, false, __ATOMIC_ACQUIRE,
	    __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		_thr_umtx_sleep(l, 2, 0);
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	}
}

static bool
thr_trylock(volatile int *l)
{
	int c = 0;

	return (__atomic_compare_exchange_n(l, &c, 1, false, __ATOMIC_ACQUIRE,
	    __ATOMIC_RELAXED));
}

void
_thr_unlock(volatile int *l)
{
	if (__atomic_fetch_sub(l, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(l, 0, __ATOMIC_RELEASE);
		_thr_umtx_wakeup(l, 1);
	}
}

int
pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->__type = PTHREAD_MUTEX_DEFAULT;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return (0);
}

int
pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	(void)a;
	return (0);
}

int
pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_ERRORCHECK &&
	    type != PTHREAD_MUTEX_RECURSIVE)
		return (EINVAL);
	a->__type = type;
	return (0);
}

int
pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->__type;
	return (0);
}

/*
 * Process-shared needs nothing of the mutex itself: the kernel keys a
 * umtx word in a shared mapping by its object, so every process mapping
 * it meets on the same key; owners are tids, unique system wide.
 */
int
pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	return (_thr_set_pshared(&a->__pshared, pshared));
}

int
pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return (0);
}

int
pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	m->__lock = 0;
	m->__type = a != NULL ? a->__type : PTHREAD_MUTEX_DEFAULT;
	m->__owner = 0;
	m->__count = 0;
	return (0);
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
	if (m->__lock != 0)
		return (EBUSY);
	return (0);
}

/* The rest of lock and trylock for the checked types; 0 or an error. */
static int
thr_mutex_check(pthread_mutex_t *m, int me)
{
	if (m->__type == PTHREAD_MUTEX_NORMAL ||
	    __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != me)
		return (0);
	if (m->__type == PTHREAD_MUTEX_ERRORCHECK)
		return (EDEADLK);
	/* Recursive, already ours. */
	if (m->__count == 0x7fffffff)
		return (EAGAIN);
	m->__count++;
	return (-1);
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
	int me, r;

	if (m->__type == PTHREAD_MUTEX_NORMAL) {
		_thr_lock(&m->__lock);
		return (0);
	}
	me = _thr_self()->tid;
	if ((r = thr_mutex_check(m, me)) != 0)
		return (r < 0 ? 0 : r);
	_thr_lock(&m->__lock);
	__atomic_store_n(&m->__owner, me, __ATOMIC_RELAXED);
	m->__count = 1;
	return (0);
}

int
pthread_mutex_trylock(pthread_mutex_t *m)
{
	int me, r;

	if (m->__type == PTHREAD_MUTEX_NORMAL)
		return (thr_trylock(&m->__lock) ? 0 : EBUSY);
	me = _thr_self()->tid;
	if ((r = thr_mutex_check(m, me)) != 0)
		return (r < 0 ? 0 : r == EDEADLK ? EBUSY : r);
	if (!thr_trylock(&m->__lock))
		return (EBUSY);
	__atomic_store_n(&m->__owner, me, __ATOMIC_RELAXED);
	m->__count = 1;
	return (0);
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (m->__type != PTHREAD_MUTEX_NORMAL) {
		if (__atomic_load_n(&m->__owner, __ATOMIC_RELAXED) !=
		    _thr_self()->tid)
			return (EPERM);
		if (--m->__count > 0)
			return (0);
		__atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
	}
	_thr_unlock(&m->__lock);
	return (0);
}
