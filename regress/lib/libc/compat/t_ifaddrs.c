/*
 * getifaddrs/freeifaddrs: one AF_LINK entry per interface, in the order
 * if_nameindex gives them, with the index, name and if_data; lo0 is
 * LOOPBACK and UP with an AF_INET entry 127.0.0.1, netmask 255.0.0.0,
 * right after its AF_LINK entry; every AF_INET entry's interface has an
 * AF_LINK entry before it.  An alias 127.0.0.3/16 on lo0 is listed with
 * its own mask while 127.0.0.1 keeps /8.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"

/* The mask getifaddrs lists for address ip on lo0, as text. */
static const char *
lo0_mask(struct ifaddrs *ifa, const char *ip, char *buf, size_t len)
{
	struct sockaddr_in *sin;
	struct ifaddrs *p;

	strlcpy(buf, "absent", len);
	for (p = ifa; p != NULL; p = p->ifa_next) {
		if (p->ifa_addr == NULL || p->ifa_addr->sa_family != AF_INET ||
		    strcmp(p->ifa_name, "lo0") != 0)
			continue;
		sin = (struct sockaddr_in *)p->ifa_addr;
		if (sin->sin_addr.s_addr != inet_addr(ip))
			continue;
		sin = (struct sockaddr_in *)p->ifa_netmask;
		strlcpy(buf, sin != NULL ? inet_ntoa(sin->sin_addr) : "none",
		    len);
	}
	return (buf);
}

static void
t_alias(void)
{
	struct ifaliasreq ifra;
	struct ifreq ifr;
	struct ifaddrs *ifa = NULL;
	char buf[32];
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, "lo0", sizeof(ifra.ifra_name));
	mksin(&ifra.ifra_addr, "127.0.0.3");
	mksin(&ifra.ifra_mask, "255.255.0.0");
	is_int(ioctl(s, SIOCAIFADDR, &ifra), 0, "alias 127.0.0.3/16 on lo0");
	is_int(getifaddrs(&ifa), 0, "getifaddrs with the alias");
	is_str(lo0_mask(ifa, "127.0.0.3", buf, sizeof(buf)), "255.255.0.0",
	    "the alias has its own mask");
	is_str(lo0_mask(ifa, "127.0.0.1", buf, sizeof(buf)), "255.0.0.0",
	    "127.0.0.1 keeps 255.0.0.0");
	freeifaddrs(ifa);
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
	mksin(&ifr.ifr_addr, "127.0.0.3");
	is_int(ioctl(s, SIOCDIFADDR, &ifr), 0, "alias removed");
	close(s);
}

int
main(void)
{
	struct if_nameindex *ni;
	struct ifaddrs *ifa, *p;
	struct sockaddr_dl *sdl;
	struct sockaddr_in *sin;
	int nlink, ninet, orderok, lo_inet, linkfirst, i;
	char last[IFNAMSIZ], mask[32];

	ifa = NULL;
	is_int(getifaddrs(&ifa), 0, "getifaddrs");
	ok(ifa != NULL, "a list");
	ni = if_nameindex();

	nlink = ninet = lo_inet = 0;
	orderok = linkfirst = 1;
	last[0] = '\0';
	for (p = ifa; p != NULL; p = p->ifa_next) {
		if (p->ifa_addr == NULL)
			continue;
		if (p->ifa_addr->sa_family == AF_LINK) {
			sdl = (struct sockaddr_dl *)p->ifa_addr;
			if (ni == NULL || ni[nlink].if_name == NULL ||
			    strcmp(ni[nlink].if_name, p->ifa_name) != 0 ||
			    ni[nlink].if_index != sdl->sdl_index ||
			    sdl->sdl_nlen != strlen(p->ifa_name) ||
			    memcmp(sdl->sdl_data, p->ifa_name, sdl->sdl_nlen) ||
			    p->ifa_data == NULL)
				orderok = 0;
			strlcpy(last, p->ifa_name, sizeof(last));
			nlink++;
		} else if (p->ifa_addr->sa_family == AF_INET) {
			ninet++;
			if (strcmp(last, p->ifa_name) != 0)
				linkfirst = 0;
			sin = (struct sockaddr_in *)p->ifa_addr;
			if (strcmp(p->ifa_name, "lo0") == 0 &&
			    sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
				lo_inet = 1;
				ok((p->ifa_flags & (IFF_UP | IFF_LOOPBACK)) ==
				    (IFF_UP | IFF_LOOPBACK), "lo0: UP, LOOPBACK");
				sin = (struct sockaddr_in *)p->ifa_netmask;
				strlcpy(mask, sin != NULL ?
				    inet_ntoa(sin->sin_addr) : "none",
				    sizeof(mask));
				is_str(mask, "255.0.0.0", "lo0: netmask 255.0.0.0");
			}
		}
	}
	for (i = 0; ni != NULL && ni[i].if_name != NULL; i++)
		;
	ok(nlink > 0 && nlink == i, "one AF_LINK entry per interface");
	ok(orderok, "AF_LINK entries: if_nameindex order, index and name");
	ok(lo_inet, "lo0 has 127.0.0.1");
	ok(ninet >= 1 && linkfirst, "AF_INET entries follow their AF_LINK");
	if (ni != NULL)
		if_freenameindex(ni);
	freeifaddrs(ifa);
	freeifaddrs(NULL);
	ok(1, "freeifaddrs, also of NULL");
	t_alias();
	return (done());
}
