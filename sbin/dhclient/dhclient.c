/*
 * dhclient: configure an interface by DHCP (RFC 2131).  The client
 * broadcasts DHCPDISCOVER from 0.0.0.0:68, takes the first valid
 * DHCPOFFER, asks for it with DHCPREQUEST and, on DHCPACK, sets the
 * address and netmask (SIOCAIFADDR, as ifconfig does), the default
 * route (SIOCADDRT, as route does) and /etc/resolv.conf.  Lost messages
 * are sent again after 4, 8, 16, 32 and 64 seconds (RFC 2131 4.1); a
 * DHCPNAK starts over; no lease within the timeout is an error.
 *
 * Before the interface has an address there is no route for a
 * broadcast to take, so the UDP socket names its interface with the
 * IP_BOUND_IF option and sets the BROADCAST flag in its requests so the
 * server answers to 255.255.255.255 (which every interface accepts)
 * rather than to an address we do not hold yet.
 *
 * Bound, dhclient goes into the background and keeps the lease: at T1
 * it renews with the server by unicast, at T2 it rebinds by broadcast,
 * and when the lease expires it removes the address and starts over.
 * -1 exits once bound instead, -d stays in the foreground.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dhcp.h"

ssize_t	getrandom(void *, size_t, unsigned int);

#define EXIT_TIMEOUT	2		/* no lease in time */
#define RESOLV_CONF	"/etc/resolv.conf"
#define LEASE_DIR	"/var/db"
#define LEASE_FILE	LEASE_DIR "/dhclient.leases."	/* + interface */

/* Everything about the interface and the lease being kept. */
struct client {
	const char	*ifname;
	int		ifindex;
	uint8_t		lladdr[6];
	int		sock;		/* UDP, bound to *:68 */
	int		ioc;		/* a socket for the ioctls */
	uint32_t	xid;		/* current transaction */
	struct timespec	start;		/* of the current exchange (secs) */
	struct dhcp_lease lease;	/* what the last DHCPACK said */
	int		bound;		/* address configured */
	int		verbose;
	int		nowrite;	/* -n: leave resolv.conf alone */
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dhclient [-1dnqv] [-t timeout] interface\n");
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

static uint32_t
random32(void)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	return (r);
}

/* The interface's index and Ethernet address, from net.link.iflist. */
static void
if_lookup(struct client *c)
{
	struct xifnet *x;
	size_t len = 0, n, i;

	if (sysctlbyname("net.link.iflist", NULL, &len, NULL, 0) != 0)
		err(1, "net.link.iflist");
	len += 4 * sizeof(*x);
	if ((x = malloc(len)) == NULL)
		err(1, "malloc");
	if (sysctlbyname("net.link.iflist", x, &len, NULL, 0) != 0)
		err(1, "net.link.iflist");
	n = len / sizeof(*x);
	for (i = 0; i < n; i++)
		if (strcmp(x[i].xif_name, c->ifname) == 0)
			break;
	if (i == n)
		errx(1, "interface %s does not exist", c->ifname);
	if (x[i].xif_data.ifi_addrlen != 6 ||
	    (x[i].xif_flags & IFF_BROADCAST) == 0)
		errx(1, "%s: not an Ethernet interface", c->ifname);
	c->ifindex = (int)x[i].xif_index;
	memcpy(c->lladdr, x[i].xif_lladdr, 6);
	free(x);
}

static void
if_up(struct client *c)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, c->ifname, sizeof(ifr.ifr_name));
	if (ioctl(c->ioc, SIOCGIFFLAGS, &ifr) != 0)
		err(1, "%s: SIOCGIFFLAGS", c->ifname);
	if (ifr.ifr_flags & IFF_UP)
		return;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(c->ioc, SIOCSIFFLAGS, &ifr) != 0)
		err(1, "%s: up", c->ifname);
}

static void
mksin(struct sockaddr *sa, struct in_addr a)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr = a;
}

static void
open_socket(struct client *c)
{
	struct sockaddr_in sin;
	int on = 1;

	if ((c->ioc = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		err(1, "socket");
	if ((c->sock = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		err(1, "socket");
	if (setsockopt(c->sock, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof(on)) != 0)
		err(1, "SO_BROADCAST");
	if (setsockopt(c->sock, IPPROTO_IP, IP_BOUND_IF, &c->ifindex,
	    sizeof(c->ifindex)) != 0)
		err(1, "IP_BOUND_IF %s", c->ifname);
	mksin((struct sockaddr *)&sin, (struct in_addr){ INADDR_ANY });
	sin.sin_port = htons(DHCP_CLIENT_PORT);
	if (bind(c->sock, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		err(1, "bind port %d", DHCP_CLIENT_PORT);
}

/* ---- Talking to the server -------------------------------------------- */

static int
send_msg(struct client *c, struct dhcp_req *req, struct in_addr to)
{
	uint8_t buf[DHCP_MSG_MAX];
	struct sockaddr_in sin;
	size_t len;
	double secs;

	secs = now() - ((double)c->start.tv_sec + c->start.tv_nsec / 1e9);
	req->dr_xid = c->xid;
	req->dr_secs = secs > 65535 ? 65535 : (uint16_t)secs;
	memcpy(req->dr_chaddr, c->lladdr, 6);
	len = dhcp_build(buf, sizeof(buf), req);
	if (len == 0)
		errx(1, "cannot build a %s", dhcp_typename(req->dr_type));
	mksin((struct sockaddr *)&sin, to);
	sin.sin_port = htons(DHCP_SERVER_PORT);
	if (sendto(c->sock, buf, len, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) != (ssize_t)len) {
		warn("%s: sendto %s", c->ifname, inet_ntoa(to));
		return (-1);
	}
	return (0);
}

/*
 * Wait until the deadline for a reply of one of the wanted types to the
 * current transaction; anything else (other clients' replies, garbage)
 * is skipped.  Returns the type, or 0 at the deadline.
 */
static int
recv_reply(struct client *c, double deadline, unsigned wanted,
    struct dhcp_lease *dl)
{
	uint8_t buf[2048];
	struct pollfd pfd;
	double left;
	ssize_t n;
	int error;

	for (;;) {
		left = deadline - now();
		if (left <= 0)
			return (0);
		pfd.fd = c->sock;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		if ((pfd.revents & POLLIN) == 0)
			continue;
		n = recv(c->sock, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			err(1, "recv");
		}
		error = dhcp_parse(buf, (size_t)n, c->xid, c->lladdr, dl);
		if (error != DHCP_OK) {
			/* Not for us (EXID, ECHADDR) is normal on a LAN. */
			if (c->verbose || (error != DHCP_EXID &&
			    error != DHCP_ECHADDR))
				warnx("%s: ignoring a reply: %s", c->ifname,
				    dhcp_strerror(error));
			continue;
		}
		if (wanted & (1U << dl->dl_type))
			return (dl->dl_type);
	}
}

/*
 * One exchange: send req to `to' and wait for a wanted reply, sending
 * again with the RFC 2131 backoff (4, 8, 16, 32, 64 s, each +-1 s)
 * until `limit'.  Returns the reply type, or 0 at the limit.
 */
static int
exchange(struct client *c, struct dhcp_req *req, struct in_addr to,
    unsigned wanted, double limit, struct dhcp_lease *dl)
{
	double interval = 4, wait, deadline;
	int type;

	for (;;) {
		if (now() >= limit)
			return (0);
		wait = interval + (double)(random32() % 2001) / 1000.0 - 1.0;
		printf("%s on %s to %s port %d interval %d\n",
		    dhcp_typename(req->dr_type), c->ifname, inet_ntoa(to),
		    DHCP_SERVER_PORT, (int)(wait + 0.5));
		fflush(stdout);
		(void)send_msg(c, req, to);
		deadline = now() + wait;
		if (deadline > limit)
			deadline = limit;
		type = recv_reply(c, deadline, wanted, dl);
		if (type != 0)
			return (type);
		if (interval < 64)
			interval *= 2;
	}
}

/* ---- Configuring the interface ------------------------------------------ */

static void
route_default(struct client *c, u_long cmd, struct in_addr gw)
{
	struct rt_req rr;

	memset(&rr, 0, sizeof(rr));
	rr.rtr_gateway = gw.s_addr;
	rr.rtr_flags = RTF_GATEWAY;
	strlcpy(rr.rtr_ifname, c->ifname, sizeof(rr.rtr_ifname));
	if (ioctl(c->ioc, cmd, &rr) != 0 && cmd == SIOCADDRT)
		warn("%s: add default route via %s", c->ifname,
		    inet_ntoa(gw));
}

static void
unconfigure(struct client *c)
{
	struct ifreq ifr;

	if (!c->bound)
		return;
	if (c->lease.dl_have & DL_HAVE_ROUTER)
		route_default(c, SIOCDELRT, c->lease.dl_router);
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, c->ifname, sizeof(ifr.ifr_name));
	mksin(&ifr.ifr_addr, c->lease.dl_addr);
	(void)ioctl(c->ioc, SIOCDIFADDR, &ifr);
	c->bound = 0;
}

static void
write_resolv(struct client *c, const struct dhcp_lease *dl)
{
	char tmp[] = RESOLV_CONF ".dhclient";
	FILE *f;
	int i;

	if (c->nowrite || (dl->dl_have & DL_HAVE_DNS) == 0)
		return;
	if ((f = fopen(tmp, "w")) == NULL) {
		warn("%s", tmp);
		return;
	}
	fprintf(f, "# Generated by dhclient for %s\n", c->ifname);
	if (dl->dl_have & DL_HAVE_DOMAIN)
		fprintf(f, "search %s\n", dl->dl_domain);
	for (i = 0; i < dl->dl_ndns; i++)
		fprintf(f, "nameserver %s\n", inet_ntoa(dl->dl_dns[i]));
	if (fclose(f) != 0 || rename(tmp, RESOLV_CONF) != 0) {
		warn("%s", RESOLV_CONF);
		(void)unlink(tmp);
	}
}

/*
 * The lease as BSD dhclient records it, in /var/db/dhclient.leases.IF:
 * what the server gave, for people and scripts to read.
 */
static void
write_lease(struct client *c, const struct dhcp_lease *dl)
{
	char path[64], tmp[72];
	FILE *f;
	int i;

	(void)mkdir(LEASE_DIR, 0755);
	snprintf(path, sizeof(path), "%s%s", LEASE_FILE, c->ifname);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		warn("%s", tmp);
		return;
	}
	fprintf(f, "lease {\n  interface \"%s\";\n", c->ifname);
	fprintf(f, "  fixed-address %s;\n", inet_ntoa(dl->dl_addr));
	if (dl->dl_have & DL_HAVE_MASK)
		fprintf(f, "  option subnet-mask %s;\n",
		    inet_ntoa(dl->dl_mask));
	if (dl->dl_have & DL_HAVE_ROUTER)
		fprintf(f, "  option routers %s;\n", inet_ntoa(dl->dl_router));
	for (i = 0; i < dl->dl_ndns; i++)
		fprintf(f, "%s%s%s", i == 0 ? "  option domain-name-servers " :
		    ",", inet_ntoa(dl->dl_dns[i]), i + 1 == dl->dl_ndns ?
		    ";\n" : "");
	if (dl->dl_have & DL_HAVE_DOMAIN)
		fprintf(f, "  option domain-name \"%s\";\n", dl->dl_domain);
	fprintf(f, "  option dhcp-lease-time %u;\n", (unsigned)dl->dl_lease);
	fprintf(f, "  option dhcp-server-identifier %s;\n",
	    inet_ntoa(dl->dl_server));
	fprintf(f, "  renew %u;\n  rebind %u;\n}\n", (unsigned)dl->dl_t1,
	    (unsigned)dl->dl_t2);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		warn("%s", path);
		(void)unlink(tmp);
	}
}

static void
configure(struct client *c, const struct dhcp_lease *dl)
{
	struct ifaliasreq ifra;
	struct in_addr mask = dl->dl_mask;

	/* A new address replaces the old one and its route. */
	if (c->bound && c->lease.dl_addr.s_addr != dl->dl_addr.s_addr)
		unconfigure(c);
	else if (c->bound && (c->lease.dl_have & DL_HAVE_ROUTER))
		route_default(c, SIOCDELRT, c->lease.dl_router);
	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, c->ifname, sizeof(ifra.ifra_name));
	mksin(&ifra.ifra_addr, dl->dl_addr);
	if (dl->dl_have & DL_HAVE_MASK)
		mksin(&ifra.ifra_mask, mask);
	if (ioctl(c->ioc, SIOCAIFADDR, &ifra) != 0)
		err(1, "%s: set address %s", c->ifname,
		    inet_ntoa(dl->dl_addr));
	c->bound = 1;
	if (dl->dl_have & DL_HAVE_ROUTER)
		route_default(c, SIOCADDRT, dl->dl_router);
	write_resolv(c, dl);
	write_lease(c, dl);
	c->lease = *dl;
}

/* ---- The state machine -------------------------------------------------- */

/* T1 and T2 as RFC 2131 4.4.5 defaults them: 1/2 and 7/8 of the lease. */
static void
lease_times(struct dhcp_lease *dl)
{
	if ((dl->dl_have & DL_HAVE_LEASE) == 0)
		dl->dl_lease = 3600;	/* none given: an hour (RFC 2131 3.3) */
	if ((dl->dl_have & DL_HAVE_T1) == 0 || dl->dl_t1 > dl->dl_lease)
		dl->dl_t1 = dl->dl_lease / 2;
	if ((dl->dl_have & DL_HAVE_T2) == 0 || dl->dl_t2 > dl->dl_lease ||
	    dl->dl_t2 < dl->dl_t1)
		dl->dl_t2 = (uint32_t)((uint64_t)dl->dl_lease * 7 / 8);
}

static void
new_xid(struct client *c)
{
	c->xid = random32();
	clock_gettime(CLOCK_MONOTONIC, &c->start);
}

/*
 * DISCOVER, OFFER, REQUEST, ACK, until limit.  Returns 0 when bound, -1
 * at the limit.
 */
static int
obtain(struct client *c, double limit)
{
	struct dhcp_req req;
	struct dhcp_lease offer, ack;
	struct in_addr bcast = { INADDR_BROADCAST };
	int type;

	for (;;) {
		new_xid(c);
		memset(&req, 0, sizeof(req));
		req.dr_type = DHCPDISCOVER;
		req.dr_broadcast = 1;
		type = exchange(c, &req, bcast, 1U << DHCPOFFER, limit,
		    &offer);
		if (type == 0)
			return (-1);
		printf("DHCPOFFER from %s\n", inet_ntoa(offer.dl_server));
		memset(&req, 0, sizeof(req));
		req.dr_type = DHCPREQUEST;
		req.dr_broadcast = 1;
		req.dr_reqaddr = offer.dl_addr;
		req.dr_server = offer.dl_server;
		type = exchange(c, &req, bcast,
		    (1U << DHCPACK) | (1U << DHCPNAK), limit, &ack);
		if (type == 0)
			return (-1);
		if (type == DHCPNAK) {
			printf("DHCPNAK from %s%s%s\n",
			    inet_ntoa(ack.dl_server),
			    ack.dl_message[0] ? ": " : "", ack.dl_message);
			continue;
		}
		printf("DHCPACK from %s\n", inet_ntoa(ack.dl_server));
		lease_times(&ack);
		configure(c, &ack);
		printf("bound to %s -- renewal in %u seconds.\n",
		    inet_ntoa(ack.dl_addr), (unsigned)ack.dl_t1);
		fflush(stdout);
		return (0);
	}
}

/*
 * Keep the lease: sleep to T1, renew with the server (unicast) until T2,
 * rebind with anyone (broadcast) until the lease ends.  Returns when the
 * lease is lost (NAK or expiry), with the address removed.
 */
static void
keep(struct client *c)
{
	struct dhcp_req req;
	struct dhcp_lease ack;
	struct in_addr to;
	double t0 = now(), t1, t2, end;
	int type;

	t1 = t0 + c->lease.dl_t1;
	t2 = t0 + c->lease.dl_t2;
	end = t0 + c->lease.dl_lease;
	for (;;) {
		while (now() < t1)
			(void)poll(NULL, 0, (int)((t1 - now()) * 1000) + 1);
		new_xid(c);
		memset(&req, 0, sizeof(req));
		req.dr_type = DHCPREQUEST;
		req.dr_ciaddr = c->lease.dl_addr;
		if (now() < t2) {
			to = c->lease.dl_server;
			type = exchange(c, &req, to,
			    (1U << DHCPACK) | (1U << DHCPNAK), t2, &ack);
		} else {
			to.s_addr = INADDR_BROADCAST;
			type = exchange(c, &req, to,
			    (1U << DHCPACK) | (1U << DHCPNAK), end, &ack);
		}
		if (type == DHCPACK) {
			printf("DHCPACK from %s\n", inet_ntoa(ack.dl_server));
			lease_times(&ack);
			configure(c, &ack);
			printf("bound to %s -- renewal in %u seconds.\n",
			    inet_ntoa(ack.dl_addr), (unsigned)ack.dl_t1);
			fflush(stdout);
			t0 = now();
			t1 = t0 + ack.dl_t1;
			t2 = t0 + ack.dl_t2;
			end = t0 + ack.dl_lease;
			continue;
		}
		if (type == DHCPNAK)
			printf("DHCPNAK from %s\n", inet_ntoa(ack.dl_server));
		else if (now() < end)
			continue;	/* T2 passed: rebind */
		else
			printf("%s: lease on %s expired\n", c->ifname,
			    inet_ntoa(c->lease.dl_addr));
		unconfigure(c);
		return;
	}
}

int
main(int argc, char *argv[])
{
	struct client c;
	int ch, once = 0, foreground = 0, quiet = 0;
	long timeout = 60;
	char *end;
	pid_t pid;

	memset(&c, 0, sizeof(c));
	while ((ch = getopt(argc, argv, "1dnqt:v")) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'd':
			foreground = 1;
			break;
		case 'n':
			c.nowrite = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
			errno = 0;
			timeout = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    timeout < 1 || timeout > 86400)
				errx(1, "%s: bad timeout", optarg);
			break;
		case 'v':
			c.verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	c.ifname = argv[0];
	if (quiet && freopen("/dev/null", "w", stdout) == NULL)
		err(1, "/dev/null");
	setvbuf(stdout, NULL, _IOLBF, 0);

	if_lookup(&c);
	open_socket(&c);
	if_up(&c);
	if (obtain(&c, now() + (double)timeout) != 0) {
		fprintf(stderr, "dhclient: %s: no lease: no DHCPOFFER or "
		    "DHCPACK received in %ld seconds\n", c.ifname, timeout);
		return (EXIT_TIMEOUT);
	}
	if (once)
		return (0);
	if (!foreground) {
		if ((pid = fork()) < 0)
			err(1, "fork");
		if (pid > 0)
			_exit(0);	/* the parent reports success */
		(void)setsid();
	}
	for (;;) {
		keep(&c);
		if (obtain(&c, now() + 3600) != 0)
			warnx("%s: still no lease; trying again", c.ifname);
	}
}
