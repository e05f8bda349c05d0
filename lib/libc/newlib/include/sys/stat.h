/*
 * Petrel's sys/stat.h for newlib.  newlib.sh copies this over newlib's
 * own, so newlib (which calls fstat() to size stdio buffers) and programs
 * use the kernel's struct stat (sys/sys/stat.h) directly: no conversion
 * in libc.  The layout is repeated here because the kernel header pulls
 * in the kernel's <sys/types.h>; regress/lib/libc/abi checks the offsets.
 */
#ifndef	_SYS_STAT_H
#define	_SYS_STAT_H

#include <_ansi.h>
#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_timespec.h>

__BEGIN_DECLS

struct stat {
	__uint64_t	st_dev;		/* file system */
	__uint64_t	st_ino;		/* file number */
	__uint32_t	st_mode;	/* S_IF* type and permissions */
	__uint32_t	st_nlink;
	__uint32_t	st_uid;
	__uint32_t	st_gid;
	__uint64_t	st_rdev;	/* device number, for devices */
	struct timespec	st_atim;	/* last access */
	struct timespec	st_mtim;	/* last data change */
	struct timespec	st_ctim;	/* last status change */
	struct timespec	st_birthtim;	/* creation */
	__int64_t	st_size;	/* bytes */
	__int64_t	st_blocks;	/* 512-byte blocks */
	__int32_t	st_blksize;	/* preferred I/O size */
	__uint32_t	st_flags;	/* chflags; always 0 */
	__uint64_t	st_gen;
	__uint64_t	st_spare[2];
};
#define st_atime	st_atim.tv_sec
#define st_mtime	st_mtim.tv_sec
#define st_ctime	st_ctim.tv_sec
#define st_birthtime	st_birthtim.tv_sec

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
#define S_IREAD		S_IRUSR
#define S_IWRITE	S_IWUSR
#define S_IEXEC		S_IXUSR
#define	_IFMT		S_IFMT
#define	_IFDIR		S_IFDIR
#define	_IFCHR		S_IFCHR
#define	_IFBLK		S_IFBLK
#define	_IFREG		S_IFREG
#define	_IFLNK		S_IFLNK
#define	_IFSOCK		S_IFSOCK
#define	_IFIFO		S_IFIFO
#define ALLPERMS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)
#define ACCESSPERMS	(S_IRWXU | S_IRWXG | S_IRWXO)
#define DEFFILEMODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)
#define S_BLKSIZE	512

#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define UTIME_NOW	(-1)
#define UTIME_OMIT	(-2)

int	chmod(const char *, mode_t);
int	fchmod(int, mode_t);
int	lchmod(const char *, mode_t);
int	fstat(int, struct stat *);
int	mkdir(const char *, mode_t);
int	mkfifo(const char *, mode_t);
int	stat(const char *__restrict, struct stat *__restrict);
mode_t	umask(mode_t);
int	lstat(const char *__restrict, struct stat *__restrict);
int	mknod(const char *, mode_t, dev_t);
int	fchmodat(int, const char *, mode_t, int);
int	fstatat(int, const char *__restrict, struct stat *__restrict, int);
int	mkdirat(int, const char *, mode_t);
int	mkfifoat(int, const char *, mode_t);
int	mknodat(int, const char *, mode_t, dev_t);
int	utimensat(int, const char *, const struct timespec *, int);
int	futimens(int, const struct timespec *);

__END_DECLS

#endif /* _SYS_STAT_H */
