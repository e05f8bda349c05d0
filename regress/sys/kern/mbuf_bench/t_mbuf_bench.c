/*
 * kern.ipc.mbuf_bench: writing an int64_t count N runs N rounds of mbuf
 * and mbuf+cluster allocation and free in the kernel and returns the
 * nanoseconds in the same call; reading alone returns the last figure.
 * Checked here: the figure and its size, that a read repeats it, every
 * bad input (count out of range, wrong size, bad pointers, a short old
 * buffer) with its errno, and that the node is root-only both ways.
 * The runner's leak check afterwards shows that every mbuf came back.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "tap.h"

#define NODE	"kern.ipc.mbuf_bench"

/* Write n; the result and errno as they came. */
static int
bench(int64_t n, int64_t *ns, size_t *len)
{
	*len = sizeof(*ns);
	errno = 0;
	return (sysctlbyname(NODE, ns, len, &n, sizeof(n)));
}

static void
t_run(void)
{
	int64_t ns = -1, last = -1, again = -1;
	size_t len;

	is_int(bench(1000, &ns, &len), 0, "1000 rounds: 0");
	is_int(len, sizeof(int64_t), "the figure is an int64_t");
	ok(ns > 0, "the figure is positive nanoseconds");
	/* 2000 allocations and frees take more than 1 us even natively. */
	ok(ns > 1000 && ns < 60LL * 1000 * 1000 * 1000,
	    "the figure is plausible (1 us .. 60 s)");
	len = sizeof(last);
	is_int(sysctlbyname(NODE, &last, &len, NULL, 0), 0, "read alone: 0");
	is_int(last, ns, "read alone repeats the last figure");
	is_int(bench(1, &again, &len), 0, "1 round: 0");
	ok(again > 0, "1 round: a positive figure");
}

static void
t_bad(void)
{
	int64_t ns, last = -1, before = -1, n = 10;
	int32_t small = 10;
	char buf[8];
	size_t len;

	len = sizeof(before);
	sysctlbyname(NODE, &before, &len, NULL, 0);
	ok(bench(0, &ns, &len) == -1 && errno == EINVAL, "count 0: EINVAL");
	ok(bench(-5, &ns, &len) == -1 && errno == EINVAL,
	    "negative count: EINVAL");
	ok(bench(1000001, &ns, &len) == -1 && errno == EINVAL,
	    "count past the limit: EINVAL");
	len = sizeof(ns);
	errno = 0;
	ok(sysctlbyname(NODE, &ns, &len, &small, sizeof(small)) == -1 &&
	    errno == EINVAL, "a 4-byte count: EINVAL");
	len = sizeof(ns);
	errno = 0;
	ok(sysctlbyname(NODE, &ns, &len, (void *)8, sizeof(int64_t)) == -1 &&
	    errno == EFAULT, "count at a bad address: EFAULT");
	len = sizeof(last);
	sysctlbyname(NODE, &last, &len, NULL, 0);
	is_int(last, before, "rejected calls leave the last figure alone");
	len = sizeof(ns);
	errno = 0;
	ok(sysctlbyname(NODE, (void *)8, &len, &n, sizeof(n)) == -1 &&
	    errno == EFAULT, "figure to a bad address: EFAULT");
	len = 4;
	errno = 0;
	ok(sysctlbyname(NODE, buf, &len, &n, sizeof(n)) == -1 &&
	    errno == ENOMEM, "a 4-byte figure buffer: ENOMEM");
}

/* A non-root child may neither run nor read the node. */
static void
t_perm(void)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int64_t ns;
		size_t len;

		if (setgid(1001) != 0 || setuid(1001) != 0)
			_exit(10);
		if (bench(10, &ns, &len) != -1 || errno != EPERM)
			_exit(1);
		len = sizeof(ns);
		errno = 0;
		if (sysctlbyname(NODE, &ns, &len, NULL, 0) != -1 ||
		    errno != EPERM)
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	    "an unprivileged user: EPERM to run and to read");
}

int
main(void)
{
	t_run();
	t_bad();
	t_perm();
	return (done());
}
