/*
 * The protocol switch.  Each protocol of a domain has a struct protosw:
 * its socket type and number, its flags (which decide how the socket
 * layer treats it: atomic records, addresses on each send, connection
 * required, rights passing), the hooks between protocols (pr_input,
 * pr_output, pr_ctlinput), and pr_usrreqs, the user requests.
 *
 * As in DragonFly, every user request takes a netmsg_t and runs in the
 * thread that owns the socket's protocol state, reached through so_port
 * (the port pr_initport gave the socket).  The request replies to the
 * message when done (lwkt_replymsg(&msg->lmsg, error)).  The so_pru_*
 * wrappers in uipc_msg.c build the messages.  pru_sosend and
 * pru_soreceive are direct calls made in the system call's thread; they
 * use the message-based requests for whatever must happen in the
 * protocol thread.
 *
 * A protocol marked PR_DIRECT_SEND instead has pru_send called in the
 * sending thread itself (so_pru_send): its send path must then take the
 * tokens that protect what it touches rather than rely on the protocol
 * thread's serialisation, and be done with its state when it calls
 * ip_output, since lo0 runs the input of what it sends (possibly to the
 * same protocol) right away in the same thread.
 *
 * The tables are immutable after boot, except PR_DIRECT_SEND, which the
 * protocol's own sysctl may clear and set again (it is read once for
 * each send, so either path is taken whole).
 */
#ifndef _SYS_PROTOSW_H_
#define _SYS_PROTOSW_H_

#ifdef _KERNEL

#include <sys/types.h>
#include <net/netmsg.h>

struct domain;
struct mbuf;
struct socket;
struct sockaddr;
struct sockbuf;
struct signalsockbuf;
struct uio;
struct thread;
struct ucred;
struct pr_usrreqs;

struct protosw {
	short		pr_type;	/* socket type: SOCK_* */
	struct domain	*pr_domain;	/* the domain it belongs to */
	short		pr_protocol;	/* protocol number */
	int		pr_flags;	/* PR_* */

	/* Between protocols. */
	int		(*pr_input)(struct mbuf **, int *offp, int proto);
	int		(*pr_output)(struct mbuf *, struct socket *, ...);
	void		(*pr_ctlinput)(netmsg_t);
	void		(*pr_ctloutput)(netmsg_t);	/* socket options */

	/* Utility. */
	void		(*pr_init)(void);
	void		(*pr_fasttimo)(void);	/* every 200 ms */
	void		(*pr_slowtimo)(void);	/* every 500 ms */
	void		(*pr_drain)(void);	/* give memory back */
	struct pr_usrreqs *pr_usrreqs;
	lwkt_port_t	(*pr_initport)(void);	/* port for a new socket */
};

#define PR_ATOMIC	0x0001		/* records are sent whole */
#define PR_ADDR		0x0002		/* addresses come with data */
#define PR_CONNREQUIRED	0x0004		/* connection needed to send */
#define PR_WANTRCVD	0x0008		/* tell the protocol of reads */
#define PR_RIGHTS	0x0010		/* passes access rights */
#define PR_IMPLOPCL	0x0020		/* sendto connects implicitly */
#define PR_LASTHDR	0x0040
#define PR_ADDR_OPT	0x0080		/* an address is optional */
#define PR_MPSAFE	0x0100
#define PR_SYNC_PORT	0x0200		/* requests run in the caller */
#define PR_ASYNC_SEND	0x0800		/* sends need no reply */
#define PR_ASYNC_RCVD	0x1000		/* pru_rcvd needs no reply */
#define PR_DIRECT_SEND	0x2000		/* pru_send may run in the caller */

/*
 * Data passed to pru_attach: the resource limits and credentials the new
 * socket is charged to.
 */
struct pru_attach_info {
	struct ucred	*p_ucred;
	int		fd;
};

struct pr_usrreqs {
	void	(*pru_abort)(netmsg_t);
	void	(*pru_accept)(netmsg_t);
	void	(*pru_attach)(netmsg_t);
	void	(*pru_bind)(netmsg_t);
	void	(*pru_connect)(netmsg_t);
	void	(*pru_connect2)(netmsg_t);
	void	(*pru_control)(netmsg_t);
	void	(*pru_detach)(netmsg_t);
	void	(*pru_disconnect)(netmsg_t);
	void	(*pru_listen)(netmsg_t);
	void	(*pru_peeraddr)(netmsg_t);
	void	(*pru_rcvd)(netmsg_t);
	void	(*pru_rcvoob)(netmsg_t);
	void	(*pru_send)(netmsg_t);
	void	(*pru_sense)(netmsg_t);
	void	(*pru_shutdown)(netmsg_t);
	void	(*pru_sockaddr)(netmsg_t);

	/* Direct calls, in the caller's thread. */
	int	(*pru_sosend)(struct socket *so, struct sockaddr *addr,
		    struct uio *uio, struct mbuf *top, struct mbuf *control,
		    int flags, struct thread *td);
	int	(*pru_soreceive)(struct socket *so, struct sockaddr **paddr,
		    struct uio *uio, struct sockbuf *sio,
		    struct mbuf **controlp, int *flagsp);
};

/* Requests a protocol does not support reply EOPNOTSUPP through these. */
void	pr_generic_notsupp(netmsg_t msg);

#endif /* _KERNEL */

#endif /* !_SYS_PROTOSW_H_ */
