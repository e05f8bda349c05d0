/*
 * LWKT messages and message ports, DragonFly style.  A message is sent to
 * a port (lwkt_sendmsg: asynchronous; lwkt_domsg: send and wait for the
 * reply) and replied to the port named in ms_reply_port.  A port's
 * behaviour comes from its function vector, set by one of the init
 * functions:
 *
 *   lwkt_initport_thread(port, td)	owned by one thread, which alone
 *					receives (lwkt_waitport/getport);
 *					any thread may send
 *   lwkt_initport_spin(port, td)	any thread may receive; a spinlock
 *					protects the queue (td: NULL or the
 *					thread to which replies are waited)
 *   lwkt_initport_serialize(port, tok)	receivers hold the token `tok';
 *					queue protected by a spinlock
 *   lwkt_initport_replyonly_null(port) replies just mark the message done
 *					(and wake a waiter)
 *   lwkt_initport_replyonly(port, fn)	replies call fn(msg)
 *   lwkt_initport_putonly(port, fn)	a send calls fn(port, msg) at once,
 *					which must reply or queue it itself
 *
 * The message belongs to the sender until it is sent, to the target until
 * replied, and to the sender again once MSGF_DONE is set.
 */
#ifndef _SYS_MSGPORT_H_
#define _SYS_MSGPORT_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/spinlock.h>

struct thread;
struct lwkt_token;
struct lwkt_port;
struct lwkt_msg;

typedef struct lwkt_msg		*lwkt_msg_t;
typedef struct lwkt_port	*lwkt_port_t;

struct lwkt_msg {
	TAILQ_ENTRY(lwkt_msg) ms_node;	/* on a port's queue */
	lwkt_port_t	ms_target_port;	/* where it was sent */
	lwkt_port_t	ms_reply_port;	/* where replies go */
	void		(*ms_abortfn)(lwkt_msg_t);
	volatile int	ms_flags;	/* MSGF_* */
	int		ms_error;	/* reply status */
	int		ms_cmd;		/* free for the protocol's use */
	union {
		void	*ms_resultp;
		int	ms_result;
		long	ms_lresult;
		int64_t	ms_result64;
	} u;
};

#define MSGF_DONE	0x0001		/* replied; sender owns it again */
#define MSGF_REPLY	0x0002		/* reply was queued on a port */
#define MSGF_QUEUED	0x0004		/* on some port's queue */
#define MSGF_SYNC	0x0008		/* sender waits (lwkt_domsg) */
#define MSGF_INTRANSIT	0x0010		/* sent, not yet replied */
#define MSGF_DROPABLE	0x0020
#define MSGF_ABORTABLE	0x0040		/* lwkt_abortmsg may act */
#define MSGF_ABORTED	0x0080		/* an abort was requested */
#define MSGF_WAITING	0x0100		/* someone sleeps on the message */

typedef TAILQ_HEAD(lwkt_msg_queue, lwkt_msg) lwkt_msg_queue;

struct lwkt_port {
	lwkt_msg_queue	mp_msgq;	/* incoming; under mp_spin */
	int		mp_flags;	/* MSGPORTF_* */
	int		mp_qlen;	/* queued messages */
	struct spinlock	mp_spin;
	struct thread	*mp_td;		/* owner (thread ports) */
	struct lwkt_token *mp_serialize; /* serializing token */
	int		(*mp_putport)(lwkt_port_t, lwkt_msg_t);
	int		(*mp_waitmsg)(lwkt_msg_t, int);
	void		*(*mp_waitport)(lwkt_port_t, int);
	void		(*mp_replyport)(lwkt_port_t, lwkt_msg_t);
	int		(*mp_dropmsg)(lwkt_port_t, lwkt_msg_t);
	void		(*mp_replyfn)(lwkt_msg_t);	/* replyonly ports */
	int		(*mp_putfn)(lwkt_port_t, lwkt_msg_t); /* putonly */
};

#define MSGPORTF_WAITING	0x0001	/* a receiver sleeps on the port */

void	lwkt_initmsg(lwkt_msg_t msg, lwkt_port_t rport, int flags);
void	lwkt_initmsg_abortable(lwkt_msg_t msg, lwkt_port_t rport, int flags,
	    void (*abortfn)(lwkt_msg_t));
void	lwkt_initport_thread(lwkt_port_t port, struct thread *td);
void	lwkt_initport_spin(lwkt_port_t port, struct thread *td);
void	lwkt_initport_serialize(lwkt_port_t port, struct lwkt_token *tok);
void	lwkt_initport_replyonly_null(lwkt_port_t port);
void	lwkt_initport_replyonly(lwkt_port_t port, void (*rportfn)(lwkt_msg_t));
void	lwkt_initport_putonly(lwkt_port_t port,
	    int (*pportfn)(lwkt_port_t, lwkt_msg_t));

void	lwkt_sendmsg(lwkt_port_t port, lwkt_msg_t msg);
int	lwkt_domsg(lwkt_port_t port, lwkt_msg_t msg, int flags);
int	lwkt_forwardmsg(lwkt_port_t port, lwkt_msg_t msg);
void	lwkt_replymsg(lwkt_msg_t msg, int error);
int	lwkt_waitmsg(lwkt_msg_t msg, int flags);	/* flags: PCATCH */
bool	lwkt_checkmsg(lwkt_msg_t msg);			/* MSGF_DONE? */
void	lwkt_abortmsg(lwkt_msg_t msg);
void	*lwkt_getport(lwkt_port_t port);		/* NULL if empty */
void	*lwkt_waitport(lwkt_port_t port, int flags);	/* NULL on signal */
int	lwkt_dropmsg(lwkt_msg_t msg);			/* dequeue unreplied */

#endif /* !_SYS_MSGPORT_H_ */
