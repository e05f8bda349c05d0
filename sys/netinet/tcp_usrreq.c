/*
 * TCP's user requests, run in the socket's netisr thread under
 * tcbinfo's token: attach (buffers, inpcb, tcpcb), bind, listen,
 * connect (ephemeral port, SYN, SYN_SENT), accept (the peer's address),
 * send (append to so_snd, tcp_output), rcvd (a window update may be
 * due), shutdown (half-close: FIN after the data), disconnect and
 * detach (close(2): FIN, or a RST with SO_LINGER 0 or unread data),
 * abort, the socket addresses, and the IPPROTO_TCP options.
 *
 * Urgent data is not supported: MSG_OOB sends and receives fail with
 * EOPNOTSUPP (an incoming urgent pointer is ignored and the byte stays
 * in line).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/domain.h>
#include <sys/protosw.h>
#include <sys/sysctl.h>
#include <sys/stat.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>
#include <machine/atomic.h>

MALLOC_DECLARE(M_SONAME);
void	tcp_request_scale(struct tcpcb *tp);

/*
 * net.inet.tcp.async_send: 1 (the default) hands TCP sends to the TCP
 * thread without waiting for its reply (PR_ASYNC_SEND, see sosend), 0
 * waits as for every other request.  It sets the flag in TCP's protosw,
 * which sosend reads once for each chain; kept for comparison (the
 * figures in docs/bench.md) and as a way back.
 */
static int
tcp_sysctl_async_send(SYSCTL_HANDLER_ARGS)
{
	return (sysctl_protosw_flag(req, PF_INET, IPPROTO_TCP, SOCK_STREAM,
	    PR_ASYNC_SEND));
}
SYSCTL_DECL(_net_inet_tcp);
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, async_send, CTLTYPE_INT | CTLFLAG_RW,
    NULL, 0, tcp_sysctl_async_send, "I",
    "send without waiting for the TCP thread (0: wait for its reply)");

/* The tcpcb of a socket, or NULL (the connection is gone). */
static struct tcpcb *
tcp_sotp(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	return (inp != NULL ? intotcpcb(inp) : NULL);
}

static struct tcpcb *
tcp_msgtp(netmsg_t msg)
{
	return (tcp_sotp(msg->base.nm_so));
}

/*
 * The user will send no more: the FIN goes after the queued data
 * (RFC 793 CLOSE).  May free tp (a connection not yet synchronised).
 */
void
tcp_usrclosed(struct tcpcb *tp)
{
	struct socket *so = tp->t_inpcb->inp_socket;

	tp->t_flags |= TF_USRCLOSED;
	switch (tp->t_state) {
	case TCPS_CLOSED:
	case TCPS_LISTEN:
	case TCPS_SYN_SENT:
		(void)tcp_close(tp);
		return;
	case TCPS_SYN_RECEIVED:
		(void)tcp_drop(tp, ECONNABORTED);
		return;
	case TCPS_ESTABLISHED:
		tcp_state_change(tp, TCPS_FIN_WAIT_1);
		break;
	case TCPS_CLOSE_WAIT:
		tcp_state_change(tp, TCPS_LAST_ACK);
		break;
	}
	if (tp->t_state >= TCPS_FIN_WAIT_2) {
		soisdisconnected(so);
		if (tp->t_state == TCPS_FIN_WAIT_2)
			tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
	}
}

/*
 * close(2) or disconnect: a connection not yet up just goes; with
 * SO_LINGER 0, or unread data we would silently lose, the peer gets a
 * RST; otherwise an orderly FIN.  Returns tp, or NULL if it is gone.
 */
static struct tcpcb *
tcp_disconnect(struct tcpcb *tp)
{
	struct socket *so = tp->t_inpcb->inp_socket;

	if (tp->t_state < TCPS_ESTABLISHED) {
		(void)tcp_close(tp);
		return (NULL);
	}
	if (((so->so_options & SO_LINGER) && so->so_linger == 0) ||
	    (so->so_rcv.sb.sb_cc > 0 && tp->t_state < TCPS_TIME_WAIT)) {
		(void)tcp_drop(tp, ECONNRESET);
		return (NULL);
	}
	soisdisconnecting(so);
	if ((tp->t_flags & TF_USRCLOSED) == 0) {
		tcp_usrclosed(tp);
		tp = tcp_sotp(so);
	}
	if (tp != NULL)
		(void)tcp_output(tp);
	return (tp);
}


static void
tcp_usr_attach(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct tcpcb *tp;
	int error = 0;

	TCP_ENTER();
	if (sotoinpcb(so) != NULL) {
		error = EISCONN;
		goto out;
	}
	if (so->so_snd.ssb_hiwat == 0 || so->so_rcv.ssb_hiwat == 0) {
		error = soreserve(so, tcp_sendspace, tcp_recvspace);
		if (error != 0)
			goto out;
	}
	error = in_pcballoc(so, &tcbinfo);
	if (error != 0)
		goto out;
	tp = tcp_newtcpcb(sotoinpcb(so));
	if (tp == NULL) {
		in_pcbdetach(sotoinpcb(so));
		error = ENOBUFS;
	}
out:
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_detach(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct tcpcb *tp;

	TCP_ENTER();
	tp = tcp_msgtp(msg);
	if (tp != NULL && (tp->t_flags & TF_SOREF) == 0) {
		if ((tp->t_flags & TF_USRCLOSED) == 0 ||
		    tp->t_state < TCPS_ESTABLISHED ||
		    ((so->so_options & SO_LINGER) && so->so_linger == 0) ||
		    so->so_rcv.sb.sb_cc > 0)
			tp = tcp_disconnect(tp);
		if (tp != NULL) {
			/* It finishes closing on its own: keep the socket. */
			soreference(so);
			tp->t_flags |= TF_SOREF;
			atomic_set_int(&so->so_state, SS_CANTRCVMORE);
			if (tp->t_state == TCPS_FIN_WAIT_2 &&
			    !tcp_timer_active(tp, TCPT_2MSL))
				tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
		}
	}
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
tcp_usr_bind(netmsg_t msg)
{
	struct inpcb *inp;
	int error;

	TCP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL)
		error = EINVAL;
	else if (msg->bind.nm_nam->sa_family != AF_INET &&
	    msg->bind.nm_nam->sa_family != AF_UNSPEC)
		error = EAFNOSUPPORT;
	else
		error = in_pcbbind(inp, msg->bind.nm_nam, msg->bind.nm_td);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_listen(netmsg_t msg)
{
	struct inpcb *inp;
	struct tcpcb *tp;
	int error = 0;

	TCP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	tp = tcp_msgtp(msg);
	if (tp == NULL) {
		error = EINVAL;
	} else if (tp->t_state != TCPS_CLOSED && tp->t_state != TCPS_LISTEN) {
		error = EINVAL;
	} else {
		if (inp->inp_lport == 0)
			error = in_pcbbind(inp, NULL, msg->listen.nm_td);
		if (error == 0 && tp->t_state != TCPS_LISTEN)
			tcp_state_change(tp, TCPS_LISTEN);
	}
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_connect(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct sockaddr *nam = msg->connect.nm_nam;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)nam;
	struct inpcb *inp;
	struct tcpcb *tp;
	int error;

	TCP_ENTER();
	inp = sotoinpcb(so);
	tp = tcp_msgtp(msg);
	if (tp == NULL) {
		error = EINVAL;
		goto out;
	}
	if (tp->t_state != TCPS_CLOSED) {
		error = (tp->t_state == TCPS_LISTEN) ? EOPNOTSUPP : EISCONN;
		goto out;
	}
	if (nam->sa_len < sizeof(*sin)) {
		error = EINVAL;
		goto out;
	}
	if (nam->sa_family != AF_INET) {
		error = EAFNOSUPPORT;
		goto out;
	}
	if (sin->sin_addr.s_addr == INADDR_BROADCAST ||
	    IN_MULTICAST(ntohl(sin->sin_addr.s_addr))) {
		error = ENETUNREACH;
		goto out;
	}
	error = in_pcbconnect(inp, nam, msg->connect.nm_td);
	if (error != 0)
		goto out;
	tcp_request_scale(tp);
	tp->iss = tcp_new_isn();
	tcp_sendseqinit(tp);
	tp->t_starttime = ticks;
	tcp_state_change(tp, TCPS_SYN_SENT);
	tcp_timer_arm(tp, TCPT_KEEP, tcp_keepinit_ticks(tp));
	soisconnecting(so);
	TCPSTAT_INC(tcps_connattempt);
	error = tcp_output(tp);
out:
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_accept(netmsg_t msg)
{
	struct inpcb *inp;
	int error = 0;

	TCP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL || intotcpcb(inp) == NULL)
		error = ECONNABORTED;
	else
		*msg->accept.nm_nam = in_sockaddr(inp->inp_fport,
		    inp->inp_faddr);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_disconnect(netmsg_t msg)
{
	struct tcpcb *tp;
	int error = 0;

	TCP_ENTER();
	tp = tcp_msgtp(msg);
	if (tp == NULL)
		error = ENOTCONN;
	else
		(void)tcp_disconnect(tp);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_send(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct mbuf *m = msg->send.nm_m;
	struct tcpcb *tp;
	int error = 0;

	if (msg->send.nm_control != NULL) {
		m_freem(msg->send.nm_control);
		msg->send.nm_control = NULL;
		m_freem(m);
		error = EINVAL;
		goto reply;
	}
	if (msg->send.nm_flags & PRUS_OOB) {
		m_freem(m);
		error = EOPNOTSUPP;
		goto reply;
	}
	TCP_ENTER();
	tp = tcp_msgtp(msg);
	if (tp == NULL || (tp->t_flags & TF_USRCLOSED) ||
	    tp->t_state > TCPS_CLOSE_WAIT ||
	    !TCPS_HAVEESTABLISHED(tp->t_state)) {
		m_freem(m);
		error = (tp == NULL || TCPS_HAVEESTABLISHED(tp->t_state)) ?
		    EPIPE : ENOTCONN;
	} else {
		lwkt_gettoken(&so->so_snd.ssb_token);
		sbappendstream(&so->so_snd.sb, m);
		lwkt_reltoken(&so->so_snd.ssb_token);
		if (msg->send.nm_flags & PRUS_EOF) {
			socantsendmore(so);
			tcp_usrclosed(tp);
			tp = tcp_msgtp(msg);
		}
		if (tp != NULL)
			error = tcp_output(tp);
	}
	TCP_LEAVE();
reply:
	if ((msg->send.nm_flags & PRUS_NAMALLOC) && msg->send.nm_addr != NULL)
		kfree(msg->send.nm_addr, M_SONAME);
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_rcvd(netmsg_t msg)
{
	struct tcpcb *tp;

	TCP_ENTER();
	tp = tcp_msgtp(msg);
	if (tp != NULL && TCPS_HAVEESTABLISHED(tp->t_state))
		(void)tcp_output(tp);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
tcp_usr_shutdown(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct tcpcb *tp;

	TCP_ENTER();
	socantsendmore(so);
	tp = tcp_msgtp(msg);
	if (tp != NULL && (tp->t_flags & TF_USRCLOSED) == 0) {
		tcp_usrclosed(tp);
		tp = tcp_msgtp(msg);
		if (tp != NULL)
			(void)tcp_output(tp);
	}
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
tcp_usr_abort(netmsg_t msg)
{
	struct tcpcb *tp;

	TCP_ENTER();
	tp = tcp_msgtp(msg);
	if (tp != NULL)
		(void)tcp_drop(tp, ECONNABORTED);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
tcp_usr_sockaddr(netmsg_t msg)
{
	int error;

	TCP_ENTER();
	error = in_setsockaddr(msg->base.nm_so, msg->sockaddr.nm_nam);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_peeraddr(netmsg_t msg)
{
	struct inpcb *inp;
	int error;

	TCP_ENTER();
	inp = sotoinpcb(msg->base.nm_so);
	if (inp == NULL || intotcpcb(inp) == NULL ||
	    !TCPS_HAVERCVDSYN(intotcpcb(inp)->t_state))
		error = ENOTCONN;
	else
		error = in_setpeeraddr(msg->base.nm_so, msg->peeraddr.nm_nam);
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
tcp_usr_sense(netmsg_t msg)
{
	msg->sense.nm_stat->st_blksize = (int32_t)
	    msg->base.nm_so->so_snd.ssb_hiwat;
	lwkt_replymsg(&msg->base.lmsg, 0);
}

/* A positive count of seconds for the keepalive knobs. */
static int
tcp_opt_secs(struct sockopt *sopt, int *out)
{
	int error, v;

	error = sooptcopyin(sopt, &v, sizeof(v), sizeof(v));
	if (error != 0)
		return (error);
	if (v < 1 || v > 0x7fffffff / HZ)
		return (EINVAL);
	*out = v;
	return (0);
}

static int
tcp_ctloutput_tcp(struct tcpcb *tp, struct sockopt *sopt)
{
	int error = 0, optval;

	if (sopt->sopt_dir == SOPT_SET) {
		switch (sopt->sopt_name) {
		case TCP_NODELAY:
		case TCP_NOPUSH:
		case TCP_NOOPT:
			error = sooptcopyin(sopt, &optval, sizeof(optval),
			    sizeof(optval));
			if (error != 0)
				return (error);
			{
				u_int f = sopt->sopt_name == TCP_NODELAY ?
				    TF_NODELAY : sopt->sopt_name == TCP_NOPUSH ?
				    TF_NOPUSH : TF_NOOPT;

				if (optval)
					tp->t_flags |= f;
				else
					tp->t_flags &= ~f;
			}
			/* Clearing NOPUSH may release a held segment. */
			if (sopt->sopt_name != TCP_NOOPT &&
			    TCPS_HAVEESTABLISHED(tp->t_state))
				error = tcp_output(tp);
			return (error);
		case TCP_MAXSEG:
			error = sooptcopyin(sopt, &optval, sizeof(optval),
			    sizeof(optval));
			if (error != 0)
				return (error);
			if (optval < TCP_MINMSS || optval > TCP_MAXWIN)
				return (EINVAL);
			tp->t_usermss = optval;
			if ((u_int)optval < tp->t_maxseg)
				tp->t_maxseg = (u_int)optval;
			return (0);
		case TCP_KEEPIDLE:
			return (tcp_opt_secs(sopt, &tp->t_keepidle));
		case TCP_KEEPINTVL:
			return (tcp_opt_secs(sopt, &tp->t_keepintvl));
		case TCP_KEEPINIT:
			return (tcp_opt_secs(sopt, &tp->t_keepinit));
		case TCP_KEEPCNT:
			return (tcp_opt_secs(sopt, &tp->t_keepcnt_max));
		default:
			return (ENOPROTOOPT);
		}
	}
	switch (sopt->sopt_name) {
	case TCP_NODELAY:
		optval = (tp->t_flags & TF_NODELAY) != 0;
		break;
	case TCP_NOPUSH:
		optval = (tp->t_flags & TF_NOPUSH) != 0;
		break;
	case TCP_NOOPT:
		optval = (tp->t_flags & TF_NOOPT) != 0;
		break;
	case TCP_MAXSEG:
		optval = (int)tp->t_maxseg;
		break;
	case TCP_KEEPIDLE:
		optval = tcp_keepidle_ticks(tp) / HZ;
		break;
	case TCP_KEEPINTVL:
		optval = tcp_keepintvl_ticks(tp) / HZ;
		break;
	case TCP_KEEPINIT:
		optval = tcp_keepinit_ticks(tp) / HZ;
		break;
	case TCP_KEEPCNT:
		optval = tp->t_keepcnt_max > 0 ? tp->t_keepcnt_max :
		    TCPTV_KEEPCNT;
		break;
	default:
		return (ENOPROTOOPT);
	}
	return (sooptcopyout(sopt, &optval, sizeof(optval)));
}

void
tcp_ctloutput(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct sockopt *sopt = msg->ctloutput.nm_sopt;
	struct inpcb *inp;
	struct tcpcb *tp;
	int error = 0;

	TCP_ENTER();
	inp = sotoinpcb(so);
	tp = (inp != NULL) ? intotcpcb(inp) : NULL;
	if (tp == NULL) {
		error = (sopt->sopt_level == SOL_SOCKET) ? 0 : ECONNRESET;
	} else if (sopt->sopt_level == IPPROTO_IP) {
		error = in_ctloutput_ip(inp, sopt);
	} else if (sopt->sopt_level == SOL_SOCKET) {
		/* SO_KEEPALIVE turned on: start the idle clock now. */
		if (sopt->sopt_name == SO_KEEPALIVE &&
		    (so->so_options & SO_KEEPALIVE) &&
		    TCPS_HAVEESTABLISHED(tp->t_state) &&
		    tp->t_state <= TCPS_CLOSE_WAIT)
			tcp_timer_arm(tp, TCPT_KEEP, tcp_keepidle_ticks(tp));
	} else if (sopt->sopt_level == IPPROTO_TCP) {
		error = tcp_ctloutput_tcp(tp, sopt);
	} else {
		error = ENOPROTOOPT;
	}
	TCP_LEAVE();
	lwkt_replymsg(&msg->base.lmsg, error);
}

struct pr_usrreqs tcp_usrreqs = {
	.pru_abort = tcp_usr_abort,
	.pru_accept = tcp_usr_accept,
	.pru_attach = tcp_usr_attach,
	.pru_bind = tcp_usr_bind,
	.pru_connect = tcp_usr_connect,
	.pru_connect2 = pr_generic_notsupp,
	.pru_control = pr_generic_notsupp,
	.pru_detach = tcp_usr_detach,
	.pru_disconnect = tcp_usr_disconnect,
	.pru_listen = tcp_usr_listen,
	.pru_peeraddr = tcp_usr_peeraddr,
	.pru_rcvd = tcp_usr_rcvd,
	.pru_rcvoob = pr_generic_notsupp,
	.pru_send = tcp_usr_send,
	.pru_sense = tcp_usr_sense,
	.pru_shutdown = tcp_usr_shutdown,
	.pru_sockaddr = tcp_usr_sockaddr,
	.pru_sosend = sosend,
	.pru_soreceive = sorecvtcp,
};
