/*
 * System V IPC: what message queues (msg.h), semaphore sets (sem.h) and
 * shared memory segments (shm.h) have in common.  Each object lives in a
 * fixed table slot and is named by a key (IPC_PRIVATE: always a new
 * object) and by a user-visible id, (slot sequence << 16) | slot index;
 * the sequence grows each time a slot is reused, so a stale id is
 * refused with EINVAL instead of reaching the slot's next tenant.
 *
 * User ABI: struct ipc_perm and the flag values are FreeBSD's, and the
 * layout is the same on amd64 and aarch64 (all fields 32-bit but seq).
 * struct xipc_perm is Petrel's fixed-width export of a permission record
 * inside the kern.ipc.msqids/sema/shmsegs sysctl records.
 *
 * The kernel side (sys/kern/sysv_ipc.c) checks access with ipcperm().
 */
#ifndef _SYS_IPC_H_
#define _SYS_IPC_H_

#include <sys/types.h>
#ifndef _KERNEL
#include <stdint.h>
#endif

struct ipc_perm {
	uid_t		cuid;		/* creator's user id */
	gid_t		cgid;		/* creator's group id */
	uid_t		uid;		/* owner's user id */
	gid_t		gid;		/* owner's group id */
	mode_t		mode;		/* rw------- bits and the IPC_* state */
	unsigned short	seq;		/* slot sequence (part of the id) */
	key_t		key;		/* user key, or IPC_PRIVATE */
};

/* Mode bits: the permission bits are ordinary rwx triples (x unused). */
#define IPC_R		000400		/* read (also: stat) */
#define IPC_W		000200		/* write (alter for semaphores) */
#define IPC_M		010000		/* change control info (owner only) */

/* Flags to the get calls. */
#define IPC_CREAT	001000		/* create when the key is new */
#define IPC_EXCL	002000		/* with IPC_CREAT: fail if it exists */
#define IPC_NOWAIT	004000		/* EAGAIN instead of sleeping */

#define IPC_PRIVATE	((key_t)0)	/* key: a new object nobody can find */

/* Control commands. */
#define IPC_RMID	0		/* remove */
#define IPC_SET		1		/* set owner, group and mode */
#define IPC_STAT	2		/* get the *_ds record */

/* Turning an id into a slot and back. */
#define IPCID_TO_IX(id)		((id) & 0xffff)
#define IPCID_TO_SEQ(id)	(((id) >> 16) & 0xffff)
#define IXSEQ_TO_IPCID(ix, perm) \
	((int)((((unsigned)(perm).seq & 0x7fff) << 16) | ((ix) & 0xffff)))

/*
 * Petrel: the permission part of the exported records (struct xmsqid,
 * xsemid, xshmid).  Fixed-width fields only, no implicit padding.
 */
struct xipc_perm {
	int32_t		xp_key;		/* key, or IPC_PRIVATE */
	uint32_t	xp_uid;		/* owner */
	uint32_t	xp_gid;
	uint32_t	xp_cuid;	/* creator */
	uint32_t	xp_cgid;
	uint32_t	xp_mode;	/* permission bits (0777); state: xx_flags */
	uint32_t	xp_seq;		/* slot sequence */
	uint32_t	xp_pad;		/* zero */
};

/* xx_flags of the exported records. */
#define XIPC_ALLOCATED	0x0001		/* the slot holds an object */
#define XIPC_REMOVED	0x0002		/* marked for removal (shm, attached) */

#ifdef _KERNEL
struct thread;
struct ucred;

/* Slot state kept in ipc_perm.mode above the permission bits. */
#define IPC_ALLOCATED	0x0800		/* slot in use (shm: SHMSEG_ALLOCATED) */
#define IPC_REMOVED	0x0200		/* marked for removal (shm) */

int	ipcperm(struct thread *td, struct ipc_perm *perm, int mode);
int	ipc_jail_check(struct thread *td);	/* 0 or ENOSYS */
int	ipc_prison_id(struct ucred *cred);	/* 0: not jailed */
bool	ipc_cansee(struct ucred *reader, int prison_id);
struct ucred *ipc_curcred(void);		/* curproc's, or NULL */
void	ipc_perm_init(struct ipc_perm *perm, struct ucred *cred, key_t key,
	    int mode);
void	ipc_perm_export(const struct ipc_perm *perm, struct xipc_perm *xp);
time_t	ipc_now(void);				/* wall-clock seconds */
long	ipc_tunable(const char *name, long dflt, long min, long max);
#else
#include <sys/cdefs.h>
__BEGIN_DECLS
key_t	ftok(const char *path, int id);
__END_DECLS
#endif /* _KERNEL */

#endif /* !_SYS_IPC_H_ */
