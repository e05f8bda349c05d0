/*
 * PCI configuration space and MSI for the PCI drivers, amd64 side.
 * Configuration access goes through the PCIe ECAM window the ACPI MCFG
 * table gave (all 4 KiB of a function's space), or, without one, through
 * the legacy 0xcf8/0xcfc ports (the first 256 bytes only).  A read of a
 * register that cannot be reached returns all ones, as missing devices
 * do.  MSI: msi_establish() allocates a vector for handler(arg), routed
 * to the BSP, and returns the address/data pair to program into the
 * device's MSI or MSI-X capability.  INTx: the firmware (SeaBIOS, OVMF)
 * writes the ISA IRQ a function's pin is steered to into its interrupt
 * line register, and QEMU's MADT marks those IRQs level/high, so the
 * line is the interrupt.  BARs are assigned by the firmware: no windows.
 */
#ifndef _MACHINE_PCI_CFGREG_H_
#define _MACHINE_PCI_CFGREG_H_

#include <sys/types.h>

uint32_t pci_cfgread(int bus, int slot, int func, int reg, int bytes);
void	pci_cfgwrite(int bus, int slot, int func, int reg, uint32_t val,
	    int bytes);
/* rid: the requester id (bus << 8 | slot << 3 | func), unused here. */
int	msi_establish(int rid, void (*handler)(void *), void *arg,
	    uint64_t *addrp, uint32_t *datap);	/* ENOSPC: no vector */
const char *msi_controller(void);	/* "lapic": every amd64 has one */


/* A range of bus addresses unprogrammed BARs may be assigned from. */
struct pci_window {
	int		pw_type;	/* PCI_BAR_MEM or PCI_BAR_IO */
	bool		pw_64;		/* 64-bit memory (above 4 GiB) */
	uint64_t	pw_pci, pw_cpu, pw_size;
};

/* intr_establish() number for INTx pin (1-4) of a function, or -1. */
int	pci_intx_route(int bus, int slot, int func, int pin, int line);
int	pci_windows(struct pci_window *w, int max);	/* how many */

#endif /* !_MACHINE_PCI_CFGREG_H_ */
