/*
 * Petrel's sys/select.h for newlib (newlib's <sys/types.h> includes it):
 * the kernel's fd_set (sys/sys/select.h: FD_SETSIZE 1024 bits in 64-bit
 * words, one layout on both ports) and the select/pselect prototypes.
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <sys/cdefs.h>
#include <sys/_sigset.h>
#include <sys/_timeval.h>
#include <sys/timespec.h>

#if !defined(_SIGSET_T_DECLARED)
#define	_SIGSET_T_DECLARED
typedef	__sigset_t	sigset_t;
#endif

#define _SYS_TYPES_FD_SET
typedef __uint64_t	__fd_mask;
typedef __fd_mask	fd_mask;
#ifndef FD_SETSIZE
#define FD_SETSIZE	1024
#endif
#define _NFDBITS	(sizeof(__fd_mask) * 8)
#define NFDBITS		_NFDBITS
#ifndef _howmany
#define _howmany(x, y)	(((x) + ((y) - 1)) / (y))
#endif

typedef struct fd_set {
	__fd_mask	fds_bits[_howmany(FD_SETSIZE, _NFDBITS)];
} fd_set;

#define __fdset_mask(n)	((__fd_mask)1 << ((n) % _NFDBITS))
#define FD_CLR(n, p)	((p)->fds_bits[(n) / _NFDBITS] &= ~__fdset_mask(n))
#define FD_SET(n, p)	((p)->fds_bits[(n) / _NFDBITS] |= __fdset_mask(n))
#define FD_ISSET(n, p)	(((p)->fds_bits[(n) / _NFDBITS] & __fdset_mask(n)) != 0)
#define FD_ZERO(p)	__builtin_memset((p), 0, sizeof(*(p)))
#define FD_COPY(f, t)	__builtin_memcpy((t), (f), sizeof(*(f)))

__BEGIN_DECLS
int	select(int, fd_set *, fd_set *, fd_set *, struct timeval *);
int	pselect(int, fd_set *, fd_set *, fd_set *, const struct timespec *,
	    const sigset_t *);
__END_DECLS

#endif /* _SYS_SELECT_H */
