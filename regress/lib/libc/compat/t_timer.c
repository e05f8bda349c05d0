/*
 * POSIX timers (timer_create and friends over the kernel's ktimer_*
 * calls): a one-shot CLOCK_MONOTONIC timer's SIGEV_SIGNAL siginfo
 * (SI_TIMER, the timer id, sigev_value, no overrun) no earlier than
 * asked; a periodic one whose signal stays blocked counts the expiries
 * it could not queue as overruns (si_overrun and timer_getoverrun agree
 * with the time that passed); a periodic handler; CLOCK_REALTIME with
 * TIMER_ABSTIME, in the future and in the past; the previous setting
 * through ovalue; a NULL sigevent (SIGALRM carrying the id); SIGEV_NONE;
 * TIMER_MAX; fork not inheriting timers; and EINVAL for bad clocks,
 * sigevents, times, flags and deleted ids.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static int64_t
now_ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
its_ms(struct itimerspec *its, long value, long interval)
{
	its->it_value.tv_sec = value / 1000;
	its->it_value.tv_nsec = (value % 1000) * 1000000;
	its->it_interval.tv_sec = interval / 1000;
	its->it_interval.tv_nsec = (interval % 1000) * 1000000;
}

static int
waitsig(int sig, siginfo_t *si, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	memset(si, 0, sizeof(*si));
	return (sigtimedwait(&set, si, &ts));
}

static volatile sig_atomic_t nhandled, badvalue;

static void
handler(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	if (si->si_code != SI_TIMER || si->si_value.sival_int != 77)
		badvalue = 1;
	nhandled++;
}

int
main(void)
{
	struct itimerspec its, old;
	struct sigevent ev;
	struct sigaction sa;
	timer_t t, t2, all[40];
	siginfo_t si;
	sigset_t set, pend;
	int64_t t0, el;
	int i, n, ov, st;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 1234;
	is_int(timer_create(CLOCK_MONOTONIC, &ev, &t), 0,
	    "timer_create CLOCK_MONOTONIC SIGEV_SIGNAL");
	memset(&its, 0xff, sizeof(its));
	is_int(timer_gettime(t, &its), 0, "timer_gettime, not armed");
	ok(its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0 &&
	    its.it_interval.tv_sec == 0 && its.it_interval.tv_nsec == 0,
	    "... all zero");

	/* One-shot, 50 ms. */
	its_ms(&its, 50, 0);
	t0 = now_ms(CLOCK_MONOTONIC);
	is_int(timer_settime(t, 0, &its, NULL), 0, "arm one-shot 50 ms");
	timer_gettime(t, &old);
	ok(old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 &&
	    old.it_value.tv_nsec <= 50000000, "gettime: 0 < left <= 50 ms");
	is_int(waitsig(SIGUSR1, &si, 2000), SIGUSR1, "the signal comes");
	el = now_ms(CLOCK_MONOTONIC) - t0;
	ok(el >= 50 && el < 1000, "no earlier than 50 ms");
	is_int(si.si_code, SI_TIMER, "si_code SI_TIMER");
	is_int(si.si_value.sival_int, 1234, "si_value is sigev_value");
	is_int(si.si_timerid, (int)t, "si_timerid is the timer");
	is_int(si.si_overrun, 0, "no overrun");
	timer_gettime(t, &old);
	ok(old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0,
	    "a one-shot timer is disarmed after it fires");
	is_int(waitsig(SIGUSR1, &si, 100), -1, "and fires only once");

	/* Periodic, 10 ms, the signal blocked: overruns. */
	its_ms(&its, 10, 10);
	t0 = now_ms(CLOCK_MONOTONIC);
	timer_settime(t, 0, &its, NULL);
	usleep(105000);
	its_ms(&its, 0, 0);
	timer_settime(t, 0, &its, NULL);
	el = now_ms(CLOCK_MONOTONIC) - t0;
	n = (int)(el / 10);		/* expiries in that time */
	is_int(timer_getoverrun(t), 0,
	    "getoverrun while the signal is queued: the last taken's (0)");
	is_int(waitsig(SIGUSR1, &si, 1000), SIGUSR1, "periodic signal");
	ok(si.si_overrun >= n - 2 && si.si_overrun <= n - 1,
	    "si_overrun counts the expiries not queued");
	if (si.si_overrun < n - 2 || si.si_overrun > n - 1)
		printf("# si_overrun %d, %d expiries in %lld ms\n",
		    si.si_overrun, n, (long long)el);
	ov = si.si_overrun;
	is_int(timer_getoverrun(t), ov, "timer_getoverrun agrees");
	is_int(waitsig(SIGUSR1, &si, 100), -1, "one signal for them all");

	/* Periodic with a handler. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	ev.sigev_signo = SIGUSR2;
	ev.sigev_value.sival_int = 77;
	timer_create(CLOCK_MONOTONIC, &ev, &t2);
	its_ms(&its, 20, 20);
	timer_settime(t2, 0, &its, NULL);
	t0 = now_ms(CLOCK_MONOTONIC);
	while (nhandled < 5 && now_ms(CLOCK_MONOTONIC) - t0 < 3000)
		usleep(5000);
	is_int(timer_delete(t2), 0, "timer_delete");
	ok(nhandled >= 5, "a periodic timer keeps running the handler");
	is_int(badvalue, 0, "each with SI_TIMER and its sigev_value");
	n = nhandled;
	usleep(60000);
	is_int(nhandled, n, "a deleted timer stops");

	/* CLOCK_REALTIME, TIMER_ABSTIME. */
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 5;
	timer_create(CLOCK_REALTIME, &ev, &t2);
	clock_gettime(CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_nsec += 100000000;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	its.it_interval.tv_sec = its.it_interval.tv_nsec = 0;
	t0 = now_ms(CLOCK_MONOTONIC);
	is_int(timer_settime(t2, TIMER_ABSTIME, &its, NULL), 0,
	    "CLOCK_REALTIME TIMER_ABSTIME now + 100 ms");
	is_int(waitsig(SIGUSR1, &si, 2000), SIGUSR1, "... fires");
	el = now_ms(CLOCK_MONOTONIC) - t0;
	ok(el >= 95 && el < 1000, "... at that time");
	is_int(si.si_value.sival_int, 5, "... with its value");
	/* 1 ns after the epoch (a guest without an RTC starts near it). */
	its.it_value.tv_sec = 0;
	its.it_value.tv_nsec = 1;
	t0 = now_ms(CLOCK_MONOTONIC);
	is_int(timer_settime(t2, TIMER_ABSTIME, &its, NULL), 0,
	    "TIMER_ABSTIME at the epoch + 1 ns");
	is_int(waitsig(SIGUSR1, &si, 2000), SIGUSR1,
	    "an absolute time in the past fires at once");
	ok(now_ms(CLOCK_MONOTONIC) - t0 < 200, "... (within 200 ms)");

	/* ovalue. */
	its_ms(&its, 1000, 500);
	timer_settime(t2, 0, &its, NULL);
	its_ms(&its, 2000, 0);
	is_int(timer_settime(t2, 0, &its, &old), 0, "settime with ovalue");
	ok(old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 800000000,
	    "ovalue: the time left of the old setting");
	ok(old.it_interval.tv_sec == 0 &&
	    old.it_interval.tv_nsec == 500000000, "ovalue: its interval");
	timer_delete(t2);

	/* A NULL sigevent: SIGALRM carrying the timer id. */
	is_int(timer_create(CLOCK_MONOTONIC, NULL, &t2), 0,
	    "timer_create with no sigevent");
	its_ms(&its, 10, 0);
	timer_settime(t2, 0, &its, NULL);
	is_int(waitsig(SIGALRM, &si, 2000), SIGALRM, "SIGALRM by default");
	is_int(si.si_value.sival_int, (int)t2, "... its value is the id");
	timer_delete(t2);

	/* SIGEV_NONE. */
	ev.sigev_notify = SIGEV_NONE;
	is_int(timer_create(CLOCK_MONOTONIC, &ev, &t2), 0, "SIGEV_NONE");
	its_ms(&its, 30, 0);
	timer_settime(t2, 0, &its, NULL);
	usleep(60000);
	timer_gettime(t2, &old);
	ok(old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0,
	    "SIGEV_NONE expires");
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGALRM),
	    "... and sends nothing");
	timer_delete(t2);

	/* Not inherited. */
	if ((pid = fork()) == 0)
		_exit(timer_gettime(t, &old) == -1 && errno == EINVAL ? 0 : 1);
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0,
	    "a forked child has no timers");

	/* Errors. */
	ev.sigev_notify = SIGEV_SIGNAL;
	errno = 0;
	ok(timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &t2) == -1 &&
	    errno == EINVAL, "a CPU-time clock is EINVAL");
	errno = 0;
	ok(timer_create(99, &ev, &t2) == -1 && errno == EINVAL,
	    "clock 99 is EINVAL");
	ev.sigev_notify = SIGEV_THREAD;
	errno = 0;
	ok(timer_create(CLOCK_MONOTONIC, &ev, &t2) == -1 && errno == EINVAL,
	    "SIGEV_THREAD is EINVAL");
	ev.sigev_notify = 99;
	errno = 0;
	ok(timer_create(CLOCK_MONOTONIC, &ev, &t2) == -1 && errno == EINVAL,
	    "sigev_notify 99 is EINVAL");
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	errno = 0;
	ok(timer_create(CLOCK_MONOTONIC, &ev, &t2) == -1 && errno == EINVAL,
	    "signal 0 is EINVAL");
	ev.sigev_signo = SIGUSR1;
	its_ms(&its, 10, 0);
	its.it_value.tv_nsec = 1000000000;
	errno = 0;
	ok(timer_settime(t, 0, &its, NULL) == -1 && errno == EINVAL,
	    "tv_nsec 1000000000 is EINVAL");
	its_ms(&its, 10, 0);
	errno = 0;
	ok(timer_settime(t, 2, &its, NULL) == -1 && errno == EINVAL,
	    "flags 2 is EINVAL");
	is_int(timer_delete(t), 0, "delete");
	errno = 0;
	ok(timer_settime(t, 0, &its, NULL) == -1 && errno == EINVAL,
	    "settime on a deleted timer is EINVAL");
	errno = 0;
	ok(timer_gettime(t, &its) == -1 && errno == EINVAL,
	    "gettime on a deleted timer is EINVAL");
	errno = 0;
	ok(timer_getoverrun(t) == -1 && errno == EINVAL,
	    "getoverrun on a deleted timer is EINVAL");
	errno = 0;
	ok(timer_delete(t) == -1 && errno == EINVAL,
	    "deleting it again is EINVAL");
	errno = 0;
	ok(timer_delete((timer_t)0x100000000UL) == -1 && errno == EINVAL,
	    "an id beyond int is EINVAL");

	/* TIMER_MAX. */
	for (n = 0; n < 40; n++)
		if (timer_create(CLOCK_MONOTONIC, &ev, &all[n]) == -1)
			break;
	is_int(n, 32, "32 timers (TIMER_MAX), then");
	is_int(errno, EAGAIN, "... EAGAIN");
	for (i = 0; i < n; i++)
		timer_delete(all[i]);
	is_int(timer_create(CLOCK_MONOTONIC, &ev, &t), 0,
	    "deleted slots are free again");
	timer_delete(t);
	return (done());
}
