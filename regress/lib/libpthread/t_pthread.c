/*
 * libpthread on the kernel's lwps: create/join/detach and their errors,
 * mutexes of the three types, condition variables (ping-pong, timed
 * waits on both clocks never returning early), once under contention,
 * key destructors, per-thread errno, exit() from a secondary thread,
 * malloc from several threads at once, rwlocks, barriers, spin locks,
 * process-shared mutexes, conditions and barriers across fork, fault
 * signals taken by the faulting thread.  Only the main thread
 * prints; the others leave their results in globals.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static long long
ms_since(const struct timespec *a, clockid_t clock)
{
	struct timespec b;

	clock_gettime(clock, &b);
	return ((b.tv_sec - a->tv_sec) * 1000LL +
	    (b.tv_nsec - a->tv_nsec) / 1000000LL);
}

/* ts plus ms milliseconds (ms under a second). */
static void
ts_add_ms(struct timespec *ts, long ms)
{
	ts->tv_nsec += ms * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* ---- create and join --------------------------------------------- */

static pthread_t seen_self[4];

static void *
triple(void *arg)
{
	seen_self[(intptr_t)arg] = pthread_self();
	return ((void *)((intptr_t)arg * 3 + 1));
}

static void
test_create_join(void)
{
	pthread_t t[4];
	void *rv;
	int i, good = 1, same = 1, r = 0;

	for (i = 0; i < 4; i++)
		r |= pthread_create(&t[i], NULL, triple, (void *)(intptr_t)i);
	is_int(r, 0, "pthread_create x4");
	for (i = 0; i < 4; i++) {
		rv = NULL;
		if (pthread_join(t[i], &rv) != 0 || rv != (void *)(intptr_t)(i * 3 + 1))
			good = 0;
		if (!pthread_equal(seen_self[i], t[i]))
			same = 0;
	}
	ok(good, "pthread_join returns each thread's value");
	ok(same, "pthread_self in the thread equals the created handle");
	ok(pthread_equal(pthread_self(), pthread_self()) &&
	    !pthread_equal(pthread_self(), t[0]), "pthread_equal");
}

/* ---- attributes and stack size ----------------------------------- */

static void *
deep(void *arg)
{
	volatile char buf[48 * 1024];
	size_t i;

	for (i = 0; i < sizeof(buf); i += 512)
		buf[i] = (char)(i / 512);
	(void)arg;
	return ((void *)(intptr_t)buf[40 * 1024]);
}

static void
test_attr(void)
{
	pthread_attr_t a;
	pthread_t t;
	size_t sz = 0;
	void *rv = NULL;
	int ds = -1;

	pthread_attr_init(&a);
	pthread_attr_getdetachstate(&a, &ds);
	is_int(ds, PTHREAD_CREATE_JOINABLE, "attr default joinable");
	is_int(pthread_attr_setstacksize(&a, 100), EINVAL,
	    "setstacksize below PTHREAD_STACK_MIN: EINVAL");
	is_int(pthread_attr_setstacksize(&a, 64 * 1024), 0, "setstacksize 64K");
	pthread_attr_getstacksize(&a, &sz);
	is_int((long long)sz, 64 * 1024, "getstacksize 64K");
	is_int(pthread_attr_setdetachstate(&a, 7), EINVAL,
	    "setdetachstate bad value: EINVAL");
	is_int(pthread_create(&t, &a, deep, NULL), 0, "create with 64K stack");
	pthread_join(t, &rv);
	is_int((intptr_t)rv, 80,
	    "48K of locals on a 64K stack");
	pthread_attr_destroy(&a);
}

/* ---- a counter under a mutex ------------------------------------- */

#define NTHR	8
#define NINC	10000

static pthread_mutex_t cnt_mtx = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *
incr(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NINC; i++) {
		pthread_mutex_lock(&cnt_mtx);
		counter++;
		pthread_mutex_unlock(&cnt_mtx);
	}
	return (NULL);
}

static void
test_counter(void)
{
	pthread_t t[NTHR];
	int i, r = 0;

	for (i = 0; i < NTHR; i++)
		r |= pthread_create(&t[i], NULL, incr, NULL);
	for (i = 0; i < NTHR; i++)
		r |= pthread_join(t[i], NULL);
	is_int(r, 0, "8 threads created and joined");
	is_int(counter, NTHR * NINC, "8 x 10000 increments under a mutex");
}

/* ---- condition ping-pong ----------------------------------------- */

#define ROUNDS	1000

static pthread_mutex_t pp_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cv = PTHREAD_COND_INITIALIZER;
static int pp_turn, pp_moves[2], pp_bad;

static void *
player(void *arg)
{
	int me = (int)(intptr_t)arg, i;

	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pp_mtx);
		while (pp_turn % 2 != me)
			pthread_cond_wait(&pp_cv, &pp_mtx);
		if (pp_turn != 2 * i + me)
			pp_bad++;
		pp_turn++;
		pp_moves[me]++;
		pthread_cond_broadcast(&pp_cv);
		pthread_mutex_unlock(&pp_mtx);
	}
	return (NULL);
}

static void
test_pingpong(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, player, (void *)0);
	pthread_create(&b, NULL, player, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	is_int(pp_turn, 2 * ROUNDS, "ping-pong: 2000 turns");
	ok(pp_moves[0] == ROUNDS && pp_moves[1] == ROUNDS && pp_bad == 0,
	    "ping-pong: 1000 strictly alternating moves each");
}

/* ---- timed waits -------------------------------------------------- */

static void
test_timedwait(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_condattr_t ca;
	pthread_cond_t c;
	struct timespec start, abs, now;
	clockid_t ck = -1;
	long long ms;
	int r;

	pthread_condattr_init(&ca);
	is_int(pthread_condattr_setclock(&ca, 12345), EINVAL,
	    "condattr_setclock bad clock: EINVAL");
	is_int(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0,
	    "condattr_setclock MONOTONIC");
	pthread_condattr_getclock(&ca, &ck);
	is_int(ck, CLOCK_MONOTONIC, "condattr_getclock");
	pthread_cond_init(&c, &ca);

	pthread_mutex_lock(&m);
	clock_gettime(CLOCK_MONOTONIC, &start);
	abs = start;
	ts_add_ms(&abs, 150);
	r = pthread_cond_timedwait(&c, &m, &abs);
	ms = ms_since(&start, CLOCK_MONOTONIC);
	is_int(r, ETIMEDOUT, "timedwait (MONOTONIC): ETIMEDOUT");
	ok(ms >= 150 && ms < 3000, "timedwait (MONOTONIC) not early");
	if (!(ms >= 150 && ms < 3000))
		printf("# waited %lld ms for 150\n", ms);
	is_int(pthread_mutex_trylock(&m), EBUSY,
	    "timedwait returns with the mutex held");

	pthread_cond_init(&c, NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	clock_gettime(CLOCK_REALTIME, &abs);
	ts_add_ms(&abs, 100);
	r = pthread_cond_timedwait(&c, &m, &abs);
	ms = ms_since(&start, CLOCK_MONOTONIC);
	clock_gettime(CLOCK_REALTIME, &now);
	is_int(r, ETIMEDOUT, "timedwait (REALTIME): ETIMEDOUT");
	ok(ms >= 100 && ms < 3000 && (now.tv_sec > abs.tv_sec ||
	    (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec)),
	    "timedwait (REALTIME) not early");
	abs.tv_nsec = 1000000000L;
	is_int(pthread_cond_timedwait(&c, &m, &abs), EINVAL,
	    "timedwait tv_nsec out of range: EINVAL");
	pthread_mutex_unlock(&m);
}

/* ---- once --------------------------------------------------------- */

#define ONCE_ROUNDS	20

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs, once_value, once_late;
static volatile int go;

static void
once_init(void)
{
	__atomic_fetch_add(&once_runs, 1, __ATOMIC_SEQ_CST);
	usleep(5000);		/* let the others pile up behind */
	once_value = 42;
}

static void *
once_racer(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	pthread_once(&once, once_init);
	if (once_value != 42)
		__atomic_fetch_add(&once_late, 1, __ATOMIC_SEQ_CST);
	return (NULL);
}

static void
test_once(void)
{
	pthread_once_t fresh = PTHREAD_ONCE_INIT;
	pthread_t t[NTHR];
	int i, r, bad = 0;

	/* Several rounds, each a fresh once and 8 threads released at once. */
	for (r = 0; r < ONCE_ROUNDS; r++) {
		once = fresh;
		once_runs = 0;
		once_value = 0;
		__atomic_store_n(&go, 0, __ATOMIC_RELEASE);
		for (i = 0; i < NTHR; i++)
			pthread_create(&t[i], NULL, once_racer, NULL);
		__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
		for (i = 0; i < NTHR; i++)
			pthread_join(t[i], NULL);
		if (once_runs != 1)
			bad++;
	}
	is_int(bad, 0, "once: the routine ran exactly once under 8 threads, 20 rounds");
	is_int(once_late, 0, "once: no caller returned before it finished");
}

/* ---- keys --------------------------------------------------------- */

static pthread_key_t key;
static volatile intptr_t dtor_sum;
static volatile int dtor_calls, key_own;

static void
dtor(void *v)
{
	__atomic_fetch_add(&dtor_sum, (intptr_t)v, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&dtor_calls, 1, __ATOMIC_SEQ_CST);
}

static void *
keyuser(void *arg)
{
	intptr_t i = (intptr_t)arg;

	if (pthread_getspecific(key) != NULL)
		return ((void *)1);
	if (i != 0)		/* thread 0 leaves it NULL: no destructor */
		pthread_setspecific(key, (void *)(100 * i));
	usleep(10000);
	if (pthread_getspecific(key) != (void *)(100 * i))
		return ((void *)1);
	return (NULL);
}

static void
test_keys(void)
{
	pthread_t t[4];
	void *rv;
	int i, bad = 0;

	is_int(pthread_key_create(&key, dtor), 0, "pthread_key_create");
	pthread_setspecific(key, (void *)7);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, keyuser, (void *)(intptr_t)i);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &rv);
		if (rv != NULL)
			bad++;
	}
	is_int(bad, 0, "each thread sees only its own value");
	is_int(dtor_calls, 3, "destructor ran for the 3 non-NULL values");
	is_int(dtor_sum, 100 + 200 + 300, "destructors got the right values");
	ok(pthread_getspecific(key) == (void *)7, "main's value untouched");
	is_int(pthread_key_delete(key), 0, "pthread_key_delete");
	is_int(pthread_key_delete(key), EINVAL, "key_delete twice: EINVAL");
	is_int(pthread_setspecific(key, (void *)1), EINVAL,
	    "setspecific on a deleted key: EINVAL");
}

/* ---- per-thread errno --------------------------------------------- */

/*
 * The handshakes spin on flags rather than using a mutex or condition:
 * libpthread saves and restores errno around its sleeps, which would
 * hide an errno shared between threads.  nanosleep leaves errno alone
 * when it succeeds.
 */
static volatile int e_step, e_before, e_range, e_fopen, e_after;

static void
e_wait_step(int n)
{
	struct timespec ms = { 0, 1000000 };

	while (__atomic_load_n(&e_step, __ATOMIC_ACQUIRE) < n)
		nanosleep(&ms, NULL);
}

static void
e_set_step(int n)
{
	__atomic_store_n(&e_step, n, __ATOMIC_RELEASE);
}

static void *
errno_thread(void *arg)
{
	FILE *f;

	(void)arg;
	errno = 0;
	close(-1);			/* a system-call stub: EBADF */
	e_before = errno;
	errno = 0;
	strtol("99999999999999999999999", NULL, 10);	/* newlib: ERANGE */
	e_range = errno;
	errno = 0;
	f = fopen("/nonexistent/file", "r");	/* through newlib's _open_r */
	e_fopen = f == NULL ? errno : 0;
	errno = EBADF;
	e_set_step(1);
	e_wait_step(2);			/* main fails with ENOENT meanwhile */
	e_after = errno;
	return (NULL);
}

static void
test_errno(void)
{
	pthread_t t;
	int mine;

	pthread_create(&t, NULL, errno_thread, NULL);
	errno = 0;
	e_wait_step(1);
	mine = errno;
	open("/nonexistent/file", O_RDONLY);
	is_int(errno, ENOENT, "main's failing open: ENOENT");
	e_set_step(2);
	pthread_join(t, NULL);
	is_int(mine, 0, "the thread's errors did not reach main's errno");
	is_int(e_before, EBADF, "thread's close(-1): EBADF");
	is_int(e_range, ERANGE, "thread's strtol overflow: ERANGE in its errno");
	is_int(e_fopen, ENOENT, "thread's fopen of a missing file: ENOENT");
	is_int(e_after, EBADF, "main's ENOENT did not reach the thread's errno");
}

/* ---- mutex types and errors --------------------------------------- */

static pthread_mutex_t shared_mtx;
static volatile int other_result;

static void *
unlock_other(void *arg)
{
	(void)arg;
	other_result = pthread_mutex_unlock(&shared_mtx);
	return (NULL);
}

static void *
trylock_other(void *arg)
{
	(void)arg;
	other_result = pthread_mutex_trylock(&shared_mtx);
	if (other_result == 0)
		pthread_mutex_unlock(&shared_mtx);
	return (NULL);
}

static void
run(void *(*f)(void *))
{
	pthread_t t;

	other_result = -1;
	pthread_create(&t, NULL, f, NULL);
	pthread_join(t, NULL);
}

static void
test_mutex_types(void)
{
	pthread_mutexattr_t ma;
	int ty = -1;

	pthread_mutexattr_init(&ma);
	is_int(pthread_mutexattr_settype(&ma, 99), EINVAL,
	    "mutexattr_settype bad type: EINVAL");
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutexattr_gettype(&ma, &ty);
	is_int(ty, PTHREAD_MUTEX_ERRORCHECK, "mutexattr_gettype");
	pthread_mutex_init(&shared_mtx, &ma);
	is_int(pthread_mutex_lock(&shared_mtx), 0, "errorcheck lock");
	is_int(pthread_mutex_lock(&shared_mtx), EDEADLK,
	    "errorcheck relock: EDEADLK");
	run(unlock_other);
	is_int(other_result, EPERM, "errorcheck unlock by non-owner: EPERM");
	run(trylock_other);
	is_int(other_result, EBUSY, "errorcheck trylock by another: EBUSY");
	is_int(pthread_mutex_destroy(&shared_mtx), EBUSY,
	    "destroy a locked mutex: EBUSY");
	is_int(pthread_mutex_unlock(&shared_mtx), 0, "errorcheck unlock");
	is_int(pthread_mutex_unlock(&shared_mtx), EPERM,
	    "errorcheck unlock when unlocked: EPERM");
	run(trylock_other);
	is_int(other_result, 0, "trylock of a free mutex: 0");

	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&shared_mtx, &ma);
	ok(pthread_mutex_lock(&shared_mtx) == 0 &&
	    pthread_mutex_lock(&shared_mtx) == 0 &&
	    pthread_mutex_trylock(&shared_mtx) == 0,
	    "recursive: locked three times by its owner");
	pthread_mutex_unlock(&shared_mtx);
	pthread_mutex_unlock(&shared_mtx);
	run(trylock_other);
	is_int(other_result, EBUSY, "recursive: still held after 2 of 3 unlocks");
	run(unlock_other);
	is_int(other_result, EPERM, "recursive: unlock by non-owner: EPERM");
	pthread_mutex_unlock(&shared_mtx);
	run(trylock_other);
	is_int(other_result, 0, "recursive: free after the third unlock");

	pthread_mutex_init(&shared_mtx, NULL);
	pthread_mutex_lock(&shared_mtx);
	run(trylock_other);
	is_int(other_result, EBUSY, "normal trylock of a held mutex: EBUSY");
	pthread_mutex_unlock(&shared_mtx);
	pthread_mutexattr_destroy(&ma);
}

/* ---- detach and join errors --------------------------------------- */

static volatile int release;
static volatile int self_join;

static void *
wait_release(void *arg)
{
	(void)arg;
	self_join = pthread_join(pthread_self(), NULL);
	while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE))
		usleep(1000);
	return (NULL);
}

static void *
nothing(void *arg)
{
	return (arg);
}

static void
test_detach(void)
{
	pthread_attr_t a;
	pthread_t t, u;
	int i, r = 0;

	is_int(pthread_join(pthread_self(), NULL), EDEADLK,
	    "main joins itself: EDEADLK");
	pthread_create(&t, NULL, wait_release, NULL);
	is_int(pthread_detach(t), 0, "pthread_detach");
	is_int(pthread_join(t, NULL), EINVAL, "join a detached thread: EINVAL");
	is_int(pthread_detach(t), EINVAL, "detach twice: EINVAL");
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	usleep(50000);
	is_int(self_join, EDEADLK, "a thread joins itself: EDEADLK");

	/* Detached threads' stacks are reaped by later creates. */
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < 200; i++)
		r |= pthread_create(&u, &a, nothing, NULL);
	pthread_attr_destroy(&a);
	is_int(r, 0, "200 detached threads created");
}

/* ---- exit() from a secondary thread ------------------------------- */

static void *
exiter(void *arg)
{
	(void)arg;
	usleep(20000);
	exit(42);
}

static void
test_exit(void)
{
	pthread_t t;
	pid_t pid;
	int st = -1;

	pid = fork();
	if (pid == 0) {
		pthread_create(&t, NULL, exiter, NULL);
		for (;;)
			pause();
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid, "waitpid the child");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	    "exit(42) in a secondary thread ends the process with 42");
	if (!(WIFEXITED(st) && WEXITSTATUS(st) == 42))
		printf("# status 0x%x\n", st);
}

/* ---- fork from a threaded process ----------------------------------- */

static char atfork_log[16];
static volatile int churn_stop;

static void
atfork_note(char c)
{
	size_t n = strlen(atfork_log);

	if (n + 1 < sizeof(atfork_log))
		atfork_log[n] = c;
}

static void prep1(void) { atfork_note('a'); }
static void prep2(void) { atfork_note('b'); }
static void par1(void) { atfork_note('c'); }
static void par2(void) { atfork_note('d'); }
static void chi1(void) { atfork_note('e'); }
static void chi2(void) { atfork_note('f'); }

/* Keeps malloc's lock busy while the main thread forks. */
static void *
churner(void *arg)
{
	void *p;

	(void)arg;
	while (!__atomic_load_n(&churn_stop, __ATOMIC_RELAXED)) {
		/* Large sizes: malloc grows and trims the heap (sbrk) under its lock. */
		p = malloc(100 + (size_t)(random() % 300000));
		free(p);
	}
	return (NULL);
}

static void
test_atfork(void)
{
	pthread_t t[3];
	pid_t pid;
	int i, j, st, hung = 0;

	is_int(pthread_atfork(prep1, par1, chi1), 0, "pthread_atfork");
	is_int(pthread_atfork(prep2, par2, chi2), 0, "a second pthread_atfork");
	pid = fork();
	if (pid == 0)
		_exit(strcmp(atfork_log, "baef") == 0 ? 0 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the child ran prepare in reverse, then "
	    "its child handlers in order (\"baef\")");
	is_str(atfork_log, "bacd", "the parent: prepare in reverse, "
	    "then its parent handlers in order");

	/*
	 * Fork while three threads malloc and free without pause: a child
	 * that inherited malloc's lock held would hang in its own malloc.
	 */
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, churner, NULL);
	for (j = 0; j < 20; j++) {
		pid = fork();
		if (pid == 0) {
			void *p = malloc(1000);

			free(p);
			_exit(p != NULL ? 0 : 1);
		}
		for (i = 0; i < 200; i++) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			usleep(10000);
		}
		if (i == 200) {
			hung++;
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			hung++;
	}
	__atomic_store_n(&churn_stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	is_int(hung, 0, "20 forks during malloc churn: every child mallocs "
	    "and exits 0 within 2 s");
}

/* ---- pthread_sigmask and pthread_kill ----------------------------- */

static pthread_t usr1_in[4];
static volatile int usr1_n;
static volatile int sig_go, sig_stop;

static void
on_usr1(int sig)
{
	(void)sig;
	if (usr1_n < 4)
		usr1_in[usr1_n] = pthread_self();
	usr1_n++;
}

/* Spins until told to stop, so a signal can only land while it runs. */
static void *
sig_spinner(void *arg)
{
	sigset_t set;

	(void)arg;
	/* Created with the main thread's mask, which blocks SIGUSR1. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	__atomic_fetch_add(&sig_go, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&sig_stop, __ATOMIC_RELAXED))
		;
	return (NULL);
}

/* Blocks SIGUSR2, then takes one with sigwait: its own pending set. */
static void *
sig_waiter(void *arg)
{
	sigset_t set;
	int sig = 0;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	__atomic_fetch_add(&sig_go, 1, __ATOMIC_SEQ_CST);
	if (sigwait(&set, &sig) != 0)
		return ((void *)(intptr_t)-1);
	return ((void *)(intptr_t)sig);
}

static void
test_signals(void)
{
	struct sigaction sa;
	sigset_t set, old, cur;
	pthread_t a, b, w;
	void *rv;
	int i, e;

	/* pthread_sigmask: the caller's mask, errors returned, errno kept. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	is_int(pthread_sigmask(SIG_BLOCK, &set, &old), 0,
	    "pthread_sigmask SIG_BLOCK");
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	ok(sigismember(&cur, SIGUSR1) && !sigismember(&old, SIGUSR1),
	    "the old mask lacks SIGUSR1, the new one has it");
	errno = 1234;
	is_int(pthread_sigmask(99, &set, NULL), EINVAL,
	    "pthread_sigmask with a bad how: EINVAL");
	is_int(errno, 1234, "... returned, errno untouched");

	/*
	 * pthread_kill reaches exactly the thread named: two spinners run
	 * with SIGUSR1 open, the main thread has it blocked; the handler
	 * notes which thread it ran in.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sig_go = sig_stop = 0;
	pthread_create(&a, NULL, sig_spinner, NULL);
	pthread_create(&b, NULL, sig_spinner, NULL);
	for (i = 0; i < 500 && __atomic_load_n(&sig_go, __ATOMIC_SEQ_CST) < 2;
	    i++)
		usleep(10000);
	is_int(pthread_kill(b, SIGUSR1), 0, "pthread_kill(b, SIGUSR1)");
	for (i = 0; i < 500 && usr1_n == 0; i++)
		usleep(10000);
	ok(usr1_n == 1 && pthread_equal(usr1_in[0], b),
	    "the handler ran once, in thread b");
	is_int(pthread_kill(a, SIGUSR1), 0, "pthread_kill(a, SIGUSR1)");
	for (i = 0; i < 500 && usr1_n < 2; i++)
		usleep(10000);
	ok(usr1_n == 2 && pthread_equal(usr1_in[1], a),
	    "then once in thread a");
	is_int(pthread_kill(a, 0), 0, "pthread_kill(a, 0) on a live thread: 0");
	errno = 1234;
	is_int(pthread_kill(a, NSIG), EINVAL, "pthread_kill with signal NSIG: "
	    "EINVAL");
	is_int(pthread_kill(a, -1), EINVAL, "... and with -1: EINVAL");
	is_int(errno, 1234, "errno untouched");
	__atomic_store_n(&sig_stop, 1, __ATOMIC_RELAXED);
	pthread_join(a, NULL);
	pthread_join(b, NULL);

	/* A thread with SIGUSR2 blocked takes one aimed at it by sigwait. */
	sig_go = 0;
	pthread_create(&w, NULL, sig_waiter, NULL);
	for (i = 0; i < 500 && __atomic_load_n(&sig_go, __ATOMIC_SEQ_CST) < 1;
	    i++)
		usleep(10000);
	usleep(20000);		/* into sigwait, most likely */
	is_int(pthread_kill(w, SIGUSR2), 0, "pthread_kill(w, SIGUSR2)");
	rv = NULL;
	pthread_join(w, &rv);
	is_int((intptr_t)rv, SIGUSR2, "sigwait in w returned SIGUSR2");
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	ok(!sigismember(&cur, SIGUSR2), "w's mask did not become the main "
	    "thread's");
	sigpending(&cur);
	ok(!sigismember(&cur, SIGUSR2), "nothing is left pending");

	/* The main thread signals itself; the handler runs before return. */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	e = pthread_kill(pthread_self(), SIGUSR1);
	ok(e == 0 && usr1_n == 3 && pthread_equal(usr1_in[2],
	    pthread_self()), "pthread_kill(pthread_self()): the handler ran "
	    "in this thread before pthread_kill returned");
	sa.sa_handler = SIG_DFL;
	sigaction(SIGUSR1, &sa, NULL);
}

/* ---- barriers and spin locks ------------------------------------- */

#define	BAR_THREADS	4
#define	BAR_ROUNDS	200

static pthread_barrier_t bar;
static volatile int bar_slot[BAR_THREADS];
static int bar_serial, bar_bad;
static pthread_spinlock_t spin;
static long spin_count;

static void *
bar_thread(void *arg)
{
	int id = (int)(intptr_t)arg, r, i, k;

	for (r = 1; r <= BAR_ROUNDS; r++) {
		bar_slot[id] = r;
		for (k = 0; k < 2; k++) {
			/* After the first wait, every slot holds r. */
			if (pthread_barrier_wait(&bar) ==
			    PTHREAD_BARRIER_SERIAL_THREAD)
				__atomic_fetch_add(&bar_serial, 1,
				    __ATOMIC_SEQ_CST);
			if (k == 0)
				for (i = 0; i < BAR_THREADS; i++)
					if (bar_slot[i] != r)
						__atomic_fetch_add(&bar_bad, 1,
						    __ATOMIC_SEQ_CST);
		}
	}
	return (NULL);
}

static void *
spin_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		pthread_spin_lock(&spin);
		spin_count++;
		pthread_spin_unlock(&spin);
	}
	return (NULL);
}

static void *
bar_lone(void *arg)
{
	(void)arg;
	return ((void *)(intptr_t)pthread_barrier_wait(&bar));
}

static void
test_barrier_spin(void)
{
	pthread_barrierattr_t ba;
	pthread_t t[BAR_THREADS], w;
	void *rv;
	int i, v, ps;

	is_int(pthread_barrier_init(&bar, NULL, 0), EINVAL,
	    "pthread_barrier_init with count 0: EINVAL");
	pthread_barrierattr_init(&ba);
	is_int(pthread_barrierattr_setpshared(&ba, 7), EINVAL,
	    "pthread_barrierattr_setpshared(7): EINVAL");
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrierattr_getpshared(&ba, &ps);
	is_int(ps, PTHREAD_PROCESS_SHARED, "barrierattr pshared reads back");
	pthread_barrier_init(&bar, NULL, BAR_THREADS);
	for (i = 0; i < BAR_THREADS; i++)
		pthread_create(&t[i], NULL, bar_thread, (void *)(intptr_t)i);
	for (i = 0; i < BAR_THREADS; i++)
		pthread_join(t[i], NULL);
	is_int(bar_bad, 0, "no thread passed the barrier before all arrived "
	    "(4 threads, 200 rounds)");
	is_int(bar_serial, 2 * BAR_ROUNDS, "exactly one serial thread per "
	    "round");
	is_int(pthread_barrier_destroy(&bar), 0, "destroy an idle barrier");

	/* One waiter in a 2-count barrier: busy until the second comes. */
	pthread_barrier_init(&bar, NULL, 2);
	pthread_create(&w, NULL, bar_lone, NULL);
	for (i = 0; i < 500 && __atomic_load_n(&bar.__waiting,
	    __ATOMIC_SEQ_CST) == 0; i++)
		usleep(10000);
	is_int(pthread_barrier_destroy(&bar), EBUSY, "destroy with a waiter: "
	    "EBUSY");
	v = pthread_barrier_wait(&bar);
	pthread_join(w, &rv);
	ok((v == PTHREAD_BARRIER_SERIAL_THREAD) != ((intptr_t)rv ==
	    PTHREAD_BARRIER_SERIAL_THREAD) && (v == 0 || (intptr_t)rv == 0),
	    "of two, one got PTHREAD_BARRIER_SERIAL_THREAD and the other 0");
	pthread_barrier_destroy(&bar);

	is_int(pthread_spin_init(&spin, 9), EINVAL, "pthread_spin_init with "
	    "a bad pshared: EINVAL");
	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	is_int(pthread_spin_trylock(&spin), 0, "spin trylock when free: 0");
	is_int(pthread_spin_trylock(&spin), EBUSY, "... when held: EBUSY");
	is_int(pthread_spin_destroy(&spin), EBUSY, "destroy a held spin "
	    "lock: EBUSY");
	pthread_spin_unlock(&spin);
	for (i = 0; i < BAR_THREADS; i++)
		pthread_create(&t[i], NULL, spin_thread, NULL);
	for (i = 0; i < BAR_THREADS; i++)
		pthread_join(t[i], NULL);
	is_int((int)spin_count, BAR_THREADS * 20000, "4 threads x 20000 "
	    "increments under a spin lock");
	is_int(pthread_spin_destroy(&spin), 0, "destroy a free spin lock");
}

/* ---- process-shared objects -------------------------------------- */

struct pshared {
	pthread_mutex_t	m;
	pthread_cond_t	c;
	pthread_barrier_t b;
	long		count;
	int		flag;
};

/*
 * Parent and child share one anonymous MAP_SHARED page holding a
 * mutex, a condition and a barrier made PTHREAD_PROCESS_SHARED: the
 * futex words are the same memory in both, and the kernel keys them by
 * that memory, so a sleeper in one process is woken from the other.
 */
static int
pshared_child(struct pshared *ps)
{
	struct timespec ts;
	int i, r, bad = 0;

	for (i = 0; i < 100; i++)
		(void)pthread_barrier_wait(&ps->b);
	for (i = 0; i < 5000; i++) {
		pthread_mutex_lock(&ps->m);
		ps->count++;
		pthread_mutex_unlock(&ps->m);
	}
	(void)pthread_barrier_wait(&ps->b);	/* both done counting */
	/* Wait (5 s at most) for the parent's flag and signal. */
	pthread_mutex_lock(&ps->m);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	(void)pthread_barrier_wait(&ps->b);	/* the parent may go on */
	r = 0;
	while (ps->flag == 0 && r == 0)
		r = pthread_cond_timedwait(&ps->c, &ps->m, &ts);
	if (r != 0)
		bad = 1;
	pthread_mutex_unlock(&ps->m);
	return (bad);
}

static void
test_pshared(void)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_barrierattr_t ba;
	struct pshared *ps;
	int i, st, v;
	pid_t pid;

	ps = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON,
	    -1, 0);
	ok(ps != MAP_FAILED, "a shared page for the objects");
	if (ps == MAP_FAILED)
		return;
	pthread_mutexattr_init(&ma);
	is_int(pthread_mutexattr_setpshared(&ma, 5), EINVAL,
	    "pthread_mutexattr_setpshared(5): EINVAL");
	is_int(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED), 0,
	    "pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED)");
	pthread_mutexattr_getpshared(&ma, &v);
	is_int(v, PTHREAD_PROCESS_SHARED, "... reads back");
	pthread_condattr_init(&ca);
	is_int(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED), 0,
	    "pthread_condattr_setpshared(PTHREAD_PROCESS_SHARED)");
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&ps->m, &ma);
	pthread_cond_init(&ps->c, &ca);
	pthread_barrier_init(&ps->b, &ba, 2);
	ps->count = 0;
	ps->flag = 0;
	pid = fork();
	if (pid == 0)
		_exit(pshared_child(ps));
	for (i = 0; i < 100; i++)
		(void)pthread_barrier_wait(&ps->b);
	for (i = 0; i < 5000; i++) {
		pthread_mutex_lock(&ps->m);
		ps->count++;
		pthread_mutex_unlock(&ps->m);
	}
	(void)pthread_barrier_wait(&ps->b);
	(void)pthread_barrier_wait(&ps->b);
	/* The child holds the mutex until its wait releases it. */
	pthread_mutex_lock(&ps->m);
	ps->flag = 1;
	pthread_cond_signal(&ps->c);
	pthread_mutex_unlock(&ps->m);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the child's condition wait was woken by "
	    "the parent's signal, after 100 barrier rounds together");
	is_int((int)ps->count, 10000, "2 processes x 5000 increments under "
	    "one shared mutex");
	munmap(ps, 4096);
}

/* ---- fault signals ----------------------------------------------- */

/*
 * Two threads fault over and over on addresses of their own in a
 * PROT_NONE page while the main thread makes system calls with SIGSEGV
 * open.  A fault's signal belongs to the thread that faulted: its
 * handler must run there, with that fault's address, every time.  The
 * handler finds the thread's slot by pthread_self; a thread with none
 * (the main one) only counts the stray and returns.
 */
#define	FLT_THREADS	2
#define	FLT_ROUNDS	300

static struct flt {
	pthread_t	self;
	sigjmp_buf	jb;
	char		*want;		/* the address being touched */
	int		right;		/* signals with want as si_addr */
	int		wrong;		/* signals with another address */
	int		code_ok;	/* ... and si_code SEGV_ACCERR */
	volatile int	ready;
} flt[FLT_THREADS];
static char *flt_page;
static volatile int flt_stray, flt_done, flt_go;

static void
on_segv(int sig, siginfo_t *si, void *ctx)
{
	pthread_t me = pthread_self();
	int i;

	(void)sig;
	(void)ctx;
	for (i = 0; i < FLT_THREADS; i++)
		if (flt[i].ready && pthread_equal(flt[i].self, me))
			break;
	if (i == FLT_THREADS) {
		__atomic_fetch_add(&flt_stray, 1, __ATOMIC_SEQ_CST);
		return;
	}
	if ((char *)si->si_addr == flt[i].want) {
		flt[i].right++;
		if (si->si_code == SEGV_ACCERR)
			flt[i].code_ok++;
	} else
		flt[i].wrong++;
	siglongjmp(flt[i].jb, 1);
}

static void *
flt_thread(void *arg)
{
	struct flt *f = &flt[(intptr_t)arg];
	volatile int n;

	f->self = pthread_self();
	f->ready = 1;
	while (!__atomic_load_n(&flt_go, __ATOMIC_SEQ_CST))
		;
	for (n = 0; n < FLT_ROUNDS; n++) {
		f->want = flt_page + (intptr_t)arg * 2048 + n;
		if (sigsetjmp(f->jb, 1) == 0)
			*(volatile char *)f->want = 1;
	}
	__atomic_fetch_add(&flt_done, 1, __ATOMIC_SEQ_CST);
	return (NULL);
}

static void
test_faults(void)
{
	struct sigaction sa, osa;
	pthread_t t[FLT_THREADS];
	int i, right, wrong, code_ok;

	flt_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANON, -1, 0);
	ok(flt_page != MAP_FAILED, "a PROT_NONE page to fault on");
	if (flt_page == MAP_FAILED)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &osa);
	for (i = 0; i < FLT_THREADS; i++)
		pthread_create(&t[i], NULL, flt_thread, (void *)(intptr_t)i);
	for (i = 0; i < 500 && !(flt[0].ready && flt[1].ready); i++)
		usleep(10000);
	__atomic_store_n(&flt_go, 1, __ATOMIC_SEQ_CST);
	/* Every return to user mode here is a chance to take a stray. */
	while (__atomic_load_n(&flt_done, __ATOMIC_SEQ_CST) < FLT_THREADS)
		(void)getppid();
	for (i = 0; i < FLT_THREADS; i++)
		pthread_join(t[i], NULL);
	right = wrong = code_ok = 0;
	for (i = 0; i < FLT_THREADS; i++) {
		right += flt[i].right;
		wrong += flt[i].wrong;
		code_ok += flt[i].code_ok;
	}
	is_int(right, FLT_THREADS * FLT_ROUNDS, "every fault's handler ran in "
	    "the faulting thread with that fault's address");
	is_int(wrong, 0, "no handler saw another thread's fault address");
	is_int(flt_stray, 0, "no fault's signal was taken by the main thread");
	is_int(code_ok, FLT_THREADS * FLT_ROUNDS, "si_code SEGV_ACCERR each "
	    "time");
	sigaction(SIGSEGV, &osa, NULL);
	munmap(flt_page, 4096);
}

/* ---- malloc from 4 threads ---------------------------------------- */

#define MTHR	4
#define MITER	20000
#define MLIVE	64

static void *
mallocer(void *arg)
{
	unsigned seed = (unsigned)(intptr_t)arg * 7919 + 1;
	unsigned char *p[MLIVE] = { 0 };
	size_t len[MLIVE] = { 0 };
	unsigned char tag = (unsigned char)(intptr_t)arg + 1;
	intptr_t bad = 0;
	size_t j;
	int i, k;

	for (i = 0; i < MITER; i++) {
		seed = seed * 1103515245 + 12345;
		k = (seed >> 8) % MLIVE;
		if (p[k] != NULL) {
			for (j = 0; j < len[k]; j++)
				if (p[k][j] != (unsigned char)(tag + j))
					bad++;
			free(p[k]);
		}
		len[k] = 1 + (seed >> 16) % 2000;
		if ((p[k] = malloc(len[k])) == NULL) {
			bad++;
			continue;
		}
		for (j = 0; j < len[k]; j++)
			p[k][j] = (unsigned char)(tag + j);
	}
	for (k = 0; k < MLIVE; k++)
		free(p[k]);
	return ((void *)bad);
}

static void
test_malloc(void)
{
	pthread_t t[MTHR];
	void *rv;
	intptr_t bad = 0;
	int i;

	for (i = 0; i < MTHR; i++)
		pthread_create(&t[i], NULL, mallocer, (void *)(intptr_t)i);
	for (i = 0; i < MTHR; i++) {
		pthread_join(t[i], &rv);
		bad += (intptr_t)rv;
	}
	is_int(bad, 0, "malloc/free from 4 threads: every block intact");
}

/* ---- rwlock ------------------------------------------------------- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long rw_a, rw_b, rw_torn;

static void *
rw_writer(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 2000; i++) {
		pthread_rwlock_wrlock(&rw);
		rw_a++;
		rw_b++;
		pthread_rwlock_unlock(&rw);
	}
	return (NULL);
}

static void *
rw_reader(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 2000; i++) {
		pthread_rwlock_rdlock(&rw);
		if (rw_a != rw_b)
			rw_torn++;
		pthread_rwlock_unlock(&rw);
	}
	return (NULL);
}

static void
test_rwlock(void)
{
	pthread_t t[4];
	int i;

	pthread_create(&t[0], NULL, rw_writer, NULL);
	pthread_create(&t[1], NULL, rw_writer, NULL);
	pthread_create(&t[2], NULL, rw_reader, NULL);
	pthread_create(&t[3], NULL, rw_reader, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	is_int(rw_a, 4000, "rwlock: 2 writers x 2000 exact");
	is_int(rw_torn, 0, "rwlock: readers never saw a half write");
	pthread_rwlock_rdlock(&rw);
	is_int(pthread_rwlock_trywrlock(&rw), EBUSY,
	    "trywrlock under a reader: EBUSY");
	is_int(pthread_rwlock_tryrdlock(&rw), 0, "tryrdlock under a reader");
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	is_int(pthread_rwlock_trywrlock(&rw), 0, "trywrlock when free");
	is_int(pthread_rwlock_tryrdlock(&rw), EBUSY,
	    "tryrdlock under a writer: EBUSY");
	pthread_rwlock_unlock(&rw);
}

int
main(void)
{
	test_create_join();
	test_attr();
	test_counter();
	test_pingpong();
	test_timedwait();
	test_once();
	test_keys();
	test_errno();
	test_mutex_types();
	test_exit();
	test_atfork();
	test_signals();
	test_faults();
	test_barrier_spin();
	test_pshared();
	test_malloc();
	test_rwlock();
	test_detach();
	return (done());
}
