/*
 * Object caches (see <sys/objcache.h>).  Each CPU holds two magazines,
 * `loaded' and `previous' (the Bonwick scheme): gets pop from loaded,
 * swapping with previous when it runs dry; puts push onto loaded,
 * swapping when it is full.  Only when both are unusable does a CPU go to
 * the depot (full and empty magazine lists under the cache's spinlock).
 * Per-CPU state is touched with interrupts disabled, so drivers may use a
 * cache from interrupt handlers.  The backing allocator is called without
 * any lock held.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <sys/malloc.h>
#include <sys/objcache.h>
#include <sys/thread2.h>
#include <machine/cpufunc.h>

#define MAG_CAPACITY	32

struct magazine {
	SLIST_ENTRY(magazine) link;
	int		rounds;			/* objects held */
	void		*objs[MAG_CAPACITY];
};
SLIST_HEAD(maglist, magazine);

struct percpu_objcache {
	struct magazine	*loaded;
	struct magazine	*previous;
	uint64_t	gets;
	uint64_t	puts;
	uint64_t	fails;
} __cachealign;

struct objcache {
	LIST_ENTRY(objcache) oc_link;		/* all caches; objcache_spin */
	char		name[32];
	objcache_ctor_fn *ctor;
	objcache_dtor_fn *dtor;
	void		*privdata;
	objcache_alloc_fn *alloc;
	objcache_free_fn *free;
	void		*allocator_args;
	int		cluster_limit;

	struct spinlock	spin;			/* depot */
	struct maglist	fullq;
	struct maglist	emptyq;
	int		nfull;
	volatile int64_t outstanding;		/* made and not freed */
	struct percpu_objcache cache[SMP_MAXCPU];
};

MALLOC_DEFINE(M_OBJCACHE, "objcache", "object caches and magazines");
MALLOC_DEFINE(M_OBJMAG, "objmag", "object cache magazines");

static LIST_HEAD(, objcache) allobjcaches =
    LIST_HEAD_INITIALIZER(allobjcaches);
static struct spinlock objcache_spin = SPINLOCK_INITIALIZER("objcache");

void
objcache_init(void)
{
}

static struct magazine *
mag_alloc(int flags)
{
	return (kmalloc(sizeof(struct magazine), M_OBJMAG,
	    (flags & M_WAITOK) ? (M_WAITOK | M_ZERO) : (M_NOWAIT | M_ZERO)));
}

struct objcache *
objcache_create(const char *name, int cluster_limit, int nom_cache,
    objcache_ctor_fn *ctor, objcache_dtor_fn *dtor, void *privdata,
    objcache_alloc_fn *alloc, objcache_free_fn *free, void *allocator_args)
{
	struct objcache *oc;
	int i;

	oc = kmalloc(sizeof(*oc), M_OBJCACHE, M_WAITOK | M_ZERO);
	strlcpy(oc->name, name, sizeof(oc->name));
	oc->ctor = ctor != NULL ? ctor : objcache_null_ctor;
	oc->dtor = dtor;
	oc->privdata = privdata;
	oc->alloc = alloc;
	oc->free = free;
	oc->allocator_args = allocator_args;
	oc->cluster_limit = cluster_limit;
	spin_init(&oc->spin, "objcache depot");
	SLIST_INIT(&oc->fullq);
	SLIST_INIT(&oc->emptyq);
	for (i = 0; i < SMP_MAXCPU; i++) {
		oc->cache[i].loaded = mag_alloc(M_WAITOK);
		oc->cache[i].previous = mag_alloc(M_WAITOK);
	}
	spin_lock(&objcache_spin);
	LIST_INSERT_HEAD(&allobjcaches, oc, oc_link);
	spin_unlock(&objcache_spin);
	return (oc);
}

struct objcache *
objcache_create_mbacked(struct malloc_type *mtype, size_t objsize,
    int cluster_limit, int nom_cache, objcache_ctor_fn *ctor,
    objcache_dtor_fn *dtor, void *privdata)
{
	struct objcache_malloc_args *args;

	args = kmalloc(sizeof(*args), M_OBJCACHE, M_WAITOK | M_ZERO);
	args->objsize = objsize;
	args->mtype = mtype;
	return (objcache_create(mtype->ks_shortdesc, cluster_limit, nom_cache,
	    ctor, dtor, privdata, objcache_malloc_alloc, objcache_malloc_free,
	    args));
}

struct objcache *
objcache_create_simple(struct malloc_type *mtype, size_t objsize)
{
	return (objcache_create_mbacked(mtype, objsize, 0, 0, NULL, NULL,
	    NULL));
}

bool
objcache_null_ctor(void *obj, void *privdata, int ocflags)
{
	return (true);
}

void *
objcache_malloc_alloc(void *allocator_args, int ocflags)
{
	struct objcache_malloc_args *a = allocator_args;

	return (kmalloc(a->objsize, a->mtype, ocflags & (M_WAITOK | M_NOWAIT |
	    M_ZERO | M_NULLOK)));
}

void
objcache_malloc_free(void *obj, void *allocator_args)
{
	struct objcache_malloc_args *a = allocator_args;

	kfree(obj, a->mtype);
}

/* Make a brand-new object from the backing allocator; NULL if none. */
static void *
oc_make(struct objcache *oc, int ocflags)
{
	void *obj;

	for (;;) {
		if (oc->cluster_limit == 0 ||
		    __atomic_add_fetch(&oc->outstanding, 1, __ATOMIC_SEQ_CST) <=
		    oc->cluster_limit) {
			if (oc->cluster_limit == 0)
				__atomic_add_fetch(&oc->outstanding, 1,
				    __ATOMIC_SEQ_CST);
			break;
		}
		__atomic_sub_fetch(&oc->outstanding, 1, __ATOMIC_SEQ_CST);
		if ((ocflags & M_WAITOK) == 0)
			return (NULL);
		tsleep(oc, 0, "ocwait", hz / 10 + 1);
	}
	obj = oc->alloc(oc->allocator_args, ocflags);
	if (obj != NULL && !oc->ctor(obj, oc->privdata, ocflags)) {
		oc->free(obj, oc->allocator_args);
		obj = NULL;
	}
	if (obj == NULL)
		__atomic_sub_fetch(&oc->outstanding, 1, __ATOMIC_SEQ_CST);
	return (obj);
}

static void
oc_destroy_obj(struct objcache *oc, void *obj)
{
	if (oc->dtor != NULL)
		oc->dtor(obj, oc->privdata);
	oc->free(obj, oc->allocator_args);
	__atomic_sub_fetch(&oc->outstanding, 1, __ATOMIC_SEQ_CST);
	if (oc->cluster_limit != 0)
		wakeup(oc);
}

void *
objcache_get(struct objcache *oc, int ocflags)
{
	struct percpu_objcache *cc;
	struct magazine *m;
	void *obj;
	register_t s;

	s = intr_disable();
	cc = &oc->cache[mycpuid];
	for (;;) {
		m = cc->loaded;
		if (m->rounds > 0) {
			obj = m->objs[--m->rounds];
			cc->gets++;
			intr_restore(s);
			return (obj);
		}
		if (cc->previous->rounds > 0) {
			cc->loaded = cc->previous;
			cc->previous = m;
			continue;
		}
		/* Both empty: trade an empty magazine for a full one. */
		spin_lock(&oc->spin);
		if (SLIST_EMPTY(&oc->fullq)) {
			spin_unlock(&oc->spin);
			break;
		}
		m = SLIST_FIRST(&oc->fullq);
		SLIST_REMOVE_HEAD(&oc->fullq, link);
		oc->nfull--;
		SLIST_INSERT_HEAD(&oc->emptyq, cc->previous, link);
		cc->previous = cc->loaded;
		cc->loaded = m;
		spin_unlock(&oc->spin);
	}
	intr_restore(s);
	obj = oc_make(oc, ocflags);
	s = intr_disable();
	cc = &oc->cache[mycpuid];
	if (obj != NULL)
		cc->gets++;
	else
		cc->fails++;
	intr_restore(s);
	return (obj);
}

void
objcache_put(struct objcache *oc, void *obj)
{
	struct percpu_objcache *cc;
	struct magazine *m;
	register_t s;

	s = intr_disable();
	cc = &oc->cache[mycpuid];
	cc->puts++;
	for (;;) {
		m = cc->loaded;
		if (m->rounds < MAG_CAPACITY) {
			m->objs[m->rounds++] = obj;
			intr_restore(s);
			if (oc->cluster_limit != 0)
				wakeup(oc);
			return;
		}
		if (cc->previous->rounds < MAG_CAPACITY) {
			cc->loaded = cc->previous;
			cc->previous = m;
			continue;
		}
		/* Both full: give a full magazine to the depot. */
		spin_lock(&oc->spin);
		if (SLIST_EMPTY(&oc->emptyq)) {
			spin_unlock(&oc->spin);
			break;
		}
		m = SLIST_FIRST(&oc->emptyq);
		SLIST_REMOVE_HEAD(&oc->emptyq, link);
		SLIST_INSERT_HEAD(&oc->fullq, cc->previous, link);
		oc->nfull++;
		cc->previous = cc->loaded;
		cc->loaded = m;
		spin_unlock(&oc->spin);
	}
	intr_restore(s);
	/*
	 * No empty magazine in the depot: make one (outside any lock) and
	 * retry, or if memory is short, destroy the object instead.
	 */
	m = mag_alloc(M_NOWAIT);
	if (m == NULL) {
		oc_destroy_obj(oc, obj);
		return;
	}
	spin_lock(&oc->spin);
	SLIST_INSERT_HEAD(&oc->emptyq, m, link);
	spin_unlock(&oc->spin);
	s = intr_disable();
	oc->cache[mycpuid].puts--;		/* counted again below */
	intr_restore(s);
	objcache_put(oc, obj);
}

void
objcache_dtor(struct objcache *oc, void *obj)
{
	oc_destroy_obj(oc, obj);
}

/* Destroy every object held in the depot's full magazines. */
void
objcache_reclaim(struct objcache *oc)
{
	struct maglist list;
	struct magazine *m;
	int i;

	spin_lock(&oc->spin);
	list = oc->fullq;
	SLIST_INIT(&oc->fullq);
	oc->nfull = 0;
	spin_unlock(&oc->spin);
	while ((m = SLIST_FIRST(&list)) != NULL) {
		SLIST_REMOVE_HEAD(&list, link);
		for (i = 0; i < m->rounds; i++)
			oc_destroy_obj(oc, m->objs[i]);
		m->rounds = 0;
		spin_lock(&oc->spin);
		SLIST_INSERT_HEAD(&oc->emptyq, m, link);
		spin_unlock(&oc->spin);
	}
}

/*
 * Destroy a cache whose objects have all been put back.  The per-CPU
 * magazines are emptied here, so no CPU may use the cache any more.
 */
void
objcache_destroy(struct objcache *oc)
{
	struct magazine *m;
	int i, j;

	spin_lock(&objcache_spin);
	LIST_REMOVE(oc, oc_link);
	spin_unlock(&objcache_spin);
	objcache_reclaim(oc);
	for (i = 0; i < SMP_MAXCPU; i++) {
		for (j = 0; j < oc->cache[i].loaded->rounds; j++)
			oc_destroy_obj(oc, oc->cache[i].loaded->objs[j]);
		for (j = 0; j < oc->cache[i].previous->rounds; j++)
			oc_destroy_obj(oc, oc->cache[i].previous->objs[j]);
		kfree(oc->cache[i].loaded, M_OBJMAG);
		kfree(oc->cache[i].previous, M_OBJMAG);
	}
	while ((m = SLIST_FIRST(&oc->emptyq)) != NULL) {
		SLIST_REMOVE_HEAD(&oc->emptyq, link);
		kfree(m, M_OBJMAG);
	}
	if (oc->alloc == objcache_malloc_alloc)
		kfree(oc->allocator_args, M_OBJCACHE);
	kfree(oc, M_OBJCACHE);
}

int
objcache_foreach(int (*fn)(const struct objcache_stats *, void *), void *arg)
{
	struct objcache_stats st;
	struct objcache *oc;
	struct magazine *m;
	int i, error = 0;

	/* Caches are rarely destroyed; a snapshot under the list lock. */
	spin_lock(&objcache_spin);
	LIST_FOREACH(oc, &allobjcaches, oc_link) {
		memset(&st, 0, sizeof(st));
		strlcpy(st.oc_name, oc->name, sizeof(st.oc_name));
		for (i = 0; i < SMP_MAXCPU; i++) {
			st.oc_allocs += oc->cache[i].gets;
			st.oc_frees += oc->cache[i].puts;
			st.oc_failures += oc->cache[i].fails;
			st.oc_cached += oc->cache[i].loaded->rounds +
			    oc->cache[i].previous->rounds;
		}
		SLIST_FOREACH(m, &oc->fullq, link)
			st.oc_cached += m->rounds;
		st.oc_used = oc->outstanding - st.oc_cached;
		st.oc_limit = oc->cluster_limit;
		spin_unlock(&objcache_spin);
		error = fn(&st, arg);
		spin_lock(&objcache_spin);
		if (error != 0)
			break;
	}
	spin_unlock(&objcache_spin);
	return (error);
}

/* kern.objcache_stats: one struct objcache_stats per cache. */
#include <sys/sysctl.h>

static int
objcache_stat_one(const struct objcache_stats *st, void *arg)
{
	struct sysctl_req *req = arg;

	return (SYSCTL_OUT(req, st, sizeof(*st)));
}

static int
sysctl_kern_objcache_stats(SYSCTL_HANDLER_ARGS)
{
	return (objcache_foreach(objcache_stat_one, req));
}
SYSCTL_PROC(_kern, OID_AUTO, objcache_stats, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_kern_objcache_stats, "S,objcache_stats",
    "Per-cache object cache statistics");
