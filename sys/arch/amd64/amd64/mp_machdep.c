/*
 * SMP start-up.  cpu_mp_start() (called by the MI `main' thread on the
 * BSP) copies the real-mode trampoline of mpboot.S below 1 MiB and wakes
 * each AP listed in the MADT with INIT-SIPI-SIPI, one at a time: each
 * gets its own boot stack (KSTACK_PAGES pages, becoming its idle
 * thread's stack), GDT, TSS and IST stacks, GS base -> its
 * cpu_globaldata[] entry, then enters mi_ap_startup().  `smp=N' on the
 * command line caps the CPU count.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <machine/cpufunc.h>
#include <machine/atomic.h>
#include <machine/vmparam.h>
#include <machine/md_var.h>

#define MPTRAMP_PA	0x8000

extern char mptramp_start[], mptramp_end[];
extern char mptramp_cr3[], mptramp_efer[], mptramp_entry[];
void	ap_entry64(void);
void	ap_init(void) __dead2;

static uint8_t ap_stacks[SMP_MAXCPU][KSTACK_SIZE] __aligned(PAGE_SIZE);
uint64_t ap_boot_stack;			/* read by ap_entry64 */
static volatile int ap_cpuid;		/* the AP being started */

static void *
tramp_field(char *sym)
{
	return ((void *)PHYS_TO_DMAP(MPTRAMP_PA + (sym - mptramp_start)));
}

void
ap_init(void)
{
	struct globaldata *gd = &cpu_globaldata[ap_cpuid];

	cpu_init_tables(gd);
	cpu_init_features();
	lapic_init();
	gd->gd_md.gd_lapic_id = lapic_id();
	atomic_store_rel_int(&gd->gd_md.gd_started, 1);
	mi_ap_startup();
}

void
cpu_mp_start(void)
{
	struct globaldata *gd;
	uint32_t bsp_id = mycpu->gd_md.gd_lapic_id;
	long max;
	int i, n, spins;

	cpu_print_info();
	max = kgetenv_long("smp", SMP_MAXCPU);
	if (max < 1)
		max = 1;
	if (max > SMP_MAXCPU)
		max = SMP_MAXCPU;
	if (acpi_ncpu <= 1 || max == 1) {
		kprintf("smp: 1 CPU\n");
		return;
	}

	memcpy((void *)PHYS_TO_DMAP(MPTRAMP_PA), mptramp_start,
	    mptramp_end - mptramp_start);
	*(uint64_t *)tramp_field(mptramp_cr3) = KERN_TO_PHYS(boot_pml4);
	*(uint64_t *)tramp_field(mptramp_efer) = EFER_LME |
	    (cpu_has_nx ? EFER_NXE : 0);
	*(uint64_t *)tramp_field(mptramp_entry) = (uint64_t)ap_entry64;

	n = 1;
	for (i = 0; i < acpi_ncpu && n < max; i++) {
		if (acpi_lapic_ids[i] == bsp_id)
			continue;
		gd = &cpu_globaldata[n];
		gd->gd_cpuid = n;
		gd->gd_bootstack = ap_stacks[n];
		ap_boot_stack = (uint64_t)&ap_stacks[n][KSTACK_SIZE];
		ap_cpuid = n;
		cpu_mfence();
		lapic_ipi_init_sipi(acpi_lapic_ids[i], MPTRAMP_PA >> 12);
		/* TCG is slow: allow each AP up to two seconds. */
		for (spins = 0; spins < 20000 &&
		    atomic_load_acq_int(&gd->gd_md.gd_started) == 0; spins++)
			delay_us(100);
		if (gd->gd_md.gd_started == 0) {
			kprintf("smp: cpu %d (apic %u) did not start\n", n,
			    acpi_lapic_ids[i]);
			continue;
		}
		n++;
		atomic_store_rel_int(&ncpus, n);
	}
	kprintf("smp: %d CPUs\n", ncpus);
}
