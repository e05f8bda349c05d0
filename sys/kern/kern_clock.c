/*
 * The clock.  Each CPU's tick (the port calls hardclock() at HZ) advances
 * that CPU's gd_ticks, runs its due callouts and charges the running
 * user thread's tick to the user scheduler (usched_clock); CPU 0 also
 * advances the global `ticks'.  Time of day comes from the port's cycle
 * counter (cpu_cycles/cpu_cycles_freq) rather than from tick counting, so
 * it stays precise between ticks, with the boot-time RTC reading
 * (bootinfo.bi_rtc_sec) as the epoch.
 */
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/random.h>
#include <sys/callout.h>
#include <sys/systimer.h>
#include <sys/time.h>
#include <sys/spinlock.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>

volatile uint64_t ticks;
int hz = HZ;
time_t boottime_sec;

static uint64_t cycles_at_boot;
static uint64_t cycles_freq;
static int64_t realtime_adjust_ns;	/* settimeofday offset */
static struct spinlock clock_spin = SPINLOCK_INITIALIZER("clock");

void
clock_init(void)
{
	cycles_freq = cpu_cycles_freq();
	if (cycles_freq == 0)
		cycles_freq = 1000000000ULL;
	cycles_at_boot = cpu_cycles();
	boottime_sec = bootinfo.bi_rtc_sec;
}

uint64_t
uptime_ns(void)
{
	uint64_t c = cpu_cycles() - cycles_at_boot;

	/* c * 1e9 / freq, split so that nothing overflows 64 bits. */
	return ((c / cycles_freq) * 1000000000ULL +
	    (c % cycles_freq) * 1000000000ULL / cycles_freq);
}

void
nanouptime(struct timespec *ts)
{
	uint64_t ns = uptime_ns();

	ts->tv_sec = ns / 1000000000ULL;
	ts->tv_nsec = ns % 1000000000ULL;
}

void
nanotime(struct timespec *ts)
{
	int64_t ns = (int64_t)uptime_ns() + realtime_adjust_ns;

	ts->tv_sec = boottime_sec + ns / 1000000000LL;
	ns %= 1000000000LL;
	if (ns < 0) {
		ns += 1000000000LL;
		ts->tv_sec--;
	}
	ts->tv_nsec = ns;
}

void
microtime(struct timeval *tv)
{
	struct timespec ts;

	nanotime(&ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
}

void
microuptime(struct timeval *tv)
{
	struct timespec ts;

	nanouptime(&ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
}

/*
 * The wall-clock time of boot: the RTC reading, moved by whatever
 * settimeofday/clock_settime have added since, so that it always equals
 * the current time of day minus the uptime (as kern.boottime does on the
 * BSDs).
 */
void
getboottime(struct timeval *tv)
{
	int64_t ns = realtime_adjust_ns;

	tv->tv_sec = boottime_sec + ns / 1000000000LL;
	ns %= 1000000000LL;
	if (ns < 0) {
		ns += 1000000000LL;
		tv->tv_sec--;
	}
	tv->tv_usec = ns / 1000;
}

void
clock_set_realtime(const struct timespec *ts)
{
	struct timespec now;
	int64_t want, have;

	spin_lock(&clock_spin);
	nanotime(&now);
	want = (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
	have = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
	realtime_adjust_ns += want - have;
	spin_unlock(&clock_spin);
}

/* Ticks until ns nanoseconds have passed, rounded up, 1 to INT_MAX. */
int
nstohz(uint64_t ns)
{
	const uint64_t tick = 1000000000ULL / HZ;

	if (ns > (uint64_t)INT32_MAX * tick)
		return (INT32_MAX);
	ns = (ns + tick - 1) / tick;
	return (ns < 1 ? 1 : (int)ns);
}

/* Ticks until ts has passed, rounded up, at least 1, at most INT_MAX. */
int
tstohz(const struct timespec *ts)
{
	if (ts->tv_sec < 0)
		return (1);
	if ((uint64_t)ts->tv_sec > (uint64_t)INT32_MAX / HZ)
		return (INT32_MAX);
	return (nstohz((uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec));
}

void
hardclock(bool usermode)
{
	struct globaldata *gd = mycpu;
	struct thread *td = gd->gd_curthread;
	int cpu = gd->gd_cpuid;

	gd->gd_ticks++;
	gd->gd_intr_count++;
	random_harvest_intr((uint32_t)cpu);
	if (cpu == 0)
		ticks++;
	callout_hardclock(gd);
	systimer_intr(gd);

	/*
	 * CPU time, for getrusage, the CPU-time clocks and the virtual and
	 * profiling timers: a tick in user mode is user time, one taken
	 * while a process's thread runs in the kernel (a system call, a
	 * fault) is system time.
	 */
	if (td->td_proc != NULL) {
		struct proc *p = td->td_proc;
		uint64_t n;

		/*
		 * Threads of one process tick on several CPUs at once: the
		 * atomic add gives each tick its own count, so exactly one
		 * of them sees each whole second of user (or of system)
		 * time and asks userret (thread context, where signals can
		 * be sent) to check RLIMIT_CPU.
		 */
		n = __atomic_add_fetch(usermode ? &p->p_uticks : &p->p_sticks,
		    1, __ATOMIC_RELAXED);
		itimer_cpu_tick(p, usermode);
		if (n % HZ == 0) {
			__atomic_store_n(&p->p_cpucheck, 1, __ATOMIC_RELAXED);
			__atomic_fetch_or(&gd->gd_reqflags, RQF_AST_SIGNAL,
			    __ATOMIC_SEQ_CST);
		}
	}
	/* The user scheduler charges the tick (lwkt_thread.c). */
	usched_clock(gd, td);
}

/*
 * kern.cpu_ticks: each running CPU's hardclock count (gd_ticks), one
 * uint64 per CPU in CPU order.  Every CPU ticks on its own timer, so all
 * of them advance, idle or not; the regress suite checks that they do.
 */
SYSCTL_PROC(_kern, OID_AUTO, cpu_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_ticks), sysctl_handle_percpu_u64, "QU",
    "hardclock ticks taken, per CPU");
