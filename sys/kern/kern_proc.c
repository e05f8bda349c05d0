/*
 * The process table: process 0, pid allocation, the pid hash, process
 * groups and sessions, and the system calls that manage the last two
 * (setsid, setpgid, getpgrp, getpgid, getsid).  Everything here is under
 * proc_token.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/tty.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <vm/vm_map.h>

MALLOC_DEFINE(M_PROC, "proc", "processes");
MALLOC_DEFINE(M_PGRP, "pgrp", "process groups and sessions");

#define PIDHASH_SIZE	256
static LIST_HEAD(, proc) pidhash[PIDHASH_SIZE];
static LIST_HEAD(, pgrp) pgrphash[PIDHASH_SIZE];
/* Unsigned: a negative pid from a system call must still hash in range. */
#define PIDHASH(pid)	(&pidhash[(u_int)(pid) % PIDHASH_SIZE])
#define PGRPHASH(pid)	(&pgrphash[(u_int)(pid) % PIDHASH_SIZE])

struct proc proc0;
struct proc *initproc;
struct proclist allproc = LIST_HEAD_INITIALIZER(allproc);
struct proclist zombproc = LIST_HEAD_INITIALIZER(zombproc);
int nprocs;
int maxproc = 4096;
static pid_t lastpid;
static struct session session0;
static struct pgrp pgrp0;
static struct sigacts sigacts0;
static struct plimit limit0;

void
proc0_init(void)
{
	struct proc *p = &proc0;

	lwkt_token_init(&p->p_token, "proc");
	LIST_INIT(&p->p_children);
	TAILQ_INIT(&p->p_sigq);
	strlcpy(p->p_comm, "kernel", sizeof(p->p_comm));
	p->p_pid = 0;
	p->p_stat = SACTIVE;
	p->p_flags = P_SYSTEM;
	p->p_pptr = p;

	session0.s_count = 1;
	session0.s_leader = p;
	session0.s_sid = 0;
	pgrp0.pg_session = &session0;
	pgrp0.pg_id = 0;
	LIST_INIT(&pgrp0.pg_members);
	LIST_INSERT_HEAD(&pgrp0.pg_members, p, p_pglist);
	pgrp0.pg_refs = 1;
	LIST_INSERT_HEAD(PGRPHASH(0), &pgrp0, pg_hash);
	p->p_pgrp = &pgrp0;

	proc0_cred = crget();
	p->p_ucred = crhold(proc0_cred);
	p->p_sigacts = &sigacts0;
	sigacts0.ps_refcnt = 1;
	plimit_init0(&limit0);
	p->p_limit = &limit0;
	p->p_umask = 022;
	p->p_exitsig = SIGCHLD;
	callout_init(&p->p_itcallout);

	LIST_INSERT_HEAD(&allproc, p, p_list);
	LIST_INSERT_HEAD(PIDHASH(0), p, p_hash);
	nprocs = 1;
}

/* Is pid in use as a process, process group or session id? */
static bool
pid_busy(pid_t pid)
{
	struct proc *p;
	struct pgrp *pg;

	LIST_FOREACH(p, PIDHASH(pid), p_hash)
		if (p->p_pid == pid)
			return (true);
	LIST_FOREACH(pg, PGRPHASH(pid), pg_hash)
		if (pg->pg_id == pid || pg->pg_session->s_sid == pid)
			return (true);
	return (false);
}

/* A free pid (proc_token held), or -1 if the table is full. */
pid_t
proc_allocpid(void)
{
	pid_t pid;
	int tries;

	for (tries = 0; tries < PID_MAX; tries++) {
		pid = ++lastpid;
		if (pid > PID_MAX)
			pid = lastpid = 2;	/* 1 is init's for life */
		if (!pid_busy(pid))
			return (pid);
	}
	return (-1);
}

/* Enter p in the tables; proc_token held. */
void
proc_link(struct proc *p)
{
	LIST_INSERT_HEAD(&allproc, p, p_list);
	LIST_INSERT_HEAD(PIDHASH(p->p_pid), p, p_hash);
	nprocs++;
}

void
proc_unlink_hash(struct proc *p)
{
	LIST_REMOVE(p, p_hash);
}

void
phold(struct proc *p)
{
	__atomic_fetch_add(&p->p_holdcnt, 1, __ATOMIC_SEQ_CST);
}

void
prele(struct proc *p)
{
	if (__atomic_sub_fetch(&p->p_holdcnt, 1, __ATOMIC_SEQ_CST) == 0)
		wakeup((const void *)(uintptr_t)&p->p_holdcnt);
}

/* Find a live process by pid; returned held (prele when done). */
struct proc *
pfind(pid_t pid)
{
	struct proc *p;

	lwkt_gettoken_shared(&proc_token);
	LIST_FOREACH(p, PIDHASH(pid), p_hash) {
		if (p->p_pid == pid && p->p_stat != SZOMB &&
		    p->p_stat != SIDL) {
			phold(p);
			break;
		}
	}
	lwkt_reltoken(&proc_token);
	return (p);
}

struct proc *
zpfind(pid_t pid)
{
	struct proc *p;

	lwkt_gettoken_shared(&proc_token);
	LIST_FOREACH(p, &zombproc, p_list)
		if (p->p_pid == pid) {
			phold(p);
			break;
		}
	lwkt_reltoken(&proc_token);
	return (p);
}

struct pgrp *
pgfind(pid_t pgid)
{
	struct pgrp *pg;

	LIST_FOREACH(pg, PGRPHASH(pgid), pg_hash)
		if (pg->pg_id == pgid)
			return (pg);
	return (NULL);
}

/* Is p curproc or a descendant of it? */
bool
inferior(struct proc *p)
{
	struct proc *me = curproc;

	for (; p != me; p = p->p_pptr)
		if (p->p_pid == 0 || p->p_pptr == p)
			return (false);
	return (true);
}

static void
pgrp_release(struct pgrp *pg)
{
	struct session *s;

	if (--pg->pg_refs > 0)
		return;
	LIST_REMOVE(pg, pg_hash);
	s = pg->pg_session;
	if (--s->s_count == 0 && s != &session0) {
		/* Its terminal outlives it: no pointer back to freed memory. */
		struct tty *tp = s->s_ttyp;

		if (tp != NULL && tp->t_session == s)
			tp->t_session = NULL;
		kfree(s, M_PGRP);
	}
	if (pg != &pgrp0)
		kfree(pg, M_PGRP);
}

/* Remove p from its group; proc_token held. */
void
leavepgrp(struct proc *p)
{
	struct pgrp *pg = p->p_pgrp;

	if (pg == NULL)
		return;
	LIST_REMOVE(p, p_pglist);
	p->p_pgrp = NULL;
	pgrp_release(pg);
}

/* Put p (proc_token held) into group pg. */
void
joinpgrp(struct proc *p, struct pgrp *pg)
{
	pg->pg_refs++;
	LIST_INSERT_HEAD(&pg->pg_members, p, p_pglist);
	p->p_pgrp = pg;
}

/*
 * Move p into process group pgid, creating it (and a session when mksess)
 * if it does not exist; proc_token held.
 */
int
enterpgrp(struct proc *p, pid_t pgid, bool mksess)
{
	struct pgrp *pg = pgfind(pgid), *old = p->p_pgrp;
	struct session *s;

	if (pg == NULL) {
		pg = kmalloc(sizeof(*pg), M_PGRP, M_WAITOK | M_ZERO);
		if (mksess) {
			s = kmalloc(sizeof(*s), M_PGRP, M_WAITOK | M_ZERO);
			s->s_leader = p;
			s->s_sid = p->p_pid;
			s->s_count = 1;
			if (old != NULL)
				strlcpy(s->s_login, old->pg_session->s_login,
				    sizeof(s->s_login));
			p->p_flags &= ~P_CONTROLT;
		} else {
			s = old->pg_session;
			s->s_count++;
		}
		pg->pg_session = s;
		pg->pg_id = pgid;
		LIST_INIT(&pg->pg_members);
		pg->pg_refs = 0;
		LIST_INSERT_HEAD(PGRPHASH(pgid), pg, pg_hash);
	} else if (pg == old)
		return (0);
	/*
	 * Leave the old group's member list before joining the new one:
	 * both use p_pglist, so removing afterwards would take p off the
	 * new list and leave the old one pointing at it.
	 */
	if (old != NULL)
		LIST_REMOVE(p, p_pglist);
	joinpgrp(p, pg);
	if (old != NULL) {
		pgrp_release(old);
	}
	return (0);
}

int
sys_setsid(struct sysmsg *sysmsg, const struct setsid_args *uap)
{
	struct proc *p = curproc;
	int error;

	lwkt_gettoken(&proc_token);
	if (p->p_pgrp->pg_id == p->p_pid || pgfind(p->p_pid) != NULL) {
		error = EPERM;
	} else {
		error = enterpgrp(p, p->p_pid, true);
		if (error == 0)
			sysmsg->sysmsg_result = p->p_pid;
	}
	lwkt_reltoken(&proc_token);
	return (error);
}

int
sys_setpgid(struct sysmsg *sysmsg, const struct setpgid_args *uap)
{
	struct proc *me = curproc, *targ;
	struct pgrp *pg;
	pid_t pgid = uap->pgid;
	int error = 0;

	if (pgid < 0)
		return (EINVAL);
	lwkt_gettoken(&proc_token);
	if (uap->pid != 0 && uap->pid != me->p_pid) {
		LIST_FOREACH(targ, PIDHASH(uap->pid), p_hash)
			if (targ->p_pid == uap->pid)
				break;
		if (targ == NULL || targ->p_stat == SZOMB ||
		    targ->p_pptr != me) {
			error = ESRCH;
			goto out;
		}
		if ((targ->p_flags & P_EXEC) != 0) {
			error = EACCES;
			goto out;
		}
		if (targ->p_pgrp->pg_session != me->p_pgrp->pg_session) {
			error = EPERM;
			goto out;
		}
	} else
		targ = me;
	if (targ->p_pgrp->pg_session->s_leader == targ) {
		error = EPERM;
		goto out;
	}
	if (pgid == 0)
		pgid = targ->p_pid;
	if (pgid != targ->p_pid) {
		pg = pgfind(pgid);
		if (pg == NULL ||
		    pg->pg_session != me->p_pgrp->pg_session) {
			error = EPERM;
			goto out;
		}
	}
	error = enterpgrp(targ, pgid, false);
out:
	lwkt_reltoken(&proc_token);
	return (error);
}

int
sys_getpgrp(struct sysmsg *sysmsg, const struct getpgrp_args *uap)
{
	lwkt_gettoken_shared(&proc_token);
	sysmsg->sysmsg_result = curproc->p_pgrp->pg_id;
	lwkt_reltoken(&proc_token);
	return (0);
}

static int
getid_common(pid_t pid, bool sid, register_t *res)
{
	struct proc *p;

	if (pid == 0) {
		p = curproc;
		phold(p);
	} else if ((p = pfind(pid)) == NULL)
		return (ESRCH);
	lwkt_gettoken_shared(&proc_token);
	*res = sid ? p->p_pgrp->pg_session->s_sid : p->p_pgrp->pg_id;
	lwkt_reltoken(&proc_token);
	prele(p);
	return (0);
}

int
sys_getpgid(struct sysmsg *sysmsg, const struct getpgid_args *uap)
{
	return (getid_common(uap->pid, false, &sysmsg->sysmsg_result));
}

int
sys_getsid(struct sysmsg *sysmsg, const struct getsid_args *uap)
{
	return (getid_common(uap->pid, true, &sysmsg->sysmsg_result));
}

/*
 * Call fn for every process (for sysctl kern.proc); stops at the first
 * nonzero return.  fn runs with proc_token held shared and the process
 * held, so it must not sleep for long.
 */
int
proc_foreach(int (*fn)(struct proc *, void *), void *arg)
{
	struct proc *p;
	int error = 0;

	lwkt_gettoken_shared(&proc_token);
	LIST_FOREACH(p, &allproc, p_list) {
		error = fn(p, arg);
		if (error != 0)
			break;
	}
	if (error == 0)
		LIST_FOREACH(p, &zombproc, p_list) {
			error = fn(p, arg);
			if (error != 0)
				break;
		}
	lwkt_reltoken(&proc_token);
	return (error);
}

/* May cr1 act on a process running with cr2?  0 or EPERM. */
int
p_trespass(struct ucred *cr1, struct ucred *cr2)
{
	if (cr1 == cr2)
		return (0);
	if (cr1->cr_prison != NULL && cr1->cr_prison != cr2->cr_prison)
		return (EPERM);
	if (cr1->cr_ruid == cr2->cr_ruid || cr1->cr_uid == cr2->cr_ruid ||
	    cr1->cr_ruid == cr2->cr_svuid || cr1->cr_uid == cr2->cr_svuid)
		return (0);
	return (caps_priv_check(cr1, SYSCAP_NOPROC_SIGNAL));
}

int
p_cansignal(struct proc *from, struct proc *to, int sig)
{
	if (from == to)
		return (0);
	if (to->p_pid <= 1 && sig == SIGKILL && to->p_pid == 1)
		return (EPERM);		/* init cannot be killed */
	/* SIGCONT within the session, as POSIX allows. */
	if (sig == SIGCONT && from->p_pgrp != NULL && to->p_pgrp != NULL &&
	    from->p_pgrp->pg_session == to->p_pgrp->pg_session)
		return (0);
	return (p_trespass(from->p_ucred, to->p_ucred));
}

/* Process and thread counts, for ps-like tools and the leak checks. */
#include <sys/sysctl.h>

extern uint64_t nforks;
SYSCTL_INT(_kern, OID_AUTO, maxproc, CTLFLAG_RW, &maxproc, 0,
    "Maximum number of processes");
SYSCTL_INT(_kern, OID_AUTO, nprocs, CTLFLAG_RD, &nprocs, 0,
    "Processes, zombies included");
SYSCTL_U64(_kern, OID_AUTO, forks, CTLFLAG_RD, &nforks, 0,
    "Successful forks since boot");
SYSCTL_NODE(_kern, OID_AUTO, lwkt, CTLFLAG_RD, 0, "LWKT threads");
SYSCTL_U64(_kern_lwkt, OID_AUTO, nthreads, CTLFLAG_RD, &lwkt_nthreads, 0,
    "Threads, idle threads included");
