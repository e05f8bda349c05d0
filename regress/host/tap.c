/*
 * tap.c: the TAP output of the host unit tests (see tap.h).  Output is
 * flushed after every line so that a test that crashes (AddressSanitizer
 * aborts the process) still shows every check before the crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int tap_count;		/* checks so far */
static int tap_failed;		/* of which failed */

static int
tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return (cond);
}

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return (r);
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int
tap_is_int(intmax_t got, intmax_t want, const char *name)
{
	if (got != want)
		tap_diag("%s: got %jd, want %jd", name, got, want);
	return (tap_ok(got == want, "%s", name));
}

int
tap_is_str(const char *got, const char *want, const char *name)
{
	int same;

	same = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;
	if (!same)
		tap_diag("%s: got \"%s\", want \"%s\"", name,
		    got ? got : "(null)", want ? want : "(null)");
	return (tap_ok(same, "%s", name));
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return (tap_failed == 0 && tap_count > 0 ? 0 : 1);
}
