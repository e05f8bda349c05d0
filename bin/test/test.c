/*
 * test(1) and [: evaluate a condition expression; exit 0 (true), 1
 * (false) or 2 (error).  The same source is the shell's built-in (compiled
 * with -DSHELL, entry testcmd), so it never calls exit().
 *
 *	oexpr	:= aexpr [-o oexpr]
 *	aexpr	:= nexpr [-a aexpr]
 *	nexpr	:= ! nexpr | primary
 *	primary	:= ( oexpr ) | unary-op operand | operand binary-op operand
 *		   | operand
 * With four or fewer arguments POSIX's rules decide first.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef SHELL
#define main	testcmd
int	testcmd(int, char **);
#endif

static char	**t_argv;
static int	t_argc, t_pos;
static jmp_buf	t_err;

static void
t_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "test: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	longjmp(t_err, 1);
}

static const char *
peekarg(int k)
{
	return (t_pos + k < t_argc ? t_argv[t_pos + k] : NULL);
}

static const char *
nextarg(void)
{
	if (t_pos >= t_argc)
		t_error("argument expected");
	return (t_argv[t_pos++]);
}

static long long
getn(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	v = strtoll(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*s == '\0' || *end != '\0')
		t_error("%s: bad number", s);
	if (errno == ERANGE)
		t_error("%s: out of range", s);
	return (v);
}

static int
isunary(const char *s)
{
	return (s != NULL && s[0] == '-' && s[1] != '\0' && s[2] == '\0' &&
	    strchr("bcdefghkLnprsStuwxzGO", s[1]) != NULL);
}

static int
isbinary(const char *s)
{
	static const char *const ops[] = { "=", "==", "!=", "<", ">", "-eq",
	    "-ne", "-gt", "-ge", "-lt", "-le", "-nt", "-ot", "-ef", NULL };
	int i;

	if (s == NULL)
		return (0);
	for (i = 0; ops[i] != NULL; i++)
		if (strcmp(s, ops[i]) == 0)
			return (1);
	return (0);
}

static int
unary(int op, const char *arg)
{
	struct stat st;
	int r;

	switch (op) {
	case 'n':
		return (*arg != '\0');
	case 'z':
		return (*arg == '\0');
	case 't':
		return (isatty((int)getn(arg)));
	case 'r':
		return (access(arg, R_OK) == 0);
	case 'w':
		return (access(arg, W_OK) == 0);
	case 'x':
		return (access(arg, X_OK) == 0);
	case 'h':
	case 'L':
		return (lstat(arg, &st) == 0 && S_ISLNK(st.st_mode));
	}
	r = stat(arg, &st);
	if (r < 0)
		return (0);
	switch (op) {
	case 'e': return (1);
	case 'f': return (S_ISREG(st.st_mode));
	case 'd': return (S_ISDIR(st.st_mode));
	case 'b': return (S_ISBLK(st.st_mode));
	case 'c': return (S_ISCHR(st.st_mode));
	case 'p': return (S_ISFIFO(st.st_mode));
	case 'S': return (S_ISSOCK(st.st_mode));
	case 's': return (st.st_size > 0);
	case 'g': return ((st.st_mode & S_ISGID) != 0);
	case 'u': return ((st.st_mode & S_ISUID) != 0);
	case 'k': return ((st.st_mode & S_ISVTX) != 0);
	case 'O': return (st.st_uid == geteuid());
	case 'G': return (st.st_gid == getegid());
	}
	return (0);
}

static int
newer(const char *a, const char *b, int older)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0)
		return (older && stat(b, &sb) == 0);
	if (stat(b, &sb) < 0)
		return (!older);
	if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec)
		return (older ? sa.st_mtim.tv_sec < sb.st_mtim.tv_sec :
		    sa.st_mtim.tv_sec > sb.st_mtim.tv_sec);
	return (older ? sa.st_mtim.tv_nsec < sb.st_mtim.tv_nsec :
	    sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
}

static int
binary(const char *a, const char *op, const char *b)
{
	struct stat sa, sb;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return (strcmp(a, b) == 0);
	if (strcmp(op, "!=") == 0)
		return (strcmp(a, b) != 0);
	if (strcmp(op, "<") == 0)
		return (strcmp(a, b) < 0);
	if (strcmp(op, ">") == 0)
		return (strcmp(a, b) > 0);
	if (strcmp(op, "-nt") == 0)
		return (newer(a, b, 0));
	if (strcmp(op, "-ot") == 0)
		return (newer(a, b, 1));
	if (strcmp(op, "-ef") == 0)
		return (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
	{
		long long x = getn(a), y = getn(b);

		if (strcmp(op, "-eq") == 0) return (x == y);
		if (strcmp(op, "-ne") == 0) return (x != y);
		if (strcmp(op, "-gt") == 0) return (x > y);
		if (strcmp(op, "-ge") == 0) return (x >= y);
		if (strcmp(op, "-lt") == 0) return (x < y);
		if (strcmp(op, "-le") == 0) return (x <= y);
	}
	t_error("%s: unknown operator", op);
	return (0);
}

static int oexpr(void);

static int
primary(void)
{
	const char *a = nextarg(), *op;
	int r;

	if (strcmp(a, "(") == 0 && t_pos < t_argc) {
		/* "( x )" where x might be an operator word. */
		r = oexpr();
		if (peekarg(0) == NULL || strcmp(nextarg(), ")") != 0)
			t_error("closing paren expected");
		return (r);
	}
	op = peekarg(0);
	if (isbinary(op) && peekarg(1) != NULL) {
		t_pos++;
		return (binary(a, op, nextarg()));
	}
	if (isunary(a) && peekarg(0) != NULL)
		return (unary(a[1], nextarg()));
	return (*a != '\0');
}

static int
nexpr(void)
{
	const char *a = peekarg(0);

	if (a != NULL && strcmp(a, "!") == 0 && peekarg(1) != NULL) {
		t_pos++;
		return (!nexpr());
	}
	return (primary());
}

static int
aexpr(void)
{
	int r = nexpr();
	const char *a;

	while ((a = peekarg(0)) != NULL && strcmp(a, "-a") == 0 &&
	    peekarg(1) != NULL) {
		t_pos++;
		r = nexpr() && r;
	}
	return (r);
}

static int
oexpr(void)
{
	int r = aexpr();
	const char *a;

	while ((a = peekarg(0)) != NULL && strcmp(a, "-o") == 0 &&
	    peekarg(1) != NULL) {
		t_pos++;
		r = aexpr() || r;
	}
	return (r);
}

int
main(int argc, char **argv)
{
	const char *name = argv[0];
	int r;

	if (strcmp(name, "[") == 0 || (strlen(name) > 1 &&
	    strcmp(name + strlen(name) - 2, "/[") == 0)) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			fflush(stdout);
			fprintf(stderr, "[: missing ]\n");
			return (2);
		}
		argc--;
	}
	t_argv = argv + 1;
	t_argc = argc - 1;
	t_pos = 0;
	if (setjmp(t_err))
		return (2);
	/* POSIX's rules for up to four arguments. */
	switch (t_argc) {
	case 0:
		return (1);
	case 1:
		return (*t_argv[0] == '\0');
	case 2:
		if (strcmp(t_argv[0], "!") == 0)
			return (*t_argv[1] != '\0');
		if (isunary(t_argv[0]))
			return (!unary(t_argv[0][1], t_argv[1]));
		t_error("%s: unexpected operator", t_argv[0]);
		break;
	case 3:
		if (isbinary(t_argv[1]))
			return (!binary(t_argv[0], t_argv[1], t_argv[2]));
		if (strcmp(t_argv[0], "!") == 0) {
			t_pos = 1;
			r = nexpr();
			if (t_pos != t_argc)
				t_error("%s: unexpected operator",
				    t_argv[t_pos]);
			return (r);
		}
		break;
	case 4:
		if (strcmp(t_argv[0], "!") == 0 && isbinary(t_argv[2]))
			return (binary(t_argv[1], t_argv[2], t_argv[3]));
		break;
	}
	r = oexpr();
	if (t_pos != t_argc)
		t_error("%s: unexpected operator", t_argv[t_pos]);
	return (!r);
}
