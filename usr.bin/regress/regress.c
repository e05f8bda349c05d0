/*
 * regress(1): the in-guest test runner.
 *
 *	regress [-v] [-t seconds] [path ...]
 *
 * Runs every test under /usr/regress, or under the given paths (relative
 * to /usr/regress, e.g. `regress sys/kern/pipe'), in sorted order.  A
 * test is any executable regular file; it runs in its own directory and
 * process group with a time limit (-t, default 60 s; SIGKILL to the group
 * when it expires).  Every TAP line it prints is shown; `ok' lines count
 * as passed (`# SKIP' as skipped) and `not ok' as failed, and a test that
 * dies, times out or exits non-zero without a `not ok' line counts one
 * failure more.  At the end exactly one line
 *
 *	N passed, N failed[, N skipped]
 *
 * then the kernel's leak counters (sysctl) before and after the run.  The
 * exit status is 0 only if nothing failed and nothing leaked.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REGRESSDIR	"/usr/regress"

static int	npassed, nfailed, nskipped;
static int	timeout_sec = 60;
static int	verbose;
static volatile sig_atomic_t alarmed;

struct strvec {
	char	**v;
	size_t	n, cap;
};

static void
sv_add(struct strvec *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 64;
		if ((sv->v = realloc(sv->v, sv->cap * sizeof(char *))) == NULL) {
			perror("regress");
			exit(2);
		}
	}
	sv->v[sv->n++] = s;
}

static int
cmpstr(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Collect the tests under path (a file or a directory tree). */
static void
collect(const char *path, struct strvec *out)
{
	struct strvec names = { 0 };
	struct dirent *d;
	struct stat st;
	char *sub;
	size_t i;
	DIR *dp;

	if (stat(path, &st) < 0) {
		printf("not ok - %s: %s\n", path, strerror(errno));
		nfailed++;
		return;
	}
	if (S_ISREG(st.st_mode)) {
		if (st.st_mode & S_IXUSR)
			sv_add(out, strdup(path));
		return;
	}
	if (!S_ISDIR(st.st_mode) || (dp = opendir(path)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		sv_add(&names, strdup(d->d_name));
	}
	closedir(dp);
	qsort(names.v, names.n, sizeof(char *), cmpstr);
	for (i = 0; i < names.n; i++) {
		if (asprintf(&sub, "%s/%s", path, names.v[i]) < 0)
			exit(2);
		collect(sub, out);
		free(sub);
		free(names.v[i]);
	}
	free(names.v);
}

static void
onalarm(int sig)
{
	alarmed = 1;
}

/* Count one line of a test's output. */
static int
tap_line(const char *line)
{
	if (strncmp(line, "not ok", 6) == 0) {
		nfailed++;
		return (1);
	}
	if (strncmp(line, "ok", 2) == 0 && (line[2] == ' ' || line[2] == '\0')) {
		if (strstr(line, "# SKIP") != NULL || strstr(line, "# skip") !=
		    NULL)
			nskipped++;
		else
			npassed++;
	}
	return (0);
}

/* Run one test; print its output; count its results. */
static void
run_test(const char *path)
{
	const char *rel, *slash;
	char dir[PATH_MAX], buf[4096], line[4096];
	struct sigaction sa;
	size_t ll = 0;
	ssize_t n;
	pid_t pid;
	int pfd[2], st, fails = 0, i, lines = 0;
	time_t t0;

	rel = strncmp(path, REGRESSDIR "/", sizeof(REGRESSDIR)) == 0 ?
	    path + sizeof(REGRESSDIR) : path;
	printf("=== %s\n", rel);
	fflush(stdout);
	slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash != NULL ?
	    (int)(slash - path) : 1, slash != NULL ? path : ".");
	if (pipe(pfd) < 0) {
		printf("not ok - %s: pipe: %s\n", rel, strerror(errno));
		nfailed++;
		return;
	}
	t0 = time(NULL);
	pid = fork();
	if (pid < 0) {
		printf("not ok - %s: fork: %s\n", rel, strerror(errno));
		nfailed++;
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(pfd[0]);
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		if (pfd[1] > STDERR_FILENO)
			close(pfd[1]);
		i = open("/dev/null", O_RDONLY);
		if (i >= 0 && i != STDIN_FILENO) {
			dup2(i, STDIN_FILENO);
			close(i);
		}
		if (chdir(dir) < 0)
			_exit(126);
		signal(SIGALRM, SIG_DFL);
		execl(path, path, (char *)NULL);
		printf("not ok - exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(pfd[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onalarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: read returns */
	alarmed = 0;
	alarm(timeout_sec);
	for (;;) {
		n = read(pfd[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR && !alarmed)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n' && ll < sizeof(line) - 1) {
				line[ll++] = buf[i];
				continue;
			}
			if (buf[i] != '\n')
				continue;
			line[ll] = '\0';
			printf("%s\n", line);
			fails += tap_line(line);
			lines++;
			ll = 0;
		}
		fflush(stdout);
	}
	if (alarmed) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	alarm(0);
	if (ll > 0) {
		line[ll] = '\0';
		printf("%s\n", line);
		fails += tap_line(line);
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	/* Anything left in the group goes too. */
	kill(-pid, SIGKILL);
	if (alarmed) {
		printf("not ok - %s: timed out after %d s\n", rel, timeout_sec);
		nfailed++;
	} else if (WIFSIGNALED(st)) {
		printf("not ok - %s: killed by signal %d\n", rel, WTERMSIG(st));
		nfailed++;
	} else if (WEXITSTATUS(st) != 0 && fails == 0) {
		printf("not ok - %s: exit status %d\n", rel, WEXITSTATUS(st));
		nfailed++;
	} else if (WEXITSTATUS(st) == 0 && lines == 0) {
		/* A test with no TAP output passes as one test. */
		npassed++;
	}
	if (verbose)
		printf("# %s: %ld s\n", rel, (long)(time(NULL) - t0));
	fflush(stdout);
}

/* ---- leak counters ---------------------------------------------------- */

struct counter {
	const char	*label;
	const char	*sysctl;
	int		offset;		/* -1: an integer; else a byte offset
					   of an int64 in an opaque record */
	int		lowerisleak;	/* free pages: fewer after is a leak */
	long long	slack;		/* difference tolerated */
	int		have;
	long long	before, after;
};

static struct counter counters[] = {
	/*
	 * struct mbstat (sys/sys/mbuf.h): m_mbufs at 8, m_clusters at 16,
	 * m_jclusters (page-sized jumbo clusters: every sosend chain and
	 * sendfile's) at 24.  The first three entries must stay these.
	 */
	{ "mbufs", "kern.ipc.mbstat", 8, 0, 0 },
	{ "mbuf clusters", "kern.ipc.mbstat", 16, 0, 0 },
	{ "mbuf jumbo clusters", "kern.ipc.mbstat", 24, 0, 0 },
	{ "sockets", "kern.ipc.numopensockets", -1, 0, 0 },
	{ "pipes", "kern.ipc.pipes", -1, 0, 0 },
	{ "SysV message queues", "kern.ipc.msqids_inuse", -1, 0, 0 },
	{ "SysV semaphore sets", "kern.ipc.semids_inuse", -1, 0, 0 },
	{ "SysV shared memory", "kern.ipc.shmids_inuse", -1, 0, 0 },
	{ "POSIX message queues", "kern.mqueue.curmq", -1, 0, 0 },
	{ "processes", "kern.nprocs", -1, 0, 0 },
	{ "open files", "kern.openfiles", -1, 0, 0 },
	{ "free pages", "vm.stats.vm.v_free_count", -1, 1, 256 },
};
#define NCOUNTERS	(sizeof(counters) / sizeof(counters[0]))

static int
read_counter(const struct counter *c, long long *vp)
{
	unsigned char buf[1024];
	size_t len = sizeof(buf);
	int64_t v64;
	int32_t v32;

	if (sysctlbyname(c->sysctl, buf, &len, NULL, 0) < 0)
		return (-1);
	if (c->offset >= 0) {
		if (len < (size_t)c->offset + 8)
			return (-1);
		memcpy(&v64, buf + c->offset, 8);
		*vp = v64;
	} else if (len == 4) {
		memcpy(&v32, buf, 4);
		*vp = v32;
	} else if (len == 8) {
		memcpy(&v64, buf, 8);
		*vp = v64;
	} else
		return (-1);
	/*
	 * Pages parked in the kernel's per-CPU pipe caches are not lost:
	 * count them as free (kern.ipc.pipekva covers exactly the pipe
	 * buffers mapped, cached ones included, and no pipe is in use by
	 * the time the counters are read).
	 */
	if (strcmp(c->sysctl, "vm.stats.vm.v_free_count") == 0) {
		long kva;
		uint64_t zfree;

		len = sizeof(kva);
		if (sysctlbyname("kern.ipc.pipekva", &kva, &len, NULL, 0) == 0 &&
		    len == sizeof(kva))
			*vp += kva / getpagesize();
		/*
		 * Likewise the bytes free on kmalloc's zone lists: zone
		 * pages are kept for reuse, so without this the count
		 * records the zones' high-water mark, not memory lost.
		 */
		len = sizeof(zfree);
		if (sysctlbyname("vm.kmem_zone_free", &zfree, &len, NULL,
		    0) == 0 && len == sizeof(zfree))
			*vp += (long long)(zfree / (uint64_t)getpagesize());
	}
	return (0);
}

/*
 * kern.malloc_stats records (sys/kern/kern_malloc.c): a 32-byte name,
 * then int64 memuse and inuse.  When pages go missing, the types that
 * grew across the run say where to look.
 */
#define KMS_SIZE	72
#define KMS_NAME	32
#define KMS_MEMUSE	32
#define KMS_INUSE	40

static unsigned char *kms_before;
static size_t kms_before_len;

static unsigned char *
kms_read(size_t *lenp)
{
	unsigned char *buf;
	size_t len = 0;

	if (sysctlbyname("kern.malloc_stats", NULL, &len, NULL, 0) < 0)
		return (NULL);
	len += 16 * KMS_SIZE;
	if ((buf = malloc(len)) == NULL)
		return (NULL);
	if (sysctlbyname("kern.malloc_stats", buf, &len, NULL, 0) < 0) {
		free(buf);
		return (NULL);
	}
	*lenp = len;
	return (buf);
}

static void
kms_report(void)
{
	unsigned char *after, *a, *b;
	size_t alen, i, j;
	int64_t m0, m1, n0, n1;

	if (kms_before == NULL || (after = kms_read(&alen)) == NULL)
		return;
	printf("kmalloc types that grew:\n");
	for (i = 0; i + KMS_SIZE <= alen; i += KMS_SIZE) {
		a = after + i;
		m0 = n0 = 0;
		for (j = 0; j + KMS_SIZE <= kms_before_len; j += KMS_SIZE) {
			b = kms_before + j;
			if (strncmp((char *)a, (char *)b, KMS_NAME) == 0) {
				memcpy(&m0, b + KMS_MEMUSE, 8);
				memcpy(&n0, b + KMS_INUSE, 8);
				break;
			}
		}
		memcpy(&m1, a + KMS_MEMUSE, 8);
		memcpy(&n1, a + KMS_INUSE, 8);
		if (m1 > m0)
			printf("  %-22.32s %+lld bytes, %+lld objects\n",
			    (char *)a, (long long)(m1 - m0),
			    (long long)(n1 - n0));
	}
	free(after);
}

/*
 * Bytes the mbuf allocator's types grew by since counters_before.  With
 * no mbuf or cluster outstanding (their own counters check that), that
 * memory is free objects kept in the per-CPU object caches for reuse,
 * not memory lost: the free-pages check counts it as free, as it does
 * kmalloc's zone lists.
 */
static long long
mbuf_cache_growth(void)
{
	static const char *const types[] = { "mbuf", "mbufcl", "mclmeta" };
	unsigned char *after, *a, *b;
	size_t alen, i, j, t;
	int64_t m0, m1;
	long long sum = 0;

	if (kms_before == NULL || (after = kms_read(&alen)) == NULL)
		return (0);
	for (i = 0; i + KMS_SIZE <= alen; i += KMS_SIZE) {
		a = after + i;
		for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
			if (strncmp((char *)a, types[t], KMS_NAME) == 0)
				break;
		if (t == sizeof(types) / sizeof(types[0]))
			continue;
		m0 = 0;
		for (j = 0; j + KMS_SIZE <= kms_before_len; j += KMS_SIZE) {
			b = kms_before + j;
			if (strncmp((char *)a, (char *)b, KMS_NAME) == 0) {
				memcpy(&m0, b + KMS_MEMUSE, 8);
				break;
			}
		}
		memcpy(&m1, a + KMS_MEMUSE, 8);
		if (m1 > m0)
			sum += m1 - m0;
	}
	free(after);
	return (sum);
}

static void
counters_before(void)
{
	size_t i;

	kms_before = kms_read(&kms_before_len);

	for (i = 0; i < NCOUNTERS; i++)
		counters[i].have = read_counter(&counters[i],
		    &counters[i].before) == 0;
}

/* Print the counters; returns the number of leaks. */
static int
counters_after(void)
{
	struct counter *c;
	long long cached, d;
	int leaks = 0, pageleak = 0;
	size_t i;

	/* Give exiting processes and closing sockets a moment to go. */
	sleep(1);
	printf("leak counters (before -> after):\n");
	for (i = 0; i < NCOUNTERS; i++) {
		c = &counters[i];
		if (!c->have || read_counter(c, &c->after) < 0) {
			printf("  %-22s not exported by the kernel (%s); "
			    "skipped\n", c->label, c->sysctl);
			continue;
		}
		if (strcmp(c->sysctl, "vm.stats.vm.v_free_count") == 0 &&
		    counters[0].have && counters[1].have &&
		    counters[2].have &&
		    counters[0].after == counters[0].before &&
		    counters[1].after == counters[1].before &&
		    counters[2].after == counters[2].before) {
			cached = mbuf_cache_growth() / getpagesize();
			c->after += cached;
		} else
			cached = 0;
		d = c->lowerisleak ? c->before - c->after :
		    c->after - c->before;
		printf("  %-22s %lld -> %lld%s", c->label, c->before,
		    c->after, d > c->slack ? "  LEAK" : "");
		if (cached > 0)
			printf(" (%lld in mbuf caches)", cached);
		printf("\n");
		if (d > c->slack) {
			leaks++;
			if (c->lowerisleak)
				pageleak = 1;
		}
	}
	if (pageleak || verbose)
		kms_report();
	return (leaks);
}

static void
usage(void)
{
	fprintf(stderr, "usage: regress [-v] [-t seconds] [path ...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct strvec tests = { 0 };
	char *path;
	size_t i;
	int ch, leaks;

	while ((ch = getopt(argc, argv, "t:v")) != -1) {
		switch (ch) {
		case 't':
			timeout_sec = atoi(optarg);
			if (timeout_sec <= 0)
				usage();
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	counters_before();
	if (argc == 0)
		collect(REGRESSDIR, &tests);
	for (; *argv != NULL; argv++) {
		if ((*argv)[0] == '/')
			path = strdup(*argv);
		else if (asprintf(&path, "%s/%s", REGRESSDIR, *argv) < 0)
			exit(2);
		collect(path, &tests);
		free(path);
	}
	for (i = 0; i < tests.n; i++)
		run_test(tests.v[i]);
	if (nskipped > 0)
		printf("%d passed, %d failed, %d skipped\n", npassed, nfailed,
		    nskipped);
	else
		printf("%d passed, %d failed\n", npassed, nfailed);
	leaks = counters_after();
	fflush(stdout);
	return (nfailed == 0 && leaks == 0 ? 0 : 1);
}
