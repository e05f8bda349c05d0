/*
 * Jobs: the table of background and stopped jobs, waiting for children,
 * and job control (set -m, on by default in an interactive shell on a
 * terminal).
 *
 * With job control each job (a simple command, a pipeline, a subshell,
 * or a background list) runs in its own process group.  A foreground
 * job's group is given the terminal (tcsetpgrp), so ^C and ^Z reach it
 * and not the shell; when it stops, the shell takes the terminal back,
 * files the job as stopped, and `fg' / `bg' continue it.  Both the
 * shell and the child call setpgid (and tcsetpgrp), whichever runs
 * first, so neither can exec or wait before the group exists.
 *
 * Without job control (scripts, sh -c) children stay in the shell's
 * group and nothing here touches the terminal.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

int	jobctl;				/* job control is on */
static int ttyfd = -1;			/* the controlling terminal */
static pid_t shpgid;			/* the shell's own group */

#define MAXJOBS		64
#define MAXJOBPROCS	32

enum pstate { P_RUNNING, P_STOPPED, P_DONE };

struct job {
	int		used;
	pid_t		pgid;		/* 0 without job control */
	int		nprocs;
	pid_t		pids[MAXJOBPROCS];
	int		status[MAXJOBPROCS];	/* raw wait status */
	enum pstate	state[MAXJOBPROCS];
	int		bg;		/* started with & */
	int		changed;	/* state change not yet reported */
	int		waited;		/* its status was collected */
	char		*cmd;
};

static struct job jobs[MAXJOBS];
static int curjob = -1, prevjob = -1;	/* %+ and %- */

/*
 * The foreground job being built: the processes forked for the command
 * the shell is running now, and their group.
 */
static pid_t	fgpgid;
static pid_t	fgpids[MAXJOBPROCS];
static int	nfg;
static int	fgstopped;		/* it stopped; stop waiting */
static int	nojob;			/* >0: forks are not jobs ($(...)) */
static int	bgfork;			/* the fork is for a & job */
static char	*cmdtext;		/* text of the command being run */

static int
status_of(int st)
{
	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return (128 + WTERMSIG(st));
	return (128 + WSTOPSIG(st));
}

/* ---- job control set-up ------------------------------------------- */

/*
 * Called once by an interactive shell.  Wait until we are in the
 * foreground (a shell started in the background would otherwise steal
 * the terminal), then take a group of our own and the terminal.
 */
void
jobctl_init(void)
{
	pid_t tpg;
	int fd;

	if (jobctl || !isatty(0))
		return;
	if ((fd = fcntl(0, F_DUPFD_CLOEXEC, 10)) < 0)
		return;
	while ((tpg = tcgetpgrp(fd)) >= 0 && tpg != getpgrp())
		kill(0, SIGTTIN);
	if (tpg < 0) {
		close(fd);
		return;
	}
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	shpgid = getpid();
	if (getpgrp() != shpgid && setpgid(0, shpgid) < 0) {
		close(fd);
		return;
	}
	if (tcsetpgrp(fd, shpgid) < 0) {
		close(fd);
		return;
	}
	ttyfd = fd;
	jobctl = 1;
}

/* set +m: give it up (the shell keeps its group). */
void
jobctl_off(void)
{
	if (!jobctl)
		return;
	jobctl = 0;
	close(ttyfd);
	ttyfd = -1;
}

void
job_set_text(const char *s, size_t n)
{
	free(cmdtext);
	cmdtext = NULL;
	if (!jobctl)
		return;
	while (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == ';'))
		n--;
	cmdtext = xstrndup(s, n);
}

void
job_nojob(int on)
{
	nojob += on ? 1 : -1;
}

/* Does a fork made now start (or join) a job? */
static int
forkisjob(void)
{
	return (jobctl && !subshell && nojob == 0);
}

/* In the child, before anything else: join the job's group. */
void
job_fork_child(void)
{
	pid_t pgid;

	if (!forkisjob())
		return;
	pgid = fgpgid != 0 ? fgpgid : getpid();
	setpgid(0, pgid);
	if (!bgfork)
		tcsetpgrp(ttyfd, pgid);
}

void
job_fork_parent(pid_t pid)
{
	if (!forkisjob())
		return;
	if (fgpgid == 0)
		fgpgid = pid;
	setpgid(pid, fgpgid);
	if (!bgfork)
		tcsetpgrp(ttyfd, fgpgid);
	if (nfg < MAXJOBPROCS)
		fgpids[nfg++] = pid;
}

/* The foreground job is over (or stopped): the terminal comes back. */
static void
fg_reset(void)
{
	fgpgid = 0;
	nfg = 0;
	if (jobctl)
		tcsetpgrp(ttyfd, shpgid);
}

/* ---- the table ----------------------------------------------------- */

static int
newjob(void)
{
	int i;

	for (i = 0; i < MAXJOBS; i++)
		if (!jobs[i].used)
			break;
	if (i == MAXJOBS) {
		/* Full: recycle the oldest finished, collected job. */
		for (i = 0; i < MAXJOBS; i++)
			if (jobs[i].waited)
				break;
		if (i == MAXJOBS)
			return (-1);
		free(jobs[i].cmd);
	}
	memset(&jobs[i], 0, sizeof(jobs[i]));
	jobs[i].used = 1;
	return (i);
}

static void
freejob(int j)
{
	free(jobs[j].cmd);
	memset(&jobs[j], 0, sizeof(jobs[j]));
	if (curjob == j) {
		curjob = prevjob;
		prevjob = -1;
	} else if (prevjob == j)
		prevjob = -1;
}

static void
setcurrent(int j)
{
	if (curjob == j)
		return;
	prevjob = curjob;
	curjob = j;
}

static int
jobdone(const struct job *jp)
{
	int i;

	for (i = 0; i < jp->nprocs; i++)
		if (jp->state[i] != P_DONE)
			return (0);
	return (1);
}

static int
jobstopped(const struct job *jp)
{
	int i, any = 0;

	for (i = 0; i < jp->nprocs; i++) {
		if (jp->state[i] == P_RUNNING)
			return (0);
		if (jp->state[i] == P_STOPPED)
			any = 1;
	}
	return (any);
}

/* The last process decides a job's status, as for a pipeline. */
static int
jobstatus(const struct job *jp)
{
	return (jp->nprocs > 0 ? status_of(jp->status[jp->nprocs - 1]) : 0);
}

static struct job *
findpid(pid_t pid, int *idx)
{
	int j, i;

	for (j = 0; j < MAXJOBS; j++) {
		if (!jobs[j].used)
			continue;
		for (i = 0; i < jobs[j].nprocs; i++)
			if (jobs[j].pids[i] == pid) {
				if (idx != NULL)
					*idx = i;
				return (&jobs[j]);
			}
	}
	return (NULL);
}

/* Record what waitpid said about pid; returns 1 if pid was ours. */
static int
record(pid_t pid, int st)
{
	struct job *jp;
	int i;

	if ((jp = findpid(pid, &i)) == NULL)
		return (0);
	jp->status[i] = st;
	if (WIFSTOPPED(st))
		jp->state[i] = P_STOPPED;
	else if (WIFCONTINUED(st))
		jp->state[i] = P_RUNNING;
	else
		jp->state[i] = P_DONE;
	jp->changed = 1;
	return (1);
}

/* A background job (the & operator) was forked. */
void
addjob(pid_t pid)
{
	int j;

	if ((j = newjob()) < 0)
		return;
	jobs[j].pgid = jobctl && !subshell ? pid : 0;
	jobs[j].nprocs = 1;
	jobs[j].pids[0] = pid;
	jobs[j].state[0] = P_RUNNING;
	jobs[j].bg = 1;
	jobs[j].cmd = xstrdup(cmdtext != NULL ? cmdtext : "");
	setcurrent(j);
	if (jobctl && !subshell)
		fprintf(stderr, "[%d] %d\n", j + 1, (int)pid);
}

/* & in the main shell: the fork makes a group, but no terminal. */
void
job_bg_begin(void)
{
	bgfork = 1;
	fgpgid = 0;
	nfg = 0;
}

void
job_bg_end(void)
{
	bgfork = 0;
	fgpgid = 0;
	nfg = 0;
}

/* A helper child nobody waits for (a here-document writer). */
void
jobs_forget(pid_t pid)
{
	int j;

	(void)pid;
	for (j = 0; j < MAXJOBS; j++)
		if (jobs[j].used && jobs[j].nprocs == 1 &&
		    jobs[j].pids[0] == pid)
			freejob(j);
}

/* ---- waiting --------------------------------------------------------- */

/* The foreground job stopped: file what is left of it as a job. */
static int
fg_stopped(pid_t pid, int st)
{
	int j, i, k;

	fgstopped = 1;
	if ((j = newjob()) < 0) {
		/* No room: continue it rather than lose it. */
		killpg(fgpgid, SIGCONT);
		fg_reset();
		return (status_of(st));
	}
	jobs[j].pgid = fgpgid;
	jobs[j].cmd = xstrdup(cmdtext != NULL ? cmdtext : "");
	for (i = 0, k = 0; i < nfg; i++) {
		if (fgpids[i] == 0)
			continue;
		/* The stop signal went to the whole group: all of it. */
		jobs[j].pids[k] = fgpids[i];
		jobs[j].state[k] = P_STOPPED;
		jobs[j].status[k] = fgpids[i] == pid ? st : 0;
		k++;
	}
	jobs[j].nprocs = k;
	setcurrent(j);
	fg_reset();
	fprintf(stderr, "\n[%d]+  Stopped\t\t%s\n", j + 1, jobs[j].cmd);
	return (status_of(st));
}

/*
 * Wait for one child of the command being run, running traps while we
 * wait; its exit status.  Under job control a stop ends the wait: the
 * job is filed and the caller (a pipeline) stops waiting too.
 */
int
waitfor(pid_t pid)
{
	pid_t w;
	int st, i, fg = -1, flags = 0;

	if (forkisjob()) {
		for (i = 0; i < nfg; i++)
			if (fgpids[i] == pid)
				fg = i;
		if (fg < 0 && fgstopped)
			return (128 + SIGTSTP);
		flags = WUNTRACED;
	}
	for (;;) {
		w = waitpid(pid, &st, flags);
		if (w == pid)
			break;
		if (w < 0 && errno == EINTR) {
			run_pending_traps();
			continue;
		}
		if (w < 0) {
			st = 127 << 8;
			break;
		}
	}
	if (fg < 0)
		return (w == pid ? status_of(st) : 127);
	if (w == pid && WIFSTOPPED(st))
		return (fg_stopped(pid, st));
	fgpids[fg] = 0;
	for (i = 0; i < nfg; i++)
		if (fgpids[i] != 0)
			break;
	if (i == nfg)
		fg_reset();
	/* A foreground job killed by a signal: say so, as shells do. */
	if (jobctl && w == pid && WIFSIGNALED(st) && WTERMSIG(st) != SIGINT &&
	    WTERMSIG(st) != SIGPIPE)
		fprintf(stderr, "%s\n", strsignal(WTERMSIG(st)));
	return (w == pid ? status_of(st) : 127);
}

/* Did the foreground job stop (so a pipeline stops waiting)? */
int
job_fg_stopped(void)
{
	return (fgstopped);
}

/* Called before each top-level command. */
void
job_fg_begin(void)
{
	fgstopped = 0;
	fgpgid = 0;
	nfg = 0;
}

/* Reap whatever changed without blocking. */
static void
reap(void)
{
	pid_t w;
	int st;

	for (;;) {
		w = waitpid(-1, &st, WNOHANG | (jobctl ? WUNTRACED |
		    WCONTINUED : 0));
		if (w <= 0)
			break;
		record(w, st);
	}
}

static void
printjob(int j, int longfmt, int pidonly)
{
	struct job *jp = &jobs[j];
	const char *state;
	char buf[64];
	int i, st;

	if (pidonly) {
		printf("%d\n", (int)(jp->pgid ? jp->pgid : jp->pids[0]));
		return;
	}
	if (jobdone(jp)) {
		st = jp->status[jp->nprocs - 1];
		if (WIFSIGNALED(st))
			snprintf(buf, sizeof(buf), "%s", strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st) != 0)
			snprintf(buf, sizeof(buf), "Done(%d)", WEXITSTATUS(st));
		else
			snprintf(buf, sizeof(buf), "Done");
		state = buf;
	} else if (jobstopped(jp))
		state = "Stopped";
	else
		state = "Running";
	printf("[%d] %c ", j + 1, j == curjob ? '+' : j == prevjob ? '-' :
	    ' ');
	if (longfmt) {
		for (i = 0; i < jp->nprocs; i++)
			printf("%d ", (int)jp->pids[i]);
	}
	printf("%-20s %s%s\n", state, jp->cmd, jp->bg && !jobdone(jp) &&
	    !jobstopped(jp) ? " &" : "");
}

/*
 * Before a prompt: report the jobs that finished or stopped since the
 * last one, and forget the finished ones.
 */
void
job_notify(void)
{
	int j;

	reap();
	if (!jobctl)
		return;
	for (j = 0; j < MAXJOBS; j++) {
		if (!jobs[j].used || !jobs[j].changed || jobs[j].waited)
			continue;
		jobs[j].changed = 0;
		if (jobdone(&jobs[j])) {
			printjob(j, 0, 0);
			freejob(j);
		} else if (jobstopped(&jobs[j]))
			printjob(j, 0, 0);
	}
	fflush(stdout);
}

/* jobs [-lp] [%job ...] */
int
list_jobs(int longfmt, int pidonly, int j)
{
	int i;

	reap();
	if (j >= 0) {
		printjob(j, longfmt, pidonly);
		return (0);
	}
	for (i = 0; i < MAXJOBS; i++) {
		if (!jobs[i].used || jobs[i].waited)
			continue;
		printjob(i, longfmt, pidonly);
		jobs[i].changed = 0;
		if (jobdone(&jobs[i]))
			freejob(i);
	}
	return (0);
}

/*
 * A job specification: %n, %+, %%, %-, %string (a command prefix),
 * %?string (a substring), or a process id.  Returns the job index, or
 * -1 with a message.
 */
int
getjob(const char *cmd, const char *spec)
{
	int j, found = -1;
	char *end;
	long n;

	if (spec == NULL || strcmp(spec, "%%") == 0 ||
	    strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) {
		if (curjob < 0 || !jobs[curjob].used) {
			fprintf(stderr, "%s: no current job\n", cmd);
			return (-1);
		}
		return (curjob);
	}
	if (strcmp(spec, "%-") == 0) {
		if (prevjob < 0 || !jobs[prevjob].used) {
			fprintf(stderr, "%s: no previous job\n", cmd);
			return (-1);
		}
		return (prevjob);
	}
	if (spec[0] == '%' && spec[1] >= '0' && spec[1] <= '9') {
		n = strtol(spec + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= MAXJOBS &&
		    jobs[n - 1].used)
			return (n - 1);
	} else if (spec[0] == '%') {
		int sub = spec[1] == '?';
		const char *s = spec + 1 + sub;

		for (j = 0; j < MAXJOBS; j++) {
			if (!jobs[j].used || jobs[j].cmd == NULL)
				continue;
			if (sub ? strstr(jobs[j].cmd, s) == NULL :
			    strncmp(jobs[j].cmd, s, strlen(s)) != 0)
				continue;
			if (found >= 0) {
				fprintf(stderr, "%s: %s: ambiguous\n", cmd,
				    spec);
				return (-1);
			}
			found = j;
		}
		if (found >= 0)
			return (found);
	} else {
		struct job *jp;

		n = strtol(spec, &end, 10);
		if (*end == '\0' && n > 0 && (jp = findpid(n, NULL)) != NULL)
			return (jp - jobs);
	}
	fprintf(stderr, "%s: %s: no such job\n", cmd, spec);
	return (-1);
}

/* The process group (or the pid) a signal for job j goes to. */
pid_t
job_target(int j)
{
	return (jobs[j].pgid != 0 ? -jobs[j].pgid : jobs[j].pids[0]);
}

/* fg: the job gets the terminal, is continued, and is waited for. */
int
job_fg(int j)
{
	struct job *jp = &jobs[j];
	int i, st = 0;

	if (!jobctl) {
		fprintf(stderr, "fg: no job control\n");
		return (2);
	}
	printf("%s\n", jp->cmd);
	fflush(stdout);
	free(cmdtext);
	cmdtext = xstrdup(jp->cmd);
	job_fg_begin();
	fgpgid = jp->pgid;
	for (i = 0; i < jp->nprocs; i++)
		if (jp->state[i] != P_DONE)
			fgpids[nfg++] = jp->pids[i];
	st = jobdone(jp) ? jobstatus(jp) : 0;
	if (nfg > 0) {
		tcsetpgrp(ttyfd, fgpgid);
		killpg(fgpgid, SIGCONT);
	}
	freejob(j);
	for (i = 0; i < MAXJOBPROCS && nfg > 0; i++) {
		pid_t pid = fgpids[i];

		if (pid == 0)
			continue;
		st = waitfor(pid);
		if (fgstopped)
			break;
	}
	if (nfg > 0 && !fgstopped)
		fg_reset();
	return (st);
}

/* bg: continue a stopped job in the background. */
int
job_bg(int j)
{
	struct job *jp = &jobs[j];
	int i;

	if (!jobctl) {
		fprintf(stderr, "bg: no job control\n");
		return (2);
	}
	if (jobdone(jp))
		return (0);
	for (i = 0; i < jp->nprocs; i++)
		if (jp->state[i] == P_STOPPED)
			jp->state[i] = P_RUNNING;
	jp->bg = 1;
	printf("[%d] %s &\n", j + 1, jp->cmd);
	fflush(stdout);
	killpg(jp->pgid, SIGCONT);
	setcurrent(j);
	return (0);
}

/* wait builtin: one pid, or all background jobs. */
int
wait_job(pid_t pid, int all)
{
	struct job *jp;
	int i, j, st, r = 0;
	pid_t w;

	for (j = 0; j < MAXJOBS; j++) {
		jp = &jobs[j];
		if (!jp->used || jp->waited)
			continue;
		if (!all) {
			for (i = 0; i < jp->nprocs; i++)
				if (jp->pids[i] == pid)
					break;
			if (i == jp->nprocs)
				continue;
		}
		for (i = 0; i < jp->nprocs; i++) {
			if (jp->state[i] == P_DONE)
				continue;
			for (;;) {
				w = waitpid(jp->pids[i], &st, 0);
				if (w == jp->pids[i]) {
					jp->status[i] = st;
					jp->state[i] = P_DONE;
					break;
				}
				if (w < 0 && errno == EINTR) {
					run_pending_traps();
					if (pending_trap_ran())
						return (128 + SIGINT);
					continue;
				}
				jp->status[i] = 127 << 8;
				jp->state[i] = P_DONE;
				break;
			}
		}
		r = jobstatus(jp);
		jp->waited = 1;
		freejob(j);
		if (!all)
			return (r);
	}
	return (all ? 0 : 127);
}
