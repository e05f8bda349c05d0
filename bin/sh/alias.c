/*
 * Aliases: the table the alias and unalias built-ins keep, and the
 * lookup the parser (parse.c) makes for the first word of a simple
 * command.  Substitution happens in the parser, on source text, so an
 * alias's value is lexed as if it had been typed there: an alias
 * defined on a line takes effect from the next command the shell
 * parses, as POSIX says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct alias {
	struct alias	*next;
	char		*name;
	char		*value;
};

static struct alias	*aliases;	/* kept in name order for listing */

const char *
lookup_alias(const char *name)
{
	struct alias *a;

	for (a = aliases; a != NULL; a = a->next)
		if (strcmp(a->name, name) == 0)
			return (a->value);
	return (NULL);
}

static void
setalias(const char *name, size_t nlen, const char *value)
{
	struct alias **ap, *a;
	int c;

	for (ap = &aliases; (a = *ap) != NULL; ap = &a->next) {
		c = strncmp(a->name, name, nlen);
		if (c == 0 && a->name[nlen] == '\0') {
			free(a->value);
			a->value = xstrdup(value);
			return;
		}
		if (c > 0 || (c == 0 && a->name[nlen] > '\0'))
			break;
	}
	a = xmalloc(sizeof(*a));
	a->name = xstrndup(name, nlen);
	a->value = xstrdup(value);
	a->next = *ap;
	*ap = a;
}

static int
rmalias(const char *name)
{
	struct alias **ap, *a;

	for (ap = &aliases; (a = *ap) != NULL; ap = &a->next)
		if (strcmp(a->name, name) == 0) {
			*ap = a->next;
			free(a->name);
			free(a->value);
			free(a);
			return (0);
		}
	return (-1);
}

/* name='value', quoted so that the line can be read back by the shell. */
static void
printalias(const struct alias *a)
{
	const char *s;

	printf("%s='", a->name);
	for (s = a->value; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	fputs("'\n", stdout);
}

/* alias [name[=value] ...] */
int
b_alias(int argc, char **argv)
{
	struct alias *a;
	const char *eq;
	int i = 1, st = 0;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		for (a = aliases; a != NULL; a = a->next)
			printalias(a);
		return (0);
	}
	for (; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) != NULL && eq != argv[i]) {
			setalias(argv[i], (size_t)(eq - argv[i]), eq + 1);
			continue;
		}
		for (a = aliases; a != NULL; a = a->next)
			if (strcmp(a->name, argv[i]) == 0)
				break;
		if (a == NULL) {
			sh_warn("alias: %s: not found", argv[i]);
			st = 1;
		} else
			printalias(a);
	}
	return (st);
}

/* unalias -a | name ... */
int
b_unalias(int argc, char **argv)
{
	int i = 1, st = 0;

	if (i < argc && strcmp(argv[i], "-a") == 0) {
		while (aliases != NULL)
			rmalias(aliases->name);
		return (0);
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		sh_warn("usage: unalias [-a] name ...");
		return (2);
	}
	for (; i < argc; i++)
		if (rmalias(argv[i]) < 0) {
			sh_warn("unalias: %s: not found", argv[i]);
			st = 1;
		}
	return (st);
}
