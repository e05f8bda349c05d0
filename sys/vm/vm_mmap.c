/*
 * The memory-mapping system calls: mmap, munmap, mprotect, madvise,
 * minherit, msync, mlock, munlock, mincore, and the break (sbrk/break).
 * Anonymous memory (MAP_ANON), private and shared, and file mappings of
 * a file system that keeps a file's data in a VM object (tmpfs: the
 * vnode's v_object): MAP_SHARED maps that object, so stores are the
 * file's contents at once and read(2)/write(2) see the same pages;
 * MAP_PRIVATE maps a private object over it (see vm_object.h).  Memory
 * is never paged out and a file's pages are its only copy, so msync has
 * nothing to write back and mlock/munlock only check their range.  vm_mmap_object() lets other subsystems (SysV and POSIX
 * shared memory) map an object of their own.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/vnode.h>
#include <sys/ucred.h>
#include <sys/resource.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>

#define MMAP_BASE	(VM_MIN_USER_ADDRESS + 0x100000000ULL)	/* hint */

static int
prot_ok(int prot)
{
	return ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) == 0);
}

/*
 * RLIMIT_AS (RLIMIT_VMEM): would growing vm's mapped size by `grow'
 * bytes, after dropping `freed' bytes it replaces, pass the current
 * process's soft limit?  Only the caller's own address space counts (exec
 * builds a new one before it is the process's).  map_token held.
 */
static bool
vm_as_over(struct vmspace *vm, size_t grow, size_t freed)
{
	struct proc *p = curproc;
	rlim_t lim;

	if (p == NULL || p->p_vmspace != vm || p->p_limit == NULL)
		return (false);
	lim = p->p_limit->pl_rlimit[RLIMIT_AS].rlim_cur;
	if (lim == RLIM_INFINITY)
		return (false);
	return ((uint64_t)vm->vm_map.size - freed + grow > (uint64_t)lim);
}

/* Bytes of [s, e) that entries of map cover.  map_token held. */
static size_t
vm_map_range_size(vm_map_t map, vm_offset_t s, vm_offset_t e)
{
	vm_map_entry_t ent;
	size_t n = 0;

	TAILQ_FOREACH(ent, &map->entries, link) {
		if (ent->end <= s)
			continue;
		if (ent->start >= e)
			break;
		n += MIN(ent->end, e) - MAX(ent->start, s);
	}
	return (n);
}

/*
 * Map obj (one reference, consumed) at *addrp (a hint, or exact with
 * MAP_FIXED, replacing what is there unless MAP_EXCL).  ENOMEM past
 * RLIMIT_AS.
 */
int
vm_mmap_object(struct vmspace *vm, vm_offset_t *addrp, size_t len, int prot,
    int maxprot, int flags, vm_object_t obj, vm_pindex_t pindex)
{
	vm_map_t map = &vm->vm_map;
	vm_offset_t addr = *addrp;
	int error, eflags;

	len = round_page(len);
	if (len == 0)
		return (EINVAL);
	eflags = (flags & MAP_SHARED) ? MAP_ENTRY_SHARED : 0;
	if ((flags & MAP_STACK) != 0)
		eflags |= MAP_ENTRY_STACK;
	lwkt_gettoken(&map->map_token);
	if ((flags & MAP_FIXED) != 0) {
		if ((addr & PAGE_MASK) != 0 || addr < map->min_offset ||
		    addr + len > map->max_offset || addr + len < addr) {
			error = EINVAL;
			goto out;
		}
		if (vm_as_over(vm, len, vm_map_range_size(map, addr,
		    addr + len))) {
			error = ENOMEM;
			goto out;
		}
		if (!vm_map_range_free(map, addr, addr + len)) {
			if ((flags & MAP_EXCL) != 0) {
				error = ENOMEM;
				goto out;
			}
			error = vm_map_remove(map, addr, addr + len,
			    vm->vm_pmap);
			if (error != 0)
				goto out;
		}
	} else {
		if (vm_as_over(vm, len, 0)) {
			error = ENOMEM;
			goto out;
		}
		if (addr == 0 || addr < MMAP_BASE)
			addr = MMAP_BASE;
		error = vm_map_find_space(map, addr, len, &addr);
		if (error != 0)
			error = vm_map_find_space(map, map->min_offset, len,
			    &addr);
		if (error != 0)
			goto out;
	}
	error = vm_map_insert(map, obj, pindex, addr, addr + len, prot,
	    maxprot, eflags);
	if (error == 0) {
		obj = NULL;
		*addrp = addr;
	}
out:
	lwkt_reltoken(&map->map_token);
	if (obj != NULL)
		vm_object_deallocate(obj);
	return (error);
}

int
kern_mmap(struct vmspace *vm, vm_offset_t addr, size_t len, int prot,
    int flags, int fd, off_t pos, void **resp)
{
	struct thread *td = curthread;
	struct file *fp = NULL;
	struct vnode *vp;
	vm_object_t obj;
	vm_pindex_t pindex = 0;
	int error, maxprot = VM_PROT_ALL;
	size_t plen;
	off_t pgoff;

	if (!prot_ok(prot) || len == 0)
		return (EINVAL);
	if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0 ||
	    (flags & (MAP_SHARED | MAP_PRIVATE)) == (MAP_SHARED | MAP_PRIVATE))
		return (EINVAL);
	if ((flags & MAP_FIXED) != 0 && (addr & PAGE_MASK) != 0)
		return (EINVAL);
	pgoff = pos & PAGE_MASK;
	if (pos < 0 || len + pgoff < len)
		return (EINVAL);
	plen = round_page(len + pgoff);
	if (plen == 0 || plen > VM_MAX_USER_ADDRESS)
		return (ENOMEM);

	if ((flags & MAP_ANON) != 0) {
		if (fd != -1 && fd != 0)
			return (EINVAL);
		obj = vm_object_allocate(OBJT_ANON, atop(plen));
		if (obj == NULL)
			return (ENOMEM);
		pgoff = 0;
	} else {
		error = holdfp(td, fd, 0, &fp);
		if (error != 0)
			return (error);
		if (fp->f_type != DTYPE_VNODE || fp->f_vnode == NULL ||
		    fp->f_vnode->v_type != VREG) {
			fdrop(fp);
			return (ENODEV);
		}
		if ((fp->f_flag & FREAD) == 0) {
			fdrop(fp);
			return (EACCES);
		}
		vp = fp->f_vnode;
		if (vp->v_object == NULL) {
			fdrop(fp);
			return (ENODEV);	/* no pages to map */
		}
		if ((flags & MAP_SHARED) != 0) {
			/* Shared stores are writes to the file. */
			if ((fp->f_flag & FWRITE) == 0) {
				if ((prot & PROT_WRITE) != 0) {
					fdrop(fp);
					return (EACCES);
				}
				maxprot &= ~VM_PROT_WRITE;
			}
			obj = vp->v_object;
			vm_object_reference(obj);
			pindex = atop(pos - pgoff);
		} else {
			obj = vm_object_private(vp->v_object,
			    atop(pos - pgoff), atop(plen));
			if (obj == NULL) {
				fdrop(fp);
				return (ENOMEM);
			}
		}
		fdrop(fp);
	}
	error = vm_mmap_object(vm, &addr, plen, prot, maxprot, flags, obj,
	    pindex);
	if (error != 0)
		return (error);
	*resp = (void *)(addr + pgoff);
	return (0);
}

int
sys_mmap(struct sysmsg *sysmsg, const struct mmap_args *uap)
{
	struct proc *p = curproc;
	void *res;
	int error;

	error = kern_mmap(p->p_vmspace, (vm_offset_t)uap->addr, uap->len,
	    uap->prot, uap->flags, uap->fd, uap->pos, &res);
	if (error == 0)
		sysmsg->sysmsg_resultp = res;
	return (error);
}

static int
user_range(const void *addr, size_t len, vm_offset_t *sp, vm_offset_t *ep)
{
	vm_offset_t s = (vm_offset_t)addr, e;

	if ((s & PAGE_MASK) != 0)
		return (EINVAL);
	e = round_page(s + len);
	if (e < s || s < VM_MIN_USER_ADDRESS || e > VM_MAX_USER_ADDRESS)
		return (EINVAL);
	*sp = s;
	*ep = e;
	return (0);
}

int
sys_munmap(struct sysmsg *sysmsg, const struct munmap_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t s, e;
	int error;

	if (uap->len == 0)
		return (EINVAL);
	error = user_range(uap->addr, uap->len, &s, &e);
	if (error != 0)
		return (error);
	lwkt_gettoken(&vm->vm_map.map_token);
	error = vm_map_remove(&vm->vm_map, s, e, vm->vm_pmap);
	lwkt_reltoken(&vm->vm_map.map_token);
	return (error);
}

int
sys_mprotect(struct sysmsg *sysmsg, const struct mprotect_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t s, e;
	int error;

	if (!prot_ok(uap->prot))
		return (EINVAL);
	error = user_range(uap->addr, uap->len, &s, &e);
	if (error != 0)
		return (error);
	if (s == e)
		return (0);
	lwkt_gettoken(&vm->vm_map.map_token);
	error = vm_map_protect(&vm->vm_map, s, e, uap->prot, vm->vm_pmap);
	lwkt_reltoken(&vm->vm_map.map_token);
	return (error);
}

int
sys_minherit(struct sysmsg *sysmsg, const struct minherit_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t s, e;
	int error;

	if (uap->inherit < INHERIT_SHARE || uap->inherit > INHERIT_NONE)
		return (EINVAL);
	error = user_range(uap->addr, uap->len, &s, &e);
	if (error != 0)
		return (error);
	lwkt_gettoken(&vm->vm_map.map_token);
	error = vm_map_inherit(&vm->vm_map, s, e, uap->inherit);
	lwkt_reltoken(&vm->vm_map.map_token);
	return (error);
}

/* Is every page of the range mapped?  ENOMEM if not (POSIX). */
static int
range_mapped(struct vmspace *vm, vm_offset_t s, vm_offset_t e)
{
	vm_map_entry_t ent;
	int error = 0;

	lwkt_gettoken(&vm->vm_map.map_token);
	while (s < e) {
		ent = vm_map_lookup_entry(&vm->vm_map, s);
		if (ent == NULL) {
			error = ENOMEM;
			break;
		}
		s = ent->end;
	}
	lwkt_reltoken(&vm->vm_map.map_token);
	return (error);
}

int
sys_madvise(struct sysmsg *sysmsg, const struct madvise_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_map_entry_t ent;
	vm_offset_t s, e, va;
	int error;

	if (uap->behav < MADV_NORMAL || uap->behav > MADV_FREE)
		return (EINVAL);
	error = user_range(uap->addr, uap->len, &s, &e);
	if (error != 0)
		return (error);
	error = range_mapped(vm, s, e);
	if (error != 0 || (uap->behav != MADV_DONTNEED &&
	    uap->behav != MADV_FREE))
		return (error);
	/*
	 * DONTNEED/FREE on private anonymous memory: drop the pages, the
	 * next touch gets zeros.  Shared and file-backed ranges keep theirs.
	 */
	lwkt_gettoken(&vm->vm_map.map_token);
	for (va = s; va < e; va += PAGE_SIZE) {
		ent = vm_map_lookup_entry(&vm->vm_map, va);
		if (ent == NULL || ent->object == NULL ||
		    (ent->eflags & MAP_ENTRY_SHARED) != 0 ||
		    ent->object->type != OBJT_ANON ||
		    ent->object->backing != NULL ||
		    (ent->object->flags & OBJ_FILE) != 0)
			continue;
		pmap_remove(vm->vm_pmap, va, va + PAGE_SIZE);
		lwkt_gettoken(&ent->object->obj_token);
		vm_object_page_remove_range(ent->object,
		    ent->pindex + atop(va - ent->start),
		    ent->pindex + atop(va - ent->start) + 1);
		lwkt_reltoken(&ent->object->obj_token);
	}
	lwkt_reltoken(&vm->vm_map.map_token);
	return (0);
}

int
sys_msync(struct sysmsg *sysmsg, const struct msync_args *uap)
{
	vm_offset_t s, e;
	int error;

	if ((uap->flags & ~(MS_ASYNC | MS_INVALIDATE)) != 0 ||
	    (uap->flags & (MS_ASYNC | MS_INVALIDATE)) ==
	    (MS_ASYNC | MS_INVALIDATE))
		return (EINVAL);
	error = user_range(uap->addr, uap->len, &s, &e);
	if (error != 0)
		return (error);
	/*
	 * A shared file mapping maps the file's own pages, so there is
	 * nothing to write back (MS_SYNC, MS_ASYNC) and nothing stale to
	 * throw away (MS_INVALIDATE): only check the range.
	 */
	return (range_mapped(curproc->p_vmspace, s, e));
}

static int
lock_range(const void *addr, size_t len)
{
	vm_offset_t s = trunc_page((vm_offset_t)addr), e;

	e = round_page((vm_offset_t)addr + len);
	if (e < s || s < VM_MIN_USER_ADDRESS || e > VM_MAX_USER_ADDRESS)
		return (EINVAL);
	return (range_mapped(curproc->p_vmspace, s, e));
}

int
sys_mlock(struct sysmsg *sysmsg, const struct mlock_args *uap)
{
	return (lock_range(uap->addr, uap->len));
}

int
sys_munlock(struct sysmsg *sysmsg, const struct munlock_args *uap)
{
	return (lock_range(uap->addr, uap->len));
}

int
sys_mincore(struct sysmsg *sysmsg, const struct mincore_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t s, e, va;
	vm_paddr_t pa;
	char v;
	int error;

	s = trunc_page((vm_offset_t)uap->addr);
	e = round_page((vm_offset_t)uap->addr + uap->len);
	if (e < s || s < VM_MIN_USER_ADDRESS || e > VM_MAX_USER_ADDRESS)
		return (ENOMEM);
	error = range_mapped(vm, s, e);
	if (error != 0)
		return (error);
	for (va = s; va < e; va += PAGE_SIZE) {
		v = pmap_extract(vm->vm_pmap, va, &pa) ? 1 : 0;
		error = copyout(&v, uap->vec + atop(va - s), 1);
		if (error != 0)
			return (error);
	}
	return (0);
}

/*
 * The break.  exec sets vm_daddr (end of the data segment) and
 * vm_maxbreak; the heap is an anonymous private entry that grows and
 * shrinks with the break.  Returns the old break.
 */
static int
set_break(struct vmspace *vm, vm_offset_t nbrk)
{
	vm_map_t map = &vm->vm_map;
	vm_offset_t obrk_pg, nbrk_pg;
	vm_object_t obj;
	struct plimit *lim = curproc->p_limit;
	int error = 0;

	if (nbrk < vm->vm_daddr || nbrk > vm->vm_maxbreak)
		return (ENOMEM);
	if (lim != NULL && (rlim_t)(nbrk - vm->vm_daddr) >
	    lim->pl_rlimit[RLIMIT_DATA].rlim_cur)
		return (ENOMEM);
	lwkt_gettoken(&map->map_token);
	obrk_pg = round_page(vm->vm_break);
	nbrk_pg = round_page(nbrk);
	if (nbrk_pg > obrk_pg) {
		if (vm_as_over(vm, nbrk_pg - obrk_pg, 0)) {
			lwkt_reltoken(&map->map_token);
			return (ENOMEM);
		}
		obj = vm_object_allocate(OBJT_ANON, atop(nbrk_pg - obrk_pg));
		if (obj == NULL)
			error = ENOMEM;
		else
			error = vm_map_insert(map, obj, 0, obrk_pg, nbrk_pg,
			    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
			    MAP_ENTRY_HEAP);
		if (error != 0 && obj != NULL)
			vm_object_deallocate(obj);
	} else if (nbrk_pg < obrk_pg) {
		error = vm_map_remove(map, nbrk_pg, obrk_pg, vm->vm_pmap);
	}
	if (error == 0)
		vm->vm_break = nbrk;
	lwkt_reltoken(&map->map_token);
	return (error);
}

int
sys_break(struct sysmsg *sysmsg, const struct break_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;

	return (set_break(vm, (vm_offset_t)uap->nsize));
}

int
sys_sbrk(struct sysmsg *sysmsg, const struct sbrk_args *uap)
{
	struct vmspace *vm = curproc->p_vmspace;
	vm_offset_t obrk = vm->vm_break;
	int error;

	if (uap->incr != 0) {
		if ((uap->incr > 0 && obrk + uap->incr < obrk) ||
		    (uap->incr < 0 && obrk + uap->incr > obrk))
			return (ENOMEM);
		error = set_break(vm, obrk + uap->incr);
		if (error != 0)
			return (error);
	}
	sysmsg->sysmsg_resultp = (void *)obrk;
	return (0);
}
