/*
 * The generic I/O system calls: read, write, readv, writev, pread,
 * pwrite, preadv, pwritev, ioctl, poll, ppoll, select and pselect.  They
 * check their arguments, build a struct uio and hand it to the file's
 * fileops; uiomove() moves the bytes.  Readiness waiting for poll and
 * select uses one wait channel (sel_gen): an object that becomes ready
 * calls selwakeup(), which bumps the generation, wakes every poller and
 * fires the kqueue knotes on the object's selinfo; each poller then
 * rescans its own descriptors.  Spurious wakeups cost a rescan, and no
 * wakeup can be lost because the generation is checked under sel_spin
 * before sleeping on it (ssleep releases the spinlock atomically).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/signal.h>
#include <sys/spinlock.h>
#include <sys/time.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/ioccom.h>
#include <sys/uio.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_IOV, "iov", "large iovecs");
MALLOC_DEFINE(M_IOCTLOPS, "ioctlops", "ioctl data buffers");
MALLOC_DEFINE(M_SELECT, "select", "poll and select arrays");

#define SSIZE_MAX_K	((ssize_t)(~(size_t)0 >> 1))

/* ---- uio ---------------------------------------------------------------- */

int
uiomove(void *cp, size_t n, struct uio *uio)
{
	struct iovec *iov;
	size_t cnt;
	int error = 0;

	while (n > 0 && uio->uio_resid > 0) {
		if (uio->uio_iovcnt <= 0)
			break;
		iov = uio->uio_iov;
		cnt = iov->iov_len;
		if (cnt == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (cnt > n)
			cnt = n;
		switch (uio->uio_segflg) {
		case UIO_USERSPACE:
			if (uio->uio_rw == UIO_READ)
				error = copyout(cp, iov->iov_base, cnt);
			else
				error = copyin(iov->iov_base, cp, cnt);
			break;
		case UIO_SYSSPACE:
			if (uio->uio_rw == UIO_READ)
				memmove(iov->iov_base, cp, cnt);
			else
				memmove(cp, iov->iov_base, cnt);
			break;
		case UIO_NOCOPY:
			break;
		}
		if (error != 0)
			return (error);
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += cnt;
		cp = (char *)cp + cnt;
		n -= cnt;
	}
	return (0);
}

/*
 * Copy in a user iovec array of cnt entries.  Small arrays use siov
 * (UIO_SMALLIOV entries); *totalp gets the summed length, which must
 * not overflow ssize_t.
 */
#define UIO_SMALLIOV	8
int
iovec_copyin(const struct iovec *uiov, struct iovec **kiovp,
    struct iovec *siov, int cnt, size_t *totalp)
{
	struct iovec *iov;
	size_t total = 0;
	int error, i;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return (EINVAL);
	if (cnt > UIO_SMALLIOV)
		iov = kmalloc(cnt * sizeof(*iov), M_IOV, M_WAITOK);
	else
		iov = siov;
	error = copyin(uiov, iov, cnt * sizeof(*iov));
	if (error != 0)
		goto bad;
	for (i = 0; i < cnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX_K - total) {
			error = EINVAL;
			goto bad;
		}
		total += iov[i].iov_len;
	}
	*kiovp = iov;
	*totalp = total;
	return (0);
bad:
	if (iov != siov)
		kfree(iov, M_IOV);
	return (error);
}

void
iovec_free(struct iovec **kiovp, struct iovec *siov)
{
	if (*kiovp != NULL && *kiovp != siov)
		kfree(*kiovp, M_IOV);
	*kiovp = NULL;
}

/* ---- read and write ------------------------------------------------------ */

static int
dofileread(int fd, struct uio *auio, int flags, ssize_t *res)
{
	struct thread *td = curthread;
	struct file *fp;
	ssize_t cnt;
	int error;

	error = holdfp(td, fd, FREAD, &fp);
	if (error != 0)
		return (error);
	if ((flags & FOF_OFFSET) && fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (ESPIPE);
	}
	if ((flags & FOF_OFFSET) && auio->uio_offset < 0) {
		fdrop(fp);
		return (EINVAL);
	}
	auio->uio_rw = UIO_READ;
	auio->uio_segflg = UIO_USERSPACE;
	auio->uio_td = td;
	cnt = auio->uio_resid;
	error = fo_read(fp, auio, fp->f_cred, flags);
	if (error != 0 && auio->uio_resid != cnt &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;
	*res = cnt - auio->uio_resid;
	fdrop(fp);
	return (error);
}

static int
dofilewrite(int fd, struct uio *auio, int flags, ssize_t *res)
{
	struct thread *td = curthread;
	struct file *fp;
	ssize_t cnt;
	int error;

	error = holdfp(td, fd, FWRITE, &fp);
	if (error != 0)
		return (error);
	if ((flags & FOF_OFFSET) && fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (ESPIPE);
	}
	if ((flags & FOF_OFFSET) && auio->uio_offset < 0) {
		fdrop(fp);
		return (EINVAL);
	}
	auio->uio_rw = UIO_WRITE;
	auio->uio_segflg = UIO_USERSPACE;
	auio->uio_td = td;
	cnt = auio->uio_resid;
	error = fo_write(fp, auio, fp->f_cred, flags);
	if (error != 0 && auio->uio_resid != cnt &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;
	/* Sockets send their own SIGPIPE (they know about MSG_NOSIGNAL). */
	if (error == EPIPE && fp->f_type != DTYPE_SOCKET)
		ksignal(td->td_proc, SIGPIPE);
	*res = cnt - auio->uio_resid;
	fdrop(fp);
	return (error);
}

static int
kern_rw1(int fd, void *buf, size_t nbyte, off_t offset, int flags,
    bool write, ssize_t *res)
{
	struct uio auio;
	struct iovec aiov;

	if (nbyte > (size_t)SSIZE_MAX_K)
		return (EINVAL);
	aiov.iov_base = buf;
	aiov.iov_len = nbyte;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = offset;
	auio.uio_resid = nbyte;
	return (write ? dofilewrite(fd, &auio, flags, res) :
	    dofileread(fd, &auio, flags, res));
}

static int
kern_rwv(int fd, const struct iovec *uiov, u_int iovcnt, off_t offset,
    int flags, bool write, ssize_t *res)
{
	struct iovec siov[UIO_SMALLIOV], *iov = NULL;
	struct uio auio;
	size_t total;
	int error;

	if (iovcnt > UIO_MAXIOV)
		return (EINVAL);
	error = iovec_copyin(uiov, &iov, siov, (int)iovcnt, &total);
	if (error != 0)
		return (error);
	auio.uio_iov = iov;
	auio.uio_iovcnt = iovcnt;
	auio.uio_offset = offset;
	auio.uio_resid = total;
	error = write ? dofilewrite(fd, &auio, flags, res) :
	    dofileread(fd, &auio, flags, res);
	iovec_free(&iov, siov);
	return (error);
}

int
sys_read(struct sysmsg *sysmsg, const struct read_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rw1(uap->fd, uap->buf, uap->nbyte, -1, 0, false, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_write(struct sysmsg *sysmsg, const struct write_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rw1(uap->fd, (void *)(uintptr_t)uap->buf, uap->nbyte, -1,
	    0, true, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_pread(struct sysmsg *sysmsg, const struct pread_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rw1(uap->fd, uap->buf, uap->nbyte, uap->offset,
	    FOF_OFFSET, false, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_pwrite(struct sysmsg *sysmsg, const struct pwrite_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rw1(uap->fd, (void *)(uintptr_t)uap->buf, uap->nbyte,
	    uap->offset, FOF_OFFSET, true, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_readv(struct sysmsg *sysmsg, const struct readv_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rwv(uap->fd, uap->iovp, uap->iovcnt, -1, 0, false, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_writev(struct sysmsg *sysmsg, const struct writev_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rwv(uap->fd, uap->iovp, uap->iovcnt, -1, 0, true, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_preadv(struct sysmsg *sysmsg, const struct preadv_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rwv(uap->fd, uap->iovp, uap->iovcnt, uap->offset,
	    FOF_OFFSET, false, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

int
sys_pwritev(struct sysmsg *sysmsg, const struct pwritev_args *uap)
{
	ssize_t res = 0;
	int error;

	error = kern_rwv(uap->fd, uap->iovp, uap->iovcnt, uap->offset,
	    FOF_OFFSET, true, &res);
	sysmsg->sysmsg_szresult = res;
	return (error);
}

/* ---- ioctl ---------------------------------------------------------------- */

int
sys_ioctl(struct sysmsg *sysmsg, const struct ioctl_args *uap)
{
	struct thread *td = curthread;
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp;
	u_long com = uap->com;
	size_t size;
	char smalldata[128];
	caddr_t data, memp = NULL;
	int error, tmp, fd = uap->fd;
	u_int oflag, nflag;

	error = holdfp(td, fd, 0, &fp);
	if (error != 0)
		return (error);
	if ((fp->f_flag & (FREAD | FWRITE)) == 0) {
		fdrop(fp);
		return (EBADF);
	}
	switch (com) {
	case FIONCLEX:
	case FIOCLEX:
		spin_lock(&fdp->fd_spin);
		if (fd < fdp->fd_nfiles && fdp->fd_files[fd].fp == fp) {
			if (com == FIOCLEX)
				fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
			else
				fdp->fd_files[fd].fileflags &= ~UF_EXCLOSE;
		}
		spin_unlock(&fdp->fd_spin);
		fdrop(fp);
		return (0);
	}

	size = IOCPARM_LEN(com);
	if ((com & IOC_DIRMASK) == 0 ||
	    ((com & IOC_VOID) && size > 0 && size != sizeof(int)) ||
	    size > IOCPARM_MAX) {
		fdrop(fp);
		return (ENOTTY);
	}
	if (size > sizeof(smalldata)) {
		memp = kmalloc(size, M_IOCTLOPS, M_WAITOK | M_ZERO);
		data = memp;
	} else {
		data = smalldata;
		memset(smalldata, 0, sizeof(smalldata));
	}
	if ((com & IOC_IN) && size > 0) {
		error = copyin(uap->data, data, size);
		if (error != 0)
			goto out;
	} else if ((com & IOC_VOID) && size == sizeof(int)) {
		/* _IOWINT: the argument is the value itself. */
		*(int *)data = (int)(intptr_t)uap->data;
	}

	switch (com) {
	case FIONBIO:
	case FIOASYNC:
		tmp = *(int *)data;
		nflag = com == FIONBIO ? FNONBLOCK : FASYNC;
		do {
			oflag = fp->f_flag;
		} while (!__atomic_compare_exchange_n(&fp->f_flag, &oflag,
		    tmp ? (oflag | nflag) : (oflag & ~nflag), 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
		error = fo_ioctl(fp, com, data, fp->f_cred);
		if (error == ENOTTY || error == EOPNOTSUPP)
			error = 0;
		break;
	default:
		error = fo_ioctl(fp, com, data, fp->f_cred);
		break;
	}
	if (error == 0 && (com & IOC_OUT) && size > 0)
		error = copyout(data, uap->data, size);
out:
	if (memp != NULL)
		kfree(memp, M_IOCTLOPS);
	fdrop(fp);
	sysmsg->sysmsg_result = 0;
	return (error);
}

/* ---- Readiness ------------------------------------------------------------ */

static struct spinlock sel_spin = SPINLOCK_INITIALIZER("select");
static uint64_t sel_gen;		/* bumped by every selwakeup */

void
selrecord(struct selinfo *sip)
{
	/* Pollers sleep on the common channel; nothing to record. */
}

void
seltrue_wakeup(void)
{
	spin_lock(&sel_spin);
	sel_gen++;
	spin_unlock(&sel_spin);
	wakeup(&sel_gen);
}

void
selwakeup(struct selinfo *sip)
{
	if (sip != NULL)
		KNOTE(&sip->si_note, 0);
	seltrue_wakeup();
}

/*
 * Convert a relative timeout to a deadline in uptime nanoseconds.
 * Returns 0 for "no timeout" (wait forever).  The deadline is kept by
 * the uptime clock, not by ticks: an emulator can deliver missed timer
 * interrupts back to back, so ticks may run ahead and a tick-counted
 * wait could end early.
 */
static uint64_t
timeout_deadline(const struct timespec *ts)
{
	if (ts == NULL)
		return (0);
	if (ts->tv_sec > 1000000000)
		return (0);		/* 30 years: forever */
	return (uptime_ns() + (uint64_t)ts->tv_sec * 1000000000ULL +
	    (uint64_t)ts->tv_nsec);
}

/*
 * Wait for a selwakeup after generation gen, or the deadline.  Returns
 * 0 (rescan), EWOULDBLOCK (deadline passed) or EINTR.
 */
static int
sel_wait(uint64_t gen, uint64_t deadline)
{
	uint64_t now;
	int error, timo = 0;

	spin_lock(&sel_spin);
	if (sel_gen != gen) {
		spin_unlock(&sel_spin);
		return (0);
	}
	if (deadline != 0) {
		now = uptime_ns();
		if (now >= deadline) {
			spin_unlock(&sel_spin);
			return (EWOULDBLOCK);
		}
		timo = nstohz(deadline - now);
	}
	error = ssleep(&sel_gen, &sel_spin, PCATCH, "select", timo);
	spin_unlock(&sel_spin);
	if (error == ERESTART)
		error = EINTR;
	if (error == EWOULDBLOCK)
		error = 0;		/* the next pass sees the deadline */
	return (error);
}

static uint64_t
sel_current(void)
{
	uint64_t gen;

	spin_lock(&sel_spin);
	gen = sel_gen;
	spin_unlock(&sel_spin);
	return (gen);
}

/* One pass over the pollfd array: revents filled, count returned. */
static int
poll_scan(struct pollfd *fds, u_int nfds)
{
	struct thread *td = curthread;
	struct file *fp;
	u_int i;
	int n = 0;

	for (i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (holdfp(td, fds[i].fd, 0, &fp) != 0) {
			fds[i].revents = POLLNVAL;
			n++;
			continue;
		}
		fds[i].revents = fo_poll(fp, fds[i].events | POLLERR | POLLHUP,
		    fp->f_cred) & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
		fdrop(fp);
		if (fds[i].revents != 0)
			n++;
	}
	return (n);
}

static int
kern_poll(struct pollfd *ufds, u_int nfds, const struct timespec *ts,
    int *res)
{
	struct pollfd sfds[16], *fds;
	uint64_t deadline, gen;
	int error, n;

	if (nfds > (u_int)curproc->p_fd->fd_lim && nfds > 1024)
		return (EINVAL);
	fds = nfds <= nitems(sfds) ? sfds :
	    kmalloc(nfds * sizeof(*fds), M_SELECT, M_WAITOK);
	error = copyin(ufds, fds, nfds * sizeof(*fds));
	if (error != 0)
		goto out;
	deadline = timeout_deadline(ts);
	for (;;) {
		gen = sel_current();
		n = poll_scan(fds, nfds);
		if (n > 0 || (ts != NULL && ts->tv_sec == 0 &&
		    ts->tv_nsec == 0))
			break;
		error = sel_wait(gen, deadline);
		if (error == EWOULDBLOCK) {
			error = 0;
			n = 0;
			break;
		}
		if (error != 0)
			break;
	}
	if (error == 0) {
		error = copyout(fds, ufds, nfds * sizeof(*fds));
		*res = n;
	}
out:
	if (fds != sfds)
		kfree(fds, M_SELECT);
	return (error);
}

int
sys_poll(struct sysmsg *sysmsg, const struct poll_args *uap)
{
	struct timespec ts, *tsp = NULL;
	int res = 0, error;

	if (uap->timeout != INFTIM) {
		if (uap->timeout < 0)
			return (EINVAL);
		ts.tv_sec = uap->timeout / 1000;
		ts.tv_nsec = (uap->timeout % 1000) * 1000000;
		tsp = &ts;
	}
	error = kern_poll(uap->fds, uap->nfds, tsp, &res);
	sysmsg->sysmsg_result = res;
	return (error);
}

static int
copyin_timespec(const struct timespec *uts, struct timespec *ts)
{
	int error;

	error = copyin(uts, ts, sizeof(*ts));
	if (error != 0)
		return (error);
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return (EINVAL);
	return (0);
}

/*
 * Run fn with the signal mask set to *umask (ppoll, pselect).  On the way
 * out the old mask comes back; if a signal interrupted the call, the
 * restore is left to the return to user mode (LWP_OLDMASK, as for
 * sigsuspend) so that the handler runs under the temporary mask.
 */
static int
with_sigmask(const sigset_t *umask, int (*fn)(void *), void *arg)
{
	struct lwp *lp = curthread->td_lwp;
	sigset_t mask;
	int error;

	if (umask == NULL || lp == NULL)
		return (fn(arg));
	error = copyin(umask, &mask, sizeof(mask));
	if (error != 0)
		return (error);
	SIGDELSET(mask, SIGKILL);
	SIGDELSET(mask, SIGSTOP);
	lp->lwp_oldsigmask = lp->lwp_sigmask;
	lp->lwp_sigmask = mask;
	error = fn(arg);
	if (error == EINTR) {
		lp->lwp_flags |= LWP_OLDMASK;
	} else {
		lp->lwp_sigmask = lp->lwp_oldsigmask;
	}
	return (error);
}

struct ppoll_call {
	struct pollfd	*fds;
	u_int		nfds;
	struct timespec	*ts;
	int		res;
};

static int
ppoll_fn(void *arg)
{
	struct ppoll_call *c = arg;

	return (kern_poll(c->fds, c->nfds, c->ts, &c->res));
}

int
sys_ppoll(struct sysmsg *sysmsg, const struct ppoll_args *uap)
{
	struct timespec ts;
	struct ppoll_call c;
	int error;

	c.fds = uap->fds;
	c.nfds = uap->nfds;
	c.ts = NULL;
	c.res = 0;
	if (uap->ts != NULL) {
		error = copyin_timespec(uap->ts, &ts);
		if (error != 0)
			return (error);
		c.ts = &ts;
	}
	error = with_sigmask(uap->set, ppoll_fn, &c);
	sysmsg->sysmsg_result = c.res;
	return (error);
}

/*
 * select: three bit sets of nd descriptors.  Each pass polls every set
 * bit; the result sets are built afresh and copied out at the end.
 */
struct select_call {
	int		nd;
	fd_mask		*in[3];		/* user pointers (may be NULL) */
	struct timespec	*ts;
	int		res;
};

static int
select_fn(void *arg)
{
	static const int selflags[3] = {
		POLLRDNORM | POLLHUP | POLLERR | POLLIN,
		POLLWRNORM | POLLHUP | POLLERR | POLLOUT,
		POLLRDBAND | POLLPRI,
	};
	struct select_call *c = arg;
	struct thread *td = curthread;
	struct file *fp;
	size_t nbytes;
	fd_mask *ibits[3], *obits[3], *mem;
	uint64_t deadline, gen;
	int error = 0, n, i, fd, ev;

	nbytes = howmany(c->nd, NFDBITS) * sizeof(fd_mask);
	mem = kmalloc(nbytes * 6 + 1, M_SELECT, M_WAITOK | M_ZERO);
	for (i = 0; i < 3; i++) {
		ibits[i] = (fd_mask *)((char *)mem + nbytes * i);
		obits[i] = (fd_mask *)((char *)mem + nbytes * (3 + i));
		if (c->in[i] != NULL && nbytes > 0) {
			error = copyin(c->in[i], ibits[i], nbytes);
			if (error != 0)
				goto out;
		}
	}
	deadline = timeout_deadline(c->ts);
	for (;;) {
		gen = sel_current();
		n = 0;
		memset(obits[0], 0, nbytes * 3);
		for (i = 0; i < 3 && error == 0; i++) {
			for (fd = 0; fd < c->nd; fd++) {
				if ((ibits[i][fd / NFDBITS] &
				    ((fd_mask)1 << (fd % NFDBITS))) == 0)
					continue;
				if (holdfp(td, fd, 0, &fp) != 0) {
					error = EBADF;
					break;
				}
				ev = fo_poll(fp, selflags[i], fp->f_cred);
				fdrop(fp);
				if (ev & selflags[i]) {
					obits[i][fd / NFDBITS] |=
					    (fd_mask)1 << (fd % NFDBITS);
					n++;
				}
			}
		}
		if (error != 0 || n > 0 ||
		    (c->ts != NULL && c->ts->tv_sec == 0 &&
		    c->ts->tv_nsec == 0))
			break;
		error = sel_wait(gen, deadline);
		if (error == EWOULDBLOCK) {
			error = 0;
			break;
		}
		if (error != 0)
			break;
	}
	if (error == 0) {
		for (i = 0; i < 3 && error == 0; i++) {
			if (c->in[i] != NULL && nbytes > 0)
				error = copyout(obits[i], c->in[i], nbytes);
		}
		c->res = n;
	}
out:
	kfree(mem, M_SELECT);
	return (error);
}

static int
select_setup(struct select_call *c, int nd, void *in, void *ou, void *ex)
{
	if (nd < 0)
		return (EINVAL);
	if (nd > curproc->p_fd->fd_lim)
		nd = curproc->p_fd->fd_lim;
	if (nd > FD_SETSIZE * 64)
		nd = FD_SETSIZE * 64;
	c->nd = nd;
	c->in[0] = in;
	c->in[1] = ou;
	c->in[2] = ex;
	c->ts = NULL;
	c->res = 0;
	return (0);
}

int
sys_select(struct sysmsg *sysmsg, const struct select_args *uap)
{
	struct select_call c;
	struct timeval tv;
	struct timespec ts;
	int error;

	error = select_setup(&c, uap->nd, uap->in, uap->ou, uap->ex);
	if (error != 0)
		return (error);
	if (uap->tv != NULL) {
		error = copyin(uap->tv, &tv, sizeof(tv));
		if (error != 0)
			return (error);
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return (EINVAL);
		ts.tv_sec = tv.tv_sec;
		ts.tv_nsec = tv.tv_usec * 1000;
		c.ts = &ts;
	}
	error = select_fn(&c);
	sysmsg->sysmsg_result = c.res;
	return (error);
}

int
sys_pselect(struct sysmsg *sysmsg, const struct pselect_args *uap)
{
	struct select_call c;
	struct timespec ts;
	int error;

	error = select_setup(&c, uap->nd, uap->in, uap->ou, uap->ex);
	if (error != 0)
		return (error);
	if (uap->ts != NULL) {
		error = copyin_timespec(uap->ts, &ts);
		if (error != 0)
			return (error);
		c.ts = &ts;
	}
	error = with_sigmask(uap->sm, select_fn, &c);
	sysmsg->sysmsg_result = c.res;
	return (error);
}
