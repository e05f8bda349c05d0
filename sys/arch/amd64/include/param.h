/*
 * amd64 machine constants for <sys/param.h>: page geometry, kernel stack
 * size and the machine names reported by uname and the banner.  Usable
 * from assembly.
 */
#ifndef _MACHINE_PARAM_H_
#define _MACHINE_PARAM_H_

#define MACHINE		"amd64"
#define MACHINE_ARCH	"x86_64"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)		/* 4 KiB */
#define PAGE_MASK	(PAGE_SIZE - 1)
#define NPDEPG		512			/* entries per page table */

#define PDRSHIFT	21			/* 2 MiB large page */
#define NBPDR		(1 << PDRSHIFT)
#define PDPSHIFT	30			/* 1 GiB */
#define NBPDP		(1 << PDPSHIFT)
#define PML4SHIFT	39			/* 512 GiB */

/*
 * Kernel stacks: 4 pages.  The trap frame and the syscall path use a
 * few hundred bytes; the rest is for the deepest MI call chains
 * (network stack inside a system call inside an interrupt).
 */
#define KSTACK_PAGES	4
#define KSTACK_SIZE	(KSTACK_PAGES * PAGE_SIZE)

#define CACHE_LINE_SIZE	64

#endif /* !_MACHINE_PARAM_H_ */
