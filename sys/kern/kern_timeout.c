/*
 * Per-CPU callouts.  hardclock() on each CPU checks the head of that
 * CPU's sorted list and, when it is due, schedules the CPU's softclock
 * thread, which runs the due callouts in thread context.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/callout.h>

static struct callout_cpu {
	struct spinlock		spin;
	TAILQ_HEAD(, callout)	list;	/* sorted by c_time */
	struct thread		*softclock;
	bool			ready;
} __cachealign callout_cpu[SMP_MAXCPU];

static void softclock_thread(void *arg);

void
callout_init_cpu(struct globaldata *gd)
{
	struct callout_cpu *cc = &callout_cpu[gd->gd_cpuid];

	spin_init(&cc->spin, "callout");
	TAILQ_INIT(&cc->list);
	if (lwkt_create(softclock_thread, cc, &cc->softclock, gd->gd_cpuid,
	    0, "softclock%d", gd->gd_cpuid) != 0)
		panic("callout_init_cpu: no softclock thread");
	lwkt_setpri(cc->softclock, TDPRI_INT_SUPPORT);
	cc->ready = true;
}

void
callout_init(struct callout *c)
{
	memset(c, 0, sizeof(*c));
	c->c_cpu = -1;
}

void
callout_init_mp(struct callout *c)
{
	callout_init(c);
}

int
callout_stop(struct callout *c)
{
	struct callout_cpu *cc;
	int cpu, was = 0;

	for (;;) {
		cpu = c->c_cpu;
		if (cpu < 0)
			break;
		cc = &callout_cpu[cpu];
		spin_lock(&cc->spin);
		if (c->c_cpu != cpu) {
			spin_unlock(&cc->spin);
			continue;	/* moved under us */
		}
		if ((c->c_flags & CALLOUT_PENDING) != 0) {
			TAILQ_REMOVE(&cc->list, c, c_link);
			c->c_flags &= ~CALLOUT_PENDING;
			was = 1;
		}
		c->c_cpu = -1;
		spin_unlock(&cc->spin);
		break;
	}
	c->c_flags &= ~CALLOUT_ACTIVE;
	return (was);
}

void
callout_reset(struct callout *c, int ticks, void (*fn)(void *), void *arg)
{
	struct globaldata *gd;
	struct callout_cpu *cc;
	struct callout *p;

	callout_stop(c);
	if (ticks < 1)
		ticks = 1;
	gd = mycpu;
	cc = &callout_cpu[gd->gd_cpuid];
	spin_lock(&cc->spin);
	c->c_func = fn;
	c->c_arg = arg;
	c->c_time = gd->gd_ticks + ticks;
	c->c_cpu = gd->gd_cpuid;
	c->c_flags |= CALLOUT_PENDING | CALLOUT_ACTIVE;
	TAILQ_FOREACH(p, &cc->list, c_link)
		if (p->c_time > c->c_time)
			break;
	if (p != NULL)
		TAILQ_INSERT_BEFORE(p, c, c_link);
	else
		TAILQ_INSERT_TAIL(&cc->list, c, c_link);
	spin_unlock(&cc->spin);
}

void
callout_hardclock(struct globaldata *gd)
{
	struct callout_cpu *cc = &callout_cpu[gd->gd_cpuid];
	struct callout *c;

	if (!cc->ready)
		return;
	c = TAILQ_FIRST(&cc->list);	/* a racy peek is fine: next tick */
	if (c != NULL && c->c_time <= gd->gd_ticks)
		lwkt_schedule(cc->softclock);
}

static void
softclock_thread(void *arg)
{
	struct callout_cpu *cc = arg;
	struct globaldata *gd = mycpu;
	struct callout *c;
	void (*fn)(void *);
	void *fnarg;

	for (;;) {
		spin_lock(&cc->spin);
		while ((c = TAILQ_FIRST(&cc->list)) != NULL &&
		    c->c_time <= gd->gd_ticks) {
			TAILQ_REMOVE(&cc->list, c, c_link);
			c->c_flags &= ~CALLOUT_PENDING;
			c->c_cpu = -1;
			fn = c->c_func;
			fnarg = c->c_arg;
			spin_unlock(&cc->spin);
			fn(fnarg);
			spin_lock(&cc->spin);
		}
		lwkt_deschedule_self(curthread);
		spin_unlock(&cc->spin);
		lwkt_switch();
	}
}
