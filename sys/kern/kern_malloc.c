/*
 * kmalloc and kfree (see <sys/malloc.h>).  Sizes up to KM_MAXZONE bytes
 * are rounded to a power of two and served from a zone per size: whole
 * pages taken from vm_page_alloc() (reached through the direct map) cut
 * into equal chunks, free chunks on a list under the zone's spinlock; the
 * page's vm_page remembers the zone so kfree needs no header.  Larger
 * requests take 2^n contiguous pages straight from the buddy allocator.
 * M_WAITOK requests wait for memory (vm_wait) instead of failing.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/spinlock.h>
#include <sys/malloc.h>
#include <sys/thread2.h>
#include <vm/vm_page.h>
#include <machine/vmparam.h>

#define KM_MINSHIFT	4			/* 16 bytes */
#define KM_MAXSHIFT	11			/* 2048 bytes */
#define KM_MAXZONE	(1 << KM_MAXSHIFT)
#define KM_NZONES	(KM_MAXSHIFT - KM_MINSHIFT + 1)
#define KM_LARGE	100			/* m_kmclass base for blocks */

struct km_free {
	struct km_free	*next;
};

static struct km_zone {
	struct spinlock	spin;
	struct km_free	*free;
	uint64_t	nfree;
	uint64_t	npages;
} km_zones[KM_NZONES];

static struct malloc_type *km_types;
static struct spinlock km_types_spin = SPINLOCK_INITIALIZER("malloc types");
static bool km_ready;

MALLOC_DEFINE(M_TEMP, "temp", "miscellaneous temporary data");
MALLOC_DEFINE(M_DEVBUF, "devbuf", "device driver memory");

void
kmalloc_init(void)
{
	int i;

	for (i = 0; i < KM_NZONES; i++)
		spin_init(&km_zones[i].spin, "kmalloc zone");
	km_ready = true;
}

static void
km_register(struct malloc_type *type)
{
	if (type->ks_registered)
		return;
	spin_lock(&km_types_spin);
	if (!type->ks_registered) {
		type->ks_next = km_types;
		km_types = type;
		type->ks_registered = 1;
	}
	spin_unlock(&km_types_spin);
}

int
kmalloc_foreach_type(int (*fn)(struct malloc_type *, void *), void *arg)
{
	struct malloc_type *t;
	int error = 0;

	/* Types are never unregistered, so the list only grows at the head. */
	for (t = km_types; t != NULL && error == 0; t = t->ks_next)
		error = fn(t, arg);
	return (error);
}

static int
km_zone_index(size_t size)
{
	int shift = KM_MINSHIFT;

	while (((size_t)1 << shift) < size)
		shift++;
	return (shift - KM_MINSHIFT);
}

/* Refill zone z with one page; false when no page is free. */
static bool
km_zone_grow(int z, int flags)
{
	struct km_zone *zone = &km_zones[z];
	size_t csize = (size_t)1 << (z + KM_MINSHIFT);
	struct km_free *head = NULL, *f;
	vm_page_t m;
	char *va;
	size_t off;

	m = vm_page_alloc(VM_ALLOC_SYSTEM);
	if (m == NULL)
		return (false);
	m->flags |= PG_KMEM;
	m->m_kmclass = z + 1;
	__atomic_fetch_add(&vmstats.v_wire_count, 1, __ATOMIC_RELAXED);
	va = (char *)PHYS_TO_DMAP(m->phys_addr);
	for (off = PAGE_SIZE; off >= csize; off -= csize) {
		f = (struct km_free *)(void *)(va + off - csize);
		f->next = head;
		head = f;
	}
	spin_lock(&zone->spin);
	for (f = head; f->next != NULL; f = f->next)
		;
	f->next = zone->free;
	zone->free = head;
	zone->nfree += PAGE_SIZE / csize;
	zone->npages++;
	spin_unlock(&zone->spin);
	return (true);
}

static void *
km_alloc_small(size_t size, int flags, size_t *realp)
{
	int z = km_zone_index(size);
	struct km_zone *zone = &km_zones[z];
	struct km_free *f;

	*realp = (size_t)1 << (z + KM_MINSHIFT);
	for (;;) {
		spin_lock(&zone->spin);
		f = zone->free;
		if (f != NULL) {
			zone->free = f->next;
			zone->nfree--;
		}
		spin_unlock(&zone->spin);
		if (f != NULL)
			return (f);
		if (!km_zone_grow(z, flags))
			return (NULL);
	}
}

static void *
km_alloc_large(size_t size, size_t *realp)
{
	vm_page_t m;
	int order = 0;
	uint64_t i;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	if (order >= VM_NFREEORDER)
		return (NULL);
	m = vm_page_alloc_contig(order, VM_ALLOC_SYSTEM);
	if (m == NULL)
		return (NULL);
	for (i = 0; i < (1ULL << order); i++)
		m[i].flags |= PG_KMEM;
	m->m_kmclass = KM_LARGE + order;
	__atomic_fetch_add(&vmstats.v_wire_count, 1ULL << order,
	    __ATOMIC_RELAXED);
	*realp = (size_t)PAGE_SIZE << order;
	return ((void *)PHYS_TO_DMAP(m->phys_addr));
}

void *
kmalloc(size_t size, struct malloc_type *type, int flags)
{
	void *p;
	size_t real = 0;
	int64_t use;
	int tries = 0;

	if (!km_ready)
		panic("kmalloc before kmalloc_init");
	km_register(type);
	if (size == 0)
		size = 1;
	for (;;) {
		if (size <= KM_MAXZONE)
			p = km_alloc_small(size, flags, &real);
		else
			p = km_alloc_large(size, &real);
		if (p != NULL || (flags & M_WAITOK) == 0 ||
		    ((size_t)PAGE_SIZE << (VM_NFREEORDER - 1)) < size)
			break;
		if ((flags & M_NULLOK) != 0 && ++tries > 10)
			break;
		vm_wait(hz / 10 + 1);
	}
	if (p == NULL) {
		__atomic_fetch_add(&type->ks_failures, 1, __ATOMIC_RELAXED);
		if ((flags & (M_WAITOK | M_NULLOK)) == M_WAITOK)
			panic("kmalloc: %zu bytes of %s cannot be satisfied",
			    size, type->ks_shortdesc);
		return (NULL);
	}
	if ((flags & M_ZERO) != 0)
		memset(p, 0, size);
	use = __atomic_add_fetch(&type->ks_memuse, (int64_t)real,
	    __ATOMIC_RELAXED);
	__atomic_fetch_add(&type->ks_inuse, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&type->ks_calls, 1, __ATOMIC_RELAXED);
	if (use > type->ks_maxused)
		type->ks_maxused = use;		/* racy high water is fine */
	return (p);
}

static vm_page_t
km_page(const void *ptr)
{
	vm_page_t m = PHYS_TO_VM_PAGE(DMAP_TO_PHYS((vm_offset_t)ptr));

	if (m == NULL || m->m_kmclass == 0)
		panic("kfree: %p was not allocated by kmalloc", ptr);
	return (m);
}

size_t
kmalloc_usable_size(const void *ptr)
{
	vm_page_t m = km_page(ptr);

	if (m->m_kmclass >= KM_LARGE)
		return ((size_t)PAGE_SIZE << (m->m_kmclass - KM_LARGE));
	return ((size_t)1 << (m->m_kmclass - 1 + KM_MINSHIFT));
}

void
kfree(void *ptr, struct malloc_type *type)
{
	vm_page_t m;
	struct km_zone *zone;
	struct km_free *f;
	size_t real;
	int order;

	if (ptr == NULL)
		return;
	m = km_page(ptr);
	real = kmalloc_usable_size(ptr);
	__atomic_fetch_sub(&type->ks_memuse, (int64_t)real, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&type->ks_inuse, 1, __ATOMIC_RELAXED);
	if (m->m_kmclass >= KM_LARGE) {
		order = m->m_kmclass - KM_LARGE;
		__atomic_fetch_sub(&vmstats.v_wire_count, 1ULL << order,
		    __ATOMIC_RELAXED);
		vm_page_free_contig(m, order);
		return;
	}
	/* Zone pages stay with their zone; they are never given back. */
	zone = &km_zones[m->m_kmclass - 1];
	f = ptr;
	spin_lock(&zone->spin);
	f->next = zone->free;
	zone->free = f;
	zone->nfree++;
	spin_unlock(&zone->spin);
}

void *
krealloc(void *ptr, size_t size, struct malloc_type *type, int flags)
{
	void *n;
	size_t old;

	if (ptr == NULL)
		return (kmalloc(size, type, flags));
	old = kmalloc_usable_size(ptr);
	if (size <= old && size > old / 2)
		return (ptr);
	n = kmalloc(size, type, flags & ~M_ZERO);
	if (n == NULL)
		return (NULL);
	memcpy(n, ptr, MIN(old, size));
	if ((flags & M_ZERO) != 0 && size > old)
		memset((char *)n + old, 0, size - old);
	kfree(ptr, type);
	return (n);
}

char *
kstrdup(const char *s, struct malloc_type *type)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, type, M_WAITOK);

	memcpy(p, s, n);
	return (p);
}

/*
 * kern.malloc_stats: one fixed-size record per malloc type (64-bit
 * fields, the same layout on every architecture).  usr.bin/regress reads
 * it by offset (ks_memuse at 32, ks_inuse at 40, 72 bytes a record) to
 * name the types that grew on a page leak: keep the layout.
 */
#include <sys/sysctl.h>

struct kmalloc_stat {
	char		ks_name[32];
	int64_t		ks_memuse;
	int64_t		ks_inuse;
	int64_t		ks_maxused;
	uint64_t	ks_calls;
	uint64_t	ks_failures;
};

static int
kmalloc_stat_one(struct malloc_type *t, void *arg)
{
	struct sysctl_req *req = arg;
	struct kmalloc_stat ks;

	memset(&ks, 0, sizeof(ks));
	strlcpy(ks.ks_name, t->ks_shortdesc, sizeof(ks.ks_name));
	ks.ks_memuse = t->ks_memuse;
	ks.ks_inuse = t->ks_inuse;
	ks.ks_maxused = t->ks_maxused;
	ks.ks_calls = t->ks_calls;
	ks.ks_failures = t->ks_failures;
	return (SYSCTL_OUT(req, &ks, sizeof(ks)));
}

static int
sysctl_kern_malloc_stats(SYSCTL_HANDLER_ARGS)
{
	return (kmalloc_foreach_type(kmalloc_stat_one, req));
}
SYSCTL_PROC(_kern, OID_AUTO, malloc_stats, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_kern_malloc_stats, "S,kmalloc_stat",
    "Per-type kmalloc statistics");

/*
 * vm.kmem_zone_free: bytes sitting on the zones' free lists.  Zone pages
 * are never returned, so v_free_count alone records the zones' high-water
 * mark; a leak check adds these bytes back to see memory actually lost.
 */
static int
sysctl_vm_kmem_zone_free(SYSCTL_HANDLER_ARGS)
{
	uint64_t bytes = 0;
	int z;

	for (z = 0; z < KM_NZONES; z++)
		bytes += __atomic_load_n(&km_zones[z].nfree, __ATOMIC_RELAXED) <<
		    (z + KM_MINSHIFT);
	return (SYSCTL_OUT(req, &bytes, sizeof(bytes)));
}
SYSCTL_PROC(_vm, OID_AUTO, kmem_zone_free, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, 0, sysctl_vm_kmem_zone_free, "QU",
    "Bytes free on the kmalloc zone lists");

static int
sysctl_vm_kmem_zone_pages(SYSCTL_HANDLER_ARGS)
{
	uint64_t pages = 0;
	int z;

	for (z = 0; z < KM_NZONES; z++)
		pages += __atomic_load_n(&km_zones[z].npages, __ATOMIC_RELAXED);
	return (SYSCTL_OUT(req, &pages, sizeof(pages)));
}
SYSCTL_PROC(_vm, OID_AUTO, kmem_zone_pages, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, 0, sysctl_vm_kmem_zone_pages, "QU",
    "Pages owned by the kmalloc zones");
