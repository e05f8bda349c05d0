/*
 * Signals: a handler runs and returns through sigreturn; a blocked signal
 * stays pending (sigpending shows it) and arrives on unblock; sa_mask
 * blocks during the handler; SA_RESETHAND; SIGCHLD with si_pid and
 * si_status; alarm and setitimer with sigsuspend (the time really
 * elapses); the virtual and profiling timers count CPU time only (a
 * sleep does not run them), system time is counted; real-time signals sent while blocked all arrive, lowest
 * number first and in send order within one number, each with its
 * sigqueue value; sigwaitinfo and sigtimedwait; SIGSTOP and SIGCONT seen
 * through wait4 WUNTRACED/WCONTINUED; a handler on the sigaltstack; FP
 * registers preserved across a handler that clobbers them; SIGILL from an
 * undefined instruction; sigqueue's EAGAIN when the target's queue is
 * full (itself or another process), with no accepted value lost; kill's
 * and sigaction's errors, and EPERM for an unprivileged sender.
 */
#include <sys/types.h>
#include <sys/time.h>
#include <sys/resource.h>
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

static volatile sig_atomic_t got_usr1, got_usr2, got_alrm, got_chld,
    usr2_blocked_in_usr1;
static volatile pid_t chld_pid;
static volatile int chld_status, chld_code;

static void
h_usr1(int sig)
{
	sigset_t cur;

	(void)sig;
	got_usr1++;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	usr2_blocked_in_usr1 = sigismember(&cur, SIGUSR2) &&
	    sigismember(&cur, SIGUSR1);
}

static void
h_usr2(int sig)
{
	(void)sig;
	got_usr2++;
}

static void
h_alrm(int sig)
{
	(void)sig;
	got_alrm++;
}

static volatile sig_atomic_t got_vtalrm, got_prof;

static void
h_vtalrm(int sig)
{
	(void)sig;
	got_vtalrm++;
}

static void
h_prof(int sig)
{
	(void)sig;
	got_prof++;
}


static void
h_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_chld++;
	chld_pid = si->si_pid;
	chld_status = si->si_status;
	chld_code = si->si_code;
}

/* The kernel's SIGQUEUE_MAX (sys/sys/signalvar.h): siginfo per process. */
#define QMAX	128

#define NRT	8
static volatile int rt_n, rt_sig[NRT], rt_val[NRT];

static void
h_rt(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (rt_n < NRT) {
		rt_sig[rt_n] = sig;
		rt_val[rt_n] = si->si_value.sival_int;
	}
	rt_n++;
}

static char altstack[65536] __attribute__((aligned(16)));
static volatile int alt_on, alt_n, alt_flags;

static void
h_alt(int sig)
{
	char here;
	stack_t cur;

	(void)sig;
	if (&here >= altstack && &here < altstack + sizeof(altstack))
		alt_on++;
	if (sigaltstack(NULL, &cur) == 0)
		alt_flags = cur.ss_flags;
	alt_n++;
}

static volatile int fpu_handled;

static void
h_fpu(int sig)
{
	volatile double x = 1.5, y = 0;
	int i;

	(void)sig;
	for (i = 0; i < 10; i++)
		y += x * i;
#if defined(__x86_64__)
	__asm__ volatile("pxor %%xmm8, %%xmm8; pxor %%xmm0, %%xmm0;"
	    "pxor %%xmm15, %%xmm15" ::: "xmm0", "xmm8", "xmm15");
#elif defined(__aarch64__)
	__asm__ volatile("movi v16.2d, #0; movi v0.2d, #0; movi v31.2d, #0"
	    ::: "v0", "v16", "v31");
#endif
	fpu_handled = (int)y;
}

/*
 * Put a pattern in FP registers the compiler does not otherwise use,
 * signal ourselves from the same asm block (the handler runs before
 * the kill system call returns), and read the registers back.
 */
static int
fpu_across_signal(void)
{
	uint64_t a = 0x0123456789abcdefULL, b = 0xfedcba9876543210ULL;
	uint64_t ra = 0, rb = 0;
	long pid = getpid();

#if defined(__x86_64__)
	__asm__ volatile(
	    "movq %2, %%xmm8\n\t"
	    "movq %3, %%xmm15\n\t"
	    "movl $37, %%eax\n\t"		/* SYS_kill */
	    "movq %4, %%rdi\n\t"
	    "movl $30, %%esi\n\t"		/* SIGUSR1 */
	    "syscall\n\t"
	    "movq %%xmm8, %0\n\t"
	    "movq %%xmm15, %1\n\t"
	    : "=r"(ra), "=r"(rb)
	    : "r"(a), "r"(b), "r"(pid)
	    : "rax", "rdi", "rsi", "rcx", "r11", "rdx", "xmm8", "xmm15",
	      "memory", "cc");
#elif defined(__aarch64__)
	__asm__ volatile(
	    "fmov d16, %2\n\t"
	    "fmov d31, %3\n\t"
	    "mov x8, #37\n\t"
	    "mov x0, %4\n\t"
	    "mov x1, #30\n\t"
	    "svc #0\n\t"
	    "fmov %0, d16\n\t"
	    "fmov %1, d31\n\t"
	    : "=r"(ra), "=r"(rb)
	    : "r"(a), "r"(b), "r"(pid)
	    : "x0", "x1", "x8", "v16", "v31", "memory", "cc");
#endif
	return (ra == a && rb == b);
}

static void
set_handler(int sig, void (*fn)(int), int flags, int blockmore)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (blockmore)
		sigaddset(&sa.sa_mask, blockmore);
	sigaction(sig, &sa, NULL);
}

static void
set_action(int sig, void (*fn)(int, siginfo_t *, void *),
    const sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	if (mask != NULL)
		sa.sa_mask = *mask;
	else
		sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static int
wait_st(pid_t pid, int opts)
{
	int st;
	pid_t r;

	while ((r = waitpid(pid, &st, opts)) == -1 && errno == EINTR)
		;
	return (r == pid ? st : -1);
}

/* waitpid with a deadline: the status, or -1 if pid is still there. */
static int
reap_within(pid_t pid, double secs)
{
	double t = now();
	int st;

	while (now() - t < secs) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return (st);
		usleep(20000);
	}
	return (-1);
}

static volatile int sigwait_pipe = -1;

static void
h_note(int sig)
{
	(void)sig;
	write(sigwait_pipe, "h", 1);
}

static void
h_nothing(int sig)
{
	(void)sig;
}

static int
ill_child(void)
{
#if defined(__x86_64__)
	__asm__ volatile("ud2");
#elif defined(__aarch64__)
	__asm__ volatile(".inst 0x00000000");	/* udf #0 */
#endif
	return (0);
}

/* Seconds of CPU time on clock c (CLOCK_VIRTUAL: user, CLOCK_PROF: all). */
static double
cputime(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/*
 * ITIMER_VIRTUAL and ITIMER_PROF: CPU time, not wall time.  The virtual
 * timer does not run while the process sleeps and fires once its user
 * time has passed the value; the profiling timer, periodic here, fires
 * while the process makes system calls too; system time is counted.
 */
static void
test_cpu_timers(void)
{
	struct itimerval itv, got;
	struct rusage ru;
	double c0, w0;
	int st;
	pid_t pid;

	set_handler(SIGVTALRM, h_vtalrm, 0, 0);
	set_handler(SIGPROF, h_prof, 0, 0);
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_usec = 100000;
	is_int(setitimer(ITIMER_VIRTUAL, &itv, NULL), 0,
	    "setitimer ITIMER_VIRTUAL 100 ms");
	ok(getitimer(ITIMER_VIRTUAL, &got) == 0 && got.it_value.tv_sec == 0 &&
	    got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 100000 &&
	    got.it_interval.tv_usec == 0, "getitimer: armed, at most 100 ms "
	    "left, no interval");
	usleep(300000);
	is_int(got_vtalrm, 0, "300 ms asleep: no SIGVTALRM");
	c0 = cputime(CLOCK_VIRTUAL);
	w0 = now();
	while (got_vtalrm == 0 && now() - w0 < 30)
		;
	is_int(got_vtalrm, 1, "SIGVTALRM once user time passed 100 ms");
	ok(cputime(CLOCK_VIRTUAL) - c0 >= 0.08, "... after at least 80 ms "
	    "of user time spent spinning");
	ok(getitimer(ITIMER_VIRTUAL, &got) == 0 && got.it_value.tv_sec == 0 &&
	    got.it_value.tv_usec == 0, "a one-shot timer is off after it "
	    "fired");

	itv.it_value.tv_usec = 50000;
	itv.it_interval.tv_usec = 50000;
	is_int(setitimer(ITIMER_PROF, &itv, NULL), 0,
	    "setitimer ITIMER_PROF 50 ms, periodic");
	c0 = cputime(CLOCK_PROF);
	w0 = now();
	while (got_prof < 3 && now() - w0 < 30)
		(void)getppid();
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_PROF, &itv, &got);
	ok(got_prof >= 3, "SIGPROF three times while making system calls");
	ok(cputime(CLOCK_PROF) - c0 >= 0.12, "... over at least 120 ms of "
	    "CPU time");
	ok(got.it_interval.tv_usec == 50000, "the old value setitimer "
	    "returns has the 50 ms interval");
	w0 = now();
	do {
		for (st = 0; st < 1000; st++)
			(void)getppid();
		getrusage(RUSAGE_SELF, &ru);
	} while (ru.ru_stime.tv_sec == 0 && ru.ru_stime.tv_usec == 0 &&
	    now() - w0 < 30);
	ok(ru.ru_stime.tv_sec != 0 || ru.ru_stime.tv_usec != 0,
	    "system calls count as system time (ru_stime)");
	itv.it_value.tv_usec = 1000000;
	errno = 0;
	ok(setitimer(ITIMER_VIRTUAL, &itv, NULL) == -1 && errno == EINVAL,
	    "ITIMER_VIRTUAL with tv_usec 1000000: EINVAL");

	/* A child does not inherit the CPU timers. */
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_sec = 10;
	setitimer(ITIMER_VIRTUAL, &itv, NULL);
	pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_VIRTUAL, &got);
		_exit(got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0 ?
		    0 : 1);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "a forked child's ITIMER_VIRTUAL is off");
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_VIRTUAL, &itv, NULL);
	set_handler(SIGVTALRM, SIG_DFL, 0, 0);
	set_handler(SIGPROF, SIG_DFL, 0, 0);
}

int
main(void)
{
	struct sigaction sa, old;
	struct itimerval itv, oitv;
	sigset_t set, empty, pend;
	siginfo_t si;
	struct timespec ts;
	union sigval sv;
	stack_t ss, oss;
	pid_t me = getpid(), pid;
	double t0, el;
	int st, i, sync_pipe[2];
	char c;

	sigemptyset(&empty);

	/* Handlers and masks. */
	set_handler(SIGUSR1, h_usr1, 0, SIGUSR2);
	set_handler(SIGUSR2, h_usr2, 0, 0);
	is_int(kill(me, SIGUSR1), 0, "kill(self, SIGUSR1)");
	is_int(got_usr1, 1, "the handler ran once");
	ok(usr2_blocked_in_usr1, "in the handler the signal and sa_mask are "
	    "blocked");
	sigprocmask(SIG_BLOCK, NULL, &set);
	ok(!sigismember(&set, SIGUSR1) && !sigismember(&set, SIGUSR2),
	    "the mask is restored after the handler returns");

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(me, SIGUSR1);
	kill(me, SIGUSR1);
	is_int(got_usr1, 1, "a blocked signal is not delivered");
	sigpending(&pend);
	ok(sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2),
	    "sigpending shows it");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	is_int(got_usr1, 2, "unblocking delivers it once (not queued)");
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR1), "and it is no longer pending");

	set_handler(SIGUSR2, h_usr2, SA_RESETHAND, 0);
	kill(me, SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	ok(got_usr2 == 1 && old.sa_handler == SIG_DFL,
	    "SA_RESETHAND: the handler runs once, then SIG_DFL");
	set_handler(SIGUSR2, SIG_IGN, 0, 0);
	kill(me, SIGUSR2);
	is_int(got_usr2, 1, "SIG_IGN: an ignored signal does nothing");

	/* Errors. */
	errno = 0;
	ok(kill(me, 0) == 0, "kill(self, 0) checks existence");
	errno = 0;
	ok(kill(me, 1000) == -1 && errno == EINVAL, "kill with signal 1000: "
	    "EINVAL");
	errno = 0;
	ok(kill(999999, SIGUSR1) == -1 && errno == ESRCH, "kill of a pid "
	    "that does not exist: ESRCH");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h_usr1;
	errno = 0;
	ok(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL,
	    "sigaction(SIGKILL): EINVAL");
	errno = 0;
	ok(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL,
	    "sigaction(SIGSTOP): EINVAL");
	errno = 0;
	ok(sigaction(0, &sa, NULL) == -1 && errno == EINVAL,
	    "sigaction(0): EINVAL");
	errno = 0;
	ok(sigaction(SIGUSR1, (void *)8, NULL) == -1 && errno == EFAULT,
	    "sigaction with a bad pointer: EFAULT");
	errno = 0;
	ok(sigprocmask(17, &set, NULL) == -1 && errno == EINVAL,
	    "sigprocmask with a bad how: EINVAL");

	/* SIGCHLD with siginfo. */
	set_action(SIGCHLD, h_chld, NULL);
	pid = fork();
	if (pid == 0)
		_exit(3);
	st = wait_st(pid, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child exits 3");
	ok(got_chld >= 1 && chld_pid == pid && chld_status == 3 &&
	    chld_code == CLD_EXITED, "SIGCHLD with si_pid, si_status 3, "
	    "CLD_EXITED");
	set_handler(SIGCHLD, SIG_DFL, 0, 0);

	/* alarm and setitimer with sigsuspend. */
	set_handler(SIGALRM, h_alrm, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	t0 = now();
	alarm(1);
	while (got_alrm == 0)
		sigsuspend(&empty);
	el = now() - t0;
	printf("# alarm(1) after %.3f s\n", el);
	ok(got_alrm == 1 && el >= 0.95 && el < 20, "alarm(1) + sigsuspend: "
	    "SIGALRM after a second");
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_usec = 200000;
	t0 = now();
	is_int(setitimer(ITIMER_REAL, &itv, NULL), 0, "setitimer 200 ms");
	getitimer(ITIMER_REAL, &oitv);
	ok(oitv.it_value.tv_sec == 0 && oitv.it_value.tv_usec > 0 &&
	    oitv.it_value.tv_usec <= 200000, "getitimer shows the time left");
	while (got_alrm == 1)
		sigsuspend(&empty);
	el = now() - t0;
	printf("# setitimer 200ms after %.3f s\n", el);
	ok(got_alrm == 2 && el >= 0.19 && el < 20, "setitimer ITIMER_REAL + "
	    "sigsuspend: SIGALRM after 200 ms");
	/* A periodic timer: three expiries. */
	itv.it_value.tv_usec = 50000;
	itv.it_interval.tv_usec = 50000;
	t0 = now();
	setitimer(ITIMER_REAL, &itv, NULL);
	while (got_alrm < 5)
		sigsuspend(&empty);
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_REAL, &itv, NULL);
	el = now() - t0;
	ok(el >= 0.14, "a periodic itimer fires repeatedly");
	errno = 0;
	ok(setitimer(99, &itv, NULL) == -1 && errno == EINVAL,
	    "setitimer with a bad timer: EINVAL");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	test_cpu_timers();

	/* Queued real-time signals. */
	/*
	 * Each handler blocks all three, so one runs to completion before
	 * the next is chosen: the order seen is the order of selection.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGRTMIN + 2);
	sigaddset(&set, SIGRTMIN + 3);
	set_action(SIGRTMIN + 1, h_rt, &set);
	set_action(SIGRTMIN + 2, h_rt, &set);
	set_action(SIGRTMIN + 3, h_rt, &set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sv.sival_int = 30;
	sigqueue(me, SIGRTMIN + 3, sv);
	sv.sival_int = 10;
	sigqueue(me, SIGRTMIN + 1, sv);
	sv.sival_int = 20;
	sigqueue(me, SIGRTMIN + 2, sv);
	sv.sival_int = 11;
	sigqueue(me, SIGRTMIN + 1, sv);
	sv.sival_int = 12;
	sigqueue(me, SIGRTMIN + 1, sv);
	is_int(rt_n, 0, "real-time signals wait while blocked");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	is_int(rt_n, 5, "all five queued real-time signals arrive");
	ok(rt_sig[0] == SIGRTMIN + 1 && rt_val[0] == 10 &&
	    rt_sig[1] == SIGRTMIN + 1 && rt_val[1] == 11 &&
	    rt_sig[2] == SIGRTMIN + 1 && rt_val[2] == 12 &&
	    rt_sig[3] == SIGRTMIN + 2 && rt_val[3] == 20 &&
	    rt_sig[4] == SIGRTMIN + 3 && rt_val[4] == 30,
	    "lowest signal first, FIFO within a signal, values intact");
	for (i = 0; i < 5 && i < rt_n; i++)
		printf("# rt %d: sig %d value %d\n", i, rt_sig[i], rt_val[i]);

	/* sigwaitinfo / sigtimedwait. */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sv.sival_int = 77;
	sigqueue(me, SIGRTMIN + 2, sv);
	memset(&si, 0, sizeof(si));
	ok(sigwaitinfo(&set, &si) == SIGRTMIN + 2 && si.si_value.sival_int ==
	    77 && si.si_code == SI_QUEUE && si.si_pid == me,
	    "sigwaitinfo takes it with value, SI_QUEUE and si_pid");
	sv.sival_int = 3;
	sigqueue(me, SIGRTMIN + 3, sv);
	sv.sival_int = 1;
	sigqueue(me, SIGRTMIN + 1, sv);
	sv.sival_int = 2;
	sigqueue(me, SIGRTMIN + 1, sv);
	i = sigwaitinfo(&set, &si) == SIGRTMIN + 1 &&
	    si.si_value.sival_int == 1;
	i = i && sigwaitinfo(&set, &si) == SIGRTMIN + 1 &&
	    si.si_value.sival_int == 2;
	i = i && sigwaitinfo(&set, &si) == SIGRTMIN + 3 &&
	    si.si_value.sival_int == 3;
	ok(i, "sigwaitinfo takes queued signals lowest first, then FIFO");
	ts.tv_sec = 0;
	ts.tv_nsec = 100000000;
	t0 = now();
	errno = 0;
	ok(sigtimedwait(&set, &si, &ts) == -1 && errno == EAGAIN,
	    "sigtimedwait with nothing pending: EAGAIN");
	el = now() - t0;
	ok(el >= 0.099, "sigtimedwait waited its 100 ms");
	ts.tv_nsec = 1000000000;
	errno = 0;
	ok(sigtimedwait(&set, &si, &ts) == -1 && errno == EINVAL,
	    "sigtimedwait with tv_nsec 1e9: EINVAL");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	is_int(rt_n, 5, "no stray deliveries");

	/*
	 * sigwait: a caught signal outside the set runs its handler while
	 * the wait goes on, then an awaited one ends it; SIGKILL ends a
	 * sigwait too.
	 */
	{
		int hp[2], bad;

		pipe(sync_pipe);
		pipe(hp);
		pid = fork();
		if (pid == 0) {
			sigset_t w;
			int got = 0;

			sigwait_pipe = hp[1];
			set_handler(SIGUSR1, h_note, 0, 0);
			set_handler(SIGUSR2, SIG_DFL, 0, 0);	/* was SIG_IGN */
			sigemptyset(&w);
			sigaddset(&w, SIGUSR2);
			sigprocmask(SIG_BLOCK, &w, NULL);
			write(sync_pipe[1], "r", 1);
			bad = sigwait(&w, &got);
			_exit(bad == 0 && got == SIGUSR2 ? 0 : 1);
		}
		read(sync_pipe[0], &c, 1);
		usleep(100000);		/* most likely in sigwait by now */
		kill(pid, SIGUSR1);
		/* A backstop, so a handler that never runs fails, not hangs. */
		set_handler(SIGALRM, h_nothing, 0, 0);
		alarm(10);
		c = 0;
		ok(read(hp[0], &c, 1) == 1 && c == 'h', "a caught signal "
		    "interrupts sigwait: its handler runs");
		alarm(0);
		kill(pid, SIGUSR2);
		st = reap_within(pid, 10);
		if (!ok(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "and sigwait goes on to return the awaited SIGUSR2"))
			printf("# status %#x\n", st);
		if (st == -1) {
			kill(pid, SIGKILL);
			reap_within(pid, 10);
		}
		pid = fork();
		if (pid == 0) {
			sigset_t w;
			int got;

			set_handler(SIGUSR2, SIG_DFL, 0, 0);
			sigemptyset(&w);
			sigaddset(&w, SIGUSR2);
			sigprocmask(SIG_BLOCK, &w, NULL);
			write(sync_pipe[1], "r", 1);
			sigwait(&w, &got);
			_exit(1);
		}
		read(sync_pipe[0], &c, 1);
		usleep(100000);
		kill(pid, SIGKILL);
		st = reap_within(pid, 10);
		ok(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		    "SIGKILL ends a process in sigwait");
		close(hp[0]);
		close(hp[1]);
		close(sync_pipe[0]);
		close(sync_pipe[1]);
	}

	/* SIGSTOP / SIGCONT through wait4. */
	pipe(sync_pipe);
	pid = fork();
	if (pid == 0) {
		close(sync_pipe[0]);
		write(sync_pipe[1], "r", 1);
		for (;;)
			pause();
	}
	close(sync_pipe[1]);
	read(sync_pipe[0], &c, 1);
	close(sync_pipe[0]);
	kill(pid, SIGSTOP);
	st = wait_st(pid, WUNTRACED);
	ok(st != -1 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	    "SIGSTOP: wait4 WUNTRACED reports the stop");
	is_int(waitpid(pid, &st, WUNTRACED | WNOHANG), 0,
	    "the stop is reported only once");
	kill(pid, SIGCONT);
	st = wait_st(pid, WCONTINUED);
	ok(st != -1 && WIFCONTINUED(st), "SIGCONT: wait4 WCONTINUED "
	    "reports it");
	kill(pid, SIGTERM);
	st = wait_st(pid, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM ends it, "
	    "WTERMSIG");

	/* killpg reaches a process that moved into a group of its own. */
	pipe(sync_pipe);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		write(sync_pipe[1], "r", 1);
		for (;;)
			pause();
	}
	read(sync_pipe[0], &c, 1);
	close(sync_pipe[0]);
	close(sync_pipe[1]);
	ok(getpgid(pid) == pid, "setpgid(0, 0): a group of its own");
	is_int(killpg(pid, SIGTERM), 0, "killpg of that group");
	st = reap_within(pid, 10);
	ok(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	    "the member gets the signal");
	if (st == -1) {
		kill(pid, SIGKILL);
		reap_within(pid, 10);
	}

	/* sigaltstack */
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	is_int(sigaltstack(&ss, &oss), 0, "sigaltstack");
	ok(oss.ss_flags & SS_DISABLE, "no alternate stack before");
	set_handler(SIGUSR2, h_alt, SA_ONSTACK, 0);
	kill(me, SIGUSR2);
	kill(me, SIGUSR2);
	ok(alt_n == 2 && alt_on == 2, "SA_ONSTACK handler runs on the "
	    "alternate stack, twice");
	ok(alt_flags & SS_ONSTACK, "sigaltstack in the handler says "
	    "SS_ONSTACK");
	ss.ss_size = 100;
	errno = 0;
	ok(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM,
	    "sigaltstack smaller than MINSIGSTKSZ: ENOMEM");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	set_handler(SIGUSR2, SIG_DFL, 0, 0);

	/* FPU state across a handler. */
	set_handler(SIGUSR1, h_fpu, 0, 0);
	ok(fpu_across_signal() && fpu_handled == 67,
	    "FP registers survive a handler that clobbers them");

	/* SIGILL */
	pid = fork();
	if (pid == 0)
		_exit(ill_child());
	st = wait_st(pid, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL,
	    "an undefined instruction: SIGILL");

	/*
	 * A full signal queue: sigqueue fails with EAGAIN, to this process
	 * and to another alike, and loses nothing it accepted.
	 */
	{
		int go[2], n, bad;

		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN + 4);
		sigprocmask(SIG_BLOCK, &set, NULL);
		for (n = 0; n < 1000; n++) {
			sv.sival_int = n;
			if (sigqueue(me, SIGRTMIN + 4, sv) != 0)
				break;
		}
		ok(n == QMAX && errno == EAGAIN, "sigqueue to self with the "
		    "queue full: EAGAIN after SIGQUEUE_MAX");
		printf("# %d queued\n", n);
		ts.tv_sec = 0;
		ts.tv_nsec = 0;
		for (i = 0, bad = 0; sigtimedwait(&set, &si, &ts) ==
		    SIGRTMIN + 4; i++)
			if (si.si_value.sival_int != i)
				bad++;
		ok(i == n && bad == 0, "every accepted value arrives, in "
		    "order");
		sigprocmask(SIG_UNBLOCK, &set, NULL);

		pipe(sync_pipe);
		pipe(go);
		pid = fork();
		if (pid == 0) {
			int k, wrong = 0;

			sigprocmask(SIG_BLOCK, &set, NULL);
			write(sync_pipe[1], "r", 1);
			read(go[0], &c, 1);
			for (k = 0; sigtimedwait(&set, &si, &ts) ==
			    SIGRTMIN + 4; k++)
				if (si.si_value.sival_int != k ||
				    si.si_pid != me)
					wrong++;
			_exit(wrong != 0 ? 255 : k);
		}
		read(sync_pipe[0], &c, 1);
		errno = 0;
		for (n = 0; n < 1000; n++) {
			sv.sival_int = n;
			if (sigqueue(pid, SIGRTMIN + 4, sv) != 0)
				break;
		}
		if (!ok(n == QMAX && errno == EAGAIN, "sigqueue to another "
		    "process with its queue full: EAGAIN"))
			printf("# %d queued, errno %d\n", n, errno);
		write(go[1], "g", 1);
		st = reap_within(pid, 10);
		if (!ok(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == n,
		    "it receives every accepted value, in order"))
			printf("# status %#x\n", st);
		close(go[0]);
		close(go[1]);
		close(sync_pipe[0]);
		close(sync_pipe[1]);
	}

	/* Permissions as an unprivileged user. */
	set_handler(SIGUSR1, h_usr1, 0, 0);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(100);
		if (kill(1, SIGTERM) != -1 || errno != EPERM)
			bad |= 1;
		if (kill(me, SIGUSR1) != -1 || errno != EPERM)
			bad |= 2;
		if (kill(me, 0) != -1 || errno != EPERM)
			bad |= 4;
		if (kill(getpid(), 0) != 0)
			bad |= 8;
		if (sigqueue(me, SIGUSR1, sv) != -1 || errno != EPERM)
			bad |= 16;
		_exit(bad);
	}
	st = wait_st(pid, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "uid 1000 cannot "
	    "signal root's processes: EPERM (kill, sigqueue)"))
		printf("# failure bits %d\n", WEXITSTATUS(st));
	is_int(got_usr1, 2, "and no signal got through");
	return (done());
}
