/*
 * Resource limits, priorities and usage: getrlimit/setrlimit (limits are
 * shared copy-on-write between processes), getpriority/setpriority (nice
 * values: the weight of the process's threads in the user scheduler,
 * see usched_clock in lwkt_thread.c) and
 * getrusage.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/resource.h>
#include <sys/filedesc.h>
#include <sys/spinlock.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_PLIMIT, "plimit", "resource limits");

void
plimit_init0(struct plimit *lim)
{
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++) {
		lim->pl_rlimit[i].rlim_cur = RLIM_INFINITY;
		lim->pl_rlimit[i].rlim_max = RLIM_INFINITY;
	}
	lim->pl_rlimit[RLIMIT_NOFILE].rlim_cur = 1024;
	lim->pl_rlimit[RLIMIT_NOFILE].rlim_max = 8192;
	lim->pl_rlimit[RLIMIT_NPROC].rlim_cur = 1024;
	lim->pl_rlimit[RLIMIT_NPROC].rlim_max = 4096;
	/* The stack reserved at exec (kern_exec.c: 64 KiB .. 512 MiB). */
	lim->pl_rlimit[RLIMIT_STACK].rlim_cur = 8 * 1024 * 1024;
	lim->pl_rlimit[RLIMIT_STACK].rlim_max = 512 * 1024 * 1024;
	lim->pl_rlimit[RLIMIT_CORE].rlim_cur = 0;
	lim->pl_refcnt = 1;
}

struct plimit *
plimit_hold(struct plimit *lim)
{
	__atomic_fetch_add(&lim->pl_refcnt, 1, __ATOMIC_SEQ_CST);
	return (lim);
}

void
plimit_free(struct plimit *lim)
{
	if (__atomic_sub_fetch(&lim->pl_refcnt, 1, __ATOMIC_SEQ_CST) == 0)
		kfree(lim, M_PLIMIT);
}

/* A private copy of lim (the caller's reference is kept). */
struct plimit *
plimit_copy(struct plimit *lim)
{
	struct plimit *n;

	n = kmalloc(sizeof(*n), M_PLIMIT, M_WAITOK);
	*n = *lim;
	n->pl_refcnt = 1;
	return (n);
}

int
sys_getrlimit(struct sysmsg *sysmsg, const struct getrlimit_args *uap)
{
	struct rlimit rl;

	if (uap->which >= RLIM_NLIMITS)
		return (EINVAL);
	rl = curproc->p_limit->pl_rlimit[uap->which];
	return (copyout(&rl, uap->rlp, sizeof(rl)));
}

int
sys_setrlimit(struct sysmsg *sysmsg, const struct setrlimit_args *uap)
{
	struct proc *p = curproc;
	struct plimit *lim, *old;
	struct rlimit rl, *cur;
	int error;

	if (uap->which >= RLIM_NLIMITS)
		return (EINVAL);
	error = copyin(uap->rlp, &rl, sizeof(rl));
	if (error != 0)
		return (error);
	if (rl.rlim_cur < 0 || rl.rlim_max < 0)
		return (EINVAL);
	if (rl.rlim_cur > rl.rlim_max)
		return (EINVAL);
	cur = &p->p_limit->pl_rlimit[uap->which];
	if (rl.rlim_max > cur->rlim_max &&
	    (error = caps_priv_check(p->p_ucred, SYSCAP_NOLIMITS)) != 0)
		return (error);
	old = p->p_limit;
	lim = old->pl_refcnt > 1 ? plimit_copy(old) : old;
	lim->pl_rlimit[uap->which] = rl;
	if (lim != old) {
		p->p_limit = lim;
		plimit_free(old);
	}
	if (uap->which == RLIMIT_CPU)
		p->p_cpuxnext = 0;	/* SIGXCPU again at the new limit */
	/*
	 * The descriptor table enforces its own limit (fd_lim): keep it at
	 * the new soft limit, capped by kern.maxfilesperproc, or
	 * RLIMIT_NOFILE would never give EMFILE.
	 */
	if (uap->which == RLIMIT_NOFILE && p->p_fd != NULL) {
		spin_lock(&p->p_fd->fd_spin);
		p->p_fd->fd_lim = (int)MIN(rl.rlim_cur,
		    (rlim_t)maxfilesperproc);
		spin_unlock(&p->p_fd->fd_spin);
	}
	return (0);
}

/*
 * RLIMIT_CPU, checked once per second of the process's CPU time (from
 * userret, see hardclock): at the hard limit the process is killed
 * (SIGKILL); from the soft limit on it gets SIGXCPU, then again every 5
 * seconds while it keeps running below the hard limit (as FreeBSD does),
 * so a process that catches SIGXCPU to clean up is reminded but has time
 * to.
 */
void
proc_cpulimit_check(struct proc *p)
{
	struct rlimit rl = p->p_limit->pl_rlimit[RLIMIT_CPU];
	uint64_t secs = (p->p_uticks + p->p_sticks) / HZ;

	if (rl.rlim_max != RLIM_INFINITY && secs >= (uint64_t)rl.rlim_max) {
		ksignal(p, SIGKILL);
		return;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return;
	if (p->p_cpuxnext == 0)
		p->p_cpuxnext = rl.rlim_cur;
	if (secs >= p->p_cpuxnext) {
		p->p_cpuxnext = secs + 5;
		ksignal(p, SIGXCPU);
	}
}

static int
prio_one(struct proc *p, int who_kind, int prio, bool set, int *low)
{
	struct ucred *cr = curproc->p_ucred;

	if (!set) {
		if (p->p_nice < *low)
			*low = p->p_nice;
		return (0);
	}
	if (p_trespass(cr, p->p_ucred) != 0)
		return (EPERM);
	if (prio < PRIO_MIN)
		prio = PRIO_MIN;
	if (prio > PRIO_MAX)
		prio = PRIO_MAX;
	if (prio < p->p_nice &&
	    caps_priv_check(cr, SYSCAP_NOPROC_NICE) != 0)
		return (EACCES);
	p->p_nice = prio;
	return (0);
}

static int
prio_common(int which, int who, int prio, bool set, register_t *res)
{
	struct proc *p;
	int low = PRIO_MAX + 1, error = 0, found = 0;
	pid_t pg;
	uid_t uid;

	lwkt_gettoken(&proc_token);
	switch (which) {
	case PRIO_PROCESS:
		if (who == 0)
			who = curproc->p_pid;
		LIST_FOREACH(p, &allproc, p_list)
			if (p->p_pid == who && p->p_stat != SZOMB) {
				found++;
				error = prio_one(p, which, prio, set, &low);
			}
		break;
	case PRIO_PGRP:
		pg = who == 0 ? curproc->p_pgrp->pg_id : who;
		LIST_FOREACH(p, &allproc, p_list)
			if (p->p_pgrp != NULL && p->p_pgrp->pg_id == pg &&
			    p->p_stat != SZOMB) {
				found++;
				if (prio_one(p, which, prio, set, &low) != 0)
					error = EPERM;
			}
		break;
	case PRIO_USER:
		uid = who == 0 ? curproc->p_ucred->cr_uid : (uid_t)who;
		LIST_FOREACH(p, &allproc, p_list)
			if (p->p_ucred != NULL && p->p_ucred->cr_uid == uid &&
			    p->p_stat != SZOMB && p->p_pid != 0) {
				found++;
				if (prio_one(p, which, prio, set, &low) != 0)
					error = EPERM;
			}
		break;
	default:
		error = EINVAL;
	}
	lwkt_reltoken(&proc_token);
	if (error == 0 && found == 0)
		error = ESRCH;
	if (error == 0 && !set)
		*res = low;
	return (error);
}

int
sys_getpriority(struct sysmsg *sysmsg, const struct getpriority_args *uap)
{
	return (prio_common(uap->which, uap->who, 0, false,
	    &sysmsg->sysmsg_result));
}

int
sys_setpriority(struct sysmsg *sysmsg, const struct setpriority_args *uap)
{
	return (prio_common(uap->which, uap->who, uap->prio, true,
	    &sysmsg->sysmsg_result));
}

static void
ticks_to_tv(uint64_t t, struct timeval *tv)
{
	tv->tv_sec = t / HZ;
	tv->tv_usec = (t % HZ) * (1000000 / HZ);
}

void
calcru(struct proc *p, struct timeval *up, struct timeval *sp)
{
	ticks_to_tv(p->p_uticks, up);
	ticks_to_tv(p->p_sticks, sp);
}

int
sys_getrusage(struct sysmsg *sysmsg, const struct getrusage_args *uap)
{
	struct proc *p = curproc;
	struct rusage ru;

	switch (uap->who) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		ru = p->p_ru;
		calcru(p, &ru.ru_utime, &ru.ru_stime);
		break;
	case RUSAGE_CHILDREN:
		ru = p->p_cru;
		break;
	default:
		return (EINVAL);
	}
	return (copyout(&ru, uap->rusage, sizeof(ru)));
}
