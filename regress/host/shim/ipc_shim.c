/*
 * ipc_shim.c: the kernel services the IPC layer (mbufs, socket buffers,
 * sockets) calls, provided for host unit tests: kmalloc over the C
 * library's malloc with the kernel's per-type statistics, an object cache
 * with the kernel's semantics (constructed objects are cached by put and
 * reused by get without the constructor; cluster_limit bounds constructed
 * objects; M_NOWAIT fails at the limit), panic, the VM statistics the
 * mbuf limits are computed from, and one CPU whose globaldata is reached
 * the kernel's way (%gs:0 on amd64: shim_cpu_init() points the GS base at
 * cpu_globaldata[0]).
 *
 * Compiled with the kernel's headers, like the files under test.  Faults
 * can be injected: shim_fail_after(n) makes the (n+1)th allocation from
 * now fail, so tests can check every ENOBUFS path.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/objcache.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>
#include <vm/vm_page.h>

#include "kern_shim.h"
#include "ipc_shim.h"

/* From the C library; the kernel headers do not declare them. */
void	*malloc(size_t);
void	*calloc(size_t, size_t);
void	free(void *);
void	abort(void) __dead2;
long	syscall(long, ...);
int	write(int, const void *, size_t);

struct vmstats vmstats = { .v_page_count = 131072 };	/* 512 MiB */
int ncpus = 1;

MALLOC_DEFINE(M_TEMP, "temp", "temporary");
MALLOC_DEFINE(M_DEVBUF, "devbuf", "device buffers");

static long shim_fail_countdown = -1;
long shim_allocs_live;			/* kmalloc'd and not freed */

void
shim_fail_after(long n)
{
	shim_fail_countdown = n;
}

static bool
shim_should_fail(void)
{
	if (shim_fail_countdown < 0)
		return (false);
	if (shim_fail_countdown == 0) {
		shim_fail_countdown = -1;
		return (true);
	}
	shim_fail_countdown--;
	return (false);
}

void
shim_cpu_init(void)
{
	cpu_globaldata[0].gd_self = &cpu_globaldata[0];
	cpu_globaldata[0].gd_cpuid = 0;
#if defined(__x86_64__)
	/* arch_prctl(ARCH_SET_GS, &cpu_globaldata[0]) */
	syscall(158, 0x1001, (long)&cpu_globaldata[0]);
#elif defined(__aarch64__)
#error "host tests on aarch64 need a mycpu_get() shim"
#endif
}

/*
 * Not through kprintf: its console lock disables interrupts (cli), which
 * faults in a user process.  The message is formatted by the kernel's
 * own kvsnprintf and written straight to stderr.
 */
void
panic(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;
	int n;

	shim_cons_flush();
	n = ksnprintf(buf, sizeof(buf), "panic: ");
	va_start(ap, fmt);
	n += kvsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	write(2, buf, (size_t)n);
	abort();
}

/* ---- kmalloc ------------------------------------------------------ */

struct shim_hdr {
	size_t		size;
	struct malloc_type *type;
	uint64_t	pad;
};

void *
kmalloc(size_t size, struct malloc_type *type, int flags)
{
	struct shim_hdr *h;

	if (shim_should_fail()) {
		type->ks_failures++;
		if ((flags & M_WAITOK) && !(flags & M_NULLOK))
			panic("kmalloc: M_WAITOK allocation failed");
		return (NULL);
	}
	h = (flags & M_ZERO) ? calloc(1, sizeof(*h) + size) :
	    malloc(sizeof(*h) + size);
	if (h == NULL)
		return (NULL);
	h->size = size;
	h->type = type;
	type->ks_memuse += size;
	type->ks_inuse++;
	type->ks_calls++;
	shim_allocs_live++;
	return (h + 1);
}

void
kfree(void *ptr, struct malloc_type *type)
{
	struct shim_hdr *h;

	if (ptr == NULL)
		return;
	h = (struct shim_hdr *)ptr - 1;
	if (h->type != type)
		panic("kfree: %p allocated as %s, freed as %s", ptr,
		    h->type->ks_shortdesc, type->ks_shortdesc);
	type->ks_memuse -= h->size;
	type->ks_inuse--;
	shim_allocs_live--;
	free(h);
}

char *
kstrdup(const char *str, struct malloc_type *type)
{
	size_t len = strlen(str) + 1;
	char *p = kmalloc(len, type, M_WAITOK);

	memcpy(p, str, len);
	return (p);
}

/* ---- objcache ----------------------------------------------------- */

struct objcache {
	const char	*name;
	int		limit;		/* constructed objects, 0: none */
	int		total;		/* constructed objects */
	int		used;		/* handed out */
	int		ncached;
	void		*cached[4096];
	objcache_ctor_fn *ctor;
	objcache_dtor_fn *dtor;
	void		*priv;
	objcache_alloc_fn *alloc;
	objcache_free_fn *free;
	void		*aargs;
	struct objcache_malloc_args margs;	/* for the mbacked kind */
};

struct objcache *
objcache_create(const char *name, int cluster_limit, int nom_cache,
    objcache_ctor_fn *ctor, objcache_dtor_fn *dtor, void *privdata,
    objcache_alloc_fn *alloc, objcache_free_fn *freefn, void *aargs)
{
	struct objcache *oc = calloc(1, sizeof(*oc));

	oc->name = name;
	oc->limit = cluster_limit;
	oc->ctor = ctor;
	oc->dtor = dtor;
	oc->priv = privdata;
	oc->alloc = alloc;
	oc->free = freefn;
	oc->aargs = aargs;	/* kept by reference, as the kernel does */
	return (oc);
}

struct objcache *
objcache_create_mbacked(struct malloc_type *mtype, size_t objsize,
    int cluster_limit, int nom_cache, objcache_ctor_fn *ctor,
    objcache_dtor_fn *dtor, void *privdata)
{
	struct objcache *oc;

	oc = objcache_create(mtype->ks_shortdesc, cluster_limit, nom_cache,
	    ctor, dtor, privdata, objcache_malloc_alloc, objcache_malloc_free,
	    NULL);
	oc->margs.objsize = objsize;
	oc->margs.mtype = mtype;
	oc->aargs = &oc->margs;
	return (oc);
}

void *
objcache_get(struct objcache *oc, int ocflags)
{
	void *obj;

	if (oc->ncached > 0) {
		obj = oc->cached[--oc->ncached];
		oc->used++;
		return (obj);
	}
	if (oc->limit != 0 && oc->total >= oc->limit) {
		if (ocflags & M_WAITOK)
			panic("objcache %s: M_WAITOK at the limit in a "
			    "single-threaded test", oc->name);
		return (NULL);
	}
	obj = oc->alloc(oc->aargs, ocflags);
	if (obj == NULL)
		return (NULL);
	if (oc->ctor != NULL && !oc->ctor(obj, oc->priv, ocflags)) {
		oc->free(obj, oc->aargs);
		return (NULL);
	}
	oc->total++;
	oc->used++;
	return (obj);
}

void
objcache_put(struct objcache *oc, void *obj)
{
	oc->used--;
	if (oc->ncached < (int)nitems(oc->cached)) {
		oc->cached[oc->ncached++] = obj;
		return;
	}
	if (oc->dtor != NULL)
		oc->dtor(obj, oc->priv);
	oc->free(obj, oc->aargs);
	oc->total--;
}

void
objcache_dtor(struct objcache *oc, void *obj)
{
	oc->used--;
	if (oc->dtor != NULL)
		oc->dtor(obj, oc->priv);
	oc->free(obj, oc->aargs);
	oc->total--;
}

/* Destroy every cached object, as the kernel does under memory pressure. */
void
objcache_reclaim(struct objcache *oc)
{
	while (oc->ncached > 0) {
		void *obj = oc->cached[--oc->ncached];

		if (oc->dtor != NULL)
			oc->dtor(obj, oc->priv);
		oc->free(obj, oc->aargs);
		oc->total--;
	}
}

int
shim_objcache_used(struct objcache *oc)
{
	return (oc->used);
}

void *
objcache_malloc_alloc(void *aargs, int ocflags)
{
	struct objcache_malloc_args *a = aargs;

	return (kmalloc(a->objsize, a->mtype, ocflags & (M_WAITOK |
	    M_NOWAIT | M_NULLOK)) );
}

void
objcache_malloc_free(void *obj, void *aargs)
{
	struct objcache_malloc_args *a = aargs;

	kfree(obj, a->mtype);
}

/* ---- sysctl --------------------------------------------------------- */

/*
 * The nodes the IPC files hang their oids on, and the one handler they
 * use directly; a test calls the IPC layer's own handlers through
 * shim_sysctl_read().
 */
struct sysctl_oid_list sysctl__kern_ipc_children;

static int
shim_oldfunc(struct sysctl_req *req, const void *p, size_t l)
{
	if (req->oldptr != NULL) {
		if (req->oldidx + l > req->oldlen)
			return (ENOMEM);
		memcpy((char *)req->oldptr + req->oldidx, p, l);
	}
	req->oldidx += l;
	return (0);
}

int
sysctl_handle_long(SYSCTL_HANDLER_ARGS)
{
	long v = (oidp->oid_arg1 != NULL) ? *(long *)oidp->oid_arg1 :
	    (long)oidp->oid_arg2;

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}

int
shim_sysctl_read(int (*handler)(SYSCTL_HANDLER_ARGS), void *buf,
    size_t *lenp)
{
	struct sysctl_req req;
	int error;

	memset(&req, 0, sizeof(req));
	req.oldptr = buf;
	req.oldlen = *lenp;
	req.oldfunc = shim_oldfunc;
	error = handler(NULL, NULL, 0, &req);
	*lenp = req.oldidx;
	return (error);
}

/* ---- Console ------------------------------------------------------ */

/* Test output goes through stdio; the captured console is shown on panic. */

void
shim_cons_flush(void)
{
	write(2, shim_cons_buf, shim_cons_len);
	shim_cons_len = 0;
}
