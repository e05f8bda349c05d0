/*
 * t_sysvsem: System V semaphores through the system calls and semctl(3):
 * semget with keys, nsems rules and limits; every semctl command; semop
 * all-or-nothing over several semaphores, IPC_NOWAIT, ERANGE, EFBIG,
 * E2BIG; sleepers (taking and waiting for zero) counted by GETNCNT and
 * GETZCNT and woken by another process (the other CPU with -smp 2);
 * EIDRM and EINTR for sleepers; SEM_UNDO applied when a process exits
 * normally and when it is killed with SIGKILL, and forgotten by SETVAL;
 * permissions between root and uid 1000; bad ids and pointers; ENOSPC
 * when the table or the semaphore pool is full; the kern.ipc.sema
 * records and limits.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>
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
#define KEY1	((key_t)0x5e5e0201)

/* POSIX: the caller declares union semun. */
union semun {
	int		val;
	struct semid_ds	*buf;
	unsigned short	*array;
};

static int
op1(int id, int num, int op, int flg)
{
	struct sembuf sb;

	sb.sem_num = num;
	sb.sem_op = op;
	sb.sem_flg = flg;
	return (semop(id, &sb, 1));
}

static int
setval(int id, int num, int v)
{
	union semun a;

	a.val = v;
	return (semctl(id, num, SETVAL, a));
}

/* Wait (10 s at most) until GETNCNT or GETZCNT of num reaches want. */
static int
await_cnt(int id, int num, int cmd, int want)
{
	int i, v = -1;

	for (i = 0; i < 10000; i++) {
		v = semctl(id, num, cmd);
		if (v == want)
			break;
		usleep(1000);
	}
	return (v);
}

static void
t_get(void)
{
	struct semid_ds ds;
	union semun a;
	unsigned short vals[3];
	int id, semmsl = sysctl_int("kern.ipc.semmsl");

	is_int(errno_of(semget(KEY1, 1, 0)), ENOENT, "semget of an unknown "
	    "key: ENOENT");
	is_int(errno_of(semget(KEY1, 0, IPC_CREAT | 0600)), EINVAL,
	    "create with nsems 0: EINVAL");
	is_int(errno_of(semget(KEY1, -1, IPC_CREAT | 0600)), EINVAL,
	    "create with nsems -1: EINVAL");
	is_int(errno_of(semget(KEY1, semmsl + 1, IPC_CREAT | 0600)), EINVAL,
	    "create with nsems semmsl + 1: EINVAL");
	id = semget(KEY1, 3, IPC_CREAT | 0640);
	ok(id >= 0, "semget(KEY1, 3, IPC_CREAT | 0640)");
	is_int(semget(KEY1, 0, 0), id, "found again with nsems 0");
	is_int(semget(KEY1, 3, 0), id, "found again with nsems 3");
	is_int(errno_of(semget(KEY1, 4, 0)), EINVAL, "asking for 4 of 3: "
	    "EINVAL");
	is_int(errno_of(semget(KEY1, 3, IPC_CREAT | IPC_EXCL | 0600)),
	    EEXIST, "IPC_EXCL: EEXIST");

	memset(&ds, 0xa5, sizeof(ds));
	a.buf = &ds;
	is_int(semctl(id, 0, IPC_STAT, a), 0, "IPC_STAT");
	is_int(ds.sem_nsems, 3, "sem_nsems 3");
	is_int(ds.sem_perm.mode, 0640, "mode 0640");
	is_int(ds.sem_perm.key, KEY1, "key");
	is_int(ds.sem_perm.uid, 0, "uid 0");
	is_int(ds.sem_perm.cuid, 0, "cuid 0");
	is_int(ds.sem_otime, 0, "sem_otime 0");
	ok(recent(ds.sem_ctime), "sem_ctime set");
	memset(vals, 0xff, sizeof(vals));
	a.array = vals;
	is_int(semctl(id, 0, GETALL, a), 0, "GETALL");
	ok(vals[0] == 0 && vals[1] == 0 && vals[2] == 0, "new semaphores "
	    "are 0");
	is_int(semctl(id, 1, GETPID), 0, "GETPID 0 before any semop");

	/* Bad ids, commands, pointers. */
	is_int(errno_of(semctl(id + 0x10000, 0, GETVAL)), EINVAL,
	    "GETVAL with a stale sequence: EINVAL");
	is_int(errno_of(semctl(-1, 0, GETVAL)), EINVAL, "GETVAL of id -1: "
	    "EINVAL");
	is_int(errno_of(op1(-1, 0, 1, 0)), EINVAL, "semop on id -1: EINVAL");
	is_int(errno_of(semctl(id, 0, 77)), EINVAL, "unknown command: EINVAL");
	a.buf = BADPTR;
	is_int(errno_of(semctl(id, 0, IPC_STAT, a)), EFAULT,
	    "IPC_STAT into a bad pointer: EFAULT");
	is_int(errno_of(semctl(id, 0, IPC_SET, a)), EFAULT,
	    "IPC_SET from a bad pointer: EFAULT");
	a.array = BADPTR;
	is_int(errno_of(semctl(id, 0, GETALL, a)), EFAULT,
	    "GETALL into a bad pointer: EFAULT");
	is_int(errno_of(semctl(id, 0, SETALL, a)), EFAULT,
	    "SETALL from a bad pointer: EFAULT");
	is_int(errno_of(__semctl(id, 0, SETVAL, BADPTR)), EFAULT,
	    "__semctl with a bad union pointer: EFAULT");
	is_int(errno_of(semop(id, BADPTR, 1)), EFAULT, "semop from a bad "
	    "pointer: EFAULT");
	is_int(semctl(id, 0, IPC_RMID), 0, "IPC_RMID");
	is_int(errno_of(semctl(id, 0, GETVAL)), EINVAL, "GETVAL after "
	    "removal: EINVAL");
	is_int(errno_of(semctl(id, 0, IPC_RMID)), EINVAL, "IPC_RMID twice: "
	    "EINVAL");
	is_int(errno_of(semget(KEY1, 1, 0)), ENOENT, "the key is gone");
}

static void
t_values(void)
{
	union semun a;
	unsigned short vals[3] = { 1, 2, 3 }, got[3];
	struct sembuf sb[3];
	int id, semvmx = sysctl_int("kern.ipc.semvmx");

	id = semget(IPC_PRIVATE, 3, 0600);
	is_int(setval(id, 1, 5), 0, "SETVAL 5");
	is_int(semctl(id, 1, GETVAL), 5, "GETVAL 5");
	is_int(errno_of(setval(id, 1, semvmx + 1)), ERANGE, "SETVAL semvmx + 1: "
	    "ERANGE");
	is_int(errno_of(setval(id, 1, -1)), ERANGE, "SETVAL -1: ERANGE");
	is_int(setval(id, 1, semvmx), 0, "SETVAL semvmx");
	is_int(errno_of(setval(id, 3, 1)), EINVAL, "SETVAL of semaphore 3 "
	    "of 3: EINVAL");
	is_int(errno_of(semctl(id, -1, GETVAL)), EINVAL, "GETVAL of -1: "
	    "EINVAL");
	is_int(errno_of(semctl(id, 3, GETNCNT)), EINVAL, "GETNCNT of 3: "
	    "EINVAL");
	a.array = vals;
	is_int(semctl(id, 0, SETALL, a), 0, "SETALL 1 2 3");
	a.array = got;
	is_int(semctl(id, 0, GETALL, a), 0, "GETALL");
	ok(got[0] == 1 && got[1] == 2 && got[2] == 3, "... 1 2 3");
	vals[1] = (unsigned short)(semvmx + 1);
	a.array = vals;
	is_int(errno_of(semctl(id, 0, SETALL, a)), ERANGE, "SETALL with one "
	    "above semvmx: ERANGE");
	is_int(semctl(id, 1, GETVAL), 2, "... nothing changed");

	/* All or nothing. */
	sb[0].sem_num = 0; sb[0].sem_op = -1; sb[0].sem_flg = 0;
	sb[1].sem_num = 1; sb[1].sem_op = -3; sb[1].sem_flg = IPC_NOWAIT;
	is_int(errno_of(semop(id, sb, 2)), EAGAIN, "take 1 of sem 0 and 3 of "
	    "sem 1 (has 2), IPC_NOWAIT: EAGAIN");
	is_int(semctl(id, 0, GETVAL), 1, "... sem 0 untouched");
	sb[1].sem_op = -2;
	sb[2].sem_num = 2; sb[2].sem_op = 4; sb[2].sem_flg = 0;
	is_int(semop(id, sb, 3), 0, "-1, -2, +4 in one semop");
	a.array = got;
	semctl(id, 0, GETALL, a);
	ok(got[0] == 0 && got[1] == 0 && got[2] == 7, "... 0 0 7");
	is_int(semctl(id, 2, GETPID), getpid(), "GETPID is us");
	sb[0].sem_num = 2; sb[0].sem_op = 1; sb[0].sem_flg = 0;
	sb[1].sem_num = 2; sb[1].sem_op = (short)semvmx; sb[1].sem_flg = 0;
	is_int(errno_of(semop(id, sb, 2)), ERANGE, "above semvmx: ERANGE");
	is_int(semctl(id, 2, GETVAL), 7, "... sem 2 still 7");
	is_int(errno_of(op1(id, 2, 0, IPC_NOWAIT)), EAGAIN, "wait for zero "
	    "on 7, IPC_NOWAIT: EAGAIN");
	is_int(op1(id, 0, 0, 0), 0, "wait for zero on 0: at once");
	is_int(errno_of(op1(id, 3, 1, 0)), EFBIG, "sem_num 3 of 3: EFBIG");
	is_int(semop(id, sb, 0), 0, "no operations: 0");
	{
		int semopm = sysctl_int("kern.ipc.semopm");
		struct sembuf *many = calloc(semopm + 1, sizeof(*many));

		is_int(semop(id, many, semopm), 0, "semopm wait-for-zero "
		    "operations");
		is_int(errno_of(semop(id, many, semopm + 1)), E2BIG,
		    "semopm + 1 operations: E2BIG");
		free(many);
	}
	semctl(id, 0, IPC_RMID);
}

static void
t_sleepers(void)
{
	struct sembuf sb[2];
	int id, pid;

	id = semget(IPC_PRIVATE, 2, 0600);
	if ((pid = fork()) == 0)
		_exit(op1(id, 0, -1, 0) == 0 ? 0 : 1);
	is_int(await_cnt(id, 0, GETNCNT, 1), 1, "a child sleeps taking sem 0: "
	    "GETNCNT 1");
	is_int(semctl(id, 0, GETZCNT), 0, "GETZCNT 0");
	is_int(op1(id, 0, 1, 0), 0, "post sem 0");
	is_int(wait_status(pid), 0, "the sleeper took it");
	is_int(semctl(id, 0, GETVAL), 0, "sem 0 is 0 again");
	is_int(semctl(id, 0, GETNCNT), 0, "GETNCNT 0");
	is_int(semctl(id, 0, GETPID), pid, "GETPID is the child");

	setval(id, 1, 2);
	if ((pid = fork()) == 0)
		_exit(op1(id, 1, 0, 0) == 0 ? 0 : 1);
	is_int(await_cnt(id, 1, GETZCNT, 1), 1, "a child waits for sem 1 to be "
	    "0: GETZCNT 1");
	is_int(op1(id, 1, -1, 0), 0, "sem 1 to 1");
	is_int(semctl(id, 1, GETZCNT), 1, "... still waiting");
	is_int(op1(id, 1, -1, 0), 0, "sem 1 to 0");
	is_int(wait_status(pid), 0, "the zero-waiter went through");

	/* Two operations, the second blocks: the first must not stick. */
	setval(id, 0, 1);
	setval(id, 1, 0);
	if ((pid = fork()) == 0) {
		sb[0].sem_num = 0; sb[0].sem_op = -1; sb[0].sem_flg = 0;
		sb[1].sem_num = 1; sb[1].sem_op = -1; sb[1].sem_flg = 0;
		_exit(semop(id, sb, 2) == 0 ? 0 : 1);
	}
	is_int(await_cnt(id, 1, GETNCNT, 1), 1, "a child sleeps on sem 1 of "
	    "{-1 sem 0, -1 sem 1}");
	is_int(semctl(id, 0, GETVAL), 1, "... sem 0 is still 1 meanwhile");
	is_int(op1(id, 0, -1, IPC_NOWAIT), 0, "we take sem 0 ourselves");
	is_int(op1(id, 1, 1, 0), 0, "post sem 1");
	is_int(await_cnt(id, 0, GETNCNT, 1), 1, "... it wakes and waits again, "
	    "now on sem 0");
	is_int(semctl(id, 1, GETVAL), 1, "... leaving sem 1 at 1 meanwhile");
	is_int(op1(id, 0, 1, 0), 0, "post sem 0");
	is_int(wait_status(pid), 0, "the child took both at once");
	is_int(semctl(id, 0, GETVAL) + semctl(id, 1, GETVAL), 0, "both 0");

	/* Removal wakes sleepers with EIDRM. */
	if ((pid = fork()) == 0) {
		if (op1(id, 0, -1, 0) != -1)
			_exit(1);
		_exit(errno == EIDRM ? 0 : 2);
	}
	is_int(await_cnt(id, 0, GETNCNT, 1), 1, "a child sleeps on sem 0");
	is_int(semctl(id, 0, IPC_RMID), 0, "remove the set");
	is_int(wait_status(pid), 0, "the sleeper got EIDRM");
}

static void
sigusr1(int sig)
{
	(void)sig;
}

static void
t_signal(void)
{
	struct sigaction sa;
	int id, pid;

	id = semget(IPC_PRIVATE, 1, 0600);
	if ((pid = fork()) == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = sigusr1;
		sigaction(SIGUSR1, &sa, NULL);
		if (op1(id, 0, -1, 0) != -1)
			_exit(1);
		_exit(errno == EINTR ? 0 : 2);
	}
	is_int(await_cnt(id, 0, GETNCNT, 1), 1, "a child sleeps");
	kill(pid, SIGUSR1);
	is_int(wait_status(pid), 0, "a signal ends the wait: EINTR");
	is_int(semctl(id, 0, GETNCNT), 0, "GETNCNT back to 0");
	semctl(id, 0, IPC_RMID);
}

static void
t_undo(void)
{
	int id, pid, p[2], semaem = sysctl_int("kern.ipc.semaem");
	char c;

	id = semget(IPC_PRIVATE, 2, 0600);

	/* Killed with SIGKILL while holding: the undo gives it back. */
	pipe(p);
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (op1(id, 0, 3, SEM_UNDO) != 0)
			_exit(1);
		write(p[1], "h", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	is_int(read(p[0], &c, 1), 1, "the child raised sem 0 by 3 with "
	    "SEM_UNDO");
	close(p[0]);
	is_int(semctl(id, 0, GETVAL), 3, "sem 0 is 3");
	kill(pid, SIGKILL);
	is_int(wait_status(pid), 128 + SIGKILL, "killed with SIGKILL");
	is_int(semctl(id, 0, GETVAL), 0, "SEM_UNDO took the 3 back");
	is_int(semctl(id, 0, GETPID), pid, "GETPID: the undo was the child's");

	/* A normal exit after taking: given back. */
	setval(id, 1, 5);
	if ((pid = fork()) == 0) {
		if (op1(id, 1, -2, SEM_UNDO) != 0 || op1(id, 1, -1, 0) != 0)
			_exit(1);
		_exit(semctl(id, 1, GETVAL) == 2 ? 0 : 2);
	}
	is_int(wait_status(pid), 0, "a child took 2 (SEM_UNDO) and 1 (not)");
	is_int(semctl(id, 1, GETVAL), 4, "after its exit sem 1 is 4");

	/* Undo values that cancel out leave nothing. */
	if ((pid = fork()) == 0) {
		if (op1(id, 1, 2, SEM_UNDO) != 0 ||
		    op1(id, 1, -2, SEM_UNDO) != 0)
			_exit(1);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "a child did +2 and -2 with SEM_UNDO");
	is_int(semctl(id, 1, GETVAL), 4, "sem 1 is still 4");

	/* SETVAL forgets undo values. */
	pipe(p);
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (op1(id, 0, 1, SEM_UNDO) != 0)
			_exit(1);
		write(p[1], "h", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	is_int(setval(id, 0, 10), 0, "SETVAL 10 while a child holds an undo");
	kill(pid, SIGKILL);
	wait_status(pid);
	is_int(semctl(id, 0, GETVAL), 10, "the undo was forgotten: still 10");

	/* Beyond semaem. */
	setval(id, 0, 0);
	is_int(errno_of(op1(id, 0, semaem + 1, SEM_UNDO)), ERANGE,
	    "SEM_UNDO beyond semaem: ERANGE");
	is_int(semctl(id, 0, GETVAL), 0, "... and the value is unchanged");

	/* An undo on a removed set is dropped quietly. */
	if ((pid = fork()) == 0) {
		if (op1(id, 0, 1, SEM_UNDO) != 0)
			_exit(1);
		_exit(semctl(id, 0, IPC_RMID) == 0 ? 0 : 2);
	}
	is_int(wait_status(pid), 0, "a child with an undo removed the set and "
	    "exited");
}

static void
t_perm(void)
{
	struct semid_ds ds;
	union semun a;
	int id, pid;

	id = semget(KEY1, 1, IPC_CREAT | 0600);
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		if (semget(KEY1, 1, 0) != id)
			_exit(1);
		if (errno_of(semget(KEY1, 1, 0400)) != EACCES)
			_exit(2);
		if (errno_of(op1(id, 0, 1, IPC_NOWAIT)) != EACCES)
			_exit(3);
		if (errno_of(op1(id, 0, 0, IPC_NOWAIT)) != EACCES)
			_exit(4);
		if (errno_of(semctl(id, 0, GETVAL)) != EACCES)
			_exit(5);
		a.buf = &ds;
		if (errno_of(semctl(id, 0, IPC_STAT, a)) != EACCES)
			_exit(6);
		if (errno_of(setval(id, 0, 1)) != EACCES)
			_exit(7);
		memset(&ds, 0, sizeof(ds));
		if (errno_of(semctl(id, 0, IPC_SET, a)) != EPERM)
			_exit(8);
		if (errno_of(semctl(id, 0, IPC_RMID)) != EPERM)
			_exit(9);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "uid 1000 on root's 0600 set: EACCES to "
	    "alter and read, EPERM to set and remove");
	a.buf = &ds;
	semctl(id, 0, IPC_STAT, a);
	ds.sem_perm.mode = 0644;
	is_int(semctl(id, 0, IPC_SET, a), 0, "IPC_SET mode 0644");
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		if (semctl(id, 0, GETVAL) != 0)
			_exit(1);
		if (op1(id, 0, 0, IPC_NOWAIT) != 0)
			_exit(2);
		if (errno_of(op1(id, 0, 1, IPC_NOWAIT)) != EACCES)
			_exit(3);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "mode 0644: others may read and wait for "
	    "zero, not alter");
	semctl(id, 0, IPC_STAT, a);
	ds.sem_perm.uid = 1000;
	is_int(semctl(id, 0, IPC_SET, a), 0, "IPC_SET uid 1000");
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		_exit(semctl(id, 0, IPC_RMID) == 0 ? 0 : 1);
	}
	is_int(wait_status(pid), 0, "the new owner may remove it");
	is_int(errno_of(semget(KEY1, 1, 0)), ENOENT, "gone");
}

static void
t_limits(void)
{
	int *ids, semmni = sysctl_int("kern.ipc.semmni"), n, i, inuse, id;
	int semmns = sysctl_int("kern.ipc.semmns");
	int semmsl = sysctl_int("kern.ipc.semmsl");

	inuse = sysctl_int("kern.ipc.semids_inuse");
	ids = calloc(semmni + 1, sizeof(int));
	for (n = 0; n <= semmni; n++)
		if ((ids[n] = semget(IPC_PRIVATE, 1, 0600)) == -1)
			break;
	is_int(n, semmni - inuse, "the table fills at kern.ipc.semmni");
	is_int(errno_of(semget(IPC_PRIVATE, 1, 0600)), ENOSPC,
	    "one more set: ENOSPC");
	is_int(sysctl_int("kern.ipc.semids_inuse"), semmni,
	    "kern.ipc.semids_inuse counts them all");
	for (i = 0; i < n; i++)
		semctl(ids[i], 0, IPC_RMID);
	free(ids);
	is_int(sysctl_int("kern.ipc.semids_inuse"), inuse, "back down");

	/* The semaphore pool: semmns in all sets. */
	if (inuse == 0 && semmsl >= semmns) {
		id = semget(IPC_PRIVATE, semmns, 0600);
		ok(id >= 0, "a set of semmns semaphores");
		is_int(errno_of(semget(IPC_PRIVATE, 1, 0600)), ENOSPC,
		    "then even one more semaphore: ENOSPC");
		semctl(id, 0, IPC_RMID);
		id = semget(IPC_PRIVATE, 1, 0600);
		ok(id >= 0, "removal gives them back");
		semctl(id, 0, IPC_RMID);
	} else
		printf("# semmns not checked: other sets exist\n");
}

static void
t_sysctl(void)
{
	struct seminfo si;
	struct xsemid *tab, *x;
	size_t len;
	int id, semmni = sysctl_int("kern.ipc.semmni"), i, n;

	len = sizeof(si);
	is_int(sysctlbyname("kern.ipc.seminfo", &si, &len, NULL, 0), 0,
	    "kern.ipc.seminfo");
	is_int(len, sizeof(si), "... sizeof(struct seminfo)");
	is_int(si.semmni, semmni, "seminfo.semmni");
	is_int(si.semmns, sysctl_int("kern.ipc.semmns"), "seminfo.semmns");
	is_int(si.semmnu, sysctl_int("kern.ipc.semmnu"), "seminfo.semmnu");
	is_int(si.semmsl, sysctl_int("kern.ipc.semmsl"), "seminfo.semmsl");
	is_int(si.semopm, sysctl_int("kern.ipc.semopm"), "seminfo.semopm");
	is_int(si.semume, sysctl_int("kern.ipc.semume"), "seminfo.semume");
	is_int(si.semusz, sysctl_int("kern.ipc.semusz"), "seminfo.semusz");
	is_int(si.semvmx, sysctl_int("kern.ipc.semvmx"), "seminfo.semvmx");
	is_int(si.semaem, sysctl_int("kern.ipc.semaem"), "seminfo.semaem");
	ok(si.semmni == 50 && si.semmns == 340 && si.semmnu == 150 &&
	    si.semume == 50 && si.semopm == 100 && si.semvmx == 32767 &&
	    si.semaem == 16384, "FreeBSD's defaults");

	id = semget(KEY1, 4, IPC_CREAT | 0660);
	op1(id, 2, 1, 0);
	len = 0;
	is_int(sysctlbyname("kern.ipc.sema", NULL, &len, NULL, 0), 0,
	    "kern.ipc.sema size");
	is_int(len, semmni * sizeof(struct xsemid), "... semmni records");
	tab = calloc(1, len);
	is_int(sysctlbyname("kern.ipc.sema", tab, &len, NULL, 0), 0,
	    "kern.ipc.sema");
	x = &tab[id & 0xffff];
	is_int(x->xs_len, sizeof(*x), "xs_len");
	is_int(x->xs_version, XSEMID_VERSION, "xs_version");
	is_int(x->xs_flags, XIPC_ALLOCATED, "xs_flags");
	is_int(x->xs_id, id, "xs_id");
	is_int(x->xs_perm.xp_key, KEY1, "xp_key");
	is_int(x->xs_perm.xp_mode, 0660, "xp_mode");
	is_int(x->xs_nsems, 4, "xs_nsems");
	ok(recent(x->xs_otime) && recent(x->xs_ctime), "times");
	for (i = n = 0; i < semmni; i++)
		if (tab[i].xs_flags != 0)
			n++;
	is_int(n, sysctl_int("kern.ipc.semids_inuse"), "records in use == "
	    "kern.ipc.semids_inuse");
	semctl(id, 0, IPC_RMID);
	sysctlbyname("kern.ipc.sema", tab, &len, NULL, 0);
	for (i = 0, n = 0; i < (int)sizeof(*x); i++)
		n |= ((unsigned char *)&tab[id & 0xffff])[i];
	is_int(n, 0, "a freed slot's record is all zeroes");
	free(tab);
}

/*
 * Two processes (on both CPUs with -smp 2) increment a counter in shared
 * memory under a semaphore used as a mutex: no increment may be lost.
 */
static void
t_mutex(void)
{
	struct sembuf p = { 0, -1, SEM_UNDO }, v = { 0, 1, SEM_UNDO };
	volatile long *ctr;
	int sem, shm, i, k, n = 2000, bad = 0;
	pid_t pid[2];

	sem = semget(IPC_PRIVATE, 1, 0600);
	setval(sem, 0, 1);
	shm = shmget(IPC_PRIVATE, 4096, 0600);
	ctr = shmat(shm, NULL, 0);
	ok(ctr != (void *)-1, "a counter in shared memory");
	*ctr = 0;
	for (k = 0; k < 2; k++) {
		if ((pid[k] = fork()) == 0) {
			for (i = 0; i < n; i++) {
				long c;

				if (semop(sem, &p, 1) != 0)
					_exit(1);
				c = *ctr;
				*ctr = c + 1;
				if (semop(sem, &v, 1) != 0)
					_exit(2);
			}
			_exit(0);
		}
	}
	for (k = 0; k < 2; k++)
		bad |= wait_status(pid[k]);
	is_int(bad, 0, "two processes each took and gave the mutex 2000 times");
	is_int(*ctr, 2 * n, "no increment was lost");
	is_int(semctl(sem, 0, GETVAL), 1, "the mutex is free");
	shmdt((void *)ctr);
	shmctl(shm, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
}

/* Round trips between two processes through two semaphores (a figure). */
static void
t_pingpong(void)
{
	struct timespec t0, t1;
	int id, i, n = 2000;
	pid_t pid;
	double us;

	id = semget(IPC_PRIVATE, 2, 0600);
	if ((pid = fork()) == 0) {
		for (i = 0; i < n; i++)
			if (op1(id, 0, -1, 0) != 0 || op1(id, 1, 1, 0) != 0)
				_exit(1);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (op1(id, 0, 1, 0) != 0 || op1(id, 1, -1, 0) != 0)
			break;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	is_int(i, n, "2000 semaphore round trips with a child");
	is_int(wait_status(pid), 0, "... the child's side");
	us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
	    1e3 / n;
	printf("# semop round trip between two processes: %.1f us\n", us);
	semctl(id, 0, IPC_RMID);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_start = time(NULL);
	t_get();
	t_values();
	t_sleepers();
	t_signal();
	t_undo();
	t_perm();
	t_limits();
	t_sysctl();
	t_mutex();
	t_pingpong();
	is_int(sysctl_int("kern.ipc.semids_inuse"), 0, "no sets left");
	return (done());
}
