/*
 * err(3)/warn(3): formatted messages prefixed with the program name
 * (lib/libc gen/err.c).
 */
#ifndef _ERR_H_
#define _ERR_H_

#include <sys/cdefs.h>
#include <stdarg.h>

__BEGIN_DECLS
void	err(int, const char *, ...) __dead2 __printflike(2, 3);
void	verr(int, const char *, va_list) __dead2 __printflike(2, 0);
void	errc(int, int, const char *, ...) __dead2 __printflike(3, 4);
void	verrc(int, int, const char *, va_list) __dead2 __printflike(3, 0);
void	errx(int, const char *, ...) __dead2 __printflike(2, 3);
void	verrx(int, const char *, va_list) __dead2 __printflike(2, 0);
void	warn(const char *, ...) __printflike(1, 2);
void	vwarn(const char *, va_list) __printflike(1, 0);
void	warnc(int, const char *, ...) __printflike(2, 3);
void	vwarnc(int, const char *, va_list) __printflike(2, 0);
void	warnx(const char *, ...) __printflike(1, 2);
void	vwarnx(const char *, va_list) __printflike(1, 0);
__END_DECLS

#endif /* !_ERR_H_ */
