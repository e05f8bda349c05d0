/*
 * strerror(3), strerror_r(3) and newlib's internal _strerror_r (which
 * its perror() calls) over sys_errlist, generated from the kernel's
 * sys/sys/errno.h (errlist.c in the object directory): FreeBSD's
 * messages for FreeBSD's numbers.  newlib's own strerror objects are
 * taken out of the merged libc (newlib.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

extern const char *const sys_errlist[];
extern const int sys_nerr;

struct _reent;

static const char *
lookup(int errnum)
{
	if (errnum >= 0 && errnum < sys_nerr && sys_errlist[errnum] != NULL)
		return (sys_errlist[errnum]);
	return (NULL);
}

char *
_strerror_r(struct _reent *ptr, int errnum, int internal, int *errptr)
{
	static char unknown[32];
	const char *s;

	if ((s = lookup(errnum)) != NULL)
		return ((char *)s);
	if (errptr != NULL)
		*errptr = EINVAL;
	snprintf(unknown, sizeof(unknown), "Unknown error: %d", errnum);
	return (unknown);
}

char *
strerror(int errnum)
{
	return (_strerror_r(NULL, errnum, 0, NULL));
}

char *
strerror_l(int errnum, locale_t loc)
{
	return (strerror(errnum));
}

/*
 * POSIX strerror_r; newlib's <string.h> renames it __xpg_strerror_r
 * (its GNU-style strerror_r, which calls _strerror_r, stays).
 */
int
strerror_r(int errnum, char *buf, size_t len)
{
	const char *s = lookup(errnum);
	char tmp[32];

	if (s == NULL) {
		snprintf(tmp, sizeof(tmp), "Unknown error: %d", errnum);
		s = tmp;
	}
	if (strlcpy(buf, s, len) >= len)
		return (ERANGE);
	return (lookup(errnum) != NULL ? 0 : EINVAL);
}
