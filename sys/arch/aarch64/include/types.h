/*
 * aarch64 machine types: the register width and the virtual and physical
 * address types every port provides (see <sys/cpu.h>).
 */
#ifndef _MACHINE_TYPES_H_
#define _MACHINE_TYPES_H_

#include <stdint.h>

typedef int64_t		register_t;	/* a general register, signed */
typedef uint64_t	u_register_t;
typedef uint64_t	vm_offset_t;	/* virtual address */
typedef uint64_t	vm_size_t;
typedef uint64_t	vm_paddr_t;	/* physical address */

#endif /* !_MACHINE_TYPES_H_ */
