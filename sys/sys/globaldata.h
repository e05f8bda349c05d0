/*
 * Per-CPU global data, DragonFly style.  Each CPU owns one struct
 * globaldata; only that CPU writes it except where a field says otherwise.
 * The machine layer makes `mycpu' cheap: %gs:0 on amd64, TPIDR_EL1 on
 * aarch64 (see <machine/globaldata.h>).
 */
#ifndef _SYS_GLOBALDATA_H_
#define _SYS_GLOBALDATA_H_

#include <sys/param.h>
#include <sys/queue.h>
#include <machine/globaldata.h>	/* struct mdglobaldata, mycpu_md() */

struct thread;

struct globaldata {
	struct globaldata *gd_self;	/* must be first: %gs:0 loads it */
	struct thread	*gd_curthread;	/* running thread; this CPU */
	struct thread	*gd_idlethread;	/* immutable after init */
	int		gd_cpuid;	/* immutable after init */
	void		*gd_bootstack;	/* stack (KSTACK_PAGES pages) the CPU
					   entered the MI kernel on; becomes
					   its idle thread's stack */
	volatile int	gd_reqflags;	/* RQF_*; set by any CPU (atomic) */
	volatile uint64_t gd_ticks;	/* hardclock count; this CPU */
	uint64_t	gd_intr_count;	/* interrupts taken; this CPU */
	uint64_t	gd_syscalls;	/* system calls; this CPU */
	uint64_t	gd_switches;	/* context switches; this CPU */
	void		*gd_mi[16];	/* MI per-CPU state (run queue,
					   objcache magazines, ...) owned by
					   the MI subsystems; this CPU */
	struct mdglobaldata gd_md;	/* machine-dependent part */
} __cachealign;

#define RQF_AST_RESCHED	0x0001		/* reschedule before user return */
#define RQF_AST_SIGNAL	0x0002		/* a signal may be pending */
#define RQF_IPIQ	0x0004		/* cross-CPU work queued */

extern struct globaldata cpu_globaldata[SMP_MAXCPU];
extern int ncpus;			/* CPUs running; set by MD */

/*
 * Before calling mi_startup()/mi_ap_startup() a port sets gd_self,
 * gd_cpuid and gd_bootstack and makes mycpu_get() return the CPU's entry.
 */
#define mycpu		(mycpu_get())
#define mycpuid		(mycpu->gd_cpuid)
#define curthread	(mycpu->gd_curthread)
#define globaldata_find(n) (&cpu_globaldata[(n)])

#endif /* !_SYS_GLOBALDATA_H_ */
