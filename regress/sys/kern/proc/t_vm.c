/*
 * Processes and virtual memory: 1000 fork/exit/wait cycles leave the
 * process, vmspace, VM object, thread and free-page counters where they
 * were; copy-on-write in both directions; MAP_SHARED against MAP_PRIVATE
 * between a parent and a child, anonymous and file-backed (a writable
 * MAP_SHARED file mapping stores into the file); munmap and
 * mprotect raise SIGSEGV (caught by a handler that sees the address);
 * sbrk; execve of a program and of #! scripts with the interpreter's
 * argv checked; a store to a kernel address is a SIGSEGV; nanosleep
 * sleeps its time; setsid/getpgid/getsid and setuid with their EPERMs;
 * a process that allocates until it cannot gets ENOMEM or is killed,
 * and the system keeps forking afterwards with its pages back.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define PAGE	4096

static int global_x = 1;
static char bss_buf[8192];

/* Read an integer sysctl of 4 or 8 bytes; -1 if it does not exist. */
static long long
sysctl_num(const char *name)
{
	uint64_t v8;
	uint32_t v4;
	unsigned char buf[8];
	size_t len = sizeof(buf);

	if (sysctlbyname(name, buf, &len, NULL, 0) != 0)
		return (-1);
	if (len == 4) {
		memcpy(&v4, buf, 4);
		return (v4);
	}
	if (len == 8) {
		memcpy(&v8, buf, 8);
		return ((long long)v8);
	}
	return (-1);
}

static int
wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			return (-1);
	return (st);
}

/* Run fn in a child; its exit status (or 1000 + signal). */
static int
in_child(int (*fn)(void *), void *arg)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0)
		_exit(fn(arg));
	if (pid < 0)
		return (-1);
	st = wait_status(pid);
	if (WIFEXITED(st))
		return (WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return (1000 + WTERMSIG(st));
	return (-2);
}

static volatile void *fault_addr;
static volatile int fault_sig, fault_count;
static void *fix_page;

static void
segv_fix(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = si->si_addr;
	fault_count++;
	/* Make the page writable so the faulting store succeeds on return. */
	mprotect(fix_page, PAGE, PROT_READ | PROT_WRITE);
}

static int
touch_unmapped(void *p)
{
	*(volatile int *)p = 5;
	return (0);
}

static int
touch_kernel(void *arg)
{
	(void)arg;
	*(volatile int *)(uintptr_t)0xffffffff80200000UL = 1;
	return (0);
}

/* In a child: sessions, process groups and credentials; 0 if all hold. */
static int
creds(void *arg)
{
	pid_t me = getpid();
	int bad = 0;

	(void)arg;
	if (setsid() != me)
		bad |= 1;
	if (getpgid(0) != me || getsid(0) != me || getpgrp() != me)
		bad |= 2;
	errno = 0;
	if (setsid() != -1 || errno != EPERM)
		bad |= 4;		/* already a group leader */
	errno = 0;
	if (getpgid(999999) != -1 || errno != ESRCH)
		bad |= 8;
	errno = 0;			/* negative pids once hashed out of range */
	if (getpgid(-2) != -1 || errno != ESRCH || getsid(-2147483647) != -1 ||
	    errno != ESRCH)
		bad |= 8;
	if (setgid(1000) != 0 || setuid(1000) != 0)
		bad |= 16;
	if (getuid() != 1000 || geteuid() != 1000 || getgid() != 1000 ||
	    getegid() != 1000)
		bad |= 32;
	errno = 0;
	if (setuid(0) != -1 || errno != EPERM)
		bad |= 64;
	errno = 0;
	if (kill(1, SIGTERM) != -1 || errno != EPERM)
		bad |= 128;
	return (bad);
}

static int
hog(void *arg)
{
	char *p;
	size_t i, total = 0;

	(void)arg;
	for (;;) {
		p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0);
		if (p == MAP_FAILED)
			return (errno == ENOMEM ? 12 : 13);
		for (i = 0; i < (1 << 20); i += PAGE)
			p[i] = 1;
		total += 1 << 20;
		if (total > ((size_t)64 << 30))
			return (14);	/* more memory than the machine has */
	}
}

static int
sbrk_hog(void *arg)
{
	char *p;

	(void)arg;
	for (;;) {
		p = sbrk(1 << 20);
		if (p == (char *)-1)
			return (errno == ENOMEM ? 12 : 13);
		p[0] = 1;
		p[(1 << 20) - 1] = 1;
	}
}

/* Run path with argv through a pipe; the output and the exit status. */
static int
run_capture(const char *path, char *const argv[], char *out, size_t outlen)
{
	int pfd[2], st;
	pid_t pid;
	ssize_t n;
	size_t total = 0;

	if (pipe(pfd) != 0)
		return (-1);
	if ((pid = fork()) == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execv(path, argv);
		_exit(errno == ENOEXEC ? 126 : 127);
	}
	close(pfd[1]);
	while (total < outlen - 1 &&
	    (n = read(pfd[0], out + total, outlen - 1 - total)) > 0)
		total += n;
	out[total] = '\0';
	close(pfd[0]);
	st = wait_status(pid);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st));
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0) {
		write(fd, text, strlen(text));
		close(fd);
	}
	chmod(path, mode);
}

int
main(int argc, char **argv)
{
	long long procs0, vms0, objs0, thr0, free0, procs1, vms1, objs1, thr1,
	    free1;
	char buf[512], self[1024], script[1100];
	struct sigaction sa;
	pid_t pid;
	int i, st, fd;
	volatile int *sh, *pr;
	char *p, *b;

	/* Re-executed as a #! interpreter or by execve: report argv. */
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		for (i = 0; i < argc; i++)
			printf("%s%s", i ? " " : "", i == 0 ? "ARG0" : argv[i]);
		printf("\n");
		return (42);
	}

	ok(bss_buf[100] == 0 && global_x == 1, "data and bss initialised");

	/* fork/exit/wait x1000 and the counters. */
	for (i = 0; i < 5; i++)		/* warm caches */
		if ((pid = fork()) == 0)
			_exit(0);
		else
			wait_status(pid);
	procs0 = sysctl_num("kern.nprocs");
	vms0 = sysctl_num("vm.stats.vm.vmspaces");
	objs0 = sysctl_num("vm.stats.vm.objects");
	thr0 = sysctl_num("kern.lwkt.nthreads");
	free0 = sysctl_num("vm.stats.vm.v_free_count");
	ok(procs0 > 0 && vms0 > 0 && objs0 > 0 && thr0 > 0 && free0 > 0,
	    "leak counters exist: kern.nprocs vm.stats.vm.{vmspaces,objects,"
	    "v_free_count} kern.lwkt.nthreads");
	for (i = 0; i < 1000; i++) {
		if ((pid = fork()) == 0)
			_exit(i & 0x7f);
		if (pid < 0)
			break;
		st = wait_status(pid);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != (i & 0x7f))
			break;
	}
	is_int(i, 1000, "1000 fork/exit/wait cycles with exact exit status");
	usleep(200000);		/* let exited threads be reaped */
	procs1 = sysctl_num("kern.nprocs");
	vms1 = sysctl_num("vm.stats.vm.vmspaces");
	objs1 = sysctl_num("vm.stats.vm.objects");
	thr1 = sysctl_num("kern.lwkt.nthreads");
	free1 = sysctl_num("vm.stats.vm.v_free_count");
	printf("# procs %lld->%lld vmspaces %lld->%lld objects %lld->%lld "
	    "threads %lld->%lld free %lld->%lld\n", procs0, procs1, vms0,
	    vms1, objs0, objs1, thr0, thr1, free0, free1);
	is_int(procs1, procs0, "no proc leak after 1000 forks");
	is_int(vms1, vms0, "no vmspace leak after 1000 forks");
	is_int(objs1, objs0, "no VM object leak after 1000 forks");
	ok(thr1 <= thr0, "no thread leak after 1000 forks");
	ok(free1 >= free0 - 64, "no page leak after 1000 forks");

	/* Copy-on-write, child to parent. */
	pid = fork();
	if (pid == 0) {
		global_x = 2;
		bss_buf[5] = 9;
		_exit(global_x == 2 && bss_buf[5] == 9 ? 0 : 1);
	}
	st = wait_status(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && global_x == 1 &&
	    bss_buf[5] == 0, "COW: the child's writes never reach the parent");

	/* Copy-on-write, parent to child: write after fork, child checks. */
	{
		int go[2], back[2];
		char c = 0;

		pipe(go);
		pipe(back);
		global_x = 10;
		pid = fork();
		if (pid == 0) {
			read(go[0], &c, 1);
			c = global_x == 10 && bss_buf[7] == 0 ? 'y' : 'n';
			write(back[1], &c, 1);
			_exit(0);
		}
		global_x = 11;
		bss_buf[7] = 3;
		write(go[1], "x", 1);
		read(back[0], &c, 1);
		wait_status(pid);
		ok(c == 'y', "COW: the parent's writes after fork never reach "
		    "the child");
		global_x = 1;
		bss_buf[7] = 0;
		close(go[0]); close(go[1]); close(back[0]); close(back[1]);
	}

	/* Anonymous MAP_SHARED against MAP_PRIVATE. */
	sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED,
	    -1, 0);
	pr = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
	    -1, 0);
	ok(sh != MAP_FAILED && pr != MAP_FAILED, "mmap anonymous shared and "
	    "private");
	ok(sh[0] == 0 && pr[100] == 0, "anonymous memory is zero-filled");
	*sh = 1;
	*pr = 1;
	pid = fork();
	if (pid == 0) {
		*sh = 7;
		*pr = 7;
		_exit(0);
	}
	wait_status(pid);
	ok(*sh == 7 && *pr == 1, "MAP_ANON: MAP_SHARED write seen by the "
	    "parent, MAP_PRIVATE not");
	pid = fork();
	if (pid == 0)
		_exit(*sh == 7 && *pr == 1 ? 0 : 1);
	is_int(WEXITSTATUS(wait_status(pid)), 0, "child inherits both "
	    "mappings' contents");
	is_int(munmap((void *)pr, PAGE), 0, "munmap");
	is_int(in_child(touch_unmapped, (void *)pr), 1000 + SIGSEGV,
	    "touching an unmapped page: SIGSEGV");
	munmap((void *)sh, PAGE);

	/*
	 * File-backed: MAP_SHARED read-only and MAP_PRIVATE read-write.  A
	 * writable MAP_SHARED file mapping stores into the file itself
	 * (t_mmap_file has the rest).
	 */
	fd = open("/tmp/t_vm.map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, "abcdefgh", 8) == 8 && ftruncate(fd, PAGE)
	    == 0, "file for mapping");
	sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ok(sh != MAP_FAILED, "writable MAP_SHARED file mapping")) {
		((volatile char *)sh)[8] = '!';
		memset(buf, 0, sizeof(buf));
		ok(pread(fd, buf, 9, 0) == 9 && memcmp(buf, "abcdefgh!", 9)
		    == 0, "a store through it is the file's ninth byte");
		((volatile char *)sh)[8] = 0;
		munmap((void *)sh, PAGE);
	}
	sh = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	pr = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	ok(sh != MAP_FAILED && pr != MAP_FAILED, "mmap a file shared "
	    "read-only and private read-write");
	if (sh != MAP_FAILED && pr != MAP_FAILED) {
		ok(memcmp((void *)sh, "abcdefgh", 8) == 0 &&
		    memcmp((void *)pr, "abcdefgh", 8) == 0,
		    "file mappings show the file's bytes");
		ok(((char *)sh)[8] == 0 && ((char *)pr)[PAGE - 1] == 0,
		    "the rest of the page past the data reads zero");
		pid = fork();
		if (pid == 0) {
			memcpy((void *)pr, "PRIVAT", 6);
			_exit(memcmp((void *)pr, "PRIVATgh", 8) == 0 ? 0 : 1);
		}
		st = wait_status(pid);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
		    memcmp((void *)pr, "abcdefgh", 8) == 0,
		    "file MAP_PRIVATE: the child's write stays in the child");
		memcpy((void *)pr, "mine", 4);
		memset(buf, 0, sizeof(buf));
		ok(pread(fd, buf, 8, 0) == 8 && memcmp(buf, "abcdefgh", 8) == 0
		    && memcmp((void *)pr, "mineefgh", 8) == 0,
		    "file MAP_PRIVATE: a write never reaches the file");
		is_int(in_child(touch_unmapped, (void *)sh), 1000 + SIGSEGV,
		    "a write to a read-only shared file mapping: SIGSEGV");
		munmap((void *)sh, PAGE);
		munmap((void *)pr, PAGE);
	}
	close(fd);
	unlink("/tmp/t_vm.map");
	errno = 0;
	ok(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED &&
	    errno == EBADF, "mmap of a bad descriptor: EBADF");
	errno = 0;
	ok(mmap(NULL, 0, PROT_READ, MAP_ANON | MAP_PRIVATE, -1, 0) ==
	    MAP_FAILED && errno == EINVAL, "mmap of length 0: EINVAL");
	errno = 0;
	ok(munmap((void *)(uintptr_t)0x1001, PAGE) == -1 && errno == EINVAL,
	    "munmap of a misaligned address: EINVAL");

	/* mprotect: a write to a PROT_READ page is a SIGSEGV we can handle. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
	    -1, 0);
	p[10] = 'a';
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = segv_fix;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	fix_page = p;
	is_int(mprotect(p, PAGE, PROT_READ), 0, "mprotect PROT_READ");
	ok(p[10] == 'a', "a read-only page still reads");
	/* volatile: the store must happen before the checks read. */
	*(volatile char *)&p[20] = 'b';
	if (!ok(fault_count == 1 && fault_sig == SIGSEGV &&
	    fault_addr == (void *)(p + 20) && p[20] == 'b',
	    "a write to it: SIGSEGV with si_addr, the handler fixes it"))
		printf("# count %d sig %d addr %p want %p byte %d\n",
		    fault_count, fault_sig, fault_addr, (void *)(p + 20),
		    p[20]);
	signal(SIGSEGV, SIG_DFL);
	munmap(p, PAGE);

	/* sbrk */
	b = sbrk(0);
	p = sbrk(65536);
	ok(b != (char *)-1 && p == b, "sbrk returns the old break");
	p[0] = 1;
	p[65535] = 2;
	ok(sbrk(0) == b + 65536 && p[0] == 1 && p[65535] == 2,
	    "sbrk grows the heap by exactly the increment");
	ok(sbrk(-65536) == b + 65536 && sbrk(0) == b, "sbrk shrinks it back");

	/* execve of ourselves and of #! scripts. */
	if (argv[0][0] == '/')
		snprintf(self, sizeof(self), "%s", argv[0]);
	else {
		getcwd(buf, sizeof(buf));
		snprintf(self, sizeof(self), "%s/%s", buf, argv[0]);
	}
	{
		char *av[] = { self, "child", "a b", NULL };

		is_int(run_capture(self, av, buf, sizeof(buf)), 42,
		    "execve: exit status 42");
		is_str(buf, "ARG0 child a b\n", "execve: argv arrives intact");
	}
	snprintf(script, sizeof(script), "#!%s child\n", self);
	write_file("/tmp/t_vm.script", script, 0755);
	{
		char *av[] = { "/tmp/t_vm.script", "extra", NULL };

		is_int(run_capture("/tmp/t_vm.script", av, buf, sizeof(buf)),
		    42, "#! script runs its interpreter");
		is_str(buf, "ARG0 child /tmp/t_vm.script extra\n",
		    "#! interpreter argv: interp, arg, script, args");
	}
	write_file("/tmp/t_vm.sh", "#!/bin/sh\necho shell $1\nexit 3\n",
	    0755);
	{
		char *av[] = { "t_vm.sh", "said", NULL };

		is_int(run_capture("/tmp/t_vm.sh", av, buf, sizeof(buf)), 3,
		    "#!/bin/sh script: exit status");
		is_str(buf, "shell said\n", "#!/bin/sh script: output");
	}
	write_file("/tmp/t_vm.noexec", "#!/bin/sh\nexit 0\n", 0644);
	{
		char *av[] = { "x", NULL };

		errno = 0;
		ok(execv("/tmp/t_vm.noexec", av) == -1 && errno == EACCES,
		    "execve of a file without x bits: EACCES");
	}
	unlink("/tmp/t_vm.script");
	unlink("/tmp/t_vm.sh");
	unlink("/tmp/t_vm.noexec");

	is_int(in_child(touch_kernel, NULL), 1000 + SIGSEGV,
	    "a store to a kernel address: SIGSEGV");
	{
		struct timespec t0, t1, d = { 0, 50000000 };
		long long ns;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		is_int(nanosleep(&d, NULL), 0, "nanosleep 50 ms");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL +
		    (t1.tv_nsec - t0.tv_nsec);
		ok(ns >= 50000000 && ns < 10000000000LL, "it slept at least "
		    "50 ms");
		d.tv_nsec = 1000000000;
		errno = 0;
		ok(nanosleep(&d, NULL) == -1 && errno == EINVAL,
		    "nanosleep with tv_nsec 1e9: EINVAL");
	}
	st = in_child(creds, NULL);
	if (!is_int(st, 0, "setsid, getpgid, getsid, setuid(1000) and the "
	    "EPERMs after it"))
		printf("# bits %d\n", st);

	/* Out of memory. */
	errno = 0;
	ok(mmap(NULL, (size_t)1 << 48, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == ENOMEM,
	    "mmap larger than user space: ENOMEM");
	/*
	 * Two rounds of both hogs: the first warms the kernel's caches
	 * (kmalloc slabs, page-table pages), the second is measured, so a
	 * real leak shows as pages missing after it.
	 */
	for (i = 0; i < 2; i++) {
		usleep(200000);
		free0 = sysctl_num("vm.stats.vm.v_free_count");
		st = in_child(hog, NULL);
		printf("# memory hog ended with %d\n", st);
		ok(st == 12 || st == 1000 + SIGKILL || st == 1000 + SIGSEGV,
		    "a process that maps and touches until failure gets "
		    "ENOMEM or is killed");
		st = in_child(sbrk_hog, NULL);
		printf("# sbrk hog ended with %d\n", st);
		ok(st == 12 || st == 1000 + SIGKILL || st == 1000 + SIGSEGV,
		    "a process that sbrks until failure gets ENOMEM or is "
		    "killed");
		pid = fork();
		if (pid == 0)
			_exit(0);
		st = wait_status(pid);
		ok(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "the system still forks after the hogs");
		usleep(200000);
		free1 = sysctl_num("vm.stats.vm.v_free_count");
		printf("# free pages %lld before the hogs, %lld after\n",
		    free0, free1);
	}
	ok(free1 >= free0 - 64, "the hogs' pages come back");
	return (done());
}
