/*
 * fifofs: named pipes.  A FIFO's vnode (in tmpfs, or any file system)
 * forwards open/close/read/write/ioctl/poll/kqfilter here while it is
 * open; the data flows through one pipebuf (<sys/pipe.h>) that exists
 * from the first open to the last close (vp->v_fifo).
 */
#ifndef _FS_FIFOFS_FIFO_H_
#define _FS_FIFOFS_FIFO_H_

#include <sys/types.h>

struct vnode;
struct ucred;
struct uio;
struct knote;

int	fifo_open(struct vnode *vp, int fflag, struct ucred *cred);
int	fifo_close(struct vnode *vp, int fflag);
int	fifo_read(struct vnode *vp, struct uio *uio, int ioflag);
int	fifo_write(struct vnode *vp, struct uio *uio, int ioflag);
int	fifo_ioctl(struct vnode *vp, u_long cmd, caddr_t data, int fflag);
int	fifo_poll(struct vnode *vp, int events);
int	fifo_kqfilter(struct vnode *vp, struct knote *kn);

#endif /* !_FS_FIFOFS_FIFO_H_ */
