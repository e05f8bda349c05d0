/*
 * kern_shim.h: what the host shim (kern_shim.c) offers a test.  Plain C
 * types only, so that both kernel-side and host-side files can include it.
 */
#ifndef _REGRESS_HOST_KERN_SHIM_H_
#define _REGRESS_HOST_KERN_SHIM_H_

#include <stddef.h>

#define SHIM_CONS_SIZE	65536

extern char	shim_cons_buf[SHIM_CONS_SIZE];	/* what cons_putc printed */
extern size_t	shim_cons_len;

#endif /* _REGRESS_HOST_KERN_SHIM_H_ */
