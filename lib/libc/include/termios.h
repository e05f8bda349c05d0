/*
 * Terminal interface: the kernel's struct termios and constants
 * (<sys/termios.h>, FreeBSD's values) and lib/libc's functions
 * (gen/tty.c) over ioctl(2).
 */
#ifndef _TERMIOS_H_
#define _TERMIOS_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/termios.h>

__BEGIN_DECLS
speed_t	cfgetispeed(const struct termios *);
speed_t	cfgetospeed(const struct termios *);
int	cfsetispeed(struct termios *, speed_t);
int	cfsetospeed(struct termios *, speed_t);
int	cfsetspeed(struct termios *, speed_t);
void	cfmakeraw(struct termios *);
int	tcgetattr(int, struct termios *);
int	tcsetattr(int, int, const struct termios *);
int	tcdrain(int);
int	tcflow(int, int);
int	tcflush(int, int);
int	tcsendbreak(int, int);
pid_t	tcgetpgrp(int);
int	tcsetpgrp(int, pid_t);
__END_DECLS

#endif /* !_TERMIOS_H_ */
