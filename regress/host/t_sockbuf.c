/*
 * t_sockbuf.c: the socket buffer queue (sys/kern/uipc_sockbuf.c) on the
 * host: stream appends and their compression, records with addresses and
 * control messages, dropping data and records, and that the running
 * counts (sb_cc, sb_mbcnt, sb_mcnt, sb_ccnt and the tail pointers) always
 * agree with a recount (sbcheck).  Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/socket.h>
#include <sys/mbuf.h>
#include <sys/sockbuf.h>

#include "tap.h"
#include "ipc_shim.h"

static unsigned char data[8192];

static struct mbuf *
mk(int len, int type, int hdr)
{
	struct mbuf *m;
	int size;

	m = m_getl(len, M_NOWAIT, type, hdr ? M_PKTHDR : 0, &size);
	bcopy(data, mtod(m, void *), (size_t)len);
	m->m_len = len;
	if (hdr)
		m->m_pkthdr.len = len;
	return (m);
}

/* The bytes of the first record, read in order, equal want[0..len)? */
static int
sb_is(struct sockbuf *sb, int skip_types, const unsigned char *want,
    int len)
{
	struct mbuf *m;
	int off = 0;

	for (m = sb->sb_mb; m != NULL; m = m->m_next) {
		if (m->m_type == MT_SONAME || m->m_type == MT_CONTROL)
			continue;
		if (off + m->m_len > len ||
		    memcmp(mtod(m, void *), want + off, (size_t)m->m_len) != 0)
			return (0);
		off += m->m_len;
	}
	(void)skip_types;
	return (off == len);
}

static void
t_stream(void)
{
	struct sockbuf sb;
	struct mbuf *m;
	int i;

	sbinit(&sb);
	for (i = 0; i < 10; i++)
		sbappendstream(&sb, mk(10, MT_DATA, 0));
	tap_is_int(sb.sb_cc, 100, "10 appends of 10 bytes: sb_cc 100");
	tap_is_int(sb.sb_mcnt, 1, "small appends are compressed into 1 mbuf");
	tap_is_int(sbcheck(&sb), 0, "counts agree with a recount");
	sbappendstream(&sb, mk(1500, MT_DATA, 0));
	tap_is_int(sb.sb_cc, 1600, "a 1500-byte append: sb_cc 1600");
	tap_is_int(sb.sb_ccnt, 1, "the big one stays in its cluster");
	tap_is_int(sb.sb_mbcnt, 2 * MSIZE + MCLBYTES,
	    "sb_mbcnt counts mbufs and the cluster");
	tap_is_int(sbcheck(&sb), 0, "counts agree");

	sbdrop(&sb, 55);
	tap_is_int(sb.sb_cc, 1545, "sbdrop(55) leaves 1545");
	tap_ok(sb.sb_mb != NULL && mtod(sb.sb_mb, unsigned char *)[0] ==
	    data[5], "the next byte is stream byte 55 (data[5])");
	tap_is_int(sbcheck(&sb), 0, "counts agree after a partial drop");
	sbdrop(&sb, 45);
	tap_is_int(sb.sb_cc, 1500, "sbdrop of the rest of the first mbuf");
	tap_is_int(sb.sb_mcnt, 1, "the emptied mbuf is freed");
	tap_is_int(sbcheck(&sb), 0, "counts and tail pointers agree");
	sbdrop(&sb, 100000);
	tap_ok(sb.sb_cc == 0 && sb.sb_mb == NULL && sb.sb_lastmbuf == NULL &&
	    sb.sb_lastrecord == NULL, "sbdrop past the end empties it");
	tap_is_int(sb.sb_mbcnt, 0, "and uncharges everything");

	for (i = 0; i < 3; i++)
		sbappendstream(&sb, mk(700, MT_DATA, 0));
	m = sb.sb_mb;
	tap_ok(m != NULL && m->m_nextpkt == NULL, "a stream is one record");
	sbflush(&sb);
	tap_ok(sb.sb_cc == 0 && sb.sb_mb == NULL && sb.sb_mcnt == 0,
	    "sbflush empties the buffer");
}

static void
t_records(void)
{
	struct sockbuf sb;
	struct sockaddr sa;
	struct mbuf *m, *ctl, *freel = NULL;
	struct cmsghdr *cm;
	int fds[2] = { 3, 4 };

	sbinit(&sb);
	bzero(&sa, sizeof(sa));
	sa.sa_len = sizeof(sa);
	sa.sa_family = AF_UNIX;
	tap_is_int(sbappendaddr(&sb, &sa, mk(100, MT_DATA, 1), NULL), 1,
	    "sbappendaddr queues a datagram");
	tap_is_int(sbappendaddr(&sb, NULL, mk(50, MT_DATA, 1), NULL), 1,
	    "... and one without an address");
	ctl = sbcreatecontrol(fds, sizeof(fds), SCM_RIGHTS, SOL_SOCKET);
	tap_ok(ctl != NULL && ctl->m_type == MT_CONTROL,
	    "sbcreatecontrol makes an MT_CONTROL mbuf");
	cm = mtod(ctl, struct cmsghdr *);
	tap_ok(cm->cmsg_len == CMSG_LEN(sizeof(fds)) &&
	    cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    ((int *)CMSG_DATA(cm))[1] == 4, "with the exact cmsghdr and data");
	tap_is_int(ctl->m_len, CMSG_SPACE(sizeof(fds)),
	    "its length is CMSG_SPACE");
	tap_is_int(sbappendaddr(&sb, &sa, mk(30, MT_DATA, 1), ctl), 1,
	    "a datagram with control");
	tap_is_int(sb.sb_cc, 180, "sb_cc counts data only");
	tap_is_int(sbcheck(&sb), 0, "counts agree");

	m = sb.sb_mb;
	tap_ok(m->m_type == MT_SONAME && m->m_next->m_type == MT_DATA &&
	    m->m_nextpkt != NULL && m->m_nextpkt->m_type == MT_DATA &&
	    m->m_nextpkt->m_nextpkt == sb.sb_lastrecord,
	    "records: [name,data] [data] [name,control,data]");
	tap_ok(sb.sb_lastrecord->m_next->m_type == MT_CONTROL,
	    "control follows the address");

	sbdroprecord(&sb);
	tap_is_int(sb.sb_cc, 80, "sbdroprecord drops the first datagram");
	tap_is_int(sbcheck(&sb), 0, "counts agree");
	tap_ok(sb_is(&sb, 1, data, 50), "the next record is the 50 bytes");
	sbdroprecord(&sb);
	/* Unlink name and control of the last record, as soreceive does. */
	m = sb.sb_mb;
	tap_ok(m->m_type == MT_SONAME, "the last record starts with a name");
	m = sbunlinkmbuf(&sb, m, &freel);
	tap_ok(m != NULL && m->m_type == MT_CONTROL && sb.sb_mb == m &&
	    sb.sb_lastrecord == m, "sbunlinkmbuf moves the record head");
	m = sbunlinkmbuf(&sb, m, &freel);
	tap_ok(m != NULL && m->m_type == MT_DATA && m->m_len == 30,
	    "then the data is the head");
	tap_is_int(sbcheck(&sb), 0, "counts agree after unlinking");
	m_freem(freel);
	sbflush(&sb);

	/* Record protocols: M_EOR closes a record. */
	m = mk(10, MT_DATA, 1);
	m->m_flags |= M_EOR;
	sbappendrecord(&sb, m);
	sbappend(&sb, mk(20, MT_DATA, 1));
	tap_ok(sb.sb_mb != NULL && sb.sb_mb->m_nextpkt != NULL,
	    "sbappend after an M_EOR starts a new record");
	sbappend(&sb, mk(5, MT_DATA, 0));
	tap_ok(sb.sb_lastrecord == sb.sb_mb->m_nextpkt,
	    "sbappend without M_EOR joins the last record");
	tap_is_int(sb.sb_cc, 35, "sb_cc 35");
	tap_is_int(sbcheck(&sb), 0, "counts agree");
	sbflush(&sb);

	sa.sa_len = 1;
	m = mk(10, MT_DATA, 1);
	tap_is_int(sbappendaddr(&sb, &sa, m, NULL), 0,
	    "a malformed address is refused");
	tap_ok(sb.sb_mb == NULL, "... and nothing is queued");
	m_freem(m);
	tap_ok(sbcreatecontrol(NULL, 4000, SCM_RIGHTS, SOL_SOCKET) == NULL,
	    "control larger than a cluster is refused");
	tap_ok(sbcreatecontrol(NULL, -1, SCM_RIGHTS, SOL_SOCKET) == NULL,
	    "a negative control size is refused");
}

int
main(void)
{
	struct mbstat st;
	int i;

	for (i = 0; i < (int)sizeof(data); i++)
		data[i] = (unsigned char)(i * 13 + 5);
	shim_cpu_init();
	mbinit(NULL);
	t_stream();
	t_records();
	m_mbstat_sum(&st);
	tap_is_int(st.m_mbufs, 0, "no mbufs leaked");
	return (tap_done());
}
