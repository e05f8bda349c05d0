/*
 * t_icmp: raw IP sockets over lo0: ping 127.0.0.1 (an ICMP echo request
 * through SOCK_RAW/IPPROTO_ICMP, the reply checked byte for byte), a raw
 * socket of an unused protocol receiving what another sends, and an
 * ICMP protocol unreachable when no socket takes a protocol; also the
 * ICMP counters and bad arguments.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/ip_var.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define PROTO_TEST	253	/* RFC 3692 experimental */
#define PROTO_NOBODY	254

static uint16_t
cksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

static void
lo_addr(struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* Wait (bounded) for a datagram; the timeout is only a backstop. */
static ssize_t
recv_wait(int s, void *buf, size_t len)
{
	struct pollfd pfd = { .fd = s, .events = POLLIN };

	if (poll(&pfd, 1, 10000) != 1)
		return (-1);
	return (recv(s, buf, len, 0));
}

static void
t_ping(void)
{
	struct sockaddr_in sin;
	struct icmpstat before, after;
	size_t slen = sizeof(before);
	unsigned char pkt[64], buf[256];
	struct icmp *icp = (struct icmp *)pkt, *rp;
	struct ip *ip;
	ssize_t n;
	int s, i, hlen, got = 0;

	sysctlbyname("net.inet.icmp.stats", &before, &slen, NULL, 0);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	ok(s >= 0, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)");
	memset(pkt, 0, sizeof(pkt));
	icp->icmp_type = ICMP_ECHO;
	icp->icmp_id = htons(0x1234);
	for (i = 8; i < (int)sizeof(pkt); i++)
		pkt[i] = (unsigned char)(i * 3);
	for (i = 1; i <= 3; i++) {
		icp->icmp_seq = htons((uint16_t)i);
		icp->icmp_cksum = 0;
		icp->icmp_cksum = cksum(pkt, sizeof(pkt));
		lo_addr(&sin);
		n = sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin,
		    sizeof(sin));
		if (n != (ssize_t)sizeof(pkt))
			continue;
		/* Our own request comes back too (raw sockets see all
		   ICMP): skip to the reply. */
		for (;;) {
			n = recv_wait(s, buf, sizeof(buf));
			if (n < (ssize_t)sizeof(struct ip))
				break;
			ip = (struct ip *)buf;
			hlen = ip->ip_hl << 2;
			rp = (struct icmp *)(buf + hlen);
			if (rp->icmp_type != ICMP_ECHOREPLY)
				continue;
			if (n - hlen == (ssize_t)sizeof(pkt) &&
			    ntohs(rp->icmp_id) == 0x1234 &&
			    ntohs(rp->icmp_seq) == i &&
			    memcmp(buf + hlen + 8, pkt + 8,
			    sizeof(pkt) - 8) == 0 &&
			    cksum(rp, sizeof(pkt)) == 0 &&
			    ip->ip_src.s_addr == htonl(INADDR_LOOPBACK) &&
			    ip->ip_p == IPPROTO_ICMP)
				got++;
			break;
		}
	}
	is_int(got, 3, "3 echo replies: id, seq, data and checksum right");
	slen = sizeof(after);
	sysctlbyname("net.inet.icmp.stats", &after, &slen, NULL, 0);
	ok(after.icps_inhist[ICMP_ECHO] - before.icps_inhist[ICMP_ECHO] >= 3,
	    "icmp inhist[echo] grew by 3");
	ok(after.icps_outhist[ICMP_ECHOREPLY] -
	    before.icps_outhist[ICMP_ECHOREPLY] >= 3,
	    "icmp outhist[echoreply] grew by 3");

	/* A request with a bad checksum is dropped and counted. */
	icp->icmp_seq = htons(99);
	icp->icmp_cksum = 0x5555;
	sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin, sizeof(sin));
	/* Then a good one, to know the bad one was processed before. */
	icp->icmp_seq = htons(100);
	icp->icmp_cksum = 0;
	icp->icmp_cksum = cksum(pkt, sizeof(pkt));
	sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin, sizeof(sin));
	got = 0;
	for (i = 0; i < 4; i++) {
		n = recv_wait(s, buf, sizeof(buf));
		if (n <= 0)
			break;
		rp = (struct icmp *)(buf + (((struct ip *)buf)->ip_hl << 2));
		if (rp->icmp_type == ICMP_ECHOREPLY) {
			got = ntohs(rp->icmp_seq);
			break;
		}
	}
	is_int(got, 100, "only the good request was answered");
	slen = sizeof(before);
	sysctlbyname("net.inet.icmp.stats", &before, &slen, NULL, 0);
	ok(before.icps_checksum > after.icps_checksum,
	    "icps_checksum counted the bad one");
	close(s);
}

static void
t_rawproto(void)
{
	struct sockaddr_in sin, from;
	socklen_t flen = sizeof(from);
	unsigned char buf[256];
	struct ip *ip = (struct ip *)buf;
	struct icmp *icp;
	int a, b, ic, i;
	ssize_t n;

	a = socket(AF_INET, SOCK_RAW, PROTO_TEST);
	b = socket(AF_INET, SOCK_RAW, PROTO_TEST);
	ok(a >= 0 && b >= 0, "two raw sockets of protocol 253");
	lo_addr(&sin);
	is_int(sendto(a, "raw payload", 11, 0, (struct sockaddr *)&sin,
	    sizeof(sin)), 11, "send 11 bytes of protocol 253");
	n = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	is_int(n, 20 + 11, "the other receives IP header + payload");
	is_int(ip->ip_p, PROTO_TEST, "ip_p 253");
	is_int(ntohs(ip->ip_len), 31, "ip_len 31");
	ok(memcmp(buf + 20, "raw payload", 11) == 0, "payload exact");
	is_int(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK), "from 127.0.0.1");

	/*
	 * IPPROTO_RAW sockets send whole datagrams (IP_HDRINCL is on), here
	 * of protocol 253 (b receives it) and of protocol 254, which no
	 * socket takes: an ICMP protocol unreachable comes back.
	 */
	close(a);
	a = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	ic = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	ok(a >= 0 && ic >= 0, "IPPROTO_RAW and ICMP raw sockets");
	{
		int on = 0;
		socklen_t olen = sizeof(on);
		unsigned char pkt[28];
		struct ip *h = (struct ip *)pkt;

		is_int(getsockopt(a, IPPROTO_IP, IP_HDRINCL, &on, &olen), 0,
		    "getsockopt IP_HDRINCL");
		is_int(on, 1, "on by default for IPPROTO_RAW");
		memset(pkt, 0, sizeof(pkt));
		h->ip_v = 4;
		h->ip_hl = 5;
		h->ip_len = htons(28);
		h->ip_ttl = 64;
		h->ip_p = PROTO_TEST;
		h->ip_dst.s_addr = htonl(INADDR_LOOPBACK);
		memcpy(pkt + 20, "HDRINCL!", 8);
		is_int(sendto(a, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin,
		    sizeof(sin)), 28, "send a whole datagram");
		for (i = 0; i < 4; i++) {
			n = recv_wait(b, buf, sizeof(buf));
			if (n == 28 && memcmp(buf + 20, "HDRINCL!", 8) == 0)
				break;
		}
		is_int(n, 28, "received as built");
		is_int(ip->ip_src.s_addr, htonl(INADDR_LOOPBACK),
		    "a zero source was filled in");

		h->ip_p = PROTO_NOBODY;
		is_int(sendto(a, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin,
		    sizeof(sin)), 28, "send protocol 254");
		icp = NULL;
		for (i = 0; i < 8; i++) {
			n = recv_wait(ic, buf, sizeof(buf));
			if (n <= 0)
				break;
			icp = (struct icmp *)(buf + (ip->ip_hl << 2));
			if (icp->icmp_type == ICMP_UNREACH)
				break;
			icp = NULL;
		}
		ok(icp != NULL && icp->icmp_code == ICMP_UNREACH_PROTOCOL &&
		    icp->icmp_ip.ip_p == PROTO_NOBODY,
		    "ICMP protocol unreachable quoting protocol 254");

		h->ip_len = htons(40);
		is_int(errno_of(sendto(a, pkt, sizeof(pkt), 0,
		    (struct sockaddr *)&sin, sizeof(sin))), EINVAL,
		    "ip_len disagreeing with the size: EINVAL");
		h->ip_len = htons(28);
		h->ip_hl = 3;
		is_int(errno_of(sendto(a, pkt, sizeof(pkt), 0,
		    (struct sockaddr *)&sin, sizeof(sin))), EINVAL,
		    "ip_hl < 5: EINVAL");
		on = 1;
		is_int(errno_of(setsockopt(ic, IPPROTO_IP, IP_TTL, &on,
		    sizeof(on))), 0, "IP_TTL on a raw socket");
		on = 300;
		is_int(errno_of(setsockopt(ic, IPPROTO_IP, IP_TTL, &on,
		    sizeof(on))), EINVAL, "IP_TTL 300: EINVAL");
		is_int(errno_of(setsockopt(ic, IPPROTO_IP, IP_TTL, (void *)8,
		    sizeof(on))), EFAULT, "IP_TTL from a bad pointer: EFAULT");
	}
	is_int(errno_of(socket(AF_INET, SOCK_RAW, 256)), EPROTONOSUPPORT,
	    "protocol 256: EPROTONOSUPPORT");
	close(a);
	close(b);
	close(ic);
}

int
main(void)
{
	t_ping();
	t_rawproto();
	return (done());
}
