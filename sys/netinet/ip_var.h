/*
 * IPv4 inside the kernel: the statistics exported as net.inet.ip.stats
 * (struct ipstat: user ABI, all uint64_t so one layout serves both
 * ports), the reassembly limits, and the entry points of ip_input.c and
 * ip_output.c.
 */
#ifndef _NETINET_IP_VAR_H_
#define _NETINET_IP_VAR_H_

#include <sys/types.h>

struct ipstat {
	uint64_t	ips_total;		/* packets received */
	uint64_t	ips_badsum;		/* bad header checksum */
	uint64_t	ips_tooshort;		/* shorter than ip_len */
	uint64_t	ips_toosmall;		/* shorter than a header */
	uint64_t	ips_badhlen;		/* ip_hl < 5 or > length */
	uint64_t	ips_badlen;		/* ip_len < ip_hl */
	uint64_t	ips_badvers;		/* not version 4 */
	uint64_t	ips_badoptions;		/* malformed options */
	uint64_t	ips_badaddr;		/* martian source */
	uint64_t	ips_fragments;		/* fragments received */
	uint64_t	ips_fragdropped;	/* fragments dropped */
	uint64_t	ips_fragtimeout;	/* dropped by the timer */
	uint64_t	ips_reassembled;	/* packets reassembled */
	uint64_t	ips_forward;		/* forwarded (never: host) */
	uint64_t	ips_cantforward;	/* not for us: dropped */
	uint64_t	ips_noproto;		/* unknown protocol */
	uint64_t	ips_delivered;		/* to upper layers */
	uint64_t	ips_localout;		/* generated here */
	uint64_t	ips_odropped;		/* dropped on output: no mbufs */
	uint64_t	ips_noroute;		/* no route */
	uint64_t	ips_fragmented;		/* packets fragmented */
	uint64_t	ips_ofragments;		/* fragments made */
	uint64_t	ips_cantfrag;		/* DF set, too big */
	uint64_t	ips_rawout;		/* raw packets with a header */
	uint64_t	ips_toolong;		/* ip_len > 65535 */
	uint64_t	ips_notmember;
	uint64_t	ips_nogif;
	uint64_t	ips_badttl;
};

#ifdef _KERNEL

#include <machine/atomic.h>

struct mbuf;
struct inpcb;
struct ip;
struct route;
struct ifnet;

extern struct ipstat ipstat;
#define IPSTAT_INC(name)	atomic_add_64(&ipstat.name, 1)
#define IPSTAT_ADD(name, n)	atomic_add_64(&ipstat.name, (n))

extern int ip_defttl;			/* net.inet.ip.ttl */

/* ip_output() flags */
#define IP_FORWARDING	0x01
#define IP_RAWOUTPUT	0x02		/* the header is already built */
#define IP_ROUTETOIF	0x10		/* bypass the routing table */
#define IP_ALLOWBROADCAST 0x20		/* SO_BROADCAST */

/* Upper-layer input: m starts with the IP header (hlen bytes). */
typedef void	ip_proto_input_t(struct mbuf *m, int hlen);

void	ip_init(void);
void	ip_input(struct mbuf *m);
uint32_t ip_hashfn(const struct mbuf *m);
int	ip_output(struct mbuf *m, struct mbuf *opt, struct route *ro,
	    int flags, struct inpcb *inp);
uint16_t ip_newid(void);
void	ip_slowtimo(void);
void	rip_input(struct mbuf *m, int hlen);
int	ip_fragment(struct ip *ip, struct mbuf **m_frag, int mtu);
void	in_delayed_cksum(struct mbuf *m, int hlen);

#endif /* _KERNEL */

#endif /* !_NETINET_IP_VAR_H_ */
