/*
 * Object caches, DragonFly style: a cache of constructed objects with a
 * per-CPU pair of magazines in front of a shared depot, so most gets and
 * puts touch only the local CPU.  Objects are built by a backing
 * allocator (alloc/free) and constructed/destroyed by ctor/dtor; an
 * object returned with objcache_put() stays constructed for its next
 * user.  cluster_limit bounds the objects outstanding (0: no bound); at
 * the bound, M_NOWAIT gets fail and M_WAITOK gets wait for a put.
 */
#ifndef _SYS_OBJCACHE_H_
#define _SYS_OBJCACHE_H_

#include <sys/types.h>

struct malloc_type;
struct objcache;

typedef bool	objcache_ctor_fn(void *obj, void *privdata, int ocflags);
typedef void	objcache_dtor_fn(void *obj, void *privdata);
typedef void	*objcache_alloc_fn(void *allocator_args, int ocflags);
typedef void	objcache_free_fn(void *obj, void *allocator_args);

struct objcache_malloc_args {
	size_t			objsize;
	struct malloc_type	*mtype;
};

void	objcache_init(void);
struct objcache *objcache_create(const char *name, int cluster_limit,
	    int nom_cache, objcache_ctor_fn *ctor, objcache_dtor_fn *dtor,
	    void *privdata, objcache_alloc_fn *alloc, objcache_free_fn *free,
	    void *allocator_args);
struct objcache *objcache_create_simple(struct malloc_type *mtype,
	    size_t objsize);
struct objcache *objcache_create_mbacked(struct malloc_type *mtype,
	    size_t objsize, int cluster_limit, int nom_cache,
	    objcache_ctor_fn *ctor, objcache_dtor_fn *dtor, void *privdata);
void	*objcache_get(struct objcache *oc, int ocflags);	/* M_* */
void	objcache_put(struct objcache *oc, void *obj);
void	objcache_dtor(struct objcache *oc, void *obj);	/* destroy, not cache */
void	objcache_reclaim(struct objcache *oc);		/* empty the depot */
void	objcache_destroy(struct objcache *oc);
void	*objcache_malloc_alloc(void *allocator_args, int ocflags);
void	objcache_malloc_free(void *obj, void *allocator_args);
bool	objcache_null_ctor(void *obj, void *privdata, int ocflags);

/* Statistics for sysctl (kern.objcache): per cache, summed over CPUs. */
struct objcache_stats {
	char		oc_name[32];
	uint64_t	oc_allocs;	/* gets served */
	uint64_t	oc_frees;	/* puts */
	uint64_t	oc_failures;	/* gets that failed */
	uint64_t	oc_used;	/* objects outstanding */
	uint64_t	oc_limit;	/* cluster_limit, 0 none */
	uint64_t	oc_cached;	/* constructed objects held */
};
int	objcache_foreach(int (*fn)(const struct objcache_stats *, void *),
	    void *arg);

#endif /* !_SYS_OBJCACHE_H_ */
