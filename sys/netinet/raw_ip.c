/*
 * Raw IP sockets (SOCK_RAW): root-only sockets that send and receive
 * whole IP datagrams of one protocol, ping's ICMP socket above all.
 * Input: ip_input hands every datagram of a protocol with no transport
 * here (rip_input_noproto, which answers protocol unreachable when no
 * raw socket took it), and ICMP hands every message here after its own
 * processing; each matching socket gets a copy with the IP header.
 * Output: the data is the payload, or with IP_HDRINCL the whole
 * datagram, whose header is checked before it goes out.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/sysctl.h>
#include <sys/caps.h>
#include <sys/stat.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>

MALLOC_DECLARE(M_SONAME);
struct inpcbinfo ripcbinfo;
static u_long rip_sendspace = 9216;
static u_long rip_recvspace = 9216 * 4;

#define RIP_ENTER()	lwkt_gettoken(&ripcbinfo.ipi_token)
#define RIP_LEAVE()	lwkt_reltoken(&ripcbinfo.ipi_token)

SYSCTL_DECL(_net_inet);
SYSCTL_NODE(_net_inet, IPPROTO_RAW, raw, CTLFLAG_RW, 0, "raw IP");

static bool
rip_append(struct socket *so, struct mbuf *m, struct in_addr src)
{
	struct sockaddr_in from;

	memset(&from, 0, sizeof(from));
	from.sin_len = sizeof(from);
	from.sin_family = AF_INET;
	from.sin_addr = src;
	lwkt_gettoken(&so->so_rcv.ssb_token);
	if (ssb_space(&so->so_rcv) < m->m_pkthdr.len ||
	    !sbappendaddr(&so->so_rcv.sb, (struct sockaddr *)&from, m,
	    NULL)) {
		lwkt_reltoken(&so->so_rcv.ssb_token);
		m_freem(m);
		return (false);
	}
	lwkt_reltoken(&so->so_rcv.ssb_token);
	sorwakeup(so);
	return (true);
}

/* Deliver to every matching raw socket; true if any took it. */
static bool
rip_deliver(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);
	struct inpcb *inp, *last = NULL;
	struct mbuf *n;
	struct in_addr src = ip->ip_src;
	bool taken = false;

	RIP_ENTER();
	LIST_FOREACH(inp, &ripcbinfo.ipi_listhead, inp_list) {
		if (inp->inp_ip_p != 0 && inp->inp_ip_p != ip->ip_p)
			continue;
		if (inp->inp_laddr.s_addr != INADDR_ANY &&
		    inp->inp_laddr.s_addr != ip->ip_dst.s_addr)
			continue;
		if (inp->inp_faddr.s_addr != INADDR_ANY &&
		    inp->inp_faddr.s_addr != ip->ip_src.s_addr)
			continue;
		if (last != NULL && (n = m_copypacket(m, M_NOWAIT)) != NULL)
			taken |= rip_append(last->inp_socket, n, src);
		last = inp;
	}
	if (last != NULL)
		taken |= rip_append(last->inp_socket, m, src);
	else
		m_freem(m);
	RIP_LEAVE();
	return (taken || last != NULL);
}

void
rip_input(struct mbuf *m, int hlen __unused)
{
	(void)rip_deliver(m);
}

void	rip_input_noproto(struct mbuf *m, int hlen);

void
rip_input_noproto(struct mbuf *m, int hlen __unused)
{
	struct mbuf *copy;

	/* Keep a copy for the unreachable report if nobody wants it. */
	copy = m_copym(m, 0, M_COPYALL, M_NOWAIT);
	if (rip_deliver(m)) {
		if (copy != NULL)
			m_freem(copy);
		return;
	}
	IPSTAT_INC(ips_noproto);
	if (copy != NULL)
		icmp_error(copy, ICMP_UNREACH, ICMP_UNREACH_PROTOCOL, 0, 0);
}

static int
rip_output(struct inpcb *inp, struct mbuf *m, struct sockaddr *addr)
{
	struct socket *so = inp->inp_socket;
	const struct sockaddr_in *sin;
	struct in_addr dst;
	struct ip *ip;
	int len = m->m_pkthdr.len, flags = 0;

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
		dst = sin->sin_addr;
	} else if (inp->inp_flags & INP_CONNECTED) {
		dst = inp->inp_faddr;
	} else {
		m_freem(m);
		return (ENOTCONN);
	}
	if (so->so_options & SO_BROADCAST)
		flags |= IP_ALLOWBROADCAST;

	if ((inp->inp_flags & INP_HDRINCL) == 0) {
		if (len + (int)sizeof(struct ip) > IP_MAXPACKET) {
			m_freem(m);
			return (EMSGSIZE);
		}
		M_PREPEND(m, sizeof(struct ip), M_NOWAIT);
		if (m == NULL)
			return (ENOBUFS);
		ip = mtod(m, struct ip *);
		memset(ip, 0, sizeof(*ip));
		ip->ip_len = htons((uint16_t)m->m_pkthdr.len);
		ip->ip_ttl = inp->inp_ip_ttl;
		ip->ip_tos = inp->inp_ip_tos;
		ip->ip_p = inp->inp_ip_p;
		ip->ip_src = inp->inp_laddr;
		ip->ip_dst = dst;
		return (ip_output(m, NULL, NULL, flags, inp));
	}
	/* The user's header: believe nothing. */
	if (len < (int)sizeof(struct ip) || len > IP_MAXPACKET) {
		m_freem(m);
		return (EINVAL);
	}
	if (m->m_len < (int)sizeof(struct ip) &&
	    (m = m_pullup(m, sizeof(struct ip))) == NULL)
		return (ENOBUFS);
	ip = mtod(m, struct ip *);
	if (ip->ip_v != IPVERSION || (ip->ip_hl << 2) < (int)sizeof(*ip) ||
	    (ip->ip_hl << 2) > len || ntohs(ip->ip_len) != len) {
		m_freem(m);
		return (EINVAL);
	}
	if ((ip->ip_hl << 2) > m->m_len &&
	    (m = m_pullup(m, ip->ip_hl << 2)) == NULL)
		return (ENOBUFS);
	ip = mtod(m, struct ip *);
	if (ip->ip_src.s_addr != INADDR_ANY && !in_ouraddr(ip->ip_src)) {
		m_freem(m);
		return (EADDRNOTAVAIL);
	}
	return (ip_output(m, NULL, NULL, flags | IP_RAWOUTPUT, inp));
}

static void
rip_attach(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct pru_attach_info *ai = msg->attach.nm_ai;
	int error, proto = msg->attach.nm_proto;

	error = caps_priv_check(ai->p_ucred, SYSCAP_NONET_RAW);
	if (error != 0)
		goto reply;
	if (proto < 0 || proto >= IPPROTO_MAX) {
		error = EPROTONOSUPPORT;
		goto reply;
	}
	RIP_ENTER();
	if (sotoinpcb(so) != NULL) {
		error = EISCONN;
	} else {
		error = soreserve(so, rip_sendspace, rip_recvspace);
		if (error == 0)
			error = in_pcballoc(so, &ripcbinfo);
		if (error == 0) {
			sotoinpcb(so)->inp_ip_p = (uint8_t)proto;
			if (proto == IPPROTO_RAW)
				sotoinpcb(so)->inp_flags |= INP_HDRINCL;
		}
	}
	RIP_LEAVE();
reply:
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_detach(netmsg_t msg)
{
	struct inpcb *inp;

	RIP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp != NULL) {
		/* Raw pcbs are never on the port hash. */
		inp->inp_lport = 0;
		in_pcbdetach(inp);
	}
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, inp != NULL ? 0 : EINVAL);
}

static void
rip_bind(netmsg_t msg)
{
	const struct sockaddr_in *sin =
	    (const struct sockaddr_in *)msg->bind.nm_nam;
	struct inpcb *inp;
	int error = 0;

	RIP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL)
		error = EINVAL;
	else if (msg->bind.nm_nam->sa_len < sizeof(*sin))
		error = EINVAL;
	else if (sin->sin_family != AF_INET)
		error = EAFNOSUPPORT;
	else if (sin->sin_addr.s_addr != INADDR_ANY &&
	    !in_ouraddr(sin->sin_addr))
		error = EADDRNOTAVAIL;
	else
		inp->inp_laddr = sin->sin_addr;
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_connect(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	const struct sockaddr_in *sin =
	    (const struct sockaddr_in *)msg->connect.nm_nam;
	struct inpcb *inp;
	int error = 0;

	RIP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL)
		error = EINVAL;
	else if (msg->connect.nm_nam->sa_len < sizeof(*sin))
		error = EINVAL;
	else if (sin->sin_family != AF_INET)
		error = EAFNOSUPPORT;
	else {
		inp->inp_faddr = sin->sin_addr;
		inp->inp_flags |= INP_CONNECTED;
		soisconnected(so);
	}
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_disconnect(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct inpcb *inp;
	int error = 0;

	RIP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL || (inp->inp_flags & INP_CONNECTED) == 0) {
		error = ENOTCONN;
	} else {
		inp->inp_faddr.s_addr = INADDR_ANY;
		inp->inp_flags &= ~INP_CONNECTED;
		atomic_clear_int(&so->so_state, SS_ISCONNECTED);
	}
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_send(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct sockaddr *addr = msg->send.nm_addr;
	struct inpcb *inp;
	int error;

	if (msg->send.nm_control != NULL)
		m_freem(msg->send.nm_control);
	RIP_ENTER();
	inp = sotoinpcb(so);
	if (inp == NULL) {
		m_freem(msg->send.nm_m);
		error = EINVAL;
	} else {
		error = rip_output(inp, msg->send.nm_m, addr);
	}
	RIP_LEAVE();
	if (msg->send.nm_flags & PRUS_NAMALLOC)
		kfree(addr, M_SONAME);
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_shutdown(netmsg_t msg)
{
	socantsendmore(msg->base.nm_so);
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
rip_sockaddr(netmsg_t msg)
{
	int error;

	RIP_ENTER();
	error = in_setsockaddr(msg->base.nm_so, msg->sockaddr.nm_nam);
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_peeraddr(netmsg_t msg)
{
	int error;

	RIP_ENTER();
	error = in_setpeeraddr(msg->base.nm_so, msg->peeraddr.nm_nam);
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
rip_sense(netmsg_t msg)
{
	lwkt_replymsg(&msg->base.lmsg, 0);
}

void
rip_ctloutput(netmsg_t msg)
{
	struct sockopt *sopt = msg->ctloutput.nm_sopt;
	struct inpcb *inp;
	int error;

	RIP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL)
		error = ECONNRESET;
	else if (sopt->sopt_level != IPPROTO_IP)
		error = (sopt->sopt_level == SOL_SOCKET) ? 0 : ENOPROTOOPT;
	else
		error = in_ctloutput_ip(inp, sopt);
	RIP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static int
rip_pcblist(SYSCTL_HANDLER_ARGS)
{
	return (in_pcblist(&ripcbinfo, req, NULL));
}
SYSCTL_PROC(_net_inet_raw, OID_AUTO, pcblist, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, rip_pcblist, "S,xinpcb", "raw IP sockets");

struct pr_usrreqs rip_usrreqs = {
	.pru_abort = rip_detach,
	.pru_accept = pr_generic_notsupp,
	.pru_attach = rip_attach,
	.pru_bind = rip_bind,
	.pru_connect = rip_connect,
	.pru_connect2 = pr_generic_notsupp,
	.pru_control = pr_generic_notsupp,
	.pru_detach = rip_detach,
	.pru_disconnect = rip_disconnect,
	.pru_listen = pr_generic_notsupp,
	.pru_peeraddr = rip_peeraddr,
	.pru_rcvd = pr_generic_notsupp,
	.pru_rcvoob = pr_generic_notsupp,
	.pru_send = rip_send,
	.pru_sense = rip_sense,
	.pru_shutdown = rip_shutdown,
	.pru_sockaddr = rip_sockaddr,
	.pru_sosend = sosend,
	.pru_soreceive = soreceive,
};

void
rip_init(void)
{
	in_pcbinfo_init(&ripcbinfo, "raw");
}
