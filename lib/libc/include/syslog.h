/*
 * syslog.h: FreeBSD's syslog(3) interface and constants.  Petrel has no
 * syslogd, so gen/syslog.c writes each message to the console (and to
 * stderr too with LOG_PERROR); see docs/lib/libc.md.
 */
#ifndef _SYSLOG_H_
#define	_SYSLOG_H_

#include <sys/cdefs.h>
#include <stdarg.h>

/* Priorities: the low 3 bits of a priority value. */
#define	LOG_EMERG	0	/* system is unusable */
#define	LOG_ALERT	1	/* action must be taken immediately */
#define	LOG_CRIT	2	/* critical conditions */
#define	LOG_ERR		3	/* error conditions */
#define	LOG_WARNING	4	/* warning conditions */
#define	LOG_NOTICE	5	/* normal but significant condition */
#define	LOG_INFO	6	/* informational */
#define	LOG_DEBUG	7	/* debug-level messages */

#define	LOG_PRIMASK	0x07	/* mask to extract the priority */
#define	LOG_PRI(p)	((p) & LOG_PRIMASK)
#define	LOG_MAKEPRI(fac, pri)	((fac) | (pri))

/* Facilities: the bits above them. */
#define	LOG_KERN	(0<<3)
#define	LOG_USER	(1<<3)
#define	LOG_MAIL	(2<<3)
#define	LOG_DAEMON	(3<<3)
#define	LOG_AUTH	(4<<3)
#define	LOG_SYSLOG	(5<<3)
#define	LOG_LPR		(6<<3)
#define	LOG_NEWS	(7<<3)
#define	LOG_UUCP	(8<<3)
#define	LOG_CRON	(9<<3)
#define	LOG_AUTHPRIV	(10<<3)
#define	LOG_FTP		(11<<3)
#define	LOG_NTP		(12<<3)
#define	LOG_SECURITY	(13<<3)
#define	LOG_CONSOLE	(14<<3)
#define	LOG_LOCAL0	(16<<3)
#define	LOG_LOCAL1	(17<<3)
#define	LOG_LOCAL2	(18<<3)
#define	LOG_LOCAL3	(19<<3)
#define	LOG_LOCAL4	(20<<3)
#define	LOG_LOCAL5	(21<<3)
#define	LOG_LOCAL6	(22<<3)
#define	LOG_LOCAL7	(23<<3)

#define	LOG_NFACILITIES	24
#define	LOG_FACMASK	0x03f8
#define	LOG_FAC(p)	(((p) & LOG_FACMASK) >> 3)

/* setlogmask() arguments. */
#define	LOG_MASK(pri)	(1 << (pri))		/* one priority */
#define	LOG_UPTO(pri)	((1 << ((pri)+1)) - 1)	/* all up to pri */

/* openlog() options. */
#define	LOG_PID		0x01	/* log the pid with each message */
#define	LOG_CONS	0x02	/* log on the console if errors in sending */
#define	LOG_ODELAY	0x04	/* delay open until first syslog() */
#define	LOG_NDELAY	0x08	/* don't delay open */
#define	LOG_NOWAIT	0x10	/* don't wait for console forks */
#define	LOG_PERROR	0x20	/* log to stderr as well */

__BEGIN_DECLS
void	closelog(void);
void	openlog(const char *, int, int);
int	setlogmask(int);
void	syslog(int, const char *, ...) __printflike(2, 3);
void	vsyslog(int, const char *, va_list) __printflike(2, 0);
__END_DECLS

#endif /* !_SYSLOG_H_ */
