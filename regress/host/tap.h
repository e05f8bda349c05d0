/*
 * tap.h: the host unit tests' small TAP library.  A test program calls
 * tap_ok() (or the helpers) once per check, which prints "ok N - name" or
 * "not ok N - name", and returns tap_done() from main: it prints the plan
 * "1..N" and yields exit status 0 only if every check passed.  run.sh
 * (make check) runs every test program and sums the lines.
 */
#ifndef _REGRESS_HOST_TAP_H_
#define _REGRESS_HOST_TAP_H_

#include <stdint.h>

int	tap_ok(int cond, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	tap_is_int(intmax_t got, intmax_t want, const char *name);
int	tap_is_str(const char *got, const char *want, const char *name);
void	tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int	tap_done(void);

#endif /* _REGRESS_HOST_TAP_H_ */
