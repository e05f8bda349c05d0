/*
 * A minimal DNS stub resolver: one A-record question over UDP to the
 * servers /etc/resolv.conf names ("nameserver a.b.c.d", up to three, and
 * "options timeout:N attempts:N", FreeBSD's defaults 5 s and 2).  It is
 * the last step of gethostbyname and getaddrinfo after /etc/hosts; with
 * no resolv.conf or no nameserver line it is never reached.  Each try
 * waits with poll(2) for an answer that carries our query id from the
 * server we asked, so an unanswered query ends after timeout x attempts
 * x servers seconds, never hangs.  CNAME chains in the answer give the
 * canonical name.  No search domains, no TCP fallback, no cache.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "netdb_private.h"

#define RES_MAXNS	3	/* nameserver lines used (MAXNS) */
#define RES_TIMEOUT	5	/* seconds per try (RES_TIMEOUT) */
#define RES_ATTEMPTS	2	/* rounds over the servers (RES_DFLRETRY) */
#define RES_PACKETSZ	512	/* the largest UDP answer without EDNS */
#define DNS_PORT	53
#define T_A		1
#define T_CNAME		5
#define C_IN		1

struct res_conf {
	struct in_addr	rc_ns[RES_MAXNS];	/* servers, in file order */
	int		rc_nns;
	int		rc_timeout;		/* seconds per try */
	int		rc_attempts;		/* rounds */
};

/* Read /etc/resolv.conf; 0 if it names no server. */
static int
res_readconf(struct res_conf *rc)
{
	char line[256], *fv[8];
	FILE *fp;
	int n, i, v;

	rc->rc_nns = 0;
	rc->rc_timeout = RES_TIMEOUT;
	rc->rc_attempts = RES_ATTEMPTS;
	if ((fp = fopen(_PATH_RESCONF, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof(line), fp) != NULL) {
		for (i = 0; line[i] != '\0'; i++)
			if (line[i] == ';')
				line[i] = '\0';
		n = __nsfields(line, fv, 8);
		if (n >= 2 && strcmp(fv[0], "nameserver") == 0 &&
		    rc->rc_nns < RES_MAXNS &&
		    inet_pton(AF_INET, fv[1], &rc->rc_ns[rc->rc_nns]) == 1)
			rc->rc_nns++;
		if (n < 2 || strcmp(fv[0], "options") != 0)
			continue;
		for (i = 1; i < n; i++) {
			if (sscanf(fv[i], "timeout:%d", &v) == 1 && v >= 1)
				rc->rc_timeout = v > 30 ? 30 : v;
			else if (sscanf(fv[i], "attempts:%d", &v) == 1 &&
			    v >= 1)
				rc->rc_attempts = v > 5 ? 5 : v;
		}
	}
	fclose(fp);
	return (rc->rc_nns);
}

/* The question for name, type A, class IN; its length or -1. */
static int
res_mkquery(const char *name, uint16_t id, unsigned char *buf, size_t len)
{
	const char *label, *dot;
	size_t n, pos;

	memset(buf, 0, 12);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = 0x01;		/* RD: recursion desired */
	buf[5] = 1;		/* QDCOUNT */
	pos = 12;
	for (label = name; *label != '\0'; label = dot + 1) {
		dot = strchr(label, '.');
		if (dot == NULL)
			dot = label + strlen(label);
		n = (size_t)(dot - label);
		if (n == 0 || n > 63 || pos + n + 1 + 5 > len)
			return (-1);
		buf[pos++] = (unsigned char)n;
		memcpy(buf + pos, label, n);
		pos += n;
		if (*dot == '\0')
			break;
	}
	buf[pos++] = 0;
	buf[pos++] = 0;
	buf[pos++] = T_A;
	buf[pos++] = 0;
	buf[pos++] = C_IN;
	return ((int)pos);
}

/*
 * Expand the (possibly compressed) name at *posp into out; advance *posp
 * past it.  Returns 0, or -1 for a malformed or looping name.
 */
static int
res_getname(const unsigned char *msg, size_t len, size_t *posp, char *out,
    size_t outlen)
{
	size_t pos, o, n;
	int jumps, jumped;

	pos = *posp;
	o = 0;
	jumped = 0;
	for (jumps = 0; jumps < 64; jumps++) {
		if (pos >= len)
			return (-1);
		n = msg[pos];
		if ((n & 0xc0) == 0xc0) {
			if (pos + 1 >= len)
				return (-1);
			if (!jumped)
				*posp = pos + 2;
			jumped = 1;
			pos = ((n & 0x3f) << 8) | msg[pos + 1];
			continue;
		}
		if (n & 0xc0)
			return (-1);
		if (n == 0) {
			if (!jumped)
				*posp = pos + 1;
			if (o > 0)
				o--;		/* the last label's dot */
			out[o] = '\0';
			return (0);
		}
		if (pos + 1 + n > len || o + n + 1 >= outlen)
			return (-1);
		memcpy(out + o, msg + pos + 1, n);
		o += n;
		out[o++] = '.';
		pos += 1 + n;
	}
	return (-1);
}

/*
 * Parse an answer to our question: the A records (following CNAMEs) into
 * addrs.  Returns the count, 0 for "no such name / no A record", -1 for
 * a server failure or a malformed message.
 */
static int
res_parse(const unsigned char *msg, size_t len, const char *name,
    struct in_addr *addrs, int max, char *canon, size_t canonlen)
{
	char owner[NI_MAXHOST];
	size_t pos;
	unsigned qd, an, type, class, rdlen;
	int n;

	if (len < 12 || !(msg[2] & 0x80))
		return (-1);
	switch (msg[3] & 0x0f) {	/* RCODE */
	case 0:
		break;
	case 3:				/* NXDOMAIN */
		return (0);
	default:
		return (-1);
	}
	qd = (msg[4] << 8) | msg[5];
	an = (msg[6] << 8) | msg[7];
	pos = 12;
	for (; qd > 0; qd--) {
		if (res_getname(msg, len, &pos, owner, sizeof(owner)) != 0 ||
		    pos + 4 > len)
			return (-1);
		pos += 4;
	}
	strlcpy(canon, name, canonlen);
	n = 0;
	for (; an > 0; an--) {
		if (res_getname(msg, len, &pos, owner, sizeof(owner)) != 0 ||
		    pos + 10 > len)
			return (-1);
		type = (msg[pos] << 8) | msg[pos + 1];
		class = (msg[pos + 2] << 8) | msg[pos + 3];
		rdlen = (msg[pos + 8] << 8) | msg[pos + 9];
		pos += 10;
		if (pos + rdlen > len)
			return (-1);
		if (class == C_IN && type == T_CNAME &&
		    strcasecmp(owner, canon) == 0) {
			size_t p = pos;

			if (res_getname(msg, len, &p, owner,
			    sizeof(owner)) != 0)
				return (-1);
			strlcpy(canon, owner, canonlen);
		} else if (class == C_IN && type == T_A && rdlen == 4 &&
		    n < max && strcasecmp(owner, canon) == 0) {
			memcpy(&addrs[n++], msg + pos, 4);
		}
		pos += rdlen;
	}
	return (n);
}

/* One question to one server; the answer's length, or -1 on timeout. */
static int
res_send(int s, struct in_addr ns, const unsigned char *q, int qlen,
    unsigned char *ans, size_t anslen, int timeout)
{
	struct sockaddr_in sin, from;
	struct pollfd pfd;
	struct timespec start, now;
	socklen_t fromlen;
	ssize_t n;
	long left;

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(DNS_PORT);
	sin.sin_addr = ns;
	if (sendto(s, q, (size_t)qlen, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) != qlen)
		return (-1);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout * 1000L - ((now.tv_sec - start.tv_sec) * 1000L +
		    (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0)
			return (-1);
		pfd.fd = s;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)left) <= 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		fromlen = sizeof(from);
		n = recvfrom(s, ans, anslen, 0, (struct sockaddr *)&from,
		    &fromlen);
		if (n < 0)
			return (-1);
		/* Only an answer to this query, from this server. */
		if (n >= 12 && from.sin_addr.s_addr == ns.s_addr &&
		    from.sin_port == htons(DNS_PORT) &&
		    ans[0] == q[0] && ans[1] == q[1])
			return ((int)n);
	}
}

/*
 * Look name up as an A record.  Returns the number of addresses (> 0),
 * 0 if the servers say there is no such name (or no server is
 * configured), -1 if no server answered (try again later).
 */
int
__dns_query_a(const char *name, struct in_addr *addrs, int max, char *canon,
    size_t canonlen)
{
	struct res_conf rc;
	unsigned char q[RES_PACKETSZ], ans[RES_PACKETSZ];
	uint16_t id;
	int s, qlen, alen, round, i, n;

	if (res_readconf(&rc) == 0)
		return (0);
	if (getentropy(&id, sizeof(id)) != 0)
		id = (uint16_t)(getpid() ^ time(NULL));
	if ((qlen = res_mkquery(name, id, q, sizeof(q))) < 0)
		return (0);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return (-1);
	n = -1;
	for (round = 0; round < rc.rc_attempts && n < 0; round++) {
		for (i = 0; i < rc.rc_nns && n < 0; i++) {
			alen = res_send(s, rc.rc_ns[i], q, qlen, ans,
			    sizeof(ans), rc.rc_timeout);
			if (alen > 0)
				n = res_parse(ans, (size_t)alen, name, addrs,
				    max, canon, canonlen);
		}
	}
	close(s);
	return (n);
}
