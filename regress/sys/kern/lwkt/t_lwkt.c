/*
 * LWKT message ports and tokens hammered from every CPU: drives the
 * kernel's debug.lwkt_stress (sys/kern/lwkt_stress.c), which runs token
 * workers and port servers/clients on each CPU, and checks the run had
 * no exclusion violation or lost message and handled exactly
 * 5 * rounds * ncpus messages and 2 * rounds * ncpus token sections.  A
 * run with debug.lwkt_stress_inject set must report exactly two errors,
 * which shows the checks can fail.  Bad round counts give EINVAL, and an
 * unprivileged user cannot start a run (EPERM).  On a boot whose command
 * line has `selftest' (the smp4 boots of ./build.sh test), the kernel's
 * boot self tests (sys/kern/kern_selftest.c: tokens, pool tokens, thread,
 * spin and serialized ports, aborted messages, lockmgr, objcache...)
 * must all have passed.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define ROUNDS	2000
#define SELFTESTS	15	/* st_check calls in kern_selftest() */

static int
get_int(const char *name)
{
	int v = -12345;
	size_t len = sizeof(v);

	if (sysctlbyname(name, &v, &len, NULL, 0) != 0 || len != sizeof(v))
		return (-12345);
	return (v);
}

static long long
get_u64(const char *name)
{
	uint64_t v = 0;
	size_t len = sizeof(v);

	if (sysctlbyname(name, &v, &len, NULL, 0) != 0 || len != sizeof(v))
		return (-1);
	return ((long long)v);
}

static int
run(int rounds)
{
	return (sysctlbyname("debug.lwkt_stress", NULL, NULL, &rounds,
	    sizeof(rounds)));
}

int
main(void)
{
	int ncpu, one = 1, bad, st;
	size_t len = sizeof(ncpu);
	pid_t pid;

	ok(sysctlbyname("hw.ncpu", &ncpu, &len, NULL, 0) == 0 && ncpu >= 1,
	    "hw.ncpu");
	printf("# %d CPUs\n", ncpu);
	ok(ncpu >= 2, "the suite runs with more than one CPU (-smp 2)");

	is_int(run(ROUNDS), 0, "debug.lwkt_stress=2000 runs");
	is_int(get_int("debug.lwkt_stress"), 0, "no lost message, no "
	    "exclusion violation");
	is_int(get_u64("debug.lwkt_stress_msgs"), 5LL * ROUNDS * ncpu,
	    "exactly 5 * rounds * ncpus messages answered");
	is_int(get_u64("debug.lwkt_stress_tokens"), 2LL * ROUNDS * ncpu,
	    "exactly 2 * rounds * ncpus token sections");

	/* The checks must be able to fail: break each rule once. */
	is_int(sysctlbyname("debug.lwkt_stress_inject", NULL, NULL, &one,
	    sizeof(one)), 0, "set debug.lwkt_stress_inject");
	is_int(run(100), 0, "a run with injected faults");
	is_int(get_int("debug.lwkt_stress"), 2, "it reports exactly the two "
	    "injected errors");
	is_int(get_int("debug.lwkt_stress_inject"), 0, "injection is "
	    "one-shot");
	is_int(run(100), 0, "a clean run after it");
	is_int(get_int("debug.lwkt_stress"), 0, "errors back to 0");

	bad = 0;
	errno = 0;
	ok(run(0) == -1 && errno == EINVAL, "0 rounds: EINVAL");
	errno = 0;
	ok(run(-5) == -1 && errno == EINVAL, "negative rounds: EINVAL");
	errno = 0;
	ok(run(100001) == -1 && errno == EINVAL, "too many rounds: EINVAL");
	errno = 0;
	ok(sysctlbyname("debug.lwkt_stress", NULL, NULL, &one, 2) == -1 &&
	    errno == EINVAL, "a 2-byte new value: EINVAL");
	errno = 0;
	ok(sysctlbyname("debug.lwkt_stress_msgs", NULL, NULL, &one,
	    sizeof(one)) == -1 && errno == EPERM, "lwkt_stress_msgs is "
	    "read-only: EPERM");

	pid = fork();
	if (pid == 0) {
		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(100);
		errno = 0;
		if (run(10) != -1 || errno != EPERM)
			bad |= 1;
		if (sysctlbyname("debug.lwkt_stress_inject", NULL, NULL, &one,
		    sizeof(one)) != -1 || errno != EPERM)
			bad |= 2;
		if (get_int("debug.lwkt_stress") != 0)
			bad |= 4;	/* reading is allowed */
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "uid 1000 can read but "
	    "not run the stress (EPERM)");
	is_int(get_int("debug.lwkt_stress_inject"), 0, "and did not set "
	    "the injection");
	if (get_int("debug.selftest_requested") == 1) {
		is_int(get_int("debug.selftest_failed"), 0,
		    "boot self tests: none failed");
		is_int(get_int("debug.selftest_passed"), SELFTESTS,
		    "boot self tests: all passed");
	} else
		is_int(get_int("debug.selftest_passed"), -1,
		    "no boot self tests without `selftest'");
	return (done());
}
