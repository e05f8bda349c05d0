/*
 * t_sysvmsg: System V message queues through the system calls: msgget
 * with keys and IPC_PRIVATE, msgsnd and msgrcv with exact bytes and the
 * msgtyp rules (0, > 0, < 0) in exact order, E2BIG and MSG_NOERROR
 * truncation, IPC_NOWAIT, the queue byte limit and the message header
 * pool, msgctl (IPC_STAT, IPC_SET, IPC_RMID), permissions between root
 * and uid 1000, sleepers woken by another process (the other CPU with
 * -smp 2), EIDRM to a sleeper when its queue goes, every errno for bad
 * ids, commands and pointers, ENOSPC when the table is full, and the
 * kern.ipc.msqids records and limits.
 */
#include <sys/types.h>
#include <sys/jail.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define BADPTR	((void *)16)		/* in the never-mapped first page */
#define KEY1	((key_t)0x5e5e0101)
#define KEY2	((key_t)0x5e5e0102)

struct m64 {
	long	mtype;
	char	mtext[64];
};

static int
msginfo_mni(void)
{
	return (sysctl_int("kern.ipc.msgmni"));
}

static int
snd(int id, long type, const char *text, int flags)
{
	struct m64 m;

	memset(&m, 0, sizeof(m));
	m.mtype = type;
	memcpy(m.mtext, text, strlen(text));
	return (msgsnd(id, &m, strlen(text), flags));
}

/* Receive into m; returns the length, with the text NUL-terminated. */
static ssize_t
rcv(int id, struct m64 *m, size_t sz, long type, int flags)
{
	ssize_t n;

	memset(m, 0, sizeof(*m));
	n = msgrcv(id, m, sz, type, flags);
	if (n >= 0 && (size_t)n < sizeof(m->mtext))
		m->mtext[n] = '\0';
	return (n);
}

static void
t_get(void)
{
	int id, id2, id3, pid;
	struct msqid_ds ds;

	is_int(errno_of(msgget(KEY1, 0)), ENOENT, "msgget of an unknown key: "
	    "ENOENT");
	id = msgget(KEY1, IPC_CREAT | 0640);
	ok(id >= 0, "msgget(KEY1, IPC_CREAT | 0640)");
	is_int(msgget(KEY1, 0), id, "msgget(KEY1, 0) finds the same queue");
	is_int(msgget(KEY1, IPC_CREAT | 0600), id, "IPC_CREAT of an existing "
	    "key finds it");
	is_int(errno_of(msgget(KEY1, IPC_CREAT | IPC_EXCL | 0600)), EEXIST,
	    "IPC_CREAT | IPC_EXCL of an existing key: EEXIST");
	id2 = msgget(IPC_PRIVATE, 0600);
	ok(id2 >= 0 && id2 != id, "IPC_PRIVATE makes a new queue");
	id3 = msgget(IPC_PRIVATE, 0600);
	ok(id3 >= 0 && id3 != id2 && id3 != id, "and another each time");

	memset(&ds, 0xa5, sizeof(ds));
	is_int(msgctl(id, IPC_STAT, &ds), 0, "IPC_STAT");
	is_int(ds.msg_perm.key, KEY1, "msg_perm.key");
	is_int(ds.msg_perm.mode, 0640, "msg_perm.mode 0640");
	is_int(ds.msg_perm.uid, 0, "msg_perm.uid 0");
	is_int(ds.msg_perm.cuid, 0, "msg_perm.cuid 0");
	is_int(ds.msg_perm.gid, getegid(), "msg_perm.gid");
	is_int(ds.msg_qnum, 0, "msg_qnum 0");
	is_int(ds.msg_cbytes, 0, "msg_cbytes 0");
	is_int(ds.msg_qbytes, sysctl_int("kern.ipc.msgmnb"), "msg_qbytes is "
	    "kern.ipc.msgmnb");
	is_int(ds.msg_lspid, 0, "msg_lspid 0");
	is_int(ds.msg_lrpid, 0, "msg_lrpid 0");
	is_int(ds.msg_stime, 0, "msg_stime 0");
	ok(recent(ds.msg_ctime), "msg_ctime is set");
	is_int(((id >> 16) & 0x7fff), ds.msg_perm.seq & 0x7fff,
	    "id carries the slot sequence");

	/* Ids: stale sequence, garbage, negative. */
	is_int(errno_of(msgctl(id + 0x10000, IPC_STAT, &ds)), EINVAL,
	    "IPC_STAT with a stale sequence: EINVAL");
	is_int(errno_of(msgctl(-1, IPC_STAT, &ds)), EINVAL,
	    "IPC_STAT of id -1: EINVAL");
	is_int(errno_of(msgctl(0x7fff, IPC_STAT, &ds)), EINVAL,
	    "IPC_STAT of slot 32767: EINVAL");
	is_int(errno_of(msgctl(id, 99, &ds)), EINVAL, "unknown command: "
	    "EINVAL");
	is_int(errno_of(msgctl(id, IPC_STAT, BADPTR)), EFAULT,
	    "IPC_STAT into a bad pointer: EFAULT");
	is_int(errno_of(msgctl(id, IPC_SET, BADPTR)), EFAULT,
	    "IPC_SET from a bad pointer: EFAULT");
	is_int(errno_of(snd(-1, 1, "x", 0)), EINVAL, "msgsnd to id -1: "
	    "EINVAL");
	is_int(errno_of(msgrcv(id + 0x10000, &ds, 8, 0, IPC_NOWAIT)), EINVAL,
	    "msgrcv from a stale id: EINVAL");

	/* The removed id is dead; the key is free again. */
	is_int(msgctl(id2, IPC_RMID, NULL), 0, "IPC_RMID");
	is_int(errno_of(msgctl(id2, IPC_STAT, &ds)), EINVAL, "IPC_STAT of a "
	    "removed queue: EINVAL");
	is_int(errno_of(msgctl(id2, IPC_RMID, NULL)), EINVAL, "IPC_RMID "
	    "twice: EINVAL");
	is_int(msgctl(id3, IPC_RMID, NULL), 0, "remove the third queue");
	/* (the slot is reused with a new sequence: a new id) */
	id2 = msgget(IPC_PRIVATE, 0600);
	ok(id2 >= 0, "a new queue after removal");
	is_int(msgctl(id2, IPC_RMID, NULL), 0, "and remove it");
	is_int(msgctl(id, IPC_RMID, NULL), 0, "remove KEY1's queue");
	is_int(errno_of(msgget(KEY1, 0)), ENOENT, "its key is gone: ENOENT");

	/* A child sees the same queue by key. */
	id = msgget(KEY2, IPC_CREAT | 0600);
	if ((pid = fork()) == 0)
		_exit(msgget(KEY2, 0) == id ? 0 : 1);
	is_int(wait_status(pid), 0, "a child finds the queue by key");
	is_int(msgctl(id, IPC_RMID, NULL), 0, "remove KEY2's queue");
}

static void
t_order(void)
{
	struct m64 m;
	struct msqid_ds ds;
	int id;

	id = msgget(IPC_PRIVATE, 0600);
	is_int(snd(id, 3, "a", 0), 0, "send type 3 \"a\"");
	is_int(snd(id, 1, "bb", 0), 0, "send type 1 \"bb\"");
	is_int(snd(id, 2, "ccc", 0), 0, "send type 2 \"ccc\"");
	is_int(snd(id, 1, "dddd", 0), 0, "send type 1 \"dddd\"");
	is_int(snd(id, 5, "eeeee", 0), 0, "send type 5 \"eeeee\"");
	is_int(snd(id, 4, "", 0), 0, "send type 4, no text");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 6, "6 messages queued");
	is_int(ds.msg_cbytes, 15, "15 bytes queued");
	is_int(ds.msg_lspid, getpid(), "msg_lspid is us");
	ok(recent(ds.msg_stime), "msg_stime set");

	is_int(rcv(id, &m, 64, 1, 0), 2, "msgtyp 1: the first type 1");
	is_str(m.mtext, "bb", "... \"bb\"");
	is_int(m.mtype, 1, "... type 1");
	is_int(rcv(id, &m, 64, -2, 0), 4, "msgtyp -2: lowest type <= 2");
	is_str(m.mtext, "dddd", "... \"dddd\" (type 1 before type 2)");
	is_int(rcv(id, &m, 64, 0, 0), 1, "msgtyp 0: the oldest");
	is_str(m.mtext, "a", "... \"a\"");
	is_int(m.mtype, 3, "... type 3");
	is_int(errno_of(rcv(id, &m, 64, 7, IPC_NOWAIT)), ENOMSG,
	    "msgtyp 7, none queued, IPC_NOWAIT: ENOMSG");
	is_int(errno_of(rcv(id, &m, 64, -1, IPC_NOWAIT)), ENOMSG,
	    "msgtyp -1, none queued, IPC_NOWAIT: ENOMSG");
	is_int(rcv(id, &m, 64, -100, 0), 3, "msgtyp -100: the lowest type");
	is_str(m.mtext, "ccc", "... \"ccc\"");
	is_int(rcv(id, &m, 64, 5, 0), 5, "msgtyp 5");
	is_str(m.mtext, "eeeee", "... \"eeeee\"");
	is_int(rcv(id, &m, 64, 0, 0), 0, "an empty message: length 0");
	is_int(m.mtype, 4, "... type 4");
	is_int(errno_of(rcv(id, &m, 64, 0, IPC_NOWAIT)), ENOMSG,
	    "empty queue, IPC_NOWAIT: ENOMSG");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 0, "queue empty");
	is_int(ds.msg_cbytes, 0, "no bytes queued");
	is_int(ds.msg_lrpid, getpid(), "msg_lrpid is us");
	ok(recent(ds.msg_rtime), "msg_rtime set");
	msgctl(id, IPC_RMID, NULL);
}

static void
t_sizes(void)
{
	struct m64 m;
	struct msqid_ds ds;
	char *big;
	int id, msgmax = sysctl_int("kern.ipc.msgmax");

	id = msgget(IPC_PRIVATE, 0600);
	is_int(snd(id, 9, "0123456789", 0), 0, "send 10 bytes");
	is_int(errno_of(rcv(id, &m, 4, 0, 0)), E2BIG, "receive into 4 bytes: "
	    "E2BIG");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 1, "... and the message stays queued");
	memset(&m, 'Z', sizeof(m));
	is_int(msgrcv(id, &m, 4, 0, MSG_NOERROR), 4, "MSG_NOERROR: 4 bytes");
	ok(memcmp(m.mtext, "0123ZZZZ", 8) == 0, "... exactly \"0123\", "
	    "nothing past it");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 0, "... and the rest is dropped");
	is_int(ds.msg_cbytes, 0, "... all 10 bytes");

	/* Types and sizes. */
	is_int(errno_of(snd(id, 0, "x", 0)), EINVAL, "mtype 0: EINVAL");
	is_int(errno_of(snd(id, -5, "x", 0)), EINVAL, "mtype -5: EINVAL");
	is_int(errno_of(msgsnd(id, BADPTR, 4, 0)), EFAULT, "msgsnd from a bad "
	    "pointer: EFAULT");
	m.mtype = 1;
	is_int(errno_of(msgsnd(id, &m, (size_t)msgmax + 1, 0)), EINVAL,
	    "msgsz msgmax + 1: EINVAL");
	is_int(errno_of(msgsnd(id, &m, (size_t)-1, 0)), EINVAL,
	    "msgsz SIZE_MAX: EINVAL");
	is_int(snd(id, 1, "abc", 0), 0, "send 3 bytes");
	is_int(errno_of(msgrcv(id, BADPTR, 16, 0, 0)), EFAULT, "msgrcv into a "
	    "bad pointer: EFAULT");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 0, "... the message was taken (and lost)");

	/* The byte limit: IPC_SET msg_qbytes. */
	ds.msg_qbytes = 16;
	is_int(msgctl(id, IPC_SET, &ds), 0, "IPC_SET msg_qbytes 16");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qbytes, 16, "msg_qbytes is 16");
	is_int(snd(id, 1, "0123456789", 0), 0, "10 bytes fit");
	is_int(errno_of(snd(id, 1, "0123456789", IPC_NOWAIT)), EAGAIN,
	    "10 more do not: IPC_NOWAIT gives EAGAIN");
	is_int(snd(id, 1, "012345", IPC_NOWAIT), 0, "6 more do");
	is_int(errno_of(snd(id, 1, "01234567890123456", IPC_NOWAIT)), EINVAL,
	    "17 bytes can never fit: EINVAL");
	ds.msg_qbytes = 0;
	is_int(errno_of(msgctl(id, IPC_SET, &ds)), EINVAL, "msg_qbytes 0: "
	    "EINVAL");

	/* The largest message a fresh queue takes, in and out whole. */
	msgctl(id, IPC_RMID, NULL);
	id = msgget(IPC_PRIVATE, 0600);
	msgctl(id, IPC_STAT, &ds);
	if (ds.msg_qbytes >= (msglen_t)msgmax) {
		big = malloc(sizeof(long) + msgmax);
		memset(big, 'q', sizeof(long) + msgmax);
		*(long *)big = 2;
		ok(msgsnd(id, big, msgmax, 0) == 0, "send msgmax bytes");
		memset(big, 0, sizeof(long) + msgmax);
		is_int(msgrcv(id, big, msgmax, 2, 0), msgmax, "receive them");
		ok(big[sizeof(long)] == 'q' &&
		    big[sizeof(long) + msgmax - 1] == 'q', "... intact");
		free(big);
	} else {
		/* msgmnb < msgmax (the defaults): the byte limit rules. */
		big = calloc(1, sizeof(long) + ds.msg_qbytes);
		*(long *)big = 2;
		memset(big + sizeof(long), 'q', ds.msg_qbytes);
		is_int(msgsnd(id, big, ds.msg_qbytes, 0), 0, "send msg_qbytes "
		    "bytes (a full queue in one message)");
		is_int(msgrcv(id, big, ds.msg_qbytes, 2, 0), ds.msg_qbytes,
		    "receive them");
		ok(big[sizeof(long)] == 'q' &&
		    big[sizeof(long) + ds.msg_qbytes - 1] == 'q', "... intact");
		free(big);
	}
	msgctl(id, IPC_RMID, NULL);
}

/* Every message header in use: empty messages still take one. */
static void
t_pool(void)
{
	struct m64 m;
	int id, i, n = 0, msgtql = sysctl_int("kern.ipc.msgtql");

	id = msgget(IPC_PRIVATE, 0600);
	for (i = 0; i < msgtql + 5; i++)
		if (snd(id, 1, "", IPC_NOWAIT) == 0)
			n++;
		else
			break;
	is_int(n, msgtql, "kern.ipc.msgtql empty messages fit");
	is_int(errno_of(snd(id, 1, "", IPC_NOWAIT)), EAGAIN,
	    "one more: EAGAIN (no header left)");
	is_int(rcv(id, &m, 64, 0, 0), 0, "take one");
	is_int(snd(id, 1, "", IPC_NOWAIT), 0, "now one more fits");
	msgctl(id, IPC_RMID, NULL);
	id = msgget(IPC_PRIVATE, 0600);
	is_int(snd(id, 1, "after", IPC_NOWAIT), 0, "IPC_RMID gave the "
	    "headers back");
	msgctl(id, IPC_RMID, NULL);
}

/* Sleepers in another process, woken from this one. */
static void
t_sleepers(void)
{
	struct m64 m;
	struct msqid_ds ds;
	int id, p[2], pid, i, st;
	char c;

	/* A receiver waiting for type 7. */
	id = msgget(IPC_PRIVATE, 0600);
	pipe(p);
	if ((pid = fork()) == 0) {
		close(p[0]);
		write(p[1], "r", 1);
		if (rcv(id, &m, 64, 7, 0) != 5 || strcmp(m.mtext, "seven") != 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	usleep(50000);		/* most likely asleep by now; either way */
	is_int(snd(id, 6, "six", 0), 0, "send type 6 (not what it waits for)");
	is_int(snd(id, 7, "seven", 0), 0, "send type 7");
	is_int(wait_status(pid), 0, "the sleeping receiver got \"seven\"");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_qnum, 1, "type 6 still queued");
	is_int(ds.msg_lrpid, pid, "msg_lrpid is the child");

	/* A sender waiting for room. */
	ds.msg_qbytes = 8;
	msgctl(id, IPC_SET, &ds);
	pipe(p);
	if ((pid = fork()) == 0) {
		close(p[0]);
		write(p[1], "s", 1);
		_exit(snd(id, 8, "eight", 0) == 0 ? 0 : 1);
	}
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	usleep(50000);
	is_int(rcv(id, &m, 64, 6, 0), 3, "take \"six\": room for the sender");
	is_int(wait_status(pid), 0, "the sleeping sender got through");
	is_int(rcv(id, &m, 64, 0, IPC_NOWAIT), 5, "its message is there");
	is_str(m.mtext, "eight", "... \"eight\"");
	msgctl(id, IPC_RMID, NULL);

	/*
	 * A receiver asleep when its queue is removed gets EIDRM.  Only a
	 * receiver that had not yet gone to sleep could see EINVAL (the id
	 * already gone); then try again with a longer head start.
	 */
	for (i = 0, st = -1; i < 6; i++) {
		id = msgget(IPC_PRIVATE, 0600);
		pipe(p);
		if ((pid = fork()) == 0) {
			close(p[0]);
			write(p[1], "e", 1);
			if (rcv(id, &m, 64, 0, 0) != -1)
				_exit(1);
			_exit(errno == EIDRM ? 0 : errno == EINVAL ? 2 : 3);
		}
		close(p[1]);
		read(p[0], &c, 1);
		close(p[0]);
		usleep(50000 << i);
		msgctl(id, IPC_RMID, NULL);
		st = wait_status(pid);
		if (st != 2)
			break;
	}
	is_int(st, 0, "a removed queue wakes its receiver with EIDRM");

	/* And a sender asleep on a full queue. */
	for (i = 0, st = -1; i < 6; i++) {
		id = msgget(IPC_PRIVATE, 0600);
		msgctl(id, IPC_STAT, &ds);
		ds.msg_qbytes = 4;
		msgctl(id, IPC_SET, &ds);
		snd(id, 1, "full", 0);
		pipe(p);
		if ((pid = fork()) == 0) {
			close(p[0]);
			write(p[1], "e", 1);
			if (snd(id, 1, "more", 0) != -1)
				_exit(1);
			_exit(errno == EIDRM ? 0 : errno == EINVAL ? 2 : 3);
		}
		close(p[1]);
		read(p[0], &c, 1);
		close(p[0]);
		usleep(50000 << i);
		msgctl(id, IPC_RMID, NULL);
		st = wait_status(pid);
		if (st != 2)
			break;
	}
	is_int(st, 0, "a removed queue wakes its sender with EIDRM");
}

static void
sigusr1(int sig)
{
	(void)sig;
}

/* A signal ends the wait with EINTR; the queue is unharmed. */
static void
t_signal(void)
{
	struct sigaction sa;
	struct m64 m;
	int id, p[2], pid;
	char c;

	id = msgget(IPC_PRIVATE, 0600);
	pipe(p);
	if ((pid = fork()) == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = sigusr1;
		sigaction(SIGUSR1, &sa, NULL);
		close(p[0]);
		write(p[1], "i", 1);
		if (rcv(id, &m, 64, 0, 0) != -1)
			_exit(1);
		_exit(errno == EINTR ? 0 : 2);
	}
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	usleep(50000);
	kill(pid, SIGUSR1);
	is_int(wait_status(pid), 0, "a signal ends msgrcv's wait: EINTR");
	is_int(snd(id, 1, "ok", IPC_NOWAIT), 0, "the queue still works");
	msgctl(id, IPC_RMID, NULL);
}

static void
t_perm(void)
{
	struct msqid_ds ds;
	struct m64 m;
	int id, pid;

	id = msgget(KEY1, IPC_CREAT | 0600);
	snd(id, 1, "root", 0);
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		if (msgget(KEY1, 0) != id)
			_exit(1);
		if (errno_of(msgget(KEY1, 0400)) != EACCES)
			_exit(2);
		if (errno_of(msgget(KEY1, 0200)) != EACCES)
			_exit(3);
		if (errno_of(snd(id, 1, "x", 0)) != EACCES)
			_exit(4);
		if (errno_of(rcv(id, &m, 64, 0, IPC_NOWAIT)) != EACCES)
			_exit(5);
		if (errno_of(msgctl(id, IPC_STAT, &ds)) != EACCES)
			_exit(6);
		memset(&ds, 0, sizeof(ds));
		if (errno_of(msgctl(id, IPC_SET, &ds)) != EPERM)
			_exit(7);
		if (errno_of(msgctl(id, IPC_RMID, NULL)) != EPERM)
			_exit(8);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "uid 1000 on root's 0600 queue: EACCES to "
	    "read, write, stat; EPERM to set, remove");

	/* Other may read; group 1000 may write. */
	msgctl(id, IPC_STAT, &ds);
	ds.msg_perm.mode = 0624;
	ds.msg_perm.gid = 1000;
	is_int(msgctl(id, IPC_SET, &ds), 0, "IPC_SET mode 0624, gid 1000");
	msgctl(id, IPC_STAT, &ds);
	is_int(ds.msg_perm.mode, 0624, "mode is 0624");
	is_int(ds.msg_perm.gid, 1000, "gid is 1000");
	is_int(ds.msg_perm.cgid, getegid(), "cgid unchanged");
	if ((pid = fork()) == 0) {
		if (become(1000, 2000) != 0)
			_exit(99);
		if (msgctl(id, IPC_STAT, &ds) != 0)
			_exit(1);
		if (errno_of(snd(id, 1, "x", IPC_NOWAIT)) != EACCES)
			_exit(2);
		if (rcv(id, &m, 64, 0, IPC_NOWAIT) != 4)
			_exit(3);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "other (uid 1000 gid 2000): may stat and "
	    "receive, not send");
	if ((pid = fork()) == 0) {
		if (become(1001, 1000) != 0)
			_exit(99);
		if (snd(id, 1, "grp", IPC_NOWAIT) != 0)
			_exit(1);
		if (errno_of(rcv(id, &m, 64, 0, IPC_NOWAIT)) != EACCES)
			_exit(2);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "group 1000: may send, not receive");

	/* Give it to uid 1000, who may then control it but not grow it. */
	msgctl(id, IPC_STAT, &ds);
	ds.msg_perm.uid = 1000;
	ds.msg_qbytes = 100;
	is_int(msgctl(id, IPC_SET, &ds), 0, "IPC_SET uid 1000, qbytes 100");
	if ((pid = fork()) == 0) {
		if (become(1000, 1000) != 0)
			_exit(99);
		msgctl(id, IPC_STAT, &ds);
		ds.msg_qbytes = 200;
		if (errno_of(msgctl(id, IPC_SET, &ds)) != EPERM)
			_exit(1);
		ds.msg_qbytes = 50;
		ds.msg_perm.mode = 0600;
		if (msgctl(id, IPC_SET, &ds) != 0)
			_exit(2);
		if (msgctl(id, IPC_STAT, &ds) != 0 || ds.msg_qbytes != 50)
			_exit(3);
		_exit(msgctl(id, IPC_RMID, NULL) == 0 ? 0 : 4);
	}
	is_int(wait_status(pid), 0, "the owner may lower msg_qbytes (raising: "
	    "EPERM), set the mode and remove");
	is_int(errno_of(msgget(KEY1, 0)), ENOENT, "the owner removed it");
}

static void
t_limits(void)
{
	int *ids, msgmni = sysctl_int("kern.ipc.msgmni"), n, i, inuse;

	inuse = sysctl_int("kern.ipc.msqids_inuse");
	ids = calloc(msgmni + 1, sizeof(int));
	for (n = 0; n <= msgmni; n++)
		if ((ids[n] = msgget(IPC_PRIVATE, 0600)) == -1)
			break;
	is_int(n, msgmni - inuse, "the table fills at kern.ipc.msgmni");
	is_int(errno_of(msgget(IPC_PRIVATE, 0600)), ENOSPC,
	    "one more: ENOSPC");
	is_int(sysctl_int("kern.ipc.msqids_inuse"), msgmni,
	    "kern.ipc.msqids_inuse counts them all");
	for (i = 0; i < n; i++)
		msgctl(ids[i], IPC_RMID, NULL);
	is_int(sysctl_int("kern.ipc.msqids_inuse"), inuse,
	    "and back down after IPC_RMID");
	free(ids);
}

static void
t_sysctl(void)
{
	struct msginfo mi;
	struct xmsqid *tab, *x;
	size_t len;
	int id, msgmni = sysctl_int("kern.ipc.msgmni"), i, n;

	len = sizeof(mi);
	is_int(sysctlbyname("kern.ipc.msginfo", &mi, &len, NULL, 0), 0,
	    "kern.ipc.msginfo");
	is_int(len, sizeof(mi), "... sizeof(struct msginfo)");
	is_int(mi.msgmax, sysctl_int("kern.ipc.msgmax"), "msginfo.msgmax");
	is_int(mi.msgmni, msgmni, "msginfo.msgmni");
	is_int(mi.msgmnb, sysctl_int("kern.ipc.msgmnb"), "msginfo.msgmnb");
	is_int(mi.msgtql, sysctl_int("kern.ipc.msgtql"), "msginfo.msgtql");
	is_int(mi.msgssz, sysctl_int("kern.ipc.msgssz"), "msginfo.msgssz");
	is_int(mi.msgseg, sysctl_int("kern.ipc.msgseg"), "msginfo.msgseg");
	is_int(mi.msgmax, 16384, "default msgmax 16384");
	is_int(mi.msgmnb, 2048, "default msgmnb 2048");
	is_int(mi.msgssz, 8, "default msgssz 8");

	id = msgget(KEY2, IPC_CREAT | 0604);
	snd(id, 3, "abcde", 0);
	snd(id, 3, "fg", 0);
	len = 0;
	is_int(sysctlbyname("kern.ipc.msqids", NULL, &len, NULL, 0), 0,
	    "kern.ipc.msqids size");
	is_int(len, msgmni * sizeof(struct xmsqid), "... msgmni records");
	tab = calloc(1, len);
	is_int(sysctlbyname("kern.ipc.msqids", tab, &len, NULL, 0), 0,
	    "kern.ipc.msqids");
	x = &tab[id & 0xffff];
	is_int(x->xm_len, sizeof(*x), "xm_len");
	is_int(x->xm_version, XMSQID_VERSION, "xm_version");
	is_int(x->xm_flags, XIPC_ALLOCATED, "xm_flags XIPC_ALLOCATED");
	is_int(x->xm_id, id, "xm_id is the msqid");
	is_int(x->xm_perm.xp_key, KEY2, "xp_key");
	is_int(x->xm_perm.xp_mode, 0604, "xp_mode");
	is_int(x->xm_perm.xp_uid, 0, "xp_uid");
	is_int(x->xm_perm.xp_seq, (id >> 16) & 0x7fff, "xp_seq");
	is_int(x->xm_qnum, 2, "xm_qnum");
	is_int(x->xm_cbytes, 7, "xm_cbytes");
	is_int(x->xm_qbytes, 2048, "xm_qbytes");
	is_int(x->xm_lspid, getpid(), "xm_lspid");
	is_int(x->xm_lrpid, 0, "xm_lrpid");
	ok(recent(x->xm_stime) && x->xm_rtime == 0 &&
	    recent(x->xm_ctime), "times");
	for (i = n = 0; i < msgmni; i++)
		if (tab[i].xm_flags != 0)
			n++;
	is_int(n, sysctl_int("kern.ipc.msqids_inuse"), "records in use == "
	    "kern.ipc.msqids_inuse");
	msgctl(id, IPC_RMID, NULL);
	sysctlbyname("kern.ipc.msqids", tab, &len, NULL, 0);
	for (i = 0, n = 0; i < (int)sizeof(*x); i++)
		n |= ((unsigned char *)&tab[id & 0xffff])[i];
	is_int(n, 0, "a freed slot's record is all zeroes");
	len = sizeof(*x);
	is_int(errno_of(sysctlbyname("kern.ipc.msqids", tab, &len, NULL, 0)),
	    ENOMEM, "a short buffer: ENOMEM");
	free(tab);
}

/* Round trips between two processes through one queue (a figure). */
static void
t_pingpong(void)
{
	struct timespec t0, t1;
	struct m64 m;
	int id, i, n = 2000;
	pid_t pid;
	double us;

	id = msgget(IPC_PRIVATE, 0600);
	if ((pid = fork()) == 0) {
		for (i = 0; i < n; i++)
			if (rcv(id, &m, 64, 1, 0) != 4 || snd(id, 2, "pong", 0))
				_exit(1);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (snd(id, 1, "ping", 0) != 0 || rcv(id, &m, 64, 2, 0) != 4)
			break;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	is_int(i, n, "2000 message round trips with a child");
	is_int(wait_status(pid), 0, "... the child's side");
	us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
	    1e3 / n;
	printf("# msgsnd/msgrcv round trip between two processes: %.1f us\n",
	    us);
	msgctl(id, IPC_RMID, NULL);
}

static int
enter_jail(void)
{
	struct jail j;

	memset(&j, 0, sizeof(j));
	j.version = 2;
	j.path = "/";
	j.hostname = "sysvjail";
	return (jail(&j) >= 0 ? 0 : -1);
}

/* Jails: no SysV IPC unless allowed; then only the prison's own objects. */
static void
t_jail(void)
{
	struct msqid_ds ds;
	struct xmsqid *tab;
	size_t len;
	int host, id, pid, one = 1, zero = 0, i, n;

	host = msgget(KEY1, IPC_CREAT | 0666);
	ok(host >= 0, "a host queue with KEY1");
	sysctlbyname("security.jail.sysvipc_allowed", NULL, NULL, &zero,
	    sizeof(zero));
	if ((pid = fork()) == 0) {
		if (enter_jail() != 0)
			_exit(99);
		if (errno_of(msgget(IPC_PRIVATE, 0600)) != ENOSYS)
			_exit(1);
		if (errno_of(msgctl(host, IPC_STAT, &ds)) != ENOSYS)
			_exit(2);
		if (errno_of(snd(host, 1, "x", IPC_NOWAIT)) != ENOSYS)
			_exit(3);
		_exit(0);
	}
	is_int(wait_status(pid), 0, "in a jail without sysvipc_allowed every "
	    "call is ENOSYS");

	is_int(sysctlbyname("security.jail.sysvipc_allowed", NULL, NULL, &one,
	    sizeof(one)), 0, "security.jail.sysvipc_allowed=1");
	if ((pid = fork()) == 0) {
		if (enter_jail() != 0)
			_exit(99);
		if (errno_of(msgget(KEY1, 0)) != ENOENT)
			_exit(1);	/* the host's key is not ours */
		if (errno_of(msgctl(host, IPC_STAT, &ds)) != EINVAL)
			_exit(2);	/* nor its id */
		if (errno_of(msgctl(host, IPC_RMID, NULL)) != EINVAL)
			_exit(3);
		if ((id = msgget(KEY1, IPC_CREAT | 0600)) == -1 || id == host)
			_exit(4);
		len = msginfo_mni() * sizeof(*tab);
		tab = calloc(1, len);
		if (sysctlbyname("kern.ipc.msqids", tab, &len, NULL, 0) != 0)
			_exit(5);
		for (i = n = 0; i < msginfo_mni(); i++)
			if (tab[i].xm_flags != 0)
				n++;
		if (n != 1 || tab[id & 0xffff].xm_id != id ||
		    tab[host & 0xffff].xm_flags != 0)
			_exit(6);	/* only its own queue */
		_exit(msgctl(id, IPC_RMID, NULL) == 0 ? 0 : 7);
	}
	is_int(wait_status(pid), 0, "allowed: a jail finds neither the host's "
	    "key nor its id, and sees only its own queue in kern.ipc.msqids");
	sysctlbyname("security.jail.sysvipc_allowed", NULL, NULL, &zero,
	    sizeof(zero));
	is_int(msgctl(host, IPC_STAT, &ds), 0, "the host queue is untouched");
	msgctl(host, IPC_RMID, NULL);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_start = time(NULL);
	t_get();
	t_order();
	t_sizes();
	t_pool();
	t_sleepers();
	t_signal();
	t_perm();
	t_limits();
	t_sysctl();
	t_jail();
	t_pingpong();
	is_int(sysctl_int("kern.ipc.msqids_inuse"), 0, "no queues left");
	return (done());
}
