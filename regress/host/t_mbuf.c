/*
 * t_mbuf.c: the mbuf layer (sys/kern/uipc_mbuf.c, uipc_mbuf2.c) driven
 * directly on the host, as seed 003 drives the socket layer: allocation
 * from each object cache, cluster sharing and reference counts, the chain
 * operations (m_copym, m_dup, m_copydata, m_copyback, m_adj, m_pullup,
 * m_pulldown, m_split, m_devget, M_PREPEND), packet tags, the limits and
 * denied counts, and that nothing leaks.
 *
 * This file is compiled with the kernel's headers (it sees struct mbuf as
 * the kernel does); tap.h is plain C.  Step through it with
 * `gdb obj/host/t_mbuf` and `break m_pullup`.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>

#include "tap.h"
#include "ipc_shim.h"

static struct mbstat st;

static void
stat_now(void)
{
	m_mbstat_sum(&st);
}

static void
fill(unsigned char *p, int len, int seed)
{
	int i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* Does the chain hold exactly want[0..len)? */
static int
chain_is(struct mbuf *m, const unsigned char *want, int len)
{
	int off = 0, i;

	for (; m != NULL; m = m->m_next) {
		for (i = 0; i < m->m_len; i++, off++)
			if (off >= len || mtod(m, unsigned char *)[i] !=
			    want[off])
				return (0);
	}
	return (off == len);
}

/* A chain of n mbufs of len bytes each, from data. */
static struct mbuf *
small_chain(const unsigned char *data, int n, int len)
{
	struct mbuf *top = NULL, **mp = &top, *m;
	int i;

	for (i = 0; i < n; i++) {
		m = (i == 0) ? m_gethdr(M_NOWAIT, MT_DATA) :
		    m_get(M_NOWAIT, MT_DATA);
		if (m == NULL)
			return (top);
		bcopy(data + i * len, mtod(m, void *), (size_t)len);
		m->m_len = len;
		*mp = m;
		mp = &m->m_next;
	}
	top->m_pkthdr.len = n * len;
	return (top);
}

static void
t_alloc(void)
{
	struct mbuf *m, *h, *c, *j;

	stat_now();
	tap_is_int(st.m_mbufs, 0, "no mbufs in use at start");
	tap_is_int(MLEN, 216, "MLEN is MSIZE minus the 40-byte header");
	tap_is_int(MHLEN, 176, "MHLEN leaves room for struct pkthdr");

	m = m_get(M_NOWAIT, MT_DATA);
	h = m_gethdr(M_NOWAIT, MT_HEADER);
	c = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);
	j = m_getjcl(M_NOWAIT, MT_DATA, 0, MJUMPAGESIZE);
	tap_ok(m && h && c && j, "m_get, m_gethdr, m_getcl, m_getjcl succeed");
	tap_ok(m->m_flags == 0 && m->m_data == m->m_dat && m->m_len == 0,
	    "m_get: no flags, data at m_dat");
	tap_ok((h->m_flags & M_PKTHDR) && h->m_data == h->m_pktdat &&
	    h->m_pkthdr.len == 0 && SLIST_EMPTY(&h->m_pkthdr.tags),
	    "m_gethdr: packet header, data at m_pktdat");
	tap_ok((c->m_flags & (M_EXT | M_PKTHDR)) == (M_EXT | M_PKTHDR) &&
	    c->m_ext.ext_size == MCLBYTES && c->m_data == c->m_ext.ext_buf,
	    "m_getcl: a 2 KiB cluster with a packet header");
	tap_is_int(M_TRAILINGSPACE(c), MCLBYTES, "cluster: 2048 bytes free");
	tap_is_int(j->m_ext.ext_size, MJUMPAGESIZE, "m_getjcl: a page cluster");
	tap_is_int(M_TRAILINGSPACE(m), MLEN, "plain mbuf: MLEN free");
	tap_is_int(M_TRAILINGSPACE(h), MHLEN, "header mbuf: MHLEN free");
	tap_ok(m_getjcl(M_NOWAIT, MT_DATA, 0, 3000) == NULL,
	    "m_getjcl refuses a size that is not a cluster size");

	stat_now();
	tap_is_int(st.m_mbufs, 4, "mbstat counts 4 mbufs in use");
	tap_is_int(st.m_clusters, 1, "1 cluster in use");
	tap_is_int(st.m_jclusters, 1, "1 jumbo cluster in use");
	tap_is_int(st.m_types[MT_DATA], 3, "3 of type MT_DATA");
	tap_is_int(st.m_types[MT_HEADER], 1, "1 of type MT_HEADER");
	m_freem(m);
	m_freem(h);
	m_freem(c);
	m_freem(j);
	stat_now();
	tap_is_int(st.m_mbufs, 0, "all freed: 0 mbufs in use");
	tap_is_int(st.m_types[MT_DATA], 0, "MT_DATA count back to 0");
	tap_is_int(st.m_clusters + st.m_jclusters, 0,
	    "clusters cached with their mbufs are not in use");
}

static void
t_share(void)
{
	unsigned char buf[1500], out[1500];
	struct mbuf *m, *n;

	fill(buf, sizeof(buf), 3);
	m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);
	bcopy(buf, mtod(m, void *), sizeof(buf));
	m->m_len = m->m_pkthdr.len = sizeof(buf);

	n = m_copym(m, 100, 1000, M_NOWAIT);
	stat_now();
	tap_is_int(st.m_clusters, 1, "a shared cluster counts once");
	tap_ok(n != NULL && (n->m_flags & M_EXT) &&
	    n->m_ext.ext_buf == m->m_ext.ext_buf,
	    "m_copym shares the cluster instead of copying");
	tap_ok(n->m_flags & M_PKTHDR ? 0 : 1,
	    "a copy from offset 100 has no packet header");
	tap_is_int(m_sharecount(m), 2, "the cluster has two references");
	tap_ok(!M_WRITABLE(m) && M_TRAILINGSPACE(m) == 0,
	    "a shared cluster is not writable");
	tap_ok(chain_is(n, buf + 100, 1000), "the copy holds bytes 100..1099");
	m_freem(m);
	tap_is_int(m_sharecount(n), 1, "freeing the original drops a ref");
	m_copydata(n, 0, 1000, out);
	tap_ok(memcmp(out, buf + 100, 1000) == 0,
	    "the copy's bytes survive the original's free");
	m_freem(n);

	m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);
	bcopy(buf, mtod(m, void *), sizeof(buf));
	m->m_len = m->m_pkthdr.len = sizeof(buf);
	n = m_copym(m, 0, M_COPYALL, M_NOWAIT);
	tap_ok(n != NULL && (n->m_flags & M_PKTHDR) &&
	    n->m_pkthdr.len == 1500, "M_COPYALL from 0 copies the header");
	m_freem(n);
	tap_is_int(m_sharecount(m), 1, "freeing the copy first drops a ref");
	n = m_copym(m, 1400, 200, M_NOWAIT);
	tap_ok(n == NULL, "m_copym past the end fails");
	n = m_copym(m, -1, 10, M_NOWAIT);
	tap_ok(n == NULL, "m_copym with a negative offset fails");
	stat_now();
	tap_is_int(st.m_mcfail, 2, "both failures counted in m_mcfail");
	m_freem(m);

	m = small_chain(buf, 3, 100);
	n = m_dup(m, M_NOWAIT);
	tap_ok(n != NULL && chain_is(n, buf, 300) &&
	    n->m_pkthdr.len == 300, "m_dup copies data and header");
	tap_ok(n->m_next == NULL, "m_dup packs 300 bytes into one cluster");
	m_freem(m);
	m_freem(n);
}

static void
t_chain_ops(void)
{
	unsigned char buf[4096], out[4096];
	struct mbuf *m, *n;
	int off;

	fill(buf, sizeof(buf), 11);

	/* m_copydata across mbufs */
	m = small_chain(buf, 4, 50);
	m_copydata(m, 30, 100, out);
	tap_ok(memcmp(out, buf + 30, 100) == 0,
	    "m_copydata crosses mbuf boundaries exactly");

	/* m_pullup */
	m = m_pullup(m, 120);
	tap_ok(m != NULL && m->m_len >= 120 &&
	    memcmp(mtod(m, void *), buf, 120) == 0,
	    "m_pullup(120) makes the first 120 bytes contiguous");
	tap_ok(chain_is(m, buf, 200) && m->m_pkthdr.len == 200,
	    "m_pullup keeps every byte and the packet length");
	m = m_pullup(m, MHLEN + 1);
	tap_ok(m == NULL, "m_pullup beyond MHLEN fails (and frees)");
	stat_now();
	tap_is_int(st.m_mpfail, 1, "the failure is counted in m_mpfail");
	tap_is_int(st.m_mbufs, 0, "the failed m_pullup freed the chain");

	m = small_chain(buf, 2, 20);
	m = m_pullup(m, 41);
	tap_ok(m == NULL, "m_pullup of more than the chain holds fails");

	/* m_adj */
	m = small_chain(buf, 4, 50);
	m_adj(m, 70);
	tap_ok(chain_is(m, buf + 70, 130) && m->m_pkthdr.len == 130,
	    "m_adj(70) trims the head across mbufs");
	m_adj(m, -80);
	tap_ok(chain_is(m, buf + 70, 50) && m->m_pkthdr.len == 50,
	    "m_adj(-80) trims the tail across mbufs");
	m_adj(m, 1000);
	tap_ok(m->m_pkthdr.len == 0 && m_lengthm(m, NULL) == 0,
	    "m_adj of more than the chain empties it");
	m_freem(m);

	/* m_split */
	m = small_chain(buf, 4, 50);
	n = m_split(m, 75, M_NOWAIT);
	tap_ok(n != NULL && chain_is(m, buf, 75) && chain_is(n, buf + 75,
	    125), "m_split(75) splits the bytes exactly");
	tap_ok(m->m_pkthdr.len == 75 && (n->m_flags & M_PKTHDR) &&
	    n->m_pkthdr.len == 125, "both halves get packet lengths");
	tap_ok(m_split(m, 500, M_NOWAIT) == NULL,
	    "m_split past the end fails and leaves the chain");
	tap_ok(chain_is(m, buf, 75), "... unchanged");
	m_freem(m);
	m_freem(n);

	m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);
	bcopy(buf, mtod(m, void *), 1800);
	m->m_len = m->m_pkthdr.len = 1800;
	n = m_split(m, 600, M_NOWAIT);
	tap_ok(n != NULL && (n->m_flags & M_EXT) &&
	    chain_is(m, buf, 600) && chain_is(n, buf + 600, 1200),
	    "m_split of a cluster shares it");
	m_freem(n);
	m_freem(m);

	/* M_PREPEND */
	m = m_gethdr(M_NOWAIT, MT_DATA);
	MH_ALIGN(m, 40);
	bcopy(buf + 100, mtod(m, void *), 40);
	m->m_len = m->m_pkthdr.len = 40;
	M_PREPEND(m, 20, M_NOWAIT);
	tap_ok(m != NULL && m->m_next == NULL && m->m_len == 60 &&
	    m->m_pkthdr.len == 60, "M_PREPEND uses leading space in place");
	bcopy(buf + 80, mtod(m, void *), 20);
	tap_ok(chain_is(m, buf + 80, 60), "prepended bytes come first");
	tap_is_int(M_LEADINGSPACE(m), MHLEN - 60,
	    "leading space is what MH_ALIGN left");
	M_PREPEND(m, 150, M_NOWAIT);
	tap_ok(m != NULL && m->m_next != NULL && m->m_len == 150 &&
	    m->m_pkthdr.len == 210 && (m->m_flags & M_PKTHDR) &&
	    !(m->m_next->m_flags & M_PKTHDR),
	    "M_PREPEND without room adds an mbuf and moves the header");
	m_freem(m);

	/* m_devget */
	m = m_devget(buf, 3000, 2, NULL);
	tap_ok(m != NULL && (m->m_flags & M_PKTHDR) &&
	    m->m_pkthdr.len == 3000 && chain_is(m, buf, 3000),
	    "m_devget copies a 3000-byte frame exactly");
	tap_is_int(M_LEADINGSPACE(m), 2, "m_devget leaves the asked room");
	m_freem(m);
	tap_ok(m_devget(buf, 0, 0, NULL) == NULL, "m_devget of 0 bytes fails");
	tap_ok(m_devget(buf, -5, 0, NULL) == NULL,
	    "m_devget of a negative length fails");
	m = m_devget(buf, 60, 16, NULL);
	tap_ok(m != NULL && m->m_next == NULL && chain_is(m, buf, 60) &&
	    ((uintptr_t)mtod(m, char *) + 14) % 4 == 2,
	    "a small frame lands in one mbuf after 16 bytes of room");
	m_freem(m);

	/* m_copyback and m_append */
	m = m_gethdr(M_NOWAIT, MT_DATA);
	m->m_len = 0;
	tap_is_int(m_copyback(m, 0, 1000, buf), 0, "m_copyback grows a chain");
	tap_ok(chain_is(m, buf, 1000) && m->m_pkthdr.len == 1000,
	    "... to exactly the bytes written");
	tap_is_int(m_append(m, 500, buf + 1000), 0, "m_append appends");
	tap_ok(chain_is(m, buf, 1500) && m->m_pkthdr.len == 1500,
	    "... and updates the packet length");
	tap_is_int(m_copyback(m, 10, -1, buf), EINVAL,
	    "m_copyback rejects a negative length");
	m_freem(m);

	/* m_pulldown */
	m = small_chain(buf, 5, 30);
	n = m_pulldown(m, 40, 50, &off);
	tap_ok(n != NULL && off + 50 <= n->m_len &&
	    memcmp(mtod(n, char *) + off, buf + 40, 50) == 0,
	    "m_pulldown makes bytes 40..89 contiguous");
	tap_ok(chain_is(m, buf, 150), "m_pulldown keeps the chain's bytes");
	n = m_pulldown(m, 10, 20, NULL);
	tap_ok(n != NULL && n->m_len >= 20 &&
	    memcmp(mtod(n, void *), buf + 10, 20) == 0,
	    "m_pulldown without offp starts the range an mbuf");
	tap_ok(chain_is(m, buf, 150), "... still the same bytes");
	tap_ok(m_pulldown(m, 140, 20, &off) == NULL,
	    "m_pulldown past the end fails (and frees)");
	stat_now();
	tap_is_int(st.m_mbufs, 0, "no mbufs left after the chain tests");
}

static void
t_tags(void)
{
	struct mbuf *m, *n;
	struct m_tag *t, *t2;
	long live;

	m_reclaim();
	live = shim_allocs_live;
	m = m_gethdr(M_NOWAIT, MT_DATA);
	t = m_tag_alloc(MTAG_ABI_COMPAT, 7, 8, M_NOWAIT);
	t2 = m_tag_alloc(0x1234, 7, 0, M_NOWAIT);
	tap_ok(t != NULL && t2 != NULL, "m_tag_alloc");
	memcpy(m_tag_data(t), "petrel!", 8);
	m_tag_prepend(m, t);
	m_tag_prepend(m, t2);
	tap_ok(m_tag_find(m, 7, NULL) == t, "m_tag_find by type");
	tap_ok(m_tag_locate(m, 0x1234, 7, NULL) == t2,
	    "m_tag_locate by cookie and type");
	tap_ok(m_tag_find(m, 8, NULL) == NULL, "no tag of another type");
	tap_ok(m_tag_alloc(0, 1, 100000, M_NOWAIT) == NULL,
	    "an oversized tag is refused");
	m->m_len = m->m_pkthdr.len = 1;
	n = m_dup(m, M_NOWAIT);
	t = m_tag_find(n, 7, NULL);
	tap_ok(t != NULL && memcmp(m_tag_data(t), "petrel!", 8) == 0,
	    "m_dup copies tags with their data");
	tap_ok(m_tag_first(n) != NULL && m_tag_first(n)->m_tag_cookie ==
	    0x1234, "tag order is kept");
	m_freem(m);
	m_freem(n);
	m_reclaim();
	tap_is_int(shim_allocs_live, live,
	    "tags are freed with their packets");
}

static void
t_limits(void)
{
	struct mblimits lim;
	struct mbuf **v, *m;
	uint64_t drops;
	long i, n;

	m_limits(&lim);
	tap_is_int(lim.nmbclusters, 16384,
	    "512 MiB of RAM gives 16384 clusters (1/16 of memory)");
	tap_is_int(lim.nmbjclusters, 4096, "and 4096 jumbo clusters");

	m_reclaim();
	tap_is_int(shim_allocs_live, 0,
	    "after m_reclaim no memory is held by the mbuf caches");

	stat_now();
	drops = st.m_drops;
	shim_fail_after(0);
	m = m_get(M_NOWAIT, MT_DATA);
	tap_ok(m == NULL, "a failed allocation returns NULL, no panic");
	stat_now();
	tap_is_int(st.m_drops, drops + 1, "... and is counted as denied");
	shim_fail_after(1);		/* the cluster data kmalloc fails */
	m = m_getcl(M_NOWAIT, MT_DATA, 0);
	tap_ok(m == NULL, "m_getcl fails cleanly when the cluster cannot be had");
	tap_is_int(shim_allocs_live, 0, "... leaking nothing");
	m = m_get(M_NOWAIT, MT_DATA);
	shim_fail_after(0);
	tap_is_int(m_mclget(m, M_NOWAIT), ENOBUFS,
	    "m_mclget reports ENOBUFS");
	tap_ok(!(m->m_flags & M_EXT), "... and leaves the mbuf without one");
	m_free(m);

	n = (long)lim.nmbclusters;
	v = kmalloc(sizeof(*v) * (size_t)(n + 1), M_TEMP, M_WAITOK);
	for (i = 0; i < n; i++)
		if ((v[i] = m_getcl(M_NOWAIT, MT_DATA, 0)) == NULL)
			break;
	tap_is_int(i, n, "exactly nmbclusters clusters can be allocated");
	stat_now();
	drops = st.m_drops;
	tap_ok(m_getcl(M_NOWAIT, MT_DATA, 0) == NULL,
	    "the next one is denied");
	tap_ok(m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR) == NULL,
	    "... from the pkthdr cache too (the metadata limit)");
	stat_now();
	tap_ok(st.m_drops >= drops + 2, "denials are counted");
	for (i = 0; i < n; i++)
		m_freem(v[i]);
	kfree(v, M_TEMP);
	m = m_getcl(M_NOWAIT, MT_DATA, 0);
	tap_ok(m != NULL, "after freeing, clusters can be had again");
	m_freem(m);
	m_reclaim();
	stat_now();
	tap_is_int(st.m_mbufs, 0, "no mbufs in use at the end");
	tap_is_int(st.m_clusters, 0, "no clusters held at the end");
	tap_is_int(shim_allocs_live, 0, "no memory held at the end");
}

int
main(void)
{
	shim_cpu_init();
	mbinit(NULL);
	t_alloc();
	t_share();
	t_chain_ops();
	t_tags();
	t_limits();
	return (tap_done());
}
