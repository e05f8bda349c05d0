/*
 * fts.h: FreeBSD's file hierarchy traversal, fts_open/fts_read/
 * fts_children/fts_set/fts_close (gen/fts.c).  The structures keep
 * FreeBSD's field names; fts_accpath always equals fts_path, since
 * Petrel's fts never changes directory (see gen/fts.c).
 */
#ifndef _FTS_H_
#define	_FTS_H_

#include <sys/cdefs.h>
#include <sys/types.h>

struct stat;
struct _ftsent;

typedef struct {
	struct _ftsent *fts_cur;	/* current node */
	struct _ftsent *fts_child;	/* linked list of children */
	struct _ftsent **fts_array;	/* sort array */
	dev_t	fts_dev;		/* starting device # */
	char	*fts_path;		/* unused (paths live in the entries) */
	int	fts_rfd;		/* unused: -1 */
	size_t	fts_pathlen;		/* unused */
	size_t	fts_nitems;		/* elements in the sort array */
	int	(*fts_compar)		/* compare function */
		    (const struct _ftsent * const *,
		    const struct _ftsent * const *);

#define	FTS_COMFOLLOW	0x000001	/* follow command line symlinks */
#define	FTS_LOGICAL	0x000002	/* logical walk */
#define	FTS_NOCHDIR	0x000004	/* don't change directories */
#define	FTS_NOSTAT	0x000008	/* don't get stat info */
#define	FTS_PHYSICAL	0x000010	/* physical walk */
#define	FTS_SEEDOT	0x000020	/* return dot and dot-dot */
#define	FTS_XDEV	0x000040	/* don't cross devices */
#define	FTS_WHITEOUT	0x000080	/* return whiteout information */
#define	FTS_OPTIONMASK	0x0000ff	/* valid user option mask */

#define	FTS_NAMEONLY	0x000100	/* (private) child names only */
#define	FTS_STOP	0x000200	/* (private) unrecoverable error */
	int	fts_options;		/* fts_open options, global flags */
	void	*fts_clientptr;		/* for the caller */
} FTS;

typedef struct _ftsent {
	struct _ftsent *fts_cycle;	/* cycle node */
	struct _ftsent *fts_parent;	/* parent directory */
	struct _ftsent *fts_link;	/* next file in directory */
	long long fts_number;		/* local numeric value */
	void	*fts_pointer;		/* local address value */
	char	*fts_accpath;		/* access path */
	char	*fts_path;		/* root path */
	int	fts_errno;		/* errno for this node */
	int	fts_symfd;		/* unused: -1 */
	size_t	fts_pathlen;		/* strlen(fts_path) */
	size_t	fts_namelen;		/* strlen(fts_name) */

	ino_t	fts_ino;		/* inode */
	dev_t	fts_dev;		/* device */
	nlink_t	fts_nlink;		/* link count */

#define	FTS_ROOTPARENTLEVEL	-1
#define	FTS_ROOTLEVEL		 0
	long	fts_level;		/* depth (-1 to N) */

#define	FTS_D		 1		/* preorder directory */
#define	FTS_DC		 2		/* directory that causes cycles */
#define	FTS_DEFAULT	 3		/* none of the above */
#define	FTS_DNR		 4		/* unreadable directory */
#define	FTS_DOT		 5		/* dot or dot-dot */
#define	FTS_DP		 6		/* postorder directory */
#define	FTS_ERR		 7		/* error; errno is set */
#define	FTS_F		 8		/* regular file */
#define	FTS_INIT	 9		/* initialized only */
#define	FTS_NS		10		/* stat(2) failed */
#define	FTS_NSOK	11		/* no stat(2) requested */
#define	FTS_SL		12		/* symbolic link */
#define	FTS_SLNONE	13		/* symbolic link without target */
#define	FTS_W		14		/* whiteout object */
	int	fts_info;		/* user status for FTSENT structure */

#define	FTS_DONTCHDIR	 0x01		/* don't chdir .. to the parent */
#define	FTS_SYMFOLLOW	 0x02		/* followed a symlink to get here */
#define	FTS_ISW		 0x04		/* this is a whiteout object */
	unsigned fts_flags;		/* private flags for FTSENT structure */

#define	FTS_AGAIN	 1		/* read node again */
#define	FTS_FOLLOW	 2		/* follow symbolic link */
#define	FTS_NOINSTR	 3		/* no instructions */
#define	FTS_SKIP	 4		/* discard node */
	int	fts_instr;		/* fts_set() instructions */

	struct stat *fts_statp;		/* stat(2) information */
	char	*fts_name;		/* file name */
	FTS	*fts_fts;		/* back pointer to main FTS */
} FTSENT;

__BEGIN_DECLS
FTSENT	*fts_children(FTS *, int);
int	 fts_close(FTS *);
void	*fts_get_clientptr(FTS *);
#define	 fts_get_clientptr(fts)	((fts)->fts_clientptr)
FTS	*fts_get_stream(FTSENT *);
#define	 fts_get_stream(ftsent)	((ftsent)->fts_fts)
FTS	*fts_open(char * const *, int,
	    int (*)(const FTSENT * const *, const FTSENT * const *));
FTSENT	*fts_read(FTS *);
int	 fts_set(FTS *, FTSENT *, int);
void	 fts_set_clientptr(FTS *, void *);
__END_DECLS

#endif /* !_FTS_H_ */
