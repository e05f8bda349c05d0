/*
 * xargs(1): build command lines from standard input and run them.
 *
 * Arguments are split on blanks and newlines, with '...', "..." and
 * backslash quoting as POSIX describes, or on NUL bytes with -0.
 * -n caps the arguments per command, -s the bytes per command line,
 * -I replaces a string in the initial arguments with each input line,
 * -L runs once per N input lines, -t traces, -p asks first, -r (the
 * GNU/FreeBSD spelling of "no run if empty") and -x exits when a line
 * does not fit.  Exit status follows POSIX: 123 when a command failed,
 * 124 when one exited 255, 125 when one was killed, 126/127 when it
 * could not be run.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	DEFARGMAX	(64 * 1024)

static int	zflag, tflag, pflag, rflag, xflag;
static char	*Irepl;
static long	nargs_max, lines_max;
static size_t	size_max = DEFARGMAX;
static int	rval;
static int	nruns;		/* commands run (or declined at -p) */

static char	**cmd;		/* the utility and its initial arguments */
static int	ncmd;
static char	**av;		/* the command line being built */
static int	nav, navmax;
static size_t	curlen, baselen;

static void
usage(void)
{
	fprintf(stderr, "usage: xargs [-0prtx] [-I replstr] [-L number] "
	    "[-n number] [-s size] [utility [argument ...]]\n");
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		err(1, NULL);
	return (p);
}

static int
prompt(void)
{
	FILE *tty;
	int ch, first;

	if ((tty = fopen("/dev/tty", "r")) == NULL)
		return (0);
	fprintf(stderr, "?...");
	fflush(stderr);
	first = ch = getc(tty);
	while (ch != EOF && ch != '\n')
		ch = getc(tty);
	fclose(tty);
	return (first == 'y' || first == 'Y');
}

static void
run(char **argv)
{
	pid_t pid;
	int st, i;

	nruns++;
	if (tflag || pflag) {
		for (i = 0; argv[i] != NULL; i++)
			fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
		if (!pflag)
			fprintf(stderr, "\n");
		fflush(stderr);
		if (pflag && !prompt())
			return;
	}
	fflush(stdout);
	switch (pid = fork()) {
	case -1:
		err(1, "fork");
	case 0:
		execvp(argv[0], argv);
		st = errno;
		warn("%s", argv[0]);
		_exit(st == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &st, 0) < 0)
		err(1, "waitpid");
	if (WIFEXITED(st)) {
		if (WEXITSTATUS(st) == 255) {
			warnx("%s exited with status 255", argv[0]);
			exit(124);
		}
		if (WEXITSTATUS(st) == 126 || WEXITSTATUS(st) == 127)
			exit(WEXITSTATUS(st));
		if (WEXITSTATUS(st) != 0)
			rval = 123;
	} else if (WIFSIGNALED(st)) {
		warnx("%s terminated by signal %d", argv[0], WTERMSIG(st));
		exit(125);
	}
}

static void
addarg(char *a)
{
	if (nav + 2 > navmax) {
		navmax = navmax ? navmax * 2 : 64;
		av = xrealloc(av, navmax * sizeof(*av));
	}
	av[nav++] = a;
	av[nav] = NULL;
	curlen += strlen(a) + 1;
}

static void
reset(void)
{
	int i;

	for (i = ncmd; i < nav; i++)
		free(av[i]);
	nav = ncmd;
	av[nav] = NULL;
	curlen = baselen;
}

static void
flush(void)
{
	if (nav > ncmd)
		run(av);
	reset();
}

/* Replace every occurrence of Irepl in s by line. */
static char *
replace(const char *s, const char *line)
{
	size_t rl = strlen(Irepl), ll = strlen(line), n = 0;
	const char *p, *q;
	char *out, *o;

	for (p = s; (q = strstr(p, Irepl)) != NULL && rl > 0; p = q + rl)
		n++;
	out = o = xrealloc(NULL, strlen(s) + n * ll + 1);
	for (p = s; rl > 0 && (q = strstr(p, Irepl)) != NULL; p = q + rl) {
		memcpy(o, p, q - p);
		o += q - p;
		memcpy(o, line, ll);
		o += ll;
	}
	strcpy(o, p);
	return (out);
}

/*
 * Read one argument into *bufp.  Returns 1 with an argument, 0 at end
 * of input; *eol is set when the argument ended a line (for -L).
 */
static int
getarg(char **bufp, size_t *lenp, int *eol)
{
	size_t n = 0;
	int ch, quote = 0, any = 0;

	*eol = 0;
	for (;;) {
		ch = getchar();
		if (ch == EOF) {
			if (quote)
				errx(1, "unterminated quote");
			break;
		}
		if (n + 2 > *lenp) {
			*lenp = *lenp ? *lenp * 2 : 256;
			*bufp = xrealloc(*bufp, *lenp);
		}
		if (zflag) {
			if (ch == '\0') {
				any = 1;
				*eol = 1;
				break;
			}
			(*bufp)[n++] = ch;
			any = 1;
			continue;
		}
		if (quote) {
			if (ch == quote)
				quote = 0;
			else if (ch == '\n')
				errx(1, "unterminated quote");
			else
				(*bufp)[n++] = ch;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			any = 1;
			continue;
		}
		if (ch == '\\') {
			if ((ch = getchar()) == EOF)
				break;
			(*bufp)[n++] = ch;
			any = 1;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (ch == '\n')
				*eol = 1;
			if (any)
				break;
			continue;
		}
		(*bufp)[n++] = ch;
		any = 1;
	}
	if (!any)
		return (0);
	(*bufp)[n] = '\0';
	return (1);
}

static int
readline(char **bufp, size_t *lenp)
{
	ssize_t n;

	if ((n = getline(bufp, lenp, stdin)) <= 0)
		return (0);
	if ((*bufp)[n - 1] == '\n')
		(*bufp)[n - 1] = '\0';
	return (1);
}

int
main(int argc, char **argv)
{
	static char *echo[] = { "echo", NULL };
	const char *errstr;
	char *buf = NULL;
	size_t buflen = 0;
	long lines = 0;
	int ch, i, eol;

	while ((ch = getopt(argc, argv, "0I:L:n:prs:tx")) != -1) {
		switch (ch) {
		case '0': zflag = 1; break;
		case 'I': Irepl = optarg; break;
		case 'L':
			lines_max = strtonum(optarg, 1, INT_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "-L %s: %s", optarg, errstr);
			break;
		case 'n':
			nargs_max = strtonum(optarg, 1, INT_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "-n %s: %s", optarg, errstr);
			break;
		case 'p': pflag = 1; break;
		case 'r': rflag = 1; break;
		case 's':
			size_max = strtonum(optarg, 1, 1024 * 1024, &errstr);
			if (errstr != NULL)
				errx(1, "-s %s: %s", optarg, errstr);
			break;
		case 't': tflag = 1; break;
		case 'x': xflag = 1; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		cmd = echo;
		ncmd = 1;
	} else {
		cmd = argv;
		ncmd = argc;
	}
	/* Input lines with no argument never run a -I command. */
	if (Irepl != NULL)
		rflag = 1;
	for (i = 0; i < ncmd; i++) {
		addarg(cmd[i]);
		baselen = curlen;
	}

	if (Irepl != NULL) {
		char **ia = xrealloc(NULL, (ncmd + 1) * sizeof(*ia));

		while (readline(&buf, &buflen)) {
			if (buf[0] == '\0')
				continue;
			for (i = 0; i < ncmd; i++)
				ia[i] = replace(cmd[i], buf);
			ia[ncmd] = NULL;
			run(ia);
			for (i = 0; i < ncmd; i++)
				free(ia[i]);
		}
		free(ia);
		return (rval);
	}

	while (getarg(&buf, &buflen, &eol)) {
		size_t need = strlen(buf) + 1;

		if (baselen + need > size_max) {
			if (xflag)
				errx(1, "insufficient space for argument");
			errx(1, "argument too long: %.20s...", buf);
		}
		if (curlen + need > size_max) {
			if (xflag && nargs_max)
				errx(1, "insufficient space for arguments");
			flush();
		}
		addarg(strdup(buf));
		if (av[nav - 1] == NULL)
			err(1, NULL);
		if (nargs_max && nav - ncmd >= nargs_max)
			flush();
		else if (lines_max && eol && ++lines >= lines_max) {
			flush();
			lines = 0;
		}
	}
	/* Without -r the utility runs once even when input was empty. */
	if (nav > ncmd || (nruns == 0 && !rflag))
		run(av);
	for (i = ncmd; i < nav; i++)
		free(av[i]);
	return (rval);
}
