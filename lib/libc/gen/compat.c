/*
 * Small functions newlib's headers declare (some only under _GNU_SOURCE
 * or _BSD_SOURCE) that an audit of the installed headers against libc.a
 * found undefined (docs/lib/libc.md, "Declared but not defined"):
 * eaccess/euidaccess over faccessat(AT_EACCESS), futimesat over
 * utimensat, ftime over clock_gettime, secure_getenv,
 * get_current_dir_name, versionsort over strverscmp, and execlpe.
 */
#define _GNU_SOURCE 1
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/timeb.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int	issetugid(void);

/* access(2) with the effective ids (FreeBSD's eaccess). */
int
eaccess(const char *path, int mode)
{
	return (faccessat(AT_FDCWD, path, mode, AT_EACCESS));
}

int
euidaccess(const char *path, int mode)
{
	return (eaccess(path, mode));
}

int
futimesat(int fd, const char *path, const struct timeval *tv)
{
	struct timespec ts[2];

	if (tv == NULL)
		return (utimensat(fd, path, NULL, 0));
	ts[0].tv_sec = tv[0].tv_sec;
	ts[0].tv_nsec = tv[0].tv_usec * 1000;
	ts[1].tv_sec = tv[1].tv_sec;
	ts[1].tv_nsec = tv[1].tv_usec * 1000;
	return (utimensat(fd, path, ts, 0));
}

/* ftime: the time in seconds and milliseconds; no time zone (UTC). */
int
ftime(struct timeb *tb)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return (-1);
	tb->time = ts.tv_sec;
	tb->millitm = (unsigned short)(ts.tv_nsec / 1000000);
	tb->timezone = 0;
	tb->dstflag = 0;
	return (0);
}

/* getenv, but nothing for a set-id program (its environment is not
 * to be trusted). */
char *
secure_getenv(const char *name)
{
	return (issetugid() ? NULL : getenv(name));
}

char *
get_current_dir_name(void)
{
	return (getcwd(NULL, 0));
}

int
versionsort(const struct dirent **a, const struct dirent **b)
{
	return (strverscmp((*a)->d_name, (*b)->d_name));
}

/* execlpe: execlp with an environment after the terminating NULL. */
int
execlpe(const char *file, const char *arg0, ...)
{
	va_list ap;
	char **argv, *const *envp;
	int n;

	va_start(ap, arg0);
	for (n = 1; va_arg(ap, char *) != NULL; n++)
		;
	va_end(ap);
	argv = __builtin_alloca((n + 1) * sizeof(*argv));
	va_start(ap, arg0);
	argv[0] = (char *)arg0;
	for (n = 1; (argv[n] = va_arg(ap, char *)) != NULL; n++)
		;
	envp = va_arg(ap, char *const *);
	va_end(ap);
	return (execvpe(file, argv, envp));
}
