/*
 * Lightweight processes: the threads of a process.  Every live lwp of
 * a process is on its p_lwps list (p_token); the first is the embedded
 * p_lwp0, which fork and exec set up for the single-threaded case.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>

/* Put lp on p's list of live lwps; p_token held. */
void
lwp_link(struct proc *p, struct lwp *lp)
{
	lp->lwp_proc = p;
	LIST_INSERT_HEAD(&p->p_lwps, lp, lwp_list);
	p->p_nthreads++;
}

/*
 * Some lwp of p, for callers that need any one (kinfo's wait channel);
 * NULL once the process has none.  p_token held.
 */
struct lwp *
lwp_first(struct proc *p)
{
	return (LIST_FIRST(&p->p_lwps));
}
