/*
 * random(3) with initstate and setstate, replacing newlib's random.o
 * (which keeps a single LCG word and has no state arrays): BSD's
 * additive feedback generator.  A state array of n bytes picks the
 * largest generator it holds (n < 32: a plain congruential one; then
 * degree 7, 15, 31 or 63 with the matching separation).  Word 0 of the
 * array records its kind and its rear position, so setstate can take up
 * an array where it was left.  The arrays are seeded by Park and
 * Miller's minimal standard generator and then run 10 * degree steps
 * so the first outputs do not echo the seed.
 *
 * One lock (a spin on an atomic flag: the work under it is a few
 * additions) serialises every call, so threads calling random() at
 * once cannot walk the indices off the array.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <sched.h>

#define NTYPES	5

/* Per kind: the smallest array (bytes), the degree and the separation. */
static const struct {
	size_t	minbytes;
	int	deg;
	int	sep;
} kinds[NTYPES] = {
	{ 8, 0, 0 },
	{ 32, 7, 3 },
	{ 64, 15, 1 },
	{ 128, 31, 3 },
	{ 256, 63, 1 },
};

/* The default: degree 31, as random(3) has always started. */
static uint32_t	defstate[1 + 31];

static uint32_t	*hdr = defstate;	/* the array in use (word 0) */
static uint32_t	*tbl = defstate + 1;	/* its table */
static int	kind = 3, deg = 31, sep = 3;
static int	front = 3, rear = 0;
static int	seeded;			/* defstate seeded (srandom(1)) */
static volatile char rlock;

static void
lock(void)
{
	while (__atomic_test_and_set(&rlock, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void
unlock(void)
{
	__atomic_clear(&rlock, __ATOMIC_RELEASE);
}

/* Park and Miller: x * 16807 mod (2^31 - 1), never 0. */
static uint32_t
minstd(uint32_t x)
{
	uint64_t p;

	if (x == 0 || x == 0x7fffffff)
		x = 123459876;
	p = (uint64_t)x * 16807 % 0x7fffffff;
	return ((uint32_t)p);
}

static long
next(void)
{
	uint32_t r;

	if (kind == 0) {
		tbl[0] = (tbl[0] * 1103515245U + 12345U) & 0x7fffffff;
		return ((long)tbl[0]);
	}
	tbl[front] += tbl[rear];
	r = tbl[front] >> 1;
	if (++front >= deg)
		front = 0;
	if (++rear >= deg)
		rear = 0;
	return ((long)r);
}

static void
seed(unsigned int x)
{
	int i;

	tbl[0] = x;
	seeded = 1;
	if (kind == 0)
		return;
	for (i = 1; i < deg; i++)
		tbl[i] = minstd(tbl[i - 1]);
	front = sep;
	rear = 0;
	for (i = 0; i < 10 * deg; i++)
		(void)next();
}

static void
save(void)
{
	hdr[0] = (uint32_t)(rear * NTYPES + kind);
}

long
random(void)
{
	long r;

	lock();
	if (!seeded)
		seed(1);
	r = next();
	unlock();
	return (r);
}

void
srandom(unsigned int x)
{
	lock();
	seed(x);
	unlock();
}

char *
initstate(unsigned int x, char *state, size_t n)
{
	char *old;
	int k;

	if (n < kinds[0].minbytes) {
		errno = EINVAL;
		return (NULL);
	}
	for (k = NTYPES - 1; n < kinds[k].minbytes; k--)
		;
	lock();
	if (!seeded)
		seed(1);
	save();
	old = (char *)hdr;
	hdr = (uint32_t *)(void *)state;
	tbl = hdr + 1;
	kind = k;
	deg = kinds[k].deg;
	sep = kinds[k].sep;
	seed(x);
	save();
	unlock();
	return (old);
}

char *
setstate(char *state)
{
	uint32_t *h = (uint32_t *)(void *)state;
	char *old;
	int k, r;

	k = (int)(h[0] % NTYPES);
	r = (int)(h[0] / NTYPES);
	if (k != 0 && r >= kinds[k].deg) {
		errno = EINVAL;
		return (NULL);
	}
	lock();
	if (!seeded)
		seed(1);
	save();
	old = (char *)hdr;
	hdr = h;
	tbl = hdr + 1;
	kind = k;
	deg = kinds[k].deg;
	sep = kinds[k].sep;
	rear = k == 0 ? 0 : r;
	front = k == 0 ? 0 : (rear + sep) % deg;
	unlock();
	return (old);
}
