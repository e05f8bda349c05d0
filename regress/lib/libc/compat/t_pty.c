/*
 * The pseudo-terminal calls: posix_openpt + grantpt + unlockpt +
 * ptsname naming /dev/ttypN for the master's TIOCGPTN unit (and
 * ttyname of the slave the same); openpty with
 * a raw termios and a window size (bytes both ways unchanged, the size
 * read back from the master); forkpty (the child has the slave as its
 * controlling terminal and stdio in a new session, its output and exit
 * status come back); getpass on a pty (prompt, no echo, the line);
 * login_tty; and EBADF/EINVAL for descriptors that
 * are not masters.  Once forkpty's child has exited (the last slave
 * open closed) the master polls POLLHUP and reads end of file.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <libutil.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tap.h"

/*
 * Read exactly want bytes, each wait bounded by 10 s (a backstop: the
 * master sees EOF only once every slave open is closed, so a child that
 * stalls must not hang the test); return how many came.
 */
static size_t
read_n(int fd, char *buf, size_t want)
{
	struct pollfd pfd;
	size_t got = 0;
	ssize_t n;

	while (got < want) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) != 1)
			break;
		if ((n = read(fd, buf + got, want - got)) <= 0)
			break;
		got += n;
	}
	buf[got] = '\0';
	return (got);
}

int
main(void)
{
	char name[64], want[64], buf[256], *pn;
	struct winsize ws, ws2;
	struct termios raw;
	int m, s, unit, fd, st;
	pid_t pid;

	/* The POSIX sequence. */
	m = posix_openpt(O_RDWR | O_NOCTTY);
	ok(m >= 0, "posix_openpt");
	is_int(grantpt(m), 0, "grantpt");
	is_int(unlockpt(m), 0, "unlockpt");
	ioctl(m, TIOCGPTN, &unit);
	snprintf(want, sizeof(want), "/dev/ttyp%d", unit);
	pn = ptsname(m);
	is_str(pn, want, "ptsname is /dev/ttyp<TIOCGPTN>");
	s = pn != NULL ? open(pn, O_RDWR | O_NOCTTY) : -1;
	ok(s >= 0 && isatty(s), "the slave opens and is a tty");
	is_str(ttyname(s), want, "ttyname(slave) is its /dev/ttypN");
	write(s, "ok\n", 3);
	read_n(m, buf, 4);
	is_str(buf, "ok\r\n", "slave output reaches the master (ONLCR)");
	close(s);
	close(m);

	/* Not masters. */
	errno = 0;
	ok(ptsname(-1) == NULL && errno == EBADF, "ptsname(-1): EBADF");
	errno = 0;
	ok(grantpt(99) == -1 && errno == EBADF, "grantpt(closed): EBADF");
	fd = open("/dev/null", O_RDWR);
	errno = 0;
	ok(ptsname(fd) == NULL && errno == EINVAL, "ptsname(/dev/null): EINVAL");
	errno = 0;
	ok(unlockpt(fd) == -1 && errno == EINVAL, "unlockpt(/dev/null): EINVAL");
	close(fd);

	/* openpty with a raw termios and a window size. */
	memset(&raw, 0, sizeof(raw));
	tcgetattr(0, &raw);
	cfmakeraw(&raw);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = 33;
	ws.ws_col = 101;
	is_int(openpty(&m, &s, name, &raw, &ws), 0, "openpty");
	ioctl(m, TIOCGPTN, &unit);
	snprintf(want, sizeof(want), "/dev/ttyp%d", unit);
	is_str(name, want, "openpty: name");
	memset(&ws2, 0, sizeof(ws2));
	ioctl(m, TIOCGWINSZ, &ws2);
	ok(ws2.ws_row == 33 && ws2.ws_col == 101, "openpty: window size set");
	write(m, "abc\r\n", 5);
	is_int(read_n(s, buf, 5), 5, "master -> slave: 5 bytes");
	is_str(buf, "abc\r\n", "master -> slave: raw, unchanged");
	write(s, "xyz\n", 4);
	is_int(read_n(m, buf, 4), 4, "slave -> master: 4 bytes");
	is_str(buf, "xyz\n", "slave -> master: raw, no ONLCR");
	close(s);
	close(m);

	/* forkpty: the child's stdio and controlling terminal. */
	pid = forkpty(&m, name, &raw, NULL);
	if (pid == 0) {
		char line[32];
		size_t n = 0;

		fd = open("/dev/tty", O_RDWR);
		printf("tty=%d%d%d ctty=%d sid=%d pg=%d\n", isatty(0),
		    isatty(1), isatty(2), fd >= 0, getsid(0) == getpid(),
		    tcgetpgrp(0) == getpgrp());
		fflush(stdout);
		while (n < sizeof(line) - 1 && read(0, &line[n], 1) == 1 &&
		    line[n] != '\n')
			n++;
		line[n] = '\0';
		printf("got:%s\n", line);
		fflush(stdout);
		_exit(4);
	}
	ok(pid > 0, "forkpty");
	write(m, "ping\n", 5);
	read_n(m, buf, strlen("tty=111 ctty=1 sid=1 pg=1\ngot:ping\n"));
	is_str(buf, "tty=111 ctty=1 sid=1 pg=1\ngot:ping\n",
	    "forkpty: child on the slave, in its own session");
	st = -1;
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 4, "forkpty: child exit 4");
	{
		struct pollfd pfd = { .fd = m, .events = POLLIN };

		is_int(poll(&pfd, 1, 10000), 1, "forkpty: master pollable "
		    "after the child exits");
		ok((pfd.revents & POLLHUP) != 0, "forkpty: master POLLHUP "
		    "once the slave is closed");
		is_int(read(m, buf, sizeof(buf)), 0,
		    "forkpty: master reads EOF once the slave is closed");
	}
	close(m);

	/* getpass in a child on a pty: prompt, echo off, the line back. */
	pid = forkpty(&m, NULL, NULL, NULL);
	if (pid == 0) {
		char *pw = getpass("Pw:");
		struct termios t;

		tcgetattr(0, &t);
		printf("[%s] echo=%d\n", pw, (t.c_lflag & ECHO) != 0);
		fflush(stdout);
		_exit(0);
	}
	read_n(m, buf, 3);
	is_str(buf, "Pw:", "getpass: prompt on the terminal");
	write(m, "secret\n", 7);
	read_n(m, buf, strlen("\r\n[secret] echo=1\r\n"));
	is_str(buf, "\r\n[secret] echo=1\r\n",
	    "getpass: no echo, the line returned, echo restored");
	waitpid(pid, &st, 0);
	close(m);

	/* login_tty on a descriptor that is not a terminal. */
	if ((pid = fork()) == 0) {
		fd = open("/dev/null", O_RDWR);
		_exit(login_tty(fd) == -1 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "login_tty(/dev/null): -1");
	return (done());
}
