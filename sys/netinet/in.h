/*
 * The Internet family's user API: protocol numbers, struct in_addr and
 * struct sockaddr_in, well-known addresses, the IPPROTO_IP socket
 * options, port ranges, and byte-order conversion (both Petrel ports are
 * little-endian; the macros are written for either order).
 */
#ifndef _NETINET_IN_H_
#define _NETINET_IN_H_

#include <sys/types.h>
#include <sys/socket.h>

#define IPPROTO_IP	0		/* dummy for IP-level options */
#define IPPROTO_ICMP	1
#define IPPROTO_IGMP	2
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define IPPROTO_IPV6	41
#define IPPROTO_RAW	255
#define IPPROTO_MAX	256

#define IPPORT_RESERVED		1024	/* below: root only */
#define IPPORT_EPHEMERALFIRST	49152	/* IANA dynamic range */
#define IPPORT_EPHEMERALLAST	65535

typedef uint32_t	in_addr_t;
typedef uint16_t	in_port_t;

struct in_addr {
	in_addr_t	s_addr;		/* network byte order */
};

struct sockaddr_in {
	uint8_t		sin_len;	/* sizeof(struct sockaddr_in) */
	sa_family_t	sin_family;	/* AF_INET */
	in_port_t	sin_port;	/* network byte order */
	struct in_addr	sin_addr;
	char		sin_zero[8];
};

#define INADDR_ANY		((in_addr_t)0x00000000)
#define INADDR_LOOPBACK		((in_addr_t)0x7f000001)
#define INADDR_BROADCAST	((in_addr_t)0xffffffff)
#define INADDR_NONE		((in_addr_t)0xffffffff)

#define IN_CLASSA(i)		(((in_addr_t)(i) & 0x80000000) == 0)
#define IN_CLASSA_NET		0xff000000
#define IN_CLASSA_NSHIFT	24
#define IN_CLASSB(i)		(((in_addr_t)(i) & 0xc0000000) == 0x80000000)
#define IN_CLASSB_NET		0xffff0000
#define IN_CLASSC(i)		(((in_addr_t)(i) & 0xe0000000) == 0xc0000000)
#define IN_CLASSC_NET		0xffffff00
#define IN_MULTICAST(i)		(((in_addr_t)(i) & 0xf0000000) == 0xe0000000)
#define IN_EXPERIMENTAL(i)	(((in_addr_t)(i) & 0xf0000000) == 0xf0000000)
#define IN_BADCLASS(i)		IN_EXPERIMENTAL(i)
#define IN_LOOPBACKNET		127

#define INET_ADDRSTRLEN		16

/* IPPROTO_IP socket options. */
#define IP_OPTIONS		1	/* IP options (not supported) */
#define IP_HDRINCL		2	/* raw: the header comes with data */
#define IP_TOS			3	/* int */
#define IP_TTL			4	/* int: unicast TTL */
#define IP_RECVDSTADDR		7
#define IP_MULTICAST_IF		9
#define IP_MULTICAST_TTL	10
#define IP_MULTICAST_LOOP	11
#define IP_PORTRANGE		19
#define IP_BOUND_IF		25	/* int: ifindex for limited broadcasts */

#define IP_DEFAULT_MULTICAST_TTL 1

#ifndef _BYTEORDER_DEFINED_
#define _BYTEORDER_DEFINED_
#ifndef htons
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define htons(x)	((uint16_t)(x))
#define htonl(x)	((uint32_t)(x))
#else
#define htons(x)	((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define htonl(x)	((uint32_t)__builtin_bswap32((uint32_t)(x)))
#endif
#define ntohs(x)	htons(x)
#define ntohl(x)	htonl(x)
#endif
#endif

#ifdef _KERNEL
struct ifnet;
struct mbuf;

extern struct domain inetdomain;

bool	in_broadcast(struct in_addr in, struct ifnet *ifp);
bool	in_localaddr(struct in_addr in);	/* on a directly attached net */
bool	in_ouraddr(struct in_addr in);		/* one of ours */
int	in_cksum(struct mbuf *m, int len);
int	in_cksum_skip(struct mbuf *m, int len, int skip);
uint16_t in_pseudo(uint32_t a, uint32_t b, uint32_t c);
uint16_t in_cksum_buf(const void *buf, int len);
char	*inet_ntoa_r(struct in_addr ina, char *buf);	/* 16 bytes */
#endif

#endif /* !_NETINET_IN_H_ */
