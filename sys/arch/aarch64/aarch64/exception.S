/*
 * Exception vectors, the trap frame save/restore, the context switch,
 * thread and fork trampolines and the return to user mode.  The user
 * memory copy primitives are in support.S.
 *
 * Every exception saves a struct trapframe (<machine/frame.h>) on the
 * current kernel stack and calls a C handler in trap.c with a pointer to
 * it.  From EL0 the kernel stack is empty on entry (SP_EL1 is the top of
 * the thread's kernel stack), so the frame lands exactly at td_frame.
 *
 * User memory is touched only with the unprivileged LDTR/STTR forms: they
 * are checked against EL0 permissions, so a user pointer into the kernel
 * half faults, and they are exempt from PAN, so PAN can stay set for the
 * whole kernel.  pcb_onfault turns such a fault into EFAULT.
 */
#include <machine/frame.h>

	.arch	armv8-a+fp+simd

.macro	SAVE_FRAME el
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X(0)]
	stp	x2, x3, [sp, #TF_X(2)]
	stp	x4, x5, [sp, #TF_X(4)]
	stp	x6, x7, [sp, #TF_X(6)]
	stp	x8, x9, [sp, #TF_X(8)]
	stp	x10, x11, [sp, #TF_X(10)]
	stp	x12, x13, [sp, #TF_X(12)]
	stp	x14, x15, [sp, #TF_X(14)]
	stp	x16, x17, [sp, #TF_X(16)]
	stp	x18, x19, [sp, #TF_X(18)]
	stp	x20, x21, [sp, #TF_X(20)]
	stp	x22, x23, [sp, #TF_X(22)]
	stp	x24, x25, [sp, #TF_X(24)]
	stp	x26, x27, [sp, #TF_X(26)]
	stp	x28, x29, [sp, #TF_X(28)]
	str	x30, [sp, #TF_X(30)]
.if \el == 0
	mrs	x0, sp_el0
.else
	add	x0, sp, #TF_SIZE
.endif
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	mrs	x4, far_el1
	stp	x0, x1, [sp, #TF_SP]
	stp	x2, x3, [sp, #TF_SPSR]
	str	x4, [sp, #TF_FAR]
	/*
	 * A frame record below the frame, so backtraces walk through the
	 * exception to the interrupted code (kernel) or stop (user).
	 * Callers drop it (add sp, sp, #16) before RESTORE_FRAME.
	 */
.if \el == 0
	stp	xzr, xzr, [sp, #-16]!
.else
	stp	x29, x1, [sp, #-16]!
.endif
	mov	x29, sp
	add	x0, sp, #16
.endm

.macro	RESTORE_FRAME el
	msr	daifset, #2
	ldp	x0, x1, [sp, #TF_SP]
	ldr	x2, [sp, #TF_SPSR]
.if \el == 0
	msr	sp_el0, x0
.endif
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp, #TF_X(0)]
	ldp	x2, x3, [sp, #TF_X(2)]
	ldp	x4, x5, [sp, #TF_X(4)]
	ldp	x6, x7, [sp, #TF_X(6)]
	ldp	x8, x9, [sp, #TF_X(8)]
	ldp	x10, x11, [sp, #TF_X(10)]
	ldp	x12, x13, [sp, #TF_X(12)]
	ldp	x14, x15, [sp, #TF_X(14)]
	ldp	x16, x17, [sp, #TF_X(16)]
	ldp	x18, x19, [sp, #TF_X(18)]
	ldp	x20, x21, [sp, #TF_X(20)]
	ldp	x22, x23, [sp, #TF_X(22)]
	ldp	x24, x25, [sp, #TF_X(24)]
	ldp	x26, x27, [sp, #TF_X(26)]
	ldp	x28, x29, [sp, #TF_X(28)]
	ldr	x30, [sp, #TF_X(30)]
	add	sp, sp, #TF_SIZE
	eret
.endm

.macro	VECTOR label
	.balign	128
	b	\label
.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	VECTOR	el1t_sync		/* current EL, SP_EL0 */
	VECTOR	el1t_irq
	VECTOR	el1t_fiq
	VECTOR	el1t_serror
	VECTOR	el1h_sync		/* current EL, SP_EL1 */
	VECTOR	el1h_irq
	VECTOR	el1h_fiq
	VECTOR	el1h_serror
	VECTOR	el0_sync		/* lower EL, AArch64 */
	VECTOR	el0_irq
	VECTOR	el0_fiq
	VECTOR	el0_serror
	VECTOR	el0_32_sync		/* lower EL, AArch32 */
	VECTOR	el0_32_irq
	VECTOR	el0_32_fiq
	VECTOR	el0_32_serror

.macro	BAD_VECTOR name, el, which
\name:
	SAVE_FRAME \el
	mov	x1, #\which
	bl	trap_unexpected
1:	b	1b
.endm

	BAD_VECTOR el1t_sync, 1, 0
	BAD_VECTOR el1t_irq, 1, 1
	BAD_VECTOR el1t_fiq, 1, 2
	BAD_VECTOR el1t_serror, 1, 3
	BAD_VECTOR el1h_fiq, 1, 6
	BAD_VECTOR el1h_serror, 1, 7
	BAD_VECTOR el0_fiq, 0, 10
	BAD_VECTOR el0_serror, 0, 11

/* AArch32 user code is not supported: each of these ends the process. */
.macro	EL0_32_VECTOR name, which
\name:
	SAVE_FRAME 0
	mov	x1, #\which
	bl	trap_el0_32
	add	sp, sp, #16
	b	el0_return
.endm
	EL0_32_VECTOR el0_32_sync, 12
	EL0_32_VECTOR el0_32_irq, 13
	EL0_32_VECTOR el0_32_fiq, 14
	EL0_32_VECTOR el0_32_serror, 15

el1h_sync:
	SAVE_FRAME 1
	bl	trap_el1_sync
	add	sp, sp, #16
	RESTORE_FRAME 1

el1h_irq:
	SAVE_FRAME 1
	mov	x1, #0
	bl	trap_irq
	add	sp, sp, #16
	RESTORE_FRAME 1

el0_sync:
	SAVE_FRAME 0
	bl	trap_el0_sync
	add	sp, sp, #16
	b	el0_return

el0_irq:
	SAVE_FRAME 0
	mov	x1, #1
	bl	trap_irq
	add	sp, sp, #16
	b	el0_return

/* sp points at the user trap frame; its owner has run userret(). */
	.globl	el0_return
el0_return:
	RESTORE_FRAME 0

/*
 * cpu_user_enter(td): leave for user mode from td's trap frame.  The
 * frame is at the top of td's kernel stack; td_frame is at offset 16
 * of struct thread (td_kstack, td_kstack_size, td_frame).
 */
	.globl	cpu_user_enter
cpu_user_enter:
	msr	daifset, #2
	ldr	x1, [x0, #16]
	mov	sp, x1
	b	el0_return

/*
 * cpu_switch(from, to): save the callee-saved registers, SP, TPIDR_EL0 and
 * the FP/SIMD state of `from' in its pcb and load those of `to'.  The pcb
 * is at offset 32 of struct thread (checked in machdep.c).
 */
#define TD_PCB	32
	.globl	cpu_switch
cpu_switch:
	add	x2, x0, #TD_PCB
	stp	x19, x20, [x2, #0]
	stp	x21, x22, [x2, #16]
	stp	x23, x24, [x2, #32]
	stp	x25, x26, [x2, #48]
	stp	x27, x28, [x2, #64]
	stp	x29, x30, [x2, #80]
	mov	x3, sp
	mrs	x4, tpidr_el0
	stp	x3, x4, [x2, #96]
	add	x3, x2, #112
	stp	q0, q1, [x3, #0]
	stp	q2, q3, [x3, #32]
	stp	q4, q5, [x3, #64]
	stp	q6, q7, [x3, #96]
	stp	q8, q9, [x3, #128]
	stp	q10, q11, [x3, #160]
	stp	q12, q13, [x3, #192]
	stp	q14, q15, [x3, #224]
	stp	q16, q17, [x3, #256]
	stp	q18, q19, [x3, #288]
	stp	q20, q21, [x3, #320]
	stp	q22, q23, [x3, #352]
	stp	q24, q25, [x3, #384]
	stp	q26, q27, [x3, #416]
	stp	q28, q29, [x3, #448]
	stp	q30, q31, [x3, #480]
	mrs	x4, fpcr
	mrs	x5, fpsr
	str	w4, [x2, #624]
	str	w5, [x2, #628]

	add	x2, x1, #TD_PCB
	add	x3, x2, #112
	ldp	q0, q1, [x3, #0]
	ldp	q2, q3, [x3, #32]
	ldp	q4, q5, [x3, #64]
	ldp	q6, q7, [x3, #96]
	ldp	q8, q9, [x3, #128]
	ldp	q10, q11, [x3, #160]
	ldp	q12, q13, [x3, #192]
	ldp	q14, q15, [x3, #224]
	ldp	q16, q17, [x3, #256]
	ldp	q18, q19, [x3, #288]
	ldp	q20, q21, [x3, #320]
	ldp	q22, q23, [x3, #352]
	ldp	q24, q25, [x3, #384]
	ldp	q26, q27, [x3, #416]
	ldp	q28, q29, [x3, #448]
	ldp	q30, q31, [x3, #480]
	ldr	w4, [x2, #624]
	ldr	w5, [x2, #628]
	msr	fpcr, x4
	msr	fpsr, x5
	ldp	x3, x4, [x2, #96]
	mov	sp, x3
	msr	tpidr_el0, x4
	ldp	x19, x20, [x2, #0]
	ldp	x21, x22, [x2, #16]
	ldp	x23, x24, [x2, #32]
	ldp	x25, x26, [x2, #48]
	ldp	x27, x28, [x2, #64]
	ldp	x29, x30, [x2, #80]
	ret

/*
 * First code of a thread made by cpu_thread_init(): x19 = func,
 * x20 = arg.
 */
	.globl	thread_trampoline
thread_trampoline:
	bl	lwkt_thread_entry
	mov	x0, x20
	blr	x19
	bl	lwkt_exit
1:	b	1b

/*
 * First code of a child made by cpu_fork(): x19 = td, x20 = its trap
 * frame (already set to return 0 with no error).
 */
	.globl	fork_trampoline
fork_trampoline:
	bl	lwkt_thread_entry
	mov	x0, x19
	bl	userret
	msr	daifset, #2
	mov	sp, x20
	b	el0_return

/* fpu_save(pcb) / fpu_restore(pcb): the live FP/SIMD state <-> a pcb. */
	.globl	fpu_save
fpu_save:
	add	x1, x0, #112
	stp	q0, q1, [x1, #0]
	stp	q2, q3, [x1, #32]
	stp	q4, q5, [x1, #64]
	stp	q6, q7, [x1, #96]
	stp	q8, q9, [x1, #128]
	stp	q10, q11, [x1, #160]
	stp	q12, q13, [x1, #192]
	stp	q14, q15, [x1, #224]
	stp	q16, q17, [x1, #256]
	stp	q18, q19, [x1, #288]
	stp	q20, q21, [x1, #320]
	stp	q22, q23, [x1, #352]
	stp	q24, q25, [x1, #384]
	stp	q26, q27, [x1, #416]
	stp	q28, q29, [x1, #448]
	stp	q30, q31, [x1, #480]
	mrs	x2, fpcr
	mrs	x3, fpsr
	str	w2, [x0, #624]
	str	w3, [x0, #628]
	ret

	.globl	fpu_restore
fpu_restore:
	add	x1, x0, #112
	ldp	q0, q1, [x1, #0]
	ldp	q2, q3, [x1, #32]
	ldp	q4, q5, [x1, #64]
	ldp	q6, q7, [x1, #96]
	ldp	q8, q9, [x1, #128]
	ldp	q10, q11, [x1, #160]
	ldp	q12, q13, [x1, #192]
	ldp	q14, q15, [x1, #224]
	ldp	q16, q17, [x1, #256]
	ldp	q18, q19, [x1, #288]
	ldp	q20, q21, [x1, #320]
	ldp	q22, q23, [x1, #352]
	ldp	q24, q25, [x1, #384]
	ldp	q26, q27, [x1, #416]
	ldp	q28, q29, [x1, #448]
	ldp	q30, q31, [x1, #480]
	ldr	w2, [x0, #624]
	ldr	w3, [x0, #628]
	msr	fpcr, x2
	msr	fpsr, x3
	ret

	.globl	fpu_clear
fpu_clear:
	movi	v0.2d, #0
	movi	v1.2d, #0
	movi	v2.2d, #0
	movi	v3.2d, #0
	movi	v4.2d, #0
	movi	v5.2d, #0
	movi	v6.2d, #0
	movi	v7.2d, #0
	movi	v8.2d, #0
	movi	v9.2d, #0
	movi	v10.2d, #0
	movi	v11.2d, #0
	movi	v12.2d, #0
	movi	v13.2d, #0
	movi	v14.2d, #0
	movi	v15.2d, #0
	movi	v16.2d, #0
	movi	v17.2d, #0
	movi	v18.2d, #0
	movi	v19.2d, #0
	movi	v20.2d, #0
	movi	v21.2d, #0
	movi	v22.2d, #0
	movi	v23.2d, #0
	movi	v24.2d, #0
	movi	v25.2d, #0
	movi	v26.2d, #0
	movi	v27.2d, #0
	movi	v28.2d, #0
	movi	v29.2d, #0
	movi	v30.2d, #0
	movi	v31.2d, #0
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret

/*
 * The user-mode signal trampoline (see <machine/sigframe.h>): a page of
 * its own, mapped read+execute at SIGCODE_VA in every user pmap.  sp
 * points at the struct sigframe when the handler returns here.
 */
	.section .text.sigcode, "ax"
	.balign	4096
	.globl	sigcode_page
sigcode_page:
	add	x0, sp, #128			/* SF_UC: &sf->sf_uc */
	mov	x8, #417			/* SYS_sigreturn */
	svc	#0
	mov	x8, #1				/* SYS_exit if that failed */
	svc	#0
	b	.
	.balign	4096
