/*
 * t_mqueue: POSIX message queues through <mqueue.h>.  The kern.mqueue
 * limits, mq_open's flags and every error it returns, attributes,
 * priority order (highest first, FIFO within a priority), EMSGSIZE,
 * EAGAIN, ETIMEDOUT, EBADF for the wrong access mode, EACCES for an
 * unprivileged user, mq_notify delivering a signal with its value (and
 * EBUSY), poll/select/kqueue on a queue descriptor, a receiver on the
 * other CPU woken by a sender, mq_unlink while open, the queue list
 * kern.mqueue.queues, and kern.mqueue.curmq back where it started.
 */
#include <sys/types.h>
#include <sys/event.h>
#include <sys/select.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define Q1	"/t_mqueue.1"
#define Q2	"/t_mqueue.2"
#define QP	"/t_mqueue.priv"

static int
set_sysctl_int(const char *name, int v)
{
	return (sysctlbyname(name, NULL, NULL, &v, sizeof(v)));
}

static int
child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return (-1);
	return (st);
}

static mqd_t
mkq(const char *name, long maxmsg, long msgsize, int flags)
{
	struct mq_attr a;

	memset(&a, 0, sizeof(a));
	a.mq_maxmsg = maxmsg;
	a.mq_msgsize = msgsize;
	return (mq_open(name, O_CREAT | flags, 0600, &a));
}

static void
t_limits(void)
{
	is_int(sysctl_int("kern.mqueue.maxmsg"), 100, "kern.mqueue.maxmsg 100");
	is_int(sysctl_int("kern.mqueue.maxmsgsize"), 16384,
	    "kern.mqueue.maxmsgsize 16384");
	is_int(sysctl_int("kern.mqueue.maxmq"), 100, "kern.mqueue.maxmq 100");
	ok(sysctl_int("kern.mqueue.default_maxmsg") >= 40,
	    "default_maxmsg at least 40");
	ok(sysctl_int("kern.mqueue.default_msgsize") >= 16384,
	    "default_msgsize at least 16 KiB");
}

static void
t_open(int curmq0)
{
	char longname[300];
	struct mq_attr a;
	mqd_t q, q2;

	mq_unlink(Q1);
	is_int(errno_of(mq_open("noslash", O_RDWR | O_CREAT, 0600, NULL)),
	    EINVAL, "name without '/': EINVAL");
	is_int(errno_of(mq_open("/", O_RDWR | O_CREAT, 0600, NULL)), EINVAL,
	    "name \"/\": EINVAL");
	is_int(errno_of(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL)),
	    EINVAL, "name with a second '/': EINVAL");
	memset(longname, 'n', sizeof(longname));
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	is_int(errno_of(mq_open(longname, O_RDWR | O_CREAT, 0600, NULL)),
	    ENAMETOOLONG, "299-byte name: ENAMETOOLONG");
	is_int(errno_of(mq_open((char *)8, O_RDWR | O_CREAT, 0600, NULL)),
	    EFAULT, "bad name pointer: EFAULT");
	is_int(errno_of(mq_open(Q1, O_RDWR, 0600, NULL)), ENOENT,
	    "no such queue: ENOENT");
	is_int(errno_of(mq_open(Q1, O_ACCMODE | O_CREAT, 0600, NULL)), EINVAL,
	    "O_ACCMODE: EINVAL");
	is_int(errno_of(mq_open(Q1, O_RDWR | O_CREAT | O_APPEND, 0600, NULL)),
	    EINVAL, "O_APPEND: EINVAL");
	is_int(errno_of(mkq(Q1, 0, 64, O_RDWR)), EINVAL, "mq_maxmsg 0: EINVAL");
	is_int(errno_of(mkq(Q1, 101, 64, O_RDWR)), EINVAL,
	    "mq_maxmsg over kern.mqueue.maxmsg: EINVAL");
	is_int(errno_of(mkq(Q1, 4, 0, O_RDWR)), EINVAL, "mq_msgsize 0: EINVAL");
	is_int(errno_of(mkq(Q1, 4, 16385, O_RDWR)), EINVAL,
	    "mq_msgsize over kern.mqueue.maxmsgsize: EINVAL");
	is_int(errno_of(mq_open(Q1, O_RDWR | O_CREAT, 0600, (void *)8)),
	    EFAULT, "bad attr pointer: EFAULT");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0,
	    "failed opens create nothing");

	q = mq_open(Q1, O_RDWR | O_CREAT, 0600, NULL);
	ok(q >= 0, "create with default attributes");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 1, "curmq + 1");
	memset(&a, 0xff, sizeof(a));
	ok(mq_getattr(q, &a) == 0, "mq_getattr");
	is_int(a.mq_maxmsg, sysctl_int("kern.mqueue.default_maxmsg"),
	    "default mq_maxmsg");
	is_int(a.mq_msgsize, sysctl_int("kern.mqueue.default_msgsize"),
	    "default mq_msgsize");
	is_int(a.mq_curmsgs, 0, "mq_curmsgs 0");
	is_int(a.mq_flags, 0, "mq_flags 0");
	is_int(errno_of(mq_open(Q1, O_RDWR | O_CREAT | O_EXCL, 0600, NULL)),
	    EEXIST, "O_CREAT|O_EXCL on an existing queue: EEXIST");
	q2 = mq_open(Q1, O_RDONLY);
	ok(q2 >= 0, "open the existing queue by name");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 1,
	    "a second open is the same queue");
	is_int(mq_send(q, "shared", 6, 0), 0, "send through one descriptor");
	{
		char buf[16384];
		unsigned prio = 99;

		is_int(mq_receive(q2, buf, sizeof(buf), &prio), 6,
		    "receive through the other");
		is_int(prio, 0, "with its priority");
	}
	mq_close(q2);
	ok(mq_close(q) == 0, "mq_close");
	is_int(errno_of(mq_close(q)), EBADF, "mq_close twice: EBADF");
	is_int(mq_unlink(Q1), 0, "mq_unlink");
	is_int(errno_of(mq_unlink(Q1)), ENOENT, "mq_unlink again: ENOENT");
	is_int(errno_of(mq_unlink("bad")), EINVAL, "mq_unlink bad name: EINVAL");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0, "curmq back");

	/* kern.mqueue.maxmq bounds the number of queues. */
	ok(set_sysctl_int("kern.mqueue.maxmq", curmq0 + 1) == 0,
	    "lower kern.mqueue.maxmq");
	q = mq_open(Q1, O_RDWR | O_CREAT, 0600, NULL);
	ok(q >= 0, "a queue up to the limit");
	is_int(errno_of(mq_open(Q2, O_RDWR | O_CREAT, 0600, NULL)), ENFILE,
	    "one more: ENFILE");
	set_sysctl_int("kern.mqueue.maxmq", 100);
	mq_close(q);
	mq_unlink(Q1);
}

static void
t_order_sizes(void)
{
	static const struct {
		unsigned prio;
		const char *text;
	} in[] = {
		{ 1, "a1" }, { 5, "b5" }, { 1, "a2" }, { 31, "c31" },
		{ 0, "z0" }, { 5, "b5b" }, { 31, "c31b" }, { 0, "z0b" },
	}, out[] = {
		{ 31, "c31" }, { 31, "c31b" }, { 5, "b5" }, { 5, "b5b" },
		{ 1, "a1" }, { 1, "a2" }, { 0, "z0" }, { 0, "z0b" },
	};
	struct mq_attr a;
	char buf[64], big[65];
	unsigned prio;
	ssize_t n;
	size_t i, good = 0;
	mqd_t q;

	q = mkq(Q1, 8, 64, O_RDWR | O_EXCL);
	ok(q >= 0, "queue of 8 x 64 bytes");
	ok(mq_getattr(q, &a) == 0 && a.mq_maxmsg == 8 && a.mq_msgsize == 64,
	    "attributes as asked");
	for (i = 0; i < 8; i++)
		if (mq_send(q, in[i].text, strlen(in[i].text), in[i].prio) == 0)
			good++;
	is_int(good, 8, "eight sends");
	ok(mq_getattr(q, &a) == 0 && a.mq_curmsgs == 8, "mq_curmsgs 8");
	good = 0;
	for (i = 0; i < 8; i++) {
		memset(buf, 0, sizeof(buf));
		n = mq_receive(q, buf, sizeof(buf), &prio);
		if (n == (ssize_t)strlen(out[i].text) &&
		    strcmp(buf, out[i].text) == 0 && prio == out[i].prio)
			good++;
		else
			printf("# got %zd \"%s\" prio %u, want \"%s\" %u\n",
			    n, buf, prio, out[i].text, out[i].prio);
	}
	is_int(good, 8, "highest priority first, FIFO within one");
	is_int(errno_of(mq_send(q, "x", 1, 32)), EINVAL,
	    "priority 32: EINVAL");
	memset(big, 'b', sizeof(big));
	is_int(errno_of(mq_send(q, big, 65, 0)), EMSGSIZE,
	    "65 bytes into a 64-byte queue: EMSGSIZE");
	is_int(mq_send(q, big, 64, 0), 0, "64 bytes fit");
	is_int(errno_of(mq_receive(q, buf, 63, NULL)), EMSGSIZE,
	    "receive buffer under mq_msgsize: EMSGSIZE");
	is_int(mq_receive(q, buf, 64, NULL), 64, "receive with NULL prio");
	is_int(mq_send(q, "", 0, 3), 0, "empty message");
	is_int(mq_receive(q, buf, 64, &prio), 0, "received: length 0");
	is_int(errno_of(mq_send(q, (char *)8, 10, 0)), EFAULT,
	    "send from a bad pointer: EFAULT");
	is_int(mq_send(q, "keep", 4, 2), 0, "send");
	is_int(errno_of(mq_receive(q, (char *)8, 64, NULL)), EFAULT,
	    "receive into a bad pointer: EFAULT");
	ok(mq_getattr(q, &a) == 0 && a.mq_curmsgs == 1,
	    "the message survives a bad receive buffer");
	memset(buf, 0, sizeof(buf));
	is_int(mq_receive(q, buf, 64, &prio), 4, "and is received after");
	ok(strcmp(buf, "keep") == 0 && prio == 2, "intact");
	mq_close(q);
	mq_unlink(Q1);
}

static void
t_nonblock_timeout(void)
{
	struct mq_attr a, o;
	struct timespec ts, t0, t1;
	char buf[64];
	int i, good = 0;
	long ms;
	mqd_t q;

	q = mkq(Q1, 4, 64, O_RDWR | O_NONBLOCK);
	ok(q >= 0, "non-blocking queue of 4");
	ok(mq_getattr(q, &a) == 0 && a.mq_flags == O_NONBLOCK,
	    "mq_flags O_NONBLOCK");
	is_int(errno_of(mq_receive(q, buf, 64, NULL)), EAGAIN,
	    "empty: EAGAIN");
	for (i = 0; i < 4; i++)
		if (mq_send(q, "m", 1, 0) == 0)
			good++;
	is_int(good, 4, "fill it");
	is_int(errno_of(mq_send(q, "m", 1, 0)), EAGAIN, "full: EAGAIN");
	/* mq_setattr changes only O_NONBLOCK and reports the old state. */
	memset(&a, 0, sizeof(a));
	a.mq_maxmsg = 99;
	ok(mq_setattr(q, &a, &o) == 0, "mq_setattr: blocking");
	ok(o.mq_flags == O_NONBLOCK && o.mq_curmsgs == 4 && o.mq_maxmsg == 4,
	    "old attributes returned");
	ok(mq_getattr(q, &a) == 0 && a.mq_flags == 0 && a.mq_maxmsg == 4,
	    "now blocking; mq_maxmsg unchanged");
	is_int(errno_of(mq_setattr(q, (void *)8, NULL)), EFAULT,
	    "mq_setattr bad pointer: EFAULT");

	/* Full and blocking: mq_timedsend gives up at the deadline. */
	clock_gettime(CLOCK_REALTIME, &t0);
	ts = t0;
	ts.tv_nsec += 200 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	is_int(errno_of(mq_timedsend(q, "m", 1, 0, &ts)), ETIMEDOUT,
	    "mq_timedsend on a full queue: ETIMEDOUT");
	clock_gettime(CLOCK_REALTIME, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ok(ms >= 150, "... after the deadline");
	for (i = 0; i < 4; i++)
		mq_receive(q, buf, 64, NULL);
	clock_gettime(CLOCK_REALTIME, &t0);
	ts = t0;
	ts.tv_nsec += 200 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	is_int(errno_of(mq_timedreceive(q, buf, 64, NULL, &ts)), ETIMEDOUT,
	    "mq_timedreceive on an empty queue: ETIMEDOUT");
	clock_gettime(CLOCK_REALTIME, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ok(ms >= 150, "... after the deadline");
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	is_int(errno_of(mq_timedreceive(q, buf, 64, NULL, &ts)), ETIMEDOUT,
	    "a deadline in the past: ETIMEDOUT at once");
	ts.tv_nsec = 1000000000;
	is_int(errno_of(mq_timedreceive(q, buf, 64, NULL, &ts)), EINVAL,
	    "tv_nsec out of range: EINVAL");
	is_int(errno_of(mq_timedreceive(q, buf, 64, NULL, (void *)8)), EFAULT,
	    "bad timeout pointer: EFAULT");
	mq_send(q, "now", 3, 0);
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	is_int(mq_timedreceive(q, buf, 64, NULL, &ts), 3,
	    "a message ready needs no deadline");
	mq_close(q);
	mq_unlink(Q1);
}

static void
t_badf_access(void)
{
	char buf[64];
	int p[2], st;
	mqd_t q, r, w;
	pid_t pid;

	q = mkq(Q1, 4, 64, O_RDWR | O_EXCL);
	ok(q >= 0, "queue");
	r = mq_open(Q1, O_RDONLY);
	w = mq_open(Q1, O_WRONLY);
	ok(r >= 0 && w >= 0, "read-only and write-only descriptors");
	is_int(errno_of(mq_send(r, "x", 1, 0)), EBADF,
	    "send on a read-only descriptor: EBADF");
	is_int(errno_of(mq_receive(w, buf, 64, NULL)), EBADF,
	    "receive on a write-only descriptor: EBADF");
	is_int(mq_send(w, "x", 1, 0), 0, "send on the write-only one");
	is_int(mq_receive(r, buf, 64, NULL), 1, "receive on the read-only one");
	ok(pipe(p) == 0, "a pipe");
	is_int(errno_of(mq_send(p[1], "x", 1, 0)), EBADF,
	    "send on a pipe: EBADF");
	is_int(errno_of(mq_getattr(p[0], (struct mq_attr *)buf)), EBADF,
	    "mq_getattr on a pipe: EBADF");
	is_int(errno_of(mq_receive(999, buf, 64, NULL)), EBADF,
	    "receive on fd 999: EBADF");
	is_int(errno_of(mq_notify(-1, NULL)), EBADF, "mq_notify on -1: EBADF");
	close(p[0]);
	close(p[1]);
	mq_close(r);
	mq_close(w);
	mq_close(q);
	mq_unlink(Q1);

	/* Owner-only and world-readable queues against uid 1000. */
	mq_unlink(QP);
	mq_unlink(Q2);
	q = mq_open(QP, O_RDWR | O_CREAT, 0600, NULL);
	w = mq_open(Q2, O_RDWR | O_CREAT, 0644, NULL);
	ok(q >= 0 && w >= 0, "root's queues, modes 0600 and 0644");
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (setuid(1000) != 0)
			_exit(100);
		if (errno_of(mq_open(QP, O_RDONLY)) != EACCES)
			bad |= 1;
		if (errno_of(mq_open(QP, O_WRONLY)) != EACCES)
			bad |= 2;
		if (mq_open(Q2, O_RDONLY) < 0)
			bad |= 4;
		if (errno_of(mq_open(Q2, O_RDWR)) != EACCES)
			bad |= 8;
		if (errno_of(mq_unlink(QP)) != EACCES)
			bad |= 16;
		if (errno_of(mq_open(QP, O_RDWR | O_CREAT | O_EXCL, 0600,
		    NULL)) != EEXIST)
			bad |= 32;
		_exit(bad);
	}
	st = child_status(pid);
	ok(WIFEXITED(st), "uid 1000 child ran");
	is_int(WEXITSTATUS(st) & 1, 0, "uid 1000: read 0600 queue: EACCES");
	is_int(WEXITSTATUS(st) & 2, 0, "uid 1000: write 0600 queue: EACCES");
	is_int(WEXITSTATUS(st) & 4, 0, "uid 1000: read 0644 queue: allowed");
	is_int(WEXITSTATUS(st) & 8, 0, "uid 1000: write 0644 queue: EACCES");
	is_int(WEXITSTATUS(st) & 16, 0, "uid 1000: unlink root's: EACCES");
	is_int(WEXITSTATUS(st) & 32, 0, "uid 1000: O_EXCL sees it: EEXIST");
	is_int(WEXITSTATUS(st), 0, "uid 1000 checks");
	mq_close(q);
	mq_close(w);
	is_int(mq_unlink(QP), 0, "root unlinks");
	mq_unlink(Q2);
}

static volatile sig_atomic_t notified, notified_value, notified_code;

static void
on_usr2(int sig, siginfo_t *si, void *ctx)
{
	notified++;
	notified_value = si->si_value.sival_int;
	notified_code = si->si_code;
}

static void
t_notify(void)
{
	struct sigevent ev;
	struct sigaction sa;
	struct timespec zero = { 0, 0 }, five = { 5, 0 };
	sigset_t set, oset;
	siginfo_t si;
	char buf[64];
	mqd_t q;
	pid_t pid;
	int st;

	q = mkq(Q1, 4, 64, O_RDWR | O_EXCL);
	ok(q >= 0, "queue for notification");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &oset);

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 4242;
	is_int(mq_notify(q, &ev), 0, "mq_notify SIGEV_SIGNAL");
	is_int(errno_of(mq_notify(q, &ev)), EBUSY, "registered already: EBUSY");
	pid = fork();
	if (pid == 0)
		_exit(errno_of(mq_notify(q, &ev)) == EBUSY ? 0 : 1);
	is_int(child_status(pid), 0, "another process: EBUSY");
	is_int(mq_send(q, "n", 1, 0), 0, "send to the empty queue");
	memset(&si, 0, sizeof(si));
	is_int(sigtimedwait(&set, &si, &five), SIGUSR1, "SIGUSR1 posted");
	is_int(si.si_value.sival_int, 4242, "with sigev_value 4242");
	is_int(si.si_code, SI_MESGQ, "si_code SI_MESGQ");
	is_int(si.si_pid, getpid(), "si_pid the sender");
	/* The registration is used up; a send to a non-empty queue or
	   with none registered posts nothing. */
	is_int(mq_send(q, "n", 1, 0), 0, "send again");
	is_int(errno_of(sigtimedwait(&set, &si, &zero)), EAGAIN,
	    "no second signal");
	is_int(mq_notify(q, &ev), 0, "register again");
	is_int(mq_send(q, "n", 1, 0), 0, "send to a non-empty queue");
	is_int(errno_of(sigtimedwait(&set, &si, &zero)), EAGAIN,
	    "not empty before: no signal");
	mq_receive(q, buf, 64, NULL);
	mq_receive(q, buf, 64, NULL);
	mq_receive(q, buf, 64, NULL);
	is_int(mq_notify(q, NULL), 0, "mq_notify(NULL) withdraws it");
	is_int(mq_send(q, "n", 1, 0), 0, "send to the empty queue");
	is_int(errno_of(sigtimedwait(&set, &si, &zero)), EAGAIN,
	    "withdrawn: no signal");
	mq_receive(q, buf, 64, NULL);
	sigprocmask(SIG_SETMASK, &oset, NULL);

	/* Delivered to a SA_SIGINFO handler. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	ev.sigev_signo = SIGUSR2;
	ev.sigev_value.sival_int = 77;
	notified = 0;
	is_int(mq_notify(q, &ev), 0, "mq_notify SIGUSR2");
	is_int(mq_send(q, "h", 1, 0), 0, "send");
	is_int(notified, 1, "handler ran once");
	is_int(notified_value, 77, "handler got si_value 77");
	is_int(notified_code, SI_MESGQ, "handler got SI_MESGQ");
	mq_receive(q, buf, 64, NULL);

	/* A waiting receiver takes the message; no signal then. */
	notified = 0;
	is_int(mq_notify(q, &ev), 0, "register with a receiver waiting");
	pid = fork();
	if (pid == 0) {
		int fd = mq_open(Q1, O_WRONLY);
		struct timespec d = { 0, 300 * 1000000 };

		nanosleep(&d, NULL);	/* backstop only: see below */
		_exit(mq_send(fd, "c", 1, 0) == 0 ? 0 : 1);
	}
	is_int(mq_receive(q, buf, 64, NULL), 1, "receiver gets it");
	is_int(child_status(pid), 0, "sender child");
	/* Whether the receiver was asleep yet decides whether the
	   registration fired; withdraw it if it did not. */
	mq_notify(q, NULL);

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	is_int(mq_notify(q, &ev), 0, "SIGEV_NONE registers");
	is_int(errno_of(mq_notify(q, &ev)), EBUSY, "and holds the slot");
	is_int(mq_notify(q, NULL), 0, "withdrawn");
	ev.sigev_notify = 99;
	is_int(errno_of(mq_notify(q, &ev)), EINVAL, "unknown sigev_notify");
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	is_int(errno_of(mq_notify(q, &ev)), EINVAL, "signal 0: EINVAL");
	is_int(errno_of(mq_notify(q, (void *)8)), EFAULT, "bad sigevent: EFAULT");
	/* A registration ends with the descriptor it came through. */
	ev.sigev_signo = SIGUSR2;
	is_int(mq_notify(q, &ev), 0, "register, then close");
	mq_close(q);
	q = mq_open(Q1, O_RDWR);
	is_int(mq_notify(q, &ev), 0, "free again after the close");
	mq_close(q);
	mq_unlink(Q1);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	(void)st;
}

static void
t_readiness(void)
{
	struct pollfd pf;
	struct kevent kev[2], out[2];
	struct timespec zero = { 0, 0 };
	struct timeval tv = { 0, 0 };
	fd_set rs;
	char buf[64];
	int kq, n, i;
	mqd_t q;
	pid_t pid;

	q = mkq(Q1, 2, 64, O_RDWR | O_EXCL);
	ok(q >= 0, "queue of 2 for readiness");
	pf.fd = q;
	pf.events = POLLIN | POLLOUT;
	is_int(poll(&pf, 1, 0), 1, "poll: ready");
	is_int(pf.revents, POLLOUT, "empty: POLLOUT only");
	kq = kqueue();
	EV_SET(&kev[0], q, EVFILT_READ, EV_ADD, 0, 0, NULL);
	EV_SET(&kev[1], q, EVFILT_WRITE, EV_ADD, 0, 0, NULL);
	is_int(kevent(kq, kev, 2, NULL, 0, NULL), 0, "kevent on a queue");
	n = kevent(kq, NULL, 0, out, 2, &zero);
	ok(n == 1 && out[0].filter == EVFILT_WRITE && out[0].data == 2,
	    "empty: EVFILT_WRITE, data 2 free");
	mq_send(q, "1", 1, 0);
	is_int(poll(&pf, 1, 0), 1, "poll after a send");
	is_int(pf.revents, POLLIN | POLLOUT, "POLLIN | POLLOUT");
	FD_ZERO(&rs);
	FD_SET(q, &rs);
	is_int(select(q + 1, &rs, NULL, NULL, &tv), 1, "select: readable");
	mq_send(q, "2", 1, 0);
	is_int(poll(&pf, 1, 0), 1, "poll when full");
	is_int(pf.revents, POLLIN, "full: POLLIN only");
	n = kevent(kq, NULL, 0, out, 2, &zero);
	ok(n == 1 && out[0].filter == EVFILT_READ && out[0].data == 2,
	    "full: EVFILT_READ, data 2 messages");
	for (i = 0; i < 2; i++)
		mq_receive(q, buf, 64, NULL);

	/* A receiver blocked in poll, woken by a sender in a child. */
	pid = fork();
	if (pid == 0) {
		mqd_t w = mq_open(Q1, O_WRONLY);

		_exit(mq_send(w, "wake", 4, 7) == 0 ? 0 : 1);
	}
	pf.events = POLLIN;
	is_int(poll(&pf, 1, 10000), 1, "poll woken by the sender");
	is_int(pf.revents, POLLIN, "POLLIN");
	n = kevent(kq, NULL, 0, out, 2, &zero);
	ok(n >= 1, "kevent sees it");
	is_int(mq_receive(q, buf, 64, NULL), 4, "the message");
	is_int(child_status(pid), 0, "sender child");

	/* A receiver asleep in mq_receive, woken from the other CPU. */
	pid = fork();
	if (pid == 0) {
		mqd_t rq = mq_open(Q1, O_RDONLY);
		unsigned prio = 0;
		char b[64];

		memset(b, 0, sizeof(b));
		if (mq_receive(rq, b, 64, &prio) != 5 || strcmp(b, "hello") ||
		    prio != 9)
			_exit(1);
		_exit(0);
	}
	{
		struct timespec d = { 0, 100 * 1000000 };

		nanosleep(&d, NULL);	/* let it sleep; correct either way */
	}
	is_int(mq_send(q, "hello", 5, 9), 0, "send to the sleeping receiver");
	is_int(child_status(pid), 0, "receiver woke with the message");
	close(kq);
	mq_close(q);
	mq_unlink(Q1);
}

/* Read kern.mqueue.queues; find name.  Returns the record count. */
static int
read_queues(const char *name, struct xmqueue *found, int *nfound,
    int *consistent)
{
	struct xmqgen *h, *t;
	struct xmqueue *x;
	size_t len = 0;
	char *buf;
	int n, i;

	*nfound = 0;
	*consistent = 0;
	if (sysctlbyname("kern.mqueue.queues", NULL, &len, NULL, 0) != 0)
		return (-1);
	buf = malloc(len);
	if (buf == NULL ||
	    sysctlbyname("kern.mqueue.queues", buf, &len, NULL, 0) != 0)
		return (-1);
	h = (struct xmqgen *)buf;
	if (len < 2 * sizeof(*h) || h->xmg_len != sizeof(*h) ||
	    h->xmg_version != XMQUEUE_VERSION)
		return (-1);
	n = (int)h->xmg_count;
	if (len != 2 * sizeof(*h) + n * sizeof(*x))
		return (-1);
	t = (struct xmqgen *)(buf + sizeof(*h) + n * sizeof(*x));
	*consistent = t->xmg_len == sizeof(*t) && t->xmg_gen == h->xmg_gen;
	for (i = 0; i < n; i++) {
		x = (struct xmqueue *)(buf + sizeof(*h)) + i;
		if (x->xmq_len != sizeof(*x) ||
		    x->xmq_version != XMQUEUE_VERSION)
			return (-1);
		if (strcmp(x->xmq_name, name) == 0) {
			*found = *x;
			(*nfound)++;
		}
	}
	free(buf);
	return (n);
}

static void
t_unlink_list(int curmq0)
{
	struct xmqueue x;
	struct mq_attr a;
	char buf[64];
	int n, nf, cons;
	mqd_t q, q2, q3;

	q = mkq(Q1, 5, 64, O_RDWR | O_EXCL);
	q2 = mq_open(Q1, O_RDONLY);
	ok(q >= 0 && q2 >= 0, "queue open twice");
	mq_send(q, "abc", 3, 1);
	mq_send(q, "defgh", 5, 2);
	memset(&x, 0, sizeof(x));
	n = read_queues(Q1, &x, &nf, &cons);
	is_int(n, curmq0 + 1, "kern.mqueue.queues: one record per queue");
	ok(cons, "header and trailer generations agree");
	is_int(nf, 1, "our queue listed once");
	is_int(x.xmq_maxmsg, 5, "xmq_maxmsg");
	is_int(x.xmq_msgsize, 64, "xmq_msgsize");
	is_int(x.xmq_curmsgs, 2, "xmq_curmsgs");
	is_int(x.xmq_qbytes, 8, "xmq_qbytes");
	is_int(x.xmq_nopen, 2, "xmq_nopen");
	is_int(x.xmq_mode, 0600, "xmq_mode");
	is_int(x.xmq_uid, getuid(), "xmq_uid");
	is_int(x.xmq_flags, 0, "not unlinked");
	ok(x.xmq_ctime > 0 && x.xmq_mtime >= x.xmq_ctime, "times set");

	is_int(mq_unlink(Q1), 0, "unlink while open");
	is_int(errno_of(mq_open(Q1, O_RDWR)), ENOENT, "name gone: ENOENT");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 1,
	    "the queue lives on while open");
	n = read_queues("", &x, &nf, &cons);
	ok(nf == 1 && (x.xmq_flags & XMQ_UNLINKED) && x.xmq_curmsgs == 2,
	    "listed as unlinked, messages kept");
	is_int(mq_receive(q2, buf, 64, NULL), 5, "receive after unlink");
	is_int(mq_send(q, "z", 1, 0), 0, "send after unlink");
	ok(mq_getattr(q, &a) == 0 && a.mq_curmsgs == 2, "mq_curmsgs 2");
	q3 = mq_open(Q1, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
	ok(q3 >= 0, "the name can be reused at once");
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 2,
	    "two queues now");
	mq_close(q3);
	mq_unlink(Q1);
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 1,
	    "the new one is gone");
	mq_close(q2);
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0 + 1,
	    "the unlinked one is still held by a descriptor");
	mq_close(q);
	is_int(sysctl_int("kern.mqueue.curmq"), curmq0,
	    "the last close frees it");
	n = read_queues("", &x, &nf, &cons);
	is_int(n, curmq0, "and it leaves the list");
}

int
main(void)
{
	int curmq0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	curmq0 = sysctl_int("kern.mqueue.curmq");
	ok(curmq0 >= 0, "kern.mqueue.curmq readable");
	t_limits();
	t_open(curmq0);
	t_order_sizes();
	t_nonblock_timeout();
	t_badf_access();
	t_notify();
	t_readiness();
	t_unlink_list(curmq0);
	return (done());
}
