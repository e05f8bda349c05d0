/*
 * IPv4 input, run by the netisr threads for every packet ether_input()
 * or looutput() queued.  Checks the header (version, lengths, checksum,
 * options, source address) and counts and drops whatever is malformed;
 * accepts packets for our addresses and broadcasts (this host does not
 * forward); reassembles fragments; and hands the datagram to the
 * protocol by number (ICMP, UDP, raw sockets for the rest).  Also the
 * flow hash that picks the netisr thread, and net.inet.ip.inject, a
 * root-only hook that feeds raw packets to this path for the tests.
 *
 * Reassembly keeps at most ip_maxfragpackets datagrams of at most
 * ip_maxfragsperpacket fragments each; an overlapping fragment drops the
 * whole datagram (RFC 5722's rule, applied to IPv4 too), and datagrams
 * not complete within ip_fragttl seconds are dropped (with an ICMP time
 * exceeded if the first fragment came).  The queue is protected by
 * ipq_token.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/callout.h>
#include <sys/caps.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/udp_var.h>

MALLOC_DEFINE(M_IPQ, "ipq", "IP reassembly queues");

struct ipstat ipstat;
int ip_defttl = IPDEFTTL;
static int ip_maxfragpackets = 64;	/* datagrams being reassembled */
static int ip_maxfragsperpacket = 64;	/* fragments in one datagram */
static int ip_fragttl = 30;		/* seconds to complete one */

SYSCTL_DECL(_net_inet_ip);
SYSCTL_INT(_net_inet_ip, OID_AUTO, ttl, CTLFLAG_RW, &ip_defttl, 0,
    "default TTL");
SYSCTL_INT(_net_inet_ip, OID_AUTO, maxfragpackets, CTLFLAG_RW,
    &ip_maxfragpackets, 0, "datagrams in reassembly at most");
SYSCTL_INT(_net_inet_ip, OID_AUTO, maxfragsperpacket, CTLFLAG_RW,
    &ip_maxfragsperpacket, 0, "fragments per datagram at most");
SYSCTL_INT(_net_inet_ip, OID_AUTO, fragttl, CTLFLAG_RW, &ip_fragttl, 0,
    "seconds a datagram may take to reassemble");
SYSCTL_STRUCT(_net_inet_ip, OID_AUTO, stats, CTLFLAG_RD, &ipstat, ipstat,
    "IP statistics (struct ipstat)");

/* Upper layers by protocol number; unknown ones go to raw sockets. */
void	rip_input_noproto(struct mbuf *m, int hlen);
static ip_proto_input_t *ip_protox[IPPROTO_MAX];

/* ---- Reassembly ------------------------------------------------------ */

struct ipfrag {
	struct mbuf	*m;		/* the fragment, IP header first */
	int		off;		/* payload offset in the datagram */
	int		len;		/* payload bytes */
};

struct ipq {
	TAILQ_ENTRY(ipq) ipq_link;
	struct in_addr	ipq_src, ipq_dst;
	uint16_t	ipq_id;
	uint8_t		ipq_p;
	int		ipq_nfrags;
	int		ipq_total;	/* datagram payload size, -1: unknown */
	int		ipq_have;	/* payload bytes held */
	int64_t		ipq_expire;	/* ip_clock seconds */
	struct ipfrag	ipq_frags[];	/* sorted by offset */
};

static TAILQ_HEAD(, ipq) ipq_head = TAILQ_HEAD_INITIALIZER(ipq_head);
static struct lwkt_token ipq_token = LWKT_TOKEN_INITIALIZER(ipq_token);
static int ipq_count;
static int64_t ip_clock;		/* seconds, from the timer */
static struct callout ip_callout;

static void
ipq_free(struct ipq *q, bool timedout)
{
	struct mbuf *first = NULL;
	int i;

	TAILQ_REMOVE(&ipq_head, q, ipq_link);
	ipq_count--;
	for (i = 0; i < q->ipq_nfrags; i++) {
		if (timedout && q->ipq_frags[i].off == 0 && first == NULL) {
			first = q->ipq_frags[i].m;
			continue;
		}
		m_freem(q->ipq_frags[i].m);
	}
	IPSTAT_ADD(ips_fragdropped, q->ipq_nfrags);
	kfree(q, M_IPQ);
	if (first != NULL) {
		/* Tell the sender; icmp_error consumes the mbuf. */
		icmp_error(first, ICMP_TIMXCEED, ICMP_TIMXCEED_REASS, 0, 0);
	}
}

/*
 * Take one fragment (m, IP header of hlen bytes, payload already trimmed
 * to ip_len).  Returns the reassembled datagram when this completes one,
 * else NULL (m kept or dropped).
 */
static struct mbuf *
ip_reass(struct mbuf *m, int hlen)
{
	struct ip *ip = mtod(m, struct ip *);
	uint16_t off = ntohs(ip->ip_off);
	int foff = (off & IP_OFFMASK) * 8, flen = ntohs(ip->ip_len) - hlen;
	bool more = (off & IP_MF) != 0;
	struct ipq *q;
	struct mbuf *t;
	int i, j, next;

	IPSTAT_INC(ips_fragments);
	/* Fragments other than the last carry a multiple of 8 bytes. */
	if ((more && (flen & 7) != 0) || flen <= 0 || foff + flen > 65535) {
		IPSTAT_INC(ips_badlen);
		IPSTAT_INC(ips_fragdropped);
		m_freem(m);
		return (NULL);
	}
	lwkt_gettoken(&ipq_token);
	TAILQ_FOREACH(q, &ipq_head, ipq_link)
		if (q->ipq_id == ip->ip_id && q->ipq_p == ip->ip_p &&
		    q->ipq_src.s_addr == ip->ip_src.s_addr &&
		    q->ipq_dst.s_addr == ip->ip_dst.s_addr)
			break;
	if (q == NULL) {
		if (ipq_count >= ip_maxfragpackets) {
			/* Make room: the oldest datagram goes. */
			q = TAILQ_FIRST(&ipq_head);
			if (q == NULL || ip_maxfragpackets <= 0)
				goto drop;
			ipq_free(q, false);
		}
		q = kmalloc(sizeof(*q) + ip_maxfragsperpacket *
		    sizeof(struct ipfrag), M_IPQ, M_NOWAIT | M_ZERO);
		if (q == NULL)
			goto drop;
		q->ipq_src = ip->ip_src;
		q->ipq_dst = ip->ip_dst;
		q->ipq_id = ip->ip_id;
		q->ipq_p = ip->ip_p;
		q->ipq_total = -1;
		q->ipq_expire = ip_clock + ip_fragttl;
		TAILQ_INSERT_TAIL(&ipq_head, q, ipq_link);
		ipq_count++;
	}
	if (!more) {
		if (q->ipq_total >= 0 && q->ipq_total != foff + flen)
			goto dropall;	/* two different ends */
		q->ipq_total = foff + flen;
	}
	if (q->ipq_total >= 0 && foff + flen > q->ipq_total)
		goto dropall;
	/* Find the place; an exact duplicate is dropped, an overlap kills. */
	for (i = 0; i < q->ipq_nfrags; i++)
		if (q->ipq_frags[i].off >= foff)
			break;
	if (i < q->ipq_nfrags && q->ipq_frags[i].off == foff &&
	    q->ipq_frags[i].len == flen) {
		lwkt_reltoken(&ipq_token);
		IPSTAT_INC(ips_fragdropped);
		m_freem(m);
		return (NULL);
	}
	if ((i < q->ipq_nfrags && foff + flen > q->ipq_frags[i].off) ||
	    (i > 0 && q->ipq_frags[i - 1].off + q->ipq_frags[i - 1].len >
	    foff))
		goto dropall;
	if (q->ipq_nfrags >= ip_maxfragsperpacket)
		goto dropall;
	for (j = q->ipq_nfrags; j > i; j--)
		q->ipq_frags[j] = q->ipq_frags[j - 1];
	q->ipq_frags[i].m = m;
	q->ipq_frags[i].off = foff;
	q->ipq_frags[i].len = flen;
	q->ipq_nfrags++;
	q->ipq_have += flen;
	if (q->ipq_total < 0 || q->ipq_have != q->ipq_total) {
		lwkt_reltoken(&ipq_token);
		return (NULL);
	}
	/* No overlaps and the bytes add up: it is contiguous.  Join. */
	next = 0;
	for (i = 0; i < q->ipq_nfrags; i++) {
		KASSERT(q->ipq_frags[i].off == next, ("ip_reass: hole"));
		next += q->ipq_frags[i].len;
	}
	m = q->ipq_frags[0].m;
	for (i = 1; i < q->ipq_nfrags; i++) {
		t = q->ipq_frags[i].m;
		ip = mtod(t, struct ip *);
		m_adj(t, ip->ip_hl << 2);
		m->m_pkthdr.len += t->m_pkthdr.len;
		t->m_flags &= ~M_PKTHDR;	/* becomes a plain part */
		m_cat(m, t);
	}
	TAILQ_REMOVE(&ipq_head, q, ipq_link);
	ipq_count--;
	kfree(q, M_IPQ);
	lwkt_reltoken(&ipq_token);
	ip = mtod(m, struct ip *);
	hlen = ip->ip_hl << 2;
	if (hlen + next > IP_MAXPACKET) {
		IPSTAT_INC(ips_toolong);
		m_freem(m);
		return (NULL);
	}
	ip->ip_len = htons((uint16_t)(hlen + next));
	ip->ip_off = 0;
	IPSTAT_INC(ips_reassembled);
	return (m);

dropall:
	ipq_free(q, false);
drop:
	lwkt_reltoken(&ipq_token);
	IPSTAT_INC(ips_fragdropped);
	m_freem(m);
	return (NULL);
}

/* Twice a second: expire stale reassembly queues. */
static void
ip_timer(void *arg __unused)
{
	struct ipq *q, *next;
	static int half;

	if (++half >= 2) {
		half = 0;
		ip_clock++;
		lwkt_gettoken(&ipq_token);
		TAILQ_FOREACH_SAFE(q, &ipq_head, ipq_link, next) {
			if (q->ipq_expire <= ip_clock) {
				IPSTAT_INC(ips_fragtimeout);
				ipq_free(q, true);
			}
		}
		lwkt_reltoken(&ipq_token);
	}
	callout_reset(&ip_callout, hz / 2, ip_timer, NULL);
}

/* ---- Input ------------------------------------------------------------ */

/*
 * Walk the options only to check them: this host acts on none (source
 * routes are not honoured), but a malformed list means a malformed
 * packet.
 */
static bool
ip_options_ok(const uint8_t *cp, int cnt)
{
	int optlen;

	while (cnt > 0) {
		if (cp[0] == IPOPT_EOL)
			return (true);
		if (cp[0] == IPOPT_NOP) {
			optlen = 1;
		} else {
			if (cnt < 2)
				return (false);
			optlen = cp[IPOPT_OLEN];
			if (optlen < 2 || optlen > cnt)
				return (false);
		}
		cp += optlen;
		cnt -= optlen;
	}
	return (true);
}

/* Is dst for this host (one of our addresses or a broadcast)? */
static bool
ip_forus(struct in_addr dst, struct ifnet *ifp, struct mbuf *m)
{
	struct in_ifaddr *ia;
	bool ours = false;

	if (IN_MULTICAST(ntohl(dst.s_addr)))
		return ((ifp->if_flags & IFF_MULTICAST) != 0);
	if (dst.s_addr == INADDR_BROADCAST || dst.s_addr == INADDR_ANY) {
		m->m_flags |= M_BCAST;
		return (true);
	}
	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link) {
		if (ia->ia_addr.sin_addr.s_addr == dst.s_addr) {
			ours = true;
			break;
		}
		if (ia->ia_ifp == ifp && (ifp->if_flags & IFF_BROADCAST) &&
		    (ia->ia_broadaddr.sin_addr.s_addr == dst.s_addr ||
		    ia->ia_net == dst.s_addr)) {
			m->m_flags |= M_BCAST;
			ours = true;
			break;
		}
	}
	lwkt_reltoken(&ifnet_token);
	return (ours);
}

void
ip_input(struct mbuf *m)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct ip *ip;
	int hlen, len;
	uint32_t src;

	IPSTAT_INC(ips_total);
	if ((m->m_flags & M_PKTHDR) == 0 || ifp == NULL ||
	    m->m_pkthdr.len < (int)sizeof(struct ip)) {
		IPSTAT_INC(ips_toosmall);
		goto bad;
	}
	if (m->m_len < (int)sizeof(struct ip) &&
	    (m = m_pullup(m, sizeof(struct ip))) == NULL) {
		IPSTAT_INC(ips_toosmall);
		return;
	}
	ip = mtod(m, struct ip *);
	if (ip->ip_v != IPVERSION) {
		IPSTAT_INC(ips_badvers);
		goto bad;
	}
	hlen = ip->ip_hl << 2;
	if (hlen < (int)sizeof(struct ip) || hlen > m->m_pkthdr.len) {
		IPSTAT_INC(ips_badhlen);
		goto bad;
	}
	if (hlen > m->m_len) {
		if ((m = m_pullup(m, hlen)) == NULL) {
			IPSTAT_INC(ips_badhlen);
			return;
		}
		ip = mtod(m, struct ip *);
	}
	if ((m->m_pkthdr.csum_flags & (CSUM_IP_CHECKED | CSUM_IP_VALID)) !=
	    (CSUM_IP_CHECKED | CSUM_IP_VALID) &&
	    in_cksum(m, hlen) != 0) {
		IPSTAT_INC(ips_badsum);
		goto bad;
	}
	len = ntohs(ip->ip_len);
	if (len < hlen) {
		IPSTAT_INC(ips_badlen);
		goto bad;
	}
	if (m->m_pkthdr.len < len) {
		IPSTAT_INC(ips_tooshort);
		goto bad;
	}
	if (m->m_pkthdr.len > len) {
		/* Link-layer padding (short Ethernet frames). */
		m_adj(m, len - m->m_pkthdr.len);
		/* Hardware checksums covered the padding too: recompute. */
		m->m_pkthdr.csum_flags &= ~(CSUM_DATA_VALID | CSUM_PSEUDO_HDR);
	}
	if (hlen > (int)sizeof(struct ip) &&
	    !ip_options_ok((const uint8_t *)(ip + 1),
	    hlen - (int)sizeof(struct ip))) {
		IPSTAT_INC(ips_badoptions);
		goto bad;
	}
	/* Martians: a broadcast or multicast source, or loopback off lo0. */
	src = ntohl(ip->ip_src.s_addr);
	if (IN_MULTICAST(src) || ip->ip_src.s_addr == INADDR_BROADCAST ||
	    IN_EXPERIMENTAL(src) ||
	    ((src >> IN_CLASSA_NSHIFT) == IN_LOOPBACKNET &&
	    (ifp->if_flags & IFF_LOOPBACK) == 0)) {
		IPSTAT_INC(ips_badaddr);
		goto bad;
	}
	if (!ip_forus(ip->ip_dst, ifp, m)) {
		IPSTAT_INC(ips_cantforward);
		goto bad;
	}
	if (ntohs(ip->ip_off) & (IP_MF | IP_OFFMASK)) {
		/* A fragment's data checksum says nothing of the whole. */
		m->m_pkthdr.csum_flags &= ~(CSUM_DATA_VALID | CSUM_PSEUDO_HDR);
		m = ip_reass(m, hlen);
		if (m == NULL)
			return;
		ip = mtod(m, struct ip *);
		hlen = ip->ip_hl << 2;
	}
	IPSTAT_INC(ips_delivered);
	ip_protox[ip->ip_p](m, hlen);
	return;
bad:
	m_freem(m);
}

/*
 * The netisr flow hash: addresses and protocol, plus the ports of an
 * unfragmented TCP or UDP packet.  Reads with m_copydata so it neither
 * trusts nor changes the packet.
 */
uint32_t
ip_hashfn(const struct mbuf *m)
{
	struct ip ip;
	uint16_t ports[2] = { 0, 0 };
	uint32_t h;
	int hlen;

	if (m->m_pkthdr.len < (int)sizeof(ip))
		return (0);
	m_copydata(m, 0, sizeof(ip), &ip);
	h = ip.ip_src.s_addr ^ ip.ip_dst.s_addr ^ ip.ip_p;
	hlen = ip.ip_hl << 2;
	if ((ip.ip_p == IPPROTO_TCP || ip.ip_p == IPPROTO_UDP) &&
	    (ntohs(ip.ip_off) & (IP_MF | IP_OFFMASK)) == 0 &&
	    hlen >= (int)sizeof(ip) && m->m_pkthdr.len >= hlen + 4) {
		m_copydata(m, hlen, sizeof(ports), ports);
		h ^= ((uint32_t)ports[0] << 16) ^ ports[1];
	}
	h ^= h >> 16;
	h ^= h >> 8;
	return (h);
}

/*
 * net.inet.ip.inject: the bytes written are one IPv4 packet, received
 * on lo0 through the netisr queue; the write returns when the netisr
 * threads have handled it.  Root only; for the input tests.
 */
static int
ip_sysctl_inject(SYSCTL_HANDLER_ARGS)
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
	if (len > MJUMPAGESIZE || loif == NULL)
		return (EINVAL);
	m = m_getl((int)MAX(len, 1), M_WAITOK, MT_DATA, M_PKTHDR, NULL);
	if (len > 0)
		error = SYSCTL_IN(req, mtod(m, void *), len);
	if (error != 0) {
		m_freem(m);
		return (error);
	}
	m->m_len = m->m_pkthdr.len = (int)len;
	m->m_pkthdr.rcvif = loif;
	error = netisr_queue(NETISR_IP, m);
	/* Return once it was handled, so the caller can read counters. */
	netisr_barrier();
	return (error);
}
SYSCTL_PROC(_net_inet_ip, OID_AUTO, inject, CTLTYPE_OPAQUE | CTLFLAG_RW,
    NULL, 0, ip_sysctl_inject, "S", "feed a raw packet to ip_input (root)");

void
ip_init(void)
{
	int i;

	for (i = 0; i < IPPROTO_MAX; i++)
		ip_protox[i] = rip_input_noproto;
	ip_protox[IPPROTO_ICMP] = icmp_input;
	ip_protox[IPPROTO_UDP] = udp_input;
	netisr_register(NETISR_IP, ip_input, ip_hashfn);
	callout_init_mp(&ip_callout);
	callout_reset(&ip_callout, hz / 2, ip_timer, NULL);
}

/* For protocols that register late (TCP). */
void	ip_register_proto(int proto, ip_proto_input_t *fn);

void
ip_register_proto(int proto, ip_proto_input_t *fn)
{
	if (proto > 0 && proto < IPPROTO_MAX)
		ip_protox[proto] = fn;
}
