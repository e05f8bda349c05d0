/*
 * fuzz_ip.c: fuzz target for the IPv4 input path and what is under and
 * over it: Ethernet (sys/net/if_ethersubr.c: ether_input), ARP
 * (sys/netinet/if_ether.c: arp_input, the held packet, the timer), IP
 * (ip_input.c: options, reassembly), ICMP, UDP, raw IP and TCP
 * (tcp_input.c: listening sockets, the handshake, established
 * connections, options), and the replies the stack sends back out.
 *
 * The input's first byte says how the rest goes in:
 *
 *   mode 0 (byte & 3)	an IPv4 packet received on lo0, exactly as
 *			net.inet.ip.inject delivers one in the kernel: an
 *			mbuf with rcvif lo0 queued with netisr_queue()
 *   mode 1		Ethernet frames received on fz0, an Ethernet
 *			interface of this file's (10.0.2.15/24) whose
 *			driver frees what the stack sends: up to 4
 *			frames, each a 2-byte big-endian length and the
 *			bytes (the last takes what is left), each copied
 *			into mbufs with m_devget and given to if_input
 *			(ether_input) as a driver's receive path does
 *   mode 2		an IPv4 packet received on fz0 from the host
 *			10.0.2.2 (an Ethernet header to fz0 put in front)
 *   mode 3		a TCP segment (a whole IPv4 packet) for a
 *			connection established just before it: a phantom
 *			peer 127.0.0.1:4000 (whose packets this file takes
 *			off lo0's output) connects to the listener on
 *			port 80 with MSS, window scale, SACK-permitted and
 *			timestamps; the segment's sequence and
 *			acknowledgement numbers and its timestamp option
 *			are offsets from the connection's, so a seed stays
 *			in the window whatever initial sequence numbers
 *			the handshake chose
 *
 * Checksums: a mutated packet would almost never pass ip_input's or
 * tcp_input's checksum test, so before it goes in the IP header
 * checksum and the ICMP, UDP or TCP checksum (of an unfragmented
 * packet whose lengths add up) are computed afresh, unless the first
 * byte is 0xf0 or more (one byte value in sixteen): those go in as
 * they are, so the bad-checksum paths stay covered.  A UDP checksum of
 * 0 (none) is left alone.
 *
 * Listening: a TCP socket on port 80 (any address), a UDP socket bound
 * to port 7 and a raw ICMP socket.  After each input the stack runs
 * until idle, the listener is closed and opened again if the input left
 * connections in its queues (so no input sees another's connections),
 * 31 seconds pass (the reassembly timeout is 30; ARP gives up on an
 * unanswered address in 5), the ARP cache of fz0 is emptied, what the
 * sockets received is read, and then no mbuf may remain in use.  At exit the
 * stack's counters are printed as TAP comments: how many packets got
 * past the checksums and how far.
 *
 * The stack runs as in the kernel: its netisr threads are threads of
 * the shim's one-CPU scheduler, its sockets' requests are messages to
 * them.  Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_types.h>
#include <net/ethernet.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/if_ether.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>
#include <netinet/udp_var.h>
#include <netinet/icmp_var.h>
#include <machine/atomic.h>

#include "ipc_shim.h"
#include "sock_shim.h"
#include "net_shim.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* The C library's, for the counters at exit. */
long	write(int fd, const void *buf, size_t len);
int	atexit(void (*fn)(void));

MALLOC_DECLARE(M_SONAME);

extern struct ifnet *loif;

#define MODE_LO		0
#define MODE_ETHER	1
#define MODE_FZ0	2
#define MODE_TCP	3
#define NOFIX		0xf0	/* first byte >= this: checksums as given */

#define LPORT		80	/* the listener */
#define PHPORT		4000	/* the phantom peer's port on 127.0.0.1 */
#define PH_ISS		0x10000000u	/* its initial sequence number */
#define PH_TS		1000u		/* its first timestamp */

static const uint8_t fz_mac[ETHER_ADDR_LEN] = { 0x52, 0x54, 0, 0x12, 0x34,
    0x56 };
static const uint8_t peer_mac[ETHER_ADDR_LEN] = { 0x52, 0x54, 0, 0x12,
    0x34, 0x02 };

static struct socket *udp, *raw, *listener;
static struct ifnet fz_if;
static int (*lo_output)(struct ifnet *, struct mbuf *,
    const struct sockaddr *, struct rtentry *);

/* What the server sent the phantom peer last (its SYN-ACK). */
static struct {
	bool		seen;
	uint32_t	seq;
	uint32_t	tsval;
} phantom;
static uint64_t fz_frames_out, phantom_segs, phantom_sent;

/* ---- checksums ------------------------------------------------------------ */

static uint32_t
sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return (s);
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ((uint16_t)~s);
}

static uint16_t
be16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t
be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The pseudo header's sum: addresses, protocol, length. */
static uint32_t
pseudo(const uint8_t *ip, int proto, size_t len)
{
	return (sum16(0, ip + 12, 8) + (uint32_t)proto + (uint32_t)len);
}

/*
 * Compute the checksums of the IPv4 packet p (len bytes) afresh: the
 * header's, and the transport's when the packet is whole (not a
 * fragment) and ip_len fits what is there.
 */
static void
fix_checksums(uint8_t *p, size_t len)
{
	size_t hl, tl, n;
	uint8_t *t;

	if (len < sizeof(struct ip) || (p[0] >> 4) != 4)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < sizeof(struct ip) || hl > len)
		return;
	put16(p + 10, 0);
	put16(p + 10, fold(sum16(0, p, hl)));
	tl = be16(p + 2);
	if (tl < hl || tl > len || (be16(p + 6) & (IP_MF | IP_OFFMASK)) != 0)
		return;
	t = p + hl;
	n = tl - hl;
	switch (p[9]) {
	case IPPROTO_ICMP:
		if (n < 4)
			return;
		put16(t + 2, 0);
		put16(t + 2, fold(sum16(0, t, n)));
		break;
	case IPPROTO_TCP:
		if (n < sizeof(struct tcphdr))
			return;
		put16(t + 16, 0);
		put16(t + 16, fold(sum16(pseudo(p, IPPROTO_TCP, n), t, n)));
		break;
	case IPPROTO_UDP:
		if (n < 8 || be16(t + 6) == 0)
			return;		/* no checksum: leave it so */
		if (be16(t + 4) >= 8 && be16(t + 4) <= n)
			n = be16(t + 4);
		put16(t + 6, 0);
		put16(t + 6, fold(sum16(pseudo(p, IPPROTO_UDP, n), t, n)));
		if (be16(t + 6) == 0)
			put16(t + 6, 0xffff);
		break;
	}
}

/* ---- the phantom peer: lo0 output to 127.0.0.1:4000 is taken off ---------- */

static int
fz_looutput(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *dst,
    struct rtentry *rt)
{
	uint8_t h[60 + 40];
	const uint8_t *o;
	int hl, len, off, i, ol;

	len = MIN(m->m_pkthdr.len, (int)sizeof(h));
	m_copydata(m, 0, len, h);
	hl = (h[0] & 0x0f) * 4;
	if (len < hl + 20 || h[9] != IPPROTO_TCP ||
	    be16(h + hl + 2) != PHPORT || be32(h + 16) != INADDR_LOOPBACK)
		return (lo_output(ifp, m, dst, rt));
	phantom_segs++;
	if ((h[hl + 13] & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
		phantom.seen = true;
		phantom.seq = be32(h + hl + 4);
		phantom.tsval = 0;
		off = (h[hl + 12] >> 4) * 4;
		o = h + hl + 20;
		for (i = 0; i < off - 20 && hl + 20 + i < len; i += ol) {
			if (o[i] == TCPOPT_EOL)
				break;
			ol = (o[i] == TCPOPT_NOP) ? 1 : o[i + 1];
			if (ol < 1)
				break;
			if (o[i] == TCPOPT_TIMESTAMP && ol == 10 &&
			    hl + 20 + i + 10 <= len)
				phantom.tsval = be32(o + i + 2);
		}
	}
	m_freem(m);
	return (0);
}

/* ---- fz0: an Ethernet interface whose driver drops what it is given ------- */

static void
fz_start(struct ifnet *ifp)
{
	struct mbuf *m;

	for (;;) {
		IF_DEQUEUE(&ifp->if_snd, m);
		if (m == NULL)
			break;
		fz_frames_out++;
		m_freem(m);
	}
}

static int
fz_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	return (cmd == SIOCSIFFLAGS ? 0 : ether_ioctl(ifp, cmd, data));
}

static void
fz_attach(void)
{
	struct ifnet *ifp = &fz_if;
	struct in_addr addr, mask, brd;

	if_initname(ifp, "fz", 0);
	spin_init(&ifp->if_snd.ifq_lock, "ifq");
	ifp->if_snd.ifq_maxlen = 64;
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST |
	    IFF_RUNNING;
	ifp->if_start = fz_start;
	ifp->if_ioctl = fz_ioctl;
	ifp->if_link_state = LINK_STATE_UP;
	ether_ifattach(ifp, fz_mac);
	if_up(ifp);
	addr.s_addr = htonl(0x0a00020f);	/* 10.0.2.15 */
	mask.s_addr = htonl(0xffffff00);
	brd.s_addr = htonl(0x0a0002ff);
	if (in_addprefix(ifp, addr, mask, brd) != 0)
		panic("fuzz_ip: fz0: cannot add 10.0.2.15/24");
}

/* ---- sockets ---------------------------------------------------------------- */

static struct socket *
mk(int type, int proto)
{
	struct socket *so = NULL;
	int error;

	error = socreate(AF_INET, &so, type, proto, curthread);
	if (error != 0)
		panic("fuzz_ip: socreate(AF_INET, %d, %d): %d", type, proto,
		    error);
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	return (so);
}

static struct sockaddr *
sin_any(int port)
{
	static struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	return ((struct sockaddr *)&sin);
}

static void
settle(void)
{
	int i;

	for (i = 0; i < 3; i++)
		netisr_barrier();
}

static void
listen_open(void)
{
	int error;

	listener = mk(SOCK_STREAM, 0);
	error = sobind(listener, sin_any(LPORT), curthread);
	if (error == 0)
		error = solisten(listener, 8, curthread);
	if (error != 0)
		panic("fuzz_ip: listen on port %d: %d", LPORT, error);
}

/*
 * Read everything queued on so, as a program would (sorflush would
 * also mark it unable to receive more: every later datagram dropped).
 */
static void
drain(struct socket *so)
{
	static char sink[65536];
	struct sockaddr *from;
	struct iovec iov;
	struct uio uio;
	int flags, error;

	do {
		iov.iov_base = sink;
		iov.iov_len = sizeof(sink);
		memset(&uio, 0, sizeof(uio));
		uio.uio_iov = &iov;
		uio.uio_iovcnt = 1;
		uio.uio_resid = sizeof(sink);
		uio.uio_segflg = UIO_SYSSPACE;
		uio.uio_rw = UIO_READ;
		uio.uio_td = curthread;
		flags = MSG_DONTWAIT;
		from = NULL;
		error = soreceive(so, &from, &uio, NULL, NULL, &flags);
		if (from != NULL)
			kfree(from, M_SONAME);
	} while (error == 0);
}

/* Close the listener (aborting what is queued on it) and open it anew. */
static void
listen_renew(void)
{
	(void)soclose(listener, 0);
	listen_open();
}

/* ---- the counters at exit -------------------------------------------------- */

extern struct sysctl_oid_list sysctl__net_link_ether_arp_children;
extern struct sysctl_oid *const __start_set_sysctl[]
    __attribute__((__weak__));
extern struct sysctl_oid *const __stop_set_sysctl[]
    __attribute__((__weak__));

/* ARP keeps its counters to itself: found through their sysctl. */
static const struct arpstat *
arp_counters(void)
{
	struct sysctl_oid *const *p;

	for (p = __start_set_sysctl; p < __stop_set_sysctl; p++)
		if ((*p)->oid_parent == &sysctl__net_link_ether_arp_children &&
		    strcmp((*p)->oid_name, "stats") == 0)
			return ((*p)->oid_arg1);
	return (NULL);
}

#define U(x)	((uintmax_t)(x))

static void
fz_stats(void)
{
	static const struct arpstat none;
	const struct arpstat *as = arp_counters();
	char b[1536];
	int n;

	if (as == NULL)
		as = &none;
	n = ksnprintf(b, sizeof(b),
	    "# fuzz_ip: ip total %ju badsum %ju delivered %ju fragments %ju "
	    "reassembled %ju\n"
	    "# fuzz_ip: tcp rcvtotal %ju rcvbadsum %ju rcvbadoff %ju "
	    "rcvbadopt %ju noport %ju accepts %ju connects %ju rcvpack %ju "
	    "rcvoopack %ju rcvdupack %ju rcvackpack %ju pawsdrop %ju "
	    "rcvrst %ju rcvafterwin %ju drops %ju (of rcvtotal, %ju were "
	    "the harness's handshakes)\n"
	    "# fuzz_ip: udp ipackets %ju badsum %ju nosum %ju delivered %ju; "
	    "icmp checksum %ju reflect %ju\n"
	    "# fuzz_ip: arp received %ju rxrequests %ju rxreplies %ju "
	    "txrequests %ju txreplies %ju timeouts %ju; fz0 frames out %ju; "
	    "to the phantom peer %ju\n",
	    U(ipstat.ips_total), U(ipstat.ips_badsum), U(ipstat.ips_delivered),
	    U(ipstat.ips_fragments), U(ipstat.ips_reassembled),
	    U(tcpstat.tcps_rcvtotal), U(tcpstat.tcps_rcvbadsum),
	    U(tcpstat.tcps_rcvbadoff), U(tcpstat.tcps_rcvbadopt),
	    U(tcpstat.tcps_noport), U(tcpstat.tcps_accepts),
	    U(tcpstat.tcps_connects), U(tcpstat.tcps_rcvpack),
	    U(tcpstat.tcps_rcvoopack), U(tcpstat.tcps_rcvdupack),
	    U(tcpstat.tcps_rcvackpack), U(tcpstat.tcps_pawsdrop),
	    U(tcpstat.tcps_rcvrst), U(tcpstat.tcps_rcvpackafterwin),
	    U(tcpstat.tcps_drops), U(phantom_sent),
	    U(udpstat.udps_ipackets), U(udpstat.udps_badsum),
	    U(udpstat.udps_nosum), U(udpstat.udps_delivered),
	    U(icmpstat.icps_checksum), U(icmpstat.icps_reflect),
	    U(as->received), U(as->rxrequests), U(as->rxreplies),
	    U(as->txrequests), U(as->txreplies), U(as->timeouts),
	    U(fz_frames_out), U(phantom_segs));
	(void)write(1, b, (size_t)n);
}

/* ---- input ------------------------------------------------------------------ */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int error;

	shim_sock_init();		/* netisr, lo0 with 127.0.0.1, inet */
	shim_set_root(1);		/* raw sockets need privilege */
	if (loif == NULL)
		panic("fuzz_ip: no lo0");
	lo_output = loif->if_output;
	loif->if_output = fz_looutput;
	fz_attach();
	udp = mk(SOCK_DGRAM, 0);
	error = sobind(udp, sin_any(7), curthread);
	if (error != 0)
		panic("fuzz_ip: bind port 7: %d", error);
	raw = mk(SOCK_RAW, IPPROTO_ICMP);
	listen_open();
	settle();
	atexit(fz_stats);
	return (0);
}

static struct mbuf *
pkt(const uint8_t *p, size_t len, struct ifnet *rcvif)
{
	struct mbuf *m;

	m = m_getl((int)MAX(len, 1), M_WAITOK, MT_DATA, M_PKTHDR, NULL);
	memcpy(mtod(m, void *), p, len);
	m->m_len = m->m_pkthdr.len = (int)len;
	m->m_pkthdr.rcvif = rcvif;
	return (m);
}

/* Queued for the netisr threads; the caller waits (settle). */
static void
inject_ip(const uint8_t *p, size_t len)
{
	(void)netisr_queue(NETISR_IP, pkt(p, len, loif));
}

/*
 * A frame as fz0's "driver" receives it: copied out of its buffer with
 * m_devget, 2 bytes in so the IP header is long-aligned, as em and
 * vtnet do; then the driver contract's if_input.
 */
static void
inject_frame(const uint8_t *p, size_t len)
{
	struct mbuf *m;

	m = m_devget(p, (int)len, 2, &fz_if);
	if (m == NULL)
		return;			/* the driver would drop it */
	fz_if.if_input(&fz_if, m);
	/* One at a time: IP and ARP may go to different netisr threads. */
	netisr_barrier();
}

/* The phantom peer's segment: flags, its sequence offset, options. */
static void
phantom_send(int flags, uint32_t seq, uint32_t ack, bool syn)
{
	uint8_t p[sizeof(struct ip) + 40];
	uint8_t *t = p + sizeof(struct ip), *o = t + 20;
	size_t olen = 0;

	memset(p, 0, sizeof(p));
	p[0] = 0x45;
	p[8] = 64;
	p[9] = IPPROTO_TCP;
	put32(p + 12, INADDR_LOOPBACK);
	put32(p + 16, INADDR_LOOPBACK);
	put16(t, PHPORT);
	put16(t + 2, LPORT);
	put32(t + 4, seq);
	put32(t + 8, ack);
	t[13] = (uint8_t)flags;
	put16(t + 14, 65535);
	if (syn) {
		/* MSS 1460, window scale 7, SACK permitted */
		memcpy(o, "\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02", 10);
		olen = 10;
	} else {
		memcpy(o, "\x01\x01", 2);
		olen = 2;
	}
	o[olen] = TCPOPT_TIMESTAMP;
	o[olen + 1] = 10;
	put32(o + olen + 2, PH_TS + (syn ? 0 : 1));
	put32(o + olen + 6, syn ? 0 : phantom.tsval);
	olen += 10;
	t[12] = (uint8_t)((20 + olen) / 4 << 4);
	put16(p + 2, (uint16_t)(sizeof(struct ip) + 20 + olen));
	fix_checksums(p, sizeof(struct ip) + 20 + olen);
	phantom_sent++;
	inject_ip(p, sizeof(struct ip) + 20 + olen);
}

/*
 * Mode 3: the handshake (a listener that does not complete it is a
 * bug: panic), then the segment p with its numbers made absolute.
 */
static void
established(uint8_t *p, size_t len)
{
	size_t hl, off, i, ol;
	uint8_t *t, *o;

	phantom.seen = false;
	phantom_send(TH_SYN, PH_ISS, 0, true);
	for (i = 0; i < 3 && !phantom.seen; i++)
		netisr_barrier();
	if (!phantom.seen)
		panic("fuzz_ip: the listener did not answer the SYN");
	phantom_send(TH_ACK, PH_ISS + 1, phantom.seq + 1, false);
	for (i = 0; i < 3 && listener->so_qlen != 1; i++)
		netisr_barrier();
	if (listener->so_qlen != 1)
		panic("fuzz_ip: the handshake made %d connections",
		    listener->so_qlen);
	if (len < sizeof(struct ip) || (p[0] >> 4) != 4 || p[9] !=
	    IPPROTO_TCP)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < sizeof(struct ip) || hl + 20 > len)
		return;
	t = p + hl;
	put32(t + 4, be32(t + 4) + PH_ISS + 1);
	put32(t + 8, be32(t + 8) + phantom.seq + 1);
	off = (size_t)(t[12] >> 4) * 4;
	o = t + 20;
	for (i = 0; off > 20 && i < off - 20 && hl + 20 + i < len; i += ol) {
		if (o[i] == TCPOPT_EOL)
			break;
		if (o[i] == TCPOPT_NOP || hl + 20 + i + 1 >= len) {
			ol = 1;
			continue;
		}
		ol = o[i + 1] > 0 ? o[i + 1] : 1;
		if (o[i] == TCPOPT_TIMESTAMP && ol == 10 &&
		    hl + 20 + i + 10 <= len) {
			put32(o + i + 2, be32(o + i + 2) + PH_TS);
			put32(o + i + 6, be32(o + i + 6) + phantom.tsval);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[MJUMPAGESIZE + ETHER_HDR_LEN];
	struct mbstat st;
	size_t len, n, off;
	int op, mode, i;
	bool fix;

	if (size < 1 || size > MJUMPAGESIZE)
		return (0);		/* inject: EINVAL */
	op = data[0];
	mode = op & 3;
	fix = op < NOFIX;
	data++;
	len = size - 1;

	switch (mode) {
	case MODE_LO:
	case MODE_TCP:
		memcpy(buf, data, len);
		if (mode == MODE_TCP)
			established(buf, len);
		if (fix)
			fix_checksums(buf, len);
		inject_ip(buf, len);
		break;
	case MODE_FZ0:
		memcpy(buf, fz_mac, ETHER_ADDR_LEN);
		memcpy(buf + ETHER_ADDR_LEN, peer_mac, ETHER_ADDR_LEN);
		put16(buf + 2 * ETHER_ADDR_LEN, ETHERTYPE_IP);
		memcpy(buf + ETHER_HDR_LEN, data, len);
		if (fix)
			fix_checksums(buf + ETHER_HDR_LEN, len);
		inject_frame(buf, ETHER_HDR_LEN + len);
		break;
	case MODE_ETHER:
		for (off = 0, i = 0; off + 2 <= len && i < 4; i++) {
			n = be16(data + off);
			off += 2;
			if (i == 3 || n > len - off)
				n = len - off;
			memcpy(buf, data + off, n);
			off += n;
			if (fix && n > ETHER_HDR_LEN &&
			    be16(buf + 2 * ETHER_ADDR_LEN) == ETHERTYPE_IP)
				fix_checksums(buf + ETHER_HDR_LEN,
				    n - ETHER_HDR_LEN);
			inject_frame(buf, n);
		}
		break;
	}
	/* The packet, then what it made the stack send to itself. */
	settle();
	/* No input sees another's connections. */
	if (mode == MODE_TCP || listener->so_qlen != 0 ||
	    listener->so_incqlen != 0)
		listen_renew();
	/* Expire a half-reassembled datagram (and loop its ICMP error),
	   let ARP give up on what no one answered. */
	shim_callout_tick(31 * HZ);
	settle();
	arp_ifdetach(&fz_if);
	drain(udp);
	drain(raw);
	m_mbstat_sum(&st);
	if (st.m_mbufs != 0 || st.m_clusters != 0 || st.m_jclusters != 0)
		panic("fuzz_ip: %ld mbufs, %ld clusters, %ld jumbo clusters "
		    "left after a packet", (long)st.m_mbufs,
		    (long)st.m_clusters, (long)st.m_jclusters);
	return (0);
}
