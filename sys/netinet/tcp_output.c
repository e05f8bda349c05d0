/*
 * TCP output (Net/3's tcp_output in outline): decide whether a segment
 * is due, and build and send it.  What may be sent is the part of so_snd
 * past snd_nxt that fits in the smaller of the peer's window and the
 * congestion window, cut at the MSS.  A segment goes out when it is
 * full, when it empties the buffer and either the connection is idle or
 * TCP_NODELAY is set (Nagle otherwise holds a small segment while data
 * is unacknowledged), when it is a retransmission or a probe, when our
 * receive window opened by two segments or half the buffer (window
 * update), when an ACK is owed now, or to carry SYN, FIN or RST.  With
 * data queued and nothing in flight against a zero window, the persist
 * timer takes over.
 *
 * Options: MSS, window scale and SACK-permitted on SYNs, timestamps
 * (RFC 7323) on every segment once both sides agreed, SACK blocks
 * (RFC 2018) while the reassembly queue holds data.
 *
 * In SACK recovery (TF_SACKRECOVERY, tcp_sack.c) the scoreboard decides
 * instead: holes first, from snd_rxmit, as long as the pipe is below
 * cwnd; snd_nxt stays at the new data meanwhile.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>

static const uint8_t tcp_outflags[TCP_NSTATES] = {
	TH_RST | TH_ACK,	/* CLOSED */
	0,			/* LISTEN */
	TH_SYN,			/* SYN_SENT */
	TH_SYN | TH_ACK,	/* SYN_RECEIVED */
	TH_ACK,			/* ESTABLISHED */
	TH_ACK,			/* CLOSE_WAIT */
	TH_FIN | TH_ACK,	/* FIN_WAIT_1 */
	TH_FIN | TH_ACK,	/* CLOSING */
	TH_FIN | TH_ACK,	/* LAST_ACK */
	TH_ACK,			/* FIN_WAIT_2 */
	TH_ACK,			/* TIME_WAIT */
};

void
tcp_setpersist(struct tcpcb *tp)
{
	int t = ((tp->t_srtt >> 2) + tp->t_rttvar) >> 1;

	if (t == 0)
		t = TCPTV_RTOBASE;
	t *= tcp_backoff[tp->t_rxtshift];
	if (t < TCPTV_PERSMIN)
		t = TCPTV_PERSMIN;
	if (t > TCPTV_PERSMAX)
		t = TCPTV_PERSMAX;
	tcp_timer_arm(tp, TCPT_PERSIST, t);
	if (tp->t_rxtshift < TCP_MAXRXTSHIFT)
		tp->t_rxtshift++;
}

/* Build the options of a segment with flags into opt; their length. */
static int
tcp_addoptions(struct tcpcb *tp, int flags, uint8_t *opt)
{
	int optlen = 0;
	uint32_t v;

	if (tp->t_flags & TF_NOOPT)
		return (0);
	if (flags & TH_SYN) {
		int mss = tcp_mssopt(tp);

		opt[0] = TCPOPT_MAXSEG;
		opt[1] = TCPOLEN_MAXSEG;
		opt[2] = (uint8_t)(mss >> 8);
		opt[3] = (uint8_t)mss;
		optlen = 4;
		if ((tp->t_flags & TF_REQ_SCALE) &&
		    ((flags & TH_ACK) == 0 || (tp->t_flags & TF_RCVD_SCALE))) {
			opt[optlen++] = TCPOPT_NOP;
			opt[optlen++] = TCPOPT_WINDOW;
			opt[optlen++] = TCPOLEN_WINDOW;
			opt[optlen++] = tp->request_r_scale;
		}
		/* SACK-permitted: offered on SYN, agreed on SYN|ACK. */
		if ((flags & TH_ACK) == 0 ? (tp->t_flags & TF_REQ_SACK) :
		    (tp->t_flags & TF_SACK_PERMIT)) {
			opt[optlen++] = TCPOPT_NOP;
			opt[optlen++] = TCPOPT_NOP;
			opt[optlen++] = TCPOPT_SACK_PERMITTED;
			opt[optlen++] = TCPOLEN_SACK_PERMITTED;
		}
	}
	if ((tp->t_flags & TF_REQ_TSTMP) && !(flags & TH_RST) &&
	    ((flags & (TH_SYN | TH_ACK)) == TH_SYN ||
	    (tp->t_flags & TF_RCVD_TSTMP))) {
		opt[optlen++] = TCPOPT_NOP;
		opt[optlen++] = TCPOPT_NOP;
		opt[optlen++] = TCPOPT_TIMESTAMP;
		opt[optlen++] = TCPOLEN_TIMESTAMP;
		v = htonl(tcp_ts_now());
		memcpy(&opt[optlen], &v, 4);
		v = htonl(tp->ts_recent);
		memcpy(&opt[optlen + 4], &v, 4);
		optlen += 8;
	}
	/* What the reassembly queue holds, beside an ACK (RFC 2018). */
	if ((tp->t_flags & TF_SACK_PERMIT) && !(flags & (TH_SYN | TH_RST)))
		optlen += tcp_sack_addopt(tp, &opt[optlen],
		    TCP_MAXOLEN - optlen);
	return (optlen);
}

int
tcp_output(struct tcpcb *tp)
{
	struct inpcb *inp = tp->t_inpcb;
	struct socket *so = inp->inp_socket;
	struct mbuf *m;
	struct ip *ip;
	struct tcphdr *th;
	uint8_t opt[TCP_MAXOLEN];
	long len, win, recwin, adv;
	int off, flags, error, optlen, hdrlen, sendalot;
	bool idle, synstate, sack_rxmit;
	tcp_seq startseq, rxseq = 0;
	u_long sbcc;

	idle = (tp->snd_max == tp->snd_una);
again:
	sendalot = 0;
	synstate = (tp->t_state == TCPS_SYN_SENT ||
	    tp->t_state == TCPS_SYN_RECEIVED);
	off = (int)(tp->snd_nxt - tp->snd_una);
	win = (long)MIN(tp->snd_wnd, tp->snd_cwnd);
	flags = tcp_outflags[tp->t_state];
	sbcc = so->so_snd.sb.sb_cc;

	if (tp->t_flags & TF_FORCE) {
		if (win == 0) {
			/* A window probe: one byte, no FIN yet. */
			if ((u_long)off < sbcc)
				flags &= ~TH_FIN;
			win = 1;
		} else {
			tcp_timer_stop(tp, TCPT_PERSIST);
			tp->t_rxtshift = 0;
		}
	}

	/*
	 * SACK recovery (tcp_sack.c): while the pipe is below cwnd, the
	 * next hole goes first; new data only when no hole is left, and
	 * only whole segments of what the pipe allows.
	 */
	sack_rxmit = false;
	if ((tp->t_flags & TF_SACKRECOVERY) && !synstate &&
	    (tp->t_flags & TF_FORCE) == 0) {
		long avail = (long)tp->snd_cwnd - tcp_sack_pipe(tp), hl;
		tcp_seq hs;

		if (avail > 0 && tcp_sack_nexthole(tp, &hs, &hl)) {
			hl = MIN(hl, (long)tp->t_maxseg);
			hl = MIN(hl, (long)sbcc - (long)(hs - tp->snd_una));
			if (hl > 0 && hl <= avail) {
				sack_rxmit = true;
				rxseq = hs;
				off = (int)(hs - tp->snd_una);
				len = hl;
				flags &= ~TH_FIN;
			}
		}
		if (!sack_rxmit)
			win = MIN((long)tp->snd_wnd, (long)off +
			    (avail >= (long)tp->t_maxseg ? avail : 0));
	}

	if (sack_rxmit) {
		/* len and off are the hole's. */
	} else if (synstate) {
		/* No data before the handshake; the SYN goes once. */
		len = 0;
		if (tp->snd_nxt != tp->snd_una)
			flags &= ~TH_SYN;
	} else {
		len = (long)MIN(sbcc, (u_long)win) - off;
	}
	if (len < 0) {
		/*
		 * The window shrank under what we sent (or FIN is sent
		 * already): with a closed window, retreat and probe.
		 */
		len = 0;
		if (win == 0) {
			tcp_timer_stop(tp, TCPT_REXMT);
			tp->t_rxtshift = 0;
			tp->snd_nxt = tp->snd_una;
			if (!tcp_timer_active(tp, TCPT_PERSIST))
				tcp_setpersist(tp);
		}
	}
	if (len > (long)tp->t_maxseg) {
		len = tp->t_maxseg;
		sendalot = 1;
	}
	if (SEQ_LT(tp->snd_nxt + (tcp_seq)len, tp->snd_una + (tcp_seq)sbcc))
		flags &= ~TH_FIN;

	recwin = ssb_space(&so->so_rcv);

	if (len > 0) {
		if (sack_rxmit)
			goto send;
		if (len == (long)tp->t_maxseg)
			goto send;
		if ((idle || (tp->t_flags & TF_NODELAY)) &&
		    (u_long)(len + off) >= sbcc &&
		    (tp->t_flags & TF_NOPUSH) == 0)
			goto send;
		if (tp->t_flags & TF_FORCE)
			goto send;
		if (tp->max_sndwnd > 0 && len >= (long)tp->max_sndwnd / 2)
			goto send;
		if (SEQ_LT(tp->snd_nxt, tp->snd_max))
			goto send;
	}
	if (recwin > 0 && TCPS_HAVERCVDSYN(tp->t_state)) {
		/* Would a window update open two segments or half? */
		long maxwin = (long)TCP_MAXWIN << tp->rcv_scale;

		adv = MIN(recwin, maxwin) - tcp_adv_left(tp);
		if (adv >= (long)(2 * tp->t_maxseg))
			goto send;
		if (2 * adv >= so->so_rcv.ssb_hiwat)
			goto send;
	}
	if (tp->t_flags & TF_ACKNOW)
		goto send;
	if (flags & (TH_SYN | TH_RST))
		goto send;
	if ((flags & TH_FIN) &&
	    ((tp->t_flags & TF_SENTFIN) == 0 || tp->snd_nxt == tp->snd_una))
		goto send;
	/*
	 * Data waits and nothing is in flight to bring an ACK: the peer's
	 * window must be closed, so probe it from time to time.
	 */
	if (sbcc > 0 && !tcp_timer_active(tp, TCPT_REXMT) &&
	    !tcp_timer_active(tp, TCPT_PERSIST)) {
		tp->t_rxtshift = 0;
		tcp_setpersist(tp);
	}
	return (0);

send:
	optlen = tcp_addoptions(tp, flags, opt);
	hdrlen = (int)(sizeof(struct ip) + sizeof(struct tcphdr)) + optlen;
	if (len > (long)tp->t_maxopd - optlen) {
		len = (long)tp->t_maxopd - optlen;
		sendalot = 1;
		flags &= ~TH_FIN;
	}

	m = m_gethdr(M_NOWAIT, MT_HEADER);
	if (m == NULL) {
		error = ENOBUFS;
		goto out;
	}
	m->m_data += max_linkhdr;
	m->m_len = hdrlen;
	m->m_pkthdr.rcvif = NULL;
	if (len > 0) {
		if (len <= MHLEN - hdrlen - max_linkhdr) {
			m_copydata(so->so_snd.sb.sb_mb, off, (int)len,
			    mtod(m, caddr_t) + hdrlen);
			m->m_len += (int)len;
		} else {
			m->m_next = m_copym(so->so_snd.sb.sb_mb, off,
			    (int)len, M_NOWAIT);
			if (m->m_next == NULL) {
				m_freem(m);
				error = ENOBUFS;
				goto out;
			}
		}
		if ((u_long)(off + len) == sbcc)
			flags |= TH_PUSH;
		if (sack_rxmit) {
			TCPSTAT_INC(tcps_sndrexmitpack);
			TCPSTAT_ADD(tcps_sndrexmitbyte, len);
			TCPSTAT_INC(tcps_sack_rexmits);
			TCPSTAT_ADD(tcps_sack_rexmit_bytes, len);
		} else if (SEQ_LT(tp->snd_nxt, tp->snd_max)) {
			TCPSTAT_INC(tcps_sndrexmitpack);
			TCPSTAT_ADD(tcps_sndrexmitbyte, len);
		} else {
			TCPSTAT_INC(tcps_sndpack);
			TCPSTAT_ADD(tcps_sndbyte, len);
		}
	} else if (tp->t_flags & TF_ACKNOW) {
		TCPSTAT_INC(tcps_sndacks);
	} else if (flags & (TH_SYN | TH_FIN | TH_RST)) {
		TCPSTAT_INC(tcps_sndctrl);
	} else {
		TCPSTAT_INC(tcps_sndwinup);
	}
	if ((tp->t_flags & TF_FORCE) && len == 1 && tp->snd_wnd == 0)
		TCPSTAT_INC(tcps_sndprobe);
	m->m_pkthdr.len = hdrlen + (int)len;

	ip = mtod(m, struct ip *);
	th = (struct tcphdr *)(ip + 1);
	memset(ip, 0, sizeof(*ip) + sizeof(*th));
	ip->ip_len = htons((uint16_t)(hdrlen + len));
	ip->ip_ttl = inp->inp_ip_ttl;
	ip->ip_tos = inp->inp_ip_tos;
	ip->ip_p = IPPROTO_TCP;
	ip->ip_src = inp->inp_laddr;
	ip->ip_dst = inp->inp_faddr;
	th->th_sport = inp->inp_lport;
	th->th_dport = inp->inp_fport;
	if (optlen > 0)
		memcpy(th + 1, opt, (size_t)optlen);

	/* A resent FIN reuses its sequence number. */
	if ((flags & TH_FIN) && (tp->t_flags & TF_SENTFIN) &&
	    tp->snd_nxt == tp->snd_max)
		tp->snd_nxt--;
	if (sack_rxmit)
		th->th_seq = htonl(rxseq);
	else if (len > 0 || (flags & (TH_SYN | TH_FIN)) ||
	    tcp_timer_active(tp, TCPT_PERSIST))
		th->th_seq = htonl(tp->snd_nxt);
	else
		th->th_seq = htonl(tp->snd_max);
	th->th_ack = htonl(tp->rcv_nxt);
	th->th_off = (uint8_t)((sizeof(struct tcphdr) + (size_t)optlen) >> 2);
	th->th_flags = (uint8_t)flags;

	/* Never offer a silly window, nor take back what we offered. */
	if (recwin < so->so_rcv.ssb_hiwat / 4 && recwin < (long)tp->t_maxseg)
		recwin = 0;
	if (recwin > (long)TCP_MAXWIN << tp->rcv_scale)
		recwin = (long)TCP_MAXWIN << tp->rcv_scale;
	if (TCPS_HAVERCVDSYN(tp->t_state) &&
	    recwin < tcp_adv_left(tp))
		recwin = tcp_adv_left(tp);
	if (flags & TH_SYN)
		th->th_win = htons((uint16_t)MIN(recwin, TCP_MAXWIN));
	else
		th->th_win = htons((uint16_t)(recwin >> tp->rcv_scale));
	/*
	 * The pseudo-header sum only: ip_output() or the interface (when it
	 * offers IFCAP_TXCSUM) finishes the checksum over the segment.
	 */
	th->th_sum = in_pseudo(ip->ip_src.s_addr, ip->ip_dst.s_addr,
	    htonl((uint32_t)sizeof(struct tcphdr) + (uint32_t)optlen +
	    (uint32_t)len + IPPROTO_TCP));
	m->m_pkthdr.csum_flags = CSUM_TCP;

	startseq = tp->snd_nxt;
	if (sack_rxmit) {
		/* A hole resent: snd_nxt stays at the new data. */
		tp->snd_rxmit = rxseq + (tcp_seq)len;
		sendalot = 1;
		if (!tcp_timer_active(tp, TCPT_REXMT))
			tcp_timer_arm(tp, TCPT_REXMT, tp->t_rxtcur);
	} else if ((tp->t_flags & TF_FORCE) == 0 ||
	    !tcp_timer_active(tp, TCPT_PERSIST)) {
		if (flags & TH_SYN)
			tp->snd_nxt++;
		if (flags & TH_FIN) {
			tp->snd_nxt++;
			tp->t_flags |= TF_SENTFIN;
		}
		tp->snd_nxt += (tcp_seq)len;
		if (SEQ_GT(tp->snd_nxt, tp->snd_max)) {
			tp->snd_max = tp->snd_nxt;
			/* Time this one unless a sample is under way. */
			if (tp->t_rtttime == 0) {
				tp->t_rtttime = ticks;
				tp->t_rtseq = startseq;
				TCPSTAT_INC(tcps_segstimed);
			}
		}
		if (!tcp_timer_active(tp, TCPT_REXMT) &&
		    tp->snd_nxt != tp->snd_una) {
			if (tcp_timer_active(tp, TCPT_PERSIST)) {
				tcp_timer_stop(tp, TCPT_PERSIST);
				tp->t_rxtshift = 0;
			}
			tcp_timer_arm(tp, TCPT_REXMT, tp->t_rxtcur);
		}
	} else if (SEQ_GT(tp->snd_nxt + (tcp_seq)len, tp->snd_max)) {
		tp->snd_max = tp->snd_nxt + (tcp_seq)len;
	}

	if (recwin > 0 && SEQ_GT(tp->rcv_nxt + (tcp_seq)recwin, tp->rcv_adv))
		tp->rcv_adv = tp->rcv_nxt + (tcp_seq)recwin;
	tp->last_ack_sent = tp->rcv_nxt;
	tp->t_flags &= ~(TF_ACKNOW | TF_DELACK);
	tcp_timer_stop(tp, TCPT_DELACK);
	TCPSTAT_INC(tcps_sndtotal);

	error = ip_output(m, NULL, NULL, 0, inp);
out:
	if (error != 0) {
		if (error == ENOBUFS) {
			/* Let the retransmit timer try again. */
			if (!tcp_timer_active(tp, TCPT_REXMT) &&
			    !tcp_timer_active(tp, TCPT_PERSIST))
				tcp_timer_arm(tp, TCPT_REXMT, tp->t_rxtcur);
			tp->snd_cwnd = tp->t_maxseg;
			return (0);
		}
		if ((error == EHOSTUNREACH || error == ENETUNREACH ||
		    error == ENETDOWN || error == EHOSTDOWN) &&
		    TCPS_HAVERCVDSYN(tp->t_state)) {
			tp->t_softerror = error;
			return (0);
		}
		return (error);
	}
	if (sendalot)
		goto again;
	return (0);
}
