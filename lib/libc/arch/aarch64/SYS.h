/*
 * aarch64 system-call stubs (the generated lib/libc/sys/NAME.S files
 * include this).  The ABI is sys/sys/cpu.h's: `svc #0' with the number in
 * x8 and arguments in x0-x5; on return PSTATE.C set says x0 holds an
 * errno, which __cerror stores in errno before returning -1.
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

#define	_ENTRY(x)	.text; .globl x; .type x,%function; .p2align 3; x:
#define	_END(x)		.size x, . - x

#define	RSYSCALL_N(sym, name)						\
	_ENTRY(sym)							\
	mov	x8, #SYS_##name;					\
	svc	#0;							\
	b.cs	1f;							\
	ret;								\
1:	b	__cerror;						\
	_END(sym)

#define	RSYSCALL(name)	RSYSCALL_N(name, name)
#define	PSYSCALL(name)	RSYSCALL_N(__sys_##name, name)

#define	CSYSCALL_N(sym, name)						\
	_ENTRY(sym)							\
	mov	x8, #SYS_##name;					\
	b	__sys_cp;						\
	_END(sym)

#define	CSYSCALL(name)	CSYSCALL_N(name, name)
#define	CPSYSCALL(name)	CSYSCALL_N(__sys_##name, name)

	.section .note.GNU-stack,"",%progbits
