/*
 * Memory-mapping flags and protections, FreeBSD's values.
 */
#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/types.h>

#define PROT_NONE	0x00
#define PROT_READ	0x01
#define PROT_WRITE	0x02
#define PROT_EXEC	0x04

#define MAP_SHARED	0x0001
#define MAP_PRIVATE	0x0002
#define MAP_FIXED	0x0010
#define MAP_STACK	0x0400
#define MAP_NOSYNC	0x0800
#define MAP_ANON	0x1000
#define MAP_ANONYMOUS	MAP_ANON
#define MAP_EXCL	0x4000
#define MAP_NOCORE	0x00020000

#define MAP_FAILED	((void *)-1)

#define MS_SYNC		0x0000
#define MS_ASYNC	0x0001
#define MS_INVALIDATE	0x0002

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_FREE	5

#define INHERIT_SHARE	0
#define INHERIT_COPY	1
#define INHERIT_NONE	2

#endif /* !_SYS_MMAN_H_ */
