/*
 * Signals over the kernel's sigaction/sigprocmask/kill: signal() with BSD
 * semantics (SA_RESTART, handler stays installed), raise, abort, the
 * sigset operations over the 128-signal set, siginterrupt, sigpause,
 * killpg, and sigwait's POSIX return convention.  Handlers return through
 * the kernel's own trampoline page (SIGCODE_VA), so libc passes no
 * restorer.
 */
#include <sys/types.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

#define SIGBAD(s)	((s) <= 0 || (s) >= NSIG)

static sigset_t intr_set;	/* signals siginterrupt() made interrupting */

_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa, osa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	if (!SIGBAD(sig) && !sigismember(&intr_set, sig))
		sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &osa) < 0)
		return (SIG_ERR);
	return (osa.sa_handler);
}

int
siginterrupt(int sig, int flag)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) < 0)
		return (-1);
	if (flag) {
		sigaddset(&intr_set, sig);
		sa.sa_flags &= ~SA_RESTART;
	} else {
		sigdelset(&intr_set, sig);
		sa.sa_flags |= SA_RESTART;
	}
	return (sigaction(sig, &sa, NULL));
}

int
raise(int sig)
{
	return (kill(getpid(), sig));
}

/* newlib's reentrant names for signal and raise (<signal.h>). */
_sig_func_ptr
_signal_r(struct _reent *r, int sig, _sig_func_ptr handler)
{
	(void)r;
	return (signal(sig, handler));
}

int
_raise_r(struct _reent *r, int sig)
{
	(void)r;
	return (raise(sig));
}

int
killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return (-1);
	}
	return (kill(-pgrp, sig));
}

/*
 * abort(3): unblock SIGABRT and raise it; if a handler returns, restore
 * the default action and raise it again; never return.
 */
void
abort(void)
{
	struct sigaction sa;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGABRT, &sa, NULL);
	raise(SIGABRT);
	for (;;)
		_exit(127);
}

int
sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return (0);
}

int
sigfillset(sigset_t *set)
{
	memset(set, 0xff, sizeof(*set));
	return (0);
}

int
sigaddset(sigset_t *set, int sig)
{
	if (SIGBAD(sig)) {
		errno = EINVAL;
		return (-1);
	}
	set->__bits[(sig - 1) >> 5] |= 1U << ((sig - 1) & 31);
	return (0);
}

int
sigdelset(sigset_t *set, int sig)
{
	if (SIGBAD(sig)) {
		errno = EINVAL;
		return (-1);
	}
	set->__bits[(sig - 1) >> 5] &= ~(1U << ((sig - 1) & 31));
	return (0);
}

int
sigismember(const sigset_t *set, int sig)
{
	if (SIGBAD(sig)) {
		errno = EINVAL;
		return (-1);
	}
	return ((set->__bits[(sig - 1) >> 5] & (1U << ((sig - 1) & 31))) != 0);
}

int
sigpause(int sig)
{
	sigset_t set;

	if (sigprocmask(SIG_BLOCK, NULL, &set) < 0)
		return (-1);
	if (sigdelset(&set, sig) < 0)
		return (-1);
	return (sigsuspend(&set));
}

/* POSIX: sigwait returns the error number instead of setting errno. */
int
sigwait(const sigset_t *set, int *sig)
{
	int serrno, r;

	serrno = errno;
	r = __sys_sigwait(set, sig);
	if (r < 0) {
		r = errno;
		errno = serrno;
	}
	return (r);
}

const char *const sys_signame[NSIG] = {
	"Signal 0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE",
	"KILL", "BUS", "SEGV", "SYS", "PIPE", "ALRM", "TERM", "URG", "STOP",
	"TSTP", "CONT", "CHLD", "TTIN", "TTOU", "IO", "XCPU", "XFSZ",
	"VTALRM", "PROF", "WINCH", "INFO", "USR1", "USR2", "THR",
};

const char *const sys_siglist[NSIG] = {
	"Signal 0", "Hangup", "Interrupt", "Quit", "Illegal instruction",
	"Trace/BPT trap", "Abort trap", "EMT trap", "Floating point exception",
	"Killed", "Bus error", "Segmentation fault", "Bad system call",
	"Broken pipe", "Alarm clock", "Terminated", "Urgent I/O condition",
	"Suspended (signal)", "Suspended", "Continued", "Child exited",
	"Stopped (tty input)", "Stopped (tty output)", "I/O possible",
	"Cputime limit exceeded", "Filesize limit exceeded",
	"Virtual timer expired", "Profiling timer expired",
	"Window size changes", "Information request", "User defined signal 1",
	"User defined signal 2", "Thread signal",
};

/* pause(3): wait for a signal, with the current mask. */
int
pause(void)
{
	sigset_t set;

	if (sigprocmask(SIG_BLOCK, NULL, &set) < 0)
		return (-1);
	return (sigsuspend(&set));
}
