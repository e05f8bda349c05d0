/*
 * FIFO semantics on top of a pipebuf.  Opening for reading waits for a
 * writer and opening for writing waits for a reader, unless O_NONBLOCK
 * (then a reader opens at once and a writer fails with ENXIO).  When the
 * last writer closes, readers see end of file; when the last reader
 * closes, writers get EPIPE.  fifo_spin protects the open counts and the
 * v_fifo pointer of every FIFO; waiting is on the fifoinfo.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filio.h>
#include <sys/event.h>
#include <sys/poll.h>
#include <sys/pipe.h>
#include <sys/vnode.h>
#include <fs/fifofs/fifo.h>

MALLOC_DEFINE(M_FIFOINFO, "fifoinfo", "FIFO state");

struct fifoinfo {
	struct pipebuf	fi_pb;
	int		fi_readers;	/* fifo_spin */
	int		fi_writers;	/* fifo_spin */
	int		fi_opens;	/* fifo_spin: opens in progress+done */
	uint64_t	fi_wgen;	/* writer opens so far */
	uint64_t	fi_rgen;	/* reader opens so far */
};

static struct spinlock fifo_spin = SPINLOCK_INITIALIZER("fifo");

/* Drop one open; the last frees the state.  fifo_spin held; released. */
static void
fifo_release_locked(struct vnode *vp)
{
	struct fifoinfo *fi = vp->v_fifo;

	if (--fi->fi_opens == 0) {
		vp->v_fifo = NULL;
		spin_unlock(&fifo_spin);
		pipebuf_destroy(&fi->fi_pb);
		kfree(fi, M_FIFOINFO);
		return;
	}
	spin_unlock(&fifo_spin);
}

int
fifo_open(struct vnode *vp, int fflag, struct ucred *cred)
{
	struct fifoinfo *fi, *nfi = NULL;
	uint64_t gen;
	int error = 0;

	spin_lock(&fifo_spin);
	while ((fi = vp->v_fifo) == NULL) {
		if (nfi != NULL) {
			vp->v_fifo = nfi;
			nfi = NULL;
			continue;
		}
		spin_unlock(&fifo_spin);
		nfi = kmalloc(sizeof(*nfi), M_FIFOINFO, M_WAITOK | M_ZERO);
		error = pipebuf_init(&nfi->fi_pb);
		if (error != 0) {
			kfree(nfi, M_FIFOINFO);
			return (error);
		}
		/* Nobody on either side yet. */
		nfi->fi_pb.pb_state = PIPE_REOF | PIPE_WEOF;
		spin_lock(&fifo_spin);
	}
	fi->fi_opens++;
	if (fflag & FREAD) {
		fi->fi_readers++;
		fi->fi_rgen++;
		pipebuf_setstate(&fi->fi_pb, 0, PIPE_WEOF);
		wakeup(fi);
	}
	if (fflag & FWRITE) {
		if (fi->fi_readers == 0 && (fflag & FNONBLOCK)) {
			fi->fi_opens--;
			error = ENXIO;
			goto fail;
		}
		fi->fi_writers++;
		fi->fi_wgen++;
		pipebuf_setstate(&fi->fi_pb, 0, PIPE_REOF);
		wakeup(fi);
	}
	/* Block until the other side exists (not for O_RDWR). */
	if ((fflag & (FREAD | FWRITE)) == FREAD && !(fflag & FNONBLOCK)) {
		gen = fi->fi_wgen;
		while (fi->fi_writers == 0 && fi->fi_wgen == gen) {
			error = ssleep(fi, &fifo_spin, PCATCH, "fifoor", 0);
			if (error != 0)
				break;
		}
	} else if ((fflag & (FREAD | FWRITE)) == FWRITE) {
		gen = fi->fi_rgen;
		while (fi->fi_readers == 0 && fi->fi_rgen == gen) {
			error = ssleep(fi, &fifo_spin, PCATCH, "fifoow", 0);
			if (error != 0)
				break;
		}
	}
	if (error != 0) {
		spin_unlock(&fifo_spin);
		fifo_close(vp, fflag);
		goto out;
	}
fail:
	if (error != 0 && fi->fi_opens == 0) {
		fi->fi_opens = 1;
		fifo_release_locked(vp);
	} else {
		spin_unlock(&fifo_spin);
	}
out:
	if (nfi != NULL) {
		pipebuf_destroy(&nfi->fi_pb);
		kfree(nfi, M_FIFOINFO);
	}
	return (error == ERESTART ? EINTR : error);
}

int
fifo_close(struct vnode *vp, int fflag)
{
	struct fifoinfo *fi;

	spin_lock(&fifo_spin);
	fi = vp->v_fifo;
	if (fi == NULL) {
		spin_unlock(&fifo_spin);
		return (0);
	}
	if ((fflag & FREAD) && --fi->fi_readers == 0)
		pipebuf_setstate(&fi->fi_pb, PIPE_WEOF, 0);
	if ((fflag & FWRITE) && --fi->fi_writers == 0)
		pipebuf_setstate(&fi->fi_pb, PIPE_REOF, 0);
	wakeup(fi);
	fifo_release_locked(vp);
	return (0);
}

/* v_fifo is stable while the caller's file keeps the FIFO open. */
int
fifo_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	if (vp->v_fifo == NULL)
		return (EBADF);
	return (pipebuf_read(&vp->v_fifo->fi_pb, uio,
	    (ioflag & IO_NDELAY) != 0));
}

int
fifo_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	if (vp->v_fifo == NULL)
		return (EBADF);
	return (pipebuf_write(&vp->v_fifo->fi_pb, uio,
	    (ioflag & IO_NDELAY) != 0));
}

int
fifo_ioctl(struct vnode *vp, u_long cmd, caddr_t data, int fflag)
{
	if (vp->v_fifo == NULL)
		return (EBADF);
	switch (cmd) {
	case FIONREAD:
		*(int *)data = (int)pipebuf_count(&vp->v_fifo->fi_pb);
		return (0);
	case FIONBIO:
	case FIOASYNC:
		return (0);
	default:
		return (ENOTTY);
	}
}

int
fifo_poll(struct vnode *vp, int events)
{
	struct fifoinfo *fi = vp->v_fifo;
	int revents = 0;

	if (fi == NULL)
		return (POLLNVAL);
	if (events & (POLLIN | POLLRDNORM))
		revents |= pipebuf_poll_read(&fi->fi_pb, events);
	if (events & (POLLOUT | POLLWRNORM))
		revents |= pipebuf_poll_write(&fi->fi_pb, events);
	return (revents);
}

int
fifo_kqfilter(struct vnode *vp, struct knote *kn)
{
	struct fifoinfo *fi = vp->v_fifo;

	if (fi == NULL)
		return (EBADF);
	switch (kn->kn_filter) {
	case EVFILT_READ:
		return (pipebuf_kqfilter(&fi->fi_pb, kn, false));
	case EVFILT_WRITE:
		return (pipebuf_kqfilter(&fi->fi_pb, kn, true));
	default:
		return (EOPNOTSUPP);
	}
}
