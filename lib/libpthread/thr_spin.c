/*
 * Spin locks: a test-and-test-and-set word.  The holder is expected to
 * keep it briefly; a waiter spins with the CPU's pause hint, and after
 * a while yields, so that on a machine with fewer CPUs than spinners
 * the holder gets to run.
 */
#include <errno.h>
#include <sched.h>

#include "thr_private.h"

#define	THR_SPIN_TRIES	1000	/* pauses before each yield */

static inline void
thr_cpu_pause(void)
{
#if defined(__x86_64__)
	__asm __volatile("pause");
#elif defined(__aarch64__)
	__asm __volatile("yield");
#endif
}

int
pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
	int unused;

	if (_thr_set_pshared(&unused, pshared) != 0)
		return (EINVAL);
	*l = 0;
	return (0);
}

int
pthread_spin_destroy(pthread_spinlock_t *l)
{
	return (__atomic_load_n(l, __ATOMIC_RELAXED) != 0 ? EBUSY : 0);
}

int
pthread_spin_trylock(pthread_spinlock_t *l)
{
	return (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) == 0 ? 0 : EBUSY);
}

int
pthread_spin_lock(pthread_spinlock_t *l)
{
	int n;

	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) != 0) {
		for (n = 0; __atomic_load_n(l, __ATOMIC_RELAXED) != 0; n++) {
			if (n == THR_SPIN_TRIES) {
				sched_yield();
				n = 0;
			} else
				thr_cpu_pause();
		}
	}
	return (0);
}

int
pthread_spin_unlock(pthread_spinlock_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
	return (0);
}
