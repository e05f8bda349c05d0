/*
 * fuzz_ip.c: fuzz target for the IPv4 input path (sys/netinet/
 * ip_input.c, ip_icmp.c, udp_usrreq.c, raw_ip.c and what they call):
 * each input is one IPv4 packet, received on lo0 exactly as
 * net.inet.ip.inject delivers one in the kernel: an mbuf with rcvif lo0
 * queued to the netisr thread (netisr_queue), then netisr_barrier() to
 * wait for it, and for the ICMP replies it loops back.  A UDP socket is
 * bound to 127.0.0.1:7 and a raw ICMP socket is open, so delivery to
 * sockets is exercised too.  After each packet 31 seconds pass (the
 * reassembly timeout is 30) so half-reassembled datagrams expire, the
 * sockets are emptied, and then no mbuf may remain in use.
 *
 * The stack runs as in the kernel: its netisr thread is a thread of the
 * shim's one-CPU scheduler, its sockets' requests are messages to it.
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/netisr.h>
#include <netinet/in.h>
#include <machine/atomic.h>

#include "ipc_shim.h"
#include "sock_shim.h"
#include "net_shim.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern struct ifnet *loif;

static struct socket *udp, *raw;

static struct socket *
mk(int type, int proto)
{
	struct socket *so = NULL;
	int error;

	error = socreate(AF_INET, &so, type, proto, curthread);
	if (error != 0)
		panic("fuzz_ip: socreate(AF_INET, %d, %d): %d", type, proto,
		    error);
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	return (so);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in sin;
	int error;

	shim_sock_init();		/* netisr, lo0 with 127.0.0.1, inet */
	shim_set_root(1);		/* raw sockets need privilege */
	if (loif == NULL)
		panic("fuzz_ip: no lo0");
	udp = mk(SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(7);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	error = sobind(udp, (struct sockaddr *)&sin, curthread);
	if (error != 0)
		panic("fuzz_ip: bind 127.0.0.1:7: %d", error);
	raw = mk(SOCK_RAW, IPPROTO_ICMP);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mbstat st;
	struct mbuf *m;
	int i;

	if (size > MJUMPAGESIZE)
		return (0);		/* inject: EINVAL */
	m = m_getl((int)MAX(size, 1), M_WAITOK, MT_DATA, M_PKTHDR, NULL);
	memcpy(mtod(m, void *), data, size);
	m->m_len = m->m_pkthdr.len = (int)size;
	m->m_pkthdr.rcvif = loif;
	(void)netisr_queue(NETISR_IP, m);
	/* The packet, then what it made the stack send to itself. */
	for (i = 0; i < 3; i++)
		netisr_barrier();
	/* Expire a half-reassembled datagram (and loop its ICMP error). */
	shim_callout_tick(31 * HZ);
	for (i = 0; i < 3; i++)
		netisr_barrier();
	sorflush(udp);
	sorflush(raw);
	m_mbstat_sum(&st);
	if (st.m_mbufs != 0 || st.m_clusters != 0 || st.m_jclusters != 0)
		panic("fuzz_ip: %ld mbufs, %ld clusters, %ld jumbo clusters "
		    "left after a packet", (long)st.m_mbufs,
		    (long)st.m_clusters, (long)st.m_jclusters);
	return (0);
}
