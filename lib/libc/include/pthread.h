/*
 * POSIX threads (lib/libpthread, link with -lpthread): threads on the
 * kernel's lwps, mutexes, condition variables, once, keys and rwlocks
 * on umtx.  See docs/lib/threads.md for what is and is not thread-safe.
 */
#ifndef _PTHREAD_H_
#define	_PTHREAD_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_pthreadtypes.h>
#include <time.h>

#define	PTHREAD_CREATE_JOINABLE		0
#define	PTHREAD_CREATE_DETACHED		1

#define	PTHREAD_MUTEX_NORMAL		0
#define	PTHREAD_MUTEX_ERRORCHECK	1
#define	PTHREAD_MUTEX_RECURSIVE		2
#define	PTHREAD_MUTEX_DEFAULT		PTHREAD_MUTEX_NORMAL

#define	PTHREAD_PROCESS_PRIVATE		0
#define	PTHREAD_PROCESS_SHARED		1

#define	PTHREAD_BARRIER_SERIAL_THREAD	(-1)

/* Cancellation (FreeBSD's values); PTHREAD_CANCELED is the join value. */
#define	PTHREAD_CANCEL_ENABLE		0
#define	PTHREAD_CANCEL_DISABLE		1
#define	PTHREAD_CANCEL_DEFERRED		0
#define	PTHREAD_CANCEL_ASYNCHRONOUS	2
#define	PTHREAD_CANCELED		((void *)1)

#define	PTHREAD_STACK_MIN		16384
#define	PTHREAD_KEYS_MAX		128
#define	PTHREAD_DESTRUCTOR_ITERATIONS	4

#define	PTHREAD_MUTEX_INITIALIZER	{ 0, PTHREAD_MUTEX_NORMAL, 0, 0 }
#define	PTHREAD_COND_INITIALIZER	{ 0, CLOCK_REALTIME }
#define	PTHREAD_ONCE_INIT		{ 0 }
#define	PTHREAD_RWLOCK_INITIALIZER					\
	{ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,		\
	  PTHREAD_COND_INITIALIZER, 0, 0 }

/*
 * pthread_cleanup_push and pthread_cleanup_pop are macros, as in FreeBSD:
 * they open and close a block, whose record links the handler into the
 * thread's cleanup stack, so they must be used in pairs in one scope.
 */
struct _pthread_cleanup_info {
	void	(*__routine)(void *);
	void	*__arg;
	struct _pthread_cleanup_info *__prev;
};

#define	pthread_cleanup_push(routine, arg)				\
	{								\
		struct _pthread_cleanup_info __cleanup_info__;		\
		__pthread_cleanup_push_imp((routine), (arg),		\
		    &__cleanup_info__);					\
		{
#define	pthread_cleanup_pop(execute)					\
		}							\
		__pthread_cleanup_pop_imp(execute);			\
	}

__BEGIN_DECLS
int	pthread_attr_init(pthread_attr_t *);
int	pthread_attr_destroy(pthread_attr_t *);
int	pthread_attr_setstacksize(pthread_attr_t *, size_t);
int	pthread_attr_getstacksize(const pthread_attr_t *, size_t *);
int	pthread_attr_setdetachstate(pthread_attr_t *, int);
int	pthread_attr_getdetachstate(const pthread_attr_t *, int *);

int	pthread_create(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);
int	pthread_join(pthread_t, void **);
int	pthread_detach(pthread_t);
pthread_t pthread_self(void);
int	pthread_equal(pthread_t, pthread_t);
void	pthread_exit(void *) __attribute__((__noreturn__));

int	pthread_mutexattr_init(pthread_mutexattr_t *);
int	pthread_mutexattr_destroy(pthread_mutexattr_t *);
int	pthread_mutexattr_settype(pthread_mutexattr_t *, int);
int	pthread_mutexattr_gettype(const pthread_mutexattr_t *, int *);
int	pthread_mutexattr_setpshared(pthread_mutexattr_t *, int);
int	pthread_mutexattr_getpshared(const pthread_mutexattr_t *, int *);
int	pthread_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
int	pthread_mutex_destroy(pthread_mutex_t *);
int	pthread_mutex_lock(pthread_mutex_t *);
int	pthread_mutex_trylock(pthread_mutex_t *);
int	pthread_mutex_unlock(pthread_mutex_t *);

int	pthread_condattr_init(pthread_condattr_t *);
int	pthread_condattr_destroy(pthread_condattr_t *);
int	pthread_condattr_setclock(pthread_condattr_t *, clockid_t);
int	pthread_condattr_getclock(const pthread_condattr_t *, clockid_t *);
int	pthread_condattr_setpshared(pthread_condattr_t *, int);
int	pthread_condattr_getpshared(const pthread_condattr_t *, int *);
int	pthread_cond_init(pthread_cond_t *, const pthread_condattr_t *);
int	pthread_cond_destroy(pthread_cond_t *);
int	pthread_cond_signal(pthread_cond_t *);
int	pthread_cond_broadcast(pthread_cond_t *);
int	pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *);
int	pthread_cond_timedwait(pthread_cond_t *, pthread_mutex_t *,
	    const struct timespec *);

int	pthread_once(pthread_once_t *, void (*)(void));
int	pthread_atfork(void (*)(void), void (*)(void), void (*)(void));

int	pthread_key_create(pthread_key_t *, void (*)(void *));
int	pthread_key_delete(pthread_key_t);
void	*pthread_getspecific(pthread_key_t);
int	pthread_setspecific(pthread_key_t, const void *);

int	pthread_rwlockattr_init(pthread_rwlockattr_t *);
int	pthread_rwlockattr_destroy(pthread_rwlockattr_t *);
int	pthread_rwlockattr_setpshared(pthread_rwlockattr_t *, int);
int	pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *, int *);
int	pthread_rwlock_init(pthread_rwlock_t *, const pthread_rwlockattr_t *);
int	pthread_rwlock_destroy(pthread_rwlock_t *);
int	pthread_rwlock_rdlock(pthread_rwlock_t *);
int	pthread_rwlock_tryrdlock(pthread_rwlock_t *);
int	pthread_rwlock_wrlock(pthread_rwlock_t *);
int	pthread_rwlock_trywrlock(pthread_rwlock_t *);
int	pthread_rwlock_unlock(pthread_rwlock_t *);

int	pthread_barrierattr_init(pthread_barrierattr_t *);
int	pthread_barrierattr_destroy(pthread_barrierattr_t *);
int	pthread_barrierattr_setpshared(pthread_barrierattr_t *, int);
int	pthread_barrierattr_getpshared(const pthread_barrierattr_t *, int *);
int	pthread_barrier_init(pthread_barrier_t *,
	    const pthread_barrierattr_t *, unsigned int);
int	pthread_barrier_destroy(pthread_barrier_t *);
int	pthread_barrier_wait(pthread_barrier_t *);

int	pthread_spin_init(pthread_spinlock_t *, int);
int	pthread_spin_destroy(pthread_spinlock_t *);
int	pthread_spin_lock(pthread_spinlock_t *);
int	pthread_spin_trylock(pthread_spinlock_t *);
int	pthread_spin_unlock(pthread_spinlock_t *);

int	pthread_cancel(pthread_t);
int	pthread_setcancelstate(int, int *);
int	pthread_setcanceltype(int, int *);
void	pthread_testcancel(void);
void	__pthread_cleanup_push_imp(void (*)(void *), void *,
	    struct _pthread_cleanup_info *);
void	__pthread_cleanup_pop_imp(int);
__END_DECLS

#endif /* !_PTHREAD_H_ */
