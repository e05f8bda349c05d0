/*
 * machdep.* sysctl nodes of the aarch64 port: the generic timer's rate,
 * whether PAN is on, per-CPU timer interrupt and spurious interrupt
 * counts (one uint64 per running CPU, in CPU order, as on amd64), and
 * machdep.fault_test, the root-only switch that makes the kernel take a
 * data abort on purpose so the harness can check the panic register dump
 * and named backtrace.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
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

/* arg2: offset of the uint64_t counter inside struct globaldata. */
static int
sysctl_percpu_u64(SYSCTL_HANDLER_ARGS)
{
	uint64_t v;
	int i, error;

	for (i = 0; i < ncpus; i++) {
		v = *(volatile uint64_t *)((char *)globaldata_find(i) + arg2);
		error = SYSCTL_OUT(req, &v, sizeof(v));
		if (error != 0)
			return (error);
	}
	return (0);
}
SYSCTL_PROC(_machdep, OID_AUTO, timer_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.md_ticks_irq),
    sysctl_percpu_u64, "QU", "generic timer interrupts, per CPU");
SYSCTL_PROC(_machdep, OID_AUTO, spurious_intrs,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_md.md_spurious),
    sysctl_percpu_u64, "QU", "spurious GIC interrupts (1023), per CPU");

static void __attribute__((__noinline__))
fault_test_touch(volatile int *p)
{
	*p = 1;
}

static int
sysctl_fault_test(SYSCTL_HANDLER_ARGS)
{
	int v = 0, error;

	error = SYSCTL_OUT(req, &v, sizeof(v));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &v, sizeof(v));
	if (error != 0)
		return (error);
	if (v == 1) {
		kprintf("machdep.fault_test: faulting on purpose\n");
		/* A kernel-half (TTBR1) address nothing maps. */
		fault_test_touch((volatile int *)0xffffffffc0000000UL);
	}
	return (v == 0 || v == 1 ? 0 : EINVAL);
}
SYSCTL_PROC(_machdep, OID_AUTO, fault_test,
    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_SECURE, NULL, 0, sysctl_fault_test,
    "I", "write 1: take a kernel data abort (panic with backtrace)");
