/*
 * sched_host.c: the host half of the socket shim's scheduler (sock_shim.c):
 * one mutex standing for "the CPU", a condition variable every sleeper
 * waits on, and host threads for test programs that need a second kernel
 * thread (a reader blocked in soreceive while another thread sends).
 *
 * Compiled with the C library's headers (it needs pthreads), so the
 * interface to the kernel-side half is plain C types only (sched_host.h).
 *
 * The model is a uniprocessor kernel without preemption: whoever holds
 * the mutex runs kernel code, and it gives the CPU up only by sleeping.
 * That is the faithful model for code that serialises itself with LWKT
 * tokens: a token holder can be descheduled only when it blocks, and
 * tsleep releases and reacquires the tokens around the block.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sched_host.h"

static pthread_mutex_t cpu_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cpu_cv = PTHREAD_COND_INITIALIZER;

void
sched_host_enter(void)
{
	pthread_mutex_lock(&cpu_mtx);
}

void
sched_host_leave(void)
{
	pthread_mutex_unlock(&cpu_mtx);
}

/*
 * Give the CPU up until sched_host_kick() or, with ms > 0, until ms
 * milliseconds from the first call of this sleep (deadline, kept by the
 * caller across spurious returns).  Returns 1 when the deadline passed.
 */
int
sched_host_wait(long long *deadline_ns, long ms)
{
	struct timespec ts;
	long long now;
	int rc;

	if (ms <= 0) {
		pthread_cond_wait(&cpu_cv, &cpu_mtx);
		return (0);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	if (*deadline_ns == 0)
		*deadline_ns = now + (long long)ms * 1000000LL;
	if (now >= *deadline_ns)
		return (1);
	ts.tv_sec = (time_t)(*deadline_ns / 1000000000LL);
	ts.tv_nsec = (long)(*deadline_ns % 1000000000LL);
	rc = pthread_cond_timedwait(&cpu_cv, &cpu_mtx, &ts);
	return (rc == ETIMEDOUT);
}

/* The host's monotonic clock, for the kernel's uptime_ns. */
unsigned long long
sched_host_uptime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((unsigned long long)ts.tv_sec * 1000000000ULL +
	    (unsigned long long)ts.tv_nsec);
}

/* Something a sleeper may be waiting for changed: let them all look. */
void
sched_host_kick(void)
{
	pthread_cond_broadcast(&cpu_cv);
}

struct start {
	void	(*fn)(void *);
	void	*arg;
};

static void *
trampoline(void *p)
{
	struct start s = *(struct start *)p;

	free(p);
	s.fn(s.arg);
	return (NULL);
}

/* A new host thread running fn(arg); it must enter the CPU itself. */
void *
sched_host_spawn(void (*fn)(void *), void *arg)
{
	pthread_t *t = malloc(sizeof(*t));
	struct start *s = malloc(sizeof(*s));

	if (t == NULL || s == NULL) {
		fprintf(stderr, "sched_host_spawn: out of memory\n");
		abort();
	}
	s->fn = fn;
	s->arg = arg;
	if (pthread_create(t, NULL, trampoline, s) != 0) {
		fprintf(stderr, "sched_host_spawn: pthread_create failed\n");
		abort();
	}
	return (t);
}

/* Wait for a spawned thread to return (the caller has left the CPU). */
void
sched_host_join(void *h)
{
	pthread_t *t = h;

	pthread_join(*t, NULL);
	free(t);
}
