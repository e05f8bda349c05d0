/*
 * TCP's timers.  Each connection has five deadlines (tcp_timer.h), in
 * hardclock ticks; one callout runs every tick and asks netisr 0 to
 * look for expired ones, so the timer actions run in a protocol thread
 * under tcbinfo's token like everything else TCP does, and a closing
 * connection never races a callout of its own.
 *
 *  - retransmit: back off (tcp_backoff), collapse cwnd to one segment,
 *    resend from snd_una; after TCP_MAXRXTSHIFT tries (fewer for a SYN)
 *    drop with ETIMEDOUT (or the soft error an ICMP left).
 *  - persist: probe a zero window with one byte, backing off.
 *  - keepalive: in the handshake, the connect timeout (keepinit); on an
 *    idle connection with SO_KEEPALIVE, probes every keepintvl after
 *    keepidle, dropping after keepcnt unanswered ones.
 *  - 2MSL: the end of TIME_WAIT, or of an idle FIN_WAIT_2 whose socket
 *    is closed.
 *  - delayed ACK: send the ACK we held back.
 *
 * The RTT estimator is Jacobson/Karels as RFC 6298 states it: srtt and
 * rttvar kept scaled (x8, x4) in ticks, RTO = srtt + 4 rttvar, at least
 * t_rttmin, doubled on each timeout.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/callout.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>

const int tcp_backoff[TCP_MAXRXTSHIFT + 1] =
    { 1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64 };

static struct callout tcp_callout;
static struct netmsg_base tcp_timer_msg;
static volatile int tcp_timer_busy;	/* the message is in flight */

static int
tcp_sec_or(int secs, int ms)
{
	if (secs > 0)
		return (secs > 0x7fffffff / HZ ? 0x7fffffff : secs * HZ);
	return (tcp_ms2ticks(ms));
}

int
tcp_keepidle_ticks(struct tcpcb *tp)
{
	return (tcp_sec_or(tp->t_keepidle, tcp_keepidle));
}

int
tcp_keepintvl_ticks(struct tcpcb *tp)
{
	return (tcp_sec_or(tp->t_keepintvl, tcp_keepintvl));
}

int
tcp_keepinit_ticks(struct tcpcb *tp)
{
	return (tcp_sec_or(tp->t_keepinit, tcp_keepinit));
}

int
tcp_2msl_ticks(void)
{
	return (tcp_ms2ticks(tcp_msl) * 2);
}

void
tcp_timer_arm(struct tcpcb *tp, int which, int nticks)
{
	if (nticks < 1)
		nticks = 1;
	tp->t_timer[which] = ticks + (uint64_t)nticks;
}

void
tcp_timer_stop(struct tcpcb *tp, int which)
{
	tp->t_timer[which] = 0;
}

bool
tcp_timer_active(struct tcpcb *tp, int which)
{
	return (tp->t_timer[which] != 0);
}

void
tcp_canceltimers(struct tcpcb *tp)
{
	int i;

	for (i = 0; i < TCPT_NTIMERS; i++)
		tp->t_timer[i] = 0;
}

/* The current RTO (before backoff), bounded. */
int
tcp_rexmt_value(struct tcpcb *tp)
{
	int rto;

	if (tp->t_srtt == 0)
		rto = TCPTV_RTOBASE;
	else
		rto = (tp->t_srtt >> 3) + tp->t_rttvar;
	if (rto < tp->t_rttmin)
		rto = tp->t_rttmin;
	if (rto > TCPTV_REXMTMAX)
		rto = TCPTV_REXMTMAX;
	return (rto);
}

/* A new RTT sample of rtt ticks (at least 1). */
void
tcp_xmit_timer(struct tcpcb *tp, int rtt)
{
	int delta;

	TCPSTAT_INC(tcps_rttupdated);
	if (rtt < 1)
		rtt = 1;
	if (tp->t_srtt != 0) {
		/* srtt += (rtt - srtt) / 8; rttvar += (|delta| - rttvar)/4 */
		delta = rtt - (tp->t_srtt >> 3);
		tp->t_srtt += delta;
		if (tp->t_srtt <= 0)
			tp->t_srtt = 1;
		if (delta < 0)
			delta = -delta;
		delta -= tp->t_rttvar >> 2;
		tp->t_rttvar += delta;
		if (tp->t_rttvar <= 0)
			tp->t_rttvar = 1;
	} else {
		/* First sample: srtt = rtt, rttvar = rtt / 2. */
		tp->t_srtt = rtt << 3;
		tp->t_rttvar = rtt << 1;
	}
	tp->t_rtttime = 0;
	tp->t_rxtshift = 0;
	tp->t_rxtcur = tcp_rexmt_value(tp);
	tp->t_softerror = 0;
}

static struct tcpcb *
tcp_timer_rexmt(struct tcpcb *tp)
{
	u_long win;
	int maxshift = (tp->t_state == TCPS_SYN_SENT ||
	    tp->t_state == TCPS_SYN_RECEIVED) ? TCP_SYNRXTSHIFT :
	    TCP_MAXRXTSHIFT;

	if (++tp->t_rxtshift > maxshift) {
		tp->t_rxtshift = maxshift;
		TCPSTAT_INC(tcps_timeoutdrop);
		if (tp->t_state == TCPS_SYN_SENT)
			TCPSTAT_INC(tcps_conntimeo);
		return (tcp_drop(tp, ETIMEDOUT));
	}
	TCPSTAT_INC(tcps_rexmttimeo);
	tp->t_rxtcur = tcp_rexmt_value(tp) * tcp_backoff[tp->t_rxtshift];
	if (tp->t_rxtcur > TCPTV_REXMTMAX)
		tp->t_rxtcur = TCPTV_REXMTMAX;
	/*
	 * After several losses the estimate is probably wrong: start it
	 * again from the next sample (keeping the variance, so the
	 * backed-off timeout stays).
	 */
	if (tp->t_rxtshift > TCP_MAXRXTSHIFT / 4) {
		tp->t_rttvar += tp->t_srtt >> 2;
		tp->t_srtt = 0;
	}
	tp->snd_nxt = tp->snd_una;
	tp->snd_recover = tp->snd_max;
	tp->t_rtttime = 0;		/* Karn: no sample from a resend */
	win = MIN(tp->snd_wnd, tp->snd_cwnd) / 2 / tp->t_maxseg;
	if (win < 2)
		win = 2;
	tp->snd_ssthresh = win * tp->t_maxseg;
	tp->snd_cwnd = tp->t_maxseg;
	tp->t_dupacks = 0;
	tp->t_flags &= ~TF_FASTRECOVERY;
	/* RFC 2018 8: the receiver may have reneged; start over. */
	tcp_sack_clear(tp);
	(void)tcp_output(tp);
	return (tp);
}

static struct tcpcb *
tcp_timer_keep(struct tcpcb *tp)
{
	struct socket *so = tp->t_inpcb->inp_socket;
	int cnt = tp->t_keepcnt_max > 0 ? tp->t_keepcnt_max : TCPTV_KEEPCNT;

	TCPSTAT_INC(tcps_keeptimeo);
	if (tp->t_state < TCPS_ESTABLISHED) {
		/* The connect timeout. */
		if (tp->t_state == TCPS_SYN_SENT)
			TCPSTAT_INC(tcps_conntimeo);
		return (tcp_drop(tp, ETIMEDOUT));
	}
	if ((so->so_options & SO_KEEPALIVE) == 0 ||
	    tp->t_state > TCPS_CLOSE_WAIT) {
		tcp_timer_arm(tp, TCPT_KEEP, tcp_keepidle_ticks(tp));
		return (tp);
	}
	if ((int64_t)(ticks - tp->t_rcvtime) < tcp_keepidle_ticks(tp)) {
		/* Heard from the peer since: wait from then. */
		tp->t_keepcnt = 0;
		tcp_timer_arm(tp, TCPT_KEEP, (int)(tp->t_rcvtime +
		    (uint64_t)tcp_keepidle_ticks(tp) - ticks));
		return (tp);
	}
	if (tp->t_keepcnt >= cnt) {
		TCPSTAT_INC(tcps_keepdrops);
		return (tcp_drop(tp, ETIMEDOUT));
	}
	/*
	 * A probe: an ACK for one byte before the window, which the peer
	 * must answer with an ACK (or a RST if it forgot us).
	 */
	TCPSTAT_INC(tcps_keepprobe);
	tp->t_keepcnt++;
	tcp_respond(tp, NULL, NULL, tp->rcv_nxt, tp->snd_una - 1, TH_ACK);
	tcp_timer_arm(tp, TCPT_KEEP, tcp_keepintvl_ticks(tp));
	return (tp);
}

static struct tcpcb *
tcp_timer_2msl(struct tcpcb *tp)
{
	struct socket *so = tp->t_inpcb->inp_socket;

	if (tp->t_state == TCPS_FIN_WAIT_2 &&
	    (so->so_state & SS_NOFDREF) == 0 &&
	    (tp->t_flags & TF_SOREF) == 0) {
		/* Half-closed by a live user: wait for the peer. */
		tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
		return (tp);
	}
	if (tp->t_state == TCPS_TIME_WAIT)
		TCPSTAT_INC(tcps_twexpired);
	return (tcp_close(tp));
}

static struct tcpcb *
tcp_timer_persist(struct tcpcb *tp)
{
	TCPSTAT_INC(tcps_persisttimeo);
	tcp_setpersist(tp);
	tp->t_flags |= TF_FORCE;
	(void)tcp_output(tp);
	tp->t_flags &= ~TF_FORCE;
	return (tp);
}

static struct tcpcb *
tcp_timer_delack(struct tcpcb *tp)
{
	if (tp->t_flags & TF_DELACK) {
		tp->t_flags &= ~TF_DELACK;
		tp->t_flags |= TF_ACKNOW;
		TCPSTAT_INC(tcps_delack);
		(void)tcp_output(tp);
	}
	return (tp);
}

/*
 * Find one expired timer, clear it and run it; true if one ran.  The
 * action may block (and so let others change the list), hence one at a
 * time with a fresh walk after each.
 */
static bool
tcp_timer_one(uint64_t now)
{
	struct tcpcb *tp;
	int i;

	TAILQ_FOREACH(tp, &tcp_cbs, t_link) {
		for (i = 0; i < TCPT_NTIMERS; i++) {
			if (tp->t_timer[i] == 0 || tp->t_timer[i] > now)
				continue;
			tp->t_timer[i] = 0;
			switch (i) {
			case TCPT_REXMT:
				(void)tcp_timer_rexmt(tp);
				break;
			case TCPT_PERSIST:
				(void)tcp_timer_persist(tp);
				break;
			case TCPT_KEEP:
				(void)tcp_timer_keep(tp);
				break;
			case TCPT_2MSL:
				(void)tcp_timer_2msl(tp);
				break;
			case TCPT_DELACK:
				(void)tcp_timer_delack(tp);
				break;
			}
			return (true);
		}
	}
	return (false);
}

static void
tcp_timer_dispatch(netmsg_t msg __unused)
{
	uint64_t now = ticks;
	int n = 0;

	TCP_ENTER();
	while (n++ < 10000 && tcp_timer_one(now))
		;
	TCP_LEAVE();
	lwkt_replymsg(&tcp_timer_msg.lmsg, 0);
	__atomic_store_n(&tcp_timer_busy, 0, __ATOMIC_RELEASE);
}

/* Every tick: hand the walk to netisr 0 unless it still has the last. */
static void
tcp_clock(void *arg __unused)
{
	if (!TAILQ_EMPTY(&tcp_cbs) &&
	    __atomic_exchange_n(&tcp_timer_busy, 1, __ATOMIC_ACQ_REL) == 0) {
		netmsg_init(&tcp_timer_msg, NULL, NULL, 0,
		    tcp_timer_dispatch);
		lwkt_sendmsg(netisr_cpuport(0), &tcp_timer_msg.lmsg);
	}
	callout_reset(&tcp_callout, 1, tcp_clock, NULL);
}

void
tcp_timer_init(void)
{
	callout_init_mp(&tcp_callout);
	callout_reset(&tcp_callout, 1, tcp_clock, NULL);
}
