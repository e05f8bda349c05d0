/*
 * The sysctl MIB.  Static nodes arrive through the linker set
 * `set_sysctl' (SYSCTL_* macros in <sys/sysctl.h>); sysctl_init() links
 * each into its parent's list, sorted by number, giving OID_AUTO nodes
 * numbers from CTL_AUTO_START up.  Nodes may also be added at run time
 * (sysctl_add_oid).  The __sysctl system call (FreeBSD number 202) walks
 * the tree to the named node, checks the access flags and calls the
 * node's handler, which moves data with SYSCTL_OUT/SYSCTL_IN.  The meta
 * nodes {0,1..5,7} translate between names, numbers, formats and
 * descriptions so that sysctl(8) can list the whole tree.
 *
 * Locking: sysctl_spin protects the shape of the tree.  A request looks
 * its node up under the spinlock and takes a reference (oid_refcnt) so
 * that the handler, which may fault on user memory and sleep, runs with
 * the lock released; sysctl_remove_oid waits for references to drain.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/caps.h>
#include <sys/spinlock.h>
#include <sys/globaldata.h>
#include <sys/bootinfo.h>
#include <sys/msgbuf.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/sysctl.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <machine/atomic.h>

MALLOC_DEFINE(M_SYSCTL, "sysctl", "sysctl nodes and request buffers");

static struct spinlock sysctl_spin = SPINLOCK_INITIALIZER("sysctl");

struct sysctl_oid_list sysctl__children =
    TAILQ_HEAD_INITIALIZER(sysctl__children);

extern struct sysctl_oid *const __start_set_sysctl[] __attribute__((__weak__));
extern struct sysctl_oid *const __stop_set_sysctl[] __attribute__((__weak__));

static int	sysctl_priv(struct sysctl_req *req);

/* ---- Tree maintenance -------------------------------------------------- */

static struct sysctl_oid *
sysctl_find_child(struct sysctl_oid_list *list, const char *name,
    size_t len)
{
	struct sysctl_oid *oid;

	TAILQ_FOREACH(oid, list, oid_link) {
		if (strncmp(oid->oid_name, name, len) == 0 &&
		    oid->oid_name[len] == '\0')
			return (oid);
	}
	return (NULL);
}

/*
 * Link oid into its parent's list, sorted by number.  sysctl_spin held.
 * Returns EEXIST for a duplicate name or number.
 */
static int
sysctl_register_locked(struct sysctl_oid *oidp)
{
	struct sysctl_oid_list *parent = oidp->oid_parent;
	struct sysctl_oid *p, *q;
	int n;

	if (sysctl_find_child(parent, oidp->oid_name,
	    strlen(oidp->oid_name)) != NULL)
		return (EEXIST);
	if (oidp->oid_number == OID_AUTO) {
		n = CTL_AUTO_START;
		TAILQ_FOREACH(p, parent, oid_link) {
			if (p->oid_number >= n)
				n = p->oid_number + 1;
		}
		oidp->oid_number = n;
	}
	q = NULL;
	TAILQ_FOREACH(p, parent, oid_link) {
		if (p->oid_number == oidp->oid_number)
			return (EEXIST);
		if (p->oid_number > oidp->oid_number)
			break;
		q = p;
	}
	if (q == NULL)
		TAILQ_INSERT_HEAD(parent, oidp, oid_link);
	else
		TAILQ_INSERT_AFTER(parent, q, oidp, oid_link);
	return (0);
}

void
sysctl_init(void)
{
	struct sysctl_oid *const *oidpp;
	struct sysctl_oid *oidp;
	int error, pass;

	if (__start_set_sysctl == NULL)
		return;
	/*
	 * Fixed numbers first, so that an OID_AUTO node can never take a
	 * number a fixed node wants.
	 */
	spin_lock(&sysctl_spin);
	for (pass = 0; pass < 2; pass++) {
		for (oidpp = __start_set_sysctl; oidpp < __stop_set_sysctl;
		    oidpp++) {
			oidp = *oidpp;
			if ((oidp->oid_number == OID_AUTO) != (pass == 1))
				continue;
			error = sysctl_register_locked(oidp);
			if (error != 0)
				kprintf("sysctl: %s (%d) registered twice\n",
				    oidp->oid_name, oidp->oid_number);
		}
	}
	spin_unlock(&sysctl_spin);
}

struct sysctl_oid *
sysctl_add_oid(struct sysctl_oid_list *parent, int number, const char *name,
    u_int kind, void *arg1, intmax_t arg2,
    int (*handler)(SYSCTL_HANDLER_ARGS), const char *fmt, const char *descr)
{
	struct sysctl_oid *oidp;
	struct sysctl_oid_list *children = NULL;
	size_t nlen;
	char *nm;

	nlen = strlen(name);
	if (nlen == 0 || strchr(name, '.') != NULL)
		return (NULL);
	oidp = kmalloc(sizeof(*oidp) + nlen + 1, M_SYSCTL, M_WAITOK | M_ZERO);
	nm = (char *)(oidp + 1);
	memcpy(nm, name, nlen + 1);
	if ((kind & CTLTYPE) == CTLTYPE_NODE && arg1 == NULL &&
	    handler == NULL) {
		children = kmalloc(sizeof(*children), M_SYSCTL,
		    M_WAITOK | M_ZERO);
		TAILQ_INIT(children);
		arg1 = children;
	}
	oidp->oid_parent = parent;
	oidp->oid_number = number;
	oidp->oid_kind = kind | CTLFLAG_DYN;
	oidp->oid_arg1 = arg1;
	oidp->oid_arg2 = arg2;
	oidp->oid_name = nm;
	oidp->oid_handler = handler;
	oidp->oid_fmt = fmt != NULL ? fmt : "";
	oidp->oid_descr = descr != NULL ? descr : "";
	spin_lock(&sysctl_spin);
	if (sysctl_register_locked(oidp) != 0) {
		spin_unlock(&sysctl_spin);
		if (children != NULL)
			kfree(children, M_SYSCTL);
		kfree(oidp, M_SYSCTL);
		return (NULL);
	}
	spin_unlock(&sysctl_spin);
	return (oidp);
}

int
sysctl_remove_oid(struct sysctl_oid *oidp)
{
	struct sysctl_oid_list *children;

	if ((oidp->oid_kind & CTLFLAG_DYN) == 0)
		return (EINVAL);
	spin_lock(&sysctl_spin);
	if ((oidp->oid_kind & CTLTYPE) == CTLTYPE_NODE &&
	    oidp->oid_handler == NULL &&
	    !TAILQ_EMPTY(SYSCTL_NODE_CHILDREN(oidp))) {
		spin_unlock(&sysctl_spin);
		return (ENOTEMPTY);
	}
	TAILQ_REMOVE(oidp->oid_parent, oidp, oid_link);
	/* Running requests hold references; let them finish. */
	while (oidp->oid_refcnt > 0) {
		spin_unlock(&sysctl_spin);
		tsleep(oidp, 0, "sysctlrm", 1);
		spin_lock(&sysctl_spin);
	}
	spin_unlock(&sysctl_spin);
	if ((oidp->oid_kind & CTLTYPE) == CTLTYPE_NODE &&
	    oidp->oid_handler == NULL) {
		children = SYSCTL_NODE_CHILDREN(oidp);
		kfree(children, M_SYSCTL);
	}
	kfree(oidp, M_SYSCTL);
	return (0);
}

/* ---- Standard handlers ------------------------------------------------- */

/* arg1 NULL: the constant arg2, read-only. */
int
sysctl_handle_int(SYSCTL_HANDLER_ARGS)
{
	int tmp, error;

	tmp = arg1 != NULL ? *(volatile int *)arg1 : (int)arg2;
	error = SYSCTL_OUT(req, &tmp, sizeof(tmp));
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (arg1 == NULL)
		return (EPERM);
	error = SYSCTL_IN(req, &tmp, sizeof(tmp));
	if (error == 0)
		*(volatile int *)arg1 = tmp;
	return (error);
}

int
sysctl_handle_long(SYSCTL_HANDLER_ARGS)
{
	long tmp;
	int error;

	tmp = arg1 != NULL ? *(volatile long *)arg1 : (long)arg2;
	error = SYSCTL_OUT(req, &tmp, sizeof(tmp));
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (arg1 == NULL)
		return (EPERM);
	error = SYSCTL_IN(req, &tmp, sizeof(tmp));
	if (error == 0)
		*(volatile long *)arg1 = tmp;
	return (error);
}

int
sysctl_handle_64(SYSCTL_HANDLER_ARGS)
{
	int64_t tmp;
	int error;

	tmp = arg1 != NULL ? *(volatile int64_t *)arg1 : (int64_t)arg2;
	error = SYSCTL_OUT(req, &tmp, sizeof(tmp));
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (arg1 == NULL)
		return (EPERM);
	error = SYSCTL_IN(req, &tmp, sizeof(tmp));
	if (error == 0)
		*(volatile int64_t *)arg1 = tmp;
	return (error);
}

/*
 * arg2 is the size of the buffer at arg1; 0 means a constant string.  A
 * new value must leave room for the terminating NUL.
 */
int
sysctl_handle_string(SYSCTL_HANDLER_ARGS)
{
	char *tmp;
	size_t len, bufsize;
	int error;

	bufsize = arg2 > 0 ? (size_t)arg2 : strlen(arg1) + 1;
	/* Copy first so that a concurrent write cannot tear the output. */
	tmp = kmalloc(bufsize + 1, M_SYSCTL, M_WAITOK);
	memcpy(tmp, arg1, bufsize);
	tmp[bufsize] = '\0';
	len = strnlen(tmp, bufsize);
	error = SYSCTL_OUT(req, tmp, len + 1);
	if (error != 0 || req->newptr == NULL)
		goto out;
	if (arg2 <= 0) {
		error = EPERM;
		goto out;
	}
	len = req->newlen - req->newidx;
	if (len >= bufsize) {
		error = EINVAL;
		goto out;
	}
	error = SYSCTL_IN(req, tmp, len);
	if (error != 0)
		goto out;
	tmp[len] = '\0';
	memcpy(arg1, tmp, len + 1);
out:
	kfree(tmp, M_SYSCTL);
	return (error);
}

/* arg2 bytes at arg1; a new value must be exactly that long. */
int
sysctl_handle_opaque(SYSCTL_HANDLER_ARGS)
{
	int error;

	error = SYSCTL_OUT(req, arg1, arg2);
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (req->newlen - req->newidx != (size_t)arg2)
		return (EINVAL);
	return (SYSCTL_IN(req, arg1, arg2));
}

/*
 * A read-only uint64_t per running CPU, in CPU order: arg2 is the
 * counter's byte offset inside struct globaldata (offsetof(), which may
 * reach into the port's gd_md).
 */
int
sysctl_handle_percpu_u64(SYSCTL_HANDLER_ARGS)
{
	uint64_t v;
	int i, error;

	for (i = 0; i < ncpus; i++) {
		v = *(volatile uint64_t *)((char *)globaldata_find(i) + arg2);
		error = SYSCTL_OUT(req, &v, sizeof(v));
		if (error != 0)
			return (error);
	}
	return (0);
}

/* ---- Looking up and walking -------------------------------------------- */

static bool
oid_is_leaf(const struct sysctl_oid *oidp)
{
	return ((oidp->oid_kind & CTLTYPE) != CTLTYPE_NODE ||
	    oidp->oid_handler != NULL);
}

/*
 * Find the node that handles name[0..namelen).  *nindx is how many
 * integers named it (the rest are the handler's arguments).  sysctl_spin
 * held.
 */
static int
sysctl_find_oid(const int *name, u_int namelen, struct sysctl_oid **oidpp,
    u_int *nindx)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	struct sysctl_oid *oidp;
	u_int indx = 0;

	while (indx < namelen) {
		TAILQ_FOREACH(oidp, lsp, oid_link) {
			if (oidp->oid_number == name[indx])
				break;
		}
		if (oidp == NULL)
			return (ENOENT);
		indx++;
		if (oid_is_leaf(oidp) || indx == namelen) {
			*oidpp = oidp;
			*nindx = indx;
			return (0);
		}
		lsp = SYSCTL_NODE_CHILDREN(oidp);
	}
	return (ENOENT);
}

/*
 * Depth-first successor of name in lsp: the first leaf after it.  next[]
 * receives the new name, *len its length.  Returns true when found.
 */
static bool
sysctl_next_ls(struct sysctl_oid_list *lsp, const int *name, u_int namelen,
    int *next, u_int *len, u_int level, bool skip)
{
	struct sysctl_oid *oidp;

	if (level >= CTL_MAXNAME)
		return (false);
	TAILQ_FOREACH(oidp, lsp, oid_link) {
		next[level] = oidp->oid_number;
		*len = level + 1;
		if (skip && (oidp->oid_kind & CTLFLAG_SKIP) != 0)
			continue;
		if (namelen == 0 || oidp->oid_number > name[0]) {
			if (oid_is_leaf(oidp))
				return (true);
			if (sysctl_next_ls(SYSCTL_NODE_CHILDREN(oidp), NULL, 0,
			    next, len, level + 1, skip))
				return (true);
			continue;
		}
		if (oidp->oid_number < name[0])
			continue;
		/* The same number as name[0]. */
		if (oid_is_leaf(oidp))
			continue;
		if (sysctl_next_ls(SYSCTL_NODE_CHILDREN(oidp), name + 1,
		    namelen - 1, next, len, level + 1, skip))
			return (true);
	}
	return (false);
}

/* {0,1,oid...}: the dotted name. */
static int
sysctl_meta_name(const int *name, u_int namelen, struct sysctl_req *req)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	struct sysctl_oid *oidp;
	char *buf;
	size_t pos = 0, l;
	u_int i;
	int error;

	buf = kmalloc(CTL_MAXNAME * 32 + 1, M_SYSCTL, M_WAITOK);
	spin_lock(&sysctl_spin);
	for (i = 0; i < namelen; i++) {
		oidp = NULL;
		if (lsp != NULL) {
			TAILQ_FOREACH(oidp, lsp, oid_link) {
				if (oidp->oid_number == name[i])
					break;
			}
		}
		if (oidp == NULL) {
			/* Unknown tail: print the numbers (FreeBSD does). */
			l = ksnprintf(buf + pos, CTL_MAXNAME * 32 + 1 - pos,
			    "%s%d", i ? "." : "", name[i]);
			lsp = NULL;
		} else {
			l = ksnprintf(buf + pos, CTL_MAXNAME * 32 + 1 - pos,
			    "%s%s", i ? "." : "", oidp->oid_name);
			lsp = oid_is_leaf(oidp) ? NULL :
			    SYSCTL_NODE_CHILDREN(oidp);
		}
		pos += l;
		if (pos > CTL_MAXNAME * 32)
			pos = CTL_MAXNAME * 32;
	}
	spin_unlock(&sysctl_spin);
	buf[pos] = '\0';
	error = SYSCTL_OUT(req, buf, pos + 1);
	kfree(buf, M_SYSCTL);
	return (error);
}

/* {0,3} with "a.b.c" as the new value: the numbers. */
static int
sysctl_meta_name2oid(struct sysctl_req *req)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	struct sysctl_oid *oidp = NULL;
	int oid[CTL_MAXNAME];
	u_int len = 0;
	char *buf, *p, *dot;
	size_t nlen;
	int error;

	nlen = req->newlen;
	if (req->newptr == NULL || nlen == 0 || nlen >= MAXPATHLEN)
		return (nlen >= MAXPATHLEN ? ENAMETOOLONG : ENOENT);
	buf = kmalloc(nlen + 1, M_SYSCTL, M_WAITOK);
	error = SYSCTL_IN(req, buf, nlen);
	if (error != 0)
		goto out;
	buf[nlen] = '\0';
	/* Tolerate a trailing NUL or dot. */
	nlen = strlen(buf);
	if (nlen > 0 && buf[nlen - 1] == '.')
		buf[--nlen] = '\0';
	if (nlen == 0) {
		error = ENOENT;
		goto out;
	}
	spin_lock(&sysctl_spin);
	p = buf;
	for (;;) {
		dot = strchr(p, '.');
		if (lsp == NULL || len >= CTL_MAXNAME) {
			error = ENOENT;
			break;
		}
		oidp = sysctl_find_child(lsp,
		    p, dot != NULL ? (size_t)(dot - p) : strlen(p));
		if (oidp == NULL) {
			error = ENOENT;
			break;
		}
		oid[len++] = oidp->oid_number;
		if (dot == NULL)
			break;
		lsp = oid_is_leaf(oidp) ? NULL : SYSCTL_NODE_CHILDREN(oidp);
		p = dot + 1;
	}
	spin_unlock(&sysctl_spin);
	if (error == 0)
		error = SYSCTL_OUT(req, oid, len * sizeof(int));
out:
	kfree(buf, M_SYSCTL);
	return (error);
}

/* {0,4,oid...}: u_int kind then the format; {0,5,oid...}: description. */
static int
sysctl_meta_info(const int *name, u_int namelen, struct sysctl_req *req,
    int what)
{
	struct sysctl_oid *oidp;
	u_int nindx, kind;
	int error;

	spin_lock(&sysctl_spin);
	error = sysctl_find_oid(name, namelen, &oidp, &nindx);
	if (error == 0 && nindx != namelen)
		error = ENOENT;
	if (error == 0)
		oidp->oid_refcnt++;
	spin_unlock(&sysctl_spin);
	if (error != 0)
		return (error);
	if (what == CTL_SYSCTL_OIDFMT) {
		kind = oidp->oid_kind;
		error = SYSCTL_OUT(req, &kind, sizeof(kind));
		if (error == 0)
			error = SYSCTL_OUT_STR(req, oidp->oid_fmt != NULL ?
			    oidp->oid_fmt : "");
	} else {
		error = SYSCTL_OUT_STR(req, oidp->oid_descr != NULL ?
		    oidp->oid_descr : "");
	}
	spin_lock(&sysctl_spin);
	oidp->oid_refcnt--;
	spin_unlock(&sysctl_spin);
	return (error);
}

static int
sysctl_meta(const int *name, u_int namelen, struct sysctl_req *req)
{
	int next[CTL_MAXNAME];
	u_int len = 0;
	bool found;

	if (namelen < 2)
		return (ENOENT);
	switch (name[1]) {
	case CTL_SYSCTL_NAME:
		if (req->newptr != NULL)
			return (EPERM);
		return (sysctl_meta_name(name + 2, namelen - 2, req));
	case CTL_SYSCTL_NEXT:
	case CTL_SYSCTL_NEXTNOSKIP:
		if (req->newptr != NULL)
			return (EPERM);
		spin_lock(&sysctl_spin);
		found = sysctl_next_ls(&sysctl__children, name + 2,
		    namelen - 2, next, &len, 0, name[1] == CTL_SYSCTL_NEXT);
		spin_unlock(&sysctl_spin);
		if (!found)
			return (ENOENT);
		return (SYSCTL_OUT(req, next, len * sizeof(int)));
	case CTL_SYSCTL_NAME2OID:
		return (sysctl_meta_name2oid(req));
	case CTL_SYSCTL_OIDFMT:
	case CTL_SYSCTL_OIDDESCR:
		if (req->newptr != NULL)
			return (EPERM);
		return (sysctl_meta_info(name + 2, namelen - 2, req, name[1]));
	default:
		return (ENOENT);
	}
}

/* ---- Requests ---------------------------------------------------------- */

static int
sysctl_root(const int *name, u_int namelen, struct sysctl_req *req)
{
	struct sysctl_oid *oidp;
	u_int nindx;
	int error;

	if (namelen < 1 || namelen > CTL_MAXNAME)
		return (EINVAL);
	if (name[0] == CTL_UNSPEC)
		return (sysctl_meta(name, namelen, req));
	spin_lock(&sysctl_spin);
	error = sysctl_find_oid(name, namelen, &oidp, &nindx);
	if (error == 0)
		oidp->oid_refcnt++;
	spin_unlock(&sysctl_spin);
	if (error != 0)
		return (error);

	if (!oid_is_leaf(oidp)) {
		error = EISDIR;		/* a plain node has no value */
		goto out;
	}
	/* Extra name components only make sense for a handler node. */
	if (nindx != namelen && (oidp->oid_kind & CTLTYPE) != CTLTYPE_NODE) {
		error = ENOTDIR;
		goto out;
	}
	if ((oidp->oid_kind & CTLFLAG_SECURE) != 0 &&
	    (error = sysctl_priv(req)) != 0)
		goto out;
	if (req->newptr != NULL) {
		if ((oidp->oid_kind & CTLFLAG_WR) == 0) {
			error = EPERM;
			goto out;
		}
		if ((oidp->oid_kind & CTLFLAG_ANYBODY) == 0 &&
		    (error = sysctl_priv(req)) != 0)
			goto out;
	}
	if (oidp->oid_handler == NULL) {
		error = EINVAL;
		goto out;
	}
	if ((oidp->oid_kind & CTLTYPE) == CTLTYPE_NODE)
		error = oidp->oid_handler(oidp, (void *)(name + nindx),
		    namelen - nindx, req);
	else
		error = oidp->oid_handler(oidp, oidp->oid_arg1,
		    oidp->oid_arg2, req);
out:
	spin_lock(&sysctl_spin);
	oidp->oid_refcnt--;
	spin_unlock(&sysctl_spin);
	return (error);
}

/* Writes need privilege unless the node says CTLFLAG_ANYBODY. */
static int
sysctl_priv(struct sysctl_req *req)
{
	if (req->td == NULL || req->td->td_proc == NULL)
		return (0);		/* the kernel itself */
	return (caps_priv_check_td(req->td, SYSCAP_NOSYSCTL_WR) ? EPERM : 0);
}

static int
sysctl_old_user(struct sysctl_req *req, const void *p, size_t l)
{
	size_t i, n;
	int error;

	i = req->oldidx;
	req->oldidx += l;
	if (req->oldptr == NULL)
		return (0);
	if (i >= req->oldlen)
		return (l > 0 ? ENOMEM : 0);
	n = MIN(l, req->oldlen - i);
	error = copyout(p, (char *)req->oldptr + i, n);
	if (error != 0)
		return (error);
	return (n < l ? ENOMEM : 0);
}

static int
sysctl_new_user(struct sysctl_req *req, void *p, size_t l)
{
	int error;

	if (req->newptr == NULL)
		return (0);
	if (req->newlen - req->newidx < l)
		return (EINVAL);
	error = copyin((const char *)req->newptr + req->newidx, p, l);
	if (error == 0)
		req->newidx += l;
	return (error);
}

static int
sysctl_old_kernel(struct sysctl_req *req, const void *p, size_t l)
{
	size_t i, n;

	i = req->oldidx;
	req->oldidx += l;
	if (req->oldptr == NULL)
		return (0);
	if (i >= req->oldlen)
		return (l > 0 ? ENOMEM : 0);
	n = MIN(l, req->oldlen - i);
	memcpy((char *)req->oldptr + i, p, n);
	return (n < l ? ENOMEM : 0);
}

static int
sysctl_new_kernel(struct sysctl_req *req, void *p, size_t l)
{
	if (req->newptr == NULL)
		return (0);
	if (req->newlen - req->newidx < l)
		return (EINVAL);
	memcpy(p, (const char *)req->newptr + req->newidx, l);
	req->newidx += l;
	return (0);
}

/* The size to report: what was copied, or what is needed (size probe). */
static size_t
sysctl_retval(struct sysctl_req *req)
{
	if (req->oldptr != NULL && req->oldidx > req->oldlen)
		return (req->oldlen);
	return (req->oldidx);
}

int
kernel_sysctl(const int *name, u_int namelen, void *old, size_t *oldlenp,
    const void *new, size_t newlen, size_t *retval)
{
	struct sysctl_req req;
	int error;

	memset(&req, 0, sizeof(req));
	req.td = NULL;
	if (oldlenp != NULL)
		req.oldlen = *oldlenp;
	req.oldptr = old;
	req.newptr = new;
	req.newlen = newlen;
	req.oldfunc = sysctl_old_kernel;
	req.newfunc = sysctl_new_kernel;
	error = sysctl_root(name, namelen, &req);
	if (retval != NULL)
		*retval = sysctl_retval(&req);
	return (error);
}

int
kernel_sysctlbyname(const char *name, void *old, size_t *oldlenp,
    const void *new, size_t newlen, size_t *retval)
{
	int oid[CTL_MAXNAME + 2];
	size_t oidlen;
	int error;

	oid[0] = CTL_UNSPEC;
	oid[1] = CTL_SYSCTL_NAME2OID;
	oidlen = sizeof(int) * CTL_MAXNAME;
	error = kernel_sysctl(oid, 2, oid + 2, &oidlen, name, strlen(name),
	    &oidlen);
	if (error != 0)
		return (error);
	return (kernel_sysctl(oid + 2, oidlen / sizeof(int), old, oldlenp,
	    new, newlen, retval));
}

/*
 * int __sysctl(const int *name, u_int namelen, void *old, size_t *oldlenp,
 *     const void *new, size_t newlen)
 */
int
sys___sysctl(struct sysmsg *sysmsg, const struct __sysctl_args *uap)
{
	struct sysctl_req req;
	int name[CTL_MAXNAME];
	size_t oldlen = 0, rv;
	u_int namelen = uap->namelen;
	int error, error2;

	if (namelen > CTL_MAXNAME || namelen < 2)
		return (EINVAL);
	error = copyin(uap->name, name, namelen * sizeof(int));
	if (error != 0)
		return (error);
	if (uap->oldlenp != NULL) {
		error = copyin(uap->oldlenp, &oldlen, sizeof(oldlen));
		if (error != 0)
			return (error);
	}
	memset(&req, 0, sizeof(req));
	req.td = curthread;
	req.flags = SCTL_USER;
	req.oldptr = uap->oldlenp != NULL ? uap->old : NULL;
	req.oldlen = oldlen;
	req.newptr = uap->new;
	req.newlen = uap->new != NULL ? uap->newlen : 0;
	req.oldfunc = sysctl_old_user;
	req.newfunc = sysctl_new_user;
	error = sysctl_root(name, namelen, &req);
	if (uap->oldlenp != NULL) {
		rv = sysctl_retval(&req);
		error2 = copyout(&rv, uap->oldlenp, sizeof(rv));
		if (error == 0)
			error = error2;
	}
	sysmsg->sysmsg_result = 0;
	return (error);
}

/* ---- The base tree ------------------------------------------------------ */

SYSCTL_NODE(, CTL_KERN, kern, CTLFLAG_RW, 0, "High kernel, proc, limits &c");
SYSCTL_NODE(, CTL_VM, vm, CTLFLAG_RW, 0, "Virtual memory");
SYSCTL_NODE(, CTL_VFS, vfs, CTLFLAG_RW, 0, "File system");
SYSCTL_NODE(, CTL_NET, net, CTLFLAG_RW, 0, "Network, (see socket.h)");
SYSCTL_NODE(, CTL_DEBUG, debug, CTLFLAG_RW, 0, "Debugging");
SYSCTL_NODE(, CTL_HW, hw, CTLFLAG_RW, 0, "hardware");
SYSCTL_NODE(, CTL_MACHDEP, machdep, CTLFLAG_RW, 0, "machine dependent");
SYSCTL_NODE(, CTL_USER, user, CTLFLAG_RW, 0, "user-level");
SYSCTL_NODE(_kern, KERN_IPC, ipc, CTLFLAG_RW, 0, "IPC");
SYSCTL_NODE(_kern, KERN_PROC, proc, CTLFLAG_RD, 0, "Process table");

char hostname[MAXHOSTNAMELEN] = "petrel";

SYSCTL_STRING(_kern, KERN_OSTYPE, ostype, CTLFLAG_RD, ostype, 0,
    "Operating system type");
SYSCTL_STRING(_kern, KERN_OSRELEASE, osrelease, CTLFLAG_RD, osrelease, 0,
    "Operating system release");
SYSCTL_STRING(_kern, KERN_VERSION, version, CTLFLAG_RD, version, 0,
    "Kernel version");
SYSCTL_STRING(_kern, KERN_HOSTNAME, hostname, CTLFLAG_RW, hostname,
    sizeof(hostname), "Hostname");
/* The NIS/YP domain name, as FreeBSD keeps it: empty until set. */
static char domainname[MAXHOSTNAMELEN];
SYSCTL_STRING(_kern, KERN_NISDOMAINNAME, domainname, CTLFLAG_RW, domainname,
    sizeof(domainname), "Name of the current YP/NIS domain");
SYSCTL_INT(_kern, KERN_ARGMAX, argmax, CTLFLAG_RD, NULL, ARG_MAX,
    "Maximum bytes of argument to execve(2)");
SYSCTL_INT(_kern, KERN_NGROUPS, ngroups, CTLFLAG_RD, NULL, NGROUPS - 1,
    "Maximum number of supplemental groups");
SYSCTL_INT(_kern, KERN_JOB_CONTROL, job_control, CTLFLAG_RD, NULL, 1,
    "Whether job control is available");
SYSCTL_INT(_kern, KERN_SAVED_IDS, saved_ids, CTLFLAG_RD, NULL, 1,
    "Whether saved set-group/user ID is available");
SYSCTL_INT(_kern, KERN_IOV_MAX, iov_max, CTLFLAG_RD, NULL, UIO_MAXIOV,
    "Maximum number of elements in an I/O vector");
SYSCTL_INT(_kern, OID_AUTO, hz, CTLFLAG_RD, NULL, HZ,
    "Number of clock ticks per second");

/* kern.boottime: struct timeval of the wall clock at boot. */
static int
sysctl_kern_boottime(SYSCTL_HANDLER_ARGS)
{
	struct timeval tv;

	getboottime(&tv);
	return (SYSCTL_OUT(req, &tv, sizeof(tv)));
}
SYSCTL_PROC(_kern, KERN_BOOTTIME, boottime, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_kern_boottime, "S,timeval", "System boottime");

/* kern.msgbuf: everything kprintf has printed that the ring still has. */
static int
sysctl_kern_msgbuf(SYSCTL_HANDLER_ARGS)
{
	size_t len = 64 * 1024;
	char *buf;
	int error;

	buf = kmalloc(len, M_SYSCTL, M_WAITOK);
	len = msgbuf_copy(buf, len);
	error = SYSCTL_OUT(req, buf, len);
	if (error == 0 && (len == 0 || buf[len - 1] != '\0'))
		error = SYSCTL_OUT(req, "", 1);
	kfree(buf, M_SYSCTL);
	return (error);
}
SYSCTL_PROC(_kern, OID_AUTO, msgbuf, CTLTYPE_STRING | CTLFLAG_RD,
    NULL, 0, sysctl_kern_msgbuf, "A", "Contents of kernel message buffer");

/* hw.* */
static int
sysctl_hw_physmem(SYSCTL_HANDLER_ARGS)
{
	unsigned long mem = 0;
	int i;

	for (i = 0; i < bootinfo.bi_nmem && i < BI_MAXMEM; i++)
		mem += bootinfo.bi_mem[i].end - bootinfo.bi_mem[i].start;
	return (SYSCTL_OUT(req, &mem, sizeof(mem)));
}
SYSCTL_PROC(_hw, HW_PHYSMEM, physmem, CTLTYPE_ULONG | CTLFLAG_RD,
    NULL, 0, sysctl_hw_physmem, "LU", "Amount of physical memory (in bytes)");
SYSCTL_PROC(_hw, HW_REALMEM, realmem, CTLTYPE_ULONG | CTLFLAG_RD,
    NULL, 0, sysctl_hw_physmem, "LU", "Amount of memory (in bytes) reported by the firmware");
SYSCTL_INT(_hw, HW_NCPU, ncpu, CTLFLAG_RD, &ncpus, 0,
    "Number of active CPUs");

/*
 * ncpu.expect=N on the command line: how many CPUs the test harness gave
 * the machine (-1: not said).  A CPU that fails to start only logs a
 * line; regress/sys/arch/t_cpu holds hw.ncpu to this number.
 */
static int ncpu_expect = -1;
SYSCTL_INT(_hw, OID_AUTO, ncpu_expect, CTLFLAG_RD, &ncpu_expect, 0,
    "CPUs the boot command line says the machine has, or -1");

static void
ncpu_expect_init(void *arg)
{
	ncpu_expect = (int)kgetenv_long("ncpu.expect", -1);
}
SYSINIT(ncpu_expect, SI_SUB_TUNABLES, SI_ORDER_MIDDLE, ncpu_expect_init,
    NULL);
SYSCTL_STRING(_hw, HW_MACHINE, machine, CTLFLAG_RD, MACHINE, 0,
    "Machine class");
SYSCTL_STRING(_hw, HW_MACHINE_ARCH, machine_arch, CTLFLAG_RD, MACHINE_ARCH,
    0, "System architecture");
SYSCTL_STRING(_hw, HW_MODEL, model, CTLFLAG_RD, bootinfo.bi_machine, 0,
    "Machine model");
SYSCTL_INT(_hw, HW_PAGESIZE, pagesize, CTLFLAG_RD, NULL, PAGE_SIZE,
    "System memory page size");
SYSCTL_INT(_hw, HW_BYTEORDER, byteorder, CTLFLAG_RD, NULL, 1234,
    "System byte order");
SYSCTL_INT(_hw, HW_FLOATINGPT, floatingpoint, CTLFLAG_RD, NULL, 1,
    "Floating point instructions executed in hardware");

/* Link the tree before any SYSINIT that adds run-time nodes. */
SYSINIT(sysctl, SI_SUB_SYSCTL, SI_ORDER_FIRST, sysctl_init, NULL);
