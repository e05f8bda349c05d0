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

/* umtx_sleep/umtx_wakeup that leave errno alone; the error, or 0. */
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
