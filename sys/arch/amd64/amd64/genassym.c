/*
 * Structure offsets and sizes for the assembly files.  Compiled to
 * assembly only (see files.amd64.mk); each ASSYM() leaves a marker line
 * that sed turns into `#define NAME value' in ${O}/include/assym.h.
 * Nothing from this file is linked into the kernel.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <machine/frame.h>
#include <machine/pcb.h>
#include <machine/segments.h>

#define ASSYM(name, value)						\
	__asm __volatile("\n@ASSYM@ " #name " %c0" : : "n" (value))

void	genassym(void);

void
genassym(void)
{
	ASSYM(GD_SELF, offsetof(struct globaldata, gd_self));
	ASSYM(GD_CURTHREAD, offsetof(struct globaldata, gd_curthread));
	ASSYM(GD_SCRATCH_RSP, offsetof(struct globaldata,
	    gd_md.gd_scratch_rsp));
	ASSYM(GD_RSP0, offsetof(struct globaldata, gd_md.gd_rsp0));
	ASSYM(GD_IRET_TRAPNO, offsetof(struct globaldata,
	    gd_md.gd_iret_trapno));
	ASSYM(GD_IRET_ERR, offsetof(struct globaldata, gd_md.gd_iret_err));
	ASSYM(GD_SIZE, sizeof(struct globaldata));

	ASSYM(TD_PCB, offsetof(struct thread, td_pcb));
	ASSYM(TD_FRAME, offsetof(struct thread, td_frame));

	ASSYM(PCB_RBX, offsetof(struct pcb, pcb_rbx));
	ASSYM(PCB_RBP, offsetof(struct pcb, pcb_rbp));
	ASSYM(PCB_R12, offsetof(struct pcb, pcb_r12));
	ASSYM(PCB_R13, offsetof(struct pcb, pcb_r13));
	ASSYM(PCB_R14, offsetof(struct pcb, pcb_r14));
	ASSYM(PCB_R15, offsetof(struct pcb, pcb_r15));
	ASSYM(PCB_RSP, offsetof(struct pcb, pcb_rsp));
	ASSYM(PCB_RIP, offsetof(struct pcb, pcb_rip));
	ASSYM(PCB_ONFAULT, offsetof(struct pcb, pcb_onfault));

	ASSYM(TF_RDI, offsetof(struct trapframe, tf_rdi));
	ASSYM(TF_RAX, offsetof(struct trapframe, tf_rax));
	ASSYM(TF_RCX, offsetof(struct trapframe, tf_rcx));
	ASSYM(TF_R11, offsetof(struct trapframe, tf_r11));
	ASSYM(TF_TRAPNO, offsetof(struct trapframe, tf_trapno));
	ASSYM(TF_ADDR, offsetof(struct trapframe, tf_addr));
	ASSYM(TF_FLAGS, offsetof(struct trapframe, tf_flags));
	ASSYM(TF_ERR, offsetof(struct trapframe, tf_err));
	ASSYM(TF_RIP, offsetof(struct trapframe, tf_rip));
	ASSYM(TF_CS, offsetof(struct trapframe, tf_cs));
	ASSYM(TF_RFLAGS, offsetof(struct trapframe, tf_rflags));
	ASSYM(TF_RSP, offsetof(struct trapframe, tf_rsp));
	ASSYM(TF_SS, offsetof(struct trapframe, tf_ss));
	ASSYM(TF_SIZE, sizeof(struct trapframe));
}
