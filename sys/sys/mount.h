/*
 * Mounted file systems.  struct statfs, the MNT_* flags and the mount(2)
 * family's prototypes are user ABI (fixed-width; installed into the
 * sysroot).  The kernel part: each file system type registers a struct
 * vfsconf (tmpfs, devfs); vfs_mount.c keeps the list of mounts
 * (mountlist, under mountlist_spin) and the covered-vnode links that
 * namei crosses.
 */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_

#include <sys/types.h>
#include <sys/queue.h>

/* ---- User ABI ------------------------------------------------------ */
#define MFSNAMELEN	16
#define MNAMELEN	88

typedef struct fsid { int32_t val[2]; } fsid_t;

struct statfs {
	uint32_t	f_version;	/* STATFS_VERSION */
	uint32_t	f_type;		/* vfsconf number */
	uint64_t	f_flags;	/* MNT_* */
	uint64_t	f_bsize;	/* block size */
	uint64_t	f_iosize;	/* preferred I/O size */
	uint64_t	f_blocks;	/* total blocks */
	uint64_t	f_bfree;
	int64_t		f_bavail;
	uint64_t	f_files;	/* total file nodes */
	int64_t		f_ffree;
	uint64_t	f_syncwrites, f_asyncwrites, f_syncreads, f_asyncreads;
	uint64_t	f_spare[10];
	uint32_t	f_namemax;
	uid_t		f_owner;	/* who mounted it */
	fsid_t		f_fsid;
	char		f_charspare[80];
	char		f_fstypename[MFSNAMELEN];
	char		f_mntfromname[MNAMELEN];
	char		f_mntonname[MNAMELEN];
};
#define STATFS_VERSION	0x20140518

#define MNT_RDONLY	0x0000000000000001ULL
#define MNT_SYNCHRONOUS	0x0000000000000002ULL
#define MNT_NOEXEC	0x0000000000000004ULL
#define MNT_NOSUID	0x0000000000000008ULL
#define MNT_LOCAL	0x0000000000001000ULL
#define MNT_ROOTFS	0x0000000000004000ULL
#define MNT_FORCE	0x0000000000080000ULL	/* unmount(2) only */

/* What mount(2) accepts in flags; other bits are EINVAL. */
#define MNT_UPDATEMASK	(MNT_RDONLY | MNT_SYNCHRONOUS | MNT_NOEXEC | \
			 MNT_NOSUID)

#define MNT_WAIT	1		/* getfsstat modes */
#define MNT_NOWAIT	2

#ifndef _KERNEL
#include <sys/cdefs.h>

__BEGIN_DECLS
int	mount(const char *, const char *, int, void *);
int	unmount(const char *, int);
int	statfs(const char *, struct statfs *);
int	fstatfs(int, struct statfs *);
int	getfsstat(struct statfs *, long, int);
__END_DECLS
#endif

#ifdef _KERNEL
#include <sys/spinlock.h>

struct mount;
struct vnode;
struct ucred;

struct vfsops {
	int	(*vfs_mount)(struct mount *mp, const char *path,
		    const void *data);	/* data: kernel or NULL */
	/* Detached and not busy (or MNT_FORCE): give up the file
	   system's own hold on its root.  Cannot fail. */
	int	(*vfs_unmount)(struct mount *mp, int flags);
	/* No vnode of mp is referenced any more: free everything. */
	void	(*vfs_free)(struct mount *mp);
	int	(*vfs_root)(struct mount *mp, struct vnode **vpp);
	int	(*vfs_statfs)(struct mount *mp, struct statfs *sbp);
};

struct vfsconf {
	const char	*vfc_name;
	struct vfsops	*vfc_vfsops;
	int		vfc_typenum;
};

/*
 * A mount.  Immutable after vfs_mount_at() except mnt_nactive (atomic:
 * referenced vnodes of this file system, vfs_subr.c), mnt_list and
 * mnt_kflag (mountlist_spin).
 */
struct mount {
	TAILQ_ENTRY(mount) mnt_list;	/* mountlist */
	struct vfsops	*mnt_op;
	struct vfsconf	*mnt_vfc;
	struct vnode	*mnt_vnodecovered;	/* held; NULL for / */
	void		*mnt_data;	/* the file system's */
	uint64_t	mnt_flag;	/* MNT_* */
	volatile int	mnt_nactive;	/* vnodes with references */
	int		mnt_kflag;	/* MNTK_* */
	int		mnt_fsid;	/* unique number (st_dev) */
	uid_t		mnt_owner;
	char		mnt_onname[MNAMELEN];
	char		mnt_fromname[MNAMELEN];
};

#define MNTK_DETACHED	0x0001		/* unmounted; freed at nactive 0 */

TAILQ_HEAD(mntlist, mount);
extern struct mntlist mountlist;
extern struct spinlock mountlist_spin;

int	vfs_mountroot(void);		/* tmpfs "/" + initrd + devfs */
int	vfs_mount_at(const char *fstype, struct vnode *covered,
	    const char *onname, const char *from, uint64_t flags,
	    const void *data, struct mount **mpp);
int	vfs_root(struct mount *mp, struct vnode **vpp);
struct vfsconf *vfs_byname(const char *name);
int	vfs_unmount(struct mount *mp, int flags);	/* mount_lock held */
void	vfs_mount_lock(void);		/* serialises mount/unmount/list */
void	vfs_mount_unlock(void);
void	vfs_reap_detached(void);
int	vfs_cross_down(struct vnode **vpp);	/* onto mounted roots */
bool	vfs_rdonly(struct vnode *vp);	/* vp's file system is MNT_RDONLY */
int	vfs_initrd_unpack(struct vnode *root, const void *image, size_t len);

extern struct vfsops tmpfs_vfsops;
extern struct vfsops devfs_vfsops;
#endif /* _KERNEL */

#endif /* !_SYS_MOUNT_H_ */
