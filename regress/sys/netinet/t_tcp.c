/*
 * t_tcp: TCP over lo0 through the system calls, on 127.0.0.1 and on a
 * second lo0 address (127.0.0.2, added for the test and removed after):
 * the handshake and exact bytes, getsockname/getpeername, an 8 MiB
 * pseudo-random stream each way at once with every byte checked,
 * half-close, RST on close (SO_LINGER 0, unread data) -> ECONNRESET,
 * ECONNREFUSED from a closed port, the listen backlog and a connect
 * that times out (ETIMEDOUT), non-blocking connect and accept, a
 * blocked accept woken by a client, a signal (EINTR) and the listener's
 * shutdown (ECONNABORTED), the dataready accept filter, poll and
 * kqueue readiness, bind rules (EADDRINUSE, SO_REUSEADDR over
 * TIME_WAIT), the IPPROTO_TCP options, MSG_PEEK / MSG_WAITALL /
 * MSG_OOB (EOPNOTSUPP), keepalive probes, TIME_WAIT in the pcblist and
 * its end after 2MSL, bad arguments, a 32 KiB write cut into full-MSS
 * segments (with lo0's input deferred in netisr 0 and queued), and
 * net.inet.tcp.stats agreeing with what was done.  The timers are made
 * short through the sysctls and restored at the end.  The bulk transfer
 * runs again with net.inet.tcp.async_send=0 (sends that wait for the TCP
 * thread's reply).
 */
#include <sys/types.h>
#include <sys/event.h>
#include <sys/ioctl.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/tcp.h>
#include <netinet/tcp_fsm.h>
#include <netinet/tcp_var.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"
#include "util.h"

#define BIG	(8 * 1024 * 1024)
#ifndef MIN
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#endif

static int
sysint(const char *name, int val)
{
	int old = 0;
	size_t len = sizeof(old);

	if (sysctlbyname(name, &old, &len, val >= 0 ? &val : NULL,
	    val >= 0 ? sizeof(val) : 0) != 0)
		return (-1);
	return (old);
}

static void
tstats(struct tcpstat *ts)
{
	size_t len = sizeof(*ts);

	memset(ts, 0, sizeof(*ts));
	sysctlbyname("net.inet.tcp.stats", ts, &len, NULL, 0);
}

/* A listener on ip, any port (reuse: SO_REUSEADDR first). */
static int
listener(const char *ip, int port, int backlog, int *portp)
{
	struct sockaddr_in sin;
	int s, one = 1;

	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return (-1);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	mkaddr(&sin, ip, port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(s, backlog) != 0) {
		close(s);
		return (-1);
	}
	*portp = local_port(s);
	return (s);
}

static int
connect_to(const char *ip, int port)
{
	struct sockaddr_in sin;
	int s;

	s = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, ip, port);
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		int e = errno;

		close(s);
		errno = e;
		return (-1);
	}
	return (s);
}

/* A connected pair through a listener on ip: *c client, *a accepted. */
static int
pair(const char *ip, int *c, int *a)
{
	int l, port;

	l = listener(ip, 0, 5, &port);
	if (l < 0)
		return (-1);
	*c = connect_to(ip, port);
	*a = accept(l, NULL, NULL);
	close(l);
	return ((*c >= 0 && *a >= 0) ? 0 : -1);
}

/* Sleep ms milliseconds (a backstop, never the synchronisation). */
static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

/* ---- pcblist ---------------------------------------------------------- */

/* How many pcbs have local port lport and state (-1: any). */
static int
pcb_count(int lport, int state)
{
	char *buf;
	size_t len = 0;
	struct xinpgen *xig;
	struct xinpcb *xi;
	size_t off;
	int n = 0;

	if (sysctlbyname("net.inet.tcp.pcblist", NULL, &len, NULL, 0) != 0)
		return (-1);
	buf = malloc(len);
	if (buf == NULL ||
	    sysctlbyname("net.inet.tcp.pcblist", buf, &len, NULL, 0) != 0) {
		free(buf);
		return (-1);
	}
	xig = (struct xinpgen *)buf;
	for (off = xig->xig_len; off + sizeof(*xi) <= len; off += xi->xi_len) {
		xi = (struct xinpcb *)(buf + off);
		if (xi->xi_len != sizeof(*xi))
			break;
		if ((lport < 0 || ntohs(xi->inp_lport) == lport) &&
		    (state < 0 || xi->t_state == state))
			n++;
	}
	free(buf);
	return (n);
}

/* Wait (up to 5 s) until no pcb has lport in state. */
static int
pcb_wait_gone(int lport, int state)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (pcb_count(lport, state) == 0)
			return (0);
		msleep(50);
	}
	return (-1);
}

/* kern.ipc.numopensockets, or -1. */
static int
nsockets(void)
{
	int n;
	size_t len = sizeof(n);

	if (sysctlbyname("kern.ipc.numopensockets", &n, &len, NULL, 0) != 0)
		return (-1);
	return (n);
}

/* Mbufs in use (kern.ipc.mbstat), or -1. */
static long long
nmbufs(void)
{
	struct mbstat ms;
	size_t len = sizeof(ms);

	if (sysctlbyname("kern.ipc.mbstat", &ms, &len, NULL, 0) != 0)
		return (-1);
	return ((long long)ms.m_mbufs);
}

/*
 * Say what TCP left behind: one "# left:" line per pcb still in the
 * list, with its state and what its socket still holds, so a leak that
 * shows only now and then can be told apart from the next one.
 */
static void
pcb_report(void)
{
	char *buf, la[INET_ADDRSTRLEN], fa[INET_ADDRSTRLEN];
	size_t len = 0, off;
	struct xinpgen *xig;
	struct xinpcb *xi;
	struct in_addr in;

	if (sysctlbyname("net.inet.tcp.pcblist", NULL, &len, NULL, 0) != 0 ||
	    (buf = malloc(len)) == NULL)
		return;
	if (sysctlbyname("net.inet.tcp.pcblist", buf, &len, NULL, 0) != 0) {
		free(buf);
		return;
	}
	xig = (struct xinpgen *)buf;
	for (off = xig->xig_len; off + sizeof(*xi) <= len; off += xi->xi_len) {
		xi = (struct xinpcb *)(buf + off);
		if (xi->xi_len != sizeof(*xi))
			break;
		in.s_addr = xi->inp_laddr;
		inet_ntop(AF_INET, &in, la, sizeof(la));
		in.s_addr = xi->inp_faddr;
		inet_ntop(AF_INET, &in, fa, sizeof(fa));
		printf("# left: pcb %s:%u %s:%u state %d so_state 0x%x "
		    "error %d rcv %llu/%llu mbufs snd %llu/%llu mbufs\n",
		    la, ntohs(xi->inp_lport), fa, ntohs(xi->inp_fport),
		    (int)xi->t_state, (unsigned)xi->xi_socket.so_state,
		    (int)xi->xi_socket.so_error,
		    (unsigned long long)xi->xi_socket.so_rcv.sb_cc,
		    (unsigned long long)xi->xi_socket.so_rcv.sb_mcnt,
		    (unsigned long long)xi->xi_socket.so_snd.sb_cc,
		    (unsigned long long)xi->xi_socket.so_snd.sb_mcnt);
	}
	free(buf);
}

/* net.inet.tcp.tcbs as "# tcb:" lines (what a stalled transfer was doing). */
static void
tcb_report(void)
{
	char *buf, *p, *nl;
	size_t len = 0;

	if (sysctlbyname("net.inet.tcp.tcbs", NULL, &len, NULL, 0) != 0 ||
	    (buf = malloc(len + 1)) == NULL)
		return;
	if (sysctlbyname("net.inet.tcp.tcbs", buf, &len, NULL, 0) == 0) {
		buf[len] = '\0';
		for (p = buf; *p != '\0'; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				break;
			*nl = '\0';
			printf("# tcb: %s\n", p);
		}
	}
	free(buf);
}

/* ---- the tests ------------------------------------------------------ */

static void
t_basic(const char *ip)
{
	struct sockaddr_in a1, a2, b1, b2;
	socklen_t len;
	char buf[64], name[128];
	int c, a;

	snprintf(name, sizeof(name), "%s: connect and accept", ip);
	if (!ok(pair(ip, &c, &a) == 0, name))
		return;
	len = sizeof(a1);
	getsockname(c, (struct sockaddr *)&a1, &len);
	len = sizeof(b2);
	getpeername(a, (struct sockaddr *)&b2, &len);
	len = sizeof(a2);
	getpeername(c, (struct sockaddr *)&a2, &len);
	len = sizeof(b1);
	getsockname(a, (struct sockaddr *)&b1, &len);
	snprintf(name, sizeof(name), "%s: client's name is server's peer", ip);
	ok(a1.sin_addr.s_addr == b2.sin_addr.s_addr &&
	    a1.sin_port == b2.sin_port && len == sizeof(a1), name);
	snprintf(name, sizeof(name), "%s: server's name is client's peer", ip);
	ok(a2.sin_addr.s_addr == b1.sin_addr.s_addr &&
	    a2.sin_port == b1.sin_port &&
	    a2.sin_addr.s_addr == inet_addr(ip), name);
	snprintf(name, sizeof(name), "%s: ephemeral client port", ip);
	ok(ntohs(a1.sin_port) >= 1024, name);

	is_int(write(c, "hello, server", 13), 13, "write 13 bytes");
	memset(buf, 0, sizeof(buf));
	is_int(readn(a, buf, 13), 13, "read 13 bytes");
	is_str(buf, "hello, server", "exact bytes client -> server");
	is_int(write(a, "hi", 2), 2, "write 2 bytes back");
	memset(buf, 0, sizeof(buf));
	is_int(readn(c, buf, 2), 2, "read 2 bytes");
	is_str(buf, "hi", "exact bytes server -> client");
	close(c);
	is_int(read(a, buf, sizeof(buf)), 0, "peer's close: EOF");
	close(a);
}

/* xorshift32: the pseudo-random stream of a seed. */
static uint32_t
xs(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return (*x);
}

/*
 * Send BIG bytes of stream sseed and receive BIG bytes that must be
 * stream rseed, both at once (non-blocking, poll).  Returns the number
 * of bad bytes received, or -1 on an error or short stream.
 */
static long
duplex(int s, uint32_t sseed, uint32_t rseed)
{
	static unsigned char sbuf[16384], rbuf[16384];
	size_t sent = 0, rcvd = 0, spos = 0, slen = 0;
	uint32_t sx = sseed, rx = rseed;
	long bad = 0;
	struct pollfd pfd;
	ssize_t r;
	size_t i;

	fcntl(s, F_SETFL, O_NONBLOCK);
	while (sent < BIG || rcvd < BIG) {
		pfd.fd = s;
		pfd.events = (rcvd < BIG ? POLLIN : 0) |
		    (sent < BIG ? POLLOUT : 0);
		if (poll(&pfd, 1, 30000) <= 0) {
			printf("# stalled (pid %d): sent %zu rcvd %zu of %d\n",
			    (int)getpid(), sent, rcvd, BIG);
			tcb_report();
			return (-1);
		}
		if (sent < BIG && (pfd.revents & POLLOUT)) {
			if (spos == slen) {
				slen = MIN(sizeof(sbuf), BIG - sent);
				for (i = 0; i < slen; i++)
					sbuf[i] = (unsigned char)xs(&sx);
				spos = 0;
			}
			r = write(s, sbuf + spos, slen - spos);
			if (r < 0 && errno != EAGAIN)
				return (-1);
			if (r > 0) {
				spos += (size_t)r;
				sent += (size_t)r;
			}
			if (sent == BIG)
				shutdown(s, SHUT_WR);
		}
		if (rcvd < BIG && (pfd.revents & (POLLIN | POLLHUP))) {
			r = read(s, rbuf, sizeof(rbuf));
			if (r == 0)
				return (-1);
			if (r < 0 && errno != EAGAIN)
				return (-1);
			for (i = 0; r > 0 && i < (size_t)r; i++)
				if (rbuf[i] != (unsigned char)xs(&rx))
					bad++;
			if (r > 0)
				rcvd += (size_t)r;
		}
	}
	/* The peer's FIN after its stream, and nothing more. */
	fcntl(s, F_SETFL, 0);
	if (read(s, rbuf, 1) != 0)
		return (-1);
	return (bad);
}

static void
t_bulk(const char *ip)
{
	int c, a, st;
	pid_t pid;
	long bad;
	double t0, t;
	char name[128];

	if (!ok(pair(ip, &c, &a) == 0, "bulk: pair"))
		return;
	t0 = now();
	pid = fork();
	if (pid == 0) {
		close(c);
		bad = duplex(a, 0x2545f491, 0x9e3779b9);
		_exit(bad == 0 ? 0 : 1);
	}
	close(a);
	bad = duplex(c, 0x9e3779b9, 0x2545f491);
	waitpid(pid, &st, 0);
	t = now() - t0;
	snprintf(name, sizeof(name),
	    "%s: 8 MiB each way at once, every byte right (client)", ip);
	is_int(bad, 0, name);
	snprintf(name, sizeof(name),
	    "%s: 8 MiB each way at once, every byte right (server)", ip);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, name);
	printf("# %s: 16 MiB in %.2f s, %.1f MiB/s\n", ip, t,
	    t > 0 ? 16.0 / t : 0.0);
	close(c);
}

static void
t_halfclose(void)
{
	char buf[16];
	int c, a;

	if (!ok(pair("127.0.0.1", &c, &a) == 0, "half-close: pair"))
		return;
	write(c, "last", 4);
	is_int(shutdown(c, SHUT_WR), 0, "shutdown(SHUT_WR)");
	memset(buf, 0, sizeof(buf));
	is_int(readn(a, buf, 4), 4, "data before the FIN arrives");
	is_int(read(a, buf, sizeof(buf)), 0, "then EOF");
	is_int(write(a, "still", 5), 5, "the other way still sends");
	memset(buf, 0, sizeof(buf));
	is_int(readn(c, buf, 5), 5, "and the half-closed side reads");
	is_str(buf, "still", "exact bytes after half-close");
	is_int(errno_of(write(c, "x", 1)), EPIPE,
	    "write after SHUT_WR: EPIPE");
	close(a);
	is_int(read(c, buf, sizeof(buf)), 0, "EOF at the end");
	close(c);
}

static void
t_reset(void)
{
	struct linger l = { 1, 0 };
	struct tcpstat t0, t1;
	char buf[16];
	int c, a;

	tstats(&t0);
	if (!ok(pair("127.0.0.1", &c, &a) == 0, "RST: pair"))
		return;
	is_int(setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0,
	    "SO_LINGER {1, 0}");
	close(c);
	is_int(errno_of(read(a, buf, sizeof(buf))), ECONNRESET,
	    "close with SO_LINGER 0: the peer reads ECONNRESET");
	is_int(errno_of(write(a, "x", 1)), EPIPE,
	    "and then writes EPIPE");
	close(a);
	tstats(&t1);
	ok(t1.tcps_sndrst > t0.tcps_sndrst, "a RST was counted as sent");
	ok(t1.tcps_rcvrst > t0.tcps_rcvrst, "and as received");

	if (!ok(pair("127.0.0.1", &c, &a) == 0, "RST: pair 2"))
		return;
	write(a, "unread", 6);
	/* Wait until it is queued at c, then close without reading. */
	{
		struct pollfd p = { c, POLLIN, 0 };

		poll(&p, 1, 5000);
	}
	close(c);
	is_int(errno_of(read(a, buf, sizeof(buf))), ECONNRESET,
	    "close with unread data: the peer reads ECONNRESET");
	close(a);
}

static void
t_refused(void)
{
	struct sockaddr_in sin;
	int l, port, s;

	l = listener("127.0.0.1", 0, 1, &port);
	close(l);		/* a port nobody listens on now */
	s = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, "127.0.0.1", port);
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, sizeof(sin))),
	    ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EINVAL, "a refused socket cannot connect again: EINVAL");
	close(s);
}

static void
t_nonblock(void)
{
	struct sockaddr_in sin;
	struct pollfd p;
	socklen_t len;
	int l, port, s, a, err = -1;

	l = listener("127.0.0.1", 0, 5, &port);
	fcntl(l, F_SETFL, O_NONBLOCK);
	is_int(errno_of(accept(l, NULL, NULL)), EAGAIN,
	    "accept on a non-blocking listener: EAGAIN");
	s = socket(AF_INET, SOCK_STREAM, 0);
	fcntl(s, F_SETFL, O_NONBLOCK);
	mkaddr(&sin, "127.0.0.1", port);
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EINPROGRESS, "non-blocking connect: EINPROGRESS");
	p.fd = s;
	p.events = POLLOUT;
	is_int(poll(&p, 1, 10000), 1, "then poll says writable");
	len = sizeof(err);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	is_int(err, 0, "with SO_ERROR 0");
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EISCONN, "connect again: EISCONN");
	p.fd = l;
	p.events = POLLIN;
	is_int(poll(&p, 1, 10000), 1, "the listener polls readable");
	a = accept(l, NULL, NULL);
	ok(a >= 0, "accept now succeeds");
	close(a);
	close(s);
	close(l);

	/* Connect refused, non-blocking: the error arrives in SO_ERROR. */
	s = socket(AF_INET, SOCK_STREAM, 0);
	fcntl(s, F_SETFL, O_NONBLOCK);
	mkaddr(&sin, "127.0.0.1", port);
	connect(s, (struct sockaddr *)&sin, sizeof(sin));
	p.fd = s;
	p.events = POLLOUT;
	poll(&p, 1, 10000);
	len = sizeof(err);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	is_int(err, ECONNREFUSED,
	    "non-blocking connect to a closed port: SO_ERROR ECONNREFUSED");
	close(s);
}

static void
t_ready(void)
{
	struct pollfd p;
	struct kevent kev, out;
	struct timespec zero = { 0, 0 }, five = { 5, 0 };
	int c, a, kq;

	if (!ok(pair("127.0.0.1", &c, &a) == 0, "readiness: pair"))
		return;
	p.fd = a;
	p.events = POLLIN;
	is_int(poll(&p, 1, 0), 0, "nothing to read: poll 0");
	kq = kqueue();
	EV_SET(&kev, a, EVFILT_READ, EV_ADD, 0, 0, NULL);
	is_int(kevent(kq, &kev, 1, &out, 1, &zero), 0,
	    "kevent: not readable yet");
	write(c, "12345", 5);
	is_int(kevent(kq, NULL, 0, &out, 1, &five), 1,
	    "kevent: readable after a write");
	is_int(out.data, 5, "EVFILT_READ data: 5 bytes");
	is_int(poll(&p, 1, 5000), 1, "poll: readable");
	ok(p.revents & POLLIN, "POLLIN set");
	p.events = POLLOUT;
	is_int(poll(&p, 1, 0), 1, "an empty send buffer polls writable");
	close(kq);
	close(c);
	close(a);
}

static void
t_bind(void)
{
	struct sockaddr_in sin;
	int l, port, s, c, a, one = 1, n, omsl;

	/* TIME_WAIT must outlast a loaded machine's few system calls. */
	omsl = sysint("net.inet.tcp.msl", 1000);
	l = listener("127.0.0.1", 0, 5, &port);
	s = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, "127.0.0.1", port);
	is_int(errno_of(bind(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "bind to a listener's port: EADDRINUSE");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	is_int(errno_of(bind(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "even with SO_REUSEADDR while it listens");
	close(s);

	/* The server closes first: its side of the port is in TIME_WAIT. */
	c = connect_to("127.0.0.1", port);
	a = accept(l, NULL, NULL);
	close(l);
	close(a);
	{
		char b;

		read(c, &b, 1);		/* the server's FIN */
	}
	close(c);
	n = 0;
	while (pcb_count(port, TCPS_TIME_WAIT) != 1 && n++ < 100)
		msleep(20);
	is_int(pcb_count(port, TCPS_TIME_WAIT), 1,
	    "the active closer's pcb is in TIME_WAIT in the pcblist");
	s = socket(AF_INET, SOCK_STREAM, 0);
	is_int(errno_of(bind(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "bind over TIME_WAIT: EADDRINUSE");
	close(s);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	is_int(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "bind over TIME_WAIT with SO_REUSEADDR");
	close(s);
	sysint("net.inet.tcp.msl", omsl);
	is_int(pcb_wait_gone(port, -1), 0, "TIME_WAIT ends after 2MSL");
	s = socket(AF_INET, SOCK_STREAM, 0);
	is_int(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "then the port binds without SO_REUSEADDR");
	close(s);
}

static uint64_t
isr_counter(const char *name)
{
	uint64_t v = 0;
	size_t len = sizeof(v);

	sysctlbyname(name, &v, &len, NULL, 0);
	return (v);
}

/*
 * Segmenting on lo0: one 32 KiB write into an idle connection (send
 * buffer and peer window both larger, the congestion window 4 MSS)
 * must leave as two full segments of the MSS, 16332, and the 104
 * bytes left over, however sosend and the lo0 input path hand the
 * data around.  With net.isr.defer 1 TCP's own segments are run in
 * netisr 0 after it sent them (net.isr.deferred); with 0 they take
 * the old path through the queue and nothing is deferred.
 */
static void
t_segments(int defer)
{
	static char out[32768], in[32768];
	struct tcpstat t0, t1;
	uint64_t d0, d1;
	char name[100];
	size_t i;
	int c, a, odefer;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 7 + defer);
	odefer = sysint("net.isr.defer", defer);
	snprintf(name, sizeof(name), "segments (defer %d): pair", defer);
	if (!ok(odefer >= 0 && pair("127.0.0.1", &c, &a) == 0, name)) {
		if (odefer >= 0)
			sysint("net.isr.defer", odefer);
		return;
	}
	tstats(&t0);
	d0 = isr_counter("net.isr.deferred");
	snprintf(name, sizeof(name), "segments (defer %d): one 32 KiB write",
	    defer);
	is_int((int)write(c, out, sizeof(out)), (int)sizeof(out), name);
	snprintf(name, sizeof(name), "segments (defer %d): all of it read, "
	    "intact", defer);
	ok(readn(a, in, sizeof(in)) == sizeof(in) &&
	    memcmp(in, out, sizeof(in)) == 0, name);
	tstats(&t1);
	d1 = isr_counter("net.isr.deferred");
	snprintf(name, sizeof(name), "segments (defer %d): 3 data segments "
	    "sent (16332 + 16332 + 104)", defer);
	is_int((int)(t1.tcps_sndpack - t0.tcps_sndpack), 3, name);
	snprintf(name, sizeof(name), "segments (defer %d): 32768 data bytes "
	    "sent", defer);
	is_int((int)(t1.tcps_sndbyte - t0.tcps_sndbyte), 32768, name);
	snprintf(name, sizeof(name), "segments (defer %d): 3 received in "
	    "sequence", defer);
	is_int((int)(t1.tcps_rcvpack - t0.tcps_rcvpack), 3, name);
	snprintf(name, sizeof(name), "segments (defer %d): nothing "
	    "resent", defer);
	is_int((int)(t1.tcps_sndrexmitpack - t0.tcps_sndrexmitpack), 0,
	    name);
	if (defer) {
		snprintf(name, sizeof(name), "segments (defer 1): the data "
		    "segments were run in netisr 0 (net.isr.deferred +%llu)",
		    (unsigned long long)(d1 - d0));
		ok(d1 - d0 >= 3, name);
	} else {
		snprintf(name, sizeof(name), "segments (defer 0): "
		    "net.isr.deferred unchanged");
		is_int((int)(d1 - d0), 0, name);
	}
	close(c);
	close(a);
	sysint("net.isr.defer", odefer);
}

static void
t_options(void)
{
	int c, a, v;
	socklen_t len;

	if (!ok(pair("127.0.0.1", &c, &a) == 0, "options: pair"))
		return;
	len = sizeof(v);
	is_int(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len), 0,
	    "get TCP_NODELAY");
	is_int(v, 0, "TCP_NODELAY off by default");
	v = 1;
	is_int(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)), 0,
	    "set TCP_NODELAY");
	len = sizeof(v);
	getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len);
	is_int(v, 1, "TCP_NODELAY now on");
	len = sizeof(v);
	getsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &v, &len);
	/* lo0's MTU 16384 - 40 header bytes - 12 timestamp option bytes */
	is_int(v, 16332, "TCP_MAXSEG on lo0 with timestamps: 16332");
	v = 1000;
	is_int(setsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &v, sizeof(v)), 0,
	    "lower TCP_MAXSEG to 1000");
	len = sizeof(v);
	getsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &v, &len);
	is_int(v, 1000, "TCP_MAXSEG reads 1000");
	v = 10;
	is_int(errno_of(setsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &v,
	    sizeof(v))), EINVAL, "TCP_MAXSEG 10: EINVAL");
	v = 1;
	is_int(errno_of(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, 2)),
	    EINVAL, "short option value: EINVAL");
	is_int(errno_of(setsockopt(c, IPPROTO_TCP, 0x7777, &v, sizeof(v))),
	    ENOPROTOOPT, "unknown TCP option: ENOPROTOOPT");
	len = sizeof(v);
	is_int(errno_of(getsockopt(c, IPPROTO_TCP, TCP_NODELAY,
	    (void *)16, &len)), EFAULT, "getsockopt into a bad pointer: EFAULT");
	v = 7;
	is_int(setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof(v)), 0,
	    "set TCP_KEEPIDLE 7");
	len = sizeof(v);
	getsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len);
	is_int(v, 7, "TCP_KEEPIDLE reads 7");
	v = 0;
	is_int(errno_of(setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &v,
	    sizeof(v))), EINVAL, "TCP_KEEPINTVL 0: EINVAL");
	close(c);
	close(a);
}

static void
t_flags(void)
{
	char buf[64];
	int c, a, st;
	pid_t pid;

	if (!ok(pair("127.0.0.1", &c, &a) == 0, "flags: pair"))
		return;
	write(c, "peekaboo", 8);
	memset(buf, 0, sizeof(buf));
	is_int(recv(a, buf, 4, MSG_PEEK | MSG_WAITALL), 4, "MSG_PEEK 4");
	is_str(buf, "peek", "peeked bytes");
	memset(buf, 0, sizeof(buf));
	is_int(readn(a, buf, 8), 8, "then read all 8");
	is_str(buf, "peekaboo", "the peeked bytes are still there");
	is_int(errno_of(send(c, "!", 1, MSG_OOB)), EOPNOTSUPP,
	    "send MSG_OOB: EOPNOTSUPP");
	is_int(errno_of(recv(a, buf, 1, MSG_OOB)), EOPNOTSUPP,
	    "recv MSG_OOB: EOPNOTSUPP");

	/* MSG_WAITALL gathers three separate writes. */
	pid = fork();
	if (pid == 0) {
		int i;

		for (i = 0; i < 3; i++) {
			write(c, "0123456789", 10);
			msleep(30);
		}
		_exit(0);
	}
	memset(buf, 0, sizeof(buf));
	is_int(recv(a, buf, 30, MSG_WAITALL), 30,
	    "MSG_WAITALL returns all 30 bytes of three writes");
	is_str(buf, "012345678901234567890123456789", "in order");
	waitpid(pid, &st, 0);
	close(c);
	close(a);
}

static void
t_backlog(void)
{
	struct sockaddr_in sin;
	struct tcpstat t0, t1;
	struct pollfd p;
	int l, port, s[3], i, oldinit, err;
	socklen_t len;

	tstats(&t0);
	l = listener("127.0.0.1", 0, 1, &port);
	mkaddr(&sin, "127.0.0.1", port);
	/* Backlog 1 holds 3/2 of it: one queued connection, and a second. */
	for (i = 0; i < 2; i++) {
		s[i] = socket(AF_INET, SOCK_STREAM, 0);
		is_int(connect(s[i], (struct sockaddr *)&sin, sizeof(sin)), 0,
		    "backlog 1: connection completes");
	}
	oldinit = sysint("net.inet.tcp.keepinit", 1500);
	s[2] = socket(AF_INET, SOCK_STREAM, 0);
	is_int(errno_of(connect(s[2], (struct sockaddr *)&sin, sizeof(sin))),
	    ETIMEDOUT, "the next one's SYNs are dropped: ETIMEDOUT");
	sysint("net.inet.tcp.keepinit", oldinit);
	close(s[2]);
	tstats(&t1);
	ok(t1.tcps_listendrop > t0.tcps_listendrop,
	    "dropped SYNs counted in listendrop");
	is_int((long long)(t1.tcps_conntimeo - t0.tcps_conntimeo), 1,
	    "one connect timeout counted");
	/* After an accept there is room again. */
	close(accept(l, NULL, NULL));
	s[2] = socket(AF_INET, SOCK_STREAM, 0);
	fcntl(s[2], F_SETFL, O_NONBLOCK);
	connect(s[2], (struct sockaddr *)&sin, sizeof(sin));
	p.fd = s[2];
	p.events = POLLOUT;
	poll(&p, 1, 10000);
	len = sizeof(err);
	err = -1;
	getsockopt(s[2], SOL_SOCKET, SO_ERROR, &err, &len);
	is_int(err, 0, "after an accept a new connection gets in");
	for (i = 0; i < 3; i++)
		close(s[i]);
	close(l);
}

static void
t_keepalive(void)
{
	struct tcpstat t0, t1;
	int c, a, one = 1, oidle, ointvl, i;
	char b;

	oidle = sysint("net.inet.tcp.keepidle", 100);
	ointvl = sysint("net.inet.tcp.keepintvl", 100);
	tstats(&t0);
	if (!ok(pair("127.0.0.1", &c, &a) == 0, "keepalive: pair"))
		goto out;
	is_int(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)),
	    0, "SO_KEEPALIVE on");
	for (i = 0; i < 100; i++) {
		tstats(&t1);
		if (t1.tcps_keepprobe >= t0.tcps_keepprobe + 2)
			break;
		msleep(50);
	}
	ok(t1.tcps_keepprobe >= t0.tcps_keepprobe + 2,
	    "an idle connection sends keepalive probes");
	is_int((long long)(t1.tcps_keepdrops - t0.tcps_keepdrops), 0,
	    "the answered probes drop nothing");
	write(a, "k", 1);
	is_int(read(c, &b, 1), 1, "the connection still works");
	close(c);
	close(a);
out:
	sysint("net.inet.tcp.keepidle", oidle);
	sysint("net.inet.tcp.keepintvl", ointvl);
}

/*
 * accept(2) waits on a predicate message that TCP's thread holds on the
 * listener (soaccept_wait): a connection ends the wait, a signal
 * withdraws it (EINTR without SA_RESTART), and shutdown(SHUT_RD) of the
 * listener ends it and every later accept with ECONNABORTED.
 */
static void
on_alrm(int sig)
{
	(void)sig;
}

static void
t_accept_wait(void)
{
	struct sigaction sa;
	struct itimerval it;
	double t0;
	pid_t pid;
	char ch = 0;
	int l, port, a, c, e;

	l = listener("127.0.0.1", 0, 5, &port);
	pid = fork();
	if (pid == 0) {
		msleep(300);
		c = connect_to("127.0.0.1", port);
		_exit(c >= 0 && write(c, "w", 1) == 1 && read(c, &ch, 1) == 0 ?
		    0 : 1);
	}
	t0 = now();
	a = accept(l, NULL, NULL);
	ok(a >= 0 && now() - t0 >= 0.2,
	    "a blocked accept wakes when a client connects 300 ms later");
	ok(a >= 0 && read(a, &ch, 1) == 1 && ch == 'w', "... its byte arrives");
	close(a);
	is_int(wait_status(pid), 0, "... the client child");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 200000;
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = now();
	e = errno_of(accept(l, NULL, NULL));
	is_int(e, EINTR, "a blocked accept and a signal: EINTR");
	ok(now() - t0 >= 0.15, "... when the signal came, not before");
	signal(SIGALRM, SIG_DFL);
	c = connect_to("127.0.0.1", port);
	a = accept(l, NULL, NULL);
	ok(c >= 0 && a >= 0, "the withdrawn wait left the listener working");
	close(a);
	close(c);

	/* An accept filter holds a TCP connection until its data come. */
	{
		struct accept_filter_arg afa;
		struct pollfd pfd;

		memset(&afa, 0, sizeof(afa));
		strlcpy(afa.af_name, "dataready", sizeof(afa.af_name));
		ok(setsockopt(l, SOL_SOCKET, SO_ACCEPTFILTER, &afa,
		    sizeof(afa)) == 0, "SO_ACCEPTFILTER dataready on TCP");
		c = connect_to("127.0.0.1", port);
		ok(c >= 0, "... a client connects (the handshake completes)");
		pfd.fd = l;
		pfd.events = POLLIN;
		is_int(poll(&pfd, 1, 300), 0,
		    "... no data: the listener stays unready for 300 ms");
		write(c, "d", 1);
		is_int(poll(&pfd, 1, 5000), 1, "... one byte: ready");
		a = accept(l, NULL, NULL);
		ok(a >= 0 && read(a, &ch, 1) == 1 && ch == 'd',
		    "... accept returns it, with the byte");
		close(a);
		close(c);
		ok(setsockopt(l, SOL_SOCKET, SO_ACCEPTFILTER, NULL, 0) == 0,
		    "... the filter removed");
	}

	is_int(errno_of(shutdown(l, SHUT_RD)), ENOTCONN,
	    "shutdown(SHUT_RD) of a listener: ENOTCONN, as on FreeBSD");
	is_int(errno_of(accept(l, NULL, NULL)), ECONNABORTED,
	    "... and accept then says ECONNABORTED");
	close(l);
}

static void
t_badargs(void)
{
	struct sockaddr_in sin;
	int s, c, a;
	char buf[4];

	s = socket(AF_INET, SOCK_STREAM, 0);
	is_int(errno_of(connect(s, (struct sockaddr *)16, sizeof(sin))),
	    EFAULT, "connect with a bad address pointer: EFAULT");
	mkaddr(&sin, "127.0.0.1", 9);
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, 4)), EINVAL,
	    "connect with a short address: EINVAL");
	sin.sin_family = AF_UNIX;
	is_int(errno_of(connect(s, (struct sockaddr *)&sin, sizeof(sin))),
	    EAFNOSUPPORT, "connect to another family: EAFNOSUPPORT");
	is_int(errno_of(write(s, "x", 1)), ENOTCONN,
	    "write on an unconnected socket: ENOTCONN");
	is_int(errno_of(read(s, buf, 1)), ENOTCONN,
	    "read on an unconnected socket: ENOTCONN");
	close(s);
	if (pair("127.0.0.1", &c, &a) == 0) {
		is_int(errno_of(listen(c, 5)), EINVAL,
		    "listen on a connected socket: EINVAL");
		is_int(errno_of(write(c, (void *)16, 10)), EFAULT,
		    "write from a bad buffer: EFAULT");
		close(c);
		close(a);
	}
}

static int
alias(int add)
{
	struct ifaliasreq ifra;
	struct ifreq ifr;
	struct sockaddr_in *sin;
	int s, r;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (add) {
		memset(&ifra, 0, sizeof(ifra));
		strlcpy(ifra.ifra_name, "lo0", sizeof(ifra.ifra_name));
		sin = (struct sockaddr_in *)&ifra.ifra_addr;
		mkaddr(sin, "127.0.0.2", 0);
		sin = (struct sockaddr_in *)&ifra.ifra_mask;
		mkaddr(sin, "255.0.0.0", 0);
		r = ioctl(s, SIOCAIFADDR, &ifra);
	} else {
		memset(&ifr, 0, sizeof(ifr));
		strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
		mkaddr((struct sockaddr_in *)&ifr.ifr_addr, "127.0.0.2", 0);
		r = ioctl(s, SIOCDIFADDR, &ifr);
	}
	close(s);
	return (r);
}

int
main(void)
{
	struct tcpstat t0, t1;
	int omsl, c, a, i, so0, so1;
	long long mb0, mb1;

	signal(SIGPIPE, SIG_IGN);
	so0 = nsockets();
	mb0 = nmbufs();
	omsl = sysint("net.inet.tcp.msl", 100);
	ok(omsl > 0, "net.inet.tcp.msl set to 100 ms");

	tstats(&t0);
	t_basic("127.0.0.1");
	tstats(&t1);
	is_int((long long)(t1.tcps_connattempt - t0.tcps_connattempt), 1,
	    "stats: one connect attempt");
	is_int((long long)(t1.tcps_accepts - t0.tcps_accepts), 1,
	    "stats: one connection accepted");
	is_int((long long)(t1.tcps_connects - t0.tcps_connects), 2,
	    "stats: established on both sides");
	ok(t1.tcps_sndbyte - t0.tcps_sndbyte == 15,
	    "stats: 15 data bytes sent");
	ok(t1.tcps_rcvbyte - t0.tcps_rcvbyte == 15,
	    "stats: 15 data bytes received in order");

	if (pair("127.0.0.1", &c, &a) == 0) {
		uint64_t st[TCP_NSTATES];
		size_t len = sizeof(st);

		is_int(sysctlbyname("net.inet.tcp.states", st, &len, NULL, 0),
		    0, "net.inet.tcp.states reads");
		ok(st[TCPS_ESTABLISHED] >= 2,
		    "at least 2 connections ESTABLISHED");
		close(c);
		close(a);
	}

	t_halfclose();
	t_reset();
	t_refused();
	t_nonblock();
	t_accept_wait();
	t_ready();
	t_bind();
	t_options();
	t_flags();
	t_backlog();
	t_keepalive();
	t_badargs();
	t_segments(1);
	t_segments(0);
	t_bulk("127.0.0.1");
	/* The synchronous send path, kept for comparison, still works. */
	is_int(sysint("net.inet.tcp.async_send", 0), 1,
	    "net.inet.tcp.async_send is 1 by default; set to 0");
	t_bulk("127.0.0.1");
	is_int(sysint("net.inet.tcp.async_send", 1), 0,
	    "... and back to 1");
	is_int(sysint("net.inet.tcp.async_send", 2), -1,
	    "net.inet.tcp.async_send=2: refused");

	if (ok(alias(1) == 0, "add 127.0.0.2 to lo0")) {
		t_basic("127.0.0.2");
		t_bulk("127.0.0.2");
		/* Nothing may stay bound to the address we remove. */
		for (i = 0; i < 100 && pcb_count(-1, -1) > 0; i++)
			msleep(50);
		ok(alias(0) == 0, "remove 127.0.0.2");
	}

	/* Leave no TIME_WAIT behind for the leak counters. */
	for (i = 0; i < 100; i++) {
		char *p;
		size_t len = 0;

		sysctlbyname("net.inet.tcp.pcblist", NULL, &len, NULL, 0);
		p = malloc(len);
		if (p != NULL && sysctlbyname("net.inet.tcp.pcblist", p, &len,
		    NULL, 0) == 0 && ((struct xinpgen *)p)->xig_count == 0) {
			free(p);
			break;
		}
		free(p);
		msleep(50);
	}
	if (!ok(i < 100, "every TCP pcb is gone at the end")) {
		pcb_report();
		tcb_report();
	}
	/* A socket TCP lets go of may be freed a moment after its pcb. */
	for (i = 0; i < 40 && nsockets() != so0; i++)
		msleep(50);
	so1 = nsockets();
	mb1 = nmbufs();
	if (!is_int(so1, so0, "as many sockets open as at the start"))
		printf("# left: %d sockets more than at the start\n",
		    so1 - so0);
	/* Other traffic may hold mbufs: the count is a diagnostic only. */
	printf("# mbufs in use: %lld at the start, %lld at the end\n", mb0,
	    mb1);
	sysint("net.inet.tcp.msl", omsl);
	return (done());
}
