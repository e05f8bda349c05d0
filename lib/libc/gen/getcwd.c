/*
 * getcwd(3) over the kernel's __getcwd(2), which fills the buffer with
 * the absolute path of the current directory.  As in FreeBSD, a NULL
 * buffer is allocated (size 0 means "as large as needed").
 */
#include <sys/param.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

char *
getcwd(char *buf, size_t size)
{
	char *p;
	size_t n;

	if (buf != NULL && size == 0) {
		errno = EINVAL;
		return (NULL);
	}
	if (buf != NULL)
		return (__getcwd(buf, size) < 0 ? NULL : buf);
	n = size != 0 ? size : PATH_MAX;
	if ((p = malloc(n)) == NULL)
		return (NULL);
	if (__getcwd(p, n) < 0) {
		free(p);
		return (NULL);
	}
	return (p);
}

char *
getwd(char *buf)
{
	return (getcwd(buf, PATH_MAX));
}
