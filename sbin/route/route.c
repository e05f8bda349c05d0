/*
 * route: manipulate and show the IPv4 routing table.
 *
 *	route add [-net|-host] DEST[/LEN] [GATEWAY] [-netmask MASK]
 *	    [-interface IFNAME]
 *	route delete [-net|-host] DEST[/LEN] [-netmask MASK]
 *	route get DEST
 *	route show		(also: netstat -r's table, from
 *				 net.route.table)
 *
 * DEST `default' means 0.0.0.0/0.  A route needs a gateway or an
 * interface.  Changes go through the SIOCADDRT/SIOCDELRT socket ioctls
 * (<net/route.h>); errors are the kernel's errno.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr,
	    "usage: route add [-net|-host] dest[/len] [gateway] "
	    "[-netmask mask] [-interface ifname]\n"
	    "       route delete [-net|-host] dest[/len] [-netmask mask]\n"
	    "       route get dest\n"
	    "       route show\n");
	exit(1);
}

static in_addr_t
addr_of(const char *s)
{
	struct in_addr a;

	if (inet_aton(s, &a) != 1)
		errx(1, "%s: bad address", s);
	return (a.s_addr);
}

static void
flags_str(uint32_t f, char *buf)
{
	char *p = buf;

	if (f & RTF_UP)
		*p++ = 'U';
	if (f & RTF_GATEWAY)
		*p++ = 'G';
	if (f & RTF_HOST)
		*p++ = 'H';
	if (f & RTF_STATIC)
		*p++ = 'S';
	*p = '\0';
}

static int
show(void)
{
	struct xrtentry *xr;
	struct in_addr a;
	size_t len = 0, i;
	char dst[32], gw[32], fl[8];
	uint32_t m;
	int bits;

	if (sysctlbyname("net.route.table", NULL, &len, NULL, 0) != 0)
		err(1, "net.route.table");
	len += 16 * sizeof(*xr);
	if ((xr = malloc(len)) == NULL)
		err(1, "malloc");
	if (sysctlbyname("net.route.table", xr, &len, NULL, 0) != 0)
		err(1, "net.route.table");
	printf("Routing tables\n\nInternet:\n");
	printf("%-18s %-18s %-6s %s\n", "Destination", "Gateway", "Flags",
	    "Netif");
	for (i = 0; i < len / sizeof(*xr); i++) {
		for (bits = 0, m = xr[i].xrt_mask; m != 0; m &= m - 1)
			bits++;
		a.s_addr = xr[i].xrt_dst;
		if (xr[i].xrt_mask == 0)
			strlcpy(dst, "default", sizeof(dst));
		else if (bits == 32)
			strlcpy(dst, inet_ntoa(a), sizeof(dst));
		else
			snprintf(dst, sizeof(dst), "%s/%d", inet_ntoa(a), bits);
		if (xr[i].xrt_flags & RTF_GATEWAY) {
			a.s_addr = xr[i].xrt_gateway;
			strlcpy(gw, inet_ntoa(a), sizeof(gw));
		} else {
			snprintf(gw, sizeof(gw), "link#%s", xr[i].xrt_ifname);
		}
		flags_str(xr[i].xrt_flags, fl);
		printf("%-18s %-18s %-6s %s\n", dst, gw, fl,
		    xr[i].xrt_ifname);
	}
	free(xr);
	return (0);
}

int
main(int argc, char *argv[])
{
	struct rt_req rr;
	struct in_addr a;
	char *slash, *end, dstbuf[32], fl[8];
	int s, i, host = 0, net = 0, have_mask = 0;
	unsigned long len;
	u_long cmd;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "show") == 0)
		return (show());
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		err(1, "socket");
	memset(&rr, 0, sizeof(rr));
	if (strcmp(argv[1], "get") == 0) {
		if (argc != 3)
			usage();
		rr.rtr_dst = strcmp(argv[2], "default") == 0 ? 0 :
		    addr_of(argv[2]);
		if (ioctl(s, SIOCGETRT, &rr) != 0)
			err(1, "get %s", argv[2]);
		a.s_addr = rr.rtr_dst;
		printf("   route to: %s\n", inet_ntoa(a));
		if (rr.rtr_flags & RTF_GATEWAY) {
			a.s_addr = rr.rtr_gateway;
			printf("    gateway: %s\n", inet_ntoa(a));
		}
		printf("  interface: %s\n", rr.rtr_ifname);
		flags_str(rr.rtr_flags, fl);
		printf("      flags: <%s>\n", fl);
		return (0);
	}
	if (strcmp(argv[1], "add") == 0)
		cmd = SIOCADDRT;
	else if (strcmp(argv[1], "delete") == 0)
		cmd = SIOCDELRT;
	else
		usage();
	i = 2;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-net") == 0)
			net = 1;
		else if (strcmp(argv[i], "-host") == 0)
			host = 1;
		else
			usage();
	}
	if (i >= argc)
		usage();
	if (strcmp(argv[i], "default") == 0) {
		rr.rtr_dst = 0;
		rr.rtr_mask = 0;
		have_mask = 1;
	} else {
		strlcpy(dstbuf, argv[i], sizeof(dstbuf));
		if ((slash = strchr(dstbuf, '/')) != NULL) {
			*slash++ = '\0';
			len = strtoul(slash, &end, 10);
			if (*slash == '\0' || *end != '\0' || len > 32)
				errx(1, "%s: bad prefix length", argv[i]);
			rr.rtr_mask = len == 0 ? 0 :
			    htonl(0xffffffffU << (32 - len));
			have_mask = 1;
		}
		rr.rtr_dst = addr_of(dstbuf);
	}
	for (i++; i < argc; i++) {
		if (strcmp(argv[i], "-netmask") == 0 && i + 1 < argc) {
			rr.rtr_mask = addr_of(argv[++i]);
			have_mask = 1;
		} else if (strcmp(argv[i], "-interface") == 0 &&
		    i + 1 < argc) {
			strlcpy(rr.rtr_ifname, argv[++i],
			    sizeof(rr.rtr_ifname));
		} else if (argv[i][0] != '-' && cmd == SIOCADDRT &&
		    rr.rtr_gateway == 0) {
			rr.rtr_gateway = addr_of(argv[i]);
			rr.rtr_flags |= RTF_GATEWAY;
		} else {
			usage();
		}
	}
	if (!have_mask)
		rr.rtr_mask = (host || !net) ? 0xffffffff : 0;
	if (host)
		rr.rtr_flags |= RTF_HOST;
	if (cmd == SIOCADDRT && rr.rtr_gateway == 0 &&
	    rr.rtr_ifname[0] == '\0')
		errx(1, "a route needs a gateway or -interface");
	if (ioctl(s, cmd, &rr) != 0)
		err(1, "%s %s", cmd == SIOCADDRT ? "add" : "delete",
		    argv[2]);
	a.s_addr = rr.rtr_dst;
	printf("%s %s %s\n", cmd == SIOCADDRT ? "add" : "delete",
	    rr.rtr_mask == 0xffffffff ? "host" : "net",
	    rr.rtr_mask == 0 ? "default" : inet_ntoa(a));
	return (0);
}
