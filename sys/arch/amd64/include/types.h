/*
 * amd64 machine types that <sys/types.h> pulls in: the width of a general
 * register and of virtual and physical addresses.  Both are 64 bits on
 * amd64 (4-level paging: 48-bit virtual, up to 52-bit physical).
 */
#ifndef _MACHINE_TYPES_H_
#define _MACHINE_TYPES_H_

#include <stdint.h>

typedef int64_t		register_t;	/* one general register */
typedef uint64_t	u_register_t;
typedef uint64_t	vm_offset_t;	/* virtual address */
typedef uint64_t	vm_size_t;
typedef uint64_t	vm_paddr_t;	/* physical address */

#endif /* !_MACHINE_TYPES_H_ */
