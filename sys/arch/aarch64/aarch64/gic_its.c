/*
 * The GICv3 Interrupt Translation Service: MSI and MSI-X on QEMU virt's
 * default machine (gic-version=3), which has an ITS and no GICv2m frame.
 *
 * A device signals an interrupt by writing an event id to the ITS's
 * GITS_TRANSLATER; the bus tags the write with the device's id (its PCI
 * requester id through the host bridge's msi-map).  The ITS looks the
 * pair up in the device's interrupt translation table (ITT) and raises
 * an LPI, a message-based interrupt id from 8192 up, at the
 * redistributor of the collection the event is mapped to.  LPIs are not
 * configured by distributor registers but by a table in memory (one
 * byte an LPI: priority and enable) every redistributor reads, and each
 * redistributor keeps its pending bits in a table of its own.
 *
 * its_init (before PCI configuration) allocates those tables, points
 * every redistributor at them and enables LPIs, gives the ITS its
 * device and collection tables and a command queue, and maps one
 * collection, 0, to CPU 0's redistributor (SPIs go to CPU 0 too).  For
 * each MSI its_msi_establish maps the device (MAPD, with a fresh ITT,
 * once per device), takes the device's next event id and the next LPI,
 * maps the pair (MAPTI), enables the LPI and makes the redistributor
 * reread its configuration (INV, SYNC).  Interrupts are never given
 * back: drivers do not detach.
 *
 * The layouts and command encodings are those of the GICv3/v4
 * architecture specification (ARM IHI 0069), chapters 5 and 6.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/spinlock.h>
#include <sys/random.h>
#include <machine/vmparam.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

/* ITS control frame, and the translation frame 64 KiB above it. */
#define GITS_CTLR		0x0000
#define  GITS_CTLR_ENABLED	0x1
#define  GITS_CTLR_QUIESCENT	0x80000000U
#define GITS_TYPER		0x0008
#define GITS_CBASER		0x0080
#define GITS_CWRITER		0x0088
#define GITS_CREADR		0x0090
#define  GITS_CREADR_STALLED	0x1
#define GITS_BASER(n)		(0x0100 + 8 * (n))
#define GITS_TRANSLATER		0x10040

/* Fields of GITS_TYPER. */
#define TYPER_ITT_ESIZE(t)	((int)(((t) >> 4) & 0xf) + 1)
#define TYPER_DEVBITS(t)	((int)(((t) >> 13) & 0x1f) + 1)
#define TYPER_PTA		(1ULL << 19)

/* Fields of GITS_BASER<n> and GITS_CBASER. */
#define BASER_VALID		(1ULL << 63)
#define BASER_INDIRECT		(1ULL << 62)
#define BASER_CACHE_WB		(7ULL << 59)	/* inner write-back */
#define BASER_TYPE(b)		((int)(((b) >> 56) & 7))
#define  BASER_TYPE_DEVICE	1
#define  BASER_TYPE_COLLECTION	4
#define BASER_ESIZE(b)		((int)(((b) >> 48) & 0x1f) + 1)
#define BASER_SHARE_IS		(1ULL << 10)	/* inner shareable */
#define BASER_SHARE_MASK	(3ULL << 10)
#define BASER_PGSZ_MASK		(3ULL << 8)
#define  BASER_PGSZ_4K		(0ULL << 8)
#define  BASER_PGSZ_64K		(2ULL << 8)

/* Redistributor LPI registers (RD_base frame). */
#define GICR_CTLR		0x0000
#define  GICR_CTLR_ENABLE_LPIS	0x1
#define GICR_TYPER		0x0008
#define  GICR_TYPER_PLPIS	0x1
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define  PENDBASER_PTZ		(1ULL << 62)	/* the table is all zero */
#define RBASER_CACHE_WB		(7ULL << 7)
#define RBASER_SHARE_IS		(1ULL << 10)
#define RBASER_SHARE_MASK	(3ULL << 10)

/* Commands: 32 bytes, the opcode in the low byte. */
#define CMD_SYNC		0x05
#define CMD_MAPD		0x08
#define CMD_MAPC		0x09
#define CMD_MAPTI		0x0a
#define CMD_INV			0x0c
#define CMD_INVALL		0x0d

#define LPI_BASE		8192
#define LPI_IDBITS		14	/* interrupt ids below 16384 */
#define LPI_PROP_SIZE		((1 << LPI_IDBITS) - LPI_BASE)
#define LPI_PRIO		0xa0	/* as SPIs (gic.c PRIO_DEFAULT) */
#define ITS_NLPI		128	/* LPIs handed out, at most */
#define ITS_NDEV		32	/* devices mapped, at most */
#define ITS_DEV_EVBITS		5	/* 32 event ids a device */
#define ITS_QUEUE_SIZE		0x10000	/* 2048 commands */
#define ITS_TABLE_SIZE		0x10000	/* device, collection tables */

struct its_cmd {
	uint64_t	d[4];
};

struct its_dev {
	uint32_t	devid;
	int		nevents;
};

static struct spinlock its_spin = SPINLOCK_INITIALIZER("gicits");
static volatile uint8_t *its_va;
static bool its_ready;
static bool its_flush_prop;		/* the GIC does not snoop: clean */
static uint8_t *its_prop;		/* LPI configuration table */
static struct its_cmd *its_queue;
static vm_paddr_t its_queue_pa;
static uint32_t its_cwriter;		/* byte offset of the next slot */
static uint64_t its_target;		/* collection 0's RDbase field */
static uint64_t its_devmax;		/* device ids the table holds */
static int its_itt_esize;
static int its_nlpi;
static struct its_dev its_devs[ITS_NDEV];
static int its_ndev;
static struct {
	void	(*fn)(void *);
	void	*arg;
} its_lpi[ITS_NLPI];
static int its_cmd_errors;

static __inline uint64_t
its_rd64(int off)
{
	return (*(volatile uint64_t *)(its_va + off));
}

static __inline void
its_wr64(int off, uint64_t v)
{
	*(volatile uint64_t *)(its_va + off) = v;
}

static __inline uint32_t
its_rd32(int off)
{
	return (*(volatile uint32_t *)(its_va + off));
}

static __inline void
its_wr32(int off, uint32_t v)
{
	*(volatile uint32_t *)(its_va + off) = v;
}

/* Physically contiguous, zeroed, aligned to its own size. */
static void *
its_alloc(size_t size, vm_paddr_t *pap)
{
	vm_page_t m;
	int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	m = vm_page_alloc_contig(order, VM_ALLOC_ZERO);
	if (m == NULL)
		return (NULL);
	*pap = VM_PAGE_TO_PHYS(m);
	return ((void *)PHYS_TO_DMAP(*pap));
}

/*
 * Queue cmds and wait until the ITS has read past them.  its_spin held.
 * A stalled queue (a command the ITS refused) is counted and skipped.
 */
static int
its_submit(const struct its_cmd *cmds, int n)
{
	uint32_t rd;
	int i, spins;

	for (i = 0; i < n; i++) {
		its_queue[its_cwriter / sizeof(struct its_cmd)] = cmds[i];
		its_cwriter = (its_cwriter + sizeof(struct its_cmd)) %
		    ITS_QUEUE_SIZE;
	}
	if (its_flush_prop)
		dcache_wb_inv_range((vm_offset_t)its_queue, ITS_QUEUE_SIZE);
	dsb(ish);
	its_wr64(GITS_CWRITER, its_cwriter);
	for (spins = 0; spins < 10000000; spins++) {
		rd = (uint32_t)its_rd64(GITS_CREADR);
		if (rd & GITS_CREADR_STALLED) {
			its_cmd_errors++;
			its_wr64(GITS_CWRITER, its_cwriter);
			return (EIO);
		}
		if ((rd & 0xfffe0) == its_cwriter)
			return (0);
		cpu_pause();
	}
	its_cmd_errors++;
	return (ETIMEDOUT);
}

static void
its_cmd_sync(struct its_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->d[0] = CMD_SYNC;
	c->d[2] = its_target << 16;
}

/* Point one redistributor at the LPI tables and enable its LPIs. */
static bool
its_rdist_init(vm_offset_t rd, vm_paddr_t prop_pa)
{
	vm_paddr_t pend_pa;
	uint64_t v;
	void *pend;

	if ((*(volatile uint64_t *)(rd + GICR_TYPER) & GICR_TYPER_PLPIS) == 0)
		return (false);
	if (*(volatile uint32_t *)(rd + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS)
		return (true);	/* firmware did it; its tables stay */
	/* One bit an interrupt id, 64 KiB aligned. */
	pend = its_alloc(MAX((1 << LPI_IDBITS) / 8, 0x10000), &pend_pa);
	if (pend == NULL)
		return (false);
	v = prop_pa | RBASER_CACHE_WB | RBASER_SHARE_IS | (LPI_IDBITS - 1);
	*(volatile uint64_t *)(rd + GICR_PROPBASER) = v;
	if ((*(volatile uint64_t *)(rd + GICR_PROPBASER) &
	    RBASER_SHARE_MASK) == 0)
		its_flush_prop = true;
	*(volatile uint64_t *)(rd + GICR_PENDBASER) = pend_pa |
	    RBASER_CACHE_WB | RBASER_SHARE_IS | PENDBASER_PTZ;
	dsb(sy);
	*(volatile uint32_t *)(rd + GICR_CTLR) |= GICR_CTLR_ENABLE_LPIS;
	dsb(sy);
	return (true);
}

/*
 * Give the ITS table n (a device or collection table) memory: 64 KiB,
 * as 16 pages of 4 KiB, or one of 64 KiB when the ITS takes only that.
 * Returns how many entries it holds, 0 on failure.
 */
static uint64_t
its_baser_init(int n, uint64_t b)
{
	vm_paddr_t pa;
	uint64_t v;
	int esize = BASER_ESIZE(b);

	if (its_alloc(ITS_TABLE_SIZE, &pa) == NULL)
		return (0);
	v = (b & ~(BASER_VALID | BASER_INDIRECT | BASER_PGSZ_MASK |
	    BASER_SHARE_MASK | (7ULL << 59) | 0xfffffffff000ULL | 0xff)) |
	    pa | BASER_VALID | BASER_CACHE_WB | BASER_SHARE_IS |
	    BASER_PGSZ_4K | (ITS_TABLE_SIZE / PAGE_SIZE - 1);
	its_wr64(GITS_BASER(n), v);
	if ((its_rd64(GITS_BASER(n)) & BASER_PGSZ_MASK) != BASER_PGSZ_4K) {
		v = (v & ~(BASER_PGSZ_MASK | 0xff)) | BASER_PGSZ_64K;
		its_wr64(GITS_BASER(n), v);
		if ((its_rd64(GITS_BASER(n)) & BASER_PGSZ_MASK) !=
		    BASER_PGSZ_64K)
			return (0);
	}
	if ((its_rd64(GITS_BASER(n)) & BASER_SHARE_MASK) == 0)
		its_flush_prop = true;
	return (ITS_TABLE_SIZE / esize);
}

static void
its_init(void *arg)
{
	vm_paddr_t prop_pa, rd_pa;
	vm_offset_t rd;
	struct its_cmd c[3];
	uint64_t typer, b;
	int i, n, spins;

	if (platform.gic_version != 3 || platform.its_pa == 0)
		return;
	its_va = pmap_mapdev(platform.its_pa, 0x20000);
	if (its_va == NULL)
		return;
	/* Programmed only while disabled and quiescent. */
	its_wr32(GITS_CTLR, its_rd32(GITS_CTLR) & ~GITS_CTLR_ENABLED);
	for (spins = 0; spins < 1000000 &&
	    !(its_rd32(GITS_CTLR) & GITS_CTLR_QUIESCENT); spins++)
		cpu_pause();
	typer = its_rd64(GITS_TYPER);
	its_itt_esize = TYPER_ITT_ESIZE(typer);

	its_prop = its_alloc(LPI_PROP_SIZE, &prop_pa);
	if (its_prop == NULL)
		return;
	for (i = n = 0; (rd = gic_rdist(i, &rd_pa)) != 0; i++)
		if (its_rdist_init(rd, prop_pa))
			n++;
	if (n == 0)
		return;

	for (i = 0; i < 8; i++) {
		b = its_rd64(GITS_BASER(i));
		switch (BASER_TYPE(b)) {
		case BASER_TYPE_DEVICE:
			its_devmax = its_baser_init(i, b);
			if (its_devmax == 0)
				return;
			/* The ITS takes no more ids than DevBits says. */
			if (TYPER_DEVBITS(typer) < 32)
				its_devmax = MIN(its_devmax,
				    1ULL << TYPER_DEVBITS(typer));
			break;
		case BASER_TYPE_COLLECTION:
			if (its_baser_init(i, b) == 0)
				return;
			break;
		}
	}

	its_queue = its_alloc(ITS_QUEUE_SIZE, &its_queue_pa);
	if (its_queue == NULL)
		return;
	its_wr64(GITS_CBASER, its_queue_pa | BASER_VALID | BASER_CACHE_WB |
	    BASER_SHARE_IS | (ITS_QUEUE_SIZE / PAGE_SIZE - 1));
	if ((its_rd64(GITS_CBASER) & BASER_SHARE_MASK) == 0)
		its_flush_prop = true;
	its_wr64(GITS_CWRITER, 0);
	its_cwriter = 0;
	its_wr32(GITS_CTLR, its_rd32(GITS_CTLR) | GITS_CTLR_ENABLED);

	/*
	 * Collection 0 is CPU 0's redistributor: by physical address (in
	 * 64 KiB units) or by processor number, as GITS_TYPER.PTA says.
	 */
	rd = gic_rdist_cpu(0, &rd_pa);
	if (rd == 0)
		return;
	its_target = (typer & TYPER_PTA) ? rd_pa >> 16 :
	    (*(volatile uint64_t *)(rd + GICR_TYPER) >> 8) & 0xffff;
	memset(c, 0, sizeof(c));
	c[0].d[0] = CMD_MAPC;
	c[0].d[2] = BASER_VALID | its_target << 16 | 0;	/* ICID 0 */
	c[1].d[0] = CMD_INVALL;
	c[1].d[2] = 0;
	its_cmd_sync(&c[2]);
	spin_lock(&its_spin);
	if (its_submit(c, 3) == 0)
		its_ready = true;
	spin_unlock(&its_spin);
	kprintf("gic: ITS at %#lx, %lu device ids, LPIs %d-%d%s\n",
	    (u_long)platform.its_pa, (u_long)its_devmax, LPI_BASE,
	    LPI_BASE + ITS_NLPI - 1, its_ready ? "" : ": commands fail");
}
SYSINIT(gic_its, SI_SUB_PRE_DRIVERS, SI_ORDER_MIDDLE, its_init, NULL);

bool
its_present(void)
{
	return (its_ready);
}

/*
 * An MSI for the PCI function with requester id rid: the address and
 * data to program, and handler(arg) run for it.  ENXIO without an ITS
 * or for a device id the table cannot hold, ENOSPC when the device's
 * events or the LPIs run out.
 */
int
its_msi_establish(int rid, void (*handler)(void *), void *arg,
    uint64_t *addrp, uint32_t *datap)
{
	struct its_cmd c[4];
	struct its_dev *dev = NULL;
	vm_paddr_t itt_pa;
	uint32_t devid;
	int i, nc = 0, lpi, event, error;

	if (!its_ready)
		return (ENXIO);
	devid = (uint32_t)rid;
	if (platform.msimap_len != 0 && (uint32_t)rid >= platform.msimap_rid &&
	    (uint32_t)rid - platform.msimap_rid < platform.msimap_len)
		devid = platform.msimap_devid + (rid - platform.msimap_rid);
	if (devid >= its_devmax)
		return (ENXIO);
	/* The ITT is allocated before the lock: it may not be needed. */
	if (its_alloc(PAGE_SIZE, &itt_pa) == NULL)
		return (ENOMEM);
	memset(c, 0, sizeof(c));
	spin_lock(&its_spin);
	for (i = 0; i < its_ndev; i++)
		if (its_devs[i].devid == devid)
			dev = &its_devs[i];
	if (dev == NULL) {
		if (its_ndev == ITS_NDEV ||
		    (its_itt_esize << ITS_DEV_EVBITS) > PAGE_SIZE) {
			spin_unlock(&its_spin);
			vm_page_free_contig(PHYS_TO_VM_PAGE(itt_pa), 0);
			return (ENOSPC);
		}
		dev = &its_devs[its_ndev++];
		dev->devid = devid;
		dev->nevents = 0;
		c[nc].d[0] = CMD_MAPD | (uint64_t)devid << 32;
		c[nc].d[1] = ITS_DEV_EVBITS - 1;
		c[nc].d[2] = BASER_VALID | itt_pa;
		nc++;
		itt_pa = 0;
	}
	if (dev->nevents == (1 << ITS_DEV_EVBITS) || its_nlpi == ITS_NLPI) {
		spin_unlock(&its_spin);
		if (itt_pa != 0)
			vm_page_free_contig(PHYS_TO_VM_PAGE(itt_pa), 0);
		return (ENOSPC);
	}
	event = dev->nevents++;
	lpi = LPI_BASE + its_nlpi;
	its_lpi[its_nlpi].arg = arg;
	its_lpi[its_nlpi].fn = handler;
	its_nlpi++;
	its_prop[lpi - LPI_BASE] = LPI_PRIO | 1;	/* enabled */
	if (its_flush_prop)
		dcache_wb_inv_range((vm_offset_t)&its_prop[lpi - LPI_BASE], 1);
	dsb(ish);
	c[nc].d[0] = CMD_MAPTI | (uint64_t)devid << 32;
	c[nc].d[1] = (uint64_t)event | (uint64_t)lpi << 32;
	c[nc].d[2] = 0;					/* ICID 0 */
	nc++;
	c[nc].d[0] = CMD_INV | (uint64_t)devid << 32;
	c[nc].d[1] = (uint64_t)event;
	nc++;
	its_cmd_sync(&c[nc++]);
	error = its_submit(c, nc);
	spin_unlock(&its_spin);
	if (itt_pa != 0)
		vm_page_free_contig(PHYS_TO_VM_PAGE(itt_pa), 0);
	if (error != 0)
		return (error);
	*addrp = platform.its_pa + GITS_TRANSLATER;
	*datap = (uint32_t)event;
	return (0);
}

/* An LPI taken by trap_irq: run its handler. */
void
its_intr(int irq)
{
	int i = irq - LPI_BASE;

	random_harvest_intr((uint32_t)irq);
	if (i < 0 || i >= ITS_NLPI || its_lpi[i].fn == NULL)
		return;
	its_lpi[i].fn(its_lpi[i].arg);
}
