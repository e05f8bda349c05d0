/*
 * ipcs(1) over System V objects: a message queue holding two messages,
 * a semaphore set with a process blocked on it, and a shared memory
 * segment attached by two processes, checked field by field against
 * what the test did and against the kernel's own records, as text
 * (-q/-m/-s with -o -b -p -c), as --json (parsed), with -u, and the
 * limits (-Q -M -S) against kern.ipc.msginfo/shminfo/seminfo, and
 * the segment once removed while still attached.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "json.h"
#include "runcmd.h"

#define IPCS	"/usr/bin/ipcs"
#define KMSG	0x7a01
#define KSEM	0x7a02
#define KSHM	0x7a03

static int msqid, semid, shmid;
static pid_t me, semwaiter, shmkid;
static int shmgo[2];

struct msgbuf1 {
	long	mtype;
	char	mtext[32];
};

/* The kernel's record of our queue and segment. */
static int
msq_record(int id, struct xmsqid *out)
{
	size_t len, off;
	char *buf;
	int found = 0;

	if (sysctlbyname("kern.ipc.msqids", NULL, &len, NULL, 0) < 0 ||
	    (buf = malloc(len)) == NULL ||
	    sysctlbyname("kern.ipc.msqids", buf, &len, NULL, 0) < 0)
		return (-1);
	for (off = 0; off + sizeof(*out) <= len; off += sizeof(*out))
		if (((struct xmsqid *)(buf + off))->xm_id == id &&
		    (((struct xmsqid *)(buf + off))->xm_flags &
		    XIPC_ALLOCATED)) {
			*out = *(struct xmsqid *)(buf + off);
			found = 1;
		}
	free(buf);
	return (found ? 0 : -1);
}

static int
shm_record(int id, struct xshmid *out)
{
	size_t len, off;
	char *buf;
	int found = 0;

	if (sysctlbyname("kern.ipc.shmsegs", NULL, &len, NULL, 0) < 0 ||
	    (buf = malloc(len)) == NULL ||
	    sysctlbyname("kern.ipc.shmsegs", buf, &len, NULL, 0) < 0)
		return (-1);
	for (off = 0; off + sizeof(*out) <= len; off += sizeof(*out))
		if (((struct xshmid *)(buf + off))->xh_id == id &&
		    (((struct xshmid *)(buf + off))->xh_flags &
		    XIPC_ALLOCATED)) {
			*out = *(struct xshmid *)(buf + off);
			found = 1;
		}
	free(buf);
	return (found ? 0 : -1);
}

static int
setup(void)
{
	struct msgbuf1 m;
	struct sembuf op;
	int ready[2], i;
	void *addr;
	char c;

	me = getpid();
	/* Leftovers of an earlier run would change the counts. */
	if ((msqid = msgget(KMSG, 0)) >= 0)
		msgctl(msqid, IPC_RMID, NULL);
	if ((semid = semget(KSEM, 0, 0)) >= 0)
		semctl(semid, 0, IPC_RMID);
	if ((shmid = shmget(KSHM, 0, 0)) >= 0)
		shmctl(shmid, IPC_RMID, NULL);

	if ((msqid = msgget(KMSG, IPC_CREAT | IPC_EXCL | 0640)) < 0)
		return (-1);
	m.mtype = 1;
	memset(m.mtext, 'x', sizeof(m.mtext));
	if (msgsnd(msqid, &m, 10, 0) < 0 || msgsnd(msqid, &m, 20, 0) < 0)
		return (-1);

	if ((semid = semget(KSEM, 3, IPC_CREAT | IPC_EXCL | 0600)) < 0)
		return (-1);
	if (pipe(ready) < 0 || (semwaiter = fork()) < 0)
		return (-1);
	if (semwaiter == 0) {
		close(ready[0]);
		write(ready[1], "w", 1);
		op.sem_num = 0;
		op.sem_op = -1;
		op.sem_flg = 0;
		semop(semid, &op, 1);	/* blocks: the value is 0 */
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		return (-1);
	close(ready[0]);

	if ((shmid = shmget(KSHM, 8192, IPC_CREAT | IPC_EXCL | 0600)) < 0)
		return (-1);
	if ((addr = shmat(shmid, NULL, 0)) == (void *)-1)
		return (-1);
	if (pipe(ready) < 0 || pipe(shmgo) < 0 || (shmkid = fork()) < 0)
		return (-1);
	if (shmkid == 0) {
		/* The child holds the attachment it inherited (shmfork):
		   the segment is attached by two processes. */
		close(ready[0]);
		close(shmgo[1]);
		write(ready[1], "a", 1);
		while (read(shmgo[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(shmgo[0]);
	if (read(ready[0], &c, 1) != 1)
		return (-1);
	close(ready[0]);
	(void)i;
	return (0);
}

static void
teardown(void)
{
	int st;

	close(shmgo[1]);
	waitpid(shmkid, &st, 0);
	semctl(semid, 0, IPC_RMID);	/* wakes the waiter with EIDRM */
	waitpid(semwaiter, &st, 0);
	msgctl(msqid, IPC_RMID, NULL);
	shmctl(shmid, IPC_RMID, NULL);
}

static const char *
line_with(const char *out, const char *needle, char *buf, size_t size)
{
	const char *p = strstr(out, needle), *b, *e;
	size_t len;

	if (p == NULL)
		return (NULL);
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	len = e != NULL ? (size_t)(e - b) : strlen(b);
	if (len >= size)
		len = size - 1;
	memcpy(buf, b, len);
	buf[len] = '\0';
	return (buf);
}

static void
test_text(void)
{
	char *aq[] = { IPCS, "-q", "-o", "-b", "-p", NULL };
	char *am[] = { IPCS, "-m", "-o", "-b", "-p", "-c", NULL };
	char *as[] = { IPCS, "-s", "-b", NULL };
	char *au[] = { IPCS, "-u", "1000", NULL };
	struct xmsqid xm;
	struct xshmid xh;
	struct cmdout co;
	char want[256], buf[256], key[32];

	memset(&xm, 0, sizeof(xm));
	buf[0] = '\0';
	memset(&xh, 0, sizeof(xh));

	ok(msq_record(msqid, &xm) == 0, "our queue is in kern.ipc.msqids");
	is_int(xm.xm_cbytes, 30, "record: 30 bytes queued");
	is_int(xm.xm_qnum, 2, "record: 2 messages");
	ok(shm_record(shmid, &xh) == 0, "our segment is in kern.ipc.shmsegs");
	is_int(xh.xh_nattch, 2, "record: attached by two processes");

	is_int(run_cmd(aq, -1, &co), 0, "ipcs -q -o -b -p exits 0");
	snprintf(want, sizeof(want), "Message Queues:\nT %12s %12s %-11s "
	    "%-8s %-8s %12s %12s %12s %12s %12s\n", "ID", "KEY", "MODE",
	    "OWNER", "GROUP", "CBYTES", "QNUM", "QBYTES", "LSPID", "LRPID");
	is_str(strncmp(co.out, want, strlen(want)) == 0 ? want : co.out, want,
	    "-q -o -b -p: title and header");
	snprintf(key, sizeof(key), " %12d ", KMSG);
	snprintf(want, sizeof(want), "q %12d %12d --rw-r----- root     wheel   "
	    " %12d %12d %12llu %12d %12d", msqid, KMSG, 30, 2,
	    (unsigned long long)xm.xm_qbytes, (int)me, 0);
	is_str(line_with(co.out, key, buf, sizeof(buf)), want,
	    "-q: our queue, 30 bytes in 2 messages, sent by us");
	cmdout_free(&co);

	is_int(run_cmd(am, -1, &co), 0, "ipcs -m -o -b -p -c exits 0");
	snprintf(key, sizeof(key), " %12d ", KSHM);
	/* LPID is left out: every fork (run_cmd's too) inherits the
	   attachment and so becomes the last to attach. */
	snprintf(want, sizeof(want), "m %12d %12d --rw------- root     wheel   "
	    " root     wheel    %12d %12d %12d ", shmid, KSHM, 2, 8192,
	    (int)me);
	if (line_with(co.out, key, buf, sizeof(buf)) != NULL &&
	    strlen(buf) > strlen(want))
		buf[strlen(want)] = '\0';
	is_str(buf, want,
	    "-m: our segment, 8192 bytes, 2 attached, created by us");
	cmdout_free(&co);

	is_int(run_cmd(as, -1, &co), 0, "ipcs -s -b exits 0");
	snprintf(key, sizeof(key), " %12d ", KSEM);
	snprintf(want, sizeof(want), "s %12d %12d --rw------- root     wheel   "
	    " %12d", semid, KSEM, 3);
	is_str(line_with(co.out, key, buf, sizeof(buf)), want,
	    "-s: our set of 3");
	cmdout_free(&co);

	is_int(run_cmd(au, -1, &co), 0, "ipcs -u 1000 exits 0");
	snprintf(key, sizeof(key), " %12d ", KMSG);
	ok(strstr(co.out, key) == NULL, "-u 1000: root's queue left out");
	ok(strstr(co.out, "Message Queues:\n") != NULL &&
	    strstr(co.out, "Shared Memory:\n") != NULL &&
	    strstr(co.out, "Semaphores:\n") != NULL,
	    "no list flag: all three SysV titles");
	cmdout_free(&co);
}

static void
test_json(void)
{
	char *argv[] = { IPCS, "-a", "--json", NULL };
	struct jv *root, *ipcs, *l, *e, *q = NULL, *m = NULL, *s = NULL;
	struct cmdout co;
	int i;

	is_int(run_cmd(argv, -1, &co), 0, "ipcs -a --json exits 0");
	root = json_parse(co.out);
	ipcs = json_get(root, "ipcs");
	if (!ok(ipcs != NULL, "--json parses"))
		return;
	l = json_get(ipcs, "message-queues");
	for (i = 0; (e = json_at(l, i)) != NULL; i++)
		if (json_num(e, "id", -1) == msqid)
			q = e;
	l = json_get(ipcs, "shared-memory");
	for (i = 0; (e = json_at(l, i)) != NULL; i++)
		if (json_num(e, "id", -1) == shmid)
			m = e;
	l = json_get(ipcs, "semaphores");
	for (i = 0; (e = json_at(l, i)) != NULL; i++)
		if (json_num(e, "id", -1) == semid)
			s = e;
	if (ok(q != NULL, "json: our queue")) {
		is_int(json_num(q, "key", -1), KMSG, "json queue: key");
		is_int(json_num(q, "cbytes", -1), 30, "json queue: cbytes");
		is_int(json_num(q, "qnum", -1), 2, "json queue: qnum");
		is_int(json_num(q, "lspid", -1), me, "json queue: lspid");
		is_str(json_s(q, "mode"), "--rw-r-----", "json queue: mode");
		is_str(json_s(q, "owner"), "root", "json queue: owner");
		ok(json_num(q, "stime", 0) > 0, "json queue: stime set");
		is_int(json_num(q, "rtime", -1), 0, "json queue: rtime 0");
	}
	if (ok(m != NULL, "json: our segment")) {
		is_int(json_num(m, "segsz", -1), 8192, "json segment: segsz");
		is_int(json_num(m, "nattch", -1), 2, "json segment: nattch");
		is_int(json_num(m, "cpid", -1), me, "json segment: cpid");
		is_int(json_num(m, "removed", -1), 0, "json segment: not removed");
	}
	if (ok(s != NULL, "json: our semaphore set")) {
		is_int(json_num(s, "nsems", -1), 3, "json set: nsems");
		is_int(json_num(s, "key", -1), KSEM, "json set: key");
	}
	cmdout_free(&co);
}

static void
test_limits(void)
{
	char *aQ[] = { IPCS, "-Q", NULL };
	char *aM[] = { IPCS, "-M", NULL };
	char *aS[] = { IPCS, "-S", NULL };
	struct msginfo mi;
	struct shminfo shi;
	struct seminfo si;
	struct cmdout co;
	char want[128];
	size_t len;

	len = sizeof(mi);
	ok(sysctlbyname("kern.ipc.msginfo", &mi, &len, NULL, 0) == 0,
	    "kern.ipc.msginfo");
	len = sizeof(shi);
	sysctlbyname("kern.ipc.shminfo", &shi, &len, NULL, 0);
	len = sizeof(si);
	sysctlbyname("kern.ipc.seminfo", &si, &len, NULL, 0);

	is_int(run_cmd(aQ, -1, &co), 0, "ipcs -Q exits 0");
	snprintf(want, sizeof(want), "msginfo:\n\tmsgmax: %12d\t(max "
	    "characters in a message)\n\tmsgmni: %12d\t(# of message queues)"
	    "\n", mi.msgmax, mi.msgmni);
	ok(strncmp(co.out, want, strlen(want)) == 0, "-Q: msgmax, msgmni");
	snprintf(want, sizeof(want), "\tmsgseg: %12d\t(# of message segments "
	    "in system)\n\n", mi.msgseg);
	ok(strstr(co.out, want) != NULL, "-Q: msgseg, then a blank line");
	ok(strstr(co.out, "Message Queues:") == NULL, "-Q: limits only");
	cmdout_free(&co);

	is_int(run_cmd(aM, -1, &co), 0, "ipcs -M exits 0");
	snprintf(want, sizeof(want), "shminfo:\n\tshmmax: %12lu\t(max shared "
	    "memory segment size)\n", shi.shmmax);
	ok(strncmp(co.out, want, strlen(want)) == 0, "-M: shmmax");
	cmdout_free(&co);

	is_int(run_cmd(aS, -1, &co), 0, "ipcs -S exits 0");
	snprintf(want, sizeof(want), "seminfo:\n\tsemmni: %12d\t(# of "
	    "semaphore identifiers)\n", si.semmni);
	ok(strncmp(co.out, want, strlen(want)) == 0, "-S: semmni");
	snprintf(want, sizeof(want), "\tsemvmx: %12d\t(semaphore maximum "
	    "value)\n", si.semvmx);
	ok(strstr(co.out, want) != NULL, "-S: semvmx");
	cmdout_free(&co);
}

/*
 * A segment removed while attached stays listed until its last detach.
 * FreeBSD's MODE then still begins "--" (no System V `D'); what shows
 * the removal is the key, IPC_PRIVATE since shmctl(IPC_RMID), and
 * --json's "removed".
 */
static void
test_removed(void)
{
	char *am[] = { IPCS, "-m", "-o", NULL };
	char *aj[] = { IPCS, "-m", "--json", NULL };
	struct jv *root, *l, *e, *m = NULL;
	struct cmdout co;
	char want[256], buf[256], key[32];
	int i;

	if (!is_int(shmctl(shmid, IPC_RMID, NULL), 0,
	    "remove the segment while two processes hold it"))
		return;
	is_int(run_cmd(am, -1, &co), 0, "ipcs -m -o exits 0");
	snprintf(key, sizeof(key), "m %12d ", shmid);
	snprintf(want, sizeof(want), "m %12d %12d --rw------- root     wheel   "
	    " %12d", shmid, 0, 2);
	is_str(line_with(co.out, key, buf, sizeof(buf)), want,
	    "-m: removed but attached: key 0, MODE --rw------- (no D)");
	cmdout_free(&co);

	is_int(run_cmd(aj, -1, &co), 0, "ipcs -m --json exits 0");
	root = json_parse(co.out);
	l = json_get(json_get(root, "ipcs"), "shared-memory");
	for (i = 0; (e = json_at(l, i)) != NULL; i++)
		if (json_num(e, "id", -1) == shmid)
			m = e;
	if (ok(m != NULL, "json: the removed segment is still listed")) {
		is_int(json_num(m, "removed", -1), 1, "json: removed");
		is_int(json_num(m, "key", -1), 0, "json: key IPC_PRIVATE");
		is_str(json_s(m, "mode"), "--rw-------", "json: mode");
	}
	cmdout_free(&co);
}

int
main(void)
{
	if (!ok(setup() == 0, "set up SysV objects")) {
		printf("# errno %d\n", errno);
		return (done());
	}
	test_text();
	test_json();
	test_limits();
	test_removed();
	teardown();
	return (done());
}
