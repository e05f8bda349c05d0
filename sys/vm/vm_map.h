/*
 * Address spaces.  A vmspace is a process's user address space: a pmap
 * (the port's page tables) and a vm_map, the sorted list of entries that
 * say what each range of addresses is (an object, an offset into it,
 * protection and inheritance).  vm_fault() resolves page faults from the
 * map; fork copies it (vmspace_fork), exec replaces it.
 *
 * Every vmspace is on vmspace_list from vmspace_alloc() until its last
 * reference goes, so that a file that shrinks can find every mapping of
 * its pages (vm_map_file_unmap).
 *
 * Locking: map_token protects the entry list and the pmap contents for
 * the map's range; it is a token, so a fault that blocks for memory or a
 * file read releases it while asleep, and the fault path revalidates.
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/thread2.h>
#include <vm/pmap.h>
#include <vm/vm_object.h>

struct vnode;
struct ucred;

struct vm_map_entry {
	TAILQ_ENTRY(vm_map_entry) link;	/* sorted by start */
	vm_offset_t	start;		/* page aligned */
	vm_offset_t	end;
	struct vm_object *object;	/* one reference */
	vm_pindex_t	pindex;		/* object index of `start' */
	int		prot;		/* VM_PROT_* now */
	int		maxprot;	/* VM_PROT_* ever allowed */
	int		inherit;	/* VM_INHERIT_* at fork */
	int		eflags;		/* MAP_ENTRY_* */
};
typedef struct vm_map_entry *vm_map_entry_t;

#define MAP_ENTRY_SHARED	0x0001	/* MAP_SHARED: never copied */
#define MAP_ENTRY_STACK		0x0002
#define MAP_ENTRY_HEAP		0x0004	/* brk area */
#define MAP_ENTRY_WIRED		0x0008

#define VM_INHERIT_SHARE	0
#define VM_INHERIT_COPY		1
#define VM_INHERIT_NONE		2
#define VM_INHERIT_DEFAULT	VM_INHERIT_COPY

struct vm_map {
	struct lwkt_token map_token;
	TAILQ_HEAD(, vm_map_entry) entries;
	int		nentries;
	vm_offset_t	min_offset;	/* VM_MIN_USER_ADDRESS */
	vm_offset_t	max_offset;	/* VM_MAX_USER_ADDRESS */
	size_t		size;		/* bytes mapped */
	struct vm_map_entry *hint;	/* last lookup */
};
typedef struct vm_map *vm_map_t;

struct vmspace {
	struct vm_map	vm_map;
	LIST_ENTRY(vmspace) vm_link;	/* vmspace_list; vmspace_list_token */
	struct pmap	*vm_pmap;	/* immutable after creation */
	volatile int	vm_refcnt;
	vm_offset_t	vm_taddr;	/* text start (exec) */
	vm_offset_t	vm_daddr;	/* heap start: the initial break */
	vm_offset_t	vm_break;	/* current break */
	vm_offset_t	vm_maxbreak;	/* heap limit (next mapping) */
	vm_offset_t	vm_stacktop;	/* USRSTACK */
	size_t		vm_ssize;	/* stack bytes reserved */
	uint64_t	vm_faults;	/* statistics */
	uint64_t	vm_cowfaults;
};

static inline struct pmap *
vmspace_pmap(struct vmspace *vm)
{
	return (vm->vm_pmap);
}

struct vmspace *vmspace_alloc(void);			/* NULL: ENOMEM */
struct vmspace *vmspace_fork(struct vmspace *vm);	/* NULL: ENOMEM */
void	vmspace_free(struct vmspace *vm);
void	vmspace_hold(struct vmspace *vm);
extern volatile uint64_t vmspace_count;

int	vm_map_insert(vm_map_t map, vm_object_t obj, vm_pindex_t pindex,
	    vm_offset_t start, vm_offset_t end, int prot, int maxprot,
	    int eflags);		/* takes over the caller's obj ref */
int	vm_map_find_space(vm_map_t map, vm_offset_t hint, size_t len,
	    vm_offset_t *addrp);	/* free range at or above hint */
int	vm_map_remove(vm_map_t map, vm_offset_t start, vm_offset_t end,
	    struct pmap *pmap);
int	vm_map_protect(vm_map_t map, vm_offset_t start, vm_offset_t end,
	    int prot, struct pmap *pmap);
int	vm_map_inherit(vm_map_t map, vm_offset_t start, vm_offset_t end,
	    int inherit);
vm_map_entry_t vm_map_lookup_entry(vm_map_t map, vm_offset_t va);
bool	vm_map_range_free(vm_map_t map, vm_offset_t start, vm_offset_t end);
void	vm_map_file_unmap(vm_object_t fobj, vm_pindex_t from);
				/* file shrank: drop pages from `from' on */

/* vm_fault.c */
int	vm_fault_map(struct vmspace *vm, vm_offset_t va, int prot,
	    vm_page_t *mp);		/* resolve and enter; 0 or errno */
int	vm_map_copyout(struct vmspace *vm, vm_offset_t uaddr,
	    const void *kbuf, size_t len);	/* into a (non-current) map */
int	vm_map_fill_from_vnode(struct vmspace *vm, vm_offset_t uaddr,
	    struct vnode *vp, off_t off, size_t len, struct ucred *cred);

/* vm_mmap.c */
int	vm_mmap_object(struct vmspace *vm, vm_offset_t *addrp, size_t len,
	    int prot, int maxprot, int flags, vm_object_t obj,
	    vm_pindex_t pindex);	/* consumes the obj reference */
int	kern_mmap(struct vmspace *vm, vm_offset_t addr, size_t len,
	    int prot, int flags, int fd, off_t pos, void **resp);

#endif /* !_VM_VM_MAP_H_ */
