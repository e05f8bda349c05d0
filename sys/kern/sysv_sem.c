/*
 * System V semaphores: semget, semop, __semctl (semctl(3) in libc),
 * the SEM_UNDO records applied by semexit() when a process exits however
 * it exits (kern_exit.c calls it), and the kern.ipc.sem* sysctls.
 *
 * Each of the semmni table slots (struct semid_pool) holds a set's
 * semid_ds and its array of semaphores; semmns bounds the semaphores of
 * all sets.  Undo records come from a pool of semmnu records of semume
 * entries each, made at boot, so semop never allocates while it holds
 * the token.
 *
 * semop applies all its operations or none: it tries them in order on
 * the live values, and if one would block (a decrement below zero, a
 * wait-for-zero on a non-zero value) or fail, it puts the earlier ones
 * back, counts itself in that semaphore's semncnt or semzcnt, and sleeps
 * until the set changes; then it tries the whole list again.
 *
 * Locking: sem_token protects everything here.  A sleeper records its
 * slot's generation (bumped whenever the slot gets or loses a set) before
 * tsleep, which releases the token while asleep; a different generation
 * after waking means the set was removed: EIDRM.  The id's sequence says
 * the same for callers that come back with an id, but the generation is
 * 32 bits and never repeats in practice.  User memory is copied before
 * the token is taken or after it is dropped.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/kernel.h>
#include <sys/queue.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/ipc.h>
#include <sys/sem.h>

MALLOC_DEFINE(M_SEM, "sem", "SysV semaphore sets and undo records");

struct sem {
	unsigned short	semval;		/* value, 0 .. semvmx */
	pid_t		sempid;		/* last semop's process */
	unsigned short	semncnt;	/* sleepers waiting to take */
	unsigned short	semzcnt;	/* sleepers waiting for zero */
};

/* One slot of the table. */
struct semid_pool {
	struct semid_ds	ds;		/* what IPC_STAT shows */
	struct sem	*sems;		/* ds.sem_nsems, M_SEM */
	uint32_t	gen;		/* bumped when a set comes or goes */
	int		prison_id;	/* creator's prison, 0: host */
};

/* One process's adjust-on-exit values. */
struct undo_ent {
	int		un_adjval;	/* added to the value at exit */
	int		un_num;		/* semaphore in the set */
	int		un_id;		/* semid */
};

struct sem_undo {
	LIST_ENTRY(sem_undo) un_link;	/* sem_undos, while in use */
	struct proc	*un_proc;	/* owner, NULL: free */
	int		un_cnt;		/* entries in use */
	struct undo_ent	un_ent[];	/* semume */
};

struct seminfo seminfo = {
	.semmni = 50,
	.semmns = 340,
	.semmnu = 150,
	.semmsl = 340,
	.semopm = 100,
	.semume = 50,
	.semusz = 0,			/* computed at boot */
	.semvmx = 32767,
	.semaem = 16384,
};

static struct lwkt_token sem_token = LWKT_TOKEN_INITIALIZER(sem_token);
static struct semid_pool *sema;		/* semmni slots */
static char *semu_pool;			/* semmnu records of semusz bytes */
static LIST_HEAD(, sem_undo) sem_undos = LIST_HEAD_INITIALIZER(sem_undos);
static int semtot;			/* semaphores in all sets */
static int semids_inuse;		/* sets */

static int sysctl_sema(SYSCTL_HANDLER_ARGS);

SYSCTL_INT(_kern_ipc, OID_AUTO, semmni, CTLFLAG_RDTUN, &seminfo.semmni, 0,
    "Semaphore sets");
SYSCTL_INT(_kern_ipc, OID_AUTO, semmns, CTLFLAG_RDTUN, &seminfo.semmns, 0,
    "Semaphores in all sets");
SYSCTL_INT(_kern_ipc, OID_AUTO, semmnu, CTLFLAG_RDTUN, &seminfo.semmnu, 0,
    "Processes with undo records");
SYSCTL_INT(_kern_ipc, OID_AUTO, semmsl, CTLFLAG_RDTUN, &seminfo.semmsl, 0,
    "Semaphores in one set");
SYSCTL_INT(_kern_ipc, OID_AUTO, semopm, CTLFLAG_RDTUN, &seminfo.semopm, 0,
    "Operations in one semop");
SYSCTL_INT(_kern_ipc, OID_AUTO, semume, CTLFLAG_RDTUN, &seminfo.semume, 0,
    "Undo entries per process");
SYSCTL_INT(_kern_ipc, OID_AUTO, semusz, CTLFLAG_RD, &seminfo.semusz, 0,
    "Bytes of one undo record");
SYSCTL_INT(_kern_ipc, OID_AUTO, semvmx, CTLFLAG_RDTUN, &seminfo.semvmx, 0,
    "Largest semaphore value");
SYSCTL_INT(_kern_ipc, OID_AUTO, semaem, CTLFLAG_RDTUN, &seminfo.semaem, 0,
    "Largest adjust-on-exit value");
SYSCTL_STRUCT(_kern_ipc, OID_AUTO, seminfo, CTLFLAG_RD, &seminfo, seminfo,
    "Semaphore limits (struct seminfo)");
SYSCTL_INT(_kern_ipc, OID_AUTO, semids_inuse, CTLFLAG_RD, &semids_inuse, 0,
    "Semaphore sets in use");
SYSCTL_PROC(_kern_ipc, OID_AUTO, sema, CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    0, sysctl_sema, "S,xsemid", "Semaphore sets (struct xsemid[semmni])");

_Static_assert(sizeof(struct xsemid) % 8 == 0, "xsemid padding");

#define SEMU(i)	((struct sem_undo *)(semu_pool + (size_t)(i) * seminfo.semusz))

/* ---- boot ----------------------------------------------------------------- */

static void
seminit(void *dummy)
{
	int i;

	seminfo.semmni = ipc_tunable("kern.ipc.semmni", seminfo.semmni, 1,
	    32767);
	seminfo.semmns = ipc_tunable("kern.ipc.semmns", seminfo.semmns, 1,
	    INT32_MAX);
	seminfo.semmnu = ipc_tunable("kern.ipc.semmnu", seminfo.semmnu, 1,
	    65536);
	/*
	 * A set may hold as many as the system (FreeBSD's default), but
	 * never more than sem_nsems, an unsigned short, can count: the
	 * default is not range-checked as a tunable's value is.
	 */
	seminfo.semmsl = ipc_tunable("kern.ipc.semmsl",
	    seminfo.semmns < 65535 ? seminfo.semmns : 65535, 1, 65535);
	seminfo.semopm = ipc_tunable("kern.ipc.semopm", seminfo.semopm, 1,
	    65536);
	seminfo.semume = ipc_tunable("kern.ipc.semume", seminfo.semume, 1,
	    65536);
	seminfo.semvmx = ipc_tunable("kern.ipc.semvmx", seminfo.semvmx, 1,
	    65535);		/* semval is an unsigned short */
	seminfo.semaem = ipc_tunable("kern.ipc.semaem", seminfo.semaem, 1,
	    65535);
	seminfo.semusz = roundup2(sizeof(struct sem_undo) +
	    sizeof(struct undo_ent) * seminfo.semume, 8);

	sema = kmalloc(sizeof(*sema) * seminfo.semmni, M_SEM,
	    M_WAITOK | M_ZERO);
	semu_pool = kmalloc((size_t)seminfo.semusz * seminfo.semmnu, M_SEM,
	    M_WAITOK | M_ZERO);
	for (i = 0; i < seminfo.semmnu; i++)
		SEMU(i)->un_proc = NULL;
}
SYSINIT(sysv_sem, SI_SUB_SYSV_SEM, SI_ORDER_FIRST, seminit, NULL);

/* ---- helpers (sem_token held) ------------------------------------------- */

static struct semid_pool *
sem_lookup(int semid)
{
	struct semid_pool *sp;
	int ix = IPCID_TO_IX(semid);

	if (semid < 0 || ix >= seminfo.semmni)
		return (NULL);
	sp = &sema[ix];
	if ((sp->ds.sem_perm.mode & IPC_ALLOCATED) == 0 ||
	    IXSEQ_TO_IPCID(ix, sp->ds.sem_perm) != semid)
		return (NULL);
	if (!ipc_cansee(ipc_curcred(), sp->prison_id))
		return (NULL);	/* another prison's */
	return (sp);
}

static struct sem_undo *
semu_find(struct proc *p)
{
	struct sem_undo *su;

	LIST_FOREACH(su, &sem_undos, un_link)
		if (su->un_proc == p)
			return (su);
	return (NULL);
}

static struct sem_undo *
semu_alloc(struct proc *p)
{
	struct sem_undo *su;
	int i;

	for (i = 0; i < seminfo.semmnu; i++) {
		su = SEMU(i);
		if (su->un_proc == NULL) {
			su->un_proc = p;
			su->un_cnt = 0;
			LIST_INSERT_HEAD(&sem_undos, su, un_link);
			return (su);
		}
	}
	return (NULL);
}

static void
semu_release(struct sem_undo *su)
{
	LIST_REMOVE(su, un_link);
	su->un_proc = NULL;
	su->un_cnt = 0;
}

/*
 * Add adjval to p's undo value for (semid, num).  ENOSPC: no record
 * left; EINVAL: p's record is full; ERANGE: beyond semaem.  An entry
 * that comes back to zero goes away, and so does an empty record.
 */
static int
semu_adjust(struct proc *p, int semid, int num, int adjval)
{
	struct sem_undo *su = semu_find(p);
	struct undo_ent *ue;
	int i, v;

	if (su == NULL) {
		if (adjval == 0)
			return (0);
		if ((su = semu_alloc(p)) == NULL)
			return (ENOSPC);
	}
	for (i = 0; i < su->un_cnt; i++) {
		ue = &su->un_ent[i];
		if (ue->un_id != semid || ue->un_num != num)
			continue;
		v = ue->un_adjval + adjval;
		if (v > seminfo.semaem || v < -seminfo.semaem)
			return (ERANGE);
		ue->un_adjval = v;
		if (v == 0)
			su->un_ent[i] = su->un_ent[--su->un_cnt];
		goto done;
	}
	if (adjval == 0)
		goto done;
	if (adjval > seminfo.semaem || adjval < -seminfo.semaem)
		return (ERANGE);
	if (su->un_cnt == seminfo.semume)
		return (EINVAL);
	ue = &su->un_ent[su->un_cnt++];
	ue->un_id = semid;
	ue->un_num = num;
	ue->un_adjval = adjval;
done:
	if (su->un_cnt == 0)
		semu_release(su);
	return (0);
}

/* Forget every process's undo values for semid (num -1: all of them). */
static void
semu_clear(int semid, int num)
{
	struct sem_undo *su, *next;
	int i;

	for (su = LIST_FIRST(&sem_undos); su != NULL; su = next) {
		next = LIST_NEXT(su, un_link);
		for (i = 0; i < su->un_cnt; ) {
			if (su->un_ent[i].un_id == semid &&
			    (num == -1 || su->un_ent[i].un_num == num))
				su->un_ent[i] = su->un_ent[--su->un_cnt];
			else
				i++;
		}
		if (su->un_cnt == 0)
			semu_release(su);
	}
}

/* Remove a set; returns its semaphores for the caller to free. */
static struct sem *
sem_remove(struct semid_pool *sp, int semid)
{
	struct sem *sems = sp->sems;

	semu_clear(semid, -1);
	semtot -= sp->ds.sem_nsems;
	sp->sems = NULL;
	sp->ds.sem_nsems = 0;
	sp->ds.sem_perm.mode = 0;
	sp->ds.sem_perm.seq = (sp->ds.sem_perm.seq + 1) & 0x7fff;
	sp->gen++;
	semids_inuse--;
	wakeup(sp);		/* sleepers find the generation moved: EIDRM */
	return (sems);
}

/* ---- system calls ----------------------------------------------------------- */

int
sys_semget(struct sysmsg *sysmsg, const struct semget_args *uap)
{
	struct thread *td = curthread;
	struct ucred *cred = td->td_proc->p_ucred;
	struct semid_pool *sp;
	struct sem *sems = NULL;
	int error, ix, flags = uap->semflg, nsems = uap->nsems;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	/* A set may be made: allocate its semaphores before the token. */
	if ((uap->key == IPC_PRIVATE || (flags & IPC_CREAT) != 0) &&
	    nsems > 0 && nsems <= seminfo.semmsl)
		sems = kmalloc(sizeof(*sems) * nsems, M_SEM, M_WAITOK | M_ZERO);

	lwkt_gettoken(&sem_token);
	if (uap->key != IPC_PRIVATE) {
		for (ix = 0; ix < seminfo.semmni; ix++) {
			sp = &sema[ix];
			if ((sp->ds.sem_perm.mode & IPC_ALLOCATED) != 0 &&
			    sp->ds.sem_perm.key == uap->key &&
			    sp->prison_id == ipc_prison_id(cred))
				break;
		}
		if (ix < seminfo.semmni) {
			if ((flags & (IPC_CREAT | IPC_EXCL)) ==
			    (IPC_CREAT | IPC_EXCL))
				error = EEXIST;
			else if ((error = ipcperm(td, &sp->ds.sem_perm,
			    flags & 0700)) != 0)
				;
			else if (nsems < 0 || nsems > sp->ds.sem_nsems)
				error = EINVAL;
			if (error == 0)
				sysmsg->sysmsg_result =
				    IXSEQ_TO_IPCID(ix, sp->ds.sem_perm);
			goto out;
		}
		if ((flags & IPC_CREAT) == 0) {
			error = ENOENT;
			goto out;
		}
	}
	if (nsems <= 0 || nsems > seminfo.semmsl) {
		error = EINVAL;
		goto out;
	}
	if (nsems > seminfo.semmns - semtot) {
		error = ENOSPC;
		goto out;
	}
	for (ix = 0; ix < seminfo.semmni; ix++)
		if ((sema[ix].ds.sem_perm.mode & IPC_ALLOCATED) == 0)
			break;
	if (ix == seminfo.semmni) {
		error = ENOSPC;
		goto out;
	}
	sp = &sema[ix];
	ipc_perm_init(&sp->ds.sem_perm, cred, uap->key, flags);
	sp->ds.sem_nsems = nsems;
	sp->ds.sem_otime = 0;
	sp->ds.sem_ctime = ipc_now();
	sp->sems = sems;
	sems = NULL;
	sp->prison_id = ipc_prison_id(cred);
	sp->gen++;
	semtot += nsems;
	semids_inuse++;
	sysmsg->sysmsg_result = IXSEQ_TO_IPCID(ix, sp->ds.sem_perm);
out:
	lwkt_reltoken(&sem_token);
	if (sems != NULL)
		kfree(sems, M_SEM);
	return (error);
}

/*
 * Try every operation.  0: all done; EAGAIN: operation *blockedp must
 * wait (nothing changed); another errno: failed (nothing changed).
 */
static int
semop_try(struct semid_pool *sp, struct sembuf *sops, size_t nsops,
    size_t *blockedp)
{
	struct sem *s;
	size_t i;
	int v, error = 0;

	for (i = 0; i < nsops; i++) {
		s = &sp->sems[sops[i].sem_num];
		v = s->semval + sops[i].sem_op;
		if (sops[i].sem_op == 0 ? s->semval != 0 : v < 0) {
			error = EAGAIN;
			break;
		}
		if (v > seminfo.semvmx) {
			error = ERANGE;
			break;
		}
		s->semval = v;
	}
	if (error != 0) {
		*blockedp = i;
		while (i-- > 0)
			sp->sems[sops[i].sem_num].semval -= sops[i].sem_op;
	}
	return (error);
}

int
sys_semop(struct sysmsg *sysmsg, const struct semop_args *uap)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct semid_pool *sp;
	struct sembuf small[8], *sops = small;
	struct sem *s;
	size_t nsops = uap->nsops, i, blocked, j;
	uint32_t gen;
	int error, mode, wake;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	if (nsops > (size_t)seminfo.semopm)
		return (E2BIG);
	if (nsops > nitems(small))
		sops = kmalloc(sizeof(*sops) * nsops, M_SEM, M_WAITOK);
	if (nsops > 0 &&
	    (error = copyin(uap->sops, sops, sizeof(*sops) * nsops)) != 0)
		goto done;

	lwkt_gettoken(&sem_token);
	sp = sem_lookup(uap->semid);
	if (sp == NULL) {
		error = EINVAL;
		goto out;
	}
	mode = IPC_R;
	for (i = 0; i < nsops; i++) {
		if (sops[i].sem_num >= sp->ds.sem_nsems) {
			error = EFBIG;
			goto out;
		}
		if (sops[i].sem_op != 0)
			mode = IPC_W;
	}
	if ((error = ipcperm(td, &sp->ds.sem_perm, mode)) != 0)
		goto out;
	gen = sp->gen;
	for (;;) {
		error = semop_try(sp, sops, nsops, &blocked);
		if (error != EAGAIN)
			break;
		if ((sops[blocked].sem_flg & IPC_NOWAIT) != 0)
			goto out;
		s = &sp->sems[sops[blocked].sem_num];
		if (sops[blocked].sem_op == 0)
			s->semzcnt++;
		else
			s->semncnt++;
		error = tsleep(sp, PCATCH, "semwait", 0);
		if (sp->gen != gen) {
			error = EIDRM;	/* the set (and s) are gone */
			goto out;
		}
		s = &sp->sems[sops[blocked].sem_num];
		if (sops[blocked].sem_op == 0)
			s->semzcnt--;
		else
			s->semncnt--;
		if (error != 0) {
			error = EINTR;
			goto out;
		}
	}
	if (error != 0)
		goto out;

	/* Done; record the undo values, or put everything back. */
	for (i = 0; i < nsops; i++) {
		if ((sops[i].sem_flg & SEM_UNDO) == 0 || sops[i].sem_op == 0)
			continue;
		error = semu_adjust(p, uap->semid, sops[i].sem_num,
		    -sops[i].sem_op);
		if (error != 0) {
			for (j = 0; j < i; j++)
				if ((sops[j].sem_flg & SEM_UNDO) != 0)
					semu_adjust(p, uap->semid,
					    sops[j].sem_num, sops[j].sem_op);
			for (j = nsops; j-- > 0; )
				sp->sems[sops[j].sem_num].semval -=
				    sops[j].sem_op;
			goto out;
		}
	}
	wake = 0;
	for (i = 0; i < nsops; i++) {
		sp->sems[sops[i].sem_num].sempid = p->p_pid;
		if (sops[i].sem_op != 0)
			wake = 1;
	}
	sp->ds.sem_otime = ipc_now();
	if (wake)
		wakeup(sp);
	sysmsg->sysmsg_result = 0;
out:
	lwkt_reltoken(&sem_token);
done:
	if (sops != small)
		kfree(sops, M_SEM);
	return (error);
}

/* Apply and forget p's undo values; kern_exit.c calls this. */
void
semexit(struct proc *p)
{
	struct sem_undo *su;
	struct semid_pool *sp;
	struct undo_ent *ue;
	struct sem *s;
	int i, v;

	/* Only p adds records of its own, and p is here: no race. */
	if (LIST_EMPTY(&sem_undos))
		return;
	lwkt_gettoken(&sem_token);
	su = semu_find(p);
	if (su != NULL) {
		for (i = 0; i < su->un_cnt; i++) {
			ue = &su->un_ent[i];
			sp = sem_lookup(ue->un_id);
			if (sp == NULL || ue->un_num >= sp->ds.sem_nsems)
				continue;
			s = &sp->sems[ue->un_num];
			v = s->semval + ue->un_adjval;
			s->semval = v < 0 ? 0 : MIN(v, seminfo.semvmx);
			s->sempid = p->p_pid;
			wakeup(sp);
		}
		semu_release(su);
	}
	lwkt_reltoken(&sem_token);
}

int
sys___semctl(struct sysmsg *sysmsg, const struct __semctl_args *uap)
{
	struct thread *td = curthread;
	struct semid_pool *sp;
	struct semid_ds ds;
	union semun arg;
	unsigned short *vals = NULL;
	struct sem *freesems = NULL;
	int error, cmd = uap->cmd, semnum = uap->semnum, i, nsems = 0;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	switch (cmd) {
	case IPC_STAT:
	case IPC_SET:
	case GETALL:
	case SETALL:
	case SETVAL:
		error = copyin(uap->arg, &arg, sizeof(arg));
		if (error != 0)
			return (error);
		break;
	case IPC_RMID:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		break;
	default:
		return (EINVAL);
	}
	if (cmd == IPC_SET &&
	    (error = copyin(arg.buf, &ds, sizeof(ds))) != 0)
		return (error);
	if (cmd == GETALL || cmd == SETALL) {
		/* Size the buffer from the set, then check it again below. */
		lwkt_gettoken(&sem_token);
		sp = sem_lookup(uap->semid);
		nsems = sp != NULL ? sp->ds.sem_nsems : 0;
		lwkt_reltoken(&sem_token);
		if (sp == NULL)
			return (EINVAL);
		vals = kmalloc(sizeof(*vals) * nsems, M_SEM, M_WAITOK);
		if (cmd == SETALL &&
		    (error = copyin(arg.array, vals,
		    sizeof(*vals) * nsems)) != 0)
			goto done;
	}

	lwkt_gettoken(&sem_token);
	sp = sem_lookup(uap->semid);
	if (sp == NULL) {
		error = EINVAL;
		goto out;
	}
	switch (cmd) {
	case IPC_RMID:
		if ((error = ipcperm(td, &sp->ds.sem_perm, IPC_M)) == 0)
			freesems = sem_remove(sp, uap->semid);
		break;
	case IPC_SET:
		if ((error = ipcperm(td, &sp->ds.sem_perm, IPC_M)) != 0)
			break;
		sp->ds.sem_perm.uid = ds.sem_perm.uid;
		sp->ds.sem_perm.gid = ds.sem_perm.gid;
		sp->ds.sem_perm.mode = (sp->ds.sem_perm.mode & ~0777) |
		    (ds.sem_perm.mode & 0777);
		sp->ds.sem_ctime = ipc_now();
		break;
	case IPC_STAT:
		if ((error = ipcperm(td, &sp->ds.sem_perm, IPC_R)) != 0)
			break;
		ds = sp->ds;
		ds.sem_perm.mode &= 0777;
		break;
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		if ((error = ipcperm(td, &sp->ds.sem_perm, IPC_R)) != 0)
			break;
		if (semnum < 0 || semnum >= sp->ds.sem_nsems) {
			error = EINVAL;
			break;
		}
		sysmsg->sysmsg_result =
		    cmd == GETVAL ? sp->sems[semnum].semval :
		    cmd == GETPID ? sp->sems[semnum].sempid :
		    cmd == GETNCNT ? sp->sems[semnum].semncnt :
		    sp->sems[semnum].semzcnt;
		break;
	case SETVAL:
		if ((error = ipcperm(td, &sp->ds.sem_perm, IPC_W)) != 0)
			break;
		if (semnum < 0 || semnum >= sp->ds.sem_nsems) {
			error = EINVAL;
			break;
		}
		if (arg.val < 0 || arg.val > seminfo.semvmx) {
			error = ERANGE;
			break;
		}
		sp->sems[semnum].semval = arg.val;
		semu_clear(uap->semid, semnum);
		sp->ds.sem_ctime = ipc_now();
		wakeup(sp);
		break;
	case GETALL:
	case SETALL:
		if (sp->ds.sem_nsems != nsems) {
			error = EIDRM;	/* replaced while we copied */
			break;
		}
		error = ipcperm(td, &sp->ds.sem_perm,
		    cmd == GETALL ? IPC_R : IPC_W);
		if (error != 0)
			break;
		if (cmd == GETALL) {
			for (i = 0; i < nsems; i++)
				vals[i] = sp->sems[i].semval;
			break;
		}
		for (i = 0; i < nsems; i++)
			if (vals[i] > seminfo.semvmx)
				error = ERANGE;
		if (error != 0)
			break;
		for (i = 0; i < nsems; i++)
			sp->sems[i].semval = vals[i];
		semu_clear(uap->semid, -1);
		sp->ds.sem_ctime = ipc_now();
		wakeup(sp);
		break;
	}
out:
	lwkt_reltoken(&sem_token);
	if (error == 0 && cmd == IPC_STAT)
		error = copyout(&ds, arg.buf, sizeof(ds));
	if (error == 0 && cmd == GETALL)
		error = copyout(vals, arg.array, sizeof(*vals) * nsems);
done:
	if (vals != NULL)
		kfree(vals, M_SEM);
	if (freesems != NULL)
		kfree(freesems, M_SEM);
	return (error);
}

/* ---- sysctl ----------------------------------------------------------------- */

static int
sysctl_sema(SYSCTL_HANDLER_ARGS)
{
	struct ucred *reader = req->td != NULL && req->td->td_proc != NULL ?
	    req->td->td_proc->p_ucred : NULL;
	struct semid_pool *sp;
	struct xsemid *xs, *tab;
	size_t size = sizeof(*tab) * seminfo.semmni;
	int error, ix;

	if (req->oldptr == NULL)
		return (SYSCTL_OUT(req, NULL, size));
	tab = kmalloc(size, M_SEM, M_WAITOK | M_ZERO);
	lwkt_gettoken(&sem_token);
	for (ix = 0; ix < seminfo.semmni; ix++) {
		sp = &sema[ix];
		if ((sp->ds.sem_perm.mode & IPC_ALLOCATED) == 0 ||
		    !ipc_cansee(reader, sp->prison_id))
			continue;
		xs = &tab[ix];
		xs->xs_len = sizeof(*xs);
		xs->xs_version = XSEMID_VERSION;
		xs->xs_flags = XIPC_ALLOCATED;
		xs->xs_id = IXSEQ_TO_IPCID(ix, sp->ds.sem_perm);
		ipc_perm_export(&sp->ds.sem_perm, &xs->xs_perm);
		xs->xs_nsems = sp->ds.sem_nsems;
		xs->xs_otime = sp->ds.sem_otime;
		xs->xs_ctime = sp->ds.sem_ctime;
	}
	lwkt_reltoken(&sem_token);
	error = SYSCTL_OUT(req, tab, size);
	kfree(tab, M_SEM);
	return (error);
}
