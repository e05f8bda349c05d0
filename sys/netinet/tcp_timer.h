/*
 * TCP's timers: five per connection (retransmit, persist, keepalive,
 * 2MSL, delayed ACK), kept as deadlines in hardclock ticks and run by
 * tcp_timer.c's clock, and the bounds of the retransmit timeout.
 */
#ifndef _NETINET_TCP_TIMER_H_
#define _NETINET_TCP_TIMER_H_

#define TCPT_REXMT	0		/* retransmit */
#define TCPT_PERSIST	1		/* zero-window probe */
#define TCPT_KEEP	2		/* keepalive, or connect timeout */
#define TCPT_2MSL	3		/* TIME_WAIT, or FIN_WAIT_2 idle */
#define TCPT_DELACK	4		/* delayed ACK */
#define TCPT_NTIMERS	5

#define TCP_MAXRXTSHIFT	12		/* retransmissions before drop */
#define TCP_SYNRXTSHIFT	6		/* SYN retransmissions */

#ifdef _KERNEL
#define TCPTV_MIN	(HZ / 5)	/* least RTO: 200 ms */
#define TCPTV_REXMTMAX	(64 * HZ)	/* largest RTO */
#define TCPTV_RTOBASE	(1 * HZ)	/* RTO before any measurement */
#define TCPTV_PERSMIN	(HZ / 2)
#define TCPTV_PERSMAX	(60 * HZ)
#define TCPTV_KEEPCNT	8		/* default probes */

extern const int tcp_backoff[TCP_MAXRXTSHIFT + 1];
#endif

#endif /* !_NETINET_TCP_TIMER_H_ */
