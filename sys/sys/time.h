/*
 * Time structures and clock ids, FreeBSD's values and layouts, plus the
 * kernel's clock interface (kern_clock.c).
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>

struct timespec {
	time_t	tv_sec;
	long	tv_nsec;
};

struct timeval {
	time_t		tv_sec;
	suseconds_t	tv_usec;
};

struct timezone {
	int	tz_minuteswest;
	int	tz_dsttime;
};

struct itimerval {
	struct timeval	it_interval;
	struct timeval	it_value;
};

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

#define CLOCK_REALTIME		0
#define CLOCK_VIRTUAL		1
#define CLOCK_PROF		2
#define CLOCK_MONOTONIC		4
#define CLOCK_UPTIME		5
#define CLOCK_UPTIME_PRECISE	7
#define CLOCK_UPTIME_FAST	8
#define CLOCK_REALTIME_PRECISE	9
#define CLOCK_REALTIME_FAST	10
#define CLOCK_MONOTONIC_PRECISE	11
#define CLOCK_MONOTONIC_FAST	12
#define CLOCK_SECOND		13
#define CLOCK_THREAD_CPUTIME_ID	14
#define CLOCK_PROCESS_CPUTIME_ID 15

#define TIMER_ABSTIME	0x1

#ifdef _KERNEL
void	clock_init(void);
void	nanouptime(struct timespec *ts);	/* since boot */
void	nanotime(struct timespec *ts);		/* wall clock */
void	microtime(struct timeval *tv);
void	microuptime(struct timeval *tv);
uint64_t uptime_ns(void);
void	clock_set_realtime(const struct timespec *ts);
void	getboottime(struct timeval *tv);	/* now minus uptime */
int	tstohz(const struct timespec *ts);	/* ticks, at least 1 */
int	nstohz(uint64_t ns);			/* ticks, at least 1 */
extern time_t boottime_sec;
#endif

#endif /* !_SYS_TIME_H_ */
