/*
 * t_random: the kernel's generator (kern/kern_random.c) as programs see
 * it.  Its primitives passed their test vectors at boot
 * (kern.random.selftest), a blocking read waits until it is seeded, and
 * what it gives looks random: a megabyte from /dev/urandom passes a
 * monobit and a byte-frequency test with wide (6 sigma) bounds and has
 * no repeated 8-byte word at 16-byte steps, two draws differ.  The
 * bounds fail for a constant, a counter or a short cycle.  getrandom's
 * errors, /dev/random's permissions (root may write to stir the pool,
 * an unprivileged user may not), poll readiness, and arc4random's
 * streams in a parent and its forked child differing.
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define MB	(1024 * 1024)

/* Square root by Newton's method: no libm needed. */
static double
root(double x)
{
	double r = x > 1 ? x / 2 : 1;
	int i;

	for (i = 0; i < 64; i++)
		r = (r + x / r) / 2;
	return (r);
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * Monobit: n bits of a fair source have n/2 ones, sd sqrt(n)/2.
 * Bytes: chi-square with 255 degrees of freedom, mean 255, sd
 * sqrt(510) ~ 22.6; both tails are checked, so output that is too
 * even (a counter cycling through every byte value) fails too.
 * Words: 65536 words of 64 bits from a fair source collide with
 * probability about 1e-10.
 */
static void
check_stats(const uint8_t *buf, size_t len, const char *what)
{
	static uint64_t words[MB / 16];
	unsigned long count[256];
	double chi = 0, expect, sd;
	long long ones = 0, bits;
	size_t i, nw, dups = 0;
	char name[128];

	memset(count, 0, sizeof(count));
	for (i = 0; i < len; i++) {
		ones += __builtin_popcount(buf[i]);
		count[buf[i]]++;
	}
	bits = (long long)len * 8;
	sd = root((double)bits) / 2;
	snprintf(name, sizeof(name), "%s: monobit within 6 sigma of half",
	    what);
	if (!ok((double)ones - (double)bits / 2 < 6 * sd &&
	    (double)bits / 2 - (double)ones < 6 * sd, name))
		printf("# %lld ones in %lld bits\n", ones, bits);
	expect = (double)len / 256;
	for (i = 0; i < 256; i++)
		chi += ((double)count[i] - expect) * ((double)count[i] -
		    expect) / expect;
	snprintf(name, sizeof(name), "%s: byte chi-square in 255 +- 6 sigma",
	    what);
	if (!ok(chi > 255 - 6 * 22.6 && chi < 255 + 6 * 22.6, name))
		printf("# chi-square %.1f\n", chi);
	nw = len / 16;
	for (i = 0; i < nw; i++)
		memcpy(&words[i], buf + 16 * i, sizeof(words[i]));
	qsort(words, nw, sizeof(words[0]), cmp64);
	for (i = 1; i < nw; i++)
		if (words[i] == words[i - 1])
			dups++;
	snprintf(name, sizeof(name), "%s: no repeated word in %zu", what, nw);
	if (!ok(dups == 0, name))
		printf("# %zu repeats\n", dups);
}

int
main(void)
{
	static uint8_t big[MB];
	uint8_t a[64], b[64];
	char hw[32];
	size_t len, got;
	uint32_t pr[8], ch[8];
	struct pollfd pfd;
	int fd, p[2], st;
	ssize_t n;
	pid_t pid;

	is_int(sysctl_int("kern.random.selftest"), 1,
	    "kern.random.selftest: BLAKE2s and ChaCha20 matched their "
	    "test vectors");
	/*
	 * Without a hardware source the pool seeds from interrupt timing
	 * in the first second or two of uptime: a blocking getrandom
	 * waits for it, and afterwards the generator says it is seeded.
	 */
	is_int(getrandom(a, 16, 0), 16, "getrandom waits for the seed");
	is_int(sysctl_int("kern.random.seeded"), 1,
	    "kern.random.seeded: 1 after that");
	ok(sysctl_int("kern.random.pool_bits") >= 0,
	    "kern.random.pool_bits readable");
	len = sizeof(hw);
	ok(sysctlbyname("kern.random.hwrng", hw, &len, NULL, 0) == 0 &&
	    (strcmp(hw, "rdrand") == 0 || strcmp(hw, "rndr") == 0 ||
	    strcmp(hw, "none") == 0), "kern.random.hwrng names the source");
	printf("# hardware source %s, %lld interrupt samples folded\n", hw,
	    sysctl_num("kern.random.samples"));

	/* getrandom(2) */
	is_int(getrandom(a, sizeof(a), 0), 64, "getrandom: 64 bytes");
	is_int(getrandom(b, sizeof(b), GRND_NONBLOCK), 64,
	    "getrandom GRND_NONBLOCK once seeded: 64 bytes");
	ok(memcmp(a, b, sizeof(a)) != 0, "two draws differ");
	is_int(getrandom(a, 0, 0), 0, "getrandom of 0 bytes: 0");
	is_int(errno_of(getrandom(a, sizeof(a), 0x4)), EINVAL,
	    "getrandom with an unknown flag: EINVAL");
	is_int(errno_of(getrandom((void *)1, 16, 0)), EFAULT,
	    "getrandom into an unmapped address: EFAULT");
	is_int(getrandom(big, sizeof(big), 0), 256 * 1024,
	    "getrandom of 1 MiB: 256 KiB, one call's cap");
	check_stats(big, 256 * 1024, "getrandom 256 KiB");
	is_int(getentropy(big, 256), 0, "getentropy of 256 bytes");
	is_int(errno_of(getentropy(big, 257)), EIO,
	    "getentropy of 257 bytes: EIO");

	/* /dev/urandom and /dev/random */
	fd = open("/dev/urandom", O_RDONLY);
	ok(fd >= 0, "open /dev/urandom");
	got = readn(fd, big, sizeof(big));
	is_int((long long)got, MB, "read 1 MiB from /dev/urandom");
	check_stats(big, got, "/dev/urandom 1 MiB");
	pfd.fd = fd;
	pfd.events = POLLIN;
	is_int(poll(&pfd, 1, 0), 1, "poll: /dev/urandom is readable");
	close(fd);
	fd = open("/dev/random", O_RDONLY | O_NONBLOCK);
	is_int(read(fd, a, sizeof(a)), 64,
	    "/dev/random with O_NONBLOCK once seeded: 64 bytes");
	close(fd);
	memset(big, 0, 4096);
	fd = open("/dev/random", O_WRONLY);
	is_int(write(fd, big, 4096), 4096,
	    "root writes 4096 bytes to /dev/random (mixed in)");
	close(fd);
	pid = fork();
	if (pid == 0) {
		if (become(1000, 1000) != 0)
			_exit(2);
		fd = open("/dev/random", O_WRONLY);
		_exit(fd == -1 && errno == EACCES ? 0 : 1);
	}
	is_int(wait_status(pid), 0,
	    "an unprivileged user cannot open /dev/random for writing: "
	    "EACCES");
	fd = open("/dev/urandom", O_RDONLY);
	is_int(errno_of(read(fd, (void *)1, 16)), EFAULT,
	    "read of /dev/urandom into an unmapped address: EFAULT");
	close(fd);

	/* arc4random: a forked child must not repeat its parent's stream. */
	(void)arc4random();
	pipe(p);
	pid = fork();
	if (pid == 0) {
		arc4random_buf(ch, sizeof(ch));
		write(p[1], ch, sizeof(ch));
		_exit(0);
	}
	arc4random_buf(pr, sizeof(pr));
	n = read(p[0], ch, sizeof(ch));
	waitpid(pid, &st, 0);
	is_int(n, sizeof(ch), "the child's 32 arc4random bytes");
	ok(memcmp(pr, ch, sizeof(pr)) != 0,
	    "parent and forked child draw different arc4random bytes");
	close(p[0]);
	close(p[1]);
	arc4random_buf(big, MB);
	check_stats(big, MB, "arc4random_buf 1 MiB");
	return (done());
}
