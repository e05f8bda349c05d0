/*
 * The C library's memory and string routines for the kernel (which is
 * built freestanding), plus the BSD ones (bzero, bcopy, strlcpy ...).
 * Plain C: word-at-a-time copies where alignment allows, bytes otherwise.
 * GCC is told not to turn these loops back into calls to themselves.
 * memcpy, memmove, memset and bzero are weak: an architecture with
 * faster assembly versions (aarch64's support.S) overrides them.
 */
#include <sys/systm.h>

#define NOLIBCALL	__attribute__((__optimize__("no-tree-loop-distribute-patterns")))
#define MDWEAK		__attribute__((__weak__))

MDWEAK NOLIBCALL void *
memcpy(void *dst, const void *src, size_t len)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		while (len >= 8) {
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
			d += 8;
			s += 8;
			len -= 8;
		}
	}
	while (len-- > 0)
		*d++ = *s++;
	return (dst);
}

MDWEAK NOLIBCALL void *
memmove(void *dst, const void *src, size_t len)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || len == 0)
		return (dst);
	if (d < s || d >= s + len)
		return (memcpy(dst, src, len));
	/* Overlap with dst above src: copy backwards. */
	d += len;
	s += len;
	while (len-- > 0)
		*--d = *--s;
	return (dst);
}

MDWEAK NOLIBCALL void *
memset(void *dst, int c, size_t len)
{
	unsigned char *d = dst;
	uint64_t w;

	if (len >= 16) {
		w = (unsigned char)c;
		w |= w << 8;
		w |= w << 16;
		w |= w << 32;
		while (((uintptr_t)d & 7) != 0) {
			*d++ = (unsigned char)c;
			len--;
		}
		while (len >= 8) {
			*(uint64_t *)(void *)d = w;
			d += 8;
			len -= 8;
		}
	}
	while (len-- > 0)
		*d++ = (unsigned char)c;
	return (dst);
}

int
memcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *p = a, *q = b;

	for (; len > 0; len--, p++, q++)
		if (*p != *q)
			return (*p - *q);
	return (0);
}

void *
memchr(const void *s, int c, size_t len)
{
	const unsigned char *p = s;

	for (; len > 0; len--, p++)
		if (*p == (unsigned char)c)
			return ((void *)(uintptr_t)p);
	return (NULL);
}

MDWEAK void
bzero(void *dst, size_t len)
{
	memset(dst, 0, len);
}

void
bcopy(const void *src, void *dst, size_t len)
{
	memmove(dst, src, len);
}

int
bcmp(const void *a, const void *b, size_t len)
{
	return (memcmp(a, b, len) != 0);
}

NOLIBCALL size_t
strlen(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		;
	return (p - s);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n;

	for (n = 0; n < max && s[n] != '\0'; n++)
		;
	return (n);
}

int
strcmp(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (*a == '\0')
			return (0);
	return ((unsigned char)*a - (unsigned char)*b);
}

int
strncmp(const char *a, const char *b, size_t len)
{
	for (; len > 0; len--, a++, b++) {
		if (*a != *b)
			return ((unsigned char)*a - (unsigned char)*b);
		if (*a == '\0')
			break;
	}
	return (0);
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return ((char *)(uintptr_t)s);
		if (*s == '\0')
			return (NULL);
	}
}

char *
strrchr(const char *s, int c)
{
	const char *r = NULL;

	for (;; s++) {
		if (*s == (char)c)
			r = s;
		if (*s == '\0')
			return ((char *)(uintptr_t)r);
	}
}

char *
strstr(const char *s, const char *find)
{
	size_t n = strlen(find);

	for (; *s != '\0'; s++)
		if (strncmp(s, find, n) == 0)
			return ((char *)(uintptr_t)s);
	return (n == 0 ? (char *)(uintptr_t)s : NULL);
}

/* Copy src into dst of size bytes, always terminated; returns strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

/* Append src to dst of size bytes; returns the length it tried to make. */
size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return (size + strlen(src));
	return (dlen + strlcpy(dst + dlen, src, size - dlen));
}

char *
strsep(char **sp, const char *delim)
{
	char *s = *sp, *p;

	if (s == NULL)
		return (NULL);
	for (p = s; *p != '\0'; p++) {
		if (strchr(delim, *p) != NULL) {
			*p = '\0';
			*sp = p + 1;
			return (s);
		}
	}
	*sp = NULL;
	return (s);
}

static int
digitval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (c - 'A' + 10);
	return (99);
}

/*
 * Parse an unsigned number with strtoul's rules (base 0 accepts 0x and
 * leading-0 octal); *negp says whether a '-' preceded it.  Overflow
 * saturates at UINT64_MAX.
 */
static uint64_t
strto_common(const char *s, char **endp, int base, bool *negp)
{
	const char *start = s;
	uint64_t v = 0;
	bool any = false, ovf = false;
	int d;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	*negp = false;
	if (*s == '-' || *s == '+')
		*negp = (*s++ == '-');
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digitval(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0)
		base = s[0] == '0' ? 8 : 10;
	for (; (d = digitval(*s)) < base; s++) {
		any = true;
		if (v > (UINT64_MAX - d) / base)
			ovf = true;
		v = v * base + d;
	}
	if (endp != NULL)
		*endp = (char *)(uintptr_t)(any ? s : start);
	return (ovf ? UINT64_MAX : v);
}

unsigned long long
strtouq(const char *s, char **endp, int base)
{
	bool neg;
	uint64_t v = strto_common(s, endp, base, &neg);

	return (neg ? -v : v);
}

long long
strtoq(const char *s, char **endp, int base)
{
	bool neg;
	uint64_t v = strto_common(s, endp, base, &neg);

	if (neg)
		return (v > (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v);
	return (v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

unsigned long
strtoul(const char *s, char **endp, int base)
{
	return (strtouq(s, endp, base));
}

long
strtol(const char *s, char **endp, int base)
{
	return (strtoq(s, endp, base));
}

int
ffsl(long mask)
{
	return (mask == 0 ? 0 : __builtin_ctzl(mask) + 1);
}

int
flsl(long mask)
{
	return (mask == 0 ? 0 : 64 - __builtin_clzl(mask));
}
