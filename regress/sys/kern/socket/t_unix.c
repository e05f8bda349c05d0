/*
 * t_unix: Unix-domain sockets through the system calls: stream, datagram
 * and seqpacket semantics with exact bytes, names in the file system,
 * every error a caller can provoke (with its exact errno), descriptor
 * passing with SCM_RIGHTS (including short control buffers), credentials
 * (SCM_CREDS, LOCAL_PEERCRED), and the reclaiming of descriptors in
 * flight: by dispose when a receiver dies, by unp_gc for cycles.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	t_perm();
	rmdir(dir);
	return (done());
}
