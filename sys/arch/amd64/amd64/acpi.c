/*
 * Just enough ACPI for the machine layer, read once at boot: the MADT
 * (CPUs' local APIC ids, IOAPICs, ISA interrupt overrides), MCFG (PCIe
 * ECAM base, kept for the PCI code), HPET (noted), and the FADT for
 * power-off (PM1a control with the \_S5 sleep type dug out of the DSDT)
 * and reset (the FADT reset register).  Without ACPI the legacy
 * defaults stand: one CPU, the IOAPIC at 0xfec00000, identity ISA IRQs.
 * Tables are read through the direct map.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

struct acpi_sdt {
	char		sig[4];
	uint32_t	len;
	uint8_t		rev;
	uint8_t		csum;
	char		oemid[6];
	char		oemtable[8];
	uint32_t	oemrev;
	uint32_t	creator;
	uint32_t	creatorrev;
} __packed;

struct acpi_rsdp {
	char		sig[8];
	uint8_t		csum;
	char		oemid[6];
	uint8_t		rev;
	uint32_t	rsdt;
	uint32_t	len;
	uint64_t	xsdt;
	uint8_t		xcsum;
	uint8_t		rsvd[3];
} __packed;

int acpi_ncpu = 1;
uint32_t acpi_lapic_ids[SMP_MAXCPU];
vm_paddr_t acpi_lapic_pa = 0xfee00000;
int acpi_nioapic;
struct ioapic_info acpi_ioapics[MAXIOAPIC];
uint32_t acpi_irq_gsi[16];
uint16_t acpi_irq_flags[16];
vm_paddr_t acpi_mcfg_pa;
uint8_t acpi_mcfg_bus_end;
vm_paddr_t acpi_hpet_pa;

static uint32_t pm1a_cnt, pm1b_cnt;
static uint16_t slp_typa, slp_typb;
static int s5_valid;
static struct {
	uint8_t		space;		/* 0 memory, 1 I/O */
	uint64_t	addr;
	uint8_t		value;
	int		valid;
} acpi_resetreg;

static void *
pa2va(vm_paddr_t pa)
{
	return ((void *)PHYS_TO_DMAP(pa));
}

static bool
acpi_csum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len-- > 0)
		sum += *b++;
	return (sum == 0);
}

static vm_paddr_t
rsdp_scan(vm_paddr_t start, vm_paddr_t end)
{
	vm_paddr_t pa;

	for (pa = start; pa + 20 <= end; pa += 16)
		if (memcmp(pa2va(pa), "RSD PTR ", 8) == 0 &&
		    acpi_csum_ok(pa2va(pa), 20))
			return (pa);
	return (0);
}

static void
madt_parse(struct acpi_sdt *h)
{
	uint8_t *p = (uint8_t *)h + 44, *end = (uint8_t *)h + h->len;
	int n = 0;

	acpi_lapic_pa = *(uint32_t *)((uint8_t *)h + 36);
	while (p + 2 <= end && p[1] >= 2) {
		switch (p[0]) {
		case 0:		/* processor local APIC */
			if ((*(uint32_t *)(p + 4) & 3) != 0 && n < SMP_MAXCPU)
				acpi_lapic_ids[n++] = p[3];
			break;
		case 1:		/* IOAPIC */
			if (acpi_nioapic < MAXIOAPIC) {
				acpi_ioapics[acpi_nioapic].id = p[2];
				acpi_ioapics[acpi_nioapic].pa =
				    *(uint32_t *)(p + 4);
				acpi_ioapics[acpi_nioapic].gsi_base =
				    *(uint32_t *)(p + 8);
				acpi_nioapic++;
			}
			break;
		case 2:		/* interrupt source override */
			if (p[2] == 0 && p[3] < 16) {
				acpi_irq_gsi[p[3]] = *(uint32_t *)(p + 4);
				acpi_irq_flags[p[3]] = *(uint16_t *)(p + 8);
			}
			break;
		case 5:		/* 64-bit local APIC address */
			acpi_lapic_pa = *(uint64_t *)(p + 4);
			break;
		case 9:		/* x2APIC */
			if ((*(uint32_t *)(p + 8) & 3) != 0 && n < SMP_MAXCPU)
				acpi_lapic_ids[n++] = *(uint32_t *)(p + 4);
			break;
		}
		p += p[1];
	}
	if (n > 0)
		acpi_ncpu = n;
}

/*
 * Find \_S5 in the DSDT: `_S5_' then a Package (0x12), its length, the
 * element count and SLP_TYPa / SLP_TYPb as byte constants (0x0a nn) or
 * the one-byte Zero/One opcodes.
 */
static void
s5_parse(struct acpi_sdt *dsdt)
{
	uint8_t *p = (uint8_t *)dsdt + sizeof(*dsdt);
	uint8_t *end = (uint8_t *)dsdt + dsdt->len;
	int i, v[2];

	for (; p + 16 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
			continue;
		p += 5;
		p += ((*p >> 6) & 3) + 1;	/* PkgLength */
		p++;				/* NumElements */
		for (i = 0; i < 2; i++) {
			if (*p == 0x0a) {
				v[i] = p[1];
				p += 2;
			} else if (*p == 0x00 || *p == 0x01) {
				v[i] = *p;
				p++;
			} else if (*p == 0xff) {
				v[i] = 0xff;
				p++;
			} else
				return;
		}
		slp_typa = v[0];
		slp_typb = v[1];
		s5_valid = 1;
		return;
	}
}

static void
fadt_parse(struct acpi_sdt *h)
{
	uint8_t *f = (uint8_t *)h;
	uint64_t dsdt;

	pm1a_cnt = *(uint32_t *)(f + 64);
	pm1b_cnt = *(uint32_t *)(f + 68);
	dsdt = *(uint32_t *)(f + 40);
	if (h->len >= 148 && *(uint64_t *)(f + 140) != 0)
		dsdt = *(uint64_t *)(f + 140);
	if (dsdt != 0 && dsdt < 0x100000000UL)
		s5_parse(pa2va(dsdt));
	/* Reset register: FADT flag RESET_REG_SUP (bit 10). */
	if (h->len >= 129 && (*(uint32_t *)(f + 112) & (1 << 10))) {
		acpi_resetreg.space = f[116];
		acpi_resetreg.addr = *(uint64_t *)(f + 120);
		acpi_resetreg.value = f[128];
		acpi_resetreg.valid = 1;
	}
}

static void
table_parse(vm_paddr_t pa)
{
	struct acpi_sdt *h = pa2va(pa);

	if (pa == 0 || pa >= 0x100000000UL)
		return;
	if (memcmp(h->sig, "APIC", 4) == 0)
		madt_parse(h);
	else if (memcmp(h->sig, "FACP", 4) == 0)
		fadt_parse(h);
	else if (memcmp(h->sig, "MCFG", 4) == 0 && h->len >= 44 + 16) {
		acpi_mcfg_pa = *(uint64_t *)((uint8_t *)h + 44);
		acpi_mcfg_bus_end = *((uint8_t *)h + 44 + 11);
	} else if (memcmp(h->sig, "HPET", 4) == 0 && h->len >= 56)
		acpi_hpet_pa = *(uint64_t *)((uint8_t *)h + 44);
}

void
acpi_init(vm_paddr_t rsdp_pa)
{
	struct acpi_rsdp *rsdp;
	struct acpi_sdt *sdt;
	uint16_t ebda;
	size_t i, n;
	char oem[7];

	for (i = 0; i < 16; i++)
		acpi_irq_gsi[i] = i;
	acpi_ioapics[0].pa = 0xfec00000;
	acpi_lapic_ids[0] = 0;
	if (rsdp_pa == 0) {
		ebda = *(uint16_t *)pa2va(0x40e);
		rsdp_pa = rsdp_scan((vm_paddr_t)ebda << 4,
		    ((vm_paddr_t)ebda << 4) + 1024);
		if (rsdp_pa == 0)
			rsdp_pa = rsdp_scan(0xe0000, 0x100000);
	}
	if (rsdp_pa == 0) {
		kprintf("acpi: no RSDP; legacy defaults\n");
		acpi_nioapic = 1;
		return;
	}
	rsdp = pa2va(rsdp_pa);
	memcpy(oem, rsdp->oemid, 6);
	oem[6] = '\0';
	strlcat(bootinfo.bi_machine, ", ACPI ", sizeof(bootinfo.bi_machine));
	strlcat(bootinfo.bi_machine, oem, sizeof(bootinfo.bi_machine));
	if (rsdp->rev >= 2 && rsdp->xsdt != 0) {
		sdt = pa2va(rsdp->xsdt);
		n = (sdt->len - sizeof(*sdt)) / 8;
		for (i = 0; i < n; i++)
			table_parse(((uint64_t *)(sdt + 1))[i]);
	} else {
		sdt = pa2va(rsdp->rsdt);
		n = (sdt->len - sizeof(*sdt)) / 4;
		for (i = 0; i < n; i++)
			table_parse(((uint32_t *)(sdt + 1))[i]);
	}
	if (acpi_nioapic == 0)
		acpi_nioapic = 1;	/* assume the standard one */
}

void
acpi_poweroff(void)
{
	if (!s5_valid || pm1a_cnt == 0)
		return;
	outw(pm1a_cnt, (slp_typa << 10) | (1 << 13));
	if (pm1b_cnt != 0)
		outw(pm1b_cnt, (slp_typb << 10) | (1 << 13));
	delay_us(100000);
}

void
acpi_reset(void)
{
	if (!acpi_resetreg.valid)
		return;
	if (acpi_resetreg.space == 1)
		outb(acpi_resetreg.addr, acpi_resetreg.value);
	else if (acpi_resetreg.space == 0)
		*(volatile uint8_t *)PHYS_TO_DMAP(acpi_resetreg.addr) =
		    acpi_resetreg.value;
	delay_us(100000);
}
