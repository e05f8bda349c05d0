/*
 * Kernel virtual address allocation (see vm_kern.h).  Free address space
 * is a sorted array of ranges under a spinlock; allocation is first fit,
 * freeing merges with neighbours.  The array is static so that this code
 * needs no allocator of its own.
 */
#include <sys/systm.h>
#include <sys/spinlock.h>
#include <sys/malloc.h>
#include <vm/vm_kern.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>

#define KVA_NRANGES	1024

static struct {
	vm_offset_t	start;
	vm_offset_t	end;
} kva_free[KVA_NRANGES];
static int kva_nfree;
static struct spinlock kva_spin = SPINLOCK_INITIALIZER("kva");

void
kmem_init(void)
{
	kva_free[0].start = KVA_START;
	kva_free[0].end = KVA_END;
	kva_nfree = 1;
}

vm_offset_t
kmem_alloc_kva(size_t size)
{
	vm_offset_t va = 0;
	int i;

	size = round_page(size);
	if (size == 0)
		return (0);
	spin_lock(&kva_spin);
	for (i = 0; i < kva_nfree; i++) {
		if (kva_free[i].end - kva_free[i].start >= size) {
			va = kva_free[i].start;
			kva_free[i].start += size;
			if (kva_free[i].start == kva_free[i].end) {
				memmove(&kva_free[i], &kva_free[i + 1],
				    (kva_nfree - i - 1) * sizeof(kva_free[0]));
				kva_nfree--;
			}
			break;
		}
	}
	spin_unlock(&kva_spin);
	return (va);
}

void
kmem_free_kva(vm_offset_t va, size_t size)
{
	vm_offset_t end;
	int i;

	size = round_page(size);
	end = va + size;
	spin_lock(&kva_spin);
	for (i = 0; i < kva_nfree && kva_free[i].start < va; i++)
		;
	/* i: first range above va. Merge with the one below and above. */
	if (i > 0 && kva_free[i - 1].end == va) {
		kva_free[i - 1].end = end;
		if (i < kva_nfree && kva_free[i].start == end) {
			kva_free[i - 1].end = kva_free[i].end;
			memmove(&kva_free[i], &kva_free[i + 1],
			    (kva_nfree - i - 1) * sizeof(kva_free[0]));
			kva_nfree--;
		}
	} else if (i < kva_nfree && kva_free[i].start == end) {
		kva_free[i].start = va;
	} else if (kva_nfree < KVA_NRANGES) {
		memmove(&kva_free[i + 1], &kva_free[i],
		    (kva_nfree - i) * sizeof(kva_free[0]));
		kva_free[i].start = va;
		kva_free[i].end = end;
		kva_nfree++;
	}
	/* else: the range table is full; the space is leaked, not reused. */
	spin_unlock(&kva_spin);
}

static void
kmem_unmap(vm_offset_t va, size_t size)
{
	vm_offset_t a;
	vm_paddr_t pa;

	for (a = va; a < va + size; a += PAGE_SIZE) {
		if (pmap_extract(kernel_pmap, a, &pa)) {
			pmap_kremove(a);
			vm_page_free(PHYS_TO_VM_PAGE(pa));
			__atomic_fetch_sub(&vmstats.v_wire_count, 1,
			    __ATOMIC_RELAXED);
		}
	}
}

static bool
kmem_map(vm_offset_t va, size_t size, int flags)
{
	vm_offset_t a;
	vm_page_t m;

	for (a = va; a < va + size; a += PAGE_SIZE) {
		m = vm_page_alloc(VM_ALLOC_SYSTEM |
		    ((flags & M_ZERO) ? VM_ALLOC_ZERO : 0));
		if (m == NULL) {
			kmem_unmap(va, a - va);
			return (false);
		}
		m->flags |= PG_KMEM;
		__atomic_fetch_add(&vmstats.v_wire_count, 1, __ATOMIC_RELAXED);
		pmap_kenter(a, m->phys_addr, 0);
	}
	return (true);
}

vm_offset_t
kmem_alloc(size_t size, int flags)
{
	vm_offset_t va;

	size = round_page(size);
	va = kmem_alloc_kva(size);
	if (va == 0)
		return (0);
	if (!kmem_map(va, size, flags)) {
		kmem_free_kva(va, size);
		return (0);
	}
	return (va);
}

void
kmem_free(vm_offset_t va, size_t size)
{
	size = round_page(size);
	kmem_unmap(va, size);
	kmem_free_kva(va, size);
}

vm_offset_t
kmem_alloc_stack(size_t size)
{
	vm_offset_t va;

	size = round_page(size);
	va = kmem_alloc_kva(size + PAGE_SIZE);
	if (va == 0)
		return (0);
	/* The first page stays unmapped: an overflow faults. */
	if (!kmem_map(va + PAGE_SIZE, size, M_ZERO)) {
		kmem_free_kva(va, size + PAGE_SIZE);
		return (0);
	}
	return (va + PAGE_SIZE);
}

void
kmem_free_stack(vm_offset_t va, size_t size)
{
	size = round_page(size);
	kmem_unmap(va, size);
	kmem_free_kva(va - PAGE_SIZE, size + PAGE_SIZE);
}
