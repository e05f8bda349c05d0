/*
 * aarch64 cancellation points (see "Thread cancellation" in
 * gen/libc_private.h and docs/lib/threads.md).
 *
 * __sys_cp is where every CSYSCALL stub (SYS.h) branches, with the
 * call's number in x8 and its arguments in x0-x5.  Between __cp_begin
 * and __cp_end it reads the thread's cancellation word and makes the
 * call; the `svc' is the window's last instruction, so a call the kernel
 * restarts (ERESTART backs ELR over it) is inside too.  libpthread's
 * cancellation handler checks the interrupted PC against the window:
 * inside, it sends the thread to __cp_cancel instead, the kernel having
 * done nothing yet.  A call that a cancellation signal ended with EINTR
 * is looked at again after it.
 *
 * __libc_syscall_cp(a1, a2, a3, a4, a5, number) is the same window for
 * libpthread's C code: it returns the result, -errno, or
 * LIBC_CP_CANCELED (-4096) instead of exiting.
 *
 * x9 and x10 are scratch (caller-saved in the C ABI).
 */
#define	_ENTRY(x)	.text; .globl x; .type x,%function; .p2align 3; x:
#define	_END(x)		.size x, . - x
#define	_LABEL(x)	.globl x; x:

#define	EINTR		4
#define	CANCEL_MASK	3	/* LIBC_CANCEL_PENDING | LIBC_CANCEL_DISABLE */
#define	CANCEL_ACT	1	/* pending and enabled */

_ENTRY(__sys_cp)
	adrp	x9, __libc_cancel_on
	ldr	w9, [x9, :lo12:__libc_cancel_on]
	cbz	w9, __cp_syscall	/* no libpthread: nothing to check */
	mrs	x9, tpidr_el0
	ldr	x9, [x9, #8]		/* the thread's struct __pthread */
_LABEL(__cp_begin)
	ldr	w10, [x9]
	and	w10, w10, #CANCEL_MASK
	cmp	w10, #CANCEL_ACT
	b.eq	__cp_cancel
__cp_syscall:
	svc	#0
_LABEL(__cp_end)
	b.cs	1f
	ret
1:	cmp	x0, #EINTR
	b.ne	2f
	adrp	x9, __libc_cancel_on
	ldr	w9, [x9, :lo12:__libc_cancel_on]
	cbz	w9, 2f
	mrs	x9, tpidr_el0
	ldr	x9, [x9, #8]
	ldr	w10, [x9]
	and	w10, w10, #CANCEL_MASK
	cmp	w10, #CANCEL_ACT
	b.eq	__cp_cancel
2:	b	__cerror
_LABEL(__cp_cancel)
	b	__libc_cp_cancel
_END(__sys_cp)

_ENTRY(__libc_syscall_cp)
	mov	x8, x5
	adrp	x9, __libc_cancel_on
	ldr	w9, [x9, :lo12:__libc_cancel_on]
	cbz	w9, __cp_syscall_c
	mrs	x9, tpidr_el0
	ldr	x9, [x9, #8]
_LABEL(__cp_begin_c)
	ldr	w10, [x9]
	and	w10, w10, #CANCEL_MASK
	cmp	w10, #CANCEL_ACT
	b.eq	__cp_cancel_c
__cp_syscall_c:
	svc	#0
_LABEL(__cp_end_c)
	b.cs	1f
	ret
1:	neg	x0, x0
	ret
_LABEL(__cp_cancel_c)
	mov	x0, #-4096
	ret
_END(__libc_syscall_cp)

	.section .note.GNU-stack,"",%progbits
