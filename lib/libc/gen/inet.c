/*
 * IPv4 address text conversion: inet_aton (the BSD forms a, a.b, a.b.c,
 * a.b.c.d, each part decimal, octal or hex), inet_addr, inet_network,
 * inet_ntoa, and the POSIX inet_pton/inet_ntop (AF_INET only: dotted
 * decimal, four parts, no leading zeros beyond "0"; AF_INET6 gives
 * EAFNOSUPPORT).
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int
inet_aton(const char *cp, struct in_addr *addr)
{
	unsigned long parts[4], val;
	int n = 0, base, digits;
	char c;

	for (;;) {
		if (!isdigit((unsigned char)*cp))
			return (0);
		val = 0;
		base = 10;
		digits = 0;
		if (*cp == '0') {
			cp++;
			digits++;
			if (*cp == 'x' || *cp == 'X') {
				base = 16;
				cp++;
				digits = 0;
			} else {
				base = 8;
			}
		}
		while ((c = *cp) != '\0') {
			if (isdigit((unsigned char)c) &&
			    (base != 8 || c < '8')) {
				val = val * base + (unsigned long)(c - '0');
			} else if (base == 16 && isxdigit((unsigned char)c)) {
				val = val * 16 + (unsigned long)
				    (tolower((unsigned char)c) - 'a' + 10);
			} else {
				break;
			}
			if (val > 0xffffffffUL)
				return (0);
			cp++;
			digits++;
		}
		if (digits == 0)
			return (0);
		if (n == 4)
			return (0);
		parts[n++] = val;
		if (*cp == '.') {
			cp++;
			continue;
		}
		if (*cp != '\0' && !isspace((unsigned char)*cp))
			return (0);
		break;
	}
	switch (n) {
	case 1:
		val = parts[0];
		break;
	case 2:
		if (parts[0] > 0xff || parts[1] > 0xffffff)
			return (0);
		val = (parts[0] << 24) | parts[1];
		break;
	case 3:
		if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff)
			return (0);
		val = (parts[0] << 24) | (parts[1] << 16) | parts[2];
		break;
	default:
		if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xff ||
		    parts[3] > 0xff)
			return (0);
		val = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) |
		    parts[3];
		break;
	}
	if (addr != NULL)
		addr->s_addr = htonl((uint32_t)val);
	return (1);
}

in_addr_t
inet_addr(const char *cp)
{
	struct in_addr a;

	if (!inet_aton(cp, &a))
		return (INADDR_NONE);
	return (a.s_addr);
}

in_addr_t
inet_network(const char *cp)
{
	struct in_addr a;

	if (!inet_aton(cp, &a))
		return (INADDR_NONE);
	return (ntohl(a.s_addr));
}

char *
inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];

	(void)inet_ntop(AF_INET, &in, buf, sizeof(buf));
	return (buf);
}

const char *
inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	const unsigned char *p = src;
	char tmp[INET_ADDRSTRLEN];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return (NULL);
	}
	n = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", p[0], p[1], p[2],
	    p[3]);
	if (n < 0 || (socklen_t)n >= size) {
		errno = ENOSPC;
		return (NULL);
	}
	memcpy(dst, tmp, (size_t)n + 1);
	return (dst);
}

int
inet_pton(int af, const char *src, void *dst)
{
	unsigned char out[4];
	int parts = 0, val, digits;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return (-1);
	}
	while (parts < 4) {
		val = 0;
		digits = 0;
		while (*src >= '0' && *src <= '9') {
			if (digits > 0 && val == 0)
				return (0);	/* leading zero */
			val = val * 10 + (*src - '0');
			if (val > 255)
				return (0);
			src++;
			digits++;
		}
		if (digits == 0)
			return (0);
		out[parts++] = (unsigned char)val;
		if (parts < 4) {
			if (*src != '.')
				return (0);
			src++;
		}
	}
	if (*src != '\0')
		return (0);
	memcpy(dst, out, 4);
	return (1);
}
