/*
 * Test-only /sbin/init for the amd64 port (no libc): system-call round
 * trip, EFAULT on a kernel pointer, a signal handler with sigreturn and
 * FPU state preserved across it, then SIGSEGV from touching the kernel.
 */
typedef unsigned long u64;
struct sigaction { void (*h)(int, void *, void *); int flags; unsigned int mask[4]; };

static long
sys3(long n, long a, long b, long c, int *err)
{
	long r;
	unsigned char cf;

	__asm volatile("syscall; setc %1" : "=a" (r), "=q" (cf)
	    : "0" (n), "D" (a), "S" (b), "d" (c) : "rcx", "r11", "memory");
	*err = cf;
	return (r);
}

static long
wr(const char *s)
{
	int e, n = 0;

	while (s[n])
		n++;
	return (sys3(4, 1, (long)s, n, &e));
}

static void
wrnum(const char *pre, long v)
{
	char buf[32];
	int i = 31;

	buf[i] = 0;
	if (v == 0)
		buf[--i] = '0';
	while (v > 0) {
		buf[--i] = '0' + v % 10;
		v /= 10;
	}
	wr(pre);
	wr(&buf[i]);
	wr("\n");
}

static volatile int got, onalt, altcount;
static char altstack[16384] __attribute__((aligned(16)));

static void
althandler(int sig, void *si, void *uc)
{
	char here;

	if (&here >= altstack && &here < altstack + sizeof(altstack))
		onalt++;
	altcount++;
}
static volatile double fpval;

static void
handler(int sig, void *si, void *uc)
{
	volatile double x = 1.5;

	got = sig;
	fpval = x * 3.0;	/* clobber FP registers inside the handler */
}

void
_start(void)
{
	struct sigaction sa;
	long r, pid;
	int e;
	double keep = 2.25;

	wr("init: hello from user mode\n");
	pid = sys3(20, 0, 0, 0, &e);
	wrnum("init: getpid = ", pid);
	r = sys3(4, 1, (long)0xffffffff80200000UL, 8, &e);
	wrnum(e ? "init: write(kernel ptr) failed, errno " : "init: write(kernel ptr) ok?? ", r);
	sa.h = handler;
	sa.flags = 0;
	sa.mask[0] = sa.mask[1] = sa.mask[2] = sa.mask[3] = 0;
	r = sys3(416, 30, (long)&sa, 0, &e);
	wrnum("init: sigaction(SIGUSR1) error ", e ? r : 0);
	r = sys3(37, pid, 30, 0, &e);
	wrnum("init: kill(self, SIGUSR1) error ", e ? r : 0);
	wrnum("init: handler saw signal ", got);
	wr(keep == 2.25 ? "init: FP state kept across the signal\n" :
	    "init: FP state LOST\n");
	if (sys3(20, 0, 0, 0, &e) == 1 && !TOUCH) {
		/* fd 1 may not be open: report through the exit status. */
		r = (e == 0) | (got == 30) << 1 | (keep == 2.25) << 2 |
		    (pid == 1) << 3;
		/* sigaction() copies the kernel "pointer" in: EFAULT. */
		r |= (sys3(416, 30, (long)0xffffffff80200000UL, 0, &e) == 14 &&
		    e) << 4;
		/* Alternate signal stack: two deliveries, both on it. */
		{
			struct { void *sp; u64 size; int flags; } ss =
			    { altstack, sizeof(altstack), 0 };
			sys3(53, (long)&ss, 0, 0, &e);
			sa.h = althandler;
			sa.flags = 1;		/* SA_ONSTACK */
			sys3(416, 31, (long)&sa, 0, &e);
			sys3(37, pid, 31, 0, &e);
			sys3(37, pid, 31, 0, &e);
			r |= (onalt == 2 && altcount == 2) << 5;
		}
		sys3(1, r, 0, 0, &e);
	}
	wr("init: touching a kernel address\n");
	*(volatile int *)0xffffffff80200000UL = 1;
	wr("init: still alive??\n");
	sys3(1, 0, 0, 0, &e);
	for (;;)
		;
}
