/*
 * fd_shim.c: what the descriptor layer needs on the host, for tests that
 * link the real descriptor table (sys/kern/kern_descrip.c), the generic
 * I/O calls (sys_generic.c: iovec_copyin, uiomove, selwakeup) and file
 * types behind descriptors (sys_socket.c, sys_mqueue.c), on top of the
 * socket shim (sock_shim.c), whose "no descriptor table" stand-ins these
 * files replace:
 *
 *  - the test process gets a real table (shim_fd_init: fdinit());
 *  - the process list is the test process alone (pfind, proc_foreach);
 *  - signals with a siginfo are recorded (the last one is kept);
 *  - no kqueues exist, so knote lists are plain lists nobody waits on;
 *  - tick conversions use HZ; uptime_ns is a counter (1 ms per reading)
 *    so every timeout computed from it is deterministic;
 *  - weak stand-ins for the network ioctls (sys_socket.c's soo_ioctl)
 *    and for the socket layer hooks of kern_descrip.c, which a linked
 *    net/if.c, net/route.c, uipc_socket.c or uipc_usrreq.c replaces.
 *
 * Compiled with the kernel's headers, like the code under test.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/event.h>
#include <sys/signal.h>
#include <sys/signalvar.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/vnode.h>
#include <vm/vm_object.h>

#include "sock_shim.h"
#include "fd_shim.h"

struct vnode *rootvnode;		/* none: fdinit leaves cdir/rdir NULL */
struct lwkt_token proc_token = LWKT_TOKEN_INITIALIZER(proc_token);
struct sysctl_oid_list sysctl__kern_children;

siginfo_t shim_last_siginfo;

void
shim_fd_init(void)
{
	if (shim_proc.p_fd == NULL)
		shim_proc.p_fd = fdinit();
	shim_proc.p_stat = SACTIVE;
}

/* Descriptors open in the test process now. */
int
shim_fd_count(void)
{
	struct filedesc *fdp = shim_proc.p_fd;
	int fd, n = 0;

	spin_lock(&fdp->fd_spin);
	for (fd = 0; fd < fdp->fd_nfiles; fd++)
		if (fdp->fd_files[fd].fp != NULL)
			n++;
	spin_unlock(&fdp->fd_spin);
	return (n);
}

/* Close every descriptor, as exit would. */
void
shim_fd_closeall(void)
{
	struct filedesc *fdp = shim_proc.p_fd;
	int fd;

	for (fd = 0; fd < fdp->fd_nfiles; fd++)
		if (fdp->fd_files[fd].fp != NULL)
			(void)kern_close(&shim_proc, fd);
}

/* ---- processes ---------------------------------------------------------- */

struct proc *
pfind(pid_t pid)
{
	if (pid != shim_proc.p_pid)
		return (NULL);
	__atomic_add_fetch(&shim_proc.p_holdcnt, 1, __ATOMIC_SEQ_CST);
	return (&shim_proc);
}

void
prele(struct proc *p)
{
	if (__atomic_sub_fetch(&p->p_holdcnt, 1, __ATOMIC_SEQ_CST) < 0)
		panic("prele: more releases than holds");
}

int
proc_foreach(int (*fn)(struct proc *, void *), void *arg)
{
	return (fn(&shim_proc, arg));
}

int
ksignal_info(struct proc *p, const siginfo_t *si)
{
	shim_last_siginfo = *si;
	ksignal(p, si->si_signo);	/* counted: shim_sigcount() */
	return (0);
}

/* One process, never signalled while asleep: no sleep ends early. */
int
sig_sleep_check(struct thread *td)
{
	return (0);
}

int
caps_priv_check_td(struct thread *td, int cap)
{
	struct ucred *cr = (td != NULL && td->td_proc != NULL) ?
	    td->td_proc->p_ucred : proc0.p_ucred;

	return (caps_priv_check(cr, cap));
}

/* ---- knotes: no kqueue exists, so nobody is told -------------------------- */

void
knote_insert(struct klist *list, struct knote *kn)
{
	LIST_INSERT_HEAD(list, kn, kn_selnext);
	kn->kn_status &= ~KN_DETACHED;
}

void
knote_remove(struct klist *list, struct knote *kn)
{
	LIST_REMOVE(kn, kn_selnext);
	kn->kn_status |= KN_DETACHED;
}

void
knote(struct klist *list, long hint)
{
	struct knote *kn;

	LIST_FOREACH(kn, list, kn_selnext)
		(void)kn->kn_fop->f_event(kn, hint);
}

void
knote_fdclose(struct proc *p, int fd)
{
}

/* ---- time ---------------------------------------------------------------- */

int
tstohz(const struct timespec *ts)
{
	long long t = (long long)ts->tv_sec * HZ +
	    (ts->tv_nsec + (1000000000 / HZ) - 1) / (1000000000 / HZ);

	return (t < 1 ? 1 : (t > __INT_MAX__ ? __INT_MAX__ : (int)t));
}

int
nstohz(uint64_t ns)
{
	uint64_t t = (ns + (1000000000 / HZ) - 1) / (1000000000 / HZ);

	return (t < 1 ? 1 : (t > __INT_MAX__ ? __INT_MAX__ : (int)t));
}

uint64_t
uptime_ns(void)
{
	static uint64_t now;

	return (now += 1000000);
}

/* ---- stand-ins the linked kernel files replace -------------------------- */

__attribute__((__weak__)) int
ifioctl(struct socket *so, u_long cmd, caddr_t data, struct ucred *cred)
{
	return (EOPNOTSUPP);		/* no network stack linked */
}

__attribute__((__weak__)) int
rtioctl(u_long cmd, caddr_t data, struct ucred *cred)
{
	return (EOPNOTSUPP);
}

__attribute__((__weak__)) uint64_t
so_generation(void)
{
	return (0);			/* no socket layer linked */
}

__attribute__((__weak__)) void
unp_gc_request(void)
{
}

/*
 * sendfile's page lending (uipc_syscalls.c): the shim's vnodes have no
 * VM objects, so no page is ever found or lent, and sendfile takes its
 * copy path.
 */
__attribute__((__weak__)) vm_page_t
vm_object_page_lookup(vm_object_t obj, vm_pindex_t pindex)
{
	return (NULL);
}

__attribute__((__weak__)) void
vm_object_page_release(vm_page_t m)
{
}

__attribute__((__weak__)) void
vm_object_reference(vm_object_t obj)
{
}

__attribute__((__weak__)) void
vm_object_deallocate(vm_object_t obj)
{
}

/* The sendfile counters' handler; net_shim.c's replaces it. */
__attribute__((__weak__)) int
sysctl_handle_64(SYSCTL_HANDLER_ARGS)
{
	uint64_t v = (oidp->oid_arg1 != NULL) ? *(uint64_t *)oidp->oid_arg1 :
	    (uint64_t)oidp->oid_arg2;

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}
