/*
 * tsleep/wakeup.  Sleeping threads hang on a hash of wait channels (one
 * spinlock per bucket).  A sleeper enqueues itself and marks itself
 * blocked under the bucket lock, then switches away; a waker dequeues it
 * under the same lock and schedules it on its CPU (through a cross-CPU
 * call when that is another CPU).  Because both sides hold the bucket
 * lock and lwkt_schedule() of a still-running thread merely clears its
 * blocked mark, a wakeup can never be lost.  Timeouts use the thread's
 * own callout; PCATCH sleeps end early when kern_sig.c posts a signal.
 * A signal sender holds no bucket lock (it cannot know the bucket before
 * it reads td_wchan), so a PCATCH sleeper looks for signals again once it
 * is queued: see ssleep() for why that closes the window.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/callout.h>

#define SLPQ_SIZE	128

static struct slpq {
	struct spinlock		spin;
	TAILQ_HEAD(, thread)	q;
} __cachealign slpq[SLPQ_SIZE];

#define SLPQ(ident)	(&slpq[(((uintptr_t)(ident)) >> 5 ^ \
			    ((uintptr_t)(ident)) >> 12) % SLPQ_SIZE])

int	sig_sleep_check(struct thread *td) __attribute__((__weak__));

void
sleep_init(void)
{
	int i;

	for (i = 0; i < SLPQ_SIZE; i++) {
		spin_init(&slpq[i].spin, "slpq");
		TAILQ_INIT(&slpq[i].q);
	}
}

int
sleep_signal_check(struct thread *td)
{
	if (sig_sleep_check == NULL)
		return (0);
	return (sig_sleep_check(td));
}

/* Dequeue a sleeper and make it runnable; bucket lock held. */
static void
sleep_unsleep(struct slpq *b, struct thread *td, int error)
{
	TAILQ_REMOVE(&b->q, td, td_threadq);
	TD_FLAGS_CLR(td, TDF_SLEEPING);
	td->td_wchan = NULL;
	if (error != 0)
		td->td_wakeup_error = error;
	lwkt_schedule(td);
}

static void
sleep_timeout(void *arg)
{
	struct thread *td = arg;
	struct slpq *b;
	const void *ident = td->td_wchan;

	if (ident == NULL)
		return;
	b = SLPQ(ident);
	spin_lock(&b->spin);
	if ((td->td_flags & TDF_SLEEPING) != 0 && td->td_wchan == ident) {
		TD_FLAGS_SET(td, TDF_TIMEOUT);
		sleep_unsleep(b, td, EWOULDBLOCK);
	}
	spin_unlock(&b->spin);
}

/*
 * kern_sig.c: a signal arrived for td; end an interruptible sleep.  The
 * caller has made the signal pending (and fenced) before this reads
 * td_wchan; ssleep() queues the thread before it looks for signals.
 */
void
sleep_interrupt(struct thread *td)
{
	const void *ident;
	struct slpq *b;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ident = __atomic_load_n(&td->td_wchan, __ATOMIC_RELAXED);
	if (ident == NULL)
		return;
	b = SLPQ(ident);
	spin_lock(&b->spin);
	if ((td->td_flags & (TDF_SLEEPING | TDF_SINTR)) ==
	    (TDF_SLEEPING | TDF_SINTR) && td->td_wchan == ident)
		sleep_unsleep(b, td, EINTR);
	spin_unlock(&b->spin);
}

int
ssleep(const void *ident, struct spinlock *spin, int flags,
    const char *wmesg, int timo)
{
	struct thread *td = curthread;
	struct callout *c = td->td_mi[TDMI_CALLOUT];
	struct slpq *b;
	int error;

	if ((flags & PCATCH) != 0) {
		error = sleep_signal_check(td);
		if (error != 0)
			return (error);
	}
	if ((td->td_flags & TDF_IDLE) != 0)
		panic("tsleep: idle thread sleeps on %s", wmesg);
	b = SLPQ(ident);
	spin_lock(&b->spin);
	if (spin != NULL)
		spin_unlock(spin);
	td->td_wchan = ident;
	td->td_wmesg = wmesg;
	td->td_wakeup_error = 0;
	TD_FLAGS_CLR(td, TDF_TIMEOUT);
	TD_FLAGS_SET(td, TDF_SLEEPING);
	if ((flags & PCATCH) != 0)
		TD_FLAGS_SET(td, TDF_SINTR);
	TAILQ_INSERT_TAIL(&b->q, td, td_threadq);
	if ((flags & PCATCH) != 0) {
		/*
		 * Look again now that td_wchan is set.  A sender makes its
		 * signal pending, then reads td_wchan; we set td_wchan, then
		 * read the pending set.  With a full fence on each side one
		 * of us sees the other: either the signal is found here, or
		 * sleep_interrupt() finds us queued and ends the sleep.  The
		 * check at the top alone left a window between it and the
		 * queueing in which a signal was lost until the next one
		 * (t_pty's ^C under Bochs hit it every time).
		 */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		error = sleep_signal_check(td);
		if (error != 0) {
			TAILQ_REMOVE(&b->q, td, td_threadq);
			TD_FLAGS_CLR(td, TDF_SLEEPING | TDF_SINTR);
			td->td_wchan = NULL;
			spin_unlock(&b->spin);
			if (spin != NULL)
				spin_lock(spin);
			return (error);
		}
	}
	lwkt_deschedule_self(td);
	if (timo > 0 && c != NULL)
		callout_reset(c, timo, sleep_timeout, td);
	spin_unlock(&b->spin);

	lwkt_switch();

	if (timo > 0 && c != NULL)
		callout_stop(c);
	spin_lock(&b->spin);
	if ((td->td_flags & TDF_SLEEPING) != 0) {
		/* Scheduled by someone else than a waker: just leave. */
		TAILQ_REMOVE(&b->q, td, td_threadq);
		TD_FLAGS_CLR(td, TDF_SLEEPING);
		td->td_wchan = NULL;
	}
	TD_FLAGS_CLR(td, TDF_SINTR);
	spin_unlock(&b->spin);
	error = td->td_wakeup_error;
	td->td_wakeup_error = 0;
	if ((td->td_flags & TDF_TIMEOUT) != 0) {
		TD_FLAGS_CLR(td, TDF_TIMEOUT);
		error = EWOULDBLOCK;
	} else if (error == EINTR && (flags & PCATCH) != 0) {
		/* kern_sig.c says whether the call restarts. */
		error = sleep_signal_check(td);
		if (error == 0)
			error = EINTR;
	}
	if (spin != NULL)
		spin_lock(spin);
	return (error);
}

int
tsleep(const void *ident, int flags, const char *wmesg, int timo)
{
	return (ssleep(ident, NULL, flags, wmesg, timo));
}

static void
wakeup_common(const void *ident, bool one)
{
	struct slpq *b = SLPQ(ident);
	struct thread *td, *next;

	spin_lock(&b->spin);
	for (td = TAILQ_FIRST(&b->q); td != NULL; td = next) {
		next = TAILQ_NEXT(td, td_threadq);
		if (td->td_wchan != ident)
			continue;
		sleep_unsleep(b, td, 0);
		if (one)
			break;
	}
	spin_unlock(&b->spin);
}

void
wakeup(const void *ident)
{
	wakeup_common(ident, false);
}

void
wakeup_one(const void *ident)
{
	wakeup_common(ident, true);
}
