/*
 * t_garbage: malformed input never panics the kernel and is counted.
 * Truncated, mangled and random IPv4 packets (UDP, ICMP and TCP among
 * them) are fed to ip_input through net.inet.ip.inject and frames to
 * ether_input through net.link.ether.inject (both return once the
 * netisr threads handled the packet); each kind must raise its own drop counter, and a good
 * packet injected the same way must still be delivered.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_var.h>
#include <netinet/udp.h>
#include <netinet/udp_var.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static struct ipstat ips0, ips1;
static struct udpstat udps0, udps1;
static struct icmpstat icps0, icps1;

static void
snap(struct ipstat *ip, struct udpstat *up, struct icmpstat *icp)
{
	size_t len;

	len = sizeof(*ip);
	sysctlbyname("net.inet.ip.stats", ip, &len, NULL, 0);
	len = sizeof(*up);
	sysctlbyname("net.inet.udp.stats", up, &len, NULL, 0);
	len = sizeof(*icp);
	sysctlbyname("net.inet.icmp.stats", icp, &len, NULL, 0);
}

static int
inject(const void *pkt, size_t len)
{
	return (sysctlbyname("net.inet.ip.inject", NULL, NULL, pkt, len));
}

static uint16_t
cksum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

/* A valid UDP packet 127.0.0.1:sport -> 127.0.0.1:dport with payload. */
static size_t
mkudp(unsigned char *pkt, int sport, int dport, const char *data)
{
	struct ip *ip = (struct ip *)pkt;
	struct udphdr *uh = (struct udphdr *)(pkt + 20);
	size_t dlen = strlen(data), len = 28 + dlen;
	uint32_t ph;

	memset(pkt, 0, len);
	ip->ip_v = 4;
	ip->ip_hl = 5;
	ip->ip_len = htons((uint16_t)len);
	ip->ip_id = htons(777);
	ip->ip_ttl = 64;
	ip->ip_p = IPPROTO_UDP;
	ip->ip_src.s_addr = htonl(INADDR_LOOPBACK);
	ip->ip_dst.s_addr = htonl(INADDR_LOOPBACK);
	ip->ip_sum = cksum(ip, 20, 0);
	uh->uh_sport = htons((uint16_t)sport);
	uh->uh_dport = htons((uint16_t)dport);
	uh->uh_ulen = htons((uint16_t)(8 + dlen));
	memcpy(pkt + 28, data, dlen);
	/* Pseudo header: addresses, protocol, UDP length. */
	ph = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + IPPROTO_UDP + 8 + dlen;
	uh->uh_sum = cksum(uh, 8 + dlen, ph);
	if (uh->uh_sum == 0)
		uh->uh_sum = 0xffff;
	return (len);
}

static void
fix_ipsum(unsigned char *pkt)
{
	struct ip *ip = (struct ip *)pkt;

	ip->ip_sum = 0;
	ip->ip_sum = cksum(pkt, ip->ip_hl << 2, 0);
}

#define GREW(f, s0, s1)	((s1).f > (s0).f)

static void
tcpsnap(struct tcpstat *ts)
{
	size_t len = sizeof(*ts);

	sysctlbyname("net.inet.tcp.stats", ts, &len, NULL, 0);
}

/*
 * A TCP segment 127.0.0.1:sport -> 127.0.0.1:dport, flags, with olen
 * option bytes opt and a correct checksum unless told otherwise.
 */
static size_t
mktcp(unsigned char *pkt, int sport, int dport, int flags, int off,
    const unsigned char *opt, int olen)
{
	struct ip *ip = (struct ip *)pkt;
	struct tcphdr *th = (struct tcphdr *)(pkt + 20);
	size_t tlen = 20 + (size_t)olen, len = 20 + tlen;
	uint32_t ph;

	memset(pkt, 0, len);
	ip->ip_v = 4;
	ip->ip_hl = 5;
	ip->ip_len = htons((uint16_t)len);
	ip->ip_ttl = 64;
	ip->ip_p = IPPROTO_TCP;
	ip->ip_src.s_addr = htonl(INADDR_LOOPBACK);
	ip->ip_dst.s_addr = htonl(INADDR_LOOPBACK);
	fix_ipsum(pkt);
	th->th_sport = htons((uint16_t)sport);
	th->th_dport = htons((uint16_t)dport);
	th->th_seq = htonl(1000);
	th->th_ack = htonl(2000);
	th->th_off = (uint8_t)off;
	th->th_flags = (uint8_t)flags;
	th->th_win = htons(4096);
	if (olen > 0)
		memcpy(th + 1, opt, (size_t)olen);
	ph = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + IPPROTO_TCP + (uint32_t)tlen;
	th->th_sum = cksum(th, tlen, ph);
	return (len);
}

/* Truncated, mangled and option-garbled TCP: counted, never a panic. */
static void
t_tcp_garbage(void)
{
	unsigned char pkt[256];
	static const unsigned char badopt[4] = { TCPOPT_MAXSEG, 0, 0, 0 };
	struct tcpstat t0, t1;
	size_t len;

	tcpsnap(&t0);
	len = mktcp(pkt, 4244, 9, TH_ACK, 5, NULL, 0);
	((struct ip *)pkt)->ip_len = htons(30);
	fix_ipsum(pkt);
	inject(pkt, 30);
	len = mktcp(pkt, 4244, 9, TH_ACK, 5, NULL, 0);
	pkt[len - 1] ^= 0x5a;
	inject(pkt, len);
	mktcp(pkt, 4244, 9, TH_ACK, 4, NULL, 0);
	inject(pkt, len);
	mktcp(pkt, 4244, 9, TH_ACK, 15, NULL, 0);
	inject(pkt, len);
	len = mktcp(pkt, 4244, 9, TH_ACK, 6, badopt, 4);
	inject(pkt, len);
	tcpsnap(&t1);
	is_int((long long)(t1.tcps_rcvshort - t0.tcps_rcvshort), 1,
	    "TCP header cut short: tcps_rcvshort");
	is_int((long long)(t1.tcps_rcvbadsum - t0.tcps_rcvbadsum), 1,
	    "TCP segment changed: tcps_rcvbadsum");
	is_int((long long)(t1.tcps_rcvbadoff - t0.tcps_rcvbadoff), 2,
	    "data offset 4 and past the end: tcps_rcvbadoff +2");
	is_int((long long)(t1.tcps_rcvbadopt - t0.tcps_rcvbadopt), 1,
	    "option of length 0: tcps_rcvbadopt");
	ok(GREW(tcps_noport, t0, t1),
	    "the well-formed one found no socket: tcps_noport");
	ok(GREW(tcps_sndrst, t0, t1), "and was answered with a RST");
	is_int((long long)(t1.tcps_rcvtotal - t0.tcps_rcvtotal) >= 5, 1,
	    "all five counted in tcps_rcvtotal");
}

int
main(void)
{
	unsigned char pkt[2048], good[128];
	struct sockaddr_in sin;
	struct ip *ip = (struct ip *)pkt;
	socklen_t slen;
	char buf[64];
	size_t len;
	int s, port, i, j, fails = 0;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)&sin, sizeof(sin));
	slen = sizeof(sin);
	getsockname(s, (struct sockaddr *)&sin, &slen);
	port = ntohs(sin.sin_port);

	/* The hook works: a good packet arrives with exact bytes. */
	len = mkudp(good, 4242, port, "injected!");
	is_int(inject(good, len), 0, "inject a valid UDP packet");
	memset(buf, 0, sizeof(buf));
	is_int(recv(s, buf, sizeof(buf), MSG_DONTWAIT), 9,
	    "it was delivered by the time the write returned");
	is_str(buf, "injected!", "exact bytes");

	snap(&ips0, &udps0, &icps0);
	is_int(inject(pkt, 0), 0, "empty packet");
	memcpy(pkt, good, len);
	is_int(inject(pkt, 10), 0, "10 bytes of a header");
	snap(&ips1, &udps1, &icps1);
	is_int(ips1.ips_toosmall - ips0.ips_toosmall, 2, "ips_toosmall +2");

	memcpy(pkt, good, len);
	ip->ip_v = 6;
	fix_ipsum(pkt);
	snap(&ips0, &udps0, &icps0);
	inject(pkt, len);
	snap(&ips1, &udps1, &icps1);
	ok(GREW(ips_badvers, ips0, ips1), "version 6 header: ips_badvers");

	memcpy(pkt, good, len);
	ip->ip_hl = 4;
	fix_ipsum(pkt);
	inject(pkt, len);
	memcpy(pkt, good, len);
	ip->ip_hl = 15;		/* 60 bytes: longer than the packet */
	inject(pkt, 30);
	snap(&ips0, &udps0, &icps0);
	is_int(ips0.ips_badhlen - ips1.ips_badhlen, 2,
	    "ip_hl 4 and ip_hl past the end: ips_badhlen +2");

	memcpy(pkt, good, len);
	ip->ip_sum ^= 0x1111;
	inject(pkt, len);
	snap(&ips1, &udps1, &icps1);
	is_int(ips1.ips_badsum - ips0.ips_badsum, 1, "bad checksum: ips_badsum");

	memcpy(pkt, good, len);
	ip->ip_len = htons((uint16_t)(len + 100));
	fix_ipsum(pkt);
	inject(pkt, len);
	memcpy(pkt, good, len);
	ip->ip_len = htons(12);
	fix_ipsum(pkt);
	inject(pkt, len);
	snap(&ips0, &udps0, &icps0);
	ok(GREW(ips_tooshort, ips1, ips0), "ip_len past the data: tooshort");
	ok(GREW(ips_badlen, ips1, ips0), "ip_len below the header: badlen");

	/* Options: a length running off the header. */
	memset(pkt, 0, sizeof(pkt));
	memcpy(pkt, good, 20);
	ip->ip_hl = 6;
	pkt[20] = IPOPT_RR;
	pkt[21] = 39;
	memcpy(pkt + 24, good + 20, len - 20);
	ip->ip_len = htons((uint16_t)(len + 4));
	fix_ipsum(pkt);
	inject(pkt, len + 4);
	snap(&ips1, &udps1, &icps1);
	is_int(ips1.ips_badoptions - ips0.ips_badoptions, 1,
	    "option length past the header: ips_badoptions");

	/* Martian source. */
	memcpy(pkt, good, len);
	ip->ip_src.s_addr = htonl(0xe0000001);
	fix_ipsum(pkt);
	inject(pkt, len);
	snap(&ips0, &udps0, &icps0);
	is_int(ips0.ips_badaddr - ips1.ips_badaddr, 1,
	    "multicast source: ips_badaddr");

	/* UDP: truncated header, bad length, bad checksum. */
	memcpy(pkt, good, len);
	ip->ip_len = htons(24);
	fix_ipsum(pkt);
	inject(pkt, 24);
	memcpy(pkt, good, len);
	pkt[24] = 0x40;		/* uh_ulen = 0x40.. > the datagram */
	inject(pkt, len);
	memcpy(pkt, good, len);
	pkt[len - 1] ^= 0x55;
	inject(pkt, len);
	snap(&ips1, &udps1, &icps1);
	is_int(udps1.udps_hdrops - udps0.udps_hdrops, 1,
	    "UDP header cut short: udps_hdrops");
	is_int(udps1.udps_badlen - udps0.udps_badlen, 1,
	    "UDP length past the packet: udps_badlen");
	is_int(udps1.udps_badsum - udps0.udps_badsum, 1,
	    "UDP payload changed: udps_badsum");
	is_int(recv(s, buf, sizeof(buf), MSG_DONTWAIT) == -1 ? errno : 0,
	    EAGAIN, "none of them reached the socket");

	/* ICMP shorter than its header, and with a bad checksum. */
	memcpy(pkt, good, 20);
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_len = htons(24);
	fix_ipsum(pkt);
	memset(pkt + 20, 8, 4);
	inject(pkt, 24);
	ip->ip_len = htons(28);
	fix_ipsum(pkt);
	memset(pkt + 20, 0, 8);
	pkt[20] = ICMP_ECHO;
	pkt[22] = 0x12;
	inject(pkt, 28);
	snap(&ips0, &udps0, &icps0);
	is_int(icps0.icps_tooshort - icps1.icps_tooshort, 1,
	    "ICMP of 4 bytes: icps_tooshort");
	is_int(icps0.icps_checksum - icps1.icps_checksum, 1,
	    "ICMP with a bad checksum: icps_checksum");

	/* Fragments: an overlap kills the datagram, a lone one waits. */
	memcpy(pkt, good, len);
	ip->ip_id = htons(4321);
	ip->ip_off = htons(IP_MF);
	ip->ip_len = htons(20 + 16);
	fix_ipsum(pkt);
	inject(pkt, 36);
	ip->ip_off = htons(IP_MF | 1);	/* offset 8: overlaps 8..15 */
	fix_ipsum(pkt);
	inject(pkt, 36);
	ip->ip_off = htons(IP_MF);
	ip->ip_len = htons(20 + 13);	/* not a multiple of 8 */
	fix_ipsum(pkt);
	inject(pkt, 33);
	snap(&ips1, &udps1, &icps1);
	is_int(ips1.ips_fragments - ips0.ips_fragments, 3,
	    "three fragments seen");
	ok(ips1.ips_fragdropped - ips0.ips_fragdropped >= 3,
	    "overlapping and odd-sized fragments dropped");

	t_tcp_garbage();

	/* Random junk: thousands of packets, none may hurt. */
	srand(12345);
	for (i = 0; i < 3000; i++) {
		len = (size_t)(rand() % 200);
		for (j = 0; j < (int)len; j++)
			pkt[j] = (unsigned char)rand();
		if (i % 3 == 0 && len >= 20) {
			/* Half-plausible headers get further in. */
			ip->ip_v = 4;
			ip->ip_hl = 5 + (rand() % 3);
			ip->ip_len = htons((uint16_t)len);
			ip->ip_off = 0;
			ip->ip_p = (uint8_t[]){ 1, 17, 6, 253 }[rand() % 4];
			ip->ip_src.s_addr = htonl(INADDR_LOOPBACK);
			ip->ip_dst.s_addr = htonl(INADDR_LOOPBACK);
			fix_ipsum(pkt);
		}
		if (inject(pkt, len) != 0)
			fails++;
	}
	is_int(fails, 0, "3000 random packets injected");
	snap(&ips0, &udps0, &icps0);
	ok(ips0.ips_total - ips1.ips_total >= 3000, "ips_total counted them");

	/* Ethernet frames: runts and junk through ether_input. */
	{
		uint64_t r0 = 0, r1 = 0;
		size_t rl = sizeof(r0);

		sysctlbyname("net.link.ether.runts", &r0, &rl, NULL, 0);
		is_int(sysctlbyname("net.link.ether.inject", NULL, NULL, pkt,
		    5), 0, "5-byte frame");
		for (i = 0; i < 500; i++) {
			len = (size_t)(rand() % 120);
			for (j = 0; j < (int)len; j++)
				pkt[j] = (unsigned char)rand();
			if (i % 2 == 0 && len >= 14) {
				memset(pkt, 0xff, 6);	/* broadcast */
				pkt[12] = (i % 4 == 0) ? 0x08 : 0x08;
				pkt[13] = (i % 4 == 0) ? 0x00 : 0x06;
			}
			sysctlbyname("net.link.ether.inject", NULL, NULL, pkt,
			    len);
		}
		rl = sizeof(r1);
		sysctlbyname("net.link.ether.runts", &r1, &rl, NULL, 0);
		ok(r1 > r0, "net.link.ether.runts grew");
	}

	/* Still alive and still working. */
	len = mkudp(good, 4243, port, "still here");
	inject(good, len);
	memset(buf, 0, sizeof(buf));
	is_int(recv(s, buf, sizeof(buf), MSG_DONTWAIT), 10,
	    "a good packet after the junk");
	is_str(buf, "still here", "exact bytes");
	close(s);
	return (done());
}
