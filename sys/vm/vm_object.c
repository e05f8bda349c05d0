/*
 * VM objects (see vm_object.h).  The page index is a radix tree of
 * 512-slot nodes (one kmalloc'd page each), deep enough for the object's
 * size; nodes are freed with the object.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/vnode.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

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
	if (obj->vp != NULL)
		vrele(obj->vp);
	if (obj->cred != NULL)
		crfree(obj->cred);
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

	dst = vm_object_allocate(OBJT_ANON, count);
	if (dst == NULL)
		return (NULL);
	if (obj->vp != NULL) {
		dst->vp = obj->vp;
		vref(obj->vp);
		dst->vp_offset = obj->vp_offset +
		    (off_t)start * PAGE_SIZE;
		dst->cred = obj->cred != NULL ? crhold(obj->cred) : NULL;
	}
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
