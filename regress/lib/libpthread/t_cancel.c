/*
 * Thread cancellation: a thread blocked in the kernel in each kind of
 * cancellation point (read, write, nanosleep, sleep, usleep, pause,
 * select, poll, accept, recv, waitpid, sigwait, msgrcv, msgsnd, semop,
 * mq_receive, pthread_join, pthread_cond_wait and timedwait) is
 * cancelled and joined with PTHREAD_CANCELED within 2 s, its cleanup
 * handlers run last pushed first with their arguments, then its key
 * destructors; a condition wait's handler runs with the mutex held;
 * PTHREAD_CANCEL_DISABLE keeps a request waiting (a blocked read is not
 * broken by it) until re-enabled, when pthread_testcancel acts;
 * asynchronous cancellation stops a busy loop; requests that race with
 * the thread entering read are never lost; stdio is not a cancellation
 * point (its lock would be lost); the errors (ESRCH, EINVAL);
 * and the hidden signal (sigaction EINVAL, never reported blocked).
 * A thread that does not end within 2 s of its cancel is reported and
 * left behind; a watchdog alarm kills the test if anything else hangs.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define	SPATH	"/tmp/t_cancel.sock"
#define	MQNAME	"/t_cancel"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000LL + ts.tv_nsec / 1000000);
}

/* ---- what each cancelled thread leaves behind ---------------------- */

static char	trace[64];	/* cleanup and destructor events, in order */
static volatile int tracelen;
static pthread_mutex_t tracelock = PTHREAD_MUTEX_INITIALIZER;
static volatile int ready;
static volatile int reached;	/* the code after the blocking call ran */
static pthread_key_t key;

static void
tr(char c)
{
	pthread_mutex_lock(&tracelock);
	if (tracelen < (int)sizeof(trace) - 1)
		trace[tracelen++] = c;
	trace[tracelen] = '\0';
	pthread_mutex_unlock(&tracelock);
}

static void
cleanup(void *arg)
{
	tr(*(const char *)arg);
}

static void
destructor(void *arg)
{
	tr(*(const char *)arg);
}

static void
reset(void)
{
	tracelen = 0;
	trace[0] = '\0';
	ready = 0;
	reached = 0;
}

/*
 * Has t ended within ms milliseconds?  Its lwp is gone once pthread_kill
 * says ESRCH; a thread that never ends is reported, not waited for.
 */
static int
ended(pthread_t t, int ms)
{
	long long end = now_ms() + ms;

	while (pthread_kill(t, 0) != ESRCH) {
		if (now_ms() >= end)
			return (0);
		usleep(2000);
	}
	return (1);
}

/* ---- the blocking calls -------------------------------------------- */

static int	fds[2];		/* an empty pipe */
static int	wfds[2];	/* a full pipe */
static int	lsock;		/* a listening AF_UNIX socket */
static int	sp[2];		/* a quiet socket pair */
static int	msqid, fullqid, semid;
static mqd_t	mq;
static pid_t	child;
static pthread_t sleeper;
static pthread_mutex_t cm;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int	cm_unlock;	/* pthread_mutex_unlock in the handler */

struct msg {
	long	mtype;
	char	mtext[64];
};

static void b_read(void) { char c; read(fds[0], &c, 1); }
static void b_write(void) { char b[512]; memset(b, 0, sizeof(b));
    write(wfds[1], b, sizeof(b)); }
static void b_nanosleep(void) { struct timespec ts = { 100, 0 };
    nanosleep(&ts, NULL); }
static void b_sleep(void) { sleep(100); }
static void b_usleep(void) { usleep(100000000); }
static void b_pause(void) { pause(); }
static void b_select(void) { fd_set r; FD_ZERO(&r); FD_SET(fds[0], &r);
    select(fds[0] + 1, &r, NULL, NULL, NULL); }
static void b_poll(void) { struct pollfd p = { fds[0], POLLIN, 0 };
    poll(&p, 1, -1); }
static void b_accept(void) { accept(lsock, NULL, NULL); }
static void b_recv(void) { char c; recv(sp[0], &c, 1, 0); }
static void b_waitpid(void) { int st; waitpid(child, &st, 0); }
static void b_sigwait(void) { sigset_t s; int sig; sigfillset(&s);
    sigwait(&s, &sig); }
static void b_msgrcv(void) { struct msg m;
    msgrcv(msqid, &m, sizeof(m.mtext), 0, 0); }
static void b_msgsnd(void) { struct msg m = { 1, "x" };
    msgsnd(fullqid, &m, sizeof(m.mtext), 0); }
static void b_semop(void) { struct sembuf sb = { 0, -1, 0 };
    semop(semid, &sb, 1); }
static void b_mqrecv(void) { char b[128]; unsigned pr;
    mq_receive(mq, b, sizeof(b), &pr); }
static void b_join(void) { pthread_join(sleeper, NULL); }

static void
b_condwait(void)
{
	pthread_mutex_lock(&cm);
	pthread_cleanup_push(cleanup, "M");
	for (;;)
		pthread_cond_wait(&cv, &cm);
	pthread_cleanup_pop(0);
}

static void
b_condtimedwait(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 100;
	pthread_mutex_lock(&cm);
	pthread_cleanup_push(cleanup, "M");
	for (;;)
		pthread_cond_timedwait(&cv, &cm, &ts);
	pthread_cleanup_pop(0);
}

static void
cm_cleanup(void *arg)
{
	(void)arg;
	/* An error-checking mutex: 0 only if this thread holds it. */
	cm_unlock = pthread_mutex_unlock(&cm);
}

static void *
blocker(void *arg)
{
	void (*fn)(void) = (void (*)(void))arg;

	pthread_setspecific(key, "D");
	pthread_cleanup_push(cleanup, "1");
	pthread_cleanup_push(cleanup, "2");
	pthread_cleanup_push(cm_cleanup, NULL);
	ready = 1;
	fn();
	reached = 1;
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return (NULL);
}

/*
 * Start a thread in fn, let it block (100 ms), cancel it and join it:
 * PTHREAD_CANCELED within 2 s, handlers "M" (condition waits only), the
 * mutex handler, "2", "1", then the destructor "D".
 */
static void
cancel_blocked(const char *name, void (*fn)(void), int condwait)
{
	pthread_t t;
	void *rv = NULL;
	char msg[80];
	int r;

	reset();
	cm_unlock = -1;
	if (pthread_create(&t, NULL, blocker, (void *)fn) != 0) {
		ok(0, name);
		return;
	}
	while (!ready)
		usleep(1000);
	usleep(100000);
	r = pthread_cancel(t);
	snprintf(msg, sizeof(msg), "%s: pthread_cancel", name);
	is_int(r, 0, msg);
	snprintf(msg, sizeof(msg), "%s: ended within 2 s", name);
	if (!ok(ended(t, 2000), msg)) {
		/* Still blocked: leave it (exit ends it), report the rest. */
		reset();
		return;
	}
	r = pthread_join(t, &rv);
	snprintf(msg, sizeof(msg), "%s: joined with PTHREAD_CANCELED", name);
	ok(r == 0 && rv == PTHREAD_CANCELED, msg);
	snprintf(msg, sizeof(msg), "%s: cleanup LIFO, then destructor", name);
	is_str(trace, condwait ? "M21D" : "21D", msg);
	if (condwait) {
		snprintf(msg, sizeof(msg), "%s: handler ran holding the mutex",
		    name);
		is_int(cm_unlock, 0, msg);
	}
	snprintf(msg, sizeof(msg), "%s: the call never returned", name);
	is_int(reached, 0, msg);
}

static void
setup(void)
{
	struct sockaddr_un sun;
	struct msg m = { 1, "fill" };
	pthread_mutexattr_t ma;
	struct mq_attr attr;
	int i, fl;

	pthread_key_create(&key, destructor);
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&cm, &ma);
	ok(pipe(fds) == 0, "pipe");
	ok(pipe(wfds) == 0, "second pipe");
	fl = fcntl(wfds[1], F_GETFL);
	fcntl(wfds[1], F_SETFL, fl | O_NONBLOCK);
	{
		char b[512];

		memset(b, 0, sizeof(b));
		while (write(wfds[1], b, sizeof(b)) > 0)
			;
	}
	fcntl(wfds[1], F_SETFL, fl);
	unlink(SPATH);
	lsock = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, SPATH, sizeof(sun.sun_path));
	ok(lsock >= 0 && bind(lsock, (struct sockaddr *)&sun,
	    sizeof(sun)) == 0 && listen(lsock, 5) == 0, "listening socket");
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0, "socketpair");
	msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ok(msqid >= 0, "msgget");
	fullqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ok(fullqid >= 0, "msgget (to fill)");
	for (i = 0; i < 100000; i++)
		if (msgsnd(fullqid, &m, sizeof(m.mtext), IPC_NOWAIT) < 0)
			break;
	is_int(errno, EAGAIN, "queue full");
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	ok(semid >= 0, "semget (value 0)");
	mq_unlink(MQNAME);
	memset(&attr, 0, sizeof(attr));
	attr.mq_maxmsg = 4;
	attr.mq_msgsize = 128;
	mq = mq_open(MQNAME, O_CREAT | O_RDWR, 0600, &attr);
	ok(mq != (mqd_t)-1, "mq_open");
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	ok(child > 0, "fork a child to wait for");
}

static void *
sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return (NULL);
}

/* ---- PTHREAD_CANCEL_DISABLE ---------------------------------------- */

static volatile int dis_read, dis_old, dis_after;

static void *
disabled(void *arg)
{
	char c;
	int old;

	(void)arg;
	pthread_setspecific(key, "D");
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	dis_old = old;
	pthread_cleanup_push(cleanup, "1");
	ready = 1;
	/* The request comes while this blocks; main then writes a byte. */
	dis_read = (int)read(fds[0], &c, 1);
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	dis_old = dis_old * 10 + old;
	reached = 1;
	pthread_testcancel();
	dis_after = 1;
	pthread_cleanup_pop(0);
	return (NULL);
}

static void
test_disable(void)
{
	pthread_t t;
	void *rv = NULL;

	reset();
	pthread_create(&t, NULL, disabled, NULL);
	while (!ready)
		usleep(1000);
	usleep(100000);
	is_int(pthread_cancel(t), 0, "disabled: pthread_cancel");
	usleep(200000);
	is_int(write(fds[1], "x", 1), 1, "disabled: feed the read");
	if (!ok(ended(t, 2000), "disabled: ended within 2 s"))
		return;
	pthread_join(t, &rv);
	ok(rv == PTHREAD_CANCELED, "disabled: joined with PTHREAD_CANCELED");
	is_int(dis_read, 1, "disabled: the blocked read was not broken");
	is_int(dis_old, PTHREAD_CANCEL_ENABLE * 10 + PTHREAD_CANCEL_DISABLE,
	    "disabled: old states ENABLE then DISABLE");
	is_int(reached, 1, "disabled: ran on to pthread_testcancel");
	is_int(dis_after, 0, "disabled: pthread_testcancel acted");
	is_str(trace, "1D", "disabled: cleanup and destructor ran");
}

/* ---- stdio is not a cancellation point ------------------------------ */

static FILE	*sfp;
static volatile int sgot = -2, safter;

static void *
stdioreader(void *arg)
{
	(void)arg;
	ready = 1;
	/* Holds the stream's lock in read(2): cancelling there would leak it. */
	sgot = fgetc(sfp);
	safter = 1;
	pthread_testcancel();
	safter = 2;
	return (NULL);
}

static void
test_stdio(void)
{
	pthread_t t;
	void *rv = NULL;
	int p[2];

	reset();
	pipe(p);
	sfp = fdopen(p[0], "r");
	pthread_create(&t, NULL, stdioreader, NULL);
	while (!ready)
		usleep(1000);
	usleep(100000);
	is_int(pthread_cancel(t), 0, "stdio: pthread_cancel");
	usleep(200000);
	ok(pthread_kill(t, 0) == 0, "stdio: fgetc is not a cancellation point");
	is_int(write(p[1], "s", 1), 1, "stdio: feed fgetc");
	if (!ok(ended(t, 2000), "stdio: ended within 2 s"))
		return;
	pthread_join(t, &rv);
	ok(rv == PTHREAD_CANCELED, "stdio: joined with PTHREAD_CANCELED");
	is_int(sgot, 's', "stdio: fgetc returned the byte");
	is_int(safter, 1, "stdio: pthread_testcancel acted");
	/* The stream's lock was given back: another thread can use it. */
	is_int(write(p[1], "t", 1), 1, "stdio: feed again");
	is_int(fgetc(sfp), 't', "stdio: the stream is usable after");
	fclose(sfp);
	close(p[1]);
}

/* ---- asynchronous cancellation ------------------------------------- */

static volatile unsigned long spins;

static void *
busy(void *arg)
{
	int old;

	(void)arg;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	pthread_cleanup_push(cleanup, "A");
	ready = old == PTHREAD_CANCEL_DEFERRED ? 1 : 2;
	for (;;)
		spins++;
	pthread_cleanup_pop(0);
	return (NULL);
}

static void
test_async(void)
{
	pthread_t t;
	void *rv = NULL;
	unsigned long s0;

	reset();
	pthread_create(&t, NULL, busy, NULL);
	while (!ready)
		usleep(1000);
	is_int(ready, 1, "async: old type was DEFERRED");
	s0 = spins;
	usleep(50000);
	ok(spins != s0, "async: the loop runs");
	is_int(pthread_cancel(t), 0, "async: pthread_cancel");
	if (!ok(ended(t, 2000), "async: ended within 2 s"))
		return;
	pthread_join(t, &rv);
	ok(rv == PTHREAD_CANCELED, "async: joined with PTHREAD_CANCELED");
	is_str(trace, "A", "async: cleanup ran");
}

/* ---- deferred self-cancel, push/pop without cancellation ----------- */

static volatile int self_r, self_after;

static void *
selfcancel(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "p");
	pthread_cleanup_push(cleanup, "q");
	pthread_cleanup_pop(1);		/* runs "q" */
	pthread_cleanup_push(cleanup, "r");
	pthread_cleanup_pop(0);		/* does not run "r" */
	self_r = pthread_cancel(pthread_self());
	self_after = 1;			/* not a cancellation point yet */
	pthread_testcancel();
	self_after = 2;
	pthread_cleanup_pop(0);
	return (NULL);
}

static void
test_self(void)
{
	pthread_t t;
	void *rv = NULL;

	reset();
	pthread_create(&t, NULL, selfcancel, NULL);
	pthread_join(t, &rv);
	ok(rv == PTHREAD_CANCELED, "self: joined with PTHREAD_CANCELED");
	is_int(self_r, 0, "self: pthread_cancel returned 0");
	is_int(self_after, 1, "self: deferred to pthread_testcancel");
	is_str(trace, "qp", "self: pop(1) ran, pop(0) did not, then exit's");
}

/* ---- the race with entering read ----------------------------------- */

static int	rfds[2];

static void *
reader(void *arg)
{
	char c;

	(void)arg;
	read(rfds[0], &c, 1);
	return (NULL);
}

static void
test_race(void)
{
	pthread_t t;
	void *rv;
	int i, n = 0;
	long long t0 = now_ms();

	pipe(rfds);
	for (i = 0; i < 300; i++) {
		rv = NULL;
		pthread_create(&t, NULL, reader, NULL);
		/* Spread the request over the thread's way into read. */
		if (i % 3 == 1)
			sched_yield();
		else if (i % 3 == 2)
			usleep(i % 50);
		pthread_cancel(t);
		if (!ended(t, 2000))
			break;		/* a lost request: stop here */
		pthread_join(t, &rv);
		if (rv == PTHREAD_CANCELED)
			n++;
	}
	is_int(n, 300, "race: 300 cancels around read, all PTHREAD_CANCELED");
	printf("# 300 create/cancel/join in %lld ms\n", now_ms() - t0);
	close(rfds[0]);
	close(rfds[1]);
}

/* ---- errors and the hidden signal ---------------------------------- */

static void *
quick(void *arg)
{
	return (arg);
}

static void
test_errors(void)
{
	pthread_t t;
	struct sigaction sa;
	sigset_t all, old;
	void *rv = NULL;
	int o, i;
	struct { int pad[64]; } fake;

	is_int(pthread_setcancelstate(5, &o), EINVAL, "setcancelstate 5");
	is_int(pthread_setcancelstate(-1, NULL), EINVAL,
	    "setcancelstate -1");
	is_int(pthread_setcanceltype(7, &o), EINVAL, "setcanceltype 7");
	is_int(pthread_setcanceltype(1, &o), EINVAL, "setcanceltype 1");
	o = -1;
	is_int(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &o), 0,
	    "setcancelstate ENABLE");
	is_int(o, PTHREAD_CANCEL_ENABLE, "initial state ENABLE");
	o = -1;
	is_int(pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &o), 0,
	    "setcanceltype DEFERRED");
	is_int(o, PTHREAD_CANCEL_DEFERRED, "initial type DEFERRED");

	pthread_create(&t, NULL, quick, (void *)7);
	for (i = 0; i < 2000 && pthread_kill(t, 0) != ESRCH; i++)
		usleep(1000);
	is_int(pthread_cancel(t), ESRCH, "cancel an exited thread: ESRCH");
	pthread_join(t, &rv);
	ok(rv == (void *)7, "exited thread keeps its own value");
	is_int(pthread_cancel(t), ESRCH, "cancel a joined thread: ESRCH");
	memset(&fake, 0, sizeof(fake));
	is_int(pthread_cancel((pthread_t)(void *)&fake), ESRCH,
	    "cancel an unknown thread: ESRCH");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	errno = 0;
	ok(sigaction(SIGTHR, &sa, NULL) == -1 && errno == EINVAL,
	    "sigaction(SIGTHR): EINVAL");
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	sigprocmask(SIG_SETMASK, &old, &all);
	ok(!sigismember(&all, SIGTHR) && sigismember(&all, SIGUSR2),
	    "a full mask is reported without SIGTHR");
}

int
main(void)
{
	sigset_t set;
	pthread_attr_t a;

	alarm(120);		/* a hang anywhere else: fail */
	setup();

	/* sigwait's SIGUSR1 and friends stay blocked in every thread. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	cancel_blocked("read", b_read, 0);
	cancel_blocked("write", b_write, 0);
	cancel_blocked("nanosleep", b_nanosleep, 0);
	cancel_blocked("sleep", b_sleep, 0);
	cancel_blocked("usleep", b_usleep, 0);
	cancel_blocked("pause", b_pause, 0);
	cancel_blocked("select", b_select, 0);
	cancel_blocked("poll", b_poll, 0);
	cancel_blocked("accept", b_accept, 0);
	cancel_blocked("recv", b_recv, 0);
	cancel_blocked("waitpid", b_waitpid, 0);
	cancel_blocked("sigwait", b_sigwait, 0);
	cancel_blocked("msgrcv", b_msgrcv, 0);
	cancel_blocked("msgsnd", b_msgsnd, 0);
	cancel_blocked("semop", b_semop, 0);
	cancel_blocked("mq_receive", b_mqrecv, 0);
	pthread_attr_init(&a);
	pthread_create(&sleeper, &a, sleep_forever, NULL);
	cancel_blocked("pthread_join", b_join, 0);
	cancel_blocked("pthread_cond_wait", b_condwait, 1);
	is_int(pthread_mutex_trylock(&cm), 0, "cond_wait: mutex free after");
	pthread_mutex_unlock(&cm);
	cancel_blocked("pthread_cond_timedwait", b_condtimedwait, 1);

	/* The joiner was cancelled: sleeper is still joinable. */
	{
		void *rv = NULL;

		is_int(pthread_cancel(sleeper), 0, "sleeper: pthread_cancel");
		is_int(pthread_join(sleeper, &rv), 0,
		    "sleeper: still joinable after its joiner's cancel");
		ok(rv == PTHREAD_CANCELED, "sleeper: PTHREAD_CANCELED");
	}

	test_disable();
	test_stdio();
	test_async();
	test_self();
	test_race();
	test_errors();

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	msgctl(msqid, IPC_RMID, NULL);
	msgctl(fullqid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	mq_close(mq);
	mq_unlink(MQNAME);
	unlink(SPATH);
	return (done());
}
