/*
 * The services database, /etc/services: "name port/proto alias ...".
 * getservent walks it; getservbyname and getservbyport search it from
 * the start each time (the file is small and is read fresh, so an edit
 * shows at once).  setservent(1) keeps the file open between calls, as
 * in BSD; otherwise the searches close it again.  getaddrinfo and
 * getnameinfo look services up here.
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_private.h"

#define MAXALIASES	35

static FILE		*serv_fp;
static int		 serv_stayopen;
static struct servent	 serv_ent;
static char		 serv_line[1024];
static char		*serv_aliases[MAXALIASES + 1];

void
setservent(int stayopen)
{
	if (serv_fp == NULL)
		serv_fp = fopen(_PATH_SERVICES, "r");
	else
		rewind(serv_fp);
	serv_stayopen |= stayopen;
}

void
endservent(void)
{
	if (serv_fp != NULL) {
		fclose(serv_fp);
		serv_fp = NULL;
	}
	serv_stayopen = 0;
}

/*
 * The next well-formed line; malformed ones (no '/', a port that is not
 * a number in 0-65535) are skipped rather than ending the walk.
 */
struct servent *
getservent(void)
{
	char *fv[MAXALIASES + 2], *slash, *end;
	unsigned long port;
	int n, i;

	if (serv_fp == NULL && (serv_fp = fopen(_PATH_SERVICES, "r")) == NULL)
		return (NULL);
	while (fgets(serv_line, sizeof(serv_line), serv_fp) != NULL) {
		n = __nsfields(serv_line, fv, MAXALIASES + 2);
		if (n < 2 || (slash = strchr(fv[1], '/')) == NULL)
			continue;
		*slash = '\0';
		if (fv[1][0] < '0' || fv[1][0] > '9' || slash[1] == '\0')
			continue;
		port = strtoul(fv[1], &end, 10);
		if (*end != '\0' || port > 65535)
			continue;
		serv_ent.s_name = fv[0];
		serv_ent.s_port = htons((uint16_t)port);
		serv_ent.s_proto = slash + 1;
		for (i = 2; i < n; i++)
			serv_aliases[i - 2] = fv[i];
		serv_aliases[n - 2] = NULL;
		serv_ent.s_aliases = serv_aliases;
		return (&serv_ent);
	}
	return (NULL);
}

static int
serv_named(const struct servent *sp, const char *name)
{
	char **ap;

	if (strcmp(sp->s_name, name) == 0)
		return (1);
	for (ap = sp->s_aliases; *ap != NULL; ap++)
		if (strcmp(*ap, name) == 0)
			return (1);
	return (0);
}

/* proto NULL matches any protocol (the first line that names the service). */
struct servent *
getservbyname(const char *name, const char *proto)
{
	struct servent *sp;

	if (name == NULL)
		return (NULL);
	setservent(serv_stayopen);
	while ((sp = getservent()) != NULL)
		if (serv_named(sp, name) &&
		    (proto == NULL || strcmp(sp->s_proto, proto) == 0))
			break;
	if (!serv_stayopen)
		endservent();
	return (sp);
}

/* port is in network byte order, as s_port is. */
struct servent *
getservbyport(int port, const char *proto)
{
	struct servent *sp;

	setservent(serv_stayopen);
	while ((sp = getservent()) != NULL)
		if (sp->s_port == port &&
		    (proto == NULL || strcmp(sp->s_proto, proto) == 0))
			break;
	if (!serv_stayopen)
		endservent();
	return (sp);
}
