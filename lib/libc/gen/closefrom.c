/*
 * closefrom(3): close every descriptor >= lowfd.  The kernel has no
 * close_range(2), so this walks the descriptor table up to its size
 * (getdtablesize, the kernel's per-process table limit) and closes what
 * is open; EBADF for the unused slots is expected and ignored.  A
 * negative lowfd means 0, as with FreeBSD's close_range-based version.
 */
#include <unistd.h>

void
closefrom(int lowfd)
{
	int fd, top;

	if (lowfd < 0)
		lowfd = 0;
	top = getdtablesize();
	for (fd = lowfd; fd < top; fd++)
		(void)close(fd);
}
