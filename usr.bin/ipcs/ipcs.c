/*
 * ipcs(1): report System V IPC objects (message queues, shared memory
 * segments, semaphore sets) in FreeBSD's format, and POSIX message
 * queues as a Petrel extension, from the kernel's sysctl records:
 * kern.ipc.msqids, kern.ipc.shmsegs, kern.ipc.sema (fixed tables of
 * struct xmsqid/xshmid/xsemid, one per slot), kern.ipc.msginfo,
 * shminfo, seminfo (the limits), and kern.mqueue.queues (a list of
 * struct xmqueue framed by generation counts, read with sysrec.c).
 *
 *	ipcs [-abcmopPqstMQST] [-u user] [-r seconds] [--json]
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/mqueue.h>
#include <sys/sysctl.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysrec.h"

/* What to show: lists, limits, and the extra columns. */
#define SHOW_MSQ	0x01
#define SHOW_SHM	0x02
#define SHOW_SEM	0x04
#define SHOW_MQ		0x08
#define SHOW_MSGINFO	0x10
#define SHOW_SHMINFO	0x20
#define SHOW_SEMINFO	0x40
#define SHOW_MQINFO	0x80

#define COL_BIGGEST	0x01		/* -b */
#define COL_CREATOR	0x02		/* -c */
#define COL_OUTSTANDING	0x04		/* -o */
#define COL_PID		0x08		/* -p */
#define COL_TIME	0x10		/* -t */

static int	show, cols, opt_json, opt_r;
static int	user_filter = -1;	/* -u: owner uid */
static int	jfirst = 1;		/* --json: sections so far */

static void
usage(void)
{
	fprintf(stderr, "usage: ipcs [-abcmopPqstMQST] [-u user] "
	    "[-r seconds] [--json]\n");
	exit(1);
}

/* ---- Formatting helpers ------------------------------------------------ */

static const char *
user_name(uint32_t uid)
{
	static char buf[4][16];
	static int k;
	struct passwd *pw;

	if ((pw = getpwuid(uid)) != NULL)
		return (pw->pw_name);
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%u", uid);
	return (buf[k]);
}

static const char *
group_name(uint32_t gid)
{
	static char buf[4][16];
	static int k;
	struct group *gr;

	if ((gr = getgrgid(gid)) != NULL)
		return (gr->gr_name);
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%u", gid);
	return (buf[k]);
}

/*
 * FreeBSD's 11-column mode: two characters that FreeBSD's ipcs always
 * prints as "--" (System V's state letters, such as D for a removed
 * segment, are not among them), then rwa triples.
 */
static const char *
fmt_perm(uint32_t mode)
{
	static char buf[12];
	static const int bit[9] = { 0400, 0200, 0100, 040, 020, 010, 04, 02,
	    01 };
	static const char ch[3] = { 'r', 'w', 'a' };
	int i;

	buf[0] = '-';
	buf[1] = '-';
	for (i = 0; i < 9; i++)
		buf[2 + i] = (mode & bit[i]) ? ch[i % 3] : '-';
	buf[11] = '\0';
	return (buf);
}

static const char *
fmt_time(int64_t t)
{
	static char buf[4][16];
	static int k;
	time_t tt = (time_t)t;
	struct tm *tm;

	if (t == 0)
		return ("no-entry");
	k = (k + 1) % 4;
	if ((tm = localtime(&tt)) == NULL)
		return ("?");
	snprintf(buf[k], sizeof(buf[k]), "%2d:%02d:%02d", tm->tm_hour,
	    tm->tm_min, tm->tm_sec);
	return (buf[k]);
}

/* Read a whole slot table; NULL with errno (ENOENT: not configured). */
static void *
read_table(const char *name, size_t *lenp)
{
	size_t len;
	void *buf;
	int i;

	for (i = 0; i < 4; i++) {
		if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
			return (NULL);
		if ((buf = malloc(len + 1)) == NULL)
			return (NULL);
		if (sysctlbyname(name, buf, &len, NULL, 0) == 0) {
			*lenp = len;
			return (buf);
		}
		free(buf);
		if (errno != ENOMEM)
			return (NULL);
	}
	return (NULL);
}

static void
json_section(const char *name)
{
	if (!jfirst)
		putchar(',');
	jfirst = 0;
	json_str(stdout, name);
	putchar(':');
}

static void
json_perm(const struct xipc_perm *p, int *f)
{
	json_key(stdout, f, "key");
	printf("%d", p->xp_key);
	json_key(stdout, f, "mode");
	json_str(stdout, fmt_perm(p->xp_mode));
	json_key(stdout, f, "owner");
	json_str(stdout, user_name(p->xp_uid));
	json_key(stdout, f, "group");
	json_str(stdout, group_name(p->xp_gid));
	json_key(stdout, f, "uid");
	printf("%u", p->xp_uid);
	json_key(stdout, f, "gid");
	printf("%u", p->xp_gid);
	json_key(stdout, f, "creator");
	json_str(stdout, user_name(p->xp_cuid));
	json_key(stdout, f, "cgroup");
	json_str(stdout, group_name(p->xp_cgid));
}

static void
print_perm(char t, int id, const struct xipc_perm *p)
{
	printf("%c %12d %12d %s %-8s %-8s", t, id, p->xp_key,
	    fmt_perm(p->xp_mode), user_name(p->xp_uid),
	    group_name(p->xp_gid));
	if (cols & COL_CREATOR)
		printf(" %-8s %-8s", user_name(p->xp_cuid),
		    group_name(p->xp_cgid));
}

static void
print_title(void)
{
	printf("T %12s %12s %-11s %-8s %-8s", "ID", "KEY", "MODE", "OWNER",
	    "GROUP");
	if (cols & COL_CREATOR)
		printf(" %-8s %-8s", "CREATOR", "CGROUP");
}

static int
not_configured(const char *what, const char *name)
{
	if (errno == ENOENT)
		fprintf(stderr, "%s facility not configured in the system\n",
		    what);
	else
		warn("%s", name);
	return (errno == ENOENT ? 0 : 1);
}

/* ---- Message queues ---------------------------------------------------- */

static int
msq_list(void)
{
	const struct xmsqid *x;
	size_t len, off;
	char *buf;
	int f, n = 0;

	if ((buf = read_table("kern.ipc.msqids", &len)) == NULL)
		return (not_configured("SVID messages", "kern.ipc.msqids"));
	if (opt_json) {
		json_section("message-queues");
		putchar('[');
	} else {
		printf("Message Queues:\n");
		print_title();
		if (cols & COL_OUTSTANDING)
			printf(" %12s %12s", "CBYTES", "QNUM");
		if (cols & COL_BIGGEST)
			printf(" %12s", "QBYTES");
		if (cols & COL_PID)
			printf(" %12s %12s", "LSPID", "LRPID");
		if (cols & COL_TIME)
			printf(" %-8s %-8s %-8s", "STIME", "RTIME", "CTIME");
		printf("\n");
	}
	/* Slot by slot; a free or invisible slot is all zeroes. */
	for (off = 0; off + sizeof(*x) <= len; off += sizeof(*x)) {
		x = (const struct xmsqid *)(buf + off);
		if (x->xm_len == 0)
			continue;
		if (x->xm_len != sizeof(*x) ||
		    x->xm_version != XMSQID_VERSION) {
			warnx("kern.ipc.msqids: record version %u, ipcs reads "
			    "%u", x->xm_version, XMSQID_VERSION);
			break;
		}
		if (!(x->xm_flags & XIPC_ALLOCATED))
			continue;
		if (user_filter >= 0 && x->xm_perm.xp_uid != (uint32_t)user_filter)
			continue;
		if (opt_json) {
			printf("%s{", n++ > 0 ? "," : "");
			f = 1;
			json_key(stdout, &f, "id");
			printf("%d", x->xm_id);
			json_perm(&x->xm_perm, &f);
			printf(",\"cbytes\":%llu,\"qnum\":%llu,\"qbytes\":%llu,"
			    "\"lspid\":%d,\"lrpid\":%d,\"stime\":%lld,"
			    "\"rtime\":%lld,\"ctime\":%lld}",
			    (unsigned long long)x->xm_cbytes,
			    (unsigned long long)x->xm_qnum,
			    (unsigned long long)x->xm_qbytes, x->xm_lspid,
			    x->xm_lrpid, (long long)x->xm_stime,
			    (long long)x->xm_rtime, (long long)x->xm_ctime);
			continue;
		}
		print_perm('q', x->xm_id, &x->xm_perm);
		if (cols & COL_OUTSTANDING)
			printf(" %12llu %12llu",
			    (unsigned long long)x->xm_cbytes,
			    (unsigned long long)x->xm_qnum);
		if (cols & COL_BIGGEST)
			printf(" %12llu", (unsigned long long)x->xm_qbytes);
		if (cols & COL_PID)
			printf(" %12d %12d", x->xm_lspid, x->xm_lrpid);
		if (cols & COL_TIME)
			printf(" %-8s %-8s %-8s", fmt_time(x->xm_stime),
			    fmt_time(x->xm_rtime), fmt_time(x->xm_ctime));
		printf("\n");
	}
	if (opt_json)
		putchar(']');
	else
		printf("\n");
	free(buf);
	return (0);
}

/* ---- Shared memory ------------------------------------------------------ */

static int
shm_list(void)
{
	const struct xshmid *x;
	size_t len, off;
	char *buf;
	int f, n = 0;

	if ((buf = read_table("kern.ipc.shmsegs", &len)) == NULL)
		return (not_configured("SVID shared memory",
		    "kern.ipc.shmsegs"));
	if (opt_json) {
		json_section("shared-memory");
		putchar('[');
	} else {
		printf("Shared Memory:\n");
		print_title();
		if (cols & COL_OUTSTANDING)
			printf(" %12s", "NATTCH");
		if (cols & COL_BIGGEST)
			printf(" %12s", "SEGSZ");
		if (cols & COL_PID)
			printf(" %12s %12s", "CPID", "LPID");
		if (cols & COL_TIME)
			printf(" %-8s %-8s %-8s", "ATIME", "DTIME", "CTIME");
		printf("\n");
	}
	/* Slot by slot; a free or invisible slot is all zeroes. */
	for (off = 0; off + sizeof(*x) <= len; off += sizeof(*x)) {
		x = (const struct xshmid *)(buf + off);
		if (x->xh_len == 0)
			continue;
		if (x->xh_len != sizeof(*x) ||
		    x->xh_version != XSHMID_VERSION) {
			warnx("kern.ipc.shmsegs: record version %u, ipcs "
			    "reads %u", x->xh_version, XSHMID_VERSION);
			break;
		}
		if (!(x->xh_flags & XIPC_ALLOCATED))
			continue;
		if (user_filter >= 0 && x->xh_perm.xp_uid != (uint32_t)user_filter)
			continue;
		if (opt_json) {
			printf("%s{", n++ > 0 ? "," : "");
			f = 1;
			json_key(stdout, &f, "id");
			printf("%d", x->xh_id);
			json_perm(&x->xh_perm, &f);
			printf(",\"removed\":%s,\"nattch\":%llu,\"segsz\":%llu,"
			    "\"cpid\":%d,\"lpid\":%d,\"atime\":%lld,"
			    "\"dtime\":%lld,\"ctime\":%lld}",
			    (x->xh_flags & XIPC_REMOVED) ? "true" : "false",
			    (unsigned long long)x->xh_nattch,
			    (unsigned long long)x->xh_segsz, x->xh_cpid,
			    x->xh_lpid, (long long)x->xh_atime,
			    (long long)x->xh_dtime, (long long)x->xh_ctime);
			continue;
		}
		/* A segment removed but still attached shows by its key,
		   IPC_PRIVATE since the removal (--json: "removed"). */
		print_perm('m', x->xh_id, &x->xh_perm);
		if (cols & COL_OUTSTANDING)
			printf(" %12llu", (unsigned long long)x->xh_nattch);
		if (cols & COL_BIGGEST)
			printf(" %12llu", (unsigned long long)x->xh_segsz);
		if (cols & COL_PID)
			printf(" %12d %12d", x->xh_cpid, x->xh_lpid);
		if (cols & COL_TIME)
			printf(" %-8s %-8s %-8s", fmt_time(x->xh_atime),
			    fmt_time(x->xh_dtime), fmt_time(x->xh_ctime));
		printf("\n");
	}
	if (opt_json)
		putchar(']');
	else
		printf("\n");
	free(buf);
	return (0);
}

/* ---- Semaphores --------------------------------------------------------- */

static int
sem_list(void)
{
	const struct xsemid *x;
	size_t len, off;
	char *buf;
	int f, n = 0;

	if ((buf = read_table("kern.ipc.sema", &len)) == NULL)
		return (not_configured("SVID semaphores", "kern.ipc.sema"));
	if (opt_json) {
		json_section("semaphores");
		putchar('[');
	} else {
		printf("Semaphores:\n");
		print_title();
		if (cols & COL_BIGGEST)
			printf(" %12s", "NSEMS");
		if (cols & COL_TIME)
			printf(" %-8s %-8s", "OTIME", "CTIME");
		printf("\n");
	}
	/* Slot by slot; a free or invisible slot is all zeroes. */
	for (off = 0; off + sizeof(*x) <= len; off += sizeof(*x)) {
		x = (const struct xsemid *)(buf + off);
		if (x->xs_len == 0)
			continue;
		if (x->xs_len != sizeof(*x) ||
		    x->xs_version != XSEMID_VERSION) {
			warnx("kern.ipc.sema: record version %u, ipcs reads "
			    "%u", x->xs_version, XSEMID_VERSION);
			break;
		}
		if (!(x->xs_flags & XIPC_ALLOCATED))
			continue;
		if (user_filter >= 0 && x->xs_perm.xp_uid != (uint32_t)user_filter)
			continue;
		if (opt_json) {
			printf("%s{", n++ > 0 ? "," : "");
			f = 1;
			json_key(stdout, &f, "id");
			printf("%d", x->xs_id);
			json_perm(&x->xs_perm, &f);
			printf(",\"nsems\":%u,\"otime\":%lld,\"ctime\":%lld}",
			    x->xs_nsems, (long long)x->xs_otime,
			    (long long)x->xs_ctime);
			continue;
		}
		print_perm('s', x->xs_id, &x->xs_perm);
		if (cols & COL_BIGGEST)
			printf(" %12u", x->xs_nsems);
		if (cols & COL_TIME)
			printf(" %-8s %-8s", fmt_time(x->xs_otime),
			    fmt_time(x->xs_ctime));
		printf("\n");
	}
	if (opt_json)
		putchar(']');
	else
		printf("\n");
	free(buf);
	return (0);
}

/* ---- POSIX message queues (Petrel) -------------------------------------- */

static int
mq_list(void)
{
	static const struct sysrec_fmt fmt = {
		.sf_hdrsize = sizeof(struct xmqgen),
		.sf_genoff = offsetof(struct xmqgen, xmg_gen),
		.sf_countoff = offsetof(struct xmqgen, xmg_count),
		.sf_countsize = sizeof(((struct xmqgen *)0)->xmg_count),
		.sf_recsize = sizeof(struct xmqueue),
	};
	struct sysrec_list sl;
	const struct xmqueue *x;
	const char *name;
	size_t i;
	int f, n = 0;

	if (sysrec_read_fmt(MQ_SYSCTL_QUEUES, &fmt, &sl) < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, "POSIX message queues not configured "
			    "in the system\n");
			return (0);
		}
		warn("%s", MQ_SYSCTL_QUEUES);
		return (1);
	}
	if (!sl.sl_consistent)
		warnx("%s kept changing; the list may be stale",
		    MQ_SYSCTL_QUEUES);
	if (opt_json) {
		json_section("posix-message-queues");
		putchar('[');
	} else {
		printf("POSIX Message Queues:\n");
		printf("T %12s %-20s %-11s %-8s %-8s", "ID", "NAME", "MODE",
		    "OWNER", "GROUP");
		if (cols & COL_OUTSTANDING)
			printf(" %12s %12s %6s %6s", "CURMSGS", "QBYTES",
			    "RWAIT", "SWAIT");
		if (cols & COL_BIGGEST)
			printf(" %12s %12s", "MAXMSG", "MSGSIZE");
		if (cols & COL_PID)
			printf(" %12s", "NOTIFY");
		if (cols & COL_TIME)
			printf(" %-8s %-8s", "CTIME", "MTIME");
		printf("\n");
	}
	for (i = 0; i < sl.sl_count; i++) {
		x = sysrec_rec(&sl, i);
		if (x->xmq_version != XMQUEUE_VERSION)
			continue;
		if (user_filter >= 0 && x->xmq_uid != (uint32_t)user_filter)
			continue;
		name = (x->xmq_flags & XMQ_UNLINKED) || x->xmq_name[0] == '\0' ?
		    "(unlinked)" : x->xmq_name;
		if (opt_json) {
			printf("%s{", n++ > 0 ? "," : "");
			f = 1;
			json_key(stdout, &f, "id");
			printf("%llu", (unsigned long long)x->xmq_id);
			json_key(stdout, &f, "name");
			json_str(stdout, (x->xmq_flags & XMQ_UNLINKED) ? "" :
			    x->xmq_name);
			json_key(stdout, &f, "unlinked");
			printf("%s", (x->xmq_flags & XMQ_UNLINKED) ?
			    "true" : "false");
			json_key(stdout, &f, "mode");
			json_str(stdout, fmt_perm(x->xmq_mode));
			json_key(stdout, &f, "owner");
			json_str(stdout, user_name(x->xmq_uid));
			json_key(stdout, &f, "group");
			json_str(stdout, group_name(x->xmq_gid));
			printf(",\"uid\":%u,\"gid\":%u,\"curmsgs\":%lld,"
			    "\"qbytes\":%lld,\"maxmsg\":%lld,\"msgsize\":%lld,"
			    "\"notify-pid\":%lld,\"open\":%lld,"
			    "\"receivers-waiting\":%lld,"
			    "\"senders-waiting\":%lld,\"ctime\":%lld,"
			    "\"mtime\":%lld}", x->xmq_uid, x->xmq_gid,
			    (long long)x->xmq_curmsgs,
			    (long long)x->xmq_qbytes,
			    (long long)x->xmq_maxmsg,
			    (long long)x->xmq_msgsize,
			    (long long)x->xmq_notify_pid,
			    (long long)x->xmq_nopen,
			    (long long)x->xmq_nrecvwait,
			    (long long)x->xmq_nsendwait,
			    (long long)x->xmq_ctime,
			    (long long)x->xmq_mtime);
			continue;
		}
		printf("p %12llu %-20s %s %-8s %-8s",
		    (unsigned long long)x->xmq_id, name,
		    fmt_perm(x->xmq_mode), user_name(x->xmq_uid),
		    group_name(x->xmq_gid));
		if (cols & COL_OUTSTANDING)
			printf(" %12lld %12lld %6lld %6lld",
			    (long long)x->xmq_curmsgs,
			    (long long)x->xmq_qbytes,
			    (long long)x->xmq_nrecvwait,
			    (long long)x->xmq_nsendwait);
		if (cols & COL_BIGGEST)
			printf(" %12lld %12lld", (long long)x->xmq_maxmsg,
			    (long long)x->xmq_msgsize);
		if (cols & COL_PID)
			printf(" %12lld", (long long)x->xmq_notify_pid);
		if (cols & COL_TIME)
			printf(" %-8s %-8s", fmt_time(x->xmq_ctime),
			    fmt_time(x->xmq_mtime));
		printf("\n");
	}
	if (opt_json)
		putchar(']');
	else
		printf("\n");
	sysrec_free(&sl);
	return (0);
}

/* ---- Limits (-Q -M -S -T) ----------------------------------------------- */

static int
info_msg(void)
{
	struct msginfo mi;

	if (sysrec_get("kern.ipc.msginfo", &mi, sizeof(mi)) < 0)
		return (not_configured("SVID messages", "kern.ipc.msginfo"));
	if (opt_json) {
		json_section("msginfo");
		printf("{\"msgmax\":%d,\"msgmni\":%d,\"msgmnb\":%d,"
		    "\"msgtql\":%d,\"msgssz\":%d,\"msgseg\":%d}", mi.msgmax,
		    mi.msgmni, mi.msgmnb, mi.msgtql, mi.msgssz, mi.msgseg);
		return (0);
	}
	printf("msginfo:\n");
	printf("\tmsgmax: %12d\t(max characters in a message)\n", mi.msgmax);
	printf("\tmsgmni: %12d\t(# of message queues)\n", mi.msgmni);
	printf("\tmsgmnb: %12d\t(max characters in a message queue)\n",
	    mi.msgmnb);
	printf("\tmsgtql: %12d\t(max # of messages in system)\n", mi.msgtql);
	printf("\tmsgssz: %12d\t(size of a message segment)\n", mi.msgssz);
	printf("\tmsgseg: %12d\t(# of message segments in system)\n\n",
	    mi.msgseg);
	return (0);
}

static int
info_shm(void)
{
	struct shminfo si;

	if (sysrec_get("kern.ipc.shminfo", &si, sizeof(si)) < 0)
		return (not_configured("SVID shared memory",
		    "kern.ipc.shminfo"));
	if (opt_json) {
		json_section("shminfo");
		printf("{\"shmmax\":%lu,\"shmmin\":%lu,\"shmmni\":%lu,"
		    "\"shmseg\":%lu,\"shmall\":%lu}", si.shmmax, si.shmmin,
		    si.shmmni, si.shmseg, si.shmall);
		return (0);
	}
	printf("shminfo:\n");
	printf("\tshmmax: %12lu\t(max shared memory segment size)\n",
	    si.shmmax);
	printf("\tshmmin: %12lu\t(min shared memory segment size)\n",
	    si.shmmin);
	printf("\tshmmni: %12lu\t(max number of shared memory identifiers)\n",
	    si.shmmni);
	printf("\tshmseg: %12lu\t(max shared memory segments per process)\n",
	    si.shmseg);
	printf("\tshmall: %12lu\t(max amount of shared memory in pages)\n\n",
	    si.shmall);
	return (0);
}

static int
info_sem(void)
{
	struct seminfo si;

	if (sysrec_get("kern.ipc.seminfo", &si, sizeof(si)) < 0)
		return (not_configured("SVID semaphores", "kern.ipc.seminfo"));
	if (opt_json) {
		json_section("seminfo");
		printf("{\"semmni\":%d,\"semmns\":%d,\"semmnu\":%d,"
		    "\"semmsl\":%d,\"semopm\":%d,\"semume\":%d,"
		    "\"semusz\":%d,\"semvmx\":%d,\"semaem\":%d}", si.semmni,
		    si.semmns, si.semmnu, si.semmsl, si.semopm, si.semume,
		    si.semusz, si.semvmx, si.semaem);
		return (0);
	}
	printf("seminfo:\n");
	printf("\tsemmni: %12d\t(# of semaphore identifiers)\n", si.semmni);
	printf("\tsemmns: %12d\t(# of semaphores in system)\n", si.semmns);
	printf("\tsemmnu: %12d\t(# of undo structures in system)\n",
	    si.semmnu);
	printf("\tsemmsl: %12d\t(max # of semaphores per id)\n", si.semmsl);
	printf("\tsemopm: %12d\t(max # of operations per semop call)\n",
	    si.semopm);
	printf("\tsemume: %12d\t(max # of undo entries per process)\n",
	    si.semume);
	printf("\tsemusz: %12d\t(size in bytes of undo structure)\n",
	    si.semusz);
	printf("\tsemvmx: %12d\t(semaphore maximum value)\n", si.semvmx);
	printf("\tsemaem: %12d\t(adjust on exit max value)\n\n", si.semaem);
	return (0);
}

static int
mq_info(void)
{
	static const char *names[] = { MQ_SYSCTL_MAXMQ, MQ_SYSCTL_MAXMSG,
	    MQ_SYSCTL_MAXMSGSIZE, MQ_SYSCTL_DEFMAXMSG, MQ_SYSCTL_DEFMSGSIZE,
	    MQ_SYSCTL_CURMQ };
	static const char *what[] = { "max # of queues",
	    "max messages in a queue", "max bytes in a message",
	    "default messages in a queue", "default bytes in a message",
	    "queues now" };
	long long v;
	size_t i;

	if (opt_json)
		json_section("mqueueinfo");
	else
		printf("mqueueinfo:\n");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (sysrec_getint(names[i], &v) < 0) {
			if (errno == ENOENT && i == 0) {
				if (opt_json)
					printf("null");
				else
					fprintf(stderr, "POSIX message queues "
					    "not configured in the system\n");
				return (0);
			}
			v = -1;
		}
		if (opt_json)
			printf("%s\"%s\":%lld", i == 0 ? "{" : ",",
			    names[i] + strlen("kern.mqueue."), v);
		else
			printf("\t%-15s %12lld\t(%s)\n",
			    names[i] + strlen("kern.mqueue."), v, what[i]);
	}
	if (opt_json)
		putchar('}');
	else
		printf("\n");
	return (0);
}

static int
once(void)
{
	int rc = 0;

	if (opt_json)
		printf("{\"ipcs\":{");
	if (show & SHOW_MSGINFO)
		rc |= info_msg();
	if (show & SHOW_SHMINFO)
		rc |= info_shm();
	if (show & SHOW_SEMINFO)
		rc |= info_sem();
	if (show & SHOW_MQINFO)
		rc |= mq_info();
	if (show & SHOW_MSQ)
		rc |= msq_list();
	if (show & SHOW_SHM)
		rc |= shm_list();
	if (show & SHOW_SEM)
		rc |= sem_list();
	if (show & SHOW_MQ)
		rc |= mq_list();
	if (opt_json)
		printf("}}\n");
	jfirst = 1;
	return (rc);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 }
	};
	struct passwd *pw;
	char *end;
	int ch, lists = 0, infos = 0, rc;
	long v;

	while ((ch = getopt_long(argc, argv, "abcmopPqr:stu:MQST", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			cols |= COL_BIGGEST | COL_CREATOR | COL_OUTSTANDING |
			    COL_PID | COL_TIME;
			break;
		case 'b':
			cols |= COL_BIGGEST;
			break;
		case 'c':
			cols |= COL_CREATOR;
			break;
		case 'o':
			cols |= COL_OUTSTANDING;
			break;
		case 'p':
			cols |= COL_PID;
			break;
		case 't':
			cols |= COL_TIME;
			break;
		/* -q -m -s -P choose lists; as in FreeBSD the last wins. */
		case 'q':
			lists = SHOW_MSQ;
			break;
		case 'm':
			lists = SHOW_SHM;
			break;
		case 's':
			lists = SHOW_SEM;
			break;
		case 'P':
			lists = SHOW_MQ;
			break;
		case 'Q':
			infos |= SHOW_MSGINFO;
			break;
		case 'M':
			infos |= SHOW_SHMINFO;
			break;
		case 'S':
			infos |= SHOW_SEMINFO;
			break;
		case 'T':
			infos |= SHOW_MSGINFO | SHOW_SHMINFO | SHOW_SEMINFO |
			    SHOW_MQINFO;
			break;
		case 'u':
			if ((pw = getpwnam(optarg)) != NULL)
				user_filter = (int)pw->pw_uid;
			else {
				v = strtol(optarg, &end, 10);
				if (*optarg == '\0' || *end != '\0' || v < 0)
					errx(1, "%s: no such user", optarg);
				user_filter = (int)v;
			}
			break;
		case 'r':
			opt_r = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || opt_r <= 0)
				errx(1, "invalid interval: %s", optarg);
			break;
		case 'J':
			opt_json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Nothing chosen: all the lists. */
	if (lists == 0 && infos == 0)
		lists = SHOW_MSQ | SHOW_SHM | SHOW_SEM | SHOW_MQ;
	show = lists | infos;
	if (opt_r == 0)
		return (once());
	live_start();
	do {
		live_clear();
		rc = once();
	} while (live_wait(opt_r));
	return (rc);
}
