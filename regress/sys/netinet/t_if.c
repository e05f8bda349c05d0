/*
 * t_if: interfaces and routes from user space: the SIOC* ioctls on lo0
 * (flags, addresses, mask, MTU, index, SIOCGIFCONF, adding, re-masking
 * and removing an alias, each alias's own mask), if_nametoindex/if_indextoname, net.link.iflist, the route
 * ioctls (add, look up, delete a host route; no route is EHOSTUNREACH
 * and sending there ENETUNREACH), net.route.table, and the address text
 * functions of <arpa/inet.h>.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"
#include "util.h"

static uint32_t
sin_addr(const struct sockaddr *sa)
{
	return (((const struct sockaddr_in *)sa)->sin_addr.s_addr);
}

static void
t_lo0(int s)
{
	struct ifreq ifr;
	struct ifconf ifc;
	struct ifreq reqs[16];
	int i, n, found = 0, mtu;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
	is_int(ioctl(s, SIOCGIFFLAGS, &ifr), 0, "SIOCGIFFLAGS lo0");
	is_int(ifr.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING),
	    IFF_UP | IFF_LOOPBACK | IFF_RUNNING, "lo0 is up, loopback, running");
	is_int(ioctl(s, SIOCGIFADDR, &ifr), 0, "SIOCGIFADDR lo0");
	is_int(sin_addr(&ifr.ifr_addr), htonl(INADDR_LOOPBACK),
	    "lo0 has 127.0.0.1");
	is_int(ioctl(s, SIOCGIFNETMASK, &ifr), 0, "SIOCGIFNETMASK lo0");
	is_int(sin_addr(&ifr.ifr_addr), htonl(0xff000000), "mask 255.0.0.0");
	is_int(ioctl(s, SIOCGIFMTU, &ifr), 0, "SIOCGIFMTU lo0");
	mtu = ifr.ifr_mtu;
	is_int(mtu, 16384, "lo0 MTU 16384");
	ifr.ifr_mtu = 1500;
	is_int(ioctl(s, SIOCSIFMTU, &ifr), 0, "SIOCSIFMTU 1500");
	ifr.ifr_mtu = 0;
	ioctl(s, SIOCGIFMTU, &ifr);
	is_int(ifr.ifr_mtu, 1500, "MTU now 1500");
	ifr.ifr_mtu = 10;
	is_int(errno_of(ioctl(s, SIOCSIFMTU, &ifr)), EINVAL,
	    "MTU 10: EINVAL");
	ifr.ifr_mtu = mtu;
	ioctl(s, SIOCSIFMTU, &ifr);
	is_int(ioctl(s, SIOCGIFINDEX, &ifr), 0, "SIOCGIFINDEX");
	is_int(ifr.ifr_index, (long long)if_nametoindex("lo0"),
	    "same index as if_nametoindex");
	{
		char name[IFNAMSIZ];

		is_str(if_indextoname((unsigned)ifr.ifr_index, name), "lo0",
		    "if_indextoname");
	}
	is_int(if_nametoindex("nope0"), 0, "if_nametoindex(unknown) = 0");

	strlcpy(ifr.ifr_name, "nope0", sizeof(ifr.ifr_name));
	is_int(errno_of(ioctl(s, SIOCGIFFLAGS, &ifr)), ENXIO,
	    "unknown interface: ENXIO");
	is_int(errno_of(ioctl(s, SIOCGIFFLAGS, (void *)8)), EFAULT,
	    "bad ifreq pointer: EFAULT");

	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	is_int(ioctl(s, SIOCGIFCONF, &ifc), 0, "SIOCGIFCONF");
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	ok(n >= 1 && ifc.ifc_len % (int)sizeof(struct ifreq) == 0,
	    "whole ifreqs returned");
	for (i = 0; i < n; i++)
		if (strcmp(reqs[i].ifr_name, "lo0") == 0 &&
		    reqs[i].ifr_addr.sa_family == AF_INET &&
		    sin_addr(&reqs[i].ifr_addr) == htonl(INADDR_LOOPBACK))
			found++;
	is_int(found, 1, "lo0 127.0.0.1 listed once");
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = (struct ifreq *)16;
	is_int(errno_of(ioctl(s, SIOCGIFCONF, &ifc)), EFAULT,
	    "SIOCGIFCONF into a bad buffer: EFAULT");
}

static void
t_alias(int s)
{
	struct ifaliasreq ifra;
	struct ifreq ifr;
	struct sockaddr_in sin;
	int u;

	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, "lo0", sizeof(ifra.ifra_name));
	mksin(&ifra.ifra_addr, "127.0.0.2");
	mksin(&ifra.ifra_mask, "255.0.0.0");
	is_int(ioctl(s, SIOCAIFADDR, &ifra), 0, "SIOCAIFADDR 127.0.0.2/8");
	u = socket(AF_INET, SOCK_DGRAM, 0);
	mksin((struct sockaddr *)&sin, "127.0.0.2");
	is_int(bind(u, (struct sockaddr *)&sin, sizeof(sin)), 0,
	    "bind to the new address");
	close(u);

	/*
	 * Per-alias answers: re-mask 127.0.0.2 to /16, then ask with each
	 * address named in ifr_addr; an address the interface lacks, or
	 * none, gets the first address's answer.
	 */
	mksin(&ifra.ifra_mask, "255.255.0.0");
	is_int(ioctl(s, SIOCAIFADDR, &ifra), 0, "re-mask 127.0.0.2 to /16");
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
	mksin(&ifr.ifr_addr, "127.0.0.2");
	is_int(ioctl(s, SIOCGIFNETMASK, &ifr), 0, "SIOCGIFNETMASK 127.0.0.2");
	is_int(sin_addr(&ifr.ifr_addr), htonl(0xffff0000),
	    "127.0.0.2 has its own mask 255.255.0.0");
	mksin(&ifr.ifr_addr, "127.0.0.2");
	is_int(ioctl(s, SIOCGIFADDR, &ifr), 0, "SIOCGIFADDR 127.0.0.2");
	is_int(sin_addr(&ifr.ifr_addr), inet_addr("127.0.0.2"),
	    "SIOCGIFADDR answers for the address named");
	mksin(&ifr.ifr_addr, "127.0.0.1");
	is_int(ioctl(s, SIOCGIFNETMASK, &ifr), 0, "SIOCGIFNETMASK 127.0.0.1");
	is_int(sin_addr(&ifr.ifr_addr), htonl(0xff000000),
	    "127.0.0.1 keeps 255.0.0.0");
	mksin(&ifr.ifr_addr, "10.1.2.3");
	is_int(ioctl(s, SIOCGIFNETMASK, &ifr), 0,
	    "SIOCGIFNETMASK naming a foreign address");
	is_int(sin_addr(&ifr.ifr_addr), htonl(0xff000000),
	    "a foreign address gets the first address's mask");
	memset(&ifr.ifr_addr, 0, sizeof(ifr.ifr_addr));
	is_int(ioctl(s, SIOCGIFADDR, &ifr), 0, "SIOCGIFADDR naming none");
	is_int(sin_addr(&ifr.ifr_addr), htonl(INADDR_LOOPBACK),
	    "no address named: the first, 127.0.0.1");

	mksin(&ifra.ifra_mask, "255.0.255.0");
	is_int(errno_of(ioctl(s, SIOCAIFADDR, &ifra)), EINVAL,
	    "non-contiguous mask: EINVAL");
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
	mksin(&ifr.ifr_addr, "127.0.0.2");
	is_int(ioctl(s, SIOCDIFADDR, &ifr), 0, "SIOCDIFADDR 127.0.0.2");
	is_int(errno_of(ioctl(s, SIOCDIFADDR, &ifr)), EADDRNOTAVAIL,
	    "delete it again: EADDRNOTAVAIL");
	u = socket(AF_INET, SOCK_DGRAM, 0);
	is_int(errno_of(bind(u, (struct sockaddr *)&sin, sizeof(sin))),
	    EADDRNOTAVAIL, "bind to the removed address: EADDRNOTAVAIL");
	close(u);
	is_int(ioctl(s, SIOCGIFADDR, &ifr), 0, "lo0 still has an address");
	is_int(sin_addr(&ifr.ifr_addr), htonl(INADDR_LOOPBACK),
	    "and it is 127.0.0.1");
}

static void
t_routes(int s)
{
	struct rt_req rr;
	struct xrtentry xr[32];
	struct sockaddr_in sin;
	size_t len = sizeof(xr);
	int u, i, n, found = 0;

	memset(&rr, 0, sizeof(rr));
	rr.rtr_dst = inet_addr("10.1.2.3");
	is_int(errno_of(ioctl(s, SIOCGETRT, &rr)), EHOSTUNREACH,
	    "no route to 10.1.2.3 yet: EHOSTUNREACH");
	u = socket(AF_INET, SOCK_DGRAM, 0);
	mksin((struct sockaddr *)&sin, "10.1.2.3");
	sin.sin_port = htons(9);
	is_int(errno_of(sendto(u, "x", 1, 0, (struct sockaddr *)&sin,
	    sizeof(sin))), ENETUNREACH, "sendto without a route: ENETUNREACH");

	rr.rtr_mask = 0xffffffff;
	strlcpy(rr.rtr_ifname, "lo0", sizeof(rr.rtr_ifname));
	is_int(ioctl(s, SIOCADDRT, &rr), 0, "SIOCADDRT 10.1.2.3/32 on lo0");
	is_int(errno_of(ioctl(s, SIOCADDRT, &rr)), EEXIST,
	    "add it twice: EEXIST");
	memset(&rr, 0, sizeof(rr));
	rr.rtr_dst = inet_addr("10.1.2.3");
	is_int(ioctl(s, SIOCGETRT, &rr), 0, "SIOCGETRT finds it");
	is_str(rr.rtr_ifname, "lo0", "via lo0");
	ok((rr.rtr_flags & (RTF_UP | RTF_HOST | RTF_STATIC)) ==
	    (RTF_UP | RTF_HOST | RTF_STATIC), "flags UP, HOST, STATIC");

	is_int(sysctlbyname("net.route.table", xr, &len, NULL, 0), 0,
	    "net.route.table");
	n = (int)(len / sizeof(xr[0]));
	for (i = 0; i < n; i++)
		if (xr[i].xrt_len == sizeof(xr[0]) &&
		    xr[i].xrt_dst == inet_addr("10.1.2.3") &&
		    xr[i].xrt_mask == 0xffffffff &&
		    strcmp(xr[i].xrt_ifname, "lo0") == 0)
			found++;
	is_int(found, 1, "the route is in the table");
	found = 0;
	for (i = 0; i < n; i++)
		if (xr[i].xrt_dst == inet_addr("127.0.0.0") &&
		    xr[i].xrt_mask == inet_addr("255.0.0.0"))
			found++;
	is_int(found, 1, "so is lo0's 127.0.0.0/8");

	memset(&rr, 0, sizeof(rr));
	rr.rtr_dst = inet_addr("10.1.2.0");
	rr.rtr_mask = inet_addr("255.255.255.0");
	rr.rtr_gateway = inet_addr("10.99.0.1");
	rr.rtr_flags = RTF_GATEWAY;
	is_int(errno_of(ioctl(s, SIOCADDRT, &rr)), ENETUNREACH,
	    "gateway not on a local network: ENETUNREACH");
	rr.rtr_dst = inet_addr("10.1.2.1");
	rr.rtr_gateway = 0;
	rr.rtr_flags = 0;
	strlcpy(rr.rtr_ifname, "lo0", sizeof(rr.rtr_ifname));
	is_int(errno_of(ioctl(s, SIOCADDRT, &rr)), EINVAL,
	    "host bits under the mask: EINVAL");

	memset(&rr, 0, sizeof(rr));
	rr.rtr_dst = inet_addr("10.1.2.3");
	rr.rtr_mask = 0xffffffff;
	is_int(ioctl(s, SIOCDELRT, &rr), 0, "SIOCDELRT");
	is_int(errno_of(ioctl(s, SIOCDELRT, &rr)), ESRCH, "again: ESRCH");
	is_int(errno_of(ioctl(s, SIOCGETRT, &rr)), EHOSTUNREACH,
	    "gone: EHOSTUNREACH");
	close(u);
}

static void
t_iflist(void)
{
	struct xifnet x[16];
	size_t len = sizeof(x);
	struct sockaddr_in sin;
	int i, n, found = 0, u;

	/* Traffic over lo0 first, so the counters cannot be zero however
	   this test is run (alone or after others). */
	u = socket(AF_INET, SOCK_DGRAM, 0);
	mksin((struct sockaddr *)&sin, "127.0.0.1");
	sin.sin_port = htons(9);	/* discard: nobody listens */
	is_int(sendto(u, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin)), 1,
	    "a datagram over lo0");
	close(u);
	is_int(sysctlbyname("net.link.iflist", x, &len, NULL, 0), 0,
	    "net.link.iflist");
	n = (int)(len / sizeof(x[0]));
	for (i = 0; i < n; i++)
		if (x[i].xif_len == sizeof(x[0]) &&
		    strcmp(x[i].xif_name, "lo0") == 0 &&
		    x[i].xif_data.ifi_mtu == 16384 &&
		    x[i].xif_data.ifi_opackets > 0 &&
		    x[i].xif_data.ifi_ipackets > 0)
			found++;
	is_int(found, 1, "lo0 listed with its MTU and traffic counters");
}

static void
t_inet(void)
{
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];
	unsigned char b[4];

	is_int(inet_pton(AF_INET, "192.168.1.20", b), 1, "inet_pton");
	ok(b[0] == 192 && b[1] == 168 && b[2] == 1 && b[3] == 20,
	    "inet_pton bytes");
	is_int(inet_pton(AF_INET, "192.168.01.20", b), 0,
	    "inet_pton rejects a leading zero");
	is_int(inet_pton(AF_INET, "1.2.3", b), 0, "inet_pton: three parts");
	is_int(inet_pton(AF_INET, "1.2.3.256", b), 0, "inet_pton: 256");
	is_int(inet_pton(AF_INET6, "::1", b) == -1 ? errno : 0, EAFNOSUPPORT,
	    "inet_pton(AF_INET6): EAFNOSUPPORT");
	is_str(inet_ntop(AF_INET, b, buf, sizeof(buf)), "192.168.1.20",
	    "inet_ntop");
	ok(inet_ntop(AF_INET, b, buf, 8) == NULL && errno == ENOSPC,
	    "inet_ntop into 8 bytes: ENOSPC");
	is_int(inet_aton("0x7f.1", &a), 1, "inet_aton 0x7f.1");
	is_int(a.s_addr, htonl(0x7f000001), "is 127.0.0.1");
	is_int(inet_addr("10.0.0.1.2"), INADDR_NONE, "inet_addr of 5 parts");
	a.s_addr = htonl(0x0a000205);
	is_str(inet_ntoa(a), "10.0.2.5", "inet_ntoa");
}

int
main(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	ok(s >= 0, "a socket for the ioctls");
	t_lo0(s);
	t_alias(s);
	t_routes(s);
	t_iflist();
	t_inet();
	close(s);
	return (done());
}
