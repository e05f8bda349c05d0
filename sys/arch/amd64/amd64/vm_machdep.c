/*
 * Threads and user mode, machine side: new kernel threads, the context
 * switch (callee-saved registers in asm, FPU state and FS base here),
 * fork, exec's initial registers, the first entry to user mode, signal
 * delivery and return (<machine/sigframe.h>), and sysarch() for the TLS
 * base.  The FPU is switched eagerly for user threads: the kernel itself
 * never touches it (-mgeneral-regs-only), so kernel threads skip it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/signal.h>
#include <sys/proc.h>
#include <vm/pmap.h>
#include <machine/sysarch.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/segments.h>
#include <machine/sigframe.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

struct trapframe *fork_return(void);

/* Scratch for a signal frame: one page from the direct map. */
CTASSERT(sizeof(struct sigframe) <= PAGE_SIZE);

static void *
kmalloc_sigframe(void)
{
	vm_paddr_t pa = vm_page_alloc_phys();

	return (pa == 0 ? NULL : (void *)PHYS_TO_DMAP(pa));
}

static void
kfree_sigframe(void *p)
{
	vm_page_free_phys(DMAP_TO_PHYS(p));
}

static struct trapframe *
stack_frame(struct thread *td)
{
	return ((struct trapframe *)((uintptr_t)td->td_kstack +
	    td->td_kstack_size) - 1);
}

void
cpu_thread_init(struct thread *td, void (*func)(void *), void *arg)
{
	struct pcb *pcb = &td->td_pcb;

	KASSERT(((uintptr_t)pcb->pcb_fpu & 63) == 0,
	    ("cpu_thread_init: thread %p not 64-byte aligned", td));
	td->td_frame = stack_frame(td);
	memset(td->td_frame, 0, sizeof(*td->td_frame));
	pcb->pcb_rbx = (uint64_t)func;
	pcb->pcb_r12 = (uint64_t)arg;
	pcb->pcb_rbp = 0;
	/* 16-byte aligned below the frame, then a zero return address. */
	pcb->pcb_rsp = ((uintptr_t)td->td_frame & ~15UL) - 16;
	*(uint64_t *)pcb->pcb_rsp = 0;
	pcb->pcb_rip = (uint64_t)thread_trampoline;
	pcb->pcb_fsbase = 0;
	pcb->pcb_onfault = NULL;
	fpu_init_image(pcb->pcb_fpu);
	pcb->pcb_flags = PCB_FPUINIT;
}

void
cpu_switch(struct thread *from, struct thread *to)
{
	struct mdglobaldata *md = mycpu_md();

	if (from->td_proc != NULL)
		fpu_save(from->td_pcb.pcb_fpu);
	if (to->td_proc != NULL) {
		fpu_restore(to->td_pcb.pcb_fpu);
		wrmsr(MSR_FSBASE, to->td_pcb.pcb_fsbase);
	}
	md->gd_rsp0 = (uint64_t)(to->td_frame != NULL ? to->td_frame + 1 :
	    (struct trapframe *)((uintptr_t)to->td_kstack +
	    to->td_kstack_size));
	md->gd_tss.tss_rsp0 = md->gd_rsp0;
	swtch_context(&from->td_pcb, &to->td_pcb);
}

/*
 * The child gets a copy of the parent's user frame returning 0 without
 * error, and the parent's FPU state and FS base.
 */
void
cpu_fork(struct thread *parent, struct thread *child)
{
	struct pcb *pcb = &child->td_pcb;
	struct trapframe *tf;

	child->td_frame = tf = stack_frame(child);
	*tf = *parent->td_frame;
	tf->tf_rax = 0;
	tf->tf_rdx = 0;
	tf->tf_rflags &= ~PSL_C;
	tf->tf_rcx = tf->tf_rip;
	tf->tf_r11 = tf->tf_rflags;
	if (parent == curthread)
		fpu_save(parent->td_pcb.pcb_fpu);
	memcpy(pcb->pcb_fpu, parent->td_pcb.pcb_fpu, PCB_FPU_SIZE);
	pcb->pcb_fsbase = parent->td_pcb.pcb_fsbase;
	pcb->pcb_flags = PCB_FPUINIT;
	pcb->pcb_onfault = NULL;
	pcb->pcb_rbx = pcb->pcb_r12 = pcb->pcb_rbp = 0;
	pcb->pcb_rsp = ((uintptr_t)tf & ~15UL) - 16;
	*(uint64_t *)pcb->pcb_rsp = 0;
	pcb->pcb_rip = (uint64_t)fork_trampoline;
}

/*
 * A new thread of the same process: fork's copy, then a fresh frame at
 * func(arg).  %rsp is 16-byte aligned minus 8, as just after the call
 * that pushed a return address (there is none: func must not return).
 */
void
cpu_lwp_create(struct thread *parent, struct thread *child, uintptr_t func,
    uintptr_t arg, uintptr_t stack)
{
	struct trapframe *tf;

	cpu_fork(parent, child);
	tf = child->td_frame;
	memset(tf, 0, sizeof(*tf));
	tf->tf_rip = func;
	tf->tf_rdi = arg;
	tf->tf_rsp = (stack & ~15UL) - 8;
	tf->tf_cs = UCSEL;
	tf->tf_ss = UDSEL;
	tf->tf_rflags = PSL_USER;
	tf->tf_rcx = tf->tf_rip;		/* sysret-able */
	tf->tf_r11 = tf->tf_rflags;
}

struct trapframe *
fork_return(void)
{
	struct thread *td = curthread;

	md_userret(td);
	return (td->td_frame);
}

/*
 * exec: a clean frame at `entry' with %rsp = sp, which the MI code has
 * pointed at argc (argv, envp, auxv follow, SysV style).  Petrel's
 * crt0 also gets %rdi = sp and %rsi = ps_strings; %rdx = 0 (no atexit
 * function from the loader).
 */
void
cpu_exec_setregs(struct thread *td, uintptr_t entry, uintptr_t sp,
    uintptr_t ps_strings)
{
	struct trapframe *tf = td->td_frame;
	struct pcb *pcb = &td->td_pcb;

	memset(tf, 0, sizeof(*tf));
	tf->tf_rip = entry;
	tf->tf_rsp = sp;
	tf->tf_rdi = sp;
	tf->tf_rsi = ps_strings;
	tf->tf_cs = UCSEL;
	tf->tf_ss = UDSEL;
	tf->tf_rflags = PSL_USER;
	tf->tf_rcx = tf->tf_rip;		/* sysret-able */
	tf->tf_r11 = tf->tf_rflags;
	pcb->pcb_fsbase = 0;
	fpu_init_image(pcb->pcb_fpu);
	if (td == curthread) {
		wrmsr(MSR_FSBASE, 0);
		fpu_restore(pcb->pcb_fpu);
	}
}

void
cpu_user_enter(struct thread *td)
{
	intr_disable();
	if (td->td_pcb.pcb_flags & PCB_FPUINIT)
		fpu_restore(td->td_pcb.pcb_fpu);
	wrmsr(MSR_FSBASE, td->td_pcb.pcb_fsbase);
	doreti_frame(td->td_frame);
}

/*
 * Signal delivery: build a struct sigframe below the interrupted stack
 * (past the 128-byte red zone), or at the top of the alternate signal
 * stack when `onstack' says so (the lwp is then marked SS_ONSTACK until
 * the matching sigreturn), and point the thread at the handler.  A
 * stack we cannot write is EFAULT; the MI code then kills the process.
 */
int
cpu_sendsig(struct thread *td, int sig, uintptr_t handler,
    const void *siginfo, size_t silen, uint64_t oldmask, int onstack)
{
	struct trapframe *tf = td->td_frame;
	struct sigframe *sf, *usf;
	struct lwp *lp = td->td_lwp;
	uintptr_t sp;
	int error, oonstack;

	sf = kmalloc_sigframe();
	if (sf == NULL)
		return (ENOMEM);
	memset(sf, 0, sizeof(*sf));
	oonstack = lp != NULL && (lp->lwp_sigstk.ss_flags & SS_ONSTACK) != 0;
	if (onstack && lp != NULL)
		sp = (uintptr_t)lp->lwp_sigstk.ss_sp + lp->lwp_sigstk.ss_size -
		    sizeof(*sf);
	else
		sp = (uintptr_t)tf->tf_rsp - 128 - sizeof(*sf);
	sp &= ~63UL;
	usf = (struct sigframe *)sp;
	sf->sf_ret = SIGCODE_VA;
	sf->sf_uc.uc_sigmask = oldmask;
	sf->sf_uc.uc_onstack = oonstack;
	sf->sf_uc.uc_fsbase = td->td_pcb.pcb_fsbase;
	sf->sf_uc.uc_magic = UC_MAGIC;
	sf->sf_uc.uc_tf = *tf;
	if (td == curthread)
		fpu_save(td->td_pcb.pcb_fpu);
	memcpy(sf->sf_uc.uc_fpu, td->td_pcb.pcb_fpu, PCB_FPU_SIZE);
	memcpy(sf->sf_si, siginfo, MIN(silen, sizeof(sf->sf_si)));
	error = copyout(sf, usf, sizeof(*sf));
	kfree_sigframe(sf);
	if (error != 0)
		return (error);
	if (onstack && lp != NULL)
		lp->lwp_sigstk.ss_flags |= SS_ONSTACK;
	tf->tf_rip = handler;
	tf->tf_rsp = (register_t)&usf->sf_ret;
	tf->tf_rdi = sig;
	tf->tf_rsi = (register_t)usf->sf_si;
	tf->tf_rdx = (register_t)&usf->sf_uc;
	tf->tf_rax = 0;
	tf->tf_rflags &= ~(PSL_T | PSL_D);
	tf->tf_cs = UCSEL;
	tf->tf_ss = UDSEL;
	tf->tf_flags &= ~TF_SYSCALL;
	/* The handler starts with a clean FPU control state. */
	fpu_init_image(td->td_pcb.pcb_fpu);
	if (td == curthread)
		fpu_restore(td->td_pcb.pcb_fpu);
	return (0);
}

int
cpu_sigreturn(struct thread *td, uintptr_t ucontext, uint64_t *maskp)
{
	struct amd64_ucontext *uc;
	struct trapframe *tf = td->td_frame;
	int error;

	uc = (struct amd64_ucontext *)kmalloc_sigframe();
	if (uc == NULL)
		return (ENOMEM);
	error = copyin((const void *)ucontext, uc, sizeof(*uc));
	if (error == 0 && uc->uc_magic != UC_MAGIC)
		error = EINVAL;
	/* Only the user-changeable flags, and user segments, come back. */
	if (error == 0 && (uc->uc_fsbase >= VM_MAX_USER_ADDRESS ||
	    (uint64_t)uc->uc_tf.tf_rip >= VM_MAX_USER_ADDRESS))
		error = EINVAL;
	if (error == 0) {
		uc->uc_tf.tf_rflags = (tf->tf_rflags & ~PSL_USERCHANGE) |
		    (uc->uc_tf.tf_rflags & PSL_USERCHANGE) | PSL_I;
		uc->uc_tf.tf_cs = UCSEL;
		uc->uc_tf.tf_ss = UDSEL;
		uc->uc_tf.tf_flags = 0;
		*tf = uc->uc_tf;
		td->td_pcb.pcb_fsbase = uc->uc_fsbase;
		memcpy(td->td_pcb.pcb_fpu, uc->uc_fpu, PCB_FPU_SIZE);
		/* XSAVE header: only the components we enable. */
		if (cpu_has_xsave) {
			*(uint64_t *)(td->td_pcb.pcb_fpu + 512) &= fpu_xcr0;
			memset(td->td_pcb.pcb_fpu + 520, 0, 56);
		}
		*(uint32_t *)(td->td_pcb.pcb_fpu + 24) &= 0xffff;
		*maskp = uc->uc_sigmask;
		if (td->td_lwp != NULL) {
			if (uc->uc_onstack)
				td->td_lwp->lwp_sigstk.ss_flags |= SS_ONSTACK;
			else
				td->td_lwp->lwp_sigstk.ss_flags &=
				    ~SS_ONSTACK;
		}
		if (td == curthread) {
			wrmsr(MSR_FSBASE, td->td_pcb.pcb_fsbase);
			fpu_restore(td->td_pcb.pcb_fpu);
		}
	}
	kfree_sigframe(uc);
	return (error);
}

/* sysarch(2): the FS base for user TLS (<machine/sysarch.h>). */
int
sys_sysarch(struct sysmsg *sysmsg, const struct sysarch_args *uap)
{
	struct thread *td = curthread;
	uint64_t base;
	int error;

	switch (uap->op) {
	case AMD64_GET_FSBASE:
		base = td->td_pcb.pcb_fsbase;
		return (copyout(&base, uap->parms, sizeof(base)));
	case AMD64_SET_FSBASE:
		error = copyin(uap->parms, &base, sizeof(base));
		if (error != 0)
			return (error);
		if (base >= VM_MAX_USER_ADDRESS)
			return (EINVAL);
		td->td_pcb.pcb_fsbase = base;
		wrmsr(MSR_FSBASE, base);
		return (0);
	default:
		return (EINVAL);
	}
}
