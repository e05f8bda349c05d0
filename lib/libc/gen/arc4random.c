/*
 * arc4random, arc4random_buf: a ChaCha20 stream keyed from getrandom(2),
 * in place of newlib's, which has no fork detection on Petrel (it
 * expects MAP_INHERIT_ZERO or a port's own hook), so a parent and its
 * child went on to draw the same bytes.  newlib's arc4random_uniform
 * stays; it calls arc4random.
 *
 * The state is rekeyed from the kernel after RS_REKEY bytes, and in a
 * child: fork() (gen/thread.c) stores the child's pid in
 * __arc4random_forked_pid, and every call compares it with the pid the
 * state was keyed in, so a child never continues its parent's stream
 * (and costs no system call per call to find out).  Each refill keys
 * the next block from the stream itself (fast key erasure), so a later
 * look at this process's memory cannot recover bytes already handed
 * out.  newlib's lock for it (__arc4random_mutex, made real in
 * gen/lock.c) serialises threads.
 */
#include <sys/types.h>
#include <sys/lock.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t	getrandom(void *, size_t, unsigned int);

extern struct __lock __lock___arc4random_mutex;

#define RS_REKEY	(1600 * 1024)	/* bytes between rekeys */

/* Set to the new pid in fork()'s child (gen/thread.c). */
pid_t	__arc4random_forked_pid;

static struct {
	uint32_t	key[8];
	uint64_t	ctr;
	uint8_t		buf[64 * 8];	/* first 32 bytes rekey the rest */
	size_t		have;		/* unused bytes at the end of buf */
	size_t		count;		/* bytes given since keyed */
	pid_t		pid;		/* 0: never keyed */
} rs;

static inline uint32_t
rol32(uint32_t v, int n)
{
	return ((v << n) | (v >> (32 - n)));
}

#define QR(a, b, c, d) do {						\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 16);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 12);			\
	x[a] += x[b]; x[d] = rol32(x[d] ^ x[a], 8);			\
	x[c] += x[d]; x[b] = rol32(x[b] ^ x[c], 7);			\
} while (0)

static void
chacha_block(const uint32_t key[8], uint64_t ctr, uint8_t out[64])
{
	uint32_t s[16], x[16];
	int i;

	s[0] = 0x61707865;
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	memcpy(&s[4], key, 32);
	s[12] = (uint32_t)ctr;
	s[13] = (uint32_t)(ctr >> 32);
	s[14] = s[15] = 0;
	memcpy(x, s, sizeof(x));
	for (i = 0; i < 10; i++) {
		QR(0, 4, 8, 12); QR(1, 5, 9, 13);
		QR(2, 6, 10, 14); QR(3, 7, 11, 15);
		QR(0, 5, 10, 15); QR(1, 6, 11, 12);
		QR(2, 7, 8, 13); QR(3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++) {
		x[i] += s[i];
		out[4 * i] = (uint8_t)x[i];
		out[4 * i + 1] = (uint8_t)(x[i] >> 8);
		out[4 * i + 2] = (uint8_t)(x[i] >> 16);
		out[4 * i + 3] = (uint8_t)(x[i] >> 24);
	}
}

/* Fill buf from the key; its first 32 bytes become the next key. */
static void
rs_refill(void)
{
	size_t i;

	for (i = 0; i < sizeof(rs.buf); i += 64)
		chacha_block(rs.key, rs.ctr++, rs.buf + i);
	memcpy(rs.key, rs.buf, sizeof(rs.key));
	memset(rs.buf, 0, sizeof(rs.key));
	rs.have = sizeof(rs.buf) - sizeof(rs.key);
}

static void
rs_key(void)
{
	uint8_t seed[32];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(seed)) {
		n = getrandom(seed + got, sizeof(seed) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			abort();	/* no randomness: never go on without */
		got += (size_t)n;
	}
	memcpy(rs.key, seed, sizeof(rs.key));
	memset(seed, 0, sizeof(seed));
	rs.ctr = 0;
	rs.count = 0;
	rs.pid = __arc4random_forked_pid != 0 ? __arc4random_forked_pid :
	    getpid();
	__arc4random_forked_pid = rs.pid;
	rs_refill();
}

static void
rs_take(void *out, size_t len)
{
	uint8_t *p = out;
	size_t n;
	int e = errno;

	if (rs.pid == 0 || rs.pid != __arc4random_forked_pid ||
	    rs.count >= RS_REKEY)
		rs_key();
	rs.count += len;
	while (len > 0) {
		if (rs.have == 0)
			rs_refill();
		n = len < rs.have ? len : rs.have;
		memcpy(p, rs.buf + sizeof(rs.buf) - rs.have, n);
		/* Given bytes are not kept. */
		memset(rs.buf + sizeof(rs.buf) - rs.have, 0, n);
		rs.have -= n;
		p += n;
		len -= n;
	}
	errno = e;
}

uint32_t
arc4random(void)
{
	uint32_t v;

	__retarget_lock_acquire(&__lock___arc4random_mutex);
	rs_take(&v, sizeof(v));
	__retarget_lock_release(&__lock___arc4random_mutex);
	return (v);
}

void
arc4random_buf(void *buf, size_t len)
{
	__retarget_lock_acquire(&__lock___arc4random_mutex);
	rs_take(buf, len);
	__retarget_lock_release(&__lock___arc4random_mutex);
}
