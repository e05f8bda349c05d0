/*
 * Pipes: pipe2(2) and the fileops of DTYPE_PIPE files (pipe_read,
 * pipe_write, pipe_ioctl, pipe_poll, pipe_kqfilter, pipe_stat,
 * pipe_close), built on one-way ring buffers (struct pipebuf,
 * <sys/pipe.h>) that fifofs shares.  A pipe is full duplex: the file's
 * f_data is the struct pipe with the end number (0 or 1) in the low bit.
 *
 * Reading and writing: the reader (under pb_rlock) takes what is there,
 * sleeping while the buffer is empty; the writer (under pb_wlock) copies
 * in as much as fits, sleeping while it is full.  A write of PIPE_BUF
 * bytes or fewer waits until it fits whole, so it is never interleaved
 * with another.  Writing with no reader left is EPIPE (the caller posts
 * SIGPIPE); reading with no writer left and nothing buffered is EOF.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/uio.h>
#include <sys/pipe.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_PIPE, "pipe", "pipe structures and buffers");

static int pipe_count;			/* pipes allocated (atomic) */
SYSCTL_INT(_kern_ipc, OID_AUTO, pipes, CTLFLAG_RD, &pipe_count, 0,
    "Pipes in use");

/* ---- pipebuf -------------------------------------------------------------- */

int
pipebuf_init(struct pipebuf *pb)
{
	memset(pb, 0, sizeof(*pb));
	spin_init(&pb->pb_spin, "pipebuf");
	vlock_init(&pb->pb_rlock, "piperd");
	vlock_init(&pb->pb_wlock, "pipewr");
	pb->pb_buffer = kmalloc(PIPE_SIZE, M_PIPE, M_WAITOK);
	pb->pb_size = PIPE_SIZE;
	LIST_INIT(&pb->pb_sel.si_note);
	return (0);
}

void
pipebuf_destroy(struct pipebuf *pb)
{
	if (pb->pb_buffer != NULL)
		kfree(pb->pb_buffer, M_PIPE);
	pb->pb_buffer = NULL;
}

size_t
pipebuf_count(struct pipebuf *pb)
{
	size_t n;

	spin_lock(&pb->pb_spin);
	n = pb->pb_windex - pb->pb_rindex;
	spin_unlock(&pb->pb_spin);
	return (n);
}

void
pipebuf_setstate(struct pipebuf *pb, int set, int clear)
{
	spin_lock(&pb->pb_spin);
	pb->pb_state = (pb->pb_state | set) & ~clear;
	spin_unlock(&pb->pb_spin);
	wakeup(pb);
	selwakeup(&pb->pb_sel);
}

int
pipebuf_read(struct pipebuf *pb, struct uio *uio, bool nonblock)
{
	size_t avail, off, n;
	int error = 0;
	ssize_t start = uio->uio_resid;

	vlock_acquire(&pb->pb_rlock);
	while (uio->uio_resid > 0) {
		spin_lock(&pb->pb_spin);
		avail = pb->pb_windex - pb->pb_rindex;
		if (avail == 0) {
			/* Something read already, or end of file: return. */
			if (uio->uio_resid != start ||
			    (pb->pb_state & PIPE_REOF)) {
				spin_unlock(&pb->pb_spin);
				break;
			}
			if (nonblock) {
				spin_unlock(&pb->pb_spin);
				error = EAGAIN;
				break;
			}
			error = ssleep(pb, &pb->pb_spin, PCATCH, "piperd", 0);
			spin_unlock(&pb->pb_spin);
			if (error != 0)
				break;
			continue;
		}
		off = pb->pb_rindex % pb->pb_size;
		spin_unlock(&pb->pb_spin);
		/* Only we move rindex, only the writer windex: the bytes in
		   [rindex, windex) stay put while we copy them. */
		n = MIN(avail, pb->pb_size - off);
		n = MIN(n, (size_t)uio->uio_resid);
		error = uiomove(pb->pb_buffer + off, n, uio);
		if (error != 0)
			break;
		spin_lock(&pb->pb_spin);
		pb->pb_rindex += n;
		spin_unlock(&pb->pb_spin);
		wakeup(pb);
		selwakeup(&pb->pb_sel);
	}
	vlock_release(&pb->pb_rlock);
	return (error);
}

int
pipebuf_write(struct pipebuf *pb, struct uio *uio, bool nonblock)
{
	size_t space, off, n, want;
	bool atomic = uio->uio_resid <= PIPE_BUF;
	ssize_t start = uio->uio_resid;
	int error = 0;

	vlock_acquire(&pb->pb_wlock);
	while (uio->uio_resid > 0) {
		spin_lock(&pb->pb_spin);
		if (pb->pb_state & PIPE_WEOF) {
			spin_unlock(&pb->pb_spin);
			error = EPIPE;
			break;
		}
		space = pb->pb_size - (pb->pb_windex - pb->pb_rindex);
		want = atomic ? (size_t)uio->uio_resid : 1;
		if (space < want) {
			if (nonblock) {
				spin_unlock(&pb->pb_spin);
				error = EAGAIN;
				break;
			}
			error = ssleep(pb, &pb->pb_spin, PCATCH, "pipewr", 0);
			spin_unlock(&pb->pb_spin);
			if (error != 0)
				break;
			continue;
		}
		off = pb->pb_windex % pb->pb_size;
		spin_unlock(&pb->pb_spin);
		n = MIN(space, pb->pb_size - off);
		n = MIN(n, (size_t)uio->uio_resid);
		error = uiomove(pb->pb_buffer + off, n, uio);
		if (error != 0)
			break;
		spin_lock(&pb->pb_spin);
		pb->pb_windex += n;
		spin_unlock(&pb->pb_spin);
		wakeup(pb);
		selwakeup(&pb->pb_sel);
	}
	vlock_release(&pb->pb_wlock);
	/* A partial non-blocking write reports what it wrote. */
	if (error == EAGAIN && uio->uio_resid != start)
		error = 0;
	return (error);
}

int
pipebuf_poll_read(struct pipebuf *pb, int events)
{
	int revents = 0;

	spin_lock(&pb->pb_spin);
	if (pb->pb_windex != pb->pb_rindex)
		revents |= events & (POLLIN | POLLRDNORM);
	if (pb->pb_state & PIPE_REOF)
		revents |= POLLHUP | (events & (POLLIN | POLLRDNORM));
	spin_unlock(&pb->pb_spin);
	return (revents);
}

int
pipebuf_poll_write(struct pipebuf *pb, int events)
{
	int revents = 0;

	spin_lock(&pb->pb_spin);
	if (pb->pb_state & PIPE_WEOF)
		revents |= POLLHUP;
	else if (pb->pb_size - (pb->pb_windex - pb->pb_rindex) >= PIPE_BUF)
		revents |= events & (POLLOUT | POLLWRNORM);
	spin_unlock(&pb->pb_spin);
	return (revents);
}

static void
filt_pipedetach(struct knote *kn)
{
	struct pipebuf *pb = kn->kn_hook;

	knote_remove(&pb->pb_sel.si_note, kn);
}

/* Called with knote_spin held: peek without pb_spin (a torn read of a
   64-bit index cannot happen on our 64-bit ports). */
static int
filt_piperead(struct knote *kn, long hint)
{
	struct pipebuf *pb = kn->kn_hook;

	kn->kn_data = pb->pb_windex - pb->pb_rindex;
	if (pb->pb_state & PIPE_REOF) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	kn->kn_flags &= ~EV_EOF;
	return (kn->kn_data > 0);
}

static int
filt_pipewrite(struct knote *kn, long hint)
{
	struct pipebuf *pb = kn->kn_hook;

	if (pb->pb_state & PIPE_WEOF) {
		kn->kn_data = 0;
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	kn->kn_data = pb->pb_size - (pb->pb_windex - pb->pb_rindex);
	return (kn->kn_data >= PIPE_BUF);
}

static int
filt_pipeattach(struct knote *kn)
{
	return (0);
}

static const struct filterops pipe_rfiltops = {
	1, filt_pipeattach, filt_pipedetach, filt_piperead
};
static const struct filterops pipe_wfiltops = {
	1, filt_pipeattach, filt_pipedetach, filt_pipewrite
};

int
pipebuf_kqfilter(struct pipebuf *pb, struct knote *kn, bool write)
{
	kn->kn_fop = write ? &pipe_wfiltops : &pipe_rfiltops;
	kn->kn_hook = pb;
	knote_insert(&pb->pb_sel.si_note, kn);
	return (0);
}

/* ---- Pipe files -------------------------------------------------------------- */

static int	pipe_read(struct file *fp, struct uio *uio, struct ucred *cred,
		    int flags);
static int	pipe_write(struct file *fp, struct uio *uio,
		    struct ucred *cred, int flags);
static int	pipe_ioctl(struct file *fp, u_long cmd, caddr_t data,
		    struct ucred *cred);
static int	pipe_poll(struct file *fp, int events, struct ucred *cred);
static int	pipe_kqfilter(struct file *fp, struct knote *kn);
static int	pipe_stat(struct file *fp, struct stat *sb,
		    struct ucred *cred);
static int	pipe_close(struct file *fp);

static struct fileops pipeops = {
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_ioctl = pipe_ioctl,
	.fo_poll = pipe_poll,
	.fo_kqfilter = pipe_kqfilter,
	.fo_stat = pipe_stat,
	.fo_close = pipe_close,
};

#define PIPE_OF(fp)	((struct pipe *)((uintptr_t)(fp)->f_data & ~(uintptr_t)1))
#define PIPE_END(fp)	((int)((uintptr_t)(fp)->f_data & 1))

/* End 0 reads A and writes B; end 1 reads B and writes A. */
static struct pipebuf *
pipe_rbuf(struct file *fp)
{
	struct pipe *pp = PIPE_OF(fp);

	return (PIPE_END(fp) == 0 ? &pp->bufferA : &pp->bufferB);
}

static struct pipebuf *
pipe_wbuf(struct file *fp)
{
	struct pipe *pp = PIPE_OF(fp);

	return (PIPE_END(fp) == 0 ? &pp->bufferB : &pp->bufferA);
}

static int
pipe_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (pipebuf_read(pipe_rbuf(fp), uio,
	    (fp->f_flag & FNONBLOCK) != 0));
}

static int
pipe_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (pipebuf_write(pipe_wbuf(fp), uio,
	    (fp->f_flag & FNONBLOCK) != 0));
}

static int
pipe_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct pipebuf *wpb;

	switch (cmd) {
	case FIONREAD:
		*(int *)data = (int)pipebuf_count(pipe_rbuf(fp));
		return (0);
	case FIONWRITE:
		*(int *)data = (int)pipebuf_count(pipe_wbuf(fp));
		return (0);
	case FIONSPACE:
		wpb = pipe_wbuf(fp);
		*(int *)data = (int)(wpb->pb_size - pipebuf_count(wpb));
		return (0);
	case FIONBIO:
	case FIOASYNC:
		return (0);		/* f_flag already says it */
	default:
		return (ENOTTY);
	}
}

static int
pipe_poll(struct file *fp, int events, struct ucred *cred)
{
	int revents = 0;

	if (events & (POLLIN | POLLRDNORM | POLLHUP))
		revents |= pipebuf_poll_read(pipe_rbuf(fp), events);
	if (events & (POLLOUT | POLLWRNORM))
		revents |= pipebuf_poll_write(pipe_wbuf(fp), events);
	return (revents);
}

static int
pipe_kqfilter(struct file *fp, struct knote *kn)
{
	switch (kn->kn_filter) {
	case EVFILT_READ:
		return (pipebuf_kqfilter(pipe_rbuf(fp), kn, false));
	case EVFILT_WRITE:
		return (pipebuf_kqfilter(pipe_wbuf(fp), kn, true));
	default:
		return (EOPNOTSUPP);
	}
}

static int
pipe_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFIFO | S_IRUSR | S_IWUSR;
	sb->st_blksize = PIPE_SIZE;
	sb->st_size = pipebuf_count(pipe_rbuf(fp));
	sb->st_ino = (uint64_t)(uintptr_t)PIPE_OF(fp) >> 4;
	sb->st_nlink = 1;
	if (cred != NULL) {
		sb->st_uid = cred->cr_uid;
		sb->st_gid = cred->cr_groups[0];
	}
	return (0);
}

static int
pipe_close(struct file *fp)
{
	struct pipe *pp = PIPE_OF(fp);

	/* Our readers' peer sees EPIPE, our writers' peer sees EOF. */
	pipebuf_setstate(pipe_rbuf(fp), PIPE_WEOF, 0);
	pipebuf_setstate(pipe_wbuf(fp), PIPE_REOF, 0);
	if (__atomic_fetch_sub(&pp->pipe_open, 1, __ATOMIC_ACQ_REL) == 1) {
		pipebuf_destroy(&pp->bufferA);
		pipebuf_destroy(&pp->bufferB);
		kfree(pp, M_PIPE);
		__atomic_fetch_sub(&pipe_count, 1, __ATOMIC_RELAXED);
	}
	return (0);
}

/* Make a pipe with two installed descriptors. */
int
kern_pipe(int *fds, int flags)
{
	struct thread *td = curthread;
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *rf, *wf;
	struct pipe *pp;
	int fd0, fd1, error;
	u_int fflags;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return (EINVAL);
	pp = kmalloc(sizeof(*pp), M_PIPE, M_WAITOK | M_ZERO);
	pipebuf_init(&pp->bufferA);
	pipebuf_init(&pp->bufferB);
	pp->pipe_open = 2;
	__atomic_fetch_add(&pipe_count, 1, __ATOMIC_RELAXED);
	fflags = FREAD | FWRITE | ((flags & O_NONBLOCK) ? FNONBLOCK : 0);

	error = falloc(td, &rf, &fd0);
	if (error != 0)
		goto bad;
	finit(rf, fflags, DTYPE_PIPE, (void *)pp, &pipeops);
	error = falloc(td, &wf, &fd1);
	if (error != 0) {
		kern_close(td->td_proc, fd0);
		fdrop(rf);		/* closes end 0 */
		/* End 1 never opened: close it by hand. */
		pipebuf_setstate(&pp->bufferB, PIPE_WEOF, 0);
		if (__atomic_fetch_sub(&pp->pipe_open, 1,
		    __ATOMIC_ACQ_REL) == 1) {
			pipebuf_destroy(&pp->bufferA);
			pipebuf_destroy(&pp->bufferB);
			kfree(pp, M_PIPE);
			__atomic_fetch_sub(&pipe_count, 1, __ATOMIC_RELAXED);
		}
		return (error);
	}
	finit(wf, fflags, DTYPE_PIPE, (void *)((uintptr_t)pp | 1), &pipeops);
	if (flags & O_CLOEXEC) {
		spin_lock(&fdp->fd_spin);
		fdp->fd_files[fd0].fileflags |= UF_EXCLOSE;
		fdp->fd_files[fd1].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
	}
	fdrop(rf);
	fdrop(wf);
	fds[0] = fd0;
	fds[1] = fd1;
	return (0);
bad:
	pipebuf_destroy(&pp->bufferA);
	pipebuf_destroy(&pp->bufferB);
	kfree(pp, M_PIPE);
	__atomic_fetch_sub(&pipe_count, 1, __ATOMIC_RELAXED);
	return (error);
}

int
sys_pipe2(struct sysmsg *sysmsg, const struct pipe2_args *uap)
{
	int fds[2], error;

	error = kern_pipe(fds, uap->flags);
	if (error != 0)
		return (error);
	error = copyout(fds, uap->fildes, sizeof(fds));
	if (error != 0) {
		kern_close(curproc, fds[0]);
		kern_close(curproc, fds[1]);
	}
	return (error);
}
