/*
 * ps(1): process status, from sysctl kern.proc.all, or kern.proc.uid.<uid>
 * for -U with one user (struct kinfo_proc, sys/user.h), and
 * kern.proc.args.<pid>.
 *
 * BSD semantics: without flags, the caller's own processes that have a
 * controlling terminal; -a adds other users' processes, -x those
 * without a terminal, -A (or -ax) everything.  -p pid[,pid] and
 * -U user[,user] select explicitly.  Output formats: the default
 * (PID TT STAT TIME COMMAND), -u (user oriented), -l (long), -j (jobs)
 * and -o keyword[,keyword...] for the columns named; -c shows the
 * command name instead of the argument strings, -w widens.  --libxo
 * is not here; -J prints the records as JSON.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/user.h>
#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define	SIDL	1
#define	SACTIVE	2
#define	SSTOP	3
#define	SZOMB	4
#define	P_CONTROLT	0x00000002
#define	P_SYSTEM	0x00000200
#define	P_WEXIT		0x00002000

struct kw {
	const char	*name;
	const char	*header;
	int		width;		/* negative: left aligned */
};

static const struct kw kwtab[] = {
	{ "pid",	"PID",		5 },
	{ "ppid",	"PPID",		5 },
	{ "pgid",	"PGID",		5 },
	{ "sid",	"SID",		5 },
	{ "tpgid",	"TPGID",	5 },
	{ "uid",	"UID",		5 },
	{ "ruid",	"RUID",		5 },
	{ "gid",	"GID",		5 },
	{ "user",	"USER",		-8 },
	{ "ruser",	"RUSER",	-8 },
	{ "stat",	"STAT",		-4 },
	{ "state",	"STAT",		-4 },
	{ "tt",		"TT",		-3 },
	{ "tty",	"TTY",		-8 },
	{ "time",	"TIME",		8 },
	{ "cputime",	"TIME",		8 },
	{ "nice",	"NI",		3 },
	{ "ni",		"NI",		3 },
	{ "cpu",	"C",		2 },
	{ "vsz",	"VSZ",		7 },
	{ "nfiles",	"NFILES",	6 },
	{ "wchan",	"WCHAN",	-8 },
	{ "start",	"STARTED",	8 },
	{ "etime",	"ELAPSED",	11 },
	{ "comm",	"COMMAND",	-16 },
	{ "ucomm",	"UCOMM",	-16 },
	{ "command",	"COMMAND",	0 },
	{ "args",	"COMMAND",	0 },
};
#define	NKW	(sizeof(kwtab) / sizeof(kwtab[0]))

static const struct kw *cols[64];
static int ncols;
static int cflag, wflag;
static uint64_t now_us;

static void
usage(void)
{
	fprintf(stderr, "usage: ps [-AacjJluwx] [-o fmt] [-p pid[,pid...]] "
	    "[-U user[,user...]]\n");
	exit(1);
}

static void
addfmt(const char *fmt)
{
	char *s = strdup(fmt), *tok, *hdr;
	size_t i;

	if (s == NULL)
		err(1, NULL);
	for (tok = strtok(s, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
		/* keyword=HEADER renames the column. */
		if ((hdr = strchr(tok, '=')) != NULL)
			*hdr++ = '\0';
		for (i = 0; i < NKW; i++)
			if (strcmp(kwtab[i].name, tok) == 0)
				break;
		if (i == NKW)
			errx(1, "%s: keyword not found", tok);
		if (ncols == (int)(sizeof(cols) / sizeof(cols[0])))
			errx(1, "too many columns");
		if (hdr != NULL) {
			struct kw *k = malloc(sizeof(*k));

			if (k == NULL)
				err(1, NULL);
			*k = kwtab[i];
			k->header = strdup(hdr);
			cols[ncols++] = k;
		} else
			cols[ncols++] = &kwtab[i];
	}
}

static const char *
username(uint32_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		return (pw->pw_name);
	snprintf(buf, len, "%u", uid);
	return (buf);
}

static void
fmt_stat(const struct kinfo_proc *kp, char *buf)
{
	char *p = buf;

	switch (kp->kp_stat) {
	case SIDL:	*p++ = 'I'; break;
	case SSTOP:	*p++ = 'T'; break;
	case SZOMB:	*p++ = 'Z'; break;
	default:
		if (kp->kp_tdflags & KI_TD_RUNNING)
			*p++ = 'R';
		else if (kp->kp_tdflags & KI_TD_SLEEPING)
			*p++ = 'S';
		else
			*p++ = 'R';
	}
	if (kp->kp_nice < 0)
		*p++ = '<';
	else if (kp->kp_nice > 0)
		*p++ = 'N';
	if (kp->kp_flags & P_WEXIT)
		*p++ = 'E';
	if (kp->kp_sid == kp->kp_pid)
		*p++ = 's';
	if (kp->kp_tpgid != -1 && kp->kp_tpgid == kp->kp_pgid)
		*p++ = '+';
	*p = '\0';
}

static void
fmt_time(uint64_t us, char *buf, size_t len)
{
	uint64_t s = us / 1000000;

	snprintf(buf, len, "%llu:%02llu.%02llu", (unsigned long long)(s / 60),
	    (unsigned long long)(s % 60),
	    (unsigned long long)(us % 1000000 / 10000));
}

static void
fmt_etime(uint64_t us, char *buf, size_t len)
{
	uint64_t s = us / 1000000, d = s / 86400;

	s %= 86400;
	if (d > 0)
		snprintf(buf, len, "%llu-%02llu:%02llu:%02llu",
		    (unsigned long long)d, (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60),
		    (unsigned long long)(s % 60));
	else if (s >= 3600)
		snprintf(buf, len, "%02llu:%02llu:%02llu",
		    (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60),
		    (unsigned long long)(s % 60));
	else
		snprintf(buf, len, "%02llu:%02llu",
		    (unsigned long long)(s / 60), (unsigned long long)(s % 60));
}

/* The argument strings joined by blanks, or [comm] when there are none. */
static char *
getargs(const struct kinfo_proc *kp)
{
	int mib[4] = { CTL_KERN, 0, KERN_PROC_ARGS, kp->kp_pid };
	size_t miblen = 2, len = 0, i;
	char *buf, *out;

	if (cflag || (kp->kp_tdflags & KI_TD_SYSTEM) || kp->kp_stat == SZOMB)
		goto comm;
	if (sysctlnametomib("kern.proc", mib, &miblen) < 0 ||
	    sysctl(mib, 4, NULL, &len, NULL, 0) < 0 || len == 0)
		goto comm;
	if ((buf = malloc(len + 1)) == NULL)
		err(1, NULL);
	if (sysctl(mib, 4, buf, &len, NULL, 0) < 0) {
		free(buf);
		goto comm;
	}
	buf[len] = '\0';
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	if (len == 0) {
		free(buf);
		goto comm;
	}
	return (buf);
comm:
	if (asprintf(&out, (kp->kp_tdflags & KI_TD_SYSTEM) && !cflag ?
	    "[%s]" : "%s", kp->kp_comm) < 0)
		err(1, NULL);
	return (out);
}

static void
field(const struct kinfo_proc *kp, const struct kw *k, char *buf,
    size_t len)
{
	const char *n = k->name;
	char tmp[32];

	if (strcmp(n, "pid") == 0)
		snprintf(buf, len, "%d", kp->kp_pid);
	else if (strcmp(n, "ppid") == 0)
		snprintf(buf, len, "%d", kp->kp_ppid);
	else if (strcmp(n, "pgid") == 0)
		snprintf(buf, len, "%d", kp->kp_pgid);
	else if (strcmp(n, "sid") == 0)
		snprintf(buf, len, "%d", kp->kp_sid);
	else if (strcmp(n, "tpgid") == 0)
		snprintf(buf, len, "%d", kp->kp_tpgid);
	else if (strcmp(n, "uid") == 0)
		snprintf(buf, len, "%u", kp->kp_uid);
	else if (strcmp(n, "ruid") == 0)
		snprintf(buf, len, "%u", kp->kp_ruid);
	else if (strcmp(n, "gid") == 0)
		snprintf(buf, len, "%u", kp->kp_gid);
	else if (strcmp(n, "user") == 0)
		snprintf(buf, len, "%s", username(kp->kp_uid, tmp,
		    sizeof(tmp)));
	else if (strcmp(n, "ruser") == 0)
		snprintf(buf, len, "%s", username(kp->kp_ruid, tmp,
		    sizeof(tmp)));
	else if (strcmp(n, "stat") == 0 || strcmp(n, "state") == 0)
		fmt_stat(kp, buf);
	else if (strcmp(n, "tt") == 0) {
		const char *t = kp->kp_tty;

		/* BSD's short form: ttyv0 -> v0, pts/3 -> 3, console -> con. */
		if (*t == '\0')
			t = "-";
		else if (strncmp(t, "tty", 3) == 0 && t[3] != '\0')
			t += 3;
		else if (strncmp(t, "pts/", 4) == 0 && t[4] != '\0')
			t += 4;
		snprintf(buf, len, "%.3s", t);
	} else if (strcmp(n, "tty") == 0)
		snprintf(buf, len, "%s", kp->kp_tty[0] ? kp->kp_tty : "-");
	else if (strcmp(n, "time") == 0 || strcmp(n, "cputime") == 0)
		fmt_time(kp->kp_utime_us + kp->kp_stime_us, buf, len);
	else if (strcmp(n, "nice") == 0 || strcmp(n, "ni") == 0)
		snprintf(buf, len, "%d", kp->kp_nice);
	else if (strcmp(n, "cpu") == 0)
		snprintf(buf, len, "%d", kp->kp_cpu);
	else if (strcmp(n, "vsz") == 0)
		snprintf(buf, len, "%llu",
		    (unsigned long long)(kp->kp_vsize / 1024));
	else if (strcmp(n, "nfiles") == 0)
		snprintf(buf, len, "%llu", (unsigned long long)kp->kp_nfiles);
	else if (strcmp(n, "wchan") == 0)
		snprintf(buf, len, "%s", kp->kp_wmesg[0] ? kp->kp_wmesg : "-");
	else if (strcmp(n, "start") == 0)
		fmt_etime(kp->kp_start_us, buf, len);
	else if (strcmp(n, "etime") == 0)
		fmt_etime(now_us > kp->kp_start_us ? now_us - kp->kp_start_us :
		    0, buf, len);
	else if (strcmp(n, "comm") == 0 || strcmp(n, "ucomm") == 0)
		snprintf(buf, len, "%s", kp->kp_comm);
	else
		buf[0] = '\0';
}

static int
inlist(long v, const long *l, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (l[i] == v)
			return (1);
	return (0);
}

static int
parselist(char *s, long *l, int max, int users)
{
	char *tok, *end;
	int n = 0;

	for (tok = strtok(s, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
		if (n == max)
			errx(1, "too many list items");
		if (users) {
			struct passwd *pw = getpwnam(tok);

			if (pw != NULL) {
				l[n++] = pw->pw_uid;
				continue;
			}
		}
		errno = 0;
		l[n] = strtol(tok, &end, 10);
		if (*tok == '\0' || *end != '\0' || errno != 0 || l[n] < 0)
			errx(1, users ? "%s: no such user" :
			    "%s: illegal process id", tok);
		n++;
	}
	return (n);
}

static void
json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

int
main(int argc, char **argv)
{
	struct kinfo_proc *kp = NULL;
	long pids[64], uids[64];
	int npids = 0, nuids = 0, all = 0, xflag = 0, jflag = 0, Jflag = 0;
	int ch, i, c, first = 1;
	size_t len = 0, n, miblen;
	int mib[6];
	uid_t me = getuid();
	char buf[256];
	struct timespec ts;

	while ((ch = getopt(argc, argv, "AacjJlo:p:uU:wx")) != -1) {
		switch (ch) {
		case 'A': all = xflag = 1; break;
		case 'a': all = 1; break;
		case 'c': cflag = 1; break;
		case 'j': addfmt("user,pid,ppid,pgid,sid,tt,stat,time,command");
			jflag = 1; break;
		case 'J': Jflag = 1; break;
		case 'l': addfmt("uid,pid,ppid,cpu,nice,vsz,wchan,stat,tt,time,"
			    "command"); jflag = 1; break;
		case 'o': addfmt(optarg); jflag = 1; break;
		case 'p': npids += parselist(optarg, pids + npids,
			    64 - npids, 0); break;
		case 'u': addfmt("user,pid,vsz,nfiles,tt,stat,start,time,"
			    "command"); jflag = 1; break;
		case 'U': nuids += parselist(optarg, uids + nuids,
			    64 - nuids, 1); break;
		case 'w': wflag++; break;
		case 'x': xflag = 1; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (!jflag)
		addfmt("pid,tt,stat,time,command");

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_us = (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;

	/*
	 * -U with one user and no -p: let the kernel select
	 * (kern.proc.uid.<uid>); otherwise every process, filtered here.
	 */
	miblen = 4;
	if (sysctlnametomib("kern.proc", mib, &miblen) < 0)
		err(1, "sysctl kern.proc");
	if (nuids == 1 && npids == 0) {
		mib[miblen++] = KERN_PROC_UID;
		mib[miblen++] = (int)uids[0];
	} else
		mib[miblen++] = KERN_PROC_ALL;
	for (i = 0; i < 5; i++) {
		if (sysctl(mib, miblen, NULL, &len, NULL, 0) < 0)
			err(1, "sysctl kern.proc");
		len += len / 4 + 4 * sizeof(*kp);
		if ((kp = realloc(kp, len)) == NULL)
			err(1, NULL);
		if (sysctl(mib, miblen, kp, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM)
			err(1, "sysctl kern.proc");
	}
	if (i == 5)
		errx(1, "the process table keeps growing");
	if (len > 0 && (kp[0].kp_len != sizeof(*kp) ||
	    kp[0].kp_version != KI_VERSION))
		errx(1, "kern.proc.all: record version %u size %u, expected "
		    "%u size %zu", kp[0].kp_version, kp[0].kp_len, KI_VERSION,
		    sizeof(*kp));
	n = len / sizeof(*kp);

	/* As FreeBSD's: when every header is empty (-o pid=), no header. */
	for (c = 0; c < ncols; c++)
		if (cols[c]->header[0] != '\0')
			break;
	if (Jflag)
		printf("{\"process\":[");
	else if (c < ncols) {
		for (c = 0; c < ncols; c++) {
			int w = cols[c]->width;

			if (c + 1 == ncols && w <= 0)
				printf("%s", cols[c]->header);
			else
				printf("%*s%s", w, cols[c]->header,
				    c + 1 < ncols ? " " : "");
		}
		putchar('\n');
	}
	for (i = 0; i < (int)n; i++) {
		const struct kinfo_proc *p = &kp[i];

		if (npids > 0 || nuids > 0) {
			if (!inlist(p->kp_pid, pids, npids) &&
			    !inlist(p->kp_uid, uids, nuids))
				continue;
		} else {
			if (!all && p->kp_uid != me)
				continue;
			if (!xflag && (p->kp_tty[0] == '\0' ||
			    (p->kp_tdflags & KI_TD_SYSTEM)))
				continue;
		}
		if (Jflag) {
			printf("%s{", first ? "" : ",");
			first = 0;
			for (c = 0; c < ncols; c++) {
				printf("%s\"%s\":", c ? "," : "",
				    cols[c]->name);
				if (cols[c]->width == 0) {
					char *a = getargs(p);

					json_str(a);
					free(a);
				} else {
					field(p, cols[c], buf, sizeof(buf));
					json_str(buf);
				}
			}
			printf("}");
			continue;
		}
		for (c = 0; c < ncols; c++) {
			const struct kw *k = cols[c];

			if (k->width == 0) {
				char *a = getargs(p);
				int room = wflag ? (wflag > 1 ? 1 << 20 :
				    132) : 80;

				/* The last column gets what is left. */
				printf("%.*s", room, a);
				free(a);
			} else {
				/* No blank after the last column. */
				field(p, k, buf, sizeof(buf));
				if (c + 1 == ncols && k->width < 0)
					printf("%s", buf);
				else
					printf("%*s%s", k->width, buf,
					    c + 1 < ncols ? " " : "");
			}
		}
		putchar('\n');
	}
	if (Jflag)
		printf("]}\n");
	free(kp);
	return (0);
}
