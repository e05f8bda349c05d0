/*
 * The kernel's random number generator: an entropy pool, a ChaCha20
 * generator keyed from it, getrandom(2), and the sysctls under
 * kern.random.  /dev/random and /dev/urandom (fs/devfs/devfs_mem.c)
 * read and feed the same generator.
 *
 * Input.  Every interrupt (hardclock on each CPU, and every device
 * interrupt through each port's dispatch) takes a timing sample:
 * random_harvest_intr() mixes the cycle counter into a small per-CPU
 * pool with a few add-rotate-xor rounds, without locks.  Every
 * RND_FOLD samples the per-CPU pool is folded into the main pool, a
 * running BLAKE2s hash (RFC 7693), credited one bit per sample.  The
 * machine's random instruction (RDRAND on amd64, RNDR on aarch64),
 * when the CPU has one, adds 256 credited bits at start-up and 32
 * bytes at every reseed.  Bytes written to /dev/random are mixed in
 * with no credit.
 *
 * Why one bit a sample: under emulation the cycle counter follows the
 * host's clock and the moment an interrupt is taken varies with the
 * host's scheduling, so its low bits are not predictable from outside;
 * one bit per sample is a deliberately low estimate of that.  It still
 * seeds within a second or two of boot with two CPUs ticking at HZ.
 *
 * Output.  The generator is a 256-bit ChaCha20 key.  Each request
 * runs one ChaCha20 block under the lock: the first half of it becomes
 * the next key (so a key, once used, cannot be recovered from later
 * state: fast key erasure) and the second half keys the request's own
 * stream, which is generated with the lock dropped.  Reseeding hashes
 * the pool's digest, the old key and fresh hardware bytes into a new
 * key: the first time once 256 bits are credited (the generator is
 * then "seeded"), then every RND_RESEED_SECS when 128 more bits have
 * come in.
 *
 * Blocking.  /dev/random, /dev/urandom and getrandom(2) without
 * GRND_NONBLOCK wait until the generator is seeded, as FreeBSD's do;
 * with O_NONBLOCK or GRND_NONBLOCK they fail with EAGAIN instead.
 * After that they never block.  The kernel's own read_random() never
 * waits: its early callers (hash secrets) get the boot-keyed stream.
 *
 * Both primitives are checked against their published test vectors
 * (RFC 8439 section 2.3.2, RFC 7693 appendix B) at start-up; a mismatch
 * is a miscompiled kernel and panics rather than hand out weak bytes.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/spinlock.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/globaldata.h>
#include <sys/thread2.h>
#include <sys/random.h>
#include <sys/time.h>
#include <machine/cpufunc.h>

#define RND_FOLD		32	/* samples per fold into the pool */
#define RND_SEED_BITS		256	/* credited bits to be seeded */
#define RND_RESEED_BITS		128	/* ... and to reseed after that */
#define RND_RESEED_SECS		60

/* ---- BLAKE2s-256 (RFC 7693) --------------------------------------- */

struct blake2s_state {
	uint32_t	h[8];
	uint32_t	t[2];
	uint8_t		buf[64];
	size_t		buflen;
};

static const uint32_t blake2s_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint8_t blake2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

/* Clear secrets; the barrier keeps the compiler from dropping it. */
static void
rnd_zero(void *p, size_t len)
{
	memset(p, 0, len);
	__asm __volatile("" : : "r" (p) : "memory");
}

static inline uint32_t
ror32(uint32_t v, int n)
{
	return ((v >> n) | (v << (32 - n)));
}

static inline uint32_t
rol32(uint32_t v, int n)
{
	return ((v << n) | (v >> (32 - n)));
}

static inline uint32_t
le32dec_(const uint8_t *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static inline void
le32enc_(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define B2S_G(a, b, c, d, x, y) do {					\
	v[a] += v[b] + (x);						\
	v[d] = ror32(v[d] ^ v[a], 16);					\
	v[c] += v[d];							\
	v[b] = ror32(v[b] ^ v[c], 12);					\
	v[a] += v[b] + (y);						\
	v[d] = ror32(v[d] ^ v[a], 8);					\
	v[c] += v[d];							\
	v[b] = ror32(v[b] ^ v[c], 7);					\
} while (0)

static void
blake2s_compress(struct blake2s_state *s, const uint8_t *block, bool last)
{
	uint32_t m[16], v[16];
	const uint8_t *sg;
	int i, r;

	for (i = 0; i < 16; i++)
		m[i] = le32dec_(block + 4 * i);
	for (i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = blake2s_iv[i];
	}
	v[12] ^= s->t[0];
	v[13] ^= s->t[1];
	if (last)
		v[14] = ~v[14];
	for (r = 0; r < 10; r++) {
		sg = blake2s_sigma[r];
		B2S_G(0, 4, 8, 12, m[sg[0]], m[sg[1]]);
		B2S_G(1, 5, 9, 13, m[sg[2]], m[sg[3]]);
		B2S_G(2, 6, 10, 14, m[sg[4]], m[sg[5]]);
		B2S_G(3, 7, 11, 15, m[sg[6]], m[sg[7]]);
		B2S_G(0, 5, 10, 15, m[sg[8]], m[sg[9]]);
		B2S_G(1, 6, 11, 12, m[sg[10]], m[sg[11]]);
		B2S_G(2, 7, 8, 13, m[sg[12]], m[sg[13]]);
		B2S_G(3, 4, 9, 14, m[sg[14]], m[sg[15]]);
	}
	for (i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
	rnd_zero(m, sizeof(m));
	rnd_zero(v, sizeof(v));
}

static void
blake2s_init(struct blake2s_state *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->h, blake2s_iv, sizeof(s->h));
	s->h[0] ^= 0x01010000 | 32;	/* depth 1, fanout 1, no key, 32 out */
}

static void
blake2s_count(struct blake2s_state *s, uint32_t n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

static void
blake2s_update(struct blake2s_state *s, const void *in, size_t len)
{
	const uint8_t *p = in;
	size_t n;

	while (len > 0) {
		/*
		 * A full buffer is compressed only when more input follows:
		 * the last block must be compressed by blake2s_final with
		 * the final flag.
		 */
		if (s->buflen == sizeof(s->buf)) {
			blake2s_count(s, sizeof(s->buf));
			blake2s_compress(s, s->buf, false);
			s->buflen = 0;
		}
		n = MIN(len, sizeof(s->buf) - s->buflen);
		memcpy(s->buf + s->buflen, p, n);
		s->buflen += n;
		p += n;
		len -= n;
	}
}

static void
blake2s_final(struct blake2s_state *s, uint8_t out[32])
{
	int i;

	blake2s_count(s, (uint32_t)s->buflen);
	memset(s->buf + s->buflen, 0, sizeof(s->buf) - s->buflen);
	blake2s_compress(s, s->buf, true);
	for (i = 0; i < 8; i++)
		le32enc_(out + 4 * i, s->h[i]);
	rnd_zero(s, sizeof(*s));
}

/* ---- ChaCha20 block function (RFC 8439) ---------------------------- */

#define CC_QR(a, b, c, d) do {						\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 16);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 12);			\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 8);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 7);			\
} while (0)

/*
 * One 64-byte block for key and the last four state words (the block
 * counter and nonce; the generator uses a 64-bit counter and a zero
 * nonce).
 */
static void
chacha20_block(const uint32_t key[8], const uint32_t ctr[4], uint8_t out[64])
{
	uint32_t s[16], x[16];
	int i;

	s[0] = 0x61707865;	/* "expand 32-byte k" */
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		s[4 + i] = key[i];
	for (i = 0; i < 4; i++)
		s[12 + i] = ctr[i];
	memcpy(x, s, sizeof(x));
	for (i = 0; i < 10; i++) {
		CC_QR(0, 4, 8, 12);
		CC_QR(1, 5, 9, 13);
		CC_QR(2, 6, 10, 14);
		CC_QR(3, 7, 11, 15);
		CC_QR(0, 5, 10, 15);
		CC_QR(1, 6, 11, 12);
		CC_QR(2, 7, 8, 13);
		CC_QR(3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++)
		le32enc_(out + 4 * i, x[i] + s[i]);
	rnd_zero(x, sizeof(x));
	rnd_zero(s, sizeof(s));
}

/* ---- The pool and the generator ----------------------------------- */

/* A CPU's interrupt samples between folds; touched only by that CPU. */
struct rnd_fastpool {
	uint32_t	p[4];
	uint32_t	count;
} __aligned(64);

static struct rnd_fastpool rnd_fast[MAXCPU];

static struct spinlock rnd_pool_spin = SPINLOCK_INITIALIZER("rndpool");
static struct blake2s_state rnd_pool;		/* rnd_pool_spin */
static int rnd_pool_bits;			/* credited since reseed */

static struct spinlock rnd_crng_spin = SPINLOCK_INITIALIZER("rndcrng");
static uint32_t rnd_key[8];			/* rnd_crng_spin */
static uint64_t rnd_generation;			/* rnd_crng_spin */

static volatile int rnd_seeded;
static int rnd_selftest;
static int rnd_reseed_tick;			/* ticks of the last reseed */
static uint64_t rnd_samples;
static uint64_t rnd_reseeds;

/* Add-rotate-xor mixing of the four words (SipHash's half round). */
static inline void
rnd_fastmix(uint32_t *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		p[0] += p[1]; p[1] = rol32(p[1], 5); p[1] ^= p[0];
		p[0] = rol32(p[0], 16);
		p[2] += p[3]; p[3] = rol32(p[3], 8); p[3] ^= p[2];
		p[0] += p[3]; p[3] = rol32(p[3], 7); p[3] ^= p[0];
		p[2] += p[1]; p[1] = rol32(p[1], 13); p[1] ^= p[2];
		p[2] = rol32(p[2], 16);
	}
}

void
random_harvest_intr(uint32_t src)
{
	struct rnd_fastpool *fp = &rnd_fast[mycpuid];
	uint64_t c = cpu_cycles();

	fp->p[0] ^= (uint32_t)c;
	fp->p[1] ^= (uint32_t)(c >> 32) ^ src;
	fp->p[2] ^= (uint32_t)ticks;
	rnd_fastmix(fp->p);
	if (++fp->count < RND_FOLD)
		return;
	/*
	 * Fold into the pool.  A CPU that finds the pool busy keeps its
	 * samples and tries again at the next interrupt: an interrupt
	 * handler must not wait for a reader hashing the pool.
	 */
	if (!spin_trylock(&rnd_pool_spin))
		return;
	blake2s_update(&rnd_pool, fp->p, sizeof(fp->p));
	rnd_pool_bits = MIN(rnd_pool_bits + (int)fp->count, 4 * RND_SEED_BITS);
	rnd_samples += fp->count;
	spin_unlock(&rnd_pool_spin);
	fp->count = 0;
}

void
random_add(const void *buf, size_t len, int bits)
{
	uint64_t c = cpu_cycles();

	spin_lock(&rnd_pool_spin);
	blake2s_update(&rnd_pool, &c, sizeof(c));
	blake2s_update(&rnd_pool, buf, len);
	rnd_pool_bits = MIN(rnd_pool_bits + MAX(bits, 0), 4 * RND_SEED_BITS);
	spin_unlock(&rnd_pool_spin);
}

/*
 * New key = BLAKE2s(old key, pool digest, hardware bytes).  The pool
 * starts again from its own digest, so what it held stays in it (a
 * reseed only spends the credit).
 */
static void
rnd_reseed(void)
{
	struct blake2s_state h;
	uint8_t digest[32], key[32];
	uint64_t hw[4];
	int i, nhw = 0;

	for (i = 0; i < 4; i++)
		if (cpu_hwrng(&hw[nhw]))
			nhw++;
	spin_lock(&rnd_pool_spin);
	blake2s_final(&rnd_pool, digest);
	blake2s_init(&rnd_pool);
	blake2s_update(&rnd_pool, digest, sizeof(digest));
	rnd_pool_bits = 0;
	spin_unlock(&rnd_pool_spin);

	blake2s_init(&h);
	spin_lock(&rnd_crng_spin);
	blake2s_update(&h, rnd_key, sizeof(rnd_key));
	blake2s_update(&h, digest, sizeof(digest));
	blake2s_update(&h, hw, (size_t)nhw * sizeof(hw[0]));
	blake2s_final(&h, key);
	for (i = 0; i < 8; i++)
		rnd_key[i] = le32dec_(key + 4 * i);
	spin_unlock(&rnd_crng_spin);
	rnd_reseeds++;
	rnd_reseed_tick = ticks;
	rnd_zero(digest, sizeof(digest));
	rnd_zero(key, sizeof(key));
	rnd_zero(hw, sizeof(hw));
}

/* Reseed when the pool has enough, from thread context. */
static void
rnd_maybe_reseed(void)
{
	int bits = rnd_pool_bits;

	if (!rnd_seeded) {
		if (bits < RND_SEED_BITS)
			return;
		rnd_reseed();
		rnd_seeded = 1;
		wakeup((void *)(uintptr_t)&rnd_seeded);
		return;
	}
	if (bits >= RND_RESEED_BITS &&
	    (u_int)(ticks - rnd_reseed_tick) >= RND_RESEED_SECS * hz)
		rnd_reseed();
}

void
read_random(void *buf, size_t len)
{
	uint32_t key[8], ctr[4] = { 0, 0, 0, 0 };
	uint8_t blk[64];
	uint8_t *p = buf;
	size_t n;
	int i;

	rnd_maybe_reseed();
	spin_lock(&rnd_crng_spin);
	ctr[0] = (uint32_t)rnd_generation;
	ctr[1] = (uint32_t)(rnd_generation >> 32);
	ctr[2] = 0x72616e64;	/* a nonce of its own: "rand" */
	rnd_generation++;
	chacha20_block(rnd_key, ctr, blk);
	for (i = 0; i < 8; i++) {
		rnd_key[i] = le32dec_(blk + 4 * i);
		key[i] = le32dec_(blk + 32 + 4 * i);
	}
	spin_unlock(&rnd_crng_spin);

	ctr[0] = ctr[1] = ctr[2] = 0;
	while (len > 0) {
		chacha20_block(key, ctr, blk);
		if (++ctr[0] == 0)
			ctr[1]++;
		n = MIN(len, sizeof(blk));
		memcpy(p, blk, n);
		p += n;
		len -= n;
	}
	rnd_zero(key, sizeof(key));
	rnd_zero(blk, sizeof(blk));
}

uint32_t
karc4random(void)
{
	uint32_t v;

	read_random(&v, sizeof(v));
	return (v);
}

int
random_seeded(void)
{
	if (!rnd_seeded)
		rnd_maybe_reseed();
	return (rnd_seeded);
}

int
random_wait_seeded(int nonblock)
{
	int error;

	while (!random_seeded()) {
		if (nonblock)
			return (EWOULDBLOCK);
		/*
		 * Look again every tick: the samples that seed the pool
		 * come from interrupts, and the reseed is done here, by a
		 * waiting thread, not by an interrupt handler.
		 */
		random_harvest_intr(0x5eed);
		error = tsleep((void *)(uintptr_t)&rnd_seeded, PCATCH,
		    "seeding", 1);
		if (error != 0 && error != EWOULDBLOCK)
			return (error);
	}
	return (0);
}

/* ---- Start-up: test vectors, the boot seed ------------------------ */

static int
rnd_kat(void)
{
	/* RFC 7693 appendix B: BLAKE2s-256("abc"). */
	static const uint8_t b2s_abc[32] = {
		0x50, 0x8c, 0x5e, 0x8c, 0x32, 0x7c, 0x14, 0xe2,
		0xe1, 0xa7, 0x2b, 0xa3, 0x4e, 0xeb, 0x45, 0x2f,
		0x37, 0x45, 0x8b, 0x20, 0x9e, 0xd6, 0x3a, 0x29,
		0x4d, 0x99, 0x9b, 0x4c, 0x86, 0x67, 0x59, 0x82,
	};
	/* BLAKE2s-256 of the bytes 0..63: one whole block, no more. */
	static const uint8_t b2s_64[32] = {
		0x56, 0xf3, 0x4e, 0x8b, 0x96, 0x55, 0x7e, 0x90,
		0xc1, 0xf2, 0x4b, 0x52, 0xd0, 0xc8, 0x9d, 0x51,
		0x08, 0x6a, 0xcf, 0x1b, 0x00, 0xf6, 0x34, 0xcf,
		0x1d, 0xde, 0x92, 0x33, 0xb8, 0xea, 0xaa, 0x3e,
	};
	/* RFC 8439 section 2.3.2: the block for key 00..1f, counter 1. */
	static const uint8_t cc_block[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
		0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
		0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03,
		0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
		0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09,
		0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9,
		0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	struct blake2s_state s;
	uint8_t out[64], in[64];
	uint32_t key[8], ctr[4] = { 1, 0x09000000, 0x4a000000, 0 };
	int i;

	blake2s_init(&s);
	blake2s_update(&s, "abc", 3);
	blake2s_final(&s, out);
	if (memcmp(out, b2s_abc, sizeof(b2s_abc)) != 0)
		return (0);
	for (i = 0; i < 64; i++)
		in[i] = (uint8_t)i;
	blake2s_init(&s);
	blake2s_update(&s, in, 10);	/* in two pieces, across a call */
	blake2s_update(&s, in + 10, 54);
	blake2s_final(&s, out);
	if (memcmp(out, b2s_64, sizeof(b2s_64)) != 0)
		return (0);
	for (i = 0; i < 8; i++)
		key[i] = le32dec_(in + 4 * i);
	chacha20_block(key, ctr, out);
	return (memcmp(out, cc_block, sizeof(cc_block)) == 0);
}

static void
random_init(void *arg)
{
	struct {
		uint64_t	cycles;
		int		ticks;
		struct timespec	now;
		uint64_t	hw[4];
	} seed;
	int i, nhw = 0;

	rnd_selftest = rnd_kat();
	if (!rnd_selftest)
		panic("random: BLAKE2s or ChaCha20 fails its test vector");
	spin_lock(&rnd_pool_spin);
	blake2s_init(&rnd_pool);
	spin_unlock(&rnd_pool_spin);
	memset(&seed, 0, sizeof(seed));
	seed.cycles = cpu_cycles();
	seed.ticks = ticks;
	nanotime(&seed.now);
	for (i = 0; i < 4; i++)
		if (cpu_hwrng(&seed.hw[nhw]))
			nhw++;
	/* The boot seed keys the stream that read_random gives early. */
	random_add(&seed, sizeof(seed), nhw == 4 ? RND_SEED_BITS : 0);
	rnd_reseed();
	rnd_reseeds = 0;
	if (nhw == 4) {
		/* The CPU's generator is trusted, as FreeBSD and Linux do. */
		rnd_reseed();
		rnd_seeded = 1;
	}
	rnd_zero(&seed, sizeof(seed));
	kprintf("random: ChaCha20 generator, hardware source %s%s\n",
	    cpu_hwrng_name(), rnd_seeded ? ", seeded" : "");
}
SYSINIT(random, SI_SUB_CLOCKS, SI_ORDER_ANY, random_init, NULL);

/* ---- getrandom(2) and sysctl -------------------------------------- */

int
sys_getrandom(struct sysmsg *sysmsg, const struct getrandom_args *uap)
{
	char buf[256];
	size_t len = uap->buflen, done = 0, n;
	int error = 0;

	if (uap->flags & ~(GRND_NONBLOCK | GRND_RANDOM))
		return (EINVAL);
	error = random_wait_seeded(uap->flags & GRND_NONBLOCK);
	if (error == EWOULDBLOCK)
		return (EAGAIN);
	if (error != 0)
		return (error);
	/* One call gives at most 256 KiB, like Linux's 32 MiB cap, smaller. */
	if (len > 256 * 1024)
		len = 256 * 1024;
	while (done < len) {
		n = MIN(len - done, sizeof(buf));
		read_random(buf, n);
		error = copyout(buf, (char *)uap->buf + done, n);
		if (error != 0)
			break;
		done += n;
	}
	rnd_zero(buf, sizeof(buf));
	sysmsg->sysmsg_szresult = done;
	return (done > 0 ? 0 : error);
}

static int
sysctl_random_hwrng(SYSCTL_HANDLER_ARGS)
{
	const char *name = cpu_hwrng_name();

	return (SYSCTL_OUT(req, name, strlen(name) + 1));
}

static int
sysctl_random_seeded(SYSCTL_HANDLER_ARGS)
{
	int v = random_seeded();

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}

SYSCTL_NODE(_kern, OID_AUTO, random, CTLFLAG_RW, 0,
    "Kernel random number generator");
SYSCTL_PROC(_kern_random, OID_AUTO, seeded, CTLTYPE_INT | CTLFLAG_RD, NULL,
    0, sysctl_random_seeded, "I",
    "1 once the generator has been seeded (reads no longer block)");
SYSCTL_INT(_kern_random, OID_AUTO, pool_bits, CTLFLAG_RD, &rnd_pool_bits, 0,
    "Entropy bits credited to the pool since the last reseed");
SYSCTL_U64(_kern_random, OID_AUTO, samples, CTLFLAG_RD, &rnd_samples, 0,
    "Interrupt timing samples folded into the pool");
SYSCTL_U64(_kern_random, OID_AUTO, reseeds, CTLFLAG_RD, &rnd_reseeds, 0,
    "Times the generator was rekeyed from the pool");
SYSCTL_INT(_kern_random, OID_AUTO, selftest, CTLFLAG_RD, &rnd_selftest, 0,
    "1 when BLAKE2s and ChaCha20 matched their test vectors at boot");
SYSCTL_PROC(_kern_random, OID_AUTO, hwrng, CTLTYPE_STRING | CTLFLAG_RD, NULL,
    0, sysctl_random_hwrng, "A",
    "The CPU's random instruction mixed in (rdrand, rndr or none)");
