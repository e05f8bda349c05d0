/*
 * Directory reading over getdents(2): DIR holds a buffer of struct dirent
 * records (kernel sys/sys/dirent.h) that readdir walks by d_reclen.
 */
#define _GNU_SOURCE 1		/* scandirat */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIRBLKSIZ	8192

struct _dirdesc {
	int	dd_fd;		/* the open directory */
	long	dd_loc;		/* offset of the next record in dd_buf */
	long	dd_size;	/* bytes of records in dd_buf */
	char	*dd_buf;	/* DIRBLKSIZ bytes */
};

DIR *
fdopendir(int fd)
{
	struct stat sb;
	DIR *dirp;

	if (fstat(fd, &sb) < 0)
		return (NULL);
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return (NULL);
	}
	if ((dirp = malloc(sizeof(*dirp))) == NULL)
		return (NULL);
	if ((dirp->dd_buf = malloc(DIRBLKSIZ)) == NULL) {
		free(dirp);
		return (NULL);
	}
	dirp->dd_fd = fd;
	dirp->dd_loc = dirp->dd_size = 0;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return (dirp);
}

DIR *
opendir(const char *name)
{
	DIR *dirp;
	int fd, serrno;

	if ((fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (NULL);
	if ((dirp = fdopendir(fd)) == NULL) {
		serrno = errno;
		close(fd);
		errno = serrno;
	}
	return (dirp);
}

struct dirent *
readdir(DIR *dirp)
{
	struct dirent *dp;
	long n;

	for (;;) {
		if (dirp->dd_loc >= dirp->dd_size) {
			n = getdents(dirp->dd_fd, dirp->dd_buf, DIRBLKSIZ);
			if (n <= 0)
				return (NULL);
			dirp->dd_size = n;
			dirp->dd_loc = 0;
		}
		dp = (struct dirent *)(dirp->dd_buf + dirp->dd_loc);
		if (dp->d_reclen == 0 ||
		    dp->d_reclen > dirp->dd_size - dirp->dd_loc) {
			/* A malformed record: stop rather than loop. */
			dirp->dd_loc = dirp->dd_size;
			errno = EIO;
			return (NULL);
		}
		dirp->dd_loc += dp->d_reclen;
		if (dp->d_fileno != 0)
			return (dp);
	}
}

int
readdir_r(DIR *dirp, struct dirent *entry, struct dirent **result)
{
	struct dirent *dp;
	int serrno;

	serrno = errno;
	errno = 0;
	dp = readdir(dirp);
	if (dp == NULL) {
		*result = NULL;
		if (errno != 0)
			return (errno);
		errno = serrno;
		return (0);
	}
	memcpy(entry, dp, dp->d_reclen < sizeof(*entry) ? dp->d_reclen :
	    sizeof(*entry));
	*result = entry;
	errno = serrno;
	return (0);
}

void
rewinddir(DIR *dirp)
{
	lseek(dirp->dd_fd, 0, SEEK_SET);
	dirp->dd_loc = dirp->dd_size = 0;
}

long
telldir(DIR *dirp)
{
	off_t off;

	/* The position of the buffer start; records already read are lost. */
	off = lseek(dirp->dd_fd, 0, SEEK_CUR);
	return ((long)off);
}

void
seekdir(DIR *dirp, long loc)
{
	lseek(dirp->dd_fd, (off_t)loc, SEEK_SET);
	dirp->dd_loc = dirp->dd_size = 0;
}

/* fdclosedir: free the DIR and hand back its descriptor, still open. */
int
fdclosedir(DIR *dirp)
{
	int fd;

	fd = dirp->dd_fd;
	free(dirp->dd_buf);
	free(dirp);
	return (fd);
}

int
closedir(DIR *dirp)
{
	return (close(fdclosedir(dirp)));
}

int
dirfd(DIR *dirp)
{
	return (dirp->dd_fd);
}

int
alphasort(const struct dirent **a, const struct dirent **b)
{
	return (strcmp((*a)->d_name, (*b)->d_name));
}

/* scandir's body over an open directory stream, which it closes. */
static int
scandir_dirp(DIR *dirp, struct dirent ***list,
    int (*select)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	struct dirent *dp, **v, **nv;
	size_t n, cap;

	v = NULL;
	n = cap = 0;
	while ((dp = readdir(dirp)) != NULL) {
		if (select != NULL && !select(dp))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL)
				goto fail;
			v = nv;
		}
		if ((v[n] = malloc(dp->d_reclen)) == NULL)
			goto fail;
		memcpy(v[n], dp, dp->d_reclen);
		n++;
	}
	closedir(dirp);
	if (compar != NULL && n > 1)
		qsort(v, n, sizeof(*v),
		    (int (*)(const void *, const void *))compar);
	*list = v;
	return ((int)n);
fail:
	while (n > 0)
		free(v[--n]);
	free(v);
	closedir(dirp);
	errno = ENOMEM;
	return (-1);
}

int
scandir(const char *name, struct dirent ***list,
    int (*select)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	DIR *dirp;

	if ((dirp = opendir(name)) == NULL)
		return (-1);
	return (scandir_dirp(dirp, list, select, compar));
}

/*
 * scandir relative to a directory descriptor (AT_FDCWD: the current
 * directory), as FreeBSD 12 and glibc have it.
 */
int
scandirat(int dirfd, const char *name, struct dirent ***list,
    int (*select)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	DIR *dirp;
	int fd, saved;

	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return (-1);
	if ((dirp = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	return (scandir_dirp(dirp, list, select, compar));
}
