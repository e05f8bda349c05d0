/*
 * strmode(3): a mode_t as ls -l prints it, "drwxr-xr-x " - the file type,
 * three rwx triples with s/S and t/T for set-id and sticky, and a
 * trailing space where FreeBSD puts no ACL mark.  p needs 12 bytes.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <string.h>

static char
mode_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:	return ('d');
	case S_IFCHR:	return ('c');
	case S_IFBLK:	return ('b');
	case S_IFREG:	return ('-');
	case S_IFLNK:	return ('l');
	case S_IFSOCK:	return ('s');
	case S_IFIFO:	return ('p');
	default:	return ('?');
	}
}

/* One triple: r, w and x (or the special bit's letter over it). */
static char *
mode_triple(char *p, mode_t mode, int shift, mode_t special, char on,
    char off)
{
	*p++ = (mode & (S_IRUSR >> shift)) ? 'r' : '-';
	*p++ = (mode & (S_IWUSR >> shift)) ? 'w' : '-';
	if (mode & special)
		*p++ = (mode & (S_IXUSR >> shift)) ? on : off;
	else
		*p++ = (mode & (S_IXUSR >> shift)) ? 'x' : '-';
	return (p);
}

void
strmode(mode_t mode, char *p)
{
	*p++ = mode_type(mode);
	p = mode_triple(p, mode, 0, S_ISUID, 's', 'S');
	p = mode_triple(p, mode, 3, S_ISGID, 's', 'S');
	p = mode_triple(p, mode, 6, S_ISVTX, 't', 'T');
	*p++ = ' ';
	*p = '\0';
}
