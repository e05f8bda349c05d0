/*
 * Errors from bad input: exact errno values (FreeBSD's) for a closed
 * descriptor (EBADF), missing paths (ENOENT), a path through a file
 * (ENOTDIR), an existing file with O_EXCL (EEXIST), a bad user pointer
 * (EFAULT, never a crash) and rmdir of a non-empty directory
 * (ENOTEMPTY).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define BADPTR	((void *)16)	/* in the never-mapped first page */

static int
err_of(int r)
{
	return (r < 0 ? errno : 0);
}

int
main(void)
{
	char buf[16];
	struct stat st;
	int fd;

	is_int(EBADF, 9, "EBADF is 9");
	is_int(err_of(read(-1, buf, 1)), EBADF, "read(-1): EBADF");
	is_int(err_of(write(1000, buf, 1)), EBADF, "write(1000): EBADF");
	is_int(err_of(close(999)), EBADF, "close(999): EBADF");
	is_int(err_of(fstat(-5, &st)), EBADF, "fstat(-5): EBADF");
	is_int(err_of(open("/nonexistent", O_RDONLY)), ENOENT,
	    "open missing: ENOENT");
	is_int(err_of(stat("/nonexistent/x", &st)), ENOENT,
	    "stat missing: ENOENT");
	is_int(err_of(stat("/etc/passwd/x", &st)), ENOTDIR,
	    "path through a file: ENOTDIR");
	is_int(err_of(open("/etc/passwd", O_RDWR | O_CREAT | O_EXCL, 0644)),
	    EEXIST, "O_EXCL on an existing file: EEXIST");
	fd = open("/etc/passwd", O_RDONLY);
	ok(fd >= 0, "open /etc/passwd");
	is_int(err_of(read(fd, BADPTR, 8)), EFAULT, "read into a bad pointer: "
	    "EFAULT");
	close(fd);
	is_int(err_of(stat(BADPTR, &st)), EFAULT, "stat of a bad path "
	    "pointer: EFAULT");
	is_int(err_of(stat("/", BADPTR)), EFAULT, "stat into a bad buffer: "
	    "EFAULT");
	is_int(err_of(write(1, BADPTR, 4)), EFAULT, "write from a bad pointer: "
	    "EFAULT");
	mkdir("/tmp/t_errno.d", 0755);
	close(open("/tmp/t_errno.d/f", O_WRONLY | O_CREAT, 0644));
	is_int(err_of(rmdir("/tmp/t_errno.d")), ENOTEMPTY,
	    "rmdir non-empty: ENOTEMPTY");
	unlink("/tmp/t_errno.d/f");
	is_int(err_of(rmdir("/tmp/t_errno.d")), 0, "rmdir empty");
	return (done());
}
