/*
 * Process calls whose C interface differs from the kernel's: pipe over
 * pipe2, wait/waitpid/wait3 over wait4, waitid over wait6, vfork as fork (a vfork child
 * sharing the parent's stack would need an assembler stub per arch and
 * gains nothing on Petrel, whose fork is copy-on-write), times() for
 * newlib's clock(), and the exec family's path search.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <errno.h>
#include <limits.h>
#include <paths.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

int	pipe2(int *, int);
int	execvpe(const char *, char *const *, char *const *);

int
pipe(int fds[2])
{
	return (pipe2(fds, 0));
}

pid_t
wait(int *status)
{
	return (wait4(WAIT_ANY, status, 0, NULL));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return (wait4(pid, status, options, NULL));
}

pid_t
wait3(int *status, int options, struct rusage *ru)
{
	return (wait4(WAIT_ANY, status, options, ru));
}

/*
 * waitid: wait6 without the status word; the answer is all in info
 * (si_pid 0 under WNOHANG when no child is ready).
 */
int
waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
	int status;

	return (wait6(idtype, id, &status, options, NULL, info) == -1 ?
	    -1 : 0);
}

pid_t
vfork(void)
{
	return (fork());
}

/* newlib's clock() divides times() by CLOCKS_PER_SEC (1000). */
clock_t
times(struct tms *tp)
{
	struct rusage ru;
	struct timeval tv;

#define TV2CLK(t)	((clock_t)((t).tv_sec * 1000 + (t).tv_usec / 1000))
	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return ((clock_t)-1);
	tp->tms_utime = TV2CLK(ru.ru_utime);
	tp->tms_stime = TV2CLK(ru.ru_stime);
	if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
		return ((clock_t)-1);
	tp->tms_cutime = TV2CLK(ru.ru_utime);
	tp->tms_cstime = TV2CLK(ru.ru_stime);
	if (gettimeofday(&tv, NULL) < 0)
		return ((clock_t)-1);
	return (TV2CLK(tv));
#undef TV2CLK
}

int
execv(const char *path, char *const argv[])
{
	return (execve(path, argv, environ));
}

/* Gather the variadic argument list into an argv on the stack. */
#define COLLECT_ARGS(arg0, ap, argv) do {				\
	size_t __n = 1;							\
	va_list __aq;							\
	va_copy(__aq, ap);						\
	while (va_arg(__aq, char *) != NULL)				\
		__n++;							\
	va_end(__aq);							\
	argv = __builtin_alloca((__n + 1) * sizeof(char *));		\
	argv[0] = (char *)(arg0);					\
	for (size_t __i = 1; __i <= __n; __i++)				\
		argv[__i] = va_arg(ap, char *);				\
} while (0)

int
execl(const char *path, const char *arg0, ...)
{
	va_list ap;
	char **argv;

	va_start(ap, arg0);
	COLLECT_ARGS(arg0, ap, argv);
	va_end(ap);
	return (execve(path, argv, environ));
}

int
execle(const char *path, const char *arg0, ...)
{
	va_list ap;
	char **argv, **envp;

	va_start(ap, arg0);
	COLLECT_ARGS(arg0, ap, argv);
	envp = va_arg(ap, char **);
	va_end(ap);
	return (execve(path, argv, envp));
}

int
execlp(const char *file, const char *arg0, ...)
{
	va_list ap;
	char **argv;

	va_start(ap, arg0);
	COLLECT_ARGS(arg0, ap, argv);
	va_end(ap);
	return (execvp(file, argv));
}

int
execvp(const char *file, char *const argv[])
{
	return (execvpe(file, argv, environ));
}

/*
 * Search PATH (default _PATH_DEFPATH) as execvp(3) does: a name with a
 * slash is used as it is; ENOEXEC runs the file with /bin/sh; EACCES is
 * remembered but the search goes on; any other error but ENOENT/ENOTDIR
 * stops it.
 */
int
execvpe(const char *file, char *const argv[], char *const envp[])
{
	const char *path, *p, *end;
	char buf[PATH_MAX];
	size_t dlen, flen;
	int eacces = 0;

	if (*file == '\0') {
		errno = ENOENT;
		return (-1);
	}
	if (strchr(file, '/') != NULL) {
		execve(file, argv, envp);
		return (-1);
	}
	if ((path = getenv("PATH")) == NULL)
		path = "/bin:/usr/bin:/sbin:/usr/sbin";
	flen = strlen(file);
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dlen = end - p;
		if (dlen == 0) {
			buf[0] = '.';
			dlen = 1;
		} else if (dlen + flen + 2 <= sizeof(buf))
			memcpy(buf, p, dlen);
		else
			goto next;
		buf[dlen] = '/';
		memcpy(buf + dlen + 1, file, flen + 1);
		execve(buf, argv, envp);
		switch (errno) {
		case EACCES:
			eacces = 1;
			break;
		case ENOENT:
		case ENOTDIR:
		case ENAMETOOLONG:
		case ELOOP:
			break;
		case ENOEXEC: {
			size_t n;
			char **nargv;

			for (n = 0; argv[n] != NULL; n++)
				;
			nargv = __builtin_alloca((n + 2) * sizeof(char *));
			nargv[0] = "sh";
			nargv[1] = buf;
			memcpy(nargv + 2, argv + 1, n * sizeof(char *));
			execve(_PATH_BSHELL, nargv, envp);
			return (-1);
		}
		default:
			return (-1);
		}
next:
		if (*end == '\0')
			break;
	}
	errno = eacces ? EACCES : ENOENT;
	return (-1);
}

/* system(3): /bin/sh -c, with SIGINT/SIGQUIT ignored and SIGCHLD held. */
#include <signal.h>
int
system(const char *cmd)
{
	struct sigaction ign, oint, oquit;
	sigset_t mask, omask;
	pid_t pid;
	int status;

	if (cmd == NULL)
		return (access(_PATH_BSHELL, X_OK) == 0);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &omask);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	switch (pid = fork()) {
	case -1:
		status = -1;
		break;
	case 0:
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		sigprocmask(SIG_SETMASK, &omask, NULL);
		execl(_PATH_BSHELL, "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	default:
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sigprocmask(SIG_SETMASK, &omask, NULL);
	return (status);
}

/* ... and newlib's reentrant name for it (<stdlib.h>). */
int
_system_r(struct _reent *r, const char *cmd)
{
	(void)r;
	return (system(cmd));
}

/* setpgrp: the System V form newlib declares, setpgid(0, 0). */
int
setpgrp(void)
{
	return (setpgid(0, 0));
}
