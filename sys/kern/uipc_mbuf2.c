/*
 * Packet tags and m_pulldown().
 *
 * A packet tag is per-packet state that travels with a packet header but
 * not in its data: which interface a packet was diverted from, a firewall
 * verdict, a reassembly note.  Tags hang off m_pkthdr.tags, are named by
 * (cookie, type), and are freed with the packet (m_free calls
 * m_tag_delete_chain()).
 *
 * m_pulldown() is the KAME alternative to m_pullup(): it makes len bytes at
 * an offset contiguous without moving what comes before them, which suits
 * protocols that walk a chain of headers (IPv6 extension headers, IPsec).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>

MALLOC_DEFINE(M_PACKET_TAGS, "mtag", "packet tags");

/* Tag data is at most this long: a tag is not a place for payload. */
#define MTAG_MAXLEN	2048

struct m_tag *
m_tag_alloc(uint32_t cookie, int type, int len, int how)
{
	struct m_tag *t;

	if (len < 0 || len > MTAG_MAXLEN || type < 0 || type > 0xffff)
		return (NULL);
	t = kmalloc(sizeof(*t) + (size_t)len, M_PACKET_TAGS,
	    (how & M_WAITOK) ? M_WAITOK : M_NOWAIT);
	if (t == NULL)
		return (NULL);
	t->m_tag_id = (uint16_t)type;
	t->m_tag_len = (uint16_t)len;
	t->m_tag_cookie = cookie;
	return (t);
}

void
m_tag_free(struct m_tag *t)
{
	kfree(t, M_PACKET_TAGS);
}

void
m_tag_prepend(struct mbuf *m, struct m_tag *t)
{
	KASSERT(m->m_flags & M_PKTHDR, ("m_tag_prepend: no packet header"));
	SLIST_INSERT_HEAD(&m->m_pkthdr.tags, t, m_tag_link);
}

void
m_tag_unlink(struct mbuf *m, struct m_tag *t)
{
	struct m_tag **pp;

	for (pp = &SLIST_FIRST(&m->m_pkthdr.tags); *pp != NULL;
	    pp = &SLIST_NEXT(*pp, m_tag_link)) {
		if (*pp == t) {
			*pp = SLIST_NEXT(t, m_tag_link);
			return;
		}
	}
}

void
m_tag_delete(struct mbuf *m, struct m_tag *t)
{
	m_tag_unlink(m, t);
	m_tag_free(t);
}

void
m_tag_delete_chain(struct mbuf *m)
{
	struct m_tag *t;

	if (!(m->m_flags & M_PKTHDR))
		return;
	while ((t = SLIST_FIRST(&m->m_pkthdr.tags)) != NULL) {
		SLIST_REMOVE_HEAD(&m->m_pkthdr.tags, m_tag_link);
		m_tag_free(t);
	}
}

/* The first tag (cookie, type) after start (NULL: from the beginning). */
struct m_tag *
m_tag_locate(struct mbuf *m, uint32_t cookie, int type, struct m_tag *start)
{
	struct m_tag *t;

	if (!(m->m_flags & M_PKTHDR))
		return (NULL);
	t = (start == NULL) ? SLIST_FIRST(&m->m_pkthdr.tags) :
	    SLIST_NEXT(start, m_tag_link);
	for (; t != NULL; t = SLIST_NEXT(t, m_tag_link))
		if (t->m_tag_cookie == cookie && t->m_tag_id == type)
			return (t);
	return (NULL);
}

struct m_tag *
m_tag_copy(struct m_tag *t, int how)
{
	struct m_tag *p;

	p = m_tag_alloc(t->m_tag_cookie, t->m_tag_id, t->m_tag_len, how);
	if (p != NULL)
		bcopy(t + 1, p + 1, t->m_tag_len);
	return (p);
}

/*
 * Replace the tags of `to' with copies of those of `from', in the same
 * order.  0, or ENOMEM with `to' left without tags.
 */
int
m_tag_copy_chain(struct mbuf *to, const struct mbuf *from, int how)
{
	struct m_tag *t, *p, *tail = NULL;

	m_tag_delete_chain(to);
	SLIST_INIT(&to->m_pkthdr.tags);
	SLIST_FOREACH(t, &from->m_pkthdr.tags, m_tag_link) {
		p = m_tag_copy(t, how);
		if (p == NULL) {
			m_tag_delete_chain(to);
			return (ENOMEM);
		}
		if (tail == NULL)
			SLIST_INSERT_HEAD(&to->m_pkthdr.tags, p, m_tag_link);
		else
			SLIST_NEXT(tail, m_tag_link) = p;
		SLIST_NEXT(p, m_tag_link) = NULL;
		tail = p;
	}
	return (0);
}

void
m_tag_init(struct mbuf *m)
{
	SLIST_INIT(&m->m_pkthdr.tags);
}

struct m_tag *
m_tag_first(struct mbuf *m)
{
	return (SLIST_FIRST(&m->m_pkthdr.tags));
}

struct m_tag *
m_tag_next(struct mbuf *m, struct m_tag *t)
{
	return (SLIST_NEXT(t, m_tag_link));
}

/*
 * Split mbuf n at off (0 < off < n->m_len) in place: the bytes from off
 * move to a new mbuf linked right after n (sharing n's cluster if it has
 * one), so the chain and its packet header stay as they were.
 */
static struct mbuf *
m_pd_split(struct mbuf *n, int off)
{
	struct mbuf *o;
	int remain = n->m_len - off;

	o = m_get(M_NOWAIT, n->m_type);
	if (o == NULL)
		return (NULL);
	if (n->m_flags & M_EXT) {
		o->m_data = n->m_data + off;
		n->m_ext.ext_ref(n->m_ext.ext_arg);
		o->m_ext = n->m_ext;
		o->m_flags |= M_EXT | (n->m_flags &
		    (M_EXT_CLUSTER | M_EXT_JUMBO));
	} else {
		bcopy(mtod(n, caddr_t) + off, mtod(o, caddr_t),
		    (size_t)remain);
	}
	o->m_len = remain;
	n->m_len = off;
	o->m_next = n->m_next;
	n->m_next = o;
	return (o);
}

/*
 * Make bytes [off, off + len) of the chain contiguous and return the mbuf
 * holding them, with *offp set to their offset in it (offp NULL: they
 * start the returned mbuf).  Data before off stays where it is.  On
 * failure the chain is freed and NULL returned, like m_pullup().
 */
struct mbuf *
m_pulldown(struct mbuf *m, int off, int len, int *offp)
{
	struct mbuf *n, *o;
	int hlen, tlen, olen;

	if (m == NULL)
		return (NULL);
	if (len <= 0 || len > MCLBYTES || off < 0)
		goto bad;

	/* Find the mbuf holding byte off. */
	n = m;
	while (n != NULL && off > 0) {
		if (n->m_len > off)
			break;
		off -= n->m_len;
		n = n->m_next;
	}
	/* Skip empty mbufs. */
	while (n != NULL && n->m_len == 0)
		n = n->m_next;
	if (n == NULL)
		goto bad;

	/* Already contiguous. */
	if (off + len <= n->m_len) {
		if (offp != NULL)
			*offp = off;
		else if (off != 0) {
			/* Split so that the range starts an mbuf. */
			if ((n = m_pd_split(n, off)) == NULL)
				goto bad;
		}
		return (n);
	}

	/* Make the range start an mbuf when the caller wants no offset. */
	if (offp == NULL && off != 0) {
		if ((n = m_pd_split(n, off)) == NULL)
			goto bad;
		off = 0;
	}

	/* Bytes of the range in n (hlen) and in the mbufs after it (tlen). */
	hlen = n->m_len - off;
	tlen = len - hlen;
	olen = 0;
	for (o = n->m_next; o != NULL; o = o->m_next)
		olen += o->m_len;
	if (olen < tlen)
		goto bad;

	/*
	 * Enough writable room after n's data: copy the tail bytes in and
	 * trim them from the following mbufs.
	 */
	if (M_WRITABLE(n) && M_TRAILINGSPACE(n) >= tlen) {
		m_copydata(n->m_next, 0, tlen, mtod(n, caddr_t) + n->m_len);
		n->m_len += tlen;
		m_adj(n->m_next, tlen);
		goto ok;
	}

	/* Otherwise move the range into a fresh mbuf after n. */
	if (len > MLEN)
		o = m_getcl(M_NOWAIT, m->m_type, 0);
	else
		o = m_get(M_NOWAIT, m->m_type);
	if (o == NULL)
		goto bad;
	bcopy(mtod(n, caddr_t) + off, mtod(o, caddr_t), (size_t)hlen);
	n->m_len -= hlen;
	m_copydata(n->m_next, 0, tlen, mtod(o, caddr_t) + hlen);
	o->m_len = len;
	m_adj(n->m_next, tlen);
	o->m_next = n->m_next;
	n->m_next = o;
	n = o;
	off = 0;
ok:
	if (offp != NULL)
		*offp = off;
	return (n);
bad:
	m_freem(m);
	return (NULL);
}
