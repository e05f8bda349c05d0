/*
 * System V message queues: msgget, msgsnd, msgrcv, msgctl and the
 * kern.ipc.msg* sysctls.
 *
 * Storage is the classic segmented pool, sized at boot: msgseg segments
 * of msgssz bytes hold the text of every queued message, and msgtql
 * message headers (struct msg) chain the queued messages of each queue.
 * A message's text sits in a chain of segments linked through msgmaps[],
 * so there is no fragmentation and no allocation on the send path; a
 * sender waits when its queue's byte limit (msg_qbytes), the segment pool
 * or the header pool is exhausted.  The kern.ipc.msqids table has msgmni
 * slots; a queue's id carries the slot's sequence (sysv_ipc.c).
 *
 * Locking: msg_token protects everything here.  Sleepers (senders and
 * receivers) wait on their queue's slot with tsleep under the token, which
 * the LWKT scheduler releases while they are asleep, and every change
 * wakes them all; after waking they look their queue up again by id, so
 * a queue removed meanwhile (the slot's sequence moved on) is EIDRM.
 * User memory is touched only outside the token: msgsnd copies the text
 * into a kernel buffer first, msgrcv copies it out after taking the
 * message off the queue (a receiver whose buffer faults loses the
 * message, as on FreeBSD and Linux).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/ipc.h>
#include <sys/msg.h>

MALLOC_DEFINE(M_MSG, "msg", "SysV message queues and their pool");

/* One queued message; its text is in segments msg_spot, msgmaps[] ... */
struct msg {
	struct msg	*msg_next;	/* next on the queue or the free list */
	long		msg_type;	/* > 0 */
	size_t		msg_ts;		/* text bytes */
	int		msg_spot;	/* first segment, -1 if none */
};

/* One slot of the table. */
struct msqid_kernel {
	struct msqid_ds	u;		/* what IPC_STAT shows */
	struct msg	*first;		/* oldest message */
	struct msg	*last;		/* newest */
	int		prison_id;	/* creator's prison, 0: host */
};

struct msginfo msginfo = {
	.msgmax = 16384,
	.msgmni = 40,
	.msgmnb = 2048,
	.msgtql = 40,
	.msgssz = 8,
	.msgseg = 2048,
};

static struct lwkt_token msg_token = LWKT_TOKEN_INITIALIZER(msg_token);
static struct msqid_kernel *msqids;	/* msgmni slots */
static struct msg *msghdrs;		/* msgtql headers */
static struct msg *free_msghdrs;	/* free list */
static char *msgpool;			/* msgseg * msgssz bytes */
static short *msgmaps;			/* next segment, or -1 */
static int free_msgmaps;		/* first free segment, or -1 */
static int nfree_msgmaps;		/* free segments */
static int msqids_inuse;		/* slots in use */

static int sysctl_msqids(SYSCTL_HANDLER_ARGS);

SYSCTL_INT(_kern_ipc, OID_AUTO, msgmax, CTLFLAG_RDTUN, &msginfo.msgmax, 0,
    "Largest message, bytes");
SYSCTL_INT(_kern_ipc, OID_AUTO, msgmni, CTLFLAG_RDTUN, &msginfo.msgmni, 0,
    "Message queues");
SYSCTL_INT(_kern_ipc, OID_AUTO, msgmnb, CTLFLAG_RDTUN, &msginfo.msgmnb, 0,
    "Default bytes a queue may hold");
SYSCTL_INT(_kern_ipc, OID_AUTO, msgtql, CTLFLAG_RDTUN, &msginfo.msgtql, 0,
    "Messages in all queues");
SYSCTL_INT(_kern_ipc, OID_AUTO, msgssz, CTLFLAG_RDTUN, &msginfo.msgssz, 0,
    "Message segment size");
SYSCTL_INT(_kern_ipc, OID_AUTO, msgseg, CTLFLAG_RDTUN, &msginfo.msgseg, 0,
    "Message segments");
SYSCTL_STRUCT(_kern_ipc, OID_AUTO, msginfo, CTLFLAG_RD, &msginfo, msginfo,
    "Message queue limits (struct msginfo)");
SYSCTL_INT(_kern_ipc, OID_AUTO, msqids_inuse, CTLFLAG_RD, &msqids_inuse, 0,
    "Message queues in use");
SYSCTL_PROC(_kern_ipc, OID_AUTO, msqids, CTLTYPE_OPAQUE | CTLFLAG_RD, NULL,
    0, sysctl_msqids, "S,xmsqid", "Message queues (struct xmsqid[msgmni])");

_Static_assert(sizeof(struct xmsqid) % 8 == 0, "xmsqid padding");

/* ---- boot ----------------------------------------------------------------- */

static void
msginit(void *dummy)
{
	int i;

	msginfo.msgmni = ipc_tunable("kern.ipc.msgmni", msginfo.msgmni, 1,
	    32767);
	msginfo.msgtql = ipc_tunable("kern.ipc.msgtql", msginfo.msgtql, 1,
	    65536);
	msginfo.msgssz = ipc_tunable("kern.ipc.msgssz", msginfo.msgssz, 8,
	    4096);
	if ((msginfo.msgssz & (msginfo.msgssz - 1)) != 0) {
		kprintf("kern.ipc.msgssz not a power of 2; using 8\n");
		msginfo.msgssz = 8;
	}
	msginfo.msgseg = ipc_tunable("kern.ipc.msgseg", msginfo.msgseg, 1,
	    32767);		/* msgmaps[] are shorts */
	msginfo.msgmnb = ipc_tunable("kern.ipc.msgmnb", msginfo.msgmnb, 1,
	    INT32_MAX);
	msginfo.msgmax = ipc_tunable("kern.ipc.msgmax", msginfo.msgmax, 1,
	    INT32_MAX);
	/* A message must fit in the pool. */
	if (msginfo.msgmax > msginfo.msgseg * msginfo.msgssz)
		msginfo.msgmax = msginfo.msgseg * msginfo.msgssz;

	msqids = kmalloc(sizeof(*msqids) * msginfo.msgmni, M_MSG,
	    M_WAITOK | M_ZERO);
	msghdrs = kmalloc(sizeof(*msghdrs) * msginfo.msgtql, M_MSG,
	    M_WAITOK | M_ZERO);
	msgpool = kmalloc((size_t)msginfo.msgseg * msginfo.msgssz, M_MSG,
	    M_WAITOK);
	msgmaps = kmalloc(sizeof(*msgmaps) * msginfo.msgseg, M_MSG, M_WAITOK);
	for (i = 0; i < msginfo.msgtql; i++)
		msghdrs[i].msg_next = i + 1 < msginfo.msgtql ?
		    &msghdrs[i + 1] : NULL;
	free_msghdrs = &msghdrs[0];
	for (i = 0; i < msginfo.msgseg; i++)
		msgmaps[i] = i + 1 < msginfo.msgseg ? i + 1 : -1;
	free_msgmaps = 0;
	nfree_msgmaps = msginfo.msgseg;
}
SYSINIT(sysv_msg, SI_SUB_SYSV_MSG, SI_ORDER_FIRST, msginit, NULL);

/* ---- helpers (msg_token held) ------------------------------------------- */

/* The queue msqid names, or NULL (EINVAL: no such queue). */
static struct msqid_kernel *
msq_lookup(int msqid)
{
	struct msqid_kernel *msq;
	int ix = IPCID_TO_IX(msqid);

	if (msqid < 0 || ix >= msginfo.msgmni)
		return (NULL);
	msq = &msqids[ix];
	if ((msq->u.msg_perm.mode & IPC_ALLOCATED) == 0 ||
	    IXSEQ_TO_IPCID(ix, msq->u.msg_perm) != msqid)
		return (NULL);
	if (!ipc_cansee(ipc_curcred(), msq->prison_id))
		return (NULL);	/* another prison's */
	return (msq);
}

/* Give a message's segments and header back to the pools. */
static void
msg_free(struct msg *msghdr)
{
	int seg, next;

	for (seg = msghdr->msg_spot; seg != -1; seg = next) {
		next = msgmaps[seg];
		msgmaps[seg] = free_msgmaps;
		free_msgmaps = seg;
		nfree_msgmaps++;
	}
	msghdr->msg_spot = -1;
	msghdr->msg_next = free_msghdrs;
	free_msghdrs = msghdr;
}

/* Copy len bytes of a message's text out of its segments into buf. */
static void
msg_gettext(struct msg *msghdr, char *buf, size_t len)
{
	size_t n;
	int seg;

	for (seg = msghdr->msg_spot; len > 0; seg = msgmaps[seg]) {
		n = MIN(len, (size_t)msginfo.msgssz);
		memcpy(buf, msgpool + (size_t)seg * msginfo.msgssz, n);
		buf += n;
		len -= n;
	}
}

static void
msq_remove(struct msqid_kernel *msq)
{
	struct msg *m, *next;

	for (m = msq->first; m != NULL; m = next) {
		next = m->msg_next;
		msg_free(m);
	}
	msq->first = msq->last = NULL;
	msq->u.msg_cbytes = 0;
	msq->u.msg_qnum = 0;
	msq->u.msg_qbytes = 0;
	msq->u.msg_perm.mode = 0;
	msq->u.msg_perm.seq = (msq->u.msg_perm.seq + 1) & 0x7fff;
	msqids_inuse--;
	wakeup(msq);		/* sleepers find the id gone: EIDRM */
}

/* ---- system calls ----------------------------------------------------------- */

int
sys_msgget(struct sysmsg *sysmsg, const struct msgget_args *uap)
{
	struct thread *td = curthread;
	struct ucred *cred = td->td_proc->p_ucred;
	struct msqid_kernel *msq = NULL;
	int error, ix, flags = uap->msgflg;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	lwkt_gettoken(&msg_token);
	if (uap->key != IPC_PRIVATE) {
		for (ix = 0; ix < msginfo.msgmni; ix++) {
			msq = &msqids[ix];
			if ((msq->u.msg_perm.mode & IPC_ALLOCATED) != 0 &&
			    msq->u.msg_perm.key == uap->key &&
			    msq->prison_id == ipc_prison_id(cred))
				break;
		}
		if (ix < msginfo.msgmni) {
			if ((flags & (IPC_CREAT | IPC_EXCL)) ==
			    (IPC_CREAT | IPC_EXCL))
				error = EEXIST;
			else
				error = ipcperm(td, &msq->u.msg_perm,
				    flags & 0700);
			if (error == 0)
				sysmsg->sysmsg_result =
				    IXSEQ_TO_IPCID(ix, msq->u.msg_perm);
			goto out;
		}
		if ((flags & IPC_CREAT) == 0) {
			error = ENOENT;
			goto out;
		}
	}
	for (ix = 0; ix < msginfo.msgmni; ix++)
		if ((msqids[ix].u.msg_perm.mode & IPC_ALLOCATED) == 0)
			break;
	if (ix == msginfo.msgmni) {
		error = ENOSPC;
		goto out;
	}
	msq = &msqids[ix];
	ipc_perm_init(&msq->u.msg_perm, cred, uap->key, flags);
	msq->first = msq->last = NULL;
	msq->prison_id = ipc_prison_id(cred);
	msq->u.msg_cbytes = 0;
	msq->u.msg_qnum = 0;
	msq->u.msg_qbytes = msginfo.msgmnb;
	msq->u.msg_lspid = msq->u.msg_lrpid = 0;
	msq->u.msg_stime = msq->u.msg_rtime = 0;
	msq->u.msg_ctime = ipc_now();
	msqids_inuse++;
	sysmsg->sysmsg_result = IXSEQ_TO_IPCID(ix, msq->u.msg_perm);
out:
	lwkt_reltoken(&msg_token);
	return (error);
}

int
sys_msgsnd(struct sysmsg *sysmsg, const struct msgsnd_args *uap)
{
	struct thread *td = curthread;
	struct msqid_kernel *msq;
	struct msg *msghdr;
	size_t msgsz = uap->msgsz, n, done;
	char *text = NULL;
	long mtype;
	int error, segs, seg, prev, slept = 0;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	/* Check the id and the right to write before touching the buffer. */
	lwkt_gettoken(&msg_token);
	msq = msq_lookup(uap->msqid);
	if (msq == NULL)
		error = EINVAL;
	else
		error = ipcperm(td, &msq->u.msg_perm, IPC_W);
	lwkt_reltoken(&msg_token);
	if (error != 0)
		return (error);
	if (msgsz > (size_t)msginfo.msgmax)
		return (EINVAL);
	error = copyin(uap->msgp, &mtype, sizeof(mtype));
	if (error != 0)
		return (error);
	if (mtype < 1)
		return (EINVAL);
	if (msgsz > 0) {
		text = kmalloc(msgsz, M_MSG, M_WAITOK);
		error = copyin((const char *)uap->msgp + sizeof(long), text,
		    msgsz);
		if (error != 0)
			goto done;
	}
	segs = howmany(msgsz, (size_t)msginfo.msgssz);

	lwkt_gettoken(&msg_token);
	for (;;) {
		msq = msq_lookup(uap->msqid);
		if (msq == NULL) {
			error = slept ? EIDRM : EINVAL;
			goto out;
		}
		/* The mode may have changed while we copied or slept. */
		if ((error = ipcperm(td, &msq->u.msg_perm, IPC_W)) != 0)
			goto out;
		if (msgsz > msq->u.msg_qbytes) {
			error = EINVAL;		/* can never fit */
			goto out;
		}
		if (msq->u.msg_cbytes + msgsz <= msq->u.msg_qbytes &&
		    nfree_msgmaps >= segs && free_msghdrs != NULL)
			break;
		if ((uap->msgflg & IPC_NOWAIT) != 0) {
			error = EAGAIN;
			goto out;
		}
		error = tsleep(msq, PCATCH, "msgsnd", 0);
		if (error != 0) {
			error = EINTR;
			goto out;
		}
		slept = 1;
	}

	/* Room for all of it: take a header and segs segments. */
	msghdr = free_msghdrs;
	free_msghdrs = msghdr->msg_next;
	msghdr->msg_next = NULL;
	msghdr->msg_type = mtype;
	msghdr->msg_ts = msgsz;
	msghdr->msg_spot = -1;
	prev = -1;
	for (done = 0; done < msgsz; done += n) {
		seg = free_msgmaps;
		free_msgmaps = msgmaps[seg];
		nfree_msgmaps--;
		msgmaps[seg] = -1;
		if (prev == -1)
			msghdr->msg_spot = seg;
		else
			msgmaps[prev] = seg;
		prev = seg;
		n = MIN(msgsz - done, (size_t)msginfo.msgssz);
		memcpy(msgpool + (size_t)seg * msginfo.msgssz, text + done, n);
	}
	if (msq->last == NULL)
		msq->first = msghdr;
	else
		msq->last->msg_next = msghdr;
	msq->last = msghdr;
	msq->u.msg_cbytes += msgsz;
	msq->u.msg_qnum++;
	msq->u.msg_lspid = td->td_proc->p_pid;
	msq->u.msg_stime = ipc_now();
	wakeup(msq);
	sysmsg->sysmsg_result = 0;
out:
	lwkt_reltoken(&msg_token);
done:
	if (text != NULL)
		kfree(text, M_MSG);
	return (error);
}

/*
 * The message msgrcv takes: msgtyp 0 the oldest; > 0 the oldest of that
 * type; < 0 the oldest of the lowest type not above -msgtyp.
 */
static struct msg *
msg_select(struct msqid_kernel *msq, long msgtyp, struct msg **prevp)
{
	struct msg *m, *prev = NULL, *best = NULL, *bestprev = NULL;

	for (m = msq->first; m != NULL; prev = m, m = m->msg_next) {
		if (msgtyp == 0 || m->msg_type == msgtyp) {
			best = m;
			bestprev = prev;
			break;
		}
		if (msgtyp < 0 && m->msg_type <= -msgtyp &&
		    (best == NULL || m->msg_type < best->msg_type)) {
			best = m;
			bestprev = prev;
		}
	}
	*prevp = bestprev;
	return (best);
}

int
sys_msgrcv(struct sysmsg *sysmsg, const struct msgrcv_args *uap)
{
	struct thread *td = curthread;
	struct msqid_kernel *msq;
	struct msg *msghdr, *prev;
	size_t len = 0, bufsz;
	char *text = NULL;
	long mtype = 0, msgtyp = uap->msgtyp;
	int error, slept = 0;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	/* No message can be longer than msgmax. */
	bufsz = MIN(uap->msgsz, (size_t)msginfo.msgmax);
	if (bufsz > 0)
		text = kmalloc(bufsz, M_MSG, M_WAITOK);

	lwkt_gettoken(&msg_token);
	for (;;) {
		msq = msq_lookup(uap->msqid);
		if (msq == NULL) {
			error = slept ? EIDRM : EINVAL;
			goto out;
		}
		if (!slept &&
		    (error = ipcperm(td, &msq->u.msg_perm, IPC_R)) != 0)
			goto out;
		/* LONG_MIN has no positive counterpart: every type fits. */
		if (msgtyp == -__LONG_MAX__ - 1)
			msgtyp = -__LONG_MAX__;
		msghdr = msg_select(msq, msgtyp, &prev);
		if (msghdr != NULL)
			break;
		if ((uap->msgflg & IPC_NOWAIT) != 0) {
			error = ENOMSG;
			goto out;
		}
		error = tsleep(msq, PCATCH, "msgrcv", 0);
		if (error != 0) {
			error = EINTR;
			goto out;
		}
		slept = 1;
	}
	if (msghdr->msg_ts > uap->msgsz &&
	    (uap->msgflg & MSG_NOERROR) == 0) {
		error = E2BIG;		/* and the message stays queued */
		goto out;
	}
	if (prev == NULL)
		msq->first = msghdr->msg_next;
	else
		prev->msg_next = msghdr->msg_next;
	if (msq->last == msghdr)
		msq->last = prev;
	msq->u.msg_cbytes -= msghdr->msg_ts;
	msq->u.msg_qnum--;
	msq->u.msg_lrpid = td->td_proc->p_pid;
	msq->u.msg_rtime = ipc_now();
	len = MIN(msghdr->msg_ts, uap->msgsz);
	mtype = msghdr->msg_type;
	msg_gettext(msghdr, text, len);
	msg_free(msghdr);
	wakeup(msq);			/* senders waiting for room */
out:
	lwkt_reltoken(&msg_token);
	if (error == 0) {
		error = copyout(&mtype, uap->msgp, sizeof(mtype));
		if (error == 0 && len > 0)
			error = copyout(text, (char *)uap->msgp + sizeof(long),
			    len);
		if (error == 0)
			sysmsg->sysmsg_result = len;
	}
	if (text != NULL)
		kfree(text, M_MSG);
	return (error);
}

int
sys_msgctl(struct sysmsg *sysmsg, const struct msgctl_args *uap)
{
	struct thread *td = curthread;
	struct msqid_kernel *msq;
	struct msqid_ds ds;
	int error;

	if ((error = ipc_jail_check(td)) != 0)
		return (error);
	switch (uap->cmd) {
	case IPC_STAT:
	case IPC_RMID:
		break;
	case IPC_SET:
		error = copyin(uap->buf, &ds, sizeof(ds));
		if (error != 0)
			return (error);
		break;
	default:
		return (EINVAL);
	}

	lwkt_gettoken(&msg_token);
	msq = msq_lookup(uap->msqid);
	if (msq == NULL) {
		error = EINVAL;
		goto out;
	}
	switch (uap->cmd) {
	case IPC_STAT:
		error = ipcperm(td, &msq->u.msg_perm, IPC_R);
		if (error == 0) {
			ds = msq->u;
			ds.msg_perm.mode &= 0777;
		}
		break;
	case IPC_SET:
		if ((error = ipcperm(td, &msq->u.msg_perm, IPC_M)) != 0)
			break;
		if (ds.msg_qbytes > msq->u.msg_qbytes &&
		    caps_priv_check(td->td_proc->p_ucred,
		    SYSCAP_NOIPC_SYSVIPC) != 0) {
			error = EPERM;
			break;
		}
		if (ds.msg_qbytes == 0) {
			error = EINVAL;
			break;
		}
		if (ds.msg_qbytes > (msglen_t)msginfo.msgmnb)
			ds.msg_qbytes = msginfo.msgmnb;
		msq->u.msg_perm.uid = ds.msg_perm.uid;
		msq->u.msg_perm.gid = ds.msg_perm.gid;
		msq->u.msg_perm.mode = (msq->u.msg_perm.mode & ~0777) |
		    (ds.msg_perm.mode & 0777);
		msq->u.msg_qbytes = ds.msg_qbytes;
		msq->u.msg_ctime = ipc_now();
		wakeup(msq);		/* the limit may have grown */
		break;
	case IPC_RMID:
		if ((error = ipcperm(td, &msq->u.msg_perm, IPC_M)) == 0)
			msq_remove(msq);
		break;
	}
out:
	lwkt_reltoken(&msg_token);
	if (error == 0 && uap->cmd == IPC_STAT)
		error = copyout(&ds, uap->buf, sizeof(ds));
	return (error);
}

/* ---- sysctl ----------------------------------------------------------------- */

static int
sysctl_msqids(SYSCTL_HANDLER_ARGS)
{
	struct ucred *reader = req->td != NULL && req->td->td_proc != NULL ?
	    req->td->td_proc->p_ucred : NULL;
	struct msqid_kernel *msq;
	struct xmsqid *xm, *tab;
	size_t size = sizeof(*tab) * msginfo.msgmni;
	int error, ix;

	if (req->oldptr == NULL)
		return (SYSCTL_OUT(req, NULL, size));
	tab = kmalloc(size, M_MSG, M_WAITOK | M_ZERO);
	lwkt_gettoken(&msg_token);
	for (ix = 0; ix < msginfo.msgmni; ix++) {
		msq = &msqids[ix];
		if ((msq->u.msg_perm.mode & IPC_ALLOCATED) == 0 ||
		    !ipc_cansee(reader, msq->prison_id))
			continue;
		xm = &tab[ix];
		xm->xm_len = sizeof(*xm);
		xm->xm_version = XMSQID_VERSION;
		xm->xm_flags = XIPC_ALLOCATED;
		xm->xm_id = IXSEQ_TO_IPCID(ix, msq->u.msg_perm);
		ipc_perm_export(&msq->u.msg_perm, &xm->xm_perm);
		xm->xm_cbytes = msq->u.msg_cbytes;
		xm->xm_qnum = msq->u.msg_qnum;
		xm->xm_qbytes = msq->u.msg_qbytes;
		xm->xm_lspid = msq->u.msg_lspid;
		xm->xm_lrpid = msq->u.msg_lrpid;
		xm->xm_stime = msq->u.msg_stime;
		xm->xm_rtime = msq->u.msg_rtime;
		xm->xm_ctime = msq->u.msg_ctime;
	}
	lwkt_reltoken(&msg_token);
	error = SYSCTL_OUT(req, tab, size);
	kfree(tab, M_MSG);
	return (error);
}
