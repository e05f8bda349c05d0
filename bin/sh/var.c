/*
 * Shell variables, functions, positional parameters and options.
 * Variables live in a simple hash table; `local' in a function saves the
 * old value on a per-call stack that poplocals() restores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
	struct var	*next;
	char		*name;
	char		*value;		/* NULL: unset (but maybe exported) */
	int		flags;
};

struct funcent {
	struct funcent	*next;
	char		*name;
	struct node	*body;
};

struct localsave {
	struct localsave *next;
	char		*name;
	char		*value;
	int		flags;
	int		existed;
};

struct localframe {
	struct localframe *next;
	struct localsave *saves;
};

#define NHASH	101
static struct var	*vartab[NHASH];
static struct funcent	*functab[NHASH];
static struct localframe *frames;

char	*arg0 = "sh";
char	**posv;
int	posc;
int	eflag, xflag, fflag, nflag, uflag, iflag, vflag, Cflag;
int	mflag, Eflag;

static unsigned int
hash(const char *s)
{
	unsigned int h = 0;

	while (*s != '\0')
		h = h * 31 + (unsigned char)*s++;
	return (h % NHASH);
}

static struct var *
lookup(const char *name, int create)
{
	struct var *v;
	unsigned int h = hash(name);

	for (v = vartab[h]; v != NULL; v = v->next)
		if (strcmp(v->name, name) == 0)
			return (v);
	if (!create)
		return (NULL);
	v = xmalloc(sizeof(*v));
	v->name = xstrdup(name);
	v->value = NULL;
	v->flags = 0;
	v->next = vartab[h];
	vartab[h] = v;
	return (v);
}

char *
getvar(const char *name)
{
	struct var *v = lookup(name, 0);

	return (v != NULL ? v->value : NULL);
}

int
setvar(const char *name, const char *value, int flags)
{
	struct var *v = lookup(name, 1);

	if (v->flags & V_RDONLY) {
		sh_warn("%s: is read only", name);
		return (-1);
	}
	/* Copy first: value may be v's own (readonly NAME, export NAME). */
	if (value != v->value) {
		free(v->value);
		v->value = value != NULL ? xstrdup(value) : NULL;
	}
	v->flags |= flags;
	return (0);
}

int
setvar_assign(const char *assign, int flags)
{
	char *name;
	const char *eq = strchr(assign, '=');
	int r;

	name = xstrndup(assign, eq - assign);
	r = setvar(name, eq + 1, flags);
	free(name);
	return (r);
}

int
unsetvar(const char *name)
{
	struct var *v = lookup(name, 0);

	if (v == NULL)
		return (0);
	if (v->flags & V_RDONLY) {
		sh_warn("%s: is read only", name);
		return (-1);
	}
	free(v->value);
	v->value = NULL;
	v->flags &= ~V_EXPORT;
	return (0);
}

void
exportvar(const char *name, int on)
{
	struct var *v = lookup(name, 1);

	if (on)
		v->flags |= V_EXPORT;
	else
		v->flags &= ~V_EXPORT;
}

char **
environment(void)
{
	struct var *v;
	char **env;
	size_t n = 0, i;

	for (i = 0; i < NHASH; i++)
		for (v = vartab[i]; v != NULL; v = v->next)
			if ((v->flags & V_EXPORT) && v->value != NULL)
				n++;
	env = xmalloc((n + 1) * sizeof(char *));
	n = 0;
	for (i = 0; i < NHASH; i++)
		for (v = vartab[i]; v != NULL; v = v->next)
			if ((v->flags & V_EXPORT) && v->value != NULL) {
				env[n] = xmalloc(strlen(v->name) +
				    strlen(v->value) + 2);
				sprintf(env[n], "%s=%s", v->name, v->value);
				n++;
			}
	env[n] = NULL;
	return (env);
}

static int
cmpvar(const void *a, const void *b)
{
	return (strcmp((*(struct var *const *)a)->name,
	    (*(struct var *const *)b)->name));
}

static void
print_quoted(const char *s)
{
	if (*s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,+@%") == strlen(s)) {
		fputs(s, stdout);
		return;
	}
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

/* set (flags 0), export -p (V_EXPORT), readonly -p (V_RDONLY). */
void
listvars(int flags, const char *prefix)
{
	struct var *v, **all;
	size_t n = 0, i, k;

	for (i = 0; i < NHASH; i++)
		for (v = vartab[i]; v != NULL; v = v->next)
			n++;
	all = xmalloc((n + 1) * sizeof(*all));
	k = 0;
	for (i = 0; i < NHASH; i++)
		for (v = vartab[i]; v != NULL; v = v->next)
			if ((v->flags & flags) == flags &&
			    (v->value != NULL || flags != 0))
				all[k++] = v;
	qsort(all, k, sizeof(*all), cmpvar);
	for (i = 0; i < k; i++) {
		if (prefix != NULL)
			printf("%s ", prefix);
		fputs(all[i]->name, stdout);
		if (all[i]->value != NULL) {
			putchar('=');
			print_quoted(all[i]->value);
		}
		putchar('\n');
	}
	free(all);
}

void
import_environ(char **env)
{
	char *eq, *name;

	for (; *env != NULL; env++) {
		if ((eq = strchr(*env, '=')) == NULL)
			continue;
		if (!is_name(*env, eq - *env))
			continue;
		name = xstrndup(*env, eq - *env);
		setvar(name, eq + 1, V_EXPORT);
		free(name);
	}
}

struct node *
getfunc(const char *name)
{
	struct funcent *f;

	for (f = functab[hash(name)]; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0)
			return (f->body);
	return (NULL);
}

void
setfunc(const char *name, struct node *body)
{
	struct funcent *f;
	unsigned int h = hash(name);

	for (f = functab[h]; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0) {
			f->body = body;	/* the old tree is leaked on purpose:
					   it may be running */
			return;
		}
	f = xmalloc(sizeof(*f));
	f->name = xstrdup(name);
	f->body = body;
	f->next = functab[h];
	functab[h] = f;
}

int
unsetfunc(const char *name)
{
	struct funcent **fp, *f;

	for (fp = &functab[hash(name)]; (f = *fp) != NULL; fp = &f->next)
		if (strcmp(f->name, name) == 0) {
			*fp = f->next;
			free(f->name);
			free(f);
			return (0);
		}
	return (0);
}

void
pushlocals(void)
{
	struct localframe *fr;

	fr = xmalloc(sizeof(*fr));
	fr->saves = NULL;
	fr->next = frames;
	frames = fr;
}

void
mklocal(const char *name)
{
	struct localsave *s;
	struct var *v;

	if (frames == NULL)
		return;
	for (s = frames->saves; s != NULL; s = s->next)
		if (strcmp(s->name, name) == 0)
			return;
	v = lookup(name, 0);
	s = xmalloc(sizeof(*s));
	s->name = xstrdup(name);
	s->existed = v != NULL;
	s->value = v != NULL && v->value != NULL ? xstrdup(v->value) : NULL;
	s->flags = v != NULL ? v->flags : 0;
	s->next = frames->saves;
	frames->saves = s;
}

void
poplocals(void)
{
	struct localframe *fr = frames;
	struct localsave *s, *n;
	struct var *v;

	if (fr == NULL)
		return;
	frames = fr->next;
	for (s = fr->saves; s != NULL; s = n) {
		n = s->next;
		v = lookup(s->name, 1);
		free(v->value);
		v->value = s->value;
		v->flags = s->flags;
		free(s->name);
		free(s);
	}
	free(fr);
}

void
setpos(int argc, char **argv)
{
	int i;

	posv = xmalloc((argc + 1) * sizeof(char *));
	for (i = 0; i < argc; i++)
		posv[i] = xstrdup(argv[i]);
	posv[argc] = NULL;
	posc = argc;
}

void
freepos(void)
{
	int i;

	for (i = 0; i < posc; i++)
		free(posv[i]);
	free(posv);
	posv = NULL;
	posc = 0;
}

static const struct {
	char	c;
	int	*p;
	const char *name;
} options[] = {
	{ 'e', &eflag, "errexit" },
	{ 'f', &fflag, "noglob" },
	{ 'n', &nflag, "noexec" },
	{ 'u', &uflag, "nounset" },
	{ 'x', &xflag, "xtrace" },
	{ 'v', &vflag, "verbose" },
	{ 'C', &Cflag, "noclobber" },
	{ 'i', &iflag, "interactive" },
	{ 'm', &mflag, "monitor" },
	{ 'E', &Eflag, "emacs" },
	{ 0, NULL, NULL }
};

char *
optstring(void)
{
	char buf[32];
	int i, n = 0;

	for (i = 0; options[i].c != 0; i++)
		if (*options[i].p)
			buf[n++] = options[i].c;
	buf[n] = '\0';
	return (xstrdup(buf));
}

int
setoption(int c, int on)
{
	int i;

	for (i = 0; options[i].c != 0; i++)
		if (options[i].c == c) {
			*options[i].p = on;
			return (0);
		}
	return (-1);
}

int
setoption_name(const char *name, int on)
{
	int i;

	for (i = 0; options[i].c != 0; i++)
		if (strcmp(options[i].name, name) == 0) {
			*options[i].p = on;
			return (0);
		}
	return (-1);
}

void
listoptions(void)
{
	int i;

	for (i = 0; options[i].c != 0; i++)
		printf("%-16s%s\n", options[i].name, *options[i].p ? "on" :
		    "off");
}
