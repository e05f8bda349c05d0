/*
 * t_fastpath: the protocol-specialised socket data paths, sosendudp
 * (UDP's pru_sosend) and sorecvtcp (TCP's pru_soreceive), in
 * sys/kern/uipc_socket.c.  Each check reads kern.ipc.sosendudp_calls
 * or kern.ipc.sorecvtcp_calls around one call and wants it grown by
 * exactly the calls that should have taken the fast path (0 for those
 * that fall back to sosend/soreceive: MSG_PEEK, and sends that fail
 * sosend's checks), so a protocol whose hook is not wired fails here;
 * and that each path keeps the general routine's semantics: exact
 * bytes, datagram boundaries and sizes (a 0-byte and a 9216-byte
 * datagram of three clusters), EMSGSIZE, EDESTADDRREQ, EISCONN, EPIPE;
 * for TCP, MSG_WAITALL returning the part read at SO_RCVTIMEO,
 * SO_RCVLOWAT holding a read back, EWOULDBLOCK, EOF after the data,
 * EFAULT losing nothing, and a 1 MiB transfer through 128 KiB buffers
 * that only completes if the reads open TCP's window.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"
#include "util.h"

/* A kern.ipc counter, or UINT64_MAX if it cannot be read. */
static uint64_t
counter(const char *name)
{
	uint64_t v;
	size_t len = sizeof(v);

	if (sysctlbyname(name, &v, &len, NULL, 0) != 0 || len != sizeof(v))
		return (UINT64_MAX);
	return (v);
}

#define UDPC	"kern.ipc.sosendudp_calls"
#define TCPC	"kern.ipc.sorecvtcp_calls"

static int
udp_bound(void)
{
	struct sockaddr_in sin;
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	mkaddr(&sin, "127.0.0.1", 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		return (-1);
	return (s);
}

static void
set_timeo(int s, int opt, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	setsockopt(s, SOL_SOCKET, opt, &tv, sizeof(tv));
}

static void
t_udp(void)
{
	struct sockaddr_in to, from;
	socklen_t flen;
	unsigned char *big, *in;
	uint64_t c0, c1;
	int a, b, i, bad;

	ok(counter(UDPC) != UINT64_MAX, "kern.ipc.sosendudp_calls exists");
	a = udp_bound();
	b = udp_bound();
	if (!ok(a >= 0 && b >= 0, "udp: two bound sockets"))
		return;
	mkaddr(&to, "127.0.0.1", local_port(b));
	big = malloc(9216);
	in = malloc(9217);
	for (i = 0; i < 9216; i++)
		big[i] = (unsigned char)(i * 7 + 3);

	i = 0;
	flen = sizeof(i);
	getsockopt(a, SOL_SOCKET, SO_SNDBUF, &i, &flen);
	is_int(i, 9216, "udp: SO_SNDBUF is net.inet.udp.maxdgram, 9216");
	c0 = counter(UDPC);
	is_int(sendto(a, "fastpath", 8, 0, (struct sockaddr *)&to,
	    sizeof(to)), 8, "udp: sendto 8 bytes");
	c1 = counter(UDPC);
	is_int((long long)(c1 - c0), 1, "udp: the send took sosendudp");
	flen = sizeof(from);
	is_int(recvfrom(b, in, 100, 0, (struct sockaddr *)&from, &flen), 8,
	    "udp: 8 bytes received");
	ok(memcmp(in, "fastpath", 8) == 0, "udp: the same bytes");
	is_int(ntohs(from.sin_port), local_port(a), "udp: from the sender");

	/* A 0-byte datagram is real. */
	c0 = counter(UDPC);
	is_int(sendto(a, big, 0, 0, (struct sockaddr *)&to, sizeof(to)), 0,
	    "udp: a 0-byte datagram");
	is_int(recv(b, in, 100, 0), 0, "udp: received as 0 bytes");
	/* The largest datagram (net.inet.udp.maxdgram): three clusters. */
	is_int(sendto(a, big, 9216, 0, (struct sockaddr *)&to, sizeof(to)),
	    9216, "udp: a 9216-byte datagram");
	is_int(recv(b, in, 9217, 0), 9216, "udp: received whole");
	ok(memcmp(in, big, 9216) == 0, "udp: every byte of it");
	is_int((long long)(counter(UDPC) - c0), 2,
	    "udp: both through sosendudp");

	/* Failures: sosend's errnos, and nothing counted. */
	c0 = counter(UDPC);
	is_int(errno_of(sendto(a, big, 9217, 0, (struct sockaddr *)&to,
	    sizeof(to))), EMSGSIZE, "udp: 9217 bytes: EMSGSIZE");
	is_int(errno_of(send(a, "x", 1, 0)), EDESTADDRREQ,
	    "udp: send unconnected: EDESTADDRREQ");
	is_int((long long)(counter(UDPC) - c0), 0,
	    "udp: refused sends are not counted");

	/* Connected: write() and send() go the same way; EISCONN. */
	is_int(connect(a, (struct sockaddr *)&to, sizeof(to)), 0,
	    "udp: connect");
	c0 = counter(UDPC);
	is_int(write(a, "w1", 2), 2, "udp: write on a connected socket");
	is_int(send(a, "s2", 2, 0), 2, "udp: send on a connected socket");
	is_int((long long)(counter(UDPC) - c0), 2,
	    "udp: write and send both took sosendudp");
	is_int(recv(b, in, 100, 0), 2, "udp: first datagram");
	ok(memcmp(in, "w1", 2) == 0, "udp: in order (w1)");
	is_int(recv(b, in, 100, 0), 2, "udp: second datagram");
	ok(memcmp(in, "s2", 2) == 0, "udp: in order (s2)");
	is_int(errno_of(sendto(a, "x", 1, 0, (struct sockaddr *)&to,
	    sizeof(to))), EISCONN, "udp: sendto with an address: EISCONN");
	is_int(shutdown(a, SHUT_WR), 0, "udp: shutdown SHUT_WR");
	is_int(errno_of(send(a, "x", 1, MSG_NOSIGNAL)), EPIPE,
	    "udp: send after shutdown: EPIPE");

	/* Many small datagrams: counted one each, none lost or reordered. */
	close(a);
	a = udp_bound();
	c0 = counter(UDPC);
	bad = 0;
	for (i = 0; i < 32; i++) {
		unsigned char v = (unsigned char)i;

		if (sendto(a, &v, 1, 0, (struct sockaddr *)&to,
		    sizeof(to)) != 1)
			bad++;
	}
	for (i = 0; i < 32; i++) {
		if (recv(b, in, 100, MSG_DONTWAIT) != 1 || in[0] != i)
			bad++;
	}
	is_int(bad, 0, "udp: 32 datagrams sent and received in order");
	is_int((long long)(counter(UDPC) - c0), 32,
	    "udp: 32 sends through sosendudp");
	free(big);
	free(in);
	close(a);
	close(b);
}

/*
 * Close with a RST (SO_LINGER 0): no TIME_WAIT pcb outlives the test
 * (t_tcp and sockstat's regress want none left).
 */
static void
close_rst(int s)
{
	struct linger l = { 1, 0 };

	setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(s);
}

/* A connected TCP pair on 127.0.0.1: *c client, *a accepted. */
static int
tcp_pair(int *c, int *a)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int l, one = 1;

	l = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, "127.0.0.1", 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(l, 1) != 0 ||
	    getsockname(l, (struct sockaddr *)&sin, &len) != 0)
		return (-1);
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(*c, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		return (-1);
	*a = accept(l, NULL, NULL);
	close(l);
	setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return (*a >= 0 ? 0 : -1);
}

static void
t_tcp(void)
{
	char buf[256];
	uint64_t c0;
	int c, a, lowat;

	ok(counter(TCPC) != UINT64_MAX, "kern.ipc.sorecvtcp_calls exists");
	if (!ok(tcp_pair(&c, &a) == 0, "tcp: pair"))
		return;
	set_timeo(a, SO_RCVTIMEO, 300);

	/* A plain recv and a read() take the fast path; a peek does not. */
	is_int(write(c, "hello, world", 12), 12, "tcp: write 12");
	c0 = counter(TCPC);
	is_int(recv(a, buf, 5, MSG_PEEK | MSG_WAITALL), 5, "tcp: peek 5");
	is_int((long long)(counter(TCPC) - c0), 0,
	    "tcp: MSG_PEEK goes to soreceive");
	c0 = counter(TCPC);
	is_int(recv(a, buf, 5, MSG_WAITALL), 5, "tcp: recv 5");
	ok(memcmp(buf, "hello", 5) == 0, "tcp: hello");
	is_int(read(a, buf, sizeof(buf)), 7, "tcp: read the other 7");
	ok(memcmp(buf, ", world", 7) == 0, "tcp: , world");
	is_int((long long)(counter(TCPC) - c0), 2,
	    "tcp: recv and read took sorecvtcp");

	/* MSG_WAITALL cut short by SO_RCVTIMEO returns what it had. */
	is_int(write(c, "0123456789", 10), 10, "tcp: write 10");
	is_int(recv(a, buf, 100, MSG_WAITALL), 10,
	    "tcp: MSG_WAITALL for 100 returns the 10 at the timeout");
	ok(memcmp(buf, "0123456789", 10) == 0, "tcp: the 10 bytes");
	is_int(errno_of(recv(a, buf, 100, 0)), EAGAIN,
	    "tcp: nothing queued: EAGAIN at SO_RCVTIMEO");
	is_int(errno_of(recv(a, buf, 100, MSG_DONTWAIT)), EWOULDBLOCK,
	    "tcp: MSG_DONTWAIT: EWOULDBLOCK");

	/* SO_RCVLOWAT holds a blocking read back; MSG_DONTWAIT does not. */
	lowat = 20;
	setsockopt(a, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof(lowat));
	is_int(write(c, "abcdefghij", 10), 10, "tcp: write 10 under lowat");
	is_int(errno_of(recv(a, buf, 100, 0)), EAGAIN,
	    "tcp: 10 < SO_RCVLOWAT 20: waits, EAGAIN at the timeout");
	is_int(write(c, "klmnopqrst", 10), 10, "tcp: 10 more");
	is_int(recv(a, buf, 100, 0), 20, "tcp: lowat met: 20 bytes");
	ok(memcmp(buf, "abcdefghijklmnopqrst", 20) == 0, "tcp: in order");
	is_int(write(c, "uv", 2), 2, "tcp: write 2");
	usleep(100000);		/* let it arrive: no waiting below */
	is_int(recv(a, buf, 100, MSG_DONTWAIT), 2,
	    "tcp: MSG_DONTWAIT ignores SO_RCVLOWAT");
	lowat = 1;
	setsockopt(a, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof(lowat));

	/* EFAULT keeps the data queued. */
	is_int(write(c, "keep", 4), 4, "tcp: write 4");
	usleep(100000);
	is_int(errno_of(recv(a, (void *)8, 4, 0)), EFAULT,
	    "tcp: recv into a bad pointer: EFAULT");
	is_int(recv(a, buf, 100, 0), 4, "tcp: the 4 bytes are still there");
	ok(memcmp(buf, "keep", 4) == 0, "tcp: keep");

	/* EOF after the data; zero-length read with data. */
	is_int(write(c, "end", 3), 3, "tcp: write 3");
	is_int(shutdown(c, SHUT_WR), 0, "tcp: shutdown SHUT_WR");
	is_int(recv(a, buf, 0, 0), 0, "tcp: a 0-byte recv");
	is_int(recv(a, buf, 100, MSG_WAITALL), 3,
	    "tcp: MSG_WAITALL stops at EOF with the 3 bytes");
	is_int(recv(a, buf, 100, 0), 0, "tcp: then EOF: 0");
	close_rst(a);
	close_rst(c);
}

/*
 * 1 MiB through 128 KiB of receive buffer, read in 1000-byte pieces by
 * a child: TCP's window reopens only when the reads tell it they took
 * data (PR_ASYNC_RCVD), so without that the transfer would stall.
 */
static void
t_tcp_bulk(void)
{
	enum { TOTAL = 1 << 20 };
	static unsigned char out[65536];
	unsigned char in[1000];
	uint64_t c0;
	pid_t pid;
	int c, a, i, st;
	long got = 0, bad = 0;
	ssize_t n;

	if (!ok(tcp_pair(&c, &a) == 0, "bulk: pair"))
		return;
	for (i = 0; i < (int)sizeof(out); i++)
		out[i] = (unsigned char)(i % 251);
	c0 = counter(TCPC);
	pid = fork();
	if (pid == 0) {
		close(a);
		/* The parent's RST ends it; no TIME_WAIT here either. */
		for (i = 0; i < TOTAL / (int)sizeof(out); i++)
			if (write(c, out, sizeof(out)) != (ssize_t)sizeof(out))
				_exit(1);
		_exit(0);
	}
	close(c);
	set_timeo(a, SO_RCVTIMEO, 10000);
	while (got < TOTAL) {
		n = recv(a, in, sizeof(in), 0);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++)
			if (in[i] != (unsigned char)((got + i) % 65536 % 251))
				bad++;
		got += n;
	}
	waitpid(pid, &st, 0);
	is_int(got, TOTAL, "bulk: 1 MiB received");
	is_int(bad, 0, "bulk: every byte right");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "bulk: the writer is done");
	ok(counter(TCPC) - c0 >= (uint64_t)(TOTAL / sizeof(in)),
	    "bulk: every read took sorecvtcp");
	close_rst(a);
}

int
main(void)
{
	t_udp();
	t_tcp();
	t_tcp_bulk();
	return (done());
}
