/*
 * The amd64 virtual address space.  The lower canonical half belongs to
 * the user process; the upper half is the kernel's and is shared by every
 * page map (each process' PML4 copies the kernel's entries 256..511, which
 * never change after boot):
 *
 *   0x0000000000001000 .. 0x00007fffffffe000	user (USRSTACK at the top)
 *   0x00007fffffffe000 .. 0x00007ffffffff000	signal trampoline page,
 *						mapped by the pmap, R+X
 *   0xffff800000000000 .. +512 GiB		direct map of physical memory
 *   0xffffc00000000000 .. +512 GiB		kernel VA for the MI allocator
 *   0xffffffff80000000 .. (-2 GiB)		the kernel image
 *
 * The user range stops one page short of the canonical limit so that a
 * system call made from the last user page can never sysret to a
 * non-canonical %rip.
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#ifdef __ASSEMBLY__
#define _VMP_UL(x)	x
#else
#define _VMP_UL(x)	x##UL
#endif

#define VM_MIN_USER_ADDRESS	_VMP_UL(0x0000000000001000)
#define VM_MAX_USER_ADDRESS	_VMP_UL(0x00007fffffffe000)
#define USRSTACK		VM_MAX_USER_ADDRESS
#define USRSTACK_SIZE		(8UL * 1024 * 1024)	/* 8 MiB */

/* The page above the user range holds the signal trampoline. */
#define SIGCODE_VA		_VMP_UL(0x00007fffffffe000)

#define DMAP_MIN_ADDRESS	_VMP_UL(0xffff800000000000)
#define DMAP_MAX_ADDRESS	_VMP_UL(0xffff808000000000)
#define KVA_START		_VMP_UL(0xffffc00000000000)
#define KVA_END			_VMP_UL(0xffffc08000000000)
#define KERNBASE		_VMP_UL(0xffffffff80000000)
#define KERNLOAD		_VMP_UL(0x200000)	/* physical load address */
/* A kernel-half address nothing maps (machdep.fault_test stores there). */
#define KVA_UNMAPPED		_VMP_UL(0xffffffffc0000000)

#define VM_MIN_KERNEL_ADDRESS	DMAP_MIN_ADDRESS
#define VM_MAX_KERNEL_ADDRESS	_VMP_UL(0xffffffffffffffff)

#ifndef __ASSEMBLY__
#define PHYS_TO_DMAP(pa)	((vm_offset_t)(pa) + DMAP_MIN_ADDRESS)
#define DMAP_TO_PHYS(va)	((vm_paddr_t)((vm_offset_t)(va) - \
				    DMAP_MIN_ADDRESS))
/* Kernel image addresses (KERNBASE + phys) to physical and back. */
#define KERN_TO_PHYS(va)	((vm_paddr_t)((vm_offset_t)(va) - KERNBASE))
#endif

#endif /* !_MACHINE_VMPARAM_H_ */
