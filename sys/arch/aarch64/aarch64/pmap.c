/*
 * aarch64 physical map: 4 KiB granule, 48-bit VA, four levels (L0-L3).
 *
 * The kernel lives in TTBR1 and is shared by every CPU: its L0 table is
 * the boot table locore.S built (boot_l0_ttbr1), extended here with the
 * direct map of RAM (largest blocks that fit), the device window and the
 * MI kernel VA range.  Each user pmap has its own L0 table in TTBR0,
 * tagged with an ASID (8 or 16 bits as ID_AA64MMFR0_EL1 says) so a
 * context switch flushes nothing.
 *
 * Page-table pages come from a static pool inside the kernel image until
 * the MI allocator is up (pmap_bootstrap_done), then from
 * vm_page_alloc_phys.  Every change to a live entry follows
 * break-before-make: invalidate, dsb, TLBI (inner shareable, so every
 * CPU drops it), dsb, then write the new entry.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bootinfo.h>
#include <sys/spinlock.h>
#include <sys/globaldata.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

typedef uint64_t pt_entry_t;

#define ATTR_VALID	0x1UL
#define ATTR_TABLE	0x2UL		/* L0-L2: table; L3: page */
#define ATTR_IDX(n)	((uint64_t)(n) << 2)
#define  MAIR_DEVICE	0
#define  MAIR_NORMAL	1
#define ATTR_AP_USER	(1UL << 6)
#define ATTR_AP_RO	(1UL << 7)
#define ATTR_SH_INNER	(3UL << 8)
#define ATTR_AF		(1UL << 10)
#define ATTR_NG		(1UL << 11)
#define ATTR_PXN	(1UL << 53)
#define ATTR_UXN	(1UL << 54)
#define ATTR_ADDR	0x0000fffffffff000UL

#define L0_SHIFT	39
#define L1_SHIFT	30
#define L2_SHIFT	21
#define L3_SHIFT	12
#define Ln_INDEX(va, s)	(((va) >> (s)) & 511)

#define KERN_NORMAL	(ATTR_VALID | ATTR_IDX(MAIR_NORMAL) | ATTR_SH_INNER | \
			 ATTR_AF | ATTR_PXN | ATTR_UXN)
#define KERN_DEVICE	(ATTR_VALID | ATTR_IDX(MAIR_DEVICE) | ATTR_AF | \
			 ATTR_PXN | ATTR_UXN)

struct pmap {
	pt_entry_t	*pm_l0;		/* kernel VA of the L0 table */
	vm_paddr_t	 pm_l0_pa;
	int		 pm_asid;	/* 0: none, flush on activate */
	struct spinlock	 pm_lock;
};

extern pt_entry_t boot_l0_ttbr1[];
extern char sigcode_page[];
extern char _kernel_start[], _kernel_end[];

static struct pmap kernel_pmap_store;
struct pmap *kernel_pmap = &kernel_pmap_store;
bool cpu_has_pan;

#define BOOT_POOL_PAGES	96
static uint8_t boot_pool[BOOT_POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static int boot_pool_used;
static bool pmap_allocator_up;
static pt_entry_t empty_l0[512] __aligned(PAGE_SIZE);

static vm_offset_t devmap_next = DEVMAP_BASE;
static struct spinlock devmap_lock = SPINLOCK_INITIALIZER("devmap");

/* ASIDs: 1 .. asid_max; a bitmap sized for 16 bits. */
static int asid_max;
static uint64_t asid_map[65536 / 64];
static struct spinlock asid_lock = SPINLOCK_INITIALIZER("asid");

/* A table page's kernel address: in the image, or via the direct map. */
static pt_entry_t *
pt_va(vm_paddr_t pa)
{
	vm_size_t ksize = (vm_offset_t)_kernel_end - (vm_offset_t)_kernel_start;

	if (pa >= kernel_pa && pa < kernel_pa + ksize)
		return ((pt_entry_t *)((vm_offset_t)_kernel_start +
		    (pa - kernel_pa)));
	return ((pt_entry_t *)PHYS_TO_DMAP(pa));
}

static vm_paddr_t
pt_alloc(void)
{
	vm_paddr_t pa;

	if (pmap_allocator_up)
		return (vm_page_alloc_phys());	/* zeroed, 0 if none */
	if (boot_pool_used >= BOOT_POOL_PAGES)
		panic("pmap: boot page-table pool exhausted");
	pa = kva_to_pa((vm_offset_t)boot_pool[boot_pool_used++]);
	return (pa);
}

/*
 * The entry for va at level `stop' (1, 2 or 3), making tables on the way
 * when `alloc'; NULL if a table is missing (or cannot be made) or a block
 * mapping covers va above that level.
 */
static pt_entry_t *
pt_lookup(pt_entry_t *l0, vm_offset_t va, int stop, bool alloc)
{
	static const int shift[] = { L0_SHIFT, L1_SHIFT, L2_SHIFT, L3_SHIFT };
	pt_entry_t *t = l0, *e;
	vm_paddr_t pa;
	int lvl;

	for (lvl = 0; lvl < stop; lvl++) {
		e = &t[Ln_INDEX(va, shift[lvl])];
		if ((*e & ATTR_VALID) == 0) {
			if (!alloc || (pa = pt_alloc()) == 0)
				return (NULL);
			dsb(ishst);
			*e = pa | ATTR_VALID | ATTR_TABLE;
		} else if ((*e & ATTR_TABLE) == 0)
			return (NULL);		/* block */
		t = pt_va(*e & ATTR_ADDR);
	}
	return (&t[Ln_INDEX(va, shift[stop])]);
}

static void
tlb_flush_va(int asid, vm_offset_t va)
{
	dsb(ishst);
	if (va >= DMAP_BASE)
		__asm __volatile("tlbi vaae1is, %0" ::
		    "r" ((va >> 12) & 0xfffffffffffUL));
	else
		__asm __volatile("tlbi vae1is, %0" ::
		    "r" (((uint64_t)asid << 48) | ((va >> 12) & 0xfffffffffffUL)));
	dsb(ish);
	isb();
}

/* Break-before-make store of a level-3 entry. */
static void
pte_store(struct pmap *pm, vm_offset_t va, pt_entry_t *e, pt_entry_t nv)
{
	if (*e & ATTR_VALID) {
		*e = 0;
		tlb_flush_va(pm->pm_asid, va);
	}
	if (nv != 0) {
		dsb(ishst);
		*e = nv;
		dsb(ishst);
		isb();
	}
}

/*
 * Kernel mappings for [va, va+len) -> pa, biggest blocks that fit.
 * ENOMEM if a page-table page cannot be had (what was mapped stays).
 */
static int
map_range(vm_offset_t va, vm_paddr_t pa, vm_size_t len, pt_entry_t attr)
{
	pt_entry_t *e;
	vm_size_t step;

	while (len > 0) {
		if (((va | pa) & ((1UL << L1_SHIFT) - 1)) == 0 &&
		    len >= (1UL << L1_SHIFT) &&
		    (e = pt_lookup(boot_l0_ttbr1, va, 1, true)) != NULL &&
		    (*e & ATTR_VALID) == 0) {
			step = 1UL << L1_SHIFT;
			*e = pa | attr;
		} else if (((va | pa) & ((1UL << L2_SHIFT) - 1)) == 0 &&
		    len >= (1UL << L2_SHIFT) &&
		    (e = pt_lookup(boot_l0_ttbr1, va, 2, true)) != NULL &&
		    (*e & ATTR_VALID) == 0) {
			step = 1UL << L2_SHIFT;
			*e = pa | attr;
		} else {
			step = PAGE_SIZE;
			e = pt_lookup(boot_l0_ttbr1, va, 3, true);
			if (e == NULL) {
				dsb(ishst);
				return (ENOMEM);
			}
			*e = pa | attr | ATTR_TABLE;
		}
		va += step;
		pa += step;
		len -= step;
	}
	dsb(ishst);
	isb();
	return (0);
}

/*
 * Called on the boot CPU with the MMU on and only the image and the DTB
 * mapped: build the direct map of RAM and set up the ASID allocator.
 */
void
pmap_bootstrap(void)
{
	uint64_t mmfr0, mmfr1;
	int i;

	kernel_pmap_store.pm_l0 = boot_l0_ttbr1;
	kernel_pmap_store.pm_l0_pa = kva_to_pa((vm_offset_t)boot_l0_ttbr1);
	spin_init(&kernel_pmap_store.pm_lock, "kernel_pmap");

	for (i = 0; i < bootinfo.bi_nmem; i++) {
		vm_paddr_t s = trunc_page(bootinfo.bi_mem[i].start);
		vm_paddr_t e = round_page(bootinfo.bi_mem[i].end);

		if (e > DMAP_SIZE)
			e = DMAP_SIZE;
		if (s < e && map_range(PHYS_TO_DMAP(s), s, e - s,
		    KERN_NORMAL) != 0)
			panic("pmap: boot pool too small for the direct map");
	}
	__asm __volatile("tlbi vmalle1is; dsb ish; isb" ::: "memory");

	mmfr0 = READ_SPECIALREG(id_aa64mmfr0_el1);
	asid_max = ((mmfr0 >> 4) & 0xf) == 2 ? 65535 : 255;
	mmfr1 = READ_SPECIALREG(id_aa64mmfr1_el1);
	cpu_has_pan = ((mmfr1 >> 20) & 0xf) != 0;
	pmap_init_cpu();
}

/*
 * Per-CPU MMU state beyond what locore.S set: drop the boot identity map
 * from TTBR0 and turn on PAN (and have exceptions set it) if present.
 */
void
pmap_init_cpu(void)
{
	uint64_t sctlr;

	WRITE_SPECIALREG(ttbr0_el1, kva_to_pa((vm_offset_t)empty_l0));
	isb();
	__asm __volatile("tlbi vmalle1; dsb nsh; isb" ::: "memory");
	if (cpu_has_pan) {
		sctlr = READ_SPECIALREG(sctlr_el1);
		sctlr &= ~(1UL << 23);		/* SPAN=0: set PAN on entry */
		WRITE_SPECIALREG(sctlr_el1, sctlr);
		__asm __volatile(".inst 0xd500419f" ::: "memory"); /* PAN=1 */
		isb();
	}
}

void
pmap_bootstrap_done(void)
{
	pmap_allocator_up = true;
}

vm_offset_t
pmap_bootstrap_mapdev(vm_paddr_t pa, size_t size)
{
	vm_offset_t va, off = pa & PAGE_MASK;
	int error;

	size = round_page(size + off);
	spin_lock(&devmap_lock);
	if (devmap_next + size > DEVMAP_END || devmap_next + size < devmap_next) {
		spin_unlock(&devmap_lock);
		return (0);
	}
	va = devmap_next;
	devmap_next += size;
	spin_unlock(&devmap_lock);
	spin_lock(&kernel_pmap->pm_lock);
	error = map_range(va, trunc_page(pa), size, KERN_DEVICE);
	spin_unlock(&kernel_pmap->pm_lock);
	return (error == 0 ? va + off : 0);
}

/* NULL when the device window or page-table memory runs out. */
void *
pmap_mapdev(vm_paddr_t pa, size_t size)
{
	return ((void *)pmap_bootstrap_mapdev(pa, size));
}

void
pmap_kenter(vm_offset_t va, vm_paddr_t pa, int flags)
{
	pt_entry_t *e, nv;

	nv = (pa & ATTR_ADDR) | ATTR_TABLE |
	    ((flags & PMAP_NOCACHE) ? KERN_DEVICE : KERN_NORMAL);
	spin_lock(&kernel_pmap->pm_lock);
	e = pt_lookup(kernel_pmap->pm_l0, va, 3, true);
	if (e == NULL)
		panic("pmap_kenter: no page-table page for %#lx", (u_long)va);
	pte_store(kernel_pmap, va, e, nv);
	spin_unlock(&kernel_pmap->pm_lock);
}

void
pmap_kremove(vm_offset_t va)
{
	pt_entry_t *e;

	spin_lock(&kernel_pmap->pm_lock);
	e = pt_lookup(kernel_pmap->pm_l0, va, 3, false);
	if (e != NULL)
		pte_store(kernel_pmap, va, e, 0);
	spin_unlock(&kernel_pmap->pm_lock);
}

static pt_entry_t user_pte(vm_paddr_t pa, int prot, int flags);

static int
asid_alloc(void)
{
	int a;

	spin_lock(&asid_lock);
	for (a = 1; a <= asid_max; a++) {
		if ((asid_map[a / 64] & (1UL << (a % 64))) == 0) {
			asid_map[a / 64] |= 1UL << (a % 64);
			spin_unlock(&asid_lock);
			return (a);
		}
	}
	spin_unlock(&asid_lock);
	return (0);			/* shared ASID 0: flushed on activate */
}

pmap_t
pmap_create(void)
{
	struct pmap *pm;
	pt_entry_t *e;
	vm_paddr_t pa;

	/* The pmap gets a page of its own (no kmalloc dependency here). */
	pa = vm_page_alloc_phys();
	if (pa == 0)
		return (NULL);
	pm = (struct pmap *)PHYS_TO_DMAP(pa);
	pm->pm_l0_pa = vm_page_alloc_phys();
	if (pm->pm_l0_pa == 0) {
		vm_page_free_phys(pa);
		return (NULL);
	}
	pm->pm_l0 = (pt_entry_t *)PHYS_TO_DMAP(pm->pm_l0_pa);
	spin_init(&pm->pm_lock, "pmap");
	pm->pm_asid = asid_alloc();
	/* The signal trampoline, read+execute for the user. */
	e = pt_lookup(pm->pm_l0, SIGCODE_VA, 3, true);
	if (e == NULL) {
		pmap_destroy(pm);
		return (NULL);
	}
	*e = user_pte(kva_to_pa((vm_offset_t)sigcode_page),
	    VM_PROT_READ | VM_PROT_EXECUTE, 0);
	return (pm);
}

static void
pt_free_level(vm_paddr_t pa, int lvl)
{
	pt_entry_t *t = pt_va(pa);
	int i;

	if (lvl < 3) {
		for (i = 0; i < 512; i++)
			if ((t[i] & (ATTR_VALID | ATTR_TABLE)) ==
			    (ATTR_VALID | ATTR_TABLE))
				pt_free_level(t[i] & ATTR_ADDR, lvl + 1);
	}
	vm_page_free_phys(pa);
}

void
pmap_destroy(pmap_t pm)
{
	if (pm == NULL || pm == kernel_pmap)
		return;
	__asm __volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb" ::
	    "r" ((uint64_t)pm->pm_asid << 48) : "memory");
	pt_free_level(pm->pm_l0_pa, 0);
	if (pm->pm_asid != 0) {
		spin_lock(&asid_lock);
		asid_map[pm->pm_asid / 64] &= ~(1UL << (pm->pm_asid % 64));
		spin_unlock(&asid_lock);
	}
	vm_page_free_phys(DMAP_TO_PHYS((vm_offset_t)pm));
}

/* Make instructions written through the direct map visible to fetch. */
void
icache_sync_range(vm_offset_t va, size_t len)
{
	vm_offset_t p, end = va + len;
	uint64_t ctr = READ_SPECIALREG(ctr_el0);
	size_t dline = 4UL << ((ctr >> 16) & 0xf);
	size_t iline = 4UL << (ctr & 0xf);

	for (p = va & ~(dline - 1); p < end; p += dline)
		__asm __volatile("dc cvau, %0" :: "r" (p) : "memory");
	dsb(ish);
	for (p = va & ~(iline - 1); p < end; p += iline)
		__asm __volatile("ic ivau, %0" :: "r" (p) : "memory");
	dsb(ish);
	isb();
}

static pt_entry_t
user_pte(vm_paddr_t pa, int prot, int flags)
{
	pt_entry_t nv;

	nv = (pa & ATTR_ADDR) | ATTR_VALID | ATTR_TABLE | ATTR_AF | ATTR_NG |
	    ATTR_AP_USER | ATTR_PXN;
	if (flags & PMAP_NOCACHE)
		nv |= ATTR_IDX(MAIR_DEVICE);
	else
		nv |= ATTR_IDX(MAIR_NORMAL) | ATTR_SH_INNER;
	if ((prot & VM_PROT_WRITE) == 0)
		nv |= ATTR_AP_RO;
	if ((prot & VM_PROT_EXECUTE) == 0)
		nv |= ATTR_UXN;
	return (nv);
}

int
pmap_enter(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot, int flags)
{
	pt_entry_t *e;

	if (pm == kernel_pmap) {
		pmap_kenter(va, pa, flags);
		return (0);
	}
	if (va >= VM_MAX_USER_ADDRESS)
		return (EINVAL);
	if (prot & VM_PROT_EXECUTE)
		icache_sync_range(PHYS_TO_DMAP(pa & ~PAGE_MASK), PAGE_SIZE);
	spin_lock(&pm->pm_lock);
	e = pt_lookup(pm->pm_l0, va, 3, true);
	if (e == NULL) {
		spin_unlock(&pm->pm_lock);
		return (ENOMEM);
	}
	pte_store(pm, va, e, user_pte(pa, prot, flags));
	spin_unlock(&pm->pm_lock);
	return (0);
}

void
pmap_remove(pmap_t pm, vm_offset_t sva, vm_offset_t eva)
{
	vm_offset_t va;
	pt_entry_t *e;

	if (pm == kernel_pmap) {
		for (va = trunc_page(sva); va < eva; va += PAGE_SIZE)
			pmap_kremove(va);
		return;
	}
	spin_lock(&pm->pm_lock);
	for (va = trunc_page(sva); va < eva && va < VM_MAX_USER_ADDRESS;
	    va += PAGE_SIZE) {
		e = pt_lookup(pm->pm_l0, va, 3, false);
		if (e == NULL) {
			/* Skip to the next L3 table. */
			va = (va | ((1UL << L2_SHIFT) - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if (*e & ATTR_VALID)
			pte_store(pm, va, e, 0);
	}
	spin_unlock(&pm->pm_lock);
}

void
pmap_protect(pmap_t pm, vm_offset_t sva, vm_offset_t eva, int prot)
{
	vm_offset_t va;
	pt_entry_t *e;

	if ((prot & VM_PROT_READ) == 0) {
		pmap_remove(pm, sva, eva);
		return;
	}
	if (pm == kernel_pmap)
		return;
	spin_lock(&pm->pm_lock);
	for (va = trunc_page(sva); va < eva && va < VM_MAX_USER_ADDRESS;
	    va += PAGE_SIZE) {
		e = pt_lookup(pm->pm_l0, va, 3, false);
		if (e == NULL) {
			va = (va | ((1UL << L2_SHIFT) - 1)) + 1 - PAGE_SIZE;
			continue;
		}
		if ((*e & ATTR_VALID) == 0)
			continue;
		if (prot & VM_PROT_EXECUTE)
			icache_sync_range(PHYS_TO_DMAP(*e & ATTR_ADDR),
			    PAGE_SIZE);
		pte_store(pm, va, e, user_pte(*e & ATTR_ADDR, prot,
		    (*e & ATTR_IDX(7)) == ATTR_IDX(MAIR_DEVICE) ?
		    PMAP_NOCACHE : 0));
	}
	spin_unlock(&pm->pm_lock);
}

bool
pmap_extract(pmap_t pm, vm_offset_t va, vm_paddr_t *pap)
{
	static const int shift[] = { L0_SHIFT, L1_SHIFT, L2_SHIFT, L3_SHIFT };
	pt_entry_t *t = pm->pm_l0, e;
	int lvl;

	for (lvl = 0; lvl < 4; lvl++) {
		e = t[Ln_INDEX(va, shift[lvl])];
		if ((e & ATTR_VALID) == 0)
			return (false);
		if (lvl == 3 || (e & ATTR_TABLE) == 0) {
			if (lvl == 0)
				return (false);
			if (pap != NULL)
				*pap = (e & ATTR_ADDR &
				    ~((1UL << shift[lvl]) - 1)) |
				    (va & ((1UL << shift[lvl]) - 1));
			return (true);
		}
		t = pt_va(e & ATTR_ADDR);
	}
	return (false);
}

void
pmap_activate(pmap_t pm)
{
	if (pm == NULL || pm == kernel_pmap) {
		WRITE_SPECIALREG(ttbr0_el1, kva_to_pa((vm_offset_t)empty_l0));
		isb();
		return;
	}
	WRITE_SPECIALREG(ttbr0_el1, pm->pm_l0_pa |
	    ((uint64_t)pm->pm_asid << 48));
	isb();
	if (pm->pm_asid == 0)
		__asm __volatile("tlbi aside1, xzr; dsb nsh; isb" ::: "memory");
}
