/*
 * aarch64 signal frame, pushed on the user stack by cpu_sendsig() and
 * read back by cpu_sigreturn().
 *
 * The handler runs with x0 = signal, x1 = &sf_si, x2 = &sf_uc, sp = the
 * frame, and returns (x30) to the trampoline at SIGCODE_VA, a page of
 * the kernel image (sigcode_page, exception.S) that pmap_create() maps
 * read+execute into every user pmap, so the MI kernel has nothing to
 * copy.  The trampoline calls sigreturn(&sf_uc) (SYS_sigreturn); the MI
 * sys_sigreturn must call cpu_sigreturn(td, uap->sigcntxp, &mask),
 * restore the mask it returns and return EJUSTRETURN so the restored
 * registers are left alone (as on amd64).
 * The frame goes on the current user stack, or at the top of the lwp's
 * sigaltstack when `onstack' says so; uc_onstack records whether the
 * interrupted code was on the alternate stack, and sigreturn restores
 * SS_ONSTACK from it (as on amd64).
 */
#ifndef _MACHINE_SIGFRAME_H_
#define _MACHINE_SIGFRAME_H_

#define MC_MAGIC	0x3436414c45525450UL	/* "PTRELA64" */
#define SF_UC		128			/* offsetof(sigframe, sf_uc) */

#ifndef __ASSEMBLY__
#include <sys/types.h>

struct mcontext_a64 {
	uint64_t	mc_x[31];	/* x0 .. x30 */
	uint64_t	mc_sp;
	uint64_t	mc_pc;
	uint64_t	mc_pstate;	/* only NZCV is restored */
	uint64_t	mc_tpidr;	/* TPIDR_EL0 */
	uint64_t	mc_magic;	/* MC_MAGIC */
	__uint128_t	mc_q[32];	/* q0 .. q31 */
	uint32_t	mc_fpcr;
	uint32_t	mc_fpsr;
	uint64_t	mc_spare;
} __aligned(16);

struct ucontext_a64 {
	uint64_t	uc_sigmask;	/* mask to restore */
	int		uc_onstack;
	int		uc_spare;
	struct mcontext_a64 uc_mcontext;
} __aligned(16);

struct sigframe {
	uint8_t		sf_si[128] __aligned(16); /* siginfo (80 bytes) */
	struct ucontext_a64 sf_uc;
};

_Static_assert(__builtin_offsetof(struct sigframe, sf_uc) == SF_UC,
    "SF_UC");
#endif

#endif /* !_MACHINE_SIGFRAME_H_ */
