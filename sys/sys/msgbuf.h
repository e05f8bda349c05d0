/*
 * The kernel message buffer: everything kprintf has printed, kept in a
 * ring in subr_prf.c and read back by dmesg (kern.msgbuf sysctl).
 */
#ifndef _SYS_MSGBUF_H_
#define _SYS_MSGBUF_H_

#include <sys/types.h>

#ifdef _KERNEL
size_t	msgbuf_copy(char *buf, size_t len);	/* newest len bytes */
#endif

#endif /* !_SYS_MSGBUF_H_ */
