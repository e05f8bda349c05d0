/*
 * Signals over the kernel's sigaction/sigprocmask/kill: signal() with BSD
 * semantics (SA_RESTART, handler stays installed), raise, abort, the
 * sigset operations over the 128-signal set, siginterrupt, sigpause,
 * killpg, and sigwait's POSIX return convention.  Handlers return through
 * the kernel's own trampoline page (SIGCODE_VA), so libc passes no
 * restorer.
 *
 * Once libpthread has started it keeps one signal for thread cancellation
 * (__libc_sigcancel, SIGTHR), as FreeBSD's libthr keeps SIGCANCEL: the
 * calls that take a signal set (sigprocmask, sigsuspend, sigwait and its
 * timed forms, pselect, ppoll, a handler's sa_mask) get a copy without
 * it, so no thread can block it or take it with sigwait, sigprocmask
 * never reports it blocked, and sigaction on it is EINVAL.
 */
#include <sys/types.h>
#include <sys/select.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

#define SIGBAD(s)	((s) <= 0 || (s) >= NSIG)

static sigset_t intr_set;	/* signals siginterrupt() made interrupting */

struct pollfd;
int	__sys_sigprocmask(int, const sigset_t *, sigset_t *);
int	__sys_sigsuspend(const sigset_t *);
int	__sys_sigtimedwait(const sigset_t *, siginfo_t *,
	    const struct timespec *);
int	__sys_sigwaitinfo(const sigset_t *, siginfo_t *);
int	__sys_pselect(int, fd_set *, fd_set *, fd_set *,
	    const struct timespec *, const sigset_t *);
int	__sys_ppoll(struct pollfd *, unsigned int, const struct timespec *,
	    const sigset_t *);
int	ppoll(struct pollfd *, unsigned int, const struct timespec *,
	    const sigset_t *);

#define	SIG_HAS(set, s)	\
	(((set)->__bits[((s) - 1) >> 5] & (1U << (((s) - 1) & 31))) != 0)
#define	SIG_DEL(set, s)	\
	((set)->__bits[((s) - 1) >> 5] &= ~(1U << (((s) - 1) & 31)))

/* set, or a copy of it in *tmp without libpthread's hidden signal. */
static const sigset_t *
sig_hide(const sigset_t *set, sigset_t *tmp)
{
	int s = __libc_sigcancel;

	if (s == 0 || set == NULL || !SIG_HAS(set, s))
		return (set);
	*tmp = *set;
	SIG_DEL(tmp, s);
	return (tmp);
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
	sigset_t tmp;

	if (__sys_sigprocmask(how, sig_hide(set, &tmp), oset) < 0)
		return (-1);
	if (oset != NULL && __libc_sigcancel != 0)
		SIG_DEL(oset, __libc_sigcancel);
	return (0);
}

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct sigaction tmp;

	if (sig != 0 && sig == __libc_sigcancel) {
		errno = EINVAL;
		return (-1);
	}
	if (act != NULL && __libc_sigcancel != 0 &&
	    SIG_HAS(&act->sa_mask, __libc_sigcancel)) {
		tmp = *act;
		SIG_DEL(&tmp.sa_mask, __libc_sigcancel);
		act = &tmp;
	}
	return (__sys_sigaction(sig, act, oact));
}

int
sigsuspend(const sigset_t *set)
{
	sigset_t tmp;

	return (__sys_sigsuspend(sig_hide(set, &tmp)));
}

int
sigtimedwait(const sigset_t *set, siginfo_t *info,
    const struct timespec *timeout)
{
	sigset_t tmp;

	return (__sys_sigtimedwait(sig_hide(set, &tmp), info, timeout));
}

int
sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	sigset_t tmp;

	return (__sys_sigwaitinfo(sig_hide(set, &tmp), info));
}

int
pselect(int nd, fd_set *in, fd_set *ou, fd_set *ex,
    const struct timespec *ts, const sigset_t *sm)
{
	sigset_t tmp;

	return (__sys_pselect(nd, in, ou, ex, ts, sig_hide(sm, &tmp)));
}

int
ppoll(struct pollfd *fds, unsigned int nfds, const struct timespec *ts,
    const sigset_t *set)
{
	sigset_t tmp;

	return (__sys_ppoll(fds, nfds, ts, sig_hide(set, &tmp)));
}

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
	sigset_t tmp;
	int serrno, r;

	serrno = errno;
	r = __sys_sigwait(sig_hide(set, &tmp), sig);
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
