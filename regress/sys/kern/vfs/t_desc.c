/*
 * Descriptors: dup takes the lowest free slot and shares the offset but
 * not FD_CLOEXEC; dup2 replaces an open descriptor and is a no-op onto
 * itself; dup3 sets close-on-exec and refuses equal descriptors; fcntl
 * F_DUPFD/F_DUPFD_CLOEXEC/F_GETFD/F_SETFD/F_GETFL/F_SETFL with O_NONBLOCK
 * (a read of an empty pipe says EAGAIN) and O_APPEND (writes go to the
 * end whatever the offset); close-on-exec across execve, checked by the
 * exec'd image; RLIMIT_NOFILE gives EMFILE at exactly the limit; and
 * EBADF/EINVAL for bad descriptors, commands and arguments.
 */
#define _GNU_SOURCE		/* dup3 in newlib's <unistd.h> */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define F1	"/tmp/t_desc.1"

static int
wait_exit(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st));
}

/* The exec'd image: argv[2..4] are descriptors; report their state. */
static int
child_report(char **argv)
{
	int a = atoi(argv[2]), b = atoi(argv[3]), c = atoi(argv[4]), r = 0;
	char ch;

	errno = 0;
	if (fcntl(a, F_GETFD) != -1 || errno != EBADF)
		r |= 1;		/* O_CLOEXEC one must be gone */
	if (fcntl(b, F_GETFD) != 0)
		r |= 2;		/* plain one stays, flag clear */
	if (lseek(b, 0, SEEK_CUR) != 3)
		r |= 4;		/* with its offset */
	if (read(b, &ch, 1) != 1 || ch != 'd')
		r |= 8;
	errno = 0;
	if (fcntl(c, F_GETFD) != -1 || errno != EBADF)
		r |= 16;	/* F_SETFD FD_CLOEXEC one gone */
	return (r);
}

int
main(int argc, char **argv)
{
	struct rlimit rl;
	int fd, fd2, fd3, p[2], st;
	char buf[64], self[256], as[16], bs[16], cs[16];
	pid_t pid;

	if (argc == 5 && strcmp(argv[1], "child") == 0)
		return (child_report(argv));

	unlink(F1);
	fd = open(F1, O_RDWR | O_CREAT | O_EXCL, 0644);
	ok(fd >= 3, "create a file");
	is_int(write(fd, "abcdefgh", 8), 8, "write 8 bytes");

	/* dup */
	fd2 = dup(fd);
	ok(fd2 > fd, "dup returns a new descriptor");
	close(fd2);
	is_int(dup(fd), fd2, "dup takes the lowest free slot");
	lseek(fd, 2, SEEK_SET);
	is_int(lseek(fd2, 0, SEEK_CUR), 2, "dup shares the offset");
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	close(fd2);
	fd2 = dup(fd);
	is_int(fcntl(fd2, F_GETFD), 0, "dup clears FD_CLOEXEC");
	fcntl(fd, F_SETFD, 0);
	errno = 0;
	ok(dup(-1) == -1 && errno == EBADF, "dup(-1): EBADF");
	errno = 0;
	ok(dup(1000) == -1 && errno == EBADF, "dup of a closed slot: EBADF");

	/* dup2 */
	pipe(p);
	is_int(dup2(fd, p[0]), p[0], "dup2 onto an open descriptor");
	is_int(lseek(p[0], 0, SEEK_CUR), 2, "it now refers to the file");
	close(p[0]);
	is_int(dup2(fd, fd), fd, "dup2(fd, fd) returns fd");
	errno = 0;
	ok(dup2(fd, -1) == -1 && errno == EBADF, "dup2 to -1: EBADF");
	errno = 0;
	ok(dup2(99, 20) == -1 && errno == EBADF, "dup2 from a closed slot: "
	    "EBADF");
	getrlimit(RLIMIT_NOFILE, &rl);
	errno = 0;
	ok(dup2(fd, (int)rl.rlim_cur) == -1 && errno == EBADF,
	    "dup2 to the descriptor limit: EBADF");

	/* dup3 */
	is_int(dup3(fd, 30, O_CLOEXEC), 30, "dup3 O_CLOEXEC");
	is_int(fcntl(30, F_GETFD), FD_CLOEXEC, "sets FD_CLOEXEC");
	is_int(dup3(fd, 30, 0), 30, "dup3 without flags onto it");
	is_int(fcntl(30, F_GETFD), 0, "clears it");
	close(30);
	errno = 0;
	ok(dup3(fd, fd, 0) == -1 && errno == EINVAL, "dup3(fd, fd): EINVAL");
	errno = 0;
	ok(dup3(fd, 31, O_APPEND) == -1 && errno == EINVAL, "dup3 with a "
	    "bad flag: EINVAL");

	/* fcntl */
	is_int(fcntl(fd, F_DUPFD, 40), 40, "F_DUPFD: at least the argument");
	is_int(fcntl(fd, F_DUPFD, 40), 41, "F_DUPFD: the lowest free above");
	is_int(fcntl(40, F_GETFD), 0, "F_DUPFD copy has no FD_CLOEXEC");
	is_int(fcntl(fd, F_DUPFD_CLOEXEC, 40), 42, "F_DUPFD_CLOEXEC");
	is_int(fcntl(42, F_GETFD), FD_CLOEXEC, "its copy has FD_CLOEXEC");
	close(40); close(41); close(42);
	errno = 0;
	ok(fcntl(fd, F_DUPFD, -1) == -1 && errno == EINVAL, "F_DUPFD with "
	    "-1: EINVAL");
	is_int(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "F_GETFD reads it back");
	fcntl(fd, F_SETFD, 0);
	is_int(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK),
	    O_RDWR, "F_GETFL: O_RDWR");
	is_int(fcntl(fd, F_SETFL, O_APPEND), 0, "F_SETFL O_APPEND");
	is_int(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR | O_APPEND,
	    "F_GETFL: O_RDWR|O_APPEND");
	lseek(fd, 0, SEEK_SET);
	write(fd, "XY", 2);
	memset(buf, 0, sizeof(buf));
	ok(pread(fd, buf, sizeof(buf) - 1, 0) == 10 &&
	    strcmp(buf, "abcdefghXY") == 0, "O_APPEND: a write after "
	    "lseek(0) goes to the end");
	is_int(fcntl(fd, F_SETFL, O_WRONLY) == 0 &&
	    (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, 1,
	    "F_SETFL cannot change the access mode");
	fcntl(fd, F_SETFL, 0);
	pipe(p);
	is_int(fcntl(p[0], F_SETFL, O_NONBLOCK), 0, "F_SETFL O_NONBLOCK on "
	    "a pipe");
	ok(fcntl(p[0], F_GETFL) & O_NONBLOCK, "F_GETFL shows O_NONBLOCK");
	errno = 0;
	ok(read(p[0], buf, 1) == -1 && errno == EAGAIN, "a read of the "
	    "empty pipe: EAGAIN");
	write(p[1], "q", 1);
	ok(read(p[0], buf, 1) == 1 && buf[0] == 'q', "and reads once there "
	    "is data");
	close(p[0]);
	close(p[1]);
	errno = 0;
	ok(fcntl(fd, 9999) == -1 && errno == EINVAL, "fcntl with a bad "
	    "command: EINVAL");
	errno = 0;
	ok(fcntl(77, F_GETFD) == -1 && errno == EBADF, "fcntl of a closed "
	    "slot: EBADF");

	/* Access modes and closed descriptors. */
	fd3 = open(F1, O_RDONLY);
	errno = 0;
	ok(write(fd3, "x", 1) == -1 && errno == EBADF, "write to an "
	    "O_RDONLY descriptor: EBADF");
	close(fd3);
	fd3 = open(F1, O_WRONLY);
	errno = 0;
	ok(read(fd3, buf, 1) == -1 && errno == EBADF, "read from an "
	    "O_WRONLY descriptor: EBADF");
	close(fd3);
	errno = 0;
	ok(close(fd3) == -1 && errno == EBADF, "close twice: EBADF");
	errno = 0;
	ok(read(fd3, buf, 1) == -1 && errno == EBADF, "read of a closed "
	    "descriptor: EBADF");

	/* Close-on-exec across execve. */
	if (argv[0][0] == '/')
		snprintf(self, sizeof(self), "%s", argv[0]);
	else {
		getcwd(buf, sizeof(buf));
		snprintf(self, sizeof(self), "%s/%s", buf, argv[0]);
	}
	fd = open(F1, O_RDONLY | O_CLOEXEC);
	fd2 = open(F1, O_RDONLY);
	fd3 = open(F1, O_RDONLY);
	is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	fcntl(fd3, F_SETFD, FD_CLOEXEC);
	lseek(fd2, 3, SEEK_SET);
	snprintf(as, sizeof(as), "%d", fd);
	snprintf(bs, sizeof(bs), "%d", fd2);
	snprintf(cs, sizeof(cs), "%d", fd3);
	pid = fork();
	if (pid == 0) {
		execl(self, self, "child", as, bs, cs, (char *)NULL);
		_exit(99);
	}
	st = wait_exit(pid);
	if (!is_int(st, 0, "after execve: close-on-exec descriptors are "
	    "gone, the others stay with their offsets"))
		printf("# bits %d\n", st);
	close(fd);
	close(fd2);
	close(fd3);

	/* RLIMIT_NOFILE */
	pid = fork();
	if (pid == 0) {
		int r = 0, n;

		rl.rlim_cur = rl.rlim_max = 16;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			_exit(100);
		for (n = 0; n < 64; n++)
			if (open(F1, O_RDONLY) < 0)
				break;
		if (errno != EMFILE)
			r |= 1;
		if (fcntl(15, F_GETFD) != 0 || fcntl(16, F_GETFD) != -1)
			r |= 2;		/* exactly 0..15 open */
		errno = 0;
		if (dup(0) != -1 || errno != EMFILE)
			r |= 4;
		errno = 0;
		if (pipe(p) != -1 || errno != EMFILE)
			r |= 8;
		errno = 0;
		if (fcntl(0, F_DUPFD, 16) != -1 || errno != EINVAL)
			r |= 16;
		if (getdtablesize() != 16)
			r |= 32;
		close(15);
		if (dup(0) != 15)
			r |= 64;
		rl.rlim_cur = rl.rlim_max = 32;
		errno = 0;
		if (setrlimit(RLIMIT_NOFILE, &rl) != -1 || errno != EPERM)
			r |= 128;	/* raising the hard limit needs root;
					   we still are root, so allow 0 */
		_exit(r & ~128);
	}
	st = wait_exit(pid);
	if (!is_int(st, 0, "RLIMIT_NOFILE 16: EMFILE at exactly 16 "
	    "descriptors (open, dup, pipe), F_DUPFD above it EINVAL"))
		printf("# bits %d\n", st);

	unlink(F1);
	return (done());
}
