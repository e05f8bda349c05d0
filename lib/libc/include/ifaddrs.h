/*
 * ifaddrs.h: getifaddrs(3)/freeifaddrs(3) (gen/getifaddrs.c), FreeBSD's
 * struct ifaddrs.
 */
#ifndef _IFADDRS_H_
#define	_IFADDRS_H_

#include <sys/cdefs.h>

struct ifaddrs {
	struct ifaddrs	*ifa_next;
	char		*ifa_name;
	unsigned int	 ifa_flags;
	struct sockaddr	*ifa_addr;
	struct sockaddr	*ifa_netmask;
	struct sockaddr	*ifa_dstaddr;
	void		*ifa_data;
};

/* Interfaces with a broadcast address keep it in ifa_dstaddr. */
#ifndef ifa_broadaddr
#define	ifa_broadaddr	ifa_dstaddr
#endif

__BEGIN_DECLS
int	getifaddrs(struct ifaddrs **);
void	freeifaddrs(struct ifaddrs *);
__END_DECLS

#endif /* !_IFADDRS_H_ */
