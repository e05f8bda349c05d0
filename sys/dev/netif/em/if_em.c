/*
 * em: Intel 8254x Gigabit Ethernet (the 82540EM QEMU emulates as
 * -device e1000, and its close relatives).  Legacy descriptors: a
 * 256-entry receive ring of 2 KiB buffers and a 256-entry transmit ring
 * whose frames are copied into 2 KiB bounce slots, both in physically
 * contiguous memory from the VM layer.
 *
 * Interrupts: the handler reads ICR (which acknowledges and deasserts
 * the line), keeps the causes, masks everything with IMC and schedules
 * the service thread; ICR 0 means another device on a shared INTx line.
 * MSI is used when the function offers it (the 82540EM does not).  The
 * service pass handles link changes (STATUS.LU), the receive ring, the
 * transmit completions, folds the clear-on-read statistics registers
 * into the ifnet counters, and unmasks.
 *
 * Receive checksums (RXCSUM IPOFLD|TUOFLD): IPCS without IPE gives
 * CSUM_IP_CHECKED|CSUM_IP_VALID, TCPCS without TCPE gives
 * CSUM_DATA_VALID|CSUM_PSEUDO_HDR; nothing when the device sets IXSM.
 * IPE/TCPE are counted (nic_rx_badcsum) and the frame goes up unflagged
 * so that the stack checks, counts and drops it.
 *
 * Transmit checksums (IFCAP_TXCSUM, if_hwassist CSUM_IP|TCP|UDP): a
 * TCP/IP context descriptor describes where the sums go and an extended
 * data descriptor asks for them (POPTS IXSM/TXSM); see em_start().
 * Both offloads are on by default and toggled with ifconfig
 * [-]txcsum/[-]rxcsum; hw.nic.stats counts their use (txcsum, rxcsum,
 * rxbadcsum).
 * Frames with error bits, without EOP (longer than a buffer), shorter
 * than a header or longer than 1518 bytes are counted and dropped.
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
#include <dev/pci/pcivar.h>
#include <dev/netif/if_nicvar.h>
#include <dev/netif/em/if_emreg.h>

MALLOC_DEFINE(M_EM, "em", "em(4) softc");

#define EM_NDESC	256
#define EM_BUFSZ	2048
#define EM_MAXFRAME	(ETHER_MAX_LEN - ETHER_CRC_LEN + ETHER_VLAN_ENCAP_LEN)
#define EM_RX_ALIGN	2
#define EM_RCTL		(E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC | \
			    E1000_RCTL_SZ_2048)
#define EM_INTRS	(E1000_ICR_TXDW | E1000_ICR_LSC | E1000_ICR_RXSEQ | \
			    E1000_ICR_RXDMT0 | E1000_ICR_RXO | E1000_ICR_RXT0)

struct em_softc {
	struct nic	sc_nic;			/* first */
	struct pci_dev	*sc_pd;
	volatile uint8_t *sc_regs;
	struct nic_dma	sc_rxring, sc_txring, sc_rxbuf, sc_txbuf;
	volatile struct em_rx_desc *sc_rxd;
	volatile struct em_tx_desc *sc_txd;
	int		sc_rx_next;
	bool		sc_rx_discard;		/* inside a too-long frame */
	struct spinlock	sc_tx_spin;
	int		sc_tx_next, sc_tx_clean, sc_tx_busy;
	uint32_t	sc_tx_ctx;		/* context loaded, 0: none */
	volatile uint32_t sc_icr;		/* causes not yet serviced */
};

static __inline uint32_t
em_read(struct em_softc *sc, int reg)
{
	return (*(volatile uint32_t *)(sc->sc_regs + reg));
}

static __inline void
em_write(struct em_softc *sc, int reg, uint32_t v)
{
	*(volatile uint32_t *)(sc->sc_regs + reg) = v;
}

static const uint16_t em_devices[] = {
	0x100e,		/* 82540EM (QEMU e1000) */
	0x100f,		/* 82545EM copper */
	0x1015,		/* 82540EM LOM */
	0x1016,		/* 82540EP LOM */
	0x1017,		/* 82540EP */
	0x101e,		/* 82540EP LP */
};

static int
em_probe(struct pci_dev *pd)
{
	size_t i;

	if (pd->pd_vendor != 0x8086)
		return (ENXIO);
	for (i = 0; i < nitems(em_devices); i++)
		if (pd->pd_device == em_devices[i])
			return (0);
	return (ENXIO);
}

static void
em_intr(void *arg)
{
	struct em_softc *sc = arg;
	uint32_t icr;

	icr = em_read(sc, E1000_ICR);		/* read-to-clear */
	if (icr == 0 || icr == 0xffffffff)
		return;
	em_write(sc, E1000_IMC, 0xffffffff);
	atomic_set_int(&sc->sc_icr, icr);
	nic_intr_schedule(&sc->sc_nic);
}

/* One EEPROM word through EERD, or -1 when the read never completes. */
static int
em_eeprom_read(struct em_softc *sc, int word)
{
	uint32_t v;
	int i;

	em_write(sc, E1000_EERD, ((uint32_t)word << E1000_EERD_ADDR_SHIFT) |
	    E1000_EERD_START);
	for (i = 0; i < 100000; i++) {
		v = em_read(sc, E1000_EERD);
		if (v & E1000_EERD_DONE)
			return (v >> E1000_EERD_DATA_SHIFT);
		cpu_pause();
	}
	return (-1);
}

static void
em_update_link(struct em_softc *sc)
{
	nic_link_change(&sc->sc_nic, (em_read(sc, E1000_STATUS) &
	    E1000_STATUS_LU) ? LINK_STATE_UP : LINK_STATE_DOWN);
}

/* Clear-on-read statistics into the ifnet counters. */
static void
em_stats(struct em_softc *sc)
{
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	uint64_t ierr;

	ierr = em_read(sc, E1000_CRCERRS) + em_read(sc, E1000_ALGNERRC) +
	    em_read(sc, E1000_RXERRC) + em_read(sc, E1000_RLEC);
	if (ierr != 0)
		IFNET_STAT_INC(ifp, ierrors, ierr);
	ierr = em_read(sc, E1000_MPC);
	if (ierr != 0)
		IFNET_STAT_INC(ifp, iqdrops, ierr);
	ierr = em_read(sc, E1000_COLC);
	if (ierr != 0)
		IFNET_STAT_INC(ifp, collisions, ierr);
}

static void
em_rxeof(struct em_softc *sc)
{
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	volatile struct em_rx_desc *d;
	struct mbuf *m;
	uint8_t *buf;
	uint16_t len;
	uint8_t st, err;
	int last = -1;

	for (;;) {
		d = &sc->sc_rxd[sc->sc_rx_next];
		st = d->status;
		if ((st & E1000_RXD_STAT_DD) == 0)
			break;
		cpu_lfence();
		len = d->length;
		err = d->errors;
		buf = (uint8_t *)sc->sc_rxbuf.nd_va +
		    (size_t)sc->sc_rx_next * EM_BUFSZ;
		m = NULL;
		if ((st & E1000_RXD_STAT_EOP) == 0) {
			/* Longer than a buffer: drop through its EOP. */
			if (!sc->sc_rx_discard) {
				sc->sc_nic.nic_rx_toolong++;
				IFNET_STAT_INC(ifp, ierrors, 1);
			}
			sc->sc_rx_discard = true;
		} else if (sc->sc_rx_discard) {
			sc->sc_rx_discard = false;
		} else if ((ifp->if_flags & IFF_RUNNING) == 0) {
			/* Receiving, but the interface is down: recycle. */
		} else if (err & E1000_RXD_ERR_FRAME) {
			sc->sc_nic.nic_rx_errbits++;
			IFNET_STAT_INC(ifp, ierrors, 1);
		} else if (len < ETHER_HDR_LEN || len > EM_MAXFRAME) {
			if (len < ETHER_HDR_LEN)
				sc->sc_nic.nic_rx_runt++;
			else
				sc->sc_nic.nic_rx_toolong++;
			IFNET_STAT_INC(ifp, ierrors, 1);
		} else {
			m = m_devget(buf, len, EM_RX_ALIGN, ifp);
			if (m == NULL)
				IFNET_STAT_INC(ifp, iqdrops, 1);
		}
		if (m != NULL && (ifp->if_capenable & IFCAP_RXCSUM) &&
		    (st & E1000_RXD_STAT_IXSM) == 0) {
			if ((st & E1000_RXD_STAT_IPCS) &&
			    (err & E1000_RXD_ERR_IPE) == 0)
				m->m_pkthdr.csum_flags |= CSUM_IP_CHECKED |
				    CSUM_IP_VALID;
			if ((st & E1000_RXD_STAT_TCPCS) &&
			    (err & E1000_RXD_ERR_TCPE) == 0) {
				m->m_pkthdr.csum_flags |= CSUM_DATA_VALID |
				    CSUM_PSEUDO_HDR;
				m->m_pkthdr.csum_data = 0xffff;
			}
			/*
			 * A bad sum is counted and left unflagged: the stack
			 * checks the frame itself, counts and drops it.
			 */
			if (err & (E1000_RXD_ERR_IPE | E1000_RXD_ERR_TCPE))
				sc->sc_nic.nic_rx_badcsum++;
			else if (m->m_pkthdr.csum_flags != 0)
				sc->sc_nic.nic_rx_csum++;
		}
		/* Give the descriptor back before handing the frame up. */
		d->status = 0;
		d->addr = sc->sc_rxbuf.nd_pa + (vm_paddr_t)sc->sc_rx_next *
		    EM_BUFSZ;
		last = sc->sc_rx_next;
		sc->sc_rx_next = (sc->sc_rx_next + 1) % EM_NDESC;
		if (m != NULL)
			nic_input(&sc->sc_nic, m);
	}
	if (last >= 0) {
		cpu_sfence();
		em_write(sc, E1000_RDT, last);
	}
}

/*
 * The checksum work the stack left for frame buf (csum_flags from its
 * mbuf): an IPv4 header, then TCP or UDP, both inside the frame.  Fills
 * the context the frame needs and returns the data descriptor's POPTS,
 * or 0 when nothing is to be offloaded.  A request that cannot be met
 * (not IPv4, truncated) is finished in software by em_sw_csum().
 */
static int
em_csum_ctx(const uint8_t *buf, int len, int flags, struct em_ctx_desc *c)
{
	int hl, tcp, popts = 0;

	if ((flags & (CSUM_IP | CSUM_TCP | CSUM_UDP)) == 0)
		return (0);
	if (len < ETHER_HDR_LEN + 20 || buf[12] != 0x08 || buf[13] != 0x00 ||
	    (buf[ETHER_HDR_LEN] >> 4) != 4)
		return (-1);
	hl = (buf[ETHER_HDR_LEN] & 0xf) * 4;
	tcp = (flags & CSUM_TCP) != 0;
	if (hl < 20 || ETHER_HDR_LEN + hl + (tcp ? 18 : 8) > len)
		return (-1);
	memset(c, 0, sizeof(*c));
	c->ipcss = ETHER_HDR_LEN;
	c->ipcso = ETHER_HDR_LEN + 10;		/* ip_sum */
	c->ipcse = ETHER_HDR_LEN + hl - 1;
	c->tucss = ETHER_HDR_LEN + hl;
	c->tucso = ETHER_HDR_LEN + hl + (tcp ? 16 : 6);	/* th_sum, uh_sum */
	c->tucse = 0;				/* to the end of the frame */
	c->cmdlen = E1000_TXD_DTYP_C | E1000_TXD_DCMD_DEXT |
	    E1000_TXD_DCMD_RS | E1000_TXC_TUCMD_IP |
	    (tcp ? E1000_TXC_TUCMD_TCP : 0);
	if (flags & CSUM_IP)
		popts |= E1000_TXD_POPTS_IXSM;
	if (flags & (CSUM_TCP | CSUM_UDP))
		popts |= E1000_TXD_POPTS_TXSM;
	return (popts);
}

/* Store the complemented sum of f[start, end) at f[at] (pre-seeded). */
static void
em_sw_sum(uint8_t *f, int start, int end, int at, bool udp)
{
	uint32_t sum = 0;
	uint16_t c;
	int i;

	for (i = start; i + 1 < end; i += 2)
		sum += (uint32_t)f[i] << 8 | f[i + 1];
	if (i < end)
		sum += (uint32_t)f[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = ~sum;
	if (c == 0 && udp)
		c = 0xffff;
	f[at] = c >> 8;
	f[at + 1] = c & 0xff;
}

/*
 * The fallback when the frame cannot be described by a context: the
 * same sums in software, where the frame makes that possible at all.
 */
static void
em_sw_csum(uint8_t *f, int len, int flags)
{
	int hl, at;

	if (len < ETHER_HDR_LEN + 20 || f[12] != 0x08 || f[13] != 0x00)
		return;
	hl = (f[ETHER_HDR_LEN] & 0xf) * 4;
	if (hl < 20 || ETHER_HDR_LEN + hl > len)
		return;
	if (flags & CSUM_IP) {
		f[ETHER_HDR_LEN + 10] = f[ETHER_HDR_LEN + 11] = 0;
		em_sw_sum(f, ETHER_HDR_LEN, ETHER_HDR_LEN + hl,
		    ETHER_HDR_LEN + 10, false);
	}
	at = ETHER_HDR_LEN + hl + ((flags & CSUM_TCP) ? 16 : 6);
	if ((flags & (CSUM_TCP | CSUM_UDP)) && at + 2 <= len)
		em_sw_sum(f, ETHER_HDR_LEN + hl, len, at,
		    (flags & CSUM_UDP) != 0);
}

/*
 * Transmit: frames without checksum work take one legacy descriptor;
 * frames with CSUM_IP/CSUM_TCP/CSUM_UDP take an extended data
 * descriptor with POPTS IXSM/TXSM, preceded by a context descriptor
 * when the context differs from the one the hardware holds (the
 * offsets depend only on the IP header length and the protocol, so a
 * stream of TCP segments needs one context).  Every descriptor asks
 * for status (RS) so that em_txeof() can reclaim in order.
 */
static void
em_start(struct ifnet *ifp)
{
	struct em_softc *sc = ifp->if_softc;
	volatile struct em_tx_desc *d;
	volatile struct em_data_desc *dd;
	volatile struct em_ctx_desc *cd;
	struct em_ctx_desc ctx;
	struct mbuf *m;
	uint8_t *buf;
	int len, n = 0, popts, need;
	uint32_t key;

	if ((ifp->if_flags & IFF_RUNNING) == 0)
		return;
	spin_lock(&sc->sc_tx_spin);
	/* One descriptor stays empty so that a full ring is not empty. */
	while (sc->sc_tx_busy < EM_NDESC - 1) {
		IF_DEQUEUE(&ifp->if_snd, m);
		if (m == NULL)
			break;
		len = m->m_pkthdr.len;
		if (len < ETHER_HDR_LEN || len > EM_BUFSZ) {
			IFNET_STAT_INC(ifp, oerrors, 1);
			m_freem(m);
			continue;
		}
		popts = 0;
		need = 1;
		key = 0;
		if (m->m_pkthdr.csum_flags & (CSUM_IP | CSUM_TCP | CSUM_UDP)) {
			/* The headers sit in the first bytes of the frame. */
			uint8_t hdr[ETHER_HDR_LEN + 60 + 18];
			int hlen = MIN(len, (int)sizeof(hdr));

			m_copydata(m, 0, hlen, hdr);
			popts = em_csum_ctx(hdr, len, m->m_pkthdr.csum_flags,
			    &ctx);
			if (popts > 0) {
				key = (uint32_t)ctx.ipcse << 16 |
				    (uint32_t)ctx.tucso << 8 |
				    ((ctx.cmdlen & E1000_TXC_TUCMD_TCP) ? 1 : 0) |
				    0x80;
				if (key != sc->sc_tx_ctx)
					need = 2;
			}
		}
		if (sc->sc_tx_busy + need > EM_NDESC - 1) {
			IF_PREPEND(&ifp->if_snd, m);
			break;
		}
		if (need == 2) {
			cd = (volatile struct em_ctx_desc *)
			    &sc->sc_txd[sc->sc_tx_next];
			cd->ipcss = ctx.ipcss;
			cd->ipcso = ctx.ipcso;
			cd->ipcse = ctx.ipcse;
			cd->tucss = ctx.tucss;
			cd->tucso = ctx.tucso;
			cd->tucse = ctx.tucse;
			cd->cmdlen = ctx.cmdlen;
			cd->status = 0;
			cd->hdrlen = 0;
			cd->mss = 0;
			sc->sc_tx_ctx = key;
			sc->sc_tx_next = (sc->sc_tx_next + 1) % EM_NDESC;
			sc->sc_tx_busy++;
		}
		buf = (uint8_t *)sc->sc_txbuf.nd_va +
		    (size_t)sc->sc_tx_next * EM_BUFSZ;
		m_copydata(m, 0, len, buf);
		if (popts < 0)
			em_sw_csum(buf, len, m->m_pkthdr.csum_flags);
		d = &sc->sc_txd[sc->sc_tx_next];
		if (popts > 0) {
			dd = (volatile struct em_data_desc *)d;
			dd->addr = sc->sc_txbuf.nd_pa +
			    (vm_paddr_t)sc->sc_tx_next * EM_BUFSZ;
			dd->cmdlen = (uint32_t)len | E1000_TXD_DTYP_D |
			    E1000_TXD_DCMD_DEXT | E1000_TXD_DCMD_EOP |
			    E1000_TXD_DCMD_IFCS | E1000_TXD_DCMD_RS;
			dd->status = 0;
			dd->popts = (uint8_t)popts;
			dd->special = 0;
			sc->sc_nic.nic_tx_csum++;
		} else {
			d->addr = sc->sc_txbuf.nd_pa +
			    (vm_paddr_t)sc->sc_tx_next * EM_BUFSZ;
			d->length = len;
			d->cso = 0;
			d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS |
			    E1000_TXD_CMD_RS;
			d->status = 0;
			d->css = 0;
			d->special = 0;
		}
		sc->sc_tx_next = (sc->sc_tx_next + 1) % EM_NDESC;
		sc->sc_tx_busy++;
		IFNET_STAT_INC(ifp, opackets, 1);
		IFNET_STAT_INC(ifp, obytes, len);
		if (ETHER_IS_MULTICAST(buf))
			IFNET_STAT_INC(ifp, omcasts, 1);
		m_freem(m);
		n++;
	}
	if (sc->sc_tx_busy >= EM_NDESC - 2 && IF_QLEN(&ifp->if_snd) > 0)
		atomic_set_int(&ifp->if_flags, IFF_OACTIVE);
	if (n > 0) {
		cpu_sfence();
		em_write(sc, E1000_TDT, sc->sc_tx_next);
	}
	spin_unlock(&sc->sc_tx_spin);
}

static void
em_txeof(struct em_softc *sc)
{
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	volatile struct em_tx_desc *d;
	int n = 0;

	spin_lock(&sc->sc_tx_spin);
	while (sc->sc_tx_busy > 0) {
		d = &sc->sc_txd[sc->sc_tx_clean];
		if ((d->status & E1000_TXD_STAT_DD) == 0)
			break;
		d->status = 0;
		sc->sc_tx_clean = (sc->sc_tx_clean + 1) % EM_NDESC;
		sc->sc_tx_busy--;
		n++;
	}
	spin_unlock(&sc->sc_tx_spin);
	if (n > 0 && (ifp->if_flags & IFF_OACTIVE)) {
		atomic_clear_int(&ifp->if_flags, IFF_OACTIVE);
		em_start(ifp);
	}
}

static void
em_service(struct nic *n)
{
	struct em_softc *sc = n->nic_sc;
	uint32_t icr;

	icr = atomic_swap_int(&sc->sc_icr, 0);
	(void)icr;			/* every source is looked at anyway */
	em_update_link(sc);
	em_rxeof(sc);
	em_txeof(sc);
	em_stats(sc);
	if (IF_QLEN(&NIC_IFP(n)->if_snd) > 0)
		em_start(NIC_IFP(n));
	em_write(sc, E1000_IMS, EM_INTRS);
}

static void
em_init(void *arg)
{
	struct em_softc *sc = arg;
	struct ifnet *ifp = NIC_IFP(&sc->sc_nic);
	uint32_t rxcsum;

	rxcsum = em_read(sc, E1000_RXCSUM);
	if (ifp->if_capenable & IFCAP_RXCSUM)
		rxcsum |= E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL;
	else
		rxcsum &= ~(E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL);
	em_write(sc, E1000_RXCSUM, rxcsum);
	/* Load a context before the next offloaded frame, whatever it is. */
	spin_lock(&sc->sc_tx_spin);
	sc->sc_tx_ctx = 0;
	spin_unlock(&sc->sc_tx_spin);
	/*
	 * QEMU's e1000 holds received frames back for a second after every
	 * RCTL write (a flush-queue timer), so RCTL is written at attach
	 * and here only when it must change.
	 */
	if (em_read(sc, E1000_RCTL) != EM_RCTL)
		em_write(sc, E1000_RCTL, EM_RCTL);
	em_write(sc, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	    (0x10 << E1000_TCTL_CT_SHIFT) | (0x40 << E1000_TCTL_COLD_SHIFT));
	atomic_set_int(&ifp->if_flags, IFF_RUNNING);
	atomic_clear_int(&ifp->if_flags, IFF_OACTIVE);
	nic_kick(&sc->sc_nic);
}

static void
em_stop(struct nic *n)
{
	struct em_softc *sc = n->nic_sc;

	em_write(sc, E1000_RCTL, 0);
	atomic_clear_int(&NIC_IFP(n)->if_flags, IFF_RUNNING | IFF_OACTIVE);
}

static int
em_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct em_softc *sc = ifp->if_softc;
	int error;

	error = nic_ioctl(&sc->sc_nic, cmd, data, ETHERMTU, em_init, em_stop);
	if (error == 0 && (ifp->if_flags & IFF_RUNNING))
		em_init(sc);		/* RXCSUM may have changed */
	return (error);
}

static int
em_attach(struct pci_dev *pd, int unit)
{
	struct em_softc *sc;
	struct ifnet *ifp;
	uint8_t mac[ETHER_ADDR_LEN];
	uint32_t ral, rah;
	int i, w, mode, error;

	sc = kmalloc(sizeof(*sc), M_EM, M_WAITOK | M_ZERO);
	sc->sc_pd = pd;
	sc->sc_nic.nic_sc = sc;
	spin_init(&sc->sc_tx_spin, "em_tx");
	spin_init(&sc->sc_nic.nic_intr_spin, "nicintr");
	if ((sc->sc_regs = pci_bar_va(pd, 0)) == NULL ||
	    pd->pd_bar[0].size < 0x10000) {
		kprintf("em%d: no register BAR\n", unit);
		error = ENXIO;
		goto fail;
	}
	pci_enable_busmaster(pd);

	/* Reset, with interrupts masked before and after. */
	em_write(sc, E1000_IMC, 0xffffffff);
	em_write(sc, E1000_CTRL, em_read(sc, E1000_CTRL) | E1000_CTRL_RST);
	for (i = 0; i < 100000 && (em_read(sc, E1000_CTRL) & E1000_CTRL_RST);
	    i++)
		cpu_pause();
	em_write(sc, E1000_IMC, 0xffffffff);
	(void)em_read(sc, E1000_ICR);

	/* The MAC from the EEPROM, else what the receive address holds. */
	for (i = 0; i < 3; i++) {
		if ((w = em_eeprom_read(sc, i)) < 0)
			break;
		mac[2 * i] = w & 0xff;
		mac[2 * i + 1] = w >> 8;
	}
	if (i < 3) {
		ral = em_read(sc, E1000_RAL(0));
		rah = em_read(sc, E1000_RAH(0));
		for (i = 0; i < 4; i++)
			mac[i] = ral >> (8 * i);
		mac[4] = rah & 0xff;
		mac[5] = (rah >> 8) & 0xff;
	}
	if ((mac[0] & 1) || (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
	    mac[5]) == 0) {
		kprintf("em%d: no valid Ethernet address\n", unit);
		error = ENXIO;
		goto fail;
	}
	em_write(sc, E1000_RAL(0), mac[0] | mac[1] << 8 | mac[2] << 16 |
	    (uint32_t)mac[3] << 24);
	em_write(sc, E1000_RAH(0), mac[4] | mac[5] << 8 | E1000_RAH_AV);
	for (i = 0; i < 128; i++)
		em_write(sc, E1000_MTA + 4 * i, 0);

	if ((error = nic_dma_alloc(&sc->sc_rxring,
	    EM_NDESC * sizeof(struct em_rx_desc))) != 0 ||
	    (error = nic_dma_alloc(&sc->sc_txring,
	    EM_NDESC * sizeof(struct em_tx_desc))) != 0 ||
	    (error = nic_dma_alloc(&sc->sc_rxbuf, EM_NDESC * EM_BUFSZ)) != 0 ||
	    (error = nic_dma_alloc(&sc->sc_txbuf, EM_NDESC * EM_BUFSZ)) != 0)
		goto fail;
	sc->sc_rxd = sc->sc_rxring.nd_va;
	sc->sc_txd = sc->sc_txring.nd_va;
	for (i = 0; i < EM_NDESC; i++)
		sc->sc_rxd[i].addr = sc->sc_rxbuf.nd_pa +
		    (vm_paddr_t)i * EM_BUFSZ;
	em_write(sc, E1000_RDBAL, (uint32_t)sc->sc_rxring.nd_pa);
	em_write(sc, E1000_RDBAH, (uint32_t)(sc->sc_rxring.nd_pa >> 32));
	em_write(sc, E1000_RDLEN, EM_NDESC * sizeof(struct em_rx_desc));
	em_write(sc, E1000_RDH, 0);
	em_write(sc, E1000_RDT, EM_NDESC - 1);
	em_write(sc, E1000_RDTR, 0);
	em_write(sc, E1000_TDBAL, (uint32_t)sc->sc_txring.nd_pa);
	em_write(sc, E1000_TDBAH, (uint32_t)(sc->sc_txring.nd_pa >> 32));
	em_write(sc, E1000_TDLEN, EM_NDESC * sizeof(struct em_tx_desc));
	em_write(sc, E1000_TDH, 0);
	em_write(sc, E1000_TDT, 0);
	em_write(sc, E1000_TIPG, 10 | (8 << 10) | (6 << 20));
	em_write(sc, E1000_CTRL, em_read(sc, E1000_CTRL) | E1000_CTRL_SLU |
	    E1000_CTRL_ASDE);
	em_write(sc, E1000_RCTL, EM_RCTL);

	ifp = NIC_IFP(&sc->sc_nic);
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	ifp->if_mtu = ETHERMTU;
	ifp->if_baudrate = 1000000000ULL;
	ifp->if_capabilities = IFCAP_RXCSUM | IFCAP_TXCSUM;
	ifp->if_capenable = IFCAP_RXCSUM | IFCAP_TXCSUM;
	ifp->if_hwassist = CSUM_IP | CSUM_TCP | CSUM_UDP;
	ifp->if_init = em_init;
	ifp->if_start = em_start;
	ifp->if_ioctl = em_ioctl;
	sc->sc_nic.nic_service = em_service;
	sc->sc_nic.nic_stop = em_stop;
	pd->pd_softc = sc;

	mode = pci_intr_establish(pd, em_intr, sc);
	if (mode < 0) {
		kprintf("em%d: no interrupt (pin %d, line %d): error %d\n",
		    unit, pd->pd_intpin, pd->pd_intline, -mode);
		error = -mode;
		goto fail;
	}
	kprintf("em%d: <Intel 8254x> at pci0:%d:%d:%d, %s irq %d\n", unit,
	    pd->pd_bus, pd->pd_slot, pd->pd_func,
	    mode == PCI_INTR_INTX ? "intx" : mode == PCI_INTR_MSI ? "msi" :
	    "msix", mode == PCI_INTR_INTX ? pd->pd_irq : -1);
	if ((error = nic_attach(&sc->sc_nic, "em", unit, mac)) != 0)
		return (error);
	em_write(sc, E1000_IMS, EM_INTRS);
	em_update_link(sc);
	return (0);
fail:
	nic_dma_free(&sc->sc_rxring);
	nic_dma_free(&sc->sc_txring);
	nic_dma_free(&sc->sc_rxbuf);
	nic_dma_free(&sc->sc_txbuf);
	pd->pd_softc = NULL;
	kfree(sc, M_EM);
	return (error);
}

static struct pci_driver em_driver = {
	.pdr_name = "em",
	.pdr_probe = em_probe,
	.pdr_attach = em_attach,
};

static void
em_register(void *arg)
{
	pci_driver_register(&em_driver);
}
SYSINIT(em_register, SI_SUB_DRIVERS, SI_ORDER_MIDDLE, em_register, NULL);
