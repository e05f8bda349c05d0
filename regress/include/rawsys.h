/*
 * A raw system call for the regress tests: rawsys(n, a0..a5) traps into
 * the kernel with number n and six arguments, bypassing libc, and
 * returns the kernel's answer without touching errno: the result, or
 * with *errp set to the errno when the kernel flagged an error (carry on
 * amd64, PSTATE.C on aarch64; see sys/sys/cpu.h).  Tests that must pass
 * arguments libc would refuse or rewrite (bad pointers, out-of-range
 * numbers: the fuzzer) use it.
 */
#ifndef _REGRESS_RAWSYS_H_
#define _REGRESS_RAWSYS_H_

static inline long
rawsys(long n, long a0, long a1, long a2, long a3, long a4, long a5,
    int *errp)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	unsigned char cf;

	__asm__ volatile("syscall; setc %1"
	    : "+a"(n), "=r"(cf), "+r"(r10), "+r"(r8), "+r"(r9),
	      "+D"(a0), "+S"(a1), "+d"(a2)
	    : : "rcx", "r11", "memory", "cc");
	*errp = cf ? (int)n : 0;
	return (n);
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;
	long nzcv;

	__asm__ volatile("svc #0; mrs %0, nzcv"
	    : "=r"(nzcv), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
	      "+r"(x5), "+r"(x8)
	    : : "memory", "cc");
	*errp = (nzcv & (1L << 29)) ? (int)x0 : 0;
	return (x0);
#else
#error "rawsys: unknown architecture"
#endif
}

#endif /* !_REGRESS_RAWSYS_H_ */
