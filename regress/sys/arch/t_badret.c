/*
 * Returns to user mode that the hardware refuses or that must fault in
 * user mode, and the kernel staying up through them.  The program counter
 * comes from the process in two places: a signal handler's address
 * (sigaction takes any value) and the context handed to sigreturn.
 *
 * A handler at a non-canonical address (amd64; on aarch64 an address
 * beyond the 48-bit user range, or one with a tag byte, which this kernel
 * does not enable), at a kernel address, or in the unmapped page above
 * the user range kills the process with SIGSEGV; a SIGSEGV handler sees
 * si_addr equal to that address; a SIGSEGV handler that is itself bad
 * still ends in SIGSEGV, not a loop.  On amd64 the non-canonical case is
 * a #GP of the kernel's iretq, taken with the user GS base loaded (a
 * double fault under Bochs before the fix), and the same signal sent
 * while the process spins with %rcx = the handler and %r11 = %rflags
 * would make the exit use sysretq, whose #GP on Intel would run on the
 * user stack: the kernel must check %rip first.
 *
 * sigreturn refuses (EINVAL, the caller carries on) a context whose PC
 * is not a user address, and on aarch64 one whose PSTATE asks for EL1,
 * masked exceptions or AArch32; it drops what a user may not set (the
 * kernel %cs/%ss and IOPL on amd64, PSTATE.IL on aarch64) and returns.
 * A context with a bad stack pointer returns, and the first push faults:
 * SIGSEGV.  A signal delivered while the stack pointer is bad has nowhere
 * to put its frame: SIGILL, as in the BSDs.
 *
 * The ucontext layout is the kernel's <machine/sigframe.h> for each
 * architecture, which is not installed: the offsets below follow it, and
 * the magic word is checked before anything relies on them.
 */
#include <sys/types.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rawsys.h"
#include "tap.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define XSTR(x)	STR(x)
#define STR(x)	#x

#if defined(__x86_64__)
/* struct amd64_ucontext: sigmask, onstack, fsbase, magic, trapframe. */
#define UC_SIZE		1280
#define UC_MAGIC_OFF	24
#define UC_MAGIC	0x50657472656c5543UL
#define UC_PC_OFF	(32 + 19 * 8)	/* uc_tf.tf_rip */
#define UC_CS_OFF	(32 + 20 * 8)
#define UC_FLAGS_OFF	(32 + 21 * 8)	/* tf_rflags */
#define UC_SP_OFF	(32 + 22 * 8)
#define UC_SS_OFF	(32 + 23 * 8)
#define BAD_NONCANON	0x8000000000000000UL
#define BAD_NONCANON2	0x0000800000000000UL	/* lowest non-canonical */
#define BAD_KERNEL	0xffffffff80200000UL	/* the kernel image */
#define BAD_TOPUSER	0x00007ffffffff000UL	/* above the sigcode page */
#define KCSEL		0x08
#define KDSEL		0x10
#define PSL_IOPL	0x3000
#elif defined(__aarch64__)
/* struct ucontext_a64: sigmask, onstack, spare, then mcontext_a64. */
#define UC_SIZE		832
#define UC_MAGIC_OFF	(16 + 280)
#define UC_MAGIC	0x3436414c45525450UL
#define UC_SP_OFF	(16 + 248)
#define UC_PC_OFF	(16 + 256)
#define UC_FLAGS_OFF	(16 + 264)	/* mc_pstate */
#define BAD_NONCANON	0x0001000000000000UL	/* past 48 bits, not TTBR1 */
#define BAD_NONCANON2	0x0100000000400000UL	/* a tag byte, TBI is off */
#define BAD_KERNEL	0xffffffff80200000UL	/* the kernel image */
#define BAD_TOPUSER	0x0000fffffffff000UL	/* above the sigcode page */
#else
#error "t_badret: unknown architecture"
#endif

/* Stack pointers that are not usable, 16-byte aligned (aarch64 SA0). */
#define BADSP_NONCANON	(BAD_NONCANON + 0x1000)
#define BADSP_KERNEL	(BAD_KERNEL + 0x1000)

/*
 * Landing places for a context sigreturn installs: they need no stack
 * except landing_push, whose first act is a push.  Each ends in exit(2)
 * with its own status.
 */
void	landing_exit42(void);
void	landing_push43(void);
void	landing_cli42(void);
void	spin_badsp_kill(long pid, long sig, long sp) __attribute__((noreturn));
void	spin_forever(unsigned long rcx) __attribute__((noreturn));

#if defined(__x86_64__)
__asm__(
"	.text\n"
"	.globl	landing_exit42\n"
"landing_exit42:\n"
"	movl	$" XSTR(SYS_exit) ", %eax\n"
"	movl	$42, %edi\n"
"	syscall\n"
"	hlt\n"
"	.globl	landing_push43\n"
"landing_push43:\n"
"	pushq	$0\n"
"	movl	$" XSTR(SYS_exit) ", %eax\n"
"	movl	$43, %edi\n"
"	syscall\n"
"	hlt\n"
/* cli in user mode is #GP unless IOPL is 3. */
"	.globl	landing_cli42\n"
"landing_cli42:\n"
"	cli\n"
"	movl	$" XSTR(SYS_exit) ", %eax\n"
"	movl	$42, %edi\n"
"	syscall\n"
"	hlt\n"
/* kill(pid, sig) with %rsp = sp: the signal frame has nowhere to go. */
"	.globl	spin_badsp_kill\n"
"spin_badsp_kill:\n"
"	movq	%rdx, %rsp\n"
"	movl	$" XSTR(SYS_kill) ", %eax\n"
"	syscall\n"
"	movl	$" XSTR(SYS_exit) ", %eax\n"
"	movl	$44, %edi\n"
"	syscall\n"
"	hlt\n"
/* Spin with %rcx = the argument and %r11 = %rflags: what sysretq
   restores, so only the %rip check keeps the exit on iretq. */
"	.globl	spin_forever\n"
"spin_forever:\n"
"	movq	%rdi, %rcx\n"
"	pushfq\n"
"	popq	%r11\n"
"1:	jmp	1b\n"
);
#else
__asm__(
"	.text\n"
"	.globl	landing_exit42\n"
"landing_exit42:\n"
"	mov	x0, #42\n"
"	mov	x8, #" XSTR(SYS_exit) "\n"
"	svc	#0\n"
"	b	.\n"
"	.globl	landing_push43\n"
"landing_push43:\n"
"	stp	x0, x1, [sp, #-16]!\n"
"	mov	x0, #43\n"
"	mov	x8, #" XSTR(SYS_exit) "\n"
"	svc	#0\n"
"	b	.\n"
"	.globl	landing_cli42\n"
"landing_cli42:\n"
"	b	landing_exit42\n"
"	.globl	spin_badsp_kill\n"
"spin_badsp_kill:\n"
"	mov	sp, x2\n"
"	mov	x8, #" XSTR(SYS_kill) "\n"
"	svc	#0\n"
"	mov	x0, #44\n"
"	mov	x8, #" XSTR(SYS_exit) "\n"
"	svc	#0\n"
"	b	.\n"
"	.globl	spin_forever\n"
"spin_forever:\n"
"1:	b	1b\n"
);
#endif

static uint8_t ctx[UC_SIZE] __attribute__((aligned(64)));
static volatile sig_atomic_t captured;
static int segv_fd = -1;

static uint64_t
ctx_get(int off)
{
	uint64_t v;

	memcpy(&v, ctx + off, sizeof(v));
	return (v);
}

static void
ctx_set(int off, uint64_t v)
{
	memcpy(ctx + off, &v, sizeof(v));
}

static void
h_capture(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	memcpy(ctx, uc, UC_SIZE);
	captured = 1;
}

/* A SIGSEGV catcher: report signo, code and address, then leave. */
static void
h_segv_report(int sig, siginfo_t *si, void *uc)
{
	uint64_t rec[3];

	(void)sig;
	(void)uc;
	rec[0] = (uint64_t)si->si_signo;
	rec[1] = (uint64_t)si->si_code;
	rec[2] = (uint64_t)(uintptr_t)si->si_addr;
	(void)write(segv_fd, rec, sizeof(rec));
	_exit(0);
}

/*
 * Wait for pid up to `secs' seconds (Bochs is slow): its exit status,
 * 128 + the signal that killed it, or -2 after killing it on timeout.
 */
static int
wait_deadline(pid_t pid, int secs)
{
	struct timespec ts = { 0, 10000000 };
	int st, i;

	for (i = 0; i < secs * 100; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return (WIFEXITED(st) ? WEXITSTATUS(st) :
			    WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1);
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return (-2);
}

static void
set_handler(int sig, uintptr_t h, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (void (*)(int))h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) != 0)
		_exit(90);
}

/* A child whose SIGUSR1 handler is `h', raising SIGUSR1. */
static int
run_bad_handler(uintptr_t h)
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		set_handler(SIGUSR1, h, 0);
		raise(SIGUSR1);
		_exit(99);
	}
	return (pid < 0 ? -1 : wait_deadline(pid, 120));
}

/* The same with a SIGSEGV catcher: check what it was told. */
static void
check_caught(uintptr_t h, const char *what)
{
	struct sigaction sa;
	uint64_t rec[3] = { 0, 0, 0 };
	char name[160];
	int fds[2], st;
	pid_t pid;

	if (pipe(fds) != 0) {
		ok(0, "pipe");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		segv_fd = fds[1];
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = h_segv_report;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGSEGV, &sa, NULL) != 0)
			_exit(90);
		set_handler(SIGUSR1, h, 0);
		raise(SIGUSR1);
		_exit(99);
	}
	close(fds[1]);
	st = wait_deadline(pid, 120);
	snprintf(name, sizeof(name), "%s: the SIGSEGV handler ran, exit 0",
	    what);
	is_int(st, 0, name);
	snprintf(name, sizeof(name), "%s: it got 24 bytes of siginfo", what);
	is_int(read(fds[0], rec, sizeof(rec)), sizeof(rec), name);
	snprintf(name, sizeof(name), "%s: si_signo SIGSEGV", what);
	is_int((long long)rec[0], SIGSEGV, name);
	snprintf(name, sizeof(name), "%s: si_addr is the handler address",
	    what);
	if (!ok(rec[2] == h, name))
		printf("# si_addr %#llx, si_code %lld\n",
		    (unsigned long long)rec[2], (long long)rec[1]);
	close(fds[0]);
}

/* A bad SIGSEGV handler, and a SIGSEGV: the kernel must not loop. */
static int
run_bad_segv_handler(uintptr_t h)
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		set_handler(SIGSEGV, h, 0);
		raise(SIGSEGV);
		_exit(99);
	}
	return (pid < 0 ? -1 : wait_deadline(pid, 120));
}

/* Capture a real signal context into ctx. */
static int
capture(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h_capture;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	captured = 0;
	if (sigaction(SIGUSR2, &sa, NULL) != 0)
		return (-1);
	raise(SIGUSR2);
	return (captured && ctx_get(UC_MAGIC_OFF) == UC_MAGIC ? 0 : -1);
}

/* sigreturn on ctx as changed by the caller; its errno (0: it worked). */
static int
do_sigreturn(void)
{
	int err = 0;

	(void)rawsys(SYS_sigreturn, (long)ctx, 0, 0, 0, 0, 0, &err);
	return (err);
}

/*
 * In a child: capture a context, set its PC to `pc' (and SP, when sp is
 * not 0), let `tweak' change more, and sigreturn to it.  The parent gets
 * the child's fate; 98 means sigreturn returned.
 */
static int
run_sigreturn(uintptr_t pc, uintptr_t sp, void (*tweak)(void))
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (capture() != 0)
			_exit(97);
		ctx_set(UC_PC_OFF, pc);
		if (sp != 0)
			ctx_set(UC_SP_OFF, sp);
		if (tweak != NULL)
			tweak();
		(void)do_sigreturn();
		_exit(98);
	}
	return (pid < 0 ? -1 : wait_deadline(pid, 120));
}

#if defined(__x86_64__)
static void
tweak_kernel_sel(void)
{
	ctx_set(UC_CS_OFF, KCSEL);
	ctx_set(UC_SS_OFF, KDSEL);
}

static void
tweak_iopl(void)
{
	ctx_set(UC_FLAGS_OFF, ctx_get(UC_FLAGS_OFF) | PSL_IOPL);
}
#else
static void
tweak_il(void)
{
	ctx_set(UC_FLAGS_OFF, ctx_get(UC_FLAGS_OFF) | (1UL << 20));
}
#endif

/* Send SIGUSR1 to a child spinning in user mode with a bad handler. */
static int
run_spinning(uintptr_t h)
{
	struct timespec ts = { 0, 50000000 };
	char c;
	int fds[2], st;
	pid_t pid;

	if (pipe(fds) != 0)
		return (-1);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		set_handler(SIGUSR1, h, 0);
		(void)write(fds[1], "x", 1);
		spin_forever(h);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &c, 1) != 1) {
		close(fds[0]);
		return (-1);
	}
	close(fds[0]);
	nanosleep(&ts, NULL);		/* into the loop */
	kill(pid, SIGUSR1);
	st = wait_deadline(pid, 120);
	return (st);
}

/* A signal arriving while the stack pointer is `sp'. */
static int
run_badsp_signal(uintptr_t sp)
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		set_handler(SIGUSR1, (uintptr_t)h_capture, SA_SIGINFO);
		spin_badsp_kill(getpid(), SIGUSR1, (long)sp);
	}
	return (pid < 0 ? -1 : wait_deadline(pid, 120));
}

int
main(void)
{
	static const struct {
		uintptr_t	addr;
		const char	*name;
	} bad[] = {
		{ BAD_NONCANON, "non-canonical" },
		{ BAD_NONCANON2, "non-canonical (2)" },
		{ BAD_KERNEL, "kernel address" },
		{ BAD_TOPUSER, "unmapped top user page" },
	};
	char name[160];
	uint64_t pc0;
	pid_t pid;
	int i, err;

	setvbuf(stdout, NULL, _IOLBF, 0);

	/* A signal handler at an address the process cannot run. */
	for (i = 0; i < (int)nitems(bad); i++) {
		snprintf(name, sizeof(name),
		    "handler at %s %#lx: killed by SIGSEGV", bad[i].name,
		    (unsigned long)bad[i].addr);
		is_int(run_bad_handler(bad[i].addr), 128 + SIGSEGV, name);
	}
	check_caught(BAD_NONCANON, "non-canonical handler");
	check_caught(BAD_KERNEL, "kernel-address handler");
	is_int(run_bad_segv_handler(BAD_NONCANON), 128 + SIGSEGV,
	    "a non-canonical SIGSEGV handler: killed by SIGSEGV, no loop");
	is_int(run_bad_segv_handler(BAD_KERNEL), 128 + SIGSEGV,
	    "a kernel-address SIGSEGV handler: killed by SIGSEGV, no loop");
	is_int(run_spinning(BAD_NONCANON), 128 + SIGSEGV,
	    "signal to a spinning process (amd64: %rcx = handler, "
	    "sysret-shaped), non-canonical handler: SIGSEGV");
	is_int(run_spinning(BAD_KERNEL), 128 + SIGSEGV,
	    "signal to a spinning process, kernel-address handler: SIGSEGV");

	/* sigreturn: refused PCs, in this process. */
	if (!ok(capture() == 0, "captured a signal context (magic word)"))
		return (done());
	pc0 = ctx_get(UC_PC_OFF);
	for (i = 0; i < (int)nitems(bad); i++) {
		ctx_set(UC_PC_OFF, bad[i].addr);
		err = do_sigreturn();
		snprintf(name, sizeof(name),
		    "sigreturn to PC at %s: EINVAL, and the caller goes on",
		    bad[i].name);
		is_int(err, EINVAL, name);
	}
	ctx_set(UC_PC_OFF, pc0);
#if defined(__aarch64__)
	{
		static const struct {
			uint64_t	bits;
			const char	*name;
		} ps[] = {
			{ 0x5, "EL1h" },
			{ 0x4, "EL1t" },
			{ 0x3c0, "DAIF masked" },
			{ 0x10, "AArch32" },
		};
		uint64_t ps0 = ctx_get(UC_FLAGS_OFF);

		for (i = 0; i < (int)nitems(ps); i++) {
			ctx_set(UC_FLAGS_OFF, ps0 | ps[i].bits);
			snprintf(name, sizeof(name),
			    "sigreturn with PSTATE %s: EINVAL", ps[i].name);
			is_int(do_sigreturn(), EINVAL, name);
		}
		ctx_set(UC_FLAGS_OFF, ps0);
	}
#else
	/* The same number of tests: four sigreturn refusals on amd64. */
	ctx_set(UC_PC_OFF, BAD_NONCANON - 1);
	is_int(do_sigreturn(), EINVAL, "sigreturn to PC 0x7fff...ffff: "
	    "EINVAL");
	ctx_set(UC_PC_OFF, 0x00007fffffffe000UL);
	is_int(do_sigreturn(), EINVAL, "sigreturn to PC at the sigcode "
	    "page (VM_MAX_USER_ADDRESS): EINVAL");
	ctx_set(UC_PC_OFF, pc0);
	ctx_set(UC_MAGIC_OFF, UC_MAGIC + 1);
	is_int(do_sigreturn(), EINVAL, "sigreturn without the magic word: "
	    "EINVAL");
	ctx_set(UC_MAGIC_OFF, UC_MAGIC);
	is_int(rawsys(SYS_sigreturn, (long)BAD_KERNEL, 0, 0, 0, 0, 0, &err),
	    EFAULT, "sigreturn of a context at a kernel address: EFAULT");
#endif

	/* sigreturn: contexts it takes, and what becomes of them. */
	is_int(run_sigreturn((uintptr_t)landing_exit42, 0, NULL), 42,
	    "sigreturn to a user PC: runs there (exit 42)");
#if defined(__x86_64__)
	is_int(run_sigreturn((uintptr_t)landing_exit42, 0, tweak_kernel_sel),
	    42, "sigreturn with kernel %cs/%ss: user selectors forced "
	    "(exit 42)");
	is_int(run_sigreturn((uintptr_t)landing_cli42, 0, tweak_iopl),
	    128 + SIGSEGV, "sigreturn with IOPL 3: dropped, cli faults "
	    "(SIGSEGV)");
#else
	is_int(run_sigreturn((uintptr_t)landing_exit42, 0, tweak_il), 42,
	    "sigreturn with PSTATE.IL: dropped (exit 42)");
	is_int(run_sigreturn((uintptr_t)landing_cli42, 0, NULL), 42,
	    "sigreturn to a user PC again (exit 42)");
#endif

	/* Bad stack pointers. */
	is_int(run_sigreturn((uintptr_t)landing_push43, BADSP_NONCANON, NULL),
	    128 + SIGSEGV, "sigreturn with a non-canonical SP: the push "
	    "faults, SIGSEGV");
	is_int(run_sigreturn((uintptr_t)landing_push43, BADSP_KERNEL, NULL),
	    128 + SIGSEGV, "sigreturn with a kernel-address SP: the push "
	    "faults, SIGSEGV");
	is_int(run_badsp_signal(BADSP_NONCANON), 128 + SIGILL,
	    "a signal while SP is non-canonical: no room for the frame, "
	    "SIGILL");
	is_int(run_badsp_signal(BADSP_KERNEL), 128 + SIGILL,
	    "a signal while SP is a kernel address: SIGILL");

	/* Still standing. */
	pid = fork();
	if (pid == 0)
		_exit(7);
	is_int(pid > 0 ? wait_deadline(pid, 120) : -1, 7,
	    "the kernel is still up: a fresh child exits 7");
	return (done());
}
