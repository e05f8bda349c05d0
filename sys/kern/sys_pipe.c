/*
 * Pipes: pipe2(2) and the fileops of DTYPE_PIPE files (pipe_read,
 * pipe_write, pipe_ioctl, pipe_poll, pipe_kqfilter, pipe_stat,
 * pipe_close), built on one-way ring buffers (struct pipebuf,
 * <sys/pipe.h>) that fifofs shares.  A pipe is full duplex: the file's
 * f_data is the struct pipe with the end number (0 or 1) in the low bit.
 *
 * Buffers are VM-backed (pipespace): an anonymous VM object's pages
 * entered into a range of kernel virtual addresses, PIPE_SIZE by default,
 * PIPE_MINSIZE when kern.ipc.pipekva nears kern.ipc.maxpipekva, and grown
 * up to PIPE_MAXSIZE for a writer of more than the buffer holds when it
 * finds the ring empty (kern.ipc.piperesizeallowed).
 *
 * Reading and writing run without a lock shared by the two sides: the
 * reader moves only rindex, the writer only windex, each copies with
 * uiomove (which may fault and sleep) and then publishes its index
 * behind a fence.  A side that finds nothing to do first spins for
 * kern.ipc.pipe_delay nanoseconds on the cycle counter (a producer on
 * the other CPU usually answers well within that, and a sleep and
 * wakeup cost far more), then sets PIPE_WANTR/PIPE_WANTW under pb_spin,
 * looks once more and sleeps; the other side, after publishing its
 * index, issues a full fence and wakes it if the flag is set.  One of
 * the two always sees the other's store, so no wakeup is lost.
 *
 * A write of PIPE_BUF bytes or fewer waits until it fits whole and is
 * copied in one piece; writers are serialised (pb_wip), so it is never
 * interleaved with another.  Writing with no reader left is EPIPE (the
 * write path posts SIGPIPE); reading with no writer left and nothing
 * buffered is end of file.
 *
 * Freed pipes whose buffers still have the default size go to a small
 * per-CPU cache (pipe_pcpu), so a shell pipeline's pipe(2) usually maps
 * nothing.  kern.ipc.pipes counts pipes in use (the regress runner's
 * leak check); kern.ipc.pipekva counts the buffer bytes mapped,
 * including the cached pipes'.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/thread2.h>
#include <sys/globaldata.h>
#include <sys/ucred.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/event.h>
#include <sys/uio.h>
#include <sys/pipe.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <vm/vm_kern.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/pmap.h>
#include <machine/cpufunc.h>

MALLOC_DEFINE(M_PIPE, "pipe", "pipe structures");

static int pipe_count;			/* pipes in use (atomic) */
SYSCTL_INT(_kern_ipc, OID_AUTO, pipes, CTLFLAG_RD, &pipe_count, 0,
    "Pipes in use");
static long pipe_kva;			/* bytes of buffers mapped (atomic) */
SYSCTL_LONG(_kern_ipc, OID_AUTO, pipekva, CTLFLAG_RD, &pipe_kva, 0,
    "Pipe buffer bytes mapped into kernel memory");
static long pipe_maxkva = 32 * 1024 * 1024;
SYSCTL_LONG(_kern_ipc, OID_AUTO, maxpipekva, CTLFLAG_RW, &pipe_maxkva, 0,
    "Pipe buffer bytes beyond which buffers get no bigger than the minimum");
static int pipe_resize_allowed = 1;
SYSCTL_INT(_kern_ipc, OID_AUTO, piperesizeallowed, CTLFLAG_RW,
    &pipe_resize_allowed, 0, "Grow pipe buffers for large writes");
static int pipe_delay = 4000;		/* ns; see the comment at the top */
SYSCTL_INT(_kern_ipc, OID_AUTO, pipe_delay, CTLFLAG_RW, &pipe_delay, 0,
    "Nanoseconds a pipe reader or writer spins before sleeping");
static int pipe_resizes;		/* buffers grown (atomic) */
SYSCTL_INT(_kern_ipc, OID_AUTO, pipe_resizes, CTLFLAG_RD, &pipe_resizes, 0,
    "Pipe buffers grown for large writers");
static int pipe_cache_max = 16;
SYSCTL_INT(_kern_ipc, OID_AUTO, pipe_cache_max, CTLFLAG_RW, &pipe_cache_max,
    0, "Free pipes kept per CPU");
static int pipe_cache_hits;		/* pipe(2)s served from a cache */
SYSCTL_INT(_kern_ipc, OID_AUTO, pipe_cache_hits, CTLFLAG_RD,
    &pipe_cache_hits, 0, "Pipes reused from the per-CPU caches");

static uint64_t pipe_ino_next = 1;	/* atomic */

/* Per-CPU caches of free pipes, each under its own spinlock (a thread
   may migrate between reading mycpu and taking the lock, which costs
   nothing but locality). */
static struct pipe_pcpu {
	struct spinlock	spin;
	struct pipe	*head;
	int		count;
} __cachealign pipe_pcpu[SMP_MAXCPU];

/* ---- Buffer memory ------------------------------------------------------- */

/*
 * Map size bytes (a power of two, at least a page) of fresh anonymous
 * memory for pb.  On failure nothing is left allocated.
 */
static int
pipespace_alloc(size_t size, char **bufp, struct vm_object **objp)
{
	vm_pindex_t i, npages = size / PAGE_SIZE;
	struct vm_object *obj;
	vm_offset_t va;
	vm_page_t m;

	obj = vm_object_allocate(OBJT_ANON, npages);
	if (obj == NULL)
		return (ENOMEM);
	va = kmem_alloc_kva(size);
	if (va == 0) {
		vm_object_deallocate(obj);
		return (ENOMEM);
	}
	lwkt_gettoken(&obj->obj_token);
	for (i = 0; i < npages; i++) {
		m = vm_page_alloc(VM_ALLOC_NORMAL);
		if (m == NULL)
			break;
		m->ref_count = 1;
		m->object = obj;
		m->pindex = i;
		if (vm_object_page_insert(obj, i, m) != 0) {
			vm_page_free(m);
			break;
		}
		pmap_kenter(va + i * PAGE_SIZE, VM_PAGE_TO_PHYS(m), 0);
	}
	lwkt_reltoken(&obj->obj_token);
	if (i < npages) {
		while (i-- > 0)
			pmap_kremove(va + i * PAGE_SIZE);
		kmem_free_kva(va, size);
		vm_object_deallocate(obj);	/* frees the pages */
		return (ENOMEM);
	}
	__atomic_fetch_add(&pipe_kva, (long)size, __ATOMIC_RELAXED);
	*bufp = (char *)va;
	*objp = obj;
	return (0);
}

static void
pipespace_free(size_t size, char *buf, struct vm_object *obj)
{
	vm_offset_t va = (vm_offset_t)buf;
	size_t off;

	for (off = 0; off < size; off += PAGE_SIZE)
		pmap_kremove(va + off);
	kmem_free_kva(va, size);
	vm_object_deallocate(obj);
	__atomic_fetch_sub(&pipe_kva, (long)size, __ATOMIC_RELAXED);
}

/* The size for a new buffer: the default unless kva is running short. */
static size_t
pipespace_default(void)
{
	if (__atomic_load_n(&pipe_kva, __ATOMIC_RELAXED) + PIPE_SIZE >
	    pipe_maxkva)
		return (PIPE_MINSIZE);
	return (PIPE_SIZE);
}

/*
 * Grow pb's ring for a writer with want bytes to write.  Called by the
 * writer (pb_wlock, pb_wip) with the ring empty: readers touch the
 * buffer only when windex != rindex and load it after windex, and the
 * new buffer is published before the next windex, so swapping it here
 * races with no one.  Failure keeps the old buffer: growing is an
 * optimisation.
 */
static void
pipespace_grow(struct pipebuf *pb, size_t want)
{
	struct vm_object *obj;
	size_t size;
	char *buf;

	size = pb->pb_size;
	while (size < want && size < PIPE_MAXSIZE)
		size <<= 1;
	if (size == pb->pb_size ||
	    __atomic_load_n(&pipe_kva, __ATOMIC_RELAXED) + (long)size >
	    pipe_maxkva)
		return;
	if (pipespace_alloc(size, &buf, &obj) != 0)
		return;
	pipespace_free(pb->pb_size, pb->pb_buffer, pb->pb_object);
	pb->pb_buffer = buf;
	pb->pb_object = obj;
	pb->pb_size = size;
	cpu_sfence();
	__atomic_fetch_add(&pipe_resizes, 1, __ATOMIC_RELAXED);
}

/* ---- pipebuf -------------------------------------------------------------- */

static void
pipebuf_setup(struct pipebuf *pb)
{
	memset(pb, 0, sizeof(*pb));
	lwkt_token_init(&pb->pb_rlock, "piperd");
	lwkt_token_init(&pb->pb_wlock, "pipewr");
	spin_init(&pb->pb_spin, "pipebuf");
	LIST_INIT(&pb->pb_sel.si_note);
}

int
pipebuf_init(struct pipebuf *pb)
{
	size_t size = pipespace_default();
	int error;

	pipebuf_setup(pb);
	error = pipespace_alloc(size, &pb->pb_buffer, &pb->pb_object);
	if (error != 0)
		return (error);
	pb->pb_size = size;
	return (0);
}

void
pipebuf_destroy(struct pipebuf *pb)
{
	if (pb->pb_buffer != NULL)
		pipespace_free(pb->pb_size, pb->pb_buffer, pb->pb_object);
	pb->pb_buffer = NULL;
	pb->pb_object = NULL;
}

/* Empty a buffer for reuse from the cache. */
static void
pipebuf_reset(struct pipebuf *pb)
{
	pb->pb_rindex = 0;
	pb->pb_windex = 0;
	pb->pb_rip = 0;
	pb->pb_wip = 0;
	pb->pb_state = 0;
}

size_t
pipebuf_count(struct pipebuf *pb)
{
	uint64_t r, w;

	/* rindex first: it can only catch up with windex, never pass it. */
	r = __atomic_load_n(&pb->pb_rindex, __ATOMIC_ACQUIRE);
	w = __atomic_load_n(&pb->pb_windex, __ATOMIC_ACQUIRE);
	return ((size_t)(w - r));
}

static void
pipebuf_wakeup(struct pipebuf *pb)
{
	wakeup(pb);
	selwakeup(&pb->pb_sel);
}

void
pipebuf_setstate(struct pipebuf *pb, int set, int clear)
{
	spin_lock(&pb->pb_spin);
	pb->pb_state = (pb->pb_state | set) & ~clear;
	/* Whoever sleeps must look again. */
	pb->pb_state &= ~(PIPE_WANTR | PIPE_WANTW);
	spin_unlock(&pb->pb_spin);
	pipebuf_wakeup(pb);
}

/*
 * After publishing an index: wake the other side if it sleeps (flag is
 * PIPE_WANTR or PIPE_WANTW).  The full fence orders our index store
 * before the flag load; the sleeper orders its flag store before its
 * index load, so one of us sees the other.
 */
static void
pipebuf_kick(struct pipebuf *pb, u_int flag)
{
	cpu_mfence();
	if (pb->pb_state & flag) {
		spin_lock(&pb->pb_spin);
		pb->pb_state &= ~flag;
		spin_unlock(&pb->pb_spin);
		wakeup(pb);
	}
	selwakeup(&pb->pb_sel);
}

/*
 * Serialise one side (pb_rip or pb_wip) across uiomove's page faults,
 * which let go of the side's token.  Called with the token held.  A
 * non-blocking caller does not wait for another's transfer.
 */
static int
pipe_start_uio(int *ipp, bool nonblock, const char *wmesg)
{
	int error;

	while (*ipp != 0) {
		if (nonblock)
			return (EAGAIN);
		*ipp = -1;		/* the holder wakes us */
		error = tsleep(ipp, PCATCH, wmesg, 0);
		if (error != 0)
			return (error);
	}
	*ipp = 1;
	return (0);
}

static void
pipe_end_uio(int *ipp)
{
	if (*ipp < 0)
		wakeup(ipp);
	*ipp = 0;
}

/*
 * Spin up to pipe_delay ns for *idx to move from old or for a state bit
 * in mask; true if it did.
 */
static bool
pipe_spin(struct pipebuf *pb, volatile uint64_t *idx, uint64_t old,
    u_int mask)
{
	uint64_t target;

	if (pipe_delay <= 0 || ncpus < 2)
		return (false);
	target = tsc_get_target((uint64_t)pipe_delay);
	do {
		if (*idx != old || (pb->pb_state & mask) != 0)
			return (true);
		cpu_pause();
	} while (!tsc_test_target(target));
	return (false);
}

int
pipebuf_read(struct pipebuf *pb, struct uio *uio, bool nonblock)
{
	uint64_t rindex, windex;
	size_t size, off, n, nread = 0;
	bool spun = false;
	char *buf;
	int error;

	lwkt_gettoken(&pb->pb_rlock);
	error = pipe_start_uio(&pb->pb_rip, nonblock, "piperi");
	if (error != 0) {
		lwkt_reltoken(&pb->pb_rlock);
		return (error);
	}
	rindex = pb->pb_rindex;
	while (uio->uio_resid > 0) {
		windex = pb->pb_windex;
		cpu_lfence();		/* the bytes and buffer after windex */
		if (windex == rindex) {
			/* Something read already, or end of file: return. */
			if (nread > 0 || (pb->pb_state & PIPE_REOF))
				break;
			if (nonblock) {
				error = EAGAIN;
				break;
			}
			if (!spun) {
				spun = true;
				if (pipe_spin(pb, &pb->pb_windex, windex,
				    PIPE_REOF))
					continue;
			}
			spin_lock(&pb->pb_spin);
			pb->pb_state |= PIPE_WANTR;
			cpu_mfence();
			if (pb->pb_windex != rindex ||
			    (pb->pb_state & PIPE_REOF)) {
				pb->pb_state &= ~PIPE_WANTR;
				spin_unlock(&pb->pb_spin);
				continue;
			}
			error = ssleep(pb, &pb->pb_spin, PCATCH, "piperd", 0);
			spin_unlock(&pb->pb_spin);
			if (error != 0)
				break;
			spun = false;
			continue;
		}
		size = pb->pb_size;
		buf = pb->pb_buffer;
		off = rindex & (size - 1);
		n = MIN(windex - rindex, size - off);
		n = MIN(n, (size_t)uio->uio_resid);
		error = uiomove(buf + off, n, uio);
		if (error != 0)
			break;
		/* Our loads from the ring are done before the writer may
		   reuse the space. */
		cpu_mfence();
		rindex += n;
		pb->pb_rindex = rindex;
		nread += n;
		pipebuf_kick(pb, PIPE_WANTW);
	}
	pipe_end_uio(&pb->pb_rip);
	lwkt_reltoken(&pb->pb_rlock);
	if (nread > 0 && (error == EINTR || error == ERESTART))
		error = 0;
	return (error);
}

int
pipebuf_write(struct pipebuf *pb, struct uio *uio, bool nonblock)
{
	uint64_t rindex, windex;
	size_t size, space, off, n, want;
	ssize_t start = uio->uio_resid;
	bool atomic = start <= PIPE_BUF, spun = false;
	char *buf;
	int error;

	lwkt_gettoken(&pb->pb_wlock);
	error = pipe_start_uio(&pb->pb_wip, nonblock, "pipewi");
	if (error != 0) {
		lwkt_reltoken(&pb->pb_wlock);
		return (error);
	}
	windex = pb->pb_windex;
	/* A big writer on an empty ring: give it a bigger ring. */
	if ((size_t)start > pb->pb_size && pb->pb_size < PIPE_MAXSIZE &&
	    pipe_resize_allowed && pb->pb_rindex == windex &&
	    (pb->pb_state & PIPE_WEOF) == 0)
		pipespace_grow(pb, (size_t)start);
	while (uio->uio_resid > 0) {
		if (pb->pb_state & PIPE_WEOF) {
			error = EPIPE;
			break;
		}
		rindex = pb->pb_rindex;
		cpu_lfence();		/* the reader is done with the space */
		size = pb->pb_size;
		space = size - (size_t)(windex - rindex);
		want = atomic ? (size_t)uio->uio_resid : 1;
		if (space < want) {
			if (nonblock) {
				error = EAGAIN;
				break;
			}
			if (!spun) {
				spun = true;
				if (pipe_spin(pb, &pb->pb_rindex, rindex,
				    PIPE_WEOF))
					continue;
			}
			spin_lock(&pb->pb_spin);
			pb->pb_state |= PIPE_WANTW;
			cpu_mfence();
			if (pb->pb_rindex != rindex ||
			    (pb->pb_state & PIPE_WEOF)) {
				pb->pb_state &= ~PIPE_WANTW;
				spin_unlock(&pb->pb_spin);
				continue;
			}
			error = ssleep(pb, &pb->pb_spin, PCATCH, "pipewr", 0);
			spin_unlock(&pb->pb_spin);
			if (error != 0)
				break;
			spun = false;
			continue;
		}
		buf = pb->pb_buffer;
		off = windex & (size - 1);
		n = MIN(space, size - off);
		n = MIN(n, (size_t)uio->uio_resid);
		error = uiomove(buf + off, n, uio);
		if (error != 0)
			break;
		cpu_sfence();		/* the bytes before the index */
		windex += n;
		pb->pb_windex = windex;
		pipebuf_kick(pb, PIPE_WANTR);
	}
	pipe_end_uio(&pb->pb_wip);
	lwkt_reltoken(&pb->pb_wlock);
	/* A partial non-blocking write reports what it wrote. */
	if (error == EAGAIN && uio->uio_resid != start)
		error = 0;
	return (error);
}

int
pipebuf_poll_read(struct pipebuf *pb, int events)
{
	int revents = 0;

	if (pipebuf_count(pb) > 0)
		revents |= events & (POLLIN | POLLRDNORM);
	if (pb->pb_state & PIPE_REOF)
		revents |= POLLHUP | (events & (POLLIN | POLLRDNORM));
	return (revents);
}

int
pipebuf_poll_write(struct pipebuf *pb, int events)
{
	int revents = 0;

	if (pb->pb_state & PIPE_WEOF)
		revents |= POLLHUP;
	else if (pb->pb_size - pipebuf_count(pb) >= PIPE_BUF)
		revents |= events & (POLLOUT | POLLWRNORM);
	return (revents);
}

static void
filt_pipedetach(struct knote *kn)
{
	struct pipebuf *pb = kn->kn_hook;

	knote_remove(&pb->pb_sel.si_note, kn);
}

/* Called with knote_spin held: the indices are read lock-free. */
static int
filt_piperead(struct knote *kn, long hint)
{
	struct pipebuf *pb = kn->kn_hook;

	kn->kn_data = pipebuf_count(pb);
	if (pb->pb_state & PIPE_REOF) {
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	kn->kn_flags &= ~EV_EOF;
	return (kn->kn_data > 0);
}

static int
filt_pipewrite(struct knote *kn, long hint)
{
	struct pipebuf *pb = kn->kn_hook;

	if (pb->pb_state & PIPE_WEOF) {
		kn->kn_data = 0;
		kn->kn_flags |= EV_EOF;
		return (1);
	}
	kn->kn_flags &= ~EV_EOF;
	kn->kn_data = pb->pb_size - pipebuf_count(pb);
	return (kn->kn_data >= PIPE_BUF);
}

static int
filt_pipeattach(struct knote *kn)
{
	return (0);
}

static const struct filterops pipe_rfiltops = {
	1, filt_pipeattach, filt_pipedetach, filt_piperead
};
static const struct filterops pipe_wfiltops = {
	1, filt_pipeattach, filt_pipedetach, filt_pipewrite
};

int
pipebuf_kqfilter(struct pipebuf *pb, struct knote *kn, bool write)
{
	kn->kn_fop = write ? &pipe_wfiltops : &pipe_rfiltops;
	kn->kn_hook = pb;
	knote_insert(&pb->pb_sel.si_note, kn);
	return (0);
}

/* ---- Pipes and the per-CPU caches -------------------------------------- */

static struct pipe *
pipe_alloc(int *errorp)
{
	struct pipe_pcpu *pc = &pipe_pcpu[mycpu->gd_cpuid];
	struct pipe *pp;
	int error;

	spin_lock(&pc->spin);
	pp = pc->head;
	if (pp != NULL) {
		pc->head = pp->pipe_next;
		pc->count--;
	}
	spin_unlock(&pc->spin);
	if (pp != NULL) {
		__atomic_fetch_add(&pipe_cache_hits, 1, __ATOMIC_RELAXED);
	} else {
		pp = kmalloc(sizeof(*pp), M_PIPE, M_WAITOK | M_ZERO);
		error = pipebuf_init(&pp->bufferA);
		if (error == 0) {
			error = pipebuf_init(&pp->bufferB);
			if (error != 0)
				pipebuf_destroy(&pp->bufferA);
		}
		if (error != 0) {
			kfree(pp, M_PIPE);
			*errorp = error;
			return (NULL);
		}
	}
	pp->pipe_next = NULL;
	pp->pipe_open = 2;
	pp->pipe_ino = __atomic_fetch_add(&pipe_ino_next, 1, __ATOMIC_RELAXED);
	nanotime(&pp->pipe_ctime);
	__atomic_fetch_add(&pipe_count, 1, __ATOMIC_RELAXED);
	return (pp);
}

/* Both ends are closed: cache the pipe or free it. */
static void
pipe_free(struct pipe *pp)
{
	struct pipe_pcpu *pc = &pipe_pcpu[mycpu->gd_cpuid];

	__atomic_fetch_sub(&pipe_count, 1, __ATOMIC_RELAXED);
	/* Reuse only a pipe exactly like a new one. */
	if (LIST_EMPTY(&pp->bufferA.pb_sel.si_note) &&
	    LIST_EMPTY(&pp->bufferB.pb_sel.si_note) &&
	    pp->bufferA.pb_size == PIPE_SIZE &&
	    pp->bufferB.pb_size == PIPE_SIZE) {
		pipebuf_reset(&pp->bufferA);
		pipebuf_reset(&pp->bufferB);
		spin_lock(&pc->spin);
		if (pc->count < pipe_cache_max) {
			pp->pipe_next = pc->head;
			pc->head = pp;
			pc->count++;
			pp = NULL;
		}
		spin_unlock(&pc->spin);
		if (pp == NULL)
			return;
	}
	pipebuf_destroy(&pp->bufferA);
	pipebuf_destroy(&pp->bufferB);
	kfree(pp, M_PIPE);
}

static void
pipe_init(void *arg)
{
	int i;

	for (i = 0; i < SMP_MAXCPU; i++)
		spin_init(&pipe_pcpu[i].spin, "pipecache");
}
SYSINIT(pipe, SI_SUB_DRIVERS, SI_ORDER_FIRST, pipe_init, NULL);

/* ---- Pipe files -------------------------------------------------------------- */

static int	pipe_read(struct file *fp, struct uio *uio, struct ucred *cred,
		    int flags);
static int	pipe_write(struct file *fp, struct uio *uio,
		    struct ucred *cred, int flags);
static int	pipe_ioctl(struct file *fp, u_long cmd, caddr_t data,
		    struct ucred *cred);
static int	pipe_poll(struct file *fp, int events, struct ucred *cred);
static int	pipe_kqfilter(struct file *fp, struct knote *kn);
static int	pipe_stat(struct file *fp, struct stat *sb,
		    struct ucred *cred);
static int	pipe_close(struct file *fp);

static struct fileops pipeops = {
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_ioctl = pipe_ioctl,
	.fo_poll = pipe_poll,
	.fo_kqfilter = pipe_kqfilter,
	.fo_stat = pipe_stat,
	.fo_close = pipe_close,
};

#define PIPE_OF(fp)	((struct pipe *)((uintptr_t)(fp)->f_data & ~(uintptr_t)1))
#define PIPE_END(fp)	((int)((uintptr_t)(fp)->f_data & 1))

/* End 0 reads A and writes B; end 1 reads B and writes A. */
static struct pipebuf *
pipe_rbuf(struct file *fp)
{
	struct pipe *pp = PIPE_OF(fp);

	return (PIPE_END(fp) == 0 ? &pp->bufferA : &pp->bufferB);
}

static struct pipebuf *
pipe_wbuf(struct file *fp)
{
	struct pipe *pp = PIPE_OF(fp);

	return (PIPE_END(fp) == 0 ? &pp->bufferB : &pp->bufferA);
}

static int
pipe_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (pipebuf_read(pipe_rbuf(fp), uio,
	    (fp->f_flag & FNONBLOCK) != 0));
}

static int
pipe_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (pipebuf_write(pipe_wbuf(fp), uio,
	    (fp->f_flag & FNONBLOCK) != 0));
}

static int
pipe_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	struct pipebuf *wpb;

	switch (cmd) {
	case FIONREAD:
		*(int *)data = (int)pipebuf_count(pipe_rbuf(fp));
		return (0);
	case FIONWRITE:
		*(int *)data = (int)pipebuf_count(pipe_wbuf(fp));
		return (0);
	case FIONSPACE:
		wpb = pipe_wbuf(fp);
		*(int *)data = (int)(wpb->pb_size - pipebuf_count(wpb));
		return (0);
	case FIONBIO:
	case FIOASYNC:
		return (0);		/* f_flag already says it */
	default:
		return (ENOTTY);
	}
}

static int
pipe_poll(struct file *fp, int events, struct ucred *cred)
{
	int revents = 0;

	if (events & (POLLIN | POLLRDNORM | POLLHUP))
		revents |= pipebuf_poll_read(pipe_rbuf(fp), events);
	if (events & (POLLOUT | POLLWRNORM))
		revents |= pipebuf_poll_write(pipe_wbuf(fp), events);
	return (revents);
}

static int
pipe_kqfilter(struct file *fp, struct knote *kn)
{
	switch (kn->kn_filter) {
	case EVFILT_READ:
		return (pipebuf_kqfilter(pipe_rbuf(fp), kn, false));
	case EVFILT_WRITE:
		return (pipebuf_kqfilter(pipe_wbuf(fp), kn, true));
	default:
		return (EOPNOTSUPP);
	}
}

static int
pipe_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	struct pipe *pp = PIPE_OF(fp);
	struct pipebuf *rpb = pipe_rbuf(fp);

	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFIFO | S_IRUSR | S_IWUSR;
	sb->st_blksize = rpb->pb_size;
	sb->st_size = pipebuf_count(rpb);
	sb->st_blocks = howmany(sb->st_size, 512);
	sb->st_ino = pp->pipe_ino;
	sb->st_nlink = 1;
	sb->st_atim = sb->st_mtim = sb->st_ctim = pp->pipe_ctime;
	if (cred != NULL) {
		sb->st_uid = cred->cr_uid;
		sb->st_gid = cred->cr_groups[0];
	}
	return (0);
}

/* Close one end (0 or 1) of pp; the last close frees the pipe. */
static void
pipe_close_end(struct pipe *pp, int end)
{
	/* Our readers' peer sees EPIPE, our writers' peer sees EOF. */
	pipebuf_setstate(end == 0 ? &pp->bufferA : &pp->bufferB,
	    PIPE_WEOF, 0);
	pipebuf_setstate(end == 0 ? &pp->bufferB : &pp->bufferA,
	    PIPE_REOF, 0);
	if (__atomic_fetch_sub(&pp->pipe_open, 1, __ATOMIC_ACQ_REL) == 1)
		pipe_free(pp);
}

static int
pipe_close(struct file *fp)
{
	pipe_close_end(PIPE_OF(fp), PIPE_END(fp));
	return (0);
}

/* Make a pipe with two installed descriptors. */
int
kern_pipe(int *fds, int flags)
{
	struct thread *td = curthread;
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *rf, *wf;
	struct pipe *pp;
	int fd0, fd1, error;
	u_int fflags;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return (EINVAL);
	pp = pipe_alloc(&error);
	if (pp == NULL)
		return (error);
	fflags = FREAD | FWRITE | ((flags & O_NONBLOCK) ? FNONBLOCK : 0);

	error = falloc(td, &rf, &fd0);
	if (error != 0) {
		pipe_close_end(pp, 0);
		pipe_close_end(pp, 1);
		return (error);
	}
	finit(rf, fflags, DTYPE_PIPE, (void *)pp, &pipeops);
	error = falloc(td, &wf, &fd1);
	if (error != 0) {
		kern_close(td->td_proc, fd0);
		fdrop(rf);		/* closes end 0 */
		pipe_close_end(pp, 1);	/* never opened */
		return (error);
	}
	finit(wf, fflags, DTYPE_PIPE, (void *)((uintptr_t)pp | 1), &pipeops);
	if (flags & O_CLOEXEC) {
		spin_lock(&fdp->fd_spin);
		fdp->fd_files[fd0].fileflags |= UF_EXCLOSE;
		fdp->fd_files[fd1].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
	}
	fdrop(rf);
	fdrop(wf);
	fds[0] = fd0;
	fds[1] = fd1;
	return (0);
}

int
sys_pipe2(struct sysmsg *sysmsg, const struct pipe2_args *uap)
{
	int fds[2], error;

	error = kern_pipe(fds, uap->flags);
	if (error != 0)
		return (error);
	error = copyout(fds, uap->fildes, sizeof(fds));
	if (error != 0) {
		kern_close(curproc, fds[0]);
		kern_close(curproc, fds[1]);
	}
	return (error);
}
