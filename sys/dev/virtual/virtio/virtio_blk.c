/*
 * virtio-blk (vtblk): a virtio block device as the character device
 * /dev/vtbdN.  Reads and writes must start on a 512-byte sector and
 * cover whole sectors (EINVAL otherwise); a read at or past the end
 * returns 0 bytes, a write there ENOSPC; a read-only device (VIRTIO_BLK_F_RO)
 * refuses writes with EROFS.  Each request is one chain - the 16-byte
 * request header, up to 64 KiB of data through a bounce buffer, the
 * status byte - and requests are issued one at a time (the installer
 * and the tests need correctness, not depth).  A device status other
 * than OK is EIO (EOPNOTSUPP for UNSUPP).
 *
 * The interrupt handler acknowledges the device, collects the finished
 * request under sc_spin and wakes the waiter; the waiter also polls the
 * queue once a second, so a lost interrupt delays but never hangs it.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/spinlock.h>
#include <sys/thread2.h>
#include <sys/uio.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <machine/vmparam.h>
#include <fs/devfs/devfs.h>
#include <dev/virtual/virtio/virtiovar.h>

MALLOC_DECLARE(M_VIRTIO);

#define VIRTIO_BLK_F_RO		(1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE	(1ULL << 6)

#define VTBLK_CFG_CAPACITY	0	/* le64, in 512-byte sectors */

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VTBLK_SECTOR		512
#define VTBLK_MAXIO		(64 * 1024)
#define VTBLK_BUF_ORDER		4	/* 64 KiB */
#define VTBLK_TIMEOUT		30	/* seconds before EIO */

struct vtblk_req {
	uint32_t	type;
	uint32_t	reserved;
	uint64_t	sector;
} __packed;

struct vtblk_softc {
	struct virtio_softc *sc_vs;
	struct virtqueue sc_vq;
	struct spinlock	sc_spin;	/* sc_vq, sc_done, sc_busy */
	int		sc_busy;	/* the device is locked */
	int		sc_done;
	int		sc_dead;	/* a request never completed */
	uint64_t	sc_sectors;
	bool		sc_ro;
	uint8_t		*sc_buf;	/* bounce buffer */
	vm_paddr_t	sc_buf_pa;
	volatile struct vtblk_req *sc_req;	/* header, then status */
	volatile uint8_t *sc_status;
	vm_paddr_t	sc_req_pa;
	struct cdev	*sc_dev;
	uint64_t	sc_timeouts;
};

/* Collect finished requests; sc_spin held. */
static void
vtblk_collect(struct vtblk_softc *sc)
{
	uint32_t len;

	while (vq_dequeue(&sc->sc_vq, &len) != NULL)
		sc->sc_done = 1;
}

static void
vtblk_intr(void *arg)
{
	struct vtblk_softc *sc = arg;

	if (sc->sc_vs->vs_ops->vo_intr_ack(sc->sc_vs) == 0)
		return;
	spin_lock(&sc->sc_spin);
	vtblk_collect(sc);
	spin_unlock(&sc->sc_spin);
	wakeup(&sc->sc_done);
}

static void
vtblk_lock(struct vtblk_softc *sc)
{
	spin_lock(&sc->sc_spin);
	while (sc->sc_busy)
		ssleep(&sc->sc_busy, &sc->sc_spin, 0, "vtblkq", 0);
	sc->sc_busy = 1;
	spin_unlock(&sc->sc_spin);
}

static void
vtblk_unlock(struct vtblk_softc *sc)
{
	spin_lock(&sc->sc_spin);
	sc->sc_busy = 0;
	spin_unlock(&sc->sc_spin);
	wakeup(&sc->sc_busy);
}

/*
 * One request of len bytes (a multiple of 512) at `sector', with the
 * device locked (vtblk_lock).  A request the device never completes
 * leaves its chain - and so the bounce buffer - with the device: the
 * unit is then dead and every later request fails with EIO.
 */
static int
vtblk_io(struct vtblk_softc *sc, int write, uint64_t sector, size_t len)
{
	struct vq_seg seg[3];
	int error, waited = 0, st;

	if (sc->sc_dead)
		return (EIO);
	spin_lock(&sc->sc_spin);
	sc->sc_done = 0;
	sc->sc_req->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	sc->sc_req->reserved = 0;
	sc->sc_req->sector = sector;
	*sc->sc_status = 0xff;
	seg[0].vs_pa = sc->sc_req_pa;
	seg[0].vs_len = sizeof(struct vtblk_req);
	seg[1].vs_pa = sc->sc_buf_pa;
	seg[1].vs_len = len;
	seg[2].vs_pa = sc->sc_req_pa + sizeof(struct vtblk_req);
	seg[2].vs_len = 1;
	error = vq_enqueue(&sc->sc_vq, seg, write ? 2 : 1, write ? 1 : 2, sc);
	if (error == 0) {
		vq_kick(&sc->sc_vq);
		while (!sc->sc_done && waited < VTBLK_TIMEOUT) {
			if (ssleep(&sc->sc_done, &sc->sc_spin, 0, "vtblk",
			    hz) != 0) {
				waited++;
				vtblk_collect(sc);	/* a lost interrupt */
			}
		}
		if (!sc->sc_done) {
			sc->sc_timeouts++;
			sc->sc_dead = 1;
			error = EIO;
		} else {
			st = *sc->sc_status;
			error = st == VIRTIO_BLK_S_OK ? 0 :
			    st == VIRTIO_BLK_S_UNSUPP ? EOPNOTSUPP : EIO;
		}
	}
	spin_unlock(&sc->sc_spin);
	return (error);
}

/*
 * The bounce buffer is shared by the whole device and uiomove may fault
 * and sleep, so each chunk is copied and transferred with the device
 * locked.
 */
static int
vtblk_rw(struct cdev *dev, struct uio *uio, int write)
{
	struct vtblk_softc *sc = dev->si_drv1;
	uint64_t end, off;
	size_t n;
	int error = 0;

	if (sc == NULL)
		return (ENXIO);
	if (uio->uio_offset < 0 || (uio->uio_offset % VTBLK_SECTOR) != 0 ||
	    (uio->uio_resid % VTBLK_SECTOR) != 0)
		return (EINVAL);
	if (write && sc->sc_ro)
		return (EROFS);
	end = sc->sc_sectors * VTBLK_SECTOR;
	if (write && uio->uio_resid > 0 && (uint64_t)uio->uio_offset >= end)
		return (ENOSPC);
	while (uio->uio_resid > 0 && error == 0) {
		off = uio->uio_offset;
		if (off >= end)
			break;
		n = MIN((size_t)uio->uio_resid, VTBLK_MAXIO);
		n = MIN(n, end - off);
		vtblk_lock(sc);
		if (write) {
			error = uiomove(sc->sc_buf, n, uio);
			if (error == 0)
				error = vtblk_io(sc, 1, off / VTBLK_SECTOR, n);
		} else {
			error = vtblk_io(sc, 0, off / VTBLK_SECTOR, n);
			if (error == 0)
				error = uiomove(sc->sc_buf, n, uio);
		}
		vtblk_unlock(sc);
	}
	return (error);
}

static int
vtblk_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	return (vtblk_rw(dev, uio, 0));
}

static int
vtblk_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	return (vtblk_rw(dev, uio, 1));
}

static int
vtblk_open(struct cdev *dev, int fflag, struct ucred *cred)
{
	return (0);
}

static int
vtblk_close(struct cdev *dev, int fflag)
{
	return (0);
}

static struct cdevsw vtblk_cdevsw = {
	.d_name = "vtbd",
	.d_open = vtblk_open,
	.d_close = vtblk_close,
	.d_read = vtblk_read,
	.d_write = vtblk_write,
};

static int
vtblk_attach(struct virtio_softc *vs, int unit)
{
	struct vtblk_softc *sc;
	vm_page_t m;
	int error;

	error = virtio_negotiate(vs, VIRTIO_BLK_F_RO | VIRTIO_BLK_F_BLK_SIZE);
	if (error != 0)
		return (error);
	sc = kmalloc(sizeof(*sc), M_VIRTIO, M_WAITOK | M_ZERO);
	sc->sc_vs = vs;
	spin_init(&sc->sc_spin, "vtblk");
	sc->sc_ro = (vs->vs_features & VIRTIO_BLK_F_RO) != 0;
	sc->sc_sectors = virtio_config_read(vs, VTBLK_CFG_CAPACITY, 4) |
	    (uint64_t)virtio_config_read(vs, VTBLK_CFG_CAPACITY + 4, 4) << 32;
	if ((error = vs->vs_ops->vo_intr_setup(vs, vtblk_intr, sc, 1)) != 0 ||
	    (error = virtio_alloc_vq(vs, &sc->sc_vq, 0, 16)) != 0)
		goto fail;
	if ((m = vm_page_alloc_contig(VTBLK_BUF_ORDER, VM_ALLOC_ZERO)) ==
	    NULL || (sc->sc_req_pa = vm_page_alloc_phys()) == 0) {
		error = ENOMEM;
		goto fail;
	}
	sc->sc_buf_pa = VM_PAGE_TO_PHYS(m);
	sc->sc_buf = (uint8_t *)PHYS_TO_DMAP(sc->sc_buf_pa);
	sc->sc_req = (volatile struct vtblk_req *)PHYS_TO_DMAP(sc->sc_req_pa);
	sc->sc_status = (volatile uint8_t *)sc->sc_req + sizeof(struct vtblk_req);
	vs->vs_child = sc;
	virtio_driver_ok(vs);
	sc->sc_dev = make_dev(&vtblk_cdevsw, unit, 0, 0, 0600, "vtbd%d", unit);
	if (sc->sc_dev == NULL) {
		error = ENOMEM;
		goto fail;
	}
	sc->sc_dev->si_drv1 = sc;
	kprintf("vtbd%d: <virtio-blk> at %s, %lu sectors (%lu MiB)%s, %s\n",
	    unit, vs->vs_where, (u_long)sc->sc_sectors,
	    (u_long)(sc->sc_sectors >> 11), sc->sc_ro ? ", read-only" : "",
	    vs->vs_intr_msix ? "msix" : "intx");
	return (0);
fail:
	/* Interrupts, queue and pages set up so far are not reclaimed. */
	vs->vs_ops->vo_set_status(vs, VIRTIO_STATUS_FAILED);
	vs->vs_child = NULL;
	return (error);
}

static struct virtio_driver vtblk_driver = {
	.vd_type = VIRTIO_ID_BLOCK,
	.vd_name = "vtbd",
	.vd_attach = vtblk_attach,
};

static void
vtblk_register(void *arg)
{
	virtio_driver_register(&vtblk_driver);
}
SYSINIT(vtblk_register, SI_SUB_DRIVERS, SI_ORDER_MIDDLE, vtblk_register,
    NULL);
