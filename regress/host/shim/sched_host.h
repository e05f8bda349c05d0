/*
 * sched_host.h: the host half of the socket shim's scheduler
 * (sched_host.c), for the kernel-side half (sock_shim.c).  Plain C types.
 */
#ifndef _REGRESS_HOST_SCHED_HOST_H_
#define _REGRESS_HOST_SCHED_HOST_H_

void	sched_host_enter(void);		/* take the CPU */
void	sched_host_leave(void);		/* give it back */
int	sched_host_wait(long long *deadline_ns, long ms); /* 1: timed out */
void	sched_host_kick(void);		/* wake every waiter to look */
unsigned long long sched_host_uptime_ns(void);	/* the host's monotonic clock */
void	*sched_host_spawn(void (*fn)(void *), void *arg);
void	sched_host_join(void *h);

#endif /* _REGRESS_HOST_SCHED_HOST_H_ */
