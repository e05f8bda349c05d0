/*
 * ARM Generic Interrupt Controller, versions 2 and 3 (QEMU virt
 * gic-version=2|3).  The distributor is set up once by the boot CPU; each
 * CPU then sets up its own banked state (GICv2: the SGI/PPI registers and
 * the memory-mapped CPU interface; GICv3: its redistributor and the
 * system-register CPU interface).  Every interrupt is Group 1
 * non-secure and delivered as IRQ; SPIs go to CPU 0.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

/* Distributor (both versions) */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_IPRIORITYR	0x0400
#define GICD_ITARGETSR	0x0800
#define GICD_ICFGR	0x0c00
#define GICD_SGIR	0x0f00
#define GICD_IROUTER	0x6000
#define  GICD_CTLR_RWP	0x80000000U

/* GICv2 CPU interface */
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_BPR	0x08
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10

/* GICv3 redistributor: RD_base frame, then SGI_base 64 KiB above */
#define GICR_CTLR	0x0000
#define GICR_TYPER	0x0008
#define  GICR_TYPER_LAST 0x10
#define  GICR_TYPER_VLPIS 0x02
#define GICR_WAKER	0x0014
#define  WAKER_PSLEEP	0x02
#define  WAKER_CASLEEP	0x04
#define GICR_SGI	0x10000

/* GICv3 CPU interface system registers */
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1	S3_0_C12_C12_7
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_SGI1R_EL1	S3_0_C12_C11_5

#define PRIO_DEFAULT	0xa0
#define PRIO_MASK	0xf0

static vm_offset_t gicd, gicc, gicr;
static int gic_nirqs;

static __inline uint32_t
rd32(vm_offset_t a)
{
	return (*(volatile uint32_t *)a);
}

static __inline void
wr32(vm_offset_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static __inline uint64_t
rd64(vm_offset_t a)
{
	return (*(volatile uint64_t *)a);
}

static void
gicd_wait_rwp(void)
{
	int n;

	for (n = 0; n < 1000000 && (rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP);
	    n++)
		cpu_pause();
}

void
gic_init(void)
{
	uint64_t aff;
	int i;

	if (platform.gic_version == 0)
		panic("gic: no interrupt controller in the device tree");
	gicd = pmap_bootstrap_mapdev(platform.gicd_pa, 0x10000);
	if (platform.gic_version == 2)
		gicc = pmap_bootstrap_mapdev(platform.gicc_pa,
		    MAX(platform.gicc_size, 0x2000));
	else
		gicr = pmap_bootstrap_mapdev(platform.gicr_pa,
		    platform.gicr_size);
	if (gicd == 0 || (gicc == 0 && gicr == 0))
		panic("gic: cannot map the GICv%d registers",
		    platform.gic_version);

	gic_nirqs = MIN(32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1), 1020);
	wr32(gicd + GICD_CTLR, 0);
	if (platform.gic_version == 3)
		gicd_wait_rwp();
	/*
	 * GICv3: everything in Group 1 (system-register interface).  GICv2
	 * (no security extensions on QEMU virt): leave everything in Group
	 * 0, which GICC_CTLR.EnableGrp0 signals as IRQ.
	 */
	for (i = 32; i < gic_nirqs; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
		if (platform.gic_version == 3)
			wr32(gicd + GICD_IGROUPR + i / 8, 0xffffffff);
	}
	for (i = 32; i < gic_nirqs; i += 4)
		wr32(gicd + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101U);
	for (i = 32; i < gic_nirqs; i += 16)
		wr32(gicd + GICD_ICFGR + i / 4, 0);	/* level */
	if (platform.gic_version == 2) {
		for (i = 32; i < gic_nirqs; i += 4)
			wr32(gicd + GICD_ITARGETSR + i, 0x01010101);
		wr32(gicd + GICD_CTLR, 1);
	} else {
		aff = platform.cpu_mpidr[0];
		aff = (aff & 0xffffff) | ((aff >> 32) & 0xff) << 32;
		for (i = 32; i < gic_nirqs; i++)
			*(volatile uint64_t *)(gicd + GICD_IROUTER + 8 * i) =
			    aff;
		/* ARE_NS | EnableGrp1NS (ARE | EnableGrp1 if DS=1) */
		wr32(gicd + GICD_CTLR, 0x12);
		gicd_wait_rwp();
	}
}

/* Find this CPU's GICv3 redistributor by its affinity. */
static vm_offset_t
gicr_find(uint64_t mpidr)
{
	uint64_t want, typer;
	vm_offset_t rd;

	want = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
	for (rd = gicr; rd < gicr + platform.gicr_size; ) {
		typer = rd64(rd + GICR_TYPER);
		if ((typer >> 32) == want)
			return (rd);
		if (typer & GICR_TYPER_LAST)
			break;
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return (0);
}

/*
 * The i-th GICv3 redistributor (its RD_base frame, and the frame's
 * physical address in *pap), or 0 past the last; for the ITS, which
 * points every redistributor at the LPI tables.
 */
vm_offset_t
gic_rdist(int i, vm_paddr_t *pap)
{
	vm_offset_t rd;
	uint64_t typer;

	if (platform.gic_version != 3 || gicr == 0)
		return (0);
	for (rd = gicr; rd < gicr + platform.gicr_size; ) {
		typer = rd64(rd + GICR_TYPER);
		if (i-- == 0) {
			*pap = platform.gicr_pa + (rd - gicr);
			return (rd);
		}
		if (typer & GICR_TYPER_LAST)
			break;
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return (0);
}

/* CPU cpu's redistributor, as gic_rdist. */
vm_offset_t
gic_rdist_cpu(int cpu, vm_paddr_t *pap)
{
	vm_offset_t rd;

	if (platform.gic_version != 3 || cpu < 0 || cpu >= platform.ncpu ||
	    (rd = gicr_find(platform.cpu_mpidr[cpu])) == 0)
		return (0);
	*pap = platform.gicr_pa + (rd - gicr);
	return (rd);
}

void
gic_init_cpu(void)
{
	struct mdglobaldata *md = mycpu_md();
	vm_offset_t rd, sgi;
	int i, n;

	if (platform.gic_version == 2) {
		/* Reading ITARGETSR0 yields this CPU's own target bit. */
		md->md_gic_cpuif = ffsl(rd32(gicd + GICD_ITARGETSR) & 0xff) - 1;
		wr32(gicd + GICD_ICENABLER, 0xffff0000);	/* PPIs off */
		wr32(gicd + GICD_ISENABLER, 0x0000ffff);	/* SGIs on */
		for (i = 0; i < 32; i += 4)
			wr32(gicd + GICD_IPRIORITYR + i,
			    PRIO_DEFAULT * 0x01010101U);
		wr32(gicc + GICC_PMR, PRIO_MASK);
		wr32(gicc + GICC_BPR, 0);
		wr32(gicc + GICC_CTLR, 1);
		return;
	}

	rd = gicr_find(md->md_mpidr);
	if (rd == 0)
		panic("gic: no redistributor for MPIDR %#lx",
		    (u_long)md->md_mpidr);
	md->md_gicv3_rdist = (int)((rd - gicr) / 0x20000);
	wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	for (n = 0; n < 1000000 && (rd32(rd + GICR_WAKER) & WAKER_CASLEEP);
	    n++)
		cpu_pause();
	sgi = rd + GICR_SGI;
	wr32(sgi + GICD_IGROUPR, 0xffffffff);
	wr32(sgi + GICD_ICENABLER, 0xffff0000);
	wr32(sgi + GICD_ISENABLER, 0x0000ffff);
	for (i = 0; i < 32; i += 4)
		wr32(sgi + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101U);

	WRITE_SPECIALREG(ICC_SRE_EL1, READ_SPECIALREG(ICC_SRE_EL1) | 1);
	isb();
	WRITE_SPECIALREG(ICC_PMR_EL1, PRIO_MASK);
	WRITE_SPECIALREG(ICC_BPR1_EL1, 0);
	WRITE_SPECIALREG(ICC_CTLR_EL1, 0);
	WRITE_SPECIALREG(ICC_IGRPEN1_EL1, 1);
	isb();
}

/*
 * Make SPI irq edge-triggered (ICFGR: two bits an interrupt, the upper
 * one set for edge).  A message-signalled interrupt is a write, not a
 * wire held high: the GICv2m frame raises its SPI for a moment, so a
 * level SPI could be missed or left pending.  Called before the SPI is
 * enabled, so no lock is needed against the interrupt itself; the
 * read-modify-write is serialized by the caller (msi_establish's lock).
 */
void
gic_config_edge(int irq)
{
	vm_offset_t r;

	if (irq < 32 || irq >= gic_nirqs)
		return;
	r = gicd + GICD_ICFGR + (irq / 16) * 4;
	wr32(r, rd32(r) | 2U << ((irq % 16) * 2));
	if (platform.gic_version == 3)
		gicd_wait_rwp();
}

/* PPIs are enabled in this CPU's banked registers, SPIs globally. */
void
gic_enable_irq(int irq)
{
	vm_offset_t base = gicd;

	if (irq < 0 || irq >= 1020)
		return;
	if (irq < 32 && platform.gic_version == 3) {
		base = gicr_find(mycpu_md()->md_mpidr);
		if (base == 0)
			return;
		base += GICR_SGI;
	}
	wr32(base + GICD_ISENABLER + (irq / 32) * 4, 1U << (irq % 32));
}

int
gic_ack(void)
{
	uint64_t v;

	if (platform.gic_version == 2)
		v = rd32(gicc + GICC_IAR);
	else {
		/* 24 bits: LPIs (the ITS's, gic_its.c) are 8192 and up. */
		v = READ_SPECIALREG(ICC_IAR1_EL1);
		dsb(sy);
		return ((int)(v & 0xffffff));
	}
	return ((int)(v & 0x3ff));
}

void
gic_eoi(int irq)
{
	if (platform.gic_version == 2)
		wr32(gicc + GICC_EOIR, irq);
	else {
		WRITE_SPECIALREG(ICC_EOIR1_EL1, irq);
		isb();
	}
}

void
gic_send_sgi(int cpuid, int sgi)
{
	struct mdglobaldata *md = &globaldata_find(cpuid)->gd_md;
	uint64_t mp = md->md_mpidr, v;

	dsb(ish);		/* the IPI's data before the IPI */
	if (platform.gic_version == 2) {
		wr32(gicd + GICD_SGIR,
		    (1U << (md->md_gic_cpuif + 16)) | (sgi & 0xf));
		return;
	}
	v = (1UL << (mp & 0xf)) |		/* target list (Aff0) */
	    ((mp >> 8) & 0xff) << 16 |		/* Aff1 */
	    (uint64_t)(sgi & 0xf) << 24 |
	    ((mp >> 16) & 0xff) << 32 |		/* Aff2 */
	    ((mp >> 32) & 0xff) << 48;		/* Aff3 */
	WRITE_SPECIALREG(ICC_SGI1R_EL1, v);
	isb();
}
