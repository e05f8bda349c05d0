/*
 * In-kernel self tests of the MI core, run at boot when the command line
 * has `selftest' (before the root is mounted).  They hammer the LWKT
 * primitives from every CPU: threads on each CPU increment a counter
 * under an exclusive token (and read under a shared one), exchange
 * messages through thread, spin and reply ports, sleep with timeouts
 * and wake each other across CPUs, and allocate and free through kmalloc
 * and an objcache, take pool tokens, feed a serialized port, abort
 * messages queued and in progress, run lockmgr readers and writers, and
 * see a callout run while a kernel thread spins (kernel preemption);
 * at the end the counters must add up and the allocator statistics
 * must be back where they started.  Prints `selftest: N passed, M
 * failed' and leaves the counts in debug.selftest_passed and
 * debug.selftest_failed (-1 when it did not run), which regress's t_lwkt
 * checks on the boots that ask for it.  `selftest=panic' then panics on
 * purpose, to check the panic message and backtrace.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread2.h>
#include <sys/msgport.h>
#include <sys/malloc.h>
#include <sys/objcache.h>
#include <sys/callout.h>
#include <sys/lock.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/systimer.h>
#include <vm/vm_page.h>

#define ST_ITERS	2000
#define ST_PERCPU	2		/* worker threads per CPU */

MALLOC_DEFINE(M_SELFTEST, "selftest", "boot self tests");

static struct lwkt_token st_token = LWKT_TOKEN_INITIALIZER(st_token);
static volatile uint64_t st_counter;	/* under st_token */
static volatile int st_done;
static int st_pass, st_fail;
static int st_passed = -1, st_failed = -1;	/* the sysctls */

SYSCTL_INT(_debug, OID_AUTO, selftest_passed, CTLFLAG_RD, &st_passed, 0,
    "boot self tests passed (-1: not run; see the selftest boot argument)");
SYSCTL_INT(_debug, OID_AUTO, selftest_failed, CTLFLAG_RD, &st_failed, 0,
    "boot self tests failed (-1: not run)");

/* 1 if the command line asked for the self tests (so they must have run). */
static int
sysctl_selftest_requested(SYSCTL_HANDLER_ARGS)
{
	int v = kgetenv_bool("selftest") ? 1 : 0;

	return (sysctl_handle_int(oidp, &v, 0, req));
}
SYSCTL_PROC(_debug, OID_AUTO, selftest_requested, CTLTYPE_INT | CTLFLAG_RD,
    NULL, 0, sysctl_selftest_requested, "I",
    "the boot command line has `selftest'");

static void
st_check(bool ok, const char *what)
{
	if (ok)
		st_pass++;
	else
		st_fail++;
	kprintf("selftest: %s %s\n", ok ? "ok    " : "FAILED", what);
}

static void
st_finish(void)
{
	__atomic_fetch_add(&st_done, 1, __ATOMIC_SEQ_CST);
	wakeup((const void *)(uintptr_t)&st_done);
}

static void
st_wait(int n)
{
	int waited = 0;

	while (__atomic_load_n(&st_done, __ATOMIC_SEQ_CST) < n) {
		tsleep((const void *)(uintptr_t)&st_done, 0, "stwait", hz / 10);
		if (++waited % 50 == 0)
			kprintf("selftest: waiting: %d of %d done, counter %ju\n",
			    st_done, n, (uintmax_t)st_counter);
	}
}

/* ---- tokens ----------------------------------------------------------- */

static void
st_token_worker(void *arg)
{
	uint64_t v;
	int i;

	for (i = 0; i < ST_ITERS; i++) {
		lwkt_gettoken(&st_token);
		v = st_counter;
		/* Blocking while holding the token drops and retakes it. */
		if ((i % 64) == 0)
			lwkt_yield();
		if ((i % 257) == 0)
			tsleep((const void *)(uintptr_t)&st_counter, 0, "sttok", 1);
		/* The read-modify-write must stay atomic between yields. */
		v = st_counter;
		st_counter = v + 1;
		lwkt_reltoken(&st_token);
		lwkt_gettoken_shared(&st_token);
		lwkt_gettoken_shared(&st_token);	/* recursion */
		(void)st_counter;
		lwkt_reltoken(&st_token);
		lwkt_reltoken(&st_token);
	}
	st_finish();
}

/* ---- message ports ------------------------------------------------------ */

struct st_msg {
	struct lwkt_msg	msg;
	int		value;
};

static struct lwkt_port st_server_port;		/* thread port */
static struct lwkt_port st_spin_port;		/* spin port */
static struct thread *st_server_td;
static volatile uint64_t st_sum;

static void
st_server(void *arg)
{
	struct st_msg *m;
	int served = 0, expect = *(int *)arg;

	lwkt_initport_thread(&st_server_port, curthread);
	wakeup(&st_server_td);
	while (served < expect) {
		m = lwkt_waitport(&st_server_port, 0);
		if (m == NULL)
			continue;
		m->value *= 2;
		served++;
		lwkt_replymsg(&m->msg, 0);
	}
	st_finish();
}

static void
st_client(void *arg)
{
	struct lwkt_port rport;
	struct st_msg sm, am[4];
	int i, j, error;
	uint64_t sum = 0;

	lwkt_initport_thread(&rport, curthread);
	for (i = 0; i < ST_ITERS / 4; i++) {
		/* synchronous */
		lwkt_initmsg(&sm.msg, &rport, 0);
		sm.value = i;
		error = lwkt_domsg(&st_server_port, &sm.msg, 0);
		if (error == 0)
			sum += sm.value;
		/* asynchronous: four in flight, replies come to rport */
		for (j = 0; j < 4; j++) {
			lwkt_initmsg(&am[j].msg, &rport, 0);
			am[j].value = 1;
			lwkt_sendmsg(&st_server_port, &am[j].msg);
		}
		for (j = 0; j < 4; j++) {
			error = lwkt_waitmsg(&am[j].msg, 0);
			if (error == 0)
				sum += am[j].value;
		}
	}
	__atomic_fetch_add(&st_sum, sum, __ATOMIC_SEQ_CST);
	st_finish();
}

/* Spin port: many producers, many consumers. */
static volatile int st_spin_got;

static void
st_spin_producer(void *arg)
{
	struct st_msg *m;
	int i;

	for (i = 0; i < ST_ITERS; i++) {
		m = kmalloc(sizeof(*m), M_SELFTEST, M_WAITOK | M_ZERO);
		lwkt_initmsg(&m->msg, NULL, 0);
		m->value = 1;
		lwkt_sendmsg(&st_spin_port, &m->msg);
		if ((i % 100) == 0)
			lwkt_yield();
	}
	st_finish();
}

static void
st_spin_consumer(void *arg)
{
	struct st_msg *m;
	int total = *(int *)arg;

	while (__atomic_load_n(&st_spin_got, __ATOMIC_SEQ_CST) < total) {
		m = lwkt_getport(&st_spin_port);
		if (m == NULL) {
			tsleep(&st_spin_port, 0, "stspin", 1);
			continue;
		}
		__atomic_fetch_add(&st_spin_got, m->value, __ATOMIC_SEQ_CST);
		kfree(m, M_SELFTEST);
	}
	st_finish();
}

/* ---- sleep/wakeup and callouts ----------------------------------------- */

static volatile int st_pingpong;

static void
st_pinger(void *arg)
{
	int me = (int)(intptr_t)arg, i;

	for (i = 0; i < ST_ITERS / 10; i++) {
		while ((__atomic_load_n(&st_pingpong, __ATOMIC_SEQ_CST) & 1) !=
		    me)
			tsleep((const void *)(uintptr_t)&st_pingpong, 0, "ping", hz);
		__atomic_fetch_add(&st_pingpong, 1, __ATOMIC_SEQ_CST);
		wakeup((const void *)(uintptr_t)&st_pingpong);
	}
	st_finish();
}

static volatile int st_callout_fired;

static void
st_callout_fn(void *arg)
{
	st_callout_fired = mycpuid + 1;
	wakeup((const void *)(uintptr_t)&st_callout_fired);
}

/* ---- kernel preemption ------------------------------------------------- */

static volatile uint64_t st_pre_fired_ns;
static volatile int st_pre_ms, st_pre_done, st_pre_busy;

static void
st_pre_callout(void *arg)
{
	st_pre_fired_ns = uptime_ns();
}

/*
 * A kernel thread (no tokens) arms a callout one tick away and spins for
 * up to half a second without blocking.  The callout runs in this CPU's
 * softclock thread, so it runs during the spin only if the clock
 * interrupt that makes softclock runnable switches to it (preemption,
 * lwkt_preempt_check); without that it waits for the spin to end.
 */
static void
st_pre_thread(void *arg)
{
	struct callout c;
	uint64_t t0;

	callout_init(&c);
	st_pre_fired_ns = 0;
	t0 = uptime_ns();
	callout_reset(&c, 1, st_pre_callout, NULL);
	while (st_pre_fired_ns == 0 && uptime_ns() - t0 < 500000000ULL)
		cpu_pause();
	st_pre_ms = st_pre_fired_ns != 0 ?
	    (int)((st_pre_fired_ns - t0) / 1000000) : -1;
	callout_stop(&c);
	st_pre_done = 1;
	wakeup((const void *)(uintptr_t)&st_pre_done);
}

/*
 * Milliseconds until the callout ran during the spin, or -1; -2 when
 * another probe is running or no thread could be made.
 */
static int
st_preempt_probe(void)
{
	int ms;

	if (__atomic_exchange_n(&st_pre_busy, 1, __ATOMIC_SEQ_CST) != 0)
		return (-2);
	st_pre_done = 0;
	if (lwkt_create(st_pre_thread, NULL, NULL, mycpuid, 0, "stpreempt")
	    != 0) {
		__atomic_store_n(&st_pre_busy, 0, __ATOMIC_SEQ_CST);
		return (-2);
	}
	while (st_pre_done == 0)
		tsleep((const void *)(uintptr_t)&st_pre_done, 0, "stpre", hz);
	ms = st_pre_ms;
	__atomic_store_n(&st_pre_busy, 0, __ATOMIC_SEQ_CST);
	return (ms);
}

/*
 * debug.preempt_probe: run the probe now (on the reader's CPU) and read
 * its result: milliseconds from arming the callout until it ran while a
 * kernel thread spun, -1 if it only could after the spin (500 ms).
 */
static int
sysctl_preempt_probe(SYSCTL_HANDLER_ARGS)
{
	int v = st_preempt_probe();

	return (sysctl_handle_int(oidp, &v, 0, req));
}
SYSCTL_PROC(_debug, OID_AUTO, preempt_probe,
    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_SKIP,
    NULL, 0, sysctl_preempt_probe, "I",
    "ms until a callout ran while a kernel thread spun (-1: not during it)");

/* ---- systimers -------------------------------------------------------- */

static volatile int st_sys_once, st_sys_wrongcpu, st_sys_busy;
static volatile uint64_t st_sys_once_ns;

static void
st_sys_periodic_fn(struct systimer *info, int in_ipi, void *frame)
{
	if (mycpuid != info->st_cpu)
		st_sys_wrongcpu++;
}

static void
st_sys_oneshot_fn(struct systimer *info, int in_ipi, void *frame)
{
	if (mycpuid != info->st_cpu)
		st_sys_wrongcpu++;
	st_sys_once++;
	st_sys_once_ns = uptime_ns();
}

/*
 * debug.systimer_probe: arm a 50 Hz periodic systimer and a 30 ms
 * one-shot on the reader's CPU, sleep about 250 ms, delete both, sleep
 * 50 ms more.  Six ints: periodic runs, ms between arming and deleting,
 * one-shot runs, ms from arming to the one-shot, runs on a CPU other
 * than the arming one, periodic runs after the delete.
 */
static int
sysctl_systimer_probe(SYSCTL_HANDLER_ARGS)
{
	struct systimer per, one;
	uint64_t t0, t1, n;
	int out[6];

	if (__atomic_exchange_n(&st_sys_busy, 1, __ATOMIC_SEQ_CST) != 0)
		return (EBUSY);
	memset(&per, 0, sizeof(per));
	memset(&one, 0, sizeof(one));
	st_sys_once = 0;
	st_sys_wrongcpu = 0;
	st_sys_once_ns = 0;
	t0 = uptime_ns();
	systimer_init_periodic(&per, st_sys_periodic_fn, NULL, 50);
	systimer_init_oneshot(&one, st_sys_oneshot_fn, NULL, 30000);
	while (uptime_ns() - t0 < 250000000ULL)
		tsleep(&per, 0, "stsys", nstohz(250000000ULL -
		    (uptime_ns() - t0)));
	systimer_del(&per);
	systimer_del(&one);
	t1 = uptime_ns();
	n = per.st_count;
	tsleep(&one, 0, "stsys2", hz / 20 + 1);
	out[0] = (int)n;
	out[1] = (int)((t1 - t0) / 1000000);
	out[2] = st_sys_once;
	out[3] = st_sys_once_ns != 0 ?
	    (int)((st_sys_once_ns - t0) / 1000000) : -1;
	out[4] = st_sys_wrongcpu;
	out[5] = (int)(per.st_count - n);
	__atomic_store_n(&st_sys_busy, 0, __ATOMIC_SEQ_CST);
	return (SYSCTL_OUT(req, out, sizeof(out)));
}
SYSCTL_PROC(_debug, OID_AUTO, systimer_probe,
    CTLTYPE_OPAQUE | CTLFLAG_RD | CTLFLAG_SKIP,
    NULL, 0, sysctl_systimer_probe, "S,systimer_probe",
    "run a 50 Hz and a 30 ms systimer: runs, ms, one-shot runs, its ms, "
    "runs on another CPU, runs after delete");

/* ---- lockmgr ------------------------------------------------------------ */

static struct lock st_lock;
static volatile int st_readers, st_writers, st_lk_bad;
static uint64_t st_lk_value;

static void
st_lock_worker(void *arg)
{
	int i, writer = (int)(intptr_t)arg;

	for (i = 0; i < ST_ITERS / 4; i++) {
		if (writer) {
			lockmgr(&st_lock, LK_EXCLUSIVE);
			if (__atomic_add_fetch(&st_writers, 1,
			    __ATOMIC_SEQ_CST) != 1 || st_readers != 0)
				st_lk_bad++;
			st_lk_value++;
			if ((i % 32) == 0)
				tsleep(&st_lk_value, 0, "stlk", 1);
			__atomic_sub_fetch(&st_writers, 1, __ATOMIC_SEQ_CST);
			lockmgr(&st_lock, LK_RELEASE);
		} else {
			lockmgr(&st_lock, LK_SHARED);
			__atomic_add_fetch(&st_readers, 1, __ATOMIC_SEQ_CST);
			if (st_writers != 0)
				st_lk_bad++;
			if ((i % 64) == 0)
				lwkt_yield();
			__atomic_sub_fetch(&st_readers, 1, __ATOMIC_SEQ_CST);
			lockmgr(&st_lock, LK_RELEASE);
		}
	}
	st_finish();
}

/* ---- pool tokens ------------------------------------------------------ */

#define ST_POOL_OBJS	8

static struct { uint64_t count; char pad[56]; } st_pool_obj[ST_POOL_OBJS];

/* Non-atomic increments, each under the token the object's address picks. */
static void
st_pool_worker(void *arg)
{
	int i, k;

	for (i = 0; i < ST_ITERS; i++) {
		k = (i * 7 + (int)(uintptr_t)arg) % ST_POOL_OBJS;
		lwkt_getpooltoken(&st_pool_obj[k]);
		st_pool_obj[k].count++;
		if ((i % 97) == 0)
			lwkt_yield();	/* blocking gives it up and retakes */
		lwkt_relpooltoken(&st_pool_obj[k]);
	}
	st_finish();
}

/* ---- serialized port ---------------------------------------------------- */

static struct lwkt_token st_ser_token = LWKT_TOKEN_INITIALIZER(st_ser_token);
static struct lwkt_port st_ser_port;
static uint64_t st_ser_got;			/* under st_ser_token */

/*
 * A receiver: any thread holding the port's token may take messages
 * (and sleep for them: the token goes while it sleeps); a message of
 * value -1 tells it to stop.
 */
static void
st_ser_consumer(void *arg)
{
	struct st_msg *m;
	uint64_t v;
	bool stop;

	for (;;) {
		lwkt_gettoken(&st_ser_token);
		m = lwkt_waitport(&st_ser_port, 0);
		stop = m != NULL && m->value < 0;
		if (m != NULL && !stop) {
			v = st_ser_got;
			st_ser_got = v + (uint64_t)m->value;
		}
		lwkt_reltoken(&st_ser_token);
		if (m != NULL)
			lwkt_replymsg(&m->msg, 0);
		if (stop)
			break;
	}
	st_finish();
}

static void
st_ser_producer(void *arg)
{
	struct st_msg m;
	struct lwkt_port rport;
	int i;

	lwkt_initport_thread(&rport, curthread);
	for (i = 0; i < ST_ITERS / 4; i++) {
		lwkt_initmsg(&m.msg, &rport, 0);
		m.value = i + 1;
		(void)lwkt_domsg(&st_ser_port, &m.msg, 0);
	}
	st_finish();
}

/* ---- aborting messages --------------------------------------------------- */

static struct lwkt_port st_abort_port;		/* spin port, no receiver */
static struct lwkt_port st_abort_port2;		/* thread port of st_abort_srv */
static struct thread *st_abort_td;
static volatile int st_abort_calls, st_abort_seen;

static void
st_abortfn(lwkt_msg_t msg)
{
	__atomic_fetch_add(&st_abort_calls, 1, __ATOMIC_SEQ_CST);
	wakeup((const void *)(uintptr_t)&st_abort_calls);
}

/*
 * Takes one message and works on it until its sender asks for an abort
 * (the abort function wakes it), then replies ECONNABORTED, as a
 * protocol thread would for an interrupted request.
 */
static void
st_abort_srv(void *arg)
{
	lwkt_msg_t msg;

	lwkt_initport_thread(&st_abort_port2, curthread);
	wakeup(&st_abort_td);
	do
		msg = lwkt_waitport(&st_abort_port2, 0);
	while (msg == NULL);
	st_abort_seen = 1;
	wakeup((const void *)(uintptr_t)&st_abort_seen);
	while ((msg->ms_flags & MSGF_ABORTED) == 0 ||
	    __atomic_load_n(&st_abort_calls, __ATOMIC_SEQ_CST) == 0)
		tsleep((const void *)(uintptr_t)&st_abort_calls, 0, "stabrt", 1);
	lwkt_replymsg(msg, ECONNABORTED);
	st_finish();
}

/* ---- objcache ---------------------------------------------------------- */

static struct objcache *st_oc;

static void
st_oc_worker(void *arg)
{
	void *objs[64];
	int i, j;

	for (i = 0; i < ST_ITERS / 20; i++) {
		for (j = 0; j < 64; j++)
			objs[j] = objcache_get(st_oc, M_WAITOK);
		for (j = 0; j < 64; j++)
			objcache_put(st_oc, objs[j]);
	}
	st_finish();
}

void
kern_selftest(void)
{
	struct callout c;
	uint64_t free0, free1;
	int n, i, cpu, nserved, error;
	uint64_t ticks0;

	kprintf("selftest: %d CPUs, %d iterations\n", ncpus, ST_ITERS);
	free0 = vmstats.v_free_count;

	/* Tokens from every CPU. */
	st_done = 0;
	n = 0;
	for (cpu = 0; cpu < ncpus; cpu++)
		for (i = 0; i < ST_PERCPU; i++, n++)
			lwkt_create(st_token_worker, NULL, NULL, cpu, 0,
			    "sttok%d.%d", cpu, i);
	st_wait(n);
	st_check(st_counter == (uint64_t)n * ST_ITERS,
	    "token: exclusive counter from all CPUs");

	/* Thread port server on CPU 0, clients everywhere. */
	st_done = 0;
	n = 0;
	nserved = ncpus * (ST_ITERS / 4) * 5;
	st_server_td = NULL;
	lwkt_create(st_server, &nserved, &st_server_td, 0, 0, "stserver");
	while (st_server_port.mp_putport == NULL)
		tsleep(&st_server_td, 0, "stsrv", 1);
	for (cpu = 0; cpu < ncpus; cpu++)
		lwkt_create(st_client, NULL, NULL, cpu, 0, "stclient%d", cpu);
	st_wait(ncpus + 1);
	{
		uint64_t per = 0;

		for (i = 0; i < ST_ITERS / 4; i++)
			per += 2 * i + 4 * 2;
		st_check(st_sum == per * ncpus,
		    "msgport: domsg/sendmsg/replymsg across CPUs");
	}

	/* Spin port: producers and consumers on every CPU. */
	st_done = 0;
	lwkt_initport_spin(&st_spin_port, NULL);
	n = ncpus * ST_ITERS;
	for (cpu = 0; cpu < ncpus; cpu++) {
		lwkt_create(st_spin_producer, NULL, NULL, cpu, 0, "stprod%d",
		    cpu);
		lwkt_create(st_spin_consumer, &n, NULL, cpu, 0, "stcons%d",
		    cpu);
	}
	st_wait(2 * ncpus);
	st_check(st_spin_got == n && lwkt_getport(&st_spin_port) == NULL,
	    "msgport: spin port, many producers and consumers");

	/* Wakeups ping-pong between two CPUs. */
	st_done = 0;
	st_pingpong = 0;
	lwkt_create(st_pinger, (void *)0, NULL, 0, 0, "stping");
	lwkt_create(st_pinger, (void *)1, NULL, ncpus > 1 ? 1 : 0, 0,
	    "stpong");
	st_wait(2);
	st_check(st_pingpong == 2 * (ST_ITERS / 10),
	    "tsleep/wakeup: ping-pong between CPUs");

	/* tsleep timeout and a callout. */
	ticks0 = mycpu->gd_ticks;
	error = tsleep(&st_pass, 0, "sttimo", hz / 5);
	st_check(error == EWOULDBLOCK && mycpu->gd_ticks - ticks0 >= hz / 5,
	    "tsleep: timeout after the right number of ticks");
	callout_init(&c);
	st_callout_fired = 0;
	callout_reset(&c, 3, st_callout_fn, NULL);
	while (st_callout_fired == 0)
		tsleep((const void *)(uintptr_t)&st_callout_fired, 0, "stco", hz);
	st_check(st_callout_fired == mycpuid + 1,
	    "callout: runs on the CPU that armed it");
	callout_reset(&c, hz * 100, st_callout_fn, NULL);
	st_check(callout_stop(&c) == 1, "callout: stop before it fires");
	error = st_preempt_probe();
	st_check(error >= 0 && error < 100,
	    "preemption: softclock runs while a kernel thread spins");

	/* lockmgr: a reader and a writer on every CPU. */
	st_done = 0;
	lockinit(&st_lock, "stlock", 0, 0);
	for (cpu = 0; cpu < ncpus; cpu++) {
		lwkt_create(st_lock_worker, (void *)0, NULL, cpu, 0, "stlkr%d",
		    cpu);
		lwkt_create(st_lock_worker, (void *)1, NULL, cpu, 0, "stlkw%d",
		    cpu);
	}
	st_wait(2 * ncpus);
	st_check(st_lk_bad == 0 &&
	    st_lk_value == (uint64_t)ncpus * (ST_ITERS / 4),
	    "lockmgr: shared and exclusive holders exclude each other");

	/* Pool tokens: per-object counters from every CPU. */
	st_done = 0;
	n = 0;
	for (cpu = 0; cpu < ncpus; cpu++)
		for (i = 0; i < ST_PERCPU; i++, n++)
			lwkt_create(st_pool_worker, (void *)(uintptr_t)n, NULL,
			    cpu, 0, "stpool%d.%d", cpu, i);
	st_wait(n);
	{
		uint64_t total = 0;

		for (i = 0; i < ST_POOL_OBJS; i++)
			total += st_pool_obj[i].count;
		st_check(total == (uint64_t)n * ST_ITERS,
		    "pool tokens: per-object counters from all CPUs");
	}

	/* A serialized port: producers everywhere, two receivers. */
	st_done = 0;
	st_ser_got = 0;
	lwkt_initport_serialize(&st_ser_port, &st_ser_token);
	lwkt_create(st_ser_consumer, NULL, NULL, 0, 0, "stserc0");
	lwkt_create(st_ser_consumer, NULL, NULL, ncpus - 1, 0, "stserc1");
	for (cpu = 0; cpu < ncpus; cpu++)
		lwkt_create(st_ser_producer, NULL, NULL, cpu, 0, "stserp%d",
		    cpu);
	st_wait(ncpus);
	{
		static struct st_msg stop[2];
		uint64_t per = (uint64_t)(ST_ITERS / 4) * (ST_ITERS / 4 + 1) / 2;
		bool empty;

		for (i = 0; i < 2; i++) {
			lwkt_initmsg(&stop[i].msg, NULL, 0);
			stop[i].value = -1;
			lwkt_sendmsg(&st_ser_port, &stop[i].msg);
		}
		st_wait(ncpus + 2);
		lwkt_gettoken(&st_ser_token);
		empty = lwkt_getport(&st_ser_port) == NULL;
		lwkt_reltoken(&st_ser_token);
		st_check(st_ser_got == per * ncpus && empty,
		    "msgport: serialized port, receivers under its token");
	}

	/* Aborting a message still queued: dropped, replied EINTR. */
	{
		struct lwkt_port rport;
		struct lwkt_msg am;

		lwkt_initport_spin(&st_abort_port, NULL);
		lwkt_initport_thread(&rport, curthread);
		st_abort_calls = 0;
		lwkt_initmsg_abortable(&am, &rport, 0, st_abortfn);
		lwkt_sendmsg(&st_abort_port, &am);
		lwkt_abortmsg(&am);
		error = lwkt_waitmsg(&am, 0);
		st_check(error == EINTR && st_abort_calls == 0 &&
		    lwkt_getport(&st_abort_port) == NULL,
		    "msgport: abort of a queued message replies EINTR");

		/* In progress: the target is told and replies itself. */
		st_done = 0;
		st_abort_seen = 0;
		st_abort_td = NULL;
		lwkt_create(st_abort_srv, NULL, &st_abort_td, ncpus - 1, 0,
		    "stabort");
		while (st_abort_port2.mp_putport == NULL)
			tsleep(&st_abort_td, 0, "stabw", 1);
		lwkt_initmsg_abortable(&am, &rport, 0, st_abortfn);
		lwkt_sendmsg(&st_abort_port2, &am);
		while (st_abort_seen == 0)
			tsleep((const void *)(uintptr_t)&st_abort_seen, 0, "stabs", 1);
		lwkt_abortmsg(&am);
		lwkt_abortmsg(&am);	/* a second request is ignored */
		error = lwkt_waitmsg(&am, 0);
		st_wait(1);
		st_check(error == ECONNABORTED && st_abort_calls == 1,
		    "msgport: abort of a message in progress reaches the "
		    "target once");
	}

	/* objcache from every CPU, then reclaim. */
	st_done = 0;
	st_oc = objcache_create_simple(M_SELFTEST, 200);
	for (cpu = 0; cpu < ncpus; cpu++)
		lwkt_create(st_oc_worker, NULL, NULL, cpu, 0, "stoc%d", cpu);
	st_wait(ncpus);
	objcache_destroy(st_oc);
	st_check(M_SELFTEST->ks_inuse == 0,
	    "objcache: every object back after destroy");

	/* Threads are reaped by the idle threads: give them a moment. */
	tsleep(&st_pass, 0, "streap", hz / 2);
	free1 = vmstats.v_free_count;
	kprintf("selftest: free pages %ju before, %ju after\n",
	    (uintmax_t)free0, (uintmax_t)free1);
	st_check(M_SELFTEST->ks_inuse == 0 && M_SELFTEST->ks_failures == 0,
	    "kmalloc: type statistics back to zero");
	kprintf("selftest: %d passed, %d failed\n", st_pass, st_fail);
	st_passed = st_pass;
	st_failed = st_fail;
	/* `selftest=panic' checks the panic path: message and backtrace. */
	if (strcmp(kgetenv("selftest"), "panic") == 0)
		panic("selftest: panic requested on the command line");
}
