/*
 * net_shim.h: what the network stack's shim (net_shim.c) offers a test.
 */
#ifndef _REGRESS_HOST_NET_SHIM_H_
#define _REGRESS_HOST_NET_SHIM_H_

void	shim_callout_tick(int n);	/* n ticks pass; callouts run */

#endif /* _REGRESS_HOST_NET_SHIM_H_ */
