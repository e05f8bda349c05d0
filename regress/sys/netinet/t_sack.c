/*
 * t_sack: TCP selective acknowledgement negotiation (RFC 2018) over
 * lo0, read back from each connection's tcpcb flags in
 * net.inet.tcp.tcbs: with net.inet.tcp.sack.enable 1 (the default) both
 * ends offer SACK-permitted on their SYN and both agree (TF_REQ_SACK and
 * TF_SACK_PERMIT); with 0 neither offers nor agrees; with the client
 * made while on and the listener answering while off, the client offered
 * but, its SYN|ACK carrying no SACK-permitted, did not agree either.
 * Data still flows exactly on a SACK connection, netstat -s -p tcp shows
 * the SACK counters, and the sysctl refuses a value of the wrong size.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "inet.h"

/* Must match sys/netinet/tcp_var.h. */
#define TF_REQ_SACK	0x08000
#define TF_SACK_PERMIT	0x10000

static int
set_enable(int v)
{
	return (sysctlbyname("net.inet.tcp.sack.enable", NULL, NULL, &v,
	    sizeof(v)) == 0 ? 0 : errno);
}

/* t_flags of the connection lport>fport in net.inet.tcp.tcbs, or -1. */
static long
tcb_flags(int lport, int fport)
{
	static char buf[65536];
	char key[32], *p, *fl;
	size_t len = sizeof(buf) - 1;

	if (sysctlbyname("net.inet.tcp.tcbs", buf, &len, NULL, 0) != 0)
		return (-1);
	buf[len] = '\0';
	snprintf(key, sizeof(key), "%d>%d ", lport, fport);
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, key, strlen(key)) != 0)
			continue;
		if ((fl = strstr(p, " fl ")) == NULL)
			return (-1);
		return (strtol(fl + 4, NULL, 0));
	}
	return (-1);
}

/*
 * A connection over 127.0.0.1: *cs the client, *as the accepted end;
 * enable_srv is what sack.enable says when the listener answers (the
 * client's socket is made with enable_cli).
 */
static int
pair(int enable_cli, int enable_srv, int *cs, int *as)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int ls, on = 1;

	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0)
		return (-1);
	(void)setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	mkaddr(&sin, "127.0.0.1", 0);
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(ls, 5) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sin, &sl) != 0)
		goto fail;
	if (set_enable(enable_cli) != 0)
		goto fail;
	*cs = socket(AF_INET, SOCK_STREAM, 0);
	if (set_enable(enable_srv) != 0 || *cs < 0 ||
	    connect(*cs, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		goto fail;
	*as = accept(ls, NULL, NULL);
	close(ls);
	(void)set_enable(1);
	return (*as >= 0 ? 0 : -1);
fail:
	close(ls);
	(void)set_enable(1);
	return (-1);
}

/*
 * Close both ends with a RST (SO_LINGER 0): no TIME_WAIT left behind
 * for t_tcp's count of TCP pcbs, which runs next.
 */
static void
abort_pair(int cs, int as)
{
	struct linger l = { 1, 0 };

	(void)setsockopt(cs, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	(void)setsockopt(as, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(cs);
	close(as);
}

static void
check(int cs, int as, long want_cli, long want_srv, const char *what)
{
	char name[128];
	long f;
	int cport = local_port(cs), sport = local_port(as);

	f = tcb_flags(cport, sport);
	snprintf(name, sizeof(name), "%s: client flags", what);
	if (!is_int(f >= 0 ? f & (TF_REQ_SACK | TF_SACK_PERMIT) : -1,
	    want_cli, name))
		printf("# client %d>%d fl %#lx\n", cport, sport, f);
	f = tcb_flags(sport, cport);
	snprintf(name, sizeof(name), "%s: server flags", what);
	if (!is_int(f >= 0 ? f & (TF_REQ_SACK | TF_SACK_PERMIT) : -1,
	    want_srv, name))
		printf("# server %d>%d fl %#lx\n", sport, cport, f);
}

int
main(void)
{
	char buf[4096], back[4096], line[256];
	size_t len;
	ssize_t n;
	int cs = -1, as = -1, v, i, got, found;
	FILE *f;

	len = sizeof(v);
	ok(sysctlbyname("net.inet.tcp.sack.enable", &v, &len, NULL, 0) == 0 &&
	    len == sizeof(v), "net.inet.tcp.sack.enable reads");
	is_int(v, 1, "on by default");

	ok(pair(1, 1, &cs, &as) == 0, "connection with SACK on");
	check(cs, as, TF_REQ_SACK | TF_SACK_PERMIT,
	    TF_REQ_SACK | TF_SACK_PERMIT, "on");
	/* Exact bytes over the SACK connection (no Nagle wait each time). */
	v = 1;
	(void)setsockopt(cs, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v));
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	got = 0;
	for (i = 0; i < 64; i++) {
		if (write(cs, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			break;
		n = recv(as, back, sizeof(back), MSG_WAITALL);
		if (n != (ssize_t)sizeof(back) ||
		    memcmp(buf, back, sizeof(buf)) != 0)
			break;
		got++;
	}
	is_int(got, 64, "256 KiB through it, exact");
	abort_pair(cs, as);

	ok(pair(0, 0, &cs, &as) == 0, "connection with SACK off");
	check(cs, as, 0, 0, "off");
	abort_pair(cs, as);

	ok(pair(1, 0, &cs, &as) == 0, "client on, listener off");
	check(cs, as, TF_REQ_SACK, 0, "one-sided");
	abort_pair(cs, as);

	v = 1;
	len = sizeof(v);
	ok(sysctlbyname("net.inet.tcp.sack.enable", &v, &len, NULL, 0) == 0 &&
	    v == 1, "back on");
	{
		short sh = 0;

		ok(sysctlbyname("net.inet.tcp.sack.enable", NULL, NULL, &sh,
		    sizeof(sh)) != 0 && errno == EINVAL,
		    "a 2-byte value: EINVAL");
	}

	found = 0;
	if ((f = popen("/usr/bin/netstat -s -p tcp", "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (strstr(line, " SACK recovery episode") != NULL)
				found |= 1;
			if (strstr(line, " (SACK blocks) sent") !=
			    NULL)
				found |= 2;
			if (strstr(line, " in SACK recovery episodes") != NULL)
				found |= 4;
		}
		pclose(f);
	}
	is_int(found, 7, "netstat -s -p tcp shows the SACK counters");
	return (done());
}
