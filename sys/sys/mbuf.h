/*
 * Memory buffers (mbufs): the unit in which the socket layer and the
 * network stack hold data.  An mbuf is MSIZE bytes: a header, then either
 * data in place or a packet header (struct pkthdr) and data, or a pointer
 * to external storage (a 2 KiB cluster, a page-sized jumbo cluster, or a
 * driver's buffer).  Clusters carry a reference count so that m_copym() can
 * share them instead of copying.
 *
 * Allocation goes through per-CPU object caches (sys/kern/uipc_mbuf.c):
 * plain mbufs, mbufs with a packet header, cluster metadata, jumbo cluster
 * metadata, and the combined mbuf+cluster and mbuf+pkthdr+cluster objects,
 * as in DragonFly.  Statistics are kept per CPU (struct mbstat) and summed
 * only when read through sysctl kern.ipc.mbstat.
 *
 * Ownership: an mbuf chain belongs to whoever holds the pointer; mbufs are
 * never shared, only clusters are (mcl_refs, atomic).
 */
#ifndef _SYS_MBUF_H_
#define _SYS_MBUF_H_

#include <sys/types.h>
#include <sys/queue.h>

#define MSIZE		256		/* bytes in an mbuf */
#define MCLSHIFT	11
#define MCLBYTES	(1 << MCLSHIFT)	/* 2 KiB cluster */
#define MJUMPAGESIZE	4096		/* page-sized jumbo cluster */

/* Record version of the exported struct mbstat (kern.ipc.mbstat). */
#define MBSTAT_VERSION	1

/*
 * The statistics of one CPU, or their sum.  Fixed-width fields so one
 * layout serves both architectures.  In-use counts are signed: a CPU that
 * frees what another allocated goes negative, and only the sum means
 * anything.
 */
struct mbstat {
	uint32_t	mbs_len;	/* sizeof(struct mbstat) */
	uint32_t	mbs_version;	/* MBSTAT_VERSION */
	int64_t		m_mbufs;	/* mbufs in use (all kinds) */
	int64_t		m_clusters;	/* 2 KiB clusters in use */
	int64_t		m_jclusters;	/* jumbo clusters in use */
	uint64_t	m_drops;	/* allocations denied */
	uint64_t	m_wait;		/* allocations that waited */
	uint64_t	m_drain;	/* cache drains */
	uint64_t	m_mcfail;	/* m_copym failures */
	uint64_t	m_mpfail;	/* m_pullup failures */
	uint64_t	m_msize;	/* MSIZE */
	uint64_t	m_mclbytes;	/* MCLBYTES */
	uint64_t	m_mjumpagesize;	/* MJUMPAGESIZE */
	uint64_t	m_minclsize;	/* MINCLSIZE */
	uint64_t	m_mlen;		/* MLEN */
	uint64_t	m_mhlen;	/* MHLEN */
	int64_t		m_types[16];	/* in use by type (MT_*) */
};

/* Limits (kern.ipc.nmbclusters, nmbjclusters, nmbufs). */
struct mblimits {
	uint32_t	mbl_len;
	uint32_t	mbl_version;
	uint64_t	nmbufs;
	uint64_t	nmbclusters;
	uint64_t	nmbjclusters;
};

/* mbuf types */
#define MT_FREE		0	/* on a free list (never seen outside) */
#define MT_DATA		1	/* dynamic data */
#define MT_HEADER	2	/* packet header */
#define MT_SONAME	8	/* socket name */
#define MT_CONTROL	14	/* control message (SCM_RIGHTS ...) */
#define MT_OOBDATA	15	/* out-of-band data */
#define MT_NTYPES	16

#ifdef _KERNEL

#include <sys/malloc.h>		/* M_WAITOK, M_NOWAIT */

struct ifnet;

struct m_hdr {
	struct mbuf	*mh_next;	/* next mbuf in this chain */
	struct mbuf	*mh_nextpkt;	/* next chain in the queue/record */
	caddr_t		mh_data;	/* where the data starts */
	int		mh_len;		/* bytes of data in this mbuf */
	int		mh_flags;	/* M_* */
	short		mh_type;	/* MT_* */
	short		mh_pad;
	int		mh_pad2;
};

/*
 * A packet tag: extra per-packet state kept outside the data (uipc_mbuf2.c).
 * The tag's data follows the structure.
 */
struct m_tag {
	SLIST_ENTRY(m_tag) m_tag_link;	/* list of the packet's tags */
	uint16_t	m_tag_id;	/* tag type within the cookie */
	uint16_t	m_tag_len;	/* bytes of data after the struct */
	uint32_t	m_tag_cookie;	/* ABI/module id */
};

#define MTAG_ABI_COMPAT	0		/* cookie of the built-in tags */

struct pkthdr {
	struct ifnet	*rcvif;		/* interface the packet came in on */
	SLIST_HEAD(packet_tags, m_tag) tags;
	int		len;		/* total bytes in the packet */
	int		csum_flags;	/* CSUM_* from or for the hardware */
	int		csum_data;	/* checksum the hardware computed */
	uint32_t	hash;		/* flow hash (picks the netisr CPU) */
	uint16_t	ether_vlantag;
	uint16_t	pad;
};

/* External storage: a cluster, a jumbo cluster or a driver buffer. */
struct m_ext {
	caddr_t		ext_buf;	/* start of the buffer */
	void		(*ext_free)(void *arg);	/* drop a reference */
	void		(*ext_ref)(void *arg);	/* add a reference */
	void		*ext_arg;	/* argument of both */
	u_int		ext_size;	/* size of the buffer */
};

struct mbuf {
	struct m_hdr	m_hdr;
	union {
		struct {
			struct pkthdr	MH_pkthdr;
			union {
				struct m_ext	MH_ext;
				char		MH_databuf[1];
			} MH_dat;
		} MH;
		char		M_databuf[1];
	} M_dat;
};

#define m_next		m_hdr.mh_next
#define m_nextpkt	m_hdr.mh_nextpkt
#define m_data		m_hdr.mh_data
#define m_len		m_hdr.mh_len
#define m_flags		m_hdr.mh_flags
#define m_type		m_hdr.mh_type
#define m_pkthdr	M_dat.MH.MH_pkthdr
#define m_ext		M_dat.MH.MH_dat.MH_ext	/* after the pkthdr, so
						   both may be in use */
#define m_pktdat	M_dat.MH.MH_dat.MH_databuf
#define m_dat		M_dat.M_databuf

#define MLEN		((int)(MSIZE - sizeof(struct m_hdr)))
#define MHLEN		((int)(MLEN - sizeof(struct pkthdr)))
#define MINCLSIZE	(MHLEN + 1)	/* smallest amount put in a cluster */
#define M_MAXCOMPRESS	(MHLEN / 2)	/* most to copy into an mbuf */

/* m_flags */
#define M_EXT		0x0001		/* has external storage */
#define M_PKTHDR	0x0002		/* start of a packet (m_pkthdr) */
#define M_EOR		0x0004		/* end of a record */
#define M_PROTO1	0x0008		/* for the protocol's own use */
#define M_PROTO2	0x0010
#define M_BCAST		0x0100		/* link-level broadcast */
#define M_MCAST		0x0200		/* link-level multicast */
#define M_FRAG		0x0400		/* an IP fragment */
#define M_FIRSTFRAG	0x0800
#define M_LASTFRAG	0x1000
#define M_CLCACHE	0x2000		/* mbuf+cluster from a combined cache */
#define M_EXT_CLUSTER	0x4000		/* ext is a cluster of ours */
#define M_PHCACHE	0x8000		/* mbuf came from a pkthdr cache */
#define M_EXT_JUMBO	0x10000		/* ext is a jumbo cluster of ours */

/* Flags copied with the packet header. */
#define M_COPYFLAGS	(M_PKTHDR | M_EOR | M_PROTO1 | M_PROTO2 | M_BCAST | \
			 M_MCAST | M_FRAG | M_FIRSTFRAG | M_LASTFRAG)

/* csum_flags */
#define CSUM_IP		0x0001		/* compute the IP header checksum */
#define CSUM_TCP	0x0002
#define CSUM_UDP	0x0004
#define CSUM_IP_CHECKED	0x0100		/* hardware checked the IP header */
#define CSUM_IP_VALID	0x0200
#define CSUM_DATA_VALID	0x0400		/* csum_data holds the checksum */
#define CSUM_PSEUDO_HDR	0x0800		/* ... including the pseudo header */

#define M_COPYALL	1000000000	/* m_copym: to the end of the chain */

/* Pointer to the data of m, as type t. */
#define mtod(m, t)	((t)((m)->m_data))

/* Is the data of m writable (not a shared cluster)? */
#define M_WRITABLE(m)	(!((m)->m_flags & M_EXT) || m_sharecount(m) == 1)

/* Room before and after the data in m. */
#define M_LEADINGSPACE(m)	m_leadingspace(m)
#define M_TRAILINGSPACE(m)	m_trailingspace(m)

/* Place len bytes of data at the end of a fresh mbuf, long-aligned. */
#define M_ALIGN(m, len) do {						\
	(m)->m_data += (MLEN - (len)) & ~(sizeof(long) - 1);		\
} while (0)
#define MH_ALIGN(m, len) do {						\
	(m)->m_data += (MHLEN - (len)) & ~(sizeof(long) - 1);		\
} while (0)

/*
 * Make room for plen bytes in front of the data of m, allocating a new
 * mbuf when there is no room; m becomes NULL when that fails (the chain
 * has been freed).
 */
#define M_PREPEND(m, plen, how) do {					\
	if (M_LEADINGSPACE(m) >= (plen)) {				\
		(m)->m_data -= (plen);					\
		(m)->m_len += (plen);					\
	} else								\
		(m) = m_prepend((m), (plen), (how));			\
	if ((m) != NULL && ((m)->m_flags & M_PKTHDR))			\
		(m)->m_pkthdr.len += (plen);				\
} while (0)

#define MGET(m, how, type)	((m) = m_get((how), (type)))
#define MGETHDR(m, how, type)	((m) = m_gethdr((how), (type)))
#define MCLGET(m, how)		m_mclget((m), (how))

extern int max_linkhdr;		/* room for a link header */
extern int max_protohdr;		/* room for network + transport */
extern int max_hdr;			/* the two together */

void	mbinit(void *dummy);
void	m_chtype(struct mbuf *m, int type);

struct mbuf *m_get(int how, int type);
struct mbuf *m_gethdr(int how, int type);
struct mbuf *m_getclr(int how, int type);
struct mbuf *m_getcl(int how, short type, int flags);
struct mbuf *m_getjcl(int how, short type, int flags, size_t size);
struct mbuf *m_getl(int len, int how, int type, int flags, int *psize);
struct mbuf *m_getm(struct mbuf *m0, int len, int type, int how);
int	m_mclget(struct mbuf *m, int how);
void	m_extadd(struct mbuf *m, caddr_t buf, u_int size,
	    void (*reff)(void *), void (*freef)(void *), void *arg);
struct mbuf *m_free(struct mbuf *m);
void	m_freem(struct mbuf *m);
int	m_sharecount(struct mbuf *m);
int	m_leadingspace(struct mbuf *m);
int	m_trailingspace(struct mbuf *m);

struct mbuf *m_prepend(struct mbuf *m, int len, int how);
struct mbuf *m_copym(struct mbuf *m, int off, int len, int how);
struct mbuf *m_copypacket(struct mbuf *m, int how);
struct mbuf *m_dup(struct mbuf *m, int how);
void	m_copydata(const struct mbuf *m, int off, int len, void *cp);
int	m_copyback(struct mbuf *m0, int off, int len, const void *cp);
int	m_append(struct mbuf *m0, int len, const void *cp);
void	m_cat(struct mbuf *m, struct mbuf *n);
void	m_adj(struct mbuf *mp, int req_len);
struct mbuf *m_pullup(struct mbuf *n, int len);
struct mbuf *m_pulldown(struct mbuf *m, int off, int len, int *offp);
struct mbuf *m_split(struct mbuf *m0, int len0, int how);
struct mbuf *m_devget(const void *buf, int len, int offset,
	    struct ifnet *ifp);
struct mbuf *m_defrag(struct mbuf *m0, int how);
struct mbuf *m_last(struct mbuf *m);
u_int	m_lengthm(struct mbuf *m, struct mbuf **lastm);
u_int	m_countm(struct mbuf *m, struct mbuf **lastm, u_int *mbcnt);
struct mbuf *m_getptr(struct mbuf *m, int loc, int *off);
void	m_fixhdr(struct mbuf *m0);
void	m_move_pkthdr(struct mbuf *to, struct mbuf *from);
int	m_dup_pkthdr(struct mbuf *to, const struct mbuf *from, int how);
void	m_mbstat_sum(struct mbstat *sum);
void	m_reclaim(void);
void	m_limits(struct mblimits *lim);

/* Packet tags (uipc_mbuf2.c). */
struct m_tag *m_tag_alloc(uint32_t cookie, int type, int len, int how);
void	m_tag_free(struct m_tag *t);
void	m_tag_prepend(struct mbuf *m, struct m_tag *t);
void	m_tag_unlink(struct mbuf *m, struct m_tag *t);
void	m_tag_delete(struct mbuf *m, struct m_tag *t);
void	m_tag_delete_chain(struct mbuf *m);
struct m_tag *m_tag_locate(struct mbuf *m, uint32_t cookie, int type,
	    struct m_tag *start);
struct m_tag *m_tag_copy(struct m_tag *t, int how);
int	m_tag_copy_chain(struct mbuf *to, const struct mbuf *from, int how);
void	m_tag_init(struct mbuf *m);
struct m_tag *m_tag_first(struct mbuf *m);
struct m_tag *m_tag_next(struct mbuf *m, struct m_tag *t);

#define m_tag_find(m, type, start) \
	m_tag_locate((m), MTAG_ABI_COMPAT, (type), (start))
#define m_tag_data(t)	((void *)((t) + 1))

#endif /* _KERNEL */

#endif /* !_SYS_MBUF_H_ */
