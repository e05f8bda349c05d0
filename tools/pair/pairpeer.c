/*
 * pairpeer: the guest side of the two-guest TCP test (tools/pairtest.py).
 * tools/pairtest.py builds it with the Petrel cross compiler and packs it
 * into each guest's /extra with a run script; it is not part of the
 * installed system.
 *
 *   pairpeer server PORT NBYTES
 *	Accept one connection on PORT, then at once send NBYTES of stream 2
 *	and receive NBYTES of stream 1.
 *   pairpeer client ADDR PORT NBYTES
 *	Connect to ADDR:PORT (retrying while the server is not up yet),
 *	then at once send NBYTES of stream 1 and receive NBYTES of stream 2.
 *
 * Both directions run at the same time (a child process sends, then
 * shuts the connection down for writing; the parent receives to EOF), so
 * data and ACKs share every segment both ways.  The receiver checks each
 * byte against the stream it expects and prints one line
 *
 *   pairpeer: ROLE received N bytes, exact, sha256 HEX
 * or
 *   pairpeer: ROLE received N bytes, first wrong byte at OFFSET ...
 *
 * and the sender "pairpeer: ROLE sent N bytes"; the host judges the lines
 * and recomputes the digest of the stream itself.  The exit status is 0
 * only if both directions were exact.  An alarm ends a stuck transfer
 * with a line saying how far it got.  The guest halts as soon as we
 * exit, so the last close lingers (SO_LINGER) until the peer has
 * acknowledged everything we sent; else a lost final segment would be
 * sent again by a machine that is no longer running.
 *
 * Stream s is the little-endian 64-bit words w(i) = mix(s << 56 ^ i) for
 * i = 0, 1, ..., mix being SplitMix64's finalizer: any byte can be made
 * from its offset alone, and no window of it repeats, so a lost,
 * repeated or misplaced segment shows at the first byte it touches.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../hostnet/sha256.h"
#include "../hostnet/netio.h"

#define	BUFSIZE		65536
#define	STREAM_C2S	1	/* what the client sends */
#define	STREAM_S2C	2	/* what the server sends */
#define	TIMEOUT		240	/* seconds for the whole transfer */
#define	CONNECT_TRIES	300	/* at 200 ms: a minute for the server */
#define	LINGER		20	/* seconds close waits for the last ACK */

static const char *role;
static const char *doing = "received";	/* what progress counts */
static volatile uint64_t progress;	/* bytes so far */

static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* len bytes of stream s from offset off. */
static void
stream(int s, uint64_t off, uint8_t *out, size_t len)
{
	uint64_t w;
	size_t skip, n;
	int i;

	while (len > 0) {
		w = mix((uint64_t)s << 56 ^ off / 8);
		skip = (size_t)(off % 8);
		n = 8 - skip < len ? 8 - skip : len;
		for (i = 0; i < (int)n; i++)
			out[i] = (uint8_t)(w >> (8 * (skip + (size_t)i)));
		out += n;
		off += n;
		len -= n;
	}
}

static void
on_alarm(int sig)
{
	char msg[160];
	int n;

	(void)sig;
	n = snprintf(msg, sizeof(msg), "pairpeer: %s timed out after %d s, "
	    "%llu bytes %s\n", role, TIMEOUT,
	    (unsigned long long)progress, doing);
	(void)write(STDOUT_FILENO, msg, (size_t)n);
	_exit(3);
}

/* The sending half: nbytes of stream s, then a half close. */
static int
send_stream(int fd, int s, uint64_t nbytes)
{
	static uint8_t buf[BUFSIZE];
	uint64_t off = 0;
	size_t k;

	while (off < nbytes) {
		k = nbytes - off < BUFSIZE ? (size_t)(nbytes - off) : BUFSIZE;
		stream(s, off, buf, k);
		if (write_all(fd, buf, k) != 0) {
			printf("pairpeer: %s: write at offset %llu: %s\n", role,
			    (unsigned long long)off, strerror(errno));
			return (1);
		}
		off += k;
		progress = off;
	}
	if (shutdown(fd, SHUT_WR) != 0) {
		printf("pairpeer: %s: shutdown: %s\n", role, strerror(errno));
		return (1);
	}
	printf("pairpeer: %s sent %llu bytes\n", role,
	    (unsigned long long)nbytes);
	return (0);
}

/* The receiving half: to EOF, every byte checked against stream s. */
static int
recv_stream(int fd, int s, uint64_t nbytes)
{
	static uint8_t buf[BUFSIZE], want[BUFSIZE];
	struct sha256 h;
	uint8_t d[32];
	char digest[65];
	uint64_t off = 0, bad = UINT64_MAX;
	ssize_t n;
	size_t i;

	sha256_init(&h);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			printf("pairpeer: %s: read at offset %llu: %s\n", role,
			    (unsigned long long)off, strerror(errno));
			return (1);
		}
		if (n == 0)
			break;
		sha256_update(&h, buf, (size_t)n);
		if (bad == UINT64_MAX) {
			stream(s, off, want, (size_t)n);
			if (memcmp(buf, want, (size_t)n) != 0) {
				for (i = 0; buf[i] == want[i]; i++)
					;
				bad = off + i;
				printf("pairpeer: %s: byte %llu is 0x%02x, "
				    "want 0x%02x\n", role,
				    (unsigned long long)bad, buf[i], want[i]);
			}
		}
		off += (uint64_t)n;
		progress = off;
	}
	sha256_final(&h, d);
	sha256_hex(d, digest);
	if (bad != UINT64_MAX || off != nbytes) {
		printf("pairpeer: %s received %llu bytes, first wrong byte at "
		    "%lld (want %llu exact bytes), sha256 %s\n", role,
		    (unsigned long long)off,
		    bad == UINT64_MAX ? -1LL : (long long)bad,
		    (unsigned long long)nbytes, digest);
		return (1);
	}
	printf("pairpeer: %s received %llu bytes, exact, sha256 %s\n", role,
	    (unsigned long long)off, digest);
	return (0);
}

/* Both halves at once on the connected socket fd. */
static int
transfer(int fd, int out, int in, uint64_t nbytes)
{
	struct linger lg;
	pid_t pid;
	int rc, st;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		printf("pairpeer: %s: fork: %s\n", role, strerror(errno));
		return (1);
	}
	if (pid == 0) {
		doing = "sent";
		progress = 0;
		alarm(TIMEOUT);
		_exit(send_stream(fd, out, nbytes));
	}
	rc = recv_stream(fd, in, nbytes);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			printf("pairpeer: %s: waitpid: %s\n", role,
			    strerror(errno));
			return (1);
		}
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("pairpeer: %s: the sender failed (status 0x%x)\n", role,
		    st);
		rc = 1;
	}
	/*
	 * Our last segments may still be in flight (or lost, to be sent
	 * again): the guest halts when we exit, so close lingers until the
	 * peer has acknowledged our FIN, and with it every byte we sent.
	 */
	lg.l_onoff = 1;
	lg.l_linger = LINGER;
	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) != 0)
		printf("pairpeer: %s: SO_LINGER: %s\n", role, strerror(errno));
	if (close(fd) != 0) {
		printf("pairpeer: %s: close: %s\n", role, strerror(errno));
		rc = 1;
	}
	return (rc);
}

static void
set_addr(struct sockaddr_in *sin, in_addr_t addr, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	sin->sin_addr.s_addr = addr;
}

static int
server(int port, uint64_t nbytes)
{
	struct sockaddr_in sin, peer;
	socklen_t plen;
	int s, c, on = 1;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
		printf("pairpeer: server: socket: %s\n", strerror(errno));
		return (1);
	}
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	set_addr(&sin, htonl(INADDR_ANY), port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(s, 1) != 0) {
		printf("pairpeer: server: bind/listen port %d: %s\n", port,
		    strerror(errno));
		return (1);
	}
	printf("pairpeer: server listening on port %d\n", port);
	fflush(stdout);
	plen = sizeof(peer);
	while ((c = accept(s, (struct sockaddr *)&peer, &plen)) < 0) {
		if (errno != EINTR) {
			printf("pairpeer: server: accept: %s\n",
			    strerror(errno));
			return (1);
		}
		plen = sizeof(peer);
	}
	close(s);
	printf("pairpeer: server accepted %s:%d\n", inet_ntoa(peer.sin_addr),
	    ntohs(peer.sin_port));
	alarm(TIMEOUT);
	return (transfer(c, STREAM_S2C, STREAM_C2S, nbytes));
}

static int
client(const char *addr, int port, uint64_t nbytes)
{
	struct sockaddr_in sin;
	struct in_addr ia;
	int s, tries;

	if (inet_aton(addr, &ia) != 1) {
		printf("pairpeer: client: %s: bad address\n", addr);
		return (1);
	}
	set_addr(&sin, ia.s_addr, port);
	for (tries = 1;; tries++) {
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
			printf("pairpeer: client: socket: %s\n",
			    strerror(errno));
			return (1);
		}
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			break;
		/* Refused: the server is not listening yet. */
		if (tries == CONNECT_TRIES || (errno != ECONNREFUSED &&
		    errno != ETIMEDOUT && errno != EHOSTUNREACH &&
		    errno != EHOSTDOWN)) {
			printf("pairpeer: client: connect %s:%d (try %d): "
			    "%s\n", addr, port, tries, strerror(errno));
			return (1);
		}
		close(s);
		usleep(200000);
	}
	printf("pairpeer: client connected to %s:%d (try %d)\n", addr, port,
	    tries);
	alarm(TIMEOUT);
	return (transfer(s, STREAM_C2S, STREAM_S2C, nbytes));
}

int
main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	if (argc == 4 && strcmp(argv[1], "server") == 0) {
		role = "server";
		return (server(atoi(argv[2]), strtoull(argv[3], NULL, 10)));
	}
	if (argc == 5 && strcmp(argv[1], "client") == 0) {
		role = "client";
		return (client(argv[2], atoi(argv[3]),
		    strtoull(argv[4], NULL, 10)));
	}
	fprintf(stderr, "usage: pairpeer server PORT NBYTES | "
	    "pairpeer client ADDR PORT NBYTES\n");
	return (2);
}
