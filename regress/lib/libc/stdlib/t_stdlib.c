/*
 * libc stdlib and BSD additions: strtonum's exact error strings and
 * errno, strtol bases and end pointers, qsort, getenv/setenv/unsetenv,
 * malloc/realloc/free patterns, getprogname.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int
cmp(const void *a, const void *b)
{
	return (*(const int *)a - *(const int *)b);
}

int
main(void)
{
	const char *errstr;
	char *end, *p;
	int v[] = { 5, 3, 9, 1, 7 }, i;
	long long n;

	n = strtonum("42", 0, 100, &errstr);
	ok(n == 42 && errstr == NULL, "strtonum in range");
	errno = 0;
	n = strtonum("101", 0, 100, &errstr);
	ok(n == 0 && errstr != NULL && strcmp(errstr, "too large") == 0 &&
	    errno == ERANGE, "strtonum too large: ERANGE");
	n = strtonum("-1", 0, 100, &errstr);
	ok(n == 0 && errstr != NULL && strcmp(errstr, "too small") == 0,
	    "strtonum too small");
	n = strtonum("12x", 0, 100, &errstr);
	ok(n == 0 && errstr != NULL && strcmp(errstr, "invalid") == 0 &&
	    errno == EINVAL, "strtonum invalid: EINVAL");
	is_int(strtol("0x1f", &end, 16), 31, "strtol base 16");
	is_int(strtol("0777", &end, 0), 511, "strtol base 0 octal");
	is_int(strtol("  -12abc", &end, 10), -12, "strtol skips blanks");
	is_str(end, "abc", "strtol end pointer");
	errno = 0;
	strtol("99999999999999999999", NULL, 10);
	is_int(errno, ERANGE, "strtol overflow ERANGE");
	qsort(v, 5, sizeof(int), cmp);
	ok(v[0] == 1 && v[1] == 3 && v[2] == 5 && v[3] == 7 && v[4] == 9,
	    "qsort");
	setenv("T_STDLIB", "value", 1);
	is_str(getenv("T_STDLIB"), "value", "setenv/getenv");
	setenv("T_STDLIB", "other", 0);
	is_str(getenv("T_STDLIB"), "value", "setenv without overwrite");
	unsetenv("T_STDLIB");
	ok(getenv("T_STDLIB") == NULL, "unsetenv");
	p = malloc(10);
	for (i = 0; i < 10; i++)
		p[i] = (char)i;
	p = realloc(p, 100000);
	ok(p != NULL && p[9] == 9, "realloc keeps contents");
	free(p);
	p = calloc(1000, 8);
	ok(p != NULL && p[7999] == 0, "calloc zeroes");
	free(p);
	is_str(getprogname(), "t_stdlib", "getprogname");
	is_int(abs(-5), 5, "abs");
	return (done());
}
