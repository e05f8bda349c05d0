/*
 * Traps, faults, interrupts and system calls after exception.S has
 * saved the registers.  Device, timer and IPI vectors go to apic.c.  A
 * page fault goes to the MI vm_fault(); one it cannot fix becomes a
 * signal for a user context, EFAULT for copyin & co. (pcb_onfault), or a
 * panic with a register dump and a named backtrace for the kernel.  A
 * kernel fault outside the copy routines is fatal at once, even on a
 * user address vm_fault could map.
 * Other user-mode exceptions become signals (FreeBSD numbers), and so
 * does a fault of the iretq that returns to user mode (exception.S).
 * A floating-point exception's si_code comes from the exception flags
 * that are set and unmasked (fpu_trap_code), which are then cleared.
 * Every return to user mode passes through userret().
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/signal.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/sysent.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

/* exception.S saves the registers in this order. */
CTASSERT(offsetof(struct trapframe, tf_r15) == 14 * 8);
CTASSERT(offsetof(struct trapframe, tf_rip) ==
    offsetof(struct trapframe, tf_err) + 8);
CTASSERT(sizeof(struct trapframe) % 16 == 0);

#ifndef SEGV_MAPERR
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#endif
#ifndef BUS_ADRALN
#define BUS_ADRALN	1
#endif
#ifndef BUS_OBJERR
#define BUS_OBJERR	3
#endif
#ifndef ILL_ILLOPC
#define ILL_ILLOPC	1
#endif
#ifndef TRAP_BRKPT
#define TRAP_BRKPT	1
#define TRAP_TRACE	2
#endif

/* `trap.verbose' on the command line: log every signal-raising trap. */
int trap_verbose = -1;

static const char *const trap_names[] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FP error", "alignment check",
	"machine check", "SIMD FP error", "virtualization",
	"control protection",
};

void
trap_dump(struct trapframe *tf)
{
	const char *name;
	uintptr_t off;

	kprintf("trap %ld (%s) on cpu %d, error %#lx, cr2 %#lx\n",
	    tf->tf_trapno, tf->tf_trapno < (long)nitems(trap_names) ?
	    trap_names[tf->tf_trapno] : "interrupt",
	    mycpu->gd_self != NULL ? mycpuid : 0, tf->tf_err, tf->tf_addr);
	name = ksym_lookup(tf->tf_rip, &off);
	kprintf("rip %016lx <%s+%#lx>  cs %#lx  rflags %#lx\n", tf->tf_rip,
	    name != NULL ? name : "?", name != NULL ? off : 0,
	    tf->tf_cs, tf->tf_rflags);
	kprintf("rsp %016lx  ss %#lx\n", tf->tf_rsp, tf->tf_ss);
	kprintf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
	    tf->tf_rax, tf->tf_rbx, tf->tf_rcx, tf->tf_rdx);
	kprintf("rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
	    tf->tf_rsi, tf->tf_rdi, tf->tf_rbp, tf->tf_r8);
	kprintf("r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n",
	    tf->tf_r9, tf->tf_r10, tf->tf_r11, tf->tf_r12);
	kprintf("r13 %016lx r14 %016lx r15 %016lx\n",
	    tf->tf_r13, tf->tf_r14, tf->tf_r15);
	kprintf("cr0 %#lx cr3 %#lx cr4 %#lx\n", rcr0(), rcr3(), rcr4());
}

static bool
kstack_addr_ok(uintptr_t fp)
{
	/* Frame pointers live in kernel memory and are 8-byte aligned. */
	return (fp >= DMAP_MIN_ADDRESS && (fp & 7) == 0 &&
	    fp < 0xfffffffffffff000UL);
}

/*
 * Follow the %rbp chain from `fp' (0: from our caller).  The trap entry
 * pushes a fake frame holding the interrupted %rip, so the chain runs
 * through the trapped function into its callers.
 */
void
cpu_backtrace(uintptr_t fp)
{
	uintptr_t *frame, pc, off;
	const char *name;
	int depth;

	if (fp == 0)
		fp = (uintptr_t)__builtin_frame_address(0);
	kprintf("Backtrace:\n");
	for (depth = 0; depth < 32 && kstack_addr_ok(fp); depth++) {
		frame = (uintptr_t *)fp;
		pc = frame[1];
		/* A zero pc ends the chain, except in the trap's own
		   frame (a call through a NULL pointer). */
		if (pc == 0 && depth > 0)
			break;
		name = ksym_lookup(pc, &off);
		kprintf("  #%d %016lx in %s+%#lx\n", depth, pc,
		    name != NULL ? name : "?", name != NULL ? off : 0);
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}

/* Does `ret' follow a call instruction (so it is a return address)? */
static bool
after_call(uintptr_t ret)
{
	const uint8_t *p = (const uint8_t *)ret;
	uintptr_t off;

	if (ksym_lookup(ret, &off) == NULL || ksym_lookup(ret - 7, &off) ==
	    NULL)
		return (false);
	if (p[-5] == 0xe8)				/* call rel32 */
		return (true);
	/* call *r/m: ff /2, with 0, 1 or 4 displacement bytes. */
	return ((p[-2] == 0xff && (p[-1] & 0x38) == 0x10) ||
	    (p[-3] == 0xff && (p[-2] & 0x38) == 0x10) ||
	    (p[-6] == 0xff && (p[-5] & 0x38) == 0x10) ||
	    (p[-7] == 0xff && (p[-6] & 0x38) == 0x10));
}

/*
 * The backtrace of a trapped kernel thread.  The %rbp chain starts in the
 * trapped function only once that function has built its frame; a fault
 * in its prologue, or in a leaf the compiler left frameless (gcc does so
 * for local clones even with -fno-omit-frame-pointer), leaves %rbp
 * pointing at the caller's frame, and the chain would skip the caller.
 * Then the return address is on top of the stack: take it if it follows
 * a call, and splice it in as frame #1.
 */
static void
trap_backtrace(struct trapframe *tf)
{
	uintptr_t fr[4], ret = 0, off;
	const uint8_t *fn;
	const char *name;

	name = ksym_lookup(tf->tf_rip, &off);
	if (name != NULL && kstack_addr_ok(tf->tf_rsp)) {
		fn = (const uint8_t *)(tf->tf_rip - off);
		if (off == 0 || !(fn[0] == 0x55 && fn[1] == 0x48 &&
		    fn[2] == 0x89 && fn[3] == 0xe5))
			ret = ((uintptr_t *)tf->tf_rsp)[0];
		else if (off == 1)
			ret = ((uintptr_t *)tf->tf_rsp)[1];
		if (ret != 0 && !after_call(ret))
			ret = 0;
	}
	if (ret == 0) {
		/* The trap entry's fake frame sits just below the frame. */
		cpu_backtrace((uintptr_t)tf - 16);
		return;
	}
	fr[0] = (uintptr_t)&fr[2];
	fr[1] = tf->tf_rip;
	fr[2] = tf->tf_rbp;
	fr[3] = ret;
	cpu_backtrace((uintptr_t)fr);
}

/*
 * An NMI (the test harness sends one to every CPU when a guest stops
 * talking; QEMU's monitor `nmi'): say where this CPU is, with a
 * backtrace when it was in the kernel, and carry on.  The console lock
 * is recursive on one CPU, so an NMI that lands inside kprintf prints.
 */
static void
trap_nmi(struct trapframe *tf)
{
	struct thread *td = mycpu->gd_self != NULL ? curthread : NULL;
	const char *name;
	uintptr_t off;

	kprintf_lock();
	name = ksym_lookup(tf->tf_rip, &off);
	kprintf("NMI on cpu %d: thread %s, %s mode, rip %#lx <%s+%#lx>, "
	    "rflags %#lx\n", mycpu->gd_self != NULL ? mycpuid : 0,
	    td != NULL ? td->td_comm : "?",
	    TRAPF_USERMODE(tf) ? "user" : "kernel", tf->tf_rip,
	    name != NULL ? name : "?", name != NULL ? off : 0, tf->tf_rflags);
	if (!TRAPF_USERMODE(tf))
		trap_backtrace(tf);
	kprintf_unlock();
}

static void __dead2
trap_fatal(struct trapframe *tf, const char *why)
{
	uintptr_t ret, off;
	const char *name;

	intr_disable();
	kprintf("fatal kernel trap: %s\n", why);
	trap_dump(tf);
	/* A jump or call to nowhere: the caller's return address helps. */
	if (ksym_lookup(tf->tf_rip, &off) == NULL &&
	    kstack_addr_ok(tf->tf_rsp)) {
		ret = *(uintptr_t *)tf->tf_rsp;
		name = ksym_lookup(ret, &off);
		if (name != NULL)
			kprintf("return address on the stack: %s+%#lx\n",
			    name, off);
	}
	trap_backtrace(tf);
	panic("%s at %#lx", why, tf->tf_rip);
}

/* x87 status / MXCSR exception flags (the same bits in both). */
#define FPX_INVALID	0x01
#define FPX_DENORM	0x02
#define FPX_DIVZERO	0x04
#define FPX_OVERFLOW	0x08
#define FPX_UNDERFLOW	0x10
#define FPX_INEXACT	0x20
#define FPX_STACKFAULT	0x40		/* x87 status only: SF */

/*
 * si_code for the pending (set and unmasked) exceptions.  When several
 * are pending the most serious wins, the order of FreeBSD's fpetable:
 * invalid (FPE_FLTSUB when it is an x87 stack fault), divide by zero,
 * overflow, underflow or a denormal operand, inexact.  Nothing pending
 * (a spurious trap) keeps the old answer, FPE_FLTINV.
 */
static int
fpu_trap_code(u_int pending)
{
	if (pending & FPX_INVALID)
		return ((pending & FPX_STACKFAULT) ? FPE_FLTSUB : FPE_FLTINV);
	if (pending & FPX_DIVZERO)
		return (FPE_FLTDIV);
	if (pending & FPX_OVERFLOW)
		return (FPE_FLTOVF);
	if (pending & (FPX_UNDERFLOW | FPX_DENORM))
		return (FPE_FLTUND);
	if (pending & FPX_INEXACT)
		return (FPE_FLTRES);
	return (FPE_FLTINV);
}

/*
 * The user's FPU state is live in the registers here (it is switched
 * eagerly and the kernel never uses the FPU), so read the flags from the
 * unit and clear them there: the signal frame then saves a state with
 * nothing pending, so a handler that returns does not re-raise an x87
 * exception at the next waiting instruction, and a later SSE trap is
 * not decoded from stale flags.
 */
static int
fpu_trap_x87(void)
{
	uint16_t sw, cw;

	__asm__ volatile("fnstsw %0; fnstcw %1" : "=m"(sw), "=m"(cw));
	__asm__ volatile("fnclex");
	return (fpu_trap_code((sw & ~cw & 0x3f) | (sw & FPX_STACKFAULT)));
}

static int
fpu_trap_sse(void)
{
	uint32_t mxcsr;
	u_int pending;

	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	/* Masks are bits 7-12, the flags they mask bits 0-5. */
	pending = mxcsr & ~(mxcsr >> 7) & 0x3f;
	mxcsr &= ~0x3fU;
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	return (fpu_trap_code(pending));
}

static int
trap_pfault(struct trapframe *tf, bool usermode)
{
	struct thread *td = curthread;
	vm_offset_t va = tf->tf_addr;
	int prot, error;

	if (tf->tf_err & PGEX_W)
		prot = VM_PROT_WRITE;
	else if (tf->tf_err & PGEX_I)
		prot = VM_PROT_EXECUTE;
	else
		prot = VM_PROT_READ;
	/* The kernel half is never demand-paged. */
	if (va >= VM_MAX_USER_ADDRESS || td == NULL || td->td_proc == NULL)
		return (EFAULT);
	/* A reserved-bit or SMAP/SMEP-class protection fault: no retry. */
	if (tf->tf_err & PGEX_RSV)
		return (EFAULT);
	if (!usermode && (tf->tf_err & PGEX_I))
		return (EFAULT);		/* SMEP: kernel ran user code */
	/* Let interrupts in while the VM works (it may sleep). */
	if (tf->tf_rflags & PSL_I)
		intr_enable();
	error = vm_fault(td, trunc_page(va), prot);
	intr_disable();
	return (error);
}

static void
trap_user(struct trapframe *tf)
{
	struct thread *td = curthread;
	int sig = 0, code = 0, error;
	uintptr_t addr = tf->tf_rip;

	switch (tf->tf_trapno) {
	case T_PAGEFLT:
		error = trap_pfault(tf, true);
		if (error == 0)
			break;
		addr = tf->tf_addr;
		if (error == EIO || error == ENXIO) {
			/* Nothing behind the page (past a file's end). */
			sig = SIGBUS;
			code = BUS_OBJERR;
			break;
		}
		sig = SIGSEGV;
		/* Mapped but not allowed (vm_fault's EACCES): ACCERR, even
		   for a page never touched and so not present. */
		code = (error == EACCES || (tf->tf_err & PGEX_P) != 0) ?
		    SEGV_ACCERR : SEGV_MAPERR;
		break;
	case T_DIVIDE:
		sig = SIGFPE;
		code = FPE_INTDIV;
		break;
	case T_FPOPFLT:		/* vector 16, #MF: x87 */
		sig = SIGFPE;
		code = fpu_trap_x87();
		break;
	case T_XMMFLT:
		sig = SIGFPE;
		code = fpu_trap_sse();
		break;
	case T_PRIVINFLT:
	case T_DNA:
		sig = SIGILL;
		code = ILL_ILLOPC;
		break;
	case T_BPT:
		sig = SIGTRAP;
		code = TRAP_BRKPT;
		break;
	case T_DEBUG:
		sig = SIGTRAP;
		code = TRAP_TRACE;
		break;
	case T_ALIGNFLT:
		sig = SIGBUS;
		code = BUS_ADRALN;
		break;
	default:
		/* #GP (non-canonical address, privileged instruction), #SS
		   #NP, #BR, #OF: a bad access. */
		sig = SIGSEGV;
		code = SEGV_ACCERR;
		break;
	}
	if (sig == 0)
		return;
	if (trap_verbose < 0)
		trap_verbose = kgetenv_bool("trap.verbose");
	if (trap_verbose) {
		kprintf("user trap: signal %d code %d addr %#lx (%s)\n", sig,
		    code, (u_long)addr, td->td_comm);
		trap_dump(tf);
	}
	trapsignal(td, sig, code, addr);
}

/*
 * Before any return to user mode: run the MI userret() with interrupts
 * on, then check with them off that no reschedule or signal request
 * slipped in after it looked; return with interrupts off, so doreti
 * reaches user mode without another window.
 */
void
md_userret(struct thread *td)
{
	for (;;) {
		intr_enable();
		userret(td);
		intr_disable();
		if ((mycpu->gd_reqflags & (RQF_AST_RESCHED |
		    RQF_AST_SIGNAL)) == 0)
			break;
	}
}

void
trap(struct trapframe *tf)
{
	struct thread *td;
	bool usermode = TRAPF_USERMODE(tf);
	int error;

	if (tf->tf_trapno >= IDT_IRQ0) {
		apic_intr(tf);
		/*
		 * Handled and acknowledged: from kernel mode, switch now
		 * to a higher-priority thread the interrupt woke (user
		 * mode does it in md_userret).  The frame stays on this
		 * thread's stack until it runs again.
		 */
		if (!usermode && (tf->tf_rflags & PSL_I) != 0)
			lwkt_preempt_check();
		goto out;
	}
	if (tf->tf_trapno >= 32) {
		/* The masked 8259s' vectors: only spurious IRQ 7/15 land here. */
		goto out;
	}
	if (tf->tf_trapno == T_NMI) {
		trap_nmi(tf);
		return;
	}
	if (tf->tf_trapno == T_DOUBLEFLT || tf->tf_trapno == T_MCHK)
		trap_fatal(tf, trap_names[tf->tf_trapno]);
	if (usermode) {
		mycpu->gd_intr_count++;
		trap_user(tf);
		goto out;
	}

	/* Kernel mode. */
	if (tf->tf_rip == (register_t)doreti_iret &&
	    (tf->tf_trapno == T_PROTFLT || tf->tf_trapno == T_STKFLT ||
	    tf->tf_trapno == T_SEGNPFLT)) {
		/*
		 * The iretq to user mode refused the user's frame (a
		 * non-canonical %rip, say): a fault of the process, not of
		 * the kernel.  Interrupts stay off until doreti_iret_fault
		 * has read these back, so the CPU cannot change.
		 */
		mycpu_md()->gd_iret_trapno = tf->tf_trapno;
		mycpu_md()->gd_iret_err = tf->tf_err;
		tf->tf_rip = (register_t)doreti_iret_fault;
		return;
	}
	td = curthread;
	if (tf->tf_trapno == T_PAGEFLT) {
		/*
		 * The kernel touches user memory only inside the copy
		 * routines (pcb_onfault set).  Anywhere else a fault on a
		 * user address is a kernel bug (a NULL pointer, or code
		 * that should have used copyin): under SMAP vm_fault would
		 * find the page present and the instruction would fault
		 * again forever.  aarch64's trap_el1_sync does the same.
		 */
		if (td == NULL || td->td_pcb.pcb_onfault == NULL)
			trap_fatal(tf, tf->tf_addr < VM_MAX_USER_ADDRESS ?
			    "page fault on a user address outside the copy "
			    "routines" : "page fault");
		error = trap_pfault(tf, false);
		if (error == 0)
			return;
		if (tf->tf_addr < VM_MAX_USER_ADDRESS) {
			tf->tf_rip = (register_t)td->td_pcb.pcb_onfault;
			return;
		}
		trap_fatal(tf, "page fault");
	}
	if (tf->tf_trapno == T_PROTFLT && td != NULL &&
	    td->td_pcb.pcb_onfault != NULL) {
		/* copyin of a non-canonical address. */
		tf->tf_rip = (register_t)td->td_pcb.pcb_onfault;
		return;
	}
	trap_fatal(tf, tf->tf_trapno < (long)nitems(trap_names) ?
	    trap_names[tf->tf_trapno] : "unknown trap");
out:
	if (TRAPF_USERMODE(tf))
		md_userret(curthread);
}

/*
 * System call: number in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9;
 * results in %rax (%rdx), carry set and errno in %rax on error.  A call
 * with more than six arguments (sendfile) finds the rest where the C ABI
 * left them: on the user stack above the libc stub's return address,
 * which the stub does not move.
 */
void
amd64_syscall(struct trapframe *tf)
{
	struct thread *td = curthread;
	register_t args[8], rv[2];
	u_int code = (u_int)tf->tf_rax;
	int error, narg;

	args[0] = tf->tf_rdi;
	args[1] = tf->tf_rsi;
	args[2] = tf->tf_rdx;
	args[3] = tf->tf_r10;
	args[4] = tf->tf_r8;
	args[5] = tf->tf_r9;
	args[6] = args[7] = 0;
	rv[0] = 0;
	rv[1] = tf->tf_rdx;
	narg = (code < (u_int)nsysent) ? sysent[code].sy_narg : 0;
	if (narg > 6 && copyin((const void *)(tf->tf_rsp +
	    sizeof(register_t)), &args[6],
	    (size_t)(MIN(narg, 8) - 6) * sizeof(register_t)) != 0)
		error = EFAULT;
	else
		error = syscall_dispatch(td, code, args, rv);
	cpu_set_syscall_retval(td, error, rv[0], rv[1]);
	md_userret(td);
}

void
cpu_set_syscall_retval(struct thread *td, int error, register_t rv0,
    register_t rv1)
{
	struct trapframe *tf = td->td_frame;

	switch (error) {
	case 0:
		tf->tf_rax = rv0;
		tf->tf_rdx = rv1;
		tf->tf_rflags &= ~PSL_C;
		break;
	case ERESTART:
		/* Back over the 2-byte syscall; %rax still holds the number. */
		tf->tf_rip -= 2;
		break;
	case EJUSTRETURN:
		return;
	default:
		tf->tf_rax = error;
		tf->tf_rflags |= PSL_C;
		break;
	}
	/* What sysret will load, so the exit can use it. */
	if (tf->tf_flags & TF_SYSCALL) {
		tf->tf_rcx = tf->tf_rip;
		tf->tf_r11 = tf->tf_rflags;
	}
}
