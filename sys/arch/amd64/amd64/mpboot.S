/*
 * Application processor start-up.  mptramp_start..mptramp_end is copied
 * to MPTRAMP_PA (below 1 MiB) by cpu_mp_start(); a STARTUP IPI with
 * vector MPTRAMP_PA >> 12 starts an AP there in real mode.  It goes to
 * protected mode, then long mode on the boot page tables (boot_pml4:
 * identity of the low 4 GiB plus the kernel), and jumps to ap_entry64
 * in the kernel, which switches to the kernel page tables and the stack
 * the BSP chose and calls ap_init() (mp_machdep.c).  The trampoline is
 * assembled for its run address; the three words the BSP fills in
 * (mptramp_cr3, mptramp_efer, mptramp_entry) are at fixed offsets.
 */
#include <machine/param.h>
#include <machine/vmparam.h>
#include "assym.h"

#define MPTRAMP_PA	0x8000
#define T(x)		(MPTRAMP_PA + (x) - mptramp_start)
#define MSR_EFER	0xc0000080

	.text
	.balign	16
	.globl	mptramp_start, mptramp_end
	.globl	mptramp_cr3, mptramp_efer, mptramp_entry
	.code16
mptramp_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	T(mptramp_gdtr)
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $T(mptramp_32)

	.code32
mptramp_32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	T(mptramp_cr3), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	T(mptramp_efer), %eax	/* LME, and NXE when available */
	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	ljmpl	$0x18, $T(mptramp_64)

	.code64
mptramp_64:
	movq	T(mptramp_entry), %rax
	jmp	*%rax

	.balign	8
mptramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code */
mptramp_gdtr:
	.word	mptramp_gdtr - mptramp_gdt - 1
	.long	T(mptramp_gdt)
	.balign	8
mptramp_cr3:	.quad	0
mptramp_efer:	.quad	0
mptramp_entry:	.quad	0
mptramp_end:

/* In the kernel proper, on the boot page tables. */
	.globl	ap_entry64
ap_entry64:
	movq	kernel_cr3(%rip), %rax
	movq	%rax, %cr3
	movq	ap_boot_stack(%rip), %rsp
	xorl	%ebp, %ebp
	call	ap_init
1:	hlt
	jmp	1b

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
