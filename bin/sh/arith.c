/*
 * $(( )) arithmetic: C's integer operators on longs, by recursive
 * descent, with variables by name (unset or empty is 0) and assignment
 * operators.  Division by zero is an error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct ar {
	const char	*p;
	int		err;
	int		noeval;		/* short-circuited: no side effects */
};

static long	a_assign(struct ar *);

static void
ws(struct ar *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static int
accept(struct ar *a, const char *op)
{
	size_t n = strlen(op);

	ws(a);
	if (strncmp(a->p, op, n) != 0)
		return (0);
	/* Do not take "<" from "<<" or "<=", "&" from "&&", etc. */
	if (n == 1 && (a->p[1] == '=' && strchr("<>!=", op[0]) == NULL &&
	    strchr("+-*/%&|^", op[0]) != NULL))
		return (0);
	if (n == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '&' ||
	    op[0] == '|') && (a->p[1] == op[0] || a->p[1] == '='))
		return (0);
	if (n == 1 && (op[0] == '=' || op[0] == '!') && a->p[1] == '=')
		return (0);
	if (n == 2 && (strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0) &&
	    a->p[2] == '=')
		return (0);
	a->p += n;
	return (1);
}

static long
getnum(const char *s, int *err)
{
	char *end;
	long v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return (0);
	v = strtol(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		*err = 1;
	return (v);
}

static long
a_primary(struct ar *a)
{
	char name[256];
	size_t n = 0;
	long v;
	char *end;

	ws(a);
	if (accept(a, "(")) {
		v = a_assign(a);
		if (!accept(a, ")"))
			a->err = 1;
		return (v);
	}
	if (isdigit((unsigned char)*a->p)) {
		v = strtol(a->p, &end, 0);
		if (end == a->p)
			a->err = 1;
		a->p = end;
		if (isalnum_((unsigned char)*a->p))
			a->err = 1;
		return (v);
	}
	if (isalpha_((unsigned char)*a->p)) {
		const char *val;
		const char *save;

		while (isalnum_((unsigned char)*a->p) && n < sizeof(name) - 1)
			name[n++] = *a->p++;
		name[n] = '\0';
		save = a->p;
		ws(a);
		/* Assignment operators. */
		static const char *const ops[] = { "=", "+=", "-=", "*=",
		    "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", NULL };
		for (int i = 0; ops[i] != NULL; i++) {
			size_t l = strlen(ops[i]);

			if (strncmp(a->p, ops[i], l) == 0 &&
			    !(l == 1 && a->p[1] == '=')) {
				long cur, rhs;
				char buf[32];

				a->p += l;
				rhs = a_assign(a);
				val = getvar(name);
				cur = val != NULL ? getnum(val, &a->err) : 0;
				switch (ops[i][0]) {
				case '=': cur = rhs; break;
				case '+': cur += rhs; break;
				case '-': cur -= rhs; break;
				case '*': cur *= rhs; break;
				case '/':
				case '%':
					if (rhs == 0) {
						a->err = 2;
						return (0);
					}
					cur = ops[i][0] == '/' ? cur / rhs :
					    cur % rhs;
					break;
				case '<': cur <<= rhs; break;
				case '>': cur >>= rhs; break;
				case '&': cur &= rhs; break;
				case '^': cur ^= rhs; break;
				case '|': cur |= rhs; break;
				}
				if (!a->noeval) {
					snprintf(buf, sizeof(buf), "%ld", cur);
					setvar(name, buf, 0);
				}
				return (cur);
			}
		}
		a->p = save;
		val = getvar(name);
		return (val != NULL ? getnum(val, &a->err) : 0);
	}
	a->err = 1;
	return (0);
}

static long
a_unary(struct ar *a)
{
	ws(a);
	if (accept(a, "!"))
		return (!a_unary(a));
	if (accept(a, "~"))
		return (~a_unary(a));
	if (accept(a, "-"))
		return (-a_unary(a));
	if (accept(a, "+"))
		return (a_unary(a));
	return (a_primary(a));
}

static long
a_mul(struct ar *a)
{
	long v = a_unary(a), r;

	for (;;) {
		if (accept(a, "*"))
			v *= a_unary(a);
		else if (accept(a, "/") || accept(a, "%")) {
			int op = a->p[-1];

			r = a_unary(a);
			if (r == 0) {
				if (!a->noeval)
					a->err = 2;
				r = 1;
			}
			v = op == '/' ? v / r : v % r;
		} else
			return (v);
	}
}

static long
a_add(struct ar *a)
{
	long v = a_mul(a);

	for (;;) {
		if (accept(a, "+"))
			v += a_mul(a);
		else if (accept(a, "-"))
			v -= a_mul(a);
		else
			return (v);
	}
}

static long
a_shift(struct ar *a)
{
	long v = a_add(a);

	for (;;) {
		if (accept(a, "<<"))
			v <<= a_add(a);
		else if (accept(a, ">>"))
			v >>= a_add(a);
		else
			return (v);
	}
}

static long
a_rel(struct ar *a)
{
	long v = a_shift(a);

	for (;;) {
		if (accept(a, "<="))
			v = v <= a_shift(a);
		else if (accept(a, ">="))
			v = v >= a_shift(a);
		else if (accept(a, "<"))
			v = v < a_shift(a);
		else if (accept(a, ">"))
			v = v > a_shift(a);
		else
			return (v);
	}
}

static long
a_eq(struct ar *a)
{
	long v = a_rel(a);

	for (;;) {
		if (accept(a, "=="))
			v = v == a_rel(a);
		else if (accept(a, "!="))
			v = v != a_rel(a);
		else
			return (v);
	}
}

static long
a_band(struct ar *a)
{
	long v = a_eq(a);

	while (accept(a, "&"))
		v &= a_eq(a);
	return (v);
}

static long
a_bxor(struct ar *a)
{
	long v = a_band(a);

	while (accept(a, "^"))
		v ^= a_band(a);
	return (v);
}

static long
a_bor(struct ar *a)
{
	long v = a_bxor(a);

	while (accept(a, "|"))
		v |= a_bxor(a);
	return (v);
}

static long
a_land(struct ar *a)
{
	long v = a_bor(a), r;
	int save;

	while (accept(a, "&&")) {
		save = a->noeval;
		if (!v)
			a->noeval = 1;
		r = a_bor(a);
		a->noeval = save;
		v = v && r;
	}
	return (v);
}

static long
a_lor(struct ar *a)
{
	long v = a_land(a), r;
	int save;

	while (accept(a, "||")) {
		save = a->noeval;
		if (v)
			a->noeval = 1;
		r = a_land(a);
		a->noeval = save;
		v = v || r;
	}
	return (v);
}

static long
a_cond(struct ar *a)
{
	long c = a_lor(a), x, y;
	int save;

	if (!accept(a, "?"))
		return (c);
	save = a->noeval;
	a->noeval = save || !c;
	x = a_assign(a);
	a->noeval = save;
	if (!accept(a, ":")) {
		a->err = 1;
		return (0);
	}
	a->noeval = save || c;
	y = a_cond(a);
	a->noeval = save;
	return (c ? x : y);
}

static long
a_assign(struct ar *a)
{
	return (a_cond(a));
}

/* 0 and *result, or -1 after printing the error. */
int
arith(const char *s, long *result)
{
	struct ar a = { s, 0, 0 };
	long v;

	v = a_assign(&a);
	ws(&a);
	if (a.err == 0 && *a.p != '\0')
		a.err = 1;
	if (a.err == 2)
		sh_error("division by zero");
	if (a.err)
		return (-1);
	*result = v;
	return (0);
}
