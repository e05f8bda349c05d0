/*
 * Network interfaces inside the kernel: struct ifnet (one per interface,
 * embedded in or pointed to by the driver's softc), struct ifaddr (one
 * per address of an interface), the send queue struct ifqueue and the
 * functions of if.c that attach, detach and look interfaces up.
 *
 * The driver contract (see docs/sys/net/ifnet.md):
 *  - the driver fills if_softc (if_initname() names it), if_flags
 *    (IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST), if_mtu, capabilities,
 *    if_init, if_start and if_ioctl, then calls ether_ifattach(), which
 *    sets if_output and if_input and attaches the interface;
 *  - receive: build a M_PKTHDR chain with m_pkthdr.rcvif = ifp and call
 *    ifp->if_input(ifp, m) from the interrupt thread or handler; the stack
 *    only queues the frame to a netisr thread there, it never blocks;
 *  - transmit: the stack enqueues complete frames on if_snd (under
 *    ifq_lock, which IF_ENQUEUE/IF_DEQUEUE/IF_PREPEND take themselves) and
 *    then calls if_start(ifp) with no lock held.  if_start may run on
 *    several CPUs at once and beside the driver's interrupt handler, so
 *    the driver serialises its rings with its own spinlock; it owns each
 *    mbuf chain it dequeues and frees it with m_freem() on completion;
 *  - if_ioctl receives SIOCSIFFLAGS (after if_flags changed), SIOCSIFMTU
 *    (the driver checks and sets if_mtu) and SIOCSIFCAP, in a thread that
 *    may sleep, with ifnet_token held;
 *  - counters are bumped with IFNET_STAT_INC() (atomic, any context).
 *
 * Ownership: the interface list, each interface's address list and the
 * interface index table are protected by ifnet_token; an ifnet stays
 * valid until if_detach() returns, which waits until no netisr thread and
 * no netisr direct section (a PR_DIRECT_SEND send in the sender's
 * thread) can still hold a pointer to it.  if_flags is changed under ifnet_token (drivers may set
 * IFF_RUNNING/IFF_OACTIVE themselves with atomic bit operations).
 */
#ifndef _NET_IF_VAR_H_
#define _NET_IF_VAR_H_

#ifdef _KERNEL

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/spinlock.h>
#include <sys/thread.h>
#include <net/if.h>
#include <machine/atomic.h>

struct mbuf;
struct sockaddr;
struct rtentry;
struct ifnet;
struct socket;
struct ucred;

/*
 * A queue of packets.  The IF_* macros take ifq_lock themselves; the
 * _IF_* forms are for callers that already hold it.
 */
struct ifqueue {
	struct mbuf	*ifq_head;	/* first packet (m_nextpkt links) */
	struct mbuf	*ifq_tail;	/* last packet */
	int		ifq_len;	/* packets queued */
	int		ifq_maxlen;	/* most allowed */
	uint64_t	ifq_drops;	/* packets refused when full */
	struct spinlock	ifq_lock;	/* protects all of the above */
};

#define IFQ_MAXLEN_DEFAULT	512

#define _IF_QFULL(ifq)	((ifq)->ifq_len >= (ifq)->ifq_maxlen)
#define IF_QFULL(ifq)	_IF_QFULL(ifq)
#define IF_QLEN(ifq)	((ifq)->ifq_len)
#define IF_DROP(ifq)	atomic_add_64(&(ifq)->ifq_drops, 1)
#define IF_LOCK(ifq)	spin_lock(&(ifq)->ifq_lock)
#define IF_UNLOCK(ifq)	spin_unlock(&(ifq)->ifq_lock)

#define _IF_ENQUEUE(ifq, m) do {					\
	(m)->m_nextpkt = NULL;						\
	if ((ifq)->ifq_tail == NULL)					\
		(ifq)->ifq_head = (m);					\
	else								\
		(ifq)->ifq_tail->m_nextpkt = (m);			\
	(ifq)->ifq_tail = (m);						\
	(ifq)->ifq_len++;						\
} while (0)

#define _IF_PREPEND(ifq, m) do {					\
	(m)->m_nextpkt = (ifq)->ifq_head;				\
	if ((ifq)->ifq_tail == NULL)					\
		(ifq)->ifq_tail = (m);					\
	(ifq)->ifq_head = (m);						\
	(ifq)->ifq_len++;						\
} while (0)

#define _IF_DEQUEUE(ifq, m) do {					\
	(m) = (ifq)->ifq_head;						\
	if ((m) != NULL) {						\
		if (((ifq)->ifq_head = (m)->m_nextpkt) == NULL)		\
			(ifq)->ifq_tail = NULL;				\
		(m)->m_nextpkt = NULL;					\
		(ifq)->ifq_len--;					\
	}								\
} while (0)

#define IF_ENQUEUE(ifq, m) do {						\
	IF_LOCK(ifq);							\
	_IF_ENQUEUE(ifq, m);						\
	IF_UNLOCK(ifq);							\
} while (0)
#define IF_PREPEND(ifq, m) do {						\
	IF_LOCK(ifq);							\
	_IF_PREPEND(ifq, m);						\
	IF_UNLOCK(ifq);							\
} while (0)
#define IF_DEQUEUE(ifq, m) do {						\
	IF_LOCK(ifq);							\
	_IF_DEQUEUE(ifq, m);						\
	IF_UNLOCK(ifq);							\
} while (0)

/* An address of an interface (protocol-specific structures embed it). */
struct ifaddr {
	struct sockaddr	*ifa_addr;	/* the address */
	struct sockaddr	*ifa_dstaddr;	/* broadcast or peer address */
#define ifa_broadaddr	ifa_dstaddr
	struct sockaddr	*ifa_netmask;	/* network mask, if any */
	struct ifnet	*ifa_ifp;	/* back pointer */
	TAILQ_ENTRY(ifaddr) ifa_link;	/* on if_addrhead; ifnet_token */
	int		ifa_flags;
	int		ifa_metric;
	int		ifa_refcnt;	/* atomic; freed at zero */
	void		(*ifa_free)(struct ifaddr *);	/* destructor */
};

TAILQ_HEAD(ifaddrhead, ifaddr);

struct ifnet {
	void		*if_softc;	/* the driver's state */
	char		if_xname[IFNAMSIZ]; /* "em0" */
	const char	*if_dname;	/* driver name, "em" */
	int		if_dunit;	/* unit, 0 */
	TAILQ_ENTRY(ifnet) if_link;	/* all interfaces; ifnet_token */
	struct ifaddrhead if_addrhead;	/* addresses; ifnet_token; the
					   AF_LINK one first */
	struct ifaddr	*if_lladdr;	/* the AF_LINK address */
	u_short		if_index;	/* 1, 2, ...; immutable once up */
	u_char		if_type;	/* IFT_* */
	u_char		if_addrlen;	/* link address length */
	u_char		if_hdrlen;	/* link header length */
	int		if_flags;	/* IFF_*; see above */
	int		if_capabilities; /* IFCAP_* the hardware has */
	int		if_capenable;	/* IFCAP_* enabled */
	uint64_t	if_hwassist;	/* CSUM_* the hardware computes */
	int		if_link_state;	/* LINK_STATE_* */
	u_int		if_mtu;		/* largest packet */
	u_int		if_metric;
	uint64_t	if_baudrate;	/* bits per second */
	int64_t		if_lastchange;	/* time of the last state change */
	int		if_refcnt;	/* netisr references; atomic */

	/* Statistics: IFNET_STAT_INC, atomic. */
	uint64_t	if_ipackets;
	uint64_t	if_ierrors;
	uint64_t	if_iqdrops;
	uint64_t	if_opackets;
	uint64_t	if_oerrors;
	uint64_t	if_collisions;
	uint64_t	if_ibytes;
	uint64_t	if_obytes;
	uint64_t	if_imcasts;
	uint64_t	if_omcasts;
	uint64_t	if_noproto;

	struct ifqueue	if_snd;		/* output queue */

	/* Set by the link layer (ether_ifattach, if_loop). */
	int	(*if_output)(struct ifnet *, struct mbuf *,
		    const struct sockaddr *, struct rtentry *);
	void	(*if_input)(struct ifnet *, struct mbuf *);
	/* Set by the driver. */
	void	(*if_start)(struct ifnet *);
	int	(*if_ioctl)(struct ifnet *, u_long, caddr_t);
	void	(*if_init)(void *);

	void		*if_afdata[4];	/* per-family state (ARP) */
};

#define IFNET_STAT_INC(ifp, name, n)					\
	atomic_add_64(&(ifp)->if_##name, (uint64_t)(n))

TAILQ_HEAD(ifnethead, ifnet);

extern struct ifnethead ifnet_head;	/* ifnet_token */
extern struct lwkt_token ifnet_token;
extern struct ifnet *loif;		/* lo0 */

void	if_initname(struct ifnet *ifp, const char *name, int unit);
void	if_attach(struct ifnet *ifp);	/* after the fields are set */
void	if_detach(struct ifnet *ifp);
void	if_link_state_change(struct ifnet *ifp, int state);
void	if_up(struct ifnet *ifp);
void	if_down(struct ifnet *ifp);
int	if_handoff(struct ifnet *ifp, struct mbuf *m);
struct ifnet *ifunit(const char *name);		/* ifnet_token held */
struct ifnet *ifindex2ifnet(int idx);		/* ifnet_token held */
void	if_ref(struct ifnet *ifp);
void	if_rele(struct ifnet *ifp);
int	ifioctl(struct socket *so, u_long cmd, caddr_t data,
	    struct ucred *cred);

void	ifa_init(struct ifaddr *ifa);
void	ifa_ref(struct ifaddr *ifa);
void	ifa_rele(struct ifaddr *ifa);
struct ifaddr *ifa_ifwithaddr(const struct sockaddr *addr);
struct ifaddr *ifa_ifwithnet(const struct sockaddr *addr);
struct ifaddr *ifaof_ifpforaddr(const struct sockaddr *addr,
	    struct ifnet *ifp);

#endif /* _KERNEL */

#endif /* !_NET_IF_VAR_H_ */
