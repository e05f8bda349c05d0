/*
 * The user scheduler (sys/kern/lwkt_thread.c): nice is a priority, a
 * mostly sleeping process is served promptly next to CPU hogs, and an
 * idle CPU takes a waiting thread from a busy one; an interrupt that
 * wakes a higher-priority kernel thread switches to it at once, even
 * from a thread spinning in the kernel; systimers run at their rate on
 * their CPU.  Also the errors of
 * getpriority/setpriority.
 *
 * CPU time comes from kern.proc.pid (kp_utime_us + kp_stime_us, counted
 * in 10 ms ticks on the CPU the process runs on), so the figures hold
 * under an emulator whose virtual CPUs get little host time: a tick
 * delivered late is still charged to whoever had that CPU.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define MAXHOGS	32

static int ncpu;

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int
getkp(pid_t pid, struct kinfo_proc *kp)
{
	size_t len = sizeof(*kp);
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid };

	if (sysctl(mib, 4, kp, &len, NULL, 0) != 0 || len != sizeof(*kp))
		return (-1);
	return (0);
}

/* CPU time of pid in microseconds, or 0 if it cannot be read. */
static uint64_t
cpu_us(pid_t pid)
{
	struct kinfo_proc kp;

	if (getkp(pid, &kp) != 0)
		return (0);
	return (kp.kp_utime_us + kp.kp_stime_us);
}

static int
cpu_of(pid_t pid)
{
	struct kinfo_proc kp;

	if (getkp(pid, &kp) != 0)
		return (-1);
	return (kp.kp_cpu);
}

/* A child that spins at the given nice value until killed. */
static pid_t
hog(int nice)
{
	volatile unsigned long n = 0;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (nice != 0 && setpriority(PRIO_PROCESS, 0, nice) != 0)
			_exit(2);
		for (;;)
			n++;
	}
	return (pid);
}

static void
kill_all(pid_t *pids, int n)
{
	int i, st;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], &st, 0);
}

/* ---- getpriority / setpriority -------------------------------------- */

static void
t_prio_errors(void)
{
	pid_t pid;
	int st, r;

	errno = 0;
	r = getpriority(PRIO_PROCESS, 0);
	ok(r == 0 && errno == 0, "getpriority: nice 0 to start with");
	is_int(setpriority(PRIO_PROCESS, 0, 5), 0, "setpriority 5");
	errno = 0;
	is_int(getpriority(PRIO_PROCESS, getpid()), 5, "getpriority by pid");
	is_int(errno, 0, "no errno");
	is_int(setpriority(PRIO_PROCESS, 0, 100), 0, "setpriority 100");
	is_int(getpriority(PRIO_PROCESS, 0), PRIO_MAX, "clamped to PRIO_MAX");
	is_int(setpriority(PRIO_PROCESS, 0, 0), 0, "root lowers nice");
	errno = 0;
	r = setpriority(12345, 0, 0);
	ok(r == -1 && errno == EINVAL, "setpriority bad which: EINVAL");
	errno = 0;
	r = getpriority(-1, 0);
	ok(r == -1 && errno == EINVAL, "getpriority bad which: EINVAL");
	errno = 0;
	r = setpriority(PRIO_PROCESS, 999999, 0);
	ok(r == -1 && errno == ESRCH, "setpriority no such pid: ESRCH");
	errno = 0;
	r = getpriority(PRIO_PROCESS, 999999);
	ok(r == -1 && errno == ESRCH, "getpriority no such pid: ESRCH");
	errno = 0;
	r = getpriority(PRIO_PGRP, 999999);
	ok(r == -1 && errno == ESRCH, "getpriority no such pgrp: ESRCH");

	/* Unprivileged: raise freely, never lower, never touch others. */
	pid = fork();
	if (pid == 0) {
		if (setuid(1000) != 0)
			_exit(1);
		if (setpriority(PRIO_PROCESS, 0, 10) != 0)
			_exit(2);
		if (getpriority(PRIO_PROCESS, 0) != 10)
			_exit(3);
		errno = 0;
		if (setpriority(PRIO_PROCESS, 0, 9) != -1 || errno != EACCES)
			_exit(4);
		if (getpriority(PRIO_PROCESS, 0) != 10)
			_exit(5);
		errno = 0;
		if (setpriority(PRIO_PROCESS, 1, 10) != -1 || errno != EPERM)
			_exit(6);
		if (setpriority(PRIO_PROCESS, 0, 10) != 0)
			_exit(7);	/* the same value is no lowering */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st), 0,
	    "unprivileged: raise ok, lower EACCES, other uid EPERM");
}

/* ---- nice as a priority --------------------------------------------- */

/*
 * ncpu hogs at nice 0 and ncpu at nice 19, forked alternately: fork
 * hands CPUs out in turn, so with an even number of CPUs the nice 0 ones
 * start together on some CPUs and the nice 19 ones on the others, and
 * only balancing by weight (a nice 0 thread weighs 1024, a nice 19 one
 * 15) gives each CPU one of each.  Then the nice 0 ones should get about
 * 68 times the CPU.  The old slice-length nice gave 2.5 times at best
 * (50 ms slices against 20 ms), and balancing by count would leave the
 * nice 19 ones a CPU to themselves.
 */
static void
t_nice(void)
{
	pid_t pids[MAXHOGS];
	uint64_t t0[MAXHOGS], n0 = 0, n19 = 0, w0, w1;
	int i, n = 2 * ncpu;

	for (i = 0; i < n; i++)
		pids[i] = hog(i % 2 == 0 ? 0 : 19);
	sleep_ms(500);
	w0 = now_us();
	for (i = 0; i < n; i++)
		t0[i] = cpu_us(pids[i]);
	sleep_ms(3000);
	for (i = 0; i < n; i++) {
		uint64_t d = cpu_us(pids[i]) - t0[i];

		if (i % 2 == 0)
			n0 += d;
		else
			n19 += d;
	}
	w1 = now_us();
	kill_all(pids, n);
	printf("# %d CPUs, %llu ms: nice 0 hogs %llu ms, nice 19 hogs %llu ms\n",
	    ncpu, (unsigned long long)(w1 - w0) / 1000,
	    (unsigned long long)n0 / 1000, (unsigned long long)n19 / 1000);
	ok(n0 > 0 && n0 >= 10 * n19,
	    "nice 0 hogs get at least 10 times the CPU of nice 19 ones");
	ok(n19 > 0, "nice 19 hogs still run");
}

/* ---- a sleeper next to hogs ----------------------------------------- */

/* Average microseconds past 10 ms that 30 sleeps of 10 ms took. */
static uint64_t
sleep_lateness(void)
{
	uint64_t t, late = 0;
	int i;

	for (i = 0; i < 30; i++) {
		t = now_us();
		sleep_ms(10);
		late += now_us() - t - 10000;
	}
	return (late / 30);
}

/*
 * Two nice 0 hogs per CPU; this process sleeps 10 ms thirty times, and
 * does the same on a quiet system to compare.  Each wakeup should be
 * served within the tick, ahead of the hogs (it has used far less CPU):
 * lateness about as on the quiet system.  Round robin made it queue
 * behind a hog's slice, about two ticks (20 ms) late each time.
 */
static void
t_interactive(void)
{
	pid_t pids[MAXHOGS];
	uint64_t quiet, busy;
	int i, n = 2 * ncpu;

	quiet = sleep_lateness();
	for (i = 0; i < n; i++)
		pids[i] = hog(0);
	sleep_ms(300);
	busy = sleep_lateness();
	kill_all(pids, n);
	printf("# 10 ms sleeps: %llu us late when quiet, %llu us among %d "
	    "hogs\n", (unsigned long long)quiet, (unsigned long long)busy, n);
	ok(busy < quiet + 6000,
	    "a sleeper among hogs is at most 6 ms later than on a quiet system");
}

/* ---- migration -------------------------------------------------------- */

/*
 * Two hogs on one CPU: fork hands CPUs out in turn, so forking ncpu - 1
 * short-lived children between them puts the second on the first's CPU.
 * The other CPUs are idle and must take one over: then the two run on
 * different CPUs and together get about two CPUs' worth of time.
 */
static void
t_migrate(void)
{
	pid_t pids[2], p;
	uint64_t a, b, w0, w1, got, m0 = 0, m1 = 0;
	size_t len = sizeof(m0);
	int i, st, c0, c1, apart = 0;

	sysctlbyname("kern.sched.migrations", &m0, &len, NULL, 0);
	pids[0] = hog(0);
	for (i = 0; i < ncpu - 1; i++) {
		p = fork();
		if (p == 0)
			_exit(0);
		waitpid(p, &st, 0);
	}
	pids[1] = hog(0);
	printf("# hogs start on CPUs %d and %d\n", cpu_of(pids[0]),
	    cpu_of(pids[1]));
	sleep_ms(500);
	w0 = now_us();
	a = cpu_us(pids[0]);
	b = cpu_us(pids[1]);
	for (i = 0; i < 10; i++) {
		sleep_ms(200);
		c0 = cpu_of(pids[0]);
		c1 = cpu_of(pids[1]);
		if (c0 >= 0 && c1 >= 0 && c0 != c1)
			apart++;
	}
	got = cpu_us(pids[0]) - a + cpu_us(pids[1]) - b;
	w1 = now_us();
	kill_all(pids, 2);
	len = sizeof(m1);
	ok(sysctlbyname("kern.sched.migrations", &m1, &len, NULL, 0) == 0 &&
	    m1 > m0, "kern.sched.migrations counts the move");
	printf("# %llu ms: the two hogs got %llu ms, apart in %d of 10 looks\n",
	    (unsigned long long)(w1 - w0) / 1000,
	    (unsigned long long)got / 1000, apart);
	ok(apart >= 8, "the hogs run on different CPUs");
	ok(got * 10 >= (w1 - w0) * 14,
	    "two hogs get at least 1.4 CPUs' worth of time");
}

/* ---- kernel preemption ---------------------------------------------- */

static int
get_int(const char *name)
{
	int v = -100;
	size_t len = sizeof(v);

	if (sysctlbyname(name, &v, &len, NULL, 0) != 0)
		return (-100);
	return (v);
}

static int
set_int(const char *name, int v)
{
	return (sysctlbyname(name, NULL, NULL, &v, sizeof(v)));
}

/*
 * debug.preempt_probe: a kernel thread arms a callout one tick away and
 * spins half a second; the callout's softclock thread gets the CPU
 * during the spin only by preemption at the end of the clock interrupt.
 * With kern.sched.preempt=0 it waits for the spin to end (-1).
 */
static void
t_preempt(void)
{
	int v;

	v = get_int("debug.preempt_probe");
	printf("# callout ran %d ms after arming, during a kernel spin\n", v);
	ok(v >= 0 && v < 100, "softclock preempts a spinning kernel thread");
	if (!ok(set_int("kern.sched.preempt", 0) == 0,
	    "kern.sched.preempt=0"))
		return;
	is_int(get_int("debug.preempt_probe"), -1,
	    "without preemption the callout waits for the spin");
	ok(set_int("kern.sched.preempt", 1) == 0, "kern.sched.preempt=1");
	v = get_int("debug.preempt_probe");
	ok(v >= 0 && v < 100, "preemption back on");
}

/* ---- systimers ------------------------------------------------------- */

/*
 * debug.systimer_probe runs a 50 Hz periodic systimer for about 250 ms
 * and a 30 ms one-shot on one CPU (see kern_selftest.c).  Granularity is
 * one 10 ms tick.
 */
static void
t_systimer(void)
{
	int out[6];
	size_t len = sizeof(out);
	int expect;

	if (!ok(sysctlbyname("debug.systimer_probe", out, &len, NULL, 0) == 0 &&
	    len == sizeof(out), "debug.systimer_probe"))
		return;
	expect = out[1] / 20;
	printf("# periodic 50 Hz: %d runs in %d ms; one-shot %d run(s) at %d "
	    "ms; %d on another CPU, %d after delete\n", out[0], out[1],
	    out[2], out[3], out[4], out[5]);
	ok(out[0] >= expect - 2 && out[0] <= expect + 1,
	    "periodic systimer runs at its rate");
	is_int(out[2], 1, "one-shot runs exactly once");
	ok(out[3] >= 30 && out[3] < 100, "one-shot runs 30 ms on, within a few ticks");
	is_int(out[4], 0, "systimers run on the CPU that armed them");
	is_int(out[5], 0, "a deleted systimer does not run again");
}

int
main(void)
{
	size_t len = sizeof(ncpu);

	if (sysctlbyname("hw.ncpu", &ncpu, &len, NULL, 0) != 0)
		ncpu = 1;
	if (ncpu > MAXHOGS / 2)
		ncpu = MAXHOGS / 2;
	t_prio_errors();
	t_nice();
	t_interactive();
	t_preempt();
	t_systimer();
	if (ncpu >= 2)
		t_migrate();
	else
		printf("# one CPU: no migration to check\n");
	return (done());
}
