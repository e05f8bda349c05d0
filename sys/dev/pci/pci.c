/*
 * The PCI bus: enumeration of every bus behind the host bridge (slots,
 * multi-function devices, PCI-PCI bridges), BAR sizing, assignment where
 * the firmware left BARs empty (aarch64 with a directly loaded kernel)
 * and mapping, capability walking, MSI/MSI-X and shared INTx set-up, the
 * driver registry, the one-line-per-device boot message and the
 * hw.pci.devices sysctl (the `pciconf -l' listing).  See <dev/pci/pcivar.h>.
 *
 * The scan runs once, in the main thread at SI_SUB_CONFIGURE; the device
 * list is not changed afterwards, so readers need no lock.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/spinlock.h>
#include <sys/sysctl.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>
#include <machine/pci_cfgreg.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

MALLOC_DEFINE(M_PCI, "pci", "PCI bus devices");

static TAILQ_HEAD(, pci_dev) pci_devs = TAILQ_HEAD_INITIALIZER(pci_devs);
static TAILQ_HEAD(, pci_driver) pci_drivers =
    TAILQ_HEAD_INITIALIZER(pci_drivers);
static int pci_ndevs;
static int pci_nbuses;			/* buses found */
static int pci_next_bus;		/* next number to give a bridge */
static uint8_t pci_bus_seen[PCI_MAXBUS / 8];

/* Windows BARs are assigned from, with the next free offset in each. */
#define PCI_MAXWIN	4
static struct pci_window pci_win[PCI_MAXWIN];
static uint64_t pci_win_next[PCI_MAXWIN];
static int pci_nwin;

SYSCTL_NODE(_hw, OID_AUTO, pci, CTLFLAG_RD, 0, "PCI bus");
SYSCTL_INT(_hw_pci, OID_AUTO, ndevices, CTLFLAG_RD, &pci_ndevs, 0,
    "PCI functions found");
SYSCTL_INT(_hw_pci, OID_AUTO, nbuses, CTLFLAG_RD, &pci_nbuses, 0,
    "PCI buses scanned");

uint32_t
pci_read_config(const struct pci_dev *pd, int reg, int width)
{
	return (pci_cfgread(pd->pd_bus, pd->pd_slot, pd->pd_func, reg,
	    width));
}

void
pci_write_config(const struct pci_dev *pd, int reg, uint32_t val, int width)
{
	pci_cfgwrite(pd->pd_bus, pd->pd_slot, pd->pd_func, reg, val, width);
}

/*
 * Walk the capability list.  A device may present a looping or wild
 * list; the walk is bounded (48 capabilities fit in 192 bytes) and
 * pointers below the header are rejected.
 */
int
pci_find_cap(const struct pci_dev *pd, int id, int after)
{
	int ptr, n;

	if ((pci_read_config(pd, PCIR_STATUS, 2) &
	    PCIM_STATUS_CAPPRESENT) == 0)
		return (0);
	if (after == 0)
		ptr = pci_read_config(pd, PCIR_CAP_PTR, 1) & 0xfc;
	else
		ptr = pci_read_config(pd, after + 1, 1) & 0xfc;
	for (n = 0; n < 48 && ptr >= 0x40; n++) {
		if ((int)pci_read_config(pd, ptr, 1) == id)
			return (ptr);
		ptr = pci_read_config(pd, ptr + 1, 1) & 0xfc;
	}
	return (0);
}

void
pci_enable_busmaster(struct pci_dev *pd)
{
	uint16_t cmd;

	cmd = pci_read_config(pd, PCIR_COMMAND, 2);
	pci_write_config(pd, PCIR_COMMAND, cmd | PCIM_CMD_BUSMASTEREN, 2);
}

volatile uint8_t *
pci_bar_va(struct pci_dev *pd, int i)
{
	struct pci_bar *b;

	if (i < 0 || i >= PCI_NBARS_DEVICE)
		return (NULL);
	b = &pd->pd_bar[i];
	if (b->type != PCI_BAR_MEM || b->cpu_addr == 0 || b->size == 0)
		return (NULL);
	/* Device registers live in the first megabytes; cap the KVA used. */
	if (b->va == NULL)
		b->va = pmap_mapdev(b->cpu_addr, MIN(b->size, 16UL << 20));
	return (b->va);
}

/* ---- BARs ------------------------------------------------------------- */

/* Give BAR `b' (already sized) an address from a window of its kind. */
static bool
pci_bar_assign(struct pci_bar *b)
{
	uint64_t off;
	int pass, i;

	/* 64-bit BARs prefer the high window, and fall back to 32-bit. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < pci_nwin; i++) {
			if (pci_win[i].pw_type != b->type)
				continue;
			if (b->type == PCI_BAR_MEM &&
			    pci_win[i].pw_64 != (b->is64 && pass == 0))
				continue;
			off = roundup2(pci_win_next[i], b->size);
			if (off < pci_win_next[i] || off + b->size < off ||
			    off + b->size > pci_win[i].pw_size)
				continue;
			/* Bus address 0 reads as "unassigned"; skip it. */
			if (pci_win[i].pw_pci + off == 0) {
				off = b->size;
				if (off + b->size > pci_win[i].pw_size)
					continue;
			}
			pci_win_next[i] = off + b->size;
			b->pci_addr = pci_win[i].pw_pci + off;
			b->cpu_addr = pci_win[i].pw_cpu + off;
			return (true);
		}
		if (!b->is64)
			break;
	}
	return (false);
}

/* The window translating bus address `a' of type `t', for CPU access. */
static uint64_t
pci_bar_cpu_addr(int t, uint64_t a, uint64_t size)
{
	int i;

	if (pci_nwin == 0)
		return (a);		/* firmware world: identity */
	for (i = 0; i < pci_nwin; i++) {
		if (pci_win[i].pw_type == t && a >= pci_win[i].pw_pci &&
		    a + size <= pci_win[i].pw_pci + pci_win[i].pw_size)
			return (pci_win[i].pw_cpu + (a - pci_win[i].pw_pci));
	}
	return (0);
}

/*
 * Size each BAR by writing all ones with decoding off, and assign the
 * empty ones when this port assigns.  Returns the command bits needed.
 */
static uint16_t
pci_bars_setup(struct pci_dev *pd, int nbars)
{
	struct pci_bar *b;
	uint32_t orig, lo, hi_orig, hi;
	uint64_t mask;
	uint16_t need = 0, cmd;
	int i, reg;

	cmd = pci_read_config(pd, PCIR_COMMAND, 2);
	pci_write_config(pd, PCIR_COMMAND,
	    cmd & ~(PCIM_CMD_PORTEN | PCIM_CMD_MEMEN), 2);
	for (i = 0; i < nbars; i++) {
		b = &pd->pd_bar[i];
		reg = PCIR_BAR(i);
		orig = pci_read_config(pd, reg, 4);
		pci_write_config(pd, reg, 0xffffffff, 4);
		lo = pci_read_config(pd, reg, 4);
		pci_write_config(pd, reg, orig, 4);
		if (lo == 0 || lo == 0xffffffff)
			continue;		/* unimplemented */
		if (lo & PCIM_BAR_IO) {
			b->type = PCI_BAR_IO;
			mask = (uint64_t)(lo & ~3U) | 0xffffffff00000000UL;
			/* Only the low 16 bits of an I/O BAR may decode. */
			b->size = (~mask + 1) & 0xffff;
			b->pci_addr = orig & ~3U;
		} else {
			b->type = PCI_BAR_MEM;
			b->prefetch = (lo & PCIM_BAR_MEM_PREFETCH) != 0;
			b->is64 = (lo & PCIM_BAR_MEM_TYPE) == PCIM_BAR_MEM_64 &&
			    i + 1 < nbars;
			mask = lo & ~0xfU;
			b->pci_addr = orig & ~0xfU;
			if (b->is64) {
				hi_orig = pci_read_config(pd, reg + 4, 4);
				pci_write_config(pd, reg + 4, 0xffffffff, 4);
				hi = pci_read_config(pd, reg + 4, 4);
				pci_write_config(pd, reg + 4, hi_orig, 4);
				mask |= (uint64_t)hi << 32;
				b->pci_addr |= (uint64_t)hi_orig << 32;
			} else
				mask |= 0xffffffff00000000UL;
			b->size = ~mask + 1;
		}
		/* A size that is not a power of two is a broken device. */
		if (b->size == 0 || (b->size & (b->size - 1)) != 0) {
			b->type = PCI_BAR_NONE;
			b->size = 0;
			if (b->is64)
				i++;
			continue;
		}
		if (b->pci_addr == 0 && pci_nwin > 0) {
			if (pci_bar_assign(b)) {
				pci_write_config(pd, reg, (uint32_t)b->pci_addr,
				    4);
				if (b->is64)
					pci_write_config(pd, reg + 4,
					    (uint32_t)(b->pci_addr >> 32), 4);
			}
		} else if (b->pci_addr != 0)
			b->cpu_addr = pci_bar_cpu_addr(b->type, b->pci_addr,
			    b->size);
		if (b->pci_addr != 0 && b->cpu_addr != 0)
			need |= b->type == PCI_BAR_IO ? PCIM_CMD_PORTEN :
			    PCIM_CMD_MEMEN;
		else
			b->cpu_addr = 0;
		if (b->is64)
			i++;			/* the upper half */
	}
	pci_write_config(pd, PCIR_COMMAND, cmd, 2);
	return (need);
}

/* ---- Enumeration --------------------------------------------------------- */

static void pci_scan_bus(int bus, int depth);

static void
pci_add_function(int bus, int slot, int func)
{
	struct pci_dev *pd;
	uint32_t id, cls;
	uint16_t need, cmd;
	int sec, sub;

	pd = kmalloc(sizeof(*pd), M_PCI, M_WAITOK | M_ZERO);
	pd->pd_bus = bus;
	pd->pd_slot = slot;
	pd->pd_func = func;
	id = pci_read_config(pd, PCIR_VENDOR, 4);
	pd->pd_vendor = id & 0xffff;
	pd->pd_device = id >> 16;
	cls = pci_read_config(pd, PCIR_REVID, 4);
	pd->pd_revid = cls & 0xff;
	pd->pd_progif = (cls >> 8) & 0xff;
	pd->pd_subclass = (cls >> 16) & 0xff;
	pd->pd_class = cls >> 24;
	pd->pd_hdrtype = pci_read_config(pd, PCIR_HDRTYPE, 1) & PCIM_HDRTYPE;
	pd->pd_irq = -1;
	TAILQ_INSERT_TAIL(&pci_devs, pd, pd_link);
	pci_ndevs++;

	if (pd->pd_hdrtype == PCIM_HDRTYPE_BRIDGE) {
		need = pci_bars_setup(pd, PCI_NBARS_BRIDGE);
		sec = pci_read_config(pd, PCIR_SECBUS_1, 1);
		if (sec == 0 || sec <= bus) {
			/* Unnumbered (no firmware): give it the next bus. */
			if (pci_next_bus >= PCI_MAXBUS)
				return;
			sec = pci_next_bus++;
			pci_write_config(pd, PCIR_PRIBUS_1, bus, 1);
			pci_write_config(pd, PCIR_SECBUS_1, sec, 1);
			pci_write_config(pd, PCIR_SUBBUS_1, 0xff, 1);
			pci_scan_bus(sec, 1);
			pci_write_config(pd, PCIR_SUBBUS_1, pci_next_bus - 1,
			    1);
		} else {
			sub = pci_read_config(pd, PCIR_SUBBUS_1, 1);
			if (sec >= pci_next_bus)
				pci_next_bus = sec + 1;
			if (sub >= pci_next_bus)
				pci_next_bus = sub + 1;
			pci_scan_bus(sec, 1);
		}
		cmd = pci_read_config(pd, PCIR_COMMAND, 2);
		pci_write_config(pd, PCIR_COMMAND, cmd | need |
		    PCIM_CMD_MEMEN | PCIM_CMD_PORTEN | PCIM_CMD_BUSMASTEREN, 2);
		return;
	}
	if (pd->pd_hdrtype != PCIM_HDRTYPE_NORMAL)
		return;			/* CardBus: listed, not configured */
	pd->pd_subvendor = pci_read_config(pd, PCIR_SUBVEND_0, 2);
	pd->pd_subdevice = pci_read_config(pd, PCIR_SUBDEV_0, 2);
	pd->pd_intpin = pci_read_config(pd, PCIR_INTPIN, 1);
	pd->pd_intline = pci_read_config(pd, PCIR_INTLINE, 1);
	if (pd->pd_intpin > 4)
		pd->pd_intpin = 0;
	if (pd->pd_intpin != 0)
		pd->pd_irq = pci_intx_route(bus, slot, func, pd->pd_intpin,
		    pd->pd_intline);
	pd->pd_msi_cap = pci_find_cap(pd, PCIY_MSI, 0);
	pd->pd_msix_cap = pci_find_cap(pd, PCIY_MSIX, 0);
	pd->pd_pcie_cap = pci_find_cap(pd, PCIY_EXPRESS, 0);
	need = pci_bars_setup(pd, PCI_NBARS_DEVICE);
	if (need != 0) {
		cmd = pci_read_config(pd, PCIR_COMMAND, 2);
		pci_write_config(pd, PCIR_COMMAND, cmd | need, 2);
	}
}

static void
pci_scan_bus(int bus, int depth)
{
	uint32_t id;
	int slot, func, nfunc;

	if (bus < 0 || bus >= PCI_MAXBUS || depth > 16 ||
	    (pci_bus_seen[bus / 8] & (1 << (bus % 8))) != 0)
		return;			/* a loop of bridges */
	pci_bus_seen[bus / 8] |= 1 << (bus % 8);
	pci_nbuses++;
	for (slot = 0; slot < PCI_MAXSLOT; slot++) {
		id = pci_cfgread(bus, slot, 0, PCIR_VENDOR, 4);
		if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
			continue;
		nfunc = (pci_cfgread(bus, slot, 0, PCIR_HDRTYPE, 1) &
		    PCIM_MFDEV) ? PCI_MAXFUNC : 1;
		for (func = 0; func < nfunc; func++) {
			id = pci_cfgread(bus, slot, func, PCIR_VENDOR, 4);
			if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
				continue;
			pci_add_function(bus, slot, func);
		}
	}
}

/* ---- Interrupts ---------------------------------------------------------- */

/*
 * INTx lines are level-triggered and may be shared: one dispatcher per
 * line calls every handler on it.  Handlers are only appended; the count
 * is published after the entry is written.
 */
#define PCI_INTX_LINES	16
#define PCI_INTX_SHARE	8
struct pci_intx {
	int		pi_irq;
	volatile int	pi_n;
	struct {
		void	(*func)(void *);
		void	*arg;
	}		pi_h[PCI_INTX_SHARE];
};
static struct pci_intx pci_intx[PCI_INTX_LINES];
static struct spinlock pci_intx_spin = SPINLOCK_INITIALIZER("pci_intx");

static void
pci_intx_dispatch(void *arg)
{
	struct pci_intx *pi = arg;
	int i, n;

	n = pi->pi_n;
	cpu_lfence();
	for (i = 0; i < n; i++)
		pi->pi_h[i].func(pi->pi_h[i].arg);
}

static int
pci_intx_add(int irq, void (*handler)(void *), void *arg)
{
	struct pci_intx *pi = NULL;
	int i, error = 0;
	bool fresh = false;

	spin_lock(&pci_intx_spin);
	for (i = 0; i < PCI_INTX_LINES; i++) {
		if (pci_intx[i].pi_n > 0 && pci_intx[i].pi_irq == irq) {
			pi = &pci_intx[i];
			break;
		}
	}
	if (pi == NULL) {
		for (i = 0; i < PCI_INTX_LINES; i++) {
			if (pci_intx[i].pi_n == 0) {
				pi = &pci_intx[i];
				pi->pi_irq = irq;
				fresh = true;
				break;
			}
		}
	}
	if (pi == NULL || pi->pi_n >= PCI_INTX_SHARE) {
		spin_unlock(&pci_intx_spin);
		return (ENOSPC);
	}
	pi->pi_h[pi->pi_n].func = handler;
	pi->pi_h[pi->pi_n].arg = arg;
	cpu_sfence();
	pi->pi_n++;
	spin_unlock(&pci_intx_spin);
	if (fresh) {
		error = intr_establish(irq, pci_intx_dispatch, pi);
		if (error != 0) {
			spin_lock(&pci_intx_spin);
			pi->pi_n = 0;
			spin_unlock(&pci_intx_spin);
		}
	}
	return (error);
}

/* The requester id a function's messages carry. */
#define PCI_RID(pd)	((pd)->pd_bus << 8 | (pd)->pd_slot << 3 | (pd)->pd_func)

static int
pci_setup_msix(struct pci_dev *pd, void (*handler)(void *), void *arg)
{
	volatile uint8_t *tab;
	uint64_t addr;
	uint32_t data, t;
	uint16_t ctrl;
	int cap = pd->pd_msix_cap, bir;

	t = pci_read_config(pd, cap + PCIR_MSIX_TABLE, 4);
	bir = t & PCIM_MSIX_BIR_MASK;
	if (bir >= PCI_NBARS_DEVICE ||
	    (tab = pci_bar_va(pd, bir)) == NULL ||
	    (t & ~7U) + PCI_MSIX_ENTRY_SIZE > pd->pd_bar[bir].size)
		return (ENXIO);
	tab += t & ~7U;
	if (msi_establish(PCI_RID(pd), handler, arg, &addr, &data) != 0)
		return (ENOSPC);
	ctrl = pci_read_config(pd, cap + PCIR_MSIX_CTRL, 2);
	/* Mask the function while the table is written. */
	pci_write_config(pd, cap + PCIR_MSIX_CTRL, ctrl |
	    PCIM_MSIXCTRL_MSIX_ENABLE | PCIM_MSIXCTRL_FUNCTION_MASK, 2);
	*(volatile uint32_t *)(tab + PCI_MSIX_ENTRY_ADDR_LO) = (uint32_t)addr;
	*(volatile uint32_t *)(tab + PCI_MSIX_ENTRY_ADDR_HI) =
	    (uint32_t)(addr >> 32);
	*(volatile uint32_t *)(tab + PCI_MSIX_ENTRY_DATA) = data;
	*(volatile uint32_t *)(tab + PCI_MSIX_ENTRY_CTRL) = 0;
	cpu_mfence();
	pci_write_config(pd, cap + PCIR_MSIX_CTRL,
	    (ctrl | PCIM_MSIXCTRL_MSIX_ENABLE) & ~PCIM_MSIXCTRL_FUNCTION_MASK,
	    2);
	return (0);
}

static int
pci_setup_msi(struct pci_dev *pd, void (*handler)(void *), void *arg)
{
	uint64_t addr;
	uint32_t data;
	uint16_t ctrl;
	int cap = pd->pd_msi_cap;

	ctrl = pci_read_config(pd, cap + PCIR_MSI_CTRL, 2);
	if (msi_establish(PCI_RID(pd), handler, arg, &addr, &data) != 0)
		return (ENOSPC);
	pci_write_config(pd, cap + PCIR_MSI_ADDR, (uint32_t)addr, 4);
	if (ctrl & PCIM_MSICTRL_64BIT) {
		pci_write_config(pd, cap + PCIR_MSI_ADDR_HIGH,
		    (uint32_t)(addr >> 32), 4);
		pci_write_config(pd, cap + PCIR_MSI_DATA_64BIT, data, 2);
	} else
		pci_write_config(pd, cap + PCIR_MSI_DATA, data, 2);
	/* One message (MME 0), enabled. */
	ctrl &= ~PCIM_MSICTRL_MME_MASK;
	pci_write_config(pd, cap + PCIR_MSI_CTRL,
	    ctrl | PCIM_MSICTRL_MSI_ENABLE, 2);
	return (0);
}

/*
 * One interrupt for the function.  Message-signalled interrupts turn the
 * INTx pin off; with INTx the pin is turned on.  A failure of MSI-X or
 * MSI (no table BAR, no vector, no MSI controller) falls through to the
 * next kind.  pci.nomsi=1 on the command line forces INTx.
 */
int
pci_intr_establish(struct pci_dev *pd, void (*handler)(void *), void *arg)
{
	uint16_t cmd;
	int error;

	cmd = pci_read_config(pd, PCIR_COMMAND, 2);
	if (!kgetenv_bool("pci.nomsi")) {
		if (pd->pd_msix_cap != 0 &&
		    pci_setup_msix(pd, handler, arg) == 0) {
			pci_write_config(pd, PCIR_COMMAND,
			    cmd | PCIM_CMD_INTxDIS, 2);
			return (pd->pd_intr_mode = PCI_INTR_MSIX);
		}
		if (pd->pd_msi_cap != 0 &&
		    pci_setup_msi(pd, handler, arg) == 0) {
			pci_write_config(pd, PCIR_COMMAND,
			    cmd | PCIM_CMD_INTxDIS, 2);
			return (pd->pd_intr_mode = PCI_INTR_MSI);
		}
	}
	if (pd->pd_irq < 0)
		return (-ENXIO);
	error = pci_intx_add(pd->pd_irq, handler, arg);
	if (error != 0)
		return (-error);
	pci_write_config(pd, PCIR_COMMAND, cmd & ~PCIM_CMD_INTxDIS, 2);
	return (pd->pd_intr_mode = PCI_INTR_INTX);
}

/* ---- Drivers ------------------------------------------------------------- */

void
pci_driver_register(struct pci_driver *drv)
{
	TAILQ_INSERT_TAIL(&pci_drivers, drv, pdr_link);
}

static const char *
pci_intr_name(int mode)
{
	switch (mode) {
	case PCI_INTR_INTX:
		return ("intx");
	case PCI_INTR_MSI:
		return ("msi");
	case PCI_INTR_MSIX:
		return ("msix");
	default:
		return ("none");
	}
}

/* Which message-signalled kinds the function offers. */
static const char *
pci_msicap_name(const struct pci_dev *pd)
{
	if (pd->pd_msi_cap != 0 && pd->pd_msix_cap != 0)
		return ("msi,msix");
	if (pd->pd_msix_cap != 0)
		return ("msix");
	if (pd->pd_msi_cap != 0)
		return ("msi");
	return ("none");
}

/* The pciconf -l style line for one function, into buf. */
static int
pci_describe(const struct pci_dev *pd, char *buf, size_t len, int none)
{
	char name[20];

	if (pd->pd_name[0] != '\0')
		strlcpy(name, pd->pd_name, sizeof(name));
	else
		ksnprintf(name, sizeof(name), "none%d", none);
	return (ksnprintf(buf, len, "%s@pci0:%d:%d:%d:\tclass=0x%02x%02x%02x "
	    "rev=0x%02x hdr=0x%02x vendor=0x%04x device=0x%04x "
	    "subvendor=0x%04x subdevice=0x%04x msicap=%s intr=%s\n", name,
	    pd->pd_bus,
	    pd->pd_slot, pd->pd_func, pd->pd_class, pd->pd_subclass,
	    pd->pd_progif, pd->pd_revid, pd->pd_hdrtype, pd->pd_vendor,
	    pd->pd_device, pd->pd_subvendor, pd->pd_subdevice,
	    pci_msicap_name(pd), pci_intr_name(pd->pd_intr_mode)));
}

static void
pci_configure(void *arg)
{
	struct pci_driver *drv;
	struct pci_dev *pd;
	char line[256];
	int i, none = 0;

	pci_nwin = pci_windows(pci_win, PCI_MAXWIN);
	for (i = 0; i < pci_nwin; i++)
		pci_win_next[i] = 0;
	pci_next_bus = 1;
	pci_scan_bus(0, 0);

	TAILQ_FOREACH(pd, &pci_devs, pd_link) {
		if (pd->pd_hdrtype != PCIM_HDRTYPE_NORMAL)
			continue;
		TAILQ_FOREACH(drv, &pci_drivers, pdr_link) {
			if (drv->pdr_probe(pd) != 0)
				continue;
			pd->pd_driver = drv;
			ksnprintf(pd->pd_name, sizeof(pd->pd_name), "%s%d",
			    drv->pdr_name, drv->pdr_nunits);
			if (drv->pdr_attach(pd, drv->pdr_nunits) == 0) {
				drv->pdr_nunits++;
				break;
			}
			kprintf("%s: attach failed\n", pd->pd_name);
			pd->pd_driver = NULL;
			pd->pd_softc = NULL;
			pd->pd_name[0] = '\0';
		}
	}
	TAILQ_FOREACH(pd, &pci_devs, pd_link) {
		pci_describe(pd, line, sizeof(line), none);
		if (pd->pd_name[0] == '\0')
			none++;
		kprintf("pci: %s", line);
	}
}
SYSINIT(pci_configure, SI_SUB_CONFIGURE, SI_ORDER_MIDDLE, pci_configure, NULL);

/* hw.pci.devices: every function, one pciconf -l line each. */
static int
sysctl_pci_devices(SYSCTL_HANDLER_ARGS)
{
	struct pci_dev *pd;
	char line[256];
	int error = 0, none = 0, n;

	TAILQ_FOREACH(pd, &pci_devs, pd_link) {
		n = pci_describe(pd, line, sizeof(line), none);
		if (pd->pd_name[0] == '\0')
			none++;
		error = SYSCTL_OUT(req, line, MIN((size_t)n,
		    sizeof(line) - 1));
		if (error != 0)
			return (error);
	}
	return (SYSCTL_OUT(req, "", 1));
}
SYSCTL_PROC(_hw_pci, OID_AUTO, devices, CTLTYPE_STRING | CTLFLAG_RD, NULL, 0,
    sysctl_pci_devices, "A", "PCI functions, as pciconf -l lists them");

/* hw.pci.msi: the machine's MSI controller ("lapic", "gicv2m", "none"). */
static int
sysctl_pci_msi(SYSCTL_HANDLER_ARGS)
{
	const char *c = msi_controller();

	return (SYSCTL_OUT(req, c, strlen(c) + 1));
}
SYSCTL_PROC(_hw_pci, OID_AUTO, msi, CTLTYPE_STRING | CTLFLAG_RD, NULL, 0,
    sysctl_pci_msi, "A", "MSI controller, none if MSI cannot be used");
