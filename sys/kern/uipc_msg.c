/*
 * The socket layer's requests to protocols, as LWKT messages.
 *
 * Every so_pru_* wrapper builds the matching netmsg, names the protocol's
 * user-request function as the dispatch routine, and sends it to the
 * socket's port (so_port), the port of the protocol thread that owns the
 * socket's state.  Most wait for the reply (lwkt_domsg): the caller needs
 * the answer.  Sends that need none (PR_ASYNC_SEND: the data is queued and
 * errors show up later as so_error) and receive-window updates
 * (PR_ASYNC_RCVD) go asynchronously with a message the protocol frees.
 *
 * A protocol with PR_DIRECT_SEND (UDP) has its pru_send called right here
 * in the sender's thread, with the message on the stack: a datagram
 * then costs no hand-off to the protocol thread and back.  The protocol
 * takes its own tokens for that; the call is made inside a netisr direct
 * section, so that if_detach() waits for it as it waits for the netisr
 * threads (an interface the send looked up stays valid until it ends).
 *
 * A protocol with PR_SYNC_PORT (the Unix domain) gets a port whose
 * "send" runs the dispatch routine at once in the sender's thread: there
 * is no protocol thread, the socket's tokens serialise it instead.
 *
 * netmsg_so_notify() is the predicate mechanism: a message that waits on
 * a socket buffer until its predicate holds, re-evaluated by sowakeup().
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/socketvar.h>
#include <sys/thread.h>
#include <net/netmsg.h>
#include <net/netisr.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_NETMSG, "netmsg", "asynchronous network messages");

/*
 * The port every thread may use for replies to its own synchronous
 * requests: replies just mark the message done and wake the waiter.
 */
static struct lwkt_port netmsg_sync_rport;
static bool netmsg_inited;

/*
 * Asynchronous messages are freed when the protocol replies.  Each holds
 * a reference on its socket until then: the sender may close the socket
 * at once, and a socket whose protocol has already detached (a TCP
 * connection reset) is freed by close(2) without a word to the protocol
 * thread, where the message still waits.
 */
static struct lwkt_port netmsg_afree_rport;
static struct lwkt_port netmsg_asend_rport;	/* so_pru_send_async's */
static void netmsg_asend_reply(lwkt_msg_t lmsg);

static void
netmsg_afree_reply(lwkt_msg_t lmsg)
{
	struct socket *so = ((netmsg_base_t)(void *)lmsg)->nm_so;

	kfree(lmsg, M_NETMSG);
	sofree(so);
}

/* The synchronous port of PR_SYNC_PORT protocols: run at once. */
static struct lwkt_port netmsg_sync_port;

static int
netmsg_sync_putport(lwkt_port_t port, lwkt_msg_t lmsg)
{
	netmsg_base_t msg = (netmsg_base_t)lmsg;

	lmsg->ms_target_port = port;
	msg->nm_dispatch((netmsg_t)msg);
	return (EASYNC);
}

static void
netmsg_init_ports(void)
{
	lwkt_initport_replyonly_null(&netmsg_sync_rport);
	lwkt_initport_replyonly(&netmsg_afree_rport, netmsg_afree_reply);
	lwkt_initport_replyonly(&netmsg_asend_rport, netmsg_asend_reply);
	lwkt_initport_putonly(&netmsg_sync_port, netmsg_sync_putport);
	netmsg_inited = true;
}

/* The port PR_SYNC_PORT protocols give their sockets (pr_initport). */
lwkt_port_t
netmsg_sync_port_get(void)
{
	if (!netmsg_inited)
		netmsg_init_ports();
	return (&netmsg_sync_port);
}

void
netmsg_init(netmsg_base_t msg, struct socket *so, lwkt_port_t rport,
    int flags, netisr_fn_t dispatch)
{
	if (!netmsg_inited)
		netmsg_init_ports();
	if (rport == NULL)
		rport = &netmsg_sync_rport;
	lwkt_initmsg(&msg->lmsg, rport, flags);
	msg->nm_dispatch = dispatch;
	msg->nm_so = so;
}

/*
 * The same for a message its sender may withdraw (lwkt_abortmsg, as
 * lwkt_waitmsg does when a PCATCH wait takes a signal): abortfn is told
 * when the message has already left the target's queue.
 */
void
netmsg_init_abortable(netmsg_base_t msg, struct socket *so, lwkt_port_t rport,
    int flags, netisr_fn_t dispatch, void (*abortfn)(lwkt_msg_t))
{
	netmsg_init(msg, so, rport, flags, dispatch);
	msg->lmsg.ms_flags |= MSGF_ABORTABLE;
	msg->lmsg.ms_abortfn = abortfn;
}

/*
 * Send a request and wait for its reply.  The protocol's function runs
 * in the owning thread (or right here for PR_SYNC_PORT).
 */
static int
so_domsg(struct socket *so, netmsg_base_t msg)
{
	return (lwkt_domsg(so->so_port, &msg->lmsg, 0));
}

int
so_pru_abort(struct socket *so)
{
	struct netmsg_pru_abort msg;

	netmsg_init(&msg.base, so, NULL, 0, so->so_proto->pr_usrreqs->pru_abort);
	return (so_domsg(so, &msg.base));
}

int
so_pru_accept(struct socket *so, struct sockaddr **nam)
{
	struct netmsg_pru_accept msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_accept);
	msg.nm_nam = nam;
	return (so_domsg(so, &msg.base));
}

int
so_pru_attach(struct socket *so, int proto, struct pru_attach_info *ai)
{
	struct netmsg_pru_attach msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_attach);
	msg.nm_proto = proto;
	msg.nm_ai = ai;
	return (so_domsg(so, &msg.base));
}

/*
 * Attach without a message: for sonewconn(), which already runs in the
 * protocol's thread and would otherwise wait on itself.
 */
int
so_pru_attach_direct(struct socket *so, int proto, struct pru_attach_info *ai)
{
	struct netmsg_pru_attach msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_attach);
	msg.nm_proto = proto;
	msg.nm_ai = ai;
	msg.base.lmsg.ms_flags &= ~MSGF_DONE;
	so->so_proto->pr_usrreqs->pru_attach((netmsg_t)&msg);
	return (msg.base.lmsg.ms_error);
}

/* Detach without a message: sonewconn() undoing its own attach. */
int
so_pru_detach_direct(struct socket *so)
{
	struct netmsg_pru_detach msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_detach);
	msg.base.lmsg.ms_flags &= ~MSGF_DONE;
	so->so_proto->pr_usrreqs->pru_detach((netmsg_t)&msg);
	return (msg.base.lmsg.ms_error);
}

int
so_pru_bind(struct socket *so, struct sockaddr *nam, struct thread *td)
{
	struct netmsg_pru_bind msg;

	netmsg_init(&msg.base, so, NULL, 0, so->so_proto->pr_usrreqs->pru_bind);
	msg.nm_nam = nam;
	msg.nm_td = td;
	msg.nm_flags = 0;
	return (so_domsg(so, &msg.base));
}

int
so_pru_connect(struct socket *so, struct sockaddr *nam, struct thread *td)
{
	struct netmsg_pru_connect msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_connect);
	msg.nm_nam = nam;
	msg.nm_td = td;
	msg.nm_m = NULL;
	msg.nm_sndflags = 0;
	msg.nm_flags = 0;
	return (so_domsg(so, &msg.base));
}

int
so_pru_connect2(struct socket *so1, struct socket *so2, struct ucred *cred)
{
	struct netmsg_pru_connect2 msg;

	netmsg_init(&msg.base, so1, NULL, 0,
	    so1->so_proto->pr_usrreqs->pru_connect2);
	msg.nm_so1 = so1;
	msg.nm_so2 = so2;
	msg.nm_cred = cred;
	return (so_domsg(so1, &msg.base));
}

int
so_pru_control(struct socket *so, u_long cmd, caddr_t data,
    struct ifnet *ifp, struct thread *td)
{
	struct netmsg_pru_control msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_control);
	msg.nm_cmd = cmd;
	msg.nm_data = data;
	msg.nm_ifp = ifp;
	msg.nm_td = td;
	return (so_domsg(so, &msg.base));
}

int
so_pru_detach(struct socket *so)
{
	struct netmsg_pru_detach msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_detach);
	return (so_domsg(so, &msg.base));
}

int
so_pru_disconnect(struct socket *so)
{
	struct netmsg_pru_disconnect msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_disconnect);
	return (so_domsg(so, &msg.base));
}

int
so_pru_listen(struct socket *so, struct thread *td)
{
	struct netmsg_pru_listen msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_listen);
	msg.nm_td = td;
	msg.nm_flags = 0;
	return (so_domsg(so, &msg.base));
}

int
so_pru_peeraddr(struct socket *so, struct sockaddr **nam)
{
	struct netmsg_pru_peeraddr msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_peeraddr);
	msg.nm_nam = nam;
	return (so_domsg(so, &msg.base));
}

int
so_pru_rcvd(struct socket *so, int flags)
{
	struct netmsg_pru_rcvd msg;

	netmsg_init(&msg.base, so, NULL, 0, so->so_proto->pr_usrreqs->pru_rcvd);
	msg.nm_flags = flags;
	msg.nm_pru_flags = 0;
	return (so_domsg(so, &msg.base));
}

/*
 * Tell the protocol data was read, without waiting.  If memory is short
 * the update is made synchronously instead: a lost window update would
 * stall the peer.
 */
void
so_pru_rcvd_async(struct socket *so)
{
	struct netmsg_pru_rcvd *msg;

	msg = kmalloc(sizeof(*msg), M_NETMSG, M_NOWAIT);
	if (msg == NULL) {
		(void)so_pru_rcvd(so, 0);
		return;
	}
	netmsg_init(&msg->base, so, &netmsg_afree_rport, 0,
	    so->so_proto->pr_usrreqs->pru_rcvd);
	msg->nm_flags = 0;
	msg->nm_pru_flags = PRUS_NOREPLY;
	soreference(so);		/* dropped by netmsg_afree_reply */
	lwkt_sendmsg(so->so_port, &msg->base.lmsg);
}

int
so_pru_rcvoob(struct socket *so, struct mbuf *m, int flags)
{
	struct netmsg_pru_rcvoob msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_rcvoob);
	msg.nm_m = m;
	msg.nm_flags = flags;
	return (so_domsg(so, &msg.base));
}

/*
 * Send data.  The protocol takes ownership of m and control whatever it
 * answers: they are queued, sent or freed by it.  PR_DIRECT_SEND
 * protocols are called in this thread (see the top of the file); from a
 * netisr thread the message goes through the port as for any protocol,
 * since that thread may be the socket's own.
 */
int
so_pru_send(struct socket *so, int flags, struct mbuf *m,
    struct sockaddr *addr, struct mbuf *control, struct thread *td)
{
	struct netmsg_pru_send msg;
	int slot;

	netmsg_init(&msg.base, so, NULL, 0, so->so_proto->pr_usrreqs->pru_send);
	msg.nm_flags = flags;
	msg.nm_m = m;
	msg.nm_addr = addr;
	msg.nm_control = control;
	msg.nm_td = td;
	if ((so->so_proto->pr_flags & PR_DIRECT_SEND) && !netisr_running()) {
		slot = netisr_direct_enter();
		msg.base.lmsg.ms_flags &= ~MSGF_DONE;
		so->so_proto->pr_usrreqs->pru_send((netmsg_t)&msg);
		netisr_direct_leave(slot);
		return (msg.base.lmsg.ms_error);
	}
	return (so_domsg(so, &msg.base));
}

/*
 * Send without waiting (PR_ASYNC_SEND).  The address, if any, is copied,
 * since the caller's goes away when it returns; td is not passed on, for
 * the same reason.  The protocol owns m and control as for so_pru_send.
 *
 * Until the protocol replies, the data count in so_snd's ssb_inflight,
 * which ssb_space() subtracts: a writer that sends again before the
 * protocol has queued the first chain sees the room that chain will
 * take, so asynchronous sends never overfill the buffer.  The reply
 * (netmsg_asend_reply, in the protocol's thread, after its pru_send has
 * queued the data) takes the count back and wakes writers.
 *
 * The protocol's answer goes nowhere: the data were queued, or the
 * connection is gone and the next call finds the socket's state says
 * so (SS_CANTSENDMORE, so_error).  Callers that need the answer (out-of-
 * band data, control messages) use so_pru_send.
 */
struct netmsg_asend {
	struct netmsg_pru_send	nm_send;	/* first: what pru_send sees */
	long			nm_len;		/* bytes in ssb_inflight */
};

static void
netmsg_asend_reply(lwkt_msg_t lmsg)
{
	struct netmsg_asend *am = (struct netmsg_asend *)(void *)lmsg;
	struct socket *so = am->nm_send.base.nm_so;

	lwkt_gettoken(&so->so_snd.ssb_token);
	so->so_snd.ssb_inflight -= am->nm_len;
	lwkt_reltoken(&so->so_snd.ssb_token);
	sowwakeup(so);
	kfree(am, M_NETMSG);
	sofree(so);			/* so_pru_send_async's reference */
}

void
so_pru_send_async(struct socket *so, int flags, struct mbuf *m,
    struct sockaddr *addr, struct mbuf *control, struct thread *td)
{
	struct netmsg_asend *am;
	struct netmsg_pru_send *msg;

	am = kmalloc(sizeof(*am), M_NETMSG, M_WAITOK);
	msg = &am->nm_send;
	netmsg_init(&msg->base, so, &netmsg_asend_rport, 0,
	    so->so_proto->pr_usrreqs->pru_send);
	msg->nm_flags = flags | PRUS_NOREPLY;
	msg->nm_m = m;
	msg->nm_addr = NULL;
	if (addr != NULL) {
		msg->nm_addr = dup_sockaddr(addr);
		msg->nm_flags |= PRUS_NAMALLOC;
	}
	msg->nm_control = control;
	msg->nm_td = NULL;		/* the sender may be gone by then */
	(void)td;
	am->nm_len = (m == NULL) ? 0 : (m->m_flags & M_PKTHDR) ?
	    m->m_pkthdr.len : (long)m_lengthm(m, NULL);
	lwkt_gettoken(&so->so_snd.ssb_token);
	so->so_snd.ssb_inflight += am->nm_len;
	lwkt_reltoken(&so->so_snd.ssb_token);
	soreference(so);		/* dropped by netmsg_asend_reply */
	lwkt_sendmsg(so->so_port, &msg->base.lmsg);
}

int
so_pru_sense(struct socket *so, struct stat *sb)
{
	struct netmsg_pru_sense msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_sense);
	msg.nm_stat = sb;
	return (so_domsg(so, &msg.base));
}

int
so_pru_shutdown(struct socket *so)
{
	struct netmsg_pru_shutdown msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_shutdown);
	return (so_domsg(so, &msg.base));
}

int
so_pru_sockaddr(struct socket *so, struct sockaddr **nam)
{
	struct netmsg_pru_sockaddr msg;

	netmsg_init(&msg.base, so, NULL, 0,
	    so->so_proto->pr_usrreqs->pru_sockaddr);
	msg.nm_nam = nam;
	return (so_domsg(so, &msg.base));
}

#define SOPT_KBUF_MAX	4096	/* largest option value staged */

int
so_pr_ctloutput(struct socket *so, struct sockopt *sopt)
{
	struct netmsg_pr_ctloutput msg;
	struct sockopt ksopt;
	void *kbuf;
	int error;

	if (so->so_proto->pr_ctloutput == NULL)
		return (ENOPROTOOPT);
	netmsg_init(&msg.base, so, NULL, 0, so->so_proto->pr_ctloutput);
	if ((so->so_proto->pr_flags & PR_SYNC_PORT) || sopt->sopt_td == NULL ||
	    sopt->sopt_val == NULL || sopt->sopt_valsize == 0) {
		msg.nm_sopt = sopt;
		return (so_domsg(so, &msg.base));
	}
	/*
	 * The request runs in a protocol thread, which cannot reach the
	 * caller's memory: stage the value in a kernel buffer, and copy a
	 * result back out here.
	 */
	ksopt = *sopt;
	if (ksopt.sopt_valsize > SOPT_KBUF_MAX) {
		if (sopt->sopt_dir == SOPT_SET)
			return (EINVAL);
		ksopt.sopt_valsize = SOPT_KBUF_MAX;
	}
	kbuf = kmalloc(ksopt.sopt_valsize, M_NETMSG, M_WAITOK | M_ZERO);
	ksopt.sopt_val = kbuf;
	ksopt.sopt_td = NULL;
	error = 0;
	if (sopt->sopt_dir == SOPT_SET)
		error = copyin(sopt->sopt_val, kbuf, ksopt.sopt_valsize);
	if (error == 0) {
		msg.nm_sopt = &ksopt;
		error = so_domsg(so, &msg.base);
	}
	if (error == 0 && sopt->sopt_dir == SOPT_GET) {
		error = copyout(kbuf, sopt->sopt_val, ksopt.sopt_valsize);
		if (error == 0)
			sopt->sopt_valsize = ksopt.sopt_valsize;
	}
	kfree(kbuf, M_NETMSG);
	return (error);
}

/*
 * The dispatch routine of a predicate message: if the predicate already
 * holds, reply now; otherwise park the message on the sockbuf it waits
 * on, where sowakeup() will look at it again.  A message its sender
 * withdrew while it was on the way here (MSGF_ABORTED, set before the
 * abort function looks for it under the same token) is not parked: it
 * would wait for ever, since the abort found nothing to take back.
 */
void
netmsg_so_notify(netmsg_t msg)
{
	struct netmsg_so_notify *nm = &msg->notify;
	struct socket *so = nm->base.nm_so;
	struct signalsockbuf *ssb;

	ssb = (nm->nm_etype & NM_REVENT) ? &so->so_rcv : &so->so_snd;
	lwkt_gettoken(&ssb->ssb_token);
	if (nm->nm_predicate(nm)) {
		lwkt_reltoken(&ssb->ssb_token);
		lwkt_replymsg(&nm->base.lmsg, nm->base.lmsg.ms_error);
		return;
	}
	if (__atomic_load_n(&nm->base.lmsg.ms_flags, __ATOMIC_SEQ_CST) &
	    MSGF_ABORTED) {
		lwkt_reltoken(&ssb->ssb_token);
		lwkt_replymsg(&nm->base.lmsg, EINTR);
		return;
	}
	TAILQ_INSERT_TAIL(&ssb->ssb_mlist, nm, nm_list);
	atomic_set_int(&ssb->ssb_flags, SSB_MEVENT);
	lwkt_reltoken(&ssb->ssb_token);
}

/*
 * Withdraw a parked predicate message (its waiter gave up): reply EINTR
 * if it is still parked.  If it is not, its predicate has held and it
 * was replied to, or it has not been parked yet and netmsg_so_notify
 * will see MSGF_ABORTED.
 */
void
netmsg_so_notify_abort(netmsg_t msg)
{
	struct netmsg_so_notify *nm = &msg->notify;
	struct socket *so = nm->base.nm_so;
	struct signalsockbuf *ssb;
	struct netmsg_so_notify *cur;

	ssb = (nm->nm_etype & NM_REVENT) ? &so->so_rcv : &so->so_snd;
	lwkt_gettoken(&ssb->ssb_token);
	TAILQ_FOREACH(cur, &ssb->ssb_mlist, nm_list) {
		if (cur == nm) {
			TAILQ_REMOVE(&ssb->ssb_mlist, nm, nm_list);
			if (TAILQ_EMPTY(&ssb->ssb_mlist))
				atomic_clear_int(&ssb->ssb_flags, SSB_MEVENT);
			lwkt_reltoken(&ssb->ssb_token);
			lwkt_replymsg(&nm->base.lmsg, EINTR);
			return;
		}
	}
	lwkt_reltoken(&ssb->ssb_token);
}

/* netmsg_so_notify_abort as an lwkt abort function (ms_abortfn). */
void
netmsg_so_notify_doabort(lwkt_msg_t lmsg)
{
	netmsg_so_notify_abort((netmsg_t)(void *)lmsg);
}
