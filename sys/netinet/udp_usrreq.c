/*
 * UDP (RFC 768).  Input from ip_input (a netisr thread): length and
 * checksum checks, then delivery to the socket whose pcb matches best
 * (seed 002's walk, through in_pcblookup's port hash), or to every
 * matching socket for a broadcast; no taker means an ICMP port
 * unreachable.  The user requests run in the socket's netisr thread
 * (so_port) under udbinfo's token: attach/bind/connect/shutdown.  Sends
 * run in the sending thread itself (PR_DIRECT_SEND, see so_pru_send;
 * net.inet.udp.direct_send=0 sends them to the netisr thread instead),
 * under the same token, which is what makes them safe beside the other
 * requests and input: udp_output reads and, for an implicit bind,
 * writes the pcb and the port hash only while holding it, and the pcb
 * cannot be freed under a sender (detach comes from the last close of
 * the socket's file, which no sender can be inside).  The sockbuf lock
 * that sosendudp (UDP's pru_sosend, sys/kern/uipc_socket.c) holds
 * serialises the senders of one socket.  A datagram to one of our
 * addresses is received in the same call (lo0 runs ip_input and
 * udp_input inline for a direct sender), which is why udp_output leaves
 * nothing half done when it calls ip_output.
 * Sending to a new address from an unbound socket binds an ephemeral
 * port first.  A port unreachable about a datagram a connected socket
 * sent becomes ECONNREFUSED on it (udp_ctlinput_unreach).  IP_BOUND_IF
 * names the interface a limited broadcast (255.255.255.255) leaves by,
 * with or without an address or a route on it: how a DHCP client
 * speaks from 0.0.0.0 before it has an address.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/domain.h>
#include <sys/protosw.h>
#include <sys/sysctl.h>
#include <sys/stat.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/udp.h>
#include <netinet/udp_var.h>
#include <machine/atomic.h>

MALLOC_DECLARE(M_SONAME);
struct udpstat udpstat;
struct inpcbinfo udbinfo;
static u_long udp_sendspace = 9216;		/* largest datagram */
static u_long udp_recvspace = 42080;		/* about 40 1 KiB ones */
static int udp_cksum = 1;			/* checksum what we send */

SYSCTL_DECL(_net_inet);
SYSCTL_NODE(_net_inet, IPPROTO_UDP, udp, CTLFLAG_RW, 0, "UDP");
SYSCTL_STRUCT(_net_inet_udp, OID_AUTO, stats, CTLFLAG_RD, &udpstat,
    udpstat, "UDP statistics (struct udpstat)");
SYSCTL_ULONG(_net_inet_udp, OID_AUTO, maxdgram, CTLFLAG_RW,
    &udp_sendspace, 0, "largest datagram sent");
SYSCTL_ULONG(_net_inet_udp, OID_AUTO, recvspace, CTLFLAG_RW,
    &udp_recvspace, 0, "receive buffer size");
SYSCTL_INT(_net_inet_udp, OID_AUTO, checksum, CTLFLAG_RW, &udp_cksum, 0,
    "compute checksums on output");

/*
 * net.inet.udp.direct_send: 1 (the default) runs sends in the sending
 * thread, 0 in the socket's netisr thread as every other request.  It
 * sets PR_DIRECT_SEND in UDP's protosw, which so_pru_send reads once
 * per send; kept for comparison and as a way back.
 */
static int
udp_sysctl_direct_send(SYSCTL_HANDLER_ARGS)
{
	return (sysctl_protosw_flag(req, PF_INET, IPPROTO_UDP, SOCK_DGRAM,
	    PR_DIRECT_SEND));
}
SYSCTL_PROC(_net_inet_udp, OID_AUTO, direct_send, CTLTYPE_INT | CTLFLAG_RW,
    NULL, 0, udp_sysctl_direct_send, "I",
    "run sends in the sending thread (0: in the netisr thread)");

#define UDP_ENTER()	lwkt_gettoken(&udbinfo.ipi_token)
#define UDP_LEAVE()	lwkt_reltoken(&udbinfo.ipi_token)

/* ---- Input --------------------------------------------------------- */

/*
 * Queue the datagram payload m (headers already gone) with the sender's
 * address on so's receive buffer.  Consumes m.
 */
static void
udp_append(struct socket *so, struct mbuf *m, struct in_addr src,
    uint16_t sport)
{
	struct sockaddr_in from;

	memset(&from, 0, sizeof(from));
	from.sin_len = sizeof(from);
	from.sin_family = AF_INET;
	from.sin_addr = src;
	from.sin_port = sport;
	lwkt_gettoken(&so->so_rcv.ssb_token);
	if ((so->so_state & SS_CANTRCVMORE) ||
	    ssb_space(&so->so_rcv) < m->m_pkthdr.len ||
	    !sbappendaddr(&so->so_rcv.sb, (struct sockaddr *)&from, m,
	    NULL)) {
		lwkt_reltoken(&so->so_rcv.ssb_token);
		UDPSTAT_INC(udps_fullsock);
		m_freem(m);
		return;
	}
	lwkt_reltoken(&so->so_rcv.ssb_token);
	UDPSTAT_INC(udps_delivered);
	sorwakeup(so);
}

void
udp_input(struct mbuf *m, int hlen)
{
	struct ip *ip;
	struct udphdr *uh;
	struct inpcb *inp, *last;
	struct mbuf *n;
	struct in_addr src, dst;
	uint16_t sport, dport;
	int len, iplen;
	uint32_t sum;

	UDPSTAT_INC(udps_ipackets);
	if (m->m_pkthdr.len < hlen + (int)sizeof(struct udphdr)) {
		UDPSTAT_INC(udps_hdrops);
		goto bad;
	}
	if (m->m_len < hlen + (int)sizeof(struct udphdr) &&
	    (m = m_pullup(m, hlen + sizeof(struct udphdr))) == NULL) {
		UDPSTAT_INC(udps_hdrops);
		return;
	}
	ip = mtod(m, struct ip *);
	uh = (struct udphdr *)((caddr_t)ip + hlen);
	iplen = ntohs(ip->ip_len) - hlen;
	len = ntohs(uh->uh_ulen);
	if (len < (int)sizeof(*uh) || len > iplen) {
		UDPSTAT_INC(udps_badlen);
		goto bad;
	}
	if (len < iplen) {
		/* Trailing bytes after the datagram: drop them. */
		m_adj(m, len - iplen);
		ip->ip_len = htons((uint16_t)(hlen + len));
	}
	if (uh->uh_sum != 0) {
		if ((m->m_pkthdr.csum_flags & (CSUM_DATA_VALID |
		    CSUM_PSEUDO_HDR)) == (CSUM_DATA_VALID | CSUM_PSEUDO_HDR) &&
		    m->m_pkthdr.csum_data == 0xffff) {
			sum = 0;
		} else {
			/* The sum of pseudo header and datagram must fold
			   to all ones. */
			uint16_t ph = in_pseudo(ip->ip_src.s_addr,
			    ip->ip_dst.s_addr,
			    htonl((uint32_t)len + IPPROTO_UDP));
			uint16_t dsum = (uint16_t)~in_cksum_skip(m, len, hlen);
			uint32_t s = (uint32_t)ntohs(ph) + ntohs(dsum);

			s = (s & 0xffff) + (s >> 16);
			sum = (s == 0xffff) ? 0 : 1;
		}
		if (sum != 0) {
			UDPSTAT_INC(udps_badsum);
			goto bad;
		}
	} else {
		UDPSTAT_INC(udps_nosum);
	}
	src = ip->ip_src;
	dst = ip->ip_dst;
	sport = uh->uh_sport;
	dport = uh->uh_dport;

	if (m->m_flags & (M_BCAST | M_MCAST) ||
	    IN_MULTICAST(ntohl(dst.s_addr))) {
		/* Every socket bound to the port (and fitting) gets one. */
		m_adj(m, hlen + (int)sizeof(*uh));
		UDP_ENTER();
		last = NULL;
		LIST_FOREACH(inp, &udbinfo.ipi_listhead, inp_list) {
			if (inp->inp_lport != dport)
				continue;
			if (inp->inp_laddr.s_addr != INADDR_ANY &&
			    inp->inp_laddr.s_addr != dst.s_addr)
				continue;
			if (inp->inp_faddr.s_addr != INADDR_ANY &&
			    (inp->inp_faddr.s_addr != src.s_addr ||
			    inp->inp_fport != sport))
				continue;
			if (last != NULL &&
			    (n = m_copypacket(m, M_NOWAIT)) != NULL)
				udp_append(last->inp_socket, n, src, sport);
			last = inp;
		}
		if (last == NULL) {
			UDP_LEAVE();
			UDPSTAT_INC(udps_noportbcast);
			m_freem(m);
			return;
		}
		udp_append(last->inp_socket, m, src, sport);
		UDP_LEAVE();
		return;
	}

	UDP_ENTER();
	inp = in_pcblookup(&udbinfo, src, sport, dst, dport, true);
	if (inp == NULL) {
		UDP_LEAVE();
		UDPSTAT_INC(udps_noport);
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0);
		return;
	}
	m_adj(m, hlen + (int)sizeof(*uh));
	udp_append(inp->inp_socket, m, src, sport);
	UDP_LEAVE();
	return;
bad:
	m_freem(m);
}

/*
 * An ICMP unreachable about a datagram we sent (icmp_input decoded it:
 * oip the quoted IP header, l4 the first 8 bytes of our UDP header): a
 * connected socket that sent it learns error (ECONNREFUSED for port or
 * protocol unreachable, else EHOSTUNREACH).
 */
void
udp_ctlinput_unreach(const struct ip *oip, const void *l4, int error)
{
	struct udphdr uh;
	struct inpcb *inp;
	struct socket *so;

	memcpy(&uh, l4, sizeof(uh));
	UDP_ENTER();
	inp = in_pcblookup(&udbinfo, oip->ip_dst, uh.uh_dport, oip->ip_src,
	    uh.uh_sport, false);
	if (inp != NULL && (inp->inp_flags & INP_CONNECTED)) {
		so = inp->inp_socket;
		so->so_error = error;
		sorwakeup(so);
		sowwakeup(so);
	}
	UDP_LEAVE();
}

/* ---- Output -------------------------------------------------------- */

/*
 * The route of a limited broadcast from a socket with IP_BOUND_IF: out of
 * that interface, from its first address or from 0.0.0.0 when it has
 * none yet (RFC 2131 4.1: a client without an address sends from 0).
 * The routing table is not consulted, since an unconfigured host has
 * no route at all.
 */
static int
udp_boundif_route(struct inpcb *inp, struct route *ro)
{
	struct ifnet *ifp;
	struct in_ifaddr *ia;

	memset(ro, 0, sizeof(*ro));
	lwkt_gettoken(&ifnet_token);
	ifp = ifindex2ifnet(inp->inp_bound_if);
	if (ifp != NULL && (ia = in_ifaddr_for(ifp)) != NULL)
		ro->ro_src = ia->ia_addr.sin_addr;
	lwkt_reltoken(&ifnet_token);
	if (ifp == NULL)
		return (ENXIO);		/* the interface went away */
	ro->ro_ifp = ifp;
	ro->ro_dst.s_addr = INADDR_BROADCAST;
	ro->ro_nexthop = ro->ro_dst;
	return (0);
}

static int
udp_output(struct inpcb *inp, struct mbuf *m, struct sockaddr *addr)
{
	struct socket *so = inp->inp_socket;
	const struct sockaddr_in *sin;
	struct udpiphdr {
		struct ip	ip;
		struct udphdr	uh;
	} *ui;
	struct in_addr faddr, laddr;
	struct route bro, *rop = NULL;
	uint16_t fport;
	int len = m->m_pkthdr.len, error, flags = 0;

	if (len + sizeof(*ui) > IP_MAXPACKET) {
		m_freem(m);
		return (EMSGSIZE);
	}
	if (addr != NULL) {
		sin = (const struct sockaddr_in *)addr;
		if (addr->sa_len < sizeof(*sin)) {
			m_freem(m);
			return (EINVAL);
		}
		if (sin->sin_family != AF_INET) {
			m_freem(m);
			return (EAFNOSUPPORT);
		}
		if (inp->inp_flags & INP_CONNECTED) {
			m_freem(m);
			return (EISCONN);
		}
		if (sin->sin_port == 0) {
			m_freem(m);
			return (EADDRNOTAVAIL);
		}
		faddr = sin->sin_addr;
		if (faddr.s_addr == INADDR_ANY)
			faddr.s_addr = htonl(INADDR_LOOPBACK);
		fport = sin->sin_port;
		if (inp->inp_lport == 0) {
			error = in_pcbbind(inp, NULL, NULL);
			if (error != 0) {
				m_freem(m);
				return (error);
			}
		}
		if (faddr.s_addr == INADDR_BROADCAST &&
		    inp->inp_bound_if != 0) {
			error = udp_boundif_route(inp, &bro);
			if (error != 0) {
				m_freem(m);
				return (error);
			}
			rop = &bro;
			laddr = inp->inp_laddr.s_addr != INADDR_ANY ?
			    inp->inp_laddr : bro.ro_src;
		} else {
			error = in_pcbladdr(inp, sin, &laddr);
			if (error != 0) {
				m_freem(m);
				return (error);
			}
			if (faddr.s_addr == INADDR_BROADCAST &&
			    inp->inp_laddr.s_addr == INADDR_ANY)
				laddr.s_addr = INADDR_ANY; /* from the route */
		}
	} else {
		if ((inp->inp_flags & INP_CONNECTED) == 0) {
			m_freem(m);
			return (ENOTCONN);
		}
		faddr = inp->inp_faddr;
		fport = inp->inp_fport;
		laddr = inp->inp_laddr;
	}

	M_PREPEND(m, sizeof(*ui), M_NOWAIT);
	if (m == NULL)
		return (ENOBUFS);
	if (m->m_len < (int)sizeof(*ui) &&
	    (m = m_pullup(m, sizeof(*ui))) == NULL)
		return (ENOBUFS);
	ui = mtod(m, struct udpiphdr *);
	memset(&ui->ip, 0, sizeof(ui->ip));
	ui->ip.ip_v = IPVERSION;
	ui->ip.ip_hl = sizeof(struct ip) >> 2;
	ui->ip.ip_len = htons((uint16_t)(sizeof(*ui) + len));
	ui->ip.ip_ttl = inp->inp_ip_ttl;
	ui->ip.ip_tos = inp->inp_ip_tos;
	ui->ip.ip_p = IPPROTO_UDP;
	ui->ip.ip_src = laddr;
	ui->ip.ip_dst = faddr;
	ui->uh.uh_sport = inp->inp_lport;
	ui->uh.uh_dport = fport;
	ui->uh.uh_ulen = htons((uint16_t)(sizeof(struct udphdr) + len));
	ui->uh.uh_sum = 0;
	if (udp_cksum) {
		struct route ro;
		struct in_addr src = laddr;

		/* The checksum covers the source, so pick it now. */
		if (src.s_addr == INADDR_ANY && rop == NULL) {
			if (in_ouraddr(faddr))
				src = faddr;
			else if (rtlookup(faddr, &ro) == 0)
				src = ro.ro_src;
			ui->ip.ip_src = src;
		}
		/* The rest in ip_output() or the interface (CSUM_UDP). */
		ui->uh.uh_sum = in_pseudo(src.s_addr, faddr.s_addr,
		    htonl((uint32_t)(sizeof(struct udphdr) + len) +
		    IPPROTO_UDP));
		m->m_pkthdr.csum_flags = CSUM_UDP;
	}
	if (so->so_options & SO_BROADCAST)
		flags |= IP_ALLOWBROADCAST;
	UDPSTAT_INC(udps_opackets);
	return (ip_output(m, NULL, rop, flags, inp));
}

/*
 * ---- User requests -------------------------------------------------
 * In the socket's netisr thread, except udp_send, which runs in the
 * sending thread too (see the top of the file).
 */

static void
udp_attach(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	int error;

	UDP_ENTER();
	if (sotoinpcb(so) != NULL) {
		error = EISCONN;
		goto out;
	}
	error = soreserve(so, udp_sendspace, udp_recvspace);
	if (error == 0)
		error = in_pcballoc(so, &udbinfo);
out:
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_detach(netmsg_t msg)
{
	struct inpcb *inp;
	int error = 0;

	UDP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL)
		error = EINVAL;
	else
		in_pcbdetach(inp);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_bind(netmsg_t msg)
{
	struct inpcb *inp;
	int error;

	UDP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	error = (inp == NULL) ? EINVAL :
	    in_pcbbind(inp, msg->bind.nm_nam, msg->bind.nm_td);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_connect(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct inpcb *inp;
	int error;

	UDP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL)
		error = EINVAL;
	else if (inp->inp_flags & INP_CONNECTED)
		error = EISCONN;
	else if (msg->connect.nm_nam->sa_family == AF_UNSPEC)
		error = 0;	/* soconnect() disconnected: that was all */
	else if ((error = in_pcbconnect(inp, msg->connect.nm_nam,
	    msg->connect.nm_td)) == 0)
		soisconnected(so);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_disconnect(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct inpcb *inp;
	int error = 0;

	UDP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL) {
		error = EINVAL;
	} else if ((inp->inp_flags & INP_CONNECTED) == 0) {
		error = ENOTCONN;
	} else {
		in_pcbdisconnect(inp);
		/* A datagram socket may send and connect again. */
		atomic_clear_int(&so->so_state, SS_ISCONNECTED);
	}
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_send(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct mbuf *m = msg->send.nm_m;
	struct sockaddr *addr = msg->send.nm_addr;
	struct inpcb *inp;
	int error;

	if (msg->send.nm_control != NULL) {
		m_freem(msg->send.nm_control);
		msg->send.nm_control = NULL;
	}
	UDP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL) {
		m_freem(m);
		error = EINVAL;
	} else {
		error = udp_output(inp, m, addr);
	}
	UDP_LEAVE();
	if (msg->send.nm_flags & PRUS_NAMALLOC)
		kfree(addr, M_SONAME);
	/* Asynchronous sends are freed by their reply port. */
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_shutdown(netmsg_t msg)
{
	socantsendmore(msg->base.nm_so);
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
udp_abort(netmsg_t msg)
{
	struct inpcb *inp;

	UDP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp != NULL)
		in_pcbdetach(inp);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, inp != NULL ? 0 : EINVAL);
}

static void
udp_sockaddr(netmsg_t msg)
{
	int error;

	UDP_ENTER();
	error = in_setsockaddr(msg->base.nm_so, msg->sockaddr.nm_nam);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_peeraddr(netmsg_t msg)
{
	int error;

	UDP_ENTER();
	error = in_setpeeraddr(msg->base.nm_so, msg->peeraddr.nm_nam);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
udp_sense(netmsg_t msg)
{
	msg->sense.nm_stat->st_blksize = (int32_t)
	    msg->base.nm_so->so_snd.ssb_hiwat;
	lwkt_replymsg(&msg->base.lmsg, 0);
}

/*
 * IP_BOUND_IF: an interface index (0 clears it).  The index must name an
 * interface now; if that interface goes away later, sending a broadcast
 * fails with ENXIO rather than leaving by whatever took its index.
 */
static int
udp_ctloutput_boundif(struct inpcb *inp, struct sockopt *sopt)
{
	int error, optval;
	bool exists;

	if (sopt->sopt_dir != SOPT_SET) {
		optval = inp->inp_bound_if;
		return (sooptcopyout(sopt, &optval, sizeof(optval)));
	}
	error = sooptcopyin(sopt, &optval, sizeof(optval), sizeof(optval));
	if (error != 0)
		return (error);
	if (optval < 0)
		return (EINVAL);
	if (optval != 0) {
		lwkt_gettoken(&ifnet_token);
		exists = ifindex2ifnet(optval) != NULL;
		lwkt_reltoken(&ifnet_token);
		if (!exists)
			return (ENXIO);
	}
	inp->inp_bound_if = optval;
	return (0);
}

void
udp_ctloutput(netmsg_t msg)
{
	struct sockopt *sopt = msg->ctloutput.nm_sopt;
	struct inpcb *inp;
	int error;

	UDP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL)
		error = ECONNRESET;
	else if (sopt->sopt_level != IPPROTO_IP)
		error = (sopt->sopt_level == SOL_SOCKET) ? 0 : ENOPROTOOPT;
	else if (sopt->sopt_name == IP_BOUND_IF)
		error = udp_ctloutput_boundif(inp, sopt);
	else
		error = in_ctloutput_ip(inp, sopt);
	UDP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static int
udp_pcblist(SYSCTL_HANDLER_ARGS)
{
	return (in_pcblist(&udbinfo, req, NULL));
}
SYSCTL_PROC(_net_inet_udp, OID_AUTO, pcblist, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, udp_pcblist, "S,xinpcb", "UDP sockets");

struct pr_usrreqs udp_usrreqs = {
	.pru_abort = udp_abort,
	.pru_accept = pr_generic_notsupp,
	.pru_attach = udp_attach,
	.pru_bind = udp_bind,
	.pru_connect = udp_connect,
	.pru_connect2 = pr_generic_notsupp,
	.pru_control = pr_generic_notsupp,
	.pru_detach = udp_detach,
	.pru_disconnect = udp_disconnect,
	.pru_listen = pr_generic_notsupp,
	.pru_peeraddr = udp_peeraddr,
	.pru_rcvd = pr_generic_notsupp,
	.pru_rcvoob = pr_generic_notsupp,
	.pru_send = udp_send,
	.pru_sense = udp_sense,
	.pru_shutdown = udp_shutdown,
	.pru_sockaddr = udp_sockaddr,
	.pru_sosend = sosendudp,
	.pru_soreceive = soreceive,
};

void
udp_init(void)
{
	in_pcbinfo_init(&udbinfo, "udp");
}
