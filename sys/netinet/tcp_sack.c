/*
 * TCP selective acknowledgements: RFC 2018's option, and the basics of
 * RFC 6675's loss recovery.  Both sides offer SACK-permitted on their
 * SYN (net.inet.tcp.sack.enable, default 1); once both did, the
 * connection carries TF_SACK_PERMIT and:
 *
 *  - as receiver, every segment sent while the reassembly queue holds
 *    data carries up to 4 SACK blocks (3 beside timestamps): the queue's
 *    contiguous ranges, the one holding the segment queued last first
 *    (RFC 2018 4), the others from the highest down;
 *  - as sender, the blocks of every ACK go into the scoreboard
 *    (tp->snd_sacked: the ranges above snd_una the peer holds, sorted,
 *    merged, at most TCP_SACKBOARD of them; a block that would not fit
 *    is forgotten, which costs a needless resend at worst).  In
 *    recovery (TF_SACKRECOVERY, entered on the third duplicate ACK)
 *    tcp_output() sends while the data in flight (the pipe) is below
 *    cwnd: first the holes below the highest SACKed byte, in order
 *    from snd_rxmit, then new data.  Recovery begins on the third
 *    duplicate ACK, where an ACK that SACKs new data counts as one even
 *    if it carries data (a connection sending both ways rarely sends a
 *    bare ACK), or as soon as more than two segments' worth above
 *    snd_una were SACKed (RFC 6675 IsLost()).
 *
 * The pipe is counted the way forward acknowledgement does it: what
 * lies above the highest SACKed byte is in flight, every hole below it
 * is taken as lost unless resent in this recovery (the holes below
 * snd_rxmit).  A retransmit timeout forgets the scoreboard (RFC 2018
 * 8: the receiver may have reneged).  Everything runs in the TCP thread
 * under the tcpcb's ownership (tcp_var.h).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/tcp_var.h>

int	tcp_do_sack = 1;

SYSCTL_DECL(_net_inet_tcp);
SYSCTL_NODE(_net_inet_tcp, OID_AUTO, sack, CTLFLAG_RW, 0,
    "selective acknowledgements (RFC 2018)");
SYSCTL_INT(_net_inet_tcp_sack, OID_AUTO, enable, CTLFLAG_RW, &tcp_do_sack,
    0, "offer SACK on new connections");

/* Forget the blocks at or below una; trim the one that straddles it. */
static void
tcp_sack_prune(struct tcpcb *tp, tcp_seq una)
{
	int i, j = 0;

	for (i = 0; i < tp->snd_nsacked; i++) {
		struct sackblk b = tp->snd_sacked[i];

		if (SEQ_LEQ(b.end, una))
			continue;
		if (SEQ_LT(b.start, una))
			b.start = una;
		tp->snd_sacked[j++] = b;
	}
	tp->snd_nsacked = j;
}

/* Put [start, end) into the sorted, disjoint scoreboard. */
static void
tcp_sack_insert(struct tcpcb *tp, tcp_seq start, tcp_seq end)
{
	struct sackblk *sb = tp->snd_sacked;
	int i, j, n = tp->snd_nsacked;

	/* The first block that ends at or after our start. */
	for (i = 0; i < n && SEQ_LT(sb[i].end, start); i++)
		;
	/* Swallow every block that touches or overlaps ours. */
	for (j = i; j < n && SEQ_LEQ(sb[j].start, end); j++) {
		if (SEQ_LT(sb[j].start, start))
			start = sb[j].start;
		if (SEQ_GT(sb[j].end, end))
			end = sb[j].end;
	}
	if (j == i) {
		/* Nothing merged: a new entry at i, if there is room. */
		if (n == TCP_SACKBOARD) {
			if (i == n)
				return;		/* the highest: forget it */
			n--;			/* forget the highest one */
		}
		memmove(&sb[i + 1], &sb[i], (size_t)(n - i) * sizeof(*sb));
		n++;
	} else if (j > i + 1) {
		memmove(&sb[i + 1], &sb[j], (size_t)(n - j) * sizeof(*sb));
		n -= j - i - 1;
	}
	sb[i].start = start;
	sb[i].end = end;
	tp->snd_nsacked = n;
}

/*
 * An ACK for una arrived with n SACK blocks: drop what una covers, then
 * take in the blocks that make sense (start before end, above una, not
 * beyond what we sent; D-SACK blocks below una say nothing new).
 * Returns how many bytes became SACKed (may be negative when the
 * scoreboard was full and forgot a range).
 */
long
tcp_sack_update(struct tcpcb *tp, tcp_seq una, const struct sackblk *blks,
    int n)
{
	tcp_seq s, e;
	long before;
	int i;

	if (SEQ_LT(una, tp->snd_una))
		una = tp->snd_una;
	tcp_sack_prune(tp, una);
	before = tcp_sack_sacked(tp);
	for (i = 0; i < n; i++) {
		s = blks[i].start;
		e = blks[i].end;
		if (SEQ_GEQ(s, e) || SEQ_LEQ(e, una) || SEQ_GT(e, tp->snd_max))
			continue;
		if (SEQ_LT(s, una))
			s = una;
		TCPSTAT_INC(tcps_sack_rcv_blocks);
		tcp_sack_insert(tp, s, e);
	}
	if (SEQ_LT(tp->snd_rxmit, una))
		tp->snd_rxmit = una;
	return (tcp_sack_sacked(tp) - before);
}

/* Bytes above snd_una the scoreboard holds as SACKed. */
long
tcp_sack_sacked(const struct tcpcb *tp)
{
	long n = 0;
	int i;

	for (i = 0; i < tp->snd_nsacked; i++)
		n += (long)(tp->snd_sacked[i].end - tp->snd_sacked[i].start);
	return (n);
}

void
tcp_sack_clear(struct tcpcb *tp)
{
	tp->snd_nsacked = 0;
	tp->snd_rxmit = tp->snd_una;
	tp->t_flags &= ~TF_SACKRECOVERY;
}

/* One past the highest byte the peer SACKed (snd_una when none). */
tcp_seq
tcp_sack_fack(const struct tcpcb *tp)
{
	if (tp->snd_nsacked == 0)
		return (tp->snd_una);
	return (tp->snd_sacked[tp->snd_nsacked - 1].end);
}

/*
 * The next hole to resend: the first byte at or after snd_rxmit (and
 * snd_una) that no block covers and that lies below the highest SACKed
 * byte, and how far the hole goes.  False when there is none.  With an
 * empty scoreboard, the segment at snd_una if it was not resent yet.
 */
bool
tcp_sack_nexthole(struct tcpcb *tp, tcp_seq *start, long *len)
{
	tcp_seq s = tp->snd_rxmit, fack = tcp_sack_fack(tp);
	int i;

	if (SEQ_LT(s, tp->snd_una))
		s = tp->snd_una;
	if (tp->snd_nsacked == 0) {
		/*
		 * No block yet: only the segment at snd_una is known lost
		 * (the duplicate ACKs, or a partial ACK, say so).
		 */
		if (s != tp->snd_una || s == tp->snd_max)
			return (false);
		*start = s;
		*len = (long)MIN((u_long)(tp->snd_max - s), tp->t_maxseg);
		return (true);
	}
	for (i = 0; i < tp->snd_nsacked; i++) {
		const struct sackblk *b = &tp->snd_sacked[i];

		if (SEQ_LEQ(b->end, s))
			continue;
		if (SEQ_LEQ(b->start, s)) {
			s = b->end;		/* inside a block: skip it */
			continue;
		}
		if (SEQ_GEQ(s, fack))
			return (false);
		*start = s;
		*len = (long)(b->start - s);
		return (true);
	}
	return (false);
}

/*
 * Data in flight by the scoreboard: everything above the highest SACKed
 * byte, plus the hole bytes below snd_rxmit (resent in this recovery).
 */
long
tcp_sack_pipe(const struct tcpcb *tp)
{
	tcp_seq fack = tcp_sack_fack(tp), lim = tp->snd_rxmit, s;
	long pipe = (long)(tp->snd_max - fack);
	int i;

	if (SEQ_GT(lim, fack))
		lim = fack;
	s = tp->snd_una;
	for (i = 0; i < tp->snd_nsacked && SEQ_LT(s, lim); i++) {
		const struct sackblk *b = &tp->snd_sacked[i];

		if (SEQ_GT(b->start, s))
			pipe += (long)((SEQ_LT(b->start, lim) ? b->start :
			    lim) - s);
		if (SEQ_GT(b->end, s))
			s = b->end;
	}
	return (pipe);
}

/*
 * The SACK option for the segment about to go out (room: option bytes
 * left), NOP-padded to a multiple of 4; its length, 0 when the
 * reassembly queue is empty.  The queue's entries are disjoint and
 * sorted: adjacent ones merge into one block.
 */
int
tcp_sack_addopt(struct tcpcb *tp, uint8_t *opt, int room)
{
	struct sackblk r[TCP_SACKBOARD], out[TCP_SACK_MAXOPT];
	struct tseg_qent *q;
	int nr = 0, max, n = 0, i, first = -1, len;
	uint32_t v;

	if (TAILQ_EMPTY(&tp->t_segq))
		return (0);
	max = (room - 2 - TCPOLEN_SACKHDR) / TCPOLEN_SACK;
	if (max > TCP_SACK_MAXOPT)
		max = TCP_SACK_MAXOPT;
	if (max <= 0)
		return (0);
	TAILQ_FOREACH(q, &tp->t_segq, tqe_q) {
		if (q->tqe_len == 0)
			continue;
		if (nr > 0 && r[nr - 1].end == q->tqe_seq) {
			r[nr - 1].end += (tcp_seq)q->tqe_len;
			continue;
		}
		if (nr == TCP_SACKBOARD) {
			/* Keep the highest ranges: drop the lowest. */
			memmove(&r[0], &r[1], (size_t)(nr - 1) * sizeof(r[0]));
			nr--;
		}
		r[nr].start = q->tqe_seq;
		r[nr].end = q->tqe_seq + (tcp_seq)q->tqe_len;
		nr++;
	}
	if (nr == 0)
		return (0);
	for (i = 0; i < nr; i++)
		if (SEQ_LEQ(r[i].start, tp->rcv_lastsack) &&
		    SEQ_LT(tp->rcv_lastsack, r[i].end))
			first = i;
	if (first >= 0)
		out[n++] = r[first];
	for (i = nr - 1; i >= 0 && n < max; i--)
		if (i != first)
			out[n++] = r[i];
	opt[0] = TCPOPT_NOP;
	opt[1] = TCPOPT_NOP;
	opt[2] = TCPOPT_SACK;
	opt[3] = (uint8_t)(TCPOLEN_SACKHDR + n * TCPOLEN_SACK);
	len = 4;
	for (i = 0; i < n; i++) {
		v = htonl(out[i].start);
		memcpy(&opt[len], &v, 4);
		v = htonl(out[i].end);
		memcpy(&opt[len + 4], &v, 4);
		len += TCPOLEN_SACK;
	}
	TCPSTAT_ADD(tcps_sack_send_blocks, n);
	return (len);
}
