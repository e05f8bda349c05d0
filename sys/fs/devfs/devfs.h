/*
 * devfs: the device file system mounted on /dev.  A driver describes its
 * entry points in a struct cdevsw and creates named devices with
 * make_dev(); each device is a struct cdev with one VCHR vnode for its
 * life.  Names are flat ("console", "null", "ttyp0").  Ownership and
 * modes may be changed with chown/chmod (the pty code hands a slave to
 * its user this way).
 */
#ifndef _FS_DEVFS_DEVFS_H_
#define _FS_DEVFS_DEVFS_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>

struct uio;
struct ucred;
struct knote;
struct vnode;
struct cdev;

struct cdevsw {
	const char	*d_name;
	int	(*d_open)(struct cdev *dev, int fflag, struct ucred *cred);
	int	(*d_close)(struct cdev *dev, int fflag);
	int	(*d_read)(struct cdev *dev, struct uio *uio, int ioflag);
	int	(*d_write)(struct cdev *dev, struct uio *uio, int ioflag);
	int	(*d_ioctl)(struct cdev *dev, u_long cmd, caddr_t data,
		    int fflag, struct ucred *cred);
	int	(*d_poll)(struct cdev *dev, int events);
	int	(*d_kqfilter)(struct cdev *dev, struct knote *kn);
};

/* One device.  si_uid/si_gid/si_mode/times under devfs_lock. */
struct cdev {
	TAILQ_ENTRY(cdev) si_list;	/* all devices; devfs_lock */
	struct cdevsw	*si_devsw;	/* immutable */
	void		*si_drv1;	/* the driver's */
	int		si_unit;	/* immutable */
	dev_t		si_rdev;	/* st_rdev; immutable */
	uint64_t	si_ino;		/* immutable */
	uid_t		si_uid;
	gid_t		si_gid;
	mode_t		si_mode;
	struct timespec	si_atime, si_mtime, si_ctime;
	struct vnode	*si_vnode;	/* held while the device exists */
	char		si_name[64];
};

struct cdev *make_dev(struct cdevsw *devsw, int unit, uid_t uid, gid_t gid,
	    int perms, const char *fmt, ...) __printflike(6, 7);
void	destroy_dev(struct cdev *dev);
/* A held vnode for /dev/name, for the kernel (console for init). */
int	devfs_lookup_name(const char *name, struct vnode **vpp);

#endif /* !_FS_DEVFS_DEVFS_H_ */
