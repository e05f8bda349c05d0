/*
 * The error path of every system-call stub (arch/<arch>/SYS.h): the
 * kernel returned an errno with the carry flag (amd64) or PSTATE.C
 * (aarch64) set; store it and return -1 as the C library promises.
 */
#include <errno.h>

#include "libc_private.h"

long
__cerror(int error)
{
	errno = error;
	return (-1);
}
