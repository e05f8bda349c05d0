/*
 * fuzz_elf.c: fuzz target for the ELF image activator's checks
 * (sys/kern/imgact_elf.c): the header and program headers of an
 * executable are whatever the file holds.  exec_elf_imgact() gets the
 * file's first page as exec does (hdr/hdrlen, here exactly the bytes
 * there are, so a read past them is caught), and a stand-in for the VM
 * it builds the address space with: the map is a list of ranges that
 * must not overlap (vm_map_insert: ENOMEM), vm_map_protect needs every
 * page mapped (ENOMEM), and filling a segment from the file needs the
 * file to hold it (ENOEXEC) and the range to be mapped (EFAULT), as
 * vm_map.c and vm_fault.c behave.  An accepted image must have its
 * entry point inside user space; nothing may leak either way.
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/elf64.h>
#include <sys/imgact.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <machine/vmparam.h>

#include "ipc_shim.h"
#include "sock_shim.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The header buffer comes straight from the C library, not kmalloc (whose
 * bookkeeping sits in front of each block), so that AddressSanitizer sees
 * a read just before it as well as one just after.
 */
void	*malloc(size_t);
void	free(void *);

MALLOC_DEFINE(M_FUZZVM, "fuzzvm", "fuzz_elf's VM stand-in");

#define NRANGES	256

static struct range {
	vm_offset_t	start, end;
} ranges[NRANGES];
static int nranges;
static struct vm_map_entry *the_entry;	/* what lookups return */
static size_t file_size;
static long objects;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	shim_sock_init();
	the_entry = kmalloc(sizeof(*the_entry), M_FUZZVM, M_WAITOK | M_ZERO);
	return (0);
}

static bool
mapped(vm_offset_t va)
{
	int i;

	for (i = 0; i < nranges; i++)
		if (va >= ranges[i].start && va < ranges[i].end)
			return (true);
	return (false);
}

/* Is every page of [start, end) mapped?  Range by range, not page by page. */
static bool
all_mapped(vm_offset_t start, vm_offset_t end)
{
	vm_offset_t va = trunc_page(start);
	int i;

	while (va < end) {
		for (i = 0; i < nranges; i++)
			if (va >= ranges[i].start && va < ranges[i].end)
				break;
		if (i == nranges)
			return (false);
		va = ranges[i].end;
	}
	return (true);
}

vm_map_entry_t
vm_map_lookup_entry(vm_map_t map, vm_offset_t va)
{
	return (mapped(va) ? the_entry : NULL);
}

vm_object_t
vm_object_allocate(enum obj_type type, vm_pindex_t size)
{
	objects++;
	return (kmalloc(sizeof(struct vm_object), M_FUZZVM,
	    M_WAITOK | M_ZERO));
}

void
vm_object_deallocate(vm_object_t obj)
{
	objects--;
	kfree(obj, M_FUZZVM);
}

int
vm_map_insert(vm_map_t map, vm_object_t obj, vm_pindex_t pindex,
    vm_offset_t start, vm_offset_t end, int prot, int maxprot, int eflags)
{
	int i;

	if (start >= end || (start & PAGE_MASK) || (end & PAGE_MASK))
		panic("vm_map_insert: range %#lx-%#lx", (u_long)start,
		    (u_long)end);
	for (i = 0; i < nranges; i++)
		if (start < ranges[i].end && ranges[i].start < end)
			return (ENOMEM);
	if (nranges == NRANGES)
		return (ENOMEM);
	ranges[nranges].start = start;
	ranges[nranges].end = end;
	nranges++;
	vm_object_deallocate(obj);	/* the map took the reference */
	return (0);
}

int
vm_map_protect(vm_map_t map, vm_offset_t start, vm_offset_t end, int prot,
    struct pmap *pmap)
{
	if (start > end)
		panic("vm_map_protect: range %#lx-%#lx", (u_long)start,
		    (u_long)end);
	return (all_mapped(start, end) ? 0 : ENOMEM);
}

int
vm_map_fill_from_vnode(struct vmspace *vm, vm_offset_t uaddr,
    struct vnode *vp, off_t off, size_t len, struct ucred *cred)
{
	if (uaddr + len < uaddr || !all_mapped(uaddr, uaddr + len))
		return (EFAULT);
	if (off < 0 || (size_t)off > file_size || len > file_size - off)
		return (ENOEXEC);	/* file shorter than it says */
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_params img;
	struct vmspace *vm;
	long live0 = shim_allocs_live;
	int error;

	memset(&img, 0, sizeof(img));
	vm = kmalloc(sizeof(*vm), M_FUZZVM, M_WAITOK | M_ZERO);
	lwkt_token_init(&vm->vm_map.map_token, "fuzzmap");
	img.vm = vm;
	img.hdrlen = MIN(size, PAGE_SIZE);
	img.hdr = malloc(img.hdrlen + (img.hdrlen == 0));
	memcpy(img.hdr, data, img.hdrlen);
	file_size = size;
	nranges = 0;

	error = exec_elf_imgact(&img);
	if (error == 0) {
		if (img.entry < VM_MIN_USER_ADDRESS ||
		    img.entry >= VM_MAX_USER_ADDRESS)
			panic("fuzz_elf: accepted entry %#lx outside user "
			    "space", (u_long)img.entry);
	} else if (error != ENOEXEC && error != ENOMEM && error != EFAULT) {
		panic("fuzz_elf: unexpected error %d", error);
	}
	free(img.hdr);
	kfree(vm, M_FUZZVM);
	if (objects != 0)
		panic("fuzz_elf: %ld VM objects leaked", objects);
	if (shim_allocs_live != live0)
		panic("fuzz_elf: %ld allocations leaked",
		    shim_allocs_live - live0);
	return (0);
}
