/*
 * ipcrm(1): remove System V message queues, shared memory segments and
 * semaphore sets by id (-q -m -s) or by key (-Q -M -S), with FreeBSD's
 * flags: an id or key of -1 removes every object of that kind the user
 * may remove, -W removes everything, -v says what was removed.  Keys and
 * the "all" forms are resolved through the kernel's tables
 * (kern.ipc.msqids, shmsegs, sema: struct xmsqid/xshmid/xsemid), so
 * ipcrm removes exactly the objects it names and nothing else.  A shared
 * memory segment is marked for removal and goes at its last detach.
 *
 *	ipcrm [-W] [-v] [-q msqid] [-m shmid] [-s semid]
 *	      [-Q msgkey] [-M shmkey] [-S semkey] ...
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/sysctl.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum kind { MSG, SHM, SEM, NKINDS };

static const struct {
	const char	*table;		/* sysctl of the slot table */
	const char	*id;		/* for messages: "msqid" ... */
	const char	*key;		/* "msgkey" ... */
	const char	*what;		/* "message queue" ... */
	const char	*plural;	/* "message queues" ... */
	const char	*facility;	/* FreeBSD's "not configured" name */
	size_t		recsize;	/* one slot's record */
} K[NKINDS] = {
	{ "kern.ipc.msqids", "msqid", "msgkey", "message queue",
	    "message queues", "SVID messages", sizeof(struct xmsqid) },
	{ "kern.ipc.shmsegs", "shmid", "shmkey", "shared memory segment",
	    "shared memory segments", "SVID shared memory",
	    sizeof(struct xshmid) },
	{ "kern.ipc.sema", "semid", "semkey", "semaphore", "semaphores",
	    "SVID semaphores", sizeof(struct xsemid) },
};

static int	verbose;
static int	errors;

/* One object of the table: its id, key and whether the slot is used. */
struct obj {
	int	id;
	int	key;
};

static void
usage(void)
{
	fprintf(stderr, "usage: ipcrm [-W] [-v] [-q msqid] [-m shmid] "
	    "[-s semid]\n             [-Q msgkey] [-M shmkey] [-S semkey] "
	    "...\n");
	exit(1);
}

/* The objects in use in a table; -1 if the facility is missing. */
static int
table(enum kind k, struct obj **objsp)
{
	struct obj *objs;
	size_t len, off, n = 0;
	char *buf;

	if (sysctlbyname(K[k].table, NULL, &len, NULL, 0) < 0)
		return (-1);
	if ((buf = malloc(len + 1)) == NULL)
		err(1, "malloc");
	if (sysctlbyname(K[k].table, buf, &len, NULL, 0) < 0) {
		free(buf);
		return (-1);
	}
	if ((objs = calloc(len / K[k].recsize + 1, sizeof(*objs))) == NULL)
		err(1, "calloc");
	/*
	 * One record per slot; a free slot (or one we may not see) is all
	 * zeroes.  Every record starts len, version, flags, id, xipc_perm.
	 */
	for (off = 0; off + K[k].recsize <= len; off += K[k].recsize) {
		uint32_t rlen, flags;
		struct xipc_perm p;
		int id;

		memcpy(&rlen, buf + off, 4);
		memcpy(&flags, buf + off + 8, 4);
		memcpy(&id, buf + off + 12, 4);
		memcpy(&p, buf + off + 16, sizeof(p));
		if (rlen == 0)
			continue;
		if (rlen != K[k].recsize) {
			warnx("%s: record of %u bytes, ipcrm reads %zu",
			    K[k].table, rlen, K[k].recsize);
			break;
		}
		if (flags & XIPC_ALLOCATED) {
			objs[n].id = id;
			objs[n].key = p.xp_key;
			n++;
		}
	}
	free(buf);
	*objsp = objs;
	return ((int)n);
}

static int
remove_id(enum kind k, int id)
{
	int r;

	switch (k) {
	case MSG:
		r = msgctl(id, IPC_RMID, NULL);
		break;
	case SHM:
		r = shmctl(id, IPC_RMID, NULL);
		break;
	default:
		r = semctl(id, 0, IPC_RMID);
		break;
	}
	if (r < 0) {
		warn("%s(%d)", K[k].id, id);
		errors++;
		return (-1);
	}
	if (verbose)
		printf("Removed %s %d\n", K[k].id, id);
	return (0);
}

/* -1: everything of this kind. */
static void
remove_all(enum kind k)
{
	struct obj *objs;
	int i, n;

	if ((n = table(k, &objs)) < 0) {
		warnx("%s facility not configured in the system",
		    K[k].facility);
		errors++;
		return;
	}
	for (i = 0; i < n; i++) {
		/* Objects we may not remove are EPERM: say so, go on. */
		remove_id(k, objs[i].id);
	}
	free(objs);
}

static void
remove_key(enum kind k, long key)
{
	struct obj *objs;
	int i, n, found = 0;

	if (key == IPC_PRIVATE) {
		warnx("can't remove private %s", K[k].plural);
		errors++;
		return;
	}
	if ((n = table(k, &objs)) < 0) {
		warnx("%s facility not configured in the system",
		    K[k].facility);
		errors++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (objs[i].key != (int)key)
			continue;
		found = 1;
		remove_id(k, objs[i].id);
	}
	free(objs);
	if (!found) {
		warnx("%s(%ld): %s", K[k].key, key, strerror(ENOENT));
		errors++;
	}
}

static long
number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < -1 ||
	    v > 0x7fffffffL)
		errx(1, "%s: not a valid id or key", s);
	return (v);
}

int
main(int argc, char **argv)
{
	struct {
		int	ch;
		long	v;
	} *act;
	enum kind k;
	int ch, i, nact = 0;

	/* Collect first, so -v counts wherever it is given. */
	if ((act = calloc(argc + 1, sizeof(*act))) == NULL)
		err(1, "calloc");
	while ((ch = getopt(argc, argv, "q:m:s:Q:M:S:Wvy")) != -1) {
		switch (ch) {
		case 'q':
		case 'm':
		case 's':
		case 'Q':
		case 'M':
		case 'S':
			act[nact].ch = ch;
			act[nact++].v = number(optarg);
			break;
		case 'W':
			act[nact++].ch = ch;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'y':
			/* FreeBSD: -m takes the id as given; always so here. */
			break;
		default:
			usage();
		}
	}
	if (nact == 0 || optind != argc)
		usage();
	for (i = 0; i < nact; i++) {
		ch = act[i].ch;
		if (ch == 'W') {
			for (k = MSG; k < NKINDS; k++)
				remove_all(k);
			continue;
		}
		k = (ch == 'q' || ch == 'Q') ? MSG :
		    (ch == 'm' || ch == 'M') ? SHM : SEM;
		if (act[i].v == -1)
			remove_all(k);
		else if (ch == 'q' || ch == 'm' || ch == 's')
			remove_id(k, (int)act[i].v);
		else
			remove_key(k, act[i].v);
	}
	free(act);
	return (errors != 0);
}
