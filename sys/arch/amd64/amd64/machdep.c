/*
 * amd64 machine start-up and the small machine services of <sys/cpu.h>.
 * hammer_time() runs first in 64-bit mode (called from locore.S on the
 * boot stack): it brings up the console, this CPU's descriptor tables
 * and GS base, reads what the boot loader passed (boot.c) and ACPI
 * (acpi.c), builds the real page tables (pmap.c), turns on the CPU
 * features the kernel relies on, starts the APIC and calibrates the TSC,
 * then hands over to the MI kernel in mi_startup().  Also here: the CPU
 * feature probe, the GDT/TSS/IDT of each CPU, the CMOS clock, power-off,
 * reset and idle.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include <machine/frame.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>
#include <sys/random.h>

int	cpu_has_nx, cpu_has_smep, cpu_has_smap, cpu_has_xsave, cpu_has_pge;
u_int	fpu_save_size = 512;
uint64_t fpu_xcr0;

/* One IDT for all CPUs; every CPU has its own GDT and TSS (gd_md). */
struct gate_desc {
	uint16_t	gd_off_lo;
	uint16_t	gd_sel;
	uint8_t		gd_ist;
	uint8_t		gd_type;	/* P, DPL, type */
	uint16_t	gd_off_mid;
	uint32_t	gd_off_hi;
	uint32_t	gd_rsvd;
} __packed;
static struct gate_desc idt[256] __aligned(16);

/* IST stacks: #DF, NMI, #MC, #DB for every CPU. */
static uint8_t ist_stacks[SMP_MAXCPU][4][IST_STACK_SIZE] __aligned(16);

static void
identcpu(void)
{
	u_int r[4], maxleaf, maxext;

	do_cpuid(0, r);
	maxleaf = r[0];
	do_cpuid(1, r);
	cpu_has_xsave = (r[2] >> 26) & 1;
	cpu_has_pge = (r[3] >> 13) & 1;
	if (maxleaf >= 7) {
		cpuid_count(7, 0, r);
		cpu_has_smep = (r[1] >> 7) & 1;
		cpu_has_smap = (r[1] >> 20) & 1;
	}
	do_cpuid(0x80000000, r);
	maxext = r[0];
	if (maxext >= 0x80000001) {
		do_cpuid(0x80000001, r);
		cpu_has_nx = (r[3] >> 20) & 1;
	}
}

static void
idt_set(int vec, int ist, int dpl)
{
	uint64_t off = (uint64_t)idt_stubs + 16 * vec;
	struct gate_desc *g = &idt[vec];

	g->gd_off_lo = off & 0xffff;
	g->gd_sel = KCSEL;
	g->gd_ist = ist;
	g->gd_type = 0x8e | (dpl << 5);		/* present, interrupt gate */
	g->gd_off_mid = (off >> 16) & 0xffff;
	g->gd_off_hi = off >> 32;
	g->gd_rsvd = 0;
}

static void
idt_init(void)
{
	int i;

	for (i = 0; i < 256; i++)
		idt_set(i, 0, SEL_KPL);
	idt_set(T_DEBUG, IST_DB, SEL_KPL);
	idt_set(T_NMI, IST_NMI, SEL_KPL);
	idt_set(T_BPT, 0, SEL_UPL);		/* int3 from user mode */
	idt_set(T_DOUBLEFLT, IST_DF, SEL_KPL);
	idt_set(T_MCHK, IST_MC, SEL_KPL);
}

/*
 * Give a CPU its GDT, TSS (rsp0 and IST stacks), the shared IDT and its
 * GS base.  Runs on the CPU itself: the BSP in hammer_time(), each AP in
 * mp_machdep.c.
 */
void
cpu_init_tables(struct globaldata *gd)
{
	struct mdglobaldata *md = &gd->gd_md;
	struct region_descriptor rd;
	uint64_t base = (uint64_t)&md->gd_tss;
	uint64_t limit = sizeof(md->gd_tss) - 1;
	int i;

	md->gd_gdt[GNULL_SEL] = 0;
	md->gd_gdt[GCODE_SEL] = 0x00af9a000000ffffUL;
	md->gd_gdt[GDATA_SEL] = 0x00cf92000000ffffUL;
	md->gd_gdt[GUCODE32_SEL] = 0x00cffa000000ffffUL;
	md->gd_gdt[GUDATA_SEL] = 0x00cff2000000ffffUL;
	md->gd_gdt[GUCODE_SEL] = 0x00affa000000ffffUL;
	md->gd_gdt[GPROC0_SEL] = (limit & 0xffff) |
	    ((base & 0xffffff) << 16) | (0x89UL << 40) |
	    ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	md->gd_gdt[GPROC0_SEL + 1] = base >> 32;

	memset(&md->gd_tss, 0, sizeof(md->gd_tss));
	md->gd_tss.tss_iobase = sizeof(md->gd_tss);
	md->gd_ist_stacks = ist_stacks[gd->gd_cpuid];
	for (i = 0; i < 4; i++)
		md->gd_tss.tss_ist[i] =
		    (uint64_t)&ist_stacks[gd->gd_cpuid][i][IST_STACK_SIZE];
	md->gd_tss.tss_rsp0 = (uint64_t)gd->gd_bootstack + KSTACK_SIZE;
	md->gd_rsp0 = md->gd_tss.tss_rsp0;

	rd.rd_limit = sizeof(md->gd_gdt) - 1;
	rd.rd_base = (uint64_t)md->gd_gdt;
	__asm __volatile("lgdt %0" : : "m" (rd));
	/* Reload %cs with a far return, then the data segments. */
	__asm __volatile(
	    "pushq %0\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movl %1, %%eax\n\t"
	    "movw %%ax, %%ss\n\t"
	    "movw %%ax, %%ds\n\t"
	    "movw %%ax, %%es\n\t"
	    "xorl %%eax, %%eax\n\t"
	    "movw %%ax, %%fs\n\t"
	    "movw %%ax, %%gs"
	    : : "i" ((uint64_t)KCSEL), "i" (KDSEL) : "rax", "memory");
	__asm __volatile("ltr %w0" : : "r" (TSSSEL));

	rd.rd_limit = sizeof(idt) - 1;
	rd.rd_base = (uint64_t)idt;
	__asm __volatile("lidt %0" : : "m" (rd));

	/* Loading %gs cleared the base: point it at this CPU's data. */
	gd->gd_self = gd;
	wrmsr(MSR_GSBASE, (uint64_t)gd);
	wrmsr(MSR_KGSBASE, 0);
}

/*
 * Control registers and MSRs every CPU needs before running threads:
 * NX, write protection in ring 0, SSE/XSAVE, SMEP/SMAP, global pages,
 * and the syscall entry.  Same settings on every CPU.
 */
void
cpu_init_features(void)
{
	uint64_t cr0, cr4;
	u_int r[4];

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE |
	    (cpu_has_nx ? EFER_NXE : 0));
	cr0 = rcr0();
	cr0 |= CR0_MP | CR0_NE | CR0_WP;
	cr0 &= ~(uint64_t)(CR0_EM | CR0_TS);
	load_cr0(cr0);
	cr4 = rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (cpu_has_pge)
		cr4 |= CR4_PGE;
	if (cpu_has_xsave)
		cr4 |= CR4_OSXSAVE;
	if (cpu_has_smep)
		cr4 |= CR4_SMEP;
	if (cpu_has_smap)
		cr4 |= CR4_SMAP;
	load_cr4(cr4);
	if (cpu_has_xsave) {
		cpuid_count(0xd, 0, r);
		/* x87, SSE and AVX only: PCB_FPU_SIZE is sized for those. */
		fpu_xcr0 = (((uint64_t)r[3] << 32) | r[0]) & 0x7;
		xsetbv(0, fpu_xcr0);
		cpuid_count(0xd, 0, r);
		fpu_save_size = r[1];
		if (fpu_save_size > PCB_FPU_SIZE)
			panic("xsave area of %u bytes", fpu_save_size);
	}
	smap_enabled = cpu_has_smap;

	/* sysret: %cs = STAR[63:48] + 16, %ss = STAR[63:48] + 8. */
	wrmsr(MSR_STAR, ((uint64_t)GSEL(GUCODE32_SEL, SEL_UPL) << 48) |
	    ((uint64_t)KCSEL << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, 0);
	wrmsr(MSR_SFMASK, PSL_I | PSL_T | PSL_D | PSL_AC | PSL_NT |
	    PSL_IOPL);
}

/* A freshly initialised FPU image: what fninit + ldmxcsr would give. */
void
fpu_init_image(uint8_t *area)
{
	memset(area, 0, PCB_FPU_SIZE);
	*(uint16_t *)(area + 0) = 0x037f;	/* FCW */
	*(uint32_t *)(area + 24) = 0x1f80;	/* MXCSR */
	*(uint32_t *)(area + 28) = 0xffff;	/* MXCSR_MASK (ignored) */
	if (cpu_has_xsave)
		*(uint64_t *)(area + 512) = fpu_xcr0 & 0x3; /* XSTATE_BV */
}

/* One line about the boot CPU, printed once the MI banner is out. */
void
cpu_print_info(void)
{
	u_int r[4], brand[13];
	char *s;
	int i;

	memset(brand, 0, sizeof(brand));
	do_cpuid(0x80000000, r);
	if (r[0] >= 0x80000004)
		for (i = 0; i < 3; i++)
			do_cpuid(0x80000002 + i, &brand[i * 4]);
	for (s = (char *)brand; *s == ' '; s++)
		;
	kprintf("cpu: %s, TSC %ju MHz%s%s%s%s%s\n", *s ? s : "amd64",
	    (uintmax_t)(tsc_freq / 1000000), cpu_has_nx ? ", NX" : "",
	    cpu_has_smep ? ", SMEP" : "", cpu_has_smap ? ", SMAP" : "",
	    cpu_has_xsave ? ", XSAVE" : ", FXSAVE",
	    acpi_mcfg_pa != 0 ? ", PCIe ECAM" : "");
}

/* ---- CMOS clock ------------------------------------------------------ */

static u_int
cmos_read(u_int reg)
{
	outb(0x70, reg);
	return (inb(0x71));
}

static u_int
bcd2bin(u_int v)
{
	return ((v >> 4) * 10 + (v & 0xf));
}

static uint64_t
rtc_read(void)
{
	static const int mdays[12] = { 0, 31, 59, 90, 120, 151, 181, 212,
	    243, 273, 304, 334 };
	u_int sec, min, hour, day, mon, year, cent, regb, spins;
	uint64_t days;
	int pm;

	for (spins = 0; spins < 100000 && (cmos_read(0x0a) & 0x80); spins++)
		cpu_pause();
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	cent = cmos_read(0x32);
	regb = cmos_read(0x0b);
	pm = hour & 0x80;
	hour &= 0x7f;
	if ((regb & 0x04) == 0) {
		sec = bcd2bin(sec);
		min = bcd2bin(min);
		hour = bcd2bin(hour);
		day = bcd2bin(day);
		mon = bcd2bin(mon);
		year = bcd2bin(year);
		cent = bcd2bin(cent);
	}
	if ((regb & 0x02) == 0 && pm)
		hour = (hour % 12) + 12;
	if (cent < 19 || cent > 30)
		cent = 20;
	year += cent * 100;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || year < 1970)
		return (0);
	days = (year - 1970) * 365 + (year - 1969) / 4 - (year - 1901) / 100 +
	    (year - 1601) / 400 + mdays[mon - 1] + day - 1;
	if (mon > 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		days++;
	return (((days * 24 + hour) * 60 + min) * 60 + sec);
}

/* ---- Start-up -------------------------------------------------------- */

void
hammer_time(uint32_t magic, uint32_t info)
{
	struct globaldata *gd = &cpu_globaldata[0];

	uart_init();
	identcpu();
	gd->gd_cpuid = 0;
	gd->gd_bootstack = boot_stack;
	cpu_init_tables(gd);
	idt_init();

	boot_parse(magic, info);
	pmap_bootstrap();
	cpu_init_features();
	lapic_init();
	gd->gd_md.gd_lapic_id = lapic_id();
	ioapic_init();
	tsc_calibrate();
	bootinfo.bi_rtc_sec = rtc_read();
	ncpus = 1;
	mi_startup();
}

/* ---- Idle, power-off, reset ------------------------------------------ */

void
cpu_idle(void)
{
	/*
	 * sti takes effect after the next instruction, so an interrupt
	 * that makes work cannot slip in between the check and the hlt.
	 */
	intr_disable();
	if ((mycpu->gd_reqflags & (RQF_AST_RESCHED | RQF_IPIQ)) != 0) {
		intr_enable();
		return;
	}
	__asm __volatile("sti; hlt" : : : "memory");
}

void
cpu_poweroff(int status)
{
	const char *s;

	intr_disable();
	/* QEMU isa-debug-exit: the process exits with (status << 1) | 1. */
	outb(0xf4, (uint8_t)status);
	/* Bochs: "Shutdown" on port 0x8900, once the UART has drained. */
	uart_drain();
	for (s = "Shutdown"; *s != '\0'; s++)
		outb(0x8900, *s);
	acpi_poweroff();
	kprintf("cpu_poweroff: still running; halting\n");
	for (;;)
		halt();
}

void
cpu_reset(void)
{
	struct region_descriptor rd;

	intr_disable();
	uart_drain();
	acpi_reset();
	outb(0x64, 0xfe);			/* keyboard controller */
	delay_us(100000);
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);			/* PCI reset control */
	delay_us(100000);
	/* Last resort: a triple fault. */
	rd.rd_limit = 0;
	rd.rd_base = 0;
	__asm __volatile("lidt %0; int3" : : "m" (rd));
	for (;;)
		halt();
}

/*
 * RDRAND for the kernel's random pool (kern/kern_random.c).  CPUID leaf
 * 1 ECX bit 30 says the instruction exists; a clear carry flag means no
 * value was ready, which Intel says can happen transiently, so it is
 * tried up to ten times.
 */
static int
cpu_has_rdrand(void)
{
	static int has = -1;
	u_int regs[4];

	if (has < 0) {
		do_cpuid(1, regs);
		has = (regs[2] & (1u << 30)) != 0;
	}
	return (has);
}

int
cpu_hwrng(uint64_t *v)
{
	uint64_t r;
	uint8_t ok;
	int i;

	if (!cpu_has_rdrand())
		return (0);
	for (i = 0; i < 10; i++) {
		__asm __volatile("rdrand %0; setc %1" : "=r" (r), "=qm" (ok));
		if (ok) {
			*v = r;
			return (1);
		}
	}
	return (0);
}

const char *
cpu_hwrng_name(void)
{
	return (cpu_has_rdrand() ? "rdrand" : "none");
}
