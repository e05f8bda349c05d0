/*
 * Network messages: the LWKT messages through which the socket layer asks
 * a protocol to act (DragonFly's design).  Each socket belongs to the
 * message port of the protocol thread that owns its state (so_port); a
 * system call builds a netmsg and sends it there, synchronously
 * (lwkt_domsg) or, for sends that need no answer, asynchronously.  The
 * protocol's pr_usrreqs function receives the netmsg_t, does the work in
 * the owning thread, and replies.  Unix-domain sockets use a synchronous
 * port that runs the handler in the caller's thread (PR_SYNC_PORT).
 *
 * Every message starts with struct netmsg_base; union netmsg overlays
 * them all so that one netmsg_t type flows through the protocol switch.
 */
#ifndef _NET_NETMSG_H_
#define _NET_NETMSG_H_

#ifdef _KERNEL

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/msgport.h>

struct socket;
struct sockaddr;
struct mbuf;
struct thread;
struct ucred;
struct sockopt;
struct stat;
struct pru_attach_info;

union netmsg;
typedef union netmsg *netmsg_t;
typedef void (*netisr_fn_t)(netmsg_t);

struct netmsg_base {
	struct lwkt_msg	lmsg;
	netisr_fn_t	nm_dispatch;	/* handler run by the owning port */
	struct socket	*nm_so;		/* socket the request is about */
};
typedef struct netmsg_base *netmsg_base_t;

struct netmsg_pru_abort {
	struct netmsg_base base;
};

struct netmsg_pru_accept {
	struct netmsg_base base;
	struct sockaddr	**nm_nam;	/* out: peer address (kmalloc'd) */
};

struct netmsg_pru_attach {
	struct netmsg_base base;
	int		nm_proto;
	struct pru_attach_info *nm_ai;
};

struct netmsg_pru_bind {
	struct netmsg_base base;
	struct sockaddr	*nm_nam;
	struct thread	*nm_td;
	int		nm_flags;
};

struct netmsg_pru_connect {
	struct netmsg_base base;
	struct sockaddr	*nm_nam;
	struct thread	*nm_td;
	struct mbuf	*nm_m;		/* implied-connect data, if any */
	int		nm_sndflags;
	int		nm_flags;	/* PRUC_* */
};
#define PRUC_RECONNECT	0x0001		/* second pass of a connect */

struct netmsg_pru_connect2 {
	struct netmsg_base base;
	struct socket	*nm_so1;
	struct socket	*nm_so2;
	struct ucred	*nm_cred;
};

struct netmsg_pru_control {
	struct netmsg_base base;
	u_long		nm_cmd;
	caddr_t		nm_data;
	struct ifnet	*nm_ifp;
	struct thread	*nm_td;
};

struct netmsg_pru_detach {
	struct netmsg_base base;
};

struct netmsg_pru_disconnect {
	struct netmsg_base base;
};

struct netmsg_pru_listen {
	struct netmsg_base base;
	struct thread	*nm_td;
	int		nm_flags;
};

struct netmsg_pru_peeraddr {
	struct netmsg_base base;
	struct sockaddr	**nm_nam;
};

struct netmsg_pru_rcvd {
	struct netmsg_base base;
	int		nm_flags;
	int		nm_pru_flags;
};

struct netmsg_pru_rcvoob {
	struct netmsg_base base;
	struct mbuf	*nm_m;
	int		nm_flags;
};

struct netmsg_pru_send {
	struct netmsg_base base;
	int		nm_flags;	/* PRUS_* */
	struct mbuf	*nm_m;		/* data; the protocol owns it */
	struct sockaddr	*nm_addr;	/* destination, if any */
	struct mbuf	*nm_control;	/* control; the protocol owns it */
	struct thread	*nm_td;
};
#define PRUS_OOB	0x0001
#define PRUS_EOF	0x0002		/* shut down the sending side after */
#define PRUS_MORETOCOME	0x0004
#define PRUS_NAMALLOC	0x0008		/* nm_addr was allocated: free it */
#define PRUS_NOREPLY	0x0010		/* asynchronous: nobody waits */
#define PRUS_FREEADDR	0x0020

struct netmsg_pru_sense {
	struct netmsg_base base;
	struct stat	*nm_stat;
};

struct netmsg_pru_shutdown {
	struct netmsg_base base;
};

struct netmsg_pru_sockaddr {
	struct netmsg_base base;
	struct sockaddr	**nm_nam;
};

struct netmsg_pr_ctloutput {
	struct netmsg_base base;
	struct sockopt	*nm_sopt;
};

/*
 * A predicate to wait for (netmsg_so_notify): the socket layer queues it
 * on a sockbuf's ssb_mlist, and whoever changes the sockbuf re-evaluates
 * it under the sockbuf token and replies when it holds.  Used for
 * blocking without a sleeping thread in the protocol.
 */
struct netmsg_so_notify;
typedef bool (*msg_predicate_fn_t)(struct netmsg_so_notify *);

struct netmsg_so_notify {
	struct netmsg_base base;
	msg_predicate_fn_t nm_predicate;
	int		nm_fflags;	/* flags to the predicate */
	int		nm_etype;	/* NM_REVENT / NM_WEVENT */
	TAILQ_ENTRY(netmsg_so_notify) nm_list;
};
#define NM_REVENT	0x1		/* waits on so_rcv */
#define NM_WEVENT	0x2		/* waits on so_snd */

union netmsg {
	struct netmsg_base		base;
	struct netmsg_pru_abort		abort;
	struct netmsg_pru_accept	accept;
	struct netmsg_pru_attach	attach;
	struct netmsg_pru_bind		bind;
	struct netmsg_pru_connect	connect;
	struct netmsg_pru_connect2	connect2;
	struct netmsg_pru_control	control;
	struct netmsg_pru_detach	detach;
	struct netmsg_pru_disconnect	disconnect;
	struct netmsg_pru_listen	listen;
	struct netmsg_pru_peeraddr	peeraddr;
	struct netmsg_pru_rcvd		rcvd;
	struct netmsg_pru_rcvoob	rcvoob;
	struct netmsg_pru_send		send;
	struct netmsg_pru_sense		sense;
	struct netmsg_pru_shutdown	shutdown;
	struct netmsg_pru_sockaddr	sockaddr;
	struct netmsg_pr_ctloutput	ctloutput;
	struct netmsg_so_notify		notify;
};

void	netmsg_init(netmsg_base_t msg, struct socket *so, lwkt_port_t rport,
	    int flags, netisr_fn_t dispatch);
void	netmsg_init_abortable(netmsg_base_t msg, struct socket *so,
	    lwkt_port_t rport, int flags, netisr_fn_t dispatch,
	    void (*abortfn)(lwkt_msg_t));

#endif /* _KERNEL */

#endif /* !_NET_NETMSG_H_ */
