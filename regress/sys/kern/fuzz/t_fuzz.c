/*
 * A system-call fuzzer.  Random system-call numbers (every number from 0
 * to SYS_MAXSYSCALL once in order, then random ones and numbers out of
 * range) with random arguments (small integers, descriptors, flags,
 * 32- and 64-bit values, lengths, and pointers: NULL, kernel addresses,
 * unmapped, misaligned, near the top of user space, -1, and valid
 * buffers of random bytes) go straight to the kernel through rawsys(),
 * from a worker process that runs as uid/gid 1000 in a scratch
 * directory.  At least FUZZ_CALLS calls are made; the kernel must not
 * panic, and afterwards processes, open files and sockets are back where
 * they were (the runner then checks its own leak counters).
 *
 * The run is seeded and reproducible: the seed is printed, and
 * FUZZ_SEED=<n> in the environment (or argv[1]) replays it.  Call i's
 * number and arguments depend only on the seed and i, so a worker that
 * dies (a random sigaction, a bad sigreturn) or hangs (a wait the
 * periodic SIGALRM cannot break) is replaced by a new one that carries
 * on from call i + 1.  Deny list: exit and extexit (end the worker), fork
 * and vfork (fork bombs), lwp_create (threads at random addresses), kill/sigqueue of pid -1, reboot; SysV and POSIX IPC
 * objects are never created (IPC_CREAT and O_CREAT are cleared) because
 * they would outlive the worker; SIGALRM's action, the real-time timer
 * and masks in the pool are kept such that the alarm still breaks
 * blocking calls (sigaction and setitimer of it only look).
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rawsys.h"
#include "tap.h"

#define FUZZ_CALLS	100000		/* at least this many reach the kernel */
#define FUZZ_INDICES	110000		/* calls generated (some are denied) */
#define FUZZ_BUDGET	50.0		/* seconds, a hard stop */
#define HANG_SECS	1.0		/* no progress this long: a hang */
#define POOLSZ		(256 * 1024)
#define FUZZDIR		"/tmp/fuzz"

#if defined(__x86_64__)
#define KADDR		0xffffffff80200000UL
#define TOPUSER		0x00007fffffffe000UL
#else
#define KADDR		0xffffffff80200000UL
#define TOPUSER		0x0000ffffffffe000UL
#endif

struct shared {
	volatile uint64_t next;		/* the next call index to make */
	volatile uint64_t made;		/* calls made in all workers */
	volatile uint64_t errors;	/* calls that returned an errno */
	volatile int	cur_nr;		/* system call in progress */
};

static struct shared *sh;
static unsigned char *pool;

/* splitmix64: call i's generator state is a function of (seed, i). */
static uint64_t
mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

static long
rand_arg(uint64_t *s)
{
	uint64_t r = mix(s), v = mix(s);

	switch (r % 16) {
	case 0:
		return (0);
	case 1:
		return (v % 8);				/* small */
	case 2:
		return (v % 24);			/* descriptor */
	case 3:
		return ((long)(int32_t)v);		/* 32-bit */
	case 4:
		return ((long)v);			/* 64-bit */
	case 5:
		return (-1 - (long)(v % 4));		/* negative */
	case 6:
		return (1L << (v % 64));		/* one bit */
	case 7:
		return ((long)(v % 65536));		/* a length */
	case 8:
		return ((long)(KADDR + (v % 0x100000)));	/* kernel */
	case 9:
		return ((long)(0x1000 + (v % 0x10000)));	/* unmapped */
	case 10:
		return ((long)(TOPUSER - 8 + (v % 16)));	/* the top */
	case 11:
		return ((long)(pool + 1 + (v % 64) * 8 + (v % 7)));	/* odd */
	case 12:
	case 13:
	case 14:
		return ((long)(pool + (v % (POOLSZ / 2)) / 16 * 16));
	default:
		return ((long)0x8000000000000000UL + (long)(v % 4096));
	}
}

/* The call for index i: number and arguments. */
static long
make_call(uint64_t seed, uint64_t i, long *a)
{
	uint64_t s = seed ^ (i * 0xd1b54a32d192ed03ULL);
	long nr;
	int k;

	mix(&s);
	if (i < SYS_MAXSYSCALL)
		nr = (long)i;			/* every number once */
	else {
		uint64_t r = mix(&s);

		if (r % 32 == 0)		/* out of range */
			nr = (r >> 8) % 3 == 0 ? -(long)((r >> 16) % 100) - 1 :
			    (r >> 8) % 3 == 1 ? SYS_MAXSYSCALL + (long)((r >>
			    16) % 1000) : (long)(r >> 16);
		else
			nr = (long)((r >> 8) % SYS_MAXSYSCALL);
	}
	for (k = 0; k < 6; k++)
		a[k] = rand_arg(&s);
	/* Fill a stretch of the pool with random bytes or a string. */
	if (mix(&s) % 4 == 0) {
		uint64_t off = mix(&s) % (POOLSZ / 2), n = mix(&s) % 256;

		while (n-- > 0)
			pool[off + n] = (unsigned char)mix(&s);
	}
	return (nr);
}

/*
 * The worker's SIGALRM (caught, unblocked, a 50 ms interval timer) is
 * what breaks a blocking call; a signal mask in the pool that would
 * block it loses SIGALRM, and the set sigwait waits for gains it.
 */
static void
alarm_in_mask(long ptr, int add)
{
	unsigned char *p = (unsigned char *)ptr;
	uint32_t w;

	if (p < pool || p + 16 > pool + POOLSZ)
		return;
	memcpy(&w, p, sizeof(w));	/* it may be misaligned */
	if (add)
		w |= 1u << (SIGALRM - 1);
	else
		w &= ~(1u << (SIGALRM - 1));
	memcpy(p, &w, sizeof(w));
}

/* The deny list and the argument fix-ups; 0 to skip the call. */
static int
allowed(long nr, long *a)
{
	switch (nr) {
	case SYS_exit:
	case SYS_extexit:
	case SYS_fork:
	case SYS_vfork:
	case SYS_lwp_create:
	case SYS_reboot:
		return (0);
	case SYS_kill:
	case SYS_sigqueue:
		return (a[0] != -1);
	case SYS_msgget:
	case SYS_shmget:
	case SYS_semget:
		/* IPC_PRIVATE creates even without IPC_CREAT. */
		if ((int32_t)a[0] == 0)
			a[0] |= 1;
		a[nr == SYS_msgget ? 1 : 2] &= ~01000L;	/* IPC_CREAT */
		return (1);
	case SYS_mq_open:
	case SYS_shm_open:
		a[1] &= ~(long)O_CREAT;
		return (1);
	case SYS_sigaction:
		if (a[0] == SIGALRM)
			a[1] = 0;		/* look, do not touch */
		return (1);
	case SYS_setitimer:
		if (a[0] == ITIMER_REAL)
			a[1] = 0;
		return (1);
	case SYS_sigprocmask:
		alarm_in_mask(a[1], 0);
		return (1);
	case SYS_sigsuspend:
		alarm_in_mask(a[0], 0);
		return (1);
	case SYS_pselect:
		alarm_in_mask(a[5], 0);
		return (1);
	case SYS_ppoll:
		alarm_in_mask(a[3], 0);
		return (1);
	case SYS_sigwait:
		alarm_in_mask(a[0], 1);
		return (1);
	default:
		return (1);
	}
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* Catch SIGALRM (to break blocking calls) and unblock it, every so often. */
static void
rearm(void)
{
	struct sigaction sa;
	struct itimerval itv;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_usec = 50000;
	itv.it_interval.tv_usec = 50000;
	setitimer(ITIMER_REAL, &itv, NULL);
}

/*
 * The scratch directory as a new worker needs it.  A worker owns the
 * directory, so a random call may well chmod or remove it (a path that
 * getcwd or readlink left in the pool); put it back each time.
 */
static int
scratch_dir(void)
{
	struct stat st;

	if (stat(FUZZDIR, &st) != 0 || !S_ISDIR(st.st_mode)) {
		(void)unlink(FUZZDIR);
		if (mkdir(FUZZDIR, 0755) != 0)
			return (-1);
	}
	if (chown(FUZZDIR, 1000, 1000) != 0 || chmod(FUZZDIR, 0755) != 0)
		return (-1);
	return (0);
}

static void
worker(uint64_t seed, uint64_t limit)
{
	long a[6], nr;
	uint64_t i;
	int err, fd;

	if (setgroups(0, NULL) != 0 || setgid(1000) != 0 ||
	    setuid(1000) != 0 || chdir(FUZZDIR) != 0) {
		printf("# worker setup: %s\n", strerror(errno));
		fflush(stdout);
		_exit(100);
	}
	/* Garbage must not reach the console. */
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	rearm();
	while ((i = sh->next) < limit) {
		sh->next = i + 1;
		if ((i & 15) == 0)
			rearm();
		nr = make_call(seed, i, a);
		if (!allowed(nr, a))
			continue;
		sh->cur_nr = (int)nr;
		(void)rawsys(nr, a[0], a[1], a[2], a[3], a[4], a[5], &err);
		sh->made++;
		if (err != 0)
			sh->errors++;
	}
	_exit(0);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static long long
sysctl_num(const char *name)
{
	unsigned char buf[8];
	size_t len = sizeof(buf);
	int32_t v4;
	int64_t v8;

	if (sysctlbyname(name, buf, &len, NULL, 0) != 0)
		return (-1);
	if (len == 4) {
		memcpy(&v4, buf, 4);
		return (v4);
	}
	memcpy(&v8, buf, 8);
	return (v8);
}

/* Print the calls before index last, to replay a hang by hand. */
static void
show_calls(uint64_t seed, uint64_t last)
{
	uint64_t i;
	long a[6], nr;

	for (i = last > 8 ? last - 8 : 0; i < last; i++) {
		nr = make_call(seed, i, a);
		if (!allowed(nr, a))
			continue;
		printf("#   %llu: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
		    (unsigned long long)i, nr, a[0], a[1], a[2], a[3], a[4],
		    a[5]);
	}
}

/* Reap a killed worker; false if it is still there after 10 s. */
static int
reap(pid_t pid, int *st)
{
	double t = now();

	while (now() - t < 10) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return (1);
		usleep(50000);
	}
	return (0);
}

static void
rm_rf(const char *path)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 2);
		execl("/bin/rm", "rm", "-rf", path, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
}

int
main(int argc, char **argv)
{
	uint64_t seed, last;
	long long procs0, files0, socks0, procs1, files1, socks1;
	int workers = 0, crashes = 0, hangs = 0, st, sig_seen[64] = { 0 };
	double t0, tlast, el;
	const char *env;
	pid_t pid;

	if (argc > 1)
		seed = strtoull(argv[1], NULL, 0);
	else if ((env = getenv("FUZZ_SEED")) != NULL)
		seed = strtoull(env, NULL, 0);
	else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003ULL ^ ts.tv_nsec ^
		    (uint64_t)getpid() << 32;
	}
	printf("# fuzz seed %llu (replay with FUZZ_SEED=%llu)\n",
	    (unsigned long long)seed, (unsigned long long)seed);
	fflush(stdout);

	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED,
	    -1, 0);
	pool = mmap(NULL, POOLSZ, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (!ok(sh != MAP_FAILED && pool != MAP_FAILED, "shared state"))
		return (done());
	rm_rf(FUZZDIR);
	ok(scratch_dir() == 0, "scratch directory for uid 1000");

	procs0 = sysctl_num("kern.nprocs");
	files0 = sysctl_num("kern.openfiles");
	socks0 = sysctl_num("kern.ipc.numopensockets");
	t0 = now();
	while (sh->next < FUZZ_INDICES && now() - t0 < FUZZ_BUDGET) {
		workers++;
		if (scratch_dir() != 0) {
			printf("# cannot restore %s: %s\n", FUZZDIR,
			    strerror(errno));
			break;
		}
		if ((pid = fork()) == 0)
			worker(seed, FUZZ_INDICES);
		if (pid < 0)
			break;
		last = sh->next;
		tlast = now();
		for (;;) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			if (sh->next != last) {
				last = sh->next;
				tlast = now();
			} else if (now() - tlast > HANG_SECS ||
			    now() - t0 > FUZZ_BUDGET) {
				printf("# call %llu (nr %d) hangs: killed\n",
				    (unsigned long long)last - 1, sh->cur_nr);
				show_calls(seed, last);
				kill(pid, SIGKILL);
				hangs++;
				if (!reap(pid, &st)) {
					ok(0, "a hung worker dies of SIGKILL");
					goto out;
				}
				break;
			}
			usleep(20000);
		}
		if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL) {
			crashes++;
			if (WTERMSIG(st) < 64)
				sig_seen[WTERMSIG(st)]++;
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 100) {
			printf("# worker could not become uid 1000\n");
			break;
		}
	}
out:
	el = now() - t0;
	printf("# %llu calls made (%llu returned an errno) in %.1f s by %d "
	    "workers: %d died of a signal, %d hung\n",
	    (unsigned long long)sh->made, (unsigned long long)sh->errors, el,
	    workers, crashes, hangs);
	for (st = 1; st < 64; st++)
		if (sig_seen[st])
			printf("# signal %d: %d\n", st, sig_seen[st]);
	ok(sh->next >= FUZZ_INDICES, "the whole sequence ran");
	ok(sh->made >= FUZZ_CALLS, "at least 100000 calls reached the "
	    "kernel");
	ok(sh->errors > 0 && sh->errors < sh->made, "some calls failed, "
	    "some succeeded");

	/* The system is still whole. */
	if ((pid = fork()) == 0)
		_exit(7);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 7, "the system still forks and waits");
	rm_rf(FUZZDIR);
	usleep(100000);
	procs1 = sysctl_num("kern.nprocs");
	files1 = sysctl_num("kern.openfiles");
	socks1 = sysctl_num("kern.ipc.numopensockets");
	printf("# procs %lld->%lld files %lld->%lld sockets %lld->%lld\n",
	    procs0, procs1, files0, files1, socks0, socks1);
	is_int(procs1, procs0, "no process left behind");
	is_int(files1, files0, "no open file left behind");
	is_int(socks1, socks0, "no socket left behind");
	return (done());
}
