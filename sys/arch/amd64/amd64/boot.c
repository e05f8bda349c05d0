/*
 * What the boot loader handed over, turned into struct bootinfo: the
 * multiboot2 information (GRUB2) or the PVH start_info (QEMU -kernel).
 * Both are read through the boot direct map of the low 4 GiB, where
 * loaders put them.  Also the bootstrap page allocator: a small arena of
 * RAM past the kernel (and past the initrd if that follows the kernel),
 * reserved in bi_rsvd, that pmap uses for page tables before the MI
 * physical allocator is up.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

#define MB2_BOOT_MAGIC	0x36d76289
#define PVH_MARK	0x50564821
#define PVH_MAGIC	0x336ec578

#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE	1
#define MB2_TAG_LOADER	2
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6
#define MB2_TAG_ACPI1	14
#define MB2_TAG_ACPI2	15

struct mb2_tag {
	uint32_t	type;
	uint32_t	size;
};

struct mb2_mmap_entry {
	uint64_t	addr;
	uint64_t	len;
	uint32_t	type;		/* 1: available RAM */
	uint32_t	zero;
};

struct hvm_start_info {
	uint32_t	magic;
	uint32_t	version;
	uint32_t	flags;
	uint32_t	nr_modules;
	uint64_t	modlist_paddr;
	uint64_t	cmdline_paddr;
	uint64_t	rsdp_paddr;
	uint64_t	memmap_paddr;	/* version >= 1 */
	uint32_t	memmap_entries;
	uint32_t	reserved;
};

struct hvm_modlist_entry {
	uint64_t	paddr;
	uint64_t	size;
	uint64_t	cmdline_paddr;
	uint64_t	reserved;
};

struct hvm_memmap_entry {
	uint64_t	addr;
	uint64_t	size;
	uint32_t	type;
	uint32_t	reserved;
};

/* The bootstrap arena. */
#define BOOT_ARENA_MIN	64		/* pages beyond the direct map's */
static vm_paddr_t arena_next, arena_end;

static vm_paddr_t boot_rsdp;

static void *
pa2va(vm_paddr_t pa)
{
	return ((void *)PHYS_TO_DMAP(pa));
}

static void
add_rsvd(vm_paddr_t start, vm_paddr_t end)
{
	if (bootinfo.bi_nrsvd < BI_MAXRSVD) {
		bootinfo.bi_rsvd[bootinfo.bi_nrsvd].start = start;
		bootinfo.bi_rsvd[bootinfo.bi_nrsvd].end = end;
		bootinfo.bi_nrsvd++;
	}
}

/*
 * Usable RAM above 1 MiB, page aligned.  The first MiB is left to the
 * firmware and to the AP start-up trampoline.
 */
static void
add_mem(uint64_t start, uint64_t len)
{
	uint64_t end = start + len;

	if (start < 0x100000)
		start = 0x100000;
	start = round_page(start);
	end = trunc_page(end);
	if (end <= start || bootinfo.bi_nmem >= BI_MAXMEM)
		return;
	bootinfo.bi_mem[bootinfo.bi_nmem].start = start;
	bootinfo.bi_mem[bootinfo.bi_nmem].end = end;
	bootinfo.bi_nmem++;
}

static void
copy_cmdline(const char *s)
{
	strlcpy(bootinfo.bi_cmdline, s, sizeof(bootinfo.bi_cmdline));
}

static void
parse_mb2(vm_paddr_t pa)
{
	uint32_t total = *(uint32_t *)pa2va(pa);
	vm_paddr_t p = pa + 8, end = pa + total;
	struct mb2_tag *tag;
	struct mb2_mmap_entry *e;
	uint32_t esize, *u;
	vm_paddr_t q;

	while (p + sizeof(*tag) <= end) {
		tag = pa2va(p);
		if (tag->type == MB2_TAG_END)
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			copy_cmdline((const char *)(tag + 1));
			break;
		case MB2_TAG_MODULE:
			/* The first module is the root image. */
			u = (uint32_t *)(tag + 1);
			if (bootinfo.bi_initrd_end == 0) {
				bootinfo.bi_initrd_start = u[0];
				bootinfo.bi_initrd_end = u[1];
			}
			break;
		case MB2_TAG_MMAP:
			u = (uint32_t *)(tag + 1);
			esize = u[0];
			if (esize < sizeof(*e))
				break;
			for (q = p + 16; q + esize <= p + tag->size;
			    q += esize) {
				e = pa2va(q);
				if (e->type == 1)
					add_mem(e->addr, e->len);
			}
			break;
		case MB2_TAG_ACPI1:
			if (boot_rsdp == 0)
				boot_rsdp = p + 8;
			break;
		case MB2_TAG_ACPI2:
			boot_rsdp = p + 8;	/* prefer the v2 copy */
			break;
		}
		p += roundup2(tag->size, 8);
	}
	strlcpy(bootinfo.bi_machine, "multiboot2", sizeof(bootinfo.bi_machine));
}

static void
parse_pvh(vm_paddr_t pa)
{
	struct hvm_start_info *si = pa2va(pa);
	struct hvm_modlist_entry *m;
	struct hvm_memmap_entry *e;
	uint32_t i;

	if (si->magic != PVH_MAGIC)
		panic("PVH start_info magic %#x", si->magic);
	if (si->cmdline_paddr != 0)
		copy_cmdline(pa2va(si->cmdline_paddr));
	if (si->nr_modules > 0 && si->modlist_paddr != 0) {
		m = pa2va(si->modlist_paddr);
		bootinfo.bi_initrd_start = m->paddr;
		bootinfo.bi_initrd_end = m->paddr + m->size;
	}
	if (si->version >= 1 && si->memmap_paddr != 0) {
		e = pa2va(si->memmap_paddr);
		for (i = 0; i < si->memmap_entries; i++)
			if (e[i].type == 1)
				add_mem(e[i].addr, e[i].size);
	}
	boot_rsdp = si->rsdp_paddr;
	strlcpy(bootinfo.bi_machine, "PVH", sizeof(bootinfo.bi_machine));
}

static bool
overlaps(vm_paddr_t s1, vm_paddr_t e1, vm_paddr_t s2, vm_paddr_t e2)
{
	return (s1 < e2 && s2 < e1);
}

/*
 * Find the arena: the first page-aligned stretch of RAM at or above the
 * kernel's end that misses the initrd.
 */
static void
arena_init(void)
{
	vm_paddr_t kend = round_page(KERN_TO_PHYS(_end));
	vm_paddr_t top = 0, size, cand;
	int i;

	for (i = 0; i < bootinfo.bi_nmem; i++)
		if (bootinfo.bi_mem[i].end > top)
			top = bootinfo.bi_mem[i].end;
	/* Direct-map page directories (one per GiB) plus slack. */
	size = ptoa(howmany(top, NBPDP) + BOOT_ARENA_MIN);
	for (i = 0; i < bootinfo.bi_nmem; i++) {
		cand = MAX(bootinfo.bi_mem[i].start, kend);
		if (bootinfo.bi_initrd_end != 0 &&
		    overlaps(cand, cand + size, bootinfo.bi_initrd_start,
		    bootinfo.bi_initrd_end))
			cand = round_page(bootinfo.bi_initrd_end);
		if (cand + size <= bootinfo.bi_mem[i].end &&
		    cand + size <= 0x100000000UL) {
			arena_next = cand;
			arena_end = cand + size;
			add_rsvd(arena_next, arena_end);
			return;
		}
	}
	panic("no room for the bootstrap page tables");
}

vm_paddr_t
boot_alloc_page(void)
{
	vm_paddr_t pa;

	if (arena_next >= arena_end)
		panic("bootstrap arena exhausted");
	pa = arena_next;
	arena_next += PAGE_SIZE;
	memset(pa2va(pa), 0, PAGE_SIZE);
	return (pa);
}

void
boot_parse(uint32_t magic, uint32_t info)
{
	if (magic == MB2_BOOT_MAGIC)
		parse_mb2(info);
	else if (magic == PVH_MARK)
		parse_pvh(info);
	else
		panic("unknown boot protocol (magic %#x)", magic);
	if (bootinfo.bi_nmem == 0)
		panic("the boot loader passed no memory map");
	/* The kernel image, including the boot page tables in .bss. */
	add_rsvd(KERNLOAD, round_page(KERN_TO_PHYS(_end)));
	arena_init();
	acpi_init(boot_rsdp);
	bootinfo.bi_ncpu = acpi_ncpu;
}
