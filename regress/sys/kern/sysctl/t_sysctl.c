/*
 * The sysctl framework: walking the tree with the {0,2} next meta node
 * visits every leaf, and every leaf reads without error, with a size
 * that agrees with the type {0,4} reports (4 bytes for an int, 8 for a
 * long or 64-bit value, a NUL-terminated string); {0,1} and {0,3} map
 * names and numbers both ways; /sbin/sysctl -a exits 0.  Writing a
 * read-only node fails with EPERM; a user other than root cannot write a
 * root-only node (EPERM) and root can; bad names, lengths and pointers
 * give ENOENT, EINVAL, ENOMEM, EISDIR and EFAULT exactly.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static char val[256 * 1024];

/* The format and kind of a node: {0,4} gives a u_int kind, then a string. */
static int
oid_kind(const int *oid, int len, unsigned *kind, char *fmt, size_t fmtlen)
{
	int q[CTL_MAXNAME + 2] = { 0, 4 };
	char buf[128];
	size_t blen = sizeof(buf);

	memcpy(q + 2, oid, len * sizeof(int));
	if (sysctl(q, len + 2, buf, &blen, NULL, 0) != 0 || blen < 5)
		return (-1);
	memcpy(kind, buf, sizeof(*kind));
	snprintf(fmt, fmtlen, "%s", buf + sizeof(*kind));
	return (0);
}

static int
oid_name(const int *oid, int len, char *name, size_t namelen)
{
	int q[CTL_MAXNAME + 2] = { 0, 1 };
	size_t l = namelen;

	memcpy(q + 2, oid, len * sizeof(int));
	return (sysctl(q, len + 2, name, &l, NULL, 0));
}

int
main(void)
{
	int cur[CTL_MAXNAME + 2] = { 0, 2 }, oid[CTL_MAXNAME], back[CTL_MAXNAME];
	int curlen = 2, nleaves = 0, nbad = 0, nsize = 0, nname = 0, i, st;
	int mib[CTL_MAXNAME + 2], one = 1, maxfiles;
	char name[256], fmt[64], host[256], buf[256];
	unsigned kind;
	size_t len, vlen, blen;
	pid_t pid;
	FILE *fp;

	/* Walk the whole tree. */
	for (;;) {
		len = sizeof(oid);
		errno = 0;
		if (sysctl(cur, curlen, oid, &len, NULL, 0) != 0)
			break;
		nleaves++;
		memcpy(cur + 2, oid, len);
		curlen = 2 + len / sizeof(int);
		name[0] = '\0';
		oid_name(oid, len / sizeof(int), name, sizeof(name));
		vlen = 0;
		if (sysctl(oid, len / sizeof(int), NULL, &vlen, NULL, 0) != 0) {
			printf("# %s: size probe errno %d\n", name, errno);
			nbad++;
			continue;
		}
		vlen = sizeof(val);
		if (sysctl(oid, len / sizeof(int), val, &vlen, NULL, 0) != 0) {
			printf("# %s: read errno %d\n", name, errno);
			nbad++;
			continue;
		}
		if (oid_kind(oid, len / sizeof(int), &kind, fmt,
		    sizeof(fmt)) != 0) {
			printf("# %s: no format\n", name);
			nsize++;
			continue;
		}
		switch (kind & CTLTYPE) {
		case CTLTYPE_INT:
		case CTLTYPE_UINT:
			if (vlen != 4)
				nsize++, printf("# %s: int of %zu bytes\n",
				    name, vlen);
			break;
		case CTLTYPE_LONG:
		case CTLTYPE_ULONG:
		case CTLTYPE_S64:
		case CTLTYPE_U64:
			if (vlen != 8)
				nsize++, printf("# %s: 64-bit of %zu bytes\n",
				    name, vlen);
			break;
		case CTLTYPE_STRING:
			if (vlen == 0 || val[vlen - 1] != '\0' ||
			    strlen(val) != vlen - 1)
				nsize++, printf("# %s: bad string\n", name);
			break;
		}
		/* Name to number and back. */
		len = sizeof(back);
		if (sysctlnametomib(name, back, &len) != 0 ||
		    len != (size_t)(curlen - 2) ||
		    memcmp(back, cur + 2, len * sizeof(int)) != 0)
			nname++, printf("# %s: name2oid disagrees\n", name);
		if (nleaves > 5000)
			break;
	}
	printf("# %d leaves\n", nleaves);
	is_int(errno, ENOENT, "the walk ends with ENOENT");
	ok(nleaves > 40 && nleaves < 5000, "the walk visits the tree");
	is_int(nbad, 0, "every leaf reads without error");
	is_int(nsize, 0, "every leaf's size agrees with its type");
	is_int(nname, 0, "every leaf's name maps back to its number");

	/* /sbin/sysctl -a */
	pid = fork();
	if (pid == 0) {
		int fd = open("/tmp/t_sysctl.out", O_WRONLY | O_CREAT |
		    O_TRUNC, 0600);

		dup2(fd, 1);
		execl("/sbin/sysctl", "sysctl", "-a", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sysctl -a exits 0");
	i = 0;
	if ((fp = fopen("/tmp/t_sysctl.out", "r")) != NULL) {
		while (fgets(buf, sizeof(buf), fp) != NULL)
			if (strcmp(buf, "kern.ostype: Petrel\n") == 0)
				i = 1;
		fclose(fp);
	}
	ok(i, "sysctl -a prints kern.ostype: Petrel");
	unlink("/tmp/t_sysctl.out");

	/* Read-only nodes. */
	errno = 0;
	ok(sysctlbyname("kern.ostype", NULL, NULL, "x", 2) == -1 &&
	    errno == EPERM, "writing read-only kern.ostype: EPERM");
	errno = 0;
	ok(sysctlbyname("hw.ncpu", NULL, NULL, &one, sizeof(one)) == -1 &&
	    errno == EPERM, "writing read-only hw.ncpu: EPERM");
	errno = 0;
	ok(sysctlbyname("kern.nprocs", NULL, NULL, &one, sizeof(one)) == -1 &&
	    errno == EPERM, "writing read-only kern.nprocs: EPERM");

	/* Root writes kern.hostname, a user cannot. */
	len = sizeof(host);
	ok(sysctlbyname("kern.hostname", host, &len, NULL, 0) == 0,
	    "read kern.hostname");
	ok(sysctlbyname("kern.hostname", NULL, NULL, "t-sysctl", 9) == 0,
	    "root writes kern.hostname");
	blen = sizeof(buf);
	ok(sysctlbyname("kern.hostname", buf, &blen, NULL, 0) == 0 &&
	    blen == 9 && strcmp(buf, "t-sysctl") == 0, "and reads it back, "
	    "length 9 with the NUL");
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(100);
		errno = 0;
		if (sysctlbyname("kern.hostname", NULL, NULL, "evil", 5) !=
		    -1 || errno != EPERM)
			bad |= 1;
		errno = 0;
		if (sysctlbyname("kern.maxfiles", NULL, NULL, &one,
		    sizeof(one)) != -1 || errno != EPERM)
			bad |= 2;
		blen = sizeof(buf);
		if (sysctlbyname("kern.hostname", buf, &blen, NULL, 0) != 0)
			bad |= 4;	/* reading is fine */
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "uid 1000 cannot "
	    "write kern.hostname or kern.maxfiles (EPERM), can read"))
		printf("# bits %d\n", WEXITSTATUS(st));
	blen = sizeof(buf);
	ok(sysctlbyname("kern.hostname", buf, &blen, NULL, 0) == 0 &&
	    strcmp(buf, "t-sysctl") == 0, "the user's write changed nothing");
	sysctlbyname("kern.hostname", NULL, NULL, host, strlen(host) + 1);

	/* Errors. */
	errno = 0;
	ok(sysctlbyname("no.such.node", buf, &blen, NULL, 0) == -1 &&
	    errno == ENOENT, "unknown name: ENOENT");
	mib[0] = CTL_KERN;
	mib[1] = 99999;
	blen = sizeof(buf);
	errno = 0;
	ok(sysctl(mib, 2, buf, &blen, NULL, 0) == -1 && errno == ENOENT,
	    "unknown number: ENOENT");
	errno = 0;
	ok(sysctl(mib, 0, buf, &blen, NULL, 0) == -1 && errno == EINVAL,
	    "name length 0: EINVAL");
	errno = 0;
	ok(sysctl(mib, CTL_MAXNAME + 1, buf, &blen, NULL, 0) == -1 &&
	    errno == EINVAL, "name length CTL_MAXNAME+1: EINVAL");
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	blen = 3;
	errno = 0;
	ok(sysctl(mib, 2, buf, &blen, NULL, 0) == -1 && errno == ENOMEM &&
	    blen == 3, "kern.ostype into 3 bytes: ENOMEM");
	blen = 0;
	ok(sysctl(mib, 2, NULL, &blen, NULL, 0) == 0 && blen == 7,
	    "a size probe reports 7 bytes for \"Petrel\"");
	blen = sizeof(buf);
	errno = 0;
	ok(sysctl(mib, 2, (void *)8, &blen, NULL, 0) == -1 && errno == EFAULT,
	    "a bad old pointer: EFAULT");
	errno = 0;
	ok(sysctl((int *)8, 2, buf, &blen, NULL, 0) == -1 && errno == EFAULT,
	    "a bad name pointer: EFAULT");
	errno = 0;
	ok(sysctl(mib, 2, buf, (size_t *)8, NULL, 0) == -1 && errno == EFAULT,
	    "a bad length pointer: EFAULT");
	mib[1] = KERN_HOSTNAME;
	errno = 0;
	ok(sysctl(mib, 2, NULL, NULL, (void *)8, 4) == -1 && errno == EFAULT,
	    "a bad new pointer: EFAULT");
	blen = sizeof(buf);
	errno = 0;
	ok(sysctl(mib, 1, buf, &blen, NULL, 0) == -1 && errno == EINVAL,
	    "name length 1: EINVAL (as FreeBSD)");
	len = CTL_MAXNAME;
	ok(sysctlnametomib("vm.stats", mib, &len) == 0 && len == 2,
	    "vm.stats is a two-level name");
	blen = sizeof(buf);
	errno = 0;
	i = sysctl(mib, 2, buf, &blen, NULL, 0);
	if (!ok(i == -1 && errno == EISDIR, "reading a plain node "
	    "(vm.stats): EISDIR"))
		printf("# returned %d errno %d len %zu\n", i, errno, blen);
	len = sizeof(maxfiles);
	ok(sysctlbyname("kern.maxfiles", &maxfiles, &len, NULL, 0) == 0,
	    "read kern.maxfiles");
	errno = 0;
	ok(sysctlbyname("kern.maxfiles", NULL, NULL, &one, 2) == -1 &&
	    errno == EINVAL, "a 2-byte value for an int node: EINVAL");
	len = sizeof(i);
	ok(sysctlbyname("kern.maxfiles", &i, &len, NULL, 0) == 0 &&
	    i == maxfiles, "and the node is unchanged");
	mib[0] = 0;
	mib[1] = 3;
	blen = sizeof(oid);
	errno = 0;
	ok(sysctl(mib, 2, oid, &blen, "kern.nosuch", 11) == -1 &&
	    errno == ENOENT, "{0,3} name2oid of an unknown name: ENOENT");
	mib[1] = 99;
	errno = 0;
	ok(sysctl(mib, 2, oid, &blen, NULL, 0) == -1 && errno == ENOENT,
	    "an unknown meta node {0,99}: ENOENT");
	return (done());
}
