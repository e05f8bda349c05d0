/*
 * netstat(1): the Unix-domain socket list (default, -a, -L, -x, --json),
 * mbuf statistics (-m, --json), the Internet socket list (UDP and raw
 * IP), protocol statistics (-s, -ss, -p), interfaces (-i), routes (-r),
 * all also as --json, and the errors.  The test makes known state (a
 * listener with two pending connections and backlog 3, a socketpair
 * with 5 bytes queued one way; a UDP socket bound to 127.0.0.1 with three
 * datagrams queued, a connected UDP pair, a wildcard-bound sender, two
 * pings) and finds its rows by the ids and ports it reads from the
 * kernel's own records, joined to its descriptors through kern.file.
 * The -s counters must grow by exactly what the test sent (for TCP: a
 * known exchange over lo0, test_tcp_counts).  Last, -W: with a long name
 * for 127.0.0.1 put first in /etc/hosts for the while, the socket list
 * and -i cut it without -W and show it whole with it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <sys/mbuf.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp_var.h>
#include <netinet/ip_var.h>
#include <netinet/udp_var.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "json.h"
#include "runcmd.h"

#define NETSTAT	"/usr/bin/netstat"
#define SPATH	"/tmp/t_netstat.s"

static int lfd, c1, c2, sp[2];

struct ids {
	uint64_t	unpp;		/* xu_unpp */
	uint64_t	conn;		/* unp_conn */
	uint64_t	rcv_hiwat;
};

static void *
read_list(const char *name, size_t *lenp)
{
	size_t len;
	void *buf;

	if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
		return (NULL);
	len += 8192;
	if ((buf = malloc(len)) == NULL)
		return (NULL);
	if (sysctlbyname(name, buf, &len, NULL, 0) < 0) {
		free(buf);
		return (NULL);
	}
	*lenp = len;
	return (buf);
}

/* The pcb of our descriptor fd: kern.file's xf_data is its xso_so. */
static int
ids_of(int fd, struct ids *id)
{
	struct xfile *xf;
	struct xunpcb *xu;
	size_t flen, ulen, i, n;
	uint64_t so = 0;
	char *fb, *ub;

	memset(id, 0, sizeof(*id));
	if ((fb = read_list("kern.file", &flen)) == NULL)
		return (-1);
	n = (flen - 2 * sizeof(struct xfilegen)) / sizeof(*xf);
	xf = (struct xfile *)(fb + sizeof(struct xfilegen));
	for (i = 0; i < n; i++)
		if (xf[i].xf_pid == getpid() && xf[i].xf_fd == fd)
			so = xf[i].xf_data;
	free(fb);
	if (so == 0 ||
	    (ub = read_list("net.local.stream.pcblist", &ulen)) == NULL)
		return (-1);
	n = (ulen - 2 * sizeof(struct xunpgen)) / sizeof(*xu);
	xu = (struct xunpcb *)(ub + sizeof(struct xunpgen));
	for (i = 0; i < n; i++) {
		if (xu[i].xu_socket.xso_so != so)
			continue;
		id->unpp = xu[i].xu_unpp;
		id->conn = xu[i].unp_conn;
		id->rcv_hiwat = xu[i].xu_socket.so_rcv.sb_hiwat;
	}
	free(ub);
	return (id->unpp != 0 ? 0 : -1);
}

static int
setup(void)
{
	struct sockaddr_un sun;

	unlink(SPATH);
	memset(&sun, 0, sizeof(sun));
	sun.sun_len = sizeof(sun);
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, SPATH, sizeof(sun.sun_path));
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(lfd, 3) < 0)
		return (-1);
	if ((c1 = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    connect(c1, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return (-1);
	if ((c2 = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    connect(c2, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return (-1);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0 ||
	    write(sp[0], "hello", 5) != 5)
		return (-1);
	return (0);
}

/* The line of out whose first word is the hex id. */
static char *
line_of(const char *out, uint64_t id, char *buf, size_t size)
{
	char key[32];
	const char *p, *nl;
	size_t len;

	snprintf(key, sizeof(key), "%-16llx ", (unsigned long long)id);
	for (p = out; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (strncmp(p, key, strlen(key)) == 0) {
			if (len >= size)
				len = size - 1;
			memcpy(buf, p, len);
			buf[len] = '\0';
			return (buf);
		}
	}
	return (NULL);
}

static void
test_list(void)
{
	char *a_def[] = { NETSTAT, "-f", "unix", NULL };
	char *a_all[] = { NETSTAT, "-a", "-f", "unix", NULL };
	char *a_L[] = { NETSTAT, "-L", "-f", "unix", NULL };
	char *a_x[] = { NETSTAT, "-x", "-f", "unix", NULL };
	struct ids s0, s1, l;
	struct cmdout co;
	char want[256], line[512], *p;
	uint64_t rh;
	unsigned long long v[8];
	int n;

	ok(ids_of(sp[0], &s0) == 0 && ids_of(sp[1], &s1) == 0 &&
	    ids_of(lfd, &l) == 0, "found our pcbs through kern.file");
	ok(s0.conn == s1.unpp && s1.conn == s0.unpp,
	    "socketpair ends name each other");

	is_int(run_cmd(a_def, -1, &co), 0, "netstat -f unix exits 0");
	ok(strncmp(co.out, "Active UNIX domain sockets\n"
	    "Address          Type   Recv-Q Send-Q            Inode"
	    "             Conn             Refs          Nextref Addr\n",
	    138) == 0, "title and column header, byte for byte");
	snprintf(want, sizeof(want), "%-16llx stream      5      0 "
	    "%16llx %16llx %16llx %16llx", (unsigned long long)s1.unpp, 0ULL,
	    (unsigned long long)s1.conn, 0ULL, 0ULL);
	p = line_of(co.out, s1.unpp, line, sizeof(line));
	is_str(p, want, "socketpair receiving end: 5 bytes waiting");
	snprintf(want, sizeof(want), "%-16llx stream      0      0 "
	    "%16llx %16llx %16llx %16llx", (unsigned long long)s0.unpp, 0ULL,
	    (unsigned long long)s0.conn, 0ULL, 0ULL);
	p = line_of(co.out, s0.unpp, line, sizeof(line));
	is_str(p, want, "socketpair sending end: nothing waiting");
	ok(line_of(co.out, l.unpp, line, sizeof(line)) == NULL,
	    "listener hidden without -a");
	cmdout_free(&co);

	is_int(run_cmd(a_all, -1, &co), 0, "netstat -a -f unix exits 0");
	p = line_of(co.out, l.unpp, line, sizeof(line));
	ok(p != NULL && strlen(p) > strlen(SPATH) &&
	    strcmp(p + strlen(p) - strlen(SPATH) - 1, " " SPATH) == 0,
	    "-a: listener shown with its path");
	cmdout_free(&co);

	is_int(run_cmd(a_L, -1, &co), 0, "netstat -L exits 0");
	snprintf(want, sizeof(want), "Current listen queue sizes "
	    "(qlen/incqlen/maxqlen)\nProto Listen         Local Address\n");
	ok(strncmp(co.out, want, strlen(want)) == 0, "-L: title and header");
	snprintf(want, sizeof(want), "\nunix  2/0/3          %s\n", SPATH);
	ok(strstr(co.out, want) != NULL, "-L: 2 waiting, backlog 3");
	ok(strstr(co.out, "stream") == NULL, "-L: no socket list");
	cmdout_free(&co);

	is_int(run_cmd(a_x, -1, &co), 0, "netstat -x exits 0");
	ok(strstr(co.out, "Send-Q R-HIWA S-HIWA R-LOWA S-LOWA R-BCNT S-BCNT "
	    "R-BMAX S-BMAX ") != NULL, "-x: buffer columns");
	p = line_of(co.out, s1.unpp, line, sizeof(line));
	n = p == NULL ? 0 : sscanf(p + 17, "stream %llu %llu %llu",
	    &v[0], &v[1], &v[2]);
	rh = s1.rcv_hiwat;
	ok(n == 3 && v[0] == 5 && v[2] == rh, "-x: R-HIWA of the record");
	cmdout_free(&co);
}

static void
test_json(void)
{
	char *argv[] = { NETSTAT, "-a", "-f", "unix", "--json", NULL };
	char *argb[] = { NETSTAT, "--json", NULL };
	struct jv *root, *list, *s, *found1 = NULL, *foundl = NULL;
	struct ids s1, l;
	struct cmdout co;
	char id1[32], idl[32];
	int i;

	ids_of(sp[1], &s1);
	ids_of(lfd, &l);
	snprintf(id1, sizeof(id1), "%llx", (unsigned long long)s1.unpp);
	snprintf(idl, sizeof(idl), "%llx", (unsigned long long)l.unpp);
	is_int(run_cmd(argv, -1, &co), 0, "--json exits 0");
	root = json_parse(co.out);
	if (!ok(root != NULL, "--json parses"))
		return;
	list = json_get(json_get(root, "statistics"), "unix-sockets");
	ok(list != NULL && list->t == J_ARR, "statistics.unix-sockets");
	ok(json_get(json_get(root, "statistics"), "inet-sockets") == NULL,
	    "-f unix: no inet-sockets");
	for (i = 0; (s = json_at(list, i)) != NULL; i++) {
		if (json_s(s, "address") != NULL &&
		    strcmp(json_s(s, "address"), id1) == 0)
			found1 = s;
		if (json_s(s, "address") != NULL &&
		    strcmp(json_s(s, "address"), idl) == 0)
			foundl = s;
	}
	if (ok(found1 != NULL, "json: socketpair end")) {
		is_str(json_s(found1, "type"), "stream", "json: type");
		is_int(json_num(found1, "receive-bytes-waiting", -1), 5,
		    "json: 5 bytes waiting");
		is_int(json_num(found1, "receive-high-water", -1),
		    (long long)s1.rcv_hiwat, "json: receive high water");
		ok(json_get(found1, "path") == NULL, "json: no path");
	}
	if (ok(foundl != NULL, "json: listener")) {
		is_int(json_num(foundl, "listening", -1), 1,
		    "json: listening");
		is_int(json_num(foundl, "queue-len", -1), 2, "json: qlen 2");
		is_int(json_num(foundl, "queue-limit", -1), 3,
		    "json: backlog 3");
		is_str(json_s(foundl, "path"), SPATH, "json: path");
	}
	cmdout_free(&co);

	/* Both families: both lists. */
	is_int(run_cmd(argb, -1, &co), 0, "--json (all families) exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "statistics"), "inet-sockets");
	ok(list != NULL && list->t == J_ARR, "statistics.inet-sockets");
	list = json_get(json_get(root, "statistics"), "unix-sockets");
	ok(list != NULL && list->t == J_ARR && list->len > 0,
	    "statistics.unix-sockets");
	cmdout_free(&co);
}

static void
test_mbufs(void)
{
	char *argv[] = { NETSTAT, "-m", NULL };
	char *argj[] = { NETSTAT, "-m", "--json", NULL };
	struct jv *root, *m, *pc;
	struct cmdout co;
	long long cur, max, nmbufs = -1, nclu = -1;
	int ncpu = 0, i, n;
	size_t len;
	char want[128];

	len = sizeof(nmbufs);
	sysctlbyname("kern.ipc.nmbufs", &nmbufs, &len, NULL, 0);
	len = sizeof(nclu);
	sysctlbyname("kern.ipc.nmbclusters", &nclu, &len, NULL, 0);
	len = sizeof(ncpu);
	sysctlbyname("hw.ncpu", &ncpu, &len, NULL, 0);

	is_int(run_cmd(argv, -1, &co), 0, "netstat -m exits 0");
	n = sscanf(co.out, "%lld/%lld mbufs in use (current/max):", &cur,
	    &max);
	is_int(n, 2, "-m: first line");
	is_int(max, nmbufs, "-m: max is kern.ipc.nmbufs");
	ok(cur >= 1, "-m: our queued data holds an mbuf");
	snprintf(want, sizeof(want), "/%lld mbuf clusters in use "
	    "(current/max)\n", nclu);
	ok(strstr(co.out, want) != NULL, "-m: cluster line and limit");
	ok(strstr(co.out, " requests for mbufs denied\n") != NULL,
	    "-m: denied line");
	ok(strstr(co.out, "K bytes allocated to network (current)\n") != NULL,
	    "-m: bytes line");
	ok(strstr(co.out, "\n\t") != NULL &&
	    strstr(co.out, " mbufs allocated to ") != NULL,
	    "-m: per-type lines");
	snprintf(want, sizeof(want), "\n%-5d ", ncpu - 1);
	ok(ncpu >= 1 && strstr(co.out, "Per-CPU") != NULL &&
	    strstr(co.out, want) != NULL, "-m: a row per CPU");
	cmdout_free(&co);

	is_int(run_cmd(argj, -1, &co), 0, "netstat -m --json exits 0");
	root = json_parse(co.out);
	m = json_get(json_get(root, "statistics"), "mbuf-statistics");
	if (ok(m != NULL, "-m --json parses")) {
		is_int(json_num(m, "mbuf-max", -1), nmbufs, "json: mbuf-max");
		is_int(json_num(m, "cluster-max", -1), nclu,
		    "json: cluster-max");
		ok(json_num(m, "mbuf-current", -1) >= 1, "json: mbuf-current");
		pc = json_get(m, "per-cpu");
		is_int(pc != NULL ? pc->len : -1, ncpu, "json: per-cpu rows");
		for (i = 0; i < ncpu; i++)
			if (json_num(json_at(pc, i), "cpu", -1) != i)
				break;
		is_int(i, ncpu, "json: per-cpu in CPU order");
	}
	cmdout_free(&co);
}

static void
test_errors(void)
{
	char *abad[] = { NETSTAT, "-f", "bogus", NULL };
	char *atwo[] = { NETSTAT, "-m", "-s", NULL };
	char *aopt[] = { NETSTAT, "-Q", NULL };
	char *apb[] = { NETSTAT, "-s", "-p", "bogus", NULL };
	char *apn[] = { NETSTAT, "-p", "udp", NULL };
	struct cmdout co;

	is_int(run_cmd(abad, -1, &co), 1, "-f bogus: exit 1");
	ok(strstr(co.err, "bogus: unknown address family") != NULL,
	    "-f bogus: says why");
	cmdout_free(&co);
	is_int(run_cmd(atwo, -1, &co), 1, "-m -s: exit 1");
	cmdout_free(&co);
	is_int(run_cmd(aopt, -1, &co), 1, "-Q: exit 1");
	ok(strstr(co.err, "usage: netstat") != NULL, "-Q: usage");
	cmdout_free(&co);
	is_int(run_cmd(apb, -1, &co), 1, "-s -p bogus: exit 1");
	ok(strstr(co.err, "bogus: unknown or uninstrumented protocol") !=
	    NULL, "-s -p bogus: says why");
	cmdout_free(&co);
	is_int(run_cmd(apn, -1, &co), 1, "-p without -s: exit 1");
	cmdout_free(&co);
}

/* ---- Internet sockets ---------------------------------------------------- */

#define NDGRAM	3		/* datagrams queued on ub */
#define DGLEN	10		/* bytes each */
#define NPING	2

static int ub, ua, ca, cb, rs;	/* bound, wildcard sender, pair, raw */
static uint16_t pb, pa, pca, pcb;	/* their ports, host order */

static void
lo_sin(struct sockaddr_in *sin, uint32_t addr, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
	sin->sin_port = htons(port);
}

static uint16_t
port_of(int s)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(s, (struct sockaddr *)&sin, &len) < 0)
		return (0);
	return (ntohs(sin.sin_port));
}

static int
udp_bound(void)
{
	struct sockaddr_in sin;
	int s;

	lo_sin(&sin, htonl(INADDR_LOOPBACK), 0);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return (-1);
	return (s);
}

static int
inet_setup(void)
{
	struct sockaddr_in sin;

	if ((ub = udp_bound()) < 0 || (ca = udp_bound()) < 0 ||
	    (cb = udp_bound()) < 0)
		return (-1);
	pb = port_of(ub);
	pca = port_of(ca);
	pcb = port_of(cb);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), pcb);
	if (connect(ca, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return (-1);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), pca);
	if (connect(cb, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return (-1);
	/* Bound by its first sendto, to the wildcard address. */
	if ((ua = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return (-1);
	if ((rs = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0)
		return (-1);
	return (pb != 0 && pca != 0 && pcb != 0 ? 0 : -1);
}

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

/* Wait (bounded) for a datagram; the timeout is only a backstop. */
static ssize_t
recv_wait(int s, void *buf, size_t len)
{
	struct pollfd pfd = { .fd = s, .events = POLLIN };

	if (poll(&pfd, 1, 10000) != 1)
		return (-1);
	return (recv(s, buf, len, 0));
}

/*
 * The traffic: NDGRAM datagrams ua -> ub (left queued), one ca -> cb
 * (read), NPING echo requests on the raw socket (replies read).
 * Returns how many replies came back.
 */
static int
send_traffic(void)
{
	struct sockaddr_in sin;
	unsigned char pkt[32], buf[256];
	char dg[DGLEN];
	struct icmp *icp = (struct icmp *)pkt, *rp;
	struct ip *ip;
	ssize_t n;
	int i, got = 0;

	memset(dg, 'x', sizeof(dg));
	lo_sin(&sin, htonl(INADDR_LOOPBACK), pb);
	for (i = 0; i < NDGRAM; i++)
		if (sendto(ua, dg, sizeof(dg), 0, (struct sockaddr *)&sin,
		    sizeof(sin)) != sizeof(dg))
			return (-1);
	if (send(ca, "hello", 5, 0) != 5 || recv_wait(cb, buf, 5) != 5)
		return (-1);
	pa = port_of(ua);
	memset(pkt, 0, sizeof(pkt));
	icp->icmp_type = ICMP_ECHO;
	icp->icmp_id = htons(0x4e53);
	for (i = 1; i <= NPING; i++) {
		icp->icmp_seq = htons((uint16_t)i);
		icp->icmp_cksum = 0;
		icp->icmp_cksum = cksum(pkt, sizeof(pkt));
		lo_sin(&sin, htonl(INADDR_LOOPBACK), 0);
		if (sendto(rs, pkt, sizeof(pkt), 0, (struct sockaddr *)&sin,
		    sizeof(sin)) != sizeof(pkt))
			return (-1);
		/* The raw socket sees our request too: skip to the reply. */
		while ((n = recv_wait(rs, buf, sizeof(buf))) >=
		    (ssize_t)sizeof(struct ip)) {
			ip = (struct ip *)buf;
			rp = (struct icmp *)(buf + (ip->ip_hl << 2));
			if (rp->icmp_type == ICMP_ECHOREPLY &&
			    ntohs(rp->icmp_seq) == i) {
				got++;
				break;
			}
		}
	}
	return (got);
}

/* A counter of netstat -s's text: the number before `text'. */
static long long
stat_text(const char *out, const char *section, const char *text)
{
	char key[128];
	const char *p, *q;

	snprintf(key, sizeof(key), "%s:\n", section);
	if ((p = strstr(out, key)) == NULL)
		return (-1);
	snprintf(key, sizeof(key), " %s\n", text);
	if ((q = strstr(p, key)) == NULL)
		return (-1);
	while (q > p && q[-1] >= '0' && q[-1] <= '9')
		q--;
	if (q[-1] != '\t')
		return (-1);
	return (strtoll(q, NULL, 10));
}

static long long
stat_json(struct jv *root, const char *section, const char *key)
{
	return (json_num(json_get(json_get(root, "statistics"), section),
	    key, -1));
}

/* The ICMP histogram count of `type' in --json's array `hist'. */
static long long
hist_json(struct jv *root, const char *hist, int type)
{
	struct jv *a, *e;
	int i;

	a = json_get(json_get(json_get(root, "statistics"), "icmp"), hist);
	for (i = 0; (e = json_at(a, i)) != NULL; i++)
		if (json_num(e, "type", -1) == type)
			return (json_num(e, "count", -1));
	return (a != NULL ? 0 : -1);
}

/*
 * The counter deltas netstat -s showed around one round of traffic, text
 * and --json; 0 when every one is exactly what the round sent.
 */
struct deltas {
	long long	udp_out, udp_in, udp_dlv, ip_out;	/* text */
	long long	j_udp_out, j_udp_dlv, j_ip_in, j_icmp_resp;
	long long	j_echo_in, j_reply_out;
	int		pings;
};

static int
round_of(struct deltas *d, struct cmdout *t1, struct jv **r1)
{
	char *as[] = { NETSTAT, "-s", NULL };
	char *asj[] = { NETSTAT, "-s", "--json", NULL };
	struct cmdout t0, j0, j1;
	struct jv *r0;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	rc |= run_cmd(as, -1, &t0);
	rc |= run_cmd(asj, -1, &j0);
	d->pings = send_traffic();
	rc |= run_cmd(as, -1, t1);
	rc |= run_cmd(asj, -1, &j1);
	r0 = json_parse(j0.out);
	*r1 = json_parse(j1.out);
	if (rc != 0 || r0 == NULL || *r1 == NULL)
		rc = -1;
	d->udp_out = stat_text(t1->out, "udp", "datagrams output") -
	    stat_text(t0.out, "udp", "datagrams output");
	d->udp_in = stat_text(t1->out, "udp", "datagrams received") -
	    stat_text(t0.out, "udp", "datagrams received");
	d->udp_dlv = stat_text(t1->out, "udp", "delivered") -
	    stat_text(t0.out, "udp", "delivered");
	d->ip_out = stat_text(t1->out, "ip", "packets sent from this host") -
	    stat_text(t0.out, "ip", "packets sent from this host");
	d->j_udp_out = stat_json(*r1, "udp", "output-packets") -
	    stat_json(r0, "udp", "output-packets");
	d->j_udp_dlv = stat_json(*r1, "udp", "delivered-packets") -
	    stat_json(r0, "udp", "delivered-packets");
	d->j_ip_in = stat_json(*r1, "ip", "received-packets") -
	    stat_json(r0, "ip", "received-packets");
	d->j_icmp_resp = stat_json(*r1, "icmp", "sent-packets") -
	    stat_json(r0, "icmp", "sent-packets");
	d->j_echo_in = hist_json(*r1, "input-histogram", ICMP_ECHO) -
	    hist_json(r0, "input-histogram", ICMP_ECHO);
	d->j_reply_out = hist_json(*r1, "output-histogram", ICMP_ECHOREPLY) -
	    hist_json(r0, "output-histogram", ICMP_ECHOREPLY);
	cmdout_free(&t0);
	cmdout_free(&j0);
	cmdout_free(&j1);
	if (rc != 0)
		return (-1);
	/* UDP: 4 datagrams; IP: those and 2 requests, 2 replies. */
	return (d->udp_out == NDGRAM + 1 && d->udp_in == NDGRAM + 1 &&
	    d->udp_dlv == NDGRAM + 1 && d->ip_out == NDGRAM + 1 + 2 * NPING &&
	    d->j_udp_out == NDGRAM + 1 && d->j_udp_dlv == NDGRAM + 1 &&
	    d->j_ip_in == NDGRAM + 1 + 2 * NPING && d->j_icmp_resp == NPING &&
	    d->j_echo_in == NPING && d->j_reply_out == NPING &&
	    d->pings == NPING ? 0 : 1);
}

static void
test_stats(void)
{
	char *ass[] = { NETSTAT, "-ss", NULL };
	char *apu[] = { NETSTAT, "-s", "-p", "udp", NULL };
	char *apt[] = { NETSTAT, "-s", "-p", "tcp", NULL };
	struct cmdout t1, co;
	struct jv *r1;
	struct deltas d;
	struct udpstat us;
	struct ipstat is;
	struct icmpstat ic;
	size_t len;
	char want[128];
	int tries, rc;

	/*
	 * The counters are the whole machine's: traffic of the boot (a
	 * DHCP client on em0, say) can land in the window.  A round that
	 * saw more than ours is repeated; ours alone must match exactly.
	 */
	for (tries = 1;; tries++) {
		rc = round_of(&d, &t1, &r1);
		if (rc <= 0 || tries == 5)
			break;
		printf("# round %d saw other traffic (udp out +%lld, ip out "
		    "+%lld): again\n", tries, d.udp_out, d.ip_out);
		cmdout_free(&t1);
	}
	is_int(rc, 0, "-s and -s --json ran");
	is_int(d.pings, NPING, "pings answered");

	/* The text is the record: compare with it, read right after. */
	len = sizeof(us);
	sysctlbyname("net.inet.udp.stats", &us, &len, NULL, 0);
	len = sizeof(is);
	sysctlbyname("net.inet.ip.stats", &is, &len, NULL, 0);
	len = sizeof(ic);
	sysctlbyname("net.inet.icmp.stats", &ic, &len, NULL, 0);
	ok(stat_text(t1.out, "udp", "datagrams output") <=
	    (long long)us.udps_opackets && stat_text(t1.out, "udp",
	    "datagrams output") >= 0, "-s: udp output from the record");
	is_int(stat_text(t1.out, "icmp", "message responses generated"),
	    (long long)ic.icps_reflect, "-s: icmp responses is the record's");
	ok(stat_text(t1.out, "ip", "packets sent from this host") <=
	    (long long)is.ips_localout && stat_text(t1.out, "ip",
	    "packets sent from this host") >= NDGRAM + 1 + 2 * NPING,
	    "-s: ip sent from the record");

	/* Grown by exactly what was sent: 4 datagrams, 2 pings. */
	is_int(d.udp_out, NDGRAM + 1, "-s: udp datagrams output grew by 4");
	is_int(d.udp_in, NDGRAM + 1, "-s: udp datagrams received grew by 4");
	is_int(d.udp_dlv, NDGRAM + 1, "-s: udp delivered grew by 4");
	is_int(d.j_udp_out, NDGRAM + 1, "json: udp output-packets grew by 4");
	is_int(d.j_udp_dlv, NDGRAM + 1,
	    "json: udp delivered-packets grew by 4");
	is_int(d.ip_out, NDGRAM + 1 + 2 * NPING, "-s: ip sent grew by 8");
	is_int(d.j_ip_in, NDGRAM + 1 + 2 * NPING,
	    "json: ip received-packets grew by 8");
	is_int(d.j_icmp_resp, NPING, "json: icmp responses grew by 2");
	is_int(d.j_echo_in, NPING, "json: icmp input echo grew by 2");
	is_int(d.j_reply_out, NPING, "json: icmp output echo reply grew by 2");
	snprintf(want, sizeof(want), "\t\techo reply: %llu\n",
	    (unsigned long long)ic.icps_outhist[ICMP_ECHOREPLY]);
	ok(strstr(t1.out, "\tOutput histogram:\n\t\techo reply: ") != NULL &&
	    strstr(t1.out, want) != NULL, "-s: icmp output histogram");
	ok(strncmp(t1.out, "ip:\n\t", 5) == 0, "-s: ip first");
	ok(strstr(t1.out, "\ntcp:\n\t") != NULL &&
	    stat_text(t1.out, "tcp", "packets sent") >= 0,
	    "-s: tcp section with its counters");
	ok(json_get(json_get(r1, "statistics"), "tcp") != NULL &&
	    stat_json(r1, "tcp", "connection-requests") >= 0,
	    "json: tcp object with connection-requests");
	cmdout_free(&t1);

	is_int(run_cmd(ass, -1, &co), 0, "-ss exits 0");
	ok(strstr(co.out, "\t0 ") == NULL &&
	    strstr(co.out, " datagrams output\n") != NULL,
	    "-ss: zeros hidden, the rest shown");
	cmdout_free(&co);
	is_int(run_cmd(apu, -1, &co), 0, "-s -p udp exits 0");
	ok(strncmp(co.out, "udp:\n\t", 6) == 0 &&
	    strstr(co.out, "ip:") == NULL && strstr(co.out, "icmp:") == NULL,
	    "-p udp: udp alone");
	cmdout_free(&co);
	is_int(run_cmd(apt, -1, &co), 0, "-s -p tcp exits 0");
	ok(strncmp(co.out, "tcp:\n\t", 6) == 0 &&
	    strstr(co.out, "udp:") == NULL && strstr(co.out, "ip:") == NULL,
	    "-p tcp: tcp alone");
	cmdout_free(&co);
}

/* Our pcb's record: the socket of fd, found through kern.file. */
static int
xinp_of(int fd, const char *list, struct xinpcb *out)
{
	struct xfile *xf;
	struct xinpcb *xi;
	size_t flen, ilen, i, n;
	uint64_t so = 0;
	char *fb, *ib;
	int found = 0;

	if ((fb = read_list("kern.file", &flen)) == NULL)
		return (-1);
	n = (flen - 2 * sizeof(struct xfilegen)) / sizeof(*xf);
	xf = (struct xfile *)(fb + sizeof(struct xfilegen));
	for (i = 0; i < n; i++)
		if (xf[i].xf_pid == getpid() && xf[i].xf_fd == fd)
			so = xf[i].xf_data;
	free(fb);
	if (so == 0 || (ib = read_list(list, &ilen)) == NULL)
		return (-1);
	n = (ilen - 2 * sizeof(struct xinpgen)) / sizeof(*xi);
	xi = (struct xinpcb *)(ib + sizeof(struct xinpgen));
	for (i = 0; i < n; i++)
		if (xi[i].xi_socket.xso_so == so) {
			*out = xi[i];
			found = 1;
		}
	free(ib);
	return (found ? 0 : -1);
}

/* The line of out that contains key, or NULL. */
static char *
line_with(const char *out, const char *key, char *buf, size_t size)
{
	const char *p, *nl;
	size_t len;

	if ((p = strstr(out, key)) == NULL)
		return (NULL);
	while (p > out && p[-1] != '\n')
		p--;
	nl = strchr(p, '\n');
	len = nl != NULL ? (size_t)(nl - p) : strlen(p);
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return (buf);
}

static void
test_inet_list(void)
{
	char *adef[] = { NETSTAT, "-n", "-f", "inet", NULL };
	char *aall[] = { NETSTAT, "-an", "-f", "inet", NULL };
	char *anam[] = { NETSTAT, "-f", "inet", NULL };
	char *aL[] = { NETSTAT, "-Ln", "-f", "inet", NULL };
	char *ax[] = { NETSTAT, "-xn", "-f", "inet", NULL };
	struct xinpcb xb, xca, xr;
	struct cmdout co;
	char want[256], key[64], line[512], la[32], fa[32], *p;
	unsigned long long v[3];

	ok(xinp_of(ub, "net.inet.udp.pcblist", &xb) == 0 &&
	    xinp_of(ca, "net.inet.udp.pcblist", &xca) == 0,
	    "found our udp pcbs through kern.file");
	ok(xinp_of(rs, "net.inet.raw.pcblist", &xr) == 0,
	    "found our raw pcb through kern.file");
	ok(xb.xi_socket.so_rcv.sb_cc >= NDGRAM * DGLEN,
	    "the bound socket holds our datagrams");

	is_int(run_cmd(adef, -1, &co), 0, "-n -f inet exits 0");
	ok(strncmp(co.out, "Active Internet connections\n"
	    "Proto Recv-Q Send-Q Local Address          Foreign Address"
	    "        (state)\n", 102) == 0, "title and header, byte for byte");
	snprintf(la, sizeof(la), "127.0.0.1.%u", pb);
	snprintf(want, sizeof(want), "udp4  %6llu %6u %-22s %-22s",
	    (unsigned long long)xb.xi_socket.so_rcv.sb_cc, 0, la, "*.*");
	snprintf(key, sizeof(key), " %s ", la);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "bound socket: queued bytes, address, *.*");
	snprintf(la, sizeof(la), "127.0.0.1.%u", pca);
	snprintf(fa, sizeof(fa), "127.0.0.1.%u", pcb);
	snprintf(want, sizeof(want), "udp4  %6u %6u %-22s %-22s", 0, 0, la,
	    fa);
	/* In the Local column: after Send-Q (the peer names it too). */
	snprintf(key, sizeof(key), " 0 %s ", la);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "connected socket: both ends");
	snprintf(key, sizeof(key), " *.%u ", pa);
	ok(strstr(co.out, key) == NULL, "wildcard sender hidden without -a");
	ok(strstr(co.out, "UNIX") == NULL, "-f inet: no Unix sockets");
	cmdout_free(&co);

	is_int(run_cmd(aall, -1, &co), 0, "-an -f inet exits 0");
	ok(strstr(co.out, "Active Internet connections (including servers)\n"
	    "Tcpcb            Proto Recv-Q Send-Q Local Address") != NULL,
	    "-a: title and pcb column");
	snprintf(la, sizeof(la), "*.%u", pa);
	snprintf(want, sizeof(want), "%-16llx udp4  %6u %6u %-22s %-22s",
	    0ULL, 0, 0, la, "*.*");
	snprintf(key, sizeof(key), " %s ", la);
	p = line_with(co.out, key, line, sizeof(line));
	ok(p != NULL && strlen(p) == strlen(want) &&
	    strcmp(p + 16, want + 16) == 0, "-a: wildcard sender *.port");
	/* What the raw socket holds: the record's count (pings echo). */
	snprintf(want, sizeof(want), "%-16llx icmp4 %6llu %6u %-22s %-22s",
	    (unsigned long long)xr.xi_inpp,
	    (unsigned long long)xr.xi_socket.so_rcv.sb_cc, 0, "*.*", "*.*");
	snprintf(key, sizeof(key), "%-16llx icmp4 ",
	    (unsigned long long)xr.xi_inpp);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "-a: raw ICMP socket by its pcb id");
	cmdout_free(&co);

	is_int(run_cmd(anam, -1, &co), 0, "-f inet (names) exits 0");
	snprintf(key, sizeof(key), " localhost.%u ", pb);
	ok(strstr(co.out, key) != NULL, "without -n: localhost from "
	    "/etc/hosts");
	cmdout_free(&co);

	is_int(run_cmd(aL, -1, &co), 0, "-L -f inet exits 0");
	is_str(co.out, "Current listen queue sizes (qlen/incqlen/maxqlen)\n"
	    "Proto Listen         Local Address\n",
	    "-L: UDP has no listen queues");
	cmdout_free(&co);

	is_int(run_cmd(ax, -1, &co), 0, "-x -f inet exits 0");
	ok(strstr(co.out, "Foreign Address        R-HIWA S-HIWA R-LOWA "
	    "S-LOWA R-BCNT S-BCNT R-BMAX S-BMAX\n") != NULL,
	    "-x: buffer columns");
	snprintf(key, sizeof(key), " 127.0.0.1.%u ", pb);
	p = line_with(co.out, key, line, sizeof(line));
	ok(p != NULL && sscanf(p + 17, "udp4 %llu %llu", &v[0], &v[1]) == 2 &&
	    sscanf(p + 17 + 20 + 46, "%llu %llu", &v[1], &v[2]) == 2 &&
	    v[0] == xb.xi_socket.so_rcv.sb_cc &&
	    v[1] == xb.xi_socket.so_rcv.sb_hiwat &&
	    v[2] == xb.xi_socket.so_snd.sb_hiwat,
	    "-x: R-HIWA and S-HIWA of the record");
	cmdout_free(&co);
}

static struct jv *
sock_by_port(struct jv *list, const char *proto, uint16_t port)
{
	struct jv *s;
	char ps[8];
	int i;

	snprintf(ps, sizeof(ps), "%u", port);
	for (i = 0; (s = json_at(list, i)) != NULL; i++)
		if (json_s(s, "protocol") != NULL &&
		    strcmp(json_s(s, "protocol"), proto) == 0 &&
		    json_s(json_get(s, "local"), "port") != NULL &&
		    strcmp(json_s(json_get(s, "local"), "port"), ps) == 0)
			return (s);
	return (NULL);
}

static void
test_inet_json(void)
{
	char *argv[] = { NETSTAT, "-a", "-f", "inet", "--json", NULL };
	struct jv *root, *list, *s;
	struct xinpcb xb;
	struct cmdout co;
	char ps[8];

	xinp_of(ub, "net.inet.udp.pcblist", &xb);
	is_int(run_cmd(argv, -1, &co), 0, "-a -f inet --json exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "statistics"), "inet-sockets");
	ok(list != NULL && list->t == J_ARR, "json: inet-sockets");
	ok(json_get(json_get(root, "statistics"), "unix-sockets") == NULL,
	    "json: -f inet: no unix-sockets");
	if (ok((s = sock_by_port(list, "udp4", pb)) != NULL,
	    "json: bound socket")) {
		is_int(json_num(s, "receive-bytes-waiting", -1),
		    (long long)xb.xi_socket.so_rcv.sb_cc, "json: queued bytes");
		is_str(json_s(json_get(s, "local"), "address"), "127.0.0.1",
		    "json: local address");
		is_str(json_s(json_get(s, "remote"), "address"), "*",
		    "json: remote *");
		is_str(json_s(json_get(s, "remote"), "port"), "*",
		    "json: remote port *");
		is_int(json_num(s, "connected", -1), 0, "json: not connected");
	}
	if (ok((s = sock_by_port(list, "udp4", pca)) != NULL,
	    "json: connected socket")) {
		snprintf(ps, sizeof(ps), "%u", pcb);
		is_str(json_s(json_get(s, "remote"), "port"), ps,
		    "json: remote port");
		is_int(json_num(s, "connected", -1), 1, "json: connected");
	}
	if (ok((s = sock_by_port(list, "udp4", pa)) != NULL,
	    "json: wildcard sender"))
		is_str(json_s(json_get(s, "local"), "address"), "*",
		    "json: local *");
	cmdout_free(&co);
}

/* The TCP pcb whose local port is port (host order): 0, or -1. */
static int
xinp_by_port(uint16_t port, struct xinpcb *out)
{
	struct xinpgen *xig;
	struct xinpcb *xi;
	size_t len = 0, off;
	char *buf;
	int rc = -1;

	if (sysctlbyname("net.inet.tcp.pcblist", NULL, &len, NULL, 0) != 0 ||
	    (buf = malloc(len)) == NULL)
		return (-1);
	if (sysctlbyname("net.inet.tcp.pcblist", buf, &len, NULL, 0) == 0) {
		xig = (struct xinpgen *)buf;
		for (off = xig->xig_len; off + sizeof(*xi) <= len;
		    off += sizeof(*xi)) {
			xi = (struct xinpcb *)(buf + off);
			if (xi->xi_len == sizeof(*xi) &&
			    ntohs(xi->inp_lport) == port) {
				*out = *xi;
				rc = 0;
				break;
			}
		}
	}
	free(buf);
	return (rc);
}

/*
 * TCP rows: a listener (shown with -a and -L only) and an established
 * pair, their states, and -s -p tcp counting exactly our one connect
 * and one accept.  Closed with RSTs so nothing is left in TIME_WAIT.
 */
static void
test_tcp(void)
{
	char *as[] = { NETSTAT, "-s", "-p", "tcp", NULL };
	char *aall[] = { NETSTAT, "-an", "-f", "inet", NULL };
	char *adef[] = { NETSTAT, "-n", "-f", "inet", NULL };
	char *aL[] = { NETSTAT, "-Ln", "-f", "inet", NULL };
	char *aj[] = { NETSTAT, "-an", "-f", "inet", "--json", NULL };
	struct linger lg = { 1, 0 };
	struct sockaddr_in sin;
	struct cmdout s0, s1, co;
	struct jv *root, *s;
	char want[256], key[64], line[512], la[32], fa[32], *p;
	int l, c, a, one = 1, tries;
	uint16_t pl, pc;
	struct xinpcb xc;

	l = socket(AF_INET, SOCK_STREAM, 0);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), 0);
	if (!ok(l >= 0 && bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    listen(l, 5) == 0, "tcp: a listener"))
		return;
	pl = port_of(l);
	is_int(run_cmd(as, -1, &s0), 0, "tcp: -s -p tcp before");
	c = socket(AF_INET, SOCK_STREAM, 0);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), pl);
	ok(connect(c, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "tcp: connect");
	a = accept(l, NULL, NULL);
	ok(a >= 0, "tcp: accept");
	is_int(run_cmd(as, -1, &s1), 0, "tcp: -s -p tcp after");
	is_int(stat_text(s1.out, "tcp", "connection request") -
	    stat_text(s0.out, "tcp", "connection request") +
	    stat_text(s1.out, "tcp", "connection requests") -
	    stat_text(s0.out, "tcp", "connection requests"), 1,
	    "-s: connection requests grew by 1");
	is_int(stat_text(s1.out, "tcp", "connection accept") -
	    stat_text(s0.out, "tcp", "connection accept") +
	    stat_text(s1.out, "tcp", "connection accepts") -
	    stat_text(s0.out, "tcp", "connection accepts"), 1,
	    "-s: connection accepts grew by 1");
	cmdout_free(&s0);
	cmdout_free(&s1);
	setsockopt(c, IPPROTO_TCP, 1 /* TCP_NODELAY */, &one, sizeof(one));
	write(c, "abc", 3);
	{
		struct pollfd pf = { a, POLLIN, 0 };

		poll(&pf, 1, 5000);
	}
	pc = port_of(c);

	/*
	 * The client's Send-Q empties when the (delayed) ACK comes back:
	 * ask again until it did, a few seconds at most.
	 */
	for (tries = 0; tries < 50; tries++) {
		snprintf(key, sizeof(key), "127.0.0.1.%u", pc);
		if (xinp_by_port(pc, &xc) == 0 &&
		    xc.xi_socket.so_snd.sb_cc == 0)
			break;
		usleep(100000);
	}
	is_int(run_cmd(aall, -1, &co), 0, "tcp: -an exits 0");
	snprintf(la, sizeof(la), "127.0.0.1.%u", pl);
	snprintf(want, sizeof(want), "tcp4  %6u %6u %-22s %-22s LISTEN", 0,
	    0, la, "*.*");
	snprintf(key, sizeof(key), "tcp4  %6u %6u %s ", 0, 0, la);
	p = line_with(co.out, key, line, sizeof(line));
	ok(p != NULL && strlen(p) > 17 && strcmp(p + 17, want) == 0,
	    "-a: the listener, LISTEN");
	snprintf(la, sizeof(la), "127.0.0.1.%u", pl);
	snprintf(fa, sizeof(fa), "127.0.0.1.%u", pc);
	snprintf(want, sizeof(want), "tcp4  %6u %6u %-22s %-22s ESTABLISHED",
	    3, 0, la, fa);
	snprintf(key, sizeof(key), " %-22s %s", la, fa);
	p = line_with(co.out, key, line, sizeof(line));
	ok(p != NULL && strlen(p) > 17 && strcmp(p + 17, want) == 0,
	    "-a: the accepted end, 3 bytes queued, ESTABLISHED");
	cmdout_free(&co);

	is_int(run_cmd(adef, -1, &co), 0, "tcp: -n exits 0");
	snprintf(want, sizeof(want), "tcp4  %6u %6u %-22s %-22s ESTABLISHED",
	    0, 0, fa, la);
	snprintf(key, sizeof(key), " %-22s %s", fa, la);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "the client end, ESTABLISHED");
	snprintf(key, sizeof(key), " %s *.* ", la);
	ok(strstr(co.out, key) == NULL, "without -a: no listener");
	cmdout_free(&co);

	is_int(run_cmd(aL, -1, &co), 0, "tcp: -L exits 0");
	snprintf(want, sizeof(want), "%-5.5s %-14.14s %s", "tcp4", "0/0/5",
	    la);
	snprintf(key, sizeof(key), " %s", la);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "-L: the listener's queues 0/0/5");
	cmdout_free(&co);

	is_int(run_cmd(aj, -1, &co), 0, "tcp: --json exits 0");
	root = json_parse(co.out);
	s = sock_by_port(json_get(json_get(root, "statistics"),
	    "inet-sockets"), "tcp4", pc);
	if (ok(s != NULL, "json: the client end")) {
		is_str(json_s(s, "tcp-state"), "ESTABLISHED",
		    "json: tcp-state");
		is_int(json_num(s, "ip-protocol", -1), IPPROTO_TCP,
		    "json: ip-protocol 6");
	}
	s = sock_by_port(json_get(json_get(root, "statistics"),
	    "inet-sockets"), "tcp4", pl);
	ok(s != NULL && json_s(s, "tcp-state") != NULL,
	    "json: the listener's port");
	cmdout_free(&co);

	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(c);
	close(a);
	close(l);
}

/* A -s -p tcp counter, spelled `one' when it is 1 and `many' otherwise. */
static long long
tcp_stat(const char *out, const char *one, const char *many)
{
	long long a = stat_text(out, "tcp", one);
	long long b = many != NULL ? stat_text(out, "tcp", many) : -1;

	return (a > b ? (a > 0 ? a : 0) : (b > 0 ? b : 0));
}

static int
rw_exact(int fd, void *buf, size_t n, int wr)
{
	size_t done = 0;
	ssize_t r;

	while (done < n) {
		r = wr ? write(fd, (char *)buf + done, n - done) :
		    read(fd, (char *)buf + done, n - done);
		if (r <= 0)
			return (-1);
		done += (size_t)r;
	}
	return (0);
}

/*
 * -s -p tcp against a known exchange over lo0: one connection, 100
 * bytes one way and 200 the other (TCP_NODELAY, each a single write, so
 * a single segment), then both ends and the listener closed with RSTs.
 * The counters that only this makes move must grow by exactly that:
 * requests, accepts, established, data segments and bytes sent and
 * received in sequence, closed and dropped.  (ACKs depend on the
 * delayed-ACK timer, and a retransmission on how the host schedules the
 * guest: those are not checked.)
 */
static void
test_tcp_counts(void)
{
	char *as[] = { NETSTAT, "-s", "-p", "tcp", NULL };
	struct linger lg = { 1, 0 };
	struct sockaddr_in sin;
	struct cmdout s0, s1;
	char out[200], in[200];
	int l, c, a, one = 1;
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 13 + 1);
	l = socket(AF_INET, SOCK_STREAM, 0);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), 0);
	if (!ok(l >= 0 && bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    listen(l, 5) == 0, "tcp counts: a listener"))
		return;
	is_int(run_cmd(as, -1, &s0), 0, "tcp counts: -s -p tcp before");
	c = socket(AF_INET, SOCK_STREAM, 0);
	lo_sin(&sin, htonl(INADDR_LOOPBACK), port_of(l));
	ok(connect(c, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "tcp counts: connect");
	a = accept(l, NULL, NULL);
	ok(a >= 0, "tcp counts: accept");
	setsockopt(c, IPPROTO_TCP, 1 /* TCP_NODELAY */, &one, sizeof(one));
	setsockopt(a, IPPROTO_TCP, 1 /* TCP_NODELAY */, &one, sizeof(one));
	ok(rw_exact(c, out, 100, 1) == 0 && rw_exact(a, in, 100, 0) == 0 &&
	    memcmp(in, out, 100) == 0, "tcp counts: 100 bytes one way");
	ok(rw_exact(a, out, 200, 1) == 0 && rw_exact(c, in, 200, 0) == 0 &&
	    memcmp(in, out, 200) == 0, "tcp counts: 200 bytes the other");
	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(c);
	close(a);
	close(l);
	is_int(run_cmd(as, -1, &s1), 0, "tcp counts: -s -p tcp after");
#define GREW(one, many)	(tcp_stat(s1.out, one, many) - \
	    tcp_stat(s0.out, one, many))
	is_int(GREW("connection request", "connection requests"), 1,
	    "-s: 1 connection request");
	is_int(GREW("connection accept", "connection accepts"), 1,
	    "-s: 1 connection accept");
	is_int(GREW("connection established (including accepts)",
	    "connections established (including accepts)"), 2,
	    "-s: 2 connections established");
	is_int(GREW("data packet", "data packets"), 2,
	    "-s: 2 data packets sent");
	is_int(GREW("data byte", "data bytes"), 300,
	    "-s: 300 data bytes sent");
	is_int(GREW("packet received in-sequence",
	    "packets received in-sequence"), 2,
	    "-s: 2 packets received in sequence");
	is_int(GREW("byte received in-sequence",
	    "bytes received in-sequence"), 300,
	    "-s: 300 bytes received in sequence");
	is_int(GREW("connection closed", "connections closed"), 3,
	    "-s: 3 connections closed (both ends and the listener)");
	is_int(GREW("dropped", NULL), 2,
	    "-s: 2 dropped (the RSTs of SO_LINGER 0)");
	is_int(GREW("out-of-order packet", "out-of-order packets"), 0,
	    "-s: nothing out of order on lo0");
#undef GREW
	cmdout_free(&s0);
	cmdout_free(&s1);
}

/* What netstat -rn should print for a record (the test's own reading). */
static void
route_line(const struct xrtentry *r, const struct xifnet *xs, size_t nif,
    char *buf, size_t size)
{
	char dst[40], gw[40] = "", fl[8], *f = fl;
	struct in_addr in;
	uint32_t m = ntohl(r->xrt_mask);
	int len = 0;
	size_t k;

	while (m & 0x80000000U) {
		m <<= 1;
		len++;
	}
	in.s_addr = r->xrt_dst;
	if (r->xrt_dst == 0 && r->xrt_mask == 0)
		strlcpy(dst, "default", sizeof(dst));
	else if (len == 32)
		strlcpy(dst, inet_ntoa(in), sizeof(dst));
	else
		snprintf(dst, sizeof(dst), "%s/%d", inet_ntoa(in), len);
	in.s_addr = r->xrt_gateway;
	if (r->xrt_flags & RTF_GATEWAY)
		strlcpy(gw, inet_ntoa(in), sizeof(gw));
	else
		for (k = 0; k < nif; k++)
			if (strcmp(xs[k].xif_name, r->xrt_ifname) == 0)
				snprintf(gw, sizeof(gw), "link#%u",
				    xs[k].xif_index);
	if (r->xrt_flags & RTF_UP)
		*f++ = 'U';
	if (r->xrt_flags & RTF_GATEWAY)
		*f++ = 'G';
	if (r->xrt_flags & RTF_HOST)
		*f++ = 'H';
	if (r->xrt_flags & RTF_STATIC)
		*f++ = 'S';
	*f = '\0';
	snprintf(buf, size, "%-18s %-18s %-9s %5s\n", dst, gw, fl,
	    r->xrt_ifname);
}

static void
test_routes(void)
{
	char *ar[] = { NETSTAT, "-rn", NULL };
	char *arj[] = { NETSTAT, "-rn", "--json", NULL };
	struct xrtentry *rt;
	struct xifnet *xs;
	struct cmdout co;
	struct jv *root, *ents, *e;
	size_t rlen, ilen, n, nif, i;
	char want[128];
	int lo = -1, bad = 0;

	rt = read_list("net.route.table", &rlen);
	xs = read_list("net.link.iflist", &ilen);
	if (!ok(rt != NULL && xs != NULL, "read routes and interfaces"))
		return;
	n = rlen / sizeof(*rt);
	nif = ilen / sizeof(*xs);
	is_int(run_cmd(ar, -1, &co), 0, "-rn exits 0");
	ok(strncmp(co.out, "Routing tables\n\nInternet:\n"
	    "Destination        Gateway            Flags     Netif Expire\n",
	    87) == 0, "-r: titles and header, byte for byte");
	for (i = 0; i < n; i++) {
		route_line(&rt[i], xs, nif, want, sizeof(want));
		if (strstr(co.out, want) == NULL) {
			printf("# missing: %s", want);
			bad++;
		}
		if (rt[i].xrt_dst == htonl(0x7f000000) &&
		    strcmp(rt[i].xrt_ifname, "lo0") == 0)
			lo = (int)i;
	}
	ok(n > 0 && bad == 0, "-r: every route, field by field");
	ok(lo >= 0 && strstr(co.out, "\n127.0.0.0/8        link#") != NULL,
	    "-r: lo0's network route");
	cmdout_free(&co);

	is_int(run_cmd(arj, -1, &co), 0, "-rn --json exits 0");
	root = json_parse(co.out);
	ents = json_get(json_at(json_get(json_get(json_get(json_get(root,
	    "statistics"), "route-information"), "route-table"), "rt-family"),
	    0), "rt-entry");
	is_int(ents != NULL ? ents->len : -1, (long long)n,
	    "json: a route entry per record");
	bad = 1;
	for (i = 0; (e = json_at(ents, (int)i)) != NULL; i++)
		if (json_s(e, "destination") != NULL &&
		    strcmp(json_s(e, "destination"), "127.0.0.0/8") == 0 &&
		    json_s(e, "interface-name") != NULL &&
		    strcmp(json_s(e, "interface-name"), "lo0") == 0 &&
		    json_s(e, "flags") != NULL &&
		    strchr(json_s(e, "flags"), 'U') != NULL)
			bad = 0;
	ok(!bad, "json: lo0's network route");
	cmdout_free(&co);
	free(rt);
	free(xs);
}

static void
test_ifaces(void)
{
	char *ai[] = { NETSTAT, "-in", NULL };
	char *aij[] = { NETSTAT, "-i", "--json", NULL };
	struct xifnet *xs, *lo = NULL;
	struct cmdout co;
	struct jv *root, *list, *e, *lj = NULL;
	size_t ilen, nif, i;
	char want[160], lk[16], line[256];

	is_int(run_cmd(ai, -1, &co), 0, "-in exits 0");
	xs = read_list("net.link.iflist", &ilen);
	if (!ok(xs != NULL, "read interfaces"))
		return;
	nif = ilen / sizeof(*xs);
	for (i = 0; i < nif; i++)
		if (strcmp(xs[i].xif_name, "lo0") == 0)
			lo = &xs[i];
	ok(strncmp(co.out, "Name       Mtu Network       Address           "
	    "   Ipkts Ierrs Idrop    Opkts Oerrs  Coll\n", 89) == 0,
	    "-i: FreeBSD's header");
	if (ok(lo != NULL, "lo0 is there")) {
		/* Nothing but netstat runs now: lo0's counters hold still. */
		snprintf(lk, sizeof(lk), "<Link#%u>", lo->xif_index);
		snprintf(want, sizeof(want), "lo0      %5u %-13s %-17s %8llu "
		    "%5llu %5llu %8llu %5llu %5llu", lo->xif_data.ifi_mtu,
		    lk, "", (unsigned long long)lo->xif_data.ifi_ipackets,
		    (unsigned long long)lo->xif_data.ifi_ierrors,
		    (unsigned long long)lo->xif_data.ifi_iqdrops,
		    (unsigned long long)lo->xif_data.ifi_opackets,
		    (unsigned long long)lo->xif_data.ifi_oerrors,
		    (unsigned long long)lo->xif_data.ifi_collisions);
		is_str(line_with(co.out, lk, line, sizeof(line)), want,
		    "-i: lo0's link row, every counter");
		snprintf(want, sizeof(want), "lo0      %5u 127.0.0.0/8   "
		    "127.0.0.1                -     -     -        -     -"
		    "     -", lo->xif_data.ifi_mtu);
		is_str(line_with(co.out, " 127.0.0.0/8 ", line, sizeof(line)),
		    want, "-i: lo0's address row");
		ok(lo->xif_data.ifi_opackets >= NDGRAM + 1 + 2 * NPING,
		    "lo0 carried our packets");
	}
	cmdout_free(&co);

	is_int(run_cmd(aij, -1, &co), 0, "-i --json exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "statistics"), "interfaces");
	is_int(list != NULL ? list->len : -1, (long long)nif,
	    "json: an entry per interface");
	for (i = 0; (e = json_at(list, (int)i)) != NULL; i++)
		if (json_s(e, "name") != NULL &&
		    strcmp(json_s(e, "name"), "lo0") == 0)
			lj = e;
	if (ok(lj != NULL && lo != NULL, "json: lo0")) {
		is_int(json_num(lj, "mtu", -1), lo->xif_data.ifi_mtu,
		    "json: lo0 mtu");
		is_int(json_num(lj, "index", -1), lo->xif_index,
		    "json: lo0 index");
		is_str(json_s(json_at(json_get(lj, "inet"), 0), "address"),
		    "127.0.0.1", "json: lo0 inet address");
		is_str(json_s(json_at(json_get(lj, "inet"), 0), "network"),
		    "127.0.0.0/8", "json: lo0 network");
	}
	cmdout_free(&co);
	free(xs);
}
/* As an unprivileged user the Address column holds ids, not addresses. */
static void
test_unpriv(void)
{
	char *argv[] = { NETSTAT, "-a", "-f", "unix", NULL };
	struct cmdout co;
	unsigned long long id;
	const char *p;
	int rows = 0, big = 0;

	is_int(run_cmd(argv, 1000, &co), 0, "uid 1000: netstat exits 0");
	p = strchr(co.out, '\n');
	p = p != NULL ? strchr(p + 1, '\n') : NULL;
	while (p != NULL && p[1] != '\0') {
		p++;
		if (sscanf(p, "%llx", &id) == 1) {
			rows++;
			if (id >= (1ULL << 32))
				big++;
		}
		p = strchr(p, '\n');
	}
	ok(rows >= 5, "uid 1000: rows listed");
	is_int(big, 0, "uid 1000: no kernel addresses");
	cmdout_free(&co);
}

/*
 * -W: nothing cut.  For the test 127.0.0.1 gets a 33-character name
 * first in /etc/hosts (restored after).  Without -W a socket's host is
 * cut to 16 characters before ".port" and the whole to the 22-column
 * field, and -i cuts the address to 17; with -W both are whole.
 */
#define WIDENAME	"netstat-wide-loopback-name.petrel"

static void
test_wide(void)
{
	char *an[] = { NETSTAT, "-f", "inet", NULL };
	char *aw[] = { NETSTAT, "-W", "-f", "inet", NULL };
	char *ai[] = { NETSTAT, "-i", NULL };
	char *aiw[] = { NETSTAT, "-iW", NULL };
	struct xinpcb xb;
	struct cmdout co;
	char *orig = NULL, want[256], full[96], cut[96], key[100], line[512];
	size_t olen = 0;
	FILE *fp;
	int fd;

	if ((fd = open("/etc/hosts", O_RDONLY)) >= 0) {
		run_read_all(fd, &orig, &olen);
		close(fd);
	}
	if (!ok(orig != NULL && xinp_of(ub, "net.inet.udp.pcblist", &xb) == 0,
	    "-W: read /etc/hosts and our bound socket's record"))
		return;
	if ((fp = fopen("/etc/hosts", "w")) == NULL) {
		ok(0, "-W: write /etc/hosts");
		free(orig);
		return;
	}
	fprintf(fp, "127.0.0.1\t%s\n", WIDENAME);
	fwrite(orig, 1, olen, fp);
	fclose(fp);

	snprintf(full, sizeof(full), "%s.%u", WIDENAME, pb);
	snprintf(cut, sizeof(cut), "%.16s.%u", WIDENAME, pb);
	is_int(run_cmd(an, -1, &co), 0, "-f inet with a long name exits 0");
	snprintf(want, sizeof(want), "udp4  %6llu %6u %-22.22s %-22s",
	    (unsigned long long)xb.xi_socket.so_rcv.sb_cc, 0, cut, "*.*");
	snprintf(key, sizeof(key), " %.22s ", cut);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "without -W: the host cut to 16, the address to 22");
	ok(strstr(co.out, WIDENAME) == NULL,
	    "without -W: the whole name nowhere");
	cmdout_free(&co);

	is_int(run_cmd(aw, -1, &co), 0, "-W -f inet exits 0");
	snprintf(want, sizeof(want), "udp4  %6llu %6u %-22s %-22s",
	    (unsigned long long)xb.xi_socket.so_rcv.sb_cc, 0, full, "*.*");
	snprintf(key, sizeof(key), " %s ", full);
	is_str(line_with(co.out, key, line, sizeof(line)), want,
	    "-W: the whole name and port, the next column pushed over");
	cmdout_free(&co);

	is_int(run_cmd(ai, -1, &co), 0, "-i with a long name exits 0");
	snprintf(want, sizeof(want), " 127.0.0.0/8   %-17.17s        -",
	    WIDENAME);
	ok(strstr(co.out, want) != NULL, "-i: the address cut to 17");
	cmdout_free(&co);
	is_int(run_cmd(aiw, -1, &co), 0, "-iW exits 0");
	snprintf(want, sizeof(want), " 127.0.0.0/8   %s        -", WIDENAME);
	ok(strstr(co.out, want) != NULL, "-iW: the whole address");
	cmdout_free(&co);

	if ((fp = fopen("/etc/hosts", "w")) != NULL) {
		fwrite(orig, 1, olen, fp);
		fclose(fp);
	}
	ok(fp != NULL, "/etc/hosts restored");
	free(orig);
}

int
main(void)
{
	if (!ok(setup() == 0, "set up sockets")) {
		printf("# errno %d\n", errno);
		return (done());
	}
	test_list();
	test_json();
	test_mbufs();
	test_errors();
	if (ok(inet_setup() == 0, "set up UDP and raw sockets")) {
		test_stats();
		test_tcp();
		test_tcp_counts();
		test_inet_list();
		test_inet_json();
		test_routes();
		test_ifaces();
		test_wide();
	} else
		printf("# errno %d\n", errno);
	test_unpriv();
	close(lfd);
	close(c1);
	close(c2);
	close(sp[0]);
	close(sp[1]);
	close(ub);
	close(ua);
	close(ca);
	close(cb);
	close(rs);
	unlink(SPATH);
	return (done());
}
