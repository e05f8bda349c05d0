/*
 * The protocols database, /etc/protocols: "name number alias ...".
 * getprotoent walks it; getprotobyname (name or alias, exact case, as
 * BSD) and getprotobynumber search it from the start.  setprotoent(1)
 * keeps the file open between calls.
 */
#include <sys/types.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_private.h"

#define MAXALIASES	35

static FILE		*proto_fp;
static int		 proto_stayopen;
static struct protoent	 proto_ent;
static char		 proto_line[1024];
static char		*proto_aliases[MAXALIASES + 1];

void
setprotoent(int stayopen)
{
	if (proto_fp == NULL)
		proto_fp = fopen(_PATH_PROTOCOLS, "r");
	else
		rewind(proto_fp);
	proto_stayopen |= stayopen;
}

void
endprotoent(void)
{
	if (proto_fp != NULL) {
		fclose(proto_fp);
		proto_fp = NULL;
	}
	proto_stayopen = 0;
}

/* The next well-formed line (a name and a number 0-255). */
struct protoent *
getprotoent(void)
{
	char *fv[MAXALIASES + 2], *end;
	unsigned long num;
	int n, i;

	if (proto_fp == NULL &&
	    (proto_fp = fopen(_PATH_PROTOCOLS, "r")) == NULL)
		return (NULL);
	while (fgets(proto_line, sizeof(proto_line), proto_fp) != NULL) {
		n = __nsfields(proto_line, fv, MAXALIASES + 2);
		if (n < 2 || fv[1][0] < '0' || fv[1][0] > '9')
			continue;
		num = strtoul(fv[1], &end, 10);
		if (*end != '\0' || num > 255)
			continue;
		proto_ent.p_name = fv[0];
		proto_ent.p_proto = (int)num;
		for (i = 2; i < n; i++)
			proto_aliases[i - 2] = fv[i];
		proto_aliases[n - 2] = NULL;
		proto_ent.p_aliases = proto_aliases;
		return (&proto_ent);
	}
	return (NULL);
}

struct protoent *
getprotobyname(const char *name)
{
	struct protoent *pp;
	char **ap;

	if (name == NULL)
		return (NULL);
	setprotoent(proto_stayopen);
	while ((pp = getprotoent()) != NULL) {
		if (strcmp(pp->p_name, name) == 0)
			break;
		for (ap = pp->p_aliases; *ap != NULL; ap++)
			if (strcmp(*ap, name) == 0)
				break;
		if (*ap != NULL)
			break;
	}
	if (!proto_stayopen)
		endprotoent();
	return (pp);
}

struct protoent *
getprotobynumber(int proto)
{
	struct protoent *pp;

	setprotoent(proto_stayopen);
	while ((pp = getprotoent()) != NULL)
		if (pp->p_proto == proto)
			break;
	if (!proto_stayopen)
		endprotoent();
	return (pp);
}
