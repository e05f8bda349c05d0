/*
 * Readiness and timeouts: poll, select and pselect on pipes, a Unix
 * socket pair, a pty and a regular file (POLLIN/POLLOUT/POLLHUP/POLLNVAL,
 * EBADF, EINVAL, EFAULT, pselect's mask letting a pending signal in);
 * kqueue with EVFILT_READ (data is the byte count) and EVFILT_WRITE,
 * EV_ADD/DELETE/ENABLE/DISABLE/CLEAR/ONESHOT and EV_EOF, EVFILT_PROC
 * NOTE_EXIT with the exit status, EVFILT_SIGNAL counting deliveries,
 * EVFILT_TIMER one-shot and periodic; EVFILT_READ/WRITE on a pty master
 * and EVFILT_READ on a kqueue and on /dev/tty with their data counts,
 * EVFILT_PROC NOTE_EXEC.  Every timeout must really elapse:
 * bounded below exactly, above generously for a loaded machine.
 */
#include <sys/types.h>
#include <sys/event.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/ttycom.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

int	posix_openpt(int);

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static volatile int got_usr1;

static void
h_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static int
kev(int kq, int ident, int filter, int flags, int fflags, long data)
{
	struct kevent k;

	EV_SET(&k, ident, filter, flags, fflags, data, 0);
	return (kevent(kq, &k, 1, NULL, 0, NULL));
}

/* Collect one event within ms; 0 if none. */
static int
kget(int kq, struct kevent *out, int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	memset(out, 0, sizeof(*out));
	return (kevent(kq, NULL, 0, out, 1, &ts));
}

/*
 * The pty master under kqueue, as its poll: EVFILT_READ with data the
 * slave's output waiting, EV_EOF once the slave is closed; EVFILT_WRITE
 * with data the room left in the slave's 4096-byte input queue.
 */
static void
pty_master(int kq)
{
	struct kevent out;
	struct termios t;
	char buf[4096], name[32];
	int m, s, unit = -1;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	s = open(name, O_RDWR | O_NOCTTY);
	ok(m >= 0 && s >= 0, "a pty pair for the master's filters");
	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	is_int(kev(kq, m, EVFILT_READ, EV_ADD, 0, 0), 0, "EVFILT_READ on "
	    "a pty master");
	is_int(kget(kq, &out, 100), 0, "nothing printed: not readable");
	write(s, "hello", 5);
	ok(kget(kq, &out, 1000) == 1 && out.ident == (uintptr_t)m &&
	    out.filter == EVFILT_READ && out.data == 5 &&
	    (out.flags & EV_EOF) == 0, "the slave printed 5 bytes: data 5");
	is_int((int)read(m, buf, sizeof(buf)), 5, "the master reads them");
	is_int(kget(kq, &out, 0), 0, "and is not readable after");
	kev(kq, m, EVFILT_READ, EV_DELETE, 0, 0);

	is_int(kev(kq, m, EVFILT_WRITE, EV_ADD, 0, 0), 0, "EVFILT_WRITE on "
	    "a pty master");
	ok(kget(kq, &out, 0) == 1 && out.filter == EVFILT_WRITE &&
	    out.data == 4096, "an empty input queue: data 4096");
	write(m, buf, 10);
	ok(kget(kq, &out, 0) == 1 && out.data == 4086, "10 bytes unread "
	    "by the slave: data 4086");
	memset(buf, 'x', sizeof(buf));
	write(m, buf, 4086);
	is_int(kget(kq, &out, 100), 0, "a full input queue: not writable");
	is_int((int)read(s, buf, 100), 100, "the slave reads 100");
	ok(kget(kq, &out, 1000) == 1 && out.filter == EVFILT_WRITE &&
	    out.data == 100, "writable again: data 100");
	kev(kq, m, EVFILT_WRITE, EV_DELETE, 0, 0);

	kev(kq, m, EVFILT_READ, EV_ADD, 0, 0);
	close(s);
	ok(kget(kq, &out, 1000) == 1 && out.filter == EVFILT_READ &&
	    (out.flags & EV_EOF) && out.data == 0, "the slave closed: "
	    "EV_EOF, data 0");
	errno = 0;
	ok(kev(kq, m, EVFILT_VNODE, EV_ADD, NOTE_WRITE, 0) == -1 &&
	    errno == EOPNOTSUPP, "EVFILT_VNODE on a master: EOPNOTSUPP");
	close(m);
	is_int(kget(kq, &out, 0), 0, "closing the master removes them");
}

/*
 * A kqueue is readable while it has events pending; data is how many
 * (FreeBSD).  Its readiness wakes a kevent sleeping on an outer kqueue.
 */
static void
kqueue_on_kqueue(int kq)
{
	struct kevent out;
	double t0, el;
	char c;
	int kq2, p[2];
	pid_t pid;

	kq2 = kqueue();
	pipe(p);
	is_int(kev(kq2, p[0], EVFILT_READ, EV_ADD, 0, 0), 0, "an inner "
	    "kqueue watches a pipe");
	is_int(kev(kq, kq2, EVFILT_READ, EV_ADD, 0, 0), 0, "EVFILT_READ on "
	    "a kqueue");
	is_int(kget(kq, &out, 100), 0, "no event pending: not readable");
	write(p[1], "ab", 2);
	ok(kget(kq, &out, 1000) == 1 && out.ident == (uintptr_t)kq2 &&
	    out.filter == EVFILT_READ && out.data == 1, "one event pending: "
	    "readable, data 1");
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	/* The stale knote stays queued (counted) until kq2 is scanned. */
	is_int(kget(kq2, &out, 0), 0, "the pipe drained, the inner kqueue "
	    "has nothing");
	is_int(kget(kq, &out, 0), 0, "so the outer one is not readable");
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		write(p[1], "z", 1);
		_exit(0);
	}
	t0 = now();
	is_int(kget(kq, &out, 5000), 1, "a kevent sleeping on the outer "
	    "kqueue");
	el = now() - t0;
	ok(el < 3 && out.ident == (uintptr_t)kq2 && out.data == 1,
	    "is woken by the inner one's event");
	waitpid(pid, NULL, 0);
	errno = 0;
	ok(kev(kq, kq2, EVFILT_WRITE, EV_ADD, 0, 0) == -1 && errno == EINVAL,
	    "EVFILT_WRITE on a kqueue: EINVAL");
	close(kq2);
	is_int(kget(kq, &out, 0), 0, "closing the inner kqueue removes it");
	close(p[0]);
	close(p[1]);
}

/*
 * /dev/tty under kqueue watches the controlling terminal: a child that
 * makes the slave its controlling terminal sees EVFILT_READ on /dev/tty
 * only once the master has typed a line.  The child's verdict is its
 * exit status: 0 right, 1 readable too early, 2 not readable or the
 * wrong data, 3 no kqueue filter.
 */
static void
ctty_kqueue(void)
{
	struct kevent out;
	char name[32], c;
	int m, s, t, k, unit = -1, sync[2], st;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	pipe(sync);
	pid = fork();
	if (pid == 0) {
		setsid();
		s = open(name, O_RDWR);
		t = open("/dev/tty", O_RDWR);
		k = kqueue();
		if (s < 0 || t < 0 || kev(k, t, EVFILT_READ, EV_ADD, 0, 0) != 0)
			_exit(3);
		write(sync[1], "r", 1);
		if (kget(k, &out, 300) != 0)
			_exit(1);
		write(sync[1], "w", 1);
		if (kget(k, &out, 5000) != 1 || out.ident != (uintptr_t)t ||
		    out.data != 3)
			_exit(2);
		_exit(0);
	}
	close(sync[1]);		/* a child that fails early: EOF, no hang */
	read(sync[0], &c, 1);
	read(sync[0], &c, 1);
	write(m, "ab\n", 3);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "the /dev/tty "
	    "child exits");
	is_int(WEXITSTATUS(st), 0, "EVFILT_READ on /dev/tty: not ready "
	    "before a line, ready with data 3 after");
	close(sync[0]);
	close(m);
}

/* EVFILT_PROC NOTE_EXEC is posted when the watched process execs. */
static void
note_exec(int kq)
{
	struct kevent out;
	char c;
	int go[2], in[2], st;
	pid_t pid;

	pipe(go);
	pipe(in);
	pid = fork();
	if (pid == 0) {
		read(go[0], &c, 1);
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		execl("/bin/cat", "cat", (char *)NULL);
		_exit(99);
	}
	close(in[0]);
	is_int(kev(kq, pid, EVFILT_PROC, EV_ADD, NOTE_EXEC, 0), 0,
	    "EVFILT_PROC NOTE_EXEC");
	is_int(kget(kq, &out, 200), 0, "no event before the exec");
	write(go[1], "g", 1);
	ok(kget(kq, &out, 5000) == 1 && out.filter == EVFILT_PROC &&
	    out.ident == (uintptr_t)pid && out.fflags == NOTE_EXEC &&
	    (out.flags & EV_EOF) == 0, "NOTE_EXEC after the exec, alone");
	kev(kq, pid, EVFILT_PROC, EV_DELETE, 0, 0);
	close(in[1]);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the exec'd cat exits 0");
	close(go[0]);
	close(go[1]);
}

int
main(void)
{
	struct pollfd pf[3];
	struct kevent out;
	struct timeval tv;
	struct timespec ts;
	fd_set rs, ws;
	sigset_t blk, empty;
	double t0, el;
	int p[2], sv[2], kq, fd, m, s, unit, st, r, n;
	char buf[128], name[32];
	pid_t pid;

	/* poll on a pipe */
	pipe(p);
	pf[0].fd = p[0];
	pf[0].events = POLLIN;
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	pf[2].fd = -1;
	pf[2].events = POLLIN;
	t0 = now();
	is_int(poll(pf, 1, 150), 0, "poll of an empty pipe times out");
	el = now() - t0;
	ok(el >= 0.145 && el < 10, "after at least its 150 ms");
	is_int(poll(pf, 3, 0), 1, "the write end is ready, fd -1 ignored");
	ok(pf[1].revents == POLLOUT && pf[2].revents == 0, "POLLOUT; "
	    "revents 0 for fd -1");
	write(p[1], "abc", 3);
	ok(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLIN), "POLLIN after "
	    "a write");
	close(p[1]);
	read(p[0], buf, 3);
	ok(poll(pf, 1, 1000) == 1 && (pf[0].revents & POLLHUP), "POLLHUP "
	    "when the writer is gone");
	close(p[0]);
	ok(poll(pf, 1, 0) == 1 && pf[0].revents == POLLNVAL, "POLLNVAL for "
	    "a closed descriptor");
	errno = 0;
	ok(poll((void *)8, 1, 0) == -1 && errno == EFAULT, "poll of a bad "
	    "pointer: EFAULT");
	errno = 0;
	ok(poll(pf, 1000000, 0) == -1 && errno == EINVAL, "poll of a "
	    "million descriptors: EINVAL");

	/* select on a socket pair */
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	FD_ZERO(&rs);
	FD_SET(sv[0], &rs);
	tv.tv_sec = 0;
	tv.tv_usec = 150000;
	t0 = now();
	is_int(select(sv[0] + 1, &rs, NULL, NULL, &tv), 0, "select on an "
	    "idle socket times out");
	el = now() - t0;
	ok(el >= 0.145 && el < 10 && !FD_ISSET(sv[0], &rs), "after at least "
	    "150 ms, with the set cleared");
	write(sv[1], "x", 1);
	FD_SET(sv[0], &rs);
	FD_ZERO(&ws);
	FD_SET(sv[1], &ws);
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	ok(select(sv[1] + 1, &rs, &ws, NULL, &tv) == 2 &&
	    FD_ISSET(sv[0], &rs) && FD_ISSET(sv[1], &ws), "select: readable "
	    "and writable");
	FD_ZERO(&rs);
	FD_SET(60, &rs);
	errno = 0;
	ok(select(61, &rs, NULL, NULL, &tv) == -1 && errno == EBADF,
	    "select with a closed descriptor: EBADF");
	errno = 0;
	ok(select(-1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL,
	    "select with nd -1: EINVAL");
	tv.tv_usec = 2000000;
	errno = 0;
	ok(select(0, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL,
	    "select with tv_usec 2e6: EINVAL");

	/* pselect lets a blocked pending signal in. */
	signal(SIGUSR1, h_usr1);
	sigemptyset(&blk);
	sigaddset(&blk, SIGUSR1);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	kill(getpid(), SIGUSR1);
	is_int(got_usr1, 0, "SIGUSR1 pending while blocked");
	sigemptyset(&empty);
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	errno = 0;
	FD_ZERO(&rs);
	FD_SET(sv[1], &rs);
	t0 = now();
	ok(pselect(sv[1] + 1, &rs, NULL, NULL, &ts, &empty) == -1 &&
	    errno == EINTR && got_usr1 == 1, "pselect with an empty mask: "
	    "the handler runs, EINTR");
	ok(now() - t0 < 4, "at once, not after the timeout");
	sigprocmask(SIG_SETMASK, &blk, &blk);
	ok(sigismember(&blk, SIGUSR1), "the old mask is back after pselect");
	sigprocmask(SIG_UNBLOCK, &blk, NULL);
	ts.tv_sec = 0;
	ts.tv_nsec = 100000000;
	t0 = now();
	is_int(pselect(sv[1] + 1, &rs, NULL, NULL, &ts, NULL), 0,
	    "pselect times out");
	ok(now() - t0 >= 0.095, "after its 100 ms");

	/* A regular file is always ready. */
	fd = open("/tmp/t_event.f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	lseek(fd, 4, SEEK_SET);
	pf[0].fd = fd;
	pf[0].events = POLLIN | POLLOUT;
	ok(poll(pf, 1, 0) == 1 && pf[0].revents == (POLLIN | POLLOUT),
	    "a regular file polls readable and writable");

	/* kqueue */
	kq = kqueue();
	ok(kq >= 0, "kqueue");
	is_int(kev(kq, fd, EVFILT_READ, EV_ADD, 0, 0), 0, "EVFILT_READ on "
	    "a file");
	ok(kget(kq, &out, 0) == 1 && out.ident == (uintptr_t)fd &&
	    out.data == 6, "its data is the 6 bytes past the offset");
	kev(kq, fd, EVFILT_READ, EV_DELETE, 0, 0);
	close(fd);
	unlink("/tmp/t_event.f");

	pipe(p);
	is_int(kev(kq, p[0], EVFILT_READ, EV_ADD, 0, 0), 0, "EVFILT_READ "
	    "on a pipe");
	t0 = now();
	is_int(kget(kq, &out, 150), 0, "nothing to read: the wait times "
	    "out");
	el = now() - t0;
	ok(el >= 0.145 && el < 10, "after at least its 150 ms");
	write(p[1], "hello", 5);
	ok(kget(kq, &out, 1000) == 1 && out.filter == EVFILT_READ &&
	    out.data == 5, "EVFILT_READ: data 5");
	ok(kget(kq, &out, 0) == 1 && out.data == 5, "level-triggered: "
	    "reported again");
	is_int(kev(kq, p[0], EVFILT_READ, EV_DISABLE, 0, 0), 0,
	    "EV_DISABLE");
	is_int(kget(kq, &out, 0), 0, "a disabled event is not reported");
	kev(kq, p[0], EVFILT_READ, EV_ENABLE, 0, 0);
	ok(kget(kq, &out, 0) == 1 && out.data == 5, "EV_ENABLE brings it "
	    "back");
	kev(kq, p[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0);
	ok(kget(kq, &out, 0) == 1, "EV_CLEAR: reported once");
	is_int(kget(kq, &out, 0), 0, "then not again without new data");
	write(p[1], "!", 1);
	ok(kget(kq, &out, 1000) == 1 && out.data == 6, "new data: reported "
	    "with data 6");
	is_int(kev(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0), 0, "EV_DELETE");
	is_int(kget(kq, &out, 0), 0, "a deleted event is gone");
	errno = 0;
	ok(kev(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0) == -1 &&
	    errno == ENOENT, "EV_DELETE again: ENOENT");
	kev(kq, p[0], EVFILT_READ, EV_ADD | EV_ONESHOT, 0, 0);
	ok(kget(kq, &out, 0) == 1, "EV_ONESHOT: reported once");
	is_int(kget(kq, &out, 0), 0, "and then removed");
	errno = 0;
	ok(kev(kq, p[0], EVFILT_READ, EV_DELETE, 0, 0) == -1 &&
	    errno == ENOENT, "nothing left to delete");
	is_int(kev(kq, p[1], EVFILT_WRITE, EV_ADD, 0, 0), 0, "EVFILT_WRITE");
	ok(kget(kq, &out, 0) == 1 && out.filter == EVFILT_WRITE &&
	    out.data > 0, "a pipe with room is writable");
	kev(kq, p[1], EVFILT_WRITE, EV_DELETE, 0, 0);
	kev(kq, p[0], EVFILT_READ, EV_ADD, 0, 0);
	close(p[1]);
	ok(kget(kq, &out, 1000) == 1 && (out.flags & EV_EOF) &&
	    out.data == 6, "EV_EOF when the writer closes, data still 6");
	close(p[0]);
	is_int(kget(kq, &out, 0), 0, "closing the descriptor removes its "
	    "events");
	errno = 0;
	ok(kev(kq, 77, EVFILT_READ, EV_ADD, 0, 0) == -1 && errno == EBADF,
	    "EV_ADD of a closed descriptor: EBADF");
	errno = 0;
	ok(kev(kq, 0, 99, EV_ADD, 0, 0) == -1 && errno == EINVAL,
	    "an unknown filter: EINVAL");
	errno = 0;
	ok(kevent(77, NULL, 0, &out, 1, NULL) == -1 && errno == EBADF,
	    "kevent on a closed descriptor: EBADF");
	ts.tv_sec = 0;
	ts.tv_nsec = -1;
	errno = 0;
	ok(kevent(kq, NULL, 0, &out, 1, &ts) == -1 && errno == EINVAL,
	    "kevent with a negative tv_nsec: EINVAL");

	/* Socket readiness through kqueue. */
	kev(kq, sv[0], EVFILT_READ, EV_ADD, 0, 0);
	ok(kget(kq, &out, 1000) == 1 && out.ident == (uintptr_t)sv[0] &&
	    out.data == 1, "EVFILT_READ on a socket: the 1 byte waiting");
	read(sv[0], buf, 1);
	is_int(kget(kq, &out, 0), 0, "and nothing once read");
	close(sv[1]);
	ok(kget(kq, &out, 1000) == 1 && (out.flags & EV_EOF), "EV_EOF when "
	    "the peer closes");
	close(sv[0]);

	/* A pty: the slave is readable only once a line is complete. */
	m = posix_openpt(O_RDWR | O_NOCTTY);
	unit = -1;
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	s = open(name, O_RDWR | O_NOCTTY);
	ok(m >= 0 && s >= 0, "a pty pair");
	kev(kq, s, EVFILT_READ, EV_ADD, 0, 0);
	write(m, "ab", 2);
	pf[0].fd = s;
	pf[0].events = POLLIN;
	ok(poll(pf, 1, 100) == 0 && kget(kq, &out, 0) == 0, "a partial "
	    "line: not readable (poll, kqueue)");
	write(m, "\n", 1);
	ok(poll(pf, 1, 1000) == 1 && kget(kq, &out, 1000) == 1 &&
	    out.ident == (uintptr_t)s, "the whole line: readable");
	pf[0].fd = m;
	ok(poll(pf, 1, 1000) == 1, "the master has the echo to read");
	close(s);
	close(m);
	kget(kq, &out, 0);

	/* EVFILT_PROC */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		read(p[0], buf, 1);
		_exit(42);
	}
	is_int(kev(kq, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0), 0,
	    "EVFILT_PROC NOTE_EXIT");
	write(p[1], "go", 1);
	r = kget(kq, &out, 10000);
	ok(r == 1 && out.filter == EVFILT_PROC && out.ident ==
	    (uintptr_t)pid && (out.fflags & NOTE_EXIT) &&
	    WIFEXITED(out.data) && WEXITSTATUS(out.data) == 42,
	    "NOTE_EXIT with the exit status");
	ok(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 42,
	    "the child is still there to reap");
	close(p[0]);
	close(p[1]);
	errno = 0;
	ok(kev(kq, 999999, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0) == -1 &&
	    errno == ESRCH, "EVFILT_PROC of no such process: ESRCH");

	/* EVFILT_SIGNAL counts deliveries, even of an ignored signal. */
	signal(SIGUSR2, SIG_IGN);
	is_int(kev(kq, SIGUSR2, EVFILT_SIGNAL, EV_ADD, 0, 0), 0,
	    "EVFILT_SIGNAL");
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR2);
	ok(kget(kq, &out, 1000) == 1 && out.filter == EVFILT_SIGNAL &&
	    out.ident == SIGUSR2 && out.data == 3, "three SIGUSR2: data 3");
	kev(kq, SIGUSR2, EVFILT_SIGNAL, EV_DELETE, 0, 0);
	signal(SIGUSR2, SIG_DFL);

	/* EVFILT_TIMER */
	is_int(kev(kq, 1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 200), 0,
	    "EVFILT_TIMER 200 ms one-shot");
	t0 = now();
	r = kget(kq, &out, 10000);
	el = now() - t0;
	ok(r == 1 && out.filter == EVFILT_TIMER && out.ident == 1 &&
	    el >= 0.19 && el < 10, "fires after at least 200 ms");
	is_int(kget(kq, &out, 300), 0, "and only once");
	kev(kq, 2, EVFILT_TIMER, EV_ADD, 0, 30);
	usleep(200000);
	r = kget(kq, &out, 1000);
	printf("# periodic 30 ms timer after 200 ms: data %ld\n",
	    (long)out.data);
	ok(r == 1 && out.data >= 3, "a periodic timer counts its expiries");
	n = 0;
	t0 = now();
	while (now() - t0 < 0.3)
		if (kget(kq, &out, 100) == 1)
			n++;
	ok(n >= 2, "and keeps firing");
	kev(kq, 2, EVFILT_TIMER, EV_DELETE, 0, 0);
	kget(kq, &out, 0);
	is_int(kget(kq, &out, 100), 0, "until deleted");
	errno = 0;
	ok(kev(kq, 3, EVFILT_TIMER, EV_ADD, 0, -5) == -1 && errno == EINVAL,
	    "a negative timer period: EINVAL");
	kget(kq, &out, 0);

	pty_master(kq);
	kqueue_on_kqueue(kq);
	ctty_kqueue();
	note_exec(kq);
	close(kq);
	return (done());
}
