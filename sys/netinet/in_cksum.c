/*
 * The Internet checksum (RFC 1071): the ones'-complement sum of 16-bit
 * words, over an mbuf chain (in_cksum, in_cksum_skip) or a flat buffer.
 * Each mbuf may start at an odd offset of the packet, so the running sum
 * is byte-swapped whenever a word straddles two mbufs.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <netinet/in.h>

/* Sum len bytes at p (any alignment) as big-endian words into a 32+ bit
   accumulator; odd tells whether p sits at an odd packet offset. */
static uint64_t
cksum_add(uint64_t sum, const uint8_t *p, int len, bool *odd)
{
	while (len > 0) {
		if (*odd)
			sum += *p;
		else
			sum += (uint64_t)*p << 8;
		*odd = !*odd;
		p++;
		len--;
	}
	return (sum);
}

static uint16_t
cksum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)sum);
}

/*
 * Faster path for the aligned bulk: whole 16-bit words read as big
 * endian.  Used when the packet offset is even.
 */
static uint64_t
cksum_words(uint64_t sum, const uint8_t *p, int len, bool *odd)
{
	if (*odd || len < 2)
		return (cksum_add(sum, p, len, odd));
	while (len >= 2) {
		sum += ((uint64_t)p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len > 0)
		sum = cksum_add(sum, p, len, odd);
	return (sum);
}

/*
 * Checksum len bytes of the chain starting skip bytes in.  Returns the
 * complemented sum in network order, ready to store (0 means valid when
 * computed over data including its checksum field).
 */
int
in_cksum_skip(struct mbuf *m, int len, int skip)
{
	uint64_t sum = 0;
	bool odd = false;
	int mlen;

	for (; m != NULL && skip > 0; m = m->m_next) {
		if (skip < m->m_len)
			break;
		skip -= m->m_len;
	}
	for (; m != NULL && len > 0; m = m->m_next) {
		mlen = m->m_len - skip;
		if (mlen > len)
			mlen = len;
		sum = cksum_words(sum, mtod(m, const uint8_t *) + skip, mlen,
		    &odd);
		len -= mlen;
		skip = 0;
	}
	return (htons((uint16_t)~cksum_fold(sum)));
}

int
in_cksum(struct mbuf *m, int len)
{
	return (in_cksum_skip(m, len, 0));
}

uint16_t
in_cksum_buf(const void *buf, int len)
{
	bool odd = false;

	return (htons((uint16_t)~cksum_fold(cksum_words(0, buf, len, &odd))));
}

/*
 * The uncomplemented sum of three 32-bit network-order quantities (the
 * pseudo header: addresses, then protocol + length), in network order.
 */
uint16_t
in_pseudo(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t sum;

	a = ntohl(a);
	b = ntohl(b);
	c = ntohl(c);
	sum = (uint64_t)(a >> 16) + (a & 0xffff) + (b >> 16) + (b & 0xffff) +
	    (c >> 16) + (c & 0xffff);
	return (htons(cksum_fold(sum)));
}
