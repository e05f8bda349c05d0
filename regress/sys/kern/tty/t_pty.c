/*
 * The tty driven through a pty pair (posix_openpt, TIOCGPTN, /dev/ttypN):
 * canonical input with ICRNL, echo with ONLCR, erase and kill, raw mode
 * with VMIN, echo off, ^D as EOF, tcgetattr/tcsetattr, TIOCGWINSZ and
 * TIOCSWINSZ; ^C, ^Z and ^\ post SIGINT, SIGTSTP and SIGQUIT, and a
 * window-size change SIGWINCH, to the foreground process group of a
 * child whose controlling terminal the slave is; closing the master
 * gives the slave EOF; ENOTTY and EBADF for the wrong descriptors.
 * Job control: a background group's read stops it with SIGTTIN (EIO if
 * SIGTTIN is ignored or blocked or the group orphaned, EINTR if caught
 * without SA_RESTART), its write with TOSTOP and its tcsetattr stop it
 * with SIGTTOU (allowed if SIGTTOU is ignored; EIO when orphaned).
 */
#include <sys/types.h>
#include <sys/event.h>
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

/*
 * Job control, from a session leader L whose controlling terminal is a
 * pty slave: each step forks a child into a new (background) process
 * group to do one thing to the terminal; L reports each verdict as a
 * 'y' or 'n' byte on jc_fd, and the parent turns them into TAP lines.
 */
static const char *jc_names[] = {
	"the slave is the leader's controlling terminal",
	"background read: stopped by SIGTTIN",
	"continued in the foreground, the read restarts and gets the line",
	"with SIGTTOU ignored, tcsetpgrp from the background is allowed",
	"background read with SIGTTIN ignored: EIO",
	"background read with SIGTTIN blocked: EIO",
	"background read, SIGTTIN caught without SA_RESTART: EINTR",
	"background write without TOSTOP: written, no stop",
	"TOSTOP set by the foreground",
	"background write with TOSTOP: stopped by SIGTTOU",
	"continued in the foreground, the write completes",
	"background write with TOSTOP, SIGTTOU ignored: written",
	"background tcsetattr: stopped by SIGTTOU",
	"an orphaned background group's read: EIO",
	"an orphaned background group's write with TOSTOP: EIO",
};
#define JC_N	((int)(sizeof(jc_names) / sizeof(jc_names[0])))

static int jc_fd, jc_orphan_fd;
static volatile sig_atomic_t got_ttin;

static void
h_ttin(int sig)
{
	(void)sig;
	got_ttin = 1;
}

static void
jc(int cond)
{
	write(jc_fd, cond ? "y" : "n", 1);
}

/* In the background child: do op to the terminal; the exit status. */
static int
bg_op(int cs, int op)
{
	struct sigaction sa;
	struct termios t;
	sigset_t set;
	char buf[16];
	ssize_t n;
	pid_t parent;

	/* L ignores SIGTTOU, as a shell does; init ignores both. */
	signal(SIGTTOU, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	switch (op) {
	case 0:			/* read, SIGTTIN default */
		return ((int)read(cs, buf, sizeof(buf)));
	case 1:			/* read, SIGTTIN ignored */
		signal(SIGTTIN, SIG_IGN);
		n = read(cs, buf, sizeof(buf));
		return (n == -1 && errno == EIO ? 0 : 1);
	case 2:			/* read, SIGTTIN blocked */
		sigemptyset(&set);
		sigaddset(&set, SIGTTIN);
		sigprocmask(SIG_BLOCK, &set, NULL);
		n = read(cs, buf, sizeof(buf));
		return (n == -1 && errno == EIO ? 0 : 1);
	case 3:			/* read, SIGTTIN caught, no SA_RESTART */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = h_ttin;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTTIN, &sa, NULL);
		n = read(cs, buf, sizeof(buf));
		return (n == -1 && errno == EINTR && got_ttin ? 0 : 1);
	case 4:			/* write, SIGTTOU default */
		return ((int)write(cs, "x", 1));
	case 5:			/* write, SIGTTOU ignored */
		signal(SIGTTOU, SIG_IGN);
		return (write(cs, "x", 1) == 1 ? 0 : 1);
	case 6:			/* tcsetattr, SIGTTOU default */
		tcgetattr(cs, &t);
		return (tcsetattr(cs, TCSANOW, &t) == 0 ? 0 : 1);
	case 7:			/* orphan a grandchild's group */
		parent = getpid();
		if (fork() == 0) {
			setpgid(0, 0);
			while (getppid() == parent)
				usleep(10000);
			n = read(cs, buf, sizeof(buf));
			write(jc_orphan_fd, n == -1 && errno == EIO ? "y" :
			    "n", 1);
			n = write(cs, "x", 1);
			write(jc_orphan_fd, n == -1 && errno == EIO ? "y" :
			    "n", 1);
			_exit(0);
		}
		return (0);
	case 8:			/* write, no TOSTOP */
		return (write(cs, "x", 1) == 1 ? 0 : 1);
	}
	return (99);
}

static pid_t
bg(int cs, int op)
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(bg_op(cs, op));
	}
	setpgid(pid, pid);
	return (pid);
}

/* op exits with status want, without stopping. */
static int
bg_exits(int cs, int op, int want)
{
	pid_t pid;
	int st;

	pid = bg(cs, op);
	return (waitpid(pid, &st, WUNTRACED) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == want);
}

/* op stops with sig; then continued in the foreground, exits want. */
static void
bg_stops(int cs, int op, int sig, int want)
{
	pid_t pid;
	int st;

	pid = bg(cs, op);
	jc(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	    WSTOPSIG(st) == sig);
	if (want < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return;
	}
	tcsetpgrp(cs, pid);
	kill(pid, SIGCONT);
	jc(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == want);
}

static void
jc_leader(const char *name, int m)
{
	struct termios t;
	char r[2];
	int cs, op[2], st;
	pid_t pid;

	signal(SIGTTOU, SIG_IGN);
	setsid();
	cs = open(name, O_RDWR);
	jc(cs >= 0 && tcgetpgrp(cs) == getpid());
	write(m, "hi\n", 3);
	bg_stops(cs, 0, SIGTTIN, 3);
	jc(tcsetpgrp(cs, getpid()) == 0);
	jc(bg_exits(cs, 1, 0));
	jc(bg_exits(cs, 2, 0));
	jc(bg_exits(cs, 3, 0));
	jc(bg_exits(cs, 8, 0));
	tcgetattr(cs, &t);
	t.c_lflag |= TOSTOP;
	jc(tcsetattr(cs, TCSANOW, &t) == 0);
	bg_stops(cs, 4, SIGTTOU, 1);
	tcsetpgrp(cs, getpid());
	jc(bg_exits(cs, 5, 0));
	bg_stops(cs, 6, SIGTTOU, -1);
	pipe(op);
	jc_orphan_fd = op[1];
	pid = bg(cs, 7);
	waitpid(pid, &st, 0);
	if (read_within(op[0], r, 2, 5000) == 1)
		write(jc_fd, r, 1);
	if (read_within(op[0], r, 2, 5000) == 1)
		write(jc_fd, r, 1);
	_exit(0);
}

static void
job_control(void)
{
	char name[32], res[JC_N + 1];
	int m, unit = -1, p[2], n, i, st;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		jc_fd = p[1];
		jc_leader(name, m);
	}
	close(p[1]);
	n = 0;
	while (n < JC_N && read_within(p[0], res + n, 2, 20000) == 1)
		n++;
	for (i = 0; i < JC_N; i++)
		ok(i < n && res[i] == 'y', jc_names[i]);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the job-control leader exits 0");
	close(p[0]);
	drain(m);
	close(m);
}

/*
 * A pty that goes away under its session: a child makes the slave its
 * controlling terminal, watches /dev/tty with a kqueue, then it and the
 * parent close both sides.  The knote must report EOF (not touch the
 * freed terminal) and the session must have no terminal any more
 * (/dev/tty: ENXIO).  Exit status: 0, or which check failed.
 */
static int
gone_child(const char *name, int m, int sync_r, int sync_w)
{
	struct kevent kev, got;
	struct timespec ts = { 5, 0 };
	int s, t, kq, n;
	char c;

	signal(SIGHUP, SIG_IGN);	/* the master's close hangs up */
	close(m);			/* the parent's is the only one */
	setsid();
	s = open(name, O_RDWR);		/* the controlling terminal */
	if (s < 0)
		return (10);
	t = open("/dev/tty", O_RDWR);
	kq = kqueue();
	if (t < 0 || kq < 0)
		return (11);
	EV_SET(&kev, t, EVFILT_READ, EV_ADD, 0, 0, NULL);
	if (kevent(kq, &kev, 1, NULL, 0, NULL) != 0)
		return (12);
	close(s);
	write(sync_w, "c", 1);		/* parent: close the master */
	read(sync_r, &c, 1);
	n = kevent(kq, NULL, 0, &got, 1, &ts);
	if (n != 1 || (got.flags & EV_EOF) == 0)
		return (13);
	errno = 0;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return (14);
	close(t);
	close(kq);
	return (0);
}

static void
test_pty_gone(void)
{
	char name[32], c;
	int m, unit = -1, st, a[2], b[2];
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	pipe(a);
	pipe(b);
	pid = fork();
	if (pid == 0)
		_exit(gone_child(name, m, b[0], a[1]));
	read(a[0], &c, 1);
	close(m);
	write(b[1], "m", 1);
	waitpid(pid, &st, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a pty freed under "
	    "its session: the /dev/tty knote sees EOF, /dev/tty is ENXIO"))
		printf("# wait status %#x\n", st);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
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

	job_control();
	test_pty_gone();
	return (done());
}
