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
 * A file mapping is an OBJT_ANON object with a backing vnode: its pages
 * are filled from the file on first touch (private snapshot semantics;
 * writes never reach the file).
 *
 * Locking: obj_token protects the radix tree and the counters.
 */
#ifndef _VM_VM_OBJECT_H_
#define _VM_VM_OBJECT_H_

#include <sys/types.h>
#include <sys/thread2.h>
#include <vm/vm_page.h>

struct vnode;
struct ucred;

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
	struct vnode	*vp;		/* file contents to fill from */
	off_t		vp_offset;	/* file offset of index 0 */
	struct ucred	*cred;		/* for reading vp */
	int		flags;
};
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
void	vm_object_page_remove_range(vm_object_t obj, vm_pindex_t start,
	    vm_pindex_t end);
extern volatile uint64_t vm_object_count;

#endif /* !_VM_VM_OBJECT_H_ */
