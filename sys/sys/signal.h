/*
 * Signal numbers and the structures of the signal system calls, with
 * FreeBSD's values and layouts (the libc maps newlib's names onto these).
 * Real-time signals SIGRTMIN..SIGRTMAX are queued with their values.
 * Shared by the kernel and (through lib/libc) user programs.
 */
#ifndef _SYS_SIGNAL_H_
#define _SYS_SIGNAL_H_

#include <sys/types.h>

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
#define _SIG_MAXSIG	127

#define SIG_DFL		((void (*)(int))0)
#define SIG_IGN		((void (*)(int))1)
#define SIG_ERR		((void (*)(int))-1)
#define SIG_HOLD	((void (*)(int))3)

/* A set of signals 1..127: FreeBSD's 128-bit layout. */
typedef struct __sigset {
	uint32_t	__bits[4];
} sigset_t;

#define _SIG_WORD(sig)	(((sig) - 1) >> 5)
#define _SIG_BIT(sig)	(1U << (((sig) - 1) & 31))
#define _SIG_VALID(sig)	((sig) > 0 && (sig) < NSIG)

#define SIGADDSET(set, sig)	((set).__bits[_SIG_WORD(sig)] |= _SIG_BIT(sig))
#define SIGDELSET(set, sig)	((set).__bits[_SIG_WORD(sig)] &= ~_SIG_BIT(sig))
#define SIGISMEMBER(set, sig)	(((set).__bits[_SIG_WORD(sig)] & _SIG_BIT(sig)) != 0)
#define SIGEMPTYSET(set)	do { int __i; for (__i = 0; __i < 4; __i++) \
				    (set).__bits[__i] = 0; } while (0)
#define SIGFILLSET(set)		do { int __i; for (__i = 0; __i < 4; __i++) \
				    (set).__bits[__i] = ~0U; } while (0)
#define SIGSETOR(a, b)		do { int __i; for (__i = 0; __i < 4; __i++) \
				    (a).__bits[__i] |= (b).__bits[__i]; } while (0)
#define SIGSETAND(a, b)		do { int __i; for (__i = 0; __i < 4; __i++) \
				    (a).__bits[__i] &= (b).__bits[__i]; } while (0)
#define SIGSETNAND(a, b)	do { int __i; for (__i = 0; __i < 4; __i++) \
				    (a).__bits[__i] &= ~(b).__bits[__i]; } while (0)

union sigval {
	int	sival_int;
	void	*sival_ptr;
};

/* FreeBSD's siginfo_t layout (80 bytes on LP64). */
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

/* si_code values */
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
#define FPE_INTOVF	1		/* integer overflow */
#define FPE_INTDIV	2		/* integer divide by zero */
#define FPE_FLTDIV	3		/* floating-point divide by zero */
#define FPE_FLTOVF	4		/* floating-point overflow */
#define FPE_FLTUND	5		/* floating-point underflow */
#define FPE_FLTRES	6		/* floating-point inexact result */
#define FPE_FLTINV	7		/* invalid floating-point operation */
#define FPE_FLTSUB	8		/* subscript out of range (x87 stack) */
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
#define SA_NODEFER	0x0010
#define SA_NOCLDWAIT	0x0020
#define SA_SIGINFO	0x0040
#define SA_NOCLDSTOP	0x0008

#define SIG_BLOCK	1
#define SIG_UNBLOCK	2
#define SIG_SETMASK	3

typedef struct sigaltstack {
	void		*ss_sp;
	size_t		ss_size;
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
#define SIGEV_NONE	0
#define SIGEV_SIGNAL	1
#define SIGEV_THREAD	2

#endif /* !_SYS_SIGNAL_H_ */
