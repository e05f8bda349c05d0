/*
 * t_sendfile: sendfile(2) from a tmpfs file to a stream socket, over a
 * Unix-domain socketpair and over TCP on 127.0.0.1: the exact bytes
 * received for a whole file, an offset and count, an offset past the
 * end, headers and trailers around the file data; the exact *sbytes;
 * the descriptor's offset left alone; 4 MiB to a reader process; a
 * non-blocking socket that fills (EAGAIN with the partial count) and a
 * signal during a blocked send (EINTR with the partial count); every
 * errno the arguments can provoke; EPIPE with SIGPIPE, and without it
 * under SO_NOSIGPIPE.  Zero copy (t_lend): the pages lent, counted
 * by kern.ipc.sendfile.pages_lent, the bytes a reader sees after the
 * file changed under queued data, and every page reference returned.
 *
 * After each partial send the test reads exactly *sbytes and then a
 * marker byte written afterwards: had the count been wrong, the marker
 * would not come next.
 */
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "inet.h"

#define SMALL	10000			/* the small file's size */
#define BIG	(4 * 1024 * 1024)	/* the reader-process file */
#define FILL	(1024 * 1024)		/* more than a socket buffer holds */

static char dir[64];

/* The byte at offset off of every test file: no period near a page. */
static unsigned char
pat(off_t off)
{
	return ((unsigned char)(off % 251 + off / 4093));
}

/* A file of size bytes of pat(); its descriptor, open for reading. */
static int
mkfile(const char *name, off_t size)
{
	static unsigned char buf[8192];
	char path[128];
	off_t off, i;
	size_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return (-1);
	for (off = 0; off < size; off += (off_t)n) {
		n = (size_t)MIN((off_t)sizeof(buf), size - off);
		for (i = 0; i < (off_t)n; i++)
			buf[i] = pat(off + i);
		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return (-1);
		}
	}
	lseek(fd, 0, SEEK_SET);
	return (fd);
}

/* Read n bytes and compare them with the file's from offset off. */
static int
read_file_bytes(int s, off_t off, size_t n)
{
	unsigned char buf[4096];
	size_t i, chunk;

	while (n > 0) {
		chunk = MIN(n, sizeof(buf));
		if (readn(s, buf, chunk) != chunk)
			return (0);
		for (i = 0; i < chunk; i++)
			if (buf[i] != pat(off + (off_t)i))
				return (0);
		off += (off_t)chunk;
		n -= chunk;
	}
	return (1);
}

/* Write a marker on w; it must be the next byte r reads. */
static int
marker_next(int w, int r)
{
	char c = 0;

	if (write(w, "Z", 1) != 1 || readn(r, &c, 1) != 1)
		return (0);
	return (c == 'Z');
}

/* A connected stream: *w the sending end, *r the receiving end. */
static int
mkconn(int tcp, int *w, int *r)
{
	struct sockaddr_in sin;
	int sv[2], l, port;

	if (!tcp) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			return (-1);
		*w = sv[0];
		*r = sv[1];
		return (0);
	}
	l = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, "127.0.0.1", 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(l, 1) != 0 || (port = local_port(l)) < 0) {
		close(l);
		return (-1);
	}
	*w = socket(AF_INET, SOCK_STREAM, 0);
	mkaddr(&sin, "127.0.0.1", port);
	if (connect(*w, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(*w);
		close(l);
		return (-1);
	}
	*r = accept(l, NULL, NULL);
	close(l);
	return (*r >= 0 ? 0 : -1);
}

/*
 * Close both ends.  A TCP connection is reset (SO_LINGER 0), so that no
 * socket stays behind in TIME_WAIT for the runner's leak count.
 */
static void
closeconn(int w, int r)
{
	struct linger l = { 1, 0 };

	setsockopt(w, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	setsockopt(r, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(w);
	close(r);
}

/* Whole file, offset and count, past the end, headers and trailers. */
static void
t_basic(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix";
	struct iovec hv[2], tv[1];
	struct sf_hdtr hdtr;
	char name[128], buf[64];
	off_t sb;
	int fd, w, r;

	fd = mkfile("small", SMALL);
	if (mkconn(tcp, &w, &r) != 0 || fd < 0) {
		ok(0, "set up a file and a connection");
		return;
	}

	lseek(fd, 123, SEEK_SET);
	sb = -1;
	snprintf(name, sizeof(name), "%s: whole file (nbytes 0) returns 0",
	    tn);
	is_int(sendfile(fd, w, 0, 0, NULL, &sb, 0), 0, name);
	snprintf(name, sizeof(name), "%s: *sbytes is the file size", tn);
	is_int(sb, SMALL, name);
	snprintf(name, sizeof(name), "%s: the exact %d bytes arrive", tn,
	    SMALL);
	ok(read_file_bytes(r, 0, SMALL) && marker_next(w, r), name);
	snprintf(name, sizeof(name), "%s: the file offset is unchanged", tn);
	is_int(lseek(fd, 0, SEEK_CUR), 123, name);

	sb = -1;
	snprintf(name, sizeof(name), "%s: offset 1000, 500 bytes", tn);
	ok(sendfile(fd, w, 1000, 500, NULL, &sb, 0) == 0 && sb == 500 &&
	    read_file_bytes(r, 1000, 500) && marker_next(w, r), name);

	sb = -1;
	snprintf(name, sizeof(name), "%s: a count past the end stops there "
	    "(9000 + 5000 sends 1000)", tn);
	ok(sendfile(fd, w, 9000, 5000, NULL, &sb, 0) == 0 && sb == 1000 &&
	    read_file_bytes(r, 9000, 1000) && marker_next(w, r), name);

	sb = -1;
	snprintf(name, sizeof(name), "%s: offset at the end sends 0 bytes",
	    tn);
	ok(sendfile(fd, w, SMALL, 0, NULL, &sb, 0) == 0 && sb == 0 &&
	    marker_next(w, r), name);
	sb = -1;
	snprintf(name, sizeof(name), "%s: offset past the end sends 0 bytes",
	    tn);
	ok(sendfile(fd, w, SMALL + 5000, 100, NULL, &sb, 0) == 0 &&
	    sb == 0 && marker_next(w, r), name);

	hv[0].iov_base = (void *)(uintptr_t)"HEAD1-";
	hv[0].iov_len = 6;
	hv[1].iov_base = (void *)(uintptr_t)"H2:";
	hv[1].iov_len = 3;
	tv[0].iov_base = (void *)(uintptr_t)":TRL";
	tv[0].iov_len = 4;
	hdtr.headers = hv;
	hdtr.hdr_cnt = 2;
	hdtr.trailers = tv;
	hdtr.trl_cnt = 1;
	sb = -1;
	snprintf(name, sizeof(name), "%s: headers + 10 file bytes + trailer: "
	    "*sbytes 23", tn);
	ok(sendfile(fd, w, 5, 10, &hdtr, &sb, 0) == 0 && sb == 23, name);
	memset(buf, 0, sizeof(buf));
	snprintf(name, sizeof(name), "%s: headers, file bytes, trailer in "
	    "that order", tn);
	ok(readn(r, buf, 9) == 9 && memcmp(buf, "HEAD1-H2:", 9) == 0 &&
	    read_file_bytes(r, 5, 10) && readn(r, buf, 4) == 4 &&
	    memcmp(buf, ":TRL", 4) == 0 && marker_next(w, r), name);

	sb = -1;
	snprintf(name, sizeof(name), "%s: past the end, headers and trailer "
	    "still go: *sbytes 13", tn);
	ok(sendfile(fd, w, SMALL * 2, 0, &hdtr, &sb, 0) == 0 && sb == 13 &&
	    readn(r, buf, 13) == 13 && memcmp(buf, "HEAD1-H2::TRL", 13) == 0 &&
	    marker_next(w, r), name);

	hdtr.hdr_cnt = 0;
	hdtr.trailers = NULL;
	hdtr.trl_cnt = 5;	/* no array: nothing, whatever the count */
	snprintf(name, sizeof(name), "%s: SF_NODISKIO, no *sbytes, empty "
	    "hdtr: 100 bytes", tn);
	ok(sendfile(fd, w, 200, 100, &hdtr, NULL, SF_NODISKIO) == 0 &&
	    read_file_bytes(r, 200, 100) && marker_next(w, r), name);
	snprintf(name, sizeof(name), "%s: the file offset is still 123", tn);
	is_int(lseek(fd, 0, SEEK_CUR), 123, name);

	closeconn(w, r);
	close(fd);
}

#define LENT		"kern.ipc.sendfile.pages_lent"
#define INFLIGHT	"kern.ipc.sendfile.pages_inflight"
#define NPG		8		/* pages lent per send */

/*
 * Wait up to 5 s for the page references held by mbufs to come back to
 * v (TCP frees acknowledged data in its own thread); the last count.
 */
static int
inflight_settles(int v)
{
	int i, n = -1;

	for (i = 0; i < 500; i++) {
		n = sysctl_int(INFLIGHT);
		if (n == v)
			break;
		usleep(10000);
	}
	return (n);
}

/*
 * Zero copy: sendfile lends the file's pages to the socket, one
 * reference per page (kern.ipc.sendfile.pages_lent counts them), and the
 * references go when the receiver has drained the data.  The receiver
 * sees the page as it is when it reads (Unix domain: the mbufs it reads
 * are the lent pages), so a write to the file after sendfile returned
 * shows, and a truncation leaves the bytes it cut off in the lent pages
 * (nothing freed is ever read) except the tail of the new last page,
 * which the truncation clears.  The copy path failed every lending
 * check (no counter; the bytes were copied at the call).
 */
static void
t_lend(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix";
	static unsigned char buf[(NPG + 1) * 4096];
	char name[160];
	int64_t lent0, lent1;
	off_t sb;
	int fd, w, r, in0, sz = 256 * 1024, bad, i, n1;

	fd = mkfile("lend", 16 * 4096);
	if (fd < 0 || mkconn(tcp, &w, &r) != 0) {
		ok(0, "set up a file and a connection");
		return;
	}
	setsockopt(w, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	setsockopt(r, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	in0 = sysctl_int(INFLIGHT);
	lent0 = sysctl_num(LENT);
	snprintf(name, sizeof(name), "%s: the lending counters can be read",
	    tn);
	ok(in0 >= 0 && lent0 >= 0, name);

	sb = -1;
	snprintf(name, sizeof(name), "%s: %d pages from a page-aligned "
	    "offset lend exactly %d pages", tn, NPG, NPG);
	ok(sendfile(fd, w, 4096, NPG * 4096, NULL, &sb, 0) == 0 &&
	    sb == NPG * 4096 && sysctl_num(LENT) - lent0 == NPG, name);
	if (!tcp) {
		snprintf(name, sizeof(name), "%s: the queued data holds "
		    "%d page references", tn, NPG);
		is_int(sysctl_int(INFLIGHT) - in0, NPG, name);
		/* Change the file under the queued data. */
		(void)pwrite(fd, "XYZ", 3, 4096 + 10);
		(void)ftruncate(fd, 4096 + 2000);
		bad = readn(r, buf, NPG * 4096) != NPG * 4096;
		for (i = 0; i < NPG * 4096 && !bad; i++) {
			if (i >= 10 && i < 13)
				bad = buf[i] != "XYZ"[i - 10];
			else if (i >= 2000 && i < 4096)
				bad = buf[i] != 0;
			else
				bad = buf[i] != pat(4096 + i);
		}
		snprintf(name, sizeof(name), "%s: the reader sees a write "
		    "after the call, the truncated page's cleared tail, "
		    "and the cut pages' old bytes", tn);
		ok(!bad, name);
	} else {
		snprintf(name, sizeof(name), "%s: the exact %d bytes arrive",
		    tn, NPG * 4096);
		ok(read_file_bytes(r, 4096, NPG * 4096), name);
	}
	snprintf(name, sizeof(name), "%s: drained, no page reference is "
	    "left", tn);
	is_int(inflight_settles(in0), in0, name);

	/* Not aligned: the range touches one page more. */
	close(fd);
	fd = mkfile("lend", 16 * 4096);
	lent1 = sysctl_num(LENT);
	sb = -1;
	snprintf(name, sizeof(name), "%s: %d pages from offset 4196 lend "
	    "%d pages, exact bytes", tn, NPG, NPG + 1);
	ok(sendfile(fd, w, 4196, NPG * 4096, NULL, &sb, 0) == 0 &&
	    sb == NPG * 4096 && sysctl_num(LENT) - lent1 == NPG + 1 &&
	    read_file_bytes(r, 4196, NPG * 4096) && marker_next(w, r), name);

	/* A sparse file: its holes are zero pages, lent like the rest. */
	close(fd);
	fd = mkfile("lend", 0);
	n1 = (fd >= 0 && ftruncate(fd, 3 * 4096) == 0 &&
	    pwrite(fd, "A", 1, 2 * 4096 + 5) == 1);
	lent1 = sysctl_num(LENT);
	sb = -1;
	n1 = n1 && sendfile(fd, w, 0, 0, NULL, &sb, 0) == 0 &&
	    sb == 3 * 4096 && sysctl_num(LENT) - lent1 == 3 &&
	    readn(r, buf, 3 * 4096) == 3 * 4096;
	for (i = 0; i < 3 * 4096 && n1; i++)
		n1 = buf[i] == (i == 2 * 4096 + 5 ? 'A' : 0);
	snprintf(name, sizeof(name), "%s: a sparse file: 3 pages lent, "
	    "zeros but the one byte written", tn);
	ok(n1, name);

	closeconn(w, r);
	close(fd);
	snprintf(name, sizeof(name), "%s: closed, page references back to "
	    "%d", tn, in0);
	is_int(inflight_settles(in0), in0, name);
}

/*
 * A send buffer with more than 64 KiB free: one chain takes all 128 KiB,
 * lent or copied (kern.ipc.sendfile.lend 0).  The copy path used to
 * stop after its 64 KiB batch of clusters as if the file had ended
 * (success, *sbytes 65536).  Non-blocking, so a smaller buffer fails
 * with EAGAIN instead of hanging.
 */
static void
t_bigbuf(void)
{
	char name[128];
	off_t sb;
	int fd, w, r, lend, sz = 512 * 1024, fl;

	fd = mkfile("lend", 32 * 4096);
	for (lend = 1; lend >= 0; lend--) {
		if (fd < 0 || mkconn(0, &w, &r) != 0) {
			ok(0, "set up a file and a connection");
			return;
		}
		setsockopt(w, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
		setsockopt(r, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
		fl = fcntl(w, F_GETFL);
		fcntl(w, F_SETFL, fl | O_NONBLOCK);
		if (sysctlbyname("kern.ipc.sendfile.lend", NULL, NULL, &lend,
		    sizeof(lend)) != 0 && lend == 0) {
			closeconn(w, r);
			break;
		}
		sb = -1;
		snprintf(name, sizeof(name), "unix, %s: 128 KiB into a 512 KiB "
		    "buffer in one call, exact bytes",
		    lend ? "lending" : "copying");
		ok(sendfile(fd, w, 0, 0, NULL, &sb, 0) == 0 &&
		    sb == 32 * 4096 && read_file_bytes(r, 0, 32 * 4096) &&
		    marker_next(w, r), name);
		closeconn(w, r);
	}
	lend = 1;
	(void)sysctlbyname("kern.ipc.sendfile.lend", NULL, NULL, &lend,
	    sizeof(lend));
	close(fd);
}

/* 4 MiB to a reader process that checks every byte. */
static void
t_big(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix";
	char name[128];
	off_t sb = -1;
	pid_t pid;
	int fd, w, r, rc;

	fd = mkfile("big", BIG);
	if (fd < 0 || mkconn(tcp, &w, &r) != 0) {
		ok(0, "set up a 4 MiB file and a connection");
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct linger l = { 1, 0 };

		close(w);
		if (!read_file_bytes(r, 0, BIG))
			_exit(1);
		/* Then EOF: nothing more than the file. */
		rc = readn(r, name, 1) == 0 ? 0 : 2;
		/* A reset now leaves no TIME_WAIT on either side. */
		setsockopt(r, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		close(r);
		_exit(rc);
	}
	close(r);
	rc = sendfile(fd, w, 0, 0, NULL, &sb, 0);
	shutdown(w, SHUT_WR);
	snprintf(name, sizeof(name), "%s: 4 MiB to a reader: returns 0, "
	    "*sbytes %d", tn, BIG);
	ok(rc == 0 && sb == BIG, name);
	if (sb != BIG)
		printf("# rc %d errno %d sbytes %lld\n", rc, errno,
		    (long long)sb);
	snprintf(name, sizeof(name), "%s: the reader got every byte in "
	    "order, then EOF", tn);
	is_int(wait_status(pid), 0, name);
	closeconn(w, -1);
	close(fd);
}

/* A non-blocking socket fills: EAGAIN and the partial count. */
static void
t_nonblock(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix";
	char name[128];
	off_t sb = -1, sb2 = -1;
	int fd, w, r, rc, e;

	fd = mkfile("fill", FILL);
	if (fd < 0 || mkconn(tcp, &w, &r) != 0) {
		ok(0, "set up a file and a connection");
		return;
	}
	fcntl(w, F_SETFL, O_NONBLOCK);
	rc = sendfile(fd, w, 0, 0, NULL, &sb, 0);
	e = errno;
	snprintf(name, sizeof(name), "%s: non-blocking, the buffer fills: "
	    "EAGAIN", tn);
	ok(rc == -1 && e == EAGAIN, name);
	snprintf(name, sizeof(name), "%s: *sbytes has the partial count",
	    tn);
	ok(sb > 0 && sb < FILL, name);
	printf("# %s: %lld of %d bytes went before EAGAIN\n", tn,
	    (long long)sb, FILL);
	if (!tcp) {
		/* The pair's buffer is full: nothing goes at all now. */
		rc = sendfile(fd, w, sb, 0, NULL, &sb2, 0);
		e = errno;
		snprintf(name, sizeof(name), "%s: again while full: EAGAIN, "
		    "*sbytes 0", tn);
		ok(rc == -1 && e == EAGAIN && sb2 == 0, name);
	}
	fcntl(w, F_SETFL, 0);
	snprintf(name, sizeof(name), "%s: exactly *sbytes arrived, the "
	    "file's first bytes", tn);
	ok(sb > 0 && read_file_bytes(r, 0, (size_t)sb) && marker_next(w, r),
	    name);
	closeconn(w, r);
	close(fd);
}

static volatile sig_atomic_t nalrm, npipe;

static void
on_alrm(int sig)
{
	(void)sig;
	nalrm++;
}

static void
on_pipe(int sig)
{
	(void)sig;
	npipe++;
}

/* A signal while blocked, after part went: EINTR and the count. */
static void
t_eintr(void)
{
	struct sigaction sa, osa;
	off_t sb = -1;
	int fd, w, r, rc, e;

	fd = mkfile("fill", FILL);
	if (fd < 0 || mkconn(0, &w, &r) != 0) {
		ok(0, "set up a file and a connection");
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;		/* no SA_RESTART */
	sigaction(SIGALRM, &sa, &osa);
	nalrm = 0;
	alarm(1);
	rc = sendfile(fd, w, 0, 0, NULL, &sb, 0);
	e = errno;
	alarm(0);
	sigaction(SIGALRM, &osa, NULL);
	ok(rc == -1 && e == EINTR && nalrm == 1,
	    "unix: SIGALRM while blocked on a full buffer: EINTR");
	ok(sb > 0 && sb < FILL, "unix: *sbytes has the partial count");
	ok(sb > 0 && read_file_bytes(r, 0, (size_t)sb) && marker_next(w, r),
	    "unix: exactly *sbytes arrived");
	closeconn(w, r);
	close(fd);
}

/* EPIPE, with SIGPIPE and without it under SO_NOSIGPIPE. */
static void
t_epipe(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix";
	struct sigaction sa, osa;
	char name[128];
	off_t sb;
	int fd, w, r, rc, e, on = 1;

	fd = mkfile("small", SMALL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_pipe;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, &osa);

	if (fd < 0 || mkconn(tcp, &w, &r) != 0) {
		ok(0, "set up a file and a connection");
		return;
	}
	if (tcp) {
		/*
		 * The peer resets the connection (SO_LINGER 0); reading the
		 * ECONNRESET waits for the RST to arrive, so the send
		 * side is shut when sendfile runs.
		 */
		struct linger l = { 1, 0 };
		char c;

		setsockopt(r, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		close(r);
		snprintf(name, sizeof(name), "%s: the peer reset: "
		    "ECONNRESET", tn);
		is_int(errno_of((int)read(w, &c, 1)), ECONNRESET, name);
	} else
		close(r);
	npipe = 0;
	sb = -1;
	rc = sendfile(fd, w, 0, 0, NULL, &sb, 0);
	e = errno;
	snprintf(name, sizeof(name), "%s: peer closed: EPIPE, *sbytes 0, "
	    "one SIGPIPE", tn);
	ok(rc == -1 && e == EPIPE && sb == 0 && npipe == 1, name);
	if (!(rc == -1 && e == EPIPE && sb == 0 && npipe == 1))
		printf("# rc %d errno %d sbytes %lld sigpipe %d\n", rc, e,
		    (long long)sb, (int)npipe);
	setsockopt(w, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof(on));
	npipe = 0;
	rc = sendfile(fd, w, 0, 0, NULL, &sb, 0);
	e = errno;
	snprintf(name, sizeof(name), "%s: SO_NOSIGPIPE: EPIPE and no "
	    "SIGPIPE", tn);
	ok(rc == -1 && e == EPIPE && npipe == 0, name);
	close(w);
	sigaction(SIGPIPE, &osa, NULL);
	close(fd);
}

/* Every errno the arguments can provoke. */
static void
t_errors(void)
{
	struct sf_hdtr hdtr;
	struct iovec hv[1];
	char path[128];
	off_t sb;
	int fd, wfd, dfd, w, r, pfd[2], us, ts, dg[2];

	fd = mkfile("small", SMALL);
	snprintf(path, sizeof(path), "%s/small", dir);
	wfd = open(path, O_WRONLY);
	dfd = open(dir, O_RDONLY);
	if (fd < 0 || wfd < 0 || dfd < 0 || mkconn(0, &w, &r) != 0 ||
	    pipe(pfd) != 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, dg) != 0) {
		ok(0, "set up the files and sockets");
		return;
	}
	us = socket(AF_UNIX, SOCK_STREAM, 0);
	ts = socket(AF_INET, SOCK_STREAM, 0);

	is_int(errno_of(sendfile(-1, w, 0, 0, NULL, NULL, 0)), EBADF,
	    "fd -1: EBADF");
	is_int(errno_of(sendfile(200, w, 0, 0, NULL, NULL, 0)), EBADF,
	    "fd not open: EBADF");
	is_int(errno_of(sendfile(wfd, w, 0, 0, NULL, NULL, 0)), EBADF,
	    "fd open only for writing: EBADF");
	is_int(errno_of(sendfile(fd, -1, 0, 0, NULL, NULL, 0)), EBADF,
	    "s -1: EBADF");
	is_int(errno_of(sendfile(fd, 201, 0, 0, NULL, NULL, 0)), EBADF,
	    "s not open: EBADF");
	is_int(errno_of(sendfile(fd, fd, 0, 0, NULL, NULL, 0)), ENOTSOCK,
	    "s a regular file: ENOTSOCK");
	is_int(errno_of(sendfile(fd, pfd[1], 0, 0, NULL, NULL, 0)), ENOTSOCK,
	    "s a pipe: ENOTSOCK");
	is_int(errno_of(sendfile(fd, us, 0, 0, NULL, NULL, 0)), ENOTCONN,
	    "unconnected Unix stream socket: ENOTCONN");
	is_int(errno_of(sendfile(fd, ts, 0, 0, NULL, NULL, 0)), ENOTCONN,
	    "unconnected TCP socket: ENOTCONN");
	is_int(errno_of(sendfile(dfd, w, 0, 0, NULL, NULL, 0)), EINVAL,
	    "fd a directory: EINVAL");
	is_int(errno_of(sendfile(pfd[0], w, 0, 0, NULL, NULL, 0)), EINVAL,
	    "fd a pipe: EINVAL");
	is_int(errno_of(sendfile(r, w, 0, 0, NULL, NULL, 0)), EINVAL,
	    "fd a socket: EINVAL");
	is_int(errno_of(sendfile(fd, dg[0], 0, 0, NULL, NULL, 0)), EINVAL,
	    "s a datagram socket: EINVAL");
	is_int(errno_of(sendfile(fd, w, -1, 0, NULL, NULL, 0)), EINVAL,
	    "negative offset: EINVAL");
	is_int(errno_of(sendfile(fd, w, 0, 0, NULL, NULL, 2)), EINVAL,
	    "unknown flag 2: EINVAL");
	is_int(errno_of(sendfile(fd, w, 0, 0, NULL, NULL, 0x80000000)),
	    EINVAL, "unknown flag 0x80000000: EINVAL");
	is_int(errno_of(sendfile(fd, w, 0, 0, (struct sf_hdtr *)0x1, NULL,
	    0)), EFAULT, "bad hdtr pointer: EFAULT");
	hdtr.headers = (struct iovec *)0x1;
	hdtr.hdr_cnt = 1;
	hdtr.trailers = NULL;
	hdtr.trl_cnt = 0;
	is_int(errno_of(sendfile(fd, w, 0, 0, &hdtr, NULL, 0)), EFAULT,
	    "bad headers array: EFAULT");
	hv[0].iov_base = (void *)(uintptr_t)"abc";
	hv[0].iov_len = 3;
	hdtr.headers = hv;
	hdtr.trailers = (struct iovec *)0x1;
	hdtr.trl_cnt = 1;
	is_int(errno_of(sendfile(fd, w, 0, 0, &hdtr, NULL, 0)), EFAULT,
	    "bad trailers array: EFAULT");
	hdtr.trailers = NULL;
	hdtr.trl_cnt = 0;
	hdtr.hdr_cnt = -1;
	is_int(errno_of(sendfile(fd, w, 0, 0, &hdtr, NULL, 0)), EINVAL,
	    "negative hdr_cnt: EINVAL");
	hdtr.hdr_cnt = 1025;
	is_int(errno_of(sendfile(fd, w, 0, 0, &hdtr, NULL, 0)), EINVAL,
	    "hdr_cnt above UIO_MAXIOV: EINVAL");
	ok(marker_next(w, r), "none of the failed calls sent a byte");

	/* The data goes before *sbytes is stored: it is there to read. */
	is_int(errno_of(sendfile(fd, w, 0, 100, NULL, (off_t *)0x1, 0)),
	    EFAULT, "bad sbytes pointer: EFAULT");
	ok(read_file_bytes(r, 0, 100) && marker_next(w, r),
	    "... after the 100 bytes were sent");
	sb = -1;
	is_int(errno_of(sendfile(fd, -1, 0, 0, NULL, &sb, 0)), EBADF,
	    "an error before sending stores *sbytes 0 ...");
	is_int(sb, 0, "... *sbytes is 0");

	close(us);
	close(ts);
	close(dg[0]);
	close(dg[1]);
	close(pfd[0]);
	close(pfd[1]);
	closeconn(w, r);
	close(dfd);
	close(wfd);
	close(fd);
}

/* Time 4 MiB through sendfile and through read+write on a pair. */
/* MB/s of `rounds' times 4 MiB between t0 and t1. */
static double
mbps(int rounds, const struct timeval *t0, const struct timeval *t1)
{
	return (rounds * 4.194304 / ((t1->tv_sec - t0->tv_sec) +
	    (t1->tv_usec - t0->tv_usec) / 1e6));
}

/*
 * Not a test: the throughput of sendfile lending pages, of sendfile
 * copying them (kern.ipc.sendfile.lend 0, the old path) and of
 * pread+write, over a Unix-domain pair to a reader process.
 */
static void
t_time(void)
{
	static char buf[65536];
	struct timeval t0, t1, t2, t3;
	off_t sb = 0, off;
	pid_t pid;
	int fd, w, r, i, rounds = 8, zero = 0, one = 1, copied;
	ssize_t n;

	fd = mkfile("big", BIG);
	if (fd < 0 || mkconn(0, &w, &r) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		close(w);
		while (read(r, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(r);
	gettimeofday(&t0, NULL);
	for (i = 0; i < rounds; i++)
		(void)sendfile(fd, w, 0, 0, NULL, &sb, 0);
	gettimeofday(&t1, NULL);
	copied = sysctlbyname("kern.ipc.sendfile.lend", NULL, NULL, &zero,
	    sizeof(zero)) == 0;
	for (i = 0; i < rounds; i++)
		(void)sendfile(fd, w, 0, 0, NULL, &sb, 0);
	(void)sysctlbyname("kern.ipc.sendfile.lend", NULL, NULL, &one,
	    sizeof(one));
	gettimeofday(&t2, NULL);
	for (i = 0; i < rounds; i++) {
		for (off = 0; off < BIG; off += n) {
			n = pread(fd, buf, sizeof(buf), off);
			if (n <= 0 || write(w, buf, (size_t)n) != n)
				break;
		}
	}
	gettimeofday(&t3, NULL);
	close(w);
	wait_status(pid);
	printf("# unix pair, %d x 4 MiB: sendfile (lending pages) %.1f MB/s, "
	    "sendfile (copying, lend=0) %.1f MB/s%s, pread+write (64 KiB) "
	    "%.1f MB/s\n", rounds, mbps(rounds, &t0, &t1),
	    mbps(rounds, &t1, &t2), copied ? "" : " [lend not settable]",
	    mbps(rounds, &t2, &t3));
	close(fd);
}

int
main(void)
{
	char path[128];

	snprintf(dir, sizeof(dir), "/tmp/t_sendfile.%d", (int)getpid());
	mkdir(dir, 0755);
	t_basic(0);
	t_basic(1);
	t_lend(0);
	t_lend(1);
	t_bigbuf();
	t_big(0);
	t_big(1);
	t_nonblock(0);
	t_nonblock(1);
	t_eintr();
	t_epipe(0);
	t_epipe(1);
	t_errors();
	t_time();
	snprintf(path, sizeof(path), "%s/small", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/big", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fill", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/lend", dir);
	unlink(path);
	rmdir(dir);
	return (done());
}
