/*
 * PCI configuration access through the FDT's ECAM window, INTx routing
 * through the host bridge's interrupt-map, and the bridge's ranges as
 * BAR assignment windows; see <machine/pci_cfgreg.h>.  ECAM accesses are
 * single device-memory loads and stores, so they need no lock; the
 * per-bus mapping is made once under a spinlock.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/spinlock.h>
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

int
msi_establish(void (*handler)(void *), void *arg, uint64_t *addrp,
    uint32_t *datap)
{
	return (ENXIO);
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
