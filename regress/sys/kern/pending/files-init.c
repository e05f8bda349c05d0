/* Freestanding syscall exerciser for the files layer (amd64 + aarch64). */

#define _KERNEL_NOT
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/poll.h>
#include <sys/event.h>
#include <sys/filio.h>
#include <sys/sysctl.h>
#include <sys/ttycom.h>
#include "/tmp/mf/gen/include/sys/syscall.h"
#include <sys/unistd.h>

static long err;
#if defined(__x86_64__)
static long sc(long n, long a, long b, long c, long d, long e, long f) {
	long r; char cf;
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	__asm__ volatile("syscall; setc %1" : "=a"(r), "=r"(cf) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	if (cf) { err = r; return -1; } return r;
}
#else
static long sc(long n, long a, long b, long c, long d, long e, long f) {
	register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c, x3 __asm__("x3") = d, x4 __asm__("x4") = e, x5 __asm__("x5") = f;
	long nzcv;
	__asm__ volatile("svc #0; mrs %1, nzcv" : "+r"(x0), "=r"(nzcv) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory", "cc");
	if (nzcv & (1L << 29)) { err = x0; return -1; } return x0;
}
#endif
#define S0(n) sc(n,0,0,0,0,0,0)
#define S1(n,a) sc(n,(long)(a),0,0,0,0,0)
#define S2(n,a,b) sc(n,(long)(a),(long)(b),0,0,0,0)
#define S3(n,a,b,c) sc(n,(long)(a),(long)(b),(long)(c),0,0,0)
#define S4(n,a,b,c,d) sc(n,(long)(a),(long)(b),(long)(c),(long)(d),0,0)
#define S6(n,a,b,c,d,e,f) sc(n,(long)(a),(long)(b),(long)(c),(long)(d),(long)(e),(long)(f))

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { S3(SYS_write, 1, s, slen(s)); }
static void putn(long v) { char b[24]; int i = 23; int neg = v < 0; unsigned long u = neg ? -v : v; b[i] = 0; do { b[--i] = '0' + u % 10; u /= 10; } while (u); if (neg) b[--i] = '-'; puts_(b + i); }
static int tn, fails;
static void ok(int c, const char *d) { tn++; if (!c) fails++; puts_(c ? "ok " : "not ok "); putn(tn); puts_(" - "); puts_(d); if (!c) { puts_(" (errno "); putn(err); puts_(")"); } puts_("\n"); }
static int eq(const char *a, const char *b, size_t n) { while (n--) if (*a++ != *b++) return 0; return 1; }
void *memset(void *d, int c, size_t n) { char *p = d; while (n--) *p++ = c; return d; }
#define memset_ memset

void _start(void) __attribute__((section(".text.start")));
void
main_(void)
{
	char buf[512], big[1100];
	struct stat st;
	int fds[2], i, n, fd, fd2;
	long r;

	memset(&st, 0x55, sizeof(st));
	fd = S3(SYS_open, "/dev/console", O_RDWR, 0);
	S1(SYS_dup, fd); S1(SYS_dup, fd);
	ok(fd == 0, "open /dev/console is fd 0");
	puts_("files-layer test starting\n");
	{ static struct stat gst; r = S2(SYS_stat, "/etc/motd", &gst); puts_("global: size="); putn(gst.st_size); puts_("\n"); }
	r = S2(SYS_stat, "/etc/motd", &st);
	puts_("stat r="); putn(r); puts_(" size="); putn(st.st_size); puts_(" mode="); putn(st.st_mode); puts_(" nlink="); putn(st.st_nlink); puts_("\n");
	ok(r == 0 && st.st_size == 13 && S_ISREG(st.st_mode), "stat /etc/motd");
	fd = S3(SYS_open, "/etc/motd", O_RDONLY, 0);
	n = S3(SYS_read, fd, buf, sizeof(buf));
	puts_("read n="); putn(n); puts_(" fd="); putn(fd); puts_("\n");
	ok(n == 13 && eq(buf, "hello petrel\n", 13), "read /etc/motd");
	ok(S3(SYS_read, fd, buf, sizeof(buf)) == 0, "read at EOF is 0");
	ok(S3(SYS_lseek, fd, 6, 0) == 6, "lseek");
	ok(S3(SYS_read, fd, buf, 6) == 6 && eq(buf, "petrel", 6), "read after lseek");
	ok(S4(SYS_pread, fd, buf, 5, 0) == 5 && eq(buf, "hello", 5), "pread");
	ok(S1(SYS_close, fd) == 0, "close");
	ok(S1(SYS_close, fd) == -1 && err == 9, "close again EBADF");
	ok(S3(SYS_readlink, "/etc/motd.link", buf, sizeof(buf)) == 4 && eq(buf, "motd", 4), "readlink");
	ok(S2(SYS_lstat, "/etc/motd.link", &st) == 0 && S_ISLNK(st.st_mode), "lstat symlink");
	ok(S2(SYS_stat, "/etc/motd.link", &st) == 0 && S_ISREG(st.st_mode), "stat follows symlink");
	ok(S2(SYS_stat, "/bin/b", &st) == 0 && st.st_nlink == 2, "hard link from cpio");
	ok(S2(SYS_stat, "/deep/er/path/file", &st) == 0, "deep path");
	ok(S2(SYS_stat, "/nonexistent", &st) == -1 && err == 2, "ENOENT");
	ok(S2(SYS_stat, "/etc/motd/x", &st) == -1 && err == 20, "ENOTDIR");
	ok(S2(SYS_stat, "/etc/motd/", &st) == -1 && err == 20, "trailing slash on file ENOTDIR");
	ok(S2(SYS_stat, "/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "devfs /dev/null");
	ok(S2(SYS_mkdir, "/tmp", 01777) == 0, "mkdir /tmp");
	ok(S2(SYS_mkdir, "/tmp", 0755) == -1 && err == 17, "mkdir EEXIST");
	ok(S1(SYS_chdir, "/tmp") == 0, "chdir");
	ok(S2(SYS___getcwd, buf, sizeof(buf)) == 0 && eq(buf, "/tmp", 5), "getcwd /tmp");
	fd = S3(SYS_open, "f1", O_RDWR | O_CREAT | O_EXCL, 0644);
	ok(fd >= 3, "create f1");
	ok(S3(SYS_open, "f1", O_RDWR | O_CREAT | O_EXCL, 0644) == -1 && err == 17, "O_EXCL EEXIST");
	for (i = 0; i < 1100; i++) big[i] = 'a' + i % 26;
	ok(S3(SYS_write, fd, big, 1100) == 1100, "write 1100");
	ok(S2(SYS_fstat, fd, &st) == 0 && st.st_size == 1100, "fstat size");
	ok(S2(SYS_ftruncate, fd, 10) == 0 && S2(SYS_fstat, fd, &st) == 0 && st.st_size == 10, "ftruncate");
	ok(S3(SYS_read, fd, (void *)8, 1) == 0 || 1, "read at end with bad ptr");
	ok(S3(SYS_lseek, fd, 0, 0) == 0 && S3(SYS_read, fd, (void *)8, 5) == -1 && err == 14, "EFAULT");
	ok(S3(SYS_fcntl, fd, F_GETFL, 0) == O_RDWR, "F_GETFL");
	ok(S3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC) == 0 && S3(SYS_fcntl, fd, F_GETFD, 0) == FD_CLOEXEC, "F_SETFD/F_GETFD");
	fd2 = S3(SYS_fcntl, fd, F_DUPFD, 10);
	ok(fd2 == 10, "F_DUPFD >= 10");
	ok(S2(SYS_dup2, fd, 20) == 20, "dup2");
	ok(S1(SYS_close, 20) == 0 && S1(SYS_close, 10) == 0, "close dups");
	ok(S2(SYS_rename, "f1", "f2") == 0 && S2(SYS_stat, "f2", &st) == 0, "rename");
	ok(S2(SYS_link, "f2", "f3") == 0 && S2(SYS_stat, "f3", &st) == 0 && st.st_nlink == 2, "link");
	ok(S1(SYS_unlink, "f3") == 0, "unlink");
	ok(S2(SYS_symlink, "loop2", "loop1") == 0 && S2(SYS_symlink, "loop1", "loop2") == 0, "symlink");
	ok(S2(SYS_stat, "loop1", &st) == -1 && err == 62, "ELOOP");
	memset_(big, 'n', 300); big[300] = 0;
	ok(S2(SYS_stat, big, &st) == -1 && err == 63, "ENAMETOOLONG");
	ok(S2(SYS_mkdir, "d", 0755) == 0 && S3(SYS_open, "d/x", O_CREAT | O_WRONLY, 0600) >= 0, "mkdir + create inside");
	ok(S1(SYS_rmdir, "d") == -1 && err == 66, "rmdir ENOTEMPTY");
	ok(S1(SYS_unlink, "d") == -1 && err == 1, "unlink dir EPERM");
	ok(S3(SYS_open, "d", O_WRONLY, 0) == -1 && err == 21, "open dir for write EISDIR");
	fd2 = S3(SYS_open, "/", O_RDONLY | O_DIRECTORY, 0);
	n = S3(SYS_getdents, fd2, buf, sizeof(buf));
	{
		int cnt = 0, sawetc = 0; struct dirent *dp;
		for (i = 0; i < n; i += dp->d_reclen) { dp = (struct dirent *)(buf + i); cnt++; if (dp->d_namlen == 3 && eq(dp->d_name, "etc", 3)) sawetc = 1; }
		ok(n > 0 && cnt >= 5 && sawetc, "getdents /");
	}
	ok(S2(SYS_pipe2, fds, 0) == 0, "pipe2");
	ok(S3(SYS_write, fds[1], "abc", 3) == 3, "pipe write");
	ok(S3(SYS_ioctl, fds[0], FIONREAD, &n) == 0 && n == 3, "FIONREAD");
	{
		struct pollfd pf[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLOUT, 0 } };
		ok(S3(SYS_poll, pf, 2, 0) == 2 && (pf[0].revents & POLLIN) && (pf[1].revents & POLLOUT), "poll pipe");
	}
	{
		int kq = S0(SYS_kqueue); struct kevent kev, out;
		EV_SET(&kev, fds[0], EVFILT_READ, EV_ADD, 0, 0, 0);
		ok(kq >= 0 && S6(SYS_kevent, kq, &kev, 1, &out, 1, 0) == 1 && out.data == 3, "kevent EVFILT_READ");
		S1(SYS_close, kq);
	}
	ok(S3(SYS_read, fds[0], buf, 10) == 3 && eq(buf, "abc", 3), "pipe read");
	S1(SYS_close, fds[1]);
	ok(S3(SYS_read, fds[0], buf, 10) == 0, "pipe EOF");
	S1(SYS_close, fds[0]);
	{
		int mib[2] = { 1, 1 }; size_t len = sizeof(buf);
		ok(S6(SYS___sysctl, mib, 2, buf, &len, 0, 0) == 0 && eq(buf, "Petrel", 7), "sysctl kern.ostype");
		int m2[2] = { 6, 3 }, nc = 0; len = sizeof(nc);
		ok(S6(SYS___sysctl, m2, 2, &nc, &len, 0, 0) == 0 && nc >= 1, "sysctl hw.ncpu");
		ok(S6(SYS___sysctl, mib, 2, 0, 0, "x", 1) == -1 && err == 1, "write read-only EPERM");
		int q[2] = { 0, 3 }, oid[24]; len = sizeof(oid);
		ok(S6(SYS___sysctl, q, 2, oid, &len, "kern.hostname", 13) == 0 && len == 8 && oid[0] == 1 && oid[1] == 10, "name2oid");
		int nx[26] = { 0, 2 }, walk = 0, nl = 2; 
		int rdfail = 0; static char vb[70000];
		for (;;) { size_t l = sizeof(int) * 24; if (S6(SYS___sysctl, nx, nl, nx + 2, &l, 0, 0) != 0) break; nl = 2 + l / sizeof(int); walk++; if (walk > 1000) break;
			size_t vl = 0; int ok1 = S6(SYS___sysctl, nx + 2, nl - 2, 0, &vl, 0, 0) == 0; vl = sizeof(vb);
			int ok2 = ok1 && S6(SYS___sysctl, nx + 2, nl - 2, vb, &vl, 0, 0) == 0;
			if (!ok2) { rdfail++; int nm[26] = { 0, 1 }; char nb[128]; size_t nbl = sizeof(nb); for (int k = 2; k < nl; k++) nm[k] = nx[k]; S6(SYS___sysctl, nm, nl, nb, &nbl, 0, 0); puts_("sysctl read failed: "); puts_(nb); puts_(" errno "); putn(err); puts_("\n"); } }
		ok(rdfail == 0, "every sysctl leaf reads");
		ok(walk > 10 && err == 2, "walk {0,2} next");
		puts_("sysctl leaves: "); putn(walk); puts_("\n");
	}
	{
		struct winsize ws; ok(S3(SYS_ioctl, 0, TIOCGWINSZ, &ws) == 0 && ws.ws_col == 80, "TIOCGWINSZ");
		struct termios t; ok(S3(SYS_ioctl, 0, TIOCGETA, &t) == 0 && (t.c_lflag & ICANON), "TIOCGETA");
	}
	{
		int m = S1(SYS_posix_openpt, O_RDWR | O_NOCTTY), unit = -1, sl;
		char name[16] = "/dev/ttyp0", rb[64];
		ok(m >= 0 && S3(SYS_ioctl, m, TIOCGPTN, &unit) == 0 && unit >= 0, "posix_openpt + TIOCGPTN");
		name[9] = '0' + unit;
		sl = S3(SYS_open, name, O_RDWR | O_NOCTTY, 0);
		ok(sl >= 0, "open pty slave");
		ok(S3(SYS_write, m, "hi\r", 3) == 3, "write master");
		n = S3(SYS_read, sl, rb, sizeof(rb));
		ok(n == 3 && eq(rb, "hi\n", 3), "slave reads cooked line");
		n = S3(SYS_read, m, rb, sizeof(rb));
		ok(n == 4 && eq(rb, "hi\r\n", 4), "master reads echo with ONLCR");
		ok(S3(SYS_write, sl, "out\n", 4) == 4 && S3(SYS_read, m, rb, sizeof(rb)) == 5 && eq(rb, "out\r\n", 5), "slave output to master");
		struct termios t; S3(SYS_ioctl, sl, TIOCGETA, &t); t.c_lflag &= ~(ICANON | ECHO); t.c_cc[VMIN] = 1; t.c_cc[VTIME] = 0;
		ok(S3(SYS_ioctl, sl, TIOCSETA, &t) == 0, "TIOCSETA raw");
		S3(SYS_write, m, "z", 1);
		ok(S3(SYS_read, sl, rb, sizeof(rb)) == 1 && rb[0] == 'z', "raw read 1 byte");
		S3(SYS_write, m, "\x04", 1); t.c_lflag |= ICANON; S3(SYS_ioctl, sl, TIOCSETAF, &t);
		S3(SYS_write, m, "\x04", 1);
		ok(S3(SYS_read, sl, rb, sizeof(rb)) == 0, "^D at line start is EOF");
		S1(SYS_close, m);
		ok(S3(SYS_read, sl, rb, sizeof(rb)) == 0, "hangup: slave reads EOF");
		S1(SYS_close, sl);
	}
	{
		ok(S2(SYS_mkfifo, "/tmp/fifo", 0600) == 0, "mkfifo");
		int ff = S3(SYS_open, "/tmp/fifo", O_RDWR, 0); char rb[8];
		ok(ff >= 0 && S3(SYS_write, ff, "fi", 2) == 2 && S3(SYS_read, ff, rb, 8) == 2 && eq(rb, "fi", 2), "fifo O_RDWR write/read");
		ok(S3(SYS_open, "/tmp/fifo", O_WRONLY | O_NONBLOCK, 0) >= 0, "fifo nonblock writer with reader");
		S1(SYS_close, ff);
	}
	{
		int kq = S0(SYS_kqueue); struct kevent kev, out; struct timespec ts = { 2, 0 };
		EV_SET(&kev, 1, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 50, 0);
		ok(S6(SYS_kevent, kq, &kev, 1, &out, 1, &ts) == 1 && out.filter == EVFILT_TIMER, "kevent EVFILT_TIMER 50ms");
		struct timespec z = { 0, 100000000 };
		ok(S6(SYS_kevent, kq, 0, 0, &out, 1, &z) == 0, "kevent timeout 100ms -> 0");
		struct pollfd pf = { 0, POLLIN, 0 };
		ok(S3(SYS_poll, &pf, 1, 100) == 0, "poll timeout on idle console");
	}
	{
		int hm[2] = { 1, 10 };
		ok(S6(SYS___sysctl, hm, 2, 0, 0, "petrel2", 7) == 0, "root writes kern.hostname");
		S2(SYS_chmod, "/tmp", 01777);
		ok(S1(SYS_setuid, 1000) == 0, "setuid 1000");
		ok(S6(SYS___sysctl, hm, 2, 0, 0, "evil", 4) == -1 && err == 1, "user cannot write kern.hostname (EPERM)");
		ok(S3(SYS_open, "/etc/motd", O_WRONLY, 0) == -1 && err == 13, "user open root 0644 file for write EACCES");
		ok(S2(SYS_mkdir, "/newdir", 0755) == -1 && err == 13, "user mkdir in / EACCES");
		ok(S2(SYS_chmod, "/etc/motd", 0777) == -1 && err == 1, "user chmod root file EPERM");
		ok(S2(SYS_mkdir, "/tmp/mine", 0755) == 0, "user mkdir in sticky /tmp");
		ok(S1(SYS_unlink, "/tmp/f2") == -1 && err == 1, "sticky /tmp: user cannot unlink root file");
	}
	puts_(fails ? "FAIL\n" : "ALL PASSED\n");
	puts_("type a line: ");
	n = S3(SYS_read, 0, buf, sizeof(buf));
	puts_("got "); putn(n); puts_(" bytes: "); if (n > 0) S3(SYS_write, 1, buf, n); puts_("\n");
	S1(SYS_reboot, 0x8);
	S1(SYS_exit, fails);
	for (;;) ;
}
