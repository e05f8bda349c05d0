/*
 * The virtio 1.x PCI transport ("modern" devices, and the modern
 * interface of transitional ones): the vendor-specific capabilities name
 * the BAR regions of the common configuration, the notification area,
 * the ISR byte and the device configuration.  One MSI-X vector (entry 0)
 * serves the configuration changes and every queue when the port can
 * deliver MSI-X (amd64); otherwise INTx, whose ISR byte is read (and so
 * acknowledged) by the handler to learn whether the device asserted.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <machine/cpufunc.h>
#include <dev/pci/pcivar.h>
#include <dev/virtual/virtio/virtiovar.h>

MALLOC_DECLARE(M_VIRTIO);

struct vtpci {
	struct pci_dev	*vp_pd;
	volatile uint8_t *vp_common;
	volatile uint8_t *vp_notify;
	uint32_t	vp_notify_mult;
	uint32_t	vp_notify_len;
	volatile uint8_t *vp_isr;
	volatile uint8_t *vp_devcfg;
	uint32_t	vp_devcfg_len;
	struct virtio_softc vp_vs;
	char		vp_where[24];
	void		(*vp_handler)(void *);
	void		*vp_arg;
};

#define C8(p, o)	(*(volatile uint8_t *)((p)->vp_common + (o)))
#define C16(p, o)	(*(volatile uint16_t *)((p)->vp_common + (o)))
#define C32(p, o)	(*(volatile uint32_t *)((p)->vp_common + (o)))

static uint8_t
vtpci_get_status(struct virtio_softc *vs)
{
	return (C8((struct vtpci *)vs->vs_tsc, VIRTIO_PCI_COMMON_STATUS));
}

static void
vtpci_set_status(struct virtio_softc *vs, uint8_t st)
{
	struct vtpci *p = vs->vs_tsc;
	int i;

	C8(p, VIRTIO_PCI_COMMON_STATUS) = st;
	cpu_mfence();
	/* A reset completes when the status reads back 0. */
	for (i = 0; st == 0 && i < 100000 &&
	    C8(p, VIRTIO_PCI_COMMON_STATUS) != 0; i++)
		cpu_pause();
}

static uint64_t
vtpci_get_features(struct virtio_softc *vs)
{
	struct vtpci *p = vs->vs_tsc;
	uint64_t f;

	C32(p, VIRTIO_PCI_COMMON_DFSELECT) = 0;
	cpu_mfence();
	f = C32(p, VIRTIO_PCI_COMMON_DF);
	C32(p, VIRTIO_PCI_COMMON_DFSELECT) = 1;
	cpu_mfence();
	f |= (uint64_t)C32(p, VIRTIO_PCI_COMMON_DF) << 32;
	return (f);
}

static void
vtpci_set_features(struct virtio_softc *vs, uint64_t f)
{
	struct vtpci *p = vs->vs_tsc;

	C32(p, VIRTIO_PCI_COMMON_GFSELECT) = 0;
	cpu_mfence();
	C32(p, VIRTIO_PCI_COMMON_GF) = (uint32_t)f;
	C32(p, VIRTIO_PCI_COMMON_GFSELECT) = 1;
	cpu_mfence();
	C32(p, VIRTIO_PCI_COMMON_GF) = (uint32_t)(f >> 32);
}

static uint16_t
vtpci_queue_max(struct virtio_softc *vs, int idx)
{
	struct vtpci *p = vs->vs_tsc;

	if (idx >= C16(p, VIRTIO_PCI_COMMON_NUMQ))
		return (0);
	C16(p, VIRTIO_PCI_COMMON_Q_SELECT) = idx;
	cpu_mfence();
	return (C16(p, VIRTIO_PCI_COMMON_Q_SIZE));
}

static int
vtpci_queue_setup(struct virtio_softc *vs, struct virtqueue *vq)
{
	struct vtpci *p = vs->vs_tsc;
	uint32_t off;

	C16(p, VIRTIO_PCI_COMMON_Q_SELECT) = vq->vq_index;
	cpu_mfence();
	C16(p, VIRTIO_PCI_COMMON_Q_SIZE) = vq->vq_size;
	C32(p, VIRTIO_PCI_COMMON_Q_DESCLO) = (uint32_t)vq->vq_desc_pa;
	C32(p, VIRTIO_PCI_COMMON_Q_DESCHI) = (uint32_t)(vq->vq_desc_pa >> 32);
	C32(p, VIRTIO_PCI_COMMON_Q_AVAILLO) = (uint32_t)vq->vq_avail_pa;
	C32(p, VIRTIO_PCI_COMMON_Q_AVAILHI) =
	    (uint32_t)(vq->vq_avail_pa >> 32);
	C32(p, VIRTIO_PCI_COMMON_Q_USEDLO) = (uint32_t)vq->vq_used_pa;
	C32(p, VIRTIO_PCI_COMMON_Q_USEDHI) = (uint32_t)(vq->vq_used_pa >> 32);
	if (vs->vs_intr_msix) {
		C16(p, VIRTIO_PCI_COMMON_Q_MSIX) = 0;
		cpu_mfence();
		if (C16(p, VIRTIO_PCI_COMMON_Q_MSIX) != 0)
			return (EIO);	/* the device refused the vector */
	}
	off = (uint32_t)C16(p, VIRTIO_PCI_COMMON_Q_NOFF) * p->vp_notify_mult;
	if (off + 2 > p->vp_notify_len)
		return (EIO);
	vq->vq_notify = p->vp_notify + off;
	cpu_mfence();
	C16(p, VIRTIO_PCI_COMMON_Q_ENABLE) = 1;
	cpu_mfence();
	return (0);
}

static void
vtpci_notify(struct virtio_softc *vs, struct virtqueue *vq)
{
	*(volatile uint16_t *)vq->vq_notify = vq->vq_index;
}

static uint32_t
vtpci_config_read(struct virtio_softc *vs, int off, int width)
{
	struct vtpci *p = vs->vs_tsc;

	if (p->vp_devcfg == NULL || off < 0 ||
	    (uint32_t)(off + width) > p->vp_devcfg_len)
		return (0);
	switch (width) {
	case 1:
		return (*(volatile uint8_t *)(p->vp_devcfg + off));
	case 2:
		return (*(volatile uint16_t *)(p->vp_devcfg + off));
	default:
		return (*(volatile uint32_t *)(p->vp_devcfg + off));
	}
}

static uint8_t
vtpci_config_gen(struct virtio_softc *vs)
{
	return (C8((struct vtpci *)vs->vs_tsc,
	    VIRTIO_PCI_COMMON_CFGGENERATION));
}

/* ISR bit 0: a queue, bit 1: configuration.  Reading clears it. */
static uint32_t
vtpci_intr_ack(struct virtio_softc *vs)
{
	struct vtpci *p = vs->vs_tsc;

	if (vs->vs_intr_msix)
		return (3);		/* no ISR with MSI-X: look at all */
	return (*p->vp_isr & 3);
}

static int
vtpci_intr_setup(struct virtio_softc *vs, void (*handler)(void *),
    void *arg, int nqueues)
{
	struct vtpci *p = vs->vs_tsc;
	int mode;

	mode = pci_intr_establish(p->vp_pd, handler, arg);
	if (mode < 0)
		return (-mode);
	if (mode == PCI_INTR_MSIX) {
		C16(p, VIRTIO_PCI_COMMON_MSIX) = 0;
		cpu_mfence();
		if (C16(p, VIRTIO_PCI_COMMON_MSIX) != 0)
			return (EIO);
		vs->vs_intr_msix = 1;
	}
	return (0);
}

static const struct virtio_ops vtpci_ops = {
	.vo_get_status = vtpci_get_status,
	.vo_set_status = vtpci_set_status,
	.vo_get_features = vtpci_get_features,
	.vo_set_features = vtpci_set_features,
	.vo_queue_max = vtpci_queue_max,
	.vo_queue_setup = vtpci_queue_setup,
	.vo_notify = vtpci_notify,
	.vo_config_read = vtpci_config_read,
	.vo_config_gen = vtpci_config_gen,
	.vo_intr_ack = vtpci_intr_ack,
	.vo_intr_setup = vtpci_intr_setup,
};

static int
vtpci_probe(struct pci_dev *pd)
{
	if (pd->pd_vendor != VIRTIO_PCI_VENDOR || pd->pd_device < 0x1000 ||
	    pd->pd_device > 0x107f)
		return (ENXIO);
	return (0);
}

/* The region a capability names, mapped, if it lies inside its BAR. */
static volatile uint8_t *
vtpci_cap_region(struct pci_dev *pd, int cap, uint32_t *lenp)
{
	volatile uint8_t *va;
	uint32_t off, len;
	int bar;

	bar = pci_read_config(pd, cap + VIRTIO_PCI_CAP_BAR, 1);
	off = pci_read_config(pd, cap + VIRTIO_PCI_CAP_OFFSET, 4);
	len = pci_read_config(pd, cap + VIRTIO_PCI_CAP_LENGTH, 4);
	if (bar >= PCI_NBARS_DEVICE || (va = pci_bar_va(pd, bar)) == NULL ||
	    (uint64_t)off + len > MIN(pd->pd_bar[bar].size, 16UL << 20))
		return (NULL);
	*lenp = len;
	return (va + off);
}

static int
vtpci_attach(struct pci_dev *pd, int unit)
{
	struct vtpci *p;
	uint32_t len = 0;
	int cap, type, error;

	p = kmalloc(sizeof(*p), M_VIRTIO, M_WAITOK | M_ZERO);
	p->vp_pd = pd;
	for (cap = pci_find_cap(pd, PCIY_VENDOR, 0); cap != 0;
	    cap = pci_find_cap(pd, PCIY_VENDOR, cap)) {
		type = pci_read_config(pd, cap + VIRTIO_PCI_CAP_CFG_TYPE, 1);
		switch (type) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			if (p->vp_common == NULL) {
				len = 0;
				p->vp_common = vtpci_cap_region(pd, cap, &len);
				if (len < 0x38)
					p->vp_common = NULL;
			}
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			if (p->vp_notify == NULL) {
				p->vp_notify = vtpci_cap_region(pd, cap,
				    &p->vp_notify_len);
				p->vp_notify_mult = pci_read_config(pd,
				    cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
			}
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			if (p->vp_isr == NULL)
				p->vp_isr = vtpci_cap_region(pd, cap, &len);
			break;
		case VIRTIO_PCI_CAP_DEVICE_CFG:
			if (p->vp_devcfg == NULL)
				p->vp_devcfg = vtpci_cap_region(pd, cap,
				    &p->vp_devcfg_len);
			break;
		}
	}
	if (p->vp_common == NULL || p->vp_notify == NULL || p->vp_isr == NULL) {
		kprintf("virtio_pci%d: no modern (1.x) interface\n", unit);
		kfree(p, M_VIRTIO);
		return (ENXIO);
	}
	pci_enable_busmaster(pd);
	ksnprintf(p->vp_where, sizeof(p->vp_where), "pci0:%d:%d:%d",
	    pd->pd_bus, pd->pd_slot, pd->pd_func);
	p->vp_vs.vs_ops = &vtpci_ops;
	p->vp_vs.vs_tsc = p;
	p->vp_vs.vs_where = p->vp_where;
	p->vp_vs.vs_devtype = pd->pd_device >= 0x1040 ?
	    pd->pd_device - 0x1040 : pd->pd_subdevice;
	pd->pd_softc = p;
	error = virtio_attach_device(&p->vp_vs, pd->pd_name,
	    sizeof(pd->pd_name));
	if (error != 0) {
		/* No driver for this type: leave it listed, unclaimed. */
		pd->pd_softc = NULL;
		kfree(p, M_VIRTIO);
	}
	return (error);
}

static struct pci_driver vtpci_driver = {
	.pdr_name = "virtio_pci",
	.pdr_probe = vtpci_probe,
	.pdr_attach = vtpci_attach,
};

static void
vtpci_register(void *arg)
{
	pci_driver_register(&vtpci_driver);
}
SYSINIT(vtpci_register, SI_SUB_DRIVERS, SI_ORDER_MIDDLE, vtpci_register,
    NULL);
