/*
 * Spinlocks (see <sys/spinlock.h>).  The per-CPU nesting count lets the
 * first lock a CPU takes save the interrupt state and the last unlock
 * restore it, whatever order the locks are released in.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <machine/cpufunc.h>

static struct {
	int		depth;
	register_t	saved;
} __cachealign spin_pcpu[SMP_MAXCPU];

static int
spin_cpu(void)
{
	if (cpu_globaldata[0].gd_self == NULL)
		return (0);
	return (mycpuid);
}

void
spin_init(struct spinlock *sl, const char *name)
{
	sl->sl_lock = 0;
	sl->sl_owner = 0;
	sl->sl_name = name;
}

static void
spin_enter(void)
{
	register_t s;
	int cpu;

	s = intr_disable();
	cpu = spin_cpu();
	if (spin_pcpu[cpu].depth++ == 0)
		spin_pcpu[cpu].saved = s;
}

static void
spin_leave(void)
{
	int cpu = spin_cpu();

	if (--spin_pcpu[cpu].depth == 0)
		intr_restore(spin_pcpu[cpu].saved);
}

bool
spin_trylock(struct spinlock *sl)
{
	spin_enter();
	if (__atomic_exchange_n(&sl->sl_lock, 1, __ATOMIC_ACQUIRE) == 0) {
		sl->sl_owner = spin_cpu() + 1;
		return (true);
	}
	spin_leave();
	return (false);
}

void
spin_lock(struct spinlock *sl)
{
	uint64_t spins = 0;

	spin_enter();
	if (sl->sl_lock != 0 && sl->sl_owner == spin_cpu() + 1)
		panic("spin_lock: %s: recursive lock",
		    sl->sl_name ? sl->sl_name : "?");
	for (;;) {
		if (__atomic_exchange_n(&sl->sl_lock, 1, __ATOMIC_ACQUIRE) == 0)
			break;
		while (sl->sl_lock != 0) {
			cpu_pause();
			if (++spins == (1ULL << 32) && panicstr == NULL)
				panic("spin_lock: %s held too long by cpu %d",
				    sl->sl_name ? sl->sl_name : "?",
				    sl->sl_owner - 1);
		}
	}
	sl->sl_owner = spin_cpu() + 1;
}

void
spin_unlock(struct spinlock *sl)
{
	sl->sl_owner = 0;
	__atomic_store_n(&sl->sl_lock, 0, __ATOMIC_RELEASE);
	spin_leave();
}

bool
spin_held(struct spinlock *sl)
{
	return (sl->sl_lock != 0 && sl->sl_owner == spin_cpu() + 1);
}

/* Spinlocks this CPU holds (lwkt_switch asserts none). */
int
spin_depth(void)
{
	return (spin_pcpu[spin_cpu()].depth);
}
