/*
 * The UDP header (RFC 768).  User API.
 */
#ifndef _NETINET_UDP_H_
#define _NETINET_UDP_H_

#include <sys/types.h>

struct udphdr {
	uint16_t	uh_sport;	/* source port */
	uint16_t	uh_dport;	/* destination port */
	uint16_t	uh_ulen;	/* length, header included */
	uint16_t	uh_sum;		/* checksum; 0: none */
};

#endif /* !_NETINET_UDP_H_ */
