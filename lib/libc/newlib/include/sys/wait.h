/*
 * Petrel's sys/wait.h for newlib: FreeBSD's wait status encoding and
 * option bits, which wait4(2) and wait6(2) use, and the id types of
 * wait6 and waitid.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/signal.h>
#include <sys/resource.h>

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

/* FreeBSD's idtype_t numbering; the kernel takes the same values. */
#ifndef _IDTYPE_T_DECLARED
typedef enum {
	P_PID = 0,		/* the process with pid id */
	P_PPID = 1,		/* children of the process id */
	P_PGID = 2,		/* members of process group id */
	P_SID = 3,		/* members of session id */
	P_UID = 5,		/* effective user id */
	P_GID = 6,		/* effective group id */
	P_ALL = 7		/* any child */
} idtype_t;
#define _IDTYPE_T_DECLARED
#endif

/* wait6's usage: the child's own, and its children's (always zero). */
struct __wrusage {
	struct rusage	wru_self;
	struct rusage	wru_children;
};

__BEGIN_DECLS
pid_t	wait(int *);
pid_t	waitpid(pid_t, int *, int);
pid_t	wait3(int *, int, struct rusage *);
pid_t	wait4(pid_t, int *, int, struct rusage *);
pid_t	wait6(idtype_t, id_t, int *, int, struct __wrusage *, siginfo_t *);
int	waitid(idtype_t, id_t, siginfo_t *, int);
__END_DECLS

#endif /* _SYS_WAIT_H */
