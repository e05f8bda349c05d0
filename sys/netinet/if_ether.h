/*
 * ARP for IPv4 over Ethernet (RFC 826): the packet layout and the
 * kernel entry points of if_ether.c.  The cache, its statistics and
 * timers are described in docs/sys/netinet/arp.md.
 */
#ifndef _NETINET_IF_ETHER_H_
#define _NETINET_IF_ETHER_H_

#include <sys/types.h>
#include <net/ethernet.h>
#include <netinet/in.h>

struct arphdr {
	uint16_t	ar_hrd;		/* hardware type: 1 */
	uint16_t	ar_pro;		/* protocol type: 0x0800 */
	uint8_t		ar_hln;		/* hardware address length: 6 */
	uint8_t		ar_pln;		/* protocol address length: 4 */
	uint16_t	ar_op;		/* ARPOP_* */
} __attribute__((__packed__));

#define ARPHRD_ETHER	1
#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2

struct ether_arp {
	struct arphdr	ea_hdr;
	uint8_t		arp_sha[ETHER_ADDR_LEN];	/* sender hw */
	uint8_t		arp_spa[4];			/* sender ip */
	uint8_t		arp_tha[ETHER_ADDR_LEN];	/* target hw */
	uint8_t		arp_tpa[4];			/* target ip */
} __attribute__((__packed__));

/* net.link.ether.arp.stats (user ABI). */
struct arpstat {
	uint64_t	txrequests;
	uint64_t	txreplies;
	uint64_t	rxrequests;
	uint64_t	rxreplies;
	uint64_t	received;
	uint64_t	dropped;	/* malformed or not for us */
	uint64_t	timeouts;	/* gave up resolving */
	uint64_t	dupips;		/* someone else uses our address */
	uint64_t	held_dropped;	/* held packet replaced */
};

#ifdef _KERNEL
struct ifnet;
struct mbuf;

int	arpresolve(struct ifnet *ifp, struct mbuf *m, struct in_addr dst,
	    uint8_t *desten);
void	arp_input(struct mbuf *m);
void	arp_ifaddr_added(struct ifnet *ifp, struct in_addr addr);
void	arp_ifdetach(struct ifnet *ifp);
#endif

#endif /* !_NETINET_IF_ETHER_H_ */
