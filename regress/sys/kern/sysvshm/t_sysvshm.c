/*
 * t_sysvshm: System V shared memory through the system calls: shmget
 * with keys, sizes and limits; shmat anywhere, at an address, with
 * SHM_RND and SHM_RDONLY (a write then faults); shmdt; shmctl IPC_STAT,
 * IPC_SET, IPC_RMID with removal deferred to the last detach; sharing
 * between a parent and its forked child, with a process that exec'd
 * (exec drops attachments; the new image attaches by key) and between two
 * unrelated children that each find the segment by key; attachments
 * dropped at exit; permissions between root and uid 1000; shm_use_phys
 * segments; the kern.ipc.shmsegs records and the shm* limits.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define BADPTR	((void *)16)		/* in the never-mapped first page */
#define KEY1	((key_t)0x5e5e0301)
#define KEY2	((key_t)0x5e5e0302)
#define KEY3	((key_t)0x5e5e0303)
#define PG	4096

static int
sysctl_setlong(const char *name, unsigned long v)
{
	return (sysctlbyname(name, NULL, NULL, &v, sizeof(v)));
}

static int
sysctl_setint(const char *name, int v)
{
	return (sysctlbyname(name, NULL, NULL, &v, sizeof(v)));
}

static int
nattch(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) != 0)
		return (-1);
	return ((int)ds.shm_nattch);
}

static int
all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return (0);
	return (1);
}

static void
t_get(void)
{
	struct shmid_ds ds;
	int id;
	unsigned long shmmax = (unsigned long)sysctl_num("kern.ipc.shmmax");

	is_int(errno_of(shmget(KEY1, 100, 0)), ENOENT, "shmget of an unknown "
	    "key: ENOENT");
	is_int(errno_of(shmget(KEY1, 0, IPC_CREAT | 0600)), EINVAL,
	    "create with size 0: EINVAL");
	is_int(errno_of(shmget(KEY1, shmmax + 1, IPC_CREAT | 0600)), EINVAL,
	    "create with size shmmax + 1: EINVAL");
	is_int(errno_of(shmget(IPC_PRIVATE, 0, 0600)), EINVAL,
	    "IPC_PRIVATE with size 0: EINVAL");
	id = shmget(KEY1, 10000, IPC_CREAT | 0640);
	ok(id >= 0, "shmget(KEY1, 10000, IPC_CREAT | 0640)");
	is_int(shmget(KEY1, 0, 0), id, "found again with size 0");
	is_int(shmget(KEY1, 10000, 0), id, "found again with size 10000");
	is_int(errno_of(shmget(KEY1, 10001, 0)), EINVAL, "size 10001 of 10000: "
	    "EINVAL");
	is_int(errno_of(shmget(KEY1, 100, IPC_CREAT | IPC_EXCL | 0600)),
	    EEXIST, "IPC_EXCL: EEXIST");

	memset(&ds, 0xa5, sizeof(ds));
	is_int(shmctl(id, IPC_STAT, &ds), 0, "IPC_STAT");
	is_int(ds.shm_segsz, 10000, "shm_segsz 10000");
	is_int(ds.shm_perm.mode, 0640, "mode 0640");
	is_int(ds.shm_perm.key, KEY1, "key");
	is_int(ds.shm_perm.uid, 0, "uid 0");
	is_int(ds.shm_cpid, getpid(), "shm_cpid is us");
	is_int(ds.shm_lpid, 0, "shm_lpid 0");
	is_int(ds.shm_nattch, 0, "shm_nattch 0");
	is_int(ds.shm_atime, 0, "shm_atime 0");
	is_int(ds.shm_dtime, 0, "shm_dtime 0");
	ok(recent(ds.shm_ctime), "shm_ctime set");

	is_int(errno_of(shmctl(id + 0x10000, IPC_STAT, &ds)), EINVAL,
	    "IPC_STAT with a stale sequence: EINVAL");
	is_int(errno_of(shmctl(-1, IPC_STAT, &ds)), EINVAL, "id -1: EINVAL");
	is_int(errno_of(shmctl(id, 99, &ds)), EINVAL, "unknown command: "
	    "EINVAL");
	is_int(errno_of(shmctl(id, IPC_STAT, BADPTR)), EFAULT,
	    "IPC_STAT into a bad pointer: EFAULT");
	is_int(errno_of(shmctl(id, IPC_SET, BADPTR)), EFAULT,
	    "IPC_SET from a bad pointer: EFAULT");
	ok(shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL,
	    "shmat of id -1: EINVAL");
	ok(shmat(id + 0x10000, NULL, 0) == (void *)-1 && errno == EINVAL,
	    "shmat with a stale sequence: EINVAL");
	is_int(errno_of(shmdt((void *)0x10000000)), EINVAL, "shmdt of an "
	    "address with nothing attached: EINVAL");
	is_int(shmctl(id, IPC_RMID, NULL), 0, "IPC_RMID (not attached)");
	is_int(errno_of(shmctl(id, IPC_STAT, &ds)), EINVAL, "gone at once: "
	    "EINVAL");
	is_int(errno_of(shmget(KEY1, 0, 0)), ENOENT, "its key too");
}

static void
t_attach(void)
{
	struct shmid_ds ds;
	char *p, *q, *r;
	int id, pid;

	id = shmget(IPC_PRIVATE, 3 * PG, 0600);
	p = shmat(id, NULL, 0);
	ok(p != (void *)-1, "shmat anywhere");
	ok(((unsigned long)p & (PG - 1)) == 0, "... page aligned");
	ok(all_zero(p, 3 * PG), "... three zeroed pages");
	shmctl(id, IPC_STAT, &ds);
	is_int(ds.shm_nattch, 1, "shm_nattch 1");
	is_int(ds.shm_lpid, getpid(), "shm_lpid us");
	ok(recent(ds.shm_atime), "shm_atime set");
	q = shmat(id, NULL, 0);
	ok(q != (void *)-1 && q != p, "attach again elsewhere");
	is_int(nattch(id), 2, "shm_nattch 2");
	strcpy(p + PG + 10, "through p");
	is_str(q + PG + 10, "through p", "one segment behind both addresses");
	is_int(shmdt(q), 0, "shmdt the second");
	is_int(nattch(id), 1, "shm_nattch 1");
	shmctl(id, IPC_STAT, &ds);
	ok(recent(ds.shm_dtime), "shm_dtime set");
	is_int(errno_of(shmdt(q)), EINVAL, "shmdt it again: EINVAL");
	is_int(errno_of(shmdt(p + 1)), EINVAL, "shmdt inside a segment: "
	    "EINVAL");

	/* At a given address, SHM_RND, overlap. */
	r = shmat(id, q, 0);
	ok(r == q, "shmat at the address just freed");
	is_str(r + PG + 10, "through p", "... same contents");
	shmdt(r);
	r = shmat(id, q + 123, SHM_RND);
	ok(r == q, "SHM_RND rounds the address down to SHMLBA");
	shmdt(r);
	ok(shmat(id, q + 123, 0) == (void *)-1 && errno == EINVAL,
	    "an unaligned address without SHM_RND: EINVAL");
	ok(shmat(id, p + PG, 0) == (void *)-1 && errno == ENOMEM,
	    "an address already mapped: ENOMEM");
	is_int(nattch(id), 1, "failed attaches leave shm_nattch 1");

	/* Read-only: reads work, a write faults. */
	r = shmat(id, NULL, SHM_RDONLY);
	ok(r != (void *)-1, "SHM_RDONLY");
	is_str(r + PG + 10, "through p", "... reads");
	if ((pid = fork()) == 0) {
		r[0] = 'x';
		_exit(0);
	}
	is_int(wait_status(pid), 128 + SIGSEGV, "... a write is SIGSEGV");
	is_int(p[0], 0, "... and changed nothing");
	shmdt(r);
	is_int(shmdt(p), 0, "shmdt");
	is_int(nattch(id), 0, "shm_nattch 0");
	shmctl(id, IPC_RMID, NULL);
}

static void
t_fork(void)
{
	char *p;
	int id, pid;

	id = shmget(IPC_PRIVATE, 2 * PG, 0600);
	p = shmat(id, NULL, 0);
	strcpy(p, "hello");
	if ((pid = fork()) == 0) {
		if (strcmp(p, "hello") != 0)
			_exit(1);
		if (nattch(id) != 2)
			_exit(2);
		strcpy(p + PG, "world");
		_exit(0);
	}
	is_int(wait_status(pid), 0, "a forked child sees the segment at the "
	    "same address and is counted (shm_nattch 2)");
	is_str(p + PG, "world", "the child's write is ours");
	is_int(nattch(id), 1, "its exit detached it");

	/* A child that detaches explicitly, then exits. */
	if ((pid = fork()) == 0)
		_exit(shmdt(p) == 0 && nattch(id) == 1 ? 0 : 1);
	is_int(wait_status(pid), 0, "a child may shmdt its inherited copy");
	is_int(nattch(id), 1, "shm_nattch 1");
	is_str(p, "hello", "ours is untouched");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

/* The exec'd image: attach by key, check and write. */
static int
helper(int id)
{
	char *p;

	if (nattch(id) != 1)
		return (10);		/* exec dropped our inherited one */
	if (shmget(KEY2, 0, 0) != id)
		return (11);
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return (12);
	if (strcmp(p, "before exec") != 0)
		return (13);
	strcpy(p + 100, "from exec");
	if (nattch(id) != 2)
		return (14);
	return (0);			/* exit detaches */
}

static void
t_exec(const char *self)
{
	char *p, arg[16];
	int id, pid;

	id = shmget(KEY2, PG, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	strcpy(p, "before exec");
	if ((pid = fork()) == 0) {
		if (nattch(id) != 2)
			_exit(20);
		snprintf(arg, sizeof(arg), "%d", id);
		execl(self, self, "helper", arg, (char *)NULL);
		_exit(21);
	}
	is_int(wait_status(pid), 0, "a child that exec'd has no attachment "
	    "left, and finds and attaches the segment by key");
	is_str(p + 100, "from exec", "its write is ours");
	is_int(nattch(id), 1, "shm_nattch back to 1");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

/* Two children, neither the other's ancestor, meet by key. */
static void
t_unrelated(void)
{
	int ab[2], ba[2], pa, pb, id;
	char c, *p;

	pipe(ab);
	pipe(ba);
	if ((pa = fork()) == 0) {
		if ((id = shmget(KEY3, 5000, IPC_CREAT | 0600)) == -1)
			_exit(1);
		if ((p = shmat(id, NULL, 0)) == (void *)-1)
			_exit(2);
		strcpy(p + 4096, "A wrote");
		write(ab[1], "a", 1);
		if (read(ba[0], &c, 1) != 1)
			_exit(3);
		_exit(strcmp(p + 4096, "B wrote") == 0 ? 0 : 4);
	}
	if ((pb = fork()) == 0) {
		if (read(ab[0], &c, 1) != 1)
			_exit(1);
		if ((id = shmget(KEY3, 0, 0)) == -1)
			_exit(2);
		if ((p = shmat(id, NULL, 0)) == (void *)-1)
			_exit(3);
		if (strcmp(p + 4096, "A wrote") != 0)
			_exit(4);
		strcpy(p + 4096, "B wrote");
		if (nattch(id) != 2)
			_exit(5);
		write(ba[1], "b", 1);
		_exit(0);
	}
	close(ab[0]); close(ab[1]); close(ba[0]); close(ba[1]);
	is_int(wait_status(pb), 0, "child B found A's segment by key and read "
	    "\"A wrote\"");
	is_int(wait_status(pa), 0, "child A read B's \"B wrote\"");
	id = shmget(KEY3, 0, 0);
	ok(id >= 0, "the segment outlives them");
	is_int(nattch(id), 0, "with no attachments");
	shmctl(id, IPC_RMID, NULL);
}

static void
t_rmid(void)
{
	struct shmid_ds ds;
	struct xshmid *tab;
	size_t len;
	char *p, *q;
	int id, pid, inuse;

	inuse = (int)sysctl_num("kern.ipc.shmids_inuse");
	id = shmget(KEY1, PG, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	strcpy(p, "still here");
	is_int(shmctl(id, IPC_RMID, NULL), 0, "IPC_RMID while attached");
	is_int(errno_of(shmget(KEY1, 0, 0)), ENOENT, "the key is gone at "
	    "once");
	is_int(shmctl(id, IPC_STAT, &ds), 0, "IPC_STAT still works "
	    "(shm_allow_removed)");
	is_int(ds.shm_perm.key, IPC_PRIVATE, "... key IPC_PRIVATE");
	is_int(ds.shm_nattch, 1, "... shm_nattch 1");
	is_str(p, "still here", "the memory is still there");
	is_int(sysctl_num("kern.ipc.shmids_inuse"), inuse + 1, "and counted");
	len = sysctl_num("kern.ipc.shmmni") * sizeof(*tab);
	tab = calloc(1, len);
	sysctlbyname("kern.ipc.shmsegs", tab, &len, NULL, 0);
	is_int(tab[id & 0xffff].xh_flags, XIPC_ALLOCATED | XIPC_REMOVED,
	    "its record says XIPC_REMOVED");
	is_int(tab[id & 0xffff].xh_perm.xp_key, 0, "... with key 0");
	free(tab);

	if ((pid = fork()) == 0)
		_exit(strcmp(p, "still here") == 0 && nattch(id) == 2 ? 0 : 1);
	is_int(wait_status(pid), 0, "a child inherits the removed segment");
	is_int(nattch(id), 1, "its exit leaves ours");
	q = shmat(id, NULL, 0);
	ok(q != (void *)-1, "shm_allow_removed=1: a removed segment may be "
	    "attached by id");
	is_str(q, "still here", "... the same memory");
	is_int(nattch(id), 2, "shm_nattch 2");
	is_int(sysctl_setint("kern.ipc.shm_allow_removed", 0), 0,
	    "kern.ipc.shm_allow_removed=0");
	ok(shmat(id, NULL, 0) == (void *)-1 && errno == EINVAL,
	    "then shmat of a removed segment: EINVAL");
	is_int(errno_of(shmctl(id, IPC_STAT, &ds)), EINVAL, "and IPC_STAT: "
	    "EINVAL");
	sysctl_setint("kern.ipc.shm_allow_removed", 1);
	is_int(shmdt(p), 0, "shmdt one");
	is_int(sysctl_num("kern.ipc.shmids_inuse"), inuse + 1, "still there "
	    "with one attachment");
	is_int(shmdt(q), 0, "shmdt the last");
	is_int(errno_of(shmctl(id, IPC_STAT, &ds)), EINVAL, "the last detach "
	    "destroyed it");
	is_int(sysctl_num("kern.ipc.shmids_inuse"), inuse, "not counted any "
	    "more");

	/* Exit drops the last attachment: destroyed then. */
	id = shmget(IPC_PRIVATE, PG, 0600);
	if ((pid = fork()) == 0) {
		if (shmat(id, NULL, 0) == (void *)-1)
			_exit(1);
		_exit(shmctl(id, IPC_RMID, NULL) == 0 ? 0 : 2);
	}
	is_int(wait_status(pid), 0, "a child attached, removed and exited");
	is_int(errno_of(shmctl(id, IPC_STAT, &ds)), EINVAL, "its exit "
	    "destroyed the segment");
}

static void
t_perm(void)
{
	struct shmid_ds ds;
	int id, pid;

	id = shmget(KEY1, PG, IPC_CREAT | 0600);
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		if (shmget(KEY1, 0, 0) != id)
			_exit(1);
		if (errno_of(shmget(KEY1, 0, 0400)) != EACCES)
			_exit(2);
		if (shmat(id, NULL, SHM_RDONLY) != (void *)-1 ||
		    errno != EACCES)
			_exit(3);
		if (errno_of(shmctl(id, IPC_STAT, &ds)) != EACCES)
			_exit(4);
		memset(&ds, 0, sizeof(ds));
		if (errno_of(shmctl(id, IPC_SET, &ds)) != EPERM)
			_exit(5);
		if (errno_of(shmctl(id, IPC_RMID, NULL)) != EPERM)
			_exit(6);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "uid 1000 on root's 0600 segment: EACCES "
	    "to attach and stat, EPERM to set and remove");
	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.mode = 0640;
	ds.shm_perm.gid = 1000;
	is_int(shmctl(id, IPC_SET, &ds), 0, "IPC_SET mode 0640 gid 1000");
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		if (shmat(id, NULL, SHM_RDONLY) == (void *)-1)
			_exit(1);
		if (shmat(id, NULL, 0) != (void *)-1 || errno != EACCES)
			_exit(2);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "group 1000 may attach read-only, not "
	    "read-write");
	is_int(nattch(id), 0, "its attachment went with it");
	shmctl(id, IPC_RMID, NULL);
}

static void
t_limits(void)
{
	unsigned long shmall = sysctl_num("kern.ipc.shmall");
	long shmseg = sysctl_num("kern.ipc.shmseg");
	int id, id2, inuse, n, *ids;
	long shmmni = sysctl_num("kern.ipc.shmmni");
	char *a, *b;

	/* shmall: pages in all segments. */
	id = shmget(IPC_PRIVATE, 2 * PG, 0600);
	is_int(sysctl_setlong("kern.ipc.shmall", 3), 0, "kern.ipc.shmall=3");
	is_int(errno_of(shmget(IPC_PRIVATE, 2 * PG, 0600)), ENOMEM,
	    "2 more pages beyond 3: ENOMEM");
	id2 = shmget(IPC_PRIVATE, PG, 0600);
	ok(id2 >= 0, "1 more page fits");
	shmctl(id2, IPC_RMID, NULL);
	sysctl_setlong("kern.ipc.shmall", shmall);

	/* shmseg: attachments per process. */
	is_int(sysctl_setlong("kern.ipc.shmseg", 2), 0, "kern.ipc.shmseg=2");
	a = shmat(id, NULL, 0);
	b = shmat(id, NULL, 0);
	ok(a != (void *)-1 && b != (void *)-1, "two attachments");
	ok(shmat(id, NULL, 0) == (void *)-1 && errno == EMFILE, "a third: "
	    "EMFILE");
	sysctl_setlong("kern.ipc.shmseg", shmseg);
	shmdt(a);
	shmdt(b);
	shmctl(id, IPC_RMID, NULL);

	/* shmmni. */
	inuse = (int)sysctl_num("kern.ipc.shmids_inuse");
	ids = calloc(shmmni + 1, sizeof(int));
	for (n = 0; n <= shmmni; n++)
		if ((ids[n] = shmget(IPC_PRIVATE, 1, 0600)) == -1)
			break;
	is_int(n, shmmni - inuse, "the table fills at kern.ipc.shmmni");
	is_int(errno_of(shmget(IPC_PRIVATE, 1, 0600)), ENOSPC, "one more: "
	    "ENOSPC");
	while (n-- > 0)
		shmctl(ids[n], IPC_RMID, NULL);
	free(ids);
	is_int(sysctl_num("kern.ipc.shmids_inuse"), inuse, "back down");
}

/* Physically contiguous segments. */
static void
t_phys(void)
{
	char *p;
	int id, pid;

	is_int(sysctl_setint("kern.ipc.shm_use_phys", 1), 0,
	    "kern.ipc.shm_use_phys=1");
	id = shmget(IPC_PRIVATE, 5 * PG, 0600);
	ok(id >= 0, "a 5-page physical segment");
	sysctl_setint("kern.ipc.shm_use_phys", 0);
	p = shmat(id, NULL, 0);
	ok(p != (void *)-1, "attached");
	ok(all_zero(p, 5 * PG), "zeroed");
	strcpy(p + 4 * PG, "phys");
	if ((pid = fork()) == 0)
		_exit(strcmp(p + 4 * PG, "phys") == 0 ? 0 : 1);
	is_int(wait_status(pid), 0, "shared with a forked child");
	shmctl(id, IPC_RMID, NULL);
	is_int(shmdt(p), 0, "shmdt destroys it");
	is_int(errno_of(shmctl(id, IPC_STAT, NULL)), EINVAL, "gone");
	id = shmget(IPC_PRIVATE, 5 * PG, 0600);
	p = shmat(id, NULL, 0);
	ok(all_zero(p, 5 * PG), "a new anonymous segment is zeroed too");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

static void
t_sysctl(void)
{
	struct shminfo si;
	struct xshmid *tab, *x;
	size_t len;
	char *p;
	int id, i, n, shmmni = (int)sysctl_num("kern.ipc.shmmni");

	len = sizeof(si);
	is_int(sysctlbyname("kern.ipc.shminfo", &si, &len, NULL, 0), 0,
	    "kern.ipc.shminfo");
	is_int(len, sizeof(si), "... sizeof(struct shminfo)");
	is_int(si.shmmax, sysctl_num("kern.ipc.shmmax"), "shminfo.shmmax");
	is_int(si.shmmin, sysctl_num("kern.ipc.shmmin"), "shminfo.shmmin");
	is_int(si.shmmni, shmmni, "shminfo.shmmni");
	is_int(si.shmseg, sysctl_num("kern.ipc.shmseg"), "shminfo.shmseg");
	is_int(si.shmall, sysctl_num("kern.ipc.shmall"), "shminfo.shmall");
	ok(si.shmmax == 131072UL * PG && si.shmall == 131072 &&
	    si.shmmni == 192 && si.shmseg == 128 && si.shmmin == 1,
	    "FreeBSD's defaults");

	id = shmget(KEY1, 6000, IPC_CREAT | 0604);
	p = shmat(id, NULL, 0);
	len = 0;
	is_int(sysctlbyname("kern.ipc.shmsegs", NULL, &len, NULL, 0), 0,
	    "kern.ipc.shmsegs size");
	is_int(len, shmmni * sizeof(struct xshmid), "... shmmni records");
	tab = calloc(1, len);
	is_int(sysctlbyname("kern.ipc.shmsegs", tab, &len, NULL, 0), 0,
	    "kern.ipc.shmsegs");
	x = &tab[id & 0xffff];
	is_int(x->xh_len, sizeof(*x), "xh_len");
	is_int(x->xh_version, XSHMID_VERSION, "xh_version");
	is_int(x->xh_flags, XIPC_ALLOCATED, "xh_flags");
	is_int(x->xh_id, id, "xh_id");
	is_int(x->xh_perm.xp_key, KEY1, "xp_key");
	is_int(x->xh_perm.xp_mode, 0604, "xp_mode");
	is_int(x->xh_segsz, 6000, "xh_segsz");
	is_int(x->xh_nattch, 1, "xh_nattch");
	is_int(x->xh_cpid, getpid(), "xh_cpid");
	is_int(x->xh_lpid, getpid(), "xh_lpid");
	ok(recent(x->xh_atime) && x->xh_dtime == 0 &&
	    recent(x->xh_ctime), "times");
	for (i = n = 0; i < shmmni; i++)
		if (tab[i].xh_flags != 0)
			n++;
	is_int(n, sysctl_num("kern.ipc.shmids_inuse"), "records in use == "
	    "kern.ipc.shmids_inuse");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	sysctlbyname("kern.ipc.shmsegs", tab, &len, NULL, 0);
	for (i = 0, n = 0; i < (int)sizeof(*x); i++)
		n |= ((unsigned char *)&tab[id & 0xffff])[i];
	is_int(n, 0, "a freed slot's record is all zeroes");
	free(tab);
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "helper") == 0)
		return (helper(atoi(argv[2])));
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_start = time(NULL);
	t_get();
	t_attach();
	t_fork();
	t_exec(argv[0]);
	t_unrelated();
	t_rmid();
	t_perm();
	t_limits();
	t_phys();
	t_sysctl();
	is_int(sysctl_num("kern.ipc.shmids_inuse"), 0, "no segments left");
	return (done());
}
