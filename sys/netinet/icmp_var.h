/*
 * ICMP statistics (net.inet.icmp.stats, user ABI: uint64_t fields) and
 * the kernel entry points of ip_icmp.c.
 */
#ifndef _NETINET_ICMP_VAR_H_
#define _NETINET_ICMP_VAR_H_

#include <sys/types.h>

#define ICMP_NTYPES	19		/* types 0..ICMP_MAXTYPE */

struct icmpstat {
	uint64_t	icps_error;		/* icmp_error() calls */
	uint64_t	icps_oldshort;		/* no error: packet too short */
	uint64_t	icps_oldicmp;		/* no error: about an ICMP error */
	uint64_t	icps_outhist[ICMP_NTYPES]; /* sent, by type */
	uint64_t	icps_badcode;		/* code out of range */
	uint64_t	icps_tooshort;		/* shorter than ICMP_MINLEN */
	uint64_t	icps_checksum;		/* bad checksum */
	uint64_t	icps_badlen;		/* inconsistent length */
	uint64_t	icps_reflect;		/* replies sent */
	uint64_t	icps_inhist[ICMP_NTYPES]; /* received, by type */
	uint64_t	icps_bmcastecho;	/* broadcast echo ignored */
	uint64_t	icps_ratelimited;	/* errors not sent: rate limit */
};

#ifdef _KERNEL
#include <machine/atomic.h>

struct mbuf;
extern struct icmpstat icmpstat;
#define ICMPSTAT_INC(name)	atomic_add_64(&icmpstat.name, 1)

void	icmp_input(struct mbuf *m, int hlen);
void	icmp_error(struct mbuf *m, int type, int code, uint32_t dest,
	    int mtu);
#endif

#endif /* !_NETINET_ICMP_VAR_H_ */
