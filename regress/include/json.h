/*
 * A small JSON parser for the regress tests that check --json output
 * (sockstat, netstat, ipcs): json_parse() builds a tree of struct jv,
 * json_get() finds an object member, json_at() an array element.  It
 * accepts exactly RFC 8259 JSON (no comments, no trailing commas), so a
 * test that parses a tool's output also checks that it is valid.
 */
#ifndef _REGRESS_JSON_H_
#define _REGRESS_JSON_H_

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype	t;
	long long	n;		/* J_NUM (integers only), J_BOOL */
	char		*s;		/* J_STR */
	int		len;		/* J_ARR, J_OBJ: members */
	char		**keys;		/* J_OBJ */
	struct jv	**v;		/* J_ARR, J_OBJ */
};

struct jparse {
	const char	*p;
	int		err;
};

static struct jv *jparse_value(struct jparse *jp);

static void
jparse_ws(struct jparse *jp)
{
	while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' ||
	    *jp->p == '\r')
		jp->p++;
}

static struct jv *
jv_new(enum jtype t)
{
	struct jv *v = calloc(1, sizeof(*v));

	if (v != NULL)
		v->t = t;
	return (v);
}

static char *
jparse_str(struct jparse *jp)
{
	size_t cap = 32, len = 0;
	char *s = malloc(cap);

	if (s == NULL || *jp->p != '"') {
		jp->err = 1;
		free(s);
		return (NULL);
	}
	jp->p++;
	while (*jp->p != '"') {
		char c = *jp->p++;

		if (c == '\0' || (unsigned char)c < 0x20) {
			jp->err = 1;
			free(s);
			return (NULL);
		}
		if (c == '\\') {
			c = *jp->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': break;
			case 'u':
				/* Only the control characters we emit. */
				if (!isxdigit((unsigned char)jp->p[0]) ||
				    !isxdigit((unsigned char)jp->p[1]) ||
				    !isxdigit((unsigned char)jp->p[2]) ||
				    !isxdigit((unsigned char)jp->p[3])) {
					jp->err = 1;
					free(s);
					return (NULL);
				}
				c = (char)strtol((char[]){ jp->p[2], jp->p[3],
				    0 }, NULL, 16);
				jp->p += 4;
				break;
			default:
				jp->err = 1;
				free(s);
				return (NULL);
			}
		}
		if (len + 2 > cap) {
			cap *= 2;
			s = realloc(s, cap);
			if (s == NULL) {
				jp->err = 1;
				return (NULL);
			}
		}
		s[len++] = c;
	}
	jp->p++;
	s[len] = '\0';
	return (s);
}

static int
jv_push(struct jv *v, char *key, struct jv *m)
{
	v->v = realloc(v->v, (v->len + 1) * sizeof(*v->v));
	if (v->v == NULL)
		return (-1);
	if (v->t == J_OBJ) {
		v->keys = realloc(v->keys, (v->len + 1) * sizeof(*v->keys));
		if (v->keys == NULL)
			return (-1);
		v->keys[v->len] = key;
	}
	v->v[v->len++] = m;
	return (0);
}

static struct jv *
jparse_value(struct jparse *jp)
{
	struct jv *v = NULL, *m;
	char *key, *end;

	jparse_ws(jp);
	switch (*jp->p) {
	case '{':
	case '[':
		v = jv_new(*jp->p == '{' ? J_OBJ : J_ARR);
		jp->p++;
		jparse_ws(jp);
		if (*jp->p == (v->t == J_OBJ ? '}' : ']')) {
			jp->p++;
			return (v);
		}
		for (;;) {
			key = NULL;
			if (v->t == J_OBJ) {
				jparse_ws(jp);
				if ((key = jparse_str(jp)) == NULL)
					return (NULL);
				jparse_ws(jp);
				if (*jp->p++ != ':') {
					jp->err = 1;
					return (NULL);
				}
			}
			if ((m = jparse_value(jp)) == NULL ||
			    jv_push(v, key, m) < 0) {
				jp->err = 1;
				return (NULL);
			}
			jparse_ws(jp);
			if (*jp->p == ',') {
				jp->p++;
				continue;
			}
			if (*jp->p++ != (v->t == J_OBJ ? '}' : ']')) {
				jp->err = 1;
				return (NULL);
			}
			return (v);
		}
	case '"':
		v = jv_new(J_STR);
		if ((v->s = jparse_str(jp)) == NULL)
			return (NULL);
		return (v);
	case 't':
	case 'f':
	case 'n':
		if (strncmp(jp->p, "true", 4) == 0) {
			v = jv_new(J_BOOL);
			v->n = 1;
			jp->p += 4;
		} else if (strncmp(jp->p, "false", 5) == 0) {
			v = jv_new(J_BOOL);
			jp->p += 5;
		} else if (strncmp(jp->p, "null", 4) == 0) {
			v = jv_new(J_NULL);
			jp->p += 4;
		} else
			jp->err = 1;
		return (v);
	default:
		if (*jp->p != '-' && !isdigit((unsigned char)*jp->p)) {
			jp->err = 1;
			return (NULL);
		}
		v = jv_new(J_NUM);
		v->n = strtoll(jp->p, &end, 10);
		if (end == jp->p || *end == '.' || *end == 'e' ||
		    *end == 'E') {
			jp->err = 1;
			return (NULL);
		}
		jp->p = end;
		return (v);
	}
}

/* The whole text must be one value (and white space). */
static struct jv *
json_parse(const char *text)
{
	struct jparse jp = { text, 0 };
	struct jv *v;

	v = jparse_value(&jp);
	if (v == NULL || jp.err)
		return (NULL);
	jparse_ws(&jp);
	return (*jp.p == '\0' ? v : NULL);
}

static struct jv *
json_get(const struct jv *o, const char *key)
{
	int i;

	if (o == NULL || o->t != J_OBJ)
		return (NULL);
	for (i = 0; i < o->len; i++)
		if (strcmp(o->keys[i], key) == 0)
			return (o->v[i]);
	return (NULL);
}

static struct jv *
json_at(const struct jv *a, int i)
{
	if (a == NULL || a->t != J_ARR || i < 0 || i >= a->len)
		return (NULL);
	return (a->v[i]);
}

/* Convenience: a member's integer or string, with a default. */
static long long
json_num(const struct jv *o, const char *key, long long dflt)
{
	struct jv *v = json_get(o, key);

	return (v != NULL && (v->t == J_NUM || v->t == J_BOOL) ? v->n : dflt);
}

static const char *
json_s(const struct jv *o, const char *key)
{
	struct jv *v = json_get(o, key);

	return (v != NULL && v->t == J_STR ? v->s : NULL);
}

#endif /* !_REGRESS_JSON_H_ */
