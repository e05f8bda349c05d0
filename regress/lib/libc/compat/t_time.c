/*
 * timegm: known instants (the epoch, 2000-02-29, 2038-01-19 03:14:08,
 * before 1970), round trips with gmtime_r over a range of values,
 * normalisation of out-of-range fields (tm_mon 12, tm_mday 0, negative
 * seconds) with tm_wday/tm_yday filled in.  clock_nanosleep: relative and
 * TIMER_ABSTIME sleeps really wait (measured on CLOCK_MONOTONIC), a past
 * absolute time returns at once, and the errors come back as return
 * values (EINVAL for a bad clock, flags or tv_nsec; ENOTSUP for a CPU
 * clock), errno untouched.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tap.h"

static struct tm
mk(int y, int mon, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return (tm);
}

static long long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((t1.tv_sec - t0->tv_sec) * 1000LL +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

int
main(void)
{
	struct timespec t0, ts, rem;
	struct tm tm, back;
	time_t t, v;
	int bad, n, r;

	tm = mk(1970, 1, 1, 0, 0, 0);
	is_int(timegm(&tm), 0, "timegm(1970-01-01) = 0");
	is_int(tm.tm_wday, 4, "1970-01-01 is a Thursday");
	tm = mk(2000, 2, 29, 12, 34, 56);
	is_int(timegm(&tm), 951827696LL, "timegm(2000-02-29 12:34:56)");
	is_int(tm.tm_yday, 59, "2000-02-29: yday 59");
	tm = mk(2038, 1, 19, 3, 14, 8);
	is_int(timegm(&tm), 2147483648LL, "timegm(2038-01-19 03:14:08) = 2^31");
	tm = mk(1969, 12, 31, 23, 59, 59);
	is_int(timegm(&tm), -1, "timegm(1969-12-31 23:59:59) = -1");
	tm = mk(1900, 3, 1, 0, 0, 0);
	is_int(timegm(&tm), -2203891200LL, "timegm(1900-03-01)");
	tm = mk(2100, 3, 1, 0, 0, 0);
	is_int(timegm(&tm), 4107542400LL, "timegm(2100-03-01) (2100 no leap)");

	/* Round trips. */
	bad = 0;
	n = 0;
	for (v = -2000000000LL; v < 8000000000LL; v += 12345678LL + n * 7) {
		gmtime_r(&v, &tm);
		back = tm;
		if (timegm(&back) != v || back.tm_wday != tm.tm_wday ||
		    back.tm_yday != tm.tm_yday)
			bad++;
		n++;
	}
	is_int(bad, 0, "timegm(gmtime(t)) == t for 800+ values");

	/* Normalisation. */
	tm = mk(2023, 13, 1, 0, 0, 0);		/* month 12 = next January */
	t = timegm(&tm);
	ok(t == 1704067200LL && tm.tm_year == 124 && tm.tm_mon == 0 &&
	    tm.tm_mday == 1, "tm_mon 12 -> January of the next year");
	tm = mk(2024, 3, 0, 0, 0, 0);		/* day 0 = Feb 29 */
	t = timegm(&tm);
	ok(t == 1709164800LL && tm.tm_mon == 1 && tm.tm_mday == 29 &&
	    tm.tm_yday == 59 && tm.tm_wday == 4, "tm_mday 0 -> Feb 29 2024");
	tm = mk(2024, 1, 1, 0, 0, -1);
	t = timegm(&tm);
	ok(t == 1704067199LL && tm.tm_year == 123 && tm.tm_mon == 11 &&
	    tm.tm_mday == 31 && tm.tm_hour == 23 && tm.tm_sec == 59,
	    "tm_sec -1 -> 23:59:59 the day before");
	tm = mk(2024, 1, 1, 0, 0, 0);
	tm.tm_mon = -1;
	t = timegm(&tm);
	ok(t == 1701388800LL && tm.tm_year == 123 && tm.tm_mon == 11,
	    "tm_mon -1 -> December of the year before");
	is_int(tm.tm_isdst, 0, "tm_isdst 0");

	/* clock_nanosleep. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ts.tv_sec = 0;
	ts.tv_nsec = 200000000;
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem);
	is_int(r, 0, "relative clock_nanosleep: 0");
	ok(ms_since(&t0) >= 190, "relative: slept at least 200 ms");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ts = t0;
	ts.tv_nsec += 300000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	is_int(r, 0, "TIMER_ABSTIME: 0");
	ok(ms_since(&t0) >= 290, "TIMER_ABSTIME: slept until the time");
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= 10;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL), 0,
	    "a past absolute time: 0");
	ok(ms_since(&t0) < 1000, "a past absolute time: at once");

	errno = 1234;
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	is_int(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL), EINVAL,
	    "tv_nsec 1e9: EINVAL returned");
	is_int(errno, 1234, "errno untouched");
	ts.tv_nsec = 1;
	is_int(clock_nanosleep(99, 0, &ts, NULL), EINVAL, "clock 99: EINVAL");
	is_int(clock_nanosleep(CLOCK_MONOTONIC, 0x100, &ts, NULL), EINVAL,
	    "bad flags: EINVAL");
	is_int(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ts, NULL), ENOTSUP,
	    "CPU-time clock: ENOTSUP");
	return (done());
}
