/*
 * Directory entries as getdents(2) returns them.  User ABI (FreeBSD 12
 * layout, fixed-width, installed into the sysroot): records are 8-byte
 * aligned, d_reclen covers the name and its padding, d_name is
 * NUL-terminated.
 */
#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_

#include <sys/types.h>

struct dirent {
	uint64_t	d_fileno;	/* file number */
	int64_t		d_off;		/* cookie of the next entry */
	uint16_t	d_reclen;	/* length of this record */
	uint8_t		d_type;		/* DT_* */
	uint8_t		d_pad0;
	uint16_t	d_namlen;	/* strlen(d_name) */
	uint16_t	d_pad1;
	char		d_name[255 + 1];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

/* Bytes a record with a name of namlen needs. */
#define _GENERIC_DIRLEN(namlen) \
	((__builtin_offsetof(struct dirent, d_name) + (namlen) + 1 + 7) & ~7)
#define _GENERIC_DIRSIZ(dp)	_GENERIC_DIRLEN((dp)->d_namlen)

#endif /* !_SYS_DIRENT_H_ */
