/*
 * The hooks that make libc usable from libpthread's threads.  newlib is
 * built with __DYNAMIC_REENT__ (newlib.sh), so its per-call state, errno
 * included, is reached through __getreent(); that, __errno and the no-op
 * __malloc_lock are taken out of newlib's archive (Makefile,
 * NEWLIB_REPLACED) and replaced by these, which answer for the one
 * global _reent until libpthread starts its first thread and fills the
 * hooks in.  libc cannot call libpthread directly: single-threaded
 * programs do not link it.
 */
#include <sys/types.h>
#include <errno.h>
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
