/*
 * setproctitle(3): what ps should show for this process.  Petrel's
 * kernel exports the arguments exec recorded (kern.proc.args.<pid>) but
 * takes no new ones (a write is EPERM), so there is nowhere to put a
 * title: this is a documented no-op, and ps keeps showing the command
 * name and arguments the process was started with.  The format is still
 * expanded (into a scratch buffer) so that a bad format shows up the same
 * way as on FreeBSD, and errno is left alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
setproctitle(const char *fmt, ...)
{
	char title[256];
	va_list ap;
	int saved_errno;

	if (fmt == NULL)
		return;
	saved_errno = errno;
	va_start(ap, fmt);
	(void)vsnprintf(title, sizeof(title), fmt, ap);
	va_end(ap);
	errno = saved_errno;
}
