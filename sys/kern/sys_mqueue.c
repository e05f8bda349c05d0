/*
 * POSIX message queues: the system calls mq_open, mq_setattr,
 * mq_timedsend, mq_timedreceive, mq_notify and mq_unlink, the fileops of
 * DTYPE_MQUEUE descriptors (mq_close is close(2); poll, select, kqueue
 * and fstat work on them), the kern.mqueue limits and the queue list
 * kern.mqueue.queues that ipcs reads (records in <sys/mqueue.h>).
 *
 * A queue is a struct mqueue with one FIFO of messages per priority and a
 * 32-bit map of the non-empty priorities, so the highest waiting message
 * is found with one count-leading-zeros.  Queues live in one name space
 * of "/name" strings (mq_list) and are kept alive by references: one for
 * the name until mq_unlink, one for each open file.  The last reference
 * frees the queue and its messages, so an unlinked queue stays usable
 * through the descriptors still open on it.
 *
 * Locking: mq_list_token protects the list, names, reference counts and
 * the generation count; each queue's mq_token protects its messages,
 * counters, waiter counts and notification.  Message text is copied in
 * before and copied out after holding the queue token, so a fault on a
 * user buffer never happens with the queue locked.  Senders and
 * receivers sleep with tsleep under the queue token, which LWKT releases
 * while they sleep and gives back when they wake, so "test, then sleep"
 * loses no wakeup.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/signal.h>
#include <sys/signalvar.h>
#include <sys/time.h>
#include <sys/mqueue.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_MQUEUE, "mqueue", "POSIX message queues");
MALLOC_DEFINE(M_MQMSG, "mqmsg", "POSIX message queue messages");

/* One message; its text follows the header. */
struct mqmsg {
	TAILQ_ENTRY(mqmsg) mm_link;	/* on mq_head[mm_prio] */
	size_t		mm_len;		/* bytes of text */
	u_int		mm_prio;	/* 0 .. MQ_PRIO_MAX - 1 */
	char		mm_data[];
};

struct mqueue {
	LIST_ENTRY(mqueue) mq_link;	/* mq_list; mq_list_token */
	char		mq_name[MQ_NAME_MAX + 1]; /* mq_list_token; "" once
					   unlinked */
	int		mq_refs;	/* mq_list_token: name + open files
					   + kern.mqueue.queues readers */
	int		mq_nopen;	/* mq_list_token: open files */
	bool		mq_linked;	/* mq_list_token: in the name space */
	uint64_t	mq_id;		/* immutable: opaque id for ipcs */
	uint64_t	mq_gen;		/* immutable: mq_gencnt at creation */
	uid_t		mq_uid;		/* immutable: creator */
	gid_t		mq_gid;		/* immutable */
	mode_t		mq_mode;	/* immutable: 0777 bits */
	long		mq_maxmsg;	/* immutable */
	long		mq_msgsize;	/* immutable */
	time_t		mq_ctime;	/* immutable */
	struct lwkt_token mq_token;	/* everything below */
	TAILQ_HEAD(, mqmsg) mq_head[MQ_PRIO_MAX]; /* FIFO per priority */
	uint32_t	mq_bitmap;	/* bit p: mq_head[p] not empty */
	long		mq_curmsgs;	/* messages queued */
	size_t		mq_qbytes;	/* bytes of text queued */
	int		mq_nrecvwait;	/* receivers asleep (wait channel) */
	int		mq_nsendwait;	/* senders asleep (wait channel) */
	time_t		mq_mtime;	/* last send or receive */
	pid_t		mq_notify_pid;	/* mq_notify registrant, 0 none */
	struct file	*mq_notify_fp;	/* ... through this description */
	struct sigevent	mq_notify_ev;
	struct selinfo	mq_rsel;	/* poll/kqueue: readable */
	struct selinfo	mq_wsel;	/* poll/kqueue: writable */
};

static struct lwkt_token mq_list_token = LWKT_TOKEN_INITIALIZER(mqlist);
static LIST_HEAD(, mqueue) mq_list = LIST_HEAD_INITIALIZER(mq_list);
static uint64_t mq_gencnt;		/* mq_list_token: bumped on change */
static uint64_t mq_nextid;		/* mq_list_token */

/*
 * Limits.  The per-queue defaults apply when mq_open creates a queue
 * without attributes; POSIX leaves them to the system, and 40 messages
 * of 16 KiB is what Petrel promises programs written for other systems.
 */
static int mq_maxmsg = 100;
static int mq_maxmsgsize = 16384;
static int mq_maxmq = 100;
static int mq_default_maxmsg = 40;
static int mq_default_msgsize = 16384;
static int mq_curmq;			/* mq_list_token (read unlocked) */

static int	mq_file_close(struct file *fp);
static int	mq_file_poll(struct file *fp, int events, struct ucred *cred);
static int	mq_file_kqfilter(struct file *fp, struct knote *kn);
static int	mq_file_stat(struct file *fp, struct stat *sb,
		    struct ucred *cred);
static int	mq_file_ioctl(struct file *fp, u_long cmd, caddr_t data,
		    struct ucred *cred);

static struct fileops mqueueops = {
	.fo_read = badfo_readwrite,
	.fo_write = badfo_readwrite,
	.fo_ioctl = mq_file_ioctl,
	.fo_poll = mq_file_poll,
	.fo_kqfilter = mq_file_kqfilter,
	.fo_stat = mq_file_stat,
	.fo_close = mq_file_close,
};

/* ---- Queues and the name space -------------------------------------- */

/*
 * Copy in and check a queue name: "/" then 1 or more bytes with no
 * further '/', MQ_NAME_MAX bytes at most.
 */
static int
mq_getname(const char *upath, char *name)
{
	size_t done;
	int error;

	error = copyinstr(upath, name, MQ_NAME_MAX + 1, &done);
	if (error != 0)
		return (error);		/* EFAULT or ENAMETOOLONG */
	if (name[0] != '/' || name[1] == '\0' ||
	    strchr(name + 1, '/') != NULL)
		return (EINVAL);
	return (0);
}

static struct mqueue *
mq_lookup(const char *name)
{
	struct mqueue *mq;

	ASSERT_LWKT_TOKEN_HELD(&mq_list_token);
	LIST_FOREACH(mq, &mq_list, mq_link)
		if (mq->mq_linked && strcmp(mq->mq_name, name) == 0)
			return (mq);
	return (NULL);
}

static bool
mq_privileged(struct ucred *cred)
{
	return (caps_priv_check(cred, SYSCAP_NOIPC) == 0);
}

/* May cred open mq for fflags (FREAD/FWRITE)?  Owner, group, other. */
static int
mq_access(struct mqueue *mq, struct ucred *cred, int fflags)
{
	mode_t want = 0, bits;

	if (fflags & FREAD)
		want |= S_IROTH;
	if (fflags & FWRITE)
		want |= S_IWOTH;
	if (cred->cr_uid == mq->mq_uid)
		bits = (mq->mq_mode >> 6) & 07;
	else if (groupmember(mq->mq_gid, cred))
		bits = (mq->mq_mode >> 3) & 07;
	else
		bits = mq->mq_mode & 07;
	if ((bits & want) == want)
		return (0);
	return (mq_privileged(cred) ? 0 : EACCES);
}

static void
mq_free(struct mqueue *mq)
{
	struct mqmsg *mm;
	int p;

	for (p = 0; p < MQ_PRIO_MAX; p++) {
		while ((mm = TAILQ_FIRST(&mq->mq_head[p])) != NULL) {
			TAILQ_REMOVE(&mq->mq_head[p], mm, mm_link);
			kfree(mm, M_MQMSG);
		}
	}
	kfree(mq, M_MQUEUE);
}

/* Drop one reference; the last frees the queue.  mq_list_token held. */
static void
mq_rele_locked(struct mqueue *mq)
{
	ASSERT_LWKT_TOKEN_HELD(&mq_list_token);
	if (--mq->mq_refs > 0)
		return;
	LIST_REMOVE(mq, mq_link);
	mq_curmq--;
	mq_gencnt++;
	mq_free(mq);
}

/* Remove mq from the name space (mq_unlink).  mq_list_token held. */
static void
mq_unlink_locked(struct mqueue *mq)
{
	mq->mq_linked = false;
	mq->mq_name[0] = '\0';
	mq_gencnt++;
	mq_rele_locked(mq);
}

/*
 * Find or create the queue for mq_open; returned with a reference for
 * the caller's file.  fflags are FREAD/FWRITE of the open.
 */
static int
mq_get(const char *name, int oflags, int fflags, mode_t mode,
    const struct mq_attr *attr, struct ucred *cred, struct mqueue **mqp)
{
	struct mqueue *mq, *nmq = NULL;
	struct timespec now;
	int error = 0, p;

	if (oflags & O_CREAT) {
		/* Allocate before the lookup: kmalloc may sleep. */
		nmq = kmalloc(sizeof(*nmq), M_MQUEUE, M_WAITOK | M_ZERO);
		strlcpy(nmq->mq_name, name, sizeof(nmq->mq_name));
		lwkt_token_init(&nmq->mq_token, "mqueue");
		for (p = 0; p < MQ_PRIO_MAX; p++)
			TAILQ_INIT(&nmq->mq_head[p]);
		LIST_INIT(&nmq->mq_rsel.si_note);
		LIST_INIT(&nmq->mq_wsel.si_note);
		nmq->mq_uid = cred->cr_uid;
		nmq->mq_gid = cred->cr_gid;
		nmq->mq_mode = mode & 0777;
		nmq->mq_maxmsg = attr != NULL ? attr->mq_maxmsg :
		    mq_default_maxmsg;
		nmq->mq_msgsize = attr != NULL ? attr->mq_msgsize :
		    mq_default_msgsize;
		nanotime(&now);
		nmq->mq_ctime = nmq->mq_mtime = now.tv_sec;
	}

	lwkt_gettoken(&mq_list_token);
	mq = mq_lookup(name);
	if (mq != NULL) {
		if ((oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			error = EEXIST;
		else
			error = mq_access(mq, cred, fflags);
	} else if ((oflags & O_CREAT) == 0) {
		error = ENOENT;
	} else if (mq_curmq >= mq_maxmq) {
		error = ENFILE;
	} else {
		mq = nmq;
		nmq = NULL;
		mq->mq_id = ++mq_nextid;
		mq->mq_gen = ++mq_gencnt;
		mq->mq_linked = true;
		mq->mq_refs = 1;		/* the name */
		LIST_INSERT_HEAD(&mq_list, mq, mq_link);
		mq_curmq++;
	}
	if (error == 0) {
		mq->mq_refs++;
		mq->mq_nopen++;
		*mqp = mq;
	}
	lwkt_reltoken(&mq_list_token);
	if (nmq != NULL)
		kfree(nmq, M_MQUEUE);
	return (error);
}

/* The queue behind descriptor fd, held; EBADF if fd is no queue. */
static int
mq_getfp(int fd, int flagmask, struct file **fpp, struct mqueue **mqp)
{
	struct file *fp;
	int error;

	error = holdfp(curthread, fd, flagmask, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_MQUEUE) {
		fdrop(fp);
		return (EBADF);
	}
	*fpp = fp;
	*mqp = fp->f_data;
	return (0);
}

/* ---- Sending and receiving -------------------------------------------- */

/*
 * Ticks to sleep until the CLOCK_REALTIME deadline *abs; 0 means the
 * deadline has passed.
 */
static int
mq_ticks_left(const struct timespec *abs)
{
	struct timespec now, left;

	nanotime(&now);
	left.tv_sec = abs->tv_sec - now.tv_sec;
	left.tv_nsec = abs->tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0) {
		left.tv_nsec += 1000000000;
		left.tv_sec--;
	}
	if (left.tv_sec < 0 || (left.tv_sec == 0 && left.tv_nsec == 0))
		return (0);
	if (left.tv_sec > 86400 * 365)		/* keep tstohz in range */
		left.tv_sec = 86400 * 365;
	return (tstohz(&left));
}

/*
 * Sleep on chan for a send or receive that cannot proceed.  Called and
 * returns with mq_token held.  0: look again; else the errno to return.
 */
static int
mq_wait(struct mqueue *mq, int *waiters, bool nonblock,
    const struct timespec *abs, const char *wmesg)
{
	int timo = 0, error;

	if (nonblock)
		return (EAGAIN);
	if (abs != NULL) {
		if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000)
			return (EINVAL);
		timo = mq_ticks_left(abs);
		if (timo == 0)
			return (ETIMEDOUT);
	}
	(*waiters)++;
	error = tsleep(waiters, PCATCH, wmesg, timo);
	(*waiters)--;
	if (error == EWOULDBLOCK)
		error = 0;		/* the deadline is checked again */
	return (error);
}

/* Highest non-empty priority, or -1. */
static int
mq_highest(struct mqueue *mq)
{
	if (mq->mq_bitmap == 0)
		return (-1);
	return (31 - __builtin_clz(mq->mq_bitmap));
}

/*
 * The mq_notify registration fires when a message arrives on an empty
 * queue that no receiver is waiting for; it is used up by firing.
 * Called with mq_token held; the signal is posted by the caller after
 * releasing it (mq_post_notify).
 */
static pid_t
mq_take_notify(struct mqueue *mq, struct sigevent *ev)
{
	pid_t pid;

	if (mq->mq_notify_pid == 0 || mq->mq_nrecvwait > 0)
		return (0);
	pid = mq->mq_notify_pid;
	*ev = mq->mq_notify_ev;
	mq->mq_notify_pid = 0;
	mq->mq_notify_fp = NULL;
	return (ev->sigev_notify == SIGEV_SIGNAL ? pid : 0);
}

static void
mq_post_notify(pid_t pid, const struct sigevent *ev)
{
	struct proc *p;
	siginfo_t si;

	p = pfind(pid);
	if (p == NULL)
		return;			/* gone: nobody to tell */
	memset(&si, 0, sizeof(si));
	si.si_signo = ev->sigev_signo;
	si.si_code = SI_MESGQ;
	si.si_value = ev->sigev_value;
	si.si_pid = curproc->p_pid;
	si.si_uid = curproc->p_ucred->cr_ruid;
	ksignal_info(p, &si);
	prele(p);
}

static int
mq_send(struct mqueue *mq, struct file *fp, const char *umsg, size_t len,
    u_int prio, const struct timespec *abs)
{
	struct mqmsg *mm;
	struct sigevent ev;
	struct timespec now;
	pid_t npid = 0;
	int error;

	if (prio >= MQ_PRIO_MAX)
		return (EINVAL);
	if (len > (size_t)mq->mq_msgsize)
		return (EMSGSIZE);
	mm = kmalloc(sizeof(*mm) + len, M_MQMSG, M_WAITOK);
	mm->mm_len = len;
	mm->mm_prio = prio;
	error = copyin(umsg, mm->mm_data, len);
	if (error != 0) {
		kfree(mm, M_MQMSG);
		return (error);
	}

	lwkt_gettoken(&mq->mq_token);
	while (mq->mq_curmsgs >= mq->mq_maxmsg) {
		error = mq_wait(mq, &mq->mq_nsendwait,
		    (fp->f_flag & FNONBLOCK) != 0, abs, "mqsend");
		if (error != 0) {
			lwkt_reltoken(&mq->mq_token);
			kfree(mm, M_MQMSG);
			return (error);
		}
	}
	TAILQ_INSERT_TAIL(&mq->mq_head[prio], mm, mm_link);
	mq->mq_bitmap |= 1U << prio;
	if (mq->mq_curmsgs++ == 0)
		npid = mq_take_notify(mq, &ev);
	mq->mq_qbytes += len;
	nanotime(&now);
	mq->mq_mtime = now.tv_sec;
	if (mq->mq_nrecvwait > 0)
		wakeup(&mq->mq_nrecvwait);
	lwkt_reltoken(&mq->mq_token);
	selwakeup(&mq->mq_rsel);
	if (npid != 0)
		mq_post_notify(npid, &ev);
	return (0);
}

static int
mq_receive(struct mqueue *mq, struct file *fp, char *umsg, size_t len,
    u_int *uprio, const struct timespec *abs, size_t *lenp)
{
	struct mqmsg *mm;
	struct timespec now;
	int error, p;

	if (len < (size_t)mq->mq_msgsize)
		return (EMSGSIZE);

	lwkt_gettoken(&mq->mq_token);
	while ((p = mq_highest(mq)) < 0) {
		error = mq_wait(mq, &mq->mq_nrecvwait,
		    (fp->f_flag & FNONBLOCK) != 0, abs, "mqrecv");
		if (error != 0) {
			lwkt_reltoken(&mq->mq_token);
			return (error);
		}
	}
	mm = TAILQ_FIRST(&mq->mq_head[p]);
	TAILQ_REMOVE(&mq->mq_head[p], mm, mm_link);
	if (TAILQ_EMPTY(&mq->mq_head[p]))
		mq->mq_bitmap &= ~(1U << p);
	mq->mq_curmsgs--;
	mq->mq_qbytes -= mm->mm_len;
	nanotime(&now);
	mq->mq_mtime = now.tv_sec;
	lwkt_reltoken(&mq->mq_token);

	error = copyout(mm->mm_data, umsg, mm->mm_len);
	if (error == 0 && uprio != NULL)
		error = copyout(&mm->mm_prio, uprio, sizeof(*uprio));
	lwkt_gettoken(&mq->mq_token);
	if (error != 0) {
		/* A bad buffer loses nothing: the message goes back first. */
		TAILQ_INSERT_HEAD(&mq->mq_head[p], mm, mm_link);
		mq->mq_bitmap |= 1U << p;
		mq->mq_curmsgs++;
		mq->mq_qbytes += mm->mm_len;
		if (mq->mq_nrecvwait > 0)
			wakeup(&mq->mq_nrecvwait);
		lwkt_reltoken(&mq->mq_token);
		return (error);
	}
	if (mq->mq_nsendwait > 0)
		wakeup(&mq->mq_nsendwait);
	lwkt_reltoken(&mq->mq_token);
	selwakeup(&mq->mq_wsel);
	*lenp = mm->mm_len;
	kfree(mm, M_MQMSG);
	return (0);
}

/* ---- System calls ------------------------------------------------------- */

int
sys_mq_open(struct sysmsg *sysmsg, const struct mq_open_args *uap)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct filedesc *fdp = p->p_fd;
	struct mq_attr attr;
	struct mqueue *mq;
	struct file *fp;
	char *name;
	int oflags = uap->flags, fflags, fd, error;

	if ((oflags & ~(O_ACCMODE | O_CREAT | O_EXCL | O_NONBLOCK |
	    O_CLOEXEC)) != 0 || (oflags & O_ACCMODE) == O_ACCMODE)
		return (EINVAL);
	fflags = FFLAGS(oflags) & (FREAD | FWRITE | FNONBLOCK);
	if ((oflags & O_CREAT) && uap->attr != NULL) {
		error = copyin(uap->attr, &attr, sizeof(attr));
		if (error != 0)
			return (error);
		if (attr.mq_maxmsg <= 0 || attr.mq_maxmsg > mq_maxmsg ||
		    attr.mq_msgsize <= 0 || attr.mq_msgsize > mq_maxmsgsize)
			return (EINVAL);
	}
	name = kmalloc(MQ_NAME_MAX + 1, M_TEMP, M_WAITOK);
	error = mq_getname(uap->path, name);
	if (error == 0)
		error = mq_get(name, oflags, fflags,
		    uap->mode & ~fdp->fd_cmask,
		    ((oflags & O_CREAT) && uap->attr != NULL) ? &attr : NULL,
		    p->p_ucred, &mq);
	kfree(name, M_TEMP);
	if (error != 0)
		return (error);

	error = falloc(td, &fp, &fd);
	if (error != 0) {
		lwkt_gettoken(&mq_list_token);
		mq->mq_nopen--;
		mq_rele_locked(mq);
		lwkt_reltoken(&mq_list_token);
		return (error);
	}
	finit(fp, fflags, DTYPE_MQUEUE, mq, &mqueueops);
	if (oflags & O_CLOEXEC) {
		spin_lock(&fdp->fd_spin);
		fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
	}
	fdrop(fp);
	sysmsg->sysmsg_result = fd;
	return (0);
}

int
sys_mq_unlink(struct sysmsg *sysmsg, const struct mq_unlink_args *uap)
{
	struct ucred *cred = curproc->p_ucred;
	struct mqueue *mq;
	char *name;
	int error;

	name = kmalloc(MQ_NAME_MAX + 1, M_TEMP, M_WAITOK);
	error = mq_getname(uap->path, name);
	if (error != 0) {
		kfree(name, M_TEMP);
		return (error);
	}
	lwkt_gettoken(&mq_list_token);
	mq = mq_lookup(name);
	if (mq == NULL)
		error = ENOENT;
	else if (cred->cr_uid != mq->mq_uid && !mq_privileged(cred))
		error = EACCES;		/* only the creator removes it */
	else
		mq_unlink_locked(mq);
	lwkt_reltoken(&mq_list_token);
	kfree(name, M_TEMP);
	return (error);
}

int
sys_mq_setattr(struct sysmsg *sysmsg, const struct mq_setattr_args *uap)
{
	struct mq_attr attr, oattr;
	struct mqueue *mq;
	struct file *fp;
	u_int oflag, nflag;
	int error;

	if (uap->attr != NULL) {
		error = copyin(uap->attr, &attr, sizeof(attr));
		if (error != 0)
			return (error);
	}
	error = mq_getfp(uap->mqd, 0, &fp, &mq);
	if (error != 0)
		return (error);
	/* Only O_NONBLOCK can change, and it belongs to the description. */
	oflag = __atomic_load_n(&fp->f_flag, __ATOMIC_RELAXED);
	if (uap->attr != NULL) {
		do {
			nflag = (oflag & ~FNONBLOCK) |
			    ((attr.mq_flags & O_NONBLOCK) ? FNONBLOCK : 0);
		} while (!__atomic_compare_exchange_n(&fp->f_flag, &oflag,
		    nflag, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	}
	if (uap->oattr != NULL) {
		memset(&oattr, 0, sizeof(oattr));
		oattr.mq_flags = (oflag & FNONBLOCK) ? O_NONBLOCK : 0;
		oattr.mq_maxmsg = mq->mq_maxmsg;
		oattr.mq_msgsize = mq->mq_msgsize;
		lwkt_gettoken(&mq->mq_token);
		oattr.mq_curmsgs = mq->mq_curmsgs;
		lwkt_reltoken(&mq->mq_token);
		error = copyout(&oattr, uap->oattr, sizeof(oattr));
	}
	fdrop(fp);
	return (error);
}

int
sys_mq_timedsend(struct sysmsg *sysmsg, const struct mq_timedsend_args *uap)
{
	struct timespec abs;
	struct mqueue *mq;
	struct file *fp;
	int error;

	error = mq_getfp(uap->mqd, FWRITE, &fp, &mq);
	if (error != 0)
		return (error);
	if (uap->abs_timeout != NULL) {
		error = copyin(uap->abs_timeout, &abs, sizeof(abs));
		if (error != 0) {
			fdrop(fp);
			return (error);
		}
	}
	error = mq_send(mq, fp, uap->msg_ptr, uap->msg_len, uap->msg_prio,
	    uap->abs_timeout != NULL ? &abs : NULL);
	fdrop(fp);
	return (error);
}

int
sys_mq_timedreceive(struct sysmsg *sysmsg,
    const struct mq_timedreceive_args *uap)
{
	struct timespec abs;
	struct mqueue *mq;
	struct file *fp;
	size_t len;
	int error;

	error = mq_getfp(uap->mqd, FREAD, &fp, &mq);
	if (error != 0)
		return (error);
	if (uap->abs_timeout != NULL) {
		error = copyin(uap->abs_timeout, &abs, sizeof(abs));
		if (error != 0) {
			fdrop(fp);
			return (error);
		}
	}
	error = mq_receive(mq, fp, uap->msg_ptr, uap->msg_len, uap->msg_prio,
	    uap->abs_timeout != NULL ? &abs : NULL, &len);
	fdrop(fp);
	if (error == 0)
		sysmsg->sysmsg_result = len;
	return (error);
}

int
sys_mq_notify(struct sysmsg *sysmsg, const struct mq_notify_args *uap)
{
	struct sigevent ev;
	struct mqueue *mq;
	struct file *fp;
	pid_t me = curproc->p_pid;
	int error;

	if (uap->sigev != NULL) {
		error = copyin(uap->sigev, &ev, sizeof(ev));
		if (error != 0)
			return (error);
		if (ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_NONE)
			return (EINVAL);	/* SIGEV_THREAD is libc's */
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    !_SIG_VALID(ev.sigev_signo))
			return (EINVAL);
	}
	error = mq_getfp(uap->mqd, 0, &fp, &mq);
	if (error != 0)
		return (error);
	lwkt_gettoken(&mq->mq_token);
	if (uap->sigev == NULL) {
		/* Withdraw our own registration; someone else's is EBUSY. */
		if (mq->mq_notify_pid == me) {
			mq->mq_notify_pid = 0;
			mq->mq_notify_fp = NULL;
		} else if (mq->mq_notify_pid != 0) {
			error = EBUSY;
		}
	} else if (mq->mq_notify_pid != 0) {
		error = EBUSY;
	} else {
		mq->mq_notify_pid = me;
		mq->mq_notify_fp = fp;
		mq->mq_notify_ev = ev;
	}
	lwkt_reltoken(&mq->mq_token);
	fdrop(fp);
	return (error);
}

/* ---- Descriptor operations ------------------------------------------- */

static int
mq_file_close(struct file *fp)
{
	struct mqueue *mq = fp->f_data;

	/* A registration made through this description ends with it. */
	lwkt_gettoken(&mq->mq_token);
	if (mq->mq_notify_fp == fp) {
		mq->mq_notify_pid = 0;
		mq->mq_notify_fp = NULL;
	}
	lwkt_reltoken(&mq->mq_token);
	fp->f_data = NULL;
	lwkt_gettoken(&mq_list_token);
	mq->mq_nopen--;
	mq_rele_locked(mq);
	lwkt_reltoken(&mq_list_token);
	return (0);
}

static int
mq_file_poll(struct file *fp, int events, struct ucred *cred)
{
	struct mqueue *mq = fp->f_data;
	int revents = 0;

	lwkt_gettoken(&mq->mq_token);
	if (mq->mq_curmsgs > 0)
		revents |= events & (POLLIN | POLLRDNORM);
	if (mq->mq_curmsgs < mq->mq_maxmsg)
		revents |= events & (POLLOUT | POLLWRNORM);
	lwkt_reltoken(&mq->mq_token);
	return (revents);
}

static void
filt_mqdetach(struct knote *kn)
{
	struct mqueue *mq = kn->kn_hook;

	knote_remove(kn->kn_filter == EVFILT_READ ? &mq->mq_rsel.si_note :
	    &mq->mq_wsel.si_note, kn);
}

/* knote_spin held: a racy peek at the counts is what we can do here. */
static int
filt_mqread(struct knote *kn, long hint)
{
	struct mqueue *mq = kn->kn_hook;

	kn->kn_data = __atomic_load_n(&mq->mq_curmsgs, __ATOMIC_RELAXED);
	return (kn->kn_data > 0);
}

static int
filt_mqwrite(struct knote *kn, long hint)
{
	struct mqueue *mq = kn->kn_hook;

	kn->kn_data = mq->mq_maxmsg -
	    __atomic_load_n(&mq->mq_curmsgs, __ATOMIC_RELAXED);
	return (kn->kn_data > 0);
}

static int
filt_mqattach(struct knote *kn)
{
	return (0);
}

static const struct filterops mq_rfiltops = {
	1, filt_mqattach, filt_mqdetach, filt_mqread
};
static const struct filterops mq_wfiltops = {
	1, filt_mqattach, filt_mqdetach, filt_mqwrite
};

static int
mq_file_kqfilter(struct file *fp, struct knote *kn)
{
	struct mqueue *mq = fp->f_data;

	switch (kn->kn_filter) {
	case EVFILT_READ:
		kn->kn_fop = &mq_rfiltops;
		kn->kn_hook = mq;
		knote_insert(&mq->mq_rsel.si_note, kn);
		return (0);
	case EVFILT_WRITE:
		kn->kn_fop = &mq_wfiltops;
		kn->kn_hook = mq;
		knote_insert(&mq->mq_wsel.si_note, kn);
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static int
mq_file_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	struct mqueue *mq = fp->f_data;

	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFREG | mq->mq_mode;
	sb->st_uid = mq->mq_uid;
	sb->st_gid = mq->mq_gid;
	sb->st_nlink = 1;
	sb->st_ino = mq->mq_id;
	sb->st_blksize = mq->mq_msgsize;
	sb->st_ctim.tv_sec = mq->mq_ctime;
	lwkt_gettoken(&mq->mq_token);
	sb->st_size = mq->mq_qbytes;
	sb->st_mtim.tv_sec = mq->mq_mtime;
	lwkt_reltoken(&mq->mq_token);
	return (0);
}

static int
mq_file_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	switch (cmd) {
	case FIONBIO:
	case FIOASYNC:
		return (0);		/* f_flag already says it */
	default:
		return (ENOTTY);
	}
}

/* ---- sysctl ------------------------------------------------------------ */

/*
 * The fields under mq_list_token, filled in the walk; the queue's own
 * state (messages, waiters) is mq_toxmqueue_state's.
 */
static void
mq_toxmqueue(struct mqueue *mq, struct xmqueue *xm)
{
	memset(xm, 0, sizeof(*xm));
	xm->xmq_len = sizeof(*xm);
	xm->xmq_version = XMQUEUE_VERSION;
	xm->xmq_id = mq->mq_id;
	xm->xmq_gen = mq->mq_gen;
	strlcpy(xm->xmq_name, mq->mq_name, sizeof(xm->xmq_name));
	xm->xmq_uid = mq->mq_uid;
	xm->xmq_gid = mq->mq_gid;
	xm->xmq_mode = mq->mq_mode;
	xm->xmq_flags = mq->mq_linked ? 0 : XMQ_UNLINKED;
	xm->xmq_maxmsg = mq->mq_maxmsg;
	xm->xmq_msgsize = mq->mq_msgsize;
	xm->xmq_nopen = mq->mq_nopen;
	xm->xmq_ctime = mq->mq_ctime;
}

/* The fields under the queue's own token (which may have to wait). */
static void
mq_toxmqueue_state(struct mqueue *mq, struct xmqueue *xm)
{
	lwkt_gettoken(&mq->mq_token);
	xm->xmq_curmsgs = mq->mq_curmsgs;
	xm->xmq_qbytes = mq->mq_qbytes;
	xm->xmq_notify_pid = mq->mq_notify_pid;
	xm->xmq_nrecvwait = mq->mq_nrecvwait;
	xm->xmq_nsendwait = mq->mq_nsendwait;
	xm->xmq_mtime = mq->mq_mtime;
	lwkt_reltoken(&mq->mq_token);
}

/*
 * kern.mqueue.queues: header, one record per queue, trailer (see
 * <sys/mqueue.h>).  The membership is taken in one hold of
 * mq_list_token, which nothing in that walk gives up, into a kernel
 * buffer sized beforehand (kmalloc may sleep; if the list outgrew the
 * buffer meanwhile, size again), so the records are the queues of one
 * generation and the trailer repeats the header.  Each listed queue is
 * held (mq_refs) across the walk, since taking a queue's own token may
 * have to wait, and waiting gives up mq_list_token, during which a
 * queue no one held could be freed.  Only then, with nothing walked,
 * the copy-out (which may fault and sleep).  Without a buffer: the size
 * to allocate, with room for growth.
 */
static int
mq_sysctl_queues(SYSCTL_HANDLER_ARGS)
{
	struct xmqgen xg;
	struct xmqueue *xm;
	struct mqueue *mq, **held;
	uint64_t gen, n, cap, i;
	int error;

	if (req->newptr != NULL)
		return (EPERM);
	if (req->oldptr == NULL) {
		n = mq_curmq;
		req->oldidx = 2 * sizeof(xg) + (n + n / 8 + 4) * sizeof(*xm);
		return (0);
	}
	for (;;) {
		n = 0;
		lwkt_gettoken(&mq_list_token);
		LIST_FOREACH(mq, &mq_list, mq_link)
			n++;
		lwkt_reltoken(&mq_list_token);
		cap = n + n / 8 + 8;
		xm = kmalloc(cap * sizeof(*xm), M_TEMP, M_WAITOK);
		held = kmalloc(cap * sizeof(*held), M_TEMP, M_WAITOK);
		n = 0;
		lwkt_gettoken(&mq_list_token);
		gen = mq_gencnt;
		LIST_FOREACH(mq, &mq_list, mq_link) {
			if (n == cap)
				break;
			mq_toxmqueue(mq, &xm[n]);
			mq->mq_refs++;
			held[n++] = mq;
		}
		if (mq == NULL) {
			lwkt_reltoken(&mq_list_token);
			break;
		}
		/* Grew meanwhile: let go and size again. */
		for (i = 0; i < n; i++)
			mq_rele_locked(held[i]);
		lwkt_reltoken(&mq_list_token);
		kfree(held, M_TEMP);
		kfree(xm, M_TEMP);
	}
	for (i = 0; i < n; i++)
		mq_toxmqueue_state(held[i], &xm[i]);
	/* The last reference to a queue closed and unlinked meanwhile
	   frees it now (and bumps mq_gencnt: the next reader sees it). */
	lwkt_gettoken(&mq_list_token);
	for (i = 0; i < n; i++)
		mq_rele_locked(held[i]);
	lwkt_reltoken(&mq_list_token);
	kfree(held, M_TEMP);

	memset(&xg, 0, sizeof(xg));
	xg.xmg_len = sizeof(xg);
	xg.xmg_version = XMQUEUE_VERSION;
	xg.xmg_count = n;
	xg.xmg_gen = gen;
	error = SYSCTL_OUT(req, &xg, sizeof(xg));
	if (error == 0 && n > 0)
		error = SYSCTL_OUT(req, xm, n * sizeof(*xm));
	/* The trailer: the generation the records were taken at. */
	if (error == 0)
		error = SYSCTL_OUT(req, &xg, sizeof(xg));
	kfree(xm, M_TEMP);
	return (error);
}

SYSCTL_NODE(_kern, OID_AUTO, mqueue, CTLFLAG_RW, 0, "POSIX message queues");
SYSCTL_INT(_kern_mqueue, OID_AUTO, maxmsg, CTLFLAG_RW, &mq_maxmsg, 0,
    "largest mq_maxmsg of a new queue");
SYSCTL_INT(_kern_mqueue, OID_AUTO, maxmsgsize, CTLFLAG_RW, &mq_maxmsgsize, 0,
    "largest mq_msgsize of a new queue");
SYSCTL_INT(_kern_mqueue, OID_AUTO, maxmq, CTLFLAG_RW, &mq_maxmq, 0,
    "most queues at once");
SYSCTL_INT(_kern_mqueue, OID_AUTO, default_maxmsg, CTLFLAG_RW,
    &mq_default_maxmsg, 0, "mq_maxmsg of a queue created without attributes");
SYSCTL_INT(_kern_mqueue, OID_AUTO, default_msgsize, CTLFLAG_RW,
    &mq_default_msgsize, 0,
    "mq_msgsize of a queue created without attributes");
SYSCTL_INT(_kern_mqueue, OID_AUTO, curmq, CTLFLAG_RD, &mq_curmq, 0,
    "queues existing now");
SYSCTL_PROC(_kern_mqueue, OID_AUTO, queues, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, mq_sysctl_queues, "S,xmqueue", "the queues (struct xmqueue)");
