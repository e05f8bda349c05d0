/*
 * t_socket.c: the socket layer on the host (seed 003).  Calls socreate,
 * sobind, solisten, soconnect, soaccept, sosend, soreceive, soshutdown
 * and soclose directly, as the system calls do, on Unix-domain stream,
 * datagram and seqpacket sockets: the real uipc_socket*.c, uipc_msg.c,
 * uipc_usrreq.c, uipc_sockbuf.c, uipc_mbuf*.c and lwkt_msgport.c, linked
 * with the shims (shim/ipc_shim.c, shim/sock_shim.c).
 *
 * sosend_source (sendfile's path) is fed from a fill function in memory.
 * accept's wait (soaccept_wait) and the predicate messages under it
 * (netmsg_so_notify: parked, replied by sowakeup, withdrawn by
 * lwkt_abortmsg), and asynchronous sends (PR_ASYNC_SEND,
 * so_pru_send_async) through a stub protocol whose port holds them until
 * the test runs them, with the bytes in flight counted as taken room.
 * Checks exact bytes and exact errnos, the blocking paths with a second
 * kernel thread, and that sockets, mbufs, names and memory all go back
 * to zero at the end.  Compiled with the kernel's headers.
 *
 * Step through it: see docs/regress-host.md (`gdb obj/host/t_socket`,
 * `break soconnect`, `run`).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/signal.h>
#include <sys/fcntl.h>
#include <sys/globaldata.h>
#include <sys/ucred.h>
#include <machine/atomic.h>

#include "tap.h"
#include "ipc_shim.h"
#include "sock_shim.h"

MALLOC_DECLARE(M_SOCKET);
MALLOC_DECLARE(M_SONAME);
MALLOC_DECLARE(M_UNPCB);

/* ---- helpers: what the system calls do around the so* calls ---------- */

static struct socket *
mksock(int type)
{
	struct socket *so = NULL;
	int error;

	error = socreate(AF_LOCAL, &so, type, 0, curthread);
	if (error != 0)
		panic("socreate(AF_LOCAL, %d): %d", type, error);
	atomic_clear_int(&so->so_state, SS_NOFDREF);	/* a descriptor */
	return (so);
}

static struct sockaddr_un *
sun(const char *path)
{
	static struct sockaddr_un s[4];
	static int next;
	struct sockaddr_un *sa = &s[next++ % 4];

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_LOCAL;
	strlcpy(sa->sun_path, path, sizeof(sa->sun_path));
	sa->sun_len = (uint8_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(path));
	return (sa);
}
#define SA(p)	((struct sockaddr *)sun(p))

static int
snd(struct socket *so, const void *buf, size_t len, struct sockaddr *to,
    int flags)
{
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf,
	    .iov_len = len };
	struct uio uio = { .uio_iov = &iov, .uio_iovcnt = 1,
	    .uio_resid = (ssize_t)len, .uio_segflg = UIO_USERSPACE,
	    .uio_rw = UIO_WRITE, .uio_td = curthread };

	return (sosend(so, to, &uio, NULL, NULL, flags, curthread));
}

/* Receive up to len bytes; *got is the count, *flagsp in/out flags. */
static int
rcv(struct socket *so, void *buf, size_t len, int *flagsp, size_t *got,
    struct sockaddr **from)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct uio uio = { .uio_iov = &iov, .uio_iovcnt = 1,
	    .uio_resid = (ssize_t)len, .uio_segflg = UIO_USERSPACE,
	    .uio_rw = UIO_READ, .uio_td = curthread };
	int error, flags = (flagsp != NULL) ? *flagsp : 0;

	error = soreceive(so, from, &uio, NULL, NULL, &flags);
	if (flagsp != NULL)
		*flagsp = flags;
	if (got != NULL)
		*got = len - (size_t)uio.uio_resid;
	return (error);
}

/* accept(2): the first completed connection, as kern_accept takes it. */
static int
acc(struct socket *head, struct socket **sop, struct sockaddr **sap)
{
	struct socket *so;
	struct sockaddr *sa = NULL;
	int error;

	if ((head->so_options & SO_ACCEPTCONN) == 0)
		return (EINVAL);
	lwkt_gettoken(&head->so_rcv.ssb_token);
	so = TAILQ_FIRST(&head->so_comp);
	if (so == NULL) {
		lwkt_reltoken(&head->so_rcv.ssb_token);
		return (EWOULDBLOCK);
	}
	TAILQ_REMOVE(&head->so_comp, so, so_list);
	head->so_qlen--;
	atomic_clear_int(&so->so_state, SS_COMP);
	so->so_head = NULL;
	lwkt_reltoken(&head->so_rcv.ssb_token);
	sofree(head);
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	*sop = so;
	error = soaccept(so, &sa);	/* kern_accept always wants the name */
	if (sap != NULL)
		*sap = sa;
	else if (sa != NULL)
		kfree(sa, M_SONAME);
	return (error);
}

static int
setint(struct socket *so, int name, int v)
{
	struct sockopt sopt = { .sopt_dir = SOPT_SET, .sopt_level = SOL_SOCKET,
	    .sopt_name = name, .sopt_val = &v, .sopt_valsize = sizeof(v) };

	return (sosetopt(so, &sopt));
}

static const char msg[] = "hello, seed 003";

/* ---- socreate ------------------------------------------------------------ */

static void
t_create(void)
{
	struct socket *so = NULL;

	tap_is_int(socreate(AF_LOCAL, &so, SOCK_STREAM, 0, curthread), 0,
	    "socreate(AF_LOCAL, SOCK_STREAM)");
	tap_ok(so != NULL && so->so_type == SOCK_STREAM &&
	    so->so_pcb != NULL, "... a stream socket with a pcb");
	tap_is_int(numopensockets, 1, "numopensockets 1");
	tap_is_int((int)so->so_cred->cr_uid, 1000,
	    "the socket holds the creating process's credentials");
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	tap_is_int(soclose(so, 0), 0, "soclose");
	tap_is_int(numopensockets, 0, "numopensockets back to 0");

	so = NULL;
	tap_is_int(socreate(AF_LOCAL, &so, SOCK_RAW, 0, curthread),
	    EPROTOTYPE, "SOCK_RAW in AF_LOCAL: EPROTOTYPE");
	tap_is_int(socreate(AF_LOCAL, &so, SOCK_STREAM, 17, curthread),
	    EPROTONOSUPPORT, "protocol 17 in AF_LOCAL: EPROTONOSUPPORT");
	tap_is_int(socreate(1234, &so, SOCK_STREAM, 0, curthread),
	    EAFNOSUPPORT, "family 1234: EAFNOSUPPORT");
	tap_ok(so == NULL, "... and no socket came back");
	tap_is_int(numopensockets, 0, "failed creations leave no socket");
}

/* ---- bind ------------------------------------------------------------ */

static void
t_bind(void)
{
	struct socket *a = mksock(SOCK_STREAM), *b = mksock(SOCK_STREAM);
	struct sockaddr_un bad;

	tap_is_int(sobind(a, SA("s.bind"), curthread), 0, "bind s.bind");
	tap_is_int(shim_vnodes_live, 1, "... made one socket node");
	tap_is_int(sobind(b, SA("s.bind"), curthread), EADDRINUSE,
	    "a second bind to the name: EADDRINUSE");
	tap_is_int(sobind(a, SA("s.other"), curthread), EINVAL,
	    "binding a bound socket again: EINVAL");
	memset(&bad, 0, sizeof(bad));
	bad.sun_family = AF_LOCAL;
	bad.sun_len = 1;
	tap_is_int(sobind(b, (struct sockaddr *)&bad, curthread), EINVAL,
	    "sun_len shorter than the header: EINVAL");
	bad.sun_len = offsetof(struct sockaddr_un, sun_path);
	tap_is_int(sobind(b, (struct sockaddr *)&bad, curthread), EINVAL,
	    "an empty path: EINVAL");
	bad.sun_len = sizeof(bad) + 1;
	tap_is_int(sobind(b, (struct sockaddr *)&bad, curthread), EINVAL,
	    "sun_len beyond sockaddr_un: EINVAL");
	soclose(a, 0);
	tap_is_int(sobind(b, SA("s.bind"), curthread), EADDRINUSE,
	    "the name outlives its socket: still EADDRINUSE");
	tap_is_int(shim_vfs_remove("s.bind"), 0, "unlink s.bind");
	tap_is_int(sobind(b, SA("s.bind"), curthread), 0,
	    "then the name can be bound again");
	soclose(b, 0);
	shim_vfs_remove("s.bind");
	tap_is_int(shim_vnodes_live, 0, "no socket node left");
}

/* ---- stream: listen, connect, accept, data, shutdown, close ---------- */

static void
t_stream(void)
{
	struct socket *l = mksock(SOCK_STREAM), *c = mksock(SOCK_STREAM);
	struct socket *c2 = mksock(SOCK_STREAM), *c3, *s = NULL, *s2 = NULL;
	struct sockaddr *sa = NULL;
	char buf[64];
	size_t got;
	int flags;

	tap_is_int(soconnect(c, SA("s.str"), curthread, true), ENOENT,
	    "connect to a name that does not exist: ENOENT");
	tap_is_int(sobind(l, SA("s.str"), curthread), 0, "bind s.str");
	tap_is_int(soconnect(c, SA("s.str"), curthread, true), ECONNREFUSED,
	    "connect before listen: ECONNREFUSED");
	tap_is_int(solisten(l, 1, curthread), 0, "listen, backlog 1");
	tap_is_int(acc(l, &s, &sa), EWOULDBLOCK,
	    "accept with nothing queued: EWOULDBLOCK");
	tap_is_int(soconnect(c, SA("s.str"), curthread, true), 0,
	    "connect to the listener");
	tap_ok((c->so_state & SS_ISCONNECTED) != 0, "... SS_ISCONNECTED");
	tap_is_int(l->so_qlen, 1, "... one completed connection queued");
	tap_is_int(soconnect(c, SA("s.str"), curthread, true), EISCONN,
	    "connect again: EISCONN");
	/* The queue may hold 3/2 of the backlog (sonewconn): 1 of 1 more. */
	tap_is_int(soconnect(c2, SA("s.str"), curthread, true), 0,
	    "a second connect still fits 3/2 of backlog 1");
	c3 = mksock(SOCK_STREAM);
	tap_is_int(soconnect(c3, SA("s.str"), curthread, true),
	    ECONNREFUSED, "a third is beyond it: ECONNREFUSED");
	tap_is_int(l->so_qlen, 2, "... two connections queued");
	tap_is_int(acc(l, &s, &sa), 0, "accept");
	tap_ok(sa != NULL && sa->sa_family == AF_LOCAL &&
	    sa->sa_len == offsetof(struct sockaddr_un, sun_path),
	    "... the peer's address: the unbound client's empty name");
	kfree(sa, M_SONAME);
	tap_is_int(acc(l, &s2, NULL), 0, "accept the second");
	tap_is_int(l->so_qlen, 0, "... the queue is empty again");
	soclose(s2, 0);
	soclose(c2, 0);
	c2 = c3;

	tap_is_int(snd(c, msg, sizeof(msg), NULL, 0), 0,
	    "send 16 bytes client -> server");
	tap_is_int((int)s->so_rcv.sb.sb_cc, (int)sizeof(msg),
	    "... all 16 in the server's receive buffer");
	flags = MSG_PEEK;
	memset(buf, 0, sizeof(buf));
	tap_is_int(rcv(s, buf, 5, &flags, &got, NULL), 0, "MSG_PEEK 5");
	tap_ok(got == 5 && memcmp(buf, "hello", 5) == 0,
	    "... got \"hello\"");
	tap_is_int((int)s->so_rcv.sb.sb_cc, (int)sizeof(msg),
	    "... and left all 16 bytes queued");
	memset(buf, 0, sizeof(buf));
	tap_is_int(rcv(s, buf, sizeof(buf), NULL, &got, NULL), 0, "receive");
	tap_ok(got == sizeof(msg) && memcmp(buf, msg, sizeof(msg)) == 0,
	    "... the exact 16 bytes, peeked ones included");
	flags = MSG_DONTWAIT;
	tap_is_int(rcv(s, buf, sizeof(buf), &flags, &got, NULL), EWOULDBLOCK,
	    "receive on an empty socket, MSG_DONTWAIT: EWOULDBLOCK");
	snd(c, "abcd", 4, NULL, 0);
	tap_is_int(rcv(s, (void *)16, 4, NULL, &got, NULL), EFAULT,
	    "receive into a bad pointer: EFAULT");
	sorflush(s);
	tap_is_int(snd(s, (void *)16, 4, NULL, 0), EFAULT,
	    "send from a bad pointer: EFAULT");
	tap_is_int((int)c->so_rcv.sb.sb_cc, 0,
	    "... and nothing reached the peer");

	/* Shutdown: the peer reads EOF, the writer gets EPIPE + SIGPIPE. */
	tap_is_int(soshutdown(c, 7), EINVAL, "shutdown how 7: EINVAL");
	tap_is_int(soshutdown(c, SHUT_WR), 0, "client shutdown(SHUT_WR)");
	tap_is_int(rcv(s, buf, sizeof(buf), NULL, &got, NULL), 0,
	    "the server reads ...");
	tap_is_int((int)got, 0, "... 0 bytes: EOF");
	tap_is_int(snd(c, "x", 1, NULL, 0), EPIPE,
	    "send after shutdown(SHUT_WR): EPIPE");
	tap_is_int(shim_sigcount(SIGPIPE), 1, "... and one SIGPIPE");
	tap_is_int(snd(c, "x", 1, NULL, MSG_NOSIGNAL), EPIPE,
	    "again with MSG_NOSIGNAL: EPIPE ...");
	tap_is_int(shim_sigcount(SIGPIPE), 0, "... and no signal");
	tap_is_int(snd(s, "bye", 3, NULL, 0), 0,
	    "the other direction still works");
	memset(buf, 0, sizeof(buf));
	tap_is_int(rcv(c, buf, sizeof(buf), NULL, &got, NULL), 0,
	    "the client receives ...");
	tap_ok(got == 3 && memcmp(buf, "bye", 3) == 0, "... \"bye\"");

	/* Close one end: the other sees EOF, then EPIPE on sending. */
	tap_is_int(soclose(s, 0), 0, "the server closes");
	tap_is_int(rcv(c, buf, sizeof(buf), NULL, &got, NULL), 0,
	    "the client reads ...");
	tap_is_int((int)got, 0, "... EOF");
	soclose(c, 0);
	c = mksock(SOCK_STREAM);
	tap_is_int(soconnect(c, SA("s.str"), curthread, true), 0,
	    "a new connection");
	tap_is_int(acc(l, &s, NULL), 0, "accepted");
	soclose(s, 0);
	tap_is_int(snd(c, "x", 1, NULL, MSG_NOSIGNAL), EPIPE,
	    "send to a closed peer: EPIPE");
	tap_is_int(snd(c2, "x", 1, NULL, MSG_NOSIGNAL), ENOTCONN,
	    "send on an unconnected stream socket: ENOTCONN");
	tap_is_int(soshutdown(c2, SHUT_RD), ENOTCONN,
	    "shutdown of an unconnected stream socket: ENOTCONN");
	soclose(c, 0);
	soclose(c2, 0);

	/* Pending connections die with their listener. */
	c = mksock(SOCK_STREAM);
	tap_is_int(soconnect(c, SA("s.str"), curthread, true), 0,
	    "connect, and leave it unaccepted");
	tap_is_int(soclose(l, 0), 0, "close the listener");
	tap_is_int(rcv(c, buf, sizeof(buf), NULL, &got, NULL), 0,
	    "the unaccepted client reads ...");
	tap_is_int((int)got, 0, "... EOF");
	c2 = mksock(SOCK_STREAM);
	tap_is_int(soconnect(c2, SA("s.str"), curthread, true), ECONNREFUSED,
	    "connect to a closed listener's name: ECONNREFUSED");
	soclose(c, 0);
	soclose(c2, 0);
	shim_vfs_remove("s.str");
	tap_is_int(numopensockets, 0, "every stream socket is gone");
}

/* ---- datagram --------------------------------------------------------- */

static void
t_dgram(void)
{
	struct socket *r = mksock(SOCK_DGRAM), *w = mksock(SOCK_DGRAM);
	struct socket *st = mksock(SOCK_STREAM);
	struct sockaddr *from = NULL;
	char buf[64];
	size_t got;
	int flags;

	tap_is_int(sobind(r, SA("s.dg"), curthread), 0, "bind s.dg");
	tap_is_int(sobind(w, SA("s.dgw"), curthread), 0, "bind s.dgw");
	tap_is_int(snd(w, "x", 1, NULL, 0), EDESTADDRREQ,
	    "an unconnected send with no address: EDESTADDRREQ");
	tap_is_int(snd(w, msg, sizeof(msg), SA("s.dg"), 0), 0,
	    "sendto s.dg: 16 bytes");
	tap_is_int(snd(w, "abc", 3, SA("s.dg"), 0), 0, "sendto s.dg: 3 bytes");
	tap_is_int(snd(w, "", 0, SA("s.dg"), 0), 0,
	    "sendto s.dg: an empty datagram");
	tap_is_int(snd(w, "x", 1, SA("s.none"), 0), ENOENT,
	    "sendto a missing name: ENOENT");
	flags = 0;
	tap_is_int(rcv(r, buf, 4, &flags, &got, &from), 0,
	    "receive into 4 bytes");
	tap_ok(got == 4 && memcmp(buf, "hell", 4) == 0, "... \"hell\"");
	tap_ok((flags & MSG_TRUNC) != 0, "... MSG_TRUNC: the rest is gone");
	tap_ok(from != NULL && from->sa_len ==
	    offsetof(struct sockaddr_un, sun_path) + 5 &&
	    memcmp(((struct sockaddr_un *)from)->sun_path, "s.dgw", 5) == 0,
	    "... from s.dgw");
	if (from != NULL)
		kfree(from, M_SONAME);
	flags = MSG_PEEK;
	tap_is_int(rcv(r, buf, sizeof(buf), &flags, &got, NULL), 0,
	    "MSG_PEEK the next datagram");
	tap_ok(got == 3 && memcmp(buf, "abc", 3) == 0 &&
	    (flags & MSG_TRUNC) == 0, "... \"abc\", not truncated");
	flags = 0;
	tap_is_int(rcv(r, buf, sizeof(buf), &flags, &got, NULL), 0,
	    "receive it");
	tap_ok(got == 3 && memcmp(buf, "abc", 3) == 0,
	    "... the same 3 bytes: the peek left the record");
	tap_is_int(rcv(r, buf, sizeof(buf), &flags, &got, NULL), 0,
	    "receive the empty datagram");
	tap_is_int((int)got, 0, "... 0 bytes, a record of its own");
	flags = MSG_DONTWAIT;
	tap_is_int(rcv(r, buf, sizeof(buf), &flags, &got, NULL), EWOULDBLOCK,
	    "nothing more: EWOULDBLOCK");
	tap_is_int(snd(w, "x", 1, SA("s.dg"), MSG_OOB), EOPNOTSUPP,
	    "MSG_OOB on a datagram: EOPNOTSUPP");

	tap_is_int(soconnect(w, SA("s.dg"), curthread, true), 0,
	    "connect the sender to s.dg");
	tap_is_int(snd(w, "y", 1, SA("s.dg"), 0), EISCONN,
	    "sendto with an address when connected: EISCONN");
	tap_is_int(snd(w, "yz", 2, NULL, 0), 0, "send on the connection");
	tap_is_int(rcv(r, buf, sizeof(buf), NULL, &got, NULL), 0, "received");
	tap_ok(got == 2 && memcmp(buf, "yz", 2) == 0, "... \"yz\"");
	tap_is_int(sobind(st, SA("s.st"), curthread), 0, "bind a stream s.st");
	tap_is_int(snd(w, "x", 1, SA("s.st"), 0), EISCONN,
	    "still connected: EISCONN");
	tap_is_int(soconnect(w, SA("s.st"), curthread, true), EPROTOTYPE,
	    "a datagram connect to a stream socket: EPROTOTYPE");

	/* A datagram bigger than the receiver's buffer is refused whole. */
	setint(r, SO_RCVBUF, 256);
	{
		static char big[1024];

		memset(big, 'b', sizeof(big));
		soclose(w, 0);
		w = mksock(SOCK_DGRAM);
		tap_is_int(snd(w, big, 200, SA("s.dg"), 0), 0,
		    "200 bytes into a 256-byte buffer");
		tap_is_int(snd(w, big, 200, SA("s.dg"), 0), ENOBUFS,
		    "200 more do not fit: ENOBUFS");
		tap_is_int(rcv(r, buf, sizeof(buf), NULL, &got, NULL), 0,
		    "the first is there ...");
		tap_is_int((int)got, 64, "... read 64 of it");
	}
	soclose(r, 0);
	tap_is_int(snd(w, "x", 1, SA("s.dg"), 0), ECONNREFUSED,
	    "sendto a closed socket's name: ECONNREFUSED");
	soclose(w, 0);
	soclose(st, 0);
	shim_vfs_remove("s.dg");
	shim_vfs_remove("s.dgw");
	shim_vfs_remove("s.st");
}

/* ---- permissions: connect needs write access to the socket file ------- */

static void
t_perm(void)
{
	struct socket *l = mksock(SOCK_STREAM), *c = mksock(SOCK_STREAM);

	sobind(l, SA("s.perm"), curthread);
	solisten(l, 5, curthread);
	shim_vfs_chmod("s.perm", 0555);
	tap_is_int(soconnect(c, SA("s.perm"), curthread, true), EACCES,
	    "connect to a socket file without write permission: EACCES");
	shim_set_root(1);
	tap_is_int(soconnect(c, SA("s.perm"), curthread, true), 0,
	    "root may connect anyway");
	shim_set_root(0);
	soclose(c, 0);
	soclose(l, 0);
	shim_vfs_remove("s.perm");
}

/*
 * ---- ssb_lock: the lock-free fast path and the contended path --------
 * Uncontended, ssb_lock/ssb_unlock are one compare-and-set each and
 * leave the other flags alone; a second locker sleeps ("sblock") with
 * SSB_WANT set, and the unlock that finds it wakes it.
 */
struct sblk {
	struct signalsockbuf	*ssb;
	int			error;
	int			held;	/* SSB_LOCK seen while holding it */
};

static void
sblocker(void *arg)
{
	struct sblk *b = arg;

	b->error = ssb_lock(b->ssb, M_WAITOK);
	b->held = (b->ssb->ssb_flags & SSB_LOCK) != 0;
	if (b->error == 0)
		ssb_unlock(b->ssb);
}

static void
t_sblock(void)
{
	struct socket *so;
	struct signalsockbuf *ssb;
	struct sblk b;
	void *h;
	int other;

	so = mksock(SOCK_STREAM);
	ssb = &so->so_snd;
	atomic_set_int(&ssb->ssb_flags, SSB_SEL);
	other = ssb->ssb_flags & ~(SSB_LOCK | SSB_WANT);
	tap_is_int(ssb_lock(ssb, M_WAITOK), 0, "ssb_lock, uncontended");
	tap_is_int(ssb->ssb_flags, other | SSB_LOCK,
	    "... sets SSB_LOCK and nothing else");
	tap_is_int(ssb_lock(ssb, 0), EWOULDBLOCK,
	    "ssb_lock without M_WAITOK while held: EWOULDBLOCK");
	memset(&b, 0, sizeof(b));
	b.ssb = ssb;
	h = shim_thread_start(sblocker, &b, "sblocker");
	tap_is_int(shim_wait_sleeper("sblock"), 0,
	    "a second locker sleeps (sblock)");
	tap_is_int(ssb->ssb_flags, other | SSB_LOCK | SSB_WANT,
	    "... with SSB_WANT set");
	ssb_unlock(ssb);
	shim_thread_join(h);
	tap_ok(b.error == 0 && b.held, "the unlock woke it and it locked");
	tap_is_int(ssb->ssb_flags, other,
	    "after both unlocks: no SSB_LOCK, no SSB_WANT, SSB_SEL kept");
	atomic_clear_int(&ssb->ssb_flags, SSB_SEL);
	soclose(so, 0);
}

/* ---- blocking: a second thread sleeps in soreceive / sosend ---------- */

struct blk {
	struct socket	*so;
	char		buf[64];
	size_t		got;
	int		error;
};

static void
reader(void *arg)
{
	struct blk *b = arg;

	b->error = rcv(b->so, b->buf, sizeof(b->buf), NULL, &b->got, NULL);
}

static void
writer(void *arg)
{
	struct blk *b = arg;
	static char big[4096];

	b->error = snd(b->so, big, sizeof(big), NULL, 0);
}

static void
t_block(void)
{
	struct socket *p[2];
	struct blk b;
	void *h;
	char buf[4096];
	size_t got, total;

	p[0] = mksock(SOCK_STREAM);
	p[1] = mksock(SOCK_STREAM);
	tap_is_int(soconnect2(p[0], p[1], shim_proc.p_ucred), 0, "socketpair (connect2)");

	memset(&b, 0, sizeof(b));
	b.so = p[1];
	h = shim_thread_start(reader, &b, "reader");
	tap_is_int(shim_wait_sleeper("sbwait"), 0,
	    "a reader thread sleeps in soreceive (sbwait)");
	tap_is_int(snd(p[0], msg, sizeof(msg), NULL, 0), 0, "send 16 bytes");
	shim_thread_join(h);
	tap_is_int(b.error, 0, "the reader woke with no error ...");
	tap_ok(b.got == sizeof(msg) && memcmp(b.buf, msg, sizeof(msg)) == 0,
	    "... and the 16 bytes");

	memset(&b, 0, sizeof(b));
	b.so = p[1];
	h = shim_thread_start(reader, &b, "reader");
	tap_is_int(shim_wait_sleeper("sbwait"), 0, "another reader sleeps");
	tap_is_int(soshutdown(p[0], SHUT_WR), 0, "the peer shuts down");
	shim_thread_join(h);
	tap_ok(b.error == 0 && b.got == 0, "the reader woke to EOF");
	soclose(p[0], 0);
	soclose(p[1], 0);

	/* A writer blocks on a full buffer until the reader drains it. */
	p[0] = mksock(SOCK_STREAM);
	p[1] = mksock(SOCK_STREAM);
	soconnect2(p[0], p[1], shim_proc.p_ucred);
	setint(p[0], SO_SNDBUF, 1024);
	setint(p[1], SO_RCVBUF, 1024);
	memset(&b, 0, sizeof(b));
	b.so = p[0];
	h = shim_thread_start(writer, &b, "writer");
	tap_is_int(shim_wait_sleeper("sbwait"), 0,
	    "a 4096-byte send into 1024-byte buffers sleeps (sbwait)");
	total = 0;
	while (total < 4096) {
		if (rcv(p[1], buf, sizeof(buf), NULL, &got, NULL) != 0 ||
		    got == 0)
			break;
		total += got;
	}
	shim_thread_join(h);
	tap_is_int(b.error, 0, "the writer finished with no error");
	tap_is_int((int)total, 4096, "the reader drained all 4096 bytes");
	soclose(p[0], 0);
	soclose(p[1], 0);
}

/* ---- SO_RCVTIMEO: a timed sleep ends in EWOULDBLOCK ------------------- */

static void
t_timeo(void)
{
	struct socket *p[2];
	struct timeval tv = { 0, 20000 };	/* 20 ms */
	struct sockopt sopt = { .sopt_dir = SOPT_SET, .sopt_level = SOL_SOCKET,
	    .sopt_name = SO_RCVTIMEO, .sopt_val = &tv,
	    .sopt_valsize = sizeof(tv) };
	char buf[8];
	size_t got;

	p[0] = mksock(SOCK_DGRAM);
	p[1] = mksock(SOCK_DGRAM);
	soconnect2(p[0], p[1], shim_proc.p_ucred);
	tap_is_int(sosetopt(p[1], &sopt), 0, "SO_RCVTIMEO 20 ms");
	tap_is_int(rcv(p[1], buf, sizeof(buf), NULL, &got, NULL), EWOULDBLOCK,
	    "a receive that times out: EWOULDBLOCK");
	sopt.sopt_valsize = 3;
	tap_is_int(sosetopt(p[1], &sopt), EINVAL,
	    "SO_RCVTIMEO with a short value: EINVAL");
	soclose(p[0], 0);
	soclose(p[1], 0);
}

/* ---- seqpacket: records on a connection ------------------------------- */

static void
t_seqpacket(void)
{
	struct socket *l = mksock(SOCK_SEQPACKET), *c = mksock(SOCK_SEQPACKET);
	struct socket *s = NULL;
	char buf[64];
	size_t got;
	int flags;

	sobind(l, SA("s.seq"), curthread);
	tap_is_int(solisten(l, 5, curthread), 0, "seqpacket listen");
	tap_is_int(soconnect(c, SA("s.seq"), curthread, true), 0,
	    "seqpacket connect");
	tap_is_int(acc(l, &s, NULL), 0, "seqpacket accept");
	snd(c, "first", 5, NULL, 0);
	snd(c, "second", 6, NULL, 0);
	flags = 0;
	tap_is_int(rcv(s, buf, 3, &flags, &got, NULL), 0, "receive 3 ...");
	tap_ok(got == 3 && memcmp(buf, "fir", 3) == 0 &&
	    (flags & MSG_TRUNC) != 0, "... \"fir\" and MSG_TRUNC");
	flags = 0;
	tap_is_int(rcv(s, buf, sizeof(buf), &flags, &got, NULL), 0,
	    "the next record ...");
	tap_ok(got == 6 && memcmp(buf, "second", 6) == 0,
	    "... is \"second\" whole: record boundaries hold");
	soclose(c, 0);
	soclose(s, 0);
	soclose(l, 0);
	shim_vfs_remove("s.seq");
	{
		struct socket *d = mksock(SOCK_DGRAM);

		tap_is_int(solisten(d, 5, curthread), EOPNOTSUPP,
		    "listen on a datagram socket: EOPNOTSUPP");
		soclose(d, 0);
	}
}

/* ---- control messages ------------------------------------------------- */

static struct mbuf *
mkcontrol(int level, int type, const void *data, int len, int cmsglen)
{
	struct mbuf *m = m_get(M_WAITOK, MT_CONTROL);
	struct cmsghdr *cm = mtod(m, struct cmsghdr *);

	memset(cm, 0, CMSG_SPACE(len));
	cm->cmsg_len = (socklen_t)cmsglen;
	cm->cmsg_level = level;
	cm->cmsg_type = type;
	if (len > 0)
		memcpy(CMSG_DATA(cm), data, (size_t)len);
	m->m_len = (int)CMSG_SPACE(len);
	return (m);
}

static int
sndctl(struct socket *so, struct mbuf *control)
{
	struct iovec iov = { .iov_base = (void *)(uintptr_t)"c", .iov_len = 1 };
	struct uio uio = { .uio_iov = &iov, .uio_iovcnt = 1, .uio_resid = 1,
	    .uio_segflg = UIO_USERSPACE, .uio_rw = UIO_WRITE,
	    .uio_td = curthread };

	return (sosend(so, NULL, &uio, NULL, control, 0, curthread));
}

static void
t_control(void)
{
	struct socket *p[2];
	struct mbuf *control = NULL;
	struct cmsghdr *cm;
	struct cmsgcred *cc;
	struct iovec iov;
	struct uio uio;
	char buf[8];
	int fd = 0, flags = 0;

	p[0] = mksock(SOCK_DGRAM);
	p[1] = mksock(SOCK_DGRAM);
	soconnect2(p[0], p[1], shim_proc.p_ucred);

	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_CREDS, NULL, 0,
	    CMSG_LEN(0))), 0, "send with SCM_CREDS");
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	memset(&uio, 0, sizeof(uio));
	uio.uio_iov = &iov;
	uio.uio_iovcnt = 1;
	uio.uio_resid = sizeof(buf);
	uio.uio_segflg = UIO_SYSSPACE;
	uio.uio_rw = UIO_READ;
	tap_is_int(soreceive(p[1], NULL, &uio, NULL, &control, &flags), 0,
	    "receive it with its control");
	cm = (control != NULL) ? mtod(control, struct cmsghdr *) : NULL;
	tap_ok(cm != NULL && cm->cmsg_level == SOL_SOCKET &&
	    cm->cmsg_type == SCM_CREDS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(struct cmsgcred)),
	    "... one SCM_CREDS message of the kernel's size");
	cc = (cm != NULL) ? (struct cmsgcred *)CMSG_DATA(cm) : NULL;
	tap_ok(cc != NULL && cc->cmcred_pid == 100 && cc->cmcred_uid == 1000 &&
	    cc->cmcred_euid == 1000 && cc->cmcred_gid == 1000,
	    "... filled in by the kernel: pid 100, uid 1000, gid 1000");
	m_freem(control);

	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_RIGHTS, &fd,
	    sizeof(fd), CMSG_LEN(sizeof(fd)))), EBADF,
	    "SCM_RIGHTS of a descriptor the process lacks: EBADF");
	{
		int fds[4] = { 0, 1, 2, 3 };

		tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_RIGHTS, fds,
		    sizeof(fds), CMSG_LEN(sizeof(fds)))), EBADF,
		    "SCM_RIGHTS of four missing descriptors: EBADF, and the "
		    "numbers are never taken for held files");
	}
	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, 99, NULL, 0,
	    CMSG_LEN(0))), EINVAL, "an unknown SOL_SOCKET type: EINVAL");
	tap_is_int(sndctl(p[0], mkcontrol(6, SCM_CREDS, NULL, 0,
	    CMSG_LEN(0))), EINVAL, "a level other than SOL_SOCKET: EINVAL");
	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_CREDS, NULL, 0,
	    4)), EINVAL, "cmsg_len shorter than the header: EINVAL");
	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_CREDS, NULL, 0,
	    200)), EINVAL, "cmsg_len beyond the buffer: EINVAL");
	tap_is_int(sndctl(p[0], mkcontrol(SOL_SOCKET, SCM_RIGHTS, NULL, 0,
	    sizeof(struct cmsghdr))), EINVAL,
	    "SCM_RIGHTS with a length inside the header padding: EINVAL");
	tap_is_int((int)p[1]->so_rcv.sb.sb_cc, 0,
	    "no refused message reached the peer");
	soclose(p[0], 0);
	soclose(p[1], 0);
}

/* ---- sosend_source: the sendfile path ---------------------------------- */

/* A source in memory; the call numbered fail_at fails with EIO. */
struct src {
	const unsigned char	*data;
	size_t			len, off;
	int			calls, fail_at;
	int			iovs;	/* iovecs of the last call */
};

static int
src_fill(void *arg, struct iovec *iov, int iovcnt, size_t *donep)
{
	struct src *sp = arg;
	size_t n, done = 0;
	int i;

	if (++sp->calls == sp->fail_at)
		return (EIO);
	sp->iovs = iovcnt;
	for (i = 0; i < iovcnt; i++) {
		n = MIN(iov[i].iov_len, sp->len - sp->off);
		memcpy(iov[i].iov_base, sp->data + sp->off, n);
		/* Use the iovec up, as uiomove does. */
		iov[i].iov_base = (char *)iov[i].iov_base + n;
		iov[i].iov_len -= n;
		sp->off += n;
		done += n;
	}
	*donep = done;
	return (0);
}

/* Everything queued on so, up to len bytes, without waiting. */
static size_t
rcvall(struct socket *so, unsigned char *buf, size_t len)
{
	size_t got, total = 0;
	int flags;

	while (total < len) {
		flags = MSG_DONTWAIT;
		if (rcv(so, buf + total, len - total, &flags, &got, NULL) !=
		    0 || got == 0)
			break;
		total += got;
	}
	return (total);
}

static void
t_source(void)
{
	static unsigned char data[200000], buf[200000];
	struct socket *l = mksock(SOCK_STREAM), *c = mksock(SOCK_STREAM);
	struct socket *d = mksock(SOCK_DGRAM), *s = NULL;
	struct src src;
	ssize_t resid;
	size_t i, got;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i % 251 + i / 4093);
	if (sobind(l, SA("s.src"), curthread) != 0 ||
	    solisten(l, 1, curthread) != 0 ||
	    soconnect(c, SA("s.src"), curthread, true) != 0 ||
	    acc(l, &s, NULL) != 0) {
		tap_ok(0, "sosend_source: a connected stream");
		return;
	}

	memset(&src, 0, sizeof(src));
	src.data = data;
	src.len = 10000;
	resid = 10000;
	tap_is_int(sosend_source(c, &resid, src_fill, &src, 0, curthread), 0,
	    "sosend_source: 10000 bytes from a fill function");
	tap_is_int(resid, 0, "... nothing left over");
	tap_is_int(src.calls, 1, "... by one fill call");
	tap_is_int(src.iovs, 3, "... into 3 page-sized clusters");
	got = rcvall(s, buf, sizeof(buf));
	tap_ok(got == 10000 && memcmp(buf, data, 10000) == 0,
	    "... the peer reads exactly those 10000 bytes");

	memset(&src, 0, sizeof(src));
	src.data = data;
	src.len = 3000;
	resid = 5000;
	tap_is_int(sosend_source(c, &resid, src_fill, &src, 0, curthread), 0,
	    "a source that ends early (3000 of 5000): no error");
	tap_is_int(resid, 2000, "... the 2000 missing bytes stay in resid");
	got = rcvall(s, buf, sizeof(buf));
	tap_ok(got == 3000 && memcmp(buf, data, 3000) == 0,
	    "... exactly the 3000 it gave arrive");

	memset(&src, 0, sizeof(src));
	src.data = data;
	src.len = 10000;
	src.fail_at = 1;
	resid = 10000;
	tap_is_int(sosend_source(c, &resid, src_fill, &src, 0, curthread),
	    EIO, "a fill that fails: its error");
	tap_is_int(resid, 10000, "... resid unchanged");
	tap_is_int(rcvall(s, buf, sizeof(buf)), 0, "... and nothing arrives");

	memset(&src, 0, sizeof(src));
	src.data = data;
	src.len = sizeof(data);
	resid = (ssize_t)sizeof(data);
	tap_is_int(sosend_source(c, &resid, src_fill, &src, MSG_DONTWAIT,
	    curthread), EWOULDBLOCK,
	    "MSG_DONTWAIT, more than the buffer holds: EWOULDBLOCK");
	tap_is_int(resid, (ssize_t)sizeof(data) - 65536,
	    "... 64 KiB went (the pair's buffer), resid says so");
	tap_is_int(src.calls, 1, "... in one fill of 16 clusters");
	tap_is_int(src.iovs, 16, "... (16 iovecs)");
	got = rcvall(s, buf, sizeof(buf));
	tap_ok(got == sizeof(data) - (size_t)resid &&
	    memcmp(buf, data, got) == 0,
	    "... the peer reads exactly the part resid does not count");

	resid = 10;
	tap_is_int(sosend_source(d, &resid, src_fill, &src, 0, curthread),
	    EINVAL, "a datagram socket: EINVAL");
	tap_is_int(sosend_source(c, &resid, NULL, NULL, 0, curthread),
	    EINVAL, "no fill function: EINVAL");

	soclose(s, 0);
	soclose(c, 0);
	soclose(d, 0);
	soclose(l, 0);
	shim_vfs_remove("s.src");
}

/* ---- netmsg_so_notify: accept's predicate message ----------------------- */

struct accwait {
	struct socket	*head;
	struct socket	*so;
	int		error;
};

static void
acceptor(void *arg)
{
	struct accwait *w = arg;

	w->error = soaccept_wait(w->head, 0, &w->so);
}

/* Predicate messages parked on ssb. */
static int
nparked(struct signalsockbuf *ssb)
{
	struct netmsg_so_notify *nm;
	int n = 0;

	lwkt_gettoken(&ssb->ssb_token);
	TAILQ_FOREACH(nm, &ssb->ssb_mlist, nm_list)
		n++;
	lwkt_reltoken(&ssb->ssb_token);
	return (n);
}

static bool
five_bytes(struct netmsg_so_notify *nm)
{
	return (nm->base.nm_so->so_rcv.sb.sb_cc >= 5);
}

static bool
never(struct netmsg_so_notify *nm)
{
	(void)nm;
	return (false);
}

/* What kern_accept does with the socket soaccept_wait hands over. */
static struct socket *
accepted(struct socket *head, struct socket *so)
{
	sofree(head);			/* the queue's reference */
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	return (so);
}

static void
t_notify(void)
{
	struct socket *l, *c, *c2, *a, *p[2];
	struct netmsg_so_notify nm;
	struct accwait w;
	char buf[16];
	size_t got;
	void *h;

	l = mksock(SOCK_STREAM);
	sobind(l, SA("ntfy"), curthread);
	solisten(l, 5, curthread);
	a = NULL;
	tap_is_int(soaccept_wait(l, FNONBLOCK, &a), EWOULDBLOCK,
	    "soaccept_wait, non-blocking, nothing queued: EWOULDBLOCK");
	tap_is_int(nparked(&l->so_rcv), 0, "... without parking a message");

	memset(&w, 0, sizeof(w));
	w.head = l;
	h = shim_thread_start(acceptor, &w, "acceptor");
	tap_is_int(shim_wait_sleeper("waitmsg"), 0,
	    "a blocking soaccept_wait waits for its message's reply");
	tap_is_int(nparked(&l->so_rcv), 1,
	    "... its predicate is parked on the listener's so_rcv");
	tap_ok((l->so_rcv.ssb_flags & SSB_MEVENT) != 0, "... SSB_MEVENT set");
	c = mksock(SOCK_STREAM);
	tap_is_int(soconnect(c, SA("ntfy"), curthread, true), 0,
	    "a client connects");
	shim_thread_join(h);
	tap_is_int(w.error, 0, "the predicate held in the connect's sowakeup");
	tap_ok(w.so != NULL && w.so->so_head == NULL &&
	    (w.so->so_state & (SS_COMP | SS_INCOMP)) == 0,
	    "... and took the connection off the queue for the waiter");
	tap_is_int(l->so_qlen, 0, "... so_comp is empty");
	tap_is_int(nparked(&l->so_rcv), 0, "... the message left the list");
	tap_ok((l->so_rcv.ssb_flags & SSB_MEVENT) == 0, "... SSB_MEVENT clear");
	a = accepted(l, w.so);
	tap_is_int(snd(c, "ping", 4, NULL, 0), 0, "the client sends 4 bytes");
	tap_ok(rcv(a, buf, sizeof(buf), NULL, &got, NULL) == 0 && got == 4 &&
	    memcmp(buf, "ping", 4) == 0, "... the accepted socket reads them");
	soclose(a, 0);
	soclose(c, 0);

	/* A connection already queued is taken without a message. */
	c = mksock(SOCK_STREAM);
	soconnect(c, SA("ntfy"), curthread, true);
	a = NULL;
	tap_is_int(soaccept_wait(l, 0, &a), 0,
	    "a queued connection: soaccept_wait takes it at once");
	tap_ok(a != NULL && l->so_qlen == 0, "... off the queue");
	a = accepted(l, a);
	soclose(a, 0);
	soclose(c, 0);

	/* Two waiters, two connections: one each. */
	{
		struct accwait w2;
		void *h2;
		int i;

		memset(&w, 0, sizeof(w));
		memset(&w2, 0, sizeof(w2));
		w.head = w2.head = l;
		h = shim_thread_start(acceptor, &w, "acceptor");
		shim_wait_sleeper("waitmsg");
		h2 = shim_thread_start(acceptor, &w2, "acceptor2");
		/* Let the second park too (both sleep on "waitmsg"). */
		for (i = 0; i < 1000 && nparked(&l->so_rcv) < 2; i++)
			tsleep(&i, 0, "yield", 1);
		tap_is_int(nparked(&l->so_rcv), 2, "two waiters: two messages");
		c = mksock(SOCK_STREAM);
		c2 = mksock(SOCK_STREAM);
		soconnect(c, SA("ntfy"), curthread, true);
		soconnect(c2, SA("ntfy"), curthread, true);
		shim_thread_join(h);
		shim_thread_join(h2);
		tap_ok(w.error == 0 && w2.error == 0 && w.so != NULL &&
		    w2.so != NULL && w.so != w2.so,
		    "... each got its own connection");
		soclose(accepted(l, w.so), 0);
		soclose(accepted(l, w2.so), 0);
		soclose(c, 0);
		soclose(c2, 0);
	}

	/* The listener shut down under a waiter. */
	memset(&w, 0, sizeof(w));
	w.head = l;
	h = shim_thread_start(acceptor, &w, "acceptor");
	shim_wait_sleeper("waitmsg");
	tap_is_int(soshutdown(l, SHUT_RD), ENOTCONN,
	    "soshutdown(SHUT_RD) of the listener: ENOTCONN");
	shim_thread_join(h);
	tap_is_int(w.error, ECONNABORTED, "... the waiter: ECONNABORTED");
	tap_is_int(nparked(&l->so_rcv), 0, "... nothing left parked");
	soclose(l, 0);
	shim_vfs_remove("ntfy");

	/* The mechanism by itself: a predicate on a socketpair. */
	p[0] = mksock(SOCK_STREAM);
	p[1] = mksock(SOCK_STREAM);
	soconnect2(p[0], p[1], shim_proc.p_ucred);
	netmsg_init(&nm.base, p[1], NULL, 0, netmsg_so_notify);
	nm.nm_predicate = five_bytes;
	nm.nm_fflags = 0;
	nm.nm_etype = NM_REVENT;
	lwkt_sendmsg(p[1]->so_port, &nm.base.lmsg);
	tap_ok(!lwkt_checkmsg(&nm.base.lmsg),
	    "\"5 bytes to read\" with none: the message is not replied");
	tap_is_int(nparked(&p[1]->so_rcv), 1, "... it is parked");
	snd(p[0], "abc", 3, NULL, 0);
	tap_ok(!lwkt_checkmsg(&nm.base.lmsg), "3 bytes: still parked");
	snd(p[0], "de", 2, NULL, 0);
	tap_ok(lwkt_checkmsg(&nm.base.lmsg) && nm.base.lmsg.ms_error == 0,
	    "5 bytes: sowakeup replied, no error");
	tap_is_int(nparked(&p[1]->so_rcv), 0, "... and unparked it");

	netmsg_init_abortable(&nm.base, p[1], NULL, 0, netmsg_so_notify,
	    netmsg_so_notify_doabort);
	nm.nm_predicate = never;
	nm.nm_etype = NM_REVENT;
	lwkt_sendmsg(p[1]->so_port, &nm.base.lmsg);
	tap_is_int(nparked(&p[1]->so_rcv), 1, "a predicate that never holds: "
	    "parked");
	lwkt_abortmsg(&nm.base.lmsg);
	tap_ok(lwkt_checkmsg(&nm.base.lmsg) &&
	    nm.base.lmsg.ms_error == EINTR,
	    "lwkt_abortmsg: the abort function replies EINTR");
	tap_is_int(nparked(&p[1]->so_rcv), 0, "... the message is unparked");
	tap_ok((p[1]->so_rcv.ssb_flags & SSB_MEVENT) == 0,
	    "... SSB_MEVENT clear");

	/*
	 * Withdrawn while on its way (the protocol thread not there yet):
	 * the abort found nothing parked, so the dispatch must not park it.
	 */
	netmsg_init_abortable(&nm.base, p[1], NULL, 0, netmsg_so_notify,
	    netmsg_so_notify_doabort);
	nm.nm_predicate = never;
	nm.nm_etype = NM_REVENT;
	nm.base.lmsg.ms_flags = (nm.base.lmsg.ms_flags & ~MSGF_DONE) |
	    MSGF_INTRANSIT | MSGF_ABORTED;
	netmsg_so_notify((netmsg_t)(void *)&nm);
	tap_ok(lwkt_checkmsg(&nm.base.lmsg) &&
	    nm.base.lmsg.ms_error == EINTR,
	    "a message withdrawn before its dispatch: EINTR, not parked");
	tap_is_int(nparked(&p[1]->so_rcv), 0, "... nothing parked");
	soclose(p[0], 0);
	soclose(p[1], 0);
}

/* ---- PR_ASYNC_SEND through a stub protocol ------------------------------- */

/*
 * A stream protocol whose port queues its asynchronous sends until the
 * test, playing the protocol thread, runs them (stub_run); every other
 * request runs at once.  pru_send appends to so_snd as TCP does, or, with
 * stub_consume, frees the data as a protocol that sends at once would.
 */
#define AF_STUB		40
static TAILQ_HEAD(, lwkt_msg) stub_q = TAILQ_HEAD_INITIALIZER(stub_q);
static struct lwkt_port stub_port;
static int stub_consume, stub_nsend;

static void
stub_send(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	struct mbuf *m = msg->send.nm_m;
	int error = 0;

	stub_nsend++;
	if (msg->send.nm_control != NULL) {
		m_freem(msg->send.nm_control);
		m_freem(m);
		error = EINVAL;
	} else if (msg->send.nm_flags & PRUS_OOB) {
		m_freem(m);
		error = EOPNOTSUPP;
	} else if (stub_consume) {
		m_freem(m);
	} else {
		lwkt_gettoken(&so->so_snd.ssb_token);
		sbappendstream(&so->so_snd.sb, m);
		lwkt_reltoken(&so->so_snd.ssb_token);
	}
	lwkt_replymsg(&msg->base.lmsg, error);
}

static int
stub_putport(lwkt_port_t port, lwkt_msg_t lmsg)
{
	netmsg_t msg = (netmsg_t)(void *)lmsg;

	lmsg->ms_target_port = port;
	if (msg->base.nm_dispatch == stub_send &&
	    (msg->send.nm_flags & PRUS_NOREPLY)) {
		TAILQ_INSERT_TAIL(&stub_q, lmsg, ms_node);
		return (EASYNC);
	}
	msg->base.nm_dispatch(msg);
	return (EASYNC);
}

/* The protocol thread's turn: run the queued sends; how many. */
static int
stub_run(void)
{
	lwkt_msg_t lmsg;
	int n = 0;

	while ((lmsg = TAILQ_FIRST(&stub_q)) != NULL) {
		TAILQ_REMOVE(&stub_q, lmsg, ms_node);
		((netmsg_t)(void *)lmsg)->base.nm_dispatch(
		    (netmsg_t)(void *)lmsg);
		n++;
	}
	return (n);
}

static void
stub_attach(netmsg_t msg)
{
	struct socket *so = msg->base.nm_so;
	int error;

	error = soreserve(so, 4096, 4096);
	if (error == 0)
		so->so_pcb = &stub_port;	/* anything not NULL */
	lwkt_replymsg(&msg->base.lmsg, error);
}

static void
stub_detach(netmsg_t msg)
{
	msg->base.nm_so->so_pcb = NULL;
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static void
stub_disconnect(netmsg_t msg)
{
	soisdisconnected(msg->base.nm_so);
	lwkt_replymsg(&msg->base.lmsg, 0);
}

static lwkt_port_t
stub_initport(void)
{
	return (&stub_port);
}

static struct pr_usrreqs stub_usrreqs = {
	.pru_abort = pr_generic_notsupp,
	.pru_accept = pr_generic_notsupp,
	.pru_attach = stub_attach,
	.pru_bind = pr_generic_notsupp,
	.pru_connect = pr_generic_notsupp,
	.pru_connect2 = pr_generic_notsupp,
	.pru_control = pr_generic_notsupp,
	.pru_detach = stub_detach,
	.pru_disconnect = stub_disconnect,
	.pru_listen = pr_generic_notsupp,
	.pru_peeraddr = pr_generic_notsupp,
	.pru_rcvd = pr_generic_notsupp,
	.pru_rcvoob = pr_generic_notsupp,
	.pru_send = stub_send,
	.pru_sense = pr_generic_notsupp,
	.pru_shutdown = pr_generic_notsupp,
	.pru_sockaddr = pr_generic_notsupp,
	.pru_sosend = sosend,
	.pru_soreceive = soreceive,
};

static struct protosw stub_protosw[] = {
	{
		.pr_type = SOCK_STREAM,
		.pr_protocol = 0,
		.pr_flags = PR_CONNREQUIRED | PR_ASYNC_SEND,
		.pr_usrreqs = &stub_usrreqs,
		.pr_initport = stub_initport,
	},
};

static struct domain stub_domain = {
	.dom_family = AF_STUB,
	.dom_name = "stub",
	.dom_protosw = stub_protosw,
	.dom_protoswNPROTOSW = &stub_protosw[1],
};

struct wblk {
	struct socket	*so;
	int		len;
	int		error;
};

static void
stub_writer(void *arg)
{
	static char data[4096];
	struct wblk *b = arg;

	b->error = snd(b->so, data, (size_t)b->len, NULL, 0);
}

static void
t_asend(void)
{
	static char big[4096];
	struct socket *so;
	struct wblk b;
	void *h;

	net_add_domain(&stub_domain);
	lwkt_initport_putonly(&stub_port, stub_putport);
	so = NULL;
	tap_is_int(socreate(AF_STUB, &so, SOCK_STREAM, 0, curthread), 0,
	    "a socket of the stub PR_ASYNC_SEND protocol");
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	soisconnected(so);

	tap_is_int(snd(so, big, 1000, NULL, 0), 0,
	    "a 1000-byte send returns at once");
	tap_is_int(stub_nsend, 0, "... the protocol has not run it yet");
	tap_is_int((int)so->so_snd.ssb_inflight, 1000,
	    "... its 1000 bytes are in flight");
	tap_is_int((int)so->so_snd.sb.sb_cc, 0, "... not yet in so_snd");
	tap_is_int((int)ssb_space(&so->so_snd), 3096,
	    "ssb_space counts them: 3096 of 4096 left");
	tap_is_int(snd(so, big, 3000, NULL, MSG_DONTWAIT), 0,
	    "3000 more fit, non-blocking");
	tap_is_int((int)so->so_snd.ssb_inflight, 4000, "4000 in flight");
	tap_is_int(snd(so, big, 200, NULL, MSG_DONTWAIT), EWOULDBLOCK,
	    "200 more do not (96 left): EWOULDBLOCK, with so_snd empty");
	tap_is_int(stub_run(), 2, "the protocol runs the two sends");
	tap_is_int((int)so->so_snd.sb.sb_cc, 4000,
	    "so_snd holds the 4000 bytes");
	tap_is_int((int)so->so_snd.ssb_inflight, 0,
	    "... the replies took them off ssb_inflight");
	tap_is_int((int)ssb_space(&so->so_snd), 96, "... the room is still 96");
	lwkt_gettoken(&so->so_snd.ssb_token);
	sbdrop(&so->so_snd.sb, 4000);	/* as acknowledgements do */
	lwkt_reltoken(&so->so_snd.ssb_token);

	/* A writer waits for room that data in flight hold. */
	stub_consume = 1;
	tap_is_int(snd(so, big, 4000, NULL, 0), 0, "4000 bytes in flight again");
	memset(&b, 0, sizeof(b));
	b.so = so;
	b.len = 3000;
	h = shim_thread_start(stub_writer, &b, "writer");
	tap_is_int(shim_wait_sleeper("sbwait"), 0,
	    "a 3000-byte writer sleeps: the room is in flight");
	tap_is_int(stub_run(), 1, "the protocol sends and frees the 4000");
	shim_thread_join(h);
	tap_is_int(b.error, 0, "the reply woke the writer, whose send went");
	tap_is_int((int)so->so_snd.ssb_inflight, 3000, "... 3000 in flight");
	tap_is_int(stub_run(), 1, "... until the protocol runs it");
	tap_is_int((int)so->so_snd.ssb_inflight, 0, "... none after");
	stub_consume = 0;

	/* Where the protocol's answer matters, the send waits for it. */
	tap_is_int(snd(so, "x", 1, NULL, MSG_OOB), EOPNOTSUPP,
	    "MSG_OOB is sent synchronously: the protocol's EOPNOTSUPP");
	tap_is_int(sndctl(so, mkcontrol(SOL_SOCKET, SCM_CREDS, NULL, 0,
	    CMSG_LEN(0))), EINVAL,
	    "so is data with control: the protocol's EINVAL");
	tap_is_int(stub_run(), 0, "... neither was queued");
	tap_is_int(stub_nsend, 6, "six sends reached the protocol in all");
	tap_is_int(soclose(so, 0), 0, "close the stub socket");
}

/* ---- the end: everything back to zero --------------------------------- */

static void
t_leaks(long live0)
{
	struct mbstat st;

	m_reclaim();			/* empty the mbuf caches */
	m_mbstat_sum(&st);
	tap_is_int(numopensockets, 0, "numopensockets 0");
	tap_is_int((int)st.m_mbufs, 0, "no mbuf in use");
	tap_is_int((int)st.m_clusters, 0, "no cluster in use");
	tap_is_int((int)st.m_jclusters, 0, "no jumbo cluster in use");
	tap_is_int((int)M_SOCKET->ks_inuse, 0, "M_SOCKET: nothing allocated");
	tap_is_int((int)M_UNPCB->ks_inuse, 0, "M_UNPCB: nothing allocated");
	tap_is_int((int)M_SONAME->ks_inuse, 0, "M_SONAME: nothing allocated");
	tap_is_int(shim_vnodes_live, 0, "no socket node");
	tap_is_int(shim_cred_refs(0), 1,
	    "the process credentials are back to one reference");
	tap_is_int(shim_allocs_live, live0,
	    "kmalloc'd memory back to what it was before the tests");
}

int
main(void)
{
	long live0;

	shim_sock_init();
	live0 = shim_allocs_live;
	t_create();
	t_bind();
	t_stream();
	t_dgram();
	t_perm();
	t_seqpacket();
	t_block();
	t_sblock();
	t_timeo();
	t_control();
	t_source();
	t_notify();
	t_asend();
	t_leaks(live0);
	return (tap_done());
}
