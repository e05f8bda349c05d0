/*
 * The generation protocol under churn.  Two children create and destroy
 * Unix-domain sockets, UDP sockets, TCP connections over lo0 and POSIX
 * message queues as fast as they can while this process reads kern.file,
 * net.local.stream.pcblist, net.inet.tcp.pcblist, net.inet.udp.pcblist
 * and kern.mqueue.queues over and over, and runs sockstat and ipcs -P.
 *
 * Every read must be whole: framing, every record's length, and header
 * and trailer both counting exactly the records that came.  A read whose
 * header and trailer generations agree must be self-consistent: no
 * object twice, our own objects (a socketpair, a TCP listener, a bound
 * UDP socket, a queue, and their descriptors) exactly once, every stream
 * connection mutual (our socketpair's ends each other's peers), and the
 * same set of objects as any earlier read of the same generation.  The
 * pcblists and the queue list are taken whole, so for them header and
 * trailer always agree; kern.file is walked process by process and may
 * disagree, which the test counts (and retries, as the tools do).  Under
 * churn the generation of every list must be seen to move from one read
 * to the next: a kernel that never bumps a generation fails here, as it
 * does the same-generation-same-set check.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <sys/mqueue.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <netinet/tcp_fsm.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "runcmd.h"

#define ROUNDS		16		/* churn bursts */
#define BURST		12		/* churn iterations per burst */
#define NCHURN		2
#define MAXPASSES	40		/* reads of every list per burst */

static int sp[2], tl, tu;		/* ours: socketpair, TCP, UDP */
static mqd_t mq;
static char mqname[64];
static uint16_t tlport, tuport;		/* network order */
static uint64_t sp_pcb[2];		/* our socketpair's xu_unpp */
static pid_t me;

/* ---- The churners --------------------------------------------------- */

static void
lo_sin(struct sockaddr_in *sin, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = port;
}

/* A TCP socket listening on 127.0.0.1 (any port); its port in *portp. */
static int
tcp_listener(uint16_t *portp)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int s;

	lo_sin(&sin, 0);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(s, 8) < 0 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) < 0)
		return (-1);
	*portp = sin.sin_port;
	return (s);
}

/* Close with a reset: no TIME_WAIT pcbs left behind by the churn. */
static void
close_rst(int s)
{
	struct linger lg = { 1, 0 };

	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(s);
}

static void
churn_once(int id, int k, int lsn, uint16_t lport)
{
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	char name[64];
	int a[2], d, s, c;
	mqd_t q;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) == 0) {
		close(a[0]);
		close(a[1]);
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_len = sizeof(sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/t_stress.%d.%d",
	    (int)getpid(), id);
	if ((d = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0) {
		unlink(sun.sun_path);
		if (bind(d, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
		    (s = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0) {
			connect(s, (struct sockaddr *)&sun, sizeof(sun));
			close(s);
		}
		close(d);
		unlink(sun.sun_path);
	}
	lo_sin(&sin, 0);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) >= 0) {
		bind(s, (struct sockaddr *)&sin, sizeof(sin));
		close(s);
	}
	lo_sin(&sin, lport);
	if (lsn >= 0 && (s = socket(AF_INET, SOCK_STREAM, 0)) >= 0) {
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
		    (c = accept(lsn, NULL, NULL)) >= 0)
			close_rst(c);
		close_rst(s);
	}
	/* A queue; every other one unlinked while still open. */
	snprintf(name, sizeof(name), "/t_stress.%d.%d", (int)getpid(), k % 4);
	q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);
	if (q != (mqd_t)-1) {
		mq_send(q, "x", 1, 0);
		if (k & 1) {
			mq_unlink(name);
			mq_close(q);
		} else {
			mq_close(q);
			mq_unlink(name);
		}
	}
}

/*
 * A churner makes BURST rounds of objects each time it is given a byte
 * on `go', then reports a byte on `idle' and waits: so the reader knows
 * when the system is quiet, and a read then must be consistent.
 */
static void
churn(int id, int go, int idle)
{
	uint16_t lport = 0;
	int lsn, k;
	char c;

	lsn = tcp_listener(&lport);
	while (read(go, &c, 1) == 1) {
		for (k = 0; k < BURST; k++)
			churn_once(id, k, lsn, lport);
		if (write(idle, "i", 1) != 1)
			break;
	}
	_exit(0);
}

/* ---- The lists ---------------------------------------------------------- */

struct lst;
typedef uint64_t keyfn(const char *rec);
typedef int oursfn(struct lst *l, const char *first, size_t n);

struct lst {
	const char	*name;
	size_t		hdrsize, genoff, countoff, countsize, recsize;
	int		whole;		/* header and trailer always agree */
	keyfn		*key;		/* the object's id in a record */
	oursfn		*ours;		/* our objects exactly once, ... */

	int	reads, consistent, mismatches, bad_frame, bad_count;
	int	dup, ours_wrong, same_gen_differs, gen_moves, unreadable;
	int	quiet, quiet_consistent;

	int		have_prev;
	uint64_t	prev_gen;
	uint64_t	*prev_keys;
	size_t		prev_n;
};

static uint64_t
hdr_u(const char *p, size_t size)
{
	uint32_t v32;
	uint64_t v64;

	if (size == 4) {
		memcpy(&v32, p, 4);
		return (v32);
	}
	memcpy(&v64, p, 8);
	return (v64);
}

static int
key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

static char *
read_raw(const char *name, size_t *lenp)
{
	size_t len;
	char *buf;
	int i;

	for (i = 0; i < 8; i++) {
		if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
			return (NULL);
		len <<= i;		/* it grew past the estimate: more */
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

/* One read of l; 1 if it came out consistent. */
static int
check(struct lst *l)
{
	uint64_t hgen, tgen, *keys;
	const char *tr;
	size_t len, n, i;
	uint32_t hlen, tlen, rlen;
	char *buf;
	int bad = 0;

	if ((buf = read_raw(l->name, &len)) == NULL) {
		l->unreadable++;
		return (0);
	}
	l->reads++;
	if (len < 2 * l->hdrsize || (len - 2 * l->hdrsize) % l->recsize) {
		l->bad_frame++;
		free(buf);
		return (0);
	}
	n = (len - 2 * l->hdrsize) / l->recsize;
	tr = buf + len - l->hdrsize;
	memcpy(&hlen, buf, 4);
	memcpy(&tlen, tr, 4);
	for (i = 0; i < n; i++) {
		memcpy(&rlen, buf + l->hdrsize + i * l->recsize, 4);
		if (rlen != l->recsize)
			bad = 1;
	}
	if (hlen != l->hdrsize || tlen != l->hdrsize || bad)
		l->bad_frame++;
	/* Whole: both count the records that came, whatever the gens. */
	if (hdr_u(buf + l->countoff, l->countsize) != n ||
	    hdr_u(tr + l->countoff, l->countsize) != n)
		l->bad_count++;
	hgen = hdr_u(buf + l->genoff, 8);
	tgen = hdr_u(tr + l->genoff, 8);
	if (hgen != tgen) {
		l->mismatches++;
		free(buf);
		return (0);
	}
	l->consistent++;

	keys = calloc(n + 1, sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = l->key(buf + l->hdrsize + i * l->recsize);
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 1; i < n; i++)
		if (keys[i] == keys[i - 1])
			l->dup++;
	if (l->ours(l, buf + l->hdrsize, n) != 0)
		l->ours_wrong++;
	if (l->have_prev) {
		if (l->prev_gen == hgen && (l->prev_n != n ||
		    memcmp(l->prev_keys, keys, n * sizeof(*keys)) != 0))
			l->same_gen_differs++;
		if (l->prev_gen != hgen)
			l->gen_moves++;
	}
	free(l->prev_keys);
	l->prev_keys = keys;
	l->prev_n = n;
	l->prev_gen = hgen;
	l->have_prev = 1;
	free(buf);
	return (1);
}

/* kern.file: our five descriptors, each once, of the right type. */
static uint64_t
file_key(const char *rec)
{
	const struct xfile *xf = (const struct xfile *)rec;

	return ((uint64_t)(uint32_t)xf->xf_pid << 32 | (uint32_t)xf->xf_fd);
}

static int
file_ours(struct lst *l, const char *first, size_t n)
{
	const struct xfile *xf = (const struct xfile *)first;
	int fds[5] = { sp[0], sp[1], tl, tu, (int)mq };
	int types[5] = { DTYPE_SOCKET, DTYPE_SOCKET, DTYPE_SOCKET,
	    DTYPE_SOCKET, DTYPE_MQUEUE };
	int seen[5] = { 0 }, k;
	size_t i;

	(void)l;
	for (i = 0; i < n; i++)
		for (k = 0; k < 5; k++)
			if (xf[i].xf_pid == me && xf[i].xf_fd == fds[k] &&
			    xf[i].xf_type == types[k])
				seen[k]++;
	for (k = 0; k < 5; k++)
		if (seen[k] != 1)
			return (-1);
	return (0);
}

/* Stream pcbs: ours once each and each other's peer; all mutual. */
static int not_mutual;

static uint64_t
unp_key(const char *rec)
{
	return (((const struct xunpcb *)rec)->xu_unpp);
}

static int
unp_ours(struct lst *l, const char *first, size_t n)
{
	const struct xunpcb *xu = (const struct xunpcb *)first;
	size_t i, j;
	int seen0 = 0, seen1 = 0, peer;

	(void)l;
	for (i = 0; i < n; i++) {
		if (xu[i].xu_unpp == sp_pcb[0])
			seen0 += xu[i].unp_conn == sp_pcb[1];
		if (xu[i].xu_unpp == sp_pcb[1])
			seen1 += xu[i].unp_conn == sp_pcb[0];
		if (xu[i].unp_conn == 0)
			continue;
		peer = -1;
		for (j = 0; j < n; j++)
			if (xu[j].xu_unpp == xu[i].unp_conn)
				peer = (int)j;
		if (peer < 0 || xu[peer].unp_conn != xu[i].xu_unpp)
			not_mutual++;
	}
	return (seen0 == 1 && seen1 == 1 ? 0 : -1);
}

/* TCP and UDP: our listener / bound socket, once, by its port. */
static uint64_t
inp_key(const char *rec)
{
	return (((const struct xinpcb *)rec)->xi_inpp);
}

static int
tcp_ours(struct lst *l, const char *first, size_t n)
{
	const struct xinpcb *xi = (const struct xinpcb *)first;
	size_t i;
	int seen = 0;

	(void)l;
	for (i = 0; i < n; i++)
		if (xi[i].inp_lport == tlport &&
		    xi[i].inp_laddr == htonl(INADDR_LOOPBACK))
			seen += 1 + (xi[i].t_state != TCPS_LISTEN);
	return (seen == 1 ? 0 : -1);
}

static int
udp_ours(struct lst *l, const char *first, size_t n)
{
	const struct xinpcb *xi = (const struct xinpcb *)first;
	size_t i;
	int seen = 0;

	(void)l;
	for (i = 0; i < n; i++)
		if (xi[i].inp_lport == tuport &&
		    xi[i].inp_laddr == htonl(INADDR_LOOPBACK))
			seen++;
	return (seen == 1 ? 0 : -1);
}

/* Queues: ours once, by name, holding its one message. */
static uint64_t
mq_key(const char *rec)
{
	return (((const struct xmqueue *)rec)->xmq_id);
}

static int
mq_ours(struct lst *l, const char *first, size_t n)
{
	const struct xmqueue *x = (const struct xmqueue *)first;
	size_t i;
	int seen = 0;

	(void)l;
	for (i = 0; i < n; i++)
		if (strcmp(x[i].xmq_name, mqname) == 0)
			seen += 1 + (x[i].xmq_curmsgs != 1);
	return (seen == 1 ? 0 : -1);
}

#define GEN_LIST(nm, rec, whole, key, ours) { nm,			\
	sizeof(struct sysrec_hdr), offsetof(struct sysrec_hdr, gen),	\
	offsetof(struct sysrec_hdr, count), 4, sizeof(rec), whole,	\
	key, ours }

/* The common header of kern.file and the pcblists. */
struct sysrec_hdr {
	uint32_t	len;
	uint32_t	count;
	uint64_t	gen;
	uint64_t	sogen;
};

#define NLIST	5
static struct lst lists[NLIST] = {
	GEN_LIST("kern.file", struct xfile, 0, file_key, file_ours),
	GEN_LIST("net.local.stream.pcblist", struct xunpcb, 1, unp_key,
	    unp_ours),
	GEN_LIST("net.inet.tcp.pcblist", struct xinpcb, 1, inp_key,
	    tcp_ours),
	GEN_LIST("net.inet.udp.pcblist", struct xinpcb, 1, inp_key,
	    udp_ours),
	{ "kern.mqueue.queues", sizeof(struct xmqgen),
	    offsetof(struct xmqgen, xmg_gen),
	    offsetof(struct xmqgen, xmg_count), 8, sizeof(struct xmqueue), 1,
	    mq_key, mq_ours },
};

/* ---- Set-up ------------------------------------------------------------ */

/* Our socketpair's pcb ids, joined through kern.file's xf_data. */
static int
find_sp_pcbs(void)
{
	struct xfile *xf;
	struct xunpcb *xu;
	uint64_t so[2] = { 0, 0 };
	size_t flen, ulen, n, i;
	char *fb, *ub;
	int k;

	if ((fb = read_raw("kern.file", &flen)) == NULL)
		return (-1);
	n = (flen - 2 * sizeof(struct xfilegen)) / sizeof(*xf);
	xf = (struct xfile *)(fb + sizeof(struct xfilegen));
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (xf[i].xf_pid == me && xf[i].xf_fd == sp[k])
				so[k] = xf[i].xf_data;
	free(fb);
	if ((ub = read_raw("net.local.stream.pcblist", &ulen)) == NULL)
		return (-1);
	n = (ulen - 2 * sizeof(struct xunpgen)) / sizeof(*xu);
	xu = (struct xunpcb *)(ub + sizeof(struct xunpgen));
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (so[k] != 0 && xu[i].xu_socket.xso_so == so[k])
				sp_pcb[k] = xu[i].xu_unpp;
	free(ub);
	return (sp_pcb[0] != 0 && sp_pcb[1] != 0 ? 0 : -1);
}

static int
setup(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	me = getpid();
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0 ||
	    (tl = tcp_listener(&tlport)) < 0)
		return (-1);
	lo_sin(&sin, 0);
	if ((tu = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    bind(tu, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(tu, (struct sockaddr *)&sin, &len) < 0)
		return (-1);
	tuport = sin.sin_port;
	snprintf(mqname, sizeof(mqname), "/t_stress.%d", (int)me);
	mq_unlink(mqname);
	if ((mq = mq_open(mqname, O_CREAT | O_EXCL | O_RDWR, 0600,
	    NULL)) == (mqd_t)-1 || mq_send(mq, "m", 1, 0) < 0)
		return (-1);
	/* Not inherited by the tools we run, nor by the churners' work. */
	fcntl(sp[0], F_SETFD, FD_CLOEXEC);
	fcntl(sp[1], F_SETFD, FD_CLOEXEC);
	fcntl(tl, F_SETFD, FD_CLOEXEC);
	fcntl(tu, F_SETFD, FD_CLOEXEC);
	fcntl((int)mq, F_SETFD, FD_CLOEXEC);
	return (find_sp_pcbs());
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

static void
report(struct lst *l)
{
	char name[160];

	printf("# %s: %d reads, %d consistent, %d generation mismatches, "
	    "%d generation moves\n", l->name, l->reads, l->consistent,
	    l->mismatches, l->gen_moves);
	snprintf(name, sizeof(name), "%s: framing and record lengths",
	    l->name);
	is_int(l->bad_frame, 0, name);
	snprintf(name, sizeof(name), "%s: header and trailer count the "
	    "records that came", l->name);
	is_int(l->bad_count, 0, name);
	snprintf(name, sizeof(name), "%s: quiet reads all consistent",
	    l->name);
	is_int(l->quiet_consistent, l->quiet, name);
	if (l->whole) {
		snprintf(name, sizeof(name), "%s: taken whole (header and "
		    "trailer generations always equal)", l->name);
		is_int(l->consistent, l->reads, name);
	}
	snprintf(name, sizeof(name), "%s: no object twice", l->name);
	is_int(l->dup, 0, name);
	snprintf(name, sizeof(name), "%s: our objects exactly once",
	    l->name);
	is_int(l->ours_wrong, 0, name);
	snprintf(name, sizeof(name), "%s: one generation, one set",
	    l->name);
	is_int(l->same_gen_differs, 0, name);
	snprintf(name, sizeof(name), "%s: the generation moved under churn",
	    l->name);
	ok(l->gen_moves > 0, name);
}

int
main(void)
{
	char *ssargv[] = { "/usr/bin/sockstat", "-w", NULL };
	char *ipargv[] = { "/usr/bin/ipcs", "-P", NULL };
	struct pollfd pfd;
	struct cmdout co;
	pid_t kids[NCHURN];
	int go[NCHURN][2], idle[2];
	int i, k, st, nidle, pass, tool_ok = 0, tool_runs = 0, sync_ok = 1;
	int unreadable = 0, overlapped = 0;
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!ok(setup() == 0, "our socketpair, TCP listener, UDP socket and "
	    "queue") || !ok(pipe(idle) == 0, "pipe")) {
		printf("# errno %d\n", errno);
		return (done());
	}
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
			/* Nor ours: each of them has one holder, us. */
			close(sp[0]);
			close(sp[1]);
			close(tl);
			close(tu);
			mq_close(mq);
			churn(i, go[i][0], idle[1]);
		}
		close(go[i][0]);
	}
	close(idle[1]);
	for (i = 0; i < ROUNDS; i++) {
		/* Churn, reading every list all the while. */
		for (k = 0; k < NCHURN; k++)
			if (write(go[k][1], "g", 1) != 1)
				sync_ok = 0;
		nidle = 0;
		for (pass = 0; nidle < NCHURN; pass++) {
			if (pass < MAXPASSES) {
				for (k = 0; k < NLIST; k++)
					check(&lists[k]);
				if (pass == 0 && i % 4 == 0) {
					tool_runs++;
					if (run_cmd(ssargv, -1, &co) == 0 &&
					    has_row(co.out, me, sp[0]) &&
					    has_row(co.out, me, tl) &&
					    has_row(co.out, me, tu))
						tool_ok++;
					cmdout_free(&co);
					tool_runs++;
					if (run_cmd(ipargv, -1, &co) == 0 &&
					    strstr(co.out, mqname) != NULL)
						tool_ok++;
					cmdout_free(&co);
				}
			}
			pfd.fd = idle[0];
			pfd.events = POLLIN;
			if (poll(&pfd, 1, pass < MAXPASSES ? 0 : -1) > 0) {
				if (read(idle[0], &c, 1) != 1) {
					sync_ok = 0;
					break;
				}
				nidle++;
			} else if (nidle == 0)
				overlapped++;	/* a pass wholly in churn */
		}
		/* Quiet: a read now must come out consistent. */
		for (k = 0; k < NLIST; k++) {
			lists[k].quiet++;
			lists[k].quiet_consistent += check(&lists[k]);
		}
	}
	for (i = 0; i < NCHURN; i++) {
		close(go[i][1]);
		waitpid(kids[i], &st, 0);
	}
	ok(sync_ok, "churners ran every burst");
	printf("# %d passes over the lists while both churners ran\n",
	    overlapped);
	ok(overlapped > 0, "lists were read while the churn ran");
	for (k = 0; k < NLIST; k++)
		unreadable += lists[k].unreadable;
	is_int(unreadable, 0, "every read succeeded");
	for (k = 0; k < NLIST; k++)
		report(&lists[k]);
	is_int(not_mutual, 0, "stream pcblist: every connection mutual");
	is_int(tool_ok, tool_runs, "sockstat and ipcs -P under churn show "
	    "ours");
	close(sp[0]);
	close(sp[1]);
	close(tl);
	close(tu);
	mq_close(mq);
	mq_unlink(mqname);
	return (done());
}
