/*
 * debug.memcheck: check the kernel's memcpy, memmove, memset and bzero
 * from inside the kernel.  They are assembly on some architectures
 * (aarch64's support.S) with separate head, block and tail paths, and
 * user space cannot call them directly, so this runs every source and
 * destination alignment 0..15 against lengths 0..80 and around 128, 256
 * and 4096, overlapping memmove in both directions, and checks each
 * result against a byte-by-byte reference, including that no byte
 * outside the destination changed.
 *
 * Writing an int (any value) runs the check and returns, in the same
 * call, two ints: the number of cases checked and the number that failed.
 * Reading without writing returns the last run's pair ({0, 0} before the
 * first run), so `sysctl -a' can read every leaf.  The first failure is
 * printed on the console.  Root only: a run takes
 * a noticeable fraction of a second under emulation.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_MEMCHECK, "memcheck", "debug.memcheck buffers");

/* Keep GCC from turning the reference loops into calls to the code under test. */
#define NOLIBCALL	__attribute__((__optimize__("no-tree-loop-distribute-patterns")))

#define MC_GUARD	32		/* checked bytes either side */
#define MC_BUF		(4097 + 16 + 2 * MC_GUARD + 64)
#define MC_FILL		0x5a

static const size_t mc_biglens[] = { 127, 128, 129, 255, 256, 257, 4095,
    4096, 4097 };
#define MC_NSMALL	81		/* lengths 0..80 */
#define MC_NLENS	(MC_NSMALL + nitems(mc_biglens))

/* Called through volatile pointers so the compiler cannot fold them. */
static void *(*volatile mc_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*volatile mc_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile mc_memset)(void *, int, size_t) = memset;
static void (*volatile mc_bzero)(void *, size_t) = bzero;

struct mc_state {
	unsigned char	*src;		/* pattern source */
	unsigned char	*dst;		/* destination under test */
	unsigned char	*ref;		/* expected destination */
	int		 checks;
	int		 fails;
};

static size_t
mc_len(int i)
{
	return (i < MC_NSMALL ? (size_t)i : mc_biglens[i - MC_NSMALL]);
}

static NOLIBCALL void
mc_pattern(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed * 7 + (i >> 8) + 1);
}

static NOLIBCALL void
mc_result(struct mc_state *st, bool good, const char *what, size_t a,
    size_t b, size_t len)
{
	st->checks++;
	if (good)
		return;
	if (st->fails++ == 0)
		kprintf("memcheck: %s failed: alignments %zu/%zu, length %zu\n",
		    what, a, b, len);
}

/* Compare the whole buffer: the bytes outside the target must be intact. */
static NOLIBCALL bool
mc_same(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return (false);
	return (true);
}

static NOLIBCALL void
mc_fill(unsigned char *p, int c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)c;
}

static NOLIBCALL void
mc_check_copy(struct mc_state *st)
{
	size_t sa, da, len, span, i;
	unsigned char *d;
	int l;

	for (l = 0; l < (int)MC_NLENS; l++) {
		len = mc_len(l);
		span = MC_GUARD + 16 + len + MC_GUARD;
		for (sa = 0; sa < 16; sa++) {
			mc_pattern(st->src, len + 16, (unsigned)(len + sa));
			for (da = 0; da < 16; da++) {
				d = st->dst + MC_GUARD + da;
				mc_fill(st->dst, MC_FILL, span);
				mc_fill(st->ref, MC_FILL, span);
				for (i = 0; i < len; i++)
					st->ref[MC_GUARD + da + i] =
					    st->src[sa + i];
				mc_result(st, mc_memcpy(d, st->src + sa, len) ==
				    d && mc_same(st->dst, st->ref, span),
				    "memcpy", sa, da, len);
			}
		}
	}
}

/* memmove within one buffer: destination below, on and above the source. */
static NOLIBCALL void
mc_check_move(struct mc_state *st)
{
	size_t len, span, i;
	unsigned char *s, *d;
	int l, shift;

	for (l = 0; l < (int)MC_NLENS; l++) {
		len = mc_len(l);
		span = len + 2 * 48;
		for (shift = -33; shift <= 33; shift++) {
			mc_pattern(st->dst, span, (unsigned)(len + shift + 40));
			for (i = 0; i < span; i++)
				st->ref[i] = st->dst[i];
			s = st->dst + 40;
			d = s + shift;
			for (i = 0; i < len; i++)
				st->src[i] = s[i];
			for (i = 0; i < len; i++)
				st->ref[40 + shift + i] = st->src[i];
			mc_result(st, mc_memmove(d, s, len) == d &&
			    mc_same(st->dst, st->ref, span), "memmove",
			    (size_t)(shift + 33), 40, len);
		}
	}
}

static NOLIBCALL void
mc_check_set(struct mc_state *st)
{
	static const int cs[] = { 0, 0xa7, 0x1ff };	/* 0x1ff: only 0xff */
	size_t da, len, span, i;
	unsigned char *d;
	int l, c;

	for (l = 0; l < (int)MC_NLENS; l++) {
		len = mc_len(l);
		span = MC_GUARD + 16 + len + MC_GUARD;
		for (da = 0; da < 16; da++) {
			d = st->dst + MC_GUARD + da;
			for (c = 0; c < (int)nitems(cs); c++) {
				mc_fill(st->dst, MC_FILL, span);
				mc_fill(st->ref, MC_FILL, span);
				for (i = 0; i < len; i++)
					st->ref[MC_GUARD + da + i] =
					    (unsigned char)cs[c];
				mc_result(st, mc_memset(d, cs[c], len) == d &&
				    mc_same(st->dst, st->ref, span), "memset",
				    da, (size_t)c, len);
			}
			mc_fill(st->dst, MC_FILL, span);
			mc_fill(st->ref, MC_FILL, span);
			mc_fill(st->ref + MC_GUARD + da, 0, len);
			mc_bzero(d, len);
			mc_result(st, mc_same(st->dst, st->ref, span), "bzero",
			    da, 0, len);
		}
	}
}

static int mc_last[2];		/* the last run's {checks, fails}; a
					   racy read of a statistic is fine */

static int
sysctl_memcheck(SYSCTL_HANDLER_ARGS)
{
	struct mc_state st;
	int arg, out[2], error;

	if (req->newptr == NULL) {
		out[0] = mc_last[0];
		out[1] = mc_last[1];
		return (SYSCTL_OUT(req, out, sizeof(out)));
	}
	if (req->newlen != sizeof(arg))
		return (EINVAL);
	if ((error = SYSCTL_IN(req, &arg, sizeof(arg))) != 0)
		return (error);
	st.src = kmalloc(MC_BUF, M_MEMCHECK, M_WAITOK);
	st.dst = kmalloc(MC_BUF, M_MEMCHECK, M_WAITOK);
	st.ref = kmalloc(MC_BUF, M_MEMCHECK, M_WAITOK);
	st.checks = st.fails = 0;
	mc_check_copy(&st);
	mc_check_move(&st);
	mc_check_set(&st);
	kfree(st.src, M_MEMCHECK);
	kfree(st.dst, M_MEMCHECK);
	kfree(st.ref, M_MEMCHECK);
	out[0] = mc_last[0] = st.checks;
	out[1] = mc_last[1] = st.fails;
	return (SYSCTL_OUT(req, out, sizeof(out)));
}

SYSCTL_PROC(_debug, OID_AUTO, memcheck,
    CTLTYPE_OPAQUE | CTLFLAG_RW | CTLFLAG_SECURE, NULL, 0, sysctl_memcheck,
    "S,memcheck", "write any int: check memcpy/memmove/memset/bzero, "
    "returns {cases, failures}");
