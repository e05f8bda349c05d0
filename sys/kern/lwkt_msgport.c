/*
 * LWKT message ports (see <sys/msgport.h>).  Every port type keeps its
 * queue under the port's spinlock; a receiver waiting for a message, and
 * a sender waiting for a reply, sleep with ssleep() on the port or the
 * message using that spinlock as the interlock, so no wakeup is lost.
 * Replies go to the reply port's queue unless the sender is waiting
 * synchronously (MSGF_SYNC), in which case the message is just marked
 * done and its waiter woken.  Thread ports additionally assert that only
 * their owner receives; serializing ports that receivers hold the token.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/msgport.h>

/* Replies to messages whose reply port is NULL land here. */
static struct lwkt_port lwkt_null_rport;
static bool lwkt_null_rport_ready;

static int	port_putport(lwkt_port_t, lwkt_msg_t);
static int	port_waitmsg(lwkt_msg_t, int);
static void	*port_waitport(lwkt_port_t, int);
static void	port_replyport(lwkt_port_t, lwkt_msg_t);
static int	port_dropmsg(lwkt_port_t, lwkt_msg_t);
static void	replyonly_replyport(lwkt_port_t, lwkt_msg_t);
static int	putonly_putport(lwkt_port_t, lwkt_msg_t);
static void	*panic_waitport(lwkt_port_t, int);
static int	panic_putport(lwkt_port_t, lwkt_msg_t);

/*
 * A message's flags are changed under different locks: the target
 * port's spinlock when it is queued and dequeued, the reply port's when
 * its sender waits and when it is replied.  A plain |= or &= from one
 * side could then undo the other's concurrent change (a sender's
 * MSGF_WAITING lost to a receiver's dequeue leaves the sender asleep
 * forever), so every change is one atomic operation.
 */
static inline void
msg_set(lwkt_msg_t msg, int flags)
{
	__atomic_fetch_or(&msg->ms_flags, flags, __ATOMIC_SEQ_CST);
}

static inline void
msg_clr(lwkt_msg_t msg, int flags)
{
	__atomic_fetch_and(&msg->ms_flags, ~flags, __ATOMIC_SEQ_CST);
}

static void
port_init_common(lwkt_port_t port)
{
	memset(port, 0, sizeof(*port));
	TAILQ_INIT(&port->mp_msgq);
	spin_init(&port->mp_spin, "msgport");
	port->mp_putport = port_putport;
	port->mp_waitmsg = port_waitmsg;
	port->mp_waitport = port_waitport;
	port->mp_replyport = port_replyport;
	port->mp_dropmsg = port_dropmsg;
}

void
lwkt_initport_thread(lwkt_port_t port, struct thread *td)
{
	port_init_common(port);
	port->mp_td = td;
}

void
lwkt_initport_spin(lwkt_port_t port, struct thread *td)
{
	port_init_common(port);
	port->mp_td = NULL;
}

void
lwkt_initport_serialize(lwkt_port_t port, struct lwkt_token *tok)
{
	port_init_common(port);
	port->mp_serialize = tok;
}

void
lwkt_initport_replyonly_null(lwkt_port_t port)
{
	port_init_common(port);
	port->mp_putport = panic_putport;
	port->mp_waitport = panic_waitport;
	port->mp_replyport = replyonly_replyport;
}

void
lwkt_initport_replyonly(lwkt_port_t port, void (*rportfn)(lwkt_msg_t))
{
	lwkt_initport_replyonly_null(port);
	port->mp_replyfn = rportfn;
}

void
lwkt_initport_putonly(lwkt_port_t port, int (*pportfn)(lwkt_port_t, lwkt_msg_t))
{
	port_init_common(port);
	port->mp_putport = putonly_putport;
	port->mp_waitport = panic_waitport;
	port->mp_putfn = pportfn;
}

void
lwkt_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int flags)
{
	if (rport == NULL) {
		if (!lwkt_null_rport_ready) {
			lwkt_initport_replyonly_null(&lwkt_null_rport);
			lwkt_null_rport_ready = true;
		}
		rport = &lwkt_null_rport;
	}
	msg->ms_target_port = NULL;
	msg->ms_reply_port = rport;
	msg->ms_abortfn = NULL;
	msg->ms_flags = MSGF_DONE | flags;
	msg->ms_error = 0;
}

void
lwkt_initmsg_abortable(lwkt_msg_t msg, lwkt_port_t rport, int flags,
    void (*abortfn)(lwkt_msg_t))
{
	lwkt_initmsg(msg, rport, flags | MSGF_ABORTABLE);
	msg->ms_abortfn = abortfn;
}

/* ---- sending ------------------------------------------------------------ */

static int
port_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock(&port->mp_spin);
	msg_set(msg, MSGF_QUEUED);
	TAILQ_INSERT_TAIL(&port->mp_msgq, msg, ms_node);
	port->mp_qlen++;
	if ((port->mp_flags & MSGPORTF_WAITING) != 0) {
		port->mp_flags &= ~MSGPORTF_WAITING;
		wakeup(port);
	}
	spin_unlock(&port->mp_spin);
	return (EASYNC);
}

static int
putonly_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	return (port->mp_putfn(port, msg));
}

static int
panic_putport(lwkt_port_t port, lwkt_msg_t msg)
{
	panic("lwkt_sendmsg: port %p only takes replies", port);
}

static void
msg_prepare(lwkt_port_t port, lwkt_msg_t msg)
{
	KASSERT((msg->ms_flags & (MSGF_INTRANSIT | MSGF_QUEUED)) == 0,
	    ("lwkt_sendmsg: message %p already in transit", msg));
	msg_clr(msg, (MSGF_DONE | MSGF_REPLY | MSGF_SYNC | MSGF_ABORTED));
	msg_set(msg, MSGF_INTRANSIT);
	msg->ms_target_port = port;
}

void
lwkt_sendmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	int error;

	msg_prepare(port, msg);
	error = port->mp_putport(port, msg);
	if (error != EASYNC)
		lwkt_replymsg(msg, error);	/* handled synchronously */
}

int
lwkt_domsg(lwkt_port_t port, lwkt_msg_t msg, int flags)
{
	int error;

	msg_prepare(port, msg);
	msg_set(msg, MSGF_SYNC);
	error = port->mp_putport(port, msg);
	if (error == EASYNC)
		return (lwkt_waitmsg(msg, flags));
	/* The target ran it in our context and returned the status. */
	msg->ms_error = error;
	msg->ms_flags = (msg->ms_flags & ~(MSGF_INTRANSIT | MSGF_SYNC)) |
	    MSGF_DONE;
	return (error);
}

int
lwkt_forwardmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	msg_clr(msg, (MSGF_QUEUED));
	msg->ms_target_port = port;
	return (port->mp_putport(port, msg));
}

/* ---- replying ----------------------------------------------------------- */

static void
port_replyport(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock(&port->mp_spin);
	msg_clr(msg, MSGF_INTRANSIT);
	if ((msg->ms_flags & MSGF_SYNC) != 0) {
		/* The sender waits on the message itself. */
		msg_set(msg, MSGF_DONE | MSGF_REPLY);
		if ((msg->ms_flags & MSGF_WAITING) != 0) {
			msg_clr(msg, MSGF_WAITING);
			wakeup(msg);
		}
	} else {
		msg_set(msg, MSGF_REPLY | MSGF_QUEUED);
		TAILQ_INSERT_TAIL(&port->mp_msgq, msg, ms_node);
		port->mp_qlen++;
		msg_set(msg, MSGF_DONE);
		if ((port->mp_flags & MSGPORTF_WAITING) != 0) {
			port->mp_flags &= ~MSGPORTF_WAITING;
			wakeup(port);
		}
		if ((msg->ms_flags & MSGF_WAITING) != 0) {
			msg_clr(msg, MSGF_WAITING);
			wakeup(msg);
		}
	}
	spin_unlock(&port->mp_spin);
}

static void
replyonly_replyport(lwkt_port_t port, lwkt_msg_t msg)
{
	spin_lock(&port->mp_spin);
	msg_clr(msg, MSGF_INTRANSIT);
	msg_set(msg, MSGF_DONE | MSGF_REPLY);
	if ((msg->ms_flags & MSGF_WAITING) != 0) {
		msg_clr(msg, MSGF_WAITING);
		wakeup(msg);
	}
	spin_unlock(&port->mp_spin);
	if (port->mp_replyfn != NULL)
		port->mp_replyfn(msg);
}

void
lwkt_replymsg(lwkt_msg_t msg, int error)
{
	lwkt_port_t port = msg->ms_reply_port;

	msg->ms_error = error;
	port->mp_replyport(port, msg);
}

/* ---- waiting ------------------------------------------------------------ */

static int
port_waitmsg(lwkt_msg_t msg, int flags)
{
	lwkt_port_t port = msg->ms_reply_port;
	int error;

	spin_lock(&port->mp_spin);
	while ((msg->ms_flags & MSGF_DONE) == 0) {
		msg_set(msg, MSGF_WAITING);
		error = ssleep(msg, &port->mp_spin, flags & PCATCH, "waitmsg",
		    0);
		if (error != 0 && (msg->ms_flags & MSGF_DONE) == 0) {
			/*
			 * A signal: ask the target to abort, then wait for
			 * the reply without catching signals, because the
			 * target still owns the message.
			 */
			spin_unlock(&port->mp_spin);
			lwkt_abortmsg(msg);
			spin_lock(&port->mp_spin);
			flags &= ~PCATCH;
		}
	}
	/* A reply queued on the port is consumed by whoever waited. */
	if ((msg->ms_flags & MSGF_QUEUED) != 0) {
		TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
		port->mp_qlen--;
		msg_clr(msg, MSGF_QUEUED);
	}
	msg_clr(msg, MSGF_SYNC);
	spin_unlock(&port->mp_spin);
	return (msg->ms_error);
}

int
lwkt_waitmsg(lwkt_msg_t msg, int flags)
{
	return (msg->ms_reply_port->mp_waitmsg(msg, flags));
}

bool
lwkt_checkmsg(lwkt_msg_t msg)
{
	return ((msg->ms_flags & MSGF_DONE) != 0);
}

static void
port_assert_receiver(lwkt_port_t port)
{
	if (port->mp_td != NULL && port->mp_td != curthread)
		panic("lwkt_getport: port %p belongs to thread %s", port,
		    port->mp_td->td_comm);
	if (port->mp_serialize != NULL)
		ASSERT_LWKT_TOKEN_HELD(port->mp_serialize);
}

/* Dequeue the first message; port spin held. */
static lwkt_msg_t
port_dequeue(lwkt_port_t port)
{
	lwkt_msg_t msg = TAILQ_FIRST(&port->mp_msgq);

	if (msg != NULL) {
		TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
		port->mp_qlen--;
		msg_clr(msg, MSGF_QUEUED);
	}
	return (msg);
}

void *
lwkt_getport(lwkt_port_t port)
{
	lwkt_msg_t msg;

	port_assert_receiver(port);
	spin_lock(&port->mp_spin);
	msg = port_dequeue(port);
	spin_unlock(&port->mp_spin);
	return (msg);
}

static void *
port_waitport(lwkt_port_t port, int flags)
{
	lwkt_msg_t msg;
	int error;

	port_assert_receiver(port);
	spin_lock(&port->mp_spin);
	while ((msg = port_dequeue(port)) == NULL) {
		port->mp_flags |= MSGPORTF_WAITING;
		error = ssleep(port, &port->mp_spin, flags & PCATCH,
		    "waitport", 0);
		if (error != 0)
			break;
	}
	spin_unlock(&port->mp_spin);
	return (msg);
}

static void *
panic_waitport(lwkt_port_t port, int flags)
{
	panic("lwkt_waitport: port %p cannot be received from", port);
}

void *
lwkt_waitport(lwkt_port_t port, int flags)
{
	return (port->mp_waitport(port, flags));
}

/* ---- aborting and dropping ---------------------------------------------- */

static int
port_dropmsg(lwkt_port_t port, lwkt_msg_t msg)
{
	int error = ENOENT;

	spin_lock(&port->mp_spin);
	if ((msg->ms_flags & MSGF_QUEUED) != 0 &&
	    msg->ms_target_port == port &&
	    (msg->ms_flags & MSGF_REPLY) == 0) {
		TAILQ_REMOVE(&port->mp_msgq, msg, ms_node);
		port->mp_qlen--;
		msg_clr(msg, MSGF_QUEUED);
		error = 0;
	}
	spin_unlock(&port->mp_spin);
	return (error);
}

int
lwkt_dropmsg(lwkt_msg_t msg)
{
	lwkt_port_t port = msg->ms_target_port;

	if (port == NULL)
		return (ENOENT);
	return (port->mp_dropmsg(port, msg));
}

/*
 * Ask that an abortable message in transit be aborted.  If it still sits
 * on its target's queue it is taken off and replied with EINTR at once;
 * otherwise the target's abort function is told and the target replies
 * when it can.
 */
void
lwkt_abortmsg(lwkt_msg_t msg)
{
	if ((msg->ms_flags & MSGF_ABORTABLE) == 0 ||
	    (msg->ms_flags & (MSGF_DONE | MSGF_ABORTED)) != 0)
		return;
	msg_set(msg, MSGF_ABORTED);
	if (lwkt_dropmsg(msg) == 0) {
		lwkt_replymsg(msg, EINTR);
		return;
	}
	if (msg->ms_abortfn != NULL)
		msg->ms_abortfn(msg);
}
