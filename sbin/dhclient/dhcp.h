/*
 * dhcp.h: the DHCP message (RFC 2131) and the options dhclient uses
 * (RFC 2132), and the two pure functions over them: dhcp_build() writes
 * a client message, dhcp_parse() checks and decodes a server's reply.
 * Neither makes a system call, so regress/sbin/dhclient feeds the parser
 * malformed packets directly.
 */
#ifndef _DHCP_H_
#define _DHCP_H_

#include <sys/types.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

#define BOOTREQUEST		1
#define BOOTREPLY		2
#define HTYPE_ETHER		1
#define DHCP_FLAG_BROADCAST	0x8000	/* reply by broadcast: no address yet */
#define DHCP_MAGIC		0x63825363U	/* RFC 2131 3: the cookie */

/*
 * The fixed part, as on the wire.  Every field sits at its natural
 * alignment, so the structure has no padding: 236 bytes, then the cookie.
 */
struct dhcp_msg {
	uint8_t		dm_op;		/* BOOTREQUEST / BOOTREPLY */
	uint8_t		dm_htype;	/* HTYPE_ETHER */
	uint8_t		dm_hlen;	/* 6 */
	uint8_t		dm_hops;
	uint32_t	dm_xid;		/* transaction id (as sent) */
	uint16_t	dm_secs;	/* network order */
	uint16_t	dm_flags;	/* network order */
	struct in_addr	dm_ciaddr;	/* client's address, when it has one */
	struct in_addr	dm_yiaddr;	/* "your" address: the offer */
	struct in_addr	dm_siaddr;
	struct in_addr	dm_giaddr;
	uint8_t		dm_chaddr[16];	/* client hardware address */
	char		dm_sname[64];	/* or options, if overloaded */
	char		dm_file[128];	/* or options, if overloaded */
	uint32_t	dm_cookie;	/* DHCP_MAGIC, network order */
};

#define DHCP_FIXED_LEN		240	/* sizeof(struct dhcp_msg) */
#define DHCP_MSG_MAX		576	/* RFC 2131: every client takes this */

/* Message types (option 53). */
#define DHCPDISCOVER		1
#define DHCPOFFER		2
#define DHCPREQUEST		3
#define DHCPDECLINE		4
#define DHCPACK			5
#define DHCPNAK			6
#define DHCPRELEASE		7
#define DHCPINFORM		8

/* Options. */
#define DHO_PAD			0
#define DHO_SUBNET_MASK		1
#define DHO_ROUTERS		3
#define DHO_DNS			6
#define DHO_DOMAIN_NAME		15
#define DHO_REQUESTED_ADDR	50
#define DHO_LEASE_TIME		51
#define DHO_OVERLOAD		52
#define DHO_MESSAGE_TYPE	53
#define DHO_SERVER_ID		54
#define DHO_PARAM_REQ		55
#define DHO_MESSAGE		56
#define DHO_MAX_SIZE		57
#define DHO_RENEWAL_TIME	58
#define DHO_REBINDING_TIME	59
#define DHO_CLIENT_ID		61
#define DHO_END			255

#define DHCP_MAXNS		3	/* name servers kept, as resolv.conf */

/* What a reply said; have says which options were present. */
struct dhcp_lease {
	int		dl_type;	/* DHCPOFFER, DHCPACK, DHCPNAK */
	struct in_addr	dl_addr;	/* yiaddr */
	struct in_addr	dl_server;	/* option 54 */
	struct in_addr	dl_mask;	/* option 1 */
	struct in_addr	dl_router;	/* first of option 3 */
	struct in_addr	dl_dns[DHCP_MAXNS]; /* option 6 */
	int		dl_ndns;
	uint32_t	dl_lease;	/* seconds, option 51 */
	uint32_t	dl_t1;		/* seconds, option 58 */
	uint32_t	dl_t2;		/* seconds, option 59 */
	char		dl_domain[256];	/* option 15, NUL-terminated */
	char		dl_message[256]; /* option 56 (a NAK's reason) */
	unsigned	dl_have;	/* DL_HAVE_* */
};

#define DL_HAVE_MASK	0x0001
#define DL_HAVE_ROUTER	0x0002
#define DL_HAVE_DNS	0x0004
#define DL_HAVE_LEASE	0x0008
#define DL_HAVE_T1	0x0010
#define DL_HAVE_T2	0x0020
#define DL_HAVE_SERVER	0x0040
#define DL_HAVE_DOMAIN	0x0080
#define DL_HAVE_MESSAGE	0x0100

/* dhcp_parse() results: 0, or one of these (dhcp_strerror names them). */
enum {
	DHCP_OK = 0,
	DHCP_ESHORT,		/* shorter than the fixed part and cookie */
	DHCP_ELONG,		/* longer than we can hold */
	DHCP_EOP,		/* not a BOOTREPLY */
	DHCP_EHTYPE,		/* not Ethernet, or hlen != 6 */
	DHCP_EXID,		/* not our transaction */
	DHCP_ECHADDR,		/* not our hardware address */
	DHCP_ECOOKIE,		/* no magic cookie: BOOTP, not DHCP */
	DHCP_ETRUNC,		/* an option runs past the end */
	DHCP_ENOEND,		/* no end option */
	DHCP_EOPTLEN,		/* an option of the wrong length */
	DHCP_EDUP,		/* a single-valued option twice */
	DHCP_ENOTYPE,		/* no message type option */
	DHCP_EBADTYPE,		/* a message type a server does not send */
	DHCP_EMASK,		/* a netmask that is not a prefix */
	DHCP_EADDR,		/* an offered address that cannot be ours */
	DHCP_ENOSERVER,		/* no server identifier */
	DHCP_EOVERLOAD,		/* a bad option-overload value */
	DHCP_NERR
};

/* dhcp_build() request: what the client asks for. */
struct dhcp_req {
	int		dr_type;	/* DHCPDISCOVER, DHCPREQUEST, ... */
	uint32_t	dr_xid;
	uint16_t	dr_secs;	/* seconds since we began */
	uint8_t		dr_chaddr[6];
	struct in_addr	dr_ciaddr;	/* renewing: our address; else 0 */
	struct in_addr	dr_reqaddr;	/* option 50, or 0 */
	struct in_addr	dr_server;	/* option 54, or 0 */
	int		dr_broadcast;	/* set DHCP_FLAG_BROADCAST */
};

size_t		dhcp_build(void *buf, size_t size, const struct dhcp_req *req);
int		dhcp_parse(const void *buf, size_t len, uint32_t xid,
		    const uint8_t chaddr[6], struct dhcp_lease *dl);
const char	*dhcp_strerror(int error);
const char	*dhcp_typename(int type);

#endif /* !_DHCP_H_ */
