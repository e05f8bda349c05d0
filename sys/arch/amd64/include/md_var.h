/*
 * Declarations shared by the files of sys/arch/amd64 only; nothing in the
 * MI kernel includes this header.
 */
#ifndef _MACHINE_MD_VAR_H_
#define _MACHINE_MD_VAR_H_

#include <sys/types.h>

struct globaldata;
struct trapframe;

/* MSRs */
#define MSR_APICBASE	0x01b
#define MSR_EFER	0xc0000080
#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_CSTAR	0xc0000083
#define MSR_SFMASK	0xc0000084
#define MSR_FSBASE	0xc0000100
#define MSR_GSBASE	0xc0000101
#define MSR_KGSBASE	0xc0000102
#define EFER_SCE	0x001
#define EFER_LME	0x100
#define EFER_NXE	0x800

/* CR0 / CR4 bits */
#define CR0_MP		0x00000002
#define CR0_EM		0x00000004
#define CR0_TS		0x00000008
#define CR0_NE		0x00000020
#define CR0_WP		0x00010000
#define CR4_PGE		0x00000080
#define CR4_OSFXSR	0x00000200
#define CR4_OSXMMEXCPT	0x00000400
#define CR4_FSGSBASE	0x00010000
#define CR4_OSXSAVE	0x00040000
#define CR4_SMEP	0x00100000
#define CR4_SMAP	0x00200000

/* CPU features found at boot (identcpu in machdep.c). */
extern int cpu_has_nx, cpu_has_smep, cpu_has_smap, cpu_has_xsave;
extern int cpu_has_pge;
extern u_int fpu_save_size;		/* bytes of the xsave image */
extern uint64_t fpu_xcr0;

/* Boot */
void	hammer_time(uint32_t magic, uint32_t info) __dead2;
void	boot_parse(uint32_t magic, uint32_t info);
vm_paddr_t boot_alloc_page(void);	/* zeroed, before the VM is up */
extern char _kernel_text[], _etext[], _kernel_rodata[], _erodata[];
extern char _kernel_data[], _end[], _bss_start[], _bss_end[];
extern char boot_stack[], boot_stack_top[];
extern char boot_pml4[];

/* Console (uart.c) */
void	uart_init(void);
void	uart_drain(void);
void	uart_intr_init(void);

/* ACPI (acpi.c) */
#define MAXIOAPIC	4
struct ioapic_info {
	vm_paddr_t	pa;
	uint32_t	gsi_base;
	uint8_t		id;
};
extern int acpi_ncpu;
extern uint32_t acpi_lapic_ids[];	/* SMP_MAXCPU */
extern vm_paddr_t acpi_lapic_pa;
extern int acpi_nioapic;
extern struct ioapic_info acpi_ioapics[MAXIOAPIC];
extern uint32_t acpi_irq_gsi[16];	/* ISA IRQ -> GSI (overrides) */
extern uint16_t acpi_irq_flags[16];	/* MPS INTI flags per ISA IRQ */
extern vm_paddr_t acpi_mcfg_pa;		/* PCIe ECAM base, 0 if none */
extern uint8_t acpi_mcfg_bus_end;
extern vm_paddr_t acpi_hpet_pa;
void	acpi_init(vm_paddr_t rsdp);
void	acpi_poweroff(void);
void	acpi_reset(void);

/* CPU set-up (machdep.c) */
void	cpu_init_tables(struct globaldata *gd);	/* GDT, TSS, IDT, GS */
void	cpu_init_features(void);	/* CR4, EFER, XCR0, syscall MSRs */
void	fpu_init_image(uint8_t *area);
void	cpu_print_info(void);

/* Traps (trap.c, exception.S) */
void	trap(struct trapframe *tf);
void	amd64_syscall(struct trapframe *tf);
extern char idt_stubs[];
void	syscall_entry(void);
void	doreti_frame(struct trapframe *tf) __dead2;
extern char doreti_iret[];		/* the iretq to user mode */
extern char doreti_iret_fault[];	/* where a fault there resumes */
void	trap_dump(struct trapframe *tf);
struct thread;
void	md_userret(struct thread *td);

/* pmap.c */
void	pmap_bootstrap(void);
void	pmap_init_ap(void);
void	pmap_invl_ipi(void);
extern uint64_t kernel_cr3;

/* LAPIC / IOAPIC / timer (apic.c) */
void	lapic_init(void);
void	lapic_eoi(void);
uint32_t lapic_id(void);
void	lapic_ipi(uint32_t apicid, uint32_t icr_lo);
void	lapic_ipi_init_sipi(uint32_t apicid, uint32_t vector);
void	ioapic_init(void);
void	ioapic_route(int irq, int vector, uint32_t dest);
void	apic_intr(struct trapframe *tf);
int	msi_vector_alloc(void (*handler)(void *), void *arg);
void	tsc_calibrate(void);
void	delay_us(uint64_t us);
extern uint64_t tsc_freq;

/* SMP (mp_machdep.c) */
void	mp_ipi_intr(int vector);

/* Support (support.S) */
extern int smap_enabled;
void	swtch_context(void *oldpcb, void *newpcb);
void	thread_trampoline(void);
void	fork_trampoline(void);
void	fpu_save(void *area);
void	fpu_restore(void *area);

#endif /* !_MACHINE_MD_VAR_H_ */
