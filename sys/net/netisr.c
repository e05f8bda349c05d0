/*
 * Network protocol threads (netisr).  At boot one thread per CPU is
 * created, bound to its CPU, with an LWKT thread port.  Two kinds of
 * message arrive there:
 *  - packets queued by netisr_queue() from drivers' receive paths and
 *    from loopback output (struct netmsg_packet, freed here after the
 *    protocol's handler consumed the mbuf chain);
 *  - socket requests (so_pru_* in uipc_msg.c) for inet sockets, whose
 *    so_port is one of these ports; their handler replies.
 * Every message names its handler in nm_dispatch, so the loop is the
 * same for both.  The thread picked for a packet is the flow hash (from
 * the protocol's hash function) modulo the number of CPUs, so the
 * packets of one flow are processed in order.
 *
 * Some protocol work also runs outside these threads: a PR_DIRECT_SEND
 * protocol's pru_send runs in the sending thread (so_pru_send).  Such a
 * thread brackets the work with netisr_direct_enter()/_leave(), and
 * netisr_direct_drain() waits until every section that was open when it
 * was called has closed, which is what if_detach() needs before the
 * interface a direct sender may have looked up goes away.  The sections
 * are counted in two slots chosen by a generation number, so a drain
 * waits only for sections older than itself and cannot be starved by
 * new ones (the scheme of sleepable read-copy-update).  The thread is
 * marked TDF_NETDIRECT meanwhile: loopback output then delivers the
 * packet at once with netisr_dispatch() instead of queueing it, so a
 * datagram on lo0 from a direct sender is sent and received without a
 * thread switch.
 *
 * A netisr thread that sends on lo0 itself (TCP, whose output all runs
 * in netisr 0; replies to ICMP echoes) defers the packet instead
 * (netisr_defer): it goes on a list of that thread's own and is run
 * right after the message being handled returns, before the next one
 * is taken from the port.  Not at once, inside the sender, because the
 * input can come back to the sender's own state (a TCP segment's ACK
 * reaching the tcpcb whose tcp_output is still on the stack, or a RST
 * freeing it); not through the port, because that costs a message and,
 * for TCP, a trip to the flow's thread and back to netisr 0 for every
 * segment.  Packets deferred while the list runs join its tail, so
 * order is kept; after NETISR_DEFER_BURST of them the thread lets the
 * messages waiting at its port go first (a kick message requeues the
 * rest), so a loop of packets cannot starve them.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/msgport.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>
#include <net/netisr.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_NETISR, "netisr", "queued packet messages");

struct netisr_cpu {
	struct thread	*td;		/* the thread; immutable */
	struct lwkt_port port;		/* its port; immutable */
	uint64_t	handled;	/* messages run; this thread only */
	/* Deferred packets (m_nextpkt list); this thread only. */
	struct mbuf	*defer_head[NETISR_MAX];
	struct mbuf	**defer_tail[NETISR_MAX];
	int		ndefer;		/* on the lists */
	struct netmsg_base kick;	/* run the rest later */
	bool		kick_queued;	/* kick is at the port */
};

#define NETISR_DEFER_BURST	256	/* packets before the port's turn */

struct netisr_proto {
	netisr_handler_t *handler;	/* immutable after boot */
	netisr_hashfn_t	*hashfn;
};

static struct netisr_cpu netisr_cpu[SMP_MAXCPU];
static struct netisr_proto netisr_protos[NETISR_MAX];
static int netisr_ncpus;		/* threads started */
static uint64_t netisr_drops;		/* packets refused (no memory or
					   no handler); atomic */
static uint64_t netisr_queued;		/* packets queued; atomic */

/*
 * Direct sections.  A section counts itself in netisr_direct_open[g & 1]
 * where g is netisr_direct_gen when it entered; a drain advances the
 * generation twice, each time waiting for the slot just left to empty.
 * Drains take turns (netisr_direct_draining), so that no other drain
 * moves the generation under one that is waiting.
 */
static u_int netisr_direct_gen;		/* atomic */
static u_int netisr_direct_open[2];	/* open sections per slot; atomic */
static uint64_t netisr_direct_sends;	/* sections entered; atomic */
static uint64_t netisr_dispatched;	/* packets run in their sender;
					   atomic */
static u_int netisr_direct_draining;	/* a drain runs; atomic */
static uint64_t netisr_deferred;	/* packets run after their netisr
					   sender's message; atomic */
static int netisr_defer_enabled = 1;	/* net.isr.defer */
#define NETISR_DIRECT_MARKED	2	/* enter's value: thread marked */

SYSCTL_NODE(_net, OID_AUTO, isr, CTLFLAG_RW, 0, "netisr threads");
SYSCTL_INT(_net_isr, OID_AUTO, numthreads, CTLFLAG_RD, &netisr_ncpus, 0,
    "protocol threads (one per CPU)");
SYSCTL_U64(_net_isr, OID_AUTO, drops, CTLFLAG_RD, &netisr_drops, 0,
    "packets dropped at queueing");
SYSCTL_U64(_net_isr, OID_AUTO, queued, CTLFLAG_RD, &netisr_queued, 0,
    "packets queued to the protocol threads");
SYSCTL_U64(_net_isr, OID_AUTO, direct, CTLFLAG_RD, &netisr_direct_sends, 0,
    "protocol sends run in the sending thread");
SYSCTL_U64(_net_isr, OID_AUTO, dispatched, CTLFLAG_RD, &netisr_dispatched, 0,
    "packets handled in the sending thread, not queued");
SYSCTL_U64(_net_isr, OID_AUTO, deferred, CTLFLAG_RD, &netisr_deferred, 0,
    "packets a netisr thread sent on lo0 and ran itself, not queued");
SYSCTL_INT(_net_isr, OID_AUTO, defer, CTLFLAG_RW, &netisr_defer_enabled, 0,
    "lo0 output from a netisr thread runs in that thread (0: queue it)");

/*
 * Run this thread's deferred packets, oldest first, each protocol's
 * list in turn until all are empty or a burst has run.  What is left
 * waits for the kick, behind the messages queued meanwhile.
 */
static void
netisr_run_deferred(struct netisr_cpu *nc)
{
	struct mbuf *m;
	int burst = 0, num;

	while (nc->ndefer > 0) {
		for (num = 1; num < NETISR_MAX; num++) {
			while ((m = nc->defer_head[num]) != NULL) {
				if (burst == NETISR_DEFER_BURST) {
					if (!nc->kick_queued) {
						nc->kick_queued = true;
						lwkt_sendmsg(&nc->port,
						    &nc->kick.lmsg);
					}
					return;
				}
				nc->defer_head[num] = m->m_nextpkt;
				if (nc->defer_head[num] == NULL)
					nc->defer_tail[num] =
					    &nc->defer_head[num];
				m->m_nextpkt = NULL;
				nc->ndefer--;
				burst++;
				netisr_protos[num].handler(m);
			}
		}
	}
}

/*
 * The kick: the deferred packets run after every message anyway.  The
 * reply (to the null port) makes the message sendable again.
 */
static void
netisr_kick_dispatch(netmsg_t nmsg)
{
	netisr_cpu[mycpuid].kick_queued = false;
	lwkt_replymsg(&nmsg->base.lmsg, 0);
}

static void
netisr_thread(void *arg)
{
	struct netisr_cpu *nc = arg;
	netmsg_base_t msg;

	for (;;) {
		msg = lwkt_waitport(&nc->port, 0);
		if (msg == NULL)
			continue;
		msg->nm_dispatch((netmsg_t)msg);
		nc->handled++;
		if (nc->ndefer > 0)
			netisr_run_deferred(nc);
	}
}

static void
netisr_init(void *arg __unused)
{
	struct netisr_cpu *nc;
	int cpu, num;

	for (cpu = 0; cpu < ncpus; cpu++) {
		nc = &netisr_cpu[cpu];
		for (num = 0; num < NETISR_MAX; num++)
			nc->defer_tail[num] = &nc->defer_head[num];
		netmsg_init(&nc->kick, NULL, NULL, 0, netisr_kick_dispatch);
		if (lwkt_create(netisr_thread, nc, &nc->td, cpu, TDF_NOSTART,
		    "netisr%d", cpu) != 0)
			panic("netisr_init: cannot create netisr%d", cpu);
		lwkt_initport_thread(&nc->port, nc->td);
		lwkt_setpri(nc->td, TDPRI_SOFT_NORM);
		lwkt_schedule(nc->td);
	}
	netisr_ncpus = ncpus;
}
SYSINIT(netisr, SI_SUB_PROTO_BEGIN, SI_ORDER_FIRST, netisr_init, NULL);

void
netisr_register(int num, netisr_handler_t *handler, netisr_hashfn_t *hashfn)
{
	KASSERT(num > 0 && num < NETISR_MAX, ("netisr_register: %d", num));
	netisr_protos[num].handler = handler;
	netisr_protos[num].hashfn = hashfn;
}

lwkt_port_t
netisr_cpuport(int cpu)
{
	KASSERT(cpu >= 0 && cpu < netisr_ncpus, ("netisr_cpuport: %d", cpu));
	return (&netisr_cpu[cpu].port);
}

lwkt_port_t
netisr_curport(void)
{
	return (netisr_cpuport(mycpuid < netisr_ncpus ? mycpuid : 0));
}

int
netisr_hashcpu(uint32_t hash)
{
	return ((int)(hash % (uint32_t)netisr_ncpus));
}

bool
netisr_running(void)
{
	int cpu = mycpuid;

	return (cpu < netisr_ncpus && curthread == netisr_cpu[cpu].td);
}

/* The handler side of a queued packet. */
static void
netisr_packet_dispatch(netmsg_t nmsg)
{
	struct netmsg_packet *msg = (struct netmsg_packet *)nmsg;
	struct mbuf *m = msg->nm_packet;
	int num = msg->nm_proto;

	kfree(msg, M_NETISR);
	netisr_protos[num].handler(m);
}

/*
 * Queue a packet to the protocol thread of its flow.  Never blocks:
 * callable from interrupt threads and from other netisr threads.  The
 * mbuf is consumed whatever happens.
 */
int
netisr_queue(int num, struct mbuf *m)
{
	struct netisr_proto *np;
	struct netmsg_packet *msg;
	uint32_t hash;

	if (num <= 0 || num >= NETISR_MAX ||
	    (np = &netisr_protos[num])->handler == NULL ||
	    netisr_ncpus == 0) {
		atomic_add_64(&netisr_drops, 1);
		m_freem(m);
		return (EPROTONOSUPPORT);
	}
	msg = kmalloc(sizeof(*msg), M_NETISR, M_NOWAIT);
	if (msg == NULL) {
		atomic_add_64(&netisr_drops, 1);
		m_freem(m);
		return (ENOBUFS);
	}
	hash = (np->hashfn != NULL) ? np->hashfn(m) : 0;
	m->m_pkthdr.hash = hash;
	netmsg_init(&msg->base, NULL, NULL, 0, netisr_packet_dispatch);
	msg->nm_packet = m;
	msg->nm_proto = num;
	atomic_add_64(&netisr_queued, 1);
	lwkt_sendmsg(netisr_cpuport(netisr_hashcpu(hash)), &msg->base.lmsg);
	return (0);
}

/*
 * The protocol that handles num, with m's flow hash set for it; NULL
 * (m freed and counted as dropped) if no protocol is registered there.
 */
static struct netisr_proto *
netisr_proto_hash(int num, struct mbuf *m)
{
	struct netisr_proto *np;

	if (num <= 0 || num >= NETISR_MAX ||
	    (np = &netisr_protos[num])->handler == NULL) {
		atomic_add_64(&netisr_drops, 1);
		m_freem(m);
		return (NULL);
	}
	m->m_pkthdr.hash = (np->hashfn != NULL) ? np->hashfn(m) : 0;
	return (np);
}

/*
 * Run the protocol's handler on a packet right here, in a direct
 * section (netisr_direct_active()): loopback output from a direct
 * sender.  The sender's socket lock keeps one socket's datagrams in
 * order, as the flow's netisr thread would.  Consumes m.
 */
void
netisr_dispatch(int num, struct mbuf *m)
{
	struct netisr_proto *np;

	if ((np = netisr_proto_hash(num, m)) == NULL)
		return;
	atomic_add_64(&netisr_dispatched, 1);
	np->handler(m);
}

/*
 * From a netisr thread (netisr_defer_active()): keep the packet and run
 * its protocol's handler in this thread once the message being handled
 * has returned.  Consumes m.
 */
void
netisr_defer(int num, struct mbuf *m)
{
	struct netisr_cpu *nc = &netisr_cpu[mycpuid];
	struct netisr_proto *np;

	KASSERT(netisr_running(), ("netisr_defer outside a netisr thread"));
	if ((np = netisr_proto_hash(num, m)) == NULL)
		return;
	m->m_nextpkt = NULL;
	*nc->defer_tail[num] = m;
	nc->defer_tail[num] = &m->m_nextpkt;
	nc->ndefer++;
	atomic_add_64(&netisr_deferred, 1);
}

/* May lo0 output defer its packet (netisr_defer) here? */
bool
netisr_defer_active(void)
{
	return (netisr_defer_enabled && netisr_running());
}

/* Runs in each netisr thread in turn: nothing to do but reply. */
static void
netisr_barrier_dispatch(netmsg_t msg)
{
	lwkt_replymsg(&msg->base.lmsg, 0);
}

/*
 * Wait until every netisr thread has handled the messages queued to it
 * before this call (ports are FIFO).  Not from a netisr thread.  The
 * threads are visited from the last to netisr 0, because work is passed
 * on toward netisr 0 (TCP's segments, tcp_input): whatever a later
 * thread passed on before its turn is queued ahead of netisr 0's.
 */
void
netisr_barrier(void)
{
	struct netmsg_base msg;
	int cpu;

	for (cpu = netisr_ncpus - 1; cpu >= 0; cpu--) {
		netmsg_init(&msg, NULL, NULL, 0, netisr_barrier_dispatch);
		lwkt_domsg(netisr_cpuport(cpu), &msg.lmsg, 0);
	}
}

/*
 * Open a direct section: protocol work in a thread that is not a netisr
 * thread.  The value returned goes to netisr_direct_leave(): the slot,
 * plus NETISR_DIRECT_MARKED if this section marked the thread (sections
 * do not nest today, but an inner one must not unmark an outer one).  The count
 * is made before the generation is checked again, so a drain that
 * advanced the generation in between either sees this section or makes
 * it retry in the new slot; either way it is waited for whenever it can
 * have seen an interface the drain's caller had already unlinked.
 */
int
netisr_direct_enter(void)
{
	u_int gen;
	int slot;

	for (;;) {
		gen = __atomic_load_n(&netisr_direct_gen, __ATOMIC_SEQ_CST);
		slot = (int)(gen & 1);
		atomic_add_int(&netisr_direct_open[slot], 1);
		if (__atomic_load_n(&netisr_direct_gen, __ATOMIC_SEQ_CST) ==
		    gen)
			break;
		atomic_subtract_int(&netisr_direct_open[slot], 1);
	}
	atomic_add_64(&netisr_direct_sends, 1);
	if ((curthread->td_flags & TDF_NETDIRECT) == 0) {
		TD_FLAGS_SET(curthread, TDF_NETDIRECT);
		slot |= NETISR_DIRECT_MARKED;
	}
	return (slot);
}

void
netisr_direct_leave(int slot)
{
	if (slot & NETISR_DIRECT_MARKED)
		TD_FLAGS_CLR(curthread, TDF_NETDIRECT);
	atomic_subtract_int(&netisr_direct_open[slot & 1], 1);
}

bool
netisr_direct_active(void)
{
	return ((curthread->td_flags & TDF_NETDIRECT) != 0);
}

/*
 * Wait until every direct section open at the time of the call has been
 * left.  Sleeps (one tick at a time: drains are rare, sections short);
 * not from inside a direct section.
 */
void
netisr_direct_drain(void)
{
	u_int gen;
	int i, slot;

	while (!atomic_cmpset_int(&netisr_direct_draining, 0, 1))
		tsleep(&netisr_direct_draining, 0, "isrdrain", 1);
	for (i = 0; i < 2; i++) {
		gen = atomic_fetchadd_int(&netisr_direct_gen, 1);
		slot = (int)(gen & 1);
		while (__atomic_load_n(&netisr_direct_open[slot],
		    __ATOMIC_SEQ_CST) != 0)
			tsleep(&netisr_direct_open[slot], 0, "isrdrain", 1);
	}
	atomic_store_rel_int(&netisr_direct_draining, 0);
}
