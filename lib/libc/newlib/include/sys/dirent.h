/*
 * Petrel's sys/dirent.h for newlib (reached through <dirent.h>; newlib's
 * own is a stub that refuses).  struct dirent is the record getdents(2)
 * returns (kernel sys/sys/dirent.h); DIR is lib/libc's (gen/opendir.c).
 */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/cdefs.h>
#include <sys/types.h>

struct dirent {
	__uint64_t	d_fileno;	/* file number */
	__int64_t	d_off;		/* cookie of the next entry */
	__uint16_t	d_reclen;	/* length of this record */
	__uint8_t	d_type;		/* DT_* */
	__uint8_t	d_pad0;
	__uint16_t	d_namlen;	/* strlen(d_name) */
	__uint16_t	d_pad1;
	char		d_name[255 + 1];
};
#define d_ino		d_fileno

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14
#define MAXNAMLEN	255

typedef struct _dirdesc DIR;

__BEGIN_DECLS
DIR	*opendir(const char *);
DIR	*fdopendir(int);
struct dirent *readdir(DIR *);
int	readdir_r(DIR *__restrict, struct dirent *__restrict,
	    struct dirent **__restrict);
void	rewinddir(DIR *);
int	closedir(DIR *);
int	dirfd(DIR *);
long	telldir(DIR *);
void	seekdir(DIR *, long);
int	scandir(const char *, struct dirent ***,
	    int (*)(const struct dirent *),
	    int (*)(const struct dirent **, const struct dirent **));
int	alphasort(const struct dirent **, const struct dirent **);
int	getdents(int, char *, __size_t);
__END_DECLS

#endif /* _SYS_DIRENT_H */
