/*
 * newlib's locks (it is configured with retargetable locking, newlib.sh):
 * stdio's per-FILE and stream-list locks, the environment's, atexit's,
 * the time zone's.  Every lock here is recursive (newlib nests the
 * stdio ones); a lock is a futex word (0 free, 1 held, 2 held with
 * waiters) on the kernel's umtx, plus its owner and depth.  The owner
 * is the caller's _reent, which is one per thread (gen/thread.c), so
 * this works before and after libpthread starts threads without asking
 * it anything; a program with one thread pays an uncontended atomic.
 * A lock that could not be allocated (NULL) does nothing.
 * flockfile/ftrylockfile/funlockfile take a stream's own lock, the one
 * newlib's stdio takes around each call, so they nest with it.
 */
#include <sys/types.h>
#include <sys/lock.h>
#include <sys/lwp.h>
#include <errno.h>
#include <reent.h>
#include <stdio.h>
#include <stdlib.h>

#include "libc_private.h"

struct __lock {
	volatile int	word;
	struct _reent	*owner;
	int		depth;
};

/* The locks newlib names statically. */
struct __lock __lock___sinit_recursive_mutex;
struct __lock __lock___sfp_recursive_mutex;
struct __lock __lock___atexit_recursive_mutex;
struct __lock __lock___at_quick_exit_mutex;
struct __lock __lock___malloc_recursive_mutex;
struct __lock __lock___env_recursive_mutex;
struct __lock __lock___tz_mutex;
struct __lock __lock___dd_hash_mutex;
struct __lock __lock___arc4random_mutex;

void
__retarget_lock_init(_LOCK_T *lp)
{
	*lp = calloc(1, sizeof(struct __lock));
}

void
__retarget_lock_init_recursive(_LOCK_T *lp)
{
	*lp = calloc(1, sizeof(struct __lock));
}

void
__retarget_lock_close(_LOCK_T l)
{
	free(l);
}

void
__retarget_lock_close_recursive(_LOCK_T l)
{
	free(l);
}

int
__retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	struct _reent *me;
	int c = 0;

	if (l == NULL)
		return (1);
	me = __getreent();
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->depth++;
		return (1);
	}
	if (!__atomic_compare_exchange_n(&l->word, &c, 1, 0,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return (0);
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
	return (1);
}

void
__retarget_lock_acquire_recursive(_LOCK_T l)
{
	struct _reent *me;
	int c = 0, e;

	if (l == NULL)
		return;
	me = __getreent();
	/* Only this thread can have stored itself as the owner. */
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->depth++;
		return;
	}
	if (!__atomic_compare_exchange_n(&l->word, &c, 1, 0,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		e = errno;	/* a wait must not show in errno */
		if (c != 2)
			c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
		while (c != 0) {
			umtx_sleep(&l->word, 2, 0);
			c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
		}
		errno = e;
	}
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
}

void
__retarget_lock_release_recursive(_LOCK_T l)
{
	int e;

	if (l == NULL ||
	    __atomic_load_n(&l->owner, __ATOMIC_RELAXED) != __getreent())
		return;
	if (--l->depth > 0)
		return;
	__atomic_store_n(&l->owner, NULL, __ATOMIC_RELAXED);
	if (__atomic_fetch_sub(&l->word, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&l->word, 0, __ATOMIC_RELEASE);
		e = errno;
		umtx_wakeup(&l->word, 1);
		errno = e;
	}
}

/* The plain kind: newlib never nests these, so the same code serves. */
int
__retarget_lock_try_acquire(_LOCK_T l)
{
	return (__retarget_lock_try_acquire_recursive(l));
}

void
__retarget_lock_acquire(_LOCK_T l)
{
	__retarget_lock_acquire_recursive(l);
}

void
__retarget_lock_release(_LOCK_T l)
{
	__retarget_lock_release_recursive(l);
}

/*
 * The streams' locks are made by __sinit (the standard three) or by the
 * open that made the FILE; make sure the first is done.
 */
void	__sinit(struct _reent *);

static _LOCK_T
file_lock(FILE *fp)
{
	struct _reent *r = _REENT;

	if (r != NULL && !r->__sdidinit)
		__sinit(r);
	return (fp->_lock);
}

void
flockfile(FILE *fp)
{
	__retarget_lock_acquire_recursive(file_lock(fp));
}

int
ftrylockfile(FILE *fp)
{
	return (__retarget_lock_try_acquire_recursive(file_lock(fp)) ? 0 : -1);
}

void
funlockfile(FILE *fp)
{
	__retarget_lock_release_recursive(file_lock(fp));
}

/* A lock some other thread of the parent held is free in the child. */
static void
lock_child_reset(struct __lock *l, struct _reent *me)
{
	if (l != NULL && l->word != 0 && l->owner != me) {
		l->owner = NULL;
		l->depth = 0;
		l->word = 0;
	}
}

/*
 * fork()'s child, when the parent had threads: the threads that held
 * locks here were not copied, so their locks are let go (the stream
 * they were using may be mid-update; POSIX allows the child only
 * async-signal-safe calls until exec, but a child that uses stdio
 * anyway must not hang in it).  The caller's own holds stay.
 */
void
__libc_locks_child(void)
{
	struct _reent *me = __getreent();
	struct _glue *g;
	int i;

	lock_child_reset(&__lock___sinit_recursive_mutex, me);
	lock_child_reset(&__lock___sfp_recursive_mutex, me);
	lock_child_reset(&__lock___atexit_recursive_mutex, me);
	lock_child_reset(&__lock___at_quick_exit_mutex, me);
	lock_child_reset(&__lock___malloc_recursive_mutex, me);
	lock_child_reset(&__lock___env_recursive_mutex, me);
	lock_child_reset(&__lock___tz_mutex, me);
	lock_child_reset(&__lock___dd_hash_mutex, me);
	lock_child_reset(&__lock___arc4random_mutex, me);
	for (g = &_GLOBAL_REENT->__sglue; g != NULL; g = g->_next)
		for (i = 0; i < g->_niobs; i++)
			if (g->_iobs[i]._flags != 0)
				lock_child_reset(g->_iobs[i]._lock, me);
}
