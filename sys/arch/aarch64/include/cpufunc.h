/*
 * aarch64 barrier, interrupt-mask and cycle-counter primitives used by
 * the MI kernel (names fixed by <sys/cpu.h>), plus small system-register
 * helpers for the machine layer.
 *
 * Barriers: the MI code pairs cpu_sfence (publish) with cpu_lfence
 * (consume) and uses cpu_mfence for full ordering; the inner-shareable
 * domain covers every CPU that runs the kernel.
 */
#ifndef _MACHINE_CPUFUNC_H_
#define _MACHINE_CPUFUNC_H_

#include <sys/types.h>

#define cpu_lfence()	__asm __volatile("dmb ishld" ::: "memory")
#define cpu_sfence()	__asm __volatile("dmb ishst" ::: "memory")
#define cpu_mfence()	__asm __volatile("dmb ish" ::: "memory")
#define cpu_ccfence()	__asm __volatile("" ::: "memory")
#define cpu_pause()	__asm __volatile("yield" ::: "memory")

#define dsb(opt)	__asm __volatile("dsb " #opt ::: "memory")
#define dmb(opt)	__asm __volatile("dmb " #opt ::: "memory")
#define isb()		__asm __volatile("isb" ::: "memory")

#define READ_SPECIALREG(reg) ({						\
	uint64_t _val;							\
	__asm __volatile("mrs %0, " #reg : "=r" (_val));		\
	_val;								\
})
#define WRITE_SPECIALREG(reg, val)					\
	__asm __volatile("msr " #reg ", %0" :: "r" ((uint64_t)(val)))

/*
 * The virtual counter ticks at CNTFRQ_EL0 on every CPU and is the same
 * on all of them; the isb keeps the read from being hoisted above
 * earlier instructions.
 */
static __inline uint64_t
cpu_cycles(void)
{
	uint64_t v;

	__asm __volatile("isb; mrs %0, cntvct_el0" : "=r" (v) :: "memory");
	return (v);
}

/*
 * Short busy-wait deadlines (pipe_delay and friends): tsc_get_target()
 * gives the counter value ns nanoseconds from now; tsc_test_target() is
 * true once it has passed.  Same interface as amd64's TSC versions.
 */
uint64_t cpu_cycles_freq(void);

static __inline uint64_t
tsc_get_target(uint64_t ns)
{
	return (cpu_cycles() + ns * cpu_cycles_freq() / 1000000000);
}

static __inline int
tsc_test_target(uint64_t target)
{
	return ((int64_t)(cpu_cycles() - target) >= 0);
}

/* DAIF.I is bit 7; only IRQ is masked and unmasked by the kernel. */
static __inline register_t
intr_disable(void)
{
	register_t daif;

	__asm __volatile("mrs %0, daif; msr daifset, #2"
	    : "=&r" (daif) :: "memory");
	return (daif);
}

static __inline void
intr_restore(register_t daif)
{
	__asm __volatile("msr daif, %0" :: "r" (daif) : "memory");
}

static __inline void
intr_enable(void)
{
	__asm __volatile("msr daifclr, #2" ::: "memory");
}

#endif /* !_MACHINE_CPUFUNC_H_ */
