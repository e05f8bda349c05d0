/*
 * An on-demand stress of LWKT message ports and tokens from every CPU,
 * driven from user space through sysctl so the regress suite can run it
 * on a live, multi-CPU system (the boot-time kern_selftest.c only runs
 * before init).  Writing N to debug.lwkt_stress (root only) runs N
 * rounds and blocks until every thread is done:
 *
 *  - tokens: two workers per CPU take one token exclusively (three
 *    rounds in four) or shared.  Each counts itself in or out of an
 *    atomic holder count while it holds the token, so an exclusive
 *    holder that ever sees another holder, or a shared holder that sees
 *    an exclusive one, is an exclusion violation.  Exclusive holders also
 *    do a non-atomic read-modify-write of a counter, which must end at
 *    exactly the number of exclusive sections.  Workers yield with the
 *    token held now and then: LWKT drops a token while its holder is
 *    switched out and takes it back before the holder runs again, so the
 *    holder counts are left before the yield and re-entered after it.
 *  - message ports: a server thread with a thread-owned port on every
 *    CPU; a client on every CPU sends each round one synchronous message
 *    (lwkt_domsg) and four asynchronous ones (lwkt_sendmsg, then
 *    lwkt_waitmsg) to the servers of the other CPUs in turn.  Servers
 *    answer 2v+1; every reply's value and error are checked, and at the
 *    end the messages sent, served and correctly answered must all equal
 *    5 N ncpus.  A message lost or answered twice shows as a difference.
 *
 * Reading debug.lwkt_stress gives the error count of the last run (0:
 * clean; -1: never run); debug.lwkt_stress_msgs and _tokens give its
 * exact message and token-section counts.  Writing 1 to
 * debug.lwkt_stress_inject makes the next run break both rules once on
 * purpose (one increment no worker made, one message the server answers
 * but does not count), so the test can show the checks catch exactly
 * two errors.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread2.h>
#include <sys/msgport.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>

#define LS_MAXROUNDS	100000
#define LS_TOKWORKERS	2		/* token workers per CPU */
#define LS_ASYNC	4		/* asynchronous messages per round */

MALLOC_DEFINE(M_LWKTSTRESS, "lwkt_stress", "LWKT stress test");

struct ls_msg {
	struct lwkt_msg	msg;
	int		value;
	int		quit;
};

static struct lwkt_token ls_token = LWKT_TOKEN_INITIALIZER(ls_token);

static struct {
	int		rounds;
	int		inject;
	volatile int	done;		/* threads finished */
	volatile int	ready;		/* servers with their port set up */
	volatile int	excl;		/* exclusive holders right now */
	volatile int	shared;		/* shared holders right now */
	uint64_t	counter;	/* under ls_token, exclusive */
	volatile uint64_t sections;	/* exclusive + shared sections */
	volatile uint64_t sent, served, answered;
	volatile int	errors;
	struct lwkt_port *ports;	/* one server port per CPU */
} ls;

static volatile int ls_running;
static int ls_last_errors = -1;
static int ls_inject;
static uint64_t ls_last_msgs, ls_last_tokens;

static void
ls_error(void)
{
	__atomic_fetch_add(&ls.errors, 1, __ATOMIC_SEQ_CST);
}

static void
ls_finish(void)
{
	__atomic_fetch_add(&ls.done, 1, __ATOMIC_SEQ_CST);
	wakeup((const void *)(uintptr_t)&ls.done);
}

static void
ls_wait(volatile int *what, int n)
{
	int waited = 0;

	while (__atomic_load_n(what, __ATOMIC_SEQ_CST) < n) {
		tsleep((const void *)(uintptr_t)what, 0, "lsstress", hz / 10);
		/* A stuck run says where it is stuck. */
		if (++waited % 100 == 0)
			kprintf("lwkt_stress: waiting for %d of %d: done %d "
			    "ready %d sections %ju sent %ju served %ju "
			    "answered %ju\n", n - *what, n, ls.done, ls.ready,
			    (uintmax_t)ls.sections, (uintmax_t)ls.sent,
			    (uintmax_t)ls.served, (uintmax_t)ls.answered);
	}
}

/* Enter the exclusive section's accounting; an error if not alone. */
static void
ls_excl_in(void)
{
	if (__atomic_add_fetch(&ls.excl, 1, __ATOMIC_SEQ_CST) != 1 ||
	    __atomic_load_n(&ls.shared, __ATOMIC_SEQ_CST) != 0)
		ls_error();
}

static void
ls_excl_out(void)
{
	__atomic_sub_fetch(&ls.excl, 1, __ATOMIC_SEQ_CST);
}

static void
ls_token_worker(void *arg)
{
	uint64_t v;
	int i;

	(void)arg;
	for (i = 0; i < ls.rounds; i++) {
		if ((i % 4) != 3) {
			lwkt_gettoken(&ls_token);
			ls_excl_in();
			v = ls.counter;
			ls.counter = v + 1;
			ls_excl_out();
			if ((i % 16) == 0) {
				/* Switched out: the token is dropped... */
				lwkt_yield();
				/* ... and held again when we run. */
				ls_excl_in();
				ls_excl_out();
			}
			lwkt_reltoken(&ls_token);
		} else {
			lwkt_gettoken_shared(&ls_token);
			__atomic_add_fetch(&ls.shared, 1, __ATOMIC_SEQ_CST);
			if (__atomic_load_n(&ls.excl, __ATOMIC_SEQ_CST) != 0)
				ls_error();
			v = ls.counter;
			if (ls.counter != v)
				ls_error();	/* a writer got in */
			__atomic_sub_fetch(&ls.shared, 1, __ATOMIC_SEQ_CST);
			lwkt_reltoken(&ls_token);
		}
		__atomic_fetch_add(&ls.sections, 1, __ATOMIC_SEQ_CST);
	}
	ls_finish();
}

static void
ls_server(void *arg)
{
	int cpu = (int)(intptr_t)arg, dropped = 0;
	struct ls_msg *m;

	lwkt_initport_thread(&ls.ports[cpu], curthread);
	__atomic_fetch_add(&ls.ready, 1, __ATOMIC_SEQ_CST);
	wakeup((const void *)(uintptr_t)&ls.ready);
	for (;;) {
		m = lwkt_waitport(&ls.ports[cpu], 0);
		if (m == NULL)
			continue;
		if (m->quit) {
			lwkt_replymsg(&m->msg, 0);
			break;
		}
		m->value = 2 * m->value + 1;
		if (ls.inject && cpu == 0 && !dropped)
			dropped = 1;	/* on purpose: answered, not counted */
		else
			__atomic_fetch_add(&ls.served, 1, __ATOMIC_SEQ_CST);
		lwkt_replymsg(&m->msg, 0);
	}
	ls_finish();
}

static void
ls_check_reply(struct ls_msg *m, int error, int value)
{
	if (error == 0 && m->value == 2 * value + 1)
		__atomic_fetch_add(&ls.answered, 1, __ATOMIC_SEQ_CST);
	else
		ls_error();
}

static void
ls_client(void *arg)
{
	int cpu = (int)(intptr_t)arg, i, j, error, target;
	struct lwkt_port rport;
	struct ls_msg sm, am[LS_ASYNC];

	lwkt_initport_thread(&rport, curthread);
	for (i = 0; i < ls.rounds; i++) {
		target = (cpu + 1 + i) % ncpus;
		lwkt_initmsg(&sm.msg, &rport, 0);
		sm.value = i;
		sm.quit = 0;
		__atomic_fetch_add(&ls.sent, 1, __ATOMIC_SEQ_CST);
		error = lwkt_domsg(&ls.ports[target], &sm.msg, 0);
		ls_check_reply(&sm, error, i);
		for (j = 0; j < LS_ASYNC; j++) {
			lwkt_initmsg(&am[j].msg, &rport, 0);
			am[j].value = i * LS_ASYNC + j;
			am[j].quit = 0;
			__atomic_fetch_add(&ls.sent, 1, __ATOMIC_SEQ_CST);
			lwkt_sendmsg(&ls.ports[(target + j) % ncpus],
			    &am[j].msg);
		}
		for (j = 0; j < LS_ASYNC; j++) {
			error = lwkt_waitmsg(&am[j].msg, 0);
			ls_check_reply(&am[j], error, i * LS_ASYNC + j);
		}
	}
	ls_finish();
}

static int
ls_run(int rounds)
{
	struct ls_msg quit;
	struct lwkt_port rport;
	uint64_t want;
	int cpu, i, n;

	memset(&ls, 0, sizeof(ls));
	ls.rounds = rounds;
	ls.inject = ls_inject;
	ls_inject = 0;
	ls.ports = kmalloc(sizeof(*ls.ports) * ncpus, M_LWKTSTRESS,
	    M_WAITOK | M_ZERO);

	/* Tokens. */
	n = 0;
	for (cpu = 0; cpu < ncpus; cpu++)
		for (i = 0; i < LS_TOKWORKERS; i++, n++)
			lwkt_create(ls_token_worker, (void *)(intptr_t)n, NULL,
			    cpu, 0, "lstok%d.%d", cpu, i);
	ls_wait(&ls.done, n);
	/*
	 * The injected counting error: one increment no worker made.  Done
	 * once they have all finished, since one made without the token
	 * while they ran could itself be lost (a worker's read-modify-write
	 * overwriting it) and the run would then look clean.
	 */
	if (ls.inject)
		ls.counter++;
	want = (uint64_t)n * (rounds - rounds / 4);
	if (ls.counter != want) {
		kprintf("lwkt_stress: counter %ju, want %ju\n",
		    (uintmax_t)ls.counter, (uintmax_t)want);
		ls.errors += ls.counter > want ? ls.counter - want :
		    want - ls.counter;
	}
	ls_last_tokens = ls.sections;

	/* Message ports: servers first, then clients. */
	ls.done = 0;
	for (cpu = 0; cpu < ncpus; cpu++)
		lwkt_create(ls_server, (void *)(intptr_t)cpu, NULL, cpu, 0,
		    "lsserv%d", cpu);
	ls_wait(&ls.ready, ncpus);
	for (cpu = 0; cpu < ncpus; cpu++)
		lwkt_create(ls_client, (void *)(intptr_t)cpu, NULL, cpu, 0,
		    "lsclient%d", cpu);
	ls_wait(&ls.done, ncpus);
	lwkt_initport_thread(&rport, curthread);
	for (cpu = 0; cpu < ncpus; cpu++) {
		lwkt_initmsg(&quit.msg, &rport, 0);
		quit.quit = 1;
		lwkt_domsg(&ls.ports[cpu], &quit.msg, 0);
	}
	ls_wait(&ls.done, 2 * ncpus);
	want = (uint64_t)ncpus * rounds * (1 + LS_ASYNC);
	if (ls.sent != want || ls.served != want || ls.answered != want) {
		kprintf("lwkt_stress: sent %ju served %ju answered %ju, "
		    "want %ju\n", (uintmax_t)ls.sent, (uintmax_t)ls.served,
		    (uintmax_t)ls.answered, (uintmax_t)want);
		if (ls.sent != want)
			ls.errors++;
		ls.errors += ls.served > want ? ls.served - want :
		    want - ls.served;
		ls.errors += ls.answered > want ? ls.answered - want :
		    want - ls.answered;
	}
	ls_last_msgs = ls.answered;
	kfree(ls.ports, M_LWKTSTRESS);
	ls.ports = NULL;
	return (ls.errors);
}

static int
sysctl_lwkt_stress(SYSCTL_HANDLER_ARGS)
{
	int error, rounds, expected = 0;

	error = SYSCTL_OUT(req, &ls_last_errors, sizeof(ls_last_errors));
	if (error != 0 || req->newptr == NULL)
		return (error);
	error = SYSCTL_IN(req, &rounds, sizeof(rounds));
	if (error != 0)
		return (error);
	if (rounds < 1 || rounds > LS_MAXROUNDS)
		return (EINVAL);
	/* One run at a time: the state is global. */
	if (!__atomic_compare_exchange_n(&ls_running, &expected, 1, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return (EBUSY);
	ls_last_errors = ls_run(rounds);
	__atomic_store_n(&ls_running, 0, __ATOMIC_SEQ_CST);
	return (0);
}

SYSCTL_PROC(_debug, OID_AUTO, lwkt_stress, CTLTYPE_INT | CTLFLAG_RW, NULL,
    0, sysctl_lwkt_stress, "I",
    "Write N: run N rounds of the LWKT port/token stress on every CPU; "
    "read: errors in the last run (-1: never run)");
SYSCTL_INT(_debug, OID_AUTO, lwkt_stress_inject, CTLFLAG_RW, &ls_inject, 0,
    "Next lwkt_stress run breaks each rule once on purpose");
SYSCTL_U64(_debug, OID_AUTO, lwkt_stress_msgs, CTLFLAG_RD, &ls_last_msgs, 0,
    "Messages correctly answered in the last lwkt_stress run");
SYSCTL_U64(_debug, OID_AUTO, lwkt_stress_tokens, CTLFLAG_RD,
    &ls_last_tokens, 0, "Token sections in the last lwkt_stress run");
