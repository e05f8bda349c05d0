/*
 * IPv4 output.  The transport protocols (UDP, raw IP, ICMP) call
 * ip_output() with a packet whose IP header they filled in (version,
 * length, protocol, TTL, addresses; the source may be 0): raw IP and
 * ICMP in a netisr thread, UDP in the sending thread itself (direct
 * send).  Either way the caller is one that if_detach() waits for (a
 * netisr thread or a netisr direct section), so the interface the route
 * names stays valid while the packet is handed to it.  For a direct
 * sender lo0 runs the input path inline, so ip_output may return after
 * the datagram was delivered (or answered with an ICMP error).  Here: the route is looked up (a destination that is one of our
 * own addresses goes through lo0), the source address chosen, the
 * identification and header checksum set, and the packet either handed
 * to the interface or, when larger than its MTU, cut into fragments
 * (unless DF is set: EMSGSIZE).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <machine/atomic.h>

static uint32_t ip_id_counter;

/*
 * Identification numbers: a counter started from a per-boot value,
 * enough for reassembly at the receiver (RFC 6864 asks only for
 * uniqueness within the reassembly window).
 */
uint16_t
ip_newid(void)
{
	return (htons((uint16_t)atomic_fetchadd_32(&ip_id_counter, 1)));
}

/*
 * Cut m (an IP packet of more than mtu bytes) into fragments that fit.
 * On success *m_frag is the chain of fragments (m_nextpkt links), each
 * with its own header and checksum; m itself is consumed.
 */
int
ip_fragment(struct ip *ip0, struct mbuf **m_frag, int mtu)
{
	struct mbuf *m0 = *m_frag, *m, **mnext, *first = NULL;
	int hlen = ip0->ip_hl << 2, len, off, datalen, fraglen;
	struct ip *ip;
	uint16_t off0 = ntohs(ip0->ip_off);

	datalen = ntohs(ip0->ip_len) - hlen;
	fraglen = (mtu - hlen) & ~7;
	if (fraglen < 8) {
		m_freem(m0);
		return (EMSGSIZE);
	}
	mnext = &first;
	for (off = 0; off < datalen; off += fraglen) {
		len = MIN(fraglen, datalen - off);
		m = m_gethdr(M_NOWAIT, MT_DATA);
		if (m == NULL)
			goto nobufs;
		/* Room for a link header in front of ours. */
		m->m_data += max_linkhdr;
		m->m_len = hlen;
		memcpy(mtod(m, void *), ip0, hlen);
		m->m_next = m_copym(m0, hlen + off, len, M_NOWAIT);
		if (m->m_next == NULL) {
			m_freem(m);
			goto nobufs;
		}
		m->m_pkthdr.len = hlen + len;
		m->m_pkthdr.rcvif = NULL;
		m->m_flags |= m0->m_flags & (M_BCAST | M_MCAST);
		ip = mtod(m, struct ip *);
		ip->ip_len = htons((uint16_t)(hlen + len));
		ip->ip_off = htons((uint16_t)(((off0 & IP_OFFMASK) +
		    off / 8) | (off0 & ~IP_OFFMASK & ~IP_MF) |
		    ((off + len < datalen || (off0 & IP_MF)) ? IP_MF : 0)));
		ip->ip_sum = 0;
		ip->ip_sum = (uint16_t)in_cksum(m, hlen);
		*mnext = m;
		mnext = &m->m_nextpkt;
		IPSTAT_INC(ips_ofragments);
	}
	m_freem(m0);
	*m_frag = first;
	IPSTAT_INC(ips_fragmented);
	return (0);
nobufs:
	while (first != NULL) {
		m = first->m_nextpkt;
		m_freem(first);
		first = m;
	}
	m_freem(m0);
	IPSTAT_INC(ips_odropped);
	return (ENOBUFS);
}

/*
 * Finish in software a TCP or UDP checksum left for the hardware: the
 * checksum field holds the pseudo-header sum, so the complemented sum
 * of the segment from the transport header on is the final value.
 * UDP sends all ones for a zero result (0 means "no checksum").
 */
void
in_delayed_cksum(struct mbuf *m, int hlen)
{
	struct ip *ip = mtod(m, struct ip *);
	int tlen = ntohs(ip->ip_len) - hlen, off;
	uint16_t sum;

	if (m->m_pkthdr.csum_flags & CSUM_TCP)
		off = hlen + offsetof(struct tcphdr, th_sum);
	else
		off = hlen + offsetof(struct udphdr, uh_sum);
	if (tlen < 0 || off + (int)sizeof(sum) > m->m_pkthdr.len)
		return;
	sum = (uint16_t)in_cksum_skip(m, tlen, hlen);
	if (sum == 0 && (m->m_pkthdr.csum_flags & CSUM_UDP))
		sum = 0xffff;
	(void)m_copyback(m, off, sizeof(sum), &sum);
	m->m_pkthdr.csum_flags &= ~(CSUM_TCP | CSUM_UDP);
}

int
ip_output(struct mbuf *m, struct mbuf *opt __unused, struct route *ro0,
    int flags, struct inpcb *inp __unused)
{
	struct ip *ip = mtod(m, struct ip *);
	struct route ro;
	struct ifnet *ifp;
	struct sockaddr_in dst;
	struct mbuf *next;
	int hlen, error = 0, len, hw, csum;

	hlen = ip->ip_hl << 2;
	if ((flags & IP_RAWOUTPUT) == 0) {
		ip->ip_v = IPVERSION;
		ip->ip_hl = sizeof(struct ip) >> 2;
		hlen = sizeof(struct ip);
		ip->ip_off &= htons(IP_DF);
		ip->ip_id = ip_newid();
		IPSTAT_INC(ips_localout);
	} else {
		IPSTAT_INC(ips_rawout);
		if (ip->ip_id == 0)
			ip->ip_id = ip_newid();
	}
	len = m->m_pkthdr.len;
	if (len > IP_MAXPACKET || ntohs(ip->ip_len) != len) {
		m_freem(m);
		IPSTAT_INC(ips_toolong);
		return (EMSGSIZE);
	}

	/* Where to: our own addresses loop back through lo0. */
	if (in_ouraddr(ip->ip_dst) && loif != NULL) {
		memset(&ro, 0, sizeof(ro));
		ro.ro_dst = ip->ip_dst;
		ro.ro_nexthop = ip->ip_dst;
		ro.ro_src = ip->ip_dst;
		ro.ro_ifp = loif;
	} else if (ip->ip_dst.s_addr == INADDR_BROADCAST && ro0 != NULL &&
	    ro0->ro_ifp != NULL) {
		ro = *ro0;
	} else if ((error = rtlookup(ip->ip_dst, &ro)) != 0) {
		IPSTAT_INC(ips_noroute);
		m_freem(m);
		return (EHOSTUNREACH);
	}
	ifp = ro.ro_ifp;
	if (ip->ip_src.s_addr == INADDR_ANY)
		ip->ip_src = ro.ro_src;
	if (in_broadcast(ip->ip_dst, ifp) &&
	    ip->ip_dst.s_addr != INADDR_ANY) {
		if ((flags & IP_ALLOWBROADCAST) == 0) {
			m_freem(m);
			return (EACCES);
		}
		if ((ifp->if_flags & IFF_BROADCAST) == 0) {
			m_freem(m);
			return (EADDRNOTAVAIL);
		}
		m->m_flags |= M_BCAST;
	}
	if ((ifp->if_flags & IFF_UP) == 0) {
		m_freem(m);
		return (ENETDOWN);
	}

	memset(&dst, 0, sizeof(dst));
	dst.sin_len = sizeof(dst);
	dst.sin_family = AF_INET;
	dst.sin_addr = ro.ro_nexthop;

	/*
	 * Checksum offload: TCP and UDP hand down CSUM_TCP/CSUM_UDP with the
	 * pseudo-header sum in the checksum field.  What the interface
	 * cannot finish (no IFCAP_TXCSUM enabled, or a packet to fragment)
	 * is finished here; what it can stays flagged for the driver, and
	 * everything else (received flags on a reused mbuf) is cleared so
	 * that lo0 does not take them for verified checksums.
	 */
	hw = (ifp->if_capenable & IFCAP_TXCSUM) ? ifp->if_hwassist &
	    (CSUM_IP | CSUM_TCP | CSUM_UDP) : 0;
	if (len > (int)ifp->if_mtu)
		hw = 0;
	csum = m->m_pkthdr.csum_flags & (CSUM_TCP | CSUM_UDP);
	if (csum & ~hw) {
		in_delayed_cksum(m, hlen);
		csum = 0;
	}
	if (hw & CSUM_IP)
		csum |= CSUM_IP;
	m->m_pkthdr.csum_flags = csum;
	if (len <= (int)ifp->if_mtu) {
		ip->ip_sum = 0;
		if ((csum & CSUM_IP) == 0)
			ip->ip_sum = (uint16_t)in_cksum(m, hlen);
		return (ifp->if_output(ifp, m, (struct sockaddr *)&dst, NULL));
	}
	if (ip->ip_off & htons(IP_DF)) {
		IPSTAT_INC(ips_cantfrag);
		m_freem(m);
		return (EMSGSIZE);
	}
	error = ip_fragment(ip, &m, (int)ifp->if_mtu);
	if (error != 0)
		return (error);
	for (; m != NULL; m = next) {
		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		if (error == 0)
			error = ifp->if_output(ifp, m,
			    (struct sockaddr *)&dst, NULL);
		else
			m_freem(m);
	}
	return (error);
}
