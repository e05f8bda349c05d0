/*
 * Signals.  Pending signals are per process (p_siglist) with a queue of
 * siginfo records (p_sigq) so that real-time signals and sigqueue values
 * are delivered once per send; the mask is per lwp.  A signal is posted
 * by ksignal_info(), which also wakes an interruptible sleep and pokes
 * the target's CPU; it is acted on in userret() on the way back to user
 * mode: default actions (terminate, core -> terminate, stop, continue,
 * ignore) are done here, handlers are entered through the port's
 * cpu_sendsig() and left through sigreturn/cpu_sigreturn.  Job-control
 * stops put the process in SSTOP until SIGCONT or SIGKILL.
 *
 * Locking: p_token protects p_siglist, p_sigq, p_stat and p_sigacts.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/signalvar.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/event.h>
#include <machine/cpufunc.h>

MALLOC_DEFINE(M_SIGACTS, "sigacts", "signal actions");
MALLOC_DEFINE(M_KSIGINFO, "ksiginfo", "queued signals");

static const char sigproptbl[] = {
	[SIGHUP] = SA_KILL,
	[SIGINT] = SA_KILL,
	[SIGQUIT] = SA_KILL | SA_CORE,
	[SIGILL] = SA_KILL | SA_CORE,
	[SIGTRAP] = SA_KILL | SA_CORE,
	[SIGABRT] = SA_KILL | SA_CORE,
	[SIGEMT] = SA_KILL | SA_CORE,
	[SIGFPE] = SA_KILL | SA_CORE,
	[SIGKILL] = SA_KILL,
	[SIGBUS] = SA_KILL | SA_CORE,
	[SIGSEGV] = SA_KILL | SA_CORE,
	[SIGSYS] = SA_KILL | SA_CORE,
	[SIGPIPE] = SA_KILL,
	[SIGALRM] = SA_KILL,
	[SIGTERM] = SA_KILL,
	[SIGURG] = SA_IGNORE,
	[SIGSTOP] = SA_STOP,
	[SIGTSTP] = SA_STOP | SA_TTYSTOP,
	[SIGCONT] = SA_IGNORE | SA_CONT,
	[SIGCHLD] = SA_IGNORE,
	[SIGTTIN] = SA_STOP | SA_TTYSTOP,
	[SIGTTOU] = SA_STOP | SA_TTYSTOP,
	[SIGIO] = SA_IGNORE,
	[SIGXCPU] = SA_KILL,
	[SIGXFSZ] = SA_KILL,
	[SIGVTALRM] = SA_KILL,
	[SIGPROF] = SA_KILL,
	[SIGWINCH] = SA_IGNORE,
	[SIGINFO] = SA_IGNORE,
	[SIGUSR1] = SA_KILL,
	[SIGUSR2] = SA_KILL,
	[SIGTHR] = SA_IGNORE,
};

int
sigprop(int sig)
{
	if (sig > 0 && sig < (int)sizeof(sigproptbl))
		return (sigproptbl[sig]);
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		return (SA_KILL);
	return (0);
}

static bool
sig_cantmask(int sig)
{
	return (sig == SIGKILL || sig == SIGSTOP);
}

static void
sigmask_sanitize(sigset_t *set)
{
	SIGDELSET(*set, SIGKILL);
	SIGDELSET(*set, SIGSTOP);
}

void
sigacts_init(struct proc *p)
{
	struct sigacts *ps;

	ps = kmalloc(sizeof(*ps), M_SIGACTS, M_WAITOK | M_ZERO);
	ps->ps_refcnt = 1;
	p->p_sigacts = ps;
}

struct sigacts *
sigacts_copy(struct sigacts *ps)
{
	struct sigacts *n;

	n = kmalloc(sizeof(*n), M_SIGACTS, M_NOWAIT);
	if (n == NULL)
		return (NULL);
	*n = *ps;
	n->ps_refcnt = 1;
	return (n);
}

void
sigacts_free(struct sigacts *ps)
{
	if (--ps->ps_refcnt == 0)
		kfree(ps, M_SIGACTS);
}

/*
 * exec (by p's one remaining lwp, the caller): caught signals go back
 * to default; ignored stay ignored.
 */
void
execsigs(struct proc *p)
{
	struct sigacts *ps = p->p_sigacts;
	struct lwp *lp = curthread->td_lwp;
	int sig;

	lwkt_gettoken(&p->p_token);
	for (sig = 1; sig < NSIG; sig++) {
		if (SIGISMEMBER(ps->ps_sigcatch, sig)) {
			SIGDELSET(ps->ps_sigcatch, sig);
			if ((sigprop(sig) & SA_IGNORE) != 0 && sig != SIGCONT) {
				SIGADDSET(ps->ps_sigignore, sig);
				SIGDELSET(p->p_siglist, sig);
			}
			ps->ps_sigact[sig] = SIG_DFL;
		}
		ps->ps_flags[sig] = 0;
	}
	SIGEMPTYSET(ps->ps_sigonstack);
	lp->lwp_sighidepth = 0;
	lp->lwp_sigstk.ss_flags = SS_DISABLE;
	lp->lwp_sigstk.ss_size = 0;
	lp->lwp_sigstk.ss_sp = NULL;
	lwkt_reltoken(&p->p_token);
}

static void
sigq_drop(struct proc *p, int sig)
{
	struct ksiginfo *k, *next;

	for (k = TAILQ_FIRST(&p->p_sigq); k != NULL; k = next) {
		next = TAILQ_NEXT(k, ksi_link);
		if (k->ksi_info.si_signo == sig) {
			TAILQ_REMOVE(&p->p_sigq, k, ksi_link);
			p->p_sigqlen--;
			kfree(k, M_KSIGINFO);
		}
	}
}

static int
sigq_count(struct proc *p, int sig)
{
	struct ksiginfo *k;
	int n = 0;

	TAILQ_FOREACH(k, &p->p_sigq, ksi_link)
		if (k->ksi_info.si_signo == sig)
			n++;
	return (n);
}

/*
 * Take sig if it is pending for lp alone; its siginfo into *si.
 * p_token held.
 */
static bool
lwp_sigtake(struct lwp *lp, int sig, siginfo_t *si)
{
	if (!SIGISMEMBER(lp->lwp_siglist, sig))
		return (false);
	SIGDELSET(lp->lwp_siglist, sig);
	if (lp->lwp_trapinfo.si_signo == sig) {
		*si = lp->lwp_trapinfo;
		lp->lwp_trapinfo.si_signo = 0;
	} else {
		memset(si, 0, sizeof(*si));
		si->si_signo = sig;
		si->si_code = SI_LWP;
	}
	return (true);
}

/* Take the first queued siginfo for sig into *si; true if there was one. */
static bool
sigq_take(struct proc *p, int sig, siginfo_t *si)
{
	struct ksiginfo *k;

	TAILQ_FOREACH(k, &p->p_sigq, ksi_link)
		if (k->ksi_info.si_signo == sig)
			break;
	if (k == NULL)
		return (false);
	*si = k->ksi_info;
	TAILQ_REMOVE(&p->p_sigq, k, ksi_link);
	p->p_sigqlen--;
	kfree(k, M_KSIGINFO);
	/* More instances still queued keep the signal pending. */
	if (sigq_count(p, sig) == 0)
		SIGDELSET(p->p_siglist, sig);
	return (true);
}

/*
 * Make lp's thread look at its signals soon: out of a sleep, into
 * userret.  The signal is pending already; the fence orders that before
 * the read of td_wchan in sleep_interrupt, which a sleeper writes before
 * it reads the pending set: a thread going to sleep in sigsuspend either
 * sees the signal itself or is seen here as asleep.
 */
void
lwp_signal_poke(struct lwp *lp)
{
	struct thread *td = lp->lwp_thread;
	struct globaldata *gd = td->td_gd;

	__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_SIGNAL, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sleep_interrupt(td);
	if (gd != mycpu)
		cpu_send_ipi(gd->gd_cpuid, IPI_RESCHED);
}

/*
 * Wake a thread of p so that the signal is taken soon: the first lwp
 * that does not block it (SIGKILL: every lwp, they all must go).  When
 * every lwp blocks it the signal just stays pending on the process.
 */
static void
signal_notify(struct proc *p, int sig)
{
	struct lwp *lp;

	/* The pending bit before the masks (see lwp_signal_poke). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lwkt_gettoken(&p->p_token);
	LIST_FOREACH(lp, &p->p_lwps, lwp_list) {
		if (sig == SIGKILL) {
			lwp_signal_poke(lp);
			continue;
		}
		if (!SIGISMEMBER(lp->lwp_sigmask, sig)) {
			lwp_signal_poke(lp);
			break;
		}
	}
	lwkt_reltoken(&p->p_token);
}

/* Does some lwp of p block sig?  p_token held. */
static bool
sig_blocked_somewhere(struct proc *p, int sig)
{
	struct lwp *lp;

	LIST_FOREACH(lp, &p->p_lwps, lwp_list)
		if (SIGISMEMBER(lp->lwp_sigmask, sig))
			return (true);
	return (false);
}

/*
 * A signal for one lwp (lwp_kill): pending on lp alone; p_token held.
 * Ignored signals are dropped as for the process.
 */
void
lwp_signal(struct lwp *lp, int sig)
{
	struct proc *p = lp->lwp_proc;
	struct sigacts *ps = p->p_sigacts;

	if (p->p_stat == SZOMB || sig == SIGKILL || sig == SIGSTOP ||
	    sig == SIGCONT) {
		/* These act on the whole process whoever they name. */
		lwkt_reltoken(&p->p_token);
		ksignal(p, sig);
		lwkt_gettoken(&p->p_token);
		return;
	}
	if (SIGISMEMBER(ps->ps_sigignore, sig))
		return;
	if ((sigprop(sig) & SA_IGNORE) != 0 && ps->ps_sigact[sig] == SIG_DFL &&
	    !SIGISMEMBER(lp->lwp_sigmask, sig))
		return;
	SIGADDSET(lp->lwp_siglist, sig);
	if (!SIGISMEMBER(lp->lwp_sigmask, sig))
		lwp_signal_poke(lp);
}

static void
proc_continue(struct proc *p)
{
	p->p_stat = SACTIVE;
	p->p_flags |= P_CONTINUED;
	p->p_flags &= ~P_WAITED;
	wakeup(&p->p_stat);
}

/*
 * Post a signal with its siginfo.  0, or EAGAIN for a sigqueue (SI_QUEUE)
 * whose value cannot be queued (the target's queue is full, or no
 * memory): then nothing is posted, so the sender knows the value was not
 * delivered (POSIX).  Other senders' signals are posted without their
 * siginfo in that case.
 */
int
ksignal_info(struct proc *p, const siginfo_t *si)
{
	struct sigacts *ps;
	struct ksiginfo *k;
	int sig = si->si_signo, prop;

	if (!_SIG_VALID(sig) || p == NULL || p->p_stat == SZOMB ||
	    (p->p_flags & P_SYSTEM) != 0)
		return (0);
	prop = sigprop(sig);
	ps = p->p_sigacts;
	/* EVFILT_SIGNAL counts every delivery attempt, even if ignored. */
	knote_signal(p, sig);
	lwkt_gettoken(&p->p_token);
	if ((prop & SA_CONT) != 0) {
		SIGDELSET(p->p_siglist, SIGSTOP);
		SIGDELSET(p->p_siglist, SIGTSTP);
		SIGDELSET(p->p_siglist, SIGTTIN);
		SIGDELSET(p->p_siglist, SIGTTOU);
		if (p->p_stat == SSTOP) {
			proc_continue(p);
			if (p->p_pptr != NULL)
				sigchld_parent(p, CLD_CONTINUED, SIGCONT);
		}
	}
	if ((prop & SA_STOP) != 0)
		SIGDELSET(p->p_siglist, SIGCONT);
	if (SIGISMEMBER(ps->ps_sigignore, sig) && sig != SIGKILL) {
		lwkt_reltoken(&p->p_token);
		return (0);
	}
	/* An ignored-by-default signal with no handler is not posted. */
	if ((prop & SA_IGNORE) != 0 && ps->ps_sigact[sig] == SIG_DFL &&
	    !sig_blocked_somewhere(p, sig)) {
		lwkt_reltoken(&p->p_token);
		return (0);
	}
	/*
	 * Real-time signals queue every instance; others queue one
	 * siginfo at most (the first sender's).
	 */
	if (sig >= SIGRTMIN || !SIGISMEMBER(p->p_siglist, sig)) {
		k = p->p_sigqlen < SIGQUEUE_MAX ? kmalloc(sizeof(*k),
		    M_KSIGINFO, M_NOWAIT) : NULL;
		if (k != NULL) {
			k->ksi_info = *si;
			TAILQ_INSERT_TAIL(&p->p_sigq, k, ksi_link);
			p->p_sigqlen++;
		} else if (si->si_code == SI_QUEUE) {
			lwkt_reltoken(&p->p_token);
			return (EAGAIN);
		}
	}
	SIGADDSET(p->p_siglist, sig);
	if (sig == SIGKILL && p->p_stat == SSTOP)
		proc_continue(p);	/* so that it can die */
	lwkt_reltoken(&p->p_token);
	signal_notify(p, sig);
	return (0);
}

void
ksignal(struct proc *p, int sig)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_KERNEL;
	ksignal_info(p, &si);
}

void
pgsignal(struct pgrp *pg, int sig, int checkctty)
{
	struct proc *p;

	if (pg == NULL)
		return;
	lwkt_gettoken_shared(&proc_token);
	LIST_FOREACH(p, &pg->pg_members, p_pglist)
		if (checkctty == 0 || (p->p_flags & P_CONTROLT) != 0)
			ksignal(p, sig);
	lwkt_reltoken(&proc_token);
}

void
gsignal(pid_t pgid, int sig)
{
	struct pgrp *pg;

	lwkt_gettoken_shared(&proc_token);
	pg = pgfind(pgid);
	lwkt_reltoken(&proc_token);
	if (pg != NULL)
		pgsignal(pg, sig, 0);
}

/* Tell p's parent about a state change (exit is in kern_exit.c). */
void
sigchld_parent(struct proc *p, int why, int status)
{
	struct proc *pp = p->p_pptr;
	siginfo_t si;

	if (pp == NULL || pp == p)
		return;
	if ((why == CLD_STOPPED || why == CLD_CONTINUED) &&
	    (pp->p_sigacts->ps_flags[SIGCHLD] & SA_NOCLDSTOP) != 0)
		goto wake;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_code = why;
	si.si_pid = p->p_pid;
	si.si_uid = p->p_ucred != NULL ? p->p_ucred->cr_ruid : 0;
	si.si_status = status;
	ksignal_info(pp, &si);
wake:
	proc_wait_notify(pp);	/* wait4 sleeps on the parent */
}

/* kern_synch.c hook: should a PCATCH sleep end?  0, EINTR or ERESTART. */
int
sig_sleep_check(struct thread *td)
{
	struct proc *p = td->td_proc;
	struct lwp *lp = td->td_lwp;
	sigset_t pend;
	int sig;

	if (p == NULL || lp == NULL || p->p_sigacts == NULL)
		return (0);
	if ((lp->lwp_flags & LWP_WEXIT) != 0)
		return (EINTR);		/* another lwp exits or execs */
	pend = p->p_siglist;
	SIGSETOR(pend, lp->lwp_siglist);
	SIGSETNAND(pend, lp->lwp_sigmask);
	for (sig = 1; sig < NSIG; sig++) {
		if (!SIGISMEMBER(pend, sig))
			continue;
		if (SIGISMEMBER(p->p_sigacts->ps_sigignore, sig) &&
		    sig != SIGKILL)
			continue;
		if (SIGISMEMBER(p->p_sigacts->ps_sigcatch, sig) &&
		    !SIGISMEMBER(p->p_sigacts->ps_sigintr, sig))
			return (ERESTART);
		return (EINTR);
	}
	if ((p->p_flags & P_WEXIT) != 0)
		return (EINTR);
	return (0);
}

/*
 * Stop the process: tell the parent, then sleep until continued.  The
 * thread sleeps interruptibly only for SIGKILL (proc_continue wakes it).
 */
static void
proc_stop(struct proc *p, int sig)
{
	struct lwp *lp;
	struct globaldata *gd;

	p->p_stat = SSTOP;
	p->p_stopsig = sig;
	p->p_flags &= ~P_WAITED;
	/*
	 * The other lwps stop in userret: those in user mode get there at
	 * once; sleeping ones are not disturbed (their calls must not fail
	 * with EINTR for a stop) and stop when their call returns.
	 */
	LIST_FOREACH(lp, &p->p_lwps, lwp_list) {
		if (lp->lwp_thread == curthread)
			continue;
		gd = lp->lwp_thread->td_gd;
		__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_SIGNAL,
		    __ATOMIC_SEQ_CST);
		if (gd != mycpu)
			cpu_send_ipi(gd->gd_cpuid, IPI_RESCHED);
	}
	lwkt_reltoken(&p->p_token);
	lwkt_gettoken_shared(&proc_token);
	sigchld_parent(p, CLD_STOPPED, sig);
	lwkt_reltoken(&proc_token);
	lwkt_gettoken(&p->p_token);
	while (p->p_stat == SSTOP)
		tsleep(&p->p_stat, 0, "stopped", hz);
}

/*
 * The next signal to act on, or 0.  Default-ignored signals are
 * discarded and stops are carried out here.
 */
int
issignal(struct lwp *lp)
{
	struct proc *p = lp->lwp_proc;
	struct sigacts *ps = p->p_sigacts;
	sigset_t pend;
	int sig, prop;

	lwkt_gettoken(&p->p_token);
	for (;;) {
		pend = p->p_siglist;
		SIGSETOR(pend, lp->lwp_siglist);
		SIGSETNAND(pend, lp->lwp_sigmask);
		for (sig = 1; sig < NSIG; sig++)
			if (SIGISMEMBER(pend, sig))
				break;
		if (sig == NSIG) {
			sig = 0;
			break;
		}
		prop = sigprop(sig);
		if (SIGISMEMBER(ps->ps_sigignore, sig) && sig != SIGKILL) {
			SIGDELSET(p->p_siglist, sig);
			SIGDELSET(lp->lwp_siglist, sig);
			sigq_drop(p, sig);
			continue;
		}
		if (ps->ps_sigact[sig] == SIG_DFL && sig != SIGKILL) {
			if ((prop & SA_STOP) != 0) {
				SIGDELSET(p->p_siglist, sig);
				SIGDELSET(lp->lwp_siglist, sig);
				sigq_drop(p, sig);
				/* Orphaned groups ignore tty stops (POSIX);
				   we stop them anyway only for SIGSTOP. */
				if ((prop & SA_TTYSTOP) != 0 &&
				    p->p_pptr == initproc)
					continue;
				proc_stop(p, sig);
				continue;
			}
			if ((prop & SA_IGNORE) != 0) {
				SIGDELSET(p->p_siglist, sig);
				SIGDELSET(lp->lwp_siglist, sig);
				sigq_drop(p, sig);
				continue;
			}
		}
		break;
	}
	lwkt_reltoken(&p->p_token);
	return (sig);
}

/* Act on sig for the current lwp: run the handler or the default. */
void
postsig(int sig)
{
	struct lwp *lp = curthread->td_lwp;
	struct proc *p = lp->lwp_proc;
	struct sigacts *ps = p->p_sigacts;
	void (*action)(int);
	sigset_t oldmask;
	uint64_t m64;
	siginfo_t si;
	int onstack, error;

	lwkt_gettoken(&p->p_token);
	memset(&si, 0, sizeof(si));
	if (lwp_sigtake(lp, sig, &si)) {
		/* Sent to this lwp (a fault, lwp_kill): taken first. */
	} else if (!sigq_take(p, sig, &si)) {
		si.si_signo = sig;
		si.si_code = SI_NOINFO;
		SIGDELSET(p->p_siglist, sig);
	}
	action = ps->ps_sigact[sig];
	if (action == SIG_DFL || sig == SIGKILL) {
		lwkt_reltoken(&p->p_token);
		sigexit(lp, sig);
	}
	oldmask = (lp->lwp_flags & LWP_OLDMASK) ? lp->lwp_oldsigmask :
	    lp->lwp_sigmask;
	lp->lwp_flags &= ~LWP_OLDMASK;
	SIGSETOR(lp->lwp_sigmask, ps->ps_catchmask[sig]);
	if (!SIGISMEMBER(ps->ps_signodefer, sig))
		SIGADDSET(lp->lwp_sigmask, sig);
	sigmask_sanitize(&lp->lwp_sigmask);
	if (SIGISMEMBER(ps->ps_sigreset, sig)) {
		ps->ps_sigact[sig] = SIG_DFL;
		SIGDELSET(ps->ps_sigcatch, sig);
		if ((sigprop(sig) & SA_IGNORE) != 0 && sig != SIGCONT)
			SIGADDSET(ps->ps_sigignore, sig);
	}
	onstack = SIGISMEMBER(ps->ps_sigonstack, sig) &&
	    (lp->lwp_sigstk.ss_flags & (SS_DISABLE | SS_ONSTACK)) == 0;
	p->p_ru.ru_nsignals++;
	lwkt_reltoken(&p->p_token);
	/* The frame carries the low 64 signals of the old mask. */
	m64 = (uint64_t)oldmask.__bits[0] | ((uint64_t)oldmask.__bits[1] << 32);
	if (lp->lwp_sighidepth < 16) {
		lp->lwp_sighi[lp->lwp_sighidepth][0] = oldmask.__bits[2];
		lp->lwp_sighi[lp->lwp_sighidepth][1] = oldmask.__bits[3];
	}
	lp->lwp_sighidepth++;
	error = cpu_sendsig(curthread, sig, (uintptr_t)action, &si,
	    sizeof(si), m64, onstack);
	if (error != 0) {
		/* No room for the frame: the process dies of SIGILL. */
		sigexit(lp, SIGILL);
	}
}

void
sigexit(struct lwp *lp, int sig)
{
	exit1(W_EXITCODE(0, sig) |
	    ((sigprop(sig) & SA_CORE) ? 0 : 0));	/* no core files */
}

void
trapsignal(struct thread *td, int sig, int code, uintptr_t addr)
{
	struct proc *p = td->td_proc;
	struct sigacts *ps;
	struct lwp *lp;
	siginfo_t si;

	if (p == NULL)
		panic("trapsignal: kernel thread %s gets signal %d",
		    td->td_comm, sig);
	ps = p->p_sigacts;
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_addr = (void *)addr;
	lp = td->td_lwp;
	knote_signal(p, sig);
	lwkt_gettoken(&p->p_token);
	/*
	 * A fault signal that is blocked or ignored cannot be delivered:
	 * the instruction would just fault again, so kill instead.
	 */
	if (SIGISMEMBER(lp->lwp_sigmask, sig) ||
	    SIGISMEMBER(ps->ps_sigignore, sig)) {
		SIGDELSET(lp->lwp_sigmask, sig);
		SIGDELSET(ps->ps_sigignore, sig);
		SIGDELSET(ps->ps_sigcatch, sig);
		ps->ps_sigact[sig] = SIG_DFL;
	}
	/*
	 * The signal is the faulting lwp's own (POSIX: "generated for the
	 * thread"): another thread taking it would run the handler for a
	 * fault it did not make while this one faulted again.  userret,
	 * which this lwp passes next, delivers it.
	 */
	SIGADDSET(lp->lwp_siglist, sig);
	lp->lwp_trapinfo = si;
	lwkt_reltoken(&p->p_token);
}

/*
 * Before every return to user mode: take a pending reschedule, then act
 * on deliverable signals.
 */
void
userret(struct thread *td)
{
	struct globaldata *gd;
	struct lwp *lp = td->td_lwp;
	struct proc *p;
	int sig;

	for (;;) {
		gd = mycpu;
		if ((gd->gd_reqflags & RQF_AST_RESCHED) != 0) {
			/*
			 * Nothing of the kernel's is in progress here, so an
			 * idle CPU may take this thread over while it waits
			 * (lwkt_thread.c, usched_push): it resumes there.
			 */
			TD_FLAGS_SET(td, TDF_UPREEMPT);
			lwkt_switch();
			TD_FLAGS_CLR(td, TDF_UPREEMPT);
			continue;
		}
		__atomic_fetch_and(&gd->gd_reqflags, ~RQF_AST_SIGNAL,
		    __ATOMIC_SEQ_CST);
		if (lp == NULL)
			break;
		if (lp->lwp_proc->p_cpucheck != 0 &&
		    __atomic_exchange_n(&lp->lwp_proc->p_cpucheck, 0,
		    __ATOMIC_SEQ_CST) != 0)
			proc_cpulimit_check(lp->lwp_proc);
		if (lp->lwp_proc->p_itfired != 0)
			itimer_cpu_post(lp->lwp_proc);
		/* Another lwp exits or execs: this one just ends. */
		if ((lp->lwp_flags & LWP_WEXIT) != 0 ||
		    (lp->lwp_proc->p_flags & P_WEXIT) != 0)
			lwp_exit_or_exit1(lp->lwp_proc->p_xstat);
		/* Another lwp stopped the process: wait for SIGCONT here. */
		if (lp->lwp_proc->p_stat == SSTOP) {
			p = lp->lwp_proc;
			lwkt_gettoken(&p->p_token);
			while (p->p_stat == SSTOP &&
			    (lp->lwp_flags & LWP_WEXIT) == 0 &&
			    (p->p_flags & P_WEXIT) == 0)
				tsleep(&p->p_stat, 0, "stopped", hz / 10 + 1);
			lwkt_reltoken(&p->p_token);
			continue;
		}
		sig = issignal(lp);
		if (sig == 0)
			break;
		postsig(sig);
	}
	if (lp != NULL && (lp->lwp_flags & LWP_OLDMASK) != 0) {
		/* sigsuspend ended without a handler: restore the mask. */
		lp->lwp_flags &= ~LWP_OLDMASK;
		lp->lwp_sigmask = lp->lwp_oldsigmask;
	}
}

/* ---- system calls ------------------------------------------------------ */

int
kern_sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct proc *p = curproc;
	struct sigacts *ps = p->p_sigacts;

	if (!_SIG_VALID(sig))
		return (EINVAL);
	if (act != NULL && sig_cantmask(sig) && act->sa_handler != SIG_DFL)
		return (EINVAL);
	lwkt_gettoken(&p->p_token);
	if (oact != NULL) {
		memset(oact, 0, sizeof(*oact));
		oact->sa_handler = ps->ps_sigact[sig];
		oact->sa_mask = ps->ps_catchmask[sig];
		oact->sa_flags = ps->ps_flags[sig];
	}
	if (act != NULL) {
		ps->ps_sigact[sig] = act->sa_handler;
		ps->ps_catchmask[sig] = act->sa_mask;
		sigmask_sanitize(&ps->ps_catchmask[sig]);
		ps->ps_flags[sig] = act->sa_flags;
		if (act->sa_flags & SA_SIGINFO)
			SIGADDSET(ps->ps_siginfo, sig);
		else
			SIGDELSET(ps->ps_siginfo, sig);
		if (act->sa_flags & SA_RESTART)
			SIGDELSET(ps->ps_sigintr, sig);
		else
			SIGADDSET(ps->ps_sigintr, sig);
		if (act->sa_flags & SA_ONSTACK)
			SIGADDSET(ps->ps_sigonstack, sig);
		else
			SIGDELSET(ps->ps_sigonstack, sig);
		if (act->sa_flags & SA_RESETHAND)
			SIGADDSET(ps->ps_sigreset, sig);
		else
			SIGDELSET(ps->ps_sigreset, sig);
		if (act->sa_flags & SA_NODEFER)
			SIGADDSET(ps->ps_signodefer, sig);
		else
			SIGDELSET(ps->ps_signodefer, sig);
		if (sig == SIGCHLD) {
			if (act->sa_flags & SA_NOCLDWAIT)
				p->p_flags |= P_NOCLDWAIT;
			else
				p->p_flags &= ~P_NOCLDWAIT;
		}
		if (act->sa_handler == SIG_IGN ||
		    (act->sa_handler == SIG_DFL &&
		    (sigprop(sig) & SA_IGNORE) != 0)) {
			/* Setting ignore discards what is pending. */
			SIGDELSET(p->p_siglist, sig);
			sigq_drop(p, sig);
			if (sig != SIGCONT)
				SIGADDSET(ps->ps_sigignore, sig);
			SIGDELSET(ps->ps_sigcatch, sig);
			if (act->sa_handler == SIG_DFL)
				SIGDELSET(ps->ps_sigignore, sig);
		} else {
			SIGDELSET(ps->ps_sigignore, sig);
			if (act->sa_handler == SIG_DFL)
				SIGDELSET(ps->ps_sigcatch, sig);
			else
				SIGADDSET(ps->ps_sigcatch, sig);
		}
	}
	lwkt_reltoken(&p->p_token);
	return (0);
}

int
sys_sigaction(struct sysmsg *sysmsg, const struct sigaction_args *uap)
{
	struct sigaction act, oact;
	int error;

	if (uap->act != NULL) {
		error = copyin(uap->act, &act, sizeof(act));
		if (error != 0)
			return (error);
	}
	error = kern_sigaction(uap->sig, uap->act != NULL ? &act : NULL,
	    uap->oact != NULL ? &oact : NULL);
	if (error == 0 && uap->oact != NULL)
		error = copyout(&oact, uap->oact, sizeof(oact));
	return (error);
}

int
sys_sigprocmask(struct sysmsg *sysmsg, const struct sigprocmask_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	sigset_t set, old;
	int error;

	old = lp->lwp_sigmask;
	if (uap->set != NULL) {
		error = copyin(uap->set, &set, sizeof(set));
		if (error != 0)
			return (error);
		switch (uap->how) {
		case SIG_BLOCK:
			SIGSETOR(lp->lwp_sigmask, set);
			break;
		case SIG_UNBLOCK:
			SIGSETNAND(lp->lwp_sigmask, set);
			break;
		case SIG_SETMASK:
			lp->lwp_sigmask = set;
			break;
		default:
			return (EINVAL);
		}
		sigmask_sanitize(&lp->lwp_sigmask);
	}
	if (uap->oset != NULL)
		return (copyout(&old, uap->oset, sizeof(old)));
	return (0);
}

int
sys_sigpending(struct sysmsg *sysmsg, const struct sigpending_args *uap)
{
	struct proc *p = curproc;
	sigset_t set;

	lwkt_gettoken(&p->p_token);
	set = p->p_siglist;
	SIGSETOR(set, curthread->td_lwp->lwp_siglist);
	lwkt_reltoken(&p->p_token);
	return (copyout(&set, uap->set, sizeof(set)));
}

int
sys_sigsuspend(struct sysmsg *sysmsg, const struct sigsuspend_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	sigset_t mask;
	int error;

	error = copyin(uap->sigmask, &mask, sizeof(mask));
	if (error != 0)
		return (error);
	lp->lwp_oldsigmask = lp->lwp_sigmask;
	lp->lwp_flags |= LWP_OLDMASK;
	lp->lwp_sigmask = mask;
	sigmask_sanitize(&lp->lwp_sigmask);
	while (tsleep(lp, PCATCH, "sigsusp", 0) == 0)
		;
	/* userret delivers the signal, then restores the old mask. */
	return (EINTR);
}

int
sys_sigaltstack(struct sysmsg *sysmsg, const struct sigaltstack_args *uap)
{
	struct lwp *lp = curthread->td_lwp;
	stack_t ss, oss;
	int error;

	oss = lp->lwp_sigstk;
	if (uap->ss != NULL) {
		error = copyin(uap->ss, &ss, sizeof(ss));
		if (error != 0)
			return (error);
		if ((lp->lwp_sigstk.ss_flags & SS_ONSTACK) != 0)
			return (EPERM);
		if ((ss.ss_flags & ~SS_DISABLE) != 0)
			return (EINVAL);
		if ((ss.ss_flags & SS_DISABLE) == 0 &&
		    ss.ss_size < MINSIGSTKSZ)
			return (ENOMEM);
		lp->lwp_sigstk = ss;
	}
	if (uap->oss != NULL)
		return (copyout(&oss, uap->oss, sizeof(oss)));
	return (0);
}

int
sys_sigreturn(struct sysmsg *sysmsg, const struct sigreturn_args *uap)
{
	struct thread *td = curthread;
	struct lwp *lp = td->td_lwp;
	uint64_t m64;
	int error;

	error = cpu_sigreturn(td, (uintptr_t)uap->sigcntxp, &m64);
	/* Ports may report success as 0 or as EJUSTRETURN. */
	if (error != 0 && error != EJUSTRETURN)
		return (error);
	lp->lwp_sigmask.__bits[0] = (uint32_t)m64;
	lp->lwp_sigmask.__bits[1] = (uint32_t)(m64 >> 32);
	if (lp->lwp_sighidepth > 0) {
		lp->lwp_sighidepth--;
		if (lp->lwp_sighidepth < 16) {
			lp->lwp_sigmask.__bits[2] =
			    lp->lwp_sighi[lp->lwp_sighidepth][0];
			lp->lwp_sigmask.__bits[3] =
			    lp->lwp_sighi[lp->lwp_sighidepth][1];
		}
	}
	sigmask_sanitize(&lp->lwp_sigmask);
	return (EJUSTRETURN);
}

/* Send sig to one process, checking permission; sig 0 only checks. */
static int
killproc(struct proc *p, int sig, const siginfo_t *si)
{
	int error;

	if (p->p_stat == SZOMB || (p->p_flags & P_SYSTEM) != 0)
		return (ESRCH);
	error = p_cansignal(curproc, p, sig);
	if (error != 0 || sig == 0)
		return (error);
	return (ksignal_info(p, si));
}

static int
kern_kill(pid_t pid, int sig, const siginfo_t *si)
{
	struct proc *p, *me = curproc;
	int error = ESRCH, found = 0, e;
	pid_t pgid;

	if (sig < 0 || sig >= NSIG)
		return (EINVAL);
	if (pid > 0) {
		p = pfind(pid);
		if (p == NULL)
			return (ESRCH);
		error = killproc(p, sig, si);
		prele(p);
		return (error);
	}
	lwkt_gettoken_shared(&proc_token);
	pgid = pid == 0 ? me->p_pgrp->pg_id : -pid;
	LIST_FOREACH(p, &allproc, p_list) {
		if (p->p_pid <= 1 || (p->p_flags & P_SYSTEM) != 0)
			continue;
		if (pid != -1 && (p->p_pgrp == NULL ||
		    p->p_pgrp->pg_id != pgid))
			continue;
		if (pid == -1 && p == me)
			continue;
		e = p_cansignal(me, p, sig);
		if (e != 0) {
			if (found == 0)
				error = e;
			continue;
		}
		found++;
		error = 0;
		if (sig != 0)
			ksignal_info(p, si);
	}
	lwkt_reltoken(&proc_token);
	return (error);
}

static void
user_siginfo(siginfo_t *si, int sig, int code)
{
	struct proc *p = curproc;

	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
	si->si_pid = p->p_pid;
	si->si_uid = p->p_ucred->cr_ruid;
}

int
sys_kill(struct sysmsg *sysmsg, const struct kill_args *uap)
{
	siginfo_t si;

	user_siginfo(&si, uap->signum, SI_USER);
	return (kern_kill(uap->pid, uap->signum, &si));
}

int
sys_sigqueue(struct sysmsg *sysmsg, const struct sigqueue_args *uap)
{
	siginfo_t si;

	if (uap->pid <= 0)
		return (EINVAL);
	user_siginfo(&si, uap->signum, SI_QUEUE);
	si.si_value.sival_ptr = uap->value;
	/* EAGAIN from ksignal_info when the target's queue is full. */
	return (kern_kill(uap->pid, uap->signum, &si));
}

/*
 * sigwaitinfo/sigtimedwait/sigwait: wait for a signal in set (which the
 * caller normally blocks) and take it without running a handler.
 */
static int
kern_sigtimedwait(sigset_t set, siginfo_t *info, const struct timespec *ts)
{
	struct proc *p = curproc;
	struct lwp *lp = curthread->td_lwp;
	sigset_t pend, savemask;
	uint64_t end = 0, now;
	int sig, error, timo = 0;

	sigmask_sanitize(&set);
	if (ts != NULL) {
		if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
			return (EINVAL);
		/*
		 * The deadline is kept by the uptime clock, as nanosleep's:
		 * ticks can run ahead of it under an emulator, so a sleep
		 * that times out early goes back for the rest.
		 */
		if (ts->tv_sec < 0 || (ts->tv_sec == 0 && ts->tv_nsec == 0))
			timo = -1;		/* already past: poll */
		else if (ts->tv_sec < 1000000000) {
			end = uptime_ns() +
			    (uint64_t)ts->tv_sec * 1000000000ULL +
			    (uint64_t)ts->tv_nsec;
			timo = tstohz(ts);
		} else
			timo = 0;	/* 30 years: forever */
	}
	savemask = lp->lwp_sigmask;
	for (;;) {
		lwkt_gettoken(&p->p_token);
		pend = p->p_siglist;
		SIGSETOR(pend, lp->lwp_siglist);
		SIGSETAND(pend, set);
		for (sig = 1; sig < NSIG; sig++)
			if (SIGISMEMBER(pend, sig))
				break;
		if (sig < NSIG) {
			memset(info, 0, sizeof(*info));
			if (lwp_sigtake(lp, sig, info)) {
				/* Sent to this lwp (pthread_kill): first. */
			} else if (!sigq_take(p, sig, info)) {
				info->si_signo = sig;
				SIGDELSET(p->p_siglist, sig);
			}
			lwkt_reltoken(&p->p_token);
			lp->lwp_sigmask = savemask;
			return (0);
		}
		lwkt_reltoken(&p->p_token);
		if (timo < 0) {
			error = EAGAIN;
			break;
		}
		/* Unblock the awaited set so that posting one wakes us. */
		lp->lwp_sigmask = savemask;
		SIGSETNAND(lp->lwp_sigmask, set);
		error = tsleep(lp, PCATCH, "sigwait", timo);
		lp->lwp_sigmask = savemask;
		if (error == EWOULDBLOCK && end != 0 &&
		    (now = uptime_ns()) < end) {
			timo = nstohz(end - now);
			continue;
		}
		if (error == EWOULDBLOCK) {
			error = EAGAIN;
			break;
		}
		if (error != 0) {
			/* Awaited signals are taken above on the next pass;
			   others interrupt the wait. */
			lwkt_gettoken(&p->p_token);
			pend = p->p_siglist;
			lwkt_reltoken(&p->p_token);
			SIGSETAND(pend, set);
			for (sig = 1; sig < NSIG; sig++)
				if (SIGISMEMBER(pend, sig))
					break;
			if (sig == NSIG) {
				error = EINTR;
				break;
			}
		}
	}
	lp->lwp_sigmask = savemask;
	return (error);
}

int
sys_sigtimedwait(struct sysmsg *sysmsg, const struct sigtimedwait_args *uap)
{
	struct timespec ts;
	sigset_t set;
	siginfo_t info;
	int error;

	error = copyin(uap->set, &set, sizeof(set));
	if (error == 0 && uap->timeout != NULL)
		error = copyin(uap->timeout, &ts, sizeof(ts));
	if (error != 0)
		return (error);
	error = kern_sigtimedwait(set, &info,
	    uap->timeout != NULL ? &ts : NULL);
	if (error == 0) {
		if (uap->info != NULL)
			error = copyout(&info, uap->info, sizeof(info));
		sysmsg->sysmsg_result = info.si_signo;
	}
	return (error);
}

int
sys_sigwaitinfo(struct sysmsg *sysmsg, const struct sigwaitinfo_args *uap)
{
	sigset_t set;
	siginfo_t info;
	int error;

	error = copyin(uap->set, &set, sizeof(set));
	if (error != 0)
		return (error);
	error = kern_sigtimedwait(set, &info, NULL);
	if (error == 0) {
		if (uap->info != NULL)
			error = copyout(&info, uap->info, sizeof(info));
		sysmsg->sysmsg_result = info.si_signo;
	}
	return (error);
}

int
sys_sigwait(struct sysmsg *sysmsg, const struct sigwait_args *uap)
{
	sigset_t set;
	siginfo_t info;
	int error;

	error = copyin(uap->set, &set, sizeof(set));
	if (error != 0)
		return (error);
	/*
	 * sigwait never fails with EINTR, but looping here on it would keep
	 * the process in the kernel forever with the interrupting signal
	 * undelivered (even SIGKILL).  Restart instead: the signal is acted
	 * on at the return to user mode, then the call is made again.
	 */
	error = kern_sigtimedwait(set, &info, NULL);
	if (error == EINTR)
		return (ERESTART);
	/* sigwait returns the error number rather than setting errno. */
	if (error != 0) {
		sysmsg->sysmsg_result = error;
		return (0);
	}
	error = copyout(&info.si_signo, uap->sig, sizeof(int));
	sysmsg->sysmsg_result = error;
	return (0);
}
