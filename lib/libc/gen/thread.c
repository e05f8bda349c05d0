/*
 * The hooks that make libc usable from libpthread's threads.  newlib is
 * built with __DYNAMIC_REENT__ (newlib.sh), so its per-call state, errno
 * included, is reached through __getreent(); that, __errno and the no-op
 * __malloc_lock are taken out of newlib's archive (Makefile,
 * NEWLIB_REPLACED) and replaced by these, which answer for the one
 * global _reent until libpthread starts its first thread and fills the
 * hooks in.  fork() is wrapped here too, so that libpthread can hold its
 * own locks and malloc's across the system call (a child must not start
 * with a lock some other thread of the parent held) and mend the child.  libc cannot call libpthread directly: single-threaded
 * programs do not link it.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <reent.h>

#include "libc_private.h"

/*
 * The calling thread's _reent: the main thread keeps the global one
 * (_impure_ptr), each other thread has its own in its control block.
 */
struct _reent	*(*__libc_reent_hook)(void);

/* Taken on every malloc/free: a recursive lock (newlib's realloc nests). */
void	(*__libc_malloc_lock_hook)(void);
void	(*__libc_malloc_unlock_hook)(void);

struct _reent *
__getreent(void)
{
	if (__libc_reent_hook != NULL)
		return (__libc_reent_hook());
	return (_impure_ptr);
}

int *
__errno(void)
{
	return (&__getreent()->_errno);
}

void
__malloc_lock(struct _reent *r)
{
	(void)r;
	if (__libc_malloc_lock_hook != NULL)
		__libc_malloc_lock_hook();
}

void
__malloc_unlock(struct _reent *r)
{
	(void)r;
	if (__libc_malloc_unlock_hook != NULL)
		__libc_malloc_unlock_hook();
}

/* libpthread's fork handlers: pthread_atfork's and its own. */
void	(*__libc_fork_prepare_hook)(void);
void	(*__libc_fork_parent_hook)(void);
void	(*__libc_fork_child_hook)(void);

pid_t	__sys_fork(void);
extern pid_t __arc4random_forked_pid;

pid_t
fork(void)
{
	pid_t pid;
	int e;

	if (__libc_fork_prepare_hook != NULL)
		__libc_fork_prepare_hook();
	pid = __sys_fork();
	e = errno;
	if (pid == 0) {
		/* arc4random (gen/arc4random.c) rekeys in the child. */
		__arc4random_forked_pid = getpid();
		if (__libc_fork_child_hook != NULL) {
			__libc_locks_child();
			__libc_fork_child_hook();
		}
	} else if (__libc_fork_parent_hook != NULL)
		__libc_fork_parent_hook();
	errno = e;
	return (pid);
}

/*
 * Cancellation (arch/<arch>/cancel.S, docs/lib/threads.md): libpthread
 * turns the checks on, names the signal it keeps for itself (hidden from
 * sigprocmask, sigaction and the signal-set calls by gen/signal.c) and
 * says how a thread acts on a request.  __cp_cancel comes here.
 */
int	__libc_cancel_on;
int	__libc_sigcancel;
void	(*__libc_cancel_hook)(void);

void
__libc_cp_cancel(void)
{
	if (__libc_cancel_hook != NULL)
		__libc_cancel_hook();
	abort();		/* the hook never returns */
}
