/*
 * kern.proc selections: pgrp.<pgid>, session.<sid>, uid.<uid>,
 * ruid.<uid> and tty.<hi>.<lo> each return exactly the processes that
 * match, as kinfo_proc records like kern.proc.pid's; EINVAL for the
 * wrong number of name components, ENOENT for an unknown name, EPERM
 * for a write, an empty answer for a group no process is in.  The
 * processes are children parked on a pipe, in groups, sessions, users
 * and on a pty made for the test.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

int	posix_openpt(int);

static int park[2];		/* children block reading this */

/* kern.proc.<what>.<args...> into *kpp; the record count or -errno. */
static int
query(const char *what, const int *args, int nargs, struct kinfo_proc **kpp)
{
	int mib[8];
	size_t miblen = 8, len = 0;
	char name[64];
	int i;

	snprintf(name, sizeof(name), "kern.proc.%s", what);
	/* The selection nodes are skipped by walks: name the parent. */
	miblen = 8;
	if (sysctlnametomib("kern.proc", mib, &miblen) != 0)
		return (-errno);
	if (strcmp(what, "pgrp") == 0)
		mib[miblen++] = KERN_PROC_PGRP;
	else if (strcmp(what, "session") == 0)
		mib[miblen++] = KERN_PROC_SESSION;
	else if (strcmp(what, "tty") == 0)
		mib[miblen++] = KERN_PROC_TTY;
	else if (strcmp(what, "uid") == 0)
		mib[miblen++] = KERN_PROC_UID;
	else if (strcmp(what, "ruid") == 0)
		mib[miblen++] = KERN_PROC_RUID;
	else
		return (-EDOM);
	for (i = 0; i < nargs; i++)
		mib[miblen++] = args[i];
	if (sysctl(mib, miblen, NULL, &len, NULL, 0) != 0)
		return (-errno);
	len += 8 * sizeof(struct kinfo_proc);
	*kpp = malloc(len);
	if (sysctl(mib, miblen, *kpp, &len, NULL, 0) != 0)
		return (-errno);
	return ((int)(len / sizeof(struct kinfo_proc)));
}

static int
cmp_pid(const void *a, const void *b)
{
	return (*(const pid_t *)a - *(const pid_t *)b);
}

/*
 * The pids of kern.proc.<what>.<args> as "p1 p2 ..." in increasing
 * order, after checking each record's size and version; the errno as
 * "error N".
 */
static char *
pids(const char *what, const int *args, int nargs)
{
	static char out[256];
	struct kinfo_proc *kp = NULL;
	pid_t v[64];
	int n, i;
	size_t o = 0;

	out[0] = '\0';
	n = query(what, args, nargs, &kp);
	if (n < 0) {
		snprintf(out, sizeof(out), "error %d", -n);
		return (out);
	}
	for (i = 0; i < n && i < 64; i++) {
		if (kp[i].kp_len != sizeof(*kp) ||
		    kp[i].kp_version != KI_VERSION) {
			snprintf(out, sizeof(out), "bad record");
			free(kp);
			return (out);
		}
		v[i] = kp[i].kp_pid;
	}
	qsort(v, i, sizeof(v[0]), cmp_pid);
	for (n = 0; n < i; n++)
		o += snprintf(out + o, sizeof(out) - o, "%s%d", n ? " " : "",
		    (int)v[n]);
	free(kp);
	return (out);
}

static char *
list(int n, const pid_t *v)
{
	static char out[256];
	pid_t s[16];
	size_t o = 0;
	int i;

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(s[0]), cmp_pid);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += snprintf(out + o, sizeof(out) - o, "%s%d", i ? " " : "",
		    (int)s[i]);
	return (out);
}

/* Wait on the parking pipe until the parent closes it. */
static void
wait_parked(void)
{
	char c;

	close(park[1]);
	read(park[0], &c, 1);
	_exit(0);
}

int
main(void)
{
	struct kinfo_proc *kp;
	pid_t grp[3], sess[2], u1, u2, tchild, all[8];
	int rp[2], m, unit = -1, arg[2], i, nall = 0, r;
	char name[32], c;
	struct stat st;
	size_t len;

	pipe(park);

	/* Three children in a new process group led by the first. */
	for (i = 0; i < 3; i++) {
		if ((grp[i] = fork()) == 0) {
			setpgid(0, i == 0 ? 0 : grp[0]);
			wait_parked();
		}
		setpgid(grp[i], grp[0]);	/* either side may win */
		all[nall++] = grp[i];
	}
	arg[0] = grp[0];
	is_str(pids("pgrp", arg, 1), list(3, grp), "kern.proc.pgrp.<pgid>: "
	    "exactly the three children");
	arg[0] = getpgrp();
	r = strstr(pids("pgrp", arg, 1), list(1, &grp[1])) == NULL;
	ok(r, "our own group does not hold them");

	/* A session leader and its child. */
	pipe(rp);
	if ((sess[0] = fork()) == 0) {
		setsid();
		if ((sess[1] = fork()) == 0)
			wait_parked();
		write(rp[1], &sess[1], sizeof(sess[1]));
		wait_parked();
	}
	all[nall++] = sess[0];
	read(rp[0], &sess[1], sizeof(sess[1]));
	close(rp[0]);
	close(rp[1]);
	arg[0] = sess[0];
	is_str(pids("session", arg, 1), list(2, sess), "kern.proc.session."
	    "<sid>: the leader and its child");
	arg[0] = getsid(0);
	ok(strstr(pids("session", arg, 1), list(1, &sess[1])) == NULL,
	    "our session does not hold them");

	/* Users: u1 all uid 4242; u2 only effectively 4343. */
	pipe(rp);
	if ((u1 = fork()) == 0) {
		if (become(4242, 4242) != 0)
			_exit(1);
		write(rp[1], "1", 1);
		wait_parked();
	}
	all[nall++] = u1;
	if ((u2 = fork()) == 0) {
		if (seteuid(4343) != 0)
			_exit(1);
		write(rp[1], "2", 1);
		wait_parked();
	}
	all[nall++] = u2;
	read(rp[0], &c, 1);
	read(rp[0], &c, 1);
	close(rp[0]);
	close(rp[1]);
	arg[0] = 4242;
	is_str(pids("uid", arg, 1), list(1, &u1), "kern.proc.uid.4242");
	is_str(pids("ruid", arg, 1), list(1, &u1), "kern.proc.ruid.4242");
	arg[0] = 4343;
	is_str(pids("uid", arg, 1), list(1, &u2), "kern.proc.uid.4343: the "
	    "effective uid");
	is_str(pids("ruid", arg, 1), "", "kern.proc.ruid.4343: none (its "
	    "real uid is 0)");

	/* A child whose controlling terminal is a new pty. */
	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &unit);
	snprintf(name, sizeof(name), "/dev/ttyp%d", unit);
	pipe(rp);
	if ((tchild = fork()) == 0) {
		setsid();
		open(name, O_RDWR);	/* becomes the controlling tty */
		write(rp[1], "t", 1);
		wait_parked();
	}
	all[nall++] = tchild;
	read(rp[0], &c, 1);
	close(rp[0]);
	close(rp[1]);
	ok(stat(name, &st) == 0, "stat the pty");
	arg[0] = (int)(st.st_rdev >> 32);
	arg[1] = (int)(st.st_rdev & 0xffffffff);
	is_str(pids("tty", arg, 2), list(1, &tchild), "kern.proc.tty.<hi>."
	    "<lo>: the one child on it");
	arg[0] = arg[1] = -1;
	{
		char *nt = pids("tty", arg, 2);
		char want[16];

		snprintf(want, sizeof(want), "%d", (int)sess[0]);
		ok(strstr(nt, want) != NULL, "tty.-1.-1 (NODEV) holds a "
		    "session without a tty");
		snprintf(want, sizeof(want), " %d", (int)tchild);
		ok(strstr(nt, want) == NULL && atoi(nt) != tchild,
		    "but not the child on the pty");
	}

	/* Errors. */
	arg[0] = 999999;
	is_str(pids("pgrp", arg, 1), "", "a group no one is in: no records, "
	    "no error");
	is_str(pids("pgrp", arg, 0), "error 22", "pgrp without an id: EINVAL");
	is_str(pids("pgrp", arg, 2), "error 22", "pgrp with two: EINVAL");
	is_str(pids("session", arg, 0), "error 22", "session without: EINVAL");
	is_str(pids("uid", arg, 2), "error 22", "uid with two: EINVAL");
	is_str(pids("ruid", arg, 0), "error 22", "ruid without: EINVAL");
	is_str(pids("tty", arg, 1), "error 22", "tty with one: EINVAL");
	len = 0;
	is_int(errno_of(sysctlbyname("kern.proc.nosuch", NULL, &len, NULL,
	    0)), ENOENT, "kern.proc.nosuch: ENOENT");
	{
		int mib[8];
		size_t ml = 8;

		sysctlnametomib("kern.proc", mib, &ml);
		mib[ml++] = KERN_PROC_UID;
		mib[ml++] = 0;
		r = 1;
		is_int(errno_of(sysctl(mib, ml, NULL, NULL, &r, sizeof(r))),
		    EPERM, "writing kern.proc.uid.0: EPERM");
	}
	kp = NULL;
	(void)kp;

	/* Let them go; they are zombies until reaped. */
	close(park[0]);
	close(park[1]);
	for (i = 0; i < nall; i++)
		waitpid(all[i], NULL, 0);
	arg[0] = grp[0];
	is_str(pids("pgrp", arg, 1), "", "reaped: the group is empty");
	close(m);
	return (done());
}
