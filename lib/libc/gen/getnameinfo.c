/*
 * getnameinfo for AF_INET: the address back to a name from /etc/hosts
 * (gethostbyaddr) or to dotted decimal, the port to a name from
 * /etc/services (tcp, or udp under NI_DGRAM) or to decimal.  Follows
 * FreeBSD: a NULL or zero-length buffer means "not wanted"; a result that
 * does not fit is EAI_OVERFLOW (nothing is truncated); NI_NAMEREQD fails
 * with EAI_NONAME when no name is known (or when NI_NUMERICHOST also
 * forbids looking); multicast, class E and 0.x.x.x addresses are always
 * numeric.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

/* Copy s into buf of len bytes, or say it does not fit. */
static int
gni_copy(char *buf, size_t len, const char *s)
{
	if (strlen(s) + 1 > len)
		return (EAI_OVERFLOW);
	memcpy(buf, s, strlen(s) + 1);
	return (0);
}

int
getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
    size_t hostlen, char *serv, size_t servlen, int flags)
{
	const struct sockaddr_in *sin;
	struct servent *sp;
	struct hostent *hp;
	char num[INET_ADDRSTRLEN + 8];
	in_addr_t a;
	int error;

	if (sa == NULL)
		return (EAI_FAIL);
	if (sa->sa_family != AF_INET)
		return (EAI_FAMILY);
	if (salen != sizeof(struct sockaddr_in))
		return (EAI_FAIL);
	if ((host == NULL || hostlen == 0) && (serv == NULL || servlen == 0))
		return (EAI_NONAME);
	sin = (const struct sockaddr_in *)(const void *)sa;

	if (serv != NULL && servlen != 0) {
		sp = NULL;
		if (!(flags & NI_NUMERICSERV))
			sp = getservbyport(sin->sin_port,
			    (flags & NI_DGRAM) ? "udp" : "tcp");
		if (sp != NULL)
			error = gni_copy(serv, servlen, sp->s_name);
		else {
			snprintf(num, sizeof(num), "%u", ntohs(sin->sin_port));
			error = gni_copy(serv, servlen, num);
		}
		if (error != 0)
			return (error);
	}

	if (host == NULL || hostlen == 0)
		return (0);
	a = ntohl(sin->sin_addr.s_addr);
	if (IN_MULTICAST(a) || IN_EXPERIMENTAL(a) ||
	    (a >> IN_CLASSA_NSHIFT) == 0)
		flags |= NI_NUMERICHOST;
	if (flags & NI_NUMERICHOST) {
		if (flags & NI_NAMEREQD)
			return (EAI_NONAME);
		hp = NULL;
	} else
		hp = gethostbyaddr(&sin->sin_addr, sizeof(sin->sin_addr),
		    AF_INET);
	if (hp != NULL)
		return (gni_copy(host, hostlen, hp->h_name));
	if (flags & NI_NAMEREQD)
		return (EAI_NONAME);
	inet_ntop(AF_INET, &sin->sin_addr, num, sizeof(num));
	return (gni_copy(host, hostlen, num));
}
