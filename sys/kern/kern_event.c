/*
 * kqueue and kevent.  A kqueue is a file (DTYPE_KQUEUE) holding knotes,
 * one per registered (ident, filter).  Descriptor filters (READ, WRITE,
 * VNODE) attach through the watched file's fo_kqfilter, which puts the
 * knote on the object's klist; the object calls KNOTE() when its state
 * changes and the filter's f_event decides readiness.  EVFILT_TIMER uses
 * a callout; EVFILT_PROC and EVFILT_SIGNAL knotes sit on global lists
 * that kern_exit.c/kern_fork.c/kern_sig.c report to through
 * knote_proc_exit, knote_proc_fork and knote_signal (kern_exec.c:
 * knote_proc_exec).  A kqueue descriptor takes EVFILT_READ itself.
 *
 * Locking: one spinlock, knote_spin, covers every klist, every kqueue's
 * lists and every knote's state; filters' f_event run under it and must
 * not sleep.  Readiness is level-triggered: a delivered knote stays
 * queued while its filter says ready, unless EV_CLEAR or EV_ONESHOT.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/callout.h>
#include <sys/time.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/signal.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_KQUEUE, "kqueue", "kqueues and knotes");

static struct spinlock knote_spin = SPINLOCK_INITIALIZER("knote");

struct kqueue {
	TAILQ_HEAD(, knote) kq_head;	/* ready knotes */
	LIST_HEAD(, knote) kq_knlist;	/* all knotes */
	int		kq_count;	/* on kq_head */
	struct selinfo	kq_sel;		/* poll/kqueue on the kqueue */
	pid_t		kq_pid;		/* owner (EVFILT_SIGNAL, fd close) */
	int		kq_closing;
	LIST_ENTRY(kqueue) kq_all;	/* kqueue_list */
};

static LIST_HEAD(, kqueue) kqueue_list = LIST_HEAD_INITIALIZER(kqueue_list);

/* EVFILT_PROC and EVFILT_SIGNAL knotes: kn_id is a pid or a signal. */
static struct klist knote_proclist = LIST_HEAD_INITIALIZER(knote_proclist);
static struct klist knote_siglist = LIST_HEAD_INITIALIZER(knote_siglist);

/* ---- Activation --------------------------------------------------------- */

static int knote_nest;		/* knote_enqueue recursion; knote_spin */

/*
 * Queue kn (knote_spin held).  A kqueue that gains a pending event is
 * itself readable: the EVFILT_READ knotes watching it (kq_sel, from
 * kqueue_kqfilter) are queued in turn and their kqueues woken here,
 * since the callers only wake kn's own kqueue.  wakeup() takes only its
 * sleep-queue spinlock, which ssleep() already takes under knote_spin.
 * A knote already queued stops the walk, so loops of kqueues watching
 * each other end; the depth cap bounds the stack for long chains.
 */
static void
knote_enqueue(struct knote *kn)
{
	struct kqueue *kq = kn->kn_kq;
	struct knote *kn2;

	if (kn->kn_status & (KN_QUEUED | KN_DISABLED))
		return;
	TAILQ_INSERT_TAIL(&kq->kq_head, kn, kn_tqe);
	kn->kn_status |= KN_QUEUED | KN_ACTIVE;
	kq->kq_count++;
	if (LIST_EMPTY(&kq->kq_sel.si_note) || knote_nest >= 8)
		return;
	knote_nest++;
	LIST_FOREACH(kn2, &kq->kq_sel.si_note, kn_selnext) {
		if ((kn2->kn_status & KN_DELETING) == 0 &&
		    kn2->kn_fop->f_event(kn2, 0)) {
			knote_enqueue(kn2);
			wakeup(kn2->kn_kq);
		}
	}
	knote_nest--;
}

static void
knote_dequeue(struct knote *kn)
{
	struct kqueue *kq = kn->kn_kq;

	if ((kn->kn_status & KN_QUEUED) == 0)
		return;
	TAILQ_REMOVE(&kq->kq_head, kn, kn_tqe);
	kn->kn_status &= ~(KN_QUEUED | KN_ACTIVE);
	kq->kq_count--;
}

/* Wake the kqueue's sleepers; called without knote_spin. */
static void
kqueue_wakeup(struct kqueue *kq)
{
	wakeup(kq);
	/* kq_sel's knotes would recurse into knote_spin: wake pollers only. */
	seltrue_wakeup();
}

void
knote(struct klist *list, long hint)
{
	struct knote *kn;
	struct kqueue *wake[8];
	int nwake = 0, i;

	spin_lock(&knote_spin);
	LIST_FOREACH(kn, list, kn_selnext) {
		if (kn->kn_status & KN_DELETING)
			continue;
		if (kn->kn_fop->f_event(kn, hint)) {
			knote_enqueue(kn);
			if (nwake < (int)nitems(wake))
				wake[nwake++] = kn->kn_kq;
		}
	}
	spin_unlock(&knote_spin);
	for (i = 0; i < nwake; i++)
		wakeup(wake[i]);
	if (nwake > 0)
		seltrue_wakeup();
}

/* Called from f_attach (knote_spin not held) and f_detach (held). */
void
knote_insert(struct klist *list, struct knote *kn)
{
	bool held = spin_held(&knote_spin);

	if (!held)
		spin_lock(&knote_spin);
	LIST_INSERT_HEAD(list, kn, kn_selnext);
	kn->kn_status &= ~KN_DETACHED;
	if (!held)
		spin_unlock(&knote_spin);
}

void
knote_remove(struct klist *list, struct knote *kn)
{
	bool held = spin_held(&knote_spin);

	if (!held)
		spin_lock(&knote_spin);
	if ((kn->kn_status & KN_DETACHED) == 0) {
		LIST_REMOVE(kn, kn_selnext);
		kn->kn_status |= KN_DETACHED;
	}
	if (!held)
		spin_unlock(&knote_spin);
}

/* ---- Filters without a file ------------------------------------------------ */

static int
filt_procattach(struct knote *kn)
{
	struct proc *p;

	p = pfind((pid_t)kn->kn_id);
	if (p == NULL)
		return (ESRCH);
	prele(p);
	knote_insert(&knote_proclist, kn);
	return (0);
}

static void
filt_procdetach(struct knote *kn)
{
	knote_remove(&knote_proclist, kn);
}

/* hint: NOTE_EXIT | status, NOTE_FORK | child pid, NOTE_EXEC. */
static int
filt_proc(struct knote *kn, long hint)
{
	u_int event = hint & NOTE_PCTRLMASK;

	if (event == 0)
		return (kn->kn_fflags != 0);
	if (kn->kn_sfflags & event)
		kn->kn_fflags |= event;
	if (event == NOTE_EXIT) {
		kn->kn_data = hint & NOTE_PDATAMASK;
		kn->kn_flags |= EV_EOF | EV_ONESHOT;
	}
	return (kn->kn_fflags != 0);
}

static const struct filterops proc_filtops = {
	0, filt_procattach, filt_procdetach, filt_proc
};

static int
filt_sigattach(struct knote *kn)
{
	if (kn->kn_id == 0 || kn->kn_id >= NSIG)
		return (EINVAL);
	kn->kn_flags |= EV_CLEAR;	/* counts since the last delivery */
	knote_insert(&knote_siglist, kn);
	return (0);
}

static void
filt_sigdetach(struct knote *kn)
{
	knote_remove(&knote_siglist, kn);
}

static int
filt_signal(struct knote *kn, long hint)
{
	if (hint == (long)kn->kn_id)
		kn->kn_data++;
	return (kn->kn_data != 0);
}

const struct filterops sig_filtops = {
	0, filt_sigattach, filt_sigdetach, filt_signal
};

/*
 * An EVFILT_TIMER knote's state.  The callout counts ticks, and ticks
 * are interrupts: an emulator that delays a CPU's timer interrupts
 * delivers the missed ones back to back, so a tick count can run ahead
 * of the uptime clock and a callout fire a tick or more early.  The
 * deadline, kept in uptime nanoseconds, is what decides: a callout that
 * comes early is re-armed for the rest, as nanosleep does.  The callout
 * comes first so that knote_drop can stop it through kn_hook.
 */
struct kntimer {
	struct callout	kt_callout;
	uint64_t	kt_next;	/* uptime ns of the next expiry */
	uint64_t	kt_period;	/* ns */
};

static void
filt_timerexpire(void *arg)
{
	struct knote *kn = arg;
	struct kntimer *kt;
	struct kqueue *kq;
	uint64_t now, n;

	spin_lock(&knote_spin);
	if (kn->kn_status & KN_DELETING) {
		spin_unlock(&knote_spin);
		return;
	}
	kt = kn->kn_hook;
	now = uptime_ns();
	if (now < kt->kt_next) {
		/* Early by the uptime clock: wait out the rest. */
		callout_reset(&kt->kt_callout, nstohz(kt->kt_next - now),
		    filt_timerexpire, kn);
		spin_unlock(&knote_spin);
		return;
	}
	/*
	 * A periodic timer counts every period that has ended, so a late
	 * callout does not lose expiries, and keeps its phase.
	 */
	n = 1;
	if ((kn->kn_flags & EV_ONESHOT) == 0) {
		n += (now - kt->kt_next) / kt->kt_period;
		kt->kt_next += n * kt->kt_period;
	}
	kn->kn_data += (int64_t)n;
	knote_enqueue(kn);
	kq = kn->kn_kq;
	if ((kn->kn_flags & EV_ONESHOT) == 0)
		callout_reset(&kt->kt_callout,
		    nstohz(kt->kt_next - now), filt_timerexpire, kn);
	spin_unlock(&knote_spin);
	kqueue_wakeup(kq);
}

static int
filt_timerattach(struct knote *kn)
{
	struct kntimer *kt;
	int64_t t = kn->kn_sdata;
	uint64_t ns;

	if (t < 0)
		return (EINVAL);
	switch (kn->kn_sfflags & (NOTE_SECONDS | NOTE_MSECONDS |
	    NOTE_USECONDS | NOTE_NSECONDS)) {
	case NOTE_SECONDS:
		ns = (uint64_t)t * 1000000000ULL;
		if (t > INT64_MAX / 1000000000LL)
			ns = INT64_MAX;
		break;
	case NOTE_USECONDS:
		ns = (uint64_t)t * 1000ULL;
		if (t > INT64_MAX / 1000LL)
			ns = INT64_MAX;
		break;
	case NOTE_NSECONDS:
		ns = (uint64_t)t;
		break;
	case 0:
	case NOTE_MSECONDS:
		ns = (uint64_t)t * 1000000ULL;
		if (t > INT64_MAX / 1000000LL)
			ns = INT64_MAX;
		break;
	default:
		return (EINVAL);
	}
	/* A zero period still takes a tick: it must not spin the CPU. */
	if (ns < 1000000000ULL / hz)
		ns = 1000000000ULL / hz;
	kt = kmalloc(sizeof(*kt), M_KQUEUE, M_WAITOK | M_ZERO);
	callout_init_mp(&kt->kt_callout);
	kt->kt_period = ns;
	kt->kt_next = uptime_ns() + ns;
	kn->kn_hook = kt;
	kn->kn_flags |= EV_CLEAR;
	kn->kn_status |= KN_DETACHED;
	callout_reset(&kt->kt_callout, nstohz(ns), filt_timerexpire, kn);
	return (0);
}

static void
filt_timerdetach(struct knote *kn)
{
	/* The callout is stopped and freed by knote_drop, unlocked. */
}

static int
filt_timer(struct knote *kn, long hint)
{
	return (kn->kn_data != 0);
}

static const struct filterops timer_filtops = {
	0, filt_timerattach, filt_timerdetach, filt_timer
};

/*
 * The object behind list is going away while knotes may still be on it
 * (ones registered through another file, such as /dev/tty's on a pty):
 * each is taken off the list, given fop (whose event reports EOF and
 * whose detach has no object to touch) and made ready, so its owner
 * sees the end rather than a freed object.
 */
void
knote_orphan_list(struct klist *list, const struct filterops *fop)
{
	struct knote *kn;
	struct kqueue *wake[8];
	int nwake = 0, i;

	spin_lock(&knote_spin);
	while ((kn = LIST_FIRST(list)) != NULL) {
		LIST_REMOVE(kn, kn_selnext);
		kn->kn_status |= KN_DETACHED;
		kn->kn_fop = fop;
		kn->kn_hook = NULL;
		if ((kn->kn_status & KN_DELETING) == 0 && fop->f_event(kn, 0)) {
			knote_enqueue(kn);
			if (nwake < (int)nitems(wake))
				wake[nwake++] = kn->kn_kq;
		}
	}
	spin_unlock(&knote_spin);
	for (i = 0; i < nwake; i++)
		kqueue_wakeup(wake[i]);
}

/* Hooks for the process code. */
void
knote_proc_exit(struct proc *p)
{
	struct knote *kn;
	struct kqueue *wake[8];
	int nwake = 0, i;

	spin_lock(&knote_spin);
	LIST_FOREACH(kn, &knote_proclist, kn_selnext) {
		if (kn->kn_id != (uint64_t)p->p_pid ||
		    (kn->kn_status & KN_DELETING))
			continue;
		if (filt_proc(kn, NOTE_EXIT | (p->p_xstat & NOTE_PDATAMASK))) {
			knote_enqueue(kn);
			if (nwake < (int)nitems(wake))
				wake[nwake++] = kn->kn_kq;
		}
	}
	spin_unlock(&knote_spin);
	for (i = 0; i < nwake; i++)
		kqueue_wakeup(wake[i]);
}

/* Report a NOTE_FORK or NOTE_EXEC hint to p's EVFILT_PROC watchers. */
static void
knote_proc_event(struct proc *p, long hint)
{
	struct knote *kn;
	struct kqueue *wake[8];
	int nwake = 0, i;

	spin_lock(&knote_spin);
	LIST_FOREACH(kn, &knote_proclist, kn_selnext) {
		if (kn->kn_id != (uint64_t)p->p_pid ||
		    (kn->kn_status & KN_DELETING))
			continue;
		if (filt_proc(kn, hint)) {
			knote_enqueue(kn);
			if (nwake < (int)nitems(wake))
				wake[nwake++] = kn->kn_kq;
		}
	}
	spin_unlock(&knote_spin);
	for (i = 0; i < nwake; i++)
		kqueue_wakeup(wake[i]);
}

void
knote_proc_fork(struct proc *p, pid_t child)
{
	knote_proc_event(p, NOTE_FORK | (child & NOTE_PDATAMASK));
}

/* p has replaced its image (execve committed). */
void
knote_proc_exec(struct proc *p)
{
	knote_proc_event(p, NOTE_EXEC);
}

void
knote_signal(struct proc *p, int sig)
{
	struct knote *kn;
	struct kqueue *wake[8];
	int nwake = 0, i;

	spin_lock(&knote_spin);
	LIST_FOREACH(kn, &knote_siglist, kn_selnext) {
		if (kn->kn_kq->kq_pid != p->p_pid ||
		    (kn->kn_status & KN_DELETING))
			continue;
		if (filt_signal(kn, sig)) {
			knote_enqueue(kn);
			if (nwake < (int)nitems(wake))
				wake[nwake++] = kn->kn_kq;
		}
	}
	spin_unlock(&knote_spin);
	for (i = 0; i < nwake; i++)
		kqueue_wakeup(wake[i]);
}

/* ---- Registration ------------------------------------------------------------ */

/* Unhook and free a knote; knote_spin NOT held. */
static void
knote_drop(struct knote *kn)
{
	struct kqueue *kq = kn->kn_kq;

	spin_lock(&knote_spin);
	kn->kn_status |= KN_DELETING;
	knote_dequeue(kn);
	LIST_REMOVE(kn, kn_link);
	if (kn->kn_fop != NULL && kn->kn_fop->f_detach != NULL)
		kn->kn_fop->f_detach(kn);
	spin_unlock(&knote_spin);
	(void)kq;
	if (kn->kn_fop == &timer_filtops && kn->kn_hook != NULL) {
		callout_stop(kn->kn_hook);
		kfree(kn->kn_hook, M_KQUEUE);
	}
	if (kn->kn_fop != NULL && kn->kn_fop->f_isfd && kn->kn_fp != NULL)
		fdrop(kn->kn_fp);
	kfree(kn, M_KQUEUE);
}

static struct knote *
knote_find(struct kqueue *kq, uint64_t ident, int16_t filter)
{
	struct knote *kn;

	LIST_FOREACH(kn, &kq->kq_knlist, kn_link) {
		if (kn->kn_id == ident && kn->kn_filter == filter &&
		    (kn->kn_status & KN_DELETING) == 0)
			return (kn);
	}
	return (NULL);
}

static int
kqueue_register(struct kqueue *kq, struct kevent *kev)
{
	struct knote *kn;
	struct file *fp = NULL;
	const struct filterops *fops = NULL;
	int error;

	switch (kev->filter) {
	case EVFILT_READ:
	case EVFILT_WRITE:
	case EVFILT_VNODE:
		if (kev->ident > INT32_MAX)
			return (EBADF);
		error = holdfp(curthread, (int)kev->ident, 0, &fp);
		if (error != 0)
			return (error);
		break;
	case EVFILT_PROC:
		fops = &proc_filtops;
		break;
	case EVFILT_SIGNAL:
		fops = &sig_filtops;
		break;
	case EVFILT_TIMER:
		fops = &timer_filtops;
		break;
	default:
		return (EINVAL);
	}

	spin_lock(&knote_spin);
	kn = knote_find(kq, kev->ident, kev->filter);
	spin_unlock(&knote_spin);

	if (kn == NULL && (kev->flags & EV_ADD) == 0) {
		if (fp != NULL)
			fdrop(fp);
		return (ENOENT);
	}
	if (kn != NULL && (kev->flags & EV_DELETE)) {
		if (fp != NULL)
			fdrop(fp);
		knote_drop(kn);
		return (0);
	}
	if (kn == NULL) {
		kn = kmalloc(sizeof(*kn), M_KQUEUE, M_WAITOK | M_ZERO);
		kn->kn_kq = kq;
		kn->kn_kevent = *kev;
		kn->kn_kevent.flags &= ~(EV_ADD | EV_DELETE | EV_ENABLE |
		    EV_DISABLE | EV_SYSFLAGS);
		kn->kn_kevent.fflags = 0;
		kn->kn_kevent.data = 0;
		kn->kn_sfflags = kev->fflags;
		kn->kn_sdata = kev->data;
		kn->kn_status = KN_DETACHED;
		if (kev->flags & EV_DISABLE)
			kn->kn_status |= KN_DISABLED;
		kn->kn_fp = fp;
		if (fp != NULL) {
			error = fo_kqfilter(fp, kn);
		} else {
			kn->kn_fop = fops;
			error = fops->f_attach(kn);
		}
		if (error != 0) {
			if (fp != NULL)
				fdrop(fp);
			if (kn->kn_hook != NULL && fops == &timer_filtops)
				kfree(kn->kn_hook, M_KQUEUE);
			kfree(kn, M_KQUEUE);
			return (error);
		}
		spin_lock(&knote_spin);
		LIST_INSERT_HEAD(&kq->kq_knlist, kn, kn_link);
		/* Already ready?  Level-triggered, so ask now. */
		if (kn->kn_fop->f_event(kn, 0))
			knote_enqueue(kn);
		spin_unlock(&knote_spin);
		kqueue_wakeup(kq);
		return (0);
	}
	/* Modify an existing knote. */
	if (fp != NULL)
		fdrop(fp);
	spin_lock(&knote_spin);
	kn->kn_sfflags = kev->fflags;
	kn->kn_sdata = kev->data;
	kn->kn_kevent.udata = kev->udata;
	if (kev->flags & EV_DISABLE) {
		kn->kn_status |= KN_DISABLED;
		knote_dequeue(kn);
	}
	if (kev->flags & EV_ENABLE) {
		kn->kn_status &= ~KN_DISABLED;
		if (kn->kn_fop->f_event(kn, 0))
			knote_enqueue(kn);
	}
	kn->kn_kevent.flags = (kn->kn_kevent.flags & ~(EV_ONESHOT |
	    EV_CLEAR | EV_DISPATCH)) | (kev->flags & (EV_ONESHOT | EV_CLEAR |
	    EV_DISPATCH));
	spin_unlock(&knote_spin);
	return (0);
}

/*
 * Collect up to max ready events into kevs.  Level-triggered knotes that
 * stay ready go back on the queue for the next call.  *budget counts the
 * knotes one kevent call may still take off the queue (-1: all queued
 * now), so that a call that scans again for more events stops before
 * the knotes it put back and reports none twice.
 */
static int
kqueue_scan(struct kqueue *kq, struct kevent *kevs, int max, int *budget,
    struct knote **drop, int *ndrop)
{
	struct knote *kn, *marker_next;
	TAILQ_HEAD(, knote) requeue = TAILQ_HEAD_INITIALIZER(requeue);
	int n = 0;

	*ndrop = 0;
	spin_lock(&knote_spin);
	if (*budget < 0)
		*budget = kq->kq_count;
	while (n < max && *budget > 0 &&
	    (kn = TAILQ_FIRST(&kq->kq_head)) != NULL) {
		(*budget)--;
		TAILQ_REMOVE(&kq->kq_head, kn, kn_tqe);
		kn->kn_status &= ~(KN_QUEUED | KN_ACTIVE);
		kq->kq_count--;
		if ((kn->kn_status & KN_DISABLED) ||
		    (!kn->kn_fop->f_event(kn, 0) &&
		    (kn->kn_flags & EV_ONESHOT) == 0))
			continue;
		kevs[n++] = kn->kn_kevent;
		if (kn->kn_flags & EV_ONESHOT) {
			kn->kn_status |= KN_DELETING;
			drop[(*ndrop)++] = kn;
			continue;
		}
		if (kn->kn_flags & EV_CLEAR) {
			kn->kn_data = 0;
			kn->kn_fflags = 0;
			continue;
		}
		if (kn->kn_flags & EV_DISPATCH) {
			kn->kn_status |= KN_DISABLED;
			continue;
		}
		TAILQ_INSERT_TAIL(&requeue, kn, kn_tqe);
	}
	while ((kn = TAILQ_FIRST(&requeue)) != NULL) {
		marker_next = TAILQ_NEXT(kn, kn_tqe);
		(void)marker_next;
		TAILQ_REMOVE(&requeue, kn, kn_tqe);
		TAILQ_INSERT_TAIL(&kq->kq_head, kn, kn_tqe);
		kn->kn_status |= KN_QUEUED | KN_ACTIVE;
		kq->kq_count++;
	}
	spin_unlock(&knote_spin);
	return (n);
}

/* ---- The kqueue file ------------------------------------------------------------ */

static int
kqueue_poll(struct file *fp, int events, struct ucred *cred)
{
	struct kqueue *kq = fp->f_data;
	int revents = 0;

	spin_lock(&knote_spin);
	if (kq->kq_count > 0)
		revents = events & (POLLIN | POLLRDNORM);
	spin_unlock(&knote_spin);
	return (revents);
}

static int
kqueue_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	struct kqueue *kq = fp->f_data;

	memset(sb, 0, sizeof(*sb));
	sb->st_size = kq->kq_count;
	sb->st_blksize = sizeof(struct kevent);
	sb->st_mode = S_IFIFO;
	return (0);
}

static int
kqueue_close(struct file *fp)
{
	struct kqueue *kq = fp->f_data;
	struct knote *kn;

	for (;;) {
		spin_lock(&knote_spin);
		kn = LIST_FIRST(&kq->kq_knlist);
		spin_unlock(&knote_spin);
		if (kn == NULL)
			break;
		knote_drop(kn);
	}
	spin_lock(&knote_spin);
	LIST_REMOVE(kq, kq_all);
	spin_unlock(&knote_spin);
	kfree(kq, M_KQUEUE);
	return (0);
}

static int
kqueue_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	switch (cmd) {
	case FIONBIO:
	case FIOASYNC:
		return (0);
	default:
		return (ENOTTY);
	}
}

/*
 * EVFILT_READ on a kqueue: ready while it has events pending, data the
 * number pending (as FreeBSD).  Other filters: EINVAL, as FreeBSD.
 */
static void
filt_kqdetach(struct knote *kn)
{
	struct kqueue *kq = kn->kn_hook;

	knote_remove(&kq->kq_sel.si_note, kn);
}

static int
filt_kqueue(struct knote *kn, long hint)
{
	struct kqueue *kq = kn->kn_hook;

	kn->kn_data = kq->kq_count;
	return (kn->kn_data > 0);
}

static const struct filterops kqread_filtops = {
	1, NULL, filt_kqdetach, filt_kqueue
};

static int
kqueue_kqfilter(struct file *fp, struct knote *kn)
{
	struct kqueue *kq = fp->f_data;

	if (kn->kn_filter != EVFILT_READ)
		return (EINVAL);
	kn->kn_fop = &kqread_filtops;
	kn->kn_hook = kq;
	knote_insert(&kq->kq_sel.si_note, kn);
	return (0);
}

static struct fileops kqueueops = {
	.fo_read = badfo_readwrite,
	.fo_write = badfo_readwrite,
	.fo_ioctl = kqueue_ioctl,
	.fo_poll = kqueue_poll,
	.fo_kqfilter = kqueue_kqfilter,
	.fo_stat = kqueue_stat,
	.fo_close = kqueue_close,
};

int
sys_kqueue(struct sysmsg *sysmsg, const struct kqueue_args *uap)
{
	struct thread *td = curthread;
	struct kqueue *kq;
	struct file *fp;
	int fd, error;

	kq = kmalloc(sizeof(*kq), M_KQUEUE, M_WAITOK | M_ZERO);
	TAILQ_INIT(&kq->kq_head);
	LIST_INIT(&kq->kq_knlist);
	LIST_INIT(&kq->kq_sel.si_note);
	kq->kq_pid = td->td_proc->p_pid;
	error = falloc(td, &fp, &fd);
	if (error != 0) {
		kfree(kq, M_KQUEUE);
		return (error);
	}
	spin_lock(&knote_spin);
	LIST_INSERT_HEAD(&kqueue_list, kq, kq_all);
	spin_unlock(&knote_spin);
	finit(fp, FREAD | FWRITE, DTYPE_KQUEUE, kq, &kqueueops);
	fdrop(fp);
	sysmsg->sysmsg_result = fd;
	return (0);
}

/*
 * Descriptor fd of p is being closed: its knotes in p's kqueues go too
 * (they hold a reference on the file, which would otherwise keep the
 * object open).
 */
void
knote_fdclose(struct proc *p, int fd)
{
	struct kqueue *kq;
	struct knote *kn;

	for (;;) {
		kn = NULL;
		spin_lock(&knote_spin);
		LIST_FOREACH(kq, &kqueue_list, kq_all) {
			if (kq->kq_pid != p->p_pid)
				continue;
			LIST_FOREACH(kn, &kq->kq_knlist, kn_link) {
				if (kn->kn_fop != NULL && kn->kn_fop->f_isfd &&
				    kn->kn_id == (uint64_t)fd &&
				    (kn->kn_status & KN_DELETING) == 0)
					break;
			}
			if (kn != NULL)
				break;
		}
		if (kn != NULL)
			kn->kn_status |= KN_DELETING;
		spin_unlock(&knote_spin);
		if (kn == NULL)
			break;
		knote_drop(kn);
	}
}

#define KQ_NEVENTS	8

int
sys_kevent(struct sysmsg *sysmsg, const struct kevent_args *uap)
{
	struct thread *td = curthread;
	struct kevent kev, kevs[KQ_NEVENTS];
	struct knote *drop[KQ_NEVENTS];
	struct timespec ts;
	struct kqueue *kq;
	struct file *fp;
	uint64_t deadline = 0, now;
	int error, i, n, nerr = 0, total = 0, ndrop, timo, budget = -1;

	if (uap->nchanges < 0 || uap->nevents < 0)
		return (EINVAL);
	error = holdfp(td, uap->fd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_KQUEUE) {
		fdrop(fp);
		return (EBADF);
	}
	kq = fp->f_data;
	if (uap->timeout != NULL) {
		error = copyin(uap->timeout, &ts, sizeof(ts));
		if (error != 0)
			goto out;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000) {
			error = EINVAL;
			goto out;
		}
		/*
		 * The deadline is kept in uptime nanoseconds (as for the
		 * timer filter): ticks can run ahead of the clock under an
		 * emulator, and the wait must not end early.  A zero
		 * timeout polls (the loop below never sleeps for it).
		 */
		if (ts.tv_sec < 1000000000)
			deadline = uptime_ns() +
			    (uint64_t)ts.tv_sec * 1000000000ULL +
			    (uint64_t)ts.tv_nsec;
	}

	for (i = 0; i < uap->nchanges; i++) {
		error = copyin(uap->changelist + i, &kev, sizeof(kev));
		if (error != 0)
			goto out;
		error = kqueue_register(kq, &kev);
		if (error != 0 || (kev.flags & EV_RECEIPT)) {
			if (nerr < uap->nevents) {
				kev.flags = EV_ERROR;
				kev.data = error;
				error = copyout(&kev, uap->eventlist + nerr,
				    sizeof(kev));
				if (error != 0)
					goto out;
				nerr++;
				error = 0;
			} else if (error != 0) {
				goto out;
			}
		}
	}
	if (nerr > 0) {
		sysmsg->sysmsg_result = nerr;
		goto out;
	}

	for (;;) {
		n = kqueue_scan(kq, kevs, MIN(uap->nevents - total,
		    KQ_NEVENTS), &budget, drop, &ndrop);
		for (i = 0; i < ndrop; i++)
			knote_drop(drop[i]);
		if (n > 0) {
			error = copyout(kevs, uap->eventlist + total,
			    n * sizeof(struct kevent));
			if (error != 0)
				break;
			total += n;
			if (total < uap->nevents)
				continue;	/* more may be queued */
		}
		if (total > 0 || uap->nevents == 0)
			break;
		if (uap->timeout != NULL && ts.tv_sec == 0 && ts.tv_nsec == 0)
			break;
		timo = 0;
		if (deadline != 0) {
			now = uptime_ns();
			if (now >= deadline)
				break;
			timo = nstohz(deadline - now);
		}
		spin_lock(&knote_spin);
		if (kq->kq_count == 0)
			error = ssleep(kq, &knote_spin, PCATCH, "kqread", timo);
		spin_unlock(&knote_spin);
		budget = -1;		/* what is queued after the wait */
		if (error == EWOULDBLOCK) {
			error = 0;
			continue;	/* the deadline check ends it */
		}
		if (error != 0) {
			error = error == ERESTART ? EINTR : error;
			break;
		}
	}
	sysmsg->sysmsg_result = total;
out:
	fdrop(fp);
	return (error);
}
