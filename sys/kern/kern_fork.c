/*
 * fork and vfork.  The child gets a copy-on-write copy of the address
 * space (vmspace_fork), a copy of the descriptor table (fdcopy, files
 * layer), shared credentials and limits, a copy of the signal actions and
 * a new thread whose registers the port copies from the parent's
 * (cpu_fork), so that it returns 0 from the same system call.  Children
 * are spread over the CPUs round-robin.  vfork is fork whose parent waits
 * until the child execs or exits.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/filedesc.h>
#include <sys/vnode.h>
#include <sys/spinlock.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/event.h>
#include <sys/shm.h>
#include <vm/vm_map.h>

MALLOC_DECLARE(M_PROC);

static volatile int fork_nextcpu;
uint64_t nforks;

static void
proc_free_parts(struct proc *p2)
{
	if (p2->p_vmspace != NULL)
		vmspace_free(p2->p_vmspace);
	if (p2->p_sigacts != NULL)
		sigacts_free(p2->p_sigacts);
	if (p2->p_ucred != NULL)
		crfree(p2->p_ucred);
	if (p2->p_limit != NULL)
		plimit_free(p2->p_limit);
	kfree(p2, M_PROC);
}

static int
count_user_procs(uid_t uid)
{
	struct proc *p;
	int n = 0;

	LIST_FOREACH(p, &allproc, p_list)
		if (p->p_ucred != NULL && p->p_ucred->cr_ruid == uid)
			n++;
	return (n);
}

int
fork1(struct lwp *lp1, int flags, struct proc **procp)
{
	struct proc *p1 = lp1->lwp_proc, *p2;
	struct thread *td1 = lp1->lwp_thread, *td2;
	int cpu, error;

	if (nprocs >= maxproc)
		return (EAGAIN);
	p2 = kmalloc(sizeof(*p2), M_PROC, M_NOWAIT | M_ZERO);
	if (p2 == NULL)
		return (EAGAIN);
	lwkt_token_init(&p2->p_token, "proc");
	LIST_INIT(&p2->p_children);
	TAILQ_INIT(&p2->p_sigq);
	callout_init(&p2->p_itcallout);
	p2->p_stat = SIDL;

	p2->p_vmspace = vmspace_fork(p1->p_vmspace);
	if (p2->p_vmspace == NULL) {
		proc_free_parts(p2);
		return (ENOMEM);
	}
	p2->p_sigacts = sigacts_copy(p1->p_sigacts);
	if (p2->p_sigacts == NULL) {
		proc_free_parts(p2);
		return (ENOMEM);
	}
	p2->p_ucred = crhold(p1->p_ucred);
	p2->p_limit = plimit_hold(p1->p_limit);
	if (p1->p_fd != NULL) {
		p2->p_fd = fdcopy(p1->p_fd);
		if (p2->p_fd == NULL) {
			proc_free_parts(p2);
			return (ENOMEM);
		}
	}
	cpu = __atomic_fetch_add(&fork_nextcpu, 1, __ATOMIC_RELAXED) % ncpus;
	td2 = lwkt_alloc_thread(cpu);
	if (td2 == NULL) {
		if (p2->p_fd != NULL)
			fdfree(p2);
		proc_free_parts(p2);
		return (ENOMEM);
	}

	/* Not P_EXEC: the child has not exec'd, so its parent may still
	   move it to another process group (setpgid, as a shell does). */
	p2->p_flags = p1->p_flags & (P_SUGID | P_CONTROLT | P_NOCLDWAIT);
	p2->p_nice = p1->p_nice;
	p2->p_umask = p1->p_umask;
	p2->p_exitsig = SIGCHLD;
	p2->p_textvp = p1->p_textvp;
	if (p2->p_textvp != NULL)
		vref(p2->p_textvp);
	memcpy(p2->p_comm, p1->p_comm, sizeof(p2->p_comm));
	microuptime(&p2->p_start);
	/* Only the calling lwp is copied: the child has one thread. */
	LIST_INIT(&p2->p_lwps);
	lwp_link(p2, &p2->p_lwp0);
	p2->p_lwp0.lwp_thread = td2;
	p2->p_lwp0.lwp_sigmask = lp1->lwp_sigmask;
	p2->p_lwp0.lwp_sigstk = lp1->lwp_sigstk;
	td2->td_proc = p2;
	td2->td_lwp = &p2->p_lwp0;
	TD_FLAGS_SET(td2, TDF_USERMODE);
	td2->td_pri = td1->td_pri;
	memcpy(td2->td_comm, p2->p_comm, sizeof(td2->td_comm));
	if (flags & RFPPWAIT)
		p2->p_flags |= P_PPWAIT;

	lwkt_gettoken(&proc_token);
	p2->p_pid = proc_allocpid();
	if (p2->p_pid < 0) {
		lwkt_reltoken(&proc_token);
		error = EAGAIN;
		goto fail;
	}
	if (p1->p_ucred->cr_ruid != 0 &&
	    count_user_procs(p1->p_ucred->cr_ruid) >=
	    p1->p_limit->pl_rlimit[RLIMIT_NPROC].rlim_cur) {
		lwkt_reltoken(&proc_token);
		error = EAGAIN;
		goto fail;
	}
	p2->p_lwp0.lwp_tid = p2->p_pid;
	p2->p_pptr = p1;
	LIST_INSERT_HEAD(&p1->p_children, p2, p_sibling);
	joinpgrp(p2, p1->p_pgrp);
	proc_link(p2);
	p2->p_stat = SACTIVE;
	nforks++;
	lwkt_reltoken(&proc_token);
	knote_proc_fork(p1, p2->p_pid);	/* EVFILT_PROC NOTE_FORK watchers */

	shmfork(p1, p2);	/* SysV shared memory attachments */
	cpu_fork(td1, td2);
	*procp = p2;
	lwkt_schedule(td2);
	return (0);
fail:
	td2->td_proc = NULL;
	td2->td_lwp = NULL;
	lwkt_free_thread(td2);
	if (p2->p_textvp != NULL)
		vrele(p2->p_textvp);
	if (p2->p_fd != NULL)
		fdfree(p2);
	proc_free_parts(p2);
	return (error);
}

int
sys_fork(struct sysmsg *sysmsg, const struct fork_args *uap)
{
	struct proc *p2;
	int error;

	error = fork1(curthread->td_lwp, RFPROC, &p2);
	if (error == 0) {
		sysmsg->sysmsg_result = p2->p_pid;
		sysmsg->sysmsg_result1 = 0;
	}
	return (error);
}

int
sys_vfork(struct sysmsg *sysmsg, const struct vfork_args *uap)
{
	struct proc *p2;
	int error;

	error = fork1(curthread->td_lwp, RFPROC | RFPPWAIT, &p2);
	if (error != 0)
		return (error);
	sysmsg->sysmsg_result = p2->p_pid;
	sysmsg->sysmsg_result1 = 0;
	/* The child's exec or exit clears P_PPWAIT and wakes us. */
	lwkt_gettoken(&p2->p_token);
	while ((p2->p_flags & P_PPWAIT) != 0)
		tsleep(&p2->p_flags, 0, "vfork", hz / 10 + 1);
	lwkt_reltoken(&p2->p_token);
	return (0);
}
