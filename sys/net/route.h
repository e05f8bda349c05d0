/*
 * The IPv4 routing table (route.c): host, network and default routes,
 * looked up by longest prefix.  User API: struct rt_req, taken by the
 * SIOCADDRT/SIOCDELRT/SIOCGETRT socket ioctls sbin/route uses, and
 * struct xrtentry, the records of the net.route.table sysctl
 * (netstat -r).  Both are fixed-width.
 */
#ifndef _NET_ROUTE_H_
#define _NET_ROUTE_H_

#include <sys/types.h>
#include <sys/ioccom.h>
#include <net/if.h>

/* rt_flags */
#define RTF_UP		0x0001		/* usable */
#define RTF_GATEWAY	0x0002		/* via a gateway */
#define RTF_HOST	0x0004		/* a host route (mask /32) */
#define RTF_STATIC	0x0800		/* added by hand */
#define RTF_LOCAL	0x200000	/* an address of ours */
#define RTF_IFROUTE	0x10000		/* made by an interface address */

/* One route request (addresses in network order). */
struct rt_req {
	uint32_t	rtr_dst;	/* destination */
	uint32_t	rtr_mask;	/* mask (0: default route) */
	uint32_t	rtr_gateway;	/* gateway, 0 if direct */
	uint32_t	rtr_flags;	/* RTF_* */
	char		rtr_ifname[IFNAMSIZ]; /* out (GET), or in: "" = any */
	uint64_t	rtr_use;	/* packets sent (GET) */
};

#define SIOCADDRT	_IOW('r', 10, struct rt_req)
#define SIOCDELRT	_IOW('r', 11, struct rt_req)
#define SIOCGETRT	_IOWR('r', 12, struct rt_req)	/* look up rtr_dst */

#define XRTENTRY_VERSION 1
struct xrtentry {
	uint32_t	xrt_len;	/* sizeof(struct xrtentry) */
	uint32_t	xrt_version;
	uint32_t	xrt_dst;
	uint32_t	xrt_mask;
	uint32_t	xrt_gateway;
	uint32_t	xrt_flags;
	char		xrt_ifname[IFNAMSIZ];
	uint64_t	xrt_use;
};

#ifdef _KERNEL

#include <sys/queue.h>
#include <netinet/in.h>

struct ifnet;
struct ucred;

/* A table entry; rt_token protects the table and every entry. */
struct rtentry {
	TAILQ_ENTRY(rtentry) rt_link;	/* longest mask first */
	struct in_addr	rt_dst;
	struct in_addr	rt_mask;
	struct in_addr	rt_gateway;	/* RTF_GATEWAY */
	struct ifnet	*rt_ifp;	/* outgoing interface */
	int		rt_flags;
	uint64_t	rt_use;
};

/*
 * The result of a lookup, copied out so the caller holds no reference
 * into the table: where to send (ro_nexthop, the gateway or the
 * destination itself), on which interface, from which address.
 */
struct route {
	struct in_addr	ro_dst;
	struct in_addr	ro_nexthop;
	struct in_addr	ro_src;		/* the interface's address */
	struct ifnet	*ro_ifp;
	int		ro_flags;
};

int	rtlookup(struct in_addr dst, struct route *ro);	/* 0/EHOSTUNREACH */
int	rtrequest_add(struct in_addr dst, struct in_addr mask,
	    struct in_addr gw, struct ifnet *ifp, int flags);
int	rtrequest_delete(struct in_addr dst, struct in_addr mask);
void	rt_ifdetach(struct ifnet *ifp);
int	rtioctl(u_long cmd, caddr_t data, struct ucred *cred);

#endif /* _KERNEL */

#endif /* !_NET_ROUTE_H_ */
