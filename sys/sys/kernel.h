/*
 * Boot-time initialisation hooks.  SYSINIT(uniquifier, subsystem, order,
 * func, arg) puts a record in the set_sysinit linker set; mi_startup()'s
 * main thread runs every record sorted by subsystem then order, once the
 * allocator, the scheduler, the clocks and all CPUs are up (so a hook may
 * sleep, create threads and allocate).  Core services that must run
 * earlier (VM, kmalloc, LWKT) are called directly by init_main.c.
 *
 * The linker provides __start_set_sysinit/__stop_set_sysinit; a port's
 * linker script must not discard the section (placing KEEP(*(set_sysinit))
 * among the read-only data is best).
 */
#ifndef _SYS_KERNEL_H_
#define _SYS_KERNEL_H_

#include <sys/types.h>

enum sysinit_sub {
	SI_SUB_FIRST		= 0x0000000,
	SI_SUB_TUNABLES		= 0x0700000,	/* read kgetenv */
	SI_SUB_LOCK		= 0x1b00000,
	SI_SUB_KMEM		= 0x1800000,
	SI_SUB_SYSCTL		= 0x2000000,	/* sysctl tree */
	SI_SUB_OBJCACHE		= 0x2100000,
	SI_SUB_CREATE_INIT	= 0x2500000,
	SI_SUB_SCHED		= 0x2600000,
	SI_SUB_CLOCKS		= 0x4800000,
	SI_SUB_MBUF		= 0x6000000,	/* mbufs */
	SI_SUB_VFS		= 0x4000000,	/* VFS, tmpfs, devfs */
	SI_SUB_DEVFS		= 0x4100000,
	SI_SUB_INTRINSIC	= 0x5000000,
	SI_SUB_DRIVERS		= 0x3100000,
	SI_SUB_CONFIGURE	= 0x3800000,	/* device probe */
	SI_SUB_SYSV_SEM		= 0x6400000,
	SI_SUB_SYSV_SHM		= 0x6410000,
	SI_SUB_SYSV_MSG		= 0x6420000,
	SI_SUB_P1003_1B		= 0x6500000,	/* POSIX message queues */
	SI_SUB_PSEUDO		= 0x7000000,
	SI_SUB_PROTO_DOMAIN	= 0x8800000,	/* protocol domains */
	SI_SUB_PROTO_IF		= 0x8400000,
	SI_SUB_PROTO_BEGIN	= 0x8000000,
	SI_SUB_PRE_DRIVERS	= 0x3000000,
	SI_SUB_ROOT_CONF	= 0xb000000,
	SI_SUB_KTHREAD_INIT	= 0xe000000,
	SI_SUB_RUN_SCHEDULER	= 0xfffffff
};

enum sysinit_order {
	SI_ORDER_FIRST		= 0x0000000,
	SI_ORDER_SECOND		= 0x0000001,
	SI_ORDER_THIRD		= 0x0000002,
	SI_ORDER_MIDDLE		= 0x1000000,
	SI_ORDER_ANY		= 0xfffffff
};

struct sysinit {
	unsigned int	subsystem;
	unsigned int	order;
	void		(*func)(void *);
	void		*udata;
	const char	*name;
};

#define SYSINIT(uniq, sub, ord, fn, arg)				\
	static const struct sysinit uniq##_sys_init = {			\
		(sub), (ord), (void (*)(void *))(fn), (void *)(arg), #uniq \
	};								\
	static const struct sysinit *const uniq##_sys_init_ptr		\
	    __section("set_sysinit") __used = &uniq##_sys_init

void	sysinit_run(void);		/* init_main.c */

#endif /* !_SYS_KERNEL_H_ */
