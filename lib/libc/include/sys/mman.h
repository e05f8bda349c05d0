/*
 * Memory mapping (mmap(2) and friends) with FreeBSD's flag values, which
 * the kernel takes.
 */
#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/cdefs.h>
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
#define MAP_EXCL	0x00004000
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
#define POSIX_MADV_NORMAL	MADV_NORMAL
#define POSIX_MADV_RANDOM	MADV_RANDOM
#define POSIX_MADV_SEQUENTIAL	MADV_SEQUENTIAL
#define POSIX_MADV_WILLNEED	MADV_WILLNEED
#define POSIX_MADV_DONTNEED	MADV_DONTNEED

#define INHERIT_SHARE	0
#define INHERIT_COPY	1
#define INHERIT_NONE	2

__BEGIN_DECLS
void	*mmap(void *, size_t, int, int, int, off_t);
int	munmap(void *, size_t);
int	mprotect(void *, size_t, int);
int	msync(void *, size_t, int);
int	madvise(void *, size_t, int);
int	posix_madvise(void *, size_t, int);
int	mincore(const void *, size_t, char *);
int	minherit(void *, size_t, int);
int	mlock(const void *, size_t);
int	munlock(const void *, size_t);
int	shm_open(const char *, int, mode_t);
int	shm_unlink(const char *);
__END_DECLS

#endif /* !_SYS_MMAN_H_ */
