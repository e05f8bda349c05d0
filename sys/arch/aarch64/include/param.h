/*
 * aarch64 machine constants.  Petrel uses the 4 KiB translation granule
 * on every aarch64 CPU (all implementations support it).
 */
#ifndef _MACHINE_PARAM_H_
#define _MACHINE_PARAM_H_

#define MACHINE		"aarch64"
#define MACHINE_ARCH	"aarch64"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)

#define KSTACK_PAGES	4		/* 16 KiB kernel stack per thread */
#define KSTACK_SIZE	(KSTACK_PAGES * PAGE_SIZE)

/* Cortex-A53/A57/A72 and QEMU's `max' all use 64-byte lines. */
#define CACHE_LINE_SIZE	64

#endif /* !_MACHINE_PARAM_H_ */
