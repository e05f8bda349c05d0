/*
 * The memory-like devices: /dev/null (discards, reads EOF), /dev/zero
 * (reads zeros), and /dev/random and /dev/urandom, two names for the
 * kernel's generator (kern/kern_random.c): reads wait until it is
 * seeded (EAGAIN with O_NONBLOCK), then never block; writes mix the
 * bytes into its pool without crediting them.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/uio.h>
#include <sys/poll.h>
#include <sys/random.h>
#include <sys/vnode.h>
#include <fs/devfs/devfs.h>

#define MEM_NULL	0
#define MEM_ZERO	1
#define MEM_RANDOM	2

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
	if (dev->si_unit == MEM_RANDOM) {
		error = random_wait_seeded(ioflag & IO_NDELAY);
		if (error == EWOULDBLOCK)
			return (EAGAIN);
		if (error != 0)
			return (error);
	}
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
	char buf[256];
	size_t n;
	int error = 0;

	if (dev->si_unit != MEM_RANDOM) {
		/* Everything written is accepted and dropped. */
		uio->uio_offset += uio->uio_resid;
		uio->uio_resid = 0;
		return (0);
	}
	/* Mixed in, never credited: the writer may know every byte. */
	while (uio->uio_resid > 0 && error == 0) {
		n = MIN((size_t)uio->uio_resid, sizeof(buf));
		error = uiomove(buf, n, uio);
		if (error == 0)
			random_add(buf, n, 0);
	}
	return (error);
}

static int
mem_poll(struct cdev *dev, int events)
{
	/* The generator is readable once seeded (a poller looks again). */
	if (dev->si_unit == MEM_RANDOM && !random_seeded())
		events &= ~(POLLIN | POLLRDNORM);
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
	make_dev(&mem_cdevsw, MEM_NULL, 0, 0, 0666, "null");
	make_dev(&mem_cdevsw, MEM_ZERO, 0, 0, 0666, "zero");
	make_dev(&mem_cdevsw, MEM_RANDOM, 0, 0, 0644, "random");
	make_dev(&mem_cdevsw, MEM_RANDOM, 0, 0, 0644, "urandom");
}
SYSINIT(memdev, SI_SUB_DRIVERS, SI_ORDER_SECOND, mem_init, NULL);
