/*
 * Pseudo-terminals.  posix_openpt(2) makes a pair: the master is the
 * returned descriptor (its own fileops), the slave is the tty device
 * /dev/ttypN (N from TIOCGPTN), owned by the caller with mode 0620.
 * Bytes written to the master are the slave's keyboard (tty_input, so
 * the line discipline, echo and signals apply); what the slave prints
 * (after OPOST processing) is read from the master.  Closing the master
 * hangs the slave up (EOF for readers, SIGHUP to its foreground group).
 * Once the slave has been opened and every slave open is closed again
 * (the session on it has exited), the master reads end of file once
 * the output ring is drained and polls as POLLHUP, so a program like
 * script(1) sees its child go away.  kqueue on the master follows
 * poll: EVFILT_READ for the slave's output, EVFILT_WRITE for input room.
 *
 * Limits: the slave's output is kept in a PTY_OUTSIZE ring, and bytes
 * that do not fit while nobody reads the master are dropped (tty output
 * runs under the tty spinlock and cannot wait).
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
#include <sys/tty.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_PTY, "pty", "pseudo-terminals");

#define PTY_OUTSIZE	8192
#define PTY_MAX		64

struct pty {
	struct tty	pt_tty;		/* the slave's line discipline */
	struct cdev	*pt_dev;	/* /dev/ttypN */
	int		pt_unit;
	char		pt_out[PTY_OUTSIZE];	/* slave output; t_spin */
	size_t		pt_outhead, pt_outcount;
	struct selinfo	pt_sel;		/* master readable */
	struct selinfo	pt_wsel;	/* master writable (slave read) */
	volatile int	pt_refs;	/* master + slave opens (atomic) */
	int		pt_slaveopens;	/* open slave files; t_spin */
	int		pt_slaveseen;	/* slave was opened once; t_spin */
};

static struct spinlock pty_spin = SPINLOCK_INITIALIZER("pty");
static struct pty *pty_units[PTY_MAX];

static void
pty_release(struct pty *pt)
{
	if (__atomic_fetch_sub(&pt->pt_refs, 1, __ATOMIC_ACQ_REL) != 1)
		return;
	spin_lock(&pty_spin);
	pty_units[pt->pt_unit] = NULL;
	spin_unlock(&pty_spin);
	tty_destroy(&pt->pt_tty);
	kfree(pt, M_PTY);
}

/* The slave printed c (t_spin held). */
static void
pty_oproc(struct tty *tp, int c)
{
	struct pty *pt = tp->t_sc;

	if (pt->pt_outcount < PTY_OUTSIZE) {
		pt->pt_out[(pt->pt_outhead + pt->pt_outcount) % PTY_OUTSIZE] =
		    c;
		pt->pt_outcount++;
	}
	/* Wakeups after the caller drops t_spin would be nicer; wakeup
	   only takes its own queue spinlock, so this is safe. */
	wakeup(&pt->pt_out);
}

/* ---- The slave device -------------------------------------------------------- */

static int
pts_open(struct cdev *dev, int fflag, struct ucred *cred)
{
	struct pty *pt = dev->si_drv1;
	int error;

	if (pt == NULL)
		return (ENXIO);		/* still being made */
	error = tty_open(&pt->pt_tty, fflag);
	if (error == 0) {
		__atomic_fetch_add(&pt->pt_refs, 1, __ATOMIC_ACQ_REL);
		spin_lock(&pt->pt_tty.t_spin);
		pt->pt_slaveopens++;
		pt->pt_slaveseen = 1;
		spin_unlock(&pt->pt_tty.t_spin);
	}
	return (error);
}

static int
pts_close(struct cdev *dev, int fflag)
{
	struct pty *pt = dev->si_drv1;

	tty_close(&pt->pt_tty, fflag);
	spin_lock(&pt->pt_tty.t_spin);
	pt->pt_slaveopens--;
	spin_unlock(&pt->pt_tty.t_spin);
	/* A master reader or poller may now see end of file. */
	wakeup(&pt->pt_out);
	selwakeup(&pt->pt_sel);
	pty_release(pt);
	return (0);
}

static int
pts_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct pty *pt = dev->si_drv1;

	int error;

	/* What the slave takes makes room for the master to write. */
	error = tty_read(&pt->pt_tty, uio, ioflag);
	selwakeup(&pt->pt_wsel);
	return (error);
}

static int
pts_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct pty *pt = dev->si_drv1;
	int error;

	error = tty_write(&pt->pt_tty, uio, ioflag);
	selwakeup(&pt->pt_sel);
	return (error);
}

static int
pts_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag,
    struct ucred *cred)
{
	struct pty *pt = dev->si_drv1;

	int error;

	error = tty_ioctl(&pt->pt_tty, cmd, data, fflag);
	/* TIOCSTI echoes, a flush makes room: tell the master's knotes. */
	selwakeup(&pt->pt_sel);
	selwakeup(&pt->pt_wsel);
	return (error);
}

static int
pts_poll(struct cdev *dev, int events)
{
	struct pty *pt = dev->si_drv1;

	return (tty_poll(&pt->pt_tty, events));
}

static int
pts_kqfilter(struct cdev *dev, struct knote *kn)
{
	struct pty *pt = dev->si_drv1;

	return (tty_kqfilter(&pt->pt_tty, kn));
}

static struct cdevsw pts_cdevsw = {
	.d_name = "pts",
	.d_open = pts_open,
	.d_close = pts_close,
	.d_read = pts_read,
	.d_write = pts_write,
	.d_ioctl = pts_ioctl,
	.d_poll = pts_poll,
	.d_kqfilter = pts_kqfilter,
};

/* ---- The master file ------------------------------------------------------------- */

/* The slave side is gone for good: opened once, now closed everywhere. */
static int
ptm_slavegone(struct pty *pt)
{
	return (pt->pt_slaveseen && pt->pt_slaveopens == 0);
}

/* Bytes the master may still write before the slave's input is full. */
static int
ptm_room(struct pty *pt)
{
	return (TTY_INQSIZE - (int)pt->pt_tty.t_incount);
}

static int
ptm_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	struct pty *pt = fp->f_data;
	struct tty *tp = &pt->pt_tty;
	char buf[128];
	size_t n, i;
	int error = 0;

	spin_lock(&tp->t_spin);
	while (pt->pt_outcount == 0) {
		if (ptm_slavegone(pt)) {
			spin_unlock(&tp->t_spin);
			return (0);
		}
		if (fp->f_flag & FNONBLOCK) {
			spin_unlock(&tp->t_spin);
			return (EAGAIN);
		}
		error = ssleep(&pt->pt_out, &tp->t_spin, PCATCH, "ptmrd", 0);
		if (error != 0) {
			spin_unlock(&tp->t_spin);
			return (error == ERESTART ? EINTR : error);
		}
	}
	while (uio->uio_resid > 0 && pt->pt_outcount > 0) {
		n = MIN(MIN(pt->pt_outcount, sizeof(buf)),
		    (size_t)uio->uio_resid);
		for (i = 0; i < n; i++)
			buf[i] = pt->pt_out[(pt->pt_outhead + i) % PTY_OUTSIZE];
		pt->pt_outhead = (pt->pt_outhead + n) % PTY_OUTSIZE;
		pt->pt_outcount -= n;
		spin_unlock(&tp->t_spin);
		error = uiomove(buf, n, uio);
		spin_lock(&tp->t_spin);
		if (error != 0)
			break;
	}
	spin_unlock(&tp->t_spin);
	return (error);
}

static int
ptm_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	struct pty *pt = fp->f_data;
	char buf[128];
	size_t n, i;
	int error = 0;

	while (uio->uio_resid > 0) {
		n = MIN((size_t)uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error != 0)
			break;
		for (i = 0; i < n; i++)
			tty_input(&pt->pt_tty, (unsigned char)buf[i]);
	}
	selwakeup(&pt->pt_sel);
	return (error);
}

static int
ptm_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct pty *pt = fp->f_data;

	switch (cmd) {
	case TIOCGPTN:
		*(int *)data = pt->pt_unit;
		return (0);
	case TIOCPTMASTER:
		return (0);
	case FIONREAD:
		spin_lock(&pt->pt_tty.t_spin);
		*(int *)data = pt->pt_outcount;
		spin_unlock(&pt->pt_tty.t_spin);
		return (0);
	case FIONBIO:
	case FIOASYNC:
		return (0);
	default:
		/* termios and window size act on the slave's tty. */
		return (tty_ioctl(&pt->pt_tty, cmd, data, fp->f_flag));
	}
}

static int
ptm_poll(struct file *fp, int events, struct ucred *cred)
{
	struct pty *pt = fp->f_data;
	int revents = 0;

	spin_lock(&pt->pt_tty.t_spin);
	if (pt->pt_outcount > 0)
		revents |= events & (POLLIN | POLLRDNORM);
	else if (ptm_slavegone(pt))
		revents |= POLLHUP | (events & (POLLIN | POLLRDNORM));
	if (ptm_room(pt) > 0)
		revents |= events & (POLLOUT | POLLWRNORM);
	spin_unlock(&pt->pt_tty.t_spin);
	return (revents);
}

/*
 * kqueue on the master mirrors ptm_poll.  EVFILT_READ: data is the
 * slave's output waiting (FIONREAD); ready when there is some, or with
 * EV_EOF once the slave side is gone.  EVFILT_WRITE: data is the room
 * left in the slave's input queue; ready while there is room.  The
 * filters run under knote_spin and peek without t_spin, as the tty's.
 */
static void
filt_ptmdetach(struct knote *kn)
{
	struct pty *pt = kn->kn_hook;

	knote_remove(kn->kn_filter == EVFILT_READ ? &pt->pt_sel.si_note :
	    &pt->pt_wsel.si_note, kn);
}

static int
filt_ptmread(struct knote *kn, long hint)
{
	struct pty *pt = kn->kn_hook;

	kn->kn_data = pt->pt_outcount;
	if (pt->pt_outcount > 0)
		return (1);
	if (ptm_slavegone(pt)) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	return (0);
}

static int
filt_ptmwrite(struct knote *kn, long hint)
{
	struct pty *pt = kn->kn_hook;

	kn->kn_data = ptm_room(pt);
	return (kn->kn_data > 0);
}

static const struct filterops ptm_rfiltops = {
	1, NULL, filt_ptmdetach, filt_ptmread
};
static const struct filterops ptm_wfiltops = {
	1, NULL, filt_ptmdetach, filt_ptmwrite
};

static int
ptm_kqfilter(struct file *fp, struct knote *kn)
{
	struct pty *pt = fp->f_data;

	switch (kn->kn_filter) {
	case EVFILT_READ:
		kn->kn_fop = &ptm_rfiltops;
		kn->kn_hook = pt;
		knote_insert(&pt->pt_sel.si_note, kn);
		return (0);
	case EVFILT_WRITE:
		kn->kn_fop = &ptm_wfiltops;
		kn->kn_hook = pt;
		knote_insert(&pt->pt_wsel.si_note, kn);
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static int
ptm_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	struct pty *pt = fp->f_data;

	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFCHR | 0620;
	sb->st_rdev = pt->pt_dev->si_rdev;
	sb->st_blksize = PAGE_SIZE;
	if (cred != NULL)
		sb->st_uid = cred->cr_uid;
	return (0);
}

static int
ptm_close(struct file *fp)
{
	struct pty *pt = fp->f_data;

	tty_hangup(&pt->pt_tty);
	destroy_dev(pt->pt_dev);
	pty_release(pt);
	return (0);
}

static struct fileops ptmops = {
	.fo_read = ptm_read,
	.fo_write = ptm_write,
	.fo_ioctl = ptm_ioctl,
	.fo_poll = ptm_poll,
	.fo_kqfilter = ptm_kqfilter,
	.fo_stat = ptm_stat,
	.fo_close = ptm_close,
};

int
sys_posix_openpt(struct sysmsg *sysmsg, const struct posix_openpt_args *uap)
{
	struct thread *td = curthread;
	struct ucred *cred = td->td_proc->p_ucred;
	struct filedesc *fdp = td->td_proc->p_fd;
	struct pty *pt;
	struct file *fp;
	int unit, fd, error;

	if (uap->flags & ~(O_RDWR | O_NOCTTY | O_CLOEXEC))
		return (EINVAL);
	if ((uap->flags & O_ACCMODE) != O_RDWR)
		return (EINVAL);
	pt = kmalloc(sizeof(*pt), M_PTY, M_WAITOK | M_ZERO);
	spin_lock(&pty_spin);
	for (unit = 0; unit < PTY_MAX; unit++) {
		if (pty_units[unit] == NULL)
			break;
	}
	if (unit == PTY_MAX) {
		spin_unlock(&pty_spin);
		kfree(pt, M_PTY);
		return (EAGAIN);
	}
	pty_units[unit] = pt;
	spin_unlock(&pty_spin);
	pt->pt_unit = unit;
	pt->pt_refs = 1;
	LIST_INIT(&pt->pt_sel.si_note);
	LIST_INIT(&pt->pt_wsel.si_note);
	tty_init(&pt->pt_tty, "pts", pty_oproc, pt);
	error = falloc(td, &fp, &fd);
	if (error != 0) {
		spin_lock(&pty_spin);
		pty_units[unit] = NULL;
		spin_unlock(&pty_spin);
		kfree(pt, M_PTY);
		return (error);
	}
	pt->pt_dev = make_dev(&pts_cdevsw, unit, cred->cr_uid,
	    cred->cr_groups[0], 0620, "ttyp%d", unit);
	pt->pt_dev->si_drv1 = pt;
	pt->pt_tty.t_dev = pt->pt_dev->si_rdev;
	finit(fp, FREAD | FWRITE, DTYPE_PTS, pt, &ptmops);
	if (uap->flags & O_CLOEXEC) {
		spin_lock(&fdp->fd_spin);
		fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
	}
	fdrop(fp);
	sysmsg->sysmsg_result = fd;
	return (0);
}
