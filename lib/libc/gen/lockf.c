/*
 * lockf(3): POSIX record locks on [offset, offset + len) from the current
 * offset, expressed as fcntl(2) F_SETLK/F_SETLKW/F_GETLK (len 0 means "to
 * the end of the file", negative len the bytes before the offset).
 * F_TEST returns 0 when the region is free or ours, else -1 with EAGAIN.
 * An unknown cmd is EINVAL; the other errors come from fcntl (the
 * kernel's locks are in sys/kern/kern_lockf.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int
lockf(int fd, int cmd, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_whence = SEEK_CUR;
	fl.l_start = 0;
	fl.l_len = len;

	switch (cmd) {
	case F_ULOCK:
		fl.l_type = F_UNLCK;
		return (fcntl(fd, F_SETLK, &fl));
	case F_LOCK:
		fl.l_type = F_WRLCK;
		return (fcntl(fd, F_SETLKW, &fl));
	case F_TLOCK:
		fl.l_type = F_WRLCK;
		return (fcntl(fd, F_SETLK, &fl));
	case F_TEST:
		fl.l_type = F_WRLCK;
		if (fcntl(fd, F_GETLK, &fl) == -1)
			return (-1);
		if (fl.l_type == F_UNLCK || fl.l_pid == getpid())
			return (0);
		errno = EAGAIN;
		return (-1);
	default:
		errno = EINVAL;
		return (-1);
	}
}
