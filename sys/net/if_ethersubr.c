/*
 * Ethernet framing.  ether_ifattach() completes a driver's ifnet (link
 * address, if_output/if_input, MTU defaults) and attaches it;
 * ether_input() runs in the driver's receive context, checks the frame,
 * strips the header and queues the payload to a netisr thread by
 * EtherType; ether_output() runs in a protocol thread, resolves the
 * next hop with ARP, prepends the header and hands the frame to the
 * driver (if_handoff).  net.link.ether.inject (root only) feeds raw
 * frames to ether_input on lo0 so tests can exercise the checks.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <sys/caps.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <net/ethernet.h>
#include <net/netisr.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/if_ether.h>

const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN] =
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Frames dropped by ether_input, by reason (net.link.ether.*). */
static uint64_t ether_runts;		/* shorter than a header */
static uint64_t ether_notours;		/* unicast for someone else */
static uint64_t ether_unknowntype;	/* EtherType we do not speak */

SYSCTL_DECL(_net_link);
SYSCTL_NODE(_net_link, IFT_ETHER, ether, CTLFLAG_RW, 0, "Ethernet");
SYSCTL_U64(_net_link_ether, OID_AUTO, runts, CTLFLAG_RD, &ether_runts, 0,
    "frames shorter than an Ethernet header");
SYSCTL_U64(_net_link_ether, OID_AUTO, notours, CTLFLAG_RD, &ether_notours,
    0, "unicast frames for another station");
SYSCTL_U64(_net_link_ether, OID_AUTO, unknowntype, CTLFLAG_RD,
    &ether_unknowntype, 0, "frames of an unknown EtherType");

static const uint8_t *
ether_lladdr(struct ifnet *ifp)
{
	if (ifp->if_lladdr == NULL)
		return (NULL);
	return ((const uint8_t *)LLADDR((struct sockaddr_dl *)
	    ifp->if_lladdr->ifa_addr));
}

void
ether_ifattach(struct ifnet *ifp, const uint8_t lladdr[ETHER_ADDR_LEN])
{
	struct sockaddr_dl *sdl;

	ifp->if_type = IFT_ETHER;
	ifp->if_addrlen = ETHER_ADDR_LEN;
	ifp->if_hdrlen = ETHER_HDR_LEN;
	if (ifp->if_mtu == 0)
		ifp->if_mtu = ETHERMTU;
	if (ifp->if_baudrate == 0)
		ifp->if_baudrate = 1000000000ULL;
	ifp->if_output = ether_output;
	ifp->if_input = ether_input;
	if_attach(ifp);
	sdl = (struct sockaddr_dl *)ifp->if_lladdr->ifa_addr;
	memcpy(LLADDR(sdl), lladdr, ETHER_ADDR_LEN);
	kprintf("%s: Ethernet address %02x:%02x:%02x:%02x:%02x:%02x\n",
	    ifp->if_xname, lladdr[0], lladdr[1], lladdr[2], lladdr[3],
	    lladdr[4], lladdr[5]);
}

void
ether_ifdetach(struct ifnet *ifp)
{
	arp_ifdetach(ifp);
	if_detach(ifp);
}

/*
 * A frame from the driver.  Never blocks, never trusts the frame: runts
 * and foreign unicast are counted and dropped.  Consumes m.
 */
void
ether_input(struct ifnet *ifp, struct mbuf *m)
{
	struct ether_header *eh;
	const uint8_t *ours;
	uint16_t type;
	int len;

	if ((m->m_flags & M_PKTHDR) == 0 || m->m_pkthdr.len < ETHER_HDR_LEN) {
		atomic_add_64(&ether_runts, 1);
		IFNET_STAT_INC(ifp, ierrors, 1);
		m_freem(m);
		return;
	}
	if (m->m_len < ETHER_HDR_LEN &&
	    (m = m_pullup(m, ETHER_HDR_LEN)) == NULL) {
		IFNET_STAT_INC(ifp, iqdrops, 1);
		return;
	}
	len = m->m_pkthdr.len;
	m->m_pkthdr.rcvif = ifp;
	eh = mtod(m, struct ether_header *);
	IFNET_STAT_INC(ifp, ipackets, 1);
	IFNET_STAT_INC(ifp, ibytes, len);
	if (ETHER_IS_MULTICAST(eh->ether_dhost)) {
		if (memcmp(eh->ether_dhost, etherbroadcastaddr,
		    ETHER_ADDR_LEN) == 0)
			m->m_flags |= M_BCAST;
		else
			m->m_flags |= M_MCAST;
		IFNET_STAT_INC(ifp, imcasts, 1);
	} else if ((ifp->if_flags & IFF_PROMISC) == 0) {
		ours = ether_lladdr(ifp);
		if (ours == NULL || ifp->if_addrlen != ETHER_ADDR_LEN ||
		    memcmp(eh->ether_dhost, ours, ETHER_ADDR_LEN) != 0) {
			atomic_add_64(&ether_notours, 1);
			m_freem(m);
			return;
		}
	}
	if ((ifp->if_flags & IFF_UP) == 0) {
		IFNET_STAT_INC(ifp, iqdrops, 1);
		m_freem(m);
		return;
	}
	type = ntohs(eh->ether_type);
	m_adj(m, ETHER_HDR_LEN);
	switch (type) {
	case ETHERTYPE_IP:
		if (netisr_queue(NETISR_IP, m) != 0)
			IFNET_STAT_INC(ifp, iqdrops, 1);
		break;
	case ETHERTYPE_ARP:
		if (netisr_queue(NETISR_ARP, m) != 0)
			IFNET_STAT_INC(ifp, iqdrops, 1);
		break;
	default:
		atomic_add_64(&ether_unknowntype, 1);
		IFNET_STAT_INC(ifp, noproto, 1);
		m_freem(m);
		break;
	}
}

/*
 * Send an IPv4 packet to the next hop dst (a sockaddr_in) on ifp.  Runs
 * in a protocol thread.  A packet waiting for ARP is kept by ARP (one
 * per destination) and 0 returned.  Consumes m.
 */
int
ether_output(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *dst,
    struct rtentry *rt __unused)
{
	struct ether_header *eh;
	uint8_t edst[ETHER_ADDR_LEN];
	const uint8_t *src;
	struct in_addr ip;
	int error;

	if ((ifp->if_flags & (IFF_UP | IFF_RUNNING)) !=
	    (IFF_UP | IFF_RUNNING)) {
		m_freem(m);
		return (ENETDOWN);
	}
	if (dst->sa_family != AF_INET) {
		m_freem(m);
		return (EAFNOSUPPORT);
	}
	ip = ((const struct sockaddr_in *)dst)->sin_addr;
	if ((m->m_flags & M_BCAST) || in_broadcast(ip, ifp)) {
		memcpy(edst, etherbroadcastaddr, ETHER_ADDR_LEN);
		m->m_flags |= M_BCAST;
	} else {
		error = arpresolve(ifp, m, ip, edst);
		if (error == EWOULDBLOCK)
			return (0);		/* held by ARP */
		if (error != 0)
			return (error);		/* m freed */
	}
	M_PREPEND(m, ETHER_HDR_LEN, M_NOWAIT);
	if (m == NULL) {
		IFNET_STAT_INC(ifp, oerrors, 1);
		return (ENOBUFS);
	}
	eh = mtod(m, struct ether_header *);
	memcpy(eh->ether_dhost, edst, ETHER_ADDR_LEN);
	src = ether_lladdr(ifp);
	memcpy(eh->ether_shost, src, ETHER_ADDR_LEN);
	eh->ether_type = htons(ETHERTYPE_IP);
	IFNET_STAT_INC(ifp, opackets, 1);
	return (if_handoff(ifp, m));
}

/* Send a ready frame body of type etype to edst (ARP's path). */
int	ether_output_frame(struct ifnet *ifp, struct mbuf *m,
	    const uint8_t *edst, uint16_t etype);

int
ether_output_frame(struct ifnet *ifp, struct mbuf *m, const uint8_t *edst,
    uint16_t etype)
{
	struct ether_header *eh;

	M_PREPEND(m, ETHER_HDR_LEN, M_NOWAIT);
	if (m == NULL)
		return (ENOBUFS);
	eh = mtod(m, struct ether_header *);
	memcpy(eh->ether_dhost, edst, ETHER_ADDR_LEN);
	memcpy(eh->ether_shost, ether_lladdr(ifp), ETHER_ADDR_LEN);
	eh->ether_type = htons(etype);
	if (ETHER_IS_MULTICAST(edst))
		m->m_flags |= M_BCAST;
	IFNET_STAT_INC(ifp, opackets, 1);
	return (if_handoff(ifp, m));
}

int
ether_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ifreq *ifr = (struct ifreq *)data;

	switch (cmd) {
	case SIOCSIFMTU:
		if (ifr->ifr_mtu < ETHERMIN || ifr->ifr_mtu > ETHERMTU)
			return (EINVAL);
		ifp->if_mtu = (u_int)ifr->ifr_mtu;
		return (0);
	}
	return (EINVAL);
}

/*
 * net.link.ether.inject: the bytes written are one frame, received on
 * lo0 through ether_input (lo0 has no link address, so only broadcast
 * and multicast frames pass the address check).  Root only: a test
 * hook for the input checks.
 */
static int
ether_sysctl_inject(SYSCTL_HANDLER_ARGS)
{
	struct mbuf *m;
	size_t len;
	int error;

	if (req->newptr == NULL)
		return (SYSCTL_OUT(req, "", 0));
	error = caps_priv_check_self(SYSCAP_NONET_RAW);
	if (error != 0)
		return (error);
	len = req->newlen - req->newidx;
	if (len > MCLBYTES || loif == NULL)
		return (EINVAL);
	m = m_getcl(M_WAITOK, MT_DATA, M_PKTHDR);
	if (len > 0)
		error = SYSCTL_IN(req, mtod(m, void *), len);
	if (error != 0) {
		m_freem(m);
		return (error);
	}
	m->m_len = m->m_pkthdr.len = (int)len;
	m->m_pkthdr.rcvif = loif;
	ether_input(loif, m);
	netisr_barrier();	/* handled when the write returns */
	return (0);
}
SYSCTL_PROC(_net_link_ether, OID_AUTO, inject,
    CTLTYPE_OPAQUE | CTLFLAG_RW, NULL, 0,
    ether_sysctl_inject, "S", "feed a raw frame to ether_input (root)");
