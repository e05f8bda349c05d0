/*
 * The terminal line discipline.  tty_input() takes each received
 * character: in canonical mode (ICANON) it edits a line (erase with
 * VERASE/VERASE2, kill with VKILL, word erase with VWERASE, literal next
 * with VLNEXT) and hands complete lines to readers at newline, VEOL or
 * VEOF (^D; at the start of a line it makes read return 0); in raw mode
 * characters are ready at once and VMIN/VTIME shape reads.  With ISIG,
 * VINTR/VQUIT/VSUSP post SIGINT/SIGQUIT/SIGTSTP to the foreground
 * process group (from the ttysig thread).  Echo follows ECHO, ECHOE,
 * ECHOK, ECHOKE, ECHOCTL and ECHONL; output follows OPOST and ONLCR.
 * Input mapping: ICRNL, INLCR, IGNCR, ISTRIP.  termios moves through
 * TIOCGETA and TIOCSETA/TIOCSETAW/TIOCSETAF; job control through
 * TIOCSPGRP/TIOCGPGRP/TIOCSCTTY/TIOCNOTTY/TIOCGSID; TIOCGWINSZ and
 * TIOCSWINSZ (SIGWINCH) keep the window size.
 *
 * Job control: a background process reading its controlling terminal
 * gets SIGTTIN, writing it with TOSTOP or changing its settings SIGTTOU
 * (tty_check_background).
 *
 * Not done: output flow control (IXON/IXOFF are accepted and ignored),
 * parity handling, FLUSHO/PENDIN, VREPRINT/VSTATUS.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/signal.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filio.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/uio.h>
#include <sys/caps.h>
#include <sys/tty.h>

struct tty *constty;

/* ---- Signals from interrupt context ------------------------------------------ */

static struct spinlock ttysig_spin = SPINLOCK_INITIALIZER("ttysig");
static struct tty *ttysig_list;
static struct tty *ttysig_busy;		/* the thread reads this one's state */
static struct thread *ttysig_td;

/*
 * Queue sig for tp's foreground group (t_spin held).  The group is the
 * one in the foreground now: the signal thread may run after another
 * group has taken the terminal (a ^C or a window change just before a
 * new session's TIOCSCTTY once reached the new session).  Signals
 * raised for a different group than those still pending replace the
 * old group's, which has left the foreground.  No foreground group: no
 * signal.
 */
static void
tty_queuesig(struct tty *tp, int sig)
{
	if (tp->t_pgrp == 0)
		return;
	if (tp->t_pendsig != 0 && tp->t_sigpgrp != tp->t_pgrp)
		tp->t_pendsig = 0;
	tp->t_sigpgrp = tp->t_pgrp;
	tp->t_pendsig |= 1 << sig;
	spin_lock(&ttysig_spin);
	if ((tp->t_state & TS_SIGQ) == 0) {
		tp->t_state |= TS_SIGQ;
		tp->t_signext = ttysig_list;
		ttysig_list = tp;
	}
	spin_unlock(&ttysig_spin);
	wakeup(&ttysig_list);
}

static void
ttysig_thread(void *arg)
{
	struct tty *tp;
	struct pgrp *pg;
	pid_t pgid;
	int sigs, sig;

	for (;;) {
		spin_lock(&ttysig_spin);
		while ((tp = ttysig_list) == NULL)
			ssleep(&ttysig_list, &ttysig_spin, 0, "ttysig", 0);
		ttysig_list = tp->t_signext;
		ttysig_busy = tp;
		spin_unlock(&ttysig_spin);

		spin_lock(&tp->t_spin);
		tp->t_state &= ~TS_SIGQ;
		sigs = tp->t_pendsig;
		tp->t_pendsig = 0;
		pgid = tp->t_sigpgrp;
		spin_unlock(&tp->t_spin);

		/* Done with tp: tty_destroy may free it now. */
		spin_lock(&ttysig_spin);
		ttysig_busy = NULL;
		spin_unlock(&ttysig_spin);
		wakeup(&ttysig_busy);
		if (pgid == 0)
			continue;
		lwkt_gettoken(&proc_token);
		pg = pgfind(pgid);
		for (sig = 1; sig < 32 && pg != NULL; sig++) {
			if (sigs & (1 << sig))
				pgsignal(pg, sig, 1);
		}
		lwkt_reltoken(&proc_token);
	}
}

/*
 * tp is about to be freed (a pty's last close): take it off the signal
 * thread's list and wait until that thread no longer reads it.  A ^C
 * typed just before the close otherwise left the thread to lock a freed
 * tty.  Its pending signals are dropped with the terminal.
 */
static const struct filterops tty_gonefiltops;

void
tty_destroy(struct tty *tp)
{
	struct tty **tpp;

	spin_lock(&ttysig_spin);
	for (tpp = &ttysig_list; *tpp != NULL; tpp = &(*tpp)->t_signext) {
		if (*tpp == tp) {
			*tpp = tp->t_signext;
			break;
		}
	}
	while (ttysig_busy == tp)
		ssleep(&ttysig_busy, &ttysig_spin, 0, "ttydes", 0);
	spin_unlock(&ttysig_spin);
	/*
	 * Knotes registered through /dev/tty do not hold the pty open:
	 * they see EOF and let go of tp here.
	 */
	knote_orphan_list(&tp->t_rsel.si_note, &tty_gonefiltops);
	knote_orphan_list(&tp->t_wsel.si_note, &tty_gonefiltops);
	/* A session whose terminal this was has none now (ctty, ps). */
	lwkt_gettoken(&proc_token);
	if (tp->t_session != NULL && tp->t_session->s_ttyp == tp)
		tp->t_session->s_ttyp = NULL;
	tp->t_session = NULL;
	lwkt_reltoken(&proc_token);
}

static void
ttysig_init(void *arg)
{
	lwkt_create(ttysig_thread, NULL, &ttysig_td, -1, 0, "ttysig");
}
SYSINIT(ttysig, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, ttysig_init, NULL);

/* ---- Setup -------------------------------------------------------------------- */

static void
tty_defaults(struct termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = TTYDEF_IFLAG;
	t->c_oflag = TTYDEF_OFLAG;
	t->c_lflag = TTYDEF_LFLAG;
	t->c_cflag = TTYDEF_CFLAG;
	t->c_ispeed = t->c_ospeed = TTYDEF_SPEED;
	t->c_cc[VEOF] = CEOF;
	t->c_cc[VEOL] = _POSIX_VDISABLE;
	t->c_cc[VEOL2] = _POSIX_VDISABLE;
	t->c_cc[VERASE] = CERASE;
	t->c_cc[VERASE2] = CERASE2;
	t->c_cc[VWERASE] = CWERASE;
	t->c_cc[VKILL] = CKILL;
	t->c_cc[VREPRINT] = CREPRINT;
	t->c_cc[VINTR] = CINTR;
	t->c_cc[VQUIT] = CQUIT;
	t->c_cc[VSUSP] = CSUSP;
	t->c_cc[VDSUSP] = CDSUSP;
	t->c_cc[VSTART] = CSTART;
	t->c_cc[VSTOP] = CSTOP;
	t->c_cc[VLNEXT] = CLNEXT;
	t->c_cc[VDISCARD] = CDISCARD;
	t->c_cc[VMIN] = CMIN;
	t->c_cc[VTIME] = CTIME;
	t->c_cc[VSTATUS] = CSTATUS;
}

void
tty_init(struct tty *tp, const char *name, void (*oproc)(struct tty *, int),
    void *sc)
{
	memset(tp, 0, sizeof(*tp));
	spin_init(&tp->t_spin, "tty");
	vlock_init(&tp->t_rlock, "ttyrd");
	vlock_init(&tp->t_wlock, "ttywr");
	tty_defaults(&tp->t_termios);
	tp->t_winsize.ws_row = 24;
	tp->t_winsize.ws_col = 80;
	tp->t_oproc = oproc;
	tp->t_sc = sc;
	tp->t_name = name;
	tp->t_dev = NODEV;	/* the driver sets it after make_dev */
	LIST_INIT(&tp->t_rsel.si_note);
	LIST_INIT(&tp->t_wsel.si_note);
}

/* ---- Output -------------------------------------------------------------------- */

/* One character through OPOST processing (t_spin held or not). */
static void
tty_output(struct tty *tp, int c)
{
	if ((tp->t_termios.c_oflag & OPOST) && c == '\n' &&
	    (tp->t_termios.c_oflag & ONLCR)) {
		tp->t_oproc(tp, '\r');
		tp->t_column = 0;
	}
	tp->t_oproc(tp, c);
	if (c == '\n' || c == '\r')
		tp->t_column = 0;
	else if (c == '\b') {
		if (tp->t_column > 0)
			tp->t_column--;
	} else if (c == '\t')
		tp->t_column = (tp->t_column + 8) & ~7;
	else if ((unsigned char)c >= ' ')
		tp->t_column++;
}

/* Echo c as the user should see it (ECHOCTL shows ^X). */
static void
tty_echo(struct tty *tp, int c)
{
	tcflag_t lflag = tp->t_termios.c_lflag;

	if ((lflag & ECHO) == 0) {
		if (c == '\n' && (lflag & ECHONL) && (lflag & ICANON))
			tty_output(tp, '\n');
		return;
	}
	if ((lflag & ECHOCTL) && ((c < ' ' && c != '\n' && c != '\t') ||
	    c == 0177)) {
		tty_output(tp, '^');
		tty_output(tp, c == 0177 ? '?' : c + '@');
		return;
	}
	tty_output(tp, c);
}

/* Visually erase one character of the edited line. */
static void
tty_rubout(struct tty *tp, int c)
{
	tcflag_t lflag = tp->t_termios.c_lflag;
	int n = 1, i;

	if ((lflag & ECHO) == 0)
		return;
	if ((lflag & ECHOE) == 0) {
		tty_echo(tp, tp->t_termios.c_cc[VERASE]);
		return;
	}
	if ((lflag & ECHOCTL) && ((c < ' ' && c != '\t') || c == 0177))
		n = 2;
	if (c == '\t')
		n = 1;			/* approximate */
	for (i = 0; i < n; i++) {
		tty_output(tp, '\b');
		tty_output(tp, ' ');
		tty_output(tp, '\b');
	}
}

/* ---- Input ---------------------------------------------------------------------- */

static bool
tty_inq_put(struct tty *tp, int c)
{
	if (tp->t_incount >= TTY_INQSIZE)
		return (false);
	tp->t_inq[(tp->t_inhead + tp->t_incount) % TTY_INQSIZE] = c;
	tp->t_incount++;
	return (true);
}

/* Move the edited line (len may be 0: an EOF mark) to the read queue. */
static void
tty_line_done(struct tty *tp)
{
	size_t i;

	if (tp->t_nlines >= TTY_MAXLINES ||
	    TTY_INQSIZE - tp->t_incount < tp->t_linelen)
		return;			/* no room: drop the line */
	for (i = 0; i < tp->t_linelen; i++)
		tty_inq_put(tp, tp->t_line[i]);
	tp->t_lines[(tp->t_linehead + tp->t_nlines) % TTY_MAXLINES] =
	    tp->t_linelen;
	tp->t_nlines++;
	tp->t_linelen = 0;
}

static void
tty_flush_input(struct tty *tp)
{
	tp->t_incount = 0;
	tp->t_inhead = 0;
	tp->t_nlines = 0;
	tp->t_linehead = 0;
	tp->t_linelen = 0;
}

static bool
tty_cc(struct tty *tp, int c, int idx)
{
	cc_t v = tp->t_termios.c_cc[idx];

	return (v != _POSIX_VDISABLE && c == v);
}

void
tty_input(struct tty *tp, int c)
{
	struct termios *t = &tp->t_termios;
	bool wake = false;
	int sig = 0;

	c &= 0xff;
	spin_lock(&tp->t_spin);
	if (tp->t_state & TS_GONE)
		goto out;
	if (t->c_iflag & ISTRIP)
		c &= 0x7f;
	if (tp->t_state & TS_LNEXT) {
		tp->t_state &= ~TS_LNEXT;
		goto literal;
	}
	if ((t->c_lflag & IEXTEN) && tty_cc(tp, c, VLNEXT) &&
	    (t->c_lflag & ICANON)) {
		tp->t_state |= TS_LNEXT;
		if (t->c_lflag & ECHO) {
			tty_output(tp, '^');
			tty_output(tp, '\b');
		}
		goto out;
	}
	if (t->c_lflag & ISIG) {
		if (tty_cc(tp, c, VINTR))
			sig = SIGINT;
		else if (tty_cc(tp, c, VQUIT))
			sig = SIGQUIT;
		else if (tty_cc(tp, c, VSUSP))
			sig = SIGTSTP;
		if (sig != 0) {
			if ((t->c_lflag & NOFLSH) == 0)
				tty_flush_input(tp);
			tty_echo(tp, c);
			if (t->c_lflag & ECHO)
				tty_output(tp, '\n');
			tty_queuesig(tp, sig);
			wake = true;
			goto out;
		}
	}
	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			goto out;
		if (t->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if (t->c_lflag & ICANON) {
		if (tty_cc(tp, c, VERASE) || tty_cc(tp, c, VERASE2)) {
			if (tp->t_linelen > 0) {
				tp->t_linelen--;
				tty_rubout(tp, tp->t_line[tp->t_linelen]);
			}
			goto out;
		}
		if (tty_cc(tp, c, VKILL)) {
			if ((t->c_lflag & ECHOKE) && (t->c_lflag & ECHOE)) {
				while (tp->t_linelen > 0) {
					tp->t_linelen--;
					tty_rubout(tp,
					    tp->t_line[tp->t_linelen]);
				}
			} else {
				tty_echo(tp, c);
				if (t->c_lflag & ECHOK)
					tty_output(tp, '\n');
				tp->t_linelen = 0;
			}
			goto out;
		}
		if ((t->c_lflag & IEXTEN) && tty_cc(tp, c, VWERASE)) {
			while (tp->t_linelen > 0 &&
			    (tp->t_line[tp->t_linelen - 1] == ' ' ||
			    tp->t_line[tp->t_linelen - 1] == '\t')) {
				tp->t_linelen--;
				tty_rubout(tp, ' ');
			}
			while (tp->t_linelen > 0 &&
			    tp->t_line[tp->t_linelen - 1] != ' ' &&
			    tp->t_line[tp->t_linelen - 1] != '\t') {
				tp->t_linelen--;
				tty_rubout(tp, tp->t_line[tp->t_linelen]);
			}
			goto out;
		}
		if (tty_cc(tp, c, VEOF)) {
			/* Ends the line without a newline; alone, EOF. */
			tty_line_done(tp);
			wake = true;
			goto out;
		}
literal:
		if (!(t->c_lflag & ICANON)) {
			if (tty_inq_put(tp, c)) {
				tty_echo(tp, c);
				wake = true;
			}
			goto out;
		}
		if (tp->t_linelen >= TTY_LINESIZE - 1 && c != '\n' &&
		    !tty_cc(tp, c, VEOL) && !tty_cc(tp, c, VEOL2)) {
			if (t->c_iflag & IMAXBEL)
				tp->t_oproc(tp, '\a');
			goto out;
		}
		tp->t_line[tp->t_linelen++] = c;
		tty_echo(tp, c);
		if (c == '\n' || tty_cc(tp, c, VEOL) || tty_cc(tp, c, VEOL2)) {
			tty_line_done(tp);
			wake = true;
		}
		goto out;
	}
	/* Raw (non-canonical). */
	if (tty_inq_put(tp, c)) {
		tty_echo(tp, c);
		wake = true;
	}
out:
	spin_unlock(&tp->t_spin);
	if (wake) {
		wakeup(&tp->t_inq);
		selwakeup(&tp->t_rsel);
	}
}

/* ---- Device entry points --------------------------------------------------------- */

int
tty_open(struct tty *tp, int fflag)
{
	struct proc *p = curproc;
	struct session *sess;

	spin_lock(&tp->t_spin);
	if (tp->t_state & TS_GONE) {
		spin_unlock(&tp->t_spin);
		return (ENXIO);
	}
	tp->t_state |= TS_ISOPEN;
	tp->t_opencount++;
	spin_unlock(&tp->t_spin);

	/*
	 * A session leader without a terminal that opens one (without
	 * O_NOCTTY) gets it as its controlling terminal, as on System V
	 * and for the benefit of a simple init.
	 */
	if (p == NULL || (fflag & O_NOCTTY))
		return (0);
	lwkt_gettoken(&proc_token);
	sess = p->p_pgrp != NULL ? p->p_pgrp->pg_session : NULL;
	if (sess != NULL && sess->s_leader == p && sess->s_ttyp == NULL &&
	    tp->t_session == NULL) {
		sess->s_ttyp = tp;
		spin_lock(&tp->t_spin);
		tp->t_session = sess;
		tp->t_pgrp = p->p_pgrp->pg_id;
		spin_unlock(&tp->t_spin);
		p->p_flags |= P_CONTROLT;
	}
	lwkt_reltoken(&proc_token);
	return (0);
}

int
tty_close(struct tty *tp, int fflag)
{
	spin_lock(&tp->t_spin);
	if (tp->t_opencount > 0 && --tp->t_opencount == 0)
		tp->t_state &= ~TS_ISOPEN;
	spin_unlock(&tp->t_spin);
	return (0);
}

/*
 * Is pg orphaned (POSIX): no member has a parent in another group of
 * the same session, so no job-control shell could continue it?  A
 * member whose parent is init counts as orphaned too, as issignal()
 * drops tty stops for those.  proc_token held.
 */
static bool
tty_pgrp_orphaned(struct pgrp *pg, struct proc *self)
{
	struct proc *q, *pp;

	if (self->p_pptr == initproc)
		return (true);
	LIST_FOREACH(q, &pg->pg_members, p_pglist) {
		pp = q->p_pptr;
		if (pp != NULL && pp != initproc && pp->p_pgrp != NULL &&
		    pp->p_pgrp != pg &&
		    pp->p_pgrp->pg_session == pg->pg_session)
			return (false);
	}
	return (true);
}

/*
 * Job control (POSIX 11.1.4, as FreeBSD's tty_wait_background): a
 * process in a background group of the terminal's session that reads
 * it (sig SIGTTIN), or writes with TOSTOP set or changes its settings
 * (SIGTTOU), has sig sent to its group and the call restarts once the
 * group is continued (ERESTART; EINTR if a handler without SA_RESTART
 * catches it).  A process ignoring or blocking SIGTTOU may write and
 * set; one ignoring or blocking SIGTTIN, or in an orphaned group, or a
 * vfork child whose parent waits, gets EIO instead of a stop.
 */
static int
tty_check_background(struct tty *tp, int sig)
{
	struct proc *p = curproc;
	struct lwp *lp = curthread->td_lwp;
	struct sigacts *ps;
	bool masked;
	int error = 0;

	if (p == NULL || lp == NULL)
		return (0);
	lwkt_gettoken(&proc_token);
	if ((p->p_flags & P_CONTROLT) == 0 ||
	    p->p_pgrp == NULL || tp->t_session == NULL ||
	    p->p_pgrp->pg_session != tp->t_session ||
	    tp->t_pgrp == 0 || p->p_pgrp->pg_id == tp->t_pgrp)
		goto out;
	ps = p->p_sigacts;
	masked = SIGISMEMBER(ps->ps_sigignore, sig) ||
	    ps->ps_sigact[sig] == SIG_IGN || SIGISMEMBER(lp->lwp_sigmask, sig);
	if (sig == SIGTTOU && masked)
		goto out;
	if (masked || (p->p_flags & P_PPWAIT) != 0 ||
	    tty_pgrp_orphaned(p->p_pgrp, p)) {
		error = EIO;
		goto out;
	}
	pgsignal(p->p_pgrp, sig, 1);
	if (SIGISMEMBER(ps->ps_sigcatch, sig) &&
	    SIGISMEMBER(ps->ps_sigintr, sig))
		error = EINTR;
	else
		error = ERESTART;
out:
	lwkt_reltoken(&proc_token);
	return (error);
}

int
tty_read(struct tty *tp, struct uio *uio, int ioflag)
{
	struct termios *t = &tp->t_termios;
	char buf[128];
	size_t n, i, want, linelen;
	uint64_t deadline = 0, now;
	int error = 0, timo, vmin, vtime;
	bool canon, eofmark;

	error = tty_check_background(tp, SIGTTIN);
	if (error != 0)
		return (error);
	vlock_acquire(&tp->t_rlock);
	spin_lock(&tp->t_spin);
	for (;;) {
		if (tp->t_state & TS_GONE) {
			break;			/* EOF */
		}
		canon = (t->c_lflag & ICANON) != 0;
		vmin = t->c_cc[VMIN];
		vtime = t->c_cc[VTIME];
		if (canon) {
			if (tp->t_nlines > 0)
				break;
		} else if (tp->t_incount > 0 &&
		    (tp->t_incount >= (size_t)MAX(vmin, 1) ||
		    tp->t_incount >= (size_t)uio->uio_resid || vtime > 0)) {
			break;
		} else if (vmin == 0 && vtime == 0) {
			break;			/* poll: return what there is */
		}
		if (ioflag & IO_NDELAY) {
			error = EWOULDBLOCK;
			break;
		}
		timo = 0;
		if (!canon && vtime > 0) {
			/* VTIME by the uptime clock: ticks may run ahead. */
			now = uptime_ns();
			if (deadline == 0)
				deadline = now + (uint64_t)vtime * 100000000ULL;
			if (now >= deadline)
				break;		/* VTIME expired */
			timo = nstohz(deadline - now);
		}
		error = ssleep(&tp->t_inq, &tp->t_spin, PCATCH, "ttyin", timo);
		if (error == EWOULDBLOCK) {
			error = 0;
			continue;
		}
		if (error != 0) {
			if (error == ERESTART)
				error = EINTR;
			break;
		}
	}
	if (error != 0) {
		spin_unlock(&tp->t_spin);
		vlock_release(&tp->t_rlock);
		return (error);
	}
	/* Copy out in chunks, without the spinlock across uiomove. */
	canon = (t->c_lflag & ICANON) != 0;
	eofmark = false;
	while (uio->uio_resid > 0 && tp->t_incount + (canon &&
	    tp->t_nlines > 0 ? 1 : 0) > 0) {
		if (canon) {
			if (tp->t_nlines == 0)
				break;
			linelen = tp->t_lines[tp->t_linehead];
			if (linelen == 0) {
				/* An EOF mark: consume it; read returns what
				   it has (0 if this was first). */
				if (uio->uio_resid == 0 || eofmark)
					break;
				tp->t_linehead = (tp->t_linehead + 1) %
				    TTY_MAXLINES;
				tp->t_nlines--;
				break;
			}
			want = MIN(linelen, (size_t)uio->uio_resid);
		} else {
			want = MIN(tp->t_incount, (size_t)uio->uio_resid);
		}
		n = MIN(want, sizeof(buf));
		for (i = 0; i < n; i++)
			buf[i] = tp->t_inq[(tp->t_inhead + i) % TTY_INQSIZE];
		tp->t_inhead = (tp->t_inhead + n) % TTY_INQSIZE;
		tp->t_incount -= n;
		if (canon) {
			tp->t_lines[tp->t_linehead] -= n;
			if (tp->t_lines[tp->t_linehead] == 0) {
				tp->t_linehead = (tp->t_linehead + 1) %
				    TTY_MAXLINES;
				tp->t_nlines--;
				eofmark = true;	/* one line per read */
			}
		}
		spin_unlock(&tp->t_spin);
		error = uiomove(buf, n, uio);
		spin_lock(&tp->t_spin);
		if (error != 0 || (canon && eofmark))
			break;
	}
	spin_unlock(&tp->t_spin);
	vlock_release(&tp->t_rlock);
	return (error);
}

int
tty_write(struct tty *tp, struct uio *uio, int ioflag)
{
	char buf[128];
	size_t n, i;
	int error = 0;

	if (tp->t_termios.c_lflag & TOSTOP) {
		error = tty_check_background(tp, SIGTTOU);
		if (error != 0)
			return (error);
	}
	vlock_acquire(&tp->t_wlock);
	while (uio->uio_resid > 0) {
		if (tp->t_state & TS_GONE) {
			error = EIO;
			break;
		}
		n = MIN((size_t)uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error != 0)
			break;
		spin_lock(&tp->t_spin);
		for (i = 0; i < n; i++)
			tty_output(tp, (unsigned char)buf[i]);
		spin_unlock(&tp->t_spin);
	}
	vlock_release(&tp->t_wlock);
	selwakeup(&tp->t_wsel);
	return (error);
}

int
tty_ioctl(struct tty *tp, u_long cmd, caddr_t data, int fflag)
{
	struct proc *p = curproc;
	struct termios *nt;
	struct pgrp *pg;
	struct session *sess;
	bool winch = false;
	int error = 0;

	/* Changing the terminal from the background: SIGTTOU (FreeBSD). */
	switch (cmd) {
	case TIOCSETA:
	case TIOCSETAW:
	case TIOCSETAF:
	case TIOCSPGRP:
	case TIOCSWINSZ:
	case TIOCFLUSH:
	case TIOCDRAIN:
	case TIOCSTART:
	case TIOCSTOP:
	case TIOCSTI:
	case TIOCEXCL:
	case TIOCNXCL:
		error = tty_check_background(tp, SIGTTOU);
		if (error != 0)
			return (error);
		break;
	}
	switch (cmd) {
	case TIOCGETA:
		spin_lock(&tp->t_spin);
		*(struct termios *)data = tp->t_termios;
		spin_unlock(&tp->t_spin);
		return (0);
	case TIOCSETA:
	case TIOCSETAW:
	case TIOCSETAF:
		nt = (struct termios *)data;
		/* Output is synchronous, so DRAIN has nothing to wait for. */
		spin_lock(&tp->t_spin);
		if (cmd == TIOCSETAF)
			tty_flush_input(tp);
		/* Leaving canonical mode: the edited line becomes input. */
		if ((tp->t_termios.c_lflag & ICANON) &&
		    !(nt->c_lflag & ICANON)) {
			size_t i;

			for (i = 0; i < tp->t_linelen; i++)
				tty_inq_put(tp, tp->t_line[i]);
			tp->t_linelen = 0;
			tp->t_nlines = 0;
			tp->t_linehead = 0;
		} else if (!(tp->t_termios.c_lflag & ICANON) &&
		    (nt->c_lflag & ICANON) && tp->t_incount > 0) {
			/* Raw input pending becomes one line. */
			tp->t_lines[0] = tp->t_incount;
			tp->t_linehead = 0;
			tp->t_nlines = 1;
		}
		tp->t_termios = *nt;
		spin_unlock(&tp->t_spin);
		wakeup(&tp->t_inq);
		selwakeup(&tp->t_rsel);
		return (0);
	case TIOCGWINSZ:
		spin_lock(&tp->t_spin);
		*(struct winsize *)data = tp->t_winsize;
		spin_unlock(&tp->t_spin);
		return (0);
	case TIOCSWINSZ:
		spin_lock(&tp->t_spin);
		if (memcmp(&tp->t_winsize, data, sizeof(struct winsize))) {
			tp->t_winsize = *(struct winsize *)data;
			tty_queuesig(tp, SIGWINCH);
			winch = true;
		}
		spin_unlock(&tp->t_spin);
		(void)winch;
		return (0);
	case TIOCGPGRP:
		spin_lock(&tp->t_spin);
		if (tp->t_session == NULL || p == NULL ||
		    p->p_pgrp == NULL ||
		    p->p_pgrp->pg_session != tp->t_session)
			error = ENOTTY;
		else
			*(int *)data = tp->t_pgrp;
		spin_unlock(&tp->t_spin);
		return (error);
	case TIOCSPGRP:
		lwkt_gettoken(&proc_token);
		sess = p != NULL && p->p_pgrp != NULL ?
		    p->p_pgrp->pg_session : NULL;
		if (sess == NULL || tp->t_session != sess) {
			error = ENOTTY;
		} else if (*(int *)data <= 0) {
			error = EINVAL;
		} else {
			pg = pgfind(*(int *)data);
			if (pg == NULL || pg->pg_session != sess)
				error = EPERM;
			else {
				spin_lock(&tp->t_spin);
				tp->t_pgrp = pg->pg_id;
				spin_unlock(&tp->t_spin);
			}
		}
		lwkt_reltoken(&proc_token);
		return (error);
	case TIOCGSID:
		spin_lock(&tp->t_spin);
		if (tp->t_session == NULL)
			error = ENOTTY;
		else
			*(int *)data = tp->t_session->s_sid;
		spin_unlock(&tp->t_spin);
		return (error);
	case TIOCSCTTY:
		lwkt_gettoken(&proc_token);
		sess = p != NULL && p->p_pgrp != NULL ?
		    p->p_pgrp->pg_session : NULL;
		if (sess == NULL || sess->s_leader != p)
			error = EPERM;
		else if (sess->s_ttyp == tp)
			error = 0;
		else if (sess->s_ttyp != NULL ||
		    (tp->t_session != NULL && tp->t_session != sess))
			error = EPERM;
		else {
			sess->s_ttyp = tp;
			spin_lock(&tp->t_spin);
			tp->t_session = sess;
			tp->t_pgrp = p->p_pgrp->pg_id;
			spin_unlock(&tp->t_spin);
			p->p_flags |= P_CONTROLT;
		}
		lwkt_reltoken(&proc_token);
		return (error);
	case TIOCNOTTY:
		lwkt_gettoken(&proc_token);
		sess = p != NULL && p->p_pgrp != NULL ?
		    p->p_pgrp->pg_session : NULL;
		if (sess == NULL || sess->s_ttyp != tp) {
			error = ENOTTY;
		} else {
			p->p_flags &= ~P_CONTROLT;
			if (sess->s_leader == p) {
				sess->s_ttyp = NULL;
				spin_lock(&tp->t_spin);
				tp->t_session = NULL;
				tp->t_pgrp = 0;
				spin_unlock(&tp->t_spin);
			}
		}
		lwkt_reltoken(&proc_token);
		return (error);
	case TIOCFLUSH:
		spin_lock(&tp->t_spin);
		if (*(int *)data == 0 || (*(int *)data & FREAD))
			tty_flush_input(tp);
		spin_unlock(&tp->t_spin);
		return (0);
	case TIOCDRAIN:
	case TIOCSTART:
	case TIOCSTOP:
		return (0);		/* output is synchronous */
	case TIOCSBRK:
	case TIOCCBRK:
		/*
		 * A break is a line condition; the console and the
		 * pseudo-terminals have no line to hold low, so (as
		 * FreeBSD's pts does) setting and clearing it succeed.
		 */
		return (0);
	case TIOCOUTQ:
		*(int *)data = 0;
		return (0);
	case TIOCSTI:
		/* Faking input is root's, or the controlling terminal's. */
		if (caps_priv_check_self(SYSCAP_RESTRICTEDROOT) != 0 &&
		    (p == NULL || p->p_pgrp == NULL ||
		    p->p_pgrp->pg_session != tp->t_session))
			return (EPERM);
		tty_input(tp, *(char *)data);
		return (0);
	case FIONREAD:
		spin_lock(&tp->t_spin);
		*(int *)data = tp->t_incount;
		spin_unlock(&tp->t_spin);
		return (0);
	case FIONBIO:
	case FIOASYNC:
		return (0);
	case TIOCGETD:
		*(int *)data = 0;	/* TTYDISC */
		return (0);
	case TIOCSETD:
		return (*(int *)data == 0 ? 0 : ENXIO);
	case TIOCEXCL:
	case TIOCNXCL:
		return (0);
	default:
		return (ENOTTY);
	}
}

int
tty_poll(struct tty *tp, int events)
{
	int revents = 0;

	spin_lock(&tp->t_spin);
	if (events & (POLLIN | POLLRDNORM)) {
		if ((tp->t_termios.c_lflag & ICANON) ? tp->t_nlines > 0 :
		    tp->t_incount > 0)
			revents |= events & (POLLIN | POLLRDNORM);
	}
	if (tp->t_state & TS_GONE)
		revents |= POLLHUP;
	else
		revents |= events & (POLLOUT | POLLWRNORM);
	spin_unlock(&tp->t_spin);
	return (revents);
}

static void
filt_ttydetach(struct knote *kn)
{
	struct tty *tp = kn->kn_hook;

	knote_remove(kn->kn_filter == EVFILT_READ ? &tp->t_rsel.si_note :
	    &tp->t_wsel.si_note, kn);
}

/* Under knote_spin: peek without t_spin. */
static int
filt_ttyread(struct knote *kn, long hint)
{
	struct tty *tp = kn->kn_hook;

	kn->kn_data = tp->t_incount;
	if (tp->t_state & TS_GONE) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	return ((tp->t_termios.c_lflag & ICANON) ? tp->t_nlines > 0 :
	    tp->t_incount > 0);
}

static int
filt_ttywrite(struct knote *kn, long hint)
{
	struct tty *tp = kn->kn_hook;

	kn->kn_data = 4096;
	if (tp->t_state & TS_GONE) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	return (1);
}

static int
filt_ttyattach(struct knote *kn)
{
	return (0);
}

/* A knote whose tty was freed under it (knote_orphan_list). */
static void
filt_ttygonedetach(struct knote *kn)
{
}

static int
filt_ttygone(struct knote *kn, long hint)
{
	kn->kn_data = 0;
	kn->kn_flags |= EV_EOF;
	return (1);
}

static const struct filterops tty_gonefiltops = {
	1, filt_ttyattach, filt_ttygonedetach, filt_ttygone
};

static const struct filterops tty_rfiltops = {
	1, filt_ttyattach, filt_ttydetach, filt_ttyread
};
static const struct filterops tty_wfiltops = {
	1, filt_ttyattach, filt_ttydetach, filt_ttywrite
};

int
tty_kqfilter(struct tty *tp, struct knote *kn)
{
	switch (kn->kn_filter) {
	case EVFILT_READ:
		kn->kn_fop = &tty_rfiltops;
		kn->kn_hook = tp;
		knote_insert(&tp->t_rsel.si_note, kn);
		return (0);
	case EVFILT_WRITE:
		kn->kn_fop = &tty_wfiltops;
		kn->kn_hook = tp;
		knote_insert(&tp->t_wsel.si_note, kn);
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

/* The device is gone (pty master closed): readers see EOF, SIGHUP. */
void
tty_hangup(struct tty *tp)
{
	spin_lock(&tp->t_spin);
	tp->t_state |= TS_GONE;
	if (tp->t_pgrp != 0)
		tty_queuesig(tp, SIGHUP);
	spin_unlock(&tp->t_spin);
	wakeup(&tp->t_inq);
	selwakeup(&tp->t_rsel);
	selwakeup(&tp->t_wsel);
}
