/*
 * libpthread's insides: the thread control block the thread pointer
 * points at, the umtx wrappers and the internal lock.  Never installed.
 */
#ifndef _THR_PRIVATE_H_
#define _THR_PRIVATE_H_

#include <sys/types.h>
#include <sys/lwp.h>
#include <errno.h>
#include <pthread.h>
#include <reent.h>

#include "libc_private.h"	/* libc's hooks (lib/libc/gen/thread.c) */

struct thr_specific {
	void		*value;
	unsigned	gen;		/* the key's generation when set */
};

/*
 * One per thread.  The thread pointer (FS base / TPIDR_EL0) names libc's
 * TCB (gen/tls.c), whose second word points here.  A secondary thread's
 * structure, TCB and thread-local storage sit at the top of its stack
 * mapping, so one munmap frees them all.
 */
struct __pthread {
	/*
	 * First, at offset 0: libc's cancellation points read it through
	 * the TCB (LIBC_CANCEL_* in libc_private.h, thr_cancel.c).  Only
	 * pthread_cancel sets PENDING from another thread; the owner
	 * changes DISABLE and ASYNC; all with atomics.
	 */
	volatile int	cancelflags;
	struct tcb	*tcb;		/* the thread pointer's value */
	struct _reent	*reentp;	/* libc's __getreent() returns this */
	volatile int	tid;		/* the lwp; extexit clears it (join) */
	lwpid_t		tid2;		/* lwp_create's second copy */
	int		detached;	/* under thr_list_lock */
	int		exited;		/* under thr_list_lock */
	int		joining;	/* under thr_list_lock */
	void		*(*start)(void *);
	void		*arg;
	void		*retval;
	void		*map;		/* the stack mapping (NULL: main) */
	size_t		mapsize;
	struct __pthread *dead_next;	/* detached and exited, to unmap */
	struct __pthread *all_next;	/* every thread not yet unmapped */
	struct _pthread_cleanup_info *cleanup;	/* pthread_cleanup_push's */
	struct thr_specific specific[PTHREAD_KEYS_MAX];
	struct _reent	reent;		/* errno and newlib's state (not main) */
};

extern int		_thr_inited;
extern volatile int	_thr_key_lock;
extern struct __pthread	_thr_main;

void		_thr_init(void);
void		_thr_set_tp(struct __pthread *);
struct __pthread *_thr_get_tp(void);
void		_thr_key_destroy_all(struct __pthread *);

/* thr_create.c: is t a thread not yet unmapped?  Under thr_list_lock. */
extern volatile int	_thr_list_lock;
int		_thr_find(struct __pthread *);

/* thr_cancel.c */
void		_thr_cancel_init(void);
void		_thr_cancel_exit(struct __pthread *);
void		_thr_testcancel(struct __pthread *);
void		_thr_cancel_unblock(void);
int		_thr_umtx_sleep_cp(volatile int *, int, int);
struct __sigset;
int		__sys_sigprocmask(int, const struct __sigset *, struct __sigset *);

/*
 * umtx_sleep/umtx_wakeup that leave errno alone; the error, or 0.
 * _thr_umtx_sleep_cp is a cancellation point that does not act: it
 * returns ECANCELED when the thread should, so that the caller can first
 * put things right (a condition wait retakes its mutex) and then call
 * _thr_testcancel.
 */
int		_thr_umtx_sleep(volatile int *, int, int);
void		_thr_umtx_wakeup(volatile int *, int);

/* A plain 3-state futex lock (Drepper's mutex 2) for libpthread itself. */
void		_thr_lock(volatile int *);
void		_thr_unlock(volatile int *);

/* Store a pshared attribute: PTHREAD_PROCESS_PRIVATE or _SHARED, else EINVAL. */
static inline int
_thr_set_pshared(int *dst, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return (EINVAL);
	*dst = pshared;
	return (0);
}

static inline struct __pthread *
_thr_self(void)
{
	if (!__atomic_load_n(&_thr_inited, __ATOMIC_ACQUIRE))
		_thr_init();
	return (_thr_get_tp());
}

#endif /* !_THR_PRIVATE_H_ */
