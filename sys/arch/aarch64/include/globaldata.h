/*
 * aarch64 part of the per-CPU globaldata.  TPIDR_EL1 holds the address of
 * the CPU's struct globaldata (cpu_globaldata[n]) from the moment the CPU
 * enters C; nothing else ever writes that register, so mycpu is one mrs.
 */
#ifndef _MACHINE_GLOBALDATA_H_
#define _MACHINE_GLOBALDATA_H_

#include <sys/types.h>

struct globaldata;

struct mdglobaldata {
	uint64_t	md_mpidr;	/* MPIDR_EL1 affinity of this CPU */
	int		md_gicv3_rdist;	/* index of its GICv3 redistributor */
	int		md_gic_cpuif;	/* GICv2 CPU interface number */
	uint64_t	md_ticks_irq;	/* timer interrupts taken */
	uint64_t	md_spurious;	/* spurious interrupts (1023) */
	uint64_t	md_entry_el;	/* EL locore.S was entered at (1, 2) */
	volatile int	md_started;	/* AP: set when it reached C */
};

static __inline struct globaldata *
mycpu_get(void)
{
	struct globaldata *gd;

	__asm __volatile("mrs %0, tpidr_el1" : "=r" (gd));
	return (gd);
}

#define mycpu_md()	(&mycpu_get()->gd_md)

#endif /* !_MACHINE_GLOBALDATA_H_ */
