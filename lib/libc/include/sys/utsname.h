/*
 * uname(3)'s record (FreeBSD's sizes).  lib/libc fills it from the
 * kern.ostype, kern.hostname, kern.osrelease, kern.version and hw.machine
 * sysctls.
 */
#ifndef _SYS_UTSNAME_H_
#define _SYS_UTSNAME_H_

#include <sys/cdefs.h>

#define SYS_NMLN	256

struct utsname {
	char	sysname[SYS_NMLN];	/* "Petrel" */
	char	nodename[SYS_NMLN];	/* host name */
	char	release[SYS_NMLN];	/* kern.osrelease */
	char	version[SYS_NMLN];	/* kern.version, first line */
	char	machine[SYS_NMLN];	/* hw.machine */
};

__BEGIN_DECLS
int	uname(struct utsname *);
__END_DECLS

#endif /* !_SYS_UTSNAME_H_ */
