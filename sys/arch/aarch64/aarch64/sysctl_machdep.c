/*
 * machdep.* sysctl nodes of the aarch64 port: the generic timer's rate,
 * whether PAN is in effect and whether the CPU has it, the exception
 * level each CPU entered at, per-CPU timer interrupt and spurious
 * interrupt counts (one uint64 per running CPU, in CPU order, as on
 * amd64), and the GIC version found in the device tree.
 * machdep.fault_test is machine-independent (kern_shutdown.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/kernel.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

extern bool cpu_has_pan;

/* 2 or 3: with 2 the GICv2m frame is the MSI controller (hw.pci.msi). */
SYSCTL_INT(_machdep, OID_AUTO, gic_version, CTLFLAG_RD,
    &platform.gic_version, 0, "GIC architecture version");

static int
sysctl_timer_freq(SYSCTL_HANDLER_ARGS)
{
	uint64_t f = cpu_cycles_freq();

	return (SYSCTL_OUT(req, &f, sizeof(f)));
}
SYSCTL_PROC(_machdep, OID_AUTO, timer_freq, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, 0, sysctl_timer_freq, "QU", "generic timer frequency in Hz");

/*
 * PSTATE.PAN as the kernel runs this handler (entered from the caller's
 * svc, so it shows that exception entry sets PAN: SCTLR_EL1.SPAN=0), or 0
 * on a CPU without PAN, where the register does not exist.
 */
static int
sysctl_pan(SYSCTL_HANDLER_ARGS)
{
	uint64_t pstate = 0;
	int v;

	if (cpu_has_pan)
		pstate = READ_SPECIALREG(s3_0_c4_c2_3);		/* PAN */
	v = (pstate >> 22) & 1;
	return (SYSCTL_OUT(req, &v, sizeof(v)));
}
SYSCTL_PROC(_machdep, OID_AUTO, pan, CTLTYPE_INT | CTLFLAG_RD, NULL, 0,
    sysctl_pan, "I", "privileged access never in effect");

/* The CPU's own word on PAN (bits 23:20) and its other MMU features. */
static int
sysctl_id_aa64mmfr1(SYSCTL_HANDLER_ARGS)
{
	uint64_t v = READ_SPECIALREG(id_aa64mmfr1_el1);

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}
SYSCTL_PROC(_machdep, OID_AUTO, id_aa64mmfr1, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, 0, sysctl_id_aa64mmfr1, "QU", "ID_AA64MMFR1_EL1");

/*
 * The exception level each CPU entered the kernel at: 2 under
 * -machine virt,virtualization=on, where locore.S drops to EL1.
 */
SYSCTL_PROC(_machdep, OID_AUTO, entry_el, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.md_entry_el),
    sysctl_handle_percpu_u64, "QU", "exception level at entry, per CPU");

/*
 * el.expect=N on the command line: the level the test harness booted the
 * machine at (1, or 2 with its --el2), for regress/sys/arch/t_cpu to
 * hold machdep.entry_el to (-1: not said).
 */
static int entry_el_expect = -1;
SYSCTL_INT(_machdep, OID_AUTO, entry_el_expect, CTLFLAG_RD,
    &entry_el_expect, 0, "EL the boot command line says, or -1");

static void
entry_el_expect_init(void *arg)
{
	entry_el_expect = (int)kgetenv_long("el.expect", -1);
}
SYSINIT(entry_el_expect, SI_SUB_TUNABLES, SI_ORDER_MIDDLE,
    entry_el_expect_init, NULL);

SYSCTL_PROC(_machdep, OID_AUTO, timer_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.md_ticks_irq),
    sysctl_handle_percpu_u64, "QU", "generic timer interrupts, per CPU");
SYSCTL_PROC(_machdep, OID_AUTO, spurious_intrs,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_md.md_spurious),
    sysctl_handle_percpu_u64, "QU", "spurious GIC interrupts (1023), per CPU");
