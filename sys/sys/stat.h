/*
 * File status.  Everything outside _KERNEL is user ABI: struct stat has
 * fixed-width fields in one layout for amd64 and aarch64 (installed into
 * the sysroot; lib/libc converts to newlib's struct stat where they
 * differ), and the S_* mode bits have their traditional (FreeBSD) values.
 */
#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>
#include <sys/time.h>		/* struct timespec */

/* ---- User ABI ------------------------------------------------------ */
struct stat {
	uint64_t	st_dev;		/* file system */
	uint64_t	st_ino;		/* file number */
	uint32_t	st_mode;	/* S_IF* type and permissions */
	uint32_t	st_nlink;
	uint32_t	st_uid;
	uint32_t	st_gid;
	uint64_t	st_rdev;	/* device number, for devices */
	struct timespec	st_atim;	/* last access */
	struct timespec	st_mtim;	/* last data change */
	struct timespec	st_ctim;	/* last status change */
	struct timespec	st_birthtim;	/* creation */
	int64_t		st_size;	/* bytes */
	int64_t		st_blocks;	/* 512-byte blocks */
	int32_t		st_blksize;	/* preferred I/O size */
	uint32_t	st_flags;	/* chflags; always 0 */
	uint64_t	st_gen;
	uint64_t	st_spare[2];
};
#define st_atime	st_atim.tv_sec
#define st_mtime	st_mtim.tv_sec
#define st_ctime	st_ctim.tv_sec

#define S_IFMT		0170000
#define S_IFIFO		0010000
#define S_IFCHR		0020000
#define S_IFDIR		0040000
#define S_IFBLK		0060000
#define S_IFREG		0100000
#define S_IFLNK		0120000
#define S_IFSOCK	0140000
#define S_IFWHT		0160000

#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IRWXU		0000700
#define S_IRUSR		0000400
#define S_IWUSR		0000200
#define S_IXUSR		0000100
#define S_IRWXG		0000070
#define S_IRGRP		0000040
#define S_IWGRP		0000020
#define S_IXGRP		0000010
#define S_IRWXO		0000007
#define S_IROTH		0000004
#define S_IWOTH		0000002
#define S_IXOTH		0000001
#define ALLPERMS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)
#define ACCESSPERMS	(S_IRWXU | S_IRWXG | S_IRWXO)
#define DEFFILEMODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

/* utimensat special nanosecond values */
#define UTIME_NOW	(-1)
#define UTIME_OMIT	(-2)

#endif /* !_SYS_STAT_H_ */
