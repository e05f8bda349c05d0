/*
 * t_csum: transmit checksum offload on em(4).  Each em interface must
 * offer and enable IFCAP_RXCSUM|IFCAP_TXCSUM (SIOCGIFCAP, and ifconfig's
 * options= line).  Then a hand-made DHCPDISCOVER is broadcast out of it
 * (IP_BOUND_IF, no address needed) with the offload on: QEMU's user-net
 * DHCP server, which drops UDP datagrams and IP headers with a bad
 * checksum, must answer with an OFFER, and hw.nic.stats must count
 * exactly one frame whose sums the device computed (the ARP-free
 * broadcast is the only IP frame out).  The same with `ifconfig em0
 * -txcsum': an OFFER, and no offloaded frame.  Bad inputs: a capability
 * the device lacks (EINVAL), an unknown interface (ENXIO).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Counter `key' of interface `ifname' in hw.nic.stats, or -1. */
static long long
nic_stat(const char *ifname, const char *key)
{
	static char stats[8192];
	char pfx[32], k[40], *l, *v, *nl;
	size_t len = sizeof(stats);

	if (sysctlbyname("hw.nic.stats", stats, &len, NULL, 0) != 0)
		return (-1);
	snprintf(pfx, sizeof(pfx), "%s: ", ifname);
	snprintf(k, sizeof(k), " %s ", key);
	for (l = stats; *l != '\0'; l = nl + 1) {
		nl = strchr(l, '\n');
		if (nl == NULL)
			nl = l + strlen(l) - 1;
		if (strncmp(l, pfx, strlen(pfx)) != 0)
			continue;
		v = strstr(l, k);
		if (v == NULL || v > nl)
			return (-1);
		return (strtoll(v + strlen(k), NULL, 10));
	}
	return (-1);
}

static int
getcaps(int s, const char *ifname, int *req, int *cur)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	if (ioctl(s, SIOCGIFCAP, &ifr) != 0)
		return (errno);
	*req = ifr.ifr_reqcap;
	*cur = ifr.ifr_curcap;
	return (0);
}

static int
setcaps(int s, const char *ifname, int caps)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ifr.ifr_reqcap = caps;
	return (ioctl(s, SIOCSIFCAP, &ifr) == 0 ? 0 : errno);
}

/* Does `ifconfig ifname' print line `want'? */
static int
ifconfig_says(const char *ifname, const char *want)
{
	char cmd[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(cmd, sizeof(cmd), "/sbin/ifconfig %s", ifname);
	if ((f = popen(cmd, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, want) == 0)
			found = 1;
	}
	pclose(f);
	return (found);
}

/*
 * Broadcast a DHCPDISCOVER for lladdr out of the interface socket s is
 * bound to and wait up to 5 s for the OFFER with the same xid.  Returns
 * 1 when it came.
 */
static int
discover(int s, const uint8_t *lladdr, uint32_t xid)
{
	uint8_t msg[300], reply[1500];
	struct sockaddr_in sin;
	struct pollfd pfd;
	ssize_t n;
	int tries, i;

	memset(msg, 0, sizeof(msg));
	msg[0] = 1;				/* BOOTREQUEST */
	msg[1] = 1;				/* Ethernet */
	msg[2] = 6;
	memcpy(msg + 4, &xid, 4);
	msg[10] = 0x80;				/* broadcast the reply */
	memcpy(msg + 28, lladdr, 6);
	msg[236] = 99; msg[237] = 130; msg[238] = 83; msg[239] = 99;
	msg[240] = 53; msg[241] = 1; msg[242] = 1;	/* DHCPDISCOVER */
	msg[243] = 255;
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = INADDR_BROADCAST;
	sin.sin_port = htons(67);
	for (tries = 0; tries < 2; tries++) {
		if (sendto(s, msg, sizeof(msg), 0, (struct sockaddr *)&sin,
		    sizeof(sin)) != (ssize_t)sizeof(msg))
			return (0);
		for (i = 0; i < 25; i++) {
			pfd.fd = s;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, 100) != 1)
				continue;
			n = recv(s, reply, sizeof(reply), 0);
			if (n >= 243 && reply[0] == 2 &&
			    memcmp(reply + 4, &xid, 4) == 0)
				return (1);
		}
	}
	return (0);
}

static void
one(int ioc, const char *ifname, const uint8_t *lladdr, int ifindex)
{
	struct sockaddr_in sin;
	struct ifreq ifr;
	char name[96];
	long long tx0, tx1, op0, op1;
	int req, cur, s, on = 1, flags;

	snprintf(name, sizeof(name), "%s: SIOCGIFCAP", ifname);
	if (!is_int(getcaps(ioc, ifname, &req, &cur), 0, name))
		return;
	snprintf(name, sizeof(name), "%s: offers RXCSUM|TXCSUM", ifname);
	is_int(req & (IFCAP_RXCSUM | IFCAP_TXCSUM),
	    IFCAP_RXCSUM | IFCAP_TXCSUM, name);
	snprintf(name, sizeof(name), "%s: both enabled", ifname);
	is_int(cur, IFCAP_RXCSUM | IFCAP_TXCSUM, name);
	snprintf(name, sizeof(name), "%s: ifconfig options=3<RXCSUM,TXCSUM>",
	    ifname);
	ok(ifconfig_says(ifname, "\toptions=3<RXCSUM,TXCSUM>"), name);

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	(void)ioctl(ioc, SIOCGIFFLAGS, &ifr);
	flags = ifr.ifr_flags;
	ifr.ifr_flags |= IFF_UP;
	(void)ioctl(ioc, SIOCSIFFLAGS, &ifr);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(68);
	snprintf(name, sizeof(name), "%s: DHCP client socket", ifname);
	if (!ok(s >= 0 && setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof(on)) == 0 && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == 0 && setsockopt(s, IPPROTO_IP, IP_BOUND_IF,
	    &ifindex, sizeof(ifindex)) == 0 && bind(s,
	    (struct sockaddr *)&sin, sizeof(sin)) == 0, name))
		goto out;

	tx0 = nic_stat(ifname, "txcsum");
	op0 = nic_stat(ifname, "opackets");
	snprintf(name, sizeof(name), "%s: TXCSUM on: the server answers",
	    ifname);
	ok(discover(s, lladdr, htonl(0x7e570001)), name);
	tx1 = nic_stat(ifname, "txcsum");
	op1 = nic_stat(ifname, "opackets");
	snprintf(name, sizeof(name), "%s: hw.nic.stats txcsum counts the "
	    "DISCOVER", ifname);
	ok(tx0 >= 0 && tx1 - tx0 >= 1 && tx1 - tx0 <= 2 &&
	    tx1 - tx0 <= op1 - op0, name);
	printf("# %s: txcsum %lld -> %lld, opackets %lld -> %lld, rxcsum "
	    "%lld\n", ifname, tx0, tx1, op0, op1, nic_stat(ifname, "rxcsum"));

	snprintf(name, sizeof(name), "%s: ifconfig -txcsum", ifname);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "/sbin/ifconfig %s -txcsum",
		    ifname);
		ok(system(cmd) == 0 && getcaps(ioc, ifname, &req, &cur) == 0 &&
		    cur == IFCAP_RXCSUM, name);
	}
	snprintf(name, sizeof(name), "%s: ifconfig options=1<RXCSUM>", ifname);
	ok(ifconfig_says(ifname, "\toptions=1<RXCSUM>"), name);
	tx0 = nic_stat(ifname, "txcsum");
	op0 = nic_stat(ifname, "opackets");
	snprintf(name, sizeof(name), "%s: TXCSUM off: the server answers",
	    ifname);
	ok(discover(s, lladdr, htonl(0x7e570002)), name);
	tx1 = nic_stat(ifname, "txcsum");
	op1 = nic_stat(ifname, "opackets");
	snprintf(name, sizeof(name), "%s: TXCSUM off: nothing offloaded",
	    ifname);
	ok(tx1 == tx0 && op1 > op0, name);

	snprintf(name, sizeof(name), "%s: ifconfig txcsum", ifname);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "/sbin/ifconfig %s txcsum", ifname);
		ok(system(cmd) == 0 && getcaps(ioc, ifname, &req, &cur) == 0 &&
		    cur == (IFCAP_RXCSUM | IFCAP_TXCSUM), name);
	}
	snprintf(name, sizeof(name), "%s: a capability it lacks: EINVAL",
	    ifname);
	is_int(setcaps(ioc, ifname, IFCAP_RXCSUM | IFCAP_TXCSUM | 0x4000),
	    EINVAL, name);
	(void)getcaps(ioc, ifname, &req, &cur);
	snprintf(name, sizeof(name), "%s: and nothing changed", ifname);
	is_int(cur, IFCAP_RXCSUM | IFCAP_TXCSUM, name);
out:
	if (s >= 0)
		close(s);
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ifr.ifr_flags = (short)flags;
	(void)ioctl(ioc, SIOCSIFFLAGS, &ifr);
}

int
main(void)
{
	struct xifnet *x;
	size_t len = 0, n, i;
	int ioc, nem = 0;

	ioc = socket(AF_INET, SOCK_DGRAM, 0);
	ok(ioc >= 0, "socket");
	if (sysctlbyname("net.link.iflist", NULL, &len, NULL, 0) != 0 ||
	    (x = malloc(len + 4 * sizeof(*x))) == NULL) {
		ok(0, "net.link.iflist");
		return (done());
	}
	len += 4 * sizeof(*x);
	ok(sysctlbyname("net.link.iflist", x, &len, NULL, 0) == 0,
	    "net.link.iflist");
	n = len / sizeof(*x);
	for (i = 0; i < n; i++) {
		if (strncmp(x[i].xif_name, "em", 2) != 0)
			continue;
		nem++;
		one(ioc, x[i].xif_name, x[i].xif_lladdr, (int)x[i].xif_index);
	}
	if (nem == 0)
		ok(1, "no em interface # SKIP");
	{
		int req, cur;

		is_int(getcaps(ioc, "nope0", &req, &cur), ENXIO,
		    "SIOCGIFCAP on an unknown interface: ENXIO");
	}
	free(x);
	return (done());
}
