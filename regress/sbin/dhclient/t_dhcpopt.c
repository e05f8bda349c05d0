/*
 * t_dhcpopt: dhclient's DHCP message code (sbin/dhclient/dhcp.c, built
 * in here) fed good and malformed replies.  A reply is assembled the way
 * QEMU's user-net server sends one, then broken one way at a time: too
 * short, wrong op/htype/xid/chaddr/cookie, options running past the end,
 * no end option, options of the wrong length or given twice, no or a bad
 * message type, a non-prefix mask, an offered address that cannot be
 * ours, no server id, bad overloads.  Each must give its exact error;
 * every truncation of a good reply must give ETRUNC or ENOEND; random
 * corruption must never read past the buffer (the buffer is copied to a
 * heap block of exactly its length).  Then dhcp_build's DISCOVER and
 * REQUEST, byte by byte.
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "dhcp.h"

#define XID	0x12345678U

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

struct pkt {
	uint8_t	b[1024];
	size_t	len;
};

static uint32_t
ip(const char *s)
{
	return (inet_addr(s));
}

static void
hdr(struct pkt *p, uint32_t yiaddr)
{
	struct dhcp_msg dm;

	memset(p, 0, sizeof(*p));
	memset(&dm, 0, sizeof(dm));
	dm.dm_op = BOOTREPLY;
	dm.dm_htype = HTYPE_ETHER;
	dm.dm_hlen = 6;
	dm.dm_xid = XID;
	dm.dm_yiaddr.s_addr = yiaddr;
	memcpy(dm.dm_chaddr, mac, 6);
	dm.dm_cookie = htonl(DHCP_MAGIC);
	memcpy(p->b, &dm, sizeof(dm));
	p->len = DHCP_FIXED_LEN;
}

static void
opt(struct pkt *p, int code, int len, const void *val)
{
	p->b[p->len++] = (uint8_t)code;
	p->b[p->len++] = (uint8_t)len;
	memcpy(p->b + p->len, val, (size_t)len);
	p->len += (size_t)len;
}

static void
opt_addr(struct pkt *p, int code, const char *a)
{
	uint32_t v = ip(a);

	opt(p, code, 4, &v);
}

static void
opt_u32(struct pkt *p, int code, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	opt(p, code, 4, b);
}

static void
opt_type(struct pkt *p, int type)
{
	uint8_t t = (uint8_t)type;

	opt(p, DHO_MESSAGE_TYPE, 1, &t);
}

static void
end(struct pkt *p)
{
	p->b[p->len++] = DHO_END;
}

/* What QEMU's slirp offers: 10.0.2.15/24 via 10.0.2.2, DNS 10.0.2.3. */
static void
offer(struct pkt *p, int type)
{
	hdr(p, ip("10.0.2.15"));
	opt_type(p, type);
	opt_addr(p, DHO_SERVER_ID, "10.0.2.2");
	opt_u32(p, DHO_LEASE_TIME, 86400);
	opt_addr(p, DHO_SUBNET_MASK, "255.255.255.0");
	opt_addr(p, DHO_ROUTERS, "10.0.2.2");
	opt_addr(p, DHO_DNS, "10.0.2.3");
}

/* Parse an exact-size heap copy, so a read past the end is a fault
   under a checker and garbage otherwise, never silently the padding. */
static int
parse(const struct pkt *p, struct dhcp_lease *dl)
{
	uint8_t *copy;
	int r;

	copy = malloc(p->len ? p->len : 1);
	memcpy(copy, p->b, p->len);
	r = dhcp_parse(copy, p->len, XID, mac, dl);
	free(copy);
	return (r);
}

static void
expect(const struct pkt *p, int want, const char *name)
{
	struct dhcp_lease dl;
	int r = parse(p, &dl);

	if (!is_int(r, want, name))
		printf("# got \"%s\", wanted \"%s\"\n", dhcp_strerror(r),
		    dhcp_strerror(want));
}

static void
good(void)
{
	struct pkt p;
	struct dhcp_lease dl;
	uint32_t four[4];

	offer(&p, DHCPOFFER);
	end(&p);
	is_int(parse(&p, &dl), DHCP_OK, "slirp-style OFFER parses");
	is_int(dl.dl_type, DHCPOFFER, "OFFER: type");
	is_str(inet_ntoa(dl.dl_addr), "10.0.2.15", "OFFER: yiaddr");
	is_str(inet_ntoa(dl.dl_server), "10.0.2.2", "OFFER: server id");
	is_str(inet_ntoa(dl.dl_mask), "255.255.255.0", "OFFER: mask");
	is_str(inet_ntoa(dl.dl_router), "10.0.2.2", "OFFER: router");
	is_int(dl.dl_ndns, 1, "OFFER: one name server");
	is_str(inet_ntoa(dl.dl_dns[0]), "10.0.2.3", "OFFER: name server");
	is_int(dl.dl_lease, 86400, "OFFER: lease time");
	is_int(dl.dl_have, DL_HAVE_MASK | DL_HAVE_ROUTER | DL_HAVE_DNS |
	    DL_HAVE_LEASE | DL_HAVE_SERVER, "OFFER: exactly those options");

	/* ACK with T1/T2, pads, an unknown option, four name servers
	   (three kept), two routers (the first kept), a domain. */
	hdr(&p, ip("192.168.7.9"));
	p.b[p.len++] = DHO_PAD;
	opt_type(&p, DHCPACK);
	p.b[p.len++] = DHO_PAD;
	opt_addr(&p, DHO_SERVER_ID, "192.168.7.1");
	opt(&p, 200, 3, "xyz");
	opt_u32(&p, DHO_LEASE_TIME, 600);
	opt_u32(&p, DHO_RENEWAL_TIME, 100);
	opt_u32(&p, DHO_REBINDING_TIME, 500);
	four[0] = ip("1.1.1.1"); four[1] = ip("2.2.2.2");
	four[2] = ip("3.3.3.3"); four[3] = ip("4.4.4.4");
	opt(&p, DHO_DNS, 16, four);
	opt(&p, DHO_ROUTERS, 8, four + 2);
	opt(&p, DHO_DOMAIN_NAME, 11, "example.org");
	opt_addr(&p, DHO_SUBNET_MASK, "255.255.240.0");
	end(&p);
	is_int(parse(&p, &dl), DHCP_OK, "ACK with T1, T2, pads parses");
	is_int(dl.dl_type, DHCPACK, "ACK: type");
	is_str(inet_ntoa(dl.dl_addr), "192.168.7.9", "ACK: yiaddr");
	is_int(dl.dl_t1, 100, "ACK: T1");
	is_int(dl.dl_t2, 500, "ACK: T2");
	is_int(dl.dl_lease, 600, "ACK: lease");
	is_int(dl.dl_ndns, 3, "ACK: three of four name servers kept");
	is_str(inet_ntoa(dl.dl_dns[2]), "3.3.3.3", "ACK: third name server");
	is_str(inet_ntoa(dl.dl_router), "3.3.3.3", "ACK: first router");
	is_str(dl.dl_domain, "example.org", "ACK: domain");
	is_str(inet_ntoa(dl.dl_mask), "255.255.240.0", "ACK: /20 mask");

	/* A NAK: no yiaddr needed, the message kept. */
	hdr(&p, 0);
	opt_type(&p, DHCPNAK);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_MESSAGE, 13, "wrong network");
	end(&p);
	is_int(parse(&p, &dl), DHCP_OK, "NAK parses");
	is_int(dl.dl_type, DHCPNAK, "NAK: type");
	is_str(dl.dl_message, "wrong network", "NAK: message");

	/* Trailing bytes after the end option are allowed (padding). */
	offer(&p, DHCPOFFER);
	end(&p);
	p.len += 40;
	is_int(parse(&p, &dl), DHCP_OK, "padding after the end option");
}

static void
header_errors(void)
{
	struct pkt p;

	offer(&p, DHCPOFFER);
	end(&p);
	p.len = 0;
	expect(&p, DHCP_ESHORT, "empty datagram: ESHORT");
	offer(&p, DHCPOFFER);
	end(&p);
	p.len = DHCP_FIXED_LEN - 1;
	expect(&p, DHCP_ESHORT, "239 bytes: ESHORT");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[0] = BOOTREQUEST;
	expect(&p, DHCP_EOP, "a BOOTREQUEST: EOP");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[1] = 6;
	expect(&p, DHCP_EHTYPE, "htype 6: EHTYPE");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[2] = 16;
	expect(&p, DHCP_EHTYPE, "hlen 16: EHTYPE");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[4] ^= 1;
	expect(&p, DHCP_EXID, "another xid: EXID");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[28 + 5] ^= 1;
	expect(&p, DHCP_ECHADDR, "another chaddr: ECHADDR");
	offer(&p, DHCPOFFER);
	end(&p);
	p.b[236] = 0;
	expect(&p, DHCP_ECOOKIE, "no magic cookie (BOOTP): ECOOKIE");
}

static void
option_errors(void)
{
	struct pkt p;
	uint8_t b[8] = { 0 };
	uint32_t a;

	offer(&p, DHCPOFFER);
	expect(&p, DHCP_ENOEND, "no end option: ENOEND");

	offer(&p, DHCPOFFER);
	p.b[p.len++] = DHO_SUBNET_MASK;
	expect(&p, DHCP_ETRUNC, "code without a length: ETRUNC");

	offer(&p, DHCPOFFER);
	p.b[p.len++] = DHO_SUBNET_MASK;
	p.b[p.len++] = 4;
	p.b[p.len++] = 255;
	p.b[p.len++] = 255;
	expect(&p, DHCP_ETRUNC, "mask with 2 of 4 bytes: ETRUNC");

	offer(&p, DHCPOFFER);
	p.b[p.len++] = 200;
	p.b[p.len++] = 255;
	end(&p);
	expect(&p, DHCP_ETRUNC, "unknown option of 255 bytes in 1: ETRUNC");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_SUBNET_MASK, 3, b);
	end(&p);
	expect(&p, DHCP_EOPTLEN, "mask of 3 bytes: EOPTLEN");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_ROUTERS, 5, b);
	end(&p);
	expect(&p, DHCP_EOPTLEN, "router list of 5 bytes: EOPTLEN");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_DNS, 0, b);
	end(&p);
	expect(&p, DHCP_EOPTLEN, "empty name server list: EOPTLEN");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_LEASE_TIME, 2, b);
	end(&p);
	expect(&p, DHCP_EOPTLEN, "lease time of 2 bytes: EOPTLEN");

	hdr(&p, ip("10.0.2.15"));
	opt(&p, DHO_MESSAGE_TYPE, 2, b);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	end(&p);
	expect(&p, DHCP_EOPTLEN, "message type of 2 bytes: EOPTLEN");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt(&p, DHO_SERVER_ID, 0, b);
	end(&p);
	expect(&p, DHCP_EOPTLEN, "empty server id: EOPTLEN");

	offer(&p, DHCPOFFER);
	opt_type(&p, DHCPACK);
	end(&p);
	expect(&p, DHCP_EDUP, "message type twice: EDUP");

	offer(&p, DHCPOFFER);
	opt_addr(&p, DHO_SUBNET_MASK, "255.0.0.0");
	end(&p);
	expect(&p, DHCP_EDUP, "mask twice: EDUP");

	hdr(&p, ip("10.0.2.15"));
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	end(&p);
	expect(&p, DHCP_ENOTYPE, "no message type: ENOTYPE");

	offer(&p, DHCPDISCOVER);
	end(&p);
	expect(&p, DHCP_EBADTYPE, "a DISCOVER from a server: EBADTYPE");
	offer(&p, 0);
	end(&p);
	expect(&p, DHCP_EBADTYPE, "message type 0: EBADTYPE");
	offer(&p, 200);
	end(&p);
	expect(&p, DHCP_EBADTYPE, "message type 200: EBADTYPE");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt_addr(&p, DHO_SUBNET_MASK, "255.0.255.0");
	end(&p);
	expect(&p, DHCP_EMASK, "mask 255.0.255.0: EMASK");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SUBNET_MASK, "255.255.255.0");
	end(&p);
	expect(&p, DHCP_ENOSERVER, "OFFER without server id: ENOSERVER");
	hdr(&p, 0);
	opt_type(&p, DHCPNAK);
	end(&p);
	expect(&p, DHCP_ENOSERVER, "NAK without server id: ENOSERVER");

	a = 0;
	hdr(&p, a);
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	end(&p);
	expect(&p, DHCP_EADDR, "yiaddr 0.0.0.0: EADDR");
	p.b[16] = p.b[17] = p.b[18] = p.b[19] = 255;
	expect(&p, DHCP_EADDR, "yiaddr 255.255.255.255: EADDR");
	a = ip("224.0.0.1");
	memcpy(p.b + 16, &a, 4);
	expect(&p, DHCP_EADDR, "yiaddr 224.0.0.1: EADDR");
	a = ip("127.0.0.1");
	memcpy(p.b + 16, &a, 4);
	expect(&p, DHCP_EADDR, "yiaddr 127.0.0.1: EADDR");
	a = ip("240.1.2.3");
	memcpy(p.b + 16, &a, 4);
	expect(&p, DHCP_EADDR, "yiaddr 240.1.2.3: EADDR");
}

/* Option overload (RFC 2132 9.3): more options in file and sname. */
static void
overload(void)
{
	struct pkt p;
	struct dhcp_lease dl;
	uint8_t ov, *f;
	uint32_t m = ip("255.255.0.0"), r = ip("10.9.9.9");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	ov = 3;
	opt(&p, DHO_OVERLOAD, 1, &ov);
	end(&p);
	f = p.b + offsetof(struct dhcp_msg, dm_file);
	f[0] = DHO_SUBNET_MASK; f[1] = 4; memcpy(f + 2, &m, 4);
	f[6] = DHO_END;
	f = p.b + offsetof(struct dhcp_msg, dm_sname);
	f[0] = DHO_SERVER_ID; f[1] = 4; memcpy(f + 2, &r, 4);
	f[6] = DHO_END;
	is_int(parse(&p, &dl), DHCP_OK, "overload 3: options in file, sname");
	is_str(inet_ntoa(dl.dl_mask), "255.255.0.0", "overload: mask (file)");
	is_str(inet_ntoa(dl.dl_server), "10.9.9.9", "overload: server (sname)");

	/* The file field's last option runs past the field's 128 bytes. */
	f = p.b + offsetof(struct dhcp_msg, dm_file);
	memset(f, DHO_PAD, 128);
	f[126] = 200;
	f[127] = 8;
	expect(&p, DHCP_ETRUNC, "overloaded file option past its field: "
	    "ETRUNC");

	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	ov = 4;
	opt(&p, DHO_OVERLOAD, 1, &ov);
	end(&p);
	expect(&p, DHCP_EOVERLOAD, "overload 4: EOVERLOAD");

	/* A mask in both the options and the file is given twice. */
	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	opt(&p, DHO_SUBNET_MASK, 4, &m);
	ov = 1;
	opt(&p, DHO_OVERLOAD, 1, &ov);
	end(&p);
	f = p.b + offsetof(struct dhcp_msg, dm_file);
	f[0] = DHO_SUBNET_MASK; f[1] = 4; memcpy(f + 2, &m, 4);
	f[6] = DHO_END;
	expect(&p, DHCP_EDUP, "mask in options and file: EDUP");
}

/* Every cut of a good reply inside its options, and random damage. */
static void
truncation_and_noise(void)
{
	struct pkt p, q;
	struct dhcp_lease dl;
	size_t full, n;
	uint32_t seed = 12345;
	int bad = 0, r, i, j;

	offer(&p, DHCPACK);
	opt(&p, DHO_DOMAIN_NAME, 9, "qemu.test");
	end(&p);
	full = p.len;
	for (n = DHCP_FIXED_LEN; n < full; n++) {
		q = p;
		q.len = n;
		r = parse(&q, &dl);
		if (r != DHCP_ETRUNC && r != DHCP_ENOEND) {
			printf("# cut at %zu: %s\n", n, dhcp_strerror(r));
			bad++;
		}
	}
	is_int(bad, 0, "every cut inside the options: ETRUNC or ENOEND");

	bad = 0;
	for (i = 0; i < 20000; i++) {
		q = p;
		for (j = 0; j < 4; j++) {
			seed = seed * 1103515245 + 12345;
			n = DHCP_FIXED_LEN + (seed >> 8) % (full - DHCP_FIXED_LEN);
			seed = seed * 1103515245 + 12345;
			q.b[n] = (uint8_t)(seed >> 16);
		}
		r = parse(&q, &dl);
		if (r < 0 || r >= DHCP_NERR)
			bad++;
		if (r == DHCP_OK && (dl.dl_ndns > DHCP_MAXNS ||
		    strlen(dl.dl_domain) >= sizeof(dl.dl_domain)))
			bad++;
	}
	is_int(bad, 0, "20000 randomly damaged replies: only known results");

	/* A 255-byte domain name with a NUL in it is cut, not overrun. */
	hdr(&p, ip("10.0.2.15"));
	opt_type(&p, DHCPOFFER);
	opt_addr(&p, DHO_SERVER_ID, "10.0.2.2");
	memset(q.b, 'a', 255);
	q.b[3] = '\0';
	opt(&p, DHO_DOMAIN_NAME, 255, q.b);
	end(&p);
	is_int(parse(&p, &dl), DHCP_OK, "255-byte domain name parses");
	is_str(dl.dl_domain, "aaa", "domain stops at its NUL");
}

static void
build(void)
{
	uint8_t b[DHCP_MSG_MAX], want[64];
	struct dhcp_req req;
	size_t len, i;
	int w = 0;

	memset(&req, 0, sizeof(req));
	req.dr_type = DHCPDISCOVER;
	req.dr_xid = htonl(0xdeadbeef);
	req.dr_secs = 3;
	memcpy(req.dr_chaddr, mac, 6);
	req.dr_broadcast = 1;
	len = dhcp_build(b, sizeof(b), &req);
	is_int(len, 300, "DISCOVER padded to 300 bytes");
	ok(b[0] == BOOTREQUEST && b[1] == 1 && b[2] == 6 && b[3] == 0,
	    "DISCOVER: op, htype, hlen, hops");
	ok(memcmp(b + 4, "\xde\xad\xbe\xef", 4) == 0, "DISCOVER: xid");
	ok(b[8] == 0 && b[9] == 3, "DISCOVER: secs");
	ok(b[10] == 0x80 && b[11] == 0, "DISCOVER: BROADCAST flag");
	ok(memcmp(b + 28, mac, 6) == 0, "DISCOVER: chaddr");
	ok(memcmp(b + 236, "\x63\x82\x53\x63", 4) == 0, "DISCOVER: cookie");
	want[w++] = 53; want[w++] = 1; want[w++] = 1;
	want[w++] = 61; want[w++] = 7; want[w++] = 1;
	memcpy(want + w, mac, 6); w += 6;
	want[w++] = 57; want[w++] = 2; want[w++] = 576 >> 8;
	want[w++] = 576 & 0xff;
	want[w++] = 55; want[w++] = 8;
	want[w++] = 1; want[w++] = 3; want[w++] = 6; want[w++] = 15;
	want[w++] = 51; want[w++] = 54; want[w++] = 58; want[w++] = 59;
	want[w++] = 255;
	ok(memcmp(b + 240, want, (size_t)w) == 0, "DISCOVER: options");
	for (i = 240 + (size_t)w; i < len && b[i] == 0; i++)
		;
	is_int(i, len, "DISCOVER: zero padding after the end option");

	req.dr_type = DHCPREQUEST;
	req.dr_reqaddr.s_addr = ip("10.0.2.15");
	req.dr_server.s_addr = ip("10.0.2.2");
	len = dhcp_build(b, sizeof(b), &req);
	ok(b[242] == DHCPREQUEST, "REQUEST: type");
	ok(memcmp(b + 252, "\x32\x04\x0a\x00\x02\x0f\x36\x04\x0a\x00\x02\x02",
	    12) == 0, "REQUEST: requested address and server id");
	is_int(dhcp_build(b, 100, &req), 0, "too small a buffer: 0");
	is_str(dhcp_strerror(-1), "unknown error", "dhcp_strerror(-1)");
	is_str(dhcp_strerror(DHCP_NERR), "unknown error",
	    "dhcp_strerror(DHCP_NERR)");
	is_str(dhcp_typename(DHCPACK), "DHCPACK", "dhcp_typename(DHCPACK)");
	is_str(dhcp_typename(99), "DHCP?", "dhcp_typename(99)");
}

int
main(void)
{
	good();
	header_errors();
	option_errors();
	overload();
	truncation_and_noise();
	build();
	return (done());
}
