/*
 * virtio-net (vtnet): the Ethernet driver over either virtio transport.
 * Queue 0 receives, queue 1 transmits; there is no control queue.
 *
 * Receive: every receive descriptor is one 2 KiB device-writable buffer
 * (a virtio_net_hdr, 12 bytes with VIRTIO_F_VERSION_1, then frame data).
 * With mergeable receive buffers (VIRTIO_NET_F_MRG_RXBUF) a frame may
 * span num_buffers consecutive used entries; such frames are gathered
 * into a scratch buffer.  Lengths and counts come from the device and
 * are checked: a runt, a buffer overrun, a missing continuation or an
 * oversized frame is counted in if_ierrors and dropped.  With
 * VIRTIO_NET_F_GUEST_CSUM, DATA_VALID frames carry CSUM_DATA_VALID |
 * CSUM_PSEUDO_HDR and csum_data 0xffff; a NEEDS_CSUM frame (partial
 * checksum, from a local peer) has its checksum completed here.
 *
 * Transmit: each frame is copied into a 2 KiB bounce slot behind its
 * header, one descriptor per frame; CSUM_TCP/CSUM_UDP requests become
 * NEEDS_CSUM with csum_start/csum_offset (VIRTIO_NET_F_CSUM), the stack
 * having stored the pseudo-header sum in the checksum field.
 *
 * Locking: only the service thread touches the receive queue; the
 * transmit queue and its slots are under sc_tx_spin (if_start may run on
 * any CPU).  Link state comes from the config status word
 * (VIRTIO_NET_F_STATUS), re-read on every service pass.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/spinlock.h>
#include <machine/atomic.h>
#include <machine/cpufunc.h>
#include <dev/netif/if_nicvar.h>
#include <dev/virtual/virtio/virtiovar.h>

MALLOC_DECLARE(M_VIRTIO);

/* Feature bits */
#define VIRTIO_NET_F_CSUM	(1ULL << 0)
#define VIRTIO_NET_F_GUEST_CSUM	(1ULL << 1)
#define VIRTIO_NET_F_MAC	(1ULL << 5)
#define VIRTIO_NET_F_MRG_RXBUF	(1ULL << 15)
#define VIRTIO_NET_F_STATUS	(1ULL << 16)

/* Device configuration */
#define VTNET_CFG_MAC		0
#define VTNET_CFG_STATUS	6
#define  VIRTIO_NET_S_LINK_UP	1

struct virtio_net_hdr {
	uint8_t		flags;
#define VIRTIO_NET_HDR_F_NEEDS_CSUM	1
#define VIRTIO_NET_HDR_F_DATA_VALID	2
	uint8_t		gso_type;
	uint16_t	hdr_len;
	uint16_t	gso_size;
	uint16_t	csum_start;
	uint16_t	csum_offset;
	uint16_t	num_buffers;
} __packed;

#define VTNET_HDR_LEN		sizeof(struct virtio_net_hdr)	/* 12 */
#define VTNET_BUFSZ		2048
#define VTNET_MAXQ		256
#define VTNET_MAXFRAME		(ETHER_MAX_LEN - ETHER_CRC_LEN + \
				    ETHER_VLAN_ENCAP_LEN)	/* 1518 */
#define VTNET_MAXMERGE		4	/* buffers one frame may use */
#define VTNET_RX_ALIGN		2	/* IP header on a 4-byte boundary */

struct vtnet_softc {
	struct nic	sc_nic;			/* first */
	struct virtio_softc *sc_vs;
	struct virtqueue sc_rxq, sc_txq;
	struct nic_dma	sc_rxmem, sc_txmem;
	struct spinlock	sc_tx_spin;
	uint16_t	*sc_txfree;		/* free slot stack */
	int		sc_ntxfree;
	bool		sc_mrg, sc_txcsum, sc_rxcsum, sc_status;
	uint8_t		sc_scratch[VTNET_MAXMERGE * VTNET_BUFSZ];
};

static void
vtnet_intr(void *arg)
{
	struct vtnet_softc *sc = arg;

	if (sc->sc_vs->vs_ops->vo_intr_ack(sc->sc_vs) == 0)
		return;			/* a shared INTx line: not ours */
	nic_intr_schedule(&sc->sc_nic);
}

static int
vtnet_rx_post(struct vtnet_softc *sc, int slot)
{
	struct vq_seg seg;

	seg.vs_pa = sc->sc_rxmem.nd_pa + (vm_paddr_t)slot * VTNET_BUFSZ;
	seg.vs_len = VTNET_BUFSZ;
	return (vq_enqueue(&sc->sc_rxq, &seg, 0, 1,
	    (uint8_t *)sc->sc_rxmem.nd_va + (size_t)slot * VTNET_BUFSZ));
}

static int
vtnet_rx_slot(struct vtnet_softc *sc, void *buf)
{
	return (((uint8_t *)buf - (uint8_t *)sc->sc_rxmem.nd_va) /
	    VTNET_BUFSZ);
}

/* Complete a partial checksum: the one's complement sum from start. */
static bool
vtnet_fix_csum(uint8_t *f, int len, int start, int off)
{
	uint32_t sum = 0;
	uint16_t c;
	int i;

	if (start < ETHER_HDR_LEN || start >= len || off < 0 ||
	    start + off + 2 > len)
		return (false);
	for (i = start; i + 1 < len; i += 2)
		sum += (uint32_t)f[i] << 8 | f[i + 1];
	if (i < len)
		sum += (uint32_t)f[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = ~sum;
	f[start + off] = c >> 8;
	f[start + off + 1] = c & 0xff;
	return (true);
}

static void
vtnet_rxeof(struct vtnet_softc *sc)
{
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	struct virtio_net_hdr hdr;
	struct mbuf *m;
	uint8_t *buf, *frame;
	uint32_t len, len2;
	int nbufs, k, total, reposts = 0;
	bool bad;

	while ((buf = vq_dequeue(&sc->sc_rxq, &len)) != NULL) {
		memcpy(&hdr, buf, sizeof(hdr));
		nbufs = sc->sc_mrg ? hdr.num_buffers : 1;
		bad = false;
		if (len < VTNET_HDR_LEN) {
			sc->sc_nic.nic_rx_runt++;
			bad = true;
		} else if (len > VTNET_BUFSZ) {
			sc->sc_nic.nic_rx_overrun++;
			bad = true;
		}
		if (bad || nbufs == 1) {
			total = bad ? 0 : (int)(len - VTNET_HDR_LEN);
			frame = buf + VTNET_HDR_LEN;
		} else {
			/* Gather the continuation buffers. */
			total = len - VTNET_HDR_LEN;
			memcpy(sc->sc_scratch, buf + VTNET_HDR_LEN, total);
			frame = sc->sc_scratch;
			if (nbufs < 1 || nbufs > VTNET_MAXMERGE) {
				sc->sc_nic.nic_rx_toolong++;
				bad = true;
			}
			for (k = 1; k < nbufs; k++) {
				void *b2 = vq_dequeue(&sc->sc_rxq, &len2);

				if (b2 == NULL) {
					sc->sc_nic.nic_rx_trunc++;
					bad = true;
					break;
				}
				if (!bad && len2 <= VTNET_BUFSZ &&
				    total + len2 <= sizeof(sc->sc_scratch)) {
					memcpy(sc->sc_scratch + total, b2, len2);
					total += len2;
				} else {
					if (!bad)
						sc->sc_nic.nic_rx_overrun++;
					bad = true;
				}
				vtnet_rx_post(sc, vtnet_rx_slot(sc, b2));
				reposts++;
			}
		}
		if (!bad && (total < ETHER_HDR_LEN || total > VTNET_MAXFRAME)) {
			if (total < ETHER_HDR_LEN)
				sc->sc_nic.nic_rx_runt++;
			else
				sc->sc_nic.nic_rx_toolong++;
			bad = true;
		}
		if (!bad && (hdr.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
			if (frame != sc->sc_scratch) {
				memcpy(sc->sc_scratch, frame, total);
				frame = sc->sc_scratch;
			}
			if (!vtnet_fix_csum(frame, total, hdr.csum_start,
			    hdr.csum_offset))
				bad = true;
		}
		m = NULL;
		if ((ifp->if_flags & IFF_RUNNING) == 0) {
			/* Down: the buffers are recycled unread. */
		} else if (!bad) {
			m = m_devget(frame, total, VTNET_RX_ALIGN, ifp);
			if (m == NULL)
				IFNET_STAT_INC(ifp, iqdrops, 1);
		} else
			IFNET_STAT_INC(ifp, ierrors, 1);
		/* The first buffer goes back only after its data is copied. */
		vtnet_rx_post(sc, vtnet_rx_slot(sc, buf));
		reposts++;
		if (m == NULL)
			continue;
		if (sc->sc_rxcsum && (ifp->if_capenable & IFCAP_RXCSUM) &&
		    (hdr.flags & (VIRTIO_NET_HDR_F_DATA_VALID |
		    VIRTIO_NET_HDR_F_NEEDS_CSUM))) {
			m->m_pkthdr.csum_flags = CSUM_DATA_VALID |
			    CSUM_PSEUDO_HDR;
			m->m_pkthdr.csum_data = 0xffff;
			sc->sc_nic.nic_rx_csum++;
		}
		nic_input(&sc->sc_nic, m);
	}
	if (reposts > 0)
		vq_kick(&sc->sc_rxq);
}

static void
vtnet_start(struct ifnet *ifp)
{
	struct vtnet_softc *sc = ifp->if_softc;
	struct virtio_net_hdr *hdr;
	struct vq_seg seg;
	struct mbuf *m;
	uint8_t *buf;
	int len, slot, n = 0, ipoff, hl;

	if ((ifp->if_flags & IFF_RUNNING) == 0)
		return;
	spin_lock(&sc->sc_tx_spin);
	while (sc->sc_ntxfree > 0) {
		IF_DEQUEUE(&ifp->if_snd, m);
		if (m == NULL)
			break;
		len = m->m_pkthdr.len;
		if (len < ETHER_HDR_LEN || len > VTNET_BUFSZ - (int)VTNET_HDR_LEN) {
			IFNET_STAT_INC(ifp, oerrors, 1);
			m_freem(m);
			continue;
		}
		slot = sc->sc_txfree[--sc->sc_ntxfree];
		buf = (uint8_t *)sc->sc_txmem.nd_va + (size_t)slot * VTNET_BUFSZ;
		hdr = (struct virtio_net_hdr *)buf;
		memset(hdr, 0, VTNET_HDR_LEN);
		m_copydata(m, 0, len, buf + VTNET_HDR_LEN);
		ipoff = VTNET_HDR_LEN + ETHER_HDR_LEN;
		if (sc->sc_txcsum && (m->m_pkthdr.csum_flags &
		    (CSUM_TCP | CSUM_UDP)) && len >= ETHER_HDR_LEN + 20 &&
		    buf[VTNET_HDR_LEN + 12] == 0x08 &&
		    buf[VTNET_HDR_LEN + 13] == 0x00) {
			hl = (buf[ipoff] & 0xf) * 4;
			hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
			hdr->csum_start = ETHER_HDR_LEN + hl;
			hdr->csum_offset = (m->m_pkthdr.csum_flags & CSUM_TCP) ?
			    16 : 6;
			sc->sc_nic.nic_tx_csum++;
		}
		seg.vs_pa = sc->sc_txmem.nd_pa + (vm_paddr_t)slot * VTNET_BUFSZ;
		seg.vs_len = VTNET_HDR_LEN + len;
		if (vq_enqueue(&sc->sc_txq, &seg, 1, 0, buf) != 0) {
			/* Cannot happen: a slot is free iff a descriptor is. */
			sc->sc_txfree[sc->sc_ntxfree++] = slot;
			IF_PREPEND(&ifp->if_snd, m);
			break;
		}
		IFNET_STAT_INC(ifp, opackets, 1);
		IFNET_STAT_INC(ifp, obytes, len);
		if (ETHER_IS_MULTICAST(buf + VTNET_HDR_LEN))
			IFNET_STAT_INC(ifp, omcasts, 1);
		m_freem(m);
		n++;
	}
	if (sc->sc_ntxfree == 0 && IF_QLEN(&ifp->if_snd) > 0)
		atomic_set_int(&ifp->if_flags, IFF_OACTIVE);
	if (n > 0)
		vq_kick(&sc->sc_txq);
	spin_unlock(&sc->sc_tx_spin);
}

static void
vtnet_txeof(struct vtnet_softc *sc)
{
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	uint32_t len;
	uint8_t *buf;
	int n = 0;

	spin_lock(&sc->sc_tx_spin);
	while ((buf = vq_dequeue(&sc->sc_txq, &len)) != NULL) {
		sc->sc_txfree[sc->sc_ntxfree++] = (buf -
		    (uint8_t *)sc->sc_txmem.nd_va) / VTNET_BUFSZ;
		n++;
	}
	spin_unlock(&sc->sc_tx_spin);
	if (n > 0 && (ifp->if_flags & IFF_OACTIVE)) {
		atomic_clear_int(&ifp->if_flags, IFF_OACTIVE);
		vtnet_start(ifp);
	}
}

static void
vtnet_update_link(struct vtnet_softc *sc)
{
	int up = 1;

	if (sc->sc_status)
		up = virtio_config_read(sc->sc_vs, VTNET_CFG_STATUS, 2) &
		    VIRTIO_NET_S_LINK_UP;
	nic_link_change(&sc->sc_nic, up ? LINK_STATE_UP : LINK_STATE_DOWN);
}

static void
vtnet_service(struct nic *n)
{
	struct vtnet_softc *sc = n->nic_sc;

	vtnet_update_link(sc);
	vtnet_rxeof(sc);
	vtnet_txeof(sc);
	if (IF_QLEN(&NIC_IFP(n)->if_snd) > 0)
		vtnet_start(NIC_IFP(n));
}

static void
vtnet_init(void *arg)
{
	struct vtnet_softc *sc = arg;
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);

	atomic_set_int(&ifp->if_flags, IFF_RUNNING);
	atomic_clear_int(&ifp->if_flags, IFF_OACTIVE);
	nic_kick(&sc->sc_nic);
}

static void
vtnet_stop(struct nic *n)
{
	atomic_clear_int(&NIC_IFP(n)->if_flags, IFF_RUNNING | IFF_OACTIVE);
}

static int
vtnet_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct vtnet_softc *sc = ifp->if_softc;

	return (nic_ioctl(&sc->sc_nic, cmd, data, ETHERMTU, vtnet_init,
	    vtnet_stop));
}

static int
vtnet_attach(struct virtio_softc *vs, int unit)
{
	struct vtnet_softc *sc;
	struct ifnet *ifp;
	uint8_t mac[ETHER_ADDR_LEN];
	int error, i;

	error = virtio_negotiate(vs, VIRTIO_NET_F_CSUM |
	    VIRTIO_NET_F_GUEST_CSUM | VIRTIO_NET_F_MAC |
	    VIRTIO_NET_F_MRG_RXBUF | VIRTIO_NET_F_STATUS);
	if (error != 0)
		return (error);
	sc = kmalloc(sizeof(*sc), M_VIRTIO, M_WAITOK | M_ZERO);
	sc->sc_vs = vs;
	vs->vs_child = sc;
	sc->sc_nic.nic_sc = sc;
	spin_init(&sc->sc_tx_spin, "vtnet_tx");
	spin_init(&sc->sc_nic.nic_intr_spin, "nicintr");
	sc->sc_mrg = (vs->vs_features & VIRTIO_NET_F_MRG_RXBUF) != 0;
	sc->sc_txcsum = (vs->vs_features & VIRTIO_NET_F_CSUM) != 0;
	sc->sc_rxcsum = (vs->vs_features & VIRTIO_NET_F_GUEST_CSUM) != 0;
	sc->sc_status = (vs->vs_features & VIRTIO_NET_F_STATUS) != 0;

	if ((error = vs->vs_ops->vo_intr_setup(vs, vtnet_intr, sc, 2)) != 0)
		goto fail;
	if ((error = virtio_alloc_vq(vs, &sc->sc_rxq, 0, VTNET_MAXQ)) != 0 ||
	    (error = virtio_alloc_vq(vs, &sc->sc_txq, 1, VTNET_MAXQ)) != 0)
		goto fail;
	if ((error = nic_dma_alloc(&sc->sc_rxmem,
	    (size_t)sc->sc_rxq.vq_size * VTNET_BUFSZ)) != 0 ||
	    (error = nic_dma_alloc(&sc->sc_txmem,
	    (size_t)sc->sc_txq.vq_size * VTNET_BUFSZ)) != 0)
		goto fail;
	sc->sc_txfree = kmalloc(sc->sc_txq.vq_size * sizeof(uint16_t),
	    M_VIRTIO, M_WAITOK);
	for (i = 0; i < sc->sc_txq.vq_size; i++)
		sc->sc_txfree[sc->sc_ntxfree++] = sc->sc_txq.vq_size - 1 - i;
	for (i = 0; i < sc->sc_rxq.vq_size; i++)
		vtnet_rx_post(sc, i);

	if (vs->vs_features & VIRTIO_NET_F_MAC) {
		for (i = 0; i < ETHER_ADDR_LEN; i++)
			mac[i] = virtio_config_read(vs, VTNET_CFG_MAC + i, 1);
	} else {
		/* Locally administered, unique enough per boot. */
		uint64_t c = cpu_cycles();

		mac[0] = 0x02;
		mac[1] = 0x00;
		for (i = 2; i < ETHER_ADDR_LEN; i++)
			mac[i] = c >> (8 * i);
	}

	ifp = NIC_IFP(&sc->sc_nic);
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	ifp->if_mtu = ETHERMTU;
	ifp->if_baudrate = 10000000000ULL;
	if (sc->sc_rxcsum)
		ifp->if_capabilities |= IFCAP_RXCSUM;
	if (sc->sc_txcsum) {
		ifp->if_capabilities |= IFCAP_TXCSUM;
		ifp->if_hwassist = CSUM_TCP | CSUM_UDP;
	}
	ifp->if_capenable = ifp->if_capabilities;
	ifp->if_init = vtnet_init;
	ifp->if_start = vtnet_start;
	ifp->if_ioctl = vtnet_ioctl;
	sc->sc_nic.nic_service = vtnet_service;
	sc->sc_nic.nic_stop = vtnet_stop;

	virtio_driver_ok(vs);
	vq_kick(&sc->sc_rxq);
	kprintf("vtnet%d: <virtio-net> at %s, %u/%u descriptors, features "
	    "%#lx%s%s%s\n", unit, vs->vs_where, sc->sc_rxq.vq_size,
	    sc->sc_txq.vq_size, (u_long)vs->vs_features,
	    sc->sc_mrg ? " mrgrxbuf" : "", sc->sc_rxcsum ? " rxcsum" : "",
	    vs->vs_intr_msix ? " msix" : " intx");
	error = nic_attach(&sc->sc_nic, "vtnet", unit, mac);
	if (error != 0)
		return (error);		/* the device is live: keep sc */
	vtnet_update_link(sc);
	return (0);
fail:
	/* Interrupt vectors and queues set up so far are not reclaimed. */
	vs->vs_ops->vo_set_status(vs, VIRTIO_STATUS_FAILED);
	vs->vs_child = NULL;
	return (error);
}

static struct virtio_driver vtnet_driver = {
	.vd_type = VIRTIO_ID_NET,
	.vd_name = "vtnet",
	.vd_attach = vtnet_attach,
};

static void
vtnet_register(void *arg)
{
	virtio_driver_register(&vtnet_driver);
}
SYSINIT(vtnet_register, SI_SUB_DRIVERS, SI_ORDER_MIDDLE, vtnet_register,
    NULL);
