/*
 * Petrel's sys/_sigset.h for newlib: the kernel's 128-signal set
 * (sys/sys/signal.h), so sigset_t has one layout in the kernel, in
 * newlib's own objects and in programs.
 */
#ifndef _SYS__SIGSET_H_
#define	_SYS__SIGSET_H_

#include <machine/_default_types.h>

typedef struct __sigset {
	__uint32_t	__bits[4];
} __sigset_t;

#endif /* !_SYS__SIGSET_H_ */
