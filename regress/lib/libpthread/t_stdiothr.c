/*
 * libc's locks under threads: four threads write numbered lines to one
 * FILE through a small buffer (every line must come back whole, each
 * thread's in order, none lost); threads set and read the environment
 * at once; and fork while other threads hold a stream's lock must give
 * a child that can still use that stream.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define NTHR	4
#define NLINES	3000
#define PAYLOAD	"abcdefghijklmnopqrstuvwxyz0123456789"

static FILE *shared;

static void *
liner(void *arg)
{
	char line[64];
	int id = (int)(intptr_t)arg, i, n;

	for (i = 0; i < NLINES; i++) {
		/* One call per line, by three routes: each call is atomic. */
		switch (i % 3) {
		case 0:
			fprintf(shared, "t%d %05d " PAYLOAD "\n", id, i);
			break;
		case 1:
			snprintf(line, sizeof(line), "t%d %05d " PAYLOAD "\n",
			    id, i);
			fputs(line, shared);
			break;
		default:
			n = snprintf(line, sizeof(line), "t%d %05d " PAYLOAD
			    "\n", id, i);
			fwrite(line, 1, (size_t)n, shared);
			break;
		}
	}
	return (NULL);
}

static void
test_lines(void)
{
	char path[] = "/tmp/t_stdiothr.XXXXXX", line[256], want[256];
	int next[NTHR] = { 0 }, bad = 0, total = 0, id, n, fd, i;
	pthread_t t[NTHR];
	FILE *in;

	fd = mkstemp(path);
	shared = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!ok(shared != NULL, "a temporary file"))
		return;
	setvbuf(shared, NULL, _IOFBF, 512);
	for (i = 0; i < NTHR; i++)
		pthread_create(&t[i], NULL, liner, (void *)(intptr_t)i);
	for (i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	is_int(fclose(shared), 0, "fclose after the writers");
	in = fopen(path, "r");
	if (!ok(in != NULL, "reopen"))
		return;
	while (fgets(line, sizeof(line), in) != NULL) {
		total++;
		if (sscanf(line, "t%d %d ", &id, &n) != 2 || id < 0 ||
		    id >= NTHR) {
			bad++;
			continue;
		}
		snprintf(want, sizeof(want), "t%d %05d " PAYLOAD "\n", id,
		    next[id]);
		if (strcmp(line, want) != 0)
			bad++;
		next[id] = n + 1;
	}
	fclose(in);
	unlink(path);
	is_int(total, NTHR * NLINES, "every line is there (12000)");
	is_int(bad, 0, "every line whole, each thread's in order");
	for (i = 0, n = 0; i < NTHR; i++)
		n += next[i] == NLINES;
	is_int(n, NTHR, "each thread's last line is its 3000th");
}

/* ---- the environment ---------------------------------------------- */

static int env_bad;

/*
 * Each setter owns one variable and must always read back what it last
 * set, while the other adds and removes names (so newlib reallocates
 * environ under it).  getenv's result may change under a reader if
 * another thread sets the same name (setenv can rewrite in place):
 * POSIX does not make that safe, so no thread reads another's name.
 */
static void *
env_setter(void *arg)
{
	char name[16], own[16], val[32];
	const char *v;
	int id = (int)(intptr_t)arg, i;

	snprintf(own, sizeof(own), "TS_OWN%d", id);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "TS%d_%d", id, i % 40);
		snprintf(val, sizeof(val), "v%d", i);
		setenv(name, val, 1);
		if (i % 3 == 0)
			unsetenv(name);
		setenv(own, val, 1);
		v = getenv(own);
		if (v == NULL || strcmp(v, val) != 0)
			__atomic_fetch_add(&env_bad, 1, __ATOMIC_RELAXED);
	}
	return (NULL);
}

static void
test_env(void)
{
	pthread_t s[2];
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&s[i], NULL, env_setter, (void *)(intptr_t)i);
	for (i = 0; i < 2; i++)
		pthread_join(s[i], NULL);
	is_int(env_bad, 0, "each of two threads reads back its own variable "
	    "3000 times while both add and remove others");
	is_str(getenv("TS_OWN1"), "v2999", "the last value set stays");
}

/* ---- fork while a stream's lock is held ------------------------- */

static FILE *busy;
static int busy_stop;

static void *
busy_writer(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&busy_stop, __ATOMIC_RELAXED))
		fprintf(busy, "%s %s %s\n", PAYLOAD, PAYLOAD, PAYLOAD);
	return (NULL);
}

static void
test_fork(void)
{
	pthread_t t[2];
	pid_t pid;
	int i, j, st, bad = 0;

	busy = fopen("/dev/null", "w");
	if (!ok(busy != NULL, "open /dev/null"))
		return;
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, busy_writer, NULL);
	for (j = 0; j < 20; j++) {
		if ((pid = fork()) == 0) {
			/* The writers held busy's lock at the fork, likely. */
			fprintf(busy, "child\n");
			fflush(busy);
			printf("%s", "");
			_exit(0);
		}
		for (i = 0; i < 500; i++) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			usleep(10000);
		}
		if (i == 500) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			bad++;
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	__atomic_store_n(&busy_stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	fclose(busy);
	is_int(bad, 0, "20 forks while two threads print to one stream: "
	    "each child uses it and exits 0 within 5 s");
}

int
main(void)
{
	test_lines();
	test_env();
	test_fork();
	return (done());
}
