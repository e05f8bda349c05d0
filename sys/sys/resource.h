/*
 * Resource usage and limits, FreeBSD's numbering and layouts.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>
#include <sys/time.h>

#define PRIO_MIN	-20
#define PRIO_MAX	20
#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	-1
#define RUSAGE_THREAD	1

struct rusage {
	struct timeval	ru_utime;
	struct timeval	ru_stime;
	long	ru_maxrss;
	long	ru_ixrss;
	long	ru_idrss;
	long	ru_isrss;
	long	ru_minflt;
	long	ru_majflt;
	long	ru_nswap;
	long	ru_inblock;
	long	ru_oublock;
	long	ru_msgsnd;
	long	ru_msgrcv;
	long	ru_nsignals;
	long	ru_nvcsw;
	long	ru_nivcsw;
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

typedef int64_t	rlim_t;
#define RLIM_INFINITY	((rlim_t)(((uint64_t)1 << 63) - 1))

struct rlimit {
	rlim_t	rlim_cur;
	rlim_t	rlim_max;
};

#endif /* !_SYS_RESOURCE_H_ */
