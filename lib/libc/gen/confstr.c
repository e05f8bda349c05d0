/*
 * confstr(3) and ctermid(3).
 *
 * confstr: _CS_PATH is the standard utility path (paths.h's
 * _PATH_STDPATH); the compilation-environment strings (_CS_POSIX_V*_*,
 * _CS_XBS5_*, _CS_LFS_*, _CS_V7_ENV) are all empty, since Petrel has one
 * LP64 environment needing no flags; any other name is EINVAL with 0
 * returned.  The value is copied truncated to len - 1 bytes, and the
 * return is the full length plus the NUL, as POSIX says.
 *
 * ctermid: the controlling terminal's generic name, /dev/tty.
 */
#include <errno.h>
#include <paths.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

size_t
confstr(int name, char *buf, size_t len)
{
	const char *p;

	if (name == _CS_PATH)
		p = _PATH_STDPATH;
	else if (name > _CS_PATH && name <= _CS_LFS_LINTFLAGS)
		p = "";
	else {
		errno = EINVAL;
		return (0);
	}
	if (len != 0 && buf != NULL)
		strlcpy(buf, p, len);
	return (strlen(p) + 1);
}

char *
ctermid(char *buf)
{
	static char def[] = _PATH_TTY;

	if (buf == NULL)
		return (def);
	strcpy(buf, _PATH_TTY);
	return (buf);
}
