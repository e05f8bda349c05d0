/*
 * Small helpers the C regress tests share: the errno of a call that
 * returned -1 (0 otherwise), an int sysctl read, a 4- or 8-byte one, switching to another
 * user, a child's exit status, whether a kernel time stamp was set
 * since the test began (main sets t_start first), and reading a stream
 * until a count is reached.
 */
#ifndef _REGRESS_UTIL_H_
#define _REGRESS_UTIL_H_

#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <grp.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

static time_t t_start;

static inline int
errno_of(long r)
{
	return (r == -1 ? errno : 0);
}

/* The int sysctl `name', or -1 if it cannot be read. */
static inline int
sysctl_int(const char *name)
{
	int v = -1;
	size_t len = sizeof(v);

	if (sysctlbyname(name, &v, &len, NULL, 0) != 0)
		return (-1);
	return (v);
}

/*
 * An integer sysctl of 4 bytes (as int) or 8 (as a 64-bit count), or -1
 * if it cannot be read or is another size.
 */
static inline long long
sysctl_num(const char *name)
{
	unsigned char buf[8];
	size_t len = sizeof(buf);
	int32_t v4;
	int64_t v8;

	if (sysctlbyname(name, buf, &len, NULL, 0) != 0)
		return (-1);
	if (len == sizeof(v4)) {
		memcpy(&v4, buf, sizeof(v4));
		return (v4);
	}
	if (len == sizeof(v8)) {
		memcpy(&v8, buf, sizeof(v8));
		return (v8);
	}
	return (-1);
}

/* Become uid/gid with gid as the only group; -1 on failure. */
static inline int
become(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
		return (-1);
	return (0);
}

/* The exit status of child pid, 128 + the signal that killed it, or -1. */
static inline int
wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* A time stamp set by the kernel since this test began. */
static inline int
recent(time_t t)
{
	return (t > 0 && t >= t_start && t <= time(NULL));
}

/* Read exactly n bytes; fewer only at EOF or on an error.  The count. */
static inline size_t
readn(int fd, void *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return (got);
}

#endif /* !_REGRESS_UTIL_H_ */
