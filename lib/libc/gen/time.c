/*
 * Sleeping and timers over nanosleep(2) and setitimer(2), clock_nanosleep
 * over nanosleep and clock_gettime, timegm (the inverse of gmtime), and
 * clock_getcpuclockid.
 * time() and gettimeofday() come from newlib over the gettimeofday(2)
 * stub.
 */
#include <sys/types.h>
#include <sys/time.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

unsigned int
sleep(unsigned int seconds)
{
	struct timespec ts, rem;

	ts.tv_sec = seconds;
	ts.tv_nsec = 0;
	if (nanosleep(&ts, &rem) < 0) {
		if (errno != EINTR)
			return (seconds);
		/* Round a partial second up, as BSD does. */
		return ((unsigned int)rem.tv_sec + (rem.tv_nsec > 0));
	}
	return (0);
}

int
usleep(useconds_t usec)
{
	struct timespec ts;

	ts.tv_sec = usec / 1000000;
	ts.tv_nsec = (usec % 1000000) * 1000;
	return (nanosleep(&ts, NULL));
}

unsigned int
alarm(unsigned int seconds)
{
	struct itimerval it, oit;

	it.it_interval.tv_sec = 0;
	it.it_interval.tv_usec = 0;
	it.it_value.tv_sec = seconds;
	it.it_value.tv_usec = 0;
	if (setitimer(ITIMER_REAL, &it, &oit) < 0)
		return ((unsigned int)-1);
	if (oit.it_value.tv_usec != 0)
		oit.it_value.tv_sec++;
	return ((unsigned int)oit.it_value.tv_sec);
}

useconds_t
ualarm(useconds_t usecs, useconds_t interval)
{
	struct itimerval it, oit;

	it.it_interval.tv_sec = interval / 1000000;
	it.it_interval.tv_usec = interval % 1000000;
	it.it_value.tv_sec = usecs / 1000000;
	it.it_value.tv_usec = usecs % 1000000;
	if (setitimer(ITIMER_REAL, &it, &oit) < 0)
		return ((useconds_t)-1);
	return (oit.it_value.tv_sec * 1000000 + oit.it_value.tv_usec);
}

/*
 * clock_nanosleep(3): the kernel has only nanosleep(2), which measures a
 * relative interval, so a relative sleep is nanosleep and an absolute one
 * (TIMER_ABSTIME) sleeps the remaining interval on the named clock,
 * looking again after each wakeup until the clock has passed the time.
 * Returns an error number, not -1: EINVAL for an unknown clock, bad
 * flags or a bad timespec, ENOTSUP for the CPU-time clocks (as FreeBSD),
 * EINTR when a signal interrupts (rmtp then gets the rest, for a
 * relative sleep).
 */
int
clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *rqtp,
    struct timespec *rmtp)
{
	struct timespec now, left;
	int saved_errno, error;

	switch (clock_id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_PRECISE:
	case CLOCK_REALTIME_FAST:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_PRECISE:
	case CLOCK_MONOTONIC_FAST:
	case CLOCK_UPTIME:
	case CLOCK_SECOND:
		break;
	case CLOCK_VIRTUAL:
	case CLOCK_PROF:
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_PROCESS_CPUTIME_ID:
		return (ENOTSUP);
	default:
		return (EINVAL);
	}
	if ((flags & ~TIMER_ABSTIME) != 0 || rqtp == NULL ||
	    rqtp->tv_nsec < 0 || rqtp->tv_nsec >= 1000000000)
		return (EINVAL);

	saved_errno = errno;
	error = 0;
	if ((flags & TIMER_ABSTIME) == 0) {
		if (rqtp->tv_sec >= 0 && nanosleep(rqtp, rmtp) == -1)
			error = errno;
		errno = saved_errno;
		return (error);
	}
	for (;;) {
		if (clock_gettime(clock_id, &now) == -1) {
			error = errno;
			break;
		}
		if (now.tv_sec > rqtp->tv_sec || (now.tv_sec == rqtp->tv_sec &&
		    now.tv_nsec >= rqtp->tv_nsec))
			break;
		left.tv_sec = rqtp->tv_sec - now.tv_sec;
		left.tv_nsec = rqtp->tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (nanosleep(&left, NULL) == -1) {
			error = errno;
			break;
		}
	}
	errno = saved_errno;
	return (error);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/*
 * timegm(3): struct tm in UTC to time_t, like mktime without the time
 * zone.  Out-of-range fields are allowed and carried (tm_mon 12 is next
 * January, tm_mday 0 the previous month's last day); tm is rewritten in
 * normal form with tm_wday and tm_yday set and tm_isdst 0.  -1 with
 * EOVERFLOW when the result cannot be represented.
 */
time_t
timegm(struct tm *tm)
{
	long long y, mon, days, t;
	struct tm res;
	time_t tt;

	mon = tm->tm_mon;
	y = (long long)tm->tm_year + 1900 + mon / 12;
	mon %= 12;
	if (mon < 0) {
		mon += 12;
		y--;
	}
	days = days_from_civil(y, (int)mon + 1, 1) + tm->tm_mday - 1;
	t = days * 86400 + (long long)tm->tm_hour * 3600 +
	    (long long)tm->tm_min * 60 + tm->tm_sec;
	tt = (time_t)t;
	if (gmtime_r(&tt, &res) == NULL) {
		errno = EOVERFLOW;
		return ((time_t)-1);
	}
	*tm = res;
	return (tt);
}

/*
 * clock_getcpuclockid: the kernel keeps CPU time for the caller only
 * (CLOCK_PROCESS_CPUTIME_ID); another process's clock is not reachable,
 * which POSIX lets us say with EPERM, and a process that does not exist
 * is ESRCH.  Errors are returned.
 */
int
clock_getcpuclockid(pid_t pid, clockid_t *clock_id)
{
	int e, error;

	if (pid != 0 && pid != getpid()) {
		e = errno;
		error = kill(pid, 0) == -1 && errno == ESRCH ? ESRCH : EPERM;
		errno = e;
		return (error);
	}
	*clock_id = CLOCK_PROCESS_CPUTIME_ID;
	return (0);
}
