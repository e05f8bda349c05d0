/*
 * vfs_shim.h: what the file system shim (vfs_shim.c) offers a test beyond
 * the kernel interfaces it implements.  Plain C types only.
 */
#ifndef _REGRESS_HOST_VFS_SHIM_H_
#define _REGRESS_HOST_VFS_SHIM_H_

struct vnode;

struct vnode *shim_vfs_root(void);
int	shim_vfs_remove(const char *name);	/* unlink; 0 or ENOENT */
int	shim_vfs_chmod(const char *name, int mode);
/* enum vtype of a name (mode and size through the pointers), or -1 */
int	shim_vfs_stat(const char *name, int *modep, long long *sizep);
int	shim_vfs_nnames(void);
void	shim_vfs_reset(void);			/* remove every name */
extern long shim_vnodes_live;

#endif /* _REGRESS_HOST_VFS_SHIM_H_ */
