/*
 * TCP's common routines: initialisation (the pcb table, the input hook,
 * the timer clock, the ISN secret), creating and destroying connection
 * blocks (tcp_newtcpcb, tcp_close, tcp_drop), state bookkeeping for
 * net.inet.tcp.states, segments made outside a connection's normal
 * output (tcp_respond: RSTs and keepalive probes), the MSS choice, and
 * ICMP unreachable notification (a refused SYN becomes ECONNREFUSED).
 *
 * Socket lifetime: a tcpcb lives with its inpcb.  While a descriptor
 * refers to the socket, the socket outlives the pcb; after close(2) the
 * pcb may go on (FIN_WAIT, TIME_WAIT), holding its own reference to the
 * socket (TF_SOREF) so the exported records and the buffers stay valid.
 * tcp_close() drops that reference when the connection finally ends.
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
#include <sys/sysctl.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <machine/cpufunc.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/netisr.h>
#include <net/netmsg.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>
#include <sys/random.h>

MALLOC_DEFINE(M_TCPCB, "tcpcb", "TCP connection blocks");
MALLOC_DEFINE(M_TSEGQ, "tseg_qent", "TCP out-of-order segments");

struct tcpstat tcpstat;
uint64_t tcp_statecount[TCP_NSTATES];
struct inpcbinfo tcbinfo;
struct tcpcbhead tcp_cbs = TAILQ_HEAD_INITIALIZER(tcp_cbs);

/*
 * Default buffers.  A 64 KiB send buffer takes a 64 KiB write in one
 * pru_send; 128 KiB to receive (Linux's default, window scale 1) keeps
 * a loopback sender from waiting on every window update.  FreeBSD
 * starts at 32/64 KiB but grows both with the transfer; Petrel does not
 * autosize.
 */
u_long	tcp_sendspace = 64 * 1024;
u_long	tcp_recvspace = 128 * 1024;
int	tcp_mssdflt = TCP_MSS;
int	tcp_msl = 30 * 1000;
int	tcp_keepidle = 2 * 60 * 60 * 1000;
int	tcp_keepintvl = 75 * 1000;
int	tcp_keepinit = 75 * 1000;
int	tcp_delacktime = 100;
int	tcp_do_rfc1323 = 1;
int	tcp_delack_enabled = 1;

static uint64_t tcp_isn_secret;
void	ip_register_proto(int proto, ip_proto_input_t *fn);

/* Bounded integer tunables: reject values that would break the timers. */
static int
sysctl_tcp_int(SYSCTL_HANDLER_ARGS)
{
	int error, val = *(int *)arg1;

	error = SYSCTL_OUT(req, &val, sizeof(val));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &val, sizeof(val));
	if (error != 0)
		return (error);
	if (val < arg2 || val > 0x7fffffff / HZ)
		return (EINVAL);
	*(int *)arg1 = val;
	return (0);
}

static int
sysctl_tcp_space(SYSCTL_HANDLER_ARGS)
{
	u_long val = *(u_long *)arg1;
	int error;

	error = SYSCTL_OUT(req, &val, sizeof(val));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &val, sizeof(val));
	if (error != 0)
		return (error);
	if (val < 512 || val > sb_max / 2)
		return (EINVAL);
	*(u_long *)arg1 = val;
	return (0);
}

static int tcp_pcblist_state(struct inpcb *inp);

static int
sysctl_tcp_pcblist(SYSCTL_HANDLER_ARGS)
{
	return (in_pcblist(&tcbinfo, req, tcp_pcblist_state));
}

/*
 * net.inet.tcp.tcbs: one text line per connection with its sequence
 * space, windows, timers (ticks left, - when off) and flags, for the
 * tests' diagnostics when a transfer stalls.  Read under the token
 * from a user thread: a snapshot, consistent line by line at best.
 */
#define TCBLINE	256
static int
sysctl_tcp_tcbs(SYSCTL_HANDLER_ARGS)
{
	struct tcpcb *tp;
	struct inpcb *inp;
	struct socket *so;
	char *buf, tmr[TCPT_NTIMERS][16];
	size_t n = 0, len = 0, max;
	uint64_t now;
	int error, i;

	lwkt_gettoken(&tcbinfo.ipi_token);
	TAILQ_FOREACH(tp, &tcp_cbs, t_link)
		n++;
	lwkt_reltoken(&tcbinfo.ipi_token);
	max = (n + 8) * TCBLINE;
	buf = kmalloc(max, M_TEMP, M_WAITOK | M_ZERO);
	lwkt_gettoken(&tcbinfo.ipi_token);
	now = ticks;
	TAILQ_FOREACH(tp, &tcp_cbs, t_link) {
		if (len + TCBLINE > max)
			break;
		inp = tp->t_inpcb;
		so = inp->inp_socket;
		for (i = 0; i < TCPT_NTIMERS; i++) {
			if (tp->t_timer[i] == 0)
				ksnprintf(tmr[i], sizeof(tmr[i]), "-");
			else
				ksnprintf(tmr[i], sizeof(tmr[i]), "%ld",
				    (long)(tp->t_timer[i] - now));
		}
		len += (size_t)ksnprintf(buf + len, TCBLINE,
		    "%u>%u st %d una %u nxt +%u max +%u wnd %lu cwnd %lu "
		    "rnxt %u radv +%u rwnd %lu sb %lu/%lu q %d "
		    "tmr %s/%s/%s/%s/%s shift %d fl %#x sack %d\n",
		    ntohs(inp->inp_lport), ntohs(inp->inp_fport), tp->t_state,
		    tp->snd_una, tp->snd_nxt - tp->snd_una,
		    tp->snd_max - tp->snd_una, tp->snd_wnd, tp->snd_cwnd,
		    tp->rcv_nxt, tp->rcv_adv - tp->rcv_nxt, tp->rcv_wnd,
		    (u_long)so->so_snd.sb.sb_cc, (u_long)so->so_rcv.sb.sb_cc,
		    tp->t_segqlen, tmr[0], tmr[1], tmr[2], tmr[3], tmr[4],
		    tp->t_rxtshift, tp->t_flags, tp->snd_nsacked);
		if (len >= max)
			len = max - 1;
	}
	lwkt_reltoken(&tcbinfo.ipi_token);
	error = SYSCTL_OUT(req, buf, len + 1);
	kfree(buf, M_TEMP);
	return (error);
}

SYSCTL_DECL(_net_inet);
SYSCTL_NODE(_net_inet, IPPROTO_TCP, tcp, CTLFLAG_RW, 0, "TCP");
SYSCTL_STRUCT(_net_inet_tcp, OID_AUTO, stats, CTLFLAG_RD, &tcpstat,
    tcpstat, "TCP statistics (struct tcpstat)");
SYSCTL_OPAQUE(_net_inet_tcp, OID_AUTO, states, CTLFLAG_RD, tcp_statecount,
    sizeof(tcp_statecount), "QU", "connections in each TCP state");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, pcblist, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_tcp_pcblist, "S,xinpcb", "TCP sockets");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, tcbs, CTLTYPE_STRING | CTLFLAG_RD,
    NULL, 0, sysctl_tcp_tcbs, "A", "connections, one line each (debug)");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, sendspace, CTLTYPE_ULONG | CTLFLAG_RW,
    &tcp_sendspace, 0, sysctl_tcp_space, "LU", "default send buffer");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, recvspace, CTLTYPE_ULONG | CTLFLAG_RW,
    &tcp_recvspace, 0, sysctl_tcp_space, "LU", "default receive buffer");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, mssdflt, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_mssdflt, TCP_MINMSS, sysctl_tcp_int, "I",
    "MSS when the peer offers none");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, msl, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_msl, 1, sysctl_tcp_int, "I", "maximum segment lifetime, ms");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, keepidle, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_keepidle, 1, sysctl_tcp_int, "I", "idle time before keepalives, ms");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, keepintvl, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_keepintvl, 1, sysctl_tcp_int, "I", "between keepalive probes, ms");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, keepinit, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_keepinit, 1, sysctl_tcp_int, "I", "connect timeout, ms");
SYSCTL_PROC(_net_inet_tcp, OID_AUTO, delacktime, CTLTYPE_INT | CTLFLAG_RW,
    &tcp_delacktime, 1, sysctl_tcp_int, "I", "delayed ACK time, ms");
SYSCTL_INT(_net_inet_tcp, OID_AUTO, delayed_ack, CTLFLAG_RW,
    &tcp_delack_enabled, 0, "delay ACKs");
SYSCTL_INT(_net_inet_tcp, OID_AUTO, rfc1323, CTLFLAG_RW, &tcp_do_rfc1323, 0,
    "window scaling and timestamps (RFC 7323)");

static int
tcp_pcblist_state(struct inpcb *inp)
{
	struct tcpcb *tp = intotcpcb(inp);

	return (tp != NULL ? tp->t_state : TCPS_CLOSED);
}

/*
 * All of TCP runs in one thread (tcp_var.h says why): the sockets'
 * requests go to its port, and tcp_input hands it the segments other
 * netisr threads received.  A netisr thread runs only on its own CPU.
 */
bool
tcp_in_thread(void)
{
	return (mycpuid == TCP_NETISR && netisr_running());
}

lwkt_port_t
tcp_initport(void)
{
	return (netisr_cpuport(TCP_NETISR));
}

void
tcp_init(void)
{
	in_pcbinfo_init(&tcbinfo, "tcp");
	read_random(&tcp_isn_secret, sizeof(tcp_isn_secret));
	ip_register_proto(IPPROTO_TCP, tcp_input);
	tcp_timer_init();
}

/*
 * An initial sequence number (RFC 6528 in spirit): a clock that moves
 * 250000 per second plus a keyed mix of the secret and a counter, so
 * that successive connections neither repeat nor are easy to guess.
 */
tcp_seq
tcp_new_isn(void)
{
	static uint32_t count;
	uint64_t h;

	h = tcp_isn_secret ^ (cpu_cycles() + atomic_fetchadd_32(&count, 1));
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return ((tcp_seq)(ticks * (250000 / HZ)) + (tcp_seq)(h & 0x00ffffff));
}

/* Timestamps tick in milliseconds. */
uint32_t
tcp_ts_now(void)
{
	return ((uint32_t)(ticks * (1000 / HZ)));
}

void
tcp_state_change(struct tcpcb *tp, int state)
{
	atomic_add_64(&tcp_statecount[tp->t_state], (uint64_t)-1);
	atomic_add_64(&tcp_statecount[state], 1);
	tp->t_state = state;
}

struct tcpcb *
tcp_newtcpcb(struct inpcb *inp)
{
	struct tcpcb *tp;

	tp = kmalloc(sizeof(*tp), M_TCPCB, M_NOWAIT | M_ZERO);
	if (tp == NULL)
		return (NULL);
	TAILQ_INIT(&tp->t_segq);
	tp->t_inpcb = inp;
	tp->t_maxseg = tp->t_maxopd = (u_int)tcp_mssdflt;
	if (tcp_do_rfc1323)
		tp->t_flags = TF_REQ_SCALE | TF_REQ_TSTMP;
	if (tcp_do_sack)
		tp->t_flags |= TF_REQ_SACK;
	tp->t_srtt = 0;
	tp->t_rttvar = (TCPTV_RTOBASE << 2) / 2;
	tp->t_rttmin = TCPTV_MIN;
	tp->t_rxtcur = TCPTV_RTOBASE;
	tp->snd_cwnd = (u_long)TCP_MAXWIN << TCP_MAX_WINSHIFT;
	tp->snd_ssthresh = (u_long)TCP_MAXWIN << TCP_MAX_WINSHIFT;
	tp->t_rcvtime = ticks;
	tp->t_starttime = ticks;
	tp->t_state = TCPS_CLOSED;
	atomic_add_64(&tcp_statecount[TCPS_CLOSED], 1);
	inp->inp_ppcb = tp;
	TAILQ_INSERT_TAIL(&tcp_cbs, tp, t_link);
	return (tp);
}

void
tcp_freeq(struct tcpcb *tp)
{
	struct tseg_qent *q;

	while ((q = TAILQ_FIRST(&tp->t_segq)) != NULL) {
		TAILQ_REMOVE(&tp->t_segq, q, tqe_q);
		m_freem(q->tqe_m);
		kfree(q, M_TSEGQ);
	}
	tp->t_segqlen = 0;
}

/*
 * A socket never accepted whose connection ended: take it off its
 * listener's queue and let it go, so it neither fills the backlog nor
 * lingers without a protocol.
 */
static void
tcp_soqdrop(struct socket *so)
{
	struct socket *head = so->so_head;
	bool queued = false;

	if (head == NULL)
		return;
	lwkt_gettoken(&head->so_rcv.ssb_token);
	if (so->so_head == head) {
		if (so->so_state & SS_INCOMP) {
			TAILQ_REMOVE(&head->so_incomp, so, so_list);
			head->so_incqlen--;
			queued = true;
		} else if (so->so_state & SS_COMP) {
			TAILQ_REMOVE(&head->so_comp, so, so_list);
			head->so_qlen--;
			queued = true;
		}
		if (queued) {
			atomic_clear_int(&so->so_state, SS_INCOMP | SS_COMP);
			so->so_head = NULL;
		}
	}
	lwkt_reltoken(&head->so_rcv.ssb_token);
	if (queued) {
		sofree(head);		/* the child's reference */
		sofree(so);		/* the queue's reference */
	}
}

/*
 * The connection is over: release the tcpcb and the inpcb.  The socket
 * is told it is disconnected; its own life is up to its references.
 * Returns NULL so callers can write tp = tcp_close(tp).
 */
struct tcpcb *
tcp_close(struct tcpcb *tp)
{
	struct inpcb *inp = tp->t_inpcb;
	struct socket *so = inp->inp_socket;
	bool soref = (tp->t_flags & TF_SOREF) != 0;

	/*
	 * Once the pcb is gone a close(2) no longer waits for us, and may
	 * free the socket: hold it until we are done with it.
	 */
	soreference(so);
	tcp_canceltimers(tp);
	tcp_freeq(tp);
	TAILQ_REMOVE(&tcp_cbs, tp, t_link);
	atomic_add_64(&tcp_statecount[tp->t_state], (uint64_t)-1);
	inp->inp_ppcb = NULL;
	kfree(tp, M_TCPCB);
	TCPSTAT_INC(tcps_closed);

	soisdisconnected(so);
	in_pcbdetach(inp);
	if (soref)
		sofree(so);
	else
		tcp_soqdrop(so);
	sofree(so);
	return (NULL);
}

/*
 * Abort a connection with an error for its user: a synchronised one is
 * told with a RST first.
 */
struct tcpcb *
tcp_drop(struct tcpcb *tp, int error)
{
	struct socket *so = tp->t_inpcb->inp_socket;

	if (TCPS_HAVERCVDSYN(tp->t_state)) {
		tcp_respond(tp, NULL, NULL, tp->rcv_nxt, tp->snd_nxt,
		    TH_RST | TH_ACK);
		TCPSTAT_INC(tcps_drops);
	} else {
		TCPSTAT_INC(tcps_conndrops);
	}
	if (error == ETIMEDOUT && tp->t_softerror != 0)
		error = tp->t_softerror;
	so->so_error = (u_short)error;
	return (tcp_close(tp));
}

/*
 * The checksum of a TCP segment in m (at offset off, tlen bytes) with its pseudo header: the value for th_sum when th_sum is 0,
 * and 0 over a correct segment that carries its checksum.
 */
uint16_t
tcp_cksum(struct mbuf *m, struct in_addr src, struct in_addr dst, int off,
    int tlen)
{
	uint16_t ph, dsum;
	uint32_t s;

	ph = in_pseudo(src.s_addr, dst.s_addr,
	    htonl((uint32_t)tlen + IPPROTO_TCP));
	dsum = (uint16_t)~in_cksum_skip(m, tlen, off);
	s = (uint32_t)ntohs(ph) + ntohs(dsum);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (htons((uint16_t)~s));
}

/*
 * Send a bare segment: a RST or ACK answering segment th0 (from ip0),
 * or, with ip0 NULL, a segment on tp's connection (keepalive probes,
 * tcp_drop's RST).
 */
void
tcp_respond(struct tcpcb *tp, const struct ip *ip0, const struct tcphdr *th0,
    tcp_seq ack, tcp_seq seq, int flags)
{
	struct inpcb *inp = (tp != NULL) ? tp->t_inpcb : NULL;
	struct mbuf *m;
	struct ip *ip;
	struct tcphdr *th;
	u_long win = 0;
	int tlen = sizeof(struct tcphdr);

	m = m_gethdr(M_NOWAIT, MT_HEADER);
	if (m == NULL)
		return;
	m->m_data += max_linkhdr;
	m->m_len = m->m_pkthdr.len = (int)sizeof(*ip) + tlen;
	m->m_pkthdr.rcvif = NULL;
	ip = mtod(m, struct ip *);
	th = (struct tcphdr *)(ip + 1);
	memset(ip, 0, sizeof(*ip) + tlen);
	if (ip0 != NULL) {
		ip->ip_src = ip0->ip_dst;
		ip->ip_dst = ip0->ip_src;
		th->th_sport = th0->th_dport;
		th->th_dport = th0->th_sport;
	} else {
		ip->ip_src = inp->inp_laddr;
		ip->ip_dst = inp->inp_faddr;
		th->th_sport = inp->inp_lport;
		th->th_dport = inp->inp_fport;
	}
	if (tp != NULL && !(flags & TH_RST)) {
		win = (u_long)ssb_space(&inp->inp_socket->so_rcv) >>
		    tp->rcv_scale;
		if (win > TCP_MAXWIN)
			win = TCP_MAXWIN;
	}
	th->th_seq = htonl(seq);
	th->th_ack = htonl(ack);
	th->th_off = sizeof(struct tcphdr) >> 2;
	th->th_flags = (uint8_t)flags;
	th->th_win = htons((uint16_t)win);
	ip->ip_len = htons((uint16_t)(sizeof(*ip) + tlen));
	ip->ip_ttl = (uint8_t)((inp != NULL) ? inp->inp_ip_ttl : ip_defttl);
	ip->ip_p = IPPROTO_TCP;
	th->th_sum = 0;
	th->th_sum = tcp_cksum(m, ip->ip_src, ip->ip_dst, sizeof(*ip), tlen);
	TCPSTAT_INC(tcps_sndtotal);
	if (flags & TH_RST)
		TCPSTAT_INC(tcps_sndrst);
	(void)ip_output(m, NULL, NULL, 0, inp);
}

/*
 * The MSS we may send: the peer's offer, bounded by the MTU of the
 * interface toward it (lo0 for our own addresses) less the headers and
 * the options we will carry.
 */
void
tcp_mss(struct tcpcb *tp, int offer)
{
	struct inpcb *inp = tp->t_inpcb;
	int mss, mtu = 0;
	struct route ro;

	if (in_ouraddr(inp->inp_faddr) || loif == NULL) {
		mtu = (loif != NULL) ? (int)loif->if_mtu : 1500;
	} else if (rtlookup(inp->inp_faddr, &ro) == 0 && ro.ro_ifp != NULL) {
		mtu = (int)ro.ro_ifp->if_mtu;
	}
	mss = (mtu > 0) ? mtu - (int)(sizeof(struct ip) +
	    sizeof(struct tcphdr)) : tcp_mssdflt;
	if (offer <= 0)
		offer = tcp_mssdflt;
	if (offer < TCP_MINMSS)
		offer = TCP_MINMSS;
	if (mss > offer)
		mss = offer;
	if (mss < TCP_MINMSS)
		mss = TCP_MINMSS;
	tp->t_maxopd = (u_int)mss;
	if ((tp->t_flags & (TF_REQ_TSTMP | TF_RCVD_TSTMP | TF_NOOPT)) ==
	    (TF_REQ_TSTMP | TF_RCVD_TSTMP))
		mss -= TCPOLEN_TSTAMP_APPA;
	if (tp->t_usermss > 0 && mss > tp->t_usermss)
		mss = tp->t_usermss;
	tp->t_maxseg = (u_int)mss;
	/* Slow start from one segment... but a loopback can take more. */
	tp->snd_cwnd = (u_long)mss * 4;
}

/* The MSS option we offer: what the outgoing interface carries. */
int
tcp_mssopt(struct tcpcb *tp)
{
	struct inpcb *inp = tp->t_inpcb;
	struct route ro;
	int mtu = 1500;

	if (in_ouraddr(inp->inp_faddr) && loif != NULL)
		mtu = (int)loif->if_mtu;
	else if (rtlookup(inp->inp_faddr, &ro) == 0 && ro.ro_ifp != NULL)
		mtu = (int)ro.ro_ifp->if_mtu;
	mtu -= (int)(sizeof(struct ip) + sizeof(struct tcphdr));
	if (mtu > TCP_MAXWIN)
		mtu = TCP_MAXWIN;
	return (mtu < TCP_MINMSS ? TCP_MINMSS : mtu);
}

/*
 * An ICMP unreachable about a segment we sent (m: the ICMP packet, its
 * outer header hlen bytes).  During a connect it is fatal
 * (ECONNREFUSED for port/protocol, EHOSTUNREACH otherwise); on an
 * established connection it is remembered as a soft error that a
 * later timeout reports (RFC 1122 4.2.3.9).
 */
/* An ICMP error about one of our segments, on its way to the TCP thread. */
struct tcp_ctlmsg {
	struct netmsg_base base;
	struct in_addr	src, dst;	/* of the segment we sent */
	uint16_t	sport, dport;
	tcp_seq		seq;
	int		error;
};

static void
tcp_ctlinput_dispatch(netmsg_t nmsg)
{
	struct tcp_ctlmsg *msg = (struct tcp_ctlmsg *)nmsg;
	struct inpcb *inp;
	struct tcpcb *tp;

	TCP_ENTER();
	inp = in_pcblookup(&tcbinfo, msg->dst, msg->dport, msg->src,
	    msg->sport, false);
	if (inp != NULL && (tp = intotcpcb(inp)) != NULL &&
	    SEQ_GEQ(msg->seq, tp->snd_una) && SEQ_LT(msg->seq, tp->snd_max)) {
		if (tp->t_state == TCPS_SYN_SENT)
			(void)tcp_drop(tp, msg->error);
		else
			tp->t_softerror = msg->error;
	}
	TCP_LEAVE();
	kfree(msg, M_TEMP);
}

/*
 * An ICMP unreachable about a segment we sent (icmp_input decoded it:
 * oip the quoted IP header, l4 the first 8 bytes of our TCP header,
 * error ECONNREFUSED for port/protocol, else EHOSTUNREACH).  During a
 * connect the error is fatal; on an
 * established connection it is remembered as a soft error that a later
 * timeout reports (RFC 1122 4.2.3.9).  Runs in the TCP thread: the
 * facts are copied into a message for it.
 */
void
tcp_ctlinput_unreach(const struct ip *oip, const void *l4, int error)
{
	struct tcp_ctlmsg *msg;
	struct tcphdr th;

	memset(&th, 0, sizeof(th));
	memcpy(&th, l4, 8);
	msg = kmalloc(sizeof(*msg), M_TEMP, M_NOWAIT | M_ZERO);
	if (msg == NULL)
		return;
	msg->src = oip->ip_src;
	msg->dst = oip->ip_dst;
	msg->sport = th.th_sport;
	msg->dport = th.th_dport;
	msg->seq = ntohl(th.th_seq);
	msg->error = error;
	netmsg_init(&msg->base, NULL, NULL, 0, tcp_ctlinput_dispatch);
	if (tcp_in_thread())
		tcp_ctlinput_dispatch((netmsg_t)msg);
	else
		lwkt_sendmsg(netisr_cpuport(TCP_NETISR), &msg->base.lmsg);
}
