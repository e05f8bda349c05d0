/*
 * Signals from faults, with their exact siginfo.  SIGFPE: on amd64 an
 * integer division by zero traps (#DE) and gives FPE_INTDIV with si_addr
 * the dividing instruction; on aarch64 SDIV/UDIV by zero do not trap
 * (the architecture defines the result as 0, and FreeBSD/arm64 raises
 * nothing either), so there the test checks that 7 / 0 is 0 with no
 * signal.  On both, a SIGFPE sent with kill arrives as SI_USER with
 * si_pid.  Floating point (amd64): with one exception unmasked in the
 * x87 control word, 1.0/0.0, an overflowing and an underflowing store
 * of a double, an inexact quotient and 0.0/0.0 give FPE_FLTDIV,
 * FPE_FLTOVF, FPE_FLTUND, FPE_FLTRES and FPE_FLTINV (with everything
 * unmasked an overflow, also inexact, is FPE_FLTOVF); because the kernel
 * clears the pending x87 exception a handler can simply return (exactly
 * one signal, the quotient +inf); an x87 stack underflow is FPE_FLTSUB
 * and the same cases through MXCSR give the same codes for SSE, each
 * SKIPped where the CPU cannot raise them (QEMU's TCG reports no x87
 * stack fault and never raises #XM).  On aarch64 trapped FP exceptions
 * are optional: when the FPCR trap-enable bits read back as zero (QEMU,
 * most cores) that check SKIPs with the reason.  SIGBUS: a file mapping (MAP_PRIVATE and MAP_SHARED) reads the
 * file up to its end and zeros to the end of that page; a touch of a
 * page wholly past the end of the file is SIGBUS with BUS_OBJERR (as
 * FreeBSD's out-of-bounds fault) and si_addr the byte touched, reading
 * or writing; a file that grows after mmap fills the next page from
 * its new contents.
 */
#include <sys/types.h>
#include <sys/mman.h>
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

#define PATH	"/tmp/t_fault.data"

/* What a child's handler saw, sent back through a pipe. */
struct rep {
	int		signo, code;
	uintptr_t	addr;
	uintptr_t	pc;		/* the child's div_pc */
	pid_t		pid;
};

static volatile uintptr_t div_pc;

static int rep_fd = -1;

static void
h_report(int sig, siginfo_t *si, void *uc)
{
	struct rep r;

	(void)sig;
	(void)uc;
	memset(&r, 0, sizeof(r));
	r.signo = si->si_signo;
	r.code = si->si_code;
	r.addr = (uintptr_t)si->si_addr;
	r.pid = si->si_pid;
	r.pc = div_pc;
	write(rep_fd, &r, sizeof(r));
	_exit(0);
}

static void
catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h_report;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/*
 * Run fn(arg) in a child that catches SIGFPE, SIGBUS and SIGSEGV and
 * reports the first one.  Returns 1 with *r filled when a signal came,
 * 0 when fn returned (exit status 7), -1 otherwise.
 */
static int
in_child(void (*fn)(void *), void *arg, struct rep *r)
{
	int fds[2], st;
	pid_t pid;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	if (pipe(fds) != 0)
		return (-1);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		rep_fd = fds[1];
		catch(SIGFPE);
		catch(SIGBUS);
		catch(SIGSEGV);
		fn(arg);
		_exit(7);
	}
	close(fds[1]);
	n = read(fds[0], r, sizeof(*r));
	close(fds[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return (-1);
	if (n == (ssize_t)sizeof(*r) && WEXITSTATUS(st) == 0)
		return (1);
	return (n == 0 && WEXITSTATUS(st) == 7 ? 0 : -1);
}

/* ---- SIGFPE ------------------------------------------------------------ */

static volatile int div_result = -1;

static void
divide_by_zero(void *arg)
{
	int q = 7, d = 0;

	(void)arg;
#if defined(__x86_64__)
	/* The label's address first, then the idivl that traps at it. */
	__asm__ volatile(
	    "leaq 1f(%%rip), %%rcx\n\t"
	    "movq %%rcx, %1\n\t"
	    "movl %2, %%eax\n\t"
	    "cltd\n"
	    "1:\tidivl %3\n\t"
	    "movl %%eax, %0"
	    : "=m"(div_result), "=m"(div_pc)
	    : "r"(q), "r"(d)
	    : "rax", "rcx", "rdx", "memory", "cc");
#elif defined(__aarch64__)
	__asm__ volatile(
	    "adr x9, 1f\n\t"
	    "str x9, %1\n"
	    "1:\tsdiv %w2, %w2, %w3\n\t"
	    "str %w2, %0"
	    : "=m"(div_result), "=m"(div_pc), "+r"(q)
	    : "r"(d)
	    : "x9", "memory");
#endif
	/* Reached only where division by zero does not trap. */
	_exit(div_result == 0 ? 7 : 8);
}

static void
kill_fpe(void *arg)
{
	(void)arg;
	kill(getpid(), SIGFPE);
}

/* ---- floating point -------------------------------------------------- */

struct fpcase {
	const char	*what;
	uint32_t	unmask;		/* MXCSR mask bits to clear */
	double		a, b;
	char		op;		/* '/' or '*' */
	int		code;		/* si_code expected */
};

static volatile double fp_result;

#if defined(__x86_64__)
#define MXCSR_IM	0x0080
#define MXCSR_DM	0x0100
#define MXCSR_ZM	0x0200
#define MXCSR_OM	0x0400
#define MXCSR_UM	0x0800
#define MXCSR_PM	0x1000

static const struct fpcase fpcases[] = {
	{ "SSE 1.0/0.0, ZE unmasked", MXCSR_ZM, 1.0, 0.0, '/', FPE_FLTDIV },
	{ "SSE 1e300*1e300, OE unmasked", MXCSR_OM, 1e300, 1e300, '*',
	    FPE_FLTOVF },
	{ "SSE 1e-300*1e-300, UE unmasked", MXCSR_UM, 1e-300, 1e-300, '*',
	    FPE_FLTUND },
	{ "SSE 1.0/3.0, PE unmasked", MXCSR_PM, 1.0, 3.0, '/', FPE_FLTRES },
	{ "SSE 0.0/0.0, IE unmasked", MXCSR_IM, 0.0, 0.0, '/', FPE_FLTINV },
	{ "SSE 1e300*1e300, all unmasked (OE before PE)", MXCSR_IM |
	    MXCSR_DM | MXCSR_ZM | MXCSR_OM | MXCSR_UM | MXCSR_PM, 1e300,
	    1e300, '*', FPE_FLTOVF },
};

/* Unmask c->unmask in MXCSR (flags clear), then compute with SSE. */
static void
sse_op(void *arg)
{
	const struct fpcase *c = arg;
	volatile double a = c->a, b = c->b;
	uint32_t mxcsr = 0x1f80 & ~c->unmask;

	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	fp_result = c->op == '/' ? a / b : a * b;
}

/* x87 control-word masks (the same bit order as the flags). */
#define FCW_IM		0x0001
#define FCW_ZM		0x0004
#define FCW_OM		0x0008
#define FCW_UM		0x0010
#define FCW_PM		0x0020

/*
 * x87: the operation's result is stored as a double; an unmasked
 * exception is pending after the arithmetic (or the store, for
 * overflow and underflow of the double) and raised at the next waiting
 * instruction.
 */
static const struct fpcase x87cases[] = {
	{ "x87 1.0/0.0, ZE unmasked", FCW_ZM, 1.0, 0.0, '/', FPE_FLTDIV },
	{ "x87 1e300*1e300 stored as a double, OE unmasked", FCW_OM, 1e300,
	    1e300, '*', FPE_FLTOVF },
	{ "x87 1e-300*1e-300 stored as a double, UE unmasked", FCW_UM,
	    1e-300, 1e-300, '*', FPE_FLTUND },
	{ "x87 1.0/3.0, PE unmasked", FCW_PM, 1.0, 3.0, '/', FPE_FLTRES },
	{ "x87 0.0/0.0, IE unmasked", FCW_IM, 0.0, 0.0, '/', FPE_FLTINV },
	/*
	 * 2^1000 * 2^1000 is exact in the x87's 64-bit mantissa, so only
	 * the store to a double raises anything, and it raises both OE
	 * and PE: the overflow must be the one reported.  (1e300*1e300 is
	 * already inexact in the multiply, so a faithful x87, as Bochs'
	 * is, traps there with PE alone; QEMU's never sets PE for it.)
	 */
	{ "x87 2^1000*2^1000 as a double, all unmasked (OE before PE)",
	    FCW_IM | FCW_ZM | FCW_OM | FCW_UM | FCW_PM, 0x1p1000, 0x1p1000,
	    '*', FPE_FLTOVF },
};

static void
x87_op(void *arg)
{
	const struct fpcase *c = arg;
	double a = c->a, b = c->b, res = 0.0;
	uint16_t cw;

	__asm__ volatile("fninit; fnstcw %0" : "=m"(cw));
	cw &= ~(uint16_t)c->unmask;
	__asm__ volatile("fldcw %0" : : "m"(cw));
	if (c->op == '/')
		__asm__ volatile("fldl %1\n\tfdivl %2\n\tfstpl %0\n\tfwait"
		    : "=m"(res) : "m"(a), "m"(b) : "memory");
	else
		__asm__ volatile("fldl %1\n\tfmull %2\n\tfstpl %0\n\tfwait"
		    : "=m"(res) : "m"(a), "m"(b) : "memory");
	fp_result = res;
}

static volatile int x87_signals;
static volatile int x87_code;

/* Counts, and gives up after 3: a pending exception left set re-traps. */
static void
h_x87_return(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	x87_code = si->si_code;
	if (++x87_signals >= 3)
		_exit(9);
}

/*
 * x87 1.0/0.0 with ZE unmasked: fdivl completes (+inf, ZE pending); the
 * fstpl after it raises #MF.  The handler returns; exit 0 when exactly
 * one SIGFPE with FPE_FLTDIV came and the quotient is +inf.
 */
static int
x87_div_returns(void)
{
	struct sigaction sa;
	double one = 1.0, zero = 0.0, res = 0.0;
	uint16_t cw;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = h_x87_return;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGFPE, &sa, NULL);
		__asm__ volatile("fninit; fnstcw %0" : "=m"(cw));
		cw &= ~FCW_ZM;
		__asm__ volatile("fldcw %0" : : "m"(cw));
		__asm__ volatile(
		    "fldl %1\n\t"
		    "fdivl %2\n\t"
		    "fstpl %0\n\t"
		    "fwait"
		    : "=m"(res) : "m"(one), "m"(zero) : "memory");
		if (x87_signals != 1)
			_exit(10 + x87_signals);
		if (x87_code != FPE_FLTDIV)
			_exit(20);
		/*
		 * The handler returned and the program went on.  What the
		 * store then wrote is the emulator's: with ZE unmasked the
		 * x87 leaves its destination alone (the dividend, 1.0, as
		 * Bochs does) where QEMU's stores +inf anyway.
		 */
		_exit(res > 1e308 || res == 1.0 ? 0 : 21);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st));
}

/* The stack is empty after fninit: fadd %st(0),%st(0) underflows it. */
static void
x87_underflow(void *arg)
{
	uint16_t cw;
	double res;

	(void)arg;
	__asm__ volatile("fninit; fnstcw %0" : "=m"(cw));
	cw &= ~FCW_IM;
	__asm__ volatile("fldcw %0" : : "m"(cw));
	__asm__ volatile("fadd %%st(0), %%st(0)\n\t"
	    "fstpl %0\n\t"
	    "fwait" : "=m"(res) : : "memory");
	fp_result = res;
}

/* Does this CPU report an x87 stack fault (IE with SF), masked? */
static int
x87_reports_stack_fault(void)
{
	uint16_t sw;

	__asm__ volatile("fninit\n\t"
	    "fadd %%st(0), %%st(0)\n\t"
	    "fnstsw %0\n\t"
	    "fninit" : "=m"(sw) : : "memory");
	return ((sw & 0x41) == 0x41);
}
#endif /* __x86_64__ */

#if defined(__aarch64__)
#define FPCR_TRAPS	0x1f00		/* IOE DZE OFE UFE IXE */

/* Do FPCR's trap-enable bits stick?  (They are RAZ/WI without traps.) */
static int
fp_traps_supported(void)
{
	uint64_t fpcr, want;

	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	want = fpcr | FPCR_TRAPS;
	__asm__ volatile("msr fpcr, %0" : : "r"(want));
	__asm__ volatile("mrs %0, fpcr" : "=r"(want));
	__asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
	return ((want & FPCR_TRAPS) != 0);
}

static void
a64_divzero(void *arg)
{
	volatile double a = 1.0, b = 0.0;
	uint64_t fpcr;

	(void)arg;
	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	fpcr |= 0x0200;				/* DZE */
	__asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
	fp_result = a / b;
}
#endif /* __aarch64__ */

static void
fp_tests(void)
{
	struct rep r;
	char name[160];
	int got;
#if defined(__x86_64__)
	size_t i;

	for (i = 0; i < sizeof(x87cases) / sizeof(x87cases[0]); i++) {
		got = in_child(x87_op, (void *)&x87cases[i], &r);
		snprintf(name, sizeof(name), "amd64: %s: SIGFPE, si_code %d",
		    x87cases[i].what, x87cases[i].code);
		if (!ok(got == 1 && r.signo == SIGFPE &&
		    r.code == x87cases[i].code, name))
			printf("# got %d: signo %d code %d\n", got, r.signo,
			    r.code);
	}
	is_int(x87_div_returns(), 0, "amd64: x87 1.0/0.0 with ZE unmasked: "
	    "one SIGFPE FPE_FLTDIV, the handler returns");
	if (x87_reports_stack_fault()) {
		got = in_child(x87_underflow, NULL, &r);
		if (!ok(got == 1 && r.signo == SIGFPE &&
		    r.code == FPE_FLTSUB, "amd64: x87 stack underflow with "
		    "IE unmasked: FPE_FLTSUB"))
			printf("# got %d: signo %d code %d\n", got, r.signo,
			    r.code);
	} else
		printf("ok %d - amd64: x87 stack underflow: FPE_FLTSUB # SKIP "
		    "this CPU (QEMU's TCG) does not report x87 stack faults "
		    "(no SF in the status word)\n", ++tap_n);
	/*
	 * SSE: a CPU that raises #XM traps the first case; QEMU's TCG
	 * never raises #XM (it only sets the MXCSR flag), which shows as
	 * the child finishing the division without a signal.
	 */
	got = in_child(sse_op, (void *)&fpcases[0], &r);
	if (got == 0) {
		printf("ok %d - amd64: SSE exceptions # SKIP this CPU (QEMU's "
		    "TCG) does not raise #XM for an unmasked SSE exception\n",
		    ++tap_n);
		return;
	}
	for (i = 0; i < sizeof(fpcases) / sizeof(fpcases[0]); i++) {
		got = in_child(sse_op, (void *)&fpcases[i], &r);
		snprintf(name, sizeof(name), "amd64: %s: SIGFPE, si_code %d",
		    fpcases[i].what, fpcases[i].code);
		if (!ok(got == 1 && r.signo == SIGFPE &&
		    r.code == fpcases[i].code, name))
			printf("# got %d: signo %d code %d\n", got, r.signo,
			    r.code);
	}
#elif defined(__aarch64__)
	if (!fp_traps_supported()) {
		printf("ok %d - aarch64: trapped FP exceptions # SKIP the FPCR "
		    "trap-enable bits read as zero: this CPU (QEMU) does not "
		    "implement trapped floating-point exceptions\n", ++tap_n);
		return;
	}
	got = in_child(a64_divzero, NULL, &r);
	snprintf(name, sizeof(name), "aarch64: 1.0/0.0 with DZE: SIGFPE, "
	    "FPE_FLTDIV");
	if (!ok(got == 1 && r.signo == SIGFPE && r.code == FPE_FLTDIV, name))
		printf("# got %d: signo %d code %d\n", got, r.signo, r.code);
#endif
}

/* ---- SIGBUS ------------------------------------------------------------ */

struct touch {
	volatile char	*p;
	int		write;
};

static void
touch(void *arg)
{
	struct touch *t = arg;

	if (t->write)
		*t->p = 'w';
	else
		(void)*t->p;
}

static int
make_file(size_t len)
{
	char buf[256];
	size_t i;
	int fd;

	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return (-1);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	while (len > 0) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n)
			return (-1);
		len -= n;
	}
	return (fd);
}

static void
bus_case(char *base, size_t off, int wr, const char *what)
{
	struct touch t;
	struct rep r;
	char name[160];
	int got;

	t.p = base + off;
	t.write = wr;
	got = in_child(touch, &t, &r);
	snprintf(name, sizeof(name), "%s: SIGBUS, BUS_OBJERR, si_addr the "
	    "byte touched", what);
	if (!ok(got == 1 && r.signo == SIGBUS && r.code == BUS_OBJERR &&
	    r.addr == (uintptr_t)(base + off), name))
		printf("# got %d: signo %d code %d addr %#lx (want %#lx)\n",
		    got, r.signo, r.code, (unsigned long)r.addr,
		    (unsigned long)(uintptr_t)(base + off));
}

int
main(void)
{
	struct rep r;
	struct touch t;
	long pg = sysconf(_SC_PAGESIZE);
	char *m, *s;
	int fd, got;

	setvbuf(stdout, NULL, _IOLBF, 0);

	/* SIGFPE */
	got = in_child(divide_by_zero, NULL, &r);
#if defined(__x86_64__)
	if (!ok(got == 1 && r.signo == SIGFPE && r.code == FPE_INTDIV,
	    "amd64: integer division by zero: SIGFPE, FPE_INTDIV"))
		printf("# got %d: signo %d code %d\n", got, r.signo, r.code);
	if (!ok(got == 1 && r.pc != 0 && r.addr == r.pc,
	    "amd64: si_addr is the dividing instruction"))
		printf("# si_addr %#lx, idivl at %#lx\n", (unsigned long)r.addr,
		    (unsigned long)r.pc);
#elif defined(__aarch64__)
	is_int(got, 0, "aarch64: integer division by zero does not trap, "
	    "the quotient is 0");
#endif
	got = in_child(kill_fpe, NULL, &r);
	ok(got == 1 && r.signo == SIGFPE && r.code == SI_USER && r.pid > 0,
	    "SIGFPE by kill: SI_USER with si_pid");
	fp_tests();

	/* SIGBUS past the end of a file mapping. */
	fd = make_file(100);
	if (!ok(fd >= 0, "a 100-byte file"))
		return (done());
	m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (!ok(m != MAP_FAILED, "mmap 3 pages MAP_PRIVATE of it"))
		return (done());
	ok(m[0] == 'a' && m[99] == 'a' + 99 % 26 && m[100] == 0 &&
	    m[pg - 1] == 0, "the page holding the end: the file, then zeros");
	bus_case(m, pg + 17, 0, "MAP_PRIVATE, read of the next page");
	bus_case(m, 2 * pg, 1, "MAP_PRIVATE, write two pages on");
	m[5] = 'X';
	ok(m[5] == 'X', "writing the first page (private) works");
	s = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (ok(s != MAP_FAILED, "mmap 2 pages MAP_SHARED read-only")) {
		ok(s[0] == 'a' && s[5] == 'f' && s[200] == 0,
		    "MAP_SHARED reads the file, not the private copy");
		bus_case(s, pg, 0, "MAP_SHARED, read of the next page");
	}

	/* The file grows: the next page now has something behind it. */
	ok(pwrite(fd, "0123456789", 10, pg + 10) == 10,
	    "the file grows into the second page");
	t.p = m + pg + 12;
	t.write = 0;
	got = in_child(touch, &t, &r);
	is_int(got, 0, "that page of the old mapping reads without a signal");
	ok(m[pg + 12] == '2' && m[pg] == 0, "and shows the new contents");
	bus_case(m, 2 * pg + 1, 0, "the third page is still past the end");
	munmap(m, 3 * pg);
	if (s != MAP_FAILED)
		munmap(s, 2 * pg);
	close(fd);
	unlink(PATH);
	return (done());
}
