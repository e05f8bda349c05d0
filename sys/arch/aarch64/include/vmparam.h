/*
 * aarch64 virtual memory layout (4 KiB granule, 48-bit VA, 4 levels).
 *
 * TTBR0 (low half) holds one user address space per process:
 *	0x0000_0000_0000_1000 .. 0x0000_ffff_ffff_e000 (VM_MAX_USER_ADDRESS,
 *				also USRSTACK: the stack grows down from it)
 *	0x0000_ffff_ffff_e000	SIGCODE_VA: the signal trampoline page,
 *				mapped read+execute by pmap_create()
 * TTBR1 (high half) holds the kernel, the same on every CPU:
 *	0xffff_0000_0000_0000	direct map of physical memory (RAM only,
 *				normal write-back), DMAP_SIZE bytes
 *	0xffff_ff80_0000_0000	KVA_START: kernel VA handed out by the MI
 *				allocator through pmap_kenter
 *	0xffff_ffff_0000_0000	KVA_END, start of the device window used by
 *				pmap_mapdev (device-nGnRE)
 *	0xffff_ffff_4000_0000	boot window onto the DTB (2 x 2 MiB)
 *	0xffff_ffff_8000_0000	KERNBASE: the kernel image (2 MiB blocks)
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#define VM_MIN_USER_ADDRESS	0x0000000000001000UL
#define VM_MAX_USER_ADDRESS	0x0000ffffffffe000UL /* 2^48 - 8 KiB */
#define USRSTACK		VM_MAX_USER_ADDRESS
#define SIGCODE_VA		0x0000ffffffffe000UL
#define USRSTACK_SIZE		(8UL * 1024 * 1024)

#define DMAP_BASE		0xffff000000000000UL
#define DMAP_SIZE		0x0000008000000000UL /* 512 GiB: one L0 slot */
#define KVA_START		0xffffff8000000000UL
#define KVA_END			0xffffffff00000000UL
#define DEVMAP_BASE		0xffffffff00000000UL
#define DEVMAP_END		0xffffffff40000000UL
#define DTBWIN_BASE		0xffffffff40000000UL
#define KERNBASE		0xffffffff80000000UL
/* A kernel-half (TTBR1) address nothing maps (machdep.fault_test). */
#define KVA_UNMAPPED		0xffffffffc0000000UL

#define VM_MIN_KERNEL_ADDRESS	DMAP_BASE

#define PHYS_TO_DMAP(pa)	((vm_offset_t)(pa) + DMAP_BASE)
#define DMAP_TO_PHYS(va)	((vm_paddr_t)(va) - DMAP_BASE)

#endif /* !_MACHINE_VMPARAM_H_ */
