/*
 * aarch64 machine-dependent start-up and CPU services: the C entry from
 * locore.S (FDT, direct map, console, GIC, then mi_startup), PSCI (SMP
 * bring-up, power-off, reset), the generic timer as each CPU's tick,
 * thread and user-mode register set-up, signal frames, the user-memory
 * copy wrappers and semihosting power-off.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/cpu.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/signal.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <vm/pmap.h>
#include <machine/frame.h>
#include <machine/pcb.h>
#include <machine/vmparam.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>
#include <machine/sigframe.h>
#include <machine/atomic.h>

_Static_assert(offsetof(struct thread, td_frame) == 16, "td_frame offset");
_Static_assert(offsetof(struct thread, td_pcb) == 32, "td_pcb offset");
_Static_assert(offsetof(struct pcb, pcb_sp) == PCB_SP, "pcb_sp");
_Static_assert(offsetof(struct pcb, pcb_q) == PCB_Q, "pcb_q");
_Static_assert(offsetof(struct pcb, pcb_fpcr) == PCB_FPCR, "pcb_fpcr");
_Static_assert(offsetof(struct pcb, pcb_onfault) == PCB_ONFAULT, "onfault");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe size");
_Static_assert(offsetof(struct trapframe, tf_far) == TF_FAR, "tf_far");

#define PSCI_CPU_ON		0xc4000003
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009

#define MPIDR_AFF_MASK		0xff00ffffffUL

vm_paddr_t kernel_pa;
uint64_t ap_boot_stack[SMP_MAXCPU];	/* read by mpentry in locore.S */
static uint8_t ap_stacks[SMP_MAXCPU][KSTACK_SIZE] __aligned(16);
static uint64_t timer_freq, timer_period;

extern char boot_stack[], _kernel_start[], _kernel_end[];
extern char mpentry[], thread_trampoline[], fork_trampoline[];
void	aarch64_init(vm_paddr_t dtb_pa, vm_paddr_t kpa, uint64_t entry_el)
	    __dead2;
void	aarch64_ap_init(int cpu, uint64_t entry_el) __dead2;
void	fpu_save(struct pcb *pcb);
void	fpu_clear(void);
void	fpu_restore(struct pcb *pcb);

int64_t
psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm("x0") = fn;
	register uint64_t x1 __asm("x1") = a1;
	register uint64_t x2 __asm("x2") = a2;
	register uint64_t x3 __asm("x3") = a3;

	if (platform.psci_method == PSCI_HVC)
		__asm __volatile("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2),
		    "+r" (x3) :: "memory");
	else if (platform.psci_method == PSCI_SMC)
		__asm __volatile("smc #0" : "+r" (x0), "+r" (x1), "+r" (x2),
		    "+r" (x3) :: "memory");
	else
		return (-1);		/* NOT_SUPPORTED */
	return ((int64_t)x0);
}

static void
rsvd_add(vm_paddr_t start, vm_paddr_t end)
{
	if (bootinfo.bi_nrsvd < BI_MAXRSVD && start < end) {
		bootinfo.bi_rsvd[bootinfo.bi_nrsvd].start = trunc_page(start);
		bootinfo.bi_rsvd[bootinfo.bi_nrsvd].end = round_page(end);
		bootinfo.bi_nrsvd++;
	}
}

/*
 * C entry of the boot CPU: MMU on, running at KERNBASE on boot_stack, the
 * DTB reachable through the boot window, interrupts masked; entry_el is
 * the exception level locore.S was entered at (2: it dropped to EL1).
 */
void
aarch64_init(vm_paddr_t dtb_pa, vm_paddr_t kpa, uint64_t entry_el)
{
	struct globaldata *gd = &cpu_globaldata[0];
	vm_offset_t dtb_va = DTBWIN_BASE + (dtb_pa & 0x1fffff);
	size_t dtb_max = 0x400000 - (dtb_pa & 0x1fffff), dtb_len;
	int error;

	kernel_pa = kpa;
	error = fdt_parse((const void *)dtb_va, dtb_max);
	if (error != 0 || bootinfo.bi_nmem == 0) {
		/* No usable tree: assume QEMU virt with 128 MiB. */
		bootinfo.bi_nmem = 1;
		bootinfo.bi_mem[0].start = 0x40000000;
		bootinfo.bi_mem[0].end = 0x48000000;
		platform.uart_pa = 0x09000000;
	}
	dtb_len = error == 0 ? fdt_totalsize((const void *)dtb_va, dtb_max) : 0;

	gd->gd_self = gd;
	gd->gd_cpuid = 0;
	gd->gd_bootstack = boot_stack;
	gd->gd_md.md_mpidr = READ_SPECIALREG(mpidr_el1) & MPIDR_AFF_MASK;
	gd->gd_md.md_entry_el = entry_el;
	WRITE_SPECIALREG(tpidr_el1, gd);

	pmap_bootstrap();
	if (platform.uart_pa != 0)
		pl011_init(pmap_bootstrap_mapdev(platform.uart_pa, PAGE_SIZE));
	if (platform.rtc_pa != 0)
		bootinfo.bi_rtc_sec = pl031_read(
		    pmap_bootstrap_mapdev(platform.rtc_pa, PAGE_SIZE));
	if (error != 0)
		kprintf("aarch64: bad device tree at %#lx (error %d)\n",
		    (u_long)dtb_pa, error);

	rsvd_add(kpa, kpa + ((vm_offset_t)_kernel_end -
	    (vm_offset_t)_kernel_start));
	if (dtb_len != 0)
		rsvd_add(dtb_pa, dtb_pa + dtb_len);
	ksnprintf(bootinfo.bi_machine, sizeof(bootinfo.bi_machine),
	    "%s, GICv%d", platform.model[0] ? platform.model : "aarch64",
	    platform.gic_version);

	timer_freq = READ_SPECIALREG(cntfrq_el0);
	if (timer_freq == 0)
		timer_freq = 62500000;
	timer_period = timer_freq / HZ;

	gic_init();
	gic_init_cpu();
	pl011_enable_intr();
	mi_startup();
}

/* C entry of an AP (from mpentry): MMU on, its own boot stack. */
void
aarch64_ap_init(int cpu, uint64_t entry_el)
{
	struct globaldata *gd = &cpu_globaldata[cpu];

	gd->gd_md.md_entry_el = entry_el;
	WRITE_SPECIALREG(tpidr_el1, gd);
	pmap_init_cpu();
	gic_init_cpu();
	cpu_sfence();
	gd->gd_md.md_started = 1;
	mi_ap_startup();
}

/*
 * Start every other CPU the DTB lists through PSCI CPU_ON, up to smp=N
 * CPUs in all.  Each AP gets a boot stack of KSTACK_PAGES pages, which
 * the MI kernel turns into its idle thread's stack.
 */
void
cpu_mp_start(void)
{
	uint64_t self = READ_SPECIALREG(mpidr_el1) & MPIDR_AFF_MASK;
	struct globaldata *gd;
	long maxcpu;
	int i, n, spins;
	int64_t r;

	maxcpu = kgetenv_long("smp", SMP_MAXCPU);
	if (maxcpu < 1 || maxcpu > SMP_MAXCPU)
		maxcpu = SMP_MAXCPU;
	n = 1;
	for (i = 0; i < platform.ncpu && n < maxcpu; i++) {
		if ((platform.cpu_mpidr[i] & MPIDR_AFF_MASK) == self)
			continue;
		gd = &cpu_globaldata[n];
		gd->gd_self = gd;
		gd->gd_cpuid = n;
		gd->gd_bootstack = ap_stacks[n];
		gd->gd_md.md_mpidr = platform.cpu_mpidr[i] & MPIDR_AFF_MASK;
		gd->gd_md.md_started = 0;
		ap_boot_stack[n] = (uint64_t)&ap_stacks[n][KSTACK_SIZE];
		/* The AP reads these with its caches off-then-on. */
		dcache_wb_inv_range((vm_offset_t)&ap_boot_stack[n], 8);
		dsb(ish);
		r = psci_call(PSCI_CPU_ON, gd->gd_md.md_mpidr,
		    kva_to_pa((vm_offset_t)mpentry), n);
		if (r != 0) {
			kprintf("cpu%d: PSCI CPU_ON for MPIDR %#lx failed: %ld\n",
			    n, (u_long)gd->gd_md.md_mpidr, (long)r);
			continue;
		}
		for (spins = 0; spins < 100000000 &&
		    !atomic_load_acq_int(&gd->gd_md.md_started);
		    spins++)
			cpu_pause();
		if (!gd->gd_md.md_started) {
			kprintf("cpu%d: did not start\n", n);
			continue;
		}
		n++;
		ncpus = n;
	}
}

/* This CPU's tick: the EL1 virtual timer, PPI 27 on QEMU virt. */
void
cpu_initclocks(void)
{
	uint64_t now = READ_SPECIALREG(cntvct_el0);

	WRITE_SPECIALREG(cntv_cval_el0, now + timer_period);
	WRITE_SPECIALREG(cntv_ctl_el0, 1);		/* ENABLE, !IMASK */
	isb();
	gic_enable_irq(platform.timer_virt_irq);
}

void
timer_intr(bool from_user)
{
	uint64_t cval = READ_SPECIALREG(cntv_cval_el0) + timer_period;
	uint64_t now = READ_SPECIALREG(cntvct_el0);

	/* Keep the phase; after a long stall (TCG) restart from now. */
	if ((int64_t)(cval - now) <= 0)
		cval = now + timer_period;
	WRITE_SPECIALREG(cntv_cval_el0, cval);
	isb();
	mycpu->gd_md.md_ticks_irq++;
	hardclock(from_user);
}

uint64_t
cpu_cycles_freq(void)
{
	return (timer_freq);
}

void
cpu_send_ipi(int cpuid, int ipi)
{
	if (cpuid < 0 || cpuid >= ncpus)
		return;
	gic_send_sgi(cpuid, ipi);
}

void
cpu_idle(void)
{
	/*
	 * Check for work with interrupts masked, then wait: WFI wakes on
	 * a pending interrupt even while it is masked, and it is taken
	 * once they are unmasked.  With interrupts open, a wake-up IPI
	 * taken between the idle loop's run-queue check and the WFI was
	 * lost until the next clock tick (up to 10 ms a cross-CPU wakeup;
	 * see docs/bench.md).
	 */
	intr_disable();
	if ((mycpu->gd_reqflags & (RQF_AST_RESCHED | RQF_IPIQ)) != 0) {
		intr_enable();
		return;
	}
	__asm __volatile("dsb sy; wfi" ::: "memory");
	intr_enable();
}

/*
 * Semihosting SYS_EXIT with ADP_Stopped_ApplicationExit and the status:
 * QEMU (-semihosting-config enable=on) exits with exactly that status.
 */
static void __attribute__((__noinline__))
semihost_exit(int status)
{
	uint64_t block[2] = { 0x20026, (uint64_t)status };
	register uint64_t x0 __asm("x0") = 0x18;
	register uint64_t x1 __asm("x1") = (uint64_t)block;

	/* trap.c skips this instruction if it traps (no semihosting). */
	__asm __volatile(".globl semihost_hlt\nsemihost_hlt: hlt #0xf000"
	    : "+r" (x0) : "r" (x1) : "memory");
}

void
cpu_poweroff(int status)
{
	static volatile int tried_semihost;
	const char *e = kgetenv("exit");

	intr_disable();
	cons_drain();
	/*
	 * Without -semihosting-config the hlt traps as an undefined
	 * instruction; trap.c steps over it and we fall back to PSCI.
	 * Tried once only, in case that path ever panics back to here.
	 */
	if (e != NULL && strcmp(e, "semihost") == 0 && !tried_semihost) {
		tried_semihost = 1;
		semihost_exit(status);
	}
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm __volatile("wfi");
}

void
cpu_reset(void)
{
	intr_disable();
	cons_drain();
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		__asm __volatile("wfi");
}

void
dcache_wb_inv_range(vm_offset_t va, size_t len)
{
	vm_offset_t p, end = va + len;
	size_t line = 4UL << ((READ_SPECIALREG(ctr_el0) >> 16) & 0xf);

	for (p = va & ~(line - 1); p < end; p += line)
		__asm __volatile("dc civac, %0" :: "r" (p) : "memory");
	dsb(sy);
}

/* ---- Threads and user mode ---------------------------------------- */

static struct trapframe *
kstack_frame(struct thread *td)
{
	vm_offset_t top = (vm_offset_t)td->td_kstack + td->td_kstack_size;

	return ((struct trapframe *)((top & ~15UL) - sizeof(struct trapframe)));
}

void
cpu_thread_init(struct thread *td, void (*func)(void *), void *arg)
{
	struct pcb *pcb = &td->td_pcb;

	td->td_frame = kstack_frame(td);
	memset(td->td_frame, 0, sizeof(*td->td_frame));
	memset(pcb, 0, sizeof(*pcb));
	pcb->pcb_x[0] = (uint64_t)func;			/* x19 */
	pcb->pcb_x[1] = (uint64_t)arg;			/* x20 */
	pcb->pcb_x[11] = (uint64_t)thread_trampoline;	/* x30 */
	pcb->pcb_sp = (uint64_t)td->td_frame;
}

/*
 * The child gets a copy of the parent's user frame returning 0 with no
 * error, and the parent's live FP/SIMD and TLS registers (the running
 * thread's FP state is in the registers, not its pcb).
 */
void
cpu_fork(struct thread *parent, struct thread *child)
{
	struct pcb *pcb = &child->td_pcb;
	struct trapframe *tf;

	tf = kstack_frame(child);
	child->td_frame = tf;
	*tf = *parent->td_frame;
	tf->tf_x[0] = 0;
	tf->tf_x[1] = 0;
	tf->tf_spsr &= ~PSR_C;

	memset(pcb, 0, sizeof(*pcb));
	if (parent == curthread) {
		fpu_save(pcb);
		pcb->pcb_tpidr_el0 = READ_SPECIALREG(tpidr_el0);
	} else {
		memcpy(pcb->pcb_q, parent->td_pcb.pcb_q, sizeof(pcb->pcb_q));
		pcb->pcb_fpcr = parent->td_pcb.pcb_fpcr;
		pcb->pcb_fpsr = parent->td_pcb.pcb_fpsr;
		pcb->pcb_tpidr_el0 = parent->td_pcb.pcb_tpidr_el0;
	}
	pcb->pcb_x[0] = (uint64_t)child;		/* x19 */
	pcb->pcb_x[1] = (uint64_t)tf;			/* x20 */
	pcb->pcb_x[11] = (uint64_t)fork_trampoline;	/* x30 */
	pcb->pcb_sp = (uint64_t)tf;
}

/*
 * A new thread of the same process: fork's copy, then a fresh frame at
 * func(arg) with sp 16-byte aligned (AAPCS64) and lr 0 (func must not
 * return).
 */
void
cpu_lwp_create(struct thread *parent, struct thread *child, uintptr_t func,
    uintptr_t arg, uintptr_t stack)
{
	struct trapframe *tf;

	cpu_fork(parent, child);
	tf = child->td_frame;
	memset(tf, 0, sizeof(*tf));
	tf->tf_elr = func;
	tf->tf_x[0] = arg;
	tf->tf_sp = stack & ~15UL;
	tf->tf_spsr = PSR_M_EL0t;
}

/*
 * A fresh user image: everything zero but pc, sp (16-byte aligned, as
 * AAPCS64 requires) and x0 = the initial stack pointer (argc, argv...,
 * envp..., auxv as the MI exec laid them out), x1 = ps_strings.
 */
void
cpu_exec_setregs(struct thread *td, uintptr_t entry, uintptr_t sp,
    uintptr_t ps_strings)
{
	struct trapframe *tf = td->td_frame;

	memset(tf, 0, sizeof(*tf));
	tf->tf_elr = entry;
	tf->tf_sp = sp & ~15UL;
	tf->tf_x[0] = sp;
	tf->tf_x[1] = ps_strings;
	tf->tf_spsr = PSR_M_EL0t;
	memset(td->td_pcb.pcb_q, 0, sizeof(td->td_pcb.pcb_q));
	td->td_pcb.pcb_fpcr = td->td_pcb.pcb_fpsr = 0;
	td->td_pcb.pcb_tpidr_el0 = 0;
	if (td == curthread) {
		fpu_clear();
		WRITE_SPECIALREG(tpidr_el0, 0);
	}
}

/* ---- User memory ----------------------------------------------------- */

int	copyin_asm(const void *, void *, size_t, void **);
int	copyout_asm(const void *, void *, size_t, void **);
int	copyinstr_asm(const void *, void *, size_t, void **, size_t *);
int	fubyte_asm(const void *, void **);
int	subyte_asm(void *, int, void **);

/* The whole range must lie in the user half; kernel addresses never do. */
static bool
user_range_ok(const void *uaddr, size_t len)
{
	uintptr_t a = (uintptr_t)uaddr;

	return (a + len >= a && a + len <= VM_MAX_USER_ADDRESS);
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (!user_range_ok(uaddr, len))
		return (EFAULT);
	return (copyin_asm(uaddr, kaddr, len, &curthread->td_pcb.pcb_onfault));
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (!user_range_ok(uaddr, len))
		return (EFAULT);
	return (copyout_asm(kaddr, uaddr, len, &curthread->td_pcb.pcb_onfault));
}

int
copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done)
{
	size_t max = len;

	if ((uintptr_t)uaddr >= VM_MAX_USER_ADDRESS)
		return (EFAULT);
	if (max > VM_MAX_USER_ADDRESS - (uintptr_t)uaddr)
		max = VM_MAX_USER_ADDRESS - (uintptr_t)uaddr;
	if (done != NULL)
		*done = 0;
	if (max < len) {
		/* Stop at the end of the user half: a fault, not too long. */
		int error = copyinstr_asm(uaddr, kaddr, max,
		    &curthread->td_pcb.pcb_onfault, done);
		return (error == ENAMETOOLONG ? EFAULT : error);
	}
	return (copyinstr_asm(uaddr, kaddr, len,
	    &curthread->td_pcb.pcb_onfault, done));
}

int
fubyte(const void *uaddr)
{
	if (!user_range_ok(uaddr, 1))
		return (-1);
	return (fubyte_asm(uaddr, &curthread->td_pcb.pcb_onfault));
}

int
subyte(void *uaddr, int byte)
{
	if (!user_range_ok(uaddr, 1))
		return (-1);
	return (subyte_asm(uaddr, byte, &curthread->td_pcb.pcb_onfault));
}

/* ---- Signals ------------------------------------------------------------ */

int
cpu_sendsig(struct thread *td, int sig, uintptr_t handler,
    const void *siginfo, size_t silen, uint64_t oldmask, int onstack)
{
	struct trapframe *tf = td->td_frame;
	struct lwp *lp = td->td_lwp;
	struct sigframe sf;
	uintptr_t sp;
	int oonstack;

	if (silen > sizeof(sf.sf_si))
		return (EINVAL);
	memset(&sf, 0, sizeof(sf));
	memcpy(sf.sf_si, siginfo, silen);
	sf.sf_uc.uc_sigmask = oldmask;
	/* Whether we were on the alternate stack, for sigreturn. */
	oonstack = lp != NULL && (lp->lwp_sigstk.ss_flags & SS_ONSTACK) != 0;
	sf.sf_uc.uc_onstack = oonstack;
	memcpy(sf.sf_uc.uc_mcontext.mc_x, tf->tf_x, sizeof(tf->tf_x));
	sf.sf_uc.uc_mcontext.mc_sp = tf->tf_sp;
	sf.sf_uc.uc_mcontext.mc_pc = tf->tf_elr;
	sf.sf_uc.uc_mcontext.mc_pstate = tf->tf_spsr;
	sf.sf_uc.uc_mcontext.mc_tpidr = READ_SPECIALREG(tpidr_el0);
	fpu_save(&td->td_pcb);
	memcpy(sf.sf_uc.uc_mcontext.mc_q, td->td_pcb.pcb_q,
	    sizeof(sf.sf_uc.uc_mcontext.mc_q));
	sf.sf_uc.uc_mcontext.mc_fpcr = td->td_pcb.pcb_fpcr;
	sf.sf_uc.uc_mcontext.mc_fpsr = td->td_pcb.pcb_fpsr;
	sf.sf_uc.uc_mcontext.mc_magic = MC_MAGIC;

	/*
	 * At the top of the alternate signal stack when `onstack' says so
	 * (the lwp is then SS_ONSTACK until the matching sigreturn), else
	 * below the interrupted stack (AAPCS64 has no red zone); 16-byte
	 * aligned.
	 */
	if (onstack && lp != NULL)
		sp = ((uintptr_t)lp->lwp_sigstk.ss_sp +
		    lp->lwp_sigstk.ss_size - sizeof(sf)) & ~15UL;
	else
		sp = (tf->tf_sp - sizeof(sf)) & ~15UL;
	if (copyout(&sf, (void *)sp, sizeof(sf)) != 0)
		return (EFAULT);
	if (onstack && lp != NULL)
		lp->lwp_sigstk.ss_flags |= SS_ONSTACK;
	tf->tf_x[0] = sig;
	tf->tf_x[1] = sp + offsetof(struct sigframe, sf_si);
	tf->tf_x[2] = sp + offsetof(struct sigframe, sf_uc);
	tf->tf_x[30] = SIGCODE_VA;
	tf->tf_sp = sp;
	tf->tf_elr = handler;
	tf->tf_spsr &= ~PSR_C;
	return (0);
}

int
cpu_sigreturn(struct thread *td, uintptr_t ucontext, uint64_t *maskp)
{
	struct trapframe *tf = td->td_frame;
	struct ucontext_a64 uc;
	int error;

	error = copyin((const void *)ucontext, &uc, sizeof(uc));
	if (error != 0)
		return (error);
	if (uc.uc_mcontext.mc_magic != MC_MAGIC)
		return (EINVAL);
	/* Only EL0t with no exception masks: a user cannot raise its level. */
	if ((uc.uc_mcontext.mc_pstate & (0xf | PSR_DAIF | 0x10)) != 0 ||
	    uc.uc_mcontext.mc_pc >= VM_MAX_USER_ADDRESS)
		return (EINVAL);
	memcpy(tf->tf_x, uc.uc_mcontext.mc_x, sizeof(tf->tf_x));
	tf->tf_sp = uc.uc_mcontext.mc_sp;
	tf->tf_elr = uc.uc_mcontext.mc_pc;
	tf->tf_spsr = uc.uc_mcontext.mc_pstate & 0xf0000000UL;	/* NZCV */
	memcpy(td->td_pcb.pcb_q, uc.uc_mcontext.mc_q, sizeof(td->td_pcb.pcb_q));
	td->td_pcb.pcb_fpcr = uc.uc_mcontext.mc_fpcr;
	td->td_pcb.pcb_fpsr = uc.uc_mcontext.mc_fpsr;
	fpu_restore(&td->td_pcb);
	WRITE_SPECIALREG(tpidr_el0, uc.uc_mcontext.mc_tpidr);
	*maskp = uc.uc_sigmask;
	if (td->td_lwp != NULL) {
		if (uc.uc_onstack)
			td->td_lwp->lwp_sigstk.ss_flags |= SS_ONSTACK;
		else
			td->td_lwp->lwp_sigstk.ss_flags &= ~SS_ONSTACK;
	}
	return (EJUSTRETURN);
}

/*
 * RNDR (FEAT_RNG) for the kernel's random pool (kern/kern_random.c):
 * ID_AA64ISAR0_EL1 bits 63:60 non-zero say it exists.  It sets the Z
 * flag when it could not give a value; that is retried a few times.
 * Spelled by its encoding so any assembler takes it.
 */
static int
cpu_has_rndr(void)
{
	static int has = -1;

	if (has < 0)
		has = ((READ_SPECIALREG(id_aa64isar0_el1) >> 60) & 0xf) != 0;
	return (has);
}

int
cpu_hwrng(uint64_t *v)
{
	uint64_t r, nzcv;
	int i;

	if (!cpu_has_rndr())
		return (0);
	for (i = 0; i < 10; i++) {
		__asm __volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv"
		    : "=r" (r), "=r" (nzcv));
		if ((nzcv & (1ul << 30)) == 0) {
			*v = r;
			return (1);
		}
	}
	return (0);
}

const char *
cpu_hwrng_name(void)
{
	return (cpu_has_rndr() ? "rndr" : "none");
}
