/*
 * The physical page allocator.  vm_page_startup() takes the RAM ranges of
 * bootinfo, removes the reserved ranges (bi_rsvd: kernel image, boot page
 * tables, DTB ...), the initrd and physical page 0, places the vm_page
 * array in the largest remaining free stretch, and hands everything else
 * to a binary buddy allocator.  Single pages go through a per-CPU cache of
 * up to PCPU_MAX pages (refilled and drained in batches) so that the
 * common case touches no shared lock.  A small reserve is kept for
 * VM_ALLOC_SYSTEM requests so that a user process allocating without end
 * fails before the kernel does.
 */
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <sys/thread2.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>
#include <machine/cpufunc.h>

struct vm_seg {
	vm_paddr_t	start;		/* page aligned */
	vm_paddr_t	end;
	struct vm_page	*pages;		/* (end - start) / PAGE_SIZE */
};

static struct vm_seg vm_segs[BI_MAXMEM];
static int vm_nsegs;

static struct spinlock vm_page_spin = SPINLOCK_INITIALIZER("vm_page");
static TAILQ_HEAD(, vm_page) vm_freeq[VM_NFREEORDER];
static uint64_t vm_freeq_count[VM_NFREEORDER];

struct vmstats vmstats;

#define PCPU_MAX	64
#define PCPU_BATCH	32
static struct {
	int		count;
	vm_page_t	pages[PCPU_MAX];
} __cachealign vm_pcpu[SMP_MAXCPU];

static bool vm_page_ready;

#define __DEVOLATILE_U64(p)	((uint64_t *)(uintptr_t)(p))

vm_page_t
PHYS_TO_VM_PAGE(vm_paddr_t pa)
{
	int i;

	for (i = 0; i < vm_nsegs; i++)
		if (pa >= vm_segs[i].start && pa < vm_segs[i].end)
			return (&vm_segs[i].pages[atop(pa - vm_segs[i].start)]);
	return (NULL);
}

/* Is [pa, pa + len) clear of every reserved range? */
static bool
range_is_free(vm_paddr_t pa, vm_paddr_t len)
{
	vm_paddr_t end = pa + len;
	int i;

	if (pa < PAGE_SIZE)
		return (false);
	for (i = 0; i < bootinfo.bi_nrsvd; i++)
		if (pa < bootinfo.bi_rsvd[i].end &&
		    end > bootinfo.bi_rsvd[i].start)
			return (false);
	if (bootinfo.bi_initrd_end > bootinfo.bi_initrd_start &&
	    pa < round_page(bootinfo.bi_initrd_end) &&
	    end > trunc_page(bootinfo.bi_initrd_start))
		return (false);
	return (true);
}

/* Buddy: insert a free block of 2^order pages headed by m. */
static void
buddy_insert(vm_page_t m, int order)
{
	m->flags |= PG_FREE;
	m->order = order;
	TAILQ_INSERT_HEAD(&vm_freeq[order], m, pageq);
	vm_freeq_count[order]++;
}

static void
buddy_remove(vm_page_t m)
{
	TAILQ_REMOVE(&vm_freeq[m->order], m, pageq);
	vm_freeq_count[m->order]--;
	m->flags &= ~PG_FREE;
}

/* Free a block, merging with its buddies; vm_page_spin held. */
static void
buddy_free(vm_page_t m, int order)
{
	vm_paddr_t pa, bpa;
	vm_page_t b;

	pa = m->phys_addr;
	while (order < VM_NFREEORDER - 1) {
		bpa = pa ^ ((vm_paddr_t)PAGE_SIZE << order);
		b = PHYS_TO_VM_PAGE(bpa);
		if (b == NULL || (b->flags & PG_FREE) == 0 ||
		    b->order != order)
			break;
		/* The buddy must be in the same segment as we are. */
		if (PHYS_TO_VM_PAGE(pa) + (bpa > pa ? 1 : -1) *
		    (1L << order) != b)
			break;
		buddy_remove(b);
		if (bpa < pa) {
			pa = bpa;
			m = b;
		}
		order++;
	}
	buddy_insert(m, order);
}

/* Take a block of 2^order pages; vm_page_spin held. */
static vm_page_t
buddy_alloc(int order)
{
	vm_page_t m, b;
	int o;

	for (o = order; o < VM_NFREEORDER; o++)
		if (!TAILQ_EMPTY(&vm_freeq[o]))
			break;
	if (o == VM_NFREEORDER)
		return (NULL);
	m = TAILQ_FIRST(&vm_freeq[o]);
	buddy_remove(m);
	/* Split: return the upper halves to the free lists. */
	while (o > order) {
		o--;
		b = m + (1L << o);
		buddy_insert(b, o);
	}
	m->order = order;
	return (m);
}

void
vm_page_startup(void)
{
	vm_paddr_t s, e, pa, best_s, best_len, run_s, need;
	struct bi_range *r;
	vm_page_t m, array;
	uint64_t npages, total;
	int i, o, seg;

	for (o = 0; o < VM_NFREEORDER; o++)
		TAILQ_INIT(&vm_freeq[o]);

	/* How many vm_pages, and where to put them. */
	npages = 0;
	for (i = 0; i < bootinfo.bi_nmem && i < BI_MAXMEM; i++) {
		r = &bootinfo.bi_mem[i];
		s = round_page(r->start);
		e = trunc_page(r->end);
		if (e > s)
			npages += atop(e - s);
	}
	need = round_page(npages * sizeof(struct vm_page));
	best_s = best_len = 0;
	for (i = 0; i < bootinfo.bi_nmem && i < BI_MAXMEM; i++) {
		r = &bootinfo.bi_mem[i];
		s = round_page(r->start);
		e = trunc_page(r->end);
		run_s = 0;
		for (pa = s; pa < e; pa += PAGE_SIZE) {
			if (!range_is_free(pa, PAGE_SIZE)) {
				run_s = 0;
				continue;
			}
			if (run_s == 0)
				run_s = pa;
			if (pa + PAGE_SIZE - run_s > best_len) {
				best_s = run_s;
				best_len = pa + PAGE_SIZE - run_s;
			}
			if (best_len >= need)
				break;
		}
		if (best_len >= need)
			break;
	}
	if (best_len < need)
		panic("vm_page_startup: no room for %ju page structures",
		    (uintmax_t)npages);
	array = (vm_page_t)PHYS_TO_DMAP(best_s);
	memset(array, 0, need);

	/* Segments, then the free pages. */
	total = 0;
	for (i = 0, seg = 0; i < bootinfo.bi_nmem && i < BI_MAXMEM; i++) {
		r = &bootinfo.bi_mem[i];
		s = round_page(r->start);
		e = trunc_page(r->end);
		if (e <= s)
			continue;
		vm_segs[seg].start = s;
		vm_segs[seg].end = e;
		vm_segs[seg].pages = array;
		array += atop(e - s);
		seg++;
	}
	vm_nsegs = seg;
	for (seg = 0; seg < vm_nsegs; seg++) {
		for (pa = vm_segs[seg].start; pa < vm_segs[seg].end;
		    pa += PAGE_SIZE) {
			m = PHYS_TO_VM_PAGE(pa);
			m->phys_addr = pa;
			vmstats.v_page_count++;
			if (!range_is_free(pa, PAGE_SIZE) ||
			    (pa >= best_s && pa < best_s + need)) {
				m->flags = PG_RESERVED;
				m->wire_count = 1;
				continue;
			}
			buddy_free(m, 0);
			total++;
		}
	}
	vmstats.v_free_count = total;
	/* Keep 1/64 of memory (at least 1 MB) for the kernel itself. */
	vmstats.v_free_reserved = MAX(total / 64, atop(1024 * 1024));
	vm_page_ready = true;
}

static int
vm_cpu(void)
{
	return (cpu_globaldata[0].gd_self != NULL ? mycpuid : 0);
}

static bool
vm_page_may_take(uint64_t n, int flags)
{
	if ((flags & VM_ALLOC_SYSTEM) != 0)
		return (vmstats.v_free_count >= n);
	return (vmstats.v_free_count >= n + vmstats.v_free_reserved);
}

vm_page_t
vm_page_alloc(int flags)
{
	vm_page_t m = NULL;
	register_t s;
	int cpu, n;

	if (!vm_page_may_take(1, flags)) {
		__atomic_fetch_add(&vmstats.v_alloc_fail, 1, __ATOMIC_RELAXED);
		return (NULL);
	}
	s = intr_disable();
	cpu = vm_cpu();
	if (vm_pcpu[cpu].count == 0) {
		/* Refill from the buddy allocator in one lock hold. */
		spin_lock(&vm_page_spin);
		for (n = 0; n < PCPU_BATCH; n++) {
			m = buddy_alloc(0);
			if (m == NULL)
				break;
			m->flags |= PG_PCPU;
			vm_pcpu[cpu].pages[vm_pcpu[cpu].count++] = m;
		}
		spin_unlock(&vm_page_spin);
	}
	m = NULL;
	if (vm_pcpu[cpu].count > 0) {
		m = vm_pcpu[cpu].pages[--vm_pcpu[cpu].count];
		m->flags &= ~PG_PCPU;
	}
	intr_restore(s);
	if (m == NULL) {
		__atomic_fetch_add(&vmstats.v_alloc_fail, 1, __ATOMIC_RELAXED);
		return (NULL);
	}
	__atomic_fetch_sub(&vmstats.v_free_count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&vmstats.v_allocs, 1, __ATOMIC_RELAXED);
	m->object = NULL;
	m->pindex = 0;
	m->wire_count = 1;
	m->order = 0;
	m->m_kmclass = 0;
	m->flags = 0;
	if ((flags & VM_ALLOC_ZERO) != 0)
		vm_page_zero(m);
	return (m);
}

void
vm_page_free(vm_page_t m)
{
	register_t s;
	int cpu, n;

	KASSERT((m->flags & (PG_FREE | PG_RESERVED | PG_PCPU)) == 0,
	    ("vm_page_free: page %#jx flags %#x", (uintmax_t)m->phys_addr,
	    m->flags));
	m->object = NULL;
	m->wire_count = 0;
	m->m_kmclass = 0;
	m->flags = 0;
	s = intr_disable();
	cpu = vm_cpu();
	if (vm_pcpu[cpu].count == PCPU_MAX) {
		/* Drain half back so the buddies can merge again. */
		spin_lock(&vm_page_spin);
		for (n = 0; n < PCPU_BATCH; n++) {
			vm_page_t p = vm_pcpu[cpu].pages[--vm_pcpu[cpu].count];

			p->flags &= ~PG_PCPU;
			buddy_free(p, 0);
		}
		spin_unlock(&vm_page_spin);
	}
	m->flags |= PG_PCPU;
	vm_pcpu[cpu].pages[vm_pcpu[cpu].count++] = m;
	intr_restore(s);
	__atomic_fetch_add(&vmstats.v_free_count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&vmstats.v_frees, 1, __ATOMIC_RELAXED);
	wakeup(&vmstats);
}

vm_page_t
vm_page_alloc_contig(int order, int flags)
{
	vm_page_t m;
	uint64_t n = 1ULL << order, i;

	if (order < 0 || order >= VM_NFREEORDER || !vm_page_may_take(n, flags))
		return (NULL);
	spin_lock(&vm_page_spin);
	m = buddy_alloc(order);
	spin_unlock(&vm_page_spin);
	if (m == NULL) {
		__atomic_fetch_add(&vmstats.v_alloc_fail, 1, __ATOMIC_RELAXED);
		return (NULL);
	}
	__atomic_fetch_sub(&vmstats.v_free_count, n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&vmstats.v_allocs, n, __ATOMIC_RELAXED);
	for (i = 0; i < n; i++) {
		m[i].object = NULL;
		m[i].wire_count = 1;
		m[i].flags = 0;
		m[i].m_kmclass = 0;
		m[i].order = 0;
		if ((flags & VM_ALLOC_ZERO) != 0)
			vm_page_zero(&m[i]);
	}
	m->order = order;
	return (m);
}

void
vm_page_free_contig(vm_page_t m, int order)
{
	uint64_t n = 1ULL << order, i;

	for (i = 0; i < n; i++) {
		m[i].object = NULL;
		m[i].wire_count = 0;
		m[i].flags = 0;
		m[i].m_kmclass = 0;
	}
	spin_lock(&vm_page_spin);
	buddy_free(m, order);
	spin_unlock(&vm_page_spin);
	__atomic_fetch_add(&vmstats.v_free_count, n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&vmstats.v_frees, n, __ATOMIC_RELAXED);
	wakeup(&vmstats);
}

void
vm_page_zero(vm_page_t m)
{
	memset((void *)PHYS_TO_DMAP(m->phys_addr), 0, PAGE_SIZE);
}

void
vm_page_copy(vm_page_t src, vm_page_t dst)
{
	memcpy((void *)PHYS_TO_DMAP(dst->phys_addr),
	    (const void *)PHYS_TO_DMAP(src->phys_addr), PAGE_SIZE);
}

/* Sleep until some memory is freed (or timo ticks pass). */
void
vm_wait(int timo)
{
	tsleep(&vmstats, 0, "vmwait", timo > 0 ? timo : hz);
}

/* For the ports' page tables: a zeroed page, 0 if none. */
vm_paddr_t
vm_page_alloc_phys(void)
{
	vm_page_t m;

	m = vm_page_alloc(VM_ALLOC_SYSTEM | VM_ALLOC_ZERO);
	if (m == NULL)
		return (0);
	m->flags |= PG_KMEM;
	__atomic_fetch_add(&vmstats.v_wire_count, 1, __ATOMIC_RELAXED);
	return (m->phys_addr);
}

void
vm_page_free_phys(vm_paddr_t pa)
{
	vm_page_t m = PHYS_TO_VM_PAGE(pa);

	if (m == NULL || (m->flags & PG_RESERVED) != 0)
		return;		/* a bootstrap page the port reserved */
	__atomic_fetch_sub(&vmstats.v_wire_count, 1, __ATOMIC_RELAXED);
	vm_page_free(m);
}

/*
 * vm.stats.vm.*: the page counters, for vmstat-like tools and the
 * regress suite's leak checks (free pages before and after a test).
 */
#include <sys/sysctl.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>

SYSCTL_NODE(_vm, OID_AUTO, stats, CTLFLAG_RD, 0, "VM statistics");
SYSCTL_NODE(_vm_stats, OID_AUTO, vm, CTLFLAG_RD, 0, "VM page counters");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_page_count, CTLFLAG_RD,
    &vmstats.v_page_count, 0, "Pages of RAM managed");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_free_count, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmstats.v_free_count), 0, "Free pages");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_free_reserved, CTLFLAG_RD,
    &vmstats.v_free_reserved, 0, "Pages only the kernel may take");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_wire_count, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmstats.v_wire_count), 0, "Kernel pages");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_alloc_fail, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmstats.v_alloc_fail), 0, "Failed page allocations");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_allocs, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmstats.v_allocs), 0, "Page allocations");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, v_frees, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmstats.v_frees), 0, "Page frees");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, vmspaces, CTLFLAG_RD,
    __DEVOLATILE_U64(&vmspace_count), 0, "Address spaces");
SYSCTL_U64(_vm_stats_vm, OID_AUTO, objects, CTLFLAG_RD,
    __DEVOLATILE_U64(&vm_object_count), 0, "VM objects");
