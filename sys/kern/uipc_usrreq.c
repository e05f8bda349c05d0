/*
 * Unix-domain (AF_LOCAL) sockets: stream, datagram and seqpacket sockets
 * named in the file system, socketpair(), descriptor passing (SCM_RIGHTS)
 * with the garbage collector for descriptors in flight, credentials
 * (SCM_CREDS, LOCAL_PEERCRED, LOCAL_CREDS), and the pcblist exports.
 *
 * The protocol has no thread of its own (PR_SYNC_PORT): a request runs in
 * the calling thread, serialised by unp_token, which every entry point
 * takes first.  Data go straight from the sender into the peer's receive
 * buffer, under that buffer's token.  A stream sender's own send buffer
 * stays empty; its limits (ssb_hiwat, ssb_mbmax) shrink by what the peer
 * has queued and grow back as the peer reads (uipc_rcvd), which is how
 * the sender blocks when the reader falls behind (4.4BSD's scheme).
 *
 * Descriptors in flight: unp_internalize() turns the sender's descriptor
 * numbers into held struct file pointers (f_msgcount counts them);
 * unp_externalize() installs them in the receiver; unp_dispose() drops
 * those that will never be received.  Descriptors that are only reachable
 * from messages in sockets that are themselves only in flight form
 * cycles no close can break: unp_gc() finds them (mark from every file a
 * descriptor holds, through the rights queued in reachable sockets) and
 * flushes the sockets that nothing reaches.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/namei.h>
#include <sys/fcntl.h>
#include <sys/sysctl.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_UNPCB, "unpcb", "Unix-domain pcbs");

MALLOC_DECLARE(M_SONAME);

static struct lwkt_token unp_token = LWKT_TOKEN_INITIALIZER(unp_token);

static LIST_HEAD(, unpcb) unp_shead = LIST_HEAD_INITIALIZER(unp_shead);
static LIST_HEAD(, unpcb) unp_dhead = LIST_HEAD_INITIALIZER(unp_dhead);
static LIST_HEAD(, unpcb) unp_sphead = LIST_HEAD_INITIALIZER(unp_sphead);
static uint64_t unp_gencnt;		/* generation of the pcb lists */
static u_int unp_count;			/* pcbs in existence */
static uint64_t unp_nextid;
static ino_t unp_ino = 0x10000000;	/* fake inode numbers for fstat */
static int unp_rights;			/* descriptors in flight */
static bool unp_gcing, unp_gc_again;

/*
 * Buffer sizes.  A datagram may be at most the send buffer's size, so
 * net.local.dgram.maxdgram bounds a datagram (EMSGSIZE beyond it).
 */
static u_long unpst_sendspace = 64 * 1024;
static u_long unpst_recvspace = 64 * 1024;
static u_long unpdg_sendspace = 2 * 1024;	/* maximum datagram */
static u_long unpdg_recvspace = 16 * 1024;
static u_long unpsp_sendspace = 64 * 1024;
static u_long unpsp_recvspace = 64 * 1024;

static const struct sockaddr_un sun_noname = {
	.sun_len = offsetof(struct sockaddr_un, sun_path),
	.sun_family = AF_LOCAL,
};

static int	unp_attach(struct socket *so, struct pru_attach_info *ai);
static void	unp_detach(struct unpcb *unp);
static int	unp_bind(struct unpcb *unp, struct sockaddr *nam,
		    struct thread *td);
static int	unp_connect(struct socket *so, struct sockaddr *nam,
		    struct thread *td);
static int	unp_connect2(struct socket *so, struct socket *so2);
static void	unp_disconnect(struct unpcb *unp);
static void	unp_drop(struct unpcb *unp, int error);
static void	unp_shutdown(struct unpcb *unp);
static int	unp_internalize(struct mbuf **controlp, struct thread *td);
static int	unp_externalize(struct mbuf *control, int flags);
static void	unp_dispose(struct mbuf *m);
static void	unp_gc(void);
static struct mbuf *unp_addsockcred(struct thread *td, struct mbuf *control);

static void
cru2x(struct ucred *cr, pid_t pid, struct xucred *xcr)
{
	int i;

	bzero(xcr, sizeof(*xcr));
	xcr->cr_version = XUCRED_VERSION;
	xcr->cr_uid = cr->cr_uid;
	xcr->cr_ngroups = (int16_t)MIN(cr->cr_ngroups, XU_NGROUPS);
	for (i = 0; i < xcr->cr_ngroups; i++)
		xcr->cr_groups[i] = cr->cr_groups[i];
	xcr->cr_pid = pid;
}

static pid_t
td_pid(struct thread *td)
{
	return ((td != NULL && td->td_proc != NULL) ? td->td_proc->p_pid : 0);
}

static struct ucred *
td_cred(struct thread *td)
{
	return ((td != NULL && td->td_proc != NULL) ? td->td_proc->p_ucred :
	    proc0.p_ucred);
}

/* The creation mask of the calling process, for bound socket files. */
static mode_t
unp_cmask(void)
{
	struct filedesc *fdp = fd_curfiledesc();

	return (fdp != NULL ? fdp->fd_cmask : 022);
}

static void
unp_setcloexec(struct filedesc *fdp, int fd)
{
	spin_lock(&fdp->fd_spin);
	fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
	spin_unlock(&fdp->fd_spin);
}

/* ---- User requests -------------------------------------------------- */

#define UNP_ENTER()	lwkt_gettoken(&unp_token)
#define UNP_LEAVE()	lwkt_reltoken(&unp_token)

static void
uipc_abort(netmsg_t msg)
{
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp != NULL) {
		unp_drop(unp, ECONNABORTED);
		unp_detach(unp);
	}
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, unp != NULL ? 0 : EINVAL);
}

static struct sockaddr *
unp_addr_dup(const struct sockaddr_un *sun)
{
	return (dup_sockaddr((const struct sockaddr *)(sun != NULL ? sun :
	    &sun_noname)));
}

static void
uipc_accept(netmsg_t msg)
{
	struct unpcb *unp;
	int error = 0;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp == NULL)
		error = EINVAL;
	else
		*msg->accept.nm_nam = unp_addr_dup(unp->unp_conn != NULL ?
		    unp->unp_conn->unp_addr : NULL);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_attach(netmsg_t msg)
{
	int error;

	UNP_ENTER();
	if (sotounpcb(msg->base.nm_so) != NULL)
		error = EISCONN;
	else
		error = unp_attach(msg->base.nm_so, msg->attach.nm_ai);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_bind(netmsg_t msg)
{
	struct unpcb *unp;
	int error;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	error = (unp == NULL) ? EINVAL :
	    unp_bind(unp, msg->bind.nm_nam, msg->bind.nm_td);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_connect(netmsg_t msg)
{
	int error;

	UNP_ENTER();
	if (sotounpcb(msg->base.nm_so) == NULL)
		error = EINVAL;
	else
		error = unp_connect(msg->base.nm_so, msg->connect.nm_nam,
		    msg->connect.nm_td);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

/* socketpair(2): each side's peer credentials are the creator's. */
static void
uipc_connect2(netmsg_t msg)
{
	struct socket *so1 = msg->connect2.nm_so1;
	struct socket *so2 = msg->connect2.nm_so2;
	struct unpcb *unp1, *unp2;
	int error;

	UNP_ENTER();
	unp1 = sotounpcb(so1);
	unp2 = sotounpcb(so2);
	if (unp1 == NULL || unp2 == NULL) {
		error = EINVAL;
	} else {
		error = unp_connect2(so1, so2);
		if (error == 0 && so1->so_type != SOCK_DGRAM) {
			cru2x(msg->connect2.nm_cred, td_pid(curthread),
			    &unp1->unp_peercred);
			unp2->unp_peercred = unp1->unp_peercred;
			unp1->unp_flags |= UNP_HAVEPC;
			unp2->unp_flags |= UNP_HAVEPC;
		}
	}
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_detach(netmsg_t msg)
{
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp != NULL)
		unp_detach(unp);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, unp != NULL ? 0 : EINVAL);
	unp_gc();
}

static void
uipc_disconnect(netmsg_t msg)
{
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp != NULL)
		unp_disconnect(unp);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, unp != NULL ? 0 : EINVAL);
}

/*
 * listen(2) needs a bound name (there is no other way to reach the
 * socket).  The listener's credentials are kept for the peers that
 * connect, who read them with LOCAL_PEERCRED.
 */
static void
uipc_listen(netmsg_t msg)
{
	struct unpcb *unp;
	int error = 0;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp == NULL || unp->unp_vnode == NULL) {
		error = EINVAL;
	} else {
		cru2x(td_cred(msg->listen.nm_td), td_pid(msg->listen.nm_td),
		    &unp->unp_peercred);
		unp->unp_flags |= UNP_HAVEPCCACHED;
	}
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_peeraddr(netmsg_t msg)
{
	struct unpcb *unp;
	int error = 0;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp == NULL)
		error = EINVAL;
	else if (unp->unp_conn == NULL)
		error = ENOTCONN;
	else
		*msg->peeraddr.nm_nam = unp_addr_dup(unp->unp_conn->unp_addr);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

/*
 * The reader took data: give the sender back the room (see the head of
 * the file) and wake it.
 */
static void
uipc_rcvd(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so, *so2;
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(so);
	if (unp != NULL && so->so_type != SOCK_DGRAM &&
	    unp->unp_conn != NULL) {
		so2 = unp->unp_conn->unp_socket;
		lwkt_gettoken(&so->so_rcv.ssb_token);
		lwkt_gettoken(&so2->so_snd.ssb_token);
		so2->so_snd.ssb_mbmax += unp->unp_mbcnt -
		    so->so_rcv.sb.sb_mbcnt;
		unp->unp_mbcnt = so->so_rcv.sb.sb_mbcnt;
		so2->so_snd.ssb_hiwat += (long)unp->unp_cc -
		    (long)so->so_rcv.sb.sb_cc;
		unp->unp_cc = so->so_rcv.sb.sb_cc;
		lwkt_reltoken(&so2->so_snd.ssb_token);
		lwkt_reltoken(&so->so_rcv.ssb_token);
		sowwakeup(so2);
	}
	UNP_LEAVE();
	/* An asynchronous request's reply frees it (uipc_msg.c). */
	lwkt_replymsg(&msg->base.lmsg, 0);
}

/* Data and control into the peer's receive buffer. */
static void
uipc_send(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so, *so2;
	struct mbuf *m = msg->send.nm_m, *control = msg->send.nm_control;
	struct sockaddr *nam = msg->send.nm_addr;
	struct thread *td = msg->send.nm_td;
	int flags = msg->send.nm_flags;
	struct unpcb *unp, *unp2;
	const struct sockaddr *from;
	int error = 0;

	UNP_ENTER();
	unp = sotounpcb(so);
	if (unp == NULL) {
		error = EINVAL;
		goto release;
	}
	if (flags & PRUS_OOB) {
		error = EOPNOTSUPP;
		goto release;
	}
	if (control != NULL) {
		error = unp_internalize(&control, td);
		if (error != 0) {
			/*
			 * Still the sender's bytes: its SCM_RIGHTS hold
			 * descriptor numbers, not held files, so it must
			 * not go through unp_dispose below.
			 */
			m_freem(control);
			control = NULL;
			goto release;
		}
	}

	switch (so->so_type) {
	case SOCK_DGRAM:
		if (nam != NULL) {
			if (unp->unp_conn != NULL) {
				error = EISCONN;
				break;
			}
			error = unp_connect(so, nam, td);
			if (error != 0)
				break;
		} else if (unp->unp_conn == NULL) {
			error = ENOTCONN;
			break;
		}
		unp2 = unp->unp_conn;
		so2 = unp2->unp_socket;
		if (unp2->unp_flags & UNP_WANTCRED)
			control = unp_addsockcred(td, control);
		from = (const struct sockaddr *)(unp->unp_addr != NULL ?
		    unp->unp_addr : &sun_noname);
		lwkt_gettoken(&so2->so_rcv.ssb_token);
		if (ssb_space(&so2->so_rcv) < (long)(m_lengthm(m, NULL) +
		    (control != NULL ? m_lengthm(control, NULL) : 0)) ||
		    !sbappendaddr(&so2->so_rcv.sb, from, m, control)) {
			lwkt_reltoken(&so2->so_rcv.ssb_token);
			error = ENOBUFS;
		} else {
			lwkt_reltoken(&so2->so_rcv.ssb_token);
			m = NULL;
			control = NULL;
			sorwakeup(so2);
		}
		if (nam != NULL)
			unp_disconnect(unp);
		break;

	case SOCK_STREAM:
	case SOCK_SEQPACKET:
		if ((so->so_state & SS_ISCONNECTED) == 0) {
			if (nam == NULL) {
				error = ENOTCONN;
				break;
			}
			error = unp_connect(so, nam, td);
			if (error != 0)
				break;
		}
		if (so->so_state & SS_CANTSENDMORE) {
			error = EPIPE;
			break;
		}
		unp2 = unp->unp_conn;
		if (unp2 == NULL) {
			error = ENOTCONN;
			break;
		}
		so2 = unp2->unp_socket;
		if (unp2->unp_flags & UNP_WANTCRED) {
			/* LOCAL_CREDS on a stream: only the first message. */
			unp2->unp_flags &= ~UNP_WANTCRED;
			control = unp_addsockcred(td, control);
		}
		lwkt_gettoken(&so2->so_rcv.ssb_token);
		if (so->so_type == SOCK_SEQPACKET && m != NULL)
			m_last(m)->m_flags |= M_EOR;
		if (control != NULL) {
			if (sbappendcontrol(&so2->so_rcv.sb, m, control))
				control = NULL;
		} else if (so->so_type == SOCK_SEQPACKET) {
			sbappendrecord(&so2->so_rcv.sb, m);
		} else {
			sbappendstream(&so2->so_rcv.sb, m);
		}
		m = NULL;
		/* Charge what the peer now holds to our send limits. */
		lwkt_gettoken(&so->so_snd.ssb_token);
		so->so_snd.ssb_mbmax -= so2->so_rcv.sb.sb_mbcnt -
		    unp2->unp_mbcnt;
		unp2->unp_mbcnt = so2->so_rcv.sb.sb_mbcnt;
		so->so_snd.ssb_hiwat -= (long)so2->so_rcv.sb.sb_cc -
		    (long)unp2->unp_cc;
		unp2->unp_cc = so2->so_rcv.sb.sb_cc;
		lwkt_reltoken(&so->so_snd.ssb_token);
		lwkt_reltoken(&so2->so_rcv.ssb_token);
		sorwakeup(so2);
		break;

	default:
		error = EOPNOTSUPP;
		break;
	}

	if (flags & PRUS_EOF) {
		socantsendmore(so);
		unp_shutdown(unp);
	}
release:
	if (control != NULL) {
		if (error != 0)
			unp_dispose(control);
		m_freem(control);
	}
	if (m != NULL)
		m_freem(m);
	if (msg->send.nm_flags & PRUS_NAMALLOC)
		kfree(nam, M_SONAME);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_sense(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct stat *sb = msg->sense.nm_stat;
	struct unpcb *unp;
	int error = 0;

	UNP_ENTER();
	unp = sotounpcb(so);
	if (unp == NULL) {
		error = EINVAL;
	} else {
		sb->st_blksize = (int32_t)so->so_snd.ssb_hiwat;
		if (so->so_type == SOCK_STREAM && unp->unp_conn != NULL)
			sb->st_blksize += (int32_t)
			    unp->unp_conn->unp_socket->so_rcv.sb.sb_cc;
		sb->st_dev = (uint64_t)-1;
		if (unp->unp_ino == 0)
			unp->unp_ino = unp_ino++;
		sb->st_ino = unp->unp_ino;
	}
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
uipc_shutdown(netmsg_t msg)
{
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp != NULL) {
		socantsendmore(msg->base.nm_so);
		unp_shutdown(unp);
	}
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, unp != NULL ? 0 : EINVAL);
}

static void
uipc_sockaddr(netmsg_t msg)
{
	struct unpcb *unp;

	UNP_ENTER();
	unp = sotounpcb(msg->base.nm_so);
	if (unp != NULL)
		*msg->sockaddr.nm_nam = unp_addr_dup(unp->unp_addr);
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, unp != NULL ? 0 : EINVAL);
}

/* Options at level SOL_LOCAL: LOCAL_PEERCRED and LOCAL_CREDS. */
static void
uipc_ctloutput(netmsg_t msg)
{
	struct sockopt *sopt = msg->ctloutput.nm_sopt;
	struct socket *so = msg->base.nm_so;
	struct unpcb *unp;
	int error = 0, optval;

	if (sopt->sopt_level != SOL_LOCAL) {
		lwkt_replymsg(&msg->base.lmsg,
		    sopt->sopt_level == SOL_SOCKET ? 0 : EINVAL);
		return;
	}
	UNP_ENTER();
	unp = sotounpcb(so);
	if (unp == NULL) {
		error = EINVAL;
		goto out;
	}
	switch (sopt->sopt_name) {
	case LOCAL_PEERCRED:
		if (sopt->sopt_dir != SOPT_GET) {
			error = EINVAL;
		} else if (unp->unp_flags & UNP_HAVEPC) {
			struct xucred xu = unp->unp_peercred;

			UNP_LEAVE();
			error = sooptcopyout(sopt, &xu, sizeof(xu));
			lwkt_replymsg(&msg->base.lmsg, error);
			return;
		} else {
			error = (so->so_type == SOCK_STREAM ||
			    so->so_type == SOCK_SEQPACKET) ? ENOTCONN :
			    EINVAL;
		}
		break;
	case LOCAL_CREDS:
		if (sopt->sopt_dir == SOPT_GET) {
			optval = (unp->unp_flags & UNP_WANTCRED) != 0;
			UNP_LEAVE();
			error = sooptcopyout(sopt, &optval, sizeof(optval));
			lwkt_replymsg(&msg->base.lmsg, error);
			return;
		}
		UNP_LEAVE();
		error = sooptcopyin(sopt, &optval, sizeof(optval),
		    sizeof(optval));
		UNP_ENTER();
		if (error == 0 && (unp = sotounpcb(so)) != NULL) {
			if (optval)
				unp->unp_flags |= UNP_WANTCRED;
			else
				unp->unp_flags &= ~UNP_WANTCRED;
		}
		break;
	default:
		error = ENOPROTOOPT;
		break;
	}
out:
	UNP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static struct pr_usrreqs uipc_usrreqs = {
	.pru_abort = uipc_abort,
	.pru_accept = uipc_accept,
	.pru_attach = uipc_attach,
	.pru_bind = uipc_bind,
	.pru_connect = uipc_connect,
	.pru_connect2 = uipc_connect2,
	.pru_control = pr_generic_notsupp,
	.pru_detach = uipc_detach,
	.pru_disconnect = uipc_disconnect,
	.pru_listen = uipc_listen,
	.pru_peeraddr = uipc_peeraddr,
	.pru_rcvd = uipc_rcvd,
	.pru_rcvoob = pr_generic_notsupp,
	.pru_send = uipc_send,
	.pru_sense = uipc_sense,
	.pru_shutdown = uipc_shutdown,
	.pru_sockaddr = uipc_sockaddr,
	.pru_sosend = sosend,
	.pru_soreceive = soreceive,
};

/* ---- The pcb life cycle -------------------------------------------- */

static int
unp_attach(struct socket *so, struct pru_attach_info *ai)
{
	struct unpcb *unp;
	u_long snd, rcv;
	int error;

	switch (so->so_type) {
	case SOCK_STREAM:
		snd = unpst_sendspace;
		rcv = unpst_recvspace;
		break;
	case SOCK_DGRAM:
		snd = unpdg_sendspace;
		rcv = unpdg_recvspace;
		break;
	case SOCK_SEQPACKET:
		snd = unpsp_sendspace;
		rcv = unpsp_recvspace;
		break;
	default:
		return (EPROTOTYPE);
	}
	if (so->so_snd.ssb_hiwat == 0 || so->so_rcv.ssb_hiwat == 0) {
		error = soreserve(so, snd, rcv);
		if (error != 0)
			return (error);
	}
	unp = kmalloc(sizeof(*unp), M_UNPCB, M_WAITOK | M_ZERO);
	LIST_INIT(&unp->unp_refs);
	unp->unp_socket = so;
	unp->unp_gencnt = ++unp_gencnt;
	unp->unp_id = ++unp_nextid;
	unp_count++;
	switch (so->so_type) {
	case SOCK_STREAM:
		LIST_INSERT_HEAD(&unp_shead, unp, unp_link);
		break;
	case SOCK_DGRAM:
		LIST_INSERT_HEAD(&unp_dhead, unp, unp_link);
		break;
	default:
		LIST_INSERT_HEAD(&unp_sphead, unp, unp_link);
		break;
	}
	so->so_pcb = unp;
	return (0);
}

static void
unp_detach(struct unpcb *unp)
{
	struct socket *so = unp->unp_socket;
	struct vnode *vp;

	LIST_REMOVE(unp, unp_link);
	unp_gencnt++;
	unp_count--;
	if ((vp = unp->unp_vnode) != NULL) {
		vp->v_socket = NULL;
		unp->unp_vnode = NULL;
	}
	if (unp->unp_conn != NULL)
		unp_disconnect(unp);
	while (!LIST_EMPTY(&unp->unp_refs))
		unp_drop(LIST_FIRST(&unp->unp_refs), ECONNRESET);
	so->so_pcb = NULL;
	if (unp->unp_addr != NULL)
		kfree(unp->unp_addr, M_SONAME);
	kfree(unp, M_UNPCB);
	if (vp != NULL)
		vrele(vp);
}

/*
 * Bind to a path: create a socket node there (EADDRINUSE if the name
 * exists) that remembers the socket in v_socket.
 */
static int
unp_bind(struct unpcb *unp, struct sockaddr *nam, struct thread *td)
{
	struct sockaddr_un *soun = (struct sockaddr_un *)nam;
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp;
	char *buf;
	int error, namelen;

	if (unp->unp_vnode != NULL)
		return (EINVAL);
	if (soun->sun_len > sizeof(struct sockaddr_un) ||
	    soun->sun_len < offsetof(struct sockaddr_un, sun_path))
		return (EINVAL);
	namelen = soun->sun_len - (int)offsetof(struct sockaddr_un, sun_path);
	if (namelen <= 0)
		return (EINVAL);
	buf = kmalloc(namelen + 1, M_TEMP, M_WAITOK);
	bcopy(soun->sun_path, buf, namelen);
	buf[namelen] = '\0';
	if (buf[0] == '\0') {
		kfree(buf, M_TEMP);
		return (EINVAL);
	}

	NDINIT(&nd, CREATE, WANTPARENT, UIO_SYSSPACE, buf, AT_FDCWD);
	error = namei(&nd);
	if (error != 0) {
		kfree(buf, M_TEMP);
		return (error);
	}
	if (nd.ni_vp != NULL) {
		NDFREE(&nd);
		kfree(buf, M_TEMP);
		return (EADDRINUSE);
	}
	vattr_null(&va);
	va.va_type = VSOCK;
	va.va_mode = ACCESSPERMS & ~unp_cmask();
	error = VOP_MKNOD(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
	if (error != 0) {
		NDFREE(&nd);
		kfree(buf, M_TEMP);
		return (error);
	}
	vp = nd.ni_vp;
	vref(vp);		/* NDFREE drops the lookup's reference */
	NDFREE(&nd);
	if (unp->unp_vnode != NULL || unp->unp_socket->so_pcb != unp) {
		/* Lost a race with another bind while we slept. */
		vrele(vp);
		kfree(buf, M_TEMP);
		return (EINVAL);
	}
	vp->v_socket = unp->unp_socket;
	unp->unp_vnode = vp;
	unp->unp_addr = (struct sockaddr_un *)dup_sockaddr(nam);
	kfree(buf, M_TEMP);
	return (0);
}

/*
 * Connect to the socket named by nam: write permission on the socket
 * file is needed, the types must match, and a connection-oriented
 * listener gets a new socket (sonewconn) that becomes our peer.
 */
static int
unp_connect(struct socket *so, struct sockaddr *nam, struct thread *td)
{
	struct sockaddr_un *soun = (struct sockaddr_un *)nam;
	struct unpcb *unp = sotounpcb(so), *unp2, *unp3;
	struct socket *so2, *so3;
	struct vnode *vp;
	char *buf;
	int error, namelen;

	if (soun->sun_len > sizeof(struct sockaddr_un) ||
	    soun->sun_len <= offsetof(struct sockaddr_un, sun_path))
		return (EINVAL);
	if (soun->sun_family != AF_LOCAL)
		return (EAFNOSUPPORT);
	namelen = soun->sun_len - (int)offsetof(struct sockaddr_un, sun_path);
	buf = kmalloc(namelen + 1, M_TEMP, M_WAITOK);
	bcopy(soun->sun_path, buf, namelen);
	buf[namelen] = '\0';
	error = namei_lookup(buf, FOLLOW, &vp);
	kfree(buf, M_TEMP);
	if (error != 0)
		return (error);
	if (vp->v_type != VSOCK) {
		error = ENOTSOCK;
		goto bad;
	}
	error = VOP_ACCESS(vp, VWRITE, td_cred(td));
	if (error != 0)
		goto bad;
	if ((unp = sotounpcb(so)) == NULL) {
		error = EINVAL;		/* closed while we looked */
		goto bad;
	}
	so2 = vp->v_socket;
	if (so2 == NULL) {
		error = ECONNREFUSED;
		goto bad;
	}
	if (so->so_type != so2->so_type) {
		error = EPROTOTYPE;
		goto bad;
	}
	if (so->so_proto->pr_flags & PR_CONNREQUIRED) {
		if ((so2->so_options & SO_ACCEPTCONN) == 0 ||
		    (so3 = sonewconn(so2, 0)) == NULL) {
			error = ECONNREFUSED;
			goto bad;
		}
		unp2 = sotounpcb(so2);
		unp3 = sotounpcb(so3);
		if (unp2->unp_addr != NULL)
			unp3->unp_addr = (struct sockaddr_un *)
			    dup_sockaddr((struct sockaddr *)unp2->unp_addr);
		/*
		 * Credentials: the accepted socket sees the connecting
		 * process; the connecting socket sees the listener's.
		 */
		cru2x(td_cred(td), td_pid(td), &unp3->unp_peercred);
		unp3->unp_flags |= UNP_HAVEPC;
		if (unp2->unp_flags & UNP_HAVEPCCACHED) {
			unp->unp_peercred = unp2->unp_peercred;
			unp->unp_flags |= UNP_HAVEPC;
		}
		if (unp2->unp_flags & UNP_WANTCRED)
			unp3->unp_flags |= UNP_WANTCRED;
		so2 = so3;
	}
	error = unp_connect2(so, so2);
bad:
	vrele(vp);
	return (error);
}

static int
unp_connect2(struct socket *so, struct socket *so2)
{
	struct unpcb *unp = sotounpcb(so), *unp2;

	if (so2->so_type != so->so_type)
		return (EPROTOTYPE);
	unp2 = sotounpcb(so2);
	if (unp2 == NULL)
		return (EINVAL);
	unp->unp_conn = unp2;
	switch (so->so_type) {
	case SOCK_DGRAM:
		LIST_INSERT_HEAD(&unp2->unp_refs, unp, unp_reflink);
		soisconnected(so);
		break;
	case SOCK_STREAM:
	case SOCK_SEQPACKET:
		unp2->unp_conn = unp;
		soisconnected(so2);
		soisconnected(so);
		break;
	default:
		return (EPROTOTYPE);
	}
	return (0);
}

static void
unp_disconnect(struct unpcb *unp)
{
	struct unpcb *unp2 = unp->unp_conn;

	if (unp2 == NULL)
		return;
	unp->unp_conn = NULL;
	switch (unp->unp_socket->so_type) {
	case SOCK_DGRAM:
		LIST_REMOVE(unp, unp_reflink);
		atomic_clear_int(&unp->unp_socket->so_state, SS_ISCONNECTED);
		break;
	default:
		soisdisconnected(unp->unp_socket);
		unp2->unp_conn = NULL;
		soisdisconnected(unp2->unp_socket);
		break;
	}
}

static void
unp_drop(struct unpcb *unp, int error)
{
	unp->unp_socket->so_error = (u_short)error;
	unp_disconnect(unp);
}

/* The sending side shut down: the peer reads EOF after what is queued. */
static void
unp_shutdown(struct unpcb *unp)
{
	if (unp->unp_socket->so_type != SOCK_DGRAM && unp->unp_conn != NULL)
		socantrcvmore(unp->unp_conn->unp_socket);
}

/* ---- Rights in flight ---------------------------------------------- */

/* The files of an SCM_RIGHTS message as the kernel holds them. */
static int
cmsg_nfiles(const struct cmsghdr *cm)
{
	return ((int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(struct file *)));
}

/*
 * Convert the sender's control messages into the form that travels:
 * SCM_RIGHTS descriptors become held struct file pointers; SCM_CREDS is
 * filled in by the kernel from the sender's credentials (whatever the
 * sender wrote is ignored).  Anything malformed is EINVAL; a bad
 * descriptor is EBADF, and nothing stays held on an error.
 */
static int
unp_internalize(struct mbuf **controlp, struct thread *td)
{
	struct mbuf *control = *controlp, *out = NULL;
	struct cmsghdr *cm, *ncm;
	struct file **rp, *fp;
	char *data, *odata;
	int *fdp, clen, off, nfds, i, error = 0, olen = 0;

	if (control->m_next != NULL)
		return (EINVAL);
	data = mtod(control, char *);
	clen = control->m_len;
	/* The output never needs more than twice the input, plus creds. */
	out = m_getcl(M_WAITOK, MT_CONTROL, 0);
	odata = mtod(out, char *);

	for (off = 0; off < clen;) {
		if (clen - off < (int)sizeof(struct cmsghdr)) {
			error = EINVAL;
			goto bad;
		}
		cm = (struct cmsghdr *)(data + off);
		/*
		 * Shorter than the aligned header is malformed: the data
		 * length below would go negative and wrap the size checks.
		 */
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    cm->cmsg_len > (socklen_t)(clen - off) ||
		    cm->cmsg_level != SOL_SOCKET) {
			error = EINVAL;
			goto bad;
		}
		switch (cm->cmsg_type) {
		case SCM_RIGHTS:
			nfds = (int)((cm->cmsg_len - CMSG_LEN(0)) /
			    sizeof(int));
			if (CMSG_SPACE(nfds * sizeof(struct file *)) >
			    (size_t)(MCLBYTES - olen)) {
				error = EMSGSIZE;
				goto bad;
			}
			ncm = (struct cmsghdr *)(odata + olen);
			ncm->cmsg_len = (socklen_t)CMSG_LEN(nfds *
			    sizeof(struct file *));
			ncm->cmsg_level = SOL_SOCKET;
			ncm->cmsg_type = SCM_RIGHTS;
			fdp = (int *)CMSG_DATA(cm);
			rp = (struct file **)CMSG_DATA(ncm);
			for (i = 0; i < nfds; i++) {
				error = holdfp(td, fdp[i], 0, &fp);
				if (error != 0) {
					/* Undo the ones taken so far. */
					while (--i >= 0)
						fdrop(rp[i]);
					error = EBADF;
					goto bad;
				}
				rp[i] = fp;
			}
			for (i = 0; i < nfds; i++) {
				rp[i]->f_msgcount++;
				unp_rights++;
			}
			olen += (int)CMSG_SPACE(nfds * sizeof(struct file *));
			break;
		case SCM_CREDS: {
			struct cmsgcred cc;
			struct ucred *cr = td_cred(td);

			if (CMSG_SPACE(sizeof(cc)) > (size_t)(MCLBYTES - olen)) {
				error = EMSGSIZE;
				goto bad;
			}
			bzero(&cc, sizeof(cc));
			cc.cmcred_pid = td_pid(td);
			cc.cmcred_uid = cr->cr_ruid;
			cc.cmcred_euid = cr->cr_uid;
			cc.cmcred_gid = cr->cr_rgid;
			cc.cmcred_ngroups = (int16_t)MIN(cr->cr_ngroups,
			    CMGROUP_MAX);
			for (i = 0; i < cc.cmcred_ngroups; i++)
				cc.cmcred_groups[i] = cr->cr_groups[i];
			ncm = (struct cmsghdr *)(odata + olen);
			ncm->cmsg_len = (socklen_t)CMSG_LEN(sizeof(cc));
			ncm->cmsg_level = SOL_SOCKET;
			ncm->cmsg_type = SCM_CREDS;
			bcopy(&cc, CMSG_DATA(ncm), sizeof(cc));
			olen += (int)CMSG_SPACE(sizeof(cc));
			break;
		}
		default:
			error = EINVAL;
			goto bad;
		}
		off += (int)_CMSG_ALIGN(cm->cmsg_len);
	}
	out->m_len = olen;
	m_freem(control);
	*controlp = out;
	return (0);
bad:
	out->m_len = olen;
	unp_dispose(out);
	m_freem(out);
	return (error);
}

/* Let go of one file in flight that will not be received. */
static void
unp_discard(struct file *fp)
{
	fp->f_msgcount--;
	unp_rights--;
	fdrop(fp);
}

/*
 * Install the files of every SCM_RIGHTS message in control into the
 * receiving process and rewrite the messages, in place, as descriptor
 * numbers; other messages (SCM_CREDS) are kept as they are, wherever
 * the rights sit among them.  All or nothing: the descriptors for every
 * message are reserved before any file is installed, so with too few
 * free slots no descriptor reaches the process unseen.  Then every file
 * is dropped, the SCM_RIGHTS messages are taken out of control, and
 * EMSGSIZE tells soreceive to report MSG_CTRUNC.  MSG_CMSG_CLOEXEC
 * marks the new descriptors close-on-exec.
 */
static int
unp_externalize(struct mbuf *control, int flags)
{
	struct proc *p = curproc;
	struct cmsghdr *cm, *ncm;
	struct file **fpv = NULL;
	char *data = mtod(control, char *);
	int off, olen, n, i, k, nfiles = 0, error = 0, *fdv = NULL;
	int len = control->m_len;
	socklen_t clen;

	/* What the kernel queued is well formed; count the files. */
	for (off = 0; off + (int)sizeof(*cm) <= len;
	    off += (int)_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct cmsghdr *)(data + off);
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    cm->cmsg_len > (socklen_t)(len - off))
			break;
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS)
			nfiles += cmsg_nfiles(cm);
	}
	if (nfiles > 0) {
		fdv = kmalloc(sizeof(int) * (size_t)nfiles, M_TEMP,
		    M_WAITOK);
		fpv = kmalloc(sizeof(*fpv) * (size_t)nfiles, M_TEMP,
		    M_WAITOK);
		for (i = 0; i < nfiles; i++) {
			error = (p != NULL) ? fdalloc(p, 0, &fdv[i]) : EINVAL;
			if (error != 0) {
				while (--i >= 0)
					fdunreserve(p->p_fd, fdv[i]);
				error = EMSGSIZE;
				break;
			}
		}
	}

	/*
	 * Compact in place.  Output never outruns input: an int is no
	 * larger than a file pointer, and a message's files are copied
	 * out before its slot is rewritten.
	 */
	olen = 0;
	k = 0;
	for (off = 0; off + (int)sizeof(*cm) <= len;) {
		cm = (struct cmsghdr *)(data + off);
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    cm->cmsg_len > (socklen_t)(len - off))
			break;
		clen = cm->cmsg_len;
		off += (int)_CMSG_ALIGN(clen);
		ncm = (struct cmsghdr *)(data + olen);
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS) {
			/* The move may overwrite cm's own header. */
			if (ncm != cm)
				bcopy(cm, ncm, clen);
			olen += (int)_CMSG_ALIGN(clen);
			continue;
		}
		n = cmsg_nfiles(cm);
		bcopy(CMSG_DATA(cm), &fpv[k], sizeof(*fpv) * (size_t)n);
		if (error != 0) {
			for (i = 0; i < n; i++)
				unp_discard(fpv[k + i]);
			k += n;
			continue;
		}
		for (i = 0; i < n; i++) {
			fsetfd(p->p_fd, fpv[k + i], fdv[k + i]);
			if (flags & MSG_CMSG_CLOEXEC)
				unp_setcloexec(p->p_fd, fdv[k + i]);
			unp_discard(fpv[k + i]);  /* the table holds it now */
		}
		ncm->cmsg_len = (socklen_t)CMSG_LEN(n * sizeof(int));
		ncm->cmsg_level = SOL_SOCKET;
		ncm->cmsg_type = SCM_RIGHTS;
		bcopy(&fdv[k], CMSG_DATA(ncm), sizeof(int) * (size_t)n);
		olen += (int)CMSG_SPACE(n * sizeof(int));
		k += n;
	}
	control->m_len = olen;
	if (nfiles > 0) {
		kfree(fpv, M_TEMP);
		kfree(fdv, M_TEMP);
	}
	return (error);
}

static int
unp_externalize_dom(struct mbuf *control, int flags)
{
	int error;

	UNP_ENTER();
	error = unp_externalize(control, flags);
	UNP_LEAVE();
	return (error);
}

/* Apply fn to every file in the SCM_RIGHTS messages of a record list. */
static void
unp_scan(struct mbuf *m0, void (*fn)(struct file *, void *), void *arg)
{
	struct mbuf *m, *rec;
	struct cmsghdr *cm;
	struct file **rp;
	int off, n, i;

	for (rec = m0; rec != NULL; rec = rec->m_nextpkt) {
		for (m = rec; m != NULL; m = m->m_next) {
			if (m->m_type != MT_CONTROL)
				continue;
			for (off = 0; off + (int)sizeof(*cm) <= m->m_len;) {
				cm = (struct cmsghdr *)(mtod(m, char *) + off);
				if (cm->cmsg_len < sizeof(*cm))
					break;
				if (cm->cmsg_level == SOL_SOCKET &&
				    cm->cmsg_type == SCM_RIGHTS) {
					n = cmsg_nfiles(cm);
					rp = (struct file **)CMSG_DATA(cm);
					for (i = 0; i < n; i++)
						fn(rp[i], arg);
				}
				off += (int)_CMSG_ALIGN(cm->cmsg_len);
			}
		}
	}
}

static void
unp_discard_fn(struct file *fp, void *arg)
{
	unp_discard(fp);
}

/*
 * The rights in m (a control mbuf or a whole record list) will never be
 * received: drop them, and rewrite the messages so they cannot be
 * dropped twice.
 */
static void
unp_dispose(struct mbuf *m)
{
	struct mbuf *n, *rec;

	unp_scan(m, unp_discard_fn, NULL);
	for (rec = m; rec != NULL; rec = rec->m_nextpkt)
		for (n = rec; n != NULL; n = n->m_next)
			if (n->m_type == MT_CONTROL)
				n->m_len = 0;
}

static void
unp_dispose_dom(struct mbuf *m)
{
	UNP_ENTER();
	unp_dispose(m);
	UNP_LEAVE();
}

/* SCM_CREDS for a receiver that asked with LOCAL_CREDS. */
static struct mbuf *
unp_addsockcred(struct thread *td, struct mbuf *control)
{
	struct cmsgcred cc;
	struct ucred *cr = td_cred(td);
	struct mbuf *m;
	int i;

	bzero(&cc, sizeof(cc));
	cc.cmcred_pid = td_pid(td);
	cc.cmcred_uid = cr->cr_ruid;
	cc.cmcred_euid = cr->cr_uid;
	cc.cmcred_gid = cr->cr_rgid;
	cc.cmcred_ngroups = (int16_t)MIN(cr->cr_ngroups, CMGROUP_MAX);
	for (i = 0; i < cc.cmcred_ngroups; i++)
		cc.cmcred_groups[i] = cr->cr_groups[i];
	m = sbcreatecontrol(&cc, sizeof(cc), SCM_CREDS, SOL_SOCKET);
	if (m == NULL)
		return (control);
	m->m_next = control;
	return (m);
}

/* ---- Garbage collection of descriptors in flight --------------------- */

#define GC_REACH	0x1		/* reachable from a descriptor */
#define GC_SCANNED	0x2		/* its rights have been followed */
#define GC_DEAD		0x4

/* A Unix-domain socket, or NULL. */
static struct socket *
unp_fp_socket(struct file *fp)
{
	struct socket *so;

	if (fp->f_type != DTYPE_SOCKET || (so = fp->f_data) == NULL)
		return (NULL);
	if (so->so_proto->pr_domain->dom_family != AF_LOCAL)
		return (NULL);
	return (so);
}

static int
unp_gc_clear(struct file *fp, void *arg)
{
	fp->f_unpgc = 0;
	/* Roots: held by more than the messages carrying it. */
	if (fp->f_count > fp->f_msgcount)
		fp->f_unpgc = GC_REACH;
	return (0);
}

static void
unp_gc_mark_fn(struct file *fp, void *arg)
{
	if (!(fp->f_unpgc & GC_REACH)) {
		fp->f_unpgc |= GC_REACH;
		*(int *)arg = 1;
	}
}

static int
unp_gc_mark(struct file *fp, void *arg)
{
	struct socket *so;

	if ((fp->f_unpgc & (GC_REACH | GC_SCANNED)) != GC_REACH)
		return (0);
	fp->f_unpgc |= GC_SCANNED;
	if ((so = unp_fp_socket(fp)) == NULL)
		return (0);
	lwkt_gettoken(&so->so_rcv.ssb_token);
	unp_scan(so->so_rcv.sb.sb_mb, unp_gc_mark_fn, arg);
	lwkt_reltoken(&so->so_rcv.ssb_token);
	return (0);
}

struct unp_gc_dead {
	struct file	**v;
	int		n;
	int		max;
};

static int
unp_gc_collect(struct file *fp, void *arg)
{
	struct unp_gc_dead *d = arg;

	if (fp->f_msgcount == 0 || (fp->f_unpgc & GC_REACH) ||
	    unp_fp_socket(fp) == NULL)
		return (0);
	if (d->n == d->max)
		return (ENOMEM);	/* the rest next time */
	fhold(fp);
	fp->f_unpgc |= GC_DEAD;
	d->v[d->n++] = fp;
	return (0);
}

/*
 * Find the sockets that only messages in flight refer to, and only from
 * other such sockets, and flush their receive buffers: that drops the
 * rights in them and breaks the cycle, so the files close.  One
 * collection runs at a time; a request that comes during one makes it
 * run again.
 */
static void
unp_gc(void)
{
	struct unp_gc_dead dead;
	int changed, i;

	UNP_ENTER();
	if (unp_rights == 0) {
		UNP_LEAVE();
		return;
	}
	if (unp_gcing) {
		unp_gc_again = true;
		UNP_LEAVE();
		return;
	}
	unp_gcing = true;
	dead.max = 256;
	dead.v = kmalloc(sizeof(*dead.v) * (size_t)dead.max, M_TEMP,
	    M_WAITOK);
again:
	unp_gc_again = false;
	(void)file_foreach_spin(unp_gc_clear, NULL);
	do {
		changed = 0;
		(void)file_foreach(unp_gc_mark, &changed);
	} while (changed);
	dead.n = 0;
	(void)file_foreach_spin(unp_gc_collect, &dead);
	UNP_LEAVE();

	for (i = 0; i < dead.n; i++) {
		struct socket *so = dead.v[i]->f_data;

		sorflush(so);
	}
	for (i = 0; i < dead.n; i++)
		fdrop(dead.v[i]);

	UNP_ENTER();
	if (unp_gc_again || dead.n == dead.max)
		goto again;
	unp_gcing = false;
	UNP_LEAVE();
	kfree(dead.v, M_TEMP);
}

void
unp_gc_request(void)
{
	unp_gc();
}

/* ---- The pcblist exports --------------------------------------------- */

static bool
unp_export_priv(void)
{
	return (caps_priv_check_self(SYSCAP_RESTRICTEDROOT) == 0);
}

static uint64_t
unp_export_id(const void *p, uint64_t id, bool priv)
{
	if (p == NULL)
		return (0);
	return (priv ? (uint64_t)(uintptr_t)p : id);
}

static void
unp_toxunpcb(struct unpcb *unp, struct xunpcb *xu, bool priv)
{
	bzero(xu, sizeof(*xu));
	xu->xu_len = sizeof(*xu);
	xu->xu_version = XUNPCB_VERSION;
	xu->xu_unpp = unp_export_id(unp, unp->unp_id, priv);
	xu->unp_vnode = unp->unp_vnode != NULL ? (priv ?
	    (uint64_t)(uintptr_t)unp->unp_vnode : unp->unp_id) : 0;
	if (unp->unp_conn != NULL)
		xu->unp_conn = unp_export_id(unp->unp_conn,
		    unp->unp_conn->unp_id, priv);
	if (!LIST_EMPTY(&unp->unp_refs))
		xu->xu_firstref = unp_export_id(LIST_FIRST(&unp->unp_refs),
		    LIST_FIRST(&unp->unp_refs)->unp_id, priv);
	if (unp->unp_socket->so_type == SOCK_DGRAM &&
	    unp->unp_conn != NULL && LIST_NEXT(unp, unp_reflink) != NULL)
		xu->xu_nextref = unp_export_id(LIST_NEXT(unp, unp_reflink),
		    LIST_NEXT(unp, unp_reflink)->unp_id, priv);
	xu->unp_gencnt = unp->unp_gencnt;
	xu->unp_ino = unp->unp_ino;
	if (unp->unp_addr != NULL)
		bcopy(unp->unp_addr, &xu->xu_addr,
		    MIN(unp->unp_addr->sun_len, sizeof(xu->xu_addr)));
	if (unp->unp_conn != NULL && unp->unp_conn->unp_addr != NULL)
		bcopy(unp->unp_conn->unp_addr, &xu->xu_caddr,
		    MIN(unp->unp_conn->unp_addr->sun_len,
		    sizeof(xu->xu_caddr)));
	sotoxsocket(unp->unp_socket, &xu->xu_socket, priv);
}

/*
 * net.local.<type>.pcblist: a header (count and generation), one xunpcb
 * per pcb the reader may see, and a trailer with the generation at the
 * end (see docs/sys/kern/ipc/sysctl-records.md).  The records are
 * filled into a kernel buffer in one hold of unp_token, which nothing in
 * the walk gives up, so the snapshot is consistent and the copy-out,
 * which may fault and sleep, walks no list.  If the list outgrew the
 * buffer between sizing and filling, size again.  Without a buffer, the
 * size to allocate (with room for growth).
 */
static int
unp_pcblist(SYSCTL_HANDLER_ARGS)
{
	LIST_HEAD(, unpcb) *head = arg1;
	struct xunpgen xug;
	struct xunpcb *xu;
	struct unpcb *unp;
	bool priv = unp_export_priv();
	uint64_t gen, sogen;
	u_int n, cap;
	int error;

	if (req->oldptr == NULL) {
		n = unp_count;
		req->oldidx = 2 * sizeof(xug) + (n + n / 8 + 4) *
		    sizeof(struct xunpcb);
		return (0);
	}
	if (req->newptr != NULL)
		return (EPERM);

	for (;;) {
		n = 0;
		UNP_ENTER();
		LIST_FOREACH(unp, head, unp_link)
			n++;
		UNP_LEAVE();
		cap = n + n / 8 + 8;
		xu = kmalloc(cap * sizeof(*xu), M_TEMP, M_WAITOK);
		n = 0;
		UNP_ENTER();
		gen = unp_gencnt;
		sogen = so_generation();
		LIST_FOREACH(unp, head, unp_link) {
			if (!soexport_visible(unp->unp_socket))
				continue;
			if (n == cap)
				break;
			unp_toxunpcb(unp, &xu[n++], priv);
		}
		UNP_LEAVE();
		if (unp == NULL)
			break;
		kfree(xu, M_TEMP);
	}

	bzero(&xug, sizeof(xug));
	xug.xug_len = sizeof(xug);
	xug.xug_count = n;
	xug.xug_gen = gen;
	xug.xug_sogen = sogen;
	error = SYSCTL_OUT(req, &xug, sizeof(xug));
	if (error == 0 && n > 0)
		error = SYSCTL_OUT(req, xu, n * sizeof(*xu));
	/* The trailer: the generation the records were taken at. */
	if (error == 0)
		error = SYSCTL_OUT(req, &xug, sizeof(xug));
	kfree(xu, M_TEMP);
	return (error);
}

SYSCTL_NODE(_net, PF_LOCAL, local, CTLFLAG_RW, 0, "Local domain");
SYSCTL_NODE(_net_local, SOCK_STREAM, stream, CTLFLAG_RW, 0, "SOCK_STREAM");
SYSCTL_NODE(_net_local, SOCK_DGRAM, dgram, CTLFLAG_RW, 0, "SOCK_DGRAM");
SYSCTL_NODE(_net_local, SOCK_SEQPACKET, seqpacket, CTLFLAG_RW, 0,
    "SOCK_SEQPACKET");
SYSCTL_PROC(_net_local_stream, OID_AUTO, pcblist,
    CTLTYPE_OPAQUE | CTLFLAG_RD, &unp_shead, 0, unp_pcblist, "S,xunpcb",
    "stream sockets");
SYSCTL_PROC(_net_local_dgram, OID_AUTO, pcblist,
    CTLTYPE_OPAQUE | CTLFLAG_RD, &unp_dhead, 0, unp_pcblist, "S,xunpcb",
    "datagram sockets");
SYSCTL_PROC(_net_local_seqpacket, OID_AUTO, pcblist,
    CTLTYPE_OPAQUE | CTLFLAG_RD, &unp_sphead, 0, unp_pcblist, "S,xunpcb",
    "seqpacket sockets");
SYSCTL_ULONG(_net_local_stream, OID_AUTO, sendspace, CTLFLAG_RW,
    &unpst_sendspace, 0, "default stream send buffer");
SYSCTL_ULONG(_net_local_stream, OID_AUTO, recvspace, CTLFLAG_RW,
    &unpst_recvspace, 0, "default stream receive buffer");
SYSCTL_ULONG(_net_local_dgram, OID_AUTO, maxdgram, CTLFLAG_RW,
    &unpdg_sendspace, 0, "largest datagram");
SYSCTL_ULONG(_net_local_dgram, OID_AUTO, recvspace, CTLFLAG_RW,
    &unpdg_recvspace, 0, "default datagram receive buffer");
SYSCTL_ULONG(_net_local_seqpacket, OID_AUTO, maxseqpacket, CTLFLAG_RW,
    &unpsp_sendspace, 0, "largest seqpacket record");
SYSCTL_ULONG(_net_local_seqpacket, OID_AUTO, recvspace, CTLFLAG_RW,
    &unpsp_recvspace, 0, "default seqpacket receive buffer");
SYSCTL_INT(_net_local, OID_AUTO, inflight, CTLFLAG_RD, &unp_rights, 0,
    "descriptors in flight");
SYSCTL_UINT(_net_local, OID_AUTO, count, CTLFLAG_RD, &unp_count, 0,
    "Unix-domain pcbs");

/* ---- The domain -------------------------------------------------------- */

static lwkt_port_t
uipc_initport(void)
{
	return (netmsg_sync_port_get());
}

static struct protosw localsw[] = {
	{
		.pr_type = SOCK_STREAM,
		.pr_flags = PR_CONNREQUIRED | PR_WANTRCVD | PR_RIGHTS |
		    PR_SYNC_PORT,
		.pr_ctloutput = uipc_ctloutput,
		.pr_usrreqs = &uipc_usrreqs,
		.pr_initport = uipc_initport,
	},
	{
		.pr_type = SOCK_DGRAM,
		.pr_flags = PR_ATOMIC | PR_ADDR | PR_RIGHTS | PR_SYNC_PORT,
		.pr_ctloutput = uipc_ctloutput,
		.pr_usrreqs = &uipc_usrreqs,
		.pr_initport = uipc_initport,
	},
	{
		.pr_type = SOCK_SEQPACKET,
		.pr_flags = PR_ATOMIC | PR_CONNREQUIRED | PR_WANTRCVD |
		    PR_RIGHTS | PR_SYNC_PORT,
		.pr_ctloutput = uipc_ctloutput,
		.pr_usrreqs = &uipc_usrreqs,
		.pr_initport = uipc_initport,
	},
};

static struct domain localdomain = {
	.dom_family = AF_LOCAL,
	.dom_name = "local",
	.dom_externalize = unp_externalize_dom,
	.dom_dispose = unp_dispose_dom,
	.dom_protosw = localsw,
	.dom_protoswNPROTOSW = &localsw[nitems(localsw)],
};
SYSINIT(localdomain, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, net_add_domain,
    &localdomain);
