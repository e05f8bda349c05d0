/*
 * Threads at the system-call level (DragonFly's interface): lwp_create
 * starts a thread of the calling process, extexit ends a thread or the
 * process, umtx_sleep/umtx_wakeup are the futex that locks are built on.
 * libpthread is the intended user; these are not for applications.
 */
#ifndef _SYS_LWP_H_
#define _SYS_LWP_H_

#include <sys/types.h>

#if !defined(_KERNEL) && !defined(_LWPID_T_DECLARED)
typedef	__int32_t	lwpid_t;	/* newlib's <sys/types.h> has none */
#define	_LWPID_T_DECLARED
#endif

/*
 * lwp_create's argument.  The new thread runs lwp_func(lwp_arg) on
 * lwp_stack (the top; the kernel aligns it down as the ABI wants);
 * lwp_func must not return but end with extexit(EXTEXIT_LWP, ...).
 * The new thread's id is stored through lwp_tid1 and lwp_tid2 when they
 * are not NULL, before it runs.
 */
struct lwp_params {
	void	(*lwp_func)(void *);
	void	*lwp_arg;
	void	*lwp_stack;
	lwpid_t	*lwp_tid1;
	lwpid_t	*lwp_tid2;
};

/* extexit's how: what ends, optionally storing status at addr first. */
#define EXTEXIT_PROC	0		/* the process (exit(2)) */
#define EXTEXIT_LWP	1		/* this thread; the last ends the process */
#define EXTEXIT_SETINT	0x10000		/* *(int *)addr = status, wake it */
#define EXTEXIT_ACTION(how)	((how) & 0xffff)

#ifndef _KERNEL
int	lwp_create(struct lwp_params *);
lwpid_t	lwp_gettid(void);
int	lwp_kill(pid_t, lwpid_t, int);
int	extexit(int, int, void *) __attribute__((__noreturn__));
int	umtx_sleep(const volatile int *, int, int);
int	umtx_wakeup(const volatile int *, int);
#endif

#endif /* !_SYS_LWP_H_ */
