/*
 * t_udp_race: UDP sends run in the sending thread (PR_DIRECT_SEND), so
 * they now meet the socket's other requests and its input in different
 * threads on different CPUs.  This test races them through the system
 * calls and counts exactly:
 *  - two processes sending on one unbound socket at once (the implicit
 *    bind on the first send must happen once: every datagram comes from
 *    one port), in windows with a pipe go-ahead so that nothing can be
 *    dropped for a full buffer, each sender's datagrams all received,
 *    once, in its order (lo0 delivers a direct sender's datagrams in the
 *    sender's own thread); with net.inet.udp.direct_send 1 and 0;
 *  - an explicit bind racing a child's first send on the same socket
 *    (exactly one wins; the port is then really taken), a close racing a
 *    child's sends, and a rebind of the port the moment the last close
 *    freed it, with the datagrams of both counted;
 *  - a receiver closed while a child sends to it;
 * and at the end no UDP pcb and no mbuf is left over.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/mbuf.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"
#include "util.h"

#define NSEND	2		/* sending processes */
#define WINDOW	16		/* datagrams each sends before a go-ahead */
#define NWIN	25		/* windows: 400 datagrams each */
#define ROUNDS	40		/* bind / close / rebind races */
#define BURST	8		/* datagrams a racing child sends */

struct dgram {
	uint32_t	id;	/* sender, 0.. */
	uint32_t	seq;	/* its sequence number, from 0 */
	uint32_t	round;	/* race round, or ~0 */
	uint32_t	pad[13]; /* 64 bytes in all, as udp-rate sends */
};

/* A receiver on 127.0.0.1 with room for more than a window of each. */
static int
receiver(void)
{
	struct sockaddr_in sin;
	int s, sz = 256 * 1024;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	mkaddr(&sin, "127.0.0.1", 0);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(s);
		return (-1);
	}
	return (s);
}

/* Receive one datagram within 3 s; its length, or -1. */
static ssize_t
recv_wait(int s, struct dgram *d, int *sport)
{
	struct pollfd pfd = { .fd = s, .events = POLLIN };
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n;

	if (poll(&pfd, 1, 3000) != 1)
		return (-1);
	n = recvfrom(s, d, sizeof(*d), 0, (struct sockaddr *)&from, &flen);
	if (n >= 0 && sport != NULL)
		*sport = ntohs(from.sin_port);
	return (n);
}

static int
udp_pcbcount(void)
{
	struct xinpgen *hdr;
	size_t len = 0;
	char *buf;
	int n = -1;

	if (sysctlbyname("net.inet.udp.pcblist", NULL, &len, NULL, 0) != 0)
		return (-1);
	buf = malloc(len);
	if (buf != NULL && sysctlbyname("net.inet.udp.pcblist", buf, &len,
	    NULL, 0) == 0) {
		hdr = (struct xinpgen *)buf;
		n = (int)hdr->xig_count;
	}
	free(buf);
	return (n);
}

/* mbufs plus clusters in use, all CPUs; -1 if unreadable. */
static long long
mbufs_inuse(void)
{
	struct mbstat st;
	size_t len = sizeof(st);

	if (sysctlbyname("kern.ipc.mbstat", &st, &len, NULL, 0) != 0 ||
	    len != sizeof(st))
		return (-1);
	return (st.m_mbufs + st.m_clusters + st.m_jclusters);
}

static unsigned long long
isr_counter(const char *name)
{
	uint64_t v = 0;
	size_t len = sizeof(v);

	sysctlbyname(name, &v, &len, NULL, 0);
	return (v);
}

static int
set_direct(int v)
{
	return (sysctlbyname("net.inet.udp.direct_send", NULL, NULL, &v,
	    sizeof(v)));
}

/*
 * Sender id of the window test: WINDOW datagrams, then wait for the
 * go-ahead byte; exits 0 when every sendto returned the full length.
 */
static void
window_sender(int s, int id, int goahead, const struct sockaddr_in *to)
{
	struct dgram d;
	int w, i, bad = 0;
	char c;

	memset(&d, 0, sizeof(d));
	d.id = (uint32_t)id;
	d.round = ~0u;
	for (w = 0; w < NWIN; w++) {
		for (i = 0; i < WINDOW; i++) {
			d.seq = (uint32_t)(w * WINDOW + i);
			if (sendto(s, &d, sizeof(d), 0,
			    (const struct sockaddr *)to, sizeof(*to)) !=
			    (ssize_t)sizeof(d))
				bad++;
		}
		if (read(goahead, &c, 1) != 1)
			_exit(3);
	}
	_exit(bad != 0 ? 1 : 0);
}

/*
 * Two processes, one unbound socket, sends at once.  Every datagram
 * must arrive once, from one source port, in each sender's order.
 */
static void
t_two_senders(const char *mode)
{
	struct sockaddr_in to;
	struct dgram d;
	pid_t pid[NSEND];
	int gofd[NSEND][2], next[NSEND];
	int r, s, i, w, k, port, sport, status, n, badport = 0, badseq = 0;
	int got = 0, short_ = 0, exits = 0;
	unsigned long long d0, d1, p0, p1;
	char name[96];

	r = receiver();
	s = socket(AF_INET, SOCK_DGRAM, 0);
	ok(r >= 0 && s >= 0, "receiver bound, sender socket unbound");
	mkaddr(&to, "127.0.0.1", local_port(r));
	d0 = isr_counter("net.isr.direct");
	p0 = isr_counter("net.isr.dispatched");
	for (i = 0; i < NSEND; i++) {
		next[i] = 0;
		if (pipe(gofd[i]) != 0)
			gofd[i][0] = gofd[i][1] = -1;
		pid[i] = fork();
		if (pid[i] == 0) {
			close(gofd[i][1]);
			window_sender(s, i, gofd[i][0], &to);
		}
		close(gofd[i][0]);
	}
	port = -1;
	for (w = 0; w < NWIN; w++) {
		for (k = 0; k < NSEND * WINDOW; k++) {
			n = (int)recv_wait(r, &d, &sport);
			if (n != (int)sizeof(d)) {
				short_++;
				break;
			}
			got++;
			if (port == -1)
				port = sport;
			if (sport != port)
				badport++;
			if (d.id >= NSEND || d.seq != (uint32_t)next[d.id])
				badseq++;
			else
				next[d.id]++;
		}
		if (short_ != 0)
			break;
		for (i = 0; i < NSEND; i++)
			(void)write(gofd[i][1], "g", 1);
	}
	for (i = 0; i < NSEND; i++) {
		close(gofd[i][1]);
		if (waitpid(pid[i], &status, 0) == pid[i] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			exits++;
	}
	d1 = isr_counter("net.isr.direct");
	p1 = isr_counter("net.isr.dispatched");
	snprintf(name, sizeof(name), "%s: both senders sent every datagram "
	    "whole", mode);
	is_int(exits, NSEND, name);
	snprintf(name, sizeof(name), "%s: %d datagrams received", mode,
	    NSEND * NWIN * WINDOW);
	is_int(got, NSEND * NWIN * WINDOW, name);
	snprintf(name, sizeof(name), "%s: all from one port, the socket's",
	    mode);
	ok(badport == 0 && port == local_port(s) && port > 0, name);
	snprintf(name, sizeof(name), "%s: each sender's datagrams once, in "
	    "order", mode);
	ok(badseq == 0 && next[0] == NWIN * WINDOW &&
	    next[1] == NWIN * WINDOW, name);
	snprintf(name, sizeof(name), "%s: nothing more queued", mode);
	is_int(errno_of(recv(r, &d, sizeof(d), MSG_DONTWAIT)), EAGAIN, name);
	if (strcmp(mode, "direct") == 0) {
		snprintf(name, sizeof(name), "%s: net.isr.direct counted "
		    "every send", mode);
		ok(d1 - d0 >= (unsigned long long)(NSEND * NWIN * WINDOW),
		    name);
		snprintf(name, sizeof(name), "%s: lo0 delivered each in its "
		    "sender (net.isr.dispatched)", mode);
		ok(p1 - p0 >= (unsigned long long)(NSEND * NWIN * WINDOW),
		    name);
	} else {
		snprintf(name, sizeof(name), "%s: net.isr.direct unchanged",
		    mode);
		is_int((long long)(d1 - d0), 0, name);
		snprintf(name, sizeof(name), "%s: net.isr.dispatched "
		    "unchanged", mode);
		is_int((long long)(p1 - p0), 0, name);
	}
	close(s);
	close(r);
}

/* Send BURST datagrams of round rnd on s to *to; exit 0 if all went. */
static void
burst_child(int s, int rnd, const struct sockaddr_in *to, int startfd)
{
	struct dgram d;
	int i, bad = 0;
	char c;

	if (startfd >= 0 && read(startfd, &c, 1) != 1)
		_exit(3);
	memset(&d, 0, sizeof(d));
	d.round = (uint32_t)rnd;
	for (i = 0; i < BURST; i++) {
		d.seq = (uint32_t)i;
		if (sendto(s, &d, sizeof(d), 0, (const struct sockaddr *)to,
		    sizeof(*to)) != (ssize_t)sizeof(d))
			bad++;
	}
	_exit(bad != 0 ? 1 : 0);
}

static int
child_ok(pid_t pid)
{
	int status;

	return (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0);
}

/* Receive want datagrams of round rnd, all from port; count them. */
static int
drain_round(int r, int rnd, int port, int want, int *badp)
{
	struct dgram d;
	int n = 0, sport;

	while (n < want && recv_wait(r, &d, &sport) == (ssize_t)sizeof(d)) {
		if (d.round != (uint32_t)rnd || sport != port)
			(*badp)++;
		n++;
	}
	return (n);
}

/*
 * Bind against implicit bind, close against send, rebind of the freed
 * port, ROUNDS times.
 */
static void
t_bind_close_races(void)
{
	struct sockaddr_in to, any, mine;
	struct dgram d;
	int r, s, u, x, rnd, port, e, bad = 0, wins = 0, losses = 0;
	int lost = 0, childfail = 0, inuse = 0, rebound = 0, other = 0;
	int go[2], k;
	pid_t pid;

	r = receiver();
	ok(r >= 0, "receiver for the races");
	mkaddr(&to, "127.0.0.1", local_port(r));
	mkaddr(&any, "127.0.0.1", 0);
	for (rnd = 0; rnd < ROUNDS; rnd++) {
		/* 1. bind(2) in the parent against the child's first send. */
		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (pipe(go) != 0)
			break;
		pid = fork();
		if (pid == 0) {
			close(go[1]);
			burst_child(s, rnd, &to, go[0]);
		}
		close(go[0]);
		(void)write(go[1], "g", 1);
		/*
		 * A delay that grows with the round, so that the bind lands
		 * before, during and after the child's first send in turn.
		 */
		for (k = 0; k < (rnd % 8) * 40; k++)
			(void)getppid();
		e = errno_of(bind(s, (struct sockaddr *)&any, sizeof(any)));
		close(go[1]);
		if (e == 0)
			wins++;
		else if (e == EINVAL)
			losses++;
		else
			other++;
		if (!child_ok(pid))
			childfail++;
		port = local_port(s);
		if (drain_round(r, rnd, port, BURST, &bad) != BURST)
			lost++;
		/* The port is taken: a second socket cannot have it. */
		x = socket(AF_INET, SOCK_DGRAM, 0);
		mkaddr(&mine, "127.0.0.1", port);
		if (errno_of(bind(x, (struct sockaddr *)&mine,
		    sizeof(mine))) == EADDRINUSE)
			inuse++;
		close(x);

		/*
		 * 2. A child sends while the parent closes its descriptor;
		 * the child's exit is the last close.  The port is free
		 * the moment waitpid returns.
		 */
		pid = fork();
		if (pid == 0)
			burst_child(s, rnd + ROUNDS, &to, -1);
		close(s);
		if (!child_ok(pid))
			childfail++;
		u = socket(AF_INET, SOCK_DGRAM, 0);
		if (bind(u, (struct sockaddr *)&mine, sizeof(mine)) == 0)
			rebound++;
		memset(&d, 0, sizeof(d));
		d.round = (uint32_t)(rnd + ROUNDS);
		if (sendto(u, &d, sizeof(d), 0, (struct sockaddr *)&to,
		    sizeof(to)) != (ssize_t)sizeof(d))
			childfail++;
		if (drain_round(r, rnd + ROUNDS, port, BURST + 1, &bad) !=
		    BURST + 1)
			lost++;
		close(u);
	}
	is_int(rnd, ROUNDS, "every round ran");
	is_int(wins + losses, ROUNDS, "bind against a first send: 0 or "
	    "EINVAL, nothing else");
	is_int(other, 0, "no other bind error");
	is_int(childfail, 0, "every send of the racing children went whole");
	is_int(lost, 0, "every round's datagrams all received");
	is_int(bad, 0, "each from the one port of its socket, in its round");
	is_int(inuse, ROUNDS, "the raced port was taken: EADDRINUSE");
	is_int(rebound, ROUNDS, "rebinding it after the last close: 0");
	is_int(errno_of(recv(r, &d, sizeof(d), MSG_DONTWAIT)), EAGAIN,
	    "no stray datagram");
	printf("# bind won %d, first send won %d\n", wins, losses);
	close(r);
}

/* A receiver closed while a child sends to it: no error, no leak. */
static void
t_receiver_close(void)
{
	struct sockaddr_in to;
	int r, s, i, fails = 0;
	pid_t pid;

	for (i = 0; i < 10; i++) {
		r = receiver();
		s = socket(AF_INET, SOCK_DGRAM, 0);
		mkaddr(&to, "127.0.0.1", local_port(r));
		pid = fork();
		if (pid == 0)
			burst_child(s, i, &to, -1);
		close(r);
		if (!child_ok(pid))
			fails++;
		close(s);
	}
	is_int(fails, 0, "sends to a receiver being closed all return "
	    "their length");
}

int
main(void)
{
	int pcbs0, pcbs1, dflt, i;
	long long mb0, mb1;

	pcbs0 = udp_pcbcount();
	mb0 = mbufs_inuse();
	ok(pcbs0 >= 0 && mb0 >= 0, "pcb and mbuf counts readable");
	dflt = sysctl_int("net.inet.udp.direct_send");
	is_int(dflt, 1, "net.inet.udp.direct_send defaults to 1");
	t_two_senders("direct");
	is_int(set_direct(0), 0, "net.inet.udp.direct_send=0");
	is_int(sysctl_int("net.inet.udp.direct_send"), 0, "reads back 0");
	t_two_senders("netisr");
	is_int(errno_of(set_direct(2)), EINVAL, "direct_send=2: EINVAL");
	is_int(set_direct(1), 0, "net.inet.udp.direct_send=1 again");
	t_bind_close_races();
	t_receiver_close();

	/* Datagrams and ICMP errors in flight settle within a second. */
	for (i = 0; i < 20; i++) {
		pcbs1 = udp_pcbcount();
		mb1 = mbufs_inuse();
		if (pcbs1 == pcbs0 && mb1 == mb0)
			break;
		usleep(100000);
	}
	is_int(pcbs1, pcbs0, "no UDP pcb left over");
	is_int(mb1, mb0, "no mbuf or cluster left over");
	return (done());
}
