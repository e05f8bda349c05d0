/*
 * Scatter/gather I/O descriptions.  struct iovec is user ABI (readv,
 * writev, installed into the sysroot); struct uio and uiomove() are the
 * kernel's way of moving data between a buffer and the places a system
 * call named, in user or kernel space.
 */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

#include <sys/types.h>

/* ---- User ABI ------------------------------------------------------ */
struct iovec {
	void	*iov_base;		/* start */
	size_t	iov_len;		/* bytes */
};

#define UIO_MAXIOV	1024		/* IOV_MAX */

#ifndef _KERNEL
ssize_t	readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t	writev(int fd, const struct iovec *iov, int iovcnt);
#endif

#ifdef _KERNEL
struct thread;

enum uio_rw { UIO_READ, UIO_WRITE };
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE, UIO_NOCOPY };

struct uio {
	struct iovec	*uio_iov;	/* kernel copy of the vector */
	int		uio_iovcnt;
	off_t		uio_offset;	/* file offset */
	ssize_t		uio_resid;	/* bytes still to move */
	enum uio_seg	uio_segflg;	/* where iov_base points */
	enum uio_rw	uio_rw;		/* READ: into iov, WRITE: from iov */
	struct thread	*uio_td;
};

/*
 * Move up to n bytes between cp and the uio, advancing both; EFAULT if a
 * user address faults (partial progress is kept in the uio).
 */
int	uiomove(void *cp, size_t n, struct uio *uio);
/* Copy a user iovec array into kernel memory (*iovp; free with
   iovec_free) checking count and total length (EINVAL). */
int	iovec_copyin(const struct iovec *uiov, struct iovec **kiovp,
	    struct iovec *siov, int cnt, size_t *totalp);
void	iovec_free(struct iovec **kiovp, struct iovec *siov);
#endif /* _KERNEL */

#endif /* !_SYS_UIO_H_ */
