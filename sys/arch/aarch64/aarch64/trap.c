/*
 * aarch64 exception handlers, called from exception.S with the saved
 * trap frame: system calls, page faults (user and copyin/copyout), other
 * synchronous exceptions from user mode (turned into signals), device
 * interrupts and IPIs, and the fatal kernel cases, which print the
 * registers and a named backtrace and panic.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/cpu.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/signal.h>
#include <sys/random.h>
#include <vm/pmap.h>
#include <machine/frame.h>
#include <machine/vmparam.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

#define SPSR_I	0x80		/* PSTATE.I: IRQs masked */

#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define EC_UNKNOWN	0x00
#define EC_WFX		0x01
#define EC_FP_ACCESS	0x07
#define EC_ILLSTATE	0x0e
#define EC_SVC64	0x15
#define EC_MSR		0x18
#define EC_IABT_EL0	0x20
#define EC_IABT_EL1	0x21
#define EC_PC_ALIGN	0x22
#define EC_DABT_EL0	0x24
#define EC_DABT_EL1	0x25
#define EC_SP_ALIGN	0x26
#define EC_FP_EXC	0x2c
#define EC_SERROR	0x2f
#define EC_BRK		0x3c
#define ISS_WNR		(1U << 6)
#define FSC(esr)	((esr) & 0x3f)

#define NIRQ		1020
struct intrhand {
	void	(*ih_func)(void *);
	void	*ih_arg;
};
static struct intrhand intr_table[NIRQ];
extern void timer_intr(bool from_user);
extern char semihost_hlt[];

static const char *const vec_names[] = {
	"EL1t sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0 sync", "EL0 IRQ", "EL0 FIQ", "EL0 SError",
	"EL0/32 sync", "EL0/32 IRQ", "EL0/32 FIQ", "EL0/32 SError",
};

static void
dump_frame(struct trapframe *tf)
{
	int i;

	kprintf("ESR %016lx FAR %016lx ELR %016lx SPSR %08lx SP %016lx\n",
	    (u_long)tf->tf_esr, (u_long)tf->tf_far, (u_long)tf->tf_elr,
	    (u_long)tf->tf_spsr, (u_long)tf->tf_sp);
	for (i = 0; i < 31; i++)
		kprintf(" x%-2d %016lx%s", i, (u_long)tf->tf_x[i],
		    (i % 4) == 3 || i == 30 ? "\n" : "");
}

/* Print the registers and the backtrace, then panic. */
static void __dead2
trap_fatal(struct trapframe *tf, const char *what)
{
	uintptr_t off;
	const char *name;

	kprintf("fatal kernel trap: %s on cpu %d\n", what, mycpuid);
	dump_frame(tf);
	name = ksym_lookup(tf->tf_elr, &off);
	kprintf("pc %#lx <%s+%#lx>\n", (u_long)tf->tf_elr,
	    name ? name : "?", (u_long)off);
	name = ksym_lookup(tf->tf_x[30], &off);
	kprintf("lr %#lx <%s+%#lx>\n", (u_long)tf->tf_x[30],
	    name ? name : "?", (u_long)off);
	kprintf("Backtrace:\n");
	cpu_backtrace(tf->tf_x[29]);
	panic("%s at %#lx (ESR %#lx, FAR %#lx)", what, (u_long)tf->tf_elr,
	    (u_long)tf->tf_esr, (u_long)tf->tf_far);
}

void
trap_unexpected(struct trapframe *tf, int which)
{
	trap_fatal(tf, vec_names[which & 15]);
}

void
intr_dispatch(int irq)
{
	struct intrhand *ih;

	if (irq < 0 || irq >= NIRQ)
		return;
	ih = &intr_table[irq];
	random_harvest_intr((uint32_t)irq);
	if (ih->ih_func != NULL)
		ih->ih_func(ih->ih_arg);
}

int
intr_establish(int irq, void (*handler)(void *), void *arg)
{
	if (irq < 32 || irq >= NIRQ || handler == NULL)
		return (EINVAL);
	if (intr_table[irq].ih_func != NULL)
		return (EBUSY);
	intr_table[irq].ih_arg = arg;
	cpu_sfence();
	intr_table[irq].ih_func = handler;
	gic_enable_irq(irq);
	return (0);
}

/*
 * IRQ from either level: drain the GIC.  SGIs 1-3 are IPIs, the timer PPI
 * is the tick, everything else goes to intr_establish() handlers.
 */
void
trap_irq(struct trapframe *tf, int from_user)
{
	struct globaldata *gd = mycpu;
	int irq;

	for (;;) {
		irq = gic_ack();
		if (irq >= 1020 && irq < 8192) { /* 1023: nothing pending */
			if (irq != 1023)
				gd->gd_md.md_spurious++;
			break;
		}
		gd->gd_intr_count++;
		if (irq < 16) {
			gic_eoi(irq);
			if (irq == IPI_STOP) {
				intr_disable();
				for (;;)
					__asm __volatile("wfi");
			}
			ipi_handler(irq);
		} else if (irq == platform.timer_virt_irq) {
			timer_intr(from_user != 0);
			gic_eoi(irq);
		} else if (irq >= 8192) {
			its_intr(irq);
			gic_eoi(irq);
		} else {
			intr_dispatch(irq);
			gic_eoi(irq);
		}
	}
	if (from_user) {
		/* At the bottom of the thread's stack: nesting is fine. */
		intr_enable();
		userret(curthread);
	} else if ((tf->tf_spsr & SPSR_I) == 0) {
		/*
		 * From the kernel, with every source acknowledged: switch
		 * now to a higher-priority thread the interrupt woke.
		 */
		lwkt_preempt_check();
	}
}

/*
 * A data or instruction abort.  Returns true when handled (mapped in by
 * vm_fault or redirected to pcb_onfault); false means the caller decides
 * (signal for user mode, panic for the kernel).
 */
static int
abort_fault(struct thread *td, struct trapframe *tf, bool user, bool insn)
{
	vm_offset_t va = tf->tf_far;
	uint32_t esr = tf->tf_esr, fsc = FSC(esr);
	int prot, error;

	/* Translation, access-flag or permission faults only. */
	if (!((fsc >= 0x04 && fsc <= 0x0f)))
		return (fsc == 0x21 ? EINVAL : EFAULT);
	if (va >= VM_MAX_USER_ADDRESS || td == NULL || td->td_proc == NULL)
		return (EFAULT);
	if (insn)
		prot = VM_PROT_EXECUTE;
	else
		prot = (esr & ISS_WNR) ? VM_PROT_WRITE : VM_PROT_READ;
	/* Interrupts on while the VM system works (it may sleep). */
	if (user || (tf->tf_spsr & 0x80) == 0)
		intr_enable();
	error = vm_fault(td, va, prot);
	intr_disable();
	(void)user;
	return (error);
}

void
trap_el1_sync(struct trapframe *tf)
{
	struct thread *td = curthread;
	uint32_t ec = ESR_EC(tf->tf_esr);
	int error;

	switch (ec) {
	case EC_DABT_EL1:
		/*
		 * User memory is touched only inside the copy routines
		 * (pcb_onfault set).  Anywhere else a fault on a user
		 * address is a kernel bug: with PAN it would otherwise
		 * retry forever on a page vm_fault says is present.
		 */
		if (td == NULL || td->td_pcb.pcb_onfault == NULL)
			trap_fatal(tf, tf->tf_far < VM_MAX_USER_ADDRESS ?
			    "kernel data abort on a user address outside the "
			    "copy routines" : "kernel data abort");
		error = abort_fault(td, tf, false, false);
		if (error == 0)
			return;
		tf->tf_elr = (uint64_t)td->td_pcb.pcb_onfault;
		return;
	case EC_IABT_EL1:
		trap_fatal(tf, "kernel instruction abort");
	case EC_BRK:
		trap_fatal(tf, "kernel breakpoint");
	case EC_UNKNOWN:
		/* cpu_poweroff's semihosting call on a host without it */
		if (tf->tf_elr == (uint64_t)semihost_hlt) {
			tf->tf_elr += 4;
			return;
		}
		trap_fatal(tf, "kernel undefined instruction");
	default:
		trap_fatal(tf, "kernel synchronous exception");
	}
}

static void
syscall(struct thread *td, struct trapframe *tf)
{
	register_t rv[2];
	int error;

	mycpu->gd_syscalls++;
	intr_enable();
	rv[0] = 0;
	rv[1] = tf->tf_x[1];
	error = syscall_dispatch(td, (u_int)tf->tf_x[8],
	    (const register_t *)&tf->tf_x[0], rv);
	cpu_set_syscall_retval(td, error, rv[0], rv[1]);
}

void
cpu_set_syscall_retval(struct thread *td, int error, register_t rv0,
    register_t rv1)
{
	struct trapframe *tf = td->td_frame;

	switch (error) {
	case 0:
		tf->tf_x[0] = rv0;
		tf->tf_x[1] = rv1;
		tf->tf_spsr &= ~PSR_C;
		break;
	case ERESTART:
		tf->tf_elr -= 4;	/* back over the svc */
		break;
	case EJUSTRETURN:
		break;
	default:
		tf->tf_x[0] = error;
		tf->tf_spsr |= PSR_C;
		break;
	}
}

/*
 * A trapped floating-point exception (EC 0x2c).  Trapping is optional in
 * the architecture: on CPUs without it (QEMU's, most cores) the FPCR
 * trap-enable bits read as zero and this never happens.  Where it does,
 * the ISS names the exception when TFV is set; the order when several
 * are named is amd64's (invalid, divide by zero, overflow, underflow or
 * input denormal, inexact).  Integer division by zero never traps on
 * aarch64 (SDIV/UDIV return 0), so there is no FPE_INTDIV here.
 */
#define ISS_FP_TFV	(1u << 23)
#define ISS_FP_IDF	(1u << 7)
#define ISS_FP_IXF	(1u << 4)
#define ISS_FP_UFF	(1u << 3)
#define ISS_FP_OFF	(1u << 2)
#define ISS_FP_DZF	(1u << 1)
#define ISS_FP_IOF	(1u << 0)

static int
fp_trap_code(uint64_t esr)
{
	if ((esr & ISS_FP_TFV) == 0)
		return (FPE_FLTINV);	/* the flags are not valid */
	if (esr & ISS_FP_IOF)
		return (FPE_FLTINV);
	if (esr & ISS_FP_DZF)
		return (FPE_FLTDIV);
	if (esr & ISS_FP_OFF)
		return (FPE_FLTOVF);
	if (esr & (ISS_FP_UFF | ISS_FP_IDF))
		return (FPE_FLTUND);
	if (esr & ISS_FP_IXF)
		return (FPE_FLTRES);
	return (FPE_FLTINV);
}

void
trap_el0_sync(struct trapframe *tf)
{
	struct thread *td = curthread;
	uint32_t ec = ESR_EC(tf->tf_esr);
	int error, sig = 0, code = 0;
	uintptr_t addr = tf->tf_elr;

	switch (ec) {
	case EC_SVC64:
		syscall(td, tf);
		break;
	case EC_DABT_EL0:
	case EC_IABT_EL0:
		error = abort_fault(td, tf, true, ec == EC_IABT_EL0);
		if (error == 0)
			break;
		addr = tf->tf_far;
		if (error == EINVAL) {
			sig = SIGBUS;
			code = BUS_ADRALN;
		} else if (error == EIO) {
			sig = SIGBUS;
			code = BUS_OBJERR;
		} else {
			sig = SIGSEGV;
			/* Mapped but not allowed (vm_fault's EACCES):
			   ACCERR, even for a translation fault. */
			code = (error == EACCES || FSC(tf->tf_esr) >= 0x0c) ?
			    SEGV_ACCERR : SEGV_MAPERR;
		}
		break;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		sig = SIGBUS;
		code = BUS_ADRALN;
		break;
	case EC_FP_EXC:
		sig = SIGFPE;
		code = fp_trap_code(tf->tf_esr);
		break;
	case EC_BRK:
		sig = SIGTRAP;
		code = TRAP_BRKPT;
		break;
	case EC_MSR:
		sig = SIGILL;
		code = ILL_PRVOPC;
		break;
	default:
		sig = SIGILL;
		code = ILL_ILLOPC;
		break;
	}
	intr_enable();
	if (sig != 0)
		trapsignal(td, sig, code, addr);
	userret(td);
}

/* AArch32 user code: not supported; the process gets SIGILL. */
void
trap_el0_32(struct trapframe *tf, int which)
{
	struct thread *td = curthread;

	if (which == 13) {		/* an IRQ: handle it as usual */
		trap_irq(tf, 1);
		return;
	}
	intr_enable();
	trapsignal(td, SIGILL, ILL_ILLOPC, tf->tf_elr);
	userret(td);
}

/*
 * Walk the frame-pointer chain (AAPCS64 frame records: [fp] = caller's
 * fp, [fp + 8] = return address) while it stays on the kernel half and
 * properly aligned.  fp 0: start from our caller.
 */
void
cpu_backtrace(uintptr_t fp)
{
	uintptr_t pc, off;
	const char *name;
	int depth;

	if (fp == 0)
		fp = (uintptr_t)__builtin_frame_address(0);
	for (depth = 0; depth < 32; depth++) {
		if (fp < DMAP_BASE || (fp & 7) != 0 ||
		    !pmap_extract(kernel_pmap, fp, NULL) ||
		    !pmap_extract(kernel_pmap, fp + 8, NULL))
			break;
		pc = ((uintptr_t *)fp)[1];
		if (pc == 0)
			break;
		/*
		 * Name the call (pc - 4), not the return address: a call
		 * to a __dead2 function may be the last instruction of its
		 * caller, and pc would then name the next function.
		 */
		name = ksym_lookup(pc - 4, &off);
		kprintf("  #%d %#lx <%s+%#lx>\n", depth, (u_long)pc,
		    name ? name : "?", (u_long)off + 4);
		fp = ((uintptr_t *)fp)[0];
	}
}
