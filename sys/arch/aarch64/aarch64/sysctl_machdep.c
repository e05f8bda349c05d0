/*
 * machdep.* sysctl nodes of the aarch64 port: the generic timer's rate,
 * whether PAN is on, per-CPU timer interrupt and spurious interrupt
 * counts (one uint64 per running CPU, in CPU order, as on amd64).
 * machdep.fault_test is machine-independent (kern_shutdown.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>

extern bool cpu_has_pan;

static int
sysctl_timer_freq(SYSCTL_HANDLER_ARGS)
{
	uint64_t f = cpu_cycles_freq();

	return (SYSCTL_OUT(req, &f, sizeof(f)));
}
SYSCTL_PROC(_machdep, OID_AUTO, timer_freq, CTLTYPE_U64 | CTLFLAG_RD,
    NULL, 0, sysctl_timer_freq, "QU", "generic timer frequency in Hz");

static int
sysctl_pan(SYSCTL_HANDLER_ARGS)
{
	int v = cpu_has_pan ? 1 : 0;

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}
SYSCTL_PROC(_machdep, OID_AUTO, pan, CTLTYPE_INT | CTLFLAG_RD, NULL, 0,
    sysctl_pan, "I", "privileged access never in use");

SYSCTL_PROC(_machdep, OID_AUTO, timer_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.md_ticks_irq),
    sysctl_handle_percpu_u64, "QU", "generic timer interrupts, per CPU");
SYSCTL_PROC(_machdep, OID_AUTO, spurious_intrs,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_md.md_spurious),
    sysctl_handle_percpu_u64, "QU", "spurious GIC interrupts (1023), per CPU");
