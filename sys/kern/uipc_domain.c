/*
 * Protocol domains: registration at boot and lookup by family, type and
 * protocol number.  Each domain's file registers it with
 *
 *	SYSINIT(unix_domain, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY,
 *	    net_add_domain, &localdomain);
 *
 * net_add_domain() links the domain, points each protosw back at it and
 * runs the domain's and protocols' init hooks.  Registration happens in
 * the boot thread before any socket exists, and the list never changes
 * afterwards, so lookups take no lock.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/socket.h>
#include <sys/domain.h>
#include <sys/protosw.h>
#include <sys/sysctl.h>
#include <machine/atomic.h>

struct domainlist domains = SLIST_HEAD_INITIALIZER(domains);

void
net_add_domain(void *arg)
{
	struct domain *dp = arg;
	struct protosw *pr;

	if (dp->dom_init != NULL)
		dp->dom_init();
	for (pr = dp->dom_protosw; pr < dp->dom_protoswNPROTOSW; pr++) {
		pr->pr_domain = dp;
		if (pr->pr_usrreqs == NULL)
			panic("net_add_domain: %s protocol %d has no "
			    "pr_usrreqs", dp->dom_name, pr->pr_protocol);
		if (pr->pr_init != NULL)
			pr->pr_init();
	}
	SLIST_INSERT_HEAD(&domains, dp, dom_next);
}

struct domain *
pffinddomain(int family)
{
	struct domain *dp;

	SLIST_FOREACH(dp, &domains, dom_next)
		if (dp->dom_family == family)
			return (dp);
	return (NULL);
}

/* The first protocol of the family with this socket type. */
struct protosw *
pffindtype(int family, int type)
{
	struct domain *dp;
	struct protosw *pr;

	if ((dp = pffinddomain(family)) == NULL)
		return (NULL);
	for (pr = dp->dom_protosw; pr < dp->dom_protoswNPROTOSW; pr++)
		if (pr->pr_type != 0 && pr->pr_type == type)
			return (pr);
	return (NULL);
}

/*
 * The protocol of the family with this number and type; a raw entry
 * (type SOCK_RAW, protocol 0) matches any protocol of SOCK_RAW when there
 * is no exact match.
 */
struct protosw *
pffindproto(int family, int protocol, int type)
{
	struct domain *dp;
	struct protosw *pr, *maybe = NULL;

	if (family == 0 || (dp = pffinddomain(family)) == NULL)
		return (NULL);
	for (pr = dp->dom_protosw; pr < dp->dom_protoswNPROTOSW; pr++) {
		if (pr->pr_protocol == protocol && pr->pr_type == type)
			return (pr);
		if (type == SOCK_RAW && pr->pr_type == SOCK_RAW &&
		    pr->pr_protocol == 0 && maybe == NULL)
			maybe = pr;
	}
	return (maybe);
}

void
pr_generic_notsupp(netmsg_t msg)
{
	lwkt_replymsg(&msg->base.lmsg, EOPNOTSUPP);
}

/*
 * The body of a sysctl that turns one protosw flag (PR_ASYNC_SEND,
 * PR_DIRECT_SEND) on or off at run time: reads 0 or 1, takes 0 or 1
 * (else EINVAL).  The protocol reads its flag once per request, so a
 * change applies from the next one.
 */
int
sysctl_protosw_flag(struct sysctl_req *req, int family, int protocol,
    int type, int flag)
{
	struct protosw *pr;
	int error, val;

	pr = pffindproto(family, protocol, type);
	if (pr == NULL)
		return (ENOENT);
	val = (pr->pr_flags & flag) != 0;
	error = SYSCTL_OUT(req, &val, sizeof(val));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &val, sizeof(val));
	if (error != 0)
		return (error);
	if (val != 0 && val != 1)
		return (EINVAL);
	if (val)
		atomic_set_int(&pr->pr_flags, flag);
	else
		atomic_clear_int(&pr->pr_flags, flag);
	return (0);
}
