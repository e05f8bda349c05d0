/*
 * POSIX regular expressions (regcomp/regexec/regerror/regfree), basic
 * and extended, for grep, expr and the rest of the userland (newlib does
 * not build its own for a bare target).  The pattern compiles to a small
 * tree; matching is backtracking with continuations, trying the leftmost
 * start and greedy repetition first (so the match found is leftmost, and
 * longest in the usual cases, not always POSIX's leftmost-longest).
 * Supported: . [] [^] [:class:] ranges ^ $ * + ? {m,n} () | and, in
 * basic REs, \( \) \{ \} \1-\9 (and GNU's \+ \? \|).
 */
#include <sys/types.h>
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum rtype { RX_CHAR, RX_ANY, RX_CLASS, RX_BOL, RX_EOL, RX_CAT, RX_ALT,
	RX_GROUP, RX_REPEAT, RX_BACKREF, RX_EMPTY };

struct rnode {
	enum rtype	type;
	int		c;		/* CHAR; GROUP/BACKREF index */
	int		min, max;	/* REPEAT (max -1: no limit) */
	unsigned char	set[32];	/* CLASS bitmap */
	struct rnode	*left, *right;	/* ALT; REPEAT/GROUP use left */
	struct rnode	**kids;		/* CAT */
	int		nkids;
};

struct re_guts {
	struct rnode	*root;
	int		cflags;
	int		nsub;
};

struct rparse {
	const char	*p;
	int		ere, icase, err, nsub;
};

static struct rnode *
rn_new(enum rtype t)
{
	struct rnode *n = calloc(1, sizeof(*n));

	if (n != NULL)
		n->type = t;
	return (n);
}

static void
rn_free(struct rnode *n)
{
	int i;

	if (n == NULL)
		return;
	rn_free(n->left);
	rn_free(n->right);
	for (i = 0; i < n->nkids; i++)
		rn_free(n->kids[i]);
	free(n->kids);
	free(n);
}

static void
setbit(struct rnode *n, int c, int icase)
{
	n->set[(unsigned char)c >> 3] |= 1 << (c & 7);
	if (icase && isalpha(c)) {
		int o = islower(c) ? toupper(c) : tolower(c);

		n->set[(unsigned char)o >> 3] |= 1 << (o & 7);
	}
}

static struct rnode *p_alt(struct rparse *);

static struct rnode *
p_bracket(struct rparse *rp)
{
	struct rnode *n = rn_new(RX_CLASS);
	int neg = 0, first = 1, c, hi, i;
	static const struct { const char *name; int (*fn)(int); } classes[] = {
		{ "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum },
		{ "upper", isupper }, { "lower", islower }, { "space", isspace },
		{ "punct", ispunct }, { "print", isprint }, { "graph", isgraph },
		{ "cntrl", iscntrl }, { "xdigit", isxdigit }, { "blank", isblank },
		{ NULL, NULL } };

	if (n == NULL) {
		rp->err = REG_ESPACE;
		return (NULL);
	}
	if (*rp->p == '^') {
		neg = 1;
		rp->p++;
	}
	for (;;) {
		c = (unsigned char)*rp->p;
		if (c == '\0') {
			rp->err = REG_EBRACK;
			return (n);
		}
		if (c == ']' && !first)
			break;
		first = 0;
		if (c == '[' && rp->p[1] == ':') {
			const char *e = strstr(rp->p + 2, ":]");

			if (e == NULL) {
				rp->err = REG_EBRACK;
				return (n);
			}
			for (i = 0; classes[i].name != NULL; i++)
				if (strlen(classes[i].name) ==
				    (size_t)(e - rp->p - 2) &&
				    strncmp(classes[i].name, rp->p + 2,
				    e - rp->p - 2) == 0)
					break;
			if (classes[i].name == NULL) {
				rp->err = REG_ECTYPE;
				return (n);
			}
			for (c = 1; c < 256; c++)
				if (classes[i].fn(c))
					setbit(n, c, 0);
			rp->p = e + 2;
			continue;
		}
		rp->p++;
		if (*rp->p == '-' && rp->p[1] != ']' && rp->p[1] != '\0') {
			hi = (unsigned char)rp->p[1];
			rp->p += 2;
			if (hi < c) {
				rp->err = REG_ERANGE;
				return (n);
			}
			for (; c <= hi; c++)
				setbit(n, c, rp->icase);
		} else
			setbit(n, c, rp->icase);
	}
	rp->p++;
	if (neg) {
		for (i = 0; i < 32; i++)
			n->set[i] = ~n->set[i];
		n->set[0] &= ~1;	/* never NUL */
	}
	return (n);
}

/* One atom, or NULL at the end of a branch. */
static struct rnode *
p_atom(struct rparse *rp, int atstart)
{
	struct rnode *n;
	int c = (unsigned char)*rp->p;

	switch (c) {
	case '\0':
		return (NULL);
	case '.':
		rp->p++;
		return (rn_new(RX_ANY));
	case '[':
		rp->p++;
		return (p_bracket(rp));
	case '^':
		if (rp->ere || atstart) {
			rp->p++;
			return (rn_new(RX_BOL));
		}
		break;
	case '$':
		if (rp->ere || rp->p[1] == '\0' ||
		    (rp->p[1] == '\\' && (rp->p[2] == ')' || rp->p[2] == '|'))) {
			rp->p++;
			return (rn_new(RX_EOL));
		}
		break;
	case '(':
		if (!rp->ere)
			break;
		/* FALLTHROUGH */
	group:
		rp->p += rp->ere ? 1 : 2;
		n = rn_new(RX_GROUP);
		if (n == NULL) {
			rp->err = REG_ESPACE;
			return (NULL);
		}
		n->c = ++rp->nsub;
		n->left = p_alt(rp);
		if (rp->err)
			return (n);
		if (rp->ere ? *rp->p != ')' : (rp->p[0] != '\\' ||
		    rp->p[1] != ')')) {
			rp->err = REG_EPAREN;
			return (n);
		}
		rp->p += rp->ere ? 1 : 2;
		return (n);
	case ')':
	case '|':
		if (rp->ere)
			return (NULL);
		break;
	case '*':
		if (atstart && !rp->ere)
			break;
		if (rp->ere) {
			rp->err = REG_BADRPT;
			return (NULL);
		}
		break;
	case '+':
	case '?':
	case '{':
		if (rp->ere && atstart) {
			rp->err = REG_BADRPT;
			return (NULL);
		}
		break;
	case '\\':
		c = (unsigned char)rp->p[1];
		if (c == '\0') {
			rp->err = REG_EESCAPE;
			return (NULL);
		}
		if (!rp->ere) {
			if (c == '(')
				goto group;
			if (c == ')' || c == '|')
				return (NULL);
			if (c >= '1' && c <= '9') {
				n = rn_new(RX_BACKREF);
				n->c = c - '0';
				if (n->c > rp->nsub)
					rp->err = REG_ESUBREG;
				rp->p += 2;
				return (n);
			}
		}
		rp->p += 2;
		n = rn_new(RX_CHAR);
		n->c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		return (n);
	}
	rp->p++;
	if (rp->icase && isalpha(c)) {
		n = rn_new(RX_CLASS);
		setbit(n, c, 1);
		return (n);
	}
	n = rn_new(RX_CHAR);
	n->c = c;
	return (n);
}

/* Repetition suffixes after an atom. */
static struct rnode *
p_repeat(struct rparse *rp, struct rnode *a)
{
	struct rnode *n;
	int min, max;
	char *end;

	for (;;) {
		const char *p = rp->p;

		if (*p == '*') {
			min = 0;
			max = -1;
			rp->p++;
		} else if ((rp->ere && *p == '+') ||
		    (!rp->ere && p[0] == '\\' && p[1] == '+')) {
			min = 1;
			max = -1;
			rp->p += rp->ere ? 1 : 2;
		} else if ((rp->ere && *p == '?') ||
		    (!rp->ere && p[0] == '\\' && p[1] == '?')) {
			min = 0;
			max = 1;
			rp->p += rp->ere ? 1 : 2;
		} else if ((rp->ere && *p == '{' &&
		    isdigit((unsigned char)p[1])) ||
		    (!rp->ere && p[0] == '\\' && p[1] == '{')) {
			rp->p += rp->ere ? 1 : 2;
			min = (int)strtol(rp->p, &end, 10);
			if (end == rp->p) {
				rp->err = REG_BADBR;
				return (a);
			}
			rp->p = end;
			max = min;
			if (*rp->p == ',') {
				rp->p++;
				if (isdigit((unsigned char)*rp->p)) {
					max = (int)strtol(rp->p, &end, 10);
					rp->p = end;
				} else
					max = -1;
			}
			if (rp->ere ? *rp->p != '}' : (rp->p[0] != '\\' ||
			    rp->p[1] != '}')) {
				rp->err = REG_EBRACE;
				return (a);
			}
			rp->p += rp->ere ? 1 : 2;
			if (max >= 0 && max < min) {
				rp->err = REG_BADBR;
				return (a);
			}
		} else
			return (a);
		n = rn_new(RX_REPEAT);
		n->left = a;
		n->min = min;
		n->max = max;
		a = n;
	}
}

static struct rnode *
p_branch(struct rparse *rp)
{
	struct rnode *n, *a;
	int atstart = 1;

	n = rn_new(RX_CAT);
	if (n == NULL) {
		rp->err = REG_ESPACE;
		return (NULL);
	}
	while (!rp->err && (a = p_atom(rp, atstart)) != NULL) {
		if (a->type != RX_BOL)
			a = p_repeat(rp, a);
		atstart = a->type == RX_BOL;
		n->kids = realloc(n->kids, (n->nkids + 1) * sizeof(*n->kids));
		n->kids[n->nkids++] = a;
	}
	return (n);
}

static struct rnode *
p_alt(struct rparse *rp)
{
	struct rnode *l, *n;

	l = p_branch(rp);
	while (!rp->err && (rp->ere ? *rp->p == '|' :
	    (rp->p[0] == '\\' && rp->p[1] == '|'))) {
		rp->p += rp->ere ? 1 : 2;
		n = rn_new(RX_ALT);
		n->left = l;
		n->right = p_branch(rp);
		l = n;
	}
	return (l);
}

int
regcomp(regex_t *preg, const char *pattern, int cflags)
{
	struct rparse rp;
	struct re_guts *g;

	memset(&rp, 0, sizeof(rp));
	rp.p = pattern;
	rp.ere = (cflags & REG_EXTENDED) != 0;
	rp.icase = (cflags & REG_ICASE) != 0;
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return (REG_ESPACE);
	g->root = p_alt(&rp);
	if (!rp.err && *rp.p != '\0')
		rp.err = rp.ere ? REG_EPAREN : REG_EPAREN;
	if (rp.err) {
		rn_free(g->root);
		free(g);
		return (rp.err);
	}
	g->cflags = cflags;
	g->nsub = rp.nsub;
	preg->re_g = g;
	preg->re_nsub = rp.nsub;
	preg->re_magic = 0x52450000;
	return (0);
}

/* ---- matching ------------------------------------------------------- */

enum ktype { K_NODE, K_GROUPEND, K_REPEAT };

struct cont {
	enum ktype	kind;
	struct rnode	*n;
	int		count;		/* K_REPEAT: iterations done */
	const char	*from;		/* K_REPEAT: where this one began;
					   K_GROUPEND: the group's start */
	struct cont	*next;
};

struct mstate {
	const char	*start;		/* of the subject string */
	const char	*end;		/* end of the whole match */
	regmatch_t	*pm;
	size_t		npm;
	int		eflags, cflags;
	long		steps;		/* give up on runaway backtracking */
};

static int m_node(struct mstate *, struct rnode *, const char *,
    struct cont *);
static int m_repeat(struct mstate *, struct rnode *, int, const char *,
    const char *, struct cont *);

static int
m_cont(struct mstate *ms, struct cont *k, const char *s)
{
	regoff_t oso, oeo;
	int idx, r;

	if (k == NULL) {
		ms->end = s;
		return (1);
	}
	switch (k->kind) {
	case K_NODE:
		return (m_node(ms, k->n, s, k->next));
	case K_GROUPEND:
		idx = k->n->c;
		if ((size_t)idx >= ms->npm)
			return (m_cont(ms, k->next, s));
		oso = ms->pm[idx].rm_so;
		oeo = ms->pm[idx].rm_eo;
		ms->pm[idx].rm_so = k->from - ms->start;
		ms->pm[idx].rm_eo = s - ms->start;
		r = m_cont(ms, k->next, s);
		if (!r) {
			ms->pm[idx].rm_so = oso;
			ms->pm[idx].rm_eo = oeo;
		}
		return (r);
	case K_REPEAT:
		if (s == k->from)	/* an empty iteration: stop looping */
			return (k->count >= k->n->min &&
			    m_cont(ms, k->next, s));
		return (m_repeat(ms, k->n, k->count, s, s, k->next));
	}
	return (0);
}

static int
chareq(struct mstate *ms, int a, int b)
{
	if (ms->cflags & REG_ICASE)
		return (tolower(a) == tolower(b));
	return (a == b);
}

static int
m_repeat(struct mstate *ms, struct rnode *n, int count, const char *s,
    const char *from, struct cont *k)
{
	struct cont c;

	if (n->max < 0 || count < n->max) {
		c.kind = K_REPEAT;
		c.n = n;
		c.count = count + 1;
		c.from = s;
		c.next = k;
		if (m_node(ms, n->left, s, &c))
			return (1);
	}
	return (count >= n->min && m_cont(ms, k, s));
}

static int
m_node(struct mstate *ms, struct rnode *n, const char *s, struct cont *k)
{
	struct cont *cs, g;
	int c = (unsigned char)*s, i, r;
	size_t len;

	if (++ms->steps > 10000000)
		return (0);
	switch (n->type) {
	case RX_EMPTY:
		return (m_cont(ms, k, s));
	case RX_CHAR:
		return (c != '\0' && chareq(ms, c, n->c) && m_cont(ms, k, s + 1));
	case RX_ANY:
		if (c == '\0' || (c == '\n' && (ms->cflags & REG_NEWLINE)))
			return (0);
		return (m_cont(ms, k, s + 1));
	case RX_CLASS:
		if (c == '\0' || !(n->set[c >> 3] & (1 << (c & 7))) ||
		    (c == '\n' && (ms->cflags & REG_NEWLINE)))
			return (0);
		return (m_cont(ms, k, s + 1));
	case RX_BOL:
		if ((s == ms->start && !(ms->eflags & REG_NOTBOL)) ||
		    (s > ms->start && s[-1] == '\n' &&
		    (ms->cflags & REG_NEWLINE)))
			return (m_cont(ms, k, s));
		return (0);
	case RX_EOL:
		if ((c == '\0' && !(ms->eflags & REG_NOTEOL)) ||
		    (c == '\n' && (ms->cflags & REG_NEWLINE)))
			return (m_cont(ms, k, s));
		return (0);
	case RX_CAT:
		if (n->nkids == 0)
			return (m_cont(ms, k, s));
		cs = __builtin_alloca(n->nkids * sizeof(*cs));
		for (i = n->nkids - 1; i >= 1; i--) {
			cs[i].kind = K_NODE;
			cs[i].n = n->kids[i];
			cs[i].next = i == n->nkids - 1 ? k : &cs[i + 1];
		}
		return (m_node(ms, n->kids[0], s, n->nkids > 1 ? &cs[1] : k));
	case RX_ALT:
		return (m_node(ms, n->left, s, k) || m_node(ms, n->right, s, k));
	case RX_GROUP:
		g.kind = K_GROUPEND;
		g.n = n;
		g.from = s;
		g.next = k;
		return (m_node(ms, n->left, s, &g));
	case RX_REPEAT:
		return (m_repeat(ms, n, 0, s, s, k));
	case RX_BACKREF:
		if ((size_t)n->c >= ms->npm || ms->pm[n->c].rm_so < 0)
			return (0);
		len = ms->pm[n->c].rm_eo - ms->pm[n->c].rm_so;
		if (strncmp(s, ms->start + ms->pm[n->c].rm_so, len) != 0)
			return (0);
		r = m_cont(ms, k, s + len);
		return (r);
	}
	return (0);
}

int
regexec(const regex_t *preg, const char *string, size_t nmatch,
    regmatch_t pmatch[], int eflags)
{
	struct re_guts *g = preg->re_g;
	struct mstate ms;
	regmatch_t local[10];
	const char *s, *start, *stop;
	size_t i;

	if (g == NULL)
		return (REG_BADPAT);
	if (g->cflags & REG_NOSUB)
		nmatch = 0;
	start = string;
	stop = NULL;
	if ((eflags & REG_STARTEND) && nmatch > 0) {
		start = string + pmatch[0].rm_so;
		stop = string + pmatch[0].rm_eo;
	}
	memset(&ms, 0, sizeof(ms));
	ms.start = string;
	ms.eflags = eflags;
	ms.cflags = g->cflags;
	/* Always track groups (backreferences need them). */
	if (nmatch > (size_t)g->nsub + 1 || nmatch == 0) {
		ms.pm = local;
		ms.npm = (size_t)g->nsub + 1 < 10 ? (size_t)g->nsub + 1 : 10;
	} else {
		ms.pm = pmatch;
		ms.npm = nmatch;
	}
	(void)stop;
	for (s = start;; s++) {
		for (i = 0; i < ms.npm; i++)
			ms.pm[i].rm_so = ms.pm[i].rm_eo = -1;
		ms.steps = 0;
		if (m_node(&ms, g->root, s, NULL)) {
			ms.pm[0].rm_so = s - string;
			ms.pm[0].rm_eo = ms.end - string;
			if (ms.pm == local) {
				for (i = 0; i < nmatch; i++) {
					if (i < ms.npm)
						pmatch[i] = local[i];
					else
						pmatch[i].rm_so =
						    pmatch[i].rm_eo = -1;
				}
			}
			return (0);
		}
		if (*s == '\0')
			break;
	}
	return (REG_NOMATCH);
}

void
regfree(regex_t *preg)
{
	struct re_guts *g = preg->re_g;

	if (g != NULL) {
		rn_free(g->root);
		free(g);
		preg->re_g = NULL;
	}
}

size_t
regerror(int errcode, const regex_t *preg, char *buf, size_t size)
{
	static const char *const msgs[] = { "success", "no match",
	    "invalid regular expression", "invalid collating element",
	    "invalid character class", "trailing backslash",
	    "invalid backreference number", "brackets ([ ]) not balanced",
	    "parentheses not balanced", "braces not balanced",
	    "invalid repetition count(s)", "invalid character range",
	    "out of memory", "repetition-operator operand invalid",
	    "empty (sub)expression", "assertion failure",
	    "invalid argument to regex routine" };
	const char *m;
	size_t len;

	m = errcode >= 0 && errcode < (int)(sizeof(msgs) / sizeof(msgs[0])) ?
	    msgs[errcode] : "unknown regexp error";
	len = strlen(m) + 1;
	if (size > 0) {
		strncpy(buf, m, size - 1);
		buf[size - 1] = '\0';
	}
	return (len);
}
