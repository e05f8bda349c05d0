/*
 * sh(1): shared declarations.  The shell reads a complete command
 * (parse.c) into a tree of nodes, then evaluates it (eval.c); words keep
 * their source text and are expanded only when evaluated (expand.c), so
 * quoting is decided in one place.  Variables and functions are in var.c,
 * the built-in commands in builtins.c, arithmetic in arith.c.
 */
#ifndef SH_H
#define SH_H

#include <sys/types.h>
#include <setjmp.h>
#include <stddef.h>

/* ---- the tree ---------------------------------------------------- */

enum ntype {
	N_CMD,		/* simple command */
	N_PIPE,		/* a | b | c */
	N_AND,		/* a && b */
	N_OR,		/* a || b */
	N_SEQ,		/* a ; b */
	N_BG,		/* a & */
	N_NOT,		/* ! a */
	N_SUBSHELL,	/* ( a ) */
	N_GROUP,	/* { a; } */
	N_IF,
	N_WHILE,
	N_UNTIL,
	N_FOR,
	N_CASE,
	N_FUNC		/* name() body */
};

struct word {
	struct word	*next;
	char		*text;		/* source text, quotes and all */
};

enum rtype { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT,
	R_HERE };

struct redir {
	struct redir	*next;
	enum rtype	type;
	int		fd;		/* the descriptor redirected */
	char		*target;	/* word (file, fd number or here text) */
	int		hquoted;	/* here-doc delimiter was quoted */
	int		hstrip;		/* <<- : strip leading tabs */
};

struct caseitem {
	struct caseitem	*next;
	struct word	*pats;
	struct node	*body;
};

struct node {
	enum ntype	type;
	struct redir	*redirs;	/* compound commands and N_CMD */
	union {
		struct {
			struct word	*assigns;
			struct word	*words;
		} cmd;
		struct {
			struct node	*left, *right;
		} bin;			/* AND OR SEQ; PIPE uses a list */
		struct {
			struct node	**cmds;
			int		ncmds;
		} pipe;
		struct node	*sub;	/* BG NOT SUBSHELL GROUP */
		struct {
			struct node	*cond, *then, *els;
		} ifn;			/* IF, WHILE/UNTIL use cond+then */
		struct {
			char		*var;
			struct word	*words;	/* NULL: "$@" */
			int		haswords;
			struct node	*body;
		} forn;
		struct {
			char		*word;
			struct caseitem	*items;
		} casen;
		struct {
			char		*name;
			struct node	*body;
		} func;
	} u;
};

/* ---- parse.c ----------------------------------------------------- */

struct source;
typedef int (*refill_fn)(struct source *);
struct source {
	char		*buf;		/* text read so far */
	size_t		len, cap, pos;
	refill_fn	refill;		/* more input; 0 at EOF */
	int		fd;		/* for refill from a descriptor */
	int		interactive;
	int		eof;
	int		lineno;
};

#define PARSE_OK	0
#define PARSE_EOF	1
#define PARSE_ERROR	2
int	parse_command(struct source *, struct node **);
struct node *parse_string(const char *, int *errp);
void	source_init_string(struct source *, const char *);
void	source_init_fd(struct source *, int fd, int interactive);
int	is_name(const char *, size_t);

/* ---- expand.c ---------------------------------------------------- */

struct strlist {
	char	**v;
	int	n, cap;
};
void	sl_add(struct strlist *, char *);
void	sl_free(struct strlist *);
int	expand_words(struct word *, struct strlist *);	/* split + glob */
char	*expand_string(const char *, int *errp);	/* no split/glob */
char	*expand_pattern(const char *, int *errp);	/* case patterns */
char	*expand_heredoc(const char *, int *errp);
int	sh_fnmatch(const char *, const char *);

/* ---- eval.c ------------------------------------------------------ */

int	eval(struct node *, int flags);
#define EV_EXIT		0x01	/* exit after (we are a forked child) */
#define EV_TESTED	0x02	/* status is tested: no errexit */
int	eval_string(const char *, int flags);
char	*command_output(const char *, int *errp);
void	sh_exit(int) __attribute__((__noreturn__));
void	run_pending_traps(void);
void	forked_child(void);
int	settrap(int, const char *);
const char *gettrap(int);
int	pending_trap_ran(void);

/* ---- jobs.c ------------------------------------------------------ */

extern int	jobctl;			/* job control is on (set -m) */
void	jobctl_init(void);
void	jobctl_off(void);
void	job_set_text(const char *, size_t);
void	job_nojob(int);
void	job_fork_child(void);
void	job_fork_parent(pid_t);
void	job_bg_begin(void);
void	job_bg_end(void);
void	job_fg_begin(void);
int	job_fg_stopped(void);
void	addjob(pid_t);
void	jobs_forget(pid_t);
int	waitfor(pid_t);
int	wait_job(pid_t pid, int all);
void	job_notify(void);
int	list_jobs(int longfmt, int pidonly, int job);
int	getjob(const char *cmd, const char *spec);
pid_t	job_target(int);
int	job_fg(int);
int	job_bg(int);

/* ---- histedit.c -------------------------------------------------- */

char	*el_gets(int fd, const char *prompt);	/* NULL at EOF */
void	el_history_add(const char *);
void	el_history_list(void);

extern int	exitstatus;
extern pid_t	lastbgpid;
extern int	skip, skipcount;	/* break/continue/return in flight */
#define SKIP_BREAK	1
#define SKIP_CONT	2
#define SKIP_RETURN	3
#define SKIP_EXIT	4
extern int	loopnest, funcnest;
extern pid_t	rootpid;		/* $$ */
extern int	rootshell;		/* 1 in the main shell process */
extern int	subshell;		/* >0 inside a forked child */

/* ---- var.c ------------------------------------------------------- */

#define V_EXPORT	0x01
#define V_RDONLY	0x02
char	*getvar(const char *);
int	setvar(const char *, const char *, int flags);
int	setvar_assign(const char *assign, int flags);	/* "a=b" */
int	unsetvar(const char *);
void	exportvar(const char *, int on);
char	**environment(void);
void	listvars(int flags, const char *prefix);
void	import_environ(char **);
struct func;
struct node *getfunc(const char *);
void	setfunc(const char *, struct node *);
int	unsetfunc(const char *);
void	mklocal(const char *);
void	pushlocals(void);
void	poplocals(void);
/* positional parameters */
extern char	*arg0;
extern char	**posv;
extern int	posc;
void	setpos(int argc, char **argv);	/* copies */
void	freepos(void);

/* options */
extern int	eflag, xflag, fflag, nflag, uflag, iflag, vflag, Cflag;
extern int	mflag, Eflag;		/* monitor (job control), emacs editing */
char	*optstring(void);
int	setoption(int c, int on);
int	setoption_name(const char *, int);
void	listoptions(void);

/* ---- builtins.c -------------------------------------------------- */

typedef int (*builtin_fn)(int, char **);
struct builtin {
	const char	*name;
	builtin_fn	fn;
	int		special;
};
const struct builtin *find_builtin(const char *);
int	testcmd(int, char **);
int	in_dot(void);
int	printfcmd(int, char **);
int	b_alias(int, char **);		/* alias.c */
int	b_unalias(int, char **);
const char *lookup_alias(const char *);
int	b_ulimit(int, char **);		/* ulimit.c */

/* ---- arith.c ----------------------------------------------------- */
int	arith(const char *, long *result);

/* ---- misc -------------------------------------------------------- */
void	*xmalloc(size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	sh_error(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void	sh_warn(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
extern const char *progname;
extern jmp_buf	*errjmp;	/* where sh_error returns to */
char	*find_command(const char *name, int *errp);

static inline int
isalpha_(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
}

static inline int
isalnum_(int c)
{
	return (isalpha_(c) || (c >= '0' && c <= '9'));
}

#endif /* SH_H */


