/*
 * PCI configuration access (ECAM from ACPI MCFG, else ports 0xcf8/0xcfc)
 * and MSI vector allocation; see <machine/pci_cfgreg.h>.  The legacy
 * port pair is a two-step protocol, so it is serialised by a spinlock;
 * ECAM accesses are single loads and stores and need none.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/pci_cfgreg.h>
#include <machine/md_var.h>

static struct spinlock pci_port_spin = SPINLOCK_INITIALIZER("pci_cfg");
static volatile uint8_t *ecam;		/* mapped lazily */
static int ecam_tried;

static volatile void *
ecam_addr(int bus, int slot, int func, int reg)
{
	if (!ecam_tried) {
		ecam_tried = 1;
		if (acpi_mcfg_pa != 0)
			ecam = pmap_mapdev(acpi_mcfg_pa,
			    ((size_t)acpi_mcfg_bus_end + 1) << 20);
	}
	if (ecam == NULL || bus > acpi_mcfg_bus_end)
		return (NULL);
	return (ecam + (((uint64_t)bus << 20) | (slot << 15) | (func << 12) |
	    reg));
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

	if (!cfg_args_ok(bus, slot, func, reg, bytes))
		return (0xffffffff);
	if ((p = ecam_addr(bus, slot, func, reg)) != NULL) {
		switch (bytes) {
		case 1:
			return (*(volatile uint8_t *)p);
		case 2:
			return (*(volatile uint16_t *)p);
		default:
			return (*(volatile uint32_t *)p);
		}
	}
	if (reg >= 256)
		return (0xffffffff);
	spin_lock(&pci_port_spin);
	outl(0xcf8, 0x80000000U | (bus << 16) | (slot << 11) | (func << 8) |
	    (reg & 0xfc));
	switch (bytes) {
	case 1:
		v = inb(0xcfc + (reg & 3));
		break;
	case 2:
		v = inw(0xcfc + (reg & 2));
		break;
	default:
		v = inl(0xcfc);
		break;
	}
	spin_unlock(&pci_port_spin);
	return (v);
}

void
pci_cfgwrite(int bus, int slot, int func, int reg, uint32_t val, int bytes)
{
	volatile void *p;

	if (!cfg_args_ok(bus, slot, func, reg, bytes))
		return;
	if ((p = ecam_addr(bus, slot, func, reg)) != NULL) {
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
		return;
	}
	if (reg >= 256)
		return;
	spin_lock(&pci_port_spin);
	outl(0xcf8, 0x80000000U | (bus << 16) | (slot << 11) | (func << 8) |
	    (reg & 0xfc));
	switch (bytes) {
	case 1:
		outb(0xcfc + (reg & 3), val);
		break;
	case 2:
		outw(0xcfc + (reg & 2), val);
		break;
	default:
		outl(0xcfc, val);
		break;
	}
	spin_unlock(&pci_port_spin);
}

int
msi_establish(int rid, void (*handler)(void *), void *arg, uint64_t *addrp,
    uint32_t *datap)
{
	int vec;

	vec = msi_vector_alloc(handler, arg);
	if (vec < 0)
		return (ENOSPC);
	/* Fixed delivery, edge, to the BSP's LAPIC. */
	*addrp = 0xfee00000UL |
	    ((uint64_t)globaldata_find(0)->gd_md.gd_lapic_id << 12);
	*datap = vec;
	return (0);
}

/* MSI is a write to the local APIC's window: always there. */
const char *
msi_controller(void)
{
	return ("lapic");
}

int
pci_intx_route(int bus, int slot, int func, int pin, int line)
{
	/* 0 and 255 mean "not connected / unknown"; 2 is the cascade. */
	if (pin < 1 || pin > 4 || line <= 0 || line >= 16 || line == 2)
		return (-1);
	return (line);
}

int
pci_windows(struct pci_window *w, int max)
{
	return (0);
}
