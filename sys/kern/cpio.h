/*
 * The cpio "newc" parser of vfs_initrd.c, exposed for host unit tests.
 */
#ifndef _KERN_CPIO_H_
#define _KERN_CPIO_H_

#define CPIO_HDRLEN	110
#define CPIO_END	(-100)		/* the trailer (or "." for cpio_path) */

struct cpio_entry {
	uint32_t	ino, mode, uid, gid, nlink, mtime;
	uint32_t	size, rdevmajor, rdevminor, namesize;
	const char	*name;		/* NUL-terminated, in the image */
	const char	*data;		/* size bytes, in the image */
};

int	cpio_next(const char *img, size_t len, size_t *offp,
	    struct cpio_entry *ent, const char **why);
int	cpio_path(const char *name, char *buf, size_t size);

#endif /* !_KERN_CPIO_H_ */
