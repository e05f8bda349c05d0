/*
 * ipcrm(1) removes exactly what it names: by id (-q -m -s), by key
 * (-Q -M -S), all of a kind (-1); says so with -v; refuses the private
 * key and unknown ids with exit 1 and the reason; marks an attached
 * segment for removal (gone at its last detach); and, run as an
 * unprivileged user, removes nothing of root's.  After each step the
 * test checks every object it made, removed and kept alike.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "runcmd.h"

#define IPCRM	"/usr/bin/ipcrm"
#define K1	0x7b01
#define K2	0x7b02
#define K3	0x7b03
#define K4	0x7b04
#define K5	0x7b05

static int
msq_alive(int id)
{
	struct msqid_ds ds;

	return (msgctl(id, IPC_STAT, &ds) == 0);
}

static int
sem_alive(int id)
{
	return (semctl(id, 0, GETVAL) >= 0);
}

static int
shm_alive(int id)
{
	struct shmid_ds ds;

	return (shmctl(id, IPC_STAT, &ds) == 0);
}

/* A slot in kern.ipc.shmsegs with id, and its flags. */
static int
shm_flags(int id)
{
	struct xshmid *x;
	size_t len, off;
	char *buf;
	int flags = -1;

	if (sysctlbyname("kern.ipc.shmsegs", NULL, &len, NULL, 0) < 0 ||
	    (buf = malloc(len)) == NULL ||
	    sysctlbyname("kern.ipc.shmsegs", buf, &len, NULL, 0) < 0)
		return (-1);
	for (off = 0; off + sizeof(*x) <= len; off += sizeof(*x)) {
		x = (struct xshmid *)(buf + off);
		if (x->xh_id == id && (x->xh_flags & XIPC_ALLOCATED))
			flags = (int)x->xh_flags;
	}
	free(buf);
	return (flags);
}

static void
clean_keys(void)
{
	int k, id;

	for (k = K1; k <= K5; k++) {
		if ((id = msgget(k, 0)) >= 0)
			msgctl(id, IPC_RMID, NULL);
		if ((id = semget(k, 0, 0)) >= 0)
			semctl(id, 0, IPC_RMID);
		if ((id = shmget(k, 0, 0)) >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
}

int
main(void)
{
	int qa, qb, qp, qr, s1, s2, m1;
	char idbuf[32], keybuf[32], want[128];
	struct cmdout co;
	void *addr;

	clean_keys();
	qa = msgget(K1, IPC_CREAT | 0600);
	qb = msgget(K2, IPC_CREAT | 0600);
	qp = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	qr = msgget(K5, IPC_CREAT | 0666);	/* root's, open to all */
	s1 = semget(K3, 2, IPC_CREAT | 0600);
	s2 = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	m1 = shmget(K4, 4096, IPC_CREAT | 0600);
	if (!ok(qa >= 0 && qb >= 0 && qp >= 0 && qr >= 0 && s1 >= 0 &&
	    s2 >= 0 && m1 >= 0, "made 4 queues, 2 sets, 1 segment"))
		return (done());

	/* -v -q id: that queue and nothing else. */
	snprintf(idbuf, sizeof(idbuf), "%d", qa);
	{
		char *argv[] = { IPCRM, "-v", "-q", idbuf, NULL };

		is_int(run_cmd(argv, -1, &co), 0, "ipcrm -v -q id exits 0");
		snprintf(want, sizeof(want), "Removed msqid %d\n", qa);
		is_str(co.out, want, "-v: says what it removed");
		cmdout_free(&co);
	}
	ok(!msq_alive(qa), "-q id: the queue is gone");
	ok(msq_alive(qb) && msq_alive(qp) && msq_alive(qr),
	    "-q id: the other queues are there");

	/* -Q key: by key. */
	snprintf(keybuf, sizeof(keybuf), "%d", K2);
	{
		char *argv[] = { IPCRM, "-Q", keybuf, NULL };

		is_int(run_cmd(argv, -1, &co), 0, "ipcrm -Q key exits 0");
		is_str(co.out, "", "-Q without -v: silent");
		cmdout_free(&co);
	}
	ok(!msq_alive(qb), "-Q key: that queue is gone");
	ok(msq_alive(qp) && msq_alive(qr), "-Q key: the others are there");

	/* The private key names nothing: refused. */
	{
		char *argv[] = { IPCRM, "-Q", "0", NULL };

		is_int(run_cmd(argv, -1, &co), 1, "ipcrm -Q 0: exit 1");
		is_str(co.err, "ipcrm: can't remove private message queues\n",
		    "-Q 0: can't remove private message queues");
		cmdout_free(&co);
	}
	ok(msq_alive(qp), "-Q 0: the private queue is there");

	/* An id that names nothing. */
	{
		char *argv[] = { IPCRM, "-q", "12345678", NULL };

		is_int(run_cmd(argv, -1, &co), 1, "ipcrm -q bogus: exit 1");
		ok(strncmp(co.err, "ipcrm: msqid(12345678): ", 24) == 0,
		    "-q bogus: names the id and the error");
		cmdout_free(&co);
	}
	{
		char *argv[] = { IPCRM, "-q", "abc", NULL };

		is_int(run_cmd(argv, -1, &co), 1, "ipcrm -q abc: exit 1");
		ok(strstr(co.err, "abc: not a valid id or key") != NULL,
		    "-q abc: says why");
		cmdout_free(&co);
	}

	/* As uid 1000: root's queue (mode 0666 or not) stays. */
	snprintf(idbuf, sizeof(idbuf), "%d", qr);
	{
		char *argv[] = { IPCRM, "-q", idbuf, NULL };
		char *argw[] = { IPCRM, "-W", NULL };

		is_int(run_cmd(argv, 1000, &co), 1,
		    "uid 1000: ipcrm -q root's queue: exit 1");
		ok(strstr(co.err, "Operation not permitted") != NULL,
		    "uid 1000: EPERM");
		cmdout_free(&co);
		is_int(run_cmd(argw, 1000, &co), 1, "uid 1000: ipcrm -W: exit 1");
		cmdout_free(&co);
	}
	ok(msq_alive(qr) && msq_alive(qp) && sem_alive(s1) && sem_alive(s2) &&
	    shm_alive(m1), "uid 1000 removed nothing of root's");

	/* -s -1: every set, and only sets. */
	{
		char *argv[] = { IPCRM, "-s", "-1", NULL };

		is_int(run_cmd(argv, -1, &co), 0, "ipcrm -s -1 exits 0");
		cmdout_free(&co);
	}
	ok(!sem_alive(s1) && !sem_alive(s2), "-s -1: both sets gone");
	ok(msq_alive(qr) && msq_alive(qp) && shm_alive(m1),
	    "-s -1: queues and segment are there");

	/* -M key on an attached segment: marked, gone at the last detach. */
	if ((addr = shmat(m1, NULL, 0)) == (void *)-1) {
		ok(0, "shmat");
		return (done());
	}
	snprintf(keybuf, sizeof(keybuf), "%d", K4);
	{
		char *argv[] = { IPCRM, "-v", "-M", keybuf, NULL };

		is_int(run_cmd(argv, -1, &co), 0, "ipcrm -M key exits 0");
		snprintf(want, sizeof(want), "Removed shmid %d\n", m1);
		is_str(co.out, want, "-M: says it removed the segment");
		cmdout_free(&co);
	}
	ok(shm_flags(m1) >= 0 && (shm_flags(m1) & XIPC_REMOVED),
	    "-M: attached segment marked removed");
	ok(shmget(K4, 0, 0) < 0, "-M: the key no longer finds it");
	shmdt(addr);
	is_int(shm_flags(m1), -1, "-M: gone after the last detach");

	/* -W: everything left. */
	{
		char *argv[] = { IPCRM, "-W", NULL };

		is_int(run_cmd(argv, -1, &co), 0, "ipcrm -W exits 0");
		cmdout_free(&co);
	}
	ok(!msq_alive(qr) && !msq_alive(qp), "-W: the queues are gone");

	/* No arguments: usage. */
	{
		char *argv[] = { IPCRM, NULL };

		is_int(run_cmd(argv, -1, &co), 1, "ipcrm alone: exit 1");
		ok(strstr(co.err, "usage: ipcrm") != NULL, "ipcrm alone: usage");
		cmdout_free(&co);
	}
	clean_keys();
	return (done());
}
