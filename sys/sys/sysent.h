/*
 * The system-call table.  tools/makesyscalls.py generates it (init_sysent.c
 * in the kernel object directory) from sys/kern/syscalls.master;
 * syscall_dispatch() in kern_syscall.c indexes it by call number.
 */
#ifndef _SYS_SYSENT_H_
#define _SYS_SYSENT_H_

#include <sys/types.h>

struct sysmsg;

typedef int	sy_call_t(struct sysmsg *, const void *);

struct sysent {
	int		sy_narg;	/* register_t arguments */
	sy_call_t	*sy_call;	/* handler; nosys if not written */
	const char	*sy_name;	/* NULL for unassigned numbers */
};

extern const struct sysent sysent[];
extern const int nsysent;

int	nosys(struct sysmsg *, const void *);

#endif /* !_SYS_SYSENT_H_ */
