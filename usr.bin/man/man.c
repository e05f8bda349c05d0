/*
 * man(1): find a manual page under /usr/share/man and format it for a
 * terminal.  Petrel installs its pages as mdoc(7) source, so this is a
 * small mdoc renderer: it fills text to the terminal's width and handles
 * the macros Petrel's pages use (document prologue, sections, lists,
 * displays, and the usual in-line semantic macros, which nest: `.Op Fl r
 * Ar seconds').  Unknown macros print their arguments as text, so a page
 * using more of mdoc than this knows still reads.
 *
 *	man [-w] [section] name
 *	man -l file
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANDIR	"/usr/share/man"
#define MAXARGS	64
#define NBSP	'\001'			/* `\ ': a space that never breaks */

static const char *sections[] = { "1", "8", "2", "3", "4", "5", "6", "7",
    "9", NULL };

/* ---- Output: filling words into lines at an indent ---------------------- */

static int	width = 78;
static int	indent;			/* of the text being filled */
static char	line[1024];
static int	linelen;		/* 0: nothing on the line yet */
static int	nospace;		/* the next word joins the last */
static int	literal;		/* inside .Bd -literal */
static int	blank_pending;		/* .Pp: one blank line before more */
static int	body_on_tag_line;	/* a short tag was just put down */
static int	section_fresh;		/* nothing under the heading yet */

static void
flush_line(void)
{
	int i;

	if (linelen == 0 && !body_on_tag_line)
		return;
	for (i = 0; i < linelen; i++)
		putchar(line[i] == NBSP ? ' ' : line[i]);
	putchar('\n');
	linelen = 0;
	body_on_tag_line = 0;
}

static void
paragraph(void)
{
	flush_line();
	blank_pending = 1;
}

static void
start_line(void)
{
	section_fresh = 0;
	if (blank_pending) {
		putchar('\n');
		blank_pending = 0;
	}
	memset(line, ' ', indent);
	linelen = indent;
}

/*
 * One word.  Words joined without a space (`[', `-r', `]') wrap as one:
 * a line that grows past the width breaks at its last space.
 */
static void
word(const char *w)
{
	char carry[sizeof(line)];
	int len = (int)strlen(w), p, clen;

	if (len == 0)
		return;
	if (linelen == 0)
		start_line();
	else if (!nospace && linelen > indent)
		line[linelen++] = ' ';
	if (linelen + len >= (int)sizeof(line) - 1)
		len = (int)sizeof(line) - 2 - linelen;
	memcpy(line + linelen, w, len);
	linelen += len;
	nospace = 0;
	if (linelen <= width)
		return;
	for (p = linelen - 1; p > indent && line[p] != ' '; p--)
		;
	if (p <= indent)
		return;			/* one word wider than the line */
	clen = linelen - p - 1;
	memcpy(carry, line + p + 1, clen);
	linelen = p;
	flush_line();
	start_line();
	memcpy(line + linelen, carry, clen);
	linelen += clen;
}

/* ---- Escapes and tokens ---------------------------------------------- */

/* Roff escapes to plain characters, in place. */
static void
unescape(char *s)
{
	char *d = s;

	while (*s != '\0') {
		if (*s != '\\') {
			*d++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '&':
			s++;
			break;
		case '-':
		case 'e':
			*d++ = *s == 'e' ? '\\' : '-';
			s++;
			break;
		case ' ':
			*d++ = NBSP;
			s++;
			break;
		case '(':
			/* Two-letter names: the few pages use. */
			if (strncmp(s + 1, "em", 2) == 0) {
				*d++ = '-';
				*d++ = '-';
			} else if (strncmp(s + 1, "aq", 2) == 0)
				*d++ = '\'';
			else if (strncmp(s + 1, "dq", 2) == 0)
				*d++ = '"';
			else if (s[1] != '\0' && s[2] != '\0')
				*d++ = '?';
			s += s[1] != '\0' && s[2] != '\0' ? 3 : 1;
			break;
		case 'f':
			/* Font changes: a terminal without them ignores. */
			s += s[1] != '\0' ? 2 : 1;
			break;
		case '\0':
			break;
		default:
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/* Split a macro line into arguments, honouring "quoted strings". */
static int
tokenize(char *s, char **av)
{
	int n = 0;

	while (*s != '\0' && n < MAXARGS - 1) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (*s == '"') {
			av[n++] = ++s;
			while (*s != '\0' && *s != '"')
				s++;
		} else {
			av[n++] = s;
			while (*s != '\0' && *s != ' ' && *s != '\t')
				s++;
		}
		if (*s != '\0')
			*s++ = '\0';
	}
	av[n] = NULL;
	return (n);
}

static int
is_close_punct(const char *t)
{
	return (t[0] != '\0' && t[1] == '\0' && strchr(".,:;)]?!", t[0]));
}

static int
is_open_punct(const char *t)
{
	return ((t[0] == '(' || t[0] == '[') && t[1] == '\0');
}

/* ---- In-line macros --------------------------------------------------- */

static char	name[64];		/* the page's .Nm */
static char	title[64], sect[16];	/* from .Dt */
static char	date[64], os[64] = "Petrel";

static const char *callable[] = { "Ar", "Cm", "Dq", "Dv", "Em", "Ev",
    "Fl", "Ic", "Li", "Nm", "Ns", "Op", "Pa", "Pq", "Ql", "Sq", "Sx",
    "Sy", "Va", "Xr", "Bx", "Fx", "Ox", "Nx", "No", NULL };

static int
is_callable(const char *t)
{
	int i;

	for (i = 0; callable[i] != NULL; i++)
		if (strcmp(t, callable[i]) == 0)
			return (1);
	return (0);
}

/* Emit av[i..n) as plain words, punctuation attached. */
static void
plain(char **av, int i, int n)
{
	for (; i < n; i++) {
		if (is_close_punct(av[i]))
			nospace = 1;
		word(av[i]);
		if (is_open_punct(av[i]))
			nospace = 1;
	}
}

static void inline_macros(char **av, int n);

/* Where the arguments of the in-line macro at av[0] end. */
static int
args_end(char **av, int n)
{
	int i;

	for (i = 1; i < n; i++)
		if (is_callable(av[i]) || is_close_punct(av[i]))
			break;
	return (i);
}

/* An enclosure: everything to the line's trailing punctuation. */
static void
enclose(char **av, int n, const char *open, const char *close)
{
	int end = n;

	while (end > 1 && is_close_punct(av[end - 1]))
		end--;
	word(open);
	nospace = 1;
	inline_macros(av + 1, end - 1);
	nospace = 1;
	word(close);
	plain(av, end, n);
}

static void
bsd_name(const char *os_, char **av, int n, int e)
{
	char buf[64];

	if (e > 1) {
		snprintf(buf, sizeof(buf), "%s%s", os_, av[1]);
		word(buf);
	} else
		word(os_);
	inline_macros(av + e, n - e);
}

/* Process a run of in-line macros and words. */
static void
inline_macros(char **av, int n)
{
	char buf[256];
	int e, i;

	if (n <= 0)
		return;
	if (!is_callable(av[0])) {
		/* Words up to the next macro. */
		for (e = 0; e < n && !is_callable(av[e]); e++)
			;
		plain(av, 0, e);
		inline_macros(av + e, n - e);
		return;
	}
	e = args_end(av, n);
	if (strcmp(av[0], "Op") == 0) {
		enclose(av, n, "[", "]");
		return;
	}
	if (strcmp(av[0], "Dq") == 0) {
		enclose(av, n, "\"", "\"");
		return;
	}
	if (strcmp(av[0], "Ql") == 0 || strcmp(av[0], "Sq") == 0) {
		enclose(av, n, "'", "'");
		return;
	}
	if (strcmp(av[0], "Pq") == 0) {
		enclose(av, n, "(", ")");
		return;
	}
	if (strcmp(av[0], "Ns") == 0) {
		nospace = 1;
		inline_macros(av + 1, n - 1);
		return;
	}
	if (strcmp(av[0], "Fl") == 0) {
		if (e == 1)
			word("-");
		for (i = 1; i < e; i++) {
			/* `|' separates alternatives: not a flag. */
			snprintf(buf, sizeof(buf), "%s%s",
			    strcmp(av[i], "|") == 0 ? "" : "-", av[i]);
			word(buf);
		}
	} else if (strcmp(av[0], "Ar") == 0 && e == 1) {
		word("file ...");
	} else if (strcmp(av[0], "Nm") == 0) {
		if (e > 1 && name[0] == '\0')
			strlcpy(name, av[1], sizeof(name));
		word(e > 1 ? av[1] : name);
		plain(av, 2, e);
	} else if (strcmp(av[0], "Xr") == 0 && e > 2) {
		snprintf(buf, sizeof(buf), "%s(%s)", av[1], av[2]);
		word(buf);
		plain(av, 3, e);
	} else if (strcmp(av[0], "Bx") == 0) {
		bsd_name("BSD", av, n, e);
		return;
	} else if (strcmp(av[0], "Fx") == 0) {
		bsd_name("FreeBSD ", av, n, e);
		return;
	} else if (strcmp(av[0], "Ox") == 0) {
		bsd_name("OpenBSD ", av, n, e);
		return;
	} else if (strcmp(av[0], "Nx") == 0) {
		bsd_name("NetBSD ", av, n, e);
		return;
	} else {
		/* Ar Cm Dv Em Ev Ic Li Pa Sx Sy Va No: the words as they are. */
		plain(av, 1, e);
	}
	inline_macros(av + e, n - e);
}

/* ---- Block macros ----------------------------------------------------- */

#define MAXLISTS	8
static struct list {
	int	base;			/* indent of the tags */
	int	width;			/* body offset from the tags */
	int	type;			/* 't'ag, 'b'ullet, 'd'ash, 'i'tem */
} lists[MAXLISTS];
static int nlists;
static int section_indent = 7;
static int in_synopsis;			/* .Nm starts a new line */

static int
list_width(const char *w)
{
	if (w == NULL || strcmp(w, "Ds") == 0)
		return (6);
	if (isdigit((unsigned char)w[0]))
		return (atoi(w));
	return ((int)strlen(w) + 2);
}

static void
list_begin(char **av, int n)
{
	struct list *l;
	const char *w = NULL;
	int i;

	flush_line();
	if (nlists == MAXLISTS)
		return;
	l = &lists[nlists++];
	l->base = indent;
	l->type = 't';
	for (i = 1; i < n; i++) {
		if (strcmp(av[i], "-bullet") == 0)
			l->type = 'b';
		else if (strcmp(av[i], "-dash") == 0 ||
		    strcmp(av[i], "-hyphen") == 0)
			l->type = 'd';
		else if (strcmp(av[i], "-item") == 0)
			l->type = 'i';
		else if (strcmp(av[i], "-width") == 0 && i + 1 < n)
			w = av[++i];
	}
	l->width = l->type == 't' ? list_width(w) + 2 :
	    l->type == 'i' ? 0 : 2;
	if (!section_fresh)
		paragraph();
}

static void
list_item(char **av, int n)
{
	struct list *l;
	int taglen;

	if (nlists == 0) {
		inline_macros(av + 1, n - 1);
		return;
	}
	l = &lists[nlists - 1];
	flush_line();
	indent = l->base;
	if (l->type == 'b' || l->type == 'd') {
		word(l->type == 'b' ? "o" : "-");
		indent = l->base + l->width;
		while (linelen < indent)
			line[linelen++] = ' ';
		nospace = 1;
		body_on_tag_line = 1;
		return;
	}
	if (l->type == 'i') {
		indent = l->base;
		return;
	}
	/* -tag: the tag, then the body beside it if it fits. */
	inline_macros(av + 1, n - 1);
	taglen = linelen - l->base;
	indent = l->base + l->width;
	if (taglen < l->width - 1) {
		while (linelen < indent)
			line[linelen++] = ' ';
		nospace = 1;
		body_on_tag_line = 1;
	} else
		flush_line();
}

static void
list_end(void)
{
	flush_line();
	if (nlists > 0)
		indent = lists[--nlists].base;
	blank_pending = 1;
}

static void
section(char **av, int n, int sub)
{
	int i;

	flush_line();
	nlists = 0;
	if (!sub || blank_pending || 1)
		putchar('\n');
	blank_pending = 0;
	indent = sub ? 3 : 0;
	if (!sub)
		in_synopsis = n > 1 && strcmp(av[1], "SYNOPSIS") == 0;
	start_line();
	for (i = 1; i < n; i++) {
		if (i > 1)
			line[linelen++] = ' ';
		memcpy(line + linelen, av[i], strlen(av[i]));
		linelen += (int)strlen(av[i]);
	}
	flush_line();
	indent = section_indent;
	section_fresh = 1;
}

static void
header(void)
{
	char left[96];
	int pad;

	snprintf(left, sizeof(left), "%s(%s)", title, sect);
	pad = width - 2 * (int)strlen(left) - (int)strlen("General Commands Manual");
	if (pad < 2)
		pad = 2;
	printf("%s%*s%s%*s%s\n", left, pad / 2, "",
	    strcmp(sect, "8") == 0 ? "System Manager's Manual" :
	    "General Commands Manual", pad - pad / 2, "", left);
}

static void
footer(void)
{
	int pad;

	flush_line();
	pad = width - 2 * (int)strlen(os) - (int)strlen(date);
	if (pad < 2)
		pad = 2;
	printf("\n%s%*s%s%*s%s\n", os, pad / 2, "", date, pad - pad / 2, "",
	    os);
}

static void
macro_line(char *s)
{
	char *av[MAXARGS];
	int n, i;

	unescape(s);
	n = tokenize(s, av);
	if (n == 0)
		return;
	if (strcmp(av[0], "Dd") == 0) {
		date[0] = '\0';
		for (i = 1; i < n; i++) {
			if (i > 1)
				strlcat(date, " ", sizeof(date));
			strlcat(date, av[i], sizeof(date));
		}
	} else if (strcmp(av[0], "Dt") == 0) {
		strlcpy(title, n > 1 ? av[1] : "", sizeof(title));
		strlcpy(sect, n > 2 ? av[2] : "", sizeof(sect));
		header();
	} else if (strcmp(av[0], "Os") == 0) {
		if (n > 1) {
			os[0] = '\0';
			for (i = 1; i < n; i++) {
				if (i > 1)
					strlcat(os, " ", sizeof(os));
				strlcat(os, av[i], sizeof(os));
			}
		}
	} else if (strcmp(av[0], "Sh") == 0)
		section(av, n, 0);
	else if (strcmp(av[0], "Ss") == 0)
		section(av, n, 1);
	else if (strcmp(av[0], "Pp") == 0 || strcmp(av[0], "Lp") == 0)
		paragraph();
	else if (strcmp(av[0], "Nd") == 0) {
		word("-");
		plain(av, 1, n);
	} else if (strcmp(av[0], "Nm") == 0 && in_synopsis) {
		/* SYNOPSIS: each .Nm starts a new, hanging line. */
		flush_line();
		inline_macros(av, n);
	} else if (strcmp(av[0], "Bl") == 0)
		list_begin(av, n);
	else if (strcmp(av[0], "It") == 0)
		list_item(av, n);
	else if (strcmp(av[0], "El") == 0)
		list_end();
	else if (strcmp(av[0], "Bd") == 0) {
		paragraph();
		for (i = 1; i < n; i++)
			if (strcmp(av[i], "-literal") == 0 ||
			    strcmp(av[i], "-unfilled") == 0)
				literal = 1;
		indent += 5;
	} else if (strcmp(av[0], "Ed") == 0) {
		flush_line();
		literal = 0;
		indent -= 5;
		blank_pending = 1;
	} else if (strcmp(av[0], "Dl") == 0 || strcmp(av[0], "D1") == 0) {
		flush_line();
		indent += 5;
		inline_macros(av + 1, n - 1);
		flush_line();
		indent -= 5;
	} else if (strcmp(av[0], "Ex") == 0) {
		static const char *ex[] = { "utility", "exits", "0", "on",
		    "success,", "and", ">0", "if", "an", "error", "occurs." };

		word("The");
		word(name);
		for (i = 0; i < (int)(sizeof(ex) / sizeof(ex[0])); i++)
			word(ex[i]);
	} else if (strcmp(av[0], "Po") == 0) {
		word("(");
		nospace = 1;
	} else if (strcmp(av[0], "Pc") == 0) {
		nospace = 1;
		word(")");
		plain(av, 1, n);
	} else if (strcmp(av[0], "An") == 0 || strcmp(av[0], "Tn") == 0)
		plain(av, 1, n);
	else if (is_callable(av[0]))
		inline_macros(av, n);
	else
		plain(av, 1, n);	/* unknown: keep the words */
}

static void
text_line(char *s)
{
	char *av[MAXARGS * 4], *p;
	int n = 0;

	unescape(s);
	if (literal) {
		flush_line();
		start_line();
		while (*s != '\0' && linelen < (int)sizeof(line) - 1)
			line[linelen++] = *s++;
		flush_line();
		return;
	}
	if (*s == '\0') {
		paragraph();
		return;
	}
	for (p = strtok(s, " \t"); p != NULL && n < MAXARGS * 4 - 1;
	    p = strtok(NULL, " \t"))
		av[n++] = p;
	for (int i = 0; i < n; i++)
		word(av[i]);
}

static int
render(FILE *fp)
{
	char buf[2048];
	size_t len;

	while (fgets(buf, sizeof(buf), fp) != NULL) {
		len = strlen(buf);
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (strncmp(buf, ".\\\"", 3) == 0 || strcmp(buf, ".") == 0)
			continue;
		if (buf[0] == '.' || buf[0] == '\'')
			macro_line(buf + 1);
		else
			text_line(buf);
	}
	footer();
	return (ferror(fp) ? -1 : 0);
}

/* ---- Finding the page ------------------------------------------------- */

static int
find_page(const char *sec, const char *page, char *path, size_t size)
{
	struct stat st;
	int i;

	for (i = 0; sections[i] != NULL; i++) {
		if (sec != NULL && strcmp(sec, sections[i]) != 0)
			continue;
		snprintf(path, size, "%s/man%s/%s.%s", MANDIR, sections[i],
		    page, sections[i]);
		if (stat(path, &st) == 0)
			return (0);
	}
	return (-1);
}

static void
usage(void)
{
	fprintf(stderr, "usage: man [-w] [section] name\n"
	    "       man -l file\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char path[512];
	const char *sec = NULL, *cols;
	struct winsize ws;
	FILE *fp;
	int ch, wflag = 0, lflag = 0;

	while ((ch = getopt(argc, argv, "lw")) != -1) {
		switch (ch) {
		case 'l':
			lflag = 1;
			break;
		case 'w':
			wflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if ((cols = getenv("MANWIDTH")) != NULL && atoi(cols) >= 40)
		width = atoi(cols) - 2;
	else if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		width = ws.ws_col - 2;
	if (lflag) {
		if (argc != 1)
			usage();
		strlcpy(path, argv[0], sizeof(path));
	} else {
		if (argc == 2 && isdigit((unsigned char)argv[0][0])) {
			sec = argv[0];
			argc--;
			argv++;
		}
		if (argc != 1)
			usage();
		if (find_page(sec, argv[0], path, sizeof(path)) < 0) {
			if (sec != NULL)
				errx(1, "No entry for %s in section %s of "
				    "the manual", argv[0], sec);
			errx(1, "No manual entry for %s", argv[0]);
		}
	}
	if (wflag) {
		printf("%s\n", path);
		return (0);
	}
	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	if (render(fp) < 0)
		err(1, "%s", path);
	fclose(fp);
	return (0);
}
