/*
 * The line splitter the /etc network databases share (hostent.c,
 * servent.c, protoent.c): /etc/hosts, /etc/services and /etc/protocols
 * are all "key value alias alias ... # comment", fields separated by
 * blanks.  Kept apart so the three parsers agree on what a comment and
 * a field are.
 */
#include <ctype.h>
#include <stddef.h>

#include "netdb_private.h"

/*
 * Cut line into at most max fields in place (NUL-terminating each) and
 * store pointers to them in fv.  A '#' ends the line; so does the
 * newline fgets left.  Fields beyond max are dropped, as BSD drops
 * aliases beyond MAXALIASES.  Returns the number of fields.
 */
int
__nsfields(char *line, char **fv, int max)
{
	char *p;
	int n;

	n = 0;
	p = line;
	for (;;) {
		while (*p != '\0' && isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n < max)
			fv[n++] = p;
		while (*p != '\0' && *p != '#' && !isspace((unsigned char)*p))
			p++;
		if (*p == '#') {
			*p = '\0';
			break;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	return (n);
}
