/*
 * amd64 kernel entry.  Two boot protocols arrive here in 32-bit protected
 * mode with paging off:
 *   - multiboot2 (GRUB2): %eax = 0x36d76289, %ebx = the boot information;
 *   - PVH (QEMU -kernel, found through the Xen PHYS32_ENTRY ELF note):
 *     %ebx = struct hvm_start_info.
 * Both share one path: clear .bss, build boot page tables (identity and
 * direct map of the low 4 GiB, the kernel at -2 GiB), enter long mode,
 * jump to the higher half and call hammer_time(magic, info) in
 * machdep.c on the boot stack, which becomes the BSP's idle stack.
 * The boot page tables stay in use until pmap_bootstrap() replaces them;
 * they lie inside the kernel image's .bss and so are reserved with it.
 */
#include <machine/param.h>
#include <machine/vmparam.h>
#include <machine/segments.h>

#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define PVH_MARK	0x50564821	/* "!HVP": booted through PVH */

#define V2P(x)		((x) - KERNBASE)

#define PG_P		0x001
#define PG_RW		0x002
#define PG_PS		0x080

#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define EFER_NXE	0x800

/* ---- multiboot2 header: must lie in the first 32 KiB of the file ---- */
	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* Information request (optional): cmdline, module, mmap, ACPI. */
	.balign 8
1:	.word	1, 1
	.long	2f - 1b
	.long	1, 3, 6, 14, 15
2:
	/* Page-align modules so the initrd can be handed to the VM as is. */
	.balign 8
	.word	6, 0
	.long	8
	/* End. */
	.balign 8
	.word	0, 0
	.long	8
mb2_header_end:

/* ---- PVH entry note (Xen ELF note PHYS32_ENTRY = 18) ---------------- */
	.section .note.Xen, "a", @note
	.balign 4
	.long	4			/* name size: "Xen\0" */
	.long	4			/* descriptor size */
	.long	18			/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	_start_pvh

/* ---- 32-bit boot code, linked at its physical address -------------- */
	.section .boot.text, "ax"
	.code32
	.globl	_start32
_start32:
	cli
	cld
	movl	%eax, %ebp		/* multiboot2 magic */
	jmp	common32

	.globl	_start_pvh
_start_pvh:
	cli
	cld
	movl	$PVH_MARK, %ebp

common32:
	movl	%ebx, %esp		/* cpuid clobbers %ebx; no stack yet */
	/* Check for long mode; without it all we can do is say so. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	movl	%edx, %esi		/* keep: bit 20 = NX */

	/* Clear .bss (the boot page tables and stack live there). */
	movl	$V2P(_bss_start), %edi
	movl	$V2P(_bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* 2 MiB pages for 0..4 GiB: boot_pd[0..2047]. */
	movl	$V2P(boot_pd), %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$PDRSHIFT, %eax
	orl	$(PG_P | PG_RW | PG_PS), %eax
	movl	%eax, (%edi,%ecx,8)
	movl	%ecx, %eax
	shrl	$(32 - PDRSHIFT), %eax
	movl	%eax, 4(%edi,%ecx,8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	/* boot_pdpt_lo[0..3] -> the four page directories. */
	movl	$V2P(boot_pdpt_lo), %edi
	movl	$V2P(boot_pd), %eax
	orl	$(PG_P | PG_RW), %eax
	xorl	%ecx, %ecx
2:	movl	%eax, (%edi,%ecx,8)
	addl	$PAGE_SIZE, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	/* boot_pdpt_hi[510] -> first directory: -2 GiB maps phys 0..1 GiB. */
	movl	$V2P(boot_pdpt_hi), %edi
	movl	$V2P(boot_pd), %eax
	orl	$(PG_P | PG_RW), %eax
	movl	%eax, 510*8(%edi)

	/* PML4: 0 identity, 256 direct map (same tables), 511 kernel. */
	movl	$V2P(boot_pml4), %edi
	movl	$V2P(boot_pdpt_lo), %eax
	orl	$(PG_P | PG_RW), %eax
	movl	%eax, 0(%edi)
	movl	%eax, 256*8(%edi)
	movl	$V2P(boot_pdpt_hi), %eax
	orl	$(PG_P | PG_RW), %eax
	movl	%eax, 511*8(%edi)

	/* PAE, then EFER.LME (and NXE when the CPU has NX), then paging. */
	movl	%cr4, %eax
	orl	$0x20, %eax
	movl	%eax, %cr4
	movl	%edi, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$(1 << 20), %esi
	jz	3f
	orl	$EFER_NXE, %eax
3:	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0

	lgdt	boot_gdtr
	movl	%esp, %ebx
	ljmp	$0x08, $start64_low

no_long_mode:
	movl	$no_lm_msg, %esi
4:	lodsb
	testb	%al, %al
	jz	5f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	4b
5:	hlt
	jmp	5b

	.code64
start64_low:
	movabsq	$start64_high, %rax
	jmp	*%rax

	.section .boot.data, "a"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad	0x00cf92000000ffff	/* 0x10: kernel data */
boot_gdt_end:
boot_gdtr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt
no_lm_msg:
	.asciz	"petrel: this CPU has no long mode (amd64)\r\n"

/* ---- 64-bit, higher half ------------------------------------------- */
	.text
	.code64
start64_high:
	xorl	%eax, %eax
	movl	$0x10, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorl	%eax, %eax
	movw	%ax, %fs
	movw	%ax, %gs
	leaq	boot_stack_top(%rip), %rsp
	movl	%ebp, %edi		/* hammer_time(magic, info_pa) */
	movl	%ebx, %esi
	xorl	%ebp, %ebp		/* ends frame-pointer backtraces */
	call	hammer_time
6:	hlt
	jmp	6b

	.bss
	.balign	PAGE_SIZE
	.globl	boot_pml4, boot_pdpt_lo, boot_pdpt_hi, boot_pd
	.globl	boot_stack, boot_stack_top
boot_pml4:	.space	PAGE_SIZE
boot_pdpt_lo:	.space	PAGE_SIZE
boot_pdpt_hi:	.space	PAGE_SIZE
boot_pd:	.space	4 * PAGE_SIZE
boot_stack:	.space	KSTACK_SIZE
boot_stack_top:

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
