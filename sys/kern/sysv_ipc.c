/*
 * System V IPC: what message queues (sysv_msg.c), semaphores
 * (sysv_sem.c) and shared memory (sysv_shm.c) share.  ipcperm() decides
 * whether a thread may read, write or control an object from its
 * struct ipc_perm, the way file modes work: the owner (or creator) gets
 * the owner bits, a member of the owner's (or creator's) group the group
 * bits, anyone else the other bits; control (IPC_M: IPC_SET, IPC_RMID)
 * belongs to the owner and creator alone.  A credential that passes
 * caps_priv_check(SYSCAP_NOIPC_SYSVIPC) overrides both.
 *
 * Jails: a jailed process may use SysV IPC only when its prison has
 * PRISON_CAP_SYS_SYSVIPC (security.jail.sysvipc_allowed when it was
 * made); otherwise every call is ENOSYS, as on FreeBSD.  Objects remember
 * the prison of their creator: a jailed process finds by key and by id,
 * and sees in the kern.ipc.* records, only its own prison's objects (the
 * host sees everything).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <sys/ipc.h>

int
ipcperm(struct thread *td, struct ipc_perm *perm, int mode)
{
	struct ucred *cred = td->td_proc->p_ucred;
	int granted;

	if ((mode & IPC_M) != 0) {
		if (cred->cr_uid == perm->uid || cred->cr_uid == perm->cuid)
			return (0);
		return (caps_priv_check(cred, SYSCAP_NOIPC_SYSVIPC) == 0 ?
		    0 : EPERM);
	}
	mode &= IPC_R | IPC_W;
	/* Line the triple that applies up with the owner bits. */
	if (cred->cr_uid == perm->uid || cred->cr_uid == perm->cuid)
		granted = perm->mode & 0700;
	else if (groupmember(perm->gid, cred) || groupmember(perm->cgid, cred))
		granted = (perm->mode & 0070) << 3;
	else
		granted = (perm->mode & 0007) << 6;
	if ((mode & granted) == mode)
		return (0);
	return (caps_priv_check(cred, SYSCAP_NOIPC_SYSVIPC) == 0 ? 0 : EACCES);
}

int
ipc_jail_check(struct thread *td)
{
	struct ucred *cred = td->td_proc->p_ucred;

	if (jailed(cred) && !prison_cap(cred, PRISON_CAP_SYS_SYSVIPC))
		return (ENOSYS);
	return (0);
}

int
ipc_prison_id(struct ucred *cred)
{
	return (jailed(cred) ? cred->cr_prison->pr_id : 0);
}

/*
 * May a reader see an object created in prison prison_id?  The host
 * (an unjailed reader) sees everything; a jailed reader only its own
 * prison's objects.
 */
bool
ipc_cansee(struct ucred *reader, int prison_id)
{
	if (reader == NULL || !jailed(reader))
		return (true);
	return (reader->cr_prison->pr_id == prison_id);
}

struct ucred *
ipc_curcred(void)
{
	struct thread *td = curthread;

	return (td->td_proc != NULL ? td->td_proc->p_ucred : NULL);
}

/* A new object: creator and owner are the caller; the sequence stays. */
void
ipc_perm_init(struct ipc_perm *perm, struct ucred *cred, key_t key, int mode)
{
	perm->key = key;
	perm->cuid = perm->uid = cred->cr_uid;
	perm->cgid = perm->gid = cred->cr_gid;
	perm->mode = (mode & 0777) | IPC_ALLOCATED;
}

void
ipc_perm_export(const struct ipc_perm *perm, struct xipc_perm *xp)
{
	memset(xp, 0, sizeof(*xp));
	xp->xp_key = perm->key;
	xp->xp_uid = perm->uid;
	xp->xp_gid = perm->gid;
	xp->xp_cuid = perm->cuid;
	xp->xp_cgid = perm->cgid;
	xp->xp_mode = perm->mode & 0777;
	xp->xp_seq = perm->seq;
}

time_t
ipc_now(void)
{
	struct timespec ts;

	nanotime(&ts);
	return (ts.tv_sec);
}

/*
 * A limit from the kernel command line (kern.ipc.msgmni=64 ...), or its
 * default; a value outside [min, max] is refused with a message, since a
 * table sized from it would be unusable or absurdly large.
 */
long
ipc_tunable(const char *name, long dflt, long min, long max)
{
	long v = kgetenv_long(name, dflt);

	if (v < min || v > max) {
		kprintf("%s=%ld out of range [%ld, %ld]; using %ld\n", name,
		    v, min, max, dflt);
		v = dflt;
	}
	return (v);
}
