/*
 * Lightweight processes: the threads of a process, and the futex they
 * synchronise with.  Every live lwp of a process is on its p_lwps list
 * (p_token); the first is the embedded p_lwp0, which fork and exec set
 * up for the single-threaded case, further ones are allocated here by
 * lwp_create(2).  A thread's id is its process's pid for the first lwp
 * and a number above PID_MAX for the others, so tids are unique system
 * wide without a second table in the pid allocator.
 *
 * Ending: extexit(EXTEXIT_LWP) ends one lwp (the last one ends the
 * process); exit1() from any lwp first tells every other lwp to die
 * (LWP_WEXIT, checked in userret and by interruptible sleeps) and waits
 * until it is alone, so the existing single-threaded exit path runs
 * unchanged.  exec does the same before it replaces the address space.
 *
 * umtx: sleepers are queued on a hash bucket under a key for the word.
 * A word in a shared mapping (MAP_SHARED, SysV shm) is keyed by its
 * object and offset, so processes sharing the memory, at whatever
 * address each maps it, meet on the same key (process-shared mutexes,
 * conditions and barriers); any other word by (vmspace, address), which
 * serves the threads of one process and costs no object reference.  A
 * sleeper queues itself before reading the user word, and a waker marks
 * queued entries woken under the bucket lock, so a wakeup between the
 * read and the sleep is never lost.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/lwp.h>
#include <sys/cpu.h>
#include <sys/spinlock.h>
#include <sys/signalvar.h>
#include <sys/time.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

#include <vm/vm_map.h>

MALLOC_DEFINE(M_LWP, "lwp", "threads of a process");

static volatile int lwp_nextcpu;

/* Tids of lwps after the first: PID_MAX < tid, unique (lwp_tid_spin). */
static struct spinlock lwp_tid_spin = SPINLOCK_INITIALIZER("lwptid");
static LIST_HEAD(, lwp) lwp_tidlist = LIST_HEAD_INITIALIZER(lwp_tidlist);
static lwpid_t lwp_lasttid = PID_MAX;
static bool lwp_tid_wrapped;
uint64_t nlwps;				/* extra lwps alive, for leak checks */

/* Put lp on p's list of live lwps; p_token held. */
void
lwp_link(struct proc *p, struct lwp *lp)
{
	lp->lwp_proc = p;
	LIST_INSERT_HEAD(&p->p_lwps, lp, lwp_list);
	p->p_nthreads++;
}

/*
 * Some lwp of p, for callers that need any one (kinfo's wait channel);
 * NULL once the process has none.  p_token held.
 */
struct lwp *
lwp_first(struct proc *p)
{
	return (LIST_FIRST(&p->p_lwps));
}

/* An lwp of p by tid, or NULL; p_token held. */
struct lwp *
lwp_find(struct proc *p, lwpid_t tid)
{
	struct lwp *lp;

	LIST_FOREACH(lp, &p->p_lwps, lwp_list)
		if (lp->lwp_tid == tid)
			return (lp);
	return (NULL);
}

static void
lwp_tid_alloc(struct lwp *lp)
{
	struct lwp *o;
	lwpid_t tid;

	spin_lock(&lwp_tid_spin);
	for (;;) {
		tid = ++lwp_lasttid;
		if (tid <= PID_MAX || tid == INT32_MAX) {
			lwp_lasttid = PID_MAX;
			lwp_tid_wrapped = true;
			continue;
		}
		if (!lwp_tid_wrapped)
			break;
		LIST_FOREACH(o, &lwp_tidlist, lwp_tidlink)
			if (o->lwp_tid == tid)
				break;
		if (o == NULL)
			break;
	}
	lp->lwp_tid = tid;
	LIST_INSERT_HEAD(&lwp_tidlist, lp, lwp_tidlink);
	nlwps++;
	spin_unlock(&lwp_tid_spin);
}

static void
lwp_tid_free(struct lwp *lp)
{
	spin_lock(&lwp_tid_spin);
	LIST_REMOVE(lp, lwp_tidlink);
	nlwps--;
	spin_unlock(&lwp_tid_spin);
}

/* Free an lwp that lwp_create allocated (not p_lwp0); off every list. */
void
lwp_free(struct lwp *lp)
{
	if (lp == &lp->lwp_proc->p_lwp0)
		return;
	lwp_tid_free(lp);
	kfree(lp, M_LWP);
}

/*
 * Tell every lwp of p but the caller's to die at its next kernel
 * boundary, then wait until they have.  p_token held.  The caller has
 * already set P_WEXIT (exit) or checked it is clear (exec), so no new
 * lwp appears meanwhile (lwp_create refuses under P_WEXIT).
 */
void
lwp_killothers(struct proc *p)
{
	struct lwp *me = curthread->td_lwp, *lp;

	LIST_FOREACH(lp, &p->p_lwps, lwp_list) {
		if (lp == me)
			continue;
		lp->lwp_flags |= LWP_WEXIT;
		lwp_signal_poke(lp);
	}
	while (p->p_nthreads > 1)
		tsleep(&p->p_nthreads, 0, "lwpkill", hz / 10 + 1);
}

/*
 * End the calling lwp, which is not the process's last (that case goes
 * through exit1); p_token held, released by the switch away for good.
 */
void
lwp_exit(void)
{
	struct thread *td = curthread;
	struct lwp *lp = td->td_lwp;
	struct proc *p = lp->lwp_proc;

	LIST_REMOVE(lp, lwp_list);
	p->p_nthreads--;
	wakeup(&p->p_nthreads);
	td->td_lwp = NULL;
	td->td_proc = NULL;
	lwp_free(lp);
	lwkt_reltoken(&p->p_token);
	lwkt_exit();
}

/*
 * The calling lwp ends (told to by another's exit or exec, or by
 * extexit): if it is the last, the process exits with rv.
 */
void
lwp_exit_or_exit1(int rv)
{
	struct proc *p = curproc;

	lwkt_gettoken(&p->p_token);
	if (p->p_nthreads > 1 || (p->p_flags & P_WEXIT) != 0 ||
	    (curthread->td_lwp->lwp_flags & LWP_WEXIT) != 0)
		lwp_exit();
	lwkt_reltoken(&p->p_token);
	exit1(rv);
}

int
sys_lwp_create(struct sysmsg *sysmsg, const struct lwp_create_args *uap)
{
	struct thread *td1 = curthread, *td2;
	struct lwp *lp1 = td1->td_lwp, *lp;
	struct proc *p = lp1->lwp_proc;
	struct lwp_params params;
	int error, cpu;

	error = copyin(uap->params, &params, sizeof(params));
	if (error != 0)
		return (error);
	lp = kmalloc(sizeof(*lp), M_LWP, M_NOWAIT | M_ZERO);
	if (lp == NULL)
		return (EAGAIN);
	cpu = __atomic_fetch_add(&lwp_nextcpu, 1, __ATOMIC_RELAXED) % ncpus;
	td2 = lwkt_alloc_thread(cpu);
	if (td2 == NULL) {
		kfree(lp, M_LWP);
		return (EAGAIN);
	}
	lp->lwp_proc = p;
	lwp_tid_alloc(lp);
	/* Both ids are stored in our own address space before it runs. */
	if (params.lwp_tid1 != NULL)
		error = copyout(&lp->lwp_tid, params.lwp_tid1,
		    sizeof(lwpid_t));
	if (error == 0 && params.lwp_tid2 != NULL)
		error = copyout(&lp->lwp_tid, params.lwp_tid2,
		    sizeof(lwpid_t));
	if (error != 0)
		goto fail;
	lp->lwp_thread = td2;
	lp->lwp_sigmask = lp1->lwp_sigmask;
	lp->lwp_sigstk.ss_flags = SS_DISABLE;
	td2->td_proc = p;
	td2->td_lwp = lp;
	TD_FLAGS_SET(td2, TDF_USERMODE);
	td2->td_pri = td1->td_pri;
	memcpy(td2->td_comm, p->p_comm, sizeof(td2->td_comm));
	cpu_lwp_create(td1, td2, (uintptr_t)params.lwp_func,
	    (uintptr_t)params.lwp_arg, (uintptr_t)params.lwp_stack);

	lwkt_gettoken(&p->p_token);
	if ((p->p_flags & P_WEXIT) != 0 ||
	    (lp1->lwp_flags & LWP_WEXIT) != 0) {
		lwkt_reltoken(&p->p_token);
		error = EINTR;		/* the process is going away */
		goto fail;
	}
	lwp_link(p, lp);
	lwkt_reltoken(&p->p_token);
	lwkt_schedule(td2);
	sysmsg->sysmsg_result = lp->lwp_tid;
	return (0);
fail:
	td2->td_proc = NULL;
	td2->td_lwp = NULL;
	lwkt_free_thread(td2);
	lwp_tid_free(lp);
	kfree(lp, M_LWP);
	return (error);
}

int
sys_lwp_gettid(struct sysmsg *sysmsg, const struct lwp_gettid_args *uap)
{
	sysmsg->sysmsg_result = curthread->td_lwp->lwp_tid;
	return (0);
}

/*
 * lwp_kill(pid, tid, sig): a signal for one thread of process pid (-1:
 * the caller's); it is pending on that lwp only.
 */
int
sys_lwp_kill(struct sysmsg *sysmsg, const struct lwp_kill_args *uap)
{
	struct proc *p;
	struct lwp *lp;
	int error;

	if (uap->signum < 0 || uap->signum >= NSIG)
		return (EINVAL);
	if (uap->pid == -1 || uap->pid == curproc->p_pid) {
		p = curproc;
		phold(p);
	} else if ((p = pfind(uap->pid)) == NULL)
		return (ESRCH);
	error = p_cansignal(curproc, p, uap->signum);
	if (error == 0) {
		lwkt_gettoken(&p->p_token);
		lp = lwp_find(p, uap->tid);
		if (lp == NULL || (lp->lwp_flags & LWP_WEXIT) != 0)
			error = ESRCH;
		else if (uap->signum != 0)
			lwp_signal(lp, uap->signum);
		lwkt_reltoken(&p->p_token);
	}
	prele(p);
	return (error);
}

/* ---- umtx ------------------------------------------------------------- */

#define UMTX_NBUCKETS	64

/*
 * What a umtx word is known by: (object, offset) in a shared mapping,
 * else (vmspace, address).  uk_obj holds a reference on a shared key's
 * object while the key is in use, so its address cannot be reused for
 * another object meanwhile.
 */
struct umtx_key {
	void		*uk_space;
	uintptr_t	uk_off;
	struct vm_object *uk_obj;
};

struct umtx_waiter {
	TAILQ_ENTRY(umtx_waiter) uw_link;
	struct umtx_key	uw_key;
	bool		uw_woken;
};

static struct umtx_bucket {
	struct spinlock	ub_spin;
	TAILQ_HEAD(, umtx_waiter) ub_q;
} umtx_buckets[UMTX_NBUCKETS];

static void
umtx_key_get(struct vmspace *vm, uintptr_t addr, struct umtx_key *k)
{
	vm_map_t map = &vm->vm_map;
	vm_map_entry_t e;

	k->uk_space = vm;
	k->uk_off = addr;
	k->uk_obj = NULL;
	lwkt_gettoken(&map->map_token);
	e = vm_map_lookup_entry(map, addr);
	if (e != NULL && (e->eflags & MAP_ENTRY_SHARED) != 0 &&
	    e->object != NULL) {
		vm_object_reference(e->object);
		k->uk_obj = e->object;
		k->uk_space = e->object;
		k->uk_off = ptoa(e->pindex) + (addr - e->start);
	}
	lwkt_reltoken(&map->map_token);
}

static void
umtx_key_release(struct umtx_key *k)
{
	if (k->uk_obj != NULL)
		vm_object_deallocate(k->uk_obj);
	k->uk_obj = NULL;
}

static bool
umtx_key_match(const struct umtx_key *a, const struct umtx_key *b)
{
	return (a->uk_space == b->uk_space && a->uk_off == b->uk_off);
}

static struct umtx_bucket *
umtx_bucket(const struct umtx_key *k)
{
	static bool inited;
	uintptr_t h;
	int i;

	if (!__atomic_load_n(&inited, __ATOMIC_ACQUIRE)) {
		static struct spinlock init_spin =
		    SPINLOCK_INITIALIZER("umtxinit");

		spin_lock(&init_spin);
		if (!inited) {
			for (i = 0; i < UMTX_NBUCKETS; i++) {
				spin_init(&umtx_buckets[i].ub_spin, "umtx");
				TAILQ_INIT(&umtx_buckets[i].ub_q);
			}
			__atomic_store_n(&inited, true, __ATOMIC_RELEASE);
		}
		spin_unlock(&init_spin);
	}
	h = (k->uk_off >> 2) ^ ((uintptr_t)k->uk_space >> 6);
	h ^= h >> 11;
	return (&umtx_buckets[h % UMTX_NBUCKETS]);
}

/*
 * umtx_sleep(ptr, value, timeout): sleep while *ptr == value, until a
 * umtx_wakeup on ptr, timeout microseconds (0: no limit) or a signal.
 */
int
sys_umtx_sleep(struct sysmsg *sysmsg, const struct umtx_sleep_args *uap)
{
	uintptr_t addr = (uintptr_t)uap->ptr;
	struct umtx_waiter w;
	struct umtx_bucket *b;
	uint64_t end = 0, now;
	int v, error, timo = 0;

	if ((addr & (sizeof(int) - 1)) != 0)
		return (EFAULT);
	if (uap->timeout < 0)
		return (EINVAL);
	if (uap->timeout > 0) {
		/*
		 * The deadline is kept by the uptime clock, as nanosleep's:
		 * ticks can run ahead of it (an emulator delivers missed
		 * timer interrupts back to back), so a sleep that times out
		 * early goes back to sleep for the rest.
		 */
		end = uptime_ns() + (uint64_t)uap->timeout * 1000;
		timo = nstohz((uint64_t)uap->timeout * 1000);
	}
	umtx_key_get(curproc->p_vmspace, addr, &w.uw_key);
	b = umtx_bucket(&w.uw_key);
	w.uw_woken = false;
	spin_lock(&b->ub_spin);
	TAILQ_INSERT_TAIL(&b->ub_q, &w, uw_link);
	spin_unlock(&b->ub_spin);

	error = copyin((const void *)(uintptr_t)uap->ptr, &v, sizeof(v));
	spin_lock(&b->ub_spin);
	if (error == 0 && v != uap->value && !w.uw_woken)
		error = EBUSY;
	while (error == 0 && !w.uw_woken) {
		error = ssleep(&w, &b->ub_spin, PCATCH, "umtx", timo);
		if (w.uw_woken)
			error = 0;
		else if (error == EWOULDBLOCK) {
			now = uptime_ns();
			if (now < end) {
				timo = nstohz(end - now);
				error = 0;
			} else
				error = ETIMEDOUT;
		}
		else if (error == ERESTART)
			error = EINTR;
	}
	if (!w.uw_woken)
		TAILQ_REMOVE(&b->ub_q, &w, uw_link);
	else if (error == EFAULT)
		error = 0;		/* a wakeup came: take it */
	spin_unlock(&b->ub_spin);
	umtx_key_release(&w.uw_key);
	return (error);
}

/* Wake up to count (0: all) umtx_sleep callers on ptr; result: how many. */
int
umtx_wakeup_addr(struct vmspace *vm, uintptr_t addr, int count)
{
	struct umtx_waiter *w, *next;
	struct umtx_bucket *b;
	struct umtx_key k;
	int n = 0;

	umtx_key_get(vm, addr, &k);
	b = umtx_bucket(&k);
	spin_lock(&b->ub_spin);
	for (w = TAILQ_FIRST(&b->ub_q); w != NULL; w = next) {
		next = TAILQ_NEXT(w, uw_link);
		if (!umtx_key_match(&w->uw_key, &k))
			continue;
		TAILQ_REMOVE(&b->ub_q, w, uw_link);
		w->uw_woken = true;
		wakeup_one(w);
		if (++n == count)
			break;
	}
	spin_unlock(&b->ub_spin);
	umtx_key_release(&k);
	return (n);
}

int
sys_umtx_wakeup(struct sysmsg *sysmsg, const struct umtx_wakeup_args *uap)
{
	uintptr_t addr = (uintptr_t)uap->ptr;

	if ((addr & (sizeof(int) - 1)) != 0 || addr == 0)
		return (EFAULT);
	if (uap->count < 0)
		return (EINVAL);
	sysmsg->sysmsg_result = umtx_wakeup_addr(curproc->p_vmspace, addr,
	    uap->count);
	return (0);
}

/*
 * extexit(how, status, addr): end this lwp (EXTEXIT_LWP; the last one
 * ends the process with status) or the process (EXTEXIT_PROC), first
 * storing status at addr and waking its umtx sleepers (EXTEXIT_SETINT:
 * how a joiner learns that the thread is gone).
 */
int
sys_extexit(struct sysmsg *sysmsg, const struct extexit_args *uap)
{
	int action = EXTEXIT_ACTION(uap->how), error;

	if (action != EXTEXIT_PROC && action != EXTEXIT_LWP)
		return (EINVAL);
	if ((uap->how & ~(0xffff | EXTEXIT_SETINT)) != 0)
		return (EINVAL);
	if ((uap->how & EXTEXIT_SETINT) != 0) {
		error = copyout(&uap->status, uap->addr, sizeof(int));
		if (error != 0)
			return (error);
		umtx_wakeup_addr(curproc->p_vmspace, (uintptr_t)uap->addr, 0);
	}
	if (action == EXTEXIT_PROC)
		exit1(W_EXITCODE(uap->status & 0xff, 0));
	lwp_exit_or_exit1(W_EXITCODE(uap->status & 0xff, 0));
}
