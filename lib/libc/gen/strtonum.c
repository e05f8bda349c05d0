/*
 * strtonum(3) (OpenBSD): a decimal integer within [minval, maxval], or 0
 * with *errstr "invalid", "too small" or "too large" and errno EINVAL or
 * ERANGE.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

long long
strtonum(const char *numstr, long long minval, long long maxval,
    const char **errstrp)
{
	long long ll = 0;
	int error = 0;
	char *ep;
	const char *errstr = NULL;

	if (minval > maxval) {
		error = EINVAL;
		errstr = "invalid";
	} else {
		errno = 0;
		ll = strtoll(numstr, &ep, 10);
		if (numstr == ep || *ep != '\0') {
			error = EINVAL;
			errstr = "invalid";
		} else if ((ll == LLONG_MIN && errno == ERANGE) || ll < minval) {
			error = ERANGE;
			errstr = "too small";
		} else if ((ll == LLONG_MAX && errno == ERANGE) || ll > maxval) {
			error = ERANGE;
			errstr = "too large";
		}
	}
	if (errstrp != NULL)
		*errstrp = errstr;
	errno = error;
	if (error != 0)
		ll = 0;
	return (ll);
}
