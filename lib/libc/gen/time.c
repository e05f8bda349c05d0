/*
 * Sleeping and timers over nanosleep(2) and setitimer(2).  time() and
 * gettimeofday() come from newlib over the gettimeofday(2) stub.
 */
#include <sys/types.h>
#include <sys/time.h>
#include <errno.h>
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
