/*
 * machdep.* sysctl nodes of the amd64 port: the TSC rate, the CPU
 * features in use, per-CPU LAPIC timer interrupt counts (one uint64 per
 * running CPU, in CPU order) and the TLB shootdowns each CPU served.
 * machdep.fault_test is machine-independent (kern_shutdown.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
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

SYSCTL_PROC(_machdep, OID_AUTO, lapic_ticks, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, offsetof(struct globaldata, gd_md.gd_lapic_ticks),
    sysctl_handle_percpu_u64, "QU", "LAPIC timer interrupts, per CPU");
SYSCTL_PROC(_machdep, OID_AUTO, tlb_shootdowns,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    offsetof(struct globaldata, gd_md.gd_tlb_shootdowns),
    sysctl_handle_percpu_u64, "QU", "TLB shootdown IPIs served, per CPU");
