/*
 * Reader-writer locks over a mutex and two condition variables.
 * Writers are preferred: a new reader waits while a writer waits, so a
 * stream of readers cannot starve one.  Not recursive for writers.
 */
#include <errno.h>

#include "thr_private.h"

int
pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return (0);
}

int
pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	(void)a;
	return (0);
}

/* Shared needs nothing more: see pthread_mutexattr_setpshared. */
int
pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	return (_thr_set_pshared(&a->__pshared, pshared));
}

int
pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return (0);
}

int
pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a)
{
	(void)a;
	pthread_mutex_init(&rw->__lock, NULL);
	pthread_cond_init(&rw->__readers, NULL);
	pthread_cond_init(&rw->__writers, NULL);
	rw->__nreaders = 0;
	rw->__wwaiting = 0;
	return (0);
}

int
pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	if (rw->__nreaders != 0 || rw->__wwaiting != 0)
		return (EBUSY);
	return (0);
}

static int
thr_rdlock(pthread_rwlock_t *rw, int try)
{
	pthread_mutex_lock(&rw->__lock);
	while (rw->__nreaders < 0 || rw->__wwaiting > 0) {
		if (try) {
			pthread_mutex_unlock(&rw->__lock);
			return (EBUSY);
		}
		pthread_cond_wait(&rw->__readers, &rw->__lock);
	}
	rw->__nreaders++;
	pthread_mutex_unlock(&rw->__lock);
	return (0);
}

static int
thr_wrlock(pthread_rwlock_t *rw, int try)
{
	pthread_mutex_lock(&rw->__lock);
	if (rw->__nreaders != 0 && try) {
		pthread_mutex_unlock(&rw->__lock);
		return (EBUSY);
	}
	rw->__wwaiting++;
	while (rw->__nreaders != 0)
		pthread_cond_wait(&rw->__writers, &rw->__lock);
	rw->__wwaiting--;
	rw->__nreaders = -1;
	pthread_mutex_unlock(&rw->__lock);
	return (0);
}

int
pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return (thr_rdlock(rw, 0));
}

int
pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return (thr_rdlock(rw, 1));
}

int
pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return (thr_wrlock(rw, 0));
}

int
pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return (thr_wrlock(rw, 1));
}

int
pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	pthread_mutex_lock(&rw->__lock);
	if (rw->__nreaders == 0) {
		pthread_mutex_unlock(&rw->__lock);
		return (EPERM);
	}
	if (rw->__nreaders < 0)
		rw->__nreaders = 0;
	else
		rw->__nreaders--;
	if (rw->__nreaders == 0) {
		if (rw->__wwaiting > 0)
			pthread_cond_signal(&rw->__writers);
		else
			pthread_cond_broadcast(&rw->__readers);
	}
	pthread_mutex_unlock(&rw->__lock);
	return (0);
}
