/*
 * t_pipe: pipes and FIFOs through the system calls.  Exact bytes through
 * pipe(2), pipe2(2) flags and their errors, full duplex, fstat (S_IFIFO,
 * st_blksize, unique st_ino), FIONREAD, O_NONBLOCK (EAGAIN, partial
 * writes, the all-or-nothing rule for PIPE_BUF), a buffer grown for a
 * large writer, writes bigger than any buffer checked byte by byte, EPIPE
 * and SIGPIPE, PIPE_BUF atomicity with four concurrent writers on two
 * CPUs, poll/select/kqueue readiness and end of file, bad user pointers,
 * FIFOs (mkfifo, the open rendezvous, ENXIO), and the kern.ipc.pipes
 * count back where it started.
 */
#include <sys/types.h>
#include <sys/event.h>
#include <sys/ioctl.h>
#include <sys/filio.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#ifndef PIPE_BUF
#define PIPE_BUF	512
#endif
#define DEFSIZE		32768		/* PIPE_SIZE in <sys/pipe.h> */

int	pipe2(int *, int);		/* newlib's <unistd.h> lacks it */

static int
nfds_open(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 256; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}

static unsigned char
pat(size_t i)
{
	return ((unsigned char)(i * 7 + i / 251));
}

static int
child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return (-1);
	return (st);
}

static void
t_basic(void)
{
	int p[2], q[2], n0;
	char buf[64];

	n0 = nfds_open();
	ok(pipe(p) == 0, "pipe");
	is_int(nfds_open(), n0 + 2, "pipe: two descriptors");
	is_int(write(p[1], "hello, pipe", 11), 11, "write 11 bytes");
	memset(buf, 0, sizeof(buf));
	is_int(read(p[0], buf, sizeof(buf)), 11, "read returns the 11");
	is_str(buf, "hello, pipe", "exact bytes");
	/* Full duplex: the other way works too. */
	is_int(write(p[0], "back", 4), 4, "write into fds[0]");
	memset(buf, 0, sizeof(buf));
	is_int(read(p[1], buf, sizeof(buf)), 4, "read from fds[1]");
	is_str(buf, "back", "full duplex bytes");
	is_int(write(p[1], "xyz", 3), 3, "write before close");
	close(p[1]);
	memset(buf, 0, sizeof(buf));
	is_int(read(p[0], buf, 2), 2, "buffered bytes survive the close");
	is_int(read(p[0], buf + 2, 10), 1, "then the rest");
	is_str(buf, "xyz", "bytes after close");
	is_int(read(p[0], buf, 10), 0, "then end of file");
	close(p[0]);
	is_int(nfds_open(), n0, "descriptors closed");

	/* pipe2 flags. */
	ok(pipe2(q, O_CLOEXEC) == 0, "pipe2(O_CLOEXEC)");
	ok((fcntl(q[0], F_GETFD) & FD_CLOEXEC) &&
	    (fcntl(q[1], F_GETFD) & FD_CLOEXEC), "both ends close-on-exec");
	ok((fcntl(q[0], F_GETFL) & O_NONBLOCK) == 0, "not non-blocking");
	close(q[0]);
	close(q[1]);
	ok(pipe2(q, O_NONBLOCK) == 0, "pipe2(O_NONBLOCK)");
	ok((fcntl(q[0], F_GETFL) & O_NONBLOCK) &&
	    (fcntl(q[1], F_GETFL) & O_NONBLOCK), "both ends non-blocking");
	ok((fcntl(q[0], F_GETFD) & FD_CLOEXEC) == 0, "not close-on-exec");
	close(q[0]);
	close(q[1]);
	ok(pipe2(q, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2(both)");
	close(q[0]);
	close(q[1]);
	is_int(errno_of(pipe2(q, O_APPEND)), EINVAL, "pipe2(O_APPEND): EINVAL");
	is_int(errno_of(pipe2(q, 0x40000000)), EINVAL,
	    "pipe2(unknown flag): EINVAL");
	is_int(errno_of(pipe2((int *)8, 0)), EFAULT, "pipe2(bad pointer): EFAULT");
	is_int(nfds_open(), n0, "failed pipe2 leaves no descriptors");
}

static void
t_stat_fionread(void)
{
	struct stat s0, s1, s2;
	int p[2], q[2], n;
	char buf[200];

	ok(pipe(p) == 0 && pipe(q) == 0, "two pipes");
	ok(fstat(p[0], &s0) == 0 && fstat(p[1], &s1) == 0 &&
	    fstat(q[0], &s2) == 0, "fstat");
	ok(S_ISFIFO(s0.st_mode) && S_ISFIFO(s1.st_mode), "S_IFIFO");
	is_int(s0.st_blksize, DEFSIZE, "st_blksize is the buffer size");
	ok(s0.st_ino != 0, "st_ino set");
	is_int(s0.st_ino == s1.st_ino, 1, "both ends share st_ino");
	is_int(s0.st_ino != s2.st_ino, 1, "another pipe has another st_ino");
	is_int(s0.st_uid, getuid(), "st_uid is ours");

	n = -1;
	ok(ioctl(p[0], FIONREAD, &n) == 0, "FIONREAD on empty");
	is_int(n, 0, "FIONREAD 0");
	memset(buf, 'a', sizeof(buf));
	is_int(write(p[1], buf, 100), 100, "write 100");
	ok(ioctl(p[0], FIONREAD, &n) == 0, "FIONREAD");
	is_int(n, 100, "FIONREAD 100");
	ok(fstat(p[0], &s0) == 0, "fstat again");
	is_int(s0.st_size, 100, "st_size: bytes buffered");
	is_int(read(p[0], buf, 30), 30, "read 30");
	ok(ioctl(p[0], FIONREAD, &n) == 0, "FIONREAD after read");
	is_int(n, 70, "FIONREAD 70");
	is_int(errno_of(ioctl(p[0], 0x20006600 | 0xff, &n)), ENOTTY,
	    "unknown ioctl: ENOTTY");
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void
t_nonblock(void)
{
	static char big[70000], back[70000];
	struct stat st;
	int p[2], fl;
	size_t i, got;

	ok(pipe2(p, O_NONBLOCK) == 0, "pipe2(O_NONBLOCK)");
	is_int(errno_of(read(p[0], back, 10)), EAGAIN, "empty: EAGAIN");
	for (i = 0; i < sizeof(big); i++)
		big[i] = pat(i);
	/* 40000 > 32 KiB on an empty ring: the ring grows to 64 KiB. */
	is_int(write(p[1], big, 40000), 40000, "40000 bytes fit (grown ring)");
	ok(fstat(p[0], &st) == 0 && st.st_blksize == 65536,
	    "st_blksize 65536 after growing");
	is_int(write(p[1], big + 40000, 30000), 65536 - 40000,
	    "partial write of what fits");
	is_int(errno_of(write(p[1], big, 1)), EAGAIN, "full: EAGAIN");
	/* Make room for 100 bytes: PIPE_BUF is all or nothing. */
	is_int(readn(p[0], back, 100), 100, "read 100");
	is_int(errno_of(write(p[1], big + 65536, PIPE_BUF)), EAGAIN,
	    "PIPE_BUF bytes into 100 free: EAGAIN, nothing written");
	is_int(write(p[1], big + 65536, PIPE_BUF + 1), 100,
	    "PIPE_BUF+1 bytes: partial 100");
	got = 100 + readn(p[0], back + 100, sizeof(back) - 100);
	is_int(got, 65536 + 100, "read back everything");
	ok(memcmp(back, big, got) == 0, "exact bytes in order");
	is_int(errno_of(read(p[0], back, 1)), EAGAIN, "empty again: EAGAIN");
	/* Clear O_NONBLOCK with fcntl; set it back. */
	fl = fcntl(p[0], F_GETFL);
	ok(fcntl(p[0], F_SETFL, fl & ~O_NONBLOCK) == 0 &&
	    (fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0, "F_SETFL clears it");
	close(p[0]);
	close(p[1]);
}

/* A child writes total bytes in one write(2); we check every byte. */
static void
t_large(void)
{
	const size_t total = 3 * 1024 * 1024 + 12345;
	unsigned char *buf, rb[7001];
	size_t i, got = 0, bad = 0;
	ssize_t r;
	pid_t pid;
	int p[2];

	ok(pipe(p) == 0, "pipe for the large write");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		buf = malloc(total);
		if (buf == NULL)
			_exit(2);
		for (i = 0; i < total; i++)
			buf[i] = pat(i);
		_exit(write(p[1], buf, total) == (ssize_t)total ? 0 : 1);
	}
	close(p[1]);
	for (;;) {
		r = read(p[0], rb, sizeof(rb));	/* odd sizes on purpose */
		if (r <= 0)
			break;
		for (i = 0; i < (size_t)r; i++)
			if (rb[i] != pat(got + i))
				bad++;
		got += r;
	}
	is_int(r, 0, "large: ends with EOF");
	is_int(got, total, "large: every byte arrived");
	is_int(bad, 0, "large: every byte right, in order");
	is_int(child_status(pid), 0, "large: one write(2) wrote it all");
	close(p[0]);
}

static volatile sig_atomic_t got_sigpipe;

static void
on_sigpipe(int sig)
{
	got_sigpipe++;
}

static void
t_epipe(void)
{
	struct sigaction sa, osa;
	int p[2], st;
	pid_t pid;

	ok(pipe(p) == 0, "pipe for EPIPE");
	close(p[0]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigpipe;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, &osa);
	got_sigpipe = 0;
	is_int(errno_of(write(p[1], "x", 1)), EPIPE, "no reader: EPIPE");
	is_int(got_sigpipe, 1, "and one SIGPIPE");
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	is_int(errno_of(write(p[1], "x", 1)), EPIPE, "SIGPIPE ignored: EPIPE");
	sigaction(SIGPIPE, &osa, NULL);
	close(p[1]);

	/* Default action: the writer dies of SIGPIPE. */
	ok(pipe(p) == 0, "pipe for SIGPIPE");
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		sa.sa_handler = SIG_DFL;
		sigaction(SIGPIPE, &sa, NULL);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	st = child_status(pid);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	    "default SIGPIPE kills the writer");

	/* A writer blocked on a full pipe gets EPIPE when the reader goes. */
	ok(pipe(p) == 0, "pipe for blocked writer");
	pid = fork();
	if (pid == 0) {
		static char fill[DEFSIZE + 4096];

		close(p[0]);
		sa.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &sa, NULL);
		/* 32 KiB fills the ring (no growth: not larger than it),
		   then the next write blocks until the reader closes. */
		if (write(p[1], fill, DEFSIZE) != DEFSIZE)
			_exit(3);
		_exit(write(p[1], fill, 100) == -1 && errno == EPIPE ? 0 : 1);
	}
	close(p[1]);
	{
		/* Wait until the ring is full, then close. */
		int n = 0, tries;

		for (tries = 0; tries < 2000 && n < DEFSIZE; tries++) {
			ioctl(p[0], FIONREAD, &n);
			if (n < DEFSIZE)
				usleep(5000);
		}
		is_int(n, DEFSIZE, "writer filled the ring");
	}
	close(p[0]);
	is_int(child_status(pid), 0, "blocked writer: EPIPE on reader close");
}

/*
 * Four writers on two CPUs each write NREC records of PIPE_BUF bytes:
 * byte 0 the writer, bytes 1-4 the sequence number, the rest a function
 * of both.  The records must arrive whole (never interleaved) and each
 * writer's in order.
 */
#define NWRITERS	4
#define NREC		1500

static void
mkrec(unsigned char *r, int w, unsigned seq)
{
	int i;

	r[0] = (unsigned char)w;
	memcpy(r + 1, &seq, 4);
	for (i = 5; i < PIPE_BUF; i++)
		r[i] = (unsigned char)(w * 31 + seq + i);
}

static void
t_atomic(void)
{
	unsigned char rec[PIPE_BUF], want[PIPE_BUF], chunk[1000];
	unsigned next[NWRITERS] = { 0 }, seq;
	size_t have = 0, nrec = 0, torn = 0, order = 0;
	pid_t pids[NWRITERS];
	ssize_t r;
	int p[2], w, i, st, good = 0;

	ok(pipe(p) == 0, "pipe for the writers");
	for (w = 0; w < NWRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(p[0]);
			for (seq = 0; seq < NREC; seq++) {
				mkrec(rec, w, seq);
				if (write(p[1], rec, PIPE_BUF) != PIPE_BUF)
					_exit(1);
			}
			_exit(0);
		}
	}
	close(p[1]);
	/* Read in sizes that do not divide PIPE_BUF. */
	while ((r = read(p[0], chunk, sizeof(chunk))) > 0) {
		for (i = 0; i < r; i++) {
			rec[have++] = chunk[i];
			if (have < PIPE_BUF)
				continue;
			have = 0;
			nrec++;
			w = rec[0];
			memcpy(&seq, rec + 1, 4);
			if (w >= NWRITERS) {
				torn++;
				continue;
			}
			mkrec(want, w, seq);
			if (memcmp(rec, want, PIPE_BUF) != 0) {
				torn++;
				continue;
			}
			if (seq != next[w])
				order++;
			next[w] = seq + 1;
		}
	}
	for (w = 0; w < NWRITERS; w++) {
		st = child_status(pids[w]);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			good++;
	}
	is_int(good, NWRITERS, "atomic: every writer wrote every record");
	is_int(nrec, NWRITERS * NREC, "atomic: all records arrived");
	is_int(have, 0, "atomic: no partial record at the end");
	is_int(torn, 0, "atomic: no record interleaved with another");
	is_int(order, 0, "atomic: each writer's records in order");
	close(p[0]);
}

static void
t_poll_select_kqueue(void)
{
	struct pollfd pf[2];
	struct kevent kev[2], out[2];
	struct timespec zero = { 0, 0 }, two = { 5, 0 };
	struct timeval tv = { 0, 0 };
	fd_set rs, ws;
	int p[2], g[2], kq, n;
	char c, rb[10];
	pid_t pid;

	ok(pipe(p) == 0, "pipe for readiness");
	pf[0].fd = p[0];
	pf[0].events = POLLIN;
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	is_int(poll(pf, 2, 0), 1, "poll: only the write end ready");
	is_int(pf[0].revents, 0, "poll: empty read end not ready");
	is_int(pf[1].revents, POLLOUT, "poll: POLLOUT");
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(p[0], &rs);
	FD_SET(p[1], &ws);
	is_int(select(p[1] + 1, &rs, &ws, NULL, &tv), 1, "select: one ready");
	ok(!FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws), "select: writable");

	kq = kqueue();
	ok(kq >= 0, "kqueue");
	EV_SET(&kev[0], p[0], EVFILT_READ, EV_ADD, 0, 0, NULL);
	EV_SET(&kev[1], p[1], EVFILT_WRITE, EV_ADD, 0, 0, NULL);
	is_int(kevent(kq, kev, 2, NULL, 0, NULL), 0, "kevent: register");
	n = kevent(kq, NULL, 0, out, 2, &zero);
	is_int(n, 1, "kevent: only the write filter fires");
	ok(n == 1 && out[0].filter == EVFILT_WRITE &&
	    out[0].data == DEFSIZE, "EVFILT_WRITE data = free space");

	is_int(write(p[1], "0123456789", 10), 10, "write 10");
	is_int(poll(pf, 2, 0), 2, "poll: both ready");
	is_int(pf[0].revents, POLLIN, "poll: POLLIN");
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	is_int(select(p[0] + 1, &rs, NULL, NULL, &tv), 1, "select: readable");
	n = kevent(kq, NULL, 0, out, 2, &zero);
	is_int(n, 2, "kevent: both fire");
	for (n = 0; n < 2; n++) {
		if (out[n].filter == EVFILT_READ)
			is_int(out[n].data, 10, "EVFILT_READ data = 10 bytes");
		else
			is_int(out[n].data, DEFSIZE - 10,
			    "EVFILT_WRITE data = space left");
	}
	is_int(readn(p[0], rb, 10), 10, "drain the 10");

	/* A sleeping poller and a kevent waiter woken by a writer. */
	ok(pipe(g) == 0, "go pipe");
	pid = fork();
	if (pid == 0) {
		readn(g[0], &c, 1);
		write(p[1], "w", 1);
		_exit(0);
	}
	write(g[1], "g", 1);
	pf[0].revents = 0;
	is_int(poll(pf, 1, 10000), 1, "poll wakes when data arrives");
	is_int(pf[0].revents, POLLIN, "woken with POLLIN");
	n = kevent(kq, NULL, 0, out, 2, &two);
	ok(n >= 1, "kevent sees it too");
	is_int(child_status(pid), 0, "writer child");
	readn(p[0], &c, 1);
	close(g[0]);
	close(g[1]);

	/* End of file: the writer closes. */
	EV_SET(&kev[0], p[1], EVFILT_WRITE, EV_DELETE, 0, 0, NULL);
	is_int(kevent(kq, kev, 1, NULL, 0, NULL), 0, "drop the write filter");
	close(p[1]);
	pf[0].revents = 0;
	is_int(poll(pf, 1, 0), 1, "poll: readable at EOF");
	ok(pf[0].revents & POLLHUP, "poll: POLLHUP at EOF");
	n = kevent(kq, NULL, 0, out, 1, &zero);
	ok(n == 1 && out[0].filter == EVFILT_READ &&
	    (out[0].flags & EV_EOF) && out[0].data == 0,
	    "EVFILT_READ: EV_EOF, data 0");
	close(p[0]);

	/* The reader closes: the write filter says EV_EOF. */
	ok(pipe(p) == 0, "pipe for write EOF");
	EV_SET(&kev[0], p[1], EVFILT_WRITE, EV_ADD, 0, 0, NULL);
	kevent(kq, kev, 1, NULL, 0, NULL);
	close(p[0]);
	n = kevent(kq, NULL, 0, out, 1, &zero);
	ok(n == 1 && out[0].filter == EVFILT_WRITE &&
	    (out[0].flags & EV_EOF), "EVFILT_WRITE: EV_EOF without a reader");
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	pf[1].revents = 0;
	is_int(poll(&pf[1], 1, 0), 1, "poll on a widowed write end");
	ok(pf[1].revents & POLLHUP, "POLLHUP");
	close(p[1]);
	close(kq);
}

static void
t_faults(void)
{
	int p[2], n = 0;
	char buf[8];

	ok(pipe(p) == 0, "pipe for bad pointers");
	is_int(errno_of(write(p[1], (void *)8, 10)), EFAULT,
	    "write from a bad pointer: EFAULT");
	is_int(write(p[1], "abcdef", 6), 6, "write 6");
	is_int(errno_of(read(p[0], (void *)8, 6)), EFAULT,
	    "read into a bad pointer: EFAULT");
	ioctl(p[0], FIONREAD, &n);
	is_int(n, 6, "failed read consumed nothing");
	is_int(readn(p[0], buf, 6), 6, "bytes still there");
	ok(memcmp(buf, "abcdef", 6) == 0, "and intact");
	close(p[0]);
	close(p[1]);
}

static void
t_fifo(void)
{
	const char *path = "/tmp/t_pipe.fifo";
	struct stat st;
	int r, w, n = -1;
	char buf[16];
	pid_t pid;

	unlink(path);
	ok(mkfifo(path, 0600) == 0, "mkfifo");
	is_int(errno_of(mkfifo(path, 0600)), EEXIST, "mkfifo again: EEXIST");
	ok(stat(path, &st) == 0 && S_ISFIFO(st.st_mode), "stat: S_IFIFO");
	is_int(errno_of(open(path, O_WRONLY | O_NONBLOCK)), ENXIO,
	    "non-blocking writer without a reader: ENXIO");
	r = open(path, O_RDONLY | O_NONBLOCK);
	ok(r >= 0, "non-blocking reader opens at once");
	w = open(path, O_WRONLY | O_NONBLOCK);
	ok(w >= 0, "then a writer opens");
	is_int(write(w, "fifo data", 9), 9, "write into the FIFO");
	ok(ioctl(r, FIONREAD, &n) == 0 && n == 9, "FIONREAD on the FIFO: 9");
	memset(buf, 0, sizeof(buf));
	is_int(read(r, buf, sizeof(buf)), 9, "read from the FIFO");
	is_str(buf, "fifo data", "FIFO bytes");
	is_int(errno_of(read(r, buf, 1)), EAGAIN, "empty FIFO: EAGAIN");
	close(w);
	is_int(read(r, buf, 1), 0, "writer gone: EOF");
	close(r);

	/* The blocking rendezvous: a reader waits for a writer. */
	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY);

		if (fd < 0)
			_exit(1);
		write(fd, "rv", 2);
		close(fd);
		_exit(0);
	}
	r = open(path, O_RDONLY);
	ok(r >= 0, "blocking open for reading meets the writer");
	memset(buf, 0, sizeof(buf));
	is_int(readn(r, buf, 2), 2, "rendezvous bytes");
	is_str(buf, "rv", "rendezvous data");
	is_int(read(r, buf, 1), 0, "EOF after the writer");
	is_int(child_status(pid), 0, "FIFO writer child");
	close(r);
	ok(unlink(path) == 0, "unlink the FIFO");
}

int
main(void)
{
	long pipes0 = sysctl_num("kern.ipc.pipes");

	setvbuf(stdout, NULL, _IOLBF, 0);
	ok(pipes0 >= 0, "kern.ipc.pipes readable");
	ok(sysctl_num("kern.ipc.maxpipekva") > 0, "kern.ipc.maxpipekva");
	is_int(sysctl_num("kern.ipc.piperesizeallowed"), 1,
	    "kern.ipc.piperesizeallowed is on");
	t_basic();
	t_stat_fionread();
	t_nonblock();
	t_large();
	t_epipe();
	t_atomic();
	t_poll_select_kqueue();
	t_faults();
	t_fifo();
	is_int(sysctl_num("kern.ipc.pipes"), pipes0,
	    "kern.ipc.pipes back to where it was");
	ok(sysctl_num("kern.ipc.pipekva") > 0, "kern.ipc.pipekva counts");
	return (done());
}
