/*
 * The thread pointer on each port: amd64's FS base through sysarch(2)
 * (the kernel reloads it on every switch), aarch64's TPIDR_EL0, which
 * user code writes directly.
 */
#include <errno.h>

#include "thr_private.h"

#if defined(__x86_64__)
#define	AMD64_SET_FSBASE	129	/* sys/arch/amd64/include/sysarch.h */
int	sysarch(int, void *);
#endif

void
_thr_set_tp(struct __pthread *t)
{
#if defined(__x86_64__)
	unsigned long base = (unsigned long)t;

	/* Cannot fail for a valid pointer; errno is not touched then. */
	sysarch(AMD64_SET_FSBASE, &base);
#elif defined(__aarch64__)
	__asm __volatile("msr tpidr_el0, %0" : : "r" (t));
#else
#error "libpthread: no thread pointer for this architecture"
#endif
}

struct __pthread *
_thr_get_tp(void)
{
	struct __pthread *t;

#if defined(__x86_64__)
	__asm __volatile("movq %%fs:0, %0" : "=r" (t));
#elif defined(__aarch64__)
	__asm __volatile("mrs %0, tpidr_el0" : "=r" (t));
#endif
	return (t);
}
