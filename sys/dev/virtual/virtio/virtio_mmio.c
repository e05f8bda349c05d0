/*
 * The virtio-mmio transport, version 2 (the 1.x register layout), for
 * the transports the FDT lists on aarch64 (QEMU virt has 32 of them,
 * most with no device behind: DeviceID 0).  Found devices are handed to
 * the driver of their type; each interrupt is a GIC SPI of its own, and
 * the handler acknowledges InterruptStatus into InterruptACK.
 * Version 1 (legacy) transports are not driven: QEMU needs
 * -global virtio-mmio.force-legacy=false to present version 2.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>
#include <dev/virtual/virtio/virtiovar.h>

MALLOC_DECLARE(M_VIRTIO);

struct vtmmio {
	volatile uint8_t *vm_regs;
	vm_paddr_t	vm_pa;
	size_t		vm_size;
	int		vm_irq;
	struct virtio_softc vm_vs;
	char		vm_where[24];
	char		vm_name[16];
};

#define R32(m, o)	(*(volatile uint32_t *)((m)->vm_regs + (o)))

static uint8_t
vtmmio_get_status(struct virtio_softc *vs)
{
	return (R32((struct vtmmio *)vs->vs_tsc, VIRTIO_MMIO_STATUS) & 0xff);
}

static void
vtmmio_set_status(struct virtio_softc *vs, uint8_t st)
{
	struct vtmmio *m = vs->vs_tsc;
	int i;

	R32(m, VIRTIO_MMIO_STATUS) = st;
	cpu_mfence();
	for (i = 0; st == 0 && i < 100000 && R32(m, VIRTIO_MMIO_STATUS) != 0;
	    i++)
		cpu_pause();
}

static uint64_t
vtmmio_get_features(struct virtio_softc *vs)
{
	struct vtmmio *m = vs->vs_tsc;
	uint64_t f;

	R32(m, VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 0;
	cpu_mfence();
	f = R32(m, VIRTIO_MMIO_DEVICE_FEATURES);
	R32(m, VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 1;
	cpu_mfence();
	f |= (uint64_t)R32(m, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	return (f);
}

static void
vtmmio_set_features(struct virtio_softc *vs, uint64_t f)
{
	struct vtmmio *m = vs->vs_tsc;

	R32(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
	cpu_mfence();
	R32(m, VIRTIO_MMIO_DRIVER_FEATURES) = (uint32_t)f;
	R32(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
	cpu_mfence();
	R32(m, VIRTIO_MMIO_DRIVER_FEATURES) = (uint32_t)(f >> 32);
}

static uint16_t
vtmmio_queue_max(struct virtio_softc *vs, int idx)
{
	struct vtmmio *m = vs->vs_tsc;
	uint32_t n;

	R32(m, VIRTIO_MMIO_QUEUE_SEL) = idx;
	cpu_mfence();
	if (R32(m, VIRTIO_MMIO_QUEUE_READY) != 0)
		return (0);		/* in use: not ours to set up */
	n = R32(m, VIRTIO_MMIO_QUEUE_NUM_MAX);
	return (n > 32768 ? 32768 : n);
}

static int
vtmmio_queue_setup(struct virtio_softc *vs, struct virtqueue *vq)
{
	struct vtmmio *m = vs->vs_tsc;

	R32(m, VIRTIO_MMIO_QUEUE_SEL) = vq->vq_index;
	cpu_mfence();
	R32(m, VIRTIO_MMIO_QUEUE_NUM) = vq->vq_size;
	R32(m, VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint32_t)vq->vq_desc_pa;
	R32(m, VIRTIO_MMIO_QUEUE_DESC_HIGH) = (uint32_t)(vq->vq_desc_pa >> 32);
	R32(m, VIRTIO_MMIO_QUEUE_AVAIL_LOW) = (uint32_t)vq->vq_avail_pa;
	R32(m, VIRTIO_MMIO_QUEUE_AVAIL_HIGH) =
	    (uint32_t)(vq->vq_avail_pa >> 32);
	R32(m, VIRTIO_MMIO_QUEUE_USED_LOW) = (uint32_t)vq->vq_used_pa;
	R32(m, VIRTIO_MMIO_QUEUE_USED_HIGH) = (uint32_t)(vq->vq_used_pa >> 32);
	cpu_mfence();
	R32(m, VIRTIO_MMIO_QUEUE_READY) = 1;
	cpu_mfence();
	return (0);
}

static void
vtmmio_notify(struct virtio_softc *vs, struct virtqueue *vq)
{
	R32((struct vtmmio *)vs->vs_tsc, VIRTIO_MMIO_QUEUE_NOTIFY) =
	    vq->vq_index;
}

static uint32_t
vtmmio_config_read(struct virtio_softc *vs, int off, int width)
{
	struct vtmmio *m = vs->vs_tsc;
	volatile uint8_t *p;

	if (off < 0 || VIRTIO_MMIO_CONFIG + (size_t)off + width > m->vm_size)
		return (0);
	p = m->vm_regs + VIRTIO_MMIO_CONFIG + off;
	switch (width) {
	case 1:
		return (*(volatile uint8_t *)p);
	case 2:
		return (*(volatile uint16_t *)p);
	default:
		return (*(volatile uint32_t *)p);
	}
}

static uint8_t
vtmmio_config_gen(struct virtio_softc *vs)
{
	return (R32((struct vtmmio *)vs->vs_tsc,
	    VIRTIO_MMIO_CONFIG_GENERATION) & 0xff);
}

static uint32_t
vtmmio_intr_ack(struct virtio_softc *vs)
{
	struct vtmmio *m = vs->vs_tsc;
	uint32_t st;

	st = R32(m, VIRTIO_MMIO_INTERRUPT_STATUS) & 3;
	if (st != 0)
		R32(m, VIRTIO_MMIO_INTERRUPT_ACK) = st;
	return (st);
}

static int
vtmmio_intr_setup(struct virtio_softc *vs, void (*handler)(void *),
    void *arg, int nqueues)
{
	struct vtmmio *m = vs->vs_tsc;

	if (m->vm_irq < 32)
		return (ENXIO);
	return (intr_establish(m->vm_irq, handler, arg));
}

static const struct virtio_ops vtmmio_ops = {
	.vo_get_status = vtmmio_get_status,
	.vo_set_status = vtmmio_set_status,
	.vo_get_features = vtmmio_get_features,
	.vo_set_features = vtmmio_set_features,
	.vo_queue_max = vtmmio_queue_max,
	.vo_queue_setup = vtmmio_queue_setup,
	.vo_notify = vtmmio_notify,
	.vo_config_read = vtmmio_config_read,
	.vo_config_gen = vtmmio_config_gen,
	.vo_intr_ack = vtmmio_intr_ack,
	.vo_intr_setup = vtmmio_intr_setup,
};

static void
vtmmio_configure(void *arg)
{
	struct vtmmio *m;
	volatile uint8_t *regs;
	uint32_t magic, ver, id;
	int i;

	for (i = 0; i < platform.nvirtio; i++) {
		if (platform.virtio[i].size < 0x100)
			continue;
		regs = pmap_mapdev(platform.virtio[i].pa,
		    platform.virtio[i].size);
		if (regs == NULL)
			continue;
		magic = *(volatile uint32_t *)(regs + VIRTIO_MMIO_MAGIC_VALUE);
		ver = *(volatile uint32_t *)(regs + VIRTIO_MMIO_VERSION);
		id = *(volatile uint32_t *)(regs + VIRTIO_MMIO_DEVICE_ID);
		if (magic != VIRTIO_MMIO_MAGIC || id == 0)
			continue;	/* (the small mapping stays unused) */
		if (ver != 2) {
			kprintf("virtio_mmio@%lx: version %u (legacy) not "
			    "supported\n", (u_long)platform.virtio[i].pa, ver);
			continue;
		}
		m = kmalloc(sizeof(*m), M_VIRTIO, M_WAITOK | M_ZERO);
		m->vm_regs = regs;
		m->vm_pa = platform.virtio[i].pa;
		m->vm_size = platform.virtio[i].size;
		m->vm_irq = platform.virtio[i].irq;
		ksnprintf(m->vm_where, sizeof(m->vm_where), "mmio@%lx",
		    (u_long)m->vm_pa);
		m->vm_vs.vs_ops = &vtmmio_ops;
		m->vm_vs.vs_tsc = m;
		m->vm_vs.vs_where = m->vm_where;
		m->vm_vs.vs_devtype = id;
		if (virtio_attach_device(&m->vm_vs, m->vm_name,
		    sizeof(m->vm_name)) != 0) {
			kprintf("virtio_mmio@%lx: device type %u: no driver\n",
			    (u_long)m->vm_pa, id);
			kfree(m, M_VIRTIO);
		}
	}
}
SYSINIT(vtmmio_configure, SI_SUB_CONFIGURE, SI_ORDER_ANY, vtmmio_configure,
    NULL);
