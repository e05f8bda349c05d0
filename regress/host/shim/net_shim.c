/*
 * net_shim.c: the clock services the network stack (sys/net,
 * sys/netinet) uses, for host tests and fuzz targets that link it: hz and
 * ticks, and callouts that run only when the test says time has passed
 * (shim_callout_tick), so timers are deterministic: the reassembly
 * timeout of ip_input.c fires after exactly as many half-second ticks as
 * it would in the kernel, and never behind the test's back.
 *
 * Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/callout.h>
#include <sys/sysctl.h>
#include <sys/random.h>

#include "net_shim.h"

int hz = HZ;

/*
 * The kernel's generator (kern/kern_random.c) for tcp_init's secret: a
 * fixed byte stream, so that runs are reproducible.
 */
void
read_random(void *buf, size_t len)
{
	static uint8_t next = 0x5a;
	uint8_t *p = buf;

	while (len-- > 0)
		*p++ = next++;
}

volatile uint64_t ticks;

#define SHIM_NCALLOUTS	32

static struct callout *pending[SHIM_NCALLOUTS];

void
callout_init_mp(struct callout *c)
{
	memset(c, 0, sizeof(*c));
}

void
callout_reset(struct callout *c, int delay, void (*fn)(void *), void *arg)
{
	int i, free = -1;

	c->c_func = fn;
	c->c_arg = arg;
	c->c_time = ticks + (uint64_t)MAX(delay, 1);
	c->c_flags |= CALLOUT_PENDING | CALLOUT_ACTIVE;
	for (i = 0; i < SHIM_NCALLOUTS; i++) {
		if (pending[i] == c)
			return;
		if (pending[i] == NULL && free < 0)
			free = i;
	}
	if (free < 0)
		panic("callout_reset: more than %d callouts", SHIM_NCALLOUTS);
	pending[free] = c;
}

int
callout_stop(struct callout *c)
{
	int i, was = (c->c_flags & CALLOUT_PENDING) != 0;

	for (i = 0; i < SHIM_NCALLOUTS; i++)
		if (pending[i] == c)
			pending[i] = NULL;
	c->c_flags &= ~(CALLOUT_PENDING | CALLOUT_ACTIVE);
	return (was);
}

/*
 * Let n clock ticks pass, running each callout as its time comes, in
 * time order (jumping from one to the next, so a long wait is cheap).
 */
void
shim_callout_tick(int n)
{
	uint64_t end = ticks + (uint64_t)n;
	struct callout *c;
	int i, first;

	for (;;) {
		first = -1;
		for (i = 0; i < SHIM_NCALLOUTS; i++)
			if (pending[i] != NULL && pending[i]->c_time <= end &&
			    (first < 0 ||
			    pending[i]->c_time < pending[first]->c_time))
				first = i;
		if (first < 0)
			break;
		c = pending[first];
		pending[first] = NULL;
		if (c->c_time > ticks)
			ticks = c->c_time;
		c->c_flags &= ~CALLOUT_PENDING;
		c->c_func(c->c_arg);
	}
	ticks = end;
}

int
sysctl_handle_64(SYSCTL_HANDLER_ARGS)
{
	uint64_t v = (oidp->oid_arg1 != NULL) ? *(uint64_t *)oidp->oid_arg1 :
	    (uint64_t)oidp->oid_arg2;

	return (SYSCTL_OUT(req, &v, sizeof(v)));
}
