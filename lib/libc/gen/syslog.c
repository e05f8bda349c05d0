/*
 * syslog(3), vsyslog, openlog, closelog, setlogmask.
 *
 * Where messages go: Petrel has no syslogd (no /var/run/log socket), so
 * the system log is the console.  Each message is written to
 * /dev/console as one line, "Mmm dd hh:mm:ss tag[pid]: message\n" (the
 * header syslogd would add), and with LOG_PERROR also to stderr as
 * "tag[pid]: message\n", as FreeBSD writes it there.  The facility is
 * accepted and dropped (there is only one log); priorities masked out
 * with setlogmask are not written anywhere.  "%m" in the format becomes
 * strerror(errno), as in FreeBSD.  The console is opened at openlog with
 * LOG_NDELAY, else on the first message, and stays open (close-on-exec)
 * until closelog.
 */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define	SYSLOG_MAXLINE	2048	/* one message, header included */

static const char *log_tag;		/* openlog's ident, else progname */
static int log_stat;			/* openlog's options */
static int log_mask = 0xff;		/* every priority */
static int log_fd = -1;			/* /dev/console */

static void
log_open_console(void)
{
	if (log_fd == -1)
		log_fd = open(_PATH_CONSOLE, O_WRONLY | O_NOCTTY | O_CLOEXEC);
}

void
openlog(const char *ident, int logstat, int logfac)
{
	(void)logfac;
	if (ident != NULL)
		log_tag = ident;
	log_stat = logstat;
	if (logstat & LOG_NDELAY)
		log_open_console();
}

void
closelog(void)
{
	if (log_fd != -1)
		(void)close(log_fd);
	log_fd = -1;
	log_tag = NULL;
	log_stat = 0;
}

int
setlogmask(int pmask)
{
	int omask;

	omask = log_mask;
	if (pmask != 0)
		log_mask = pmask;
	return (omask);
}

/* fmt with each %m replaced by the message for err (%% kept as is). */
static void
expand_m(char *out, size_t size, const char *fmt, int err)
{
	const char *msg;
	size_t n, len;

	n = 0;
	while (*fmt != '\0' && n + 1 < size) {
		if (fmt[0] == '%' && fmt[1] == 'm') {
			msg = strerror(err);
			len = strlen(msg);
			if (len > size - 1 - n)
				len = size - 1 - n;
			memcpy(out + n, msg, len);
			n += len;
			fmt += 2;
		} else if (fmt[0] == '%' && fmt[1] == '%') {
			if (n + 2 >= size)
				break;
			out[n++] = *fmt++;
			out[n++] = *fmt++;
		} else {
			out[n++] = *fmt++;
		}
	}
	out[n] = '\0';
}

void
vsyslog(int pri, const char *fmt, va_list ap)
{
	char line[SYSLOG_MAXLINE], nfmt[SYSLOG_MAXLINE];
	const char *tag;
	struct tm tm;
	time_t now;
	size_t hdr, n;
	int saved_errno, r;

	saved_errno = errno;
	if (!(LOG_MASK(LOG_PRI(pri)) & log_mask))
		return;
	tag = log_tag != NULL ? log_tag : getprogname();

	/* The date, then what stderr gets: tag[pid]: message. */
	now = time(NULL);
	hdr = strftime(line, sizeof(line), "%b %e %H:%M:%S ",
	    localtime_r(&now, &tm));
	n = hdr;
	r = snprintf(line + n, sizeof(line) - n, "%s", tag != NULL ? tag : "");
	n += r > 0 ? (size_t)r : 0;
	if ((log_stat & LOG_PID) && n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - n, "[%d]",
		    (int)getpid());
	if (tag != NULL && n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - n, ": ");
	if (n < sizeof(line)) {
		expand_m(nfmt, sizeof(nfmt), fmt, saved_errno);
		n += vsnprintf(line + n, sizeof(line) - n, nfmt, ap);
	}
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* One line: no trailing newline of the caller's, then ours. */
	while (n > hdr && line[n - 1] == '\n')
		n--;
	line[n++] = '\n';

	if (log_stat & LOG_PERROR)
		(void)write(STDERR_FILENO, line + hdr, n - hdr);
	log_open_console();
	if (log_fd != -1)
		(void)write(log_fd, line, n);
	errno = saved_errno;
}

void
syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}
