/*
 * Network database access (POSIX <netdb.h>, with the BSD extras):
 * host names from /etc/hosts (lib/libc/gen/hostent.c), services from
 * /etc/services (servent.c), protocols from /etc/protocols (protoent.c),
 * and the protocol-independent getaddrinfo/getnameinfo over them
 * (getaddrinfo.c, getnameinfo.c).  The constants are FreeBSD's, so a
 * program ported from FreeBSD sees the same EAI_ and AI_ numbers.
 */
#ifndef _NETDB_H_
#define _NETDB_H_

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>

#define _PATH_HOSTS	"/etc/hosts"
#define _PATH_SERVICES	"/etc/services"
#define _PATH_PROTOCOLS	"/etc/protocols"
#define _PATH_RESCONF	"/etc/resolv.conf"

/* h_errno is per thread: this returns the calling thread's. */
int	*__h_errno(void);
#define h_errno		(*__h_errno())

struct hostent {
	char	*h_name;	/* official name of the host */
	char	**h_aliases;	/* alias list, NULL terminated */
	int	h_addrtype;	/* address family (AF_INET) */
	int	h_length;	/* length of each address */
	char	**h_addr_list;	/* addresses, network byte order */
#define h_addr	h_addr_list[0]	/* the first address (4.2BSD) */
};

struct servent {
	char	*s_name;	/* official service name */
	char	**s_aliases;	/* alias list */
	int	s_port;		/* port, network byte order */
	char	*s_proto;	/* protocol to use ("tcp", "udp") */
};

struct protoent {
	char	*p_name;	/* official protocol name */
	char	**p_aliases;	/* alias list */
	int	p_proto;	/* protocol number */
};

struct addrinfo {
	int		ai_flags;	/* AI_PASSIVE, AI_CANONNAME, ... */
	int		ai_family;	/* PF_xxx */
	int		ai_socktype;	/* SOCK_xxx */
	int		ai_protocol;	/* 0 or IPPROTO_xxx */
	socklen_t	ai_addrlen;	/* length of ai_addr */
	char		*ai_canonname;	/* canonical name of the node */
	struct sockaddr	*ai_addr;	/* binary address */
	struct addrinfo	*ai_next;	/* next structure in the list */
};

/* h_errno values. */
#define NETDB_INTERNAL	-1	/* see errno */
#define NETDB_SUCCESS	0	/* no problem */
#define HOST_NOT_FOUND	1	/* no such host is known */
#define TRY_AGAIN	2	/* a server did not answer; try later */
#define NO_RECOVERY	3	/* a non-recoverable error */
#define NO_DATA		4	/* the name is valid but has no address */
#define NO_ADDRESS	NO_DATA

/* getaddrinfo/getnameinfo error codes (FreeBSD's numbers). */
#define EAI_ADDRFAMILY	1	/* address family for host not supported */
#define EAI_AGAIN	2	/* temporary failure in name resolution */
#define EAI_BADFLAGS	3	/* invalid value for ai_flags */
#define EAI_FAIL	4	/* non-recoverable failure */
#define EAI_FAMILY	5	/* ai_family not supported */
#define EAI_MEMORY	6	/* memory allocation failure */
#define EAI_NODATA	7	/* no address (obsolete; not returned) */
#define EAI_NONAME	8	/* host or service not known */
#define EAI_SERVICE	9	/* service not supported for ai_socktype */
#define EAI_SOCKTYPE	10	/* ai_socktype not supported */
#define EAI_SYSTEM	11	/* system error, see errno */
#define EAI_BADHINTS	12	/* invalid value for hints */
#define EAI_PROTOCOL	13	/* resolved protocol is unknown */
#define EAI_OVERFLOW	14	/* argument buffer overflow */
#define EAI_MAX		15

/* ai_flags. */
#define AI_PASSIVE	0x00000001	/* the address is for bind() */
#define AI_CANONNAME	0x00000002	/* fill in ai_canonname */
#define AI_NUMERICHOST	0x00000004	/* never look the host up */
#define AI_NUMERICSERV	0x00000008	/* never look the service up */
#define AI_ALL		0x00000100	/* IPv6 and IPv4-mapped (ignored) */
#define AI_V4MAPPED_CFG	0x00000200	/* (ignored) */
#define AI_ADDRCONFIG	0x00000400	/* only families configured here */
#define AI_V4MAPPED	0x00000800	/* IPv4-mapped if no IPv6 (ignored) */
#define AI_MASK		(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | \
			    AI_NUMERICSERV | AI_ADDRCONFIG | AI_ALL | \
			    AI_V4MAPPED)
#define AI_DEFAULT	(AI_V4MAPPED_CFG | AI_ADDRCONFIG)

/* getnameinfo. */
#define NI_MAXHOST	1025
#define NI_MAXSERV	32
#define NI_NOFQDN	0x00000001	/* local part only (ignored) */
#define NI_NUMERICHOST	0x00000002	/* the address, never a name */
#define NI_NAMEREQD	0x00000004	/* fail if the name is not known */
#define NI_NUMERICSERV	0x00000008	/* the port number, never a name */
#define NI_DGRAM	0x00000010	/* look the service up as udp */
#define NI_NUMERICSCOPE	0x00000020	/* (IPv6 only) */

#include <sys/cdefs.h>

__BEGIN_DECLS
void		 endhostent(void);
void		 endprotoent(void);
void		 endservent(void);
void		 freeaddrinfo(struct addrinfo *);
const char	*gai_strerror(int);
int		 getaddrinfo(const char *, const char *,
		    const struct addrinfo *, struct addrinfo **);
struct hostent	*gethostbyaddr(const void *, socklen_t, int);
struct hostent	*gethostbyname(const char *);
struct hostent	*gethostbyname2(const char *, int);
struct hostent	*gethostent(void);
int		 getnameinfo(const struct sockaddr *, socklen_t, char *,
		    size_t, char *, size_t, int);
struct protoent	*getprotobyname(const char *);
struct protoent	*getprotobynumber(int);
struct protoent	*getprotoent(void);
struct servent	*getservbyname(const char *, const char *);
struct servent	*getservbyport(int, const char *);
struct servent	*getservent(void);
void		 herror(const char *);
const char	*hstrerror(int);
void		 sethostent(int);
void		 setprotoent(int);
void		 setservent(int);
__END_DECLS

#endif /* !_NETDB_H_ */
