/*
 * Ethernet: frame sizes, the header, the EtherTypes the stack knows, and
 * the kernel entry points of if_ethersubr.c that drivers call
 * (ether_ifattach, ether_ifdetach) or that the stack installs in the
 * ifnet (ether_input, ether_output).
 */
#ifndef _NET_ETHERNET_H_
#define _NET_ETHERNET_H_

#include <sys/types.h>

#define ETHER_ADDR_LEN	6		/* octets in an address */
#define ETHER_TYPE_LEN	2		/* octets in the type field */
#define ETHER_CRC_LEN	4		/* octets in the trailing CRC */
#define ETHER_HDR_LEN	(ETHER_ADDR_LEN * 2 + ETHER_TYPE_LEN)
#define ETHER_MIN_LEN	64		/* smallest frame, with CRC */
#define ETHER_MAX_LEN	1518		/* largest frame, with CRC */
#define ETHER_VLAN_ENCAP_LEN 4
#define ETHERMTU	(ETHER_MAX_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define ETHERMIN	(ETHER_MIN_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)

#define ETHER_IS_MULTICAST(addr)	(*(addr) & 0x01)	/* incl. bcast */

struct ether_header {
	uint8_t		ether_dhost[ETHER_ADDR_LEN];
	uint8_t		ether_shost[ETHER_ADDR_LEN];
	uint16_t	ether_type;	/* network byte order */
} __attribute__((__packed__));

struct ether_addr {
	uint8_t		octet[ETHER_ADDR_LEN];
} __attribute__((__packed__));

#define ETHERTYPE_IP	0x0800		/* IPv4 */
#define ETHERTYPE_ARP	0x0806		/* address resolution */
#define ETHERTYPE_VLAN	0x8100		/* 802.1Q tag */
#define ETHERTYPE_IPV6	0x86dd

#ifdef _KERNEL
struct ifnet;
struct mbuf;
struct sockaddr;
struct rtentry;

extern const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN];

void	ether_ifattach(struct ifnet *ifp, const uint8_t lladdr[ETHER_ADDR_LEN]);
void	ether_ifdetach(struct ifnet *ifp);
void	ether_input(struct ifnet *ifp, struct mbuf *m);
int	ether_output(struct ifnet *ifp, struct mbuf *m,
	    const struct sockaddr *dst, struct rtentry *rt);
int	ether_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data);
#endif

#endif /* !_NET_ETHERNET_H_ */
