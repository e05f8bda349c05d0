/*
 * Flattened device tree reader.  Runs once on the boot CPU, before the
 * console, over the DTB QEMU (or a boot loader) passed in x0, and fills
 * `platform' (devices the machine layer drives or records for drivers)
 * and the MI `bootinfo' (RAM, command line, initrd, CPU count).
 *
 * The DTB is untrusted input: every offset and length is checked against
 * the blob's own header and the window it was mapped through, so a
 * malformed tree yields an error or missing devices, never a fault.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bootinfo.h>
#include <machine/machdep.h>

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAXDEPTH	16

struct platform platform;
static int gic_addr_cells = -1;		/* the GIC's #address-cells */

struct fdt {
	const uint8_t	*base;
	uint32_t	 off_struct, size_struct;
	uint32_t	 off_strings, size_strings;
};

/* What we keep of a node until its END_NODE token. */
struct fdt_node {
	const char	*name;
	int		 addr_cells;	/* for its children */
	int		 size_cells;
	const uint8_t	*compat;	int compat_len;
	const uint8_t	*reg;		int reg_len;
	const uint8_t	*intr;		int intr_len;
	const uint8_t	*ranges;	int ranges_len;
	const uint8_t	*busrange;	int busrange_len;
	const uint8_t	*imap;		int imap_len;
	const uint8_t	*imask;		int imask_len;
	const uint8_t	*msimap;	int msimap_len;
	const char	*devtype;
	const char	*method;	int method_len;
	bool		 disabled;
};

static uint32_t
be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static uint64_t
cells(const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | be32(p + 4 * i);
	return (v);
}

size_t
fdt_totalsize(const void *dtb, size_t maxlen)
{
	const uint8_t *p = dtb;

	if (maxlen < 40 || be32(p) != FDT_MAGIC)
		return (0);
	return (be32(p + 4));
}

/* Is `want' one of the NUL-separated strings of a compatible property? */
static bool
compat_has(const struct fdt_node *n, const char *want)
{
	const char *s = (const char *)n->compat;
	int left = n->compat_len, l;

	while (left > 0) {
		l = strnlen(s, left);
		if (l == left)		/* unterminated: ignore the rest */
			return (false);
		if (strcmp(s, want) == 0)
			return (true);
		s += l + 1;
		left -= l + 1;
	}
	return (false);
}

/* The i-th (address, size) pair of reg, using the parent's cell sizes. */
static bool
reg_get(const struct fdt_node *n, const struct fdt_node *parent, int i,
    uint64_t *addr, uint64_t *size)
{
	int ac = parent->addr_cells, sc = parent->size_cells, stride;

	/* The cell counts come from the tree: check them before using them. */
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || n->reg == NULL)
		return (false);
	stride = 4 * (ac + sc);
	if (i < 0 || (i + 1) * stride > n->reg_len)
		return (false);
	*addr = cells(n->reg + i * stride, ac);
	*size = sc ? cells(n->reg + i * stride + 4 * ac, sc) : 0;
	return (true);
}

/* GIC interrupt specifier i (3 cells): SPI n -> 32 + n, PPI n -> 16 + n. */
static int
intr_get(const struct fdt_node *n, int i)
{
	uint32_t type, num;

	if (n->intr == NULL || (i + 1) * 12 > n->intr_len)
		return (-1);
	type = be32(n->intr + i * 12);
	num = be32(n->intr + i * 12 + 4);
	if (num > 987)
		return (-1);
	return (type == 1 ? 16 + num : 32 + num);
}

static bool
name_is(const char *name, const char *base)
{
	size_t l = strlen(base);

	return (strncmp(name, base, l) == 0 &&
	    (name[l] == '\0' || name[l] == '@'));
}

static void
add_range(struct bi_range *tab, int *np, int max, uint64_t start,
    uint64_t len)
{
	if (len == 0 || start + len < start || *np >= max)
		return;
	tab[*np].start = start;
	tab[*np].end = start + len;
	(*np)++;
}

/* Copy a property string that may lack its NUL. */
static void
prop_str(char *dst, size_t dsz, const uint8_t *val, int len)
{
	size_t i;

	for (i = 0; i + 1 < dsz && i < (size_t)len && val[i] != '\0'; i++)
		dst[i] = val[i];
	dst[i] = '\0';
}

/*
 * The PCI host bridge's interrupt-map: entries of (3-cell child address,
 * 1-cell pin, parent phandle, parent address, 3-cell GIC specifier).  The
 * parent's address width is the GIC's #address-cells, which QEMU's tree
 * declares before the bridge; a map of another shape is ignored (the PCI
 * code then falls back to the standard swizzle).
 */
static void
pci_imap_parse(const struct fdt_node *n)
{
	const uint8_t *e;
	uint32_t type, num;		/* unsigned: a huge one is not < 988 */
	int i, pac, stride;

	if (n->imap == NULL || n->imask == NULL || n->imask_len != 16 ||
	    gic_addr_cells < 0 || gic_addr_cells > 2)
		return;
	for (i = 0; i < 4; i++)
		platform.ecam_imap_mask[i] = be32(n->imask + 4 * i);
	pac = gic_addr_cells;
	stride = 4 * (3 + 1 + 1 + pac + 3);
	if (n->imap_len % stride != 0)
		return;
	for (i = 0; (i + 1) * stride <= n->imap_len && i < PLAT_MAXIMAP; i++) {
		e = n->imap + i * stride;
		type = be32(e + 4 * (5 + pac));
		num = be32(e + 4 * (6 + pac));
		if (num > 987)
			return;
		platform.ecam_imap[i].physhi = be32(e);
		platform.ecam_imap[i].pin = be32(e + 12);
		platform.ecam_imap[i].irq = type == 1 ? 16 + num : 32 + num;
	}
	platform.ecam_nimap = i;
}

static void
node_done(struct fdt_node *stk, int depth)
{
	struct fdt_node *n = &stk[depth], *parent = &stk[depth - 1];
	uint64_t a, s;
	int i, irq;

	if (n->disabled)
		return;
	if ((n->devtype != NULL && strcmp(n->devtype, "memory") == 0) ||
	    (depth == 1 && name_is(n->name, "memory"))) {
		for (i = 0; reg_get(n, parent, i, &a, &s); i++)
			add_range(bootinfo.bi_mem, &bootinfo.bi_nmem,
			    BI_MAXMEM, a, s);
		return;
	}
	if (depth == 2 && name_is(parent->name, "cpus") &&
	    n->devtype != NULL && strcmp(n->devtype, "cpu") == 0) {
		if (n->reg != NULL && parent->addr_cells >= 1 &&
		    parent->addr_cells <= 2 &&
		    n->reg_len >= 4 * parent->addr_cells &&
		    platform.ncpu < SMP_MAXCPU)
			platform.cpu_mpidr[platform.ncpu++] =
			    cells(n->reg, parent->addr_cells);
		return;
	}
	if (compat_has(n, "arm,gic-v3") || compat_has(n, "arm,cortex-a15-gic") ||
	    compat_has(n, "arm,gic-400"))
		gic_addr_cells = n->addr_cells;
	/*
	 * The GICv2m MSI frame is a child of the GIC node (its reg in the
	 * GIC's cells).  Only the first frame is used: QEMU virt has one.
	 */
	if (compat_has(n, "arm,gic-v2m-frame")) {
		if (platform.v2m_pa == 0 && reg_get(n, parent, 0, &a, &s) &&
		    a != 0 && s >= 0x1000) {
			platform.v2m_pa = a;
			platform.v2m_size = s;
		}
		return;
	}
	/* The GICv3 ITS, also a child of the GIC node; the first one. */
	if (compat_has(n, "arm,gic-v3-its")) {
		if (platform.its_pa == 0 && reg_get(n, parent, 0, &a, &s) &&
		    a != 0 && s >= 0x20000) {
			platform.its_pa = a;
			platform.its_size = s;
		}
		return;
	}
	if (compat_has(n, "arm,gic-v3")) {
		if (reg_get(n, parent, 0, &platform.gicd_pa,
		    &platform.gicd_size) && reg_get(n, parent, 1,
		    &platform.gicr_pa, &platform.gicr_size))
			platform.gic_version = 3;
		return;
	}
	if (compat_has(n, "arm,cortex-a15-gic") || compat_has(n, "arm,gic-400")) {
		if (reg_get(n, parent, 0, &platform.gicd_pa,
		    &platform.gicd_size) && reg_get(n, parent, 1,
		    &platform.gicc_pa, &platform.gicc_size))
			platform.gic_version = 2;
		return;
	}
	if (compat_has(n, "arm,armv8-timer") || compat_has(n, "arm,armv7-timer")) {
		platform.timer_phys_irq = intr_get(n, 1);
		platform.timer_virt_irq = intr_get(n, 2);
		return;
	}
	if (compat_has(n, "arm,pl011")) {
		if (platform.uart_pa == 0 && reg_get(n, parent, 0, &a, &s)) {
			platform.uart_pa = a;
			platform.uart_irq = intr_get(n, 0);
		}
		return;
	}
	if (compat_has(n, "arm,pl031")) {
		if (platform.rtc_pa == 0 && reg_get(n, parent, 0, &a, &s) &&
		    s >= 4)
			platform.rtc_pa = a;
		return;
	}
	if (compat_has(n, "arm,psci-1.0") || compat_has(n, "arm,psci-0.2") ||
	    compat_has(n, "arm,psci")) {
		if (n->method != NULL && n->method_len >= 4 &&
		    strncmp(n->method, "hvc", 4) == 0)
			platform.psci_method = PSCI_HVC;
		else if (n->method != NULL && n->method_len >= 4 &&
		    strncmp(n->method, "smc", 4) == 0)
			platform.psci_method = PSCI_SMC;
		return;
	}
	if (compat_has(n, "pci-host-ecam-generic")) {
		if (!reg_get(n, parent, 0, &platform.ecam_pa,
		    &platform.ecam_size))
			return;
		platform.ecam_bus_min = 0;
		platform.ecam_bus_max = 255;
		/*
		 * msi-map: (requester-id base, MSI controller phandle,
		 * device-id base, length); the first entry is used (QEMU
		 * virt maps every requester id to the same device id).
		 */
		if (n->msimap != NULL && n->msimap_len >= 16) {
			platform.msimap_rid = be32(n->msimap);
			platform.msimap_devid = be32(n->msimap + 8);
			platform.msimap_len = be32(n->msimap + 12);
		}
		if (n->busrange != NULL && n->busrange_len >= 8) {
			platform.ecam_bus_min = be32(n->busrange) & 0xff;
			platform.ecam_bus_max = be32(n->busrange + 4) & 0xff;
		}
		/* ranges: 3 PCI cells, parent address cells, 2 size cells */
		if (n->ranges != NULL && n->addr_cells == 3 &&
		    n->size_cells == 2 && parent->addr_cells >= 1 &&
		    parent->addr_cells <= 2) {
			int stride = 4 * (3 + parent->addr_cells + 2);

			for (i = 0; (i + 1) * stride <= n->ranges_len &&
			    i < PLAT_MAXRANGES; i++) {
				const uint8_t *r = n->ranges + i * stride;
				struct plat_range *pr =
				    &platform.ecam_ranges[i];

				pr->pr_flags = be32(r);
				pr->pr_pci = cells(r + 4, 2);
				pr->pr_cpu = cells(r + 12, parent->addr_cells);
				pr->pr_size = cells(r + 12 +
				    4 * parent->addr_cells, 2);
			}
			platform.ecam_nranges = i;
		}
		pci_imap_parse(n);
		return;
	}
	if (compat_has(n, "virtio,mmio")) {
		irq = intr_get(n, 0);
		if (platform.nvirtio < PLAT_MAXVIRTIO &&
		    reg_get(n, parent, 0, &a, &s)) {
			platform.virtio[platform.nvirtio].pa = a;
			platform.virtio[platform.nvirtio].size = s;
			platform.virtio[platform.nvirtio].irq = irq;
			platform.nvirtio++;
		}
		return;
	}
}

/* A property of the node at stk[depth]; /chosen is handled right here. */
static void
node_prop(struct fdt_node *stk, int depth, const char *name,
    const uint8_t *val, int len)
{
	struct fdt_node *n = &stk[depth];

	if (strcmp(name, "#address-cells") == 0 && len == 4)
		n->addr_cells = be32(val);
	else if (strcmp(name, "#size-cells") == 0 && len == 4)
		n->size_cells = be32(val);
	else if (strcmp(name, "compatible") == 0) {
		n->compat = val;
		n->compat_len = len;
	} else if (strcmp(name, "reg") == 0) {
		n->reg = val;
		n->reg_len = len;
	} else if (strcmp(name, "interrupts") == 0) {
		n->intr = val;
		n->intr_len = len;
	} else if (strcmp(name, "ranges") == 0) {
		n->ranges = val;
		n->ranges_len = len;
	} else if (strcmp(name, "interrupt-map") == 0) {
		n->imap = val;
		n->imap_len = len;
	} else if (strcmp(name, "interrupt-map-mask") == 0) {
		n->imask = val;
		n->imask_len = len;
	} else if (strcmp(name, "msi-map") == 0) {
		n->msimap = val;
		n->msimap_len = len;
	} else if (strcmp(name, "bus-range") == 0) {
		n->busrange = val;
		n->busrange_len = len;
	} else if (strcmp(name, "device_type") == 0) {
		if (len > 0 && val[len - 1] == '\0')
			n->devtype = (const char *)val;
	} else if (strcmp(name, "method") == 0) {
		n->method = (const char *)val;
		n->method_len = len;
	} else if (strcmp(name, "status") == 0) {
		n->disabled = !(len >= 5 && strncmp((const char *)val,
		    "okay", 4) == 0);
	}

	if (depth == 0 && strcmp(name, "model") == 0 && len > 0)
		prop_str(platform.model, sizeof(platform.model), val, len);
	if (depth != 1 || !name_is(n->name, "chosen"))
		return;
	if (strcmp(name, "bootargs") == 0 && len > 0)
		prop_str(bootinfo.bi_cmdline, sizeof(bootinfo.bi_cmdline),
		    val, len);
	else if (strcmp(name, "linux,initrd-start") == 0 &&
	    (len == 4 || len == 8))
		bootinfo.bi_initrd_start = cells(val, len / 4);
	else if (strcmp(name, "linux,initrd-end") == 0 &&
	    (len == 4 || len == 8))
		bootinfo.bi_initrd_end = cells(val, len / 4);
}

int
fdt_parse(const void *dtb, size_t maxlen)
{
	struct fdt f;
	struct fdt_node stk[FDT_MAXDEPTH];
	const uint8_t *p = dtb;
	uint32_t total, off, tok, len, nameoff;
	int depth = -1;
	size_t l;

	total = fdt_totalsize(dtb, maxlen);
	if (total < 40 || total > maxlen)
		return (EINVAL);
	f.base = p;
	f.off_struct = be32(p + 8);
	f.off_strings = be32(p + 12);
	f.size_strings = be32(p + 32);
	f.size_struct = be32(p + 36);
	if (be32(p + 20) < 16 || f.off_struct > total ||
	    f.size_struct > total - f.off_struct || f.off_strings > total ||
	    f.size_strings > total - f.off_strings)
		return (EINVAL);

	platform.uart_irq = -1;
	platform.timer_virt_irq = 27;	/* architectural defaults */
	platform.timer_phys_irq = 30;
	off = 0;
	while (off + 4 <= f.size_struct) {
		tok = be32(p + f.off_struct + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			l = strnlen((const char *)p + f.off_struct + off,
			    f.size_struct - off);
			if (l == f.size_struct - off ||
			    depth + 1 >= FDT_MAXDEPTH)
				return (EINVAL);
			depth++;
			memset(&stk[depth], 0, sizeof(stk[depth]));
			stk[depth].name = (const char *)p + f.off_struct + off;
			stk[depth].addr_cells = 2;
			stk[depth].size_cells = 1;
			off += roundup2(l + 1, 4);
			break;
		case FDT_END_NODE:
			if (depth < 0)
				return (EINVAL);
			if (depth > 0)
				node_done(stk, depth);
			depth--;
			break;
		case FDT_PROP:
			if (depth < 0 || off + 8 > f.size_struct)
				return (EINVAL);
			len = be32(p + f.off_struct + off);
			nameoff = be32(p + f.off_struct + off + 4);
			off += 8;
			if (len > f.size_struct - off ||
			    nameoff >= f.size_strings)
				return (EINVAL);
			l = strnlen((const char *)p + f.off_strings + nameoff,
			    f.size_strings - nameoff);
			if (l == f.size_strings - nameoff)
				return (EINVAL);
			node_prop(stk, depth,
			    (const char *)p + f.off_strings + nameoff,
			    p + f.off_struct + off, len);
			off += roundup2(len, 4);
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			goto done;
		default:
			return (EINVAL);
		}
	}
done:
	bootinfo.bi_ncpu = platform.ncpu > 0 ? platform.ncpu : 1;
	if (bootinfo.bi_initrd_end <= bootinfo.bi_initrd_start)
		bootinfo.bi_initrd_start = bootinfo.bi_initrd_end = 0;
	return (0);
}
