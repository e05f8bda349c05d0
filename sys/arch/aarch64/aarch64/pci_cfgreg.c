/*
 * PCI configuration access through the FDT's ECAM window, INTx routing
 * through the host bridge's interrupt-map, and the bridge's ranges as
 * BAR assignment windows, and MSI through the GICv2m frame; see
 * <machine/pci_cfgreg.h>.  ECAM accesses are
 * single device-memory loads and stores, so they need no lock; the
 * per-bus mapping is made once under a spinlock.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/spinlock.h>
#include <sys/cpu.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>
#include <machine/pci_cfgreg.h>
#include <dev/pci/pcivar.h>

static struct spinlock ecam_spin = SPINLOCK_INITIALIZER("pci_ecam");
static volatile uint8_t *ecam_bus[256];	/* 1 MiB of ECAM per bus */

static volatile void *
ecam_addr(int bus, int slot, int func, int reg)
{
	volatile uint8_t *b;
	vm_paddr_t pa;

	if (platform.ecam_pa == 0 || bus < platform.ecam_bus_min ||
	    bus > platform.ecam_bus_max)
		return (NULL);
	/* The window starts at bus_min; stay inside what the FDT gave. */
	pa = platform.ecam_pa + ((vm_paddr_t)(bus - platform.ecam_bus_min)
	    << 20);
	if (pa + (1 << 20) > platform.ecam_pa + platform.ecam_size)
		return (NULL);
	if ((b = ecam_bus[bus]) == NULL) {
		spin_lock(&ecam_spin);
		b = ecam_bus[bus];
		spin_unlock(&ecam_spin);
		if (b == NULL) {
			b = pmap_mapdev(pa, 1 << 20);
			if (b == NULL)
				return (NULL);
			spin_lock(&ecam_spin);
			/* A racing mapper wasted 1 MiB of KVA; keep one. */
			if (ecam_bus[bus] == NULL)
				ecam_bus[bus] = b;
			b = ecam_bus[bus];
			spin_unlock(&ecam_spin);
		}
	}
	return (b + ((slot << 15) | (func << 12) | reg));
}

static bool
cfg_args_ok(int bus, int slot, int func, int reg, int bytes)
{
	return (bus >= 0 && bus < 256 && slot >= 0 && slot < 32 &&
	    func >= 0 && func < 8 && reg >= 0 && reg < 4096 &&
	    (bytes == 1 || bytes == 2 || bytes == 4) &&
	    (reg & (bytes - 1)) == 0);
}

uint32_t
pci_cfgread(int bus, int slot, int func, int reg, int bytes)
{
	volatile void *p;
	uint32_t v;

	if (!cfg_args_ok(bus, slot, func, reg, bytes) ||
	    (p = ecam_addr(bus, slot, func, reg)) == NULL)
		return (0xffffffff);
	switch (bytes) {
	case 1:
		v = *(volatile uint8_t *)p;
		break;
	case 2:
		v = *(volatile uint16_t *)p;
		break;
	default:
		v = *(volatile uint32_t *)p;
		break;
	}
	return (v);
}

void
pci_cfgwrite(int bus, int slot, int func, int reg, uint32_t val, int bytes)
{
	volatile void *p;

	if (!cfg_args_ok(bus, slot, func, reg, bytes) ||
	    (p = ecam_addr(bus, slot, func, reg)) == NULL)
		return;
	switch (bytes) {
	case 1:
		*(volatile uint8_t *)p = val;
		break;
	case 2:
		*(volatile uint16_t *)p = val;
		break;
	default:
		*(volatile uint32_t *)p = val;
		break;
	}
	cpu_mfence();		/* a config write takes effect before use */
}

/*
 * MSI through the GICv2m frame (QEMU virt gic-version=2): a write of an
 * SPI's interrupt id to the frame's MSI_SETSPI_NS register raises that
 * SPI.  MSI_TYPER says which SPIs are the frame's: [25:16] the first
 * one's interrupt id, [9:0] how many.  Each msi_establish() takes the
 * next free one, edge-triggered (a message is an event, not a level).
 * With GICv3 the ITS is the MSI controller (gic_its.c), and the
 * requester id rid names the function to it.
 */
#define V2M_MSI_TYPER		0x008
#define V2M_MSI_SETSPI_NS	0x040

static struct spinlock v2m_spin = SPINLOCK_INITIALIZER("gicv2m");
static volatile uint8_t *v2m_va;	/* set once, under v2m_spin */
static int v2m_base, v2m_count, v2m_next;

/*
 * Map the frame and read its SPI range, once; false if there is none.
 * pmap_mapdev() is not called under the spinlock: two racing first
 * callers both map the page and one mapping (4 KiB of KVA) is wasted.
 */
static bool
v2m_probe(void)
{
	volatile uint8_t *va;
	uint32_t typer;
	int base, count;

	if (v2m_va != NULL)
		return (true);
	if (platform.gic_version != 2 || platform.v2m_pa == 0)
		return (false);
	if ((va = pmap_mapdev(platform.v2m_pa, 0x1000)) == NULL)
		return (false);
	typer = *(volatile uint32_t *)(va + V2M_MSI_TYPER);
	base = (typer >> 16) & 0x3ff;
	count = typer & 0x3ff;
	/* Only SPIs (32..1019), which the interrupt table holds. */
	if (base < 32)
		count = 0;
	if (base + count > 1020)
		count = 1020 - base;
	spin_lock(&v2m_spin);
	if (v2m_va == NULL) {
		v2m_base = base;
		v2m_count = count;
		cpu_sfence();
		v2m_va = va;
	}
	spin_unlock(&v2m_spin);
	return (true);
}

int
msi_establish(int rid, void (*handler)(void *), void *arg, uint64_t *addrp,
    uint32_t *datap)
{
	int irq;

	if (its_present())
		return (its_msi_establish(rid, handler, arg, addrp, datap));
	if (!v2m_probe())
		return (ENXIO);
	spin_lock(&v2m_spin);
	/*
	 * Interrupts are never given back (drivers do not detach), so the
	 * next free SPI is a counter.  One already taken by INTx is
	 * skipped: intr_establish() says EBUSY.
	 */
	for (;;) {
		if (v2m_next >= v2m_count) {
			spin_unlock(&v2m_spin);
			return (ENOSPC);
		}
		irq = v2m_base + v2m_next++;
		gic_config_edge(irq);
		if (intr_establish(irq, handler, arg) == 0)
			break;
	}
	spin_unlock(&v2m_spin);
	*addrp = platform.v2m_pa + V2M_MSI_SETSPI_NS;
	*datap = irq;
	return (0);
}

const char *
msi_controller(void)
{
	if (its_present())
		return ("its");
	return (v2m_probe() && v2m_count > 0 ? "gicv2m" : "none");
}

/*
 * Match (bus/dev/fn, pin) against the interrupt-map under its mask.  A
 * bridge without a usable map gets QEMU virt's fixed routing: pin p of
 * slot s on SPI 3 + (s + p - 1) mod 4.
 */
int
pci_intx_route(int bus, int slot, int func, int pin, int line)
{
	uint32_t hi, m0, m3;
	int i;

	if (pin < 1 || pin > 4 || platform.ecam_pa == 0)
		return (-1);
	hi = ((uint32_t)bus << 16) | (slot << 11) | (func << 8);
	m0 = platform.ecam_imap_mask[0];
	m3 = platform.ecam_imap_mask[3];
	for (i = 0; i < platform.ecam_nimap; i++) {
		if ((hi & m0) == platform.ecam_imap[i].physhi &&
		    ((uint32_t)pin & m3) == platform.ecam_imap[i].pin)
			return (platform.ecam_imap[i].irq);
	}
	if (platform.ecam_nimap != 0)
		return (-1);
	return (32 + 3 + (slot + pin - 1) % 4);
}

/* phys.hi space code: 01 I/O, 10 32-bit memory, 11 64-bit memory. */
int
pci_windows(struct pci_window *w, int max)
{
	const struct plat_range *r;
	int i, n = 0;

	for (i = 0; i < platform.ecam_nranges && n < max; i++) {
		r = &platform.ecam_ranges[i];
		if (r->pr_size == 0)
			continue;
		switch ((r->pr_flags >> 24) & 3) {
		case 1:
			w[n].pw_type = PCI_BAR_IO;
			w[n].pw_64 = false;
			break;
		case 2:
			w[n].pw_type = PCI_BAR_MEM;
			w[n].pw_64 = false;
			break;
		case 3:
			w[n].pw_type = PCI_BAR_MEM;
			w[n].pw_64 = true;
			break;
		default:
			continue;
		}
		w[n].pw_pci = r->pr_pci;
		w[n].pw_cpu = r->pr_cpu;
		w[n].pw_size = r->pr_size;
		n++;
	}
	return (n);
}
