/*
 * syslog: with LOG_PERROR each message reaches stderr as exactly
 * "tag[pid]: message\n" (the console gets the same line after a date);
 * %m is strerror(errno) and %% a percent; a trailing newline is not
 * doubled; setlogmask drops masked priorities and returns the old mask
 * (0 leaves it); openlog without LOG_PID, and the program name as the
 * default tag; LOG_NDELAY opens /dev/console at once (close-on-exec)
 * and closelog closes it.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "tap.h"

static int rfd;
static int skipfd = -1;		/* our saved stderr, maybe the console */

/* What stderr received since the last call. */
static const char *
got(void)
{
	static char buf[512];
	ssize_t n;

	n = read(rfd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	return (buf);
}

static void
vlog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

/* The lowest descriptor that is a console, or -1. */
static int
console_fd(void)
{
	struct stat cs, sb;
	int fd;

	if (stat("/dev/console", &cs) == -1)
		return (-1);
	for (fd = 3; fd < 64; fd++)
		if (fd != skipfd && fstat(fd, &sb) == 0 && S_ISCHR(sb.st_mode) &&
		    sb.st_rdev == cs.st_rdev)
			return (fd);
	return (-1);
}

int
main(void)
{
	char want[256];
	int p[2], saved, fd, omask;

	fflush(stdout);
	saved = dup(2);
	skipfd = saved;
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	rfd = p[0];
	dup2(p[1], 2);
	close(p[1]);

	openlog("t_syslog", LOG_PID | LOG_PERROR, LOG_USER);
	syslog(LOG_ERR, "hello %d", 42);
	snprintf(want, sizeof(want), "t_syslog[%d]: hello 42\n", (int)getpid());
	is_str(got(), want, "LOG_PERROR: tag[pid]: message");

	errno = ENOENT;
	syslog(LOG_WARNING, "open: %m (100%%)");
	snprintf(want, sizeof(want),
	    "t_syslog[%d]: open: No such file or directory (100%%)\n",
	    (int)getpid());
	is_str(got(), want, "%m and %%");

	syslog(LOG_NOTICE, "one line\n");
	snprintf(want, sizeof(want), "t_syslog[%d]: one line\n", (int)getpid());
	is_str(got(), want, "a trailing newline is not doubled");

	vlog(LOG_INFO, "v%s", "syslog");
	snprintf(want, sizeof(want), "t_syslog[%d]: vsyslog\n", (int)getpid());
	is_str(got(), want, "vsyslog");

	omask = setlogmask(LOG_UPTO(LOG_ERR));
	is_int(omask, 0xff, "setlogmask: the old mask, every priority");
	syslog(LOG_INFO, "dropped");
	is_str(got(), "", "LOG_INFO masked: nothing written");
	syslog(LOG_CRIT, "kept");
	snprintf(want, sizeof(want), "t_syslog[%d]: kept\n", (int)getpid());
	is_str(got(), want, "LOG_CRIT passes the mask");
	is_int(setlogmask(0), LOG_UPTO(LOG_ERR), "setlogmask(0): current mask");
	is_int(setlogmask(0xff), LOG_UPTO(LOG_ERR), "setlogmask(0) changed nothing");
	syslog(LOG_DEBUG | LOG_DAEMON, "debug");
	snprintf(want, sizeof(want), "t_syslog[%d]: debug\n", (int)getpid());
	is_str(got(), want, "facility bits accepted");
	closelog();

	openlog("tag", LOG_PERROR, LOG_DAEMON);
	syslog(LOG_ERR, "no pid");
	is_str(got(), "tag: no pid\n", "without LOG_PID");
	closelog();
	openlog(NULL, LOG_PERROR, 0);
	syslog(LOG_ERR, "default tag");
	is_str(got(), "t_syslog: default tag\n", "default tag: program name");
	closelog();

	ok(console_fd() == -1, "no console descriptor before LOG_NDELAY");
	openlog("t_syslog", LOG_NDELAY, LOG_USER);
	fd = console_fd();
	ok(fd != -1, "LOG_NDELAY: /dev/console opened");
	ok(fd != -1 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "close-on-exec");
	syslog(LOG_INFO, "# t_syslog: this line goes to the console");
	is_str(got(), "", "without LOG_PERROR nothing on stderr");
	closelog();
	ok(console_fd() == -1, "closelog closes it");

	dup2(saved, 2);
	close(saved);
	return (done());
}
