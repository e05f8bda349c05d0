/*
 * The loopback interface lo0.  Output hands each IPv4 packet straight
 * back to the input path through the netisr queue (so the receive side
 * runs in a protocol thread, as it would for a NIC, and a sender in a
 * netisr thread never re-enters its own protocol).  A sender in a netisr
 * direct section (a PR_DIRECT_SEND protocol's send, in the sending
 * thread: UDP) instead has the packet's input run at once, in its own
 * thread (netisr_dispatch): that protocol's contract is that it has
 * finished with its state when it calls ip_output, and this saves the
 * hand-off to a netisr thread for every datagram.  A sender that is a
 * netisr thread (all of TCP) has the input run in that same thread
 * right after the work at hand (netisr_defer): no message, no switch,
 * and no re-entry into the sender.  Attached at boot
 * with 127.0.0.1/8 and marked up.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_types.h>
#include <net/netisr.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>

#define LOMTU	16384

static struct ifnet loif_store;
struct ifnet *loif;

static int
looutput(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *dst,
    struct rtentry *rt __unused)
{
	int len;

	if ((m->m_flags & M_PKTHDR) == 0)
		panic("looutput: no packet header");
	if (dst->sa_family != AF_INET) {
		IFNET_STAT_INC(ifp, oerrors, 1);
		m_freem(m);
		return (EAFNOSUPPORT);
	}
	len = m->m_pkthdr.len;
	m->m_pkthdr.rcvif = ifp;
	m->m_flags &= ~(M_BCAST | M_MCAST);
	IFNET_STAT_INC(ifp, opackets, 1);
	IFNET_STAT_INC(ifp, obytes, len);
	if (netisr_direct_active()) {
		IFNET_STAT_INC(ifp, ipackets, 1);
		IFNET_STAT_INC(ifp, ibytes, len);
		netisr_dispatch(NETISR_IP, m);
		return (0);
	}
	if (netisr_defer_active()) {
		IFNET_STAT_INC(ifp, ipackets, 1);
		IFNET_STAT_INC(ifp, ibytes, len);
		netisr_defer(NETISR_IP, m);
		return (0);
	}
	if (netisr_queue(NETISR_IP, m) != 0) {
		IFNET_STAT_INC(ifp, iqdrops, 1);
		return (ENOBUFS);
	}
	IFNET_STAT_INC(ifp, ipackets, 1);
	IFNET_STAT_INC(ifp, ibytes, len);
	return (0);
}

static void
lostart(struct ifnet *ifp __unused)
{
	/* looutput never queues on if_snd. */
}

static int
loioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ifreq *ifr = (struct ifreq *)data;

	switch (cmd) {
	case SIOCSIFFLAGS:
		return (0);
	case SIOCSIFMTU:
		ifp->if_mtu = (u_int)ifr->ifr_mtu;
		return (0);
	}
	return (EINVAL);
}

static void
loopattach(void *arg __unused)
{
	struct ifnet *ifp = &loif_store;
	struct in_addr addr, mask, brd;

	if_initname(ifp, "lo", 0);
	ifp->if_type = IFT_LOOP;
	ifp->if_mtu = LOMTU;
	ifp->if_flags = IFF_LOOPBACK | IFF_MULTICAST | IFF_RUNNING;
	ifp->if_output = looutput;
	ifp->if_start = lostart;
	ifp->if_ioctl = loioctl;
	ifp->if_link_state = LINK_STATE_UP;
	if_attach(ifp);
	loif = ifp;
	if_up(ifp);

	addr.s_addr = htonl(INADDR_LOOPBACK);
	mask.s_addr = htonl(IN_CLASSA_NET);
	brd.s_addr = INADDR_ANY;
	if (in_addprefix(ifp, addr, mask, brd) != 0)
		kprintf("lo0: cannot add 127.0.0.1/8\n");
}
SYSINIT(loopattach, SI_SUB_PROTO_IF, SI_ORDER_FIRST, loopattach, NULL);
