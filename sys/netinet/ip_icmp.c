/*
 * ICMP.  icmp_input() (from ip_input in a netisr thread) checks length
 * and checksum, answers echo requests addressed to us (never broadcast
 * ones), passes destination-unreachable reports to the transport that
 * sent the offending datagram (UDP turns port-unreachable into
 * ECONNREFUSED on a connected socket), and gives every message to the
 * raw ICMP sockets (ping).  icmp_error() builds the error messages the
 * stack sends (port and protocol unreachable, reassembly time exceeded)
 * under a token-bucket rate limit (net.inet.icmp.errlimit per second),
 * never about an ICMP error, a non-first fragment, or a broadcast.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/udp.h>
#include <netinet/udp_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>

struct icmpstat icmpstat;
static int icmp_errlimit = 200;		/* errors per second */
static struct {
	uint64_t	second;		/* ticks / hz of the window */
	int		count;		/* errors sent in it */
} icmp_rate;

SYSCTL_DECL(_net_inet);
SYSCTL_NODE(_net_inet, IPPROTO_ICMP, icmp, CTLFLAG_RW, 0, "ICMP");
SYSCTL_STRUCT(_net_inet_icmp, OID_AUTO, stats, CTLFLAG_RD, &icmpstat,
    icmpstat, "ICMP statistics (struct icmpstat)");
SYSCTL_INT(_net_inet_icmp, OID_AUTO, errlimit, CTLFLAG_RW, &icmp_errlimit,
    0, "ICMP errors sent per second at most");

/* One second windows; racy across CPUs by at most a few messages. */
static bool
icmp_ratelimit(void)
{
	uint64_t now = ticks / (uint64_t)hz;

	if (icmp_rate.second != now) {
		icmp_rate.second = now;
		icmp_rate.count = 0;
	}
	if (icmp_errlimit > 0 && icmp_rate.count >= icmp_errlimit) {
		ICMPSTAT_INC(icps_ratelimited);
		return (true);
	}
	icmp_rate.count++;
	return (false);
}

/* Send an ICMP message whose mbuf starts with the ICMP header. */
static void
icmp_send(struct mbuf *m, struct in_addr src, struct in_addr dst)
{
	struct icmp *icp = mtod(m, struct icmp *);
	struct ip *ip;
	int type = icp->icmp_type;

	icp->icmp_cksum = 0;
	icp->icmp_cksum = (uint16_t)in_cksum(m, m->m_pkthdr.len);
	M_PREPEND(m, sizeof(struct ip), M_NOWAIT);
	if (m == NULL)
		return;
	ip = mtod(m, struct ip *);
	memset(ip, 0, sizeof(*ip));
	ip->ip_v = IPVERSION;
	ip->ip_hl = sizeof(*ip) >> 2;
	ip->ip_len = htons((uint16_t)m->m_pkthdr.len);
	ip->ip_ttl = (uint8_t)ip_defttl;
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_src = src;
	ip->ip_dst = dst;
	if (type < ICMP_NTYPES)
		ICMPSTAT_INC(icps_outhist[type]);
	(void)ip_output(m, NULL, NULL, 0, NULL);
}

/*
 * Report a problem with the datagram m (IP header first) to its sender.
 * Consumes m.
 */
void
icmp_error(struct mbuf *n, int type, int code, uint32_t dest __unused,
    int mtu)
{
	struct ip *oip = mtod(n, struct ip *);
	struct icmp *icp;
	struct mbuf *m;
	struct in_addr src;
	struct route ro;
	int ohlen = oip->ip_hl << 2, icmplen;

	ICMPSTAT_INC(icps_error);
	/* Not about fragments but the first, nor broadcasts. */
	if ((ntohs(oip->ip_off) & IP_OFFMASK) != 0 ||
	    (n->m_flags & (M_BCAST | M_MCAST)) ||
	    IN_MULTICAST(ntohl(oip->ip_dst.s_addr)) ||
	    oip->ip_src.s_addr == INADDR_ANY ||
	    oip->ip_src.s_addr == INADDR_BROADCAST)
		goto free;
	/* Never about an ICMP error (but echo and friends are fine). */
	if (oip->ip_p == IPPROTO_ICMP && type != ICMP_REDIRECT) {
		uint8_t otype;

		if (n->m_pkthdr.len < ohlen + ICMP_MINLEN) {
			ICMPSTAT_INC(icps_oldshort);
			goto free;
		}
		m_copydata(n, ohlen, 1, &otype);
		if (!ICMP_INFOTYPE(otype)) {
			ICMPSTAT_INC(icps_oldicmp);
			goto free;
		}
	}
	if (icmp_ratelimit())
		goto free;

	/* The header and the first 8 bytes of the payload (RFC 792). */
	icmplen = MIN(n->m_pkthdr.len, ohlen + 8);
	m = m_gethdr(M_NOWAIT, MT_DATA);
	if (m == NULL)
		goto free;
	m->m_data += max_linkhdr + sizeof(struct ip);
	if (ICMP_MINLEN + icmplen > m_trailingspace(m)) {
		m_freem(m);
		goto free;
	}
	m->m_len = m->m_pkthdr.len = ICMP_MINLEN + icmplen;
	icp = mtod(m, struct icmp *);
	memset(icp, 0, ICMP_MINLEN);
	icp->icmp_type = (uint8_t)type;
	icp->icmp_code = (uint8_t)code;
	if (type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG)
		icp->icmp_nextmtu = htons((uint16_t)mtu);
	m_copydata(n, 0, icmplen, &icp->icmp_ip);

	/* From the address the datagram was sent to if it is ours. */
	if (in_ouraddr(oip->ip_dst))
		src = oip->ip_dst;
	else if (rtlookup(oip->ip_src, &ro) == 0)
		src = ro.ro_src;
	else
		src.s_addr = INADDR_ANY;
	icmp_send(m, src, oip->ip_src);
free:
	m_freem(n);
}

void	rip_input(struct mbuf *m, int hlen);

void
icmp_input(struct mbuf *m, int hlen)
{
	struct ip *ip = mtod(m, struct ip *);
	struct icmp *icp;
	struct mbuf *r;
	struct in_addr src, dst;
	int icmplen = ntohs(ip->ip_len) - hlen, type, code;

	if (icmplen < ICMP_MINLEN) {
		ICMPSTAT_INC(icps_tooshort);
		goto free;
	}
	if (in_cksum_skip(m, icmplen, hlen) != 0) {
		ICMPSTAT_INC(icps_checksum);
		goto free;
	}
	if (m->m_len < hlen + ICMP_MINLEN &&
	    (m = m_pullup(m, hlen + ICMP_MINLEN)) == NULL) {
		ICMPSTAT_INC(icps_tooshort);
		return;
	}
	ip = mtod(m, struct ip *);
	icp = (struct icmp *)((caddr_t)ip + hlen);
	type = icp->icmp_type;
	code = icp->icmp_code;
	if (type < ICMP_NTYPES)
		ICMPSTAT_INC(icps_inhist[type]);

	switch (type) {
	case ICMP_ECHO:
		if (m->m_flags & (M_BCAST | M_MCAST)) {
			ICMPSTAT_INC(icps_bmcastecho);
			break;
		}
		/* Reply with a copy; the original still goes to raw sockets. */
		r = m_dup(m, M_NOWAIT);
		if (r == NULL)
			break;
		src = ip->ip_dst;
		dst = ip->ip_src;
		m_adj(r, hlen);
		if (r->m_len < ICMP_MINLEN &&
		    (r = m_pullup(r, ICMP_MINLEN)) == NULL)
			break;
		mtod(r, struct icmp *)->icmp_type = ICMP_ECHOREPLY;
		ICMPSTAT_INC(icps_reflect);
		icmp_send(r, src, dst);
		break;

	case ICMP_UNREACH:
		if (code > 15) {
			ICMPSTAT_INC(icps_badcode);
			break;
		}
		/* The offending header, with 8 bytes of its payload. */
		if (icmplen < ICMP_ADVLENMIN) {
			ICMPSTAT_INC(icps_badlen);
			break;
		}
		if (m->m_len < hlen + (int)ICMP_ADVLENMIN &&
		    (m = m_pullup(m, hlen + ICMP_ADVLENMIN)) == NULL) {
			ICMPSTAT_INC(icps_badlen);
			return;
		}
		ip = mtod(m, struct ip *);
		icp = (struct icmp *)((caddr_t)ip + hlen);
		if (icp->icmp_ip.ip_hl < 5 ||
		    icmplen < ICMP_MINLEN + (icp->icmp_ip.ip_hl << 2) + 8) {
			ICMPSTAT_INC(icps_badlen);
			break;
		}
		{
			/*
			 * The quoted header and the first 8 bytes of the
			 * transport header (the ports; TCP's sequence
			 * number) are decoded once here for the protocols,
			 * with the error the sender should learn.
			 */
			struct ip oip;
			uint8_t l4[8];
			int error;

			memcpy(&oip, &icp->icmp_ip, sizeof(oip));
			m_copydata(m, hlen + ICMP_MINLEN + (oip.ip_hl << 2),
			    sizeof(l4), l4);
			error = (code == ICMP_UNREACH_PORT ||
			    code == ICMP_UNREACH_PROTOCOL) ? ECONNREFUSED :
			    EHOSTUNREACH;
			if (oip.ip_p == IPPROTO_UDP)
				udp_ctlinput_unreach(&oip, l4, error);
			else if (oip.ip_p == IPPROTO_TCP)
				tcp_ctlinput_unreach(&oip, l4, error);
		}
		break;

	case ICMP_TIMXCEED:
		if (code > 1)
			ICMPSTAT_INC(icps_badcode);
		break;
	}
	rip_input(m, hlen);
	return;
free:
	m_freem(m);
}
