/*
 * Network interfaces: the user-visible part.  Interface names, the
 * IFF_* flags, link states, capability bits, the per-interface
 * statistics record (struct if_data, fixed-width so one layout serves
 * amd64 and aarch64), and the request structures the SIOC* socket
 * ioctls (<sys/sockio.h>) take: struct ifreq, struct ifaliasreq and
 * struct ifconf.  The kernel's struct ifnet is in <net/if_var.h>.
 */
#ifndef _NET_IF_H_
#define _NET_IF_H_

#include <sys/types.h>
#include <sys/socket.h>

#define IFNAMSIZ	16
#define IF_NAMESIZE	IFNAMSIZ

/* if_flags: the ones marked (k) only the kernel or the driver changes. */
#define IFF_UP		0x0001		/* administratively up */
#define IFF_BROADCAST	0x0002		/* (k) broadcast address valid */
#define IFF_DEBUG	0x0004
#define IFF_LOOPBACK	0x0008		/* (k) loopback net */
#define IFF_POINTOPOINT	0x0010		/* (k) point-to-point link */
#define IFF_RUNNING	0x0040		/* (k) driver resources allocated */
#define IFF_NOARP	0x0080		/* no address resolution */
#define IFF_PROMISC	0x0100		/* receive all frames */
#define IFF_ALLMULTI	0x0200		/* receive all multicast */
#define IFF_OACTIVE	0x0400		/* (k) transmitter busy */
#define IFF_SIMPLEX	0x0800		/* (k) cannot hear its own frames */
#define IFF_MULTICAST	0x8000		/* (k) supports multicast */

/* Flags user code may not change through SIOCSIFFLAGS. */
#define IFF_CANTCHANGE	(IFF_BROADCAST | IFF_LOOPBACK | IFF_POINTOPOINT | \
			 IFF_RUNNING | IFF_OACTIVE | IFF_SIMPLEX | \
			 IFF_MULTICAST)

/* if_link_state */
#define LINK_STATE_UNKNOWN	0
#define LINK_STATE_DOWN		1
#define LINK_STATE_UP		2

/* if_capabilities / if_capenable */
#define IFCAP_RXCSUM	0x0001		/* checks IPv4/TCP/UDP checksums */
#define IFCAP_TXCSUM	0x0002		/* computes them */
#define IFCAP_VLAN_MTU	0x0008
#define IFCAP_JUMBO_MTU	0x0020

/*
 * Statistics and attributes of one interface, as exported by sysctl
 * (net.link.ifdata) and getifaddrs(3).  User ABI: fixed-width fields.
 */
struct if_data {
	uint8_t		ifi_type;	/* IFT_* (<net/if_types.h>) */
	uint8_t		ifi_addrlen;	/* link address length */
	uint8_t		ifi_hdrlen;	/* link header length */
	uint8_t		ifi_link_state;	/* LINK_STATE_* */
	uint32_t	ifi_mtu;
	uint32_t	ifi_metric;
	uint32_t	ifi_pad;
	uint64_t	ifi_baudrate;	/* bits per second */
	uint64_t	ifi_ipackets;	/* packets received */
	uint64_t	ifi_ierrors;	/* input errors */
	uint64_t	ifi_opackets;	/* packets sent */
	uint64_t	ifi_oerrors;	/* output errors */
	uint64_t	ifi_collisions;
	uint64_t	ifi_ibytes;
	uint64_t	ifi_obytes;
	uint64_t	ifi_imcasts;	/* multicast/broadcast received */
	uint64_t	ifi_omcasts;	/* multicast/broadcast sent */
	uint64_t	ifi_iqdrops;	/* dropped on input (queue full) */
	uint64_t	ifi_noproto;	/* for an unknown protocol */
	int64_t		ifi_lastchange;	/* seconds since the epoch */
};

/*
 * net.link.iflist: one record per interface (netstat -i, ifconfig -a).
 * xif_lladdr holds xif_addrlen bytes of link address.
 */
#define XIFNET_VERSION	1
struct xifnet {
	uint32_t	xif_len;	/* sizeof(struct xifnet) */
	uint32_t	xif_version;
	char		xif_name[IFNAMSIZ];
	uint32_t	xif_index;
	uint32_t	xif_flags;	/* IFF_* */
	uint32_t	xif_capabilities;
	uint32_t	xif_capenable;
	uint8_t		xif_lladdr[16];
	struct if_data	xif_data;
};

/* The argument of most SIOC[GS]IF* requests. */
struct ifreq {
	char	ifr_name[IFNAMSIZ];	/* "em0" */
	union {
		struct sockaddr	ifru_addr;
		struct sockaddr	ifru_dstaddr;
		struct sockaddr	ifru_broadaddr;
		short		ifru_flags[2];
		int		ifru_index;
		int		ifru_metric;
		int		ifru_mtu;
		int		ifru_cap[2];
		caddr_t		ifru_data;
	} ifr_ifru;
};
#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_dstaddr	ifr_ifru.ifru_dstaddr
#define ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define ifr_flags	ifr_ifru.ifru_flags[0]
#define ifr_flagshigh	ifr_ifru.ifru_flags[1]
#define ifr_index	ifr_ifru.ifru_index
#define ifr_metric	ifr_ifru.ifru_metric
#define ifr_mtu		ifr_ifru.ifru_mtu
#define ifr_reqcap	ifr_ifru.ifru_cap[0]
#define ifr_curcap	ifr_ifru.ifru_cap[1]
#define ifr_data	ifr_ifru.ifru_data

/* SIOCAIFADDR / SIOCDIFADDR: one address with its mask and broadcast. */
struct ifaliasreq {
	char		ifra_name[IFNAMSIZ];
	struct sockaddr	ifra_addr;
	struct sockaddr	ifra_broadaddr;
	struct sockaddr	ifra_mask;
};

/*
 * SIOCGIFCONF: the caller's buffer of ifc_len bytes receives one struct
 * ifreq per address (AF_INET addresses and each interface's AF_LINK
 * address); ifc_len is set to the bytes used.
 */
struct ifconf {
	int	ifc_len;
	union {
		caddr_t		ifcu_buf;
		struct ifreq	*ifcu_req;
	} ifc_ifcu;
};
#define ifc_buf		ifc_ifcu.ifcu_buf
#define ifc_req		ifc_ifcu.ifcu_req

struct if_nameindex {
	unsigned int	if_index;	/* 1, 2, ... */
	char		*if_name;	/* "lo0" */
};

#ifndef _KERNEL
unsigned int	 if_nametoindex(const char *);
char		*if_indextoname(unsigned int, char *);
struct if_nameindex *if_nameindex(void);
void		 if_freenameindex(struct if_nameindex *);
#endif

#endif /* !_NET_IF_H_ */
