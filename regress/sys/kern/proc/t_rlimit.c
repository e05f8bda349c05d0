/*
 * Resource limits that the kernel enforces beyond NOFILE, NPROC and DATA.
 * RLIMIT_FSIZE: a write that would end past the soft limit is cut short
 * at it; one that cannot write a byte (at or past the limit, O_APPEND
 * included) fails with EFBIG and raises SIGXFSZ, which kills by default;
 * truncate/ftruncate past it likewise.  RLIMIT_CPU: SIGXCPU once the
 * soft limit of CPU seconds is used (the default action kills), SIGKILL
 * at the hard limit.  RLIMIT_AS: mmap (also MAP_FIXED over a mapping,
 * which only counts the growth) and brk beyond it fail with ENOMEM, and
 * the address space never passes it.  RLIMIT_STACK: the main stack of
 * the next exec is the soft limit (64 KiB at least), so a touch below it
 * is SIGSEGV; the defaults are 8 MiB soft and 512 MiB hard.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define PATH	"/tmp/t_rlimit.data"
#define MB	(1024UL * 1024)

static volatile sig_atomic_t got_xfsz;

static void
h_xfsz(int sig)
{
	(void)sig;
	got_xfsz++;
}

static int
wait_st(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			return (-1);
	return (st);
}

static int
setlim(int which, rlim_t cur, rlim_t max)
{
	struct rlimit rl;

	rl.rlim_cur = cur;
	rl.rlim_max = max;
	return (setrlimit(which, &rl));
}

/* ---- RLIMIT_FSIZE ----------------------------------------------------- */

/* In a child: exit with the number of the first check that failed. */
#define CHECK(n, cond)	do { if (!(cond)) _exit(n); } while (0)

static void
t_fsize(void)
{
	struct sigaction sa;
	struct stat sb;
	char buf[8000];
	pid_t pid;
	int fd, st;

	memset(buf, 'x', sizeof(buf));
	pid = fork();
	if (pid == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = h_xfsz;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGXFSZ, &sa, NULL);
		CHECK(1, setlim(RLIMIT_FSIZE, 10000, RLIM_INFINITY) == 0);
		fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
		CHECK(2, fd >= 0);
		CHECK(3, write(fd, buf, 8000) == 8000);
		/* Crossing the limit: the part that fits, no signal. */
		CHECK(4, write(fd, buf, 4000) == 2000 && got_xfsz == 0);
		errno = 0;
		CHECK(5, write(fd, buf, 1) == -1 && errno == EFBIG &&
		    got_xfsz == 1);
		errno = 0;
		CHECK(6, pwrite(fd, buf, 1, 20000) == -1 && errno == EFBIG &&
		    got_xfsz == 2);
		CHECK(7, pwrite(fd, buf, 10, 9999) == 1 && got_xfsz == 2);
		CHECK(8, pwrite(fd, buf, 100, 500) == 100);
		errno = 0;
		CHECK(9, ftruncate(fd, 10001) == -1 && errno == EFBIG &&
		    got_xfsz == 3);
		CHECK(10, ftruncate(fd, 10000) == 0 && ftruncate(fd, 5000) ==
		    0);
		errno = 0;
		CHECK(11, truncate(PATH, 20000) == -1 && errno == EFBIG &&
		    got_xfsz == 4);
		close(fd);
		fd = open(PATH, O_WRONLY | O_APPEND);
		CHECK(12, fd >= 0 && write(fd, buf, 6000) == 5000);
		errno = 0;
		CHECK(13, write(fd, buf, 10) == -1 && errno == EFBIG &&
		    got_xfsz == 5);
		close(fd);
		CHECK(14, stat(PATH, &sb) == 0 && sb.st_size == 10000);
		/* Ignored: no signal, the error stays. */
		signal(SIGXFSZ, SIG_IGN);
		fd = open(PATH, O_WRONLY);
		errno = 0;
		CHECK(15, pwrite(fd, buf, 1, 10000) == -1 && errno == EFBIG);
		_exit(0);
	}
	st = wait_st(pid);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "RLIMIT_FSIZE: a write crossing it is cut short at it; past it "
	    "write, pwrite, O_APPEND, ftruncate and truncate fail with "
	    "EFBIG and SIGXFSZ"))
		printf("# status %#x: check %d failed\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_DFL);
		setlim(RLIMIT_FSIZE, 10000, RLIM_INFINITY);
		fd = open(PATH, O_WRONLY);
		pwrite(fd, buf, 1, 10000);
		_exit(0);
	}
	st = wait_st(pid);
	if (!ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ,
	    "RLIMIT_FSIZE: SIGXFSZ's default action kills"))
		printf("# status %#x\n", st);
	unlink(PATH);
}

/* ---- RLIMIT_CPU ------------------------------------------------------- */

static int xcpu_fd = -1;

/* Report the CPU milliseconds used when SIGXCPU came. */
static void
h_xcpu(int sig)
{
	struct rusage ru;
	long ms;

	(void)sig;
	getrusage(RUSAGE_SELF, &ru);
	ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
	write(xcpu_fd, &ms, sizeof(ms));
}

static void
spin(void)
{
	volatile unsigned long x = 0;

	for (;;)
		x++;
}

static long
children_cpu_sec(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec);
}

static void
t_cpu(void)
{
	long ms[4], c0;
	int fds[2], st, n;
	ssize_t r;
	pid_t pid;

	pipe(fds);
	c0 = children_cpu_sec();
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		xcpu_fd = fds[1];
		signal(SIGXCPU, h_xcpu);
		if (setlim(RLIMIT_CPU, 1, 3) != 0)
			_exit(1);
		spin();
	}
	close(fds[1]);
	n = 0;
	while (n < 4 && (r = read(fds[0], &ms[n], sizeof(ms[0]))) ==
	    (ssize_t)sizeof(ms[0]))
		n++;
	close(fds[0]);
	st = wait_st(pid);
	if (!ok(n == 1 && ms[0] >= 1000 && ms[0] < 1500,
	    "RLIMIT_CPU 1 s soft: one SIGXCPU, after a second of CPU"))
		printf("# %d SIGXCPU, first at %ld ms\n", n, n > 0 ? ms[0] : 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "RLIMIT_CPU 3 s hard: then SIGKILL");
	if (!is_int(children_cpu_sec() - c0, 3,
	    "it had used 3 s of CPU when killed"))
		printf("# status %#x\n", st);

	c0 = children_cpu_sec();
	pid = fork();
	if (pid == 0) {
		signal(SIGXCPU, SIG_DFL);
		if (setlim(RLIMIT_CPU, 1, RLIM_INFINITY) != 0)
			_exit(1);
		spin();
	}
	st = wait_st(pid);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU,
	    "RLIMIT_CPU: SIGXCPU's default action kills");
	is_int(children_cpu_sec() - c0, 1, "after 1 s of CPU");
}

/* ---- RLIMIT_AS -------------------------------------------------------- */

/* The address-space size kern.proc.pid reports for this process. */
static long long
vsize(void)
{
	struct kinfo_proc kp;
	size_t len = sizeof(kp);
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)getpid() };

	if (sysctl(mib, 4, &kp, &len, NULL, 0) != 0 || len != sizeof(kp))
		return (-1);
	return ((long long)kp.kp_vsize);
}

static void
t_as(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		long long v0 = vsize(), lim = v0 + 16 * MB;
		char *a, *b;

		CHECK(1, v0 > 0);
		CHECK(2, setlim(RLIMIT_AS, lim, RLIM_INFINITY) == 0);
		errno = 0;
		CHECK(3, mmap(NULL, 32 * MB, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0) == MAP_FAILED &&
		    errno == ENOMEM);
		a = mmap(NULL, 16 * MB, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0);
		CHECK(4, a != MAP_FAILED);
		CHECK(5, vsize() == lim);
		errno = 0;
		CHECK(6, mmap(NULL, 4096, PROT_READ, MAP_ANON | MAP_PRIVATE,
		    -1, 0) == MAP_FAILED && errno == ENOMEM);
		errno = 0;
		CHECK(7, sbrk(4096) == (void *)-1 && errno == ENOMEM);
		/* Replacing a mapping in place does not grow the space. */
		CHECK(8, mmap(a, 16 * MB, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0) == a);
		errno = 0;
		CHECK(9, mmap(a + 8 * MB, 16 * MB, PROT_READ,
		    MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0) ==
		    MAP_FAILED && errno == ENOMEM);
		CHECK(10, munmap(a, 8 * MB) == 0);
		b = mmap(NULL, 8 * MB, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0);
		CHECK(11, b != MAP_FAILED);
		b[0] = 1;
		CHECK(12, vsize() == lim);
		/* What munmap gives back, the break can take. */
		CHECK(13, munmap(b, 4096) == 0 && sbrk(4096) != (void *)-1);
		_exit(0);
	}
	st = wait_st(pid);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "RLIMIT_AS: mmap, MAP_FIXED growth and sbrk past it fail with "
	    "ENOMEM; replacing in place and reuse after munmap work"))
		printf("# status %#x: check %d failed\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- RLIMIT_STACK ----------------------------------------------------- */

/* exec this program to touch kib KiB below its stack under lim. */
static int
probe(const char *self, rlim_t lim, int kib)
{
	char arg[32];
	pid_t pid;
	int st;

	snprintf(arg, sizeof(arg), "%d", kib);
	pid = fork();
	if (pid == 0) {
		if (lim != 0 && setlim(RLIMIT_STACK, lim, 512 * MB) != 0)
			_exit(99);
		execl(self, self, "probe", arg, (char *)NULL);
		_exit(98);
	}
	st = wait_st(pid);
	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	return (1000 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0));
}

static void
h_segv_exit(int sig)
{
	(void)sig;
	_exit(42);
}

static int
probe_main(int kib)
{
	volatile char here = 0;
	volatile char *p = &here - (size_t)kib * 1024;

	signal(SIGSEGV, h_segv_exit);
	signal(SIGBUS, h_segv_exit);
	(void)*p;
	return (0);
}

static void
t_stack(const char *self)
{
	struct rlimit rl;

	ok(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 * MB &&
	    rl.rlim_max == 512 * MB,
	    "RLIMIT_STACK defaults: 8 MiB soft, 512 MiB hard");
	is_int(probe(self, 0, 1024), 0, "default stack: 1 MiB down is there");
	is_int(probe(self, 0, 9 * 1024), 42,
	    "default stack: 9 MiB down is SIGSEGV");
	is_int(probe(self, 256 * 1024, 160), 0,
	    "RLIMIT_STACK 256 KiB: 160 KiB down is there");
	is_int(probe(self, 256 * 1024, 512), 42,
	    "RLIMIT_STACK 256 KiB: 512 KiB down is SIGSEGV");
	is_int(probe(self, 32 * MB, 20 * 1024), 0,
	    "RLIMIT_STACK 32 MiB: 20 MiB down is there");
	is_int(probe(self, 4096, 32), 0,
	    "RLIMIT_STACK 4 KiB: the stack is 64 KiB anyway");
	is_int(probe(self, 4096, 128), 42, "and 128 KiB down is SIGSEGV");
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "probe") == 0)
		return (probe_main(atoi(argv[2])));
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_fsize();
	t_as();
	t_stack(argv[0]);
	t_cpu();
	return (done());
}
