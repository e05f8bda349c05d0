/*
 * The console as a terminal: /dev/console is a tty (tty.c) whose output
 * goes to the port's polled cons_putc() and whose input arrives through
 * cons_rxintr(), called by the port's UART interrupt handler.  /dev/tty
 * is the calling process's controlling terminal (ENXIO without one),
 * whichever tty that is.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/fcntl.h>
#include <sys/uio.h>
#include <sys/tty.h>
#include <fs/devfs/devfs.h>

static struct tty cons_tty;
static volatile bool cons_ready;

static void
cons_oproc(struct tty *tp, int c)
{
	cons_putc(c);
}

/* A character from the console UART (interrupt context). */
void
cons_rxintr(int c)
{
	if (!cons_ready)
		return;			/* nobody can read it yet */
	tty_input(&cons_tty, c);
}

static int
cons_open(struct cdev *dev, int fflag, struct ucred *cred)
{
	return (tty_open(&cons_tty, fflag));
}

static int
cons_close(struct cdev *dev, int fflag)
{
	return (tty_close(&cons_tty, fflag));
}

static int
cons_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	return (tty_read(&cons_tty, uio, ioflag));
}

static int
cons_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	return (tty_write(&cons_tty, uio, ioflag));
}

static int
cons_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag,
    struct ucred *cred)
{
	return (tty_ioctl(&cons_tty, cmd, data, fflag));
}

static int
cons_poll(struct cdev *dev, int events)
{
	return (tty_poll(&cons_tty, events));
}

static int
cons_kqfilter(struct cdev *dev, struct knote *kn)
{
	return (tty_kqfilter(&cons_tty, kn));
}

static struct cdevsw cons_cdevsw = {
	.d_name = "console",
	.d_open = cons_open,
	.d_close = cons_close,
	.d_read = cons_read,
	.d_write = cons_write,
	.d_ioctl = cons_ioctl,
	.d_poll = cons_poll,
	.d_kqfilter = cons_kqfilter,
};

/* ---- /dev/tty ------------------------------------------------------------- */

static struct tty *
ctty(void)
{
	struct proc *p = curproc;
	struct tty *tp = NULL;

	if (p == NULL)
		return (NULL);
	lwkt_gettoken(&proc_token);
	if (p->p_pgrp != NULL && p->p_pgrp->pg_session != NULL)
		tp = p->p_pgrp->pg_session->s_ttyp;
	lwkt_reltoken(&proc_token);
	return (tp);
}

static int
ctty_open(struct cdev *dev, int fflag, struct ucred *cred)
{
	return (ctty() != NULL ? 0 : ENXIO);
}

static int
ctty_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct tty *tp = ctty();

	return (tp != NULL ? tty_read(tp, uio, ioflag) : EIO);
}

static int
ctty_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct tty *tp = ctty();

	return (tp != NULL ? tty_write(tp, uio, ioflag) : EIO);
}

static int
ctty_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag,
    struct ucred *cred)
{
	struct tty *tp = ctty();

	return (tp != NULL ? tty_ioctl(tp, cmd, data, fflag) : EIO);
}

static int
ctty_poll(struct cdev *dev, int events)
{
	struct tty *tp = ctty();

	return (tp != NULL ? tty_poll(tp, events) : 0x0010 /* POLLHUP */);
}

/*
 * kqueue on /dev/tty watches the controlling terminal itself, found at
 * registration (as FreeBSD, where /dev/tty opens the real terminal).
 */
static int
ctty_kqfilter(struct cdev *dev, struct knote *kn)
{
	struct tty *tp = ctty();

	return (tp != NULL ? tty_kqfilter(tp, kn) : ENXIO);
}

static struct cdevsw ctty_cdevsw = {
	.d_name = "tty",
	.d_open = ctty_open,
	.d_read = ctty_read,
	.d_write = ctty_write,
	.d_ioctl = ctty_ioctl,
	.d_poll = ctty_poll,
	.d_kqfilter = ctty_kqfilter,
};

static void
cons_tty_init(void *arg)
{
	tty_init(&cons_tty, "console", cons_oproc, NULL);
	constty = &cons_tty;
	cons_tty.t_dev = make_dev(&cons_cdevsw, 0, 0, 0, 0600,
	    "console")->si_rdev;
	make_dev(&ctty_cdevsw, 0, 0, 0, 0666, "tty");
	cons_ready = true;
}
SYSINIT(constty, SI_SUB_DRIVERS, SI_ORDER_FIRST, cons_tty_init, NULL);
