/*
 * Pipes (sys_pipe.c).  A pipe is full duplex, DragonFly style: two
 * one-way buffers, bufferA and bufferB, in one struct pipe.  Descriptor
 * end 0 reads bufferA and writes bufferB; end 1 reads bufferB and writes
 * bufferA, so with pipe(2)'s fds[0] for reading and fds[1] for writing
 * the data flows through bufferA.  FIFOs (fifofs) use one pipebuf.
 *
 * A buffer is a ring of pb_size bytes (a power of two, PIPE_MINSIZE to
 * PIPE_MAXSIZE) held in an anonymous VM object whose pages are mapped
 * into kernel virtual memory, with free-running byte indices: windex -
 * rindex bytes are buffered.  Ownership:
 *   - the reader side (pb_rlock token, and pb_rip, which keeps a second
 *     reader out while the first sleeps in a page fault) alone moves
 *     pb_rindex;
 *   - the writer side (pb_wlock, pb_wip) alone moves pb_windex, and alone
 *     replaces pb_buffer/pb_size/pb_object (only while the ring is empty);
 *   - the two sides meet without a common lock: each publishes its index
 *     with a store fence after its copy and reads the other's with a load
 *     fence before its copy;
 *   - pb_state (PIPE_*) changes under pb_spin, which is also the
 *     interlock of a side going to sleep against the other side's wakeup.
 * The reader and writer fields sit on their own cache lines so the two
 * CPUs of a producer/consumer pair do not bounce one line between them.
 */
#ifndef _SYS_PIPE_H_
#define _SYS_PIPE_H_

#ifdef _KERNEL
#include <sys/types.h>
#include <sys/spinlock.h>
#include <sys/select.h>
#include <sys/thread2.h>
#include <sys/time.h>

#define PIPE_MINSIZE	(16 * 1024)	/* smallest buffer (kva is short) */
#define PIPE_SIZE	(32 * 1024)	/* default buffer, one direction */
#define PIPE_MAXSIZE	(1024 * 1024)	/* largest a writer grows it to */

struct vm_object;

struct pipebuf {
	struct {
		struct lwkt_token rlock;	/* the reader side */
		volatile uint64_t rindex;	/* bytes read, ever */
		int		rip;		/* a reader is in (rlock) */
	} __cachealign pb_r;
	struct {
		struct lwkt_token wlock;	/* the writer side */
		volatile uint64_t windex;	/* bytes written, ever */
		int		wip;		/* a writer is in (wlock) */
	} __cachealign pb_w;
	struct spinlock	pb_spin;	/* pb_state; sleep interlock */
	volatile u_int	pb_state;	/* PIPE_* */
	size_t		pb_size;	/* ring bytes, power of two */
	char		*pb_buffer;	/* kernel VA of the ring */
	struct vm_object *pb_object;	/* the pages behind it */
	struct selinfo	pb_sel;		/* poll/kqueue on this direction */
} __cachealign;

#define pb_rlock	pb_r.rlock
#define pb_rindex	pb_r.rindex
#define pb_rip		pb_r.rip
#define pb_wlock	pb_w.wlock
#define pb_windex	pb_w.windex
#define pb_wip		pb_w.wip

#define PIPE_REOF	0x0001		/* no more writers: read gives EOF */
#define PIPE_WEOF	0x0002		/* no more readers: write gives EPIPE */
#define PIPE_WANTR	0x0004		/* a reader sleeps for data */
#define PIPE_WANTW	0x0008		/* a writer sleeps for space */

struct pipe {
	struct pipebuf	bufferA;	/* end 1 -> end 0 */
	struct pipebuf	bufferB;	/* end 0 -> end 1 */
	volatile int	pipe_open;	/* ends still open (atomic) */
	uint64_t	pipe_ino;	/* st_ino, unique per pipe */
	struct timespec	pipe_ctime;	/* creation, for fstat */
	struct pipe	*pipe_next;	/* per-CPU cache of free pipes */
};

struct uio;
struct knote;
int	pipebuf_init(struct pipebuf *pb);	/* 0 or ENOMEM */
void	pipebuf_destroy(struct pipebuf *pb);
int	pipebuf_read(struct pipebuf *pb, struct uio *uio, bool nonblock);
int	pipebuf_write(struct pipebuf *pb, struct uio *uio, bool nonblock);
int	pipebuf_poll_read(struct pipebuf *pb, int events);
int	pipebuf_poll_write(struct pipebuf *pb, int events);
size_t	pipebuf_count(struct pipebuf *pb);
void	pipebuf_setstate(struct pipebuf *pb, int set, int clear);
int	pipebuf_kqfilter(struct pipebuf *pb, struct knote *kn, bool write);
#endif /* _KERNEL */

#endif /* !_SYS_PIPE_H_ */
