/*
 * kern.proc.*: the process table for ps(1), as struct kinfo_proc
 * records (sys/user.h) and argument strings.
 *
 * Records are filled into a kernel buffer while proc_token is held and
 * copied out only after it is released: copyout can fault and block,
 * and a blocked holder loses its token, so the list could change under
 * a walk that copied out as it went.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/filedesc.h>
#include <sys/sysctl.h>
#include <sys/thread.h>
#include <sys/tty.h>
#include <sys/user.h>
#include <sys/errno.h>

#include <vm/vm_map.h>

MALLOC_DEFINE(M_KINFO, "kinfo", "kern.proc snapshots");

static uint64_t
ticks_to_us(uint64_t t)
{
	return (t * 1000000 / (uint64_t)hz);
}

static void
fill_kinfo_proc(struct proc *p, struct kinfo_proc *kp)
{
	struct ucred *cr = p->p_ucred;
	struct thread *td = NULL;
	struct session *sess;
	struct lwp *lp;
	struct filedesc *fdp;
	struct tty *tp;
	int i;

	memset(kp, 0, sizeof(*kp));
	kp->kp_len = sizeof(*kp);
	kp->kp_version = KI_VERSION;
	kp->kp_pid = p->p_pid;
	kp->kp_ppid = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	kp->kp_tpgid = -1;
	if (p->p_pgrp != NULL) {
		kp->kp_pgid = p->p_pgrp->pg_id;
		sess = p->p_pgrp->pg_session;
		if (sess != NULL) {
			kp->kp_sid = sess->s_sid;
			tp = sess->s_ttyp;
			if (tp != NULL) {
				kp->kp_tpgid = tp->t_pgrp > 0 ? tp->t_pgrp :
				    -1;
				if (tp->t_name != NULL)
					strlcpy(kp->kp_tty, tp->t_name,
					    sizeof(kp->kp_tty));
			}
		}
	}
	if (cr != NULL) {
		kp->kp_uid = cr->cr_uid;
		kp->kp_ruid = cr->cr_ruid;
		kp->kp_svuid = cr->cr_svuid;
		kp->kp_gid = cr->cr_ngroups > 0 ? cr->cr_groups[0] : 0;
		kp->kp_rgid = cr->cr_rgid;
		kp->kp_svgid = cr->cr_svgid;
	}
	kp->kp_stat = p->p_stat;
	kp->kp_nice = p->p_nice;
	kp->kp_flags = p->p_flags;
	if ((p->p_flags & P_SYSTEM) != 0)
		kp->kp_tdflags |= KI_TD_SYSTEM;
	/*
	 * The first lwp's thread stands for the process (state, CPU, wait
	 * channel); p_token keeps it from exiting while we look.
	 */
	lwkt_gettoken(&p->p_token);
	lp = lwp_first(p);
	if (lp != NULL)
		td = lp->lwp_thread;
	if (td != NULL && p->p_stat != SZOMB) {
		int f = td->td_flags;
		const char *w = td->td_wmesg;

		kp->kp_nthreads = p->p_nthreads;
		kp->kp_cpu = td->td_gd != NULL ? td->td_gd->gd_cpuid : -1;
		if ((f & (TDF_RUNNING | TDF_RUNQ)) != 0)
			kp->kp_tdflags |= KI_TD_RUNNING;
		if ((f & TDF_SLEEPING) != 0) {
			kp->kp_tdflags |= KI_TD_SLEEPING;
			if (w != NULL)
				strlcpy(kp->kp_wmesg, w, sizeof(kp->kp_wmesg));
		}
	} else
		kp->kp_cpu = -1;
	lwkt_reltoken(&p->p_token);
	kp->kp_start_us = (uint64_t)p->p_start.tv_sec * 1000000 +
	    p->p_start.tv_usec;
	kp->kp_utime_us = ticks_to_us(p->p_uticks);
	kp->kp_stime_us = ticks_to_us(p->p_sticks);
	if (p->p_vmspace != NULL && p->p_stat != SZOMB)
		kp->kp_vsize = p->p_vmspace->vm_map.size;
	if ((fdp = p->p_fd) != NULL && p->p_stat != SZOMB) {
		spin_lock(&fdp->fd_spin);
		for (i = 0; i <= fdp->fd_lastfile && i < fdp->fd_nfiles; i++)
			if (fdp->fd_files[i].fp != NULL)
				kp->kp_nfiles++;
		spin_unlock(&fdp->fd_spin);
	}
	strlcpy(kp->kp_comm, p->p_comm, sizeof(kp->kp_comm));
}

/* A process by pid, zombies included; proc_token held. */
static struct proc *
kinfo_pfind(pid_t pid)
{
	struct proc *p;

	LIST_FOREACH(p, &allproc, p_list)
		if (p->p_pid == pid && p->p_stat != SIDL)
			return (p);
	LIST_FOREACH(p, &zombproc, p_list)
		if (p->p_pid == pid)
			return (p);
	return (NULL);
}

/* kern.proc.all: every live process, then the zombies. */
static int
sysctl_kern_proc_all(SYSCTL_HANDLER_ARGS)
{
	struct kinfo_proc *buf;
	struct proc *p;
	int n, max, error;

	if (req->newptr != NULL)
		return (EPERM);
	max = nprocs + 16;
	buf = kmalloc(max * sizeof(*buf), M_KINFO, M_WAITOK);
	n = 0;
	lwkt_gettoken(&proc_token);
	LIST_FOREACH(p, &allproc, p_list) {
		if (n == max)
			break;
		if (p->p_stat != SIDL)
			fill_kinfo_proc(p, &buf[n++]);
	}
	LIST_FOREACH(p, &zombproc, p_list) {
		if (n == max)
			break;
		fill_kinfo_proc(p, &buf[n++]);
	}
	lwkt_reltoken(&proc_token);
	error = SYSCTL_OUT(req, buf, n * sizeof(*buf));
	kfree(buf, M_KINFO);
	return (error);
}

/* kern.proc.pid.<pid> */
static int
sysctl_kern_proc_pid(SYSCTL_HANDLER_ARGS)
{
	int *name = arg1;
	struct kinfo_proc kp;
	struct proc *p;

	if (req->newptr != NULL)
		return (EPERM);
	if (arg2 != 1)
		return (EINVAL);
	lwkt_gettoken(&proc_token);
	if ((p = kinfo_pfind(name[0])) != NULL)
		fill_kinfo_proc(p, &kp);
	lwkt_reltoken(&proc_token);
	if (p == NULL)
		return (ESRCH);
	return (SYSCTL_OUT(req, &kp, sizeof(kp)));
}

/*
 * kern.proc.args.<pid>: the argument strings exec recorded, or the
 * command name for a process without them (kernel processes, zombies).
 */
static int
sysctl_kern_proc_args(SYSCTL_HANDLER_ARGS)
{
	int *name = arg1;
	struct proc *p;
	char *args;
	size_t len;
	int error;

	if (req->newptr != NULL)
		return (EPERM);
	if (arg2 != 1)
		return (EINVAL);
	for (;;) {
		lwkt_gettoken(&proc_token);
		if ((p = kinfo_pfind(name[0])) == NULL) {
			lwkt_reltoken(&proc_token);
			return (ESRCH);
		}
		len = p->p_args != NULL && p->p_stat != SZOMB ?
		    p->p_argslen + 1 : strlen(p->p_comm) + 1;
		lwkt_reltoken(&proc_token);

		/* kmalloc may block and lose the token: look again after. */
		args = kmalloc(len, M_KINFO, M_WAITOK);
		lwkt_gettoken(&proc_token);
		if ((p = kinfo_pfind(name[0])) == NULL) {
			lwkt_reltoken(&proc_token);
			kfree(args, M_KINFO);
			return (ESRCH);
		}
		if (p->p_args != NULL && p->p_stat != SZOMB) {
			if (p->p_argslen + 1 == len) {
				memcpy(args, p->p_args, len);
				break;
			}
		} else if (strlen(p->p_comm) + 1 == len) {
			memcpy(args, p->p_comm, len);
			break;
		}
		/* It exec'd meanwhile: try again with the new size. */
		lwkt_reltoken(&proc_token);
		kfree(args, M_KINFO);
	}
	lwkt_reltoken(&proc_token);
	error = SYSCTL_OUT(req, args, len);
	kfree(args, M_KINFO);
	return (error);
}

SYSCTL_DECL(_kern_proc);	/* kern.proc itself: kern_sysctl.c */
SYSCTL_PROC(_kern_proc, KERN_PROC_ALL, all, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_kern_proc_all, "S,kinfo_proc",
    "Every process, zombies included");
SYSCTL_NODE(_kern_proc, KERN_PROC_PID, pid, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_pid,
    "One process: kern.proc.pid.<pid>");
SYSCTL_NODE(_kern_proc, KERN_PROC_ARGS, args, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_args, "Argument strings: kern.proc.args.<pid>");
