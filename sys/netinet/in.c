/*
 * IPv4 interface addresses: the SIOC*IFADDR requests (reached from
 * ifioctl() in sys/net/if.c with ifnet_token held), adding an address
 * with its network route (in_addprefix, also used by lo0 at boot), and
 * the questions the protocols ask: is this address ours, a broadcast
 * address, on a directly attached network.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>

MALLOC_DEFINE(M_INADDR, "in_ifaddr", "IPv4 interface addresses");

struct in_ifaddrhead in_ifaddrhead = TAILQ_HEAD_INITIALIZER(in_ifaddrhead);

void	arp_ifaddr_added(struct ifnet *ifp, struct in_addr addr);

static void
in_ifaddr_free(struct ifaddr *ifa)
{
	kfree(ifa, M_INADDR);
}

struct in_ifaddr *
in_ifaddr_for(struct ifnet *ifp)
{
	struct in_ifaddr *ia;

	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link)
		if (ia->ia_ifp == ifp)
			return (ia);
	return (NULL);
}

static struct in_ifaddr *
in_ifaddr_find(struct ifnet *ifp, struct in_addr addr)
{
	struct in_ifaddr *ia;

	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link)
		if (ia->ia_ifp == ifp &&
		    ia->ia_addr.sin_addr.s_addr == addr.s_addr)
			return (ia);
	return (NULL);
}

static void
in_sin_fill(struct sockaddr_in *sin, in_addr_t a)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = a;
}

static bool
in_mask_ok(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);

	return ((m & (~m >> 1)) == 0 && m != 0);	/* contiguous, not /0 */
}

/*
 * Give ifp the address addr/mask (brd: the broadcast address, 0 to
 * derive it) and add the route to its network.
 */
int
in_addprefix(struct ifnet *ifp, struct in_addr addr, struct in_addr mask,
    struct in_addr brd)
{
	struct in_ifaddr *ia;
	struct in_addr net;
	int error;

	if (!in_mask_ok(mask) || addr.s_addr == INADDR_ANY ||
	    IN_MULTICAST(ntohl(addr.s_addr)) ||
	    addr.s_addr == INADDR_BROADCAST)
		return (EINVAL);
	lwkt_gettoken(&ifnet_token);
	if (in_ifaddr_find(ifp, addr) != NULL) {
		lwkt_reltoken(&ifnet_token);
		return (EEXIST);
	}
	ia = kmalloc(sizeof(*ia), M_INADDR, M_WAITOK | M_ZERO);
	ia->ia_ifa.ifa_free = in_ifaddr_free;
	ifa_init(&ia->ia_ifa);
	in_sin_fill(&ia->ia_addr, addr.s_addr);
	in_sin_fill(&ia->ia_sockmask, mask.s_addr);
	ia->ia_netmask = mask.s_addr;
	ia->ia_net = addr.s_addr & mask.s_addr;
	if (ifp->if_flags & IFF_BROADCAST)
		in_sin_fill(&ia->ia_broadaddr, brd.s_addr != INADDR_ANY ?
		    brd.s_addr : (ia->ia_net | ~mask.s_addr));
	ia->ia_ifa.ifa_addr = (struct sockaddr *)&ia->ia_addr;
	ia->ia_ifa.ifa_netmask = (struct sockaddr *)&ia->ia_sockmask;
	ia->ia_ifa.ifa_broadaddr = (struct sockaddr *)&ia->ia_broadaddr;
	ia->ia_ifa.ifa_ifp = ifp;
	TAILQ_INSERT_TAIL(&ifp->if_addrhead, &ia->ia_ifa, ifa_link);
	TAILQ_INSERT_TAIL(&in_ifaddrhead, ia, ia_link);
	lwkt_reltoken(&ifnet_token);

	net.s_addr = ia->ia_net;
	error = rtrequest_add(net, mask, (struct in_addr){ 0 }, ifp,
	    RTF_IFROUTE);
	if (error == EEXIST)
		error = 0;	/* a second address on the same network */
	if (ifp->if_flags & IFF_BROADCAST)
		arp_ifaddr_added(ifp, addr);	/* gratuitous ARP */
	return (error);
}

/* Remove one address (and its network route if no other uses it). */
static void
in_ifaddr_remove(struct in_ifaddr *ia)
{
	struct in_ifaddr *oia;
	struct in_addr net, mask;
	bool shared = false;

	TAILQ_REMOVE(&in_ifaddrhead, ia, ia_link);
	TAILQ_REMOVE(&ia->ia_ifp->if_addrhead, &ia->ia_ifa, ifa_link);
	TAILQ_FOREACH(oia, &in_ifaddrhead, ia_link)
		if (oia->ia_net == ia->ia_net &&
		    oia->ia_netmask == ia->ia_netmask)
			shared = true;
	if (!shared) {
		net.s_addr = ia->ia_net;
		mask.s_addr = ia->ia_netmask;
		(void)rtrequest_delete(net, mask);
	}
	ifa_rele(&ia->ia_ifa);
}

void
in_ifdetach(struct ifnet *ifp)
{
	struct in_ifaddr *ia, *next;

	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH_SAFE(ia, &in_ifaddrhead, ia_link, next)
		if (ia->ia_ifp == ifp)
			in_ifaddr_remove(ia);
	lwkt_reltoken(&ifnet_token);
}

static int
in_sin_check(const struct sockaddr *sa, bool zero_ok)
{
	if (sa->sa_family != AF_INET) {
		if (zero_ok && sa->sa_family == AF_UNSPEC)
			return (0);
		return (EAFNOSUPPORT);
	}
	if (sa->sa_len != 0 && sa->sa_len < 8)
		return (EINVAL);
	return (0);
}

/*
 * The address ioctls.  SIOCAIFADDR adds (or, for an existing address,
 * re-masks) ifra_addr; a zero mask means the class mask.  SIOCDIFADDR
 * removes the named address or, when none is named, the first one.
 */
int
in_control(struct socket *so __unused, u_long cmd, caddr_t data,
    struct ifnet *ifp, struct ucred *cred __unused)
{
	struct ifreq *ifr = (struct ifreq *)data;
	struct ifaliasreq *ifra = (struct ifaliasreq *)data;
	struct in_ifaddr *ia;
	struct in_addr addr, mask, brd;
	int error;

	switch (cmd) {
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
		/*
		 * An interface may carry aliases: when ifr_addr names one
		 * of its IPv4 addresses, answer for that one (so
		 * getifaddrs and ifconfig get each alias's own mask and
		 * broadcast); otherwise answer for the first, as a
		 * single-address caller expects.
		 */
		ia = NULL;
		if (ifr->ifr_addr.sa_family == AF_INET)
			ia = in_ifaddr_find(ifp,
			    ((struct sockaddr_in *)&ifr->ifr_addr)->sin_addr);
		if (ia == NULL)
			ia = in_ifaddr_for(ifp);
		if (ia == NULL)
			return (EADDRNOTAVAIL);
		if (cmd == SIOCGIFADDR)
			memcpy(&ifr->ifr_addr, &ia->ia_addr,
			    sizeof(struct sockaddr_in));
		else if (cmd == SIOCGIFNETMASK)
			memcpy(&ifr->ifr_addr, &ia->ia_sockmask,
			    sizeof(struct sockaddr_in));
		else if (ifp->if_flags & IFF_BROADCAST)
			memcpy(&ifr->ifr_addr, &ia->ia_broadaddr,
			    sizeof(struct sockaddr_in));
		else
			return (EINVAL);
		return (0);

	case SIOCSIFADDR:
		/* Replace the first address; the mask is the class mask. */
		if ((error = in_sin_check(&ifr->ifr_addr, false)) != 0)
			return (error);
		addr = ((struct sockaddr_in *)&ifr->ifr_addr)->sin_addr;
		if ((ia = in_ifaddr_for(ifp)) != NULL)
			in_ifaddr_remove(ia);
		mask.s_addr = htonl(IN_CLASSA(ntohl(addr.s_addr)) ?
		    IN_CLASSA_NET : IN_CLASSB(ntohl(addr.s_addr)) ?
		    IN_CLASSB_NET : IN_CLASSC_NET);
		brd.s_addr = 0;
		return (in_addprefix(ifp, addr, mask, brd));

	case SIOCAIFADDR:
		if ((error = in_sin_check(&ifra->ifra_addr, false)) != 0 ||
		    (error = in_sin_check(&ifra->ifra_mask, true)) != 0 ||
		    (error = in_sin_check(&ifra->ifra_broadaddr, true)) != 0)
			return (error);
		addr = ((struct sockaddr_in *)&ifra->ifra_addr)->sin_addr;
		mask = ((struct sockaddr_in *)&ifra->ifra_mask)->sin_addr;
		brd = ((struct sockaddr_in *)&ifra->ifra_broadaddr)->sin_addr;
		if (ifra->ifra_mask.sa_family == AF_UNSPEC ||
		    mask.s_addr == 0)
			mask.s_addr = htonl(IN_CLASSA(ntohl(addr.s_addr)) ?
			    IN_CLASSA_NET : IN_CLASSB(ntohl(addr.s_addr)) ?
			    IN_CLASSB_NET : IN_CLASSC_NET);
		if (ifra->ifra_broadaddr.sa_family == AF_UNSPEC)
			brd.s_addr = 0;
		if (!in_mask_ok(mask))
			return (EINVAL);
		if ((ia = in_ifaddr_find(ifp, addr)) != NULL)
			in_ifaddr_remove(ia);
		return (in_addprefix(ifp, addr, mask, brd));

	case SIOCDIFADDR:
		if (ifr->ifr_addr.sa_family == AF_INET) {
			addr = ((struct sockaddr_in *)&ifr->ifr_addr)->sin_addr;
			ia = in_ifaddr_find(ifp, addr);
		} else {
			ia = in_ifaddr_for(ifp);
		}
		if (ia == NULL)
			return (EADDRNOTAVAIL);
		in_ifaddr_remove(ia);
		return (0);
	}
	return (ENOTTY);
}

/* Is in the broadcast address of a network of ifp (or all-ones/zero)? */
bool
in_broadcast(struct in_addr in, struct ifnet *ifp)
{
	struct in_ifaddr *ia;
	bool ret = false;

	if (in.s_addr == INADDR_BROADCAST || in.s_addr == INADDR_ANY)
		return (true);
	if (ifp == NULL || (ifp->if_flags & IFF_BROADCAST) == 0)
		return (false);
	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link) {
		if (ia->ia_ifp != ifp)
			continue;
		if (in.s_addr == ia->ia_broadaddr.sin_addr.s_addr ||
		    in.s_addr == ia->ia_net ||
		    in.s_addr == (ia->ia_net | ~ia->ia_netmask)) {
			ret = true;
			break;
		}
	}
	lwkt_reltoken(&ifnet_token);
	return (ret);
}

bool
in_ouraddr(struct in_addr in)
{
	struct in_ifaddr *ia;
	bool ret = false;

	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link) {
		if (ia->ia_addr.sin_addr.s_addr == in.s_addr) {
			ret = true;
			break;
		}
	}
	lwkt_reltoken(&ifnet_token);
	return (ret);
}

bool
in_localaddr(struct in_addr in)
{
	struct in_ifaddr *ia;
	bool ret = false;

	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link) {
		if ((in.s_addr & ia->ia_netmask) == ia->ia_net) {
			ret = true;
			break;
		}
	}
	lwkt_reltoken(&ifnet_token);
	return (ret);
}

char *
inet_ntoa_r(struct in_addr ina, char *buf)
{
	const uint8_t *p = (const uint8_t *)&ina;

	ksnprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u", p[0], p[1], p[2],
	    p[3]);
	return (buf);
}
