/*
 * expr(1): evaluate an expression given as separate arguments.
 * Operators by increasing precedence: |, &, = > >= < <= !=, + -,
 * * / %, : (regular expression match, anchored at the start), with ( ).
 * Exit status: 0 if the result is neither null nor 0, 1 if it is, 2 on a
 * syntax error or an overflow, 3 on another error.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct val {
	int		isint;
	long long	i;
	char		*s;
};

static char	**av;
static int	ac, pos;

static void
syntax(void)
{
	errx(2, "syntax error");
}

static int
toint(struct val *v)
{
	char *end;
	long long x;

	if (v->isint)
		return (1);
	if (v->s[0] == '\0')
		return (0);
	errno = 0;
	x = strtoll(v->s, &end, 10);
	if (*end != '\0' || errno != 0 || isspace((unsigned char)v->s[0]))
		return (0);
	v->isint = 1;
	v->i = x;
	return (1);
}

static char *
tostr(struct val *v)
{
	if (v->isint) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld", v->i);
		return (strdup(buf));
	}
	return (v->s);
}

static struct val
mkint(long long i)
{
	struct val v = { 1, i, NULL };

	return (v);
}

static struct val
mkstr(char *s)
{
	struct val v = { 0, 0, s };

	return (v);
}

static int
isnull(struct val *v)
{
	if (v->isint)
		return (v->i == 0);
	return (v->s[0] == '\0' || (toint(v) && v->i == 0));
}

static struct val eval_or(void);

static const char *
peek(void)
{
	return (pos < ac ? av[pos] : NULL);
}

static struct val
primary(void)
{
	struct val v;

	if (pos >= ac)
		syntax();
	if (strcmp(av[pos], "(") == 0 && pos + 1 < ac) {
		pos++;
		v = eval_or();
		if (peek() == NULL || strcmp(peek(), ")") != 0)
			syntax();
		pos++;
		return (v);
	}
	return (mkstr(av[pos++]));
}

static struct val
match(void)
{
	struct val l = primary(), r;
	regex_t re;
	regmatch_t m[2];
	char *pat;
	size_t n;

	while (peek() != NULL && strcmp(peek(), ":") == 0) {
		pos++;
		r = primary();
		n = strlen(tostr(&r));
		pat = malloc(n + 2);
		if (pat == NULL)
			err(3, NULL);
		pat[0] = '^';
		memcpy(pat + 1, tostr(&r), n + 1);
		if (regcomp(&re, pat, 0) != 0)
			errx(2, "invalid regular expression");
		if (regexec(&re, tostr(&l), 2, m, 0) == 0) {
			if (re.re_nsub > 0) {
				if (m[1].rm_so < 0)
					l = mkstr("");
				else
					l = mkstr(strndup(tostr(&l) +
					    m[1].rm_so, m[1].rm_eo -
					    m[1].rm_so));
			} else
				l = mkint(m[0].rm_eo - m[0].rm_so);
		} else
			l = re.re_nsub > 0 ? mkstr("") : mkint(0);
		regfree(&re);
		free(pat);
	}
	return (l);
}

static struct val
mul(void)
{
	struct val l = match(), r;
	const char *op;
	long long res;

	while ((op = peek()) != NULL && (strcmp(op, "*") == 0 ||
	    strcmp(op, "/") == 0 || strcmp(op, "%") == 0)) {
		pos++;
		r = match();
		if (!toint(&l) || !toint(&r))
			errx(2, "non-numeric argument");
		if (*op != '*' && r.i == 0)
			errx(2, "division by zero");
		/* LLONG_MIN / -1 traps (SIGFPE) on amd64: refuse it. */
		if (*op == '*') {
			if (__builtin_mul_overflow(l.i, r.i, &res))
				errx(2, "overflow");
		} else if (l.i == LLONG_MIN && r.i == -1)
			errx(2, "overflow");
		else
			res = *op == '/' ? l.i / r.i : l.i % r.i;
		l = mkint(res);
	}
	return (l);
}

static struct val
add(void)
{
	struct val l = mul(), r;
	const char *op;
	long long res;

	while ((op = peek()) != NULL && (strcmp(op, "+") == 0 ||
	    strcmp(op, "-") == 0)) {
		pos++;
		r = mul();
		if (!toint(&l) || !toint(&r))
			errx(2, "non-numeric argument");
		if (*op == '+' ? __builtin_add_overflow(l.i, r.i, &res) :
		    __builtin_sub_overflow(l.i, r.i, &res))
			errx(2, "overflow");
		l = mkint(res);
	}
	return (l);
}

static struct val
compare(void)
{
	struct val l = add(), r;
	const char *op;
	int c;

	while ((op = peek()) != NULL && (strcmp(op, "=") == 0 ||
	    strcmp(op, "!=") == 0 || strcmp(op, "<") == 0 ||
	    strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 ||
	    strcmp(op, ">=") == 0)) {
		pos++;
		r = add();
		if (toint(&l) && toint(&r))
			c = l.i < r.i ? -1 : l.i > r.i;
		else
			c = strcoll(tostr(&l), tostr(&r));
		if (strcmp(op, "=") == 0) c = c == 0;
		else if (strcmp(op, "!=") == 0) c = c != 0;
		else if (strcmp(op, "<") == 0) c = c < 0;
		else if (strcmp(op, "<=") == 0) c = c <= 0;
		else if (strcmp(op, ">") == 0) c = c > 0;
		else c = c >= 0;
		l = mkint(c);
	}
	return (l);
}

static struct val
eval_and(void)
{
	struct val l = compare(), r;

	while (peek() != NULL && strcmp(peek(), "&") == 0) {
		pos++;
		r = compare();
		if (isnull(&l) || isnull(&r))
			l = mkint(0);
	}
	return (l);
}

static struct val
eval_or(void)
{
	struct val l = eval_and(), r;

	while (peek() != NULL && strcmp(peek(), "|") == 0) {
		pos++;
		r = eval_and();
		if (isnull(&l))
			l = r;
	}
	return (l);
}

int
main(int argc, char **argv)
{
	struct val v;

	av = argv + 1;
	ac = argc - 1;
	/*
	 * FreeBSD's only option is -e (wider arithmetic; already 64-bit
	 * here).  Other letters are a usage error, but a negative number
	 * such as -1 is an operand.
	 */
	while (ac > 0 && av[0][0] == '-' && av[0][1] != '\0' &&
	    !isdigit((unsigned char)av[0][1])) {
		if (strcmp(av[0], "--") == 0) {
			av++;
			ac--;
			break;
		}
		if (strcmp(av[0], "-e") != 0)
			errx(2, "usage: expr [-e] expression");
		av++;
		ac--;
	}
	if (ac == 0) {
		fprintf(stderr, "usage: expr [-e] expression\n");
		exit(2);
	}
	v = eval_or();
	if (pos != ac)
		syntax();
	printf("%s\n", tostr(&v));
	return (isnull(&v));
}
