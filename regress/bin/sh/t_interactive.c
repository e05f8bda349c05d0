/*
 * The interactive shell driven through a pseudo-terminal: line editing
 * (erase, cursor motion, kill, history, ^C), and job control (^Z stops
 * the foreground job and the shell files it; jobs, bg, fg, kill %n;
 * the foreground job owns the terminal, so ^C reaches it and not the
 * shell).  The shell runs as `sh -i' on the slave side with a prompt
 * that cannot appear in any command's output.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

int	posix_openpt(int);

#define PROMPT	"%PS%"
/* A fresh prompt: redraws of the line start with a bare CR instead. */
#define NEXT	"\n" PROMPT

static int master = -1;
static char out[16384];
static size_t outlen;

/* Read from the master until `until' has appeared, or 20 s pass. */
static int
expect(const char *until)
{
	struct pollfd pfd;
	struct timespec t0, t;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		out[outlen] = '\0';
		if (strstr(out, until) != NULL)
			return (1);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 20)
			return (0);
		pfd.fd = master;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		if (outlen + 1 >= sizeof(out))
			outlen = 0;	/* keep the tail only */
		n = read(master, out + outlen, sizeof(out) - 1 - outlen);
		if (n <= 0)
			return (0);
		outlen += n;
	}
}

/* Type keys, then wait for the prompt that follows the command. */
static int
type(const char *keys, const char *until)
{
	outlen = 0;
	out[0] = '\0';
	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		return (0);
	return (expect(until));
}

/* Does the output contain line as a whole line (CR LF around it)? */
static int
hasline(const char *line)
{
	char want[256];

	snprintf(want, sizeof(want), "\r\n%s\r\n", line);
	return (strstr(out, want) != NULL);
}

static void
show(void)
{
	char *p;

	for (p = out; *p != '\0'; p++)
		if (*p == '\033')
			*p = '^';
	printf("# output: [%s]\n", out);
}

int
main(void)
{
	char slave[64], buf[256];
	int unit, st, a, b;
	pid_t pid;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (!ok(master >= 0, "posix_openpt"))
		return (done());
	if (ioctl(master, TIOCGPTN, &unit) < 0)
		return (ok(0, "TIOCGPTN"), done());
	snprintf(slave, sizeof(slave), "/dev/ttyp%d", unit);

	pid = fork();
	if (pid == 0) {
		int fd;

		setsid();
		if ((fd = open(slave, O_RDWR)) < 0)
			_exit(126);
		ioctl(fd, TIOCSCTTY, 0);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		close(master);
		setenv("PS1", PROMPT, 1);
		setenv("TERM", "vt100", 1);
		execl("/bin/sh", "sh", "-i", (char *)NULL);
		_exit(127);
	}
	ok(expect(PROMPT), "the interactive shell prompts");

	/* Line editing. */
	type("echo abX\177c\r", NEXT);
	if (!ok(hasline("abc"), "DEL erases the character before the cursor"))
		show();
	type("cho left\001e\r", NEXT);
	if (!ok(hasline("left"), "^A moves to the start; insertion there"))
		show();
	type("echo ac\033[Db\r", NEXT);
	if (!ok(hasline("abc"), "Left arrow, then insert in the middle"))
		show();
	type("garbage\025echo killed\r", NEXT);
	if (!ok(hasline("killed"), "^U kills the line before the cursor"))
		show();
	type("echo one two\027three\r", NEXT);
	if (!ok(hasline("one three"), "^W kills the word before the cursor"))
		show();
	type("echo first\r", NEXT);
	type("\033[A\r", NEXT);
	if (!ok(hasline("first"), "Up arrow recalls the previous line"))
		show();
	type("\020\020\r", NEXT);
	if (!ok(hasline("one three") && !hasline("first"),
	    "^P twice: two lines back (a recalled duplicate is kept once)"))
		show();
	type("echo nothere\003", NEXT);
	type("echo after $?\r", NEXT);
	if (!ok(hasline("after 0") && !hasline("nothere"),
	    "^C abandons the line being edited"))
		show();
	type("history\r", NEXT);
	if (!ok(strstr(out, "  echo first\r\n") != NULL, "history lists lines"))
		show();

	/* Job control: the foreground job owns the terminal. */
	type("sh -c 'ps -o pgid=,tpgid= -p $$'\r", NEXT);
	if (!ok(sscanf(strstr(out, "\r\n") ? strstr(out, "\r\n") + 2 : "",
	    "%d %d", &a, &b) == 2 && a == b && a > 0,
	    "a foreground job is its own group, and the terminal's"))
		show();
	type("ps -o pgid= -p $$\r", NEXT);
	if (!ok(sscanf(strstr(out, "\r\n") ? strstr(out, "\r\n") + 2 : "",
	    "%d", &b) == 1 && b != a, "... not the shell's group"))
		show();

	/* ^C reaches the foreground job, the shell survives. */
	/* "go" is printed by the job itself, so it is running by then. */
	type("sh -c 'echo go; exec sleep 30'\r", "\r\ngo\r\n");
	type("\003", NEXT);
	type("echo alive $?\r", NEXT);
	if (!ok(hasline("alive 130"), "^C kills the foreground job only"))
		show();

	/* ^Z stops it and the shell files it. */
	type("sh -c 'echo go; exec sleep 31'\r", "\r\ngo\r\n");
	type("\032", NEXT);
	if (!ok(strstr(out, "[1]+  Stopped") != NULL &&
	    strstr(out, "exec sleep 31") != NULL, "^Z: [1]+ Stopped, the command"))
		show();
	type("echo st $?\r", NEXT);
	if (!ok(hasline("st 146"), "a stopped job's status is 128+SIGTSTP"))
		show();
	type("jobs\r", NEXT);
	if (!ok(strstr(out, "[1] + Stopped") != NULL, "jobs: Stopped"))
		show();
	type("bg\r", NEXT);
	if (!ok(hasline("[1] sh -c 'echo go; exec sleep 31' &"),
	    "bg continues it"))
		show();
	type("jobs\r", NEXT);
	if (!ok(strstr(out, "[1] + Running") != NULL, "jobs: Running"))
		show();
	/*
	 * SIGTERM reaches the job when it next runs, not when kill returns,
	 * so a "jobs" typed at once may still see it running.  "wait %1"
	 * waits for the death, reports 128+SIGTERM and frees the slot.
	 */
	type("kill %1\r", NEXT);
	type("wait %1; echo w $?\r", NEXT);
	if (!ok(hasline("w 143"), "kill %1 ends it: wait says 128+SIGTERM"))
		show();
	type("jobs\r", NEXT);
	if (!ok(strstr(out, "[1]") == NULL, "the table is empty after wait"))
		show();

	/* & and fg. */
	type("sleep 32 &\r", NEXT);
	if (!ok(strstr(out, "[1] ") != NULL, "& reports [1] pid"))
		show();
	type("fg %1\r", "sleep 32");
	usleep(1000000);
	type("\003", NEXT);
	type("echo fg $?\r", NEXT);
	if (!ok(hasline("fg 130"), "fg brings it back; ^C reaches it"))
		show();
	type("fg\r", NEXT);
	if (!ok(strstr(out, "no current job") != NULL, "fg with no job"))
		show();
	type("kill %9\r", NEXT);
	if (!ok(strstr(out, "kill: %9: no such job") != NULL,
	    "kill %9: no such job"))
		show();

	/* A pipeline stops as one job. */
	type("sh -c 'echo go; exec sleep 33' | cat\r", "\r\ngo\r\n");
	type("\032", NEXT);
	type("jobs -l\r", NEXT);
	if (!ok(strstr(out, "Stopped") != NULL &&
	    strstr(out, "sleep 33' | cat") != NULL, "a stopped pipeline"))
		show();
	type("kill -9 %1\r", NEXT);
	type("wait %1; echo w $?\r", NEXT);
	if (!ok(hasline("w 137"), "kill -9 %1: wait says 128+SIGKILL"))
		show();
	type("jobs\r", NEXT);
	if (!ok(strstr(out, "[1]") == NULL, "kill -9 %1: gone"))
		show();

	/* ^D on an empty line ends the shell. */
	type("exit 7\r", "");
	is_int(waitpid(pid, &st, 0), pid, "the shell exits");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "with its status");
	(void)buf;
	return (done());
}
