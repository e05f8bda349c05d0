/*
 * Small POSIX/BSD functions newlib lacks: ftok, realpath, basename and
 * dirname, getline/getdelim (newlib has only the __ names), getentropy
 * over getrandom(2), posix_memalign, sysconf/getpagesize, pathconf with
 * FreeBSD's _PC_ numbers, getlogin, host names and uname through
 * sysctl, and dup3 over fcntl(F_DUP2FD[_CLOEXEC]); creat, lutimes
 * over utimensat(2) and posix_madvise over madvise(2).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

ssize_t	getrandom(void *, size_t, unsigned int);

key_t
ftok(const char *path, int id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return ((key_t)-1);
	return ((key_t)((id & 0xff) << 24 | (st.st_dev & 0xff) << 16 |
	    (st.st_ino & 0xffff)));
}

/*
 * realpath(3): resolve every component, following up to 32 symbolic
 * links, without relying on the kernel to do it for us.
 */
char *
realpath(const char *path, char *resolved)
{
	char res[PATH_MAX], rest[PATH_MAX], link[PATH_MAX], *out;
	char *p, *q;
	size_t rlen;
	ssize_t n;
	int nlinks = 0;
	struct stat st;

	if (path == NULL) {
		errno = EINVAL;
		return (NULL);
	}
	if (path[0] == '\0') {
		errno = ENOENT;
		return (NULL);
	}
	if (strlcpy(rest, path, sizeof(rest)) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return (NULL);
	}
	if (rest[0] == '/') {
		strcpy(res, "/");
	} else if (getcwd(res, sizeof(res)) == NULL)
		return (NULL);
	rlen = strlen(res);
	p = rest;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		q = strchr(p, '/');
		if (q != NULL)
			*q = '\0';
		if (strcmp(p, ".") == 0) {
			/* nothing */
		} else if (strcmp(p, "..") == 0) {
			if (rlen > 1) {
				while (rlen > 1 && res[rlen - 1] != '/')
					rlen--;
				if (rlen > 1)
					rlen--;
				res[rlen] = '\0';
			}
		} else {
			if (rlen + 1 + strlen(p) + 1 > sizeof(res)) {
				errno = ENAMETOOLONG;
				return (NULL);
			}
			if (res[rlen - 1] != '/')
				res[rlen++] = '/';
			strcpy(res + rlen, p);
			rlen += strlen(p);
			if (lstat(res, &st) < 0) {
				/* A missing last component is an error too. */
				return (NULL);
			}
			if (S_ISLNK(st.st_mode)) {
				if (++nlinks > 32) {
					errno = ELOOP;
					return (NULL);
				}
				n = readlink(res, link, sizeof(link) - 1);
				if (n < 0)
					return (NULL);
				link[n] = '\0';
				/* Splice the link text in front of the rest. */
				if (q != NULL) {
					if (n + 1 + strlen(q + 1) + 1 >
					    sizeof(link)) {
						errno = ENAMETOOLONG;
						return (NULL);
					}
					link[n] = '/';
					strcpy(link + n + 1, q + 1);
				}
				strcpy(rest, link);
				p = rest;
				if (rest[0] == '/') {
					strcpy(res, "/");
					rlen = 1;
				} else {
					while (rlen > 1 && res[rlen - 1] != '/')
						rlen--;
					if (rlen > 1)
						rlen--;
					res[rlen] = '\0';
				}
				continue;
			} else if (q != NULL && !S_ISDIR(st.st_mode)) {
				errno = ENOTDIR;
				return (NULL);
			}
		}
		if (q == NULL)
			break;
		p = q + 1;
	}
	if (resolved != NULL)
		out = resolved;
	else if ((out = malloc(PATH_MAX)) == NULL)
		return (NULL);
	strcpy(out, res);
	return (out);
}

char *
basename(char *path)
{
	static char buf[PATH_MAX];
	const char *s, *e;
	size_t n;

	if (path == NULL || *path == '\0')
		return (strcpy(buf, "."));
	e = path + strlen(path) - 1;
	while (e > path && *e == '/')
		e--;
	if (e == path && *e == '/')
		return (strcpy(buf, "/"));
	s = e;
	while (s > path && s[-1] != '/')
		s--;
	n = e - s + 1;
	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return (NULL);
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (buf);
}

char *
dirname(char *path)
{
	static char buf[PATH_MAX];
	const char *e;
	size_t n;

	if (path == NULL || *path == '\0')
		return (strcpy(buf, "."));
	e = path + strlen(path) - 1;
	while (e > path && *e == '/')
		e--;
	while (e > path && *e != '/')
		e--;
	if (e == path)
		return (strcpy(buf, *e == '/' ? "/" : "."));
	while (e > path && *e == '/')
		e--;
	n = e - path + 1;
	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return (NULL);
	}
	memcpy(buf, path, n);
	buf[n] = '\0';
	return (buf);
}

ssize_t
getdelim(char **lineptr, size_t *n, int delim, FILE *fp)
{
	return (__getdelim(lineptr, n, delim, fp));
}

ssize_t
getline(char **lineptr, size_t *n, FILE *fp)
{
	return (__getdelim(lineptr, n, '\n', fp));
}

int
getentropy(void *buf, size_t len)
{
	ssize_t n;
	char *p = buf;

	if (len > 256) {
		errno = EIO;
		return (-1);
	}
	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= n;
	}
	return (0);
}

int
posix_memalign(void **memptr, size_t alignment, size_t size)
{
	void *p;

	if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
		return (EINVAL);
	if ((p = memalign(alignment, size)) == NULL)
		return (ENOMEM);
	*memptr = p;
	return (0);
}

int
getpagesize(void)
{
	return (4096);
}

long
sysconf(int name)
{
	int mib[2], v;
	size_t len;

	switch (name) {
	case _SC_ARG_MAX:
		return (ARG_MAX);
	case _SC_CHILD_MAX:
		return (CHILD_MAX);
	case _SC_CLK_TCK:
		return (100);
	case _SC_NGROUPS_MAX:
		return (NGROUPS_MAX);
	case _SC_OPEN_MAX:
		return (getdtablesize());
	case _SC_JOB_CONTROL:
	case _SC_SAVED_IDS:
		return (1);
	case _SC_VERSION:
		return (200809L);
	case _SC_PAGESIZE:
		return (getpagesize());
	case _SC_LINE_MAX:
		return (LINE_MAX);
	case _SC_HOST_NAME_MAX:
		return (255);
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		mib[0] = CTL_HW;
		mib[1] = HW_NCPU;
		len = sizeof(v);
		if (sysctl(mib, 2, &v, &len, NULL, 0) < 0)
			return (1);
		return (v);
	}
	errno = EINVAL;
	return (-1);
}

/*
 * newlib numbers _PC_* from 0; the kernel (FreeBSD) from 1.  The first
 * nine agree in order; the others the kernel does not answer.
 */
static int
pc_to_kernel(int name)
{
	if (name >= _PC_LINK_MAX && name <= _PC_VDISABLE)
		return (name - _PC_LINK_MAX + 1);
	return (-1);
}

long
pathconf(const char *path, int name)
{
	int k;

	if ((k = pc_to_kernel(name)) < 0) {
		errno = EINVAL;
		return (-1);
	}
	return (__sys_pathconf(path, k));
}

long
fpathconf(int fd, int name)
{
	int k;

	if ((k = pc_to_kernel(name)) < 0) {
		errno = EINVAL;
		return (-1);
	}
	return (__sys_fpathconf(fd, k));
}

char *
getlogin(void)
{
	static char name[MAXLOGNAME];

	if (__sys_getlogin(name, sizeof(name)) < 0)
		return (NULL);
	if (name[0] == '\0') {
		errno = ENOENT;
		return (NULL);
	}
	return (name);
}

int
getlogin_r(char *buf, size_t len)
{
	char *s;

	if ((s = getlogin()) == NULL)
		return (errno);
	if (strlcpy(buf, s, len) >= len)
		return (ERANGE);
	return (0);
}

int
gethostname(char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_HOSTNAME };

	if (sysctl(mib, 2, name, &len, NULL, 0) < 0) {
		if (errno == ENOMEM)
			errno = ENAMETOOLONG;
		return (-1);
	}
	return (0);
}

int
sethostname(const char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_HOSTNAME };

	return (sysctl(mib, 2, NULL, NULL, name, len));
}

/*
 * The NIS domain name (kern.domainname, empty until root sets it with
 * sysctl(8)).  As FreeBSD's: a name longer than the buffer is truncated
 * and then not NUL-terminated; that is not an error.
 */
int
getdomainname(char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_NISDOMAINNAME };
	char buf[256];		/* the kernel's MAXHOSTNAMELEN */
	size_t blen = sizeof(buf), n;

	if (sysctl(mib, 2, buf, &blen, NULL, 0) < 0)
		return (-1);
	n = strnlen(buf, blen) + 1;
	memcpy(name, buf, n < len ? n : len);
	return (0);
}

static void
getstr(int top, int leaf, char *buf, size_t size, const char *dflt)
{
	int mib[2];
	size_t len;

	mib[0] = top;
	mib[1] = leaf;
	len = size;
	if (sysctl(mib, 2, buf, &len, NULL, 0) < 0 || len == 0)
		strlcpy(buf, dflt, size);
	buf[size - 1] = '\0';
}

int
uname(struct utsname *u)
{
	char *p;

	getstr(CTL_KERN, KERN_OSTYPE, u->sysname, sizeof(u->sysname), "Petrel");
	getstr(CTL_KERN, KERN_HOSTNAME, u->nodename, sizeof(u->nodename), "");
	getstr(CTL_KERN, KERN_OSRELEASE, u->release, sizeof(u->release), "");
	getstr(CTL_KERN, KERN_VERSION, u->version, sizeof(u->version), "");
	getstr(CTL_HW, HW_MACHINE, u->machine, sizeof(u->machine),
#if defined(__x86_64__)
	    "amd64"
#else
	    "arm64"
#endif
	    );
	/* kern.version may hold several lines; uname shows the first. */
	if ((p = strchr(u->version, '\n')) != NULL)
		*p = '\0';
	return (0);
}

/* dup3 is dup2 that takes O_CLOEXEC and refuses oldfd == newfd. */
int
dup3(int oldfd, int newfd, int flags)
{
	if (oldfd == newfd || (flags & ~O_CLOEXEC) != 0) {
		errno = EINVAL;
		return (-1);
	}
	return (fcntl(oldfd, (flags & O_CLOEXEC) != 0 ? F_DUP2FD_CLOEXEC :
	    F_DUP2FD, newfd));
}

int
creat(const char *path, mode_t mode)
{
	return (open(path, O_WRONLY | O_CREAT | O_TRUNC, mode));
}

/* lutimes: utimes on the link itself (NULL: now). */
int
lutimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];

	if (tv == NULL)
		return (utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW));
	ts[0].tv_sec = tv[0].tv_sec;
	ts[0].tv_nsec = tv[0].tv_usec * 1000;
	ts[1].tv_sec = tv[1].tv_sec;
	ts[1].tv_nsec = tv[1].tv_usec * 1000;
	return (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW));
}

/*
 * posix_madvise: madvise's advice, but the error is returned.  POSIX's
 * DONTNEED must keep the data, which the kernel's MADV_DONTNEED drops
 * (private anonymous pages come back zero), so it is only checked.
 */
int
posix_madvise(void *addr, size_t len, int advice)
{
	int e, error;

	if (advice < POSIX_MADV_NORMAL || advice > POSIX_MADV_DONTNEED)
		return (EINVAL);
	e = errno;
	if (advice == POSIX_MADV_DONTNEED)
		advice = MADV_NORMAL;
	error = madvise(addr, len, advice) == -1 ? errno : 0;
	errno = e;
	return (error);
}
