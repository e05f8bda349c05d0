/*
 * UDP inside the kernel: the statistics exported as net.inet.udp.stats
 * (user ABI, uint64_t fields) and the entry points of udp_usrreq.c.
 */
#ifndef _NETINET_UDP_VAR_H_
#define _NETINET_UDP_VAR_H_

#include <sys/types.h>

struct udpstat {
	uint64_t	udps_ipackets;		/* datagrams received */
	uint64_t	udps_hdrops;		/* shorter than a header */
	uint64_t	udps_badsum;		/* bad checksum */
	uint64_t	udps_nosum;		/* no checksum */
	uint64_t	udps_badlen;		/* length field wrong */
	uint64_t	udps_noport;		/* no socket on the port */
	uint64_t	udps_noportbcast;	/* ... for a broadcast */
	uint64_t	udps_fullsock;		/* receive buffer full */
	uint64_t	udps_delivered;		/* queued to sockets */
	uint64_t	udps_opackets;		/* datagrams sent */
};

#ifdef _KERNEL
#include <machine/atomic.h>

struct mbuf;
extern struct udpstat udpstat;
#define UDPSTAT_INC(name)	atomic_add_64(&udpstat.name, 1)

void	udp_input(struct mbuf *m, int hlen);
void	udp_ctlinput_unreach(const struct ip *oip, const void *l4, int error);
#endif

#endif /* !_NETINET_UDP_VAR_H_ */
