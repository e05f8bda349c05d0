/*
 * tmpfs mount operations and node management: creating and freeing
 * nodes (each with its vnode), and directory entries.  Callers hold the
 * mount's tm_lock for everything except mount/unmount.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>
#include <vm/vm_object.h>

MALLOC_DEFINE(M_TMPFSNODE, "tmpfs node", "tmpfs nodes and names");

void
tmpfs_itimes(struct tmpfs_node *node, int which)
{
	struct timespec now;

	nanotime(&now);
	if (which & TMPFS_ACCESSED)
		node->tn_atime = now;
	if (which & TMPFS_MODIFIED)
		node->tn_mtime = now;
	if (which & (TMPFS_MODIFIED | TMPFS_CHANGED))
		node->tn_ctime = now;
}

/*
 * A new node of the given type with its vnode (one reference, the
 * caller's).  It is not in any directory yet (tn_links 0): the caller
 * attaches it.  `parent' is the directory a new directory's ".." names.
 */
int
tmpfs_alloc_node(struct tmpfs_mount *tmp, enum vtype type, uid_t uid,
    gid_t gid, mode_t mode, struct tmpfs_node *parent, const char *link,
    dev_t rdev, struct tmpfs_node **nodep)
{
	struct tmpfs_node *node;
	size_t len;

	node = kmalloc(sizeof(*node), M_TMPFSNODE, M_WAITOK | M_ZERO);
	node->tn_type = type;
	node->tn_mode = mode & ALLPERMS;
	node->tn_uid = uid;
	node->tn_gid = gid;
	node->tn_id = tmp->tm_nextino++;
	node->tn_tmp = tmp;
	tmpfs_itimes(node, TMPFS_ACCESSED | TMPFS_MODIFIED);
	node->tn_birthtime = node->tn_mtime;
	switch (type) {
	case VDIR:
		TAILQ_INIT(&node->tn_dir.tn_dirhead);
		node->tn_dir.tn_parent = parent != NULL ? parent : node;
		node->tn_dir.tn_nextcookie = 2;
		node->tn_size = 0;
		break;
	case VLNK:
		len = strlen(link);
		node->tn_link = kmalloc(len + 1, M_TMPFSNODE, M_WAITOK);
		memcpy(node->tn_link, link, len + 1);
		node->tn_size = len;
		break;
	case VCHR:
	case VBLK:
		node->tn_rdev = rdev;
		break;
	case VREG:
		node->tn_reg.tn_aobj = vm_object_allocate(OBJT_ANON, 0);
		if (node->tn_reg.tn_aobj == NULL) {
			kfree(node, M_TMPFSNODE);
			return (ENOSPC);
		}
		node->tn_reg.tn_aobj->flags |= OBJ_FILE;
		break;
	case VFIFO:
	case VSOCK:
		break;
	default:
		kfree(node, M_TMPFSNODE);
		return (EINVAL);
	}
	node->tn_vnode = vnode_alloc(tmp->tm_mount, type, &tmpfs_vnodeops,
	    node);
	if (type == VREG)
		node->tn_vnode->v_object = node->tn_reg.tn_aobj;
	tmp->tm_nodes++;
	TAILQ_INSERT_TAIL(&tmp->tm_allnodes, node, tn_all);
	*nodep = node;
	return (0);
}

/* The node is unlinked and its vnode unreferenced: free its storage. */
void
tmpfs_free_node(struct tmpfs_mount *tmp, struct tmpfs_node *node)
{
	switch (node->tn_type) {
	case VREG:
		/* Mappings keep their references: the pages go with them. */
		tmp->tm_bytes -= ptoa(node->tn_reg.tn_aobj->resident);
		node->tn_vnode->v_object = NULL;
		vm_object_deallocate(node->tn_reg.tn_aobj);
		break;
	case VLNK:
		kfree(node->tn_link, M_TMPFSNODE);
		break;
	default:
		break;
	}
	tmp->tm_nodes--;
	TAILQ_REMOVE(&tmp->tm_allnodes, node, tn_all);
	kfree(node, M_TMPFSNODE);
}

struct tmpfs_dirent *
tmpfs_dir_lookup(struct tmpfs_node *dnode, const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	TAILQ_FOREACH(de, &dnode->tn_dir.tn_dirhead, td_entries) {
		if (de->td_namelen == len &&
		    memcmp(de->td_name, name, len) == 0)
			return (de);
	}
	return (NULL);
}

/* Enter node under name in dnode (one more link). */
int
tmpfs_dir_attach(struct tmpfs_node *dnode, struct tmpfs_node *node,
    const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	if (len == 0 || len > NAME_MAX_TMPFS)
		return (len == 0 ? ENOENT : ENAMETOOLONG);
	de = kmalloc(sizeof(*de) + len, M_TMPFSNODE, M_WAITOK);
	de->td_node = node;
	de->td_namelen = len;
	memcpy(de->td_name, name, len);
	de->td_cookie = dnode->tn_dir.tn_nextcookie++;
	TAILQ_INSERT_TAIL(&dnode->tn_dir.tn_dirhead, de, td_entries);
	dnode->tn_size += sizeof(struct tmpfs_dirent) + len;
	node->tn_links++;
	if (node->tn_type == VDIR) {
		node->tn_dir.tn_parent = dnode;
		node->tn_links++;	/* its own "." */
		dnode->tn_links++;	/* its ".." */
	}
	tmpfs_itimes(dnode, TMPFS_MODIFIED);
	tmpfs_itimes(node, TMPFS_CHANGED);
	return (0);
}

/* Remove the entry (one link fewer); the node is freed by inactive. */
void
tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	struct tmpfs_node *node = de->td_node;

	TAILQ_REMOVE(&dnode->tn_dir.tn_dirhead, de, td_entries);
	dnode->tn_size -= sizeof(struct tmpfs_dirent) + de->td_namelen;
	node->tn_links--;
	if (node->tn_type == VDIR) {
		node->tn_links--;	/* "." goes with it */
		dnode->tn_links--;
	}
	tmpfs_itimes(dnode, TMPFS_MODIFIED);
	tmpfs_itimes(node, TMPFS_CHANGED);
	kfree(de, M_TMPFSNODE);
}

/* ---- vfsops ------------------------------------------------------------------ */

static int
tmpfs_mount(struct mount *mp, const char *path, const void *data)
{
	struct tmpfs_mount *tmp;
	struct tmpfs_node *root;
	int error;

	tmp = kmalloc(sizeof(*tmp), M_TMPFSNODE, M_WAITOK | M_ZERO);
	vlock_init(&tmp->tm_lock, "tmpfs");
	TAILQ_INIT(&tmp->tm_allnodes);
	tmp->tm_nextino = 2;
	tmp->tm_mount = mp;
	tmp->tm_maxbytes = (uint64_t)1 << 40;	/* bounded by kmalloc */
	error = tmpfs_alloc_node(tmp, VDIR, 0, 0, 0755, NULL, NULL, 0, &root);
	if (error != 0) {
		kfree(tmp, M_TMPFSNODE);
		return (error);
	}
	root->tn_links = 2;
	root->tn_vnode->v_flag |= VROOT;
	/* The mount keeps the root vnode's reference from allocation. */
	tmp->tm_root = root;
	mp->mnt_data = tmp;
	mp->mnt_flag |= MNT_LOCAL;
	return (0);
}

/* Detached from the tree: give up the mount's reference on the root. */
static int
tmpfs_unmount(struct mount *mp, int flags)
{
	struct tmpfs_mount *tmp = VFS_TO_TMPFS(mp);

	vrele(tmp->tm_root->tn_vnode);
	return (0);
}

/*
 * No vnode of the mount is referenced (vfs_reap): free every node with
 * its vnode and directory entries, then the mount's own state.  Nodes
 * are on tm_allnodes whatever their links, so hard links and unlinked
 * nodes need no walk of the tree.
 */
static void
tmpfs_free(struct mount *mp)
{
	struct tmpfs_mount *tmp = VFS_TO_TMPFS(mp);
	struct tmpfs_node *node;
	struct tmpfs_dirent *de;

	while ((node = TAILQ_FIRST(&tmp->tm_allnodes)) != NULL) {
		if (node->tn_type == VDIR) {
			while ((de = TAILQ_FIRST(&node->tn_dir.tn_dirhead)) !=
			    NULL) {
				TAILQ_REMOVE(&node->tn_dir.tn_dirhead, de,
				    td_entries);
				kfree(de, M_TMPFSNODE);
			}
		}
		vnode_free(node->tn_vnode);
		tmpfs_free_node(tmp, node);
	}
	mp->mnt_data = NULL;
	kfree(tmp, M_TMPFSNODE);
}

static int
tmpfs_root(struct mount *mp, struct vnode **vpp)
{
	struct tmpfs_mount *tmp = VFS_TO_TMPFS(mp);

	vref(tmp->tm_root->tn_vnode);
	*vpp = tmp->tm_root->tn_vnode;
	return (0);
}

static int
tmpfs_statfs(struct mount *mp, struct statfs *sbp)
{
	struct tmpfs_mount *tmp = VFS_TO_TMPFS(mp);

	sbp->f_bsize = PAGE_SIZE;
	sbp->f_iosize = PAGE_SIZE;
	vlock_acquire(&tmp->tm_lock);
	sbp->f_blocks = (tmp->tm_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	sbp->f_files = tmp->tm_nodes;
	vlock_release(&tmp->tm_lock);
	sbp->f_bfree = 0;
	sbp->f_bavail = 0;
	sbp->f_ffree = 0;
	sbp->f_namemax = NAME_MAX_TMPFS;
	return (0);
}

struct vfsops tmpfs_vfsops = {
	.vfs_mount = tmpfs_mount,
	.vfs_unmount = tmpfs_unmount,
	.vfs_free = tmpfs_free,
	.vfs_root = tmpfs_root,
	.vfs_statfs = tmpfs_statfs,
};
