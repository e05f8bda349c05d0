/*
 * Transport-neutral virtio: the device-type registry, the status and
 * feature handshake (virtio 1.x: reset, ACKNOWLEDGE, DRIVER, features,
 * FEATURES_OK read back, DRIVER_OK), and split virtqueues.  See
 * <dev/virtual/virtio/virtiovar.h>.
 *
 * Ring memory is one physically contiguous block per queue: the
 * descriptor table, then the available ring, then the used ring (4-byte
 * aligned), which satisfies the 1.x alignment rules for both transports.
 * Ordering: descriptors and the avail slot are written before avail->idx
 * (store fence), and avail->idx before the notify check and doorbell
 * (full fence); the used ring is read after used->idx (load fence).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include <dev/virtual/virtio/virtiovar.h>

MALLOC_DEFINE(M_VIRTIO, "virtio", "virtio queues");

static TAILQ_HEAD(, virtio_driver) virtio_drivers =
    TAILQ_HEAD_INITIALIZER(virtio_drivers);

void
virtio_driver_register(struct virtio_driver *vd)
{
	TAILQ_INSERT_TAIL(&virtio_drivers, vd, vd_link);
}

int
virtio_attach_device(struct virtio_softc *vs, char *name, size_t len)
{
	struct virtio_driver *vd;
	int error;

	TAILQ_FOREACH(vd, &virtio_drivers, vd_link) {
		if (vd->vd_type != vs->vs_devtype)
			continue;
		ksnprintf(vs->vs_name, sizeof(vs->vs_name), "%s%d",
		    vd->vd_name, vd->vd_nunits);
		error = vd->vd_attach(vs, vd->vd_nunits);
		if (error != 0) {
			kprintf("%s: attach failed: error %d\n", vs->vs_name,
			    error);
			vs->vs_ops->vo_set_status(vs, VIRTIO_STATUS_FAILED);
			vs->vs_name[0] = '\0';
			return (error);
		}
		vd->vd_nunits++;
		strlcpy(name, vs->vs_name, len);
		return (0);
	}
	return (ENXIO);
}

int
virtio_negotiate(struct virtio_softc *vs, uint64_t want)
{
	const struct virtio_ops *o = vs->vs_ops;
	uint64_t have;

	o->vo_set_status(vs, 0);			/* reset */
	o->vo_set_status(vs, VIRTIO_STATUS_ACK);
	o->vo_set_status(vs, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	have = o->vo_get_features(vs);
	/* Only the 1.x interface is driven: no legacy layouts. */
	if ((have & VIRTIO_F_VERSION_1) == 0) {
		o->vo_set_status(vs, VIRTIO_STATUS_FAILED);
		return (ENXIO);
	}
	vs->vs_features = have & (want | VIRTIO_F_VERSION_1);
	o->vo_set_features(vs, vs->vs_features);
	o->vo_set_status(vs, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
	    VIRTIO_STATUS_FEATURES_OK);
	if ((o->vo_get_status(vs) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		o->vo_set_status(vs, VIRTIO_STATUS_FAILED);
		return (ENXIO);
	}
	return (0);
}

void
virtio_driver_ok(struct virtio_softc *vs)
{
	vs->vs_ops->vo_set_status(vs, VIRTIO_STATUS_ACK |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
	    VIRTIO_STATUS_DRIVER_OK);
}

/* A consistent read of device configuration (generation-checked). */
uint32_t
virtio_config_read(struct virtio_softc *vs, int off, int width)
{
	uint32_t v;
	uint8_t g;
	int tries = 0;

	do {
		g = vs->vs_ops->vo_config_gen(vs);
		v = vs->vs_ops->vo_config_read(vs, off, width);
	} while (g != vs->vs_ops->vo_config_gen(vs) && ++tries < 100);
	return (v);
}

int
virtio_alloc_vq(struct virtio_softc *vs, struct virtqueue *vq, int index,
    uint16_t maxsize)
{
	vm_page_t m;
	size_t avail_off, used_off, total;
	uint16_t size, lim, i;
	uint8_t *base;
	int order = 0, error;

	memset(vq, 0, sizeof(*vq));
	size = vs->vs_ops->vo_queue_max(vs, index);
	if (size == 0)
		return (ENXIO);
	/* A split ring's size is a power of two; use the largest we take. */
	lim = MIN(size, maxsize);
	for (size = 1; (uint32_t)size * 2 <= lim; size *= 2)
		;
	if (size < 2)
		return (ENXIO);
	avail_off = (size_t)size * sizeof(struct vring_desc);
	used_off = roundup2(avail_off + 6 + 2 * (size_t)size, 4);
	total = used_off + 6 + 8 * (size_t)size;
	while (((size_t)PAGE_SIZE << order) < total)
		order++;
	m = vm_page_alloc_contig(order, VM_ALLOC_ZERO);
	if (m == NULL)
		return (ENOMEM);
	vq->vq_owner = vs;
	vq->vq_index = index;
	vq->vq_size = size;
	vq->vq_mem_pa = VM_PAGE_TO_PHYS(m);
	vq->vq_mem_order = order;
	base = (uint8_t *)PHYS_TO_DMAP(vq->vq_mem_pa);
	vq->vq_desc = (volatile struct vring_desc *)base;
	vq->vq_avail = (volatile struct vring_avail *)(base + avail_off);
	vq->vq_used = (volatile struct vring_used *)(base + used_off);
	vq->vq_desc_pa = vq->vq_mem_pa;
	vq->vq_avail_pa = vq->vq_mem_pa + avail_off;
	vq->vq_used_pa = vq->vq_mem_pa + used_off;
	vq->vq_cookie = kmalloc(size * sizeof(void *), M_VIRTIO,
	    M_WAITOK | M_ZERO);
	vq->vq_chainlen = kmalloc(size * sizeof(uint16_t), M_VIRTIO,
	    M_WAITOK | M_ZERO);
	for (i = 0; i < size; i++)
		vq->vq_desc[i].next = (i + 1) % size;
	vq->vq_free_head = 0;
	vq->vq_nfree = size;
	error = vs->vs_ops->vo_queue_setup(vs, vq);
	if (error != 0) {
		kfree(vq->vq_cookie, M_VIRTIO);
		kfree(vq->vq_chainlen, M_VIRTIO);
		vm_page_free_contig(m, order);
		memset(vq, 0, sizeof(*vq));
	}
	return (error);
}

/*
 * Put one chain (nout device-readable segments, then nin writable ones)
 * on the available ring; cookie comes back from vq_dequeue.  ENOSPC when
 * the ring has too few free descriptors.  Not visible to the device
 * until vq_kick.
 */
int
vq_enqueue(struct virtqueue *vq, const struct vq_seg *segs, int nout, int nin,
    void *cookie)
{
	uint16_t head, d;
	int i, n = nout + nin;

	if (n <= 0 || cookie == NULL)
		return (EINVAL);
	if (n > vq->vq_nfree)
		return (ENOSPC);
	head = d = vq->vq_free_head;
	for (i = 0; i < n; i++) {
		vq->vq_desc[d].addr = segs[i].vs_pa;
		vq->vq_desc[d].len = segs[i].vs_len;
		vq->vq_desc[d].flags = (i >= nout ? VRING_DESC_F_WRITE : 0) |
		    (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		d = vq->vq_desc[d].next;
	}
	vq->vq_free_head = d;
	vq->vq_nfree -= n;
	vq->vq_cookie[head] = cookie;
	vq->vq_chainlen[head] = n;
	vq->vq_avail->ring[vq->vq_avail_idx & (vq->vq_size - 1)] = head;
	vq->vq_avail_idx++;
	return (0);
}

void
vq_kick(struct virtqueue *vq)
{
	cpu_sfence();
	vq->vq_avail->idx = vq->vq_avail_idx;
	cpu_mfence();
	if ((vq->vq_used->flags & VRING_USED_F_NO_NOTIFY) == 0)
		vq->vq_owner->vs_ops->vo_notify(vq->vq_owner, vq);
}

/*
 * The next chain the device has finished with: its cookie, with the
 * bytes the device wrote in *lenp; NULL when there is none.  An entry
 * naming a descriptor that is not the head of an outstanding chain is
 * counted in vq_bad and skipped.
 */
void *
vq_dequeue(struct virtqueue *vq, uint32_t *lenp)
{
	uint32_t id, len;
	uint16_t d, n, i;
	void *cookie;

	for (;;) {
		if (vq->vq_last_used == vq->vq_used->idx)
			return (NULL);
		cpu_lfence();
		id = vq->vq_used->ring[vq->vq_last_used &
		    (vq->vq_size - 1)].id;
		len = vq->vq_used->ring[vq->vq_last_used &
		    (vq->vq_size - 1)].len;
		vq->vq_last_used++;
		if (id >= vq->vq_size || vq->vq_cookie[id] == NULL) {
			vq->vq_bad++;
			continue;
		}
		break;
	}
	cookie = vq->vq_cookie[id];
	n = vq->vq_chainlen[id];
	vq->vq_cookie[id] = NULL;
	/* Return the chain to the free list: walk it by our own count. */
	d = id;
	for (i = 1; i < n; i++)
		d = vq->vq_desc[d].next;
	vq->vq_desc[d].next = vq->vq_free_head;
	vq->vq_free_head = id;
	vq->vq_nfree += n;
	*lenp = len;
	return (cookie);
}
