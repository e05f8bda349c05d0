/*
 * mktemp(3) and its family, replacing newlib's mktemp.o, whose mkdtemp
 * is compiled without mkdir (newlib's HAVE_MKDIR) and so always fails.
 * The trailing X's (before a suffix of slen bytes, for the *s forms)
 * become random letters and digits; a name that exists is tried again
 * with new ones.  newlib's reentrant _r names are kept, as wrappers.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <reent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char padchar[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* What to make of the name: nothing (mktemp), a file, a directory. */
enum { T_NAME, T_FILE, T_DIR };

static int
gettemp(char *path, int *fdp, int kind, int slen, int oflags)
{
	char *start, *end, *p;
	struct stat sb;
	size_t len;
	int tries, fd;

	len = strlen(path);
	if (slen < 0 || (size_t)slen > len ||
	    (oflags & ~(O_APPEND | O_DIRECT | O_SHLOCK | O_EXLOCK | O_SYNC |
	    O_CLOEXEC)) != 0) {
		errno = EINVAL;
		return (0);
	}
	end = path + len - slen;
	for (start = end; start > path && start[-1] == 'X'; start--)
		;
	if (end - start < 1) {
		errno = EINVAL;
		return (0);
	}
	for (tries = 0; tries < 1000; tries++) {
		for (p = start; p < end; p++)
			*p = padchar[arc4random_uniform(sizeof(padchar) - 1)];
		switch (kind) {
		case T_FILE:
			fd = open(path, O_RDWR | O_CREAT | O_EXCL | oflags,
			    0600);
			if (fd >= 0) {
				*fdp = fd;
				return (1);
			}
			break;
		case T_DIR:
			if (mkdir(path, 0700) == 0)
				return (1);
			break;
		default:
			if (lstat(path, &sb) == -1)
				return (errno == ENOENT);
			errno = EEXIST;
			continue;
		}
		if (errno != EEXIST)
			return (0);
	}
	errno = EEXIST;
	return (0);
}

char *
mktemp(char *path)
{
	return (gettemp(path, NULL, T_NAME, 0, 0) ? path : NULL);
}

int
mkstemps(char *path, int slen)
{
	int fd;

	return (gettemp(path, &fd, T_FILE, slen, 0) ? fd : -1);
}

int
mkstemp(char *path)
{
	return (mkstemps(path, 0));
}

int
mkostemps(char *path, int slen, int oflags)
{
	int fd;

	return (gettemp(path, &fd, T_FILE, slen, oflags) ? fd : -1);
}

int
mkostemp(char *path, int oflags)
{
	return (mkostemps(path, 0, oflags));
}

char *
mkdtemp(char *path)
{
	return (gettemp(path, NULL, T_DIR, 0, 0) ? path : NULL);
}

char *
_mktemp_r(struct _reent *r, char *path)
{
	(void)r;
	return (gettemp(path, NULL, T_NAME, 0, 0) ? path : NULL);
}

int
_mkstemp_r(struct _reent *r, char *path)
{
	(void)r;
	return (mkstemp(path));
}

int
_mkstemps_r(struct _reent *r, char *path, int slen)
{
	(void)r;
	return (mkstemps(path, slen));
}

int
_mkostemp_r(struct _reent *r, char *path, int oflags)
{
	(void)r;
	return (mkostemp(path, oflags));
}

int
_mkostemps_r(struct _reent *r, char *path, int slen, int oflags)
{
	(void)r;
	return (mkostemps(path, slen, oflags));
}

char *
_mkdtemp_r(struct _reent *r, char *path)
{
	(void)r;
	return (mkdtemp(path));
}
