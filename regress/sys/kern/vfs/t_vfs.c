/*
 * The VFS system calls with exact results and their errors: create,
 * read, write, pread/pwrite, readv/writev, lseek, stat/fstat/lstat fields,
 * access, chmod/fchmod, chown, umask, link (st_nlink), symlink/readlink,
 * rename, mkdir/rmdir, getdents, truncate/ftruncate, fsync, chdir/fchdir/
 * getcwd, utimes, mkfifo, pipe2 with FIONREAD; ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY,
 * ENAMETOOLONG, ELOOP, EBADF, EFAULT, EINVAL, EXDEV (tmpfs to devfs),
 * and EACCES/EPERM for uid 1000.
 */
#define _GNU_SOURCE		/* pipe2 in newlib's <unistd.h> */
#include <sys/types.h>
#include <sys/filio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define D	"/tmp/t_vfs"

/* Not a constant, so the compiler does not warn about it. */
static int *volatile bad_ints = (int *)8;

#define ERR(call, e, name) do {						\
	errno = 0;							\
	int _r = (int)(call);						\
	if (!ok(_r == -1 && errno == (e), name))			\
		printf("# returned %d errno %d\n", _r, errno);		\
} while (0)

static int
user_checks(void)
{
	int r = 0, fd;

	if (setgid(1000) != 0 || setuid(1000) != 0)
		return (255);
	errno = 0;
	if (open(D "/rootfile", O_WRONLY) != -1 || errno != EACCES)
		r |= 1;
	errno = 0;
	if (mkdir(D "/rootdir/sub", 0755) != -1 || errno != EACCES)
		r |= 2;
	errno = 0;
	if (chmod(D "/rootfile", 0777) != -1 || errno != EPERM)
		r |= 4;
	errno = 0;
	if (chown(D "/rootfile", 1000, 1000) != -1 || errno != EPERM)
		r |= 8;
	errno = 0;
	if (open(D "/secret", O_RDONLY) != -1 || errno != EACCES)
		r |= 16;
	errno = 0;
	if (access(D "/rootfile", W_OK) != -1 || errno != EACCES)
		r |= 32;
	if (access(D "/rootfile", R_OK) != 0)
		r |= 64;
	errno = 0;
	if (stat(D "/closed/x", &(struct stat){ 0 }) != -1 || errno != EACCES)
		r |= 128;	/* search permission on the path */
	errno = 0;
	if (unlink(D "/rootdir/f") != -1 || errno != EACCES)
		r |= 256;
	fd = open("/tmp/t_vfs.user", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		r |= 512;	/* /tmp is 1777 */
	else {
		struct stat st, dst;

		/* BSD: the owner is the creator, the group the directory's. */
		fstat(fd, &st);
		stat("/tmp", &dst);
		if (st.st_uid != 1000 || st.st_gid != dst.st_gid)
			r |= 1024;
		close(fd);
		unlink("/tmp/t_vfs.user");
	}
	errno = 0;
	if (unlink(D "/sticky/rootowned") != -1 || errno != EPERM)
		r |= 2048;	/* sticky directory */
	/* An unprivileged write to a set-id file clears the set-id bits. */
	fd = open(D "/suid", O_WRONLY | O_APPEND);
	if (fd < 0 || write(fd, "x", 1) != 1)
		r |= 4096;
	else {
		struct stat st;

		fstat(fd, &st);
		if ((st.st_mode & 07777) != 0777)
			r |= 8192;
	}
	if (fd >= 0)
		close(fd);
	if (r != 0) {
		printf("# uid 1000 failure bits %#x\n", r);
		fflush(stdout);
	}
	return (r != 0);
}

int
main(void)
{
	struct stat st, st2;
	struct iovec iov[3];
	struct timeval tv[2];
	char buf[512], big[PATH_MAX + 100];
	int fd, fd2, n, i, dirfd, st_;
	mode_t old;
	pid_t pid;
	DIR *dp;
	struct dirent *de;

	system("rm -rf " D);
	old = umask(022);
	is_int(mkdir(D, 0777), 0, "mkdir");
	ok(stat(D, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 07777) == 0755 && st.st_nlink == 2 &&
	    st.st_uid == 0, "stat: a directory, mode 0777 & ~umask 022, "
	    "nlink 2, uid 0");
	ERR(mkdir(D, 0755), EEXIST, "mkdir of an existing name: EEXIST");
	ERR(mkdir("/tmp/t_vfs_none/x", 0755), ENOENT, "mkdir under a "
	    "missing directory: ENOENT");
	is_int(umask(077), 022, "umask returns the old mask");

	/* Files: create, write, read, offsets. */
	fd = open(D "/f", O_RDWR | O_CREAT | O_EXCL, 0666);
	ok(fd >= 0, "open O_CREAT|O_EXCL");
	fstat(fd, &st);
	is_int(st.st_mode & 07777, 0600, "the new file's mode is 0666 & "
	    "~077");
	umask(022);
	ERR(open(D "/f", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST,
	    "O_EXCL on an existing file: EEXIST");
	is_int(write(fd, "hello, world", 12), 12, "write 12");
	is_int(lseek(fd, 0, SEEK_CUR), 12, "the offset follows");
	is_int(lseek(fd, -5, SEEK_END), 7, "lseek SEEK_END -5");
	memset(buf, 0, sizeof(buf));
	ok(read(fd, buf, sizeof(buf)) == 5 && strcmp(buf, "world") == 0,
	    "read the last 5 bytes");
	is_int(read(fd, buf, sizeof(buf)), 0, "read at EOF: 0");
	ERR(lseek(fd, -100, SEEK_SET), EINVAL, "lseek before 0: EINVAL");
	ERR(lseek(fd, 0, 42), EINVAL, "lseek with a bad whence: EINVAL");
	is_int(pwrite(fd, "HELLO", 5, 0), 5, "pwrite at 0");
	is_int(lseek(fd, 0, SEEK_CUR), 12, "pwrite leaves the offset");
	memset(buf, 0, sizeof(buf));
	ok(pread(fd, buf, 12, 0) == 12 && strcmp(buf, "HELLO, world") == 0,
	    "pread sees it");
	ERR(pread(fd, buf, 1, -1), EINVAL, "pread at -1: EINVAL");
	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = "";
	iov[1].iov_len = 0;
	iov[2].iov_base = "cde";
	iov[2].iov_len = 3;
	is_int(writev(fd, iov, 3), 5, "writev of 2+0+3");
	{
		char a[4] = { 0 }, b[16] = { 0 };

		lseek(fd, 10, SEEK_SET);
		iov[0].iov_base = a;
		iov[0].iov_len = 3;
		iov[1].iov_base = b;
		iov[1].iov_len = 15;
		ok(readv(fd, iov, 2) == 7 && memcmp(a, "lda", 3) == 0 &&
		    strcmp(b, "bcde") == 0, "readv scatters the bytes");
	}
	iov[0].iov_base = (void *)8;
	iov[0].iov_len = 4;
	ERR(writev(fd, iov, 1), EFAULT, "writev from a bad pointer: EFAULT");
	ERR(writev(fd, iov, -1), EINVAL, "writev with iovcnt -1: EINVAL");
	lseek(fd, 0, SEEK_SET);
	ERR(read(fd, (void *)8, 4), EFAULT, "read into a bad pointer: EFAULT");
	ERR(write(fd, (void *)0xffffffff80200000UL, 8), EFAULT,
	    "write from a kernel address: EFAULT");
	is_int(fsync(fd), 0, "fsync");
	ERR(fsync(-1), EBADF, "fsync(-1): EBADF");
	fstat(fd, &st);
	ok(S_ISREG(st.st_mode) && st.st_size == 17 && st.st_nlink == 1 &&
	    st.st_uid == 0 && st.st_gid == 0, "fstat: regular, 17 bytes, "
	    "nlink 1, root's");
	is_int(ftruncate(fd, 5), 0, "ftruncate to 5");
	fstat(fd, &st);
	is_int(st.st_size, 5, "st_size 5");
	is_int(ftruncate(fd, 8192), 0, "ftruncate up to 8192");
	memset(buf, 1, sizeof(buf));
	ok(pread(fd, buf, 10, 4090) == 10 && buf[0] == 0 && buf[9] == 0,
	    "the extension reads as zeros");
	ERR(ftruncate(fd, -1), EINVAL, "ftruncate to -1: EINVAL");
	is_int(truncate(D "/f", 3), 0, "truncate by name");
	stat(D "/f", &st);
	is_int(st.st_size, 3, "st_size 3");
	ERR(truncate(D, 0), EISDIR, "truncate of a directory: EISDIR");
	fd2 = open(D "/f", O_RDONLY);
	ERR(ftruncate(fd2, 0), EINVAL, "ftruncate of a read-only "
	    "descriptor: EINVAL");
	close(fd2);
	close(fd);
	ERR(fstat(fd, &st), EBADF, "fstat of a closed descriptor: EBADF");
	ERR(stat(D "/f", (void *)8), EFAULT, "stat into a bad pointer: "
	    "EFAULT");
	ERR(stat((char *)8, &st), EFAULT, "stat of a bad path pointer: "
	    "EFAULT");
	fd = open(D "/t", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "x", 1);
	close(fd);
	fd = open(D "/t", O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	is_int(st.st_size, 0, "O_TRUNC empties the file");
	close(fd);

	/* Names and their errors. */
	ERR(stat(D "/none", &st), ENOENT, "stat of a missing name: ENOENT");
	ERR(open(D "/none", O_RDONLY), ENOENT, "open of a missing name: "
	    "ENOENT");
	ERR(stat("", &st), ENOENT, "stat of \"\": ENOENT");
	ERR(stat(D "/f/x", &st), ENOTDIR, "a file used as a directory: "
	    "ENOTDIR");
	ERR(stat(D "/f/", &st), ENOTDIR, "a file with a trailing slash: "
	    "ENOTDIR");
	ERR(open(D, O_WRONLY), EISDIR, "open a directory for writing: "
	    "EISDIR");
	ERR(open(D "/f", O_RDONLY | O_DIRECTORY), ENOTDIR,
	    "O_DIRECTORY on a file: ENOTDIR");
	memset(big, 'n', 300);
	big[300] = '\0';
	ERR(stat(big, &st), ENAMETOOLONG, "a 300-byte component: "
	    "ENAMETOOLONG");
	for (i = 0; i < PATH_MAX + 50; i++)
		big[i] = (i % 2) ? '/' : 'a';
	big[PATH_MAX + 50] = '\0';
	ERR(stat(big, &st), ENAMETOOLONG, "a path longer than PATH_MAX: "
	    "ENAMETOOLONG");
	ok(stat(D "/./../t_vfs/./f", &st) == 0 && st.st_size == 3,
	    "\".\" and \"..\" in a path");
	ok(stat("/..", &st) == 0 && stat("/", &st2) == 0 &&
	    st.st_ino == st2.st_ino, "\"/..\" is \"/\"");

	/* Links. */
	is_int(link(D "/f", D "/f2"), 0, "link");
	stat(D "/f", &st);
	stat(D "/f2", &st2);
	ok(st.st_nlink == 2 && st.st_ino == st2.st_ino, "both names: nlink "
	    "2, the same inode");
	ERR(link(D "/f", D "/f2"), EEXIST, "link to an existing name: "
	    "EEXIST");
	ERR(link(D "/none", D "/f3"), ENOENT, "link of a missing file: "
	    "ENOENT");
	ERR(link(D, D "/dlink"), EPERM, "link of a directory: EPERM");
	ERR(link(D "/f", "/dev/f"), EXDEV, "link across file systems: "
	    "EXDEV");
	is_int(unlink(D "/f2"), 0, "unlink one name");
	stat(D "/f", &st);
	is_int(st.st_nlink, 1, "nlink back to 1");
	ERR(unlink(D "/f2"), ENOENT, "unlink again: ENOENT");
	ERR(unlink(D), EPERM, "unlink of a directory: EPERM");

	/* Symbolic links. */
	is_int(symlink("f", D "/sl"), 0, "symlink");
	memset(buf, 0, sizeof(buf));
	ok(readlink(D "/sl", buf, sizeof(buf)) == 1 && buf[0] == 'f',
	    "readlink returns the target, no NUL counted");
	ok(lstat(D "/sl", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 1,
	    "lstat: a link of size 1");
	ok(stat(D "/sl", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3,
	    "stat follows it");
	ERR(readlink(D "/f", buf, sizeof(buf)), EINVAL, "readlink of a "
	    "file: EINVAL");
	ERR(symlink("x", D "/sl"), EEXIST, "symlink onto an existing "
	    "name: EEXIST");
	symlink("loop2", D "/loop1");
	symlink("loop1", D "/loop2");
	ERR(stat(D "/loop1", &st), ELOOP, "a symlink loop: ELOOP");
	ERR(open(D "/sl", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on "
	    "a symlink: ELOOP");
	symlink("/tmp/t_vfs", D "/abs");
	ok(stat(D "/abs/abs/abs/f", &st) == 0 && st.st_size == 3,
	    "absolute symlinks in the middle of a path");
	symlink("none", D "/dangling");
	ERR(stat(D "/dangling", &st), ENOENT, "a dangling symlink: ENOENT");
	ok(lstat(D "/dangling", &st) == 0, "lstat of it works");

	/* rename */
	is_int(rename(D "/f", D "/g"), 0, "rename");
	ok(stat(D "/f", &st) == -1 && stat(D "/g", &st) == 0 &&
	    st.st_size == 3, "the old name is gone, the new one has it");
	fd = open(D "/h", O_WRONLY | O_CREAT, 0644);
	close(fd);
	is_int(rename(D "/g", D "/h"), 0, "rename onto an existing file");
	ok(stat(D "/h", &st) == 0 && st.st_size == 3, "replaces it");
	mkdir(D "/d", 0755);
	mkdir(D "/e", 0755);
	fd = open(D "/e/x", O_WRONLY | O_CREAT, 0644);
	close(fd);
	ERR(rename(D "/h", D "/d"), EISDIR, "rename a file onto a "
	    "directory: EISDIR");
	ERR(rename(D "/d", D "/h"), ENOTDIR, "rename a directory onto a "
	    "file: ENOTDIR");
	ERR(rename(D "/d", D "/e"), ENOTEMPTY, "rename onto a non-empty "
	    "directory: ENOTEMPTY");
	ERR(rename(D "/d", D "/d/sub"), EINVAL, "rename a directory into "
	    "itself: EINVAL");
	ERR(rename(D "/none", D "/x"), ENOENT, "rename a missing name: "
	    "ENOENT");
	ERR(rename(D "/h", "/dev/h"), EXDEV, "rename across file systems: "
	    "EXDEV");
	is_int(rename(D "/d", D "/d2"), 0, "rename a directory");
	ok(stat(D "/d2", &st) == 0 && S_ISDIR(st.st_mode), "it moved");

	/* rmdir */
	ERR(rmdir(D "/e"), ENOTEMPTY, "rmdir of a non-empty directory: "
	    "ENOTEMPTY");
	ERR(rmdir(D "/h"), ENOTDIR, "rmdir of a file: ENOTDIR");
	ERR(rmdir(D "/none"), ENOENT, "rmdir of a missing name: ENOENT");
	ERR(rmdir(D "/d2/."), EINVAL, "rmdir of \".\": EINVAL");
	stat(D, &st);
	n = st.st_nlink;
	is_int(rmdir(D "/d2"), 0, "rmdir");
	stat(D, &st);
	is_int(st.st_nlink, n - 1, "the parent's nlink drops by one");

	/* getdents through readdir, and raw. */
	n = 0;
	i = 0;
	if ((dp = opendir(D "/e")) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			n++;
			if (strcmp(de->d_name, "x") == 0 &&
			    de->d_type == DT_REG)
				i = 1;
		}
		closedir(dp);
	}
	ok(n == 3 && i, "readdir: \".\", \"..\" and x (DT_REG)");
	dirfd = open(D "/e", O_RDONLY | O_DIRECTORY);
	ERR(getdents(dirfd, (char *)8, 512), EFAULT, "getdents into a bad "
	    "pointer: EFAULT");
	ERR(getdents(dirfd, buf, 4), EINVAL, "getdents with a tiny buffer: "
	    "EINVAL");
	fd = open(D "/h", O_RDONLY);
	ERR(getdents(fd, buf, sizeof(buf)), ENOTDIR, "getdents of a file: "
	    "ENOTDIR");
	close(fd);

	/* chdir, fchdir, getcwd */
	is_int(chdir(D "/e"), 0, "chdir");
	ok(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, D "/e") == 0,
	    "getcwd");
	ok(stat("x", &st) == 0, "relative names from the new cwd");
	ERR(chdir(D "/h"), ENOTDIR, "chdir to a file: ENOTDIR");
	ERR(chdir(D "/none"), ENOENT, "chdir to a missing name: ENOENT");
	is_int(chdir("/"), 0, "chdir /");
	is_int(fchdir(dirfd), 0, "fchdir");
	ok(getcwd(buf, sizeof(buf)) != NULL && strcmp(buf, D "/e") == 0,
	    "getcwd after fchdir");
	ERR(getcwd(buf, 3) == NULL ? -1 : 0, ERANGE, "getcwd into 3 bytes: "
	    "ERANGE");
	fd = open(D "/h", O_RDONLY);
	ERR(fchdir(fd), ENOTDIR, "fchdir to a file: ENOTDIR");
	close(fd);
	close(dirfd);
	ERR(fchdir(dirfd), EBADF, "fchdir of a closed descriptor: EBADF");
	chdir("/");

	/* chmod, fchmod, chown, access, utimes */
	is_int(chmod(D "/h", 0604), 0, "chmod");
	stat(D "/h", &st);
	is_int(st.st_mode & 07777, 0604, "the mode is 0604");
	fd = open(D "/h", O_RDONLY);
	is_int(fchmod(fd, 0640), 0, "fchmod");
	fstat(fd, &st);
	is_int(st.st_mode & 07777, 0640, "the mode is 0640");
	close(fd);
	is_int(chown(D "/h", 123, 456), 0, "root chowns");
	stat(D "/h", &st);
	ok(st.st_uid == 123 && st.st_gid == 456, "uid 123, gid 456");
	ERR(chmod(D "/none", 0644), ENOENT, "chmod of a missing name: "
	    "ENOENT");
	is_int(access(D "/h", F_OK), 0, "access F_OK");
	ERR(access(D "/none", F_OK), ENOENT, "access of a missing name: "
	    "ENOENT");
	ERR(access(D "/h", 0x100), EINVAL, "access with a bad mode: EINVAL");
	ERR(access(D "/h", X_OK), EACCES, "access X_OK of a mode 0640 file, "
	    "even for root: EACCES");
	tv[0].tv_sec = 1000000;
	tv[0].tv_usec = 0;
	tv[1].tv_sec = 2000000;
	tv[1].tv_usec = 0;
	is_int(utimes(D "/h", tv), 0, "utimes");
	stat(D "/h", &st);
	ok(st.st_atime == 1000000 && st.st_mtime == 2000000,
	    "st_atime and st_mtime set");
	tv[0].tv_usec = 1000000;
	ERR(utimes(D "/h", tv), EINVAL, "utimes with tv_usec 1e6: EINVAL");

	/* FIFOs and pipes. */
	is_int(mkfifo(D "/fifo", 0600), 0, "mkfifo");
	ok(stat(D "/fifo", &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (st.st_mode & 0777) == 0600, "stat: a FIFO, mode 0600");
	ERR(mkfifo(D "/fifo", 0600), EEXIST, "mkfifo again: EEXIST");
	ERR(open(D "/fifo", O_WRONLY | O_NONBLOCK), ENXIO, "a non-blocking "
	    "writer with no reader: ENXIO");
	fd = open(D "/fifo", O_RDWR);
	ok(fd >= 0 && write(fd, "fi", 2) == 2 && read(fd, buf, 8) == 2 &&
	    memcmp(buf, "fi", 2) == 0, "a FIFO opened O_RDWR passes bytes");
	fd2 = open(D "/fifo", O_WRONLY | O_NONBLOCK);
	ok(fd2 >= 0, "with a reader a non-blocking writer opens");
	close(fd2);
	close(fd);
	{
		int pp[2];

		ok(pipe2(pp, O_CLOEXEC | O_NONBLOCK) == 0 &&
		    fcntl(pp[0], F_GETFD) == FD_CLOEXEC &&
		    (fcntl(pp[1], F_GETFL) & O_NONBLOCK), "pipe2 O_CLOEXEC|"
		    "O_NONBLOCK");
		write(pp[1], "abc", 3);
		n = -1;
		ok(ioctl(pp[0], FIONREAD, &n) == 0 && n == 3, "FIONREAD: 3");
		close(pp[0]);
		close(pp[1]);
		ERR(pipe2(pp, O_APPEND), EINVAL, "pipe2 with a bad flag: "
		    "EINVAL");
		ERR(pipe(bad_ints), EFAULT, "pipe into a bad pointer: EFAULT");
	}

	/* As uid 1000. */
	fd = open(D "/rootfile", O_WRONLY | O_CREAT, 0644);
	close(fd);
	fd = open(D "/secret", O_WRONLY | O_CREAT, 0600);
	close(fd);
	mkdir(D "/rootdir", 0755);
	fd = open(D "/rootdir/f", O_WRONLY | O_CREAT, 0644);
	close(fd);
	mkdir(D "/closed", 0700);
	mkdir(D "/sticky", 0);
	chmod(D "/sticky", 01777);		/* past the umask */
	fd = open(D "/sticky/rootowned", O_WRONLY | O_CREAT, 0666);
	close(fd);
	/* A set-id file anyone may write; root's write keeps the bits. */
	fd = open(D "/suid", O_WRONLY | O_CREAT, 0600);
	fchmod(fd, 06777);
	write(fd, "x", 1);
	fstat(fd, &st);
	is_int(st.st_mode & 07777, 06777, "root's write to a set-id file "
	    "keeps the set-id bits");
	close(fd);
	pid = fork();
	if (pid == 0)
		_exit(user_checks());
	waitpid(pid, &st_, 0);
	if (!ok(WIFEXITED(st_) && WEXITSTATUS(st_) == 0, "uid 1000: EACCES "
	    "writing root's 0644 file, creating in a 0755 directory, "
	    "reading a 0600 file, searching a 0700 directory; EPERM for "
	    "chmod/chown of root's file and unlink in a sticky directory; "
	    "their write to a 06777 file clears its set-id bits"))
		printf("# bits %d\n", WEXITSTATUS(st_));

	system("rm -rf " D);
	umask(old);
	return (done());
}
