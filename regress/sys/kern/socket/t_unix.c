/*
 * t_unix: Unix-domain sockets through the system calls: stream, datagram
 * and seqpacket semantics with exact bytes, names in the file system,
 * every error a caller can provoke (with its exact errno), descriptor
 * passing with SCM_RIGHTS (including short control buffers), credentials
 * (SCM_CREDS, LOCAL_PEERCRED), and the reclaiming of descriptors in
 * flight: by dispose when a receiver dies, by unp_gc for cycles.  Also
 * the socket-level knobs that every protocol shares: SO_RCVLOWAT and
 * SO_SNDLOWAT (poll, select and blocking reads honour them),
 * SO_RCVTIMEO and SO_SNDTIMEO (EAGAIN, never before the timeout),
 * accept4's flags, fstat and FIONREAD, the dataready and httpready
 * accept filters, a blocked accept and signals, and recv's flags.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/ioctl.h>
#include <sys/filio.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static char dir[64];

static void
mkaddr(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s/%s", dir, name);
	sun->sun_len = (uint8_t)SUN_LEN(sun);
}

/* Open descriptors in this process (0..255). */
static int
nfds_open(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 256; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}

static void
t_create(void)
{
	int s;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ok(s >= 0, "socket(AF_UNIX, SOCK_STREAM)");
	close(s);
	is_int(errno_of(socket(12345, SOCK_STREAM, 0)), EAFNOSUPPORT,
	    "unknown family: EAFNOSUPPORT");
	is_int(errno_of(socket(AF_UNIX, 99, 0)), EPROTOTYPE,
	    "unknown type: EPROTOTYPE");
	is_int(errno_of(socket(AF_UNIX, SOCK_STREAM, 77)), EPROTONOSUPPORT,
	    "unknown protocol: EPROTONOSUPPORT");
	is_int(errno_of(socket(AF_UNIX, SOCK_STREAM | 0x4000000, 0)), EINVAL,
	    "unknown type flag: EINVAL");
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	ok(s >= 0 && (fcntl(s, F_GETFD) & FD_CLOEXEC) &&
	    (fcntl(s, F_GETFL) & O_NONBLOCK),
	    "SOCK_CLOEXEC and SOCK_NONBLOCK are applied");
	close(s);
}

static void
t_pair_stream(void)
{
	int sv[2], n;
	char buf[64];

	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair stream");
	is_int(write(sv[0], "hello, world", 12), 12, "write 12 bytes");
	memset(buf, 0, sizeof(buf));
	n = (int)read(sv[1], buf, sizeof(buf));
	is_int(n, 12, "read returns exactly 12");
	is_str(buf, "hello, world", "the exact bytes");
	is_int(write(sv[1], "back", 4), 4, "the pair is full duplex");
	is_int(read(sv[0], buf, 4), 4, "read back");
	ok(memcmp(buf, "back", 4) == 0, "... exact bytes");
	ok(shutdown(sv[0], SHUT_WR) == 0, "shutdown(SHUT_WR)");
	is_int(read(sv[1], buf, sizeof(buf)), 0, "the peer reads EOF");
	is_int(errno_of(shutdown(sv[0], 7)), EINVAL, "shutdown(7): EINVAL");
	is_int(errno_of(recv(sv[1], buf, 1, 0x40000000)), EINVAL,
	    "recv with an unknown flag: EINVAL");
	close(sv[0]);
	close(sv[1]);
}

static void
t_epipe(void)
{
	int sv[2], status;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	signal(SIGPIPE, SIG_IGN);
	is_int(errno_of((int)write(sv[0], "x", 1)), EPIPE,
	    "write to a closed peer: EPIPE");
	is_int(errno_of((int)send(sv[0], "x", 1, MSG_NOSIGNAL)), EPIPE,
	    "send(MSG_NOSIGNAL): EPIPE");
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		(void)write(sv[0], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	    "with SIGPIPE at its default, the writer is killed by it");
	pid = fork();
	if (pid == 0) {
		int on = 1;

		setsockopt(sv[0], SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof(on));
		_exit(write(sv[0], "x", 1) == -1 && errno == EPIPE ? 7 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 7,
	    "SO_NOSIGPIPE: EPIPE without the signal");
	close(sv[0]);
}

static void
t_names(void)
{
	struct sockaddr_un sun, got;
	socklen_t len;
	int s, c, a, f;
	char buf[16];

	mkaddr(&sun, "srv");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ok(bind(s, (struct sockaddr *)&sun, SUN_LEN(&sun)) == 0,
	    "bind to a path");
	{
		struct stat st;

		ok(stat(sun.sun_path, &st) == 0 && S_ISSOCK(st.st_mode),
		    "the path is a socket file");
	}
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	ok(getsockname(s, (struct sockaddr *)&got, &len) == 0 &&
	    strcmp(got.sun_path, sun.sun_path) == 0,
	    "getsockname returns the bound path");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	is_int(errno_of(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun))),
	    ECONNREFUSED, "connect before listen: ECONNREFUSED");
	close(c);
	ok(listen(s, 5) == 0, "listen");
	f = socket(AF_UNIX, SOCK_STREAM, 0);
	is_int(errno_of(bind(f, (struct sockaddr *)&sun, SUN_LEN(&sun))),
	    EADDRINUSE, "bind to a used path: EADDRINUSE");
	close(f);

	c = socket(AF_UNIX, SOCK_STREAM, 0);
	ok(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun)) == 0,
	    "connect to the listener");
	is_int(errno_of(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun))),
	    EISCONN, "connect again: EISCONN");
	len = sizeof(got);
	a = accept(s, (struct sockaddr *)&got, &len);
	ok(a >= 0, "accept");
	is_int(got.sun_family, AF_UNIX, "accept: the peer is AF_UNIX");
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	ok(getpeername(c, (struct sockaddr *)&got, &len) == 0 &&
	    strcmp(got.sun_path, sun.sun_path) == 0,
	    "the client's peer name is the server's path");
	is_int(write(c, "ping", 4), 4, "client writes");
	is_int(read(a, buf, sizeof(buf)), 4, "server reads 4 bytes");
	close(a);
	close(c);

	/* Non-blocking accept with nothing queued. */
	fcntl(s, F_SETFL, O_NONBLOCK);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "non-blocking accept with no connection: EAGAIN");
	close(s);
	unlink(sun.sun_path);

	mkaddr(&sun, "nonexistent");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	is_int(errno_of(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun))),
	    ENOENT, "connect to a missing path: ENOENT");
	mkaddr(&sun, "plainfile");
	f = open(sun.sun_path, O_CREAT | O_WRONLY, 0666);
	close(f);
	is_int(errno_of(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun))),
	    ENOTSOCK, "connect to a regular file: ENOTSOCK");
	unlink(sun.sun_path);
	is_int(errno_of(connect(c, (struct sockaddr *)&sun, 1)), EINVAL,
	    "connect with a 1-byte address: EINVAL");
	is_int(errno_of(bind(c, (struct sockaddr *)0x1, sizeof(sun))), EFAULT,
	    "bind with a bad address pointer: EFAULT");
	is_int(errno_of(send(c, "x", 1, 0)), ENOTCONN,
	    "send on an unconnected stream: ENOTCONN");
	len = sizeof(got);
	is_int(errno_of(getpeername(c, (struct sockaddr *)&got, &len)),
	    ENOTCONN, "getpeername unconnected: ENOTCONN");
	close(c);
}

static void
t_errors(void)
{
	int p[2], s, sv[2], v;
	socklen_t len;
	struct sockaddr_un sun;

	pipe(p);
	len = sizeof(sun);
	is_int(errno_of(getsockname(p[0], (struct sockaddr *)&sun, &len)),
	    ENOTSOCK, "getsockname on a pipe: ENOTSOCK");
	is_int(errno_of(listen(p[0], 1)), ENOTSOCK, "listen on a pipe: ENOTSOCK");
	close(p[0]);
	close(p[1]);
	is_int(errno_of(listen(-1, 1)), EBADF, "listen(-1): EBADF");
	is_int(errno_of(accept(1000, NULL, NULL)), EBADF,
	    "accept on a closed descriptor: EBADF");

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	is_int(errno_of((int)send(sv[0], (void *)0x1, 10, 0)), EFAULT,
	    "send from a bad pointer: EFAULT");
	is_int(errno_of((int)write(sv[0], (void *)0xffff800000000000ULL, 10)),
	    EFAULT, "write from a kernel address: EFAULT");
	len = sizeof(v);
	ok(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len) == 0 &&
	    v == SOCK_STREAM && len == sizeof(int), "SO_TYPE is SOCK_STREAM");
	len = sizeof(v);
	ok(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0,
	    "SO_ERROR is 0");
	v = 4096;
	ok(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0,
	    "SO_RCVBUF set");
	len = sizeof(v);
	ok(getsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, &len) == 0 &&
	    v == 4096, "SO_RCVBUF reads back 4096");
	is_int(errno_of(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, 1)),
	    EINVAL, "an option value too short: EINVAL");
	is_int(errno_of(setsockopt(sv[0], SOL_SOCKET, 0x7777, &v, sizeof(v))),
	    ENOPROTOOPT, "an unknown option: ENOPROTOOPT");
	is_int(errno_of(listen(sv[0], 1)), EINVAL,
	    "listen on a connected socket: EINVAL");
	close(sv[0]);
	close(sv[1]);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	is_int(errno_of(listen(s, 1)), EOPNOTSUPP,
	    "listen on a datagram socket: EOPNOTSUPP");
	close(s);
}

static void
t_dgram(void)
{
	struct sockaddr_un sun, from;
	socklen_t flen;
	struct msghdr mh;
	struct iovec iov;
	char big[4096], buf[64];
	int s, c, n;

	mkaddr(&sun, "dg");
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok(bind(s, (struct sockaddr *)&sun, SUN_LEN(&sun)) == 0, "bind dgram");
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	is_int(sendto(c, "one", 3, 0, (struct sockaddr *)&sun, SUN_LEN(&sun)),
	    3, "sendto from an unbound socket");
	is_int(sendto(c, "second", 6, 0, (struct sockaddr *)&sun,
	    SUN_LEN(&sun)), 6, "a second datagram");
	flen = sizeof(from);
	n = (int)recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
	    &flen);
	ok(n == 3 && memcmp(buf, "one", 3) == 0,
	    "datagrams keep their boundaries: 3 bytes first");
	is_int(from.sun_family, AF_UNIX, "the sender's family is AF_UNIX");
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = 2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	n = (int)recvmsg(s, &mh, 0);
	ok(n == 2 && (mh.msg_flags & MSG_TRUNC) && memcmp(buf, "se", 2) == 0,
	    "a short buffer truncates the datagram with MSG_TRUNC");
	fcntl(s, F_SETFL, O_NONBLOCK);
	is_int(errno_of((int)recv(s, buf, sizeof(buf), 0)), EAGAIN,
	    "the rest of the datagram was discarded");
	memset(big, 'x', sizeof(big));
	is_int(errno_of((int)sendto(c, big, sizeof(big), 0,
	    (struct sockaddr *)&sun, SUN_LEN(&sun))), EMSGSIZE,
	    "a 4096-byte datagram: EMSGSIZE");
	is_int(errno_of((int)send(c, "x", 1, 0)), EDESTADDRREQ,
	    "send without an address on an unconnected dgram: EDESTADDRREQ");
	ok(connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun)) == 0,
	    "connect a datagram socket");
	is_int(send(c, "abc", 3, 0), 3, "send on the connected dgram");
	is_int(recv(s, buf, sizeof(buf), 0), 3, "received");
	is_int(errno_of((int)sendto(c, "x", 1, 0, (struct sockaddr *)&sun,
	    SUN_LEN(&sun))), EISCONN, "sendto with an address when connected: "
	    "EISCONN");
	close(c);
	close(s);
	unlink(sun.sun_path);
}

static void
t_seqpacket(void)
{
	struct msghdr mh;
	struct iovec iov;
	char buf[100];
	int sv[2];

	ok(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0,
	    "socketpair seqpacket");
	send(sv[0], "0123456789", 10, 0);
	send(sv[0], "abcdefghijklmnopqrst", 20, 0);
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	is_int(recvmsg(sv[1], &mh, 0), 10, "first record: 10 bytes");
	ok(mh.msg_flags & MSG_EOR, "... with MSG_EOR");
	is_int(recv(sv[1], buf, sizeof(buf), 0), 20, "second record: 20 bytes");
	ok(memcmp(buf, "abcdefghijklmnopqrst", 20) == 0, "... exact bytes");
	close(sv[0]);
	close(sv[1]);
}

static int
send_fds(int s, const int *fds, int n)
{
	struct msghdr mh;
	struct iovec iov;
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} cm;
	struct cmsghdr *c;

	if (n < 1 || n > 4)
		return (-1);
	memset(&mh, 0, sizeof(mh));
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = "F";
	iov.iov_len = 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return ((int)sendmsg(s, &mh, 0));
}

static int
send_fd(int s, int fd)
{
	return (send_fds(s, &fd, 1));
}

/* Receive one descriptor; -1 if none.  ctllen limits the control room. */
static int
recv_fd(int s, size_t ctllen, int *flagsp)
{
	struct msghdr mh;
	struct iovec iov;
	char data[4], cbuf[CMSG_SPACE(sizeof(int)) * 2];
	struct cmsghdr *c;
	int fd = -1;

	memset(&mh, 0, sizeof(mh));
	iov.iov_base = data;
	iov.iov_len = sizeof(data);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = (socklen_t)ctllen;
	if (recvmsg(s, &mh, 0) < 0)
		return (-2);
	*flagsp = mh.msg_flags;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return (fd);
}

static void
t_rights(void)
{
	int sv[2], p[2], fd, flags = 0, before, inflight0;
	char buf[16];
	pid_t pid;
	int status;

	inflight0 = sysctl_int("net.local.inflight");
	ok(inflight0 == 0, "no descriptors in flight at the start");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	is_int(send_fd(sv[0], p[1]), 1, "sendmsg with SCM_RIGHTS");
	is_int(sysctl_int("net.local.inflight"), 1, "one descriptor in flight");
	fd = recv_fd(sv[1], CMSG_SPACE(sizeof(int)), &flags);
	ok(fd >= 0 && fd != p[1], "a new descriptor arrives");
	is_int(sysctl_int("net.local.inflight"), 0, "none in flight after");
	is_int(write(fd, "via", 3), 3, "write through the received descriptor");
	is_int(read(p[0], buf, sizeof(buf)), 3, "arrives in the original pipe");
	ok(memcmp(buf, "via", 3) == 0, "... exact bytes");
	close(fd);

	/* A control buffer too short for the message. */
	before = nfds_open();
	send_fd(sv[0], p[1]);
	fd = recv_fd(sv[1], sizeof(struct cmsghdr), &flags);
	ok(fd == -1 && (flags & MSG_CTRUNC), "short control buffer: MSG_CTRUNC");
	is_int(nfds_open(), before, "and the descriptor that did not fit is "
	    "not left open");
	is_int(sysctl_int("net.local.inflight"), 0, "nor left in flight");

	/*
	 * MSG_PEEK leaves the rights queued and hands none out: no
	 * descriptor (nor the kernel's in-flight form of one, a file
	 * pointer, which a peek once copied out), MSG_CTRUNC; the
	 * descriptor then arrives with the real receive.
	 */
	{
		struct msghdr mh;
		struct iovec iov;
		char data[4], cbuf[CMSG_SPACE(sizeof(int)) * 2];

		send_fd(sv[0], p[1]);
		before = nfds_open();
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		is_int((int)recvmsg(sv[1], &mh, MSG_PEEK), 1,
		    "MSG_PEEK of a message with rights: its byte");
		if (!ok(mh.msg_controllen == 0 && (mh.msg_flags & MSG_CTRUNC),
		    "... no control returned, MSG_CTRUNC"))
			printf("# %u bytes of control, flags %#x\n",
			    (unsigned)mh.msg_controllen, mh.msg_flags);
		is_int(nfds_open(), before, "... and no descriptor installed");
		is_int(sysctl_int("net.local.inflight"), 1,
		    "... the rights still in flight");
		fd = recv_fd(sv[1], CMSG_SPACE(sizeof(int)), &flags);
		ok(fd >= 0 && !(flags & MSG_CTRUNC),
		    "the receive after the peek gets the descriptor");
		close(fd);
	}

	/* MSG_CMSG_CLOEXEC */
	{
		struct msghdr mh;
		struct iovec iov;
		char data[4], cbuf[CMSG_SPACE(sizeof(int))];

		send_fd(sv[0], p[1]);
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC);
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
		ok(fcntl(fd, F_GETFD) & FD_CLOEXEC,
		    "MSG_CMSG_CLOEXEC sets close-on-exec");
		close(fd);
	}

	is_int(errno_of(send_fd(sv[0], 999)), EBADF,
	    "passing a closed descriptor: EBADF");
	{
		/*
		 * Descriptor numbers that fail to internalize are the
		 * sender's bytes, never file pointers: two of them side by
		 * side once made the kernel drop a user-chosen address.
		 */
		int bad[4] = { 900, 901, 902, 903 };
		int mixed[2];

		is_int(errno_of(send_fds(sv[0], bad, 4)), EBADF,
		    "passing four closed descriptors: EBADF, no panic");
		mixed[0] = p[0];
		mixed[1] = 901;
		is_int(errno_of(send_fds(sv[0], mixed, 2)), EBADF,
		    "an open then a closed descriptor: EBADF");
		is_int(sysctl_int("net.local.inflight"), 0,
		    "... and nothing is left in flight");
		ok(fcntl(p[0], F_GETFD) != -1,
		    "... and the open one is still the sender's");
		is_int(errno_of(recv(sv[1], bad, 1, MSG_DONTWAIT)), EAGAIN,
		    "... and no data was queued");
	}

	/* A receiver that exits without reading. */
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(0);
	}
	send_fd(sv[0], p[0]);
	close(sv[1]);
	waitpid(pid, &status, 0);
	is_int(sysctl_int("net.local.inflight"), 0,
	    "rights in a socket nobody will read are reclaimed");
	close(sv[0]);

	/* A socket sent over itself, then closed: only unp_gc can free it. */
	before = sysctl_int("kern.ipc.numopensockets");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send_fd(sv[0], sv[1]);
	send_fd(sv[1], sv[0]);
	close(sv[0]);
	close(sv[1]);
	is_int(sysctl_int("net.local.inflight"), 0,
	    "a cycle of sockets in flight is collected by unp_gc");
	is_int(sysctl_int("kern.ipc.numopensockets"), before,
	    "... and both sockets are freed");
	close(p[0]);
	close(p[1]);
}

static void
t_creds(void)
{
	struct sockaddr_un sun;
	struct xucred xu;
	socklen_t len;
	int s, c, a, sv[2];
	struct msghdr mh;
	struct iovec iov;
	char data[4];
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(struct cmsgcred))];
	} cm;
	struct cmsgcred *cc;

	mkaddr(&sun, "cred");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&sun, SUN_LEN(&sun));
	listen(s, 1);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun));
	a = accept(s, NULL, NULL);
	len = sizeof(xu);
	ok(getsockopt(a, SOL_LOCAL, LOCAL_PEERCRED, &xu, &len) == 0 &&
	    xu.cr_version == XUCRED_VERSION && xu.cr_uid == geteuid() &&
	    xu.cr_pid == getpid(), "LOCAL_PEERCRED on the accepted socket");
	len = sizeof(xu);
	ok(getsockopt(c, SOL_LOCAL, LOCAL_PEERCRED, &xu, &len) == 0 &&
	    xu.cr_uid == geteuid(), "LOCAL_PEERCRED on the connecting side");
	close(a);
	close(c);
	close(s);
	unlink(sun.sun_path);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	len = sizeof(xu);
	is_int(errno_of(getsockopt(sv[0], SOL_LOCAL, LOCAL_PEERCRED, &xu,
	    &len)), EINVAL, "LOCAL_PEERCRED on a datagram socket: EINVAL");
	memset(&mh, 0, sizeof(mh));
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = "c";
	iov.iov_len = 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof(cm.buf);
	CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(struct cmsgcred));
	CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
	CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_CREDS;
	is_int(sendmsg(sv[0], &mh, 0), 1, "sendmsg with SCM_CREDS");
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = data;
	iov.iov_len = sizeof(data);
	mh.msg_controllen = sizeof(cm.buf);
	is_int(recvmsg(sv[1], &mh, 0), 1, "recvmsg");
	cc = (struct cmsgcred *)CMSG_DATA(CMSG_FIRSTHDR(&mh));
	ok(CMSG_FIRSTHDR(&mh)->cmsg_type == SCM_CREDS &&
	    cc->cmcred_pid == getpid() && cc->cmcred_uid == getuid() &&
	    cc->cmcred_euid == geteuid(),
	    "SCM_CREDS carries the sender's pid and uids, set by the kernel");
	close(sv[0]);
	close(sv[1]);
}

/* connect(2) needs write permission on the socket file. */
static void
t_perm(void)
{
	struct sockaddr_un sun;
	int s, status;
	pid_t pid;

	mkaddr(&sun, "perm");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&sun, SUN_LEN(&sun));
	listen(s, 1);
	chmod(sun.sun_path, 0444);
	pid = fork();
	if (pid == 0) {
		int c;

		if (setgid(1001) != 0 || setuid(1001) != 0)
			_exit(2);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&sun, SUN_LEN(&sun)) == -1 &&
		    errno == EACCES)
			_exit(0);
		_exit(1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "an unprivileged user without write permission: EACCES");
	close(s);
	unlink(sun.sun_path);
}

/* ---- Helpers for the readiness, timeout and accept tests ---------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Sleep ms milliseconds (only to let a blocked peer be blocked). */
static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* poll(2) without waiting: the events of `events' that fd has. */
static int
ready(int fd, int events)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = (short)events;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) < 0)
		return (-1);
	return (pfd.revents & events);
}

/* select(2) without waiting: is fd readable (wr 0) or writable (wr 1)? */
static int
sel(int fd, int wr)
{
	struct timeval tv = { 0, 0 };
	fd_set set;

	FD_ZERO(&set);
	FD_SET(fd, &set);
	if (select(fd + 1, wr ? NULL : &set, wr ? &set : NULL, NULL, &tv) < 0)
		return (-1);
	return (FD_ISSET(fd, &set) != 0);
}

static int
getint(int s, int opt)
{
	socklen_t len = sizeof(int);
	int v = -1;

	if (getsockopt(s, SOL_SOCKET, opt, &v, &len) != 0 || len != sizeof(v))
		return (-1);
	return (v);
}

static int
setint(int s, int opt, int v)
{
	return (setsockopt(s, SOL_SOCKET, opt, &v, sizeof(v)));
}

static int
ioctl_int(int fd, unsigned long cmd)
{
	int n = -1;

	if (ioctl(fd, cmd, &n) != 0)
		return (-1);
	return (n);
}

/* Write to stream s (non-blocking) until not one byte more fits. */
static void
fill(int s)
{
	char buf[4096];
	int fl = fcntl(s, F_GETFL);

	memset(buf, 'f', sizeof(buf));
	fcntl(s, F_SETFL, fl | O_NONBLOCK);
	while (write(s, buf, sizeof(buf)) > 0)
		continue;
	while (write(s, buf, 1) == 1)
		continue;
	fcntl(s, F_SETFL, fl);
}

/* A child that writes buf to s after ms milliseconds, then exits. */
static pid_t
late_write(int s, const char *buf, int len, int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		msleep(ms);
		_exit(write(s, buf, (size_t)len) == len ? 0 : 1);
	}
	return (pid);
}

/* ---- SO_RCVLOWAT and SO_SNDLOWAT ---------------------------------------- */

static void
t_lowat(void)
{
	char buf[8192];
	int sv[2], n, v;
	double t0, dt;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	is_int(getint(sv[1], SO_RCVLOWAT), 1, "SO_RCVLOWAT defaults to 1");
	is_int(getint(sv[0], SO_SNDLOWAT), 2048,
	    "SO_SNDLOWAT defaults to a cluster, 2048");
	ok(setint(sv[1], SO_RCVLOWAT, 10) == 0, "SO_RCVLOWAT 10");
	is_int(getint(sv[1], SO_RCVLOWAT), 10, "... reads back 10");

	/* Readiness follows the mark. */
	write(sv[0], "01234", 5);
	is_int(ready(sv[1], POLLIN), 0,
	    "5 bytes under a low-water mark of 10: poll says not readable");
	is_int(sel(sv[1], 0), 0, "... and so does select");
	is_int(ioctl_int(sv[1], FIONREAD), 5, "... though FIONREAD counts 5");
	write(sv[0], "56789", 5);
	is_int(ready(sv[1], POLLIN), POLLIN, "10 bytes: poll says readable");
	is_int(sel(sv[1], 0), 1, "... and so does select");

	/* A request smaller than what is queued is met at once. */
	is_int(read(sv[1], buf, 3), 3, "read 3 of 10");
	is_int(read(sv[1], buf, 3), 3, "read 3 of the 7 left (under the mark)");
	is_int(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), 4,
	    "a non-blocking read takes the 4 left under the mark");
	ok(memcmp(buf, "6789", 4) == 0, "... the exact bytes");

	/* A blocking read waits for the mark, not just for data. */
	write(sv[0], "abcde", 5);
	pid = late_write(sv[0], "fghij", 5, 300);
	t0 = now();
	n = (int)read(sv[1], buf, sizeof(buf));
	dt = now() - t0;
	is_int(n, 10, "a blocking read under the mark returns once 10 are "
	    "there");
	ok(dt >= 0.25, "... after the writer's second 5 bytes, not before");
	ok(memcmp(buf, "abcdefghij", 10) == 0, "... the exact bytes");
	is_int(wait_status(pid), 0, "... the writer child");

	/* EOF ends the wait even under the mark. */
	write(sv[0], "xy", 2);
	shutdown(sv[0], SHUT_WR);
	is_int(ready(sv[1], POLLIN), POLLIN,
	    "under the mark but at EOF: readable");
	is_int(read(sv[1], buf, sizeof(buf)), 2, "... and the read returns "
	    "the 2 bytes");

	/* Limits and bad values. */
	v = 4096;
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	ok(setint(sv[1], SO_RCVLOWAT, 100000) == 0,
	    "SO_RCVLOWAT above the buffer");
	is_int(getint(sv[1], SO_RCVLOWAT), 4096,
	    "... is clipped to SO_RCVBUF (4096)");
	is_int(errno_of(setint(sv[1], SO_RCVLOWAT, 0)), EINVAL,
	    "SO_RCVLOWAT 0: EINVAL");
	is_int(errno_of(setint(sv[1], SO_RCVLOWAT, -1)), EINVAL,
	    "SO_RCVLOWAT -1: EINVAL");
	is_int(errno_of(setint(sv[0], SO_SNDLOWAT, 0)), EINVAL,
	    "SO_SNDLOWAT 0: EINVAL");
	is_int(errno_of(setint(sv[0], SO_SNDLOWAT, -5)), EINVAL,
	    "SO_SNDLOWAT -5: EINVAL");
	is_int(errno_of(setsockopt(sv[0], SOL_SOCKET, SO_SNDLOWAT, &v, 2)),
	    EINVAL, "SO_SNDLOWAT with a 2-byte value: EINVAL");
	is_int(getint(sv[1], SO_RCVLOWAT), 4096,
	    "... and the rejected values changed nothing");
	close(sv[0]);
	close(sv[1]);

	/*
	 * SO_SNDLOWAT: writable only with that much room; a non-blocking
	 * write that does not fit whole needs that much room to start.
	 */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ok(setint(sv[0], SO_SNDLOWAT, 1000) == 0, "SO_SNDLOWAT 1000");
	is_int(getint(sv[0], SO_SNDLOWAT), 1000, "... reads back 1000");
	fill(sv[0]);
	is_int(ioctl_int(sv[0], FIONSPACE), 0, "a full stream: no room");
	is_int(ready(sv[0], POLLOUT), 0, "... poll says not writable");
	is_int(sel(sv[0], 1), 0, "... and so does select");
	is_int((int)readn(sv[1], buf, 999), 999, "the reader takes 999");
	is_int(ioctl_int(sv[0], FIONSPACE), 999, "... room for 999");
	is_int(ready(sv[0], POLLOUT), 0,
	    "999 bytes of room under a mark of 1000: not writable");
	is_int(sel(sv[0], 1), 0, "... select agrees");
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	is_int(errno_of((int)write(sv[0], buf, 1000)), EAGAIN,
	    "a non-blocking 1000-byte write with room under the mark: EAGAIN");
	is_int(write(sv[0], buf, 999), 999,
	    "a 999-byte write that fits whole goes at once");
	is_int((int)readn(sv[1], buf, 1000), 1000, "the reader takes 1000");
	is_int(ready(sv[0], POLLOUT), POLLOUT, "room of 1000: writable");
	is_int(sel(sv[0], 1), 1, "... select agrees");
	is_int(write(sv[0], buf, 5000), 1000,
	    "a non-blocking 5000-byte write with 1000 of room writes 1000");
	close(sv[0]);
	close(sv[1]);
}

/* ---- SO_RCVTIMEO and SO_SNDTIMEO ---------------------------------------- */

static void
t_timeo(void)
{
	struct timeval tv;
	socklen_t len;
	char buf[8192];
	int sv[2], n;
	double t0, dt;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	len = sizeof(tv);
	ok(getsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0 &&
	    len == sizeof(tv) && tv.tv_sec == 0 && tv.tv_usec == 0,
	    "SO_RCVTIMEO defaults to 0 (no timeout)");
	tv.tv_sec = 1;
	tv.tv_usec = 500000;
	ok(setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0,
	    "SO_SNDTIMEO 1.5 s");
	memset(&tv, 0, sizeof(tv));
	len = sizeof(tv);
	ok(getsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, &len) == 0 &&
	    tv.tv_sec == 1 && tv.tv_usec == 500000, "... reads back 1.5 s");
	tv.tv_sec = 0;
	tv.tv_usec = 1000000;
	is_int(errno_of(setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv))), EDOM, "SO_RCVTIMEO with tv_usec 1000000: EDOM");
	tv.tv_usec = -1;
	is_int(errno_of(setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv))), EDOM, "SO_RCVTIMEO with tv_usec -1: EDOM");
	tv.tv_sec = -1;
	tv.tv_usec = 0;
	is_int(errno_of(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv,
	    sizeof(tv))), EDOM, "SO_SNDTIMEO with tv_sec -1: EDOM");
	is_int(errno_of(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv,
	    sizeof(int))), EINVAL, "SO_SNDTIMEO with an int-sized value: EINVAL");

	/* A read with nothing to read. */
	tv.tv_sec = 0;
	tv.tv_usec = 300000;
	ok(setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0,
	    "SO_RCVTIMEO 300 ms");
	t0 = now();
	n = errno_of((int)read(sv[1], buf, 10));
	dt = now() - t0;
	is_int(n, EAGAIN, "a read that times out: EAGAIN");
	if (!ok(dt >= 0.300, "... not before 300 ms"))
		printf("# waited %.4f s\n", dt);
	if (!ok(dt < 2.0, "... nor very long after"))
		printf("# waited %.4f s\n", dt);

	/* MSG_WAITALL with part of the request there: the part. */
	write(sv[0], "abcd", 4);
	t0 = now();
	n = (int)recv(sv[1], buf, 10, MSG_WAITALL);
	dt = now() - t0;
	is_int(n, 4, "MSG_WAITALL for 10 with 4 there: the 4 at the timeout");
	ok(dt >= 0.300, "... not before 300 ms");

	/* A write with no room. */
	tv.tv_sec = 0;
	tv.tv_usec = 300000;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	fill(sv[0]);
	t0 = now();
	n = errno_of((int)write(sv[0], buf, 100));
	dt = now() - t0;
	is_int(n, EAGAIN, "a write to a full stream that times out: EAGAIN");
	if (!ok(dt >= 0.300, "... not before 300 ms"))
		printf("# waited %.4f s\n", dt);
	ok(dt < 2.0, "... nor very long after");

	/* Room for part of it: the part, at the timeout. */
	readn(sv[1], buf, 3000);
	t0 = now();
	n = (int)write(sv[0], buf, 5000);
	dt = now() - t0;
	is_int(n, 3000, "a 5000-byte write with room for 3000: 3000 at the "
	    "timeout");
	ok(dt >= 0.300, "... not before 300 ms");
	t0 = now();
	n = (int)send(sv[0], buf, 100, 0);
	is_int(errno_of(n), EAGAIN, "send(2) times out the same way: EAGAIN");
	ok(now() - t0 >= 0.300, "... not before 300 ms");
	close(sv[0]);
	close(sv[1]);
}

/* ---- accept4, fstat, FIONREAD ------------------------------------------- */

/* A listening stream socket on dir/name. */
static int
ulisten(const char *name, struct sockaddr_un *sun)
{
	int s;

	mkaddr(sun, name);
	unlink(sun->sun_path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)sun, SUN_LEN(sun)) != 0 ||
	    listen(s, 5) != 0) {
		close(s);
		return (-1);
	}
	return (s);
}

static int
uconnect(const struct sockaddr_un *sun)
{
	int c = socket(AF_UNIX, SOCK_STREAM, 0);

	if (connect(c, (const struct sockaddr *)sun, SUN_LEN(sun)) != 0) {
		close(c);
		return (-1);
	}
	return (c);
}

static void
t_accept4(void)
{
	struct sockaddr_un sun, got;
	socklen_t len;
	int s, c[4], a, i;

	s = ulisten("acc4", &sun);
	ok(s >= 0, "a listener for accept4");
	for (i = 0; i < 4; i++)
		c[i] = uconnect(&sun);
	ok(c[0] >= 0 && c[1] >= 0 && c[2] >= 0 && c[3] >= 0,
	    "four connections queued");

	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	a = accept4(s, (struct sockaddr *)&got, &len, SOCK_CLOEXEC);
	ok(a >= 0, "accept4(SOCK_CLOEXEC)");
	is_int(got.sun_family, AF_UNIX, "... returns the peer's family");
	is_int(fcntl(a, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC,
	    "... the new descriptor is close-on-exec");
	is_int(fcntl(a, F_GETFL) & O_NONBLOCK, 0, "... and blocking");
	close(a);

	a = accept4(s, NULL, NULL, SOCK_NONBLOCK);
	ok(a >= 0, "accept4(SOCK_NONBLOCK)");
	is_int(fcntl(a, F_GETFL) & O_NONBLOCK, O_NONBLOCK,
	    "... the new descriptor is non-blocking");
	is_int(fcntl(a, F_GETFD) & FD_CLOEXEC, 0, "... and not close-on-exec");
	is_int(errno_of((int)read(a, &i, 1)), EAGAIN,
	    "... a read with nothing there: EAGAIN");
	close(a);

	/* accept inherits the listener's O_NONBLOCK; accept4 does not. */
	fcntl(s, F_SETFL, O_NONBLOCK);
	a = accept4(s, NULL, NULL, 0);
	ok(a >= 0, "accept4(0) on a non-blocking listener");
	is_int(fcntl(a, F_GETFL) & O_NONBLOCK, 0,
	    "... the new descriptor is blocking: accept4 takes only its flags");
	is_int(fcntl(a, F_GETFD) & FD_CLOEXEC, 0, "... and not close-on-exec");
	close(a);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "accept on a non-blocking listener");
	is_int(fcntl(a, F_GETFL) & O_NONBLOCK, O_NONBLOCK,
	    "... the new descriptor inherits O_NONBLOCK");
	close(a);

	is_int(errno_of(accept4(s, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)),
	    EAGAIN, "accept4 with both flags and nothing queued: EAGAIN");
	is_int(errno_of(accept4(s, NULL, NULL, 0x4000000)), EINVAL,
	    "accept4 with an unknown flag: EINVAL");
	is_int(errno_of(accept4(s, NULL, NULL, O_APPEND)), EINVAL,
	    "accept4 with O_APPEND: EINVAL");
	c[0] = (close(c[0]), uconnect(&sun));
	is_int(errno_of(accept4(s, NULL, NULL, -1)), EINVAL,
	    "accept4 with every flag bit: EINVAL, with a connection queued");
	a = accept4(s, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	ok(a >= 0 && (fcntl(a, F_GETFD) & FD_CLOEXEC) &&
	    (fcntl(a, F_GETFL) & O_NONBLOCK),
	    "... which is still there for accept4(SOCK_CLOEXEC|SOCK_NONBLOCK)");
	close(a);
	for (i = 0; i < 4; i++)
		close(c[i]);
	close(s);
	unlink(sun.sun_path);
}

static void
t_fstat_fionread(void)
{
	struct sockaddr_un sun;
	struct stat st;
	char buf[64];
	int sv[2], s, c;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ok(fstat(sv[0], &st) == 0, "fstat on a stream socket");
	ok(S_ISSOCK(st.st_mode), "... S_ISSOCK");
	ok(!S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode),
	    "... and nothing else");
	is_int(st.st_size, 0, "... st_size 0 with nothing queued");
	is_int(ioctl_int(sv[1], FIONREAD), 0, "FIONREAD on an empty stream: 0");
	write(sv[0], "1234567", 7);
	write(sv[0], "89abc", 5);
	is_int(ioctl_int(sv[1], FIONREAD), 12, "FIONREAD after 7 + 5 bytes: 12");
	ok(fstat(sv[1], &st) == 0 && st.st_size == 12,
	    "fstat's st_size agrees: 12");
	recv(sv[1], buf, 5, MSG_PEEK);
	is_int(ioctl_int(sv[1], FIONREAD), 12, "MSG_PEEK leaves it at 12");
	read(sv[1], buf, 4);
	is_int(ioctl_int(sv[1], FIONREAD), 8, "after reading 4: 8");
	is_int(ioctl_int(sv[0], FIONREAD), 0, "the writer's side: 0");
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	ok(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode),
	    "fstat on a datagram socket: S_ISSOCK");
	send(sv[0], "abc", 3, 0);
	send(sv[0], "defghi", 6, 0);
	send(sv[0], "", 0, 0);
	is_int(ioctl_int(sv[1], FIONREAD), 9,
	    "FIONREAD on datagrams of 3, 6 and 0 bytes: 9 (data only)");
	is_int(recv(sv[1], buf, sizeof(buf), 0), 3, "the first datagram");
	is_int(ioctl_int(sv[1], FIONREAD), 6, "FIONREAD: 6");
	is_int(recv(sv[1], buf, 2, 0), 2, "the second, truncated to 2");
	is_int(ioctl_int(sv[1], FIONREAD), 0,
	    "FIONREAD: 0, its rest was discarded");
	close(sv[0]);
	close(sv[1]);

	s = ulisten("fst", &sun);
	ok(fstat(s, &st) == 0 && S_ISSOCK(st.st_mode),
	    "fstat on a listening socket: S_ISSOCK");
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ok(fstat(c, &st) == 0 && S_ISSOCK(st.st_mode),
	    "fstat on a seqpacket socket: S_ISSOCK");
	close(c);
	close(s);
	unlink(sun.sun_path);
}

/* ---- Accept filters ------------------------------------------------------- */

static int
set_accf(int s, const char *name)
{
	struct accept_filter_arg afa;

	if (name == NULL)
		return (setsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, NULL, 0));
	memset(&afa, 0, sizeof(afa));
	strlcpy(afa.af_name, name, sizeof(afa.af_name));
	return (setsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa, sizeof(afa)));
}

/* Is a connection ready for accept on (non-blocking) listener s? */
static int
acc_ready(int s)
{
	return (ready(s, POLLIN) == POLLIN);
}

static void
t_accf(void)
{
	struct accept_filter_arg afa;
	struct sockaddr_un sun;
	socklen_t len;
	char buf[64];
	int s, c, c2, a, u;

	/* The option's errors. */
	u = socket(AF_UNIX, SOCK_STREAM, 0);
	is_int(errno_of(set_accf(u, "dataready")), EINVAL,
	    "SO_ACCEPTFILTER on a socket that is not listening: EINVAL");
	close(u);
	s = ulisten("accf", &sun);
	fcntl(s, F_SETFL, O_NONBLOCK);
	len = sizeof(afa);
	is_int(errno_of(getsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa,
	    &len)), EINVAL, "getsockopt SO_ACCEPTFILTER with none set: EINVAL");
	is_int(errno_of(set_accf(s, "nosuchfilter")), ENOENT,
	    "an unknown filter name: ENOENT");
	is_int(errno_of(setsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa, 8)),
	    EINVAL, "a short accept_filter_arg: EINVAL");

	/* dataready */
	ok(set_accf(s, "dataready") == 0, "SO_ACCEPTFILTER dataready");
	memset(&afa, 0x55, sizeof(afa));
	len = sizeof(afa);
	ok(getsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa, &len) == 0 &&
	    len == sizeof(afa), "getsockopt SO_ACCEPTFILTER");
	is_str(afa.af_name, "dataready", "... names dataready");
	is_str(afa.af_arg, "", "... with no argument");
	is_int(errno_of(set_accf(s, "httpready")), EINVAL,
	    "a second filter over the first: EINVAL");

	c = uconnect(&sun);
	ok(c >= 0, "a client connects");
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "no data yet: accept has nothing (EAGAIN)");
	is_int(acc_ready(s), 0, "... and poll says the listener is not ready");
	write(c, "hi", 2);
	is_int(acc_ready(s), 1, "the client sends 2 bytes: ready");
	a = accept(s, NULL, NULL);
	ok(a >= 0, "... accept returns the connection");
	is_int(read(a, buf, sizeof(buf)), 2, "... with the 2 bytes to read");
	close(a);
	close(c);

	c = uconnect(&sun);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "another client, no data: EAGAIN");
	close(c);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "the client closes without sending: released to accept");
	is_int(a >= 0 ? read(a, buf, sizeof(buf)) : -1, 0, "... at EOF");
	close(a);

	ok(set_accf(s, NULL) == 0, "the filter is removed");
	len = sizeof(afa);
	is_int(errno_of(getsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa,
	    &len)), EINVAL, "... getsockopt: EINVAL again");
	c = uconnect(&sun);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "without it, a silent connection is accepted at once");
	close(a);
	close(c);

	/* httpready */
	ok(set_accf(s, "httpready") == 0, "SO_ACCEPTFILTER httpready");
	len = sizeof(afa);
	ok(getsockopt(s, SOL_SOCKET, SO_ACCEPTFILTER, &afa, &len) == 0 &&
	    strcmp(afa.af_name, "httpready") == 0, "... reads back httpready");
	c = uconnect(&sun);
	write(c, "GE", 2);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "\"GE\" could still be a GET: held");
	write(c, "T /index.html HTTP/1.0\r\n", 24);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "a request line with HTTP/1.0: held for the header");
	write(c, "Host: petrel\r\n", 14);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "a header line, no blank line yet: held");
	write(c, "\r\n", 2);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "the blank line ends the header: accepted");
	is_int(a >= 0 ? (int)readn(a, buf, 42) : -1, 42,
	    "... with the whole 42-byte request to read");
	ok(memcmp(buf, "GET /index.html HTTP/1.0\r\nHost: petrel\r\n\r\n", 42) ==
	    0, "... the exact bytes");
	close(a);
	close(c);

	c = uconnect(&sun);
	write(c, "HEAD / HTTP/1.1\n\n", 17);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "HEAD with bare newlines: accepted");
	close(a);
	close(c);

	c = uconnect(&sun);
	write(c, "GET /old\r\n", 10);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "an HTTP/0.9 request line (no version): accepted at its end");
	close(a);
	close(c);

	c = uconnect(&sun);
	write(c, "POST / HTTP/1.0\r\n", 17);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "POST is not for httpready: accepted at once");
	close(a);
	close(c);

	/* Two held at once; the complete one passes the other. */
	c = uconnect(&sun);
	c2 = uconnect(&sun);
	write(c, "GET / HTTP/1.0\r\n", 16);
	write(c2, "GET /2 HTTP/1.0\r\n\r\n", 19);
	a = accept(s, NULL, NULL);
	ok(a >= 0 && read(a, buf, sizeof(buf)) == 19 && buf[5] == '2',
	    "of two clients, the one with a whole request comes first");
	close(a);
	is_int(errno_of(accept(s, NULL, NULL)), EAGAIN,
	    "... the other is still held");
	write(c, "\r\n", 2);
	a = accept(s, NULL, NULL);
	ok(a >= 0, "... until its header ends");
	close(a);
	close(c);
	close(c2);

	close(s);
	unlink(sun.sun_path);
}

/* ---- A blocked accept and signals (accept waits on a predicate message) */

static volatile sig_atomic_t nalrm;

static void
on_alrm(int sig)
{
	(void)sig;
	nalrm++;
}

/* SIGALRM to this process after ms milliseconds, handled with flags. */
static void
alarm_in(int ms, int flags)
{
	struct sigaction sa;
	struct itimerval it;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void
t_accept_signal(void)
{
	struct sockaddr_un sun;
	double t0, dt;
	pid_t pid;
	int s, a, c, e;

	s = ulisten("accsig", &sun);
	nalrm = 0;
	alarm_in(200, 0);
	t0 = now();
	e = errno_of(accept(s, NULL, NULL));
	dt = now() - t0;
	is_int(e, EINTR, "a blocked accept and a signal without SA_RESTART: "
	    "EINTR");
	ok(nalrm == 1 && dt >= 0.15, "... after the handler ran, not before");

	/* With SA_RESTART the wait resumes and takes a later connection. */
	nalrm = 0;
	pid = fork();
	if (pid == 0) {
		msleep(500);
		c = uconnect(&sun);
		_exit(c >= 0 && write(c, "r", 1) == 1 ? 0 : 1);
	}
	alarm_in(200, SA_RESTART);
	a = accept(s, NULL, NULL);
	ok(a >= 0 && nalrm == 1,
	    "with SA_RESTART the accept goes on after the handler and gets "
	    "the connection");
	{
		char ch = 0;

		ok(a >= 0 && read(a, &ch, 1) == 1 && ch == 'r',
		    "... from the client that connected after the signal");
	}
	is_int(wait_status(pid), 0, "... the client child");
	close(a);
	signal(SIGALRM, SIG_DFL);

	/* shutdown(SHUT_RD) of the listener ends a blocked accept. */
	pid = fork();
	if (pid == 0) {
		msleep(200);
		_exit(errno_of(shutdown(s, SHUT_RD)) == ENOTCONN ? 0 : 1);
	}
	e = errno_of(accept(s, NULL, NULL));
	is_int(e, ECONNABORTED,
	    "a blocked accept when the listener is shut down: ECONNABORTED");
	is_int(wait_status(pid), 0, "... the shutdown itself said ENOTCONN "
	    "(not connected), as on FreeBSD");
	is_int(errno_of(accept(s, NULL, NULL)), ECONNABORTED,
	    "... and so does every accept after it");
	close(s);
	unlink(sun.sun_path);

	/* Two blocked accepters, two connections: one each. */
	s = ulisten("acc2", &sun);
	{
		pid_t w[2];
		int i, st = 0;

		for (i = 0; i < 2; i++) {
			w[i] = fork();
			if (w[i] == 0) {
				int x = accept(s, NULL, NULL);
				char ch;

				_exit(x >= 0 && read(x, &ch, 1) == 1 ? 0 : 1);
			}
		}
		msleep(200);
		for (i = 0; i < 2; i++) {
			c = uconnect(&sun);
			write(c, "z", 1);
			close(c);
		}
		for (i = 0; i < 2; i++)
			st |= wait_status(w[i]);
		is_int(st, 0, "two processes blocked in accept get one "
		    "connection each");
	}
	close(s);
	unlink(sun.sun_path);
}

/* recv(2) flags: MSG_NOSIGNAL means nothing there and is accepted. */
static void
t_recvflags(void)
{
	char buf[8];
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "ab", 2);
	is_int(recv(sv[1], buf, sizeof(buf), MSG_NOSIGNAL), 2,
	    "recv with MSG_NOSIGNAL is accepted (and ignored)");
	is_int(errno_of(recv(sv[1], buf, 1, MSG_EOR)), EINVAL,
	    "recv with MSG_EOR (a returned flag): EINVAL");
	is_int(errno_of(recv(sv[1], buf, 1, MSG_CTRUNC)), EINVAL,
	    "recv with MSG_CTRUNC (a returned flag): EINVAL");
	close(sv[0]);
	close(sv[1]);
}

/*
 * Rights mixed with other control messages in one sendmsg: two files,
 * credentials, then three more.  The receive once installed rights
 * only when they came first (credentials first handed out kernel file
 * pointers as numbers), and rewriting two file pointers as two ints
 * moved the credentials behind them over their own header, so the
 * last message was lost with its descriptors installed unseen.  With
 * too few free descriptors none is installed: the data and the
 * credentials still arrive, MSG_CTRUNC, nothing left in flight.
 */
static size_t
mixed_cmsg(char *buf, const int *a, int na, const int *b, int nb)
{
	struct cmsghdr *cm = (struct cmsghdr *)buf;
	size_t off;

	cm->cmsg_len = CMSG_LEN(na * sizeof(int));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cm), a, na * sizeof(int));
	off = CMSG_SPACE(na * sizeof(int));
	cm = (struct cmsghdr *)(buf + off);
	cm->cmsg_len = CMSG_LEN(sizeof(struct cmsgcred));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDS;
	off += CMSG_SPACE(sizeof(struct cmsgcred));
	cm = (struct cmsghdr *)(buf + off);
	cm->cmsg_len = CMSG_LEN(nb * sizeof(int));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cm), b, nb * sizeof(int));
	return (off + CMSG_SPACE(nb * sizeof(int)));
}

static void
t_rights_mixed(void)
{
	union {
		struct cmsghdr hdr;
		char buf[512];
	} cm;
	struct msghdr mh;
	struct iovec iov;
	struct cmsghdr *c;
	struct cmsgcred *cc;
	struct rlimit rl, orl;
	int sv[2], p[2], a[2], b[3], got[8], ngot = 0, nmsg = 0, before;
	int i, ok_fds = 1, order = 0;
	char data[8];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	a[0] = p[1];
	a[1] = p[0];
	b[0] = p[1];
	b[1] = p[1];
	b[2] = p[0];
	memset(&cm, 0, sizeof(cm));
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = "mix";
	iov.iov_len = 3;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = (socklen_t)mixed_cmsg(cm.buf, a, 2, b, 3);
	is_int((int)sendmsg(sv[0], &mh, 0), 3,
	    "sendmsg: rights, credentials, rights");
	is_int(sysctl_int("net.local.inflight"), 5, "five files in flight");
	before = nfds_open();
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = data;
	iov.iov_len = sizeof(data);
	mh.msg_controllen = sizeof(cm.buf);
	is_int((int)recvmsg(sv[1], &mh, 0), 3, "recvmsg: the three bytes");
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		nmsg++;
		if (c->cmsg_type == SCM_CREDS) {
			cc = (struct cmsgcred *)CMSG_DATA(c);
			if (cc->cmcred_pid == getpid() && order == 1)
				order = 2;
			continue;
		}
		if (c->cmsg_type != SCM_RIGHTS)
			continue;
		if (order == 0 &&
		    c->cmsg_len == CMSG_LEN(2 * sizeof(int)))
			order = 1;
		else if (order == 2 &&
		    c->cmsg_len == CMSG_LEN(3 * sizeof(int)))
			order = 3;
		for (i = 0; i < (int)((c->cmsg_len - CMSG_LEN(0)) /
		    sizeof(int)) && ngot < 8; i++)
			memcpy(&got[ngot++], CMSG_DATA(c) + i * sizeof(int),
			    sizeof(int));
	}
	is_int(nmsg, 3, "three control messages come back");
	is_int(order, 3, "... rights (2), credentials (this pid), rights (3), "
	    "in order");
	is_int(ngot, 5, "... five descriptors");
	is_int(nfds_open(), before + 5, "... and exactly five installed");
	for (i = 0; i < ngot; i++)
		if (fcntl(got[i], F_GETFD) == -1)
			ok_fds = 0;
	ok(ok_fds, "every descriptor handed over is open");
	if (ngot == 5) {
		/* got[0], got[2], got[3] are the write end; [1], [4] read. */
		ok(write(got[3], "w", 1) == 1 && read(got[4], data, 1) == 1 &&
		    data[0] == 'w', "the third message's descriptors are "
		    "the pipe's ends");
	}
	for (i = 0; i < ngot; i++)
		close(got[i]);
	is_int(sysctl_int("net.local.inflight"), 0, "none left in flight");

	/* No room for the five: none installed, the rest still arrives. */
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = "mix";
	iov.iov_len = 3;
	mh.msg_controllen = (socklen_t)mixed_cmsg(cm.buf, a, 2, b, 3);
	is_int((int)sendmsg(sv[0], &mh, 0), 3, "sendmsg again");
	before = nfds_open();
	getrlimit(RLIMIT_NOFILE, &orl);
	rl = orl;
	rl.rlim_cur = 0;
	for (i = 0; i < 256; i++)
		if (fcntl(i, F_GETFD) != -1)
			rl.rlim_cur = (rlim_t)i + 1;
	rl.rlim_cur += 2;	/* two free slots: fewer than five */
	is_int(setrlimit(RLIMIT_NOFILE, &rl), 0, "RLIMIT_NOFILE: two free");
	memset(&cm, 0, sizeof(cm));
	iov.iov_base = data;
	iov.iov_len = sizeof(data);
	mh.msg_controllen = sizeof(cm.buf);
	mh.msg_flags = 0;
	is_int((int)recvmsg(sv[1], &mh, 0), 3,
	    "recvmsg with two free slots: the data still arrives");
	setrlimit(RLIMIT_NOFILE, &orl);
	ok(mh.msg_flags & MSG_CTRUNC, "... MSG_CTRUNC");
	c = CMSG_FIRSTHDR(&mh);
	ok(c != NULL && c->cmsg_type == SCM_CREDS &&
	    CMSG_NXTHDR(&mh, c) == NULL,
	    "... only the credentials come back");
	is_int(nfds_open(), before, "... no descriptor installed");
	is_int(sysctl_int("net.local.inflight"), 0, "... none left in flight");
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t_unix.%d", (int)getpid());
	mkdir(dir, 0777);
	chmod(dir, 0777);
	t_create();
	t_pair_stream();
	t_epipe();
	t_names();
	t_errors();
	t_dgram();
	t_seqpacket();
	t_rights();
	t_creds();
	t_rights_mixed();
	t_perm();
	t_lowat();
	t_timeo();
	t_accept4();
	t_fstat_fionread();
	t_accf();
	t_accept_signal();
	t_recvflags();
	rmdir(dir);
	return (done());
}
