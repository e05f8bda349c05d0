/*
 * Address maps (see vm_map.h).  Entries are kept in a sorted list; an
 * operation on a range first clips the entries at the range's ends so
 * that whole entries can then be changed or removed.  Mappings are not
 * entered in the pmap here: vm_fault() does that on first touch, so
 * creating a mapping is cheap and fork copies only the map.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/thread2.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_VMMAP, "vm_map", "address maps and entries");

volatile uint64_t vmspace_count;

static LIST_HEAD(, vmspace) vmspace_list = LIST_HEAD_INITIALIZER(vmspace_list);
static struct lwkt_token vmspace_list_token =
    LWKT_TOKEN_INITIALIZER(vmspace_list_token);

struct vmspace *
vmspace_alloc(void)
{
	struct vmspace *vm;

	vm = kmalloc(sizeof(*vm), M_VMMAP, M_NOWAIT | M_ZERO);
	if (vm == NULL)
		return (NULL);
	vm->vm_pmap = pmap_create();
	if (vm->vm_pmap == NULL) {
		kfree(vm, M_VMMAP);
		return (NULL);
	}
	lwkt_token_init(&vm->vm_map.map_token, "vm_map");
	TAILQ_INIT(&vm->vm_map.entries);
	vm->vm_map.min_offset = VM_MIN_USER_ADDRESS;
	vm->vm_map.max_offset = VM_MAX_USER_ADDRESS;
	vm->vm_refcnt = 1;
	vm->vm_stacktop = USRSTACK;
	lwkt_gettoken(&vmspace_list_token);
	LIST_INSERT_HEAD(&vmspace_list, vm, vm_link);
	lwkt_reltoken(&vmspace_list_token);
	__atomic_fetch_add(&vmspace_count, 1, __ATOMIC_RELAXED);
	return (vm);
}

void
vmspace_hold(struct vmspace *vm)
{
	__atomic_fetch_add(&vm->vm_refcnt, 1, __ATOMIC_SEQ_CST);
}

static void
entry_free(vm_map_t map, vm_map_entry_t e)
{
	TAILQ_REMOVE(&map->entries, e, link);
	map->nentries--;
	map->size -= e->end - e->start;
	if (map->hint == e)
		map->hint = NULL;
	if (e->object != NULL)
		vm_object_deallocate(e->object);
	kfree(e, M_VMMAP);
}

void
vmspace_free(struct vmspace *vm)
{
	vm_map_entry_t e;

	if (__atomic_sub_fetch(&vm->vm_refcnt, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	lwkt_gettoken(&vmspace_list_token);
	LIST_REMOVE(vm, vm_link);
	lwkt_reltoken(&vmspace_list_token);
	while ((e = TAILQ_FIRST(&vm->vm_map.entries)) != NULL) {
		/*
		 * Drop the translations before the pages can be freed by
		 * the object release.
		 */
		pmap_remove(vm->vm_pmap, e->start, e->end);
		entry_free(&vm->vm_map, e);
	}
	pmap_destroy(vm->vm_pmap);
	__atomic_fetch_sub(&vmspace_count, 1, __ATOMIC_RELAXED);
	kfree(vm, M_VMMAP);
}

vm_map_entry_t
vm_map_lookup_entry(vm_map_t map, vm_offset_t va)
{
	vm_map_entry_t e = map->hint;

	if (e != NULL && va >= e->start && va < e->end)
		return (e);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (va < e->start)
			return (NULL);
		if (va < e->end) {
			map->hint = e;
			return (e);
		}
	}
	return (NULL);
}

bool
vm_map_range_free(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	vm_map_entry_t e;

	if (start < map->min_offset || end > map->max_offset || start >= end)
		return (false);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->start >= end)
			break;
		if (e->end > start)
			return (false);
	}
	return (true);
}

int
vm_map_find_space(vm_map_t map, vm_offset_t hint, size_t len,
    vm_offset_t *addrp)
{
	vm_map_entry_t e;
	vm_offset_t start;

	len = round_page(len);
	start = MAX(round_page(hint), map->min_offset);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->end <= start)
			continue;
		if (e->start >= start + len && start + len > start)
			break;
		start = e->end;
	}
	if (start + len < start || start + len > map->max_offset)
		return (ENOMEM);
	*addrp = start;
	return (0);
}

int
vm_map_insert(vm_map_t map, vm_object_t obj, vm_pindex_t pindex,
    vm_offset_t start, vm_offset_t end, int prot, int maxprot, int eflags)
{
	vm_map_entry_t e, p;

	if (!vm_map_range_free(map, start, end))
		return (ENOMEM);
	e = kmalloc(sizeof(*e), M_VMMAP, M_NOWAIT | M_ZERO);
	if (e == NULL)
		return (ENOMEM);
	e->start = start;
	e->end = end;
	e->object = obj;
	e->pindex = pindex;
	e->prot = prot;
	e->maxprot = maxprot;
	e->inherit = (eflags & MAP_ENTRY_SHARED) ? VM_INHERIT_SHARE :
	    VM_INHERIT_COPY;
	e->eflags = eflags;
	TAILQ_FOREACH(p, &map->entries, link)
		if (p->start > start)
			break;
	if (p != NULL)
		TAILQ_INSERT_BEFORE(p, e, link);
	else
		TAILQ_INSERT_TAIL(&map->entries, e, link);
	map->nentries++;
	map->size += end - start;
	return (0);
}

/*
 * Split e at va (strictly inside it); the new entry covers [va, end).
 * ENOMEM if no memory for the entry.
 */
static int
entry_clip(vm_map_t map, vm_map_entry_t e, vm_offset_t va)
{
	vm_map_entry_t n;

	if (va <= e->start || va >= e->end)
		return (0);
	n = kmalloc(sizeof(*n), M_VMMAP, M_NOWAIT);
	if (n == NULL)
		return (ENOMEM);
	*n = *e;
	n->start = va;
	n->pindex = e->pindex + atop(va - e->start);
	e->end = va;
	if (n->object != NULL)
		vm_object_reference(n->object);
	TAILQ_INSERT_AFTER(&map->entries, e, n, link);
	map->nentries++;
	return (0);
}

/* Clip the entries so that start and end fall on entry boundaries. */
static int
map_clip_range(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	vm_map_entry_t e;
	int error;

	e = vm_map_lookup_entry(map, start);
	if (e != NULL && (error = entry_clip(map, e, start)) != 0)
		return (error);
	e = vm_map_lookup_entry(map, end);
	if (e != NULL && (error = entry_clip(map, e, end)) != 0)
		return (error);
	map->hint = NULL;
	return (0);
}

int
vm_map_remove(vm_map_t map, vm_offset_t start, vm_offset_t end,
    struct pmap *pmap)
{
	vm_map_entry_t e, next;
	int error;

	error = map_clip_range(map, start, end);
	if (error != 0)
		return (error);
	for (e = TAILQ_FIRST(&map->entries); e != NULL; e = next) {
		next = TAILQ_NEXT(e, link);
		if (e->end <= start)
			continue;
		if (e->start >= end)
			break;
		if (pmap != NULL)
			pmap_remove(pmap, e->start, e->end);
		/*
		 * An object only this entry uses loses the pages now, so
		 * munmap gives the memory back at once.
		 */
		if (e->object != NULL && e->object->ref_count == 1 &&
		    e->object->type == OBJT_ANON) {
			lwkt_gettoken(&e->object->obj_token);
			vm_object_page_remove_range(e->object, e->pindex,
			    e->pindex + atop(e->end - e->start));
			lwkt_reltoken(&e->object->obj_token);
		}
		entry_free(map, e);
	}
	return (0);
}

int
vm_map_protect(vm_map_t map, vm_offset_t start, vm_offset_t end, int prot,
    struct pmap *pmap)
{
	vm_map_entry_t e;
	vm_offset_t va;
	int error;

	/* Every page of the range must be mapped and allow prot. */
	for (va = start; va < end; ) {
		e = vm_map_lookup_entry(map, va);
		if (e == NULL)
			return (ENOMEM);
		if ((prot & ~e->maxprot) != 0)
			return (EACCES);
		va = e->end;
	}
	error = map_clip_range(map, start, end);
	if (error != 0)
		return (error);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->end <= start)
			continue;
		if (e->start >= end)
			break;
		e->prot = prot;
		/*
		 * Lowering takes effect now; raising at the next fault
		 * (a COW page must not simply become writable).
		 */
		if (pmap != NULL)
			pmap_protect(pmap, e->start, e->end, prot &
			    ~VM_PROT_WRITE);
	}
	return (0);
}

int
vm_map_inherit(vm_map_t map, vm_offset_t start, vm_offset_t end,
    int inherit)
{
	vm_map_entry_t e;
	int error;

	error = map_clip_range(map, start, end);
	if (error != 0)
		return (error);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->end <= start)
			continue;
		if (e->start >= end)
			break;
		e->inherit = inherit;
	}
	return (0);
}

/*
 * Copy an address space for fork.  Shared entries share the object;
 * copied entries get a new object sharing the pages copy-on-write, and
 * the parent's writable translations are write-protected so that its
 * next write copies too.
 */
struct vmspace *
vmspace_fork(struct vmspace *vm)
{
	struct vmspace *nvm;
	vm_map_t map = &vm->vm_map;
	vm_map_entry_t e;
	vm_object_t obj;
	int error = 0;

	nvm = vmspace_alloc();
	if (nvm == NULL)
		return (NULL);
	lwkt_gettoken(&map->map_token);
	/* nvm is on vmspace_list already: vm_map_file_unmap may look. */
	lwkt_gettoken(&nvm->vm_map.map_token);
	TAILQ_FOREACH(e, &map->entries, link) {
		if (e->inherit == VM_INHERIT_NONE)
			continue;
		obj = e->object;
		if (e->inherit == VM_INHERIT_SHARE || obj == NULL ||
		    obj->type == OBJT_PHYS) {
			if (obj != NULL)
				vm_object_reference(obj);
			error = vm_map_insert(&nvm->vm_map, obj, e->pindex,
			    e->start, e->end, e->prot, e->maxprot, e->eflags);
		} else {
			obj = vm_object_cow_copy(e->object, e->pindex,
			    atop(e->end - e->start));
			if (obj == NULL) {
				error = ENOMEM;
				break;
			}
			error = vm_map_insert(&nvm->vm_map, obj, 0, e->start,
			    e->end, e->prot, e->maxprot, e->eflags);
			if (error != 0)
				vm_object_deallocate(obj);
			if ((e->prot & VM_PROT_WRITE) != 0)
				pmap_protect(vm->vm_pmap, e->start, e->end,
				    e->prot & ~VM_PROT_WRITE);
		}
		if (error != 0)
			break;
	}
	nvm->vm_taddr = vm->vm_taddr;
	nvm->vm_daddr = vm->vm_daddr;
	nvm->vm_break = vm->vm_break;
	nvm->vm_maxbreak = vm->vm_maxbreak;
	nvm->vm_stacktop = vm->vm_stacktop;
	nvm->vm_ssize = vm->vm_ssize;
	lwkt_reltoken(&nvm->vm_map.map_token);
	lwkt_reltoken(&map->map_token);
	if (error != 0) {
		vmspace_free(nvm);
		return (NULL);
	}
	return (nvm);
}

/* Take a reference on vm unless it is already being freed. */
static bool
vmspace_tryhold(struct vmspace *vm)
{
	int n = vm->vm_refcnt;

	while (n > 0)
		if (__atomic_compare_exchange_n(&vm->vm_refcnt, &n, n + 1, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return (true);
	return (false);
}

/*
 * The first file page of entry e if e maps the file object fobj, shared
 * or through a private object over it; false otherwise.
 */
static bool
entry_file_base(vm_map_entry_t e, vm_object_t fobj, vm_pindex_t *basep)
{
	vm_object_t obj = e->object;

	if (obj == fobj) {
		*basep = e->pindex;
		return (true);
	}
	if (obj != NULL && obj->backing == fobj) {
		*basep = obj->backing_off + e->pindex;
		return (true);
	}
	return (false);
}

/* A private object's borrowed file pages past the file's end: drop. */
struct drop_arg {
	vm_object_t	obj;
	vm_object_t	fobj;
};

static void
drop_borrowed(vm_page_t *slot, vm_pindex_t idx, void *arg)
{
	struct drop_arg *da = arg;

	(void)idx;
	if ((*slot)->object != da->fobj)
		return;			/* our own copy: it stays */
	vm_object_page_release(*slot);
	*slot = NULL;
	da->obj->resident--;
}

/*
 * The file whose object is fobj shrank to `from' pages (its file_size is
 * already set, so no fault maps those pages again).  Pass 1 removes every
 * translation of a file page at or past `from' in every address space:
 * the MAP_SHARED entries of fobj and the MAP_PRIVATE entries over it,
 * whose private copies are unmapped too and fault back in (only the
 * borrowed pages then SIGBUS).  Pass 2, when no address space can still
 * reach them, makes the private objects let go of the borrowed pages, so
 * that the caller's removal from fobj frees them.
 */
void
vm_map_file_unmap(vm_object_t fobj, vm_pindex_t from)
{
	struct vmspace *vm, *next;
	vm_map_entry_t e;
	vm_pindex_t base, npages, lo;
	struct drop_arg da;
	int pass;

	for (pass = 1; pass <= 2; pass++) {
		lwkt_gettoken(&vmspace_list_token);
		vm = LIST_FIRST(&vmspace_list);
		while (vm != NULL && !vmspace_tryhold(vm))
			vm = LIST_NEXT(vm, vm_link);
		while (vm != NULL) {
			lwkt_gettoken(&vm->vm_map.map_token);
			TAILQ_FOREACH(e, &vm->vm_map.entries, link) {
				if (!entry_file_base(e, fobj, &base))
					continue;
				npages = atop(e->end - e->start);
				if (base + npages <= from)
					continue;
				lo = from > base ? from - base : 0;
				if (pass == 1) {
					pmap_remove(vm->vm_pmap,
					    e->start + ptoa(lo), e->end);
					continue;
				}
				if (e->object == fobj)
					continue;
				da.obj = e->object;
				da.fobj = fobj;
				lwkt_gettoken(&e->object->obj_token);
				vm_object_walk(e->object, e->pindex + lo,
				    e->pindex + npages, drop_borrowed, &da);
				lwkt_reltoken(&e->object->obj_token);
			}
			lwkt_reltoken(&vm->vm_map.map_token);
			/* vm is held, so it is still on the list. */
			next = LIST_NEXT(vm, vm_link);
			while (next != NULL && !vmspace_tryhold(next))
				next = LIST_NEXT(next, vm_link);
			/*
			 * Our hold may be the last: vmspace_free then takes
			 * vmspace_list_token itself (recursively, ours).
			 */
			vmspace_free(vm);
			vm = next;
		}
		lwkt_reltoken(&vmspace_list_token);
	}
}
