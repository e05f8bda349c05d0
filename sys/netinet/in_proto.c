/*
 * The Internet domain: its protocol switch (UDP datagrams, TCP
 * streams, raw IP for ICMP and any other protocol) and its registration
 * at boot.  Inet sockets belong to a netisr thread: pr_initport gives a
 * new socket the port of the netisr thread of the CPU that creates it
 * (TCP's: the one TCP thread, netisr 0), and every user request on it
 * runs there, except UDP's sends (PR_DIRECT_SEND), which run in the
 * sender.  TCP's sends and read notifications go without waiting for
 * the reply (PR_ASYNC_SEND, PR_ASYNC_RCVD), as in DragonFly.  UDP's and
 * raw IP's shared state is under their pcb tokens, so input on any
 * netisr CPU is safe beside the requests; TCP runs all its work in its
 * own thread (tcp_var.h).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <netinet/ip_var.h>

extern struct pr_usrreqs udp_usrreqs;
extern struct pr_usrreqs rip_usrreqs;
extern struct pr_usrreqs tcp_usrreqs;
void	tcp_ctloutput(netmsg_t msg);
void	tcp_init(void);
lwkt_port_t tcp_initport(void);
void	udp_ctloutput(netmsg_t msg);
void	rip_ctloutput(netmsg_t msg);
void	udp_init(void);
void	rip_init(void);

static lwkt_port_t
in_initport(void)
{
	return (netisr_curport());
}

static void
in_init(void)
{
	ip_init();
	udp_init();
	tcp_init();
	rip_init();
}

static struct protosw inetsw[] = {
	{
		.pr_type = SOCK_DGRAM,
		.pr_protocol = IPPROTO_UDP,
		.pr_flags = PR_ATOMIC | PR_ADDR | PR_DIRECT_SEND,
		.pr_ctloutput = udp_ctloutput,
		.pr_usrreqs = &udp_usrreqs,
		.pr_initport = in_initport,
	},
	{
		.pr_type = SOCK_STREAM,
		.pr_protocol = IPPROTO_TCP,
		.pr_flags = PR_CONNREQUIRED | PR_WANTRCVD | PR_ASYNC_SEND |
		    PR_ASYNC_RCVD,
		.pr_ctloutput = tcp_ctloutput,
		.pr_usrreqs = &tcp_usrreqs,
		.pr_initport = tcp_initport,
	},
	{
		.pr_type = SOCK_RAW,
		.pr_protocol = IPPROTO_ICMP,
		.pr_flags = PR_ATOMIC | PR_ADDR,
		.pr_ctloutput = rip_ctloutput,
		.pr_usrreqs = &rip_usrreqs,
		.pr_initport = in_initport,
	},
	{
		/* Any other protocol number (pffindproto's fallback). */
		.pr_type = SOCK_RAW,
		.pr_protocol = 0,
		.pr_flags = PR_ATOMIC | PR_ADDR,
		.pr_ctloutput = rip_ctloutput,
		.pr_usrreqs = &rip_usrreqs,
		.pr_initport = in_initport,
	},
};

struct domain inetdomain = {
	.dom_family = AF_INET,
	.dom_name = "internet",
	.dom_init = in_init,
	.dom_protosw = inetsw,
	.dom_protoswNPROTOSW = &inetsw[nitems(inetsw)],
};
SYSINIT(inetdomain, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, net_add_domain,
    &inetdomain);
