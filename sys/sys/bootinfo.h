/*
 * What the machine-dependent boot code learned about the machine, handed to
 * the machine-independent kernel in mi_startup().  amd64 fills it from the
 * multiboot2 tags and ACPI, aarch64 from the flattened device tree.  All
 * addresses are physical.
 */
#ifndef _SYS_BOOTINFO_H_
#define _SYS_BOOTINFO_H_

#include <sys/types.h>

#define BI_MAXMEM	64
#define BI_MAXRSVD	16
#define BI_CMDLINE	512

struct bi_range {
	vm_paddr_t	start;		/* first byte */
	vm_paddr_t	end;		/* one past the last byte */
};

struct bootinfo {
	int		bi_nmem;		/* usable RAM ranges */
	struct bi_range	bi_mem[BI_MAXMEM];
	int		bi_nrsvd;		/* in-use ranges inside RAM: */
	struct bi_range	bi_rsvd[BI_MAXRSVD];	/* kernel image, boot page
						   tables, DTB, ACPI ... */
	vm_paddr_t	bi_initrd_start;	/* root image (cpio newc), */
	vm_paddr_t	bi_initrd_end;		/* 0/0 if none; MI reserves it */
	char		bi_cmdline[BI_CMDLINE];	/* kernel arguments */
	int		bi_ncpu;		/* CPUs found (MADT / FDT) */
	uint64_t	bi_rtc_sec;		/* wall clock at boot, UNIX sec,
						   0 if unknown */
	char		bi_machine[64];		/* e.g. "QEMU virt, GICv3" */
};

extern struct bootinfo bootinfo;	/* defined in MI init_main.c */

#endif /* !_SYS_BOOTINFO_H_ */
