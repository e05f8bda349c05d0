/*
 * t_tcp_reass.c: TCP's reassembly queue at its cap (sys/netinet/
 * tcp_input.c, tcp_reass), on the host.  The real stack runs as in the
 * kernel (the shim's netisr thread, lo0 with 127.0.0.1): a listener and
 * a client connect over lo0, then segments "from the client" are
 * injected into ip_input with the exact sequence numbers the accepted
 * side expects, read out of its tcpcb.  Meanwhile lo0 takes nothing
 * out: the real client never sent that data, and its answers to the
 * ACKs for it (ACKs for unsent data, answered with ACKs) would start an
 * ACK war with the accepted side.
 *
 * The case: everything after a 1000-byte hole is queued out of order,
 * right up to the receive buffer's size, so the queue is full; then the
 * peer retransmits from the hole, a full segment that overlaps what is
 * queued.  It must be accepted (it fills the hole and drains the queue):
 * refusing it, as a plain size cap would, leaves the connection stuck
 * with the peer retransmitting forever.  An out-of-order segment that
 * would overflow the queue is still refused (tcps_rcvreassfull).  Then,
 * with the buffer full, a FIN at the window's edge and the ACK after it.
 * Checks exact counts and every byte that reaches the socket.
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>
#include <machine/atomic.h>

#include "tap.h"
#include "ipc_shim.h"
#include "sock_shim.h"
#include "net_shim.h"

extern struct ifnet *loif;

#define PORT	5000
#define SEGMAX	4000		/* payload per injected segment */
#define HOLE	1000		/* missing bytes at rcv_nxt */

static uint8_t pkt[sizeof(struct ip) + sizeof(struct tcphdr) + SEGMAX];

/* The stream's byte at offset k from the first injected sequence. */
static uint8_t
pat(uint32_t k)
{
	return ((uint8_t)(k * 7 + k / 251 + 3));
}

static uint16_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ((uint16_t)~s);
}

static int (*lo_output)(struct ifnet *, struct mbuf *,
    const struct sockaddr *, struct rtentry *);
static int lo_eaten;

/* lo0's output while the test plays the client: swallow everything. */
static int
eat(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *dst,
    struct rtentry *rt)
{
	lo_eaten++;
	m_freem(m);
	return (0);
}

static struct socket *
mk(void)
{
	struct socket *so = NULL;
	int error;

	error = socreate(AF_INET, &so, SOCK_STREAM, 0, curthread);
	if (error != 0)
		panic("t_tcp_reass: socreate: %d", error);
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	return (so);
}

static struct sockaddr *
lo(int port)
{
	static struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return ((struct sockaddr *)&sin);
}

static void
settle(void)
{
	int i;

	for (i = 0; i < 4; i++)
		netisr_barrier();
}

/*
 * Inject one ACK segment from (sport) to PORT: seq, len payload bytes
 * of the pattern (offset off into the stream), ack.
 */
static void
inject_fl(uint16_t sport, uint32_t seq, uint32_t off, int len, uint32_t ack,
    int flags)
{
	struct ip *ip = (struct ip *)pkt;
	struct tcphdr *th = (struct tcphdr *)(ip + 1);
	uint8_t *d = (uint8_t *)(th + 1), ph[12];
	int tlen = (int)sizeof(*th) + len, i;
	uint32_t s;
	struct mbuf *m;

	memset(pkt, 0, sizeof(*ip) + sizeof(*th));
	ip->ip_v = 4;
	ip->ip_hl = 5;
	ip->ip_len = htons((uint16_t)(sizeof(*ip) + tlen));
	ip->ip_ttl = 64;
	ip->ip_p = IPPROTO_TCP;
	ip->ip_src.s_addr = htonl(INADDR_LOOPBACK);
	ip->ip_dst.s_addr = htonl(INADDR_LOOPBACK);
	ip->ip_sum = htons(sum16(pkt, sizeof(*ip), 0));
	th->th_sport = sport;
	th->th_dport = htons(PORT);
	th->th_seq = htonl(seq);
	th->th_ack = htonl(ack);
	th->th_off = sizeof(*th) >> 2;
	th->th_flags = (uint8_t)flags;
	th->th_win = htons(65535);
	for (i = 0; i < len; i++)
		d[i] = pat(off + (uint32_t)i);
	memcpy(ph, &ip->ip_src, 4);
	memcpy(ph + 4, &ip->ip_dst, 4);
	ph[8] = 0;
	ph[9] = IPPROTO_TCP;
	ph[10] = (uint8_t)(tlen >> 8);
	ph[11] = (uint8_t)tlen;
	s = (uint16_t)~sum16(ph, sizeof(ph), 0);
	th->th_sum = htons(sum16((uint8_t *)th, (size_t)tlen, s));

	m = m_getl((int)sizeof(*ip) + tlen, M_WAITOK, MT_DATA, M_PKTHDR,
	    NULL);
	memcpy(mtod(m, void *), pkt, sizeof(*ip) + (size_t)tlen);
	m->m_len = m->m_pkthdr.len = (int)sizeof(*ip) + tlen;
	m->m_pkthdr.rcvif = loif;
	(void)netisr_queue(NETISR_IP, m);
	settle();
}

static void
inject(uint16_t sport, uint32_t seq, uint32_t off, int len, uint32_t ack)
{
	inject_fl(sport, seq, off, len, ack, TH_ACK);
}

int
main(void)
{
	struct socket *l, *c, *a;
	struct tcpcb *tp;
	uint64_t full0, after0;
	uint32_t rnxt, ack, off, hiwat, k;
	uint16_t sport;
	uint8_t b;
	int len, bad;

	shim_sock_init();
	if (loif == NULL)
		panic("t_tcp_reass: no lo0");
	l = mk();
	tap_is_int(sobind(l, lo(PORT), curthread), 0, "bind 127.0.0.1:5000");
	tap_is_int(solisten(l, 5, curthread), 0, "listen");
	c = mk();
	tap_is_int(soconnect(c, lo(PORT), curthread, true), 0, "connect");
	settle();
	tap_ok((c->so_state & SS_ISCONNECTED) != 0, "client connected");
	a = TAILQ_FIRST(&l->so_comp);
	if (!tap_ok(a != NULL, "a connection is ready to accept"))
		return (tap_done());
	tp = intotcpcb(sotoinpcb(a));
	tap_is_int(tp->t_state, TCPS_ESTABLISHED, "accepted side ESTABLISHED");
	sport = sotoinpcb(c)->inp_lport;
	rnxt = tp->rcv_nxt;
	ack = tp->snd_nxt;
	hiwat = (uint32_t)a->so_rcv.ssb_hiwat;
	tap_ok(hiwat > 4 * SEGMAX, "receive buffer of %u bytes", hiwat);
	full0 = tcpstat.tcps_rcvreassfull;
	lo_output = loif->if_output;
	loif->if_output = eat;

	/* Everything after the hole, up to the buffer's size, out of order. */
	for (off = HOLE; off < hiwat; off += (uint32_t)len) {
		len = (int)MIN((uint32_t)SEGMAX, hiwat - off);
		inject(sport, rnxt + off, off, len, ack);
	}
	tap_is_int(tp->t_segqlen, hiwat - HOLE,
	    "the queue holds all but the hole");
	tap_is_int(a->so_rcv.sb.sb_cc, 0, "nothing delivered yet");
	tap_is_int(tp->rcv_nxt, rnxt, "rcv_nxt has not moved");

	/* Out of order and too much for the queue: refused. */
	inject(sport, rnxt + 100, 100, 2000, ack);
	tap_is_int(tcpstat.tcps_rcvreassfull - full0, 1,
	    "an overflowing out-of-order segment is refused");
	tap_is_int(tp->t_segqlen, hiwat - HOLE, "the queue is unchanged");

	/* The retransmission from the hole, overlapping the queue. */
	inject(sport, rnxt, 0, SEGMAX, ack);
	tap_is_int(tcpstat.tcps_rcvreassfull - full0, 1,
	    "the segment at rcv_nxt is not refused");
	tap_is_int(tp->rcv_nxt - rnxt, hiwat, "rcv_nxt moved by the buffer");
	tap_is_int(tp->t_segqlen, 0, "the queue is empty");
	tap_ok(TAILQ_EMPTY(&tp->t_segq), "no segment left queued");
	tap_is_int(a->so_rcv.sb.sb_cc, hiwat, "every byte delivered");
	bad = 0;
	for (k = 0; k < hiwat && (size_t)k < a->so_rcv.sb.sb_cc; k++) {
		m_copydata(a->so_rcv.sb.sb_mb, (int)k, 1, &b);
		if (b != pat(k) && bad++ == 0)
			tap_diag("byte %u: %#x, want %#x", k, b, pat(k));
	}
	tap_is_int(bad, 0, "in order, exact bytes");
	tap_ok(lo_eaten > 0, "the accepted side answered (%d segments)",
	    lo_eaten);

	/*
	 * The buffer is full and unread: the window is closed, and the
	 * FIN at its very edge is taken (it carries no data), moving
	 * rcv_nxt one past the edge we advertised.  The next segment must
	 * still be inside the window: it was once "beyond" it (the
	 * advertised rest read as 4294967295), and every ACK after a FIN
	 * like this was dropped, stalling the connection for good.
	 */
	after0 = tcpstat.tcps_rcvpackafterwin;
	inject_fl(sport, rnxt + hiwat, 0, 0, ack, TH_ACK | TH_FIN);
	tap_is_int(tp->t_state, TCPS_CLOSE_WAIT, "FIN at the window's edge: "
	    "CLOSE_WAIT");
	tap_is_int(tp->rcv_nxt - rnxt, hiwat + 1, "rcv_nxt past the FIN");
	inject(sport, rnxt + hiwat + 1, 0, 0, ack);
	tap_is_int(tcpstat.tcps_rcvpackafterwin - after0, 0,
	    "the ACK after it is inside the window");
	tap_ok(tp->rcv_wnd <= hiwat, "receive window %lu, not \"-1\"",
	    tp->rcv_wnd);

	/*
	 * The listener's close drops the accepted connection with a RST
	 * the client takes (it is in the client's window); then the client
	 * has nothing left to close.
	 */
	loif->if_output = lo_output;
	(void)soclose(l, 0);
	settle();
	tap_ok((c->so_state & SS_ISCONNECTED) == 0, "client reset");
	tap_is_int(c->so_error, ECONNRESET, "client: ECONNRESET");
	(void)soclose(c, 0);
	settle();
	return (tap_done());
}
