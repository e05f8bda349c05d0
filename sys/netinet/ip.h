/*
 * The IPv4 header (RFC 791) and its constants.  User API: ping and raw
 * socket users build and parse these.
 */
#ifndef _NETINET_IP_H_
#define _NETINET_IP_H_

#include <sys/types.h>
#include <netinet/in.h>

#define IPVERSION	4

struct ip {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	uint8_t		ip_v:4, ip_hl:4;
#else
	uint8_t		ip_hl:4,	/* header length, 32-bit words */
			ip_v:4;		/* version */
#endif
	uint8_t		ip_tos;		/* type of service */
	uint16_t	ip_len;		/* total length; network order */
	uint16_t	ip_id;		/* identification */
	uint16_t	ip_off;		/* fragment offset and flags */
#define IP_RF		0x8000		/* reserved */
#define IP_DF		0x4000		/* don't fragment */
#define IP_MF		0x2000		/* more fragments */
#define IP_OFFMASK	0x1fff		/* offset, 8-byte units */
	uint8_t		ip_ttl;
	uint8_t		ip_p;		/* protocol */
	uint16_t	ip_sum;		/* header checksum */
	struct in_addr	ip_src, ip_dst;
} __attribute__((__packed__, __aligned__(4)));

#define IP_MAXPACKET	65535
#define IPDEFTTL	64
#define MAXTTL		255
#define IPTTLDEC	1

/* Options. */
#define IPOPT_EOL	0
#define IPOPT_NOP	1
#define IPOPT_RR	7
#define IPOPT_TS	68
#define IPOPT_LSRR	131
#define IPOPT_SSRR	137
#define IPOPT_OPTVAL	0
#define IPOPT_OLEN	1

#endif /* !_NETINET_IP_H_ */
