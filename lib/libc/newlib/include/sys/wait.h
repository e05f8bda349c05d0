/*
 * Petrel's sys/wait.h for newlib: FreeBSD's wait status encoding and
 * option bits, which wait4(2) uses.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/cdefs.h>
#include <sys/types.h>

#define WNOHANG		1	/* do not block */
#define WUNTRACED	2	/* report stopped children too */
#define WSTOPPED	WUNTRACED
#define WCONTINUED	4	/* report continued children */
#define WNOWAIT		8	/* leave the child waitable */
#define WEXITED		16
#define WTRAPPED	32

#define WAIT_ANY	(-1)
#define WAIT_MYPGRP	0

#define _WSTATUS(x)	((x) & 0177)
#define _WSTOPPED	0177
#define WCOREFLAG	0200
#define WIFSTOPPED(x)	(_WSTATUS(x) == _WSTOPPED && ((x) >> 8) != 0x13)
#define WSTOPSIG(x)	((x) >> 8)
#define WIFSIGNALED(x)	(_WSTATUS(x) != _WSTOPPED && _WSTATUS(x) != 0 && \
			    (x) != 0x13)
#define WTERMSIG(x)	(_WSTATUS(x))
#define WIFEXITED(x)	(_WSTATUS(x) == 0)
#define WEXITSTATUS(x)	(((x) >> 8) & 0xff)
#define WIFCONTINUED(x)	((x) == 0x13)
#define WCOREDUMP(x)	((x) & WCOREFLAG)
#define W_EXITCODE(ret, sig)	((ret) << 8 | (sig))
#define W_STOPCODE(sig)		((sig) << 8 | _WSTOPPED)

struct rusage;

__BEGIN_DECLS
pid_t	wait(int *);
pid_t	waitpid(pid_t, int *, int);
pid_t	wait3(int *, int, struct rusage *);
pid_t	wait4(pid_t, int *, int, struct rusage *);
__END_DECLS

#endif /* _SYS_WAIT_H */
