/*
 * Processes and their threads.  A process (struct proc) owns an address
 * space (p_vmspace), a descriptor table (p_fd, <sys/filedesc.h>),
 * credentials (p_ucred), signal state (p_sigacts) and resource limits
 * (p_limit); it runs as one or more lwps, each with an LWKT thread,
 * on the p_lwps list.  The first lwp is embedded (p_lwp0) so that fork
 * and exec of single-threaded processes allocate nothing more; further
 * ones come from lwp_create(2) (kern_lwp.c).
 *
 * Locking: the process tree, pid hash, process groups and sessions are
 * under proc_token; a process's signal state and status under its
 * p_token; p_ucred is replaced only by the process itself (copy on
 * write), so readers of curproc's credentials need no lock.
 */
#ifndef _SYS_PROC_H_
#define _SYS_PROC_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/param.h>
#include <sys/signal.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/globaldata.h>
#include <sys/callout.h>

struct vmspace;
struct filedesc;
struct ucred;
struct vnode;
struct session;
struct sigacts;
struct plimit;

struct pgrp {
	LIST_ENTRY(pgrp) pg_hash;	/* pgrp hash; proc_token */
	LIST_HEAD(, proc) pg_members;	/* proc_token */
	struct session	*pg_session;	/* immutable */
	pid_t		pg_id;		/* immutable */
	int		pg_refs;	/* members + users; proc_token */
};

struct session {
	int		s_count;	/* pgrps + users; proc_token */
	struct proc	*s_leader;	/* proc_token */
	struct vnode	*s_ttyvp;	/* controlling tty vnode (files layer) */
	void		*s_ttyp;	/* struct tty * (files layer) */
	pid_t		s_sid;		/* immutable */
	char		s_login[MAXLOGNAME];
};

/* Signal actions, shared by a process's lwps; p_token. */
struct sigacts {
	void		(*ps_sigact[NSIG])(int);
	sigset_t	ps_catchmask[NSIG];	/* mask while handling */
	int		ps_flags[NSIG];		/* SA_* per signal */
	sigset_t	ps_sigonstack;
	sigset_t	ps_sigintr;		/* !SA_RESTART */
	sigset_t	ps_sigreset;
	sigset_t	ps_signodefer;
	sigset_t	ps_siginfo;
	sigset_t	ps_sigignore;
	sigset_t	ps_sigcatch;
	int		ps_refcnt;
};

/* Resource limits, shared copy-on-write. */
struct plimit {
	struct rlimit	pl_rlimit[RLIM_NLIMITS];
	volatile int	pl_refcnt;
};

/* A queued signal (real-time signals and sigqueue carry a value). */
struct ksiginfo {
	TAILQ_ENTRY(ksiginfo) ksi_link;
	siginfo_t	ksi_info;
};

struct lwp {
	LIST_ENTRY(lwp)	lwp_list;	/* p_lwps; p_token */
	LIST_ENTRY(lwp)	lwp_tidlink;	/* tids in use (kern_lwp.c) */
	struct proc	*lwp_proc;	/* immutable */
	struct thread	*lwp_thread;	/* immutable */
	lwpid_t		lwp_tid;
	sigset_t	lwp_sigmask;	/* blocked signals; own lwp */
	sigset_t	lwp_siglist;	/* pending for this lwp only; p_token */
	sigset_t	lwp_oldsigmask;	/* saved by sigsuspend */
	/*
	 * A fault's signal goes to the lwp that faulted, with the fault's
	 * code and address: lwp_trapinfo holds them while lwp_trapinfo's
	 * signal is in lwp_siglist (si_signo 0: none).
	 */
	siginfo_t	lwp_trapinfo;	/* p_token */
	int		lwp_flags;	/* LWP_* */
	stack_t		lwp_sigstk;	/* sigaltstack */
	/*
	 * The port's signal frame saves only signals 1-64 of the mask;
	 * the words for 65-127 (real-time signals) are stacked here by
	 * postsig and popped by sigreturn.
	 */
	uint32_t	lwp_sighi[16][2];
	int		lwp_sighidepth;
	struct trapframe *lwp_md_frame;	/* unused; see td_frame */
};
#define LWP_OLDMASK	0x0001		/* restore lwp_oldsigmask on return */
#define LWP_WEXIT	0x0002		/* told to die at its next boundary */

struct proc {
	LIST_ENTRY(proc) p_list;	/* allproc or zombproc; proc_token */
	LIST_ENTRY(proc) p_hash;	/* pid hash; proc_token */
	LIST_ENTRY(proc) p_sibling;	/* siblings; proc_token */
	LIST_HEAD(, proc) p_children;	/* proc_token */
	LIST_ENTRY(proc) p_pglist;	/* pgrp members; proc_token */
	struct proc	*p_pptr;	/* parent; proc_token */
	struct pgrp	*p_pgrp;	/* proc_token */
	pid_t		p_pid;		/* immutable */
	int		p_stat;		/* SIDL SACTIVE SSTOP SZOMB; p_token */
	int		p_flags;	/* P_*; p_token */
	int		p_xstat;	/* wait4 status word (W*) */
	int		p_nice;		/* -20 .. 20 */
	volatile int	p_holdcnt;	/* pfind holds: reaping waits */
	struct lwkt_token p_token;

	struct vmspace	*p_vmspace;	/* address space */
	struct filedesc	*p_fd;		/* descriptors (files layer) */
	struct ucred	*p_ucred;	/* credentials */
	struct sigacts	*p_sigacts;
	struct plimit	*p_limit;
	struct vnode	*p_textvp;	/* executable (files layer) */

	struct lwp	p_lwp0;		/* the first lwp, embedded */
	LIST_HEAD(, lwp) p_lwps;	/* live lwps; p_token */
	int		p_nthreads;	/* lwps on p_lwps; p_token */

	sigset_t	p_siglist;	/* pending signals; p_token */
	TAILQ_HEAD(, ksiginfo) p_sigq;	/* queued siginfo; p_token */
	int		p_sigqlen;
	int		p_stopsig;	/* signal that stopped it */

	struct callout	p_itcallout;	/* ITIMER_REAL */
	struct itimerval p_realtimer;	/* it_value absolute (uptime) */
	struct ktimer	*p_ktimers;	/* POSIX timers, TIMER_MAX; p_token */
	struct rusage	p_ru;		/* own usage */
	struct rusage	p_cru;		/* reaped children */
	uint64_t	p_uticks;	/* ticks in user mode */
	uint64_t	p_sticks;	/* ticks in kernel mode */
	/*
	 * RLIMIT_CPU: hardclock sets p_cpucheck at each whole second of
	 * CPU time and userret compares the time with the limits (signals
	 * cannot be sent from the clock interrupt).  p_cpuxnext is the CPU
	 * second of the next SIGXCPU (0: the soft limit); setrlimit resets
	 * it.
	 */
	volatile int	p_cpucheck;
	uint64_t	p_cpuxnext;
	/*
	 * ITIMER_VIRTUAL [0] and ITIMER_PROF [1]: nanoseconds of CPU time
	 * left (0: off) and the reload interval.  hardclock counts them
	 * down (atomically: threads of one process tick on several CPUs)
	 * and at expiry sets the timer's bit in p_itfired, which userret
	 * turns into SIGVTALRM or SIGPROF.
	 */
	volatile uint64_t p_itleft[2];
	uint64_t	p_itival[2];
	volatile int	p_itfired;
	struct timeval	p_start;	/* uptime at creation */
	int		p_exitsig;	/* sent to parent on exit (SIGCHLD) */
	char		p_comm[MAXCOMLEN + 1];
	char		*p_args;	/* argv for ps (kmalloc), or NULL */
	size_t		p_argslen;
	mode_t		p_umask;	/* maintained by the files layer */
	int		p_traceflag;
	void		*p_emuldata;
};

/* p_stat */
#define SIDL		1		/* being created */
#define SACTIVE		2
#define SSTOP		3		/* stopped by a signal */
#define SZOMB		4		/* exited, waiting for wait4 */

/* p_flags */
#define P_CONTROLT	0x00000002	/* has a controlling terminal */
#define P_PPWAIT	0x00000010	/* parent waits in vfork */
#define P_SUGID		0x00000100	/* credentials changed: no core etc */
#define P_SYSTEM	0x00000200	/* kernel process */
#define P_WAITED	0x00001000	/* stop reported to the parent */
#define P_WEXIT		0x00002000	/* exiting */
#define P_EXEC		0x00004000	/* has exec'd */
#define P_CONTINUED	0x00008000	/* continued, not yet reported */
#define P_NOCLDWAIT	0x00010000

/* wait4 options and status words (FreeBSD's) */
#define WNOHANG		1
#define WUNTRACED	2
#define WSTOPPED	WUNTRACED
#define WCONTINUED	4
#define WNOWAIT		8
#define WEXITED		16
#define WTRAPPED	32
#define _WSTOPPED	0177
#define W_EXITCODE(ret, sig)	((ret) << 8 | (sig))
#define W_STOPCODE(sig)		((sig) << 8 | _WSTOPPED)
#define WCOREFLAG		0200
#define W_CONTINUED		0x13

/* wait6 id types: FreeBSD's idtype_t numbering (sys/wait.h). */
#define P_PID		0
#define P_PPID		1
#define P_PGID		2
#define P_SID		3
#define P_UID		5
#define P_GID		6
#define P_ALL		7
#define WAIT_ANY		(-1)
#define WAIT_MYPGRP		0

#define PID_MAX		99999
#define NO_PID		100000

#define curproc		(curthread->td_proc)
#define curlwp		(curthread->td_lwp)

extern struct proc proc0;
extern struct proc *initproc;
extern struct lwkt_token proc_token;
LIST_HEAD(proclist, proc);
extern struct proclist allproc;
extern struct proclist zombproc;
extern int nprocs;
extern int maxproc;

void	proc0_init(void);
int	start_init(const char *path);	/* returns only on failure */
pid_t	proc_allocpid(void);			/* proc_token held */
void	proc_link(struct proc *p);		/* proc_token held */
void	proc_unlink_hash(struct proc *p);
void	joinpgrp(struct proc *p, struct pgrp *pg);
struct proc *pfind(pid_t pid);		/* held with PHOLD; NULL if none */
struct proc *zpfind(pid_t pid);
void	phold(struct proc *p);
void	prele(struct proc *p);
struct pgrp *pgfind(pid_t pgid);	/* proc_token held */
int	enterpgrp(struct proc *p, pid_t pgid, bool mksess);
void	leavepgrp(struct proc *p);
bool	inferior(struct proc *p);
int	p_trespass(struct ucred *cr1, struct ucred *cr2);
int	p_cansignal(struct proc *from, struct proc *to, int sig);
int	proc_foreach(int (*fn)(struct proc *, void *), void *arg);

/* kern_fork.c, kern_exit.c, kern_exec.c */
#define RFPROC		0x0010
#define RFMEM		0x0020
#define RFPPWAIT	0x80000000
int	fork1(struct lwp *lp, int flags, struct proc **procp);
void	exit1(int rv) __dead2;
void	proc_wait_notify(struct proc *parent);	/* wake wait4 */
int	kern_wait(pid_t pid, int *status, int options, struct rusage *ru,
	    int *res);
int	kern_wait6(int idtype, u_int id, int *status, int options,
	    struct rusage *ru, siginfo_t *si, int *res);
int	kern_execve(const char *path, char *const *argv, char *const *envv,
	    bool kernel_args);

/* kern_lwp.c */
struct vmspace;
extern uint64_t nlwps;
void	lwp_link(struct proc *p, struct lwp *lp);	/* p_token held */
struct lwp *lwp_first(struct proc *p);		/* p_token held */
struct lwp *lwp_find(struct proc *p, lwpid_t tid);	/* p_token held */
void	lwp_free(struct lwp *lp);
void	lwp_killothers(struct proc *p);		/* p_token held */
void	lwp_exit(void) __dead2;			/* p_token held */
void	lwp_exit_or_exit1(int rv) __dead2;
int	umtx_wakeup_addr(struct vmspace *vm, uintptr_t addr, int count);

/* kern_sig.c */
void	ksignal(struct proc *p, int sig);
void	lwp_signal(struct lwp *lp, int sig);		/* p_token held */
void	lwp_signal_poke(struct lwp *lp);	/* p_token held */
int	ksignal_info(struct proc *p, const siginfo_t *si);
void	pgsignal(struct pgrp *pg, int sig, int checkctty);
void	gsignal(pid_t pgid, int sig);
int	issignal(struct lwp *lp);		/* next deliverable, or 0 */
void	postsig(int sig);
void	sigacts_init(struct proc *p);
struct sigacts *sigacts_copy(struct sigacts *ps);
void	sigacts_free(struct sigacts *ps);
void	execsigs(struct proc *p);
void	sigexit(struct lwp *lp, int sig) __dead2;
void	sigchld_parent(struct proc *p, int why, int status);

/* kern_resource.c */
void	proc_cpulimit_check(struct proc *p);
void	itimer_cpu_tick(struct proc *p, bool user);	/* hardclock */
void	itimer_cpu_post(struct proc *p);		/* userret */
struct plimit *plimit_copy(struct plimit *lim);
struct plimit *plimit_hold(struct plimit *lim);
void	plimit_free(struct plimit *lim);
void	plimit_init0(struct plimit *lim);
void	calcru(struct proc *p, struct timeval *up, struct timeval *sp);

#endif /* !_SYS_PROC_H_ */
