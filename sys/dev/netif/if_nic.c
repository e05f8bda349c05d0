/*
 * Shared Ethernet driver glue (see <dev/netif/if_nicvar.h>): DMA memory,
 * attaching an interface to the stack, the per-interface service
 * thread, the receive hand-off with its counters, the common ioctls, and
 * the driver-level ARP probe that proves a NIC moves frames both ways
 * without any TCP/IP: hw.nic.arpprobe sends ARP requests for QEMU's
 * user-net gateway 10.0.2.2 and reports the gateway's reply.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/sockio.h>
#include <sys/spinlock.h>
#include <sys/sysctl.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/time.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <machine/atomic.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include <dev/netif/if_nicvar.h>

/* The stack, when this kernel has one (weak: see if_nicvar.h). */
void	ether_ifattach(struct ifnet *, const uint8_t[ETHER_ADDR_LEN])
	    __attribute__((__weak__));
void	if_link_state_change(struct ifnet *, int) __attribute__((__weak__));

static TAILQ_HEAD(, nic) nic_list = TAILQ_HEAD_INITIALIZER(nic_list);
static struct spinlock nic_list_spin = SPINLOCK_INITIALIZER("nic_list");

SYSCTL_NODE(_hw, OID_AUTO, nic, CTLFLAG_RD, 0, "Ethernet drivers");

/*
 * nic.expect=N on the command line: how many interfaces the test harness
 * gave the machine, for the regress test to hold the drivers to (-1:
 * not said).
 */
static int nic_expect = -1;
SYSCTL_INT(_hw_nic, OID_AUTO, expect, CTLFLAG_RD, &nic_expect, 0,
    "Interfaces the boot command line says the machine has, or -1");

static void
nic_expect_init(void *arg)
{
	nic_expect = (int)kgetenv_long("nic.expect", -1);
}
SYSINIT(nic_expect, SI_SUB_TUNABLES, SI_ORDER_MIDDLE, nic_expect_init, NULL);

/* ---- DMA memory ------------------------------------------------------ */

int
nic_dma_alloc(struct nic_dma *d, size_t size)
{
	vm_page_t m;
	int order = 0;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	if (order >= VM_NFREEORDER)
		return (EINVAL);
	m = vm_page_alloc_contig(order, VM_ALLOC_ZERO);
	if (m == NULL)
		return (ENOMEM);
	d->nd_pa = VM_PAGE_TO_PHYS(m);
	d->nd_va = (void *)PHYS_TO_DMAP(d->nd_pa);
	d->nd_size = (size_t)PAGE_SIZE << order;
	d->nd_order = order;
	return (0);
}

void
nic_dma_free(struct nic_dma *d)
{
	if (d->nd_va == NULL)
		return;
	vm_page_free_contig(PHYS_TO_VM_PAGE(d->nd_pa), d->nd_order);
	d->nd_va = NULL;
}

/* ---- Service thread ---------------------------------------------------- */

static void
nic_wake(struct nic *n, int intr)
{
	spin_lock(&n->nic_intr_spin);
	n->nic_intr_pending = 1;
	n->nic_nintr += intr;
	spin_unlock(&n->nic_intr_spin);
	wakeup((void *)(uintptr_t)&n->nic_intr_pending);
}

void
nic_intr_schedule(struct nic *n)
{
	nic_wake(n, 1);
}

void
nic_kick(struct nic *n)
{
	nic_wake(n, 0);
}

static void
nic_thread(void *arg)
{
	struct nic *n = arg;

	for (;;) {
		spin_lock(&n->nic_intr_spin);
		if (!n->nic_intr_pending)
			ssleep((void *)(uintptr_t)&n->nic_intr_pending,
			    &n->nic_intr_spin, 0,
			    "nicintr", hz);
		n->nic_intr_pending = 0;
		spin_unlock(&n->nic_intr_spin);
		n->nic_nservice++;
		n->nic_service(n);
	}
}

/* ---- Stack hand-off ---------------------------------------------------- */

/* if_input when the kernel has no stack: the frame is only counted. */
static void
nic_input_nostack(struct ifnet *ifp, struct mbuf *m)
{
	struct nic *n = (struct nic *)ifp;	/* nic_if is the first member */

	atomic_add_64(&n->nic_rxdrop_nostack, 1);
	IFNET_STAT_INC(ifp, noproto, 1);
	m_freem(m);
}

/* Is this the gateway's reply to our probe?  Then remember its MAC. */
static void
nic_probe_check(struct nic *n, struct mbuf *m)
{
	uint8_t f[42];

	if (!n->nic_probe_busy || m->m_pkthdr.len < 42)
		return;
	m_copydata(m, 0, sizeof(f), f);
	if (f[12] != 0x08 || f[13] != 0x06 ||		/* ARP */
	    f[14] != 0 || f[15] != 1 || f[16] != 0x08 || f[17] != 0 ||
	    f[18] != 6 || f[19] != 4 || f[20] != 0 || f[21] != 2 ||
	    memcmp(&f[28], n->nic_probe_tpa, 4) != 0 ||
	    memcmp(&f[32], n->nic_lladdr, 6) != 0)
		return;
	spin_lock(&n->nic_probe_spin);
	if (n->nic_probe_busy && !n->nic_probe_done) {
		memcpy(n->nic_probe_sha, &f[22], 6);
		n->nic_probe_done = 1;
		spin_unlock(&n->nic_probe_spin);
		wakeup(&n->nic_probe_done);
		return;
	}
	spin_unlock(&n->nic_probe_spin);
}

void
nic_input(struct nic *n, struct mbuf *m)
{
	struct ifnet *ifp = NIC_IFP(n);
	uint8_t dst0;

	m->m_pkthdr.rcvif = ifp;
	IFNET_STAT_INC(ifp, ipackets, 1);
	IFNET_STAT_INC(ifp, ibytes, m->m_pkthdr.len);
	if (m->m_len > 0) {
		dst0 = *mtod(m, uint8_t *);
		if (ETHER_IS_MULTICAST(&dst0))
			IFNET_STAT_INC(ifp, imcasts, 1);
	}
	nic_probe_check(n, m);
	ifp->if_input(ifp, m);
}

void
nic_link_change(struct nic *n, int state)
{
	struct ifnet *ifp = NIC_IFP(n);

	if (ifp->if_link_state == state)
		return;
	if (if_link_state_change != NULL)
		if_link_state_change(ifp, state);
	else
		ifp->if_link_state = state;
	kprintf("%s: link state changed to %s\n", ifp->if_xname,
	    state == LINK_STATE_UP ? "UP" : "DOWN");
}

int
nic_ioctl(struct nic *n, u_long cmd, caddr_t data, u_int maxmtu,
    void (*init)(void *), void (*stop)(struct nic *))
{
	struct ifnet *ifp = NIC_IFP(n);
	struct ifreq *ifr = (struct ifreq *)data;

	switch (cmd) {
	case SIOCSIFMTU:
		if (ifr->ifr_mtu < 68 || (u_int)ifr->ifr_mtu > maxmtu)
			return (EINVAL);
		ifp->if_mtu = ifr->ifr_mtu;
		return (0);
	case SIOCSIFFLAGS:
		if ((ifp->if_flags & IFF_UP) &&
		    (ifp->if_flags & IFF_RUNNING) == 0)
			init(n->nic_sc);
		else if ((ifp->if_flags & IFF_UP) == 0 &&
		    (ifp->if_flags & IFF_RUNNING) && stop != NULL)
			stop(n);
		return (0);
	case SIOCSIFCAP:
		/* Only what the hardware has may be enabled. */
		ifp->if_capenable = ifr->ifr_reqcap & ifp->if_capabilities;
		return (0);
	default:
		return (EINVAL);
	}
}

int
nic_attach(struct nic *n, const char *dname, int unit,
    const uint8_t lladdr[ETHER_ADDR_LEN])
{
	struct ifnet *ifp = NIC_IFP(n);
	int error;

	memcpy(n->nic_lladdr, lladdr, ETHER_ADDR_LEN);
	spin_init(&n->nic_intr_spin, "nicintr");
	spin_init(&n->nic_probe_spin, "nicprobe");
	spin_init(&ifp->if_snd.ifq_lock, "ifq");
	if (ifp->if_snd.ifq_maxlen == 0)
		ifp->if_snd.ifq_maxlen = IFQ_MAXLEN_DEFAULT;
	ksnprintf(ifp->if_xname, sizeof(ifp->if_xname), "%s%d", dname, unit);
	ifp->if_dname = dname;
	ifp->if_dunit = unit;
	ifp->if_softc = n->nic_sc;
	ifp->if_link_state = LINK_STATE_UNKNOWN;
	if (ether_ifattach != NULL)
		ether_ifattach(ifp, lladdr);
	else
		ifp->if_input = nic_input_nostack;
	error = lwkt_create(nic_thread, n, &n->nic_td, 0, 0, "%s",
	    ifp->if_xname);
	if (error != 0)
		return (error);
	spin_lock(&nic_list_spin);
	TAILQ_INSERT_TAIL(&nic_list, n, nic_link);
	spin_unlock(&nic_list_spin);
	kprintf("%s: Ethernet address %02x:%02x:%02x:%02x:%02x:%02x\n",
	    ifp->if_xname, lladdr[0], lladdr[1], lladdr[2], lladdr[3],
	    lladdr[4], lladdr[5]);
	return (0);
}

static struct nic *
nic_lookup(const char *name)
{
	struct nic *n;

	spin_lock(&nic_list_spin);
	TAILQ_FOREACH(n, &nic_list, nic_link) {
		if (strcmp(n->nic_if.if_xname, name) == 0)
			break;
	}
	spin_unlock(&nic_list_spin);
	return (n);
}

/* ---- hw.nic sysctls ---------------------------------------------------- */

/* hw.nic.list: the interfaces these drivers attached, space-separated. */
static int
sysctl_nic_list(SYSCTL_HANDLER_ARGS)
{
	char buf[256];
	struct nic *n;

	buf[0] = '\0';
	spin_lock(&nic_list_spin);
	TAILQ_FOREACH(n, &nic_list, nic_link) {
		if (buf[0] != '\0')
			strlcat(buf, " ", sizeof(buf));
		strlcat(buf, n->nic_if.if_xname, sizeof(buf));
	}
	spin_unlock(&nic_list_spin);
	return (SYSCTL_OUT(req, buf, strlen(buf) + 1));
}
SYSCTL_PROC(_hw_nic, OID_AUTO, list, CTLTYPE_STRING | CTLFLAG_RD, NULL, 0,
    sysctl_nic_list, "A", "Ethernet interfaces of the PCI/virtio drivers");

/*
 * hw.nic.stats: one line per interface, the netstat -i counters and the
 * drivers' own (receive errors by kind, interrupts, service passes, and
 * frames whose checksums the device computed, verified or found bad).
 */
static int
sysctl_nic_stats(SYSCTL_HANDLER_ARGS)
{
	char line[512];
	struct ifnet *ifp;
	struct nic *n;
	int error = 0;

	/* The list only grows and entries are never freed: walk unlocked. */
	TAILQ_FOREACH(n, &nic_list, nic_link) {
		ifp = NIC_IFP(n);
		ksnprintf(line, sizeof(line), "%s: ipackets %lu ierrors %lu "
		    "iqdrops %lu ibytes %lu imcasts %lu opackets %lu "
		    "oerrors %lu obytes %lu omcasts %lu collisions %lu "
		    "runt %lu toolong %lu overrun %lu trunc %lu errbits %lu "
		    "nostack %lu intr %lu service %lu txcsum %lu rxcsum %lu "
		    "rxbadcsum %lu\n", ifp->if_xname,
		    (u_long)ifp->if_ipackets, (u_long)ifp->if_ierrors,
		    (u_long)ifp->if_iqdrops, (u_long)ifp->if_ibytes,
		    (u_long)ifp->if_imcasts, (u_long)ifp->if_opackets,
		    (u_long)ifp->if_oerrors, (u_long)ifp->if_obytes,
		    (u_long)ifp->if_omcasts, (u_long)ifp->if_collisions,
		    (u_long)n->nic_rx_runt, (u_long)n->nic_rx_toolong,
		    (u_long)n->nic_rx_overrun, (u_long)n->nic_rx_trunc,
		    (u_long)n->nic_rx_errbits, (u_long)n->nic_rxdrop_nostack,
		    (u_long)n->nic_nintr, (u_long)n->nic_nservice,
		    (u_long)n->nic_tx_csum, (u_long)n->nic_rx_csum,
		    (u_long)n->nic_rx_badcsum);
		if ((error = SYSCTL_OUT(req, line, strlen(line))) != 0)
			return (error);
	}
	return (SYSCTL_OUT(req, "", 1));
}
SYSCTL_PROC(_hw_nic, OID_AUTO, stats, CTLTYPE_STRING | CTLFLAG_RD, NULL, 0,
    sysctl_nic_stats, "A", "Per-interface counters of the Ethernet drivers");

/* An ARP request from 10.0.2.15 for `tpa', broadcast. */
static struct mbuf *
nic_arp_request(struct nic *n, const uint8_t *tpa)
{
	static const uint8_t spa[4] = { 10, 0, 2, 15 };
	struct mbuf *m;
	uint8_t *f;

	m = m_gethdr(M_WAITOK, MT_DATA);
	if (m == NULL)
		return (NULL);
	f = mtod(m, uint8_t *);
	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, n->nic_lladdr, 6);
	f[12] = 0x08; f[13] = 0x06;
	f[14] = 0; f[15] = 1;			/* Ethernet */
	f[16] = 0x08; f[17] = 0x00;		/* IPv4 */
	f[18] = 6; f[19] = 4;
	f[20] = 0; f[21] = 1;			/* request */
	memcpy(f + 22, n->nic_lladdr, 6);
	memcpy(f + 28, spa, 4);
	memcpy(f + 38, tpa, 4);
	m->m_len = m->m_pkthdr.len = 60;	/* padded to the minimum */
	return (m);
}

/*
 * hw.nic.arpprobe: write an interface name (root only), read a struct
 * nic_arpprobe back.  Up to 4 requests, 1 s apart; one probe at a time
 * per interface (EBUSY otherwise).
 */
static int
sysctl_nic_arpprobe(SYSCTL_HANDLER_ARGS)
{
	struct nic_arpprobe ap;
	struct ifnet *ifp;
	struct mbuf *m;
	struct nic *n;
	uint64_t t0;
	int error, i;

	if (req->newptr == NULL)
		return (EINVAL);
	memset(&ap, 0, sizeof(ap));
	if (req->newlen == 0 || req->newlen >= sizeof(ap.ap_ifname))
		return (EINVAL);
	error = SYSCTL_IN(req, ap.ap_ifname, req->newlen);
	if (error != 0)
		return (error);
	ap.ap_ifname[sizeof(ap.ap_ifname) - 1] = '\0';
	if ((n = nic_lookup(ap.ap_ifname)) == NULL)
		return (ENXIO);
	ifp = NIC_IFP(n);
	if ((ifp->if_flags & IFF_RUNNING) == 0)
		ifp->if_init(n->nic_sc);
	spin_lock(&n->nic_probe_spin);
	if (n->nic_probe_busy) {
		spin_unlock(&n->nic_probe_spin);
		return (EBUSY);
	}
	n->nic_probe_busy = 1;
	n->nic_probe_done = 0;
	n->nic_probe_tpa[0] = 10;		/* 10.0.2.2 */
	n->nic_probe_tpa[1] = 0;
	n->nic_probe_tpa[2] = 2;
	n->nic_probe_tpa[3] = 2;
	spin_unlock(&n->nic_probe_spin);

	memcpy(ap.ap_lladdr, n->nic_lladdr, 6);
	ap.ap_opackets[0] = ifp->if_opackets;
	ap.ap_ipackets[0] = ifp->if_ipackets;
	ap.ap_obytes[0] = ifp->if_obytes;
	ap.ap_ibytes[0] = ifp->if_ibytes;
	t0 = uptime_ns();
	ap.ap_error = ETIMEDOUT;
	for (i = 0; i < 4; i++) {
		if ((m = nic_arp_request(n, n->nic_probe_tpa)) == NULL) {
			ap.ap_error = ENOBUFS;
			break;
		}
		ap.ap_tries++;
		IF_LOCK(&ifp->if_snd);
		if (_IF_QFULL(&ifp->if_snd)) {
			IF_UNLOCK(&ifp->if_snd);
			IF_DROP(&ifp->if_snd);
			m_freem(m);
		} else {
			_IF_ENQUEUE(&ifp->if_snd, m);
			IF_UNLOCK(&ifp->if_snd);
			ifp->if_start(ifp);
		}
		spin_lock(&n->nic_probe_spin);
		if (!n->nic_probe_done)
			ssleep(&n->nic_probe_done, &n->nic_probe_spin, 0,
			    "arpprobe", hz);
		if (n->nic_probe_done) {
			memcpy(ap.ap_gwaddr, n->nic_probe_sha, 6);
			ap.ap_error = 0;
			spin_unlock(&n->nic_probe_spin);
			break;
		}
		spin_unlock(&n->nic_probe_spin);
	}
	ap.ap_usec = (uint32_t)((uptime_ns() - t0) / 1000);
	spin_lock(&n->nic_probe_spin);
	n->nic_probe_busy = 0;
	spin_unlock(&n->nic_probe_spin);
	ap.ap_link = ifp->if_link_state;
	ap.ap_opackets[1] = ifp->if_opackets;
	ap.ap_ipackets[1] = ifp->if_ipackets;
	ap.ap_obytes[1] = ifp->if_obytes;
	ap.ap_ibytes[1] = ifp->if_ibytes;
	return (SYSCTL_OUT(req, &ap, sizeof(ap)));
}
SYSCTL_PROC(_hw_nic, OID_AUTO, arpprobe,
    CTLTYPE_OPAQUE | CTLFLAG_RW | CTLFLAG_SKIP, NULL, 0,
    sysctl_nic_arpprobe, "S,nic_arpprobe",
    "Send ARP requests for 10.0.2.2 on an interface; the reply");
