/*
 * netstat(1), the Internet parts: the socket list of TCP, UDP and raw
 * IP (net.inet.{tcp,udp,raw}.pcblist, struct xinpcb, read with
 * sysrec.c's generation protocol; TCP rows carry the connection state),
 * protocol statistics for -s (net.inet.ip.stats, net.inet.icmp.stats,
 * net.inet.tcp.stats, net.inet.udp.stats), interfaces for -i
 * (net.link.iflist plus the SIOCGIFCONF addresses) and the routing table
 * for -r (net.route.table), in FreeBSD's layouts, and as --json.
 *
 * A kernel without one of the protocols has no node for it: netstat
 * says so plainly rather than failing.  Host names (without -n) come from /etc/hosts only: there is no
 * resolver, and a netstat that blocks on DNS is worse than a number.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_types.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip_var.h>
#include <netinet/icmp_var.h>
#include <netinet/udp_var.h>
#define TCPSTATES
#include <netinet/tcp_fsm.h>
#include <netinet/tcp_var.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netstat.h"
#include "sysrec.h"

#define FW	16			/* hex id columns, as on LP64 */

/* ---- names ------------------------------------------------------------- */

/*
 * The first name /etc/hosts gives the address (network order), or NULL.
 * The file is read once: netstat prints many rows.
 */
static const char *
hostname_of(uint32_t addr)
{
	static struct hent {
		uint32_t	addr;
		char		name[256];	/* MAXHOSTNAMELEN */
	} *tab;
	static size_t ntab;
	static int loaded;
	char line[256], *p, *a, *n;
	struct in_addr in;
	FILE *fp;
	size_t i;
	void *nt;

	if (!loaded) {
		loaded = 1;
		if ((fp = fopen("/etc/hosts", "r")) != NULL) {
			while (fgets(line, sizeof(line), fp) != NULL) {
				if ((p = strchr(line, '#')) != NULL)
					*p = '\0';
				a = strtok(line, " \t\n");
				n = strtok(NULL, " \t\n");
				if (a == NULL || n == NULL ||
				    inet_aton(a, &in) == 0)
					continue;
				nt = realloc(tab, (ntab + 1) * sizeof(*tab));
				if (nt == NULL)
					break;
				tab = nt;
				tab[ntab].addr = in.s_addr;
				strlcpy(tab[ntab].name, n,
				    sizeof(tab[ntab].name));
				ntab++;
			}
			fclose(fp);
		}
	}
	for (i = 0; i < ntab; i++)
		if (tab[i].addr == addr)
			return (tab[i].name);
	return (NULL);
}

static const char *
ipstr(uint32_t addr, char *buf, size_t size)
{
	struct in_addr in;

	in.s_addr = addr;
	strlcpy(buf, inet_ntoa(in), size);
	return (buf);
}

/* A host: its /etc/hosts name unless -n, else dotted quad. */
static const char *
hoststr(uint32_t addr, char *buf, size_t size)
{
	const char *n;

	if (!nflag && (n = hostname_of(addr)) != NULL) {
		strlcpy(buf, n, size);
		return (buf);
	}
	return (ipstr(addr, buf, size));
}

/* Prefix length of a contiguous mask (network order); -1 if not one. */
static int
masklen(uint32_t mask)
{
	uint32_t m = ntohl(mask);
	int n = 0;

	while (m & 0x80000000U) {
		m <<= 1;
		n++;
	}
	return (m == 0 ? n : -1);
}

/* "127.0.0.0/8", or with a non-contiguous mask "a.b.c.d&0xmask". */
static const char *
netstr(uint32_t addr, uint32_t mask, char *buf, size_t size)
{
	char a[32];
	int len = masklen(mask);

	ipstr(addr & mask, a, sizeof(a));
	if (len >= 0)
		snprintf(buf, size, "%s/%d", a, len);
	else
		snprintf(buf, size, "%s&0x%08x", a, ntohl(mask));
	return (buf);
}

/* ---- the socket list --------------------------------------------------- */

#define INET_TCP	2		/* inet_lists[].raw for TCP */

static const struct {
	const char	*list;
	int		raw;		/* 0 UDP, 1 raw IP, INET_TCP */
} inet_lists[] = {
	{ "net.inet.tcp.pcblist", INET_TCP },
	{ "net.inet.udp.pcblist", 0 },
	{ "net.inet.raw.pcblist", 1 },
};

/* "tcp4", "udp4"; raw sockets by their protocol: "icmp4", "ip4". */
static const char *
inp_proto(const struct xinpcb *xi, int raw)
{
	if (raw == INET_TCP)
		return ("tcp4");
	if (!raw)
		return ("udp4");
	return (xi->inp_ip_p == IPPROTO_ICMP ? "icmp4" : "ip4");
}

/*
 * FreeBSD's "addr.port", with `*' for the wildcard address and port.
 * Without -W, as FreeBSD does, a host name is cut to 16 characters so
 * that the port still shows (inet_row then cuts the whole to its
 * column); -W keeps everything.
 */
#define INET_HOSTW	16
#define INET_ADDRW	22		/* the address columns */

static void
inet_addrstr(uint32_t addr, uint16_t port, int raw, char *buf, size_t size)
{
	char h[256];

	if (addr == INADDR_ANY)
		strlcpy(h, "*", sizeof(h));
	else
		hoststr(addr, h, sizeof(h));
	if (!Wflag)
		h[INET_HOSTW] = '\0';
	if (raw == 1 || port == 0)
		snprintf(buf, size, "%s.*", h);
	else
		snprintf(buf, size, "%s.%u", h, ntohs(port));
}

/*
 * Which rows: -L lists listen queues, which only TCP has; without -a a
 * socket bound to the wildcard address and a TCP listener (servers) are
 * left out, as FreeBSD does.
 */
static int
inet_wanted(const struct xinpcb *xi, int raw)
{
	if (Lflag)
		return ((xi->xi_socket.so_options & SO_ACCEPTCONN) != 0);
	if (raw == INET_TCP && xi->t_state == TCPS_LISTEN)
		return (aflag);
	return (aflag || xi->inp_laddr != INADDR_ANY);
}

static const char *
tcp_statestr(const struct xinpcb *xi)
{
	if (xi->t_state < 0 || xi->t_state >= TCP_NSTATES)
		return ("?");
	return (tcpstates[xi->t_state]);
}

static void
inet_header(void)
{
	if (Lflag) {
		printf("Current listen queue sizes (qlen/incqlen/maxqlen)\n");
		printf("%-5.5s %-14.14s %s\n", "Proto", "Listen",
		    "Local Address");
		return;
	}
	printf("Active Internet connections%s\n",
	    aflag ? " (including servers)" : "");
	if (aflag || xflag)
		printf("%-*.*s ", FW, FW, "Tcpcb");
	printf("%-5.5s %6.6s %6.6s ", "Proto", "Recv-Q", "Send-Q");
	printf("%-22.22s %-22.22s", "Local Address", "Foreign Address");
	if (xflag)
		printf(" %6s %6s %6s %6s %6s %6s %6s %6s", "R-HIWA",
		    "S-HIWA", "R-LOWA", "S-LOWA", "R-BCNT", "S-BCNT",
		    "R-BMAX", "S-BMAX");
	else
		printf(" %s", "(state)");
	putchar('\n');
}

static void
inet_row(const struct xinpcb *xi, int raw)
{
	const struct xsocket *so = &xi->xi_socket;
	char la[320], fa[320], q[32];

	inet_addrstr(xi->inp_laddr, xi->inp_lport, raw, la, sizeof(la));
	inet_addrstr(xi->inp_faddr, xi->inp_fport, raw, fa, sizeof(fa));
	if (Lflag) {
		snprintf(q, sizeof(q), "%d/%d/%d", so->so_qlen,
		    so->so_incqlen, so->so_qlimit);
		printf("%-5.5s %-14.14s %s\n", inp_proto(xi, raw), q, la);
		return;
	}
	if (aflag || xflag)
		printf("%-*llx ", FW, (unsigned long long)xi->xi_inpp);
	printf("%-5.5s %6llu %6llu ", inp_proto(xi, raw),
	    (unsigned long long)so->so_rcv.sb_cc,
	    (unsigned long long)so->so_snd.sb_cc);
	/* -W: a long address pushes the next column over rather than
	   lose its end. */
	if (Wflag)
		printf("%-*s %-*s", INET_ADDRW, la, INET_ADDRW, fa);
	else
		printf("%-*.*s %-*.*s", INET_ADDRW, INET_ADDRW, la,
		    INET_ADDRW, INET_ADDRW, fa);
	if (xflag)
		printf(" %6llu %6llu %6lld %6lld %6llu %6llu %6llu %6llu",
		    (unsigned long long)so->so_rcv.sb_hiwat,
		    (unsigned long long)so->so_snd.sb_hiwat,
		    (long long)so->so_rcv.sb_lowat,
		    (long long)so->so_snd.sb_lowat,
		    (unsigned long long)so->so_rcv.sb_mbcnt,
		    (unsigned long long)so->so_snd.sb_mbcnt,
		    (unsigned long long)so->so_rcv.sb_mbmax,
		    (unsigned long long)so->so_snd.sb_mbmax);
	/* UDP and raw sockets have no state: the column stays empty. */
	if (raw == INET_TCP && !xflag)
		printf(" %s", tcp_statestr(xi));
	putchar('\n');
}

static void
json_endpoint(const char *key, uint32_t addr, uint16_t port, int *f)
{
	char a[32];
	int g = 1;

	json_key(stdout, f, key);
	putchar('{');
	json_key(stdout, &g, "address");
	if (addr == INADDR_ANY)
		json_str(stdout, "*");
	else
		json_str(stdout, ipstr(addr, a, sizeof(a)));
	json_key(stdout, &g, "port");
	if (port == 0)
		json_str(stdout, "*");
	else
		printf("\"%u\"", ntohs(port));
	putchar('}');
}

static void
inet_json(const struct xinpcb *xi, int raw, int *first)
{
	const struct xsocket *so = &xi->xi_socket;
	int f = 1;

	if (!*first)
		putchar(',');
	*first = 0;
	putchar('{');
	json_key(stdout, &f, "address");
	printf("\"%llx\"", (unsigned long long)xi->xi_inpp);
	json_key(stdout, &f, "protocol");
	json_str(stdout, inp_proto(xi, raw));
	json_key(stdout, &f, "ip-protocol");
	printf("%u", raw == INET_TCP ? IPPROTO_TCP : raw ? xi->inp_ip_p :
	    IPPROTO_UDP);
	json_key(stdout, &f, "receive-bytes-waiting");
	printf("%llu", (unsigned long long)so->so_rcv.sb_cc);
	json_key(stdout, &f, "send-bytes-waiting");
	printf("%llu", (unsigned long long)so->so_snd.sb_cc);
	json_key(stdout, &f, "receive-high-water");
	printf("%llu", (unsigned long long)so->so_rcv.sb_hiwat);
	json_key(stdout, &f, "send-high-water");
	printf("%llu", (unsigned long long)so->so_snd.sb_hiwat);
	json_endpoint("local", xi->inp_laddr, raw == 1 ? 0 : xi->inp_lport,
	    &f);
	json_endpoint("remote", xi->inp_faddr, raw == 1 ? 0 : xi->inp_fport,
	    &f);
	if (raw == INET_TCP) {
		json_key(stdout, &f, "tcp-state");
		json_str(stdout, tcp_statestr(xi));
	}
	json_key(stdout, &f, "connected");
	printf("%s", (xi->inp_flags & INP_CONNECTED) ? "true" : "false");
	putchar('}');
}

int
inetpr(void)
{
	struct sysrec_list sl;
	size_t i, k;
	int first = 1, jfirst = 1, rc = 0;

	if (opt_json) {
		json_section("inet-sockets");
		putchar('[');
	}
	for (k = 0; k < sizeof(inet_lists) / sizeof(inet_lists[0]); k++) {
		if (sysrec_read(inet_lists[k].list, sizeof(struct xinpcb),
		    &sl) < 0) {
			/* A kernel without the protocol: nothing to list. */
			if (errno == ENOENT)
				continue;
			warn("%s", inet_lists[k].list);
			rc = 1;
			continue;
		}
		if (!sl.sl_consistent)
			fprintf(stderr, "Some %s sockets may have been "
			    "created or deleted.\n",
			    inet_lists[k].raw == INET_TCP ? "tcp" :
			    inet_lists[k].raw ? "raw" : "udp");
		for (i = 0; i < sl.sl_count; i++) {
			const struct xinpcb *xi = sysrec_rec(&sl, i);

			if (xi->xi_version != XINPCB_VERSION) {
				warnx("%s: record version %u, this netstat "
				    "reads %u", inet_lists[k].list,
				    xi->xi_version, XINPCB_VERSION);
				rc = 1;
				break;
			}
			if (!inet_wanted(xi, inet_lists[k].raw))
				continue;
			if (opt_json) {
				inet_json(xi, inet_lists[k].raw, &jfirst);
				continue;
			}
			if (first)
				inet_header();
			first = 0;
			inet_row(xi, inet_lists[k].raw);
		}
		sysrec_free(&sl);
	}
	if (opt_json)
		putchar(']');
	/* Asked for Internet sockets alone and none to show: a header. */
	else if (first && !want_unix)
		inet_header();
	return (rc);
}

/* ---- -s ---------------------------------------------------------------- */

/*
 * One counter line: the offset of its uint64_t in the record, the text
 * (with %ju for the value and %s for a plural "s"), and the --json key.
 */
struct statline {
	size_t		off;
	const char	*fmt;
	const char	*json;
};

#define IPS(f)	offsetof(struct ipstat, f)
static const struct statline ip_lines[] = {
	{ IPS(ips_total), "%ju total packet%s received", "received-packets" },
	{ IPS(ips_badsum), "%ju bad header checksum%s", "discard-bad-checksum" },
	{ IPS(ips_toosmall), "%ju with size smaller than minimum",
	    "discard-input-too-short" },
	{ IPS(ips_tooshort), "%ju with data size < data length",
	    "discard-input-packet-too-short" },
	{ IPS(ips_toolong), "%ju with ip length > max ip packet size",
	    "discard-too-long" },
	{ IPS(ips_badhlen), "%ju with header length < data size",
	    "discard-bad-header-length" },
	{ IPS(ips_badlen), "%ju with data length < header length",
	    "discard-bad-length" },
	{ IPS(ips_badoptions), "%ju with bad options",
	    "discard-bad-options" },
	{ IPS(ips_badvers), "%ju with incorrect version number",
	    "discard-bad-version" },
	{ IPS(ips_badaddr), "%ju with a martian source address",
	    "discard-bad-address" },
	{ IPS(ips_fragments), "%ju fragment%s received",
	    "received-fragments" },
	{ IPS(ips_fragdropped), "%ju fragment%s dropped (dup or out of "
	    "space)", "dropped-fragments" },
	{ IPS(ips_fragtimeout), "%ju fragment%s dropped after timeout",
	    "dropped-fragments-after-timeout" },
	{ IPS(ips_reassembled), "%ju packet%s reassembled ok",
	    "reassembled-packets" },
	{ IPS(ips_delivered), "%ju packet%s for this host",
	    "received-local-packets" },
	{ IPS(ips_noproto), "%ju packet%s for unknown/unsupported protocol",
	    "dropped-unknown-protocol" },
	{ IPS(ips_forward), "%ju packet%s forwarded", "forwarded-packets" },
	{ IPS(ips_cantforward), "%ju packet%s not forwardable",
	    "packets-cannot-forward" },
	{ IPS(ips_localout), "%ju packet%s sent from this host",
	    "sent-packets" },
	{ IPS(ips_rawout), "%ju packet%s sent with fabricated ip header",
	    "send-packet-fabricated-header" },
	{ IPS(ips_odropped), "%ju output packet%s dropped due to no bufs, "
	    "etc.", "discard-no-mbufs" },
	{ IPS(ips_noroute), "%ju output packet%s discarded due to no route",
	    "discard-no-route" },
	{ IPS(ips_fragmented), "%ju output datagram%s fragmented",
	    "sent-fragments" },
	{ IPS(ips_ofragments), "%ju fragment%s created", "fragments-created" },
	{ IPS(ips_cantfrag), "%ju datagram%s that can't be fragmented",
	    "discard-cannot-fragment" },
};

#define ICPS(f)	offsetof(struct icmpstat, f)
static const struct statline icmp_lines[] = {
	{ ICPS(icps_error), "%ju call%s to icmp_error", "icmp-calls" },
	{ ICPS(icps_oldicmp), "%ju error%s not generated in response to an "
	    "icmp message", "errors-not-from-message" },
	{ ICPS(icps_oldshort), "%ju error%s not generated: packet too short",
	    "errors-packet-too-short" },
	{ ICPS(icps_ratelimited), "%ju error%s not sent: rate limit",
	    "errors-rate-limited" },
	{ 0, NULL, "output-histogram" },	/* the histograms go here */
	{ ICPS(icps_badcode), "%ju message%s with bad code fields",
	    "dropped-bad-code" },
	{ ICPS(icps_tooshort), "%ju message%s less than the minimum length",
	    "dropped-too-short" },
	{ ICPS(icps_checksum), "%ju message%s with bad checksum",
	    "dropped-bad-checksum" },
	{ ICPS(icps_badlen), "%ju message%s with bad length",
	    "dropped-bad-length" },
	{ ICPS(icps_bmcastecho), "%ju broadcast echo request%s ignored",
	    "dropped-multicast-echo" },
	{ 0, NULL, "input-histogram" },
	{ ICPS(icps_reflect), "%ju message response%s generated",
	    "sent-packets" },
};

#define UDPS(f)	offsetof(struct udpstat, f)
static const struct statline udp_lines[] = {
	{ UDPS(udps_ipackets), "%ju datagram%s received",
	    "received-datagrams" },
	{ UDPS(udps_hdrops), "%ju with incomplete header",
	    "dropped-incomplete-headers" },
	{ UDPS(udps_badlen), "%ju with bad data length field",
	    "dropped-bad-data-length" },
	{ UDPS(udps_badsum), "%ju with bad checksum",
	    "dropped-bad-checksum" },
	{ UDPS(udps_nosum), "%ju with no checksum", "dropped-no-checksum" },
	{ UDPS(udps_noport), "%ju dropped due to no socket",
	    "dropped-no-socket" },
	{ UDPS(udps_noportbcast), "%ju broadcast/multicast datagram%s "
	    "undelivered", "dropped-broadcast-multicast" },
	{ UDPS(udps_fullsock), "%ju dropped due to full socket buffers",
	    "dropped-full-socket-buffer" },
	{ UDPS(udps_delivered), "%ju delivered", "delivered-packets" },
	{ UDPS(udps_opackets), "%ju datagram%s output", "output-packets" },
};

#define TCPS(f)	offsetof(struct tcpstat, f)
static const struct statline tcp_lines[] = {
	{ TCPS(tcps_sndtotal), "%ju packet%s sent", "sent-packets" },
	{ TCPS(tcps_sndpack), "\t%ju data packet%s", "sent-data-packets" },
	{ TCPS(tcps_sndbyte), "\t%ju data byte%s", "sent-data-bytes" },
	{ TCPS(tcps_sndrexmitpack), "\t%ju data packet%s retransmitted",
	    "sent-retransmitted-packets" },
	{ TCPS(tcps_sndrexmitbyte), "\t%ju data byte%s retransmitted",
	    "sent-retransmitted-bytes" },
	{ TCPS(tcps_sndacks), "\t%ju ack-only packet%s", "sent-ack-only" },
	{ TCPS(tcps_sndprobe), "\t%ju window probe packet%s",
	    "sent-window-probe-packets" },
	{ TCPS(tcps_sndwinup), "\t%ju window update packet%s",
	    "sent-window-update-packets" },
	{ TCPS(tcps_sndctrl), "\t%ju control packet%s",
	    "sent-control-packets" },
	{ TCPS(tcps_sndrst), "\t%ju reset%s sent", "sent-resets" },
	{ TCPS(tcps_rcvtotal), "%ju packet%s received", "received-packets" },
	{ TCPS(tcps_rcvackpack), "\t%ju ack%s for data",
	    "received-ack-packets" },
	{ TCPS(tcps_rcvackbyte), "\t%ju byte%s acked",
	    "received-ack-bytes" },
	{ TCPS(tcps_rcvdupack), "\t%ju duplicate ack%s",
	    "received-duplicate-acks" },
	{ TCPS(tcps_rcvacktoomuch), "\t%ju ack%s for unsent data",
	    "received-acks-for-unsent-data" },
	{ TCPS(tcps_rcvpack), "\t%ju packet%s received in-sequence",
	    "received-in-sequence-packets" },
	{ TCPS(tcps_rcvbyte), "\t%ju byte%s received in-sequence",
	    "received-in-sequence-bytes" },
	{ TCPS(tcps_rcvduppack), "\t%ju completely duplicate packet%s",
	    "received-completely-duplicate-packets" },
	{ TCPS(tcps_rcvdupbyte), "\t%ju completely duplicate byte%s",
	    "received-completely-duplicate-bytes" },
	{ TCPS(tcps_pawsdrop), "\t%ju old duplicate packet%s",
	    "received-old-duplicate-packets" },
	{ TCPS(tcps_rcvpartduppack), "\t%ju packet%s with some dup. data",
	    "received-some-duplicate-packets" },
	{ TCPS(tcps_rcvpartdupbyte), "\t%ju dup. byte%s",
	    "received-some-duplicate-bytes" },
	{ TCPS(tcps_rcvoopack), "\t%ju out-of-order packet%s",
	    "received-out-of-order-packets" },
	{ TCPS(tcps_rcvoobyte), "\t%ju out-of-order byte%s",
	    "received-out-of-order-bytes" },
	{ TCPS(tcps_rcvreassfull), "\t%ju out-of-order packet%s dropped "
	    "(reassembly queue full)", "received-out-of-order-dropped" },
	{ TCPS(tcps_rcvpackafterwin), "\t%ju packet%s of data after window",
	    "received-after-window-packets" },
	{ TCPS(tcps_rcvbyteafterwin), "\t%ju byte%s of data after window",
	    "received-after-window-bytes" },
	{ TCPS(tcps_rcvwinprobe), "\t%ju window probe%s",
	    "received-window-probes" },
	{ TCPS(tcps_rcvwinupd), "\t%ju window update packet%s",
	    "receive-window-update-packets" },
	{ TCPS(tcps_rcvafterclose), "\t%ju packet%s received after close",
	    "received-after-close-packets" },
	{ TCPS(tcps_rcvbadsum), "\t%ju discarded for bad checksum%s",
	    "discard-bad-checksum" },
	{ TCPS(tcps_rcvbadoff), "\t%ju discarded for bad header offset "
	    "field%s", "discard-bad-header-offset" },
	{ TCPS(tcps_rcvshort), "\t%ju discarded because packet too short",
	    "discard-too-short" },
	{ TCPS(tcps_rcvbadopt), "\t%ju with malformed option%s",
	    "discard-bad-options" },
	{ TCPS(tcps_rcvrst), "\t%ju reset%s accepted", "received-resets" },
	{ TCPS(tcps_badrst), "\t%ju reset%s ignored (out of window)",
	    "ignored-resets" },
	{ TCPS(tcps_noport), "\t%ju for no socket: reset sent",
	    "dropped-no-socket" },
	{ TCPS(tcps_connattempt), "%ju connection request%s",
	    "connection-requests" },
	{ TCPS(tcps_accepts), "%ju connection accept%s",
	    "connections-accepts" },
	{ TCPS(tcps_badsyn), "%ju bad connection attempt%s",
	    "bad-connection-attempts" },
	{ TCPS(tcps_listendrop), "%ju listen queue overflow%s",
	    "listen-queue-overflows" },
	{ TCPS(tcps_connects), "%ju connection%s established (including "
	    "accepts)", "connections-established" },
	{ TCPS(tcps_closed), "%ju connection%s closed", "connections-closed" },
	{ TCPS(tcps_drops), "\t%ju dropped", "connection-drops" },
	{ TCPS(tcps_conndrops), "%ju embryonic connection%s dropped",
	    "embryonic-connections-dropped" },
	{ TCPS(tcps_rttupdated), "%ju segment%s updated rtt",
	    "segments-updated-rtt" },
	{ TCPS(tcps_segstimed), "%ju segment%s timed", "segments-timed" },
	{ TCPS(tcps_rexmttimeo), "%ju retransmit timeout%s",
	    "retransmit-timeouts" },
	{ TCPS(tcps_timeoutdrop), "\t%ju connection%s dropped by rexmit "
	    "timeout", "connections-dropped-by-retransmit-timeout" },
	{ TCPS(tcps_conntimeo), "%ju connect%s timed out",
	    "connect-timeouts" },
	{ TCPS(tcps_persisttimeo), "%ju persist timeout%s",
	    "persist-timeout" },
	{ TCPS(tcps_keeptimeo), "%ju keepalive timeout%s",
	    "keepalive-timeout" },
	{ TCPS(tcps_keepprobe), "\t%ju keepalive probe%s sent",
	    "keepalive-probes" },
	{ TCPS(tcps_keepdrops), "\t%ju connection%s dropped by keepalive",
	    "connections-dropped-by-keepalives" },
	{ TCPS(tcps_delack), "%ju delayed ack%s sent", "sent-delayed-acks" },
	{ TCPS(tcps_fastrexmit), "%ju fast retransmit%s",
	    "fast-retransmits" },
	{ TCPS(tcps_fastrecovery), "%ju fast recover%s completed",
	    "fast-recoveries" },
	{ TCPS(tcps_predack), "%ju correct ACK header prediction%s",
	    "ack-header-predictions" },
	{ TCPS(tcps_preddat), "%ju correct data packet header prediction%s",
	    "data-packet-header-predictions" },
	{ TCPS(tcps_timewait), "%ju connection%s entered TIME_WAIT",
	    "time-wait-entered" },
	{ TCPS(tcps_twexpired), "%ju TIME_WAIT connection%s expired",
	    "time-wait-expired" },
	{ TCPS(tcps_sack_recovery_episode), "%ju SACK recovery episode%s",
	    "sack-recovery-episodes" },
	{ TCPS(tcps_sack_rexmits), "%ju segment rexmit%s in SACK recovery "
	    "episodes", "sack-retransmit-segments" },
	{ TCPS(tcps_sack_rexmit_bytes), "%ju byte rexmit%s in SACK recovery "
	    "episodes", "sack-retransmit-bytes" },
	{ TCPS(tcps_sack_rcv_blocks), "%ju SACK option%s (SACK blocks) "
	    "received", "received-sack-blocks" },
	{ TCPS(tcps_sack_send_blocks), "%ju SACK option%s (SACK blocks) sent",
	    "sent-sack-blocks" },
};

static const char *icmp_names[ICMP_NTYPES] = {
	"echo reply", NULL, NULL, "destination unreachable",
	"source quench", "routing redirect", NULL, NULL, "echo",
	"router advertisement", "router solicitation", "time exceeded",
	"parameter problem", "time stamp", "time stamp reply",
	"information request", "information request reply",
	"address mask request", "address mask reply",
};

static uint64_t
stat_at(const void *rec, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)rec + off, sizeof(v));
	return (v);
}

/* An ICMP histogram: text lines under a title, or a --json array. */
static void
icmp_hist(const uint64_t *h, const char *title, int *f, const char *key)
{
	char num[16];
	int t, any = 0;

	if (opt_json) {
		json_key(stdout, f, key);
		putchar('[');
	}
	for (t = 0; t < ICMP_NTYPES; t++) {
		if (h[t] == 0)
			continue;
		snprintf(num, sizeof(num), "#%d", t);
		if (opt_json) {
			printf("%s{\"type\":%d,\"name\":", any ? "," : "", t);
			json_str(stdout, icmp_names[t] != NULL ?
			    icmp_names[t] : num);
			printf(",\"count\":%ju}", (uintmax_t)h[t]);
		} else {
			if (!any)
				printf("\t%s:\n", title);
			printf("\t\t%s: %ju\n", icmp_names[t] != NULL ?
			    icmp_names[t] : num, (uintmax_t)h[t]);
		}
		any = 1;
	}
	if (opt_json)
		putchar(']');
}

static void
print_lines(const char *proto, const void *rec, const struct statline *l,
    size_t n)
{
	const struct icmpstat *ic = rec;
	size_t i;
	uint64_t v;
	int f = 1;

	if (opt_json) {
		json_section(proto);
		putchar('{');
	} else
		printf("%s:\n", proto);
	for (i = 0; i < n; i++) {
		if (l[i].fmt == NULL) {
			icmp_hist(strcmp(l[i].json, "input-histogram") == 0 ?
			    ic->icps_inhist : ic->icps_outhist,
			    strcmp(l[i].json, "input-histogram") == 0 ?
			    "Input histogram" : "Output histogram", &f,
			    l[i].json);
			continue;
		}
		v = stat_at(rec, l[i].off);
		if (opt_json) {
			json_key(stdout, &f, l[i].json);
			printf("%ju", (uintmax_t)v);
			continue;
		}
		/* -ss: only what is not zero. */
		if (v == 0 && sflag > 1)
			continue;
		putchar('\t');
		printf(l[i].fmt, (uintmax_t)v, v == 1 ? "" : "s");
		putchar('\n');
	}
	if (opt_json)
		putchar('}');
}

static const struct {
	const char	*name;
	const char	*node;
	size_t		size;
	const struct statline *lines;
	size_t		nlines;
} stat_protos[] = {
	{ "ip", "net.inet.ip.stats", sizeof(struct ipstat), ip_lines,
	    sizeof(ip_lines) / sizeof(ip_lines[0]) },
	{ "icmp", "net.inet.icmp.stats", sizeof(struct icmpstat), icmp_lines,
	    sizeof(icmp_lines) / sizeof(icmp_lines[0]) },
	{ "tcp", "net.inet.tcp.stats", sizeof(struct tcpstat), tcp_lines,
	    sizeof(tcp_lines) / sizeof(tcp_lines[0]) },
	{ "udp", "net.inet.udp.stats", sizeof(struct udpstat), udp_lines,
	    sizeof(udp_lines) / sizeof(udp_lines[0]) },
};

int
statpr(void)
{
	union {
		struct ipstat	ip;
		struct icmpstat	icmp;
		struct udpstat	udp;
		struct tcpstat	tcp;
	} u;
	size_t i, n = sizeof(stat_protos) / sizeof(stat_protos[0]);
	int rc = 0, found = 0;

	for (i = 0; i < n; i++) {
		if (pflag != NULL && strcmp(pflag, stat_protos[i].name) != 0)
			continue;
		found = 1;
		/*
		 * A protocol this kernel does not have:
		 * said in the text, listed under "absent" in --json.
		 */
		if (stat_protos[i].size == 0 || !have_node(stat_protos[i].node)) {
			if (opt_json) {
				json_section(stat_protos[i].name);
				printf("null");
			} else
				printf("%s: not in the running kernel\n",
				    stat_protos[i].name);
			continue;
		}
		if (sysrec_get(stat_protos[i].node, &u,
		    stat_protos[i].size) < 0) {
			warn("%s", stat_protos[i].node);
			rc = 1;
			continue;
		}
		print_lines(stat_protos[i].name, &u, stat_protos[i].lines,
		    stat_protos[i].nlines);
	}
	if (!found)
		errx(1, "%s: unknown or uninstrumented protocol", pflag);
	return (rc);
}

/* ---- -i ---------------------------------------------------------------- */

/* The interfaces, read whole: a plain array of struct xifnet. */
static struct xifnet *
read_iflist(size_t *np)
{
	struct xifnet *x = NULL;
	size_t len;
	int tries;

	for (tries = 0; tries < SYSREC_TRIES; tries++) {
		if (sysctlbyname("net.link.iflist", NULL, &len, NULL, 0) < 0)
			return (NULL);
		len += 4 * sizeof(*x);
		free(x);
		if ((x = malloc(len)) == NULL)
			return (NULL);
		if (sysctlbyname("net.link.iflist", x, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM) {
			free(x);
			return (NULL);
		}
	}
	if (tries == SYSREC_TRIES || (len > 0 &&
	    (x[0].xif_len != sizeof(*x) || x[0].xif_version !=
	    XIFNET_VERSION)) || len % sizeof(*x) != 0) {
		free(x);
		errno = EPROTO;
		return (NULL);
	}
	*np = len / sizeof(*x);
	return (x);
}

/* The IPv4 addresses of every interface (SIOCGIFCONF). */
static struct ifreq *
read_ifaddrs(int s, size_t *np)
{
	struct ifconf ifc;
	struct ifreq *r = NULL;
	size_t n = 16;
	void *nr;

	for (;;) {
		if ((nr = realloc(r, n * sizeof(*r))) == NULL) {
			free(r);
			return (NULL);
		}
		r = nr;
		ifc.ifc_len = (int)(n * sizeof(*r));
		ifc.ifc_req = r;
		if (ioctl(s, SIOCGIFCONF, &ifc) < 0) {
			free(r);
			return (NULL);
		}
		/* A full buffer may have cut the list short: grow it. */
		if ((size_t)ifc.ifc_len < n * sizeof(*r))
			break;
		n *= 2;
	}
	*np = (size_t)ifc.ifc_len / sizeof(*r);
	return (r);
}

static void
lladdr_str(const struct xifnet *x, char *buf, size_t size)
{
	size_t i, n = x->xif_data.ifi_addrlen;
	int off = 0;

	buf[0] = '\0';
	if (n > sizeof(x->xif_lladdr))
		n = sizeof(x->xif_lladdr);
	for (i = 0; i < n && (size_t)off < size; i++)
		off += snprintf(buf + off, size - off, "%s%02x",
		    i > 0 ? ":" : "", x->xif_lladdr[i]);
}

static void
if_json(const struct xifnet *x, const struct ifreq *ra, size_t nra,
    const uint32_t *masks, int first)
{
	const struct if_data *d = &x->xif_data;
	char ll[64], a[32], net[48];
	size_t i;
	int f = 1, g;

	if (!first)
		putchar(',');
	putchar('{');
	json_key(stdout, &f, "name");
	json_str(stdout, x->xif_name);
	json_key(stdout, &f, "index");
	printf("%u", x->xif_index);
	json_key(stdout, &f, "flags");
	printf("\"%#x\"", x->xif_flags);
	json_key(stdout, &f, "mtu");
	printf("%u", d->ifi_mtu);
	lladdr_str(x, ll, sizeof(ll));
	json_key(stdout, &f, "address");
	json_str(stdout, ll);
	json_key(stdout, &f, "received-packets");
	printf("%ju", (uintmax_t)d->ifi_ipackets);
	json_key(stdout, &f, "received-errors");
	printf("%ju", (uintmax_t)d->ifi_ierrors);
	json_key(stdout, &f, "dropped-packets");
	printf("%ju", (uintmax_t)d->ifi_iqdrops);
	json_key(stdout, &f, "sent-packets");
	printf("%ju", (uintmax_t)d->ifi_opackets);
	json_key(stdout, &f, "send-errors");
	printf("%ju", (uintmax_t)d->ifi_oerrors);
	json_key(stdout, &f, "collisions");
	printf("%ju", (uintmax_t)d->ifi_collisions);
	json_key(stdout, &f, "received-bytes");
	printf("%ju", (uintmax_t)d->ifi_ibytes);
	json_key(stdout, &f, "sent-bytes");
	printf("%ju", (uintmax_t)d->ifi_obytes);
	json_key(stdout, &f, "inet");
	putchar('[');
	for (i = 0, g = 1; i < nra; i++) {
		const struct sockaddr_in *sin =
		    (const struct sockaddr_in *)&ra[i].ifr_addr;
		int h = 1;

		if (strcmp(ra[i].ifr_name, x->xif_name) != 0 ||
		    ra[i].ifr_addr.sa_family != AF_INET)
			continue;
		if (!g)
			putchar(',');
		g = 0;
		putchar('{');
		json_key(stdout, &h, "address");
		json_str(stdout, ipstr(sin->sin_addr.s_addr, a, sizeof(a)));
		json_key(stdout, &h, "network");
		json_str(stdout, netstr(sin->sin_addr.s_addr, masks[i], net,
		    sizeof(net)));
		putchar('}');
	}
	printf("]}");
}

int
ifpr(void)
{
	struct xifnet *xs;
	struct ifreq *ra = NULL, ifr;
	uint32_t *masks = NULL;
	size_t n, nra = 0, i, k;
	char ll[64], lk[32], net[48], a[256];
	int s, wn, wnet, waddr;

	if ((xs = read_iflist(&n)) == NULL) {
		warn("net.link.iflist");
		return (1);
	}
	/* The addresses need a socket for the ioctls; any will do. */
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0) {
		ra = read_ifaddrs(s, &nra);
		if (ra == NULL)
			nra = 0;
		masks = calloc(nra + 1, sizeof(*masks));
		for (i = 0; masks != NULL && i < nra; i++) {
			/* The mask of this address: ask with it named. */
			memset(&ifr, 0, sizeof(ifr));
			strlcpy(ifr.ifr_name, ra[i].ifr_name,
			    sizeof(ifr.ifr_name));
			ifr.ifr_addr = ra[i].ifr_addr;
			if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0)
				masks[i] = ((struct sockaddr_in *)
				    &ifr.ifr_addr)->sin_addr.s_addr;
			else
				masks[i] = 0xffffffffU;
		}
		close(s);
	}
	if (masks == NULL)
		nra = 0;
	if (opt_json) {
		json_section("interfaces");
		putchar('[');
		for (i = 0; i < n; i++)
			if_json(&xs[i], ra, nra, masks, i == 0);
		putchar(']');
		goto out;
	}
	/*
	 * Names, networks and addresses are cut to their columns (the
	 * network to 13, the address to 17) unless -W, which keeps them
	 * whole and lets the row run on.
	 */
	wn = Wflag ? IFNAMSIZ : 8;
	wnet = Wflag ? (int)sizeof(net) : 13;
	waddr = Wflag ? (int)sizeof(a) : 17;
	printf("%-8.8s %5.5s %-13.13s %-17.17s %8.8s %5.5s %5.5s %8.8s "
	    "%5.5s %5.5s\n", "Name", "Mtu", "Network", "Address", "Ipkts",
	    "Ierrs", "Idrop", "Opkts", "Oerrs", "Coll");
	for (i = 0; i < n; i++) {
		const struct if_data *d = &xs[i].xif_data;

		snprintf(lk, sizeof(lk), "<Link#%u>", xs[i].xif_index);
		lladdr_str(&xs[i], ll, sizeof(ll));
		printf("%-8.*s %5u %-13.13s %-17.*s %8ju %5ju %5ju %8ju "
		    "%5ju %5ju\n", wn, xs[i].xif_name, d->ifi_mtu, lk, waddr,
		    ll, (uintmax_t)d->ifi_ipackets, (uintmax_t)d->ifi_ierrors,
		    (uintmax_t)d->ifi_iqdrops, (uintmax_t)d->ifi_opackets,
		    (uintmax_t)d->ifi_oerrors, (uintmax_t)d->ifi_collisions);
		/*
		 * The kernel keeps no per-address counters: the address
		 * rows show "-" where FreeBSD shows the address's own.
		 */
		for (k = 0; k < nra; k++) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)&ra[k].ifr_addr;

			if (strcmp(ra[k].ifr_name, xs[i].xif_name) != 0 ||
			    ra[k].ifr_addr.sa_family != AF_INET)
				continue;
			printf("%-8.*s %5u %-13.*s %-17.*s %8s %5s %5s %8s "
			    "%5s %5s\n", wn, xs[i].xif_name, d->ifi_mtu, wnet,
			    netstr(sin->sin_addr.s_addr, masks[k], net,
			    sizeof(net)), waddr, hoststr(sin->sin_addr.s_addr,
			    a, sizeof(a)), "-", "-", "-", "-", "-", "-");
		}
	}
out:
	free(xs);
	free(ra);
	free(masks);
	return (0);
}

/* ---- -r ---------------------------------------------------------------- */

static void
rt_flags(uint32_t fl, char *buf)
{
	char *p = buf;

	if (fl & RTF_UP)
		*p++ = 'U';
	if (fl & RTF_GATEWAY)
		*p++ = 'G';
	if (fl & RTF_HOST)
		*p++ = 'H';
	if (fl & RTF_STATIC)
		*p++ = 'S';
	*p = '\0';
}

/* "default", a host, or a network with its prefix length. */
static const char *
rt_dst(const struct xrtentry *r, char *buf, size_t size)
{
	if (r->xrt_mask == 0 && r->xrt_dst == 0)
		strlcpy(buf, "default", size);
	else if (r->xrt_mask == 0xffffffffU || (r->xrt_flags & RTF_HOST))
		hoststr(r->xrt_dst, buf, size);
	else
		netstr(r->xrt_dst, r->xrt_mask, buf, size);
	return (buf);
}

int
routepr(void)
{
	struct xrtentry *r = NULL;
	struct xifnet *xs;
	size_t len, n, nif = 0, i, k;
	char dst[64], gw[64], fl[8];
	unsigned idx;
	int tries, f;

	for (tries = 0; tries < SYSREC_TRIES; tries++) {
		if (sysctlbyname("net.route.table", NULL, &len, NULL, 0) < 0)
			break;
		len += 8 * sizeof(*r);
		free(r);
		if ((r = malloc(len)) == NULL)
			err(1, "malloc");
		if (sysctlbyname("net.route.table", r, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM)
			break;
	}
	if (r == NULL || tries == SYSREC_TRIES) {
		warn("net.route.table");
		free(r);
		return (1);
	}
	if (len % sizeof(*r) != 0 || (len > 0 && (r[0].xrt_len != sizeof(*r)
	    || r[0].xrt_version != XRTENTRY_VERSION))) {
		warnx("net.route.table: records are not what this netstat "
		    "reads");
		free(r);
		return (1);
	}
	n = len / sizeof(*r);
	/* A direct route's gateway is its interface: "link#<index>". */
	if ((xs = read_iflist(&nif)) == NULL)
		nif = 0;

	if (opt_json) {
		json_section("route-information");
		printf("{\"route-table\":{\"rt-family\":[{\"address-family\":"
		    "\"Internet\",\"rt-entry\":[");
	} else {
		printf("Routing tables\n\nInternet:\n");
		printf("%-18.18s %-18.18s %-9.9s %5.5s %s\n", "Destination",
		    "Gateway", "Flags", "Netif", "Expire");
	}
	for (i = 0; i < n; i++) {
		rt_dst(&r[i], dst, sizeof(dst));
		if (r[i].xrt_flags & RTF_GATEWAY)
			hoststr(r[i].xrt_gateway, gw, sizeof(gw));
		else {
			for (k = 0, idx = 0; k < nif; k++)
				if (strcmp(xs[k].xif_name,
				    r[i].xrt_ifname) == 0)
					idx = xs[k].xif_index;
			snprintf(gw, sizeof(gw), "link#%u", idx);
		}
		rt_flags(r[i].xrt_flags, fl);
		if (!opt_json) {
			printf("%-18s %-18s %-9.9s %5s\n", dst, gw, fl,
			    r[i].xrt_ifname);
			continue;
		}
		if (i > 0)
			putchar(',');
		putchar('{');
		f = 1;
		json_key(stdout, &f, "destination");
		json_str(stdout, dst);
		json_key(stdout, &f, "gateway");
		json_str(stdout, gw);
		json_key(stdout, &f, "flags");
		json_str(stdout, fl);
		json_key(stdout, &f, "interface-name");
		json_str(stdout, r[i].xrt_ifname);
		json_key(stdout, &f, "use");
		printf("%ju", (uintmax_t)r[i].xrt_use);
		putchar('}');
	}
	if (opt_json)
		printf("]}]}}");
	free(xs);
	free(r);
	return (0);
}
