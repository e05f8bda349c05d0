/*
 * PCI configuration space for the PCI drivers, aarch64 side.  The only
 * host bridge is the FDT's pci-host-ecam-generic node: configuration
 * access goes through its ECAM window (mapped a bus at a time, as buses
 * are first touched).  Nothing assigns BARs when QEMU loads the kernel
 * directly, so pci_windows() hands the MI code the bridge's ranges to
 * assign them from.  INTx follows the bridge's interrupt-map to a GIC
 * SPI.  MSI and MSI-X go through the GICv3 ITS (gic-version=3, QEMU's
 * default; gic_its.c), each vector an LPI, or through the GICv2m frame
 * (gic-version=2), each vector one of the frame's SPIs, edge-triggered.
 */
#ifndef _MACHINE_PCI_CFGREG_H_
#define _MACHINE_PCI_CFGREG_H_

#include <sys/types.h>

uint32_t pci_cfgread(int bus, int slot, int func, int reg, int bytes);
void	pci_cfgwrite(int bus, int slot, int func, int reg, uint32_t val,
	    int bytes);
/* rid: the function's requester id (bus << 8 | slot << 3 | func). */
int	msi_establish(int rid, void (*handler)(void *), void *arg,
	    uint64_t *addrp, uint32_t *datap);	/* ENXIO: no controller */
const char *msi_controller(void);	/* "its", "gicv2m" or "none" */

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
