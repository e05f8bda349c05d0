/*
 * sysctl(3) over __sysctl(2), and the name-based interfaces through the
 * kernel's meta nodes, as in FreeBSD: {0, 3} (name2oid) turns a dotted
 * name into its MIB.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <string.h>

#include "libc_private.h"

int
sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	return (__sysctl(name, namelen, oldp, oldlenp, newp, newlen));
}

int
sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	int oid[2] = { 0, 3 };
	size_t len;

	len = *sizep * sizeof(int);
	if (__sysctl(oid, 2, mibp, &len, name, strlen(name)) < 0)
		return (-1);
	*sizep = len / sizeof(int);
	return (0);
}

int
sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	int mib[CTL_MAXNAME];
	size_t miblen;

	miblen = CTL_MAXNAME;
	if (sysctlnametomib(name, mib, &miblen) < 0)
		return (-1);
	return (__sysctl(mib, (u_int)miblen, oldp, oldlenp, newp, newlen));
}
