/*
 * t_boundif: the IP_BOUND_IF socket option dhclient uses to broadcast
 * from an interface without an address.  Setting and reading it back,
 * clearing it, and its bad inputs: a negative index (EINVAL), an index
 * no interface has (ENXIO), a short option (EINVAL), a bad pointer
 * (EFAULT), a level it is not at (ENOPROTOOPT for raw IP's IPPROTO_IP
 * table does not know it).  Then what a limited broadcast does with it:
 * without SO_BROADCAST it is refused (EACCES), out of lo0 (which cannot
 * broadcast) EADDRNOTAVAIL; unicast sends ignore the option.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int
set_errno(int s, const void *val, socklen_t len)
{
	return (setsockopt(s, IPPROTO_IP, IP_BOUND_IF, val, len) == 0 ? 0 :
	    errno);
}

static int
send_errno(int s, const char *to, int port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = inet_addr(to);
	sin.sin_port = htons((uint16_t)port);
	return (sendto(s, "x", 1, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == 1 ? 0 : errno);
}

int
main(void)
{
	struct sockaddr_in sin;
	socklen_t len;
	char buf[4];
	int s, r, lo, v, on = 1;

	lo = (int)if_nametoindex("lo0");
	ok(lo > 0, "lo0 has an index");
	s = socket(AF_INET, SOCK_DGRAM, 0);
	ok(s >= 0, "UDP socket");

	len = sizeof(v);
	v = -1;
	r = getsockopt(s, IPPROTO_IP, IP_BOUND_IF, &v, &len);
	ok(r == 0 && v == 0 && len == sizeof(v), "unset: reads 0");
	is_int(set_errno(s, &lo, sizeof(lo)), 0, "bind to lo0");
	len = sizeof(v);
	r = getsockopt(s, IPPROTO_IP, IP_BOUND_IF, &v, &len);
	ok(r == 0 && v == lo, "reads back lo0's index");
	v = 0;
	is_int(set_errno(s, &v, sizeof(v)), 0, "0 clears it");
	len = sizeof(v);
	r = getsockopt(s, IPPROTO_IP, IP_BOUND_IF, &v, &len);
	ok(r == 0 && v == 0, "reads 0 again");

	v = -1;
	is_int(set_errno(s, &v, sizeof(v)), EINVAL, "index -1: EINVAL");
	v = 9999;
	is_int(set_errno(s, &v, sizeof(v)), ENXIO, "index 9999: ENXIO");
	is_int(set_errno(s, &lo, 2), EINVAL, "2-byte option: EINVAL");
	is_int(set_errno(s, (void *)8, sizeof(int)), EFAULT,
	    "bad pointer: EFAULT");
	len = sizeof(v);
	r = getsockopt(s, IPPROTO_IP, IP_BOUND_IF, (void *)8, &len);
	is_int(r == 0 ? 0 : errno, EFAULT, "getsockopt to a bad pointer: "
	    "EFAULT");
	len = sizeof(v);
	r = getsockopt(s, IPPROTO_IP, IP_BOUND_IF, &v, &len);
	ok(r == 0 && v == 0, "failed sets left it unset");

	/* Limited broadcasts through it. */
	is_int(set_errno(s, &lo, sizeof(lo)), 0, "bind to lo0 again");
	is_int(send_errno(s, "255.255.255.255", 9), EACCES,
	    "broadcast without SO_BROADCAST: EACCES");
	ok(setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) == 0,
	    "SO_BROADCAST");
	is_int(send_errno(s, "255.255.255.255", 9), EADDRNOTAVAIL,
	    "broadcast out of lo0 (no IFF_BROADCAST): EADDRNOTAVAIL");

	/* Unicast ignores it: a datagram to ourselves arrives. */
	{
		int t = socket(AF_INET, SOCK_DGRAM, 0);

		memset(&sin, 0, sizeof(sin));
		sin.sin_len = sizeof(sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ok(t >= 0 && bind(t, (struct sockaddr *)&sin,
		    sizeof(sin)) == 0, "a receiver on 127.0.0.1");
		len = sizeof(sin);
		getsockname(t, (struct sockaddr *)&sin, &len);
		is_int(send_errno(s, "127.0.0.1", ntohs(sin.sin_port)), 0,
		    "unicast with IP_BOUND_IF set: sent");
		memset(buf, 0, sizeof(buf));
		is_int(recv(t, buf, sizeof(buf), 0), 1, "unicast arrives");
		ok(buf[0] == 'x', "with its byte");
		close(t);
	}
	close(s);

	/* Raw IP sockets do not take it (their table is in_ctloutput_ip). */
	s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (s >= 0) {
		is_int(set_errno(s, &lo, sizeof(lo)), ENOPROTOOPT,
		    "raw socket: ENOPROTOOPT");
		close(s);
	} else {
		ok(0, "raw ICMP socket");
	}
	return (done());
}
