/*
 * The contract between the machine-independent kernel (sys/kern, sys/vm)
 * and each port (sys/arch/amd64, sys/arch/aarch64).  Everything the MI code
 * needs from the hardware is declared here; everything a port may call in
 * the MI kernel is declared at the bottom.  MI code never includes a
 * machine header other than through <sys/...> headers and <machine/...>
 * headers that every port provides with the same names:
 *
 *   machine/types.h	register_t, vm_offset_t, vm_paddr_t
 *   machine/param.h	PAGE_SHIFT/SIZE/MASK, MACHINE, MACHINE_ARCH,
 *			KSTACK_PAGES, CACHE_LINE_SIZE
 *   machine/vmparam.h	VM_MIN/MAX_USER_ADDRESS, USRSTACK, USRSTACK_SIZE,
 *			KVA_START/KVA_END (kernel VA the MI allocator hands
 *			out through pmap_kenter), PHYS_TO_DMAP, DMAP_TO_PHYS
 *   machine/cpufunc.h	cpu_lfence cpu_sfence cpu_mfence cpu_ccfence
 *			cpu_pause, cpu_cycles(), intr_disable/intr_restore
 *			(register_t intr_disable(void) returns the previous
 *			state for void intr_restore(register_t)), and
 *			void intr_enable(void) (MI enables interrupts once
 *			in each new thread and in the idle loop)
 *   machine/atomic.h	atomic_* (thin wrappers over the __atomic builtins)
 *   machine/globaldata.h  struct mdglobaldata, mycpu_get()
 *   machine/pcb.h	struct pcb (saved context, FP state, pcb_onfault)
 *   machine/frame.h	struct trapframe
 *
 * System call ABI (what lib/libc's stubs rely on):
 *   amd64:   `syscall'; number in %rax; args %rdi %rsi %rdx %r10 %r8 %r9,
 *            a 7th and 8th at 8(%rsp) and 16(%rsp) (the C ABI's places);
 *            results %rax (and %rdx); error: carry flag set, errno in %rax.
 *   aarch64: `svc #0'; number in x8; args x0-x7; results x0 (and x1);
 *            error: PSTATE.C set, errno in x0.
 */
#ifndef _SYS_CPU_H_
#define _SYS_CPU_H_

#include <sys/types.h>

struct thread;
struct proc;
struct pmap;
struct trapframe;

/* ---- Provided by each port ---------------------------------------- */

/* Console: polled, usable from any context including panic. */
void	cons_putc(int c);
int	cons_getc(void);		/* -1 when nothing is waiting */

/* CPUs */
void	cpu_mp_start(void);		/* MI allocator and scheduler are up:
					   start the APs, each of which calls
					   mi_ap_startup(); returns when all
					   are running (ncpus updated) */
void	cpu_initclocks(void);		/* start this CPU's tick (hardclock
					   at HZ); called on every CPU */
void	cpu_idle(void);			/* sleep until an interrupt;
					   called with interrupts enabled */
#define IPI_RESCHED	1		/* look at the run queue */
#define IPI_STOP	2		/* panic: halt this CPU */
#define IPI_IPIQ	3		/* MI cross-CPU call queue */
void	cpu_send_ipi(int cpuid, int ipi);
void	cpu_poweroff(int status) __dead2;  /* status reaches the host */
void	cpu_reset(void) __dead2;
uint64_t cpu_cycles_freq(void);		/* Hz of cpu_cycles() */
void	cpu_backtrace(uintptr_t fp);	/* 0: from the caller */

/*
 * Threads and user mode.  td->td_kstack/td_kstack_size are set by MI.
 * cpu_switch() is called with interrupts disabled and returns, in the
 * resumed thread, with interrupts still disabled.  A thread made by
 * cpu_thread_init() first runs an MD trampoline that calls
 * lwkt_thread_entry() (MI: finishes the switch, enables interrupts) and
 * then func(arg); if func returns the trampoline calls lwkt_exit().  A
 * child made by cpu_fork() runs lwkt_thread_entry(), then userret(), then
 * returns to user mode from its trapframe with 0 / no error.
 */
void	cpu_thread_init(struct thread *td, void (*func)(void *), void *arg);
void	cpu_switch(struct thread *from, struct thread *to);
void	cpu_fork(struct thread *parent, struct thread *child);
					/* child returns 0 to user */
/*
 * lwp_create: like cpu_fork (FP state and TLS pointer copied from the
 * creator), but the child enters user mode at func with arg as its first
 * argument and its stack pointer at stack aligned as the ABI requires at
 * a function's entry; other registers zero.
 */
void	cpu_lwp_create(struct thread *parent, struct thread *child,
	    uintptr_t func, uintptr_t arg, uintptr_t stack);
void	cpu_exec_setregs(struct thread *td, uintptr_t entry, uintptr_t sp,
	    uintptr_t ps_strings);
void	cpu_user_enter(struct thread *td) __dead2;
					/* leave for user mode from
					   td's trapframe */
int	cpu_sendsig(struct thread *td, int sig, uintptr_t handler,
	    const void *siginfo, size_t silen, uint64_t oldmask, int onstack);
int	cpu_sigreturn(struct thread *td, uintptr_t ucontext,
	    uint64_t *maskp);
void	cpu_set_syscall_retval(struct thread *td, int error,
	    register_t rv0, register_t rv1);

/* User memory access with fault recovery: EFAULT, never a panic. */
int	copyin(const void *uaddr, void *kaddr, size_t len);
int	copyout(const void *kaddr, void *uaddr, size_t len);
int	copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done);
int	fubyte(const void *uaddr);	/* -1 on fault */
int	subyte(void *uaddr, int byte);	/* -1 on fault */

/* Interrupts from devices (PCI, virtio-mmio, UART). */
int	intr_establish(int irq, void (*handler)(void *), void *arg);

/* ---- Provided by the MI kernel, called by ports ------------------- */
void	mi_startup(void) __dead2;	/* BSP after MD init, intrs off */
void	mi_ap_startup(void) __dead2;	/* each AP after its MD init */
void	lwkt_thread_entry(void);	/* first thing a new thread runs */
void	lwkt_exit(void) __dead2;
void	hardclock(bool usermode);	/* per-CPU tick at HZ, intrs off;
					   usermode: the tick interrupted
					   user code */
void	cons_rxintr(int c);		/* a character arrived */
void	ipi_handler(int ipi);		/* IPI_RESCHED / IPI_IPIQ */
int	syscall_dispatch(struct thread *td, u_int code,
	    const register_t *args, register_t *rv);
					/* returns errno or EJUSTRETURN */
int	vm_fault(struct thread *td, vm_offset_t va, int prot);
					/* prot: VM_PROT_*; 0 or errno */
void	trapsignal(struct thread *td, int sig, int code, uintptr_t addr);
void	userret(struct thread *td);	/* before every return to user */
void	panic(const char *fmt, ...) __dead2 __printflike(1, 2);
int	kprintf(const char *fmt, ...) __printflike(1, 2);
const char *ksym_lookup(uintptr_t addr, uintptr_t *offp);
					/* function containing addr, or NULL */

#define EJUSTRETURN	(-2)		/* trapframe already set */
#define ERESTART	(-1)		/* restart the system call */

#endif /* !_SYS_CPU_H_ */
