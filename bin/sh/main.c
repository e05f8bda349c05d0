/*
 * sh(1) entry: options, then one of
 *	sh -c 'commands' [name [args]]
 *	sh script [args]
 *	sh [-s] [args]		(commands from standard input; interactive
 *				 with prompts when it is a terminal)
 * and the read-parse-evaluate loop.  A syntax or expansion error ends a
 * non-interactive shell with status 2; an interactive one goes on.
 */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

const char	*progname = "sh";
jmp_buf		*errjmp;

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return (p);
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return (p);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

void
sh_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* An error that abandons the current command. */
void
sh_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	exitstatus = 2;
	if (errjmp == NULL || !iflag || subshell)
		sh_exit(2);
	longjmp(*errjmp, 1);
}

int
sh_fnmatch(const char *pat, const char *s)
{
	return (fnmatch(pat, s, 0));
}

static void
usage(void)
{
	fprintf(stderr, "usage: sh [-efnuvxC] [-o option] [-c string | "
	    "file | -s] [arg ...]\n");
	exit(2);
}

/* The read-eval loop over a source. */
static void
cmdloop(struct source *src)
{
	struct node *n;
	jmp_buf jb;
	size_t start;
	int r;

	for (;;) {
		if (setjmp(jb)) {
			/* Interactive error: drop the rest of the line. */
			skip = 0;
			loopnest = funcnest = 0;
		}
		errjmp = &jb;
		run_pending_traps();
		if (src->interactive) {
			/* set -m / +m take effect at the next command. */
			if (mflag && !jobctl)
				jobctl_init();
			else if (!mflag && jobctl)
				jobctl_off();
		}
		start = src->pos;
		r = parse_command(src, &n);
		if (r == PARSE_EOF)
			break;
		if (r == PARSE_ERROR) {
			exitstatus = 2;
			if (!src->interactive)
				sh_exit(2);
			continue;
		}
		if (n == NULL)
			continue;
		if (jobctl) {
			job_fg_begin();
			job_set_text(src->buf + start, src->pos - start);
		}
		eval(n, 0);
		if (skip == SKIP_EXIT)
			break;
		skip = 0;
	}
	errjmp = NULL;
}

int
main(int argc, char **argv)
{
	struct source src;
	const char *cmd = NULL, *script = NULL;
	int i, j, on, sflag = 0, fd, mflagset = 0, Eflagset = 0;
	extern char **environ;
	char pidbuf[16];

	rootpid = getpid();
	import_environ(environ);
	if (getvar("IFS") == NULL || 1)
		setvar("IFS", " \t\n", 0);
	if (getvar("PS1") == NULL)
		setvar("PS1", geteuid() == 0 ? "# " : "$ ", 0);
	if (getvar("PS2") == NULL)
		setvar("PS2", "> ", 0);
	if (getvar("PS4") == NULL)
		setvar("PS4", "+ ", 0);
	if (getvar("PATH") == NULL)
		setvar("PATH", "/bin:/usr/bin:/sbin:/usr/sbin", V_EXPORT);
	setvar("OPTIND", "1", 0);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getppid());
	setvar("PPID", pidbuf, 0);
	{
		char cwd[1024];

		if (getcwd(cwd, sizeof(cwd)) != NULL)
			setvar("PWD", cwd, V_EXPORT);
	}
	if (argc > 0 && argv[0][0] == '-') {
		/* A login shell reads /etc/profile and $HOME/.profile. */
		const char *home = getvar("HOME");
		char prof[1024];

		progname = "sh";
		if (access("/etc/profile", R_OK) == 0)
			eval_string(". /etc/profile", 0);
		if (home != NULL) {
			snprintf(prof, sizeof(prof), "%s/.profile", home);
			if (access(prof, R_OK) == 0) {
				snprintf(prof, sizeof(prof), ". %s/.profile",
				    home);
				eval_string(prof, 0);
			}
		}
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 || strcmp(argv[i], "-") == 0) {
			i++;
			break;
		}
		if ((argv[i][0] != '-' && argv[i][0] != '+') ||
		    argv[i][1] == '\0')
			break;
		on = argv[i][0] == '-';
		for (j = 1; argv[i][j] != '\0'; j++) {
			switch (argv[i][j]) {
			case 'c':
				if (!on)
					usage();
				cmd = "";
				break;
			case 's':
				sflag = 1;
				break;
			case 'i':
				iflag = on;
				break;
			case 'o':
				if (++i >= argc)
					usage();
				if (setoption_name(argv[i], on) < 0)
					usage();
				goto nextarg;
			default:
				if (argv[i][j] == 'm')
					mflagset = 1;
				else if (argv[i][j] == 'E')
					Eflagset = 1;
				if (setoption(argv[i][j], on) < 0) {
					fprintf(stderr, "sh: Illegal option "
					    "%c%c\n", argv[i][0], argv[i][j]);
					usage();
				}
			}
		}
nextarg:	;
	}
	if (cmd != NULL) {
		if (i >= argc) {
			fprintf(stderr, "sh: -c requires an argument\n");
			exit(2);
		}
		cmd = argv[i++];
		if (i < argc)
			arg0 = argv[i++];
		else
			arg0 = argv[0];
	} else if (!sflag && i < argc) {
		script = argv[i++];
		arg0 = (char *)script;
	} else
		arg0 = argv[0];
	setpos(argc - i, argv + i);

	if (cmd != NULL) {
		jmp_buf jb;

		if (setjmp(jb) == 0) {
			errjmp = &jb;
			eval_string(cmd, 0);
		}
		sh_exit(exitstatus);
	}
	if (script != NULL) {
		fd = open(script, O_RDONLY);
		if (fd < 0) {
			/* The base utilities' form: prog: path: error. */
			fprintf(stderr, "sh: %s: %s\n", script,
			    strerror(errno));
			exit(127);
		}
		/* Keep the script's descriptor out of the commands' way. */
		if (fd < 10) {
			int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);

			if (nfd >= 0) {
				close(fd);
				fd = nfd;
			}
		} else
			fcntl(fd, F_SETFD, FD_CLOEXEC);
		source_init_fd(&src, fd, 0);
		cmdloop(&src);
		sh_exit(exitstatus);
	}
	if (isatty(0) && isatty(2))
		iflag = 1;
	if (iflag) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		/*
		 * On a terminal: job control and line editing, unless the
		 * command line said otherwise (set +m, +E) or TERM is dumb.
		 */
		if (isatty(0)) {
			const char *term = getenv("TERM");

			if (!mflagset)
				mflag = 1;
			if (!Eflagset && (term == NULL ||
			    strcmp(term, "dumb") != 0))
				Eflag = 1;
		}
	}
	source_init_fd(&src, 0, iflag);
	cmdloop(&src);
	if (iflag)
		fputc('\n', stderr);
	sh_exit(exitstatus);
}
