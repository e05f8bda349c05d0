/*
 * daemon(3): the caller's process exits 0 at once; the daemon is another
 * process, the leader of a new session and process group, without a
 * controlling terminal (/dev/tty is ENXIO), in / with stdin, stdout and
 * stderr on /dev/null.  daemon(1, 1) keeps the directory and the
 * descriptors.  The daemon reports over a pipe, which is how the test
 * waits for it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Fork a child that calls daemon(nochdir, noclose); return the report. */
static void
run_daemon(int nochdir, int noclose, int *status, char *report,
    size_t size)
{
	char cwd[PATH_MAX], msg[PATH_MAX + 128];
	struct stat sb, nsb;
	int p[2], fd, null0, null1, null2;
	pid_t pid, first;
	ssize_t n;
	size_t got;

	pipe(p);
	if ((pid = fork()) == 0) {
		close(p[0]);
		first = getpid();
		/* Known descriptors that are not /dev/null. */
		fd = open("/tmp/t_daemon.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (daemon(nochdir, noclose) == -1)
			_exit(9);
		stat("/dev/null", &nsb);
		null0 = fstat(0, &sb) == 0 && sb.st_rdev == nsb.st_rdev;
		null1 = fstat(1, &sb) == 0 && sb.st_rdev == nsb.st_rdev;
		null2 = fstat(2, &sb) == 0 && sb.st_rdev == nsb.st_rdev;
		fd = open("/dev/tty", O_RDWR);
		snprintf(msg, sizeof(msg),
		    "other=%d sid=%d pgrp=%d tty=%s cwd=%s null=%d%d%d",
		    getpid() != first, getsid(0) == getpid(),
		    getpgrp() == getpid(),
		    fd == -1 && errno == ENXIO ? "ENXIO" : "open",
		    getcwd(cwd, sizeof(cwd)) != NULL ? cwd : "?",
		    null0, null1, null2);
		write(p[1], msg, strlen(msg));
		_exit(0);
	}
	close(p[1]);
	*status = -1;
	waitpid(pid, status, 0);
	got = 0;
	while (got < size - 1 &&
	    (n = read(p[0], report + got, size - 1 - got)) > 0)
		got += n;
	report[got] = '\0';
	close(p[0]);
}

int
main(void)
{
	char report[PATH_MAX + 128];
	int st;

	chdir("/tmp");
	run_daemon(0, 0, &st, report, sizeof(report));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "daemon: the calling process exits 0");
	is_str(report, "other=1 sid=1 pgrp=1 tty=ENXIO cwd=/ null=111",
	    "daemon(0, 0): new session, no tty, in /, stdio on /dev/null");

	run_daemon(1, 1, &st, report, sizeof(report));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "daemon(1, 1): the calling process exits 0");
	is_str(report, "other=1 sid=1 pgrp=1 tty=ENXIO cwd=/tmp null=000",
	    "daemon(1, 1): new session, directory and descriptors kept");
	unlink("/tmp/t_daemon.f");
	return (done());
}
