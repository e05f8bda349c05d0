/*
 * Terminal control over ioctl(2): isatty (which newlib's stdio asks to
 * decide line buffering), the termios functions (tcflow and tcsendbreak
 * over TIOCSTOP/TIOCSTART and TIOCSBRK/TIOCCBRK), the foreground process
 * group, and ttyname/ttyname_r (a /dev scan through devname_r).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* TIOCFLUSH takes the kernel's FREAD/FWRITE bits. */
#ifndef FREAD
#define FREAD	0x0001
#define FWRITE	0x0002
#endif

int
isatty(int fd)
{
	struct termios t;

	return (tcgetattr(fd, &t) == 0);
}

int
tcgetattr(int fd, struct termios *t)
{
	return (ioctl(fd, TIOCGETA, t));
}

int
tcsetattr(int fd, int action, const struct termios *t)
{
	switch (action & ~TCSASOFT) {
	case TCSANOW:
		return (ioctl(fd, TIOCSETA, t));
	case TCSADRAIN:
		return (ioctl(fd, TIOCSETAW, t));
	case TCSAFLUSH:
		return (ioctl(fd, TIOCSETAF, t));
	}
	errno = EINVAL;
	return (-1);
}

pid_t
tcgetpgrp(int fd)
{
	int pgrp;

	if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
		return (-1);
	return ((pid_t)pgrp);
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
	int p = (int)pgrp;

	return (ioctl(fd, TIOCSPGRP, &p));
}

int
tcdrain(int fd)
{
	return (ioctl(fd, TIOCDRAIN, 0));
}

int
tcflush(int fd, int which)
{
	int com;

	switch (which) {
	case TCIFLUSH:
		com = FREAD;
		break;
	case TCOFLUSH:
		com = FWRITE;
		break;
	case TCIOFLUSH:
		com = FREAD | FWRITE;
		break;
	default:
		errno = EINVAL;
		return (-1);
	}
	return (ioctl(fd, TIOCFLUSH, &com));
}

speed_t
cfgetispeed(const struct termios *t)
{
	return (t->c_ispeed);
}

speed_t
cfgetospeed(const struct termios *t)
{
	return (t->c_ospeed);
}

int
cfsetispeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = speed;
	return (0);
}

int
cfsetospeed(struct termios *t, speed_t speed)
{
	t->c_ospeed = speed;
	return (0);
}

int
cfsetspeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = t->c_ospeed = speed;
	return (0);
}

void
cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IMAXBEL | IXOFF | INPCK | BRKINT | PARMRK | ISTRIP |
	    INLCR | IGNCR | ICRNL | IXON | IGNPAR);
	t->c_iflag |= IGNBRK;
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL | ICANON | ISIG | IEXTEN |
	    NOFLSH | TOSTOP | PENDIN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8 | CREAD;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

/*
 * tcflow: TCOOFF/TCOON suspend and restart output (TIOCSTOP/TIOCSTART);
 * TCIOFF/TCION send the STOP or START character to the other end, as
 * FreeBSD does, so a device that honours IXOFF stops or resumes sending.
 */
int
tcflow(int fd, int action)
{
	struct termios t;
	unsigned char c;

	switch (action) {
	case TCOOFF:
		return (ioctl(fd, TIOCSTOP, 0));
	case TCOON:
		return (ioctl(fd, TIOCSTART, 0));
	case TCIOFF:
	case TCION:
		if (tcgetattr(fd, &t) == -1)
			return (-1);
		c = t.c_cc[action == TCIOFF ? VSTOP : VSTART];
		if (c != _POSIX_VDISABLE && write(fd, &c, 1) == -1)
			return (-1);
		return (0);
	default:
		errno = EINVAL;
		return (-1);
	}
}

/*
 * tcsendbreak: a break of "at least 0.25 s and at most 0.5 s" (POSIX, for
 * a duration of 0; other durations are the implementation's, and
 * FreeBSD's 0.4 s serves them all).
 */
int
tcsendbreak(int fd, int duration)
{
	struct timespec ts = { 0, 400000000 };

	(void)duration;
	if (ioctl(fd, TIOCSBRK, 0) == -1)
		return (-1);
	nanosleep(&ts, NULL);
	if (ioctl(fd, TIOCCBRK, 0) == -1)
		return (-1);
	return (0);
}

/*
 * ttyname_r: the /dev name of the terminal on fd, found by devname(3)'s
 * scan of /dev for its device number (a pseudo-terminal slave is
 * /dev/ttypN); a terminal not found there is the console.  Errors are
 * returned, not put in errno: EBADF, ENOTTY, ERANGE for a short buffer.
 */
int
ttyname_r(int fd, char *buf, size_t len)
{
	char dev[64];
	struct stat sb;
	int n;

	if (fcntl(fd, F_GETFD) == -1)
		return (EBADF);
	if (!isatty(fd))
		return (ENOTTY);
	if (fstat(fd, &sb) == 0 && S_ISCHR(sb.st_mode) &&
	    devname_r(sb.st_rdev, S_IFCHR, dev, sizeof(dev)) != NULL &&
	    dev[0] != '#')
		n = snprintf(buf, len, "/dev/%s", dev);
	else
		n = snprintf(buf, len, "/dev/console");
	if (n < 0 || (size_t)n >= len)
		return (ERANGE);
	return (0);
}

char *
ttyname(int fd)
{
	static char name[sizeof("/dev/") + 64];
	int error;

	if ((error = ttyname_r(fd, name, sizeof(name))) != 0) {
		errno = error;
		return (NULL);
	}
	return (name);
}
