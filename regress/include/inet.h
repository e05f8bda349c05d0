/*
 * IPv4 helpers the network regress tests share: a sockaddr_in for a
 * dotted address and port, the same as a struct sockaddr (for ifreq
 * and ifaliasreq fields), and the local port a socket is bound to.
 */
#ifndef _REGRESS_INET_H_
#define _REGRESS_INET_H_

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>

static inline void
mkaddr(struct sockaddr_in *sin, const char *ip, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	sin->sin_addr.s_addr = inet_addr(ip);
}

static inline void
mksin(struct sockaddr *sa, const char *ip)
{
	mkaddr((struct sockaddr_in *)sa, ip, 0);
}

/* The port s is bound to, or -1. */
static inline int
local_port(int s)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(s, (struct sockaddr *)&sin, &len) != 0)
		return (-1);
	return (ntohs(sin.sin_port));
}

#endif /* _REGRESS_INET_H_ */
