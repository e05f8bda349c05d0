/*
 * getpass(3): prompt on and read a password from /dev/tty (stdin and
 * stderr when there is no controlling terminal) with echo off.  Like
 * FreeBSD's, it returns a static buffer of at most _PASSWORD_LEN (128)
 * characters, the rest of a longer line discarded, and restores the
 * terminal's modes before returning.  SIGINT/SIGTSTP are not blocked
 * while echo is off (FreeBSD's readpassphrase does more).
 */
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define	_PASSWORD_LEN	128

char *
getpass(const char *prompt)
{
	static char buf[_PASSWORD_LEN + 1];
	struct termios term, oterm;
	int infd, outfd, ttyfd, restore;
	size_t n;
	ssize_t r;
	char c;

	if ((ttyfd = open(_PATH_TTY, O_RDWR)) != -1) {
		infd = outfd = ttyfd;
	} else {
		infd = STDIN_FILENO;
		outfd = STDERR_FILENO;
	}
	restore = 0;
	if (tcgetattr(infd, &oterm) == 0) {
		term = oterm;
		term.c_lflag &= ~(ECHO | ECHONL);
		if (tcsetattr(infd, TCSAFLUSH, &term) == 0)
			restore = 1;
	}
	if (prompt != NULL)
		(void)write(outfd, prompt, strlen(prompt));

	n = 0;
	for (;;) {
		r = read(infd, &c, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r != 1 || c == '\n' || c == '\r')
			break;
		if (n < _PASSWORD_LEN)
			buf[n++] = c;
	}
	buf[n] = '\0';
	(void)write(outfd, "\n", 1);

	if (restore)
		(void)tcsetattr(infd, TCSAFLUSH, &oterm);
	if (ttyfd != -1)
		(void)close(ttyfd);
	return (buf);
}
