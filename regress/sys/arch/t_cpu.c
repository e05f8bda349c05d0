/*
 * Per-CPU ticks and the machine-dependent counters, on whatever -smp the
 * harness gave: hw.ncpu CPUs, exactly as many as the harness says it gave
 * (hw.ncpu_expect, from ncpu.expect= on the command line: a CPU that
 * failed to start only logs a line), each with a hardclock count
 * (kern.cpu_ticks) and a timer-interrupt count (machdep.lapic_ticks on
 * amd64, machdep.timer_ticks on aarch64) that all advance while this
 * program sleeps, at roughly kern.hz per second.  On aarch64 also the
 * exception level every CPU entered at (machdep.entry_el, held to
 * el.expect=, 2 when the harness boots with virtualization=on) and PAN:
 * in effect (machdep.pan) exactly when the CPU has it (ID_AA64MMFR1_EL1).
 * Also the guards on machdep.fault_test: unprivileged users cannot even
 * read it, and a value other than 0, 1 or 2 is EINVAL.  Writing 1 or 2
 * panics the kernel, so that part is a separate harness boot (build.sh
 * test, "panic.<arch>" and "panic-user.<arch>").
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define MAXCPU	64

#if defined(__x86_64__)
#define MD_TICKS	"machdep.lapic_ticks"
#define MD_FREQ		"machdep.tsc_freq"
#else
#define MD_TICKS	"machdep.timer_ticks"
#define MD_FREQ		"machdep.timer_freq"
#endif

static int
read_percpu(const char *name, uint64_t *v, int ncpu)
{
	size_t len = sizeof(uint64_t) * MAXCPU;

	if (sysctlbyname(name, v, &len, NULL, 0) != 0)
		return (-1);
	return ((int)(len / sizeof(uint64_t)) == ncpu &&
	    len % sizeof(uint64_t) == 0 ? 0 : -1);
}

#if defined(__aarch64__)
/*
 * Every CPU entered at the level the harness says (el.expect=), and PAN
 * is in effect exactly when ID_AA64MMFR1_EL1.PAN says the CPU has it.
 */
static void
check_el_pan(int ncpu)
{
	uint64_t el[MAXCPU], mmfr1;
	int expect, pan, i, same;
	size_t len;

	ok(read_percpu("machdep.entry_el", el, ncpu) == 0,
	    "machdep.entry_el: one value per CPU");
	len = sizeof(expect);
	expect = -2;
	ok(sysctlbyname("machdep.entry_el_expect", &expect, &len, NULL, 0) ==
	    0, "machdep.entry_el_expect reads");
	same = 1;
	for (i = 0; i < ncpu; i++) {
		printf("# cpu%d entered at EL%llu\n", i,
		    (unsigned long long)el[i]);
		if (el[i] != (expect == -1 ? el[0] : (uint64_t)expect))
			same = 0;
	}
	if (expect == -1)
		printf("# no el.expect= on the command line\n");
	ok(same && (el[0] == 1 || el[0] == 2), expect == -1 ?
	    "every CPU entered at the same level, EL1 or EL2" :
	    "every CPU entered at the level el.expect= says");

	len = sizeof(mmfr1);
	ok(sysctlbyname("machdep.id_aa64mmfr1", &mmfr1, &len, NULL, 0) == 0 &&
	    len == sizeof(mmfr1), "machdep.id_aa64mmfr1 reads");
	len = sizeof(pan);
	pan = -1;
	ok(sysctlbyname("machdep.pan", &pan, &len, NULL, 0) == 0,
	    "machdep.pan reads");
	printf("# ID_AA64MMFR1_EL1 %#llx: PAN field %llu\n",
	    (unsigned long long)mmfr1, (unsigned long long)(mmfr1 >> 20) & 0xf);
	is_int(pan, ((mmfr1 >> 20) & 0xf) != 0, "PAN in effect in the kernel "
	    "exactly when the CPU has it");
}
#endif

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

int
main(void)
{
	uint64_t t0[MAXCPU], t1[MAXCPU], m0[MAXCPU], m1[MAXCPU], freq;
	struct timespec ts = { 0, 500000000 };
	double e0, el, want;
	int ncpu, hz, v, i, st, okall, okmd;
	size_t len;
	pid_t pid;

	len = sizeof(ncpu);
	ok(sysctlbyname("hw.ncpu", &ncpu, &len, NULL, 0) == 0 && ncpu >= 1 &&
	    ncpu <= MAXCPU, "hw.ncpu");
	printf("# %d CPUs\n", ncpu);
	len = sizeof(v);
	v = -2;
	ok(sysctlbyname("hw.ncpu_expect", &v, &len, NULL, 0) == 0,
	    "hw.ncpu_expect reads");
	if (v == -1)
		printf("# hw.ncpu_expect: no ncpu.expect= on the command "
		    "line; CPU count not checked\n");
	else
		is_int(ncpu, v, "hw.ncpu: every CPU the machine has started");
	len = sizeof(hz);
	ok(sysctlbyname("kern.hz", &hz, &len, NULL, 0) == 0 && hz >= 10,
	    "kern.hz");
	len = sizeof(freq);
	ok(sysctlbyname(MD_FREQ, &freq, &len, NULL, 0) == 0 &&
	    len == sizeof(freq) && freq >= 1000000, MD_FREQ " at least 1 MHz");

	ok(read_percpu("kern.cpu_ticks", t0, ncpu) == 0,
	    "kern.cpu_ticks: one counter per CPU");
	ok(read_percpu(MD_TICKS, m0, ncpu) == 0,
	    MD_TICKS ": one counter per CPU");
	e0 = now();
	nanosleep(&ts, NULL);
	el = now() - e0;
	ok(read_percpu("kern.cpu_ticks", t1, ncpu) == 0 &&
	    read_percpu(MD_TICKS, m1, ncpu) == 0, "read them again");

	/*
	 * Every CPU, idle or not, must have ticked.  Under TCG a loaded host
	 * can hold a virtual CPU back, and the tick does not catch up lost
	 * periods, so the floor is a fifth of the nominal count; the ceiling
	 * catches a timer programmed far too fast.
	 */
	want = el * hz;
	okall = okmd = 1;
	for (i = 0; i < ncpu; i++) {
		uint64_t d = t1[i] - t0[i], dm = m1[i] - m0[i];

		printf("# cpu%d: %llu ticks, %llu timer interrupts in %.3f s "
		    "(nominal %.0f)\n", i, (unsigned long long)d,
		    (unsigned long long)dm, el, want);
		if ((double)d < want / 5 || (double)d > want * 2 + 10)
			okall = 0;
		/* One hardclock per timer interrupt, on both ports. */
		if (dm < d / 2 || (double)dm > want * 2 + 10)
			okmd = 0;
	}
	ok(okall, "every CPU's hardclock advanced at about kern.hz");
	ok(okmd, "every CPU took its timer interrupts");
#if defined(__aarch64__)
	check_el_pan(ncpu);
#endif

	/* The deliberate-fault switch: reads 0, refuses anything but 0-2. */
	len = sizeof(v);
	v = -1;
	ok(sysctlbyname("machdep.fault_test", &v, &len, NULL, 0) == 0 &&
	    v == 0, "machdep.fault_test reads 0 for root");
	v = 3;
	errno = 0;
	ok(sysctlbyname("machdep.fault_test", NULL, NULL, &v, sizeof(v)) ==
	    -1 && errno == EINVAL, "machdep.fault_test=3: EINVAL");
	v = -1;
	errno = 0;
	ok(sysctlbyname("machdep.fault_test", NULL, NULL, &v, sizeof(v)) ==
	    -1 && errno == EINVAL, "machdep.fault_test=-1: EINVAL");
	v = 0;
	ok(sysctlbyname("machdep.fault_test", NULL, NULL, &v, sizeof(v)) == 0,
	    "machdep.fault_test=0 does nothing");
	pid = fork();
	if (pid == 0) {
		int r;

		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(2);
		len = sizeof(r);
		errno = 0;
		if (sysctlbyname("machdep.fault_test", &r, &len, NULL, 0) !=
		    -1 || errno != EPERM)
			_exit(3);
		r = 1;
		errno = 0;
		if (sysctlbyname("machdep.fault_test", NULL, NULL, &r,
		    sizeof(r)) != -1 || errno != EPERM)
			_exit(4);
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0,
	    "uid 1000 can neither read nor write it: EPERM");
	return (done());
}
