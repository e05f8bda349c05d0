/*
 * Protocol domains.  A domain (AF_LOCAL, AF_INET ...) owns a table of
 * protocol switch entries (struct protosw, <sys/protosw.h>) and the
 * hooks the socket layer calls for access rights in transit (descriptor
 * passing).  Domains register at boot with net_add_domain() (a SYSINIT in
 * each domain's file) and are found with pffinddomain(); the list is
 * immutable once the system is up.
 */
#ifndef _SYS_DOMAIN_H_
#define _SYS_DOMAIN_H_

#ifdef _KERNEL

#include <sys/types.h>
#include <sys/queue.h>

struct mbuf;
struct protosw;

struct domain {
	int		dom_family;	/* AF_xxx */
	const char	*dom_name;
	void		(*dom_init)(void);	/* once, at registration */
	int		(*dom_externalize)(struct mbuf *, int flags);
					/* rights arriving to the reader */
	void		(*dom_dispose)(struct mbuf *);
					/* rights that will not arrive */
	struct protosw	*dom_protosw;	/* protocols: the table */
	struct protosw	*dom_protoswNPROTOSW;	/* and its end */
	SLIST_ENTRY(domain) dom_next;	/* all domains; immutable once up */
	int		dom_rtoffset;	/* routing: offset of the key */
	int		dom_maxrtkey;
};

SLIST_HEAD(domainlist, domain);
extern struct domainlist domains;

void	net_add_domain(void *domain);	/* SYSINIT(SI_SUB_PROTO_DOMAIN) */
struct domain *pffinddomain(int family);
struct protosw *pffindtype(int family, int type);
struct protosw *pffindproto(int family, int protocol, int type);
struct sysctl_req;
int	sysctl_protosw_flag(struct sysctl_req *req, int family, int protocol,
	    int type, int flag);

#endif /* _KERNEL */

#endif /* !_SYS_DOMAIN_H_ */
