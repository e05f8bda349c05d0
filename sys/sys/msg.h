/*
 * System V message queues: msgget(2), msgsnd(2), msgrcv(2), msgctl(2).
 * User ABI (FreeBSD's names, values and field order; LP64 on both ports),
 * Petrel's exported record struct xmsqid, and the kernel's limits.
 * The implementation is sys/kern/sysv_msg.c.
 */
#ifndef _SYS_MSG_H_
#define _SYS_MSG_H_

#include <sys/types.h>
#include <sys/ipc.h>

#define MSG_NOERROR	010000		/* msgrcv: truncate, don't E2BIG */

typedef unsigned long	msglen_t;	/* bytes in a queue */
typedef unsigned long	msgqnum_t;	/* messages in a queue */

struct msqid_ds {
	struct ipc_perm	msg_perm;	/* permissions */
	msglen_t	msg_cbytes;	/* bytes now on the queue */
	msgqnum_t	msg_qnum;	/* messages now on the queue */
	msglen_t	msg_qbytes;	/* most bytes the queue may hold */
	pid_t		msg_lspid;	/* last msgsnd's process */
	pid_t		msg_lrpid;	/* last msgrcv's process */
	time_t		msg_stime;	/* last msgsnd (wall-clock seconds) */
	time_t		msg_rtime;	/* last msgrcv */
	time_t		msg_ctime;	/* last change (msgget, IPC_SET) */
};

/* The shape msgsnd/msgrcv expect (the user declares its own). */
struct mymsg {
	long		mtype;		/* > 0 */
	char		mtext[1];	/* msgsz bytes */
};

/*
 * The limits, as kern.ipc.msginfo and the scalars kern.ipc.msgmax,
 * msgmni, msgmnb, msgtql, msgssz, msgseg (boot tunables of the same name).
 */
struct msginfo {
	int		msgmax;		/* largest message, bytes */
	int		msgmni;		/* queues (table slots) */
	int		msgmnb;		/* default msg_qbytes of a queue */
	int		msgtql;		/* messages in all queues */
	int		msgssz;		/* segment size (power of 2) */
	int		msgseg;		/* segments in the pool */
};

/*
 * Petrel: kern.ipc.msqids is an array of msgmni struct xmsqid, one per
 * slot in slot order; a slot that is free, or that the reader may not
 * see, is all zeroes (xm_flags == 0).  Readers check xm_len and
 * xm_version, and step by xm_len.  kern.ipc.msqids_inuse counts the
 * queues in use.
 */
#define XMSQID_VERSION	1
struct xmsqid {
	uint32_t	xm_len;		/* sizeof(struct xmsqid) */
	uint32_t	xm_version;	/* XMSQID_VERSION */
	uint32_t	xm_flags;	/* XIPC_ALLOCATED; 0: unused slot */
	int32_t		xm_id;		/* msqid: (seq << 16) | slot */
	struct xipc_perm xm_perm;
	uint64_t	xm_cbytes;	/* bytes queued */
	uint64_t	xm_qnum;	/* messages queued */
	uint64_t	xm_qbytes;	/* queue limit, bytes */
	int32_t		xm_lspid;	/* last sender */
	int32_t		xm_lrpid;	/* last receiver */
	int64_t		xm_stime;	/* seconds since the Epoch, or 0 */
	int64_t		xm_rtime;
	int64_t		xm_ctime;
};

#ifdef _KERNEL
extern struct msginfo msginfo;
#else
#include <sys/cdefs.h>
__BEGIN_DECLS
int	msgget(key_t key, int msgflg);
int	msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg);
ssize_t	msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
int	msgctl(int msqid, int cmd, struct msqid_ds *buf);
__END_DECLS
#endif /* _KERNEL */

#endif /* !_SYS_MSG_H_ */
