/*
 * amd64 program entry.  The kernel starts a program at _start with %rsp
 * pointing at argc, then the argv pointers, NULL, the envp pointers,
 * NULL and the auxiliary vector, as the SysV ABI lays them out.
 * __libc_start (gen/start.c) takes that pointer and never returns; the
 * frame pointer is zeroed so backtraces end here.
 */
	.text
	.globl	_start
	.type	_start,@function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	__libc_start
	hlt
	.size	_start, . - _start

	.section .note.GNU-stack,"",@progbits
