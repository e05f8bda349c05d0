/*
 * Open files.  A struct file is what a descriptor points at: an object
 * (vnode, socket, pipe, kqueue, message queue) plus the open mode, the
 * offset and the object's operations vector (struct fileops).  Several
 * descriptors, in one process or many, may share one file; f_count
 * counts them and the references system calls hold while they run
 * (fhold/fdrop, atomic).  The last fdrop calls fo_close.
 *
 * kern_descrip.c allocates and frees files; each object type provides
 * its fileops (vfs_vnops.c, sys_pipe.c, uipc_socket.c, kern_event.c,
 * sys_mqueue.c).  The kern.file sysctl exports struct xfile records.
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <sys/types.h>
#include <sys/fcntl.h>
#include <sys/uio.h>

/* ---- User ABI (kern.file records) ----------------------------------- */
#define DTYPE_NONE	0
#define DTYPE_VNODE	1		/* file, directory, device, FIFO */
#define DTYPE_SOCKET	2
#define DTYPE_PIPE	3
#define DTYPE_FIFO	4		/* reserved: FIFOs are vnodes here */
#define DTYPE_KQUEUE	5
#define DTYPE_CRYPTO	6
#define DTYPE_MQUEUE	7
#define DTYPE_SHM	8
#define DTYPE_PTS	10		/* pseudo-terminal master */

/*
 * kern.file: a header (struct xfilegen), one struct xfile per open
 * descriptor of every process the reader may see, and a trailer (another
 * xfilegen).  The header's xfg_gen is the descriptor generation when the
 * walk began, the trailer's when it ended; a reader that finds them
 * different knows a descriptor was opened or closed meanwhile and
 * retries.  The header's count is an estimate made before the walk, the
 * trailer's the number of records written.  Every field is fixed-width
 * so one layout serves amd64 and aarch64; see
 * docs/sys/kern/ipc/sysctl-records.md.
 */
#define XFILE_VERSION	2
#define XFILE_COMMLEN	24		/* MAXCOMLEN + 1, rounded up */

struct xfilegen {
	uint32_t	xfg_len;	/* sizeof(struct xfilegen) */
	uint32_t	xfg_count;	/* records (see above) */
	uint64_t	xfg_gen;	/* descriptor generation */
	uint64_t	xfg_sogen;	/* socket generation */
};

struct xfile {
	uint32_t	xf_size;	/* sizeof(struct xfile) */
	uint32_t	xf_version;	/* XFILE_VERSION */
	int64_t		xf_pid;		/* owning process */
	int64_t		xf_uid;		/* its effective uid */
	int64_t		xf_fd;		/* descriptor number */
	int64_t		xf_type;	/* DTYPE_* */
	uint64_t	xf_file;	/* id of the struct file (0 unless
					   the reader is privileged) */
	int64_t		xf_count;	/* references */
	int64_t		xf_msgcount;	/* in flight in SCM_RIGHTS */
	int64_t		xf_offset;
	uint64_t	xf_data;	/* id of the object: equals the
					   xso_so of a socket's record */
	uint64_t	xf_vnode;	/* id of the vnode (privileged) */
	uint64_t	xf_flag;	/* FREAD | FWRITE ... */
	int64_t		xf_jid;		/* prison id, 0 outside a jail */
	char		xf_comm[XFILE_COMMLEN];	/* command name */
};

#ifdef _KERNEL
#include <sys/queue.h>
#include <sys/spinlock.h>

struct file;
struct stat;
struct ucred;
struct thread;
struct knote;

struct fileops {
	int	(*fo_read)(struct file *fp, struct uio *uio,
		    struct ucred *cred, int flags);
	int	(*fo_write)(struct file *fp, struct uio *uio,
		    struct ucred *cred, int flags);
	int	(*fo_ioctl)(struct file *fp, u_long cmd, caddr_t data,
		    struct ucred *cred);
	int	(*fo_poll)(struct file *fp, int events, struct ucred *cred);
	int	(*fo_kqfilter)(struct file *fp, struct knote *kn);
	int	(*fo_stat)(struct file *fp, struct stat *sb,
		    struct ucred *cred);
	int	(*fo_close)(struct file *fp);
};

/* fo_read/fo_write flags */
#define FOF_OFFSET	0x0001		/* use uio_offset, not f_offset */

/*
 * f_count is atomic.  f_flag (FREAD, FWRITE, FAPPEND, FNONBLOCK ...) is
 * changed by fcntl(F_SETFL) with atomic operations.  f_offset is
 * protected by f_spin for read-modify-write (lseek, vnode I/O).  f_type,
 * f_ops, f_data and f_cred are immutable once the file is installed.
 */
struct file {
	LIST_ENTRY(file) f_list;	/* all files; filehead_spin */
	volatile int	f_count;	/* descriptors + running calls */
	int		f_msgcount;	/* in flight (SCM_RIGHTS) */
	volatile u_int	f_flag;		/* F* open flags */
	short		f_type;		/* DTYPE_* */
	struct fileops	*f_ops;
	void		*f_data;	/* vnode, socket, pipe ... */
	struct ucred	*f_cred;	/* opener's credentials (held) */
	off_t		f_offset;
	struct spinlock	f_spin;		/* f_offset */
	struct vnode	*f_vnode;	/* for DTYPE_VNODE (== f_data) */
	int		f_unpgc;	/* unp_gc marks; uipc_usrreq.c */
};

extern struct fileops badfileops;
extern int maxfiles;			/* kern.maxfiles */
extern int nfiles;			/* open files now */

int	falloc(struct thread *td, struct file **resultfp, int *resultfd);
					/* new file, installed at the lowest
					   free descriptor, 2 references */
int	falloc_noinstall(struct file **resultfp);	/* 1 reference */
void	finit(struct file *fp, u_int flag, short type, void *data,
	    struct fileops *ops);
int	holdfp(struct thread *td, int fd, int flagmask, struct file **fpp);
					/* referenced file or EBADF */
void	fhold(struct file *fp);
int	fdrop(struct file *fp);		/* last one closes */
int	file_foreach(int (*fn)(struct file *, void *), void *arg);
int	file_foreach_spin(int (*fn)(struct file *, void *), void *arg);
					/* every open file (kern_descrip.c) */
void	fd_genbump(void);		/* a descriptor slot changed */
void	unp_gc_request(void);		/* uipc_usrreq.c: a file now lives
					   only in flight */

static inline int
fo_read(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (fp->f_ops->fo_read(fp, uio, cred, flags));
}

static inline int
fo_write(struct file *fp, struct uio *uio, struct ucred *cred, int flags)
{
	return (fp->f_ops->fo_write(fp, uio, cred, flags));
}

static inline int
fo_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	return (fp->f_ops->fo_ioctl(fp, cmd, data, cred));
}

static inline int
fo_poll(struct file *fp, int events, struct ucred *cred)
{
	return (fp->f_ops->fo_poll(fp, events, cred));
}

static inline int
fo_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	return (fp->f_ops->fo_stat(fp, sb, cred));
}

static inline int
fo_kqfilter(struct file *fp, struct knote *kn)
{
	return (fp->f_ops->fo_kqfilter(fp, kn));
}

/* Fillers for objects without the operation. */
int	badfo_readwrite(struct file *fp, struct uio *uio,
	    struct ucred *cred, int flags);
int	badfo_ioctl(struct file *fp, u_long cmd, caddr_t data,
	    struct ucred *cred);
int	badfo_poll(struct file *fp, int events, struct ucred *cred);
int	badfo_kqfilter(struct file *fp, struct knote *kn);
int	badfo_stat(struct file *fp, struct stat *sb, struct ucred *cred);
int	badfo_close(struct file *fp);

extern struct fileops vnops;		/* vfs_vnops.c */
#endif /* _KERNEL */

#endif /* !_SYS_FILE_H_ */
