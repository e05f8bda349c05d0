/*
 * The trap frame: the registers of an interrupted context as the entry
 * code in exception.S saves them.  Everything below tf_err is pushed by
 * software; tf_err (zero when the CPU pushes no error code) and the
 * fields above it are the hardware interrupt frame that iretq pops.  The
 * syscall entry builds the same layout by hand.  A user thread's frame
 * sits at the top of its kernel stack (td_frame).
 */
#ifndef _MACHINE_FRAME_H_
#define _MACHINE_FRAME_H_

#ifndef __ASSEMBLY__
#include <sys/types.h>

struct trapframe {
	register_t	tf_rdi;
	register_t	tf_rsi;
	register_t	tf_rdx;
	register_t	tf_rcx;
	register_t	tf_r8;
	register_t	tf_r9;
	register_t	tf_rax;
	register_t	tf_rbx;
	register_t	tf_rbp;
	register_t	tf_r10;
	register_t	tf_r11;
	register_t	tf_r12;
	register_t	tf_r13;
	register_t	tf_r14;
	register_t	tf_r15;
	register_t	tf_addr;	/* %cr2 of a page fault */
	register_t	tf_flags;	/* TF_* */
	register_t	tf_trapno;	/* T_* or interrupt vector */
	register_t	tf_err;		/* error code or 0 */
	register_t	tf_rip;		/* hardware frame from here */
	register_t	tf_cs;
	register_t	tf_rflags;
	register_t	tf_rsp;
	register_t	tf_ss;
};

#endif /* !__ASSEMBLY__ */

#define TF_SYSCALL	0x0001		/* made by the syscall entry */
#define TF_SWAPGS	0x0002		/* paranoid entry did swapgs */

/* Exception vectors (tf_trapno). */
#define T_DIVIDE	0
#define T_DEBUG		1
#define T_NMI		2
#define T_BPT		3
#define T_OFLOW		4
#define T_BOUND		5
#define T_PRIVINFLT	6	/* #UD */
#define T_DNA		7
#define T_DOUBLEFLT	8
#define T_TSSFLT	10
#define T_SEGNPFLT	11
#define T_STKFLT	12
#define T_PROTFLT	13
#define T_PAGEFLT	14
#define T_FPOPFLT	16
#define T_ALIGNFLT	17
#define T_MCHK		18
#define T_XMMFLT	19
#define T_SYSCALL	256	/* not a vector: made by syscall entry */

/* Page-fault error code bits. */
#define PGEX_P		0x01	/* protection violation (else not present) */
#define PGEX_W		0x02	/* write */
#define PGEX_U		0x04	/* from user mode */
#define PGEX_RSV	0x08	/* reserved bit set in a PTE */
#define PGEX_I		0x10	/* instruction fetch */

/* Interrupt vectors. */
#define IDT_IRQ0	48	/* IOAPIC pins 0..23 -> 48..71 */
#define IDT_TIMER	0xf0	/* LAPIC timer */
#define IDT_IPI_RESCHED	0xf1
#define IDT_IPI_STOP	0xf2
#define IDT_IPI_IPIQ	0xf3
#define IDT_IPI_INVLTLB	0xf4	/* TLB shootdown */
#define IDT_SPURIOUS	0xff

#define TRAPF_USERMODE(tf)	(((tf)->tf_cs & 3) != 0)


#endif /* !_MACHINE_FRAME_H_ */
