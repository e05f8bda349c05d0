/*
 * ipc_shim.h: what the IPC host shim (ipc_shim.c) offers a test beyond
 * the kernel interfaces it implements.  Plain C types only.
 */
#ifndef _REGRESS_HOST_IPC_SHIM_H_
#define _REGRESS_HOST_IPC_SHIM_H_

struct objcache;

void	shim_cpu_init(void);		/* call first: sets up mycpu */
void	shim_fail_after(long n);	/* the (n+1)th kmalloc from now fails */
void	shim_cons_flush(void);		/* print and clear the console */
int	shim_objcache_used(struct objcache *oc);
extern long shim_allocs_live;		/* kmalloc'd and not yet freed */

#endif /* _REGRESS_HOST_IPC_SHIM_H_ */
