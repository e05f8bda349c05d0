/* TEST ONLY: a raw-syscall init for exercising the MI core (amd64/aarch64). */
typedef unsigned long size_t;
typedef long ssize_t;
#define SYS_exit 1
#define SYS_fork 2
#define SYS_write 4
#define SYS_wait4 7
#define SYS_getpid 20
#define SYS_kill 37
#define SYS_getppid 39
#define SYS_execve 59
#define SYS_sbrk 69
#define SYS_munmap 73
#define SYS_setitimer 83
#define SYS_clock_gettime 232
#define SYS_nanosleep 240
#define SYS_sigprocmask 340
#define SYS_sigsuspend 341
#define SYS_sigaction 416
#define SYS_sigqueue 456
#define SYS_sigwaitinfo 346
#define SYS_mmap 477

struct sres { long v; long err; };
static struct sres
sc6(long n, long a, long b, long c, long d, long e, long f)
{
	struct sres r;
#if defined(__x86_64__)
	register long r10 __asm("r10") = d;
	register long r8 __asm("r8") = e;
	register long r9 __asm("r9") = f;
	unsigned char cf;
	__asm volatile("syscall; setc %1" : "+a"(n), "=r"(cf), "+r"(r10), "+r"(r8), "+r"(r9)
	    : "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory", "cc");
	r.v = n; r.err = cf ? n : 0;
#else
	register long x8 __asm("x8") = n;
	register long x0 __asm("x0") = a;
	register long x1 __asm("x1") = b;
	register long x2 __asm("x2") = c;
	register long x3 __asm("x3") = d;
	register long x4 __asm("x4") = e;
	register long x5 __asm("x5") = f;
	long nzcv;
	__asm volatile("svc #0; mrs %0, nzcv" : "=r"(nzcv), "+r"(x0), "+r"(x1)
	    : "r"(x8), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory", "cc");
	r.v = x0; r.err = (nzcv & (1L << 29)) ? x0 : 0;
#endif
	return r;
}
#define SC(n, ...) sc6_wrap(n, ##__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sc6_wrap(n, a, b, c, d, e, f, ...) sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { SC(SYS_write, 1, s, slen(s)); }
static void putn(long v) { char b[24]; int i = 23; int neg = v < 0; unsigned long u = neg ? -v : v; b[i] = 0; do { b[--i] = '0' + u % 10; u /= 10; } while (u); if (neg) b[--i] = '-'; puts_(b + i); }
static int fails, passes;
static long mypid(void) { return sc6(SYS_getpid, 0, 0, 0, 0, 0, 0).v; }
static void check(int ok, const char *what) { puts_(ok ? "ok " : "not ok "); putn(passes + fails + 1); puts_(" - "); puts_(what); puts_("\n"); if (ok) passes++; else fails++; }

struct sigset { unsigned int b[4]; };
struct sigaction_ { void (*h)(int); int flags; struct sigset mask; };
static volatile int got_usr1, got_chld, got_alrm, got_rt, rt_val;
static void h_usr1(int s) { got_usr1++; }
static void h_chld(int s) { got_chld++; }
static void h_alrm(int s) { got_alrm++; }
struct siginfo_ { int signo, err, code, pid, uid, status; void *addr; union { int i; void *p; } val; long pad[8]; };
static void h_rt(int s, struct siginfo_ *si, void *uc) { got_rt++; rt_val += si->val.i; }

static int global_x = 1;
static char bss_buf[8192];

static long
sysctl_u64(const char *name)
{
	int mib[12], q[2] = { 0, 3 };
	size_t len = sizeof(mib), vlen = 8;
	unsigned long v = 0;

	if (sc6(202, (long)q, 2, (long)mib, (long)&len, (long)name, slen(name)).err)
		return -1;
	if (sc6(202, (long)mib, len / 4, (long)&v, (long)&vlen, 0, 0).err)
		return -2;
	if (vlen == 4)
		v &= 0xffffffff;
	return (long)v;
}

static int
sigact(int sig, void *h, int flags)
{
	struct sigaction_ sa = { (void (*)(int))h, flags, {{0,0,0,0}} };
	return (int)SC(SYS_sigaction, sig, &sa, 0).err;
}

static long
waitpid_(long pid, int *st)
{
	struct sres r;
	do { r = SC(SYS_wait4, pid, st, 0, 0); } while (r.err == 4);
	return r.err ? -r.err : r.v;
}

int
main(int argc, char **argv, char **envp)
{
	struct sres r;
	int st, i, n;
	long pid;

	if (SC(5, "/dev/console", 2, 0).err == 0) { SC(41, 0); SC(41, 0); }
	if (argc > 1 && argv[1][0] == 'c') {	/* exec'd child */
		SC(SYS_exit, 42);
	}
	puts_("mitest: hello from pid "); putn(mypid()); puts_(", argc "); putn(argc); puts_(" argv[0] "); puts_(argv[0]); puts_("\n");
	check(bss_buf[100] == 0 && global_x == 1, "data and bss");

	/* fork + exit + wait, many times */
	long free0 = sysctl_u64("vm.stats.vm.v_free_count");
	long procs0 = sysctl_u64("kern.nprocs");
	long vms0 = sysctl_u64("vm.stats.vm.vmspaces");
	long thr0 = sysctl_u64("kern.lwkt.nthreads");
	n = argc > 1 ? 1000 : 1000;
	for (i = 0; i < n; i++) {
		r = SC(SYS_fork);
		if (r.err) break;
		if (r.v == 0) SC(SYS_exit, i & 0x7f);
		if (waitpid_(r.v, &st) != r.v || st != ((i & 0x7f) << 8)) break;
	}
	check(i == n, "1000 fork/exit/wait cycles with exit status");
	{
		struct { long s, ns; } d = { 0, 100000000 };
		SC(SYS_nanosleep, &d, 0);	/* let the reapers run */
	}
	long free1 = sysctl_u64("vm.stats.vm.v_free_count");
	puts_("mitest: free pages "); putn(free0); puts_(" -> "); putn(free1);
	puts_(", procs "); putn(procs0); puts_(" -> "); putn(sysctl_u64("kern.nprocs"));
	puts_(", vmspaces "); putn(vms0); puts_(" -> "); putn(sysctl_u64("vm.stats.vm.vmspaces"));
	puts_(", threads "); putn(thr0); puts_(" -> "); putn(sysctl_u64("kern.lwkt.nthreads")); puts_("\n");
	check(free0 > 0 && procs0 == sysctl_u64("kern.nprocs") &&
	    vms0 == sysctl_u64("vm.stats.vm.vmspaces") &&
	    thr0 >= sysctl_u64("kern.lwkt.nthreads") &&
	    free1 >= free0 - 64, "no proc, vmspace, thread or page leak after 1000 forks");

	/* COW */
	r = SC(SYS_fork);
	if (r.v == 0) { global_x = 2; bss_buf[5] = 9; SC(SYS_exit, global_x == 2 && bss_buf[5] == 9 ? 0 : 1); }
	waitpid_(r.v, &st);
	check(st == 0 && global_x == 1 && bss_buf[5] == 0, "copy-on-write: child's writes stay in the child");

	/* MAP_SHARED vs MAP_PRIVATE */
	{
		volatile int *sh = (int *)SC(SYS_mmap, 0, 4096, 3, 0x1001, -1, 0).v;
		volatile int *pr = (int *)SC(SYS_mmap, 0, 4096, 3, 0x1002, -1, 0).v;
		*sh = 1; *pr = 1;
		r = SC(SYS_fork);
		if (r.v == 0) { *sh = 7; *pr = 7; SC(SYS_exit, 0); }
		waitpid_(r.v, &st);
		check(*sh == 7 && *pr == 1, "mmap: MAP_SHARED seen by parent, MAP_PRIVATE not");
		check(SC(SYS_munmap, pr, 4096).err == 0, "munmap");
	}

	/* sbrk */
	{
		char *b = (char *)SC(SYS_sbrk, 0).v;
		char *c = (char *)SC(SYS_sbrk, 65536).v;
		c[0] = 1; c[65535] = 2;
		check(b == c && (char *)SC(SYS_sbrk, 0).v == c + 65536, "sbrk grows the heap");
	}

	/* signals */
	sigact(30, h_usr1, 0);
	SC(SYS_kill, mypid(), 30);
	check(got_usr1 == 1, "kill self with SIGUSR1 runs the handler");
	{
		struct sigset m = {{ 1u << 29, 0, 0, 0 }}, old;
		SC(SYS_sigprocmask, 1, &m, &old);
		SC(SYS_kill, mypid(), 30);
		check(got_usr1 == 1, "blocked signal stays pending");
		SC(SYS_sigprocmask, 3, &old, 0);
		check(got_usr1 == 2, "unblocking delivers it");
	}
	sigact(20, h_chld, 0);
	r = SC(SYS_fork);
	if (r.v == 0) SC(SYS_exit, 3);
	waitpid_(r.v, &st);
	check(got_chld >= 1, "SIGCHLD on child exit");
	{
		struct { long is, iu, vs, vu; } itv = { 0, 0, 0, 100000 };
		struct sigset empty = {{0,0,0,0}}, blk = {{ 1u << 13, 0, 0, 0 }};
		sigact(14, h_alrm, 0);
		SC(SYS_sigprocmask, 1, &blk, 0);
		SC(SYS_setitimer, 0, &itv, 0);
		SC(SYS_sigsuspend, &empty);
		check(got_alrm == 1, "setitimer ITIMER_REAL + sigsuspend");
		SC(SYS_sigprocmask, 2, &blk, 0);
	}
	{
		sigact(70, h_rt, 0x40);
		struct sigset blk = {{ 0, 0, 1u << (69 - 64), 0 }};
		SC(SYS_sigprocmask, 1, &blk, 0);
		for (i = 1; i <= 3; i++) SC(SYS_sigqueue, mypid(), 70, i);
		SC(SYS_sigprocmask, 2, &blk, 0);
		check(got_rt == 3 && rt_val == 6, "queued real-time signals with values");
	}
	/* kill a child with a signal */
	r = SC(SYS_fork);
	if (r.v == 0) { struct sigset e0 = {{0,0,0,0}}; for (;;) SC(SYS_sigsuspend, &e0); }
	SC(SYS_kill, r.v, 15);
	waitpid_(r.v, &st);
	check((st & 0x7f) == 15, "SIGTERM kills a child; wait4 reports the signal");

	/* stop and continue */
	r = SC(SYS_fork);
	if (r.v == 0) { struct { long s, ns; } d = { 0, 10000000 }; for (;;) SC(SYS_nanosleep, &d, 0); }
	SC(SYS_kill, r.v, 17);
	{
		struct sres w;
		do { w = SC(SYS_wait4, r.v, &st, 2, 0); } while (w.err == 4);
		check(w.v == r.v && (st & 0xff) == 0177 && ((st >> 8) & 0xff) == 17, "SIGSTOP: wait4 WUNTRACED reports the stop");
		SC(SYS_kill, r.v, 19);
		do { w = SC(SYS_wait4, r.v, &st, 4, 0); } while (w.err == 4);
		check(w.v == r.v && st == 0x13, "SIGCONT: wait4 WCONTINUED reports it");
		SC(SYS_kill, r.v, 9);
		waitpid_(r.v, &st);
		check((st & 0x7f) == 9, "SIGKILL ends it");
	}

	/* nanosleep */
	{
		struct { long s, ns; } t0, t1, d = { 0, 50000000 };
		SC(SYS_clock_gettime, 4, &t0);
		SC(SYS_nanosleep, &d, 0);
		SC(SYS_clock_gettime, 4, &t1);
		long el = (t1.s - t0.s) * 1000000000 + (t1.ns - t0.ns);
		check(el >= 50000000 && el < 2000000000, "nanosleep 50ms");
	}

	/* exec */
	r = SC(SYS_fork);
	if (r.v == 0) {
		char *av[] = { argv[0], "child", 0 };
		SC(SYS_execve, argv[0], av, envp);
		SC(SYS_exit, 99);
	}
	waitpid_(r.v, &st);
	check(st == (42 << 8), "execve in a child, exit status 42");

	/* #! script: "#!/sbin/init c" runs init with argv {init, c, /t.sh} */
	r = SC(SYS_fork);
	if (r.v == 0) {
		char *av[] = { "/t.sh", 0 };
		SC(SYS_execve, "/t.sh", av, envp);
		SC(SYS_exit, 99);
	}
	waitpid_(r.v, &st);
	check(st == (42 << 8), "execve of a #! script");

	/* segfault */
	r = SC(SYS_fork);
	if (r.v == 0) { *(volatile int *)8 = 1; SC(SYS_exit, 0); }
	waitpid_(r.v, &st);
	check((st & 0x7f) == 11, "SIGSEGV on a bad address");

	/* out of memory: the hog dies, we live */
	r = SC(SYS_fork);
	if (r.v == 0) {
		for (;;) {
			struct sres m = SC(SYS_mmap, 0, 1 << 20, 3, 0x1002, -1, 0);
			if (m.err) SC(SYS_exit, 12);
			for (i = 0; i < (1 << 20); i += 4096) ((volatile char *)m.v)[i] = 1;
		}
	}
	waitpid_(r.v, &st);
	check(st == (12 << 8) || (st & 0x7f) != 0, "memory hog fails or is killed");
	r = SC(SYS_fork);
	if (r.v == 0) SC(SYS_exit, 0);
	check(waitpid_(r.v, &st) == r.v && st == 0, "system still forks after the hog");

	/* process groups, sessions, credentials (in a child) */
	r = SC(SYS_fork);
	if (r.v == 0) {
		long me = mypid(), bad = 0;
		if (SC(39).v != 1) bad |= 1;			/* getppid */
		if (SC(147).v != me) bad |= 2;			/* setsid */
		if (SC(207, 0).v != me || SC(310, 0).v != me) bad |= 4; /* getpgid getsid */
		if (SC(147).err != 1) bad |= 8;			/* setsid again: EPERM */
		if (SC(23, 1000).err) bad |= 16;		/* setuid(1000) */
		if (SC(24).v != 1000 || SC(25).v != 1000) bad |= 32;
		if (SC(23, 0).err != 1) bad |= 64;		/* back to 0: EPERM */
		if (SC(SYS_kill, 1, 15).err != 1) bad |= 128;	/* cannot signal init */
		SC(SYS_exit, bad);
	}
	waitpid_(r.v, &st);
	if (st != 0) { puts_("mitest: cred bits "); putn(st >> 8); puts_("\n"); }
	check(st == 0, "getppid setsid getpgid getsid setuid and permission checks");
	r = SC(SYS_wait4, -1, &st, 1, 0);
	check(r.err == 10, "wait4 with no children: ECHILD");

	puts_("mitest: "); putn(passes); puts_(" passed, "); putn(fails); puts_(" failed\n");
	SC(SYS_exit, fails);
	return 0;
}

#if defined(__x86_64__)
__asm(".globl _start\n_start:\n mov %rsp, %rbx\n mov (%rbx), %rdi\n lea 8(%rbx), %rsi\n lea 16(%rbx,%rdi,8), %rdx\n and $-16, %rsp\n call main\n mov %rax, %rdi\n mov $1, %eax\n syscall\n hlt\n");
#else
__asm(".globl _start\n_start:\n mov x9, sp\n ldr x0, [x9]\n add x1, x9, #8\n add x2, x1, x0, lsl #3\n add x2, x2, #8\n bl main\n mov x8, #1\n svc #0\n");
#endif
