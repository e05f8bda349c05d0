/*
 * System V shared memory: shmget(2), shmat(2), shmdt(2), shmctl(2).
 * User ABI (FreeBSD's names, values and field order; LP64 on both ports),
 * Petrel's exported record struct xshmid, and the kernel's limits and
 * process hooks.  The implementation is sys/kern/sysv_shm.c.
 */
#ifndef _SYS_SHM_H_
#define _SYS_SHM_H_

#include <sys/types.h>
#include <sys/ipc.h>

#define SHM_RDONLY	010000		/* shmat: attach read-only */
#define SHM_RND		020000		/* shmat: round the address down */
#define SHMLBA		4096		/* attach address alignment */

/* shmctl commands besides IPC_RMID, IPC_SET, IPC_STAT. */
#define SHM_LOCK	11		/* keep resident (root) */
#define SHM_UNLOCK	12

typedef unsigned int	shmatt_t;

struct shmid_ds {
	struct ipc_perm	shm_perm;	/* permissions */
	size_t		shm_segsz;	/* bytes */
	pid_t		shm_lpid;	/* last shmat/shmdt's process */
	pid_t		shm_cpid;	/* creator */
	shmatt_t	shm_nattch;	/* attachments now */
	time_t		shm_atime;	/* last shmat (wall-clock seconds) */
	time_t		shm_dtime;	/* last shmdt */
	time_t		shm_ctime;	/* last change (shmget, IPC_SET) */
};

/*
 * The limits, as kern.ipc.shminfo and the scalars kern.ipc.shmmax,
 * shmmin, shmmni, shmseg, shmall (pages); also kern.ipc.shm_use_phys
 * and kern.ipc.shm_allow_removed.
 */
struct shminfo {
	unsigned long	shmmax;		/* largest segment, bytes */
	unsigned long	shmmin;		/* smallest segment, bytes */
	unsigned long	shmmni;		/* segments (table slots) */
	unsigned long	shmseg;		/* attachments per process */
	unsigned long	shmall;		/* pages in all segments */
};

/*
 * Petrel: kern.ipc.shmsegs is an array of shmmni struct xshmid, one per
 * slot in slot order; a slot that is free, or that the reader may not
 * see, is all zeroes (xh_flags == 0).  A segment removed while still
 * attached keeps its slot with XIPC_REMOVED and key IPC_PRIVATE until the
 * last detach.  kern.ipc.shmids_inuse counts the segments in use.
 */
#define XSHMID_VERSION	1
struct xshmid {
	uint32_t	xh_len;		/* sizeof(struct xshmid) */
	uint32_t	xh_version;	/* XSHMID_VERSION */
	uint32_t	xh_flags;	/* XIPC_ALLOCATED, XIPC_REMOVED */
	int32_t		xh_id;		/* shmid: (seq << 16) | slot */
	struct xipc_perm xh_perm;
	uint64_t	xh_segsz;	/* bytes */
	uint64_t	xh_nattch;	/* attachments */
	int32_t		xh_cpid;	/* creator */
	int32_t		xh_lpid;	/* last shmat/shmdt */
	int64_t		xh_atime;	/* seconds since the Epoch, or 0 */
	int64_t		xh_dtime;
	int64_t		xh_ctime;
};

#ifdef _KERNEL
struct proc;
extern struct shminfo shminfo;
void	shmfork(struct proc *p1, struct proc *p2);	/* child inherits */
void	shmexit(struct proc *p);	/* exit and exec: detach all */
#else
#include <sys/cdefs.h>
__BEGIN_DECLS
int	shmget(key_t key, size_t size, int shmflg);
void	*shmat(int shmid, const void *shmaddr, int shmflg);
int	shmdt(const void *shmaddr);
int	shmctl(int shmid, int cmd, struct shmid_ds *buf);
__END_DECLS
#endif /* _KERNEL */

#endif /* !_SYS_SHM_H_ */
