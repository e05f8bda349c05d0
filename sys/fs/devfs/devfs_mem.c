/*
 * The memory-like devices: /dev/null (discards, reads EOF), /dev/zero
 * (reads zeros), /dev/random and /dev/urandom (read pseudo-random bytes),
 * and the getrandom(2) system call over the same generator.
 *
 * The generator is NOT cryptographically strong: a 64-bit state stirred
 * with the cycle counter on every call and whitened with the splitmix64
 * finaliser.  Good enough for temporary names and hash seeds; a real
 * entropy pool (ChaCha20 keyed from interrupt timing and RDRAND/RNDR)
 * is still to be written.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/spinlock.h>
#include <sys/uio.h>
#include <sys/poll.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <machine/cpufunc.h>
#include <fs/devfs/devfs.h>

#define MEM_NULL	0
#define MEM_ZERO	1
#define MEM_RANDOM	2

static struct spinlock rnd_spin = SPINLOCK_INITIALIZER("random");
static uint64_t rnd_state;

static uint64_t
rnd_next(void)
{
	uint64_t z;

	spin_lock(&rnd_spin);
	rnd_state += 0x9e3779b97f4a7c15ULL ^ (cpu_cycles() << 17);
	z = rnd_state;
	spin_unlock(&rnd_spin);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

void
read_random(void *buf, size_t len)
{
	uint64_t v;
	char *p = buf;
	size_t n;

	while (len > 0) {
		v = rnd_next();
		n = MIN(len, sizeof(v));
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

static int
mem_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	char buf[256];
	size_t n;
	int error = 0;

	if (dev->si_unit == MEM_NULL)
		return (0);
	if (dev->si_unit == MEM_ZERO)
		memset(buf, 0, sizeof(buf));
	while (uio->uio_resid > 0 && error == 0) {
		n = MIN((size_t)uio->uio_resid, sizeof(buf));
		if (dev->si_unit == MEM_RANDOM)
			read_random(buf, n);
		error = uiomove(buf, n, uio);
	}
	return (error);
}

static int
mem_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	/* Everything written is accepted and dropped. */
	uio->uio_offset += uio->uio_resid;
	uio->uio_resid = 0;
	return (0);
}

static int
mem_poll(struct cdev *dev, int events)
{
	return (events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM));
}

static struct cdevsw mem_cdevsw = {
	.d_name = "mem",
	.d_read = mem_read,
	.d_write = mem_write,
	.d_poll = mem_poll,
};

static void
mem_init(void *arg)
{
	rnd_state = cpu_cycles() ^ ((uint64_t)ticks << 32);
	make_dev(&mem_cdevsw, MEM_NULL, 0, 0, 0666, "null");
	make_dev(&mem_cdevsw, MEM_ZERO, 0, 0, 0666, "zero");
	make_dev(&mem_cdevsw, MEM_RANDOM, 0, 0, 0644, "random");
	make_dev(&mem_cdevsw, MEM_RANDOM, 0, 0, 0644, "urandom");
}
SYSINIT(memdev, SI_SUB_DRIVERS, SI_ORDER_SECOND, mem_init, NULL);

#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2

int
sys_getrandom(struct sysmsg *sysmsg, const struct getrandom_args *uap)
{
	char buf[256];
	size_t len = uap->buflen, done = 0, n;
	int error = 0;

	if (uap->flags & ~(GRND_NONBLOCK | GRND_RANDOM))
		return (EINVAL);
	if (len > 256 * 1024)
		len = 256 * 1024;
	while (done < len) {
		n = MIN(len - done, sizeof(buf));
		read_random(buf, n);
		error = copyout(buf, (char *)uap->buf + done, n);
		if (error != 0)
			break;
		done += n;
	}
	sysmsg->sysmsg_szresult = done;
	return (done > 0 ? 0 : error);
}
