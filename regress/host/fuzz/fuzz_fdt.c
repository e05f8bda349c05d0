/*
 * fuzz_fdt.c: fuzz target for the flattened device tree reader
 * (sys/arch/aarch64/aarch64/fdt.c), the first thing the aarch64 kernel
 * does with the blob a boot loader passes in x0.  Compiled with the
 * aarch64 machine headers (the reader is plain C on byte arrays, so it
 * runs the same on the host).  The blob is given as the whole window,
 * as the kernel maps it; a parse must never read outside it and must
 * leave counts inside the tables it fills.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bootinfo.h>
#include <machine/machdep.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bootinfo bootinfo;		/* init_main.c's, in the kernel */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total;
	int i;

	memset(&bootinfo, 0, sizeof(bootinfo));
	memset(&platform, 0, sizeof(platform));
	/* machdep.c trusts the header's size only after a good parse. */
	if (fdt_parse(data, size) == 0 &&
	    (total = fdt_totalsize(data, size)) > size)
		panic("fdt_parse accepted a %zu-byte tree in a %zu-byte "
		    "window", total, size);
	if (bootinfo.bi_nmem < 0 || bootinfo.bi_nmem > BI_MAXMEM ||
	    bootinfo.bi_nrsvd < 0 || bootinfo.bi_nrsvd > BI_MAXRSVD ||
	    platform.ncpu < 0 || platform.ncpu > SMP_MAXCPU ||
	    platform.ecam_nranges < 0 ||
	    platform.ecam_nranges > PLAT_MAXRANGES ||
	    platform.ecam_nimap < 0 || platform.ecam_nimap > PLAT_MAXIMAP ||
	    platform.nvirtio < 0 || platform.nvirtio > PLAT_MAXVIRTIO ||
	    strnlen(bootinfo.bi_cmdline, BI_CMDLINE) == BI_CMDLINE ||
	    strnlen(platform.model, sizeof(platform.model)) ==
	    sizeof(platform.model))
		panic("fdt_parse: a count or string outside its table");
	/* Interrupt ids are GIC ids: 16..1019, or -1 for the UART's none. */
	if (platform.uart_irq < -1 || platform.uart_irq > 1019 ||
	    platform.timer_virt_irq < -1 || platform.timer_virt_irq > 1019 ||
	    platform.timer_phys_irq < -1 || platform.timer_phys_irq > 1019)
		panic("fdt_parse: uart/timer irq %d %d %d", platform.uart_irq,
		    platform.timer_virt_irq, platform.timer_phys_irq);
	for (i = 0; i < platform.nvirtio; i++)
		if (platform.virtio[i].irq < -1 || platform.virtio[i].irq > 1019)
			panic("fdt_parse: virtio irq %d", platform.virtio[i].irq);
	for (i = 0; i < platform.ecam_nimap; i++)
		if (platform.ecam_imap[i].irq < 16 ||
		    platform.ecam_imap[i].irq > 1019)
			panic("fdt_parse: PCI INTx irq %d",
			    platform.ecam_imap[i].irq);
	return (0);
}
