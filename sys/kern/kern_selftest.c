/*
 * In-kernel self tests of the MI core, run at boot when the command line
 * has `selftest' (before the root is mounted).  They hammer the LWKT
 * primitives from every CPU: threads on each CPU increment a counter
 * under an exclusive token (and read under a shared one), exchange
 * messages through thread, spin and reply ports, sleep with timeouts
 * and wake each other across CPUs, and allocate and free through kmalloc
 * and an objcache; at the end the counters must add up and the
 * allocator statistics must be back where they started.  Prints
 * `selftest: N passed, M failed'.  `selftest=panic' then panics on
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
#include <vm/vm_page.h>

#define ST_ITERS	2000
#define ST_PERCPU	2		/* worker threads per CPU */

MALLOC_DEFINE(M_SELFTEST, "selftest", "boot self tests");

static struct lwkt_token st_token = LWKT_TOKEN_INITIALIZER(st_token);
static volatile uint64_t st_counter;	/* under st_token */
static volatile int st_done;
static int st_pass, st_fail;

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
	/* `selftest=panic' checks the panic path: message and backtrace. */
	if (strcmp(kgetenv("selftest"), "panic") == 0)
		panic("selftest: panic requested on the command line");
}
