/*
 * aarch64 machine-layer internals shared by the files in
 * sys/arch/aarch64/aarch64: what the FDT told us about the platform, the
 * boot-time page-table allocator and the interrupt controller and timer
 * entry points.  Not for MI code.
 */
#ifndef _MACHINE_MACHDEP_H_
#define _MACHINE_MACHDEP_H_

#include <sys/types.h>
#include <sys/param.h>

#define PLAT_MAXVIRTIO	32
#define PLAT_MAXRANGES	4
#define PLAT_MAXIMAP	64

struct plat_range {
	uint32_t	pr_flags;	/* PCI space code (phys.hi) */
	uint64_t	pr_pci;		/* PCI address */
	uint64_t	pr_cpu;		/* CPU physical address */
	uint64_t	pr_size;
};

struct platform {
	vm_paddr_t	uart_pa;	/* PL011, 0 if none */
	int		uart_irq;	/* GIC interrupt id, -1 if none */
	vm_paddr_t	rtc_pa;		/* PL031 RTC, 0 if none */
	int		gic_version;	/* 2 or 3, 0 if none found */
	vm_paddr_t	gicd_pa, gicd_size;	/* distributor */
	vm_paddr_t	gicc_pa, gicc_size;	/* v2 CPU interface */
	vm_paddr_t	gicr_pa, gicr_size;	/* v3 redistributors */
	vm_paddr_t	v2m_pa, v2m_size;	/* GICv2m MSI frame, 0 if none */
	vm_paddr_t	its_pa, its_size;	/* GICv3 ITS, 0 if none */
	uint32_t	msimap_rid, msimap_devid, msimap_len; /* PCI msi-map */
	int		timer_virt_irq;	/* PPI id of the virtual timer */
	int		timer_phys_irq;	/* PPI id of the NS physical timer */
	int		psci_method;	/* PSCI_NONE / _HVC / _SMC */
	int		ncpu;
	uint64_t	cpu_mpidr[SMP_MAXCPU];
	vm_paddr_t	ecam_pa, ecam_size;	/* PCIe ECAM, 0 if none */
	int		ecam_bus_min, ecam_bus_max;
	int		ecam_nranges;
	struct plat_range ecam_ranges[PLAT_MAXRANGES];
	/* PCI INTx routing from the host bridge's interrupt-map. */
	uint32_t	ecam_imap_mask[4];	/* phys.hi .. pin mask */
	int		ecam_nimap;
	struct {
		uint32_t	physhi;		/* bus/dev/fn, masked */
		uint32_t	pin;		/* 1..4, masked */
		int		irq;		/* GIC interrupt id */
	}		ecam_imap[PLAT_MAXIMAP];
	int		nvirtio;
	struct {
		vm_paddr_t	pa, size;
		int		irq;
	}		virtio[PLAT_MAXVIRTIO];
	char		model[48];
};

#define PSCI_NONE	0
#define PSCI_HVC	1
#define PSCI_SMC	2

extern struct platform platform;
extern vm_paddr_t kernel_pa;		/* physical address of KERNBASE */

/* fdt.c: 0 or an errno; fills `platform' and `bootinfo'. */
int	fdt_parse(const void *dtb, size_t maxlen);
size_t	fdt_totalsize(const void *dtb, size_t maxlen);

/* pl031.c: the RTC's seconds since the Epoch, 0 if unusable. */
uint64_t pl031_read(vm_offset_t va);

/* pl011.c */
void	pl011_init(vm_offset_t va);
void	pl011_intr(void *arg);
void	pl011_enable_intr(void);
void	cons_drain(void);

/* gic.c */
void	gic_init(void);			/* distributor: BSP, once */
void	gic_init_cpu(void);		/* this CPU's interface */
void	gic_enable_irq(int irq);	/* route to this CPU (PPI) or CPU0 */
void	gic_config_edge(int irq);	/* SPI irq edge-triggered */
int	gic_ack(void);			/* interrupt id, 1023: none */
void	gic_eoi(int irq);
void	gic_send_sgi(int cpuid, int sgi);
vm_offset_t gic_rdist(int i, vm_paddr_t *pap);	/* v3: i-th, 0 past */
vm_offset_t gic_rdist_cpu(int cpu, vm_paddr_t *pap);

/* gic_its.c: MSI through the GICv3 ITS */
bool	its_present(void);
int	its_msi_establish(int rid, void (*handler)(void *), void *arg,
	    uint64_t *addrp, uint32_t *datap);
void	its_intr(int irq);		/* an LPI (8192 and up) */

/* pmap.c */
void	pmap_bootstrap(void);
vm_offset_t pmap_bootstrap_mapdev(vm_paddr_t pa, size_t size);
void	pmap_init_cpu(void);
extern bool cpu_has_pan;

/* machdep.c */
int64_t	psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void	dcache_wb_inv_range(vm_offset_t va, size_t len);
void	icache_sync_range(vm_offset_t va, size_t len);

/* trap.c */
void	intr_dispatch(int irq);

static __inline vm_paddr_t
kva_to_pa(vm_offset_t va)
{
	extern char _kernel_start[];

	return (va - (vm_offset_t)_kernel_start + kernel_pa);
}

#endif /* !_MACHINE_MACHDEP_H_ */
