/*
 * The lexer and parser: source text to a tree of nodes (sh.h).  A word's
 * text is kept as written (quotes, $(...), `...` and all): expand.c gives
 * it meaning when the command runs.  parse_command() reads one complete
 * command, asking its source for more lines as needed, so a script runs
 * command by command and an interactive shell prompts with PS2 while a
 * command is unfinished.  Here-document bodies are read after the newline
 * that ends the line holding their `<<'.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

enum ttype {
	T_EOF, T_NEWLINE, T_WORD, T_IONUM,
	T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_DSEMI, T_LPAREN, T_RPAREN,
	T_LESS, T_GREAT, T_DGREAT, T_DLESS, T_DLESSDASH, T_LESSAND,
	T_GREATAND, T_LESSGREAT, T_CLOBBER
};

struct token {
	enum ttype	type;
	char		*text;		/* T_WORD, T_IONUM */
};

struct parser {
	struct source	*src;
	struct token	tok;		/* lookahead */
	int		havetok;
	struct redir	*heredocs[16];	/* waiting for their bodies */
	int		nheredocs;
	int		error;
	int		firstline;	/* prompt with PS1, else PS2 */
	size_t		tokstart;	/* source offset of the lookahead */
	/*
	 * Aliases being substituted: each one's value was spliced into the
	 * source and ends at `end'; while a word starts before that, the
	 * alias is not substituted again (a='a x' stops after one round).
	 */
	struct {
		char	*name;
		size_t	end;
	}		alias[32];
	int		nalias;
	int		aliasnext;	/* last value ended in a blank: */
	size_t		aliasnextpos;	/* the word from here is checked too */
};

static jmp_buf	parse_jmp;

static void
syntax(struct parser *p, const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	if (p->src->lineno > 0 && !p->src->interactive)
		fprintf(stderr, "%s: %d: Syntax error: %s\n", progname,
		    p->src->lineno, msg);
	else
		fprintf(stderr, "%s: Syntax error: %s\n", progname, msg);
	p->error = 1;
	longjmp(parse_jmp, 1);
}

/* ---- sources ----------------------------------------------------- */

static void
src_append(struct source *s, const char *t, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		s->cap = (s->len + n + 1) * 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, t, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static struct parser *curparser;

/* Read one line from the descriptor, a byte at a time (never past it). */
static int
fd_refill(struct source *s)
{
	char c;
	int got = 0;
	ssize_t n;

	if (s->eof)
		return (0);
	if (s->interactive) {
		const char *ps;
		char *line;

		run_pending_traps();
		job_notify();
		ps = (curparser != NULL && !curparser->firstline) ?
		    getvar("PS2") : getvar("PS1");
		if (curparser != NULL)
			curparser->firstline = 0;
		if (Eflag && isatty(s->fd)) {
			/* The line editor reads the whole line itself. */
			fflush(stdout);
			if ((line = el_gets(s->fd, ps != NULL ? ps : "")) ==
			    NULL) {
				s->eof = 1;
				return (0);
			}
			src_append(s, line, strlen(line));
			free(line);
			return (1);
		}
		if (ps != NULL) {
			fputs(ps, stderr);
			fflush(stderr);
		}
	}
	for (;;) {
		n = read(s->fd, &c, 1);
		if (n < 0 && errno == EINTR) {
			if (s->interactive && got == 0)
				return (fd_refill(s));
			continue;
		}
		if (n <= 0) {
			s->eof = 1;
			return (got);
		}
		src_append(s, &c, 1);
		got = 1;
		if (c == '\n')
			return (1);
	}
}

static int
str_refill(struct source *s)
{
	return (0);
}

void
source_init_string(struct source *s, const char *str)
{
	memset(s, 0, sizeof(*s));
	s->refill = str_refill;
	s->lineno = 1;
	src_append(s, str, strlen(str));
}

void
source_init_fd(struct source *s, int fd, int interactive)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->interactive = interactive;
	s->refill = fd_refill;
	s->lineno = 1;
	src_append(s, "", 0);
}

static int
peekc(struct parser *p)
{
	struct source *s = p->src;

	if (s->pos >= s->len && (s->eof || !s->refill(s)))
		return (EOF);
	if (s->pos >= s->len)
		return (EOF);
	return ((unsigned char)s->buf[s->pos]);
}

static int
getc_(struct parser *p)
{
	int c;

	c = peekc(p);
	if (c != EOF) {
		p->src->pos++;
		if (c == '\n')
			p->src->lineno++;
	}
	return (c);
}

/* ---- words ------------------------------------------------------- */

struct sbuf {
	char	*s;
	size_t	n, cap;
};

static void
sb_addc(struct sbuf *b, int c)
{
	if (b->n + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->n++] = (char)c;
	b->s[b->n] = '\0';
}

static void scan_dollar(struct parser *, struct sbuf *);
static void scan_backquote(struct parser *, struct sbuf *);

static void
scan_squote(struct parser *p, struct sbuf *b)
{
	int c;

	sb_addc(b, '\'');
	for (;;) {
		c = getc_(p);
		if (c == EOF)
			syntax(p, "%sunterminated quoted string", "");
		sb_addc(b, c);
		if (c == '\'')
			return;
	}
}

static void
scan_dquote(struct parser *p, struct sbuf *b)
{
	int c;

	sb_addc(b, '"');
	for (;;) {
		c = getc_(p);
		switch (c) {
		case EOF:
			syntax(p, "%sunterminated quoted string", "");
			break;
		case '"':
			sb_addc(b, c);
			return;
		case '\\':
			c = getc_(p);
			if (c == '\n')
				continue;	/* line continuation */
			sb_addc(b, '\\');
			if (c != EOF)
				sb_addc(b, c);
			break;
		case '$':
			scan_dollar(p, b);
			break;
		case '`':
			scan_backquote(p, b);
			break;
		default:
			sb_addc(b, c);
		}
	}
}

static void
scan_backquote(struct parser *p, struct sbuf *b)
{
	int c;

	sb_addc(b, '`');
	for (;;) {
		c = getc_(p);
		if (c == EOF)
			syntax(p, "%sunterminated `...`", "");
		sb_addc(b, c);
		if (c == '\\') {
			c = getc_(p);
			if (c != EOF)
				sb_addc(b, c);
		} else if (c == '`')
			return;
	}
}

/*
 * Copy a balanced $( ... ) / $(( ... )) body: parentheses are counted
 * outside quotes; quotes and nested expansions are copied whole.
 */
static void
scan_parens(struct parser *p, struct sbuf *b, int depth)
{
	char word[8];
	int c, wlen = 0, ncase = 0;

	while (depth > 0) {
		c = getc_(p);
		/*
		 * Track `case' ... `esac' so the `)' after a case pattern
		 * does not end the $( ).
		 */
		if (c != EOF && (isalnum(c) || c == '_')) {
			if (wlen < (int)sizeof(word) - 1)
				word[wlen++] = (char)c;
			else
				wlen = sizeof(word);
		} else {
			if (wlen > 0 && wlen < (int)sizeof(word)) {
				word[wlen] = '\0';
				if (strcmp(word, "case") == 0)
					ncase++;
				else if (strcmp(word, "esac") == 0 && ncase > 0)
					ncase--;
			}
			wlen = 0;
		}
		if (c == ')' && ncase > 0) {
			sb_addc(b, c);
			continue;
		}
		switch (c) {
		case EOF:
			syntax(p, "%sunterminated $(...)", "");
			break;
		case '(':
			depth++;
			sb_addc(b, c);
			break;
		case ')':
			depth--;
			sb_addc(b, c);
			break;
		case '\'':
			scan_squote(p, b);
			break;
		case '"':
			scan_dquote(p, b);
			break;
		case '`':
			scan_backquote(p, b);
			break;
		case '$':
			/* A nested $( ) or ${ } balances itself. */
			scan_dollar(p, b);
			break;
		case '\\':
			sb_addc(b, c);
			if ((c = getc_(p)) != EOF)
				sb_addc(b, c);
			break;
		case '#': {
			/* A comment inside $( ): only at a word start. */
			char prev = b->n > 0 ? b->s[b->n - 1] : ' ';

			sb_addc(b, c);
			if (prev == ' ' || prev == '\t' || prev == '\n' ||
			    prev == ';' || prev == '(') {
				while ((c = peekc(p)) != EOF && c != '\n')
					sb_addc(b, getc_(p));
			}
			break;
		}
		default:
			sb_addc(b, c);
		}
	}
}

static void
scan_dollar(struct parser *p, struct sbuf *b)
{
	int c, depth;

	sb_addc(b, '$');
	c = peekc(p);
	if (c == '(') {
		sb_addc(b, getc_(p));
		scan_parens(p, b, 1);
	} else if (c == '{') {
		sb_addc(b, getc_(p));
		depth = 1;
		while (depth > 0) {
			c = getc_(p);
			switch (c) {
			case EOF:
				syntax(p, "%sunterminated ${...}", "");
				break;
			case '{':
				depth++;
				sb_addc(b, c);
				break;
			case '}':
				depth--;
				sb_addc(b, c);
				break;
			case '\'':
				scan_squote(p, b);
				break;
			case '"':
				scan_dquote(p, b);
				break;
			case '`':
				scan_backquote(p, b);
				break;
			case '$':
				scan_dollar(p, b);
				break;
			case '\\':
				sb_addc(b, c);
				if ((c = getc_(p)) != EOF)
					sb_addc(b, c);
				break;
			default:
				sb_addc(b, c);
			}
		}
	}
}

static int
is_meta(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	    c == '|' || c == '<' || c == '>' || c == '(' || c == ')' ||
	    c == EOF);
}

static void read_heredocs(struct parser *);

static void
lex(struct parser *p, struct token *t)
{
	struct sbuf b = { NULL, 0, 0 };
	int c, c2, alldigits;

	t->text = NULL;
again:
	c = peekc(p);
	while (c == ' ' || c == '\t') {
		getc_(p);
		c = peekc(p);
	}
	if (c == '#') {
		while ((c = peekc(p)) != EOF && c != '\n')
			getc_(p);
	}
	if (c == '\\') {
		getc_(p);
		if (peekc(p) == '\n') {
			getc_(p);
			goto again;
		}
		p->src->pos--;		/* not a continuation: a word */
	}
	p->tokstart = p->src->pos;
	switch (c) {
	case EOF:
		t->type = T_EOF;
		return;
	case '\n':
		getc_(p);
		t->type = T_NEWLINE;
		if (p->nheredocs > 0)
			read_heredocs(p);
		return;
	case ';':
		getc_(p);
		if (peekc(p) == ';') {
			getc_(p);
			t->type = T_DSEMI;
		} else
			t->type = T_SEMI;
		return;
	case '&':
		getc_(p);
		if (peekc(p) == '&') {
			getc_(p);
			t->type = T_AND;
		} else
			t->type = T_AMP;
		return;
	case '|':
		getc_(p);
		if (peekc(p) == '|') {
			getc_(p);
			t->type = T_OR;
		} else
			t->type = T_PIPE;
		return;
	case '(':
		getc_(p);
		t->type = T_LPAREN;
		return;
	case ')':
		getc_(p);
		t->type = T_RPAREN;
		return;
	case '<':
		getc_(p);
		c2 = peekc(p);
		if (c2 == '<') {
			getc_(p);
			if (peekc(p) == '-') {
				getc_(p);
				t->type = T_DLESSDASH;
			} else
				t->type = T_DLESS;
		} else if (c2 == '&') {
			getc_(p);
			t->type = T_LESSAND;
		} else if (c2 == '>') {
			getc_(p);
			t->type = T_LESSGREAT;
		} else
			t->type = T_LESS;
		return;
	case '>':
		getc_(p);
		c2 = peekc(p);
		if (c2 == '>') {
			getc_(p);
			t->type = T_DGREAT;
		} else if (c2 == '&') {
			getc_(p);
			t->type = T_GREATAND;
		} else if (c2 == '|') {
			getc_(p);
			t->type = T_CLOBBER;
		} else
			t->type = T_GREAT;
		return;
	}
	alldigits = 1;
	for (;;) {
		c = peekc(p);
		if (is_meta(c))
			break;
		getc_(p);
		switch (c) {
		case '\'':
			scan_squote(p, &b);
			alldigits = 0;
			break;
		case '"':
			scan_dquote(p, &b);
			alldigits = 0;
			break;
		case '`':
			scan_backquote(p, &b);
			alldigits = 0;
			break;
		case '$':
			scan_dollar(p, &b);
			alldigits = 0;
			break;
		case '\\':
			c = getc_(p);
			if (c == '\n')
				continue;
			sb_addc(&b, '\\');
			if (c != EOF)
				sb_addc(&b, c);
			alldigits = 0;
			break;
		default:
			if (!isdigit(c))
				alldigits = 0;
			sb_addc(&b, c);
		}
	}
	if (b.s == NULL)
		sb_addc(&b, '\0'), b.n = 0;
	t->text = b.s;
	t->type = T_WORD;
	if (alldigits && b.n > 0 && b.n < 4 && (c == '<' || c == '>'))
		t->type = T_IONUM;
}

static struct token *
peek(struct parser *p)
{
	if (!p->havetok) {
		lex(p, &p->tok);
		p->havetok = 1;
	}
	return (&p->tok);
}

static struct token
next(struct parser *p)
{
	peek(p);
	p->havetok = 0;
	return (p->tok);
}

static int
iskw(struct parser *p, const char *kw)
{
	struct token *t = peek(p);

	return (t->type == T_WORD && strcmp(t->text, kw) == 0);
}

static void
expectkw(struct parser *p, const char *kw)
{
	if (!iskw(p, kw)) {
		struct token *t = peek(p);

		syntax(p, "\"%s\" unexpected", t->type == T_WORD ? t->text :
		    t->type == T_EOF ? "end of file" :
		    t->type == T_NEWLINE ? "newline" : "operator");
	}
	next(p);
}

static void
linebreak(struct parser *p)
{
	while (peek(p)->type == T_NEWLINE)
		next(p);
}

/* Quote removal for a here-document delimiter; sets *quoted. */
static char *
unquote_delim(const char *w, int *quoted)
{
	struct sbuf b = { NULL, 0, 0 };
	char q = 0;

	*quoted = 0;
	for (; *w != '\0'; w++) {
		if (q != 0) {
			if (*w == q)
				q = 0;
			else
				sb_addc(&b, *w);
		} else if (*w == '\'' || *w == '"') {
			q = *w;
			*quoted = 1;
		} else if (*w == '\\' && w[1] != '\0') {
			*quoted = 1;
			sb_addc(&b, *++w);
		} else
			sb_addc(&b, *w);
	}
	if (b.s == NULL)
		return (xstrdup(""));
	return (b.s);
}

static void
read_heredocs(struct parser *p)
{
	struct sbuf body, line;
	struct redir *r;
	int i, c;
	char *delim;
	const char *l;

	for (i = 0; i < p->nheredocs; i++) {
		r = p->heredocs[i];
		delim = r->target;
		memset(&body, 0, sizeof(body));
		sb_addc(&body, 'x');
		body.n = 0;
		body.s[0] = '\0';
		for (;;) {
			memset(&line, 0, sizeof(line));
			while ((c = getc_(p)) != EOF && c != '\n')
				sb_addc(&line, c);
			l = line.s != NULL ? line.s : "";
			if (r->hstrip)
				while (*l == '\t')
					l++;
			if (strcmp(l, delim) == 0 || (c == EOF && *l == '\0')) {
				free(line.s);
				break;
			}
			for (; *l != '\0'; l++)
				sb_addc(&body, *l);
			sb_addc(&body, '\n');
			free(line.s);
			if (c == EOF)
				break;
		}
		free(delim);
		r->target = body.s;
	}
	p->nheredocs = 0;
}

/* ---- grammar ----------------------------------------------------- */

static struct node *list(struct parser *, int toplevel);
static struct node *compound_list(struct parser *);

static struct node *
newnode(enum ntype type)
{
	struct node *n;

	n = xmalloc(sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = type;
	return (n);
}

static struct word *
newword(char *text)
{
	struct word *w;

	w = xmalloc(sizeof(*w));
	w->next = NULL;
	w->text = text;
	return (w);
}

static int
isredir(enum ttype t)
{
	return (t == T_LESS || t == T_GREAT || t == T_DGREAT || t == T_DLESS ||
	    t == T_DLESSDASH || t == T_LESSAND || t == T_GREATAND ||
	    t == T_LESSGREAT || t == T_CLOBBER);
}

static struct redir *
redirect(struct parser *p)
{
	struct redir *r;
	struct token t, w;
	int fd = -1;

	t = next(p);
	if (t.type == T_IONUM) {
		fd = atoi(t.text);
		free(t.text);
		t = next(p);
	}
	r = xmalloc(sizeof(*r));
	memset(r, 0, sizeof(*r));
	switch (t.type) {
	case T_LESS: r->type = R_IN; break;
	case T_GREAT: r->type = R_OUT; break;
	case T_DGREAT: r->type = R_APPEND; break;
	case T_CLOBBER: r->type = R_CLOBBER; break;
	case T_LESSGREAT: r->type = R_RDWR; break;
	case T_LESSAND: r->type = R_DUPIN; break;
	case T_GREATAND: r->type = R_DUPOUT; break;
	case T_DLESS: r->type = R_HERE; break;
	case T_DLESSDASH: r->type = R_HERE; r->hstrip = 1; break;
	default: syntax(p, "%sbad redirection", "");
	}
	if (fd < 0)
		fd = (r->type == R_IN || r->type == R_DUPIN || r->type == R_HERE ||
		    r->type == R_RDWR) ? 0 : 1;
	r->fd = fd;
	w = next(p);
	if (w.type != T_WORD)
		syntax(p, "%smissing file name for redirection", "");
	if (r->type == R_HERE) {
		r->target = unquote_delim(w.text, &r->hquoted);
		free(w.text);
		if (p->nheredocs >= 16)
			syntax(p, "%stoo many here-documents", "");
		p->heredocs[p->nheredocs++] = r;
	} else
		r->target = w.text;
	return (r);
}

static void
redirects(struct parser *p, struct node *n)
{
	struct redir **tail;

	for (tail = &n->redirs; *tail != NULL; tail = &(*tail)->next)
		;
	while (peek(p)->type == T_IONUM || isredir(peek(p)->type)) {
		*tail = redirect(p);
		tail = &(*tail)->next;
	}
}

int
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return (0);
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return (0);
	return (1);
}

static int
is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');

	return (eq != NULL && eq != w && is_name(w, eq - w));
}

static const char *const keywords[] = { "if", "then", "else", "elif", "fi",
	"do", "done", "case", "esac", "while", "until", "for", "in", "{", "}",
	"!", NULL };

static int
is_keyword(const char *w)
{
	int i;

	for (i = 0; keywords[i] != NULL; i++)
		if (strcmp(w, keywords[i]) == 0)
			return (1);
	return (0);
}

/*
 * If the lookahead is an unquoted word naming an alias not already being
 * substituted, replace it in the source by the alias's value, drop the
 * token and return 1: the caller lexes again from the value's text.
 */
static int
try_alias(struct parser *p)
{
	struct source *s = p->src;
	struct token *t = peek(p);
	const char *val;
	size_t len;
	int i;

	while (p->nalias > 0 && p->alias[p->nalias - 1].end <= p->tokstart)
		free(p->alias[--p->nalias].name);
	if (t->type != T_WORD || strpbrk(t->text, "'\"\\$`") != NULL ||
	    is_keyword(t->text) || (val = lookup_alias(t->text)) == NULL)
		return (0);
	for (i = 0; i < p->nalias; i++)
		if (strcmp(p->alias[i].name, t->text) == 0)
			return (0);
	if (p->nalias == (int)(sizeof(p->alias) / sizeof(p->alias[0])))
		return (0);
	len = strlen(val);
	if (s->len + len + 1 > s->cap) {
		s->cap = (s->len + len + 1) * 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memmove(s->buf + s->pos + len, s->buf + s->pos, s->len - s->pos + 1);
	memcpy(s->buf + s->pos, val, len);
	s->len += len;
	for (i = 0; i < p->nalias; i++)
		if (p->alias[i].end >= s->pos)
			p->alias[i].end += len;
	p->alias[p->nalias].name = t->text;
	p->alias[p->nalias++].end = s->pos + len;
	p->aliasnext = len > 0 && (val[len - 1] == ' ' || val[len - 1] == '\t');
	p->aliasnextpos = s->pos + len;
	p->havetok = 0;
	return (1);
}

static void
drop_aliases(struct parser *p)
{
	while (p->nalias > 0)
		free(p->alias[--p->nalias].name);
}

static struct node *
simple_command(struct parser *p, char *first)
{
	struct node *n;
	struct word **wtail, **atail;
	struct redir **rtail;
	struct token t;

	n = newnode(N_CMD);
	wtail = &n->u.cmd.words;
	atail = &n->u.cmd.assigns;
	rtail = &n->redirs;
	if (first != NULL) {
		if (is_assignment(first)) {
			*atail = newword(first);
			atail = &(*atail)->next;
		} else {
			*wtail = newword(first);
			wtail = &(*wtail)->next;
		}
	}
	for (;;) {
		t = *peek(p);
		if (t.type == T_IONUM || isredir(t.type)) {
			*rtail = redirect(p);
			rtail = &(*rtail)->next;
		} else if (t.type == T_WORD) {
			/*
			 * The command name may be an alias, and so may the
			 * word after an alias whose value ends in a blank.
			 */
			if ((n->u.cmd.words == NULL && !is_assignment(t.text)) ||
			    (p->aliasnext && p->tokstart >= p->aliasnextpos)) {
				p->aliasnext = 0;
				if (try_alias(p))
					continue;
			}
			next(p);
			if (n->u.cmd.words == NULL && is_assignment(t.text)) {
				*atail = newword(t.text);
				atail = &(*atail)->next;
			} else {
				*wtail = newword(t.text);
				wtail = &(*wtail)->next;
			}
		} else
			break;
	}
	if (n->u.cmd.words == NULL && n->u.cmd.assigns == NULL &&
	    n->redirs == NULL) {
		t = *peek(p);
		syntax(p, "\"%s\" unexpected", t.type == T_EOF ? "end of file" :
		    t.type == T_NEWLINE ? "newline" : t.type == T_WORD ? t.text :
		    t.type == T_RPAREN ? ")" : t.type == T_SEMI ? ";" :
		    t.type == T_DSEMI ? ";;" : t.type == T_AMP ? "&" :
		    t.type == T_PIPE ? "|" : "operator");
	}
	return (n);
}

static struct node *
command(struct parser *p)
{
	struct node *n;
	struct token t;
	struct caseitem **itail;
	struct word **wtail;
	int aliased;

	p->aliasnext = 0;
	for (aliased = 0; try_alias(p); aliased = 1)
		;
	t = *peek(p);
	/* An alias whose value is empty (or blanks) leaves no command. */
	if (aliased && t.type != T_WORD && t.type != T_LPAREN &&
	    t.type != T_IONUM && !isredir(t.type))
		return (newnode(N_CMD));
	if (t.type == T_LPAREN) {
		next(p);
		n = newnode(N_SUBSHELL);
		n->u.sub = compound_list(p);
		if (next(p).type != T_RPAREN)
			syntax(p, "%smissing )", "");
		redirects(p, n);
		return (n);
	}
	if (t.type != T_WORD)
		return (simple_command(p, NULL));
	if (strcmp(t.text, "{") == 0) {
		next(p);
		n = newnode(N_GROUP);
		n->u.sub = compound_list(p);
		expectkw(p, "}");
		redirects(p, n);
		return (n);
	}
	if (strcmp(t.text, "if") == 0) {
		struct node **elsep;

		next(p);
		n = newnode(N_IF);
		n->u.ifn.cond = compound_list(p);
		expectkw(p, "then");
		n->u.ifn.then = compound_list(p);
		elsep = &n->u.ifn.els;
		for (;;) {
			if (iskw(p, "elif")) {
				struct node *e;

				next(p);
				e = newnode(N_IF);
				e->u.ifn.cond = compound_list(p);
				expectkw(p, "then");
				e->u.ifn.then = compound_list(p);
				*elsep = e;
				elsep = &e->u.ifn.els;
			} else if (iskw(p, "else")) {
				next(p);
				*elsep = compound_list(p);
				break;
			} else
				break;
		}
		expectkw(p, "fi");
		redirects(p, n);
		return (n);
	}
	if (strcmp(t.text, "while") == 0 || strcmp(t.text, "until") == 0) {
		next(p);
		n = newnode(t.text[0] == 'w' ? N_WHILE : N_UNTIL);
		n->u.ifn.cond = compound_list(p);
		expectkw(p, "do");
		n->u.ifn.then = compound_list(p);
		expectkw(p, "done");
		redirects(p, n);
		return (n);
	}
	if (strcmp(t.text, "for") == 0) {
		next(p);
		n = newnode(N_FOR);
		t = next(p);
		if (t.type != T_WORD || !is_name(t.text, strlen(t.text)))
			syntax(p, "%sbad for loop variable", "");
		n->u.forn.var = t.text;
		linebreak(p);
		if (iskw(p, "in")) {
			next(p);
			n->u.forn.haswords = 1;
			wtail = &n->u.forn.words;
			while (peek(p)->type == T_WORD) {
				*wtail = newword(next(p).text);
				wtail = &(*wtail)->next;
			}
			if (peek(p)->type == T_SEMI || peek(p)->type == T_NEWLINE)
				next(p);
			else
				syntax(p, "%sexpecting ; or newline", "");
		} else if (peek(p)->type == T_SEMI)
			next(p);
		linebreak(p);
		expectkw(p, "do");
		n->u.forn.body = compound_list(p);
		expectkw(p, "done");
		redirects(p, n);
		return (n);
	}
	if (strcmp(t.text, "case") == 0) {
		next(p);
		n = newnode(N_CASE);
		t = next(p);
		if (t.type != T_WORD)
			syntax(p, "%sexpecting a word after case", "");
		n->u.casen.word = t.text;
		linebreak(p);
		expectkw(p, "in");
		linebreak(p);
		itail = &n->u.casen.items;
		while (!iskw(p, "esac")) {
			struct caseitem *ci;

			ci = xmalloc(sizeof(*ci));
			memset(ci, 0, sizeof(*ci));
			if (peek(p)->type == T_LPAREN)
				next(p);
			wtail = &ci->pats;
			for (;;) {
				t = next(p);
				if (t.type != T_WORD)
					syntax(p, "%sbad case pattern", "");
				*wtail = newword(t.text);
				wtail = &(*wtail)->next;
				t = next(p);
				if (t.type == T_RPAREN)
					break;
				if (t.type != T_PIPE)
					syntax(p, "%sexpecting ) in case", "");
			}
			linebreak(p);
			if (peek(p)->type != T_DSEMI && !iskw(p, "esac"))
				ci->body = compound_list(p);
			*itail = ci;
			itail = &ci->next;
			if (peek(p)->type == T_DSEMI) {
				next(p);
				linebreak(p);
			} else if (!iskw(p, "esac"))
				syntax(p, "%sexpecting ;; or esac", "");
		}
		next(p);
		redirects(p, n);
		return (n);
	}
	if (is_keyword(t.text) && strcmp(t.text, "!") != 0)
		syntax(p, "\"%s\" unexpected", t.text);
	/* A simple command or a function definition. */
	next(p);
	if (peek(p)->type == T_LPAREN && is_name(t.text, strlen(t.text))) {
		next(p);
		if (next(p).type != T_RPAREN)
			syntax(p, "%sexpecting ) after function name", "");
		linebreak(p);
		n = newnode(N_FUNC);
		n->u.func.name = t.text;
		n->u.func.body = command(p);
		return (n);
	}
	return (simple_command(p, t.text));
}

static struct node *
pipeline(struct parser *p)
{
	struct node *n, *c;
	int bang = 0;

	while (iskw(p, "!")) {
		next(p);
		bang = !bang;
	}
	c = command(p);
	if (peek(p)->type == T_PIPE) {
		n = newnode(N_PIPE);
		n->u.pipe.cmds = xmalloc(sizeof(struct node *));
		n->u.pipe.cmds[0] = c;
		n->u.pipe.ncmds = 1;
		while (peek(p)->type == T_PIPE) {
			next(p);
			linebreak(p);
			n->u.pipe.cmds = xrealloc(n->u.pipe.cmds,
			    (n->u.pipe.ncmds + 1) * sizeof(struct node *));
			n->u.pipe.cmds[n->u.pipe.ncmds++] = command(p);
		}
		c = n;
	}
	if (bang) {
		n = newnode(N_NOT);
		n->u.sub = c;
		c = n;
	}
	return (c);
}

static struct node *
and_or(struct parser *p)
{
	struct node *n, *l;
	enum ttype t;

	l = pipeline(p);
	while ((t = peek(p)->type) == T_AND || t == T_OR) {
		next(p);
		linebreak(p);
		n = newnode(t == T_AND ? N_AND : N_OR);
		n->u.bin.left = l;
		n->u.bin.right = pipeline(p);
		l = n;
	}
	return (l);
}

static struct node *
seq(struct node *l, struct node *r)
{
	struct node *n;

	if (l == NULL)
		return (r);
	n = newnode(N_SEQ);
	n->u.bin.left = l;
	n->u.bin.right = r;
	return (n);
}

/* Does the lookahead end a compound list? */
static int
list_end(struct parser *p)
{
	struct token *t = peek(p);

	if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI)
		return (1);
	if (t->type != T_WORD)
		return (0);
	return (strcmp(t->text, "then") == 0 || strcmp(t->text, "else") == 0 ||
	    strcmp(t->text, "elif") == 0 || strcmp(t->text, "fi") == 0 ||
	    strcmp(t->text, "do") == 0 || strcmp(t->text, "done") == 0 ||
	    strcmp(t->text, "esac") == 0 || strcmp(t->text, "}") == 0);
}

/*
 * A list.  At top level it ends at a newline (one complete command);
 * inside a compound command it runs over newlines to a closing keyword.
 */
static struct node *
list(struct parser *p, int toplevel)
{
	struct node *l = NULL, *c, *bg;
	enum ttype t;

	for (;;) {
		if (!toplevel)
			linebreak(p);
		if (list_end(p))
			break;
		c = and_or(p);
		t = peek(p)->type;
		if (t == T_AMP) {
			next(p);
			bg = newnode(N_BG);
			bg->u.sub = c;
			c = bg;
		} else if (t == T_SEMI)
			next(p);
		l = seq(l, c);
		t = peek(p)->type;
		if (t == T_NEWLINE) {
			if (toplevel)
				break;
			continue;
		}
		if (t == T_EOF)
			break;
		if (list_end(p))
			break;
		if (t != T_WORD && t != T_LPAREN && t != T_IONUM &&
		    !isredir(t))
			syntax(p, "\"%s\" unexpected", t == T_RPAREN ? ")" :
			    t == T_DSEMI ? ";;" : t == T_PIPE ? "|" :
			    t == T_AMP ? "&" : t == T_SEMI ? ";" : "operator");
	}
	return (l);
}

static struct node *
compound_list(struct parser *p)
{
	struct node *n;

	n = list(p, 0);
	if (n == NULL)
		n = newnode(N_CMD);	/* empty: allowed, does nothing */
	return (n);
}

/*
 * Read one complete command.  PARSE_OK with *np (NULL for an empty
 * line), PARSE_EOF at end of input, PARSE_ERROR after a syntax error
 * (the rest of the line is discarded).
 */
int
parse_command(struct source *src, struct node **np)
{
	struct parser p;
	struct parser *saved = curparser;
	struct token *t;
	jmp_buf saved_jmp;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.firstline = 1;
	curparser = &p;
	memcpy(saved_jmp, parse_jmp, sizeof(jmp_buf));
	*np = NULL;
	if (setjmp(parse_jmp)) {
		drop_aliases(&p);
		memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
		curparser = saved;
		/* Skip to the end of the line. */
		while (src->pos < src->len && src->buf[src->pos] != '\n')
			src->pos++;
		if (src->pos < src->len)
			src->pos++;
		return (PARSE_ERROR);
	}
	t = peek(&p);
	while (t->type == T_NEWLINE) {
		next(&p);
		if (src->interactive) {
			memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
			curparser = saved;
			return (PARSE_OK);
		}
		t = peek(&p);
	}
	if (t->type == T_EOF) {
		memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
		curparser = saved;
		return (PARSE_EOF);
	}
	*np = list(&p, 1);
	t = peek(&p);
	if (t->type == T_NEWLINE)
		next(&p);
	else if (t->type != T_EOF)
		syntax(&p, "\"%s\" unexpected", t->type == T_RPAREN ? ")" :
		    t->type == T_WORD ? t->text : "operator");
	if (p.nheredocs > 0)
		read_heredocs(&p);
	drop_aliases(&p);
	memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
	curparser = saved;
	return (PARSE_OK);
}

/* Parse a whole string into one tree (for eval, $(...), trap, -c). */
struct node *
parse_string(const char *s, int *errp)
{
	struct source src;
	struct node *all = NULL, *n;
	int r;

	source_init_string(&src, s);
	*errp = 0;
	for (;;) {
		r = parse_command(&src, &n);
		if (r == PARSE_EOF)
			break;
		if (r == PARSE_ERROR) {
			*errp = 1;
			break;
		}
		if (n != NULL)
			all = seq(all, n);
	}
	free(src.buf);
	return (all);
}
