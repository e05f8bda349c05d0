/*
 * Internet address conversion (POSIX <arpa/inet.h>): text to binary and
 * back for IPv4, and the byte-order functions.  lib/libc/gen/inet.c.
 */
#ifndef _ARPA_INET_H_
#define _ARPA_INET_H_

#include <sys/types.h>
#include <netinet/in.h>

in_addr_t	 inet_addr(const char *);
int		 inet_aton(const char *, struct in_addr *);
char		*inet_ntoa(struct in_addr);
const char	*inet_ntop(int, const void *, char *, socklen_t);
int		 inet_pton(int, const char *, void *);
in_addr_t	 inet_network(const char *);

#endif /* !_ARPA_INET_H_ */
