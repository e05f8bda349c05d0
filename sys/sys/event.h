/*
 * kqueue/kevent.  The top is user ABI (FreeBSD 12's struct kevent and
 * constants; fixed-width so both ports share the layout).  The kernel
 * part is what objects use to take part: an object keeps a struct klist
 * of the knotes watching it and calls KNOTE(list, hint) when its state
 * changes; each filter's filterops decide whether a knote is ready.
 * kern_event.c owns the kqueues and one spinlock (knote_spin) that
 * protects every klist and every kqueue's queues, so objects may call
 * KNOTE from any context that may take a spinlock.
 */
#ifndef _SYS_EVENT_H_
#define _SYS_EVENT_H_

#include <sys/types.h>
#include <sys/queue.h>

/* ---- User ABI ------------------------------------------------------ */
#define EVFILT_READ		(-1)
#define EVFILT_WRITE		(-2)
#define EVFILT_AIO		(-3)
#define EVFILT_VNODE		(-4)
#define EVFILT_PROC		(-5)
#define EVFILT_SIGNAL		(-6)
#define EVFILT_TIMER		(-7)
#define EVFILT_PROCDESC		(-8)
#define EVFILT_FS		(-9)
#define EVFILT_LIO		(-10)
#define EVFILT_USER		(-11)
#define EVFILT_SENDFILE		(-12)
#define EVFILT_EMPTY		(-13)
#define EVFILT_SYSCOUNT		13

struct kevent {
	uint64_t	ident;		/* usually a descriptor (uintptr_t) */
	int16_t		filter;		/* EVFILT_* */
	uint16_t	flags;		/* EV_* */
	uint32_t	fflags;		/* filter flags (NOTE_*) */
	int64_t		data;		/* filter data */
	void		*udata;		/* opaque, returned as given */
	uint64_t	ext[4];
};

#define EV_SET(kevp, a, b, c, d, e, f) do {				\
	struct kevent *__kevp = (kevp);					\
	__kevp->ident = (a);						\
	__kevp->filter = (b);						\
	__kevp->flags = (c);						\
	__kevp->fflags = (d);						\
	__kevp->data = (e);						\
	__kevp->udata = (f);						\
	__kevp->ext[0] = __kevp->ext[1] = 0;				\
	__kevp->ext[2] = __kevp->ext[3] = 0;				\
} while (0)

#define EV_ADD		0x0001		/* add (or modify) */
#define EV_DELETE	0x0002
#define EV_ENABLE	0x0004
#define EV_DISABLE	0x0008
#define EV_ONESHOT	0x0010		/* delete after the first event */
#define EV_CLEAR	0x0020		/* reset state after delivery */
#define EV_RECEIPT	0x0040
#define EV_DISPATCH	0x0080		/* disable after delivery */
#define EV_SYSFLAGS	0xf000
#define EV_DROP		0x1000
#define EV_FLAG1	0x2000
#define EV_FLAG2	0x4000
#define EV_EOF		0x8000		/* returned: end of file */
#define EV_ERROR	0x4000		/* returned: data is an errno */

#define NOTE_LOWAT	0x0001		/* READ/WRITE: data is low water */
#define NOTE_DELETE	0x0001		/* VNODE */
#define NOTE_WRITE	0x0002
#define NOTE_EXTEND	0x0004
#define NOTE_ATTRIB	0x0008
#define NOTE_LINK	0x0010
#define NOTE_RENAME	0x0020
#define NOTE_REVOKE	0x0040
#define NOTE_EXIT	0x80000000	/* PROC */
#define NOTE_FORK	0x40000000
#define NOTE_EXEC	0x20000000
#define NOTE_PCTRLMASK	0xf0000000
#define NOTE_PDATAMASK	0x000fffff
#define NOTE_TRACK	0x00000001
#define NOTE_TRACKERR	0x00000002
#define NOTE_CHILD	0x00000004
#define NOTE_SECONDS	0x00000001	/* TIMER units */
#define NOTE_MSECONDS	0x00000002
#define NOTE_USECONDS	0x00000004
#define NOTE_NSECONDS	0x00000008
#define NOTE_TRIGGER	0x01000000	/* USER */

#ifndef _KERNEL
struct timespec;
int	kqueue(void);
int	kevent(int kq, const struct kevent *changelist, int nchanges,
	    struct kevent *eventlist, int nevents,
	    const struct timespec *timeout);
#endif

/* ---- Kernel -------------------------------------------------------- */
struct knote;
LIST_HEAD(klist, knote);

#ifdef _KERNEL
struct kqueue;
struct file;
struct proc;

struct filterops {
	int	f_isfd;			/* ident is a descriptor */
	int	(*f_attach)(struct knote *kn);	/* may sleep */
	void	(*f_detach)(struct knote *kn);	/* knote_spin held */
	int	(*f_event)(struct knote *kn, long hint);
					/* knote_spin held; must not
					   sleep; returns true if ready */
};

/* One registration.  All fields are protected by knote_spin. */
struct knote {
	LIST_ENTRY(knote) kn_selnext;	/* on the object's klist */
	LIST_ENTRY(knote) kn_link;	/* on the kqueue's list */
	TAILQ_ENTRY(knote) kn_tqe;	/* on the kqueue's ready queue */
	struct kqueue	*kn_kq;
	struct kevent	kn_kevent;	/* ident, filter, flags, udata */
	int		kn_status;	/* KN_* */
	u_int		kn_sfflags;	/* fflags as registered */
	int64_t		kn_sdata;	/* data as registered */
	union {
		struct file	*p_fp;	/* f_isfd: the file (held) */
		struct proc	*p_proc;
	} kn_ptr;
	const struct filterops *kn_fop;
	void		*kn_hook;	/* the filter's own pointer */
	int64_t		kn_hookid;
};
#define kn_id		kn_kevent.ident
#define kn_filter	kn_kevent.filter
#define kn_flags	kn_kevent.flags
#define kn_fflags	kn_kevent.fflags
#define kn_data		kn_kevent.data
#define kn_fp		kn_ptr.p_fp

#define KN_ACTIVE	0x01		/* on the ready queue */
#define KN_QUEUED	0x02
#define KN_DISABLED	0x04
#define KN_DETACHED	0x08		/* not on an object's klist */
#define KN_DELETING	0x10

/* Call with the object's state changed; takes knote_spin. */
void	knote(struct klist *list, long hint);
#define KNOTE(list, hint)	knote((list), (hint))
/* Insert/remove a knote on an object's list (from f_attach/f_detach). */
void	knote_insert(struct klist *list, struct knote *kn);
void	knote_remove(struct klist *list, struct knote *kn);
/* Object going away: deliver EV_EOF-style wakeups and detach. */
void	knote_fdclose(struct proc *p, int fd);
void	knote_orphan_list(struct klist *list, const struct filterops *fop);
void	knote_proc_exit(struct proc *p);	/* NOTE_EXIT */
void	knote_proc_fork(struct proc *p, pid_t child);
void	knote_proc_exec(struct proc *p);	/* NOTE_EXEC */
void	knote_signal(struct proc *p, int sig);	/* EVFILT_SIGNAL */
extern const struct filterops sig_filtops;
#endif /* _KERNEL */

#endif /* !_SYS_EVENT_H_ */
