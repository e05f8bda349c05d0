/*
 * aarch64 kernel entry.  The file begins with the Linux arm64 Image header
 * so that QEMU's -kernel (and any arm64 Linux boot loader) loads the image
 * at a 2 MiB aligned physical address and enters it with the DTB's
 * physical address in x0, MMU and D-cache off, at EL2 or EL1.
 *
 * The early code is position independent (adr/adrp only): it drops to EL1
 * if started at EL2, zeroes the BSS, builds the boot page tables (TTBR1:
 * the image at KERNBASE and a window onto the DTB; TTBR0: an identity map
 * of the 1 GiB around the image so the instruction after the MMU switch
 * still has a mapping), turns the MMU and caches on and jumps to the high
 * kernel, which calls aarch64_init() in machdep.c.  Application
 * processors started through PSCI CPU_ON enter at mpentry and reuse the
 * same tables.
 */
#include <machine/vmparam.h>

#define L2_BLOCK_NORMAL	0x0040000000000705	/* UXN AF ISH Attr1 block */
#define L2_BLOCK_NOEXEC	0x0060000000000705	/* + PXN */
#define L1_BLOCK_NORMAL	0x0040000000000705
#define TABLE_DESC	0x3

/* MAIR: 0 Device-nGnRE, 1 Normal WB, 2 Normal NC, 3 Device-nGnRnE. */
#define MAIR_VALUE	0x000044ff04

/* T0SZ=T1SZ=16, WB-WA walks, inner shareable, TG0 4K, TG1 4K. */
#define TCR_BASE	((16 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | \
			 (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | \
			 (2 << 30))

/* RES1 bits, then M C SA SA0 I DZE UCT nTWI nTWE (PAN handled in C). */
#define SCTLR_RES1	0x30d00800
#define SCTLR_VALUE	(SCTLR_RES1 | 0x1 | 0x4 | 0x8 | 0x10 | 0x1000 | \
			 0x4000 | 0x8000 | 0x10000 | 0x40000)

	.section .text.boot, "ax"
	.globl	_start
_start:
	/* Linux arm64 Image header (Documentation/arm64/booting). */
	b	1f			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_kernel_size		/* image_size, BSS included */
	.quad	0xa			/* LE, 4 KiB pages, anywhere */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.long	0x644d5241		/* "ARM\x64" */
	.long	0			/* res5: no PE header */
1:
	mov	x19, x0			/* DTB physical address */
	bl	el_setup
	mov	x21, x2			/* the EL we were entered at */

	/* Zero the BSS (MMU off: these are physical addresses). */
	adrp	x0, _bss_start
	add	x0, x0, :lo12:_bss_start
	adrp	x1, _bss_end
	add	x1, x1, :lo12:_bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	adr	x20, _start		/* physical load address */

	/* TTBR1: L0[511] -> L1; L1[510] -> L2 (image); L1[509] -> L2 (DTB) */
	adrp	x0, boot_l0_ttbr1
	adrp	x1, boot_l1_kern
	orr	x2, x1, #TABLE_DESC
	str	x2, [x0, #511 * 8]
	adrp	x2, boot_l2_kern
	orr	x3, x2, #TABLE_DESC
	str	x3, [x1, #510 * 8]
	adrp	x4, boot_l2_dtb
	orr	x3, x4, #TABLE_DESC
	str	x3, [x1, #509 * 8]

	/* Image: 2 MiB blocks from the load address, covering the BSS. */
	ldr	x5, =_kernel_size
	ldr	x7, =0x1fffff
	add	x5, x5, x7
	lsr	x5, x5, #21		/* block count */
	ldr	x6, =L2_BLOCK_NORMAL
	orr	x6, x6, x20
	mov	x7, x2
4:	str	x6, [x7], #8
	add	x6, x6, #0x200000
	subs	x5, x5, #1
	b.ne	4b

	/* DTB window: the 2 MiB block holding the DTB and the next one. */
	ldr	x6, =L2_BLOCK_NOEXEC
	and	x7, x19, #~0x1fffff
	orr	x6, x6, x7
	str	x6, [x4]
	add	x6, x6, #0x200000
	str	x6, [x4, #8]

	/* TTBR0: identity 1 GiB block around the image. */
	adrp	x0, boot_l0_ttbr0
	adrp	x1, boot_l1_id
	orr	x2, x1, #TABLE_DESC
	lsr	x3, x20, #39
	and	x3, x3, #511
	str	x2, [x0, x3, lsl #3]
	lsr	x3, x20, #30
	and	x3, x3, #511
	ldr	x6, =L1_BLOCK_NORMAL
	and	x7, x20, #~0x3fffffff
	orr	x6, x6, x7
	str	x6, [x1, x3, lsl #3]

	/* Throw away any stale cache lines over what we wrote uncached. */
	adrp	x0, _bss_start
	add	x0, x0, :lo12:_bss_start
	adrp	x1, _bss_end
	add	x1, x1, :lo12:_bss_end
	bl	dcache_inv_range

	bl	mmu_on
	ldr	x0, =virt_start
	br	x0

virt_start:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19			/* DTB pa */
	mov	x1, x20			/* kernel load pa */
	mov	x2, x21			/* entry EL */
	bl	aarch64_init
5:	wfe
	b	5b

/*
 * Application processor entry from PSCI CPU_ON: MMU off, x0 = context
 * (the CPU index).  Same path as the boot CPU minus table building.
 */
	.globl	mpentry
mpentry:
	mov	x19, x0
	bl	el_setup
	mov	x21, x2			/* the EL we were entered at */
	bl	mmu_on
	ldr	x0, =mp_virt_start
	br	x0
mp_virt_start:
	ldr	x0, =ap_boot_stack
	ldr	x0, [x0, x19, lsl #3]
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	mov	x1, x21			/* entry EL */
	bl	aarch64_ap_init
6:	wfe
	b	6b

/*
 * Drop from EL2 to EL1 if needed; enable FP/SIMD at EL1 and EL0.
 * Clobbers x0-x2; returns at EL1 with the EL it was entered at in x2
 * (machdep.entry_el reports it per CPU).
 */
el_setup:
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	mov	x2, x0
	cmp	x0, #2
	b.ne	1f
	mov	x0, #(1 << 31)			/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3			/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #0x33ff			/* CPTR_EL2: no FP traps */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4			/* GIC system registers? */
	cbz	x0, 2f
	mrs	x0, S3_4_C12_C9_5		/* ICC_SRE_EL2 */
	mov	x1, #0x9			/* Enable | SRE */
	orr	x0, x0, x1
	msr	S3_4_C12_C9_5, x0
	isb
2:	ldr	x0, =SCTLR_RES1
	msr	sctlr_el1, x0
	mov	x0, #0x3c5			/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	adr	x0, 1f
	msr	elr_el2, x0
	isb
	eret
1:	mov	x0, #(3 << 20)			/* CPACR_EL1.FPEN */
	msr	cpacr_el1, x0
	isb
	ret

/*
 * Load MAIR/TCR/TTBRs and turn on the MMU and caches.  Returns (to a
 * physical address still mapped by the TTBR0 identity map).
 */
mmu_on:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_BASE
	mrs	x1, id_aa64mmfr0_el1
	and	x2, x1, #0xf			/* PARange -> IPS */
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls			/* at most 48 bits */
	orr	x0, x0, x2, lsl #32
	ubfx	x2, x1, #4, #4			/* ASIDBits: 2 = 16 bits */
	cmp	x2, #2
	b.ne	1f
	orr	x0, x0, #(1 << 36)		/* TCR.AS */
1:	msr	tcr_el1, x0
	adrp	x0, boot_l0_ttbr0
	msr	ttbr0_el1, x0
	adrp	x0, boot_l0_ttbr1
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_VALUE
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

/* dcache_inv_range(start, end): invalidate to PoC; x0-x3 clobbered. */
	.globl	dcache_inv_range
dcache_inv_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine, log2 words */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

	.ltorg

	.bss
	.balign	4096
	.globl	boot_l0_ttbr1
boot_l0_ttbr1:	.space	4096
boot_l1_kern:	.space	4096
boot_l2_kern:	.space	4096
boot_l2_dtb:	.space	4096
	.globl	boot_l0_ttbr0
boot_l0_ttbr0:	.space	4096
boot_l1_id:	.space	4096
	.balign	16
	.globl	boot_stack
boot_stack:	.space	4 * 4096
boot_stack_top:
