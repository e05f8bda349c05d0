/*
 * daemon(3): detach from the controlling terminal and run in the
 * background.  The parent exits; the child becomes a session leader
 * (setsid, so it has no controlling terminal), changes to / unless
 * nochdir, and points stdin/stdout/stderr at /dev/null unless noclose.
 * SIGHUP is ignored across setsid, as FreeBSD does, so the hangup that
 * may reach the old process group while it goes away cannot kill us.
 */
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

int
daemon(int nochdir, int noclose)
{
	struct sigaction osa, sa;
	int fd, osa_ok, serrno;
	pid_t newgrp;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	osa_ok = sigaction(SIGHUP, &sa, &osa);

	switch (fork()) {
	case -1:
		return (-1);
	case 0:
		break;
	default:
		_exit(0);
	}

	newgrp = setsid();
	serrno = errno;
	if (osa_ok != -1)
		sigaction(SIGHUP, &osa, NULL);
	if (newgrp == -1) {
		errno = serrno;
		return (-1);
	}

	if (!nochdir)
		(void)chdir("/");

	if (!noclose && (fd = open(_PATH_DEVNULL, O_RDWR, 0)) != -1) {
		(void)dup2(fd, STDIN_FILENO);
		(void)dup2(fd, STDOUT_FILENO);
		(void)dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			(void)close(fd);
	}
	return (0);
}
