/*
 * posix_spawn(3) and posix_spawnp(3): the program runs with exactly the
 * arguments, environment, descriptors, signal state, process group and
 * ids asked for, and every failure before or in the exec comes back as
 * the return value with the child already reaped.  The test runs itself
 * as the child ("t_spawn show WHAT") to report what the child saw.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

extern char **environ;
int	pipe2(int *, int);		/* newlib declares it for _GNU_SOURCE only */

static char self[PATH_MAX];

/* The child's side: print one line describing WHAT, exit 0. */
static int
show(const char *what)
{
	struct sigaction sa;
	sigset_t mask;
	char buf[PATH_MAX];
	int fd;

	if (strcmp(what, "fds") == 0) {
		for (fd = 0; fd < 16; fd++)
			putchar(fcntl(fd, F_GETFD) == -1 ? '-' : 'o');
		putchar('\n');
	} else if (strcmp(what, "sigs") == 0) {
		sigprocmask(SIG_BLOCK, NULL, &mask);
		printf("mask:%d%d", sigismember(&mask, SIGUSR1),
		    sigismember(&mask, SIGUSR2));
		printf(" act:");
		for (fd = 0; fd < 3; fd++) {
			int sig = fd == 0 ? SIGINT : fd == 1 ? SIGUSR1 : SIGUSR2;

			sigaction(sig, NULL, &sa);
			putchar(sa.sa_handler == SIG_DFL ? 'D' :
			    sa.sa_handler == SIG_IGN ? 'I' : 'C');
		}
		putchar('\n');
	} else if (strcmp(what, "pgrp") == 0) {
		printf("%d\n", getpgrp() == getpid());
	} else if (strcmp(what, "ids") == 0) {
		printf("%d %d\n", (int)getuid(), (int)geteuid());
	} else if (strcmp(what, "cwd") == 0) {
		printf("%s\n", getcwd(buf, sizeof(buf)) != NULL ? buf : "?");
	} else if (strcmp(what, "env") == 0) {
		for (char **e = environ; *e != NULL; e++)
			printf("%s;", *e);
		putchar('\n');
	} else
		return (2);
	fflush(stdout);
	return (0);
}

/*
 * Spawn argv with stdout on a pipe (an adddup2 added after the caller's
 * actions), collect the output, reap the child: returns posix_spawn's
 * result; *out gets the output and *status the wait status.
 */
static int
run(const char *path, char *const argv[], char *const envp[],
    posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr, int usepath,
    char *out, size_t outlen, int *status)
{
	posix_spawn_file_actions_t own;
	pid_t pid = -1;
	size_t len = 0;
	ssize_t n;
	int p[2], r;

	if (pipe2(p, O_CLOEXEC) != 0)
		return (-1);
	if (fa == NULL) {
		posix_spawn_file_actions_init(&own);
		fa = &own;
	}
	posix_spawn_file_actions_adddup2(fa, p[1], 1);
	r = usepath ? posix_spawnp(&pid, path, fa, attr, argv, envp) :
	    posix_spawn(&pid, path, fa, attr, argv, envp);
	close(p[1]);
	while (len + 1 < outlen &&
	    (n = read(p[0], out + len, outlen - len - 1)) > 0)
		len += n;
	out[len] = '\0';
	close(p[0]);
	*status = -1;
	if (r == 0)
		waitpid(pid, status, 0);
	if (fa == &own)
		posix_spawn_file_actions_destroy(&own);
	return (r);
}

/* No child of ours is left over (a failed spawn reaps its child). */
static int
no_children(void)
{
	int st;

	return (waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
}

static void
on_usr2(int sig)
{
	(void)sig;
}

int
main(int argc, char *argv[])
{
	char out[512], want[64];
	char *echo[] = { "echo", "hello", "world", NULL };
	char *sh3[] = { "sh", "-c", "exit 3", NULL };
	char *shenv[] = { "sh", "-c", "echo \"$FOO\"", NULL };
	char *envp[] = { "FOO=bar baz", "A=1", NULL };
	char *fds[] = { "t_spawn", "show", "fds", NULL };
	char *sigs[] = { "t_spawn", "show", "sigs", NULL };
	char *pgrp[] = { "t_spawn", "show", "pgrp", NULL };
	char *ids[] = { "t_spawn", "show", "ids", NULL };
	char *cwd[] = { "t_spawn", "show", "cwd", NULL };
	char *env[] = { "t_spawn", "show", "env", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	struct sigaction sa;
	sigset_t set, cur;
	short flags;
	pid_t pid, pg;
	int fd, st, r;

	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return (show(argv[2]));
	closefrom(3);		/* only what this test opens */
	if (realpath(argv[0], self) == NULL) {
		printf("not ok 1 - realpath %s: %s\n", argv[0], strerror(errno));
		return (1);
	}

	/* Arguments, exit status, environment. */
	r = run("/bin/echo", echo, environ, NULL, NULL, 0, out, sizeof(out),
	    &st);
	is_int(r, 0, "posix_spawn /bin/echo returns 0");
	is_str(out, "hello world\n", "the child got exactly its arguments");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "echo exited 0");
	r = run("/bin/sh", sh3, environ, NULL, NULL, 0, out, sizeof(out), &st);
	ok(r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	    "the child's exit status 3 comes through");
	r = run("/bin/sh", shenv, envp, NULL, NULL, 0, out, sizeof(out), &st);
	is_str(out, "bar baz\n", "envp is the child's environment");
	r = run(self, env, envp, NULL, NULL, 0, out, sizeof(out), &st);
	is_str(out, "FOO=bar baz;A=1;\n", "nothing but envp in the environment");
	r = posix_spawn(NULL, "/bin/sh", NULL, NULL, sh3, environ);
	is_int(r, 0, "a NULL pid pointer is allowed");
	ok(wait(&st) > 0 && WEXITSTATUS(st) == 3, "and the child is ours");

	/* Failures come back as the return value, the child reaped. */
	pid = 12345;
	r = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, echo, environ);
	is_int(r, ENOENT, "a missing program: ENOENT");
	is_int(pid, 12345, "and *pid is left alone");
	ok(no_children(), "and no child is left");
	r = posix_spawn(&pid, "/etc/motd", NULL, NULL, echo, environ);
	is_int(r, EACCES, "a file without execute permission: EACCES");
	r = posix_spawn(&pid, "/etc", NULL, NULL, echo, environ);
	is_int(r, EACCES, "a directory: EACCES");
	ok(no_children(), "no child left after the failures");

	/* posix_spawnp searches the caller's PATH. */
	setenv("PATH", "/nonexistent:/bin", 1);
	r = run("echo", echo, environ, NULL, NULL, 1, out, sizeof(out), &st);
	ok(r == 0 && strcmp(out, "hello world\n") == 0,
	    "posix_spawnp finds echo in PATH");
	setenv("PATH", "/nonexistent", 1);
	r = posix_spawnp(&pid, "echo", NULL, NULL, echo, environ);
	is_int(r, ENOENT, "posix_spawnp, not in PATH: ENOENT");
	setenv("PATH", "/bin:/usr/bin:/sbin:/usr/sbin", 1);
	r = posix_spawnp(&pid, "/bin/nonexistent", NULL, NULL, echo, environ);
	is_int(r, ENOENT, "posix_spawnp with a slash does not search");

	/* File actions. */
	unlink("/tmp/t_spawn.out");
	posix_spawn_file_actions_init(&fa);
	is_int(posix_spawn_file_actions_addopen(&fa, 1, "/tmp/t_spawn.out",
	    O_WRONLY | O_CREAT | O_TRUNC, 0640), 0, "addopen");
	r = posix_spawn(&pid, "/bin/echo", &fa, NULL, echo, environ);
	ok(r == 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0,
	    "spawn with stdout opened on a file");
	posix_spawn_file_actions_destroy(&fa);
	fd = open("/tmp/t_spawn.out", O_RDONLY);
	memset(out, 0, sizeof(out));
	ok(fd >= 0 && read(fd, out, sizeof(out) - 1) == 12, "12 bytes written");
	is_str(out, "hello world\n", "the file holds exactly the output");
	{
		struct stat sb;

		ok(fstat(fd, &sb) == 0 && (sb.st_mode & 0777) == 0640,
		    "created with addopen's mode 0640");
	}
	close(fd);
	unlink("/tmp/t_spawn.out");

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, "/nonexistent/x", O_RDONLY, 0);
	r = posix_spawn(&pid, "/bin/echo", &fa, NULL, echo, environ);
	is_int(r, ENOENT, "a failing addopen: ENOENT from posix_spawn");
	ok(no_children(), "and the child is reaped");
	posix_spawn_file_actions_destroy(&fa);

	/* Descriptors: 7 open, 8 close-on-exec, 9 closed by an action. */
	fd = open("/dev/null", O_RDONLY);
	dup2(fd, 7);
	dup2(fd, 9);
	close(fd);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dup2(fd, 8);
	fcntl(8, F_SETFD, FD_CLOEXEC);
	close(fd);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, 9);
	posix_spawn_file_actions_addclose(&fa, 12);	/* not open: fine */
	r = run(self, fds, environ, &fa, NULL, 0, out, sizeof(out), &st);
	posix_spawn_file_actions_destroy(&fa);
	ok(r == 0, "spawn with addclose of an open and a closed descriptor");
	is_str(out, "ooo----o--------\n",
	    "child: 0-2 and 7 open; 8 close-on-exec and 9 closed are gone");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, 8, 8);
	posix_spawn_file_actions_adddup2(&fa, 7, 13);
	r = run(self, fds, environ, &fa, NULL, 0, out, sizeof(out), &st);
	posix_spawn_file_actions_destroy(&fa);
	is_str(out, "ooo----ooo---o--\n",
	    "adddup2(8, 8) keeps a close-on-exec descriptor; 7 copied to 13");
	/*
	 * closefrom(3) then a dup2 from the (now closed) pipe: EBADF comes
	 * back, so the report pipe outlived the closefrom.
	 */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	r = run(self, fds, environ, &fa, NULL, 0, out, sizeof(out), &st);
	posix_spawn_file_actions_destroy(&fa);
	is_int(r, EBADF, "addclosefrom_np(3), then dup2 of a closed fd: EBADF");
	{
		int p[2];

		pipe2(p, O_CLOEXEC);
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
		posix_spawn_file_actions_addclosefrom_np(&fa, 3);
		r = posix_spawn(&pid, self, &fa, NULL, fds, environ);
		posix_spawn_file_actions_destroy(&fa);
		close(p[1]);
		memset(out, 0, sizeof(out));
		(void)read(p[0], out, sizeof(out) - 1);
		close(p[0]);
		ok(r == 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0,
		    "dup2 then addclosefrom_np(3)");
		is_str(out, "ooo-------------\n",
		    "addclosefrom_np(3): 7 and 13 closed, 0-2 kept");
	}
	close(7);
	close(8);
	close(9);

	/* chdir and fchdir. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addchdir(&fa, "/etc");
	r = run(self, cwd, environ, &fa, NULL, 0, out, sizeof(out), &st);
	posix_spawn_file_actions_destroy(&fa);
	is_str(out, "/etc\n", "addchdir(/etc)");
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addfchdir_np(&fa, fd);
	r = run(self, cwd, environ, &fa, NULL, 0, out, sizeof(out), &st);
	posix_spawn_file_actions_destroy(&fa);
	is_str(out, "/tmp\n", "addfchdir_np(/tmp)");
	close(fd);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addchdir_np(&fa, "/nonexistent");
	r = posix_spawn(&pid, self, &fa, NULL, cwd, environ);
	posix_spawn_file_actions_destroy(&fa);
	is_int(r, ENOENT, "addchdir to a missing directory: ENOENT");
	ok(getcwd(out, sizeof(out)) != NULL && strcmp(out, "/etc") != 0,
	    "the parent's directory did not change");

	/* Bad arguments to the action and attribute calls. */
	posix_spawn_file_actions_init(&fa);
	is_int(posix_spawn_file_actions_addclose(&fa, -1), EBADF,
	    "addclose(-1): EBADF");
	is_int(posix_spawn_file_actions_adddup2(&fa, 1, -2), EBADF,
	    "adddup2(1, -2): EBADF");
	is_int(posix_spawn_file_actions_addopen(&fa, -1, "/x", O_RDONLY, 0),
	    EBADF, "addopen(-1): EBADF");
	is_int(posix_spawn_file_actions_addclose(&fa, 1 << 30), EBADF,
	    "addclose(2^30): EBADF");
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_init(&at);
	is_int(posix_spawnattr_setflags(&at, 0x4000), EINVAL,
	    "setflags with an unknown flag: EINVAL");
	is_int(posix_spawnattr_setpgroup(&at, -1), EINVAL,
	    "setpgroup(-1): EINVAL");
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_getflags(&at, &flags);
	is_int(flags, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK,
	    "getflags returns what setflags set");
	posix_spawnattr_destroy(&at);

	/* Signal mask and dispositions. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	r = run(self, sigs, environ, NULL, NULL, 0, out, sizeof(out), &st);
	is_str(out, "mask:10 act:IID\n",
	    "inherited mask and ignored signals; the caught one is default");
	posix_spawnattr_init(&at);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	posix_spawnattr_setsigmask(&at, &set);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	posix_spawnattr_setsigdefault(&at, &set);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	r = run(self, sigs, environ, NULL, &at, 0, out, sizeof(out), &st);
	is_str(out, "mask:01 act:DID\n",
	    "SETSIGMASK {USR2}, SETSIGDEF {INT}");
	posix_spawnattr_getsigmask(&at, &cur);
	ok(sigismember(&cur, SIGUSR2) && !sigismember(&cur, SIGUSR1),
	    "getsigmask returns the set");
	posix_spawnattr_destroy(&at);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ok(sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2),
	    "the parent's mask is unchanged");
	sigaction(SIGUSR2, NULL, &sa);
	ok(sa.sa_handler == on_usr2, "the parent's handler is unchanged");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* Process group. */
	r = run(self, pgrp, environ, NULL, NULL, 0, out, sizeof(out), &st);
	is_str(out, "0\n", "without SETPGROUP the child is in our group");
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	r = run(self, pgrp, environ, NULL, &at, 0, out, sizeof(out), &st);
	is_str(out, "1\n", "SETPGROUP 0: the child leads a new group");
	posix_spawnattr_getpgroup(&at, &pg);
	is_int(pg, 0, "getpgroup");
	posix_spawnattr_setpgroup(&at, 999999);
	r = posix_spawn(&pid, self, NULL, &at, pgrp, environ);
	is_int(r, EPERM, "SETPGROUP into a group that does not exist: EPERM");
	ok(no_children(), "and the child is reaped");
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSCHEDULER);
	r = posix_spawn(&pid, self, NULL, &at, pgrp, environ);
	is_int(r, ENOSYS, "SETSCHEDULER (no scheduling policies): ENOSYS");
	posix_spawnattr_destroy(&at);

	/* RESETIDS: the child's effective ids become the real ones. */
	if (getuid() == 0) {
		snprintf(want, sizeof(want), "0 1000\n");
		seteuid(1000);
		r = run(self, ids, environ, NULL, NULL, 0, out, sizeof(out),
		    &st);
		is_str(out, want, "without RESETIDS the child keeps euid 1000");
		posix_spawnattr_init(&at);
		posix_spawnattr_setflags(&at, POSIX_SPAWN_RESETIDS);
		r = run(self, ids, environ, NULL, &at, 0, out, sizeof(out),
		    &st);
		posix_spawnattr_destroy(&at);
		is_str(out, "0 0\n", "RESETIDS: the child's euid is 0 again");
		seteuid(0);
		is_int(geteuid(), 0, "the parent's euid is back to 0");
	} else
		printf("ok %d - # SKIP RESETIDS needs root\n", ++tap_n);

	ok(no_children(), "every child reaped");
	return (done());
}
