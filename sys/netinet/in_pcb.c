/*
 * Internet protocol control blocks, shared by UDP, raw IP and TCP: allocation and release, binding with the BSD rules
 * (reserved ports for root, SO_REUSEADDR / SO_REUSEPORT), ephemeral
 * port choice, connecting (source address from the route), the lookup
 * the input paths use (exact four-tuple first, then the best wildcard
 * match, through a hash by local port), socket addresses, the IPPROTO_IP
 * options, and the pcblist export.
 *
 * Every function here runs with the protocol's ipi_token held by the
 * caller, in a netisr thread (user requests and input) or, for UDP's
 * sends (an implicit bind, the source address), in the sending thread;
 * the token is what serialises them, so nothing here may block while
 * it relies on what it read.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/sysctl.h>
#include <sys/caps.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/thread2.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet/in_pcb.h>
#include <netinet/ip_var.h>

MALLOC_DECLARE(M_SONAME);
MALLOC_DEFINE(M_PCB, "inpcb", "Internet protocol control blocks");
MALLOC_DEFINE(M_PCBHASH, "inpcbhash", "inpcb port hash tables");

#define INP_PORTHASH_SIZE	64	/* power of two */

int ipport_firstauto = IPPORT_EPHEMERALFIRST;
int ipport_lastauto = IPPORT_EPHEMERALLAST;
static uint64_t inp_nextid;

SYSCTL_NODE(_net, PF_INET, inet, CTLFLAG_RW, 0, "Internet family");
SYSCTL_NODE(_net_inet, IPPROTO_IP, ip, CTLFLAG_RW, 0, "IP");
SYSCTL_NODE(_net_inet_ip, OID_AUTO, portrange, CTLFLAG_RW, 0,
    "ephemeral ports");
SYSCTL_INT(_net_inet_ip_portrange, OID_AUTO, first, CTLFLAG_RW,
    &ipport_firstauto, 0, "first ephemeral port");
SYSCTL_INT(_net_inet_ip_portrange, OID_AUTO, last, CTLFLAG_RW,
    &ipport_lastauto, 0, "last ephemeral port");

void
in_pcbinfo_init(struct inpcbinfo *pcbinfo, const char *name)
{
	u_long i;

	lwkt_token_init(&pcbinfo->ipi_token, name);
	LIST_INIT(&pcbinfo->ipi_listhead);
	pcbinfo->ipi_porthashmask = INP_PORTHASH_SIZE - 1;
	pcbinfo->ipi_porthash = kmalloc(INP_PORTHASH_SIZE *
	    sizeof(struct inpcbhead), M_PCBHASH, M_WAITOK);
	for (i = 0; i < INP_PORTHASH_SIZE; i++)
		LIST_INIT(&pcbinfo->ipi_porthash[i]);
	pcbinfo->ipi_lastport = 0;
	pcbinfo->ipi_name = name;
}

static struct inpcbhead *
in_porthash(struct inpcbinfo *pcbinfo, uint16_t lport)
{
	return (&pcbinfo->ipi_porthash[ntohs(lport) &
	    pcbinfo->ipi_porthashmask]);
}

int
in_pcballoc(struct socket *so, struct inpcbinfo *pcbinfo)
{
	struct inpcb *inp;

	inp = kmalloc(sizeof(*inp), M_PCB, M_WAITOK | M_ZERO);
	inp->inp_pcbinfo = pcbinfo;
	inp->inp_socket = so;
	inp->inp_ip_ttl = (uint8_t)ip_defttl;
	inp->inp_gencnt = ++pcbinfo->ipi_gencnt;
	inp->inp_id = atomic_fetchadd_64(&inp_nextid, 1) + 1;
	LIST_INSERT_HEAD(&pcbinfo->ipi_listhead, inp, inp_list);
	pcbinfo->ipi_count++;
	so->so_pcb = inp;
	return (0);
}

void
in_pcbdetach(struct inpcb *inp)
{
	struct inpcbinfo *pcbinfo = inp->inp_pcbinfo;

	if (inp->inp_lport != 0)
		LIST_REMOVE(inp, inp_hash);
	LIST_REMOVE(inp, inp_list);
	pcbinfo->ipi_count--;
	pcbinfo->ipi_gencnt++;
	inp->inp_socket->so_pcb = NULL;
	kfree(inp, M_PCB);
}

static void
in_pcbinshash(struct inpcb *inp)
{
	LIST_INSERT_HEAD(in_porthash(inp->inp_pcbinfo, inp->inp_lport), inp,
	    inp_hash);
}

/*
 * Would binding (laddr, lport) for so conflict with an existing pcb?
 * Two sockets may share a port when both set SO_REUSEPORT, or when the
 * new one sets SO_REUSEADDR and their local addresses differ (one of
 * them a wildcard).
 */
static bool
in_pcbconflict(struct inpcbinfo *pcbinfo, struct inpcb *self,
    struct in_addr laddr, uint16_t lport)
{
	struct socket *so = self->inp_socket;
	struct inpcb *inp;

	LIST_FOREACH(inp, in_porthash(pcbinfo, lport), inp_hash) {
		if (inp == self || inp->inp_lport != lport)
			continue;
		if (inp->inp_laddr.s_addr != laddr.s_addr &&
		    inp->inp_laddr.s_addr != INADDR_ANY &&
		    laddr.s_addr != INADDR_ANY)
			continue;	/* different specific addresses */
		if ((so->so_options & SO_REUSEPORT) &&
		    (inp->inp_socket->so_options & SO_REUSEPORT))
			continue;
		if ((so->so_options & SO_REUSEADDR) &&
		    inp->inp_laddr.s_addr != laddr.s_addr)
			continue;
		/*
		 * A connected pcb (a TCP connection, perhaps in TIME_WAIT)
		 * does not keep SO_REUSEADDR from binding its port again.
		 */
		if ((so->so_options & SO_REUSEADDR) &&
		    (inp->inp_flags & INP_CONNECTED))
			continue;
		return (true);
	}
	return (false);
}

/* Choose a free ephemeral port for (laddr). */
static int
in_pcbanonport(struct inpcb *inp, struct in_addr laddr, uint16_t *portp)
{
	struct inpcbinfo *pcbinfo = inp->inp_pcbinfo;
	int first = ipport_firstauto, last = ipport_lastauto, count, port;

	if (first < 1024 || first > 65535 || last < first || last > 65535) {
		first = IPPORT_EPHEMERALFIRST;
		last = IPPORT_EPHEMERALLAST;
	}
	count = last - first + 1;
	port = pcbinfo->ipi_lastport;
	while (count-- > 0) {
		port++;
		if (port < first || port > last)
			port = first;
		if (!in_pcbconflict(pcbinfo, inp, laddr, htons((uint16_t)port))) {
			pcbinfo->ipi_lastport = (uint16_t)port;
			*portp = htons((uint16_t)port);
			return (0);
		}
	}
	return (EADDRNOTAVAIL);
}

static int
in_sin_check(const struct sockaddr *nam, const struct sockaddr_in **sinp)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)nam;

	if (nam->sa_len < sizeof(*sin))
		return (EINVAL);
	if (sin->sin_family != AF_INET && sin->sin_family != AF_UNSPEC)
		return (EAFNOSUPPORT);
	*sinp = sin;
	return (0);
}

/* bind(2): nam NULL means "any address, any port" (implicit bind). */
int
in_pcbbind(struct inpcb *inp, struct sockaddr *nam, struct thread *td)
{
	struct inpcbinfo *pcbinfo = inp->inp_pcbinfo;
	struct socket *so = inp->inp_socket;
	const struct sockaddr_in *sin;
	struct in_addr laddr;
	uint16_t lport = 0;
	int error;

	if (inp->inp_lport != 0 || inp->inp_laddr.s_addr != INADDR_ANY)
		return (EINVAL);
	laddr.s_addr = INADDR_ANY;
	if (nam != NULL) {
		if ((error = in_sin_check(nam, &sin)) != 0)
			return (error);
		if (sin->sin_family == AF_UNSPEC &&
		    sin->sin_addr.s_addr != INADDR_ANY)
			return (EAFNOSUPPORT);
		laddr = sin->sin_addr;
		lport = sin->sin_port;
		if (laddr.s_addr != INADDR_ANY && !in_ouraddr(laddr) &&
		    !(so->so_type == SOCK_DGRAM &&
		    (laddr.s_addr == INADDR_BROADCAST ||
		    IN_MULTICAST(ntohl(laddr.s_addr)))))
			return (EADDRNOTAVAIL);
		if (lport != 0 && ntohs(lport) < IPPORT_RESERVED &&
		    caps_priv_check(so->so_cred, SYSCAP_NONET_RESPORT) != 0)
			return (EACCES);
		/*
		 * in_ouraddr() takes ifnet_token, so ours may have been
		 * given up for a moment: a UDP send in another thread can
		 * have bound the pcb meanwhile.  From here on nothing
		 * blocks until the pcb is in the hash.
		 */
		if (inp->inp_lport != 0 || inp->inp_laddr.s_addr != INADDR_ANY)
			return (EINVAL);
		if (lport != 0 && in_pcbconflict(pcbinfo, inp, laddr, lport))
			return (EADDRINUSE);
	}
	if (lport == 0) {
		error = in_pcbanonport(inp, laddr, &lport);
		if (error != 0)
			return (error);
		inp->inp_flags |= INP_ANONPORT;
	}
	inp->inp_laddr = laddr;
	inp->inp_lport = lport;
	in_pcbinshash(inp);
	return (0);
}

/*
 * The local address to use toward sin: the bound one, else the outgoing
 * interface's.  INADDR_ANY as a destination means this host.
 */
int
in_pcbladdr(struct inpcb *inp, const struct sockaddr_in *sin,
    struct in_addr *laddr)
{
	struct in_addr dst = sin->sin_addr;
	struct route ro;
	int error;

	if (inp->inp_laddr.s_addr != INADDR_ANY) {
		*laddr = inp->inp_laddr;
		return (0);
	}
	if (dst.s_addr == INADDR_ANY)
		dst.s_addr = htonl(INADDR_LOOPBACK);
	if (in_ouraddr(dst)) {
		*laddr = dst;
		return (0);
	}
	error = rtlookup(dst, &ro);
	if (error != 0 || ro.ro_src.s_addr == INADDR_ANY)
		return (ENETUNREACH);
	*laddr = ro.ro_src;
	return (0);
}

int
in_pcbconnect(struct inpcb *inp, struct sockaddr *nam, struct thread *td)
{
	const struct sockaddr_in *sin;
	struct in_addr laddr, faddr;
	int error;

	if ((error = in_sin_check(nam, &sin)) != 0)
		return (error);
	if (sin->sin_family != AF_INET)
		return (EAFNOSUPPORT);
	if (sin->sin_port == 0)
		return (EADDRNOTAVAIL);
	faddr = sin->sin_addr;
	if (faddr.s_addr == INADDR_ANY)
		faddr.s_addr = htonl(INADDR_LOOPBACK);
	error = in_pcbladdr(inp, sin, &laddr);
	if (error != 0)
		return (error);
	if (in_pcblookup(inp->inp_pcbinfo, faddr, sin->sin_port, laddr,
	    inp->inp_lport, false) != NULL && inp->inp_lport != 0)
		return (EADDRINUSE);
	if (inp->inp_lport == 0) {
		error = in_pcbbind(inp, NULL, td);
		if (error != 0)
			return (error);
	}
	inp->inp_laddr = laddr;
	inp->inp_faddr = faddr;
	inp->inp_fport = sin->sin_port;
	inp->inp_flags |= INP_CONNECTED;
	return (0);
}

/*
 * Give an unbound pcb both ends at once (TCP's accepted connections,
 * which share the listener's port): fails with EADDRINUSE if another
 * pcb already has the same four.
 */
int
in_pcbsetaddrs(struct inpcb *inp, struct in_addr laddr, uint16_t lport,
    struct in_addr faddr, uint16_t fport)
{
	if (inp->inp_lport != 0)
		return (EINVAL);
	if (in_pcblookup(inp->inp_pcbinfo, faddr, fport, laddr, lport,
	    false) != NULL)
		return (EADDRINUSE);
	inp->inp_laddr = laddr;
	inp->inp_lport = lport;
	inp->inp_faddr = faddr;
	inp->inp_fport = fport;
	inp->inp_flags |= INP_CONNECTED;
	in_pcbinshash(inp);
	return (0);
}

void
in_pcbdisconnect(struct inpcb *inp)
{
	inp->inp_faddr.s_addr = INADDR_ANY;
	inp->inp_fport = 0;
	inp->inp_flags &= ~INP_CONNECTED;
}

/*
 * Find the pcb for a packet from (faddr, fport) to (laddr, lport): an
 * exact match of all four, or with wildcard set the pcb bound to lport
 * that matches best (fewest wildcards), connected pcbs only when their
 * foreign side matches.
 */
struct inpcb *
in_pcblookup(struct inpcbinfo *pcbinfo, struct in_addr faddr,
    uint16_t fport, struct in_addr laddr, uint16_t lport, bool wildcard)
{
	struct inpcb *inp, *match = NULL;
	int wild, best = 3;

	LIST_FOREACH(inp, in_porthash(pcbinfo, lport), inp_hash) {
		if (inp->inp_lport != lport)
			continue;
		wild = 0;
		if (inp->inp_faddr.s_addr != INADDR_ANY) {
			if (inp->inp_faddr.s_addr != faddr.s_addr ||
			    inp->inp_fport != fport)
				continue;
		} else {
			wild++;
		}
		if (inp->inp_laddr.s_addr != INADDR_ANY) {
			if (inp->inp_laddr.s_addr != laddr.s_addr)
				continue;
		} else {
			wild++;
		}
		if (wild == 0)
			return (inp);
		if (wildcard && wild < best) {
			best = wild;
			match = inp;
		}
	}
	return (match);
}

struct sockaddr *
in_sockaddr(uint16_t port, struct in_addr addr)
{
	struct sockaddr_in *sin;

	sin = kmalloc(sizeof(*sin), M_SONAME, M_WAITOK | M_ZERO);
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_port = port;
	sin->sin_addr = addr;
	return ((struct sockaddr *)sin);
}

int
in_setsockaddr(struct socket *so, struct sockaddr **nam)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp == NULL)
		return (ECONNRESET);
	*nam = in_sockaddr(inp->inp_lport, inp->inp_laddr);
	return (0);
}

int
in_setpeeraddr(struct socket *so, struct sockaddr **nam)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp == NULL)
		return (ECONNRESET);
	if ((inp->inp_flags & INP_CONNECTED) == 0 &&
	    (so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)) == 0)
		return (ENOTCONN);
	*nam = in_sockaddr(inp->inp_fport, inp->inp_faddr);
	return (0);
}

/* IPPROTO_IP options common to every inet socket. */
int
in_ctloutput_ip(struct inpcb *inp, struct sockopt *sopt)
{
	int error, optval;

	switch (sopt->sopt_name) {
	case IP_TTL:
	case IP_TOS:
	case IP_HDRINCL:
		break;
	default:
		return (ENOPROTOOPT);
	}
	if (sopt->sopt_dir == SOPT_SET) {
		error = sooptcopyin(sopt, &optval, sizeof(optval),
		    sizeof(optval));
		if (error != 0)
			return (error);
		switch (sopt->sopt_name) {
		case IP_TTL:
			if (optval < 0 || optval > 255)
				return (EINVAL);
			inp->inp_ip_ttl = (uint8_t)optval;
			break;
		case IP_TOS:
			if (optval < 0 || optval > 255)
				return (EINVAL);
			inp->inp_ip_tos = (uint8_t)optval;
			break;
		case IP_HDRINCL:
			if (inp->inp_socket->so_type != SOCK_RAW)
				return (EINVAL);
			if (optval)
				inp->inp_flags |= INP_HDRINCL;
			else
				inp->inp_flags &= ~INP_HDRINCL;
			break;
		}
		return (0);
	}
	switch (sopt->sopt_name) {
	case IP_TTL:
		optval = inp->inp_ip_ttl;
		break;
	case IP_TOS:
		optval = inp->inp_ip_tos;
		break;
	default:
		optval = (inp->inp_flags & INP_HDRINCL) != 0;
		break;
	}
	return (sooptcopyout(sopt, &optval, sizeof(optval)));
}

/* ---- pcblist export ------------------------------------------------- */

static bool
in_export_priv(void)
{
	return (caps_priv_check_self(SYSCAP_RESTRICTEDROOT) == 0);
}

static void
in_toxinpcb(struct inpcb *inp, struct xinpcb *xi, bool priv,
    int (*state)(struct inpcb *))
{
	memset(xi, 0, sizeof(*xi));
	xi->xi_len = sizeof(*xi);
	xi->xi_version = XINPCB_VERSION;
	xi->xi_inpp = priv ? (uint64_t)(uintptr_t)inp : inp->inp_id;
	xi->inp_gencnt = inp->inp_gencnt;
	xi->inp_laddr = inp->inp_laddr.s_addr;
	xi->inp_faddr = inp->inp_faddr.s_addr;
	xi->inp_lport = inp->inp_lport;
	xi->inp_fport = inp->inp_fport;
	xi->inp_flags = (uint32_t)inp->inp_flags;
	xi->inp_vflag = INP_IPV4;
	xi->inp_ip_ttl = inp->inp_ip_ttl;
	xi->inp_ip_p = inp->inp_ip_p;
	xi->t_state = (state != NULL) ? state(inp) : -1;
	sotoxsocket(inp->inp_socket, &xi->xi_socket, priv);
}

/*
 * The pcblist protocol (docs/sys/kern/ipc/sysctl-records.md): a header
 * (count, generation), one xinpcb per pcb the reader may see, and a
 * trailer.  The records are filled into a kernel buffer in one hold of
 * the protocol's token, which nothing in the walk gives up, so the list
 * is a snapshot of one generation and the trailer repeats the header;
 * the copy-out, which may fault and sleep, walks no list.  The buffer is
 * sized from a count taken before (kmalloc may sleep, and the token
 * goes with it); if the list outgrew it meanwhile, size again rather
 * than send a list cut short.  A jailed reader sees only the sockets
 * made inside its own prison.
 */
int
in_pcblist(struct inpcbinfo *pcbinfo, struct sysctl_req *req,
    int (*state)(struct inpcb *))
{
	struct xinpgen xig;
	struct xinpcb *buf;
	struct inpcb *inp;
	bool priv = in_export_priv();
	u_int n, cap;
	uint64_t gen, sogen;
	int error;

	if (req->oldptr == NULL) {
		n = pcbinfo->ipi_count;
		req->oldidx = 2 * sizeof(xig) + (n + n / 8 + 4) *
		    sizeof(struct xinpcb);
		return (0);
	}
	if (req->newptr != NULL)
		return (EPERM);
	for (;;) {
		lwkt_gettoken(&pcbinfo->ipi_token);
		n = pcbinfo->ipi_count;
		lwkt_reltoken(&pcbinfo->ipi_token);
		cap = n + n / 8 + 8;
		buf = kmalloc(cap * sizeof(*buf), M_TEMP, M_WAITOK);
		n = 0;
		lwkt_gettoken(&pcbinfo->ipi_token);
		gen = pcbinfo->ipi_gencnt;
		sogen = so_generation();
		LIST_FOREACH(inp, &pcbinfo->ipi_listhead, inp_list) {
			if (!soexport_visible(inp->inp_socket))
				continue;
			if (n == cap)
				break;
			in_toxinpcb(inp, &buf[n++], priv, state);
		}
		lwkt_reltoken(&pcbinfo->ipi_token);
		if (inp == NULL)
			break;
		kfree(buf, M_TEMP);		/* grew meanwhile: again */
	}

	memset(&xig, 0, sizeof(xig));
	xig.xig_len = sizeof(xig);
	xig.xig_count = n;
	xig.xig_gen = gen;
	xig.xig_sogen = sogen;
	error = SYSCTL_OUT(req, &xig, sizeof(xig));
	if (error == 0 && n > 0)
		error = SYSCTL_OUT(req, buf, n * sizeof(*buf));
	/* The trailer: the generation the records were taken at. */
	if (error == 0)
		error = SYSCTL_OUT(req, &xig, sizeof(xig));
	kfree(buf, M_TEMP);
	return (error);
}
