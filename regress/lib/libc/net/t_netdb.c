/*
 * libc netdb: getaddrinfo (numeric hosts, /etc/hosts, /etc/services, the
 * exact list order and count, every EAI_ error path), getnameinfo,
 * gethostbyname/gethostbyaddr/gethostent with h_errno, getservbyname/
 * getservbyport/getservent, getprotobyname/getprotobynumber, and the
 * inet_aton forms getaddrinfo accepts.  The expected values are the
 * contents of the tree's etc/hosts, etc/services and etc/protocols; a
 * name with two addresses is appended to /etc/hosts for the ordering
 * checks and the file is put back as it was.  The DNS stub resolver is
 * tested against a small server forked on 127.0.0.1:53 (a CNAME chain,
 * NXDOMAIN, and a name it never answers, which must time out).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static char	desc[1024];

/*
 * The list as "socktype/protocol/address:port" entries joined by ',',
 * with "+canon" after the first entry's if it has one: one string shows
 * the order, the count and every field a caller uses.
 */
static const char *
describe(const struct addrinfo *ai)
{
	const struct sockaddr_in *sin;
	char a[INET_ADDRSTRLEN];
	size_t n;

	desc[0] = '\0';
	for (; ai != NULL; ai = ai->ai_next) {
		n = strlen(desc);
		if (ai->ai_family != AF_INET || ai->ai_addr == NULL ||
		    ai->ai_addrlen != sizeof(struct sockaddr_in)) {
			snprintf(desc + n, sizeof(desc) - n, "%sBAD(%d,%d)",
			    n ? "," : "", ai->ai_family, (int)ai->ai_addrlen);
			continue;
		}
		sin = (const struct sockaddr_in *)(const void *)ai->ai_addr;
		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		snprintf(desc + n, sizeof(desc) - n, "%s%d/%d/%s:%u%s%s%s",
		    n ? "," : "", ai->ai_socktype, ai->ai_protocol, a,
		    ntohs(sin->sin_port),
		    sin->sin_family != AF_INET || sin->sin_len != sizeof(*sin) ?
		    "!sa" : "",
		    ai->ai_canonname != NULL ? "+" : "",
		    ai->ai_canonname != NULL ? ai->ai_canonname : "");
	}
	return (desc);
}

/* getaddrinfo's result as describe() text, or "E<code>". */
static const char *
gai(const char *host, const char *serv, int family, int socktype,
    int protocol, int flags)
{
	struct addrinfo hints, *res;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = socktype;
	hints.ai_protocol = protocol;
	hints.ai_flags = flags;
	res = (struct addrinfo *)&hints;	/* must come back NULL on error */
	e = getaddrinfo(host, serv, &hints, &res);
	if (e != 0) {
		snprintf(desc, sizeof(desc), "E%d%s", e,
		    res != NULL ? "(res not NULL)" : "");
		return (desc);
	}
	describe(res);
	freeaddrinfo(res);
	return (desc);
}

static void
test_getaddrinfo(void)
{
	struct addrinfo hints, *res;
	int e;

	/* Numeric host, no hints: one UDP and one TCP entry, in that order. */
	res = NULL;
	e = getaddrinfo("127.0.0.1", "80", NULL, &res);
	is_int(e, 0, "gai numeric, NULL hints");
	is_str(describe(res), "2/17/127.0.0.1:80,1/6/127.0.0.1:80",
	    "gai numeric, NULL hints: dgram/udp then stream/tcp");
	ok(res != NULL && res->ai_flags == 0 && res->ai_canonname == NULL,
	    "gai numeric: flags 0, no canonname");
	freeaddrinfo(res);
	is_str(gai("10.0.2.15", "80", AF_UNSPEC, 0, 0, 0),
	    "2/17/10.0.2.15:80,1/6/10.0.2.15:80", "gai AF_UNSPEC, socktype 0");
	is_str(gai("10.0.2.15", "ssh", AF_INET, SOCK_STREAM, 0, 0),
	    "1/6/10.0.2.15:22", "gai service name, SOCK_STREAM");
	is_str(gai("10.0.2.15", "tftp", AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0),
	    "2/17/10.0.2.15:69", "gai SOCK_DGRAM/IPPROTO_UDP");
	is_str(gai("10.0.2.15", NULL, AF_INET, 0, IPPROTO_TCP, 0),
	    "1/6/10.0.2.15:0", "gai protocol only (tcp)");
	is_str(gai("127.1", NULL, 0, 0, 0, 0),
	    "2/17/127.0.0.1:0,1/6/127.0.0.1:0", "gai inet_aton form 127.1");
	is_str(gai("0x0a000202", "7", 0, SOCK_DGRAM, 0, AI_NUMERICHOST),
	    "2/17/10.0.2.2:7", "gai hex address under AI_NUMERICHOST");
	is_str(gai("127.0.0.1", NULL, 0, 0, 0, AI_CANONNAME),
	    "2/17/127.0.0.1:0+127.0.0.1,1/6/127.0.0.1:0",
	    "gai AI_CANONNAME on a number: the number, first entry only");

	/* Service names from /etc/services, per protocol. */
	is_str(gai("127.0.0.1", "domain", 0, 0, 0, 0),
	    "2/17/127.0.0.1:53,1/6/127.0.0.1:53", "gai domain: udp and tcp");
	is_str(gai("127.0.0.1", "ntp", 0, 0, 0, 0), "2/17/127.0.0.1:123",
	    "gai ntp (udp only): one entry");
	is_str(gai("127.0.0.1", "www", 0, 0, 0, 0), "1/6/127.0.0.1:80",
	    "gai alias www (tcp only): one entry");
	is_str(gai("127.0.0.1", "ntp", 0, SOCK_STREAM, 0, 0), "E4",
	    "gai udp-only service as SOCK_STREAM: EAI_FAIL");
	is_str(gai("127.0.0.1", "65535", 0, SOCK_STREAM, 0, AI_NUMERICSERV),
	    "1/6/127.0.0.1:65535", "gai port 65535 under AI_NUMERICSERV");

	/* NULL host: the wildcard for bind() or the loopback address. */
	is_str(gai(NULL, "80", AF_INET, SOCK_STREAM, 0, AI_PASSIVE),
	    "1/6/0.0.0.0:80", "gai NULL host, AI_PASSIVE: INADDR_ANY");
	is_str(gai(NULL, "80", AF_INET, SOCK_STREAM, 0, 0),
	    "1/6/127.0.0.1:80", "gai NULL host: loopback");
	is_str(gai(NULL, "80", 0, SOCK_STREAM, 0, AI_CANONNAME),
	    "1/6/127.0.0.1:80", "gai NULL host, AI_CANONNAME: no name");

	/* Raw sockets: only when asked for, and never with a service. */
	is_str(gai("127.0.0.1", NULL, 0, SOCK_RAW, 0, 0), "3/0/127.0.0.1:0",
	    "gai SOCK_RAW");
	is_str(gai("127.0.0.1", NULL, 0, SOCK_RAW, IPPROTO_ICMP, 0),
	    "3/1/127.0.0.1:0", "gai SOCK_RAW/IPPROTO_ICMP");

	/* Names from /etc/hosts. */
	is_str(gai("localhost", "echo", 0, 0, 0, AI_CANONNAME),
	    "2/17/127.0.0.1:7+localhost,1/6/127.0.0.1:7",
	    "gai localhost with canonname");
	is_str(gai("LocalHost.Petrel", "echo", 0, SOCK_DGRAM, 0,
	    AI_CANONNAME), "2/17/127.0.0.1:7+localhost",
	    "gai alias, any case: canonname is the official name");
	is_str(gai("gateway", NULL, AF_INET, SOCK_STREAM, 0, 0),
	    "1/6/10.0.2.2:0", "gai gateway");

	/* The error paths, each with its exact code. */
	is_str(gai(NULL, NULL, 0, 0, 0, 0), "E8", "gai NULL, NULL: EAI_NONAME");
	is_str(gai("127.0.0.1", "80", 0, 0, 0, 0x10000), "E3",
	    "gai unknown flag: EAI_BADFLAGS");
	is_str(gai("127.0.0.1", "80", AF_INET6, 0, 0, 0), "E5",
	    "gai AF_INET6 (no IPv6): EAI_FAMILY");
	is_str(gai("127.0.0.1", "80", 99, 0, 0, 0), "E5",
	    "gai family 99: EAI_FAMILY");
	is_str(gai("127.0.0.1", "80", 0, 99, 0, 0), "E10",
	    "gai socktype 99: EAI_SOCKTYPE");
	is_str(gai("127.0.0.1", NULL, 0, 99, 0, 0), "E10",
	    "gai socktype 99, no service: EAI_SOCKTYPE");
	is_str(gai("127.0.0.1", "80", 0, SOCK_STREAM, IPPROTO_UDP, 0), "E12",
	    "gai SOCK_STREAM/IPPROTO_UDP: EAI_BADHINTS");
	is_str(gai("127.0.0.1", "nosuchservice", 0, 0, 0, 0), "E9",
	    "gai unknown service: EAI_SERVICE");
	is_str(gai("127.0.0.1", "ssh", 0, SOCK_DGRAM, IPPROTO_UDP, 0), "E9",
	    "gai tcp-only service for udp: EAI_SERVICE");
	is_str(gai("127.0.0.1", "65536", 0, 0, 0, 0), "E9",
	    "gai port 65536: EAI_SERVICE");
	is_str(gai("127.0.0.1", "http", 0, 0, 0, AI_NUMERICSERV), "E8",
	    "gai name under AI_NUMERICSERV: EAI_NONAME");
	is_str(gai("127.0.0.1", "80", 0, SOCK_RAW, 0, 0), "E9",
	    "gai SOCK_RAW with a service: EAI_SERVICE");
	is_str(gai("localhost", "80", 0, 0, 0, AI_NUMERICHOST), "E8",
	    "gai name under AI_NUMERICHOST: EAI_NONAME");
	is_str(gai("no.such.host", "80", 0, 0, 0, 0), "E8",
	    "gai unknown host: EAI_NONAME");
	is_str(gai("", "80", 0, 0, 0, 0), "E8", "gai empty host: EAI_NONAME");
	is_str(gai("1.2.3.4.5", NULL, 0, 0, 0, 0), "E8",
	    "gai five-part address: EAI_NONAME");
	memset(&hints, 0, sizeof(hints));
	hints.ai_next = &hints;
	is_int(getaddrinfo("127.0.0.1", "80", &hints, &res), EAI_BADHINTS,
	    "gai hints with ai_next set: EAI_BADHINTS");
	memset(&hints, 0, sizeof(hints));
	hints.ai_addrlen = 16;
	is_int(getaddrinfo("127.0.0.1", "80", &hints, &res), EAI_BADHINTS,
	    "gai hints with ai_addrlen set: EAI_BADHINTS");

	is_str(gai_strerror(EAI_NONAME), "Name does not resolve",
	    "gai_strerror(EAI_NONAME)");
	is_str(gai_strerror(EAI_SERVICE),
	    "Service was not recognized for socket type",
	    "gai_strerror(EAI_SERVICE)");
	is_str(gai_strerror(0), "Success", "gai_strerror(0)");
	is_str(gai_strerror(-1), "Unknown error", "gai_strerror(-1)");
	is_str(gai_strerror(EAI_MAX), "Unknown error", "gai_strerror(EAI_MAX)");
	freeaddrinfo(NULL);
	ok(1, "freeaddrinfo(NULL) is harmless");
}

/* Append two lines naming "multi" to /etc/hosts; return the old text. */
static char *
hosts_append(size_t *lenp)
{
	static const char add[] =
	    "192.0.2.10\tmulti\t# t_netdb\n"
	    "192.0.2.11\tmulti2 MULTI\t# t_netdb\n";
	char *old;
	ssize_t n;
	int fd;

	old = malloc(65536);
	if (old == NULL || (fd = open("/etc/hosts", O_RDONLY)) < 0)
		return (NULL);
	n = read(fd, old, 65536);
	close(fd);
	if (n < 0 || (fd = open("/etc/hosts", O_WRONLY | O_APPEND)) < 0)
		return (NULL);
	if (write(fd, add, sizeof(add) - 1) != (ssize_t)sizeof(add) - 1) {
		close(fd);
		return (NULL);
	}
	close(fd);
	*lenp = (size_t)n;
	return (old);
}

static int
hosts_restore(const char *old, size_t len)
{
	int fd, ret;

	if ((fd = open("/etc/hosts", O_WRONLY | O_TRUNC)) < 0)
		return (-1);
	ret = write(fd, old, len) == (ssize_t)len ? 0 : -1;
	close(fd);
	return (ret);
}

static void
test_multi(void)
{
	char *old;
	size_t len;

	old = hosts_append(&len);
	if (!ok(old != NULL, "append a two-address name to /etc/hosts"))
		return;
	/* Row-major: every address as UDP, then every address as TCP. */
	is_str(gai("multi", "53", 0, 0, 0, AI_CANONNAME),
	    "2/17/192.0.2.10:53+multi,2/17/192.0.2.11:53,"
	    "1/6/192.0.2.10:53,1/6/192.0.2.11:53",
	    "gai two addresses, no socktype: 4 entries, row-major");
	is_str(gai("multi", "53", 0, SOCK_STREAM, 0, 0),
	    "1/6/192.0.2.10:53,1/6/192.0.2.11:53",
	    "gai two addresses, SOCK_STREAM: 2 entries in file order");
	ok(gethostbyname("multi") != NULL &&
	    gethostbyname("multi")->h_addr_list[1] == NULL,
	    "gethostbyname takes the first line only");
	is_int(hosts_restore(old, len), 0, "restore /etc/hosts");
	is_str(gai("multi", NULL, 0, 0, 0, 0), "E8",
	    "gai after restore: EAI_NONAME");
	free(old);
}

/*
 * The fake DNS server: answers "alias.test" with a CNAME to "real.test"
 * and two A records, "localhost" with 192.0.2.99 (so a test can see the
 * file was asked first), anything else ending in "nx.test" with NXDOMAIN,
 * and never answers "silent.test".
 */
static void
dns_server(int s)
{
	static const unsigned char real[] = "\004real\004test";
	unsigned char m[512];
	struct sockaddr_in from;
	socklen_t fromlen;
	char name[256];
	size_t pos, o, qend, p;
	ssize_t n;

	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(s, m, sizeof(m) - 128, 0,
		    (struct sockaddr *)&from, &fromlen);
		if (n < 12)
			continue;
		for (pos = 12, o = 0; pos < (size_t)n && m[pos] != 0 &&
		    o + m[pos] + 1 < sizeof(name); pos += m[pos] + 1) {
			if (o > 0)
				name[o++] = '.';
			memcpy(name + o, m + pos + 1, m[pos]);
			o += m[pos];
		}
		name[o] = '\0';
		qend = pos + 1 + 4;
		if (strcmp(name, "silent.test") == 0)
			continue;
		m[2] = 0x81;			/* QR, RD */
		m[3] = 0x80;			/* RA, NOERROR */
		m[6] = m[7] = m[8] = m[9] = m[10] = m[11] = 0;
		p = qend;
		if (strcmp(name, "alias.test") == 0) {
			m[7] = 3;
			/* CNAME: owner = the question's name. */
			memcpy(m + p, "\300\014\000\005\000\001\000\000\000\074"
			    "\000\013", 12);
			memcpy(m + p + 12, real, 11);
			p += 12 + 11;
			/* Two A records owned by the CNAME's target. */
			for (o = 0; o < 2; o++) {
				m[p] = 0xc0;
				m[p + 1] = (unsigned char)(qend + 12);
				memcpy(m + p + 2, "\000\001\000\001\000\000\000"
				    "\074\000\004\300\000\002", 13);
				m[p + 15] = (unsigned char)(53 + o);
				p += 16;
			}
		} else if (strcmp(name, "localhost") == 0) {
			m[7] = 1;
			memcpy(m + p, "\300\014\000\001\000\001\000\000\000\074"
			    "\000\004\300\000\002\143", 16);
			p += 16;
		} else
			m[3] = 0x83;		/* NXDOMAIN */
		sendto(s, m, p, 0, (struct sockaddr *)&from, fromlen);
	}
}

static void
test_dns(void)
{
	struct sockaddr_in sin;
	struct hostent *hp;
	struct timespec t0, t1;
	pid_t pid;
	int s, fd, st;
	long ms;
	char c;
	int pfd[2];
	static const char conf[] =
	    "# t_netdb\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n";

	if (!ok(access("/etc/resolv.conf", F_OK) != 0,
	    "no /etc/resolv.conf before the DNS tests"))
		return;
	is_str(gai("nx.test", NULL, 0, 0, 0, 0), "E8",
	    "gai unknown name, no resolv.conf: EAI_NONAME at once");
	if (pipe(pfd) != 0)
		return;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(53);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!ok(s >= 0 && bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0,
	    "fake DNS server bound to 127.0.0.1:53"))
		return;
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		write(pfd[1], "r", 1);
		dns_server(s);
		_exit(0);
	}
	close(s);
	close(pfd[1]);
	read(pfd[0], &c, 1);
	close(pfd[0]);
	fd = open("/etc/resolv.conf", O_WRONLY | O_CREAT | O_EXCL, 0644);
	ok(fd >= 0 && write(fd, conf, sizeof(conf) - 1) ==
	    (ssize_t)sizeof(conf) - 1, "write /etc/resolv.conf");
	close(fd);

	hp = gethostbyname("alias.test");
	ok(hp != NULL && strcmp(hp->h_name, "real.test") == 0 &&
	    hp->h_addr_list[0] != NULL && hp->h_addr_list[1] != NULL &&
	    hp->h_addr_list[2] == NULL &&
	    memcmp(hp->h_addr_list[0], "\300\000\002\065", 4) == 0 &&
	    memcmp(hp->h_addr_list[1], "\300\000\002\066", 4) == 0,
	    "gethostbyname via DNS: CNAME target, two addresses");
	is_str(gai("alias.test", "80", 0, SOCK_STREAM, 0, AI_CANONNAME),
	    "1/6/192.0.2.53:80+real.test,1/6/192.0.2.54:80",
	    "gai via DNS with canonname");
	ok(gethostbyname("nx.test") == NULL && h_errno == HOST_NOT_FOUND,
	    "gethostbyname NXDOMAIN: HOST_NOT_FOUND");
	is_str(gai("nx.test", "80", 0, 0, 0, 0), "E8",
	    "gai NXDOMAIN: EAI_NONAME");
	is_str(gai("localhost", NULL, 0, SOCK_DGRAM, 0, 0),
	    "2/17/127.0.0.1:0", "gai: /etc/hosts is asked before DNS");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_str(gai("silent.test", NULL, 0, 0, 0, 0), "E2",
	    "gai no answer: EAI_AGAIN");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000;
	ok(ms >= 900 && ms < 30000, "gai no answer: gives up after timeout:1");
	if (ms < 900 || ms >= 30000)
		printf("# took %ld ms\n", ms);
	ok(gethostbyname("silent.test") == NULL && h_errno == TRY_AGAIN,
	    "gethostbyname no answer: TRY_AGAIN");

	is_int(unlink("/etc/resolv.conf"), 0, "remove /etc/resolv.conf");
	kill(pid, SIGKILL);
	is_int(waitpid(pid, &st, 0), pid, "fake DNS server reaped");
}

static void
test_getnameinfo(void)
{
	struct sockaddr_in sin;
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(22);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), serv, sizeof(serv), 0), 0, "gni 127.0.0.1:22");
	is_str(host, "localhost", "gni host name from /etc/hosts");
	is_str(serv, "ssh", "gni service name from /etc/services");
	getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, sizeof(host),
	    serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV);
	is_str(host, "127.0.0.1", "gni NI_NUMERICHOST");
	is_str(serv, "22", "gni NI_NUMERICSERV");
	sin.sin_port = htons(69);
	getnameinfo((struct sockaddr *)&sin, sizeof(sin), NULL, 0, serv,
	    sizeof(serv), 0);
	is_str(serv, "69", "gni port 69 as tcp: numeric");
	getnameinfo((struct sockaddr *)&sin, sizeof(sin), NULL, 0, serv,
	    sizeof(serv), NI_DGRAM);
	is_str(serv, "tftp", "gni port 69 with NI_DGRAM: tftp");
	sin.sin_addr.s_addr = inet_addr("192.0.2.1");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), NULL, 0, 0), 0, "gni unknown address");
	is_str(host, "192.0.2.1", "gni unknown address: numeric");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), NULL, 0, NI_NAMEREQD), EAI_NONAME,
	    "gni NI_NAMEREQD, unknown: EAI_NONAME");
	sin.sin_addr.s_addr = inet_addr("10.0.2.2");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), NULL, 0, NI_NAMEREQD), 0, "gni NI_NAMEREQD, known");
	is_str(host, "gateway", "gni 10.0.2.2 is gateway");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), NULL, 0, NI_NAMEREQD | NI_NUMERICHOST), EAI_NONAME,
	    "gni NI_NAMEREQD|NI_NUMERICHOST: EAI_NONAME");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, 7,
	    NULL, 0, 0), EAI_OVERFLOW, "gni host buffer too short");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, 8,
	    NULL, 0, 0), 0, "gni host buffer exactly long enough");
	sin.sin_port = htons(22);
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), NULL, 0,
	    serv, 3, 0), EAI_OVERFLOW, "gni service buffer too short");
	sin.sin_addr.s_addr = inet_addr("224.0.0.1");
	getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, sizeof(host),
	    NULL, 0, 0);
	is_str(host, "224.0.0.1", "gni multicast: always numeric");
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), NULL, 0,
	    NULL, 0, 0), EAI_NONAME, "gni nothing wanted: EAI_NONAME");
	is_int(getnameinfo((struct sockaddr *)&sin, 8, host, sizeof(host),
	    NULL, 0, 0), EAI_FAIL, "gni short salen: EAI_FAIL");
	is_int(getnameinfo(NULL, sizeof(sin), host, sizeof(host), NULL, 0, 0),
	    EAI_FAIL, "gni NULL sockaddr: EAI_FAIL");
	sin.sin_family = AF_UNIX;
	is_int(getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), NULL, 0, 0), EAI_FAMILY, "gni AF_UNIX: EAI_FAMILY");
}

static void
test_hostent(void)
{
	struct hostent *hp;
	struct in_addr a;
	int n;

	hp = gethostbyname("localhost");
	ok(hp != NULL, "gethostbyname localhost");
	if (hp != NULL) {
		is_str(hp->h_name, "localhost", "h_name");
		is_str(hp->h_aliases[0], "localhost.petrel", "h_aliases[0]");
		ok(hp->h_aliases[1] == NULL, "one alias");
		is_int(hp->h_addrtype, AF_INET, "h_addrtype");
		is_int(hp->h_length, 4, "h_length");
		memcpy(&a, hp->h_addr_list[0], 4);
		is_int(ntohl(a.s_addr), INADDR_LOOPBACK, "h_addr_list[0]");
		ok(hp->h_addr_list[1] == NULL, "one address");
		is_int(h_errno, NETDB_SUCCESS, "h_errno NETDB_SUCCESS");
	}
	hp = gethostbyname("PETREL");
	ok(hp != NULL && strcmp(hp->h_name, "petrel") == 0,
	    "gethostbyname ignores case");
	hp = gethostbyname("10.0.2.2");
	ok(hp != NULL && strcmp(hp->h_name, "10.0.2.2") == 0 &&
	    memcmp(hp->h_addr, "\012\000\002\002", 4) == 0,
	    "gethostbyname of a number");
	ok(gethostbyname("nonexistent") == NULL && h_errno == HOST_NOT_FOUND,
	    "gethostbyname unknown: HOST_NOT_FOUND");
	ok(gethostbyname("") == NULL && h_errno == HOST_NOT_FOUND,
	    "gethostbyname empty: HOST_NOT_FOUND");
	errno = 0;
	ok(gethostbyname2("localhost", AF_INET6) == NULL &&
	    h_errno == NETDB_INTERNAL && errno == EAFNOSUPPORT,
	    "gethostbyname2 AF_INET6: NETDB_INTERNAL, EAFNOSUPPORT");
	a.s_addr = inet_addr("10.0.2.2");
	hp = gethostbyaddr(&a, sizeof(a), AF_INET);
	ok(hp != NULL && strcmp(hp->h_name, "gateway") == 0,
	    "gethostbyaddr 10.0.2.2");
	a.s_addr = inet_addr("192.0.2.99");
	ok(gethostbyaddr(&a, sizeof(a), AF_INET) == NULL &&
	    h_errno == HOST_NOT_FOUND, "gethostbyaddr unknown: HOST_NOT_FOUND");
	errno = 0;
	ok(gethostbyaddr(&a, 3, AF_INET) == NULL && h_errno == NETDB_INTERNAL &&
	    errno == EINVAL, "gethostbyaddr length 3: EINVAL");
	errno = 0;
	ok(gethostbyaddr(&a, 4, AF_UNIX) == NULL && errno == EAFNOSUPPORT,
	    "gethostbyaddr AF_UNIX: EAFNOSUPPORT");
	is_str(hstrerror(HOST_NOT_FOUND), "Unknown host", "hstrerror");

	sethostent(1);
	for (n = 0; gethostent() != NULL; n++)
		;
	endhostent();
	is_int(n, 3, "gethostent: the three IPv4 lines of /etc/hosts");
}

static void
test_servent_protoent(void)
{
	struct servent *sp;
	struct protoent *pp;
	int n;

	sp = getservbyname("ssh", "tcp");
	ok(sp != NULL && sp->s_port == htons(22) &&
	    strcmp(sp->s_proto, "tcp") == 0 && strcmp(sp->s_name, "ssh") == 0,
	    "getservbyname ssh/tcp");
	ok(getservbyname("ssh", "udp") == NULL, "getservbyname ssh/udp: none");
	sp = getservbyname("domain", NULL);
	ok(sp != NULL && sp->s_port == htons(53) &&
	    strcmp(sp->s_proto, "tcp") == 0,
	    "getservbyname domain, any protocol: the first line");
	sp = getservbyname("www", "tcp");
	ok(sp != NULL && strcmp(sp->s_name, "http") == 0 &&
	    sp->s_port == htons(80), "getservbyname by alias");
	sp = getservbyname("discard", "udp");
	ok(sp != NULL && sp->s_aliases[0] != NULL &&
	    strcmp(sp->s_aliases[0], "sink") == 0 &&
	    strcmp(sp->s_aliases[1], "null") == 0 && sp->s_aliases[2] == NULL,
	    "servent aliases");
	sp = getservbyport(htons(53), "udp");
	ok(sp != NULL && strcmp(sp->s_name, "domain") == 0 &&
	    strcmp(sp->s_proto, "udp") == 0, "getservbyport 53/udp");
	ok(getservbyport(htons(9999), NULL) == NULL, "getservbyport unknown");
	ok(getservbyname("nosuch", NULL) == NULL, "getservbyname unknown");
	setservent(0);
	for (n = 0; getservent() != NULL; n++)
		;
	endservent();
	is_int(n, 29, "getservent: the 29 lines of /etc/services");

	pp = getprotobyname("udp");
	ok(pp != NULL && pp->p_proto == IPPROTO_UDP, "getprotobyname udp");
	pp = getprotobyname("TCP");
	ok(pp != NULL && strcmp(pp->p_name, "tcp") == 0 && pp->p_proto == 6,
	    "getprotobyname by alias TCP");
	pp = getprotobynumber(IPPROTO_ICMP);
	ok(pp != NULL && strcmp(pp->p_name, "icmp") == 0,
	    "getprotobynumber 1");
	ok(getprotobynumber(200) == NULL, "getprotobynumber unknown");
	ok(getprotobyname("nonesuch") == NULL, "getprotobyname unknown");
	setprotoent(1);
	for (n = 0; getprotoent() != NULL; n++)
		;
	endprotoent();
	is_int(n, 7, "getprotoent: the 7 lines of /etc/protocols");
}

static void
test_inet(void)
{
	struct in_addr a;

	ok(inet_aton("10.1", &a) == 1 && ntohl(a.s_addr) == 0x0a000001,
	    "inet_aton 10.1");
	ok(inet_aton("256.1.1.1", &a) == 0, "inet_aton 256.1.1.1 rejected");
	is_int(inet_addr("x"), (in_addr_t)INADDR_NONE, "inet_addr bad");
	a.s_addr = htonl(0x0a000205);
	is_str(inet_ntoa(a), "10.0.2.5", "inet_ntoa");
}

int
main(void)
{
	test_getaddrinfo();
	test_multi();
	test_dns();
	test_getnameinfo();
	test_hostent();
	test_servent_protoent();
	test_inet();
	return (done());
}
