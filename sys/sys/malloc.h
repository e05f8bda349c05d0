/*
 * Kernel memory allocation: kmalloc(size, type, flags) / kfree(ptr, type).
 * Every allocation is charged to a malloc type (MALLOC_DEFINE) whose
 * statistics (bytes and objects in use, high water, requests, failures)
 * are exported through sysctl (kern.malloc).  Small sizes come from
 * power-of-two zones carved out of direct-mapped pages, large ones from
 * physically contiguous page blocks.
 */
#ifndef _SYS_MALLOC_H_
#define _SYS_MALLOC_H_

#include <sys/types.h>

#define M_NOWAIT	0x0001		/* fail rather than wait */
#define M_WAITOK	0x0002		/* wait for memory; never NULL */
#define M_ZERO		0x0100		/* zero the memory */
#define M_NULLOK	0x0200		/* with M_WAITOK: may return NULL */
#define M_USE_RESERVE	0x0400		/* may use the kernel reserve */

struct malloc_type {
	struct malloc_type *ks_next;	/* list of types; under kmalloc spin */
	const char	*ks_shortdesc;	/* name, e.g. "mbuf" */
	const char	*ks_longdesc;
	volatile int	ks_registered;
	volatile int64_t ks_memuse;	/* bytes in use (rounded sizes) */
	volatile int64_t ks_inuse;	/* objects in use */
	volatile int64_t ks_maxused;	/* high water of ks_memuse */
	volatile uint64_t ks_calls;	/* successful requests */
	volatile uint64_t ks_failures;	/* failed requests */
};

#define MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = {					\
		{ NULL, (shortdesc), (longdesc), 0, 0, 0, 0, 0, 0 }	\
	}
#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]

MALLOC_DECLARE(M_TEMP);
MALLOC_DECLARE(M_DEVBUF);

void	kmalloc_init(void);
void	*kmalloc(size_t size, struct malloc_type *type, int flags);
void	kfree(void *ptr, struct malloc_type *type);
void	*krealloc(void *ptr, size_t size, struct malloc_type *type,
	    int flags);
char	*kstrdup(const char *s, struct malloc_type *type);
size_t	kmalloc_usable_size(const void *ptr);
/* Walk the registered types (for sysctl): fn returns nonzero to stop. */
int	kmalloc_foreach_type(int (*fn)(struct malloc_type *, void *),
	    void *arg);

#endif /* !_SYS_MALLOC_H_ */
