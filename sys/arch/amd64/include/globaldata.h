/*
 * The amd64 part of the per-CPU globaldata (struct globaldata.gd_md, see
 * <sys/globaldata.h>) and the cheap way to find it: each CPU's GS base
 * points at its cpu_globaldata[] entry, whose first word (gd_self) points
 * at itself, so mycpu is one `movq %gs:0'.  The kernel runs with the
 * kernel GS base loaded; entry from user mode does swapgs first.
 *
 * Everything here is owned by its CPU and written only by it, except the
 * TLB-shootdown mailbox (see pmap.c), which other CPUs fill under
 * pmap_shootdown_lock.
 */
#ifndef _MACHINE_GLOBALDATA_H_
#define _MACHINE_GLOBALDATA_H_

#include <sys/types.h>
#include <machine/segments.h>

struct globaldata;
struct pmap;

struct mdglobaldata {
	uint64_t	gd_scratch_rsp;	/* user %rsp during syscall entry */
	uint64_t	gd_rsp0;	/* kernel stack top of curthread */
	uint64_t	gd_iret_trapno;	/* fault of the iretq to user mode, */
	uint64_t	gd_iret_err;	/*   for doreti_iret_fault */
	uint64_t	gd_gdt[NGDT];	/* this CPU's GDT (own TSS) */
	struct amd64tss	gd_tss;		/* rsp0 and the IST stacks */
	uint32_t	gd_lapic_id;	/* immutable after init */
	uint32_t	gd_acpi_id;	/* ACPI processor UID */
	struct pmap	*gd_curpmap;	/* user pmap loaded in %cr3 */
	uint64_t	gd_lapic_ticks;	/* LAPIC timer interrupts */
	uint64_t	gd_tlb_shootdowns; /* shootdown IPIs handled */
	volatile int	gd_started;	/* AP: set when it is up */
	int		gd_xsave;	/* use xsave (else fxsave) */
	void		*gd_ist_stacks;	/* IST_STACK_SIZE x 4 */
};

static __inline struct globaldata *
mycpu_get(void)
{
	struct globaldata *gd;

	__asm __volatile("movq %%gs:0, %0" : "=r" (gd));
	return (gd);
}

#define mycpu_md()	(&mycpu_get()->gd_md)

#endif /* !_MACHINE_GLOBALDATA_H_ */
