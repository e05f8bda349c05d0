/*
 * Path name translation.  namei() copies the path into a MAXPATHLEN
 * buffer and walks it one component at a time with VOP_LOOKUP, starting
 * at the process's root directory (absolute paths), its current
 * directory (AT_FDCWD) or a directory descriptor (the *at calls).  It
 * crosses mount points both ways, follows symbolic links by splicing
 * their text in front of the rest of the path (ELOOP after MAXSYMLINKS),
 * refuses components longer than NAME_MAX (ENAMETOOLONG), searches only
 * directories the caller may search (EACCES), and honours trailing
 * slashes (the object must be a directory).  For CREATE/DELETE/RENAME it
 * stops with the parent directory and the last name, and refuses
 * (EROFS) to create, remove or rename in a read-only file system.
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
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_NAMEI, "namei", "path name buffers");

void
NDINIT(struct nameidata *ndp, int op, int flags, enum uio_seg seg,
    const char *path, int dirfd)
{
	struct thread *td = curthread;

	memset(ndp, 0, sizeof(*ndp));
	ndp->ni_dirp = path;
	ndp->ni_segflg = seg;
	ndp->ni_dirfd = dirfd;
	ndp->ni_nameiop = op;
	ndp->ni_flags = flags;
	ndp->ni_cred = (td != NULL && td->td_proc != NULL) ?
	    td->td_proc->p_ucred : NULL;
}

void
NDFREE(struct nameidata *ndp)
{
	if (ndp->ni_vp != NULL)
		vrele(ndp->ni_vp);
	if (ndp->ni_dvp != NULL)
		vrele(ndp->ni_dvp);
	ndp->ni_vp = ndp->ni_dvp = NULL;
	if (ndp->ni_pnbuf != NULL)
		kfree(ndp->ni_pnbuf, M_NAMEI);
	ndp->ni_pnbuf = NULL;
}

/* The process's root (for "/" and for stopping ".."), referenced. */
static struct vnode *
namei_rootdir(void)
{
	struct filedesc *fdp = fd_curfiledesc();
	struct vnode *vp;

	if (fdp != NULL) {
		spin_lock(&fdp->fd_spin);
		vp = fdp->fd_rdir != NULL ? fdp->fd_rdir : rootvnode;
		if (vp != NULL)
			vref(vp);
		spin_unlock(&fdp->fd_spin);
		return (vp);
	}
	if (rootvnode != NULL)
		vref(rootvnode);
	return (rootvnode);
}

/* Where a relative path starts, referenced. */
static int
namei_startdir(struct nameidata *ndp, struct vnode **vpp)
{
	struct filedesc *fdp = fd_curfiledesc();
	struct file *fp;
	struct vnode *vp;
	int error;

	if (ndp->ni_dirfd == AT_FDCWD) {
		if (fdp == NULL) {
			*vpp = namei_rootdir();
			return (*vpp != NULL ? 0 : ENOENT);
		}
		spin_lock(&fdp->fd_spin);
		vp = fdp->fd_cdir != NULL ? fdp->fd_cdir : rootvnode;
		if (vp != NULL)
			vref(vp);
		spin_unlock(&fdp->fd_spin);
		*vpp = vp;
		return (vp != NULL ? 0 : ENOENT);
	}
	error = holdfp(curthread, ndp->ni_dirfd, 0, &fp);
	if (error != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE) {
		fdrop(fp);
		return (ENOTDIR);
	}
	vp = fp->f_vnode;
	vref(vp);
	fdrop(fp);
	*vpp = vp;
	return (0);
}

/*
 * Splice the symbolic link vp in front of rest (the unwalked part of the
 * path, possibly empty) into ni_pnbuf.  Returns the new start of the walk.
 */
static int
namei_symlink(struct nameidata *ndp, struct vnode *vp, const char *rest,
    char **startp)
{
	struct iovec aiov;
	struct uio auio;
	char *buf;
	size_t linklen, restlen;
	int error;

	if (++ndp->ni_loopcnt > MAXSYMLINKS)
		return (ELOOP);
	buf = kmalloc(MAXPATHLEN, M_NAMEI, M_WAITOK);
	aiov.iov_base = buf;
	aiov.iov_len = MAXPATHLEN;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = 0;
	auio.uio_rw = UIO_READ;
	auio.uio_segflg = UIO_SYSSPACE;
	auio.uio_resid = MAXPATHLEN;
	auio.uio_td = curthread;
	error = VOP_READLINK(vp, &auio, ndp->ni_cred);
	if (error != 0)
		goto out;
	linklen = MAXPATHLEN - auio.uio_resid;
	if (linklen == 0) {
		error = ENOENT;
		goto out;
	}
	restlen = strlen(rest);
	if (linklen + 1 + restlen + 1 > MAXPATHLEN) {
		error = ENAMETOOLONG;
		goto out;
	}
	/* rest lives in ni_pnbuf: move it first, then put the link text. */
	if (restlen > 0) {
		memmove(ndp->ni_pnbuf + linklen + 1, rest, restlen + 1);
		ndp->ni_pnbuf[linklen] = '/';
	} else {
		ndp->ni_pnbuf[linklen] = '\0';
	}
	memcpy(ndp->ni_pnbuf, buf, linklen);
	*startp = ndp->ni_pnbuf;
out:
	kfree(buf, M_NAMEI);
	return (error);
}

int
namei(struct nameidata *ndp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	struct vnode *dp = NULL, *vp = NULL, *rdir = NULL, *tdp;
	char *cp, *name;
	size_t len;
	bool last, slash;
	int error, op = ndp->ni_nameiop;

	ndp->ni_vp = ndp->ni_dvp = NULL;
	ndp->ni_loopcnt = 0;
	ndp->ni_pnbuf = kmalloc(MAXPATHLEN, M_NAMEI, M_WAITOK);
	if (ndp->ni_segflg == UIO_SYSSPACE) {
		len = strlcpy(ndp->ni_pnbuf, ndp->ni_dirp, MAXPATHLEN);
		error = len >= MAXPATHLEN ? ENAMETOOLONG : 0;
	} else {
		error = copyinstr(ndp->ni_dirp, ndp->ni_pnbuf, MAXPATHLEN,
		    &len);
	}
	if (error != 0)
		goto bad;
	if (ndp->ni_pnbuf[0] == '\0' && (ndp->ni_flags & EMPTYPATH) == 0) {
		error = ENOENT;
		goto bad;
	}
	cnp->cn_nameiop = op;
	cnp->cn_cred = ndp->ni_cred;

	rdir = namei_rootdir();
	if (rdir == NULL) {
		error = ENOENT;
		goto bad;
	}
	cp = ndp->ni_pnbuf;
	if (*cp == '/') {
		dp = rdir;
		vref(dp);
	} else {
		error = namei_startdir(ndp, &dp);
		if (error != 0)
			goto bad;
	}

restart:
	/* dp is referenced; cp is the rest of the path. */
	for (;;) {
		while (*cp == '/')
			cp++;
		if (*cp == '\0') {
			/* "/", "" (EMPTYPATH) or "dir/" after a symlink. */
			if (dp->v_type != VDIR && cp != ndp->ni_pnbuf &&
			    cp[-1] == '/') {
				error = ENOTDIR;
				goto bad;
			}
			if (op != LOOKUP) {
				/* mkdir("/"), rmdir("/"), rename of "/" */
				error = op == CREATE ? EEXIST : EBUSY;
				goto bad;
			}
			ndp->ni_vp = dp;
			dp = NULL;
			cnp->cn_nameptr = cp;
			cnp->cn_namelen = 0;
			cnp->cn_flags = ISLASTCN;
			if (ndp->ni_flags & WANTPARENT) {
				vref(ndp->ni_vp);
				ndp->ni_dvp = ndp->ni_vp;
			}
			goto done;
		}
		name = cp;
		while (*cp != '\0' && *cp != '/')
			cp++;
		len = cp - name;
		if (len > NAME_MAX) {
			error = ENAMETOOLONG;
			goto bad;
		}
		slash = false;
		while (*cp == '/') {
			cp++;
			slash = true;
		}
		last = (*cp == '\0');
		cnp->cn_nameptr = name;
		cnp->cn_namelen = len;
		cnp->cn_flags = (last ? ISLASTCN : 0) |
		    (last && slash ? TRAILINGSLASH : 0);

		if (dp->v_type != VDIR) {
			error = ENOTDIR;
			goto bad;
		}
		error = VOP_ACCESS(dp, VEXEC, ndp->ni_cred);
		if (error != 0)
			goto bad;

		if (len == 1 && name[0] == '.') {
			vp = dp;
			vref(vp);
		} else if (len == 2 && name[0] == '.' && name[1] == '.') {
			cnp->cn_flags |= ISDOTDOT;
			/* Never above the process's root. */
			if (dp == rdir) {
				vp = dp;
				vref(vp);
			} else {
				/* Up out of a mounted file system. */
				while ((dp->v_flag & VROOT) && dp != rdir &&
				    dp->v_mount != NULL &&
				    dp->v_mount->mnt_vnodecovered != NULL) {
					tdp = dp->v_mount->mnt_vnodecovered;
					vref(tdp);
					vrele(dp);
					dp = tdp;
				}
				if (dp == rdir) {
					vp = dp;
					vref(vp);
				} else {
					error = VOP_LOOKUP(dp, &vp, cnp);
					if (error != 0)
						goto bad;
				}
			}
		} else {
			error = VOP_LOOKUP(dp, &vp, cnp);
			if (error == ENOENT && last && op != LOOKUP &&
			    op != DELETE) {
				/* CREATE/RENAME target: the parent must be
				   writable, and on a writable file system. */
				error = vfs_rdonly(dp) ? EROFS :
				    VOP_ACCESS(dp, VWRITE, ndp->ni_cred);
				if (error != 0)
					goto bad;
				ndp->ni_vp = NULL;
				ndp->ni_dvp = dp;
				dp = NULL;
				goto done;
			}
			if (error != 0)
				goto bad;
		}
		error = vfs_cross_down(&vp);
		if (error != 0)
			goto bad;

		if (vp->v_type == VLNK &&
		    (!last || slash || (ndp->ni_flags & FOLLOW))) {
			error = namei_symlink(ndp, vp, last ? (slash ? "." :
			    "") : cp, &cp);
			vrele(vp);
			vp = NULL;
			if (error != 0)
				goto bad;
			if (*cp == '/') {
				vrele(dp);
				dp = rdir;
				vref(dp);
			}
			goto restart;
		}
		if (!last) {
			vrele(dp);
			dp = vp;
			vp = NULL;
			continue;
		}
		/* The last component. */
		if (slash && vp->v_type != VDIR) {
			error = ENOTDIR;
			goto bad;
		}
		if (op == DELETE || op == RENAME) {
			error = vfs_rdonly(dp) ? EROFS :
			    VOP_ACCESS(dp, VWRITE, ndp->ni_cred);
			if (error != 0)
				goto bad;
		}
		ndp->ni_vp = vp;
		vp = NULL;
		if (ndp->ni_flags & WANTPARENT) {
			ndp->ni_dvp = dp;
			dp = NULL;
		}
		goto done;
	}
done:
	if (dp != NULL)
		vrele(dp);
	vrele(rdir);
	return (0);
bad:
	if (vp != NULL)
		vrele(vp);
	if (dp != NULL)
		vrele(dp);
	if (rdir != NULL)
		vrele(rdir);
	if (ndp->ni_vp != NULL)
		vrele(ndp->ni_vp);
	if (ndp->ni_dvp != NULL)
		vrele(ndp->ni_dvp);
	ndp->ni_vp = ndp->ni_dvp = NULL;
	kfree(ndp->ni_pnbuf, M_NAMEI);
	ndp->ni_pnbuf = NULL;
	return (error);
}

/* For the kernel (exec, init): look a path up from the process's view. */
int
namei_lookup(const char *kpath, int follow, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, follow ? FOLLOW : NOFOLLOW, UIO_SYSSPACE, kpath,
	    AT_FDCWD);
	error = namei(&nd);
	if (error != 0)
		return (error);
	*vpp = nd.ni_vp;
	nd.ni_vp = NULL;
	NDFREE(&nd);
	return (0);
}
