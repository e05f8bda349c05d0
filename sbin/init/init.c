/*
 * init(8): process 1.  It makes /dev/console the standard descriptors,
 * runs /etc/rc, then keeps a shell on the console, starting a new one
 * whenever the last exits, and reaps every orphan the kernel hands it.
 *
 * With the kernel argument `regress' (from BOOTARGS in the environment
 * the kernel gives init, or kern.bootargs, or an argument) it runs
 * /usr/bin/regress (only the parts regress.suite= names) and then
 * /extra/run if present, instead of the shell, and powers the machine off
 * with the result, which reaches the host (reboot(2) with
 * RB_POWEROFF | RB_STATUS(status)).
 *
 * SIGTERM and SIGUSR2 ask init to stop the system (halt, and power
 * off), SIGINT to reboot, as FreeBSD's init takes them (kill -USR2 1);
 * Petrel's halt, poweroff and reboot do not signal init but call
 * reboot(2) themselves (sbin/reboot).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _PATH_REGRESS	"/usr/bin/regress"
#define _PATH_EXTRARUN	"/extra/run"

static volatile sig_atomic_t stop_howto = -1;	/* set by a signal */

static void
say(const char *fmt, const char *arg)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf), fmt, arg != NULL ? arg : "");
	if (n > 0)
		write(STDERR_FILENO, buf, (size_t)n < sizeof(buf) ? (size_t)n :
		    sizeof(buf) - 1);
}

static void
onsignal(int sig)
{
	switch (sig) {
	case SIGUSR2:
		stop_howto = RB_POWEROFF;
		break;
	case SIGTERM:
		stop_howto = RB_HALT;
		break;
	case SIGINT:
		stop_howto = RB_AUTOBOOT;
		break;
	}
}

/* Make /dev/console descriptors 0, 1 and 2 (the kernel may give none). */
static void
open_console(void)
{
	int fd;

	if (fcntl(STDIN_FILENO, F_GETFD) >= 0 &&
	    fcntl(STDOUT_FILENO, F_GETFD) >= 0 &&
	    fcntl(STDERR_FILENO, F_GETFD) >= 0)
		return;
	if ((fd = open(_PATH_CONSOLE, O_RDWR)) < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Is `word' one of the blank-separated words of the kernel command line? */
static int
bootarg(int argc, char **argv, const char *word)
{
	char args[1024], *p, *w;
	size_t len;
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], word) == 0)
			return (1);
	/* The kernel hands init its command line as BOOTARGS=... */
	if ((p = getenv("BOOTARGS")) != NULL)
		strlcpy(args, p, sizeof(args));
	else {
		len = sizeof(args) - 1;
		if (sysctlbyname("kern.bootargs", args, &len, NULL, 0) < 0)
			return (0);
		args[len < sizeof(args) ? len : sizeof(args) - 1] = '\0';
	}
	for (p = args; (w = strsep(&p, " \t\n")) != NULL;)
		if (strcmp(w, word) == 0)
			return (1);
	return (0);
}

/*
 * The value of the kernel argument `word=value' (from argv or BOOTARGS),
 * copied to buf; NULL if there is none.
 */
static char *
bootarg_value(int argc, char **argv, const char *word, char *buf,
    size_t bufsize)
{
	char args[1024], *p, *w;
	size_t wl = strlen(word);
	int i;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], word, wl) == 0 && argv[i][wl] == '=') {
			strlcpy(buf, argv[i] + wl + 1, bufsize);
			return (buf);
		}
	if ((p = getenv("BOOTARGS")) == NULL)
		return (NULL);
	strlcpy(args, p, sizeof(args));
	for (p = args; (w = strsep(&p, " \t\n")) != NULL;)
		if (strncmp(w, word, wl) == 0 && w[wl] == '=') {
			strlcpy(buf, w + wl + 1, bufsize);
			return (buf);
		}
	return (NULL);
}

/*
 * Start `path' with argv in a new session on the console, the signals
 * init catches back at their defaults.
 */
static pid_t
spawn(const char *path, char *const argv[], int ctty)
{
	sigset_t mask;
	pid_t pid;

	if ((pid = fork()) < 0) {
		say("init: fork: %s\n", strerror(errno));
		return (-1);
	}
	if (pid > 0)
		return (pid);
	signal(SIGTERM, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	setsid();
	if (ctty) {
		/* The shell gets the console as its controlling terminal. */
		ioctl(STDIN_FILENO, TIOCSCTTY, 0);
		tcsetpgrp(STDIN_FILENO, getpid());
	}
	execv(path, argv);
	say("init: exec %s: ", path);
	say("%s\n", strerror(errno));
	_exit(127);
}

/* Wait for `pid', reaping any other child on the way; -1 if interrupted. */
static int
wait_for(pid_t pid, int *statusp)
{
	pid_t w;
	int status;

	for (;;) {
		w = waitpid(-1, &status, 0);
		if (w == pid) {
			*statusp = status;
			return (0);
		}
		if (w < 0) {
			if (errno == EINTR && stop_howto >= 0)
				return (-1);
			if (errno == ECHILD)
				return (-1);
		}
	}
}

static int
exit_status(int status)
{
	if (WIFEXITED(status))
		return (WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (1);
}

static void
shutdown_system(int howto, int status)
{
	sync();
	if (howto == RB_HALT || howto == RB_POWEROFF)
		howto |= RB_STATUS(status);
	reboot(howto);
	say("init: reboot: %s\n", strerror(errno));
	for (;;)
		pause();
}

static void
run_rc(void)
{
	char *argv[] = { "sh", _PATH_RC, "autoboot", NULL };
	pid_t pid;
	int status;

	if (access(_PATH_RC, R_OK) != 0)
		return;
	if ((pid = spawn(_PATH_BSHELL, argv, 0)) < 0)
		return;
	if (wait_for(pid, &status) == 0 && status != 0)
		say("init: %s failed\n", _PATH_RC);
}

/*
 * The `regress' boot (see docs/build.md, "Guest contract"): the suite, or
 * the parts named by regress.suite=PATH[,PATH] (none: no suite), then
 * /extra/run if the harness packed one, run in /extra.  The status is the
 * suite's, or /extra/run's if the suite passed.
 */
static int
run_regress(char *suite)
{
	char *argv[34], *p, *w;
	char *extraargv[] = { "run", NULL };
	int argc = 0, status = 0, st;
	pid_t pid;

	argv[argc++] = "regress";
	if (suite != NULL && strcmp(suite, "none") != 0)
		for (p = suite; (w = strsep(&p, ",")) != NULL && argc < 33;)
			if (*w != '\0')
				argv[argc++] = w;
	argv[argc] = NULL;
	if (suite == NULL || strcmp(suite, "none") != 0) {
		status = 1;
		if ((pid = spawn(_PATH_REGRESS, argv, 0)) > 0 &&
		    wait_for(pid, &st) == 0)
			status = exit_status(st);
	}
	if (access(_PATH_EXTRARUN, F_OK) == 0) {
		int xstatus = 127;

		if (chdir("/extra") != 0)
			say("init: chdir /extra: %s\n", strerror(errno));
		if ((pid = spawn(_PATH_EXTRARUN, extraargv, 0)) > 0 &&
		    wait_for(pid, &st) == 0)
			xstatus = exit_status(st);
		chdir("/");
		printf("regress: /extra/run exit status %d\n", xstatus);
		fflush(stdout);
		if (status == 0)
			status = xstatus;
	}
	return (status);
}

int
main(int argc, char **argv)
{
	char *shargv[] = { "-sh", NULL };
	char suitebuf[512], *suite;
	struct sigaction sa;
	pid_t pid;
	int status, regress;

	open_console();
	if (getpid() != 1)
		say("init: not process 1; running anyway\n", NULL);
	setenv("PATH", _PATH_STDPATH, 1);
	setenv("HOME", "/", 1);
	setenv("SHELL", _PATH_BSHELL, 1);
	setenv("TERM", "vt100", 0);
	setsid();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);

	regress = bootarg(argc, argv, "regress");
	suite = bootarg_value(argc, argv, "regress.suite", suitebuf,
	    sizeof(suitebuf));
	unsetenv("BOOTARGS");
	run_rc();

	if (regress) {
		status = run_regress(suite);
		printf("init: regress exited with status %d\n", status);
		fflush(stdout);
		shutdown_system(RB_POWEROFF, status);
	}

	for (;;) {
		if (stop_howto >= 0)
			shutdown_system(stop_howto, 0);
		pid = spawn(_PATH_BSHELL, shargv, 1);
		if (pid < 0) {
			sleep(5);
			continue;
		}
		if (wait_for(pid, &status) == 0 && stop_howto < 0)
			sleep(1);	/* do not spin if the shell dies at once */
	}
}
