/*
 * sock_shim.h: what the socket host shim (sock_shim.c) offers a test
 * beyond the kernel interfaces it implements.  Plain C types only.
 */
#ifndef _REGRESS_HOST_SOCK_SHIM_H_
#define _REGRESS_HOST_SOCK_SHIM_H_

#include "vfs_shim.h"

struct proc;

/* Call first: the CPU, the main thread, the boot's SYSINITs. */
void	shim_sock_init(void);

/* A second kernel thread of the test process (same proc, same creds). */
void	*shim_thread_start(void (*fn)(void *), void *arg, const char *name);
void	shim_thread_join(void *h);
/* Wait (10 s backstop) until a thread sleeps on wmesg: 0 or ETIMEDOUT. */
int	shim_wait_sleeper(const char *wmesg);

extern struct proc shim_proc;	/* the test process: uid 1000, pid 100 */
void	shim_set_root(int root);	/* run as uid 0 (1) or 1000 (0) */
int	shim_cred_refs(int root);	/* references on a credential */
int	shim_sigcount(int sig);		/* signals sent since last asked */
extern long shim_selwakeups;

#endif /* _REGRESS_HOST_SOCK_SHIM_H_ */
