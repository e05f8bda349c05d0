/*
 * sock_shim.c: the kernel services the socket layer (uipc_socket*.c,
 * uipc_msg.c, uipc_usrreq.c, lwkt_msgport.c) needs beyond the IPC shim
 * (ipc_shim.c), provided for host tests that drive sockets directly:
 *
 *  - a uniprocessor scheduler without preemption: a host mutex is "the
 *    CPU" (sched_host.c), tsleep/ssleep give it up until wakeup() or the
 *    timeout, LWKT tokens are released across a sleep and taken back
 *    after it, as in the kernel.  Test programs may start a second kernel
 *    thread (shim_thread_start) to block in soreceive while the main
 *    thread sends.  Every thread asleep with no timeout is a hang: panic.
 *  - the calling process: a struct proc with its own credentials (not
 *    root unless the test says so), proc0 with root's, signals recorded
 *    (SIGPIPE from sosend) instead of delivered; capability checks (root
 *    has them all), group membership, no jails, no loader tunables, a
 *    clock that ticks a second per reading.
 *  - copyin/copyout that fault (EFAULT) on addresses in the first 64 KiB,
 *    so the error paths of user pointers can be tested; uiomove.
 *  - Unix-domain names live in the file system of vfs_shim.c.
 *  - no descriptor table: holdfp says EBADF and file_foreach finds
 *    nothing, so SCM_RIGHTS is refused and the garbage collector idles
 *    (weak stand-ins: a test that links kern_descrip.c and fd_shim.c
 *    has a real table instead).
 *  - the boot's SYSINIT pass (sysinit_run) over the linked kernel files,
 *    which registers the Unix domain and the accept filters.
 *
 * Messages: the Unix domain's protocol is PR_SYNC_PORT, whose port runs
 * the request in the sender's thread (uipc_msg.c), so the real
 * lwkt_msgport.c is linked unchanged and no protocol thread is needed.
 * uipc_msg.c's direct sends (PR_DIRECT_SEND) call netisr.c; the tests
 * that link no network stack get weak stand-ins here (no netisr thread,
 * nothing to count), which a linked netisr.c replaces.
 *
 * Compiled with the kernel's headers, like the code under test.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/spinlock.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/signal.h>
#include <sys/signalvar.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/vnode.h>
#include <sys/namei.h>
#include <sys/fcntl.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <machine/atomic.h>

#include "kern_shim.h"
#include "ipc_shim.h"
#include "sched_host.h"
#include "sock_shim.h"
#include "vfs_shim.h"
#include <net/netisr.h>

void	*calloc(size_t, size_t);
void	free(void *);

/* ---- threads and the CPU ---------------------------------------------- */

#define SHIM_MAXTOKS	16

struct shim_thread {
	struct thread	td;		/* first: curthread points here */
	struct lwkt_token *toks[SHIM_MAXTOKS];	/* held, in order */
	long		tokcnt[SHIM_MAXTOKS];	/* recursion counts */
	int		ntoks;
};

static __thread struct shim_thread *shim_self;
static int shim_nthreads;		/* running or asleep */
static int shim_nstuck;			/* asleep without a timeout and
					   not yet woken, or joining */

struct shim_sleeper {
	const void	*ident;
	const char	*wmesg;
	int		woken;
	int		forever;	/* no timeout: counted in shim_nstuck */
	struct shim_sleeper *next;
};
static struct shim_sleeper *shim_sleepq;

static struct ucred shim_rootcred = { .cr_ref = 1, .cr_ngroups = 1 };
static struct ucred shim_usercred = { .cr_ref = 1, .cr_uid = 1000,
    .cr_ruid = 1000, .cr_svuid = 1000, .cr_ngroups = 1,
    .cr_groups = { 1000 }, .cr_rgid = 1000, .cr_svgid = 1000 };
struct proc proc0 = { .p_pid = 0, .p_ucred = &shim_rootcred };
struct proc shim_proc = { .p_pid = 100, .p_ucred = &shim_usercred };

static int shim_sigs[NSIG];
long shim_selwakeups;

/* Run as this thread: what a context switch to it does. */
static void
shim_switch_in(void)
{
	mycpu->gd_curthread = &shim_self->td;
}

static struct shim_thread *
shim_thread_alloc(const char *name)
{
	struct shim_thread *st = calloc(1, sizeof(*st));

	if (st == NULL)
		panic("shim: no memory for a thread");
	st->td.td_proc = &shim_proc;
	st->td.td_gd = mycpu;
	strlcpy(st->td.td_comm, name, sizeof(st->td.td_comm));
	return (st);
}

/* Run the boot's SYSINIT records, sorted as mi_startup sorts them. */
extern const struct sysinit *const __start_set_sysinit[] __attribute__((__weak__));
extern const struct sysinit *const __stop_set_sysinit[] __attribute__((__weak__));

void
sysinit_run(void)
{
	const struct sysinit *const *p;
	const struct sysinit *best, *last = NULL;

	/* Selection by (subsystem, order, address): a handful of records. */
	for (;;) {
		best = NULL;
		for (p = __start_set_sysinit; p < __stop_set_sysinit; p++) {
			const struct sysinit *s = *p;

			if (last != NULL && (s->subsystem < last->subsystem ||
			    (s->subsystem == last->subsystem &&
			    (s->order < last->order || (s->order ==
			    last->order && (uintptr_t)s <= (uintptr_t)last)))))
				continue;
			if (best == NULL || s->subsystem < best->subsystem ||
			    (s->subsystem == best->subsystem &&
			    (s->order < best->order || (s->order ==
			    best->order && (uintptr_t)s < (uintptr_t)best))))
				best = s;
		}
		if (best == NULL)
			break;
		best->func(best->udata);
		last = best;
	}
}

void
shim_sock_init(void)
{
	shim_cpu_init();
	sched_host_enter();
	shim_self = shim_thread_alloc("main");
	shim_nthreads = 1;
	shim_switch_in();
	sysinit_run();
}

struct shim_start {
	void	(*fn)(void *);
	void	*arg;
	struct shim_thread *st;
};

static void
shim_thread_main(void *p)
{
	struct shim_start *s = p;

	shim_cpu_init();		/* this host thread's %gs */
	sched_host_enter();
	shim_self = s->st;
	shim_switch_in();
	s->fn(s->arg);
	shim_nthreads--;
	free(s->st);
	free(s);
	sched_host_kick();
	sched_host_leave();
}

void *
shim_thread_start(void (*fn)(void *), void *arg, const char *name)
{
	struct shim_start *s = calloc(1, sizeof(*s));

	s->fn = fn;
	s->arg = arg;
	s->st = shim_thread_alloc(name);
	shim_nthreads++;
	return (sched_host_spawn(shim_thread_main, s));
}

/* Joining blocks this thread for good: it counts as a sleep with no
   timeout, so a joined thread that sleeps forever is reported as a hang. */
void
shim_thread_join(void *h)
{
	shim_nstuck++;
	sched_host_leave();
	sched_host_join(h);
	sched_host_enter();
	shim_nstuck--;
	shim_switch_in();
}

/*
 * Kernel threads (the network stack's netisr threads): a host thread
 * each, started by lwkt_schedule() when created with TDF_NOSTART.  They
 * run in the kernel's address space with no process, as in the kernel.
 */
static void *shim_kthreads[8];
static int shim_nkthreads;

int
lwkt_create(void (*func)(void *), void *arg, struct thread **tdp, int cpu,
    int flags, const char *fmt, ...)
{
	struct shim_start *s = calloc(1, sizeof(*s));
	va_list ap;

	if (s == NULL)
		return (ENOMEM);
	s->fn = func;
	s->arg = arg;
	s->st = shim_thread_alloc("kthread");
	s->st->td.td_proc = NULL;
	va_start(ap, fmt);
	kvsnprintf(s->st->td.td_comm, sizeof(s->st->td.td_comm), fmt, ap);
	va_end(ap);
	s->st->td.td_mi[0] = s;		/* what lwkt_schedule starts */
	if (tdp != NULL)
		*tdp = &s->st->td;
	if ((flags & TDF_NOSTART) == 0)
		lwkt_schedule(&s->st->td);
	return (0);
}

void
lwkt_schedule(struct thread *td)
{
	struct shim_start *s = td->td_mi[0];

	if (s == NULL)
		return;			/* running already: nothing to do */
	td->td_mi[0] = NULL;
	shim_nthreads++;
	if (shim_nkthreads == nitems(shim_kthreads))
		panic("lwkt_schedule: more than %d kernel threads",
		    (int)nitems(shim_kthreads));
	/* Kernel threads run until the process exits: never joined. */
	shim_kthreads[shim_nkthreads++] = sched_host_spawn(shim_thread_main,
	    s);
}

void
lwkt_setpri(struct thread *td, int pri)
{
	td->td_pri = pri;		/* no preemption, so no effect */
}

/*
 * Wait until some thread sleeps on a channel named wmesg: how a test
 * knows its second thread is blocked where it should be before acting.
 * The 10 s bound is only a backstop for a loaded machine; the answer is
 * 0 or ETIMEDOUT.
 */
int
shim_wait_sleeper(const char *wmesg)
{
	struct shim_sleeper *s;
	long long deadline = 0;

	for (;;) {
		for (s = shim_sleepq; s != NULL; s = s->next)
			if (!s->woken && strcmp(s->wmesg, wmesg) == 0)
				return (0);
		if (sched_host_wait(&deadline, 10000)) {
			shim_switch_in();
			return (ETIMEDOUT);
		}
		shim_switch_in();
	}
}

/* ---- tokens ------------------------------------------------------------- */

void
lwkt_token_init(lwkt_token_t tok, const char *desc)
{
	tok->t_count = 0;
	tok->t_ref = NULL;
	tok->t_desc = desc;
	tok->t_collisions = 0;
}

static bool
shim_tok_free(lwkt_token_t tok)
{
	return (tok->t_ref == NULL || tok->t_ref == &shim_self->td);
}

void
lwkt_gettoken(lwkt_token_t tok)
{
	struct shim_thread *st = shim_self;
	long long deadline = 0;
	int i;

	for (i = 0; i < st->ntoks; i++)
		if (st->toks[i] == tok) {
			st->tokcnt[i]++;
			return;
		}
	if (st->ntoks == SHIM_MAXTOKS)
		panic("lwkt_gettoken: %s: more than %d tokens held",
		    tok->t_desc, SHIM_MAXTOKS);
	while (!shim_tok_free(tok)) {
		tok->t_collisions++;
		(void)sched_host_wait(&deadline, 0);
		shim_switch_in();
	}
	tok->t_ref = &st->td;
	tok->t_count = TOK_EXCLUSIVE;
	st->toks[st->ntoks] = tok;
	st->tokcnt[st->ntoks] = 1;
	st->ntoks++;
}

void
lwkt_gettoken_shared(lwkt_token_t tok)
{
	lwkt_gettoken(tok);
}

void
lwkt_reltoken(lwkt_token_t tok)
{
	struct shim_thread *st = shim_self;
	int i;

	for (i = st->ntoks - 1; i >= 0; i--)
		if (st->toks[i] == tok)
			break;
	if (i < 0)
		panic("lwkt_reltoken: %s not held", tok->t_desc);
	if (--st->tokcnt[i] > 0)
		return;
	for (; i < st->ntoks - 1; i++) {
		st->toks[i] = st->toks[i + 1];
		st->tokcnt[i] = st->tokcnt[i + 1];
	}
	st->ntoks--;
	tok->t_ref = NULL;
	tok->t_count = 0;
	sched_host_kick();
}

bool
lwkt_token_is_held(lwkt_token_t tok)
{
	return (tok->t_ref == &shim_self->td);
}

/* ---- spin locks: one CPU, so holding one across a sleep is the bug ---- */

void
spin_init(struct spinlock *sl, const char *name)
{
	sl->sl_lock = 0;
	sl->sl_owner = 0;
	sl->sl_name = name;
}

void
spin_lock(struct spinlock *sl)
{
	if (sl->sl_lock)
		panic("spin_lock: %s already held (recursion or held "
		    "across a sleep)", sl->sl_name);
	sl->sl_lock = 1;
	sl->sl_owner = 1;
}

void
spin_unlock(struct spinlock *sl)
{
	if (!sl->sl_lock)
		panic("spin_unlock: %s not held", sl->sl_name);
	sl->sl_lock = 0;
	sl->sl_owner = 0;
}

/* ---- sleep and wakeup --------------------------------------------------- */

/*
 * The clock ssb_wait checks its timeouts against: the host's, as the
 * sleeps above use real time.  Weak: fd_shim.c's counter replaces it
 * in the tests that link that.
 */
__attribute__((__weak__)) uint64_t
uptime_ns(void)
{
	return (sched_host_uptime_ns());
}

__attribute__((__weak__)) int
nstohz(uint64_t ns)
{
	uint64_t t = (ns + (1000000000 / HZ) - 1) / (1000000000 / HZ);

	return (t < 1 ? 1 : (t > __INT_MAX__ ? __INT_MAX__ : (int)t));
}

int
tsleep(const void *ident, int flags, const char *wmesg, int timo)
{
	struct shim_thread *st = shim_self;
	struct shim_sleeper me, **pp;
	struct lwkt_token *toks[SHIM_MAXTOKS];
	long cnt[SHIM_MAXTOKS];
	long long deadline = 0;
	int i, ntoks, error = 0;

	/* A sleep gives up the thread's tokens, as lwkt_switch does. */
	ntoks = st->ntoks;
	for (i = 0; i < ntoks; i++) {
		toks[i] = st->toks[i];
		cnt[i] = st->tokcnt[i];
		toks[i]->t_ref = NULL;
		toks[i]->t_count = 0;
	}
	st->ntoks = 0;

	me.ident = ident;
	me.wmesg = wmesg;
	me.woken = 0;
	me.forever = (timo == 0);
	me.next = shim_sleepq;
	shim_sleepq = &me;
	if (me.forever && ++shim_nstuck == shim_nthreads)
		panic("tsleep(\"%s\"): every thread is asleep with no "
		    "timeout: the test would hang", wmesg);
	sched_host_kick();
	while (!me.woken) {
		if (sched_host_wait(&deadline, timo > 0 ?
		    MAX(1L, (long)timo * 1000 / HZ) : 0)) {
			error = EWOULDBLOCK;
			break;
		}
	}
	for (pp = &shim_sleepq; *pp != &me; pp = &(*pp)->next)
		;
	*pp = me.next;
	shim_switch_in();

	/* Take the tokens back, all at once, waiting while any is held. */
	for (;;) {
		for (i = 0; i < ntoks; i++)
			if (!shim_tok_free(toks[i]))
				break;
		if (i == ntoks)
			break;
		deadline = 0;
		(void)sched_host_wait(&deadline, 0);
		shim_switch_in();
	}
	for (i = 0; i < ntoks; i++) {
		toks[i]->t_ref = &st->td;
		toks[i]->t_count = TOK_EXCLUSIVE;
		st->toks[i] = toks[i];
		st->tokcnt[i] = cnt[i];
	}
	st->ntoks = ntoks;
	(void)flags;			/* no signals reach a host test */
	return (error);
}

int
ssleep(const void *ident, struct spinlock *spin, int flags,
    const char *wmesg, int timo)
{
	int error;

	spin_unlock(spin);
	error = tsleep(ident, flags, wmesg, timo);
	spin_lock(spin);
	return (error);
}

static void
shim_wakeup(const void *ident, bool one)
{
	struct shim_sleeper *s;

	for (s = shim_sleepq; s != NULL; s = s->next) {
		if (s->ident != ident || s->woken)
			continue;
		s->woken = 1;
		if (s->forever)
			shim_nstuck--;	/* runnable again */
		if (one)
			break;
	}
	sched_host_kick();
}

void
wakeup(const void *ident)
{
	shim_wakeup(ident, false);
}

void
wakeup_one(const void *ident)
{
	shim_wakeup(ident, true);
}

/* ---- process, credentials, signals, select ------------------------------ */

struct ucred *
crhold(struct ucred *cr)
{
	atomic_add_int(&cr->cr_ref, 1);
	return (cr);
}

void
crfree(struct ucred *cr)
{
	if (atomic_fetchadd_int(&cr->cr_ref, -1) <= 1)
		panic("crfree: the shim's static credentials lost their "
		    "last reference (a double free)");
}

int
shim_cred_refs(int root)
{
	return (root ? shim_rootcred.cr_ref : shim_usercred.cr_ref);
}

void
shim_set_root(int root)
{
	shim_proc.p_ucred = root ? &shim_rootcred : &shim_usercred;
}

/* Root (uid 0) holds every capability; a jail would restrict it. */
int
caps_priv_check(struct ucred *cred, int cap)
{
	return (cred != NULL && cred->cr_uid == 0 && cred->cr_prison == NULL ?
	    0 : EPERM);
}

bool
groupmember(gid_t gid, struct ucred *cred)
{
	int i;

	for (i = 0; i < cred->cr_ngroups; i++)
		if (cred->cr_groups[i] == gid)
			return (true);
	return (false);
}

bool
jailed(const struct ucred *cred)
{
	return (cred->cr_prison != NULL);
}

/* The shim has no prisons, so no prison grants anything. */
bool
prison_cap(const struct ucred *cred, int prisoncap)
{
	return (false);
}

/* No loader environment: every tunable keeps its default. */
long
kgetenv_long(const char *key, long dflt)
{
	return (dflt);
}

/* A clock that starts at 2026-01-01 and moves a second per reading. */
void
nanotime(struct timespec *ts)
{
	static time_t now = 1767225600;

	ts->tv_sec = now++;
	ts->tv_nsec = 0;
}

int
caps_priv_check_self(int cap)
{
	struct thread *td = curthread;
	struct ucred *cr = (td != NULL && td->td_proc != NULL) ?
	    td->td_proc->p_ucred : proc0.p_ucred;

	return (cr->cr_uid == 0 ? 0 : EPERM);
}

void
ksignal(struct proc *p, int sig)
{
	if (sig > 0 && sig < NSIG)
		shim_sigs[sig]++;
}

int
shim_sigcount(int sig)
{
	int n = shim_sigs[sig];

	shim_sigs[sig] = 0;
	return (n);
}

__attribute__((__weak__)) void
selwakeup(struct selinfo *sip)
{
	shim_selwakeups++;
}

/* ---- user memory ------------------------------------------------------ */

/* The first 64 KiB are never mapped: a bad user pointer faults there. */
static bool
shim_user_bad(const void *uaddr, size_t len)
{
	uintptr_t a = (uintptr_t)uaddr;

	return (a < 65536 || a + len < a);
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (len == 0)
		return (0);
	if (shim_user_bad(uaddr, len))
		return (EFAULT);
	memcpy(kaddr, uaddr, len);
	return (0);
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (len == 0)
		return (0);
	if (shim_user_bad(uaddr, len))
		return (EFAULT);
	memcpy(uaddr, kaddr, len);
	return (0);
}

int
copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done)
{
	const char *u = uaddr;
	char *k = kaddr;
	size_t i;

	for (i = 0; i < len; i++) {
		if (shim_user_bad(u + i, 1))
			return (EFAULT);
		k[i] = u[i];
		if (k[i] == '\0') {
			if (done != NULL)
				*done = i + 1;
			return (0);
		}
	}
	return (ENAMETOOLONG);
}

__attribute__((__weak__)) int
uiomove(void *cp, size_t n, struct uio *uio)
{
	struct iovec *iov;
	size_t cnt;
	int error = 0;

	while (n > 0 && uio->uio_resid > 0 && uio->uio_iovcnt > 0) {
		iov = uio->uio_iov;
		cnt = MIN(iov->iov_len, n);
		if (cnt == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (uio->uio_segflg == UIO_USERSPACE)
			error = (uio->uio_rw == UIO_READ) ?
			    copyout(cp, iov->iov_base, cnt) :
			    copyin(iov->iov_base, cp, cnt);
		else if (uio->uio_segflg == UIO_SYSSPACE) {
			if (uio->uio_rw == UIO_READ)
				memmove(iov->iov_base, cp, cnt);
			else
				memmove(cp, iov->iov_base, cnt);
		}
		if (error != 0)
			return (error);
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += cnt;
		cp = (char *)cp + cnt;
		n -= cnt;
	}
	return (0);
}

/*
 * ---- no descriptor table ------------------------------------------------
 *
 * Weak: a test that links the real table (kern_descrip.c, with
 * fd_shim.c) gets that instead; so do selwakeup and uiomove above when
 * sys_generic.c is linked.
 */

__attribute__((__weak__)) struct filedesc *
fd_curfiledesc(void)
{
	return (NULL);			/* unp_cmask: the default 022 */
}

__attribute__((__weak__)) int
holdfp(struct thread *td, int fd, int flagmask, struct file **fpp)
{
	*fpp = NULL;
	return (EBADF);
}

__attribute__((__weak__)) int
file_foreach(int (*fn)(struct file *, void *), void *arg)
{
	return (0);
}

__attribute__((__weak__)) int
file_foreach_spin(int (*fn)(struct file *, void *), void *arg)
{
	return (0);
}

/* Unreachable while holdfp finds no file: a call means a kernel bug. */
__attribute__((__weak__)) void
fhold(struct file *fp)
{
	panic("fhold: the host shim has no files");
}

__attribute__((__weak__)) int
fdrop(struct file *fp)
{
	panic("fdrop: the host shim has no files");
}

__attribute__((__weak__)) int
fdalloc(struct proc *p, int want, int *result)
{
	panic("fdalloc: the host shim has no descriptor table");
}

__attribute__((__weak__)) void
fsetfd(struct filedesc *fdp, struct file *fp, int fd)
{
	panic("fsetfd: the host shim has no descriptor table");
}

__attribute__((__weak__)) void
fdunreserve(struct filedesc *fdp, int fd)
{
	panic("fdunreserve: the host shim has no descriptor table");
}

/* ---- sysctl ------------------------------------------------------------- */

struct sysctl_oid_list sysctl__net_children;

int
sysctl_handle_opaque(SYSCTL_HANDLER_ARGS)
{
	return (SYSCTL_OUT(req, oidp->oid_arg1, (size_t)oidp->oid_arg2));
}

int
sysctl_handle_int(SYSCTL_HANDLER_ARGS)
{
	int v = (oidp->oid_arg1 != NULL) ? *(int *)oidp->oid_arg1 :
	    (int)oidp->oid_arg2;

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}

/* ---- the C library ------------------------------------------------------ */

/*
 * strlcpy, which the kernel has (subr_string.c) and Debian 12's C library
 * lacks; subr_string.c itself cannot be linked here, it defines memcpy
 * and friends over the C library's.
 */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = MIN(len, size - 1);

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

/* ---- netisr stand-ins for tests without the network stack ---- */

__attribute__((__weak__)) bool
netisr_running(void)
{
	return (false);
}

__attribute__((__weak__)) int
netisr_direct_enter(void)
{
	return (0);
}

__attribute__((__weak__)) void
netisr_direct_leave(int slot __unused)
{
}
