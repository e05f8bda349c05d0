/*
 * Systimers (<sys/systimer.h>): per-CPU one-shot and periodic functions
 * run from the clock interrupt.  Each CPU has a list of its timers sorted
 * by due time under its own spinlock; hardclock() calls systimer_intr(),
 * which runs the due ones with the lock dropped, one at a time, marking
 * the one running so that systimer_del() from another CPU can wait for it
 * to finish.  A periodic timer is requeued one period after its last due
 * time, or one period from now if it is more than a period late, so a
 * late tick runs it once instead of in a burst.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/systimer.h>
#include <sys/time.h>
#include <machine/cpufunc.h>

static struct systimer_cpu {
	struct spinlock		spin;
	TAILQ_HEAD(, systimer)	list;		/* sorted by st_time */
	struct systimer		*running;	/* function running now */
	bool			inited;
} __cachealign systimer_cpu[SMP_MAXCPU];

/* spin held. */
static void
systimer_list_init(struct systimer_cpu *sc)
{
	if (!sc->inited) {
		TAILQ_INIT(&sc->list);
		sc->inited = true;
	}
}

/* spin held. */
static void
systimer_insert(struct systimer_cpu *sc, systimer_t st)
{
	struct systimer *it;

	systimer_list_init(sc);
	TAILQ_FOREACH(it, &sc->list, st_link)
		if (it->st_time > st->st_time)
			break;
	if (it != NULL)
		TAILQ_INSERT_BEFORE(it, st, st_link);
	else
		TAILQ_INSERT_TAIL(&sc->list, st, st_link);
	st->st_flags |= SYSTF_QUEUED;
}

static void
systimer_arm(systimer_t st, systimer_func_t func, void *data,
    uint64_t first_ns, uint64_t period_ns)
{
	struct systimer_cpu *sc;
	register_t s;

	systimer_del(st);
	s = intr_disable();		/* mycpuid stays ours */
	sc = &systimer_cpu[mycpuid];
	st->st_func = func;
	st->st_data = data;
	st->st_period = period_ns;
	st->st_cpu = mycpuid;
	st->st_count = 0;
	st->st_time = uptime_ns() + first_ns;
	spin_lock(&sc->spin);
	st->st_flags = 0;
	systimer_insert(sc, st);
	spin_unlock(&sc->spin);
	intr_restore(s);
}

void
systimer_init_periodic(systimer_t st, systimer_func_t func, void *data,
    int freq)
{
	uint64_t period;

	if (freq <= 0)
		freq = 1;
	if (freq > hz)
		freq = hz;		/* one tick is the granularity */
	period = 1000000000ULL / (uint64_t)freq;
	systimer_arm(st, func, data, period, period);
}

void
systimer_init_periodic_nq(systimer_t st, systimer_func_t func, void *data,
    int freq)
{
	systimer_init_periodic(st, func, data, freq);
}

void
systimer_init_oneshot(systimer_t st, systimer_func_t func, void *data,
    int us)
{
	if (us < 0)
		us = 0;
	systimer_arm(st, func, data, (uint64_t)us * 1000, 0);
}

void
systimer_del(systimer_t st)
{
	struct systimer_cpu *sc;
	int cpu = st->st_cpu;

	if (cpu < 0 || cpu >= SMP_MAXCPU || st->st_func == NULL)
		return;			/* never armed */
	sc = &systimer_cpu[cpu];
	for (;;) {
		spin_lock(&sc->spin);
		if ((st->st_flags & SYSTF_QUEUED) != 0) {
			TAILQ_REMOVE(&sc->list, st, st_link);
			st->st_flags &= ~SYSTF_QUEUED;
		}
		st->st_flags |= SYSTF_DELETED;
		/*
		 * Running on its CPU: wait unless that is us (the timer's
		 * own function deleting it, which cannot wait for itself).
		 */
		if (sc->running != st || cpu == mycpuid) {
			spin_unlock(&sc->spin);
			return;
		}
		spin_unlock(&sc->spin);
		cpu_pause();
	}
}

void
systimer_intr(struct globaldata *gd)
{
	struct systimer_cpu *sc = &systimer_cpu[gd->gd_cpuid];
	struct systimer *st;
	uint64_t now = uptime_ns();

	if (!sc->inited)
		return;		/* a racy peek: nothing was ever armed here */
	spin_lock(&sc->spin);
	while ((st = TAILQ_FIRST(&sc->list)) != NULL && st->st_time <= now) {
		TAILQ_REMOVE(&sc->list, st, st_link);
		st->st_flags &= ~(SYSTF_QUEUED | SYSTF_DELETED);
		st->st_count++;
		sc->running = st;
		spin_unlock(&sc->spin);
		st->st_func(st, 0, NULL);
		spin_lock(&sc->spin);
		sc->running = NULL;
		/* Not deleted or re-armed by its function: next period. */
		if (st->st_period != 0 && (st->st_flags &
		    (SYSTF_DELETED | SYSTF_QUEUED)) == 0) {
			st->st_time += st->st_period;
			if (st->st_time <= now)
				st->st_time = now + st->st_period;
			systimer_insert(sc, st);
		}
	}
	spin_unlock(&sc->spin);
}
