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

/*
 * Make the page of obj at idx resident; obj_token held (it is released
 * while a file read sleeps).  Returns the page or NULL with *errp set.
 *
 * A file mapping's page is filled from the file as it is now (up to its
 * current end, the rest of the page zero).  A page that starts at or
 * past the end of the file has nothing behind it: EIO, which the port
 * turns into SIGBUS (BUS_OBJERR, as FreeBSD's KERN_OUT_OF_BOUNDS), not a
 * page of zeros.  Pages already resident (filled, or written through a
 * private mapping) stay.
 */
static vm_page_t
fault_get_page(vm_object_t obj, vm_pindex_t idx, int *errp)
{
	vm_page_t m, m2;
	off_t off, fsize = 0;
	size_t len, resid;
	int error;

	m = vm_object_page_lookup(obj, idx);
	if (m != NULL)
		return (m);
	off = (off_t)idx * PAGE_SIZE;
	if (obj->vp != NULL) {
		fsize = obj->vp->v_filesize - obj->vp_offset;
		if (off >= fsize) {
			*errp = EIO;
			return (NULL);
		}
	}
	m = vm_page_alloc(VM_ALLOC_ZERO);
	if (m == NULL) {
		*errp = ENOMEM;
		return (NULL);
	}
	m->ref_count = 1;
	m->object = obj;
	m->pindex = idx;
	if (obj->vp != NULL) {
		len = MIN((off_t)PAGE_SIZE, fsize - off);
		error = vn_rdwr(UIO_READ, obj->vp,
		    (void *)PHYS_TO_DMAP(m->phys_addr), len,
		    obj->vp_offset + off, UIO_SYSSPACE, 0, obj->cred, &resid);
		if (error != 0) {
			vm_page_free(m);
			*errp = EIO;
			return (NULL);
		}
		/* The token was released while reading: look again. */
		m2 = vm_object_page_lookup(obj, idx);
		if (m2 != NULL) {
			vm_page_free(m);
			return (m2);
		}
	}
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
