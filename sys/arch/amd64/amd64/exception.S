/*
 * Trap, interrupt and system-call entry and exit.  Every IDT vector has a
 * 16-byte stub that pushes a zero error code when the CPU pushes none,
 * then the vector number, and jumps to alltraps, which completes a
 * struct trapframe (<machine/frame.h>) and calls trap() in trap.c.  The
 * syscall instruction enters at syscall_entry, which builds the same
 * frame at the top of the thread's kernel stack and calls
 * amd64_syscall().  Both leave through doreti: iretq in general, sysretq
 * when the frame is one sysret restores exactly (%rcx == %rip, %r11 ==
 * %rflags, standard user selectors, canonical %rip).
 *
 * GS: the kernel runs with its GS base (the CPU's globaldata); entry
 * from user mode swaps it in.  NMI, double fault and machine check may
 * interrupt the kernel between swapgs and iretq, so they look at the GS
 * base MSR itself ("paranoid" entry) instead of trusting %cs.
 *
 * The iretq to user mode (doreti_iret) runs in ring 0 with the user GS
 * already loaded, and it can fault there: #GP for a non-canonical user
 * %rip (a signal handler address is whatever the process asked for),
 * #SS or #NP for a bad selector.  Such a fault enters alltraps with a
 * kernel %cs, so alltraps recognises the address and swaps GS anyway;
 * trap() then resumes at doreti_iret_fault, which turns the still
 * intact user frame back into a trap from user mode, and the process
 * gets the signal instead of the kernel running on the user's GS base
 * (per-CPU data from user memory: a double fault soon after).  sysretq
 * would raise the same #GP on Intel CPUs, but on the user stack, so it
 * cannot be recovered: doreti takes the sysret path only for a %rip
 * below VM_MAX_USER_ADDRESS, always canonical.
 */
#include <machine/param.h>
#include <machine/vmparam.h>
#include <machine/segments.h>
#include <machine/frame.h>
#include "assym.h"

#define MSR_GSBASE	0xc0000101

/*
 * Interrupt gates do not clear %rflags.AC, which user code may set: with
 * SMAP, clear it on entry so the kernel never runs with user access open
 * (the interrupted context's AC is restored by iretq).
 */
#define CLAC_ENTRY				\
	testl	$1, smap_enabled(%rip);		\
	jz	1099f;				\
	clac;					\
1099:

/* Save / restore the general registers into the frame at %rsp. */
#define SAVE_GPRS			\
	movq	%rdi, 0*8(%rsp);	\
	movq	%rsi, 1*8(%rsp);	\
	movq	%rdx, 2*8(%rsp);	\
	movq	%rcx, 3*8(%rsp);	\
	movq	%r8, 4*8(%rsp);		\
	movq	%r9, 5*8(%rsp);		\
	movq	%rax, 6*8(%rsp);	\
	movq	%rbx, 7*8(%rsp);	\
	movq	%rbp, 8*8(%rsp);	\
	movq	%r10, 9*8(%rsp);	\
	movq	%r11, 10*8(%rsp);	\
	movq	%r12, 11*8(%rsp);	\
	movq	%r13, 12*8(%rsp);	\
	movq	%r14, 13*8(%rsp);	\
	movq	%r15, 14*8(%rsp)

#define RESTORE_GPRS			\
	movq	0*8(%rsp), %rdi;	\
	movq	1*8(%rsp), %rsi;	\
	movq	2*8(%rsp), %rdx;	\
	movq	3*8(%rsp), %rcx;	\
	movq	4*8(%rsp), %r8;		\
	movq	5*8(%rsp), %r9;		\
	movq	6*8(%rsp), %rax;	\
	movq	7*8(%rsp), %rbx;	\
	movq	8*8(%rsp), %rbp;	\
	movq	9*8(%rsp), %r10;	\
	movq	10*8(%rsp), %r11;	\
	movq	11*8(%rsp), %r12;	\
	movq	12*8(%rsp), %r13;	\
	movq	13*8(%rsp), %r14;	\
	movq	14*8(%rsp), %r15

/* ---- IDT stubs: 256 of them, 16 bytes apart ------------------------ */
	.text
	.balign	16
	.globl	idt_stubs
idt_stubs:
	vec = 0
	.rept	256
	.balign	16
	.if vec == 8 || vec == 10 || vec == 11 || vec == 12 || vec == 13 || vec == 14 || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	pushq	$0
	.endif
	.if vec == 2 || vec == 8 || vec == 18
	pushq	$vec
	jmp	paranoidtraps
	.else
	pushq	$vec
	jmp	alltraps
	.endif
	vec = vec + 1
	.endr

/*
 * Here: (%rsp) = vector, 8(%rsp) = error code, then the hardware frame.
 */
	.balign	16
alltraps:
	testb	$3, 24(%rsp)		/* %cs of the interrupted context */
	jnz	1f
	/* From the kernel: only the iretq to user mode has the user GS. */
	cmpq	$doreti_iret, 16(%rsp)	/* %rip of the interrupted context */
	jne	2f
1:	swapgs
2:	subq	$TF_TRAPNO, %rsp
	SAVE_GPRS
	movq	$0, TF_FLAGS(%rsp)
	movq	%cr2, %rax
	movq	%rax, TF_ADDR(%rsp)
	cld
	CLAC_ENTRY
calltrap:
	/* A frame-pointer chain link so backtraces cross the trap. */
	movq	TF_RIP(%rsp), %rax
	pushq	%rax
	pushq	%rbp
	movq	%rsp, %rbp
	leaq	16(%rsp), %rdi
	call	trap
	addq	$16, %rsp
	.globl	doreti
doreti:
	cli
	testb	$3, TF_CS(%rsp)
	jz	doreti_kernel
	/* To user mode: sysret when it restores the frame exactly. */
	movq	TF_RIP(%rsp), %rax
	cmpq	TF_RCX(%rsp), %rax
	jne	doreti_iret_user
	movq	TF_RFLAGS(%rsp), %rax
	cmpq	TF_R11(%rsp), %rax
	jne	doreti_iret_user
	cmpq	$UCSEL, TF_CS(%rsp)
	jne	doreti_iret_user
	cmpq	$UDSEL, TF_SS(%rsp)
	jne	doreti_iret_user
	movq	$VM_MAX_USER_ADDRESS, %rax
	cmpq	%rax, TF_RIP(%rsp)
	jae	doreti_iret_user
	RESTORE_GPRS
	movq	TF_RSP(%rsp), %rsp
	swapgs
	sysretq
doreti_iret_user:
	RESTORE_GPRS
	addq	$TF_RIP, %rsp
	swapgs
	.globl	doreti_iret
doreti_iret:
	iretq

/*
 * trap() sends a fault of the iretq above here, with the registers
 * and %rsp as they were at the iretq (the user's, and the user's
 * hardware frame on top of the stack), the kernel GS (alltraps swapped
 * it) and interrupts off.  Rebuild the trapframe around that hardware
 * frame (the fault's own frame overwrote the rest) and take it as the
 * trap from user mode that it really is: the fault's vector and error
 * code wait in globaldata.
 */
	.globl	doreti_iret_fault
doreti_iret_fault:
	subq	$TF_RIP, %rsp
	SAVE_GPRS
	movq	%gs:GD_IRET_TRAPNO, %rax
	movq	%rax, TF_TRAPNO(%rsp)
	movq	%gs:GD_IRET_ERR, %rax
	movq	%rax, TF_ERR(%rsp)
	movq	$0, TF_FLAGS(%rsp)
	movq	$0, TF_ADDR(%rsp)
	jmp	calltrap

doreti_kernel:
	testq	$TF_SWAPGS, TF_FLAGS(%rsp)
	jz	2f
	swapgs
2:	RESTORE_GPRS
	addq	$TF_RIP, %rsp
	iretq

/*
 * NMI, double fault, machine check: swap GS only if the kernel's is not
 * loaded (kernel GS bases are upper-half addresses: negative).
 */
	.balign	16
paranoidtraps:
	subq	$TF_TRAPNO, %rsp
	SAVE_GPRS
	movq	$0, TF_FLAGS(%rsp)
	movq	%cr2, %rax
	movq	%rax, TF_ADDR(%rsp)
	cld
	CLAC_ENTRY
	movl	$MSR_GSBASE, %ecx
	rdmsr
	testl	%edx, %edx
	js	1f
	swapgs
	movq	$TF_SWAPGS, TF_FLAGS(%rsp)
1:	movq	TF_RIP(%rsp), %rax
	pushq	%rax
	pushq	%rbp
	movq	%rsp, %rbp
	leaq	16(%rsp), %rdi
	call	trap
	addq	$16, %rsp
	cli
	jmp	doreti_kernel_paranoid
doreti_kernel_paranoid:
	testq	$TF_SWAPGS, TF_FLAGS(%rsp)
	jz	2f
	swapgs
2:	RESTORE_GPRS
	addq	$TF_RIP, %rsp
	iretq

/*
 * syscall: %rcx = user %rip, %r11 = user %rflags, interrupts off
 * (SFMASK), still on the user stack with the user GS.
 */
	.balign	16
	.globl	syscall_entry
syscall_entry:
	swapgs
	movq	%rsp, %gs:GD_SCRATCH_RSP
	movq	%gs:GD_RSP0, %rsp
	subq	$TF_SIZE, %rsp
	SAVE_GPRS
	movq	%gs:GD_SCRATCH_RSP, %rax
	movq	%rax, TF_RSP(%rsp)
	movq	%rcx, TF_RIP(%rsp)
	movq	%r11, TF_RFLAGS(%rsp)
	movq	$UCSEL, TF_CS(%rsp)
	movq	$UDSEL, TF_SS(%rsp)
	movq	$0, TF_ERR(%rsp)
	movq	$T_SYSCALL, TF_TRAPNO(%rsp)
	movq	$TF_SYSCALL, TF_FLAGS(%rsp)
	movq	$0, TF_ADDR(%rsp)
	movq	6*8(%rsp), %rax		/* keep the number for the C code */
	xorl	%ebp, %ebp		/* backtraces stop here */
	sti
	movq	%rsp, %rdi
	call	amd64_syscall
	jmp	doreti

/*
 * Leave for user mode from a frame: %rdi = the trapframe, which must be
 * at the top of the current kernel stack (cpu_user_enter, fork child).
 */
	.globl	doreti_frame
doreti_frame:
	movq	%rdi, %rsp
	jmp	doreti

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
