/*
 * The interactive line editor and command history (set -E, on by
 * default when an interactive shell reads a terminal).
 *
 * emacs-style keys on a VT100-like terminal (the serial console, a pty):
 *	^A ^E / Home End	start / end of line
 *	^B ^F / Left Right	back / forward a character
 *	ESC b, ESC f		back / forward a word
 *	^H DEL, ^D		delete before / under the cursor (^D on an
 *				empty line is end of file)
 *	^K ^U ^W		kill to end / to start / the word before
 *	^Y			yank what was killed last
 *	^T			transpose characters
 *	^P ^N / Up Down		previous / next history line
 *	^L			clear the screen and redraw
 *	^C			abandon the line
 *	^V			insert the next character literally
 *	Tab			complete a file name
 *
 * The terminal is in non-canonical mode without echo or signals only
 * while a line is being edited; the shell restores the user's modes
 * before it runs anything.  One-line redraw: carriage return, prompt,
 * text, clear to end of line, cursor back.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define HISTSIZE	200

static char	*hist[HISTSIZE];
static int	nhist;		/* entries in use */
static int	histbase = 1;	/* number of hist[0] */

static char	*killbuf;

struct line {
	char	*buf;
	size_t	len, cap, pos;
	const char *prompt;
	int	fd;
};

static void
out(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void
outs(int fd, const char *s)
{
	out(fd, s, strlen(s));
}

static void
refresh(struct line *l)
{
	char tail[32];

	outs(l->fd, "\r");
	outs(l->fd, l->prompt);
	out(l->fd, l->buf, l->len);
	outs(l->fd, "\033[K");
	if (l->len > l->pos) {
		snprintf(tail, sizeof(tail), "\033[%zuD", l->len - l->pos);
		outs(l->fd, tail);
	}
}

static void
reserve(struct line *l, size_t n)
{
	if (l->len + n + 2 > l->cap) {
		l->cap = (l->len + n + 2) * 2;
		l->buf = xrealloc(l->buf, l->cap);
	}
}

static void
insert(struct line *l, const char *s, size_t n)
{
	reserve(l, n);
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos);
	memcpy(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
	l->buf[l->len] = '\0';
}

static void
delete(struct line *l, size_t from, size_t to, int save)
{
	if (to <= from)
		return;
	if (save) {
		free(killbuf);
		killbuf = xstrndup(l->buf + from, to - from);
	}
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	if (l->pos > to)
		l->pos -= to - from;
	else if (l->pos > from)
		l->pos = from;
	l->buf[l->len] = '\0';
}

static void
setline(struct line *l, const char *s)
{
	l->len = l->pos = 0;
	insert(l, s, strlen(s));
}

static int
isword(int c)
{
	return (c != ' ' && c != '\t' && c != '/' && c != '\0');
}

static size_t
wordleft(const struct line *l)
{
	size_t p = l->pos;

	while (p > 0 && !isword(l->buf[p - 1]))
		p--;
	while (p > 0 && isword(l->buf[p - 1]))
		p--;
	return (p);
}

static size_t
wordright(const struct line *l)
{
	size_t p = l->pos;

	while (p < l->len && !isword(l->buf[p]))
		p++;
	while (p < l->len && isword(l->buf[p]))
		p++;
	return (p);
}

static int
readc(int fd)
{
	unsigned char c;
	ssize_t n;

	for (;;) {
		n = read(fd, &c, 1);
		if (n == 1)
			return (c);
		if (n < 0 && errno == EINTR)
			continue;
		return (-1);
	}
}

/*
 * Tab: complete the word before the cursor as a file name.  One match
 * is inserted (with / after a directory, a blank after a file); several
 * extend to their common prefix, and a second Tab lists them.
 */
static void
complete(struct line *l, int again)
{
	size_t start = l->pos, dirlen, plen, common = 0;
	char *word, dir[1024], *base;
	struct dirent *de;
	char **names = NULL;
	int n = 0, cap = 0, i;
	DIR *d;

	while (start > 0 && l->buf[start - 1] != ' ' &&
	    l->buf[start - 1] != '\t')
		start--;
	word = xstrndup(l->buf + start, l->pos - start);
	base = strrchr(word, '/');
	if (base != NULL) {
		dirlen = base - word + 1;
		snprintf(dir, sizeof(dir), "%.*s", (int)dirlen, word);
		base++;
	} else {
		dirlen = 0;
		strcpy(dir, ".");
		base = word;
	}
	plen = strlen(base);
	if ((d = opendir(dir)) == NULL) {
		free(word);
		outs(l->fd, "\a");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, base, plen) != 0)
			continue;
		if (de->d_name[0] == '.' && (plen == 0 ||
		    strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n == 0) {
		outs(l->fd, "\a");
	} else {
		common = strlen(names[0]);
		for (i = 1; i < n; i++) {
			size_t k = 0;

			while (k < common && names[i][k] == names[0][k])
				k++;
			common = k;
		}
		if (common > plen)
			insert(l, names[0] + plen, common - plen);
		if (n == 1) {
			char path[1100];
			struct stat sb;

			snprintf(path, sizeof(path), "%.*s%s", (int)dirlen,
			    word, names[0]);
			insert(l, stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) ?
			    "/" : " ", 1);
		} else if (common == plen) {
			if (again) {
				outs(l->fd, "\r\n");
				for (i = 0; i < n; i++) {
					outs(l->fd, names[i]);
					outs(l->fd, i + 1 < n ? "  " : "\r\n");
				}
			} else
				outs(l->fd, "\a");
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(word);
}

/*
 * Read one line from the terminal fd with editing; the result ends in a
 * newline.  NULL at end of file (^D on an empty line, or a hang-up).
 */
char *
el_gets(int fd, const char *prompt)
{
	struct termios saved, raw;
	struct line l;
	char *edit = NULL;		/* the new line while browsing */
	int hidx = nhist, c, lasttab = 0, eof = 0;
	char ch;

	if (tcgetattr(fd, &saved) < 0) {
		/* Not a terminal after all: plain reads, with a prompt. */
		char buf[2] = { 0, 0 };
		struct line pl = { 0 };

		outs(2, prompt);
		for (;;) {
			if ((c = readc(fd)) < 0) {
				if (pl.len == 0)
					return (NULL);
				break;
			}
			buf[0] = c;
			pl.fd = fd;
			pl.pos = pl.len;
			insert(&pl, buf, 1);
			if (c == '\n')
				return (pl.buf);
		}
		reserve(&pl, 1);
		pl.buf[pl.len++] = '\n';
		pl.buf[pl.len] = '\0';
		return (pl.buf);
	}
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(ICRNL | INLCR | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSADRAIN, &raw);

	memset(&l, 0, sizeof(l));
	l.fd = 2;
	l.prompt = prompt;
	reserve(&l, 80);
	l.buf[0] = '\0';
	outs(l.fd, prompt);

	for (;;) {
		if ((c = readc(fd)) < 0) {
			eof = l.len == 0;
			break;
		}
		if (c != '\t')
			lasttab = 0;
		switch (c) {
		case '\r':
		case '\n':
			goto done;
		case 1:				/* ^A */
			l.pos = 0;
			break;
		case 5:				/* ^E */
			l.pos = l.len;
			break;
		case 2:				/* ^B */
			if (l.pos > 0)
				l.pos--;
			break;
		case 6:				/* ^F */
			if (l.pos < l.len)
				l.pos++;
			break;
		case 8:				/* ^H */
		case 127:			/* DEL */
			if (l.pos > 0)
				delete(&l, l.pos - 1, l.pos, 0);
			break;
		case 4:				/* ^D */
			if (l.len == 0) {
				eof = 1;
				goto done;
			}
			if (l.pos < l.len)
				delete(&l, l.pos, l.pos + 1, 0);
			break;
		case 11:			/* ^K */
			delete(&l, l.pos, l.len, 1);
			break;
		case 21:			/* ^U */
			delete(&l, 0, l.pos, 1);
			break;
		case 23:			/* ^W */
			delete(&l, wordleft(&l), l.pos, 1);
			break;
		case 25:			/* ^Y */
			if (killbuf != NULL)
				insert(&l, killbuf, strlen(killbuf));
			break;
		case 20:			/* ^T */
			if (l.pos > 0 && l.len >= 2) {
				size_t p = l.pos == l.len ? l.pos - 1 : l.pos;
				char t = l.buf[p - 1];

				if (p == 0)
					break;
				l.buf[p - 1] = l.buf[p];
				l.buf[p] = t;
				l.pos = p + 1;
			}
			break;
		case 12:			/* ^L */
			outs(l.fd, "\033[H\033[2J");
			break;
		case 3:				/* ^C */
			outs(l.fd, "^C\r\n");
			l.len = l.pos = 0;
			l.buf[0] = '\0';
			goto done;
		case 22:			/* ^V */
			if ((c = readc(fd)) >= 0) {
				ch = c;
				insert(&l, &ch, 1);
			}
			break;
		case '\t':
			complete(&l, lasttab);
			lasttab = 1;
			break;
		case 16:			/* ^P */
		case 14:			/* ^N */
			goto history;
		case 27:			/* ESC */
			if ((c = readc(fd)) < 0)
				break;
			if (c == 'b') {
				l.pos = wordleft(&l);
				break;
			}
			if (c == 'f') {
				l.pos = wordright(&l);
				break;
			}
			if (c != '[' && c != 'O')
				break;
			if ((c = readc(fd)) < 0)
				break;
			if (c >= '0' && c <= '9') {
				int n = c - '0', t;

				while ((t = readc(fd)) >= '0' && t <= '9')
					n = n * 10 + t - '0';
				if (t != '~')
					break;
				if (n == 3 && l.pos < l.len)
					delete(&l, l.pos, l.pos + 1, 0);
				else if (n == 1 || n == 7)
					l.pos = 0;
				else if (n == 4 || n == 8)
					l.pos = l.len;
				break;
			}
			switch (c) {
			case 'A': c = 16; goto history;
			case 'B': c = 14; goto history;
			case 'C': if (l.pos < l.len) l.pos++; break;
			case 'D': if (l.pos > 0) l.pos--; break;
			case 'H': l.pos = 0; break;
			case 'F': l.pos = l.len; break;
			}
			break;
		default:
			if (c >= 32) {
				ch = c;
				insert(&l, &ch, 1);
			}
			break;
		}
		refresh(&l);
		continue;
history:
		/* Keep the line being typed while browsing the history. */
		if (hidx == nhist) {
			free(edit);
			edit = xstrdup(l.buf);
		}
		if (c == 16 && hidx > 0)
			hidx--;
		else if (c == 14 && hidx < nhist)
			hidx++;
		else {
			outs(l.fd, "\a");
			continue;
		}
		setline(&l, hidx == nhist ? edit : hist[hidx]);
		refresh(&l);
	}
done:
	outs(l.fd, "\r\n");
	tcsetattr(fd, TCSADRAIN, &saved);
	free(edit);
	if (eof) {
		free(l.buf);
		return (NULL);
	}
	if (l.len > 0)
		el_history_add(l.buf);
	reserve(&l, 1);
	l.buf[l.len++] = '\n';
	l.buf[l.len] = '\0';
	return (l.buf);
}

void
el_history_add(const char *s)
{
	if (nhist > 0 && strcmp(hist[nhist - 1], s) == 0)
		return;
	if (nhist == HISTSIZE) {
		free(hist[0]);
		memmove(hist, hist + 1, (HISTSIZE - 1) * sizeof(*hist));
		nhist--;
		histbase++;
	}
	hist[nhist++] = xstrdup(s);
}

void
el_history_list(void)
{
	int i;

	for (i = 0; i < nhist; i++)
		printf("%5d  %s\n", histbase + i, hist[i]);
}
