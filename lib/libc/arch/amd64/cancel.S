/*
 * amd64 cancellation points (see "Thread cancellation" in
 * gen/libc_private.h and docs/lib/threads.md).
 *
 * __sys_cp is where every CSYSCALL stub (SYS.h) jumps, with the call's
 * number in %eax and its arguments where the C ABI left them.  Between
 * __cp_begin and __cp_end it reads the thread's cancellation word and
 * makes the call; the `syscall' instruction is the window's last, so a
 * thread whose call the kernel restarts (ERESTART backs %rip over it) is
 * inside too.  libpthread's cancellation handler checks the interrupted
 * %rip against the window: inside, the request was too late for the
 * check but the kernel had not yet done anything (or will redo the call),
 * so it sends the thread to __cp_cancel instead.  A call that a
 * cancellation signal ended with EINTR is looked at again after it.
 *
 * __libc_syscall_cp(a1, a2, a3, a4, a5, number) is the same window for
 * libpthread's C code: it returns the result, -errno, or
 * LIBC_CP_CANCELED (-4096) instead of exiting, so that a condition wait
 * can take its mutex back before the thread acts on the request.
 *
 * Only %rcx and %r11 are used as scratch: `syscall' clobbers them anyway.
 */
#define	_ENTRY(x)	.text; .globl x; .type x,@function; .p2align 4; x:
#define	_END(x)		.size x, . - x
#define	_LABEL(x)	.globl x; x:

#define	EINTR		4
#define	CANCEL_MASK	3	/* LIBC_CANCEL_PENDING | LIBC_CANCEL_DISABLE */
#define	CANCEL_ACT	1	/* pending and enabled */

_ENTRY(__sys_cp)
	movq	%rcx, %r10
	cmpl	$0, __libc_cancel_on(%rip)
	je	__cp_syscall		/* no libpthread: nothing to check */
	movq	%fs:8, %r11		/* the thread's struct __pthread */
_LABEL(__cp_begin)
	movl	(%r11), %ecx
	andl	$CANCEL_MASK, %ecx
	cmpl	$CANCEL_ACT, %ecx
	je	__cp_cancel
__cp_syscall:
	syscall
_LABEL(__cp_end)
	jb	1f
	ret
1:	cmpl	$EINTR, %eax
	jne	2f
	cmpl	$0, __libc_cancel_on(%rip)
	je	2f
	movq	%fs:8, %rcx
	movl	(%rcx), %ecx
	andl	$CANCEL_MASK, %ecx
	cmpl	$CANCEL_ACT, %ecx
	je	__cp_cancel
2:	movl	%eax, %edi
	jmp	__cerror
_LABEL(__cp_cancel)
	/* %rsp is as at the stub's entry: a proper tail call. */
	jmp	__libc_cp_cancel
_END(__sys_cp)

_ENTRY(__libc_syscall_cp)
	movq	%r9, %rax
	movq	%rcx, %r10
	cmpl	$0, __libc_cancel_on(%rip)
	je	__cp_syscall_c
	movq	%fs:8, %r11
_LABEL(__cp_begin_c)
	movl	(%r11), %ecx
	andl	$CANCEL_MASK, %ecx
	cmpl	$CANCEL_ACT, %ecx
	je	__cp_cancel_c
__cp_syscall_c:
	syscall
_LABEL(__cp_end_c)
	jb	1f
	ret
1:	negq	%rax
	ret
_LABEL(__cp_cancel_c)
	movq	$-4096, %rax
	ret
_END(__libc_syscall_cp)

	.section .note.GNU-stack,"",@progbits
