/*
 * The amd64 physical map: 4-level page tables (PML4, PDPT, PD, PT) with
 * NX.  The kernel half of every PML4 (entries 256..511) points at page
 * tables shared by all pmaps and set up once in pmap_bootstrap(): the
 * direct map of physical memory (2 MiB pages, slot 256), the MI kernel
 * VA range (slot 384, tables filled on demand by pmap_kenter), a device
 * window for uncached MMIO (slot 385) and the kernel image at -2 GiB
 * (slot 511, text read+execute, read-only data, data and bss no-execute).
 * The user half belongs to each process pmap; the page above the user
 * range carries the signal trampoline (SIGCODE_VA) in every user pmap.
 *
 * TLB consistency: a change to a mapping that another CPU may have
 * cached (a kernel mapping, or a user pmap active on other CPUs) sends
 * those CPUs an IDT_IPI_INVLTLB and waits for them to flush.
 * Locking: pm_spin protects a pmap's tables.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/atomic.h>
#include <machine/frame.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

#define PG_V		0x001UL
#define PG_RW		0x002UL
#define PG_U		0x004UL
#define PG_PWT		0x008UL
#define PG_PCD		0x010UL
#define PG_A		0x020UL
#define PG_M		0x040UL
#define PG_PS		0x080UL
#define PG_G		0x100UL
#define PG_NX		(1UL << 63)
#define PG_FRAME	0x000ffffffffff000UL
#define PG_PS_FRAME	0x000fffffffe00000UL

#define PML4_DMAP	256
#define PML4_KVA	384
#define PML4_DEV	385
#define PML4_KERN	511
#define DEV_BASE	0xffffc08000000000UL
#define DEV_END		0xffffc10000000000UL

#define pml4_index(va)	(((va) >> PML4SHIFT) & 511)
#define pdpt_index(va)	(((va) >> PDPSHIFT) & 511)
#define pd_index(va)	(((va) >> PDRSHIFT) & 511)
#define pt_index(va)	(((va) >> PAGE_SHIFT) & 511)

struct pmap {
	uint64_t	*pm_pml4;	/* through the direct map */
	vm_paddr_t	pm_pml4pa;
	volatile uint64_t pm_active;	/* CPUs with it in %cr3 (atomic) */
	struct spinlock	pm_spin;	/* the page tables */
};

static struct pmap kernel_pmap_store;
struct pmap *kernel_pmap = &kernel_pmap_store;
uint64_t kernel_cr3;
static uint64_t pg_nx;			/* PG_NX if the CPU has it */
static uint64_t pg_g;			/* PG_G if the CPU has it */
static int pmap_vm_ready;		/* vm_page_alloc_phys usable */
static vm_offset_t dev_next = DEV_BASE;
static struct spinlock dev_spin = SPINLOCK_INITIALIZER("pmap_mapdev");

/* TLB shootdown mailbox. */
static volatile int invl_lock;
static volatile uint64_t invl_pending;	/* CPUs still to flush */
static volatile vm_offset_t invl_va;	/* page, or 0: everything */

extern char sigcode_page[];

static uint64_t *
pt_va(vm_paddr_t pa)
{
	return ((uint64_t *)PHYS_TO_DMAP(pa));
}

static vm_paddr_t
pt_alloc(void)
{
	vm_paddr_t pa;

	if (!pmap_vm_ready)
		return (boot_alloc_page());
	pa = vm_page_alloc_phys();	/* zeroed */
	return (pa);
}

/*
 * Walk to the PTE for va, creating the intermediate tables if `create'.
 * NULL if a table is missing (or cannot be had) or a large page maps va.
 */
static uint64_t *
pmap_pte(struct pmap *pm, vm_offset_t va, bool create, bool user)
{
	uint64_t *tbl = pm->pm_pml4, *e;
	int shift, level;
	vm_paddr_t pa;

	for (level = 0, shift = PML4SHIFT; level < 3; level++, shift -= 9) {
		e = &tbl[(va >> shift) & 511];
		if ((*e & PG_V) == 0) {
			if (!create || (pa = pt_alloc()) == 0)
				return (NULL);
			*e = pa | PG_V | PG_RW | (user ? PG_U : 0);
		} else if (*e & PG_PS)
			return (NULL);
		tbl = pt_va(*e & PG_FRAME);
	}
	return (&tbl[pt_index(va)]);
}

/*
 * For range walks: the PTE for va if its page table exists, else NULL
 * with *nextp set to the first address past the missing table, so that
 * a walk over a sparse range (exec and exit remove the whole user half)
 * skips empty 2 MiB, 1 GiB and 512 GiB stretches in one step.
 */
static uint64_t *
pmap_pte_skip(struct pmap *pm, vm_offset_t va, vm_offset_t *nextp)
{
	uint64_t *tbl = pm->pm_pml4, e;
	int shift, level;

	for (level = 0, shift = PML4SHIFT; level < 3; level++, shift -= 9) {
		e = tbl[(va >> shift) & 511];
		if ((e & PG_V) == 0 || (e & PG_PS) != 0) {
			*nextp = rounddown2(va, 1UL << shift) + (1UL << shift);
			return (NULL);
		}
		tbl = pt_va(e & PG_FRAME);
	}
	*nextp = va + PAGE_SIZE;
	return (&tbl[pt_index(va)]);
}

/* ---- TLB shootdown ---------------------------------------------------- */

static void
invl_local(vm_offset_t va)
{
	if (va == 0) {
		/* Global entries survive a %cr3 reload: toggle PGE. */
		uint64_t cr4 = rcr4();

		if (cr4 & CR4_PGE) {
			load_cr4(cr4 & ~(uint64_t)CR4_PGE);
			load_cr4(cr4);
		} else
			invltlb();
	} else
		invlpg(va);
}

/* IDT_IPI_INVLTLB handler (and while waiting for the mailbox). */
void
pmap_invl_ipi(void)
{
	uint64_t bit = 1UL << mycpuid;

	if ((invl_pending & bit) == 0)
		return;
	invl_local(invl_va);
	mycpu->gd_md.gd_tlb_shootdowns++;
	atomic_clear_64(&invl_pending, bit);
}

static void
pmap_invalidate(struct pmap *pm, vm_offset_t va)
{
	uint64_t others, me;
	register_t s;
	int cpu;

	invl_local(va);
	if (ncpus <= 1)
		return;
	s = intr_disable();
	me = 1UL << mycpuid;
	if (pm == kernel_pmap)
		others = (ncpus >= 64 ? ~0UL : (1UL << ncpus) - 1) & ~me;
	else
		others = pm->pm_active & ~me;
	if (others == 0) {
		intr_restore(s);
		return;
	}
	while (!atomic_cmpset_int(&invl_lock, 0, 1)) {
		/* Serve the CPU that holds the mailbox, or it waits forever. */
		pmap_invl_ipi();
		cpu_pause();
	}
	invl_va = va;
	atomic_store_rel_64(&invl_pending, others);
	for (cpu = 0; cpu < ncpus; cpu++)
		if (others & (1UL << cpu))
			lapic_ipi(globaldata_find(cpu)->gd_md.gd_lapic_id,
			    IDT_IPI_INVLTLB);
	while (invl_pending != 0)
		cpu_pause();
	atomic_store_rel_int(&invl_lock, 0);
	intr_restore(s);
}

/* ---- Bootstrap --------------------------------------------------------- */

static void
map_image(uint64_t *pd, vm_offset_t start, vm_offset_t end, uint64_t bits)
{
	vm_offset_t va;

	for (va = rounddown2(start, NBPDR); va < end; va += NBPDR)
		pd[pd_index(va)] = KERN_TO_PHYS(va) | PG_V | PG_PS | pg_g |
		    bits;
}

void
pmap_bootstrap(void)
{
	uint64_t *pml4, *pdpt, *pd;
	vm_paddr_t top = 0x100000000UL, pa;
	int i, j, ngb;

	pg_nx = cpu_has_nx ? PG_NX : 0;
	pg_g = cpu_has_pge ? PG_G : 0;
	for (i = 0; i < bootinfo.bi_nmem; i++)
		if (bootinfo.bi_mem[i].end > top)
			top = bootinfo.bi_mem[i].end;
	if (top > DMAP_MAX_ADDRESS - DMAP_MIN_ADDRESS)
		top = DMAP_MAX_ADDRESS - DMAP_MIN_ADDRESS;
	ngb = howmany(top, NBPDP);

	kernel_pmap->pm_pml4pa = boot_alloc_page();
	pml4 = kernel_pmap->pm_pml4 = pt_va(kernel_pmap->pm_pml4pa);
	spin_init(&kernel_pmap->pm_spin, "kernel_pmap");

	/* Direct map: every GiB up to the top of RAM (and all of 4 GiB). */
	pa = boot_alloc_page();
	pml4[PML4_DMAP] = pa | PG_V | PG_RW;
	pdpt = pt_va(pa);
	for (i = 0; i < ngb; i++) {
		pa = boot_alloc_page();
		pdpt[i] = pa | PG_V | PG_RW;
		pd = pt_va(pa);
		for (j = 0; j < NPDEPG; j++)
			pd[j] = (((vm_paddr_t)i << PDPSHIFT) +
			    ((vm_paddr_t)j << PDRSHIFT)) |
			    PG_V | PG_RW | PG_PS | pg_g | pg_nx;
	}

	/* Kernel VA and the device window: empty tables, shared. */
	pml4[PML4_KVA] = boot_alloc_page() | PG_V | PG_RW;
	pml4[PML4_DEV] = boot_alloc_page() | PG_V | PG_RW;

	/* The kernel image at -2 GiB. */
	pa = boot_alloc_page();
	pml4[PML4_KERN] = pa | PG_V | PG_RW;
	pdpt = pt_va(pa);
	pa = boot_alloc_page();
	pdpt[pdpt_index(KERNBASE)] = pa | PG_V | PG_RW;
	pd = pt_va(pa);
	map_image(pd, KERNBASE + KERNLOAD, (vm_offset_t)_etext, 0);
	map_image(pd, (vm_offset_t)_kernel_rodata, (vm_offset_t)_erodata,
	    pg_nx);
	map_image(pd, (vm_offset_t)_kernel_data, (vm_offset_t)_end,
	    PG_RW | pg_nx);

	kernel_cr3 = kernel_pmap->pm_pml4pa;
	load_cr3(kernel_cr3);
}

void
pmap_bootstrap_done(void)
{
	pmap_vm_ready = 1;
}

/* ---- Kernel mappings --------------------------------------------------- */

static uint64_t
pte_bits(vm_offset_t va, int prot, int flags)
{
	uint64_t bits = PG_V;

	if (prot & VM_PROT_WRITE)
		bits |= PG_RW;
	if ((prot & VM_PROT_EXECUTE) == 0)
		bits |= pg_nx;
	if (flags & PMAP_NOCACHE)
		bits |= PG_PCD | PG_PWT;
	if (va < VM_MAX_USER_ADDRESS || va == SIGCODE_VA)
		bits |= PG_U;
	else
		bits |= pg_g;
	return (bits);
}

void
pmap_kenter(vm_offset_t va, vm_paddr_t pa, int flags)
{
	uint64_t *pte, old;

	spin_lock(&kernel_pmap->pm_spin);
	pte = pmap_pte(kernel_pmap, va, true, false);
	if (pte == NULL)
		panic("pmap_kenter: no page table for %#lx", va);
	old = *pte;
	*pte = (pa & PG_FRAME) | pte_bits(va, VM_PROT_READ | VM_PROT_WRITE,
	    flags);
	spin_unlock(&kernel_pmap->pm_spin);
	if (old & PG_V)
		pmap_invalidate(kernel_pmap, va);
}

void
pmap_kremove(vm_offset_t va)
{
	uint64_t *pte;

	spin_lock(&kernel_pmap->pm_spin);
	pte = pmap_pte(kernel_pmap, va, false, false);
	if (pte != NULL)
		*pte = 0;
	spin_unlock(&kernel_pmap->pm_spin);
	if (pte != NULL)
		pmap_invalidate(kernel_pmap, va);
}

void *
pmap_mapdev(vm_paddr_t pa, size_t size)
{
	vm_offset_t va, off = pa & PAGE_MASK;
	size_t i;

	size = round_page(size + off);
	spin_lock(&dev_spin);
	va = dev_next;
	if (va + size > DEV_END) {
		spin_unlock(&dev_spin);
		return (NULL);
	}
	dev_next += size;
	spin_unlock(&dev_spin);
	for (i = 0; i < size; i += PAGE_SIZE)
		pmap_kenter(va + i, trunc_page(pa) + i, PMAP_NOCACHE);
	return ((void *)(va + off));
}

/* ---- User pmaps -------------------------------------------------------- */

pmap_t
pmap_create(void)
{
	struct pmap *pm;
	vm_paddr_t pa;
	uint64_t *pte;
	int i;

	pa = vm_page_alloc_phys();
	if (pa == 0)
		return (NULL);
	/* The PML4 fills its page; struct pmap gets a page of its own. */
	pm = (struct pmap *)PHYS_TO_DMAP(vm_page_alloc_phys());
	if ((vm_offset_t)pm == PHYS_TO_DMAP(0)) {
		vm_page_free_phys(pa);
		return (NULL);
	}
	pm->pm_pml4pa = pa;
	pm->pm_pml4 = pt_va(pa);
	pm->pm_active = 0;
	spin_init(&pm->pm_spin, "pmap");
	for (i = NPDEPG / 2; i < NPDEPG; i++)
		pm->pm_pml4[i] = kernel_pmap->pm_pml4[i];
	/* The signal trampoline, read+execute for the user. */
	pte = pmap_pte(pm, SIGCODE_VA, true, true);
	if (pte == NULL) {
		pmap_destroy(pm);
		return (NULL);
	}
	*pte = KERN_TO_PHYS(sigcode_page) | PG_V | PG_U;
	return (pm);
}

static void
free_level(vm_paddr_t pa, int level)
{
	uint64_t *t = pt_va(pa);
	int i;

	if (level < 3)
		for (i = 0; i < NPDEPG; i++)
			if ((t[i] & PG_V) && (t[i] & PG_PS) == 0)
				free_level(t[i] & PG_FRAME, level + 1);
	vm_page_free_phys(pa);
}

void
pmap_destroy(pmap_t pm)
{
	int i;

	/* An exiting process may still run on its own page tables. */
	if (mycpu_md()->gd_curpmap == pm)
		pmap_activate(NULL);
	KASSERT(pm->pm_active == 0,
	    ("pmap_destroy: pmap %p active on cpus %#lx", pm, pm->pm_active));
	for (i = 0; i < NPDEPG / 2; i++)
		if (pm->pm_pml4[i] & PG_V)
			free_level(pm->pm_pml4[i] & PG_FRAME, 1);
	vm_page_free_phys(pm->pm_pml4pa);
	vm_page_free_phys(DMAP_TO_PHYS(pm));
}

int
pmap_enter(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot, int flags)
{
	uint64_t *pte, old;
	bool user = va < VM_MAX_USER_ADDRESS;

	spin_lock(&pm->pm_spin);
	pte = pmap_pte(pm, va, true, user);
	if (pte == NULL) {
		spin_unlock(&pm->pm_spin);
		return (ENOMEM);
	}
	old = *pte;
	*pte = (pa & PG_FRAME) | pte_bits(va, prot, flags);
	spin_unlock(&pm->pm_spin);
	if (old & PG_V)
		pmap_invalidate(pm, va);
	return (0);
}

void
pmap_remove(pmap_t pm, vm_offset_t sva, vm_offset_t eva)
{
	vm_offset_t va, next, last = 0;
	uint64_t *pte;
	int n = 0;

	spin_lock(&pm->pm_spin);
	for (va = trunc_page(sva); va < eva && va >= sva; va = next) {
		pte = pmap_pte_skip(pm, va, &next);
		if (pte != NULL && (*pte & PG_V)) {
			*pte = 0;
			last = va;
			n++;
		}
	}
	spin_unlock(&pm->pm_spin);
	if (n > 0)
		pmap_invalidate(pm, n == 1 ? last : 0);
}

void
pmap_protect(pmap_t pm, vm_offset_t sva, vm_offset_t eva, int prot)
{
	vm_offset_t va, next;
	uint64_t *pte;
	int n = 0;

	if ((prot & VM_PROT_READ) == 0) {
		pmap_remove(pm, sva, eva);
		return;
	}
	spin_lock(&pm->pm_spin);
	for (va = trunc_page(sva); va < eva && va >= sva; va = next) {
		pte = pmap_pte_skip(pm, va, &next);
		if (pte != NULL && (*pte & PG_V)) {
			*pte = (*pte & PG_FRAME) |
			    pte_bits(va, prot, (*pte & PG_PCD) ?
			    PMAP_NOCACHE : 0);
			n++;
		}
	}
	spin_unlock(&pm->pm_spin);
	if (n > 0)
		pmap_invalidate(pm, 0);
}

bool
pmap_extract(pmap_t pm, vm_offset_t va, vm_paddr_t *pap)
{
	uint64_t *pte;
	bool ok = false;

	if (va >= DMAP_MIN_ADDRESS && va < DMAP_MAX_ADDRESS) {
		*pap = DMAP_TO_PHYS(va);
		return (true);
	}
	if (va >= KERNBASE) {
		*pap = KERN_TO_PHYS(va);
		return (true);
	}
	spin_lock(&pm->pm_spin);
	pte = pmap_pte(pm, va, false, false);
	if (pte != NULL && (*pte & PG_V)) {
		*pap = (*pte & PG_FRAME) | (va & PAGE_MASK);
		ok = true;
	}
	spin_unlock(&pm->pm_spin);
	return (ok);
}

void
pmap_activate(pmap_t pm)
{
	struct mdglobaldata *md = mycpu_md();
	uint64_t bit = 1UL << mycpuid;

	if (pm == kernel_pmap)
		pm = NULL;
	if (md->gd_curpmap == pm)
		return;
	if (md->gd_curpmap != NULL)
		atomic_clear_64(&md->gd_curpmap->pm_active, bit);
	md->gd_curpmap = pm;
	if (pm != NULL) {
		atomic_set_64(&pm->pm_active, bit);
		load_cr3(pm->pm_pml4pa);
	} else
		load_cr3(kernel_cr3);
}
