/*
 * fuzz_cpio.c: fuzz target for the boot image unpacker (sys/kern/
 * vfs_initrd.c): the cpio "newc" parser and the whole unpacking into the
 * shim file system (shim/vfs_shim.c), which is what the kernel does with
 * the initrd a boot loader hands it.
 *
 * Beyond the sanitizers it checks the parser's promises: every entry's
 * name and data lie inside the image, the offset only moves forward and
 * never past the end, a normalised path is absolute and has no "..";
 * and that an unpacking, good or bad, leaks no vnode and no memory.
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <kern/cpio.h>

#include "kern_shim.h"
#include "ipc_shim.h"
#include "sock_shim.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[MAXPATHLEN];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	shim_sock_init();
	shim_set_root(1);		/* the kernel unpacks as root */
	return (0);
}

static bool
dotdot(const char *p)
{
	for (; (p = strstr(p, "/..")) != NULL; p++)
		if (p[3] == '/' || p[3] == '\0')
			return (true);
	return (false);
}

/* The parser alone, checking what it promises about each entry. */
static void
walk(const char *img, size_t len)
{
	struct cpio_entry ent;
	const char *why;
	size_t off = 0, prev;
	int error, n;

	for (n = 0; n < 100000; n++) {
		prev = off;
		why = NULL;
		error = cpio_next(img, len, &off, &ent, &why);
		if (error != 0 && error != CPIO_END) {
			if (why == NULL)
				panic("cpio_next: error %d without a reason",
				    error);
			return;
		}
		if (off <= prev || off > len)
			panic("cpio_next: offset %zu -> %zu of %zu", prev, off,
			    len);
		if (ent.name < img || ent.name + ent.namesize > img + len ||
		    ent.data < img || ent.size > len ||
		    ent.data + ent.size > img + len)
			panic("cpio_next: an entry outside the image");
		if (error == CPIO_END)
			return;
		error = cpio_path(ent.name, path, sizeof(path));
		if (error == 0 && (path[0] != '/' || dotdot(path)))
			panic("cpio_path: \"%s\" from \"%s\"", path, ent.name);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long live0 = shim_allocs_live;

	walk((const char *)data, size);
	(void)vfs_initrd_unpack(shim_vfs_root(), data, size);
	shim_vfs_reset();
	shim_cons_len = 0;		/* the unpacker's complaints */
	if (shim_vnodes_live != 0)
		panic("fuzz_cpio: %ld vnodes leaked", shim_vnodes_live);
	if (shim_allocs_live != live0)
		panic("fuzz_cpio: %ld allocations leaked",
		    shim_allocs_live - live0);
	return (0);
}
