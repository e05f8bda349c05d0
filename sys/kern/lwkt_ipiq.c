/*
 * Cross-CPU function calls.  Each ordered pair of CPUs (source, target)
 * has a ring of {func, arg} entries: only the source writes it and only
 * the target reads it, so a ring needs no lock, just ordered stores.
 * The source raises RQF_IPIQ on the target and sends IPI_IPIQ; the target
 * drains every ring aimed at it in ipi_handler().  A source that finds a
 * ring full drains its own incoming rings while it waits, so two CPUs
 * sending to each other cannot deadlock.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <machine/cpufunc.h>

#define IPIQ_SIZE	256		/* power of two */

struct lwkt_ipiq {
	volatile uint32_t windex;	/* source only */
	volatile uint32_t rindex;	/* target only */
	struct {
		ipifunc_t	func;
		void		*arg;
	} ring[IPIQ_SIZE];
} __cachealign;

/* ipiq[src][dst] */
static struct lwkt_ipiq ipiq[SMP_MAXCPU][SMP_MAXCPU];

void
lwkt_ipiq_init(void)
{
}

void
lwkt_send_ipiq(struct globaldata *target, ipifunc_t func, void *arg)
{
	struct globaldata *gd;
	struct lwkt_ipiq *q;
	register_t s;
	uint32_t w;

	s = intr_disable();
	gd = mycpu;
	if (target == gd) {
		func(arg);
		intr_restore(s);
		return;
	}
	q = &ipiq[gd->gd_cpuid][target->gd_cpuid];
	while (q->windex - __atomic_load_n(&q->rindex, __ATOMIC_ACQUIRE) >=
	    IPIQ_SIZE) {
		/* Full: serve our own queues while the target catches up. */
		lwkt_process_ipiq();
		cpu_pause();
	}
	w = q->windex;
	q->ring[w & (IPIQ_SIZE - 1)].func = func;
	q->ring[w & (IPIQ_SIZE - 1)].arg = arg;
	__atomic_store_n(&q->windex, w + 1, __ATOMIC_RELEASE);
	__atomic_fetch_or(&target->gd_reqflags, RQF_IPIQ, __ATOMIC_SEQ_CST);
	cpu_send_ipi(target->gd_cpuid, IPI_IPIQ);
	intr_restore(s);
}

void
lwkt_send_ipiq_mask(uint64_t cpumask, ipifunc_t func, void *arg)
{
	int i;

	for (i = 0; i < ncpus; i++)
		if ((cpumask & (1ULL << i)) != 0)
			lwkt_send_ipiq(globaldata_find(i), func, arg);
}

/* Run every queued call aimed at this CPU.  Interrupts disabled. */
void
lwkt_process_ipiq(void)
{
	struct globaldata *gd = mycpu;
	struct lwkt_ipiq *q;
	uint32_t r;
	ipifunc_t func;
	void *arg;
	int src;

	__atomic_fetch_and(&gd->gd_reqflags, ~RQF_IPIQ, __ATOMIC_SEQ_CST);
	for (src = 0; src < ncpus; src++) {
		if (src == gd->gd_cpuid)
			continue;
		q = &ipiq[src][gd->gd_cpuid];
		for (;;) {
			r = q->rindex;
			if (r == __atomic_load_n(&q->windex, __ATOMIC_ACQUIRE))
				break;
			func = q->ring[r & (IPIQ_SIZE - 1)].func;
			arg = q->ring[r & (IPIQ_SIZE - 1)].arg;
			__atomic_store_n(&q->rindex, r + 1, __ATOMIC_RELEASE);
			func(arg);
		}
	}
}

void
ipi_handler(int ipi)
{
	struct globaldata *gd = mycpu;

	gd->gd_intr_count++;
	switch (ipi) {
	case IPI_RESCHED:
		__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_RESCHED,
		    __ATOMIC_SEQ_CST);
		break;
	case IPI_IPIQ:
		lwkt_process_ipiq();
		break;
	default:
		break;
	}
}

struct cpusync {
	ipifunc_t	func;
	void		*arg;
	volatile int	pending;
};

static void
cpusync_remote(void *arg)
{
	struct cpusync *cs = arg;

	cs->func(cs->arg);
	__atomic_fetch_sub(&cs->pending, 1, __ATOMIC_SEQ_CST);
}

/*
 * Run func(arg) on every CPU in cpumask (this one included) and return
 * when all have done so.
 */
void
lwkt_cpusync(uint64_t cpumask, ipifunc_t func, void *arg)
{
	struct cpusync cs;
	register_t s;
	int i, me;

	cs.func = func;
	cs.arg = arg;
	cs.pending = 0;
	s = intr_disable();
	me = mycpuid;
	for (i = 0; i < ncpus; i++)
		if (i != me && (cpumask & (1ULL << i)) != 0)
			cs.pending++;
	for (i = 0; i < ncpus; i++)
		if (i != me && (cpumask & (1ULL << i)) != 0)
			lwkt_send_ipiq(globaldata_find(i), cpusync_remote, &cs);
	if ((cpumask & (1ULL << me)) != 0)
		func(arg);
	while (__atomic_load_n(&cs.pending, __ATOMIC_SEQ_CST) > 0) {
		lwkt_process_ipiq();
		cpu_pause();
	}
	intr_restore(s);
}
