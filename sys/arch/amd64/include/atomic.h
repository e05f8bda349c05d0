/*
 * Atomic operations on amd64: the common builtin macros of
 * <sys/atomic_common.h>.  Each plain operation is one locked instruction;
 * the _acq/_rel forms are plain loads and stores under x86's ordering.
 */
#ifndef _MACHINE_ATOMIC_H_
#define _MACHINE_ATOMIC_H_

#include <sys/atomic_common.h>

#endif /* !_MACHINE_ATOMIC_H_ */
