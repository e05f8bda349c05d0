/*
 * System-wide constants and the small arithmetic macros every kernel file
 * uses.  Machine constants (PAGE_SIZE, MACHINE) come from <machine/param.h>.
 */
#ifndef _SYS_PARAM_H_
#define _SYS_PARAM_H_

#include <sys/types.h>
#include <machine/param.h>

#define SMP_MAXCPU	16		/* per-CPU arrays are sized by this */
#define MAXCPU		SMP_MAXCPU
#define HZ		100		/* hardclock rate on every CPU */
#define MAXPATHLEN	1024
#define MAXCOMLEN	19
#define MAXLOGNAME	33
#define MAXHOSTNAMELEN	256
#define NGROUPS		17	/* the effective gid and 16 supplementary */
#define PIPE_BUF	512
#define ARG_MAX		(256 * 1024)

#define NBBY		8
#define NODEV		((dev_t)-1)	/* no device (kern.proc.tty) */
#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#define roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)	(((x) / (y)) * (y))
#define roundup2(x, y)	(((x) + ((y) - 1)) & ~((__typeof(x))(y) - 1))
#define rounddown2(x, y) ((x) & ~((__typeof(x))(y) - 1))
#define powerof2(x)	((((x) - 1) & (x)) == 0)
#define nitems(x)	(sizeof((x)) / sizeof((x)[0]))
#define MIN(a, b)	(((a) < (b)) ? (a) : (b))
#define MAX(a, b)	(((a) > (b)) ? (a) : (b))

#define trunc_page(x)	((x) & ~(vm_offset_t)PAGE_MASK)
#define round_page(x)	(((x) + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK)
#define atop(x)		((x) >> PAGE_SHIFT)
#define ptoa(x)		((vm_paddr_t)(x) << PAGE_SHIFT)

#endif /* !_SYS_PARAM_H_ */
