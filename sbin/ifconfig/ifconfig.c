/*
 * ifconfig: show and configure network interfaces, in BSD ifconfig's
 * format.  With no arguments or -a, every interface; with a name, that
 * one.  Settings after the name: `inet ADDR [netmask MASK]' or
 * `ADDR[/LEN]' (adds the address), `-alias ADDR' / `delete ADDR'
 * (removes it), `up', `down', `mtu N', `txcsum' / `-txcsum' and
 * `rxcsum' / `-rxcsum' (checksum offload).  Data from net.link.iflist
 * and SIOCGIFCONF; changes through SIOCAIFADDR, SIOCDIFADDR,
 * SIOCSIFFLAGS, SIOCSIFMTU, SIOCSIFCAP.  The enabled capabilities show
 * as BSD's `options=' line, the available ones under -m.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	int	flag;
	const char *name;
} flagnames[] = {
	{ IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" },
	{ IFF_DEBUG, "DEBUG" }, { IFF_LOOPBACK, "LOOPBACK" },
	{ IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_RUNNING, "RUNNING" },
	{ IFF_NOARP, "NOARP" }, { IFF_PROMISC, "PROMISC" },
	{ IFF_ALLMULTI, "ALLMULTI" }, { IFF_OACTIVE, "OACTIVE" },
	{ IFF_SIMPLEX, "SIMPLEX" }, { IFF_MULTICAST, "MULTICAST" },
};

static const struct {
	int	cap;
	const char *name;
} capnames[] = {
	{ IFCAP_RXCSUM, "RXCSUM" }, { IFCAP_TXCSUM, "TXCSUM" },
	{ IFCAP_VLAN_MTU, "VLAN_MTU" }, { IFCAP_JUMBO_MTU, "JUMBO_MTU" },
};

static int mflag;			/* -m: also the capabilities */

/* "options=3<RXCSUM,TXCSUM>" for the IFCAP_* bits in caps. */
static void
printcaps(const char *what, uint32_t caps)
{
	const char *sep = "";
	size_t i;

	printf("\t%s=%x<", what, caps);
	for (i = 0; i < sizeof(capnames) / sizeof(capnames[0]); i++)
		if (caps & (uint32_t)capnames[i].cap) {
			printf("%s%s", sep, capnames[i].name);
			sep = ",";
		}
	printf(">\n");
}

static struct xifnet *
fetch(size_t *np)
{
	struct xifnet *buf = NULL;
	size_t len = 0;

	if (sysctlbyname("net.link.iflist", NULL, &len, NULL, 0) != 0)
		err(1, "net.link.iflist");
	len += 4 * sizeof(*buf);
	if ((buf = malloc(len)) == NULL)
		err(1, "malloc");
	if (sysctlbyname("net.link.iflist", buf, &len, NULL, 0) != 0)
		err(1, "net.link.iflist");
	*np = len / sizeof(*buf);
	return (buf);
}

static void
show(int s, const struct xifnet *x)
{
	struct ifreq reqs[64], ifr;
	struct ifconf ifc;
	struct sockaddr_in *sin;
	const char *sep = "";
	uint32_t mask;
	size_t i;
	int n;

	printf("%s: flags=%x<", x->xif_name, x->xif_flags);
	for (i = 0; i < sizeof(flagnames) / sizeof(flagnames[0]); i++)
		if (x->xif_flags & (uint32_t)flagnames[i].flag) {
			printf("%s%s", sep, flagnames[i].name);
			sep = ",";
		}
	printf("> metric %u mtu %u\n", x->xif_data.ifi_metric,
	    x->xif_data.ifi_mtu);
	if (x->xif_capenable != 0)
		printcaps("options", x->xif_capenable);
	if (mflag && x->xif_capabilities != 0)
		printcaps("capabilities", x->xif_capabilities);
	if (x->xif_data.ifi_addrlen == 6)
		printf("\tether %02x:%02x:%02x:%02x:%02x:%02x\n",
		    x->xif_lladdr[0], x->xif_lladdr[1], x->xif_lladdr[2],
		    x->xif_lladdr[3], x->xif_lladdr[4], x->xif_lladdr[5]);
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	if (ioctl(s, SIOCGIFCONF, &ifc) != 0)
		err(1, "SIOCGIFCONF");
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	for (i = 0; i < (size_t)n; i++) {
		if (strcmp(reqs[i].ifr_name, x->xif_name) != 0 ||
		    reqs[i].ifr_addr.sa_family != AF_INET)
			continue;
		sin = (struct sockaddr_in *)&reqs[i].ifr_addr;
		printf("\tinet %s", inet_ntoa(sin->sin_addr));
		/* The mask of this address: ask with the address named. */
		memset(&ifr, 0, sizeof(ifr));
		strlcpy(ifr.ifr_name, x->xif_name, sizeof(ifr.ifr_name));
		ifr.ifr_addr = reqs[i].ifr_addr;
		if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0) {
			mask = ((struct sockaddr_in *)&ifr.ifr_addr)->
			    sin_addr.s_addr;
			printf(" netmask 0x%08x", ntohl(mask));
		}
		ifr.ifr_addr = reqs[i].ifr_addr;
		if ((x->xif_flags & IFF_BROADCAST) &&
		    ioctl(s, SIOCGIFBRDADDR, &ifr) == 0)
			printf(" broadcast %s", inet_ntoa(((struct sockaddr_in *)
			    &ifr.ifr_addr)->sin_addr));
		printf("\n");
	}
	printf("\tstatus: %s\n", x->xif_data.ifi_link_state ==
	    LINK_STATE_UP ? "active" : x->xif_data.ifi_link_state ==
	    LINK_STATE_DOWN ? "no carrier" : "unknown");
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

static struct in_addr
parse_addr(const char *s, int *plen)
{
	char buf[32], *slash, *end;
	struct in_addr a;
	long l;

	strlcpy(buf, s, sizeof(buf));
	*plen = -1;
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		l = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || l < 1 || l > 32)
			errx(1, "%s: bad prefix length", s);
		*plen = (int)l;
	}
	if (inet_aton(buf, &a) != 1)
		errx(1, "%s: bad address", s);
	return (a);
}

static int
setflag(int s, const char *name, int set, int clear)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return (-1);
	ifr.ifr_flags = (short)((ifr.ifr_flags | set) & ~clear);
	return (ioctl(s, SIOCSIFFLAGS, &ifr));
}

/* Turn capability cap on (on != 0) or off with SIOCGIFCAP/SIOCSIFCAP. */
static int
setcap(int s, const char *name, int cap, int on)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if (ioctl(s, SIOCGIFCAP, &ifr) != 0)
		return (-1);
	ifr.ifr_reqcap = on ? (ifr.ifr_curcap | cap) : (ifr.ifr_curcap & ~cap);
	return (ioctl(s, SIOCSIFCAP, &ifr));
}

static void
configure(int s, const char *name, int argc, char *argv[])
{
	struct ifaliasreq ifra;
	struct ifreq ifr;
	struct in_addr a, m;
	int plen, i;
	long mtu;
	char *end;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "up") == 0) {
			if (setflag(s, name, IFF_UP, 0) != 0)
				err(1, "%s: up", name);
		} else if (strcmp(argv[i], "down") == 0) {
			if (setflag(s, name, 0, IFF_UP) != 0)
				err(1, "%s: down", name);
		} else if (strcmp(argv[i], "txcsum") == 0 ||
		    strcmp(argv[i], "-txcsum") == 0) {
			if (setcap(s, name, IFCAP_TXCSUM, argv[i][0] != '-') != 0)
				err(1, "%s: %s", name, argv[i]);
		} else if (strcmp(argv[i], "rxcsum") == 0 ||
		    strcmp(argv[i], "-rxcsum") == 0) {
			if (setcap(s, name, IFCAP_RXCSUM, argv[i][0] != '-') != 0)
				err(1, "%s: %s", name, argv[i]);
		} else if (strcmp(argv[i], "mtu") == 0 && i + 1 < argc) {
			mtu = strtol(argv[++i], &end, 10);
			if (*end != '\0' || mtu <= 0 || mtu > 65535)
				errx(1, "%s: bad mtu", argv[i]);
			memset(&ifr, 0, sizeof(ifr));
			strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
			ifr.ifr_mtu = (int)mtu;
			if (ioctl(s, SIOCSIFMTU, &ifr) != 0)
				err(1, "%s: mtu %ld", name, mtu);
		} else if ((strcmp(argv[i], "-alias") == 0 ||
		    strcmp(argv[i], "delete") == 0) && i + 1 < argc) {
			a = parse_addr(argv[++i], &plen);
			memset(&ifr, 0, sizeof(ifr));
			strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
			mksin(&ifr.ifr_addr, a);
			if (ioctl(s, SIOCDIFADDR, &ifr) != 0)
				err(1, "%s: delete %s", name, argv[i]);
		} else {
			if (strcmp(argv[i], "inet") == 0 && i + 1 < argc)
				i++;
			else if (strcmp(argv[i], "alias") == 0 && i + 1 < argc)
				i++;
			a = parse_addr(argv[i], &plen);
			m.s_addr = plen > 0 ?
			    htonl(0xffffffffU << (32 - plen)) : 0;
			if (i + 2 < argc && strcmp(argv[i + 1], "netmask") == 0) {
				if (inet_aton(argv[i + 2], &m) != 1)
					errx(1, "%s: bad netmask", argv[i + 2]);
				i += 2;
			}
			memset(&ifra, 0, sizeof(ifra));
			strlcpy(ifra.ifra_name, name, sizeof(ifra.ifra_name));
			mksin(&ifra.ifra_addr, a);
			if (m.s_addr != 0)
				mksin(&ifra.ifra_mask, m);
			if (ioctl(s, SIOCAIFADDR, &ifra) != 0)
				err(1, "%s: inet %s", name, inet_ntoa(a));
			(void)setflag(s, name, IFF_UP, 0);
		}
	}
}

int
main(int argc, char *argv[])
{
	struct xifnet *x;
	size_t n, i;
	int s, found = 0;

	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		err(1, "socket");
	while (argc > 1 && (strcmp(argv[1], "-a") == 0 ||
	    strcmp(argv[1], "-m") == 0)) {
		if (argv[1][1] == 'm')
			mflag = 1;
		argc--;
		argv++;
	}
	/* No interface name starts with `-': an unknown flag. */
	if (argc > 1 && argv[1][0] == '-') {
		fprintf(stderr, "usage: ifconfig [-a] [interface "
		    "[address_family] [address [dest_address]] "
		    "[parameters]]\n");
		exit(1);
	}
	if (argc > 2) {
		if (if_nametoindex(argv[1]) == 0)
			errx(1, "interface %s does not exist", argv[1]);
		configure(s, argv[1], argc - 2, argv + 2);
		return (0);
	}
	x = fetch(&n);
	for (i = 0; i < n; i++) {
		if (argc == 2 && strcmp(x[i].xif_name, argv[1]) != 0)
			continue;
		show(s, &x[i]);
		found++;
	}
	if (argc == 2 && found == 0)
		errx(1, "interface %s does not exist", argv[1]);
	free(x);
	return (0);
}
