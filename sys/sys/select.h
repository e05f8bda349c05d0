/*
 * select(2) descriptor sets (user ABI: FD_SETSIZE 1024 bits in 64-bit
 * words, the same on both ports) and, for the kernel, struct selinfo: the
 * wakeup hook every pollable object embeds.  An object calls
 * selwakeup(&si) when it becomes readable or writable; that wakes the
 * threads blocked in poll/select/pselect (one wait channel for all, then
 * each rechecks its descriptors) and fires the kqueue knotes on si_note.
 */
#ifndef _SYS_SELECT_H_
#define _SYS_SELECT_H_

#include <sys/types.h>
#include <sys/event.h>

/* ---- User ABI ------------------------------------------------------ */
typedef uint64_t	__fd_mask;
typedef __fd_mask	fd_mask;
#ifndef FD_SETSIZE
#define FD_SETSIZE	1024
#endif
#define _NFDBITS	(sizeof(__fd_mask) * 8)
#define NFDBITS		_NFDBITS
#define _howmany(x, y)	(((x) + ((y) - 1)) / (y))

typedef struct fd_set {
	__fd_mask	fds_bits[_howmany(FD_SETSIZE, _NFDBITS)];
} fd_set;

#define __fdset_mask(n)	((__fd_mask)1 << ((n) % _NFDBITS))
#define FD_CLR(n, p)	((p)->fds_bits[(n) / _NFDBITS] &= ~__fdset_mask(n))
#define FD_SET(n, p)	((p)->fds_bits[(n) / _NFDBITS] |= __fdset_mask(n))
#define FD_ISSET(n, p)	(((p)->fds_bits[(n) / _NFDBITS] & __fdset_mask(n)) != 0)
#define FD_ZERO(p)	__builtin_memset((p), 0, sizeof(*(p)))

#ifdef _KERNEL
struct selinfo {
	struct klist	si_note;	/* knotes; under knote_spin */
	int		si_flags;
};

void	selrecord(struct selinfo *sip);		/* a poller may wait */
void	selwakeup(struct selinfo *sip);		/* state changed */
void	seltrue_wakeup(void);			/* wake every poller */
#endif

#endif /* !_SYS_SELECT_H_ */
