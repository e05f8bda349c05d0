/*
 * Page faults.  The port calls vm_fault() for a user-address fault (from
 * user mode, or from copyin/copyout in the kernel); it looks up the map
 * entry, finds or makes the page in the entry's object, copies it first
 * when a write hits a page shared copy-on-write, and enters the
 * translation.  Out of memory is ENOMEM (the port turns a failed fault
 * into SIGSEGV, or EFAULT for copyin), never a panic.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <sys/proc.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/ucred.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/vmparam.h>

/* Is file page idx wholly past the end of the file object fobj? */
static bool
past_eof(vm_object_t fobj, vm_pindex_t idx)
{
	return ((off_t)idx >= (off_t)atop(round_page(fobj->file_size)));
}

/*
 * A private object's page over a file (obj->backing): its own copy if it
 * has one, else the file's page, borrowed (one more reference, inserted
 * here too, so the caller maps it read-only and copies on write).  A
 * borrowed page that is no longer the file's (the file shrank and grew
 * again while this object was being copied by fork) is swapped for the
 * file's current one.  Both object tokens held.
 */
static vm_page_t
fault_private_page(vm_object_t obj, vm_pindex_t idx, vm_page_t m, int *errp)
{
	vm_object_t fobj = obj->backing;
	vm_pindex_t fidx = idx + obj->backing_off;
	vm_page_t fm;

	if (past_eof(fobj, fidx)) {
		*errp = EIO;
		return (NULL);
	}
	fm = vm_object_page_lookup(fobj, fidx);
	if (fm == m)
		return (m);
	if (m != NULL) {
		vm_object_page_remove(obj, idx);
		vm_object_page_release(m);
	}
	if (fm == NULL) {
		*errp = EIO;		/* cannot be: the file has every page */
		return (NULL);
	}
	__atomic_fetch_add(&fm->ref_count, 1, __ATOMIC_SEQ_CST);
	if (vm_object_page_insert(obj, idx, fm) != 0) {
		vm_object_page_release(fm);
		*errp = ENOMEM;
		return (NULL);
	}
	return (fm);
}

/*
 * Make the page of obj at idx resident; obj_token held.  Returns the
 * page or NULL with *errp set.
 *
 * Anonymous memory gets a zeroed page on first touch.  A file's object
 * (OBJ_FILE) has every page up to the end of the file; a page wholly
 * past the end has nothing behind it: EIO, which the port turns into
 * SIGBUS (BUS_OBJERR, as FreeBSD's KERN_OUT_OF_BOUNDS), never a page of
 * zeros.  A private object over a file: fault_private_page.
 */
static vm_page_t
fault_get_page(vm_object_t obj, vm_pindex_t idx, int *errp)
{
	vm_page_t m;

	m = vm_object_page_lookup(obj, idx);
	if ((obj->flags & OBJ_FILE) != 0) {
		if (m == NULL || past_eof(obj, idx)) {
			*errp = EIO;
			return (NULL);
		}
		return (m);
	}
	if (obj->backing != NULL) {
		if (m != NULL && m->object != obj->backing)
			return (m);		/* our own copy */
		lwkt_gettoken(&obj->backing->obj_token);
		m = fault_private_page(obj, idx, m, errp);
		lwkt_reltoken(&obj->backing->obj_token);
		return (m);
	}
	if (m != NULL)
		return (m);
	m = vm_page_alloc(VM_ALLOC_ZERO);
	if (m == NULL) {
		*errp = ENOMEM;
		return (NULL);
	}
	m->ref_count = 1;
	m->object = obj;
	m->pindex = idx;
	if (vm_object_page_insert(obj, idx, m) != 0) {
		vm_page_free(m);
		*errp = ENOMEM;
		return (NULL);
	}
	return (m);
}

int
vm_fault_map(struct vmspace *vm, vm_offset_t va, int prot, vm_page_t *mp)
{
	vm_map_t map = &vm->vm_map;
	vm_map_entry_t e;
	vm_object_t obj;
	vm_pindex_t idx;
	vm_page_t m, nm;
	int error = 0, eprot;

	va = trunc_page(va);
	lwkt_gettoken(&map->map_token);
	e = vm_map_lookup_entry(map, va);
	if (e == NULL) {
		error = EFAULT;
		goto out;
	}
	if ((prot & ~e->prot) != 0) {
		error = EACCES;
		goto out;
	}
	obj = e->object;
	idx = e->pindex + atop(va - e->start);
	eprot = e->prot;
	vm->vm_faults++;
	if (obj->type == OBJT_PHYS) {
		if (idx >= obj->size) {
			error = EFAULT;
			goto out;
		}
		error = pmap_enter(vm->vm_pmap, va, obj->phys_base + ptoa(idx),
		    eprot, 0);
		if (mp != NULL)
			*mp = NULL;
		goto out;
	}
	lwkt_gettoken(&obj->obj_token);
	m = fault_get_page(obj, idx, &error);
	if (m == NULL)
		goto out_obj;
	if ((e->eflags & MAP_ENTRY_SHARED) == 0 && m->ref_count > 1) {
		if ((prot & VM_PROT_WRITE) != 0) {
			/* Copy on write: this object gets its own page. */
			nm = vm_page_alloc(VM_ALLOC_NORMAL);
			if (nm == NULL) {
				error = ENOMEM;
				goto out_obj;
			}
			vm_page_copy(m, nm);
			nm->ref_count = 1;
			nm->object = obj;
			nm->pindex = idx;
			vm_object_page_remove(obj, idx);
			vm_object_page_insert(obj, idx, nm);	/* slot exists */
			vm_object_page_release(m);
			m = nm;
			vm->vm_cowfaults++;
		} else
			eprot &= ~VM_PROT_WRITE;
	}
	error = pmap_enter(vm->vm_pmap, va, m->phys_addr, eprot, 0);
	if (mp != NULL)
		*mp = m;
out_obj:
	lwkt_reltoken(&obj->obj_token);
out:
	lwkt_reltoken(&map->map_token);
	return (error);
}

int
vm_fault(struct thread *td, vm_offset_t va, int prot)
{
	struct proc *p = td->td_proc;
	int error;

	if (p == NULL || p->p_vmspace == NULL || va < VM_MIN_USER_ADDRESS ||
	    va >= VM_MAX_USER_ADDRESS)
		return (EFAULT);
	error = vm_fault_map(p->p_vmspace, va, prot, NULL);
	if (error == ENOMEM)
		kprintf("pid %d (%s): out of memory at %#lx\n", p->p_pid,
		    p->p_comm, (unsigned long)va);
	return (error);
}

/* Copy kernel data into a map that need not be the current one. */
int
vm_map_copyout(struct vmspace *vm, vm_offset_t uaddr, const void *kbuf,
    size_t len)
{
	const char *src = kbuf;
	vm_page_t m;
	size_t n, off;
	int error;

	while (len > 0) {
		off = uaddr & PAGE_MASK;
		n = MIN(len, PAGE_SIZE - off);
		error = vm_fault_map(vm, uaddr, VM_PROT_WRITE, &m);
		if (error != 0)
			return (error);
		if (m == NULL)
			return (EFAULT);
		memcpy((char *)PHYS_TO_DMAP(m->phys_addr) + off, src, n);
		src += n;
		uaddr += n;
		len -= n;
	}
	return (0);
}

/* Read len bytes of vp at off into the map at uaddr. */
int
vm_map_fill_from_vnode(struct vmspace *vm, vm_offset_t uaddr,
    struct vnode *vp, off_t foff, size_t len, struct ucred *cred)
{
	vm_page_t m;
	size_t n, off, resid;
	int error;

	while (len > 0) {
		off = uaddr & PAGE_MASK;
		n = MIN(len, PAGE_SIZE - off);
		error = vm_fault_map(vm, uaddr, VM_PROT_WRITE, &m);
		if (error != 0)
			return (error);
		if (m == NULL)
			return (EFAULT);
		error = vn_rdwr(UIO_READ, vp,
		    (char *)PHYS_TO_DMAP(m->phys_addr) + off, n, foff,
		    UIO_SYSSPACE, 0, cred, &resid);
		if (error != 0)
			return (error);
		if (resid != 0)
			return (ENOEXEC);	/* file shorter than it says */
		uaddr += n;
		foff += n;
		len -= n;
	}
	return (0);
}
