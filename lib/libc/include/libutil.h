/*
 * libutil.h: the FreeBSD libutil interfaces Petrel's libc provides (in
 * libc itself, so no -lutil is needed): the pseudo-terminal helpers
 * openpty, forkpty and login_tty (gen/pty.c).
 */
#ifndef _LIBUTIL_H_
#define	_LIBUTIL_H_

#include <sys/cdefs.h>
#include <sys/types.h>

struct termios;
struct winsize;

__BEGIN_DECLS
int	openpty(int *, int *, char *, struct termios *, struct winsize *);
pid_t	forkpty(int *, char *, struct termios *, struct winsize *);
int	login_tty(int);
__END_DECLS

#endif /* !_LIBUTIL_H_ */
