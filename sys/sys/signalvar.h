/*
 * Kernel-internal signal helpers: default-action properties of each
 * signal (FreeBSD's table) and the siginfo limits.
 */
#ifndef _SYS_SIGNALVAR_H_
#define _SYS_SIGNALVAR_H_

#include <sys/signal.h>

#define SA_KILL		0x01		/* terminates the process */
#define SA_CORE		0x02		/* ... and would dump core */
#define SA_STOP		0x04		/* stops the process */
#define SA_TTYSTOP	0x08		/* tty stop (ignored if orphaned) */
#define SA_IGNORE	0x10		/* ignored by default */
#define SA_CONT		0x20		/* continues a stopped process */

int	sigprop(int sig);

struct thread;
/* Should td's PCATCH sleep end?  0, EINTR or ERESTART (SA_RESTART). */
int	sig_sleep_check(struct thread *td);
#define SIGQUEUE_MAX	128		/* queued siginfo per process */

#endif /* !_SYS_SIGNALVAR_H_ */
