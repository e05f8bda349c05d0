/*
 * LWKT scheduling, critical sections, tokens, sleep and wakeup: the
 * interface of lwkt_thread.c, lwkt_token.c, lwkt_ipiq.c and kern_synch.c.
 *
 * Scheduling model: each CPU has its own run queue of its own threads
 * (td_gd); a thread runs only on the CPU that owns it.  Another CPU that
 * wants to wake it sends the owner a cross-CPU call (lwkt_send_ipiq).
 * Higher td_pri runs first; equal kernel priorities round-robin, user
 * threads (all at TDPRI_USER_NORM) go by weighted run time.  A higher
 * priority thread made runnable sets RQF_AST_RESCHED and runs at the end
 * of the interrupt that woke it when the interrupted thread holds no
 * tokens or spinlocks and is not in a critical section
 * (lwkt_preempt_check), otherwise at its next switch point (blocking,
 * lwkt_yield, return to user).
 */
#ifndef _SYS_THREAD2_H_
#define _SYS_THREAD2_H_

#include <sys/types.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>

/* td_pri values: higher runs first. */
#define TDPRI_IDLE_THREAD	0
#define TDPRI_USER_IDLE		4
#define TDPRI_USER_NORM		8	/* user threads (nice is a weight) */
#define TDPRI_USER_REAL		16
#define TDPRI_KERN_DAEMON	20
#define TDPRI_KERN_USER		22	/* user thread inside the kernel */
#define TDPRI_KERN_LPSCHED	24
#define TDPRI_SOFT_NORM		26	/* protocol threads */
#define TDPRI_INT_SUPPORT	28
#define TDPRI_MAX		31
#define TDPRI_NQS		32

/* MI-private thread flags (beside TDF_* in <sys/thread.h>). */
#define TDF_BLOCKED	0x0100		/* descheduled: not runnable */
#define TDF_TIMEOUT	0x0200		/* tsleep timed out */
#define TDF_SINTR	0x0400		/* tsleep may be interrupted */
#define TDF_ALLOCATED	0x0800		/* struct thread from lwkt_alloc */
#define TDF_MIGRATING	0x1000		/* moving to another CPU */
#define TDF_USERMODE	0x2000		/* thread of a user process */
#define TDF_UPREEMPT	0x4000		/* switched out in userret: may
					   move to another CPU */
#define TDF_VRREL	0x8000		/* td_vruntime relative: moving
					   between CPUs */
#define TDF_USERQ	0x20000		/* on the ordered user queue */

/* lwkt_create flags (not td_flags bits) */
#define TDF_NOSTART	0x10000		/* create but do not schedule */

/* td_mi[] slots */
#define TDMI_TOKS	0		/* base of the token ref array */
#define TDMI_CALLOUT	1		/* tsleep timeout callout */
#define TDMI_EXIT	2		/* reaper link */

/* ---- Critical sections -------------------------------------------- */

void	lwkt_crit_exit_check(struct thread *td);

static inline void
crit_enter(void)
{
	struct thread *td = curthread;

	++td->td_critcount;
	cpu_ccfence();
}

static inline void
crit_exit(void)
{
	struct thread *td = curthread;

	cpu_ccfence();
	if (--td->td_critcount == 0 &&
	    __predict_false((mycpu->gd_reqflags & RQF_AST_RESCHED) != 0))
		lwkt_crit_exit_check(td);
}

static inline void
crit_enter_quick(struct thread *td)
{
	++td->td_critcount;
	cpu_ccfence();
}

static inline void
crit_exit_quick(struct thread *td)
{
	cpu_ccfence();
	--td->td_critcount;
}

/* ---- Threads -------------------------------------------------------- */

void	lwkt_init(void);			/* BSP */
void	lwkt_init_ap(void);			/* each AP */
void	lwkt_idle_loop(void) __dead2;
int	lwkt_create(void (*func)(void *), void *arg, struct thread **tdp,
	    int cpu, int flags, const char *fmt, ...) __printflike(6, 7);
						/* cpu -1: this CPU */
struct thread *lwkt_alloc_thread(int cpu);	/* NULL if no memory */
void	lwkt_free_thread(struct thread *td);
void	lwkt_switch(void);
void	lwkt_yield(void);
void	lwkt_schedule(struct thread *td);
void	lwkt_deschedule_self(struct thread *td);
void	lwkt_setpri(struct thread *td, int pri);
void	lwkt_setpri_self(int pri);
void	lwkt_migrate(int cpu);			/* move curthread */
bool	lwkt_runnable(void);			/* anything queued here */
void	lwkt_need_resched(struct globaldata *gd);
void	lwkt_preempt_check(void);		/* end of a kernel-mode
						   interrupt */
extern uint64_t lwkt_preemptions;	/* kern.sched.preemptions */
void	usched_clock(struct globaldata *gd, struct thread *td);
						/* hardclock: charge a tick */
extern uint64_t usched_migrations;	/* kern.sched.migrations */
extern uint64_t lwkt_nthreads;

/* ---- Cross-CPU calls (lwkt_ipiq.c) --------------------------------- */

typedef void (*ipifunc_t)(void *arg);
void	lwkt_ipiq_init(void);
void	lwkt_send_ipiq(struct globaldata *target, ipifunc_t func, void *arg);
void	lwkt_send_ipiq_mask(uint64_t cpumask, ipifunc_t func, void *arg);
void	lwkt_process_ipiq(void);
void	lwkt_cpusync(uint64_t cpumask, ipifunc_t func, void *arg);
					/* run func on each CPU and wait */

/* ---- Tokens (lwkt_token.c) ------------------------------------------ */

struct lwkt_token {
	volatile long	t_count;	/* TOK_EXCLUSIVE | shared count * 2 */
	struct thread	*t_ref;		/* exclusive holder */
	const char	*t_desc;
	uint64_t	t_collisions;
};
typedef struct lwkt_token *lwkt_token_t;

#define TOK_EXCLUSIVE	0x1L
#define TOK_INCR	0x2L

#define LWKT_TOKEN_INITIALIZER(name)	{ 0, NULL, #name, 0 }

struct lwkt_tokref {
	lwkt_token_t	tr_tok;
	struct thread	*tr_owner;
	int		tr_flags;	/* TRF_* */
};
#define TRF_EXCL	0x1		/* exclusive reference */
#define TRF_RECURSE	0x2		/* rides on an earlier reference */
#define TRF_HELD	0x4		/* currently acquired */

#define LWKT_MAXTOKENS	32

void	lwkt_token_init(lwkt_token_t tok, const char *desc);
void	lwkt_gettoken(lwkt_token_t tok);
void	lwkt_gettoken_shared(lwkt_token_t tok);
bool	lwkt_trytoken(lwkt_token_t tok);
void	lwkt_reltoken(lwkt_token_t tok);
bool	lwkt_token_is_held(lwkt_token_t tok);		/* by curthread */
lwkt_token_t lwkt_token_pool_lookup(const void *ptr);
lwkt_token_t lwkt_getpooltoken(const void *ptr);	/* acquires it */
void	lwkt_relpooltoken(const void *ptr);
/* Used by lwkt_switch: release before blocking, reacquire on resume. */
void	lwkt_token_release_all(struct thread *td);
bool	lwkt_token_acquire_all(struct thread *td);

#define ASSERT_LWKT_TOKEN_HELD(tok)					\
	KASSERT(lwkt_token_is_held(tok), ("token %s not held", (tok)->t_desc))

extern struct lwkt_token proc_token;
extern struct lwkt_token vm_token;

/* ---- Sleep and wakeup (kern_synch.c) -------------------------------- */

struct spinlock;
struct lwkt_token;

#define PCATCH		0x0100		/* signals interrupt the sleep */
#define PINTERLOCKED	0x0400		/* (internal) */

int	tsleep(const void *ident, int flags, const char *wmesg, int timo);
int	ssleep(const void *ident, struct spinlock *spin, int flags,
	    const char *wmesg, int timo);	/* spin released while asleep */
void	wakeup(const void *ident);
void	wakeup_one(const void *ident);
void	sleep_init(void);
/* Hook for kern_sig.c: does td have a signal that should end a PCATCH
   sleep?  Returns 0, EINTR or ERESTART. */
int	sleep_signal_check(struct thread *td);
void	sleep_interrupt(struct thread *td);	/* end td's PCATCH sleep */

#endif /* !_SYS_THREAD2_H_ */
