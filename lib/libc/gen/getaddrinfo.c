/*
 * getaddrinfo, freeaddrinfo and gai_strerror for AF_INET (and AF_UNSPEC,
 * which here means AF_INET: Petrel has no IPv6).  The checks, the error
 * codes and the order of the list follow FreeBSD's implementation:
 *
 *  - hints are checked first (EAI_BADHINTS for non-zero pointer/length
 *    fields or a socktype/protocol pair no row below allows,
 *    EAI_BADFLAGS, EAI_FAMILY, EAI_SOCKTYPE), then the service against
 *    the hints (EAI_SERVICE, or EAI_NONAME under AI_NUMERICSERV);
 *  - the host is NULL (INADDR_ANY under AI_PASSIVE, else the loopback
 *    address), a number in any inet_aton(3) form, or a name from
 *    /etc/hosts (every line naming it, in file order) or else from the
 *    DNS servers of /etc/resolv.conf; a name under AI_NUMERICHOST, or
 *    one nobody knows, is EAI_NONAME, one no server answered for is
 *    EAI_AGAIN;
 *  - the list is the product of the socket-type table below (rows that
 *    match the hints, in table order) and the addresses, row-major; a row
 *    whose protocol has no such service is left out, and an empty result
 *    is EAI_FAIL.
 *
 * FreeBSD's table also has SCTP and UDP-Lite rows; Petrel's kernel has
 * neither protocol, so handing out entries socket(2) must refuse would
 * help nobody and they are left out (so AF_UNSPEC with no socktype gives
 * a datagram/UDP and a stream/TCP entry per address).  All the memory of
 * one entry (addrinfo, sockaddr_in) is one allocation; ai_canonname is a
 * second, freed by freeaddrinfo.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_private.h"

#define GAI_MAXADDRS	35	/* addresses of one name we keep */

/* A socket type and protocol getaddrinfo offers, and what may be wild. */
static const struct gai_row {
	int	r_socktype;
	int	r_protocol;
	int	r_wildtype;	/* hints may leave the socktype 0 */
	int	r_wildproto;	/* hints may leave the protocol 0 */
} gai_rows[] = {
	{ SOCK_DGRAM,	IPPROTO_UDP,	1, 1 },
	{ SOCK_STREAM,	IPPROTO_TCP,	1, 1 },
	{ SOCK_RAW,	0,		0, 1 },
};
#define GAI_NROWS	(sizeof(gai_rows) / sizeof(gai_rows[0]))

/* The host's addresses and the canonical name that goes with them. */
struct gai_hosts {
	struct in_addr	gh_addr[GAI_MAXADDRS];
	int		gh_n;
	char		gh_canon[NI_MAXHOST];	/* "" if none */
};

static const char *const gai_msgs[EAI_MAX] = {
	"Success",
	"Address family for hostname not supported",	/* EAI_ADDRFAMILY */
	"Name could not be resolved at this time",	/* EAI_AGAIN */
	"Flags parameter had an invalid value",		/* EAI_BADFLAGS */
	"Non-recoverable failure in name resolution",	/* EAI_FAIL */
	"Address family not recognized",		/* EAI_FAMILY */
	"Memory allocation failure",			/* EAI_MEMORY */
	"No address associated with hostname",		/* EAI_NODATA */
	"Name does not resolve",			/* EAI_NONAME */
	"Service was not recognized for socket type",	/* EAI_SERVICE */
	"Intended socket type was not recognized",	/* EAI_SOCKTYPE */
	"System error returned in errno",		/* EAI_SYSTEM */
	"Invalid value for hints",			/* EAI_BADHINTS */
	"Resolved protocol is unknown",			/* EAI_PROTOCOL */
	"Argument buffer overflow",			/* EAI_OVERFLOW */
};

const char *
gai_strerror(int ecode)
{
	if (ecode >= 0 && ecode < EAI_MAX)
		return (gai_msgs[ecode]);
	return ("Unknown error");
}

void
freeaddrinfo(struct addrinfo *ai)
{
	struct addrinfo *next;

	for (; ai != NULL; ai = next) {
		next = ai->ai_next;
		free(ai->ai_canonname);
		free(ai);
	}
}

/* Does row r allow what the hints ask for? */
static int
gai_row_matches(const struct gai_row *r, int socktype, int protocol)
{
	if (socktype != r->r_socktype && !(socktype == 0 && r->r_wildtype))
		return (0);
	if (protocol != r->r_protocol && !(r->r_wildproto &&
	    (protocol == 0 || r->r_protocol == 0)))
		return (0);
	return (1);
}

/*
 * The port (network order) of servname for this socket type and
 * protocol: a decimal number 0-65535, or a name from /etc/services for
 * the protocol (any protocol if it is 0).  NULL servname is port 0.
 */
static int
gai_port(const char *servname, int socktype, int protocol, int flags,
    in_port_t *portp)
{
	struct servent *sp;
	const char *proto;
	unsigned long v;
	char *end;

	*portp = 0;
	if (servname == NULL)
		return (0);
	switch (socktype) {
	case SOCK_RAW:
		return (EAI_SERVICE);
	case 0:
	case SOCK_DGRAM:
	case SOCK_STREAM:
		break;
	default:
		return (EAI_SOCKTYPE);
	}
	if (*servname >= '0' && *servname <= '9') {
		errno = 0;
		v = strtoul(servname, &end, 10);
		if (*end == '\0') {
			if (errno != 0 || v > 65535)
				return (EAI_SERVICE);
			*portp = htons((in_port_t)v);
			return (0);
		}
	}
	if (flags & AI_NUMERICSERV)
		return (EAI_NONAME);
	switch (protocol) {
	case IPPROTO_UDP:
		proto = "udp";
		break;
	case IPPROTO_TCP:
		proto = "tcp";
		break;
	default:
		proto = NULL;
		break;
	}
	if ((sp = getservbyname(servname, proto)) == NULL)
		return (EAI_SERVICE);
	*portp = (in_port_t)sp->s_port;
	return (0);
}

/* Every /etc/hosts line naming name; the first line's name is canonical. */
static int
gai_hosts_file(const char *name, struct gai_hosts *gh)
{
	char line[1024], *fv[36];
	struct in_addr a;
	FILE *fp;
	int n;

	if ((fp = fopen(_PATH_HOSTS, "r")) == NULL)
		return (0);
	while ((n = __hosts_next(fp, line, sizeof(line), &a, fv, 36)) > 0) {
		if (!__hosts_named(fv, n, name))
			continue;
		if (gh->gh_n == 0)
			strlcpy(gh->gh_canon, fv[0], sizeof(gh->gh_canon));
		if (gh->gh_n < GAI_MAXADDRS)
			gh->gh_addr[gh->gh_n++] = a;
	}
	fclose(fp);
	return (gh->gh_n);
}

/* One entry: an addrinfo and its sockaddr_in in one allocation. */
static struct addrinfo *
gai_entry(int socktype, int protocol, int flags, struct in_addr addr,
    in_port_t port)
{
	struct addrinfo *ai;
	struct sockaddr_in *sin;

	ai = calloc(1, sizeof(*ai) + sizeof(*sin));
	if (ai == NULL)
		return (NULL);
	sin = (struct sockaddr_in *)(void *)(ai + 1);
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_port = port;
	sin->sin_addr = addr;
	ai->ai_flags = flags;
	ai->ai_family = AF_INET;
	ai->ai_socktype = socktype;
	ai->ai_protocol = protocol;
	ai->ai_addrlen = sizeof(*sin);
	ai->ai_addr = (struct sockaddr *)sin;
	return (ai);
}

/* Check the hints as FreeBSD does, in the same order. */
static int
gai_check_hints(const struct addrinfo *hints)
{
	size_t i;

	if (hints->ai_addrlen != 0 || hints->ai_canonname != NULL ||
	    hints->ai_addr != NULL || hints->ai_next != NULL)
		return (EAI_BADHINTS);
	if (hints->ai_flags & ~AI_MASK)
		return (EAI_BADFLAGS);
	if (hints->ai_family != AF_UNSPEC && hints->ai_family != AF_INET)
		return (EAI_FAMILY);
	switch (hints->ai_socktype) {
	case 0:
	case SOCK_DGRAM:
	case SOCK_STREAM:
	case SOCK_RAW:
		break;
	default:
		return (EAI_SOCKTYPE);
	}
	if (hints->ai_socktype != 0 && hints->ai_protocol != 0) {
		for (i = 0; i < GAI_NROWS; i++)
			if (gai_row_matches(&gai_rows[i], hints->ai_socktype,
			    hints->ai_protocol))
				break;
		if (i == GAI_NROWS)
			return (EAI_BADHINTS);
	}
	return (0);
}

int
getaddrinfo(const char *hostname, const char *servname,
    const struct addrinfo *hints, struct addrinfo **res)
{
	struct addrinfo h, *head, **tailp, *ai;
	struct gai_hosts *gh;
	const struct gai_row *r;
	in_port_t port;
	size_t i;
	int error, j, canon;

	if (res == NULL)
		return (EAI_FAIL);
	*res = NULL;
	if (hostname == NULL && servname == NULL)
		return (EAI_NONAME);
	memset(&h, 0, sizeof(h));
	if (hints != NULL) {
		if ((error = gai_check_hints(hints)) != 0)
			return (error);
		h = *hints;
	}
	/* The service must make sense for the hints before anything else. */
	if ((error = gai_port(servname, h.ai_socktype, h.ai_protocol,
	    h.ai_flags, &port)) != 0)
		return (error);

	if ((gh = calloc(1, sizeof(*gh))) == NULL)
		return (EAI_MEMORY);
	if (hostname == NULL) {
		gh->gh_addr[0].s_addr = htonl((h.ai_flags & AI_PASSIVE) ?
		    INADDR_ANY : INADDR_LOOPBACK);
		gh->gh_n = 1;
	} else if (*hostname != '\0' && inet_aton(hostname,
	    &gh->gh_addr[0]) == 1) {
		gh->gh_n = 1;
		strlcpy(gh->gh_canon, hostname, sizeof(gh->gh_canon));
	} else if (h.ai_flags & AI_NUMERICHOST) {
		free(gh);
		return (EAI_NONAME);
	} else if (gai_hosts_file(hostname, gh) == 0) {
		/* Not in /etc/hosts: DNS, if resolv.conf names a server. */
		gh->gh_n = __dns_query_a(hostname, gh->gh_addr, GAI_MAXADDRS,
		    gh->gh_canon, sizeof(gh->gh_canon));
		if (gh->gh_n <= 0) {
			error = gh->gh_n == 0 ? EAI_NONAME : EAI_AGAIN;
			free(gh);
			return (error);
		}
	}

	head = NULL;
	tailp = &head;
	canon = (h.ai_flags & AI_CANONNAME) && gh->gh_canon[0] != '\0';
	error = 0;
	for (i = 0; i < GAI_NROWS && error == 0; i++) {
		r = &gai_rows[i];
		if (!gai_row_matches(r, h.ai_socktype, h.ai_protocol))
			continue;
		/* A row whose protocol lacks the service is skipped. */
		if (gai_port(servname, r->r_socktype, h.ai_protocol != 0 ?
		    h.ai_protocol : r->r_protocol, h.ai_flags, &port) != 0)
			continue;
		for (j = 0; j < gh->gh_n; j++) {
			ai = gai_entry(r->r_socktype, h.ai_protocol != 0 ?
			    h.ai_protocol : r->r_protocol, h.ai_flags,
			    gh->gh_addr[j], port);
			if (ai == NULL) {
				error = EAI_MEMORY;
				break;
			}
			*tailp = ai;
			tailp = &ai->ai_next;
		}
	}
	if (error == 0 && head == NULL)
		error = EAI_FAIL;
	if (error == 0 && canon &&
	    (head->ai_canonname = strdup(gh->gh_canon)) == NULL)
		error = EAI_MEMORY;
	free(gh);
	if (error != 0) {
		freeaddrinfo(head);
		return (error);
	}
	*res = head;
	return (0);
}
