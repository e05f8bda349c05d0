/*
 * The amd64 signal frame that cpu_sendsig() builds on the user stack,
 * and what the MI signal code must provide.
 *
 * Layout (the frame is 64-byte aligned; the handler starts with %rsp at
 * sf_ret, so %rsp + 8 is 16-byte aligned as after a call):
 *	sf_ret		return address = SIGCODE_VA (the trampoline)
 *	sf_uc		struct amd64_ucontext: the signal mask, the saved
 *			trapframe, FS base and the FPU image (64-aligned)
 *	sf_si		the siginfo the MI code passed (copied verbatim)
 * The handler is called as handler(sig, &sf_si, &sf_uc).  When it
 * returns, the trampoline (support.S, mapped by pmap_create() at
 * SIGCODE_VA in every user pmap, nothing for MI to do) calls
 * sigreturn(&sf_uc) (SYS_sigreturn); the MI sys_sigreturn must call
 * cpu_sigreturn(td, uap->sigcntxp, &mask), restore the mask it returns
 * and return EJUSTRETURN so the restored registers are left alone.
 */
#ifndef _MACHINE_SIGFRAME_H_
#define _MACHINE_SIGFRAME_H_

#include <sys/types.h>
#include <machine/frame.h>
#include <machine/pcb.h>

#define SIGFRAME_SIMAX	128		/* siginfo bytes kept */

struct amd64_ucontext {
	uint64_t	uc_sigmask;
	uint64_t	uc_onstack;
	uint64_t	uc_fsbase;
	uint64_t	uc_magic;	/* UC_MAGIC: a frame we made */
	struct trapframe uc_tf;
	uint8_t		uc_fpu[PCB_FPU_SIZE] __aligned(64);
};
#define UC_MAGIC	0x50657472656c5543UL	/* "PetrelUC" */

struct sigframe {
	uint64_t	sf_pad[7];	/* puts sf_uc on a 64-byte boundary */
	uint64_t	sf_ret;		/* the handler's %rsp points here */
	struct amd64_ucontext sf_uc;
	uint8_t		sf_si[SIGFRAME_SIMAX];
};

#endif /* !_MACHINE_SIGFRAME_H_ */
