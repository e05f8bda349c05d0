/*
 * The sysctl MIB: a tree of numbered nodes that user programs read and
 * write with sysctl(3).  The top of this file is user ABI (installed into
 * the sysroot): the CTL_* top-level numbers, CTLTYPE_* kinds, CTLFLAG_*
 * flags and the well-known second-level numbers, all with FreeBSD's values
 * so that sysctl(8) and friends behave as there.  The _KERNEL part is the
 * in-kernel API: nodes are declared statically with the SYSCTL_* macros,
 * which drop a pointer to each struct sysctl_oid into the linker set
 * `set_sysctl'; kern_sysctl.c links them into the tree at boot
 * (sysctl_init) and serves the __sysctl system call from it.
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>

/* ---- User ABI ------------------------------------------------------ */

#define CTL_MAXNAME	24		/* longest name, in integers */

/* oid_kind: the low 4 bits are the type, the rest are flags. */
#define CTLTYPE		0xf
#define CTLTYPE_NODE	1		/* a subtree (or a handler) */
#define CTLTYPE_INT	2		/* int */
#define CTLTYPE_STRING	3		/* NUL-terminated string */
#define CTLTYPE_S64	4		/* int64_t */
#define CTLTYPE_QUAD	CTLTYPE_S64
#define CTLTYPE_OPAQUE	5		/* bytes, with a format "S,name" */
#define CTLTYPE_STRUCT	CTLTYPE_OPAQUE
#define CTLTYPE_UINT	6		/* unsigned int */
#define CTLTYPE_LONG	7		/* long (64-bit on both ports) */
#define CTLTYPE_ULONG	8		/* unsigned long */
#define CTLTYPE_U64	9		/* uint64_t */
#define CTLTYPE_U8	0xa
#define CTLTYPE_U16	0xb
#define CTLTYPE_S8	0xc
#define CTLTYPE_S16	0xd
#define CTLTYPE_S32	0xe
#define CTLTYPE_U32	0xf

#define CTLFLAG_RD	0x80000000	/* readable */
#define CTLFLAG_WR	0x40000000	/* writable */
#define CTLFLAG_RW	(CTLFLAG_RD | CTLFLAG_WR)
#define CTLFLAG_DORMANT	0x20000000	/* not yet active */
#define CTLFLAG_ANYBODY	0x10000000	/* anybody may write */
#define CTLFLAG_SECURE	0x08000000	/* root only, even to read */
#define CTLFLAG_PRISON	0x04000000	/* writable inside a jail */
#define CTLFLAG_DYN	0x02000000	/* added at run time */
#define CTLFLAG_SKIP	0x01000000	/* hidden from {0,2} next */
#define CTLFLAG_TUN	0x00080000	/* boot tunable */
#define CTLFLAG_RDTUN	(CTLFLAG_RD | CTLFLAG_TUN)
#define CTLFLAG_RWTUN	(CTLFLAG_RW | CTLFLAG_TUN)
#define CTLFLAG_MPSAFE	0x00040000	/* accepted, always true here */
#define CTLFLAG_STATS	0x00002000	/* statistics */
#define CTLMASK_SECURE	0x00f00000	/* FreeBSD securelevel; unused */

#define OID_AUTO	(-1)		/* number assigned at boot */
#define CTL_AUTO_START	0x100		/* first automatic number */

/* Top level. */
#define CTL_UNSPEC	0		/* the meta nodes (below) */
#define CTL_KERN	1
#define CTL_VM		2
#define CTL_VFS		3
#define CTL_NET		4
#define CTL_DEBUG	5
#define CTL_HW		6
#define CTL_MACHDEP	7
#define CTL_USER	8
#define CTL_P1003_1B	9

/* {0, x}: the meta nodes. */
#define CTL_SYSCTL_DEBUG	0	/* not provided */
#define CTL_SYSCTL_NAME		1	/* oid -> "a.b.c" */
#define CTL_SYSCTL_NEXT		2	/* oid -> next leaf oid */
#define CTL_SYSCTL_NAME2OID	3	/* "a.b.c" -> oid */
#define CTL_SYSCTL_OIDFMT	4	/* oid -> u_int kind + format */
#define CTL_SYSCTL_OIDDESCR	5	/* oid -> description */
#define CTL_SYSCTL_OIDLABEL	6	/* not provided */
#define CTL_SYSCTL_NEXTNOSKIP	7	/* next, including SKIP nodes */

/* CTL_KERN */
#define KERN_OSTYPE		1
#define KERN_OSRELEASE		2
#define KERN_OSREV		3
#define KERN_VERSION		4
#define KERN_MAXVNODES		5
#define KERN_MAXPROC		6
#define KERN_MAXFILES		7
#define KERN_ARGMAX		8
#define KERN_SECURELVL		9
#define KERN_HOSTNAME		10
#define KERN_HOSTID		11
#define KERN_CLOCKRATE		12
#define KERN_VNODE		13
#define KERN_PROC		14
#define KERN_FILE		15
#define KERN_PROF		16
#define KERN_POSIX1		17
#define KERN_NGROUPS		18
#define KERN_JOB_CONTROL	19
#define KERN_SAVED_IDS		20
#define KERN_BOOTTIME		21
#define KERN_NISDOMAINNAME	22
#define KERN_UPDATEINTERVAL	23
#define KERN_OSRELDATE		24
#define KERN_NTP_PLL		25
#define KERN_BOOTFILE		26
#define KERN_MAXFILESPERPROC	27
#define KERN_MAXPROCPERUID	28
#define KERN_DUMPDEV		29
#define KERN_IPC		30
#define KERN_DUMMY		31
#define KERN_PS_STRINGS		32
#define KERN_USRSTACK		33
#define KERN_LOGSIGEXIT		34
#define KERN_IOV_MAX		35
#define KERN_HOSTUUID		36
#define KERN_ARND		37
#define KERN_MAXPHYS		38

/* CTL_KERN, KERN_PROC */
#define KERN_PROC_ALL		0
#define KERN_PROC_PID		1
#define KERN_PROC_PGRP		2
#define KERN_PROC_SESSION	3
#define KERN_PROC_TTY		4
#define KERN_PROC_UID		5
#define KERN_PROC_RUID		6
#define KERN_PROC_ARGS		7
#define KERN_PROC_PROC		8
#define KERN_PROC_SV_NAME	9
#define KERN_PROC_RGID		10
#define KERN_PROC_GID		11
#define KERN_PROC_PATHNAME	12

/* CTL_HW */
#define HW_MACHINE		1
#define HW_MODEL		2
#define HW_NCPU			3
#define HW_BYTEORDER		4
#define HW_PHYSMEM		5
#define HW_USERMEM		6
#define HW_PAGESIZE		7
#define HW_DISKNAMES		8
#define HW_DISKSTATS		9
#define HW_FLOATINGPT		10
#define HW_MACHINE_ARCH		11
#define HW_REALMEM		12

/* CTL_USER */
#define USER_CS_PATH		1

#ifndef _KERNEL
int	sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);
int	sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);
int	sysctlnametomib(const char *name, int *mibp, size_t *sizep);
#endif

#ifdef _KERNEL
/* ---- Kernel API ----------------------------------------------------- */

#include <sys/param.h>
#include <sys/queue.h>

struct thread;
struct sysctl_oid;
struct sysctl_req;

#define SYSCTL_HANDLER_ARGS \
	struct sysctl_oid *oidp, void *arg1, intmax_t arg2, \
	struct sysctl_req *req

/*
 * One request, built by the __sysctl system call (or by kernel_sysctl
 * for callers inside the kernel).  Handlers move data only through
 * SYSCTL_OUT (old value to the caller) and SYSCTL_IN (new value from the
 * caller), which copy to or from user space as appropriate and keep the
 * running indices: oldidx may grow past oldlen, in which case the call
 * ends with ENOMEM and *oldlenp tells the caller the size it needs.
 */
struct sysctl_req {
	struct thread	*td;		/* caller; NULL inside the kernel */
	int		flags;		/* SCTL_* */
	void		*oldptr;	/* where the old value goes (NULL:
					   size probe) */
	size_t		oldlen;		/* room at oldptr */
	size_t		oldidx;		/* bytes produced so far */
	int		(*oldfunc)(struct sysctl_req *, const void *,
			    size_t);
	const void	*newptr;	/* new value, NULL if none */
	size_t		newlen;
	size_t		newidx;		/* bytes consumed so far */
	int		(*newfunc)(struct sysctl_req *, void *, size_t);
	size_t		validlen;	/* oldidx when the buffer overflowed */
};

#define SCTL_USER	0x0001		/* pointers are user addresses */

TAILQ_HEAD(sysctl_oid_list, sysctl_oid);

/*
 * One node.  Static nodes are immutable after sysctl_init() links them;
 * the tree's shape is protected by sysctl_lock (kern_sysctl.c).
 */
struct sysctl_oid {
	struct sysctl_oid_list *oid_parent;	/* list we live on */
	TAILQ_ENTRY(sysctl_oid) oid_link;	/* sorted by number */
	int		oid_number;
	u_int		oid_kind;		/* CTLTYPE_* | CTLFLAG_* */
	void		*oid_arg1;		/* data, or children of a node */
	intmax_t	oid_arg2;		/* size, or constant value */
	const char	*oid_name;
	int		(*oid_handler)(SYSCTL_HANDLER_ARGS);
	const char	*oid_fmt;		/* "I", "IU", "L", "A", "S,x" */
	const char	*oid_descr;
	int		oid_refcnt;		/* requests in progress */
};

#define SYSCTL_IN(r, p, l)	((r)->newfunc((r), (p), (l)))
#define SYSCTL_OUT(r, p, l)	((r)->oldfunc((r), (p), (l)))
#define SYSCTL_OUT_STR(r, s)	SYSCTL_OUT((r), (s), strlen(s) + 1)

int	sysctl_handle_int(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_long(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_64(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_string(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_opaque(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_percpu_u64(SYSCTL_HANDLER_ARGS);

/* The children list of a node declared as SYSCTL_NODE(parent, .., name). */
#define SYSCTL_CHILDREN_NAME(parent)	sysctl_##parent##_children
#define SYSCTL_DECL(name) \
	extern struct sysctl_oid_list sysctl_##name##_children

/*
 * Put a pointer to each static oid into section set_sysctl.  GNU ld
 * defines __start_set_sysctl/__stop_set_sysctl for an orphan section
 * whose name is a C identifier; `used' stops the compiler dropping the
 * entry and `retain' stops --gc-sections dropping it.
 */
#define __SYSCTL_SET_ENTRY(sym)						\
	static struct sysctl_oid *const __set_sysctl_##sym		\
	__attribute__((__section__("set_sysctl"), __used__, __retain__,	\
	    __aligned__(sizeof(void *)))) = &sym

#define SYSCTL_OID(parent, nbr, name, kind, a1, a2, handler, fmt, descr) \
	static struct sysctl_oid sysctl__##parent##_##name = {		\
		.oid_parent = &sysctl_##parent##_children,		\
		.oid_number = (nbr),					\
		.oid_kind = (kind),					\
		.oid_arg1 = (a1),					\
		.oid_arg2 = (a2),					\
		.oid_name = #name,					\
		.oid_handler = (handler),				\
		.oid_fmt = (fmt),					\
		.oid_descr = (descr),					\
	};								\
	__SYSCTL_SET_ENTRY(sysctl__##parent##_##name)

/*
 * SYSCTL_NODE(_kern, OID_AUTO, foo, CTLFLAG_RW, 0, "...") makes kern.foo
 * and the list sysctl__kern_foo_children, so its children are declared
 * with parent `_kern_foo'.  A top-level node has an empty parent:
 * SYSCTL_NODE(, CTL_KERN, kern, ...) makes sysctl__kern_children.
 */
#define SYSCTL_NODE(parent, nbr, name, access, handler, descr)		\
	struct sysctl_oid_list sysctl_##parent##_##name##_children =	\
	    TAILQ_HEAD_INITIALIZER(sysctl_##parent##_##name##_children); \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_NODE | (access),		\
	    &sysctl_##parent##_##name##_children, 0, handler, "N", descr)

#define SYSCTL_INT(parent, nbr, name, access, ptr, val, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),		\
	    (void *)(ptr), (val), sysctl_handle_int, "I", descr)
#define SYSCTL_UINT(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_UINT | (access),		\
	    (void *)(ptr), (val), sysctl_handle_int, "IU", descr)
#define SYSCTL_LONG(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_LONG | (access),		\
	    (void *)(ptr), (val), sysctl_handle_long, "L", descr)
#define SYSCTL_ULONG(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_ULONG | (access),	\
	    (void *)(ptr), (val), sysctl_handle_long, "LU", descr)
#define SYSCTL_S64(parent, nbr, name, access, ptr, val, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_S64 | (access),		\
	    (void *)(ptr), (val), sysctl_handle_64, "Q", descr)
#define SYSCTL_QUAD(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_S64(parent, nbr, name, access, ptr, val, descr)
#define SYSCTL_U64(parent, nbr, name, access, ptr, val, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_U64 | (access),		\
	    (void *)(ptr), (val), sysctl_handle_64, "QU", descr)
#define SYSCTL_UQUAD(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_U64(parent, nbr, name, access, ptr, val, descr)
/* len 0: a read-only constant string (or a buffer whose size is unknown:
   then strlen bounds it and writes are refused). */
#define SYSCTL_STRING(parent, nbr, name, access, str, len, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_STRING | (access),	\
	    (void *)(str), (len), sysctl_handle_string, "A", descr)
#define SYSCTL_OPAQUE(parent, nbr, name, access, ptr, len, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),	\
	    (void *)(ptr), (len), sysctl_handle_opaque, fmt, descr)
#define SYSCTL_STRUCT(parent, nbr, name, access, ptr, type, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),	\
	    (void *)(ptr), sizeof(struct type), sysctl_handle_opaque,	\
	    "S," #type, descr)
/* access must include a CTLTYPE_*; fmt as for SYSCTL_OID. */
#define SYSCTL_PROC(parent, nbr, name, access, ptr, arg, handler, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, (access), (void *)(ptr), (arg),	\
	    handler, fmt, descr)

/* The top-level nodes and the common second-level ones (kern_sysctl.c). */
extern struct sysctl_oid_list sysctl__children;
SYSCTL_DECL(_kern);
SYSCTL_DECL(_vm);
SYSCTL_DECL(_vfs);
SYSCTL_DECL(_net);
SYSCTL_DECL(_debug);
SYSCTL_DECL(_hw);
SYSCTL_DECL(_machdep);
SYSCTL_DECL(_user);
SYSCTL_DECL(_kern_ipc);
SYSCTL_DECL(_kern_proc);

/*
 * Nodes added at run time (for example one per CPU).  The oid is
 * allocated and owned by the tree; sysctl_remove_oid frees it.  Returns
 * NULL when out of memory or when the name is taken.
 */
struct sysctl_oid *sysctl_add_oid(struct sysctl_oid_list *parent,
	    int number, const char *name, u_int kind, void *arg1,
	    intmax_t arg2, int (*handler)(SYSCTL_HANDLER_ARGS),
	    const char *fmt, const char *descr);
int	sysctl_remove_oid(struct sysctl_oid *oidp);
#define SYSCTL_NODE_CHILDREN(oidp) \
	((struct sysctl_oid_list *)(oidp)->oid_arg1)

void	sysctl_init(void);		/* link the static set; boot */
int	kernel_sysctl(const int *name, u_int namelen, void *old,
	    size_t *oldlenp, const void *new, size_t newlen,
	    size_t *retval);
int	kernel_sysctlbyname(const char *name, void *old, size_t *oldlenp,
	    const void *new, size_t newlen, size_t *retval);

/* Writable by kern.hostname. */
extern char hostname[MAXHOSTNAMELEN];
#endif /* _KERNEL */

#endif /* !_SYS_SYSCTL_H_ */
