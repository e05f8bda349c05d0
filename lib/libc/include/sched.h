/*
 * Scheduling: sched_yield(2).  Petrel's own header in place of newlib's,
 * which declares sched_yield only under POSIX options (_POSIX_THREADS,
 * _POSIX_PRIORITY_SCHEDULING) whose other promises Petrel does not make.
 * The policy constants and struct sched_param come from <sys/sched.h>.
 */
#ifndef _SCHED_H_
#define	_SCHED_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/sched.h>

__BEGIN_DECLS
int	sched_yield(void);
__END_DECLS

#endif /* !_SCHED_H_ */
