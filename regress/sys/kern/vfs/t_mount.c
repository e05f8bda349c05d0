/*
 * mount(2), unmount(2), statfs(2) and getfsstat(2) on tmpfs and devfs:
 * the errors (EPERM unprivileged and jailed, ENOTDIR, ENODEV, ENOENT,
 * EINVAL for bad flags and a directory that is no mount point, EBUSY
 * for "/", a busy file system and a second devfs), namei crossing a
 * mount point both ways, st_dev and statfs of the new file system,
 * EXDEV across it, MNT_RDONLY's EROFS, MNT_NOEXEC's EACCES from execve,
 * MNT_NOSUID ignoring a set-user-id bit, MNT_FORCE leaving open files
 * usable and freeing every vnode after the last close, and unmounting
 * and mounting /dev again.
 */
#include <sys/types.h>
#include <sys/jail.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "runcmd.h"

#define MNT	"/tmp/t_mount.d"
#define FILE1	"/tmp/t_mount.f"

/* The mounts, as getfsstat gives them (malloc'd); the count in *np. */
static struct statfs *
mounts(int *np)
{
	struct statfs *sf;
	int n;

	n = getfsstat(NULL, 0, MNT_NOWAIT);
	sf = calloc(n + 1, sizeof(*sf));
	*np = getfsstat(sf, (long)(n + 1) * sizeof(*sf), MNT_NOWAIT);
	return (sf);
}

/* The mount on `on': its type name, or "" if none. */
static const char *
mounted_on(const char *on)
{
	static char type[MFSNAMELEN];
	struct statfs *sf;
	int n, i;

	type[0] = '\0';
	sf = mounts(&n);
	for (i = 0; i < n; i++)
		if (strcmp(sf[i].f_mntonname, on) == 0)
			strlcpy(type, sf[i].f_fstypename, sizeof(type));
	free(sf);
	return (type);
}

/* In a child: 0 if mount and unmount are EPERM as uid 1000 / jailed. */
static int
c_unpriv(int jailed)
{
	struct jail j;

	if (jailed) {
		memset(&j, 0, sizeof(j));
		j.version = 2;
		j.path = "/";
		j.hostname = "mountjail";
		if (jail(&j) < 0)
			return (10);
	} else if (become(1000, 1000) != 0)
		return (11);
	if (errno_of(mount("tmpfs", MNT, 0, NULL)) != EPERM)
		return (1);
	if (errno_of(unmount("/dev", 0)) != EPERM)
		return (2);
	return (0);
}

static int
in_child(int (*fn)(int), int arg)
{
	pid_t pid;

	if ((pid = fork()) == 0)
		_exit(fn(arg));
	return (wait_status(pid));
}

/* Copy the program src to dst with mode. */
static int
copyfile(const char *src, const char *dst, mode_t mode)
{
	char buf[4096];
	ssize_t n;
	int in, out, rv = 0;

	if ((in = open(src, O_RDONLY)) < 0)
		return (-1);
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode)) < 0) {
		close(in);
		return (-1);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			rv = -1;
	close(in);
	close(out);
	return (rv == 0 ? chmod(dst, mode) : -1);
}

/* execve path in a child: 0, or the errno it failed with. */
static int
exec_errno(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	pid_t pid;
	int st;

	if ((pid = fork()) == 0) {
		execv(path, argv);
		_exit(errno);
	}
	st = wait_status(pid);
	return (st);
}

int
main(void)
{
	struct statfs sf, *all;
	struct stat st, st2;
	char buf[64], cwd[256];
	int n, n0, fd, nv0, i, saw_root = 0, saw_dev = 0;
	struct cmdout co;

	mkdir(MNT, 0755);
	rmdir(MNT "/sub");
	fd = open(FILE1, O_RDWR | O_CREAT | O_TRUNC, 0644);
	close(fd);

	/* What boot mounted. */
	all = mounts(&n0);
	ok(n0 >= 2, "getfsstat lists at least / and /dev");
	is_int(getfsstat(NULL, 0, MNT_NOWAIT), n0, "getfsstat(NULL) counts "
	    "them");
	for (i = 0; i < n0; i++) {
		if (strcmp(all[i].f_mntonname, "/") == 0 &&
		    strcmp(all[i].f_fstypename, "tmpfs") == 0 &&
		    (all[i].f_flags & (MNT_ROOTFS | MNT_LOCAL)) ==
		    (MNT_ROOTFS | MNT_LOCAL))
			saw_root = i + 1;
		if (strcmp(all[i].f_mntonname, "/dev") == 0 &&
		    strcmp(all[i].f_fstypename, "devfs") == 0)
			saw_dev = i + 1;
	}
	is_int(saw_root, 1, "the first is the root tmpfs (rootfs, local)");
	ok(saw_dev > 1, "devfs on /dev is there");
	free(all);
	ok(statfs("/dev/null", &sf) == 0 && strcmp(sf.f_mntonname, "/dev") ==
	    0 && strcmp(sf.f_fstypename, "devfs") == 0, "statfs of a device "
	    "names devfs on /dev");
	errno = 0;
	ok(getfsstat(NULL, -1, MNT_NOWAIT) == -1 && errno == EINVAL,
	    "getfsstat with a negative size: EINVAL");

	/* Errors. */
	is_int(in_child(c_unpriv, 0), 0, "uid 1000: mount and unmount are "
	    "EPERM");
	is_int(in_child(c_unpriv, 1), 0, "jailed root: mount and unmount are "
	    "EPERM");
	is_int(errno_of(mount("tmpfs", FILE1, 0, NULL)), ENOTDIR, "mount on "
	    "a file: ENOTDIR");
	is_int(errno_of(mount("nosuchfs", MNT, 0, NULL)), ENODEV, "an "
	    "unknown type: ENODEV");
	is_int(errno_of(mount("tmpfs", "/tmp/no/such", 0, NULL)), ENOENT,
	    "on a missing directory: ENOENT");
	is_int(errno_of(mount("tmpfs", MNT, 0x40000000, NULL)), EINVAL,
	    "an unknown flag: EINVAL");
	is_int(errno_of(mount("tmpfs", MNT, MNT_FORCE, NULL)), EINVAL,
	    "MNT_FORCE to mount: EINVAL");
	is_int(errno_of(mount("tmpfs", (char *)1, 0, NULL)), EFAULT,
	    "a bad path pointer: EFAULT");
	is_int(errno_of(mount("devfs", MNT, 0, NULL)), EBUSY, "a second "
	    "devfs: EBUSY");
	is_int(errno_of(unmount(MNT, 0)), EINVAL, "unmount of a plain "
	    "directory: EINVAL");
	is_int(errno_of(unmount("/", 0)), EBUSY, "unmount of /: EBUSY");
	is_int(errno_of(unmount("/", MNT_FORCE)), EBUSY, "even forced");
	is_int(errno_of(unmount("/tmp/no/such", 0)), ENOENT, "unmount of a "
	    "missing path: ENOENT");
	is_int(errno_of(unmount("/dev", 0x40000000)), EINVAL, "unmount with "
	    "an unknown flag: EINVAL");

	/* A tmpfs on MNT. */
	stat("/tmp", &st2);
	nv0 = sysctl_int("kern.numvnodes");
	is_int(mount("tmpfs", MNT, 0, NULL), 0, "mount -t tmpfs on " MNT);
	is_str(mounted_on(MNT), "tmpfs", "getfsstat lists it");
	all = mounts(&n);
	is_int(n, n0 + 1, "one more mount");
	is_str(all[n - 1].f_mntonname, MNT, "last in the list");
	is_int(all[n - 1].f_flags, MNT_LOCAL, "flags: local");
	is_int(all[n - 1].f_owner, 0, "owner root");
	free(all);
	ok(stat(MNT, &st) == 0 && st.st_dev != st2.st_dev && st.st_ino == 2,
	    "its root: another st_dev, inode 2");
	ok(statfs(MNT, &sf) == 0 && strcmp(sf.f_mntonname, MNT) == 0 &&
	    strcmp(sf.f_fstypename, "tmpfs") == 0, "statfs names the mount");
	ok(statfs("/tmp", &sf) == 0 && strcmp(sf.f_mntonname, "/") == 0,
	    "statfs of /tmp still names /");
	ok(stat(MNT "/..", &st) == 0 && st.st_dev == st2.st_dev &&
	    st.st_ino == st2.st_ino, "\"..\" of its root is /tmp");
	fd = open(MNT "/a", O_RDWR | O_CREAT, 0644);
	ok(fd >= 0 && write(fd, "hello", 5) == 5, "a file in it");
	ok(fstatfs(fd, &sf) == 0 && strcmp(sf.f_mntonname, MNT) == 0,
	    "fstatfs names the mount");
	is_int(errno_of(rename(FILE1, MNT "/b")), EXDEV, "rename into it: "
	    "EXDEV");
	is_int(errno_of(link(MNT "/a", "/tmp/t_mount.l")), EXDEV, "link out "
	    "of it: EXDEV");
	is_int(errno_of(rmdir(MNT)), EBUSY, "rmdir of the mount point: EBUSY");
	is_int(errno_of(unmount(MNT, 0)), EBUSY, "unmount with a file open: "
	    "EBUSY");
	close(fd);
	mkdir(MNT "/sub", 0755);
	chdir(MNT "/sub");
	ok(stat("../..", &st) == 0 && st.st_ino == st2.st_ino &&
	    st.st_dev == st2.st_dev, "from a directory in it, ../.. is /tmp");
	ok(getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, MNT "/sub") == 0,
	    "getcwd inside it");
	is_int(errno_of(unmount(MNT, 0)), EBUSY, "unmount with a working "
	    "directory inside: EBUSY");
	is_int(errno_of(unmount(".", 0)), EINVAL, "unmount of a directory "
	    "inside: EINVAL");
	chdir("/");
	is_int(mount("tmpfs", MNT "/sub", 0, NULL), 0, "a tmpfs inside it");
	is_int(errno_of(unmount(MNT, 0)), EBUSY, "the outer one is busy");
	is_int(unmount(MNT "/sub", 0), 0, "unmount the inner one");
	is_int(unmount(MNT, 0), 0, "unmount " MNT);
	is_str(mounted_on(MNT), "", "gone from the list");
	ok(stat(MNT "/a", &st) == -1 && errno == ENOENT, "its files are gone");
	ok(stat(MNT, &st) == 0 && st.st_dev == st2.st_dev, "the directory is "
	    "/tmp's again");
	is_int(sysctl_int("kern.numvnodes"), nv0, "every vnode freed");
	is_int(errno_of(unmount(MNT, 0)), EINVAL, "unmount again: EINVAL");

	/* MNT_RDONLY */
	is_int(mount("tmpfs", MNT, MNT_RDONLY, NULL), 0, "mount read-only");
	ok(statfs(MNT, &sf) == 0 && sf.f_flags == (MNT_RDONLY | MNT_LOCAL),
	    "statfs: read-only, local");
	is_int(errno_of(open(MNT "/n", O_WRONLY | O_CREAT, 0644)), EROFS,
	    "create: EROFS");
	is_int(errno_of(mkdir(MNT "/d", 0755)), EROFS, "mkdir: EROFS");
	is_int(errno_of(symlink("x", MNT "/l")), EROFS, "symlink: EROFS");
	is_int(errno_of(mkfifo(MNT "/f", 0644)), EROFS, "mkfifo: EROFS");
	is_int(errno_of(chmod(MNT, 0700)), EROFS, "chmod: EROFS");
	is_int(errno_of(chown(MNT, 1, 1)), EROFS, "chown: EROFS");
	is_int(errno_of(utimes(MNT, NULL)), EROFS, "utimes: EROFS");
	is_int(errno_of(access(MNT, W_OK)), EROFS, "access W_OK: EROFS");
	is_int(errno_of(access(MNT, R_OK | X_OK)), 0, "access R_OK|X_OK: 0");
	fd = open(MNT, O_RDONLY);
	ok(fd >= 0, "reading a directory works");
	is_int(errno_of(fchmod(fd, 0700)), EROFS, "fchmod: EROFS");
	close(fd);
	is_int(unmount(MNT, 0), 0, "unmount it");

	/* MNT_NOEXEC and MNT_NOSUID */
	is_int(mount("tmpfs", MNT, MNT_NOEXEC, NULL), 0, "mount noexec");
	ok(copyfile("/usr/bin/true", MNT "/true", 0755) == 0, "a program in "
	    "it");
	is_int(exec_errno(MNT "/true"), EACCES, "execve: EACCES");
	is_int(unmount(MNT, 0), 0, "unmount it");
	is_int(mount("tmpfs", MNT, 0, NULL), 0, "mount without noexec");
	ok(copyfile("/usr/bin/true", MNT "/true", 0755) == 0, "the program "
	    "again");
	is_int(exec_errno(MNT "/true"), 0, "execve runs it");
	ok(copyfile("/usr/bin/id", MNT "/id", 04755) == 0, "a set-user-id "
	    "id(1)");
	{
		char *av[] = { MNT "/id", "-u", NULL };

		run_cmd(av, 1000, &co);
		is_str(co.out, "0\n", "run by uid 1000 it is root");
		cmdout_free(&co);
	}
	is_int(unmount(MNT, 0), 0, "unmount it");
	is_int(mount("tmpfs", MNT, MNT_NOSUID, NULL), 0, "mount nosuid");
	ok(copyfile("/usr/bin/id", MNT "/id", 04755) == 0, "the set-user-id "
	    "id(1) again");
	{
		char *av[] = { MNT "/id", "-u", NULL };

		run_cmd(av, 1000, &co);
		is_str(co.out, "1000\n", "nosuid: it stays uid 1000");
		cmdout_free(&co);
	}
	is_int(unmount(MNT, 0), 0, "unmount it");

	/* MNT_FORCE */
	nv0 = sysctl_int("kern.numvnodes");
	is_int(mount("tmpfs", MNT, 0, NULL), 0, "mount once more");
	fd = open(MNT "/a", O_RDWR | O_CREAT, 0644);
	write(fd, "hello", 5);
	is_int(errno_of(unmount(MNT, 0)), EBUSY, "a file open: EBUSY");
	is_int(unmount(MNT, MNT_FORCE), 0, "MNT_FORCE unmounts it");
	is_str(mounted_on(MNT), "", "gone from the list");
	ok(stat(MNT "/a", &st) == -1 && errno == ENOENT, "not by name");
	memset(buf, 0, sizeof(buf));
	ok(pread(fd, buf, sizeof(buf), 0) == 5 && strcmp(buf, "hello") == 0,
	    "the open file still reads");
	ok(fstatfs(fd, &sf) == 0 && strcmp(sf.f_mntonname, MNT) == 0,
	    "and fstatfs still names where it was");
	close(fd);
	getfsstat(NULL, 0, MNT_NOWAIT);		/* frees detached mounts */
	is_int(sysctl_int("kern.numvnodes"), nv0, "after the last close "
	    "every vnode is freed");

	/*
	 * Races: a child walks into MNT (stat, open, chdir) while the parent
	 * mounts and unmounts it 100 times, retrying an EBUSY (the child
	 * was inside at that moment).  Nothing may panic or leak.
	 */
	{
		pid_t walker;
		int rounds = 0, busy = 0, fails = 0, r, k;

		nv0 = sysctl_int("kern.numvnodes");
		if ((walker = fork()) == 0) {
			for (;;) {
				int wfd;

				stat(MNT "/a", &st);
				if ((wfd = open(MNT "/a", O_RDONLY)) >= 0)
					close(wfd);
				if (chdir(MNT) == 0)
					chdir("/");
			}
		}
		for (i = 0; i < 100; i++) {
			if (mount("tmpfs", MNT, 0, NULL) != 0) {
				fails++;
				continue;
			}
			fd = open(MNT "/a", O_RDWR | O_CREAT, 0644);
			close(fd);
			for (k = 0; k < 10000; k++) {
				r = unmount(MNT, 0);
				if (r == 0 || errno != EBUSY)
					break;
				busy++;
				usleep(100);
			}
			if (r == 0)
				rounds++;
			else
				fails++;
		}
		kill(walker, SIGKILL);
		wait_status(walker);
		is_int(rounds, 100, "100 mounts and unmounts while another "
		    "process walks in");
		is_int(fails, 0, "none failed");
		printf("# %d unmounts found it busy first\n", busy);
		getfsstat(NULL, 0, MNT_NOWAIT);
		is_int(sysctl_int("kern.numvnodes"), nv0, "no vnode leaked");
	}

	/* /dev */
	is_int(unmount("/dev", 0), 0, "unmount /dev");
	is_str(mounted_on("/dev"), "", "gone from the list");
	is_int(errno_of(open("/dev/null", O_RDONLY)), ENOENT, "/dev/null: "
	    "ENOENT");
	is_int(mount("devfs", "/dev", 0, NULL), 0, "mount devfs on /dev "
	    "again");
	is_str(mounted_on("/dev"), "devfs", "listed again");
	fd = open("/dev/null", O_WRONLY);
	ok(fd >= 0 && write(fd, "x", 1) == 1, "/dev/null works");
	close(fd);

	rmdir(MNT "/sub");
	rmdir(MNT);
	unlink(FILE1);
	return (done());
}
