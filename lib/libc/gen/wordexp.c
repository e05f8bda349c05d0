/*
 * wordexp(3) and wordfree(3).
 *
 * The expansion is the shell's own: the words go to
 * `/bin/sh -c 'eval "petrel_wordexp $1"' sh WORDS` (with -u for
 * WRDE_UNDEF), so tilde, parameter, command and arithmetic expansion,
 * field splitting, pathname expansion and quote removal are exactly what
 * sh does to a command's arguments.  The petrel_wordexp builtin writes
 * each field followed by a NUL.
 *
 * Because the words are eval'ed, they are checked here first: an
 * unquoted | & ; < > ( ) { } or newline would start another command or a
 * redirection (WRDE_BADCHAR), an open quote or substitution is
 * WRDE_SYNTAX, and with WRDE_NOCMD any $( ) or ` ` is WRDE_CMDSUB
 * ($(( )) is arithmetic and allowed).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wordexp.h>

int	pipe2(int *, int);		/* newlib declares it for _GNU_SOURCE only */

static int we_scan(const char **, int, int);

/*
 * Skip a `...` substitution starting after its opening backquote; *pp is
 * left on the closing one.
 */
static int
we_backquote(const char **pp, int flags)
{
	const char *p;

	if (flags & WRDE_NOCMD)
		return (WRDE_CMDSUB);
	for (p = *pp; *p != '`'; p++) {
		if (*p == '\0')
			return (WRDE_SYNTAX);
		if (*p == '\\' && p[1] != '\0')
			p++;
	}
	*pp = p;
	return (0);
}

/*
 * Scan from *pp.  At the top level (close == 0) the string must end with
 * every quote closed and no unquoted special character; inside $( ),
 * $(( )) or ${ } (close is ')' or '}') the scan stops on the matching
 * close, where *pp is left.  Inside a substitution the special
 * characters are the inner command's business, but quotes must still
 * balance so that the matching close is found.
 */
static int
we_scan(const char **pp, int flags, int close)
{
	const char *p;
	int dquote = 0, error, nest = 0;

	for (p = *pp; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
			if (p[1] == '\0')
				return (WRDE_SYNTAX);
			p++;
			continue;
		case '\'':
			if (dquote)
				continue;
			p = strchr(p + 1, '\'');
			if (p == NULL)
				return (WRDE_SYNTAX);
			continue;
		case '"':
			dquote = !dquote;
			continue;
		case '`':
			p++;
			if ((error = we_backquote(&p, flags)) != 0)
				return (error);
			continue;
		case '$':
			if (p[1] == '(' && p[2] == '(') {
				p += 3;
				if ((error = we_scan(&p, flags, ')')) != 0)
					return (error);
				if (p[1] != ')')
					return (WRDE_SYNTAX);
				p++;
			} else if (p[1] == '(') {
				if (flags & WRDE_NOCMD)
					return (WRDE_CMDSUB);
				p += 2;
				if ((error = we_scan(&p, flags, ')')) != 0)
					return (error);
			} else if (p[1] == '{') {
				p += 2;
				if ((error = we_scan(&p, flags, '}')) != 0)
					return (error);
			}
			continue;
		}
		if (dquote)
			continue;
		if (close != 0) {
			/* Balance plain parentheses inside $( ) and $(( )). */
			if (*p == '(' && close == ')')
				nest++;
			else if (*p == close && nest-- == 0) {
				*pp = p;
				return (0);
			}
			continue;
		}
		if (strchr("|&;<>(){}\n", *p) != NULL)
			return (WRDE_BADCHAR);
	}
	if (dquote || close != 0)
		return (WRDE_SYNTAX);
	*pp = p;
	return (0);
}

/*
 * Run the shell on words; *outp gets its output (NUL-terminated
 * fields), *lenp its length.  Returns 0, WRDE_NOSPACE, or -1 with the
 * shell's failure.
 */
static int
we_run(const char *words, int flags, int undef, char **outp, size_t *lenp)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, size = 0;
	ssize_t n;
	pid_t pid;
	int fd, nomem = 0, p[2], status;

	if (pipe2(p, O_CLOEXEC) != 0)
		return (WRDE_NOSPACE);
	pid = fork();
	if (pid == -1) {
		close(p[0]);
		close(p[1]);
		return (WRDE_NOSPACE);
	}
	if (pid == 0) {
		if (dup2(p[1], STDOUT_FILENO) == -1)
			_exit(127);
		if ((flags & WRDE_SHOWERR) == 0 &&
		    (fd = open(_PATH_DEVNULL, O_WRONLY)) != -1) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(_PATH_BSHELL, "sh", undef ? "-u" : "+u", "-c",
		    "eval \"petrel_wordexp $1\"", "sh", words, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		if (len == size) {
			size = size == 0 ? 256 : size * 2;
			if ((nbuf = realloc(buf, size)) == NULL) {
				nomem = 1;
				break;
			}
			buf = nbuf;
		}
		n = read(p[0], buf + len, size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (nomem) {
		free(buf);
		return (WRDE_NOSPACE);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return (-1);
	}
	*outp = buf;
	*lenp = len;
	return (0);
}

int
wordexp(const char * __restrict words, wordexp_t * __restrict we, int flags)
{
	const char *p;
	char *out = NULL, **wv;
	size_t i, len = 0, nw, offs;
	int error;

	p = words;
	if ((error = we_scan(&p, flags, 0)) != 0)
		return (error);
	if ((flags & WRDE_REUSE) != 0)
		wordfree(we);
	if ((flags & WRDE_APPEND) == 0) {
		we->we_wordc = 0;
		we->we_wordv = NULL;
	}
	if ((flags & WRDE_DOOFFS) == 0)
		we->we_offs = 0;

	error = we_run(words, flags, (flags & WRDE_UNDEF) != 0, &out, &len);
	if (error == -1) {
		/*
		 * The shell failed: with WRDE_UNDEF it was an unset variable
		 * if the same words expand without -u.
		 */
		if ((flags & WRDE_UNDEF) != 0 &&
		    we_run(words, flags & ~WRDE_SHOWERR, 0, &out, &len) == 0) {
			free(out);
			return (WRDE_BADVAL);
		}
		return (WRDE_SYNTAX);
	}
	if (error != 0)
		return (error);

	for (nw = 0, i = 0; i < len; i++)
		if (out[i] == '\0')
			nw++;
	offs = we->we_offs;
	wv = realloc(we->we_wordv,
	    (offs + we->we_wordc + nw + 1) * sizeof(char *));
	if (wv == NULL) {
		free(out);
		return (WRDE_NOSPACE);
	}
	we->we_wordv = wv;
	if (we->we_wordc == 0)
		for (i = 0; i < offs; i++)
			wv[i] = NULL;
	for (i = 0; i < len; i += strlen(out + i) + 1) {
		if ((wv[offs + we->we_wordc] = strdup(out + i)) == NULL) {
			wv[offs + we->we_wordc] = NULL;
			free(out);
			return (WRDE_NOSPACE);
		}
		we->we_wordc++;
	}
	wv[offs + we->we_wordc] = NULL;
	free(out);
	return (0);
}

void
wordfree(wordexp_t *we)
{
	size_t i;

	if (we == NULL || we->we_wordv == NULL)
		return;
	for (i = 0; i < we->we_wordc; i++)
		free(we->we_wordv[we->we_offs + i]);
	free(we->we_wordv);
	we->we_wordv = NULL;
	we->we_wordc = 0;
}
