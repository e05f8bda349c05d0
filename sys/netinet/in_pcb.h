/*
 * Internet protocol control blocks (in_pcb.c): one struct inpcb per UDP,
 * raw or TCP socket, holding the local and foreign address and port, in
 * a per-protocol struct inpcbinfo with a list of all pcbs and a hash by
 * local port for input demultiplexing and bind conflicts.  Also the
 * exported records of net.inet.{udp,raw}.pcblist (struct xinpcb, user
 * ABI: fixed-width fields, versioned, length-prefixed, between a
 * struct xinpgen header and trailer as net.local.*.pcblist does).
 *
 * Ownership: the pcbs of a protocol and its lists are protected by the
 * protocol's ipi_token, which the protocol's user requests (run in a
 * netisr thread, or for UDP's sends in the sender) and its input path
 * (in any netisr thread) take first.
 * A pcb lives while its socket's so_pcb points to it.
 */
#ifndef _NETINET_IN_PCB_H_
#define _NETINET_IN_PCB_H_

#include <sys/types.h>
#include <sys/socketvar.h>
#include <netinet/in.h>

#define XINPCB_VERSION	1

struct xinpcb {
	uint32_t	xi_len;		/* sizeof(struct xinpcb) */
	uint32_t	xi_version;	/* XINPCB_VERSION */
	uint64_t	xi_inpp;	/* pcb id (an address for root) */
	uint64_t	inp_gencnt;
	uint32_t	inp_laddr;	/* network order */
	uint32_t	inp_faddr;
	uint16_t	inp_lport;	/* network order */
	uint16_t	inp_fport;
	uint32_t	inp_flags;	/* INP_* */
	uint8_t		inp_vflag;	/* INP_IPV4 */
	uint8_t		inp_ip_ttl;
	uint8_t		inp_ip_p;	/* raw: the protocol */
	uint8_t		inp_pad;
	int32_t		t_state;	/* TCP state; -1 for others */
	struct xsocket	xi_socket;
};

struct xinpgen {
	uint32_t	xig_len;	/* sizeof(struct xinpgen) */
	uint32_t	xig_count;	/* records that follow */
	uint64_t	xig_gen;	/* generation of the list */
	uint64_t	xig_sogen;
};

#define INP_IPV4	0x1		/* inp_vflag */

/* inp_flags */
#define INP_HDRINCL	0x0008		/* raw: user builds the header */
#define INP_REUSEADDR	0x0010		/* (copied from SO_REUSEADDR) */
#define INP_ANONPORT	0x0040		/* port chosen by the kernel */
#define INP_RECVDSTADDR	0x0080
#define INP_CONNECTED	0x0100		/* faddr/fport set */

#ifdef _KERNEL

#include <sys/queue.h>
#include <sys/thread.h>
#include <sys/thread2.h>

struct inpcbinfo;
struct sysctl_req;

struct inpcb {
	LIST_ENTRY(inpcb) inp_hash;	/* in the local-port hash */
	LIST_ENTRY(inpcb) inp_list;	/* all pcbs of the protocol */
	struct inpcbinfo *inp_pcbinfo;	/* immutable */
	struct socket	*inp_socket;	/* immutable */
	struct in_addr	inp_faddr;	/* foreign address */
	struct in_addr	inp_laddr;	/* local address, 0: any */
	uint16_t	inp_fport;	/* network order */
	uint16_t	inp_lport;	/* network order, 0: unbound */
	int		inp_flags;	/* INP_* */
	uint8_t		inp_ip_ttl;	/* IP_TTL */
	uint8_t		inp_ip_tos;	/* IP_TOS */
	uint8_t		inp_ip_p;	/* raw sockets: protocol */
	int		inp_bound_if;	/* IP_BOUND_IF ifindex, 0: none */
	uint64_t	inp_gencnt;	/* generation when created */
	uint64_t	inp_id;		/* opaque id for export */
	void		*inp_ppcb;	/* protocol's own (tcpcb) */
};

LIST_HEAD(inpcbhead, inpcb);

struct inpcbinfo {
	struct lwkt_token ipi_token;	/* protects everything below */
	struct inpcbhead ipi_listhead;	/* all pcbs */
	struct inpcbhead *ipi_porthash;	/* by local port */
	u_long		ipi_porthashmask;
	uint16_t	ipi_lastport;	/* last ephemeral port, host order */
	uint64_t	ipi_gencnt;	/* bumped on create and free */
	u_int		ipi_count;	/* pcbs */
	const char	*ipi_name;	/* "udp" */
};

#define sotoinpcb(so)	((struct inpcb *)(so)->so_pcb)

extern int ipport_firstauto;		/* net.inet.ip.portrange.first */
extern int ipport_lastauto;		/* net.inet.ip.portrange.last */

void	in_pcbinfo_init(struct inpcbinfo *pcbinfo, const char *name);
int	in_pcballoc(struct socket *so, struct inpcbinfo *pcbinfo);
void	in_pcbdetach(struct inpcb *inp);
int	in_pcbbind(struct inpcb *inp, struct sockaddr *nam, struct thread *td);
int	in_pcbconnect(struct inpcb *inp, struct sockaddr *nam,
	    struct thread *td);
void	in_pcbdisconnect(struct inpcb *inp);
int	in_pcbsetaddrs(struct inpcb *inp, struct in_addr laddr,
	    uint16_t lport, struct in_addr faddr, uint16_t fport);
int	in_pcbladdr(struct inpcb *inp, const struct sockaddr_in *sin,
	    struct in_addr *laddr);
struct inpcb *in_pcblookup(struct inpcbinfo *pcbinfo, struct in_addr faddr,
	    uint16_t fport, struct in_addr laddr, uint16_t lport,
	    bool wildcard);
struct sockaddr *in_sockaddr(uint16_t port, struct in_addr addr);
int	in_setsockaddr(struct socket *so, struct sockaddr **nam);
int	in_setpeeraddr(struct socket *so, struct sockaddr **nam);
int	in_pcblist(struct inpcbinfo *pcbinfo, struct sysctl_req *req,
	    int (*state)(struct inpcb *));
int	in_ctloutput_ip(struct inpcb *inp, struct sockopt *sopt);

#endif /* _KERNEL */

#endif /* !_NETINET_IN_PCB_H_ */
