/*
 * ARP (RFC 826): the IPv4-to-Ethernet address cache.  ether_output()
 * asks arpresolve() for the next hop's address; a miss creates an
 * incomplete entry, broadcasts a request and keeps the packet (one per
 * entry: a newer packet replaces an older one, counted).  arp_input(),
 * run by a netisr thread for every ARP frame, checks the packet, learns
 * the sender when the request is for one of our addresses or the sender
 * is already cached, answers requests for our addresses and releases
 * the held packet.  A callout every second retries incomplete entries
 * (up to arp_maxtries, then drops them) and expires resolved ones after
 * arp_keep seconds.  Adding an address sends a gratuitous ARP.
 *
 * Ownership: the cache is protected by arp_token; packets are never
 * sent with it held (the output path may call back into ARP).
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
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_dl.h>
#include <net/ethernet.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/if_ether.h>

MALLOC_DEFINE(M_ARP, "arp", "ARP cache entries");

int	ether_output_frame(struct ifnet *ifp, struct mbuf *m,
	    const uint8_t *edst, uint16_t etype);

struct llinfo_arp {
	LIST_ENTRY(llinfo_arp) la_link;
	struct ifnet	*la_ifp;
	struct in_addr	la_addr;
	uint8_t		la_mac[ETHER_ADDR_LEN];
	bool		la_resolved;
	int		la_asked;	/* requests sent while incomplete */
	int64_t		la_expire;	/* arp_now() seconds */
	struct mbuf	*la_hold;	/* one packet waiting */
};

static LIST_HEAD(, llinfo_arp) arp_cache = LIST_HEAD_INITIALIZER(arp_cache);
static struct lwkt_token arp_token = LWKT_TOKEN_INITIALIZER(arp_token);
static struct callout arp_callout;
static int64_t arp_clock;		/* seconds since ARP started */
static int arp_count;
static int arp_keep = 1200;		/* resolved entry lifetime, s */
static int arp_maxtries = 5;		/* requests before giving up */
static int arp_maxentries = 1024;	/* bounds what a flood can take */
static struct arpstat arpstat;

SYSCTL_DECL(_net_link_ether);
SYSCTL_NODE(_net_link_ether, OID_AUTO, arp, CTLFLAG_RW, 0, "ARP");
SYSCTL_INT(_net_link_ether_arp, OID_AUTO, keep, CTLFLAG_RW, &arp_keep, 0,
    "seconds a resolved entry lives");
SYSCTL_INT(_net_link_ether_arp, OID_AUTO, maxtries, CTLFLAG_RW,
    &arp_maxtries, 0, "requests before an entry is dropped");
SYSCTL_INT(_net_link_ether_arp, OID_AUTO, entries, CTLFLAG_RD, &arp_count,
    0, "entries in the cache");
SYSCTL_STRUCT(_net_link_ether_arp, OID_AUTO, stats, CTLFLAG_RD, &arpstat,
    arpstat, "ARP statistics (struct arpstat)");

#define ARPSTAT_INC(f)	atomic_add_64(&arpstat.f, 1)

static const uint8_t *
arp_lladdr(struct ifnet *ifp)
{
	return ((const uint8_t *)LLADDR((struct sockaddr_dl *)
	    ifp->if_lladdr->ifa_addr));
}

static struct llinfo_arp *
arp_lookup(struct ifnet *ifp, struct in_addr addr)
{
	struct llinfo_arp *la;

	LIST_FOREACH(la, &arp_cache, la_link)
		if (la->la_ifp == ifp && la->la_addr.s_addr == addr.s_addr)
			return (la);
	return (NULL);
}

static void
arp_free(struct llinfo_arp *la)
{
	LIST_REMOVE(la, la_link);
	arp_count--;
	if (la->la_hold != NULL)
		m_freem(la->la_hold);
	kfree(la, M_ARP);
}

/* Build and send one ARP packet (request or reply). */
static void
arp_send(struct ifnet *ifp, int op, struct in_addr sip, struct in_addr tip,
    const uint8_t *tha, const uint8_t *edst)
{
	struct ether_arp *ea;
	struct mbuf *m;

	m = m_gethdr(M_NOWAIT, MT_DATA);
	if (m == NULL)
		return;
	m->m_len = m->m_pkthdr.len = sizeof(*ea);
	/* A packet-header mbuf has MHLEN bytes, not MLEN: M_ALIGN here
	   would put the end of the ARP packet past the end of the mbuf. */
	MH_ALIGN(m, sizeof(*ea));
	ea = mtod(m, struct ether_arp *);
	memset(ea, 0, sizeof(*ea));
	ea->ea_hdr.ar_hrd = htons(ARPHRD_ETHER);
	ea->ea_hdr.ar_pro = htons(ETHERTYPE_IP);
	ea->ea_hdr.ar_hln = ETHER_ADDR_LEN;
	ea->ea_hdr.ar_pln = 4;
	ea->ea_hdr.ar_op = htons(op);
	memcpy(ea->arp_sha, arp_lladdr(ifp), ETHER_ADDR_LEN);
	memcpy(ea->arp_spa, &sip, 4);
	if (tha != NULL)
		memcpy(ea->arp_tha, tha, ETHER_ADDR_LEN);
	memcpy(ea->arp_tpa, &tip, 4);
	if (op == ARPOP_REQUEST)
		ARPSTAT_INC(txrequests);
	else
		ARPSTAT_INC(txreplies);
	(void)ether_output_frame(ifp, m, edst, ETHERTYPE_ARP);
}

static bool
arp_ouraddr(struct ifnet *ifp, struct in_addr *src)
{
	struct in_ifaddr *ia;
	bool ok = false;

	lwkt_gettoken(&ifnet_token);
	ia = in_ifaddr_for(ifp);
	if (ia != NULL) {
		*src = ia->ia_addr.sin_addr;
		ok = true;
	}
	lwkt_reltoken(&ifnet_token);
	return (ok);
}

/*
 * Resolve dst on ifp into desten.  0: resolved; EWOULDBLOCK: m is held
 * until the reply comes; otherwise m was freed and the error applies.
 */
int
arpresolve(struct ifnet *ifp, struct mbuf *m, struct in_addr dst,
    uint8_t *desten)
{
	struct llinfo_arp *la;
	struct in_addr src;
	bool ask = false;

	lwkt_gettoken(&arp_token);
	la = arp_lookup(ifp, dst);
	if (la != NULL && la->la_resolved) {
		memcpy(desten, la->la_mac, ETHER_ADDR_LEN);
		lwkt_reltoken(&arp_token);
		return (0);
	}
	if (la == NULL) {
		if (arp_count >= arp_maxentries) {
			lwkt_reltoken(&arp_token);
			m_freem(m);
			return (ENOBUFS);
		}
		la = kmalloc(sizeof(*la), M_ARP, M_NOWAIT | M_ZERO);
		if (la == NULL) {
			lwkt_reltoken(&arp_token);
			m_freem(m);
			return (ENOBUFS);
		}
		la->la_ifp = ifp;
		la->la_addr = dst;
		LIST_INSERT_HEAD(&arp_cache, la, la_link);
		arp_count++;
		ask = true;
	} else if (la->la_asked >= arp_maxtries) {
		/* Gave up recently: the host is down. */
		lwkt_reltoken(&arp_token);
		m_freem(m);
		return (EHOSTDOWN);
	}
	if (la->la_hold != NULL) {
		m_freem(la->la_hold);
		ARPSTAT_INC(held_dropped);
	}
	la->la_hold = m;
	if (ask) {
		la->la_asked = 1;
		la->la_expire = arp_clock + 1;
	}
	lwkt_reltoken(&arp_token);
	if (ask && arp_ouraddr(ifp, &src))
		arp_send(ifp, ARPOP_REQUEST, src, dst, NULL,
		    etherbroadcastaddr);
	return (EWOULDBLOCK);
}

/* An ARP packet, Ethernet header already stripped, from a netisr. */
void
arp_input(struct mbuf *m)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct ether_arp *ea;
	struct llinfo_arp *la;
	struct in_addr isaddr, itaddr, myaddr;
	struct in_ifaddr *ia;
	struct mbuf *hold = NULL;
	uint8_t sha[ETHER_ADDR_LEN];
	bool forus = false;
	int op;

	ARPSTAT_INC(received);
	if (ifp == NULL || ifp->if_addrlen != ETHER_ADDR_LEN ||
	    m->m_pkthdr.len < (int)sizeof(*ea))
		goto drop;
	if (m->m_len < (int)sizeof(*ea) &&
	    (m = m_pullup(m, sizeof(*ea))) == NULL) {
		ARPSTAT_INC(dropped);
		return;
	}
	ea = mtod(m, struct ether_arp *);
	if (ntohs(ea->ea_hdr.ar_hrd) != ARPHRD_ETHER ||
	    ntohs(ea->ea_hdr.ar_pro) != ETHERTYPE_IP ||
	    ea->ea_hdr.ar_hln != ETHER_ADDR_LEN || ea->ea_hdr.ar_pln != 4)
		goto drop;
	op = ntohs(ea->ea_hdr.ar_op);
	if (op != ARPOP_REQUEST && op != ARPOP_REPLY)
		goto drop;
	memcpy(&isaddr, ea->arp_spa, 4);
	memcpy(&itaddr, ea->arp_tpa, 4);
	memcpy(sha, ea->arp_sha, ETHER_ADDR_LEN);
	/* Our own frames, and senders claiming to be broadcast: ignore. */
	if (memcmp(sha, arp_lladdr(ifp), ETHER_ADDR_LEN) == 0 ||
	    ETHER_IS_MULTICAST(sha))
		goto drop;
	if (op == ARPOP_REQUEST)
		ARPSTAT_INC(rxrequests);
	else
		ARPSTAT_INC(rxreplies);

	myaddr.s_addr = INADDR_ANY;
	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link) {
		if (ia->ia_ifp != ifp)
			continue;
		if (ia->ia_addr.sin_addr.s_addr == itaddr.s_addr) {
			forus = true;
			myaddr = itaddr;
		}
		if (ia->ia_addr.sin_addr.s_addr == isaddr.s_addr) {
			ARPSTAT_INC(dupips);
			kprintf("arp: %02x:%02x:%02x:%02x:%02x:%02x is using "
			    "my IP address on %s\n", sha[0], sha[1], sha[2],
			    sha[3], sha[4], sha[5], ifp->if_xname);
			lwkt_reltoken(&ifnet_token);
			goto drop;
		}
	}
	lwkt_reltoken(&ifnet_token);
	if (isaddr.s_addr == INADDR_ANY)
		goto reply;		/* a probe: answer, learn nothing */

	lwkt_gettoken(&arp_token);
	la = arp_lookup(ifp, isaddr);
	if (la == NULL && forus && arp_count < arp_maxentries) {
		la = kmalloc(sizeof(*la), M_ARP, M_NOWAIT | M_ZERO);
		if (la != NULL) {
			la->la_ifp = ifp;
			la->la_addr = isaddr;
			LIST_INSERT_HEAD(&arp_cache, la, la_link);
			arp_count++;
		}
	}
	if (la != NULL) {
		memcpy(la->la_mac, sha, ETHER_ADDR_LEN);
		la->la_resolved = true;
		la->la_asked = 0;
		la->la_expire = arp_clock + arp_keep;
		hold = la->la_hold;
		la->la_hold = NULL;
	}
	lwkt_reltoken(&arp_token);
	if (hold != NULL) {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_len = sizeof(sin);
		sin.sin_family = AF_INET;
		sin.sin_addr = isaddr;
		(void)ifp->if_output(ifp, hold, (struct sockaddr *)&sin,
		    NULL);
	}
reply:
	if (op == ARPOP_REQUEST && forus)
		arp_send(ifp, ARPOP_REPLY, myaddr, isaddr, sha, sha);
	m_freem(m);
	return;
drop:
	ARPSTAT_INC(dropped);
	m_freem(m);
}

/* Announce a new address (gratuitous ARP: a request for ourselves). */
void
arp_ifaddr_added(struct ifnet *ifp, struct in_addr addr)
{
	if (ifp->if_addrlen != ETHER_ADDR_LEN ||
	    (ifp->if_flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING))
		return;
	arp_send(ifp, ARPOP_REQUEST, addr, addr, NULL, etherbroadcastaddr);
}

void
arp_ifdetach(struct ifnet *ifp)
{
	struct llinfo_arp *la, *next;

	lwkt_gettoken(&arp_token);
	LIST_FOREACH_SAFE(la, &arp_cache, la_link, next)
		if (la->la_ifp == ifp)
			arp_free(la);
	lwkt_reltoken(&arp_token);
}

/* Once a second: retry, give up, expire. */
static void
arp_timer(void *arg __unused)
{
	struct llinfo_arp *la, *next;
	struct {
		struct ifnet	*ifp;
		struct in_addr	dst;
	} retry[8];
	struct in_addr src;
	int nretry = 0, i;

	arp_clock++;
	lwkt_gettoken(&arp_token);
	LIST_FOREACH_SAFE(la, &arp_cache, la_link, next) {
		if (la->la_expire > arp_clock)
			continue;
		if (la->la_resolved) {
			arp_free(la);
		} else if (la->la_asked >= arp_maxtries) {
			/* Keep the failure a while so senders see it. */
			if (la->la_hold != NULL) {
				m_freem(la->la_hold);
				la->la_hold = NULL;
				ARPSTAT_INC(timeouts);
				la->la_expire = arp_clock + 20;
			} else {
				arp_free(la);
			}
		} else if (nretry < (int)nitems(retry)) {
			la->la_asked++;
			la->la_expire = arp_clock + 1;
			retry[nretry].ifp = la->la_ifp;
			retry[nretry].dst = la->la_addr;
			nretry++;
		}
	}
	lwkt_reltoken(&arp_token);
	for (i = 0; i < nretry; i++)
		if (arp_ouraddr(retry[i].ifp, &src))
			arp_send(retry[i].ifp, ARPOP_REQUEST, src,
			    retry[i].dst, NULL, etherbroadcastaddr);
	callout_reset(&arp_callout, hz, arp_timer, NULL);
}

static void
arp_init(void *arg __unused)
{
	netisr_register(NETISR_ARP, arp_input, NULL);
	callout_init_mp(&arp_callout);
	callout_reset(&arp_callout, hz, arp_timer, NULL);
}
SYSINIT(arp, SI_SUB_PROTO_BEGIN, SI_ORDER_MIDDLE, arp_init, NULL);
