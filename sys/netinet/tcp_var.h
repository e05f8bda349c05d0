/*
 * TCP inside the kernel: the connection block (struct tcpcb, one per TCP
 * inpcb), the statistics exported as net.inet.tcp.stats (struct tcpstat,
 * user ABI: uint64_t fields so one layout serves both ports), the
 * per-state counts of net.inet.tcp.states, the tunables, and the entry
 * points shared by tcp_input.c, tcp_output.c, tcp_timer.c, tcp_subr.c
 * and tcp_usrreq.c.
 *
 * Ownership: every tcpcb, and the inpcb and socket state TCP changes,
 * belongs to one thread, netisr 0 (TCP_NETISR): input is handed to it
 * from whichever netisr thread IP ran in, every TCP socket's so_port is
 * its port, and the timer clock runs there.  A token cannot give that
 * guarantee on its own: a thread that waits for a busy token (the
 * socket buffers', ifnet's, the route table's) or for memory lets go
 * of every token it holds, so two threads "under tcbinfo's token"
 * could interleave in the middle of a segment.  TCP_ENTER still takes
 * tcbinfo's token, for the readers of the pcb list (sysctl pcblist).
 */
#ifndef _NETINET_TCP_VAR_H_
#define _NETINET_TCP_VAR_H_

#include <sys/types.h>
#include <netinet/tcp.h>
#include <netinet/tcp_fsm.h>
#include <netinet/tcp_timer.h>

struct tcpstat {
	uint64_t	tcps_connattempt;	/* connect()s started */
	uint64_t	tcps_accepts;		/* connections accepted */
	uint64_t	tcps_connects;		/* connections established */
	uint64_t	tcps_drops;		/* established ones dropped */
	uint64_t	tcps_conndrops;		/* embryonic ones dropped */
	uint64_t	tcps_closed;		/* connections closed */
	uint64_t	tcps_segstimed;		/* segments timed for RTT */
	uint64_t	tcps_rttupdated;	/* RTT estimates updated */
	uint64_t	tcps_delack;		/* delayed ACKs sent */
	uint64_t	tcps_timeoutdrop;	/* dropped by rexmit timeout */
	uint64_t	tcps_rexmttimeo;	/* retransmit timeouts */
	uint64_t	tcps_persisttimeo;	/* persist timeouts */
	uint64_t	tcps_keeptimeo;		/* keepalive timeouts */
	uint64_t	tcps_keepprobe;		/* keepalive probes sent */
	uint64_t	tcps_keepdrops;		/* dropped by keepalive */
	uint64_t	tcps_conntimeo;		/* connects that timed out */

	uint64_t	tcps_sndtotal;		/* segments sent */
	uint64_t	tcps_sndpack;		/* data segments sent */
	uint64_t	tcps_sndbyte;		/* data bytes sent */
	uint64_t	tcps_sndrexmitpack;	/* data segments resent */
	uint64_t	tcps_sndrexmitbyte;	/* data bytes resent */
	uint64_t	tcps_sndacks;		/* ACK-only segments */
	uint64_t	tcps_sndprobe;		/* window probes */
	uint64_t	tcps_sndwinup;		/* window updates */
	uint64_t	tcps_sndctrl;		/* SYN, FIN, RST alone */
	uint64_t	tcps_sndrst;		/* RSTs sent */

	uint64_t	tcps_rcvtotal;		/* segments received */
	uint64_t	tcps_rcvpack;		/* in-sequence data segments */
	uint64_t	tcps_rcvbyte;		/* in-sequence data bytes */
	uint64_t	tcps_rcvbadsum;		/* bad checksum */
	uint64_t	tcps_rcvbadoff;		/* bad data offset */
	uint64_t	tcps_rcvshort;		/* shorter than a header */
	uint64_t	tcps_rcvbadopt;		/* malformed options */
	uint64_t	tcps_rcvduppack;	/* duplicate-only segments */
	uint64_t	tcps_rcvdupbyte;
	uint64_t	tcps_rcvpartduppack;	/* partly duplicate */
	uint64_t	tcps_rcvpartdupbyte;
	uint64_t	tcps_rcvoopack;		/* out of order, queued */
	uint64_t	tcps_rcvoobyte;
	uint64_t	tcps_rcvpackafterwin;	/* beyond the window */
	uint64_t	tcps_rcvbyteafterwin;
	uint64_t	tcps_rcvafterclose;	/* after the socket closed */
	uint64_t	tcps_rcvwinprobe;	/* window probes */
	uint64_t	tcps_rcvdupack;		/* duplicate ACKs */
	uint64_t	tcps_rcvacktoomuch;	/* ACKs for unsent data */
	uint64_t	tcps_rcvackpack;	/* ACKs that acked data */
	uint64_t	tcps_rcvackbyte;	/* bytes they acked */
	uint64_t	tcps_rcvwinupd;		/* window updates */
	uint64_t	tcps_pawsdrop;		/* failed the PAWS test */
	uint64_t	tcps_rcvrst;		/* acceptable RSTs */
	uint64_t	tcps_badrst;		/* RSTs outside the window */
	uint64_t	tcps_noport;		/* no socket: RST sent */
	uint64_t	tcps_listendrop;	/* SYNs refused: queue full */
	uint64_t	tcps_badsyn;		/* bogus SYN */
	uint64_t	tcps_fastrexmit;	/* fast retransmits */
	uint64_t	tcps_fastrecovery;	/* recoveries completed */
	uint64_t	tcps_predack;		/* pure ACKs on the fast path */
	uint64_t	tcps_preddat;		/* data on the fast path */
	uint64_t	tcps_timewait;		/* entered TIME_WAIT */
	uint64_t	tcps_twexpired;		/* TIME_WAIT timed out */
	uint64_t	tcps_rcvreassfull;	/* out of order, queue full */

	/* SACK (RFC 2018, RFC 6675) */
	uint64_t	tcps_sack_recovery_episode; /* SACK recoveries begun */
	uint64_t	tcps_sack_rexmits;	/* segments resent from holes */
	uint64_t	tcps_sack_rexmit_bytes;	/* their data bytes */
	uint64_t	tcps_sack_rcv_blocks;	/* SACK blocks received */
	uint64_t	tcps_sack_send_blocks;	/* SACK blocks sent */
};

#ifdef _KERNEL

#include <sys/queue.h>
#include <machine/atomic.h>
#include <netinet/tcp_seq.h>

struct mbuf;
struct inpcb;
struct socket;
struct ip;
#include <netinet/in.h>

/* A range of sequence space, [start, end). */
struct sackblk {
	tcp_seq		start;
	tcp_seq		end;
};
#define TCP_SACK_MAXOPT	4		/* blocks an option carries at most */
#define TCP_SACKBOARD	16		/* SACKed ranges the sender keeps */

/* A queued out-of-order segment. */
struct tseg_qent {
	TAILQ_ENTRY(tseg_qent) tqe_q;
	struct mbuf	*tqe_m;		/* the data (headers gone) */
	tcp_seq		tqe_seq;	/* its first sequence number */
	int		tqe_len;	/* data bytes */
	int		tqe_fin;	/* a FIN follows the data */
};
TAILQ_HEAD(tsegqe_head, tseg_qent);

struct tcpcb {
	TAILQ_ENTRY(tcpcb) t_link;	/* tcp_cbs: for the timer clock */
	struct inpcb	*t_inpcb;	/* back pointer; immutable */
	struct tsegqe_head t_segq;	/* out-of-order segments */
	int		t_segqlen;	/* their data bytes */
	int		t_state;	/* TCPS_* */
	u_int		t_flags;	/* TF_* */
	uint64_t	t_timer[TCPT_NTIMERS];	/* deadlines; 0: off */
	int		t_rxtshift;	/* backoff index */
	int		t_rxtcur;	/* current RTO, ticks */
	int		t_dupacks;	/* consecutive duplicate ACKs */
	u_int		t_maxseg;	/* most data a segment carries */
	u_int		t_maxopd;	/* most data + options */
	int		t_usermss;	/* TCP_MAXSEG; 0: none */
	int		t_keepcnt;	/* unanswered keepalives */
	int		t_softerror;	/* an error to report on timeout */
	uint64_t	t_rcvtime;	/* tick of the last segment in */
	uint64_t	t_starttime;	/* tick the connection began */

	/* send sequence space */
	tcp_seq		snd_una;	/* oldest unacknowledged */
	tcp_seq		snd_nxt;	/* next to send */
	tcp_seq		snd_up;
	tcp_seq		snd_wl1;	/* seq of the last window update */
	tcp_seq		snd_wl2;	/* ack of the last window update */
	tcp_seq		iss;		/* initial send sequence */
	tcp_seq		snd_max;	/* highest sent */
	tcp_seq		snd_recover;	/* end of fast recovery */
	u_long		snd_wnd;	/* peer's window */
	u_long		snd_cwnd;	/* congestion window */
	u_long		snd_ssthresh;	/* slow start threshold */
	u_long		max_sndwnd;	/* largest window seen */

	/* receive sequence space */
	tcp_seq		rcv_nxt;	/* next expected */
	tcp_seq		rcv_adv;	/* right edge we advertised */
	tcp_seq		rcv_up;
	tcp_seq		irs;		/* initial receive sequence */
	u_long		rcv_wnd;	/* window we offer */

	/* round trip time (RFC 6298) */
	uint64_t	t_rtttime;	/* tick the timed segment left; 0 */
	tcp_seq		t_rtseq;	/* the sequence being timed */
	int		t_srtt;		/* smoothed RTT, ticks << 3 */
	int		t_rttvar;	/* variance, ticks << 2 */
	int		t_rttmin;	/* least RTO */

	/* options (RFC 7323) */
	uint8_t		snd_scale;	/* window shift for what we send */
	uint8_t		rcv_scale;	/* shift applied to peer's window */
	uint8_t		request_r_scale; /* shift we asked for */
	uint8_t		requested_s_scale;
	uint32_t	ts_recent;	/* peer's last timestamp */
	uint64_t	ts_recent_age;	/* tick it was recorded */
	tcp_seq		last_ack_sent;

	/*
	 * SACK (tcp_sack.c).  Receiver: rcv_lastsack is the start of the
	 * out-of-order segment queued last, so that the block holding it
	 * goes first.  Sender: the scoreboard, the ranges above snd_una
	 * the peer reported, sorted and disjoint; snd_rxmit is where the
	 * search for the next hole to resend starts during recovery.
	 */
	tcp_seq		rcv_lastsack;
	struct sackblk	snd_sacked[TCP_SACKBOARD];
	int		snd_nsacked;
	tcp_seq		snd_rxmit;

	/* per-connection knobs (seconds 0: use the globals) */
	int		t_keepidle;
	int		t_keepintvl;
	int		t_keepcnt_max;
	int		t_keepinit;
};

TAILQ_HEAD(tcpcbhead, tcpcb);
extern struct tcpcbhead tcp_cbs;	/* every tcpcb, for the timers */

/* t_flags */
#define TF_ACKNOW	0x00001		/* send an ACK at once */
#define TF_DELACK	0x00002		/* an ACK is owed */
#define TF_NODELAY	0x00004		/* TCP_NODELAY: no Nagle */
#define TF_NOOPT	0x00008		/* send no options */
#define TF_SENTFIN	0x00010		/* our FIN went out */
#define TF_REQ_SCALE	0x00020		/* we ask for window scaling */
#define TF_RCVD_SCALE	0x00040		/* the peer asked too */
#define TF_REQ_TSTMP	0x00080		/* we ask for timestamps */
#define TF_RCVD_TSTMP	0x00100		/* the peer sent them */
#define TF_NOPUSH	0x00200		/* TCP_NOPUSH */
#define TF_FASTRECOVERY	0x00400		/* in fast recovery */
#define TF_SOREF	0x00800		/* we hold a socket reference
					   (its descriptor is closed) */
#define TF_FORCE	0x01000		/* tcp_output: send a probe */
#define TF_NEEDFIN	0x02000		/* send FIN when the SYN is acked */
#define TF_USRCLOSED	0x04000		/* the user shut sending down */
#define TF_REQ_SACK	0x08000		/* we offer SACK (RFC 2018) */
#define TF_SACK_PERMIT	0x10000		/* both did: SACK in use */
#define TF_SACKRECOVERY	0x20000		/* fast recovery by the scoreboard */

#define intotcpcb(inp)	((struct tcpcb *)(inp)->inp_ppcb)
#define sototcpcb(so)	(intotcpcb(sotoinpcb(so)))

/* Window sizes are limited by what the header and shift can carry. */
#define TCP_MAXWIN_SCALED(tp)	((u_long)TCP_MAXWIN << (tp)->rcv_scale)

extern struct tcpstat tcpstat;
extern uint64_t tcp_statecount[TCP_NSTATES];
extern struct inpcbinfo tcbinfo;
#define TCPSTAT_INC(name)	atomic_add_64(&tcpstat.name, 1)
#define TCPSTAT_ADD(name, n)	atomic_add_64(&tcpstat.name, (uint64_t)(n))

/* The netisr thread all of TCP runs in, and whether we are in it. */
#define TCP_NETISR	0
bool	tcp_in_thread(void);
#define TCP_ENTER()	do {						\
	KASSERT(tcp_in_thread(), ("TCP outside netisr %d", TCP_NETISR)); \
	lwkt_gettoken(&tcbinfo.ipi_token);				\
} while (0)
#define TCP_LEAVE()	lwkt_reltoken(&tcbinfo.ipi_token)

/* Tunables (net.inet.tcp.*), in the units their sysctls use. */
extern u_long	tcp_sendspace;		/* bytes */
extern u_long	tcp_recvspace;
extern int	tcp_mssdflt;		/* bytes */
extern int	tcp_msl;		/* ms */
extern int	tcp_keepidle;		/* ms */
extern int	tcp_keepintvl;		/* ms */
extern int	tcp_keepinit;		/* ms */
extern int	tcp_delacktime;		/* ms */
extern int	tcp_do_rfc1323;
extern int	tcp_do_sack;		/* net.inet.tcp.sack.enable */
extern int	tcp_delack_enabled;
uint16_t tcp_cksum(struct mbuf *m, struct in_addr src, struct in_addr dst,
	    int off, int tlen);

/*
 * What is left of the window we advertised: rcv_adv - rcv_nxt, as a
 * signed difference (a FIN taken at the window's edge moves rcv_nxt one
 * past rcv_adv), and never less than 0.  The unsigned difference read as
 * a long was 4294967295 there: the receive window became "-1" in
 * sequence arithmetic, every later segment (ACKs included) was "beyond
 * the window" and dropped, and the connection stalled for good.
 */
static inline long
tcp_adv_left(const struct tcpcb *tp)
{
	int32_t d = (int32_t)(tp->rcv_adv - tp->rcv_nxt);

	return (d > 0 ? (long)d : 0);
}

/* ms to ticks, never less than one tick. */
static inline int
tcp_ms2ticks(int ms)
{
	long t = (long)ms * HZ / 1000;

	return (t < 1 ? 1 : (int)t);
}

/* tcp_subr.c */
void	tcp_init(void);
struct lwkt_port *tcp_initport(void);
struct tcpcb *tcp_newtcpcb(struct inpcb *inp);
struct tcpcb *tcp_close(struct tcpcb *tp);
struct tcpcb *tcp_drop(struct tcpcb *tp, int error);
void	tcp_state_change(struct tcpcb *tp, int state);
void	tcp_respond(struct tcpcb *tp, const struct ip *ip0,
	    const struct tcphdr *th0, tcp_seq ack, tcp_seq seq, int flags);
tcp_seq	tcp_new_isn(void);
void	tcp_mss(struct tcpcb *tp, int offer);
int	tcp_mssopt(struct tcpcb *tp);
void	tcp_freeq(struct tcpcb *tp);
uint32_t tcp_ts_now(void);
void	tcp_ctlinput_unreach(const struct ip *oip, const void *l4, int error);

/* tcp_input.c */
void	tcp_input(struct mbuf *m, int hlen);

/* tcp_output.c */
int	tcp_output(struct tcpcb *tp);
void	tcp_setpersist(struct tcpcb *tp);

/* tcp_sack.c */
long	tcp_sack_update(struct tcpcb *tp, tcp_seq una,
	    const struct sackblk *blks, int n);
long	tcp_sack_sacked(const struct tcpcb *tp);
void	tcp_sack_clear(struct tcpcb *tp);
tcp_seq	tcp_sack_fack(const struct tcpcb *tp);
bool	tcp_sack_nexthole(struct tcpcb *tp, tcp_seq *start, long *len);
long	tcp_sack_pipe(const struct tcpcb *tp);
int	tcp_sack_addopt(struct tcpcb *tp, uint8_t *opt, int room);

/* tcp_timer.c */
void	tcp_timer_init(void);
void	tcp_timer_arm(struct tcpcb *tp, int which, int ticks);
void	tcp_timer_stop(struct tcpcb *tp, int which);
void	tcp_canceltimers(struct tcpcb *tp);
bool	tcp_timer_active(struct tcpcb *tp, int which);
void	tcp_xmit_timer(struct tcpcb *tp, int rtt);
int	tcp_rexmt_value(struct tcpcb *tp);
int	tcp_keepidle_ticks(struct tcpcb *tp);
int	tcp_keepintvl_ticks(struct tcpcb *tp);
int	tcp_keepinit_ticks(struct tcpcb *tp);
int	tcp_2msl_ticks(void);

/* tcp_usrreq.c */
void	tcp_usrclosed(struct tcpcb *tp);

#endif /* _KERNEL */

#endif /* !_NETINET_TCP_VAR_H_ */
