/*
 * Threads and signals.  The kernel keeps a signal mask and a set of
 * pending signals per lwp, so pthread_sigmask is sigprocmask on the
 * calling lwp, and pthread_kill is lwp_kill aimed at the thread's lwp.
 * Both return an error number and leave errno alone, as POSIX asks.
 */
#include <sys/types.h>
#include <sys/lwp.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "thr_private.h"

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *oset)
{
	int e = errno, r;

	r = sigprocmask(how, set, oset) < 0 ? errno : 0;
	errno = e;
	return (r);
}

int
pthread_kill(pthread_t t, int sig)
{
	int e = errno, r, tid;

	if (sig < 0 || sig >= NSIG)
		return (EINVAL);
	if (t == NULL)
		return (ESRCH);
	/* extexit cleared it: the thread has ended (its lwp is gone). */
	if ((tid = t->tid) == 0)
		return (ESRCH);
	r = lwp_kill(getpid(), tid, sig) < 0 ? errno : 0;
	errno = e;
	return (r);
}
