/*
 * aarch64 sigsetjmp(env, savemask) and _setjmp(env).  sigsetjmp records
 * savemask after the jmp_buf and, when it is not zero, the current
 * signal mask after that (sigprocmask(SIG_BLOCK, NULL, &mask)); then it
 * branches, not calls, to newlib's setjmp with our caller's x30 and sp
 * restored, so a later siglongjmp (gen/sigjmp.c) returns to our caller.
 * Layout (include/setjmp.h): jmp_buf = 22 words, then savemask at 176,
 * the sigset_t at 184.
 */
#define	SJ_SAVEMASK	176
#define	SJ_MASK		184
#define	SIG_BLOCK	1

	.text
	.globl	sigsetjmp
	.type	sigsetjmp,@function
	.p2align 2
sigsetjmp:
	sxtw	x1, w1
	str	x1, [x0, #SJ_SAVEMASK]
	cbz	x1, 1f
	stp	x0, x30, [sp, #-16]!
	add	x2, x0, #SJ_MASK
	mov	x1, #0
	mov	x0, #SIG_BLOCK
	bl	sigprocmask
	ldp	x0, x30, [sp], #16
1:	b	setjmp
	.size	sigsetjmp, . - sigsetjmp

	.globl	_setjmp
	.type	_setjmp,@function
	.p2align 2
_setjmp:
	b	setjmp
	.size	_setjmp, . - _setjmp

	.section .note.GNU-stack,"",@progbits
