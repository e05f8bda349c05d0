/*
 * nc: netcat, after the BSD one.  Copies standard input to a socket and
 * the socket to standard output with poll(2), either as a client
 * (`nc host port') or as a server (`nc -l [host] port', `-p port' also
 * accepted).  TCP by default (SOCK_STREAM through the ordinary socket
 * API), UDP with -u.  -z only checks whether something listens: a TCP
 * connect, or a UDP datagram that draws no ICMP port unreachable
 * (ECONNREFUSED on the connected socket).  -w bounds the connect and
 * any idle time; -N shuts the connection down for writing when standard
 * input ends; -k keeps listening after a client goes (UDP: takes
 * datagrams from anyone instead of connecting to the first sender).
 *
 * A UDP server does as BSD nc does: it waits for the first datagram,
 * connects the socket to its sender and from then on talks only to it.
 * Each read of standard input becomes one datagram, so a UDP read is
 * capped at a size the kernel accepts in one datagram.
 *
 * There is no resolver in Petrel's libc: host names come from
 * /etc/hosts (and -n refuses anything but dotted quads).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define BUFSIZE		16384
#define UDP_CHUNK	8192		/* < net.inet.udp.maxdgram (9216) */
#define HOSTS		"/etc/hosts"

static int	kflag, lflag, Nflag, nflag, uflag, vflag, zflag;
static int	timeout = -1;		/* -w, in milliseconds; -1: none */
static const char *pflag, *sflag;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: nc [-46kNlnuvz] [-p port] [-s source] [-w timeout] "
	    "[host] [port[-port]]\n");
	exit(1);
}

static const char *
proto(void)
{
	return (uflag ? "udp" : "tcp");
}

/* ---- Names ------------------------------------------------------------ */

/* Look name up in /etc/hosts: the first IPv4 line naming it. */
static int
hosts_lookup(const char *name, struct in_addr *a)
{
	char line[512], *p, *addr, *w;
	FILE *f;
	int found = 0;

	if ((f = fopen(HOSTS, "r")) == NULL)
		return (0);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		addr = strtok(line, " \t\r\n");
		if (addr == NULL || inet_aton(addr, a) != 1)
			continue;
		while ((w = strtok(NULL, " \t\r\n")) != NULL)
			if (strcasecmp(w, name) == 0) {
				found = 1;
				break;
			}
	}
	fclose(f);
	return (found);
}

static struct in_addr
host_addr(const char *host)
{
	struct in_addr a;

	if (inet_aton(host, &a) == 1)
		return (a);
	if (nflag)
		errx(1, "%s: not a numeric address (-n)", host);
	if (hosts_lookup(host, &a))
		return (a);
	if (strcasecmp(host, "localhost") == 0) {
		a.s_addr = htonl(INADDR_LOOPBACK);
		return (a);
	}
	errx(1, "%s: no address associated with name", host);
}

static int
port_number(const char *s)
{
	char *end;
	long l;

	errno = 0;
	l = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || l < 1 || l > 65535)
		errx(1, "port number invalid: %s", s);
	return ((int)l);
}

/* "port" or "lo-hi" */
static void
port_range(const char *s, int *lo, int *hi)
{
	char buf[32], *dash;

	if (strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
		errx(1, "port range not valid: %s", s);
	if ((dash = strchr(buf, '-')) != NULL) {
		*dash++ = '\0';
		*lo = port_number(buf);
		*hi = port_number(dash);
		if (*lo > *hi)
			errx(1, "port range not valid: %s", s);
	} else {
		*lo = *hi = port_number(buf);
	}
}

static void
mksin(struct sockaddr_in *sin, struct in_addr a, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	sin->sin_addr = a;
	sin->sin_port = htons((uint16_t)port);
}

/* ---- Sockets ------------------------------------------------------------ */

static int
new_socket(void)
{
	int s;

	s = socket(AF_INET, uflag ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (s < 0)
		err(1, "socket");
	return (s);
}

/* Bind to -s and/or -p, if given. */
static void
bind_source(int s, int port)
{
	struct sockaddr_in sin;
	struct in_addr a = { INADDR_ANY };

	if (sflag == NULL && port == 0)
		return;
	if (sflag != NULL)
		a = host_addr(sflag);
	mksin(&sin, a, port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		err(1, "bind %s port %d", inet_ntoa(a), port);
}

/* Connect with the -w bound: non-blocking, then poll for the result. */
static int
connect_to(int s, const struct sockaddr_in *sin)
{
	struct pollfd pfd;
	socklen_t len;
	int flags, error, r;

	if (timeout < 0 || uflag)
		return (connect(s, (const struct sockaddr *)sin,
		    sizeof(*sin)));
	flags = fcntl(s, F_GETFL);
	if (flags < 0 || fcntl(s, F_SETFL, flags | O_NONBLOCK) < 0)
		return (-1);
	r = connect(s, (const struct sockaddr *)sin, sizeof(*sin));
	if (r != 0 && errno == EINPROGRESS) {
		pfd.fd = s;
		pfd.events = POLLOUT;
		r = poll(&pfd, 1, timeout);
		if (r == 0) {
			errno = ETIMEDOUT;
			return (-1);
		}
		if (r < 0)
			return (-1);
		len = sizeof(error);
		if (getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
			return (-1);
		if (error != 0) {
			errno = error;
			return (-1);
		}
		r = 0;
	}
	if (r == 0)
		(void)fcntl(s, F_SETFL, flags);
	return (r);
}

/*
 * -z with UDP: a datagram to a port nobody has bound draws an ICMP
 * port unreachable, which the connected socket reports as ECONNREFUSED
 * on the next receive.  Silence for the wait means something is there
 * (or a firewall ate both: UDP cannot tell).
 */
static int
udp_probe(int s)
{
	struct pollfd pfd;
	char c;
	int wait = timeout >= 0 ? timeout : 1000;

	if (send(s, "X", 1, 0) != 1)
		return (-1);
	pfd.fd = s;
	pfd.events = POLLIN;
	(void)poll(&pfd, 1, wait);
	/* Whether or not poll saw it, a pending error is ours now. */
	if (recv(s, &c, 1, MSG_DONTWAIT) < 0 && errno != EAGAIN &&
	    errno != EWOULDBLOCK)
		return (-1);
	return (0);
}

/* ---- Copying -------------------------------------------------------------- */

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/*
 * Copy stdin to s and s to stdout until the network side ends (or, for
 * UDP and after -N, until both are done or -w of idleness passes).  If
 * `to' is not NULL, s is an unconnected UDP socket: datagrams go to
 * *to, which follows the last sender (nc -u -l -k).
 */
static int
readwrite(int s, struct sockaddr_in *to)
{
	static char buf[BUFSIZE];
	struct pollfd pfd[2];
	struct sockaddr_in from;
	socklen_t fromlen;
	size_t chunk = uflag ? UDP_CHUNK : sizeof(buf);
	ssize_t n;
	int stdin_open = 1, r;

	for (;;) {
		pfd[0].fd = stdin_open ? STDIN_FILENO : -1;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = s;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		r = poll(pfd, 2, timeout);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			warn("poll");
			return (1);
		}
		if (r == 0)
			return (0);	/* -w: idle long enough */
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			fromlen = sizeof(from);
			n = recvfrom(s, buf, chunk, 0,
			    (struct sockaddr *)&from, &fromlen);
			if (n < 0) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				if (uflag && errno == ECONNREFUSED) {
					if (vflag)
						warn("read");
					continue;	/* as BSD nc */
				}
				warn("read");
				return (1);
			}
			if (n == 0 && !uflag)
				return (0);	/* the peer closed */
			if (to != NULL)
				*to = from;
			if (write_all(STDOUT_FILENO, buf, (size_t)n) != 0) {
				warn("write to standard output");
				return (1);
			}
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(STDIN_FILENO, buf, chunk);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				warn("read from standard input");
				return (1);
			}
			if (n == 0) {
				stdin_open = 0;
				if (Nflag && !uflag)
					(void)shutdown(s, SHUT_WR);
				/* Nothing more to say and nobody to wait
				   for: a UDP client without -w is done. */
				if (uflag && timeout < 0 && !lflag)
					return (0);
				continue;
			}
			if (to != NULL) {
				if (to->sin_port == 0)
					continue;	/* nobody yet */
				r = (int)sendto(s, buf, (size_t)n, 0,
				    (struct sockaddr *)to, sizeof(*to));
				if (r != n)
					warn("sendto %s",
					    inet_ntoa(to->sin_addr));
				continue;
			}
			if (uflag) {
				if (send(s, buf, (size_t)n, 0) != n) {
					if (errno == ECONNREFUSED)
						continue;
					warn("write");
					return (1);
				}
			} else if (write_all(s, buf, (size_t)n) != 0) {
				warn("write");
				return (1);
			}
		}
	}
}

/* ---- Modes ---------------------------------------------------------------- */

static int
do_connect(const char *host, const char *ports)
{
	struct sockaddr_in sin;
	struct in_addr a;
	int lo, hi, port, s, rc = 0, r;

	a = host_addr(host);
	port_range(ports, &lo, &hi);
	if (!zflag && lo != hi)
		errx(1, "a port range needs -z");
	for (port = lo; port <= hi; port++) {
		s = new_socket();
		bind_source(s, pflag != NULL ? port_number(pflag) : 0);
		mksin(&sin, a, port);
		r = connect_to(s, &sin);
		if (r == 0 && zflag && uflag)
			r = udp_probe(s);
		if (r != 0) {
			if (vflag || !zflag)
				warn("connect to %s port %d (%s) failed",
				    inet_ntoa(a), port, proto());
			close(s);
			rc = 1;
			continue;
		}
		if (vflag || zflag)
			fprintf(stderr, "Connection to %s %d port [%s/*] "
			    "succeeded!\n", inet_ntoa(a), port, proto());
		if (!zflag)
			rc = readwrite(s, NULL);
		close(s);
	}
	return (rc);
}

static int
do_listen(const char *host, const char *portstr)
{
	struct sockaddr_in sin, from;
	struct in_addr a = { INADDR_ANY };
	socklen_t len;
	char c;
	int s, c_s, port, on = 1, rc;

	if (host != NULL)
		a = host_addr(host);
	port = port_number(portstr);
	s = new_socket();
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	mksin(&sin, a, port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		err(1, "bind %s port %d", inet_ntoa(a), port);
	if (uflag) {
		if (kflag) {
			memset(&from, 0, sizeof(from));
			return (readwrite(s, &from));
		}
		/* Wait for the first datagram, then talk to its sender. */
		len = sizeof(from);
		if (recvfrom(s, &c, 1, MSG_PEEK, (struct sockaddr *)&from,
		    &len) < 0)
			err(1, "recvfrom");
		if (connect(s, (struct sockaddr *)&from, sizeof(from)) != 0)
			err(1, "connect to %s port %d",
			    inet_ntoa(from.sin_addr), ntohs(from.sin_port));
		if (vflag)
			fprintf(stderr, "Connection from %s %d received!\n",
			    inet_ntoa(from.sin_addr), ntohs(from.sin_port));
		return (readwrite(s, NULL));
	}
	if (listen(s, kflag ? 5 : 1) != 0)
		err(1, "listen");
	do {
		len = sizeof(from);
		c_s = accept(s, (struct sockaddr *)&from, &len);
		if (c_s < 0) {
			if (errno == EINTR)
				continue;
			err(1, "accept");
		}
		if (vflag)
			fprintf(stderr, "Connection from %s %d received!\n",
			    inet_ntoa(from.sin_addr), ntohs(from.sin_port));
		rc = readwrite(c_s, NULL);
		close(c_s);
	} while (kflag);
	close(s);
	return (rc);
}

int
main(int argc, char *argv[])
{
	char *end;
	long l;
	int ch;

	while ((ch = getopt(argc, argv, "46klNnp:s:uvw:z")) != -1) {
		switch (ch) {
		case '4':
			break;
		case '6':
			errx(1, "IPv6 is not supported");
		case 'k':
			kflag = 1;
			break;
		case 'l':
			lflag = 1;
			break;
		case 'N':
			Nflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		case 'p':
			pflag = optarg;
			break;
		case 's':
			sflag = optarg;
			break;
		case 'u':
			uflag = 1;
			break;
		case 'v':
			vflag = 1;
			break;
		case 'w':
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    l < 0 || l > INT_MAX / 1000)
				errx(1, "timeout invalid: %s", optarg);
			timeout = (int)l * 1000;
			break;
		case 'z':
			zflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (kflag && !lflag)
		errx(1, "must use -l with -k");
	if (lflag) {
		if (zflag)
			errx(1, "cannot use -z and -l");
		/* nc -l port, nc -l host port, nc -l -p port [host] */
		if (pflag != NULL && argc <= 1)
			return (do_listen(argc == 1 ? argv[0] : NULL, pflag));
		if (argc == 1)
			return (do_listen(NULL, argv[0]));
		if (argc == 2)
			return (do_listen(argv[0], argv[1]));
		usage();
	}
	if (argc != 2)
		usage();
	return (do_connect(argv[0], argv[1]));
}
