/*
 * Per-process descriptor tables (kern_descrip.c).  fd_files[] grows on
 * demand up to the process's RLIMIT_NOFILE-style limit (fd_lim, from
 * maxfilesperproc).  The table is protected by fd_spin: every lookup
 * takes it briefly and leaves with a reference on the file (holdfp), so
 * a close in another thread never frees a file under a running call.
 * fd_cdir/fd_rdir (current and root directory) are referenced vnodes,
 * replaced under fd_spin.
 */
#ifndef _SYS_FILEDESC_H_
#define _SYS_FILEDESC_H_

#include <sys/types.h>
#include <sys/spinlock.h>

struct file;
struct vnode;
struct proc;
struct thread;

struct fdnode {
	struct file	*fp;		/* NULL: free */
	int		fileflags;	/* UF_EXCLOSE */
	int		reserved;	/* allocated, not yet installed */
};
#define UF_EXCLOSE	0x01		/* close on exec */

#define NDFILE		20		/* initial table size */

struct filedesc {
	struct spinlock	fd_spin;	/* everything below */
	struct fdnode	*fd_files;	/* fd_nfiles slots */
	int		fd_nfiles;
	int		fd_freefile;	/* lowest possibly-free slot */
	int		fd_lastfile;	/* highest slot in use, -1 if none */
	int		fd_lim;		/* descriptors allowed */
	mode_t		fd_cmask;	/* umask */
	struct vnode	*fd_cdir;	/* current directory (held) */
	struct vnode	*fd_rdir;	/* root directory (held) */
	volatile int	fd_refcnt;	/* shared between threads/rfork */
	struct fdnode	fd_small[NDFILE];	/* the first table */
};

extern int maxfilesperproc;		/* kern.maxfilesperproc */

#ifdef _KERNEL
struct filedesc *fdinit(void);		/* empty, cwd/root = rootvnode */
struct filedesc *fdcopy(struct filedesc *fdp);	/* fork; NULL: ENOMEM */
void	fdfree(struct proc *p);		/* exit: close all, free table */
void	fdcloseexec(struct proc *p);	/* exec: close UF_EXCLOSE */
int	fdalloc(struct proc *p, int want, int *result);
					/* lowest free >= want, reserved */
void	fsetfd(struct filedesc *fdp, struct file *fp, int fd);
					/* install (takes a reference) */
void	fdunreserve(struct filedesc *fdp, int fd);
int	kern_close(struct proc *p, int fd);
int	kern_dup(struct proc *p, int how, int flags, int old, int new,
	    int *retval);
/* The current process's table and its file at fd, or NULL. */
struct filedesc *fd_curfiledesc(void);
#define DUP_FIXED	0x1		/* dup2: exactly this number */
#define DUP_VARIABLE	0x2		/* F_DUPFD: lowest >= new */
#define DUP_CLOEXEC	0x4
#endif

#endif /* !_SYS_FILEDESC_H_ */
