/*
 * pthread_once on one futex word: 0 not run, 1 running, 2 done, 3
 * running with sleepers.  The first caller to move it from 0 runs the
 * routine; the others sleep until it reads 2.  (A routine that never
 * returns, e.g. cancelled, is not handled: Petrel has no cancellation.)
 */
#include <stdbool.h>

#include "thr_private.h"

int
pthread_once(pthread_once_t *o, void (*routine)(void))
{
	int s;

	if (__atomic_load_n(&o->__state, __ATOMIC_ACQUIRE) == 2)
		return (0);
	s = 0;
	if (__atomic_compare_exchange_n(&o->__state, &s, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		routine();
		if (__atomic_exchange_n(&o->__state, 2, __ATOMIC_RELEASE) == 3)
			_thr_umtx_wakeup(&o->__state, 0);
		return (0);
	}
	while ((s = __atomic_load_n(&o->__state, __ATOMIC_ACQUIRE)) != 2) {
		if (s == 1 && !__atomic_compare_exchange_n(&o->__state, &s, 3,
		    false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
			continue;
		_thr_umtx_sleep(&o->__state, 3, 0);
	}
	return (0);
}
