/*
 * t_sysv.c: SysV message queues and semaphores on the host
 * (sys/kern/sysv_msg.c, sysv_sem.c, sysv_ipc.c): their system call
 * handlers called directly, as the syscall layer calls them, with user
 * buffers in this process (copyin faults on the first 64 KiB).  Checks
 * the limits, the permission rules (owner / group / other, IPC_M for
 * the creator or owner, root overriding) and the exact errnos, the
 * message order and type selection of msgrcv, and the semaphore value
 * rules, without ever blocking (IPC_NOWAIT).  Compiled with the kernel's
 * headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include "tap.h"
#include "ipc_shim.h"
#include "sock_shim.h"

MALLOC_DECLARE(M_MSG);
MALLOC_DECLARE(M_SEM);
extern struct msginfo msginfo;
extern struct seminfo seminfo;

static struct sysmsg sm;

/* Act as another user of another group, or (uid 1000) as ourselves. */
static void
as_user(int uid)
{
	shim_proc.p_ucred->cr_uid = (uid_t)uid;
	shim_proc.p_ucred->cr_groups[0] = (gid_t)uid;
}

static int
msgget(key_t key, int flg)
{
	struct msgget_args a = { .key = key, .msgflg = flg };
	int error;

	sm.sysmsg_result = 0;	/* as the syscall layer starts it */
	error = sys_msgget(&sm, &a);
	return (error != 0 ? -error : (int)sm.sysmsg_result);
}

static int
msgsnd(int id, const void *p, size_t sz, int flg)
{
	struct msgsnd_args a = { .msqid = id, .msgp = p, .msgsz = sz,
	    .msgflg = flg };

	return (sys_msgsnd(&sm, &a));
}

/* 0 or an errno; *lenp the text length received. */
static int
msgrcv(int id, void *p, size_t sz, long typ, int flg, long *lenp)
{
	struct msgrcv_args a = { .msqid = id, .msgp = p, .msgsz = sz,
	    .msgtyp = typ, .msgflg = flg };
	int error;

	sm.sysmsg_result = 0;	/* as the syscall layer starts it */
	error = sys_msgrcv(&sm, &a);
	if (lenp != NULL)
		*lenp = (long)sm.sysmsg_result;
	return (error);
}

static int
msgctl(int id, int cmd, struct msqid_ds *buf)
{
	struct msgctl_args a = { .msqid = id, .cmd = cmd, .buf = buf };

	return (sys_msgctl(&sm, &a));
}

struct mbuf_ {
	long	mtype;
	char	mtext[64];
};

static void
t_msg(void)
{
	struct mbuf_ m, r;
	struct msqid_ds ds;
	long len;
	int id, id2, i;

	tap_is_int(msgget(1234, 0600), -ENOENT,
	    "msgget of a missing key without IPC_CREAT: ENOENT");
	id = msgget(1234, IPC_CREAT | 0600);
	tap_ok(id >= 0, "msgget(IPC_CREAT) makes a queue");
	tap_is_int(msgget(1234, 0), id, "... found again by key");
	tap_is_int(msgget(1234, IPC_CREAT | IPC_EXCL | 0600), -EEXIST,
	    "IPC_CREAT|IPC_EXCL on an existing key: EEXIST");
	id2 = msgget(IPC_PRIVATE, 0600);
	tap_ok(id2 >= 0 && id2 != id, "IPC_PRIVATE makes a new queue");

	/* Order and type selection. */
	for (i = 1; i <= 3; i++) {
		m.mtype = 4 - i;		/* types 3, 2, 1 */
		ksnprintf(m.mtext, sizeof(m.mtext), "message %d", i);
		msgsnd(id, &m, 9, IPC_NOWAIT);
	}
	tap_is_int(msgctl(id, IPC_STAT, &ds), 0, "IPC_STAT");
	tap_ok(ds.msg_qnum == 3 && ds.msg_cbytes == 27 &&
	    ds.msg_lspid == 100 && ds.msg_perm.uid == 1000 &&
	    (ds.msg_perm.mode & 0777) == 0600,
	    "... 3 messages, 27 bytes, last sender pid 100, uid 1000, 0600");
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), 2, IPC_NOWAIT, &len), 0,
	    "msgrcv type 2");
	tap_ok(len == 9 && r.mtype == 2 && memcmp(r.mtext, "message 2", 9) == 0,
	    "... the type-2 message, 9 bytes");
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), -3, IPC_NOWAIT, &len), 0,
	    "msgrcv type -3");
	tap_ok(r.mtype == 1 && memcmp(r.mtext, "message 3", 9) == 0,
	    "... the lowest type <= 3: type 1");
	tap_is_int(msgrcv(id, &r, 4, 0, IPC_NOWAIT, &len), E2BIG,
	    "a 9-byte message into 4 bytes: E2BIG");
	tap_is_int(msgrcv(id, &r, 4, 0, IPC_NOWAIT | MSG_NOERROR, &len), 0,
	    "... with MSG_NOERROR: cut to 4");
	tap_ok(len == 4 && r.mtype == 3 && memcmp(r.mtext, "mess", 4) == 0,
	    "... 4 bytes of the first message");
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), 0, IPC_NOWAIT, &len), ENOMSG,
	    "an empty queue with IPC_NOWAIT: ENOMSG");

	/* Bad input. */
	m.mtype = 0;
	tap_is_int(msgsnd(id, &m, 1, IPC_NOWAIT), EINVAL, "mtype 0: EINVAL");
	m.mtype = 1;
	tap_is_int(msgsnd(id, &m, (size_t)msginfo.msgmax + 1, IPC_NOWAIT),
	    EINVAL, "a message over msgmax: EINVAL");
	tap_is_int(msgsnd(id, (void *)8, 1, IPC_NOWAIT), EFAULT,
	    "msgsnd from a bad pointer: EFAULT");
	tap_is_int(msgsnd(id + 1000, &m, 1, IPC_NOWAIT), EINVAL,
	    "msgsnd to a bad id: EINVAL");
	tap_is_int(msgctl(id, 12345, &ds), EINVAL, "msgctl cmd 12345: EINVAL");
	tap_is_int(msgctl(id, IPC_STAT, (void *)8), EFAULT,
	    "IPC_STAT into a bad pointer: EFAULT");

	/* The queue's byte limit. */
	ds.msg_qbytes = 20;
	tap_is_int(msgctl(id, IPC_SET, &ds), 0, "IPC_SET msg_qbytes 20");
	tap_is_int(msgsnd(id, &m, 21, IPC_NOWAIT), EINVAL,
	    "a 21-byte message can never fit: EINVAL");
	tap_is_int(msgsnd(id, &m, 15, IPC_NOWAIT), 0, "15 bytes fit");
	tap_is_int(msgsnd(id, &m, 15, IPC_NOWAIT), EAGAIN,
	    "15 more do not, IPC_NOWAIT: EAGAIN");
	ds.msg_qbytes = 2048;
	tap_is_int(msgctl(id, IPC_SET, &ds), EPERM,
	    "raising msg_qbytes without privilege: EPERM");
	ds.msg_qbytes = 0;
	tap_is_int(msgctl(id, IPC_SET, &ds), EINVAL, "msg_qbytes 0: EINVAL");

	/* Permissions: another user. */
	as_user(2000);
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), 0, IPC_NOWAIT, &len),
	    EACCES, "another user without read permission: EACCES");
	tap_is_int(msgsnd(id, &m, 1, IPC_NOWAIT), EACCES,
	    "... nor write: EACCES");
	tap_is_int(msgctl(id, IPC_RMID, NULL), EPERM,
	    "... nor remove it: EPERM");
	tap_is_int(msgget(1234, 0400), -EACCES,
	    "msgget asking for read: EACCES");
	as_user(1000);
	ds.msg_perm.mode = 0604;
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 1000;
	ds.msg_qbytes = 20;
	tap_is_int(msgctl(id, IPC_SET, &ds), 0, "the owner sets mode 0604");
	shim_proc.p_ucred->cr_uid = 2000;	/* group 1000 still */
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), 0, IPC_NOWAIT, &len),
	    EACCES, "a member of the group gets the group's bits (none), "
	    "not other's: EACCES");
	as_user(2000);
	tap_is_int(msgrcv(id, &r, sizeof(r.mtext), 0, IPC_NOWAIT, &len), 0,
	    "then others may read");
	tap_is_int((int)len, 15, "... the 15-byte message");
	as_user(1000);

	tap_is_int(msgctl(id, IPC_RMID, NULL), 0, "IPC_RMID");
	tap_is_int(msgsnd(id, &m, 1, IPC_NOWAIT), EINVAL,
	    "a removed queue's id: EINVAL");
	tap_is_int(msgget(1234, 0), -ENOENT, "... and its key is free");
	tap_is_int(msgctl(id2, IPC_RMID, NULL), 0, "remove the private one");
}

/* ---- semaphores ------------------------------------------------------- */

static int
semget(key_t key, int n, int flg)
{
	struct semget_args a = { .key = key, .nsems = n, .semflg = flg };
	int error;

	sm.sysmsg_result = 0;	/* as the syscall layer starts it */
	error = sys_semget(&sm, &a);
	return (error != 0 ? -error : (int)sm.sysmsg_result);
}

static int
semop1(int id, int num, int op, int flg)
{
	struct sembuf sb = { .sem_num = (unsigned short)num,
	    .sem_op = (short)op, .sem_flg = (short)flg };
	struct semop_args a = { .semid = id, .sops = &sb, .nsops = 1 };

	return (sys_semop(&sm, &a));
}

/* semctl: the result, or -errno. */
static int
semctl(int id, int num, int cmd, union semun *arg)
{
	struct __semctl_args a = { .semid = id, .semnum = num, .cmd = cmd,
	    .arg = arg };
	int error;

	sm.sysmsg_result = 0;	/* as the syscall layer starts it */
	error = sys___semctl(&sm, &a);
	return (error != 0 ? -error : (int)sm.sysmsg_result);
}

static void
t_sem(void)
{
	union semun arg;
	unsigned short vals[3] = { 1, 2, 3 }, got[3];
	struct sembuf many[2];
	struct semop_args a;
	int id;

	tap_is_int(semget(77, 0, IPC_CREAT | 0600), -EINVAL,
	    "semget of 0 semaphores: EINVAL");
	tap_is_int(semget(77, seminfo.semmsl + 1, IPC_CREAT | 0600), -EINVAL,
	    "semget beyond semmsl: EINVAL");
	id = semget(77, 3, IPC_CREAT | 0600);
	tap_ok(id >= 0, "semget of 3");
	tap_is_int(semget(77, 4, 0), -EINVAL,
	    "asking an existing set for more semaphores: EINVAL");

	arg.array = vals;
	tap_is_int(semctl(id, 0, SETALL, &arg), 0, "SETALL 1 2 3");
	arg.array = got;
	tap_is_int(semctl(id, 0, GETALL, &arg), 0, "GETALL");
	tap_ok(got[0] == 1 && got[1] == 2 && got[2] == 3, "... 1 2 3");
	tap_is_int(semop1(id, 1, -2, IPC_NOWAIT), 0, "semop -2 on #1");
	tap_is_int(semctl(id, 1, GETVAL, NULL), 0, "... GETVAL 0");
	tap_is_int(semctl(id, 1, GETPID, NULL), 100, "... GETPID 100");
	tap_is_int(semop1(id, 1, -1, IPC_NOWAIT), EAGAIN,
	    "semop -1 on 0 with IPC_NOWAIT: EAGAIN");
	tap_is_int(semop1(id, 0, 0, IPC_NOWAIT), EAGAIN,
	    "wait-for-zero on 1 with IPC_NOWAIT: EAGAIN");
	tap_is_int(semop1(id, 3, 1, IPC_NOWAIT), EFBIG,
	    "sem_num 3 of 3: EFBIG");
	tap_is_int(semop1(id, 2, seminfo.semvmx, IPC_NOWAIT), ERANGE,
	    "beyond semvmx: ERANGE");
	arg.val = seminfo.semvmx + 1;
	tap_is_int(semctl(id, 0, SETVAL, &arg), -ERANGE,
	    "SETVAL beyond semvmx: ERANGE");
	arg.val = 5;
	tap_is_int(semctl(id, 0, SETVAL, &arg), 0, "SETVAL 5");
	tap_is_int(semctl(id, 3, GETVAL, NULL), -EINVAL,
	    "GETVAL of semaphore 3: EINVAL");
	tap_is_int(semctl(id, 0, 999, NULL), -EINVAL, "cmd 999: EINVAL");

	/* All or nothing: the second operation blocks, the first is undone. */
	many[0].sem_num = 0;
	many[0].sem_op = -5;
	many[0].sem_flg = IPC_NOWAIT;
	many[1].sem_num = 1;
	many[1].sem_op = -1;
	many[1].sem_flg = IPC_NOWAIT;
	a.semid = id;
	a.sops = many;
	a.nsops = 2;
	tap_is_int(sys_semop(&sm, &a), EAGAIN,
	    "two operations, the second blocks: EAGAIN");
	tap_is_int(semctl(id, 0, GETVAL, NULL), 5,
	    "... and the first was not applied");
	a.nsops = (size_t)seminfo.semopm + 1;
	tap_is_int(sys_semop(&sm, &a), E2BIG, "nsops beyond semopm: E2BIG");
	a.nsops = 2;
	a.sops = (void *)16;
	tap_is_int(sys_semop(&sm, &a), EFAULT, "sops at a bad pointer: EFAULT");

	as_user(2000);
	tap_is_int(semop1(id, 0, 1, IPC_NOWAIT), EACCES,
	    "another user: EACCES");
	tap_is_int(semctl(id, 0, IPC_RMID, NULL), -EPERM,
	    "... IPC_RMID: EPERM");
	shim_set_root(1);
	tap_is_int(semop1(id, 0, 1, IPC_NOWAIT), 0, "root may operate");
	shim_set_root(0);
	as_user(1000);
	tap_is_int(semctl(id, 0, IPC_RMID, NULL), 0, "IPC_RMID");
	tap_is_int(semop1(id, 0, 1, IPC_NOWAIT), EINVAL,
	    "a removed set's id: EINVAL");
}

int
main(void)
{
	long live0, msg0, sem0;

	shim_sock_init();		/* runs msginit and seminit */
	live0 = shim_allocs_live;
	msg0 = M_MSG->ks_inuse;
	sem0 = M_SEM->ks_inuse;
	t_msg();
	t_sem();
	tap_is_int(M_MSG->ks_inuse, msg0, "M_MSG: only the boot-time tables");
	tap_is_int(M_SEM->ks_inuse, sem0, "M_SEM: only the boot-time tables");
	tap_is_int(shim_allocs_live, live0, "no memory held at the end");
	return (tap_done());
}
