/*
 * netstat(1): the Unix-domain socket list (default, -a, -L, -x, --json),
 * mbuf statistics (-m, --json), what -s/-i/-r say without TCP/IP, and
 * the errors.  The test makes known state (a listener with two pending
 * connections and backlog 3, a socketpair with 5 bytes queued one way)
 * and finds its rows by the pcb ids it reads from the kernel's own
 * records, joined to its descriptors through kern.file.
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
#include <errno.h>
#include <fcntl.h>
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

	/* Both families: an empty Internet list until TCP/IP exists. */
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
test_other_modes(void)
{
	char *as[] = { NETSTAT, "-s", NULL };
	char *ai[] = { NETSTAT, "-i", NULL };
	char *ar[] = { NETSTAT, "-r", NULL };
	char *af[] = { NETSTAT, "-f", "inet", NULL };
	char *abad[] = { NETSTAT, "-f", "bogus", NULL };
	char *atwo[] = { NETSTAT, "-m", "-s", NULL };
	char *aopt[] = { NETSTAT, "-Q", NULL };
	struct cmdout co;

	is_int(run_cmd(as, -1, &co), 0, "-s exits 0");
	is_str(co.out, "No Internet protocols are configured in the running "
	    "kernel: no protocol statistics.\n", "-s: says there are none");
	cmdout_free(&co);
	is_int(run_cmd(ai, -1, &co), 0, "-i exits 0");
	ok(strncmp(co.out, "Name       Mtu Network       Address           "
	    "   Ipkts Ierrs Idrop    Opkts Oerrs  Coll\n", 89) == 0,
	    "-i: FreeBSD's header");
	ok(strstr(co.out, "No network interfaces are configured") != NULL,
	    "-i: says there are none");
	cmdout_free(&co);
	is_int(run_cmd(ar, -1, &co), 0, "-r exits 0");
	ok(strncmp(co.out, "Routing tables\n", 15) == 0, "-r: title");
	cmdout_free(&co);
	is_int(run_cmd(af, -1, &co), 0, "-f inet exits 0");
	is_str(co.out, "No Internet protocols are configured in the running "
	    "kernel.\n", "-f inet: says there are none");
	cmdout_free(&co);
	is_int(run_cmd(abad, -1, &co), 1, "-f bogus: exit 1");
	ok(strstr(co.err, "bogus: unknown address family") != NULL,
	    "-f bogus: says why");
	cmdout_free(&co);
	is_int(run_cmd(atwo, -1, &co), 1, "-m -s: exit 1");
	cmdout_free(&co);
	is_int(run_cmd(aopt, -1, &co), 1, "-Q: exit 1");
	ok(strstr(co.err, "usage: netstat") != NULL, "-Q: usage");
	cmdout_free(&co);
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
	test_other_modes();
	test_unpriv();
	close(lfd);
	close(c1);
	close(c2);
	close(sp[0]);
	close(sp[1]);
	unlink(SPATH);
	return (done());
}
