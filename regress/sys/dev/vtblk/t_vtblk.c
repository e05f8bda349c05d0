/*
 * t_vtblk: the virtio-blk driver through /dev/vtbd0, on the disk
 * tools/vmtest.py --vtblk attaches (8192 sectors; sector n starts with
 * "vtbd sector n" zero-padded to 32 bytes, then bytes (n + i) & 0xff).
 * Exact data on single-sector, multi-sector and multi-request reads, a
 * write read back, the end of the device (read 0 bytes, write ENOSPC),
 * and the errors: unaligned offsets and lengths (EINVAL), a bad buffer
 * (EFAULT).  Without a virtio-blk function on PCI there is nothing to
 * test and the test says so (skip).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define SECTORS	8192

static void
pattern(unsigned n, unsigned char *s)
{
	int i;

	memset(s, 0, 32);
	snprintf((char *)s, 32, "vtbd sector %u", n);
	for (i = 32; i < 512; i++)
		s[i] = (n + i) & 0xff;
}

/* Do `len' bytes read at sector `first' hold the pattern? */
static int
check(const unsigned char *buf, unsigned first, size_t len)
{
	unsigned char want[512];
	size_t off;

	for (off = 0; off < len; off += 512) {
		pattern(first + off / 512, want);
		if (memcmp(buf + off, want, 512) != 0) {
			printf("# sector %zu differs\n", first + off / 512);
			return (0);
		}
	}
	return (1);
}

static ssize_t
read_at(int fd, off_t off, void *buf, size_t len)
{
	if (lseek(fd, off, SEEK_SET) != off)
		return (-1);
	return (read(fd, buf, len));
}

static ssize_t
write_at(int fd, off_t off, const void *buf, size_t len)
{
	if (lseek(fd, off, SEEK_SET) != off)
		return (-1);
	return (write(fd, buf, len));
}

int
main(void)
{
	static char devs[16384];
	static unsigned char buf[160 * 1024], w[1024];
	size_t len = sizeof(devs);
	ssize_t n;
	int fd, i;

	if (sysctlbyname("hw.pci.devices", devs, &len, NULL, 0) != 0 ||
	    (strstr(devs, "vendor=0x1af4 device=0x1001") == NULL &&
	    strstr(devs, "vendor=0x1af4 device=0x1042") == NULL)) {
		printf("ok 1 # SKIP no virtio-blk on PCI\n");
		return (0);
	}
	ok(strstr(devs, "vtbd0@pci0:") != NULL, "hw.pci.devices names vtbd0");
	fd = open("/dev/vtbd0", O_RDWR);
	if (!ok(fd >= 0, "open /dev/vtbd0"))
		return (done());

	n = read_at(fd, 0, buf, 512);
	is_int(n, 512, "read sector 0: 512 bytes");
	ok(check(buf, 0, 512), "sector 0 holds its pattern");
	n = read_at(fd, 1000 * 512, buf, 4096);
	is_int(n, 4096, "read 8 sectors at 1000");
	ok(check(buf, 1000, 4096), "sectors 1000-1007 hold their pattern");
	/* 160 KiB: three requests of at most 64 KiB. */
	n = read_at(fd, 7 * 512, buf, sizeof(buf));
	is_int(n, sizeof(buf), "read 160 KiB at sector 7");
	ok(check(buf, 7, sizeof(buf)), "all 320 sectors hold their pattern");
	n = read_at(fd, (off_t)(SECTORS - 1) * 512, buf, 1024);
	is_int(n, 512, "a read across the end stops at the end");
	ok(check(buf, SECTORS - 1, 512), "the last sector holds its pattern");
	is_int(read_at(fd, (off_t)SECTORS * 512, buf, 512), 0,
	    "a read at the end: 0 bytes");

	for (i = 0; i < (int)sizeof(w); i++)
		w[i] = (unsigned char)(0xa5 ^ i);
	is_int(write_at(fd, 5 * 512, w, sizeof(w)), sizeof(w),
	    "write sectors 5-6");
	memset(buf, 0, 2048);
	is_int(read_at(fd, 4 * 512, buf, 2048), 2048, "read sectors 4-7");
	ok(memcmp(buf + 512, w, sizeof(w)) == 0, "sectors 5-6 read back");
	ok(check(buf, 4, 512) && check(buf + 1536, 7, 512),
	    "neighbours 4 and 7 unchanged");

	errno = 0;
	is_int(write_at(fd, (off_t)SECTORS * 512, w, 512), -1,
	    "a write at the end fails");
	is_int(errno, ENOSPC, "... with ENOSPC");
	errno = 0;
	is_int(read_at(fd, 100, buf, 512), -1, "unaligned offset fails");
	is_int(errno, EINVAL, "... with EINVAL");
	errno = 0;
	is_int(read_at(fd, 512, buf, 100), -1, "partial sector fails");
	is_int(errno, EINVAL, "... with EINVAL");
	errno = 0;
	is_int(read_at(fd, 512, (void *)8, 512), -1, "bad buffer fails");
	is_int(errno, EFAULT, "... with EFAULT");
	ok(close(fd) == 0, "close");
	return (done());
}
