/*
 * TCP sequence number arithmetic (modulo 2^32, RFC 793 3.3) and the
 * macros that start a connection's send and receive sequence spaces.
 */
#ifndef _NETINET_TCP_SEQ_H_
#define _NETINET_TCP_SEQ_H_

#define SEQ_LT(a, b)	((int32_t)((a) - (b)) < 0)
#define SEQ_LEQ(a, b)	((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b)	((int32_t)((a) - (b)) > 0)
#define SEQ_GEQ(a, b)	((int32_t)((a) - (b)) >= 0)
#define SEQ_MIN(a, b)	(SEQ_LT(a, b) ? (a) : (b))
#define SEQ_MAX(a, b)	(SEQ_GT(a, b) ? (a) : (b))

/* After the SYN: every send variable starts at the ISS. */
#define tcp_sendseqinit(tp)						\
	((tp)->snd_una = (tp)->snd_nxt = (tp)->snd_max = (tp)->snd_up =	\
	    (tp)->snd_recover = (tp)->iss)

#define tcp_rcvseqinit(tp)						\
	((tp)->rcv_adv = (tp)->rcv_nxt = (tp)->irs + 1)

#endif /* !_NETINET_TCP_SEQ_H_ */
