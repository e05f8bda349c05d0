/*
 * Threads: create, exit, join, detach, self, attributes, and the
 * library's set-up (the main thread's TCB and libc's hooks).
 *
 * A thread's stack is an anonymous mapping with a PROT_NONE guard page
 * at the bottom and at the top the thread's structure, followed by its
 * TCB and thread-local storage (libc's gen/tls.c lays those out).  A
 * thread cannot unmap the stack it runs on, so it ends with
 * extexit(EXTEXIT_LWP | EXTEXIT_SETINT), which clears its tid word once
 * it is off the stack and wakes that word's umtx sleepers; whoever sees
 * the 0 (the joiner, or for detached threads a later create or join
 * through the dead list) unmaps it.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <errno.h>
#include <reent.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "thr_private.h"

#define	THR_STACK_DEFAULT	(256 * 1024)

int			_thr_inited;
struct __pthread	_thr_main;

volatile int		_thr_list_lock;		/* the lists, detached/exited */
static struct __pthread	*thr_dead;
static struct __pthread	*thr_all;	/* every thread not yet unmapped */
static pthread_mutex_t	thr_malloc_mutex;	/* recursive */
static size_t		thr_pagesize;

static struct _reent *
thr_reent(void)
{
	return (_thr_get_tp()->reentp);
}

static void
thr_malloc_lock(void)
{
	pthread_mutex_lock(&thr_malloc_mutex);
}

static void
thr_malloc_unlock(void)
{
	pthread_mutex_unlock(&thr_malloc_mutex);
}

/*
 * fork() from a threaded process: pthread_atfork's handlers, and the
 * library's own locks held across the system call so that the child,
 * whose only thread is the caller, never inherits one taken by a thread
 * it does not have (malloc's, the dead list's).  Prepare handlers run in
 * the reverse order of registration, parent and child ones in order.
 * Lock order: the handlers' list, the key table, the thread list, malloc.
 */
#define	THR_ATFORK_MAX	32

static struct thr_atfork {
	void	(*prepare)(void);
	void	(*parent)(void);
	void	(*child)(void);
} thr_atfork[THR_ATFORK_MAX];
static int		thr_natfork;
static volatile int	thr_atfork_lock;

int
pthread_atfork(void (*prepare)(void), void (*parent)(void),
    void (*child)(void))
{
	(void)_thr_self();
	_thr_lock(&thr_atfork_lock);
	if (thr_natfork == THR_ATFORK_MAX) {
		_thr_unlock(&thr_atfork_lock);
		return (ENOMEM);
	}
	thr_atfork[thr_natfork].prepare = prepare;
	thr_atfork[thr_natfork].parent = parent;
	thr_atfork[thr_natfork].child = child;
	thr_natfork++;
	_thr_unlock(&thr_atfork_lock);
	return (0);
}

static void
thr_fork_prepare(void)
{
	int i;

	_thr_lock(&thr_atfork_lock);
	for (i = thr_natfork - 1; i >= 0; i--)
		if (thr_atfork[i].prepare != NULL)
			thr_atfork[i].prepare();
	_thr_lock(&_thr_key_lock);
	_thr_lock(&_thr_list_lock);
	pthread_mutex_lock(&thr_malloc_mutex);
}

static void
thr_fork_parent(void)
{
	int i;

	pthread_mutex_unlock(&thr_malloc_mutex);
	_thr_unlock(&_thr_list_lock);
	_thr_unlock(&_thr_key_lock);
	for (i = 0; i < thr_natfork; i++)
		if (thr_atfork[i].parent != NULL)
			thr_atfork[i].parent();
	_thr_unlock(&thr_atfork_lock);
}

/*
 * The child: the caller is its only lwp.  It keeps its TCB and the tid
 * in it, which no thread of the child can share (new lwps take tids from
 * the kernel's own counter), so what it held before the fork, the locks
 * above included, it still owns and unlocks.  The parent's other threads'
 * stacks stay mapped; nothing runs on them.
 */
static void
thr_fork_child(void)
{
	int i;

	pthread_mutex_unlock(&thr_malloc_mutex);
	_thr_unlock(&_thr_list_lock);
	_thr_unlock(&_thr_key_lock);
	_thr_cancel_unblock();
	for (i = 0; i < thr_natfork; i++)
		if (thr_atfork[i].child != NULL)
			thr_atfork[i].child();
	_thr_unlock(&thr_atfork_lock);
}

/*
 * The main thread's TCB, done once before anything needs pthread_self.
 * Only the main thread can get here first: others are created after.
 */
void
_thr_init(void)
{
	struct __pthread *t = &_thr_main;

	if (_thr_inited)
		return;
	t->tcb = __libc_main_tcb;	/* libc's start-up made it */
	t->reentp = _impure_ptr;	/* the global _reent stays the main's */
	t->tid = lwp_gettid();
	t->map = NULL;
	thr_pagesize = (size_t)getpagesize();
	thr_malloc_mutex.__type = PTHREAD_MUTEX_RECURSIVE;
	_thr_set_tp(t);
	t->all_next = NULL;
	thr_all = t;
	_thr_cancel_init();
	__libc_reent_hook = thr_reent;
	__libc_fork_prepare_hook = thr_fork_prepare;
	__libc_fork_parent_hook = thr_fork_parent;
	__libc_fork_child_hook = thr_fork_child;
	__atomic_store_n(&_thr_inited, 1, __ATOMIC_RELEASE);
}

/*
 * Is t one of ours, not yet unmapped?  pthread_cancel must say ESRCH,
 * not fault, for a thread already joined.  Under _thr_list_lock.
 */
int
_thr_find(struct __pthread *t)
{
	struct __pthread *p;

	for (p = thr_all; p != NULL; p = p->all_next)
		if (p == t)
			return (1);
	return (0);
}

/* Take t off the list of all threads.  Under _thr_list_lock. */
static void
thr_unlist(struct __pthread *t)
{
	struct __pthread **pp;

	for (pp = &thr_all; *pp != NULL; pp = &(*pp)->all_next)
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
}

/* Unmap the detached threads that have left their stacks. */
static void
thr_reap(void)
{
	struct __pthread **pp, *t, *free = NULL;

	_thr_lock(&_thr_list_lock);
	for (pp = &thr_dead; (t = *pp) != NULL; ) {
		if (__atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) == 0) {
			*pp = t->dead_next;
			thr_unlist(t);
			t->dead_next = free;
			free = t;
		} else
			pp = &t->dead_next;
	}
	_thr_unlock(&_thr_list_lock);
	while ((t = free) != NULL) {
		free = t->dead_next;
		munmap(t->map, t->mapsize);
	}
}

static void
thr_start(void *arg)
{
	struct __pthread *t = arg;

	_thr_set_tp(t);		/* first: errno and self need it */
	_thr_cancel_unblock();
	pthread_exit(t->start(t->arg));
}

int
pthread_create(pthread_t *tp, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg)
{
	struct lwp_params lp;
	struct __pthread *t;
	size_t stacksize, mapsize, tcbsize, tlssize;
	sigset_t cset, omask;
	char *map;
	int e, error, r;

	(void)_thr_self();
	thr_reap();
	stacksize = attr != NULL ? attr->__stacksize : THR_STACK_DEFAULT;
	stacksize = (stacksize + thr_pagesize - 1) & ~(thr_pagesize - 1);
	/* The structure, then libc's TCB and thread-local storage. */
	tlssize = __libc_tls_size();
	tcbsize = (sizeof(*t) + tlssize + thr_pagesize - 1) &
	    ~(thr_pagesize - 1);
	mapsize = thr_pagesize + stacksize + tcbsize;
	e = errno;
	map = mmap(NULL, mapsize, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (map == MAP_FAILED) {
		errno = e;
		return (EAGAIN);
	}
	if (mprotect(map, thr_pagesize, PROT_NONE) != 0) {
		munmap(map, mapsize);
		errno = e;
		return (EAGAIN);
	}
	t = (struct __pthread *)(map + mapsize - tcbsize);
	memset(t, 0, sizeof(*t));
	t->tcb = __libc_tls_place(t + 1, tlssize);
	_REENT_INIT_PTR(&t->reent);
	t->reentp = &t->reent;
	t->start = start;
	t->arg = arg;
	t->map = map;
	t->mapsize = mapsize;
	t->detached = attr != NULL &&
	    attr->__detachstate == PTHREAD_CREATE_DETACHED;

	/* From the second thread on, malloc needs its lock. */
	__libc_malloc_lock_hook = thr_malloc_lock;
	__libc_malloc_unlock_hook = thr_malloc_unlock;

	_thr_lock(&_thr_list_lock);
	t->all_next = thr_all;
	thr_all = t;
	_thr_unlock(&_thr_list_lock);

	lp.lwp_func = thr_start;
	lp.lwp_arg = t;
	lp.lwp_stack = (void *)((uintptr_t)t & ~(uintptr_t)15);
	lp.lwp_tid1 = (lwpid_t *)&t->tid;
	lp.lwp_tid2 = &t->tid2;
	/*
	 * The new lwp runs on our thread pointer until thr_start sets its
	 * own, so it starts with the cancellation signal blocked (the mask
	 * is copied), lest its handler look at our struct __pthread;
	 * thr_start unblocks it.
	 */
	sigemptyset(&cset);
	sigaddset(&cset, SIGTHR);
	__sys_sigprocmask(SIG_BLOCK, &cset, &omask);
	r = lwp_create(&lp);
	__sys_sigprocmask(SIG_SETMASK, &omask, NULL);
	if (r < 0) {
		error = errno;
		_thr_lock(&_thr_list_lock);
		thr_unlist(t);
		_thr_unlock(&_thr_list_lock);
		munmap(map, mapsize);
		errno = e;
		return (error == ENOMEM ? EAGAIN : error);
	}
	*tp = t;
	return (0);
}

void
pthread_exit(void *retval)
{
	struct __pthread *t = _thr_self();

	t->retval = retval;
	/* Cleanup handlers (cancellation off for good), then destructors. */
	_thr_cancel_exit(t);
	_thr_key_destroy_all(t);
	if (t == &_thr_main)
		extexit(EXTEXIT_LWP, 0, NULL);
	/* What newlib allocated for this thread (dtoa's, strtok's...). */
	_reclaim_reent(&t->reent);
	_thr_lock(&_thr_list_lock);
	t->exited = 1;
	if (t->detached) {
		t->dead_next = thr_dead;
		thr_dead = t;
	}
	_thr_unlock(&_thr_list_lock);
	/* Clears t->tid once off the stack and wakes a joiner. */
	extexit(EXTEXIT_LWP | EXTEXIT_SETINT, 0, (void *)&t->tid);
}

int
pthread_join(pthread_t t, void **retval)
{
	struct __pthread *self = _thr_self();
	int tid;

	if (t == self)
		return (EDEADLK);
	_thr_testcancel(self);		/* a cancellation point */
	_thr_lock(&_thr_list_lock);
	if (t->detached || t->joining || t == &_thr_main) {
		_thr_unlock(&_thr_list_lock);
		return (EINVAL);
	}
	t->joining = 1;
	_thr_unlock(&_thr_list_lock);
	while ((tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE)) != 0) {
		if (_thr_umtx_sleep_cp(&t->tid, tid, 0) == ECANCELED) {
			/* Cancelled: t stays joinable, as POSIX asks. */
			_thr_lock(&_thr_list_lock);
			t->joining = 0;
			_thr_unlock(&_thr_list_lock);
			_thr_testcancel(self);
		}
	}
	if (retval != NULL)
		*retval = t->retval;
	_thr_lock(&_thr_list_lock);
	thr_unlist(t);
	_thr_unlock(&_thr_list_lock);
	munmap(t->map, t->mapsize);
	thr_reap();
	return (0);
}

int
pthread_detach(pthread_t t)
{
	(void)_thr_self();
	_thr_lock(&_thr_list_lock);
	if (t->detached || t->joining || t == &_thr_main) {
		_thr_unlock(&_thr_list_lock);
		return (EINVAL);
	}
	t->detached = 1;
	if (t->exited) {
		t->dead_next = thr_dead;
		thr_dead = t;
	}
	_thr_unlock(&_thr_list_lock);
	return (0);
}

pthread_t
pthread_self(void)
{
	return (_thr_self());
}

int
pthread_equal(pthread_t a, pthread_t b)
{
	return (a == b);
}

int
pthread_attr_init(pthread_attr_t *a)
{
	a->__detachstate = PTHREAD_CREATE_JOINABLE;
	a->__pad = 0;
	a->__stacksize = THR_STACK_DEFAULT;
	return (0);
}

int
pthread_attr_destroy(pthread_attr_t *a)
{
	(void)a;
	return (0);
}

int
pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return (EINVAL);
	a->__stacksize = size;
	return (0);
}

int
pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->__stacksize;
	return (0);
}

int
pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE &&
	    state != PTHREAD_CREATE_DETACHED)
		return (EINVAL);
	a->__detachstate = state;
	return (0);
}

int
pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->__detachstate;
	return (0);
}
