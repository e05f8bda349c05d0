/*
 * Processes: fork returns 0 in the child and its pid in the parent;
 * exit statuses 0, 1 and 255 arrive exactly through wait4/waitpid; a
 * child killed by SIGKILL reports WIFSIGNALED/WTERMSIG; execve runs
 * /bin/echo with its arguments through a pipe; getppid in the child is
 * the parent; waitpid with WNOHANG on a running child returns 0; wait
 * with no children fails with ECHILD.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int
child_exit(int code)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0)
		_exit(code);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : -2);
}

int
main(void)
{
	pid_t pid, parent = getpid();
	int st, pfd[2];
	char buf[64];
	ssize_t n, total;

	is_int(child_exit(0), 0, "exit status 0");
	is_int(child_exit(1), 1, "exit status 1");
	is_int(child_exit(255), 255, "exit status 255");

	pid = fork();
	if (pid == 0) {
		_exit(getppid() == parent ? 7 : 8);
	}
	ok(pid > 0, "fork returns the child's pid");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 7, "getppid in the child is the parent");

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	is_int(waitpid(pid, &st, WNOHANG), 0, "WNOHANG on a running child");
	kill(pid, SIGKILL);
	ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	    WTERMSIG(st) == SIGKILL, "killed child: WTERMSIG SIGKILL");

	ok(pipe(pfd) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 1);
		close(pfd[1]);
		execl("/bin/echo", "echo", "hello", "from", "exec", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	total = 0;
	while ((n = read(pfd[0], buf + total, sizeof(buf) - 1 - total)) > 0)
		total += n;
	buf[total] = '\0';
	close(pfd[0]);
	is_str(buf, "hello from exec\n", "execve output through a pipe");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "exec'd child exits 0");

	pid = fork();
	if (pid == 0) {
		execl("/nonexistent", "x", (char *)NULL);
		_exit(errno == ENOENT ? 3 : 4);
	}
	ok(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3,
	    "execve of a missing file: ENOENT");

	errno = 0;
	ok(wait(&st) == -1 && errno == ECHILD, "wait without children: ECHILD");
	return (done());
}
