/*
 * The tty driven through a pty pair (posix_openpt, TIOCGPTN, /dev/ttypN):
 * canonical input with ICRNL, echo with ONLCR, erase and kill, raw mode
 * with VMIN, echo off, ^D as EOF, tcgetattr/tcsetattr, TIOCGWINSZ and
 * TIOCSWINSZ; ^C, ^Z and ^\ post SIGINT, SIGTSTP and SIGQUIT, and a
 * window-size change SIGWINCH, to the foreground process group of a
 * child whose controlling terminal the slave is; closing the master
 * gives the slave EOF; ENOTTY and EBADF for the wrong descriptors.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/ttycom.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tap.h"

int	posix_openpt(int);

static int note_fd = -1;

static void
note(int sig)
{
	char c = sig == SIGINT ? 'I' : sig == SIGTSTP ? 'Z' :
	    sig == SIGQUIT ? 'Q' : sig == SIGWINCH ? 'W' : '?';

	write(note_fd, &c, 1);
}

/* Read what is there within ms milliseconds (0 if nothing). */
static int
read_within(int fd, char *buf, size_t len, int ms)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	ssize_t n;

	if (poll(&pfd, 1, ms) != 1)
		return (0);
	n = read(fd, buf, len - 1);
	if (n < 0)
		return (-1);
	buf[n] = '\0';
	return ((int)n);
}

static void
drain(int fd)
{
	char buf[256];

	while (read_within(fd, buf, sizeof(buf), 50) > 0)
		;
}

int
main(void)
{
	struct termios t, t2;
	struct winsize ws, ws2;
	char name[32], buf[256], c;
	int m, s, unit = -1, p[2], sync[2], st;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ok(m >= 0, "posix_openpt");
	ok(ioctl(m, TIOCGPTN, &unit) == 0 && unit >= 0, "TIOCGPTN");
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	s = open(name, O_RDWR | O_NOCTTY);
	ok(s >= 0, "open the slave");
	ok(isatty(s) && !isatty(1000), "isatty");

	/* Canonical mode. */
	is_int(tcgetattr(s, &t), 0, "tcgetattr");
	ok((t.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO) &&
	    (t.c_iflag & ICRNL) && (t.c_oflag & ONLCR), "defaults: ICANON "
	    "ECHO ICRNL ONLCR");
	write(m, "hi\r", 3);
	memset(buf, 0, sizeof(buf));
	is_int(read(s, buf, sizeof(buf)), 3, "the slave reads one line");
	is_str(buf, "hi\n", "CR became NL");
	read_within(m, buf, sizeof(buf), 1000);
	is_str(buf, "hi\r\n", "the master reads the echo with ONLCR");
	write(s, "out\n", 4);
	read_within(m, buf, sizeof(buf), 1000);
	is_str(buf, "out\r\n", "slave output reaches the master");
	write(m, "abx", 3);
	write(m, &t.c_cc[VERASE], 1);
	write(m, "d\n", 2);
	memset(buf, 0, sizeof(buf));
	read(s, buf, sizeof(buf));
	is_str(buf, "abd\n", "VERASE removes the last character");
	write(m, "junk", 4);
	write(m, &t.c_cc[VKILL], 1);
	write(m, "good\n", 5);
	memset(buf, 0, sizeof(buf));
	read(s, buf, sizeof(buf));
	is_str(buf, "good\n", "VKILL removes the line");
	write(m, "partial", 7);
	ok(read_within(s, buf, sizeof(buf), 200) == 0, "no line, nothing "
	    "to read in canonical mode");
	write(m, "\n", 1);
	memset(buf, 0, sizeof(buf));
	read(s, buf, sizeof(buf));
	is_str(buf, "partial\n", "until the newline");
	drain(m);

	/* Echo off. */
	t2 = t;
	t2.c_lflag &= ~ECHO;
	is_int(tcsetattr(s, TCSANOW, &t2), 0, "tcsetattr ECHO off");
	tcgetattr(s, &t2);
	ok((t2.c_lflag & ECHO) == 0, "tcgetattr agrees");
	write(m, "secret\n", 7);
	read(s, buf, sizeof(buf));
	is_int(read_within(m, buf, sizeof(buf), 200), 0, "no echo");

	/* ^D */
	write(m, &t.c_cc[VEOF], 1);
	is_int(read(s, buf, sizeof(buf)), 0, "VEOF at line start: EOF");
	write(m, "ab", 2);
	write(m, &t.c_cc[VEOF], 1);
	memset(buf, 0, sizeof(buf));
	ok(read(s, buf, sizeof(buf)) == 2 && strcmp(buf, "ab") == 0,
	    "VEOF after text ends the read without a newline");

	/* Raw mode. */
	t2 = t;
	cfmakeraw(&t2);
	t2.c_cc[VMIN] = 1;
	t2.c_cc[VTIME] = 0;
	is_int(tcsetattr(s, TCSAFLUSH, &t2), 0, "tcsetattr raw");
	write(m, "z", 1);
	ok(read(s, buf, sizeof(buf)) == 1 && buf[0] == 'z', "raw: one byte "
	    "at a time");
	write(m, "\x03\r", 2);
	ok(read(s, buf, sizeof(buf)) == 2 && buf[0] == 3 && buf[1] == '\r',
	    "raw: ^C and CR arrive as bytes");
	write(s, "a\n", 2);
	ok(read_within(m, buf, sizeof(buf), 1000) == 2 &&
	    strcmp(buf, "a\n") == 0, "raw: no output processing");
	tcsetattr(s, TCSAFLUSH, &t);
	drain(m);

	/* Window size. */
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = 33;
	ws.ws_col = 101;
	is_int(ioctl(s, TIOCSWINSZ, &ws), 0, "TIOCSWINSZ");
	memset(&ws2, 0, sizeof(ws2));
	ok(ioctl(s, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 33 &&
	    ws2.ws_col == 101, "TIOCGWINSZ reads it back");

	/* Signals to the foreground process group. */
	pipe(p);
	pipe(sync);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		int cs;

		close(p[0]);
		note_fd = p[1];
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = note;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTSTP, &sa, NULL);
		sigaction(SIGQUIT, &sa, NULL);
		sigaction(SIGWINCH, &sa, NULL);
		setsid();
		cs = open(name, O_RDWR);	/* the controlling terminal */
		if (cs < 0 || (ioctl(cs, TIOCSCTTY, 0) != 0 && errno != EPERM))
			_exit(2);
		if (tcgetpgrp(cs) != getpid())
			_exit(3);
		write(sync[1], "r", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	read(sync[0], &c, 1);
	write(m, &t.c_cc[VINTR], 1);
	ok(read_within(p[0], buf, 2, 5000) == 1 && buf[0] == 'I', "VINTR (^C): "
	    "SIGINT to the foreground group");
	memset(buf, 0, sizeof(buf));
	read_within(m, buf, sizeof(buf), 1000);
	is_str(buf, "^C\r\n", "the master reads the echo ^C");
	write(m, &t.c_cc[VSUSP], 1);
	ok(read_within(p[0], buf, 2, 5000) == 1 && buf[0] == 'Z', "VSUSP (^Z): "
	    "SIGTSTP");
	write(m, &t.c_cc[VQUIT], 1);
	ok(read_within(p[0], buf, 2, 5000) == 1 && buf[0] == 'Q', "VQUIT (^\\): "
	    "SIGQUIT");
	ws.ws_col = 120;
	ioctl(s, TIOCSWINSZ, &ws);
	ok(read_within(p[0], buf, 2, 5000) == 1 && buf[0] == 'W', "TIOCSWINSZ "
	    "with a new size: SIGWINCH");
	ioctl(s, TIOCSWINSZ, &ws);
	is_int(read_within(p[0], buf, 2, 300), 0, "the same size again: no "
	    "SIGWINCH");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	if (!ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the child was "
	    "alive until killed"))
		printf("# wait status %#x\n", st);
	close(p[0]);
	drain(m);

	/* Errors. */
	pipe(p);
	errno = 0;
	ok(tcgetattr(p[0], &t2) == -1 && errno == ENOTTY, "tcgetattr of a "
	    "pipe: ENOTTY");
	errno = 0;
	ok(ioctl(p[0], TIOCGWINSZ, &ws2) == -1 && errno == ENOTTY,
	    "TIOCGWINSZ of a pipe: ENOTTY");
	close(p[0]);
	close(p[1]);
	errno = 0;
	ok(tcgetattr(999, &t2) == -1 && errno == EBADF, "tcgetattr of a "
	    "closed descriptor: EBADF");
	errno = 0;
	ok(tcsetattr(s, 99, &t) == -1 && errno == EINVAL, "tcsetattr with "
	    "a bad action: EINVAL");
	errno = 0;
	ok(ioctl(s, TIOCGWINSZ, (void *)8) == -1 && errno == EFAULT,
	    "TIOCGWINSZ into a bad pointer: EFAULT");

	/* Hang-up. */
	close(m);
	is_int(read(s, buf, sizeof(buf)), 0, "after the master closes the "
	    "slave reads EOF");
	close(s);
	return (done());
}
