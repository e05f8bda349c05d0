/*
 * TCP's user API (RFC 793, 7323, 2018): the segment header, the option kinds
 * and lengths, and the IPPROTO_TCP socket options (TCP_NODELAY,
 * TCP_MAXSEG, the keepalive knobs, TCP_INFO-free by design).  Shared by
 * the kernel and by programs that build or read segments themselves.
 */
#ifndef _NETINET_TCP_H_
#define _NETINET_TCP_H_

#include <sys/types.h>

typedef uint32_t tcp_seq;

struct tcphdr {
	uint16_t	th_sport;	/* source port */
	uint16_t	th_dport;	/* destination port */
	tcp_seq		th_seq;		/* sequence number */
	tcp_seq		th_ack;		/* acknowledgement number */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint8_t		th_x2:4,	/* (unused) */
			th_off:4;	/* data offset, 32-bit words */
#else
	uint8_t		th_off:4,
			th_x2:4;
#endif
	uint8_t		th_flags;
#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PUSH		0x08
#define TH_ACK		0x10
#define TH_URG		0x20
#define TH_ECE		0x40
#define TH_CWR		0x80
#define TH_FLAGS	(TH_FIN | TH_SYN | TH_RST | TH_PUSH | TH_ACK | TH_URG)
	uint16_t	th_win;		/* window */
	uint16_t	th_sum;		/* checksum */
	uint16_t	th_urp;		/* urgent pointer */
} __attribute__((__packed__, __aligned__(4)));

#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MAXSEG		2
#define TCPOLEN_MAXSEG		4
#define TCPOPT_WINDOW		3
#define TCPOLEN_WINDOW		3
#define TCPOPT_SACK_PERMITTED	4
#define TCPOLEN_SACK_PERMITTED	2
#define TCPOPT_SACK		5	/* RFC 2018: 2 + 8 bytes a block */
#define TCPOLEN_SACKHDR		2
#define TCPOLEN_SACK		8	/* one block: two sequence numbers */
#define TCPOPT_TIMESTAMP	8
#define TCPOLEN_TIMESTAMP	10
#define TCPOLEN_TSTAMP_APPA	(TCPOLEN_TIMESTAMP + 2)	/* with 2 NOPs */

#define TCP_MAXWIN	65535		/* largest unscaled window */
#define TCP_MAX_WINSHIFT 14		/* RFC 7323 */
#define TCP_MSS		536		/* default MSS (RFC 879) */
#define TCP_MAXOLEN	40		/* most option bytes */
#define TCP_MAXHLEN	(0xf << 2)	/* largest header */
#define TCP_MINMSS	216		/* least MSS we accept */

/* IPPROTO_TCP socket options. */
#define TCP_NODELAY	0x01		/* send small segments at once */
#define TCP_MAXSEG	0x02		/* cap on the segment size */
#define TCP_NOPUSH	0x04		/* hold back partial segments */
#define TCP_NOOPT	0x08		/* send no options */
#define TCP_KEEPINIT	0x80		/* connect timeout, seconds */
#define TCP_KEEPIDLE	0x100		/* idle before keepalives, s */
#define TCP_KEEPINTVL	0x200		/* between keepalives, s */
#define TCP_KEEPCNT	0x400		/* unanswered probes before drop */

#endif /* !_NETINET_TCP_H_ */
