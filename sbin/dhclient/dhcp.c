/*
 * dhcp.c: DHCP messages for dhclient(8).  dhcp_build() writes a client
 * message (DISCOVER, REQUEST, RELEASE) into a caller's buffer;
 * dhcp_parse() decides whether a datagram is a well-formed reply to our
 * transaction and decodes the options dhclient uses.  A reply comes
 * from the network, so every length is checked before it is used and
 * anything malformed is an error code, never a read past the buffer:
 * the parser walks the option area with an explicit end pointer, and an
 * option's value is copied out only after its length is known to fit
 * both the packet and the field it goes to.  No system calls here.
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <string.h>

#include "dhcp.h"

_Static_assert(sizeof(struct dhcp_msg) == DHCP_FIXED_LEN,
    "struct dhcp_msg must match the wire layout");

static const char *const dhcp_errors[DHCP_NERR] = {
	[DHCP_OK] = "no error",
	[DHCP_ESHORT] = "message shorter than the DHCP header",
	[DHCP_ELONG] = "message too long",
	[DHCP_EOP] = "not a BOOTREPLY",
	[DHCP_EHTYPE] = "hardware type is not Ethernet",
	[DHCP_EXID] = "transaction id is not ours",
	[DHCP_ECHADDR] = "hardware address is not ours",
	[DHCP_ECOOKIE] = "no DHCP magic cookie",
	[DHCP_ETRUNC] = "option runs past the end of the message",
	[DHCP_ENOEND] = "no end option",
	[DHCP_EOPTLEN] = "option has a bad length",
	[DHCP_EDUP] = "option given twice",
	[DHCP_ENOTYPE] = "no message type option",
	[DHCP_EBADTYPE] = "message type a server does not send",
	[DHCP_EMASK] = "subnet mask is not contiguous",
	[DHCP_EADDR] = "offered address is not a unicast address",
	[DHCP_ENOSERVER] = "no server identifier",
	[DHCP_EOVERLOAD] = "bad option overload",
};

const char *
dhcp_strerror(int error)
{
	if (error < 0 || error >= DHCP_NERR)
		return ("unknown error");
	return (dhcp_errors[error]);
}

const char *
dhcp_typename(int type)
{
	static const char *const names[] = { "DHCP?", "DHCPDISCOVER",
	    "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE", "DHCPACK", "DHCPNAK",
	    "DHCPRELEASE", "DHCPINFORM" };

	if (type < 1 || type > DHCPINFORM)
		return (names[0]);
	return (names[type]);
}

/* ---- Building --------------------------------------------------------- */

/* Append option code with len bytes of val at *pp, if it fits before end. */
static int
opt_put(uint8_t **pp, uint8_t *end, int code, const void *val, size_t len)
{
	uint8_t *p = *pp;

	if (len > 255 || (size_t)(end - p) < 2 + len)
		return (-1);
	*p++ = (uint8_t)code;
	*p++ = (uint8_t)len;
	memcpy(p, val, len);
	*pp = p + len;
	return (0);
}

/*
 * Write the message req describes into buf; returns its length, or 0 if
 * size cannot hold it.  Short messages are padded to the 300 bytes of a
 * BOOTP packet, which some relays and servers still insist on.
 */
size_t
dhcp_build(void *buf, size_t size, const struct dhcp_req *req)
{
	static const uint8_t params[] = { DHO_SUBNET_MASK, DHO_ROUTERS,
	    DHO_DNS, DHO_DOMAIN_NAME, DHO_LEASE_TIME, DHO_SERVER_ID,
	    DHO_RENEWAL_TIME, DHO_REBINDING_TIME };
	struct dhcp_msg dm;
	uint8_t *p, *end, type = (uint8_t)req->dr_type, cid[7];
	uint16_t maxsize = htons(DHCP_MSG_MAX);
	size_t len;

	if (size < DHCP_FIXED_LEN + 64)
		return (0);
	memset(buf, 0, size);
	memset(&dm, 0, sizeof(dm));
	dm.dm_op = BOOTREQUEST;
	dm.dm_htype = HTYPE_ETHER;
	dm.dm_hlen = 6;
	dm.dm_xid = req->dr_xid;
	dm.dm_secs = htons(req->dr_secs);
	dm.dm_flags = req->dr_broadcast ? htons(DHCP_FLAG_BROADCAST) : 0;
	dm.dm_ciaddr = req->dr_ciaddr;
	memcpy(dm.dm_chaddr, req->dr_chaddr, 6);
	dm.dm_cookie = htonl(DHCP_MAGIC);
	memcpy(buf, &dm, sizeof(dm));

	p = (uint8_t *)buf + DHCP_FIXED_LEN;
	end = (uint8_t *)buf + size - 1;	/* room for DHO_END */
	cid[0] = HTYPE_ETHER;
	memcpy(cid + 1, req->dr_chaddr, 6);
	if (opt_put(&p, end, DHO_MESSAGE_TYPE, &type, 1) != 0 ||
	    opt_put(&p, end, DHO_CLIENT_ID, cid, sizeof(cid)) != 0)
		return (0);
	if (req->dr_reqaddr.s_addr != INADDR_ANY &&
	    opt_put(&p, end, DHO_REQUESTED_ADDR, &req->dr_reqaddr, 4) != 0)
		return (0);
	if (req->dr_server.s_addr != INADDR_ANY &&
	    opt_put(&p, end, DHO_SERVER_ID, &req->dr_server, 4) != 0)
		return (0);
	if (req->dr_type == DHCPDISCOVER || req->dr_type == DHCPREQUEST) {
		if (opt_put(&p, end, DHO_MAX_SIZE, &maxsize, 2) != 0 ||
		    opt_put(&p, end, DHO_PARAM_REQ, params,
		    sizeof(params)) != 0)
			return (0);
	}
	*p++ = DHO_END;
	len = (size_t)(p - (uint8_t *)buf);
	if (len < 300 && size >= 300)
		len = 300;
	return (len);
}

/* ---- Parsing ---------------------------------------------------------- */

/* A 32-bit value from an unaligned place, network order kept. */
static struct in_addr
get_addr(const uint8_t *p)
{
	struct in_addr a;

	memcpy(&a, p, 4);
	return (a);
}

static uint32_t
get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

/* A mask is a run of ones from the top: its complement plus one is a
   power of two (or the mask is all ones). */
static int
mask_ok(struct in_addr m)
{
	uint32_t inv = ~ntohl(m.s_addr);

	return ((inv & (inv + 1)) == 0);
}

/* Copy a text option into a NUL-terminated field; NULs inside end it. */
static void
get_text(char *dst, size_t dstlen, const uint8_t *src, size_t len)
{
	if (len >= dstlen)
		len = dstlen - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*
 * Decode the options in [p, end).  Single-valued options may appear
 * once; lists (routers, name servers) must be a whole number of
 * addresses.  *overload receives option 52's value; *sawend whether the
 * area ended with DHO_END (only the main area must).
 */
static int
parse_options(const uint8_t *p, const uint8_t *end, struct dhcp_lease *dl,
    unsigned *seen, int *overload, int *sawend)
{
	int code, len, i;
	unsigned bit;

	*sawend = 0;
	while (p < end) {
		code = *p++;
		if (code == DHO_PAD)
			continue;
		if (code == DHO_END) {
			*sawend = 1;
			return (DHCP_OK);
		}
		if (p >= end)
			return (DHCP_ETRUNC);
		len = *p++;
		if (len > end - p)
			return (DHCP_ETRUNC);
		/* A bit of *seen per single-valued option we decode. */
		switch (code) {
		case DHO_SUBNET_MASK: bit = 0x001; break;
		case DHO_ROUTERS: bit = 0x002; break;
		case DHO_DNS: bit = 0x004; break;
		case DHO_DOMAIN_NAME: bit = 0x008; break;
		case DHO_LEASE_TIME: bit = 0x010; break;
		case DHO_OVERLOAD: bit = 0x020; break;
		case DHO_MESSAGE_TYPE: bit = 0x040; break;
		case DHO_SERVER_ID: bit = 0x080; break;
		case DHO_MESSAGE: bit = 0x100; break;
		case DHO_RENEWAL_TIME: bit = 0x200; break;
		case DHO_REBINDING_TIME: bit = 0x400; break;
		default: bit = 0; break;
		}
		if (bit != 0 && (*seen & bit))
			return (DHCP_EDUP);
		*seen |= bit;
		switch (code) {
		case DHO_SUBNET_MASK:
			if (len != 4)
				return (DHCP_EOPTLEN);
			dl->dl_mask = get_addr(p);
			if (!mask_ok(dl->dl_mask))
				return (DHCP_EMASK);
			dl->dl_have |= DL_HAVE_MASK;
			break;
		case DHO_ROUTERS:
			if (len == 0 || len % 4 != 0)
				return (DHCP_EOPTLEN);
			dl->dl_router = get_addr(p);
			dl->dl_have |= DL_HAVE_ROUTER;
			break;
		case DHO_DNS:
			if (len == 0 || len % 4 != 0)
				return (DHCP_EOPTLEN);
			for (i = 0; i < len / 4 && i < DHCP_MAXNS; i++)
				dl->dl_dns[i] = get_addr(p + 4 * i);
			dl->dl_ndns = i;
			dl->dl_have |= DL_HAVE_DNS;
			break;
		case DHO_DOMAIN_NAME:
			if (len == 0)
				return (DHCP_EOPTLEN);
			get_text(dl->dl_domain, sizeof(dl->dl_domain), p,
			    (size_t)len);
			dl->dl_have |= DL_HAVE_DOMAIN;
			break;
		case DHO_MESSAGE:
			get_text(dl->dl_message, sizeof(dl->dl_message), p,
			    (size_t)len);
			dl->dl_have |= DL_HAVE_MESSAGE;
			break;
		case DHO_LEASE_TIME:
		case DHO_RENEWAL_TIME:
		case DHO_REBINDING_TIME:
			if (len != 4)
				return (DHCP_EOPTLEN);
			if (code == DHO_LEASE_TIME) {
				dl->dl_lease = get_u32(p);
				dl->dl_have |= DL_HAVE_LEASE;
			} else if (code == DHO_RENEWAL_TIME) {
				dl->dl_t1 = get_u32(p);
				dl->dl_have |= DL_HAVE_T1;
			} else {
				dl->dl_t2 = get_u32(p);
				dl->dl_have |= DL_HAVE_T2;
			}
			break;
		case DHO_OVERLOAD:
			if (len != 1)
				return (DHCP_EOPTLEN);
			if (*p < 1 || *p > 3)
				return (DHCP_EOVERLOAD);
			*overload = *p;
			break;
		case DHO_MESSAGE_TYPE:
			if (len != 1)
				return (DHCP_EOPTLEN);
			dl->dl_type = *p;
			break;
		case DHO_SERVER_ID:
			if (len != 4)
				return (DHCP_EOPTLEN);
			dl->dl_server = get_addr(p);
			dl->dl_have |= DL_HAVE_SERVER;
			break;
		default:
			break;		/* not ours: skipped whole */
		}
		p += len;
	}
	return (DHCP_OK);
}

/* May a and this host's use of it be a unicast address? */
static int
unicast_ok(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h != 0 && h != 0xffffffffU && !IN_MULTICAST(h) &&
	    !IN_EXPERIMENTAL(h) && (h >> 24) != IN_LOOPBACKNET);
}

/*
 * Check and decode buf (len bytes, as received) as a reply to transaction
 * xid from a client with hardware address chaddr.  On DHCP_OK *dl holds
 * the reply; on an error *dl is unspecified.
 */
int
dhcp_parse(const void *buf, size_t len, uint32_t xid,
    const uint8_t chaddr[6], struct dhcp_lease *dl)
{
	const uint8_t *base = buf;
	struct dhcp_msg dm;
	unsigned seen = 0;
	int error, overload = 0, sawend, dummy;

	memset(dl, 0, sizeof(*dl));
	if (len < DHCP_FIXED_LEN)
		return (DHCP_ESHORT);
	if (len > 65535)
		return (DHCP_ELONG);
	memcpy(&dm, base, sizeof(dm));
	if (dm.dm_op != BOOTREPLY)
		return (DHCP_EOP);
	if (dm.dm_htype != HTYPE_ETHER || dm.dm_hlen != 6)
		return (DHCP_EHTYPE);
	if (dm.dm_xid != xid)
		return (DHCP_EXID);
	if (memcmp(dm.dm_chaddr, chaddr, 6) != 0)
		return (DHCP_ECHADDR);
	if (dm.dm_cookie != htonl(DHCP_MAGIC))
		return (DHCP_ECOOKIE);
	error = parse_options(base + DHCP_FIXED_LEN, base + len, dl, &seen,
	    &overload, &sawend);
	if (error != DHCP_OK)
		return (error);
	if (!sawend)
		return (DHCP_ENOEND);
	/* RFC 2132 9.3: more options in file (1), sname (2) or both. */
	if (overload & 1) {
		error = parse_options((const uint8_t *)base +
		    offsetof(struct dhcp_msg, dm_file),
		    (const uint8_t *)base + offsetof(struct dhcp_msg,
		    dm_file) + sizeof(dm.dm_file), dl, &seen, &dummy,
		    &sawend);
		if (error != DHCP_OK)
			return (error);
	}
	if (overload & 2) {
		error = parse_options((const uint8_t *)base +
		    offsetof(struct dhcp_msg, dm_sname),
		    (const uint8_t *)base + offsetof(struct dhcp_msg,
		    dm_sname) + sizeof(dm.dm_sname), dl, &seen, &dummy,
		    &sawend);
		if (error != DHCP_OK)
			return (error);
	}
	if ((seen & 0x040) == 0)
		return (DHCP_ENOTYPE);
	switch (dl->dl_type) {
	case DHCPOFFER:
	case DHCPACK:
		dl->dl_addr = dm.dm_yiaddr;
		if (!unicast_ok(dl->dl_addr))
			return (DHCP_EADDR);
		/* FALLTHROUGH */
	case DHCPNAK:
		if ((dl->dl_have & DL_HAVE_SERVER) == 0)
			return (DHCP_ENOSERVER);
		break;
	default:
		return (DHCP_EBADTYPE);
	}
	return (DHCP_OK);
}
