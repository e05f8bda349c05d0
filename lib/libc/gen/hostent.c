/*
 * Host names from /etc/hosts ("address name alias ... # comment"):
 * gethostbyname, gethostbyname2, gethostbyaddr and the gethostent walk,
 * with h_errno, herror and hstrerror.  Only IPv4 lines are used (Petrel
 * has no IPv6 stack; "::1 localhost" is skipped).  Names compare without
 * regard to case, as DNS names do.  A name not in the file goes to the
 * servers /etc/resolv.conf names, if any (res_query.c).  getaddrinfo reads the file through __hosts_next, below.
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
#include <strings.h>

#include "netdb_private.h"

#define MAXALIASES	35
#define MAXADDRS	35

/* Each thread's own, as errno is (POSIX). */
static _Thread_local int h_errno_val;
static FILE		*host_fp;
static int		 host_stayopen;
static struct hostent	 host_ent;
static char		 host_line[1024];
static char		*host_fields[MAXALIASES + 2];
static int		 host_nfields;	/* names in host_fields */
static char		*host_aliases[MAXALIASES + 1];
static struct in_addr	 host_addrs[MAXADDRS];
static char		*host_addrlist[MAXADDRS + 1];
static char		 host_name[NI_MAXHOST];

int *
__h_errno(void)
{
	return (&h_errno_val);
}

const char *
hstrerror(int err)
{
	switch (err) {
	case NETDB_INTERNAL:
		return ("Resolver internal error");
	case NETDB_SUCCESS:
		return ("Resolver Error 0 (no error)");
	case HOST_NOT_FOUND:
		return ("Unknown host");
	case TRY_AGAIN:
		return ("Host name lookup failure");
	case NO_RECOVERY:
		return ("Unknown server error");
	case NO_DATA:
		return ("No address associated with name");
	}
	return ("Unknown resolver error");
}

void
herror(const char *s)
{
	if (s != NULL && *s != '\0')
		fprintf(stderr, "%s: ", s);
	fprintf(stderr, "%s\n", hstrerror(h_errno_val));
}

/*
 * Read fp up to the next IPv4 line; store its address in *addr and its
 * names (official name first) in fv, returning how many (0 at the end).
 * Lines whose address does not parse, or that name no host, are skipped.
 */
int
__hosts_next(FILE *fp, char *line, size_t linesz, struct in_addr *addr,
    char **fv, int maxnames)
{
	char *f[MAXALIASES + 2];
	int n, i;

	if (maxnames > MAXALIASES + 1)
		maxnames = MAXALIASES + 1;
	while (fgets(line, (int)linesz, fp) != NULL) {
		n = __nsfields(line, f, maxnames + 1);
		if (n < 2 || inet_pton(AF_INET, f[0], addr) != 1)
			continue;
		for (i = 1; i < n; i++)
			fv[i - 1] = f[i];
		return (n - 1);
	}
	return (0);
}

/* Does the line's name list (n names in fv) contain name? */
int
__hosts_named(char **fv, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcasecmp(fv[i], name) == 0)
			return (1);
	return (0);
}

void
sethostent(int stayopen)
{
	if (host_fp == NULL)
		host_fp = fopen(_PATH_HOSTS, "r");
	else
		rewind(host_fp);
	host_stayopen |= stayopen;
}

void
endhostent(void)
{
	if (host_fp != NULL) {
		fclose(host_fp);
		host_fp = NULL;
	}
	host_stayopen = 0;
}

/* Fill the static hostent with one name list and naddr addresses. */
static struct hostent *
host_fill(const char *name, char **aliases, int nalias, int naddr)
{
	int i;

	strlcpy(host_name, name, sizeof(host_name));
	host_ent.h_name = host_name;
	for (i = 0; i < nalias; i++)
		host_aliases[i] = aliases[i];
	host_aliases[nalias] = NULL;
	host_ent.h_aliases = host_aliases;
	host_ent.h_addrtype = AF_INET;
	host_ent.h_length = (int)sizeof(struct in_addr);
	for (i = 0; i < naddr; i++)
		host_addrlist[i] = (char *)&host_addrs[i];
	host_addrlist[naddr] = NULL;
	host_ent.h_addr_list = host_addrlist;
	return (&host_ent);
}

struct hostent *
gethostent(void)
{
	int n;

	if (host_fp == NULL && (host_fp = fopen(_PATH_HOSTS, "r")) == NULL) {
		h_errno_val = NETDB_INTERNAL;
		return (NULL);
	}
	n = __hosts_next(host_fp, host_line, sizeof(host_line), &host_addrs[0],
	    host_fields, MAXALIASES + 1);
	host_nfields = n;
	if (n == 0) {
		h_errno_val = HOST_NOT_FOUND;
		return (NULL);
	}
	h_errno_val = NETDB_SUCCESS;
	return (host_fill(host_fields[0], host_fields + 1, n - 1, 1));
}

/* A name made only of digits and dots is an address, as in BSD. */
static int
host_isnumeric(const char *name)
{
	const char *p;

	if (*name == '\0')
		return (0);
	for (p = name; *p != '\0'; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return (0);
	return (p[-1] != '.');
}

struct hostent *
gethostbyname2(const char *name, int af)
{
	struct hostent *hp;
	char canon[NI_MAXHOST];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		h_errno_val = NETDB_INTERNAL;
		return (NULL);
	}
	if (name == NULL || *name == '\0') {
		h_errno_val = HOST_NOT_FOUND;
		return (NULL);
	}
	if (host_isnumeric(name)) {
		if (inet_aton(name, &host_addrs[0]) != 1) {
			h_errno_val = HOST_NOT_FOUND;
			return (NULL);
		}
		h_errno_val = NETDB_SUCCESS;
		return (host_fill(name, NULL, 0, 1));
	}
	sethostent(host_stayopen);
	while ((hp = gethostent()) != NULL)
		if (__hosts_named(host_fields, host_nfields, name))
			break;
	if (!host_stayopen)
		endhostent();
	if (hp != NULL) {
		h_errno_val = NETDB_SUCCESS;
		return (hp);
	}
	/* Not in the file: the DNS servers of /etc/resolv.conf, if any. */
	n = __dns_query_a(name, host_addrs, MAXADDRS, canon, sizeof(canon));
	if (n > 0) {
		h_errno_val = NETDB_SUCCESS;
		return (host_fill(canon, NULL, 0, n));
	}
	h_errno_val = n == 0 ? HOST_NOT_FOUND : TRY_AGAIN;
	return (NULL);
}

struct hostent *
gethostbyname(const char *name)
{
	return (gethostbyname2(name, AF_INET));
}

/* addr is a struct in_addr (len 4) for AF_INET, the only family here. */
struct hostent *
gethostbyaddr(const void *addr, socklen_t len, int af)
{
	struct hostent *hp;
	struct in_addr want;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		h_errno_val = NETDB_INTERNAL;
		return (NULL);
	}
	if (addr == NULL || len != sizeof(struct in_addr)) {
		errno = EINVAL;
		h_errno_val = NETDB_INTERNAL;
		return (NULL);
	}
	memcpy(&want, addr, sizeof(want));
	sethostent(host_stayopen);
	while ((hp = gethostent()) != NULL)
		if (host_addrs[0].s_addr == want.s_addr)
			break;
	if (!host_stayopen)
		endhostent();
	h_errno_val = hp != NULL ? NETDB_SUCCESS : HOST_NOT_FOUND;
	return (hp);
}
