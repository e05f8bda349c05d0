/*
 * err(3) and warn(3): messages on stderr prefixed with the program name,
 * with strerror(errno) for the forms without an x.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_private.h"

static void
vwarnc_common(int code, int witherr, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", __progname);
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		if (witherr)
			fputs(": ", stderr);
	}
	if (witherr)
		fputs(strerror(code), stderr);
	fputc('\n', stderr);
	fflush(stderr);
}

void
vwarn(const char *fmt, va_list ap)
{
	vwarnc_common(errno, 1, fmt, ap);
}

void
vwarnc(int code, const char *fmt, va_list ap)
{
	vwarnc_common(code, 1, fmt, ap);
}

void
vwarnx(const char *fmt, va_list ap)
{
	vwarnc_common(0, 0, fmt, ap);
}

void
warn(const char *fmt, ...)
{
	va_list ap;
	int serrno = errno;

	va_start(ap, fmt);
	vwarnc_common(serrno, 1, fmt, ap);
	va_end(ap);
}

void
warnc(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc_common(code, 1, fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc_common(0, 0, fmt, ap);
	va_end(ap);
}

void
verr(int eval, const char *fmt, va_list ap)
{
	vwarnc_common(errno, 1, fmt, ap);
	exit(eval);
}

void
verrc(int eval, int code, const char *fmt, va_list ap)
{
	vwarnc_common(code, 1, fmt, ap);
	exit(eval);
}

void
verrx(int eval, const char *fmt, va_list ap)
{
	vwarnc_common(0, 0, fmt, ap);
	exit(eval);
}

void
err(int eval, const char *fmt, ...)
{
	va_list ap;
	int serrno = errno;

	va_start(ap, fmt);
	vwarnc_common(serrno, 1, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
errc(int eval, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc_common(code, 1, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
errx(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc_common(0, 0, fmt, ap);
	va_end(ap);
	exit(eval);
}
