/*
 * The per-call state a system-call handler receives, DragonFly style:
 *
 *	int sys_NAME(struct sysmsg *sysmsg, const struct NAME_args *uap);
 *
 * A handler returns 0 or an errno and leaves its results in sysmsg_result
 * (and sysmsg_result1 for two-register results, such as a 128-bit value
 * or fork's second result).  sysmsg_fds[2] is a convenience alias for
 * calls that return two descriptors.
 */
#ifndef _SYS_SYSMSG_H_
#define _SYS_SYSMSG_H_

#include <sys/types.h>

struct thread;

struct sysmsg {
	struct thread	*sysmsg_td;	/* the calling thread (curthread) */
	union {
		struct {
			register_t	sysmsg_result;	/* %rax / x0 */
			register_t	sysmsg_result1;	/* %rdx / x1 */
		};
		int		sysmsg_fds[2];
		off_t		sysmsg_offset;
		void		*sysmsg_resultp;
		int		sysmsg_iresult;
		long		sysmsg_lresult;
		size_t		sysmsg_szresult;
	};
};

#endif /* !_SYS_SYSMSG_H_ */
