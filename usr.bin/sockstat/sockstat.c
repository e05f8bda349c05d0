/*
 * sockstat(1): list open sockets, one row per descriptor, with the user,
 * command, pid and descriptor holding each one, as FreeBSD's sockstat
 * does.  Everything comes from two kinds of sysctl list, each read with
 * the header/trailer generation protocol (sysrec.c): kern.file (one
 * struct xfile per descriptor, carrying the holder's pid, uid, jail and
 * command name) and the protocol pcblists (net.local.*.pcblist, and
 * net.inet.{tcp,udp,raw}.pcblist: TCP, UDP and raw IP).  A socket's
 * xso_so equals xf_data of every descriptor that holds it, so the join
 * needs no per-process lookups.  Sockets no descriptor holds (queued on
 * a listener, in flight in SCM_RIGHTS) are listed last with `??'.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/file.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#define TCPSTATES
#include <netinet/tcp_fsm.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysrec.h"

/* One socket, from a pcblist. */
struct sock {
	uint64_t	 so;		/* xso_so: the join key */
	uint64_t	 pcb;		/* xu_unpp: what peers point at */
	const struct xunpcb *xu;	/* its record (Unix domain) */
	const struct xinpcb *xi;	/* or its record (Internet) */
	int		 raw;		/* xi is a raw IP socket's */
	int		 tcp;		/* xi is a TCP socket's */
	int		 held;		/* some descriptor holds it */
};

static struct sysrec_list files;	/* kern.file */
static struct sysrec_list unpl[3];	/* stream, dgram, seqpacket */
#define NINPL	3
static struct sysrec_list inpl[NINPL];	/* udp, raw, tcp */
static const char *inp_lists[NINPL] = { "net.inet.udp.pcblist",
    "net.inet.raw.pcblist", "net.inet.tcp.pcblist" };
static struct sock *socks;
static size_t nsocks;

static int	opt_4, opt_6, opt_u, opt_c, opt_l, opt_L, opt_n, opt_q, opt_w;
static int	opt_j = -1, opt_json, opt_r;
static char	*opt_p, *opt_P;
static int	live;

/* Column widths: FreeBSD's fixed ones unless -w fits them to the rows. */
enum { C_USER, C_CMD, C_PID, C_FD, C_PROTO, C_LOCAL, C_FOREIGN, NCOL };
static const char *col_title[NCOL] = { "USER", "COMMAND", "PID", "FD",
    "PROTO", "LOCAL ADDRESS", "FOREIGN ADDRESS" };
static const int col_fixed[NCOL] = { 8, 10, 5, 2, 6, 21, 21 };
static int col_w[NCOL];

/* One output row, formatted before printing so -w can size columns. */
struct row {
	char		user[32];
	char		cmd[XFILE_COMMLEN];
	char		pid[16];
	char		fd[16];
	char		proto[16];
	char		local[128];
	char		foreign[512];
	const struct xfile *xf;		/* NULL for an orphan */
	const struct sock *s;
};
static struct row *rows;
static size_t nrows, rowcap;

static void
usage(void)
{
	fprintf(stderr, "usage: sockstat [-46cLlnquw] [-j jid] "
	    "[-p ports] [-P protocols] [-r seconds] [--json]\n");
	exit(1);
}

static const char *
unp_proto(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return ("stream");
	case SOCK_DGRAM:
		return ("dgram");
	case SOCK_SEQPACKET:
		return ("seqpack");
	}
	return ("?");
}

/* "tcp4", "udp4"; raw sockets by protocol, as netstat: "icmp4", "ip4". */
static const char *
inp_proto(const struct sock *s)
{
	if (s->tcp)
		return ("tcp4");
	if (!s->raw)
		return ("udp4");
	return (s->xi->inp_ip_p == IPPROTO_ICMP ? "icmp4" : "ip4");
}

/*
 * -P: a comma-separated list; Unix types are a Petrel extension.  An
 * Internet socket goes by its protocol without the "4" ("udp"), and a
 * raw one also by "raw".
 */
static int
proto_wanted(const char *name)
{
	char *list, *p, *tok;
	int found = 0;

	if (opt_P == NULL)
		return (1);
	if ((list = strdup(opt_P)) == NULL)
		err(1, "strdup");
	for (p = list; (tok = strsep(&p, ",")) != NULL;) {
		if (strcmp(tok, name) == 0 ||
		    (strlen(name) == strlen(tok) + 1 &&
		    strncmp(tok, name, strlen(tok)) == 0 &&
		    name[strlen(tok)] == '4') ||
		    (strcmp(tok, "raw") == 0 &&
		    (strcmp(name, "icmp4") == 0 || strcmp(name, "ip4") == 0)) ||
		    (strcmp(tok, "seqpacket") == 0 &&
		    strcmp(name, "seqpack") == 0))
			found = 1;
	}
	free(list);
	return (found);
}

/* -p applies to Internet sockets only, as in FreeBSD. */
static void
check_ports_arg(void)
{
	char *list, *p, *tok, *end;
	long lo, hi;

	if (opt_p == NULL)
		return;
	if ((list = strdup(opt_p)) == NULL)
		err(1, "strdup");
	for (p = list; (tok = strsep(&p, ",")) != NULL;) {
		lo = strtol(tok, &end, 10);
		hi = lo;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		if (end == tok || *end != '\0' || lo < 0 || hi > 65535 ||
		    lo > hi)
			errx(1, "invalid port or port range: %s", tok);
	}
	free(list);
}

/* Is the port (host order) on -p's list? */
static int
port_wanted(unsigned port)
{
	char *list, *p, *tok, *end;
	long lo, hi;
	int found = 0;

	if ((list = strdup(opt_p)) == NULL)
		err(1, "strdup");
	for (p = list; (tok = strsep(&p, ",")) != NULL;) {
		lo = strtol(tok, &end, 10);
		hi = lo;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		if (port >= (unsigned long)lo && port <= (unsigned long)hi)
			found = 1;
	}
	free(list);
	return (found);
}

static int
sock_cmp(const void *a, const void *b)
{
	const struct sock *x = a, *y = b;

	return (x->so < y->so ? -1 : x->so > y->so);
}

static struct sock *
sock_find(uint64_t so)
{
	struct sock key;

	if (so == 0)
		return (NULL);
	key.so = so;
	return (bsearch(&key, socks, nsocks, sizeof(*socks), sock_cmp));
}

static const struct sock *
sock_by_pcb(uint64_t pcb)
{
	size_t i;

	if (pcb == 0)
		return (NULL);
	for (i = 0; i < nsocks; i++)
		if (socks[i].xu != NULL && socks[i].pcb == pcb)
			return (&socks[i]);
	return (NULL);
}

static int
file_cmp(const void *a, const void *b)
{
	const struct xfile *x = a, *y = b;

	if (x->xf_pid != y->xf_pid)
		return (x->xf_pid < y->xf_pid ? -1 : 1);
	return (x->xf_fd < y->xf_fd ? -1 : x->xf_fd > y->xf_fd);
}

/* Read everything; 0, or -1 after a warning. */
static int
gather(void)
{
	static const char *names[3] = { "net.local.stream.pcblist",
	    "net.local.dgram.pcblist", "net.local.seqpacket.pcblist" };
	size_t i, j, n;

	if (sysrec_read("kern.file", sizeof(struct xfile), &files) < 0) {
		warn("kern.file");
		return (-1);
	}
	if (!files.sl_consistent)
		warnx("kern.file kept changing; the list may be stale");
	qsort(files.sl_first, files.sl_count, sizeof(struct xfile),
	    file_cmp);
	n = 0;
	for (i = 0; i < 3; i++) {
		if (sysrec_read(names[i], sizeof(struct xunpcb),
		    &unpl[i]) < 0) {
			warn("%s", names[i]);
			return (-1);
		}
		if (!unpl[i].sl_consistent)
			warnx("%s kept changing; the list may be stale",
			    names[i]);
		n += unpl[i].sl_count;
	}
	for (i = 0; i < NINPL; i++) {
		if (sysrec_read(inp_lists[i], sizeof(struct xinpcb),
		    &inpl[i]) < 0) {
			/* A kernel without the protocol: nothing to list. */
			memset(&inpl[i], 0, sizeof(inpl[i]));
			if (errno == ENOENT)
				continue;
			warn("%s", inp_lists[i]);
			return (-1);
		}
		if (!inpl[i].sl_consistent)
			warnx("%s kept changing; the list may be stale",
			    inp_lists[i]);
		n += inpl[i].sl_count;
	}
	free(socks);
	socks = calloc(n + 1, sizeof(*socks));
	if (socks == NULL)
		err(1, "calloc");
	nsocks = 0;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < unpl[i].sl_count; j++) {
			const struct xunpcb *xu = sysrec_rec(&unpl[i], j);

			socks[nsocks].so = xu->xu_socket.xso_so;
			socks[nsocks].pcb = xu->xu_unpp;
			socks[nsocks].xu = xu;
			nsocks++;
		}
	}
	for (i = 0; i < NINPL; i++) {
		for (j = 0; j < inpl[i].sl_count; j++) {
			const struct xinpcb *xi = sysrec_rec(&inpl[i], j);

			if (xi->xi_version != XINPCB_VERSION) {
				warnx("%s: record version %u, this sockstat "
				    "reads %u", inp_lists[i], xi->xi_version,
				    XINPCB_VERSION);
				return (-1);
			}
			socks[nsocks].so = xi->xi_socket.xso_so;
			socks[nsocks].pcb = xi->xi_inpp;
			socks[nsocks].xi = xi;
			socks[nsocks].raw = i == 1;
			socks[nsocks].tcp = i == 2;
			nsocks++;
		}
	}
	qsort(socks, nsocks, sizeof(*socks), sock_cmp);
	return (0);
}

static void
release(void)
{
	int i;

	sysrec_free(&files);
	for (i = 0; i < 3; i++)
		sysrec_free(&unpl[i]);
	for (i = 0; i < NINPL; i++)
		sysrec_free(&inpl[i]);
	free(socks);
	socks = NULL;
	nsocks = 0;
	nrows = 0;
}

/* "[PID FD]" for every descriptor holding socket so, comma-separated. */
static size_t
holders(uint64_t so, char *buf, size_t size, FILE *json, int *jfirst)
{
	const struct xfile *xf;
	size_t i, len = 0, n = 0;

	buf[0] = '\0';
	for (i = 0; i < files.sl_count; i++) {
		xf = sysrec_rec(&files, i);
		if (xf->xf_type != DTYPE_SOCKET || xf->xf_data != so)
			continue;
		if (json != NULL) {
			if (!*jfirst)
				putc(',', json);
			*jfirst = 0;
			fprintf(json, "{\"pid\":%lld,\"fd\":%lld}",
			    (long long)xf->xf_pid, (long long)xf->xf_fd);
		} else if (len < size)
			len += snprintf(buf + len, size - len, "%s[%lld %lld]",
			    n > 0 ? "," : "", (long long)xf->xf_pid,
			    (long long)xf->xf_fd);
		n++;
	}
	return (n);
}

static const char *
sun_path(const struct sockaddr_un *sun)
{
	return (sun->sun_family == AF_UNIX && sun->sun_path[0] != '\0' ?
	    sun->sun_path : NULL);
}

/* LOCAL and FOREIGN of a Unix-domain socket. */
static void
unix_addrs(const struct xunpcb *xu, char *local, size_t lsize,
    char *foreign, size_t fsize)
{
	const struct sock *peer;
	const char *path;
	char buf[448];

	path = sun_path(&xu->xu_addr);
	if (path != NULL)
		snprintf(local, lsize, "%s", path);
	else if (xu->unp_conn == 0 && xu->xu_firstref == 0)
		snprintf(local, lsize, "(not connected)");
	else
		snprintf(local, lsize, "??");
	foreign[0] = '\0';
	if (xu->unp_conn != 0) {
		if ((path = sun_path(&xu->xu_caddr)) != NULL)
			snprintf(foreign, fsize, "-> %s", path);
		else if ((peer = sock_by_pcb(xu->unp_conn)) != NULL &&
		    holders(peer->so, buf, sizeof(buf), NULL, NULL) > 0)
			snprintf(foreign, fsize, "-> %s", buf);
		else
			snprintf(foreign, fsize, "-> ??");
	} else if (xu->xu_firstref != 0) {
		/* Datagram sockets connected to us: walk the ref chain. */
		const struct sock *ref = sock_by_pcb(xu->xu_firstref);
		size_t len = snprintf(foreign, fsize, "<- ");
		int n = 0, guard = 0;

		while (ref != NULL && len < fsize && guard++ < 4096) {
			if (holders(ref->so, buf, sizeof(buf), NULL,
			    NULL) > 0) {
				len += snprintf(foreign + len, fsize - len,
				    "%s%s", n++ > 0 ? "," : "", buf);
			}
			ref = sock_by_pcb(ref->xu->xu_nextref);
		}
		if (n == 0)
			snprintf(foreign, fsize, "<- ??");
	}
}

/* LOCAL or FOREIGN of an Internet socket: "addr:port", `*' for any. */
static void
inet_endpoint(uint32_t addr, uint16_t port, int raw, char *buf, size_t size)
{
	struct in_addr in;
	char a[INET_ADDRSTRLEN];

	in.s_addr = addr;
	if (addr == INADDR_ANY)
		strlcpy(a, "*", sizeof(a));
	else
		strlcpy(a, inet_ntoa(in), sizeof(a));
	if (raw || port == 0)
		snprintf(buf, size, "%s:*", a);
	else
		snprintf(buf, size, "%s:%u", a, ntohs(port));
}

static int
is_loopback(uint32_t addr)
{
	return ((ntohl(addr) >> 24) == IN_LOOPBACKNET);
}

/*
 * An Internet socket: -4; -p by local or foreign port; -L hides those
 * with a loopback end; -c means connected; -l means listening for TCP
 * and, for UDP and raw sockets (which have no listen state), bound but
 * not connected.
 */
static int
inet_selected(const struct sock *s, const struct xfile *xf)
{
	const struct xinpcb *xi = s->xi;
	int connected = (xi->inp_flags & INP_CONNECTED) != 0;
	int bound = xi->inp_lport != 0 || xi->inp_laddr != INADDR_ANY;

	if (!opt_4)
		return (0);
	if (!proto_wanted(inp_proto(s)))
		return (0);
	if (opt_p != NULL && (s->raw ||
	    (!port_wanted(ntohs(xi->inp_lport)) &&
	    !(connected && port_wanted(ntohs(xi->inp_fport))))))
		return (0);
	if (opt_L && (is_loopback(xi->inp_laddr) ||
	    is_loopback(xi->inp_faddr)))
		return (0);
	if (opt_c && !opt_l && !connected)
		return (0);
	if (s->tcp)
		bound = (xi->xi_socket.so_options & SO_ACCEPTCONN) != 0;
	if (opt_l && !opt_c && (connected || !bound))
		return (0);
	if (opt_j >= 0 && (xf == NULL || xf->xf_jid != opt_j))
		return (0);
	return (1);
}

static int
selected(const struct sock *s, const struct xfile *xf)
{
	const struct xunpcb *xu = s->xu;
	int listening, connected;

	if (xu == NULL)
		return (inet_selected(s, xf));
	listening = (xu->xu_socket.so_options & SO_ACCEPTCONN) != 0;
	connected = xu->unp_conn != 0 || xu->xu_firstref != 0;
	/* -4/-6 without -u: Internet sockets only. */
	if (!opt_u)
		return (0);
	if (!proto_wanted(unp_proto(xu->xu_socket.so_type)))
		return (0);
	if (opt_c && !opt_l && !connected)
		return (0);
	if (opt_l && !opt_c && !listening)
		return (0);
	if (opt_j >= 0 && (xf == NULL || xf->xf_jid != opt_j))
		return (0);
	return (1);
}

static struct row *
row_new(void)
{
	if (nrows == rowcap) {
		rowcap = rowcap ? rowcap * 2 : 64;
		rows = realloc(rows, rowcap * sizeof(*rows));
		if (rows == NULL)
			err(1, "realloc");
	}
	memset(&rows[nrows], 0, sizeof(rows[0]));
	return (&rows[nrows++]);
}

static void
row_fill(struct row *r, const struct sock *s, const struct xfile *xf)
{
	struct passwd *pw;

	r->xf = xf;
	r->s = s;
	if (xf != NULL) {
		if (!opt_n && (pw = getpwuid((uid_t)xf->xf_uid)) != NULL)
			snprintf(r->user, sizeof(r->user), "%s", pw->pw_name);
		else
			snprintf(r->user, sizeof(r->user), "%lld",
			    (long long)xf->xf_uid);
		snprintf(r->cmd, sizeof(r->cmd), "%s", xf->xf_comm);
		snprintf(r->pid, sizeof(r->pid), "%lld",
		    (long long)xf->xf_pid);
		snprintf(r->fd, sizeof(r->fd), "%lld", (long long)xf->xf_fd);
	} else {
		strcpy(r->user, "??");
		strcpy(r->cmd, "??");
		strcpy(r->pid, "??");
		strcpy(r->fd, "??");
	}
	if (s->xi != NULL) {
		snprintf(r->proto, sizeof(r->proto), "%s", inp_proto(s));
		inet_endpoint(s->xi->inp_laddr, s->xi->inp_lport, s->raw,
		    r->local, sizeof(r->local));
		inet_endpoint(s->xi->inp_faddr, s->xi->inp_fport, s->raw,
		    r->foreign, sizeof(r->foreign));
		return;
	}
	snprintf(r->proto, sizeof(r->proto), "%s",
	    unp_proto(s->xu->xu_socket.so_type));
	unix_addrs(s->xu, r->local, sizeof(r->local), r->foreign,
	    sizeof(r->foreign));
}

static void
build_rows(void)
{
	const struct xfile *xf;
	struct sock *s;
	size_t i;

	for (i = 0; i < files.sl_count; i++) {
		xf = sysrec_rec(&files, i);
		if (xf->xf_type != DTYPE_SOCKET)
			continue;
		if ((s = sock_find(xf->xf_data)) == NULL)
			continue;	/* not a family we list */
		s->held = 1;
		if (selected(s, xf))
			row_fill(row_new(), s, xf);
	}
	for (i = 0; i < nsocks; i++)
		if (!socks[i].held && selected(&socks[i], NULL))
			row_fill(row_new(), &socks[i], NULL);
}

static void
print_text(void)
{
	size_t i;
	int c, w;

	for (c = 0; c < NCOL; c++) {
		col_w[c] = col_fixed[c];
		if (opt_w) {
			col_w[c] = (int)strlen(col_title[c]);
			for (i = 0; i < nrows; i++) {
				const char *f[NCOL] = { rows[i].user,
				    rows[i].cmd, rows[i].pid, rows[i].fd,
				    rows[i].proto, rows[i].local,
				    rows[i].foreign };

				w = (int)strlen(f[c]);
				if (w > col_w[c])
					col_w[c] = w;
			}
		}
	}
	if (!opt_q) {
		for (c = 0; c < NCOL - 1; c++)
			printf("%-*s ", col_w[c], col_title[c]);
		printf("%s\n", col_title[NCOL - 1]);
	}
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		/* Without -w the command is cut at 10, as in FreeBSD. */
		printf("%-*s %-*.*s %-*s %-*s %-*s %-*s %s\n",
		    col_w[C_USER], r->user, col_w[C_CMD],
		    opt_w ? (int)sizeof(r->cmd) : col_w[C_CMD], r->cmd,
		    col_w[C_PID], r->pid, col_w[C_FD], r->fd,
		    col_w[C_PROTO], r->proto, col_w[C_LOCAL], r->local,
		    r->foreign);
	}
}

static void
json_unix_end(FILE *fp, const struct xunpcb *xu, int local)
{
	const struct sock *peer, *ref;
	const char *path;
	int first = 1, jf, guard = 0;
	char dummy[1];

	putc('{', fp);
	if (local) {
		if ((path = sun_path(&xu->xu_addr)) != NULL) {
			json_key(fp, &first, "path");
			json_str(fp, path);
		}
		putc('}', fp);
		return;
	}
	if (xu->unp_conn != 0) {
		if ((path = sun_path(&xu->xu_caddr)) != NULL) {
			json_key(fp, &first, "path");
			json_str(fp, path);
		}
		json_key(fp, &first, "peer");
		putc('[', fp);
		jf = 1;
		if ((peer = sock_by_pcb(xu->unp_conn)) != NULL)
			holders(peer->so, dummy, sizeof(dummy), fp, &jf);
		putc(']', fp);
	} else if (xu->xu_firstref != 0) {
		json_key(fp, &first, "connections");
		putc('[', fp);
		jf = 1;
		for (ref = sock_by_pcb(xu->xu_firstref);
		    ref != NULL && guard++ < 4096;
		    ref = sock_by_pcb(ref->xu->xu_nextref))
			holders(ref->so, dummy, sizeof(dummy), fp, &jf);
		putc(']', fp);
	}
	putc('}', fp);
}

static void
json_inet_end(FILE *fp, uint32_t addr, uint16_t port, int raw)
{
	struct in_addr in;
	int first = 1;

	in.s_addr = addr;
	putc('{', fp);
	json_key(fp, &first, "address");
	json_str(fp, addr == INADDR_ANY ? "*" : inet_ntoa(in));
	json_key(fp, &first, "port");
	if (raw || port == 0)
		json_str(fp, "*");
	else
		fprintf(fp, "\"%u\"", ntohs(port));
	putc('}', fp);
}

static void
print_json(void)
{
	const struct xsocket *xso;
	size_t i;
	int first;

	printf("{\"sockstat\":{\"socket\":[");
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		xso = r->s->xu != NULL ? &r->s->xu->xu_socket :
		    &r->s->xi->xi_socket;
		if (i > 0)
			putchar(',');
		putchar('{');
		first = 1;
		if (r->xf != NULL) {
			json_key(stdout, &first, "user");
			json_str(stdout, r->user);
			json_key(stdout, &first, "uid");
			printf("%lld", (long long)r->xf->xf_uid);
			json_key(stdout, &first, "command");
			json_str(stdout, r->cmd);
			json_key(stdout, &first, "pid");
			printf("%lld", (long long)r->xf->xf_pid);
			json_key(stdout, &first, "fd");
			printf("%lld", (long long)r->xf->xf_fd);
		}
		json_key(stdout, &first, "proto");
		json_str(stdout, r->proto);
		json_key(stdout, &first, "listening");
		printf("%s", (xso->so_options & SO_ACCEPTCONN) ?
		    "true" : "false");
		if (r->s->xi != NULL) {
			const struct xinpcb *xi = r->s->xi;

			json_key(stdout, &first, "connected");
			printf("%s", (xi->inp_flags & INP_CONNECTED) ?
			    "true" : "false");
			json_key(stdout, &first, "receive-bytes-waiting");
			printf("%llu", (unsigned long long)xso->so_rcv.sb_cc);
			if (r->s->tcp && xi->t_state >= 0 &&
			    xi->t_state < TCP_NSTATES) {
				json_key(stdout, &first, "tcp-state");
				json_str(stdout, tcpstates[xi->t_state]);
			}
			json_key(stdout, &first, "local");
			json_inet_end(stdout, xi->inp_laddr, xi->inp_lport,
			    r->s->raw);
			json_key(stdout, &first, "foreign");
			json_inet_end(stdout, xi->inp_faddr, xi->inp_fport,
			    r->s->raw);
			putchar('}');
			continue;
		}
		json_key(stdout, &first, "local");
		json_unix_end(stdout, r->s->xu, 1);
		json_key(stdout, &first, "foreign");
		json_unix_end(stdout, r->s->xu, 0);
		putchar('}');
	}
	printf("]}}\n");
}

static int
once(void)
{
	if (gather() < 0) {
		release();
		return (-1);
	}
	build_rows();
	if (opt_json)
		print_json();
	else
		print_text();
	release();
	return (0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "46cj:LlnP:p:qr:uw", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case '4':
			opt_4 = 1;
			break;
		case '6':
			opt_6 = 1;
			break;
		case 'c':
			opt_c = 1;
			break;
		case 'j':
			opt_j = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || opt_j < 0)
				errx(1, "invalid jail id: %s", optarg);
			break;
		case 'L':
			opt_L = 1;
			break;
		case 'l':
			opt_l = 1;
			break;
		case 'n':
			opt_n = 1;
			break;
		case 'P':
			opt_P = optarg;
			break;
		case 'p':
			opt_p = optarg;
			break;
		case 'q':
			opt_q = 1;
			break;
		case 'r':
			opt_r = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || opt_r <= 0)
				errx(1, "invalid interval: %s", optarg);
			break;
		case 'u':
			opt_u = 1;
			break;
		case 'w':
			opt_w = 1;
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
	check_ports_arg();
	/* No family chosen: all of them. */
	if (!opt_4 && !opt_6 && !opt_u)
		opt_4 = opt_u = 1;
	if (opt_r == 0)
		return (once() < 0);
	live_start();
	do {
		live_clear();
		rc = once();
		live++;
	} while (rc == 0 && live_wait(opt_r));
	return (rc < 0);
}
