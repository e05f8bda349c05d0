/*
 * Declarations the netdb sources share inside lib/libc (never
 * installed): the /etc line splitter, the /etc/hosts reader getaddrinfo
 * uses, and the DNS stub resolver.
 */
#ifndef _NETDB_PRIVATE_H_
#define _NETDB_PRIVATE_H_

#include <sys/types.h>
#include <netinet/in.h>
#include <stdio.h>

/* Split an /etc database line into fields (nsfields.c). */
int	__nsfields(char *, char **, int);

/* The next IPv4 line of an open /etc/hosts, and name matching (hostent.c). */
int	__hosts_next(FILE *, char *, size_t, struct in_addr *, char **, int);
int	__hosts_named(char **, int, const char *);

/* An A-record lookup (res_query.c): > 0 found, 0 no such name, -1 no answer. */
int	__dns_query_a(const char *, struct in_addr *, int, char *, size_t);

#endif /* !_NETDB_PRIVATE_H_ */
