/*
 * Unpack the boot image, a cpio archive in the "newc" format (magic
 * 070701 or 070702), into the root file system.  Each entry is a 110-byte
 * ASCII header of thirteen 8-digit hex fields, the NUL-terminated name,
 * padding to 4 bytes, the data (a file's contents or a link's target)
 * and padding to 4 bytes again; "TRAILER!!!" ends the archive.
 *
 * The archive comes from outside the kernel, so it is checked, not
 * trusted: a bad header, a name or size running past the end, or a
 * name with ".." is reported and ends the unpacking with an error; it
 * never panics.  Missing parent directories are created.  Hard links
 * (entries sharing an inode number) become links to the first entry.
 *
 * cpio_parse() is pure (no kernel calls) so that it can be unit-tested
 * on the host; vfs_initrd_unpack() feeds its entries to the VFS.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/uio.h>
#include <kern/cpio.h>

MALLOC_DECLARE(M_TEMP);

/* ---- The parser (pure) ------------------------------------------------ */

static bool
cpio_hex(const char *p, uint32_t *vp)
{
	uint32_t v = 0;
	int i, c;

	for (i = 0; i < 8; i++) {
		c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return (false);
	}
	*vp = v;
	return (true);
}

/*
 * Parse the entry at *offp of the image.  Returns 0 with *ent filled and
 * *offp advanced, CPIO_END at the trailer, or an errno (EINVAL for a
 * malformed archive); *why explains an error.
 */
int
cpio_next(const char *img, size_t len, size_t *offp, struct cpio_entry *ent,
    const char **why)
{
	uint32_t f[13];
	size_t off = *offp, namestart, dataoff, end;
	int i;

	if (off == len || (len - off < CPIO_HDRLEN && off + 4 > len)) {
		*why = "archive ends without a trailer";
		return (EINVAL);
	}
	if (len - off < CPIO_HDRLEN) {
		*why = "truncated header";
		return (EINVAL);
	}
	if (memcmp(img + off, "070701", 6) != 0 &&
	    memcmp(img + off, "070702", 6) != 0) {
		*why = "bad magic (not a newc cpio archive)";
		return (EINVAL);
	}
	for (i = 0; i < 13; i++) {
		if (!cpio_hex(img + off + 6 + 8 * i, &f[i])) {
			*why = "bad hex digit in header";
			return (EINVAL);
		}
	}
	ent->ino = f[0];
	ent->mode = f[1];
	ent->uid = f[2];
	ent->gid = f[3];
	ent->nlink = f[4];
	ent->mtime = f[5];
	ent->size = f[6];
	ent->rdevmajor = f[9];
	ent->rdevminor = f[10];
	ent->namesize = f[11];
	namestart = off + CPIO_HDRLEN;
	if (ent->namesize == 0 || ent->namesize > len - namestart) {
		*why = "name runs past the end";
		return (EINVAL);
	}
	if (img[namestart + ent->namesize - 1] != '\0' ||
	    strnlen(img + namestart, ent->namesize) != ent->namesize - 1) {
		*why = "name not NUL-terminated";
		return (EINVAL);
	}
	ent->name = img + namestart;
	dataoff = roundup(namestart + ent->namesize, 4);
	if (dataoff > len || ent->size > len - dataoff) {
		*why = "data runs past the end";
		return (EINVAL);
	}
	ent->data = img + dataoff;
	end = roundup(dataoff + ent->size, 4);
	*offp = end > len ? len : end;
	if (strcmp(ent->name, "TRAILER!!!") == 0)
		return (CPIO_END);
	return (0);
}

/*
 * Normalise an archive name into buf as an absolute path ("./a/b" ->
 * "/a/b").  Rejects ".." components and over-long names.  Returns false
 * for "." / "" (the root itself: nothing to create).
 */
int
cpio_path(const char *name, char *buf, size_t size)
{
	const char *p = name, *c;
	size_t n = 0, l;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		c = p;
		while (*p != '\0' && *p != '/')
			p++;
		l = p - c;
		if (l == 1 && c[0] == '.')
			continue;
		if (l == 2 && c[0] == '.' && c[1] == '.')
			return (EINVAL);
		if (n + 1 + l + 1 > size)
			return (ENAMETOOLONG);
		buf[n++] = '/';
		memcpy(buf + n, c, l);
		n += l;
	}
	buf[n] = '\0';
	return (n == 0 ? CPIO_END : 0);
}

#ifdef _KERNEL
/* ---- Feeding the VFS ----------------------------------------------------- */

struct initrd_link {
	uint32_t	ino;
	char		*path;
};

static int
initrd_setattr(struct vnode *vp, const struct cpio_entry *ent)
{
	struct vattr va;

	vattr_null(&va);
	va.va_mode = ent->mode & ALLPERMS;
	va.va_uid = ent->uid;
	va.va_gid = ent->gid;
	va.va_mtime_sec = ent->mtime;
	va.va_mtime_nsec = 0;
	va.va_atime_sec = ent->mtime;
	va.va_atime_nsec = 0;
	return (VOP_SETATTR(vp, &va, NULL));
}

/* Create path's missing parent directories. */
static int
initrd_mkparents(char *path)
{
	struct nameidata nd;
	struct vattr va;
	char *p;
	int error;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		NDINIT(&nd, CREATE, WANTPARENT, UIO_SYSSPACE, path, AT_FDCWD);
		error = namei(&nd);
		if (error == 0 && nd.ni_vp == NULL) {
			vattr_null(&va);
			va.va_type = VDIR;
			va.va_mode = 0755;
			error = VOP_MKDIR(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd,
			    &va);
		} else if (error == 0 && nd.ni_vp->v_type != VDIR) {
			error = ENOTDIR;
		}
		if (nd.ni_pnbuf != NULL)
			NDFREE(&nd);
		*p = '/';
		if (error != 0)
			return (error);
	}
	return (0);
}

static int
initrd_entry(const struct cpio_entry *ent, char *path,
    struct initrd_link *links, int *nlinks, int maxlinks)
{
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp = NULL, *tvp;
	char *target;
	int error, i;
	bool exists;

	error = initrd_mkparents(path);
	if (error != 0)
		return (error);

	/* A further name of a file already unpacked: link to it. */
	if (S_ISREG(ent->mode) && ent->nlink > 1) {
		for (i = 0; i < *nlinks; i++) {
			if (links[i].ino != ent->ino)
				continue;
			error = namei_lookup(links[i].path, 0, &tvp);
			if (error != 0)
				return (error);
			NDINIT(&nd, CREATE, WANTPARENT, UIO_SYSSPACE, path,
			    AT_FDCWD);
			error = namei(&nd);
			if (error == 0 && nd.ni_vp == NULL)
				error = VOP_LINK(nd.ni_dvp, tvp, &nd.ni_cnd);
			else if (error == 0)
				error = EEXIST;
			if (nd.ni_pnbuf != NULL)
				NDFREE(&nd);
			if (error == 0 && ent->size > 0)
				error = vn_rdwr(UIO_WRITE, tvp,
				    (void *)(uintptr_t)ent->data, ent->size, 0,
				    UIO_SYSSPACE, 0, NULL, NULL);
			vrele(tvp);
			return (error);
		}
	}

	NDINIT(&nd, CREATE, WANTPARENT, UIO_SYSSPACE, path, AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	exists = nd.ni_vp != NULL;
	vattr_null(&va);
	va.va_mode = ent->mode & ALLPERMS;
	switch (ent->mode & S_IFMT) {
	case S_IFDIR:
		if (exists) {
			if (nd.ni_vp->v_type != VDIR)
				error = EEXIST;
			break;
		}
		va.va_type = VDIR;
		error = VOP_MKDIR(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
		break;
	case S_IFREG:
		if (exists) {
			error = EEXIST;
			break;
		}
		va.va_type = VREG;
		error = VOP_CREATE(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
		if (error == 0 && ent->size > 0)
			error = vn_rdwr(UIO_WRITE, nd.ni_vp,
			    (void *)(uintptr_t)ent->data, ent->size, 0,
			    UIO_SYSSPACE, 0, NULL, NULL);
		break;
	case S_IFLNK:
		if (exists) {
			error = EEXIST;
			break;
		}
		if (ent->size == 0 || ent->size >= MAXPATHLEN) {
			error = EINVAL;
			break;
		}
		target = kmalloc(ent->size + 1, M_TEMP, M_WAITOK);
		memcpy(target, ent->data, ent->size);
		target[ent->size] = '\0';
		if (strlen(target) != ent->size)
			error = EINVAL;
		else
			error = VOP_SYMLINK(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd,
			    &va, target);
		kfree(target, M_TEMP);
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
		if (exists) {
			error = EEXIST;
			break;
		}
		va.va_type = S_ISCHR(ent->mode) ? VCHR :
		    S_ISBLK(ent->mode) ? VBLK : VFIFO;
		va.va_rdev = ((dev_t)ent->rdevmajor << 32) | ent->rdevminor;
		error = VOP_MKNOD(nd.ni_dvp, &nd.ni_vp, &nd.ni_cnd, &va);
		break;
	default:
		/* Sockets and unknown types mean nothing in an image. */
		kprintf("initrd: %s: skipped (type %o)\n", path,
		    ent->mode & S_IFMT);
		break;
	}
	if (error == 0 && nd.ni_vp != NULL &&
	    (ent->mode & S_IFMT) != S_IFLNK) {
		vp = nd.ni_vp;
		error = initrd_setattr(vp, ent);
	}
	if (error == 0 && S_ISREG(ent->mode) && ent->nlink > 1 &&
	    *nlinks < maxlinks) {
		links[*nlinks].ino = ent->ino;
		links[*nlinks].path = kstrdup(path, M_TEMP);
		(*nlinks)++;
	}
	NDFREE(&nd);
	return (error);
}

#define INITRD_MAXLINKS	256

int
vfs_initrd_unpack(struct vnode *root, const void *image, size_t len)
{
	struct cpio_entry ent;
	struct initrd_link *links;
	const char *why = "";
	char *path;
	size_t off = 0;
	int error, nlinks = 0, nfiles = 0, i;

	links = kmalloc(sizeof(*links) * INITRD_MAXLINKS, M_TEMP,
	    M_WAITOK | M_ZERO);
	path = kmalloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	for (;;) {
		error = cpio_next(image, len, &off, &ent, &why);
		if (error == CPIO_END) {
			error = 0;
			break;
		}
		if (error != 0) {
			kprintf("initrd: malformed archive at offset %lu: "
			    "%s\n", (u_long)off, why);
			break;
		}
		error = cpio_path(ent.name, path, MAXPATHLEN);
		if (error == CPIO_END)
			continue;	/* "." : the root itself */
		if (error != 0) {
			kprintf("initrd: bad name \"%s\" (error %d)\n",
			    ent.name, error);
			break;
		}
		error = initrd_entry(&ent, path, links, &nlinks,
		    INITRD_MAXLINKS);
		if (error != 0) {
			kprintf("initrd: %s: error %d\n", path, error);
			break;
		}
		nfiles++;
	}
	kprintf("initrd: %d entries, %lu bytes unpacked into /\n", nfiles,
	    (u_long)off);
	for (i = 0; i < nlinks; i++)
		kfree(links[i].path, M_TEMP);
	kfree(links, M_TEMP);
	kfree(path, M_TEMP);
	return (error);
}
#endif /* _KERNEL */
