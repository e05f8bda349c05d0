/*
 * t_mqueue.c: POSIX message queues on the host (sys/kern/sys_mqueue.c):
 * the system call handlers called directly, as the syscall layer calls
 * them, with the real descriptor table (kern_descrip.c: mq_open's
 * descriptor, close, fstat) and user buffers in this process (copyin
 * faults on the first 64 KiB).  Checks the name and attribute rules,
 * the per-priority FIFO order, the limits (mq_maxmsg, mq_msgsize,
 * MQ_PRIO_MAX, kern.mqueue.maxmq) and their exact errnos, access by
 * descriptor mode and by owner/group/other, unlink while open, blocking
 * senders and receivers woken by the other side (a second kernel
 * thread), deadlines, mq_notify's one-shot signal, the queue list
 * kern.mqueue.queues, and that nothing is left allocated at the end.
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/stat.h>
#include <sys/signal.h>
#include <sys/time.h>
#include <sys/mqueue.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

#include "tap.h"
#include "ipc_shim.h"
#include "sock_shim.h"
#include "fd_shim.h"

#define BAD	((void *)(uintptr_t)0x1000)	/* faults: EFAULT */

static struct sysmsg sm;

/* A user of another uid and group than the creator's (uid 1000). */
static struct ucred other = { .cr_ref = 1, .cr_uid = 2000, .cr_ruid = 2000,
    .cr_svuid = 2000, .cr_ngroups = 1, .cr_groups = { 2000 },
    .cr_rgid = 2000, .cr_svgid = 2000 };
static struct ucred *self;

static int
mqopen(const char *name, int flags, int mode, const struct mq_attr *attr)
{
	struct mq_open_args a = { .path = name, .flags = flags,
	    .mode = (mode_t)mode, .attr = attr };
	int error;

	sm.sysmsg_result = -1;
	error = sys_mq_open(&sm, &a);
	return (error != 0 ? -error : (int)sm.sysmsg_result);
}

static int
mqsend(int fd, const void *p, size_t len, u_int prio,
    const struct timespec *abs)
{
	return (sys_mq_timedsend(&sm, &(struct mq_timedsend_args){
	    .mqd = fd, .msg_ptr = p, .msg_len = len, .msg_prio = prio,
	    .abs_timeout = abs }));
}

/* 0 or an errno; *lenp the length received. */
static int
mqrecv(int fd, void *p, size_t len, u_int *prio, const struct timespec *abs,
    long *lenp)
{
	int error;

	sm.sysmsg_result = -1;
	error = sys_mq_timedreceive(&sm, &(struct mq_timedreceive_args){
	    .mqd = fd, .msg_ptr = p, .msg_len = len, .msg_prio = prio,
	    .abs_timeout = abs });
	if (lenp != NULL)
		*lenp = (long)sm.sysmsg_result;
	return (error);
}

static int
mqunlink(const char *name)
{
	return (sys_mq_unlink(&sm, &(struct mq_unlink_args){ .path = name }));
}

static int
mqsetattr(int fd, const struct mq_attr *attr, struct mq_attr *oattr)
{
	return (sys_mq_setattr(&sm, &(struct mq_setattr_args){ .mqd = fd,
	    .attr = attr, .oattr = oattr }));
}

static long
curmsgs(int fd)
{
	struct mq_attr a;

	if (mqsetattr(fd, NULL, &a) != 0)
		return (-1);
	return (a.mq_curmsgs);
}

static int
mqnotify(int fd, const struct sigevent *ev)
{
	return (sys_mq_notify(&sm, &(struct mq_notify_args){ .mqd = fd,
	    .sigev = ev }));
}

static int
xclose(int fd)
{
	return (sys_close(&sm, &(struct close_args){ .fd = fd }));
}

static int
xfstat(int fd, struct stat *st)
{
	return (sys_fstat(&sm, &(struct fstat_args){ .fd = fd, .sb = st }));
}

/* ---- kern.mqueue.queues, read through its handler ------------------------- */

extern struct sysctl_oid_list sysctl__kern_mqueue_children;
extern struct sysctl_oid *const __start_set_sysctl[]
    __attribute__((__weak__));
extern struct sysctl_oid *const __stop_set_sysctl[]
    __attribute__((__weak__));

static int
out_kernel(struct sysctl_req *req, const void *p, size_t len)
{
	if (req->oldptr != NULL) {
		if (req->oldidx + len > req->oldlen)
			return (ENOMEM);
		memcpy((char *)req->oldptr + req->oldidx, p, len);
	}
	req->oldidx += len;
	return (0);
}

/* The records of kern.mqueue.queues into buf; bytes, or -errno. */
static long
read_queues(void *buf, size_t room)
{
	struct sysctl_oid *const *p;
	struct sysctl_req req;
	int error;

	for (p = __start_set_sysctl; p < __stop_set_sysctl; p++) {
		if ((*p)->oid_parent != &sysctl__kern_mqueue_children ||
		    strcmp((*p)->oid_name, "queues") != 0)
			continue;
		memset(&req, 0, sizeof(req));
		req.td = curthread;
		req.oldptr = buf;
		req.oldlen = room;
		req.oldfunc = out_kernel;
		error = (*p)->oid_handler(*p, (*p)->oid_arg1, (*p)->oid_arg2,
		    &req);
		return (error != 0 ? -error : (long)req.oldidx);
	}
	return (-ENOENT);
}

/* ---- a second thread that blocks ------------------------------------- */

struct blocked {
	int	fd;
	int	error;
	long	len;
	u_int	prio;
	char	buf[64];
};

static void
recv_thread(void *arg)
{
	struct blocked *b = arg;

	b->error = mqrecv(b->fd, b->buf, sizeof(b->buf), &b->prio, NULL,
	    &b->len);
}

static void
send_thread(void *arg)
{
	struct blocked *b = arg;

	b->error = mqsend(b->fd, "late", 4, 9, NULL);
}

int
main(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 }, oa, na;
	struct timespec past = { .tv_sec = 1, .tv_nsec = 0 };
	struct timespec badns = { .tv_sec = 1, .tv_nsec = 1000000000 };
	struct sigevent ev;
	struct blocked b;
	struct stat st;
	char buf[64], name[300];
	long live0, len, n;
	u_int prio;
	void *h;
	int fd, fd2, rfd, wfd, i, error;

	shim_sock_init();
	shim_fd_init();
	self = shim_proc.p_ucred;
	live0 = shim_allocs_live;

	/* ---- open, attributes, names ---- */
	fd = mqopen("/q", O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	tap_is_int(fd, 0, "mq_open creates /q at the lowest descriptor");
	tap_is_int(mqsetattr(fd, NULL, &oa), 0, "mq_getattr");
	tap_ok(oa.mq_maxmsg == 4 && oa.mq_msgsize == 64 &&
	    oa.mq_curmsgs == 0 && oa.mq_flags == 0,
	    "attributes as created (%ld %ld %ld %ld)", oa.mq_maxmsg,
	    oa.mq_msgsize, oa.mq_curmsgs, oa.mq_flags);
	tap_is_int(mqopen("/q", O_RDWR | O_CREAT | O_EXCL, 0600, &attr),
	    -EEXIST, "O_CREAT|O_EXCL of an existing name: EEXIST");
	tap_is_int(mqopen("/none", O_RDWR, 0, NULL), -ENOENT,
	    "no O_CREAT, no queue: ENOENT");
	tap_is_int(mqopen("q", O_RDWR | O_CREAT, 0600, NULL), -EINVAL,
	    "a name without '/': EINVAL");
	tap_is_int(mqopen("/", O_RDWR | O_CREAT, 0600, NULL), -EINVAL,
	    "the name \"/\": EINVAL");
	tap_is_int(mqopen("/a/b", O_RDWR | O_CREAT, 0600, NULL), -EINVAL,
	    "a second '/': EINVAL");
	name[0] = '/';
	memset(name + 1, 'n', MQ_NAME_MAX);
	name[MQ_NAME_MAX + 1] = '\0';
	tap_is_int(mqopen(name, O_RDWR | O_CREAT, 0600, NULL), -ENAMETOOLONG,
	    "a name of MQ_NAME_MAX + 1 bytes: ENAMETOOLONG");
	name[MQ_NAME_MAX] = '\0';
	fd2 = mqopen(name, O_RDWR | O_CREAT, 0600, NULL);
	tap_ok(fd2 >= 0, "a name of MQ_NAME_MAX bytes is taken (%d)", fd2);
	tap_is_int(mqsetattr(fd2, NULL, &oa), 0, "mq_getattr");
	tap_ok(oa.mq_maxmsg == 40 && oa.mq_msgsize == 16384,
	    "no attributes: the defaults 40 x 16384 (%ld x %ld)",
	    oa.mq_maxmsg, oa.mq_msgsize);
	tap_is_int(mqunlink(name), 0, "unlink it");
	tap_is_int(xclose(fd2), 0, "close it");
	tap_is_int(mqopen(BAD, O_RDWR | O_CREAT, 0600, NULL), -EFAULT,
	    "a bad name pointer: EFAULT");
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT, 0600, BAD), -EFAULT,
	    "a bad attribute pointer: EFAULT");
	tap_is_int(mqopen("/x", O_ACCMODE | O_CREAT, 0600, NULL), -EINVAL,
	    "O_ACCMODE: EINVAL");
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT | O_TRUNC, 0600, NULL),
	    -EINVAL, "O_TRUNC: EINVAL");
	na = (struct mq_attr){ .mq_maxmsg = 0, .mq_msgsize = 8 };
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT, 0600, &na), -EINVAL,
	    "mq_maxmsg 0: EINVAL");
	na = (struct mq_attr){ .mq_maxmsg = 101, .mq_msgsize = 8 };
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT, 0600, &na), -EINVAL,
	    "mq_maxmsg over kern.mqueue.maxmsg (100): EINVAL");
	na = (struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = 16385 };
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT, 0600, &na), -EINVAL,
	    "mq_msgsize over kern.mqueue.maxmsgsize (16384): EINVAL");
	na = (struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = 0 };
	tap_is_int(mqopen("/x", O_RDWR | O_CREAT, 0600, &na), -EINVAL,
	    "mq_msgsize 0: EINVAL");
	tap_is_int(mqopen("/x", O_RDWR, 0, NULL), -ENOENT,
	    "no failed open left a queue behind");

	/* ---- priorities: highest first, FIFO within one ---- */
	tap_is_int(mqsend(fd, "p1", 2, 1, NULL), 0, "send prio 1");
	tap_is_int(mqsend(fd, "p5a", 3, 5, NULL), 0, "send prio 5");
	tap_is_int(mqsend(fd, "p3", 2, 3, NULL), 0, "send prio 3");
	tap_is_int(mqsend(fd, "p5b", 3, 5, NULL), 0, "send prio 5 again");
	tap_is_int(curmsgs(fd), 4, "4 messages queued");
	tap_is_int(xfstat(fd, &st), 0, "fstat");
	tap_ok(st.st_size == 10 && st.st_mode == (S_IFREG | 0600) &&
	    st.st_uid == 1000 && st.st_blksize == 64,
	    "fstat: 10 bytes queued, mode %#o, uid %u, blksize %d",
	    st.st_mode, st.st_uid, (int)st.st_blksize);
	na = (struct mq_attr){ .mq_flags = O_NONBLOCK };
	tap_is_int(mqsetattr(fd, &na, &oa), 0, "mq_setattr O_NONBLOCK");
	tap_is_int(oa.mq_flags, 0, "the old flags: blocking");
	tap_is_int(mqsend(fd, "full", 4, 0, NULL), EAGAIN,
	    "a full queue, non-blocking: EAGAIN");
	na = (struct mq_attr){ .mq_flags = 0, .mq_maxmsg = 99 };
	tap_is_int(mqsetattr(fd, &na, &oa), 0, "mq_setattr blocking");
	tap_ok(oa.mq_flags == O_NONBLOCK && oa.mq_maxmsg == 4,
	    "the old flags O_NONBLOCK; mq_maxmsg cannot change");
	tap_is_int(mqsend(fd, "full", 4, 0, &past), ETIMEDOUT,
	    "a full queue, a deadline passed: ETIMEDOUT");
	tap_is_int(mqsend(fd, "full", 4, 0, &badns), EINVAL,
	    "a full queue, tv_nsec 10^9: EINVAL");
	tap_is_int(mqrecv(fd, buf, 63, &prio, NULL, &len), EMSGSIZE,
	    "a buffer under mq_msgsize: EMSGSIZE");
	{
		static const struct { const char *s; u_int p; } want[] = {
			{ "p5a", 5 }, { "p5b", 5 }, { "p3", 3 }, { "p1", 1 } };

		for (i = 0; i < 4; i++) {
			memset(buf, 0, sizeof(buf));
			prio = 99;
			error = mqrecv(fd, buf, sizeof(buf), &prio, NULL, &len);
			tap_ok(error == 0 && len == (long)strlen(want[i].s) &&
			    strcmp(buf, want[i].s) == 0 && prio == want[i].p,
			    "receive %d: \"%s\" prio %u (got %d \"%s\" %u)",
			    i + 1, want[i].s, want[i].p, error, buf, prio);
		}
	}
	tap_is_int(curmsgs(fd), 0, "empty again");
	tap_is_int(mqrecv(fd, buf, sizeof(buf), &prio, &past, &len),
	    ETIMEDOUT, "empty, a deadline passed: ETIMEDOUT");
	tap_is_int(mqrecv(fd, buf, sizeof(buf), &prio, &badns, &len),
	    EINVAL, "empty, tv_nsec 10^9: EINVAL");

	/* ---- limits ---- */
	memset(buf, 'm', sizeof(buf));
	tap_is_int(mqsend(fd, buf, 65, 0, NULL), EMSGSIZE,
	    "65 bytes into a 64-byte queue: EMSGSIZE");
	tap_is_int(mqsend(fd, buf, 64, MQ_PRIO_MAX, NULL), EINVAL,
	    "priority MQ_PRIO_MAX: EINVAL");
	tap_is_int(mqsend(fd, buf, 64, MQ_PRIO_MAX - 1, NULL), 0,
	    "64 bytes at priority MQ_PRIO_MAX - 1");
	tap_is_int(mqsend(fd, BAD, 8, 0, NULL), EFAULT,
	    "a bad send buffer: EFAULT");
	tap_is_int(curmsgs(fd), 1, "it queued nothing");
	tap_is_int(mqrecv(fd, BAD, 64, &prio, NULL, &len), EFAULT,
	    "a bad receive buffer: EFAULT");
	tap_is_int(curmsgs(fd), 1, "the message went back");
	prio = 0;
	tap_ok(mqrecv(fd, buf, 64, &prio, NULL, &len) == 0 && len == 64 &&
	    prio == MQ_PRIO_MAX - 1, "then it is received (%ld, prio %u)",
	    len, prio);
	(void)mqsetattr(fd, &(struct mq_attr){ .mq_flags = O_NONBLOCK }, NULL);
	tap_is_int(mqrecv(fd, buf, sizeof(buf), &prio, NULL, &len), EAGAIN,
	    "empty, non-blocking: EAGAIN");
	(void)mqsetattr(fd, &(struct mq_attr){ .mq_flags = 0 }, NULL);

	/* ---- descriptors: mode, wrong descriptors ---- */
	rfd = mqopen("/q", O_RDONLY, 0, NULL);
	wfd = mqopen("/q", O_WRONLY, 0, NULL);
	tap_ok(rfd > 0 && wfd > rfd, "/q opened read-only (%d) and write-only "
	    "(%d)", rfd, wfd);
	tap_is_int(mqsend(rfd, "x", 1, 0, NULL), EBADF,
	    "send on a read-only descriptor: EBADF");
	tap_is_int(mqrecv(wfd, buf, sizeof(buf), &prio, &past, &len), EBADF,
	    "receive on a write-only descriptor: EBADF");
	tap_is_int(mqsend(wfd, "via-w", 5, 2, NULL), 0,
	    "send on the write-only one");
	tap_ok(mqrecv(rfd, buf, sizeof(buf), &prio, NULL, &len) == 0 &&
	    len == 5 && memcmp(buf, "via-w", 5) == 0,
	    "receive it on the read-only one");
	tap_is_int(mqsend(99, "x", 1, 0, NULL), EBADF,
	    "descriptor 99: EBADF");
	tap_is_int(xclose(rfd), 0, "close the read-only one");
	tap_is_int(mqsend(rfd, "x", 1, 0, NULL), EBADF,
	    "its number afterwards: EBADF");
	tap_is_int(xclose(wfd), 0, "close the write-only one");

	/* ---- permissions: owner, group, other; root; umask ---- */
	shim_proc.p_ucred = &other;
	tap_is_int(mqopen("/q", O_RDONLY, 0, NULL), -EACCES,
	    "mode 0600, another user: EACCES");
	tap_is_int(mqunlink("/q"), EACCES,
	    "another user may not unlink it: EACCES");
	shim_proc.p_ucred = self;
	fd2 = mqopen("/pub", O_RDWR | O_CREAT, 0644, &attr);
	tap_ok(fd2 >= 0, "/pub created with mode 0644");
	shim_proc.p_ucred = &other;
	i = mqopen("/pub", O_RDONLY, 0, NULL);
	tap_ok(i >= 0, "another user opens it read-only (%d)", i);
	(void)xclose(i);
	tap_is_int(mqopen("/pub", O_WRONLY, 0, NULL), -EACCES,
	    "but not for writing: EACCES");
	shim_set_root(1);
	i = mqopen("/q", O_RDWR, 0, NULL);
	tap_ok(i >= 0, "root opens the 0600 queue (%d)", i);
	(void)xclose(i);
	shim_proc.p_ucred = self;
	tap_is_int(mqunlink("/pub"), 0, "the creator unlinks /pub");
	tap_is_int(xclose(fd2), 0, "close /pub");
	shim_proc.p_fd->fd_cmask = 027;
	fd2 = mqopen("/um", O_RDWR | O_CREAT, 0777, &attr);
	tap_ok(xfstat(fd2, &st) == 0 && st.st_mode == (S_IFREG | 0750),
	    "the umask applies: 0777 & ~027 is %#o", st.st_mode & 0777);
	shim_proc.p_fd->fd_cmask = 022;
	(void)mqunlink("/um");
	(void)xclose(fd2);

	/* ---- unlink while open ---- */
	tap_is_int(mqsend(fd, "kept", 4, 0, NULL), 0, "a message in /q");
	tap_is_int(mqunlink("/q"), 0, "unlink /q while it is open");
	tap_is_int(mqunlink("/q"), ENOENT, "unlink it again: ENOENT");
	tap_is_int(mqopen("/q", O_RDWR, 0, NULL), -ENOENT,
	    "the name is gone: ENOENT");
	fd2 = mqopen("/q", O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	tap_ok(fd2 >= 0 && curmsgs(fd2) == 0,
	    "a new /q is another, empty queue");
	tap_ok(mqrecv(fd, buf, sizeof(buf), &prio, NULL, &len) == 0 &&
	    len == 4 && memcmp(buf, "kept", 4) == 0,
	    "the unlinked queue still works through its descriptor");
	tap_is_int(xclose(fd), 0, "close the unlinked queue: it goes");

	/* ---- blocking: a receiver and a sender woken by the other side ---- */
	memset(&b, 0, sizeof(b));
	b.fd = fd2;
	h = shim_thread_start(recv_thread, &b, "mqrecv");
	tap_is_int(shim_wait_sleeper("mqrecv"), 0,
	    "a receiver blocks on the empty queue");
	tap_is_int(mqsend(fd2, "wake", 4, 7, NULL), 0, "send to it");
	shim_thread_join(h);
	tap_ok(b.error == 0 && b.len == 4 && memcmp(b.buf, "wake", 4) == 0 &&
	    b.prio == 7, "the receiver got \"wake\" prio 7 (%d)", b.error);
	for (i = 0; i < 4; i++)
		(void)mqsend(fd2, "fill", 4, 1, NULL);
	memset(&b, 0, sizeof(b));
	b.fd = fd2;
	h = shim_thread_start(send_thread, &b, "mqsend");
	tap_is_int(shim_wait_sleeper("mqsend"), 0,
	    "a sender blocks on the full queue");
	tap_is_int(mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len), 0,
	    "receive one");
	shim_thread_join(h);
	tap_is_int(b.error, 0, "the sender went on");
	tap_ok(mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len) == 0 &&
	    prio == 9 && memcmp(buf, "late", 4) == 0,
	    "its message (prio 9) is first in line");
	for (i = 0; i < 3; i++)
		(void)mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len);
	tap_is_int(curmsgs(fd2), 0, "empty");

	/* ---- mq_notify ---- */
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 42;
	(void)shim_sigcount(SIGUSR1);
	tap_is_int(mqnotify(fd2, &ev), 0, "mq_notify SIGUSR1");
	tap_is_int(mqnotify(fd2, &ev), EBUSY, "a second registration: EBUSY");
	tap_is_int(mqsend(fd2, "n1", 2, 0, NULL), 0, "send to the empty queue");
	tap_is_int(shim_sigcount(SIGUSR1), 1, "SIGUSR1 posted once");
	tap_ok(shim_last_siginfo.si_code == SI_MESGQ &&
	    shim_last_siginfo.si_value.sival_int == 42 &&
	    shim_last_siginfo.si_pid == 100,
	    "with SI_MESGQ, the value 42 and the sender's pid");
	tap_is_int(mqnotify(fd2, &ev), 0, "it was used up: register again");
	tap_is_int(mqsend(fd2, "n2", 2, 0, NULL), 0,
	    "send to the non-empty queue");
	tap_is_int(shim_sigcount(SIGUSR1), 0, "no signal");
	tap_is_int(mqnotify(fd2, NULL), 0, "withdraw the registration");
	(void)mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len);
	(void)mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len);
	tap_is_int(mqsend(fd2, "n3", 2, 0, NULL), 0, "send to the empty queue");
	tap_is_int(shim_sigcount(SIGUSR1), 0, "withdrawn: no signal");
	ev.sigev_notify = SIGEV_THREAD;
	tap_is_int(mqnotify(fd2, &ev), EINVAL, "SIGEV_THREAD: EINVAL");
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	tap_is_int(mqnotify(fd2, &ev), EINVAL, "signal 0: EINVAL");

	/* ---- kern.mqueue.queues ---- */
	{
		static char qbuf[2 * sizeof(struct xmqgen) +
		    4 * sizeof(struct xmqueue)];
		struct xmqgen *hd = (struct xmqgen *)qbuf, *tr;
		struct xmqueue *xm = (struct xmqueue *)(hd + 1);

		fd = mqopen("/gone", O_RDWR | O_CREAT, 0640, &attr);
		(void)mqunlink("/gone");
		n = read_queues(qbuf, sizeof(qbuf));
		tap_is_int(n, 2 * (long)sizeof(*hd) + 2 * (long)sizeof(*xm),
		    "kern.mqueue.queues: two records");
		tr = (struct xmqgen *)(xm + 2);
		tap_ok(n > 0 && hd->xmg_count == 2 && hd->xmg_version ==
		    XMQUEUE_VERSION && tr->xmg_count == hd->xmg_count &&
		    tr->xmg_gen == hd->xmg_gen,
		    "header and trailer agree (count 2)");
		tap_ok(n > 0 && ((strcmp(xm[0].xmq_name, "") == 0 &&
		    (xm[0].xmq_flags & XMQ_UNLINKED) && strcmp(xm[1].xmq_name,
		    "/q") == 0 && xm[1].xmq_curmsgs == 1 && xm[1].xmq_qbytes ==
		    2 && xm[1].xmq_mode == 0600 && xm[1].xmq_uid == 1000)),
		    "the unlinked queue (no name) and /q (1 message, 2 bytes, "
		    "0600, uid 1000)");
		tap_is_int(read_queues(qbuf, sizeof(*hd)), -ENOMEM,
		    "a short buffer: ENOMEM");
		(void)xclose(fd);
	}

	/* ---- kern.mqueue.maxmq: 100 queues at once ---- */
	(void)mqrecv(fd2, buf, sizeof(buf), &prio, NULL, &len);
	error = 0;
	for (i = 1; i < 100 && error == 0; i++) {
		ksnprintf(name, sizeof(name), "/m%d", i);
		fd = mqopen(name, O_RDWR | O_CREAT, 0600, &attr);
		error = fd < 0 ? -fd : xclose(fd);
	}
	tap_is_int(error, 0, "99 more queues: 100 in all");
	tap_is_int(mqopen("/m100", O_RDWR | O_CREAT, 0600, &attr), -ENFILE,
	    "the 101st: ENFILE");
	fd = mqopen("/m1", O_RDWR | O_CREAT, 0600, &attr);
	tap_ok(fd >= 0, "an existing one still opens with O_CREAT");
	(void)xclose(fd);
	for (i = 1; i < 100; i++) {
		ksnprintf(name, sizeof(name), "/m%d", i);
		(void)mqunlink(name);
	}

	/* ---- the end: nothing left ---- */
	tap_is_int(mqunlink("/q"), 0, "unlink the last queue");
	tap_is_int(xclose(fd2), 0, "close it");
	tap_is_int(shim_fd_count(), 0, "no descriptor open");
	tap_is_int(nfiles, 0, "no file open");
	tap_is_int(shim_allocs_live - live0, 0,
	    "every queue, message and name freed");
	return (tap_done());
}
