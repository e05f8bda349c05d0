/*
 * Socket ioctls on interfaces (group 'i'), FreeBSD's numbers.  Any
 * socket reaches them (soo_ioctl hands group 'i' to ifioctl() in
 * sys/net/if.c); the set requests need PRIV (root).
 */
#ifndef _SYS_SOCKIO_H_
#define _SYS_SOCKIO_H_

#include <sys/ioccom.h>

#define SIOCSIFADDR	 _IOW('i', 12, struct ifreq)	/* set address */
#define SIOCGIFADDR	_IOWR('i', 33, struct ifreq)	/* get address */
#define SIOCGIFBRDADDR	_IOWR('i', 35, struct ifreq)
#define SIOCGIFCONF	_IOWR('i', 36, struct ifconf)	/* all addresses */
#define SIOCGIFNETMASK	_IOWR('i', 37, struct ifreq)
#define SIOCDIFADDR	 _IOW('i', 25, struct ifreq)	/* delete address */
#define SIOCAIFADDR	 _IOW('i', 43, struct ifaliasreq) /* add/change */
#define SIOCSIFFLAGS	 _IOW('i', 16, struct ifreq)
#define SIOCGIFFLAGS	_IOWR('i', 17, struct ifreq)
#define SIOCGIFMETRIC	_IOWR('i', 23, struct ifreq)
#define SIOCSIFMTU	 _IOW('i', 52, struct ifreq)
#define SIOCGIFMTU	_IOWR('i', 51, struct ifreq)
#define SIOCSIFCAP	 _IOW('i', 30, struct ifreq)
#define SIOCGIFCAP	_IOWR('i', 31, struct ifreq)
#define SIOCGIFINDEX	_IOWR('i', 32, struct ifreq)
#define SIOCGIFHWADDR	_IOWR('i', 137, struct ifreq)	/* ifr_addr:
							   sa_family
							   AF_LINK, the
							   address in
							   sa_data */

#endif /* !_SYS_SOCKIO_H_ */
