/*
 * LWKT threads and the per-CPU scheduler (see <sys/thread2.h> for the
 * model).  Each CPU has a run queue per priority and a bitmap of
 * non-empty queues; only the owning CPU touches its queues, with
 * interrupts disabled, so no lock is needed.  Other CPUs reach a thread's
 * owner through lwkt_send_ipiq().  A thread that exits or migrates is
 * finished by whoever runs next on its CPU, once its stack is no longer
 * in use: exited threads go to a per-CPU dead list that the idle thread
 * frees, migrating ones are handed to their new CPU.
 *
 * User threads all sit at TDPRI_USER_NORM, and that one queue is the
 * user scheduler: it is kept in order of td_vruntime, the CPU time a
 * thread has used scaled by the weight of its nice value (1024 at nice 0,
 * 1.25 times less for each step up), so that the thread that has had the
 * least weighted time runs next and busy threads share a CPU in the
 * ratio of their weights (a nice 19 hog gets about 1/68 of what a nice 0
 * one gets).  usched_clock() charges each tick and asks for a switch once
 * the running thread is a granule ahead of the first one waiting.  A
 * thread that wakes up is placed no further back than the CPU's
 * min_vruntime less a small credit, so a mostly sleeping (interactive)
 * thread runs ahead of the hogs, but cannot bank its sleep to starve
 * them later.  Idle CPUs pull waiting user threads from busy ones (see
 * usched_pull()), and busy CPUs even out the sum of their user threads'
 * weights (usched_balance_busy()).
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
#include <sys/resource.h>
#include <sys/sysctl.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>

struct lwkt_pcpu {
	TAILQ_HEAD(, thread) runq[TDPRI_NQS];	/* owner CPU, intrs off */
	uint32_t	runq_mask;		/* bit p: runq[p] not empty */
	int		nrun;			/* queued threads */
	volatile int	nuserq;			/* queued user threads; read
						   by other CPUs to balance */
	uint64_t	min_vruntime;		/* user clock; never goes back */
	uint64_t	pull_tick;		/* gd_ticks of the last pull */
	volatile uint64_t uload;		/* weights of the runnable user
						   threads, at the last tick;
						   read by other CPUs */
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

/* ---- User scheduling: weights and virtual run time --------------------- */

/*
 * Weight of nice -20 .. 20: 1024 / 1.25^nice, so each step of nice is
 * about 10% of a CPU between two competing threads.
 */
static const uint32_t nice_weight[PRIO_MAX - PRIO_MIN + 1] = {
	88818, 71054, 56843, 45475, 36380, 29104, 23283, 18626, 14901, 11921,
	9537, 7629, 6104, 4883, 3906, 3125, 2500, 2000, 1600, 1280,
	1024, 819, 655, 524, 419, 336, 268, 215, 172, 137,
	110, 88, 70, 56, 45, 36, 29, 23, 18, 15,
	12
};

#define USCHED_TICK_NS	(1000000000ULL / HZ)
/* Run at least this far (nice 0 ns) ahead of the next thread before a switch. */
#define USCHED_GRAN	(2 * USCHED_TICK_NS)
/* A waking thread's credit: it goes this far before the CPU's clock. */
#define USCHED_WAKE_CREDIT (2 * USCHED_TICK_NS)
/* Start of every CPU's clock: far enough up that the credit never wraps. */
#define USCHED_VR_BASE	(1ULL << 40)

uint64_t usched_migrations;
static int usched_balance = 1;
uint64_t lwkt_preemptions;
static int lwkt_preempt_on = 1;

static bool
td_is_user(const struct thread *td)
{
	return ((td->td_flags & TDF_USERMODE) != 0 && td->td_proc != NULL);
}

static uint32_t
td_weight(const struct thread *td)
{
	int nice = td->td_proc != NULL ? td->td_proc->p_nice : 0;

	if (nice < PRIO_MIN)
		nice = PRIO_MIN;
	if (nice > PRIO_MAX)
		nice = PRIO_MAX;
	return (nice_weight[nice - PRIO_MIN]);
}

static void
runq_insert(struct lwkt_pcpu *pc, struct thread *td, bool head)
{
	int pri = td->td_pri;

	if (pri < 0)
		pri = 0;
	if (pri >= TDPRI_NQS)
		pri = TDPRI_NQS - 1;
	if (td_is_user(td) && pri == TDPRI_USER_NORM) {
		struct thread *it;

		/* The user queue is in td_vruntime order, ties FIFO. */
		TAILQ_FOREACH(it, &pc->runq[pri], td_threadq)
			if (td_is_user(it) && it->td_vruntime > td->td_vruntime)
				break;
		if (it != NULL)
			TAILQ_INSERT_BEFORE(it, td, td_threadq);
		else
			TAILQ_INSERT_TAIL(&pc->runq[pri], td, td_threadq);
		TD_FLAGS_SET(td, TDF_USERQ);
		pc->nuserq++;
	} else if (head)
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
	if ((td->td_flags & TDF_USERQ) != 0) {
		TD_FLAGS_CLR(td, TDF_USERQ);
		pc->nuserq--;
	}
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

/*
 * Where a user thread that becomes runnable on this CPU goes in the
 * queue.  Owner CPU, interrupts off.
 */
static void
usched_place(struct lwkt_pcpu *pc, struct thread *td)
{
	uint64_t floor;

	if ((td->td_flags & TDF_VRREL) != 0) {
		/* Pulled from another CPU: keep its lead or lag. */
		td->td_vruntime += pc->min_vruntime;
		TD_FLAGS_CLR(td, TDF_VRREL);
		return;
	}
	if (td->td_vruntime == 0) {
		/* New (fork, lwp_create): level with the others. */
		td->td_vruntime = pc->min_vruntime;
		return;
	}
	floor = pc->min_vruntime - USCHED_WAKE_CREDIT;
	if (td->td_vruntime < floor)
		td->td_vruntime = floor;
}

/* Every this many ticks a busy CPU compares its user load with the others'. */
#define USCHED_BALANCE_TICKS	10

/* usched_push's argument: the asking CPU and the largest weight to move. */
#define PUSH_ARG(cpu, maxw)	((void *)(((uintptr_t)(maxw) << 8) | (cpu)))
#define PUSH_CPU(arg)		((int)((uintptr_t)(arg) & 0xff))
#define PUSH_MAXW(arg)		((uint64_t)((uintptr_t)(arg) >> 8))

static void usched_push(void *arg);

/*
 * A busy CPU, every USCHED_BALANCE_TICKS: if another CPU's user load (the
 * sum of the weights of its runnable user threads) is above ours by more
 * than the weight of one of its waiting threads, ask it for that thread.
 * Moving a thread of weight w < the difference always narrows it, so
 * this settles: two nice 0 hogs on one CPU and two nice 19 ones on the
 * other end up one of each per CPU.  Interrupts off.
 */
static void
usched_balance_busy(struct globaldata *gd, struct lwkt_pcpu *pc)
{
	uint64_t l, most = 0;
	int c, best = -1;

	if (usched_balance == 0 || ncpus < 2 ||
	    (gd->gd_ticks + gd->gd_cpuid * 3) % USCHED_BALANCE_TICKS != 0)
		return;
	for (c = 0; c < ncpus; c++) {
		if (c == gd->gd_cpuid)
			continue;
		l = __atomic_load_n(&lwkt_pcpu[c].uload, __ATOMIC_RELAXED);
		if (l > most) {
			most = l;
			best = c;
		}
	}
	/* A difference below the lightest weight can never narrow. */
	if (best >= 0 && most > pc->uload + nice_weight[PRIO_MAX - PRIO_MIN])
		lwkt_send_ipiq(globaldata_find(best), usched_push,
		    PUSH_ARG(gd->gd_cpuid, most - pc->uload));
}

/*
 * hardclock on every CPU: charge the running user thread a tick weighted
 * by its nice value, advance the CPU's clock, end its turn once it is a
 * granule ahead of the first user thread waiting, publish the CPU's user
 * load and now and then balance it against the others.
 */
void
usched_clock(struct globaldata *gd, struct thread *td)
{
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];
	struct thread *next, *it;
	uint64_t m, load = 0;
	register_t s;

	s = intr_disable();
	TAILQ_FOREACH(it, &pc->runq[TDPRI_USER_NORM], td_threadq)
		if ((it->td_flags & TDF_USERQ) != 0)
			load += td_weight(it);
	if (!td_is_user(td)) {
		__atomic_store_n(&pc->uload, load, __ATOMIC_RELAXED);
		intr_restore(s);
		return;
	}
	load += td_weight(td);
	__atomic_store_n(&pc->uload, load, __ATOMIC_RELAXED);
	td->td_vruntime += USCHED_TICK_NS * nice_weight[-PRIO_MIN] /
	    td_weight(td);
	next = TAILQ_FIRST(&pc->runq[TDPRI_USER_NORM]);
	if (next != NULL && (next->td_flags & TDF_USERQ) == 0)
		next = NULL;
	m = td->td_vruntime;
	if (next != NULL && next->td_vruntime < m)
		m = next->td_vruntime;
	if (m > pc->min_vruntime)
		pc->min_vruntime = m;
	if (next != NULL && td->td_vruntime >= next->td_vruntime + USCHED_GRAN)
		__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_RESCHED,
		    __ATOMIC_SEQ_CST);
	usched_balance_busy(gd, pc);
	intr_restore(s);
}

/*
 * Cross-CPU call on a busy CPU from an idle or less loaded one (arg:
 * PUSH_ARG(its number, the largest weight worth moving, 0 for any)):
 * hand it a waiting user thread that was switched out on its way to
 * user mode, the heaviest that fits (for an idle CPU, the last queued).
 * Only those move: a thread switched out inside the kernel may be
 * relying on staying on this CPU.  The thread is off every queue and not
 * running, so changing its owner here is safe; the new owner queues it
 * when the call reaches it.  Nothing moves when the running thread is
 * not a user thread: then the waiting one is only waiting for a short
 * kernel thread (softclock, a netisr), not for another hog.
 */
static void
usched_push(void *arg)
{
	struct globaldata *gd = mycpu;
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];
	struct thread *td, *pick = NULL;
	int dcpu = PUSH_CPU(arg);
	uint64_t maxw = PUSH_MAXW(arg), w, pickw = 0;
	register_t s;

	if (dcpu < 0 || dcpu >= ncpus || dcpu == gd->gd_cpuid)
		return;
	s = intr_disable();
	if (td_is_user(gd->gd_curthread)) {
		TAILQ_FOREACH(td, &pc->runq[TDPRI_USER_NORM], td_threadq) {
			if ((td->td_flags & (TDF_USERQ | TDF_UPREEMPT)) !=
			    (TDF_USERQ | TDF_UPREEMPT) || td->td_critcount != 0)
				continue;
			w = td_weight(td);
			if (maxw == 0)
				pick = td;
			else if (w < maxw && w >= pickw) {
				pick = td;
				pickw = w;
			}
		}
	}
	if (pick != NULL) {
		runq_remove(pc, pick);
		pick->td_vruntime -= pc->min_vruntime;
		TD_FLAGS_SET(pick, TDF_VRREL);
		pick->td_gd = globaldata_find(dcpu);
		__atomic_fetch_add(&usched_migrations, 1, __ATOMIC_RELAXED);
		lwkt_send_ipiq(pick->td_gd, (ipifunc_t)lwkt_schedule, pick);
	}
	intr_restore(s);
}

/*
 * The idle loop, at most once a tick: if another CPU has a user thread
 * waiting behind another user thread, ask it for one.
 */
static void
usched_pull(struct globaldata *gd, struct lwkt_pcpu *pc)
{
	struct thread *cur;
	int c, best = -1, most = 0, n;

	if (usched_balance == 0 || ncpus < 2 || pc->pull_tick == gd->gd_ticks)
		return;
	pc->pull_tick = gd->gd_ticks;
	for (c = 0; c < ncpus; c++) {
		if (c == gd->gd_cpuid)
			continue;
		n = __atomic_load_n(&lwkt_pcpu[c].nuserq, __ATOMIC_RELAXED);
		cur = __atomic_load_n(&globaldata_find(c)->gd_curthread,
		    __ATOMIC_RELAXED);
		if (n > most && td_is_user(cur)) {
			most = n;
			best = c;
		}
	}
	if (best >= 0)
		lwkt_send_ipiq(globaldata_find(best), usched_push,
		    PUSH_ARG(gd->gd_cpuid, 0));
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
	pc->min_vruntime = USCHED_VR_BASE;
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
		struct thread *cur = gd->gd_curthread;

		if (td_is_user(td))
			usched_place(pc, td);
		runq_insert(pc, td, false);
		/*
		 * A higher priority preempts at the next switch point; so
		 * does a user thread that is well behind the user thread
		 * running (an interactive one waking up next to a hog).
		 */
		if (td->td_pri > cur->td_pri ||
		    (td_is_user(td) && td_is_user(cur) &&
		    td->td_pri == cur->td_pri &&
		    td->td_vruntime + USCHED_GRAN <= cur->td_vruntime))
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
 * The end of an interrupt taken in kernel mode (the ports call this after
 * the handlers and the EOI): if the interrupt made a thread of higher
 * priority than the interrupted one runnable (softclock, a netisr, a
 * woken daemon), switch to it now rather than when the interrupted
 * thread next blocks, yields or returns to user mode.  The interrupted
 * thread stays runnable and resumes here later, finishing the interrupt
 * return.  Not when that would break what it is in the middle of:
 * - it holds tokens: lwkt_switch would release them mid-section (that
 *   also covers lwkt_switch's own retry loop, the only place it runs
 *   with interrupts open);
 * - it holds spinlocks or is in a critical section;
 * - it has descheduled itself on its way to sleep (TDF_BLOCKED): it
 *   switches away itself in a moment;
 * - it is the idle thread, which switches by itself.
 * The thread stays on this CPU (only threads switched out in userret
 * move), so code that caches mycpu across an interrupt stays right.
 */
void
lwkt_preempt_check(void)
{
	struct globaldata *gd = mycpu;
	struct lwkt_pcpu *pc = &lwkt_pcpu[gd->gd_cpuid];
	struct thread *td = gd->gd_curthread;
	uint32_t mask;

	if ((gd->gd_reqflags & RQF_AST_RESCHED) == 0 || lwkt_preempt_on == 0)
		return;
	mask = pc->runq_mask;
	if (mask == 0 || 31 - __builtin_clz(mask) <= td->td_pri)
		return;
	if ((td->td_flags & (TDF_IDLE | TDF_BLOCKED | TDF_EXITING |
	    TDF_MIGRATING)) != 0 || td->td_critcount != 0 ||
	    spin_depth() != 0 || td->td_toks_stop != td->td_mi[TDMI_TOKS])
		return;
	__atomic_fetch_add(&lwkt_preemptions, 1, __ATOMIC_RELAXED);
	lwkt_switch();
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
		    (gd->gd_reqflags & RQF_AST_RESCHED) != 0) {
			lwkt_switch();
			continue;
		}
		usched_pull(gd, pc);
		cpu_idle();
	}
}

SYSCTL_NODE(_kern, OID_AUTO, sched, CTLFLAG_RD, 0, "User scheduler");
SYSCTL_U64(_kern_sched, OID_AUTO, migrations, CTLFLAG_RD, &usched_migrations,
    0, "User threads an idle CPU took from a busy one");
SYSCTL_INT(_kern_sched, OID_AUTO, balance, CTLFLAG_RW, &usched_balance, 0,
    "Idle CPUs take waiting user threads from busy ones (0: never)");
SYSCTL_U64(_kern_sched, OID_AUTO, preemptions, CTLFLAG_RD, &lwkt_preemptions,
    0, "Threads switched out at the end of an interrupt in kernel mode");
SYSCTL_INT(_kern_sched, OID_AUTO, preempt, CTLFLAG_RW, &lwkt_preempt_on, 0,
    "Switch at the end of an interrupt to a higher priority thread it "
    "made runnable (0: at the next switch point)");
