/*
 * Machine-independent start-up.  The port fills `bootinfo', points mycpu
 * at cpu_globaldata[0] and calls mi_startup() on the boot stack with
 * interrupts off.  mi_startup() prints the banner, brings up the physical
 * allocator, kernel memory, the scheduler and clocks on the BSP, then
 * creates the `main' thread and turns the boot context into CPU 0's idle
 * thread.  `main' starts the other CPUs (cpu_mp_start), runs the SYSINIT
 * hooks of the other subsystems, mounts the root and starts init as
 * process 1.  Each AP enters mi_ap_startup() after its MD set-up.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bootinfo.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/objcache.h>
#include <sys/callout.h>
#include <sys/proc.h>
#include <sys/reboot.h>
#include <sys/time.h>
#include <vm/vm_page.h>
#include <vm/vm_kern.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>

struct bootinfo bootinfo;
struct globaldata cpu_globaldata[SMP_MAXCPU];
int ncpus = 1;

/* Provided by the files layer (sys/kern/vfs_*.c); may not exist yet. */
int	vfs_mountroot(void) __attribute__((__weak__));

static void mi_main(void *arg);
void	kern_selftest(void);

/*
 * Command line: words separated by blanks; each is `key' or `key=value'.
 */
const char *
kgetenv(const char *key)
{
	const char *p = bootinfo.bi_cmdline;
	static char val[BI_CMDLINE];
	size_t klen = strlen(key), n;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, klen) == 0 &&
		    (p[klen] == '\0' || p[klen] == ' ' || p[klen] == '=')) {
			if (p[klen] != '=')
				return ("");
			p += klen + 1;
			for (n = 0; p[n] != '\0' && p[n] != ' ' &&
			    n < sizeof(val) - 1; n++)
				val[n] = p[n];
			val[n] = '\0';
			return (val);
		}
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	return (NULL);
}

bool
kgetenv_bool(const char *key)
{
	return (kgetenv(key) != NULL);
}

long
kgetenv_long(const char *key, long dflt)
{
	const char *v = kgetenv(key);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return (dflt);
	n = strtol(v, &end, 0);
	return (end == v ? dflt : n);
}

static void
print_memory(void)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < bootinfo.bi_nmem; i++)
		total += bootinfo.bi_mem[i].end - bootinfo.bi_mem[i].start;
	kprintf("real memory  = %ju (%ju MB)\n", (uintmax_t)total,
	    (uintmax_t)(total >> 20));
}

void
mi_startup(void)
{
	kprintf("%s\n", version);
	if (bootinfo.bi_machine[0] != '\0')
		kprintf("machine: %s\n", bootinfo.bi_machine);
	print_memory();
	kprintf("command line: %s\n", bootinfo.bi_cmdline);

	vm_page_startup();
	pmap_bootstrap_done();
	kprintf("avail memory = %ju (%ju MB)\n",
	    (uintmax_t)ptoa(vmstats.v_free_count),
	    (uintmax_t)(ptoa(vmstats.v_free_count) >> 20));
	kmem_init();
	kmalloc_init();
	objcache_init();
	lwkt_init();			/* boot context becomes idle thread */
	callout_init_cpu(mycpu);
	clock_init();
	proc0_init();

	/* The rest runs in a thread that may sleep. */
	lwkt_create(mi_main, NULL, NULL, 0, 0, "main");
	lwkt_idle_loop();
}

void
mi_ap_startup(void)
{
	lwkt_init_ap();
	callout_init_cpu(mycpu);
	cpu_initclocks();
	lwkt_idle_loop();
}

extern const struct sysinit *const __start_set_sysinit[] __attribute__((__weak__));
extern const struct sysinit *const __stop_set_sysinit[] __attribute__((__weak__));

/*
 * Run the SYSINIT hooks in (subsystem, order) order.  The set is small;
 * a selection by repeated minimum avoids sorting a read-only section.
 */
void
sysinit_run(void)
{
	const struct sysinit *const *sp, *best, *last;
	size_t n, i;

	if (__start_set_sysinit == NULL)
		return;
	n = __stop_set_sysinit - __start_set_sysinit;
	last = NULL;
	for (i = 0; i < n; i++) {
		best = NULL;
		for (sp = __start_set_sysinit; sp < __stop_set_sysinit; sp++) {
			const struct sysinit *s = *sp;

			if (last != NULL && (s->subsystem < last->subsystem ||
			    (s->subsystem == last->subsystem &&
			    (s->order < last->order || (s->order ==
			    last->order && s <= last)))))
				continue;
			if (best == NULL || s->subsystem < best->subsystem ||
			    (s->subsystem == best->subsystem &&
			    (s->order < best->order || (s->order ==
			    best->order && s < best))))
				best = s;
		}
		if (best == NULL)
			break;
		best->func(best->udata);
		last = best;
	}
}

static void
mi_main(void *arg)
{
	const char *init;
	int error;

	cpu_mp_start();
	cpu_initclocks();
	kprintf("cpus: %d\n", ncpus);
	sysinit_run();
	if (kgetenv_bool("selftest"))
		kern_selftest();

	if (vfs_mountroot == NULL) {
		kprintf("init: no file system layer in this kernel\n");
		kern_reboot(RB_HALT, 1);
	}
	error = vfs_mountroot();
	if (error != 0) {
		kprintf("init: cannot mount the root file system: error %d\n",
		    error);
		kern_reboot(RB_HALT, 1);
	}
	init = kgetenv("init");
	if (init == NULL || *init == '\0')
		init = "/sbin/init";
	error = start_init(init);
	if (error == 0)
		return;		/* init runs in its own thread */
	kprintf("init: cannot start %s: error %d\n", init, error);
	kern_reboot(RB_HALT, 1);
}
