/*
 * LWKT threads and the per-CPU scheduler (see <sys/thread2.h> for the
 * model).  Each CPU has a run queue per priority and a bitmap of
 * non-empty queues; only the owning CPU touches its queues, with
 * interrupts disabled, so no lock is needed.  Other CPUs reach a thread's
 * owner through lwkt_send_ipiq().  A thread that exits or migrates is
 * finished by whoever runs next on its CPU, once its stack is no longer
 * in use: exited threads go to a per-CPU dead list that the idle thread
 * frees, migrating ones are handed to their new CPU.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/callout.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>

struct lwkt_pcpu {
	TAILQ_HEAD(, thread) runq[TDPRI_NQS];	/* owner CPU, intrs off */
	uint32_t	runq_mask;		/* bit p: runq[p] not empty */
	int		nrun;			/* queued threads */
	TAILQ_HEAD(, thread) deadq;		/* exited, to free */
	struct thread	*prev;			/* thread just switched from */
	register_t	entry_intr;		/* unused */
	struct thread	idle;			/* this CPU's idle thread */
	struct lwkt_tokref idle_toks[LWKT_MAXTOKENS];
} __cachealign;

static struct lwkt_pcpu lwkt_pcpu[SMP_MAXCPU];

/* Every thread, for ps-style listings; under lwkt_all_spin. */
static LIST_HEAD(, thread) lwkt_allthreads =
    LIST_HEAD_INITIALIZER(lwkt_allthreads);
static struct spinlock lwkt_all_spin = SPINLOCK_INITIALIZER("allthreads");
uint64_t lwkt_nthreads;

MALLOC_DEFINE(M_THREAD, "thread", "LWKT threads");

/* A thread and its token reference stack, allocated together. */
struct lwkt_thread_mem {
	struct thread	td;
	struct lwkt_tokref toks[LWKT_MAXTOKENS];
	struct callout	sleep_callout;		/* tsleep timeouts */
};

#define PCPU()		(&lwkt_pcpu[mycpuid])

static void
runq_insert(struct lwkt_pcpu *pc, struct thread *td, bool head)
{
	int pri = td->td_pri;

	if (pri < 0)
		pri = 0;
	if (pri >= TDPRI_NQS)
		pri = TDPRI_NQS - 1;
	if (head)
		TAILQ_INSERT_HEAD(&pc->runq[pri], td, td_threadq);
	else
		TAILQ_INSERT_TAIL(&pc->runq[pri], td, td_threadq);
	pc->runq_mask |= 1U << pri;
	pc->nrun++;
	TD_FLAGS_SET(td, TDF_RUNQ);
}

static void
runq_remove(struct lwkt_pcpu *pc, struct thread *td)
{
	int pri = td->td_pri;

	if (pri < 0)
		pri = 0;
	if (pri >= TDPRI_NQS)
		pri = TDPRI_NQS - 1;
	TAILQ_REMOVE(&pc->runq[pri], td, td_threadq);
	if (TAILQ_EMPTY(&pc->runq[pri]))
		pc->runq_mask &= ~(1U << pri);
	pc->nrun--;
	TD_FLAGS_CLR(td, TDF_RUNQ);
}

static struct thread *
runq_pick(struct lwkt_pcpu *pc)
{
	struct thread *td;
	int pri;

	if (pc->runq_mask == 0)
		return (NULL);
	pri = 31 - __builtin_clz(pc->runq_mask);
	td = TAILQ_FIRST(&pc->runq[pri]);
	runq_remove(pc, td);
	return (td);
}

static void
lwkt_init_idle(struct globaldata *gd)
{
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];
	struct thread *td = &pc->idle;
	int i;

	for (i = 0; i < TDPRI_NQS; i++)
		TAILQ_INIT(&pc->runq[i]);
	TAILQ_INIT(&pc->deadq);
	td->td_kstack = gd->gd_bootstack;
	td->td_kstack_size = KSTACK_PAGES * PAGE_SIZE;
	td->td_gd = gd;
	td->td_pri = TDPRI_IDLE_THREAD;
	td->td_flags = TDF_RUNNING | TDF_IDLE | TDF_SYSTHREAD;
	td->td_mi[TDMI_TOKS] = pc->idle_toks;
	td->td_toks_stop = pc->idle_toks;
	ksnprintf(td->td_comm, sizeof(td->td_comm), "idle%d", gd->gd_cpuid);
	gd->gd_idlethread = td;
	gd->gd_curthread = td;
	spin_lock(&lwkt_all_spin);
	LIST_INSERT_HEAD(&lwkt_allthreads, td, td_allq);
	lwkt_nthreads++;
	spin_unlock(&lwkt_all_spin);
}

void
lwkt_init(void)
{
	lwkt_ipiq_init();
	sleep_init();
	lwkt_init_idle(mycpu);
}

void
lwkt_init_ap(void)
{
	lwkt_init_idle(mycpu);
}

struct thread *
lwkt_alloc_thread(int cpu)
{
	struct lwkt_thread_mem *tm;
	struct thread *td;
	vm_offset_t stack;
	size_t ssize = KSTACK_PAGES * PAGE_SIZE;

	if (cpu < 0 || cpu >= ncpus)
		cpu = mycpuid;
	tm = kmalloc(sizeof(*tm), M_THREAD, M_NOWAIT | M_ZERO);
	if (tm == NULL)
		return (NULL);
	stack = kmem_alloc_stack(ssize);
	if (stack == 0) {
		kfree(tm, M_THREAD);
		return (NULL);
	}
	td = &tm->td;
	td->td_kstack = (void *)stack;
	td->td_kstack_size = ssize;
	td->td_gd = globaldata_find(cpu);
	td->td_pri = TDPRI_KERN_DAEMON;
	td->td_flags = TDF_ALLOCATED | TDF_BLOCKED;
	td->td_mi[TDMI_TOKS] = tm->toks;
	td->td_toks_stop = tm->toks;
	callout_init(&tm->sleep_callout);
	td->td_mi[TDMI_CALLOUT] = &tm->sleep_callout;
	spin_lock(&lwkt_all_spin);
	LIST_INSERT_HEAD(&lwkt_allthreads, td, td_allq);
	lwkt_nthreads++;
	spin_unlock(&lwkt_all_spin);
	return (td);
}

void
lwkt_free_thread(struct thread *td)
{
	spin_lock(&lwkt_all_spin);
	LIST_REMOVE(td, td_allq);
	lwkt_nthreads--;
	spin_unlock(&lwkt_all_spin);
	if ((td->td_flags & TDF_ALLOCATED) == 0)
		return;
	kmem_free_stack((vm_offset_t)td->td_kstack, td->td_kstack_size);
	kfree(td, M_THREAD);
}

int
lwkt_create(void (*func)(void *), void *arg, struct thread **tdp, int cpu,
    int flags, const char *fmt, ...)
{
	struct thread *td;
	va_list ap;

	td = lwkt_alloc_thread(cpu);
	if (td == NULL)
		return (ENOMEM);
	va_start(ap, fmt);
	kvsnprintf(td->td_comm, sizeof(td->td_comm), fmt, ap);
	va_end(ap);
	TD_FLAGS_SET(td, TDF_SYSTHREAD);
	cpu_thread_init(td, func, arg);
	if (tdp != NULL)
		*tdp = td;
	if ((flags & TDF_NOSTART) == 0)
		lwkt_schedule(td);
	return (0);
}

/* The address space a thread runs in: its process's, or the kernel's. */
static struct pmap *
lwkt_thread_pmap(struct thread *td)
{
	if (td->td_proc != NULL && td->td_proc->p_vmspace != NULL)
		return (vmspace_pmap(td->td_proc->p_vmspace));
	return (NULL);
}

/*
 * Runs in the thread that just got the CPU (or a new thread's first
 * instructions) with interrupts disabled: finish off the thread we came
 * from now that its stack is idle.
 */
static void
lwkt_switch_finish(void)
{
	struct lwkt_pcpu *pc = PCPU();
	struct thread *prev = pc->prev;

	pc->prev = NULL;
	if (prev == NULL)
		return;
	if ((prev->td_flags & TDF_EXITING) != 0) {
		TAILQ_INSERT_TAIL(&pc->deadq, prev, td_threadq);
	} else if ((prev->td_flags & TDF_MIGRATING) != 0) {
		TD_FLAGS_CLR(prev, TDF_MIGRATING);
		lwkt_send_ipiq(prev->td_gd, (ipifunc_t)lwkt_schedule, prev);
	}
}

void
lwkt_thread_entry(void)
{
	lwkt_switch_finish();
	intr_enable();
}

void
lwkt_switch(void)
{
	struct globaldata *gd = mycpu;
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];
	struct thread *td = gd->gd_curthread, *ntd;
	register_t s;

	if (__predict_false(spin_depth() != 0) && panicstr == NULL)
		panic("lwkt_switch: %s blocks holding %d spinlock(s)",
		    td->td_comm, spin_depth());
	s = intr_disable();
	if (td->td_toks_stop != td->td_mi[TDMI_TOKS])
		lwkt_token_release_all(td);
again:
	__atomic_fetch_and(&gd->gd_reqflags, ~RQF_AST_RESCHED,
	    __ATOMIC_SEQ_CST);
	if ((td->td_flags & (TDF_BLOCKED | TDF_EXITING | TDF_IDLE |
	    TDF_MIGRATING | TDF_RUNQ)) == 0)
		runq_insert(pc, td, false);
	ntd = runq_pick(pc);
	if (ntd == NULL)
		ntd = gd->gd_idlethread;
	if (ntd != td) {
		TD_FLAGS_CLR(td, TDF_RUNNING);
		TD_FLAGS_SET(ntd, TDF_RUNNING);
		gd->gd_curthread = ntd;
		gd->gd_switches++;
		pc->prev = td;
		pmap_activate(lwkt_thread_pmap(ntd));
		cpu_switch(td, ntd);
		/* Resumed, perhaps on another CPU after lwkt_migrate(). */
		gd = mycpu;
		pc = &lwkt_pcpu[gd->gd_cpuid];
		lwkt_switch_finish();
	}
	if (td->td_toks_stop != td->td_mi[TDMI_TOKS] &&
	    !lwkt_token_acquire_all(td)) {
		/*
		 * A token we hold across the switch is busy on another
		 * CPU: let others run, and open interrupts on every pass.
		 * The holder may be waiting on this CPU with its own
		 * interrupts closed (a TLB shootdown while it holds a
		 * vm_map token for fork's copy-on-write): if the threads
		 * here only switched among themselves, each failing to
		 * get that token, with interrupts shut, neither CPU would
		 * ever move.  Interrupts open whatever the caller had:
		 * the caller has given up the CPU, and the threads that
		 * run meanwhile open them anyway.
		 */
		intr_enable();
		cpu_pause();
		intr_disable();
		goto again;
	}
	intr_restore(s);
}

void
lwkt_yield(void)
{
	lwkt_switch();
}

void
lwkt_need_resched(struct globaldata *gd)
{
	__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_RESCHED, __ATOMIC_SEQ_CST);
	if (gd != mycpu)
		cpu_send_ipi(gd->gd_cpuid, IPI_RESCHED);
}

void
lwkt_schedule(struct thread *td)
{
	struct globaldata *gd = mycpu;
	struct lwkt_pcpu *pc;
	register_t s;

	if (td->td_gd != gd) {
		lwkt_send_ipiq(td->td_gd, (ipifunc_t)lwkt_schedule, td);
		return;
	}
	pc = &lwkt_pcpu[gd->gd_cpuid];
	s = intr_disable();
	TD_FLAGS_CLR(td, TDF_BLOCKED);
	if ((td->td_flags & (TDF_RUNNING | TDF_RUNQ | TDF_IDLE |
	    TDF_EXITING | TDF_MIGRATING)) == 0) {
		runq_insert(pc, td, false);
		if (td->td_pri > gd->gd_curthread->td_pri)
			__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_RESCHED,
			    __ATOMIC_SEQ_CST);
	}
	intr_restore(s);
}

/* Mark the current thread not runnable; it stops at its next switch. */
void
lwkt_deschedule_self(struct thread *td)
{
	register_t s;

	s = intr_disable();
	TD_FLAGS_SET(td, TDF_BLOCKED);
	intr_restore(s);
}

void
lwkt_setpri(struct thread *td, int pri)
{
	struct lwkt_pcpu *pc;
	register_t s;

	if (pri < 0)
		pri = 0;
	if (pri > TDPRI_MAX)
		pri = TDPRI_MAX;
	if (td->td_gd != mycpu) {
		td->td_pri = pri;	/* takes effect at its next queueing */
		return;
	}
	pc = PCPU();
	s = intr_disable();
	if ((td->td_flags & TDF_RUNQ) != 0) {
		runq_remove(pc, td);
		td->td_pri = pri;
		runq_insert(pc, td, false);
	} else
		td->td_pri = pri;
	intr_restore(s);
}

void
lwkt_setpri_self(int pri)
{
	lwkt_setpri(curthread, pri);
}

/* Move the current thread to another CPU. */
void
lwkt_migrate(int cpu)
{
	struct thread *td = curthread;

	if (cpu < 0 || cpu >= ncpus || globaldata_find(cpu) == td->td_gd)
		return;
	intr_disable();
	TD_FLAGS_SET(td, TDF_MIGRATING);
	td->td_gd = globaldata_find(cpu);
	/* lwkt_switch_finish on the old CPU hands us over. */
	lwkt_switch();
	intr_enable();
}

bool
lwkt_runnable(void)
{
	return (PCPU()->nrun > 0);
}

/*
 * Called by crit_exit() when a reschedule is pending.  We cannot tell an
 * interrupt handler from thread context here, so we do not switch: the
 * request stays in gd_reqflags for the next switch point.
 */
void
lwkt_crit_exit_check(struct thread *td)
{
}

void
lwkt_exit(void)
{
	struct thread *td = curthread;

	if (td->td_toks_stop != td->td_mi[TDMI_TOKS])
		panic("lwkt_exit: %s exits holding tokens", td->td_comm);
	intr_disable();
	TD_FLAGS_SET(td, TDF_EXITING);
	lwkt_switch();
	panic("lwkt_exit: dead thread %s resumed", td->td_comm);
}

static void
lwkt_reap(struct lwkt_pcpu *pc)
{
	struct thread *td;
	register_t s;

	for (;;) {
		s = intr_disable();
		td = TAILQ_FIRST(&pc->deadq);
		if (td != NULL)
			TAILQ_REMOVE(&pc->deadq, td, td_threadq);
		intr_restore(s);
		if (td == NULL)
			break;
		lwkt_free_thread(td);
	}
}

void
lwkt_idle_loop(void)
{
	struct globaldata *gd = mycpu;
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];

	intr_enable();
	for (;;) {
		if (!TAILQ_EMPTY(&pc->deadq))
			lwkt_reap(pc);
		if (pc->nrun > 0 ||
		    (gd->gd_reqflags & RQF_AST_RESCHED) != 0)
			lwkt_switch();
		else
			cpu_idle();
	}
}
