/*
 * t_copy: the kernel's user-memory copy routines (copyin/copyout) seen
 * through read(2) and write(2).  The copies use different loops for the
 * head, the bulk and the tail depending on length and alignment, so
 * every user alignment 0..15 is tried against several kernel-side
 * alignments (the pipe ring's offset) and lengths around 16, 32, 64 and
 * 4096:
 * - round trips through a pipe and an AF_UNIX stream socket deliver the
 *   exact bytes and touch nothing before or after the user buffer;
 * - a buffer that runs from a good page into a PROT_NONE page, or into
 *   an unmapped hole, fails with EFAULT: read(2) has stored exactly the
 *   bytes that fit before the bad page (and nothing before the buffer),
 *   and the pipe still holds all its data; write(2) has queued nothing;
 * - a regular file read into such a buffer does the same;
 * - the kernel's own memcpy/memmove/memset/bzero check (debug.memcheck)
 *   finds no failure, and its bad inputs get their errno.
 * Each group of cases reports one line; the first failing case of a
 * group is printed on a `#' line.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/filio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define TFILE	"/tmp/t_copy.data"
#define MAXLEN	(4096 + 64)

static const size_t lens[] = { 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64,
    65, 127, 128, 129, 4095, 4096, 4097 };
#define NLENS	(sizeof(lens) / sizeof(lens[0]))

/* Kernel-side offsets (the pipe ring's index mod 16) tried. */
static const size_t koffs[] = { 0, 1, 8, 15 };
#define NKOFFS	(sizeof(koffs) / sizeof(koffs[0]))

static long pagesz;
static unsigned char pattern[MAXLEN + 64];
static char why[200];		/* the first failure of the current group */

static void __attribute__((__format__(__printf__, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
}

static int
report(const char *name)
{
	int r = ok(why[0] == '\0', name);

	if (!r)
		printf("# %s\n", why);
	why[0] = '\0';
	return (r);
}

/* Bytes that differ between cases, so a stale copy is not mistaken. */
static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed * 13 + (i >> 8) + 1);
}

static int
pipe_at(int p[2], size_t koff)
{
	unsigned char pad[16];

	if (pipe(p) != 0)
		return (-1);
	/* Advance the ring's indices so the kernel side starts at koff. */
	if (koff > 0 && (write(p[1], pattern, koff) != (ssize_t)koff ||
	    read(p[0], pad, koff) != (ssize_t)koff)) {
		close(p[0]);
		close(p[1]);
		return (-1);
	}
	return (0);
}

/*
 * Good buffers: a round trip from the source at alignment ua through the
 * descriptor pair to a destination at alignment (ua * 5 + 3) % 16; the
 * guard bytes on both sides of the destination must stay 0xa5.
 */
static void
roundtrip(int wfd, int rfd, size_t len, size_t ua, size_t koff,
    unsigned char *src, unsigned char *dst)
{
	size_t da = (ua * 5 + 3) % 16, got = 0, i;
	ssize_t n;

	fill(src + ua, len, (unsigned)(len + ua + koff));
	memset(dst, 0xa5, MAXLEN + 64);
	if ((n = write(wfd, src + ua, len)) != (ssize_t)len) {
		fail("write len %zu ua %zu koff %zu returned %ld", len, ua,
		    koff, (long)n);
		return;
	}
	while (got < len) {
		n = read(rfd, dst + 16 + da + got, len - got);
		if (n <= 0) {
			fail("read len %zu ua %zu koff %zu returned %ld", len,
			    ua, koff, (long)n);
			return;
		}
		got += (size_t)n;
	}
	if (memcmp(dst + 16 + da, src + ua, len) != 0)
		fail("bytes differ: len %zu ua %zu koff %zu", len, ua,
		    koff);
	for (i = 0; i < 16 + da; i++)
		if (dst[i] != 0xa5)
			fail("byte before the buffer changed: len %zu ua %zu "
			    "koff %zu at -%ld", len, ua, koff,
			    (long)(16 + da - i));
	for (i = 16 + da + len; i < MAXLEN + 64; i++)
		if (dst[i] != 0xa5)
			fail("byte after the buffer changed: len %zu ua %zu "
			    "koff %zu at +%ld", len, ua, koff,
			    (long)(i - 16 - da - len));
}

static void
test_pipe_roundtrip(void)
{
	unsigned char *src = malloc(MAXLEN + 64), *dst = malloc(MAXLEN + 64);
	size_t l, ua, k;
	int p[2];

	for (k = 0; k < NKOFFS; k++) {
		if (pipe_at(p, koffs[k]) != 0) {
			fail("pipe: errno %d", errno);
			break;
		}
		for (l = 0; l < NLENS; l++)
			for (ua = 0; ua < 16; ua++) {
				/* Keep the ring offset at koff for each case. */
				roundtrip(p[1], p[0], lens[l], ua, koffs[k],
				    src, dst);
				size_t fix = (16 - lens[l] % 16) % 16;
				unsigned char pad[16];
				if (fix > 0 && (write(p[1], pattern, fix) !=
				    (ssize_t)fix || read(p[0], pad, fix) !=
				    (ssize_t)fix))
					fail("padding write/read failed");
			}
		close(p[0]);
		close(p[1]);
	}
	report("pipe round trips: every user alignment, 4 ring offsets, "
	    "19 lengths, exact bytes, guards intact");
	free(src);
	free(dst);
}

static void
test_unix_roundtrip(void)
{
	unsigned char *src = malloc(MAXLEN + 64), *dst = malloc(MAXLEN + 64);
	size_t l, ua;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		fail("socketpair: errno %d", errno);
	} else {
		for (l = 0; l < NLENS; l++)
			for (ua = 0; ua < 16; ua++)
				roundtrip(sv[0], sv[1], lens[l], ua, 0, src,
				    dst);
		close(sv[0]);
		close(sv[1]);
	}
	report("AF_UNIX stream round trips: every user alignment, 19 "
	    "lengths, exact bytes, guards intact");
	free(src);
	free(dst);
}

/*
 * A two-page window whose second page is bad (PROT_NONE or unmapped).
 * edge is the first bad byte.
 */
static unsigned char *
window(int unmapped, unsigned char **edge)
{
	unsigned char *w;

	w = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (w == MAP_FAILED)
		return (NULL);
	if (unmapped ? munmap(w + pagesz, pagesz) != 0 :
	    mprotect(w + pagesz, pagesz, PROT_NONE) != 0) {
		munmap(w, 2 * pagesz);
		return (NULL);
	}
	*edge = w + pagesz;
	return (w);
}

/*
 * For each length and user alignment, two buffers that cross the edge:
 * one with as much as possible before it (len - 1 bytes rounded to the
 * alignment) and one with at most 16 bytes before it.
 */
static size_t
before_edge(size_t len, size_t ua, int which)
{
	size_t k;

	/* k bytes before the edge puts the buffer at alignment (-k) % 16. */
	k = (16 - ua) % 16;
	if (k == 0)
		k = 16;
	if (which == 0) {
		while (k + 16 < len)
			k += 16;
	}
	return (k < len ? k : 0);
}

static void
test_read_fault(int unmapped)
{
	unsigned char *w, *edge, *buf = malloc(MAXLEN + 64);
	size_t l, ua, k, which, before, i;
	ssize_t n;
	int p[2];

	if ((w = window(unmapped, &edge)) == NULL) {
		fail("mmap/mprotect: errno %d", errno);
		goto out;
	}
	for (l = 0; l < NLENS; l++)
		for (ua = 0; ua < 16; ua++)
			for (which = 0; which < 2; which++)
				for (k = 0; k < NKOFFS; k++) {
			size_t len = lens[l];

			before = before_edge(len, ua, (int)which);
			if (before == 0 || before > (size_t)pagesz - 16)
				continue;
			if (pipe_at(p, koffs[k]) != 0) {
				fail("pipe: errno %d", errno);
				goto out;
			}
			fill(pattern, len, (unsigned)(len + ua + which));
			memset(w, 0xa5, pagesz);
			if (write(p[1], pattern, len) != (ssize_t)len)
				fail("write len %zu ua %zu before %zu", len,
				    ua, before);
			n = read(p[0], edge - before, len);
			if (n != -1 || errno != EFAULT)
				fail("read across the edge: len %zu ua %zu "
				    "before %zu: %ld, want EFAULT", len, ua,
				    before, n == -1 ? -errno : (long)n);
			if (memcmp(edge - before, pattern, before) != 0)
				fail("bytes before the edge: len %zu ua %zu "
				    "before %zu koff %ld", len, ua, before,
				    (long)koffs[k]);
			for (i = 0; i < (size_t)pagesz - before; i++)
				if (w[i] != 0xa5) {
					fail("byte before the buffer changed: "
					    "len %zu ua %zu before %zu at %ld",
					    len, ua, before, (long)i);
					break;
				}
			/* Nothing was consumed: all len bytes are still there. */
			n = read(p[0], buf, MAXLEN);
			if (n != (ssize_t)len || memcmp(buf, pattern, len) != 0)
				fail("pipe after EFAULT: len %zu ua %zu before "
				    "%zu read %ld", len, ua, before, (long)n);
			close(p[0]);
			close(p[1]);
		}
	munmap(w, pagesz);
	if (!unmapped)
		munmap(edge, pagesz);
out:
	report(unmapped ? "read(2) from a pipe into a buffer running into "
	    "an unmapped page: EFAULT, exact bytes before it, data kept" :
	    "read(2) from a pipe into a buffer running into a PROT_NONE "
	    "page: EFAULT, exact bytes before it, data kept");
	free(buf);
}

static void
test_write_fault(int unmapped)
{
	unsigned char *w, *edge;
	size_t l, ua, k, which, before;
	ssize_t n;
	int p[2], avail;

	if ((w = window(unmapped, &edge)) == NULL) {
		fail("mmap/mprotect: errno %d", errno);
		goto out;
	}
	fill(w, pagesz, 3);
	for (l = 0; l < NLENS; l++)
		for (ua = 0; ua < 16; ua++)
			for (which = 0; which < 2; which++)
				for (k = 0; k < NKOFFS; k++) {
			size_t len = lens[l];

			before = before_edge(len, ua, (int)which);
			if (before == 0 || before > (size_t)pagesz - 16)
				continue;
			if (pipe_at(p, koffs[k]) != 0) {
				fail("pipe: errno %d", errno);
				goto out;
			}
			n = write(p[1], edge - before, len);
			if (n != -1 || errno != EFAULT)
				fail("write across the edge: len %zu ua %zu "
				    "before %zu: %ld, want EFAULT", len, ua,
				    before, n == -1 ? -errno : (long)n);
			avail = -1;
			if (ioctl(p[0], FIONREAD, &avail) != 0 || avail != 0)
				fail("pipe after EFAULT: len %zu ua %zu before "
				    "%zu holds %ld", len, ua, before,
				    (long)avail);
			/* The good part alone still goes through. */
			n = write(p[1], edge - before, before);
			if (n != (ssize_t)before)
				fail("write of the good part: len %zu ua %zu "
				    "before %zu: %ld", len, ua, before, (long)n);
			close(p[0]);
			close(p[1]);
		}
	munmap(w, pagesz);
	if (!unmapped)
		munmap(edge, pagesz);
out:
	report(unmapped ? "write(2) to a pipe from a buffer running into an "
	    "unmapped page: EFAULT, nothing queued" :
	    "write(2) to a pipe from a buffer running into a PROT_NONE "
	    "page: EFAULT, nothing queued");
}

/* A regular file read into a buffer that runs into a PROT_NONE page. */
static void
test_file_fault(void)
{
	unsigned char *w, *edge;
	size_t l, ua, before;
	ssize_t n;
	int fd;

	fill(pattern, MAXLEN, 11);
	fd = open(TFILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, pattern, MAXLEN) != MAXLEN) {
		fail("create " TFILE ": errno %d", errno);
		goto out;
	}
	if ((w = window(0, &edge)) == NULL) {
		fail("mmap/mprotect: errno %d", errno);
		goto out;
	}
	for (l = 0; l < NLENS; l++)
		for (ua = 0; ua < 16; ua++) {
			size_t len = lens[l];

			before = before_edge(len, ua, 0);
			if (before == 0 || before > (size_t)pagesz - 16)
				continue;
			memset(w, 0xa5, pagesz);
			n = pread(fd, edge - before, len, (off_t)ua);
			if (n != -1 || errno != EFAULT)
				fail("pread across the edge: len %zu ua %zu "
				    "before %zu: %ld, want EFAULT", len, ua,
				    before, n == -1 ? -errno : (long)n);
			if (memcmp(edge - before, pattern + ua, before) != 0)
				fail("bytes before the edge: len %zu ua %zu "
				    "before %zu", len, ua, before);
			if (w[pagesz - before - 1] != 0xa5)
				fail("byte before the buffer changed: len %zu "
				    "ua %zu before %zu", len, ua, before);
		}
	munmap(w, 2 * pagesz);
out:
	if (fd >= 0)
		close(fd);
	unlink(TFILE);
	report("pread(2) of a file into a buffer running into a PROT_NONE "
	    "page: EFAULT, exact bytes before it");
}

/*
 * debug.memcheck runs the kernel's own check of memcpy, memmove, memset
 * and bzero (sys/kern/subr_string_check.c): 90 lengths, with 16 x 16
 * alignments for memcpy, 67 overlaps for memmove, and 16 alignments x
 * (3 fill bytes + bzero) for memset.
 */
#define MEMCHECK_CASES	(90 * 256 + 90 * 67 + 90 * 16 * 4)

static void
test_memcheck(void)
{
	int arg = 1, out[2] = { -1, -1 };
	size_t len = sizeof(out);

	is_int(sysctlbyname("debug.memcheck", out, &len, &arg, sizeof(arg)),
	    0, "debug.memcheck: runs");
	is_int(len, sizeof(out), "debug.memcheck: returns two ints");
	is_int(out[0], MEMCHECK_CASES, "debug.memcheck: every case checked");
	is_int(out[1], 0, "debug.memcheck: kernel memcpy/memmove/memset/"
	    "bzero: no failures");
	out[0] = out[1] = -1;
	len = sizeof(out);
	ok(sysctlbyname("debug.memcheck", out, &len, NULL, 0) == 0 &&
	    len == sizeof(out) && out[0] == MEMCHECK_CASES && out[1] == 0,
	    "debug.memcheck: read alone: the last run's figures");
	len = sizeof(out);
	ok(sysctlbyname("debug.memcheck", out, &len, &arg, 2) == -1 &&
	    errno == EINVAL, "debug.memcheck: short write: EINVAL");
	len = sizeof(out);
	ok(sysctlbyname("debug.memcheck", out, &len, (void *)8,
	    sizeof(arg)) == -1 && errno == EFAULT,
	    "debug.memcheck: bad new pointer: EFAULT");
}

/* Buffers in the kernel half and at NULL fail before any copy. */
static int
errno_check(void)
{
	void *khalf = (void *)(uintptr_t)0xffffff8000001000ULL;
	char b[64];
	int p[2], bad = 0;

	if (pipe(p) != 0)
		return (-1);
	if (write(p[1], khalf, 16) != -1 || errno != EFAULT)
		bad |= 1;
	if (write(p[1], NULL, 16) != -1 || errno != EFAULT)
		bad |= 2;
	if (write(p[1], "0123456789abcdef", 16) != 16)
		bad |= 4;
	if (read(p[0], khalf, 16) != -1 || errno != EFAULT)
		bad |= 8;
	if (read(p[0], NULL, 16) != -1 || errno != EFAULT)
		bad |= 16;
	if (read(p[0], b, sizeof(b)) != 16 ||
	    memcmp(b, "0123456789abcdef", 16) != 0)
		bad |= 32;
	close(p[0]);
	close(p[1]);
	return (bad);
}

int
main(void)
{
	pagesz = sysconf(_SC_PAGESIZE);
	if (pagesz <= 0)
		pagesz = 4096;
	fill(pattern, sizeof(pattern), 0);
	printf("1..15\n");

	test_pipe_roundtrip();
	test_unix_roundtrip();
	test_read_fault(0);
	test_read_fault(1);
	test_write_fault(0);
	test_write_fault(1);
	test_file_fault();
	test_memcheck();
	is_int(errno_check(), 0, "kernel-half and NULL buffers: EFAULT");
	return (done());
}
