/*
 * fd_shim.h: what the descriptor shim (fd_shim.c) offers a test beyond
 * the kernel interfaces it implements.
 */
#ifndef _REGRESS_HOST_FD_SHIM_H_
#define _REGRESS_HOST_FD_SHIM_H_

void	shim_fd_init(void);	/* after shim_sock_init: the process's table */
int	shim_fd_count(void);	/* descriptors open now */
void	shim_fd_closeall(void);	/* close them all, as exit would */

#ifdef _SYS_SIGNAL_H_
extern siginfo_t shim_last_siginfo;	/* of the last ksignal_info */
#endif

#endif /* _REGRESS_HOST_FD_SHIM_H_ */
