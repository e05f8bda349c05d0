/*
 * The socket core: creating, binding, listening, connecting, accepting,
 * closing and freeing sockets; moving data in (sosend) and out
 * (soreceive); shutdown; and socket options.  The system calls
 * (uipc_syscalls.c) call these; they in turn ask the protocol to act
 * through the so_pru_* messages (uipc_msg.c) and manage the socket
 * buffers with the routines of uipc_socket2.c and uipc_sockbuf.c.
 *
 * The data paths are the 4.4BSD ones in DragonFly's dress: sosend() cuts
 * the caller's data into mbuf chains no larger than the free space in
 * so_snd and hands each to pru_send (which owns it from then on);
 * soreceive() takes data off so_rcv under its token, record by record
 * for atomic protocols, and tells the protocol what was read when it
 * asked to know (PR_WANTRCVD).  Both hold the buffer's ssb_lock for the
 * whole call, so two readers or two writers never interleave.
 *
 * Every error a caller can cause is an errno: EINVAL for bad lengths,
 * EPIPE (and SIGPIPE unless MSG_NOSIGNAL or SO_NOSIGPIPE) after the
 * sending side shut down, ENOTCONN, EISCONN, EMSGSIZE for a record larger
 * than the buffer, EWOULDBLOCK for a non-blocking call that would wait.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <sys/socketvar.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/signal.h>
#include <sys/signalvar.h>
#include <sys/sysctl.h>
#include <sys/globaldata.h>
#include <sys/fcntl.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_SOCKET, "socket", "sockets");

int	somaxconn = SOMAXCONN;
int	numopensockets;
static uint64_t so_gencnt;		/* generation of the socket set */
static uint64_t so_nextid;		/* opaque ids for export */

/* All sockets, for the pcblist and kern.file exports. */
static LIST_HEAD(, socket) so_allsockets = LIST_HEAD_INITIALIZER(so_allsockets);
static struct lwkt_token so_all_token = LWKT_TOKEN_INITIALIZER(so_all_token);

/*
 * How often the protocol-specialised data paths ran (kern.ipc.
 * sosendudp_calls, sorecvtcp_calls): a call that fell back to the
 * general routine is not counted, so the regress tests can tell that a
 * protocol's pru_sosend/pru_soreceive hook is the fast one.  One slot a
 * CPU, each on its own cache line, so that two CPUs sending do not
 * share a line; summed on read.
 */
static struct so_fastcount {
	uint64_t	sf_sosendudp;
	uint64_t	sf_sorecvtcp;
} __cachealign so_fastcount[MAXCPU];

#define SO_FASTCOUNT(field)						\
	atomic_add_64(&so_fastcount[mycpuid].field, 1)

/*
 * kern.ipc.sofastpath: 1 (the default) lets sosendudp and sorecvtcp
 * run; 0 sends every call on to sosend/soreceive, to compare the two
 * (docs/bench.md).  Read once at the top of each call.
 */
static int so_fastpath = 1;

/* ---- Creation and destruction --------------------------------------- */

/*
 * Allocate and initialise a socket for protocol pr.  The caller holds the
 * one reference it starts with.  NULL only without waitok, when memory
 * is short.
 */
struct socket *
soalloc(int waitok, struct protosw *pr)
{
	struct socket *so;

	so = kmalloc(sizeof(*so), M_SOCKET,
	    (waitok ? M_WAITOK : M_NOWAIT) | M_ZERO);
	if (so == NULL)
		return (NULL);
	so->so_proto = pr;
	so->so_refs = 1;
	TAILQ_INIT(&so->so_incomp);
	TAILQ_INIT(&so->so_comp);
	TAILQ_INIT(&so->so_rcv.ssb_mlist);
	TAILQ_INIT(&so->so_snd.ssb_mlist);
	lwkt_token_init(&so->so_rcv.ssb_token, "rcvtok");
	lwkt_token_init(&so->so_snd.ssb_token, "sndtok");
	so->so_id = atomic_fetchadd_64(&so_nextid, 1) + 1;

	lwkt_gettoken(&so_all_token);
	so->so_gencnt = ++so_gencnt;
	LIST_INSERT_HEAD(&so_allsockets, so, so_all);
	numopensockets++;
	lwkt_reltoken(&so_all_token);
	return (so);
}

/*
 * socket(2): make a socket of the given domain, type and protocol and
 * attach the protocol to it.
 */
int
socreate(int dom, struct socket **aso, int type, int proto,
    struct thread *td)
{
	struct proc *p = td->td_proc;
	struct protosw *prp;
	struct socket *so;
	struct pru_attach_info ai;
	int error;

	if (proto != 0)
		prp = pffindproto(dom, proto, type);
	else
		prp = pffindtype(dom, type);
	if (prp == NULL) {
		if (pffinddomain(dom) == NULL)
			return (EAFNOSUPPORT);
		if (proto != 0 && pffindtype(dom, type) != NULL)
			return (EPROTONOSUPPORT);
		return (EPROTOTYPE);
	}
	if (prp->pr_usrreqs->pru_attach == NULL)
		return (EPROTONOSUPPORT);
	if (prp->pr_type != type)
		return (EPROTOTYPE);

	so = soalloc(1, prp);
	so->so_type = (short)type;
	so->so_cred = crhold(p != NULL ? p->p_ucred : proc0.p_ucred);
	so->so_port = prp->pr_initport();

	ai.p_ucred = so->so_cred;
	ai.fd = -1;
	error = so_pru_attach(so, proto, &ai);
	if (error != 0) {
		atomic_set_int(&so->so_state, SS_NOFDREF);
		sofree(so);
		return (error);
	}
	*aso = so;
	return (0);
}

void
soreference(struct socket *so)
{
	atomic_add_int(&so->so_refs, 1);
}

/*
 * Drop a reference; the last one frees the socket.  By then the protocol
 * has detached (so_pcb is NULL) and no descriptor refers to it.
 */
void
sofree(struct socket *so)
{
	if (atomic_fetchadd_int(&so->so_refs, -1) != 1)
		return;
	KASSERT(so->so_pcb == NULL, ("sofree: protocol still attached"));
	KASSERT(so->so_head == NULL, ("sofree: still on an accept queue"));

	lwkt_gettoken(&so_all_token);
	LIST_REMOVE(so, so_all);
	numopensockets--;
	so_gencnt++;
	lwkt_reltoken(&so_all_token);

	if (so->so_rcv.sb.sb_mb != NULL) {
		struct domain *dp = so->so_proto->pr_domain;

		if ((so->so_proto->pr_flags & PR_RIGHTS) &&
		    dp->dom_dispose != NULL)
			dp->dom_dispose(so->so_rcv.sb.sb_mb);
	}
	ssb_release(&so->so_snd, so);
	ssb_release(&so->so_rcv, so);
	if (so->so_accf_str != NULL)
		kfree(so->so_accf_str, M_SOCKET);
	if (so->so_cred != NULL)
		crfree(so->so_cred);
	kfree(so, M_SOCKET);
}

/* Take a queued connection off its listening socket's queues. */
static void
soqremove(struct socket *head, struct socket *so)
{
	if (so->so_state & SS_INCOMP) {
		TAILQ_REMOVE(&head->so_incomp, so, so_list);
		head->so_incqlen--;
	} else if (so->so_state & SS_COMP) {
		TAILQ_REMOVE(&head->so_comp, so, so_list);
		head->so_qlen--;
	}
	atomic_clear_int(&so->so_state, SS_INCOMP | SS_COMP);
	so->so_head = NULL;
}

/*
 * Abort a connection that nobody has accepted: the protocol drops it,
 * then the socket goes.
 */
static void
soabort_queued(struct socket *so)
{
	(void)so_pru_abort(so);
	sofree(so);		/* the reference the queue held */
}

/*
 * close(2) of the last descriptor: abort the connections waiting on a
 * listening socket, disconnect (lingering if asked to), detach the
 * protocol and drop the descriptor's reference.
 */
int
soclose(struct socket *so, int fflag)
{
	struct socket *sp;
	int error = 0;

	atomic_set_int(&so->so_state, SS_ISCLOSING);
	if (so->so_options & SO_ACCEPTCONN) {
		for (;;) {
			lwkt_gettoken(&so->so_rcv.ssb_token);
			sp = TAILQ_FIRST(&so->so_incomp);
			if (sp == NULL)
				sp = TAILQ_FIRST(&so->so_comp);
			if (sp != NULL) {
				soqremove(so, sp);
				sofree(so);	/* the child's ref on head */
			}
			lwkt_reltoken(&so->so_rcv.ssb_token);
			if (sp == NULL)
				break;
			soabort_queued(sp);
		}
	}
	if (so->so_pcb == NULL)
		goto discard;
	if (so->so_state & SS_ISCONNECTED) {
		if ((so->so_state & SS_ISDISCONNECTING) == 0) {
			error = sodisconnect(so);
			if (error != 0 && error != ENOTCONN)
				goto drop;
			error = 0;
		}
		if ((so->so_options & SO_LINGER) && so->so_linger > 0 &&
		    !(fflag & O_NONBLOCK)) {
			int timo = so->so_linger * HZ;

			/* As connect(): see sostate_wakeup(). */
			lwkt_gettoken(&so->so_rcv.ssb_token);
			while ((so->so_state & SS_ISCONNECTED) && error == 0) {
				error = tsleep((const void *)(uintptr_t)
				    &so->so_state, PCATCH, "soclos", timo);
				if (error == EWOULDBLOCK) {
					error = 0;
					break;
				}
			}
			lwkt_reltoken(&so->so_rcv.ssb_token);
		}
	}
drop:
	if (so->so_pcb != NULL) {
		int error2 = so_pru_detach(so);

		if (error == 0)
			error = error2;
	}
discard:
	atomic_set_int(&so->so_state, SS_NOFDREF);
	sofree(so);
	return (error);
}

/* ---- Addresses and connections -------------------------------------- */

int
sobind(struct socket *so, struct sockaddr *nam, struct thread *td)
{
	if (so->so_options & SO_ACCEPTCONN)
		return (EINVAL);
	return (so_pru_bind(so, nam, td));
}

int
solisten(struct socket *so, int backlog, struct thread *td)
{
	int error;

	if (so->so_type != SOCK_STREAM && so->so_type != SOCK_SEQPACKET)
		return (EOPNOTSUPP);
	if (so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING |
	    SS_ISDISCONNECTING))
		return (EINVAL);
	error = so_pru_listen(so, td);
	if (error != 0)
		return (error);
	if (backlog < 0 || backlog > somaxconn)
		backlog = somaxconn;
	lwkt_gettoken(&so->so_rcv.ssb_token);
	so->so_qlimit = (short)backlog;
	atomic_set_int(&so->so_options, SO_ACCEPTCONN);
	atomic_set_int(&so->so_state, SS_ACCEPTMECH);
	lwkt_reltoken(&so->so_rcv.ssb_token);
	return (0);
}

int
soaccept(struct socket *so, struct sockaddr **nam)
{
	return (so_pru_accept(so, nam));
}

/*
 * accept(2)'s wait, as DragonFly makes it: a predicate message
 * (netmsg_so_notify) sent to the listener's port.  The predicate runs
 * under the listener's so_rcv token, first in netmsg_so_notify (in the
 * protocol's thread, or here for PR_SYNC_PORT), then from every
 * sorwakeup() of the listener while it sits on so_rcv's ssb_mlist, and it
 * does the whole job when it holds: it takes the first completed
 * connection off so_comp and hands it over in the message, so two
 * accepters never race for one connection after a wakeup.
 */
struct netmsg_so_accept {
	struct netmsg_so_notify	nm_notify;	/* first: the predicate's view */
	struct socket		*nm_acc;	/* the connection taken */
};

static bool
soaccept_predicate(struct netmsg_so_notify *nm)
{
	struct netmsg_so_accept *am = (struct netmsg_so_accept *)nm;
	struct socket *head = nm->base.nm_so, *so;

	ASSERT_LWKT_TOKEN_HELD(&head->so_rcv.ssb_token);
	if (head->so_error != 0) {
		nm->base.lmsg.ms_error = head->so_error;
		head->so_error = 0;
		return (true);
	}
	so = TAILQ_FIRST(&head->so_comp);
	if (so != NULL) {
		TAILQ_REMOVE(&head->so_comp, so, so_list);
		head->so_qlen--;
		atomic_clear_int(&so->so_state, SS_COMP);
		so->so_head = NULL;
		am->nm_acc = so;
		nm->base.lmsg.ms_error = 0;
		return (true);
	}
	if (head->so_state & SS_CANTRCVMORE) {
		nm->base.lmsg.ms_error = ECONNABORTED;
		return (true);
	}
	if (nm->nm_fflags & FNONBLOCK) {
		nm->base.lmsg.ms_error = EWOULDBLOCK;
		return (true);
	}
	return (false);
}

/*
 * Wait for a connection on listener head and take it off the queue: 0
 * and *sop (which still holds the queue's reference on head, for the
 * caller to drop), or EWOULDBLOCK (FNONBLOCK in fflags), ECONNABORTED
 * (the listener was shut down), the listener's so_error, or EINTR when
 * a signal ended the wait.  A connection already queued is taken
 * without a message.
 */
int
soaccept_wait(struct socket *head, int fflags, struct socket **sop)
{
	struct netmsg_so_accept am;
	bool holds;
	int error;

	*sop = NULL;
	if ((head->so_options & SO_ACCEPTCONN) == 0)
		return (EINVAL);
	netmsg_init_abortable(&am.nm_notify.base, head, NULL, 0,
	    netmsg_so_notify, netmsg_so_notify_doabort);
	am.nm_notify.nm_predicate = soaccept_predicate;
	am.nm_notify.nm_fflags = fflags;
	am.nm_notify.nm_etype = NM_REVENT;
	am.nm_acc = NULL;

	lwkt_gettoken(&head->so_rcv.ssb_token);
	holds = soaccept_predicate(&am.nm_notify);
	lwkt_reltoken(&head->so_rcv.ssb_token);
	if (holds)
		error = am.nm_notify.base.lmsg.ms_error;
	else
		error = lwkt_domsg(head->so_port, &am.nm_notify.base.lmsg,
		    PCATCH);
	if (error == 0)
		*sop = am.nm_acc;
	return (error);
}

/*
 * connect(2).  A connection-oriented socket that is connected or
 * connecting gets EISCONN / EALREADY; a datagram socket may connect again
 * to change its peer (disconnecting first).
 */
int
soconnect(struct socket *so, struct sockaddr *nam, struct thread *td,
    bool sync)
{
	int error;

	if (so->so_options & SO_ACCEPTCONN)
		return (EOPNOTSUPP);
	if (so->so_proto->pr_flags & PR_CONNREQUIRED) {
		if (so->so_state & SS_ISCONNECTED)
			return (EISCONN);
		if (so->so_state & SS_ISCONNECTING)
			return (EALREADY);
	} else if (so->so_state & SS_ISCONNECTED) {
		error = sodisconnect(so);
		if (error != 0)
			return (EISCONN);
	}
	/* A fresh attempt: forget the outcome of an earlier one. */
	so->so_error = 0;
	return (so_pru_connect(so, nam, td));
}

int
soconnect2(struct socket *so1, struct socket *so2, struct ucred *cred)
{
	return (so_pru_connect2(so1, so2, cred));
}

int
sodisconnect(struct socket *so)
{
	if ((so->so_state & SS_ISCONNECTED) == 0)
		return (ENOTCONN);
	if (so->so_state & SS_ISDISCONNECTING)
		return (EALREADY);
	return (so_pru_disconnect(so));
}

/* ---- Sending ------------------------------------------------------------ */

/* EPIPE raises SIGPIPE unless the caller or the socket said not to. */
static void
sosigpipe(struct socket *so, int flags, struct thread *td)
{
	if ((flags & MSG_NOSIGNAL) || (so->so_options & SO_NOSIGPIPE))
		return;
	if (td != NULL && td->td_proc != NULL)
		ksignal(td->td_proc, SIGPIPE);
}

/*
 * sosend_source_chain's source rides through sosend_common as the fill
 * argument of this marker fill, which is never called: sosend_fillchain
 * recognises it and lets the source build the chain itself (sendfile's
 * lent pages), so sosend_common needs no second kind of source.
 */
struct sosend_chainsrc {
	sosend_chain_t	*chain;
	void		*arg;
};

static int
sosend_chainfill(void *arg, struct iovec *iov,
    int iovcnt, size_t *donep)
{
	*donep = 0;
	return (EINVAL);
}

/*
 * Fill a new chain *topp of page clusters with up to len bytes (at most
 * SOSEND_FILLMAX clusters) by one call of fill, which reads into the
 * clusters' iovecs; *gotp is what it gave.  Mbufs it left empty are
 * freed; on an error, or with nothing read, *topp stays NULL.  The
 * first mbuf has a packet header if pkthdr; *shortp says fill gave less
 * than the clusters held (the source ended).
 */
#define SOSEND_FILLMAX	16		/* 64 KiB of page clusters */
static int
sosend_fillbatch(struct mbuf **topp, long len, sosend_fill_t *fill,
    void *fillarg, size_t *gotp, bool pkthdr, bool *shortp)
{
	struct iovec iov[SOSEND_FILLMAX];
	struct mbuf *top = NULL, **mp = &top, *m;
	size_t got = 0, left;
	long want = 0;
	int error, n, mlen;

	for (n = 0; n < SOSEND_FILLMAX && want < len; n++) {
		m = m_getl((int)MIN(len - want, MJUMPAGESIZE), M_WAITOK,
		    MT_DATA, (top == NULL && pkthdr) ? M_PKTHDR : 0, &mlen);
		mlen = (int)MIN((long)mlen, len - want);
		iov[n].iov_base = mtod(m, void *);
		iov[n].iov_len = (size_t)mlen;
		m->m_len = mlen;
		want += mlen;
		*mp = m;
		mp = &m->m_next;
	}
	error = (*fill)(fillarg, iov, n, &got);
	*shortp = (long)got < want;
	if (error != 0 || got == 0) {
		m_freem(top);
		*gotp = 0;
		return (error);
	}
	/*
	 * Trim to what was read (by the m_len set above: a fill that
	 * uiomoves has used up the iovecs); the rest of the chain goes.
	 */
	left = got;
	for (m = top; m != NULL; m = m->m_next) {
		m->m_len = (int)MIN(left, (size_t)m->m_len);
		left -= (size_t)m->m_len;
		if (left == 0) {
			if (m->m_next != NULL)
				m_freem(m->m_next);
			m->m_next = NULL;
			break;
		}
	}
	*topp = top;
	*gotp = got;
	return (0);
}

/*
 * Fill a new chain *topp with up to len bytes from fill, in batches of
 * SOSEND_FILLMAX clusters: sosend_common takes a chain shorter than len
 * for the end of the source, so a batch is not where a chain may stop
 * (so_snd may have more than 64 KiB free).  A source of
 * sosend_source_chain builds the chain itself.  *gotp is what it holds;
 * on an error, or with nothing read, *topp stays NULL.
 */
static int
sosend_fillchain(struct mbuf **topp, long len, sosend_fill_t *fill,
    void *fillarg, size_t *gotp)
{
	struct mbuf *top = NULL, *m, **mp = &top;
	size_t got = 0, n;
	bool isshort;
	int error;

	if (fill == sosend_chainfill) {
		/* sosend_source_chain: the source builds the chain. */
		struct sosend_chainsrc *cs = fillarg;

		*topp = NULL;
		*gotp = 0;
		error = (*cs->chain)(cs->arg, len, topp, gotp);
		if (error != 0 || *gotp == 0) {
			m_freem(*topp);
			*topp = NULL;
			*gotp = 0;
			return (error);
		}
		(*topp)->m_pkthdr.len = (int)*gotp;
		(*topp)->m_pkthdr.rcvif = NULL;
		return (0);
	}
	do {
		error = sosend_fillbatch(&m, len - (long)got, fill, fillarg,
		    &n, top == NULL, &isshort);
		if (error != 0) {
			m_freem(top);
			*topp = NULL;
			*gotp = 0;
			return (error);
		}
		if (n == 0)
			break;
		*mp = m;
		while (m->m_next != NULL)
			m = m->m_next;
		mp = &m->m_next;
		got += n;
	} while (!isshort && (long)got < len);
	if (top != NULL) {
		top->m_pkthdr.len = (int)got;
		top->m_pkthdr.rcvif = NULL;
	}
	*topp = top;
	*gotp = got;
	return (0);
}

/*
 * Send data on a socket: from uio, or the ready-made chain top (a kernel
 * caller), with optional control data.  For an atomic protocol the whole
 * message goes in one pru_send; otherwise the data is sent as space in
 * so_snd allows, waiting for more unless the call is non-blocking.  Data
 * and control always end up owned by the protocol or freed here.
 *
 * With fill set (a stream socket), the data comes from fill(fillarg,
 * ...) instead of the uio, whose only use is then to count (uio_resid):
 * each pru_send gets a chain that fill calls (one per 64 KiB) read
 * straight into, so sendfile's copy path copies file data once.  A fill that returns fewer bytes than asked says the
 * source ended early; what it gave is sent and the call stops there,
 * leaving the missing bytes in uio_resid.  uio_resid is lowered only by
 * bytes that went into a chain handed to the protocol or about to be.
 */
static int
sosend_common(struct socket *so, struct sockaddr *addr, struct uio *uio,
    struct mbuf *top, struct mbuf *control, int flags, struct thread *td,
    sosend_fill_t *fill, void *fillarg)
{
	struct mbuf **mp, *m;
	ssize_t resid;
	size_t got;
	long space, len;
	int clen = 0, error, atomic, dontwait, pru_flags, mlen;

	if (uio != NULL)
		resid = uio->uio_resid;
	else
		resid = (top->m_flags & M_PKTHDR) ? top->m_pkthdr.len :
		    (ssize_t)m_lengthm(top, NULL);
	atomic = (so->so_proto->pr_flags & PR_ATOMIC) || uio == NULL;
	/*
	 * A negative resid would wrap the space checks; a zero-length send
	 * on a stream is a no-op, but a zero-length datagram is real.
	 */
	if (resid < 0 || (so->so_type == SOCK_STREAM && (flags & MSG_EOR))) {
		error = EINVAL;
		goto out;
	}
	dontwait = (flags & MSG_DONTWAIT) != 0;
	if (control != NULL)
		clen = (int)m_lengthm(control, NULL);

	error = ssb_lock(&so->so_snd, dontwait ? 0 : M_WAITOK);
	if (error != 0)
		goto out;
	do {
		lwkt_gettoken(&so->so_snd.ssb_token);
		if (so->so_state & SS_CANTSENDMORE) {
			lwkt_reltoken(&so->so_snd.ssb_token);
			sosigpipe(so, flags, td);
			error = EPIPE;
			goto release;
		}
		if (so->so_error) {
			error = so->so_error;
			so->so_error = 0;
			lwkt_reltoken(&so->so_snd.ssb_token);
			goto release;
		}
		if ((so->so_state & SS_ISCONNECTED) == 0) {
			if ((so->so_proto->pr_flags & PR_CONNREQUIRED) &&
			    (resid != 0 || clen == 0)) {
				lwkt_reltoken(&so->so_snd.ssb_token);
				error = ENOTCONN;
				goto release;
			} else if (addr == NULL &&
			    !(so->so_proto->pr_flags & PR_CONNREQUIRED)) {
				lwkt_reltoken(&so->so_snd.ssb_token);
				error = EDESTADDRREQ;
				goto release;
			}
		}
		space = ssb_space(&so->so_snd);
		if (atomic && resid > so->so_snd.ssb_hiwat - clen) {
			lwkt_reltoken(&so->so_snd.ssb_token);
			error = EMSGSIZE;
			goto release;
		}
		if (space < resid + clen &&
		    (atomic || space < so->so_snd.ssb_lowat || space < clen)) {
			if (dontwait) {
				lwkt_reltoken(&so->so_snd.ssb_token);
				error = EWOULDBLOCK;
				goto release;
			}
			error = ssb_wait(&so->so_snd);
			lwkt_reltoken(&so->so_snd.ssb_token);
			if (error != 0)
				goto release;
			continue;
		}
		lwkt_reltoken(&so->so_snd.ssb_token);

		/*
		 * Copy up to `space' bytes (all of it if atomic) into one
		 * chain for one pru_send.  A stream takes all the space it
		 * may in one go, not a cluster at a time: each pru_send is
		 * a round trip to the protocol thread for TCP, and a
		 * protocol can only cut segments as large as what it holds.
		 */
		mp = &top;
		space -= clen;
		do {
			if (uio == NULL) {
				resid = 0;	/* the whole chain, in one go */
				break;
			}
			len = (long)MIN((ssize_t)MAX(space, 0), resid);
			if (atomic)
				len = (long)resid;
			if (fill != NULL) {
				/* A stream: one chain, then pru_send. */
				error = sosend_fillchain(&top, len, fill,
				    fillarg, &got);
				if (error != 0)
					goto release;
				uio->uio_resid -= (ssize_t)got;
				resid = ((long)got < len) ? 0 : uio->uio_resid;
				if (got == 0)
					goto release;	/* nothing left */
				space -= (long)got;
				break;
			}
			m = m_getl((int)MIN(len, MJUMPAGESIZE), M_WAITOK,
			    MT_DATA, (top == NULL) ? M_PKTHDR : 0, &mlen);
			if (top == NULL) {
				m->m_pkthdr.len = 0;
				m->m_pkthdr.rcvif = NULL;
			}
			len = MIN(len, mlen);
			error = uiomove(mtod(m, void *), (size_t)len, uio);
			resid = uio->uio_resid;
			m->m_len = (int)len;
			*mp = m;
			top->m_pkthdr.len += (int)len;
			if (error != 0)
				goto release;
			mp = &m->m_next;
			space -= len;
			if (resid <= 0) {
				if (flags & MSG_EOR)
					top->m_flags |= M_EOR;
				break;
			}
		} while (space > 0);

		pru_flags = (flags & MSG_OOB) ? PRUS_OOB : 0;
		if (resid > 0 && space > 0)
			pru_flags |= PRUS_MORETOCOME;
		/*
		 * PR_ASYNC_SEND (TCP): hand the chain over without waiting
		 * for the protocol thread, except where its answer matters:
		 * out-of-band data and control messages, which it may
		 * refuse (EOPNOTSUPP, EINVAL).
		 */
		if ((so->so_proto->pr_flags & PR_ASYNC_SEND) &&
		    !(flags & MSG_OOB) && control == NULL) {
			so_pru_send_async(so, pru_flags, top, addr, control,
			    td);
			error = 0;
		} else {
			error = so_pru_send(so, pru_flags, top, addr, control,
			    td);
		}
		clen = 0;
		control = NULL;
		top = NULL;
		if (error == EPIPE)
			sosigpipe(so, flags, td);
		if (error != 0)
			goto release;
	} while (resid > 0);

release:
	ssb_unlock(&so->so_snd);
out:
	if (top != NULL)
		m_freem(top);
	if (control != NULL)
		m_freem(control);
	return (error);
}

int
sosend(struct socket *so, struct sockaddr *addr, struct uio *uio,
    struct mbuf *top, struct mbuf *control, int flags, struct thread *td)
{
	return (sosend_common(so, addr, uio, top, control, flags, td, NULL,
	    NULL));
}

/*
 * Send *residp bytes that fill produces (see sosend_common) on a
 * connected stream socket; *residp is left with what was not sent.
 */
int
sosend_source(struct socket *so, ssize_t *residp, sosend_fill_t *fill,
    void *fillarg, int flags, struct thread *td)
{
	struct uio auio;
	int error;

	if (so->so_type != SOCK_STREAM || fill == NULL)
		return (EINVAL);
	auio.uio_iov = NULL;
	auio.uio_iovcnt = 0;
	auio.uio_offset = 0;
	auio.uio_resid = *residp;
	auio.uio_segflg = UIO_NOCOPY;
	auio.uio_rw = UIO_WRITE;
	auio.uio_td = td;
	error = sosend_common(so, NULL, &auio, NULL, NULL, flags, td, fill,
	    fillarg);
	*residp = auio.uio_resid;
	return (error);
}

/*
 * sosend_source with a source that hands over ready mbufs: chain(arg,
 * len, &top, &got) builds a chain of got <= len bytes (its first mbuf
 * with M_PKTHDR; the length is set here); got < len says the source
 * ended.  Each chain goes in one pru_send, as for sosend_source.
 */
int
sosend_source_chain(struct socket *so, ssize_t *residp, sosend_chain_t *chain,
    void *arg, int flags, struct thread *td)
{
	struct sosend_chainsrc cs;

	if (chain == NULL)
		return (EINVAL);
	cs.chain = chain;
	cs.arg = arg;
	return (sosend_source(so, residp, sosend_chainfill, &cs, flags, td));
}

/*
 * UDP's pru_sosend: a datagram goes whole to udp_send in one chain, so
 * none of sosend's buffer machinery applies.  UDP never queues in
 * so_snd (udp_send passes the datagram straight to ip_output), so there
 * is no space to wait for and the checks need no token: so_state
 * changes atomically, and so_error is written under udbinfo's token,
 * which sosend's so_snd token does not exclude either.  The errors and
 * their order are sosend's: EPIPE (SIGPIPE), SO_ERROR, EDESTADDRREQ,
 * EMSGSIZE against so_snd's high-water mark (net.inet.udp.maxdgram);
 * EISCONN and the address checks come from udp_output.
 *
 * Senders of one socket stay serialised by ssb_lock, as udp_send's
 * contract (PR_DIRECT_SEND, sys/netinet/udp_usrreq.c) requires: an
 * implicit bind and the datagrams' order on the wire rely on it.
 * Uncontended the lock is a compare-and-set without a token (ssb_lock),
 * so what is saved against sosend is its token rounds.  The first mbuf
 * keeps room in front for the UDP/IP and link headers, so udp_output's
 * M_PREPEND needs no second mbuf.
 *
 * A kernel caller's ready chain or control data, and the (never seen)
 * case of a send buffer with less room than the datagram, go to sosend.
 */
int
sosendudp(struct socket *so, struct sockaddr *addr, struct uio *uio,
    struct mbuf *top, struct mbuf *control, int flags, struct thread *td)
{
	struct mbuf *m, **mp;
	ssize_t resid;
	int error, mlen, room;
	long len;

	if (uio == NULL || top != NULL || control != NULL || !so_fastpath)
		return (sosend(so, addr, uio, top, control, flags, td));
	resid = uio->uio_resid;
	if (resid < 0)
		return (EINVAL);
	error = ssb_lock(&so->so_snd, (flags & MSG_DONTWAIT) ? 0 : M_WAITOK);
	if (error != 0)
		return (error);
	if (so->so_state & SS_CANTSENDMORE) {
		sosigpipe(so, flags, td);
		error = EPIPE;
		goto release;
	}
	if (so->so_error) {
		error = so->so_error;
		so->so_error = 0;
		goto release;
	}
	if ((so->so_state & SS_ISCONNECTED) == 0 && addr == NULL) {
		error = EDESTADDRREQ;
		goto release;
	}
	if (resid > (ssize_t)so->so_snd.ssb_hiwat) {
		error = EMSGSIZE;
		goto release;
	}
	if (ssb_space(&so->so_snd) < resid) {
		/* Not for UDP today; sosend knows how to wait. */
		ssb_unlock(&so->so_snd);
		return (sosend(so, addr, uio, NULL, NULL, flags, td));
	}
	SO_FASTCOUNT(sf_sosendudp);

	mp = &top;
	do {
		m = m_getl((int)MIN(resid, MJUMPAGESIZE), M_WAITOK, MT_DATA,
		    (top == NULL) ? M_PKTHDR : 0, &mlen);
		if (m == NULL) {
			error = ENOBUFS;
			goto release;
		}
		len = (long)MIN(resid, (ssize_t)mlen);
		if (top == NULL) {
			m->m_pkthdr.len = 0;
			m->m_pkthdr.rcvif = NULL;
			/* Leave the headers' room at the front. */
			room = (int)MIN((long)max_hdr, (long)mlen - len);
			m->m_data += room;
		}
		error = uiomove(mtod(m, void *), (size_t)len, uio);
		m->m_len = (int)len;
		*mp = m;
		mp = &m->m_next;
		top->m_pkthdr.len += (int)len;
		if (error != 0)
			goto release;
		resid = uio->uio_resid;
	} while (resid > 0);
	if (flags & MSG_EOR)
		top->m_flags |= M_EOR;

	error = so_pru_send(so, (flags & MSG_OOB) ? PRUS_OOB : 0, top, addr,
	    NULL, td);
	top = NULL;			/* udp_send owns it */
	if (error == EPIPE)
		sosigpipe(so, flags, td);
release:
	ssb_unlock(&so->so_snd);
	if (top != NULL)
		m_freem(top);
	return (error);
}

/* ---- Receiving ---------------------------------------------------------- */

/*
 * A copy of the queued control mbuf m for MSG_PEEK, without its
 * SCM_RIGHTS messages (*withheld set if there were any).  Queued rights
 * are in their in-flight form, file pointers: copied out they would
 * show kernel addresses, and copyout_control would take them for
 * descriptors to close.  They reach the reader that takes the record.
 * The copy has storage of its own (m_copym would share a cluster).
 * NULL if nothing is left or no mbuf could be had.
 */
static struct mbuf *
soreceive_peekcontrol(struct mbuf *m, bool *withheld)
{
	const struct cmsghdr *cm;
	struct mbuf *n;
	int off, len, out = 0;

	n = (m->m_len > (int)MLEN) ? m_getcl(M_NOWAIT, MT_CONTROL, 0) :
	    m_get(M_NOWAIT, MT_CONTROL);
	if (n == NULL)
		return (NULL);
	for (off = 0; off + (int)sizeof(*cm) <= m->m_len; off += len) {
		cm = (const struct cmsghdr *)(mtod(m, char *) + off);
		if (cm->cmsg_len < sizeof(*cm))
			break;		/* never in what the kernel queued */
		len = (int)MIN(_CMSG_ALIGN(cm->cmsg_len),
		    (size_t)(m->m_len - off));
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS) {
			*withheld = true;
			continue;
		}
		memcpy(mtod(n, char *) + out, cm, (size_t)len);
		out += len;
	}
	if (out == 0) {
		m_free(n);
		return (NULL);
	}
	n->m_len = out;
	return (n);
}

/*
 * Hand the control mbufs at the head of the first record to the caller
 * (controlp) or, when nobody wants them, dispose of the rights in them so
 * that no descriptor leaks.  A peek leaves them queued and hands out
 * copies without the rights (*withheld: MSG_CTRUNC).  Called with
 * so_rcv's token held; returns the next mbuf of the record.
 */
static struct mbuf *
soreceive_control(struct socket *so, struct mbuf *m, struct mbuf **controlp,
    int flags, struct mbuf **free_chain, bool *withheld)
{
	struct domain *dp = so->so_proto->pr_domain;
	struct mbuf *cm;

	while (m != NULL && m->m_type == MT_CONTROL) {
		if (flags & MSG_PEEK) {
			if (controlp != NULL) {
				*controlp = soreceive_peekcontrol(m,
				    withheld);
				if (*controlp != NULL)
					controlp = &(*controlp)->m_next;
			}
			m = m->m_next;
			continue;
		}
		cm = m;
		m = sbunlinkmbuf(&so->so_rcv.sb, m, NULL);
		if (controlp != NULL) {
			/*
			 * Install the descriptors in the reader.  Every
			 * control mbuf goes through: the rights may follow
			 * other messages (SCM_CREDS first), and a message
			 * left in its in-flight form would hand the reader
			 * kernel file pointers as descriptor numbers.  If
			 * they could not all be installed, none were: the
			 * rest of the control still arrives, MSG_CTRUNC.
			 */
			if (dp->dom_externalize != NULL &&
			    (so->so_proto->pr_flags & PR_RIGHTS) &&
			    dp->dom_externalize(cm, flags) != 0)
				*withheld = true;
			if (cm->m_len == 0) {
				cm->m_next = *free_chain;
				*free_chain = cm;
				continue;
			}
			*controlp = cm;
			controlp = &cm->m_next;
		} else {
			if ((so->so_proto->pr_flags & PR_RIGHTS) &&
			    dp->dom_dispose != NULL)
				dp->dom_dispose(cm);
			cm->m_next = *free_chain;
			*free_chain = cm;
		}
	}
	return (m);
}

/*
 * Receive data: into uio (or, for kernel callers, as a chain appended to
 * sio), with the sender's address (paddr) and control data (controlp)
 * when the protocol provides them.  Flags: MSG_PEEK, MSG_WAITALL,
 * MSG_DONTWAIT, MSG_OOB, MSG_TRUNC (return the record's full length),
 * MSG_CMSG_CLOEXEC; *flagsp returns MSG_TRUNC, MSG_CTRUNC and MSG_EOR.
 */
int
soreceive(struct socket *so, struct sockaddr **paddr, struct uio *uio,
    struct sockbuf *sio, struct mbuf **controlp, int *flagsp)
{
	struct mbuf *m, *n, *free_chain = NULL;
	int flags, len, error, offset, moff, type, orig_flags;
	ssize_t orig_resid, resid;
	bool atomic, dontwait, withheld = false;

	if (paddr != NULL)
		*paddr = NULL;
	if (controlp != NULL)
		*controlp = NULL;
	flags = (flagsp != NULL) ? *flagsp : 0;
	orig_flags = flags;
	flags &= ~(MSG_EOR | MSG_TRUNC | MSG_CTRUNC);
	resid = (uio != NULL) ? uio->uio_resid : 0x7fffffff;
	if (resid < 0)
		return (EINVAL);
	orig_resid = resid;
	atomic = (so->so_proto->pr_flags & PR_ATOMIC) != 0;
	dontwait = (flags & MSG_DONTWAIT) != 0;

	if (flags & MSG_OOB) {
		m = m_get(M_WAITOK, MT_DATA);
		error = so_pru_rcvoob(so, m, flags & MSG_PEEK);
		if (error == 0 && uio != NULL) {
			for (n = m; n != NULL && uio->uio_resid > 0 &&
			    error == 0; n = n->m_next)
				error = uiomove(mtod(n, void *),
				    (size_t)MIN((ssize_t)n->m_len,
				    uio->uio_resid), uio);
		}
		m_freem(m);
		return (error);
	}

	error = ssb_lock(&so->so_rcv, dontwait ? 0 : M_WAITOK);
	if (error != 0)
		return (error);
	lwkt_gettoken(&so->so_rcv.ssb_token);
restart:
	m = so->so_rcv.sb.sb_mb;
	/*
	 * Wait while there is nothing, or less than the low-water mark of
	 * a stream (and less than asked for), and nothing would end the
	 * wait (an error, EOF, a record boundary).  MSG_WAITALL waits in
	 * the copy loop below, after taking what is there, as FreeBSD's
	 * does: a timeout or a signal then returns the part already read.
	 */
	if (m == NULL || (!dontwait && so->so_rcv.sb.sb_cc < (u_long)resid &&
	    so->so_rcv.sb.sb_cc < (u_long)so->so_rcv.ssb_lowat &&
	    m->m_nextpkt == NULL && !atomic)) {
		if (so->so_error) {
			if (m != NULL)
				goto dontblock;
			error = so->so_error;
			if ((flags & MSG_PEEK) == 0)
				so->so_error = 0;
			goto release;
		}
		if (so->so_state & SS_CANTRCVMORE) {
			if (m != NULL)
				goto dontblock;
			goto release;		/* EOF: 0 bytes */
		}
		for (; m != NULL; m = m->m_next) {
			if (m->m_type == MT_OOBDATA || (m->m_flags & M_EOR)) {
				m = so->so_rcv.sb.sb_mb;
				goto dontblock;
			}
		}
		if ((so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)) == 0 &&
		    (so->so_proto->pr_flags & PR_CONNREQUIRED)) {
			error = ENOTCONN;
			goto release;
		}
		if (resid == 0)
			goto release;
		if (dontwait) {
			error = EWOULDBLOCK;
			goto release;
		}
		error = ssb_wait(&so->so_rcv);
		if (error != 0)
			goto release;
		goto restart;
	}
dontblock:
	/* The sender's address heads a datagram record. */
	if (m->m_type == MT_SONAME) {
		if (paddr != NULL)
			*paddr = dup_sockaddr(mtod(m, struct sockaddr *));
		if (flags & MSG_PEEK) {
			m = m->m_next;
		} else {
			n = m;
			m = sbunlinkmbuf(&so->so_rcv.sb, m, NULL);
			n->m_next = free_chain;
			free_chain = n;
		}
	}
	m = soreceive_control(so, m, controlp, flags | orig_flags,
	    &free_chain, &withheld);
	if (withheld)
		flags |= MSG_CTRUNC;
	if (m == NULL) {
		/* A record of only an address and control. */
		if (flagsp != NULL && withheld)
			*flagsp |= MSG_CTRUNC;
		goto release;
	}
	type = m->m_type;
	if (type == MT_OOBDATA)
		flags |= MSG_OOB;

	moff = 0;
	offset = 0;
	while (m != NULL && resid > 0 && error == 0) {
		if (m->m_type == MT_OOBDATA) {
			if (type != MT_OOBDATA)
				break;
		} else if (type == MT_OOBDATA) {
			break;
		}
		atomic_clear_int(&so->so_state, SS_RCVATMARK);
		len = (int)MIN(resid, (ssize_t)(m->m_len - moff));
		if (so->so_oobmark && len > (int)(so->so_oobmark - offset))
			len = (int)(so->so_oobmark - offset);
		if (uio != NULL) {
			/*
			 * Copy out without the token: the buffer cannot
			 * shrink under us (we hold ssb_lock), and the
			 * user's memory may fault.
			 */
			lwkt_reltoken(&so->so_rcv.ssb_token);
			error = uiomove(mtod(m, char *) + moff, (size_t)len,
			    uio);
			lwkt_gettoken(&so->so_rcv.ssb_token);
			if (error != 0)
				goto release;
		} else if (sio != NULL && !(flags & MSG_PEEK)) {
			/* Kernel reader: move whole mbufs when we can. */
			if (moff == 0 && len == m->m_len) {
				n = m;
				m = sbunlinkmbuf(&so->so_rcv.sb, m, NULL);
				sbappend(sio, n);
				resid -= len;
				continue;
			}
			n = m_copym(m, moff, len, M_WAITOK);
			if (n != NULL)
				sbappend(sio, n);
		}
		resid -= len;
		if (uio != NULL)
			resid = uio->uio_resid;
		if (len == m->m_len - moff) {
			if (m->m_flags & M_EOR)
				flags |= MSG_EOR;
			if (flags & MSG_PEEK) {
				m = m->m_next;
				moff = 0;
			} else {
				n = m;
				m = sbunlinkmbuf(&so->so_rcv.sb, m, NULL);
				n->m_next = free_chain;
				free_chain = n;
			}
		} else {
			if (flags & MSG_PEEK) {
				moff += len;
			} else {
				m->m_data += len;
				m->m_len -= len;
				so->so_rcv.sb.sb_cc -= len;
			}
		}
		if (so->so_oobmark) {
			if ((flags & MSG_PEEK) == 0) {
				so->so_oobmark -= len;
				if (so->so_oobmark == 0) {
					atomic_set_int(&so->so_state,
					    SS_RCVATMARK);
					break;
				}
			} else {
				offset += len;
				if ((u_long)offset == so->so_oobmark)
					break;
			}
		}
		if (flags & MSG_EOR)
			break;
		/*
		 * MSG_WAITALL on a stream: keep going until the request is
		 * met, unless the connection ends or an error arrives.
		 */
		while ((flags & MSG_WAITALL) && m == NULL && resid > 0 &&
		    !atomic && !(flags & MSG_PEEK) &&
		    !so->so_rcv.sb.sb_mb) {
			if (so->so_error || (so->so_state & SS_CANTRCVMORE))
				break;
			if (so->so_proto->pr_flags & PR_WANTRCVD) {
				lwkt_reltoken(&so->so_rcv.ssb_token);
				so_pru_rcvd(so, flags);
				lwkt_gettoken(&so->so_rcv.ssb_token);
				/*
				 * Data the window update brought came
				 * while we held no token: nobody woke us
				 * for it, so look before sleeping.
				 */
				if ((m = so->so_rcv.sb.sb_mb) != NULL)
					continue;
			}
			error = ssb_wait(&so->so_rcv);
			if (error != 0)
				goto release;
			m = so->so_rcv.sb.sb_mb;
		}
	}

	/* An atomic record not read whole: the rest is discarded. */
	if (m != NULL && atomic) {
		if (orig_flags & MSG_TRUNC) {
			/* Report the datagram's true length. */
			struct mbuf *t;
			ssize_t extra = -moff;

			for (t = m; t != NULL; t = t->m_next)
				extra += t->m_len;
			resid -= extra;
			if (uio != NULL)
				uio->uio_resid -= extra;
		}
		flags |= MSG_TRUNC;
		if ((flags & MSG_PEEK) == 0) {
			while (m != NULL) {
				n = m;
				m = sbunlinkmbuf(&so->so_rcv.sb, m, NULL);
				n->m_next = free_chain;
				free_chain = n;
			}
		}
	}
	if ((flags & MSG_PEEK) == 0 &&
	    (so->so_proto->pr_flags & PR_WANTRCVD)) {
		lwkt_reltoken(&so->so_rcv.ssb_token);
		if (so->so_proto->pr_flags & PR_ASYNC_RCVD)
			so_pru_rcvd_async(so);
		else
			so_pru_rcvd(so, flags);
		lwkt_gettoken(&so->so_rcv.ssb_token);
	}
	if (orig_resid == resid && orig_resid != 0 &&
	    (flags & MSG_EOR) == 0 && (so->so_state & SS_CANTRCVMORE) == 0 &&
	    !atomic && error == 0) {
		/* Nothing was read (all control?): try again. */
		goto restart;
	}
	if (flagsp != NULL)
		*flagsp = (*flagsp & ~(MSG_EOR | MSG_TRUNC | MSG_CTRUNC)) |
		    (flags & (MSG_EOR | MSG_TRUNC | MSG_CTRUNC));
release:
	lwkt_reltoken(&so->so_rcv.ssb_token);
	ssb_unlock(&so->so_rcv);
	if (free_chain != NULL)
		m_freem(free_chain);
	return (error);
}

/*
 * TCP's pru_soreceive: a stream with no addresses, control data or
 * records (and in Petrel no urgent data), so soreceive's record and
 * control handling falls away, and the copy needs the buffer's token
 * only twice per batch instead of twice per mbuf.  The reader holds
 * ssb_lock, so it alone takes data off so_rcv; the protocol only
 * appends (sbappendstream: new mbufs at the tail, or bytes into the
 * tail's free room).  The first sb_cc bytes seen under the token thus
 * stay where they are: they are copied out without it, then dropped in
 * one go under it.
 *
 * Everything the caller can see is soreceive's: the wait for data, for
 * SO_RCVLOWAT and, with MSG_WAITALL, for the whole request (a timeout
 * or a signal returns the part read, which kern_recvit turns into a
 * short count); EOF as 0 bytes; so_error after the data before it;
 * ENOTCONN, EWOULDBLOCK; TCP told of what was read (PR_ASYNC_RCVD) so
 * it can open the window.  An EFAULT keeps the bytes of the mbuf that
 * faulted queued, as soreceive does.  MSG_OOB, MSG_PEEK, a kernel
 * reader (sio) and an out-of-band mark go to soreceive.
 */
int
sorecvtcp(struct socket *so, struct sockaddr **paddr, struct uio *uio,
    struct sockbuf *sio, struct mbuf **controlp, int *flagsp)
{
	struct signalsockbuf *ssb = &so->so_rcv;
	struct mbuf *m, *n, *free_chain = NULL;
	ssize_t resid, avail, want, done, len, total = 0;
	int flags, error = 0;
	bool dontwait;

	flags = (flagsp != NULL) ? *flagsp : 0;
	if (uio == NULL || (flags & (MSG_OOB | MSG_PEEK)) ||
	    so->so_oobmark != 0 || !so_fastpath)
		return (soreceive(so, paddr, uio, sio, controlp, flagsp));
	if (paddr != NULL)
		*paddr = NULL;
	if (controlp != NULL)
		*controlp = NULL;
	resid = uio->uio_resid;
	if (resid < 0)
		return (EINVAL);
	dontwait = (flags & MSG_DONTWAIT) != 0;
	SO_FASTCOUNT(sf_sorecvtcp);

	error = ssb_lock(ssb, dontwait ? 0 : M_WAITOK);
	if (error != 0)
		return (error);
	lwkt_gettoken(&ssb->ssb_token);
	/* soreceive's wait: data, or what ends the wait, in its order. */
	for (;;) {
		avail = (ssize_t)ssb->sb.sb_cc;
		if (avail > 0 && (dontwait || avail >= resid ||
		    avail >= (ssize_t)ssb->ssb_lowat))
			break;
		if (so->so_error) {
			if (avail > 0)
				break;
			error = so->so_error;
			so->so_error = 0;
			goto release;
		}
		if (so->so_state & SS_CANTRCVMORE) {
			if (avail > 0)
				break;
			goto release;		/* EOF: 0 bytes */
		}
		if ((so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)) == 0 &&
		    (so->so_proto->pr_flags & PR_CONNREQUIRED)) {
			error = ENOTCONN;
			goto release;
		}
		if (resid == 0)
			goto release;
		if (dontwait) {
			error = EWOULDBLOCK;
			goto release;
		}
		error = ssb_wait(ssb);
		if (error != 0)
			goto release;
	}

	for (;;) {
		/* Copy the first MIN(resid, avail) bytes without the token. */
		if (so->so_state & SS_RCVATMARK)
			atomic_clear_int(&so->so_state, SS_RCVATMARK);
		want = MIN(resid, avail);
		m = ssb->sb.sb_mb;
		lwkt_reltoken(&ssb->ssb_token);
		for (done = 0; done < want && m != NULL; m = m->m_next) {
			len = MIN((ssize_t)m->m_len, want - done);
			error = uiomove(mtod(m, char *), (size_t)len, uio);
			if (error != 0)
				break;
			done += len;
		}
		lwkt_gettoken(&ssb->ssb_token);
		/* Drop what was copied: whole mbufs, then the front of one. */
		len = done;
		m = ssb->sb.sb_mb;
		while (m != NULL && (ssize_t)m->m_len <= len) {
			len -= m->m_len;
			n = m;
			m = sbunlinkmbuf(&ssb->sb, m, NULL);
			n->m_next = free_chain;
			free_chain = n;
		}
		if (len > 0) {
			m->m_data += len;
			m->m_len -= (int)len;
			ssb->sb.sb_cc -= (u_long)len;
		}
		total += done;
		resid = uio->uio_resid;
		if (error != 0)
			goto release;
		if (resid == 0)
			break;
		/* Data that came in meanwhile is taken, as soreceive does. */
		avail = (ssize_t)ssb->sb.sb_cc;
		if (avail > 0)
			continue;
		if ((flags & MSG_WAITALL) == 0)
			break;
		/* MSG_WAITALL: wait for more unless the stream is done. */
		while (avail == 0) {
			if (so->so_error || (so->so_state & SS_CANTRCVMORE))
				break;
			if (so->so_proto->pr_flags & PR_WANTRCVD) {
				lwkt_reltoken(&ssb->ssb_token);
				so_pru_rcvd(so, flags);
				lwkt_gettoken(&ssb->ssb_token);
				/* The window update may have brought it. */
				avail = (ssize_t)ssb->sb.sb_cc;
				if (avail > 0)
					break;
			}
			error = ssb_wait(ssb);
			if (error != 0)
				goto release;
			avail = (ssize_t)ssb->sb.sb_cc;
		}
		if (avail == 0)
			break;
	}
	if (total > 0 && (so->so_proto->pr_flags & PR_WANTRCVD)) {
		lwkt_reltoken(&ssb->ssb_token);
		if (so->so_proto->pr_flags & PR_ASYNC_RCVD)
			so_pru_rcvd_async(so);
		else
			so_pru_rcvd(so, flags);
		lwkt_gettoken(&ssb->ssb_token);
	}
	if (flagsp != NULL)
		*flagsp &= ~(MSG_EOR | MSG_TRUNC | MSG_CTRUNC);
release:
	lwkt_reltoken(&ssb->ssb_token);
	ssb_unlock(ssb);
	if (free_chain != NULL)
		m_freem(free_chain);
	return (error);
}

/* ---- Shutdown ------------------------------------------------------------ */

/*
 * Throw away what is queued for reading and refuse more; rights in the
 * discarded data are disposed of, so that no descriptor is lost.
 */
void
sorflush(struct socket *so)
{
	struct signalsockbuf *ssb = &so->so_rcv;
	struct protosw *pr = so->so_proto;
	struct sockbuf asb;

	(void)ssb_lock(ssb, M_WAITOK | M_NULLOK);
	lwkt_gettoken(&ssb->ssb_token);
	socantrcvmore(so);
	asb = ssb->sb;
	sbinit(&ssb->sb);
	lwkt_reltoken(&ssb->ssb_token);
	ssb_unlock(ssb);
	if ((pr->pr_flags & PR_RIGHTS) && pr->pr_domain->dom_dispose != NULL &&
	    asb.sb_mb != NULL)
		pr->pr_domain->dom_dispose(asb.sb_mb);
	sbflush(&asb);
}

int
soshutdown(struct socket *so, int how)
{
	if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
		return (EINVAL);
	if (so->so_options & SO_ACCEPTCONN) {
		/*
		 * A listener is not connected (ENOTCONN, as FreeBSD says),
		 * but shutting its reading side still ends every accept
		 * waiting on it and to come with ECONNABORTED (a queued
		 * connection is still handed out first): a server's other
		 * thread or process can stop the accept loop this way.
		 */
		if (how != SHUT_WR)
			socantrcvmore(so);
		return (ENOTCONN);
	}
	if ((so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING |
	    SS_ISDISCONNECTING)) == 0 &&
	    (so->so_proto->pr_flags & PR_CONNREQUIRED))
		return (ENOTCONN);
	if (how != SHUT_WR)
		sorflush(so);
	if (how != SHUT_RD)
		return (so_pru_shutdown(so));
	return (0);
}

/* ---- Options ----------------------------------------------------------- */

/*
 * Copy an option value in, from user or kernel space.  The caller's
 * buffer must be at least minlen; at most len bytes are used.
 */
int
sooptcopyin(struct sockopt *sopt, void *buf, size_t len, size_t minlen)
{
	size_t valsize = sopt->sopt_valsize;

	if (valsize < minlen)
		return (EINVAL);
	if (valsize > len)
		sopt->sopt_valsize = valsize = len;
	if (sopt->sopt_td != NULL)
		return (copyin(sopt->sopt_val, buf, valsize));
	bcopy(sopt->sopt_val, buf, valsize);
	return (0);
}

int
sooptcopyout(struct sockopt *sopt, const void *buf, size_t len)
{
	size_t valsize = MIN(len, sopt->sopt_valsize);
	int error = 0;

	sopt->sopt_valsize = valsize;
	if (sopt->sopt_val != NULL) {
		if (sopt->sopt_td != NULL)
			error = copyout(buf, sopt->sopt_val, valsize);
		else
			bcopy(buf, sopt->sopt_val, valsize);
	}
	return (error);
}

static int
so_timeo_in(struct sockopt *sopt, int *ticksp)
{
	struct timeval tv;
	int error;
	int64_t ticks;

	error = sooptcopyin(sopt, &tv, sizeof(tv), sizeof(tv));
	if (error != 0)
		return (error);
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return (EDOM);
	ticks = tv.tv_sec * HZ + tv.tv_usec / (1000000 / HZ);
	if (ticks > 0x7fffffff)
		return (EDOM);
	if (ticks == 0 && tv.tv_usec != 0)
		ticks = 1;
	*ticksp = (int)ticks;
	return (0);
}

int
sosetopt(struct socket *so, struct sockopt *sopt)
{
	struct linger l;
	int error, optval;
	struct signalsockbuf *ssb;

	sopt->sopt_dir = SOPT_SET;
	if (sopt->sopt_level != SOL_SOCKET)
		return (so_pr_ctloutput(so, sopt));

	switch (sopt->sopt_name) {
	case SO_LINGER:
		error = sooptcopyin(sopt, &l, sizeof(l), sizeof(l));
		if (error != 0)
			return (error);
		if (l.l_linger < 0 || l.l_linger > 0x7fff)
			return (EINVAL);
		so->so_linger = (short)l.l_linger;
		if (l.l_onoff)
			atomic_set_int(&so->so_options, SO_LINGER);
		else
			atomic_clear_int(&so->so_options, SO_LINGER);
		return (0);

	case SO_DEBUG:
	case SO_KEEPALIVE:
	case SO_DONTROUTE:
	case SO_USELOOPBACK:
	case SO_BROADCAST:
	case SO_REUSEADDR:
	case SO_REUSEPORT:
	case SO_OOBINLINE:
	case SO_TIMESTAMP:
	case SO_NOSIGPIPE:
		error = sooptcopyin(sopt, &optval, sizeof(optval),
		    sizeof(optval));
		if (error != 0)
			return (error);
		if (optval)
			atomic_set_int(&so->so_options, sopt->sopt_name);
		else
			atomic_clear_int(&so->so_options, sopt->sopt_name);
		/* Let the protocol see it too (e.g. TCP keepalive). */
		if (so->so_proto->pr_ctloutput != NULL)
			(void)so_pr_ctloutput(so, sopt);
		return (0);

	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_SNDLOWAT:
	case SO_RCVLOWAT:
		error = sooptcopyin(sopt, &optval, sizeof(optval),
		    sizeof(optval));
		if (error != 0)
			return (error);
		if (optval < 1)
			return (EINVAL);
		ssb = (sopt->sopt_name == SO_SNDBUF ||
		    sopt->sopt_name == SO_SNDLOWAT) ? &so->so_snd :
		    &so->so_rcv;
		lwkt_gettoken(&ssb->ssb_token);
		switch (sopt->sopt_name) {
		case SO_SNDBUF:
		case SO_RCVBUF:
			error = ssb_reserve(ssb, (u_long)optval, so);
			if (error == 0)
				atomic_clear_int(&ssb->ssb_flags,
				    SSB_AUTOSIZE);
			break;
		default:
			ssb->ssb_lowat = (optval > ssb->ssb_hiwat) ?
			    ssb->ssb_hiwat : optval;
			break;
		}
		lwkt_reltoken(&ssb->ssb_token);
		return (error);

	case SO_SNDTIMEO:
	case SO_RCVTIMEO:
		error = so_timeo_in(sopt, &optval);
		if (error != 0)
			return (error);
		if (sopt->sopt_name == SO_SNDTIMEO)
			so->so_snd.ssb_timeo = optval;
		else
			so->so_rcv.ssb_timeo = optval;
		return (0);

	case SO_ACCEPTFILTER:
		return (accept_filt_setopt(so, sopt));

	default:
		return (ENOPROTOOPT);
	}
}

int
sogetopt(struct socket *so, struct sockopt *sopt)
{
	struct linger l;
	struct timeval tv;
	int optval, ticks;

	sopt->sopt_dir = SOPT_GET;
	if (sopt->sopt_level != SOL_SOCKET)
		return (so_pr_ctloutput(so, sopt));

	switch (sopt->sopt_name) {
	case SO_LINGER:
		l.l_onoff = (so->so_options & SO_LINGER) != 0;
		l.l_linger = so->so_linger;
		return (sooptcopyout(sopt, &l, sizeof(l)));

	case SO_DEBUG:
	case SO_KEEPALIVE:
	case SO_DONTROUTE:
	case SO_USELOOPBACK:
	case SO_BROADCAST:
	case SO_REUSEADDR:
	case SO_REUSEPORT:
	case SO_OOBINLINE:
	case SO_TIMESTAMP:
	case SO_NOSIGPIPE:
	case SO_ACCEPTCONN:
		optval = (so->so_options & sopt->sopt_name) != 0;
		break;
	case SO_TYPE:
		optval = so->so_type;
		break;
	case SO_PROTOCOL:
		optval = so->so_proto->pr_protocol;
		break;
	case SO_ERROR:
		optval = so->so_error;
		so->so_error = 0;
		break;
	case SO_SNDBUF:
		optval = (int)so->so_snd.ssb_hiwat;
		break;
	case SO_RCVBUF:
		optval = (int)so->so_rcv.ssb_hiwat;
		break;
	case SO_SNDLOWAT:
		optval = (int)so->so_snd.ssb_lowat;
		break;
	case SO_RCVLOWAT:
		optval = (int)so->so_rcv.ssb_lowat;
		break;
	case SO_SNDTIMEO:
	case SO_RCVTIMEO:
		ticks = (sopt->sopt_name == SO_SNDTIMEO) ?
		    so->so_snd.ssb_timeo : so->so_rcv.ssb_timeo;
		tv.tv_sec = ticks / HZ;
		tv.tv_usec = (ticks % HZ) * (1000000 / HZ);
		return (sooptcopyout(sopt, &tv, sizeof(tv)));
	case SO_ACCEPTFILTER:
		return (accept_filt_getopt(so, sopt));
	default:
		return (ENOPROTOOPT);
	}
	return (sooptcopyout(sopt, &optval, sizeof(optval)));
}

/* ---- Export ------------------------------------------------------------ */

/*
 * Walk every socket (for the pcblist and kern.file exports) with the set
 * held still.  fn returns nonzero to stop.
 */
int
so_foreach(int (*fn)(struct socket *, void *), void *arg, uint64_t *genp)
{
	struct socket *so;
	int error = 0;

	lwkt_gettoken(&so_all_token);
	if (genp != NULL)
		*genp = so_gencnt;
	LIST_FOREACH(so, &so_allsockets, so_all) {
		if ((error = fn(so, arg)) != 0)
			break;
	}
	lwkt_reltoken(&so_all_token);
	return (error);
}

/* The socket generation: bumped by every creation and destruction. */
uint64_t
so_generation(void)
{
	return (__atomic_load_n(&so_gencnt, __ATOMIC_ACQUIRE));
}

static int
sysctl_somaxconn(SYSCTL_HANDLER_ARGS)
{
	int error, val = somaxconn;

	error = SYSCTL_OUT(req, &val, sizeof(val));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &val, sizeof(val));
	if (error != 0)
		return (error);
	if (val < 1 || val > 0x7fff)
		return (EINVAL);
	somaxconn = val;
	return (0);
}

SYSCTL_DECL(_kern_ipc);
SYSCTL_PROC(_kern_ipc, OID_AUTO, somaxconn, CTLTYPE_INT | CTLFLAG_RW,
    NULL, 0, sysctl_somaxconn, "I", "most queued connections per listen");
SYSCTL_ULONG(_kern_ipc, OID_AUTO, maxsockbuf, CTLFLAG_RD, &sb_max, 0,
    "most storage a socket buffer may use");
SYSCTL_INT(_kern_ipc, OID_AUTO, numopensockets, CTLFLAG_RD,
    &numopensockets, 0, "sockets in existence");

static int
sysctl_so_fastcount(SYSCTL_HANDLER_ARGS)
{
	uint64_t sum = 0;
	size_t off = (size_t)arg2;
	int i;

	for (i = 0; i < ncpus; i++)
		sum += *(uint64_t *)((char *)&so_fastcount[i] + off);
	return (SYSCTL_OUT(req, &sum, sizeof(sum)));
}
SYSCTL_INT(_kern_ipc, OID_AUTO, sofastpath, CTLFLAG_RW, &so_fastpath, 0,
    "use sosendudp and sorecvtcp (0: sosend and soreceive)");
SYSCTL_PROC(_kern_ipc, OID_AUTO, sosendudp_calls, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, __builtin_offsetof(struct so_fastcount, sf_sosendudp),
    sysctl_so_fastcount, "QU", "UDP sends that took sosendudp");
SYSCTL_PROC(_kern_ipc, OID_AUTO, sorecvtcp_calls, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, __builtin_offsetof(struct so_fastcount, sf_sorecvtcp),
    sysctl_so_fastcount, "QU", "TCP receives that took sorecvtcp");
