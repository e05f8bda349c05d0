/*
 * VM objects: the memory behind a mapping.  An object maps page indexes
 * to physical pages through a small radix tree.
 *
 *   OBJT_ANON   anonymous, zero-filled on first touch (also serves as the
 *               memory-backed "swap" pager: nothing is ever paged out).
 *               Pages may be shared between objects after fork
 *               (vm_page.ref_count > 1); a write fault then copies.
 *   OBJT_PHYS   a fixed physical range (device memory, shm_use_phys): the
 *               page for index i is phys_base + i pages; never freed.
 *
 * File data (tmpfs) lives in an OBJT_ANON object marked OBJ_FILE: the
 * file system inserts a page for every page of the file up to its end
 * (holes included) and keeps file_size current; it alone adds or removes
 * that object's pages.  read(2) and write(2) copy to and from those
 * pages, and a MAP_SHARED mapping maps the object itself, so all of them
 * see the same bytes.  A MAP_PRIVATE mapping has an object of its own
 * whose `backing' is the file's object: a fault borrows the file's page
 * (shared, so mapped read-only and copied on the first write, like a
 * page shared after fork), so the mapping follows write(2) until that
 * copy.  A page is the file's when m->object is the file's object.  A
 * fault wholly past file_size is EIO (SIGBUS), resident page or not;
 * vm_object_file_setsize() shrinking a file first removes every
 * translation of the pages past the end (vm_map_file_unmap).
 *
 * Locking: obj_token protects the radix tree, the counters and
 * file_size.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_

#include <sys/types.h>
#include <sys/thread2.h>
#include <vm/vm_page.h>

enum obj_type { OBJT_ANON, OBJT_PHYS };

struct vm_object {
	struct lwkt_token obj_token;
	enum obj_type	type;		/* immutable */
	volatile int	ref_count;	/* map entries + other holders */
	vm_pindex_t	size;		/* pages; grows with brk */
	uint64_t	resident;	/* pages present */
	void		*radix;		/* root: 512-way, `levels' deep */
	int		levels;
	vm_paddr_t	phys_base;	/* OBJT_PHYS */
	struct vm_object *backing;	/* MAP_PRIVATE of a file: the file's
					   object (one reference); immutable */
	vm_pindex_t	backing_off;	/* its index of our index 0 */
	off_t		file_size;	/* OBJ_FILE: the file's length */
	int		flags;		/* OBJ_*; immutable */
};
#define OBJ_FILE	0x0001		/* a file's data (see above) */
typedef struct vm_object *vm_object_t;

struct vm_object *vm_object_allocate(enum obj_type type, vm_pindex_t size);
struct vm_object *vm_object_phys(vm_paddr_t base, vm_pindex_t size);
void	vm_object_reference(vm_object_t obj);
void	vm_object_deallocate(vm_object_t obj);	/* frees at zero */
vm_page_t vm_object_page_lookup(vm_object_t obj, vm_pindex_t pindex);
int	vm_object_page_insert(vm_object_t obj, vm_pindex_t pindex,
	    vm_page_t m);			/* 0 or ENOMEM */
vm_page_t vm_object_page_remove(vm_object_t obj, vm_pindex_t pindex);
void	vm_object_page_release(vm_page_t m);	/* drop one reference */
vm_object_t vm_object_cow_copy(vm_object_t obj, vm_pindex_t start,
	    vm_pindex_t count);		/* new object sharing the pages */
void	vm_object_walk(vm_object_t obj, vm_pindex_t start, vm_pindex_t end,
	    void (*fn)(vm_page_t *slot, vm_pindex_t pindex, void *arg),
	    void *arg);			/* fn may clear the slot */
void	vm_object_page_remove_range(vm_object_t obj, vm_pindex_t start,
	    vm_pindex_t end);
vm_object_t vm_object_private(vm_object_t fobj, vm_pindex_t off,
	    vm_pindex_t size);		/* MAP_PRIVATE of a file's object */
int	vm_object_file_setsize(vm_object_t obj, off_t size);
					/* 0 or ENOMEM (growing) */
void	*vm_object_file_kva(vm_object_t obj, vm_pindex_t pindex);
extern volatile uint64_t vm_object_count;

#endif /* !_VM_VM_OBJECT_H_ */
