/*
 * Stopping the system: panic() and kern_reboot().  Both end in the line
 * `petrel: halted, status N' that the test harness reads, then hand the
 * status to the port (cpu_poweroff), which passes it to the host where it
 * can (isa-debug-exit, semihosting).  Shutdown hooks registered with
 * shutdown_register() run first on a normal stop (not on panic).
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/errno.h>
#include <sys/reboot.h>
#include <sys/shutdown.h>
#include <sys/caps.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>

const char *panicstr;
static volatile int panic_cpu = -1;

#define NSHUTDOWN	16
static struct {
	void	(*fn)(void *, int);
	void	*arg;
} shutdown_hooks[NSHUTDOWN];
static int nshutdown_hooks;

int
shutdown_register(void (*fn)(void *, int), void *arg)
{
	if (nshutdown_hooks == NSHUTDOWN)
		return (ENOSPC);
	shutdown_hooks[nshutdown_hooks].fn = fn;
	shutdown_hooks[nshutdown_hooks].arg = arg;
	nshutdown_hooks++;
	return (0);
}

static void
stop_other_cpus(void)
{
	int i, me;

	if (cpu_globaldata[0].gd_self == NULL)
		return;
	me = mycpuid;
	for (i = 0; i < ncpus; i++)
		if (i != me)
			cpu_send_ipi(i, IPI_STOP);
}

void
panic(const char *fmt, ...)
{
	va_list ap;
	int me, expect;

	intr_disable();
	me = cpu_globaldata[0].gd_self != NULL ? mycpuid : 0;
	expect = -1;
	if (!__atomic_compare_exchange_n(&panic_cpu, &expect, me, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (expect != me) {
			/* Another CPU is panicking: wait for its IPI_STOP. */
			for (;;)
				cpu_pause();
		}
		/* Panic while panicking: give up at once. */
		kprintf("panic: recursive panic\n");
		kprintf("petrel: halted, status 1\n");
		cpu_poweroff(1);
	}
	panicstr = fmt;
	stop_other_cpus();

	kprintf_lock();
	kprintf("panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kprintf("cpuid = %d\n", me);
	kprintf_unlock();
	cpu_backtrace(0);
	kprintf("petrel: halted, status 1\n");
	cpu_poweroff(1);
}

/*
 * Stop the machine.  RB_HALT and RB_POWEROFF power off with status (the
 * host sees it); anything else resets.
 */
void
kern_reboot(int howto, int status)
{
	int i;

	for (i = nshutdown_hooks - 1; i >= 0; i--)
		shutdown_hooks[i].fn(shutdown_hooks[i].arg, howto);
	stop_other_cpus();
	if ((howto & (RB_HALT | RB_POWEROFF)) != 0) {
		kprintf("petrel: halted, status %d\n", status);
		cpu_poweroff(status);
	}
	kprintf("petrel: rebooting\n");
	cpu_reset();
}

int
sys_reboot(struct sysmsg *sysmsg, const struct reboot_args *uap)
{
	int error;

	error = caps_priv_check_self(SYSCAP_NOREBOOT);
	if (error != 0)
		return (error);
	kern_reboot(uap->opt & ~RB_STATUS(0xff), RB_GETSTATUS(uap->opt));
}

/*
 * machdep.fault_test: writing 1 makes the kernel store to KVA_UNMAPPED,
 * a kernel-half address the port never maps, so the trap handler's
 * register dump, named backtrace and panic can be checked (build.sh test
 * boots once for it).  Writing 2 makes it store straight to the caller's
 * own buffer, a present user page, outside the copy routines: the bug
 * SMAP (amd64) and PAN (aarch64) exist to catch, which must panic rather
 * than fault forever (build.sh test boots once for it too, on a CPU with
 * SMAP or PAN; without them the store simply lands).  Root only, even to
 * read.
 */
static void __attribute__((__noinline__))
fault_test_touch(volatile int *p)
{
	*p = 1;
}

static int
sysctl_fault_test(SYSCTL_HANDLER_ARGS)
{
	int v = 0, error;

	error = SYSCTL_OUT(req, &v, sizeof(v));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &v, sizeof(v));
	if (error != 0)
		return (error);
	if (v == 1) {
		kprintf("machdep.fault_test: faulting on purpose\n");
		fault_test_touch((volatile int *)KVA_UNMAPPED);
	}
	if (v == 2 && (req->flags & SCTL_USER) != 0) {
		kprintf("machdep.fault_test: touching user memory at %p "
		    "outside the copy routines\n", req->newptr);
		fault_test_touch((volatile int *)(uintptr_t)req->newptr);
	}
	return (v >= 0 && v <= 2 ? 0 : EINVAL);
}
SYSCTL_PROC(_machdep, OID_AUTO, fault_test,
    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_SECURE, NULL, 0, sysctl_fault_test,
    "I", "write 1: kernel page fault; 2: kernel touches user memory "
    "(panic with backtrace)");
