/*
 * Sockets as files: the fileops through which read(2), write(2),
 * ioctl(2), poll(2)/select(2), kevent(2), fstat(2) and close(2) reach a
 * socket.  Reads and writes become soreceive()/sosend() through the
 * protocol's pr_usrreqs (so a protocol may replace them); readiness comes
 * from soreadable()/sowriteable() and wakeups from sowakeup(), which calls
 * selwakeup() on the buffer's selinfo and so fires its knotes.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/socketvar.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/event.h>
#include <sys/filio.h>
#include <sys/ioctl.h>
#include <sys/ucred.h>
#include <sys/thread.h>
#include <sys/fcntl.h>
#include <machine/atomic.h>
#include <net/if_var.h>
#include <net/route.h>

static int
soo_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	struct socket *so = fp->f_data;
	int msgflags = (fp->f_flag & FNONBLOCK) ? MSG_DONTWAIT : 0;

	return (so->so_proto->pr_usrreqs->pru_soreceive(so, NULL, uio, NULL,
	    NULL, &msgflags));
}

static int
soo_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	struct socket *so = fp->f_data;
	int msgflags = (fp->f_flag & FNONBLOCK) ? MSG_DONTWAIT : 0;

	return (so->so_proto->pr_usrreqs->pru_sosend(so, NULL, uio, NULL,
	    NULL, msgflags, uio->uio_td));
}

static int
soo_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct socket *so = fp->f_data;

	switch (cmd) {
	case FIONBIO:
		return (0);		/* f_flag already holds it */
	case FIOASYNC:
		if (*(int *)data)
			atomic_set_int(&so->so_state, SS_ASYNC);
		else
			atomic_clear_int(&so->so_state, SS_ASYNC);
		return (0);
	case FIONREAD:
		*(int *)data = (int)so->so_rcv.sb.sb_cc;
		return (0);
	case FIONWRITE:
		*(int *)data = (int)so->so_snd.sb.sb_cc;
		return (0);
	case FIONSPACE:
		*(int *)data = (int)ssb_space(&so->so_snd);
		return (0);
	default:
		/* Interface and route requests work on any socket. */
		if (IOCGROUP(cmd) == 'i')
			return (ifioctl(so, cmd, data, cred));
		if (IOCGROUP(cmd) == 'r')
			return (rtioctl(cmd, data, cred));
		return (so_pru_control(so, cmd, data, NULL, curthread));
	}
}

static int
soo_poll(struct file *fp, int events, struct ucred *cred)
{
	struct socket *so = fp->f_data;
	int revents = 0;

	if (events & (POLLIN | POLLRDNORM))
		if (soreadable(so))
			revents |= events & (POLLIN | POLLRDNORM);
	if (events & (POLLOUT | POLLWRNORM))
		if (sowriteable(so))
			revents |= events & (POLLOUT | POLLWRNORM);
	if (events & (POLLPRI | POLLRDBAND))
		if (so->so_oobmark || (so->so_state & SS_RCVATMARK))
			revents |= events & (POLLPRI | POLLRDBAND);
	if ((so->so_state & SS_CANTRCVMORE) &&
	    (so->so_state & SS_CANTSENDMORE))
		revents |= POLLHUP;
	return (revents);
}

/* ---- kqueue ------------------------------------------------------------ */

static void
filt_sordetach(struct knote *kn)
{
	struct socket *so = kn->kn_fp->f_data;

	knote_remove(&so->so_rcv.ssb_sel.si_note, kn);
}

static int
filt_soread(struct knote *kn, long hint)
{
	struct socket *so = kn->kn_fp->f_data;

	if (so->so_options & SO_ACCEPTCONN) {
		kn->kn_data = so->so_qlen;
		return (!TAILQ_EMPTY(&so->so_comp));
	}
	kn->kn_data = (intptr_t)so->so_rcv.sb.sb_cc;
	if (so->so_state & SS_CANTRCVMORE) {
		kn->kn_flags |= EV_EOF;
		kn->kn_fflags = so->so_error;
		return (1);
	}
	if (so->so_error)
		return (1);
	return (kn->kn_data >= so->so_rcv.ssb_lowat);
}

static void
filt_sowdetach(struct knote *kn)
{
	struct socket *so = kn->kn_fp->f_data;

	knote_remove(&so->so_snd.ssb_sel.si_note, kn);
}

static int
filt_sowrite(struct knote *kn, long hint)
{
	struct socket *so = kn->kn_fp->f_data;

	kn->kn_data = ssb_space(&so->so_snd);
	if (so->so_state & SS_CANTSENDMORE) {
		kn->kn_flags |= EV_EOF;
		kn->kn_fflags = so->so_error;
		return (1);
	}
	if (so->so_error)
		return (1);
	if ((so->so_state & SS_ISCONNECTED) == 0 &&
	    (so->so_proto->pr_flags & PR_CONNREQUIRED))
		return (0);
	return (kn->kn_data >= so->so_snd.ssb_lowat);
}

static int
filt_soattach(struct knote *kn)
{
	return (0);
}

static const struct filterops soread_filtops = {
	1, filt_soattach, filt_sordetach, filt_soread
};
static const struct filterops sowrite_filtops = {
	1, filt_soattach, filt_sowdetach, filt_sowrite
};

static int
soo_kqfilter(struct file *fp, struct knote *kn)
{
	struct socket *so = fp->f_data;

	switch (kn->kn_filter) {
	case EVFILT_READ:
		kn->kn_fop = &soread_filtops;
		knote_insert(&so->so_rcv.ssb_sel.si_note, kn);
		return (0);
	case EVFILT_WRITE:
		kn->kn_fop = &sowrite_filtops;
		knote_insert(&so->so_snd.ssb_sel.si_note, kn);
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static int
soo_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	struct socket *so = fp->f_data;

	bzero(sb, sizeof(*sb));
	sb->st_mode = S_IFSOCK;
	if ((so->so_state & SS_CANTRCVMORE) == 0 || so->so_rcv.sb.sb_cc != 0)
		sb->st_mode |= S_IRUSR | S_IRGRP | S_IROTH;
	if ((so->so_state & SS_CANTSENDMORE) == 0)
		sb->st_mode |= S_IWUSR | S_IWGRP | S_IWOTH;
	sb->st_size = (int64_t)so->so_rcv.sb.sb_cc;
	sb->st_uid = so->so_cred != NULL ? so->so_cred->cr_uid : 0;
	sb->st_gid = so->so_cred != NULL ? so->so_cred->cr_groups[0] : 0;
	sb->st_nlink = 1;
	return (so_pru_sense(so, sb));
}

static int
soo_close(struct file *fp)
{
	struct socket *so = fp->f_data;

	fp->f_data = NULL;
	if (so == NULL)
		return (0);
	return (soclose(so, (int)fp->f_flag));
}

struct fileops socketops = {
	.fo_read = soo_read,
	.fo_write = soo_write,
	.fo_ioctl = soo_ioctl,
	.fo_poll = soo_poll,
	.fo_kqfilter = soo_kqfilter,
	.fo_stat = soo_stat,
	.fo_close = soo_close,
};
