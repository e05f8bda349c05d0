/*
 * Inline access to amd64 instructions the C code needs: memory barriers,
 * the cycle counter and short busy-wait deadlines, the interrupt flag,
 * port I/O, MSRs, control registers, CPUID and TLB invalidation.  The
 * first group (cpu_*fence, cpu_pause, cpu_cycles, intr_*) is the part of
 * the MI/MD contract every port provides; the rest is for sys/arch/amd64.
 */
#ifndef _MACHINE_CPUFUNC_H_
#define _MACHINE_CPUFUNC_H_

#include <sys/types.h>

#define PSL_C		0x00000001	/* carry: system call error */
#define PSL_PF		0x00000004
#define PSL_AF		0x00000010
#define PSL_ZF		0x00000040
#define PSL_SF		0x00000080
#define PSL_T		0x00000100	/* single step */
#define PSL_I		0x00000200	/* interrupts enabled */
#define PSL_D		0x00000400
#define PSL_V		0x00000800
#define PSL_IOPL	0x00003000
#define PSL_NT		0x00004000
#define PSL_RF		0x00010000
#define PSL_VM		0x00020000
#define PSL_AC		0x00040000	/* alignment check / SMAP override */
#define PSL_ID		0x00200000
#define PSL_RESERVED1	0x00000002	/* always 1 */
/* Flags a user program may change (sigreturn, ptrace). */
#define PSL_USERCHANGE	(PSL_C | PSL_PF | PSL_AF | PSL_ZF | PSL_SF | \
			 PSL_T | PSL_D | PSL_V | PSL_AC | PSL_ID | PSL_RF)
#define PSL_USER	(PSL_RESERVED1 | PSL_I)

/* ---- Barriers and the cycle counter (MI contract) ---------------- */

static __inline void
cpu_lfence(void)
{
	__asm __volatile("lfence" : : : "memory");
}

static __inline void
cpu_sfence(void)
{
	__asm __volatile("sfence" : : : "memory");
}

static __inline void
cpu_mfence(void)
{
	__asm __volatile("mfence" : : : "memory");
}

/* A compiler-only barrier: no reordering of memory accesses across it. */
static __inline void
cpu_ccfence(void)
{
	__asm __volatile("" : : : "memory");
}

static __inline void
cpu_pause(void)
{
	__asm __volatile("pause" : : : "memory");
}

static __inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm __volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (((uint64_t)hi << 32) | lo);
}

/* The cycle counter; its rate is cpu_cycles_freq() (<sys/cpu.h>). */
static __inline uint64_t
cpu_cycles(void)
{
	return (rdtsc());
}

uint64_t cpu_cycles_freq(void);

/*
 * Short busy-wait deadlines (pipe_delay and the like): the target is a
 * cycle count ns nanoseconds from now; tsc_test_target() is true once
 * it has passed.
 */
static __inline uint64_t
tsc_get_target(uint64_t ns)
{
	return (cpu_cycles() + ns * (cpu_cycles_freq() / 1000000) / 1000);
}

static __inline int
tsc_test_target(uint64_t target)
{
	return ((int64_t)(cpu_cycles() - target) >= 0);
}

/* ---- Interrupt flag (MI contract) --------------------------------- */

static __inline register_t
read_rflags(void)
{
	register_t rf;

	__asm __volatile("pushfq; popq %0" : "=r" (rf) : : "memory");
	return (rf);
}

static __inline void
intr_enable(void)
{
	__asm __volatile("sti" : : : "memory");
}

/* Disable interrupts; returns the previous state for intr_restore(). */
static __inline register_t
intr_disable(void)
{
	register_t rf;

	__asm __volatile("pushfq; popq %0; cli" : "=r" (rf) : : "memory");
	return (rf);
}

static __inline void
intr_restore(register_t rf)
{
	if (rf & PSL_I)
		__asm __volatile("sti" : : : "memory");
	else
		__asm __volatile("cli" : : : "memory");
}

static __inline void
halt(void)
{
	__asm __volatile("hlt" : : : "memory");
}

/* ---- Port I/O ------------------------------------------------------ */

static __inline uint8_t
inb(u_int port)
{
	uint8_t v;

	__asm __volatile("inb %w1, %0" : "=a" (v) : "Nd" (port));
	return (v);
}

static __inline uint16_t
inw(u_int port)
{
	uint16_t v;

	__asm __volatile("inw %w1, %0" : "=a" (v) : "Nd" (port));
	return (v);
}

static __inline uint32_t
inl(u_int port)
{
	uint32_t v;

	__asm __volatile("inl %w1, %0" : "=a" (v) : "Nd" (port));
	return (v);
}

static __inline void
outb(u_int port, uint8_t v)
{
	__asm __volatile("outb %0, %w1" : : "a" (v), "Nd" (port));
}

static __inline void
outw(u_int port, uint16_t v)
{
	__asm __volatile("outw %0, %w1" : : "a" (v), "Nd" (port));
}

static __inline void
outl(u_int port, uint32_t v)
{
	__asm __volatile("outl %0, %w1" : : "a" (v), "Nd" (port));
}

/* ---- MSRs, control registers, CPUID, TLB --------------------------- */

static __inline uint64_t
rdmsr(u_int msr)
{
	uint32_t lo, hi;

	__asm __volatile("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
	return (((uint64_t)hi << 32) | lo);
}

static __inline void
wrmsr(u_int msr, uint64_t v)
{
	__asm __volatile("wrmsr" : : "a" ((uint32_t)v),
	    "d" ((uint32_t)(v >> 32)), "c" (msr) : "memory");
}

static __inline void
cpuid_count(u_int leaf, u_int sub, u_int *p)
{
	__asm __volatile("cpuid"
	    : "=a" (p[0]), "=b" (p[1]), "=c" (p[2]), "=d" (p[3])
	    : "0" (leaf), "2" (sub));
}

static __inline void
do_cpuid(u_int leaf, u_int *p)
{
	cpuid_count(leaf, 0, p);
}

static __inline uint64_t
rcr0(void)
{
	uint64_t v;

	__asm __volatile("movq %%cr0, %0" : "=r" (v));
	return (v);
}

static __inline void
load_cr0(uint64_t v)
{
	__asm __volatile("movq %0, %%cr0" : : "r" (v) : "memory");
}

static __inline uint64_t
rcr2(void)
{
	uint64_t v;

	__asm __volatile("movq %%cr2, %0" : "=r" (v));
	return (v);
}

static __inline uint64_t
rcr3(void)
{
	uint64_t v;

	__asm __volatile("movq %%cr3, %0" : "=r" (v));
	return (v);
}

static __inline void
load_cr3(uint64_t v)
{
	__asm __volatile("movq %0, %%cr3" : : "r" (v) : "memory");
}

static __inline uint64_t
rcr4(void)
{
	uint64_t v;

	__asm __volatile("movq %%cr4, %0" : "=r" (v));
	return (v);
}

static __inline void
load_cr4(uint64_t v)
{
	__asm __volatile("movq %0, %%cr4" : : "r" (v) : "memory");
}

static __inline void
xsetbv(u_int reg, uint64_t v)
{
	__asm __volatile("xsetbv" : : "c" (reg), "a" ((uint32_t)v),
	    "d" ((uint32_t)(v >> 32)));
}

static __inline void
invlpg(vm_offset_t va)
{
	__asm __volatile("invlpg (%0)" : : "r" (va) : "memory");
}

/* Flush every non-global TLB entry of this CPU. */
static __inline void
invltlb(void)
{
	load_cr3(rcr3());
}

/* SMAP: allow / forbid supervisor access to user pages (copyin & co). */
static __inline void
stac(void)
{
	__asm __volatile("stac" : : : "memory", "cc");
}

static __inline void
clac(void)
{
	__asm __volatile("clac" : : : "memory", "cc");
}

#endif /* !_MACHINE_CPUFUNC_H_ */
