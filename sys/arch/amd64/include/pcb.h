/*
 * The process control block: what cpu_switch() saves for a thread that is
 * not running (callee-saved registers, stack and resume address), the
 * user FS base, the FPU/SSE/AVX state, and the fault-recovery address for
 * copyin & co.  It lives inside struct thread (td_pcb), which must
 * therefore be allocated 64-byte aligned: xsave/xrstor fault on a
 * misaligned area.  Owned by the thread's CPU.
 */
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include <sys/types.h>

/*
 * Room for XSAVE with x87, SSE and AVX (512 legacy + 64 header + 256
 * AVX = 832 bytes).  XCR0 is never set to more than those three, so the
 * area cannot overflow even on CPUs with AVX-512.
 */
#define PCB_FPU_SIZE	1024

struct pcb {
	uint64_t	pcb_rbx;	/* callee-saved registers */
	uint64_t	pcb_rbp;
	uint64_t	pcb_r12;
	uint64_t	pcb_r13;
	uint64_t	pcb_r14;
	uint64_t	pcb_r15;
	uint64_t	pcb_rsp;
	uint64_t	pcb_rip;	/* where cpu_switch resumes */
	uint64_t	pcb_fsbase;	/* user TLS base */
	void		*pcb_onfault;	/* copyin & co: recovery address */
	int		pcb_flags;
	uint8_t		pcb_fpu[PCB_FPU_SIZE] __aligned(64); /* xsave area */
};

#define PCB_FPUINIT	0x0001		/* pcb_fpu holds a valid image */

#endif /* !_MACHINE_PCB_H_ */
