/*
 * The physical map interface: the only way MI VM code touches page tables.
 * Each port implements it in sys/arch/<arch>/<arch>/pmap.c.  Page-table
 * pages come from the MI physical allocator (vm_page_alloc_phys) once it
 * is up; before that a port uses its own bootstrap pages and reports them
 * in bootinfo.bi_rsvd.  All physical memory is reachable through the
 * direct map (PHYS_TO_DMAP), so the MI kernel never maps a page just to
 * touch it.
 */
#ifndef _VM_PMAP_H_
#define _VM_PMAP_H_

#include <sys/types.h>

#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	0x7

#define PMAP_WIRED	0x01		/* pmap_enter flags */
#define PMAP_NOCACHE	0x02		/* device memory */

struct pmap;
typedef struct pmap *pmap_t;

extern struct pmap *kernel_pmap;

void	pmap_bootstrap_done(void);	/* MI allocator is up */
pmap_t	pmap_create(void);		/* NULL when out of memory */
void	pmap_destroy(pmap_t pm);	/* frees page-table pages only */
int	pmap_enter(pmap_t pm, vm_offset_t va, vm_paddr_t pa, int prot,
	    int flags);			/* 0 or ENOMEM */
void	pmap_remove(pmap_t pm, vm_offset_t sva, vm_offset_t eva);
void	pmap_protect(pmap_t pm, vm_offset_t sva, vm_offset_t eva, int prot);
bool	pmap_extract(pmap_t pm, vm_offset_t va, vm_paddr_t *pap);
void	pmap_activate(pmap_t pm);	/* load on this CPU (context
					   switch); NULL: kernel only */
void	pmap_kenter(vm_offset_t va, vm_paddr_t pa, int flags);
void	pmap_kremove(vm_offset_t va);
void	*pmap_mapdev(vm_paddr_t pa, size_t size);  /* uncached MMIO */

/* From the MI physical allocator (sys/vm/vm_page.c). */
vm_paddr_t vm_page_alloc_phys(void);	/* zeroed page, 0 if none */
void	vm_page_free_phys(vm_paddr_t pa);

#endif /* !_VM_PMAP_H_ */
