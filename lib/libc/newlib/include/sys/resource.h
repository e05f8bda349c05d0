/*
 * Petrel's sys/resource.h for newlib: FreeBSD's struct rusage (all
 * sixteen fields, which wait4(2) and getrusage(2) write in full),
 * struct rlimit and the RLIMIT_* and PRIO_* values the kernel takes.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_timeval.h>

#define PRIO_MIN	-20
#define PRIO_MAX	20
#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	-1
#define RUSAGE_THREAD	1

struct rusage {
	struct timeval	ru_utime;	/* user time used */
	struct timeval	ru_stime;	/* system time used */
	long		ru_maxrss;	/* max resident set size (KB) */
	long		ru_ixrss;
	long		ru_idrss;
	long		ru_isrss;
	long		ru_minflt;	/* page reclaims */
	long		ru_majflt;	/* page faults */
	long		ru_nswap;
	long		ru_inblock;	/* block input operations */
	long		ru_oublock;	/* block output operations */
	long		ru_msgsnd;
	long		ru_msgrcv;
	long		ru_nsignals;
	long		ru_nvcsw;	/* voluntary context switches */
	long		ru_nivcsw;	/* involuntary context switches */
};

#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_MEMLOCK	6
#define RLIMIT_NPROC	7
#define RLIMIT_NOFILE	8
#define RLIMIT_SBSIZE	9
#define RLIMIT_VMEM	10
#define RLIMIT_AS	RLIMIT_VMEM
#define RLIMIT_NPTS	11
#define RLIMIT_SWAP	12
#define RLIMIT_KQUEUES	13
#define RLIMIT_UMTXP	14
#define RLIM_NLIMITS	15

typedef __int64_t	rlim_t;
#define RLIM_INFINITY	((rlim_t)(((__uint64_t)1 << 63) - 1))
#define RLIM_SAVED_MAX	RLIM_INFINITY
#define RLIM_SAVED_CUR	RLIM_INFINITY

struct rlimit {
	rlim_t	rlim_cur;	/* current (soft) limit */
	rlim_t	rlim_max;	/* maximum value for rlim_cur */
};

__BEGIN_DECLS
int	getpriority(int, int);
int	getrlimit(int, struct rlimit *);
int	getrusage(int, struct rusage *);
int	setpriority(int, int, int);
int	setrlimit(int, const struct rlimit *);
__END_DECLS

#endif /* !_SYS_RESOURCE_H_ */
