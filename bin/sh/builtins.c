/*
 * The built-in commands.  Special built-ins (POSIX's list) keep their
 * variable assignments and, in a script, end it on error; test/[ and
 * printf are the same sources as /bin/test and /usr/bin/printf, compiled
 * into the shell.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static int
bad_number(const char *cmd, const char *s, long *vp, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min) {
		sh_warn("%s: Illegal number: %s", cmd, s);
		return (1);
	}
	*vp = v;
	return (0);
}

static int
b_colon(int argc, char **argv)
{
	return (0);
}

static int
b_false(int argc, char **argv)
{
	return (1);
}

/*
 * petrel_wordexp: the back end of wordexp(3).  libc runs
 * `sh -c 'eval "petrel_wordexp $1"' sh WORDS`, so the shell does every
 * expansion, field splitting and quote removal; each resulting field is
 * written to stdout followed by a NUL, which no field can contain.
 */
static int
b_wordexp(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		fwrite(argv[i], 1, strlen(argv[i]) + 1, stdout);
	if (fflush(stdout) == EOF || ferror(stdout))
		return (1);
	return (0);
}

static int
b_echo(int argc, char **argv)
{
	int i = 1, nflag = 0, eflag = 0;
	const char *s;

	/* BSD echo: -n; -e enables escapes (as FreeBSD sh's echo). */
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' &&
	    strspn(argv[i] + 1, "ne") == strlen(argv[i] + 1)) {
		if (strchr(argv[i], 'n') != NULL)
			nflag = 1;
		if (strchr(argv[i], 'e') != NULL)
			eflag = 1;
		i++;
	}
	for (; i < argc; i++) {
		for (s = argv[i]; *s != '\0'; s++) {
			if (eflag && *s == '\\' && s[1] != '\0') {
				s++;
				switch (*s) {
				case 'n': putchar('\n'); break;
				case 't': putchar('\t'); break;
				case 'r': putchar('\r'); break;
				case 'a': putchar('\a'); break;
				case 'b': putchar('\b'); break;
				case 'f': putchar('\f'); break;
				case 'v': putchar('\v'); break;
				case '\\': putchar('\\'); break;
				case 'c': fflush(stdout); return (0);
				case '0': {
					int c = 0, k;

					for (k = 0; k < 3 && s[1] >= '0' &&
					    s[1] <= '7'; k++)
						c = c * 8 + (*++s - '0');
					putchar(c);
					break;
				}
				default:
					putchar('\\');
					putchar(*s);
				}
			} else
				putchar(*s);
		}
		if (i < argc - 1)
			putchar(' ');
	}
	if (!nflag)
		putchar('\n');
	if (fflush(stdout) == EOF || ferror(stdout)) {
		clearerr(stdout);
		return (1);
	}
	return (0);
}

static int
b_cd(int argc, char **argv)
{
	const char *dir;
	char cwd[PATH_MAX], *old;
	int print = 0, i = 1;

	while (i < argc && (strcmp(argv[i], "-L") == 0 ||
	    strcmp(argv[i], "-P") == 0))
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i < argc)
		dir = argv[i];
	else if ((dir = getvar("HOME")) == NULL || *dir == '\0') {
		sh_warn("cd: HOME not set");
		return (1);
	}
	if (strcmp(dir, "-") == 0) {
		if ((dir = getvar("OLDPWD")) == NULL) {
			sh_warn("cd: OLDPWD not set");
			return (1);
		}
		print = 1;
	}
	old = getvar("PWD") != NULL ? xstrdup(getvar("PWD")) : NULL;
	if (chdir(dir) < 0) {
		sh_warn("cd: %s: %s", dir, strerror(errno));
		free(old);
		return (1);
	}
	if (old != NULL)
		setvar("OLDPWD", old, 0);
	free(old);
	if (getcwd(cwd, sizeof(cwd)) != NULL) {
		setvar("PWD", cwd, 0);
		if (print)
			printf("%s\n", cwd);
	}
	return (0);
}

static int
b_pwd(int argc, char **argv)
{
	char cwd[PATH_MAX];

	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		sh_warn("pwd: %s", strerror(errno));
		return (1);
	}
	printf("%s\n", cwd);
	return (0);
}

static int
b_exit(int argc, char **argv)
{
	long v = exitstatus;

	/* A special built-in's error ends a script (POSIX 2.8.1). */
	if (argc > 1 && bad_number("exit", argv[1], &v, 0)) {
		if (!iflag || subshell)
			sh_exit(2);
		return (2);
	}
	sh_exit((int)(v & 0xff));
}

static int
b_return(int argc, char **argv)
{
	long v = exitstatus;

	if (argc > 1 && bad_number("return", argv[1], &v, LONG_MIN))
		return (2);
	if (funcnest == 0 && !in_dot()) {
		sh_warn("return: not in a function");
		return (1);
	}
	skip = SKIP_RETURN;
	exitstatus = (int)(v & 0xff);
	return (exitstatus);
}

static int
b_break(int argc, char **argv)
{
	long n = 1;

	if (argc > 1 && bad_number(argv[0], argv[1], &n, 1))
		return (2);
	if (loopnest == 0)
		return (0);
	if (n > loopnest)
		n = loopnest;
	skip = argv[0][0] == 'b' ? SKIP_BREAK : SKIP_CONT;
	skipcount = (int)n;
	return (0);
}

static int
b_export(int argc, char **argv)
{
	int i, ro = argv[0][0] == 'r', st = 0;
	char *eq;

	i = 1;
	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i >= argc) {
		listvars(ro ? V_RDONLY : V_EXPORT, ro ? "readonly" : "export");
		return (0);
	}
	for (; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!is_name(argv[i], eq != NULL ? (size_t)(eq - argv[i]) :
		    strlen(argv[i]))) {
			sh_warn("%s: %s: bad variable name", argv[0], argv[i]);
			st = 1;
			continue;
		}
		if (eq != NULL) {
			if (setvar_assign(argv[i], 0) < 0) {
				st = 1;
				continue;
			}
			*eq = '\0';
		}
		if (ro)
			setvar(argv[i], getvar(argv[i]), V_RDONLY);
		else
			exportvar(argv[i], 1);
		if (eq != NULL)
			*eq = '=';
	}
	return (st);
}

static int
b_unset(int argc, char **argv)
{
	int i = 1, fn = 0, st = 0;

	if (i < argc && strcmp(argv[i], "-f") == 0) {
		fn = 1;
		i++;
	} else if (i < argc && strcmp(argv[i], "-v") == 0)
		i++;
	for (; i < argc; i++) {
		if (fn)
			unsetfunc(argv[i]);
		else if (unsetvar(argv[i]) < 0)
			st = 1;
	}
	return (st);
}

static int
b_set(int argc, char **argv)
{
	int i, on, j;

	if (argc == 1) {
		listvars(0, NULL);
		return (0);
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			goto setargs;
		}
		if ((argv[i][0] != '-' && argv[i][0] != '+') ||
		    argv[i][1] == '\0')
			break;
		on = argv[i][0] == '-';
		if (argv[i][1] == 'o') {
			if (i + 1 >= argc) {
				listoptions();
				return (0);
			}
			if (setoption_name(argv[++i], on) < 0)
				sh_error("set: Illegal option -o %s", argv[i]);
			continue;
		}
		for (j = 1; argv[i][j] != '\0'; j++)
			if (argv[i][j] == 'i' || setoption(argv[i][j], on) < 0)
				sh_error("set: Illegal option %c%c",
				    argv[i][0], argv[i][j]);
	}
	if (i >= argc)
		return (0);
setargs:
	freepos();
	setpos(argc - i, argv + i);
	return (0);
}

static int
b_shift(int argc, char **argv)
{
	long n = 1;
	int i;

	if (argc > 1 && bad_number("shift", argv[1], &n, 0))
		return (2);
	if (n > posc)
		sh_error("shift: can't shift that many");
	for (i = 0; i < n; i++)
		free(posv[i]);
	memmove(posv, posv + n, (posc - n + 1) * sizeof(char *));
	posc -= (int)n;
	return (0);
}

/* read [-r] [-p prompt] name...: one line, split on IFS. */
static int
b_read(int argc, char **argv)
{
	char *line = NULL, c;
	size_t len = 0, cap = 0;
	int i = 1, raw = 0, eof = 0, nvars, v;
	const char *ifs, *prompt = NULL;
	unsigned char *quoted = NULL;
	ssize_t n;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-r") == 0)
			raw = 1;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			prompt = argv[++i];
		else {
			sh_warn("read: Illegal option %s", argv[i]);
			return (2);
		}
	}
	if (prompt != NULL && isatty(0)) {
		fputs(prompt, stderr);
		fflush(stderr);
	}
	for (;;) {
		n = read(0, &c, 1);
		if (n < 0 && errno == EINTR) {
			run_pending_traps();
			continue;
		}
		if (n <= 0) {
			eof = 1;
			break;
		}
		if (!raw && c == '\\') {
			n = read(0, &c, 1);
			if (n <= 0) {
				eof = 1;
				break;
			}
			if (c == '\n')
				continue;
			if (len + 2 > cap) {
				cap = cap ? cap * 2 : 128;
				line = xrealloc(line, cap);
				quoted = xrealloc(quoted, cap);
			}
			quoted[len] = 1;
			line[len++] = c;
			continue;
		}
		if (c == '\n')
			break;
		if (len + 2 > cap) {
			cap = cap ? cap * 2 : 128;
			line = xrealloc(line, cap);
			quoted = xrealloc(quoted, cap);
		}
		quoted[len] = 0;
		line[len++] = c;
	}
	if (line == NULL) {
		line = xstrdup("");
		quoted = xmalloc(1);
	}
	line[len] = '\0';
	ifs = getvar("IFS");
	if (ifs == NULL)
		ifs = " \t\n";
	nvars = argc - i;
	if (nvars == 0) {
		setvar("REPLY", line, 0);
	} else {
		size_t p = 0, start;

#define ISIFS(k)	(!quoted[k] && line[k] != '\0' && strchr(ifs, line[k]) != NULL)
#define ISWS(k)		(ISIFS(k) && (line[k] == ' ' || line[k] == '\t' || line[k] == '\n'))
		while (p < len && ISWS(p))
			p++;
		for (v = 0; v < nvars; v++) {
			char *val;

			start = p;
			if (v == nvars - 1) {
				size_t e = len;

				while (e > start && ISWS(e - 1))
					e--;
				val = xstrndup(line + start, e - start);
			} else {
				while (p < len && !ISIFS(p))
					p++;
				val = xstrndup(line + start, p - start);
				while (p < len && ISWS(p))
					p++;
				if (p < len && ISIFS(p)) {
					p++;
					while (p < len && ISWS(p))
						p++;
				}
			}
			if (setvar(argv[i + v], val, 0) < 0) {
				free(val);
				break;
			}
			free(val);
		}
#undef ISIFS
#undef ISWS
	}
	free(line);
	free(quoted);
	return (eof ? 1 : 0);
}

static int
b_wait(int argc, char **argv)
{
	long pid;
	int st = 0, i;

	if (argc == 1)
		return (wait_job(0, 1));
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '%') {
			int j = getjob("wait", argv[i]);

			if (j < 0)
				return (127);
			pid = job_target(j);
			st = wait_job((pid_t)(pid < 0 ? -pid : pid), 0);
			continue;
		}
		if (bad_number("wait", argv[i], &pid, 1))
			return (2);
		st = wait_job((pid_t)pid, 0);
	}
	return (st);
}

static const char *const signames[] = { "EXIT", "HUP", "INT", "QUIT", "ILL",
	"TRAP", "ABRT", "EMT", "FPE", "KILL", "BUS", "SEGV", "SYS", "PIPE",
	"ALRM", "TERM", "URG", "STOP", "TSTP", "CONT", "CHLD", "TTIN", "TTOU",
	"IO", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "INFO", "USR1",
	"USR2", NULL };

static int
signum(const char *s)
{
	char *end;
	long v;
	int i;

	if (s[0] >= '0' && s[0] <= '9') {
		v = strtol(s, &end, 10);
		return (*end == '\0' && v >= 0 && v < NSIG ? (int)v : -1);
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; signames[i] != NULL; i++)
		if (strcasecmp(s, signames[i]) == 0)
			return (i);
	return (-1);
}

/* The signal names in two lines, as FreeBSD's kill prints them. */
static void
printsignals(FILE *fp)
{
	int j;

	for (j = 1; signames[j] != NULL; j++)
		fprintf(fp, "%s%c", signames[j], j == 16 ||
		    signames[j + 1] == NULL ? '\n' : ' ');
	fflush(fp);
}

static int
nosig(const char *name)
{
	sh_warn("kill: unknown signal %s; valid signals:", name);
	printsignals(stderr);
	return (2);
}

/*
 * kill [-s sig | -SIG | -n num] pid|%job ...   kill -l [status]
 * A builtin so that job specifications work; %job signals the job's
 * whole process group.
 */
static int
b_kill(int argc, char **argv)
{
	int i = 1, sig = SIGTERM, st = 0, j;
	long pid;
	char *end;

	if (argc < 2) {
usage:
		sh_warn("usage: kill [-s signal_name] pid ...\n"
		    "       kill -l [exit_status]\n"
		    "       kill -signal_name pid ...\n"
		    "       kill -signal_number pid ...");
		return (2);
	}
	if (strcmp(argv[1], "-l") == 0) {
		if (argc == 2) {
			printsignals(stdout);
			return (0);
		}
		pid = strtol(argv[2], &end, 10);
		if (*end != '\0' || pid < 0)
			goto usage;
		if (pid > 128)
			pid -= 128;
		if (pid <= 0 || pid >= NSIG || pid >= 32)
			return (nosig(argv[2]));
		printf("%s\n", signames[pid]);
		return (0);
	}
	if (strcmp(argv[1], "-s") == 0 || strcmp(argv[1], "-n") == 0) {
		if (argc < 3)
			goto usage;
		if ((sig = signum(argv[2])) < 0)
			return (nosig(argv[2]));
		i = 3;
	} else if (argv[1][0] == '-' && strcmp(argv[1], "--") != 0) {
		if ((sig = signum(argv[1] + 1)) < 0)
			return (nosig(argv[1] + 1));
		i = 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		goto usage;
	for (; i < argc; i++) {
		if (argv[i][0] == '%') {
			if ((j = getjob("kill", argv[i])) < 0) {
				st = 1;
				continue;
			}
			pid = job_target(j);
		} else {
			errno = 0;
			pid = strtol(argv[i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || errno != 0) {
				sh_warn("kill: illegal process id: %s",
				    argv[i]);
				st = 1;
				continue;
			}
		}
		if (kill((pid_t)pid, sig) < 0) {
			sh_warn("kill: %s: %s", argv[i], strerror(errno));
			st = 1;
		} else if (sig == SIGTERM || sig == SIGHUP) {
			/* A stopped job must run to see it. */
			if (argv[i][0] == '%')
				kill((pid_t)pid, SIGCONT);
		}
	}
	return (st);
}

static int
b_trap(int argc, char **argv)
{
	const char *action;
	int i, sig, st = 0;

	if (argc == 1) {
		for (sig = 0; sig < NSIG && sig < 32; sig++) {
			const char *t = gettrap(sig);

			if (t == NULL)
				continue;
			printf("trap -- '");
			for (; *t != '\0'; t++) {
				if (*t == '\'')
					fputs("'\\''", stdout);
				else
					putchar(*t);
			}
			printf("' %s\n", signames[sig]);
		}
		return (0);
	}
	i = 1;
	if (strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return (0);
	if (signum(argv[i]) >= 0 && (argv[i][0] < '0' || argv[i][0] > '9' ||
	    i == argc - 1) && argc - i == 1) {
		action = NULL;	/* trap SIG: reset */
	} else {
		action = argv[i++];
		if (strcmp(action, "-") == 0)
			action = NULL;
	}
	for (; i < argc; i++) {
		sig = signum(argv[i]);
		if (sig < 0 || settrap(sig, action) < 0) {
			sh_warn("trap: %s: bad trap", argv[i]);
			st = 1;
		}
	}
	return (st);
}

static int
b_exec(int argc, char **argv)
{
	char *path, **env;
	int err;

	if (argc == 1)
		return (0);
	path = find_command(argv[1], &err);
	if (path == NULL) {
		sh_warn("%s: not found", argv[1]);
		sh_exit(err);
	}
	env = environment();
	fflush(stdout);
	execve(path, argv + 1, env);
	sh_warn("%s: %s", argv[1], strerror(errno));
	sh_exit(errno == ENOENT ? 127 : 126);
}

static int
b_eval(int argc, char **argv)
{
	size_t len = 0;
	char *s;
	int i, st;

	for (i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xmalloc(len + 1);
	s[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (i > 1)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	st = eval_string(s, 0);
	free(s);
	return (st);
}

static int dotnest;

int
in_dot(void)
{
	return (dotnest > 0);
}

static int
b_dot(int argc, char **argv)
{
	char *path, *buf;
	int fd, err, st;
	size_t len = 0, cap = 4096;
	ssize_t n;

	if (argc < 2) {
		sh_warn(".: filename argument required");
		return (2);
	}
	if (strchr(argv[1], '/') != NULL)
		path = xstrdup(argv[1]);
	else if ((path = find_command(argv[1], &err)) == NULL &&
	    access(argv[1], R_OK) == 0)
		path = xstrdup(argv[1]);
	if (path == NULL || (fd = open(path, O_RDONLY)) < 0) {
		sh_warn("%s: not found", argv[1]);
		free(path);
		if (!iflag)
			sh_exit(2);
		return (2);
	}
	buf = xmalloc(cap);
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	close(fd);
	free(path);
	dotnest++;
	st = eval_string(buf, 0);
	dotnest--;
	if (skip == SKIP_RETURN) {
		skip = 0;
		st = exitstatus;
	}
	free(buf);
	return (st);
}

static int
b_command(int argc, char **argv)
{
	char *path;
	int err, i = 1, vflag = 0, Vflag = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			vflag = 1;
		else if (strcmp(argv[i], "-V") == 0)
			Vflag = 1;
		else if (strcmp(argv[i], "-p") == 0)
			;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			break;
	}
	if (i >= argc)
		return (0);
	if (vflag || Vflag) {
		const char *al;

		/* POSIX: an alias as a line that defines it again. */
		if ((al = lookup_alias(argv[i])) != NULL) {
			if (Vflag)
				printf("%s is an alias for %s\n", argv[i], al);
			else {
				char *nargv[3] = { "alias", argv[i], NULL };

				fputs("alias ", stdout);
				b_alias(2, nargv);
			}
			return (0);
		}
		if (getfunc(argv[i]) != NULL) {
			printf(Vflag ? "%s is a shell function\n" : "%s\n",
			    argv[i]);
			return (0);
		}
		if (find_builtin(argv[i]) != NULL) {
			printf(Vflag ? "%s is a shell builtin\n" : "%s\n",
			    argv[i]);
			return (0);
		}
		path = find_command(argv[i], &err);
		if (path == NULL || access(path, X_OK) != 0) {
			if (Vflag)
				sh_warn("%s: not found", argv[i]);
			free(path);
			return (127);
		}
		printf(Vflag ? "%s is %s\n" : "%s\n", Vflag ? argv[i] : path,
		    path);
		free(path);
		return (0);
	}
	/* command name args: skip functions. */
	{
		const struct builtin *bi = find_builtin(argv[i]);
		pid_t pid;
		int st;

		if (bi != NULL)
			return (bi->fn(argc - i, argv + i));
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			forked_child();
			path = find_command(argv[i], &err);
			if (path == NULL) {
				sh_warn("%s: not found", argv[i]);
				_exit(err);
			}
			execve(path, argv + i, environment());
			sh_warn("%s: %s", argv[i], strerror(errno));
			_exit(126);
		}
		if (pid < 0)
			return (2);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		return (WIFEXITED(st) ? WEXITSTATUS(st) :
		    128 + WTERMSIG(st));
	}
}

static int
b_type(int argc, char **argv)
{
	char *nargv[3] = { "command", "-V", NULL };
	int i, st = 0;

	for (i = 1; i < argc; i++) {
		nargv[2] = argv[i];
		if (b_command(3, nargv) != 0)
			st = 1;
	}
	return (st);
}

static int
b_local(int argc, char **argv)
{
	int i;
	char *eq;

	if (funcnest == 0) {
		sh_warn("local: not in a function");
		return (1);
	}
	for (i = 1; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (eq != NULL)
			*eq = '\0';
		mklocal(argv[i]);
		if (eq != NULL) {
			*eq = '=';
			setvar_assign(argv[i], 0);
		}
	}
	return (0);
}

static int
b_umask(int argc, char **argv)
{
	mode_t m;
	char *end;
	long v;

	if (argc == 1) {
		m = umask(0);
		umask(m);
		printf("%04o\n", (unsigned int)m);
		return (0);
	}
	v = strtol(argv[1], &end, 8);
	if (*argv[1] == '\0' || *end != '\0' || v < 0 || v > 0777) {
		sh_warn("umask: Illegal mode: %s", argv[1]);
		return (2);
	}
	umask((mode_t)v);
	return (0);
}

static int
b_jobs(int argc, char **argv)
{
	int i, j, lflag = 0, pflag = 0, st = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-l") == 0)
			lflag = 1;
		else if (strcmp(argv[i], "-p") == 0)
			pflag = 1;
		else {
			sh_warn("jobs: Illegal option %s", argv[i]);
			return (2);
		}
	}
	if (i == argc)
		return (list_jobs(lflag, pflag, -1));
	for (; i < argc; i++) {
		if ((j = getjob("jobs", argv[i])) < 0)
			st = 1;
		else
			list_jobs(lflag, pflag, j);
	}
	return (st);
}

static int
b_fg(int argc, char **argv)
{
	int j;

	if (argc > 2) {
		sh_warn("fg: too many arguments");
		return (2);
	}
	if ((j = getjob("fg", argc > 1 ? argv[1] : NULL)) < 0)
		return (1);
	return (job_fg(j));
}

static int
b_bg(int argc, char **argv)
{
	int i, j, st = 0;

	if (argc == 1)
		return ((j = getjob("bg", NULL)) < 0 ? 1 : job_bg(j));
	for (i = 1; i < argc; i++) {
		if ((j = getjob("bg", argv[i])) < 0)
			st = 1;
		else
			st |= job_bg(j);
	}
	return (st);
}

static int
b_history(int argc, char **argv)
{
	el_history_list();
	return (0);
}

static int
b_getopts(int argc, char **argv)
{
	static int optpos = 1;
	const char *optstr, *arg, *p;
	char **args, buf[16];
	int nargs, ind;
	char *s;

	if (argc < 3) {
		sh_warn("getopts: usage: getopts optstring name [arg ...]");
		return (2);
	}
	optstr = argv[1];
	if (argc > 3) {
		args = argv + 3;
		nargs = argc - 3;
	} else {
		args = posv;
		nargs = posc;
	}
	s = getvar("OPTIND");
	ind = s != NULL ? atoi(s) : 1;
	if (ind < 1)
		ind = 1;
	if (ind == 1 && optpos > 1 && (s == NULL || strcmp(s, "1") == 0))
		optpos = 1;
	if (ind > nargs || (arg = args[ind - 1])[0] != '-' ||
	    arg[1] == '\0') {
		setvar(argv[2], "?", 0);
		optpos = 1;
		return (1);
	}
	if (strcmp(arg, "--") == 0) {
		snprintf(buf, sizeof(buf), "%d", ind + 1);
		setvar("OPTIND", buf, 0);
		setvar(argv[2], "?", 0);
		optpos = 1;
		return (1);
	}
	buf[0] = arg[optpos];
	buf[1] = '\0';
	p = strchr(optstr, arg[optpos]);
	optpos++;
	if (p == NULL || *p == ':') {
		if (optstr[0] == ':') {
			setvar("OPTARG", buf, 0);
		} else {
			sh_warn("Illegal option -%s", buf);
			unsetvar("OPTARG");
		}
		setvar(argv[2], "?", 0);
	} else if (p[1] == ':') {
		if (arg[optpos] != '\0') {
			setvar("OPTARG", arg + optpos, 0);
		} else if (ind < nargs) {
			ind++;
			setvar("OPTARG", args[ind - 1], 0);
		} else {
			if (optstr[0] == ':') {
				setvar("OPTARG", buf, 0);
				setvar(argv[2], ":", 0);
			} else {
				sh_warn("No arg for -%s option", buf);
				unsetvar("OPTARG");
				setvar(argv[2], "?", 0);
			}
			goto next;
		}
		setvar(argv[2], buf, 0);
		ind++;
		optpos = 1;
		goto out;
	} else {
		setvar(argv[2], buf, 0);
		unsetvar("OPTARG");
	}
next:
	if (arg[optpos] == '\0') {
		ind++;
		optpos = 1;
	}
out:
	{
		char nb[16];

		snprintf(nb, sizeof(nb), "%d", ind);
		setvar("OPTIND", nb, 0);
	}
	return (0);
}

static const struct builtin builtins[] = {
	{ ".",		b_dot,		1 },
	{ ":",		b_colon,	1 },
	{ "[",		testcmd,	0 },
	{ "alias",	b_alias,	0 },
	{ "bg",		b_bg,		0 },
	{ "break",	b_break,	1 },
	{ "cd",		b_cd,		0 },
	{ "command",	b_command,	0 },
	{ "continue",	b_break,	1 },
	{ "echo",	b_echo,		0 },
	{ "eval",	b_eval,		1 },
	{ "exec",	b_exec,		1 },
	{ "exit",	b_exit,		1 },
	{ "export",	b_export,	1 },
	{ "false",	b_false,	0 },
	{ "fg",		b_fg,		0 },
	{ "getopts",	b_getopts,	0 },
	{ "history",	b_history,	0 },
	{ "jobs",	b_jobs,		0 },
	{ "kill",	b_kill,		0 },
	{ "local",	b_local,	0 },
	{ "petrel_wordexp", b_wordexp,	0 },
	{ "printf",	printfcmd,	0 },
	{ "pwd",	b_pwd,		0 },
	{ "read",	b_read,		0 },
	{ "readonly",	b_export,	1 },
	{ "return",	b_return,	1 },
	{ "set",	b_set,		1 },
	{ "shift",	b_shift,	1 },
	{ "test",	testcmd,	0 },
	{ "trap",	b_trap,		1 },
	{ "true",	b_colon,	0 },
	{ "type",	b_type,		0 },
	{ "ulimit",	b_ulimit,	0 },
	{ "umask",	b_umask,	0 },
	{ "unalias",	b_unalias,	0 },
	{ "unset",	b_unset,	1 },
	{ "wait",	b_wait,		0 },
	{ NULL,		NULL,		0 }
};

const struct builtin *
find_builtin(const char *name)
{
	int i;

	for (i = 0; builtins[i].name != NULL; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return (&builtins[i]);
	return (NULL);
}
