/*
 * The PCI bus as drivers see it.  pci.c enumerates every bus behind the
 * host bridge once at boot (SI_SUB_CONFIGURE), sizes and, where the
 * firmware left them empty, assigns the BARs, and offers each function
 * to the registered drivers in turn; the first whose probe returns 0 is
 * attached.  A driver registers with pci_driver_register() from a
 * SYSINIT at SI_SUB_DRIVERS, which runs before the scan.
 *
 * Interrupts: pci_intr_establish() gives a function one interrupt, the
 * best it can: MSI-X (table entry 0), then MSI (one message), both only
 * where the port can deliver them (amd64), then INTx.  INTx lines may be
 * shared, so an INTx handler must check that its own device asserted.
 *
 * The machine-dependent half (configuration access, INTx routing, the
 * windows BARs are assigned from, MSI address/data) is declared in
 * <machine/pci_cfgreg.h>.
 */
#ifndef _DEV_PCI_PCIVAR_H_
#define _DEV_PCI_PCIVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <dev/pci/pcireg.h>

#define PCI_BAR_NONE	0
#define PCI_BAR_MEM	1
#define PCI_BAR_IO	2

struct pci_bar {
	int		type;		/* PCI_BAR_* */
	bool		is64;		/* a 64-bit memory BAR (uses i+1) */
	bool		prefetch;
	uint64_t	pci_addr;	/* as programmed into the BAR */
	uint64_t	cpu_addr;	/* where the CPU reaches it */
	uint64_t	size;
	volatile uint8_t *va;		/* mapped (memory BARs), or NULL */
};

#define PCI_INTR_NONE	0
#define PCI_INTR_INTX	1
#define PCI_INTR_MSI	2
#define PCI_INTR_MSIX	3

struct pci_driver;

struct pci_dev {
	TAILQ_ENTRY(pci_dev) pd_link;
	int		pd_bus, pd_slot, pd_func;
	uint16_t	pd_vendor, pd_device;
	uint16_t	pd_subvendor, pd_subdevice;
	uint8_t		pd_class, pd_subclass, pd_progif, pd_revid;
	uint8_t		pd_hdrtype;
	uint8_t		pd_intpin;	/* 1..4 = INTA..INTD, 0 none */
	uint8_t		pd_intline;	/* firmware's interrupt line */
	int		pd_irq;		/* routed INTx interrupt, -1 none */
	int		pd_msi_cap;	/* capability offsets, 0 if absent */
	int		pd_msix_cap;
	int		pd_pcie_cap;
	int		pd_intr_mode;	/* PCI_INTR_* once established */
	struct pci_bar	pd_bar[PCI_NBARS_DEVICE];
	const struct pci_driver *pd_driver;
	void		*pd_softc;
	char		pd_name[16];	/* "em0" once attached */
};

struct pci_driver {
	const char	*pdr_name;	/* "em", "vtnet" */
	/* 0 to claim the function, ENXIO to pass. */
	int		(*pdr_probe)(struct pci_dev *);
	/* 0, or an errno: the function stays unclaimed. */
	int		(*pdr_attach)(struct pci_dev *, int unit);
	int		pdr_nunits;	/* attached so far (unit numbers) */
	TAILQ_ENTRY(pci_driver) pdr_link;
};

void	pci_driver_register(struct pci_driver *drv);

uint32_t pci_read_config(const struct pci_dev *pd, int reg, int width);
void	pci_write_config(const struct pci_dev *pd, int reg, uint32_t val,
	    int width);
/* Offset of the first (next after `after', 0 = first) capability `id'. */
int	pci_find_cap(const struct pci_dev *pd, int id, int after);
void	pci_enable_busmaster(struct pci_dev *pd);
/* The mapped memory BAR i, or NULL (I/O, absent, or not mappable). */
volatile uint8_t *pci_bar_va(struct pci_dev *pd, int i);
/* PCI_INTR_*, or a negative errno when nothing could be set up. */
int	pci_intr_establish(struct pci_dev *pd, void (*handler)(void *),
	    void *arg);

#endif /* !_DEV_PCI_PCIVAR_H_ */
