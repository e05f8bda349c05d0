/*
 * The kernel's socket: struct socket, its two signalsockbufs, and the
 * socket-layer routines (uipc_socket.c, uipc_socket2.c) and message
 * wrappers (uipc_msg.c) the protocols and system calls use.  Also the
 * exported records (struct xsocket, struct xsockbuf) that sysctl hands to
 * netstat and sockstat: those are user ABI, with fixed-width fields so one
 * layout serves amd64 and aarch64.
 *
 * Ownership (DragonFly's model):
 *  - protocol state (so_pcb and what hangs off it) belongs to the thread
 *    behind so_port; every change to it is a message to that port;
 *  - each signalsockbuf is serialised by its own token, ssb_token, which
 *    the reader (so_rcv) or writer (so_snd) and the protocol take to
 *    append, drop and wake;
 *  - so_state and so_options are changed with atomic bit operations;
 *  - the accept queues (so_incomp, so_comp) of a listening socket are
 *    protected by its so_rcv token;
 *  - so_refs counts the references (descriptors, the protocol, accept
 *    queue membership, in-flight messages); sofree() frees the socket
 *    when the last one goes.
 */
#ifndef _SYS_SOCKETVAR_H_
#define _SYS_SOCKETVAR_H_

#include <sys/types.h>

/* ---- Exported records (user ABI) ----------------------------------- */

#define XSOCKBUF_VERSION	1
#define XSOCKET_VERSION		1

struct xsockbuf {
	uint64_t	sb_cc;		/* data bytes queued */
	uint64_t	sb_hiwat;	/* high water mark */
	uint64_t	sb_mbcnt;	/* storage in use */
	uint64_t	sb_mcnt;	/* mbufs */
	uint64_t	sb_ccnt;	/* clusters */
	uint64_t	sb_mbmax;	/* most storage allowed */
	int64_t		sb_lowat;	/* low water mark */
	int64_t		sb_timeo;	/* timeout, ticks */
	int32_t		sb_flags;	/* SSB_* */
	int32_t		sb_pad;
};

struct xsocket {
	uint32_t	xso_len;	/* sizeof(struct xsocket) */
	uint32_t	xso_version;	/* XSOCKET_VERSION */
	uint64_t	xso_so;		/* socket id (an address for root,
					   an opaque stable id otherwise) */
	uint64_t	so_pcb;		/* pcb id, likewise */
	int32_t		xso_protocol;
	int32_t		xso_family;
	int32_t		so_type;
	int32_t		so_options;
	int32_t		so_state;
	int32_t		so_linger;
	int32_t		so_qlen;	/* completed connections queued */
	int32_t		so_incqlen;	/* incomplete connections */
	int32_t		so_qlimit;	/* backlog */
	int32_t		so_error;
	int32_t		so_pgid;
	int32_t		so_pad;
	uint32_t	so_uid;		/* owner */
	uint32_t	so_oobmark;
	struct xsockbuf	so_rcv;
	struct xsockbuf	so_snd;
};

/* so_state */
#define SS_NOFDREF		0x0001	/* no descriptor refers to it */
#define SS_ISCONNECTED		0x0002	/* connected to a peer */
#define SS_ISCONNECTING		0x0004	/* connection in progress */
#define SS_ISDISCONNECTING	0x0008	/* disconnection in progress */
#define SS_CANTSENDMORE		0x0010	/* no more data to send */
#define SS_CANTRCVMORE		0x0020	/* no more data will come */
#define SS_RCVATMARK		0x0040	/* at the out-of-band mark */
#define SS_ISCLOSING		0x0100	/* soclose in progress */
#define SS_ASYNC		0x0200	/* SIGIO on I/O */
#define SS_ISCONFIRMING		0x0400
#define SS_ISDISCONNECTED	0x2000	/* disconnected: no peer now */
#define SS_ABORTING		0x4000	/* so_abort in progress */
#define SS_INCOMP		0x0800	/* on so_incomp of its head */
#define SS_COMP			0x1000	/* on so_comp of its head */
#define SS_ACCEPTMECH		0x8000	/* listen() set up accept queues */

/* ssb_flags */
#define SSB_LOCK	0x0001		/* ssb_lock held by a thread */
#define SSB_WANT	0x0002		/* someone waits for the lock */
#define SSB_WAIT	0x0004		/* someone waits for data/space */
#define SSB_SEL		0x0008		/* someone is polling */
#define SSB_ASYNC	0x0010		/* SIGIO */
#define SSB_NOINTR	0x0040		/* waits cannot be interrupted */
#define SSB_KNOTE	0x0100		/* knotes are attached */
#define SSB_MEVENT	0x0200		/* predicate messages are queued */
#define SSB_STOP	0x0400		/* stop sending (flow control) */
#define SSB_AUTOSIZE	0x0800
#define SSB_PREALLOC	0x1000
#define SSB_UPCALL	0x2000		/* call so_upcall on wakeups */

#ifdef _KERNEL

#include <sys/queue.h>
#include <sys/sockbuf.h>
#include <sys/select.h>
#include <sys/thread2.h>
#include <net/netmsg.h>

struct protosw;
struct ucred;
struct uio;
struct sockopt;
struct accept_filter;

/*
 * A socket buffer as the socket layer sees it: the queue, its watermarks
 * and limits, and how to wake whoever waits on it.
 */
struct signalsockbuf {
	struct sockbuf	sb;		/* the queue; under ssb_token */
	struct selinfo	ssb_sel;	/* poll/select and the knotes */
	TAILQ_HEAD(, netmsg_so_notify) ssb_mlist; /* predicates waiting */
	struct lwkt_token ssb_token;	/* serialises this buffer */
	volatile int	ssb_flags;	/* SSB_*; atomic */
	int		ssb_timeo;	/* SO_RCVTIMEO/SO_SNDTIMEO, ticks */
	long		ssb_hiwat;	/* high water: data bytes */
	long		ssb_lowat;	/* low water: wake-up point */
	u_long		ssb_mbmax;	/* most storage (mbufs + clusters) */
	long		ssb_inflight;	/* so_snd: bytes of asynchronous
					   sends (PR_ASYNC_SEND) the
					   protocol has not yet replied to;
					   under ssb_token */
};

#define ssb_cc		sb.sb_cc
#define ssb_mbcnt	sb.sb_mbcnt
#define ssb_mb		sb.sb_mb
#define ssb_lastmbuf	sb.sb_lastmbuf
#define ssb_lastrecord	sb.sb_lastrecord

/*
 * Room left, in data bytes and in storage; never negative.  Data on its
 * way to the protocol in asynchronous sends counts as queued already.
 */
static inline long
ssb_space(const struct signalsockbuf *ssb)
{
	long bleft = ssb->ssb_hiwat - (long)ssb->sb.sb_cc - ssb->ssb_inflight;
	long mleft = (long)ssb->ssb_mbmax - (long)ssb->sb.sb_mbcnt;

	return ((bleft < mleft) ? (bleft > 0 ? bleft : 0) :
	    (mleft > 0 ? mleft : 0));
}

struct socket {
	short		so_type;	/* SOCK_*; immutable */
	short		so_linger;	/* SO_LINGER seconds */
	int		so_options;	/* SO_*; atomic */
	volatile int	so_state;	/* SS_*; atomic */
	int		so_refs;	/* references; atomic */
	void		*so_pcb;	/* protocol state; so_port's */
	struct protosw	*so_proto;	/* immutable */
	lwkt_port_t	so_port;	/* port of the owning protocol
					   thread; immutable after create */
	struct socket	*so_head;	/* listening socket, if queued */
	TAILQ_HEAD(, socket) so_incomp;	/* connections being made */
	TAILQ_HEAD(, socket) so_comp;	/* ready for accept */
	TAILQ_ENTRY(socket) so_list;	/* on the head's so_incomp/so_comp */
	short		so_qlen;	/* so_comp length */
	short		so_incqlen;	/* so_incomp length */
	short		so_qlimit;	/* most queued (listen backlog) */
	u_short		so_error;	/* pending error; atomic */
	pid_t		so_pgid;	/* SIGIO/SIGURG target */
	u_long		so_oobmark;	/* bytes before the OOB mark */
	struct signalsockbuf so_rcv;	/* receive side */
	struct signalsockbuf so_snd;	/* send side */
	struct ucred	*so_cred;	/* creator; immutable */
	struct accept_filter *so_accf;	/* accept filter, if any */
	void		*so_accf_arg;
	char		*so_accf_str;
	void		(*so_upcall)(struct socket *, void *, int);
					/* called by sowakeup(so_rcv) when
					   SSB_UPCALL is set (accept
					   filters) */
	void		*so_upcallarg;
	uint64_t	so_gencnt;	/* generation, for pcblist */
	uint64_t	so_id;		/* opaque stable id for export */
	LIST_ENTRY(socket) so_all;	/* all sockets (kern.file joins) */
};

#define soreadable(so)							\
	((so)->so_rcv.sb.sb_cc >= (u_long)(so)->so_rcv.ssb_lowat ||	\
	 ((so)->so_state & SS_CANTRCVMORE) ||				\
	 !TAILQ_EMPTY(&(so)->so_comp) || (so)->so_error)
#define sowriteable(so)							\
	((ssb_space(&(so)->so_snd) >= (so)->so_snd.ssb_lowat &&	\
	  (((so)->so_state & SS_ISCONNECTED) ||				\
	   ((so)->so_proto->pr_flags & PR_CONNREQUIRED) == 0)) ||	\
	 ((so)->so_state & SS_CANTSENDMORE) || (so)->so_error)

/* Socket options passed between the socket layer and protocols. */
enum sopt_dir { SOPT_GET, SOPT_SET };
struct sockopt {
	enum sopt_dir	sopt_dir;
	int		sopt_level;	/* SOL_SOCKET or a protocol */
	int		sopt_name;
	void		*sopt_val;	/* user or kernel address */
	size_t		sopt_valsize;
	struct thread	*sopt_td;	/* NULL: sopt_val is in the kernel */
};

extern int	somaxconn;		/* kern.ipc.somaxconn */
extern u_long	sb_max;			/* kern.ipc.maxsockbuf */
extern int	numopensockets;		/* kern.ipc.numopensockets */

/* uipc_socket.c */
struct socket *soalloc(int waitok, struct protosw *pr);
int	socreate(int dom, struct socket **aso, int type, int proto,
	    struct thread *td);
int	sobind(struct socket *so, struct sockaddr *nam, struct thread *td);
int	solisten(struct socket *so, int backlog, struct thread *td);
int	soconnect(struct socket *so, struct sockaddr *nam,
	    struct thread *td, bool sync);
int	soconnect2(struct socket *so1, struct socket *so2,
	    struct ucred *cred);
int	soaccept(struct socket *so, struct sockaddr **nam);
int	soaccept_wait(struct socket *head, int fflags, struct socket **sop);
int	sodisconnect(struct socket *so);
int	soclose(struct socket *so, int fflag);
void	sofree(struct socket *so);
void	soreference(struct socket *so);
int	sosend(struct socket *so, struct sockaddr *addr, struct uio *uio,
	    struct mbuf *top, struct mbuf *control, int flags,
	    struct thread *td);
/*
 * Where sosend_source takes its bytes: fill the kernel buffers of iov
 * (iovcnt entries) in order, *donep the bytes stored.
 */
struct iovec;
typedef int	sosend_fill_t(void *arg, struct iovec *iov, int iovcnt,
		    size_t *donep);
int	sosend_source(struct socket *so, ssize_t *residp,
	    sosend_fill_t *fill, void *fillarg, int flags,
	    struct thread *td);
/*
 * Or a source that builds the chain itself (sendfile lending file pages):
 * at most len bytes in a chain whose first mbuf has M_PKTHDR, *gotp the
 * bytes in it (fewer than len: the source ended).
 */
struct mbuf;
typedef int	sosend_chain_t(void *arg, long len, struct mbuf **topp,
		    size_t *gotp);
int	sosend_source_chain(struct socket *so, ssize_t *residp,
	    sosend_chain_t *chain, void *arg, int flags, struct thread *td);
int	sosendudp(struct socket *so, struct sockaddr *addr,
	    struct uio *uio, struct mbuf *top, struct mbuf *control,
	    int flags, struct thread *td);
int	soreceive(struct socket *so, struct sockaddr **paddr,
	    struct uio *uio, struct sockbuf *sio, struct mbuf **controlp,
	    int *flagsp);
int	sorecvtcp(struct socket *so, struct sockaddr **paddr,
	    struct uio *uio, struct sockbuf *sio, struct mbuf **controlp,
	    int *flagsp);
int	soshutdown(struct socket *so, int how);
int	sosetopt(struct socket *so, struct sockopt *sopt);
int	sogetopt(struct socket *so, struct sockopt *sopt);
int	sooptcopyin(struct sockopt *sopt, void *buf, size_t len,
	    size_t minlen);
int	sooptcopyout(struct sockopt *sopt, const void *buf, size_t len);
void	sorflush(struct socket *so);
int	so_foreach(int (*fn)(struct socket *, void *), void *arg,
	    uint64_t *genp);
uint64_t so_generation(void);

/* uipc_syscalls.c: the system calls' copy-in of untrusted arguments,
   shared with the host harness's fuzz targets (regress/host/fuzz). */
int	getsockaddr(struct sockaddr **namp, const void *uaddr, socklen_t len);
int	sockargs_control(struct mbuf **mp, const void *ubuf, socklen_t len);

/* uipc_accf.c: accept filters hold a connection back from accept()
   until its first data satisfy them. */
struct accept_filter {
	char	accf_name[16];
	void	(*accf_callback)(struct socket *so, void *arg, int waitflag);
	void	*(*accf_create)(struct socket *so, char *arg);
	void	(*accf_destroy)(struct socket *so);
	SLIST_ENTRY(accept_filter) accf_next;
};
int	accept_filt_add(struct accept_filter *filt);
struct accept_filter *accept_filt_get(const char *name);
void	accept_filt_install(struct socket *head, struct socket *so);
int	accept_filt_setopt(struct socket *so, struct sockopt *sopt);
int	accept_filt_getopt(struct socket *so, struct sockopt *sopt);

/* uipc_socket2.c */
void	soisconnecting(struct socket *so);
void	soisconnected(struct socket *so);
void	soisdisconnecting(struct socket *so);
void	soisdisconnected(struct socket *so);
void	socantsendmore(struct socket *so);
void	socantrcvmore(struct socket *so);
struct socket *sonewconn(struct socket *head, int connstatus);
struct socket *sonewconn_faddr(struct socket *head, int connstatus,
	    const struct sockaddr *faddr);
int	soreserve(struct socket *so, u_long sndcc, u_long rcvcc);
int	ssb_reserve(struct signalsockbuf *ssb, u_long cc, struct socket *so);
void	ssb_release(struct signalsockbuf *ssb, struct socket *so);
int	ssb_wait(struct signalsockbuf *ssb);
int	ssb_lock(struct signalsockbuf *ssb, int flags);	/* M_WAITOK */
void	ssb_unlock(struct signalsockbuf *ssb);
void	sowakeup(struct socket *so, struct signalsockbuf *ssb);
#define sorwakeup(so)	sowakeup((so), &(so)->so_rcv)
#define sowwakeup(so)	sowakeup((so), &(so)->so_snd)
struct sockaddr *dup_sockaddr(const struct sockaddr *sa);
void	sotoxsocket(struct socket *so, struct xsocket *xso, bool priv);
bool	soexport_visible(struct socket *so);

/* uipc_msg.c: the user requests as messages to so_port. */
int	so_pru_abort(struct socket *so);
int	so_pru_accept(struct socket *so, struct sockaddr **nam);
int	so_pru_attach(struct socket *so, int proto,
	    struct pru_attach_info *ai);
int	so_pru_attach_direct(struct socket *so, int proto,
	    struct pru_attach_info *ai);
int	so_pru_detach_direct(struct socket *so);	/* in the protocol thread */
int	so_pru_bind(struct socket *so, struct sockaddr *nam,
	    struct thread *td);
int	so_pru_connect(struct socket *so, struct sockaddr *nam,
	    struct thread *td);
int	so_pru_connect2(struct socket *so1, struct socket *so2,
	    struct ucred *cred);
int	so_pru_control(struct socket *so, u_long cmd, caddr_t data,
	    struct ifnet *ifp, struct thread *td);
int	so_pru_detach(struct socket *so);
int	so_pru_disconnect(struct socket *so);
int	so_pru_listen(struct socket *so, struct thread *td);
int	so_pru_peeraddr(struct socket *so, struct sockaddr **nam);
int	so_pru_rcvd(struct socket *so, int flags);
void	so_pru_rcvd_async(struct socket *so);
int	so_pru_rcvoob(struct socket *so, struct mbuf *m, int flags);
int	so_pru_send(struct socket *so, int flags, struct mbuf *m,
	    struct sockaddr *addr, struct mbuf *control, struct thread *td);
void	so_pru_send_async(struct socket *so, int flags, struct mbuf *m,
	    struct sockaddr *addr, struct mbuf *control, struct thread *td);
int	so_pru_sense(struct socket *so, struct stat *sb);
int	so_pru_shutdown(struct socket *so);
int	so_pru_sockaddr(struct socket *so, struct sockaddr **nam);
int	so_pr_ctloutput(struct socket *so, struct sockopt *sopt);
void	netmsg_so_notify(netmsg_t msg);
lwkt_port_t netmsg_sync_port_get(void);	/* for PR_SYNC_PORT protocols */
void	netmsg_so_notify_abort(netmsg_t msg);
void	netmsg_so_notify_doabort(lwkt_msg_t lmsg);

#endif /* _KERNEL */

#endif /* !_SYS_SOCKETVAR_H_ */
