/*
 * Descriptor tables and open files.  Each process has a struct filedesc
 * (<sys/filedesc.h>) mapping small integers to struct file (<sys/file.h>);
 * fork copies it (fdcopy), exec closes the close-on-exec entries
 * (fdcloseexec), exit frees it (fdfree).  This file also holds the
 * descriptor system calls: dup, dup2, fcntl, close, getdtablesize, fstat,
 * and the kern.file sysctl is fed from here.
 *
 * Locking: a table's fd_spin covers its slots; lookups leave with a
 * reference on the file (holdfp) so the file outlives a concurrent close.
 * File reference counts are atomic; the last fdrop calls fo_close with no
 * lock held, since closing a socket or pipe may sleep.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/spinlock.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/socketvar.h>
#include <sys/event.h>
#include <sys/sysctl.h>
#include <sys/lockf.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

MALLOC_DEFINE(M_FILE, "file", "open files");
MALLOC_DEFINE(M_FILEDESC, "filedesc", "descriptor tables");

static LIST_HEAD(, file) filehead = LIST_HEAD_INITIALIZER(filehead);
static struct spinlock filehead_spin = SPINLOCK_INITIALIZER("filehead");

int maxfiles = 8192;			/* system-wide */
int maxfilesperproc = 1024;		/* per process */
int nfiles;				/* open now; filehead_spin */

/*
 * Descriptor generation: bumped (atomically) whenever any process's
 * descriptor table gains or loses an entry, so a kern.file reader can
 * tell whether its snapshot was taken while the tables stood still.
 */
static uint64_t fd_gencnt;

SYSCTL_INT(_kern, KERN_MAXFILES, maxfiles, CTLFLAG_RW, &maxfiles, 0,
    "Maximum number of files");
SYSCTL_INT(_kern, KERN_MAXFILESPERPROC, maxfilesperproc, CTLFLAG_RW,
    &maxfilesperproc, 0, "Maximum files allowed open per process");
SYSCTL_INT(_kern, OID_AUTO, openfiles, CTLFLAG_RD, &nfiles, 0,
    "System-wide number of open files");

/* ---- Files --------------------------------------------------------------- */

int
badfo_readwrite(struct file *fp, struct uio *uio, struct ucred *cred,
    int flags)
{
	return (EBADF);
}

int
badfo_ioctl(struct file *fp, u_long cmd, caddr_t data, struct ucred *cred)
{
	return (ENOTTY);
}

int
badfo_poll(struct file *fp, int events, struct ucred *cred)
{
	return (0);
}

int
badfo_kqfilter(struct file *fp, struct knote *kn)
{
	return (EOPNOTSUPP);
}

int
badfo_stat(struct file *fp, struct stat *sb, struct ucred *cred)
{
	return (EBADF);
}

int
badfo_close(struct file *fp)
{
	return (0);
}

struct fileops badfileops = {
	.fo_read = badfo_readwrite,
	.fo_write = badfo_readwrite,
	.fo_ioctl = badfo_ioctl,
	.fo_poll = badfo_poll,
	.fo_kqfilter = badfo_kqfilter,
	.fo_stat = badfo_stat,
	.fo_close = badfo_close,
};

/*
 * A new file with one reference, badfileops until finit() gives it an
 * object.  ENFILE when the system table is full.
 */
int
falloc_noinstall(struct file **resultfp)
{
	struct file *fp;
	struct thread *td = curthread;

	spin_lock(&filehead_spin);
	if (nfiles >= maxfiles) {
		spin_unlock(&filehead_spin);
		return (ENFILE);
	}
	nfiles++;
	spin_unlock(&filehead_spin);

	fp = kmalloc(sizeof(*fp), M_FILE, M_WAITOK | M_ZERO);
	fp->f_count = 1;
	fp->f_ops = &badfileops;
	spin_init(&fp->f_spin, "file");
	if (td != NULL && td->td_proc != NULL) {
		fp->f_cred = td->td_proc->p_ucred;
		crhold(fp->f_cred);
	}
	spin_lock(&filehead_spin);
	LIST_INSERT_HEAD(&filehead, fp, f_list);
	spin_unlock(&filehead_spin);
	*resultfp = fp;
	return (0);
}

/*
 * A new file installed at the lowest free descriptor of the current
 * process.  It carries two references, the table's and the caller's; the
 * caller fdrop()s its own when done.
 */
int
falloc(struct thread *td, struct file **resultfp, int *resultfd)
{
	struct proc *p = td->td_proc;
	struct file *fp;
	int error, fd;

	error = fdalloc(p, 0, &fd);
	if (error != 0)
		return (error);
	error = falloc_noinstall(&fp);
	if (error != 0) {
		fdunreserve(p->p_fd, fd);
		return (error);
	}
	fsetfd(p->p_fd, fp, fd);
	*resultfp = fp;
	*resultfd = fd;
	return (0);
}

void
finit(struct file *fp, u_int flag, short type, void *data,
    struct fileops *ops)
{
	fp->f_data = data;
	fp->f_flag = flag;
	fp->f_type = type;
	if (type == DTYPE_VNODE)
		fp->f_vnode = data;
	__atomic_store_n(&fp->f_ops, ops, __ATOMIC_RELEASE);
}

void
fhold(struct file *fp)
{
	__atomic_fetch_add(&fp->f_count, 1, __ATOMIC_ACQ_REL);
}

int
fdrop(struct file *fp)
{
	int error;

	if (__atomic_fetch_sub(&fp->f_count, 1, __ATOMIC_ACQ_REL) != 1)
		return (0);
	lf_closefile(fp);		/* its flock(2) lock */
	error = fp->f_ops->fo_close(fp);
	spin_lock(&filehead_spin);
	LIST_REMOVE(fp, f_list);
	nfiles--;
	spin_unlock(&filehead_spin);
	if (fp->f_cred != NULL)
		crfree(fp->f_cred);
	kfree(fp, M_FILE);
	return (error);
}

/*
 * The file at fd of td's process, referenced; EBADF if there is none or
 * if flagmask (FREAD/FWRITE) asks for an access mode it was not opened
 * with.
 */
int
holdfp(struct thread *td, int fd, int flagmask, struct file **fpp)
{
	struct filedesc *fdp;
	struct file *fp;

	if (td == NULL || td->td_proc == NULL ||
	    (fdp = td->td_proc->p_fd) == NULL)
		return (EBADF);
	spin_lock(&fdp->fd_spin);
	if (fd < 0 || fd >= fdp->fd_nfiles ||
	    (fp = fdp->fd_files[fd].fp) == NULL ||
	    (flagmask != 0 && (fp->f_flag & flagmask) == 0)) {
		spin_unlock(&fdp->fd_spin);
		return (EBADF);
	}
	fhold(fp);
	spin_unlock(&fdp->fd_spin);
	*fpp = fp;
	return (0);
}

/* ---- Tables --------------------------------------------------------------- */

static struct filedesc *
fdalloc_table(void)
{
	struct filedesc *fdp;

	fdp = kmalloc(sizeof(*fdp), M_FILEDESC, M_WAITOK | M_ZERO);
	spin_init(&fdp->fd_spin, "filedesc");
	fdp->fd_files = fdp->fd_small;
	fdp->fd_nfiles = NDFILE;
	fdp->fd_lastfile = -1;
	fdp->fd_lim = maxfilesperproc;
	fdp->fd_cmask = 022;
	fdp->fd_refcnt = 1;
	return (fdp);
}

struct filedesc *
fdinit(void)
{
	struct filedesc *fdp;

	fdp = fdalloc_table();
	if (rootvnode != NULL) {
		vref(rootvnode);
		fdp->fd_cdir = rootvnode;
		vref(rootvnode);
		fdp->fd_rdir = rootvnode;
	}
	return (fdp);
}

/*
 * Make room for slot `want'.  Called and returns with fd_spin held; may
 * drop it to allocate.
 */
static void
fdgrow_locked(struct filedesc *fdp, int want)
{
	struct fdnode *nf, *of;
	int nsize, osize;

	while (want >= fdp->fd_nfiles) {
		osize = fdp->fd_nfiles;
		nsize = osize * 2;
		while (nsize <= want)
			nsize *= 2;
		if (nsize > fdp->fd_lim)
			nsize = fdp->fd_lim;
		spin_unlock(&fdp->fd_spin);
		nf = kmalloc(nsize * sizeof(*nf), M_FILEDESC,
		    M_WAITOK | M_ZERO);
		spin_lock(&fdp->fd_spin);
		if (fdp->fd_nfiles != osize) {
			/* Someone else grew it meanwhile. */
			spin_unlock(&fdp->fd_spin);
			kfree(nf, M_FILEDESC);
			spin_lock(&fdp->fd_spin);
			continue;
		}
		of = fdp->fd_files;
		memcpy(nf, of, osize * sizeof(*nf));
		fdp->fd_files = nf;
		fdp->fd_nfiles = nsize;
		if (of != fdp->fd_small) {
			spin_unlock(&fdp->fd_spin);
			kfree(of, M_FILEDESC);
			spin_lock(&fdp->fd_spin);
		}
	}
}

static void
fdfixup_lastfile(struct filedesc *fdp)
{
	while (fdp->fd_lastfile >= 0 &&
	    fdp->fd_files[fdp->fd_lastfile].fp == NULL &&
	    !fdp->fd_files[fdp->fd_lastfile].reserved)
		fdp->fd_lastfile--;
}

/* Reserve the lowest free descriptor >= want (fd_spin held). */
static int
fdalloc_locked(struct filedesc *fdp, int want, int *result)
{
	int i;

	if (want < 0 || want >= fdp->fd_lim)
		return (EINVAL);
	i = MAX(want, fdp->fd_freefile);
	for (;;) {
		/* The table may be bigger than a lowered fd_lim. */
		for (; i < fdp->fd_nfiles && i < fdp->fd_lim; i++) {
			if (fdp->fd_files[i].fp == NULL &&
			    !fdp->fd_files[i].reserved)
				goto found;
		}
		if (i >= fdp->fd_lim)
			return (EMFILE);
		fdgrow_locked(fdp, i);
		/* The table may have changed while unlocked: rescan. */
		i = MAX(want, fdp->fd_freefile);
	}
found:
	fdp->fd_files[i].reserved = 1;
	fdp->fd_files[i].fileflags = 0;
	if (i > fdp->fd_lastfile)
		fdp->fd_lastfile = i;
	if (want <= fdp->fd_freefile)
		fdp->fd_freefile = i + 1;
	*result = i;
	return (0);
}

int
fdalloc(struct proc *p, int want, int *result)
{
	struct filedesc *fdp = p->p_fd;
	int error;

	spin_lock(&fdp->fd_spin);
	error = fdalloc_locked(fdp, want, result);
	spin_unlock(&fdp->fd_spin);
	return (error);
}

void
fdunreserve(struct filedesc *fdp, int fd)
{
	spin_lock(&fdp->fd_spin);
	fdp->fd_files[fd].reserved = 0;
	if (fd < fdp->fd_freefile)
		fdp->fd_freefile = fd;
	fdfixup_lastfile(fdp);
	spin_unlock(&fdp->fd_spin);
}

/* Install fp at the reserved slot fd; the table takes a reference. */
void
fsetfd(struct filedesc *fdp, struct file *fp, int fd)
{
	fhold(fp);
	spin_lock(&fdp->fd_spin);
	fdp->fd_files[fd].fp = fp;
	fdp->fd_files[fd].reserved = 0;
	spin_unlock(&fdp->fd_spin);
	fd_genbump();
}

void
fd_genbump(void)
{
	__atomic_fetch_add(&fd_gencnt, 1, __ATOMIC_RELEASE);
}

struct filedesc *
fdcopy(struct filedesc *ofdp)
{
	struct filedesc *fdp;
	struct fdnode *nf;
	int n, i;

	fdp = fdalloc_table();
	spin_lock(&ofdp->fd_spin);
	/* Size the new table to the old one's used range. */
	while ((n = ofdp->fd_lastfile + 1) > fdp->fd_nfiles) {
		spin_unlock(&ofdp->fd_spin);
		nf = kmalloc(n * sizeof(*nf), M_FILEDESC, M_WAITOK | M_ZERO);
		if (fdp->fd_files != fdp->fd_small)
			kfree(fdp->fd_files, M_FILEDESC);
		fdp->fd_files = nf;
		fdp->fd_nfiles = n;
		spin_lock(&ofdp->fd_spin);
	}
	for (i = 0; i <= ofdp->fd_lastfile; i++) {
		if (ofdp->fd_files[i].fp == NULL)
			continue;
		fdp->fd_files[i].fp = ofdp->fd_files[i].fp;
		fdp->fd_files[i].fileflags = ofdp->fd_files[i].fileflags;
		fhold(fdp->fd_files[i].fp);
		fdp->fd_lastfile = i;
	}
	fdp->fd_freefile = 0;
	fdp->fd_cmask = ofdp->fd_cmask;
	fdp->fd_lim = ofdp->fd_lim;
	fdp->fd_cdir = ofdp->fd_cdir;
	fdp->fd_rdir = ofdp->fd_rdir;
	if (fdp->fd_cdir != NULL)
		vref(fdp->fd_cdir);
	if (fdp->fd_rdir != NULL)
		vref(fdp->fd_rdir);
	spin_unlock(&ofdp->fd_spin);
	fd_genbump();
	return (fdp);
}

/*
 * Drop the reference a descriptor held.  A file that then lives only in
 * messages in flight (SCM_RIGHTS) may sit in a cycle that only the
 * Unix-domain garbage collector can break, so tell it.  (f_msgcount is
 * read first: after fdrop the file may be gone.)
 */
static int
fdrop_desc(struct file *fp)
{
	bool inflight = fp->f_msgcount != 0;
	int error;

	lf_closefd(curproc, fp);	/* POSIX: any close drops the locks */
	error = fdrop(fp);
	if (inflight)
		unp_gc_request();
	return (error);
}

/* Close descriptors [0, lastfile] for which `exec' is false or the
   close-on-exec flag is set. */
static void
fdclose_some(struct proc *p, bool exec)
{
	struct filedesc *fdp = p->p_fd;
	struct file *fp;
	int i;

	if (fdp == NULL)
		return;
	spin_lock(&fdp->fd_spin);
	for (i = 0; i <= fdp->fd_lastfile; i++) {
		fp = fdp->fd_files[i].fp;
		if (fp == NULL)
			continue;
		if (exec && (fdp->fd_files[i].fileflags & UF_EXCLOSE) == 0)
			continue;
		fdp->fd_files[i].fp = NULL;
		fdp->fd_files[i].fileflags = 0;
		if (i < fdp->fd_freefile)
			fdp->fd_freefile = i;
		spin_unlock(&fdp->fd_spin);
		fd_genbump();
		knote_fdclose(p, i);
		fdrop_desc(fp);
		spin_lock(&fdp->fd_spin);
	}
	fdfixup_lastfile(fdp);
	spin_unlock(&fdp->fd_spin);
}

void
fdcloseexec(struct proc *p)
{
	fdclose_some(p, true);
}

void
fdfree(struct proc *p)
{
	struct filedesc *fdp = p->p_fd;

	if (fdp == NULL)
		return;
	if (__atomic_fetch_sub(&fdp->fd_refcnt, 1, __ATOMIC_ACQ_REL) != 1)
		return;
	fdclose_some(p, false);
	/*
	 * Unhook the table under proc_token too: the kern.file walk reads
	 * p_fd and locks the table while it holds proc_token (shared) and
	 * never blocks, so a table it has found cannot be freed under it.
	 */
	lwkt_gettoken(&proc_token);
	spin_lock(&fdp->fd_spin);
	p->p_fd = NULL;
	spin_unlock(&fdp->fd_spin);
	lwkt_reltoken(&proc_token);
	if (fdp->fd_cdir != NULL)
		vrele(fdp->fd_cdir);
	if (fdp->fd_rdir != NULL)
		vrele(fdp->fd_rdir);
	if (fdp->fd_files != fdp->fd_small)
		kfree(fdp->fd_files, M_FILEDESC);
	kfree(fdp, M_FILEDESC);
}

struct filedesc *
fd_curfiledesc(void)
{
	struct thread *td = curthread;

	if (td == NULL || td->td_proc == NULL)
		return (NULL);
	return (td->td_proc->p_fd);
}

/* ---- System calls ------------------------------------------------------- */

int
kern_close(struct proc *p, int fd)
{
	struct filedesc *fdp = p->p_fd;
	struct file *fp;

	spin_lock(&fdp->fd_spin);
	if (fd < 0 || fd >= fdp->fd_nfiles ||
	    (fp = fdp->fd_files[fd].fp) == NULL) {
		spin_unlock(&fdp->fd_spin);
		return (EBADF);
	}
	fdp->fd_files[fd].fp = NULL;
	fdp->fd_files[fd].fileflags = 0;
	if (fd < fdp->fd_freefile)
		fdp->fd_freefile = fd;
	fdfixup_lastfile(fdp);
	spin_unlock(&fdp->fd_spin);
	fd_genbump();
	knote_fdclose(p, fd);
	/* The close itself succeeded even if the object reports an error. */
	return (fdrop_desc(fp));
}

/*
 * dup/dup2/F_DUPFD/F_DUPFD_CLOEXEC.  DUP_FIXED puts the copy at exactly
 * `new' (closing what was there); DUP_VARIABLE at the lowest free slot
 * at or above it.
 */
int
kern_dup(struct proc *p, int how, int flags, int old, int new, int *retval)
{
	struct filedesc *fdp = p->p_fd;
	struct file *fp, *delfp;
	int error;

	spin_lock(&fdp->fd_spin);
	if (old < 0 || old >= fdp->fd_nfiles ||
	    (fp = fdp->fd_files[old].fp) == NULL) {
		spin_unlock(&fdp->fd_spin);
		return (EBADF);
	}
	if (new < 0 || new >= fdp->fd_lim) {
		spin_unlock(&fdp->fd_spin);
		return ((how & DUP_FIXED) ? EBADF : EINVAL);
	}
	if ((how & DUP_FIXED) && old == new) {
		if (flags & DUP_CLOEXEC)
			fdp->fd_files[new].fileflags |= UF_EXCLOSE;
		spin_unlock(&fdp->fd_spin);
		*retval = new;
		return (0);
	}
	fhold(fp);
	if (how & DUP_FIXED) {
		if (new >= fdp->fd_nfiles)
			fdgrow_locked(fdp, new);
		/* The slot may be reserved by a concurrent open: EBUSY as
		   DragonFly does rather than racing it. */
		if (fdp->fd_files[new].reserved) {
			spin_unlock(&fdp->fd_spin);
			fdrop(fp);
			return (EBUSY);
		}
		/* old may have been closed while the table grew. */
		if (fdp->fd_files[old].fp != fp) {
			spin_unlock(&fdp->fd_spin);
			fdrop(fp);
			return (EBADF);
		}
		delfp = fdp->fd_files[new].fp;
		fdp->fd_files[new].fp = fp;
		fdp->fd_files[new].fileflags =
		    (flags & DUP_CLOEXEC) ? UF_EXCLOSE : 0;
		if (new > fdp->fd_lastfile)
			fdp->fd_lastfile = new;
		spin_unlock(&fdp->fd_spin);
		fd_genbump();
		if (delfp != NULL) {
			knote_fdclose(p, new);
			fdrop(delfp);
		}
		*retval = new;
		return (0);
	}
	error = fdalloc_locked(fdp, new, retval);
	if (error != 0) {
		spin_unlock(&fdp->fd_spin);
		fdrop(fp);
		return (error);
	}
	fdp->fd_files[*retval].fp = fp;
	fdp->fd_files[*retval].reserved = 0;
	fdp->fd_files[*retval].fileflags =
	    (flags & DUP_CLOEXEC) ? UF_EXCLOSE : 0;
	spin_unlock(&fdp->fd_spin);
	fd_genbump();
	return (0);
}

int
sys_close(struct sysmsg *sysmsg, const struct close_args *uap)
{
	return (kern_close(curproc, uap->fd));
}

int
sys_dup(struct sysmsg *sysmsg, const struct dup_args *uap)
{
	int fd, error;

	error = kern_dup(curproc, DUP_VARIABLE, 0, uap->fd, 0, &fd);
	sysmsg->sysmsg_result = fd;
	return (error);
}

int
sys_dup2(struct sysmsg *sysmsg, const struct dup2_args *uap)
{
	int fd, error;

	error = kern_dup(curproc, DUP_FIXED, 0, uap->from, uap->to, &fd);
	sysmsg->sysmsg_result = fd;
	return (error);
}

int
sys_getdtablesize(struct sysmsg *sysmsg, const struct getdtablesize_args *uap)
{
	sysmsg->sysmsg_result = curproc->p_fd->fd_lim;
	return (0);
}

static int
fcntl_setfl(struct file *fp, int arg)
{
	u_int oflag, nflag;
	int tmp, error;

	do {
		oflag = fp->f_flag;
		nflag = (oflag & ~FCNTLFLAGS) | (FFLAGS(arg) & FCNTLFLAGS);
	} while (!__atomic_compare_exchange_n(&fp->f_flag, &oflag, nflag, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	/* Tell the object too (ttys, sockets keep their own copy). */
	tmp = (nflag & FNONBLOCK) != 0;
	error = fo_ioctl(fp, FIONBIO, (caddr_t)&tmp, fp->f_cred);
	if (error == ENOTTY || error == EOPNOTSUPP)
		error = 0;
	return (error);
}

int
sys_fcntl(struct sysmsg *sysmsg, const struct fcntl_args *uap)
{
	struct proc *p = curproc;
	struct filedesc *fdp = p->p_fd;
	struct file *fp;
	long arg = uap->arg;
	struct flock fl;
	int fd = uap->fd, error, newfd;

	switch (uap->cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg > INT32_MAX)
			return (EINVAL);
		error = kern_dup(p, DUP_VARIABLE,
		    uap->cmd == F_DUPFD_CLOEXEC ? DUP_CLOEXEC : 0, fd,
		    (int)arg, &newfd);
		sysmsg->sysmsg_result = newfd;
		return (error);
	case F_DUP2FD:
	case F_DUP2FD_CLOEXEC:
		if (arg < 0 || arg > INT32_MAX)
			return (EBADF);
		error = kern_dup(p, DUP_FIXED,
		    uap->cmd == F_DUP2FD_CLOEXEC ? DUP_CLOEXEC : 0, fd,
		    (int)arg, &newfd);
		sysmsg->sysmsg_result = newfd;
		return (error);
	case F_GETFD:
	case F_SETFD:
		spin_lock(&fdp->fd_spin);
		if (fd < 0 || fd >= fdp->fd_nfiles ||
		    fdp->fd_files[fd].fp == NULL) {
			spin_unlock(&fdp->fd_spin);
			return (EBADF);
		}
		if (uap->cmd == F_GETFD) {
			sysmsg->sysmsg_result =
			    (fdp->fd_files[fd].fileflags & UF_EXCLOSE) ?
			    FD_CLOEXEC : 0;
		} else {
			if (arg & FD_CLOEXEC)
				fdp->fd_files[fd].fileflags |= UF_EXCLOSE;
			else
				fdp->fd_files[fd].fileflags &= ~UF_EXCLOSE;
			sysmsg->sysmsg_result = 0;
		}
		spin_unlock(&fdp->fd_spin);
		return (0);
	case F_GETFL:
		error = holdfp(curthread, fd, 0, &fp);
		if (error != 0)
			return (error);
		sysmsg->sysmsg_result = OFLAGS(fp->f_flag);
		fdrop(fp);
		return (0);
	case F_SETFL:
		error = holdfp(curthread, fd, 0, &fp);
		if (error != 0)
			return (error);
		error = fcntl_setfl(fp, (int)arg);
		fdrop(fp);
		sysmsg->sysmsg_result = 0;
		return (error);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		/* Advisory record locks: kern_lockf.c. */
		error = holdfp(curthread, fd, 0, &fp);
		if (error != 0)
			return (error);
		error = copyin((void *)arg, &fl, sizeof(fl));
		if (error == 0)
			error = lf_fcntl(p, fp, uap->cmd, &fl);
		if (error == 0 && uap->cmd == F_GETLK)
			error = copyout(&fl, (void *)arg, sizeof(fl));
		fdrop(fp);
		return (error);
	default:
		return (EINVAL);
	}
}

int
sys_fstat(struct sysmsg *sysmsg, const struct fstat_args *uap)
{
	struct stat sb;
	struct file *fp;
	int error;

	error = holdfp(curthread, uap->fd, 0, &fp);
	if (error != 0)
		return (error);
	memset(&sb, 0, sizeof(sb));
	error = fo_stat(fp, &sb, fp->f_cred);
	fdrop(fp);
	if (error == 0)
		error = copyout(&sb, uap->sb, sizeof(sb));
	return (error);
}

/* ---- kern.file ---------------------------------------------------------- */

struct kern_file_walk {
	struct sysctl_req *req;
	struct ucred	*cred;		/* the reader's; NULL in the kernel */
	bool		priv;		/* show kernel addresses */
	struct xfile	*buf;		/* records gathered */
	u_int		cap;		/* room in buf */
	u_int		count;		/* descriptors counted or gathered */
};

/* A jailed reader sees only the processes of its own prison. */
static bool
kern_file_visible(const struct ucred *reader, const struct proc *p)
{
	if (reader == NULL || reader->cr_prison == NULL)
		return (true);
	return (p->p_ucred != NULL &&
	    p->p_ucred->cr_prison == reader->cr_prison);
}

/*
 * The id of what a descriptor refers to.  A privileged reader gets the
 * address, as FreeBSD's tools expect; anyone else gets the object's
 * opaque id where it has one (sockets: the same so_id that sotoxsocket
 * puts in xso_so, so sockstat can join the two lists), else 0.
 */
static uint64_t
kern_file_objid(const struct file *fp, bool priv)
{
	if (fp->f_data == NULL)
		return (0);
	if (priv)
		return ((uint64_t)(uintptr_t)fp->f_data);
	if (fp->f_type == DTYPE_SOCKET)
		return (((const struct socket *)fp->f_data)->so_id);
	return (0);
}

static void
kern_file_fill(struct xfile *xf, struct proc *p, int fd, struct file *fp,
    bool priv)
{
	bzero(xf, sizeof(*xf));
	xf->xf_size = sizeof(*xf);
	xf->xf_version = XFILE_VERSION;
	xf->xf_pid = p->p_pid;
	xf->xf_uid = p->p_ucred != NULL ? p->p_ucred->cr_uid : 0;
	xf->xf_jid = p->p_ucred != NULL && p->p_ucred->cr_prison != NULL ?
	    p->p_ucred->cr_prison->pr_id : 0;
	xf->xf_fd = fd;
	xf->xf_type = fp->f_type;
	xf->xf_count = fp->f_count;
	xf->xf_msgcount = fp->f_msgcount;
	xf->xf_offset = fp->f_offset;
	xf->xf_flag = fp->f_flag;
	xf->xf_data = kern_file_objid(fp, priv);
	if (priv) {
		xf->xf_file = (uint64_t)(uintptr_t)fp;
		xf->xf_vnode = (uint64_t)(uintptr_t)fp->f_vnode;
	}
	strlcpy(xf->xf_comm, p->p_comm, sizeof(xf->xf_comm));
}

/* Count the descriptors of one process (for sizing). */
static int
kern_file_count(struct proc *p, void *arg)
{
	struct kern_file_walk *w = arg;
	struct filedesc *fdp = p->p_fd;
	int i;

	if (fdp == NULL || !kern_file_visible(w->cred, p))
		return (0);
	spin_lock(&fdp->fd_spin);
	for (i = 0; i <= fdp->fd_lastfile; i++)
		if (fdp->fd_files[i].fp != NULL)
			w->count++;
	spin_unlock(&fdp->fd_spin);
	return (0);
}

/*
 * The records of one process, filled under its table's spinlock into
 * the walk's buffer.  Nothing here sleeps, so the process list cannot
 * change under proc_foreach; ENOMEM when the buffer is full.
 */
static int
kern_file_proc(struct proc *p, void *arg)
{
	struct kern_file_walk *w = arg;
	struct filedesc *fdp = p->p_fd;
	struct file *fp;
	int i, error = 0;

	if (fdp == NULL || !kern_file_visible(w->cred, p))
		return (0);
	spin_lock(&fdp->fd_spin);
	for (i = 0; i <= fdp->fd_lastfile; i++) {
		if ((fp = fdp->fd_files[i].fp) == NULL)
			continue;
		if (w->count == w->cap) {
			error = ENOMEM;
			break;
		}
		kern_file_fill(&w->buf[w->count++], p, i, fp, w->priv);
	}
	spin_unlock(&fdp->fd_spin);
	return (error);
}

/*
 * kern.file: header, one struct xfile per descriptor, trailer (see
 * <sys/file.h>).  The records are gathered into a kernel buffer first
 * and copied out after, since the copy may fault and sleep.  Without a
 * buffer, the size to allocate, with room for an eighth more descriptors
 * than there are now.
 */
static int
sysctl_kern_file(SYSCTL_HANDLER_ARGS)
{
	struct kern_file_walk w;
	struct xfilegen xfg;
	uint64_t endgen, endsogen;
	int error;

	if (req->newptr != NULL)
		return (EPERM);
	bzero(&w, sizeof(w));
	w.cred = req->td != NULL && req->td->td_proc != NULL ?
	    req->td->td_proc->p_ucred : NULL;
	w.priv = req->td == NULL ||
	    caps_priv_check_td(req->td, SYSCAP_RESTRICTEDROOT) == 0;
	for (;;) {
		w.count = 0;
		proc_foreach(kern_file_count, &w);
		if (req->oldptr == NULL) {
			req->oldidx = 2 * sizeof(xfg) + (w.count +
			    w.count / 8 + 16) * sizeof(struct xfile);
			return (0);
		}
		w.cap = w.count + w.count / 8 + 16;
		w.buf = kmalloc(w.cap * sizeof(*w.buf), M_TEMP, M_WAITOK);
		w.count = 0;
		bzero(&xfg, sizeof(xfg));
		xfg.xfg_len = sizeof(xfg);
		xfg.xfg_gen = __atomic_load_n(&fd_gencnt, __ATOMIC_ACQUIRE);
		xfg.xfg_sogen = so_generation();
		error = proc_foreach(kern_file_proc, &w);
		endgen = __atomic_load_n(&fd_gencnt, __ATOMIC_ACQUIRE);
		endsogen = so_generation();
		if (error == 0)
			break;
		kfree(w.buf, M_TEMP);		/* grew meanwhile: again */
	}
	xfg.xfg_count = w.count;
	error = SYSCTL_OUT(req, &xfg, sizeof(xfg));
	if (error == 0 && w.count > 0)
		error = SYSCTL_OUT(req, w.buf, w.count * sizeof(*w.buf));
	/* The trailer: the generations when the walk ended. */
	xfg.xfg_gen = endgen;
	xfg.xfg_sogen = endsogen;
	if (error == 0)
		error = SYSCTL_OUT(req, &xfg, sizeof(xfg));
	kfree(w.buf, M_TEMP);
	return (error);
}
SYSCTL_PROC(_kern, KERN_FILE, file, CTLTYPE_OPAQUE | CTLFLAG_RD, NULL, 0,
    sysctl_kern_file, "S,xfile", "Entire file table");

/*
 * Walk every open file.  file_foreach_spin() calls fn with filehead_spin
 * held, so fn must not block, and sees the counts as they are.
 * file_foreach() takes a reference on each live file instead and calls fn
 * without the lock, so fn may block; fn then sees f_count one higher than
 * the file's other holders account for.  fn returns nonzero to stop; that
 * value is returned.  (The Unix-domain garbage collector uses both.)
 */
int
file_foreach_spin(int (*fn)(struct file *, void *), void *arg)
{
	struct file *fp;
	int error = 0;

	spin_lock(&filehead_spin);
	LIST_FOREACH(fp, &filehead, f_list) {
		if (fp->f_count == 0)
			continue;		/* being closed */
		if ((error = fn(fp, arg)) != 0)
			break;
	}
	spin_unlock(&filehead_spin);
	return (error);
}

/* Take a reference unless the file is already on its way out. */
static bool
fhold_live(struct file *fp)
{
	int c = fp->f_count;

	while (c > 0) {
		if (__atomic_compare_exchange_n(&fp->f_count, &c, c + 1,
		    false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return (true);
	}
	return (false);
}

int
file_foreach(int (*fn)(struct file *, void *), void *arg)
{
	struct file **v, *fp;
	int cap, n, i, error = 0;

	for (;;) {
		cap = nfiles + 16;
		v = kmalloc(sizeof(*v) * (size_t)cap, M_TEMP, M_WAITOK);
		n = 0;
		spin_lock(&filehead_spin);
		if (nfiles + 16 > cap) {
			spin_unlock(&filehead_spin);
			kfree(v, M_TEMP);
			continue;
		}
		LIST_FOREACH(fp, &filehead, f_list)
			if (fhold_live(fp))
				v[n++] = fp;
		spin_unlock(&filehead_spin);
		break;
	}
	for (i = 0; i < n; i++) {
		if (error == 0)
			error = fn(v[i], arg);
		fdrop(v[i]);
	}
	kfree(v, M_TEMP);
	return (error);
}
