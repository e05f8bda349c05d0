/*
 * The wall clock at boot, which each port reads from its real-time clock
 * (the CMOS RTC on amd64, the PL031 from the device tree on aarch64):
 * CLOCK_REALTIME and gettimeofday are after 2020-01-01 (a port that
 * skipped the RTC would count from 1970), kern.boottime is after it too
 * and within a minute of the time of day minus CLOCK_UPTIME, and the
 * clock advances by what CLOCK_MONOTONIC measures over a short sleep.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define Y2020	1577836800LL		/* 2020-01-01 00:00:00 UTC */

static long long
ns(const struct timespec *ts)
{
	return (ts->tv_sec * 1000000000LL + ts->tv_nsec);
}

int
main(void)
{
	struct timespec rt, up, m0, m1, r0, r1;
	struct timeval tv, bt;
	size_t len;
	long long d;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ok(clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec > Y2020,
	    "CLOCK_REALTIME is after 2020-01-01");
	printf("# CLOCK_REALTIME %lld\n", (long long)rt.tv_sec);
	ok(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= rt.tv_sec &&
	    tv.tv_sec - rt.tv_sec <= 1,
	    "gettimeofday agrees with CLOCK_REALTIME");
	ok(time(NULL) > Y2020, "time(NULL) is after 2020-01-01");

	len = sizeof(bt);
	ok(sysctlbyname("kern.boottime", &bt, &len, NULL, 0) == 0 &&
	    len == sizeof(bt), "kern.boottime reads a struct timeval");
	ok(bt.tv_sec > Y2020 && bt.tv_usec >= 0 && bt.tv_usec < 1000000,
	    "kern.boottime is after 2020-01-01");
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_UPTIME, &up);
	d = (long long)rt.tv_sec - up.tv_sec - bt.tv_sec;
	if (!ok(d >= -60 && d <= 60,
	    "kern.boottime is within a minute of now - uptime"))
		printf("# boottime %lld, now %lld, uptime %lld\n",
		    (long long)bt.tv_sec, (long long)rt.tv_sec,
		    (long long)up.tv_sec);

	clock_gettime(CLOCK_MONOTONIC, &m0);
	clock_gettime(CLOCK_REALTIME, &r0);
	usleep(200000);
	clock_gettime(CLOCK_REALTIME, &r1);
	clock_gettime(CLOCK_MONOTONIC, &m1);
	d = (ns(&r1) - ns(&r0)) - (ns(&m1) - ns(&m0));
	ok(ns(&r1) - ns(&r0) >= 200000000LL && d <= 0 && d > -50000000LL,
	    "CLOCK_REALTIME advances with CLOCK_MONOTONIC over a sleep");
	return (done());
}
