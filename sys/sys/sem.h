/*
 * System V semaphores: semget(2), semop(2), semctl(3) over __semctl(2).
 * User ABI (FreeBSD's names, values and field order), Petrel's exported
 * record struct xsemid, and the kernel's limits.  union semun is the
 * caller's to declare, as POSIX says; the kernel's copy is below under
 * _KERNEL.  The implementation is sys/kern/sysv_sem.c.
 */
#ifndef _SYS_SEM_H_
#define _SYS_SEM_H_

#include <sys/types.h>
#include <sys/ipc.h>

struct semid_ds {
	struct ipc_perm	sem_perm;	/* permissions */
	unsigned short	sem_nsems;	/* semaphores in the set */
	time_t		sem_otime;	/* last semop (wall-clock seconds) */
	time_t		sem_ctime;	/* last change (semget, IPC_SET, SET*) */
};

/* One operation of semop(2). */
struct sembuf {
	unsigned short	sem_num;	/* semaphore in the set */
	short		sem_op;		/* > 0 add, < 0 take, 0 wait for 0 */
	short		sem_flg;	/* IPC_NOWAIT, SEM_UNDO */
};

#define SEM_UNDO	010000		/* undo the operation at exit */

/* semctl commands (besides IPC_RMID, IPC_SET, IPC_STAT). */
#define GETNCNT		3		/* processes waiting to take */
#define GETPID		4		/* last semop's process */
#define GETVAL		5
#define GETALL		6
#define GETZCNT		7		/* processes waiting for zero */
#define SETVAL		8
#define SETALL		9

#define SEM_A		IPC_W		/* alter */
#define SEM_R		IPC_R		/* read */

/*
 * The limits, as kern.ipc.seminfo and the scalars kern.ipc.semmni,
 * semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem.
 */
struct seminfo {
	int		semmni;		/* sets (table slots) */
	int		semmns;		/* semaphores in all sets */
	int		semmnu;		/* processes with undo records */
	int		semmsl;		/* semaphores in one set */
	int		semopm;		/* operations in one semop */
	int		semume;		/* undo entries per process */
	int		semusz;		/* bytes of one undo record */
	int		semvmx;		/* largest semaphore value */
	int		semaem;		/* largest adjust-on-exit value */
};

/*
 * Petrel: kern.ipc.sema is an array of semmni struct xsemid, one per
 * slot in slot order; a slot that is free, or that the reader may not
 * see, is all zeroes (xs_flags == 0).  kern.ipc.semids_inuse counts the
 * sets in use.
 */
#define XSEMID_VERSION	1
struct xsemid {
	uint32_t	xs_len;		/* sizeof(struct xsemid) */
	uint32_t	xs_version;	/* XSEMID_VERSION */
	uint32_t	xs_flags;	/* XIPC_ALLOCATED; 0: unused slot */
	int32_t		xs_id;		/* semid: (seq << 16) | slot */
	struct xipc_perm xs_perm;
	uint32_t	xs_nsems;	/* semaphores in the set */
	uint32_t	xs_pad;		/* zero */
	int64_t		xs_otime;	/* seconds since the Epoch, or 0 */
	int64_t		xs_ctime;
};

#ifdef _KERNEL
/* What the fourth argument of __semctl(2) points to. */
union semun {
	int		val;		/* SETVAL */
	struct semid_ds	*buf;		/* IPC_STAT, IPC_SET */
	unsigned short	*array;		/* GETALL, SETALL */
};

struct proc;
extern struct seminfo seminfo;
void	semexit(struct proc *p);	/* apply SEM_UNDO records */
#else
#include <sys/cdefs.h>
__BEGIN_DECLS
int	semget(key_t key, int nsems, int semflg);
int	semop(int semid, struct sembuf *sops, size_t nsops);
int	semctl(int semid, int semnum, int cmd, ...);
int	__semctl(int semid, int semnum, int cmd, void *arg);
__END_DECLS
#endif /* _KERNEL */

#endif /* !_SYS_SEM_H_ */
