/*
 * ping: send ICMP echo requests to a host over a raw socket and report
 * the replies, as BSD ping does (the same lines and summary).  Options:
 * -c count, -i seconds between requests, -s data bytes, -t seconds to
 * wait in all, -q quiet.  IPv4 addresses only (no resolver yet).  Exit
 * status: 0 if any reply came, 2 if none, 1 on a usage or system error.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXDATA		(65535 - 20 - 8)

static uint16_t
cksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

static double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0);
}

static long
number(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		errx(1, "invalid %s: `%s'", what, s);
	return (v);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ping [-q] [-c count] [-i wait] [-s size] "
	    "[-t timeout] host\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in to, from;
	socklen_t flen;
	unsigned char *out, *in;
	struct icmp *icp;
	struct ip *ip;
	struct pollfd pfd;
	double start, t, sent_at = 0, min = 0, max = 0, sum = 0, sum2 = 0;
	long count = -1, interval = 1, datalen = 56, timeout = -1;
	long ntx = 0, nrx = 0;
	int s, ch, quiet = 0, hlen, wait_ms;
	uint16_t ident = (uint16_t)getpid();
	ssize_t n;

	while ((ch = getopt(argc, argv, "c:i:qs:t:")) != -1) {
		switch (ch) {
		case 'c':
			count = number(optarg, 1, 1000000, "count");
			break;
		case 'i':
			interval = number(optarg, 0, 3600, "wait");
			break;
		case 'q':
			quiet = 1;
			break;
		case 's':
			datalen = number(optarg, 0, MAXDATA, "packet size");
			break;
		case 't':
			timeout = number(optarg, 1, 3600, "timeout");
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	memset(&to, 0, sizeof(to));
	to.sin_len = sizeof(to);
	to.sin_family = AF_INET;
	if (inet_aton(argv[0], &to.sin_addr) != 1)
		errx(1, "cannot resolve %s: Unknown host", argv[0]);
	if ((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0)
		err(1, "socket");
	out = calloc(1, 8 + (size_t)datalen);
	in = malloc(65536);
	if (out == NULL || in == NULL)
		err(1, "malloc");

	printf("PING %s (%s): %ld data bytes\n", argv[0],
	    inet_ntoa(to.sin_addr), datalen);
	start = now_ms();
	for (;;) {
		if (count < 0 || ntx < count) {
			icp = (struct icmp *)out;
			icp->icmp_type = ICMP_ECHO;
			icp->icmp_code = 0;
			icp->icmp_id = htons(ident);
			icp->icmp_seq = htons((uint16_t)ntx);
			for (n = 0; n < datalen; n++)
				out[8 + n] = (unsigned char)n;
			icp->icmp_cksum = 0;
			icp->icmp_cksum = cksum(out, 8 + (size_t)datalen);
			if (sendto(s, out, 8 + (size_t)datalen, 0,
			    (struct sockaddr *)&to, sizeof(to)) < 0)
				warn("sendto");
			sent_at = now_ms();
			ntx++;
		}
		/* Wait out the interval (or the last reply's 10 s). */
		for (;;) {
			wait_ms = (count >= 0 && ntx >= count) ?
			    (nrx >= count ? 0 : 10000) : (int)(interval * 1000);
			wait_ms -= (int)(now_ms() - sent_at);
			/* -t bounds the whole run, waits included. */
			if (timeout > 0 && wait_ms > (int)(timeout * 1000.0 -
			    (now_ms() - start)))
				wait_ms = (int)(timeout * 1000.0 -
				    (now_ms() - start));
			if (wait_ms < 0)
				break;
			pfd.fd = s;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, wait_ms) <= 0)
				break;
			flen = sizeof(from);
			n = recvfrom(s, in, 65536, 0,
			    (struct sockaddr *)&from, &flen);
			if (n < (ssize_t)sizeof(struct ip))
				continue;
			ip = (struct ip *)in;
			hlen = ip->ip_hl << 2;
			if (n < hlen + ICMP_MINLEN)
				continue;
			icp = (struct icmp *)(in + hlen);
			if (icp->icmp_type != ICMP_ECHOREPLY ||
			    ntohs(icp->icmp_id) != ident)
				continue;
			t = now_ms() - sent_at;
			nrx++;
			if (nrx == 1 || t < min)
				min = t;
			if (t > max)
				max = t;
			sum += t;
			sum2 += t * t;
			if (!quiet)
				printf("%zd bytes from %s: icmp_seq=%u ttl=%u "
				    "time=%.3f ms\n", n - hlen,
				    inet_ntoa(from.sin_addr),
				    ntohs(icp->icmp_seq), ip->ip_ttl, t);
			fflush(stdout);
		}
		if ((count >= 0 && ntx >= count) ||
		    (timeout > 0 && now_ms() - start >= timeout * 1000.0))
			break;
	}
	printf("\n--- %s ping statistics ---\n", argv[0]);
	printf("%ld packets transmitted, %ld packets received, "
	    "%.1f%% packet loss\n", ntx, nrx,
	    ntx > 0 ? (ntx - nrx) * 100.0 / ntx : 0.0);
	if (nrx > 0) {
		double avg = sum / nrx, var = sum2 / nrx - avg * avg, sd = 0;

		/* Newton's square root: no libm needed for one number. */
		if (var > 0) {
			int i;

			sd = var;
			for (i = 0; i < 30; i++)
				sd = (sd + var / sd) / 2;
		}
		printf("round-trip min/avg/max/stddev = "
		    "%.3f/%.3f/%.3f/%.3f ms\n", min, avg, max, sd);
	}
	return (nrx > 0 ? 0 : 2);
}
