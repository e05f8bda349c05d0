/*
 * ipcs(1): POSIX message queues (the Petrel section, -P) field by field
 * as text and as --json, the -o/-b/-u column and filter options, the
 * limits (-T), what it says about System V facilities the kernel lacks,
 * the live view stopping on ^C, and the errors.  The known state: a
 * queue holding three messages (22 bytes), an empty queue with a
 * receiver blocked on it, and a queue unlinked while still open.
 */
#include <sys/types.h>
#include <sys/mqueue.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "json.h"
#include "runcmd.h"

#define IPCS	"/usr/bin/ipcs"
#define QA	"/t_ipcs.a"
#define QB	"/t_ipcs.b"
#define QC	"/t_ipcs.c"
#define QD	"/t_ipcs.d"

static mqd_t qa, qb, qc, qd;
static pid_t waiter;

/* The kernel's record of a queue, by name (or the unlinked one). */
static int
record(const char *name, struct xmqueue *out)
{
	struct xmqgen *hd;
	struct xmqueue *x;
	size_t len, n, i;
	char *buf;
	int found = 0;

	if (sysctlbyname(MQ_SYSCTL_QUEUES, NULL, &len, NULL, 0) < 0)
		return (-1);
	len += 4096;
	if ((buf = malloc(len)) == NULL ||
	    sysctlbyname(MQ_SYSCTL_QUEUES, buf, &len, NULL, 0) < 0)
		return (-1);
	hd = (struct xmqgen *)buf;
	n = (len - 2 * sizeof(*hd)) / sizeof(*x);
	x = (struct xmqueue *)(hd + 1);
	for (i = 0; i < n; i++) {
		if (name != NULL ? strcmp(x[i].xmq_name, name) == 0 :
		    (x[i].xmq_flags & XMQ_UNLINKED) != 0) {
			*out = x[i];
			found++;
		}
	}
	free(buf);
	return (found == 1 ? 0 : -1);
}

static int
setup(void)
{
	struct mq_attr attr;
	struct xmqueue x;
	int p[2], i;
	char c;

	mq_unlink(QA);
	mq_unlink(QB);
	mq_unlink(QC);
	mq_unlink(QD);
	memset(&attr, 0, sizeof(attr));
	attr.mq_maxmsg = 8;
	attr.mq_msgsize = 64;
	qa = mq_open(QA, O_CREAT | O_RDWR, 0640, &attr);
	qb = mq_open(QB, O_CREAT | O_RDWR, 0600, NULL);
	qc = mq_open(QC, O_CREAT | O_RDWR, 0600, &attr);
	qd = mq_open(QD, O_CREAT | O_RDWR, 0600, &attr);
	if (qa < 0 || qb < 0 || qc < 0 || qd < 0)
		return (-1);
	if (mq_send(qa, "hello", 5, 1) < 0 ||
	    mq_send(qa, "0123456789", 10, 2) < 0 ||
	    mq_send(qa, "seventh", 7, 0) < 0)
		return (-1);
	if (mq_unlink(QD) < 0)
		return (-1);
	/* A receiver blocked on the empty queue QC. */
	if (pipe(p) < 0 || (waiter = fork()) < 0)
		return (-1);
	if (waiter == 0) {
		char buf[64];

		close(p[0]);
		write(p[1], "r", 1);
		mq_receive(qc, buf, sizeof(buf), NULL);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		return (-1);
	close(p[0]);
	/* It is about to block: wait until the kernel says it has (the
	   10 s bound is only a backstop). */
	for (i = 0; i < 1000; i++) {
		if (record(QC, &x) == 0 && x.xmq_nrecvwait == 1)
			return (0);
		usleep(10000);
	}
	return (-1);
}

static void
teardown(void)
{
	int st;

	mq_send(qc, "bye", 3, 0);	/* lets the waiter go */
	waitpid(waiter, &st, 0);
	mq_close(qa);
	mq_close(qb);
	mq_close(qc);
	mq_close(qd);
	mq_unlink(QA);
	mq_unlink(QB);
	mq_unlink(QC);
}

/* The line of out that has `needle'. */
static const char *
line_with(const char *out, const char *needle, char *buf, size_t size)
{
	const char *p = strstr(out, needle), *b, *e;
	size_t len;

	if (p == NULL)
		return (NULL);
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	len = e != NULL ? (size_t)(e - b) : strlen(b);
	if (len >= size)
		len = size - 1;
	memcpy(buf, b, len);
	buf[len] = '\0';
	return (buf);
}

static void
test_text(void)
{
	char *a_P[] = { IPCS, "-P", NULL };
	char *a_o[] = { IPCS, "-P", "-o", "-b", NULL };
	char *a_u[] = { IPCS, "-P", "-u", "1000", NULL };
	char *a_r[] = { IPCS, "-P", "-u", "root", NULL };
	struct xmqueue xa, xc;
	struct cmdout co;
	char want[256], buf[256];

	ok(record(QA, &xa) == 0 && record(QC, &xc) == 0,
	    "our queues are in kern.mqueue.queues");
	is_int(xa.xmq_curmsgs, 3, "record: three messages");
	is_int(xa.xmq_qbytes, 22, "record: 22 bytes");

	is_int(run_cmd(a_P, -1, &co), 0, "ipcs -P exits 0");
	snprintf(want, sizeof(want), "POSIX Message Queues:\n"
	    "T %12s %-20s %-11s %-8s %-8s\n", "ID", "NAME", "MODE", "OWNER",
	    "GROUP");
	is_str(strncmp(co.out, want, strlen(want)) == 0 ? want : co.out, want,
	    "-P: title and header");
	snprintf(want, sizeof(want), "p %12llu %-20s --rw-r----- root     "
	    "wheel   ", (unsigned long long)xa.xmq_id, QA);
	is_str(line_with(co.out, QA, buf, sizeof(buf)), want,
	    "-P: row of " QA);
	snprintf(want, sizeof(want), "%-20s --rw------- root", "(unlinked)");
	ok(strstr(co.out, want) != NULL, "-P: the unlinked queue");
	ok(co.out[co.len - 1] == '\n' && co.out[co.len - 2] == '\n',
	    "-P: a blank line ends the section");
	cmdout_free(&co);

	is_int(run_cmd(a_o, -1, &co), 0, "ipcs -P -o -b exits 0");
	ok(strstr(co.out, "      CURMSGS       QBYTES  RWAIT  SWAIT       "
	    "MAXMSG      MSGSIZE\n") != NULL, "-o -b: column titles");
	snprintf(want, sizeof(want), "p %12llu %-20s --rw-r----- root     "
	    "wheel    %12d %12d %6d %6d %12d %12d", (unsigned long long)xa.xmq_id,
	    QA, 3, 22, 0, 0, 8, 64);
	is_str(line_with(co.out, QA, buf, sizeof(buf)), want,
	    "-o -b: three messages, 22 bytes, limits 8 x 64");
	snprintf(want, sizeof(want), "p %12llu %-20s --rw------- root     "
	    "wheel    %12d %12d %6d %6d %12d %12d", (unsigned long long)xc.xmq_id,
	    QC, 0, 0, 1, 0, 8, 64);
	is_str(line_with(co.out, QC, buf, sizeof(buf)), want,
	    "-o -b: one receiver waiting on " QC);
	cmdout_free(&co);

	is_int(run_cmd(a_u, -1, &co), 0, "ipcs -P -u 1000 exits 0");
	ok(strstr(co.out, QA) == NULL && strstr(co.out, QB) == NULL,
	    "-u 1000: root's queues left out");
	cmdout_free(&co);
	is_int(run_cmd(a_r, -1, &co), 0, "ipcs -P -u root exits 0");
	ok(strstr(co.out, QA) != NULL && strstr(co.out, QB) != NULL,
	    "-u root: root's queues listed");
	cmdout_free(&co);
}

static void
test_json(void)
{
	char *argv[] = { IPCS, "-P", "--json", NULL };
	struct jv *root, *list, *q, *qa_j = NULL, *qd_j = NULL;
	struct xmqueue xa;
	struct cmdout co;
	int i;

	record(QA, &xa);
	is_int(run_cmd(argv, -1, &co), 0, "--json exits 0");
	root = json_parse(co.out);
	if (!ok(root != NULL, "--json parses"))
		return;
	list = json_get(json_get(root, "ipcs"), "posix-message-queues");
	ok(list != NULL && list->t == J_ARR, "ipcs.posix-message-queues");
	for (i = 0; (q = json_at(list, i)) != NULL; i++) {
		if (json_s(q, "name") != NULL &&
		    strcmp(json_s(q, "name"), QA) == 0)
			qa_j = q;
		if (json_num(q, "unlinked", 0) == 1)
			qd_j = q;
	}
	if (ok(qa_j != NULL, "json: " QA)) {
		is_int(json_num(qa_j, "id", -1), (long long)xa.xmq_id,
		    "json: id");
		is_int(json_num(qa_j, "curmsgs", -1), 3, "json: curmsgs");
		is_int(json_num(qa_j, "qbytes", -1), 22, "json: qbytes");
		is_int(json_num(qa_j, "maxmsg", -1), 8, "json: maxmsg");
		is_int(json_num(qa_j, "msgsize", -1), 64, "json: msgsize");
		is_str(json_s(qa_j, "mode"), "--rw-r-----", "json: mode");
		is_str(json_s(qa_j, "owner"), "root", "json: owner");
		is_int(json_num(qa_j, "uid", -1), 0, "json: uid");
		is_int(json_num(qa_j, "open", -1), 1, "json: one open");
	}
	if (ok(qd_j != NULL, "json: the unlinked queue"))
		is_str(json_s(qd_j, "name"), "", "json: unlinked has no name");
	cmdout_free(&co);
}

static void
test_limits_and_sysv(void)
{
	char *a_T[] = { IPCS, "-T", NULL };
	char *a_def[] = { IPCS, NULL };
	char *a_q[] = { IPCS, "-q", NULL };
	struct cmdout co;
	char want[128];
	long long maxmq = -1;
	union {
		int32_t	i32;
		int64_t	i64;
	} v;
	size_t len;
	int have_msg;

	len = sizeof(v);
	if (sysctlbyname(MQ_SYSCTL_MAXMQ, &v, &len, NULL, 0) == 0)
		maxmq = len == sizeof(int32_t) ? v.i32 : v.i64;
	is_int(run_cmd(a_T, -1, &co), 0, "ipcs -T exits 0");
	snprintf(want, sizeof(want), "mqueueinfo:\n\tmaxmq           %12lld\t"
	    "(max # of queues)\n", maxmq);
	ok(strstr(co.out, want) != NULL, "-T: kern.mqueue.maxmq");
	cmdout_free(&co);

	have_msg = sysctlbyname("kern.ipc.msqids", NULL, &len, NULL, 0) == 0;
	is_int(run_cmd(a_q, -1, &co), 0, "ipcs -q exits 0");
	if (have_msg)
		ok(strncmp(co.out, "Message Queues:\nT           ID          "
		    "KEY MODE        OWNER    GROUP   \n", 16 + 58) == 0,
		    "-q: title and header");
	else
		is_str(co.err, "SVID messages facility not configured in the "
		    "system\n", "-q: says the kernel has no SysV messages");
	ok(strstr(co.out, "POSIX") == NULL, "-q: message queues only");
	cmdout_free(&co);

	is_int(run_cmd(a_def, -1, &co), 0, "ipcs exits 0");
	ok(strstr(co.out, "POSIX Message Queues:\n") != NULL,
	    "no flags: the POSIX section too");
	cmdout_free(&co);
}

static void
test_errors_and_unpriv(void)
{
	char *a1[] = { IPCS, "-u", "nosuchuser", NULL };
	char *a2[] = { IPCS, "-Z", NULL };
	char *a3[] = { IPCS, "-r", "x", NULL };
	char *a4[] = { IPCS, "-P", "--json", NULL };
	struct cmdout co;
	struct jv *root, *list, *q;
	int i, big = 0;

	is_int(run_cmd(a1, -1, &co), 1, "-u nosuchuser: exit 1");
	ok(strstr(co.err, "nosuchuser: no such user") != NULL,
	    "-u nosuchuser: says why");
	cmdout_free(&co);
	is_int(run_cmd(a2, -1, &co), 1, "-Z: exit 1");
	ok(strstr(co.err, "usage: ipcs") != NULL, "-Z: usage");
	cmdout_free(&co);
	is_int(run_cmd(a3, -1, &co), 1, "-r x: exit 1");
	cmdout_free(&co);

	is_int(run_cmd(a4, 1000, &co), 0, "uid 1000: --json exits 0");
	root = json_parse(co.out);
	list = json_get(json_get(root, "ipcs"), "posix-message-queues");
	ok(list != NULL, "uid 1000: parses");
	for (i = 0; (q = json_at(list, i)) != NULL; i++)
		if (json_num(q, "id", 0) >= (1LL << 32))
			big++;
	is_int(big, 0, "uid 1000: ids, not kernel addresses");
	cmdout_free(&co);
}

/* ipcs -r: refreshes, and ^C (SIGINT) ends it with status 0. */
static void
test_live(void)
{
	int p[2], st, n = 0;
	char buf[4096];
	ssize_t r;
	pid_t pid;
	char *s;

	if (pipe(p) < 0 || (pid = fork()) < 0) {
		ok(0, "fork");
		return;
	}
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(IPCS, "ipcs", "-P", "-r", "1", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	/* Wait for two screens. */
	while (n < 2 && (r = read(p[0], buf, sizeof(buf) - 1)) > 0) {
		buf[r] = '\0';
		for (s = buf; (s = strstr(s, "POSIX Message Queues:")) != NULL;
		    s++)
			n++;
	}
	is_int(n >= 2, 1, "-r 1: refreshed");
	kill(pid, SIGINT);
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	close(p[0]);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "-r: ^C ends it, status 0");
}

int
main(void)
{
	if (!ok(setup() == 0, "set up POSIX queues")) {
		printf("# errno %d\n", errno);
		return (done());
	}
	test_text();
	test_json();
	test_limits_and_sysv();
	test_errors_and_unpriv();
	test_live();
	teardown();
	return (done());
}
