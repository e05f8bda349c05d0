/*
 * Advisory locks: flock(2) (shared, exclusive, LOCK_NB's EWOULDBLOCK,
 * unlock, release on the last close of the open file, EINVAL, EBADF,
 * EOPNOTSUPP on a pipe) and POSIX byte-range locks through fcntl
 * (F_GETLK naming the holder's range and pid, F_SETLK's EAGAIN on an
 * overlap and success beside it, F_SETLKW sleeping until the holder
 * unlocks, EDEADLK for a cycle of two processes, any close releasing
 * the process's locks, unlocking the middle of a range, EBADF for a
 * write lock on a read-only descriptor, EINVAL for a bad l_type or
 * l_whence); and the lock list as FreeBSD keeps it: abutting and
 * overlapping locks of one owner and type merged, a sub-range unlocked,
 * upgraded or downgraded splitting the lock around it, F_GETLK naming
 * the lowest conflicting lock with its exact start, length, type and
 * pid.  The other owner is always a child process.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define PATH	"/tmp/t_lockf.f"

int	flock(int, int);

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static int
setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return (fcntl(fd, cmd, &fl));
}

/* Run fn(arg) in a child that opens PATH itself; its exit status. */
static int
child(int (*fn)(int), int flags)
{
	pid_t pid;
	int st, fd;

	pid = fork();
	if (pid == 0) {
		fd = open(PATH, flags);
		_exit(fd < 0 ? 100 : fn(fd));
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return (-1);
	return (WEXITSTATUS(st));
}

static int
c_flock_ex_nb(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return (0);
	return (errno == EWOULDBLOCK ? 1 : 2);
}

static int
c_flock_sh_nb(int fd)
{
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return (0);
	return (errno == EWOULDBLOCK ? 1 : 2);
}

/* F_GETLK of [5, 6): 0 if it names the parent's write lock [0, 10). */
static int
c_getlk(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 5;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) != 0)
		return (1);
	if (fl.l_type != F_WRLCK || fl.l_start != 0 || fl.l_len != 10 ||
	    fl.l_pid != getppid() || fl.l_whence != SEEK_SET)
		return (2);
	fl.l_type = F_WRLCK;
	fl.l_start = 10;
	fl.l_len = 5;
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK)
		return (3);
	return (0);
}

/*
 * F_GETLK of (type, start, len) from another process: the answer as
 * "type start len pid", with pid 0 standing for ours (the parent).
 */
static char *
getlk_other(short type, off_t start, off_t len)
{
	static char ans[80];
	struct flock fl;
	int p[2], fd;
	pid_t pid;

	memset(ans, 0, sizeof(ans));
	pipe(p);
	if ((pid = fork()) == 0) {
		fd = open(PATH, O_RDWR);
		memset(&fl, 0, sizeof(fl));
		fl.l_type = type;
		fl.l_whence = SEEK_SET;
		fl.l_start = start;
		fl.l_len = len;
		if (fcntl(fd, F_GETLK, &fl) != 0)
			snprintf(ans, sizeof(ans), "error %d", errno);
		else if (fl.l_type == F_UNLCK)
			snprintf(ans, sizeof(ans), "unlocked");
		else
			snprintf(ans, sizeof(ans), "%s %lld %lld %s",
			    fl.l_type == F_WRLCK ? "W" : fl.l_type == F_RDLCK ?
			    "R" : "?", (long long)fl.l_start,
			    (long long)fl.l_len, fl.l_pid == getppid() ?
			    "parent" : "other");
		write(p[1], ans, sizeof(ans));
		_exit(0);
	}
	close(p[1]);
	read(p[0], ans, sizeof(ans));
	close(p[0]);
	waitpid(pid, NULL, 0);
	return (ans);
}

/* Merging, splitting, upgrading and downgrading: F_GETLK's answers. */
static void
t_lock_list(int fd)
{
	setlk(fd, F_SETLK, F_UNLCK, 0, 0);
	setlk(fd, F_SETLK, F_WRLCK, 0, 10);
	setlk(fd, F_SETLK, F_WRLCK, 10, 10);
	is_str(getlk_other(F_WRLCK, 0, 100), "W 0 20 parent", "W [0,10) and "
	    "W [10,20) merge into [0,20)");
	setlk(fd, F_SETLK, F_WRLCK, 15, 25);
	is_str(getlk_other(F_WRLCK, 30, 1), "W 0 40 parent", "an overlapping "
	    "W [15,40) extends it to [0,40)");
	setlk(fd, F_SETLK, F_RDLCK, 10, 10);
	is_str(getlk_other(F_WRLCK, 0, 0), "W 0 10 parent", "downgrading "
	    "[10,20) to R splits: W [0,10) first");
	is_str(getlk_other(F_WRLCK, 12, 1), "R 10 10 parent", "R [10,20) in "
	    "the middle");
	is_str(getlk_other(F_RDLCK, 15, 15), "W 20 20 parent", "a read "
	    "request over [15,30) meets W [20,40)");
	is_str(getlk_other(F_RDLCK, 10, 10), "unlocked", "and none over "
	    "the read lock alone");
	setlk(fd, F_SETLK, F_WRLCK, 10, 10);
	is_str(getlk_other(F_WRLCK, 39, 1), "W 0 40 parent", "upgrading it "
	    "back merges all three into W [0,40)");
	setlk(fd, F_SETLK, F_UNLCK, 15, 10);
	is_str(getlk_other(F_WRLCK, 0, 0), "W 0 15 parent", "unlocking "
	    "[15,25) leaves W [0,15)");
	is_str(getlk_other(F_WRLCK, 15, 10), "unlocked", "[15,25) is free");
	is_str(getlk_other(F_WRLCK, 20, 0), "W 25 15 parent", "and W [25,40)");
	setlk(fd, F_SETLK, F_UNLCK, 0, 0);
	setlk(fd, F_SETLK, F_RDLCK, 5, 5);
	setlk(fd, F_SETLK, F_RDLCK, 0, 5);
	setlk(fd, F_SETLK, F_RDLCK, 10, 0);
	is_str(getlk_other(F_WRLCK, 0, 0), "R 0 0 parent", "R [5,10), R "
	    "[0,5) and R [10,EOF) merge into R [0,EOF) (l_len 0)");
	setlk(fd, F_SETLK, F_WRLCK, 50, 0);
	is_str(getlk_other(F_WRLCK, 60, 1), "W 50 0 parent", "a W from 50 "
	    "to EOF inside it");
	is_str(getlk_other(F_WRLCK, 0, 0), "R 0 50 parent", "leaves R "
	    "[0,50)");
	setlk(fd, F_SETLK, F_WRLCK, 49, 1);
	is_str(getlk_other(F_WRLCK, 60, 1), "W 49 0 parent", "W [49,50) "
	    "joins the W to EOF");
	setlk(fd, F_SETLK, F_UNLCK, 0, 0);
	is_str(getlk_other(F_WRLCK, 0, 0), "unlocked", "unlock all");
}

static int
c_setlk_9(int fd)
{
	if (setlk(fd, F_SETLK, F_WRLCK, 9, 1) == 0)
		return (0);
	return (errno == EAGAIN ? 1 : 2);
}

static int
c_setlk_10(int fd)
{
	return (setlk(fd, F_SETLK, F_WRLCK, 10, 5) == 0 ? 0 : 1);
}

static int
c_rdlk_4(int fd)
{
	if (setlk(fd, F_SETLK, F_RDLCK, 4, 1) == 0)
		return (0);
	return (errno == EAGAIN ? 1 : 2);
}

int
main(void)
{
	double t0, el;
	int fd, fd2, rfd, p[2], q[2], st;
	char c;
	pid_t pid;

	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ok(fd >= 0, "open a file to lock");
	write(fd, "0123456789abcdef", 16);

	/* flock */
	is_int(flock(fd, LOCK_EX), 0, "flock LOCK_EX");
	is_int(child(c_flock_ex_nb, O_RDWR), 1, "another open file: "
	    "LOCK_EX|LOCK_NB is EWOULDBLOCK");
	is_int(child(c_flock_sh_nb, O_RDWR), 1, "and LOCK_SH|LOCK_NB too");
	is_int(flock(fd, LOCK_SH), 0, "downgrade to LOCK_SH");
	is_int(child(c_flock_sh_nb, O_RDWR), 0, "a second shared lock is "
	    "granted");
	is_int(child(c_flock_ex_nb, O_RDWR), 1, "an exclusive one is not");
	is_int(flock(fd, LOCK_UN), 0, "LOCK_UN");
	is_int(child(c_flock_ex_nb, O_RDWR), 0, "then LOCK_EX is granted");
	fd2 = dup(fd);
	flock(fd, LOCK_EX);
	close(fd);
	is_int(child(c_flock_ex_nb, O_RDWR), 1, "the lock belongs to the "
	    "open file: a dup keeps it");
	close(fd2);
	is_int(child(c_flock_ex_nb, O_RDWR), 0, "the last close drops it");
	fd = open(PATH, O_RDWR);
	errno = 0;
	ok(flock(fd, 0) == -1 && errno == EINVAL, "flock with no operation: "
	    "EINVAL");
	errno = 0;
	ok(flock(-1, LOCK_EX) == -1 && errno == EBADF, "flock of -1: EBADF");
	pipe(p);
	errno = 0;
	ok(flock(p[0], LOCK_EX) == -1 && errno == EOPNOTSUPP, "flock of a "
	    "pipe: EOPNOTSUPP");

	/* POSIX byte-range locks */
	is_int(setlk(fd, F_SETLK, F_WRLCK, 0, 10), 0, "F_SETLK write lock "
	    "on [0, 10)");
	is_int(child(c_getlk, O_RDWR), 0, "F_GETLK names it: F_WRLCK, "
	    "start 0, len 10, our pid; [10, 15) is free");
	is_int(child(c_setlk_9, O_RDWR), 1, "F_SETLK on byte 9: EAGAIN");
	is_int(child(c_setlk_10, O_RDWR), 0, "F_SETLK on [10, 15): granted");
	is_int(setlk(fd, F_SETLK, F_UNLCK, 3, 3), 0, "unlock [3, 6) in the "
	    "middle");
	is_int(child(c_rdlk_4, O_RDWR), 0, "byte 4 is free now");
	is_int(child(c_setlk_9, O_RDWR), 1, "byte 9 is still locked");
	rfd = open(PATH, O_RDONLY);
	close(rfd);
	is_int(child(c_setlk_9, O_RDWR), 0, "closing another descriptor of "
	    "the file drops the process's locks");
	rfd = open(PATH, O_RDONLY);
	errno = 0;
	ok(setlk(rfd, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EBADF,
	    "a write lock through a read-only descriptor: EBADF");
	close(rfd);
	errno = 0;
	ok(setlk(fd, F_SETLK, 7, 0, 1) == -1 && errno == EINVAL,
	    "l_type 7: EINVAL");
	{
		struct flock fl;

		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = 9;
		errno = 0;
		ok(fcntl(fd, F_SETLK, &fl) == -1 && errno == EINVAL,
		    "l_whence 9: EINVAL");
	}
	errno = 0;
	ok(setlk(p[0], F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EBADF,
	    "F_SETLK on a pipe: EBADF");
	close(p[0]);
	close(p[1]);

	t_lock_list(fd);

	/* F_SETLKW waits; a cycle of two waiters is EDEADLK. */
	is_int(setlk(fd, F_SETLK, F_WRLCK, 0, 1), 0, "lock byte 0");
	pipe(p);
	pipe(q);
	pid = fork();
	if (pid == 0) {
		int cfd = open(PATH, O_RDWR), r;

		setlk(cfd, F_SETLK, F_WRLCK, 1, 1);	/* byte 1 */
		write(p[1], "1", 1);
		t0 = now();
		r = setlk(cfd, F_SETLKW, F_WRLCK, 0, 1);	/* waits */
		el = now() - t0;
		_exit(r == 0 && el >= 0.15 ? 0 : 1);
	}
	read(p[0], &c, 1);
	usleep(200000);		/* the child is asleep in F_SETLKW */
	errno = 0;
	ok(setlk(fd, F_SETLKW, F_WRLCK, 1, 1) == -1 && errno == EDEADLK,
	    "F_SETLKW that would close a cycle: EDEADLK");
	setlk(fd, F_SETLK, F_UNLCK, 0, 0);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the child's F_SETLKW slept until the "
	    "unlock, then got the lock");
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(fd);
	unlink(PATH);
	return (done());
}
