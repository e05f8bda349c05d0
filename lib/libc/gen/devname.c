/*
 * devname(3), devname_r: the name under /dev of a device number.  FreeBSD
 * asks the kernel (sysctl kern.devname); Petrel's devfs has no such
 * sysctl, so this reads /dev and compares each entry's st_rdev and file
 * type with the ones asked for (the name is relative to /dev, "ttyp0").
 * A device that is not there gets FreeBSD's fallback, "#C:0x<dev>" for
 * a character device and "#B:0x<dev>" for a block one.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define	DEVDIR		"/dev/"
#define	DEVNAMELEN	64

char *
devname_r(dev_t dev, mode_t type, char *buf, int len)
{
	char path[sizeof(DEVDIR) + DEVNAMELEN];
	struct dirent *de;
	struct stat sb;
	DIR *dirp;

	if (len <= 0)
		return (NULL);
	if ((dirp = opendir(DEVDIR)) != NULL) {
		while ((de = readdir(dirp)) != NULL) {
			if (de->d_name[0] == '.' ||
			    strlen(de->d_name) >= DEVNAMELEN)
				continue;
			snprintf(path, sizeof(path), DEVDIR "%s", de->d_name);
			if (lstat(path, &sb) == -1 || sb.st_rdev != dev ||
			    (sb.st_mode & S_IFMT) != (type & S_IFMT))
				continue;
			snprintf(buf, len, "%s", de->d_name);
			closedir(dirp);
			return (buf);
		}
		closedir(dirp);
	}
	snprintf(buf, len, "#%c:%#jx", S_ISCHR(type) ? 'C' : 'B',
	    (uintmax_t)dev);
	return (buf);
}

char *
devname(dev_t dev, mode_t type)
{
	static char buf[DEVNAMELEN];

	return (devname_r(dev, type, buf, sizeof(buf)));
}
