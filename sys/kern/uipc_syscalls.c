/*
 * The socket system calls: socket, socketpair, bind, listen, accept,
 * accept4, connect, sendto, sendmsg, recvfrom, recvmsg, sendfile,
 * shutdown, setsockopt, getsockopt, getsockname, getpeername.  Each
 * checks its arguments, copies addresses and control data between user
 * and kernel space, and calls the socket layer (uipc_socket.c) with the
 * socket behind the descriptor.
 *
 * Untrusted input: every length is checked before use (an address longer
 * than SOCK_MAXADDRLEN or shorter than its header is EINVAL, control data
 * larger than a cluster is EINVAL, an iovec list is bounded by UIO_MAXIOV),
 * every pointer goes through copyin/copyout (EFAULT), and a descriptor
 * that is not a socket is ENOTSOCK.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/fcntl.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/socketvar.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/ucred.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/thread.h>
#include <sys/vnode.h>
#include <sys/sysctl.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <machine/atomic.h>
#include <machine/vmparam.h>

MALLOC_DECLARE(M_SONAME);
extern struct fileops socketops;


/* The socket behind descriptor fd, referenced through its file. */
static int
getsock(struct thread *td, int fd, struct file **fpp, struct socket **sop)
{
	struct file *fp;
	int error;

	error = holdfp(td, fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_SOCKET || fp->f_data == NULL) {
		fdrop(fp);
		return (ENOTSOCK);
	}
	*fpp = fp;
	*sop = fp->f_data;
	return (0);
}

/*
 * Copy a socket address in.  The length the caller gives wins over the
 * one inside the address (which many programs leave unset), as in BSD.
 */
int
getsockaddr(struct sockaddr **namp, const void *uaddr, socklen_t len)
{
	struct sockaddr *sa;
	int error;

	if (len > SOCK_MAXADDRLEN)
		return (ENAMETOOLONG);
	if (len < offsetof(struct sockaddr, sa_data))
		return (EINVAL);
	sa = kmalloc(len, M_SONAME, M_WAITOK);
	error = copyin(uaddr, sa, len);
	if (error != 0) {
		kfree(sa, M_SONAME);
		return (error);
	}
	sa->sa_len = (uint8_t)len;
	*namp = sa;
	return (0);
}

/*
 * Copy an address out to (uaddr, *ualenp): at most the caller's length
 * is written, and *ualenp gets the address's real length.
 */
static int
copyout_sockaddr(struct sockaddr *sa, void *uaddr, socklen_t *ualenp)
{
	socklen_t len, actual;
	int error;

	if (ualenp == NULL)
		return (0);
	error = copyin(ualenp, &len, sizeof(len));
	if (error != 0)
		return (error);
	if ((int)len < 0)
		return (EINVAL);
	actual = (sa != NULL) ? sa->sa_len : 0;
	if (uaddr != NULL && sa != NULL && len > 0) {
		error = copyout(sa, uaddr, MIN(len, actual));
		if (error != 0)
			return (error);
	}
	return (copyout(&actual, ualenp, sizeof(actual)));
}

/* Set the flags of a new descriptor: close-on-exec, non-blocking. */
static void
sock_setfdflags(struct thread *td, struct file *fp, int fd, int flags)
{
	struct filedesc *fdp = td->td_proc->p_fd;

	if (flags & SOCK_NONBLOCK)
		atomic_set_int(&fp->f_flag, FNONBLOCK);
	if (flags & SOCK_CLOEXEC) {
		spin_lock(&fdp->fd_spin);
		fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
	}
}

int
kern_socket(int domain, int type, int protocol, int *res)
{
	struct thread *td = curthread;
	struct socket *so;
	struct file *fp;
	int fd, error, flags;

	flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return (EINVAL);
	type &= SOCK_TYPE_MASK;
	error = falloc(td, &fp, &fd);
	if (error != 0)
		return (error);
	error = socreate(domain, &so, type, protocol, td);
	if (error != 0) {
		kern_close(td->td_proc, fd);
		fdrop(fp);
		return (error);
	}
	finit(fp, FREAD | FWRITE, DTYPE_SOCKET, so, &socketops);
	sock_setfdflags(td, fp, fd, flags);
	fdrop(fp);
	*res = fd;
	return (0);
}

int
sys_socket(struct sysmsg *sysmsg, const struct socket_args *uap)
{
	int fd, error;

	error = kern_socket(uap->domain, uap->type, uap->protocol, &fd);
	if (error == 0)
		sysmsg->sysmsg_result = fd;
	return (error);
}

int
sys_bind(struct sysmsg *sysmsg, const struct bind_args *uap)
{
	struct thread *td = curthread;
	struct sockaddr *sa;
	struct socket *so;
	struct file *fp;
	int error;

	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	error = getsockaddr(&sa, uap->name, uap->namelen);
	if (error == 0) {
		error = sobind(so, sa, td);
		kfree(sa, M_SONAME);
	}
	fdrop(fp);
	return (error);
}

int
sys_listen(struct sysmsg *sysmsg, const struct listen_args *uap)
{
	struct thread *td = curthread;
	struct socket *so;
	struct file *fp;
	int error;

	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	error = solisten(so, uap->backlog, td);
	fdrop(fp);
	return (error);
}

/*
 * accept(2) and accept4(2): wait for a completed connection, give it a
 * descriptor, and return the peer's address.  The new socket inherits
 * non-blocking mode from the listener for accept(), as in FreeBSD;
 * accept4() takes its flags from the caller.
 */
static int
kern_accept(struct thread *td, int s, void *uname, socklen_t *ualen,
    int flags, bool accept4, int *res)
{
	struct sockaddr *sa = NULL;
	struct socket *head, *so;
	struct file *lfp, *nfp;
	socklen_t len;
	int error, fd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return (EINVAL);
	if (ualen != NULL) {
		error = copyin(ualen, &len, sizeof(len));
		if (error != 0)
			return (error);
		if ((int)len < 0)
			return (EINVAL);
	}
	error = getsock(td, s, &lfp, &head);
	if (error != 0)
		return (error);
	if ((head->so_options & SO_ACCEPTCONN) == 0) {
		error = EINVAL;
		goto done;
	}
	/* A predicate message waits for us (soaccept_wait). */
	error = soaccept_wait(head, lfp->f_flag & FNONBLOCK, &so);
	if (error == EINTR) {
		/*
		 * A signal withdrew the wait: restart the call when the
		 * handler asked for it (SA_RESTART), as a tsleep would say.
		 */
		if (sig_sleep_check(td) == ERESTART)
			error = ERESTART;
	}
	if (error != 0)
		goto done;
	sofree(head);		/* the queue's reference on the listener */

	error = falloc(td, &nfp, &fd);
	if (error != 0) {
		/* No descriptor: the connection is dropped. */
		(void)so_pru_abort(so);
		sofree(so);
		goto done;
	}
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	finit(nfp, FREAD | FWRITE, DTYPE_SOCKET, so, &socketops);
	if (!accept4 && (lfp->f_flag & FNONBLOCK))
		flags |= SOCK_NONBLOCK;
	sock_setfdflags(td, nfp, fd, flags);

	error = soaccept(so, &sa);
	if (error == 0 && uname != NULL)
		error = copyout_sockaddr(sa, uname, ualen);
	if (sa != NULL)
		kfree(sa, M_SONAME);
	if (error != 0) {
		kern_close(td->td_proc, fd);
		fdrop(nfp);
		goto done;
	}
	fdrop(nfp);
	*res = fd;
done:
	fdrop(lfp);
	return (error);
}

int
sys_accept(struct sysmsg *sysmsg, const struct accept_args *uap)
{
	int fd, error;

	error = kern_accept(curthread, uap->s, uap->name, uap->anamelen, 0,
	    false, &fd);
	if (error == 0)
		sysmsg->sysmsg_result = fd;
	return (error);
}

int
sys_accept4(struct sysmsg *sysmsg, const struct accept4_args *uap)
{
	int fd, error;

	error = kern_accept(curthread, uap->s, uap->name, uap->anamelen,
	    uap->flags, true, &fd);
	if (error == 0)
		sysmsg->sysmsg_result = fd;
	return (error);
}

/*
 * connect(2): start the connection and, unless the socket is
 * non-blocking (EINPROGRESS), wait for it to complete or fail.
 */
int
sys_connect(struct sysmsg *sysmsg, const struct connect_args *uap)
{
	struct thread *td = curthread;
	struct sockaddr *sa;
	struct socket *so;
	struct file *fp;
	int error;

	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	if ((fp->f_flag & FNONBLOCK) && (so->so_state & SS_ISCONNECTING)) {
		error = EALREADY;
		goto done;
	}
	error = getsockaddr(&sa, uap->name, uap->namelen);
	if (error != 0)
		goto done;
	error = soconnect(so, sa, td, !(fp->f_flag & FNONBLOCK));
	kfree(sa, M_SONAME);
	if (error != 0)
		goto done;
	/*
	 * A protocol thread may finish the handshake before we look (TCP
	 * over lo0 on another CPU): a non-blocking connect that had to
	 * wait for a peer still says EINPROGRESS, and SO_ERROR tells.
	 */
	if ((fp->f_flag & FNONBLOCK) && ((so->so_state & SS_ISCONNECTING) ||
	    ((so->so_proto->pr_flags & (PR_CONNREQUIRED | PR_SYNC_PORT)) ==
	    PR_CONNREQUIRED))) {
		error = EINPROGRESS;
		goto done;
	}
	/* so_rcv's token closes the gap before the sleep (sostate_wakeup). */
	lwkt_gettoken(&so->so_rcv.ssb_token);
	while ((so->so_state & SS_ISCONNECTING) && so->so_error == 0) {
		error = tsleep((const void *)(uintptr_t)&so->so_state, PCATCH,
		    "connec", 0);
		if (error != 0) {
			if (error == ERESTART)
				error = EINTR;
			break;
		}
	}
	if (error == 0 && so->so_error != 0) {
		error = so->so_error;
		so->so_error = 0;
	}
	lwkt_reltoken(&so->so_rcv.ssb_token);
done:
	fdrop(fp);
	return (error);
}

/*
 * socketpair(2): two connected sockets.  rsv receives the descriptors
 * only when everything worked; otherwise nothing is left open.
 */
int
sys_socketpair(struct sysmsg *sysmsg, const struct socketpair_args *uap)
{
	struct thread *td = curthread;
	struct socket *so1, *so2;
	struct file *fp1, *fp2;
	int fd[2], error, flags, type;

	flags = uap->type & ~SOCK_TYPE_MASK;
	type = uap->type & SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return (EINVAL);
	error = socreate(uap->domain, &so1, type, uap->protocol, td);
	if (error != 0)
		return (error);
	error = socreate(uap->domain, &so2, type, uap->protocol, td);
	if (error != 0)
		goto free1;
	error = falloc(td, &fp1, &fd[0]);
	if (error != 0)
		goto free2;
	finit(fp1, FREAD | FWRITE, DTYPE_SOCKET, so1, &socketops);
	error = falloc(td, &fp2, &fd[1]);
	if (error != 0)
		goto free3;
	finit(fp2, FREAD | FWRITE, DTYPE_SOCKET, so2, &socketops);
	error = soconnect2(so1, so2, td->td_proc->p_ucred);
	if (error != 0)
		goto free4;
	if (type == SOCK_DGRAM) {
		/* Datagram socketpairs connect both ways. */
		error = soconnect2(so2, so1, td->td_proc->p_ucred);
		if (error != 0)
			goto free4;
	}
	sock_setfdflags(td, fp1, fd[0], flags);
	sock_setfdflags(td, fp2, fd[1], flags);
	error = copyout(fd, uap->rsv, sizeof(fd));
	if (error != 0)
		goto free4;
	fdrop(fp1);
	fdrop(fp2);
	return (0);
free4:
	kern_close(td->td_proc, fd[1]);
	fdrop(fp2);
	/* The file closed so2. */
	so2 = NULL;
free3:
	kern_close(td->td_proc, fd[0]);
	fdrop(fp1);
	so1 = NULL;
free2:
	if (so2 != NULL)
		(void)soclose(so2, 0);
free1:
	if (so1 != NULL)
		(void)soclose(so1, 0);
	return (error);
}

/* ---- Sending and receiving ------------------------------------------ */

/* Control data from user space into one mbuf (at most a cluster). */
int
sockargs_control(struct mbuf **mp, const void *ubuf, socklen_t len)
{
	struct mbuf *m;
	int error;

	if (len > MCLBYTES || len < sizeof(struct cmsghdr))
		return (EINVAL);
	m = (len > (socklen_t)MLEN) ? m_getcl(M_WAITOK, MT_CONTROL, 0) :
	    m_get(M_WAITOK, MT_CONTROL);
	error = copyin(ubuf, mtod(m, void *), len);
	if (error != 0) {
		m_free(m);
		return (error);
	}
	m->m_len = (int)len;
	*mp = m;
	return (0);
}

/*
 * Point auio at the kernel iovec array of mp for a transfer in direction
 * rw; EINVAL if a length is negative or the total overflows.
 */
static int
sock_uioinit(struct uio *auio, struct msghdr *mp, enum uio_rw rw,
    struct thread *td)
{
	ssize_t len = 0;
	int i;

	for (i = 0; i < mp->msg_iovlen; i++) {
		if ((ssize_t)mp->msg_iov[i].iov_len < 0 ||
		    len + (ssize_t)mp->msg_iov[i].iov_len < len)
			return (EINVAL);
		len += (ssize_t)mp->msg_iov[i].iov_len;
	}
	auio->uio_iov = mp->msg_iov;
	auio->uio_iovcnt = mp->msg_iovlen;
	auio->uio_offset = 0;
	auio->uio_resid = len;
	auio->uio_segflg = UIO_USERSPACE;
	auio->uio_rw = rw;
	auio->uio_td = td;
	return (0);
}

/*
 * Copy in a user msghdr and a kernel copy of its iovec array (free it
 * with iovec_free(iovp, siov)); the msghdr keeps the user's msg_iov in
 * *uiovp and gets the kernel copy.
 */
static int
msghdr_copyin(const struct msghdr *umsg, struct msghdr *msg,
    struct iovec **iovp, struct iovec *siov, struct iovec **uiovp)
{
	size_t total;
	int error;

	error = copyin(umsg, msg, sizeof(*msg));
	if (error != 0)
		return (error);
	if (msg->msg_iovlen < 0 || msg->msg_iovlen > UIO_MAXIOV)
		return (EMSGSIZE);
	error = iovec_copyin(msg->msg_iov, iovp, siov, msg->msg_iovlen,
	    &total);
	if (error != 0)
		return (error);
	*uiovp = msg->msg_iov;
	msg->msg_iov = *iovp;
	return (0);
}

/*
 * Send what mp describes on socket s.  mp->msg_iov is a kernel copy of
 * the iovec array (the data it points at is the user's); the address and
 * control data are still in user space.
 */
static int
kern_sendit(struct thread *td, int s, struct msghdr *mp, int flags,
    ssize_t *res)
{
	struct sockaddr *to = NULL;
	struct mbuf *control = NULL;
	struct socket *so;
	struct file *fp;
	struct uio auio;
	ssize_t len;
	int error;

	error = sock_uioinit(&auio, mp, UIO_WRITE, td);
	if (error != 0)
		return (error);
	len = auio.uio_resid;
	error = getsock(td, s, &fp, &so);
	if (error != 0)
		return (error);
	if (mp->msg_name != NULL) {
		error = getsockaddr(&to, mp->msg_name, mp->msg_namelen);
		if (error != 0)
			goto done;
	}
	if (mp->msg_control != NULL && mp->msg_controllen > 0) {
		error = sockargs_control(&control, mp->msg_control,
		    mp->msg_controllen);
		if (error != 0)
			goto done;
	}
	if (fp->f_flag & FNONBLOCK)
		flags |= MSG_DONTWAIT;
	error = so->so_proto->pr_usrreqs->pru_sosend(so, to, &auio, NULL,
	    control, flags, td);
	control = NULL;		/* sosend consumed it */
	if (error != 0 && auio.uio_resid != len &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;	/* partial write */
	if (error == 0)
		*res = len - auio.uio_resid;
done:
	if (to != NULL)
		kfree(to, M_SONAME);
	if (control != NULL)
		m_freem(control);
	fdrop(fp);
	return (error);
}

int
sys_sendto(struct sysmsg *sysmsg, const struct sendto_args *uap)
{
	struct msghdr msg;
	struct iovec aiov;
	ssize_t n = 0;
	int error;

	msg.msg_name = (void *)(uintptr_t)uap->to;
	msg.msg_namelen = uap->tolen;
	msg.msg_iov = &aiov;
	msg.msg_iovlen = 1;
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	msg.msg_flags = 0;
	aiov.iov_base = (void *)(uintptr_t)uap->buf;
	aiov.iov_len = uap->len;
	error = kern_sendit(curthread, uap->s, &msg, uap->flags, &n);
	if (error == 0)
		sysmsg->sysmsg_szresult = (size_t)n;
	return (error);
}

int
sys_sendmsg(struct sysmsg *sysmsg, const struct sendmsg_args *uap)
{
	struct msghdr msg;
	struct iovec *iov = NULL, *uiov, siov[8];
	ssize_t n = 0;
	int error;

	error = msghdr_copyin(uap->msg, &msg, &iov, siov, &uiov);
	if (error != 0)
		return (error);
	error = kern_sendit(curthread, uap->s, &msg, uap->flags, &n);
	iovec_free(&iov, siov);
	if (error == 0)
		sysmsg->sysmsg_szresult = (size_t)n;
	return (error);
}

static void	control_closerights(struct thread *, struct cmsghdr *);

/*
 * Copy received control messages out to the user's buffer.  What does
 * not fit is cut off at a message boundary and MSG_CTRUNC set;
 * descriptors in a message that is cut off are closed, so that none
 * leaks into the process unseen.
 */
static int
copyout_control(struct thread *td, struct mbuf *control, void *ubuf,
    socklen_t *ulenp, int *flagsp)
{
	socklen_t room = *ulenp, done = 0, len;
	struct cmsghdr *cm;
	struct mbuf *m;
	int off, error = 0;

	for (m = control; m != NULL; m = m->m_next) {
		for (off = 0; off + (int)sizeof(*cm) <= m->m_len;
		    off += (int)_CMSG_ALIGN(cm->cmsg_len)) {
			cm = (struct cmsghdr *)(mtod(m, char *) + off);
			if (cm->cmsg_len < sizeof(*cm))
				break;
			len = cm->cmsg_len;
			if (error == 0 && ubuf != NULL && done + len <= room) {
				error = copyout(cm, (char *)ubuf + done, len);
				done += (socklen_t)MIN(_CMSG_ALIGN(len),
				    room - done);
				continue;
			}
			*flagsp |= MSG_CTRUNC;
			control_closerights(td, cm);
		}
	}
	*ulenp = done;
	return (error);
}

/*
 * Close the descriptors an externalized SCM_RIGHTS message installed,
 * when the process will never see them: the message did not fit, or
 * the receive fails after the rights were installed (a fault copying
 * out the data, the address or the control).  The message is then
 * marked so that it is not closed twice: by then the number may name
 * another descriptor the process opened.
 */
static void
control_closerights(struct thread *td, struct cmsghdr *cm)
{
	int i, n;

	if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
		return;
	n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
	for (i = 0; i < n; i++)
		kern_close(td->td_proc, ((int *)CMSG_DATA(cm))[i]);
	cm->cmsg_type = 0;
}

/* control_closerights for every message of a received control chain. */
static void
control_closeall(struct thread *td, struct mbuf *control)
{
	struct cmsghdr *cm;
	struct mbuf *m;
	int off;

	for (m = control; m != NULL; m = m->m_next) {
		for (off = 0; off + (int)sizeof(*cm) <= m->m_len;
		    off += (int)_CMSG_ALIGN(cm->cmsg_len)) {
			cm = (struct cmsghdr *)(mtod(m, char *) + off);
			if (cm->cmsg_len < CMSG_LEN(0))
				break;
			control_closerights(td, cm);
		}
	}
}

/*
 * Receive into what mp describes (msg_iov a kernel copy of the iovec
 * array; msg_flags the caller's flags on entry, the result's on return).
 * The sender's address goes to msg_name, truncated to msg_namelen, and
 * its real length to msg_namelen and to *unamelenp if given; control
 * data, when msg_control is set, as copyout_control() says.
 */
static int
kern_recvit(struct thread *td, int s, struct msghdr *mp,
    socklen_t *unamelenp, ssize_t *res)
{
	struct sockaddr *from = NULL;
	struct mbuf *control = NULL;
	struct socket *so;
	struct file *fp;
	struct uio auio;
	ssize_t len;
	socklen_t alen;
	int error, flags = mp->msg_flags;

	/*
	 * MSG_NOSIGNAL means nothing to a receive, but FreeBSD and Linux
	 * take it (programs pass one set of flags to send and recv), so it
	 * is accepted and ignored; any other unknown bit is EINVAL.
	 */
	if (flags & ~(MSG_OOB | MSG_PEEK | MSG_WAITALL | MSG_DONTWAIT |
	    MSG_TRUNC | MSG_CMSG_CLOEXEC | MSG_NOSIGNAL))
		return (EINVAL);
	error = sock_uioinit(&auio, mp, UIO_READ, td);
	if (error != 0)
		return (error);
	len = auio.uio_resid;
	error = getsock(td, s, &fp, &so);
	if (error != 0)
		return (error);
	if (fp->f_flag & FNONBLOCK)
		flags |= MSG_DONTWAIT;
	error = so->so_proto->pr_usrreqs->pru_soreceive(so,
	    mp->msg_name != NULL ? &from : NULL, &auio, NULL,
	    mp->msg_control != NULL ? &control : NULL, &flags);
	if (error != 0 && auio.uio_resid != len &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;
	if (error != 0)
		goto done;
	*res = len - auio.uio_resid;
	if (mp->msg_name != NULL) {
		alen = (from != NULL) ? from->sa_len : 0;
		if (from != NULL && mp->msg_namelen > 0) {
			error = copyout(from, mp->msg_name,
			    MIN(mp->msg_namelen, alen));
			if (error != 0)
				goto done;
		}
		mp->msg_namelen = alen;
		if (unamelenp != NULL) {
			error = copyout(&alen, unamelenp, sizeof(alen));
			if (error != 0)
				goto done;
		}
	}
	if (mp->msg_control != NULL)
		error = copyout_control(td, control, mp->msg_control,
		    &mp->msg_controllen, &flags);
	else
		mp->msg_controllen = 0;
	mp->msg_flags = flags & (MSG_EOR | MSG_TRUNC | MSG_CTRUNC | MSG_OOB);
done:
	if (from != NULL)
		kfree(from, M_SONAME);
	if (control != NULL) {
		/* A failed receive hands out no descriptor. */
		if (error != 0)
			control_closeall(td, control);
		m_freem(control);
	}
	fdrop(fp);
	return (error);
}

int
sys_recvfrom(struct sysmsg *sysmsg, const struct recvfrom_args *uap)
{
	struct msghdr msg;
	struct iovec aiov;
	socklen_t alen = 0;
	ssize_t n = 0;
	int error;

	if (uap->fromlenaddr != NULL) {
		error = copyin(uap->fromlenaddr, &alen, sizeof(alen));
		if (error != 0)
			return (error);
		if ((int)alen < 0)
			return (EINVAL);
	}
	aiov.iov_base = uap->buf;
	aiov.iov_len = uap->len;
	msg.msg_name = (uap->from != NULL && uap->fromlenaddr != NULL) ?
	    uap->from : NULL;
	msg.msg_namelen = alen;
	msg.msg_iov = &aiov;
	msg.msg_iovlen = 1;
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	msg.msg_flags = uap->flags;
	error = kern_recvit(curthread, uap->s, &msg,
	    msg.msg_name != NULL ? uap->fromlenaddr : NULL, &n);
	if (error == 0)
		sysmsg->sysmsg_szresult = (size_t)n;
	return (error);
}

int
sys_recvmsg(struct sysmsg *sysmsg, const struct recvmsg_args *uap)
{
	struct msghdr msg;
	struct iovec *iov = NULL, *uiov, siov[8];
	ssize_t n = 0;
	int error;

	error = msghdr_copyin(uap->msg, &msg, &iov, siov, &uiov);
	if (error != 0)
		return (error);
	msg.msg_flags = uap->flags;
	error = kern_recvit(curthread, uap->s, &msg, NULL, &n);
	iovec_free(&iov, siov);
	if (error == 0) {
		msg.msg_iov = uiov;
		error = copyout(&msg, uap->msg, sizeof(msg));
		if (error == 0)
			sysmsg->sysmsg_szresult = (size_t)n;
	}
	return (error);
}

/* ---- sendfile ----------------------------------------------------------- */

/*
 * sendfile(2) is zero-copy for a file whose data is a VM object's pages
 * (tmpfs: vp->v_object, OBJ_FILE).  Each page in range is lent to the
 * socket, the way FreeBSD's and DragonFly's sf_bufs do: the page gets
 * one more reference (vm_page.ref_count) for each mbuf that points at
 * it, through the direct map, as read-only external storage; the last
 * mbuf freed drops it (vm_object_page_release), so a page the file lost
 * meanwhile (truncation) is freed only then and no one ever sees freed
 * memory.  The data is not a snapshot: what the receiver gets of a lent
 * page is whatever the page holds when the bytes are copied out of the
 * mbufs (read by a Unix-domain peer; copied by TCP into a segment),
 * which may include writes to the file made after sendfile returned,
 * and zeros where a truncation cut that page (the new last page's tail
 * is cleared).  sosend_source_chain() puts the chains of lent pages
 * (as much as so_snd has room for) through sosend, one pru_send each.
 *
 * Other regular files (none has an object today), and every file while
 * kern.ipc.sendfile.lend is 0 (to compare the two), take the copy path:
 * one VOP_READ into page clusters built by sosend_source().  Headers
 * and trailers go through plain sosend() from the user's iovecs.  The
 * three parts are three sosend calls, so a concurrent writer on the
 * same socket may slip data between them.
 */

/* The file part's source: the vnode (or its pages), read at off. */
struct sf_source {
	struct vnode	*vp;
	struct ucred	*cred;
	vm_object_t	obj;		/* the file's pages; NULL: copy */
	off_t		off;
};

/*
 * Pages lent since boot, and page references mbufs hold now (back to
 * its old value once every such mbuf is freed: a test's leak check).
 */
static uint64_t sf_pages_lent;
static int sf_pages_inflight;
static int sf_lend = 1;		/* 0: the copy path (to compare) */

SYSCTL_NODE(_kern_ipc, OID_AUTO, sendfile, CTLFLAG_RW, 0, "sendfile(2)");
SYSCTL_U64(_kern_ipc_sendfile, OID_AUTO, pages_lent, CTLFLAG_RD,
    &sf_pages_lent, 0, "file pages lent to sockets since boot");
SYSCTL_INT(_kern_ipc_sendfile, OID_AUTO, pages_inflight, CTLFLAG_RD,
    &sf_pages_inflight, 0, "page references held by mbufs now");
SYSCTL_INT(_kern_ipc_sendfile, OID_AUTO, lend, CTLFLAG_RW, &sf_lend, 0,
    "lend file pages (1) or copy them (0)");

/* ext_ref of a lent page: m_copym or m_split shares the mbuf's page. */
static void
sf_page_ref(void *arg)
{
	vm_page_t pg = arg;

	__atomic_fetch_add(&pg->ref_count, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&sf_pages_inflight, 1, __ATOMIC_RELAXED);
}

/* ext_free of a lent page: the last reference frees it. */
static void
sf_page_free(void *arg)
{
	__atomic_fetch_sub(&sf_pages_inflight, 1, __ATOMIC_RELAXED);
	vm_object_page_release(arg);
}

/*
 * Lend the file pages of [off, off + len) (stopping at the end of the
 * file: a chain short of len tells sosend the source ended) as a chain
 * of mbufs, one per page.  The page is looked up and referenced under
 * obj_token, which truncation holds while it removes pages, so it is
 * the file's page of the moment and stays alive after it leaves it.
 */
static int
sendfile_chain(void *arg, long len, struct mbuf **topp, size_t *gotp)
{
	struct sf_source *src = arg;
	vm_object_t obj = src->obj;
	struct mbuf *top = NULL, **mp = &top, *m;
	vm_page_t pg;
	size_t got = 0, off, n;

	while ((long)got < len) {
		m = (top == NULL) ? m_gethdr(M_WAITOK, MT_DATA) :
		    m_get(M_WAITOK, MT_DATA);
		if (m == NULL) {
			/* Not with M_WAITOK; never a short (EOF) chain. */
			m_freem(top);
			*topp = NULL;
			*gotp = 0;
			return (ENOBUFS);
		}
		off = (size_t)(src->off & PAGE_MASK);
		n = MIN(PAGE_SIZE - off, (size_t)len - got);
		pg = NULL;
		lwkt_gettoken(&obj->obj_token);
		if (src->off < obj->file_size) {
			n = (size_t)MIN((off_t)n, obj->file_size - src->off);
			/* Every page up to the end is there, holes too. */
			pg = vm_object_page_lookup(obj, atop(src->off));
			if (pg != NULL)
				__atomic_fetch_add(&pg->ref_count, 1,
				    __ATOMIC_SEQ_CST);
		}
		lwkt_reltoken(&obj->obj_token);
		if (pg == NULL) {
			m_free(m);
			break;		/* the file ended */
		}
		__atomic_fetch_add(&sf_pages_inflight, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&sf_pages_lent, 1, __ATOMIC_RELAXED);
		m_extadd(m, (caddr_t)PHYS_TO_DMAP(pg->phys_addr), PAGE_SIZE,
		    sf_page_ref, sf_page_free, pg);
		m->m_data += off;
		m->m_len = (int)n;
		*mp = m;
		mp = &m->m_next;
		got += n;
		src->off += (off_t)n;
	}
	*topp = top;
	*gotp = got;
	return (0);
}

/* Mark the file accessed, as read(2) does: a VOP_READ of no bytes. */
static void
sendfile_touch(struct sf_source *src)
{
	struct uio auio;
	struct iovec iov;
	char c;

	iov.iov_base = &c;
	iov.iov_len = 0;
	auio.uio_iov = &iov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = src->off;
	auio.uio_resid = 0;
	auio.uio_segflg = UIO_SYSSPACE;
	auio.uio_rw = UIO_READ;
	auio.uio_td = curthread;
	(void)VOP_READ(src->vp, &auio, 0, src->cred);
}

/* The copy path's fill: one VOP_READ into the clusters' iovecs. */
static int
sendfile_fill(void *arg, struct iovec *iov, int iovcnt, size_t *donep)
{
	struct sf_source *src = arg;
	struct uio auio;
	size_t len = 0;
	int error, i;

	for (i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	auio.uio_iov = iov;
	auio.uio_iovcnt = iovcnt;
	auio.uio_offset = src->off;
	auio.uio_resid = (ssize_t)len;
	auio.uio_segflg = UIO_SYSSPACE;
	auio.uio_rw = UIO_READ;
	auio.uio_td = curthread;
	error = VOP_READ(src->vp, &auio, 0, src->cred);
	if (error != 0)
		return (error);
	*donep = len - (size_t)auio.uio_resid;
	src->off += (off_t)*donep;
	return (0);
}

/* A header or trailer array, copied in before anything is sent. */
struct sf_iov {
	struct iovec	*iov;
	struct iovec	siov[8];
	int		cnt;
	size_t		total;
};

static int
sendfile_iovin(struct sf_iov *sv, const struct iovec *uiov, int cnt)
{
	sv->iov = NULL;
	sv->cnt = 0;
	sv->total = 0;
	if (uiov == NULL || cnt == 0)
		return (0);
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return (EINVAL);
	sv->cnt = cnt;
	return (iovec_copyin(uiov, &sv->iov, sv->siov, cnt, &sv->total));
}

/* Send a header or trailer array; *sentp grows by what went out. */
static int
sendfile_iovsend(struct socket *so, struct sf_iov *sv, int flags,
    struct thread *td, off_t *sentp)
{
	struct uio auio;
	int error;

	if (sv->total == 0)
		return (0);
	auio.uio_iov = sv->iov;
	auio.uio_iovcnt = sv->cnt;
	auio.uio_offset = 0;
	auio.uio_resid = (ssize_t)sv->total;
	auio.uio_segflg = UIO_USERSPACE;
	auio.uio_rw = UIO_WRITE;
	auio.uio_td = td;
	error = sosend(so, NULL, &auio, NULL, NULL, flags, td);
	*sentp += (off_t)sv->total - auio.uio_resid;
	return (error);
}

/*
 * Send headers, then nbytes of file fd from offset (to its end when
 * nbytes is 0 or runs past it), then trailers on stream socket s.  The
 * descriptor's offset is not used or moved.  *sentp counts every byte
 * that went out, headers and trailers included, also when an error
 * (EAGAIN, EINTR, EPIPE) stopped the call part way.
 */
static int
kern_sendfile(struct thread *td, int fd, int s, off_t offset, size_t nbytes,
    const struct sf_hdtr *uhdtr, int flags, off_t *sentp)
{
	struct sf_iov hdr = { .iov = NULL }, trl = { .iov = NULL };
	struct sf_source src;
	struct sf_hdtr hdtr;
	struct file *fp = NULL, *sfp;
	struct socket *so;
	struct vattr va;
	ssize_t want, resid;
	int error, sflags;

	*sentp = 0;
	error = getsock(td, s, &sfp, &so);
	if (error != 0)
		return (error);
	error = holdfp(td, fd, FREAD, &fp);
	if (error != 0) {
		fp = NULL;
		goto done;
	}
	if (fp->f_type != DTYPE_VNODE || fp->f_vnode == NULL ||
	    fp->f_vnode->v_type != VREG || so->so_type != SOCK_STREAM ||
	    offset < 0 || (flags & ~SF_NODISKIO) != 0) {
		error = EINVAL;
		goto done;
	}
	/*
	 * Never connected is ENOTCONN; a connection the peer closed goes
	 * on to sosend, which says EPIPE (and raises SIGPIPE).
	 */
	if ((so->so_state & (SS_ISCONNECTED | SS_CANTSENDMORE)) == 0) {
		error = ENOTCONN;
		goto done;
	}
	if (uhdtr != NULL) {
		error = copyin(uhdtr, &hdtr, sizeof(hdtr));
		if (error == 0)
			error = sendfile_iovin(&hdr, hdtr.headers,
			    hdtr.hdr_cnt);
		if (error == 0)
			error = sendfile_iovin(&trl, hdtr.trailers,
			    hdtr.trl_cnt);
		if (error != 0)
			goto done;
	}
	sflags = (sfp->f_flag & FNONBLOCK) ? MSG_DONTWAIT : 0;

	error = sendfile_iovsend(so, &hdr, sflags, td, sentp);
	if (error != 0)
		goto done;

	vattr_null(&va);
	error = VOP_GETATTR(fp->f_vnode, &va);
	if (error != 0)
		goto done;
	want = 0;
	if (offset < va.va_size) {
		want = (ssize_t)(va.va_size - offset);
		if (nbytes != 0 && nbytes < (size_t)want)
			want = (ssize_t)nbytes;
	}
	if (want > 0) {
		src.vp = fp->f_vnode;
		src.cred = fp->f_cred;
		src.off = offset;
		src.obj = src.vp->v_object;
		resid = want;
		if (src.obj != NULL && (src.obj->flags & OBJ_FILE) != 0 &&
		    sf_lend != 0) {
			/*
			 * The object lives as long as the vnode, which fp
			 * holds; the reference is for a forced unmount.  A
			 * read of nothing marks the file accessed, as the
			 * copy path's VOP_READ did.
			 */
			vm_object_reference(src.obj);
			sendfile_touch(&src);
			error = sosend_source_chain(so, &resid, sendfile_chain,
			    &src, sflags, td);
			vm_object_deallocate(src.obj);
		} else {
			error = sosend_source(so, &resid, sendfile_fill, &src,
			    sflags, td);
		}
		*sentp += (off_t)(want - resid);
		if (error != 0)
			goto done;
	}

	error = sendfile_iovsend(so, &trl, sflags, td, sentp);
done:
	/* Part of the data may be gone: never restart the call. */
	if (error == ERESTART)
		error = EINTR;
	iovec_free(&hdr.iov, hdr.siov);
	iovec_free(&trl.iov, trl.siov);
	if (fp != NULL)
		fdrop(fp);
	fdrop(sfp);
	return (error);
}

int
sys_sendfile(struct sysmsg *sysmsg, const struct sendfile_args *uap)
{
	off_t sent = 0;
	int error, error2;

	error = kern_sendfile(curthread, uap->fd, uap->s, uap->offset,
	    uap->nbytes, uap->hdtr, uap->flags, &sent);
	if (uap->sbytes != NULL) {
		error2 = copyout(&sent, uap->sbytes, sizeof(sent));
		if (error == 0)
			error = error2;
	}
	if (error == 0)
		sysmsg->sysmsg_result = 0;
	return (error);
}

int
sys_shutdown(struct sysmsg *sysmsg, const struct shutdown_args *uap)
{
	struct thread *td = curthread;
	struct socket *so;
	struct file *fp;
	int error;

	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	error = soshutdown(so, uap->how);
	fdrop(fp);
	return (error);
}

/* ---- Options and names ---------------------------------------------- */

int
sys_setsockopt(struct sysmsg *sysmsg, const struct setsockopt_args *uap)
{
	struct thread *td = curthread;
	struct sockopt sopt;
	struct socket *so;
	struct file *fp;
	int error;

	if (uap->val == NULL && uap->valsize != 0)
		return (EFAULT);
	if ((int)uap->valsize < 0)
		return (EINVAL);
	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	sopt.sopt_dir = SOPT_SET;
	sopt.sopt_level = uap->level;
	sopt.sopt_name = uap->name;
	sopt.sopt_val = (void *)(uintptr_t)uap->val;
	sopt.sopt_valsize = uap->valsize;
	sopt.sopt_td = td;
	error = sosetopt(so, &sopt);
	fdrop(fp);
	return (error);
}

int
sys_getsockopt(struct sysmsg *sysmsg, const struct getsockopt_args *uap)
{
	struct thread *td = curthread;
	struct sockopt sopt;
	struct socket *so;
	struct file *fp;
	socklen_t valsize = 0;
	int error;

	if (uap->val != NULL) {
		error = copyin(uap->avalsize, &valsize, sizeof(valsize));
		if (error != 0)
			return (error);
		if ((int)valsize < 0)
			return (EINVAL);
	}
	error = getsock(td, uap->s, &fp, &so);
	if (error != 0)
		return (error);
	sopt.sopt_dir = SOPT_GET;
	sopt.sopt_level = uap->level;
	sopt.sopt_name = uap->name;
	sopt.sopt_val = uap->val;
	sopt.sopt_valsize = valsize;
	sopt.sopt_td = td;
	error = sogetopt(so, &sopt);
	if (error == 0 && uap->val != NULL) {
		valsize = (socklen_t)sopt.sopt_valsize;
		error = copyout(&valsize, uap->avalsize, sizeof(valsize));
	}
	fdrop(fp);
	return (error);
}

static int
kern_getname(int fd, void *uaddr, socklen_t *ualen, bool peer)
{
	struct thread *td = curthread;
	struct sockaddr *sa = NULL;
	struct socket *so;
	struct file *fp;
	int error;

	error = getsock(td, fd, &fp, &so);
	if (error != 0)
		return (error);
	if (peer && (so->so_state & (SS_ISCONNECTED | SS_ISCONFIRMING)) == 0) {
		error = ENOTCONN;
		goto done;
	}
	error = peer ? so_pru_peeraddr(so, &sa) : so_pru_sockaddr(so, &sa);
	if (error == 0)
		error = copyout_sockaddr(sa, uaddr, ualen);
	if (sa != NULL)
		kfree(sa, M_SONAME);
done:
	fdrop(fp);
	return (error);
}

int
sys_getsockname(struct sysmsg *sysmsg, const struct getsockname_args *uap)
{
	return (kern_getname(uap->fdes, uap->asa, uap->alen, false));
}

int
sys_getpeername(struct sysmsg *sysmsg, const struct getpeername_args *uap)
{
	return (kern_getname(uap->fdes, uap->asa, uap->alen, true));
}
