/*
 * The smaller FreeBSD calls: strmode strings; setmode/getmode (octal,
 * symbolic clauses, the umask for a missing who, X, copies, EINVAL);
 * user_from_uid/group_from_gid (names, numbers, NULL with nouser);
 * nice (new value, clamped at 20, EPERM for an unprivileged decrease);
 * lockf (EINVAL, EBADF; F_TLOCK, F_TEST and F_ULOCK of a free file);
 * closefrom; getpeereid on a socketpair (ENOTCONN, ENOTSOCK, EBADF);
 * getloadavg (no vm.loadavg: -1); getusershell over /etc/shells;
 * ctermid; confstr (_CS_PATH, truncation, EINVAL); devname of
 * /dev/null and of an unknown device; setproctitle keeps the name.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static mode_t
apply(const char *spec, mode_t m)
{
	void *set;
	mode_t r;

	if ((set = setmode(spec)) == NULL)
		return ((mode_t)-1);
	r = getmode(set, m);
	free(set);
	return (r);
}

/* Run f in a child; its exit status (or -1). */
static int
in_child(int (*f)(void))
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0)
		_exit(f());
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return (-1);
	return (WEXITSTATUS(st));
}

/* 0 when nice behaves as it should for root; else which check failed. */
static int
nice_root(void)
{
	errno = 0;
	if (nice(5) != 5)
		return (1);
	if (nice(3) != 8)
		return (2);
	if (nice(100) != 20)
		return (3);
	if (nice(-25) != -5 || errno != 0)
		return (4);
	return (0);
}

static int
nice_user(void)
{
	if (setuid(1001) == -1)
		return (9);
	if (nice(2) != 2)
		return (1);
	errno = 0;
	if (nice(-1) != -1 || errno != EPERM)
		return (2);
	return (0);
}

static int
closefrom_all(void)
{
	closefrom(-3);
	return (fcntl(0, F_GETFD) == -1 && errno == EBADF &&
	    fcntl(2, F_GETFD) == -1 ? 0 : 1);
}

int
main(void)
{
	char buf[64], *s;
	struct stat sb;
	uid_t u;
	gid_t g;
	int fd, sv[2], n;
	size_t len;
	double la[3];

	/* strmode. */
	strmode(S_IFDIR | 0755, buf);
	is_str(buf, "drwxr-xr-x ", "strmode dir 0755");
	strmode(S_IFREG | 04755, buf);
	is_str(buf, "-rwsr-xr-x ", "strmode setuid");
	strmode(S_IFREG | 02644, buf);
	is_str(buf, "-rw-r-Sr-- ", "strmode setgid without x: S");
	strmode(S_IFDIR | 01777, buf);
	is_str(buf, "drwxrwxrwt ", "strmode sticky dir");
	strmode(S_IFREG | 01600, buf);
	is_str(buf, "-rw------T ", "strmode sticky without x: T");
	strmode(S_IFLNK | 0777, buf);
	is_str(buf, "lrwxrwxrwx ", "strmode link");
	strmode(S_IFCHR | 0620, buf);
	is_str(buf, "crw--w---- ", "strmode char device");
	strmode(S_IFIFO | 0, buf);
	is_str(buf, "p--------- ", "strmode fifo");
	strmode(S_IFSOCK | 0700, buf);
	is_str(buf, "srwx------ ", "strmode socket");
	is_int(strlen(buf), 11, "strmode: 11 characters");

	/* setmode/getmode. */
	umask(022);
	is_int(apply("755", 0100644), 0100755, "setmode 755");
	is_int(apply("0", 0104755), 0100000, "setmode 0 keeps the type");
	is_int(apply("u+x", 0644), 0744, "setmode u+x");
	is_int(apply("go-r", 0644), 0600, "setmode go-r");
	is_int(apply("a=rw", 0), 0666, "setmode a=rw");
	is_int(apply("u=rwx,g=rx,o=", 0), 0750, "setmode u=rwx,g=rx,o=");
	is_int(apply("+w", 0444), 0644, "setmode +w with umask 022: u only");
	is_int(apply("=rw", 0777), 0644, "setmode =rw with umask 022");
	is_int(apply("g=u", 0640), 0660, "setmode g=u copies");
	is_int(apply("+X", 0644), 0644, "setmode +X on a plain file");
	is_int(apply("+X", 040644), 040755, "setmode +X on a directory");
	is_int(apply("a+X", 0744), 0755, "setmode a+X when u has x");
	is_int(apply("u+s,g-w", 0664), 04644, "setmode u+s,g-w");
	is_int(apply("o+t", 040777), 041777, "setmode o+t");
	is_int(apply("u-w+x", 0644), 0544, "setmode two operators");
	errno = 0;
	ok(setmode("u+q") == NULL && errno == EINVAL, "setmode u+q: EINVAL");
	errno = 0;
	ok(setmode("8") == NULL && errno == EINVAL, "setmode 8: EINVAL");
	errno = 0;
	ok(setmode("17777") == NULL && errno == EINVAL,
	    "setmode 17777: EINVAL");
	errno = 0;
	ok(setmode("u") == NULL && errno == EINVAL, "setmode u: EINVAL");
	errno = 0;
	ok(setmode("") == NULL && errno == EINVAL, "setmode \"\": EINVAL");

	/* user_from_uid, group_from_gid. */
	is_str(user_from_uid(0, 0), "root", "user_from_uid(0)");
	is_str(user_from_uid(1001, 0), "user", "user_from_uid(1001)");
	is_str(user_from_uid(4242, 0), "4242", "unknown uid: the number");
	ok(user_from_uid(4242, 1) == NULL, "unknown uid, nouser: NULL");
	is_str(user_from_uid(0, 1), "root", "root again (cached)");
	is_str(group_from_gid(0, 0), "wheel", "group_from_gid(0)");
	is_str(group_from_gid(20, 0), "staff", "group_from_gid(20)");
	is_str(group_from_gid(4343, 0), "4343", "unknown gid: the number");
	ok(group_from_gid(4343, 1) == NULL, "unknown gid, nogroup: NULL");

	/* nice. */
	if (geteuid() == 0) {
		is_int(in_child(nice_root), 0, "nice: 5, 8, clamp 20, -25 -> -5");
		is_int(in_child(nice_user), 0, "nice as a user: 2, then EPERM");
	}

	/* lockf. */
	fd = open("/tmp/t_misc.lock", O_RDWR | O_CREAT | O_TRUNC, 0644);
	errno = 0;
	ok(lockf(fd, 99, 0) == -1 && errno == EINVAL, "lockf bad cmd: EINVAL");
	errno = 0;
	ok(lockf(-1, F_TLOCK, 0) == -1 && errno == EBADF, "lockf -1: EBADF");
	errno = 0;
	is_int(lockf(fd, F_TLOCK, 0), 0, "lockf F_TLOCK of a free file: 0");
	is_int(lockf(fd, F_TEST, 0), 0, "lockf F_TEST of our own lock: 0");
	is_int(lockf(fd, F_ULOCK, 0), 0, "lockf F_ULOCK: 0");
	close(fd);
	unlink("/tmp/t_misc.lock");

	/* closefrom. */
	dup2(0, 20);
	dup2(0, 21);
	dup2(0, 25);
	closefrom(21);
	ok(fcntl(20, F_GETFD) != -1, "closefrom(21): 20 stays open");
	ok(fcntl(21, F_GETFD) == -1 && fcntl(25, F_GETFD) == -1 &&
	    errno == EBADF, "closefrom(21): 21 and 25 closed");
	close(20);
	is_int(in_child(closefrom_all), 0, "closefrom(-3) closes from 0");

	/* getpeereid. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	u = (uid_t)-1;
	g = (gid_t)-1;
	is_int(getpeereid(sv[0], &u, &g), 0, "getpeereid on a socketpair");
	ok(u == geteuid() && g == getegid(), "getpeereid: our euid/egid");
	close(sv[0]);
	close(sv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	ok(getpeereid(fd, &u, &g) == -1 && errno == ENOTCONN,
	    "getpeereid unconnected: ENOTCONN");
	close(fd);
	fd = open("/dev/null", O_RDONLY);
	errno = 0;
	ok(getpeereid(fd, &u, &g) == -1 && errno == ENOTSOCK,
	    "getpeereid on a file: ENOTSOCK");
	close(fd);
	errno = 0;
	ok(getpeereid(-1, &u, &g) == -1 && errno == EBADF,
	    "getpeereid -1: EBADF");

	/* getloadavg: the kernel keeps no vm.loadavg. */
	is_int(getloadavg(la, 3), -1, "getloadavg: -1 without vm.loadavg");
	is_int(getloadavg(la, -1), -1, "getloadavg nelem -1: -1");

	/* getusershell: /etc/shells lists /bin/sh. */
	setusershell();
	s = getusershell();
	is_str(s, "/bin/sh", "getusershell: /bin/sh");
	ok(getusershell() == NULL, "getusershell: then the end");
	setusershell();
	is_str(getusershell(), "/bin/sh", "setusershell rewinds");
	endusershell();

	/* ctermid, confstr. */
	is_str(ctermid(NULL), "/dev/tty", "ctermid(NULL)");
	is_str(ctermid(buf), "/dev/tty", "ctermid(buf)");
	len = confstr(_CS_PATH, buf, sizeof(buf));
	is_int(len, strlen("/usr/bin:/bin:/usr/sbin:/sbin") + 1,
	    "confstr _CS_PATH: length + 1");
	is_str(buf, "/usr/bin:/bin:/usr/sbin:/sbin", "confstr _CS_PATH");
	len = confstr(_CS_PATH, buf, 5);
	ok(len == 30 && strcmp(buf, "/usr") == 0, "confstr truncates");
	is_int(confstr(_CS_PATH, NULL, 0), 30, "confstr NULL, 0: the size");
	errno = 0;
	ok(confstr(9999, buf, sizeof(buf)) == 0 && errno == EINVAL,
	    "confstr 9999: 0, EINVAL");

	/* devname. */
	stat("/dev/null", &sb);
	is_str(devname(sb.st_rdev, S_IFCHR), "null", "devname(/dev/null)");
	is_str(devname((dev_t)0x7777777, S_IFCHR), "#C:0x7777777",
	    "devname of no device: #C:0x...");
	is_str(devname((dev_t)0x10, S_IFBLK), "#B:0x10",
	    "devname block fallback: #B:0x...");

	/* setproctitle: a documented no-op; the name stays. */
	errno = 0;
	setproctitle("worker %d", 3);
	is_str(getprogname(), "t_misc", "setproctitle keeps the name");
	n = errno;
	is_int(n, 0, "setproctitle leaves errno alone");
	return (done());
}
