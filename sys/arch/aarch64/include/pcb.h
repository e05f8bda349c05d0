/*
 * Saved kernel context of a thread that is not running (cpu_switch), its
 * FP/SIMD state (saved eagerly on every switch) and the copyin/copyout
 * fault-recovery hook.  Offsets are used by assembly (PCB_* below); keep
 * them in step with the structure (a _Static_assert in machdep.c does).
 */
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#ifndef __ASSEMBLY__
#include <sys/types.h>

struct pcb {
	uint64_t	pcb_x[12];	/* x19 .. x30 (x29 fp, x30 lr) */
	uint64_t	pcb_sp;		/* kernel stack pointer */
	uint64_t	pcb_tpidr_el0;	/* user thread pointer (TLS) */
	__uint128_t	pcb_q[32];	/* q0 .. q31 */
	uint32_t	pcb_fpcr;
	uint32_t	pcb_fpsr;
	void		*pcb_onfault;	/* copyin/copyout recovery pc */
	uint64_t	pcb_flags;
} __aligned(16);
#endif

#define PCB_X19		0
#define PCB_SP		96
#define PCB_TPIDR	104
#define PCB_Q		112
#define PCB_FPCR	624
#define PCB_FPSR	628
#define PCB_ONFAULT	632

#endif /* !_MACHINE_PCB_H_ */
