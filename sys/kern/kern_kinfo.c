/*
 * kern.proc.*: the process table for ps(1), as struct kinfo_proc
 * records (sys/user.h) and argument strings.  kern.proc.all gives every
 * process; pid.<pid> one; pgrp.<pgid>, session.<sid>, uid.<uid>,
 * ruid.<ruid> and tty.<major>.<minor> the processes that match, in the
 * order of kern.proc.all (an empty answer when none do).  dev_t is 64
 * bits and a MIB component 32, so tty takes the device number in two
 * (st_rdev >> 32, st_rdev & 0xffffffff); -1.-1 (NODEV) selects the
 * processes without a controlling tty.
 *
 * There is no kern.proc.pathname or kern.proc.cwd: a vnode does not know
 * its name (tmpfs keeps no name cache), and exec keeps the vnode only,
 * so the answer would be a walk up ".." entries that can fail for an
 * unlinked file; ps shows the argument strings instead.
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

/* Does p belong in the answer to kern.proc.<what>.<name...>? */
static bool
kinfo_match(struct proc *p, int what, const int *name)
{
	struct ucred *cr = p->p_ucred;
	struct session *sess;
	struct tty *tp;
	dev_t dev;

	switch (what) {
	case KERN_PROC_ALL:
		return (true);
	case KERN_PROC_PGRP:
		return (p->p_pgrp != NULL && p->p_pgrp->pg_id == name[0]);
	case KERN_PROC_SESSION:
		return (p->p_pgrp != NULL && p->p_pgrp->pg_session != NULL &&
		    p->p_pgrp->pg_session->s_sid == name[0]);
	case KERN_PROC_UID:
		return (cr != NULL && cr->cr_uid == (uid_t)name[0]);
	case KERN_PROC_RUID:
		return (cr != NULL && cr->cr_ruid == (uid_t)name[0]);
	case KERN_PROC_TTY:
		dev = (dev_t)(uint32_t)name[0] << 32 | (uint32_t)name[1];
		sess = p->p_pgrp != NULL ? p->p_pgrp->pg_session : NULL;
		tp = sess != NULL ? sess->s_ttyp : NULL;
		if (dev == NODEV)
			return (tp == NULL);
		return (tp != NULL && tp->t_dev == dev);
	}
	return (false);
}

/*
 * Every live process, then the zombies, that match: records made under
 * proc_token and copied out after.
 */
static int
kinfo_proc_list(struct sysctl_req *req, int what, const int *name)
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
		if (p->p_stat != SIDL && kinfo_match(p, what, name))
			fill_kinfo_proc(p, &buf[n++]);
	}
	LIST_FOREACH(p, &zombproc, p_list) {
		if (n == max)
			break;
		if (kinfo_match(p, what, name))
			fill_kinfo_proc(p, &buf[n++]);
	}
	lwkt_reltoken(&proc_token);
	error = SYSCTL_OUT(req, buf, n * sizeof(*buf));
	kfree(buf, M_KINFO);
	return (error);
}

/* kern.proc.all */
static int
sysctl_kern_proc_all(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_list(req, KERN_PROC_ALL, NULL));
}

/* kern.proc.{pgrp,session,uid,ruid}.<id>, kern.proc.tty.<hi>.<lo> */
static int
kinfo_proc_by(struct sysctl_req *req, int what, int *name, int namelen)
{
	if (namelen != (what == KERN_PROC_TTY ? 2 : 1))
		return (EINVAL);
	return (kinfo_proc_list(req, what, name));
}

static int
sysctl_kern_proc_pgrp(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_by(req, KERN_PROC_PGRP, arg1, arg2));
}

static int
sysctl_kern_proc_session(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_by(req, KERN_PROC_SESSION, arg1, arg2));
}

static int
sysctl_kern_proc_tty(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_by(req, KERN_PROC_TTY, arg1, arg2));
}

static int
sysctl_kern_proc_uid(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_by(req, KERN_PROC_UID, arg1, arg2));
}

static int
sysctl_kern_proc_ruid(SYSCTL_HANDLER_ARGS)
{
	return (kinfo_proc_by(req, KERN_PROC_RUID, arg1, arg2));
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
SYSCTL_NODE(_kern_proc, KERN_PROC_PGRP, pgrp, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_pgrp, "A process group: kern.proc.pgrp.<pgid>");
SYSCTL_NODE(_kern_proc, KERN_PROC_SESSION, session,
    CTLFLAG_RD | CTLFLAG_SKIP, sysctl_kern_proc_session,
    "A session: kern.proc.session.<sid>");
SYSCTL_NODE(_kern_proc, KERN_PROC_TTY, tty, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_tty,
    "A controlling tty: kern.proc.tty.<rdev >> 32>.<rdev & 0xffffffff>");
SYSCTL_NODE(_kern_proc, KERN_PROC_UID, uid, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_uid, "An effective user: kern.proc.uid.<uid>");
SYSCTL_NODE(_kern_proc, KERN_PROC_RUID, ruid, CTLFLAG_RD | CTLFLAG_SKIP,
    sysctl_kern_proc_ruid, "A real user: kern.proc.ruid.<uid>");
