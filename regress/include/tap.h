/*
 * A tiny TAP producer for the C regress tests: ok()/is_int()/is_str()
 * print `ok N - name' or `not ok N - name' (with what was expected and
 * what came, on a `#' line), and done() returns the exit status.
 */
#ifndef _REGRESS_TAP_H_
#define _REGRESS_TAP_H_

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	fflush(stdout);
	return (cond);
}

static inline int
is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, name))
		printf("# expected %lld, got %lld\n", want, got);
	return (got == want);
}

static inline int
is_str(const char *got, const char *want, const char *name)
{
	int same = got != NULL && want != NULL && strcmp(got, want) == 0;

	if (!ok(same, name))
		printf("# expected \"%s\", got \"%s\"\n", want != NULL ? want :
		    "(null)", got != NULL ? got : "(null)");
	return (same);
}

static inline int
done(void)
{
	return (tap_failed != 0);
}

#endif /* !_REGRESS_TAP_H_ */
