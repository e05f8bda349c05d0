/*
 * Terminal ioctls (user ABI, FreeBSD's encodings).  tcgetattr/tcsetattr
 * in libc are TIOCGETA and TIOCSETA/TIOCSETAW/TIOCSETAF.
 */
#ifndef _SYS_TTYCOM_H_
#define _SYS_TTYCOM_H_

#include <sys/ioccom.h>
#include <sys/termios.h>

struct winsize {
	unsigned short	ws_row;		/* rows, in characters */
	unsigned short	ws_col;		/* columns, in characters */
	unsigned short	ws_xpixel;
	unsigned short	ws_ypixel;
};

#define TIOCEXCL	_IO('t', 13)
#define TIOCNXCL	_IO('t', 14)
#define TIOCGPTN	_IOR('t', 15, int)	/* pty unit (Petrel) */
#define TIOCFLUSH	_IOW('t', 16, int)
#define TIOCGETA	_IOR('t', 19, struct termios)
#define TIOCSETA	_IOW('t', 20, struct termios)
#define TIOCSETAW	_IOW('t', 21, struct termios)
#define TIOCSETAF	_IOW('t', 22, struct termios)
#define TIOCGETD	_IOR('t', 26, int)
#define TIOCSETD	_IOW('t', 27, int)
#define TIOCPTMASTER	_IO('t', 28)
#define TIOCGSID	_IOR('t', 99, int)
#define TIOCSWINSZ	_IOW('t', 103, struct winsize)
#define TIOCGWINSZ	_IOR('t', 104, struct winsize)
#define TIOCCBRK	_IO('t', 122)
#define TIOCSBRK	_IO('t', 123)
#define TIOCSTART	_IO('t', 110)
#define TIOCSTOP	_IO('t', 111)
#define TIOCPKT		_IOW('t', 112, int)
#define TIOCNOTTY	_IO('t', 113)
#define TIOCSTI		_IOW('t', 114, char)
#define TIOCOUTQ	_IOR('t', 115, int)
#define TIOCSPGRP	_IOW('t', 118, int)
#define TIOCGPGRP	_IOR('t', 119, int)
#define TIOCDRAIN	_IO('t', 94)
#define TIOCSCTTY	_IO('t', 97)

#endif /* !_SYS_TTYCOM_H_ */
