/*
 * Petrel's sys/signal.h for newlib.  newlib.sh copies this over newlib's
 * own, so newlib's objects and every program see the kernel's signal ABI
 * (sys/sys/signal.h): FreeBSD's signal numbers, a 128-signal sigset_t,
 * FreeBSD's struct sigaction, siginfo_t and stack_t.  The values are
 * repeated here (not included) because the kernel header pulls in the
 * kernel's <sys/types.h>; regress/lib/libc/abi checks that they agree.
 */
#ifndef _SYS_SIGNAL_H
#define _SYS_SIGNAL_H

#include "_ansi.h"
#include <sys/cdefs.h>
#include <sys/features.h>
#include <sys/types.h>
#include <sys/_sigset.h>
#include <sys/_timespec.h>

__BEGIN_DECLS

#if !defined(_SIGSET_T_DECLARED)
#define	_SIGSET_T_DECLARED
typedef	__sigset_t	sigset_t;
#endif

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		SIGABRT
#define SIGEMT		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGBUS		10
#define SIGSEGV		11
#define SIGSYS		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGURG		16
#define SIGSTOP		17
#define SIGTSTP		18
#define SIGCONT		19
#define SIGCHLD		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGIO		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGINFO		29
#define SIGUSR1		30
#define SIGUSR2		31
#define SIGTHR		32
#define SIGRTMIN	65
#define SIGRTMAX	126
#define NSIG		128		/* signals 1..NSIG-1 */
#define _NSIG		NSIG

typedef void (*_sig_func_ptr)(int);

union sigval {
	int	sival_int;
	void	*sival_ptr;
};

typedef struct siginfo {
	int		si_signo;
	int		si_errno;
	int		si_code;
	pid_t		si_pid;
	uid_t		si_uid;
	int		si_status;
	void		*si_addr;
	union sigval	si_value;
	union {
		struct { int _trapno; } _fault;
		struct { int _timerid; int _overrun; } _timer;
		struct { int _mqd; } _mesgq;
		struct { long _band; } _poll;
		struct { long __spare1__; int __spare2__[7]; } __spare__;
	} _reason;
} siginfo_t;
/* FreeBSD's names for the members of _reason. */
#define si_trapno	_reason._fault._trapno
#define si_timerid	_reason._timer._timerid
#define si_overrun	_reason._timer._overrun
#define si_mqd		_reason._mesgq._mqd
#define si_band		_reason._poll._band

#define SI_NOINFO	0
#define SI_USER		0x10001
#define SI_QUEUE	0x10002
#define SI_TIMER	0x10003
#define SI_ASYNCIO	0x10004
#define SI_MESGQ	0x10005
#define SI_KERNEL	0x10006
#define SI_LWP		0x10007
#define ILL_ILLOPC	1
#define ILL_PRVOPC	5
#define FPE_INTOVF	1
#define FPE_INTDIV	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define FPE_FLTSUB	8
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define BUS_OBJERR	3
#define TRAP_BRKPT	1
#define TRAP_TRACE	2
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

struct sigaction {
	union {
		void	(*__sa_handler)(int);
		void	(*__sa_sigaction)(int, struct siginfo *, void *);
	} __sigaction_u;
	int		sa_flags;
	sigset_t	sa_mask;
};
#define sa_handler	__sigaction_u.__sa_handler
#define sa_sigaction	__sigaction_u.__sa_sigaction

#define SA_ONSTACK	0x0001
#define SA_RESTART	0x0002
#define SA_RESETHAND	0x0004
#define SA_NOCLDSTOP	0x0008
#define SA_NODEFER	0x0010
#define SA_NOCLDWAIT	0x0020
#define SA_SIGINFO	0x0040

#define SIG_BLOCK	1
#define SIG_UNBLOCK	2
#define SIG_SETMASK	3

typedef struct sigaltstack {
	void		*ss_sp;
	__size_t	ss_size;
	int		ss_flags;
} stack_t;
#define SS_ONSTACK	0x0001
#define SS_DISABLE	0x0004
#define MINSIGSTKSZ	2048
#define SIGSTKSZ	(MINSIGSTKSZ + 32768)

struct sigevent {
	int		sigev_notify;
	int		sigev_signo;
	union sigval	sigev_value;
	union {
		int	_threadid;
		struct {
			void	(*_function)(union sigval);
			void	*_attribute;
		} _sigev_thread;
		long	__spare__[8];
	} _sigev_un;
};
#define sigev_notify_function	_sigev_un._sigev_thread._function
#define sigev_notify_attributes	_sigev_un._sigev_thread._attribute
#define SIGEV_NONE	0
#define SIGEV_SIGNAL	1
#define SIGEV_THREAD	2

int	sigprocmask(int, const sigset_t *, sigset_t *);
int	kill(pid_t, int);
int	killpg(pid_t, int);
int	sigaction(int, const struct sigaction *, struct sigaction *);
int	sigaddset(sigset_t *, const int);
int	sigdelset(sigset_t *, const int);
int	sigismember(const sigset_t *, int);
int	sigfillset(sigset_t *);
int	sigemptyset(sigset_t *);
int	sigpending(sigset_t *);
int	sigsuspend(const sigset_t *);
int	sigwait(const sigset_t *, int *);
int	sigpause(int);
int	sigaltstack(const stack_t *__restrict, stack_t *__restrict);
int	sigwaitinfo(const sigset_t *, siginfo_t *);
int	sigtimedwait(const sigset_t *, siginfo_t *, const struct timespec *);
int	sigqueue(pid_t, int, const union sigval);
int	siginterrupt(int, int);
/* lib/libpthread: the calling thread's mask; a signal for one thread. */
int	pthread_sigmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int	pthread_kill(pthread_t, int);

__END_DECLS

#endif /* _SYS_SIGNAL_H */
