/*
 * amd64 segmentation: the GDT layout every CPU uses, selector values,
 * the 64-bit TSS and the IST slots.  The order of the user segments is
 * fixed by syscall/sysret: STAR[63:48] = GSEL_UCODE32, so sysret loads
 * %ss = that + 8 and %cs = that + 16.
 */
#ifndef _MACHINE_SEGMENTS_H_
#define _MACHINE_SEGMENTS_H_

#define GNULL_SEL	0
#define GCODE_SEL	1	/* kernel code, 64-bit */
#define GDATA_SEL	2	/* kernel data */
#define GUCODE32_SEL	3	/* user code, 32-bit (sysret base only) */
#define GUDATA_SEL	4	/* user data */
#define GUCODE_SEL	5	/* user code, 64-bit */
#define GPROC0_SEL	6	/* TSS, two slots */
#define NGDT		8

#define SEL_KPL		0
#define SEL_UPL		3
#define GSEL(s, rpl)	(((s) << 3) | (rpl))

#define KCSEL		GSEL(GCODE_SEL, SEL_KPL)	/* 0x08 */
#define KDSEL		GSEL(GDATA_SEL, SEL_KPL)	/* 0x10 */
#define UCSEL		GSEL(GUCODE_SEL, SEL_UPL)	/* 0x2b */
#define UDSEL		GSEL(GUDATA_SEL, SEL_UPL)	/* 0x23 */
#define TSSSEL		GSEL(GPROC0_SEL, SEL_KPL)	/* 0x30 */

/* Interrupt stack table slots (1-based in the IDT gate). */
#define IST_DF		1	/* double fault */
#define IST_NMI		2
#define IST_MC		3	/* machine check */
#define IST_DB		4	/* debug (may arrive on a bad stack) */
#define IST_STACK_SIZE	8192

#ifndef __ASSEMBLY__
#include <sys/types.h>

/* The 64-bit task state segment: only the stack pointers are used. */
struct amd64tss {
	uint32_t	tss_rsvd0;
	uint64_t	tss_rsp0;	/* kernel stack for traps from user */
	uint64_t	tss_rsp1;
	uint64_t	tss_rsp2;
	uint64_t	tss_rsvd1;
	uint64_t	tss_ist[7];	/* IST1..IST7 */
	uint64_t	tss_rsvd2;
	uint16_t	tss_rsvd3;
	uint16_t	tss_iobase;	/* past the limit: no I/O bitmap */
} __packed;

struct region_descriptor {
	uint16_t	rd_limit;
	uint64_t	rd_base;
} __packed;
#endif

#endif /* !_MACHINE_SEGMENTS_H_ */
