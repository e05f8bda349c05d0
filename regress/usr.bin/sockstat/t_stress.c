/*
 * The generation protocol under churn.  Two children create and destroy
 * Unix-domain sockets (socketpairs, bound datagram sockets, connected
 * streams) as fast as they can while this process reads kern.file and
 * net.local.stream.pcblist over and over, and runs sockstat.  Every
 * snapshot whose header and trailer generations agree must be
 * self-consistent: whole records, the trailer's count, no descriptor
 * twice, our own sockets exactly once, and every stream connection
 * mutual (A's peer is B and B's peer is A).  A snapshot whose
 * generations differ is what the protocol exists to reveal; we count
 * those and retry, as the tools do.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "runcmd.h"

#define ROUNDS		30		/* churn bursts */
#define BURST		40		/* churn iterations per burst */
#define NCHURN		2

static int sp[2];
static pid_t me;

/*
 * A churner makes BURST rounds of sockets each time it is given a byte
 * on `go', then reports a byte on `idle' and waits: so the reader knows
 * when the system is quiet, and a read then must be consistent.
 */
static void
churn(int id, int go, int idle)
{
	struct sockaddr_un sun;
	int a[2], d, s, k;
	char c;

	memset(&sun, 0, sizeof(sun));
	sun.sun_len = sizeof(sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/t_stress.%d.%d",
	    (int)getpid(), id);
	while (read(go, &c, 1) == 1) {
	    for (k = 0; k < BURST; k++) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) == 0) {
			close(a[0]);
			close(a[1]);
		}
		if ((d = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0) {
			unlink(sun.sun_path);
			if (bind(d, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
			    (s = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0) {
				connect(s, (struct sockaddr *)&sun,
				    sizeof(sun));
				close(s);
			}
			close(d);
			unlink(sun.sun_path);
		}
	    }
	    if (write(idle, "i", 1) != 1)
		    break;
	}
	_exit(0);
}

static void *
read_list(const char *name, size_t *lenp)
{
	size_t len;
	void *buf;
	int i;

	for (i = 0; i < 8; i++) {
		if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
			return (NULL);
		if ((buf = malloc(len)) == NULL)
			return (NULL);
		if (sysctlbyname(name, buf, &len, NULL, 0) == 0) {
			*lenp = len;
			return (buf);
		}
		free(buf);
		if (errno != ENOMEM)
			return (NULL);
	}
	return (NULL);
}

struct tally {
	int	reads, consistent, retries, bad_frame, dup, ours_wrong;
	int	not_mutual, unreadable;
	int	quiet, quiet_consistent;	/* reads with churn stopped */
};

static int
check_files(struct tally *t)
{
	struct xfilegen *hd, *tr;
	struct xfile *xf;
	size_t len, n, i, j;
	int seen0, seen1;
	char *buf;

	if ((buf = read_list("kern.file", &len)) == NULL) {
		t->unreadable++;
		return (0);
	}
	t->reads++;
	hd = (struct xfilegen *)buf;
	tr = (struct xfilegen *)(buf + len - sizeof(*tr));
	if (len < 2 * sizeof(*hd) || (len - 2 * sizeof(*hd)) % sizeof(*xf)) {
		t->bad_frame++;
		free(buf);
		return (0);
	}
	if (hd->xfg_gen != tr->xfg_gen) {
		t->retries++;
		free(buf);
		return (0);
	}
	t->consistent++;
	n = (len - 2 * sizeof(*hd)) / sizeof(*xf);
	xf = (struct xfile *)(hd + 1);
	if (tr->xfg_count != n || hd->xfg_len != sizeof(*hd) ||
	    tr->xfg_len != sizeof(*tr))
		t->bad_frame++;
	seen0 = seen1 = 0;
	for (i = 0; i < n; i++) {
		if (xf[i].xf_size != sizeof(*xf))
			t->bad_frame++;
		for (j = i + 1; j < n; j++)
			if (xf[i].xf_pid == xf[j].xf_pid &&
			    xf[i].xf_fd == xf[j].xf_fd)
				t->dup++;
		if (xf[i].xf_pid == me && xf[i].xf_fd == sp[0])
			seen0 += xf[i].xf_type == DTYPE_SOCKET;
		if (xf[i].xf_pid == me && xf[i].xf_fd == sp[1])
			seen1 += xf[i].xf_type == DTYPE_SOCKET;
	}
	if (seen0 != 1 || seen1 != 1)
		t->ours_wrong++;
	free(buf);
	return (1);
}

static int
check_pcbs(struct tally *t)
{
	struct xunpgen *hd, *tr;
	struct xunpcb *xu;
	size_t len, n, i, j;
	char *buf;
	int peer;

	if ((buf = read_list("net.local.stream.pcblist", &len)) == NULL) {
		t->unreadable++;
		return (0);
	}
	t->reads++;
	hd = (struct xunpgen *)buf;
	tr = (struct xunpgen *)(buf + len - sizeof(*tr));
	if (len < 2 * sizeof(*hd) || (len - 2 * sizeof(*hd)) % sizeof(*xu)) {
		t->bad_frame++;
		free(buf);
		return (0);
	}
	if (hd->xug_gen != tr->xug_gen) {
		t->retries++;
		free(buf);
		return (0);
	}
	t->consistent++;
	n = (len - 2 * sizeof(*hd)) / sizeof(*xu);
	xu = (struct xunpcb *)(hd + 1);
	if (tr->xug_count != n || hd->xug_count != n)
		t->bad_frame++;
	for (i = 0; i < n; i++) {
		if (xu[i].xu_len != sizeof(*xu))
			t->bad_frame++;
		peer = -1;
		for (j = 0; j < n; j++) {
			if (j != i && xu[j].xu_unpp == xu[i].xu_unpp)
				t->dup++;
			if (xu[j].xu_unpp == xu[i].unp_conn)
				peer = (int)j;
		}
		if (xu[i].unp_conn != 0 &&
		    (peer < 0 || xu[peer].unp_conn != xu[i].xu_unpp))
			t->not_mutual++;
	}
	free(buf);
	return (1);
}

/* A sockstat row (USER COMMAND PID FD ...) for pid and fd. */
static int
has_row(const char *out, long pid, int fd)
{
	const char *p;
	long rpid;
	int rfd;

	for (p = out; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (sscanf(p, "%*s %*s %ld %d", &rpid, &rfd) == 2 &&
		    rpid == pid && rfd == fd)
			return (1);
	}
	return (0);
}

int
main(void)
{
	char *argv[] = { "/usr/bin/sockstat", "-w", NULL };
	char c;
	struct tally f, u;
	struct cmdout co;
	pid_t kids[NCHURN];
	int go[NCHURN][2], idle[2];
	int i, k, st, tool_ok = 0, tool_runs = 0, sync_ok = 1;

	me = getpid();
	memset(&f, 0, sizeof(f));
	memset(&u, 0, sizeof(u));
	if (!ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0, "socketpair") ||
	    !ok(pipe(idle) == 0, "pipe"))
		return (done());
	for (i = 0; i < NCHURN; i++) {
		if (pipe(go[i]) < 0 || (kids[i] = fork()) < 0) {
			ok(0, "fork");
			return (done());
		}
		if (kids[i] == 0) {
			/* Only our own go pipe, or the others never see
			   their EOF. */
			for (k = 0; k <= i; k++)
				close(go[k][1]);
			close(idle[0]);
			churn(i, go[i][0], idle[1]);
		}
		close(go[i][0]);
	}
	close(idle[1]);
	for (i = 0; i < ROUNDS; i++) {
		/* Churn, reading all the while. */
		for (k = 0; k < NCHURN; k++)
			if (write(go[k][1], "g", 1) != 1)
				sync_ok = 0;
		check_files(&f);
		check_pcbs(&u);
		if (i % 8 == 0) {
			tool_runs++;
			if (run_cmd(argv, -1, &co) == 0 &&
			    has_row(co.out, me, sp[0]))
				tool_ok++;
			cmdout_free(&co);
		}
		/* Quiet: a read now must come out consistent. */
		for (k = 0; k < NCHURN; k++)
			if (read(idle[0], &c, 1) != 1)
				sync_ok = 0;
		f.quiet++;
		f.quiet_consistent += check_files(&f);
		u.quiet++;
		u.quiet_consistent += check_pcbs(&u);
	}
	for (i = 0; i < NCHURN; i++) {
		close(go[i][1]);
		waitpid(kids[i], &st, 0);
	}
	printf("# kern.file: %d reads, %d consistent, %d generation "
	    "mismatches\n", f.reads, f.consistent, f.retries);
	printf("# stream pcblist: %d reads, %d consistent, %d mismatches\n",
	    u.reads, u.consistent, u.retries);
	ok(sync_ok, "churners ran every burst");
	is_int(f.unreadable + u.unreadable, 0, "every read succeeded");
	is_int(f.reads, 2 * ROUNDS, "kern.file read twice a round");
	is_int(f.quiet_consistent, ROUNDS,
	    "kern.file: quiet snapshots all consistent");
	is_int(f.bad_frame, 0, "kern.file: framing always whole");
	is_int(f.dup, 0, "kern.file: no descriptor twice");
	is_int(f.ours_wrong, 0, "kern.file: our sockets exactly once");
	is_int(u.consistent, 2 * ROUNDS,
	    "pcblist: every snapshot consistent (taken whole)");
	is_int(u.bad_frame, 0, "pcblist: framing and counts");
	is_int(u.dup, 0, "pcblist: no pcb twice");
	is_int(u.not_mutual, 0, "pcblist: every connection mutual");
	is_int(tool_ok, tool_runs, "sockstat under churn shows our socket");
	close(sp[0]);
	close(sp[1]);
	return (done());
}
