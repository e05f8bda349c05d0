/*
 * Petrel's sys/_default_fcntl.h for newlib (reached through <fcntl.h> and
 * <sys/fcntl.h>).  The O_*, F_* and AT_* values are the kernel's
 * (sys/sys/fcntl.h, FreeBSD's), so that newlib's fopen() passes the right
 * flags to open(2) and programs see FreeBSD's values.
 */
#ifndef	_SYS__DEFAULT_FCNTL_H_
#define	_SYS__DEFAULT_FCNTL_H_

#include <_ansi.h>
#include <sys/cdefs.h>
#include <sys/types.h>

__BEGIN_DECLS

#define O_RDONLY	0x0000
#define O_WRONLY	0x0001
#define O_RDWR		0x0002
#define O_ACCMODE	0x0003
#define O_NONBLOCK	0x0004
#define O_APPEND	0x0008
#define O_SHLOCK	0x0010
#define O_EXLOCK	0x0020
#define O_ASYNC		0x0040
#define O_FSYNC		0x0080
#define O_SYNC		0x0080
#define O_NOFOLLOW	0x0100
#define O_CREAT		0x0200
#define O_TRUNC		0x0400
#define O_EXCL		0x0800
#define O_NOCTTY	0x8000
#define O_DIRECT	0x00010000
#define O_DIRECTORY	0x00020000
#define O_EXEC		0x00040000
#define O_TTY_INIT	0x00080000
#define O_CLOEXEC	0x00100000
#define O_DSYNC		0x01000000
#define O_NDELAY	O_NONBLOCK
#define O_BINARY	0		/* newlib's stdio asks for it */
#define O_TEXT		0

/* newlib's stdio names the open flags _F*. */
#define _FREAD		0x0001
#define _FWRITE		0x0002
#define _FAPPEND	O_APPEND
#define _FNONBLOCK	O_NONBLOCK
#define _FCREAT		O_CREAT
#define _FTRUNC		O_TRUNC
#define _FEXCL		O_EXCL
#define _FSYNC		O_SYNC
#define _FNDELAY	O_NONBLOCK
#define _FNOCTTY	O_NOCTTY

#define FD_CLOEXEC	1
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETOWN	5
#define F_SETOWN	6
#define F_DUP2FD	10
#define F_GETLK		11
#define F_SETLK		12
#define F_SETLKW	13
#define F_DUPFD_CLOEXEC	17
#define F_DUP2FD_CLOEXEC 18
#define F_RDLCK		1
#define F_UNLCK		2
#define F_WRLCK		3

#define AT_FDCWD		(-100)
#define AT_EACCESS		0x0100
#define AT_SYMLINK_NOFOLLOW	0x0200
#define AT_SYMLINK_FOLLOW	0x0400
#define AT_REMOVEDIR		0x0800
#define AT_EMPTY_PATH		0x4000

/* flock(2) */
#define LOCK_SH		0x01
#define LOCK_EX		0x02
#define LOCK_NB		0x04
#define LOCK_UN		0x08

struct flock {
	off_t	l_start;
	off_t	l_len;
	pid_t	l_pid;
	short	l_type;
	short	l_whence;
	int	l_sysid;
};

int	open(const char *, int, ...);
int	openat(int, const char *, int, ...);
int	creat(const char *, mode_t);
int	fcntl(int, int, ...);
int	flock(int, int);

__END_DECLS

#endif	/* !_SYS__DEFAULT_FCNTL_H_ */
