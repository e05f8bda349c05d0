/*
 * open(2) and fcntl(2) constants.  Everything outside _KERNEL is user ABI
 * with FreeBSD's values (installed into the sysroot; lib/libc converts
 * where newlib's own <fcntl.h> differs).  The kernel part gives the
 * in-kernel open-file flags: f_flag = FFLAGS(open flags), so that FREAD
 * and FWRITE are bits.
 */
#ifndef _SYS_FCNTL_H_
#define _SYS_FCNTL_H_

#include <sys/types.h>

/* ---- User ABI ------------------------------------------------------ */
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

struct flock {
	off_t	l_start;
	off_t	l_len;
	pid_t	l_pid;
	short	l_type;
	short	l_whence;
	int	l_sysid;
};

#ifdef _KERNEL
/* f_flag bits.  FREAD/FWRITE are O_* + 1; the rest equal their O_*. */
#define FREAD		0x0001
#define FWRITE		0x0002
#define FNONBLOCK	O_NONBLOCK
#define FAPPEND		O_APPEND
#define FASYNC		O_ASYNC
#define FFSYNC		O_FSYNC
#define FEXEC		O_EXEC
#define FFLAGS(oflags)	((oflags) & O_EXEC ? (oflags) : (oflags) + 1)
#define OFLAGS(fflags)	((fflags) & O_EXEC ? (fflags) : (fflags) - 1)
/* What fcntl(F_SETFL) may change. */
#define FCNTLFLAGS	(FAPPEND | FASYNC | FFSYNC | FNONBLOCK | O_DIRECT)
#endif

#endif /* !_SYS_FCNTL_H_ */
