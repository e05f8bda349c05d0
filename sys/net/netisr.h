/*
 * Network software interrupts: one protocol thread per CPU ("netisr0",
 * "netisr1" ...), each with an LWKT message port.  Input packets are
 * queued to a thread picked by a hash of their flow so that one flow is
 * always handled in order on one CPU; inet sockets are served by the
 * same threads (so_port = netisr_cpuport(n)), except the sends of
 * PR_DIRECT_SEND protocols, which run in the sender inside a direct
 * section.  See docs/sys/net/netisr.md.
 */
#ifndef _NET_NETISR_H_
#define _NET_NETISR_H_

#ifdef _KERNEL

#include <sys/types.h>
#include <net/netmsg.h>

struct mbuf;

#define NETISR_IP	1		/* IPv4 datagrams */
#define NETISR_ARP	2		/* ARP frames (ether header gone) */
#define NETISR_MAX	8

/* A queued packet: the message carries the mbuf chain to the thread. */
struct netmsg_packet {
	struct netmsg_base base;
	struct mbuf	*nm_packet;
	int		nm_proto;	/* NETISR_* */
};

typedef void	netisr_handler_t(struct mbuf *m);
typedef uint32_t netisr_hashfn_t(const struct mbuf *m);

void		netisr_register(int num, netisr_handler_t *handler,
		    netisr_hashfn_t *hashfn);
int		netisr_queue(int num, struct mbuf *m);	/* 0 or ENOBUFS */
lwkt_port_t	netisr_cpuport(int cpu);
lwkt_port_t	netisr_curport(void);	/* this CPU's netisr port */
int		netisr_hashcpu(uint32_t hash);
void		netisr_barrier(void);	/* wait until every netisr ran
					   what was queued before */
bool		netisr_running(void);	/* are we in a netisr thread */
int		netisr_direct_enter(void);	/* protocol work outside */
void		netisr_direct_leave(int slot);	/* the netisr threads */
void		netisr_direct_drain(void);	/* wait for older ones */
bool		netisr_direct_active(void);	/* in a direct section */
void		netisr_dispatch(int num, struct mbuf *m); /* run it here */
bool		netisr_defer_active(void);	/* netisr_defer allowed */
void		netisr_defer(int num, struct mbuf *m); /* run it after the
							  current message */

#endif /* _KERNEL */

#endif /* !_NET_NETISR_H_ */
