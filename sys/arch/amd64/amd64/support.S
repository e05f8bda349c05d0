/*
 * Assembly support: the context switch proper, the first instructions of
 * new threads and fork children, FPU state save/restore, user-memory
 * access with fault recovery (copyin & co.), and the signal trampoline
 * page mapped into every user address space at SIGCODE_VA.
 *
 * User-memory routines: the range is checked against the user half up
 * front (a kernel address is EFAULT without touching it); a fault inside
 * the copy lands in trap(), which finds pcb_onfault set and resumes at
 * the routine's fault label, which returns EFAULT (or -1).  With SMAP the
 * access is bracketed by stac/clac.
 */
#include <machine/param.h>
#include <machine/vmparam.h>
#include <sys/syscall.h>
#include "assym.h"

#define EFAULT		14
#define ENAMETOOLONG	63

	.data
	.globl	smap_enabled
smap_enabled:	.long	0

	.text
#define STAC	testl $1, smap_enabled(%rip); jz 1001f; stac; 1001:
#define CLAC	testl $1, smap_enabled(%rip); jz 1002f; clac; 1002:

/* swtch_context(struct pcb *old, struct pcb *new) */
	.globl	swtch_context
swtch_context:
	movq	(%rsp), %rax
	movq	%rbx, PCB_RBX(%rdi)
	movq	%rbp, PCB_RBP(%rdi)
	movq	%r12, PCB_R12(%rdi)
	movq	%r13, PCB_R13(%rdi)
	movq	%r14, PCB_R14(%rdi)
	movq	%r15, PCB_R15(%rdi)
	leaq	8(%rsp), %rcx
	movq	%rcx, PCB_RSP(%rdi)
	movq	%rax, PCB_RIP(%rdi)

	movq	PCB_RBX(%rsi), %rbx
	movq	PCB_RBP(%rsi), %rbp
	movq	PCB_R12(%rsi), %r12
	movq	PCB_R13(%rsi), %r13
	movq	PCB_R14(%rsi), %r14
	movq	PCB_R15(%rsi), %r15
	movq	PCB_RSP(%rsi), %rsp
	jmp	*PCB_RIP(%rsi)

/* A new kernel thread: %rbx = func, %r12 = arg (cpu_thread_init). */
	.globl	thread_trampoline
thread_trampoline:
	call	lwkt_thread_entry
	movq	%r12, %rdi
	call	*%rbx
	call	lwkt_exit
1:	hlt
	jmp	1b

/* A fork child: finish the switch, userret, leave from td_frame. */
	.globl	fork_trampoline
fork_trampoline:
	call	lwkt_thread_entry
	call	fork_return		/* returns the trapframe */
	movq	%rax, %rdi
	jmp	doreti_frame

/* FPU state: fpu_save(area), fpu_restore(area). */
	.globl	fpu_save, fpu_restore
fpu_save:
	cmpl	$0, cpu_has_xsave(%rip)
	je	1f
	movl	fpu_xcr0(%rip), %eax
	movl	fpu_xcr0+4(%rip), %edx
	xsave64	(%rdi)
	ret
1:	fxsave64 (%rdi)
	ret
fpu_restore:
	cmpl	$0, cpu_has_xsave(%rip)
	je	1f
	movl	fpu_xcr0(%rip), %eax
	movl	fpu_xcr0+4(%rip), %edx
	xrstor64 (%rdi)
	ret
1:	fxrstor64 (%rdi)
	ret

/*
 * Check that [%rdi, %rdi + %rdx) is user space; jump to `bad' if not.
 * Clobbers %rax, %rcx.
 */
#define CHECK_USER(reg, bad)			\
	movq	reg, %rax;			\
	addq	%rdx, %rax;			\
	jc	bad;				\
	movabsq	$VM_MAX_USER_ADDRESS, %rcx;	\
	cmpq	%rcx, %rax;			\
	ja	bad

#define SET_ONFAULT(label)			\
	movq	%gs:GD_CURTHREAD, %r8;		\
	leaq	label(%rip), %r9;		\
	movq	%r9, TD_PCB+PCB_ONFAULT(%r8)

#define CLR_ONFAULT				\
	movq	%gs:GD_CURTHREAD, %r8;		\
	movq	$0, TD_PCB+PCB_ONFAULT(%r8)

/*
 * The copy proper for copyin/copyout: %rcx bytes from (%rsi) to (%rdi),
 * where `ureg' is whichever of the two is the user pointer.  Under QEMU
 * TCG each iteration of a rep string instruction costs about the same
 * whatever its width, so the bulk goes 8 bytes at a time with movsq.
 * Single bytes first bring the user pointer to 8-byte alignment, so no
 * movsq straddles a page boundary: a fault then leaves exactly the bytes
 * before the bad page copied, as the plain movsb loop did.  Short copies
 * stay with movsb.  Clobbers %rcx, %rdx.
 */
#define COPY_BODY(ureg)				\
	movq	%rcx, %rdx;			\
	cmpq	$32, %rcx;			\
	jb	1003f;				\
	movl	ureg, %ecx;			\
	negl	%ecx;				\
	andl	$7, %ecx;			\
	subq	%rcx, %rdx;			\
	rep movsb;				\
	movq	%rdx, %rcx;			\
	shrq	$3, %rcx;			\
	rep movsq;				\
	movl	%edx, %ecx;			\
	andl	$7, %ecx;			\
1003:	rep movsb

/* int copyin(const void *uaddr, void *kaddr, size_t len) */
	.globl	copyin
copyin:
	CHECK_USER(%rdi, copy_efault)
	SET_ONFAULT(copy_fault)
	xchgq	%rdi, %rsi		/* movs copies (%rsi) to (%rdi) */
	movq	%rdx, %rcx
	STAC
	COPY_BODY(%esi)
	CLAC
	CLR_ONFAULT
	xorl	%eax, %eax
	ret

/* int copyout(const void *kaddr, void *uaddr, size_t len) */
	.globl	copyout
copyout:
	CHECK_USER(%rsi, copy_efault)
	SET_ONFAULT(copy_fault)
	xchgq	%rdi, %rsi		/* movs copies (%rsi) to (%rdi) */
	movq	%rdx, %rcx
	STAC
	COPY_BODY(%edi)
	CLAC
	CLR_ONFAULT
	xorl	%eax, %eax
	ret

copy_fault:
	CLAC
	CLR_ONFAULT
copy_efault:
	movl	$EFAULT, %eax
	ret

/* int copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done) */
	.globl	copyinstr
copyinstr:
	movq	%rdx, %r10		/* len */
	movq	$VM_MAX_USER_ADDRESS, %rax
	cmpq	%rax, %rdi
	jae	copystr_efault
	subq	%rdi, %rax		/* bytes of user space left */
	SET_ONFAULT(copystr_fault)
	xorl	%r11d, %r11d		/* copied */
	STAC
1:	cmpq	%r10, %r11
	je	copystr_toolong
	cmpq	%rax, %r11
	je	copystr_fault
	movb	(%rdi,%r11), %dl
	movb	%dl, (%rsi,%r11)
	incq	%r11
	testb	%dl, %dl
	jnz	1b
	CLAC
	CLR_ONFAULT
	xorl	%eax, %eax
	jmp	copystr_done
copystr_toolong:
	CLAC
	CLR_ONFAULT
	movl	$ENAMETOOLONG, %eax
	jmp	copystr_done
copystr_fault:
	CLAC
	CLR_ONFAULT
	movl	$EFAULT, %eax
copystr_done:
	testq	%rcx, %rcx
	jz	2f
	movq	%r11, (%rcx)
2:	ret
copystr_efault:
	xorl	%r11d, %r11d
	movl	$EFAULT, %eax
	jmp	copystr_done

/* int fubyte(const void *uaddr): the byte, or -1 */
	.globl	fubyte
fubyte:
	movq	$1, %rdx
	CHECK_USER(%rdi, byte_efault)
	SET_ONFAULT(byte_fault)
	STAC
	movzbl	(%rdi), %eax
	CLAC
	CLR_ONFAULT
	ret

/* int subyte(void *uaddr, int byte): 0, or -1 */
	.globl	subyte
subyte:
	movq	$1, %rdx
	CHECK_USER(%rdi, byte_efault)
	SET_ONFAULT(byte_fault)
	STAC
	movb	%sil, (%rdi)
	CLAC
	CLR_ONFAULT
	xorl	%eax, %eax
	ret

byte_fault:
	CLAC
	CLR_ONFAULT
byte_efault:
	movl	$-1, %eax
	ret

/*
 * The signal trampoline, alone in its page (mapped at SIGCODE_VA).  The
 * handler returns here with %rsp just above the return address of the
 * signal frame, where struct sigframe's ucontext begins (see
 * <machine/sigframe.h>); sigreturn(ucontext) does not return.
 */
	.section .sigcode, "ax"
	.balign	PAGE_SIZE
	.globl	sigcode_page
sigcode_page:
	movq	%rsp, %rdi
	movl	$SYS_sigreturn, %eax
	syscall
	/* sigreturn failed: nothing sane to return to. */
	movl	$SYS_exit, %eax
	movl	$127, %edi
	syscall
	hlt
	.globl	esigcode
esigcode:

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
