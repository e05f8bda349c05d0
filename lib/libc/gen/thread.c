/*
 * The hooks that make libc usable from libpthread's threads.  newlib's
 * own __errno (the single _reent's errno) and its no-op __malloc_lock
 * are taken out of the merged libc.a (Makefile, NEWLIB_REPLACED) and
 * replaced by these, which stay as cheap as before until libpthread
 * starts its first thread and fills the hooks in.  libc cannot call
 * libpthread directly: single-threaded programs do not link it.
 */
#include <sys/types.h>
#include <errno.h>
#include <reent.h>

#include "libc_private.h"

/*
 * The calling thread's errno.  libpthread returns a slot in the
 * thread's control block; the main thread's slot is the _reent's own
 * errno, so newlib's internal stores (ptr->_errno) stay visible to it.
 */
int	*(*__libc_errno_hook)(void);

/* Taken on every malloc/free: a recursive lock (newlib's realloc nests). */
void	(*__libc_malloc_lock_hook)(void);
void	(*__libc_malloc_unlock_hook)(void);

int *
__errno(void)
{
	if (__libc_errno_hook != NULL)
		return (__libc_errno_hook());
	return (&_REENT->_errno);
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
