/*
 * ipcbench: IPC throughput and latency, in portable POSIX C so the same
 * source builds for Petrel (x86_64-petrel-cc) and for Linux (gcc -static)
 * and the two can be compared in the same emulator (./build.sh bench).
 *
 *	ipcbench [-n count] [-s size] test ...
 *
 * Tests: unix-stream-bw (size-byte writes over a stream socketpair, MB/s),
 * unix-stream-lat (1-byte ping-pong, microseconds per round trip),
 * unix-dgram-rate (datagrams per second), pipe-bw, pipe-lat.  One line
 * per test: `name value unit'.  Timings never decide a test's result.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long count = 0;
static size_t size = 65536;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
readfull(int fd, char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = read(fd, buf, len);
		if (n <= 0)
			err(1, "read");
		buf += n;
		len -= (size_t)n;
	}
}

static void
writefull(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n <= 0)
			err(1, "write");
		buf += n;
		len -= (size_t)n;
	}
}

/* Stream bandwidth over fds[0] -> fds[1] from a child writer. */
static double
bandwidth(int rfd, int wfd, long n)
{
	char *buf = malloc(size);
	double t0, t1;
	pid_t pid;
	long i;

	memset(buf, 'p', size);
	t0 = now();
	if ((pid = fork()) == 0) {
		close(rfd);
		for (i = 0; i < n; i++)
			writefull(wfd, buf, size);
		_exit(0);
	}
	close(wfd);
	for (i = 0; i < n; i++)
		readfull(rfd, buf, size);
	waitpid(pid, NULL, 0);
	t1 = now();
	close(rfd);
	free(buf);
	return ((double)n * size / (t1 - t0) / 1e6);
}

/* 1-byte ping-pong between parent and child; microseconds a round trip. */
static double
latency(int a0, int a1, int b0, int b1, long n)
{
	double t0, t1;
	pid_t pid;
	char c = 'x';
	long i;

	if ((pid = fork()) == 0) {
		for (i = 0; i < n; i++) {
			readfull(a0, &c, 1);
			writefull(b1, &c, 1);
		}
		_exit(0);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		writefull(a1, &c, 1);
		readfull(b0, &c, 1);
	}
	t1 = now();
	waitpid(pid, NULL, 0);
	return ((t1 - t0) / n * 1e6);
}

static void
run(const char *test)
{
	int sv[2], p[2], q[2];
	long n;

	if (strcmp(test, "unix-stream-bw") == 0) {
		n = count ? count : 2000;
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			err(1, "socketpair");
		printf("%s %.1f MB/s\n", test, bandwidth(sv[1], sv[0], n));
		close(sv[1]);
	} else if (strcmp(test, "unix-stream-lat") == 0) {
		n = count ? count : 20000;
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			err(1, "socketpair");
		printf("%s %.2f us\n", test, latency(sv[1], sv[0], sv[0],
		    sv[1], n));
		close(sv[0]);
		close(sv[1]);
	} else if (strcmp(test, "unix-dgram-rate") == 0) {
		char buf[64];
		double t0;
		pid_t pid;
		long i;

		n = count ? count : 50000;
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
			err(1, "socketpair");
		memset(buf, 'd', sizeof(buf));
		t0 = now();
		if ((pid = fork()) == 0) {
			for (i = 0; i < n; i++)
				while (send(sv[0], buf, sizeof(buf), 0) < 0)
					usleep(100);
			_exit(0);
		}
		for (i = 0; i < n; i++)
			if (recv(sv[1], buf, sizeof(buf), 0) != sizeof(buf))
				err(1, "recv");
		waitpid(pid, NULL, 0);
		printf("%s %.0f dgrams/s\n", test, n / (now() - t0));
		close(sv[0]);
		close(sv[1]);
	} else if (strcmp(test, "pipe-bw") == 0) {
		n = count ? count : 2000;
		if (pipe(p) != 0)
			err(1, "pipe");
		printf("%s %.1f MB/s\n", test, bandwidth(p[0], p[1], n));
	} else if (strcmp(test, "pipe-lat") == 0) {
		n = count ? count : 20000;
		if (pipe(p) != 0 || pipe(q) != 0)
			err(1, "pipe");
		printf("%s %.2f us\n", test, latency(p[0], p[1], q[0], q[1],
		    n));
		close(p[0]);
		close(p[1]);
		close(q[0]);
		close(q[1]);
	} else {
		errx(2, "unknown test: %s", test);
	}
	fflush(stdout);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ipcbench [-n count] [-s size] test ...\n"
	    "tests: unix-stream-bw unix-stream-lat unix-dgram-rate "
	    "pipe-bw pipe-lat\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	int ch;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			count = strtol(optarg, NULL, 10);
			if (count <= 0)
				usage();
			break;
		case 's':
			size = (size_t)strtoul(optarg, NULL, 10);
			if (size == 0 || size > 16 * 1024 * 1024)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	for (; argc > 0; argc--, argv++)
		run(*argv);
	return (0);
}
