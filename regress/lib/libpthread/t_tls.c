/*
 * Thread-local storage (__thread, _Thread_local): the main thread's copy
 * is ready before main, initialised and zeroed parts hold what the
 * program says, an over-aligned variable keeps its alignment, every
 * thread gets a fresh copy of its own that no other thread's writes
 * reach, a forked child gets its parent's values, and h_errno is per
 * thread.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <netdb.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define	NTHR	4

static __thread int tdata = 42;
static __thread char tbss[1000];	/* more than libc's static area */
static _Thread_local _Alignas(64) long aligned = 7;
static __thread const char *tstr = "petrel";

static volatile int wrote;

struct res {
	int	fresh;		/* saw 42, zeroes, 7, "petrel" on entry */
	int	aligned_ok;
	int	kept;		/* its own values after the others wrote */
	int	herr_start;	/* h_errno on entry */
	int	herr_after;	/* after its own failed lookup */
	void	*addr;		/* &tdata */
};
static struct res res[NTHR];

static int
all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return (0);
	return (1);
}

static void *
worker(void *arg)
{
	int id = (int)(intptr_t)arg, i;
	struct res *r = &res[id];

	r->fresh = tdata == 42 && all_zero(tbss, sizeof(tbss)) &&
	    aligned == 7 && strcmp(tstr, "petrel") == 0;
	r->aligned_ok = ((uintptr_t)&aligned & 63) == 0;
	r->addr = &tdata;
	r->herr_start = h_errno;
	tdata = 100 + id;
	memset(tbss, 'a' + id, sizeof(tbss));
	aligned = -id;
	/* Wait until every thread has written its own copy. */
	__atomic_fetch_add(&wrote, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&wrote, __ATOMIC_SEQ_CST) < NTHR)
		sched_yield();
	r->kept = tdata == 100 + id && aligned == -id;
	for (i = 0; i < (int)sizeof(tbss); i++)
		if (tbss[i] != 'a' + id)
			r->kept = 0;
	(void)gethostbyname("");
	r->herr_after = h_errno;
	return (NULL);
}

int
main(void)
{
	pthread_t t[NTHR];
	int i, n, st;
	pid_t pid;

	/* Before any libpthread call: libc's start-up laid this out. */
	is_int(tdata, 42, "main: the initialised variable holds 42");
	ok(all_zero(tbss, sizeof(tbss)), "main: the zeroed array is zero");
	is_int((int)aligned, 7, "main: the 64-byte-aligned variable holds 7");
	is_int((int)((uintptr_t)&aligned & 63), 0, "main: ... and is aligned");
	ok(strcmp(tstr, "petrel") == 0, "main: a pointer initialiser holds");

	tdata = 1;
	tbss[999] = 9;
	aligned = 11;
	(void)gethostbyname2("x", AF_INET6);
	is_int(h_errno, NETDB_INTERNAL, "main: h_errno NETDB_INTERNAL after "
	    "an AF_INET6 lookup");

	for (i = 0; i < NTHR; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	for (i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	for (n = i = 0; i < NTHR; i++)
		n += res[i].fresh;
	is_int(n, NTHR, "every thread started with the initial values");
	for (n = i = 0; i < NTHR; i++)
		n += res[i].aligned_ok;
	is_int(n, NTHR, "every thread's aligned copy is 64-byte aligned");
	for (n = i = 0; i < NTHR; i++)
		n += res[i].kept;
	is_int(n, NTHR, "no thread's writes reached another's copy");
	for (n = 0, i = 1; i < NTHR; i++)
		n += res[i].addr != res[0].addr && res[i].addr != &tdata;
	is_int(n, NTHR - 1, "each thread's copy is at its own address");
	is_int(tdata, 1, "main's copy kept 1");
	ok(tbss[999] == 9 && all_zero(tbss, 999), "main's array kept its "
	    "bytes");
	is_int((int)aligned, 11, "main's aligned copy kept 11");
	for (n = i = 0; i < NTHR; i++)
		n += res[i].herr_start == 0 && res[i].herr_after ==
		    HOST_NOT_FOUND;
	is_int(n, NTHR, "each thread's h_errno started at 0 and took its "
	    "own HOST_NOT_FOUND");
	is_int(h_errno, NETDB_INTERNAL, "main's h_errno is still "
	    "NETDB_INTERNAL");

	/* A child's copy is the parent's, and its writes stay its own. */
	pid = fork();
	if (pid == 0)
		_exit(tdata == 1 && tbss[999] == 9 && aligned == 11 &&
		    (tdata = 5, tdata == 5) ? 0 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "a forked child sees the parent's values");
	is_int(tdata, 1, "the child's write did not reach the parent");
	return (done());
}
