/*
 * fork() from a process whose other threads are busy: one rewrites a
 * counter and sixteen shared-nothing anonymous pages, two churn malloc
 * and mmap/munmap.  Each child checks that its copy of the address
 * space is a snapshot (nothing in it moves after the fork, because the
 * threads that wrote it were not copied) and that malloc still works.
 * The parent forks argv[1] times (40 by default).  This is the load
 * that exercises copy-on-write and TLB shootdown between CPUs while
 * pages are being written.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define NPAGES		16
#define PGSZ		4096

static volatile unsigned long counter;
static unsigned char *pages;
static int stop;

/* Writes the counter and stamps it into every page, without pause. */
static void *
writer(void *arg)
{
	unsigned long c;
	int i;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		c = counter + 1;
		counter = c;
		for (i = 0; i < NPAGES; i++)
			memcpy(pages + i * PGSZ + (c % 64) * 8, &c, sizeof(c));
	}
	return (NULL);
}

/* Malloc/free of up to 200K and mmap/touch/munmap, without pause. */
static void *
churner(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg, i = 0;
	void *p;
	size_t n;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if ((++i & 63) == 0 && sched_yield() != 0)
			abort();
		seed = seed * 1103515245 + 12345;
		n = 16 + (seed >> 8) % 200000;
		if ((p = malloc(n)) != NULL) {
			memset(p, 0x5a, n < 8192 ? n : 8192);
			free(p);
		}
		p = mmap(NULL, 4 * PGSZ, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0);
		if (p != MAP_FAILED) {
			memset(p, 0xa5, 4 * PGSZ);
			munmap(p, 4 * PGSZ);
		}
	}
	return (NULL);
}

/*
 * The child: the counter and the pages must hold still for 20 ms, and
 * malloc must work.  Exit status says which check failed.
 */
static void
child(void)
{
	static unsigned char snap[NPAGES * PGSZ];
	unsigned long c0;
	void *p;

	c0 = counter;
	memcpy(snap, pages, sizeof(snap));
	usleep(20000);
	if (counter != c0)
		_exit(2);
	if (memcmp(snap, pages, sizeof(snap)) != 0)
		_exit(3);
	if ((p = malloc(150000)) == NULL)
		_exit(4);
	memset(p, 1, 150000);
	free(p);
	_exit(0);
}

int
main(int argc, char **argv)
{
	pthread_t tw, tc[2];
	pid_t pid;
	unsigned long before;
	int rounds, i, j, st, bad[5] = { 0 }, hung = 0, forkerr = 0;

	rounds = argc > 1 ? atoi(argv[1]) : 40;
	if (rounds <= 0) {
		fprintf(stderr, "usage: t_forkthr [rounds]\n");
		return (2);
	}
	pages = mmap(NULL, NPAGES * PGSZ, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (!ok(pages != MAP_FAILED, "mmap of the shared pages"))
		return (done());
	memset(pages, 0, NPAGES * PGSZ);
	ok(pthread_create(&tw, NULL, writer, NULL) == 0 &&
	    pthread_create(&tc[0], NULL, churner, (void *)1) == 0 &&
	    pthread_create(&tc[1], NULL, churner, (void *)2) == 0,
	    "a writer and two churners started");

	for (j = 0; j < rounds; j++) {
		if ((pid = fork()) == -1) {
			forkerr++;
			continue;
		}
		if (pid == 0)
			child();
		/* 5 s for a child that needs 20 ms. */
		for (i = 0; i < 500; i++) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			usleep(10000);
		}
		if (i == 500) {
			hung++;
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		} else if (WIFEXITED(st) && WEXITSTATUS(st) < 5)
			bad[WEXITSTATUS(st)]++;
		else
			bad[1]++;
	}
	before = counter;
	usleep(20000);
	ok(counter != before, "the parent's writer still runs after the forks");
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(tw, NULL);
	pthread_join(tc[0], NULL);
	pthread_join(tc[1], NULL);

	is_int(forkerr, 0, "every fork succeeded");
	is_int(hung, 0, "no child hung (5 s each)");
	is_int(bad[2] + bad[3], 0, "every child saw a still snapshot of the "
	    "counter and the pages");
	is_int(bad[1] + bad[4], 0, "no child died or failed to malloc");
	is_int(bad[0], rounds, "every child exited 0");
	return (done());
}
