/*
 * POSIX message queues (sys_mqueue.c): the user ABI shared by the kernel,
 * lib/libc's <mqueue.h> and the tools that list queues (ipcs).
 *
 * struct mq_attr is FreeBSD's layout (longs, 64-bit on both ports).  The
 * queue list kern.mqueue.queues is an opaque sysctl: a struct xmqgen
 * header, one struct xmqueue per queue of the header's generation, and
 * a struct xmqgen trailer.  The kernel takes the list in one snapshot,
 * so the trailer repeats the header's count and generation; a reader
 * still checks both (the generation protocol of every list) and reads
 * again if they differ from the header or the records.  Every record
 * begins with its length and version, carries only fixed-width fields
 * (one layout on amd64 and aarch64) and no kernel addresses.
 *
 * The sysctl names (all under kern.mqueue):
 *   maxmsg          (rw) largest mq_maxmsg a queue may be created with
 *   maxmsgsize      (rw) largest mq_msgsize a queue may be created with
 *   maxmq           (rw) most queues that may exist at once
 *   default_maxmsg  (rw) mq_maxmsg of a queue created without attributes
 *   default_msgsize (rw) mq_msgsize of a queue created without attributes
 *   curmq           (ro) queues existing now (named or unlinked but open)
 *   queues          (ro) the list above, format "S,xmqueue"
 */
#ifndef _SYS_MQUEUE_H_
#define _SYS_MQUEUE_H_

#include <sys/types.h>

struct mq_attr {
	long	mq_flags;		/* O_NONBLOCK of this descriptor */
	long	mq_maxmsg;		/* most messages queued */
	long	mq_msgsize;		/* largest message, bytes */
	long	mq_curmsgs;		/* messages queued now */
	long	__reserved[4];
};

#define MQ_PRIO_MAX	32		/* priorities 0 (lowest) .. 31 */
#define MQ_NAME_MAX	255		/* bytes of a name, with its '/' */

/* sysctl names, for sysctlbyname(3). */
#define MQ_SYSCTL_MAXMSG	"kern.mqueue.maxmsg"
#define MQ_SYSCTL_MAXMSGSIZE	"kern.mqueue.maxmsgsize"
#define MQ_SYSCTL_MAXMQ		"kern.mqueue.maxmq"
#define MQ_SYSCTL_DEFMAXMSG	"kern.mqueue.default_maxmsg"
#define MQ_SYSCTL_DEFMSGSIZE	"kern.mqueue.default_msgsize"
#define MQ_SYSCTL_CURMQ		"kern.mqueue.curmq"
#define MQ_SYSCTL_QUEUES	"kern.mqueue.queues"

#define XMQUEUE_VERSION	1

/* Header and trailer of kern.mqueue.queues. */
struct xmqgen {
	uint32_t	xmg_len;	/* sizeof(struct xmqgen) */
	uint32_t	xmg_version;	/* XMQUEUE_VERSION */
	uint64_t	xmg_count;	/* records (header and trailer) */
	uint64_t	xmg_gen;	/* generation of the queue set */
	uint64_t	xmg_spare;
};

/* One queue. */
struct xmqueue {
	uint32_t	xmq_len;	/* sizeof(struct xmqueue) */
	uint32_t	xmq_version;	/* XMQUEUE_VERSION */
	uint64_t	xmq_id;		/* opaque id, stable for the queue's life */
	uint64_t	xmq_gen;	/* generation when created */
	char		xmq_name[MQ_NAME_MAX + 1]; /* "/name", NUL-terminated;
					   empty once unlinked */
	uint32_t	xmq_uid;	/* creator's effective uid */
	uint32_t	xmq_gid;	/* creator's effective gid */
	uint32_t	xmq_mode;	/* permission bits (0777 mask) */
	uint32_t	xmq_flags;	/* XMQ_* */
	int64_t		xmq_maxmsg;	/* mq_maxmsg */
	int64_t		xmq_msgsize;	/* mq_msgsize */
	int64_t		xmq_curmsgs;	/* messages queued */
	int64_t		xmq_qbytes;	/* bytes of message text queued */
	int64_t		xmq_notify_pid;	/* mq_notify registrant, 0 if none */
	int64_t		xmq_nopen;	/* open descriptions (struct file) */
	int64_t		xmq_nrecvwait;	/* threads waiting to receive */
	int64_t		xmq_nsendwait;	/* threads waiting to send */
	int64_t		xmq_ctime;	/* creation, seconds since the Epoch */
	int64_t		xmq_mtime;	/* last send or receive, likewise */
	uint64_t	xmq_spare[4];
};
#define XMQ_UNLINKED	0x0001		/* removed from the name space */

#endif /* !_SYS_MQUEUE_H_ */
