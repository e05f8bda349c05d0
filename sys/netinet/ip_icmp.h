/*
 * ICMP (RFC 792): the message header and types.  User API (ping).
 */
#ifndef _NETINET_IP_ICMP_H_
#define _NETINET_IP_ICMP_H_

#include <sys/types.h>
#include <netinet/in.h>
#include <netinet/ip.h>

struct icmp {
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	uint16_t	icmp_cksum;
	union {
		struct {
			uint16_t	id;
			uint16_t	seq;
		} ih_idseq;
		uint32_t	ih_void;
		struct {
			uint16_t	ipm_void;
			uint16_t	ipm_nextmtu;
		} ih_pmtu;
	} icmp_hun;
#define icmp_id		icmp_hun.ih_idseq.id
#define icmp_seq	icmp_hun.ih_idseq.seq
#define icmp_void	icmp_hun.ih_void
#define icmp_nextmtu	icmp_hun.ih_pmtu.ipm_nextmtu
	union {
		struct ip	id_ip;		/* the offending header */
		uint32_t	id_mask;
		char		id_data[1];
	} icmp_dun;
#define icmp_ip		icmp_dun.id_ip
#define icmp_mask	icmp_dun.id_mask
#define icmp_data	icmp_dun.id_data
};

#define ICMP_MINLEN	8		/* type, code, sum, id/seq */
#define ICMP_ADVLENMIN	(8 + sizeof(struct ip) + 8)

#define ICMP_ECHOREPLY		0
#define ICMP_UNREACH		3
#define  ICMP_UNREACH_NET	0
#define  ICMP_UNREACH_HOST	1
#define  ICMP_UNREACH_PROTOCOL	2
#define  ICMP_UNREACH_PORT	3
#define  ICMP_UNREACH_NEEDFRAG	4
#define  ICMP_UNREACH_SRCFAIL	5
#define ICMP_SOURCEQUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIMXCEED		11
#define  ICMP_TIMXCEED_INTRANS	0
#define  ICMP_TIMXCEED_REASS	1
#define ICMP_PARAMPROB		12
#define ICMP_TSTAMP		13
#define ICMP_TSTAMPREPLY	14
#define ICMP_MAXTYPE		18

#define ICMP_INFOTYPE(type)						\
	((type) == ICMP_ECHOREPLY || (type) == ICMP_ECHO ||		\
	 (type) == ICMP_TSTAMP || (type) == ICMP_TSTAMPREPLY)

#endif /* !_NETINET_IP_ICMP_H_ */
