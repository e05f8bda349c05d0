/*
 * System V shared memory: shmget, shmat, shmdt, shmctl, the process
 * hooks shmfork() (kern_fork.c: the child inherits every attachment) and
 * shmexit() (kern_exit.c and kern_exec.c: everything is detached), and
 * the kern.ipc.shm* sysctls.
 *
 * A segment is a VM object, made by shmget: an anonymous object whose
 * pages appear on first touch (the memory-backed "swap" pager), or, with
 * kern.ipc.shm_use_phys=1, a physically contiguous block allocated and
 * zeroed up front (an OBJT_PHYS object, never paged).  shmat maps the
 * object MAP_SHARED into the caller with vm_mmap_object, so fork shares
 * it rather than copying it.  IPC_RMID takes the key away at once
 * (IPC_PRIVATE) but destroys the segment only when the last attachment
 * goes; kern.ipc.shm_allow_removed says whether a removed segment may
 * still be attached or stat'ed by id meanwhile.
 *
 * Each attachment is a struct shm_attach on shm_attaches, naming the
 * process, the address and the slot; shm_nattch counts them.
 *
 * Locking: shm_token protects the table, the attachments and the
 * counters.  Mapping and unmapping take the address space's map_token
 * and may block, so shmat reserves its attachment (shm_nattch) under
 * shm_token, maps without it, and finishes or undoes under it again.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/kernel.h>
#include <sys/queue.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>

MALLOC_DEFINE(M_SHM, "shm", "SysV shared memory segments and attachments");

/* One slot of the table. */
struct shmid_kernel {
	struct shmid_ds	u;		/* what IPC_STAT shows */
	vm_object_t	obj;		/* one reference, while allocated */
	vm_page_t	phys;		/* shm_use_phys block, or NULL */
	int		phys_order;	/* its buddy order */
	int		prison_id;	/* creator's prison, 0: host */
};

/* One attachment of a segment by a process. */
struct shm_attach {
	LIST_ENTRY(shm_attach) link;	/* shm_attaches */
	struct proc	*p;		/* the attaching process */
	vm_offset_t	va;		/* where; page aligned */
	size_t		size;		/* bytes mapped (whole pages) */
	int		ix;		/* slot */
	int		shmid;		/* the id it was attached by */
};

/*
 * A physical block whose segment is gone but which some address space
 * being torn down still maps; freed once only our reference is left.
 */
struct shm_deferred {
	LIST_ENTRY(shm_deferred) link;
	vm_object_t	obj;
	vm_page_t	phys;
	int		order;
};

struct shminfo shminfo = {
	.shmmax = 131072UL * PAGE_SIZE,
	.shmmin = 1,
	.shmmni = 192,
	.shmseg = 128,
	.shmall = 131072,
};

static struct lwkt_token shm_token = LWKT_TOKEN_INITIALIZER(shm_token);
static struct shmid_kernel *shmsegs;	/* shmmni slots */
static LIST_HEAD(, shm_attach) shm_attaches =
    LIST_HEAD_INITIALIZER(shm_attaches);
static LIST_HEAD(, shm_deferred) shm_deferreds =
    LIST_HEAD_INITIALIZER(shm_deferreds);
static unsigned long shm_committed;	/* pages in all segments */
static int shmids_inuse;		/* segments, removed ones included */
static int shm_use_phys;
static int shm_allow_removed = 1;

static int sysctl_shmsegs(SYSCTL_HANDLER_ARGS);

SYSCTL_ULONG(_kern_ipc, OID_AUTO, shmmax, CTLFLAG_RW, &shminfo.shmmax, 0,
    "Largest segment, bytes");
SYSCTL_ULONG(_kern_ipc, OID_AUTO, shmmin, CTLFLAG_RW, &shminfo.shmmin, 0,
    "Smallest segment, bytes");
SYSCTL_ULONG(_kern_ipc, OID_AUTO, shmmni, CTLFLAG_RDTUN, &shminfo.shmmni, 0,
    "Segments");
SYSCTL_ULONG(_kern_ipc, OID_AUTO, shmseg, CTLFLAG_RW, &shminfo.shmseg, 0,
    "Attachments per process");
SYSCTL_ULONG(_kern_ipc, OID_AUTO, shmall, CTLFLAG_RW, &shminfo.shmall, 0,
    "Pages in all segments");
SYSCTL_INT(_kern_ipc, OID_AUTO, shm_use_phys, CTLFLAG_RW, &shm_use_phys, 0,
    "New segments are contiguous physical memory, allocated at once");
SYSCTL_INT(_kern_ipc, OID_AUTO, shm_allow_removed, CTLFLAG_RW,
    &shm_allow_removed, 0,
    "Removed but attached segments may still be attached and stat'ed");
SYSCTL_STRUCT(_kern_ipc, OID_AUTO, shminfo, CTLFLAG_RD, &shminfo, shminfo,
    "Shared memory limits (struct shminfo)");
SYSCTL_INT(_kern_ipc, OID_AUTO, shmids_inuse, CTLFLAG_RD, &shmids_inuse, 0,
    "Shared memory segments in use");
SYSCTL_PROC(_kern_ipc, OID_AUTO, shmsegs, CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    0, sysctl_shmsegs, "S,xshmid", "Segments (struct xshmid[shmmni])");

_Static_assert(sizeof(struct xshmid) % 8 == 0, "xshmid padding");

/* ---- boot ----------------------------------------------------------------- */

static void
shminit(void *dummy)
{
	shminfo.shmmni = ipc_tunable("kern.ipc.shmmni", shminfo.shmmni, 1,
	    32767);
	shminfo.shmseg = ipc_tunable("kern.ipc.shmseg", shminfo.shmseg, 1,
	    65536);
	shminfo.shmall = ipc_tunable("kern.ipc.shmall", shminfo.shmall, 1,
	    __LONG_MAX__ / PAGE_SIZE);
	shminfo.shmmax = ipc_tunable("kern.ipc.shmmax", shminfo.shmmax, 1,
	    __LONG_MAX__);
	shm_use_phys = kgetenv_bool("kern.ipc.shm_use_phys");
	shmsegs = kmalloc(sizeof(*shmsegs) * shminfo.shmmni, M_SHM,
	    M_WAITOK | M_ZERO);
}
SYSINIT(sysv_shm, SI_SUB_SYSV_SHM, SI_ORDER_FIRST, shminit, NULL);

/* ---- helpers ---------------------------------------------------------------- */

/*
 * The segment shmid names, or NULL (EINVAL).  A removed segment is found
 * only with kern.ipc.shm_allow_removed.  shm_token held.
 */
static struct shmid_kernel *
shm_lookup(int shmid)
{
	struct shmid_kernel *seg;
	int ix = IPCID_TO_IX(shmid);

	if (shmid < 0 || (unsigned long)ix >= shminfo.shmmni)
		return (NULL);
	seg = &shmsegs[ix];
	if ((seg->u.shm_perm.mode & IPC_ALLOCATED) == 0 ||
	    IXSEQ_TO_IPCID(ix, seg->u.shm_perm) != shmid)
		return (NULL);
	if ((seg->u.shm_perm.mode & IPC_REMOVED) != 0 && !shm_allow_removed)
		return (NULL);
	if (!ipc_cansee(ipc_curcred(), seg->prison_id))
		return (NULL);	/* another prison's */
	return (seg);
}

/* Free deferred physical blocks nobody maps any more.  shm_token held. */
static void
shm_reap_deferred(void)
{
	struct shm_deferred *d, *next;

	for (d = LIST_FIRST(&shm_deferreds); d != NULL; d = next) {
		next = LIST_NEXT(d, link);
		if (d->obj->ref_count > 1)
			continue;
		LIST_REMOVE(d, link);
		vm_object_deallocate(d->obj);
		vm_page_free_contig(d->phys, d->order);
		kfree(d, M_SHM);
	}
}

/*
 * Destroy a segment whose last attachment is gone.  shm_token held; the
 * object reference is handed to the caller in *objp to drop after the
 * token (an anonymous object frees its pages then).
 */
static void
shm_destroy(struct shmid_kernel *seg, vm_object_t *objp,
    struct shm_deferred **dp)
{
	struct shm_deferred *d = *dp;

	shm_committed -= atop(round_page(seg->u.shm_segsz));
	if (seg->phys != NULL) {
		/* The block may go back only when nothing maps it. */
		d->obj = seg->obj;
		d->phys = seg->phys;
		d->order = seg->phys_order;
		LIST_INSERT_HEAD(&shm_deferreds, d, link);
		*dp = NULL;
		*objp = NULL;
	} else
		*objp = seg->obj;
	seg->obj = NULL;
	seg->phys = NULL;
	seg->u.shm_perm.mode = 0;
	seg->u.shm_perm.key = IPC_PRIVATE;
	seg->u.shm_perm.seq = (seg->u.shm_perm.seq + 1) & 0x7fff;
	shmids_inuse--;
}

/*
 * One attachment fewer (shmdt, exit, exec); destroys a removed segment
 * with the last.  shm_token held; see shm_destroy for objp and dp.
 */
static void
shm_detach(struct shm_attach *sa, pid_t pid, vm_object_t *objp,
    struct shm_deferred **dp)
{
	struct shmid_kernel *seg = &shmsegs[sa->ix];

	LIST_REMOVE(sa, link);
	seg->u.shm_nattch--;
	seg->u.shm_lpid = pid;
	seg->u.shm_dtime = ipc_now();
	if (seg->u.shm_nattch == 0 &&
	    (seg->u.shm_perm.mode & IPC_REMOVED) != 0)
		shm_destroy(seg, objp, dp);
}

/* A new segment's object: anonymous, or a zeroed physical block. */
static int
shm_alloc_object(size_t size, vm_object_t *objp, vm_page_t *physp,
    int *orderp)
{
	vm_pindex_t npages = atop(round_page(size));
	vm_object_t obj;
	vm_page_t m = NULL;
	int order = 0;

	if (shm_use_phys) {
		while (((vm_pindex_t)1 << order) < npages)
			order++;
		if (order >= VM_NFREEORDER)
			return (ENOMEM);
		m = vm_page_alloc_contig(order, VM_ALLOC_NORMAL |
		    VM_ALLOC_ZERO);
		if (m == NULL)
			return (ENOMEM);
		obj = vm_object_phys(VM_PAGE_TO_PHYS(m), npages);
	} else
		obj = vm_object_allocate(OBJT_ANON, npages);
	if (obj == NULL) {
		if (m != NULL)
			vm_page_free_contig(m, order);
		return (ENOMEM);
	}
	*objp = obj;
	*physp = m;
	*orderp = order;
	return (0);
}

/* ---- system calls ----------------------------------------------------------- */

int
sys_shmget(struct sysmsg *sysmsg, const struct shmget_args *uap)
{
	struct thread *td = curthread;
	struct ucred *cred = td->td_proc->p_ucred;
	struct shmid_kernel *seg;
	vm_object_t obj = NULL;
	vm_page_t phys = NULL;
	size_t size = uap->size;
	int error, ix, order = 0, flags = uap->shmflg;
	bool create = uap->key == IPC_PRIVATE || (flags & IPC_CREAT) != 0;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	/* A segment may be made: get its object before the token. */
	if (create && size >= shminfo.shmmin && size <= shminfo.shmmax &&
	    size > 0) {
		error = shm_alloc_object(size, &obj, &phys, &order);
		if (error != 0 && uap->key == IPC_PRIVATE)
			return (error);
		error = 0;
	}

	lwkt_gettoken(&shm_token);
	if (uap->key != IPC_PRIVATE) {
		for (ix = 0; (unsigned long)ix < shminfo.shmmni; ix++) {
			seg = &shmsegs[ix];
			if ((seg->u.shm_perm.mode & IPC_ALLOCATED) != 0 &&
			    (seg->u.shm_perm.mode & IPC_REMOVED) == 0 &&
			    seg->u.shm_perm.key == uap->key &&
			    seg->prison_id == ipc_prison_id(cred))
				break;
		}
		if ((unsigned long)ix < shminfo.shmmni) {
			if ((flags & (IPC_CREAT | IPC_EXCL)) ==
			    (IPC_CREAT | IPC_EXCL))
				error = EEXIST;
			else if ((error = ipcperm(td, &seg->u.shm_perm,
			    flags & 0700)) != 0)
				;
			else if (size > seg->u.shm_segsz)
				error = EINVAL;
			if (error == 0)
				sysmsg->sysmsg_result =
				    IXSEQ_TO_IPCID(ix, seg->u.shm_perm);
			goto out;
		}
		if ((flags & IPC_CREAT) == 0) {
			error = ENOENT;
			goto out;
		}
	}
	if (size < shminfo.shmmin || size > shminfo.shmmax || size == 0) {
		error = EINVAL;
		goto out;
	}
	if (atop(round_page(size)) > shminfo.shmall - MIN(shm_committed,
	    shminfo.shmall)) {
		error = ENOMEM;
		goto out;
	}
	if (obj == NULL) {
		error = ENOMEM;		/* the allocation above failed */
		goto out;
	}
	for (ix = 0; (unsigned long)ix < shminfo.shmmni; ix++)
		if ((shmsegs[ix].u.shm_perm.mode & IPC_ALLOCATED) == 0)
			break;
	if ((unsigned long)ix == shminfo.shmmni) {
		error = ENOSPC;
		goto out;
	}
	seg = &shmsegs[ix];
	ipc_perm_init(&seg->u.shm_perm, cred, uap->key, flags);
	seg->u.shm_segsz = size;
	seg->u.shm_cpid = td->td_proc->p_pid;
	seg->u.shm_lpid = 0;
	seg->u.shm_nattch = 0;
	seg->u.shm_atime = seg->u.shm_dtime = 0;
	seg->u.shm_ctime = ipc_now();
	seg->obj = obj;
	seg->phys = phys;
	seg->phys_order = order;
	seg->prison_id = ipc_prison_id(cred);
	obj = NULL;
	shm_committed += atop(round_page(size));
	shmids_inuse++;
	sysmsg->sysmsg_result = IXSEQ_TO_IPCID(ix, seg->u.shm_perm);
out:
	lwkt_reltoken(&shm_token);
	if (obj != NULL) {
		vm_object_deallocate(obj);
		if (phys != NULL)
			vm_page_free_contig(phys, order);
	}
	return (error);
}

static int
shm_count_attaches(struct proc *p)
{
	struct shm_attach *sa;
	int n = 0;

	LIST_FOREACH(sa, &shm_attaches, link)
		if (sa->p == p)
			n++;
	return (n);
}

int
sys_shmat(struct sysmsg *sysmsg, const struct shmat_args *uap)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct vmspace *vm = p->p_vmspace;
	struct shmid_kernel *seg;
	struct shm_attach *sa;
	struct shm_deferred *d;
	vm_object_t obj, dropobj = NULL;
	vm_offset_t va = (vm_offset_t)uap->shmaddr;
	size_t size;
	int error, prot, flags, ix;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	if (va != 0) {
		if ((uap->shmflg & SHM_RND) != 0)
			va &= ~(vm_offset_t)(SHMLBA - 1);
		else if ((va & (SHMLBA - 1)) != 0)
			return (EINVAL);
	}
	sa = kmalloc(sizeof(*sa), M_SHM, M_WAITOK | M_ZERO);
	d = kmalloc(sizeof(*d), M_SHM, M_WAITOK | M_ZERO);

	lwkt_gettoken(&shm_token);
	seg = shm_lookup(uap->shmid);
	if (seg == NULL) {
		error = EINVAL;
		goto out;
	}
	prot = (uap->shmflg & SHM_RDONLY) != 0 ? PROT_READ :
	    PROT_READ | PROT_WRITE;
	error = ipcperm(td, &seg->u.shm_perm,
	    (uap->shmflg & SHM_RDONLY) != 0 ? IPC_R : IPC_R | IPC_W);
	if (error != 0)
		goto out;
	if ((unsigned long)shm_count_attaches(p) >= shminfo.shmseg) {
		error = EMFILE;
		goto out;
	}
	/* Reserve the attachment so the segment stays while we map. */
	ix = IPCID_TO_IX(uap->shmid);
	seg->u.shm_nattch++;
	obj = seg->obj;
	vm_object_reference(obj);
	size = round_page(seg->u.shm_segsz);
	lwkt_reltoken(&shm_token);

	flags = MAP_SHARED | (va != 0 ? MAP_FIXED | MAP_EXCL : 0);
	error = vm_mmap_object(vm, &va, size, prot, prot, flags, obj, 0);

	lwkt_gettoken(&shm_token);
	if (error != 0) {
		/* Give the reservation back (MAP_EXCL overlap: ENOMEM). */
		seg = &shmsegs[ix];
		seg->u.shm_nattch--;
		if (seg->u.shm_nattch == 0 &&
		    (seg->u.shm_perm.mode & IPC_REMOVED) != 0)
			shm_destroy(seg, &dropobj, &d);
		goto out;
	}
	sa->p = p;
	sa->va = va;
	sa->size = size;
	sa->ix = ix;
	sa->shmid = uap->shmid;
	LIST_INSERT_HEAD(&shm_attaches, sa, link);
	sa = NULL;
	seg->u.shm_lpid = p->p_pid;
	seg->u.shm_atime = ipc_now();
	sysmsg->sysmsg_resultp = (void *)va;
out:
	shm_reap_deferred();
	lwkt_reltoken(&shm_token);
	if (sa != NULL)
		kfree(sa, M_SHM);
	if (d != NULL)
		kfree(d, M_SHM);
	if (dropobj != NULL)
		vm_object_deallocate(dropobj);
	return (error);
}

int
sys_shmdt(struct sysmsg *sysmsg, const struct shmdt_args *uap)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct vmspace *vm = p->p_vmspace;
	struct shm_attach *sa;
	struct shm_deferred *d;
	vm_map_entry_t e;
	vm_object_t obj, dropobj = NULL;
	vm_offset_t va = (vm_offset_t)uap->shmaddr;
	int error = 0;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	d = kmalloc(sizeof(*d), M_SHM, M_WAITOK | M_ZERO);
	lwkt_gettoken(&shm_token);
	LIST_FOREACH(sa, &shm_attaches, link)
		if (sa->p == p && sa->va == va)
			break;
	if (sa == NULL) {
		lwkt_reltoken(&shm_token);
		kfree(d, M_SHM);
		return (EINVAL);
	}
	obj = shmsegs[sa->ix].obj;
	/*
	 * Unmap only if the segment is still what is mapped there: the
	 * program may have unmapped it and put something else in its place.
	 */
	lwkt_gettoken(&vm->vm_map.map_token);
	e = vm_map_lookup_entry(&vm->vm_map, va);
	if (e != NULL && e->object == obj)
		error = vm_map_remove(&vm->vm_map, va, va + sa->size,
		    vm->vm_pmap);
	lwkt_reltoken(&vm->vm_map.map_token);
	/* shm_token was held throughout: sa is still ours. */
	shm_detach(sa, p->p_pid, &dropobj, &d);
	kfree(sa, M_SHM);
	shm_reap_deferred();
	lwkt_reltoken(&shm_token);
	if (d != NULL)
		kfree(d, M_SHM);
	if (dropobj != NULL)
		vm_object_deallocate(dropobj);
	return (error);
}

int
sys_shmctl(struct sysmsg *sysmsg, const struct shmctl_args *uap)
{
	struct thread *td = curthread;
	struct shmid_kernel *seg;
	struct shm_deferred *d;
	struct shmid_ds ds;
	vm_object_t dropobj = NULL;
	int error;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	switch (uap->cmd) {
	case IPC_STAT:
	case IPC_RMID:
		break;
	case IPC_SET:
		error = copyin(uap->buf, &ds, sizeof(ds));
		if (error != 0)
			return (error);
		break;
	default:
		return (EINVAL);
	}
	d = kmalloc(sizeof(*d), M_SHM, M_WAITOK | M_ZERO);
	lwkt_gettoken(&shm_token);
	seg = shm_lookup(uap->shmid);
	if (seg == NULL) {
		error = EINVAL;
		goto out;
	}
	switch (uap->cmd) {
	case IPC_STAT:
		if ((error = ipcperm(td, &seg->u.shm_perm, IPC_R)) != 0)
			break;
		ds = seg->u;
		ds.shm_perm.mode &= 0777;
		break;
	case IPC_SET:
		if ((error = ipcperm(td, &seg->u.shm_perm, IPC_M)) != 0)
			break;
		seg->u.shm_perm.uid = ds.shm_perm.uid;
		seg->u.shm_perm.gid = ds.shm_perm.gid;
		seg->u.shm_perm.mode = (seg->u.shm_perm.mode & ~0777) |
		    (ds.shm_perm.mode & 0777);
		seg->u.shm_ctime = ipc_now();
		break;
	case IPC_RMID:
		if ((error = ipcperm(td, &seg->u.shm_perm, IPC_M)) != 0)
			break;
		seg->u.shm_perm.key = IPC_PRIVATE;
		seg->u.shm_perm.mode |= IPC_REMOVED;
		if (seg->u.shm_nattch == 0)
			shm_destroy(seg, &dropobj, &d);
		break;
	}
out:
	shm_reap_deferred();
	lwkt_reltoken(&shm_token);
	if (d != NULL)
		kfree(d, M_SHM);
	if (dropobj != NULL)
		vm_object_deallocate(dropobj);
	if (error == 0 && uap->cmd == IPC_STAT)
		error = copyout(&ds, uap->buf, sizeof(ds));
	return (error);
}

/* ---- process hooks ---------------------------------------------------------- */

/*
 * fork: vmspace_fork has given p2 p1's mappings (MAP_SHARED, so the same
 * objects); give p2 the matching attachments.  Called once nothing in
 * fork1 can fail any more.
 */
void
shmfork(struct proc *p1, struct proc *p2)
{
	struct shm_attach *sa, **recs;
	int n, i;

	/* Only p1 attaches for p1, and p1 is here forking: no race. */
	if (LIST_EMPTY(&shm_attaches))
		return;
	lwkt_gettoken(&shm_token);
	n = shm_count_attaches(p1);
	lwkt_reltoken(&shm_token);
	if (n == 0)
		return;
	/* Allocate first: kmalloc may block, and the token would go. */
	recs = kmalloc(sizeof(*recs) * n, M_SHM, M_WAITOK);
	for (i = 0; i < n; i++)
		recs[i] = kmalloc(sizeof(**recs), M_SHM, M_WAITOK);
	lwkt_gettoken(&shm_token);
	i = 0;
	LIST_FOREACH(sa, &shm_attaches, link) {
		if (sa->p != p1 || i == n)
			continue;
		*recs[i] = *sa;
		recs[i]->p = p2;
		shmsegs[sa->ix].u.shm_nattch++;
		i++;
	}
	n = i;
	for (i = 0; i < n; i++)
		LIST_INSERT_HEAD(&shm_attaches, recs[i], link);
	lwkt_reltoken(&shm_token);
	kfree(recs, M_SHM);
}

/*
 * exit and exec: drop every attachment of p.  Its old address space is
 * already gone (or going), so only the records and counts change here.
 */
void
shmexit(struct proc *p)
{
	struct shm_attach *sa, *next;
	struct shm_deferred *d = NULL;
	vm_object_t dropobj;

	if (LIST_EMPTY(&shm_attaches))
		return;
	for (;;) {
		if (d == NULL)
			d = kmalloc(sizeof(*d), M_SHM, M_WAITOK | M_ZERO);
		dropobj = NULL;
		lwkt_gettoken(&shm_token);
		for (sa = LIST_FIRST(&shm_attaches); sa != NULL; sa = next) {
			next = LIST_NEXT(sa, link);
			if (sa->p == p)
				break;
		}
		if (sa == NULL) {
			shm_reap_deferred();
			lwkt_reltoken(&shm_token);
			break;
		}
		shm_detach(sa, p->p_pid, &dropobj, &d);
		lwkt_reltoken(&shm_token);
		kfree(sa, M_SHM);
		if (dropobj != NULL)
			vm_object_deallocate(dropobj);
	}
	if (d != NULL)
		kfree(d, M_SHM);
}

/* ---- sysctl ----------------------------------------------------------------- */

static int
sysctl_shmsegs(SYSCTL_HANDLER_ARGS)
{
	struct ucred *reader = req->td != NULL && req->td->td_proc != NULL ?
	    req->td->td_proc->p_ucred : NULL;
	struct shmid_kernel *seg;
	struct xshmid *xh, *tab;
	size_t size = sizeof(*tab) * shminfo.shmmni;
	int error, ix;

	if (req->oldptr == NULL)
		return (SYSCTL_OUT(req, NULL, size));
	tab = kmalloc(size, M_SHM, M_WAITOK | M_ZERO);
	lwkt_gettoken(&shm_token);
	for (ix = 0; (unsigned long)ix < shminfo.shmmni; ix++) {
		seg = &shmsegs[ix];
		if ((seg->u.shm_perm.mode & IPC_ALLOCATED) == 0 ||
		    !ipc_cansee(reader, seg->prison_id))
			continue;
		xh = &tab[ix];
		xh->xh_len = sizeof(*xh);
		xh->xh_version = XSHMID_VERSION;
		xh->xh_flags = XIPC_ALLOCATED |
		    ((seg->u.shm_perm.mode & IPC_REMOVED) != 0 ?
		    XIPC_REMOVED : 0);
		xh->xh_id = IXSEQ_TO_IPCID(ix, seg->u.shm_perm);
		ipc_perm_export(&seg->u.shm_perm, &xh->xh_perm);
		xh->xh_segsz = seg->u.shm_segsz;
		xh->xh_nattch = seg->u.shm_nattch;
		xh->xh_cpid = seg->u.shm_cpid;
		xh->xh_lpid = seg->u.shm_lpid;
		xh->xh_atime = seg->u.shm_atime;
		xh->xh_dtime = seg->u.shm_dtime;
		xh->xh_ctime = seg->u.shm_ctime;
	}
	lwkt_reltoken(&shm_token);
	error = SYSCTL_OUT(req, tab, size);
	kfree(tab, M_SHM);
	return (error);
}
