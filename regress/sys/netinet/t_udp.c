/*
 * t_udp: UDP over lo0 through the system calls: exact bytes and source
 * addresses, ephemeral ports, connected sockets, ECONNREFUSED from an
 * ICMP port unreachable, a datagram larger than lo0's MTU (fragmented
 * and reassembled), bind rules (EADDRINUSE, SO_REUSEADDR, SO_REUSEPORT,
 * EADDRNOTAVAIL, reserved ports), bad arguments (EFAULT, EINVAL,
 * EAFNOSUPPORT, EMSGSIZE), and the counters and pcblist export.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/udp_var.h>
#include <netinet/ip_var.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"
#include "util.h"

static int
udp_bound(const char *ip, int port)
{
	struct sockaddr_in sin;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	mkaddr(&sin, ip, port);
	if (s >= 0 && bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(s);
		return (-1);
	}
	return (s);
}

static void
get_udpstat(struct udpstat *st)
{
	size_t len = sizeof(*st);

	memset(st, 0, sizeof(*st));
	if (sysctlbyname("net.inet.udp.stats", st, &len, NULL, 0) != 0 ||
	    len != sizeof(*st))
		memset(st, 0xff, sizeof(*st));
}

static void
t_basic(void)
{
	struct sockaddr_in sin, from;
	socklen_t flen;
	struct udpstat before, after;
	char buf[256];
	int a, b, pa, pb;
	ssize_t n;

	get_udpstat(&before);
	a = udp_bound("127.0.0.1", 0);
	b = udp_bound("127.0.0.1", 0);
	ok(a >= 0 && b >= 0, "two UDP sockets bound to 127.0.0.1:0");
	pa = local_port(a);
	pb = local_port(b);
	ok(pa >= 49152 && pa <= 65535, "ephemeral port in 49152..65535");
	ok(pa != pb, "two ephemeral ports differ");

	mkaddr(&sin, "127.0.0.1", pb);
	n = sendto(a, "hello, udp", 10, 0, (struct sockaddr *)&sin,
	    sizeof(sin));
	is_int(n, 10, "sendto 10 bytes");
	flen = sizeof(from);
	memset(buf, 0, sizeof(buf));
	n = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	is_int(n, 10, "recvfrom 10 bytes");
	is_str(buf, "hello, udp", "exact bytes");
	is_int(flen, sizeof(struct sockaddr_in), "from length");
	is_int(from.sin_family, AF_INET, "from family");
	is_int(ntohs(from.sin_port), pa, "from port is the sender's");
	is_int(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK),
	    "from address 127.0.0.1");

	/* Empty datagrams are real datagrams. */
	is_int(sendto(a, "", 0, 0, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "send an empty datagram");
	is_int(recv(b, buf, sizeof(buf), 0), 0, "receive it: 0 bytes");

	/* Record boundaries and truncation. */
	sendto(a, "abcdef", 6, 0, (struct sockaddr *)&sin, sizeof(sin));
	sendto(a, "XY", 2, 0, (struct sockaddr *)&sin, sizeof(sin));
	is_int(recv(b, buf, 3, 0), 3, "short read of a 6-byte datagram");
	ok(memcmp(buf, "abc", 3) == 0, "its first 3 bytes");
	is_int(recv(b, buf, sizeof(buf), 0), 2, "the rest was discarded");
	ok(memcmp(buf, "XY", 2) == 0, "next datagram intact");

	is_int(errno_of(recv(b, buf, sizeof(buf), MSG_DONTWAIT)), EAGAIN,
	    "nothing queued: EAGAIN");
	get_udpstat(&after);
	ok(after.udps_opackets - before.udps_opackets >= 4,
	    "udps_opackets grew by the datagrams sent");
	ok(after.udps_delivered - before.udps_delivered >= 4,
	    "udps_delivered grew");
	close(a);
	close(b);
}

static void
t_connected(void)
{
	struct sockaddr_in sin, peer;
	socklen_t len;
	char buf[64];
	int a, b, c, pb;

	a = udp_bound("127.0.0.1", 0);
	b = udp_bound("127.0.0.1", 0);
	c = udp_bound("127.0.0.1", 0);
	pb = local_port(b);
	mkaddr(&sin, "127.0.0.1", pb);
	is_int(connect(a, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "connect a UDP socket");
	len = sizeof(peer);
	is_int(getpeername(a, (struct sockaddr *)&peer, &len), 0,
	    "getpeername");
	is_int(ntohs(peer.sin_port), pb, "peer port");
	is_int(send(a, "conn", 4, 0), 4, "send without an address");
	is_int(recv(b, buf, sizeof(buf), 0), 4, "received");
	ok(memcmp(buf, "conn", 4) == 0, "exact bytes");
	is_int(errno_of(sendto(a, "x", 1, 0, (struct sockaddr *)&sin,
	    sizeof(sin))), EISCONN, "sendto on a connected socket: EISCONN");

	/* A connected socket only hears from its peer. */
	mkaddr(&sin, "127.0.0.1", local_port(a));
	sendto(c, "intruder", 8, 0, (struct sockaddr *)&sin, sizeof(sin));
	mkaddr(&sin, "127.0.0.1", local_port(a));
	sendto(b, "peer", 4, 0, (struct sockaddr *)&sin, sizeof(sin));
	memset(buf, 0, sizeof(buf));
	is_int(recv(a, buf, sizeof(buf), 0), 4, "connected socket receives");
	is_str(buf, "peer", "only the peer's datagram");
	is_int(errno_of(recv(a, buf, sizeof(buf), MSG_DONTWAIT)), EAGAIN,
	    "the stranger's was not delivered");

	/* Disconnect with AF_UNSPEC, then sendto works again. */
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_UNSPEC;
	is_int(connect(a, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "connect(AF_UNSPEC) disconnects");
	len = sizeof(peer);
	is_int(errno_of(getpeername(a, (struct sockaddr *)&peer, &len)),
	    ENOTCONN, "getpeername after disconnect: ENOTCONN");
	is_int(errno_of(send(a, "x", 1, 0)), EDESTADDRREQ,
	    "send without address when unconnected: EDESTADDRREQ");
	close(a);
	close(b);
	close(c);
}

static void
t_refused(void)
{
	struct sockaddr_in sin;
	struct udpstat before, after;
	char buf[16];
	int a, dead, port;

	/* A port nobody listens on: bind, learn it, close. */
	dead = udp_bound("127.0.0.1", 0);
	port = local_port(dead);
	close(dead);
	get_udpstat(&before);
	a = socket(AF_INET, SOCK_DGRAM, 0);
	mkaddr(&sin, "127.0.0.1", port);
	is_int(connect(a, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "connect to a closed port");
	is_int(send(a, "ping", 4, 0), 4, "the send itself succeeds");
	is_int(errno_of(recv(a, buf, sizeof(buf), 0)), ECONNREFUSED,
	    "recv: ECONNREFUSED from the ICMP port unreachable");
	get_udpstat(&after);
	ok(after.udps_noport > before.udps_noport, "udps_noport grew");

	/* Unconnected sockets are not told. */
	close(a);
	a = socket(AF_INET, SOCK_DGRAM, 0);
	is_int(sendto(a, "ping", 4, 0, (struct sockaddr *)&sin, sizeof(sin)),
	    4, "unconnected sendto to a closed port");
	is_int(sendto(a, "ping", 4, 0, (struct sockaddr *)&sin, sizeof(sin)),
	    4, "and again: no error reported");
	close(a);
}

static void
t_large(void)
{
	struct sockaddr_in sin;
	struct ipstat before, after;
	size_t len = sizeof(before);
	unsigned char *out, *in;
	int a, b, i, bufsz = 65536, bad = 0;
	ssize_t n;
	const int size = 40000;	/* > lo0's MTU (16384): three fragments */

	sysctlbyname("net.inet.ip.stats", &before, &len, NULL, 0);
	out = malloc(size);
	in = malloc(size + 16);
	for (i = 0; i < size; i++)
		out[i] = (unsigned char)(i * 7 + i / 251);
	a = udp_bound("127.0.0.1", 0);
	b = udp_bound("127.0.0.1", 0);
	is_int(setsockopt(a, SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz)), 0,
	    "SO_SNDBUF 64 KiB");
	is_int(setsockopt(b, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz)), 0,
	    "SO_RCVBUF 64 KiB");
	mkaddr(&sin, "127.0.0.1", local_port(b));
	n = sendto(a, out, size, 0, (struct sockaddr *)&sin, sizeof(sin));
	is_int(n, size, "send a 40000-byte datagram");
	n = recv(b, in, size + 16, 0);
	is_int(n, size, "receive it whole");
	for (i = 0; i < size && n == size; i++)
		if (in[i] != out[i])
			bad++;
	is_int(bad, 0, "every byte as sent");
	len = sizeof(after);
	sysctlbyname("net.inet.ip.stats", &after, &len, NULL, 0);
	ok(after.ips_fragmented > before.ips_fragmented,
	    "ips_fragmented grew");
	ok(after.ips_reassembled > before.ips_reassembled,
	    "ips_reassembled grew");
	ok(after.ips_ofragments - before.ips_ofragments >= 3,
	    "at least 3 fragments made");

	bufsz = 70000;
	setsockopt(a, SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	is_int(errno_of(sendto(a, out, 65508, 0, (struct sockaddr *)&sin,
	    sizeof(sin))), EMSGSIZE, "65508 bytes (over 65535 with headers): "
	    "EMSGSIZE");
	close(a);
	close(b);
	free(out);
	free(in);
}

static void
t_bind(void)
{
	struct sockaddr_in sin;
	int a, b, c, one = 1, port;

	a = udp_bound("127.0.0.1", 0);
	port = local_port(a);
	b = socket(AF_INET, SOCK_DGRAM, 0);
	mkaddr(&sin, "127.0.0.1", port);
	is_int(errno_of(bind(b, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "bind to a port in use: EADDRINUSE");
	mkaddr(&sin, "0.0.0.0", port);
	is_int(errno_of(bind(b, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "wildcard bind of a port in use: EADDRINUSE");
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	is_int(bind(b, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "SO_REUSEADDR: wildcard beside a specific address");
	c = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	mkaddr(&sin, "127.0.0.1", port);
	is_int(errno_of(bind(c, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRINUSE, "SO_REUSEADDR: same address and port still in use");
	close(a);
	close(b);
	close(c);

	a = socket(AF_INET, SOCK_DGRAM, 0);
	b = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(a, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	setsockopt(b, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	mkaddr(&sin, "127.0.0.1", 0);
	bind(a, (struct sockaddr *)&sin, sizeof(sin));
	mkaddr(&sin, "127.0.0.1", local_port(a));
	is_int(bind(b, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "SO_REUSEPORT on both: same address and port");
	close(a);
	close(b);

	a = socket(AF_INET, SOCK_DGRAM, 0);
	mkaddr(&sin, "10.99.99.99", 0);
	is_int(errno_of(bind(a, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRNOTAVAIL, "bind to an address not ours: EADDRNOTAVAIL");
	mkaddr(&sin, "127.0.0.1", 0);
	is_int(errno_of(bind(a, (struct sockaddr *)&sin, 8)), EINVAL,
	    "short address: EINVAL");
	sin.sin_family = AF_UNIX;
	is_int(errno_of(bind(a, (struct sockaddr *)&sin, sizeof(sin))),
	    EAFNOSUPPORT, "wrong family: EAFNOSUPPORT");
	is_int(errno_of(bind(a, (struct sockaddr *)1, sizeof(sin))), EFAULT,
	    "bad address pointer: EFAULT");
	mkaddr(&sin, "127.0.0.1", 0);
	bind(a, (struct sockaddr *)&sin, sizeof(sin));
	is_int(errno_of(bind(a, (struct sockaddr *)&sin, sizeof(sin))),
	    EINVAL, "bind twice: EINVAL");
	is_int(errno_of(sendto(a, "x", 1, 0, (struct sockaddr *)&sin, 4)),
	    EINVAL, "sendto with a short address: EINVAL");
	is_int(errno_of(sendto(a, (void *)1, 10, 0, (struct sockaddr *)&sin,
	    sizeof(sin))), EFAULT, "sendto from a bad buffer: EFAULT");
	is_int(errno_of(listen(a, 5)), EOPNOTSUPP, "listen on UDP: EOPNOTSUPP");
	close(a);
}

static void
t_pcblist(void)
{
	struct xinpgen *hdr, *trl;
	struct xinpcb *xi;
	size_t len = 0;
	char *buf;
	int s, port, found = 0;
	u_int i;

	s = udp_bound("127.0.0.1", 0);
	port = local_port(s);
	is_int(sysctlbyname("net.inet.udp.pcblist", NULL, &len, NULL, 0), 0,
	    "pcblist size estimate");
	buf = malloc(len);
	is_int(sysctlbyname("net.inet.udp.pcblist", buf, &len, NULL, 0), 0,
	    "pcblist read");
	hdr = (struct xinpgen *)buf;
	is_int(hdr->xig_len, sizeof(*hdr), "header length");
	ok(len == 2 * sizeof(*hdr) + hdr->xig_count * sizeof(*xi),
	    "header + count records + trailer");
	xi = (struct xinpcb *)(hdr + 1);
	for (i = 0; i < hdr->xig_count; i++)
		if (xi[i].xi_len == sizeof(*xi) &&
		    xi[i].xi_version == XINPCB_VERSION &&
		    ntohs(xi[i].inp_lport) == port &&
		    xi[i].inp_laddr == htonl(INADDR_LOOPBACK) &&
		    xi[i].xi_socket.xso_protocol == IPPROTO_UDP)
			found++;
	is_int(found, 1, "our socket is listed once with its address");
	trl = (struct xinpgen *)(xi + hdr->xig_count);
	ok(trl->xig_gen >= hdr->xig_gen, "trailer generation");
	free(buf);
	close(s);
}

int
main(void)
{
	t_basic();
	t_connected();
	t_refused();
	t_large();
	t_bind();
	t_pcblist();
	return (done());
}
