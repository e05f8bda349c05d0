/*
 * Mbuf allocation and manipulation.
 *
 * Allocation is DragonFly's: every kind of mbuf comes from an object cache
 * (sys/kern/kern_objcache.c) whose per-CPU magazines make the common get
 * and put touch only the local CPU.  There are eight caches:
 *
 *	mbuf_cache		plain mbufs
 *	mbufphdr_cache		mbufs with a packet header
 *	mclmeta_cache		2 KiB cluster metadata (struct mbcluster)
 *	mjclmeta_cache		jumbo cluster metadata
 *	mbufcluster_cache	mbuf + 2 KiB cluster, constructed
 *	mbufphdrcluster_cache	mbuf + pkthdr + 2 KiB cluster
 *	mbufjcluster_cache	mbuf + jumbo cluster
 *	mbufphdrjcluster_cache	mbuf + pkthdr + jumbo cluster
 *
 * A combined object keeps its cluster while it sits in the cache, so
 * m_getcl() is one cache get.  Clusters are reference counted in their
 * metadata: m_copym() shares them, and a combined object goes back to its
 * cache only if its cluster is no longer shared; otherwise it is torn down
 * with objcache_dtor(), which drops the cluster reference.
 *
 * Limits: the metadata caches are bounded by kern.ipc.nmbclusters and
 * nmbjclusters and the mbuf caches by nmbufs.  A M_NOWAIT request at the
 * limit fails and is counted in m_drops ("denied"); a M_WAITOK request
 * waits for a free (counted in m_wait).  Nothing here panics on a request
 * the caller or a packet can make.
 *
 * Statistics are per CPU (mbstat[]), updated with atomics on the local
 * CPU's cache line and summed only when read.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/objcache.h>
#include <sys/globaldata.h>
#include <sys/sysctl.h>
#include <sys/mbuf.h>
#include <vm/vm_page.h>
#include <machine/atomic.h>

/*
 * Cluster metadata.  The data buffer is allocated with the metadata by the
 * cache's constructor and freed by its destructor, so a cached struct
 * mbcluster always has its buffer.
 */
struct mbcluster {
	int32_t		mcl_refs;	/* mbufs pointing at the data; atomic */
	uint32_t	mcl_size;	/* MCLBYTES or MJUMPAGESIZE */
	void		*mcl_data;	/* the buffer */
};

MALLOC_DEFINE(M_MBUF, "mbuf", "mbufs");
MALLOC_DEFINE(M_MBUFCL, "mbufcl", "mbuf cluster data");
MALLOC_DEFINE(M_MCLMETA, "mclmeta", "mbuf cluster metadata");

static struct objcache *mbuf_cache, *mbufphdr_cache;
static struct objcache *mclmeta_cache, *mjclmeta_cache;
static struct objcache *mbufcluster_cache, *mbufphdrcluster_cache;
static struct objcache *mbufjcluster_cache, *mbufphdrjcluster_cache;

static struct mbstat mbstat[SMP_MAXCPU] __cachealign;

/*
 * Limits.  The defaults give clusters at most 1/16 of RAM; they are set
 * once in mbinit() and read-only afterwards.
 */
static long nmbclusters;
static long nmbjclusters;
static long nmbufs;

#define MBSTAT_ADD(field, n)						\
	atomic_add_64((volatile uint64_t *)&mbstat[mycpuid].field,	\
	    (uint64_t)(n))

static void
mbstat_type(int type, int n)
{
	if (type >= 0 && type < MT_NTYPES)
		MBSTAT_ADD(m_types[type], n);
}

/* ---- Constructors and destructors -------------------------------- */

static bool
mbuf_ctor(void *obj, void *priv, int ocflags)
{
	struct mbuf *m = obj;

	m->m_next = NULL;
	m->m_nextpkt = NULL;
	m->m_data = m->m_dat;
	m->m_len = 0;
	m->m_flags = 0;
	m->m_type = MT_FREE;
	return (true);
}

static bool
mbufphdr_ctor(void *obj, void *priv, int ocflags)
{
	struct mbuf *m = obj;

	mbuf_ctor(obj, priv, ocflags);
	m->m_data = m->m_pktdat;
	m->m_flags = M_PKTHDR | M_PHCACHE;
	bzero(&m->m_pkthdr, sizeof(m->m_pkthdr));
	SLIST_INIT(&m->m_pkthdr.tags);
	return (true);
}

static bool
mclmeta_ctor(void *obj, void *priv, int ocflags)
{
	struct mbcluster *cl = obj;
	size_t size = (size_t)(uintptr_t)priv;

	cl->mcl_data = kmalloc(size, M_MBUFCL,
	    (ocflags & M_WAITOK) ? M_WAITOK : M_NOWAIT);
	if (cl->mcl_data == NULL)
		return (false);
	cl->mcl_refs = 0;
	cl->mcl_size = size;
	return (true);
}

static void
mclmeta_dtor(void *obj, void *priv)
{
	struct mbcluster *cl = obj;

	KASSERT(cl->mcl_refs == 0, ("mclmeta_dtor: cluster in use"));
	kfree(cl->mcl_data, M_MBUFCL);
	cl->mcl_data = NULL;
}

/*
 * m_clusters and m_jclusters count clusters in use: attached to an mbuf
 * somebody holds.  A cluster kept inside a cached mbuf+cluster object is
 * not in use, so the count moves when such an object is handed out or
 * returned whole (mb_get, m_free), and when the last reference to a
 * cluster outside the caches goes (mclfree).
 */
static void
mbstat_cluster(bool jumbo, int n)
{
	if (jumbo)
		MBSTAT_ADD(m_jclusters, n);
	else
		MBSTAT_ADD(m_clusters, n);
}

static void
mclref(void *arg)
{
	struct mbcluster *cl = arg;

	atomic_add_int(&cl->mcl_refs, 1);
}

/*
 * Drop a reference; the last one returns the cluster to its cache.
 * `inuse' says whether the cluster was counted as in use.
 */
static void
mclrele(struct mbcluster *cl, bool inuse)
{
	if (atomic_fetchadd_int(&cl->mcl_refs, -1) != 1)
		return;
	if (inuse)
		mbstat_cluster(cl->mcl_size != MCLBYTES, -1);
	objcache_put(cl->mcl_size == MCLBYTES ? mclmeta_cache :
	    mjclmeta_cache, cl);
}

/* ext_free of our clusters. */
static void
mclfree(void *arg)
{
	mclrele(arg, true);
}

static void
m_attach_cluster(struct mbuf *m, struct mbcluster *cl)
{
	cl->mcl_refs = 1;
	m->m_ext.ext_buf = cl->mcl_data;
	m->m_ext.ext_size = cl->mcl_size;
	m->m_ext.ext_arg = cl;
	m->m_ext.ext_ref = mclref;
	m->m_ext.ext_free = mclfree;
	m->m_data = m->m_ext.ext_buf;
	m->m_flags |= M_EXT | M_EXT_CLUSTER;
	if (cl->mcl_size != MCLBYTES)
		m->m_flags |= M_EXT_JUMBO;
}



/*
 * Combined objects: the private argument says which metadata cache and
 * whether the mbuf has a packet header.
 */
struct mbufcl_kind {
	struct objcache	**meta;
	bool		pkthdr;
};

static struct mbufcl_kind kind_cl = { &mclmeta_cache, false };
static struct mbufcl_kind kind_phcl = { &mclmeta_cache, true };
static struct mbufcl_kind kind_jcl = { &mjclmeta_cache, false };
static struct mbufcl_kind kind_phjcl = { &mjclmeta_cache, true };

static bool
mbufcluster_ctor(void *obj, void *priv, int ocflags)
{
	struct mbufcl_kind *k = priv;
	struct mbuf *m = obj;
	struct mbcluster *cl;

	if (k->pkthdr)
		mbufphdr_ctor(obj, NULL, ocflags);
	else
		mbuf_ctor(obj, NULL, ocflags);
	cl = objcache_get(*k->meta, ocflags);
	if (cl == NULL) {
		MBSTAT_ADD(m_drops, 1);
		return (false);
	}
	m_attach_cluster(m, cl);
	m->m_flags |= M_CLCACHE;
	return (true);
}

/*
 * Tear down a cached mbuf+cluster object (objcache reclaim); its cluster
 * was not in use.  m_free() detaches the cluster of an object in use
 * before it destroys one.
 */
static void
mbufcluster_dtor(void *obj, void *priv)
{
	struct mbuf *m = obj;

	if (m->m_flags & M_EXT)
		mclrele(m->m_ext.ext_arg, false);
}

/* ---- Initialisation ---------------------------------------------- */

/*
 * Room protocols reserve in front of data (Net/3's max_linkhdr and
 * max_protohdr).  16 bytes of link header keep the IP header that follows
 * a 14-byte Ethernet header long-aligned; 60 + 60 covers an IP header and
 * a TCP header with options.  m_pullup() pulls up to max_protohdr bytes at
 * once so that the next header is usually contiguous too.
 */
int	max_linkhdr = 16;
int	max_protohdr = 120;
int	max_hdr = 16 + 120;

static uint64_t
mb_physmem(void)
{
	return (vmstats.v_page_count * PAGE_SIZE);
}

/* Change the type of an mbuf, keeping the per-type counts right. */
void
m_chtype(struct mbuf *m, int type)
{
	mbstat_type(m->m_type, -1);
	m->m_type = type;
	mbstat_type(type, 1);
}

/* The caches keep a pointer to their allocator arguments: static. */
static struct objcache_malloc_args mclmeta_args = {
	sizeof(struct mbcluster), M_MCLMETA
};

void
mbinit(void *dummy)
{
	uint64_t mem = mb_physmem();
	int i;

	nmbclusters = (long)(mem / 16 / MCLBYTES);
	if (nmbclusters < 1024)
		nmbclusters = 1024;
	if (nmbclusters > 65536)
		nmbclusters = 65536;
	nmbjclusters = nmbclusters / 4;
	nmbufs = nmbclusters * 4;

	for (i = 0; i < SMP_MAXCPU; i++) {
		mbstat[i].mbs_len = sizeof(struct mbstat);
		mbstat[i].mbs_version = MBSTAT_VERSION;
	}

	mclmeta_cache = objcache_create("mclmeta", (int)nmbclusters, 64,
	    mclmeta_ctor, mclmeta_dtor, (void *)(uintptr_t)MCLBYTES,
	    objcache_malloc_alloc, objcache_malloc_free, &mclmeta_args);
	mjclmeta_cache = objcache_create("mjclmeta", (int)nmbjclusters, 32,
	    mclmeta_ctor, mclmeta_dtor, (void *)(uintptr_t)MJUMPAGESIZE,
	    objcache_malloc_alloc, objcache_malloc_free, &mclmeta_args);
	mbuf_cache = objcache_create_mbacked(M_MBUF, MSIZE, (int)nmbufs, 128,
	    mbuf_ctor, NULL, NULL);
	mbufphdr_cache = objcache_create_mbacked(M_MBUF, MSIZE, (int)nmbufs,
	    128, mbufphdr_ctor, NULL, NULL);
	mbufcluster_cache = objcache_create_mbacked(M_MBUF, MSIZE,
	    (int)nmbclusters, 64, mbufcluster_ctor, mbufcluster_dtor,
	    &kind_cl);
	mbufphdrcluster_cache = objcache_create_mbacked(M_MBUF, MSIZE,
	    (int)nmbclusters, 64, mbufcluster_ctor, mbufcluster_dtor,
	    &kind_phcl);
	mbufjcluster_cache = objcache_create_mbacked(M_MBUF, MSIZE,
	    (int)nmbjclusters, 32, mbufcluster_ctor, mbufcluster_dtor,
	    &kind_jcl);
	mbufphdrjcluster_cache = objcache_create_mbacked(M_MBUF, MSIZE,
	    (int)nmbjclusters, 32, mbufcluster_ctor, mbufcluster_dtor,
	    &kind_phjcl);
}
SYSINIT(mbuf, SI_SUB_MBUF, SI_ORDER_FIRST, mbinit, NULL);

/* ---- Allocation --------------------------------------------------- */

static int
mb_ocflags(int how)
{
	return ((how & M_WAITOK) ? M_WAITOK : M_NOWAIT);
}

static struct mbuf *
mb_get(struct objcache *oc, int how, int type)
{
	struct mbuf *m;

	m = objcache_get(oc, mb_ocflags(how));
	if (m == NULL) {
		MBSTAT_ADD(m_drops, 1);
		return (NULL);
	}
	m->m_type = type;
	MBSTAT_ADD(m_mbufs, 1);
	mbstat_type(type, 1);
	if (m->m_flags & M_CLCACHE)
		mbstat_cluster((m->m_flags & M_EXT_JUMBO) != 0, 1);
	return (m);
}

struct mbuf *
m_get(int how, int type)
{
	return (mb_get(mbuf_cache, how, type));
}

struct mbuf *
m_gethdr(int how, int type)
{
	return (mb_get(mbufphdr_cache, how, type));
}

struct mbuf *
m_getclr(int how, int type)
{
	struct mbuf *m;

	if ((m = m_get(how, type)) != NULL)
		bzero(m->m_data, MLEN);
	return (m);
}

struct mbuf *
m_getcl(int how, short type, int flags)
{
	struct objcache *oc;

	oc = (flags & M_PKTHDR) ? mbufphdrcluster_cache : mbufcluster_cache;
	return (mb_get(oc, how, type));
}

/*
 * An mbuf with a cluster of the given size: MCLBYTES or MJUMPAGESIZE.
 * Other sizes are a caller bug and get NULL rather than a panic.
 */
struct mbuf *
m_getjcl(int how, short type, int flags, size_t size)
{
	struct objcache *oc;

	if (size == MCLBYTES)
		return (m_getcl(how, type, flags));
	if (size != MJUMPAGESIZE)
		return (NULL);
	oc = (flags & M_PKTHDR) ? mbufphdrjcluster_cache : mbufjcluster_cache;
	return (mb_get(oc, how, type));
}

/*
 * The smallest mbuf that holds len bytes: a plain mbuf, one with a
 * cluster, or one with a jumbo cluster.  *psize gets the room it has.
 */
struct mbuf *
m_getl(int len, int how, int type, int flags, int *psize)
{
	struct mbuf *m;
	int size;

	if (len <= ((flags & M_PKTHDR) ? MHLEN : MLEN)) {
		m = (flags & M_PKTHDR) ? m_gethdr(how, type) :
		    m_get(how, type);
		size = (flags & M_PKTHDR) ? MHLEN : MLEN;
	} else if (len <= MCLBYTES) {
		m = m_getcl(how, type, flags);
		size = MCLBYTES;
	} else {
		m = m_getjcl(how, type, flags, MJUMPAGESIZE);
		size = MJUMPAGESIZE;
	}
	if (psize != NULL)
		*psize = size;
	return (m);
}

/*
 * Append to m0 (which may be NULL) enough mbufs, with clusters where they
 * help, to hold len bytes.  Returns the head of the chain or NULL, in
 * which case whatever was allocated here has been freed and m0 is intact.
 */
struct mbuf *
m_getm(struct mbuf *m0, int len, int type, int how)
{
	struct mbuf *top = NULL, *tail = NULL, *m, *last;
	int size;

	if (len < 0)
		return (NULL);
	while (len > 0) {
		m = m_getl(len, how, type, 0, &size);
		if (m == NULL) {
			m_freem(top);
			return (NULL);
		}
		if (top == NULL)
			top = m;
		else
			tail->m_next = m;
		tail = m;
		len -= size;
	}
	if (m0 == NULL)
		return (top);
	last = m_last(m0);
	last->m_next = top;
	return (m0);
}

/*
 * Attach a 2 KiB cluster to m.  Returns 0 or ENOBUFS; m is unchanged on
 * failure (callers may also test M_EXT, as with MCLGET).
 */
int
m_mclget(struct mbuf *m, int how)
{
	struct mbcluster *cl;

	if (m->m_flags & M_EXT)
		return (0);
	cl = objcache_get(mclmeta_cache, mb_ocflags(how));
	if (cl == NULL) {
		MBSTAT_ADD(m_drops, 1);
		return (ENOBUFS);
	}
	m_attach_cluster(m, cl);
	mbstat_cluster(false, 1);
	return (0);
}

/* Attach a driver's buffer, with its own reference functions. */
void
m_extadd(struct mbuf *m, caddr_t buf, u_int size,
    void (*reff)(void *), void (*freef)(void *), void *arg)
{
	m->m_ext.ext_buf = buf;
	m->m_ext.ext_size = size;
	m->m_ext.ext_ref = reff;
	m->m_ext.ext_free = freef;
	m->m_ext.ext_arg = arg;
	m->m_data = buf;
	m->m_flags |= M_EXT;
}

/* ---- Freeing ------------------------------------------------------ */

int
m_sharecount(struct mbuf *m)
{
	if ((m->m_flags & M_EXT) == 0)
		return (1);
	if (m->m_flags & M_EXT_CLUSTER)
		return (atomic_load_acq_int(
		    &((struct mbcluster *)m->m_ext.ext_arg)->mcl_refs));
	return (2);		/* foreign storage: assume shared */
}

static struct objcache *
m_combined_cache(struct mbuf *m)
{
	bool ph = (m->m_flags & M_PHCACHE) != 0;

	if (m->m_flags & M_EXT_JUMBO)
		return (ph ? mbufphdrjcluster_cache : mbufjcluster_cache);
	return (ph ? mbufphdrcluster_cache : mbufcluster_cache);
}

/*
 * Free one mbuf and return its successor.  Which cache the mbuf goes back
 * to follows from where it came from (M_PHCACHE, M_CLCACHE), not from
 * what it holds now: m_move_pkthdr() may have moved a header in or out.
 */
struct mbuf *
m_free(struct mbuf *m)
{
	struct mbuf *n;

	if (m == NULL)
		return (NULL);
	n = m->m_next;
	MBSTAT_ADD(m_mbufs, -1);
	mbstat_type(m->m_type, -1);
	if (m->m_flags & M_PKTHDR)
		m_tag_delete_chain(m);

	if (m->m_flags & M_CLCACHE) {
		/*
		 * A combined object: if it still holds its own cluster and
		 * nobody shares it, rebuild the constructed state and cache
		 * it whole; otherwise tear it down, which drops the cluster
		 * reference.
		 */
		struct objcache *oc = m_combined_cache(m);

		if ((m->m_flags & (M_EXT | M_EXT_CLUSTER)) ==
		    (M_EXT | M_EXT_CLUSTER) && m_sharecount(m) == 1) {
			bool ph = (m->m_flags & M_PHCACHE) != 0;

			m->m_next = NULL;
			m->m_nextpkt = NULL;
			m->m_data = m->m_ext.ext_buf;
			m->m_len = 0;
			m->m_type = MT_FREE;
			m->m_flags = (m->m_flags & (M_EXT | M_EXT_CLUSTER |
			    M_EXT_JUMBO | M_CLCACHE)) |
			    (ph ? (M_PKTHDR | M_PHCACHE) : 0);
			if (ph) {
				bzero(&m->m_pkthdr, sizeof(m->m_pkthdr));
				SLIST_INIT(&m->m_pkthdr.tags);
			}
			mbstat_cluster((m->m_flags & M_EXT_JUMBO) != 0, -1);
			objcache_put(oc, m);
		} else {
			/* Let go of the (shared) storage, then the mbuf. */
			if (m->m_flags & M_EXT)
				m->m_ext.ext_free(m->m_ext.ext_arg);
			m->m_flags &= ~M_EXT;	/* dtor: nothing attached */
			objcache_dtor(oc, m);
		}
		return (n);
	}

	if (m->m_flags & M_EXT)
		m->m_ext.ext_free(m->m_ext.ext_arg);
	if (m->m_flags & M_PHCACHE) {
		mbufphdr_ctor(m, NULL, 0);
		objcache_put(mbufphdr_cache, m);
	} else {
		mbuf_ctor(m, NULL, 0);
		objcache_put(mbuf_cache, m);
	}
	return (n);
}

void
m_freem(struct mbuf *m)
{
	while (m != NULL)
		m = m_free(m);
}

/* ---- Space -------------------------------------------------------- */

int
m_leadingspace(struct mbuf *m)
{
	if (m->m_flags & M_EXT) {
		if (!M_WRITABLE(m))
			return (0);
		return (m->m_data - m->m_ext.ext_buf);
	}
	if (m->m_flags & M_PKTHDR)
		return (m->m_data - m->m_pktdat);
	return (m->m_data - m->m_dat);
}

int
m_trailingspace(struct mbuf *m)
{
	if (m->m_flags & M_EXT) {
		if (!M_WRITABLE(m))
			return (0);
		return (m->m_ext.ext_buf + m->m_ext.ext_size -
		    (m->m_data + m->m_len));
	}
	return (&m->m_dat[MLEN] - (m->m_data + m->m_len));
}

/* ---- Packet headers ----------------------------------------------- */

/*
 * Move the packet header (and its tags) from `from' to `to'.  `to' must
 * not have external storage in use by data yet or must be an M_EXT mbuf
 * whose data pointer stays where it is.
 */
void
m_move_pkthdr(struct mbuf *to, struct mbuf *from)
{
	to->m_flags = (from->m_flags & M_COPYFLAGS) |
	    (to->m_flags & ~M_COPYFLAGS);
	if ((to->m_flags & M_EXT) == 0)
		to->m_data = to->m_pktdat;
	to->m_pkthdr = from->m_pkthdr;
	SLIST_INIT(&from->m_pkthdr.tags);
	from->m_flags &= ~M_PKTHDR;
}

/* Copy the packet header, duplicating the tags.  0 or ENOMEM. */
int
m_dup_pkthdr(struct mbuf *to, const struct mbuf *from, int how)
{
	to->m_flags = (from->m_flags & M_COPYFLAGS) |
	    (to->m_flags & ~M_COPYFLAGS);
	if ((to->m_flags & M_EXT) == 0)
		to->m_data = to->m_pktdat;
	to->m_pkthdr = from->m_pkthdr;
	SLIST_INIT(&to->m_pkthdr.tags);
	return (m_tag_copy_chain(to, from, how));
}

/* Recompute m_pkthdr.len from the chain. */
void
m_fixhdr(struct mbuf *m0)
{
	m0->m_pkthdr.len = m_lengthm(m0, NULL);
}

/* ---- Chains -------------------------------------------------------- */

struct mbuf *
m_last(struct mbuf *m)
{
	while (m->m_next != NULL)
		m = m->m_next;
	return (m);
}

u_int
m_lengthm(struct mbuf *m, struct mbuf **lastm)
{
	u_int len = 0;
	struct mbuf *prev = m;

	while (m != NULL) {
		len += m->m_len;
		prev = m;
		m = m->m_next;
	}
	if (lastm != NULL)
		*lastm = prev;
	return (len);
}

/* Bytes and storage (mbufs plus external buffers) used by a chain. */
u_int
m_countm(struct mbuf *m, struct mbuf **lastm, u_int *pmbcnt)
{
	u_int len = 0, mbcnt = 0;
	struct mbuf *prev = m;

	while (m != NULL) {
		len += m->m_len;
		mbcnt += MSIZE;
		if (m->m_flags & M_EXT)
			mbcnt += m->m_ext.ext_size;
		prev = m;
		m = m->m_next;
	}
	if (lastm != NULL)
		*lastm = prev;
	if (pmbcnt != NULL)
		*pmbcnt = mbcnt;
	return (len);
}

/*
 * Put a new mbuf of len bytes in front of m (for M_PREPEND).  On failure
 * the whole chain is freed and NULL returned.
 */
struct mbuf *
m_prepend(struct mbuf *m, int len, int how)
{
	struct mbuf *mn;

	if (len < 0 || len > MLEN) {
		m_freem(m);
		return (NULL);
	}
	if (m->m_flags & M_PKTHDR)
		mn = m_gethdr(how, m->m_type);
	else
		mn = m_get(how, m->m_type);
	if (mn == NULL) {
		m_freem(m);
		return (NULL);
	}
	if (m->m_flags & M_PKTHDR) {
		if (len > MHLEN) {
			m_free(mn);
			m_freem(m);
			return (NULL);
		}
		m_move_pkthdr(mn, m);
	}
	mn->m_next = m;
	m = mn;
	if (m->m_flags & M_PKTHDR)
		MH_ALIGN(m, len);
	else
		M_ALIGN(m, len);
	m->m_len = len;
	return (m);
}

/*
 * Copy len bytes (M_COPYALL: to the end) starting off bytes into the
 * chain.  Clusters are shared, not copied.  Returns NULL on failure (bad
 * offset or length, or no memory); the original chain is never changed.
 */
struct mbuf *
m_copym(struct mbuf *m, int off0, int len, int how)
{
	struct mbuf *top = NULL, **np = &top, *n;
	int off = off0, copyhdr = 0;

	if (off < 0 || len < 0)
		goto fail;
	if (off == 0 && (m->m_flags & M_PKTHDR))
		copyhdr = 1;
	while (off > 0) {
		if (m == NULL)
			goto fail;
		if (off < m->m_len)
			break;
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0) {
		if (m == NULL) {
			if (len != M_COPYALL)
				goto fail;
			break;
		}
		if (copyhdr)
			n = m_gethdr(how, m->m_type);
		else
			n = m_get(how, m->m_type);
		if (n == NULL)
			goto fail;
		*np = n;
		if (copyhdr) {
			if (m_dup_pkthdr(n, m, how) != 0)
				goto fail;
			if (len == M_COPYALL)
				n->m_pkthdr.len -= off0;
			else
				n->m_pkthdr.len = len;
			copyhdr = 0;
		}
		n->m_len = MIN(len, m->m_len - off);
		if (m->m_flags & M_EXT) {
			n->m_data = m->m_data + off;
			m->m_ext.ext_ref(m->m_ext.ext_arg);
			n->m_ext = m->m_ext;
			n->m_flags |= M_EXT | (m->m_flags &
			    (M_EXT_CLUSTER | M_EXT_JUMBO));
		} else {
			bcopy(mtod(m, caddr_t) + off, mtod(n, caddr_t),
			    (size_t)n->m_len);
		}
		if (len != M_COPYALL)
			len -= n->m_len;
		off = 0;
		m = m->m_next;
		np = &n->m_next;
	}
	return (top);
fail:
	m_freem(top);
	MBSTAT_ADD(m_mcfail, 1);
	return (NULL);
}

struct mbuf *
m_copypacket(struct mbuf *m, int how)
{
	return (m_copym(m, 0, M_COPYALL, how));
}

/*
 * A deep copy: new storage for everything, packed into as few mbufs as
 * the sizes allow, packet header and tags included.
 */
struct mbuf *
m_dup(struct mbuf *m, int how)
{
	struct mbuf *top = NULL, *n, *tail = NULL;
	int total, off = 0, size, len;

	if (m == NULL)
		return (NULL);
	total = (int)m_lengthm(m, NULL);
	do {
		n = m_getl(total - off, how, m->m_type,
		    (top == NULL) ? (m->m_flags & M_PKTHDR) : 0, &size);
		if (n == NULL)
			goto fail;
		if (top == NULL) {
			top = n;
			if ((m->m_flags & M_PKTHDR) &&
			    m_dup_pkthdr(n, m, how) != 0)
				goto fail;
		} else {
			tail->m_next = n;
		}
		tail = n;
		len = MIN(size, total - off);
		m_copydata(m, off, len, mtod(n, caddr_t));
		n->m_len = len;
		off += len;
	} while (off < total);
	return (top);
fail:
	m_freem(top);
	MBSTAT_ADD(m_mcfail, 1);
	return (NULL);
}

/*
 * Copy len bytes from the chain, starting off bytes in, to cp.  The
 * range must lie inside the chain; callers check lengths against the
 * packet header first, and a range past the end is a kernel bug.
 */
void
m_copydata(const struct mbuf *m, int off, int len, void *cp0)
{
	char *cp = cp0;
	int count;

	KASSERT(off >= 0 && len >= 0, ("m_copydata: negative"));
	while (off > 0) {
		KASSERT(m != NULL, ("m_copydata: offset past the end"));
		if (off < m->m_len)
			break;
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0) {
		KASSERT(m != NULL, ("m_copydata: length past the end"));
		count = MIN(m->m_len - off, len);
		bcopy(mtod(m, caddr_t) + off, cp, (size_t)count);
		len -= count;
		cp += count;
		off = 0;
		m = m->m_next;
	}
}

/*
 * Copy len bytes from cp into the chain at off, extending the chain with
 * new mbufs (M_NOWAIT) as needed.  Returns 0 or ENOBUFS; on ENOBUFS part
 * of the data may have been written.
 */
int
m_copyback(struct mbuf *m0, int off, int len, const void *cp0)
{
	const char *cp = cp0;
	struct mbuf *m = m0, *n;
	int mlen, totlen = 0;

	if (m0 == NULL || off < 0 || len < 0)
		return (EINVAL);
	while (off > (mlen = m->m_len)) {
		off -= mlen;
		totlen += mlen;
		if (m->m_next == NULL) {
			n = m_getclr(M_NOWAIT, m->m_type);
			if (n == NULL)
				return (ENOBUFS);
			n->m_len = MIN(MLEN, len + off);
			m->m_next = n;
		}
		m = m->m_next;
	}
	while (len > 0) {
		mlen = MIN(m->m_len - off, len);
		if (mlen < len && m->m_next == NULL &&
		    M_TRAILINGSPACE(m) > 0) {
			/* Grow the last mbuf in place first. */
			int grow = MIN(M_TRAILINGSPACE(m), len - mlen);

			m->m_len += grow;
			mlen += grow;
		}
		bcopy(cp, mtod(m, caddr_t) + off, (size_t)mlen);
		cp += mlen;
		len -= mlen;
		mlen += off;
		off = 0;
		totlen += mlen;
		if (len == 0)
			break;
		if (m->m_next == NULL) {
			n = m_get(M_NOWAIT, m->m_type);
			if (n == NULL)
				return (ENOBUFS);
			n->m_len = MIN(MLEN, len);
			m->m_next = n;
		}
		m = m->m_next;
	}
	if ((m0->m_flags & M_PKTHDR) && m0->m_pkthdr.len < totlen)
		m0->m_pkthdr.len = totlen;
	return (0);
}

/* Append len bytes at the end of the chain.  0 or ENOBUFS. */
int
m_append(struct mbuf *m0, int len, const void *cp)
{
	int off = (int)m_lengthm(m0, NULL);
	int error;

	if (len < 0)
		return (EINVAL);
	if (!(m0->m_flags & M_PKTHDR))
		return (m_copyback(m0, off, len, cp));
	error = m_copyback(m0, off, len, cp);
	if (error == 0)
		m0->m_pkthdr.len = off + len;
	return (error);
}

/*
 * Concatenate chain n to chain m, copying n's data into m's last mbuf
 * when it fits.  Both must be of the same type; packet headers are not
 * updated (callers fix m_pkthdr.len).
 */
void
m_cat(struct mbuf *m, struct mbuf *n)
{
	m = m_last(m);
	while (n != NULL) {
		if ((m->m_flags & M_EXT) || (n->m_flags & M_EXT) ||
		    m->m_data + m->m_len + n->m_len >= &m->m_dat[MLEN]) {
			m->m_next = n;
			return;
		}
		bcopy(mtod(n, caddr_t), mtod(m, caddr_t) + m->m_len,
		    (size_t)n->m_len);
		m->m_len += n->m_len;
		n = m_free(n);
	}
}

/*
 * Trim req_len bytes from the head (req_len > 0) or the tail (< 0) of the
 * chain.  Trimming more than there is empties the chain; mbufs stay.
 */
void
m_adj(struct mbuf *mp, int req_len)
{
	struct mbuf *m;
	int len = req_len, count;

	if ((m = mp) == NULL)
		return;
	if (len >= 0) {
		while (m != NULL && len > 0) {
			if (m->m_len <= len) {
				len -= m->m_len;
				m->m_len = 0;
				m = m->m_next;
			} else {
				m->m_len -= len;
				m->m_data += len;
				len = 0;
			}
		}
		if (mp->m_flags & M_PKTHDR)
			mp->m_pkthdr.len -= (req_len - len);
		return;
	}
	/* From the tail: find the new length, then cut there. */
	len = -len;
	count = (int)m_lengthm(mp, NULL);
	if (len > count)
		len = count;
	count -= len;
	if (mp->m_flags & M_PKTHDR)
		mp->m_pkthdr.len = count;
	for (m = mp; m != NULL; m = m->m_next) {
		if (m->m_len >= count) {
			m->m_len = count;
			break;
		}
		count -= m->m_len;
	}
	if (m != NULL)
		for (m = m->m_next; m != NULL; m = m->m_next)
			m->m_len = 0;
}

/*
 * Make the first len bytes of the chain contiguous in the first mbuf, so
 * that mtod() can be used on a header.  len may be at most MHLEN.  On
 * failure the chain is freed and NULL returned (m_mpfail counts it), as in
 * Net/3: callers must not touch n afterwards.
 */
struct mbuf *
m_pullup(struct mbuf *n, int len)
{
	struct mbuf *m;
	int count, space;

	if (len <= 0 || len > MHLEN)
		goto bad;
	/*
	 * If the first mbuf is writable and has room after its data,
	 * pull into it; else start a new mbuf and move the header over.
	 */
	if (!(n->m_flags & M_EXT) && n->m_data + len < &n->m_dat[MLEN] &&
	    n->m_next != NULL) {
		if (n->m_len >= len)
			return (n);
		m = n;
		n = n->m_next;
		len -= m->m_len;
	} else {
		if (n->m_len >= len)
			return (n);
		m = m_get(M_NOWAIT, n->m_type);
		if (m == NULL)
			goto bad;
		m->m_len = 0;
		if (n->m_flags & M_PKTHDR)
			m_move_pkthdr(m, n);
	}
	space = (int)(&m->m_dat[MLEN] - (m->m_data + m->m_len));
	do {
		count = MIN(MIN(MAX(len, max_protohdr), space),
		    n->m_len);
		bcopy(mtod(n, caddr_t), mtod(m, caddr_t) + m->m_len,
		    (size_t)count);
		len -= count;
		m->m_len += count;
		n->m_len -= count;
		space -= count;
		if (n->m_len != 0)
			n->m_data += count;
		else
			n = m_free(n);
	} while (len > 0 && n != NULL);
	if (len > 0) {
		(void)m_free(m);
		goto bad;
	}
	m->m_next = n;
	return (m);
bad:
	m_freem(n);
	MBSTAT_ADD(m_mpfail, 1);
	return (NULL);
}

/*
 * Split the chain at len0 bytes: m0 keeps the head, the tail is returned.
 * NULL (m0 unchanged) when len0 is past the end or memory is short.
 */
struct mbuf *
m_split(struct mbuf *m0, int len0, int how)
{
	struct mbuf *m, *n;
	u_int len = (u_int)len0, remain;

	if (len0 < 0)
		return (NULL);
	for (m = m0; m != NULL && len > (u_int)m->m_len; m = m->m_next)
		len -= m->m_len;
	if (m == NULL)
		return (NULL);
	remain = m->m_len - len;
	if (m0->m_flags & M_PKTHDR) {
		n = m_gethdr(how, m0->m_type);
		if (n == NULL)
			return (NULL);
		n->m_pkthdr.rcvif = m0->m_pkthdr.rcvif;
		n->m_pkthdr.len = m0->m_pkthdr.len - len0;
		m0->m_pkthdr.len = len0;
		if (m->m_flags & M_EXT)
			goto extpacket;
		if (remain > (u_int)MHLEN) {
			/* Too big for one mbuf: put the rest behind it. */
			MH_ALIGN(n, 0);
			n->m_next = m_split(m, len, how);
			if (n->m_next == NULL) {
				(void)m_free(n);
				m0->m_pkthdr.len += n->m_pkthdr.len;
				return (NULL);
			}
			return (n);
		}
		MH_ALIGN(n, remain);
	} else if (remain == 0) {
		n = m->m_next;
		m->m_next = NULL;
		return (n);
	} else {
		n = m_get(how, m->m_type);
		if (n == NULL)
			return (NULL);
		M_ALIGN(n, remain);
	}
extpacket:
	if (m->m_flags & M_EXT) {
		n->m_data = m->m_data + len;
		m->m_ext.ext_ref(m->m_ext.ext_arg);
		n->m_ext = m->m_ext;
		n->m_flags |= M_EXT | (m->m_flags &
		    (M_EXT_CLUSTER | M_EXT_JUMBO));
	} else {
		bcopy(mtod(m, caddr_t) + len, mtod(n, caddr_t),
		    (size_t)remain);
	}
	n->m_len = (int)remain;
	m->m_len = (int)len;
	n->m_next = m->m_next;
	m->m_next = NULL;
	return (n);
}

/*
 * Copy a received frame of len bytes from a driver buffer into a new
 * chain (the Net/3 m_devget).  `offset' bytes of room are left at the
 * front of the first mbuf so that a link header can be prepended on
 * output, and so that the IP header that follows a 14-byte Ethernet
 * header lands long-aligned.  NULL on a bad length or no memory.
 */
struct mbuf *
m_devget(const void *buf0, int len, int offset, struct ifnet *ifp)
{
	const char *buf = buf0;
	struct mbuf *top = NULL, **mp = &top, *m;
	int flags = M_PKTHDR, size, count, room;

	if (len <= 0 || offset < 0 || offset > MHLEN)
		return (NULL);
	while (len > 0) {
		m = m_getl(len + ((flags & M_PKTHDR) ? offset : 0), M_NOWAIT,
		    MT_DATA, flags, &size);
		if (m == NULL) {
			m_freem(top);
			return (NULL);
		}
		if (flags & M_PKTHDR) {
			m->m_pkthdr.rcvif = ifp;
			m->m_pkthdr.len = len;
			m->m_data += offset;
			size -= offset;
			flags = 0;
		}
		room = size;
		count = MIN(len, room);
		bcopy(buf, mtod(m, caddr_t), (size_t)count);
		m->m_len = count;
		buf += count;
		len -= count;
		*mp = m;
		mp = &m->m_next;
	}
	return (top);
}

/*
 * Compact a chain into as few mbufs as the length allows (for drivers
 * with a limit on DMA segments).  The original chain is freed on success;
 * on failure it is left as it was and NULL returned.
 */
struct mbuf *
m_defrag(struct mbuf *m0, int how)
{
	struct mbuf *n;

	if (!(m0->m_flags & M_PKTHDR))
		return (NULL);
	n = m_dup(m0, how);
	if (n == NULL)
		return (NULL);
	m_freem(m0);
	return (n);
}

/* The mbuf holding byte loc of the chain, and the offset within it. */
struct mbuf *
m_getptr(struct mbuf *m, int loc, int *off)
{
	while (loc >= 0) {
		if (m == NULL)
			return (NULL);
		if (m->m_len > loc) {
			*off = loc;
			return (m);
		}
		loc -= m->m_len;
		if (m->m_next == NULL) {
			if (loc == 0) {
				*off = m->m_len;
				return (m);
			}
			return (NULL);
		}
		m = m->m_next;
	}
	return (NULL);
}

/*
 * Give back every cached object (low memory, or a test that wants to see
 * nothing left).  Combined objects first: tearing them down returns their
 * clusters to the metadata caches, which are drained after.
 */
void
m_reclaim(void)
{
	objcache_reclaim(mbufcluster_cache);
	objcache_reclaim(mbufphdrcluster_cache);
	objcache_reclaim(mbufjcluster_cache);
	objcache_reclaim(mbufphdrjcluster_cache);
	objcache_reclaim(mclmeta_cache);
	objcache_reclaim(mjclmeta_cache);
	objcache_reclaim(mbuf_cache);
	objcache_reclaim(mbufphdr_cache);
	MBSTAT_ADD(m_drain, 1);
}

/* ---- Statistics ---------------------------------------------------- */

void
m_mbstat_sum(struct mbstat *sum)
{
	int i, t;

	bzero(sum, sizeof(*sum));
	sum->mbs_len = sizeof(*sum);
	sum->mbs_version = MBSTAT_VERSION;
	for (i = 0; i < SMP_MAXCPU; i++) {
		const struct mbstat *s = &mbstat[i];

		sum->m_mbufs += s->m_mbufs;
		sum->m_clusters += s->m_clusters;
		sum->m_jclusters += s->m_jclusters;
		sum->m_drops += s->m_drops;
		sum->m_wait += s->m_wait;
		sum->m_drain += s->m_drain;
		sum->m_mcfail += s->m_mcfail;
		sum->m_mpfail += s->m_mpfail;
		for (t = 0; t < MT_NTYPES; t++)
			sum->m_types[t] += s->m_types[t];
	}
	sum->m_msize = MSIZE;
	sum->m_mclbytes = MCLBYTES;
	sum->m_mjumpagesize = MJUMPAGESIZE;
	sum->m_minclsize = MINCLSIZE;
	sum->m_mlen = MLEN;
	sum->m_mhlen = MHLEN;
}

void
m_limits(struct mblimits *lim)
{
	bzero(lim, sizeof(*lim));
	lim->mbl_len = sizeof(*lim);
	lim->mbl_version = MBSTAT_VERSION;
	lim->nmbufs = (uint64_t)nmbufs;
	lim->nmbclusters = (uint64_t)nmbclusters;
	lim->nmbjclusters = (uint64_t)nmbjclusters;
}

static int
sysctl_mbstat(SYSCTL_HANDLER_ARGS)
{
	struct mbstat sum;

	m_mbstat_sum(&sum);
	return (SYSCTL_OUT(req, &sum, sizeof(sum)));
}

/* One struct mbstat per running CPU, in CPU order. */
static int
sysctl_mbstat_percpu(SYSCTL_HANDLER_ARGS)
{
	struct mbstat s;
	int i, error = 0;

	for (i = 0; i < ncpus && error == 0; i++) {
		s = mbstat[i];
		s.m_msize = MSIZE;
		s.m_mclbytes = MCLBYTES;
		s.m_mjumpagesize = MJUMPAGESIZE;
		s.m_minclsize = MINCLSIZE;
		s.m_mlen = MLEN;
		s.m_mhlen = MHLEN;
		error = SYSCTL_OUT(req, &s, sizeof(s));
	}
	return (error);
}

SYSCTL_DECL(_kern_ipc);
SYSCTL_PROC(_kern_ipc, OID_AUTO, mbstat, CTLTYPE_OPAQUE | CTLFLAG_RD,
    NULL, 0, sysctl_mbstat, "S,mbstat", "mbuf statistics, all CPUs");
SYSCTL_PROC(_kern_ipc, OID_AUTO, mbstat_percpu,
    CTLTYPE_OPAQUE | CTLFLAG_RD, NULL, 0, sysctl_mbstat_percpu, "S,mbstat",
    "mbuf statistics of each CPU");
SYSCTL_LONG(_kern_ipc, OID_AUTO, nmbclusters, CTLFLAG_RD, &nmbclusters, 0,
    "most 2 KiB clusters in use");
SYSCTL_LONG(_kern_ipc, OID_AUTO, nmbjclusters, CTLFLAG_RD, &nmbjclusters,
    0, "most jumbo clusters in use");
SYSCTL_LONG(_kern_ipc, OID_AUTO, nmbufs, CTLFLAG_RD, &nmbufs, 0,
    "most mbufs in use");
