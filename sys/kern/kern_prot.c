/*
 * Credentials and identity: struct ucred management, capability checks
 * (caps_priv_check), and the get/set id system calls (getpid, getuid,
 * setuid, setresuid, getgroups, setsid, setpgid ...).  Credentials are
 * copy-on-write: a process that changes its ids installs a fresh copy.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_CRED, "cred", "credentials");

struct ucred *proc0_cred;

struct ucred *
crget(void)
{
	struct ucred *cr;

	cr = kmalloc(sizeof(*cr), M_CRED, M_WAITOK | M_ZERO);
	cr->cr_ref = 1;
	cr->cr_ngroups = 1;
	return (cr);
}

struct ucred *
crhold(struct ucred *cr)
{
	if (cr != NOCRED && cr != FSCRED)
		__atomic_fetch_add(&cr->cr_ref, 1, __ATOMIC_SEQ_CST);
	return (cr);
}

void
crfree(struct ucred *cr)
{
	if (cr == NOCRED || cr == FSCRED)
		return;
	if (__atomic_sub_fetch(&cr->cr_ref, 1, __ATOMIC_SEQ_CST) == 0) {
		if (cr->cr_prison != NULL)
			__atomic_fetch_sub(&cr->cr_prison->pr_ref, 1,
			    __ATOMIC_SEQ_CST);
		kfree(cr, M_CRED);
	}
}

struct ucred *
crdup(struct ucred *cr)
{
	struct ucred *n = crget();

	*n = *cr;
	n->cr_ref = 1;
	if (n->cr_prison != NULL)
		__atomic_fetch_add(&n->cr_prison->pr_ref, 1, __ATOMIC_SEQ_CST);
	return (n);
}

struct ucred *
crcopy(struct ucred *cr)
{
	struct ucred *n;

	if (cr->cr_ref == 1)
		return (cr);
	n = crdup(cr);
	crfree(cr);
	return (n);
}

bool
groupmember(gid_t gid, struct ucred *cred)
{
	int i;

	for (i = 0; i < cred->cr_ngroups; i++)
		if (cred->cr_groups[i] == gid)
			return (true);
	return (false);
}

bool
jailed(const struct ucred *cred)
{
	return (cred != NULL && cred->cr_prison != NULL);
}

bool
prison_cap(const struct ucred *cred, int prisoncap)
{
	if (!jailed(cred))
		return (true);
	return ((cred->cr_prison->pr_caps & prisoncap) != 0);
}

bool
caps_restricted(const struct ucred *cred, int cap)
{
	int group = cap >= 16 ? cap / 16 : cap;

	if (cap < 0 || cap >= SYSCAP_MAX)
		return (true);
	if ((cred->cr_caps.caps[cap / 64] & (1ULL << (cap % 64))) != 0)
		return (true);
	/* Restricting a group restricts everything in it. */
	return ((cred->cr_caps.caps[group / 64] & (1ULL << (group % 64))) != 0);
}

void
caps_restrict(struct ucred *cred, int cap)
{
	if (cap >= 0 && cap < SYSCAP_MAX)
		cred->cr_caps.caps[cap / 64] |= 1ULL << (cap % 64);
}

/* Capabilities a jailed root never has (beyond what pr_caps grants). */
static bool
cap_jail_denied(const struct ucred *cred, int cap)
{
	int group = cap >= 16 ? cap / 16 : cap;

	if (!jailed(cred))
		return (false);
	switch (cap) {
	case SYSCAP_NOIPC_SYSVIPC:
		return (!prison_cap(cred, PRISON_CAP_SYS_SYSVIPC));
	case SYSCAP_NONET_RAW:
		return (!prison_cap(cred, PRISON_CAP_NET_RAW_SOCKETS));
	}
	switch (group) {
	case SYSCAP_SENSITIVEROOT:
	case SYSCAP_NOJAIL:
	case SYSCAP_NOMOUNT:
	case SYSCAP_NOTIME:
	case SYSCAP_NOREBOOT:
	case SYSCAP_NOSYSCTL:
		return (true);
	}
	return (false);
}

int
caps_priv_check(struct ucred *cred, int cap)
{
	if (cred == NOCRED)
		return (EPERM);
	if (cred == FSCRED)
		return (0);
	if (cred->cr_uid != 0)
		return (EPERM);
	if (caps_restricted(cred, cap) ||
	    caps_restricted(cred, SYSCAP_RESTRICTEDROOT) ||
	    cap_jail_denied(cred, cap))
		return (EPERM);
	return (0);
}

int
caps_priv_check_td(struct thread *td, int cap)
{
	if (td == NULL || td->td_proc == NULL)
		return (0);		/* kernel threads are privileged */
	return (caps_priv_check(td->td_proc->p_ucred, cap));
}

int
caps_priv_check_self(int cap)
{
	return (caps_priv_check_td(curthread, cap));
}

/* ---- system calls ------------------------------------------------------ */

int
sys_getpid(struct sysmsg *sysmsg, const struct getpid_args *uap)
{
	struct proc *p = curproc;

	sysmsg->sysmsg_result = p->p_pid;
	/* BSD's second result: the parent (for the old getppid idiom). */
	sysmsg->sysmsg_result1 = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	return (0);
}

int
sys_getppid(struct sysmsg *sysmsg, const struct getppid_args *uap)
{
	struct proc *p = curproc;

	lwkt_gettoken_shared(&proc_token);
	sysmsg->sysmsg_result = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	lwkt_reltoken(&proc_token);
	return (0);
}

int
sys_getuid(struct sysmsg *sysmsg, const struct getuid_args *uap)
{
	sysmsg->sysmsg_result = curproc->p_ucred->cr_ruid;
	return (0);
}

int
sys_geteuid(struct sysmsg *sysmsg, const struct geteuid_args *uap)
{
	sysmsg->sysmsg_result = curproc->p_ucred->cr_uid;
	return (0);
}

int
sys_getgid(struct sysmsg *sysmsg, const struct getgid_args *uap)
{
	sysmsg->sysmsg_result = curproc->p_ucred->cr_rgid;
	return (0);
}

int
sys_getegid(struct sysmsg *sysmsg, const struct getegid_args *uap)
{
	sysmsg->sysmsg_result = curproc->p_ucred->cr_gid;
	return (0);
}

int
sys_issetugid(struct sysmsg *sysmsg, const struct issetugid_args *uap)
{
	sysmsg->sysmsg_result = (curproc->p_flags & P_SUGID) ? 1 : 0;
	return (0);
}

/*
 * The group list.  cr_groups[0] is the effective gid (so one loop answers
 * "is the process in group g"); the supplementary groups follow it.
 * getgroups and setgroups deal in the supplementary groups only, as Linux
 * and FreeBSD 15 do: what setgroups installs is exactly what getgroups
 * gives back, and setgroups never changes the effective gid.
 */
int
sys_getgroups(struct sysmsg *sysmsg, const struct getgroups_args *uap)
{
	struct ucred *cr = curproc->p_ucred;
	int n = cr->cr_ngroups - 1, error;

	if (uap->gidsetsize == 0) {
		sysmsg->sysmsg_result = n;
		return (0);
	}
	if (uap->gidsetsize < n)
		return (EINVAL);
	error = copyout(&cr->cr_groups[1], uap->gidset, n * sizeof(gid_t));
	if (error == 0)
		sysmsg->sysmsg_result = n;
	return (error);
}

int
sys_setgroups(struct sysmsg *sysmsg, const struct setgroups_args *uap)
{
	struct proc *p = curproc;
	struct ucred *cr;
	gid_t groups[NGROUPS];
	int error, n = uap->gidsetsize;

	error = caps_priv_check(p->p_ucred, SYSCAP_NOCRED_SETGROUPS);
	if (error != 0)
		return (error);
	if (n < 0 || n > NGROUPS - 1)
		return (EINVAL);
	error = copyin(uap->gidset, groups, n * sizeof(gid_t));
	if (error != 0)
		return (error);
	cr = crcopy(p->p_ucred);
	memcpy(&cr->cr_groups[1], groups, n * sizeof(gid_t));
	cr->cr_ngroups = n + 1;
	p->p_ucred = cr;
	p->p_flags |= P_SUGID;
	return (0);
}

/*
 * The set*id family, with POSIX's rules: an unprivileged process may set
 * an id only to one of its real, effective or saved ids.  -1 leaves an
 * id unchanged.
 */
static bool
uid_allowed(struct ucred *cr, uid_t id)
{
	return (id == cr->cr_ruid || id == cr->cr_uid || id == cr->cr_svuid);
}

static bool
gid_allowed(struct ucred *cr, gid_t id)
{
	return (id == cr->cr_rgid || id == cr->cr_gid || id == cr->cr_svgid);
}

static int
kern_setresuid(uid_t ruid, uid_t euid, uid_t suid, bool posix_setuid)
{
	struct proc *p = curproc;
	struct ucred *cr = p->p_ucred;
	bool priv = caps_priv_check(cr, SYSCAP_NOCRED_SETUID) == 0;

	if (posix_setuid) {
		/* setuid(): privileged sets all three, else only euid. */
		if (priv)
			ruid = suid = euid;
		else if (euid == cr->cr_ruid || euid == cr->cr_svuid)
			ruid = suid = (uid_t)-1;
		else
			return (EPERM);
	}
	if (!priv && ((ruid != (uid_t)-1 && !uid_allowed(cr, ruid)) ||
	    (euid != (uid_t)-1 && !uid_allowed(cr, euid)) ||
	    (suid != (uid_t)-1 && !uid_allowed(cr, suid))))
		return (EPERM);
	cr = crcopy(cr);
	if (ruid != (uid_t)-1)
		cr->cr_ruid = ruid;
	if (euid != (uid_t)-1)
		cr->cr_uid = euid;
	if (suid != (uid_t)-1)
		cr->cr_svuid = suid;
	p->p_ucred = cr;
	p->p_flags |= P_SUGID;
	return (0);
}

static int
kern_setresgid(gid_t rgid, gid_t egid, gid_t sgid, bool posix_setgid)
{
	struct proc *p = curproc;
	struct ucred *cr = p->p_ucred;
	bool priv = caps_priv_check(cr, SYSCAP_NOCRED_SETGID) == 0;

	if (posix_setgid) {
		if (priv)
			rgid = sgid = egid;
		else if (egid == cr->cr_rgid || egid == cr->cr_svgid)
			rgid = sgid = (gid_t)-1;
		else
			return (EPERM);
	}
	if (!priv && ((rgid != (gid_t)-1 && !gid_allowed(cr, rgid)) ||
	    (egid != (gid_t)-1 && !gid_allowed(cr, egid)) ||
	    (sgid != (gid_t)-1 && !gid_allowed(cr, sgid))))
		return (EPERM);
	cr = crcopy(cr);
	if (rgid != (gid_t)-1)
		cr->cr_rgid = rgid;
	if (egid != (gid_t)-1)
		cr->cr_gid = egid;
	if (sgid != (gid_t)-1)
		cr->cr_svgid = sgid;
	p->p_ucred = cr;
	p->p_flags |= P_SUGID;
	return (0);
}

int
sys_setuid(struct sysmsg *sysmsg, const struct setuid_args *uap)
{
	return (kern_setresuid((uid_t)-1, uap->uid, (uid_t)-1, true));
}

int
sys_seteuid(struct sysmsg *sysmsg, const struct seteuid_args *uap)
{
	return (kern_setresuid((uid_t)-1, uap->euid, (uid_t)-1, false));
}

int
sys_setreuid(struct sysmsg *sysmsg, const struct setreuid_args *uap)
{
	struct ucred *cr = curproc->p_ucred;
	uid_t suid = (uid_t)-1;

	/* BSD: the saved id follows the new effective id when ruid is set
	   or euid differs from the real id. */
	if (uap->ruid != (uid_t)-1 ||
	    (uap->euid != (uid_t)-1 && uap->euid != cr->cr_ruid))
		suid = uap->euid != (uid_t)-1 ? uap->euid : cr->cr_uid;
	return (kern_setresuid(uap->ruid, uap->euid, suid, false));
}

int
sys_setresuid(struct sysmsg *sysmsg, const struct setresuid_args *uap)
{
	return (kern_setresuid(uap->ruid, uap->euid, uap->suid, false));
}

int
sys_setgid(struct sysmsg *sysmsg, const struct setgid_args *uap)
{
	return (kern_setresgid((gid_t)-1, uap->gid, (gid_t)-1, true));
}

int
sys_setegid(struct sysmsg *sysmsg, const struct setegid_args *uap)
{
	return (kern_setresgid((gid_t)-1, uap->egid, (gid_t)-1, false));
}

int
sys_setregid(struct sysmsg *sysmsg, const struct setregid_args *uap)
{
	struct ucred *cr = curproc->p_ucred;
	gid_t sgid = (gid_t)-1;

	if (uap->rgid != (gid_t)-1 ||
	    (uap->egid != (gid_t)-1 && uap->egid != cr->cr_rgid))
		sgid = uap->egid != (gid_t)-1 ? uap->egid : cr->cr_gid;
	return (kern_setresgid(uap->rgid, uap->egid, sgid, false));
}

int
sys_setresgid(struct sysmsg *sysmsg, const struct setresgid_args *uap)
{
	return (kern_setresgid(uap->rgid, uap->egid, uap->sgid, false));
}

int
sys_getresuid(struct sysmsg *sysmsg, const struct getresuid_args *uap)
{
	struct ucred *cr = curproc->p_ucred;
	int error = 0;

	if (uap->ruid != NULL)
		error = copyout(&cr->cr_ruid, uap->ruid, sizeof(uid_t));
	if (error == 0 && uap->euid != NULL)
		error = copyout(&cr->cr_uid, uap->euid, sizeof(uid_t));
	if (error == 0 && uap->suid != NULL)
		error = copyout(&cr->cr_svuid, uap->suid, sizeof(uid_t));
	return (error);
}

int
sys_getresgid(struct sysmsg *sysmsg, const struct getresgid_args *uap)
{
	struct ucred *cr = curproc->p_ucred;
	int error = 0;

	if (uap->rgid != NULL)
		error = copyout(&cr->cr_rgid, uap->rgid, sizeof(gid_t));
	if (error == 0 && uap->egid != NULL)
		error = copyout(&cr->cr_gid, uap->egid, sizeof(gid_t));
	if (error == 0 && uap->sgid != NULL)
		error = copyout(&cr->cr_svgid, uap->sgid, sizeof(gid_t));
	return (error);
}

int
sys_getlogin(struct sysmsg *sysmsg, const struct getlogin_args *uap)
{
	struct proc *p = curproc;
	char name[MAXLOGNAME];
	u_int len = uap->namelen;

	lwkt_gettoken_shared(&proc_token);
	strlcpy(name, p->p_pgrp->pg_session->s_login, sizeof(name));
	lwkt_reltoken(&proc_token);
	if (len > sizeof(name))
		len = sizeof(name);
	if (len < strlen(name) + 1)
		return (ERANGE);
	return (copyout(name, uap->namebuf, strlen(name) + 1));
}

int
sys_setlogin(struct sysmsg *sysmsg, const struct setlogin_args *uap)
{
	struct proc *p = curproc;
	char name[MAXLOGNAME];
	size_t done;
	int error;

	error = caps_priv_check(p->p_ucred, SYSCAP_NOCRED_SETLOGIN);
	if (error != 0)
		return (error);
	error = copyinstr(uap->namebuf, name, sizeof(name), &done);
	if (error == ENAMETOOLONG)
		return (EINVAL);
	if (error != 0)
		return (error);
	lwkt_gettoken(&proc_token);
	strlcpy(p->p_pgrp->pg_session->s_login, name, MAXLOGNAME);
	lwkt_reltoken(&proc_token);
	return (0);
}
