/*
 * Pipes (sys_pipe.c).  A pipe is full duplex, DragonFly style: two
 * one-way buffers, bufferA and bufferB.  Descriptor end 0 reads bufferA
 * and writes bufferB; end 1 reads bufferB and writes bufferA, so with
 * pipe(2)'s fds[0] for reading and fds[1] for writing the data flows
 * through bufferA.  Each buffer is a ring with free-running indices:
 * one reader and one writer at a time (pb_rlock, pb_wlock serialise
 * them, which also makes writes of up to PIPE_BUF bytes atomic), the
 * indices and state under pb_spin, the bytes copied with no spinlock
 * held because uiomove may fault.  FIFOs (fifofs) use one pipebuf.
 *
 * This first version keeps the buffer in kmalloc memory; the VM-backed
 * buffers with per-CPU caches come later.
 */
#ifndef _SYS_PIPE_H_
#define _SYS_PIPE_H_

#ifdef _KERNEL
#include <sys/types.h>
#include <sys/spinlock.h>
#include <sys/select.h>
#include <sys/vnode.h>

#define PIPE_SIZE	16384		/* bytes per direction */

struct pipebuf {
	struct spinlock	pb_spin;	/* indices, state, waiters */
	struct vlock	pb_rlock;	/* one reader at a time */
	struct vlock	pb_wlock;	/* one writer at a time */
	char		*pb_buffer;	/* PIPE_SIZE bytes; immutable */
	size_t		pb_size;
	uint64_t	pb_rindex;	/* total bytes read */
	uint64_t	pb_windex;	/* total bytes written */
	int		pb_state;	/* PIPE_* */
	struct selinfo	pb_sel;		/* poll/kqueue on this direction */
};
#define PIPE_REOF	0x0001		/* no more writers: read gives EOF */
#define PIPE_WEOF	0x0002		/* no more readers: write gives EPIPE */

struct pipe {
	struct pipebuf	bufferA;
	struct pipebuf	bufferB;
	volatile int	pipe_open;	/* ends still open (atomic) */
};

struct uio;
int	pipebuf_init(struct pipebuf *pb);
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
