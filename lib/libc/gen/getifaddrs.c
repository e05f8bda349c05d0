/*
 * getifaddrs(3) and freeifaddrs(3): the interfaces and their addresses,
 * built the way sbin/ifconfig reads them: the interface records from the
 * sysctl net.link.iflist (struct xifnet) and the IPv4 addresses from the
 * SIOCGIFCONF ioctl on a datagram socket.
 *
 * As on FreeBSD, each interface gives first an AF_LINK entry (ifa_addr a
 * sockaddr_dl with the index, type, name and hardware address; ifa_data
 * its struct if_data), then one AF_INET entry per address, in the order
 * the kernel lists them, with the netmask and, for broadcast interfaces,
 * the broadcast address (ifa_broadaddr) or, for point-to-point ones,
 * nothing (the kernel has no SIOCGIFDSTADDR).  SIOCGIFNETMASK and
 * SIOCGIFBRDADDR are asked with the address in ifr_addr, so each alias
 * carries its own mask and broadcast address.  ifa_flags
 * are the interface's IFF_* flags.  Each entry is one malloc'd block;
 * freeifaddrs frees the list.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <netinet/in.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	IFCONF_MAX	256		/* addresses read at once */

/* One entry with room for its name, three sockaddrs and the if_data. */
struct ifa_block {
	struct ifaddrs		ifa;
	char			name[IFNAMSIZ];
	struct sockaddr_storage	addr, mask, dst;
	struct if_data		data;
};

static struct xifnet *
ifa_fetch(size_t *np)
{
	struct xifnet *buf = NULL, *nbuf;
	size_t len = 8 * sizeof(*buf);
	int tries;

	for (tries = 0; tries < 6; tries++) {
		if ((nbuf = realloc(buf, len)) == NULL)
			break;
		buf = nbuf;
		if (sysctlbyname("net.link.iflist", buf, &len, NULL, 0) == 0) {
			*np = len / sizeof(*buf);
			return (buf);
		}
		if (errno != ENOMEM)
			break;
		len *= 2;
	}
	free(buf);
	return (NULL);
}

static struct ifa_block *
ifa_new(struct ifaddrs ***tailp, const struct xifnet *x)
{
	struct ifa_block *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return (NULL);
	strlcpy(b->name, x->xif_name, sizeof(b->name));
	b->ifa.ifa_name = b->name;
	b->ifa.ifa_flags = x->xif_flags;
	**tailp = &b->ifa;
	*tailp = &b->ifa.ifa_next;
	return (b);
}

/* The AF_LINK entry of interface x. */
static int
ifa_link(struct ifaddrs ***tailp, const struct xifnet *x)
{
	struct sockaddr_dl *sdl;
	struct ifa_block *b;
	size_t nlen, alen;

	if ((b = ifa_new(tailp, x)) == NULL)
		return (-1);
	sdl = (struct sockaddr_dl *)&b->addr;
	nlen = strnlen(x->xif_name, IFNAMSIZ);
	alen = x->xif_data.ifi_addrlen;
	if (alen > sizeof(x->xif_lladdr))
		alen = sizeof(x->xif_lladdr);
	if (nlen + alen > sizeof(sdl->sdl_data))
		alen = sizeof(sdl->sdl_data) - nlen;
	sdl->sdl_len = sizeof(*sdl);
	sdl->sdl_family = AF_LINK;
	sdl->sdl_index = x->xif_index;
	sdl->sdl_type = x->xif_data.ifi_type;
	sdl->sdl_nlen = nlen;
	sdl->sdl_alen = alen;
	memcpy(sdl->sdl_data, x->xif_name, nlen);
	memcpy(sdl->sdl_data + nlen, x->xif_lladdr, alen);
	b->ifa.ifa_addr = (struct sockaddr *)sdl;
	b->data = x->xif_data;
	b->ifa.ifa_data = &b->data;
	return (0);
}

/* The AF_INET entry for address sa of interface x. */
static int
ifa_inet(struct ifaddrs ***tailp, const struct xifnet *x, int s,
    const struct sockaddr *sa)
{
	struct ifa_block *b;
	struct ifreq ifr;

	if ((b = ifa_new(tailp, x)) == NULL)
		return (-1);
	memcpy(&b->addr, sa, sizeof(struct sockaddr_in));
	b->ifa.ifa_addr = (struct sockaddr *)&b->addr;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, x->xif_name, sizeof(ifr.ifr_name));
	memcpy(&ifr.ifr_addr, sa, sizeof(struct sockaddr_in));
	if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0) {
		memcpy(&b->mask, &ifr.ifr_addr, sizeof(struct sockaddr_in));
		b->ifa.ifa_netmask = (struct sockaddr *)&b->mask;
	}
	memcpy(&ifr.ifr_addr, sa, sizeof(struct sockaddr_in));
	if ((x->xif_flags & IFF_BROADCAST) &&
	    ioctl(s, SIOCGIFBRDADDR, &ifr) == 0) {
		memcpy(&b->dst, &ifr.ifr_addr, sizeof(struct sockaddr_in));
		b->ifa.ifa_broadaddr = (struct sockaddr *)&b->dst;
	}
	return (0);
}

int
getifaddrs(struct ifaddrs **pif)
{
	struct ifaddrs *head = NULL, **tail = &head;
	struct ifreq *reqs;
	struct xifnet *x;
	struct ifconf ifc;
	size_t n, i;
	int s, j, nreq, serrno;

	if ((x = ifa_fetch(&n)) == NULL)
		return (-1);
	reqs = calloc(IFCONF_MAX, sizeof(*reqs));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	nreq = 0;
	if (reqs != NULL && s != -1) {
		ifc.ifc_len = IFCONF_MAX * sizeof(*reqs);
		ifc.ifc_req = reqs;
		if (ioctl(s, SIOCGIFCONF, &ifc) == 0)
			nreq = ifc.ifc_len / (int)sizeof(*reqs);
	}
	if (reqs == NULL)
		goto bad;
	for (i = 0; i < n; i++) {
		if (ifa_link(&tail, &x[i]) == -1)
			goto bad;
		for (j = 0; j < nreq; j++) {
			if (reqs[j].ifr_addr.sa_family != AF_INET ||
			    strncmp(reqs[j].ifr_name, x[i].xif_name,
			    IFNAMSIZ) != 0)
				continue;
			if (ifa_inet(&tail, &x[i], s, &reqs[j].ifr_addr) == -1)
				goto bad;
		}
	}
	free(reqs);
	free(x);
	if (s != -1)
		close(s);
	*pif = head;
	return (0);
bad:
	serrno = errno;
	freeifaddrs(head);
	free(reqs);
	free(x);
	if (s != -1)
		close(s);
	errno = serrno != 0 ? serrno : ENOMEM;
	return (-1);
}

void
freeifaddrs(struct ifaddrs *ifp)
{
	struct ifaddrs *next;

	for (; ifp != NULL; ifp = next) {
		next = ifp->ifa_next;
		free(ifp);		/* the ifa is the block's first member */
	}
}
