/*
 * Pseudo-terminals for programs: the POSIX master calls (ptsname,
 * grantpt, unlockpt; posix_openpt itself is the system call) and BSD's
 * libutil openpty, forkpty and login_tty.
 *
 * Petrel's kernel (sys/kern/tty_pty.c) makes a pair in posix_openpt(2):
 * the master is the returned descriptor; the slave is /dev/ttypN, where
 * N is the master's TIOCGPTN, already owned by the caller with mode 0620
 * and usable at once.  So grantpt and unlockpt have nothing left to do
 * but check that fd is a master (EBADF for a bad descriptor, EINVAL for
 * one that is not a pty master, as FreeBSD answers).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <libutil.h>

#define	PTS_PREFIX	"/dev/ttyp"

/* The master's unit, or -1 with EBADF/EINVAL. */
static int
pty_unit(int fd)
{
	int unit;

	if (ioctl(fd, TIOCGPTN, &unit) == -1) {
		if (errno != EBADF)
			errno = EINVAL;
		return (-1);
	}
	return (unit);
}

int
grantpt(int fd)
{
	return (pty_unit(fd) == -1 ? -1 : 0);
}

int
unlockpt(int fd)
{
	return (pty_unit(fd) == -1 ? -1 : 0);
}

char *
ptsname(int fd)
{
	static char buf[sizeof(PTS_PREFIX) + 12];
	int unit;

	if ((unit = pty_unit(fd)) == -1)
		return (NULL);
	snprintf(buf, sizeof(buf), PTS_PREFIX "%d", unit);
	return (buf);
}

/*
 * Make fd the caller's controlling terminal and its stdin, stdout and
 * stderr, in a new session.  fd is closed (unless it is 0-2).
 */
int
login_tty(int fd)
{
	(void)setsid();
	if (ioctl(fd, TIOCSCTTY, NULL) == -1)
		return (-1);
	(void)dup2(fd, STDIN_FILENO);
	(void)dup2(fd, STDOUT_FILENO);
	(void)dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		(void)close(fd);
	return (0);
}

/*
 * A master/slave pair; name (at least sizeof("/dev/ttypNN") bytes; BSD
 * gives no length) receives the slave's path; termp and winp, when
 * given, set the slave's termios and window size.
 */
int
openpty(int *amaster, int *aslave, char *name, struct termios *termp,
    struct winsize *winp)
{
	const char *sname;
	int master, slave;

	if ((master = posix_openpt(O_RDWR | O_NOCTTY)) == -1)
		return (-1);
	if (grantpt(master) == -1 || unlockpt(master) == -1 ||
	    (sname = ptsname(master)) == NULL)
		goto bad;
	if ((slave = open(sname, O_RDWR | O_NOCTTY)) == -1)
		goto bad;
	if ((termp != NULL && tcsetattr(slave, TCSAFLUSH, termp) == -1) ||
	    (winp != NULL && ioctl(slave, TIOCSWINSZ, winp) == -1)) {
		close(slave);
		goto bad;
	}
	if (name != NULL)
		strcpy(name, sname);
	*amaster = master;
	*aslave = slave;
	return (0);
bad:
	close(master);
	return (-1);
}

/*
 * openpty, then fork: the child gets the slave as its controlling
 * terminal and stdio (login_tty) and returns 0; the parent gets the
 * master in *amaster and returns the child's pid.
 */
pid_t
forkpty(int *amaster, char *name, struct termios *termp,
    struct winsize *winp)
{
	int master, slave;
	pid_t pid;

	if (openpty(&master, &slave, name, termp, winp) == -1)
		return (-1);
	switch (pid = fork()) {
	case -1:
		close(master);
		close(slave);
		return (-1);
	case 0:
		close(master);
		if (login_tty(slave) == -1)
			_exit(1);
		return (0);
	}
	*amaster = master;
	close(slave);
	return (pid);
}
