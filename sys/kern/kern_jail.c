/*
 * Jails.  jail(2) makes a prison, chroots the caller into its path and
 * attaches the caller's credentials to it; everything the process and its
 * descendants may do as root is then filtered by the prison's
 * capabilities (caps_priv_check in kern_prot.c).  What a new prison may
 * do is set by the security.jail.* sysctls at creation time, e.g.
 * security.jail.sysvipc_allowed grants PRISON_CAP_SYS_SYSVIPC.
 * Addresses (ip4/ip6) are not supported yet and must be empty;
 * jail_attach is not written yet (ENOSYS through nosys).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/jail.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_PRISON, "prison", "jails");

static LIST_HEAD(, prison_entry) allprison = LIST_HEAD_INITIALIZER(allprison);
struct prison_entry {
	LIST_ENTRY(prison_entry) link;
	struct prison	pr;
};
static struct lwkt_token prison_token = LWKT_TOKEN_INITIALIZER(prison_token);
static int lastprid;
static int jail_sysvipc_allowed;
static int jail_set_hostname_allowed = 1;
static int jail_allow_raw_sockets;

SYSCTL_NODE(, OID_AUTO, security, CTLFLAG_RW, 0, "Security");
SYSCTL_NODE(_security, OID_AUTO, jail, CTLFLAG_RW, 0, "Jails");
SYSCTL_INT(_security_jail, OID_AUTO, sysvipc_allowed, CTLFLAG_RW,
    &jail_sysvipc_allowed, 0, "New jails may use SysV IPC");
SYSCTL_INT(_security_jail, OID_AUTO, set_hostname_allowed, CTLFLAG_RW,
    &jail_set_hostname_allowed, 0, "New jails may set their host name");
SYSCTL_INT(_security_jail, OID_AUTO, allow_raw_sockets, CTLFLAG_RW,
    &jail_allow_raw_sockets, 0, "New jails may open raw sockets");

int
sys_jail(struct sysmsg *sysmsg, const struct jail_args *uap)
{
	struct proc *p = curproc;
	struct prison_entry *pe;
	struct ucred *cr;
	struct jail j;
	struct chroot_args ca;
	size_t done;
	int error;

	error = caps_priv_check(p->p_ucred, SYSCAP_NOJAIL);
	if (error != 0)
		return (error);
	error = copyin(uap->jail, &j, sizeof(j));
	if (error != 0)
		return (error);
	if (j.version != JAIL_API_VERSION)
		return (EINVAL);
	if (j.ip4s != 0 || j.ip6s != 0)
		return (EINVAL);	/* not supported yet */
	pe = kmalloc(sizeof(*pe), M_PRISON, M_WAITOK | M_ZERO);
	error = copyinstr(j.path, pe->pr.pr_path, sizeof(pe->pr.pr_path),
	    &done);
	if (error == 0 && j.hostname != NULL)
		error = copyinstr(j.hostname, pe->pr.pr_host,
		    sizeof(pe->pr.pr_host), &done);
	if (error != 0) {
		kfree(pe, M_PRISON);
		return (error);
	}
	/* Chroot first: if that fails nothing has changed. */
	memset(&ca, 0, sizeof(ca));
	ca.path = j.path;
	error = sys_chroot(sysmsg, &ca);
	if (error != 0) {
		kfree(pe, M_PRISON);
		return (error);
	}
	if (jail_sysvipc_allowed)
		pe->pr.pr_caps |= PRISON_CAP_SYS_SYSVIPC;
	if (jail_set_hostname_allowed)
		pe->pr.pr_caps |= PRISON_CAP_SYS_SET_HOSTNAME;
	if (jail_allow_raw_sockets)
		pe->pr.pr_caps |= PRISON_CAP_NET_RAW_SOCKETS;
	pe->pr.pr_parent = p->p_ucred->cr_prison;
	pe->pr.pr_ref = 1;
	lwkt_gettoken(&prison_token);
	pe->pr.pr_id = ++lastprid;
	LIST_INSERT_HEAD(&allprison, pe, link);
	lwkt_reltoken(&prison_token);

	cr = crcopy(p->p_ucred);
	cr->cr_prison = &pe->pr;	/* the creation reference */
	p->p_ucred = cr;
	sysmsg->sysmsg_result = pe->pr.pr_id;
	return (0);
}
