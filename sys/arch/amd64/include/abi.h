/*
 * The amd64 user ABI as the kernel implements it: a summary for the MI
 * kernel (exec, signals) and for lib/libc.  Nothing here is code.
 *
 * System calls (<sys/cpu.h>): `syscall' with the number in %rax and
 * arguments in %rdi %rsi %rdx %r10 %r8 %r9 (a 7th and 8th, which only
 * sendfile has, stay on the user stack at 8(%rsp) and 16(%rsp), where
 * the C ABI put them); results in %rax (%rdx); on
 * error the carry flag is set and %rax holds the errno.  %rcx and %r11
 * are clobbered (user %rip and %rflags), every other register is kept.
 *
 * Process entry after execve (cpu_exec_setregs): %rip = the ELF entry,
 * %rsp = the `sp' the MI exec code passes, which must point at argc with
 * argv[], NULL, envp[], NULL and the auxv following (SysV layout; the MI
 * code keeps sp 16-byte aligned).  Also %rdi = sp and %rsi = ps_strings
 * for crt0's convenience, %rdx = 0 (no atexit hook from the loader), all
 * other registers 0, FS base 0, a fresh FPU state (FCW 0x37f, MXCSR
 * 0x1f80), %rflags = IF.
 *
 * Signals: see <machine/sigframe.h>; sigaltstack() stacks are honoured.  The trampoline page is mapped by
 * pmap_create() itself at SIGCODE_VA (<machine/vmparam.h>); the MI code
 * only has to implement sys_sigreturn() by calling cpu_sigreturn() and
 * returning EJUSTRETURN (as kern_sig.c does).
 *
 * Faults: SIGSEGV (SEGV_MAPERR / SEGV_ACCERR) for page faults vm_fault()
 * cannot resolve, touching the kernel half, #GP (e.g. non-canonical
 * addresses) and other protection faults; SIGBUS for vm_fault() EIO /
 * ENXIO and alignment checks; SIGFPE for divide errors and x87/SSE
 * exceptions; SIGILL for invalid opcodes; SIGTRAP for int3 and single
 * step.  Signal numbers and codes are FreeBSD's.
 *
 * TLS: sysarch(AMD64_SET_FSBASE / AMD64_GET_FSBASE, &base)
 * (<machine/sysarch.h>); the FS base is per thread and survives context
 * switches, fork (copied) and signals (restored by sigreturn).
 *
 * Kernel-side requirement: struct thread (which embeds struct pcb with a
 * 64-byte aligned XSAVE area) must be allocated 64-byte aligned;
 * cpu_thread_init() checks it.
 */
#ifndef _MACHINE_ABI_H_
#define _MACHINE_ABI_H_
#endif /* !_MACHINE_ABI_H_ */
