/*
 * Socket state changes and socket buffer management: the routines
 * protocols call as a connection moves through its states
 * (soisconnecting ... soisdisconnected), the creation of sockets for
 * incoming connections on a listening socket (sonewconn), buffer space
 * reservation (soreserve, ssb_reserve), and the waiting and waking that
 * connect the socket layer with its readers and writers (ssb_wait,
 * ssb_lock, sowakeup).
 *
 * Locking: so_state changes are atomic bit operations; a signalsockbuf's
 * queue and flags change under its ssb_token; the accept queues of a
 * listening socket are protected by its so_rcv token.  tsleep() releases
 * the tokens a thread holds while it sleeps and takes them back before it
 * returns, so "check under the token, then tsleep" cannot miss a wakeup
 * made by someone who must take the same token to change the state.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/socket.h>
#include <sys/mbuf.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <sys/socketvar.h>
#include <sys/ucred.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_SONAME, "soname", "socket addresses");

/*
 * kern.ipc.maxsockbuf: the most storage one socket buffer may use.  A
 * buffer's data limit (ssb_hiwat) is held to what that storage can carry
 * when every mbuf holds a full cluster.
 */
u_long	sb_max = 2 * 1024 * 1024;
static u_long sb_max_adj = (u_long)2 * 1024 * 1024 * MCLBYTES /
	    (MSIZE + MCLBYTES);
/*
 * Storage may exceed data by this factor (ssb_mbmax = hiwat * 8), so a
 * stream of small writes is not cut off by mbuf overhead before the data
 * limit is reached.
 */
static u_long sb_efficiency = 8;

/*
 * Wait channels: connect() sleeps on the socket's state, ssb_lock() on
 * the buffer's flags (both volatile, hence the casts).
 */
#define SO_STATE_CHAN(so)	((const void *)(uintptr_t)&(so)->so_state)
#define SSB_LOCK_CHAN(ssb)	((const void *)(uintptr_t)&(ssb)->ssb_flags)

/* ---- Connection states ---------------------------------------------- */

/*
 * Wake connect() and a lingering close, which look at so_state and go to
 * sleep on it holding so_rcv's token.  A token is let go only once its
 * holder is queued asleep (lwkt_switch), so a waker that takes the token
 * first cannot run between their look and their sleep: either they see
 * the new state, or they are on the queue when it is woken.  Without it
 * a handshake finished by the protocol thread on the other CPU in that
 * gap left connect() asleep on an established connection.
 */
static void
sostate_wakeup(struct socket *so)
{
	lwkt_gettoken(&so->so_rcv.ssb_token);
	wakeup(SO_STATE_CHAN(so));
	lwkt_reltoken(&so->so_rcv.ssb_token);
}

void
soisconnecting(struct socket *so)
{
	atomic_clear_int(&so->so_state, SS_ISCONNECTED | SS_ISDISCONNECTING);
	atomic_set_int(&so->so_state, SS_ISCONNECTING);
}

/*
 * The connection is up.  If the socket sits on a listening socket's
 * incomplete queue, move it to the complete queue and wake accept(),
 * whose predicate message sorwakeup() of the listener runs.
 */
void
soisconnected(struct socket *so)
{
	struct socket *head;

	atomic_clear_int(&so->so_state, SS_ISCONNECTING |
	    SS_ISDISCONNECTING | SS_ISCONFIRMING | SS_ISDISCONNECTED);
	atomic_set_int(&so->so_state, SS_ISCONNECTED);

	head = so->so_head;
	if (head != NULL && head->so_accf != NULL &&
	    (so->so_options & SO_ACCEPTFILTER)) {
		/*
		 * The listener has an accept filter: hold the connection
		 * on so_incomp until the filter's upcall, run on every
		 * wakeup of so_rcv, finds the data it wants and calls us
		 * again (SO_ACCEPTFILTER cleared, so it passes then).
		 */
		accept_filt_install(head, so);
		return;
	}
	if (head != NULL) {
		lwkt_gettoken(&head->so_rcv.ssb_token);
		if (so->so_head == head && (so->so_state & SS_INCOMP)) {
			TAILQ_REMOVE(&head->so_incomp, so, so_list);
			head->so_incqlen--;
			atomic_clear_int(&so->so_state, SS_INCOMP);
			TAILQ_INSERT_TAIL(&head->so_comp, so, so_list);
			head->so_qlen++;
			atomic_set_int(&so->so_state, SS_COMP);
			lwkt_reltoken(&head->so_rcv.ssb_token);
			/* Pollers, and accept's predicate (soaccept_wait). */
			sorwakeup(head);
			return;
		}
		lwkt_reltoken(&head->so_rcv.ssb_token);
	}
	sostate_wakeup(so);
	sorwakeup(so);
	sowwakeup(so);
}

void
soisdisconnecting(struct socket *so)
{
	atomic_clear_int(&so->so_state, SS_ISCONNECTING);
	atomic_set_int(&so->so_state, SS_ISDISCONNECTING | SS_CANTRCVMORE |
	    SS_CANTSENDMORE);
	sostate_wakeup(so);
	sowwakeup(so);
	sorwakeup(so);
}

/*
 * The connection is gone: no more data either way, and whatever was
 * waiting to be sent will never be.
 */
void
soisdisconnected(struct socket *so)
{
	atomic_clear_int(&so->so_state, SS_ISCONNECTING | SS_ISCONNECTED |
	    SS_ISDISCONNECTING);
	atomic_set_int(&so->so_state, SS_CANTRCVMORE | SS_CANTSENDMORE |
	    SS_ISDISCONNECTED);
	lwkt_gettoken(&so->so_snd.ssb_token);
	sbdrop(&so->so_snd.sb, (int)so->so_snd.sb.sb_cc);
	lwkt_reltoken(&so->so_snd.ssb_token);
	sostate_wakeup(so);
	sowwakeup(so);
	sorwakeup(so);
}

void
socantsendmore(struct socket *so)
{
	atomic_set_int(&so->so_state, SS_CANTSENDMORE);
	sowwakeup(so);
}

void
socantrcvmore(struct socket *so)
{
	atomic_set_int(&so->so_state, SS_CANTRCVMORE);
	sorwakeup(so);
}

/* ---- Incoming connections ------------------------------------------- */

/*
 * A connection request arrived on listening socket head: make a socket
 * for it, attached to the same protocol, and queue it on so_incomp (or,
 * with connstatus SS_ISCONNECTED, straight on so_comp).  Called in the
 * protocol's thread.  NULL when the queues are full (more than 3/2 of the
 * backlog, the BSD allowance for connections in progress) or memory is
 * short: the protocol then refuses or drops the request.
 */
struct socket *
sonewconn_faddr(struct socket *head, int connstatus,
    const struct sockaddr *faddr)
{
	struct socket *so;
	struct pru_attach_info ai;
	int error;

	if (head->so_qlen + head->so_incqlen > 3 * head->so_qlimit / 2 ||
	    (head->so_state & SS_ISCLOSING))
		return (NULL);
	so = soalloc(0, head->so_proto);
	if (so == NULL)
		return (NULL);
	so->so_head = NULL;
	so->so_type = head->so_type;
	so->so_options = head->so_options & ~SO_ACCEPTCONN;
	so->so_linger = head->so_linger;
	so->so_state = head->so_state | SS_NOFDREF;
	so->so_state &= ~(SS_ACCEPTMECH | SS_ISCONNECTED | SS_ISCONNECTING |
	    SS_INCOMP | SS_COMP);
	so->so_cred = crhold(head->so_cred);
	so->so_port = head->so_port;
	so->so_rcv.ssb_timeo = head->so_rcv.ssb_timeo;
	so->so_snd.ssb_timeo = head->so_snd.ssb_timeo;
	so->so_rcv.ssb_flags |= head->so_rcv.ssb_flags & SSB_AUTOSIZE;
	so->so_snd.ssb_flags |= head->so_snd.ssb_flags & SSB_AUTOSIZE;

	if (soreserve(so, (u_long)head->so_snd.ssb_hiwat,
	    (u_long)head->so_rcv.ssb_hiwat) != 0) {
		sofree(so);
		return (NULL);
	}
	/*
	 * Attach directly: we are already in the protocol's thread, and a
	 * message to our own port would wait for ourselves.
	 */
	ai.p_ucred = so->so_cred;
	ai.fd = -1;
	error = so_pru_attach_direct(so, head->so_proto->pr_protocol, &ai);
	if (error != 0) {
		sofree(so);
		return (NULL);
	}
	(void)faddr;

	lwkt_gettoken(&head->so_rcv.ssb_token);
	if (head->so_state & SS_ISCLOSING) {
		/*
		 * close(2) of the listener began after we looked: it
		 * empties the queues under this token after marking the
		 * socket, so a connection queued now would never be seen
		 * again (a socket and its pcb left for good).  Undo.
		 */
		lwkt_reltoken(&head->so_rcv.ssb_token);
		(void)so_pru_detach_direct(so);
		sofree(so);
		return (NULL);
	}
	so->so_head = head;
	soreference(head);
	if (connstatus) {
		TAILQ_INSERT_TAIL(&head->so_comp, so, so_list);
		head->so_qlen++;
		atomic_set_int(&so->so_state, SS_COMP | connstatus);
	} else {
		TAILQ_INSERT_TAIL(&head->so_incomp, so, so_list);
		head->so_incqlen++;
		atomic_set_int(&so->so_state, SS_INCOMP);
	}
	lwkt_reltoken(&head->so_rcv.ssb_token);
	if (connstatus)
		sorwakeup(head);
	return (so);
}

struct socket *
sonewconn(struct socket *head, int connstatus)
{
	return (sonewconn_faddr(head, connstatus, NULL));
}

/* ---- Buffer space --------------------------------------------------- */

/*
 * Reserve buffer space for both directions and set the low-water marks
 * to their defaults (one byte to read; a cluster's worth, or the whole
 * buffer if smaller, to write).  0 or ENOBUFS.
 */
int
soreserve(struct socket *so, u_long sndcc, u_long rcvcc)
{
	if (ssb_reserve(&so->so_snd, sndcc, so) != 0)
		return (ENOBUFS);
	if (ssb_reserve(&so->so_rcv, rcvcc, so) != 0) {
		ssb_release(&so->so_snd, so);
		return (ENOBUFS);
	}
	if (so->so_rcv.ssb_lowat == 0)
		so->so_rcv.ssb_lowat = 1;
	if (so->so_snd.ssb_lowat == 0)
		so->so_snd.ssb_lowat = MCLBYTES;
	if (so->so_snd.ssb_lowat > so->so_snd.ssb_hiwat)
		so->so_snd.ssb_lowat = so->so_snd.ssb_hiwat;
	return (0);
}

/* Set one buffer's data limit to cc bytes.  0, or ENOBUFS if too big. */
int
ssb_reserve(struct signalsockbuf *ssb, u_long cc, struct socket *so)
{
	if (cc > sb_max_adj || cc == 0)
		return (ENOBUFS);
	ssb->ssb_hiwat = (long)cc;
	ssb->ssb_mbmax = MIN(cc * sb_efficiency, sb_max);
	if (ssb->ssb_lowat > ssb->ssb_hiwat)
		ssb->ssb_lowat = ssb->ssb_hiwat;
	return (0);
}

/* Empty a buffer and give up its reservation. */
void
ssb_release(struct signalsockbuf *ssb, struct socket *so)
{
	sbflush(&ssb->sb);
	ssb->ssb_hiwat = 0;
	ssb->ssb_mbmax = 0;
}

/* ---- Waiting and waking --------------------------------------------- */

/*
 * Wait for data or space.  Called with ssb_token held, after finding
 * there is none; returns with it held.  0, EINTR/ERESTART on a signal,
 * EWOULDBLOCK when the buffer's timeout expires.  A timeout of n ticks
 * sleeps n + 1: a callout fires on a tick boundary and the sleep starts
 * partway through a tick, so n would end up to a tick early, and
 * SO_RCVTIMEO/SO_SNDTIMEO must never end a wait before their time (as
 * FreeBSD's tvtohz() rounds up by a tick).
 */
int
ssb_wait(struct signalsockbuf *ssb)
{
	int timo = ssb->ssb_timeo, error;
	uint64_t start, want, now;

	ASSERT_LWKT_TOKEN_HELD(&ssb->ssb_token);
	atomic_set_int(&ssb->ssb_flags, SSB_WAIT);
	if (timo <= 0 || timo >= 0x7fffffff)
		return (tsleep(&ssb->sb.sb_cc,
		    (ssb->ssb_flags & SSB_NOINTR) ? 0 : PCATCH, "sbwait", 0));
	/*
	 * SO_RCVTIMEO/SO_SNDTIMEO are never early: ticks can run ahead of
	 * the clock (an emulator delivers missed timer interrupts back to
	 * back), so a timeout is checked against uptime and the rest slept
	 * again.  The extra tick covers the first, partly waited one.
	 */
	start = uptime_ns();
	want = (uint64_t)timo * (1000000000ULL / HZ);
	timo++;
	for (;;) {
		error = tsleep(&ssb->sb.sb_cc,
		    (ssb->ssb_flags & SSB_NOINTR) ? 0 : PCATCH, "sbwait",
		    timo);
		if (error != EWOULDBLOCK)
			return (error);
		now = uptime_ns();
		if (now - start >= want)
			return (EWOULDBLOCK);
		timo = nstohz(want - (now - start));
		atomic_set_int(&ssb->ssb_flags, SSB_WAIT);
	}
}

/*
 * Serialise the users of one direction of a socket (two writers must not
 * interleave a record).  With M_WAITOK, sleep until the lock is free
 * (EINTR/ERESTART on a signal); without, EWOULDBLOCK if it is held.
 */
int
ssb_lock(struct signalsockbuf *ssb, int flags)
{
	int f;
	int error = 0;

	/*
	 * Uncontended, the lock is one compare-and-set, with no token:
	 * every send and receive takes it, and a token round costs more.
	 * Every change of ssb_flags is atomic, so the set cannot lose
	 * another flag's change.
	 */
	f = ssb->ssb_flags;
	if ((f & SSB_LOCK) == 0 &&
	    atomic_cmpset_int(&ssb->ssb_flags, f, f | SSB_LOCK))
		return (0);
	lwkt_gettoken(&ssb->ssb_token);
	for (;;) {
		f = ssb->ssb_flags;
		if ((f & SSB_LOCK) == 0) {
			if (atomic_cmpset_int(&ssb->ssb_flags, f,
			    f | SSB_LOCK))
				break;
			continue;
		}
		if (!(flags & M_WAITOK)) {
			error = EWOULDBLOCK;
			break;
		}
		/*
		 * Ask for the wake-up only while the lock is still held
		 * (one compare-and-set of both bits): an unlocker that
		 * finds no SSB_WANT takes no token, so a want set after
		 * its release would sleep forever.  One that finds it
		 * takes the token, which we give up only once asleep.
		 */
		if (!atomic_cmpset_int(&ssb->ssb_flags, f, f | SSB_WANT))
			continue;
		error = tsleep(SSB_LOCK_CHAN(ssb),
		    (ssb->ssb_flags & SSB_NOINTR) ? 0 : PCATCH, "sblock", 0);
		if (error != 0)
			break;
	}
	lwkt_reltoken(&ssb->ssb_token);
	return (error);
}

void
ssb_unlock(struct signalsockbuf *ssb)
{
	int f;
	bool want;

	/* Nobody waits: one compare-and-set (see ssb_lock). */
	f = ssb->ssb_flags;
	if ((f & SSB_WANT) == 0 &&
	    atomic_cmpset_int(&ssb->ssb_flags, f, f & ~SSB_LOCK))
		return;
	lwkt_gettoken(&ssb->ssb_token);
	want = (ssb->ssb_flags & SSB_WANT) != 0;
	atomic_clear_int(&ssb->ssb_flags, SSB_LOCK | SSB_WANT);
	lwkt_reltoken(&ssb->ssb_token);
	if (want)
		wakeup(SSB_LOCK_CHAN(ssb));
}

/*
 * Something changed in ssb: wake sleepers in ssb_wait, pollers and
 * knotes, and reply to the predicate messages that now hold.
 */
void
sowakeup(struct socket *so, struct signalsockbuf *ssb)
{
	struct netmsg_so_notify *msg, *next;

	lwkt_gettoken(&ssb->ssb_token);
	if (ssb->ssb_flags & SSB_WAIT) {
		atomic_clear_int(&ssb->ssb_flags, SSB_WAIT);
		wakeup(&ssb->sb.sb_cc);
	}
	if (ssb->ssb_flags & SSB_MEVENT) {
		TAILQ_FOREACH_SAFE(msg, &ssb->ssb_mlist, nm_list, next) {
			if (msg->nm_predicate(msg)) {
				TAILQ_REMOVE(&ssb->ssb_mlist, msg, nm_list);
				lwkt_replymsg(&msg->base.lmsg,
				    msg->base.lmsg.ms_error);
			}
		}
		if (TAILQ_EMPTY(&ssb->ssb_mlist))
			atomic_clear_int(&ssb->ssb_flags, SSB_MEVENT);
	}
	lwkt_reltoken(&ssb->ssb_token);
	selwakeup(&ssb->ssb_sel);
	if ((ssb->ssb_flags & SSB_UPCALL) && so->so_upcall != NULL)
		so->so_upcall(so, so->so_upcallarg, M_NOWAIT);
}

/* ---- Helpers ---------------------------------------------------------- */

/* A kmalloc'd copy of a socket address (free with kfree(, M_SONAME)). */
struct sockaddr *
dup_sockaddr(const struct sockaddr *sa)
{
	struct sockaddr *sa2;

	sa2 = kmalloc(sa->sa_len, M_SONAME, M_WAITOK);
	bcopy(sa, sa2, sa->sa_len);
	return (sa2);
}

static void
ssbtoxsockbuf(struct signalsockbuf *ssb, struct xsockbuf *xsb)
{
	xsb->sb_cc = ssb->sb.sb_cc;
	xsb->sb_hiwat = (uint64_t)ssb->ssb_hiwat;
	xsb->sb_mbcnt = ssb->sb.sb_mbcnt;
	xsb->sb_mcnt = ssb->sb.sb_mcnt;
	xsb->sb_ccnt = ssb->sb.sb_ccnt;
	xsb->sb_mbmax = ssb->ssb_mbmax;
	xsb->sb_lowat = ssb->ssb_lowat;
	xsb->sb_timeo = ssb->ssb_timeo;
	xsb->sb_flags = ssb->ssb_flags;
	xsb->sb_pad = 0;
}

/*
 * May the current thread see so in an exported list (the pcblists of
 * every family)?  A reader outside any prison sees everything; a jailed
 * reader only the sockets made inside its own prison (so_cred is the
 * creator's, or for an accepted connection the listener's).
 */
bool
soexport_visible(struct socket *so)
{
	struct thread *td = curthread;
	struct ucred *cr;

	if (td == NULL || td->td_proc == NULL ||
	    (cr = td->td_proc->p_ucred) == NULL || cr->cr_prison == NULL)
		return (true);
	return (so->so_cred != NULL && so->so_cred->cr_prison == cr->cr_prison);
}

/*
 * Fill an exported record.  An unprivileged reader gets the socket's
 * opaque id in place of its address, and no pcb address at all.
 */
void
sotoxsocket(struct socket *so, struct xsocket *xso, bool priv)
{
	bzero(xso, sizeof(*xso));
	xso->xso_len = sizeof(*xso);
	xso->xso_version = XSOCKET_VERSION;
	xso->xso_so = priv ? (uint64_t)(uintptr_t)so : so->so_id;
	xso->so_pcb = priv ? (uint64_t)(uintptr_t)so->so_pcb : 0;
	xso->xso_protocol = so->so_proto->pr_protocol;
	xso->xso_family = so->so_proto->pr_domain->dom_family;
	xso->so_type = so->so_type;
	xso->so_options = so->so_options;
	xso->so_state = so->so_state;
	xso->so_linger = so->so_linger;
	xso->so_qlen = so->so_qlen;
	xso->so_incqlen = so->so_incqlen;
	xso->so_qlimit = so->so_qlimit;
	xso->so_error = so->so_error;
	xso->so_pgid = so->so_pgid;
	xso->so_uid = so->so_cred != NULL ? so->so_cred->cr_uid : 0;
	xso->so_oobmark = (uint32_t)so->so_oobmark;
	ssbtoxsockbuf(&so->so_rcv, &xso->so_rcv);
	ssbtoxsockbuf(&so->so_snd, &xso->so_snd);
}
