/*
 * ftw.h: POSIX ftw(3) and nftw(3) (gen/nftw.c, over fts).
 */
#ifndef _FTW_H_
#define	_FTW_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/stat.h>

/* The type of object fn is called for. */
#define	FTW_F		0	/* file */
#define	FTW_D		1	/* directory */
#define	FTW_DNR		2	/* directory without read permission */
#define	FTW_DP		3	/* directory with subdirectories visited */
#define	FTW_NS		4	/* unknown type; stat() failed */
#define	FTW_SL		5	/* symbolic link */
#define	FTW_SLN		6	/* sym link that names a nonexistent file */

/* nftw() flags. */
#define	FTW_PHYS	0x01	/* physical walk, don't follow sym links */
#define	FTW_MOUNT	0x02	/* the walk does not cross a mount point */
#define	FTW_DEPTH	0x04	/* subdirs visited before the dir itself */
#define	FTW_CHDIR	0x08	/* change to a directory before reading it */

struct FTW {
	int	base;		/* offset of the name in the path */
	int	level;		/* depth, the starting path being 0 */
};

__BEGIN_DECLS
int	ftw(const char *, int (*)(const char *, const struct stat *, int),
	    int);
int	nftw(const char *, int (*)(const char *, const struct stat *, int,
	    struct FTW *), int, int);
__END_DECLS

#endif /* !_FTW_H_ */
