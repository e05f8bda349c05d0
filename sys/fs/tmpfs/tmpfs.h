/*
 * tmpfs: a file system in kernel memory, Petrel's root at boot (filled
 * from the cpio image by vfs_initrd.c) and the natural home of /tmp.
 * Every node has exactly one vnode for its whole life (created with the
 * node, tn_vnode); a node whose last link is gone is freed when its
 * vnode's last reference goes (tmpfs_inactive).  One sleepable lock per
 * mount (tm_lock) serialises every operation on that file system; it is
 * held across uiomove, which may fault and sleep.
 *
 * A regular file's data is an anonymous VM object (OBJ_FILE, tn_aobj,
 * also the vnode's v_object) holding a zeroed-or-written page for every
 * page up to tn_size; read and write copy through those pages and mmap
 * maps the object, so mappings and read/write are one view of the file.
 * The node holds one reference on it, each mapping another: an unlinked
 * file's pages outlive its last close until its last munmap.  tm_bytes
 * counts the pages of linked-or-open files.
 */
#ifndef _FS_TMPFS_TMPFS_H_
#define _FS_TMPFS_TMPFS_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <sys/vnode.h>

struct tmpfs_node;

/* A name in a directory.  Under tm_lock. */
struct tmpfs_dirent {
	TAILQ_ENTRY(tmpfs_dirent) td_entries;	/* in cookie order */
	struct tmpfs_node *td_node;
	uint64_t	td_cookie;	/* readdir position, >= 2 */
	uint16_t	td_namelen;
	char		td_name[];	/* not NUL-terminated */
};

/* Everything below is under the mount's tm_lock. */
struct tmpfs_node {
	enum vtype	tn_type;
	mode_t		tn_mode;	/* permission bits */
	uid_t		tn_uid;
	gid_t		tn_gid;
	nlink_t		tn_links;
	ino_t		tn_id;
	off_t		tn_size;
	struct timespec	tn_atime, tn_mtime, tn_ctime, tn_birthtime;
	struct vnode	*tn_vnode;	/* ours, for the node's life */
	struct tmpfs_mount *tn_tmp;
	TAILQ_ENTRY(tmpfs_node) tn_all;	/* tm_allnodes, for unmount */
	union {
		struct {			/* VDIR */
			TAILQ_HEAD(, tmpfs_dirent) tn_dirhead;
			struct tmpfs_node *tn_parent;	/* ".." */
			uint64_t	tn_nextcookie;
		} tn_dir;
		struct {			/* VREG */
			struct vm_object *tn_aobj; /* the data, a page per
						   page up to tn_size */
		} tn_reg;
		char		*tn_link;	/* VLNK: target, NUL-ended */
		dev_t		tn_rdev;	/* VCHR, VBLK */
	};
};

struct tmpfs_mount {
	struct vlock	tm_lock;	/* the whole file system */
	struct tmpfs_node *tm_root;
	ino_t		tm_nextino;
	uint64_t	tm_nodes;	/* nodes allocated */
	uint64_t	tm_bytes;	/* file data allocated */
	uint64_t	tm_maxbytes;	/* limit (ENOSPC) */
	struct mount	*tm_mount;
	TAILQ_HEAD(, tmpfs_node) tm_allnodes;	/* every node */
};

#define VP_TO_TMPFS_NODE(vp)	((struct tmpfs_node *)(vp)->v_data)
#define VFS_TO_TMPFS(mp)	((struct tmpfs_mount *)(mp)->mnt_data)

#define NAME_MAX_TMPFS		255
#define TMPFS_MAXFILESIZE	((off_t)256 * 1024 * 1024)

extern struct vop_ops tmpfs_vnodeops;

int	tmpfs_alloc_node(struct tmpfs_mount *tmp, enum vtype type,
	    uid_t uid, gid_t gid, mode_t mode, struct tmpfs_node *parent,
	    const char *link, dev_t rdev, struct tmpfs_node **nodep);
void	tmpfs_free_node(struct tmpfs_mount *tmp, struct tmpfs_node *node);
struct tmpfs_dirent *tmpfs_dir_lookup(struct tmpfs_node *dnode,
	    const char *name, size_t len);
int	tmpfs_dir_attach(struct tmpfs_node *dnode, struct tmpfs_node *node,
	    const char *name, size_t len);
void	tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de);
void	tmpfs_itimes(struct tmpfs_node *node, int which);
#define TMPFS_ACCESSED	0x1
#define TMPFS_MODIFIED	0x2
#define TMPFS_CHANGED	0x4

#endif /* !_FS_TMPFS_TMPFS_H_ */
