/*
 * libc group database extras: getgrnam_r/getgrgid_r (the strings and the
 * member list copied into the caller's buffer, ERANGE when it is too
 * small, "not found" as 0 with a NULL result) and initgroups (the
 * getgrouplist set installed with setgroups; EPERM for non-root).
 * getgroups gives back exactly the supplementary set setgroups installed
 * (the effective gid is not part of it).  The expected values are the
 * tree's etc/group.
 */
#include <sys/types.h>
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

int	getgrouplist(const char *, gid_t, gid_t *, int *);

/* Does p point into buf[0..len)? */
static int
inside(const void *p, const char *buf, size_t len)
{
	return ((const char *)p >= buf && (const char *)p < buf + len);
}

int
main(void)
{
	struct group gr, *res;
	char buf[256];
	gid_t groups[17];
	int e, n;

	res = NULL;
	e = getgrnam_r("staff", &gr, buf, sizeof(buf), &res);
	is_int(e, 0, "getgrnam_r staff");
	ok(res == &gr, "getgrnam_r: result is the caller's struct");
	if (res != NULL) {
		is_int(gr.gr_gid, 20, "getgrnam_r gr_gid");
		is_str(gr.gr_name, "staff", "getgrnam_r gr_name");
		is_str(gr.gr_passwd, "*", "getgrnam_r gr_passwd");
		ok(gr.gr_mem[0] != NULL && strcmp(gr.gr_mem[0], "root") == 0 &&
		    gr.gr_mem[1] == NULL, "getgrnam_r gr_mem: root only");
		ok(inside(gr.gr_name, buf, sizeof(buf)) &&
		    inside(gr.gr_mem, buf, sizeof(buf)) &&
		    inside(gr.gr_mem[0], buf, sizeof(buf)),
		    "getgrnam_r: everything in the caller's buffer");
	}
	/* An unaligned buffer still gives aligned member pointers. */
	e = getgrgid_r(5, &gr, buf + 1, sizeof(buf) - 1, &res);
	ok(e == 0 && res == &gr && strcmp(gr.gr_name, "operator") == 0 &&
	    ((unsigned long)gr.gr_mem % sizeof(char *)) == 0,
	    "getgrgid_r 5 into an unaligned buffer");
	e = getgrgid_r(1001, &gr, buf, sizeof(buf), &res);
	ok(e == 0 && res == &gr && gr.gr_mem[0] == NULL,
	    "getgrgid_r 1001: no members");
	res = &gr;
	is_int(getgrnam_r("nosuchgroup", &gr, buf, sizeof(buf), &res), 0,
	    "getgrnam_r unknown: 0");
	ok(res == NULL, "getgrnam_r unknown: result NULL");
	res = &gr;
	is_int(getgrgid_r(4242, &gr, buf, sizeof(buf), &res), 0,
	    "getgrgid_r unknown: 0");
	ok(res == NULL, "getgrgid_r unknown: result NULL");
	res = &gr;
	is_int(getgrnam_r("staff", &gr, buf, 16, &res), ERANGE,
	    "getgrnam_r 16-byte buffer: ERANGE");
	ok(res == NULL, "getgrnam_r ERANGE: result NULL");

	n = 16;
	is_int(getgrouplist("root", 0, groups, &n), 0, "getgrouplist root");
	ok(n == 3 && groups[0] == 0 && groups[1] == 5 && groups[2] == 20,
	    "getgrouplist root: 0 5 20");
	is_int(getuid(), 0, "the suite runs as root");
	is_int(initgroups("root", 0), 0, "initgroups root");
	n = getgroups(16, groups);
	ok(n == 3 && groups[0] == 0 && groups[1] == 5 && groups[2] == 20,
	    "getgroups after initgroups root: 0 5 20");
	is_int(getgroups(0, NULL), 3, "getgroups(0): the count");
	is_int(getgroups(2, groups) == -1 ? errno : 0, EINVAL,
	    "getgroups into too small a set: EINVAL");
	is_int(getgroups(3, (gid_t *)1) == -1 ? errno : 0, EFAULT,
	    "getgroups to a bad pointer: EFAULT");
	is_int(initgroups("user", 1001), 0, "initgroups user");
	n = getgroups(16, groups);
	ok(n == 1 && groups[0] == 1001, "getgroups after initgroups user: 1001");
	is_int(getegid(), 0, "setgroups leaves the effective gid alone");
	is_int(setgroups(0, NULL), 0, "setgroups(0)");
	is_int(getgroups(16, groups), 0, "... leaves no supplementary groups");
	memset(groups, 0, sizeof(groups));
	is_int(setgroups(16, groups), 0, "setgroups of NGROUPS_MAX (16)");
	is_int(getgroups(0, NULL), 16, "... and getgroups counts 16");
	is_int(setgroups(17, groups) == -1 ? errno : 0, EINVAL,
	    "setgroups of more than NGROUPS_MAX: EINVAL");
	is_int(setgroups(1, (gid_t *)1) == -1 ? errno : 0, EFAULT,
	    "setgroups from a bad pointer: EFAULT");
	is_int(initgroups("user", 1001), 0, "initgroups user again");
	if (setgid(1001) != 0 || setuid(1001) != 0)
		return (done());
	n = getgroups(16, groups);
	ok(n == 1 && groups[0] == 1001, "the set survives setuid");
	errno = 0;
	ok(initgroups("root", 0) == -1 && errno == EPERM,
	    "initgroups as non-root: EPERM");
	return (done());
}
