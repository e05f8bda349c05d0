/*
 * amd64 sigsetjmp(env, savemask) and _setjmp(env).  sigsetjmp records
 * savemask after the jmp_buf and, when it is not zero, the current
 * signal mask after that (sigprocmask(SIG_BLOCK, NULL, &mask)); then it
 * jumps, not calls, to newlib's setjmp, so setjmp sees our caller's
 * return address and stack and a later siglongjmp (gen/sigjmp.c)
 * returns there.  Layout (include/setjmp.h): jmp_buf = 8 words, then
 * savemask at 64, the sigset_t at 72.
 */
#define	SJ_SAVEMASK	64
#define	SJ_MASK		72
#define	SIG_BLOCK	1

	.text
	.globl	sigsetjmp
	.type	sigsetjmp,@function
	.p2align 4
sigsetjmp:
	movslq	%esi, %rsi
	movq	%rsi, SJ_SAVEMASK(%rdi)
	testl	%esi, %esi
	jz	1f
	pushq	%rdi			/* also aligns the stack for the call */
	leaq	SJ_MASK(%rdi), %rdx
	xorl	%esi, %esi
	movl	$SIG_BLOCK, %edi
	call	sigprocmask
	popq	%rdi
1:	jmp	setjmp
	.size	sigsetjmp, . - sigsetjmp

	.globl	_setjmp
	.type	_setjmp,@function
	.p2align 4
_setjmp:
	jmp	setjmp
	.size	_setjmp, . - _setjmp

	.section .note.GNU-stack,"",@progbits
