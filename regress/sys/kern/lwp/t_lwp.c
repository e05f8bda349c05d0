/*
 * Kernel threads of a process through raw system calls (no libpthread):
 * lwp_create/lwp_gettid, extexit(EXTEXIT_LWP), umtx_sleep/umtx_wakeup
 * (errors, timeouts, wake counts, a lock built on them; between
 * processes through shared memory, and not through private memory), a process
 * signal taken by the one thread that does not block it, lwp_kill, and
 * exit, execve and fork called by a secondary thread.
 *
 * libc is not thread-safe (one errno, unlocked stdio), so the secondary
 * threads use only rawsys() and plain memory; only the main thread
 * prints.  Every scenario that ends a process runs in a forked child.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/lwp.h>
#include <sys/sysctl.h>
#include <sys/user.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rawsys.h"
#include "tap.h"

#define STACKSZ		(64 * 1024)

static long
sys3(long n, long a0, long a1, long a2, int *errp)
{
	return (rawsys(n, a0, a1, a2, 0, 0, 0, errp));
}

/* A thread's stack from mmap; the top is passed to lwp_create. */
static void *
newstack(void)
{
	char *p = mmap(NULL, STACKSZ, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);

	if (p == MAP_FAILED)
		abort();
	return (p + STACKSZ);
}

static lwpid_t tid1[16], tid2[16];

/* Start func(arg) as thread i; the tid, or -errno. */
static long
spawn(int i, void (*func)(void *), void *arg)
{
	struct lwp_params lp;
	long r;
	int err;

	lp.lwp_func = func;
	lp.lwp_arg = arg;
	lp.lwp_stack = newstack();
	lp.lwp_tid1 = &tid1[i];
	lp.lwp_tid2 = &tid2[i];
	r = sys3(SYS_lwp_create, (long)&lp, 0, 0, &err);
	return (err != 0 ? -err : r);
}

static int
umtx_sleep_(volatile int *p, int v, int us)
{
	int err;

	sys3(SYS_umtx_sleep, (long)p, v, us, &err);
	return (err);
}

static long
umtx_wakeup_(volatile int *p, int n)
{
	int err;
	long r = sys3(SYS_umtx_wakeup, (long)p, n, 0, &err);

	return (err != 0 ? -err : r);
}

static lwpid_t
gettid_(void)
{
	int err;

	return ((lwpid_t)sys3(SYS_lwp_gettid, 0, 0, 0, &err));
}

static void __attribute__((__noreturn__))
lwp_end(void)
{
	int err;

	sys3(SYS_extexit, EXTEXIT_LWP, 0, 0, &err);
	for (;;)
		;
}

static void
bump(volatile int *p)
{
	__atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST);
	umtx_wakeup_(p, 0);
}

/* Wait until *p >= n, up to about 10 s; the last value seen. */
static int
await(volatile int *p, int n)
{
	int v, i;

	for (i = 0; i < 100; i++) {
		v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
		if (v >= n)
			break;
		umtx_sleep_(p, v, 100000);
	}
	return (__atomic_load_n(p, __ATOMIC_SEQ_CST));
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- a lock on umtx: 0 free, 1 held, 2 held with waiters ---------- */

static void
lock(volatile int *l)
{
	int c = 0;

	if (__atomic_compare_exchange_n(l, &c, 1, false, __ATOMIC_ACQUIRE,
	    __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		umtx_sleep_(l, 2, 0);
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	}
}

static void
unlock(volatile int *l)
{
	if (__atomic_fetch_sub(l, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(l, 0, __ATOMIC_RELEASE);
		umtx_wakeup_(l, 1);
	}
}

/* ---- many threads, one counter ----------------------------------- */

#define NTHR		8
#define NINC		20000

static volatile int cnt_lock, counter, ndone;
static lwpid_t seen[NTHR];

static void
counter_main(void *arg)
{
	int i, me = (int)(long)arg;

	seen[me] = gettid_();
	for (i = 0; i < NINC; i++) {
		lock(&cnt_lock);
		counter++;
		unlock(&cnt_lock);
	}
	bump(&ndone);
	lwp_end();
}

static void
test_counter(void)
{
	long r[NTHR];
	int i, j, distinct = 1, match = 1;

	for (i = 0; i < NTHR; i++)
		r[i] = spawn(i, counter_main, (void *)(long)i);
	for (i = 0; i < NTHR; i++)
		if (r[i] <= 0)
			match = 0;
	ok(match, "lwp_create x8 returns tids");
	is_int(await(&ndone, NTHR), NTHR, "all 8 threads done");
	is_int(counter, NTHR * NINC, "counter exact under the umtx lock");
	for (i = 0; i < NTHR; i++) {
		if (tid1[i] != r[i] || tid2[i] != r[i] || seen[i] != r[i])
			match = 0;
		if (r[i] == getpid() || r[i] == gettid_())
			distinct = 0;
		for (j = 0; j < i; j++)
			if (r[j] == r[i])
				distinct = 0;
	}
	ok(match, "tid1, tid2 and lwp_gettid agree with the result");
	ok(distinct, "tids distinct, none the main thread's");
	is_int(gettid_(), getpid(), "main thread's tid is the pid");
}

/* ---- umtx errors and counts -------------------------------------- */

static volatile int word, arrived, woken;

static void
sleeper_main(void *arg)
{
	(void)arg;
	bump(&arrived);
	umtx_sleep_(&word, 0, 5000000);
	bump(&woken);
	lwp_end();
}

static void
test_umtx(void)
{
	struct timespec a, b;
	volatile int x = 5;
	long us;
	int i;

	is_int(umtx_sleep_(&x, 6, 0), EBUSY, "umtx_sleep changed value: EBUSY");
	clock_gettime(CLOCK_MONOTONIC, &a);
	is_int(umtx_sleep_(&x, 5, 30000), ETIMEDOUT,
	    "umtx_sleep timeout: ETIMEDOUT");
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
	ok(us >= 30000 && us < 2000000, "umtx_sleep timeout not early");
	is_int(umtx_sleep_((volatile int *)16, 0, 0), EFAULT,
	    "umtx_sleep unmapped address: EFAULT");
	is_int(umtx_sleep_((volatile int *)((char *)&x + 1), 5, 0), EFAULT,
	    "umtx_sleep misaligned: EFAULT");
	is_int(umtx_sleep_(&x, 5, -1), EINVAL, "umtx_sleep negative timeout");
	is_int(umtx_wakeup_(&x, 0), 0, "umtx_wakeup with nobody asleep: 0");
	is_int(umtx_wakeup_((volatile int *)2, 1), -EFAULT,
	    "umtx_wakeup misaligned: EFAULT");

	for (i = 0; i < 3; i++)
		spawn(i, sleeper_main, NULL);
	is_int(await(&arrived, 3), 3, "3 sleepers arrived");
	msleep(200);		/* let them reach umtx_sleep */
	is_int(umtx_wakeup_(&word, 1), 1, "umtx_wakeup(1) wakes one");
	msleep(200);
	is_int(woken, 1, "exactly one sleeper woke");
	is_int(umtx_wakeup_(&word, 0), 2, "umtx_wakeup(0) wakes the rest");
	is_int(await(&woken, 3), 3, "all sleepers woke");
}

/*
 * umtx between processes: a word in shared memory is one word for
 * every process mapping it, at any address; a private word is not.
 * The child sleeps (5 s limit) and exits 0 if woken, 1 on a timeout.
 */
static int
child_sleep(volatile int *w, int us)
{
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(umtx_sleep_(w, 0, us) == 0 ? 0 : 1);
	return ((int)pid);
}

/* Wake one sleeper on w every 10 ms until one was there (2 s at most). */
static long
wake_when_asleep(volatile int *w)
{
	long n = 0;
	int i;

	for (i = 0; i < 200 && n == 0; i++) {
		msleep(10);
		n = umtx_wakeup_(w, 1);
	}
	return (n);
}

static void
test_umtx_shared(void)
{
	volatile int *sh, *pv;
	char *a, *b;
	long n;
	int id, st, pid;

	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON,
	    -1, 0);
	pid = child_sleep(sh, 5000000);
	n = wake_when_asleep(sh);
	is_int((int)n, 1, "umtx_wakeup in the parent woke the child asleep "
	    "on a MAP_SHARED word");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "... and the child's umtx_sleep returned 0");

	/* Private memory: the child's copy of the word is its own. */
	pv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	pv[0] = 0;
	pid = child_sleep(pv, 300000);
	msleep(100);
	is_int((int)umtx_wakeup_(pv, 0), 0, "a MAP_PRIVATE word: the parent's "
	    "umtx_wakeup finds no sleeper");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 1, "... and the child timed out");

	/*
	 * One SysV segment attached twice: a sleeper on one address is
	 * woken through the other (the key is the segment and offset).
	 */
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	a = shmat(id, NULL, 0);
	b = shmat(id, NULL, 0);
	ok(id >= 0 && a != (char *)-1 && b != (char *)-1 && a != b,
	    "a shm segment attached at two addresses");
	pid = child_sleep((volatile int *)(a + 64), 5000000);
	n = wake_when_asleep((volatile int *)(b + 64));
	is_int((int)n, 1, "a sleeper on the first address woken through the "
	    "second");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "... and its umtx_sleep returned 0");
	is_int((int)umtx_wakeup_((volatile int *)(b + 68), 0), 0,
	    "the next word of the segment has no sleeper");
	shmdt(a);
	shmdt(b);
	shmctl(id, IPC_RMID, NULL);
	munmap((void *)sh, 4096);
	munmap((void *)pv, 4096);
}

/* kern.proc.pid's thread count for pid, or -1. */
static int
nthreads(pid_t pid)
{
	struct kinfo_proc kp;
	size_t len = sizeof(kp);
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid };

	if (sysctl(mib, 4, &kp, &len, NULL, 0) != 0 || len != sizeof(kp))
		return (-1);
	return ((int)kp.kp_nthreads);
}

/* ---- signals ----------------------------------------------------- */

static volatile int sig_tid, sig_ready, sig_stop, sig_eintr;

static void
on_sig(int sig)
{
	(void)sig;
	__atomic_store_n(&sig_tid, gettid_(), __ATOMIC_SEQ_CST);
}

/* Unblock SIGUSR1 and SIGUSR2 here, then wait in umtx_sleep. */
static void
sigthr_main(void *arg)
{
	sigset_t set;
	int err;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sys3(SYS_sigprocmask, SIG_UNBLOCK, (long)&set, 0, &err);
	bump(&sig_ready);
	while (__atomic_load_n(&sig_stop, __ATOMIC_SEQ_CST) == 0)
		if (umtx_sleep_(&sig_stop, 0, 0) == EINTR)
			__atomic_fetch_add(&sig_eintr, 1, __ATOMIC_SEQ_CST);
	lwp_end();
}

static void
test_signals(void)
{
	struct sigaction sa;
	sigset_t set;
	long t[2];
	int err, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	t[0] = spawn(0, sigthr_main, NULL);
	t[1] = spawn(1, sigthr_main, NULL);
	is_int(await(&sig_ready, 2), 2, "signal threads ready");
	/* Earlier tests' threads may still be on their way out. */
	for (i = 0; i < 100 && nthreads(getpid()) != 3; i++)
		msleep(10);
	is_int(nthreads(getpid()), 3, "kern.proc: one record, 3 threads");

	kill(getpid(), SIGUSR1);
	for (i = 0; i < 100 && sig_tid == 0; i++)
		msleep(10);
	ok(sig_tid == t[0] || sig_tid == t[1],
	    "process signal taken by a thread that does not block it");
	ok(sig_eintr >= 1, "its umtx_sleep ended with EINTR");

	sig_tid = 0;
	sys3(SYS_lwp_kill, -1, t[1], SIGUSR2, &err);
	is_int(err, 0, "lwp_kill(-1, tid, SIGUSR2)");
	for (i = 0; i < 100 && sig_tid == 0; i++)
		msleep(10);
	is_int(sig_tid, t[1], "lwp_kill's signal taken by that thread");
	sig_tid = 0;
	sys3(SYS_lwp_kill, getpid(), t[0], SIGUSR2, &err);
	for (i = 0; i < 100 && sig_tid == 0; i++)
		msleep(10);
	is_int(sig_tid, t[0], "lwp_kill(pid, other tid) reaches the other");
	sys3(SYS_lwp_kill, -1, 0x7ffffff0, SIGUSR2, &err);
	is_int(err, ESRCH, "lwp_kill of no such tid: ESRCH");
	sys3(SYS_lwp_kill, -1, gettid_(), 200, &err);
	is_int(err, EINVAL, "lwp_kill bad signal: EINVAL");

	__atomic_store_n(&sig_stop, 1, __ATOMIC_SEQ_CST);
	umtx_wakeup_(&sig_stop, 0);
	for (i = 0; i < 100 && nthreads(getpid()) != 1; i++)
		msleep(10);
	is_int(nthreads(getpid()), 1, "kern.proc: back to 1 thread");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* ---- exit, exec and fork from a secondary thread ----------------- */

static int fds[2];
static volatile int nready, forever;

static void
spin_main(void *arg)
{
	(void)arg;
	bump(&nready);
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static void
pipe_main(void *arg)
{
	char c;
	int err;

	(void)arg;
	bump(&nready);
	sys3(SYS_read, fds[0], (long)&c, 1, &err);
	lwp_end();
}

static void
umtx_main(void *arg)
{
	(void)arg;
	bump(&nready);
	for (;;)
		umtx_sleep_(&forever, 0, 0);
}

static void
exit_main(void *arg)
{
	int err;

	await(&nready, 3);
	sys3(SYS_exit, (long)arg, 0, 0, &err);
}

static char *const sh_argv[] = { "sh", "-c", "exit 42", NULL };
static char *const sh_envp[] = { NULL };

static void
exec_main(void *arg)
{
	int err;

	(void)arg;
	await(&nready, 3);
	sys3(SYS_execve, (long)"/bin/sh", (long)sh_argv, (long)sh_envp, &err);
	sys3(SYS_exit, 99, 0, 0, &err);
}

static volatile int fork_status = -1, fork_done;

static void
fork_main(void *arg)
{
	long pid;
	int err, st = 0;

	(void)arg;
	pid = sys3(SYS_fork, 0, 0, 0, &err);
	if (err != 0) {
		fork_status = -2;
	} else if (pid == 0) {
		/* The child: one thread, this one's copy; it ends normally. */
		sys3(SYS_exit, 5, 0, 0, &err);
	} else {
		rawsys(SYS_wait4, pid, (long)&st, 0, 0, 0, 0, &err);
		fork_status = err != 0 ? -3 : st;
	}
	bump(&fork_done);
	lwp_end();
}

/* Run body in a child with the three kinds of busy threads; its status. */
static int
with_busy_threads(void (*fn)(void *), void *arg)
{
	pid_t pid;
	int st = -1, i;

	pid = fork();
	if (pid == 0) {
		if (pipe(fds) != 0)
			_exit(98);
		spawn(0, spin_main, NULL);
		spawn(1, pipe_main, NULL);
		spawn(2, umtx_main, NULL);
		spawn(3, fn, arg);
		for (;;)
			umtx_sleep_(&forever, 0, 0);
	}
	for (i = 0; i < 1000; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return (st);
		msleep(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return (-1);
}

static void
test_exit_exec_fork(void)
{
	pid_t pid;
	int st;

	st = with_busy_threads(exit_main, (void *)37);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 37,
	    "exit from a secondary thread ends all, status 37");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 37)
		printf("# status %#x\n", st);

	st = with_busy_threads(exec_main, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	    "execve from a secondary thread: the new image's status 42");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 42)
		printf("# status %#x\n", st);

	pid = fork();
	if (pid == 0) {
		spawn(0, fork_main, NULL);
		if (await(&fork_done, 1) != 1)
			_exit(10);
		if (fork_status != (5 << 8))
			_exit(11);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	is_int(st, 0, "fork from a thread: a one-thread child exits 5");

	/* A signal that kills: every thread goes with the process. */
	pid = fork();
	if (pid == 0) {
		spawn(0, spin_main, NULL);
		spawn(1, umtx_main, NULL);
		for (;;)
			umtx_sleep_(&forever, 0, 0);
	}
	msleep(100);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	    "SIGTERM ends a three-thread process");

	/* The last thread's extexit(EXTEXIT_LWP) ends the process. */
	pid = fork();
	if (pid == 0) {
		int err;

		sys3(SYS_extexit, EXTEXIT_LWP, 9, 0, &err);
		_exit(1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 9,
	    "extexit(EXTEXIT_LWP) of the only thread: exit status 9");
}

/* ---- job control stops every thread ------------------------------ */

static volatile long *shared_spins;

/* Two of these: whichever takes SIGSTOP, the other must stop too. */
static void
count_main(void *arg)
{
	volatile long *c = &shared_spins[(long)arg];

	for (;;)
		__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static void
test_stop(void)
{
	pid_t pid;
	long a0, a1, b0, b1;
	int st;

	shared_spins = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_SHARED, -1, 0);
	if (shared_spins == MAP_FAILED) {
		ok(0, "mmap shared");
		return;
	}
	shared_spins[0] = shared_spins[1] = 0;
	pid = fork();
	if (pid == 0) {
		spawn(0, count_main, (void *)0);
		spawn(1, count_main, (void *)1);
		for (;;)
			umtx_sleep_(&forever, 0, 0);
	}
	msleep(100);
	kill(pid, SIGSTOP);
	is_int(waitpid(pid, &st, WUNTRACED), pid, "waitpid sees the stop");
	ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stopped by SIGSTOP");
	msleep(50);		/* the spinner reaches userret */
	a0 = shared_spins[0];
	a1 = shared_spins[1];
	msleep(200);
	b0 = shared_spins[0];
	b1 = shared_spins[1];
	ok(b0 == a0 && b1 == a1, "both spinning threads are stopped");
	kill(pid, SIGCONT);
	msleep(200);
	ok(shared_spins[0] > b0 && shared_spins[1] > b1,
	    "both run again after SIGCONT");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends it");
}

/* ---- bad arguments ----------------------------------------------- */

static volatile int bad_ran;

static void
bad_main(void *arg)
{
	(void)arg;
	bump(&bad_ran);
	lwp_end();
}

static void
test_bad(void)
{
	struct lwp_params lp;
	volatile int st = 0;
	int err;

	sys3(SYS_lwp_create, 0, 0, 0, &err);
	is_int(err, EFAULT, "lwp_create(NULL): EFAULT");
	sys3(SYS_lwp_create, 16, 0, 0, &err);
	is_int(err, EFAULT, "lwp_create(unmapped): EFAULT");
	lp.lwp_func = bad_main;
	lp.lwp_arg = NULL;
	lp.lwp_stack = newstack();
	lp.lwp_tid1 = (lwpid_t *)8;
	lp.lwp_tid2 = NULL;
	sys3(SYS_lwp_create, (long)&lp, 0, 0, &err);
	is_int(err, EFAULT, "lwp_create bad tid1: EFAULT");
	lp.lwp_tid1 = NULL;
	lp.lwp_tid2 = (lwpid_t *)8;
	sys3(SYS_lwp_create, (long)&lp, 0, 0, &err);
	is_int(err, EFAULT, "lwp_create bad tid2: EFAULT");
	msleep(100);
	is_int(bad_ran, 0, "no thread ran after a failed lwp_create");

	sys3(SYS_extexit, 7, 0, 0, &err);
	is_int(err, EINVAL, "extexit bad how: EINVAL");
	sys3(SYS_extexit, EXTEXIT_LWP | EXTEXIT_SETINT, 0, 8, &err);
	is_int(err, EFAULT, "extexit SETINT bad address: EFAULT");
	(void)st;
}

/* extexit(EXTEXIT_SETINT) stores the status and wakes a joiner. */
static volatile int join_word = -1;

static void
setint_main(void *arg)
{
	int err;

	(void)arg;
	sys3(SYS_extexit, EXTEXIT_LWP | EXTEXIT_SETINT, 77,
	    (long)&join_word, &err);
}

static void
test_setint(void)
{
	int i;

	spawn(0, setint_main, NULL);
	for (i = 0; i < 100 && join_word == -1; i++)
		umtx_sleep_(&join_word, -1, 100000);
	is_int(join_word, 77, "extexit SETINT stored the status");
}

int
main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_bad();
	test_counter();
	test_umtx();
	test_umtx_shared();
	test_setint();
	test_signals();
	test_exit_exec_fork();
	test_stop();
	return (done());
}
