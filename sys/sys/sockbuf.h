/*
 * Socket buffers: the mbuf queue at the heart of each direction of a
 * socket.  struct sockbuf is the bare queue and its accounting; the
 * socket layer wraps it in struct signalsockbuf (<sys/socketvar.h>) with
 * the watermarks, the token that serialises it, and the wakeup state.
 *
 * The queue is a list of records linked through m_nextpkt; each record is
 * an mbuf chain linked through m_next.  A stream socket has one record; a
 * datagram socket one per datagram, each starting with an MT_SONAME mbuf
 * (the sender's address) when there is one, then MT_CONTROL mbufs, then
 * the data.  sb_lastrecord and sb_lastmbuf make appends O(1).
 *
 * Ownership: a sockbuf is protected by the token of the signalsockbuf
 * that holds it (ssb_token); these routines assume the caller holds it.
 * They never sleep.
 */
#ifndef _SYS_SOCKBUF_H_
#define _SYS_SOCKBUF_H_

#include <sys/types.h>

#ifdef _KERNEL

struct mbuf;
struct sockaddr;

struct sockbuf {
	u_long		sb_cc;		/* data bytes in the queue */
	u_long		sb_mbcnt;	/* storage: mbufs + external */
	u_long		sb_mcnt;	/* mbufs in the queue */
	u_long		sb_ccnt;	/* clusters in the queue */
	struct mbuf	*sb_mb;		/* first record */
	struct mbuf	*sb_lastmbuf;	/* last mbuf of the last record */
	struct mbuf	*sb_lastrecord;	/* first mbuf of the last record */
};

void	sbinit(struct sockbuf *sb);
void	sballoc(struct sockbuf *sb, struct mbuf *m);
void	sbfree(struct sockbuf *sb, struct mbuf *m);
void	sbappend(struct sockbuf *sb, struct mbuf *m);
void	sbappendstream(struct sockbuf *sb, struct mbuf *m);
void	sbappendrecord(struct sockbuf *sb, struct mbuf *m0);
int	sbappendaddr(struct sockbuf *sb, const struct sockaddr *asa,
	    struct mbuf *m0, struct mbuf *control);
int	sbappendcontrol(struct sockbuf *sb, struct mbuf *m0,
	    struct mbuf *control);
void	sbcompress(struct sockbuf *sb, struct mbuf *m, struct mbuf *tail);
void	sbdrop(struct sockbuf *sb, int len);
void	sbdroprecord(struct sockbuf *sb);
void	sbflush(struct sockbuf *sb);
struct mbuf *sbunlinkmbuf(struct sockbuf *sb, struct mbuf *m,
	    struct mbuf **free_chain);
int	sbcheck(struct sockbuf *sb);
struct mbuf *sbcreatecontrol(const void *p, int size, int type, int level);

#endif /* _KERNEL */

#endif /* !_SYS_SOCKBUF_H_ */
