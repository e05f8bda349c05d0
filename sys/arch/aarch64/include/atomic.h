/*
 * Atomic operations on aarch64: the common builtin macros of
 * <sys/atomic_common.h>.  On ARMv8.0 the compiler emits LDXR/STXR loops
 * (-mno-outline-atomics keeps them inline: the kernel has no libgcc);
 * the _acq/_rel forms become LDAR/STLR.
 */
#ifndef _MACHINE_ATOMIC_H_
#define _MACHINE_ATOMIC_H_

#include <sys/atomic_common.h>

#endif /* !_MACHINE_ATOMIC_H_ */
