/*
 * Time system calls: clock_gettime/settime/getres, gettimeofday,
 * settimeofday, nanosleep, and the interval timers (setitimer and
 * getitimer; alarm() is libc over setitimer): ITIMER_REAL on a callout
 * by the uptime clock, ITIMER_VIRTUAL (user CPU time, SIGVTALRM) and
 * ITIMER_PROF (user and system CPU time, SIGPROF) counted down by
 * hardclock in whole ticks.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/caps.h>
#include <sys/time.h>
#include <sys/callout.h>
#include <sys/globaldata.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

static int
ts_valid(const struct timespec *ts)
{
	return (ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	    ts->tv_nsec < 1000000000);
}

int
kern_clock_gettime(clockid_t id, struct timespec *ts)
{
	struct proc *p = curproc;
	struct timeval u, s;

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_PRECISE:
	case CLOCK_REALTIME_FAST:
		nanotime(ts);
		break;
	case CLOCK_SECOND:
		nanotime(ts);
		ts->tv_nsec = 0;
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_PRECISE:
	case CLOCK_MONOTONIC_FAST:
	case CLOCK_UPTIME:
	case CLOCK_UPTIME_PRECISE:
	case CLOCK_UPTIME_FAST:
		nanouptime(ts);
		break;
	case CLOCK_VIRTUAL:
	case CLOCK_PROF:
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_PROCESS_CPUTIME_ID:
		calcru(p, &u, &s);
		if (id != CLOCK_VIRTUAL) {
			u.tv_sec += s.tv_sec;
			u.tv_usec += s.tv_usec;
		}
		ts->tv_sec = u.tv_sec + u.tv_usec / 1000000;
		ts->tv_nsec = (u.tv_usec % 1000000) * 1000;
		break;
	default:
		return (EINVAL);
	}
	return (0);
}

int
sys_clock_gettime(struct sysmsg *sysmsg, const struct clock_gettime_args *uap)
{
	struct timespec ts;
	int error;

	error = kern_clock_gettime(uap->clock_id, &ts);
	if (error == 0)
		error = copyout(&ts, uap->tp, sizeof(ts));
	return (error);
}

int
sys_clock_getres(struct sysmsg *sysmsg, const struct clock_getres_args *uap)
{
	struct timespec ts;

	if (kern_clock_gettime(uap->clock_id, &ts) != 0)
		return (EINVAL);
	ts.tv_sec = 0;
	/* The cycle counter resolves far below this; report 1 ns,
	   and a tick for the CPU-time clocks which count ticks. */
	ts.tv_nsec = (uap->clock_id == CLOCK_VIRTUAL ||
	    uap->clock_id == CLOCK_PROF ||
	    uap->clock_id == CLOCK_THREAD_CPUTIME_ID ||
	    uap->clock_id == CLOCK_PROCESS_CPUTIME_ID) ? 1000000000 / HZ : 1;
	if (uap->clock_id == CLOCK_SECOND)
		ts.tv_sec = 1, ts.tv_nsec = 0;
	if (uap->tp == NULL)
		return (0);
	return (copyout(&ts, uap->tp, sizeof(ts)));
}

int
sys_clock_settime(struct sysmsg *sysmsg, const struct clock_settime_args *uap)
{
	struct timespec ts;
	int error;

	error = caps_priv_check_self(SYSCAP_NOTIME);
	if (error != 0)
		return (error);
	if (uap->clock_id != CLOCK_REALTIME)
		return (EINVAL);
	error = copyin(uap->tp, &ts, sizeof(ts));
	if (error != 0)
		return (error);
	if (!ts_valid(&ts))
		return (EINVAL);
	clock_set_realtime(&ts);
	return (0);
}

int
sys_gettimeofday(struct sysmsg *sysmsg, const struct gettimeofday_args *uap)
{
	struct timeval tv;
	struct timezone tz;
	int error = 0;

	if (uap->tp != NULL) {
		microtime(&tv);
		error = copyout(&tv, uap->tp, sizeof(tv));
	}
	if (error == 0 && uap->tzp != NULL) {
		tz.tz_minuteswest = 0;
		tz.tz_dsttime = 0;
		error = copyout(&tz, uap->tzp, sizeof(tz));
	}
	return (error);
}

int
sys_settimeofday(struct sysmsg *sysmsg, const struct settimeofday_args *uap)
{
	struct timeval tv;
	struct timespec ts;
	int error;

	error = caps_priv_check_self(SYSCAP_NOTIME);
	if (error != 0)
		return (error);
	if (uap->tv == NULL)
		return (0);
	error = copyin(uap->tv, &tv, sizeof(tv));
	if (error != 0)
		return (error);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tv.tv_sec < 0)
		return (EINVAL);
	ts.tv_sec = tv.tv_sec;
	ts.tv_nsec = tv.tv_usec * 1000;
	clock_set_realtime(&ts);
	return (0);
}

static uint64_t
ts_to_ns(const struct timespec *ts)
{
	return ((uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec);
}

int
sys_nanosleep(struct sysmsg *sysmsg, const struct nanosleep_args *uap)
{
	struct timespec rq, rm;
	uint64_t end, now;
	int error, timo;
	static int nanowait;

	error = copyin(uap->rqtp, &rq, sizeof(rq));
	if (error != 0)
		return (error);
	if (!ts_valid(&rq))
		return (EINVAL);
	end = uptime_ns() + ts_to_ns(&rq);
	for (;;) {
		now = uptime_ns();
		if (now >= end)
			return (0);
		timo = nstohz(end - now);
		error = tsleep(&nanowait, PCATCH, "nanslp", timo);
		if (error == EWOULDBLOCK)
			continue;
		if (error != 0)
			break;
	}
	/* Interrupted: report the time left; never restart. */
	now = uptime_ns();
	if (uap->rmtp != NULL) {
		uint64_t left = end > now ? end - now : 0;

		rm.tv_sec = left / 1000000000ULL;
		rm.tv_nsec = left % 1000000000ULL;
		if (copyout(&rm, uap->rmtp, sizeof(rm)) != 0)
			return (EFAULT);
	}
	return (EINTR);
}

/* ---- ITIMER_REAL ------------------------------------------------------ */

static uint64_t
tv_to_ns(const struct timeval *tv)
{
	return ((uint64_t)tv->tv_sec * 1000000000ULL +
	    (uint64_t)tv->tv_usec * 1000ULL);
}

static void
ns_to_tv(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = ns / 1000000000ULL;
	tv->tv_usec = (ns % 1000000000ULL) / 1000;
}

/* it_value of p_realtimer holds the absolute uptime (ns) of expiry. */
static void
realitexpire(void *arg)
{
	struct proc *p = arg;
	uint64_t now, next, ival;

	if (p->p_stat == SZOMB || (p->p_flags & P_WEXIT) != 0)
		return;
	ksignal(p, SIGALRM);
	ival = tv_to_ns(&p->p_realtimer.it_interval);
	if (ival == 0) {
		timerclear_value:
		p->p_realtimer.it_value.tv_sec = 0;
		p->p_realtimer.it_value.tv_usec = 0;
		return;
	}
	now = uptime_ns();
	next = tv_to_ns(&p->p_realtimer.it_value) + ival;
	if (next <= now)
		next = now + ival;	/* we fell behind: skip ahead */
	if (next == 0)
		goto timerclear_value;
	ns_to_tv(next, &p->p_realtimer.it_value);
	callout_reset(&p->p_itcallout, nstohz(next - now), realitexpire,
	    p);
}

static void
itimer_get(struct proc *p, struct itimerval *itv)
{
	uint64_t now = uptime_ns(), exp;

	*itv = p->p_realtimer;
	exp = tv_to_ns(&itv->it_value);
	if (exp == 0)
		return;
	ns_to_tv(exp > now ? exp - now : 1000, &itv->it_value);
}

/* ---- ITIMER_VIRTUAL and ITIMER_PROF --------------------------------- */

#define TICK_NS		(1000000000ULL / HZ)

/* Count timer t of p down by one tick; from hardclock (any CPU). */
static void
itimer_cpu_one(struct proc *p, int t)
{
	uint64_t left, next;

	left = __atomic_load_n(&p->p_itleft[t], __ATOMIC_RELAXED);
	do {
		if (left == 0)
			return;			/* off */
		next = left > TICK_NS ? left - TICK_NS : 0;
		if (next == 0)
			next = p->p_itival[t];	/* expired: reload or off */
	} while (!__atomic_compare_exchange_n(&p->p_itleft[t], &left, next,
	    false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	if (left <= TICK_NS) {
		__atomic_fetch_or(&p->p_itfired, 1 << t, __ATOMIC_SEQ_CST);
		__atomic_fetch_or(&mycpu->gd_reqflags, RQF_AST_SIGNAL,
		    __ATOMIC_SEQ_CST);
	}
}

void
itimer_cpu_tick(struct proc *p, bool user)
{
	if (user)
		itimer_cpu_one(p, 0);
	itimer_cpu_one(p, 1);
}

/* The signals of the timers that expired; from userret. */
void
itimer_cpu_post(struct proc *p)
{
	int fired = __atomic_exchange_n(&p->p_itfired, 0, __ATOMIC_SEQ_CST);

	if ((fired & 1) != 0)
		ksignal(p, SIGVTALRM);
	if ((fired & 2) != 0)
		ksignal(p, SIGPROF);
}

static void
itimer_cpu_get(struct proc *p, int t, struct itimerval *itv)
{
	ns_to_tv(__atomic_load_n(&p->p_itleft[t], __ATOMIC_RELAXED),
	    &itv->it_value);
	ns_to_tv(p->p_itival[t], &itv->it_interval);
}

/*
 * A timer counts in whole ticks: a value or interval is rounded up to
 * one, as the BSDs do, so a tiny nonzero value still fires.
 */
static uint64_t
itimer_cpu_round(const struct timeval *tv)
{
	uint64_t ns = tv_to_ns(tv);

	return (ns == 0 ? 0 : (ns + TICK_NS - 1) / TICK_NS * TICK_NS);
}

int
sys_getitimer(struct sysmsg *sysmsg, const struct getitimer_args *uap)
{
	struct itimerval itv;

	switch (uap->which) {
	case ITIMER_REAL:
		itimer_get(curproc, &itv);
		break;
	case ITIMER_VIRTUAL:
	case ITIMER_PROF:
		itimer_cpu_get(curproc, uap->which - ITIMER_VIRTUAL, &itv);
		break;
	default:
		return (EINVAL);
	}
	return (copyout(&itv, uap->itv, sizeof(itv)));
}

static bool
itv_valid(const struct timeval *tv)
{
	return (tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000 &&
	    tv->tv_sec < 100000000);
}

int
sys_setitimer(struct sysmsg *sysmsg, const struct setitimer_args *uap)
{
	struct proc *p = curproc;
	struct itimerval itv, old;
	uint64_t val;
	int error, t;

	if (uap->which != ITIMER_REAL && uap->which != ITIMER_VIRTUAL &&
	    uap->which != ITIMER_PROF)
		return (EINVAL);
	if (uap->itv != NULL) {
		error = copyin(uap->itv, &itv, sizeof(itv));
		if (error != 0)
			return (error);
		if (!itv_valid(&itv.it_value) || !itv_valid(&itv.it_interval))
			return (EINVAL);
	}
	lwkt_gettoken(&p->p_token);
	if (uap->which != ITIMER_REAL) {
		t = uap->which - ITIMER_VIRTUAL;
		itimer_cpu_get(p, t, &old);
		if (uap->itv != NULL) {
			/* Off first, so a tick never reloads a stale interval. */
			__atomic_store_n(&p->p_itleft[t], 0, __ATOMIC_SEQ_CST);
			p->p_itival[t] = itimer_cpu_round(&itv.it_interval);
			__atomic_store_n(&p->p_itleft[t],
			    itimer_cpu_round(&itv.it_value), __ATOMIC_SEQ_CST);
		}
		goto out;
	}
	itimer_get(p, &old);
	if (uap->itv != NULL) {
		callout_stop(&p->p_itcallout);
		val = tv_to_ns(&itv.it_value);
		p->p_realtimer.it_interval = itv.it_interval;
		if (val == 0) {
			p->p_realtimer.it_value.tv_sec = 0;
			p->p_realtimer.it_value.tv_usec = 0;
		} else {
			ns_to_tv(uptime_ns() + val, &p->p_realtimer.it_value);
			callout_reset(&p->p_itcallout, nstohz(val),
			    realitexpire, p);
		}
	}
out:
	lwkt_reltoken(&p->p_token);
	if (uap->oitv != NULL)
		return (copyout(&old, uap->oitv, sizeof(old)));
	return (0);
}

int
sys_sched_yield(struct sysmsg *sysmsg, const struct sched_yield_args *uap)
{
	lwkt_yield();
	return (0);
}
