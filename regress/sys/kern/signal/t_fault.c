/*
 * Signals from faults, with their exact siginfo.  SIGFPE: on amd64 an
 * integer division by zero traps (#DE) and gives FPE_INTDIV with si_addr
 * the dividing instruction; on aarch64 SDIV/UDIV by zero do not trap
 * (the architecture defines the result as 0, and FreeBSD/arm64 raises
 * nothing either), so there the test checks that 7 / 0 is 0 with no
 * signal.  On both, a SIGFPE sent with kill arrives as SI_USER with
 * si_pid.  SIGBUS: a file mapping (MAP_PRIVATE and MAP_SHARED) reads the
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
