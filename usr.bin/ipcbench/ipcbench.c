/*
 * ipcbench: IPC, process and allocator micro-benchmarks in portable POSIX
 * C, so that the same source builds for Petrel (x86_64-petrel-cc,
 * aarch64-petrel-cc) and for Linux (gcc -static) and the two can be run
 * side by side in the same emulator (./build.sh bench, tools/bench.py).
 *
 *	ipcbench [-n count] [-s size] [-t seconds] [-T limit] [-v] test ... | all
 *
 * Every test prints exactly one line,
 *
 *	bench NAME VALUE UNIT		a figure
 *	bench NAME n/a REASON		the running system lacks the feature
 *
 * UNIT says which way is better: "us" (time per operation) lower, the
 * rates ("MB/s", "ops/s", "msgs/s") higher.  A test is timed with
 * clock_gettime(CLOCK_MONOTONIC) around its loop only (set-up, fork and
 * tear-down are outside).  Without -n a test sizes itself: it runs a small
 * count and grows it until one run lasts at least half of -t seconds
 * (default 1), so the same binary gives stable figures on a fast host and
 * under software emulation.
 *
 * Features another part of Petrel may not have yet (TCP/IP, SysV IPC,
 * POSIX message queues, the mbuf bench sysctl) are compiled in when the
 * headers exist and report n/a when the call fails with ENOSYS,
 * EAFNOSUPPORT and the like, so the figures appear as the system grows.
 * Each test runs in its own process group under a watchdog (-T, default
 * 60 s): a test that hangs is killed and reported n/a, not waited for.
 * Timings never decide whether anything passes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<netinet/in.h>) && __has_include(<arpa/inet.h>)
#define HAVE_INET 1
#include <netinet/in.h>
#include <arpa/inet.h>
#if __has_include(<netinet/tcp.h>)
#define HAVE_TCP_H 1
#include <netinet/tcp.h>
#endif
#endif
#if __has_include(<sys/ipc.h>) && __has_include(<sys/msg.h>) && \
    __has_include(<sys/sem.h>) && __has_include(<sys/shm.h>)
#define HAVE_SYSV 1
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#endif
#if __has_include(<mqueue.h>)
#define HAVE_MQUEUE 1
#include <fcntl.h>
#include <mqueue.h>
#endif
#endif /* __has_include */

/* sendfile(2): Linux's (out, in, &off, count) or the BSDs' call. */
#if defined(__linux__)
#define HAVE_SENDFILE 1
#include <sys/sendfile.h>
#elif defined(__Petrel__) || defined(__FreeBSD__) || defined(__DragonFly__)
#define HAVE_SENDFILE 2
#include <sys/uio.h>
#endif
#include <fcntl.h>

#ifdef __Petrel__
#include <sys/sysctl.h>
#if !defined(_POSIX_THREADS) && !defined(_POSIX_PRIORITY_SCHEDULING)
/* Petrel's libc has it (SYS_sched_yield); newlib's <sched.h> hides it. */
int	sched_yield(void);
#endif
#endif

/* How a test's figure is computed from n iterations in secs seconds. */
enum kind {
	K_LAT,		/* microseconds an operation: secs / (n * per) */
	K_RATE,		/* operations a second: n * per / secs */
	K_BW		/* MB/s: n * size / secs / 1e6 */
};

/*
 * A test: run n iterations, put the seconds the loop took in *secs and
 * return 0, or return an errno saying why it cannot run here.
 */
struct test {
	const char	*name;
	int		(*fn)(long n, double *secs);
	enum kind	kind;
	int		per;		/* operations an iteration */
	const char	*unit;
	long		n0;		/* first count when sizing */
	const char	*what;		/* for the usage text */
};

/* A feature whose headers this build did not have. */
#define NOTBUILT	(-1)

static long count;			/* -n: fixed count, 0: size it */
static size_t size = 65536;		/* -s: bandwidth write size */
static double target = 1.0;		/* -t: seconds a run aims at */
static double limit = 60.0;		/* -T: watchdog per test */
static int verbose;			/* -v: diagnostics on stderr */

/* ---- helpers ---------------------------------------------------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Read exactly len bytes; 0, or an errno (EPIPE for an early EOF). */
static int
readfull(int fd, void *p, size_t len)
{
	char *buf = p;
	ssize_t n;

	while (len > 0) {
		n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return (errno);
		if (n == 0)
			return (EPIPE);
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

static int
writefull(int fd, const void *p, size_t len)
{
	const char *buf = p;
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (n < 0 ? errno : EPIPE);
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

/*
 * The file the sendfile tests send, `size' bytes long, or -1: stream_bw
 * then writes from memory.
 */
static int sf_fd = -1;

/* Send all of sf_fd on socket s with sendfile(2); 0 or an errno. */
static int
sendfull(int s)
{
#if HAVE_SENDFILE == 1
	off_t off = 0;
	ssize_t n;

	while (off < (off_t)size) {
		n = sendfile(s, sf_fd, &off, size - (size_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (n < 0 ? errno : EPIPE);
	}
	return (0);
#elif HAVE_SENDFILE == 2
	off_t off = 0, sb;

	while (off < (off_t)size) {
		sb = 0;
		if (sendfile(sf_fd, s, off, size - (size_t)off, NULL, &sb,
		    0) != 0 && errno != EINTR)
			return (errno);
		off += sb;
	}
	return (0);
#else
	(void)s;
	return (ENOSYS);
#endif
}

/* Reap a helper child; its non-zero exit status becomes an errno. */
static int
reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return (errno);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return (0);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : EINTR);
}

/*
 * Stream bandwidth: a child writes n blocks of `size' bytes into wfd,
 * the parent reads them from rfd.  Both descriptors are closed.
 */
static int
stream_bw(int rfd, int wfd, long n, double *secs)
{
	char *buf;
	double t0;
	pid_t pid;
	long i;
	int error = 0, cerr;

	if ((buf = malloc(size)) == NULL) {
		close(rfd);
		close(wfd);
		return (ENOMEM);
	}
	memset(buf, 'p', size);
	/* The child waits for a byte so that the clock starts first. */
	if ((pid = fork()) < 0) {
		error = errno;
		goto out;
	}
	if (pid == 0) {
		close(rfd);
		for (i = 0; i < n; i++)
			if ((error = (sf_fd >= 0) ? sendfull(wfd) :
			    writefull(wfd, buf, size)) != 0)
				_exit(error);
		_exit(0);
	}
	close(wfd);
	wfd = -1;
	t0 = now();
	for (i = 0; i < n && error == 0; i++)
		error = readfull(rfd, buf, size);
	*secs = now() - t0;
	cerr = reap(pid);
	if (error == 0)
		error = cerr;
out:
	close(rfd);
	if (wfd >= 0)
		close(wfd);
	free(buf);
	return (error);
}

/* Close up to four descriptors, each once (a pair may repeat one). */
static void
closefds(int a, int b, int c, int d)
{
	close(a);
	if (b != a)
		close(b);
	if (c != a && c != b)
		close(c);
	if (d != a && d != b && d != c)
		close(d);
}

/*
 * One-byte ping-pong: the parent writes to a1 and reads b0, the child
 * reads a0 and writes b1.  All four descriptors are closed (a pair may
 * name the same socket twice).
 */
static int
pingpong(int a0, int a1, int b0, int b1, long n, double *secs)
{
	double t0;
	pid_t pid;
	char c = 'x';
	long i;
	int error = 0, cerr;

	if ((pid = fork()) < 0)
		return (errno);
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			if ((error = readfull(a0, &c, 1)) != 0 ||
			    (error = writefull(b1, &c, 1)) != 0)
				_exit(error);
		}
		_exit(0);
	}
	t0 = now();
	for (i = 0; i < n && error == 0; i++) {
		if ((error = writefull(a1, &c, 1)) == 0)
			error = readfull(b0, &c, 1);
	}
	*secs = now() - t0;
	/* Closing our ends first unblocks a child left waiting (EOF). */
	closefds(a0, a1, b0, b1);
	cerr = reap(pid);
	return (error ? error : cerr);
}

/* ---- pipes and Unix-domain sockets ---------------------------------------- */

static int
t_pipe_lat(long n, double *secs)
{
	int p[2], q[2];

	if (pipe(p) != 0)
		return (errno);
	if (pipe(q) != 0) {
		close(p[0]);
		close(p[1]);
		return (errno);
	}
	return (pingpong(p[0], p[1], q[0], q[1], n, secs));
}

static int
t_pipe_bw(long n, double *secs)
{
	int p[2];

	if (pipe(p) != 0)
		return (errno);
	return (stream_bw(p[0], p[1], n, secs));
}

static int
t_unix_stream_lat(long n, double *secs)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return (errno);
	/* Parent writes sv[0], child reads sv[1] and answers on it. */
	return (pingpong(sv[1], sv[0], sv[0], sv[1], n, secs));
}

static int
t_unix_stream_bw(long n, double *secs)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return (errno);
	return (stream_bw(sv[1], sv[0], n, secs));
}

/*
 * Open sf_fd: an unlinked file in /tmp (tmpfs on Petrel) of `size'
 * bytes, for the sendfile tests; 0 or an errno.
 */
static int
sf_open(void)
{
	char path[] = "/tmp/ipcbench.XXXXXX", *buf;
	int error = 0;

#ifndef HAVE_SENDFILE
	return (NOTBUILT);
#endif
	if ((sf_fd = mkstemp(path)) < 0)
		return (errno);
	unlink(path);
	if ((buf = malloc(size)) == NULL)
		error = ENOMEM;
	else {
		memset(buf, 'f', size);
		error = writefull(sf_fd, buf, size);
		free(buf);
	}
	if (error != 0) {
		close(sf_fd);
		sf_fd = -1;
	}
	return (error);
}

static void
sf_close(void)
{
	close(sf_fd);
	sf_fd = -1;
}

static int
t_unix_sendfile_bw(long n, double *secs)
{
	int sv[2], error;

	if ((error = sf_open()) != 0)
		return (error);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		error = errno;
		sf_close();
		return (error);
	}
	error = stream_bw(sv[1], sv[0], n, secs);
	sf_close();
	return (error);
}

/* 64-byte datagrams from a child as fast as the receiver takes them. */
static int
t_unix_dgram_rate(long n, double *secs)
{
	char buf[64];
	double t0;
	pid_t pid;
	long i, full = 0;
	int sv[2], error = 0, cerr;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
		return (errno);
	memset(buf, 'd', sizeof(buf));
	if ((pid = fork()) < 0) {
		error = errno;
		close(sv[0]);
		close(sv[1]);
		return (error);
	}
	if (pid == 0) {
		close(sv[1]);
		for (i = 0; i < n; i++) {
			/*
			 * Linux blocks a sender whose peer is full; BSD
			 * (and Petrel) says ENOBUFS at once.  Yield and try
			 * again: a timed back-off would measure the clock
			 * tick (usleep(100) is 10 ms at HZ=100), not IPC.
			 */
			while (send(sv[0], buf, sizeof(buf), 0) < 0) {
				if (errno != ENOBUFS && errno != EAGAIN &&
				    errno != EINTR)
					_exit(errno);
				full++;
				sched_yield();
			}
		}
		if (verbose)
			fprintf(stderr, "# unix-dgram-rate: %ld datagrams, "
			    "%ld sends found the receiver full\n", n, full);
		_exit(0);
	}
	close(sv[0]);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (recv(sv[1], buf, sizeof(buf), 0) != sizeof(buf)) {
			error = errno ? errno : EMSGSIZE;
			break;
		}
	}
	*secs = now() - t0;
	close(sv[1]);
	cerr = reap(pid);
	return (error ? error : cerr);
}

/* ---- TCP and UDP over the loopback ------------------------------------------ */

#ifdef HAVE_INET
/* A socket bound to 127.0.0.1 on a free port; its address in *sin. */
static int
inet_bound(int type, struct sockaddr_in *sin, int *sp)
{
	socklen_t len = sizeof(*sin);
	int s, error;

	if ((s = socket(AF_INET, type, 0)) < 0)
		return (errno);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = 0;
	if (bind(s, (struct sockaddr *)sin, sizeof(*sin)) != 0 ||
	    getsockname(s, (struct sockaddr *)sin, &len) != 0) {
		error = errno;
		close(s);
		return (error);
	}
	*sp = s;
	return (0);
}

/* A connected TCP pair over 127.0.0.1: client end c, server end a. */
static int
tcp_pair(int *c, int *a)
{
	struct sockaddr_in sin;
	int l, s, t, error, one = 1;

	if ((error = inet_bound(SOCK_STREAM, &sin, &l)) != 0)
		return (error);
	if (listen(l, 1) != 0) {
		error = errno;
		close(l);
		return (error);
	}
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
		error = errno;
		close(l);
		return (error);
	}
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    (t = accept(l, NULL, NULL)) < 0) {
		error = errno;
		close(s);
		close(l);
		return (error);
	}
	close(l);
#ifdef HAVE_TCP_H
	/* Ping-pong must not wait for Nagle; failure only costs speed. */
	(void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	(void)setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
#else
	(void)one;
#endif
	*c = s;
	*a = t;
	return (0);
}

static int
t_tcp_lat(long n, double *secs)
{
	int c, a, error;

	if ((error = tcp_pair(&c, &a)) != 0)
		return (error);
	return (pingpong(a, c, c, a, n, secs));
}

static int
t_tcp_bw(long n, double *secs)
{
	int c, a, error;

	if ((error = tcp_pair(&c, &a)) != 0)
		return (error);
	return (stream_bw(a, c, n, secs));
}

static int
t_tcp_sendfile_bw(long n, double *secs)
{
	int c, a, error;

	if ((error = sf_open()) != 0)
		return (error);
	if ((error = tcp_pair(&c, &a)) == 0)
		error = stream_bw(a, c, n, secs);
	sf_close();
	return (error);
}

/*
 * UDP may drop when the receiver falls behind, so the sender goes in
 * windows of UDP_WINDOW datagrams and waits for the receiver's one-byte
 * go-ahead on a pipe before the next.  A window that loses datagrams is
 * noticed by a receive timeout; the lost ones are not counted.
 */
#define UDP_WINDOW	32

static int
t_udp_rate(long n, double *secs)
{
	struct sockaddr_in sin;
	struct timeval tv = { 2, 0 };
	char buf[64];
	double t0;
	pid_t pid;
	long i, w, got = 0, windows;
	int r, s, ack[2], error = 0, cerr;
	char c = 'a';

	windows = (n + UDP_WINDOW - 1) / UDP_WINDOW;
	if ((error = inet_bound(SOCK_DGRAM, &sin, &r)) != 0)
		return (error);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
		error = errno;
		close(r);
		return (error);
	}
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    pipe(ack) != 0) {
		error = errno;
		close(r);
		close(s);
		return (error);
	}
	(void)setsockopt(r, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(buf, 'u', sizeof(buf));
	if ((pid = fork()) < 0) {
		error = errno;
		goto out;
	}
	if (pid == 0) {
		close(ack[1]);
		for (w = 0; w < windows; w++) {
			for (i = 0; i < UDP_WINDOW; i++)
				while (send(s, buf, sizeof(buf), 0) < 0)
					if (errno != ENOBUFS && errno != EINTR)
						_exit(errno);
			if ((error = readfull(ack[0], &c, 1)) != 0)
				_exit(error);
		}
		_exit(0);
	}
	t0 = now();
	for (w = 0; w < windows && error == 0; w++) {
		for (i = 0; i < UDP_WINDOW; i++) {
			if (recv(r, buf, sizeof(buf), 0) == sizeof(buf)) {
				got++;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				error = errno;
			break;		/* lost the rest of this window */
		}
		if (error == 0)
			error = writefull(ack[1], &c, 1);
	}
	*secs = now() - t0;
	/* The figure is what arrived: rescale to n. */
	if (error == 0 && got > 0)
		*secs = *secs * (double)n / (double)got;
	else if (error == 0)
		error = ETIMEDOUT;
	close(ack[1]);
	ack[1] = -1;
	cerr = reap(pid);
	if (error == 0)
		error = cerr;
out:
	close(r);
	close(s);
	close(ack[0]);
	if (ack[1] >= 0)
		close(ack[1]);
	return (error);
}
#else /* !HAVE_INET */
static int
t_tcp_lat(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}

static int
t_tcp_bw(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}

static int
t_tcp_sendfile_bw(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}

static int
t_udp_rate(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}
#endif /* HAVE_INET */

/* ---- System V IPC ------------------------------------------------------------ */

#ifdef HAVE_SYSV
struct bmsg {
	long	mtype;
	char	mtext[8];
};

/*
 * msgsnd/msgrcv round trip on one queue: the parent sends type 1 and
 * waits for type 2, the child answers each type 1 with a type 2.
 */
static int
t_sysv_msg_lat(long n, double *secs)
{
	struct bmsg m;
	double t0;
	pid_t pid;
	long i;
	int id, error = 0, cerr;

	if ((id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) < 0)
		return (errno);
	memset(&m, 0, sizeof(m));
	if ((pid = fork()) < 0) {
		error = errno;
		msgctl(id, IPC_RMID, NULL);
		return (error);
	}
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			if (msgrcv(id, &m, sizeof(m.mtext), 1, 0) < 0)
				_exit(errno);
			m.mtype = 2;
			if (msgsnd(id, &m, sizeof(m.mtext), 0) != 0)
				_exit(errno);
		}
		_exit(0);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		m.mtype = 1;
		if (msgsnd(id, &m, sizeof(m.mtext), 0) != 0 ||
		    msgrcv(id, &m, sizeof(m.mtext), 2, 0) < 0) {
			error = errno;
			break;
		}
	}
	*secs = now() - t0;
	/* Removing the queue wakes a child still waiting (EIDRM). */
	msgctl(id, IPC_RMID, NULL);
	cerr = reap(pid);
	return (error ? error : cerr);
}

/* semop: one iteration is an up and a down of one semaphore. */
static int
t_sysv_sem_rate(long n, double *secs)
{
	struct sembuf up = { 0, 1, 0 }, down = { 0, -1, 0 };
	double t0;
	long i;
	int id, error = 0;

	if ((id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)) < 0)
		return (errno);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (semop(id, &up, 1) != 0 || semop(id, &down, 1) != 0) {
			error = errno;
			break;
		}
	}
	*secs = now() - t0;
	semctl(id, 0, IPC_RMID);
	return (error);
}

/* shmat + shmdt of one 64 KiB segment, pages untouched. */
static int
t_sysv_shm_rate(long n, double *secs)
{
	double t0;
	void *p;
	long i;
	int id, error = 0;

	if ((id = shmget(IPC_PRIVATE, 65536, IPC_CREAT | 0600)) < 0)
		return (errno);
	t0 = now();
	for (i = 0; i < n; i++) {
		if ((p = shmat(id, NULL, 0)) == (void *)-1 ||
		    shmdt(p) != 0) {
			error = errno;
			break;
		}
	}
	*secs = now() - t0;
	shmctl(id, IPC_RMID, NULL);
	return (error);
}
#else /* !HAVE_SYSV */
static int
t_sysv_msg_lat(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}

static int
t_sysv_sem_rate(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}

static int
t_sysv_shm_rate(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}
#endif /* HAVE_SYSV */

/* ---- POSIX message queues ------------------------------------------------------ */

#ifdef HAVE_MQUEUE
/*
 * Round trip over two queues: the parent sends on q[0] and receives on
 * q[1], the child the other way.  The names are unlinked at once; the
 * open descriptors survive fork.
 */
static int
t_posix_mq_lat(long n, double *secs)
{
	struct mq_attr attr;
	char name[2][64], buf[64];
	mqd_t q[2];
	double t0;
	pid_t pid;
	long i;
	int k, error = 0, cerr;
	unsigned prio;

	memset(&attr, 0, sizeof(attr));
	attr.mq_maxmsg = 8;
	attr.mq_msgsize = sizeof(buf);
	for (k = 0; k < 2; k++) {
		snprintf(name[k], sizeof(name[k]), "/ipcbench.%ld.%d",
		    (long)getpid(), k);
		q[k] = mq_open(name[k], O_RDWR | O_CREAT | O_EXCL, 0600,
		    &attr);
		if (q[k] == (mqd_t)-1) {
			error = errno;
			if (k == 1)
				mq_close(q[0]);
			return (error);
		}
		mq_unlink(name[k]);
	}
	memset(buf, 'q', sizeof(buf));
	if ((pid = fork()) < 0) {
		error = errno;
		goto out;
	}
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			if (mq_receive(q[0], buf, sizeof(buf), &prio) < 0 ||
			    mq_send(q[1], buf, 8, 0) != 0)
				_exit(errno);
		}
		_exit(0);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (mq_send(q[0], buf, 8, 0) != 0 ||
		    mq_receive(q[1], buf, sizeof(buf), &prio) < 0) {
			error = errno;
			break;
		}
	}
	*secs = now() - t0;
	if (error != 0)
		kill(pid, SIGKILL);
	cerr = reap(pid);
	if (error == 0)
		error = cerr;
out:
	mq_close(q[0]);
	mq_close(q[1]);
	return (error);
}
#else
static int
t_posix_mq_lat(long n, double *secs)
{
	(void)n;
	(void)secs;
	return (NOTBUILT);
}
#endif /* HAVE_MQUEUE */

/* ---- processes ------------------------------------------------------------------- */

/* fork, the child _exits at once, the parent waits for it. */
static int
t_fork_exit(long n, double *secs)
{
	double t0;
	pid_t pid;
	long i;
	int error;

	t0 = now();
	for (i = 0; i < n; i++) {
		if ((pid = fork()) < 0)
			return (errno);
		if (pid == 0)
			_exit(0);
		if ((error = reap(pid)) != 0)
			return (error);
	}
	*secs = now() - t0;
	return (0);
}

/*
 * Context switch between two processes: a pipe ping-pong, unpinned (with
 * two CPUs the two may run on different ones), counted as two switches a
 * round trip.  The figure includes the pipe's own cost.
 */
static int
t_ctxsw_pipe(long n, double *secs)
{
	return (t_pipe_lat(n, secs));
}

/* ---- the kernel's mbuf allocator ---------------------------------------------- */

/*
 * kern.ipc.mbuf_bench (sys/kern/uipc_mbuf_bench.c): writing N runs N
 * rounds of m_get/m_free plus m_getcl/m_freem in the kernel and returns
 * the nanoseconds.  Root only; Linux has no such node.
 */
static int
t_mbuf_rate(long n, double *secs)
{
#ifdef __Petrel__
	int64_t iters, ns, sum = 0;
	size_t len;
	long left, chunk;

	/* The node takes at most a million rounds a call. */
	for (left = n; left > 0; left -= chunk) {
		chunk = left > 1000000 ? 1000000 : left;
		iters = chunk;
		len = sizeof(ns);
		if (sysctlbyname("kern.ipc.mbuf_bench", &ns, &len, &iters,
		    sizeof(iters)) != 0)
			return (errno);
		sum += ns;
	}
	*secs = sum / 1e9;
	return (0);
#else
	(void)n;
	(void)secs;
	return (NOTBUILT);
#endif
}

/* ---- driver --------------------------------------------------------------------- */

static const struct test tests[] = {
	{ "pipe-lat", t_pipe_lat, K_LAT, 1, "us", 100,
	    "1-byte pipe ping-pong, us a round trip" },
	{ "pipe-bw", t_pipe_bw, K_BW, 1, "MB/s", 16,
	    "pipe bandwidth, -s byte writes (64 KiB)" },
	{ "unix-stream-lat", t_unix_stream_lat, K_LAT, 1, "us", 100,
	    "1-byte AF_UNIX stream ping-pong, us a round trip" },
	{ "unix-stream-bw", t_unix_stream_bw, K_BW, 1, "MB/s", 16,
	    "AF_UNIX stream bandwidth, -s byte writes" },
	{ "unix-sendfile-bw", t_unix_sendfile_bw, K_BW, 1, "MB/s", 16,
	    "sendfile(2) of a -s byte /tmp file over an AF_UNIX stream" },
	{ "unix-dgram-rate", t_unix_dgram_rate, K_RATE, 1, "msgs/s", 200,
	    "64-byte AF_UNIX datagrams a second" },
	{ "tcp-lat", t_tcp_lat, K_LAT, 1, "us", 100,
	    "1-byte TCP ping-pong over 127.0.0.1, us a round trip" },
	{ "tcp-bw", t_tcp_bw, K_BW, 1, "MB/s", 16,
	    "TCP bandwidth over 127.0.0.1, -s byte writes" },
	{ "tcp-sendfile-bw", t_tcp_sendfile_bw, K_BW, 1, "MB/s", 16,
	    "sendfile(2) of a -s byte /tmp file over TCP on 127.0.0.1" },
	{ "udp-rate", t_udp_rate, K_RATE, 1, "msgs/s", 256,
	    "64-byte UDP datagrams a second over 127.0.0.1" },
	{ "sysv-msg-lat", t_sysv_msg_lat, K_LAT, 1, "us", 100,
	    "SysV msgsnd+msgrcv round trip between two processes" },
	{ "sysv-sem-rate", t_sysv_sem_rate, K_RATE, 2, "ops/s", 200,
	    "SysV semop calls a second (uncontended)" },
	{ "sysv-shm-rate", t_sysv_shm_rate, K_RATE, 1, "ops/s", 100,
	    "SysV shmat+shmdt pairs a second (64 KiB)" },
	{ "posix-mq-lat", t_posix_mq_lat, K_LAT, 1, "us", 100,
	    "POSIX mq_send+mq_receive round trip between two processes" },
	{ "fork-exit", t_fork_exit, K_LAT, 1, "us", 10,
	    "fork, child _exit, parent waitpid; us each" },
	{ "ctxsw-pipe", t_ctxsw_pipe, K_LAT, 2, "us", 100,
	    "process switch via unpinned pipe ping-pong; us a switch" },
	{ "mbuf-rate", t_mbuf_rate, K_RATE, 2, "ops/s", 1000,
	    "in-kernel mbuf alloc+free pairs a second (sysctl)" },
};
#define NTESTS	(sizeof(tests) / sizeof(tests[0]))

/* Size and run one test; print its line.  Runs in the test's process. */
static void
run(const struct test *t)
{
	double secs = 0, v, grow;
	long n;
	int error;

	n = count ? count : t->n0;
	for (;;) {
		secs = 0;
		if ((error = t->fn(n, &secs)) != 0)
			break;
		if (count || secs >= target / 2 || n >= 1000000000L)
			break;
		/* Aim a little past the target; grow at least 2x. */
		grow = secs > 0 ? target * 1.2 / secs : 100;
		if (grow < 2)
			grow = 2;
		if (grow > 100)
			grow = 100;
		n = (long)(n * grow);
	}
	if (error == NOTBUILT) {
		printf("bench %s n/a not built for this system\n",
		    t->name);
		return;
	}
	if (error != 0) {
		printf("bench %s n/a %s\n", t->name, strerror(error));
		return;
	}
	if (secs <= 0)
		secs = 1e-9;
	switch (t->kind) {
	case K_LAT:
		v = secs / ((double)n * t->per) * 1e6;
		break;
	case K_RATE:
		v = (double)n * t->per / secs;
		break;
	default:
		v = (double)n * size / secs / 1e6;
		break;
	}
	printf("bench %s %.*f %s\n", t->name, v < 100 ? 3 : 1, v, t->unit);
}

/*
 * Run one test in its own process group under a watchdog: a test that
 * hangs (a lost datagram, a missing wakeup) is killed with its helpers
 * and reported, so one bad test does not stop the rest.
 */
static void
supervise(const struct test *t)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	double deadline;
	pid_t pid, w;
	int status;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		printf("bench %s n/a fork: %s\n", t->name, strerror(errno));
		return;
	}
	if (pid == 0) {
		(void)setpgid(0, 0);
		run(t);
		fflush(stdout);
		_exit(0);
	}
	(void)setpgid(pid, pid);
	deadline = now() + limit;
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			printf("bench %s n/a waitpid: %s\n", t->name,
			    strerror(errno));
			return;
		}
		if (now() > deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			printf("bench %s n/a timed out after %.0f s\n",
			    t->name, limit);
			break;
		}
		nanosleep(&tick, NULL);
	}
	if (WIFSIGNALED(status) && now() <= deadline)
		printf("bench %s n/a killed by signal %d\n", t->name,
		    WTERMSIG(status));
	fflush(stdout);
}

static void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: ipcbench [-n count] [-s size] [-t seconds] "
	    "[-T limit] [-v] test ... | all\n");
	for (i = 0; i < NTESTS; i++)
		fprintf(stderr, "  %-16s %s\n", tests[i].name, tests[i].what);
	exit(2);
}

int
main(int argc, char **argv)
{
	char *end;
	size_t i;
	int ch, found;

	while ((ch = getopt(argc, argv, "n:s:t:T:v")) != -1) {
		switch (ch) {
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end != '\0' || count <= 0)
				usage();
			break;
		case 's':
			size = (size_t)strtoul(optarg, &end, 10);
			if (*end != '\0' || size == 0 ||
			    size > 16 * 1024 * 1024)
				usage();
			break;
		case 't':
			target = strtod(optarg, &end);
			if (*end != '\0' || target <= 0 || target > 600)
				usage();
			break;
		case 'T':
			limit = strtod(optarg, &end);
			if (*end != '\0' || limit <= 0)
				usage();
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	/* A missing system call must be ENOSYS, not a fatal SIGSYS. */
	signal(SIGSYS, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	for (; argc > 0; argc--, argv++) {
		found = 0;
		for (i = 0; i < NTESTS; i++) {
			if (strcmp(*argv, "all") == 0 ||
			    strcmp(*argv, tests[i].name) == 0) {
				supervise(&tests[i]);
				found = 1;
			}
		}
		if (!found) {
			fprintf(stderr, "ipcbench: unknown test: %s\n", *argv);
			usage();
		}
	}
	return (0);
}
