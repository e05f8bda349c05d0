/*
 * exit and wait.  exit1() releases everything the process holds except
 * the struct proc itself (address space, descriptors, timers, queued
 * signals), gives its children to init, makes it a zombie and tells the
 * parent (SIGCHLD and a wakeup); the parent's wait4 or wait6 then
 * collects the status and frees the proc.  The exiting thread itself is freed by the
 * LWKT reaper once it has switched away for good.
 *
 * wait4 sleeps on the parent with the wait spinlock as interlock, and
 * children bump the parent's generation under the same lock, so a
 * child's exit can never slip between the parent's scan and its sleep.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/filedesc.h>
#include <sys/vnode.h>
#include <sys/spinlock.h>
#include <sys/resource.h>
#include <sys/reboot.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/event.h>
#include <sys/ktimer.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <vm/vm_map.h>

MALLOC_DECLARE(M_PROC);
MALLOC_DECLARE(M_KSIGINFO);

static struct spinlock proc_wait_spin = SPINLOCK_INITIALIZER("wait");
static uint64_t proc_wait_gen;		/* under proc_wait_spin */

void
proc_wait_notify(struct proc *parent)
{
	spin_lock(&proc_wait_spin);
	proc_wait_gen++;
	wakeup(parent);
	spin_unlock(&proc_wait_spin);
}

void
exit1(int rv)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc, *q, *nq, *pp;
	struct lwp *lp;
	struct ksiginfo *k;
	struct vmspace *vm;
	int why, status;

	if (p == initproc) {
		kprintf("init exited with status %#x\n", rv);
		kern_reboot(RB_HALT, (rv & 0x7f) == 0 ? (rv >> 8) & 0xff :
		    128 + (rv & 0x7f));
	}
	lwkt_gettoken(&p->p_token);
	if ((p->p_flags & P_WEXIT) != 0 ||
	    (td->td_lwp->lwp_flags & LWP_WEXIT) != 0) {
		/* Another lwp is ending the process (or exec'ing). */
		lwp_exit();
	}
	p->p_flags |= P_WEXIT;
	p->p_xstat = rv;
	/* The other lwps go first; then this is a one-thread exit. */
	if (p->p_nthreads > 1)
		lwp_killothers(p);
	lwkt_reltoken(&p->p_token);
	callout_stop(&p->p_itcallout);
	ktimer_exit(p);

	if (p->p_fd != NULL)
		fdfree(p);
	if (p->p_textvp != NULL) {
		vrele(p->p_textvp);
		p->p_textvp = NULL;
	}
	/* Leave the address space before freeing it. */
	vm = p->p_vmspace;
	p->p_vmspace = NULL;
	pmap_activate(NULL);
	if (vm != NULL)
		vmspace_free(vm);
	/* SysV IPC: detach shared memory, apply semaphore undo values. */
	shmexit(p);
	semexit(p);

	lwkt_gettoken(&p->p_token);
	while ((k = TAILQ_FIRST(&p->p_sigq)) != NULL) {
		TAILQ_REMOVE(&p->p_sigq, k, ksi_link);
		kfree(k, M_KSIGINFO);
	}
	p->p_sigqlen = 0;
	lwkt_reltoken(&p->p_token);

	lwkt_gettoken(&proc_token);
	if (p->p_pgrp != NULL && p->p_pgrp->pg_session->s_leader == p)
		p->p_pgrp->pg_session->s_leader = NULL;
	/* Orphans go to init. */
	for (q = LIST_FIRST(&p->p_children); q != NULL; q = nq) {
		nq = LIST_NEXT(q, p_sibling);
		LIST_REMOVE(q, p_sibling);
		q->p_pptr = initproc;
		LIST_INSERT_HEAD(&initproc->p_children, q, p_sibling);
		if (q->p_stat == SZOMB)
			proc_wait_notify(initproc);
	}
	LIST_REMOVE(p, p_list);
	LIST_INSERT_HEAD(&zombproc, p, p_list);
	p->p_uticks += 0;
	pp = p->p_pptr;
	/* A parent that does not want zombies lets init reap us. */
	if ((pp->p_flags & P_NOCLDWAIT) != 0 ||
	    pp->p_sigacts->ps_sigact[SIGCHLD] == SIG_IGN) {
		LIST_REMOVE(p, p_sibling);
		p->p_pptr = pp = initproc;
		LIST_INSERT_HEAD(&initproc->p_children, p, p_sibling);
	}
	if ((p->p_flags & P_PPWAIT) != 0) {
		p->p_flags &= ~P_PPWAIT;
		wakeup(&p->p_flags);
	}
	if ((rv & 0x7f) == 0) {
		why = CLD_EXITED;
		status = (rv >> 8) & 0xff;
	} else {
		why = CLD_KILLED;
		status = rv & 0x7f;
	}
	lp = td->td_lwp;
	lwkt_gettoken(&p->p_token);
	LIST_REMOVE(lp, lwp_list);
	p->p_nthreads--;
	lwkt_reltoken(&p->p_token);
	td->td_proc = NULL;
	td->td_lwp = NULL;
	lwp_free(lp);		/* unless it is the embedded p_lwp0 */
	knote_proc_exit(p);		/* EVFILT_PROC NOTE_EXIT watchers */
	p->p_stat = SZOMB;
	sigchld_parent(p, why, status);
	proc_wait_notify(pp);
	lwkt_reltoken(&proc_token);
	/* From here on p belongs to the parent's wait4. */
	lwkt_exit();
}

int
sys_exit(struct sysmsg *sysmsg, const struct exit_args *uap)
{
	exit1(W_EXITCODE(uap->rval & 0xff, 0));
}

static void
timeval_add(struct timeval *a, const struct timeval *b)
{
	a->tv_sec += b->tv_sec;
	a->tv_usec += b->tv_usec;
	if (a->tv_usec >= 1000000) {
		a->tv_sec++;
		a->tv_usec -= 1000000;
	}
}

/* Free a zombie that wait4 has collected; proc_token held. */
static void
proc_reap(struct proc *p)
{
	struct proc *parent = p->p_pptr;

	/* Children's usage adds to the parent's. */
	parent->p_cru.ru_nsignals += p->p_ru.ru_nsignals + p->p_cru.ru_nsignals;
	{
		struct timeval ut, st;

		calcru(p, &ut, &st);
		timeval_add(&parent->p_cru.ru_utime, &ut);
		timeval_add(&parent->p_cru.ru_utime, &p->p_cru.ru_utime);
		timeval_add(&parent->p_cru.ru_stime, &st);
		timeval_add(&parent->p_cru.ru_stime, &p->p_cru.ru_stime);
	}
	LIST_REMOVE(p, p_list);
	LIST_REMOVE(p, p_sibling);
	proc_unlink_hash(p);
	leavepgrp(p);
	nprocs--;
	while (p->p_holdcnt > 0)
		tsleep((const void *)(uintptr_t)&p->p_holdcnt, 0, "reap", hz);
	crfree(p->p_ucred);
	sigacts_free(p->p_sigacts);
	plimit_free(p->p_limit);
	ktimer_free(p);
	if (p->p_args != NULL)
		kfree(p->p_args, M_PROC);
	kfree(p, M_PROC);
}

/*
 * Does child p answer a wait for (idtype, id)?  wait4's pid argument is
 * turned into one of these first (see kern_wait).
 */
static bool
wait_matches(struct proc *p, int idtype, u_int id)
{
	switch (idtype) {
	case P_ALL:
		return (true);
	case P_PID:
		return ((u_int)p->p_pid == id);
	case P_PPID:
		return (p->p_pptr != NULL && (u_int)p->p_pptr->p_pid == id);
	case P_PGID:
		return (p->p_pgrp != NULL && (u_int)p->p_pgrp->pg_id == id);
	case P_SID:
		return (p->p_pgrp != NULL &&
		    (u_int)p->p_pgrp->pg_session->s_sid == id);
	case P_UID:
		return (p->p_ucred->cr_uid == id);
	case P_GID:
		return (p->p_ucred->cr_gid == id);
	}
	return (false);
}

/* Fill in the siginfo a waitid caller gets for child p and status st. */
static void
wait_siginfo(struct proc *p, int st, siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = SIGCHLD;
	si->si_pid = p->p_pid;
	si->si_uid = p->p_ucred->cr_ruid;
	if (st == W_CONTINUED) {
		si->si_code = CLD_CONTINUED;
		si->si_status = SIGCONT;
	} else if ((st & 0177) == _WSTOPPED) {
		si->si_code = CLD_STOPPED;
		si->si_status = (st >> 8) & 0xff;
	} else if ((st & 0177) == 0) {
		si->si_code = CLD_EXITED;
		si->si_status = (st >> 8) & 0xff;
	} else {
		si->si_code = (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		si->si_status = st & 0177;
	}
}

/*
 * wait4's pid: > 0 that child, -1 any child, 0 the caller's process
 * group, < -1 the process group -pid.  An exit is always reported.
 */
int
kern_wait(pid_t pid, int *status, int options, struct rusage *ru, int *res)
{
	struct proc *me = curproc;
	int idtype;
	u_int id;

	if (pid > 0) {
		idtype = P_PID;
		id = (u_int)pid;
	} else if (pid == WAIT_ANY) {
		idtype = P_ALL;
		id = 0;
	} else if (pid == WAIT_MYPGRP) {
		idtype = P_PGID;
		lwkt_gettoken(&proc_token);
		id = me->p_pgrp != NULL ? (u_int)me->p_pgrp->pg_id : 0;
		lwkt_reltoken(&proc_token);
	} else {
		idtype = P_PGID;
		id = (u_int)-pid;
	}
	return (kern_wait6(idtype, id, status, options | WEXITED, ru, NULL,
	    res));
}

/*
 * The one wait: report a child matching (idtype, id) that has exited
 * (WEXITED), stopped (WUNTRACED) or continued (WCONTINUED); WNOWAIT
 * leaves it reportable.  *res is its pid, or 0 under WNOHANG when none
 * is ready yet; si, when given, is filled in for waitid.
 */
int
kern_wait6(int idtype, u_int id, int *status, int options,
    struct rusage *ru, siginfo_t *si, int *res)
{
	struct proc *me = curproc, *p;
	uint64_t gen;
	int found, error;

	if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOWAIT |
	    WEXITED | WTRAPPED)) != 0)
		return (EINVAL);
	if ((options & (WEXITED | WUNTRACED | WCONTINUED | WTRAPPED)) == 0)
		return (EINVAL);	/* nothing could ever be reported */
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PPID &&
	    idtype != P_PGID && idtype != P_SID && idtype != P_UID &&
	    idtype != P_GID)
		return (EINVAL);
	if (si != NULL)
		memset(si, 0, sizeof(*si));
	for (;;) {
		spin_lock(&proc_wait_spin);
		gen = proc_wait_gen;
		spin_unlock(&proc_wait_spin);
		found = 0;
		lwkt_gettoken(&proc_token);
		LIST_FOREACH(p, &me->p_children, p_sibling) {
			if (!wait_matches(p, idtype, id))
				continue;
			found++;
			if (p->p_stat == SZOMB && (options & WEXITED) != 0) {
				*res = p->p_pid;
				*status = p->p_xstat;
				if (ru != NULL) {
					*ru = p->p_ru;
					calcru(p, &ru->ru_utime, &ru->ru_stime);
				}
				if (si != NULL)
					wait_siginfo(p, *status, si);
				if ((options & WNOWAIT) == 0)
					proc_reap(p);
				lwkt_reltoken(&proc_token);
				return (0);
			}
			if (p->p_stat == SSTOP && (p->p_flags & P_WAITED) == 0 &&
			    (options & WUNTRACED) != 0) {
				if ((options & WNOWAIT) == 0)
					p->p_flags |= P_WAITED;
				*res = p->p_pid;
				*status = W_STOPCODE(p->p_stopsig);
				if (ru != NULL)
					memset(ru, 0, sizeof(*ru));
				if (si != NULL)
					wait_siginfo(p, *status, si);
				lwkt_reltoken(&proc_token);
				return (0);
			}
			if ((p->p_flags & P_CONTINUED) != 0 &&
			    (options & WCONTINUED) != 0) {
				if ((options & WNOWAIT) == 0)
					p->p_flags &= ~P_CONTINUED;
				*res = p->p_pid;
				*status = W_CONTINUED;
				if (ru != NULL)
					memset(ru, 0, sizeof(*ru));
				if (si != NULL)
					wait_siginfo(p, *status, si);
				lwkt_reltoken(&proc_token);
				return (0);
			}
		}
		lwkt_reltoken(&proc_token);
		if (found == 0)
			return (ECHILD);
		if ((options & WNOHANG) != 0) {
			*res = 0;
			*status = 0;
			return (0);
		}
		spin_lock(&proc_wait_spin);
		if (gen != proc_wait_gen) {
			spin_unlock(&proc_wait_spin);
			continue;
		}
		error = ssleep(me, &proc_wait_spin, PCATCH, "wait", 0);
		spin_unlock(&proc_wait_spin);
		if (error != 0)
			return (error);
	}
}

int
sys_wait4(struct sysmsg *sysmsg, const struct wait4_args *uap)
{
	struct rusage ru;
	int status = 0, res = 0, error;

	error = kern_wait(uap->pid, &status, uap->options,
	    uap->rusage != NULL ? &ru : NULL, &res);
	if (error != 0)
		return (error);
	if (res != 0 && uap->status != NULL)
		error = copyout(&status, uap->status, sizeof(status));
	if (error == 0 && res != 0 && uap->rusage != NULL)
		error = copyout(&ru, uap->rusage, sizeof(ru));
	sysmsg->sysmsg_result = res;
	return (error);
}

/*
 * wait6: FreeBSD's general wait, on which libc builds waitid.  wrusage
 * holds the child's own usage and its children's (Petrel does not keep
 * the latter: zero).  When a child is reported, *status and info are
 * copied out; under WNOHANG with none ready the result is 0 and info,
 * if given, is all zero (si_pid 0), as waitid promises.
 */
int
sys_wait6(struct sysmsg *sysmsg, const struct wait6_args *uap)
{
	struct rusage ru[2];
	siginfo_t si;
	int status = 0, res = 0, error;

	memset(ru, 0, sizeof(ru));
	error = kern_wait6(uap->idtype, uap->id, &status, uap->options,
	    uap->wrusage != NULL ? &ru[0] : NULL, &si, &res);
	if (error != 0)
		return (error);
	if (res != 0 && uap->status != NULL)
		error = copyout(&status, uap->status, sizeof(status));
	if (error == 0 && res != 0 && uap->wrusage != NULL)
		error = copyout(ru, uap->wrusage, sizeof(ru));
	if (error == 0 && uap->info != NULL)
		error = copyout(&si, uap->info, sizeof(si));
	sysmsg->sysmsg_result = res;
	return (error);
}
