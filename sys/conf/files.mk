# Machine-independent kernel sources, relative to sys/.  One subsystem a
# file; keep the list grouped by directory and sorted within a group.
SRCS+=	kern/imgact_elf.c
SRCS+=	kern/init_main.c
SRCS+=	kern/kern_clock.c
SRCS+=	kern/kern_exec.c
SRCS+=	kern/kern_exit.c
SRCS+=	kern/kern_fork.c
SRCS+=	kern/kern_jail.c
SRCS+=	kern/kern_lock.c
SRCS+=	kern/kern_malloc.c
SRCS+=	kern/kern_objcache.c
SRCS+=	kern/kern_proc.c
SRCS+=	kern/kern_prot.c
SRCS+=	kern/kern_resource.c
SRCS+=	kern/kern_selftest.c
SRCS+=	kern/kern_shutdown.c
SRCS+=	kern/kern_sig.c
SRCS+=	kern/kern_spinlock.c
SRCS+=	kern/kern_synch.c
SRCS+=	kern/kern_syscall.c
SRCS+=	kern/kern_time.c
SRCS+=	kern/kern_timeout.c
SRCS+=	kern/lwkt_ipiq.c
SRCS+=	kern/lwkt_msgport.c
SRCS+=	kern/lwkt_stress.c
SRCS+=	kern/lwkt_thread.c
SRCS+=	kern/lwkt_token.c
SRCS+=	kern/subr_ksyms.c
SRCS+=	kern/subr_prf.c
SRCS+=	kern/subr_string.c

SRCS+=	vm/vm_fault.c
SRCS+=	vm/vm_kern.c
SRCS+=	vm/vm_map.c
SRCS+=	vm/vm_mmap.c
SRCS+=	vm/vm_object.c
SRCS+=	vm/vm_page.c
