/*
 * kern.ipc.mbuf_bench: time the mbuf allocator from inside the kernel.
 *
 * usr.bin/ipcbench measures IPC from user space, where every figure
 * includes a system call and a copy.  This node isolates the cost of the
 * allocator itself (uipc_mbuf.c, objcache magazines): writing an
 * iteration count N (an int64_t) runs N rounds of
 *
 *	m_get(M_WAITOK, MT_DATA) + m_free()			(plain mbuf)
 *	m_getcl(M_WAITOK, MT_DATA, M_PKTHDR) + m_freem()	(mbuf+cluster)
 *
 * on the calling thread's CPU and returns, in the same call, the elapsed
 * nanoseconds of the whole run as an int64_t (nanouptime before and after).
 * Reading without writing returns the figure of the last run (0 before
 * the first).  Everything allocated is freed before the call returns, so
 * the leak counters the regress runner checks are unchanged.
 *
 * The node is root-only for reading and writing (CTLFLAG_SECURE): a run
 * of the maximum count keeps a CPU busy for a noticeable time, so it is
 * not something an ordinary user may ask for.  The loop yields every
 * MBUF_BENCH_YIELD rounds so that a long run does not starve the other
 * threads of its CPU.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/sysctl.h>
#include <sys/thread2.h>
#include <sys/time.h>
#include <sys/mbuf.h>

/* Most rounds one call may ask for: about a second of TCG time. */
#define MBUF_BENCH_MAX		(1000 * 1000)
/* Rounds between lwkt_yield()s. */
#define MBUF_BENCH_YIELD	1024

static int64_t mbuf_bench_last;		/* ns of the last run; racy reads
					   of a statistic are fine */

/*
 * Run the loop; 0 and the elapsed nanoseconds in *nsp, or ENOBUFS if the
 * allocator failed (M_WAITOK should not, but a bench must not crash).
 */
static int
mbuf_bench_run(int64_t n, int64_t *nsp)
{
	struct timespec t0, t1;
	struct mbuf *m;
	int64_t i;

	nanouptime(&t0);
	for (i = 0; i < n; i++) {
		if ((m = m_get(M_WAITOK, MT_DATA)) == NULL)
			return (ENOBUFS);
		m_free(m);
		if ((m = m_getcl(M_WAITOK, MT_DATA, M_PKTHDR)) == NULL)
			return (ENOBUFS);
		m_freem(m);
		if ((i + 1) % MBUF_BENCH_YIELD == 0)
			lwkt_yield();
	}
	nanouptime(&t1);
	*nsp = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 +
	    (t1.tv_nsec - t0.tv_nsec);
	return (0);
}

static int
sysctl_mbuf_bench(SYSCTL_HANDLER_ARGS)
{
	int64_t n, ns;
	int error;

	if (req->newptr == NULL) {
		ns = mbuf_bench_last;
		return (SYSCTL_OUT(req, &ns, sizeof(ns)));
	}
	/* Exactly one int64_t: a short or long write is a caller's bug. */
	if (req->newlen != sizeof(n))
		return (EINVAL);
	if ((error = SYSCTL_IN(req, &n, sizeof(n))) != 0)
		return (error);
	if (n <= 0 || n > MBUF_BENCH_MAX)
		return (EINVAL);
	if ((error = mbuf_bench_run(n, &ns)) != 0)
		return (error);
	mbuf_bench_last = ns;
	return (SYSCTL_OUT(req, &ns, sizeof(ns)));
}

SYSCTL_PROC(_kern_ipc, OID_AUTO, mbuf_bench,
    CTLTYPE_S64 | CTLFLAG_RW | CTLFLAG_SECURE, NULL, 0, sysctl_mbuf_bench,
    "Q", "write N: ns for N rounds of m_get/m_free + m_getcl/m_freem");
