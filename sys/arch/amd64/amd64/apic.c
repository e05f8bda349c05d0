/*
 * Local APIC, IOAPIC, TSC and the per-CPU tick.  Each CPU's LAPIC timer
 * runs periodically at HZ and calls hardclock() on that CPU; its rate
 * and the TSC's are measured once on the BSP against PIT channel 2.
 * Device interrupts come through the IOAPIC: ISA IRQ n (after the MADT
 * overrides) arrives on vector IDT_IRQ0 + GSI and is sent to the BSP.
 * IPIs use the vectors of <machine/frame.h>.  The LAPIC is used in xAPIC
 * (MMIO) mode, which QEMU, Bochs and real machines all provide.
 * intr_establish() takes ISA IRQs and IOAPIC pins (GSIs); a PCI
 * function's INTx arrives as the ISA IRQ the firmware wrote into its
 * interrupt line (pci_cfgreg.c).  MSI and MSI-X sources get vectors of
 * their own above those (msi_vector_alloc(), through msi_establish());
 * sys/dev/pci/pci.c programs the device's capability.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <sys/random.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/atomic.h>
#include <machine/frame.h>
#include <machine/md_var.h>

#define LAPIC_ID	0x020
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERR	0x370
#define LAPIC_TIMER_ICR	0x380
#define LAPIC_TIMER_CCR	0x390
#define LAPIC_TIMER_DCR	0x3e0
#define LVT_MASKED	0x10000
#define LVT_PERIODIC	0x20000
#define ICR_PENDING	0x1000

#define IOAPIC_REGSEL	0x00
#define IOAPIC_WIN	0x10

#define NIRQ		24
#define MSI_FIRST	(IDT_IRQ0 + NIRQ)	/* 72 */
#define MSI_LAST	0xef

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
uint64_t tsc_freq;
static uint32_t lapic_timer_hz;		/* LAPIC timer counts per second */
static int ioapic_npins;

static struct {
	void	(*handler)(void *);
	void	*arg;
} intr_table[NIRQ], msi_table[MSI_LAST - MSI_FIRST + 1];
static struct spinlock msi_spin = SPINLOCK_INITIALIZER("msi");

static uint32_t
lapic_read(u_int reg)
{
	return (lapic[reg / 4]);
}

static void
lapic_write(u_int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

uint32_t
lapic_id(void)
{
	return (lapic_read(LAPIC_ID) >> 24);
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Per CPU: software enable, spurious vector, LINTs masked on APs. */
void
lapic_init(void)
{
	if (lapic == NULL) {
		lapic = pmap_mapdev(acpi_lapic_pa, PAGE_SIZE);
		/* The 8259s: remap out of the exception range, mask all. */
		outb(0x20, 0x11); outb(0xa0, 0x11);
		outb(0x21, 0x20); outb(0xa1, 0x28);
		outb(0x21, 0x04); outb(0xa1, 0x02);
		outb(0x21, 0x01); outb(0xa1, 0x01);
		outb(0x21, 0xff); outb(0xa1, 0xff);
	}
	wrmsr(MSR_APICBASE, rdmsr(MSR_APICBASE) | (1 << 11));
	lapic_write(LAPIC_SVR, 0x100 | IDT_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERR, LVT_MASKED);
	if (mycpu->gd_cpuid != 0) {
		lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
		lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	}
	lapic_eoi();
}

void
lapic_ipi(uint32_t apicid, uint32_t icr_lo)
{
	register_t s = intr_disable();

	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		cpu_pause();
	lapic_write(LAPIC_ICR_HI, apicid << 24);
	lapic_write(LAPIC_ICR_LO, icr_lo);
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		cpu_pause();
	intr_restore(s);
}

/* INIT, then two STARTUPs at page `vector' (physical vector << 12). */
void
lapic_ipi_init_sipi(uint32_t apicid, uint32_t vector)
{
	lapic_ipi(apicid, 0x4500);		/* INIT, assert */
	delay_us(10000);
	lapic_ipi(apicid, 0x4600 | vector);	/* STARTUP */
	delay_us(200);
	lapic_ipi(apicid, 0x4600 | vector);
	delay_us(200);
}

void
cpu_send_ipi(int cpuid, int ipi)
{
	static const int vec[] = { [IPI_RESCHED] = IDT_IPI_RESCHED,
	    [IPI_STOP] = IDT_IPI_STOP, [IPI_IPIQ] = IDT_IPI_IPIQ };

	if (cpuid < 0 || cpuid >= ncpus || ipi < 1 || ipi > IPI_IPIQ ||
	    lapic == NULL)
		return;
	lapic_ipi(globaldata_find(cpuid)->gd_md.gd_lapic_id, vec[ipi]);
}

/* ---- IOAPIC ----------------------------------------------------------- */

static uint32_t
ioapic_read(u_int reg)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	return (ioapic[IOAPIC_WIN / 4]);
}

static void
ioapic_write(u_int reg, uint32_t v)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	ioapic[IOAPIC_WIN / 4] = v;
}

void
ioapic_init(void)
{
	int i;

	ioapic = pmap_mapdev(acpi_ioapics[0].pa, PAGE_SIZE);
	ioapic_npins = ((ioapic_read(1) >> 16) & 0xff) + 1;
	if (ioapic_npins > NIRQ)
		ioapic_npins = NIRQ;
	for (i = 0; i < ioapic_npins; i++) {
		ioapic_write(0x10 + 2 * i, LVT_MASKED | (IDT_IRQ0 + i));
		ioapic_write(0x11 + 2 * i, 0);
	}
}

/*
 * Route a GSI to `vector' on the CPU with LAPIC id `dest'.  ISA IRQs
 * are edge/high unless the MADT says otherwise; other pins (PCI) are
 * level/low.
 */
static void
ioapic_route_gsi(int gsi, int vector, uint32_t dest, uint16_t mps)
{
	uint32_t lo = vector;
	int pol = mps & 3, trig = (mps >> 2) & 3;

	if (gsi >= 16 && pol == 0)
		pol = 3;
	if (gsi >= 16 && trig == 0)
		trig = 3;
	if (pol == 3)
		lo |= 1 << 13;			/* active low */
	if (trig == 3)
		lo |= 1 << 15;			/* level */
	ioapic_write(0x11 + 2 * gsi, dest << 24);
	ioapic_write(0x10 + 2 * gsi, lo);
}

/*
 * irq < 16: an ISA IRQ (translated through the MADT overrides); 16 and
 * above: an IOAPIC pin.  MSI and MSI-X do not come here: see
 * msi_vector_alloc().
 */
int
intr_establish(int irq, void (*handler)(void *), void *arg)
{
	int gsi;
	uint16_t flags = 0;

	if (irq < 0 || irq >= NIRQ || handler == NULL)
		return (EINVAL);
	gsi = irq;
	if (irq < 16) {
		gsi = acpi_irq_gsi[irq];
		flags = acpi_irq_flags[irq];
	}
	gsi -= acpi_ioapics[0].gsi_base;
	if (gsi < 0 || gsi >= ioapic_npins)
		return (ENXIO);
	if (intr_table[gsi].handler != NULL)
		return (EBUSY);
	intr_table[gsi].arg = arg;
	intr_table[gsi].handler = handler;
	ioapic_route_gsi(gsi, IDT_IRQ0 + gsi,
	    globaldata_find(0)->gd_md.gd_lapic_id, flags);
	return (0);
}

/* A free vector for an MSI/MSI-X source, or -1. */
int
msi_vector_alloc(void (*handler)(void *), void *arg)
{
	int i;

	spin_lock(&msi_spin);
	for (i = 0; i < (int)nitems(msi_table); i++) {
		if (msi_table[i].handler == NULL) {
			msi_table[i].arg = arg;
			msi_table[i].handler = handler;
			spin_unlock(&msi_spin);
			return (MSI_FIRST + i);
		}
	}
	spin_unlock(&msi_spin);
	return (-1);
}

/* Interrupts on the IOAPIC, timer and IPI vectors (from trap()). */
void
apic_intr(struct trapframe *tf)
{
	int vec = tf->tf_trapno;

	/* hardclock() and ipi_handler() count their own interrupts. */
	if (vec >= IDT_IRQ0 && vec < IDT_IRQ0 + NIRQ) {
		mycpu->gd_intr_count++;
		random_harvest_intr((uint32_t)vec);
		if (intr_table[vec - IDT_IRQ0].handler != NULL)
			intr_table[vec - IDT_IRQ0].handler(
			    intr_table[vec - IDT_IRQ0].arg);
		lapic_eoi();
		return;
	}
	if (vec >= MSI_FIRST && vec <= MSI_LAST) {
		mycpu->gd_intr_count++;
		random_harvest_intr((uint32_t)vec);
		if (msi_table[vec - MSI_FIRST].handler != NULL)
			msi_table[vec - MSI_FIRST].handler(
			    msi_table[vec - MSI_FIRST].arg);
		lapic_eoi();
		return;
	}
	switch (vec) {
	case IDT_TIMER:
		mycpu->gd_md.gd_lapic_ticks++;
		lapic_eoi();
		hardclock(TRAPF_USERMODE(tf));
		break;
	case IDT_IPI_INVLTLB:
		mycpu->gd_intr_count++;
		pmap_invl_ipi();
		lapic_eoi();
		break;
	case IDT_IPI_RESCHED:
		lapic_eoi();
		ipi_handler(IPI_RESCHED);
		break;
	case IDT_IPI_IPIQ:
		lapic_eoi();
		ipi_handler(IPI_IPIQ);
		break;
	case IDT_IPI_STOP:
		lapic_eoi();
		for (;;) {
			intr_disable();
			halt();
		}
	case IDT_SPURIOUS:
		break;
	default:
		lapic_eoi();
		break;
	}
}

/* ---- Time ------------------------------------------------------------ */

/*
 * Count PIT channel 2 down from `count' (1193182 Hz) with the speaker
 * gate, measuring the TSC and the LAPIC timer over the same interval.
 */
void
tsc_calibrate(void)
{
	const uint32_t count = 11932 * 5;	/* 50 ms */
	uint64_t t0, t1;
	uint32_t l0, l1;
	int spins;

	lapic_write(LAPIC_TIMER_DCR, 0xb);	/* divide by 1 */
	lapic_write(LAPIC_TIMER_ICR, 0xffffffff);

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* ch 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	l0 = lapic_read(LAPIC_TIMER_CCR);
	t0 = rdtsc();
	for (spins = 0; (inb(0x61) & 0x20) == 0 && spins < 100000000;
	    spins++)
		;
	t1 = rdtsc();
	l1 = lapic_read(LAPIC_TIMER_CCR);
	tsc_freq = (t1 - t0) * 1193182 / count;
	lapic_timer_hz = (uint64_t)(l0 - l1) * 1193182 / count;
	if (tsc_freq == 0)
		tsc_freq = 1000000000;
	if (lapic_timer_hz == 0)
		lapic_timer_hz = 1000000000;
	lapic_write(LAPIC_TIMER_ICR, 0);
}

uint64_t
cpu_cycles_freq(void)
{
	return (tsc_freq);
}

void
delay_us(uint64_t us)
{
	uint64_t end;

	if (tsc_freq == 0) {
		/* Before calibration: about 1 us per port read. */
		while (us-- > 0)
			(void)inb(0x80);
		return;
	}
	end = rdtsc() + us * (tsc_freq / 1000000);
	while ((int64_t)(rdtsc() - end) < 0)
		cpu_pause();
}

/* This CPU's tick: the LAPIC timer, periodic at HZ. */
void
cpu_initclocks(void)
{
	lapic_write(LAPIC_TIMER_DCR, 0xb);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | IDT_TIMER);
	lapic_write(LAPIC_TIMER_ICR, lapic_timer_hz / HZ);
	if (mycpu->gd_cpuid == 0)
		uart_intr_init();
}
