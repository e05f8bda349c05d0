/*
 * Socket buffer queue operations: appending data, records, addresses and
 * control messages; dropping what has been read or acknowledged; and the
 * accounting (bytes, mbufs, clusters, storage) the socket layer checks
 * against its watermarks.
 *
 * These routines work on a bare struct sockbuf and know nothing of
 * sockets, tokens or wakeups: uipc_socket2.c calls them with the
 * signalsockbuf's token held and does the waking.  Space checks are the
 * caller's job too (ssb_space()), except in sbappendaddr() and
 * sbappendcontrol(), which are given whole datagrams and say whether they
 * fitted.  Nothing here sleeps.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/socket.h>
#include <sys/mbuf.h>
#include <sys/sockbuf.h>

void
sbinit(struct sockbuf *sb)
{
	bzero(sb, sizeof(*sb));
}

/* Charge mbuf m to the buffer. */
void
sballoc(struct sockbuf *sb, struct mbuf *m)
{
	if (m->m_type != MT_CONTROL && m->m_type != MT_SONAME)
		sb->sb_cc += m->m_len;
	sb->sb_mcnt++;
	sb->sb_mbcnt += MSIZE;
	if (m->m_flags & M_EXT) {
		sb->sb_mbcnt += m->m_ext.ext_size;
		sb->sb_ccnt++;
	}
}

/* Uncharge mbuf m. */
void
sbfree(struct sockbuf *sb, struct mbuf *m)
{
	if (m->m_type != MT_CONTROL && m->m_type != MT_SONAME)
		sb->sb_cc -= m->m_len;
	sb->sb_mcnt--;
	sb->sb_mbcnt -= MSIZE;
	if (m->m_flags & M_EXT) {
		sb->sb_mbcnt -= m->m_ext.ext_size;
		sb->sb_ccnt--;
	}
}

/*
 * Append chain m to the last record (or start the first).  For a stream
 * this is sbappendstream(); for record protocols the data joins the last
 * record, and an M_EOR in it is kept.
 */
void
sbappend(struct sockbuf *sb, struct mbuf *m)
{
	struct mbuf *n;

	if (m == NULL)
		return;
	if ((n = sb->sb_lastrecord) != NULL) {
		/* An M_EOR on the last record closes it: start a new one. */
		if (sb->sb_lastmbuf->m_flags & M_EOR) {
			sbappendrecord(sb, m);
			return;
		}
		sbcompress(sb, m, sb->sb_lastmbuf);
	} else {
		sbappendrecord(sb, m);
	}
}

/*
 * Append data to a stream buffer: there is one record, and new data is
 * packed into the free space of its last mbuf when it is small.
 */
void
sbappendstream(struct sockbuf *sb, struct mbuf *m)
{
	if (m == NULL)
		return;
	KASSERT(m->m_nextpkt == NULL, ("sbappendstream: a record list"));
	sbcompress(sb, m, sb->sb_lastmbuf);
}

/* Append m0 as a new record. */
void
sbappendrecord(struct sockbuf *sb, struct mbuf *m0)
{
	struct mbuf *m;

	if (m0 == NULL)
		return;
	/* Break the chain off its first mbuf, which starts the record. */
	m = m0->m_next;
	m0->m_next = NULL;
	m0->m_nextpkt = NULL;
	sballoc(sb, m0);
	if (sb->sb_lastrecord != NULL)
		sb->sb_lastrecord->m_nextpkt = m0;
	else
		sb->sb_mb = m0;
	sb->sb_lastrecord = m0;
	sb->sb_lastmbuf = m0;
	if (m != NULL && (m0->m_flags & M_EOR)) {
		/* The end-of-record mark belongs on the record's end. */
		m0->m_flags &= ~M_EOR;
		m->m_flags |= M_EOR;
	}
	sbcompress(sb, m, m0);
}

/*
 * Append a datagram: an MT_SONAME mbuf with the sender's address (when
 * asa is not NULL), then the control mbufs, then the data, as one record.
 * Returns 1 if it was queued, 0 if memory ran short (nothing is queued
 * and m0 and control stay the caller's).
 */
int
sbappendaddr(struct sockbuf *sb, const struct sockaddr *asa,
    struct mbuf *m0, struct mbuf *control)
{
	struct mbuf *m, *n, *nlast;

	if (m0 != NULL && (m0->m_flags & M_PKTHDR) == 0)
		return (0);
	if (asa != NULL) {
		if (asa->sa_len > MLEN || asa->sa_len < 2)
			return (0);
		m = m_get(M_NOWAIT, MT_SONAME);
		if (m == NULL)
			return (0);
		m->m_len = asa->sa_len;
		bcopy(asa, mtod(m, caddr_t), asa->sa_len);
	} else {
		m = NULL;
	}
	/* Chain: address, control..., data. */
	if (control != NULL) {
		for (n = control; n->m_next != NULL; n = n->m_next)
			;
		n->m_next = m0;
		if (m != NULL)
			m->m_next = control;
		else
			m = control;
	} else if (m != NULL) {
		m->m_next = m0;
	} else {
		m = m0;
	}
	if (m == NULL)
		return (1);		/* an empty datagram with nothing */
	nlast = NULL;
	for (n = m; n != NULL; n = n->m_next) {
		sballoc(sb, n);
		nlast = n;
	}
	if (sb->sb_lastrecord != NULL)
		sb->sb_lastrecord->m_nextpkt = m;
	else
		sb->sb_mb = m;
	sb->sb_lastrecord = m;
	sb->sb_lastmbuf = nlast;
	return (1);
}

/*
 * Append data with control information as one record (Unix-domain
 * streams passing descriptors).  1 if queued; 0 if there was no control.
 */
int
sbappendcontrol(struct sockbuf *sb, struct mbuf *m0, struct mbuf *control)
{
	struct mbuf *m, *mlast;

	if (control == NULL)
		return (0);
	for (m = control; m->m_next != NULL; m = m->m_next)
		;
	m->m_next = m0;
	mlast = NULL;
	for (m = control; m != NULL; m = m->m_next) {
		sballoc(sb, m);
		mlast = m;
	}
	if (sb->sb_lastrecord != NULL)
		sb->sb_lastrecord->m_nextpkt = control;
	else
		sb->sb_mb = control;
	sb->sb_lastrecord = control;
	sb->sb_lastmbuf = mlast;
	return (1);
}

/*
 * Append chain m after mbuf tail of the last record (tail NULL: m starts
 * the buffer), coalescing small mbufs into the free space of the one
 * before them and dropping empty ones, so a stream of small writes does
 * not cost an mbuf each.  Record marks (M_EOR) are kept on the last mbuf.
 */
void
sbcompress(struct sockbuf *sb, struct mbuf *m, struct mbuf *tail)
{
	struct mbuf *o;
	int eor = 0;

	while (m != NULL) {
		eor |= m->m_flags & M_EOR;
		/* Drop empty mbufs unless they carry the record end. */
		if (m->m_len == 0 && (eor == 0 ||
		    (((o = m->m_next) != NULL || (o = tail) != NULL) &&
		    o->m_type == m->m_type))) {
			if (sb->sb_lastmbuf == m)
				sb->sb_lastmbuf = tail;
			m = m_free(m);
			continue;
		}
		/* Copy into the tail's room if small and the tail allows. */
		if (tail != NULL && (tail->m_flags & M_EOR) == 0 &&
		    M_WRITABLE(tail) && m->m_len <= MCLBYTES / 4 &&
		    m->m_len <= M_TRAILINGSPACE(tail) &&
		    tail->m_type == m->m_type) {
			bcopy(mtod(m, caddr_t), mtod(tail, caddr_t) +
			    tail->m_len, (size_t)m->m_len);
			tail->m_len += m->m_len;
			if (m->m_type != MT_CONTROL &&
			    m->m_type != MT_SONAME)
				sb->sb_cc += m->m_len;
			m = m_free(m);
			continue;
		}
		if (tail != NULL) {
			tail->m_next = m;
		} else {
			/* m starts a new record (empty buffer). */
			if (sb->sb_lastrecord != NULL)
				sb->sb_lastrecord->m_nextpkt = m;
			else
				sb->sb_mb = m;
			sb->sb_lastrecord = m;
		}
		tail = m;
		sballoc(sb, m);
		sb->sb_lastmbuf = m;
		m->m_flags &= ~M_EOR;
		o = m->m_next;
		m->m_next = NULL;
		m = o;
	}
	if (eor && tail != NULL)
		tail->m_flags |= M_EOR;
}

/*
 * Free every mbuf in the buffer.
 */
void
sbflush(struct sockbuf *sb)
{
	struct mbuf *rec, *next;

	for (rec = sb->sb_mb; rec != NULL; rec = next) {
		next = rec->m_nextpkt;
		m_freem(rec);
	}
	sbinit(sb);
}

/*
 * Drop len bytes of data from the front of the buffer (data read from a
 * stream, or acknowledged by TCP).  Control and address mbufs in the way
 * go too.  Dropping more than the buffer holds empties it; it is never an
 * error, since the amount always comes from the kernel's own counts.
 */
void
sbdrop(struct sockbuf *sb, int len)
{
	struct mbuf *m, *next;

	m = sb->sb_mb;
	next = (m != NULL) ? m->m_nextpkt : NULL;
	while (len > 0) {
		if (m == NULL) {
			if (next == NULL)
				break;
			m = next;
			next = m->m_nextpkt;
			continue;
		}
		if (m->m_len > len) {
			m->m_len -= len;
			m->m_data += len;
			if (m->m_type != MT_CONTROL &&
			    m->m_type != MT_SONAME)
				sb->sb_cc -= len;
			break;
		}
		if (m->m_type != MT_CONTROL && m->m_type != MT_SONAME)
			len -= m->m_len;
		sbfree(sb, m);
		m = m_free(m);
	}
	/* Free empty mbufs left at the front. */
	while (m != NULL && m->m_len == 0) {
		sbfree(sb, m);
		m = m_free(m);
	}
	if (m != NULL) {
		sb->sb_mb = m;
		m->m_nextpkt = next;
	} else {
		sb->sb_mb = next;
	}
	/*
	 * sb_lastmbuf is still right unless the buffer emptied: only mbufs
	 * in front of it were freed.  The last record's head moves when
	 * its front was dropped.
	 */
	if (sb->sb_mb == NULL) {
		sb->sb_lastrecord = NULL;
		sb->sb_lastmbuf = NULL;
	} else if (sb->sb_mb->m_nextpkt == NULL) {
		sb->sb_lastrecord = sb->sb_mb;
	}
}

/* Drop the first record. */
void
sbdroprecord(struct sockbuf *sb)
{
	struct mbuf *m;

	m = sb->sb_mb;
	if (m == NULL)
		return;
	sb->sb_mb = m->m_nextpkt;
	do {
		sbfree(sb, m);
		m = m_free(m);
	} while (m != NULL);
	if (sb->sb_mb == NULL) {
		sb->sb_lastrecord = NULL;
		sb->sb_lastmbuf = NULL;
	}
}

/*
 * Take mbuf m, the first mbuf of the first record, off the buffer and
 * return its successor in the record (which becomes the record's head).
 * If free_chain is not NULL, m is put on it for the caller to free later
 * (outside the token); otherwise m is returned to the caller through
 * m->m_next == NULL and is the caller's to keep.
 */
struct mbuf *
sbunlinkmbuf(struct sockbuf *sb, struct mbuf *m, struct mbuf **free_chain)
{
	struct mbuf *n;

	KASSERT(sb->sb_mb == m, ("sbunlinkmbuf: not the head"));
	sbfree(sb, m);
	n = m->m_next;
	if (n != NULL) {
		sb->sb_mb = n;
		n->m_nextpkt = m->m_nextpkt;
		if (sb->sb_lastrecord == m)
			sb->sb_lastrecord = n;
	} else {
		sb->sb_mb = m->m_nextpkt;
		if (sb->sb_lastrecord == m) {
			KASSERT(sb->sb_mb == NULL, ("sbunlinkmbuf: tail"));
			sb->sb_lastrecord = NULL;
			sb->sb_lastmbuf = NULL;
		}
	}
	m->m_nextpkt = NULL;
	m->m_next = NULL;
	if (free_chain != NULL) {
		m->m_next = *free_chain;
		*free_chain = m;
	}
	return (n);
}

/*
 * Recount the buffer and compare with the running counts; 0 if they
 * agree, else EINVAL (for the debug sysctl and the tests).
 */
int
sbcheck(struct sockbuf *sb)
{
	struct mbuf *rec, *m, *last = NULL, *lastrec = NULL;
	u_long cc = 0, mbcnt = 0, mcnt = 0, ccnt = 0;

	for (rec = sb->sb_mb; rec != NULL; rec = rec->m_nextpkt) {
		lastrec = rec;
		for (m = rec; m != NULL; m = m->m_next) {
			if (m->m_type != MT_CONTROL &&
			    m->m_type != MT_SONAME)
				cc += m->m_len;
			mcnt++;
			mbcnt += MSIZE;
			if (m->m_flags & M_EXT) {
				mbcnt += m->m_ext.ext_size;
				ccnt++;
			}
			last = m;
		}
	}
	if (cc != sb->sb_cc || mbcnt != sb->sb_mbcnt ||
	    mcnt != sb->sb_mcnt || ccnt != sb->sb_ccnt)
		return (EINVAL);
	if (lastrec != sb->sb_lastrecord || last != sb->sb_lastmbuf)
		return (EINVAL);
	return (0);
}

/*
 * Build a control message (struct cmsghdr + data) in one mbuf; NULL if
 * it does not fit in a cluster or memory is short.
 */
struct mbuf *
sbcreatecontrol(const void *p, int size, int type, int level)
{
	struct cmsghdr *cp;
	struct mbuf *m;

	if (size < 0 || CMSG_SPACE((size_t)size) > MCLBYTES)
		return (NULL);
	if (CMSG_SPACE((size_t)size) > (size_t)MLEN)
		m = m_getcl(M_NOWAIT, MT_CONTROL, 0);
	else
		m = m_get(M_NOWAIT, MT_CONTROL);
	if (m == NULL)
		return (NULL);
	cp = mtod(m, struct cmsghdr *);
	bzero(cp, CMSG_SPACE((size_t)size));
	if (p != NULL && size > 0)
		bcopy(p, CMSG_DATA(cp), (size_t)size);
	m->m_len = (int)CMSG_SPACE((size_t)size);
	cp->cmsg_len = (socklen_t)CMSG_LEN((size_t)size);
	cp->cmsg_level = level;
	cp->cmsg_type = type;
	return (m);
}
