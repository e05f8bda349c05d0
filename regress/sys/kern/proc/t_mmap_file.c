/*
 * File mappings are live views of the file (tmpfs keeps a file's data in
 * a VM object that MAP_SHARED maps directly): a store through a
 * MAP_SHARED mapping is seen byte for byte by read(2) and by another
 * process's own mapping, and a write(2) by every existing mapping; a
 * MAP_PRIVATE mapping sees write(2) until its page is copied on write,
 * and its stores never reach the file; growth by write(2) appears in a
 * mapping that reached past the old end; ftruncate shrinking the file
 * makes a page past the new end SIGBUS (BUS_OBJERR) even where it was
 * already mapped, in this process and in another, and the tail of the
 * last page reads zero; msync; EACCES for a writable shared mapping of
 * a read-only descriptor (and for mprotect up to it); an unlinked file
 * lives while mapped, and its pages and VM object go with the last
 * munmap.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define PAGE	4096
#define PATH	"/tmp/t_mmap_file.data"

static sigjmp_buf probe_jb;
static volatile int probe_sig, probe_code;
static volatile uintptr_t probe_addr;

static void
h_probe(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	probe_sig = sig;
	probe_code = si->si_code;
	probe_addr = (uintptr_t)si->si_addr;
	siglongjmp(probe_jb, 1);
}

/*
 * Touch *p (a store of c when wr) in this process: 0 when it worked,
 * else the signal, with probe_code and probe_addr set.
 */
static int
probe(volatile char *p, int wr, char c)
{
	struct sigaction sa, obus, osegv;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h_probe;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &obus);
	sigaction(SIGSEGV, &sa, &osegv);
	probe_sig = 0;
	if (sigsetjmp(probe_jb, 1) == 0) {
		if (wr)
			*p = c;
		else
			(void)*p;
	}
	sigaction(SIGBUS, &obus, NULL);
	sigaction(SIGSEGV, &osegv, NULL);
	return (probe_sig);
}

/* A SIGBUS with BUS_OBJERR at exactly p? */
static int
is_bus(volatile char *p, int wr)
{
	return (probe(p, wr, 'z') == SIGBUS && probe_code == BUS_OBJERR &&
	    probe_addr == (uintptr_t)p);
}

static int
wait_exit(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st));
}

/* The byte pattern of page `pg' (distinct per page and per offset). */
static void
pattern(char *buf, int pg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)((i * 7 + (size_t)pg * 31 + 1) & 0xff);
}

static void
rd(int fd, void *buf, size_t n, off_t off)
{
	memset(buf, 0, n);
	if (pread(fd, buf, n, off) != (ssize_t)n)
		memset(buf, 0xee, n);
}

/*
 * The second process: maps the file itself, then obeys the parent one
 * command byte at a time through `cmd', answering through `ans'.
 *   'r' check the bytes the parent wrote with pwrite ("WRITE2" at 200)
 *   'w' store a whole page pattern 9 at page 1 through the mapping
 *   't' touch page 2 (mapped and read before; now past the end)
 *   'q' exit
 */
static void
second(int cmd, int ans)
{
	char c, want[PAGE], r;
	volatile char *m;
	int fd;

	fd = open(PATH, O_RDWR);
	m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	r = (fd >= 0 && m != MAP_FAILED) ? 'y' : 'n';
	if (r == 'y')
		r = m[2 * PAGE] == 'x' ? 'y' : 'n';	/* page 2 mapped */
	write(ans, &r, 1);
	while (read(cmd, &c, 1) == 1) {
		switch (c) {
		case 'r':
			r = memcmp((char *)m + 200, "WRITE2", 6) == 0 ?
			    'y' : 'n';
			break;
		case 'w':
			pattern(want, 9, PAGE);
			memcpy((char *)m + PAGE, want, PAGE);
			r = 'y';
			break;
		case 't':
			r = is_bus(m + 2 * PAGE + 3, 0) ? 'y' : 'n';
			break;
		default:
			_exit(0);
		}
		write(ans, &r, 1);
	}
	_exit(1);
}

static char
ask(int cmd, int ans, char c)
{
	char r = '?';

	write(cmd, &c, 1);
	if (read(ans, &r, 1) != 1)
		return ('?');
	return (r);
}

int
main(void)
{
	char buf[PAGE], want[PAGE];
	int fd, rfd, cmdp[2], ansp[2], i;
	long long free0, free1, freem = -1, objs0, objs1;
	volatile char *sh, *pr, *sh3;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	unlink(PATH);
	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (i = 0; i < 3; i++) {
		pattern(buf, i, PAGE);
		if (i == 2)
			buf[0] = 'x';
		if (fd >= 0 && write(fd, buf, PAGE) != PAGE)
			break;
	}
	if (!ok(fd >= 0 && i == 3, "a 3-page file on tmpfs"))
		return (done());

	/* Writable MAP_SHARED: a store is the file's new contents. */
	errno = 0;
	sh = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(sh != MAP_FAILED, "mmap PROT_READ|PROT_WRITE MAP_SHARED of "
	    "a file")) {
		printf("# errno %d\n", errno);
		return (done());
	}
	pattern(want, 1, PAGE);
	ok(memcmp((char *)sh + PAGE, want, PAGE) == 0, "the mapping shows "
	    "the file's bytes (page 1, all 4096)");
	memcpy((char *)sh + 100, "SHARED", 6);
	rd(fd, buf, 8, 99);
	pattern(want, 0, PAGE);
	ok(buf[0] == want[99] && memcmp(buf + 1, "SHARED", 6) == 0 &&
	    buf[7] == want[106], "a store through MAP_SHARED is read(2) "
	    "at once, exactly those 6 bytes");

	/* The second process, with its own mapping. */
	if (pipe(cmdp) != 0 || pipe(ansp) != 0)
		return (done());
	pid = fork();
	if (pid == 0) {
		close(cmdp[1]);
		close(ansp[0]);
		second(cmdp[0], ansp[1]);
	}
	close(cmdp[0]);
	close(ansp[1]);
	{
		char r = '?';

		read(ansp[0], &r, 1);
		ok(r == 'y', "another process maps the file MAP_SHARED");
	}
	ok(pwrite(fd, "WRITE2", 6, 200) == 6 &&
	    memcmp((char *)sh + 200, "WRITE2", 6) == 0,
	    "write(2) is seen in this process's existing mapping");
	ok(ask(cmdp[1], ansp[0], 'r') == 'y', "and in the other process's");
	ok(ask(cmdp[1], ansp[0], 'w') == 'y', "the other process stores a "
	    "page through its mapping");
	pattern(want, 9, PAGE);
	ok(memcmp((char *)sh + PAGE, want, PAGE) == 0, "this mapping shows "
	    "that whole page, byte for byte");
	rd(fd, buf, PAGE, PAGE);
	ok(memcmp(buf, want, PAGE) == 0, "read(2) shows it, byte for byte");

	/* MAP_PRIVATE: sees write(2) until copied; never reaches the file. */
	pr = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	ok(pr != MAP_FAILED && memcmp((char *)pr + 100, "SHARED", 6) == 0,
	    "MAP_PRIVATE of the same file shows the shared store");
	ok(pwrite(fd, "AFTER1", 6, 300) == 6 &&
	    memcmp((char *)pr + 300, "AFTER1", 6) == 0, "MAP_PRIVATE sees a "
	    "later write(2) while its page is not copied");
	pr[0] = 'P';
	ok(pwrite(fd, "AFTER2", 6, 400) == 6 &&
	    memcmp((char *)pr + 400, "AFTER2", 6) != 0 &&
	    memcmp((char *)pr + 300, "AFTER1", 6) == 0 && pr[0] == 'P',
	    "after its own store the private page is a copy: write(2) no "
	    "longer shows");
	rd(fd, buf, 1, 0);
	pattern(want, 0, 1);
	ok(buf[0] == want[0] && sh[0] == want[0], "a MAP_PRIVATE store never "
	    "reaches the file or a shared mapping");
	ok(pwrite(fd, "AFTER3", 6, PAGE + 300) == 6 &&
	    memcmp((char *)pr + PAGE + 300, "AFTER3", 6) == 0,
	    "the private mapping's other page still follows the file");

	/* msync */
	is_int(msync((void *)sh, PAGE, MS_SYNC), 0, "msync MS_SYNC: 0");
	is_int(msync((void *)sh, 3 * PAGE, MS_ASYNC), 0, "msync MS_ASYNC: 0");
	is_int(msync((void *)sh, PAGE, MS_INVALIDATE), 0,
	    "msync MS_INVALIDATE: 0");
	errno = 0;
	ok(msync((void *)sh, PAGE, 0x100) == -1 && errno == EINVAL,
	    "msync with an unknown flag: EINVAL");
	errno = 0;
	ok(msync((void *)sh, PAGE, MS_ASYNC | MS_SYNC | MS_INVALIDATE) ==
	    -1 && errno == EINVAL, "msync MS_ASYNC|MS_INVALIDATE: EINVAL");

	/* ftruncate shrinks: past the end is SIGBUS where it was mapped. */
	(void)sh[2 * PAGE];		/* mapped here before the shrink */
	(void)pr[2 * PAGE];
	ok(ftruncate(fd, PAGE + 10) == 0, "ftruncate to a page and 10 bytes");
	ok(is_bus(sh + 2 * PAGE + 1, 0), "MAP_SHARED: a read of the page "
	    "past the new end (mapped before): SIGBUS BUS_OBJERR");
	ok(is_bus(sh + 2 * PAGE + 2, 1), "MAP_SHARED: a store there: "
	    "SIGBUS BUS_OBJERR");
	ok(is_bus(pr + 2 * PAGE + 5, 0), "MAP_PRIVATE: an uncopied page past "
	    "the end: SIGBUS BUS_OBJERR");
	ok(ask(cmdp[1], ansp[0], 't') == 'y', "the other process: its "
	    "mapped page past the end: SIGBUS BUS_OBJERR");
	pattern(want, 9, PAGE);
	ok(memcmp((char *)sh + PAGE, want, 10) == 0 && sh[PAGE + 10] == 0 &&
	    sh[2 * PAGE - 1] == 0, "the last page: the file's 10 bytes, "
	    "then zeros");
	ask(cmdp[1], ansp[0], 'q');
	is_int(wait_exit(pid), 0, "the other process exits cleanly");
	close(cmdp[1]);
	close(ansp[0]);

	/* Growth by write(2) shows in a mapping that reached past the end. */
	ok(pwrite(fd, "GROWN", 5, 2 * PAGE + 10) == 5, "write(2) grows the "
	    "file into page 2 again");
	ok(probe(sh + 2 * PAGE + 10, 0, 0) == 0 &&
	    memcmp((char *)sh + 2 * PAGE + 10, "GROWN", 5) == 0 &&
	    sh[2 * PAGE] == 0 && sh[2 * PAGE + 3] == 0 &&
	    sh[PAGE + 10] == 0,
	    "the mapping shows it; the gap reads zero, not the old bytes");
	ok(probe(pr + 2 * PAGE + 10, 0, 0) == 0 &&
	    memcmp((char *)pr + 2 * PAGE + 10, "GROWN", 5) == 0,
	    "so does the MAP_PRIVATE mapping");
	memcpy((char *)sh + 2 * PAGE + 12, "ow", 2);
	rd(fd, buf, 5, 2 * PAGE + 10);
	ok(memcmp(buf, "GRowN", 5) == 0, "a store in the grown part is "
	    "read(2)");
	sh3 = mmap(NULL, 4 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	ok(sh3 != MAP_FAILED && is_bus(sh3 + 3 * PAGE, 0),
	    "a page wholly past the end: SIGBUS");
	if (sh3 != MAP_FAILED)
		munmap((void *)sh3, 4 * PAGE);

	/* A read-only descriptor. */
	rfd = open(PATH, O_RDONLY);
	errno = 0;
	ok(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0) ==
	    MAP_FAILED && errno == EACCES, "O_RDONLY descriptor, PROT_WRITE "
	    "MAP_SHARED: EACCES");
	sh3 = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rfd, 0);
	errno = 0;
	ok(sh3 != MAP_FAILED && mprotect((void *)sh3, PAGE, PROT_READ |
	    PROT_WRITE) == -1 && errno == EACCES, "and mprotect of its "
	    "PROT_READ mapping up to PROT_WRITE: EACCES");
	if (sh3 != MAP_FAILED)
		munmap((void *)sh3, PAGE);
	sh3 = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rfd, 0);
	ok(sh3 != MAP_FAILED, "O_RDONLY, PROT_WRITE MAP_PRIVATE: allowed");
	if (sh3 != MAP_FAILED) {
		sh3[1] = '!';
		rd(fd, buf, 1, 1);
		ok(buf[0] != '!' && sh[1] != '!', "its store stays private");
		munmap((void *)sh3, PAGE);
	}
	close(rfd);
	munmap((void *)pr, 3 * PAGE);
	munmap((void *)sh, 3 * PAGE);
	close(fd);
	unlink(PATH);

	/*
	 * The pages go with the file: 64 pages written, mapped, unlinked
	 * and closed stay readable; the last munmap frees them and the
	 * file's VM object.
	 */
	usleep(100000);
	free0 = sysctl_num("vm.stats.vm.v_free_count");
	objs0 = sysctl_num("vm.stats.vm.objects");
	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (i = 0; i < 64; i++) {
		pattern(buf, i, PAGE);
		if (write(fd, buf, PAGE) != PAGE)
			break;
	}
	sh = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	unlink(PATH);
	ok(i == 64 && sh != MAP_FAILED, "a 64-page file, mapped, closed and "
	    "unlinked");
	if (sh != MAP_FAILED) {
		pattern(want, 63, PAGE);
		/*
		 * Whether they are still in use is seen when the munmap
		 * gives them back: the free count of a live system drifts
		 * (exits of earlier tests free pages late; a slow emulator
		 * saw it rise by more than this file's 64 pages), so it is
		 * not compared with free0 here.
		 */
		ok(memcmp((char *)sh + 63 * PAGE, want, PAGE) == 0,
		    "its pages are still there");
		freem = sysctl_num("vm.stats.vm.v_free_count");
		pid = fork();
		if (pid == 0)
			_exit(memcmp((char *)sh + 63 * PAGE, want, PAGE));
		is_int(wait_exit(pid), 0, "a child sees them too");
		munmap((void *)sh, 64 * PAGE);
	}
	usleep(100000);
	free1 = sysctl_num("vm.stats.vm.v_free_count");
	objs1 = sysctl_num("vm.stats.vm.objects");
	printf("# free pages %lld -> %lld, VM objects %lld -> %lld\n", free0,
	    free1, objs0, objs1);
	ok(free1 >= free0 - 8, "the last munmap gives the pages back");
	if (!ok(freem >= 0 && free1 - freem >= 60,
	    "... at least the file's 64 less slack: they were in use"))
		printf("# free while mapped %lld, after %lld\n", freem, free1);
	is_int(objs1, objs0, "and the file's VM object");
	return (done());
}
