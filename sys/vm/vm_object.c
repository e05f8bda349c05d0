/*
 * VM objects (see vm_object.h).  The page index is a radix tree of
 * 512-slot nodes (one kmalloc'd page each), deep enough for the object's
 * size; nodes are freed with the object.  Also the file objects' side:
 * private objects over a file, and the file system's resize.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread2.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <machine/vmparam.h>

#define RADIX_SHIFT	9
#define RADIX_SLOTS	(1 << RADIX_SHIFT)
#define RADIX_MASK	(RADIX_SLOTS - 1)

MALLOC_DEFINE(M_VMOBJ, "vm_object", "VM objects");
MALLOC_DEFINE(M_VMRADIX, "vm_radix", "VM object page index nodes");

volatile uint64_t vm_object_count;


static int
radix_levels(vm_pindex_t size)
{
	int levels = 1;
	vm_pindex_t span = RADIX_SLOTS;

	while (span < size && levels < 6) {
		span <<= RADIX_SHIFT;
		levels++;
	}
	return (levels);
}

vm_object_t
vm_object_allocate(enum obj_type type, vm_pindex_t size)
{
	vm_object_t obj;

	obj = kmalloc(sizeof(*obj), M_VMOBJ, M_NOWAIT | M_ZERO);
	if (obj == NULL)
		return (NULL);
	lwkt_token_init(&obj->obj_token, "vmobj");
	obj->type = type;
	obj->ref_count = 1;
	obj->size = size;
	obj->levels = radix_levels(size);
	__atomic_fetch_add(&vm_object_count, 1, __ATOMIC_RELAXED);
	return (obj);
}

vm_object_t
vm_object_phys(vm_paddr_t base, vm_pindex_t size)
{
	vm_object_t obj = vm_object_allocate(OBJT_PHYS, size);

	if (obj != NULL)
		obj->phys_base = base;
	return (obj);
}

void
vm_object_reference(vm_object_t obj)
{
	__atomic_fetch_add(&obj->ref_count, 1, __ATOMIC_SEQ_CST);
}

/* Grow the tree so that pindex fits; obj_token held. */
static int
radix_grow(vm_object_t obj, vm_pindex_t pindex)
{
	void **node;

	while (obj->levels < 6 &&
	    (pindex >> (RADIX_SHIFT * obj->levels)) != 0) {
		if (obj->radix != NULL) {
			node = kmalloc(RADIX_SLOTS * sizeof(void *), M_VMRADIX,
			    M_NOWAIT | M_ZERO);
			if (node == NULL)
				return (ENOMEM);
			node[0] = obj->radix;
			obj->radix = node;
		}
		obj->levels++;
	}
	if ((pindex >> (RADIX_SHIFT * obj->levels)) != 0)
		return (EFBIG);
	return (0);
}

/* The slot for pindex, creating nodes when `create'; obj_token held. */
static vm_page_t *
radix_slot(vm_object_t obj, vm_pindex_t pindex, bool create)
{
	void **node, **slot;
	int level;

	if ((pindex >> (RADIX_SHIFT * obj->levels)) != 0) {
		if (!create || radix_grow(obj, pindex) != 0)
			return (NULL);
	}
	slot = &obj->radix;
	for (level = obj->levels - 1; level >= 0; level--) {
		if (*slot == NULL) {
			if (!create)
				return (NULL);
			*slot = kmalloc(RADIX_SLOTS * sizeof(void *),
			    M_VMRADIX, M_NOWAIT | M_ZERO);
			if (*slot == NULL)
				return (NULL);
		}
		node = *slot;
		slot = &node[(pindex >> (RADIX_SHIFT * level)) & RADIX_MASK];
	}
	return ((vm_page_t *)slot);
}

vm_page_t
vm_object_page_lookup(vm_object_t obj, vm_pindex_t pindex)
{
	vm_page_t *slot = radix_slot(obj, pindex, false);

	return (slot != NULL ? *slot : NULL);
}

int
vm_object_page_insert(vm_object_t obj, vm_pindex_t pindex, vm_page_t m)
{
	vm_page_t *slot = radix_slot(obj, pindex, true);

	if (slot == NULL)
		return (ENOMEM);
	KASSERT(*slot == NULL, ("vm_object_page_insert: slot taken"));
	*slot = m;
	obj->resident++;
	return (0);
}

vm_page_t
vm_object_page_remove(vm_object_t obj, vm_pindex_t pindex)
{
	vm_page_t *slot = radix_slot(obj, pindex, false), m;

	if (slot == NULL || *slot == NULL)
		return (NULL);
	m = *slot;
	*slot = NULL;
	obj->resident--;
	return (m);
}

/* Drop an object's reference to an anonymous page. */
void
vm_object_page_release(vm_page_t m)
{
	if (__atomic_sub_fetch(&m->ref_count, 1, __ATOMIC_SEQ_CST) == 0)
		vm_page_free(m);
}

/* Visit every page in [start, end) of a subtree; fn may clear the slot. */
static void
radix_walk(void **node, int level, vm_pindex_t base, vm_pindex_t start,
    vm_pindex_t end, void (*fn)(vm_page_t *, vm_pindex_t, void *), void *arg)
{
	vm_pindex_t span = (vm_pindex_t)1 << (RADIX_SHIFT * level);
	int i;

	for (i = 0; i < RADIX_SLOTS; i++) {
		vm_pindex_t lo = base + i * span;

		if (node[i] == NULL || lo + span <= start || lo >= end)
			continue;
		if (level == 0)
			fn((vm_page_t *)&node[i], lo, arg);
		else
			radix_walk(node[i], level - 1, lo, start, end, fn, arg);
	}
}

static void
radix_free(void **node, int level)
{
	int i;

	if (level > 0)
		for (i = 0; i < RADIX_SLOTS; i++)
			if (node[i] != NULL)
				radix_free(node[i], level - 1);
	kfree(node, M_VMRADIX);
}

/* Call fn on every resident page of [start, end); obj_token held. */
void
vm_object_walk(vm_object_t obj, vm_pindex_t start, vm_pindex_t end,
    void (*fn)(vm_page_t *, vm_pindex_t, void *), void *arg)
{
	if (obj->radix != NULL)
		radix_walk(obj->radix, obj->levels - 1, 0, start, end, fn,
		    arg);
}

struct remove_arg {
	vm_object_t	obj;
};

static void
remove_one(vm_page_t *slot, vm_pindex_t idx, void *arg)
{
	struct remove_arg *ra = arg;

	if (ra->obj->type == OBJT_ANON)
		vm_object_page_release(*slot);
	*slot = NULL;
	ra->obj->resident--;
}

void
vm_object_page_remove_range(vm_object_t obj, vm_pindex_t start,
    vm_pindex_t end)
{
	struct remove_arg ra = { obj };

	if (obj->radix == NULL)
		return;
	radix_walk(obj->radix, obj->levels - 1, 0, start, end, remove_one, &ra);
}

void
vm_object_deallocate(vm_object_t obj)
{
	if (__atomic_sub_fetch(&obj->ref_count, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	if (obj->radix != NULL) {
		vm_object_page_remove_range(obj, 0, (vm_pindex_t)-1);
		radix_free(obj->radix, obj->levels - 1);
	}
	if (obj->backing != NULL)
		vm_object_deallocate(obj->backing);
	__atomic_fetch_sub(&vm_object_count, 1, __ATOMIC_RELAXED);
	kfree(obj, M_VMOBJ);
}

struct cow_arg {
	vm_object_t	dst;
	vm_pindex_t	start;
	int		error;
};

static void
cow_one(vm_page_t *slot, vm_pindex_t idx, void *arg)
{
	struct cow_arg *ca = arg;
	vm_page_t m = *slot;

	if (ca->error != 0)
		return;
	__atomic_fetch_add(&m->ref_count, 1, __ATOMIC_SEQ_CST);
	ca->error = vm_object_page_insert(ca->dst, idx - ca->start, m);
	if (ca->error != 0)
		vm_object_page_release(m);
}

/*
 * Fork: a new anonymous object whose pages [start, start + count) are
 * shared with obj's.  The caller write-protects both mappings; the first
 * write on either side copies (vm_fault).  NULL when out of memory.
 */
vm_object_t
vm_object_cow_copy(vm_object_t obj, vm_pindex_t start, vm_pindex_t count)
{
	struct cow_arg ca;
	vm_object_t dst;

	/*
	 * A copy of a file's object, or of a private object over one, is
	 * a private object over the file: the pages it shares are the
	 * file's (borrowed) or its own copies, told apart by m->object.
	 */
	if ((obj->flags & OBJ_FILE) != 0)
		dst = vm_object_private(obj, start, count);
	else if (obj->backing != NULL)
		dst = vm_object_private(obj->backing, obj->backing_off + start,
		    count);
	else
		dst = vm_object_allocate(OBJT_ANON, count);
	if (dst == NULL)
		return (NULL);
	ca.dst = dst;
	ca.start = start;
	ca.error = 0;
	lwkt_gettoken(&obj->obj_token);
	if (obj->radix != NULL)
		radix_walk(obj->radix, obj->levels - 1, 0, start,
		    start + count, cow_one, &ca);
	lwkt_reltoken(&obj->obj_token);
	if (ca.error != 0) {
		vm_object_deallocate(dst);
		return (NULL);
	}
	return (dst);
}

/*
 * A MAP_PRIVATE mapping's object over the file object fobj: our index 0
 * is fobj's index `off'.  Takes a reference on fobj.
 */
vm_object_t
vm_object_private(vm_object_t fobj, vm_pindex_t off, vm_pindex_t size)
{
	vm_object_t obj;

	obj = vm_object_allocate(OBJT_ANON, size);
	if (obj == NULL)
		return (NULL);
	vm_object_reference(fobj);
	obj->backing = fobj;
	obj->backing_off = off;
	return (obj);
}

/* The kernel address of a file object's page, NULL if it has none. */
void *
vm_object_file_kva(vm_object_t obj, vm_pindex_t pindex)
{
	vm_page_t m;

	lwkt_gettoken(&obj->obj_token);
	m = vm_object_page_lookup(obj, pindex);
	lwkt_reltoken(&obj->obj_token);
	return (m != NULL ? (void *)PHYS_TO_DMAP(m->phys_addr) : NULL);
}

/*
 * Zero the bytes [from, to) of the file's page holding `from' (to at most
 * that page's end).  A MAP_SHARED store past the end of the file in its
 * last page lands there, and must not show when the file grows over it.
 */
static void
file_zero_tail(vm_object_t obj, off_t from, off_t to)
{
	vm_page_t m;
	size_t off = (size_t)(from & PAGE_MASK);

	if (off == 0 || to <= from)
		return;
	m = vm_object_page_lookup(obj, atop(from));
	if (m != NULL)
		memset((char *)PHYS_TO_DMAP(m->phys_addr) + off, 0,
		    (size_t)MIN(to - from, (off_t)(PAGE_SIZE - off)));
}

/*
 * The file system changes the length of the file whose data is obj
 * (OBJ_FILE).  Growing inserts zeroed pages up to the new end and clears
 * what a mapping may have stored past the old end in its last page; it
 * fails with ENOMEM, changing nothing, when pages run out.  Only the
 * bytes that become part of the file are cleared, so a run of small
 * appends costs what it writes.  Shrinking
 * sets the length first (from then on a fault past it is EIO), removes
 * every translation of the pages past the end in every address space
 * and the private mappings' borrowed copies of them, and only then frees
 * them, so no one can reach a freed page; the tail of the new last page
 * reads zero.
 */
int
vm_object_file_setsize(vm_object_t obj, off_t size)
{
	vm_pindex_t onp, nnp, i;
	vm_page_t m;
	off_t osize;

	KASSERT((obj->flags & OBJ_FILE) != 0, ("file_setsize: not a file"));
	lwkt_gettoken(&obj->obj_token);
	osize = obj->file_size;
	onp = atop(round_page(osize));
	nnp = atop(round_page(size));
	if (size >= osize) {
		for (i = onp; i < nnp; i++) {
			m = vm_page_alloc(VM_ALLOC_ZERO);
			if (m == NULL)
				break;
			m->ref_count = 1;
			m->object = obj;
			m->pindex = i;
			if (vm_object_page_insert(obj, i, m) != 0) {
				vm_page_free(m);
				break;
			}
		}
		if (i < nnp) {
			vm_object_page_remove_range(obj, onp, i);
			lwkt_reltoken(&obj->obj_token);
			return (ENOMEM);
		}
		file_zero_tail(obj, osize, size);
		obj->file_size = size;
		if (nnp > obj->size)
			obj->size = nnp;
		lwkt_reltoken(&obj->obj_token);
		return (0);
	}
	obj->file_size = size;
	file_zero_tail(obj, size, round_page(size));
	lwkt_reltoken(&obj->obj_token);
	if (nnp < onp) {
		/*
		 * Every mapping (and private object over the file) holds a
		 * reference; with only the file system's there is nothing
		 * to unmap, the common O_TRUNC case.  A mapping made from
		 * now on already sees the new length.
		 */
		if (obj->ref_count > 1)
			vm_map_file_unmap(obj, nnp);
		lwkt_gettoken(&obj->obj_token);
		vm_object_page_remove_range(obj, nnp, onp);
		lwkt_reltoken(&obj->obj_token);
	}
	return (0);
}
