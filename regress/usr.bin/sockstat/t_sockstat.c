/*
 * sockstat(1) and the records it reads (kern.file, net.local.*.pcblist).
 *
 * The test builds known Unix-domain state between itself and a child:
 * a listening stream socket with one accepted and one pending
 * connection, a socketpair, a bound datagram socket with a connected
 * client, and an unbound, unconnected seqpacket socket.  It then runs
 * /usr/bin/sockstat and checks every field of the rows for those
 * descriptors, as text (fixed and -w widths), with the filters, and as
 * --json (parsed); runs it again as an unprivileged user; and reads the
 * sysctl lists directly to check framing, ids and errors.  Then UDP and
 * raw IP: a socket bound to 127.0.0.1, a connected pair, one bound to
 * the wildcard address, an unbound one and a raw ICMP socket, checked
 * field by field with -4, -p, -P, -c, -l, -L and --json.  Last, a
 * child in a jail of its own with a UDP socket and a socketpair: -j
 * shows exactly those, and inside the jail the pcblists and sockstat
 * show nothing of the host's.
 */
#include <sys/types.h>
#include <sys/jail.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <arpa/inet.h>
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

#define SOCKSTAT	"/usr/bin/sockstat"
#define SPATH		"/tmp/t_sockstat.s"
#define DPATH		"/tmp/t_sockstat.d"
#define UNPRIV		1000

static int lfd, afd, sp[2], dsrv, lone;	/* ours */
static int c1, c2, cd;			/* the child's */
static pid_t me, child;
static int golive[2];			/* child exits when this closes */

static void
sun_set(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_len = sizeof(*sun);
	sun->sun_family = AF_UNIX;
	strlcpy(sun->sun_path, path, sizeof(sun->sun_path));
}

static int
unix_connect(int type, const char *path)
{
	struct sockaddr_un sun;
	int s;

	if ((s = socket(AF_UNIX, type, 0)) < 0)
		return (-1);
	sun_set(&sun, path);
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		close(s);
		return (-1);
	}
	return (s);
}

/* The child: connect, report its descriptors, wait to be let go. */
static void
child_main(int tell, int go)
{
	int fds[3];
	char c;

	c1 = unix_connect(SOCK_STREAM, SPATH);
	if (write(tell, "1", 1) != 1 || read(go, &c, 1) != 1)
		_exit(1);
	c2 = unix_connect(SOCK_STREAM, SPATH);
	cd = unix_connect(SOCK_DGRAM, DPATH);
	fds[0] = c1;
	fds[1] = c2;
	fds[2] = cd;
	if (write(tell, fds, sizeof(fds)) != sizeof(fds))
		_exit(1);
	close(tell);
	while (read(golive[0], &c, 1) > 0)
		;
	_exit(0);
}

static int
setup(void)
{
	struct sockaddr_un sun;
	int tell[2], go[2], fds[3];
	char c;

	unlink(SPATH);
	unlink(DPATH);
	me = getpid();
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	sun_set(&sun, SPATH);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(lfd, 5) < 0)
		return (-1);
	dsrv = socket(AF_UNIX, SOCK_DGRAM, 0);
	sun_set(&sun, DPATH);
	if (dsrv < 0 || bind(dsrv, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return (-1);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0)
		return (-1);
	if ((lone = socket(AF_UNIX, SOCK_SEQPACKET, 0)) < 0)
		return (-1);
	if (pipe(tell) < 0 || pipe(go) < 0 || pipe(golive) < 0)
		return (-1);
	if ((child = fork()) < 0)
		return (-1);
	if (child == 0) {
		/* Hold only the child's own sockets, so each of ours has
		   exactly one holder. */
		close(lfd);
		close(dsrv);
		close(sp[0]);
		close(sp[1]);
		close(lone);
		close(tell[0]);
		close(go[1]);
		close(golive[1]);
		child_main(tell[1], go[0]);
	}
	close(tell[1]);
	close(go[0]);
	close(golive[0]);
	/* Accept the first connection before the second is made, so we
	   know which client descriptor the accepted socket faces. */
	if (read(tell[0], &c, 1) != 1 || (afd = accept(lfd, NULL, NULL)) < 0)
		return (-1);
	if (write(go[1], "g", 1) != 1 ||
	    read(tell[0], fds, sizeof(fds)) != sizeof(fds))
		return (-1);
	c1 = fds[0];
	c2 = fds[1];
	cd = fds[2];
	close(tell[0]);
	close(go[1]);
	/* Nor may sockstat itself inherit them when we run it. */
	if (fcntl(lfd, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(afd, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(sp[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(sp[1], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(dsrv, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(lone, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(golive[1], F_SETFD, FD_CLOEXEC) < 0)
		return (-1);
	return (c1 >= 0 && c2 >= 0 && cd >= 0 ? 0 : -1);
}

static void
teardown(void)
{
	int st;

	close(golive[1]);
	waitpid(child, &st, 0);
	close(lfd);
	close(afd);
	close(sp[0]);
	close(sp[1]);
	close(dsrv);
	close(lone);
	unlink(SPATH);
	unlink(DPATH);
}

/* ---- Text output: cut rows at the header's column starts --------------- */

#define NF	7
struct trow {
	char	f[NF][160];
};

static int col_at[NF];

static int
header_cols(const char *hdr)
{
	static const char *t[NF] = { "USER", "COMMAND", "PID", "FD", "PROTO",
	    "LOCAL ADDRESS", "FOREIGN ADDRESS" };
	const char *p;
	int i;

	for (i = 0; i < NF; i++) {
		if ((p = strstr(hdr, t[i])) == NULL)
			return (-1);
		col_at[i] = (int)(p - hdr);
	}
	return (0);
}

static void
trim_copy(char *dst, size_t size, const char *s, int len)
{
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	if ((size_t)len >= size)
		len = (int)size - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* Split output (after the header line) into rows. */
static int
parse_rows(const char *out, struct trow **rowsp)
{
	const char *line, *nl;
	struct trow *rows = NULL;
	int n = 0, i, len, a, b;

	line = strchr(out, '\n');
	if (line == NULL)
		return (0);
	for (line++; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		len = (int)(nl - line);
		rows = realloc(rows, (n + 1) * sizeof(*rows));
		for (i = 0; i < NF; i++) {
			a = col_at[i];
			b = i + 1 < NF ? col_at[i + 1] : len;
			if (a > len)
				a = len;
			if (b > len)
				b = len;
			trim_copy(rows[n].f[i], sizeof(rows[n].f[i]),
			    line + a, b - a);
		}
		n++;
		if (*nl == '\0')
			break;
	}
	*rowsp = rows;
	return (n);
}

static struct trow *
find_row(struct trow *rows, int n, long pid, int fd)
{
	char p[16], f[16];
	int i;

	snprintf(p, sizeof(p), "%ld", pid);
	snprintf(f, sizeof(f), "%d", fd);
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].f[2], p) == 0 &&
		    strcmp(rows[i].f[3], f) == 0)
			return (&rows[i]);
	return (NULL);
}

static struct trow *
find_orphan(struct trow *rows, int n, const char *foreign)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].f[2], "??") == 0 &&
		    strcmp(rows[i].f[6], foreign) == 0)
			return (&rows[i]);
	return (NULL);
}

static void
check_row(struct trow *r, const char *user, const char *proto,
    const char *local, const char *foreign, const char *what)
{
	char name[128];

	snprintf(name, sizeof(name), "%s: present", what);
	if (!ok(r != NULL, name))
		return;
	snprintf(name, sizeof(name), "%s: USER", what);
	is_str(r->f[0], user, name);
	snprintf(name, sizeof(name), "%s: COMMAND", what);
	is_str(r->f[1], "t_sockstat", name);
	snprintf(name, sizeof(name), "%s: PROTO", what);
	is_str(r->f[4], proto, name);
	snprintf(name, sizeof(name), "%s: LOCAL", what);
	is_str(r->f[5], local, name);
	snprintf(name, sizeof(name), "%s: FOREIGN", what);
	is_str(r->f[6], foreign, name);
}

static void
test_text(int uid, const char *user)
{
	char *argv[] = { SOCKSTAT, "-w", NULL };
	char buf[64], buf2[64], tag[32];
	struct cmdout co;
	struct trow *rows = NULL, *r;
	int n;

	snprintf(tag, sizeof(tag), "%s", uid < 0 ? "root" : "uid 1000");
	is_int(run_cmd(argv, uid, &co), 0, "sockstat -w exits 0");
	is_str(co.err, "", "sockstat -w: nothing on stderr");
	ok(header_cols(co.out) == 0, "sockstat -w: header has every column");
	n = parse_rows(co.out, &rows);
	ok(n >= 9, "sockstat -w: at least our nine sockets");

	snprintf(buf, sizeof(buf), "%s listener", tag);
	check_row(find_row(rows, n, me, lfd), user, "stream", SPATH, "", buf);
	snprintf(buf, sizeof(buf), "%s accepted", tag);
	snprintf(buf2, sizeof(buf2), "-> [%ld %d]", (long)child, c1);
	check_row(find_row(rows, n, me, afd), user, "stream", SPATH, buf2,
	    buf);
	snprintf(buf, sizeof(buf), "%s client (accepted)", tag);
	check_row(find_row(rows, n, child, c1), user, "stream", "??",
	    "-> " SPATH, buf);
	snprintf(buf, sizeof(buf), "%s client (pending)", tag);
	check_row(find_row(rows, n, child, c2), user, "stream", "??",
	    "-> " SPATH, buf);
	snprintf(buf, sizeof(buf), "%s socketpair end 0", tag);
	snprintf(buf2, sizeof(buf2), "-> [%ld %d]", (long)me, sp[1]);
	check_row(find_row(rows, n, me, sp[0]), user, "stream", "??", buf2,
	    buf);
	snprintf(buf, sizeof(buf), "%s socketpair end 1", tag);
	snprintf(buf2, sizeof(buf2), "-> [%ld %d]", (long)me, sp[0]);
	check_row(find_row(rows, n, me, sp[1]), user, "stream", "??", buf2,
	    buf);
	snprintf(buf, sizeof(buf), "%s dgram server", tag);
	snprintf(buf2, sizeof(buf2), "<- [%ld %d]", (long)child, cd);
	check_row(find_row(rows, n, me, dsrv), user, "dgram", DPATH, buf2,
	    buf);
	snprintf(buf, sizeof(buf), "%s dgram client", tag);
	check_row(find_row(rows, n, child, cd), user, "dgram", "??",
	    "-> " DPATH, buf);
	snprintf(buf, sizeof(buf), "%s lone seqpacket", tag);
	check_row(find_row(rows, n, me, lone), user, "seqpack",
	    "(not connected)", "", buf);

	/* The pending connection: held by no descriptor yet. */
	snprintf(buf2, sizeof(buf2), "-> [%ld %d]", (long)child, c2);
	r = find_orphan(rows, n, buf2);
	snprintf(buf, sizeof(buf), "%s pending connection (orphan)", tag);
	if (ok(r != NULL, buf)) {
		is_str(r->f[0], "??", "orphan: USER ??");
		is_str(r->f[1], "??", "orphan: COMMAND ??");
		is_str(r->f[3], "??", "orphan: FD ??");
		is_str(r->f[4], "stream", "orphan: PROTO");
		is_str(r->f[5], SPATH, "orphan: LOCAL is the listener's path");
	}
	ok(strstr(co.out, "0xffff") == NULL, "no kernel address in output");
	free(rows);
	cmdout_free(&co);
}

/* Fixed widths (no -w): FreeBSD's header and the 10-column command. */
static void
test_fixed(void)
{
	char *argv[] = { SOCKSTAT, NULL };
	char *argq[] = { SOCKSTAT, "-q", "-w", NULL };
	char *argn[] = { SOCKSTAT, "-n", "-w", NULL };
	char *argl[] = { SOCKSTAT, "-l", "-w", NULL };
	char *argc[] = { SOCKSTAT, "-c", "-w", NULL };
	char *argP[] = { SOCKSTAT, "-P", "dgram", "-w", NULL };
	char want[128];
	struct cmdout co;
	struct trow *rows;
	int n, i, all;
	char *nl;

	is_int(run_cmd(argv, -1, &co), 0, "sockstat exits 0");
	nl = strchr(co.out, '\n');
	if (nl != NULL)
		*nl = '\0';
	is_str(co.out, "USER     COMMAND    PID   FD PROTO  LOCAL ADDRESS"
	    "         FOREIGN ADDRESS", "fixed header, FreeBSD's widths");
	if (nl != NULL)
		*nl = '\n';
	/* The row of our listener, byte for byte. */
	snprintf(want, sizeof(want), "\nroot     t_sockstat %-5ld %-2d "
	    "stream %-21s \n", (long)me, lfd, SPATH);
	ok(strstr(co.out, want) != NULL, "fixed row of the listener");
	cmdout_free(&co);

	is_int(run_cmd(argq, -1, &co), 0, "sockstat -q exits 0");
	ok(strncmp(co.out, "USER", 4) != 0, "-q: no header");
	cmdout_free(&co);

	run_cmd(argn, -1, &co);
	header_cols(co.out);
	n = parse_rows(co.out, &rows);
	ok(find_row(rows, n, me, lfd) != NULL &&
	    strcmp(find_row(rows, n, me, lfd)->f[0], "0") == 0,
	    "-n: numeric user");
	free(rows);
	cmdout_free(&co);

	run_cmd(argl, -1, &co);
	header_cols(co.out);
	n = parse_rows(co.out, &rows);
	ok(find_row(rows, n, me, lfd) != NULL, "-l: listener shown");
	ok(find_row(rows, n, me, afd) == NULL, "-l: accepted not shown");
	ok(find_row(rows, n, me, sp[0]) == NULL, "-l: socketpair not shown");
	free(rows);
	cmdout_free(&co);

	run_cmd(argc, -1, &co);
	header_cols(co.out);
	n = parse_rows(co.out, &rows);
	ok(find_row(rows, n, me, lfd) == NULL, "-c: listener not shown");
	ok(find_row(rows, n, me, lone) == NULL, "-c: lone not shown");
	ok(find_row(rows, n, me, afd) != NULL, "-c: accepted shown");
	ok(find_row(rows, n, me, dsrv) != NULL,
	    "-c: dgram server with clients shown");
	free(rows);
	cmdout_free(&co);

	run_cmd(argP, -1, &co);
	header_cols(co.out);
	n = parse_rows(co.out, &rows);
	all = n > 0;
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].f[4], "dgram") != 0)
			all = 0;
	ok(all, "-P dgram: only dgram rows");
	ok(find_row(rows, n, child, cd) != NULL, "-P dgram: client shown");
	free(rows);
	cmdout_free(&co);
}

static void
test_bad_args(void)
{
	char *a1[] = { SOCKSTAT, "-j", "abc", NULL };
	char *a2[] = { SOCKSTAT, "-r", "0", NULL };
	char *a3[] = { SOCKSTAT, "-Z", NULL };
	char *a4[] = { SOCKSTAT, "-p", "70000", NULL };
	struct cmdout co;

	is_int(run_cmd(a1, -1, &co), 1, "-j abc: exit 1");
	ok(strstr(co.err, "invalid jail id: abc") != NULL,
	    "-j abc: says why");
	cmdout_free(&co);
	is_int(run_cmd(a2, -1, &co), 1, "-r 0: exit 1");
	cmdout_free(&co);
	is_int(run_cmd(a3, -1, &co), 1, "-Z: exit 1");
	ok(strstr(co.err, "usage: sockstat") != NULL, "-Z: usage");
	cmdout_free(&co);
	is_int(run_cmd(a4, -1, &co), 1, "-p 70000: exit 1");
	cmdout_free(&co);
}

/* ---- --json ------------------------------------------------------------ */

static struct jv *
json_sock(struct jv *list, long pid, int fd)
{
	struct jv *s;
	int i;

	for (i = 0; (s = json_at(list, i)) != NULL; i++)
		if (json_num(s, "pid", -1) == pid && json_num(s, "fd", -1) == fd)
			return (s);
	return (NULL);
}

static void
test_json(int uid)
{
	char *argv[] = { SOCKSTAT, "--json", NULL };
	struct jv *root, *list, *s, *f, *e;
	struct cmdout co;
	int i, found;

	is_int(run_cmd(argv, uid, &co), 0, "--json exits 0");
	root = json_parse(co.out);
	if (!ok(root != NULL, "--json parses"))
		return;
	list = json_get(json_get(root, "sockstat"), "socket");
	ok(list != NULL && list->t == J_ARR, "sockstat.socket is a list");

	s = json_sock(list, me, lfd);
	if (ok(s != NULL, "json: listener")) {
		is_str(json_s(s, "proto"), "stream", "json listener: proto");
		is_str(json_s(s, "user"), "root", "json listener: user");
		is_int(json_num(s, "uid", -1), 0, "json listener: uid");
		is_str(json_s(s, "command"), "t_sockstat",
		    "json listener: command");
		is_int(json_num(s, "listening", -1), 1,
		    "json listener: listening");
		is_str(json_s(json_get(s, "local"), "path"), SPATH,
		    "json listener: local.path");
	}
	s = json_sock(list, me, afd);
	f = json_get(json_get(s, "foreign"), "peer");
	e = json_at(f, 0);
	if (ok(e != NULL, "json accepted: foreign.peer[0]")) {
		is_int(json_num(e, "pid", -1), child, "json accepted: peer pid");
		is_int(json_num(e, "fd", -1), c1, "json accepted: peer fd");
		is_int(f->len, 1, "json accepted: one peer holder");
	}
	s = json_sock(list, child, c1);
	is_str(json_s(json_get(s, "foreign"), "path"), SPATH,
	    "json client: foreign.path");
	is_int(json_num(s, "listening", -1), 0, "json client: not listening");
	s = json_sock(list, me, dsrv);
	e = json_at(json_get(json_get(s, "foreign"), "connections"), 0);
	if (ok(e != NULL, "json dgram server: connections[0]")) {
		is_int(json_num(e, "pid", -1), child,
		    "json dgram server: connection pid");
		is_int(json_num(e, "fd", -1), cd,
		    "json dgram server: connection fd");
	}
	s = json_sock(list, me, lone);
	ok(s != NULL && json_get(s, "local") != NULL &&
	    json_get(s, "local")->len == 0, "json lone: local is {}");
	/* The orphan has no pid, and faces c2. */
	found = 0;
	for (i = 0; (s = json_at(list, i)) != NULL; i++) {
		e = json_at(json_get(json_get(s, "foreign"), "peer"), 0);
		if (json_get(s, "pid") == NULL && e != NULL &&
		    json_num(e, "pid", -1) == child &&
		    json_num(e, "fd", -1) == c2)
			found++;
	}
	is_int(found, 1, "json: the pending connection, once, no pid");
	cmdout_free(&co);
}

/* ---- Internet sockets ---------------------------------------------------- */

static int ub, uw, un, ca, cb, rs;	/* bound, wildcard, unbound, pair, raw */
static unsigned pb, pw, pca, pcb;	/* their ports */

static unsigned
port_of(int s)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(s, (struct sockaddr *)&sin, &len) < 0)
		return (0);
	return (ntohs(sin.sin_port));
}

static int
udp_bind(uint32_t addr, unsigned port)
{
	struct sockaddr_in sin;
	int s;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons(port);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return (-1);
	return (s);
}

static int
udp_connect(int s, unsigned port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	return (connect(s, (struct sockaddr *)&sin, sizeof(sin)));
}

static int
inet_setup(void)
{
	uint32_t lo = htonl(INADDR_LOOPBACK);

	if ((ub = udp_bind(lo, 0)) < 0 || (ca = udp_bind(lo, 0)) < 0 ||
	    (cb = udp_bind(lo, 0)) < 0 || (uw = udp_bind(INADDR_ANY, 0)) < 0 ||
	    (un = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    (rs = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0)
		return (-1);
	/* Not inherited by the sockstat we run: our rows alone. */
	if (fcntl(ub, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(uw, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(un, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(ca, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(cb, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(rs, F_SETFD, FD_CLOEXEC) < 0)
		return (-1);
	pb = port_of(ub);
	pw = port_of(uw);
	pca = port_of(ca);
	pcb = port_of(cb);
	if (udp_connect(ca, pcb) < 0 || udp_connect(cb, pca) < 0)
		return (-1);
	/* One datagram waits on cb. */
	if (send(ca, "x", 1, 0) != 1)
		return (-1);
	return (pb && pw && pca && pcb ? 0 : -1);
}

/* Run sockstat -w with args, parse its rows. */
static int
run_rows(char **argv, struct trow **rowsp, struct cmdout *co)
{
	int rc = run_cmd(argv, -1, co);

	*rowsp = NULL;
	if (rc != 0 || header_cols(co->out) < 0)
		return (-1);
	return (parse_rows(co->out, rowsp));
}

static int
only_proto(struct trow *rows, int n, const char *p1, const char *p2)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].f[4], p1) != 0 &&
		    (p2 == NULL || strcmp(rows[i].f[4], p2) != 0))
			return (0);
	return (n > 0);
}

static void
test_inet(void)
{
	char *a4[] = { SOCKSTAT, "-4w", NULL };
	char *aall[] = { SOCKSTAT, "-w", NULL };
	char *ac[] = { SOCKSTAT, "-4cw", NULL };
	char *al[] = { SOCKSTAT, "-4lw", NULL };
	char *aL[] = { SOCKSTAT, "-4Lw", NULL };
	char *aPu[] = { SOCKSTAT, "-4w", "-P", "udp", NULL };
	char *aPr[] = { SOCKSTAT, "-4w", "-P", "raw", NULL };
	char *aj[] = { SOCKSTAT, "-4", "--json", NULL };
	char pbs[16], pcas[16], *ap1[] = { SOCKSTAT, "-4w", "-p", pbs, NULL };
	char *ap2[] = { SOCKSTAT, "-4w", "-p", pcas, NULL };
	char l[64], f[64];
	struct trow *rows;
	struct cmdout co;
	struct jv *root, *list, *s;
	int n, i, bad;

	snprintf(pbs, sizeof(pbs), "%u", pb);
	snprintf(pcas, sizeof(pcas), "%u", pca);

	n = run_rows(a4, &rows, &co);
	ok(n >= 6, "-4: rows");
	ok(only_proto(rows, n, "udp4", "icmp4"), "-4: Internet sockets only");
	snprintf(l, sizeof(l), "127.0.0.1:%u", pb);
	check_row(find_row(rows, n, me, ub), "root", "udp4", l, "*:*",
	    "-4 bound");
	snprintf(l, sizeof(l), "127.0.0.1:%u", pca);
	snprintf(f, sizeof(f), "127.0.0.1:%u", pcb);
	check_row(find_row(rows, n, me, ca), "root", "udp4", l, f,
	    "-4 connected");
	check_row(find_row(rows, n, me, cb), "root", "udp4", f, l,
	    "-4 connected peer");
	snprintf(l, sizeof(l), "*:%u", pw);
	check_row(find_row(rows, n, me, uw), "root", "udp4", l, "*:*",
	    "-4 wildcard");
	check_row(find_row(rows, n, me, un), "root", "udp4", "*:*", "*:*",
	    "-4 unbound");
	check_row(find_row(rows, n, me, rs), "root", "icmp4", "*:*", "*:*",
	    "-4 raw icmp");
	free(rows);
	cmdout_free(&co);

	n = run_rows(aall, &rows, &co);
	ok(find_row(rows, n, me, ub) != NULL && find_row(rows, n, me, lfd) !=
	    NULL, "no family given: Internet and Unix rows");
	free(rows);
	cmdout_free(&co);

	n = run_rows(ap1, &rows, &co);
	snprintf(l, sizeof(l), ":%u", pb);
	for (i = 0, bad = 0; i < n; i++)
		if (strstr(rows[i].f[5], l) == NULL &&
		    strstr(rows[i].f[6], l) == NULL)
			bad++;
	if (!ok(n == 1 && bad == 0 && find_row(rows, n, me, ub) != NULL,
	    "-p port: the bound socket alone"))
		printf("# n %d bad %d\n# %s\n# %s\n", n, bad, co.out, co.err);
	free(rows);
	cmdout_free(&co);
	n = run_rows(ap2, &rows, &co);
	if (!ok(n == 2 && find_row(rows, n, me, ca) != NULL &&
	    find_row(rows, n, me, cb) != NULL,
	    "-p port: local or foreign port matches"))
		printf("# n %d\n# %s\n# %s\n", n, co.out, co.err);
	free(rows);
	cmdout_free(&co);

	n = run_rows(aPu, &rows, &co);
	ok(only_proto(rows, n, "udp4", NULL) &&
	    find_row(rows, n, me, ub) != NULL, "-P udp: udp4 rows only");
	free(rows);
	cmdout_free(&co);
	n = run_rows(aPr, &rows, &co);
	ok(only_proto(rows, n, "icmp4", "ip4") &&
	    find_row(rows, n, me, rs) != NULL, "-P raw: raw rows only");
	free(rows);
	cmdout_free(&co);

	n = run_rows(ac, &rows, &co);
	ok(find_row(rows, n, me, ca) != NULL &&
	    find_row(rows, n, me, cb) != NULL &&
	    find_row(rows, n, me, ub) == NULL &&
	    find_row(rows, n, me, uw) == NULL &&
	    find_row(rows, n, me, un) == NULL, "-c: the connected pair only");
	free(rows);
	cmdout_free(&co);
	n = run_rows(al, &rows, &co);
	ok(find_row(rows, n, me, ub) != NULL &&
	    find_row(rows, n, me, uw) != NULL &&
	    find_row(rows, n, me, ca) == NULL &&
	    find_row(rows, n, me, un) == NULL,
	    "-l: bound, unconnected sockets only");
	free(rows);
	cmdout_free(&co);
	n = run_rows(aL, &rows, &co);
	ok(find_row(rows, n, me, uw) != NULL &&
	    find_row(rows, n, me, ub) == NULL &&
	    find_row(rows, n, me, ca) == NULL,
	    "-L: loopback sockets hidden");
	free(rows);
	cmdout_free(&co);

	is_int(run_cmd(aj, -1, &co), 0, "-4 --json exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "sockstat"), "socket");
	s = json_sock(list, me, ub);
	if (ok(s != NULL, "json: bound udp socket")) {
		is_str(json_s(s, "proto"), "udp4", "json bound: proto");
		is_str(json_s(json_get(s, "local"), "address"), "127.0.0.1",
		    "json bound: local.address");
		is_str(json_s(json_get(s, "local"), "port"), pbs,
		    "json bound: local.port");
		is_str(json_s(json_get(s, "foreign"), "address"), "*",
		    "json bound: foreign.address");
		is_int(json_num(s, "connected", -1), 0,
		    "json bound: not connected");
		is_int(json_num(s, "receive-bytes-waiting", -1), 0,
		    "json bound: nothing waiting");
	}
	s = json_sock(list, me, cb);
	if (ok(s != NULL, "json: connected udp socket")) {
		is_str(json_s(json_get(s, "foreign"), "port"), pcas,
		    "json connected: foreign.port");
		is_int(json_num(s, "connected", -1), 1,
		    "json connected: connected");
		ok(json_num(s, "receive-bytes-waiting", -1) >= 1,
		    "json connected: the datagram waits");
	}
	ok(json_sock(list, me, lfd) == NULL, "json -4: no Unix sockets");
	cmdout_free(&co);
	close(ub);
	close(uw);
	close(un);
	close(ca);
	close(cb);
	close(rs);
}

/* ---- The records themselves -------------------------------------------- */

static void *
read_list(const char *name, size_t *lenp)
{
	size_t len;
	void *buf;

	if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
		return (NULL);
	len += 4096;
	if ((buf = malloc(len)) == NULL)
		return (NULL);
	if (sysctlbyname(name, buf, &len, NULL, 0) < 0) {
		free(buf);
		return (NULL);
	}
	*lenp = len;
	return (buf);
}

/* What an unprivileged child saw, sent back through a pipe. */
struct unpriv_view {
	int	files, socks;		/* records read */
	int	kaddr;			/* records with an address-like id */
	int	nonzero_hidden;		/* xf_file/xf_vnode/so_pcb not 0 */
	int	joined;			/* our listener's xf_data found as
					   an xso_so */
};

static void
look(struct unpriv_view *v)
{
	struct xfilegen *g;
	struct xunpgen *ug;
	struct xfile *xf;
	struct xunpcb *xu;
	size_t flen, ulen, i, j, nf, nu;
	char *fb, *ub;

	memset(v, 0, sizeof(*v));
	fb = read_list("kern.file", &flen);
	ub = read_list("net.local.stream.pcblist", &ulen);
	if (fb == NULL || ub == NULL)
		return;
	g = (struct xfilegen *)fb;
	ug = (struct xunpgen *)ub;
	nf = (flen - 2 * sizeof(*g)) / sizeof(*xf);
	nu = (ulen - 2 * sizeof(*ug)) / sizeof(*xu);
	xf = (struct xfile *)(g + 1);
	xu = (struct xunpcb *)(ug + 1);
	v->files = (int)nf;
	v->socks = (int)nu;
	for (i = 0; i < nf; i++) {
		if (xf[i].xf_file != 0 || xf[i].xf_vnode != 0)
			v->nonzero_hidden++;
		if (xf[i].xf_data >= (1ULL << 32))
			v->kaddr++;
		if (xf[i].xf_pid == me && xf[i].xf_fd == lfd)
			for (j = 0; j < nu; j++)
				if (xu[j].xu_socket.xso_so == xf[i].xf_data &&
				    xf[i].xf_data != 0)
					v->joined = 1;
	}
	for (j = 0; j < nu; j++) {
		if (xu[j].xu_socket.so_pcb != 0)
			v->nonzero_hidden++;
		if (xu[j].xu_socket.xso_so >= (1ULL << 32) ||
		    xu[j].xu_unpp >= (1ULL << 32) ||
		    xu[j].unp_conn >= (1ULL << 32))
			v->kaddr++;
	}
	free(fb);
	free(ub);
}

static void
test_records(void)
{
	struct unpriv_view v;
	struct xfilegen *hd, *tr;
	struct xfile *xf;
	struct xunpgen *uh;
	struct xunpcb *xu;
	size_t len, n, i;
	int p[2], st, found, x = 1, tries;
	char *buf, small[16];
	pid_t pid;

	is_int(sizeof(struct xfile), 128, "struct xfile is 128 bytes");
	is_int(sizeof(struct xfilegen), 24, "struct xfilegen is 24 bytes");

	/* Read until header and trailer agree (the protocol). */
	buf = NULL;
	for (tries = 0; tries < 5; tries++) {
		free(buf);
		buf = read_list("kern.file", &len);
		if (buf == NULL || len < 2 * sizeof(*hd))
			break;
		hd = (struct xfilegen *)buf;
		tr = (struct xfilegen *)(buf + len - sizeof(*tr));
		if (hd->xfg_gen == tr->xfg_gen)
			break;
	}
	if (!ok(buf != NULL && len >= 2 * sizeof(*hd), "kern.file reads"))
		return;
	hd = (struct xfilegen *)buf;
	tr = (struct xfilegen *)(buf + len - sizeof(*tr));
	is_int(hd->xfg_len, sizeof(*hd), "kern.file header length");
	is_int(tr->xfg_len, sizeof(*tr), "kern.file trailer length");
	ok(hd->xfg_gen == tr->xfg_gen, "kern.file generations agree");
	n = (len - 2 * sizeof(*hd)) / sizeof(*xf);
	is_int((len - 2 * sizeof(*hd)) % sizeof(*xf), 0,
	    "kern.file: whole records");
	is_int(tr->xfg_count, n, "kern.file trailer count = records");
	xf = (struct xfile *)(hd + 1);
	found = 0;
	for (i = 0; i < n; i++) {
		if (xf[i].xf_size != sizeof(*xf) ||
		    xf[i].xf_version != XFILE_VERSION)
			break;
		if (xf[i].xf_pid == me && xf[i].xf_fd == lfd) {
			found++;
			is_int(xf[i].xf_type, DTYPE_SOCKET, "listener xf_type");
			is_str(xf[i].xf_comm, "t_sockstat", "listener xf_comm");
			is_int(xf[i].xf_uid, 0, "listener xf_uid");
			is_int(xf[i].xf_flag & 3, 3, "listener FREAD|FWRITE");
			ok(xf[i].xf_file != 0, "root sees xf_file");
		}
	}
	is_int(i, n, "every record has xf_size and xf_version");
	is_int(found, 1, "listener descriptor listed once");
	free(buf);

	buf = read_list("net.local.stream.pcblist", &len);
	if (ok(buf != NULL, "stream pcblist reads")) {
		uh = (struct xunpgen *)buf;
		xu = (struct xunpcb *)(uh + 1);
		n = (len - 2 * sizeof(*uh)) / sizeof(*xu);
		found = 0;
		for (i = 0; i < n; i++) {
			if (strcmp(xu[i].xu_addr.sun_path, SPATH) != 0 ||
			    !(xu[i].xu_socket.so_options & SO_ACCEPTCONN))
				continue;
			found++;
			is_int(xu[i].xu_len, sizeof(*xu), "listener xu_len");
			is_int(xu[i].xu_socket.so_qlen, 1,
			    "listener: one connection waiting");
			is_int(xu[i].xu_socket.so_qlimit, 5,
			    "listener: backlog 5");
			ok(xu[i].xu_socket.xso_so >= (1ULL << 32),
			    "root sees the socket's address");
		}
		is_int(found, 1, "listener in the stream pcblist once");
		free(buf);
	}

	/* Errors. */
	errno = 0;
	ok(sysctlbyname("kern.file", NULL, NULL, &x, sizeof(x)) < 0 &&
	    errno == EPERM, "kern.file is read-only (EPERM)");
	len = sizeof(small);
	errno = 0;
	ok(sysctlbyname("kern.file", small, &len, NULL, 0) < 0 &&
	    errno == ENOMEM, "kern.file: short buffer is ENOMEM");
	len = 1 << 16;
	errno = 0;
	ok(sysctlbyname("kern.file", (void *)8, &len, NULL, 0) < 0 &&
	    errno == EFAULT, "kern.file: bad pointer is EFAULT");
	len = 1 << 16;
	errno = 0;
	ok(sysctlbyname("net.local.stream.pcblist", (void *)8, &len, NULL,
	    0) < 0 && errno == EFAULT, "pcblist: bad pointer is EFAULT");

	/* As an unprivileged user: ids, never addresses. */
	if (pipe(p) < 0 || (pid = fork()) < 0) {
		ok(0, "fork");
		return;
	}
	if (pid == 0) {
		close(p[0]);
		if (setgid(UNPRIV) < 0 || setuid(UNPRIV) < 0)
			_exit(1);
		look(&v);
		write(p[1], &v, sizeof(v));
		_exit(0);
	}
	close(p[1]);
	memset(&v, 0, sizeof(v));
	is_int(read(p[0], &v, sizeof(v)), sizeof(v), "unprivileged view");
	close(p[0]);
	waitpid(pid, &st, 0);
	ok(v.files > 0 && v.socks > 0, "unprivileged: lists not empty");
	is_int(v.kaddr, 0, "unprivileged: no kernel addresses");
	is_int(v.nonzero_hidden, 0, "unprivileged: file/vnode/pcb ids are 0");
	is_int(v.joined, 1, "unprivileged: xf_data joins xso_so");
}

/*
 * TCP rows: a listener, a client and the accepted end, with -P tcp, -l
 * (listening), -c (connected) and --json's tcp-state.  Closed with RSTs
 * so no TIME_WAIT outlives the test.
 */
static void
test_tcp(void)
{
	char *aP[] = { SOCKSTAT, "-4w", "-P", "tcp", NULL };
	char *al[] = { SOCKSTAT, "-4lw", "-P", "tcp", NULL };
	char *ac[] = { SOCKSTAT, "-4cw", "-P", "tcp", NULL };
	char *aj[] = { SOCKSTAT, "-4", "--json", NULL };
	struct linger lg = { 1, 0 };
	struct sockaddr_in sin;
	struct trow *rows;
	struct cmdout co;
	struct jv *root, *list, *s;
	char l[64], f[64];
	int tl, tc, ta, n;
	unsigned pl, pc;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	tl = socket(AF_INET, SOCK_STREAM, 0);
	if (!ok(tl >= 0 && bind(tl, (struct sockaddr *)&sin,
	    sizeof(sin)) == 0 && listen(tl, 4) == 0, "tcp: a listener"))
		return;
	pl = port_of(tl);
	sin.sin_port = htons(pl);
	tc = socket(AF_INET, SOCK_STREAM, 0);
	ok(connect(tc, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "tcp: connect");
	ta = accept(tl, NULL, NULL);
	ok(ta >= 0, "tcp: accept");
	fcntl(tl, F_SETFD, FD_CLOEXEC);
	fcntl(tc, F_SETFD, FD_CLOEXEC);
	fcntl(ta, F_SETFD, FD_CLOEXEC);
	pc = port_of(tc);

	n = run_rows(aP, &rows, &co);
	ok(only_proto(rows, n, "tcp4", NULL), "-P tcp: tcp4 rows only");
	snprintf(l, sizeof(l), "127.0.0.1:%u", pl);
	snprintf(f, sizeof(f), "127.0.0.1:%u", pc);
	check_row(find_row(rows, n, me, tl), "root", "tcp4", l, "*:*",
	    "tcp listener");
	check_row(find_row(rows, n, me, tc), "root", "tcp4", f, l,
	    "tcp client");
	check_row(find_row(rows, n, me, ta), "root", "tcp4", l, f,
	    "tcp accepted");
	free(rows);
	cmdout_free(&co);

	n = run_rows(al, &rows, &co);
	ok(find_row(rows, n, me, tl) != NULL &&
	    find_row(rows, n, me, tc) == NULL &&
	    find_row(rows, n, me, ta) == NULL, "-l -P tcp: the listener only");
	free(rows);
	cmdout_free(&co);
	n = run_rows(ac, &rows, &co);
	ok(find_row(rows, n, me, tl) == NULL &&
	    find_row(rows, n, me, tc) != NULL &&
	    find_row(rows, n, me, ta) != NULL,
	    "-c -P tcp: the connection's two ends only");
	free(rows);
	cmdout_free(&co);

	is_int(run_cmd(aj, -1, &co), 0, "tcp: --json exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "sockstat"), "socket");
	s = json_sock(list, me, tc);
	if (ok(s != NULL, "json: tcp client")) {
		is_str(json_s(s, "proto"), "tcp4", "json tcp: proto");
		is_str(json_s(s, "tcp-state"), "ESTABLISHED",
		    "json tcp: ESTABLISHED");
		is_int(json_num(s, "connected", -1), 1,
		    "json tcp: connected");
	}
	s = json_sock(list, me, tl);
	if (ok(s != NULL, "json: tcp listener")) {
		is_str(json_s(s, "tcp-state"), "LISTEN", "json tcp: LISTEN");
		is_int(json_num(s, "listening", -1), 1,
		    "json tcp: listening");
	}
	cmdout_free(&co);
	setsockopt(tc, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(ta, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(tc);
	close(ta);
	close(tl);
}

/* ---- Jails ------------------------------------------------------------ */

/* What the jailed child made and saw, sent back through a pipe. */
struct jail_view {
	int	jid;			/* jail(2)'s result, -1 on failure */
	int	ju, js0, js1;		/* its UDP socket and socketpair */
	int	port;			/* ju's port */
	int	udp, udp_own;		/* net.inet.udp.pcblist records; ju's */
	int	raw, tcp;		/* net.inet.{raw,tcp}.pcblist records */
	int	stream;			/* net.local.stream.pcblist records */
	int	ss4_rows, ss4_own;	/* sockstat -4 in the jail: rows; ju's */
	int	ss_rows;		/* sockstat (every family) rows */
};

/* The records of a pcblist (header count), or -1. */
static int
list_count(const char *name, size_t recsize, char **bufp)
{
	struct xinpgen *g;
	size_t len;
	char *buf;

	*bufp = NULL;
	if ((buf = read_list(name, &len)) == NULL || len < 2 * sizeof(*g))
		return (-1);
	g = (struct xinpgen *)buf;
	if (len != 2 * sizeof(*g) + g->xig_count * recsize) {
		free(buf);
		return (-1);
	}
	*bufp = buf;
	return ((int)g->xig_count);
}

static void
jail_child(int tell, int go)
{
	char *ss4[] = { SOCKSTAT, "-4w", NULL };
	char *ss[] = { SOCKSTAT, "-w", NULL };
	struct jail_view v;
	struct jail j;
	struct xinpcb *xi;
	struct trow *rows;
	struct cmdout co;
	char *buf, l[64];
	int fd, i, sv[2];

	/* Hold nothing of the host's: only what is made in the jail. */
	for (fd = 3; fd < 256; fd++)
		if (fd != tell && fd != go)
			close(fd);
	memset(&v, 0, sizeof(v));
	memset(&j, 0, sizeof(j));
	j.version = 2;
	j.path = "/";
	j.hostname = "sockjail";
	v.jid = jail(&j);
	v.ju = udp_bind(htonl(INADDR_LOOPBACK), 0);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		v.js0 = sv[0];
		v.js1 = sv[1];
	}
	if (v.jid < 0 || v.ju < 0 || fcntl(v.ju, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(v.js0, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(v.js1, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(tell, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(go, F_SETFD, FD_CLOEXEC) < 0) {
		v.jid = -1;
		write(tell, &v, sizeof(v));
		_exit(1);
	}
	v.port = port_of(v.ju);

	/* The lists as a jailed reader gets them. */
	v.udp = list_count("net.inet.udp.pcblist", sizeof(*xi), &buf);
	xi = buf != NULL ? (struct xinpcb *)(buf + sizeof(struct xinpgen)) :
	    NULL;
	for (i = 0; i < v.udp; i++)
		if (ntohs(xi[i].inp_lport) == v.port &&
		    xi[i].inp_laddr == htonl(INADDR_LOOPBACK))
			v.udp_own++;
	free(buf);
	v.raw = list_count("net.inet.raw.pcblist", sizeof(*xi), &buf);
	free(buf);
	v.tcp = list_count("net.inet.tcp.pcblist", sizeof(*xi), &buf);
	free(buf);
	v.stream = list_count("net.local.stream.pcblist",
	    sizeof(struct xunpcb), &buf);
	free(buf);

	/* And sockstat run in the jail. */
	v.ss4_rows = run_rows(ss4, &rows, &co);
	snprintf(l, sizeof(l), "127.0.0.1:%u", v.port);
	for (i = 0; i < v.ss4_rows; i++)
		if (strcmp(rows[i].f[2], "??") != 0 &&
		    atoi(rows[i].f[2]) == (int)getpid() &&
		    atoi(rows[i].f[3]) == v.ju &&
		    strcmp(rows[i].f[5], l) == 0)
			v.ss4_own++;
	free(rows);
	cmdout_free(&co);
	v.ss_rows = run_rows(ss, &rows, &co);
	free(rows);
	cmdout_free(&co);

	if (write(tell, &v, sizeof(v)) != sizeof(v))
		_exit(1);
	while (read(go, l, 1) > 0)
		;
	_exit(0);
}

/*
 * A jail with sockets of its own: `sockstat -j JID' shows exactly them,
 * and a reader inside the jail sees only them, in the pcblists and in
 * its own sockstat, though the host holds UDP, raw and Unix sockets of
 * its own meanwhile.
 */
static void
test_jail(void)
{
	char jids[16], *aj[] = { SOCKSTAT, "-w", "-j", jids, NULL };
	char *aj4[] = { SOCKSTAT, "-4w", "-j", jids, NULL };
	char *ahost[] = { SOCKSTAT, "-w", NULL };
	struct sockaddr_in sin;
	struct jail_view v;
	struct trow *rows, *r;
	struct cmdout co;
	char l[64];
	int tell[2], go[2], n, i, st, others, hu, hr, ht;
	pid_t kid;

	/* The host's own UDP, raw and TCP sockets, held throughout. */
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	hu = udp_bind(htonl(INADDR_LOOPBACK), 0);
	hr = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	ht = socket(AF_INET, SOCK_STREAM, 0);
	if (!ok(hu >= 0 && hr >= 0 && ht >= 0 &&
	    bind(ht, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    listen(ht, 1) == 0 && fcntl(hu, F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl(hr, F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl(ht, F_SETFD, FD_CLOEXEC) == 0,
	    "jail: the host holds UDP, raw and TCP sockets"))
		goto out;
	if (pipe(tell) < 0 || pipe(go) < 0 || (kid = fork()) < 0) {
		ok(0, "jail: fork");
		goto out;
	}
	if (kid == 0) {
		close(tell[0]);
		close(go[1]);
		jail_child(tell[1], go[0]);
	}
	close(tell[1]);
	close(go[0]);
	fcntl(go[1], F_SETFD, FD_CLOEXEC);
	memset(&v, 0, sizeof(v));
	v.jid = -1;
	if (read(tell[0], &v, sizeof(v)) != sizeof(v))
		v.jid = -1;
	close(tell[0]);
	if (!ok(v.jid > 0, "jail: a child in a jail of its own, with a UDP "
	    "socket and a socketpair")) {
		close(go[1]);
		waitpid(kid, &st, 0);
		goto out;
	}

	/* Inside: only the jail's own sockets (the host has plenty). */
	is_int(v.udp, 1, "jailed reader: net.inet.udp.pcblist holds one "
	    "record");
	is_int(v.udp_own, 1, "jailed reader: ... its own socket");
	is_int(v.raw, 0, "jailed reader: no raw sockets (the host's hidden)");
	is_int(v.tcp, 0, "jailed reader: no TCP sockets (the host's hidden)");
	is_int(v.stream, 2, "jailed reader: its socketpair alone in the "
	    "stream list");
	is_int(v.ss4_rows, 1, "sockstat -4 in the jail: one row");
	is_int(v.ss4_own, 1, "sockstat -4 in the jail: its own UDP socket");
	is_int(v.ss_rows, 3, "sockstat in the jail: its three sockets");

	/* Outside: -j picks out exactly the jail's sockets. */
	snprintf(jids, sizeof(jids), "%d", v.jid);
	n = run_rows(aj, &rows, &co);
	is_int(n, 3, "sockstat -j JID: three rows");
	for (i = others = 0; i < n; i++)
		if (atoi(rows[i].f[2]) != (int)kid)
			others++;
	is_int(others, 0, "sockstat -j JID: all the jailed child's");
	snprintf(l, sizeof(l), "127.0.0.1:%u", v.port);
	r = find_row(rows, n, kid, v.ju);
	ok(r != NULL && strcmp(r->f[4], "udp4") == 0 &&
	    strcmp(r->f[5], l) == 0, "sockstat -j JID: its UDP socket");
	r = find_row(rows, n, kid, v.js0);
	ok(r != NULL && strcmp(r->f[4], "stream") == 0,
	    "sockstat -j JID: one end of its socketpair");
	r = find_row(rows, n, kid, v.js1);
	ok(r != NULL && strcmp(r->f[4], "stream") == 0,
	    "sockstat -j JID: the other end");
	ok(find_row(rows, n, me, hu) == NULL &&
	    find_row(rows, n, me, lfd) == NULL,
	    "sockstat -j JID: none of the host's");
	free(rows);
	cmdout_free(&co);

	n = run_rows(aj4, &rows, &co);
	ok(n == 1 && find_row(rows, n, kid, v.ju) != NULL,
	    "sockstat -4 -j JID: the UDP socket alone");
	free(rows);
	cmdout_free(&co);

	n = run_rows(ahost, &rows, &co);
	ok(find_row(rows, n, kid, v.ju) != NULL &&
	    find_row(rows, n, me, hu) != NULL &&
	    find_row(rows, n, me, ht) != NULL,
	    "sockstat on the host: the jail's sockets and the host's");
	free(rows);
	cmdout_free(&co);

	close(go[1]);
	waitpid(kid, &st, 0);
	is_int(st, 0, "the jailed child exits 0");
out:
	close(hu);
	close(hr);
	close(ht);
}

int
main(void)
{
	if (!ok(setup() == 0, "set up sockets between two processes")) {
		printf("# errno %d\n", errno);
		return (done());
	}
	test_text(-1, "root");
	test_text(UNPRIV, "root");
	test_fixed();
	test_bad_args();
	test_json(-1);
	test_json(UNPRIV);
	test_records();
	if (ok(inet_setup() == 0, "set up UDP and raw sockets"))
		test_inet();
	else
		printf("# errno %d\n", errno);
	test_tcp();
	test_jail();
	teardown();
	return (done());
}
