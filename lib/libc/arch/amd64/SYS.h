/*
 * amd64 system-call stubs (the generated lib/libc/sys/NAME.S files
 * include this).  The ABI is sys/sys/cpu.h's: `syscall' with the number
 * in %rax and arguments in %rdi %rsi %rdx %r10 %r8 %r9 (the C ABI's 4th
 * argument arrives in %rcx, which `syscall' itself overwrites, so it moves
 * to %r10); on return the carry flag says %rax holds an errno, which
 * __cerror stores in errno before returning -1.
 *
 *	RSYSCALL(name)	defines name(), the call of the same name
 *	PSYSCALL(name)	defines __sys_name(), for calls that lib/libc
 *			wraps in C (the wrapper is name())
 *	RSYSCALL_N(sym, name)  defines sym() for the call `name'
 *	CSYSCALL(name), CPSYSCALL(name), CSYSCALL_N(sym, name)
 *			the same for a cancellation point: the stub puts
 *			the number where the kernel wants it and goes to
 *			__sys_cp (cancel.S), which checks for a pending
 *			pthread_cancel around the call
 */
#include <sys/syscall.h>

#define	_ENTRY(x)	.text; .globl x; .type x,@function; .p2align 4; x:
#define	_END(x)		.size x, . - x

#define	RSYSCALL_N(sym, name)						\
	_ENTRY(sym)							\
	movl	$SYS_##name, %eax;					\
	movq	%rcx, %r10;						\
	syscall;							\
	jb	1f;							\
	ret;								\
1:	movl	%eax, %edi;						\
	jmp	__cerror;						\
	_END(sym)

#define	RSYSCALL(name)	RSYSCALL_N(name, name)
#define	PSYSCALL(name)	RSYSCALL_N(__sys_##name, name)

#define	CSYSCALL_N(sym, name)						\
	_ENTRY(sym)							\
	movl	$SYS_##name, %eax;					\
	jmp	__sys_cp;						\
	_END(sym)

#define	CSYSCALL(name)	CSYSCALL_N(name, name)
#define	CPSYSCALL(name)	CSYSCALL_N(__sys_##name, name)

	.section .note.GNU-stack,"",@progbits
