/*
 * TCP input (RFC 793 section 3.9 as Net/3's tcp_input arranges it):
 * check the segment (length, checksum, data offset: failures are
 * counted and dropped), find its pcb, and run the state machine:
 *
 *  - LISTEN: a SYN makes a new socket on the listener's incomplete
 *    queue (sonewconn honours the backlog; a full queue drops the SYN
 *    so the peer retries) in SYN_RECEIVED, answered with SYN|ACK;
 *  - SYN_SENT: a SYN|ACK for our SYN establishes, a bare SYN is a
 *    simultaneous open (SYN_RECEIVED), a RST with an acceptable ACK is
 *    ECONNREFUSED;
 *  - otherwise: PAWS, trimming to the window, RST validation (only a
 *    RST inside the window resets: ECONNRESET), a SYN inside the window
 *    draws a challenge ACK, ACK processing (RTT samples, congestion
 *    window growth, duplicate ACKs -> fast retransmit and recovery,
 *    the FIN_WAIT_1/CLOSING/LAST_ACK transitions), window updates, data
 *    (in order straight to so_rcv with a delayed ACK, out of order to
 *    the reassembly queue with an immediate ACK), and the peer's FIN.
 *
 * A segment for no socket is answered with a RST.  Everything runs in
 * the TCP thread (netisr 0, tcp_var.h): a segment IP received in another
 * netisr thread is passed to it first.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/netisr.h>
#include <net/netmsg.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>

MALLOC_DECLARE(M_TSEGQ);
MALLOC_DEFINE(M_TCPFWD, "tcpfwd", "TCP segments passed to the TCP thread");

static void tcp_input_thread(struct mbuf *m, int hlen);

/* A received segment on its way to the TCP thread. */
struct tcp_fwdmsg {
	struct netmsg_base base;
	struct mbuf	*m;
	int		hlen;
};

struct tcpopt {
	int		to_flags;
#define TOF_MSS		0x1
#define TOF_SCALE	0x2
#define TOF_TS		0x4
#define TOF_SACKPERM	0x8
#define TOF_SACK	0x10
	u_int		to_mss;
	int		to_nsacks;
	struct sackblk	to_sacks[TCP_SACK_MAXOPT];
	uint8_t		to_wscale;
	uint32_t	to_tsval;
	uint32_t	to_tsecr;
};

/*
 * Parse the options (cp, cnt bytes).  Malformed lists end the parse:
 * what came before stands, nothing after is trusted.
 */
static void
tcp_dooptions(struct tcpopt *to, const uint8_t *cp, int cnt, bool syn)
{
	int opt, optlen;

	memset(to, 0, sizeof(*to));
	for (; cnt > 0; cnt -= optlen, cp += optlen) {
		opt = cp[0];
		if (opt == TCPOPT_EOL)
			break;
		if (opt == TCPOPT_NOP) {
			optlen = 1;
			continue;
		}
		if (cnt < 2)
			break;
		optlen = cp[1];
		if (optlen < 2 || optlen > cnt) {
			TCPSTAT_INC(tcps_rcvbadopt);
			break;
		}
		switch (opt) {
		case TCPOPT_MAXSEG:
			if (optlen != TCPOLEN_MAXSEG || !syn)
				continue;
			to->to_flags |= TOF_MSS;
			to->to_mss = (u_int)(cp[2] << 8 | cp[3]);
			break;
		case TCPOPT_WINDOW:
			if (optlen != TCPOLEN_WINDOW || !syn)
				continue;
			to->to_flags |= TOF_SCALE;
			to->to_wscale = (uint8_t)MIN(cp[2], TCP_MAX_WINSHIFT);
			break;
		case TCPOPT_SACK_PERMITTED:
			if (optlen != TCPOLEN_SACK_PERMITTED || !syn)
				continue;
			to->to_flags |= TOF_SACKPERM;
			break;
		case TCPOPT_SACK: {
			int i, n = (optlen - TCPOLEN_SACKHDR) / TCPOLEN_SACK;

			if (syn || n < 1 || n > TCP_SACK_MAXOPT ||
			    (optlen - TCPOLEN_SACKHDR) % TCPOLEN_SACK != 0) {
				TCPSTAT_INC(tcps_rcvbadopt);
				continue;
			}
			for (i = 0; i < n; i++) {
				const uint8_t *b = cp + TCPOLEN_SACKHDR +
				    i * TCPOLEN_SACK;

				to->to_sacks[i].start = (uint32_t)b[0] << 24 |
				    (uint32_t)b[1] << 16 |
				    (uint32_t)b[2] << 8 | b[3];
				to->to_sacks[i].end = (uint32_t)b[4] << 24 |
				    (uint32_t)b[5] << 16 |
				    (uint32_t)b[6] << 8 | b[7];
			}
			to->to_nsacks = n;
			to->to_flags |= TOF_SACK;
			break;
		}
		case TCPOPT_TIMESTAMP:
			if (optlen != TCPOLEN_TIMESTAMP)
				continue;
			to->to_flags |= TOF_TS;
			to->to_tsval = (uint32_t)cp[2] << 24 |
			    (uint32_t)cp[3] << 16 | (uint32_t)cp[4] << 8 | cp[5];
			to->to_tsecr = (uint32_t)cp[6] << 24 |
			    (uint32_t)cp[7] << 16 | (uint32_t)cp[8] << 8 | cp[9];
			break;
		default:
			break;
		}
	}
}

/* Append in-order data to the receive buffer (or drop it if shut). */
static void
tcp_deliver(struct socket *so, struct mbuf *m)
{
	lwkt_gettoken(&so->so_rcv.ssb_token);
	if (so->so_state & SS_CANTRCVMORE)
		m_freem(m);
	else
		sbappendstream(&so->so_rcv.sb, m);
	lwkt_reltoken(&so->so_rcv.ssb_token);
}

/*
 * Queue an out-of-order segment (seq, len bytes in m, fin: a FIN
 * follows it), trimming what overlaps its neighbours, then move what
 * became contiguous with rcv_nxt to the socket.  m may be NULL (just
 * present).  Returns TH_FIN when the delivered data ended with a FIN.
 */
static int
tcp_reass(struct tcpcb *tp, tcp_seq seq, int len, struct mbuf *m, int fin)
{
	struct socket *so = tp->t_inpcb->inp_socket;
	struct tseg_qent *q, *p = NULL, *te, *nq;
	int i, flags = 0;
	bool woke = false;

	if (m == NULL)
		goto present;
	/*
	 * Bound the queue: beyond the buffer's size it only costs.  The
	 * segment at rcv_nxt is never refused: it fills the hole, goes
	 * to the socket at once and takes the queue with it, and without
	 * it a full queue could never drain (the peer would resend it
	 * forever).
	 */
	if (seq != tp->rcv_nxt &&
	    tp->t_segqlen + len > so->so_rcv.ssb_hiwat) {
		TCPSTAT_INC(tcps_rcvreassfull);
		m_freem(m);
		return (0);
	}
	te = kmalloc(sizeof(*te), M_TSEGQ, M_NOWAIT);
	if (te == NULL) {
		m_freem(m);
		return (0);
	}
	if (seq != tp->rcv_nxt) {
		TCPSTAT_INC(tcps_rcvoopack);
		TCPSTAT_ADD(tcps_rcvoobyte, len);
		/* Its SACK block goes first (RFC 2018 4). */
		tp->rcv_lastsack = seq;
	}

	TAILQ_FOREACH(q, &tp->t_segq, tqe_q) {
		if (SEQ_GT(q->tqe_seq, seq))
			break;
		p = q;
	}
	/* The previous segment may cover our start (or all of us). */
	if (p != NULL) {
		i = (int)(p->tqe_seq + (tcp_seq)p->tqe_len - seq);
		if (i > 0) {
			if (i >= len) {
				TCPSTAT_INC(tcps_rcvduppack);
				TCPSTAT_ADD(tcps_rcvdupbyte, len);
				p->tqe_fin |= fin;
				m_freem(m);
				kfree(te, M_TSEGQ);
				goto present;
			}
			m_adj(m, i);
			len -= i;
			seq += (tcp_seq)i;
		}
	}
	/* Later segments we cover are trimmed or removed. */
	while (q != NULL) {
		i = (int)((seq + (tcp_seq)len) - q->tqe_seq);
		if (i <= 0)
			break;
		if (i < q->tqe_len) {
			q->tqe_seq += (tcp_seq)i;
			q->tqe_len -= i;
			tp->t_segqlen -= i;
			m_adj(q->tqe_m, i);
			break;
		}
		nq = TAILQ_NEXT(q, tqe_q);
		TAILQ_REMOVE(&tp->t_segq, q, tqe_q);
		tp->t_segqlen -= q->tqe_len;
		fin |= q->tqe_fin;
		m_freem(q->tqe_m);
		kfree(q, M_TSEGQ);
		q = nq;
	}
	te->tqe_m = m;
	te->tqe_seq = seq;
	te->tqe_len = len;
	te->tqe_fin = fin;
	tp->t_segqlen += len;
	if (p == NULL)
		TAILQ_INSERT_HEAD(&tp->t_segq, te, tqe_q);
	else
		TAILQ_INSERT_AFTER(&tp->t_segq, p, te, tqe_q);

present:
	if (!TCPS_HAVEESTABLISHED(tp->t_state))
		return (0);
	while ((q = TAILQ_FIRST(&tp->t_segq)) != NULL &&
	    q->tqe_seq == tp->rcv_nxt) {
		TAILQ_REMOVE(&tp->t_segq, q, tqe_q);
		tp->t_segqlen -= q->tqe_len;
		tp->rcv_nxt += (tcp_seq)q->tqe_len;
		if (q->tqe_len > 0)
			tcp_deliver(so, q->tqe_m);
		else
			m_freem(q->tqe_m);
		woke = true;
		if (q->tqe_fin)
			flags = TH_FIN;
		kfree(q, M_TSEGQ);
		if (flags)
			break;
	}
	if (woke)
		sorwakeup(so);
	return (flags);
}

/* What the peer's SYN offered: its window shift and its timestamp. */
static void
tcp_syn_options(struct tcpcb *tp, const struct tcpopt *to)
{
	if (to->to_flags & TOF_SCALE) {
		tp->t_flags |= TF_RCVD_SCALE;
		tp->requested_s_scale = to->to_wscale;
	}
	if (to->to_flags & TOF_TS) {
		tp->t_flags |= TF_RCVD_TSTMP;
		tp->ts_recent = to->to_tsval;
		tp->ts_recent_age = ticks;
	}
	/* SACK when we offered (or would offer) it and so did the peer. */
	if ((to->to_flags & TOF_SACKPERM) && (tp->t_flags & TF_REQ_SACK))
		tp->t_flags |= TF_SACK_PERMIT;
}

/* Window scaling and timestamps, once both sides agreed. */
static void
tcp_agree_options(struct tcpcb *tp)
{
	if ((tp->t_flags & (TF_REQ_SCALE | TF_RCVD_SCALE)) ==
	    (TF_REQ_SCALE | TF_RCVD_SCALE)) {
		tp->snd_scale = tp->requested_s_scale;
		tp->rcv_scale = tp->request_r_scale;
	}
}

/* The shift we ask for: enough for the receive buffer. */
void tcp_request_scale(struct tcpcb *tp);

void
tcp_request_scale(struct tcpcb *tp)
{
	struct socket *so = tp->t_inpcb->inp_socket;

	tp->request_r_scale = 0;
	while (tp->request_r_scale < TCP_MAX_WINSHIFT &&
	    ((long)TCP_MAXWIN << tp->request_r_scale) < so->so_rcv.ssb_hiwat)
		tp->request_r_scale++;
}

/*
 * Resend the next hole now, whatever the pipe says: cwnd opened by one
 * segment above the pipe for one tcp_output(), then ssthresh again.
 */
static void
tcp_sack_kick(struct tcpcb *tp)
{
	tp->snd_cwnd = (u_long)tcp_sack_pipe(tp) + tp->t_maxseg;
	(void)tcp_output(tp);
	tp->snd_cwnd = tp->snd_ssthresh;
}

/*
 * The third duplicate ACK on a SACK connection: loss recovery by the
 * scoreboard (RFC 6675 5).  The slow start threshold becomes half of
 * what is in flight and cwnd that much; the first hole (the segment at
 * snd_una, whether or not a block marks it) goes at once whatever the
 * pipe says, then tcp_output() sends as the pipe allows.
 */
static void
tcp_sack_recovery(struct tcpcb *tp)
{
	u_long win;

	win = (u_long)(tp->snd_max - tp->snd_una) / 2 / tp->t_maxseg;
	if (win < 2)
		win = 2;
	tp->snd_ssthresh = win * tp->t_maxseg;
	tp->snd_recover = tp->snd_max;
	tp->snd_rxmit = tp->snd_una;
	tp->t_flags |= TF_FASTRECOVERY | TF_SACKRECOVERY;
	tp->t_rtttime = 0;
	TCPSTAT_INC(tcps_fastrexmit);
	TCPSTAT_INC(tcps_sack_recovery_episode);
	/* A fresh timeout for the resend (armed even if nothing can go). */
	tcp_timer_arm(tp, TCPT_REXMT, tp->t_rxtcur);
	tcp_sack_kick(tp);
}

static void
tcp_input_dispatch(netmsg_t nmsg)
{
	struct tcp_fwdmsg *msg = (struct tcp_fwdmsg *)nmsg;
	struct mbuf *m = msg->m;
	int hlen = msg->hlen;

	kfree(msg, M_TCPFWD);
	tcp_input_thread(m, hlen);
}

/*
 * IP's entry: in the TCP thread, go on; from another netisr thread,
 * queue the segment to it (its port is FIFO, so segments of one flow
 * keep their order).  netisr_barrier() visits netisr 0 last, so a
 * segment passed on here is handled before the barrier returns.
 */
void
tcp_input(struct mbuf *m, int hlen)
{
	struct tcp_fwdmsg *msg;

	if (tcp_in_thread()) {
		tcp_input_thread(m, hlen);
		return;
	}
	msg = kmalloc(sizeof(*msg), M_TCPFWD, M_NOWAIT);
	if (msg == NULL) {
		/* As if the netisr queue had been full: the peer resends. */
		m_freem(m);
		return;
	}
	netmsg_init(&msg->base, NULL, NULL, 0, tcp_input_dispatch);
	msg->m = m;
	msg->hlen = hlen;
	lwkt_sendmsg(netisr_cpuport(TCP_NETISR), &msg->base.lmsg);
}

static void
tcp_input_thread(struct mbuf *m, int hlen)
{
	struct ip *ip, ipsave;
	struct tcphdr *th, thsave;
	struct inpcb *inp;
	struct tcpcb *tp = NULL;
	struct socket *so;
	struct tcpopt to;
	int tlen, off, thflags, todrop, acked, drop_hdrlen;
	int needoutput = 0, ourfinisacked;
	long newsacked;
	u_long tiwin;
	tcp_seq seq, ack;

	TCPSTAT_INC(tcps_rcvtotal);
	if (m->m_pkthdr.len < hlen + (int)sizeof(struct tcphdr)) {
		TCPSTAT_INC(tcps_rcvshort);
		m_freem(m);
		return;
	}
	if (m->m_len < hlen + (int)sizeof(struct tcphdr) &&
	    (m = m_pullup(m, hlen + sizeof(struct tcphdr))) == NULL) {
		TCPSTAT_INC(tcps_rcvshort);
		return;
	}
	ip = mtod(m, struct ip *);
	tlen = ntohs(ip->ip_len) - hlen;
	if (tlen < (int)sizeof(struct tcphdr) ||
	    m->m_pkthdr.len < hlen + tlen) {
		TCPSTAT_INC(tcps_rcvshort);
		goto drop;
	}
	if (m->m_pkthdr.len > hlen + tlen)
		m_adj(m, hlen + tlen - m->m_pkthdr.len);
	/* The interface may have verified it already (IFCAP_RXCSUM). */
	if (((m->m_pkthdr.csum_flags & (CSUM_DATA_VALID | CSUM_PSEUDO_HDR)) !=
	    (CSUM_DATA_VALID | CSUM_PSEUDO_HDR) ||
	    m->m_pkthdr.csum_data != 0xffff) &&
	    tcp_cksum(m, ip->ip_src, ip->ip_dst, hlen, tlen) != 0) {
		TCPSTAT_INC(tcps_rcvbadsum);
		goto drop;
	}
	th = (struct tcphdr *)((caddr_t)ip + hlen);
	off = th->th_off << 2;
	if (off < (int)sizeof(struct tcphdr) || off > tlen) {
		TCPSTAT_INC(tcps_rcvbadoff);
		goto drop;
	}
	if (m->m_len < hlen + off) {
		if ((m = m_pullup(m, hlen + off)) == NULL) {
			TCPSTAT_INC(tcps_rcvshort);
			return;
		}
		ip = mtod(m, struct ip *);
		th = (struct tcphdr *)((caddr_t)ip + hlen);
	}
	tlen -= off;
	drop_hdrlen = hlen + off;
	thflags = th->th_flags;
	seq = ntohl(th->th_seq);
	ack = ntohl(th->th_ack);
	tcp_dooptions(&to, (const uint8_t *)(th + 1),
	    off - (int)sizeof(struct tcphdr), (thflags & TH_SYN) != 0);
	/* Copies for a RST after the mbuf is gone. */
	ipsave = *ip;
	thsave = *th;

	/* Never answer (or accept) broadcast and multicast segments. */
	if ((m->m_flags & (M_BCAST | M_MCAST)) ||
	    IN_MULTICAST(ntohl(ip->ip_dst.s_addr)) ||
	    ip->ip_dst.s_addr == INADDR_BROADCAST)
		goto drop_unlocked;

	TCP_ENTER();
findpcb:
	inp = in_pcblookup(&tcbinfo, ipsave.ip_src, thsave.th_sport,
	    ipsave.ip_dst, thsave.th_dport, true);
	if (inp == NULL) {
		TCPSTAT_INC(tcps_noport);
		goto dropwithreset;
	}
	tp = intotcpcb(inp);
	if (tp == NULL) {
		TCPSTAT_INC(tcps_noport);
		goto dropwithreset;
	}
	if (tp->t_state == TCPS_CLOSED)
		goto drop_locked;
	so = inp->inp_socket;

	if (tp->t_state == TCPS_LISTEN) {
		struct socket *so2;
		struct inpcb *inp2;
		struct tcpcb *tp2;

		if (thflags & TH_RST)
			goto drop_locked;
		if (thflags & TH_ACK) {
			TCPSTAT_INC(tcps_badsyn);
			goto dropwithreset;
		}
		if ((thflags & TH_SYN) == 0)
			goto drop_locked;
		so2 = sonewconn(so, 0);
		if (so2 == NULL) {
			/* Backlog full: the peer will send its SYN again. */
			TCPSTAT_INC(tcps_listendrop);
			goto drop_locked;
		}
		inp2 = sotoinpcb(so2);
		tp2 = intotcpcb(inp2);
		if (in_pcbsetaddrs(inp2, ipsave.ip_dst, thsave.th_dport,
		    ipsave.ip_src, thsave.th_sport) != 0) {
			(void)tcp_close(tp2);
			goto drop_locked;
		}
		tp2->t_flags |= tp->t_flags & (TF_NODELAY | TF_NOPUSH |
		    TF_NOOPT);
		if (tp->t_flags & TF_NOOPT)
			tp2->t_flags &= ~(TF_REQ_SCALE | TF_REQ_TSTMP |
			    TF_REQ_SACK);
		tp2->t_usermss = tp->t_usermss;
		tp2->t_keepidle = tp->t_keepidle;
		tp2->t_keepintvl = tp->t_keepintvl;
		tp2->t_keepcnt_max = tp->t_keepcnt_max;
		tp2->t_keepinit = tp->t_keepinit;
		tp = tp2;
		so = so2;
		inp = inp2;

		tcp_syn_options(tp, &to);
		tcp_request_scale(tp);
		tcp_mss(tp, (to.to_flags & TOF_MSS) ? (int)to.to_mss : 0);
		tp->iss = tcp_new_isn();
		tp->irs = seq;
		tcp_sendseqinit(tp);
		tcp_rcvseqinit(tp);
		tp->rcv_wnd = (u_long)ssb_space(&so->so_rcv);
		tp->snd_wnd = ntohs(thsave.th_win);	/* unscaled on SYN */
		tp->max_sndwnd = tp->snd_wnd;
		tp->snd_wl1 = seq;
		tp->snd_wl2 = tp->iss;
		tp->t_flags |= TF_ACKNOW;
		tcp_state_change(tp, TCPS_SYN_RECEIVED);
		tcp_timer_arm(tp, TCPT_KEEP, tcp_keepinit_ticks(tp));
		TCPSTAT_INC(tcps_accepts);
		(void)tcp_output(tp);
		goto drop_locked;
	}

	/* The window we offer now, never less than what we advertised. */
	{
		long win = ssb_space(&so->so_rcv);

		if (win < tcp_adv_left(tp))
			win = tcp_adv_left(tp);
		tp->rcv_wnd = (u_long)MAX(win, 0L);
	}

	/* Heard from the peer: the keepalive clock starts again. */
	tp->t_rcvtime = ticks;
	tp->t_keepcnt = 0;
	if (TCPS_HAVEESTABLISHED(tp->t_state))
		tcp_timer_arm(tp, TCPT_KEEP, tcp_keepidle_ticks(tp));

	tiwin = ntohs(thsave.th_win);
	if ((thflags & TH_SYN) == 0)
		tiwin <<= tp->snd_scale;

	/* PAWS (RFC 7323 5): an old timestamp means an old duplicate. */
	if ((tp->t_flags & TF_RCVD_TSTMP) && (to.to_flags & TOF_TS) &&
	    (thflags & TH_RST) == 0 && tp->ts_recent != 0 &&
	    (int32_t)(to.to_tsval - tp->ts_recent) < 0 &&
	    TCPS_HAVEESTABLISHED(tp->t_state)) {
		TCPSTAT_INC(tcps_pawsdrop);
		TCPSTAT_INC(tcps_rcvduppack);
		TCPSTAT_ADD(tcps_rcvdupbyte, tlen);
		goto dropafterack;
	}

	switch (tp->t_state) {
	case TCPS_SYN_SENT:
		if ((thflags & TH_ACK) &&
		    (SEQ_LEQ(ack, tp->iss) || SEQ_GT(ack, tp->snd_max))) {
			if (thflags & TH_RST)
				goto drop_locked;
			goto dropwithreset;
		}
		if (thflags & TH_RST) {
			if (thflags & TH_ACK) {
				TCPSTAT_INC(tcps_rcvrst);
				tp = tcp_drop(tp, ECONNREFUSED);
			}
			goto drop_locked;
		}
		if ((thflags & TH_SYN) == 0)
			goto drop_locked;
		tcp_syn_options(tp, &to);
		tcp_mss(tp, (to.to_flags & TOF_MSS) ? (int)to.to_mss : 0);
		tp->irs = seq;
		tcp_rcvseqinit(tp);
		tp->t_flags |= TF_ACKNOW;
		tcp_timer_stop(tp, TCPT_REXMT);
		tp->snd_wnd = tiwin;
		tp->max_sndwnd = tiwin;
		if (thflags & TH_ACK) {
			tp->snd_una = ack;
			if (SEQ_LT(tp->snd_nxt, tp->snd_una))
				tp->snd_nxt = tp->snd_una;
			if (tp->t_rtttime != 0)
				tcp_xmit_timer(tp,
				    (int)(ticks - tp->t_rtttime));
			tp->t_rxtshift = 0;
			tp->t_rxtcur = tcp_rexmt_value(tp);
			TCPSTAT_INC(tcps_connects);
			tcp_agree_options(tp);
			tcp_state_change(tp, TCPS_ESTABLISHED);
			tcp_timer_arm(tp, TCPT_KEEP, tcp_keepidle_ticks(tp));
			soisconnected(so);
		} else {
			/*
			 * Simultaneous open: answer with SYN|ACK for our
			 * same ISS (resent from snd_una).
			 */
			tp->snd_nxt = tp->snd_una;
			tcp_state_change(tp, TCPS_SYN_RECEIVED);
		}
		/* The SYN takes one sequence number; trim to the window. */
		seq++;
		if (tlen > (int)tp->rcv_wnd && tp->rcv_wnd > 0) {
			todrop = tlen - (int)tp->rcv_wnd;
			m_adj(m, -todrop);
			tlen = (int)tp->rcv_wnd;
			thflags &= ~TH_FIN;
		}
		tp->snd_wl1 = seq - 1;
		tp->snd_wl2 = ack;
		tp->rcv_up = seq;
		thflags &= ~TH_SYN;
		goto step6;
	default:
		break;
	}

	/*
	 * RST validation (RFC 5961 3): a RST resets only if its sequence
	 * number falls in the receive window; a blind one elsewhere is
	 * ignored.
	 */
	if (thflags & TH_RST) {
		u_long rwin = MAX(tp->rcv_wnd, 1UL);

		if (SEQ_LT(seq, tp->rcv_nxt) ||
		    SEQ_GEQ(seq, tp->rcv_nxt + (tcp_seq)rwin)) {
			TCPSTAT_INC(tcps_badrst);
			goto drop_locked;
		}
		TCPSTAT_INC(tcps_rcvrst);
		switch (tp->t_state) {
		case TCPS_SYN_RECEIVED:
			so->so_error = ECONNREFUSED;
			tp = tcp_close(tp);
			break;
		case TCPS_ESTABLISHED:
		case TCPS_FIN_WAIT_1:
		case TCPS_FIN_WAIT_2:
		case TCPS_CLOSE_WAIT:
			so->so_error = ECONNRESET;
			TCPSTAT_INC(tcps_drops);
			tp = tcp_close(tp);
			break;
		default:
			tp = tcp_close(tp);
			break;
		}
		goto drop_locked;
	}

	/* Trim what we already have off the front. */
	todrop = (int)(tp->rcv_nxt - seq);
	if (todrop > 0) {
		if (thflags & TH_SYN) {
			thflags &= ~TH_SYN;
			seq++;
			todrop--;
		}
		if (todrop > tlen ||
		    (todrop == tlen && (thflags & TH_FIN) == 0)) {
			/* All duplicate: ACK it so the peer resyncs. */
			thflags &= ~TH_FIN;
			tp->t_flags |= TF_ACKNOW;
			TCPSTAT_INC(tcps_rcvduppack);
			TCPSTAT_ADD(tcps_rcvdupbyte, tlen);
			todrop = tlen;
		} else {
			TCPSTAT_INC(tcps_rcvpartduppack);
			TCPSTAT_ADD(tcps_rcvpartdupbyte, todrop);
		}
		drop_hdrlen += todrop;
		seq += (tcp_seq)todrop;
		tlen -= todrop;
	}

	/* Data for a socket that was closed: the peer must learn. */
	if ((tp->t_flags & TF_SOREF) && tp->t_state > TCPS_CLOSE_WAIT &&
	    tlen > 0) {
		TCPSTAT_INC(tcps_rcvafterclose);
		tp = tcp_close(tp);
		goto dropwithreset;
	}

	/* Trim what lies beyond the window off the end. */
	todrop = (int)((seq + (tcp_seq)tlen) -
	    (tp->rcv_nxt + (tcp_seq)tp->rcv_wnd));
	if (todrop > 0) {
		TCPSTAT_INC(tcps_rcvpackafterwin);
		if (todrop >= tlen) {
			TCPSTAT_ADD(tcps_rcvbyteafterwin, tlen);
			/* A new SYN for a connection in TIME_WAIT. */
			if ((thflags & TH_SYN) &&
			    tp->t_state == TCPS_TIME_WAIT &&
			    SEQ_GT(seq, tp->rcv_nxt)) {
				tp = tcp_close(tp);
				goto findpcb;
			}
			if (tp->rcv_wnd == 0 && seq == tp->rcv_nxt) {
				tp->t_flags |= TF_ACKNOW;
				TCPSTAT_INC(tcps_rcvwinprobe);
			} else {
				goto dropafterack;
			}
		} else {
			TCPSTAT_ADD(tcps_rcvbyteafterwin, todrop);
		}
		m_adj(m, -todrop);
		tlen -= todrop;
		thflags &= ~(TH_PUSH | TH_FIN);
	}

	/* The timestamp to echo: from the segment that moved us on. */
	if ((to.to_flags & TOF_TS) && SEQ_LEQ(seq, tp->last_ack_sent)) {
		tp->ts_recent = to.to_tsval;
		tp->ts_recent_age = ticks;
	}

	/* A SYN inside the window (RFC 5961 4): a challenge ACK only. */
	if (thflags & TH_SYN) {
		TCPSTAT_INC(tcps_badsyn);
		goto dropafterack;
	}

	if ((thflags & TH_ACK) == 0) {
		if (tp->t_flags & TF_ACKNOW)
			goto dropafterack;
		goto drop_locked;
	}

	switch (tp->t_state) {
	case TCPS_SYN_RECEIVED:
		if (SEQ_GT(tp->snd_una, ack) || SEQ_GT(ack, tp->snd_max))
			goto dropwithreset;
		TCPSTAT_INC(tcps_connects);
		tcp_agree_options(tp);
		tcp_state_change(tp, TCPS_ESTABLISHED);
		tcp_timer_arm(tp, TCPT_KEEP, tcp_keepidle_ticks(tp));
		soisconnected(so);
		tp->snd_wl1 = seq - 1;
		/* FALLTHROUGH */
	case TCPS_ESTABLISHED:
	case TCPS_FIN_WAIT_1:
	case TCPS_FIN_WAIT_2:
	case TCPS_CLOSE_WAIT:
	case TCPS_CLOSING:
	case TCPS_LAST_ACK:
	case TCPS_TIME_WAIT:
		/* The peer's SACK blocks into the scoreboard first. */
		newsacked = 0;
		if ((tp->t_flags & TF_SACK_PERMIT) && SEQ_LEQ(ack, tp->snd_max) &&
		    ((to.to_flags & TOF_SACK) || tp->snd_nsacked > 0))
			newsacked = tcp_sack_update(tp, ack, to.to_sacks,
			    to.to_nsacks);
		if (SEQ_LEQ(ack, tp->snd_una)) {
			bool pure = tlen == 0 && tiwin == tp->snd_wnd &&
			    (thflags & TH_FIN) == 0;

			if (tp->t_flags & TF_SACK_PERMIT) {
				/*
				 * RFC 6675: an ACK that SACKs new data counts
				 * as a duplicate even when it carries data
				 * (both sides sending at once), and loss is
				 * also declared when more than two segments'
				 * worth above snd_una were SACKed.  Data it
				 * carries is taken below as usual.
				 */
				if (!pure && newsacked == 0)
					break;
				if (pure)
					TCPSTAT_INC(tcps_rcvdupack);
				if (!tcp_timer_active(tp, TCPT_REXMT) ||
				    ack != tp->snd_una) {
					tp->t_dupacks = 0;
				} else if (tp->t_flags & TF_SACKRECOVERY) {
					tp->t_dupacks++;
					(void)tcp_output(tp);
				} else if (++tp->t_dupacks >= 3 ||
				    tcp_sack_sacked(tp) >
				    2 * (long)tp->t_maxseg) {
					tcp_sack_recovery(tp);
				}
				if (pure)
					goto drop_locked;
				break;
			}
			if (pure) {
				TCPSTAT_INC(tcps_rcvdupack);
				if (!tcp_timer_active(tp, TCPT_REXMT) ||
				    ack != tp->snd_una) {
					tp->t_dupacks = 0;
				} else if (++tp->t_dupacks == 3) {
					/* Fast retransmit (RFC 5681 3.2). */
					tcp_seq onxt = tp->snd_nxt;
					u_long win;

					win = MIN(tp->snd_wnd,
					    tp->snd_cwnd) / 2 / tp->t_maxseg;
					if (win < 2)
						win = 2;
					tp->snd_ssthresh = win * tp->t_maxseg;
					tp->snd_recover = tp->snd_max;
					tp->t_flags |= TF_FASTRECOVERY;
					tcp_timer_stop(tp, TCPT_REXMT);
					tp->t_rtttime = 0;
					tp->snd_nxt = ack;
					tp->snd_cwnd = tp->t_maxseg;
					TCPSTAT_INC(tcps_fastrexmit);
					(void)tcp_output(tp);
					tp->snd_cwnd = tp->snd_ssthresh +
					    tp->t_maxseg * 3;
					if (SEQ_GT(onxt, tp->snd_nxt))
						tp->snd_nxt = onxt;
					goto drop_locked;
				} else if (tp->t_dupacks > 3) {
					/* Each one means a segment left. */
					tp->snd_cwnd += tp->t_maxseg;
					(void)tcp_output(tp);
					goto drop_locked;
				}
			} else {
				tp->t_dupacks = 0;
			}
			break;
		}
		if (SEQ_GT(ack, tp->snd_max)) {
			TCPSTAT_INC(tcps_rcvacktoomuch);
			goto dropafterack;
		}
		acked = (int)(ack - tp->snd_una);
		TCPSTAT_INC(tcps_rcvackpack);
		TCPSTAT_ADD(tcps_rcvackbyte, acked);

		/* An RTT sample: from the echoed timestamp, else timed. */
		if ((to.to_flags & TOF_TS) && to.to_tsecr != 0 &&
		    (tp->t_flags & TF_RCVD_TSTMP)) {
			uint32_t ms = tcp_ts_now() - to.to_tsecr;

			if (ms < 60 * 60 * 1000U)
				tcp_xmit_timer(tp, (int)(ms * HZ / 1000) + 1);
		} else if (tp->t_rtttime != 0 && SEQ_GT(ack, tp->t_rtseq)) {
			tcp_xmit_timer(tp, (int)(ticks - tp->t_rtttime));
		}

		if (ack == tp->snd_max) {
			tcp_timer_stop(tp, TCPT_REXMT);
			needoutput = 1;
		} else if (!tcp_timer_active(tp, TCPT_PERSIST)) {
			tcp_timer_arm(tp, TCPT_REXMT, tp->t_rxtcur);
		}

		if (tp->t_flags & TF_FASTRECOVERY) {
			if (SEQ_GEQ(ack, tp->snd_recover)) {
				/* Recovery is over: deflate. */
				tp->t_flags &= ~(TF_FASTRECOVERY |
				    TF_SACKRECOVERY);
				if (tp->snd_cwnd > tp->snd_ssthresh)
					tp->snd_cwnd = tp->snd_ssthresh;
				tp->t_dupacks = 0;
				TCPSTAT_INC(tcps_fastrecovery);
			}
		} else {
			/* Slow start, then congestion avoidance. */
			u_long incr = tp->t_maxseg;

			if (tp->snd_cwnd > tp->snd_ssthresh)
				incr = MAX(incr * incr / tp->snd_cwnd, 1UL);
			tp->snd_cwnd = MIN(tp->snd_cwnd + incr,
			    (u_long)TCP_MAXWIN << tp->snd_scale);
			tp->t_dupacks = 0;
		}

		lwkt_gettoken(&so->so_snd.ssb_token);
		if ((u_long)acked > so->so_snd.sb.sb_cc) {
			tp->snd_wnd -= so->so_snd.sb.sb_cc;
			sbdrop(&so->so_snd.sb, (int)so->so_snd.sb.sb_cc);
			ourfinisacked = 1;
		} else {
			sbdrop(&so->so_snd.sb, acked);
			tp->snd_wnd -= (u_long)acked;
			ourfinisacked = 0;
		}
		lwkt_reltoken(&so->so_snd.ssb_token);
		sowwakeup(so);
		tp->snd_una = ack;
		if (SEQ_LT(tp->snd_nxt, tp->snd_una))
			tp->snd_nxt = tp->snd_una;

		if ((tp->t_flags & TF_SACKRECOVERY) &&
		    SEQ_LT(ack, tp->snd_recover)) {
			/*
			 * A partial ACK: the scoreboard picks the holes;
			 * without blocks the next segment is the one lost
			 * (NewReno's rule, RFC 6582).
			 */
			if (tp->snd_nsacked == 0)
				tcp_sack_kick(tp);
			needoutput = 1;
		} else if ((tp->t_flags & TF_FASTRECOVERY) &&
		    SEQ_LT(ack, tp->snd_recover)) {
			/* A partial ACK (RFC 6582): resend the next hole. */
			tcp_seq onxt = tp->snd_nxt;
			u_long ocwnd = tp->snd_cwnd;

			tp->snd_nxt = ack;
			tp->snd_cwnd = tp->t_maxseg;
			(void)tcp_output(tp);
			tp->snd_cwnd = ocwnd;
			if (SEQ_GT(onxt, tp->snd_nxt))
				tp->snd_nxt = onxt;
		}

		switch (tp->t_state) {
		case TCPS_FIN_WAIT_1:
			if (ourfinisacked) {
				/*
				 * Nobody will read what the peer might
				 * still send: do not wait for its FIN
				 * forever.
				 */
				if (so->so_state & SS_CANTRCVMORE) {
					soisdisconnected(so);
					tcp_timer_arm(tp, TCPT_2MSL,
					    tcp_2msl_ticks());
				}
				tcp_state_change(tp, TCPS_FIN_WAIT_2);
			}
			break;
		case TCPS_CLOSING:
			if (ourfinisacked) {
				tcp_state_change(tp, TCPS_TIME_WAIT);
				tcp_canceltimers(tp);
				tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
				TCPSTAT_INC(tcps_timewait);
				soisdisconnected(so);
			}
			break;
		case TCPS_LAST_ACK:
			if (ourfinisacked) {
				tp = tcp_close(tp);
				goto drop_locked;
			}
			break;
		case TCPS_TIME_WAIT:
			tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
			goto dropafterack;
		}
		break;
	}

step6:
	/* Window update: from a newer segment, or a newer ACK. */
	if ((thflags & TH_ACK) &&
	    (SEQ_LT(tp->snd_wl1, seq) || (tp->snd_wl1 == seq &&
	    (SEQ_LT(tp->snd_wl2, ack) ||
	    (tp->snd_wl2 == ack && tiwin > tp->snd_wnd))))) {
		if (tlen == 0 && tp->snd_wl2 == ack && tiwin > tp->snd_wnd)
			TCPSTAT_INC(tcps_rcvwinupd);
		tp->snd_wnd = tiwin;
		tp->snd_wl1 = seq;
		tp->snd_wl2 = ack;
		if (tp->snd_wnd > tp->max_sndwnd)
			tp->max_sndwnd = tp->snd_wnd;
		needoutput = 1;
	}

	/* Data and FIN. */
	if ((tlen > 0 || (thflags & TH_FIN)) &&
	    !TCPS_HAVERCVDFIN(tp->t_state)) {
		m_adj(m, drop_hdrlen);
		if (seq == tp->rcv_nxt && TAILQ_EMPTY(&tp->t_segq) &&
		    tp->t_state == TCPS_ESTABLISHED) {
			if (!tcp_delack_enabled || (tp->t_flags & TF_DELACK)) {
				tp->t_flags &= ~TF_DELACK;
				tp->t_flags |= TF_ACKNOW;
			} else if (tlen > 0) {
				tp->t_flags |= TF_DELACK;
				tcp_timer_arm(tp, TCPT_DELACK,
				    tcp_ms2ticks(tcp_delacktime));
			}
			tp->rcv_nxt += (tcp_seq)tlen;
			if (tlen > 0) {
				TCPSTAT_INC(tcps_rcvpack);
				TCPSTAT_ADD(tcps_rcvbyte, tlen);
				tcp_deliver(so, m);
				sorwakeup(so);
			} else {
				m_freem(m);
			}
			m = NULL;
			thflags &= TH_FIN;
		} else {
			if (seq == tp->rcv_nxt && tlen > 0) {
				TCPSTAT_INC(tcps_rcvpack);
				TCPSTAT_ADD(tcps_rcvbyte, tlen);
			}
			thflags = tcp_reass(tp, seq, tlen, m,
			    thflags & TH_FIN);
			m = NULL;
			tp->t_flags |= TF_ACKNOW;
		}
	} else {
		thflags &= ~TH_FIN;
	}

	if (thflags & TH_FIN) {
		if (!TCPS_HAVERCVDFIN(tp->t_state)) {
			socantrcvmore(so);
			tp->t_flags |= TF_ACKNOW;
			tp->rcv_nxt++;
		}
		switch (tp->t_state) {
		case TCPS_SYN_RECEIVED:
		case TCPS_ESTABLISHED:
			tcp_state_change(tp, TCPS_CLOSE_WAIT);
			break;
		case TCPS_FIN_WAIT_1:
			tcp_state_change(tp, TCPS_CLOSING);
			break;
		case TCPS_FIN_WAIT_2:
			tcp_state_change(tp, TCPS_TIME_WAIT);
			tcp_canceltimers(tp);
			tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
			TCPSTAT_INC(tcps_timewait);
			soisdisconnected(so);
			break;
		case TCPS_TIME_WAIT:
			tcp_timer_arm(tp, TCPT_2MSL, tcp_2msl_ticks());
			break;
		}
	}
	if (needoutput || (tp->t_flags & TF_ACKNOW))
		(void)tcp_output(tp);
	TCP_LEAVE();
	if (m != NULL)
		m_freem(m);
	return;

dropafterack:
	if (thflags & TH_RST)
		goto drop_locked;
	tp->t_flags |= TF_ACKNOW;
	(void)tcp_output(tp);
	goto drop_locked;

dropwithreset:
	if ((thflags & TH_RST) == 0) {
		if (thflags & TH_ACK) {
			tcp_respond(NULL, &ipsave, &thsave, 0, ack, TH_RST);
		} else {
			if (thflags & TH_SYN)
				tlen++;
			if (thflags & TH_FIN)
				tlen++;
			tcp_respond(NULL, &ipsave, &thsave,
			    seq + (tcp_seq)tlen, 0, TH_RST | TH_ACK);
		}
	}
drop_locked:
	TCP_LEAVE();
drop_unlocked:
drop:
	if (m != NULL)
		m_freem(m);
}
