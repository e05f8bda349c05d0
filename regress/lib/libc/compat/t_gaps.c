/*
 * Functions the headers declared but lib/libc did not define until an
 * audit of the installed headers against libc.a (docs/lib/libc.md):
 * creat, tcflow and tcsendbreak on a pty, ttyname_r, flockfile and
 * ftrylockfile/funlockfile against another thread, setpassent, lutimes
 * on a symbolic link, initstate/setstate (state arrays resumed where
 * they were left), posix_madvise, fdclosedir, setpgrp,
 * clock_getcpuclockid and newlib's _system_r; and the GNU/BSD odds in
 * gen/compat.c: eaccess, futimesat, ftime, secure_getenv,
 * get_current_dir_name, versionsort, execlpe; the mktemp family
 * (gen/mktemp.c); getdomainname (kern.domainname), scandirat, and the
 * *at calls relative to a directory descriptor.  Exact results and
 * errnos.
 */
#define _GNU_SOURCE 1
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/timeb.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libutil.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static char dir[64];

static FILE *lockfp;
static int trylock_result;

static void *
trylock_thread(void *arg)
{
	(void)arg;
	trylock_result = ftrylockfile(lockfp);
	if (trylock_result == 0)
		funlockfile(lockfp);
	return (NULL);
}

/* ftrylockfile(lockfp) from another thread: 0 if it got the lock. */
static int
other_trylock(void)
{
	pthread_t t;

	trylock_result = 99;
	if (pthread_create(&t, NULL, trylock_thread, NULL) != 0)
		return (98);
	pthread_join(t, NULL);
	return (trylock_result);
}

/* One byte from fd within 5 s, or -1. */
static int
read_byte(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	unsigned char c;

	if (poll(&pfd, 1, 5000) != 1 || read(fd, &c, 1) != 1)
		return (-1);
	return (c);
}

static void
t_creat(void)
{
	char path[128], buf[8];
	struct stat sb;
	int fd;

	snprintf(path, sizeof(path), "%s/creat", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	write(fd, "hello", 5);
	close(fd);
	umask(022);
	fd = creat(path, 0666);
	ok(fd >= 0, "creat on an existing file");
	fstat(fd, &sb);
	is_int(sb.st_size, 0, "creat truncated it");
	errno = 0;
	is_int(read(fd, buf, 1), -1, "creat's descriptor is write-only");
	is_int(errno, EBADF, "... reading it is EBADF");
	close(fd);
	unlink(path);
	fd = creat(path, 0666);
	fstat(fd, &sb);
	is_int(sb.st_mode & 07777, 0644, "a new file gets mode & ~umask");
	close(fd);
	snprintf(path, sizeof(path), "%s/nodir/x", dir);
	errno = 0;
	is_int(creat(path, 0644), -1, "creat under a missing directory");
	is_int(errno, ENOENT, "... ENOENT");
	snprintf(path, sizeof(path), "%s/creat", dir);
	unlink(path);
}

static void
t_tty(void)
{
	struct termios t;
	struct timespec t0, t1;
	char name[64], small[5];
	long ms;
	int m, s, fd;

	if (openpty(&m, &s, name, NULL, NULL) != 0) {
		ok(0, "openpty");
		return;
	}
	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);

	is_int(tcflow(s, TCOOFF), 0, "tcflow TCOOFF");
	is_int(tcflow(s, TCOON), 0, "tcflow TCOON");
	is_int(tcflow(s, TCIOFF), 0, "tcflow TCIOFF");
	is_int(read_byte(m), t.c_cc[VSTOP], "TCIOFF sent the STOP character");
	is_int(tcflow(s, TCION), 0, "tcflow TCION");
	is_int(read_byte(m), t.c_cc[VSTART], "TCION sent the START character");
	errno = 0;
	is_int(tcflow(s, 99), -1, "tcflow with a bad action");
	is_int(errno, EINVAL, "... EINVAL");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(tcsendbreak(s, 0), 0, "tcsendbreak on a pty");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ok(ms >= 250 && ms < 2000, "tcsendbreak lasts 0.25 to 0.5 s");

	is_int(ttyname_r(s, name, sizeof(name)), 0, "ttyname_r(slave)");
	is_str(name, ttyname(s), "ttyname_r agrees with ttyname");
	ok(strncmp(name, "/dev/ttyp", 9) == 0, "... a /dev/ttypN name");
	is_int(ttyname_r(s, small, sizeof(small)), ERANGE,
	    "ttyname_r into a 5-byte buffer is ERANGE");

	snprintf(name, sizeof(name), "%s/file", dir);
	fd = open(name, O_RDWR | O_CREAT, 0644);
	errno = 0;
	is_int(tcflow(fd, TCOOFF), -1, "tcflow on a file");
	is_int(errno, ENOTTY, "... ENOTTY");
	errno = 0;
	is_int(tcsendbreak(fd, 0), -1, "tcsendbreak on a file");
	is_int(errno, ENOTTY, "... ENOTTY");
	is_int(ttyname_r(fd, name, sizeof(name)), ENOTTY,
	    "ttyname_r on a file is ENOTTY");
	close(fd);
	snprintf(name, sizeof(name), "%s/file", dir);
	unlink(name);
	errno = 0;
	is_int(tcsendbreak(-1, 0), -1, "tcsendbreak on fd -1");
	is_int(errno, EBADF, "... EBADF");
	is_int(ttyname_r(-1, name, sizeof(name)), EBADF,
	    "ttyname_r on fd -1 is EBADF");
	close(s);
	close(m);
}

static void
t_flockfile(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/lock", dir);
	lockfp = fopen(path, "w");
	is_int(other_trylock(), 0, "an unlocked stream: another thread's "
	    "ftrylockfile gets it");
	flockfile(lockfp);
	flockfile(lockfp);
	is_int(ftrylockfile(lockfp), 0, "the holder's ftrylockfile nests");
	funlockfile(lockfp);
	ok(other_trylock() != 0, "held twice: another thread's "
	    "ftrylockfile fails");
	is_int(fputs("x", lockfp) >= 0, 1, "the holder's stdio still works");
	funlockfile(lockfp);
	ok(other_trylock() != 0, "held once: still fails");
	funlockfile(lockfp);
	is_int(other_trylock(), 0, "released: another thread gets it");
	fclose(lockfp);
	unlink(path);
	/* The standard streams, before and after their first use. */
	flockfile(stdout);
	lockfp = stdout;
	ok(other_trylock() != 0, "flockfile(stdout) holds stdout");
	funlockfile(stdout);
	is_int(other_trylock(), 0, "funlockfile(stdout) lets it go");
}

static void
t_setpassent(void)
{
	struct passwd *pw;

	is_int(setpassent(0), 1, "setpassent(0) opens the database");
	pw = getpwent();
	is_str(pw != NULL ? pw->pw_name : NULL, "root", "first entry root");
	pw = getpwent();
	is_str(pw != NULL ? pw->pw_name : NULL, "daemon", "then daemon");
	is_int(setpassent(1), 1, "setpassent(1) rewinds");
	pw = getpwent();
	is_str(pw != NULL ? pw->pw_name : NULL, "root", "root again");
	endpwent();
}

static void
t_lutimes(void)
{
	struct timeval tv[2] = { { 1000, 0 }, { 2000, 250000 } };
	char f[128], l[128];
	struct stat sb, lsb;
	time_t now;
	int fd;

	snprintf(f, sizeof(f), "%s/target", dir);
	snprintf(l, sizeof(l), "%s/link", dir);
	fd = open(f, O_WRONLY | O_CREAT, 0644);
	close(fd);
	symlink("target", l);
	is_int(lutimes(l, tv), 0, "lutimes on a symbolic link");
	lstat(l, &lsb);
	stat(f, &sb);
	is_int(lsb.st_mtim.tv_sec, 2000, "the link's mtime is set");
	is_int(lsb.st_mtim.tv_nsec, 250000000, "... to the microsecond");
	is_int(lsb.st_atim.tv_sec, 1000, "the link's atime is set");
	ok(sb.st_mtim.tv_sec != 2000, "the target's mtime is not");
	now = time(NULL);
	is_int(lutimes(l, NULL), 0, "lutimes(link, NULL)");
	lstat(l, &lsb);
	ok(lsb.st_mtim.tv_sec >= now && lsb.st_mtim.tv_sec <= now + 5,
	    "... sets the link's mtime to now");
	unlink(l);
	errno = 0;
	is_int(lutimes(l, tv), -1, "lutimes on a missing path");
	is_int(errno, ENOENT, "... ENOENT");
	unlink(f);
}

static void
t_random(void)
{
	static uint32_t st1[32], st2[64], st0[4];
	long a[10], b[10], x;
	char *p;
	int i, inrange = 1;

	p = initstate(7, (char *)st2, sizeof(st2));
	ok(p != NULL, "initstate returns the default state");
	for (i = 0; i < 10; i++) {
		b[i] = random();
		inrange &= b[i] >= 0 && b[i] <= 0x7fffffff;
	}
	p = initstate(1, (char *)st1, sizeof(st1));
	ok(p == (char *)st2, "initstate returns the previous array");
	for (i = 0; i < 10; i++) {
		a[i] = random();
		inrange &= a[i] >= 0 && a[i] <= 0x7fffffff;
	}
	ok(inrange, "random() is in [0, 2^31)");
	ok(memcmp(a, b, sizeof(a)) != 0, "different seeds, sequences differ");
	ok(initstate(1, (char *)st1, sizeof(st1)) == (char *)st1,
	    "initstate on the array in use returns it");
	ok(random() == a[0] && random() == a[1] && random() == a[2],
	    "the same seed repeats the sequence");
	ok(initstate(7, (char *)st2, sizeof(st2)) == (char *)st1,
	    "initstate switches away from st1");
	ok(random() == b[0] && random() == b[1], "st2 reseeded repeats");
	ok(setstate((char *)st1) == (char *)st2, "setstate returns st2");
	ok(random() == a[3] && random() == a[4],
	    "setstate resumes st1 where it was left");
	ok(setstate((char *)st2) == (char *)st1, "setstate back to st2");
	is_int(random(), b[2], "... which resumes too");
	srandom(1);
	x = random();
	srandom(1);
	is_int(random(), x, "srandom repeats in the current array");

	/* Under 32 bytes: the plain congruential generator. */
	initstate(3, (char *)st0, sizeof(st0));
	is_int(random(), (3 * 1103515245UL + 12345) & 0x7fffffff,
	    "a 16-byte state is the LCG x * 1103515245 + 12345");
	errno = 0;
	ok(initstate(1, (char *)st0, 7) == NULL, "initstate with 7 bytes");
	is_int(errno, EINVAL, "... EINVAL");
	setstate((char *)st1);
}

static void
t_madvise(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
	    -1, 0);
	p[0] = 'x';
	errno = 0;
	is_int(posix_madvise(p, pg, POSIX_MADV_DONTNEED), 0,
	    "posix_madvise DONTNEED");
	is_int(p[0], 'x', "... keeps the data");
	is_int(posix_madvise(p, pg, POSIX_MADV_WILLNEED), 0,
	    "posix_madvise WILLNEED");
	is_int(posix_madvise(p, pg, POSIX_MADV_SEQUENTIAL), 0,
	    "posix_madvise SEQUENTIAL");
	is_int(posix_madvise(p, pg, 99), EINVAL, "bad advice is EINVAL");
	munmap(p, pg);
	is_int(posix_madvise(p, pg, POSIX_MADV_NORMAL), ENOMEM,
	    "an unmapped range is ENOMEM");
	is_int(errno, 0, "posix_madvise leaves errno alone");
}

static void
t_fdclosedir(void)
{
	struct stat sb;
	DIR *d;
	int fd;

	d = opendir("/");
	fd = dirfd(d);
	is_int(fdclosedir(d), fd, "fdclosedir returns the DIR's descriptor");
	ok(fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode),
	    "... still open, on the directory");
	is_int(close(fd), 0, "... and it closes");
}

static void
t_proc(void)
{
	clockid_t c = -1;
	struct timespec ts;
	pid_t pid;
	int st;

	if ((pid = fork()) == 0)
		_exit(setpgrp() == 0 && getpgrp() == getpid() ? 0 : 1);
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0,
	    "setpgrp makes a group led by the caller");

	is_int(clock_getcpuclockid(0, &c), 0, "clock_getcpuclockid(0)");
	is_int(c, CLOCK_PROCESS_CPUTIME_ID, "... is the process CPU clock");
	is_int(clock_gettime(c, &ts), 0, "... which clock_gettime reads");
	is_int(clock_getcpuclockid(getpid(), &c), 0,
	    "clock_getcpuclockid(getpid())");
	is_int(clock_getcpuclockid(1, &c), EPERM,
	    "another process's clock is EPERM");
	if ((pid = fork()) == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	is_int(clock_getcpuclockid(pid, &c), ESRCH,
	    "a process that is gone is ESRCH");

	st = _system_r(_REENT, "exit 3");
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 3,
	    "_system_r runs the command");
}

/* gen/mktemp.c, which replaces newlib's (its mkdtemp was ENOSYS). */
static void
t_mktemp(void)
{
	char path[128];
	struct stat sb;
	int fd;

	ok(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    (sb.st_mode & 0777) == 0700, "mkdtemp made a 0700 directory");
	/*
	 * Replaced by letters and digits drawn at random, which may be an
	 * X again (one name in ten has one): the six are not all X, and
	 * each is one of the 62.
	 */
	ok(strncmp(dir, "/tmp/t_gaps.", 12) == 0 && strlen(dir) == 18 &&
	    strcmp(dir + 12, "XXXXXX") != 0 &&
	    strspn(dir + 12, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz") == 6, "... its X's replaced");
	snprintf(path, sizeof(path), "%s/sXXXXXX.txt", dir);
	fd = mkstemps(path, 4);
	ok(fd >= 0 && strlen(path) == strlen(dir) + 12 &&
	    strcmp(path + strlen(path) - 4, ".txt") == 0 &&
	    strstr(path, "XXX") == NULL, "mkstemps keeps the suffix");
	ok(fstat(fd, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "... and makes a 0600 file");
	close(fd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/oXXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	is_int(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC,
	    "mkostemp O_CLOEXEC");
	close(fd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/nox", dir);
	errno = 0;
	is_int(mkstemp(path), -1, "mkstemp without X's");
	is_int(errno, EINVAL, "... EINVAL");
	snprintf(path, sizeof(path), "%s/nodir/XXXXXX", dir);
	errno = 0;
	ok(mkdtemp(path) == NULL && errno == ENOENT,
	    "mkdtemp under a missing directory: ENOENT");
}

static void
t_compat(void)
{
	struct timeval tv[2] = { { 3000, 0 }, { 4000, 0 } };
	char path[128], *cwd;
	char *const env[] = { "FOO=bar", "PATH=/bin:/usr/bin", NULL };
	struct dirent a, b;
	const struct dirent *pa = &a, *pb = &b;
	struct timeb tb;
	struct stat sb;
	time_t now;
	int dfd, fd, st;
	pid_t pid;

	is_int(eaccess("/etc/passwd", R_OK), 0, "eaccess R_OK");
	errno = 0;
	is_int(eaccess("/nonexistent", F_OK), -1, "eaccess on a missing file");
	is_int(errno, ENOENT, "... ENOENT");
	is_int(euidaccess("/bin/sh", X_OK), 0, "euidaccess X_OK");

	snprintf(path, sizeof(path), "%s/at", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	close(fd);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	is_int(futimesat(dfd, "at", tv), 0, "futimesat relative to a dir fd");
	stat(path, &sb);
	is_int(sb.st_mtim.tv_sec, 4000, "... set the mtime");
	close(dfd);
	unlink(path);

	now = time(NULL);
	is_int(ftime(&tb), 0, "ftime");
	ok(tb.time >= now && tb.time <= now + 2 && tb.millitm < 1000,
	    "... seconds now, milliseconds < 1000");

	setenv("T_GAPS", "x", 1);
	is_str(secure_getenv("T_GAPS"), "x",
	    "secure_getenv in a program that is not set-id");

	chdir(dir);
	cwd = get_current_dir_name();
	is_str(cwd, dir, "get_current_dir_name");
	free(cwd);
	chdir("/");

	strlcpy(a.d_name, "file9", sizeof(a.d_name));
	strlcpy(b.d_name, "file10", sizeof(b.d_name));
	ok(versionsort(&pa, &pb) < 0, "versionsort: file9 before file10");

	if ((pid = fork()) == 0) {
		execlpe("sh", "sh", "-c", "test \"$FOO\" = bar && exit 7",
		    (char *)NULL, env);
		_exit(1);
	}
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7,
	    "execlpe searches PATH and passes the environment");
}

/* getdomainname: kern.domainname, empty until root sets it. */
static void
t_domainname(void)
{
	char buf[64], small[4];
	pid_t pid;
	int st;

	memset(buf, 'X', sizeof(buf));
	is_int(getdomainname(buf, sizeof(buf)), 0, "getdomainname");
	is_str(buf, "", "... empty until set");
	is_int(sysctlbyname("kern.domainname", NULL, NULL, "example.org",
	    11), 0, "root sets kern.domainname");
	is_int(getdomainname(buf, sizeof(buf)), 0, "getdomainname again");
	is_str(buf, "example.org", "... gives the new name");
	memset(small, 'X', sizeof(small));
	is_int(getdomainname(small, sizeof(small)), 0,
	    "getdomainname into a short buffer is not an error");
	ok(memcmp(small, "exam", 4) == 0, "... and truncates");
	pid = fork();
	if (pid == 0) {
		if (setuid(1001) < 0)
			_exit(1);
		errno = 0;
		if (sysctlbyname("kern.domainname", NULL, NULL, "x", 1) == 0)
			_exit(2);
		_exit(errno == EPERM ? 0 : 3);
	}
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0,
	    "a user cannot set kern.domainname: EPERM");
	is_int(sysctlbyname("kern.domainname", NULL, NULL, "", 0), 0,
	    "root clears kern.domainname");
}

static int
nodots(const struct dirent *d)
{
	return (d->d_name[0] != '.');
}

/* scandirat: scandir relative to a directory descriptor. */
static void
t_scandirat(void)
{
	struct dirent **v;
	char path[128];
	int dfd, ffd, n, i, fd0, fd1;

	snprintf(path, sizeof(path), "%s/sd", dir);
	mkdir(path, 0755);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/sd/%c", dir, "bca"[i]);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	fd0 = dup(0);
	close(fd0);
	n = scandirat(dfd, "sd", &v, nodots, alphasort);
	is_int(n, 3, "scandirat: three entries");
	if (n == 3) {
		snprintf(path, sizeof(path), "%s%s%s", v[0]->d_name,
		    v[1]->d_name, v[2]->d_name);
		is_str(path, "abc", "... selected and sorted");
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	if (n >= 0)
		free(v);
	fd1 = dup(0);
	close(fd1);
	is_int(fd1, fd0, "scandirat closes its descriptor");
	snprintf(path, sizeof(path), "%s/sd", dir);
	is_int(scandirat(AT_FDCWD, path, &v, nodots, NULL), 3,
	    "scandirat AT_FDCWD, absolute path");
	for (i = 0; i < 3; i++)
		free(v[i]);
	free(v);
	errno = 0;
	is_int(scandirat(dfd, "nosuch", &v, NULL, NULL), -1,
	    "scandirat of a missing directory fails");
	is_int(errno, ENOENT, "... ENOENT");
	errno = 0;
	is_int(scandirat(dfd, "sd/a", &v, NULL, NULL), -1,
	    "scandirat of a file fails");
	is_int(errno, ENOTDIR, "... ENOTDIR");
	errno = 0;
	is_int(scandirat(-5, "sd", &v, NULL, NULL), -1,
	    "scandirat with a bad descriptor fails");
	is_int(errno, EBADF, "... EBADF");
	snprintf(path, sizeof(path), "%s/sd/a", dir);
	ffd = open(path, O_RDONLY);
	errno = 0;
	is_int(scandirat(ffd, "x", &v, NULL, NULL), -1,
	    "scandirat relative to a file's descriptor fails");
	is_int(errno, ENOTDIR, "... ENOTDIR");
	close(ffd);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/sd/%c", dir, "abc"[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sd", dir);
	rmdir(path);
	close(dfd);
}

/* The *at calls: each relative to a directory descriptor. */
static void
t_at(void)
{
	struct timespec ts[2];
	struct stat sb;
	char buf[16];
	int dfd, fd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	is_int(mkdirat(dfd, "m", 0755), 0, "mkdirat");
	ok(fstatat(dfd, "m", &sb, 0) == 0 && S_ISDIR(sb.st_mode),
	    "fstatat: a directory");
	is_int(symlinkat("m", dfd, "ln"), 0, "symlinkat");
	memset(buf, 0, sizeof(buf));
	is_int(readlinkat(dfd, "ln", buf, sizeof(buf)), 1, "readlinkat");
	is_str(buf, "m", "... the link's text");
	ok(fstatat(dfd, "ln", &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(sb.st_mode), "fstatat AT_SYMLINK_NOFOLLOW: the link");
	ok(fstatat(dfd, "ln", &sb, 0) == 0 && S_ISDIR(sb.st_mode),
	    "fstatat follows the link");
	fd = openat(dfd, "f", O_CREAT | O_WRONLY, 0600);
	ok(fd >= 0, "openat O_CREAT");
	close(fd);
	is_int(faccessat(dfd, "f", R_OK | W_OK, 0), 0, "faccessat");
	is_int(fchmodat(dfd, "f", 0440, 0), 0, "fchmodat");
	is_int(fstatat(dfd, "f", &sb, 0) == 0 ? (int)(sb.st_mode & 07777) :
	    -1, 0440, "... mode 0440");
	is_int(fchownat(dfd, "f", 1001, 1001, 0), 0, "fchownat");
	is_int(fstatat(dfd, "f", &sb, 0) == 0 ? (int)sb.st_uid : -1, 1001,
	    "... owner 1001");
	is_int(linkat(dfd, "f", dfd, "f2", 0), 0, "linkat");
	is_int(fstatat(dfd, "f", &sb, 0) == 0 ? (int)sb.st_nlink : -1, 2,
	    "... two links");
	is_int(renameat(dfd, "f2", dfd, "f3"), 0, "renameat");
	errno = 0;
	ok(fstatat(dfd, "f2", &sb, 0) < 0 && errno == ENOENT,
	    "... the old name is gone (ENOENT)");
	ts[0].tv_sec = 1000000000;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 1000000001;
	ts[1].tv_nsec = 0;
	is_int(utimensat(dfd, "f3", ts, 0), 0, "utimensat");
	is_int(fstatat(dfd, "f3", &sb, 0) == 0 ? (long long)sb.st_mtime : -1,
	    1000000001, "... the modification time");
	is_int(mkfifoat(dfd, "p", 0600), 0, "mkfifoat");
	ok(fstatat(dfd, "p", &sb, 0) == 0 && S_ISFIFO(sb.st_mode),
	    "... a FIFO");
	errno = 0;
	is_int(unlinkat(dfd, "m", 0), -1, "unlinkat of a directory fails");
	is_int(errno, EPERM, "... EPERM (POSIX)");
	is_int(unlinkat(dfd, "m", AT_REMOVEDIR), 0, "unlinkat AT_REMOVEDIR");
	errno = 0;
	ok(fstatat(-1, "/", &sb, 0) == 0 && S_ISDIR(sb.st_mode),
	    "an absolute path ignores the descriptor");
	errno = 0;
	ok(fstatat(-1, "f", &sb, 0) < 0 && errno == EBADF,
	    "a relative path with a bad descriptor: EBADF");
	fd = openat(dfd, "f", O_RDONLY);
	errno = 0;
	ok(fstatat(fd, "x", &sb, 0) < 0 && errno == ENOTDIR,
	    "relative to a file's descriptor: ENOTDIR");
	close(fd);
	unlinkat(dfd, "f", 0);
	unlinkat(dfd, "f3", 0);
	unlinkat(dfd, "p", 0);
	unlinkat(dfd, "ln", 0);
	close(dfd);
}

int
main(void)
{
	strlcpy(dir, "/tmp/t_gaps.XXXXXX", sizeof(dir));
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return (done());
	}
	t_mktemp();
	t_creat();
	t_tty();
	t_flockfile();
	t_setpassent();
	t_lutimes();
	t_random();
	t_madvise();
	t_fdclosedir();
	t_proc();
	t_compat();
	t_domainname();
	t_scandirat();
	t_at();
	rmdir(dir);
	return (done());
}
