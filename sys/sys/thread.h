/*
 * LWKT threads.  A thread is the unit the per-CPU scheduler runs; a user
 * process (struct proc, <sys/proc.h>) has one or more threads through its
 * lwps.  A thread is owned by the CPU it is scheduled on (td_gd): only that
 * CPU changes its run state; other CPUs ask through IPIs or messages.
 *
 * The fields the machine layer uses are at the top and must keep their
 * names: td_kstack, td_kstack_size, td_frame, td_pcb, td_proc, td_gd.
 */
#ifndef _SYS_THREAD_H_
#define _SYS_THREAD_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <machine/pcb.h>

struct globaldata;
struct proc;
struct lwp;
struct trapframe;
struct lwkt_port;
struct lwkt_msg;

struct thread {
	/* Used by the machine layer. */
	void		*td_kstack;	/* base of the kernel stack */
	size_t		td_kstack_size;
	struct trapframe *td_frame;	/* user frame at the stack top */
	struct pcb	td_pcb;		/* saved context, FP, onfault */
	struct proc	*td_proc;	/* NULL for kernel threads */
	struct lwp	*td_lwp;
	struct globaldata *td_gd;	/* owning CPU */

	/* Machine independent (sys/kern/lwkt_thread.c owns these). */
	TAILQ_ENTRY(thread) td_threadq;	/* run queue / wait queue */
	LIST_ENTRY(thread) td_allq;	/* all threads; under thread_token */
	int		td_flags;	/* TDF_* */
	int		td_pri;		/* scheduling priority */
	uint64_t	td_vruntime;	/* user threads: weighted CPU time,
					   the user scheduler's order */
	int		td_critcount;	/* > 0: no preemption */
	const void	*td_wchan;	/* what tsleep waits for */
	const char	*td_wmesg;
	int		td_wakeup_error;
	uint64_t	td_sleep_deadline;
	struct lwkt_tokref *td_toks_stop; /* held tokens (lwkt_token.c) */
	void		*td_mi[8];	/* MI subsystem slots */
	char		td_comm[20];	/* name */
};

/*
 * td_flags is changed by the owning CPU (scheduling state) and by wakers
 * on any CPU (the sleep flags, under the sleep queue's spinlock but not
 * the owner's): every read-modify-write must be atomic, or one CPU's
 * update can undo the other's (a thread left TDF_RUNNING but running
 * nowhere never gets scheduled again).
 */
#define TD_FLAGS_SET(td, f)	\
	((void)__atomic_fetch_or(&(td)->td_flags, (f), __ATOMIC_SEQ_CST))
#define TD_FLAGS_CLR(td, f)	\
	((void)__atomic_fetch_and(&(td)->td_flags, ~(f), __ATOMIC_SEQ_CST))

#define TDF_RUNNING	0x0001		/* on a CPU now */
#define TDF_RUNQ	0x0002		/* on a run queue */
#define TDF_SLEEPING	0x0004		/* in tsleep */
#define TDF_EXITING	0x0008
#define TDF_SYSTHREAD	0x0010		/* kernel-only */
#define TDF_IDLE	0x0020		/* a CPU's idle thread */
#define TDF_NETDIRECT	0x0040		/* in a netisr direct section */

#endif /* !_SYS_THREAD_H_ */
