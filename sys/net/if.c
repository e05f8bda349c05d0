/*
 * Network interfaces: the list of attached interfaces and their index
 * table, the address lists, link-state changes, the output hand-off to
 * drivers (if_handoff), and the interface ioctls every socket accepts
 * (ifioctl: SIOCGIFCONF, SIOC[GS]IFFLAGS, SIOC[GS]IFMTU, SIOCGIFINDEX,
 * SIOCGIFHWADDR, SIOC[GS]IFCAP and, through in_control(), the IPv4
 * address requests).  Also the net.link.iflist export.
 *
 * Drivers call if_attach() through ether_ifattach() (if_ethersubr.c);
 * loopback calls it directly (if_loop.c).  Everything here runs in
 * ordinary threads that may sleep, under ifnet_token; the data path
 * (if_handoff, counters) takes no token.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <net/netisr.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>

MALLOC_DEFINE(M_IFADDR, "ifaddr", "interface addresses");

struct ifnethead ifnet_head = TAILQ_HEAD_INITIALIZER(ifnet_head);
struct lwkt_token ifnet_token = LWKT_TOKEN_INITIALIZER(ifnet_token);

#define IF_MAXINDEX	64
static struct ifnet *ifindex2ifnet_tbl[IF_MAXINDEX + 1];	/* [0] unused */
static u_int if_count;

static int64_t
if_now(void)
{
	struct timespec ts;

	nanotime(&ts);
	return ((int64_t)ts.tv_sec);
}

SYSCTL_NODE(_net, PF_LINK, link, CTLFLAG_RW, 0, "link layer");

void
if_initname(struct ifnet *ifp, const char *name, int unit)
{
	ifp->if_dname = name;
	ifp->if_dunit = unit;
	ksnprintf(ifp->if_xname, IFNAMSIZ, "%s%d", name, unit);
}

/* The link-level address of an interface: an ifaddr with a sockaddr_dl. */
static struct ifaddr *
if_lladdr_alloc(struct ifnet *ifp)
{
	struct ifaddr *ifa;
	struct sockaddr_dl *sdl;
	size_t nlen = strlen(ifp->if_xname);

	ifa = kmalloc(sizeof(*ifa) + sizeof(*sdl), M_IFADDR,
	    M_WAITOK | M_ZERO);
	ifa_init(ifa);
	sdl = (struct sockaddr_dl *)(ifa + 1);
	sdl->sdl_len = sizeof(*sdl);
	sdl->sdl_family = AF_LINK;
	sdl->sdl_index = ifp->if_index;
	sdl->sdl_type = ifp->if_type;
	sdl->sdl_nlen = (uint8_t)nlen;
	memcpy(sdl->sdl_data, ifp->if_xname, nlen);
	sdl->sdl_alen = ifp->if_addrlen;
	ifa->ifa_addr = (struct sockaddr *)sdl;
	ifa->ifa_ifp = ifp;
	return (ifa);
}

/*
 * Put an interface on the list: give it an index and its link address.
 * The caller has filled in everything but the index.
 */
void
if_attach(struct ifnet *ifp)
{
	int idx;

	TAILQ_INIT(&ifp->if_addrhead);
	spin_init(&ifp->if_snd.ifq_lock, "ifq");
	if (ifp->if_snd.ifq_maxlen == 0)
		ifp->if_snd.ifq_maxlen = IFQ_MAXLEN_DEFAULT;
	ifp->if_lastchange = if_now();

	lwkt_gettoken(&ifnet_token);
	for (idx = 1; idx <= IF_MAXINDEX; idx++)
		if (ifindex2ifnet_tbl[idx] == NULL)
			break;
	if (idx > IF_MAXINDEX)
		panic("if_attach: more than %d interfaces", IF_MAXINDEX);
	ifp->if_index = (u_short)idx;
	ifindex2ifnet_tbl[idx] = ifp;
	ifp->if_lladdr = if_lladdr_alloc(ifp);
	TAILQ_INSERT_HEAD(&ifp->if_addrhead, ifp->if_lladdr, ifa_link);
	TAILQ_INSERT_TAIL(&ifnet_head, ifp, if_link);
	if_count++;
	lwkt_reltoken(&ifnet_token);
}

/*
 * Take an interface off the list.  Its addresses and routes go first,
 * then the netisr threads are drained so no queued packet still names
 * it as rcvif, and the direct senders so none is still in ip_output
 * with it, then the send queue is flushed.
 */
void
if_detach(struct ifnet *ifp)
{
	struct ifaddr *ifa;
	struct mbuf *m;

	lwkt_gettoken(&ifnet_token);
	ifp->if_flags &= ~IFF_UP;
	in_ifdetach(ifp);
	TAILQ_REMOVE(&ifnet_head, ifp, if_link);
	ifindex2ifnet_tbl[ifp->if_index] = NULL;
	if_count--;
	while ((ifa = TAILQ_FIRST(&ifp->if_addrhead)) != NULL) {
		TAILQ_REMOVE(&ifp->if_addrhead, ifa, ifa_link);
		ifa_rele(ifa);
	}
	ifp->if_lladdr = NULL;
	lwkt_reltoken(&ifnet_token);
	rt_ifdetach(ifp);
	if (!netisr_running())
		netisr_barrier();
	/* Senders in their own threads may have looked it up too. */
	netisr_direct_drain();
	for (;;) {
		IF_DEQUEUE(&ifp->if_snd, m);
		if (m == NULL)
			break;
		m_freem(m);
	}
}

void
if_link_state_change(struct ifnet *ifp, int state)
{
	if (ifp->if_link_state == state)
		return;
	ifp->if_link_state = state;
	ifp->if_lastchange = if_now();
	kprintf("%s: link state changed to %s\n", ifp->if_xname,
	    state == LINK_STATE_UP ? "UP" :
	    state == LINK_STATE_DOWN ? "DOWN" : "UNKNOWN");
}

void
if_up(struct ifnet *ifp)
{
	ifp->if_flags |= IFF_UP;
	ifp->if_lastchange = if_now();
}

void
if_down(struct ifnet *ifp)
{
	ifp->if_flags &= ~IFF_UP;
	ifp->if_lastchange = if_now();
}

/*
 * Queue a complete frame for the driver and kick it.  Consumes m; a full
 * queue drops the frame (ENOBUFS) and counts it.
 */
int
if_handoff(struct ifnet *ifp, struct mbuf *m)
{
	struct ifqueue *ifq = &ifp->if_snd;
	int len = m->m_pkthdr.len, mcast = m->m_flags & (M_BCAST | M_MCAST);

	IF_LOCK(ifq);
	if (_IF_QFULL(ifq)) {
		IF_UNLOCK(ifq);
		IF_DROP(ifq);
		IFNET_STAT_INC(ifp, oerrors, 1);
		m_freem(m);
		return (ENOBUFS);
	}
	_IF_ENQUEUE(ifq, m);
	IF_UNLOCK(ifq);
	IFNET_STAT_INC(ifp, obytes, len);
	if (mcast)
		IFNET_STAT_INC(ifp, omcasts, 1);
	ifp->if_start(ifp);
	return (0);
}

struct ifnet *
ifunit(const char *name)
{
	struct ifnet *ifp;

	TAILQ_FOREACH(ifp, &ifnet_head, if_link)
		if (strncmp(ifp->if_xname, name, IFNAMSIZ) == 0)
			return (ifp);
	return (NULL);
}

struct ifnet *
ifindex2ifnet(int idx)
{
	if (idx <= 0 || idx > IF_MAXINDEX)
		return (NULL);
	return (ifindex2ifnet_tbl[idx]);
}

void
if_ref(struct ifnet *ifp)
{
	atomic_add_int(&ifp->if_refcnt, 1);
}

void
if_rele(struct ifnet *ifp)
{
	atomic_subtract_int(&ifp->if_refcnt, 1);
}

/* ---- Addresses -------------------------------------------------------- */

static void
ifa_free_default(struct ifaddr *ifa)
{
	kfree(ifa, M_IFADDR);
}

void
ifa_init(struct ifaddr *ifa)
{
	ifa->ifa_refcnt = 1;
	if (ifa->ifa_free == NULL)
		ifa->ifa_free = ifa_free_default;
}

void
ifa_ref(struct ifaddr *ifa)
{
	atomic_add_int(&ifa->ifa_refcnt, 1);
}

void
ifa_rele(struct ifaddr *ifa)
{
	if (atomic_fetchadd_int(&ifa->ifa_refcnt, -1) == 1)
		ifa->ifa_free(ifa);
}

/* ---- ioctls ------------------------------------------------------------ */

/*
 * SIOCGIFCONF: one struct ifreq per IPv4 address, and one with an
 * AF_UNSPEC address for each interface that has none, into the user's
 * buffer.  ifc_len comes back as the bytes used.
 */
static int
ifconf(struct ifconf *ifc)
{
	struct ifnet *ifp;
	struct ifaddr *ifa;
	struct ifreq ifr;
	caddr_t ubuf = ifc->ifc_buf;
	int space = ifc->ifc_len, used = 0, error = 0, naddr;

	if (space < 0)
		return (EINVAL);
	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ifp, &ifnet_head, if_link) {
		naddr = 0;
		ifa = NULL;
		for (;;) {
			ifa = (ifa == NULL) ? TAILQ_FIRST(&ifp->if_addrhead) :
			    TAILQ_NEXT(ifa, ifa_link);
			if (ifa == NULL && naddr > 0)
				break;
			memset(&ifr, 0, sizeof(ifr));
			strlcpy(ifr.ifr_name, ifp->if_xname, IFNAMSIZ);
			if (ifa != NULL) {
				if (ifa->ifa_addr->sa_family != AF_INET)
					continue;
				memcpy(&ifr.ifr_addr, ifa->ifa_addr,
				    sizeof(struct sockaddr_in));
			} else {
				ifr.ifr_addr.sa_len = sizeof(ifr.ifr_addr);
				ifr.ifr_addr.sa_family = AF_UNSPEC;
			}
			naddr++;
			if (space - used < (int)sizeof(ifr))
				goto done;
			error = copyout(&ifr, ubuf + used, sizeof(ifr));
			if (error != 0)
				goto done;
			used += sizeof(ifr);
			if (ifa == NULL)
				break;
		}
	}
done:
	lwkt_reltoken(&ifnet_token);
	ifc->ifc_len = used;
	return (error);
}

static bool
ifioctl_is_set(u_long cmd)
{
	switch (cmd) {
	case SIOCSIFFLAGS:
	case SIOCSIFMTU:
	case SIOCSIFCAP:
	case SIOCSIFADDR:
	case SIOCAIFADDR:
	case SIOCDIFADDR:
		return (true);
	}
	return (false);
}

int
ifioctl(struct socket *so, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct ifreq *ifr = (struct ifreq *)data;
	struct ifnet *ifp;
	int error = 0, newflags;

	if (cmd == SIOCGIFCONF)
		return (ifconf((struct ifconf *)data));
	if (ifioctl_is_set(cmd)) {
		error = caps_priv_check(cred, SYSCAP_NONET_IFCONFIG);
		if (error != 0)
			return (error);
	}
	/* struct ifaliasreq and struct ifreq both start with the name. */
	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	lwkt_gettoken(&ifnet_token);
	ifp = ifunit(ifr->ifr_name);
	if (ifp == NULL) {
		lwkt_reltoken(&ifnet_token);
		return (ENXIO);
	}
	switch (cmd) {
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)(ifp->if_flags & 0xffff);
		ifr->ifr_flagshigh = (short)(ifp->if_flags >> 16);
		break;
	case SIOCSIFFLAGS:
		newflags = ((ifr->ifr_flags & 0xffff) |
		    (ifr->ifr_flagshigh << 16)) & ~IFF_CANTCHANGE;
		newflags |= ifp->if_flags & IFF_CANTCHANGE;
		if ((ifp->if_flags & IFF_UP) && !(newflags & IFF_UP))
			if_down(ifp);
		else if (!(ifp->if_flags & IFF_UP) && (newflags & IFF_UP))
			if_up(ifp);
		ifp->if_flags = newflags;
		if (ifp->if_ioctl != NULL)
			(void)ifp->if_ioctl(ifp, SIOCSIFFLAGS, data);
		break;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)ifp->if_mtu;
		break;
	case SIOCSIFMTU:
		if (ifr->ifr_mtu < 72 || ifr->ifr_mtu > 65535) {
			error = EINVAL;
			break;
		}
		if (ifp->if_ioctl == NULL) {
			error = EOPNOTSUPP;
			break;
		}
		error = ifp->if_ioctl(ifp, SIOCSIFMTU, data);
		break;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = (int)ifp->if_metric;
		break;
	case SIOCGIFINDEX:
		ifr->ifr_index = ifp->if_index;
		break;
	case SIOCGIFCAP:
		ifr->ifr_reqcap = ifp->if_capabilities;
		ifr->ifr_curcap = ifp->if_capenable;
		break;
	case SIOCSIFCAP:
		if (ifr->ifr_reqcap & ~ifp->if_capabilities) {
			error = EINVAL;
			break;
		}
		if (ifp->if_ioctl == NULL) {
			error = EOPNOTSUPP;
			break;
		}
		error = ifp->if_ioctl(ifp, SIOCSIFCAP, data);
		break;
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_addr, 0, sizeof(ifr->ifr_addr));
		ifr->ifr_addr.sa_len = sizeof(ifr->ifr_addr);
		ifr->ifr_addr.sa_family = AF_LINK;
		if (ifp->if_lladdr != NULL && ifp->if_addrlen > 0)
			memcpy(ifr->ifr_addr.sa_data,
			    LLADDR((struct sockaddr_dl *)
			    ifp->if_lladdr->ifa_addr),
			    MIN(ifp->if_addrlen, sizeof(ifr->ifr_addr.sa_data)));
		break;
	case SIOCSIFADDR:
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
	case SIOCAIFADDR:
	case SIOCDIFADDR:
		error = in_control(so, cmd, data, ifp, cred);
		break;
	default:
		error = ENOTTY;
		break;
	}
	lwkt_reltoken(&ifnet_token);
	return (error);
}

/* ---- net.link.iflist --------------------------------------------------- */

static void
if_toxifnet(struct ifnet *ifp, struct xifnet *x)
{
	struct if_data *d = &x->xif_data;

	memset(x, 0, sizeof(*x));
	x->xif_len = sizeof(*x);
	x->xif_version = XIFNET_VERSION;
	strlcpy(x->xif_name, ifp->if_xname, IFNAMSIZ);
	x->xif_index = ifp->if_index;
	x->xif_flags = (uint32_t)ifp->if_flags;
	x->xif_capabilities = (uint32_t)ifp->if_capabilities;
	x->xif_capenable = (uint32_t)ifp->if_capenable;
	if (ifp->if_lladdr != NULL && ifp->if_addrlen > 0)
		memcpy(x->xif_lladdr, LLADDR((struct sockaddr_dl *)
		    ifp->if_lladdr->ifa_addr),
		    MIN(ifp->if_addrlen, sizeof(x->xif_lladdr)));
	d->ifi_type = ifp->if_type;
	d->ifi_addrlen = ifp->if_addrlen;
	d->ifi_hdrlen = ifp->if_hdrlen;
	d->ifi_link_state = (uint8_t)ifp->if_link_state;
	d->ifi_mtu = ifp->if_mtu;
	d->ifi_metric = ifp->if_metric;
	d->ifi_baudrate = ifp->if_baudrate;
	d->ifi_ipackets = ifp->if_ipackets;
	d->ifi_ierrors = ifp->if_ierrors;
	d->ifi_opackets = ifp->if_opackets;
	d->ifi_oerrors = ifp->if_oerrors;
	d->ifi_collisions = ifp->if_collisions;
	d->ifi_ibytes = ifp->if_ibytes;
	d->ifi_obytes = ifp->if_obytes;
	d->ifi_imcasts = ifp->if_imcasts;
	d->ifi_omcasts = ifp->if_omcasts;
	d->ifi_iqdrops = ifp->if_iqdrops;
	d->ifi_noproto = ifp->if_noproto;
	d->ifi_lastchange = ifp->if_lastchange;
}

static int
if_sysctl_iflist(SYSCTL_HANDLER_ARGS)
{
	struct xifnet *buf;
	struct ifnet *ifp;
	u_int n, i = 0;
	int error;

	if (req->newptr != NULL)
		return (EPERM);
	n = if_count + 4;
	buf = kmalloc(n * sizeof(*buf), M_TEMP, M_WAITOK);
	lwkt_gettoken(&ifnet_token);
	TAILQ_FOREACH(ifp, &ifnet_head, if_link) {
		if (i == n)
			break;
		if_toxifnet(ifp, &buf[i++]);
	}
	lwkt_reltoken(&ifnet_token);
	error = SYSCTL_OUT(req, buf, i * sizeof(*buf));
	kfree(buf, M_TEMP);
	return (error);
}
SYSCTL_PROC(_net_link, OID_AUTO, iflist, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, if_sysctl_iflist, "S,xifnet", "interfaces and statistics");
SYSCTL_UINT(_net_link, OID_AUTO, ifcount, CTLFLAG_RD, &if_count, 0,
    "attached interfaces");
