/*
 * IPv4 interface addresses inside the kernel: struct in_ifaddr embeds
 * the generic struct ifaddr (first, so the two convert) and adds the
 * Internet address, mask, subnet and broadcast in network order.  All
 * of them are also on in_ifaddrhead.  Protected by ifnet_token.
 */
#ifndef _NETINET_IN_VAR_H_
#define _NETINET_IN_VAR_H_

#ifdef _KERNEL

#include <sys/queue.h>
#include <net/if_var.h>
#include <netinet/in.h>

struct in_ifaddr {
	struct ifaddr	ia_ifa;		/* generic part; must be first */
	TAILQ_ENTRY(in_ifaddr) ia_link;	/* on in_ifaddrhead */
	in_addr_t	ia_net;		/* network number, network order */
	in_addr_t	ia_netmask;	/* mask, network order */
	struct sockaddr_in ia_addr;
	struct sockaddr_in ia_broadaddr;
	struct sockaddr_in ia_sockmask;
};
#define ia_ifp		ia_ifa.ifa_ifp
#define IA_SIN(ia)	(&((struct in_ifaddr *)(ia))->ia_addr)

TAILQ_HEAD(in_ifaddrhead, in_ifaddr);
extern struct in_ifaddrhead in_ifaddrhead;	/* ifnet_token */

struct socket;
struct ucred;
int	in_control(struct socket *so, u_long cmd, caddr_t data,
	    struct ifnet *ifp, struct ucred *cred);
int	in_addprefix(struct ifnet *ifp, struct in_addr addr,
	    struct in_addr mask, struct in_addr brd);
void	in_ifdetach(struct ifnet *ifp);
struct in_ifaddr *in_ifaddr_for(struct ifnet *ifp);	/* first, or NULL */

#endif /* _KERNEL */

#endif /* !_NETINET_IN_VAR_H_ */
