/*
 * netstat(1): network and socket status from the kernel's sysctl
 * records, in FreeBSD's formats.
 *
 *	netstat [-46aLnWx] [-f family] [--json]	active sockets
 *	netstat -m [--json]			mbuf statistics
 *	netstat -s[s] [-p proto] | -i | -r	protocols, interfaces, routes
 *
 * The socket list reads net.local.{stream,dgram,seqpacket}.pcblist with
 * the generation protocol (sysrec.c) and says so when a list changed
 * under every retry; -m reads kern.ipc.mbstat, kern.ipc.mbstat_percpu
 * and the limits.  Internet sockets, protocol statistics (-s, -p),
 * interfaces (-i) and routes (-r) are inet.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/mbuf.h>
#include <sys/sysctl.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netstat.h"
#include "sysrec.h"

#define FW	16			/* hex id columns, as on LP64 */

int		aflag, Lflag, nflag, xflag, Wflag, sflag, opt_json;
int		want_unix = 1;
int		jfirst_sec = 1;		/* --json: no section yet */
const char	*pflag;
static int	mflag, iflag, rflag, want_inet = 1;

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n",
	    "usage: netstat [-46aLnWx] [-f inet|inet6|unix|local] [--json]",
	    "       netstat -m [--json]",
	    "       netstat -i | -r | -s[s] [-n] [-p proto] [--json]");
	exit(1);
}

/* --json: open the member `name' of "statistics". */
void
json_section(const char *name)
{
	if (!jfirst_sec)
		putchar(',');
	jfirst_sec = 0;
	printf("\"%s\":", name);
}

/* Does the kernel have this node at all? */
int
have_node(const char *name)
{
	int mib[CTL_MAXNAME];
	size_t len = CTL_MAXNAME;

	return (sysctlnametomib(name, mib, &len) == 0);
}

/* ---- Unix-domain sockets ----------------------------------------------- */

static const struct {
	const char	*list;
	const char	*type;		/* FreeBSD's 6-column names */
	const char	*json;
} unix_lists[] = {
	{ "net.local.stream.pcblist", "stream", "stream" },
	{ "net.local.dgram.pcblist", "dgram", "dgram" },
	{ "net.local.seqpacket.pcblist", "seqpac", "seqpacket" },
};

static const char *
xu_path(const struct xunpcb *xu)
{
	return (xu->xu_addr.sun_family == AF_UNIX &&
	    xu->xu_addr.sun_path[0] != '\0' ? xu->xu_addr.sun_path : NULL);
}

static void
unix_header(void)
{
	if (Lflag) {
		printf("Current listen queue sizes (qlen/incqlen/maxqlen)\n");
		printf("%-5.5s %-14.14s %s\n", "Proto", "Listen",
		    "Local Address");
		return;
	}
	printf("Active UNIX domain sockets\n");
	printf("%-*.*s %-6.6s %-6.6s %-6.6s ", FW, FW, "Address", "Type",
	    "Recv-Q", "Send-Q");
	if (xflag)
		printf("%6s %6s %6s %6s %6s %6s %6s %6s ", "R-HIWA", "S-HIWA",
		    "R-LOWA", "S-LOWA", "R-BCNT", "S-BCNT", "R-BMAX",
		    "S-BMAX");
	printf("%*.*s %*.*s %*.*s %*.*s Addr\n", FW, FW, "Inode", FW, FW,
	    "Conn", FW, FW, "Refs", FW, FW, "Nextref");
}

static void
unix_row(const struct xunpcb *xu, const char *type)
{
	const struct xsocket *so = &xu->xu_socket;
	const char *path = xu_path(xu);
	char q[32];

	if (Lflag) {
		snprintf(q, sizeof(q), "%d/%d/%d", so->so_qlen,
		    so->so_incqlen, so->so_qlimit);
		printf("%-5.5s %-14.14s %s\n", "unix", q,
		    path != NULL ? path : "");
		return;
	}
	printf("%-*llx %-6.6s %6llu %6llu ", FW,
	    (unsigned long long)xu->xu_unpp, type,
	    (unsigned long long)so->so_rcv.sb_cc,
	    (unsigned long long)so->so_snd.sb_cc);
	if (xflag)
		printf("%6llu %6llu %6lld %6lld %6llu %6llu %6llu %6llu ",
		    (unsigned long long)so->so_rcv.sb_hiwat,
		    (unsigned long long)so->so_snd.sb_hiwat,
		    (long long)so->so_rcv.sb_lowat,
		    (long long)so->so_snd.sb_lowat,
		    (unsigned long long)so->so_rcv.sb_mbcnt,
		    (unsigned long long)so->so_snd.sb_mbcnt,
		    (unsigned long long)so->so_rcv.sb_mbmax,
		    (unsigned long long)so->so_snd.sb_mbmax);
	printf("%*llx %*llx %*llx %*llx", FW,
	    (unsigned long long)xu->unp_vnode, FW,
	    (unsigned long long)xu->unp_conn, FW,
	    (unsigned long long)xu->xu_firstref, FW,
	    (unsigned long long)xu->xu_nextref);
	if (path != NULL)
		printf(" %s", path);
	putchar('\n');
}

static void
unix_json(const struct xunpcb *xu, const char *type, int *first)
{
	const struct xsocket *so = &xu->xu_socket;
	const char *path = xu_path(xu);
	int f = 1;

	if (!*first)
		putchar(',');
	*first = 0;
	putchar('{');
	json_key(stdout, &f, "address");
	printf("\"%llx\"", (unsigned long long)xu->xu_unpp);
	json_key(stdout, &f, "type");
	json_str(stdout, type);
	json_key(stdout, &f, "receive-bytes-waiting");
	printf("%llu", (unsigned long long)so->so_rcv.sb_cc);
	json_key(stdout, &f, "send-bytes-waiting");
	printf("%llu", (unsigned long long)so->so_snd.sb_cc);
	json_key(stdout, &f, "receive-high-water");
	printf("%llu", (unsigned long long)so->so_rcv.sb_hiwat);
	json_key(stdout, &f, "send-high-water");
	printf("%llu", (unsigned long long)so->so_snd.sb_hiwat);
	json_key(stdout, &f, "listening");
	printf("%s", (so->so_options & SO_ACCEPTCONN) ? "true" : "false");
	json_key(stdout, &f, "queue-len");
	printf("%d", so->so_qlen);
	json_key(stdout, &f, "incomplete-queue-len");
	printf("%d", so->so_incqlen);
	json_key(stdout, &f, "queue-limit");
	printf("%d", so->so_qlimit);
	json_key(stdout, &f, "inode");
	printf("\"%llx\"", (unsigned long long)xu->unp_vnode);
	json_key(stdout, &f, "conn");
	printf("\"%llx\"", (unsigned long long)xu->unp_conn);
	json_key(stdout, &f, "refs");
	printf("\"%llx\"", (unsigned long long)xu->xu_firstref);
	json_key(stdout, &f, "nextref");
	printf("\"%llx\"", (unsigned long long)xu->xu_nextref);
	if (path != NULL) {
		json_key(stdout, &f, "path");
		json_str(stdout, path);
	}
	putchar('}');
}

/*
 * Which rows: -L only listening sockets; otherwise everything but the
 * listening ones, which (as with Internet servers) need -a.
 */
static int
unix_wanted(const struct xunpcb *xu)
{
	int listening = (xu->xu_socket.so_options & SO_ACCEPTCONN) != 0;

	if (Lflag)
		return (listening);
	return (aflag || !listening);
}

static int
unixpr(void)
{
	struct sysrec_list sl;
	size_t i, k;
	int first = 1, jfirst = 1, rc = 0;

	if (opt_json) {
		if (!jfirst_sec)
			putchar(',');
		jfirst_sec = 0;
		printf("\"unix-sockets\":[");
	}
	for (k = 0; k < sizeof(unix_lists) / sizeof(unix_lists[0]); k++) {
		if (sysrec_read(unix_lists[k].list, sizeof(struct xunpcb),
		    &sl) < 0) {
			warn("%s", unix_lists[k].list);
			rc = 1;
			continue;
		}
		if (!sl.sl_consistent)
			fprintf(stderr, "Some %s sockets may have been "
			    "created or deleted.\n", unix_lists[k].json);
		for (i = 0; i < sl.sl_count; i++) {
			const struct xunpcb *xu = sysrec_rec(&sl, i);

			if (!unix_wanted(xu))
				continue;
			if (opt_json) {
				unix_json(xu, unix_lists[k].json, &jfirst);
				continue;
			}
			if (first)
				unix_header();
			first = 0;
			unix_row(xu, unix_lists[k].type);
		}
		sysrec_free(&sl);
	}
	if (opt_json)
		putchar(']');
	return (rc);
}

/* ---- -m ---------------------------------------------------------------- */

static const char *mt_names[MT_NTYPES] = {
	[MT_DATA] = "data", [MT_HEADER] = "packet headers",
	[MT_SONAME] = "socket names", [MT_CONTROL] = "control",
	[MT_OOBDATA] = "out-of-band data",
};

static int
mbpr(void)
{
	struct mbstat st, *pc;
	long long nmbufs = 0, nmbclusters = 0, nmbjclusters = 0, kb;
	size_t len, n, i;
	int t;

	if (sysrec_get("kern.ipc.mbstat", &st, sizeof(st)) < 0) {
		warn("kern.ipc.mbstat");
		return (1);
	}
	if (st.mbs_len != sizeof(st) || st.mbs_version != MBSTAT_VERSION) {
		warnx("kern.ipc.mbstat: record version %u, this netstat "
		    "reads %u", st.mbs_version, MBSTAT_VERSION);
		return (1);
	}
	sysrec_getint("kern.ipc.nmbufs", &nmbufs);
	sysrec_getint("kern.ipc.nmbclusters", &nmbclusters);
	sysrec_getint("kern.ipc.nmbjclusters", &nmbjclusters);
	pc = NULL;
	n = 0;
	if (sysctlbyname("kern.ipc.mbstat_percpu", NULL, &len, NULL, 0) == 0 &&
	    len >= sizeof(*pc) && (pc = malloc(len)) != NULL &&
	    sysctlbyname("kern.ipc.mbstat_percpu", pc, &len, NULL, 0) == 0)
		n = len / sizeof(*pc);
	kb = (st.m_mbufs * (long long)st.m_msize +
	    st.m_clusters * (long long)st.m_mclbytes +
	    st.m_jclusters * (long long)st.m_mjumpagesize + 1023) / 1024;

	if (opt_json) {
		int f = 1;

		if (!jfirst_sec)
			putchar(',');
		jfirst_sec = 0;
		printf("\"mbuf-statistics\":{");
		json_key(stdout, &f, "mbuf-current");
		printf("%lld", (long long)st.m_mbufs);
		json_key(stdout, &f, "mbuf-max");
		printf("%lld", nmbufs);
		json_key(stdout, &f, "cluster-current");
		printf("%lld", (long long)st.m_clusters);
		json_key(stdout, &f, "cluster-max");
		printf("%lld", nmbclusters);
		json_key(stdout, &f, "jumbo-current");
		printf("%lld", (long long)st.m_jclusters);
		json_key(stdout, &f, "jumbo-max");
		printf("%lld", nmbjclusters);
		json_key(stdout, &f, "kbytes-in-use");
		printf("%lld", kb);
		json_key(stdout, &f, "mbuf-failures");
		printf("%llu", (unsigned long long)st.m_drops);
		json_key(stdout, &f, "mbuf-sleeps");
		printf("%llu", (unsigned long long)st.m_wait);
		json_key(stdout, &f, "drain-calls");
		printf("%llu", (unsigned long long)st.m_drain);
		json_key(stdout, &f, "copym-failures");
		printf("%llu", (unsigned long long)st.m_mcfail);
		json_key(stdout, &f, "pullup-failures");
		printf("%llu", (unsigned long long)st.m_mpfail);
		json_key(stdout, &f, "per-cpu");
		putchar('[');
		for (i = 0; i < n; i++)
			printf("%s{\"cpu\":%zu,\"mbufs\":%lld,\"clusters\":"
			    "%lld,\"jumbo\":%lld,\"denied\":%llu}",
			    i > 0 ? "," : "", i, (long long)pc[i].m_mbufs,
			    (long long)pc[i].m_clusters,
			    (long long)pc[i].m_jclusters,
			    (unsigned long long)pc[i].m_drops);
		printf("]}");
		free(pc);
		return (0);
	}
	printf("%lld/%lld mbufs in use (current/max):\n",
	    (long long)st.m_mbufs, nmbufs);
	for (t = 1; t < MT_NTYPES; t++) {
		if (st.m_types[t] == 0)
			continue;
		if (mt_names[t] != NULL)
			printf("\t%lld mbufs allocated to %s\n",
			    (long long)st.m_types[t], mt_names[t]);
		else
			printf("\t%lld mbufs allocated to <mbuf type %d>\n",
			    (long long)st.m_types[t], t);
	}
	printf("%lld/%lld mbuf clusters in use (current/max)\n",
	    (long long)st.m_clusters, nmbclusters);
	printf("%lld/%lld %lluk (page size) jumbo clusters in use "
	    "(current/max)\n", (long long)st.m_jclusters, nmbjclusters,
	    (unsigned long long)st.m_mjumpagesize / 1024);
	printf("%lldK bytes allocated to network (current)\n", kb);
	printf("%llu requests for mbufs denied\n",
	    (unsigned long long)st.m_drops);
	printf("%llu requests for mbufs delayed\n",
	    (unsigned long long)st.m_wait);
	printf("%llu calls to protocol drain routines\n",
	    (unsigned long long)st.m_drain);
	printf("%llu m_copym failures, %llu m_pullup failures\n",
	    (unsigned long long)st.m_mcfail, (unsigned long long)st.m_mpfail);
	if (n > 0) {
		/* A CPU that frees what another allocated goes negative;
		   only the sum above is a count. */
		printf("Per-CPU (allocations minus frees on each CPU):\n");
		printf("%-5s %10s %10s %10s %10s\n", "CPU", "mbufs",
		    "clusters", "jumbo", "denied");
		for (i = 0; i < n; i++)
			printf("%-5zu %10lld %10lld %10lld %10llu\n", i,
			    (long long)pc[i].m_mbufs,
			    (long long)pc[i].m_clusters,
			    (long long)pc[i].m_jclusters,
			    (unsigned long long)pc[i].m_drops);
	}
	free(pc);
	return (0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, rc = 0;

	while ((ch = getopt_long(argc, argv, "46af:ijLmnp:rsWx", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case '4':
		case '6':
			want_unix = 0;
			break;
		case 'a':
			aflag = 1;
			break;
		case 'f':
			if (strcmp(optarg, "inet") == 0 ||
			    strcmp(optarg, "inet6") == 0)
				want_unix = 0;
			else if (strcmp(optarg, "unix") == 0 ||
			    strcmp(optarg, "local") == 0)
				want_inet = 0;
			else
				errx(1, "%s: unknown address family", optarg);
			break;
		case 'i':
			iflag = 1;
			break;
		case 'L':
			Lflag = 1;
			break;
		case 'm':
			mflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		case 'p':
			pflag = optarg;
			break;
		case 'r':
			rflag = 1;
			break;
		case 's':
			sflag++;
			break;
		case 'W':
			Wflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		case 'J':
			opt_json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (pflag != NULL && !sflag)
		errx(1, "-p works with -s");
	if (mflag + (sflag > 0) + iflag + rflag > 1)
		errx(1, "only one of -m, -s, -i, -r");
	if (opt_json)
		printf("{\"statistics\":{");
	if (mflag)
		rc = mbpr();
	else if (sflag)
		rc = statpr();
	else if (iflag)
		rc = ifpr();
	else if (rflag)
		rc = routepr();
	else {
		if (want_inet)
			rc |= inetpr();
		if (want_unix)
			rc |= unixpr();
	}
	if (opt_json)
		printf("}}\n");
	return (rc);
}
