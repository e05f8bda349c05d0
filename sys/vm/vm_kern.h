/*
 * Kernel virtual memory: address space between KVA_START and KVA_END,
 * handed out in page multiples and backed by wired pages entered with
 * pmap_kenter().  Used for thread stacks (with an unmapped guard page
 * below) and for large buffers that need not be physically contiguous.
 */
#ifndef _VM_VM_KERN_H_
#define _VM_VM_KERN_H_

#include <sys/types.h>

void	kmem_init(void);
vm_offset_t kmem_alloc(size_t size, int flags);	/* M_ZERO; 0 if none */
void	kmem_free(vm_offset_t va, size_t size);
vm_offset_t kmem_alloc_kva(size_t size);	/* address space only */
void	kmem_free_kva(vm_offset_t va, size_t size);
vm_offset_t kmem_alloc_stack(size_t size);	/* guard page below */
void	kmem_free_stack(vm_offset_t va, size_t size);

#endif /* !_VM_VM_KERN_H_ */
