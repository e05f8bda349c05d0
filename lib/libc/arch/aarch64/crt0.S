/*
 * aarch64 program entry.  The kernel starts a program at _start with sp
 * (16-byte aligned) pointing at argc, then the argv pointers, NULL, the
 * envp pointers, NULL and the auxiliary vector, as the SysV ABI lays them
 * out.  __libc_start (gen/start.c) takes that pointer and never returns;
 * the frame pointer and link register are zeroed so backtraces end here.
 */
	.text
	.globl	_start
	.type	_start,%function
_start:
	mov	x29, #0
	mov	x30, #0
	mov	x0, sp
	bl	__libc_start
1:	b	1b
	.size	_start, . - _start

	.section .note.GNU-stack,"",%progbits
