/*
 * Petrel's pthread types (lib/libpthread), replacing newlib's, whose
 * 32-bit handles cannot hold a futex word, an owner and a count.
 * <sys/types.h> includes this; <pthread.h> has the functions.  The
 * layouts are private to libpthread: programs use only the names and
 * the static initializers.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define	_SYS__PTHREADTYPES_H_

#include <sys/_types.h>

struct __pthread;
typedef struct __pthread	*pthread_t;

typedef struct {
	int		__detachstate;
	int		__pad;
	__SIZE_TYPE__	__stacksize;
} pthread_attr_t;

/* __lock is the futex word: 0 free, 1 held, 2 held with sleepers. */
typedef struct {
	volatile int	__lock;
	int		__type;
	int		__owner;	/* tid of the holder (checked types) */
	int		__count;	/* recursive depth */
} pthread_mutex_t;

typedef struct {
	int		__type;
	int		__pshared;
} pthread_mutexattr_t;

/* __seq is the futex word: bumped by every signal and broadcast. */
typedef struct {
	volatile int	__seq;
	int		__clock;
} pthread_cond_t;

typedef struct {
	int		__clock;
	int		__pshared;
} pthread_condattr_t;

typedef int	pthread_key_t;

/* __state: 0 not run, 1 running, 2 done, 3 running with sleepers. */
typedef struct {
	volatile int	__state;
} pthread_once_t;

typedef struct {
	pthread_mutex_t	__lock;
	pthread_cond_t	__readers;
	pthread_cond_t	__writers;
	int		__nreaders;	/* holders; -1 when a writer holds */
	int		__wwaiting;	/* writers waiting */
} pthread_rwlock_t;

typedef struct {
	int		__pshared;
} pthread_rwlockattr_t;

/*
 * __seq is the futex word, bumped when the last of __count threads
 * arrives; __lock (a 3-state futex) guards __waiting.
 */
typedef struct {
	volatile int	__lock;
	volatile int	__seq;
	unsigned int	__count;
	unsigned int	__waiting;
} pthread_barrier_t;

typedef struct {
	int		__pshared;
} pthread_barrierattr_t;

/* 0 free, 1 held. */
typedef volatile int	pthread_spinlock_t;

#endif /* !_SYS__PTHREADTYPES_H_ */
