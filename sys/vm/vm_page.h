/*
 * Physical pages.  Every page of RAM the boot loader reported has a
 * struct vm_page in vm_page_array (per RAM segment); free pages live in a
 * buddy allocator (orders 0..VM_NFREEORDER-1) under vm_page_spin, with a
 * small per-CPU cache of single pages in front of it.  A page in use by a
 * VM object is on the object's page list (object token); a page used by
 * kmalloc records its size class in m_kmclass.
 */
#ifndef _VM_VM_PAGE_H_
#define _VM_VM_PAGE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <machine/param.h>

struct vm_object;
typedef uint64_t vm_pindex_t;

struct vm_page {
	TAILQ_ENTRY(vm_page) pageq;	/* free list or object list */
	vm_paddr_t	phys_addr;	/* immutable */
	struct vm_object *object;	/* owning object, or NULL */
	vm_pindex_t	pindex;		/* page index in the object */
	volatile int	wire_count;	/* kernel wirings (kmem, page tables) */
	volatile int	ref_count;	/* anonymous objects sharing the page
					   (copy-on-write when > 1) */
	uint16_t	flags;		/* PG_* */
	uint8_t		order;		/* buddy order while PG_FREE, or of
					   a contiguous allocation's head */
	uint8_t		m_kmclass;	/* kmalloc size class + 1, 0 none */
};
typedef struct vm_page *vm_page_t;

#define PG_FREE		0x0001		/* in the buddy allocator (head) */
#define PG_RESERVED	0x0002		/* never allocatable */
#define PG_ZERO		0x0004
#define PG_KMEM		0x0008		/* kernel memory (kmalloc/kmem) */
#define PG_PCPU		0x0010		/* in a per-CPU cache */

#define VM_NFREEORDER	11		/* up to 4 MB blocks */

/* vm_page_alloc flags */
#define VM_ALLOC_NORMAL	0x0000		/* may dip into nothing reserved */
#define VM_ALLOC_SYSTEM	0x0001		/* may use the kernel reserve */
#define VM_ALLOC_ZERO	0x0002		/* zero the page(s) */

/* Statistics, exported as vm.stats.vm.* */
struct vmstats {
	uint64_t	v_page_count;	/* pages managed */
	volatile uint64_t v_free_count;	/* free (buddy + per-CPU caches) */
	uint64_t	v_free_reserved; /* kept for VM_ALLOC_SYSTEM */
	volatile uint64_t v_wire_count;	/* kernel pages */
	volatile uint64_t v_alloc_fail;	/* failed allocations */
	volatile uint64_t v_allocs;	/* successful allocations */
	volatile uint64_t v_frees;
};
extern struct vmstats vmstats;

void	vm_page_startup(void);
vm_page_t vm_page_alloc(int flags);		/* one page; NULL if none */
vm_page_t vm_page_alloc_contig(int order, int flags);
void	vm_page_free(vm_page_t m);
void	vm_page_free_contig(vm_page_t m, int order);
vm_page_t PHYS_TO_VM_PAGE(vm_paddr_t pa);	/* NULL if not RAM */
void	vm_page_zero(vm_page_t m);
void	vm_page_copy(vm_page_t src, vm_page_t dst);
void	vm_wait(int timo);			/* sleep until pages free */

#define VM_PAGE_TO_PHYS(m)	((m)->phys_addr)

#endif /* !_VM_VM_PAGE_H_ */
