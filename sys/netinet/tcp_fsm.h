/*
 * The TCP connection states (RFC 793 figure 6), in the BSD numbering the
 * tools know (netstat prints tcpstates[]), and the predicates the rest
 * of TCP asks about a state.
 */
#ifndef _NETINET_TCP_FSM_H_
#define _NETINET_TCP_FSM_H_

#define TCP_NSTATES		11

#define TCPS_CLOSED		0	/* closed */
#define TCPS_LISTEN		1	/* listening for connections */
#define TCPS_SYN_SENT		2	/* active open, SYN sent */
#define TCPS_SYN_RECEIVED	3	/* SYN received, SYN sent */
#define TCPS_ESTABLISHED	4	/* open */
#define TCPS_CLOSE_WAIT		5	/* FIN received, user not closed */
#define TCPS_FIN_WAIT_1		6	/* closed, FIN sent */
#define TCPS_CLOSING		7	/* both closed, awaiting our FIN ack */
#define TCPS_LAST_ACK		8	/* FIN received, closed, awaiting ack */
#define TCPS_FIN_WAIT_2		9	/* our FIN acked, awaiting theirs */
#define TCPS_TIME_WAIT		10	/* both closed: 2MSL quiet time */

#define TCPS_HAVERCVDSYN(s)	((s) >= TCPS_SYN_RECEIVED)
#define TCPS_HAVEESTABLISHED(s)	((s) >= TCPS_ESTABLISHED)
#define TCPS_HAVERCVDFIN(s)						\
	((s) == TCPS_CLOSE_WAIT || (s) == TCPS_CLOSING ||		\
	 (s) == TCPS_LAST_ACK || (s) == TCPS_TIME_WAIT)

#ifdef TCPSTATES
static const char * const tcpstates[TCP_NSTATES] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2",
	"TIME_WAIT",
};
#endif

#endif /* !_NETINET_TCP_FSM_H_ */
