/*
 * machdep.* sysctl nodes of the amd64 port: the TSC rate, the CPU
 * features in use, per-CPU LAPIC timer interrupt counts (one uint64 per
 * running CPU, in CPU order), the TLB shootdowns each CPU served, and
 * machdep.fault_test, a root-only switch that makes the kernel take a
 * page fault on purpose so the regress suite can check the panic
 * register dump and named backtrace.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>
#include <machine/md_var.h>

SYSCTL_U64(_machdep, OID_AUTO, tsc_freq, CTLFLAG_RD, &tsc_freq, 0,
    "TSC frequency in Hz");
SYSCTL_INT(_machdep, OID_AUTO, nx, CTLFLAG_RD, &cpu_has_nx, 0,
    "no-execute pages in use");
SYSCTL_INT(_machdep, OID_AUTO, smep, CTLFLAG_RD, &cpu_has_smep, 0,
    "supervisor mode execution prevention on");
SYSCTL_INT(_machdep, OID_AUTO, smap, CTLFLAG_RD, &cpu_has_smap, 0,
    "supervisor mode access prevention on");
SYSCTL_INT(_machdep, OID_AUTO, xsave, CTLFLAG_RD, &cpu_has_xsave, 0,
    "FPU state switched with xsave (else fxsave)");

/* arg2: offset of the uint64_t counter inside struct globaldata. */
static int
sysctl_percpu_u64(SYSCTL_HANDLER_ARGS)
{
	uint64_t v;
	int i, error;

	for (i = 0; i < ncpus; i++) {
		v = *(uint64_t *)((char *)globaldata_find(i) + arg2);
		error = SYSCTL_OUT(req, &v, sizeof(v));
		if (error != 0)
			return (error);
	}
	return (0);
}

SYSCTL_PROC(_machdep, OID_AUTO, lapic_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.gd_lapic_ticks),
    sysctl_percpu_u64, "QU", "LAPIC timer interrupts, per CPU");
SYSCTL_PROC(_machdep, OID_AUTO, tlb_shootdowns,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_md.gd_tlb_shootdowns),
    sysctl_percpu_u64, "QU", "TLB shootdown IPIs served, per CPU");

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
		/* A kernel-half address nothing maps. */
		fault_test_touch((volatile int *)0xffffffffc0000000UL);
	}
	return (v == 0 || v == 1 ? 0 : EINVAL);
}

SYSCTL_PROC(_machdep, OID_AUTO, fault_test,
    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_SECURE, NULL, 0, sysctl_fault_test,
    "I", "write 1: take a kernel page fault (panic with backtrace)");
