/*
 * t_nc: nc(1) over lo0, driven through pipes on its standard input,
 * output and error.
 *
 * UDP: a server (-u -l) prints the first datagram, answers its sender
 * from standard input and ignores everyone else; with -k it takes
 * datagrams from anyone and answers the last sender; a client (-u)
 * sends each read as a datagram and prints the replies, quits after -w
 * seconds of silence, and carries 64 KiB exactly; -z reports an open
 * port and a refused one.
 *
 * TCP: one nc listening (-l) and one connecting, each way: 100000
 * bytes of a known pattern from a file into the client (-N: shut down
 * for writing at its end) come out of the listener exactly, and the
 * same from a pipe into the listener (-N) come out of the client; both
 * ends then exit 0.  A connect to a closed port exits 1 with its
 * message, through the blocking connect and the -w one; -z reports an
 * open TCP port and a closed one.
 *
 * Bad arguments give their messages and exit status 1.
 *
 * Synchronization: a datagram sent before nc has bound its port draws
 * an ICMP port unreachable, which the test's connected socket sees as
 * ECONNREFUSED; the test sends again only then, so nothing is ever
 * duplicated.  A TCP client started before the listener listens is
 * refused (its -v line says so) and started again; its -v line saying
 * it connected is what the test waits for.  No sleep decides anything.
 * The active closer of each TCP connection keeps its socket through
 * TIME_WAIT: net.inet.tcp.msl is 100 ms while the test runs, and it
 * waits for the socket count to come back before it ends, so the
 * runner's leak counters see none left.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define NC		"/usr/bin/nc"
#define BACKSTOP	20000		/* ms: only a hang takes this long */

struct child {
	pid_t	pid;
	int	in, out, err;	/* its stdin (ours to write), stdout, stderr */
};

static void
cloexec(int fd)
{
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/*
 * Start nc with argv; its standard input is infd if >= 0, else a pipe
 * whose writing end is c->in.  Every pipe end is close-on-exec (dup2
 * gives the child its 0, 1 and 2 without it): a later nc must not hold
 * an earlier one's standard input open, or that one never sees its end.
 */
static int
spawn_in(struct child *c, char *const argv[], int infd)
{
	int pin[2] = { -1, -1 }, pout[2], perr[2];

	if ((infd < 0 && pipe(pin) != 0) || pipe(pout) != 0 ||
	    pipe(perr) != 0)
		return (-1);
	cloexec(pin[0]); cloexec(pin[1]);
	cloexec(pout[0]); cloexec(pout[1]);
	cloexec(perr[0]); cloexec(perr[1]);
	c->pid = fork();
	if (c->pid < 0)
		return (-1);
	if (c->pid == 0) {
		dup2(infd >= 0 ? infd : pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		if (infd >= 0) {
			close(infd);
		} else {
			close(pin[0]);
			close(pin[1]);
		}
		close(pout[0]); close(pout[1]);
		close(perr[0]); close(perr[1]);
		execv(NC, argv);
		_exit(127);
	}
	if (infd < 0)
		close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	c->in = pin[1];
	c->out = pout[0];
	c->err = perr[0];
	return (0);
}

static int
spawn(struct child *c, char *const argv[])
{
	return (spawn_in(c, argv, -1));
}

/* Read exactly n bytes from fd, or fail at the backstop / EOF. */
static ssize_t
read_n(int fd, char *buf, size_t n)
{
	struct pollfd pfd;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, BACKSTOP) <= 0)
			break;
		r = read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return ((ssize_t)got);
}

/* Everything fd has until EOF (NUL-terminated, truncated to size). */
static void
read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;
	ssize_t r;
	struct pollfd pfd;

	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, BACKSTOP) <= 0)
			break;
		r = read(fd, buf + got, size - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == size - 1)
			break;
	}
	buf[got] = '\0';
}

/* Reap c; a child still running at the backstop is killed (-1). */
static int
reap(struct child *c)
{
	int st, i;

	for (i = 0; i < BACKSTOP / 10; i++) {
		if (waitpid(c->pid, &st, WNOHANG) == c->pid)
			return (WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st));
		usleep(10000);
	}
	kill(c->pid, SIGKILL);
	waitpid(c->pid, &st, 0);
	return (-1);
}

static void
close_child(struct child *c)
{
	if (c->in >= 0)
		close(c->in);
	close(c->out);
	close(c->err);
}

static int
udp_socket(int port)
{
	struct sockaddr_in sin;
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		return (-1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(s);
		return (-1);
	}
	return (s);
}

static int
connect_to(int s, int port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	return (connect(s, (struct sockaddr *)&sin, sizeof(sin)));
}

/*
 * Send msg on the connected socket s to a nc that may not have bound
 * its port yet, until nc prints it on out.  Only a refusal (ICMP port
 * unreachable) makes it send again.  Returns 0 when out showed exactly
 * msg.
 */
static int
send_until_heard(int s, int out, const char *msg)
{
	struct pollfd pfd[2];
	char buf[256], c;
	size_t n = strlen(msg);
	int tries;

	for (tries = 0; tries < 500; tries++) {
		if (send(s, msg, n, 0) != (ssize_t)n) {
			if (errno != ECONNREFUSED)
				return (-1);
			usleep(20000);
			continue;
		}
		pfd[0].fd = out;
		pfd[0].events = POLLIN;
		pfd[1].fd = s;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, BACKSTOP) <= 0)
			return (-1);
		if (pfd[0].revents & POLLIN) {
			if (read_n(out, buf, n) != (ssize_t)n)
				return (-1);
			return (memcmp(buf, msg, n) == 0 ? 0 : -1);
		}
		/* The socket: a refusal, meaning nc was not there yet. */
		if (recv(s, &c, 1, MSG_DONTWAIT) < 0 &&
		    errno == ECONNREFUSED) {
			usleep(20000);
			continue;
		}
		return (-1);
	}
	return (-1);
}

static int
recv_exact(int s, const char *msg, struct sockaddr_in *from)
{
	struct pollfd pfd;
	char buf[256];
	socklen_t len = sizeof(*from);
	ssize_t r;

	pfd.fd = s;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, BACKSTOP) <= 0)
		return (-1);
	r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)from, &len);
	return (r == (ssize_t)strlen(msg) && memcmp(buf, msg, (size_t)r) ==
	    0 ? 0 : -1);
}

static void
server(void)
{
	struct child c;
	struct sockaddr_in from;
	char *argv[] = { "nc", "-u", "-l", "127.0.0.1", "47101", NULL };
	char buf[64];
	int s, d;

	ok(spawn(&c, argv) == 0, "server: spawn nc -u -l 127.0.0.1 47101");
	s = udp_socket(0);
	d = udp_socket(0);
	ok(s >= 0 && d >= 0 && connect_to(s, 47101) == 0 &&
	    connect_to(d, 47101) == 0, "server: two client sockets");
	is_int(send_until_heard(s, c.out, "hello nc\n"), 0,
	    "server: first datagram printed exactly");
	is_int(write(c.in, "reply\n", 6), 6, "server: write to its stdin");
	is_int(recv_exact(s, "reply\n", &from), 0,
	    "server: the sender gets the reply exactly");
	is_int(ntohs(from.sin_port), 47101, "server: from its port");
	/* Another sender is ignored: only the second datagram of the
	   first sender, sent after it, comes out. */
	is_int(send(d, "intruder\n", 9, 0), 9, "server: a second sender");
	is_int(send(s, "second\n", 7, 0), 7, "server: the first again");
	ok(read_n(c.out, buf, 7) == 7 && memcmp(buf, "second\n", 7) == 0,
	    "server: the other sender's datagram was not printed");
	kill(c.pid, SIGTERM);
	is_int(reap(&c), 128 + SIGTERM, "server: ends on SIGTERM");
	close_child(&c);
	close(s);
	close(d);
}

static void
server_keep(void)
{
	struct child c;
	struct sockaddr_in from;
	char *argv[] = { "nc", "-u", "-l", "-k", "-p", "47102", NULL };
	char buf[64];
	int s, d;

	ok(spawn(&c, argv) == 0, "-k: spawn nc -u -l -k -p 47102");
	s = udp_socket(0);
	d = udp_socket(0);
	ok(s >= 0 && d >= 0 && connect_to(s, 47102) == 0 &&
	    connect_to(d, 47102) == 0, "-k: two client sockets");
	is_int(send_until_heard(s, c.out, "from s\n"), 0,
	    "-k: the first sender's datagram");
	is_int(send(d, "from d\n", 7, 0), 7, "-k: a second sender");
	ok(read_n(c.out, buf, 7) == 7 && memcmp(buf, "from d\n", 7) == 0,
	    "-k: the second sender's datagram printed too");
	is_int(write(c.in, "to d\n", 5), 5, "-k: write to its stdin");
	is_int(recv_exact(d, "to d\n", &from), 0,
	    "-k: the reply goes to the last sender");
	kill(c.pid, SIGTERM);
	is_int(reap(&c), 128 + SIGTERM, "-k: ends on SIGTERM");
	close_child(&c);
	close(s);
	close(d);
}

static void
client(void)
{
	struct child c;
	struct sockaddr_in from;
	char *argv[] = { "nc", "-u", "-w", "4", "127.0.0.1", "47103", NULL };
	char buf[64];
	int srv;

	srv = udp_socket(47103);
	ok(srv >= 0, "client: a server on 127.0.0.1:47103");
	ok(spawn(&c, argv) == 0, "client: spawn nc -u -w 4 127.0.0.1 47103");
	is_int(write(c.in, "ping\n", 5), 5, "client: write to its stdin");
	is_int(recv_exact(srv, "ping\n", &from), 0,
	    "client: the server gets exactly it");
	is_str(inet_ntoa(from.sin_addr), "127.0.0.1", "client: from 127.0.0.1");
	is_int(sendto(srv, "pong\n", 5, 0, (struct sockaddr *)&from,
	    sizeof(from)), 5, "client: the server answers");
	ok(read_n(c.out, buf, 5) == 5 && memcmp(buf, "pong\n", 5) == 0,
	    "client: the answer printed exactly");
	close(c.in);
	c.in = -1;
	is_int(reap(&c), 0, "client: exits 0 after 4 s of silence");
	close_child(&c);
	close(srv);
}

/* 64 KiB through a UDP client: 8 KiB writes, each received before the
   next is written, so the receive buffer never overflows. */
static void
client_bulk(void)
{
	static char want[65536], got[65536];
	struct child c;
	struct pollfd pfd;
	char *argv[] = { "nc", "-u", "127.0.0.1", "47104", NULL };
	size_t total = 0, chunk_got;
	ssize_t r;
	int srv, i, maxdg = 0, bad = 0;

	for (i = 0; i < (int)sizeof(want); i++)
		want[i] = (char)((i * 7 + (i >> 8)) & 0xff);
	srv = udp_socket(47104);
	ok(srv >= 0, "bulk: a server on 127.0.0.1:47104");
	ok(spawn(&c, argv) == 0, "bulk: spawn nc -u 127.0.0.1 47104");
	for (i = 0; i < 8 && !bad; i++) {
		if (write(c.in, want + i * 8192, 8192) != 8192)
			bad = 1;
		for (chunk_got = 0; chunk_got < 8192 && !bad;) {
			pfd.fd = srv;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, BACKSTOP) <= 0) {
				bad = 1;
				break;
			}
			r = recv(srv, got + total, sizeof(got) - total, 0);
			if (r <= 0) {
				bad = 1;
				break;
			}
			if (r > maxdg)
				maxdg = (int)r;
			total += (size_t)r;
			chunk_got += (size_t)r;
		}
	}
	is_int(bad, 0, "bulk: every write arrived");
	is_int(total, sizeof(want), "bulk: 65536 bytes");
	ok(memcmp(got, want, sizeof(want)) == 0, "bulk: exactly the bytes");
	ok(maxdg <= 8192, "bulk: no datagram over 8192 bytes");
	close(c.in);
	c.in = -1;
	is_int(reap(&c), 0, "bulk: exits 0 at the end of its input");
	close_child(&c);
	close(srv);
}

static void
scan(void)
{
	struct child c;
	struct sockaddr_in from;
	char *open_argv[] = { "nc", "-u", "-z", "-w", "1", "localhost",
	    "47105", NULL };
	char *shut_argv[] = { "nc", "-u", "-z", "-v", "-w", "5",
	    "127.0.0.1", "47106", NULL };
	char buf[256];
	int srv;

	srv = udp_socket(47105);
	ok(srv >= 0, "-z: a server on 47105");
	ok(spawn(&c, open_argv) == 0, "-z: spawn nc -u -z -w 1 localhost "
	    "47105");
	close(c.in);
	c.in = -1;
	read_all(c.err, buf, sizeof(buf));
	is_int(reap(&c), 0, "-z open port: exit 0");
	is_str(buf, "Connection to 127.0.0.1 47105 port [udp/*] "
	    "succeeded!\n", "-z open port: message");
	is_int(recv_exact(srv, "X", &from), 0, "-z: the probe datagram");
	close_child(&c);
	close(srv);

	ok(spawn(&c, shut_argv) == 0, "-z: spawn nc -u -z -v -w 5 "
	    "127.0.0.1 47106");
	close(c.in);
	c.in = -1;
	read_all(c.err, buf, sizeof(buf));
	is_int(reap(&c), 1, "-z closed port: exit 1");
	is_str(buf, "nc: connect to 127.0.0.1 port 47106 (udp) failed: "
	    "Connection refused\n", "-z -v closed port: connection refused");
	close_child(&c);
}

/* ---- TCP ------------------------------------------------------------------ */

#define TCP_N		100000

/* The byte at offset i of the TCP transfers: not periodic in 256, so a
   block moved, lost or doubled anywhere shows. */
static char
pattern(size_t i)
{
	return ((char)((i * 31 + (i >> 9) + (i >> 17)) & 0xff));
}

/* One line from fd (up to and with its newline), NUL-terminated. */
static void
read_line(int fd, char *buf, size_t size)
{
	struct pollfd pfd;
	size_t got = 0;

	while (got < size - 1) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, BACKSTOP) <= 0 || read(fd, buf + got, 1) != 1)
			break;
		if (buf[got++] == '\n')
			break;
	}
	buf[got] = '\0';
}

/*
 * Start a TCP client nc (argv has -v) toward a listening nc that may
 * not listen yet: a refused one (its -v line says so, and it exits 1)
 * is started again.  infd_path, if not NULL, is opened afresh as its
 * standard input for each start.  Returns 0 once its -v line says it
 * connected to port.
 */
static int
tcp_client(struct child *c, char *const argv[], const char *infd_path,
    int port)
{
	char line[256], want[128], refused[128];
	int tries, fd = -1;

	snprintf(want, sizeof(want), "Connection to 127.0.0.1 %d port "
	    "[tcp/*] succeeded!\n", port);
	snprintf(refused, sizeof(refused), "nc: connect to 127.0.0.1 port %d "
	    "(tcp) failed: Connection refused\n", port);
	for (tries = 0; tries < 500; tries++) {
		if (infd_path != NULL &&
		    (fd = open(infd_path, O_RDONLY)) < 0)
			return (-1);
		if (spawn_in(c, argv, fd) != 0)
			return (-1);
		if (fd >= 0)
			close(fd);
		read_line(c->err, line, sizeof(line));
		if (strcmp(line, want) == 0)
			return (0);
		if (strcmp(line, refused) != 0 || reap(c) != 1) {
			printf("# tcp client: \"%s\"\n", line);
			return (-1);
		}
		close_child(c);
		usleep(20000);
	}
	return (-1);
}

/* 100000 bytes from a file through `nc -N 127.0.0.1 47111' into
   `nc -l 127.0.0.1 47111', which prints exactly them. */
static void
tcp_to_listener(void)
{
	static char buf[TCP_N];
	static char got[TCP_N + 1];
	struct child l, c;
	char *largv[] = { "nc", "-l", "127.0.0.1", "47111", NULL };
	char *cargv[] = { "nc", "-v", "-N", "127.0.0.1", "47111", NULL };
	const char *path = "/tmp/t_nc.data";
	char rest[64];
	ssize_t n;
	size_t i;
	int fd;

	for (i = 0; i < TCP_N; i++)
		buf[i] = pattern(i);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ok(fd >= 0 && write(fd, buf, TCP_N) == TCP_N && close(fd) == 0,
	    "tcp ->listener: 100000 bytes in a file");
	ok(spawn(&l, largv) == 0, "tcp ->listener: spawn nc -l 127.0.0.1 "
	    "47111");
	close(l.in);			/* its standard input: at its end */
	l.in = -1;
	if (tcp_client(&c, cargv, path, 47111) != 0) {
		ok(0, "tcp ->listener: nc -v -N 127.0.0.1 47111 connects");
		kill(l.pid, SIGKILL);
		reap(&l);
		close_child(&l);
		unlink(path);
		return;
	}
	ok(1, "tcp ->listener: nc -v -N 127.0.0.1 47111 connects");
	n = read_n(l.out, got, sizeof(got));
	is_int(n, TCP_N, "tcp ->listener: the listener prints 100000 bytes");
	ok(n == TCP_N && memcmp(got, buf, TCP_N) == 0,
	    "tcp ->listener: exactly the bytes sent");
	is_int(reap(&c), 0, "tcp ->listener: the client exits 0 after the "
	    "listener closes");
	is_int(reap(&l), 0, "tcp ->listener: the listener exits 0 at EOF");
	read_all(c.out, rest, sizeof(rest));
	is_str(rest, "", "tcp ->listener: the client printed nothing");
	read_all(l.err, rest, sizeof(rest));
	is_str(rest, "", "tcp ->listener: the listener said nothing");
	close_child(&c);
	close_child(&l);
	unlink(path);
}

/* 100000 bytes from a pipe through `nc -N -l 127.0.0.1 47112' out of
   `nc 127.0.0.1 47112'.  The test writes the listener's input and
   reads the client's output in one poll loop, at most PIPE_BUF bytes
   a write, so neither pipe can hold it up. */
static void
tcp_from_listener(void)
{
	static char buf[TCP_N];
	static char got[TCP_N + 1];
	struct child l, c;
	struct pollfd pfd[2];
	char *largv[] = { "nc", "-N", "-l", "127.0.0.1", "47112", NULL };
	char *cargv[] = { "nc", "-v", "127.0.0.1", "47112", NULL };
	char rest[64];
	size_t i, sent = 0, n = 0, w;
	ssize_t r;
	int eof = 0, bad = 0;

	for (i = 0; i < TCP_N; i++)
		buf[i] = pattern(i);
	ok(spawn(&l, largv) == 0, "tcp listener->: spawn nc -N -l "
	    "127.0.0.1 47112");
	if (tcp_client(&c, cargv, NULL, 47112) != 0) {
		ok(0, "tcp listener->: nc -v 127.0.0.1 47112 connects");
		kill(l.pid, SIGKILL);
		reap(&l);
		close_child(&l);
		return;
	}
	ok(1, "tcp listener->: nc -v 127.0.0.1 47112 connects");
	close(c.in);			/* the client has nothing to say */
	c.in = -1;
	while (!eof && !bad) {
		pfd[0].fd = l.in;
		pfd[0].events = POLLOUT;
		pfd[1].fd = c.out;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, BACKSTOP) <= 0) {
			bad = 1;
			break;
		}
		if (l.in >= 0 && (pfd[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			w = TCP_N - sent < PIPE_BUF ? TCP_N - sent : PIPE_BUF;
			r = write(l.in, buf + sent, w);
			if (r <= 0) {
				bad = 1;
				break;
			}
			sent += (size_t)r;
			if (sent == TCP_N) {
				close(l.in);	/* -N: the listener shuts down */
				l.in = -1;
			}
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = read(c.out, got + n, sizeof(got) - n);
			if (r < 0)
				bad = 1;
			else if (r == 0)
				eof = 1;
			else
				n += (size_t)r;
		}
	}
	is_int(bad, 0, "tcp listener->: no error or stall before EOF");
	is_int(sent, TCP_N, "tcp listener->: 100000 bytes into the listener");
	is_int(n, TCP_N, "tcp listener->: the client prints 100000 bytes");
	ok(n == TCP_N && memcmp(got, buf, TCP_N) == 0,
	    "tcp listener->: exactly the bytes sent");
	is_int(reap(&c), 0, "tcp listener->: the client exits 0 at EOF");
	is_int(reap(&l), 0, "tcp listener->: the listener exits 0 after the "
	    "client closes");
	read_all(l.out, rest, sizeof(rest));
	is_str(rest, "", "tcp listener->: the listener printed nothing");
	close_child(&c);
	close_child(&l);
}

/* -z over TCP: an open port (the test's own listener) and a closed one. */
static void
tcp_scan(void)
{
	struct sockaddr_in sin;
	struct child c;
	char *argv[] = { "nc", "-z", "127.0.0.1", "47114", NULL };
	char buf[256];
	socklen_t len;
	int s, a, on = 1;

	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(47114);
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	ok(s >= 0 && bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    listen(s, 1) == 0, "tcp -z: a listener on 127.0.0.1:47114");
	ok(spawn(&c, argv) == 0, "tcp -z: spawn nc -z 127.0.0.1 47114");
	close(c.in);
	c.in = -1;
	read_all(c.err, buf, sizeof(buf));
	is_int(reap(&c), 0, "tcp -z open port: exit 0");
	is_str(buf, "Connection to 127.0.0.1 47114 port [tcp/*] "
	    "succeeded!\n", "tcp -z open port: message");
	close_child(&c);
	len = sizeof(sin);
	a = accept(s, (struct sockaddr *)&sin, &len);
	ok(a >= 0, "tcp -z: the probe connection was made");
	ok(a >= 0 && read(a, buf, 1) == 0, "tcp -z: and closed with no data");
	if (a >= 0)
		close(a);
	close(s);
}

/* argv... must exit 1 with exactly msg on stderr. */
static void
bad(const char *name, const char *msg, char *const argv[])
{
	struct child c;
	char buf[512], label[128];

	if (spawn(&c, argv) != 0) {
		ok(0, name);
		return;
	}
	close(c.in);
	c.in = -1;
	read_all(c.err, buf, sizeof(buf));
	snprintf(label, sizeof(label), "%s: exit 1", name);
	is_int(reap(&c), 1, label);
	snprintf(label, sizeof(label), "%s: message", name);
	is_str(buf, msg, label);
	close_child(&c);
}

static void
bad_args(void)
{
	char *a1[] = { "nc", "-u", "127.0.0.1", "0", NULL };
	char *a2[] = { "nc", "-u", "127.0.0.1", "70000", NULL };
	char *a3[] = { "nc", "-n", "-u", "nosuchhost", "7", NULL };
	char *a4[] = { "nc", "-k", "127.0.0.1", "7", NULL };
	char *a5[] = { "nc", "-u", "-z", "127.0.0.1", "9-3", NULL };
	char *a6[] = { "nc", "-w", "x", "127.0.0.1", "7", NULL };
	char *a7[] = { "nc", "-u", "nosuchhost", "7", NULL };
	char *a8[] = { "nc", NULL };
	char *a9[] = { "nc", "-u", "127.0.0.1", "5-6", NULL };
	char *a10[] = { "nc", "-u", "300.1.1.1", "7", NULL };
	char *t1[] = { "nc", "127.0.0.1", "47113", NULL };
	char *t2[] = { "nc", "-w", "5", "127.0.0.1", "47113", NULL };
	char *t3[] = { "nc", "-z", "127.0.0.1", "47113", NULL };
	char *t4[] = { "nc", "-z", "-v", "127.0.0.1", "47113", NULL };

	bad("port 0", "nc: port number invalid: 0\n", a1);
	bad("port 70000", "nc: port number invalid: 70000\n", a2);
	bad("-n with a name", "nc: nosuchhost: not a numeric address (-n)\n",
	    a3);
	bad("-k without -l", "nc: must use -l with -k\n", a4);
	bad("range 9-3", "nc: port range not valid: 9-3\n", a5);
	bad("-w x", "nc: timeout invalid: x\n", a6);
	bad("unknown name", "nc: nosuchhost: no address associated with "
	    "name\n", a7);
	bad("no arguments", "usage: nc [-46kNlnuvz] [-p port] [-s source] "
	    "[-w timeout] [host] [port[-port]]\n", a8);
	bad("range without -z", "nc: a port range needs -z\n", a9);
	bad("address 300.1.1.1", "nc: 300.1.1.1: no address associated "
	    "with name\n", a10);
	/* Nothing listens on 47113: refused, through the blocking connect
	   and through -w's non-blocking one; -z says why only with -v. */
	bad("tcp closed port", "nc: connect to 127.0.0.1 port 47113 (tcp) "
	    "failed: Connection refused\n", t1);
	bad("tcp -w closed port", "nc: connect to 127.0.0.1 port 47113 "
	    "(tcp) failed: Connection refused\n", t2);
	bad("tcp -z closed port", "", t3);
	bad("tcp -z -v closed port", "nc: connect to 127.0.0.1 port 47113 "
	    "(tcp) failed: Connection refused\n", t4);
}

static int
sysint(const char *name, int val)
{
	int old = -1;
	size_t len = sizeof(old);

	if (sysctlbyname(name, &old, &len, val >= 0 ? &val : NULL,
	    val >= 0 ? sizeof(val) : 0) != 0)
		return (-1);
	return (old);
}

int
main(void)
{
	int omsl, so0, i;

	signal(SIGPIPE, SIG_IGN);
	so0 = sysint("kern.ipc.numopensockets", -1);
	omsl = sysint("net.inet.tcp.msl", 100);
	ok(so0 >= 0 && omsl > 0, "net.inet.tcp.msl set to 100 ms");
	server();
	server_keep();
	client();
	client_bulk();
	scan();
	tcp_to_listener();
	tcp_from_listener();
	tcp_scan();
	bad_args();
	/* TIME_WAIT (2 MSL, 200 ms) lets the last sockets go. */
	for (i = 0; i < 100 &&
	    sysint("kern.ipc.numopensockets", -1) != so0; i++)
		usleep(50000);
	is_int(sysint("kern.ipc.numopensockets", -1), so0,
	    "as many sockets open at the end as at the start");
	sysint("net.inet.tcp.msl", omsl);
	return (done());
}
