/*
 * The thread pointer on each port: amd64's FS base, set through
 * sysarch(2) by libc (the kernel reloads it on every switch), and
 * aarch64's TPIDR_EL0.  Either names libc's TCB, whose second word
 * holds the thread's struct __pthread.
 */
#include <stddef.h>

#include "thr_private.h"

void
_thr_set_tp(struct __pthread *t)
{
	t->tcb->tcb_thread = t;
	__libc_set_tp(t->tcb);
}

struct __pthread *
_thr_get_tp(void)
{
	struct __pthread *t;

	_Static_assert(offsetof(struct tcb, tcb_thread) == 8,
	    "the assembly below reads the TCB's second word");
#if defined(__x86_64__)
	__asm __volatile("movq %%fs:8, %0" : "=r" (t));
#elif defined(__aarch64__)
	__asm __volatile("mrs %0, tpidr_el0; ldr %0, [%0, #8]" : "=r" (t));
#else
#error "libpthread: no thread pointer for this architecture"
#endif
	return (t);
}
