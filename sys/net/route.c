/*
 * The IPv4 routing table: a list of routes kept in order of decreasing
 * mask length, so the first match of a walk is the longest prefix.
 * Interface addresses add their network route (in.c); sbin/route adds
 * host, network and default routes through the SIOCADDRT/SIOCDELRT
 * ioctls; ip_output() calls rtlookup().  A small host's table is a
 * handful of entries, which a list serves as well as a radix tree.
 * rt_token protects the table; lookups copy the answer out (struct
 * route) so nobody keeps a pointer into it.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/caps.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>

MALLOC_DEFINE(M_RTABLE, "routetbl", "routing table entries");

static TAILQ_HEAD(, rtentry) rt_table = TAILQ_HEAD_INITIALIZER(rt_table);
static struct lwkt_token rt_token = LWKT_TOKEN_INITIALIZER(rt_token);
static u_int rt_count;

static int
rt_masklen(struct in_addr mask)
{
	uint32_t m = mask.s_addr;
	int n = 0;

	/* No libgcc in the kernel: count by hand. */
	while (m != 0) {
		m &= m - 1;
		n++;
	}
	return (n);
}

/*
 * Find the route for dst.  The source address is the outgoing
 * interface's first IPv4 address.
 */
int
rtlookup(struct in_addr dst, struct route *ro)
{
	struct rtentry *rt;
	struct in_ifaddr *ia;
	int error = EHOSTUNREACH;

	memset(ro, 0, sizeof(*ro));
	ro->ro_dst = dst;
	lwkt_gettoken(&rt_token);
	TAILQ_FOREACH(rt, &rt_table, rt_link) {
		if ((dst.s_addr & rt->rt_mask.s_addr) != rt->rt_dst.s_addr)
			continue;
		if ((rt->rt_flags & RTF_UP) == 0 ||
		    (rt->rt_ifp->if_flags & IFF_UP) == 0)
			continue;
		ro->ro_ifp = rt->rt_ifp;
		ro->ro_flags = rt->rt_flags;
		ro->ro_nexthop = (rt->rt_flags & RTF_GATEWAY) ?
		    rt->rt_gateway : dst;
		rt->rt_use++;
		error = 0;
		break;
	}
	lwkt_reltoken(&rt_token);
	if (error != 0)
		return (error);
	lwkt_gettoken(&ifnet_token);
	ia = in_ifaddr_for(ro->ro_ifp);
	if (ia != NULL)
		ro->ro_src = ia->ia_addr.sin_addr;
	lwkt_reltoken(&ifnet_token);
	return (0);
}

int
rtrequest_add(struct in_addr dst, struct in_addr mask, struct in_addr gw,
    struct ifnet *ifp, int flags)
{
	struct rtentry *rt, *nrt;
	int len;

	if ((mask.s_addr & ~(uint32_t)0) != mask.s_addr ||
	    (ntohl(mask.s_addr) & (~ntohl(mask.s_addr) >> 1)) != 0)
		return (EINVAL);		/* not contiguous */
	if ((dst.s_addr & ~mask.s_addr) != 0)
		return (EINVAL);		/* host bits set */
	nrt = kmalloc(sizeof(*nrt), M_RTABLE, M_WAITOK | M_ZERO);
	nrt->rt_dst = dst;
	nrt->rt_mask = mask;
	nrt->rt_gateway = gw;
	nrt->rt_ifp = ifp;
	nrt->rt_flags = flags | RTF_UP;
	if (mask.s_addr == 0xffffffff)
		nrt->rt_flags |= RTF_HOST;
	len = rt_masklen(mask);
	lwkt_gettoken(&rt_token);
	TAILQ_FOREACH(rt, &rt_table, rt_link) {
		if (rt->rt_dst.s_addr == dst.s_addr &&
		    rt->rt_mask.s_addr == mask.s_addr) {
			lwkt_reltoken(&rt_token);
			kfree(nrt, M_RTABLE);
			return (EEXIST);
		}
	}
	TAILQ_FOREACH(rt, &rt_table, rt_link)
		if (rt_masklen(rt->rt_mask) < len)
			break;
	if (rt != NULL)
		TAILQ_INSERT_BEFORE(rt, nrt, rt_link);
	else
		TAILQ_INSERT_TAIL(&rt_table, nrt, rt_link);
	rt_count++;
	lwkt_reltoken(&rt_token);
	return (0);
}

int
rtrequest_delete(struct in_addr dst, struct in_addr mask)
{
	struct rtentry *rt;

	lwkt_gettoken(&rt_token);
	TAILQ_FOREACH(rt, &rt_table, rt_link) {
		if (rt->rt_dst.s_addr == dst.s_addr &&
		    rt->rt_mask.s_addr == mask.s_addr) {
			TAILQ_REMOVE(&rt_table, rt, rt_link);
			rt_count--;
			lwkt_reltoken(&rt_token);
			kfree(rt, M_RTABLE);
			return (0);
		}
	}
	lwkt_reltoken(&rt_token);
	return (ESRCH);
}

/* An interface goes away: so do its routes. */
void
rt_ifdetach(struct ifnet *ifp)
{
	struct rtentry *rt, *next;

	lwkt_gettoken(&rt_token);
	TAILQ_FOREACH_SAFE(rt, &rt_table, rt_link, next) {
		if (rt->rt_ifp == ifp) {
			TAILQ_REMOVE(&rt_table, rt, rt_link);
			rt_count--;
			kfree(rt, M_RTABLE);
		}
	}
	lwkt_reltoken(&rt_token);
}

/*
 * The route ioctls.  Adding a route through a gateway needs the gateway
 * on a directly attached network (its interface is that network's);
 * a direct route names its interface.
 */
int
rtioctl(u_long cmd, caddr_t data, struct ucred *cred)
{
	struct rt_req *rr = (struct rt_req *)data;
	struct in_addr dst, mask, gw;
	struct ifnet *ifp = NULL;
	struct route ro;
	int error;

	dst.s_addr = rr->rtr_dst;
	mask.s_addr = rr->rtr_mask;
	gw.s_addr = rr->rtr_gateway;
	switch (cmd) {
	case SIOCADDRT:
	case SIOCDELRT:
		error = caps_priv_check(cred, SYSCAP_NONET_IFCONFIG);
		if (error != 0)
			return (error);
		if (cmd == SIOCDELRT)
			return (rtrequest_delete(dst, mask));
		rr->rtr_ifname[IFNAMSIZ - 1] = '\0';
		if (rr->rtr_flags & RTF_GATEWAY) {
			if (gw.s_addr == INADDR_ANY)
				return (EINVAL);
			/* The gateway must be reachable directly. */
			error = rtlookup(gw, &ro);
			if (error != 0 || (ro.ro_flags & RTF_GATEWAY))
				return (ENETUNREACH);
			ifp = ro.ro_ifp;
		} else {
			lwkt_gettoken(&ifnet_token);
			ifp = ifunit(rr->rtr_ifname);
			lwkt_reltoken(&ifnet_token);
			if (ifp == NULL)
				return (ENXIO);
		}
		return (rtrequest_add(dst, mask, gw, ifp,
		    (rr->rtr_flags & (RTF_GATEWAY | RTF_HOST)) | RTF_STATIC));
	case SIOCGETRT:
		error = rtlookup(dst, &ro);
		if (error != 0)
			return (error);
		rr->rtr_gateway = (ro.ro_flags & RTF_GATEWAY) ?
		    ro.ro_nexthop.s_addr : 0;
		rr->rtr_flags = (uint32_t)ro.ro_flags;
		strlcpy(rr->rtr_ifname, ro.ro_ifp->if_xname, IFNAMSIZ);
		return (0);
	}
	return (ENOTTY);
}

/* net.route.table: one struct xrtentry per route, longest mask first. */
static int
rt_sysctl_table(SYSCTL_HANDLER_ARGS)
{
	struct xrtentry *xr, *p;
	struct rtentry *rt;
	u_int n, i = 0;
	int error;

	if (req->newptr != NULL)
		return (EPERM);
	n = rt_count + 8;
	xr = kmalloc(n * sizeof(*xr), M_TEMP, M_WAITOK | M_ZERO);
	lwkt_gettoken(&rt_token);
	TAILQ_FOREACH(rt, &rt_table, rt_link) {
		if (i == n)
			break;
		p = &xr[i++];
		p->xrt_len = sizeof(*p);
		p->xrt_version = XRTENTRY_VERSION;
		p->xrt_dst = rt->rt_dst.s_addr;
		p->xrt_mask = rt->rt_mask.s_addr;
		p->xrt_gateway = rt->rt_gateway.s_addr;
		p->xrt_flags = (uint32_t)rt->rt_flags;
		strlcpy(p->xrt_ifname, rt->rt_ifp->if_xname, IFNAMSIZ);
		p->xrt_use = rt->rt_use;
	}
	lwkt_reltoken(&rt_token);
	error = SYSCTL_OUT(req, xr, i * sizeof(*xr));
	kfree(xr, M_TEMP);
	return (error);
}

SYSCTL_NODE(_net, OID_AUTO, route, CTLFLAG_RW, 0, "routing");
SYSCTL_PROC(_net_route, OID_AUTO, table, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, rt_sysctl_table, "S,xrtentry", "the routing table");
