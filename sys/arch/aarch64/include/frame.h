/*
 * The trap frame: everything an exception from EL0 or EL1 saves on the
 * kernel stack (sys/arch/aarch64/aarch64/exception.S builds it).  A
 * thread's user frame sits at the top of its kernel stack (td_frame).
 */
#ifndef _MACHINE_FRAME_H_
#define _MACHINE_FRAME_H_

#ifndef __ASSEMBLY__
#include <sys/types.h>

struct trapframe {
	uint64_t	tf_x[31];	/* x0 .. x30 (x29 fp, x30 lr) */
	uint64_t	tf_sp;		/* SP_EL0 for user frames, the
					   interrupted SP for kernel ones */
	uint64_t	tf_elr;		/* return address */
	uint64_t	tf_spsr;	/* saved PSTATE */
	uint64_t	tf_esr;		/* syndrome of this exception */
	uint64_t	tf_far;		/* fault address */
};
#endif

#define TF_X(n)		((n) * 8)
#define TF_SP		248
#define TF_ELR		256
#define TF_SPSR		264
#define TF_ESR		272
#define TF_FAR		280
#define TF_SIZE		288		/* a multiple of 16 */

/* PSTATE bits the MI-facing code uses. */
#define PSR_C		0x20000000UL	/* carry: system call error */
#define PSR_M_EL0t	0x0
#define PSR_M_EL1h	0x5
#define PSR_DAIF	0x3c0

#endif /* !_MACHINE_FRAME_H_ */
