/*
 * Evaluation of the tree: simple commands (functions, built-ins,
 * programs), pipelines, lists, compound commands, redirections, command
 * substitution, background jobs and traps.  A child forked to run part of
 * the tree is marked `subshell' and exits when that part is done.
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

int	exitstatus;
static int nsubst;		/* command substitutions run so far */
pid_t	lastbgpid;
int	skip, skipcount;
int	loopnest, funcnest;
int	rootshell = 1;
int	subshell;
pid_t	rootpid;

/* ---- traps --------------------------------------------------------- */

static char		*traps[NSIG];	/* command, "" = ignore */
static volatile sig_atomic_t pending[NSIG];
static volatile sig_atomic_t anypending;
static int		trapran;

static void
onsig(int sig)
{
	pending[sig] = 1;
	anypending = 1;
}

int
pending_trap_ran(void)
{
	int r = trapran;

	trapran = 0;
	return (r);
}

void
run_pending_traps(void)
{
	int sig, saved;

	if (!anypending)
		return;
	anypending = 0;
	for (sig = 1; sig < NSIG; sig++) {
		if (!pending[sig])
			continue;
		pending[sig] = 0;
		if (traps[sig] != NULL && traps[sig][0] != '\0') {
			saved = exitstatus;
			eval_string(traps[sig], 0);
			exitstatus = saved;
			trapran = 1;
		}
	}
}

int
settrap(int sig, const char *action)
{
	struct sigaction sa;

	if (sig != 0 && (sig == SIGKILL || sig == SIGSTOP))
		return (-1);
	free(traps[sig]);
	traps[sig] = action != NULL ? xstrdup(action) : NULL;
	if (sig == 0)
		return (0);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	if (action == NULL)
		sa.sa_handler = (iflag && (sig == SIGINT || sig == SIGQUIT ||
		    sig == SIGTERM)) ? SIG_IGN : SIG_DFL;
	else if (*action == '\0')
		sa.sa_handler = SIG_IGN;
	else
		sa.sa_handler = onsig;
	return (sigaction(sig, &sa, NULL));
}

const char *
gettrap(int sig)
{
	return (traps[sig]);
}

/* In a forked child: caught signals go back to their defaults. */
void
forked_child(void)
{
	int sig;

	subshell++;
	rootshell = 0;
	for (sig = 1; sig < NSIG; sig++) {
		if (traps[sig] != NULL && traps[sig][0] != '\0') {
			free(traps[sig]);
			traps[sig] = NULL;
			signal(sig, SIG_DFL);
		}
	}
	if (iflag) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
	}
	free(traps[0]);
	traps[0] = NULL;
	iflag = 0;
}

void
sh_exit(int status)
{
	char *t;

	/* forked_child() cleared an inherited EXIT trap: this one is ours. */
	if (traps[0] != NULL) {
		t = traps[0];
		traps[0] = NULL;
		exitstatus = status;
		eval_string(t, 0);
		free(t);
	}
	fflush(stdout);
	fflush(stderr);
	exit(status);
}

static pid_t
sh_fork(void)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		sh_error("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		job_fork_child();	/* before forked_child: subshell++ */
		forked_child();
	} else
		job_fork_parent(pid);
	return (pid);
}

/* ---- redirections -------------------------------------------------- */

struct saved_fd {
	int	fd;		/* the descriptor redirected */
	int	copy;		/* where the old one was kept, -1: was closed */
};

#define MAXSAVE	32
struct redir_save {
	struct saved_fd	s[MAXSAVE];
	int		n;
};

static int
save_fd(struct redir_save *rs, int fd)
{
	int copy, i;

	if (rs == NULL)
		return (0);
	for (i = 0; i < rs->n; i++)
		if (rs->s[i].fd == fd)
			return (0);
	if (rs->n >= MAXSAVE)
		return (-1);
	copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (copy < 0 && errno != EBADF)
		return (-1);
	rs->s[rs->n].fd = fd;
	rs->s[rs->n].copy = copy;
	rs->n++;
	return (0);
}

static void
restore_fds(struct redir_save *rs)
{
	int i;

	fflush(stdout);
	fflush(stderr);
	for (i = rs->n - 1; i >= 0; i--) {
		if (rs->s[i].copy >= 0) {
			dup2(rs->s[i].copy, rs->s[i].fd);
			close(rs->s[i].copy);
		} else
			close(rs->s[i].fd);
	}
	rs->n = 0;
}

static int
heredoc_fd(const char *text)
{
	int pfd[2];
	size_t len = strlen(text);
	pid_t pid;

	if (pipe(pfd) < 0)
		return (-1);
	if (len <= 512) {
		write(pfd[1], text, len);
		close(pfd[1]);
		return (pfd[0]);
	}
	/* Too big for the pipe buffer: a child writes it. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		signal(SIGPIPE, SIG_DFL);
		write(pfd[1], text, len);
		_exit(0);
	}
	close(pfd[1]);
	return (pfd[0]);
}

/* Apply redirections; with rs, the old descriptors are kept for undo. */
static int
apply_redirs(struct redir *r, struct redir_save *rs)
{
	char *target, *end;
	int fd, flags, err;
	long n;

	for (; r != NULL; r = r->next) {
		if (save_fd(rs, r->fd) < 0) {
			sh_warn("too many redirections");
			return (-1);
		}
		if (r->type == R_HERE) {
			if (r->hquoted)
				target = xstrdup(r->target);
			else
				target = expand_heredoc(r->target, &err);
			fd = heredoc_fd(target);
			free(target);
			if (fd < 0) {
				sh_warn("here-document: %s", strerror(errno));
				return (-1);
			}
			goto move;
		}
		target = expand_string(r->target, &err);
		switch (r->type) {
		case R_DUPIN:
		case R_DUPOUT:
			if (strcmp(target, "-") == 0) {
				close(r->fd);
				free(target);
				continue;
			}
			n = strtol(target, &end, 10);
			if (*target == '\0' || *end != '\0' || n < 0 ||
			    n > 1024) {
				sh_warn("%s: bad file descriptor", target);
				free(target);
				return (-1);
			}
			free(target);
			if (n == r->fd)
				continue;
			if (dup2((int)n, r->fd) < 0) {
				sh_warn("%ld: %s", n, strerror(errno));
				return (-1);
			}
			continue;
		case R_IN:
			flags = O_RDONLY;
			break;
		case R_RDWR:
			flags = O_RDWR | O_CREAT;
			break;
		case R_APPEND:
			flags = O_WRONLY | O_CREAT | O_APPEND;
			break;
		case R_OUT:
			flags = O_WRONLY | O_CREAT | O_TRUNC |
			    (Cflag ? O_EXCL : 0);
			break;
		default:
			flags = O_WRONLY | O_CREAT | O_TRUNC;
			break;
		}
		fd = open(target, flags, 0666);
		if (fd < 0) {
			sh_warn("cannot %s %s: %s", r->type == R_IN ? "open" :
			    "create", target, strerror(errno));
			free(target);
			return (-1);
		}
		free(target);
move:
		if (fd != r->fd) {
			if (dup2(fd, r->fd) < 0) {
				close(fd);
				return (-1);
			}
			close(fd);
		}
	}
	return (0);
}

/* ---- commands ------------------------------------------------------ */

static void
xtrace(char **argv, struct word *assigns)
{
	const char *ps4 = getvar("PS4");
	int i, err;
	char *s;

	fputs(ps4 != NULL ? ps4 : "+ ", stderr);
	for (; assigns != NULL; assigns = assigns->next) {
		s = expand_string(assigns->text, &err);
		fprintf(stderr, "%s ", s);
		free(s);
	}
	for (i = 0; argv[i] != NULL; i++)
		fprintf(stderr, "%s%s", i > 0 ? " " : "", argv[i]);
	fputc('\n', stderr);
}

/* Search PATH for name; a malloced path, or NULL with *errp 127/126. */
char *
find_command(const char *name, int *errp)
{
	const char *path, *p, *e;
	char buf[PATH_MAX];
	struct stat st;
	int eacces = 0;

	*errp = 127;
	if (strchr(name, '/') != NULL)
		return (xstrdup(name));
	path = getvar("PATH");
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (p = path;; p = e + 1) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			snprintf(buf, sizeof(buf), "%s", name);
		else
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)(e - p), p,
			    name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(buf, X_OK) == 0)
				return (xstrdup(buf));
			eacces = 1;
		}
		if (*e == '\0')
			break;
	}
	if (eacces)
		*errp = 126;
	return (NULL);
}

/* In a child: run a program, never returning. */
static void
exec_program(char **argv, char **env) __attribute__((__noreturn__));
static void
exec_program(char **argv, char **env)
{
	char *path;
	int err;

	path = find_command(argv[0], &err);
	if (path == NULL) {
		if (err == 126)
			fprintf(stderr, "%s: %s: Permission denied\n",
			    progname, argv[0]);
		else
			fprintf(stderr, "%s: %s: not found\n", progname,
			    argv[0]);
		fflush(stderr);
		_exit(err);
	}
	execve(path, argv, env);
	if (errno == ENOEXEC) {
		/* A script without #!: run it with this shell. */
		int n;
		char **nargv;

		for (n = 0; argv[n] != NULL; n++)
			;
		nargv = xmalloc((n + 2) * sizeof(char *));
		nargv[0] = "sh";
		nargv[1] = path;
		memcpy(nargv + 2, argv + 1, n * sizeof(char *));
		execve("/bin/sh", nargv, env);
	}
	err = errno;
	fprintf(stderr, "%s: %s: %s\n", progname, argv[0], strerror(err));
	fflush(stderr);
	_exit(err == ENOENT ? 127 : 126);
}

/* Run a function with argv as its positional parameters. */
static int
call_function(struct node *body, char **argv, int argc)
{
	char **oposv = posv;
	int oposc = posc, st;

	setpos(argc - 1, argv + 1);
	funcnest++;
	pushlocals();
	st = eval(body, 0);
	poplocals();
	funcnest--;
	freepos();
	posv = oposv;
	posc = oposc;
	if (skip == SKIP_RETURN) {
		skip = 0;
		st = exitstatus;
	}
	return (st);
}

struct tempsave {
	char	*name;
	char	*value;
	int	existed;
};

static int
eval_simple(struct node *n, int flags)
{
	struct strlist args = { 0 };
	struct redir_save rs = { .n = 0 };
	const struct builtin *bi = NULL;
	struct node *fn = NULL;
	struct word *a;
	struct tempsave *temps = NULL;
	int ntemps = 0, st, i, err, special;
	char *val, **env;
	pid_t pid;
	int nsubst0 = nsubst;

	expand_words(n->u.cmd.words, &args);
	if (xflag && (args.n > 0 || n->u.cmd.assigns != NULL))
		xtrace(args.v != NULL ? args.v : (char *[]){ NULL },
		    n->u.cmd.assigns);

	if (args.n == 0) {
		/* Assignments and redirections only: the status is that of
		 * the last command substitution, else 0. */
		for (a = n->u.cmd.assigns; a != NULL; a = a->next) {
			const char *eq = strchr(a->text, '=');
			char *name = xstrndup(a->text, eq - a->text);

			val = expand_string(eq + 1, &err);
			/*
			 * Assigning to a read-only variable ends a script
			 * (POSIX 2.8.1); an interactive shell goes on.
			 */
			if (setvar(name, val, 0) < 0) {
				if (!iflag || subshell)
					sh_exit(2);
				nsubst = -1000;
			}
			free(name);
			free(val);
		}
		st = nsubst < 0 ? 1 : nsubst != nsubst0 ? exitstatus : 0;
		if (nsubst < 0)
			nsubst = 0;
		if (n->redirs != NULL) {
			if (apply_redirs(n->redirs, &rs) < 0)
				st = 1;
			restore_fds(&rs);
		}
		sl_free(&args);
		return (st);
	}

	fn = getfunc(args.v[0]);
	if (fn == NULL)
		bi = find_builtin(args.v[0]);
	special = bi != NULL && bi->special;

	if (fn != NULL || bi != NULL) {
		/* Assignments: permanent for special built-ins. */
		for (a = n->u.cmd.assigns; a != NULL; a = a->next) {
			const char *eq = strchr(a->text, '=');
			char *name = xstrndup(a->text, eq - a->text);

			val = expand_string(eq + 1, &err);
			if (!special) {
				temps = xrealloc(temps, (ntemps + 1) *
				    sizeof(*temps));
				temps[ntemps].name = xstrdup(name);
				temps[ntemps].existed = getvar(name) != NULL;
				temps[ntemps].value = temps[ntemps].existed ?
				    xstrdup(getvar(name)) : NULL;
				ntemps++;
			}
			setvar(name, val, 0);
			free(name);
			free(val);
		}
		if (bi != NULL && bi->fn == NULL)
			; /* not reached */
		if (apply_redirs(n->redirs, &rs) < 0) {
			restore_fds(&rs);
			st = 1;
			if (special && !iflag && rootshell && subshell == 0)
				sh_exit(1);
		} else if (fn != NULL) {
			st = call_function(fn, args.v, args.n);
			restore_fds(&rs);
		} else {
			/* exec with no command keeps its redirections. */
			int keep = strcmp(args.v[0], "exec") == 0 &&
			    args.n == 1;

			st = bi->fn(args.n, args.v);
			fflush(stdout);
			if (keep) {
				for (i = 0; i < rs.n; i++)
					if (rs.s[i].copy >= 0)
						close(rs.s[i].copy);
				rs.n = 0;
			} else
				restore_fds(&rs);
		}
		for (i = 0; i < ntemps; i++) {
			if (temps[i].existed)
				setvar(temps[i].name, temps[i].value, 0);
			else
				unsetvar(temps[i].name);
			free(temps[i].name);
			free(temps[i].value);
		}
		free(temps);
		sl_free(&args);
		return (st);
	}

	/* A program. */
	if (flags & EV_EXIT)
		pid = 0;
	else
		pid = sh_fork();
	if (pid == 0) {
		for (a = n->u.cmd.assigns; a != NULL; a = a->next) {
			const char *eq = strchr(a->text, '=');
			char *name = xstrndup(a->text, eq - a->text);

			val = expand_string(eq + 1, &err);
			setvar(name, val, V_EXPORT);
			free(name);
			free(val);
		}
		if (apply_redirs(n->redirs, NULL) < 0)
			_exit(1);
		env = environment();
		exec_program(args.v, env);
	}
	st = waitfor(pid);
	sl_free(&args);
	return (st);
}

static int
eval_pipe(struct node *n, int flags)
{
	int i, pfd[2], in = -1, st = 0;
	pid_t *pids;

	pids = xmalloc(n->u.pipe.ncmds * sizeof(pid_t));
	for (i = 0; i < n->u.pipe.ncmds; i++) {
		if (i < n->u.pipe.ncmds - 1 && pipe(pfd) < 0)
			sh_error("pipe: %s", strerror(errno));
		pids[i] = sh_fork();
		if (pids[i] == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (i < n->u.pipe.ncmds - 1) {
				close(pfd[0]);
				dup2(pfd[1], 1);
				close(pfd[1]);
			}
			eval(n->u.pipe.cmds[i], EV_EXIT);
			sh_exit(exitstatus);
		}
		if (in >= 0)
			close(in);
		if (i < n->u.pipe.ncmds - 1) {
			close(pfd[1]);
			in = pfd[0];
		}
	}
	for (i = 0; i < n->u.pipe.ncmds; i++) {
		st = waitfor(pids[i]);
		if (job_fg_stopped())
			break;		/* the whole job stopped (^Z) */
	}
	free(pids);
	return (st);
}

static int
eval_loop(struct node *n, int flags)
{
	int st = 0, c;

	loopnest++;
	for (;;) {
		c = eval(n->u.ifn.cond, EV_TESTED);
		if (skip != 0) {
			if ((skip == SKIP_BREAK || skip == SKIP_CONT) &&
			    --skipcount <= 0) {
				int was = skip;

				skip = 0;
				if (was == SKIP_BREAK)
					break;
				continue;
			}
			break;
		}
		if ((n->type == N_WHILE) != (c == 0))
			break;
		st = eval(n->u.ifn.then, flags & ~EV_EXIT);
		if (skip != 0) {
			if ((skip == SKIP_BREAK || skip == SKIP_CONT) &&
			    --skipcount <= 0) {
				int was = skip;

				skip = 0;
				if (was == SKIP_BREAK)
					break;
				continue;
			}
			break;
		}
	}
	loopnest--;
	return (st);
}

static int
eval_for(struct node *n, int flags)
{
	struct strlist items = { 0 };
	int i, st = 0;

	if (n->u.forn.haswords)
		expand_words(n->u.forn.words, &items);
	else
		for (i = 0; i < posc; i++)
			sl_add(&items, xstrdup(posv[i]));
	loopnest++;
	for (i = 0; i < items.n; i++) {
		if (setvar(n->u.forn.var, items.v[i], 0) < 0) {
			st = 1;
			break;
		}
		st = eval(n->u.forn.body, flags & ~EV_EXIT);
		if (skip != 0) {
			if ((skip == SKIP_BREAK || skip == SKIP_CONT) &&
			    --skipcount <= 0) {
				int was = skip;

				skip = 0;
				if (was == SKIP_BREAK)
					break;
				continue;
			}
			break;
		}
	}
	loopnest--;
	sl_free(&items);
	return (st);
}

static int
eval_case(struct node *n, int flags)
{
	struct caseitem *ci;
	struct word *p;
	char *word, *pat;
	int err;

	word = expand_string(n->u.casen.word, &err);
	for (ci = n->u.casen.items; ci != NULL; ci = ci->next) {
		for (p = ci->pats; p != NULL; p = p->next) {
			pat = expand_pattern(p->text, &err);
			if (sh_fnmatch(pat, word) == 0) {
				free(pat);
				free(word);
				return (ci->body != NULL ?
				    eval(ci->body, flags) : 0);
			}
			free(pat);
		}
	}
	free(word);
	return (0);
}

int
eval(struct node *n, int flags)
{
	struct redir_save rs = { .n = 0 };
	int st = 0;
	pid_t pid;

	if (n == NULL)
		return (exitstatus = 0);
	if (nflag && !iflag)
		return (0);
	/*
	 * A trapped signal that arrived while no waitpid was there to be
	 * interrupted (during a fork, between two commands) runs before
	 * the next command; without this `while :; do sleep 1; done'
	 * never ran a trap whose signal came as a sleep ended.
	 */
	run_pending_traps();
	switch (n->type) {
	case N_CMD:
		if (n->u.cmd.words == NULL && n->u.cmd.assigns == NULL &&
		    n->redirs == NULL) {
			st = 0;
			break;
		}
		st = eval_simple(n, flags);
		break;
	case N_PIPE:
		st = eval_pipe(n, flags);
		break;
	case N_NOT:
		st = !eval(n->u.sub, (flags | EV_TESTED) & ~EV_EXIT);
		break;
	case N_AND:
		st = eval(n->u.bin.left, (flags | EV_TESTED) & ~EV_EXIT);
		if (st == 0 && skip == 0)
			st = eval(n->u.bin.right, flags);
		exitstatus = st;
		return (st);
	case N_OR:
		st = eval(n->u.bin.left, (flags | EV_TESTED) & ~EV_EXIT);
		if (st != 0 && skip == 0)
			st = eval(n->u.bin.right, flags);
		exitstatus = st;
		return (st);
	case N_SEQ:
		eval(n->u.bin.left, flags & ~EV_EXIT);
		if (skip != 0)
			return (exitstatus);
		run_pending_traps();
		st = eval(n->u.bin.right, flags);
		return (st);
	case N_BG:
		job_bg_begin();
		pid = sh_fork();
		if (pid == 0) {
			if (!jobctl) {
				/*
				 * POSIX: without job control a background
				 * job reads /dev/null (with it, its own
				 * group gets SIGTTIN instead).
				 */
				int fd = open("/dev/null", O_RDONLY);

				if (fd >= 0 && fd != 0) {
					dup2(fd, 0);
					close(fd);
				}
			}
			eval(n->u.sub, EV_EXIT);
			sh_exit(exitstatus);
		}
		job_bg_end();
		lastbgpid = pid;
		addjob(pid);
		st = 0;
		break;
	case N_SUBSHELL:
		if (flags & EV_EXIT)
			pid = 0;
		else
			pid = sh_fork();
		if (pid == 0) {
			if (apply_redirs(n->redirs, NULL) < 0)
				_exit(1);
			eval(n->u.sub, EV_EXIT);
			sh_exit(exitstatus);
		}
		st = waitfor(pid);
		break;
	case N_GROUP:
	case N_IF:
	case N_WHILE:
	case N_UNTIL:
	case N_FOR:
	case N_CASE:
		if (n->redirs != NULL && apply_redirs(n->redirs, &rs) < 0) {
			restore_fds(&rs);
			st = 1;
			break;
		}
		switch (n->type) {
		case N_GROUP:
			st = eval(n->u.sub, flags & ~EV_EXIT);
			break;
		case N_IF:
			if (eval(n->u.ifn.cond, EV_TESTED) == 0 && skip == 0)
				st = eval(n->u.ifn.then, flags & ~EV_EXIT);
			else if (skip == 0 && n->u.ifn.els != NULL)
				st = eval(n->u.ifn.els, flags & ~EV_EXIT);
			else
				st = skip ? exitstatus : 0;
			break;
		case N_WHILE:
		case N_UNTIL:
			st = eval_loop(n, flags);
			break;
		case N_FOR:
			st = eval_for(n, flags);
			break;
		default:
			st = eval_case(n, flags & ~EV_EXIT);
			break;
		}
		if (n->redirs != NULL)
			restore_fds(&rs);
		exitstatus = st;
		return (st);
	case N_FUNC:
		setfunc(n->u.func.name, n->u.func.body);
		st = 0;
		break;
	}
	exitstatus = st;
	if (eflag && st != 0 && !(flags & EV_TESTED) && skip == 0 &&
	    (n->type == N_CMD || n->type == N_PIPE || n->type == N_SUBSHELL))
		sh_exit(st);
	if (flags & EV_EXIT)
		sh_exit(st);
	return (st);
}

/* Parse and run a string command by command (eval, ., traps, -c). */
int
eval_string(const char *s, int flags)
{
	struct source src;
	struct node *n;
	int r;

	source_init_string(&src, s);
	exitstatus = 0;
	for (;;) {
		r = parse_command(&src, &n);
		if (r == PARSE_EOF)
			break;
		if (r == PARSE_ERROR) {
			exitstatus = 2;
			if (!iflag || subshell)
				sh_exit(2);
			break;
		}
		if (n != NULL)
			eval(n, flags & ~EV_EXIT);
		if (skip != 0)
			break;
	}
	free(src.buf);
	if (flags & EV_EXIT)
		sh_exit(exitstatus);
	return (exitstatus);
}

/* $(...): run cmd in a child and collect its standard output. */
char *
command_output(const char *cmd, int *errp)
{
	int pfd[2];
	pid_t pid;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	*errp = 0;
	if (pipe(pfd) < 0)
		sh_error("pipe: %s", strerror(errno));
	/* $(...) runs in the shell's own group, as part of its command. */
	job_nojob(1);
	pid = sh_fork();
	job_nojob(0);
	if (pid == 0) {
		close(pfd[0]);
		if (pfd[1] != 1) {
			dup2(pfd[1], 1);
			close(pfd[1]);
		}
		eval_string(cmd, EV_EXIT);
		sh_exit(exitstatus);
	}
	close(pfd[1]);
	for (;;) {
		if (len + 512 > cap) {
			cap = cap ? cap * 2 : 1024;
			buf = xrealloc(buf, cap);
		}
		n = read(pfd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(pfd[0]);
	exitstatus = waitfor(pid);
	nsubst++;
	if (buf == NULL)
		buf = xstrdup("");
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return (buf);
}
