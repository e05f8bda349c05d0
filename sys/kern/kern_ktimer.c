/*
 * POSIX per-process timers (timer_create(2) and friends; FreeBSD's
 * ktimer_* system calls, which lib/libc/gen/timer.c wraps): up to
 * TIMER_MAX timers a process on CLOCK_REALTIME or CLOCK_MONOTONIC (and
 * their _PRECISE/_FAST and UPTIME spellings), one-shot or periodic,
 * relative or TIMER_ABSTIME, notifying by SIGEV_SIGNAL (the siginfo
 * carries SI_TIMER, the timer id, sigev_value and the overrun count) or
 * SIGEV_NONE.  SIGEV_THREAD is EINVAL: it needs a thread in libc.
 *
 * Each timer is a callout that fires at its expiry, kept as an absolute
 * uptime in ns (a realtime TIMER_ABSTIME value is converted once, when
 * it is set).  An expiry whose previous signal is still queued (blocked
 * or not yet taken) is not queued again: it counts as an overrun, and
 * the queued siginfo's si_overrun is kept up to date, so the count
 * arrives with the signal and timer_getoverrun reports it afterwards.
 * Timers are not inherited by fork and are deleted by exec and exit;
 * all state is under the process's p_token.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/signal.h>
#include <sys/time.h>
#include <sys/callout.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/ktimer.h>

MALLOC_DEFINE(M_KTIMER, "ktimer", "POSIX timers");

struct ktimer {
	struct callout	kt_callout;
	struct proc	*kt_proc;
	bool		kt_inuse;
	bool		kt_realtime;	/* set on CLOCK_REALTIME */
	int		kt_id;
	struct sigevent	kt_ev;
	uint64_t	kt_expire;	/* uptime ns of the next expiry; 0 off */
	uint64_t	kt_interval;	/* ns; 0: one-shot */
	int		kt_overrun;	/* of the signal queued or last taken */
	int		kt_lastoverrun;	/* of the one taken before that */
};

static uint64_t
ts_ns(const struct timespec *ts)
{
	return ((uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec);
}

static void
ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = ns / 1000000000ULL;
	ts->tv_nsec = ns % 1000000000ULL;
}

static bool
ts_valid(const struct timespec *ts)
{
	/* Up to 2^32 s: an absolute wall-clock time (about 1.7e9 s
	 * now) fits, and any time in ns still fits in 64 bits. */
	return (ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	    ts->tv_nsec < 1000000000 && ts->tv_sec < 4294967296LL);
}

/* The timer's signal still queued for p, if it is; p_token held. */
static struct ksiginfo *
ktimer_queued(struct proc *p, struct ktimer *kt)
{
	struct ksiginfo *k;

	TAILQ_FOREACH(k, &p->p_sigq, ksi_link)
		if (k->ksi_info.si_code == SI_TIMER &&
		    k->ksi_info.si_signo == kt->kt_ev.sigev_signo &&
		    k->ksi_info.si_timerid == kt->kt_id)
			return (k);
	return (NULL);
}

static void
ktimer_expire(void *arg)
{
	struct ktimer *kt = arg;
	struct proc *p = kt->kt_proc;
	struct ksiginfo *k;
	uint64_t now, n;
	siginfo_t si;
	bool post = false;

	lwkt_gettoken(&p->p_token);
	if (!kt->kt_inuse || kt->kt_expire == 0 || p->p_stat == SZOMB ||
	    (p->p_flags & P_WEXIT) != 0) {
		lwkt_reltoken(&p->p_token);
		return;
	}
	now = uptime_ns();
	if (now < kt->kt_expire) {
		/* Early by a tick's rounding, or re-armed meanwhile. */
		callout_reset(&kt->kt_callout, nstohz(kt->kt_expire - now),
		    ktimer_expire, kt);
		lwkt_reltoken(&p->p_token);
		return;
	}
	/* Periods that passed beyond this one are overruns as well. */
	n = 0;
	if (kt->kt_interval != 0)
		n = (now - kt->kt_expire) / kt->kt_interval;
	if (kt->kt_ev.sigev_notify == SIGEV_SIGNAL) {
		if ((k = ktimer_queued(p, kt)) != NULL) {
			kt->kt_overrun += 1 + (int)n;
			k->ksi_info.si_overrun = kt->kt_overrun;
		} else {
			kt->kt_lastoverrun = kt->kt_overrun;
			kt->kt_overrun = (int)n;
			memset(&si, 0, sizeof(si));
			si.si_signo = kt->kt_ev.sigev_signo;
			si.si_code = SI_TIMER;
			si.si_value = kt->kt_ev.sigev_value;
			si.si_timerid = kt->kt_id;
			si.si_overrun = (int)n;
			post = true;
		}
	}
	if (kt->kt_interval != 0) {
		kt->kt_expire += (n + 1) * kt->kt_interval;
		callout_reset(&kt->kt_callout, nstohz(kt->kt_expire - now),
		    ktimer_expire, kt);
	} else {
		kt->kt_expire = 0;
	}
	lwkt_reltoken(&p->p_token);
	if (post)
		ksignal_info(p, &si);
}

/* The caller's timer id, or NULL; p_token held. */
static struct ktimer *
ktimer_lookup(struct proc *p, int id)
{
	if (p->p_ktimers == NULL || id < 0 || id >= TIMER_MAX ||
	    !p->p_ktimers[id].kt_inuse)
		return (NULL);
	return (&p->p_ktimers[id]);
}

static bool
clock_ok(clockid_t clock, bool *realtime)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_PRECISE:
	case CLOCK_REALTIME_FAST:
		*realtime = true;
		return (true);
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_PRECISE:
	case CLOCK_MONOTONIC_FAST:
	case CLOCK_UPTIME:
	case CLOCK_UPTIME_PRECISE:
	case CLOCK_UPTIME_FAST:
		*realtime = false;
		return (true);
	default:
		return (false);
	}
}

int
sys_ktimer_create(struct sysmsg *sysmsg, const struct ktimer_create_args *uap)
{
	struct proc *p = curproc;
	struct ktimer *tab, *kt;
	struct sigevent ev;
	bool realtime;
	int error, id;

	if (!clock_ok(uap->clock_id, &realtime))
		return (EINVAL);
	if (uap->evp != NULL) {
		error = copyin(uap->evp, &ev, sizeof(ev));
		if (error != 0)
			return (error);
		if (ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_NONE)
			return (EINVAL);
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    !_SIG_VALID(ev.sigev_signo))
			return (EINVAL);
	}
	tab = NULL;
	if (p->p_ktimers == NULL)
		tab = kmalloc(TIMER_MAX * sizeof(*tab), M_KTIMER,
		    M_WAITOK | M_ZERO);
	lwkt_gettoken(&p->p_token);
	if (p->p_ktimers == NULL) {
		for (id = 0; id < TIMER_MAX; id++) {
			callout_init(&tab[id].kt_callout);
			tab[id].kt_proc = p;
			tab[id].kt_id = id;
		}
		p->p_ktimers = tab;
		tab = NULL;
	}
	for (id = 0; id < TIMER_MAX; id++)
		if (!p->p_ktimers[id].kt_inuse)
			break;
	if (id == TIMER_MAX) {
		lwkt_reltoken(&p->p_token);
		if (tab != NULL)
			kfree(tab, M_KTIMER);
		return (EAGAIN);
	}
	kt = &p->p_ktimers[id];
	kt->kt_inuse = true;
	kt->kt_realtime = realtime;
	kt->kt_expire = 0;
	kt->kt_interval = 0;
	kt->kt_overrun = kt->kt_lastoverrun = 0;
	if (uap->evp != NULL) {
		kt->kt_ev = ev;
	} else {
		memset(&kt->kt_ev, 0, sizeof(kt->kt_ev));
		kt->kt_ev.sigev_notify = SIGEV_SIGNAL;
		kt->kt_ev.sigev_signo = SIGALRM;
		kt->kt_ev.sigev_value.sival_int = id;
	}
	lwkt_reltoken(&p->p_token);
	if (tab != NULL)
		kfree(tab, M_KTIMER);
	return (copyout(&id, uap->timerid, sizeof(id)));
}

/* Disarm kt and forget it; p_token held. */
static void
ktimer_free1(struct ktimer *kt)
{
	callout_stop(&kt->kt_callout);
	kt->kt_inuse = false;
	kt->kt_expire = 0;
}

int
sys_ktimer_delete(struct sysmsg *sysmsg, const struct ktimer_delete_args *uap)
{
	struct proc *p = curproc;
	struct ktimer *kt;

	lwkt_gettoken(&p->p_token);
	if ((kt = ktimer_lookup(p, uap->timerid)) == NULL) {
		lwkt_reltoken(&p->p_token);
		return (EINVAL);
	}
	ktimer_free1(kt);
	lwkt_reltoken(&p->p_token);
	return (0);
}

/* What is left of kt and its period; p_token held. */
static void
ktimer_get(struct ktimer *kt, struct itimerspec *its)
{
	uint64_t now = uptime_ns();

	ns_ts(kt->kt_interval, &its->it_interval);
	if (kt->kt_expire == 0)
		ns_ts(0, &its->it_value);
	else
		ns_ts(kt->kt_expire > now ? kt->kt_expire - now : 1,
		    &its->it_value);
}

int
sys_ktimer_settime(struct sysmsg *sysmsg,
    const struct ktimer_settime_args *uap)
{
	struct proc *p = curproc;
	struct itimerspec its, old;
	struct timespec rt;
	struct ktimer *kt;
	uint64_t now, val, wall;
	int error;

	error = copyin(uap->value, &its, sizeof(its));
	if (error != 0)
		return (error);
	if (!ts_valid(&its.it_value) || !ts_valid(&its.it_interval))
		return (EINVAL);
	if ((uap->flags & ~TIMER_ABSTIME) != 0)
		return (EINVAL);
	lwkt_gettoken(&p->p_token);
	if ((kt = ktimer_lookup(p, uap->timerid)) == NULL) {
		lwkt_reltoken(&p->p_token);
		return (EINVAL);
	}
	ktimer_get(kt, &old);
	callout_stop(&kt->kt_callout);
	kt->kt_interval = ts_ns(&its.it_interval);
	val = ts_ns(&its.it_value);
	now = uptime_ns();
	if (val == 0) {
		kt->kt_expire = 0;
	} else {
		if ((uap->flags & TIMER_ABSTIME) != 0) {
			if (kt->kt_realtime) {
				/* Wall-clock time into uptime, once. */
				nanotime(&rt);
				wall = ts_ns(&rt);
				val = val > wall ? now + (val - wall) : now;
			}
			kt->kt_expire = val > now ? val : now;
		} else {
			kt->kt_expire = now + val;
		}
		if (kt->kt_expire == 0)
			kt->kt_expire = 1;
		callout_reset(&kt->kt_callout,
		    kt->kt_expire > now ? nstohz(kt->kt_expire - now) : 1,
		    ktimer_expire, kt);
	}
	lwkt_reltoken(&p->p_token);
	if (uap->ovalue != NULL)
		return (copyout(&old, uap->ovalue, sizeof(old)));
	return (0);
}

int
sys_ktimer_gettime(struct sysmsg *sysmsg,
    const struct ktimer_gettime_args *uap)
{
	struct proc *p = curproc;
	struct itimerspec its;
	struct ktimer *kt;

	lwkt_gettoken(&p->p_token);
	if ((kt = ktimer_lookup(p, uap->timerid)) == NULL) {
		lwkt_reltoken(&p->p_token);
		return (EINVAL);
	}
	ktimer_get(kt, &its);
	lwkt_reltoken(&p->p_token);
	return (copyout(&its, uap->value, sizeof(its)));
}

/*
 * The overruns of the last signal taken: while a newer one is still
 * queued, that is the count saved when it was queued.
 */
int
sys_ktimer_getoverrun(struct sysmsg *sysmsg,
    const struct ktimer_getoverrun_args *uap)
{
	struct proc *p = curproc;
	struct ktimer *kt;
	int n;

	lwkt_gettoken(&p->p_token);
	if ((kt = ktimer_lookup(p, uap->timerid)) == NULL) {
		lwkt_reltoken(&p->p_token);
		return (EINVAL);
	}
	n = ktimer_queued(p, kt) != NULL ? kt->kt_lastoverrun :
	    kt->kt_overrun;
	lwkt_reltoken(&p->p_token);
	sysmsg->sysmsg_result = n;
	return (0);
}

/* exec and exit: every timer goes (the table stays until reaping). */
void
ktimer_exit(struct proc *p)
{
	int id;

	lwkt_gettoken(&p->p_token);
	if (p->p_ktimers != NULL)
		for (id = 0; id < TIMER_MAX; id++)
			if (p->p_ktimers[id].kt_inuse)
				ktimer_free1(&p->p_ktimers[id]);
	lwkt_reltoken(&p->p_token);
}

/* Reaping: the table itself. */
void
ktimer_free(struct proc *p)
{
	if (p->p_ktimers != NULL) {
		kfree(p->p_ktimers, M_KTIMER);
		p->p_ktimers = NULL;
	}
}
