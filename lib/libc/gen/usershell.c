/*
 * getusershell(3), setusershell, endusershell: the valid login shells,
 * one path a line from /etc/shells (comments from `#', blank lines and
 * anything after the first word skipped).  With no /etc/shells the list
 * is FreeBSD's default, /bin/sh and /bin/csh.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	_PATH_SHELLS	"/etc/shells"

static const char *default_shells[] = { "/bin/sh", "/bin/csh", NULL };
static char **shells;			/* the list, NULL-terminated */
static char **curshell;			/* the next to return */

static void
free_shells(void)
{
	char **sp;

	if (shells != NULL && shells != (char **)default_shells) {
		for (sp = shells; *sp != NULL; sp++)
			free(*sp);
		free(shells);
	}
	shells = NULL;
	curshell = NULL;
}

static char **
read_shells(void)
{
	char *line, *p, *q, **list, **nlist;
	size_t cap, n, lcap;
	FILE *fp;

	if ((fp = fopen(_PATH_SHELLS, "r")) == NULL)
		return ((char **)default_shells);
	list = NULL;
	cap = n = 0;
	line = NULL;
	lcap = 0;
	while (getline(&line, &lcap, fp) != -1) {
		for (p = line; *p != '\0' && *p != '#' && *p != '/'; p++)
			if (!isspace((unsigned char)*p))
				break;
		if (*p != '/')
			continue;
		for (q = p; *q != '\0' && *q != '#' &&
		    !isspace((unsigned char)*q); q++)
			;
		*q = '\0';
		if (n + 2 > cap) {
			cap = cap != 0 ? cap * 2 : 8;
			if ((nlist = realloc(list, cap * sizeof(*list))) == NULL)
				break;
			list = nlist;
		}
		if ((list[n] = strdup(p)) == NULL)
			break;
		list[++n] = NULL;
	}
	free(line);
	fclose(fp);
	if (list == NULL && (list = calloc(1, sizeof(*list))) == NULL)
		return ((char **)default_shells);
	return (list);
}

char *
getusershell(void)
{
	if (shells == NULL)
		curshell = shells = read_shells();
	return (*curshell != NULL ? *curshell++ : NULL);
}

void
setusershell(void)
{
	free_shells();
	curshell = shells = read_shells();
}

void
endusershell(void)
{
	free_shells();
}
