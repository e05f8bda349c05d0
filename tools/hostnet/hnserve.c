/*
 * hnserve: the guest side of the host interop test (tools/hostnet.py).
 * tools/hostnet.py builds it with the Petrel cross compiler and packs it
 * into /extra with a run script; it is not part of the installed system.
 *
 *   hnserve udp PORT
 *	A UDP request/response server.  Every datagram starts with an
 *	8-byte header: op (1 byte), 3 zero bytes, seq (4 bytes, network
 *	order).  E echoes the datagram; P puts a block of the host's
 *	stream (accepted only in order: a block ahead of the next is
 *	ignored, so the host's retransmission restores the order) and is
 *	answered A seq; G asks for block seq of the guest's stream (size in
 *	the payload) and is answered D seq + the bytes; H is answered with
 *	the count and SHA-256 of everything put so far; R resets that; Q
 *	is answered and ends the server.  UDP may lose datagrams, so the
 *	host retries; every answer is idempotent.
 *   hnserve tcp PORT
 *	A TCP server: each connection starts with a command line.
 *	"SINK\n": read to EOF, answer "<count> <sha256>\n".  "SOURCE N\n":
 *	send N bytes of the guest's stream and close.  "QUIT\n": stop.
 *   hnserve connect ADDR PORT N
 *	Connect out (through QEMU's guestfwd), send N bytes of the stream
 *	(the host reads that many), and check the host's "<count> <sha256>"
 *	answer against our own: prints a TAP line and exits 0 if they
 *	match.  Nothing moving for 60 s fails it, after printing the
 *	kernel's TCP connections (net.inet.tcp.tcbs) as "hnserve: tcb:"
 *	lines.
 *
 * The stream is the concatenation of SHA-256("petrel" || k as 8 bytes
 * little-endian) for k = 0, 1, ...: cheap to make on both sides and not
 * periodic, so a dropped, repeated or reordered block changes the hash.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "netio.h"

/* ---- The stream ---------------------------------------------------------- */

/* len bytes of the stream from offset off. */
static void
stream(uint64_t off, uint8_t *out, size_t len)
{
	struct sha256 s;
	uint8_t in[14], blk[32];
	uint64_t k;
	size_t skip, n;
	int i;

	memcpy(in, "petrel", 6);
	while (len > 0) {
		k = off / 32;
		skip = (size_t)(off % 32);
		for (i = 0; i < 8; i++)
			in[6 + i] = (uint8_t)(k >> (8 * i));
		sha256_init(&s);
		sha256_update(&s, in, sizeof(in));
		sha256_final(&s, blk);
		n = 32 - skip < len ? 32 - skip : len;
		memcpy(out, blk + skip, n);
		out += n;
		off += n;
		len -= n;
	}
}

/* ---- UDP -------------------------------------------------------------------- */

static int
bound_socket(int type, int port)
{
	struct sockaddr_in sin;
	int s, on = 1;

	if ((s = socket(AF_INET, type, 0)) < 0) {
		perror("hnserve: socket");
		exit(1);
	}
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		perror("hnserve: bind");
		exit(1);
	}
	return (s);
}

static uint32_t
get32(const uint8_t *p)
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

static int
serve_udp(int port)
{
	static uint8_t in[2048], out[2048];
	struct sockaddr_in from;
	struct sha256 put;
	socklen_t fromlen;
	uint32_t seq, next = 0, size;
	uint64_t total = 0;
	ssize_t n;
	size_t outlen;
	int s, i;

	s = bound_socket(SOCK_DGRAM, port);
	sha256_init(&put);
	printf("hnserve: udp port %d ready\n", port);
	fflush(stdout);
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(s, in, sizeof(in), 0, (struct sockaddr *)&from,
		    &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("hnserve: recvfrom");
			return (1);
		}
		if (n < 8)
			continue;
		seq = get32(in + 4);
		memset(out, 0, 8);
		out[0] = in[0];
		put32(out + 4, seq);
		outlen = 8;
		switch (in[0]) {
		case 'E':
			memcpy(out, in, (size_t)n);
			outlen = (size_t)n;
			break;
		case 'P':
			if (seq > next)
				continue;	/* ahead: wait for the gap */
			if (seq == next) {
				sha256_update(&put, in + 8, (size_t)n - 8);
				total += (uint64_t)n - 8;
				next++;
			}
			out[0] = 'A';
			break;
		case 'G':
			if (n < 12)
				continue;
			size = get32(in + 8);
			if (size > sizeof(out) - 8)
				continue;
			out[0] = 'D';
			stream((uint64_t)seq * size, out + 8, size);
			outlen = 8 + size;
			break;
		case 'H':
			for (i = 0; i < 8; i++)
				out[8 + i] = (uint8_t)(total >> (56 - 8 * i));
			sha256_final(&put, out + 16);
			outlen = 48;
			break;
		case 'R':
			sha256_init(&put);
			total = 0;
			next = 0;
			break;
		case 'Q':
			break;
		default:
			continue;
		}
		(void)sendto(s, out, outlen, 0, (struct sockaddr *)&from,
		    fromlen);
		if (in[0] == 'Q') {
			printf("hnserve: udp done, %llu bytes put\n",
			    (unsigned long long)total);
			return (0);
		}
	}
}

/* ---- TCP -------------------------------------------------------------------- */

/* Read a line of at most size-1 bytes, a byte at a time (it is short). */
static int
read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	char c;

	while (n < size - 1) {
		if (read(fd, &c, 1) != 1)
			return (-1);
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return (0);
}

/* Hash everything fd sends until EOF. */
static uint64_t
sink(int fd, char digest[65])
{
	static uint8_t buf[65536];
	struct sha256 s;
	uint8_t d[32];
	ssize_t n;

	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("hnserve: read");
			break;
		}
		sha256_update(&s, buf, (size_t)n);
	}
	sha256_final(&s, d);
	sha256_hex(d, digest);
	return (s.len);
}

static int
source(int fd, uint64_t n)
{
	static uint8_t buf[65536];
	uint64_t off = 0;
	size_t k;

	while (off < n) {
		k = n - off < sizeof(buf) ? (size_t)(n - off) : sizeof(buf);
		stream(off, buf, k);
		if (write_all(fd, buf, k) != 0) {
			perror("hnserve: write");
			return (-1);
		}
		off += k;
	}
	return (0);
}

static int
serve_tcp(int port)
{
	char line[128], digest[65];
	unsigned long long n;
	uint64_t count;
	int s, c;

	s = bound_socket(SOCK_STREAM, port);
	if (listen(s, 4) != 0) {
		perror("hnserve: listen");
		return (1);
	}
	printf("hnserve: tcp port %d ready\n", port);
	fflush(stdout);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			perror("hnserve: accept");
			return (1);
		}
		if (read_line(c, line, sizeof(line)) != 0) {
			close(c);
			continue;
		}
		if (strcmp(line, "SINK") == 0) {
			count = sink(c, digest);
			snprintf(line, sizeof(line), "%llu %s\n",
			    (unsigned long long)count, digest);
			(void)write_all(c, line, strlen(line));
			printf("hnserve: tcp sink: %s", line);
		} else if (sscanf(line, "SOURCE %llu", &n) == 1) {
			if (source(c, n) == 0)
				printf("hnserve: tcp source: %llu bytes\n", n);
		} else if (strcmp(line, "QUIT") == 0) {
			close(c);
			printf("hnserve: tcp done\n");
			return (0);
		}
		fflush(stdout);
		close(c);
	}
}

/* net.inet.tcp.tcbs on the console: what a stalled connection was doing. */
static void
tcb_dump(void)
{
	static char buf[16384];
	size_t len = sizeof(buf) - 1;
	char *p, *nl;

	if (sysctlbyname("net.inet.tcp.tcbs", buf, &len, NULL, 0) != 0)
		return;
	buf[len] = '\0';
	for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		printf("hnserve: tcb: %s\n", p);
	}
	fflush(stdout);
}

static int
connect_out(const char *addr, int port, uint64_t n)
{
	struct sockaddr_in sin;
	struct sha256 s;
	char want[128], got[128], digest[65];
	uint8_t buf[65536], d[32];
	uint64_t off = 0;
	size_t k;
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_aton(addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "hnserve: %s: bad address\n", addr);
		return (1);
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		printf("not ok - guest connects out to %s:%d (%s)\n", addr,
		    port, strerror(errno));
		return (1);
	}
	{
		struct timeval tv = { 60, 0 };

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	sha256_init(&s);
	while (off < n) {
		k = n - off < sizeof(buf) ? (size_t)(n - off) : sizeof(buf);
		stream(off, buf, k);
		sha256_update(&s, buf, k);
		if (write_all(fd, buf, k) != 0) {
			printf("not ok - guest connects out: sending %llu "
			    "bytes (%s after %llu)\n", (unsigned long long)n,
			    strerror(errno), (unsigned long long)off);
			tcb_dump();
			return (1);
		}
		off += k;
	}
	/*
	 * No shutdown(SHUT_WR) here: guestfwd ends in a chardev on QEMU's
	 * side, which cannot pass a half-close on, and QEMU may drop the
	 * way back once our FIN arrived.  The host counts the bytes.
	 */
	sha256_final(&s, d);
	sha256_hex(d, digest);
	snprintf(want, sizeof(want), "%llu %s", (unsigned long long)n, digest);
	if (read_line(fd, got, sizeof(got)) != 0) {
		got[0] = '\0';
		tcb_dump();
	}
	close(fd);
	if (strcmp(got, want) != 0) {
		printf("not ok - guest connects out: host got \"%s\", "
		    "sent \"%s\"\n", got, want);
		return (1);
	}
	printf("ok - guest connects out and sends %llu bytes, SHA-256 %s\n",
	    (unsigned long long)n, digest);
	return (0);
}

int
main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "udp") == 0)
		return (serve_udp(atoi(argv[2])));
	if (argc == 3 && strcmp(argv[1], "tcp") == 0)
		return (serve_tcp(atoi(argv[2])));
	if (argc == 5 && strcmp(argv[1], "connect") == 0)
		return (connect_out(argv[2], atoi(argv[3]),
		    strtoull(argv[4], NULL, 10)));
	fprintf(stderr, "usage: hnserve udp PORT | tcp PORT | "
	    "connect ADDR PORT NBYTES\n");
	return (2);
}
