/*
 * jail(2): FreeBSD's version-2 argument structure.  A jail confines its
 * processes to a directory (chroot) and to what root may do inside it
 * (the prison's PRISON_CAP_* mask, <sys/caps.h>; see struct prison in
 * <sys/ucred.h>).
 */
#ifndef _SYS_JAIL_H_
#define _SYS_JAIL_H_

#include <sys/types.h>

#define JAIL_API_VERSION	2

struct jail {
	uint32_t	version;
	char		*path;
	char		*hostname;
	char		*jailname;
	uint32_t	ip4s;
	uint32_t	ip6s;
	void		*ip4;		/* struct in_addr * (not used yet) */
	void		*ip6;
};

#ifndef _KERNEL
__BEGIN_DECLS
int	jail(struct jail *);
__END_DECLS
#endif

#endif /* !_SYS_JAIL_H_ */
