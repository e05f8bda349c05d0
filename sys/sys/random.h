/*
 * The random number generator (sys/kern/kern_random.c): getrandom(2)
 * and getentropy(3) for programs, as FreeBSD's <sys/random.h> has
 * them, and what the rest of the kernel calls to feed the generator
 * and to draw from it.
 */
#ifndef _SYS_RANDOM_H_
#define _SYS_RANDOM_H_

#include <sys/types.h>

/* getrandom(2) flags: fail with EAGAIN instead of waiting for the
   seed; GRND_RANDOM is accepted and means nothing more. */
#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2

#ifndef _KERNEL
__BEGIN_DECLS
ssize_t	getrandom(void *, size_t, unsigned int);
int	getentropy(void *, size_t);
__END_DECLS
#else

/*
 * Bytes from the generator.  Never blocks: before the generator is
 * seeded the bytes come from what the pool has so far (read_random is
 * for the kernel's own uses, such as hash secrets, that cannot wait).
 */
void	read_random(void *buf, size_t len);
uint32_t karc4random(void);

/* 1 once the pool has been fed enough to key the generator. */
int	random_seeded(void);

/*
 * Wait until the generator is seeded: 0, EWOULDBLOCK if nonblock, or
 * EINTR/ERESTART for a signal.
 */
int	random_wait_seeded(int nonblock);

/*
 * Feed the pool.  random_harvest_intr takes one sample of interrupt
 * timing (the cycle counter and src) on the calling CPU; it is cheap
 * and may be called from any interrupt handler.  random_add mixes in
 * bytes credited with bits of entropy (0 for data of unknown quality,
 * such as what a user writes to /dev/random).
 */
void	random_harvest_intr(uint32_t src);
void	random_add(const void *buf, size_t len, int bits);

/*
 * The machine's random-number instruction (RDRAND, RNDR): 1 and a
 * 64-bit value in *v, or 0 when the CPU has none or it failed.
 * cpu_hwrng_name names it ("none" without one).
 */
int	cpu_hwrng(uint64_t *v);
const char *cpu_hwrng_name(void);
#endif

#endif /* !_SYS_RANDOM_H_ */
