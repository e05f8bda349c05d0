	.section .text.start
	.globl _start
_start:
#if defined(__x86_64__)
	andq $-16, %rsp
	call main_
#else
	bl main_
#endif
#if defined(__x86_64__)
1:	jmp 1b
#else
1:	b 1b
#endif
