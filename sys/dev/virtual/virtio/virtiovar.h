/*
 * The virtio core as device drivers (vtnet) see it: a transport-neutral
 * struct virtio_softc with the operations the PCI (virtio_pci.c) and
 * MMIO (virtio_mmio.c) transports provide, split virtqueues, feature
 * negotiation, and the registry that matches a device type to its driver.
 *
 * A virtqueue is owned by its driver, which serialises vq_enqueue,
 * vq_kick and vq_dequeue on it with its own lock.  vq_dequeue checks
 * what the device reports (descriptor id, chain) and counts anything
 * impossible in vq_bad instead of trusting it.
 */
#ifndef _DEV_VIRTIO_VIRTIOVAR_H_
#define _DEV_VIRTIO_VIRTIOVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <dev/virtual/virtio/virtioreg.h>

struct virtio_softc;

struct virtqueue {
	struct virtio_softc *vq_owner;
	int		vq_index;
	uint16_t	vq_size;		/* entries, a power of two */
	uint16_t	vq_free_head;
	uint16_t	vq_nfree;
	uint16_t	vq_avail_idx;		/* our copy of avail->idx */
	uint16_t	vq_last_used;		/* next used entry to read */
	volatile struct vring_desc *vq_desc;
	volatile struct vring_avail *vq_avail;
	volatile struct vring_used *vq_used;
	vm_paddr_t	vq_desc_pa, vq_avail_pa, vq_used_pa;
	void		**vq_cookie;		/* per chain head */
	uint16_t	*vq_chainlen;		/* descriptors per head */
	vm_paddr_t	vq_mem_pa;
	int		vq_mem_order;
	volatile uint8_t *vq_notify;		/* PCI notify address */
	uint64_t	vq_bad;			/* impossible used entries */
};

/* One buffer segment: device-readable (out) or device-writable (in). */
struct vq_seg {
	vm_paddr_t	vs_pa;
	uint32_t	vs_len;
};

struct virtio_ops {
	uint8_t		(*vo_get_status)(struct virtio_softc *);
	void		(*vo_set_status)(struct virtio_softc *, uint8_t);
	uint64_t	(*vo_get_features)(struct virtio_softc *);
	void		(*vo_set_features)(struct virtio_softc *, uint64_t);
	uint16_t	(*vo_queue_max)(struct virtio_softc *, int);
	int		(*vo_queue_setup)(struct virtio_softc *,
			    struct virtqueue *);
	void		(*vo_notify)(struct virtio_softc *, struct virtqueue *);
	uint32_t	(*vo_config_read)(struct virtio_softc *, int off,
			    int width);
	uint8_t		(*vo_config_gen)(struct virtio_softc *);
	/* Interrupt causes (VIRTIO_MMIO_INT_*), acknowledged; 0: not ours. */
	uint32_t	(*vo_intr_ack)(struct virtio_softc *);
	/* Route the device's interrupt to handler(arg); 0 or an errno. */
	int		(*vo_intr_setup)(struct virtio_softc *,
			    void (*)(void *), void *, int nqueues);
};

struct virtio_softc {
	const struct virtio_ops *vs_ops;
	void		*vs_tsc;		/* transport's state */
	int		vs_devtype;		/* VIRTIO_ID_* */
	uint64_t	vs_features;		/* negotiated */
	const char	*vs_where;		/* "pci0:0:3:0", "mmio@a003e00" */
	char		vs_name[16];		/* the child's name */
	int		vs_intr_msix;		/* one MSI-X vector, no ISR */
	void		*vs_child;		/* the device driver's softc */
};

struct virtio_driver {
	int		vd_type;		/* VIRTIO_ID_* */
	const char	*vd_name;		/* "vtnet" */
	int		(*vd_attach)(struct virtio_softc *, int unit);
	int		vd_nunits;
	TAILQ_ENTRY(virtio_driver) vd_link;
};

void	virtio_driver_register(struct virtio_driver *vd);
/* A transport found a device: hand it to the driver of its type. */
int	virtio_attach_device(struct virtio_softc *vs, char *name, size_t len);

/* Reset, ACK|DRIVER, then offer `want'; 0 and the result, or ENXIO. */
int	virtio_negotiate(struct virtio_softc *vs, uint64_t want);
void	virtio_driver_ok(struct virtio_softc *vs);
uint32_t virtio_config_read(struct virtio_softc *vs, int off, int width);

int	virtio_alloc_vq(struct virtio_softc *vs, struct virtqueue *vq,
	    int index, uint16_t maxsize);
int	vq_enqueue(struct virtqueue *vq, const struct vq_seg *segs, int nout,
	    int nin, void *cookie);
void	vq_kick(struct virtqueue *vq);
void	*vq_dequeue(struct virtqueue *vq, uint32_t *lenp);

#endif /* !_DEV_VIRTIO_VIRTIOVAR_H_ */
